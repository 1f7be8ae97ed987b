//! The bot the quiz tests drive: settings with short questions, a running bot over the
//! stand-in, `/quiz` commands and clicks, the messages it posts and edits, and reading a
//! posted question back into the [`Question`] it asks. Include beside `discord_standin` and
//! `discord_checks` (all as `#[path]` modules of the test crate).
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::oneshot;
use treatybot::config::{QuizTiming, Settings};
use treatybot::discord::render::escape;
use treatybot::discord::Bot;
use treatybot::quiz::{self, Question};

use crate::common;
use crate::discord_checks::{check_limits, data, is_ephemeral};
use crate::discord_standin::{CapturedRequest, StandIn};

pub const STEP: Duration = Duration::from_secs(20);
pub const COMMAND_ID: u64 = 1_300_000_000_000_000_001;
pub const STARTER: u64 = 1_300_000_000_000_000_700;
pub const ALICE: u64 = 1_300_000_000_000_000_701;
pub const BORIS: u64 = 1_300_000_000_000_000_702;
pub const CHIE: u64 = 1_300_000_000_000_000_703;
pub const MODERATOR: u64 = 1_300_000_000_000_000_704;
pub const BYSTANDER: u64 = 1_300_000_000_000_000_705;
/// The stand-in's member permissions plus Manage Messages (1 << 13).
pub const WITH_MANAGE_MESSAGES: &str = "2147609600";

pub fn name(user: u64) -> String {
    format!("user{user}")
}

pub fn settings(standin: &StandIn, data: &Path, question: Duration) -> Settings {
    let mut s = common::settings(data);
    s.discord.token = "test-token".into();
    s.discord.http_proxy = standin.base_url();
    s.discord.guild_ids = vec![standin.config().guild_id];
    s.quiz.test_timing = Some(QuizTiming {
        question,
        pause: Duration::from_millis(100),
    });
    s
}

/// A running bot; `stop` ends it cleanly.
pub struct Running {
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), treatybot::discord::DiscordError>>>,
}

impl Running {
    pub async fn start(standin: &StandIn, settings: &Settings) -> Running {
        Running::start_with(standin, settings, common::shared_engine()).await
    }

    pub async fn start_with(
        standin: &StandIn,
        settings: &Settings,
        engine: std::sync::Arc<treatybot::engine::Engine>,
    ) -> Running {
        let bot = Bot::connect(settings, engine, Some(standin.loopback_only_client()))
            .await
            .expect("bot connects");
        assert_eq!(bot.gateway_url().await, standin.gateway_url());
        let (stop, stopped) = oneshot::channel();
        let identifies = standin.gateway_stats().identifies;
        let task = tokio::spawn(bot.run_until(async {
            let _ = stopped.await;
        }));
        standin
            .wait_for_gateway(|s| s.identifies > identifies && s.live, STEP)
            .await
            .expect("bot gets READY");
        Running {
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn stop(mut self, standin: &StandIn) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let done = tokio::time::timeout(STEP, t)
                .await
                .expect("bot stops in time");
            done.expect("bot task").expect("bot ends without error");
        }
        assert!(
            standin.egress_attempts().is_empty(),
            "traffic tried to leave loopback"
        );
    }
}

/// An engine of the test's own over `settings` (its data directory), opened off the runtime.
pub async fn own_engine(settings: &Settings) -> std::sync::Arc<treatybot::engine::Engine> {
    let opened = settings.clone();
    let engine = tokio::task::spawn_blocking(move || {
        treatybot::engine::Engine::open(&opened)
            .expect("engine opens")
            .0
    })
    .await
    .expect("the engine opens on a blocking thread");
    std::sync::Arc::new(engine)
}

pub fn content(cb: &CapturedRequest) -> String {
    data(cb)["content"].as_str().unwrap_or_default().to_string()
}

pub fn channel_path(standin: &StandIn) -> String {
    format!("/api/v10/channels/{}/messages", standin.config().channel_id)
}

/// The `nth` (from 1) message the bot posts in the channel.
pub async fn posted(standin: &StandIn, nth: usize) -> Value {
    let path = channel_path(standin);
    let posts = standin
        .wait_for_requests(|r| r.is("POST", &path), nth, STEP)
        .await;
    assert!(posts.len() >= nth, "only {} messages posted", posts.len());
    let body = posts[nth - 1].body.clone().expect("message body");
    check_limits(&body);
    body
}

/// Whether an edit is a question's live count ("N answered"), in any language: it edits the
/// embed alone, where a reveal sets its disabled buttons and a closed quiz takes them away.
pub fn is_live_count(body: &Value) -> bool {
    body.get("components").is_none() && body["embeds"].is_array()
}

