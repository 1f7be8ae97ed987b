//! The Discord bot through the real serenity client against a Discord stand-in on 127.0.0.1.
//!
//! Every wait is bounded; the bot's HTTP client can reach nothing but loopback, and the gateway
//! address is checked to be the stand-in's before the bot starts.

mod common;
#[path = "common/discord_checks.rs"]
mod discord_checks;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/serve_process.rs"]
mod serve_process;

use std::io::BufRead;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use discord_checks::{check_limits, data, is_ephemeral};
use discord_standin::{CapturedRequest, StandIn, StandInConfig};
use serde_json::{json, Value};
use serve_process::{serve_process, serve_process_with, wait_exit};
use tokio::sync::oneshot;
use treatybot::discord::Bot;
use treatybot::engine::Engine;

const STEP: Duration = Duration::from_secs(20);
const COMMAND_ID: u64 = 1_300_000_000_000_000_001;
const USER: u64 = 1_300_000_000_000_000_777;

/// A running bot and its stand-in; dropping it stops the bot.
struct Running {
    standin: StandIn,
    /// The bot's data directory (its quiz database); removed with the bot.
    _data: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), treatybot::discord::DiscordError>>>,
}

impl Running {
    async fn start() -> Running {
        Running::start_with(common::shared_engine(), common::temp_data_dir()).await
    }

    /// A bot answering from `engine`, its quiz database in `data`.
    async fn start_with(engine: Arc<Engine>, data: tempfile::TempDir) -> Running {
        let standin = StandIn::start().await;
        let mut settings = common::settings(data.path());
        settings.discord.token = "test-token".into();
        settings.discord.http_proxy = standin.base_url();
        settings.discord.guild_ids = vec![standin.config().guild_id];
        let bot = Bot::connect(&settings, engine, Some(standin.loopback_only_client()))
            .await
            .expect("bot connects");
        let gw = bot.gateway_url().await;
        assert_eq!(
            gw,
            standin.gateway_url(),
            "the bot must use the stand-in's gateway"
        );
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(bot.run_until(async {
            let _ = stopped.await;
        }));
        standin.wait_ready(STEP).await.expect("bot gets READY");
        Running {
            standin,
            _data: data,
            stop: Some(stop),
            task: Some(task),
        }
    }

    async fn slash(&self, name: &str, options: Value) -> CapturedRequest {
        let i = self.standin.slash_command(COMMAND_ID, name, options, USER);
        self.standin
            .dispatch("INTERACTION_CREATE", i.clone())
            .await
            .expect("dispatch");
        let cb = self
            .standin
            .wait_for_callback(&i, STEP)
            .await
            .unwrap_or_else(|| panic!("no answer to /{name}"));
        check_limits(data(&cb));
        cb
    }

    /// `/name` from a reader whose Discord is in `locale`, in a server whose locale is
    /// `guild_locale`; the answer is checked against every Discord limit.
    async fn slash_in(
        &self,
        locale: &str,
        guild_locale: &str,
        name: &str,
        options: Value,
    ) -> CapturedRequest {
        let mut i = self.standin.slash_command(COMMAND_ID, name, options, USER);
        i["locale"] = json!(locale);
        i["guild_locale"] = json!(guild_locale);
        self.dispatch_and_wait(&i).await
    }

    /// Dispatches an interaction and waits for its callback, checked against Discord's limits.
    async fn dispatch_and_wait(&self, i: &Value) -> CapturedRequest {
        self.standin
            .dispatch("INTERACTION_CREATE", i.clone())
            .await
            .expect("dispatch");
        let cb = self
            .standin
            .wait_for_callback(i, STEP)
            .await
            .unwrap_or_else(|| panic!("no answer to {}", i["data"]));
        check_limits(data(&cb));
        cb
    }

    async fn ask(&self, name: &str, option: &str, value: &str) -> CapturedRequest {
        self.slash(name, json!([{ "name": option, "type": 3, "value": value }]))
            .await
    }

    async fn stop(mut self) {
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
            self.standin.egress_attempts().is_empty(),
            "traffic tried to leave loopback"
        );
    }
}