/// The `nth` (from 1) edit of a channel message that is not a live count: a reveal, or an
/// interrupted quiz closed.
pub async fn edited(standin: &StandIn, nth: usize) -> (String, Value) {
    let prefix = format!("{}/", channel_path(standin));
    let edits = standin
        .wait_for_requests(
            |r| {
                r.method == "PATCH"
                    && r.path.starts_with(&prefix)
                    && !r.body.as_ref().is_some_and(is_live_count)
            },
            nth,
            STEP,
        )
        .await;
    assert!(edits.len() >= nth, "only {} edits", edits.len());
    let e = &edits[nth - 1];
    let body = e.body.clone().expect("edit body");
    check_limits(&body);
    (e.path[prefix.len()..].to_string(), body)
}

pub async fn slash(standin: &StandIn, user: u64, sub: &str, options: Value) -> CapturedRequest {
    slash_as(standin, user, sub, options, None).await
}

pub async fn slash_as(
    standin: &StandIn,
    user: u64,
    sub: &str,
    options: Value,
    permissions: Option<&str>,
) -> CapturedRequest {
    let mut i = standin.slash_command(
        COMMAND_ID,
        "quiz",
        json!([{ "name": sub, "type": 1, "options": options }]),
        user,
    );
    if let Some(p) = permissions {
        i["member"]["permissions"] = json!(p);
    }
    standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .expect("dispatch");
    let cb = standin
        .wait_for_callback(&i, STEP)
        .await
        .unwrap_or_else(|| panic!("no answer to /quiz {sub}"));
    check_limits(data(&cb));
    cb
}

pub fn click_payload(standin: &StandIn, custom_id: &str, user: u64) -> Value {
    standin.component_click(custom_id, 42, user)
}

pub async fn send_click(standin: &StandIn, click: &Value) -> CapturedRequest {
    standin
        .dispatch("INTERACTION_CREATE", click.clone())
        .await
        .expect("dispatch");
    let cb = standin
        .wait_for_callback(click, STEP)
        .await
        .expect("click answered");
    check_limits(data(&cb));
    assert!(is_ephemeral(&cb), "button replies are private");
    cb
}

pub async fn click(standin: &StandIn, custom_id: &str, user: u64) -> String {
    content(&send_click(standin, &click_payload(standin, custom_id, user)).await)
}

/// The question a posted message asks, found among every question the bot's default candidate
/// passages yield (its sentence and answer do not depend on the seed; its choices do), laid out
/// as posted, and the custom ids of its four buttons.
pub fn question_of(message: &Value) -> (Question, Vec<String>) {
    let buttons = message["components"][0]["components"]
        .as_array()
        .expect("four buttons")
        .clone();
    assert_eq!(buttons.len(), 4);
    let labels: Vec<String> = buttons
        .iter()
        .map(|b| b["label"].as_str().unwrap()[3..].to_string())
        .collect();
    let ids = buttons
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap().to_string())
        .collect();
    let description = message["embeds"][0]["description"].as_str().unwrap();
    // The question is the description's first paragraph, in any language; the sentence in
    // it is the article's, as written.
    let asked = description.split("\n\n").next().unwrap_or_default();
    // Every question, not the varied bank of `quiz --dump`: a quiz may ask one the bank leaves
    // out for variety.
    let every = quiz::every(
        common::engine().seen_by(treatybot::engine::Audience::SHARED),
        0,
    )
    .unwrap();
    let mut found: Vec<Question> = every
        .into_iter()
        .filter(|q| asked.contains(&escape(&q.sentence)) && labels.contains(&q.right().to_string()))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "the question is one the articles yield: {labels:?}"
    );
    let mut q = found.remove(0);
    q.answer = labels.iter().position(|l| l == q.right()).unwrap();
    q.choices = labels;
    (q, ids)
}

/// Markdown escapes taken back out, to compare with the article's words.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| "\\*_~`|><[]()#".contains(*n)) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The lines of a table of scores (the top three carry a medal before their place).
pub fn standings_lines(description: &str) -> Vec<String> {
    description
        .lines()
        .filter(|l| l.contains("**") && l.contains(" points ("))
        .map(str::to_string)
        .collect()
}

pub fn points_of(line: &str) -> u64 {
    let after = line.split(" — ").nth(1).expect("— points");
    after.split(' ').next().unwrap().parse().unwrap()
}

/// `/quiz SUB` from `user` whose Discord is in `locale`.
pub async fn slash_in(
    standin: &StandIn,
    locale: &str,
    user: u64,
    sub: &str,
    options: Value,
) -> CapturedRequest {
    let mut i = standin.slash_command(
        COMMAND_ID,
        "quiz",
        json!([{ "name": sub, "type": 1, "options": options }]),
        user,
    );
    i["locale"] = json!(locale);
    standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .expect("dispatch");
    let cb = standin
        .wait_for_callback(&i, STEP)
        .await
        .unwrap_or_else(|| panic!("no answer to /quiz {sub}"));
    check_limits(data(&cb));
    cb
}

/// Asserts `text` is treatybot's words in `lang`: no English phrase of the catalogue outside
/// quotations, and some letters of the language's script.
pub fn in_language(lang: treatybot::present::Lang, what: &str, text: &str) {
    let english = common::english_in(text);
    assert!(english.is_empty(), "{what}: English {english:?} in {text}");
    assert!(
        common::in_script_of(lang, text),
        "{what} not in {lang}: {text}"
    );
}

/// A quiz's own words in a posted or edited message: its title, its footer, and the lines of
/// its description that are not the article's (the question, the choices, the quoted passage
/// and its source).
pub fn quiz_words(body: &Value) -> String {
    let e = &body["embeds"][0];
    let description = e["description"].as_str().unwrap_or_default();
    let question = description.split("\n\n").next().unwrap_or_default();
    let own: Vec<&str> = description
        .lines()
        .filter(|l| !question.contains(*l))
        .filter(|l| !l.starts_with("**A)") && !l.starts_with("**B)"))
        .filter(|l| !l.starts_with("**C)") && !l.starts_with("**D)"))
        .filter(|l| !l.starts_with('>') && !l.starts_with("— ") && !l.starts_with('`'))
        .collect();
    format!(
        "{}\n{}\n{}",
        e["title"].as_str().unwrap_or_default(),
        own.join("\n"),
        e["footer"]["text"].as_str().unwrap_or_default()
    )
}

/// A practice message's four choice buttons (as [`question_of`] reads a game's) and its Stop
/// button's custom id.
pub fn practice_buttons(message: &Value) -> (Value, String) {
    let buttons = message["components"][0]["components"]
        .as_array()
        .expect("a practice question has buttons");
    assert_eq!(buttons.len(), 5, "four choices and Stop");
    let stop = buttons[4]["custom_id"].as_str().unwrap().to_string();
    let mut choices = message.clone();
    choices["components"][0]["components"] = json!(buttons[..4]);
    (choices, stop)
}

/// Clicks a button that updates its own message (callback 7: a practice answer, a leaderboard
/// page) and returns the callback, within Discord's limits.
pub async fn click_updating(standin: &StandIn, custom_id: &str, user: u64) -> CapturedRequest {
    let click = click_payload(standin, custom_id, user);
    standin
        .dispatch("INTERACTION_CREATE", click.clone())
        .await
        .expect("dispatch");
    let cb = standin
        .wait_for_callback(&click, STEP)
        .await
        .expect("click answered");
    check_limits(data(&cb));
    assert_eq!(cb.callback_type(), Some(7), "the message itself is updated");
    cb
}

/// Clicks a practice button: the practice's own message is updated (callback 7).
pub async fn practice_click(standin: &StandIn, custom_id: &str, user: u64) -> Value {
    data(&click_updating(standin, custom_id, user).await).clone()
}

/// Any `/name` from `user` whose Discord is in `locale`, in a server whose locale is
/// `guild_locale`: the answer as sent (the callback's message, or the edit that brought a
/// deferred answer in), checked against Discord's limits.
pub async fn command_in(
    standin: &StandIn,
    (locale, guild_locale): (&str, &str),
    user: u64,
    name: &str,
    options: Value,
) -> Value {
    let mut i = standin.slash_command(COMMAND_ID, name, options, user);
    i["locale"] = json!(locale);
    i["guild_locale"] = json!(guild_locale);
    standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .expect("dispatch");
    let cb = standin
        .wait_for_callback(&i, STEP)
        .await
        .unwrap_or_else(|| panic!("no answer to /{name}"));
    if cb.callback_type() != Some(5) {
        check_limits(data(&cb));
        return data(&cb).clone();
    }
    let original = format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        standin.config().application_id,
        i["token"].as_str().unwrap()
    );
    let edit = standin
        .wait_for_request(|r| r.is("PATCH", &original), STEP)
        .await
        .expect("the deferred answer is edited in");
    let body = edit.body.clone().expect("edit body");
    check_limits(&body);
    body
}