fn all_text(cb: &CapturedRequest) -> String {
    data(cb).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_every_command_with_options_and_localisations() {
    let bot = Running::start().await;
    let cfg = bot.standin.config().clone();
    let path = format!(
        "/api/v10/applications/{}/guilds/{}/commands",
        cfg.application_id, cfg.guild_id
    );
    let put = bot
        .standin
        .wait_for_request(|r| r.is("PUT", &path), STEP)
        .await
        .expect("commands registered");
    let cmds = put.body.expect("body");
    let names: Vec<&str> = cmds
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["who", "when", "where", "what", "search", "ask", "timeline", "sources", "help", "quiz"]
    );
    for c in cmds.as_array().unwrap() {
        assert!(!c["description"].as_str().unwrap().is_empty());
        assert!(
            c["name_localizations"]["ja"].is_string() && c["name_localizations"]["ru"].is_string()
        );
        assert!(c["description_localizations"]["ja"].is_string());
    }
    let who = &cmds[0]["options"][0];
    assert_eq!(
        (
            who["name"].as_str(),
            who["max_length"].as_u64(),
            who["autocomplete"].as_bool()
        ),
        (Some("name"), Some(200), Some(true))
    );
    assert_eq!(
        cmds[6]["options"][0]["type"], 4,
        "/timeline takes integer years"
    );
    // Exactly one call per guild: registration replaces the set, so old commands do not pile up.
    let puts = bot
        .standin
        .requests()
        .iter()
        .filter(|r| r.is("PUT", &path))
        .count();
    assert_eq!(puts, 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_and_when_are_answered_with_cited_excerpts() {
    let bot = Running::start().await;
    let cb = bot.ask("who", "name", "Karasin").await;
    assert_eq!(cb.callback_type(), Some(4));
    let embeds = data(&cb)["embeds"].as_array().unwrap().clone();
    assert!(embeds[0]["description"]
        .as_str()
        .unwrap()
        .contains("Grigory Karasin — Russia's Deputy Foreign Minister"));
    let first = embeds[1]["description"].as_str().unwrap();
    assert!(first.contains("**Grigory Karasin**"), "{first}");
    assert!(first.contains("The Moscow Times · 1998 · ¶8"), "{first}");
    let title = embeds[1]["title"].as_str().unwrap();
    assert!(
        title.starts_with("[1] The Moscow Times · 1998 · Russia, Japan Set Up Peace Commission"),
        "{title}"
    );

    let cb = bot.ask("when", "date", "1956").await;
    let text = all_text(&cb);
    assert!(text.contains("declaration"));
    assert!(text.contains("TASS · 8 October 2015") && text.contains("TASS · 20 March 2017"));
    // No internal article ids (file names) anywhere in the reply.
    for cb in [&cb, &bot.ask("who", "name", "Karasin").await] {
        assert!(!all_text(cb).contains(".txt"), "{}", all_text(cb));
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_offers_people_places_and_years() {
    let bot = Running::start().await;
    let i = bot.standin.autocomplete(
        COMMAND_ID,
        "who",
        json!([{ "name": "name", "type": 3, "value": "kar", "focused": true }]),
        USER,
    );
    bot.standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .unwrap();
    let cb = bot
        .standin
        .wait_for_callback(&i, STEP)
        .await
        .expect("autocomplete answered");
    assert_eq!(cb.callback_type(), Some(8));
    let choices = data(&cb)["choices"].as_array().unwrap().clone();
    assert_eq!(choices[0]["value"], "Grigory Karasin");
    assert!(choices.len() <= 25);
    for c in &choices {
        for k in ["name", "value"] {
            assert!((1..=100).contains(&c[k].as_str().unwrap().chars().count()));
        }
    }
    let i = bot.standin.autocomplete(
        COMMAND_ID,
        "where",
        json!([{ "name": "place", "type": 3, "value": "etor", "focused": true }]),
        USER,
    );
    bot.standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .unwrap();
    let cb = bot.standin.wait_for_callback(&i, STEP).await.unwrap();
    assert_eq!(data(&cb)["choices"][0]["name"], "Iturup / Etorofu");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_suggests_people_typed_in_cyrillic_and_katakana() {
    // Officials of invented articles no rule was written from.
    let index = common::temp_data_dir();
    let engine = Arc::new(common::engine_over(
        index.path(),
        "tests/fixtures/names/articles",
        None,
    ));
    let bot = Running::start_with(engine, common::temp_data_dir()).await;
    for (typed, person) in [
        ("ドロズ", "Vyacheslav Drozdikov"),
        ("Жура", "Yekaterina Zhuravleva"),
    ] {
        let i = bot.standin.autocomplete(
            COMMAND_ID,
            "who",
            json!([{ "name": "name", "type": 3, "value": typed, "focused": true }]),
            USER,
        );
        bot.standin
            .dispatch("INTERACTION_CREATE", i.clone())
            .await
            .unwrap();
        let cb = bot
            .standin
            .wait_for_callback(&i, STEP)
            .await
            .expect("autocomplete answered");
        assert_eq!(data(&cb)["choices"][0]["value"], person, "{typed}");
    }
    // The suggested name then answers /who in the same script.
    let cb = bot
        .slash(
            "who",
            json!([{ "name": "name", "type": 3, "value": "ドロズディコフ" }]),
        )
        .await;
    assert!(all_text(&cb).contains("Vyacheslav Drozdikov"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_answers_page_with_buttons_anyone_can_use() {
    let bot = Running::start().await;
    let cb = bot.slash("timeline", json!([])).await;
    let row = data(&cb)["components"][0]["components"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(row[0]["disabled"], true, "no previous page on page 1");
    let next = row[1]["custom_id"].as_str().unwrap().to_string();
    let first_page = data(&cb)["embeds"][1]["description"]
        .as_str()
        .unwrap()
        .to_string();

    let click = bot.standin.component_click(&next, 42, USER + 1);
    bot.standin
        .dispatch("INTERACTION_CREATE", click.clone())
        .await
        .unwrap();
    let turned = bot
        .standin
        .wait_for_callback(&click, STEP)
        .await
        .expect("page turned");
    check_limits(data(&turned));
    assert_eq!(
        turned.callback_type(),
        Some(7),
        "the message is updated in place"
    );
    let second_page = data(&turned)["embeds"][1]["description"].as_str().unwrap();
    assert_ne!(second_page, first_page);
    assert!(data(&turned)["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Page 2 of"));
    let prev = data(&turned)["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();

    let back = bot.standin.component_click(&prev, 42, USER + 2);
    bot.standin
        .dispatch("INTERACTION_CREATE", back.clone())
        .await
        .unwrap();
    let again = bot.standin.wait_for_callback(&back, STEP).await.unwrap();
    assert_eq!(
        data(&again)["embeds"][1]["description"].as_str().unwrap(),
        first_page
    );

    // A button whose pages are gone gets a quiet note, not an error.
    let stale = bot.standin.component_click("tb:pm:n999999:1", 42, USER);
    bot.standin
        .dispatch("INTERACTION_CREATE", stale.clone())
        .await
        .unwrap();
    let note = bot.standin.wait_for_callback(&stale, STEP).await.unwrap();
    assert!(is_ephemeral(&note));
    assert!(data(&note)["content"].as_str().unwrap().contains("expired"));
    bot.stop().await;
}

/// What a reply says in treatybot's own words: its content, the answer embed's title,
/// description and footer, every footer, and the buttons' labels (the citations' excerpts and
/// headlines are the articles' words and stay as written).
fn own_words(cb: &CapturedRequest) -> String {
    let d = data(cb);
    let mut out = vec![d["content"].as_str().unwrap_or_default().to_string()];
    for (i, e) in d["embeds"].as_array().into_iter().flatten().enumerate() {
        if i == 0 {
            out.push(e["title"].as_str().unwrap_or_default().to_string());
            out.push(e["description"].as_str().unwrap_or_default().to_string());
        }
        out.push(e["footer"]["text"].as_str().unwrap_or_default().to_string());
    }
    for row in d["components"].as_array().into_iter().flatten() {
        for b in row["components"].as_array().into_iter().flatten() {
            out.push(b["label"].as_str().unwrap_or_default().to_string());
        }
    }
    out.join("\n")
}

/// Every answer command with an option that finds something, and one that finds nothing.
fn every_command() -> Vec<(&'static str, Value)> {
    let text = |option: &str, value: &str| json!([{ "name": option, "type": 3, "value": value }]);
    vec![
        ("who", text("name", "Karasin")),
        ("who", text("name", "Qwertyuiop Zxcvbnm")),
        ("when", text("date", "1956")),
        ("when", text("date", "Krasnoyarsk")),
        ("where", text("place", "Kunashiri")),
        ("where", text("place", "Qwertyuiopland")),
        ("what", text("topic", "jurisdiction of the islands")),
        ("search", text("text", "southern Sakhalin")),
        ("ask", text("question", "How many islands are in dispute?")),
        ("ask", text("question", "係争中の島はいくつですか?")),
        (
            "timeline",
            json!([{ "name": "from", "type": 4, "value": 1945 }]),
        ),
        (
            "timeline",
            json!([{ "name": "from", "type": 4, "value": 1800 }, { "name": "to", "type": 4, "value": 1801 }]),
        ),
        ("sources", json!([{ "name": "list", "type": 1 }])),
        ("help", json!([])),
        // Longer than any query may be: a usage error.
        ("who", text("name", &"K".repeat(300))),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_answers_in_the_readers_language() {
    use treatybot::present::Lang;
    let bot = Running::start().await;
    // The reader's own locale first; a locale treatybot does not speak falls back to the
    // server's.
    for (lang, locale, guild) in [(Lang::Ja, "ja", "en-US"), (Lang::Ru, "de", "ru")] {
        for (name, options) in every_command() {
            let cb = bot.slash_in(locale, guild, name, options.clone()).await;
            let said = own_words(&cb);
            let english = common::english_in(&said);
            assert!(
                english.is_empty(),
                "{lang} /{name} {options}: English {english:?} in {said}"
            );
            assert!(
                common::in_script_of(lang, &said),
                "{lang} /{name} {options}: {said}"
            );
        }
        // Buttons are worded too (Next, or Later events when every citation fits one page),
        // and what they turn to keeps the words.
        let cb = bot.slash_in(locale, guild, "timeline", json!([])).await;
        let footer = own_words(&cb);
        let next = data(&cb)["components"][0]["components"][1]["custom_id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut click = bot.standin.component_click(&next, 42, USER);
        click["locale"] = json!(locale);
        click["guild_locale"] = json!(guild);
        let turned = bot.dispatch_and_wait(&click).await;
        let turned_words = own_words(&turned);
        assert!(
            common::english_in(&turned_words).is_empty(),
            "{turned_words}"
        );
        assert!(common::in_script_of(lang, &footer), "{footer}");
        // A button whose pages are gone is answered in the clicker's language.
        let mut stale = bot.standin.component_click("tb:pm:n999999:1", 42, USER);
        stale["locale"] = json!(locale);
        stale["guild_locale"] = json!(guild);
        let note = bot.dispatch_and_wait(&stale).await;
        let note = own_words(&note);
        assert!(
            common::english_in(&note).is_empty() && common::in_script_of(lang, &note),
            "{note}"
        );
    }
    // /help names the commands and sub-commands as a Japanese picker shows them.
    let help = bot.slash_in("ja", "ja", "help", json!([])).await;
    let help = own_words(&help);
    for name in [
        "/誰",
        "/出典 一覧",
        "/出典 追加",
        "/出典 削除",
        "/クイズ 開始",
        "/クイズ 停止",
        "/クイズ ランキング",
        "/クイズ 自分",
    ] {
        assert!(help.contains(name), "{name} in {help}");
    }
    // English stays the default: a reader in English gets the catalogue's English.
    let who = bot
        .slash_in(
            "en-US",
            "ja",
            "who",
            json!([{ "name": "name", "type": 3, "value": "Qwertyuiop" }]),
        )
        .await;
    assert!(!common::english_in(&own_words(&who)).is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_an_ephemeral_note_and_pings_nobody() {
    let bot = Running::start().await;
    let long = "x".repeat(201);
    for (name, option, value) in [
        ("who", "name", "   "),
        ("search", "text", long.as_str()),
        ("who", "name", "Kara\u{7}sin"),
        ("ask", "question", "\n\t "),
    ] {
        let cb = bot.ask(name, option, value).await;
        assert!(
            is_ephemeral(&cb),
            "/{name} {value:?} should get an ephemeral note"
        );
        let msg = data(&cb)["content"].as_str().unwrap();
        assert!(!msg.is_empty() && !msg.contains("Error {"), "{msg}");
    }
    let cb = bot.ask("who", "name", "@everyone").await;
    let text = all_text(&cb);
    assert!(
        !text.contains("@everyone"),
        "echoed mention must be defused: {text}"
    );
    let cb = bot
        .ask(
            "search",
            "text",
            "**bold** `code` [link](http://example.com) <@123> @here",
        )
        .await;
    let heading = data(&cb)["embeds"][0]["title"].as_str().unwrap();
    assert!(
        heading.contains("\\*\\*bold\\*\\*") && heading.contains("\\[link\\]"),
        "{heading}"
    );
    assert!(!heading.contains("@here"));
    for (name, option, value) in [
        ("where", "place", "北方領土"),
        ("ask", "question", "Кто такой Лавров?"),
        ("search", "text", "\"(:AND*~^\\"),
    ] {
        let cb = bot.ask(name, option, value).await;
        assert_eq!(cb.callback_type(), Some(4));
        assert!(!is_ephemeral(&cb), "/{name} {value} is a fair question");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_longest_answers_fit_discord() {
    let bot = Running::start().await;
    bot.slash("help", json!([])).await;
    bot.slash("sources", json!([])).await;
    bot.slash("timeline", json!([{ "name": "from", "type": 4, "value": 1945 }, { "name": "to", "type": 4, "value": 2017 }])).await;
    for (name, option, value) in [
        ("where", "place", "Japan"),
        ("who", "name", "Putin"),
        ("search", "text", "peace treaty Russia Japan islands"),
        ("where", "place", "Northern Territories"),
    ] {
        let cb = bot.ask(name, option, value).await;
        assert!(
            data(&cb)["embeds"].as_array().unwrap().len() >= 2,
            "/{name} {value}"
        );
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_with_only_an_end_year_reads_up_to_it() {
    let bot = Running::start().await;
    let cb = bot
        .slash(
            "timeline",
            json!([{ "name": "to", "type": 4, "value": 1960 }]),
        )
        .await;
    let shown = data(&cb).to_string();
    assert!(shown.contains("up to 1960"), "{shown}");
    bot.stop().await;
}

/// A slash command's answer as sent: the message body and its files, from the callback, or
/// from the edit that brought the answer in when it was deferred (then `true`).
async fn answered_with_files(
    bot: &Running,
    name: &str,
    options: Value,
) -> (Value, Vec<discord_standin::UploadedFile>, bool) {
    let i = bot.standin.slash_command(COMMAND_ID, name, options, USER);
    answer_of(bot, &i).await
}

/// The answer to interaction `i` as sent, as [`answered_with_files`] gives it.
async fn answer_of(bot: &Running, i: &Value) -> (Value, Vec<discord_standin::UploadedFile>, bool) {
    bot.standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .expect("dispatch");
    let cb = bot
        .standin
        .wait_for_callback(i, STEP)
        .await
        .unwrap_or_else(|| panic!("no answer to {}", i["data"]));
    if cb.callback_type() != Some(5) {
        check_limits(data(&cb));
        return (data(&cb).clone(), cb.files(), false);
    }
    let original = format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        bot.standin.config().application_id,
        i["token"].as_str().unwrap()
    );
    let edit = bot
        .standin
        .wait_for_request(|r| r.is("PATCH", &original), STEP)
        .await
        .expect("the deferred answer is edited in");
    let body = edit.body.clone().expect("edit body");
    check_limits(&body);
    (body, edit.files(), true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_attaches_its_picture_above_citations_titled_by_date() {
    let bot = Running::start().await;
    let years = json!([
        { "name": "from", "type": 4, "value": 1945 },
        { "name": "to", "type": 4, "value": 1960 }
    ]);
    let (body, files, _) = answered_with_files(&bot, "timeline", years).await;
    assert_eq!(files.len(), 1, "one picture");
    assert_eq!(files[0].filename, treatybot::picture::FILE_NAME);
    assert_eq!(body["attachments"][0]["filename"], "timeline.png");
    // The same events the engine gives for the same typed years, one marker each.
    let engine = common::shared_engine();
    let answer = tokio::task::spawn_blocking(move || {
        let span = treatybot::engine::YearSpan::new(Some(1945), Some(1960));
        engine
            .seen_by(treatybot::engine::Audience::SHARED)
            .answer(&treatybot::engine::Command::timeline(span))
            .expect("answered")
    })
    .await
    .unwrap();
    let events = answer.timeline.as_ref().unwrap().events.len();
    assert!(events > 1);
    let (width, _, _) = common::decode_png(&files[0].bytes);
    assert_eq!(width, treatybot::picture::layout::WIDTH);
    assert_eq!(common::timeline_markers(&files[0].bytes), events);
    // Below it, each citation titled by its number and date.
    let embeds = body["embeds"].as_array().unwrap().clone();
    let first = embeds[1]["title"].as_str().unwrap();
    assert!(first.starts_with("[1] 19"), "{first}");
    assert!(embeds[0]["description"]
        .as_str()
        .unwrap()
        .contains("from 1945 to 1960"));

    // Turning a page sends the picture again: an update lists the message's files anew.
    let (body, files, _) = answered_with_files(&bot, "timeline", json!([])).await;
    assert_eq!(files.len(), 1);
    let next = body["components"][0]["components"][1]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    let click = bot.standin.component_click(&next, 42, USER);
    bot.standin
        .dispatch("INTERACTION_CREATE", click.clone())
        .await
        .unwrap();
    let turned = bot
        .standin
        .wait_for_callback(&click, STEP)
        .await
        .expect("page turned");
    assert_eq!(turned.callback_type(), Some(7));
    let again = turned.files();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].bytes, files[0].bytes, "the same picture");

    // `/when` with more than a few dated events is drawn too; an answer without them is not.
    let (_, files, _) = answered_with_files(
        &bot,
        "when",
        json!([{ "name": "date", "type": 3, "value": "2016" }]),
    )
    .await;
    assert_eq!(files.len(), 1, "/when 2016 has five dated events");
    assert_eq!(common::timeline_markers(&files[0].bytes), 5);
    let cb = bot.ask("who", "name", "Karasin").await;
    assert!(cb.files().is_empty() && cb.multipart_parts.is_empty());
    bot.stop().await;
}

/// A `/timeline` with more events than one answer holds is turned a window at a time by the
/// "later events" button, in the reader's language, each window with its picture, until every
/// event has been shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_later_events_button_reaches_every_event_of_a_long_timeline() {
    let bot = Running::start().await;
    let engine = common::shared_engine();
    let total = tokio::task::spawn_blocking(move || {
        engine
            .seen_by(treatybot::engine::Audience::SHARED)
            .answer(&treatybot::engine::Command::timeline(Default::default()))
            .expect("answered")
            .timeline
            .expect("a timeline")
            .total
    })
    .await
    .unwrap();
    assert!(total > 25, "the seeds hold more events than one window");
    for locale in ["ja", "ru", "en-US"] {
        // A busy machine may take past the deadline: the answer is then edited in.
        let mut i = bot
            .standin
            .slash_command(COMMAND_ID, "timeline", json!([]), USER);
        i["locale"] = json!(locale);
        let (mut body, files, _) = answer_of(&bot, &i).await;
        let mut shown = common::timeline_markers(&files[0].bytes);
        let mut windows = 1;
        loop {
            let row = body["components"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| {
                    r["components"][0]["custom_id"]
                        .as_str()
                        .unwrap()
                        .starts_with("tb:tl:")
                })
                .expect("the window buttons")
                .clone();
            let (earlier, later) = (&row["components"][0], &row["components"][1]);
            assert_eq!(earlier["disabled"].as_bool().unwrap_or(false), windows == 1);
            if later["disabled"].as_bool().unwrap_or(false) {
                break;
            }
            assert!(windows < 20, "the later events end");
            let mut click =
                bot.standin
                    .component_click(later["custom_id"].as_str().unwrap(), 42, USER);
            click["locale"] = json!(locale);
            let turned = bot.dispatch_and_wait(&click).await;
            assert_eq!(
                turned.callback_type(),
                Some(7),
                "the message shows the next window"
            );
            let files = turned.files();
            assert_eq!(files.len(), 1, "each window has its picture");
            shown += common::timeline_markers(&files[0].bytes);
            body = data(&turned).clone();
            let words = own_words(&turned);
            if locale != "en-US" {
                assert!(common::english_in(&words).is_empty(), "{locale}: {words}");
            }
            windows += 1;
        }
        assert_eq!(shown, total, "{locale}: every event is drawn once");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_interactions_at_once_are_all_answered() {
    let bot = Running::start().await;
    let queries = ["Karasin", "Abe", "Putin", "Lavrov", "Kishida"];
    let mut sent = Vec::new();
    for n in 0..50 {
        let i = bot.standin.slash_command(
            COMMAND_ID,
            "who",
            json!([{ "name": "name", "type": 3, "value": queries[n % 5] }]),
            USER,
        );
        bot.standin
            .dispatch("INTERACTION_CREATE", i.clone())
            .await
            .unwrap();
        sent.push(i);
    }
    for i in &sent {
        let cb = bot
            .standin
            .wait_for_callback(i, STEP)
            .await
            .expect("every interaction answered");
        assert_eq!(cb.callback_type(), Some(4));
        check_limits(data(&cb));
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_again_after_the_gateway_drops() {
    let bot = Running::start().await;
    bot.ask("who", "name", "Karasin").await;
    assert!(bot.standin.drop_gateway().await);
    let came_back = bot
        .standin
        .wait_for_gateway(|s| s.connections >= 2 && s.live, STEP)
        .await;
    assert!(came_back.is_ok(), "the bot reconnects: {came_back:?}");
    let cb = bot.ask("where", "place", "Hokkaido").await;
    assert!(all_text(&cb).contains("Hokkaido"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_proxy_stops_the_bot_instead_of_going_around_it() {
    // A port nobody listens on: bind, note it, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let standin = StandIn::start().await;
    let data = common::temp_data_dir();
    let mut settings = common::settings(data.path());
    settings.discord.token = "test-token".into();
    settings.discord.http_proxy = format!("http://127.0.0.1:{port}");
    let err = Bot::connect(
        &settings,
        common::shared_engine(),
        Some(standin.loopback_only_client()),
    )
    .await
    .err()
    .expect("connect refuses");
    assert!(
        err.to_string().contains("TREATYBOT__DISCORD__HTTP_PROXY"),
        "{err}"
    );
    assert!(standin.egress_attempts().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_and_exits_cleanly_on_sigterm() {
    let standin = StandIn::start().await;
    let data = common::temp_data_dir();
    let mut child = serve_process(&standin, data.path());
    if let Err(e) = standin.wait_ready(Duration::from_secs(60)).await {
        let _ = child.kill();
        let out = child.wait_with_output().expect("child output");
        panic!(
            "serve never got READY: {e}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let i = standin.slash_command(
        COMMAND_ID,
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
        USER,
    );
    standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .unwrap();
    let cb = standin
        .wait_for_callback(&i, STEP)
        .await
        .expect("serve answers");
    assert!(all_text(&cb).contains("Grigory Karasin"));

    sigterm(&child);
    let status = wait_exit(&mut child, STEP).await;
    if status.is_none() {
        let _ = child.kill();
    }
    let status = status.expect("serve exits after SIGTERM");
    assert!(status.success(), "exit status {status:?}");
    // The shard said goodbye instead of vanishing.
    let stats = standin.gateway_stats();
    assert!(!stats.live, "{stats:?}");
    assert!(standin.egress_attempts().is_empty());
}

/// Sends SIGTERM to a child.
fn sigterm(child: &std::process::Child) {
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// A child's standard error, read line by line on a thread as it comes (so the pipe never
/// fills up and blocks the child).
struct Stderr(Arc<Mutex<Vec<String>>>);

impl Stderr {
    fn collect(child: &mut std::process::Child) -> Stderr {
        let pipe = child.stderr.take().expect("stderr is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Stderr(lines)
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }

    /// Waits until a line holds `needle`, at most `limit`.
    async fn wait_for(&self, needle: &str, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while tokio::time::Instant::now() < deadline {
            if self.0.lock().unwrap().iter().any(|l| l.contains(needle)) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }
}

/// `line` without the terminal's colour codes (`ESC [ … m`) the log is written with.
fn without_colours(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        match (in_code, c) {
            (false, '\u{1b}') => in_code = true,
            (true, 'm') => in_code = false,
            (true, _) => {}
            (false, c) => out.push(c),
        }
    }
    out
}

/// The time a stopped `serve` may take to exit.
const EXIT_WITHIN: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_stops_cleanly_on_sigterm_while_the_index_is_being_built() {
    let standin = StandIn::start().await;
    // A fresh data folder: serve must build the index before it can connect.
    let data = common::temp_data_dir();
    let mut child = serve_process_with(&standin, data.path(), &[("RUST_LOG", "treatybot=info")]);
    let log = Stderr::collect(&mut child);
    // Logged once the signal listeners are up, just before the engine starts opening.
    if !log.wait_for("opening the articles", STEP).await {
        let _ = child.kill();
        panic!("serve never started opening the articles:\n{}", log.text());
    }
    sigterm(&child);
    let status = wait_exit(&mut child, EXIT_WITHIN).await;
    if status.is_none() {
        let _ = child.kill();
    }
    let status =
        status.unwrap_or_else(|| panic!("serve still running 5 s after SIGTERM:\n{}", log.text()));
    assert!(status.success(), "exit status {status:?}:\n{}", log.text());
    // The signal was handled (logged), not the default death; the reader may lag the exit.
    assert!(
        log.wait_for("shutting down", Duration::from_secs(2)).await,
        "{}",
        log.text()
    );
    let stats = standin.gateway_stats();
    if stats.identifies > 0 {
        // The build beat the signal on this machine; a stop after connecting is clean as well.
        eprintln!("note: serve had connected before SIGTERM arrived ({stats:?})");
    } else if !log.text().contains("while the articles were being opened") {
        eprintln!("note: SIGTERM arrived after the engine opened, before any IDENTIFY");
    }
    assert!(standin.egress_attempts().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_reads_its_tables_ahead_once_connected() {
    let standin = StandIn::start().await;
    let data = common::temp_data_dir();
    let mut child = serve_process_with(&standin, data.path(), &[("RUST_LOG", "treatybot=info")]);
    let log = Stderr::collect(&mut child);
    let warmed = log.wait_for("warmed up", Duration::from_secs(60)).await;
    // Started once the bot is connected (not before, where it would slow the opening and
    // connecting).
    let identified = standin.gateway_stats().identifies;
    sigterm(&child);
    let status = wait_exit(&mut child, EXIT_WITHIN).await;
    if status.is_none() {
        let _ = child.kill();
    }
    let text = log.text();
    assert!(warmed, "serve never logged its warm-up:\n{text}");
    assert!(identified >= 1, "warmed up before identifying:\n{text}");
    let at = |needle: &str| text.find(needle).unwrap_or(usize::MAX);
    assert!(at("answer engine ready") < at("warmed up"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("warmed up"))
        .expect("the warm-up line");
    assert!(without_colours(line).contains("tables=7"), "{line}");
    assert!(status.is_some_and(|s| s.success()), "{status:?}:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_stops_cleanly_on_sigterm_while_the_gateway_refuses_it() {
    let standin = StandIn::start_with(StandInConfig {
        refuse_gateway: true,
        ..StandInConfig::default()
    })
    .await;
    let data = common::temp_data_dir();
    let mut child = serve_process_with(&standin, data.path(), &[("RUST_LOG", "treatybot=info")]);
    let log = Stderr::collect(&mut child);
    // Turned away at least once: the engine is open and the client is trying the gateway
    // (serenity retries every 5 s for as long as it runs).
    let turned_away = standin
        .wait_for_gateway(|s| s.refused >= 1, Duration::from_secs(60))
        .await;
    if let Err(stats) = turned_away {
        let _ = child.kill();
        panic!("serve never tried the gateway ({stats:?}):\n{}", log.text());
    }
    sigterm(&child);
    let status = wait_exit(&mut child, EXIT_WITHIN).await;
    if status.is_none() {
        let _ = child.kill();
    }
    let status =
        status.unwrap_or_else(|| panic!("serve still running 5 s after SIGTERM:\n{}", log.text()));
    assert!(status.success(), "exit status {status:?}:\n{}", log.text());
    let stats = standin.gateway_stats();
    assert_eq!((stats.identifies, stats.connections), (0, 0), "{stats:?}");
    assert!(standin.egress_attempts().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_until_ends_within_seconds_while_the_gateway_refuses() {
    let standin = StandIn::start_with(StandInConfig {
        refuse_gateway: true,
        ..StandInConfig::default()
    })
    .await;
    let data = common::temp_data_dir();
    let mut settings = common::settings(data.path());
    settings.discord.token = "test-token".into();
    settings.discord.http_proxy = standin.base_url();
    let bot = Bot::connect(
        &settings,
        common::shared_engine(),
        Some(standin.loopback_only_client()),
    )
    .await
    .expect("bot connects");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(bot.run_until(async {
        let _ = stopped.await;
    }));
    let turned_away = standin.wait_for_gateway(|s| s.refused >= 1, STEP).await;
    assert!(turned_away.is_ok(), "{turned_away:?}");
    let _ = stop.send(());
    let ended = tokio::time::timeout(EXIT_WITHIN, task)
        .await
        .expect("run_until returns within 5 s of the shutdown");
    ended
        .expect("bot task")
        .expect("a requested stop is not an error");
    assert!(standin.egress_attempts().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_answer_is_deferred_then_edited_in() {
    let data = common::temp_data_dir();
    let mut settings = common::settings(data.path());
    settings.answers.test_delay_ms = Some(2000);
    let engine = tokio::task::spawn_blocking(move || Engine::open(&settings).map(|(e, _)| e))
        .await
        .unwrap()
        .expect("engine opens");
    let bot = Running::start_with(Arc::new(engine), data).await;
    let i = bot.standin.slash_command(
        COMMAND_ID,
        "who",
        json!([{ "name": "name", "type": 3, "value": "Karasin" }]),
        USER,
    );
    bot.standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .expect("dispatch");
    let cb = bot
        .standin
        .wait_for_callback(&i, STEP)
        .await
        .expect("the interaction is acknowledged");
    assert_eq!(
        cb.callback_type(),
        Some(5),
        "a slow answer is deferred first"
    );
    let original = format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        bot.standin.config().application_id,
        i["token"].as_str().unwrap()
    );
    let edit = bot
        .standin
        .wait_for_request(|r| r.is("PATCH", &original), STEP)
        .await
        .expect("the answer is edited in");
    assert_eq!(edit.status, 200);
    assert!(edit.received_at >= cb.received_at);
    let body = edit.body.clone().expect("edit body");
    check_limits(&body);
    let embeds = body["embeds"].as_array().expect("embeds").clone();
    assert!(embeds[0]["description"]
        .as_str()
        .unwrap()
        .contains("Grigory Karasin"));
    assert!(embeds[1]["description"]
        .as_str()
        .unwrap()
        .contains("**Grigory Karasin**"));
    assert_eq!(body["allowed_mentions"]["parse"], json!([]));
    // Deferred once, edited once: no second callback.
    let callbacks = bot
        .standin
        .requests()
        .iter()
        .filter(|r| r.is_callback_for(&i))
        .count();
    assert_eq!(callbacks, 1);
    // A deferred timeline brings its picture in with the edit.
    let (body, files, deferred) = answered_with_files(&bot, "timeline", json!([])).await;
    assert!(deferred, "slowed by 2 s, the timeline is deferred");
    assert_eq!(files.len(), 1, "the edit carries the picture");
    assert_eq!(body["attachments"][0]["filename"], "timeline.png");
    assert_eq!(common::timeline_markers(&files[0].bytes), 25);
    bot.stop().await;
}

#[test]
fn serve_without_a_token_says_which_variable_to_set() {
    let data = common::temp_data_dir();
    let out = std::process::Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data.path())
        .env("TREATYBOT_CONFIG_DIR", data.path())
        .env_remove("TREATYBOT__DISCORD__TOKEN")
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TREATYBOT__DISCORD__TOKEN"), "{err}");
}
