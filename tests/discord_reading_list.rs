//! A server's reading list from Discord, through the real serenity client against the Discord
//! stand-in on 127.0.0.1: `/sources add` by link and by attachment (fetched from a web server of
//! our own on loopback, listed in `fetch.allow_hosts`), who may add, what is refused, and an
//! article added in one server found there and not in another.

mod common;
#[path = "common/discord_checks.rs"]
mod discord_checks;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/serve_process.rs"]
mod serve_process;
#[path = "common/web_server.rs"]
mod web_server;

use std::sync::Arc;
use std::time::Duration;

use discord_checks::{check_limits, data, is_ephemeral};
use discord_standin::{resolved_attachment, CapturedRequest, Sender, StandIn};
use serde_json::{json, Value};
use tokio::sync::oneshot;
use treatybot::discord::Bot;
use treatybot::engine::Engine;
use web_server::WebServer;

const STEP: Duration = Duration::from_secs(30);
const COMMAND_ID: u64 = 1_300_000_000_000_000_001;
const USER: u64 = 1_300_000_000_000_000_777;
/// A second server, beside the stand-in's own.
const OTHER_GUILD: u64 = 1_100_000_000_000_000_999;
const EDITOR_ROLE: u64 = 1_400_000_000_000_000_042;

/// A running bot with its own data directory, its stand-in and a web server to fetch from.
struct Running {
    standin: StandIn,
    web: WebServer,
    _data: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), treatybot::discord::DiscordError>>>,
}

impl Running {
    async fn start() -> Running {
        Running::start_with(|_| {}).await
    }

    /// [`Running::start`] with settings changed by `change`.
    async fn start_with(change: impl FnOnce(&mut treatybot::config::Settings)) -> Running {
        let web = WebServer::start();
        let data = common::temp_data_dir();
        let standin = StandIn::start().await;
        let mut settings = common::settings(data.path());
        settings.discord.token = "test-token".into();
        settings.discord.http_proxy = standin.base_url();
        settings.discord.guild_ids = vec![standin.config().guild_id];
        settings.discord.reading_list_roles = vec![EDITOR_ROLE];
        settings.fetch.allow_hosts = vec!["127.0.0.1".into()];
        change(&mut settings);
        let opened = settings.clone();
        let engine = tokio::task::spawn_blocking(move || Engine::open(&opened))
            .await
            .unwrap()
            .expect("engine opens")
            .0;
        let bot = Bot::connect(
            &settings,
            Arc::new(engine),
            Some(standin.loopback_only_client()),
        )
        .await
        .expect("bot connects");
        assert_eq!(bot.gateway_url().await, standin.gateway_url());
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(bot.run_until(async {
            let _ = stopped.await;
        }));
        standin.wait_ready(STEP).await.expect("bot gets READY");
        Running {
            standin,
            web,
            _data: data,
            stop: Some(stop),
            task: Some(task),
        }
    }

    fn home(&self) -> u64 {
        self.standin.config().guild_id
    }

    async fn send(&self, i: &Value) -> CapturedRequest {
        self.standin
            .dispatch("INTERACTION_CREATE", i.clone())
            .await
            .expect("dispatch");
        let cb = self
            .standin
            .wait_for_callback(i, STEP)
            .await
            .expect("the interaction is answered");
        // Autocomplete choices (type 8) are not a message: no mentions to keep out.
        if cb.callback_type() != Some(8) {
            check_limits(data(&cb));
        }
        cb
    }

    /// Runs `/sources add|remove …` as `from` and returns the reply's text: the deferred reply
    /// edited in, or the immediate one. Both must be private.
    async fn change(
        &self,
        sub: &str,
        options: Value,
        from: &Sender,
        resolved: Option<Value>,
    ) -> String {
        let i = self.standin.slash_command_from(
            COMMAND_ID,
            "sources",
            json!([{ "name": sub, "type": 1, "options": options }]),
            USER,
            from,
            resolved,
        );
        let cb = self.send(&i).await;
        assert!(
            is_ephemeral(&cb),
            "a reading list reply is private: {:?}",
            cb.body
        );
        if cb.callback_type() == Some(4) {
            return data(&cb)["content"]
                .as_str()
                .unwrap_or_default()
                .to_string();
        }
        assert_eq!(cb.callback_type(), Some(5), "deferred while fetching");
        let original = format!(
            "/api/v10/webhooks/{}/{}/messages/@original",
            self.standin.config().application_id,
            i["token"].as_str().unwrap()
        );
        let edit = self
            .standin
            .wait_for_request(|r| r.is("PATCH", &original), STEP)
            .await
            .expect("the outcome is edited in");
        let body = edit.body.expect("edit body");
        check_limits(&body);
        body["content"].as_str().unwrap_or_default().to_string()
    }

    /// Every word of a command's reply from `guild`, as one string.
    async fn reply_text(&self, guild: u64, name: &str, options: Value) -> String {
        let i = self.standin.slash_command_from(
            COMMAND_ID,
            name,
            options,
            USER,
            &Sender::member_of(guild),
            None,
        );
        data(&self.send(&i).await).to_string()
    }

    async fn search(&self, guild: u64, words: &str) -> String {
        self.reply_text(
            guild,
            "search",
            json!([{ "name": "text", "type": 3, "value": words }]),
        )
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

fn link(url: &str) -> Value {
    json!([{ "name": "link", "type": 3, "value": url }])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_added_in_one_server_is_answered_there_and_not_in_another() {
    let bot = Running::start().await;
    let home = bot.home();
    let before = bot.search(home, "kelp quota Nemuro cooperative").await;
    assert!(!before.contains("Kanemura"), "{before}");

    let url = bot.web.url("/reading/kelp_quota.html");
    let said = bot
        .change("add", link(&url), &Sender::manager_of(home), None)
        .await;
    assert!(
        said.starts_with("Added to this server's reading list"),
        "{said}"
    );
    assert!(
        said.contains("Coastal Ledger") && said.contains("4 March 2020"),
        "{said}"
    );
    assert!(said.contains("3 paragraphs"), "{said}");

    let here = bot.search(home, "kelp quota Nemuro cooperative").await;
    assert!(
        here.contains("Kanemura"),
        "found where it was added: {here}"
    );
    let there = bot
        .search(OTHER_GUILD, "kelp quota Nemuro cooperative")
        .await;
    assert!(
        !there.contains("Kanemura"),
        "not in another server: {there}"
    );

    let listed = bot
        .reply_text(home, "sources", json!([{ "name": "list", "type": 1 }]))
        .await;
    assert!(
        listed.contains("This server's reading list, 1 article"),
        "{listed}"
    );
    let elsewhere = bot
        .reply_text(
            OTHER_GUILD,
            "sources",
            json!([{ "name": "list", "type": 1 }]),
        )
        .await;
    assert!(!elsewhere.contains("Coastal Ledger"), "{elsewhere}");

    // The same link again changes nothing.
    let again = bot
        .change("add", link(&url), &Sender::manager_of(home), None)
        .await;
    assert!(
        again.starts_with("Already on this server's reading list"),
        "{again}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_attached_by_a_member_of_the_editors_role_is_added() {
    let bot = Running::start().await;
    let home = bot.home();
    let mut editor = Sender::member_of(home);
    editor.roles = vec![EDITOR_ROLE];
    let attachment = 1_500_000_000_000_000_001_u64;
    let url = bot.web.url("/reading/lighthouse_survey.txt");
    let said = bot
        .change(
            "add",
            json!([{ "name": "file", "type": 11, "value": attachment.to_string() }]),
            &editor,
            Some(resolved_attachment(
                attachment,
                "lighthouse_survey.txt",
                &url,
                600,
            )),
        )
        .await;
    assert!(
        said.starts_with("Added to this server's reading list"),
        "{said}"
    );
    assert!(said.contains("lighthouse"), "{said}");

    let who = |guild| {
        bot.reply_text(
            guild,
            "who",
            json!([{ "name": "name", "type": 3, "value": "Voloshenko" }]),
        )
    };
    assert!(who(home).await.contains("Marina Voloshenko"));
    let there = who(OTHER_GUILD).await;
    assert!(!there.contains("Marina Voloshenko"), "{there}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_member_is_told_who_may_add_and_nothing_is_fetched() {
    let bot = Running::start().await;
    let home = bot.home();
    let url = bot.web.url("/reading/kelp_quota.html");
    let said = bot
        .change("add", link(&url), &Sender::member_of(home), None)
        .await;
    assert!(
        said.contains("Only members with the Manage Server permission"),
        "{said}"
    );
    assert!(
        said.contains(&format!("<@&{EDITOR_ROLE}>")),
        "names the role: {said}"
    );
    let removed = bot
        .change(
            "remove",
            json!([{ "name": "id", "type": 3, "value": "anything.txt" }]),
            &Sender::member_of(home),
            None,
        )
        .await;
    assert!(removed.contains("Only members with the Manage Server permission"));
    let here = bot.search(home, "kelp quota Nemuro cooperative").await;
    assert!(!here.contains("Kanemura"), "{here}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_links_and_files_are_refused_with_the_reason() {
    let bot = Running::start().await;
    let manager = Sender::manager_of(bot.home());
    let cases = [
        (link(&bot.web.url("/to-private")), None, "private"),
        (link(&bot.web.url("/pdf")), None, "application/pdf"),
        (link("javascript:alert(1)"), None, "not a web link"),
        (
            json!([{ "name": "file", "type": 11, "value": "1500000000000000002" }]),
            Some(resolved_attachment(
                1_500_000_000_000_000_002,
                "a.txt",
                "https://files.example.org/a.txt",
                10,
            )),
            "attachment servers",
        ),
        (
            json!([{ "name": "file", "type": 11, "value": "1500000000000000003" }]),
            Some(resolved_attachment(
                1_500_000_000_000_000_003,
                "slides.pdf",
                &bot.web.url("/pdf"),
                10,
            )),
            ".txt, .md or .html",
        ),
        (json!([]), None, "link:"),
    ];
    for (options, resolved, reason) in cases {
        let said = bot.change("add", options.clone(), &manager, resolved).await;
        assert!(
            said.contains("Not added") || said.contains("Give"),
            "{options}: {said}"
        );
        assert!(said.contains(reason), "{options}: {said}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_removes_its_own_addition_and_no_other_server_can() {
    let bot = Running::start().await;
    let home = bot.home();
    let url = bot.web.url("/reading/kelp_quota.html");
    let said = bot
        .change("add", link(&url), &Sender::manager_of(home), None)
        .await;
    assert!(said.starts_with("Added to"), "{said}");
    let id = format!("s{home}/{url}");

    // The id autocompletes in its own server only.
    let typed = |guild| {
        let mut i = bot.standin.autocomplete(
            COMMAND_ID,
            "sources",
            json!([{ "name": "remove", "type": 1, "options": [
                { "name": "id", "type": 3, "value": "kelp", "focused": true }
            ]}]),
            USER,
        );
        Sender::manager_of(guild).apply(&mut i);
        i
    };
    let offered = bot.send(&typed(home)).await;
    assert!(
        data(&offered).to_string().contains(&id),
        "{:?}",
        offered.body
    );
    let elsewhere = bot.send(&typed(OTHER_GUILD)).await;
    assert!(
        !data(&elsewhere).to_string().contains("kelp"),
        "{:?}",
        elsewhere.body
    );

    // Another server's manager cannot touch it, by its full id or its short one.
    let other = Sender::manager_of(OTHER_GUILD);
    let refused = bot
        .change(
            "remove",
            json!([{ "name": "id", "type": 3, "value": id }]),
            &other,
            None,
        )
        .await;
    assert!(refused.contains("another server"), "{refused}");
    let missing = bot
        .change(
            "remove",
            json!([{ "name": "id", "type": 3, "value": url }]),
            &other,
            None,
        )
        .await;
    assert!(missing.contains("has no article with the id"), "{missing}");
    assert!(bot
        .search(home, "kelp quota Nemuro cooperative")
        .await
        .contains("Kanemura"));

    // Its own manager removes it (typed without the server's prefix): gone from every answer.
    let removed = bot
        .change(
            "remove",
            json!([{ "name": "id", "type": 3, "value": url }]),
            &Sender::manager_of(home),
            None,
        )
        .await;
    assert!(
        removed.starts_with("Removed **Nemuro cooperative"),
        "{removed}"
    );
    let after = bot.search(home, "kelp quota Nemuro cooperative").await;
    assert!(!after.contains("Kanemura"), "{after}");
    let who = bot
        .reply_text(
            home,
            "who",
            json!([{ "name": "name", "type": 3, "value": "Kanemura" }]),
        )
        .await;
    assert!(
        !who.contains("Tatsuo Kanemura"),
        "a person known only from it is gone: {who}"
    );
    let listed = bot
        .reply_text(home, "sources", json!([{ "name": "list", "type": 1 }]))
        .await;
    assert!(listed.contains("reading list is empty"), "{listed}");
    bot.stop().await;
}

/// Characters that change how text shows: a reply must never carry one back.
const HIDDEN: [char; 8] = [
    '\u{1b}', '\u{7}', '\u{0}', '\u{202E}', '\u{202D}', '\u{2067}', '\u{200F}', '\u{9B}',
];

fn hidden_in(text: &str) -> Vec<char> {
    text.chars().filter(|c| HIDDEN.contains(c)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_and_bidi_characters_typed_by_a_member_are_never_echoed() {
    let bot = Running::start().await;
    let home = bot.home();
    let typed = "x\u{1b}[2J\u{202E}gnp.exe\u{2067}\u{7}\u{200F}\u{9B}y";
    // Private replies that echo what was typed.
    let removed = bot
        .change(
            "remove",
            json!([{ "name": "id", "type": 3, "value": typed }]),
            &Sender::manager_of(home),
            None,
        )
        .await;
    assert!(removed.contains("gnp.exe"), "{removed}");
    assert_eq!(hidden_in(&removed), Vec::<char>::new(), "{removed:?}");
    let added = bot
        .change(
            "add",
            link(&format!("http://127.0.0.1:9/{typed}")),
            &Sender::manager_of(home),
            None,
        )
        .await;
    assert_eq!(hidden_in(&added), Vec::<char>::new(), "{added:?}");
    let quiz = bot
        .reply_text(
            home,
            "quiz",
            json!([{ "name": "start", "type": 1, "options": [
                { "name": "topic", "type": 3, "value": typed }
            ]}]),
        )
        .await;
    assert_eq!(hidden_in(&quiz), Vec::<char>::new(), "{quiz:?}");
    // Public answers that name what was asked.
    for (name, option) in [("ask", "question"), ("who", "name"), ("search", "text")] {
        let reply = bot
            .reply_text(
                home,
                name,
                json!([{ "name": option, "type": 3, "value": typed }]),
            )
            .await;
        assert_eq!(hidden_in(&reply), Vec::<char>::new(), "/{name}: {reply:?}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_reading_list_says_so_without_anything_of_the_host() {
    let bot = Running::start().await;
    let home = bot.home();
    // Another process holds the writer lock (as an ingest from the command line would); the
    // lock file names this test process, its command line and paths.
    let lock = bot._data.path().join(treatybot::ingest::lock::LOCK_FILE);
    std::fs::write(
        &lock,
        format!(
            "pid 4242, `treatybot ingest {}/news.csv`, since 2026-01-01 00:00:00 UTC",
            bot._data.path().display()
        ),
    )
    .unwrap();
    // `--no-fork`: flock becomes the `sleep` that holds the lock, so killing it frees the lock.
    let mut holder = std::process::Command::new("flock")
        .arg("--no-fork")
        .arg(&lock)
        .args(["sleep", "60"])
        .spawn()
        .expect("flock holds the lock");
    // Until the holder has the lock, a change would succeed; wait (bounded) until it has.
    let mut held = false;
    for _ in 0..100 {
        let probe = std::process::Command::new("flock")
            .args(["-n", "-E", "9"])
            .arg(&lock)
            .arg("true")
            .status()
            .unwrap();
        if probe.code() == Some(9) {
            held = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(held, "the holder never took the lock");
    let url = bot.web.url("/reading/kelp_quota.html");
    let said = bot
        .change("add", link(&url), &Sender::manager_of(home), None)
        .await;
    let _ = holder.kill();
    let _ = holder.wait();
    assert!(said.contains("busy, try again in a minute"), "{said}");
    let data_dir = bot._data.path().display().to_string();
    for host_detail in [
        "pid",
        "4242",
        "since",
        data_dir.as_str(),
        "/tmp",
        "treatybot ingest",
    ] {
        assert!(!said.contains(host_detail), "{host_detail} in {said}");
    }

    // An attachment with a long name: its reply names no folder of the host's.
    let long = format!("{}.html", "é".repeat(200));
    let said = bot
        .change(
            "add",
            json!([{ "name": "file", "type": 11, "value": "1500000000000000009" }]),
            &Sender::manager_of(home),
            Some(resolved_attachment(
                1_500_000_000_000_000_009,
                &long,
                &bot.web.url("/reading/kelp_quota.html"),
                3000,
            )),
        )
        .await;
    assert!(said.starts_with("Added to"), "{said}");
    assert!(!said.contains("/tmp") && !said.contains(".tmp"), "{said}");
    bot.stop().await;
}

/// The text of a `/sources` change's private reply: the immediate one, or the deferred one
/// edited in.
async fn reply_of(standin: &StandIn, i: &Value) -> String {
    let cb = standin
        .wait_for_callback(i, STEP)
        .await
        .expect("the interaction is answered");
    if cb.callback_type() == Some(4) {
        return data(&cb)["content"]
            .as_str()
            .unwrap_or_default()
            .to_string();
    }
    let original = format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        standin.config().application_id,
        i["token"].as_str().unwrap()
    );
    let edit = standin
        .wait_for_request(|r| r.is("PATCH", &original), Duration::from_secs(90))
        .await
        .expect("the outcome is edited in");
    edit.body.expect("edit body")["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A page of 50,000 nested elements added by one server, in a `serve` process, while another
/// server adds an ordinary page: the process lives, both get an answer, and the other server's
/// article is answered from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deeply_nested_page_costs_only_itself_in_a_serve_process() {
    let web = WebServer::start();
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let mut bot = serve_process::serve_process_with(
        &standin,
        dir.path(),
        &[("TREATYBOT__FETCH__ALLOW_HOSTS", "127.0.0.1")],
    );
    if let Err(e) = standin.wait_ready(Duration::from_secs(60)).await {
        let _ = bot.kill();
        panic!("serve never got READY: {e}");
    }
    let home = standin.config().guild_id;
    let deep = standin.slash_command_from(
        COMMAND_ID,
        "sources",
        json!([{ "name": "add", "type": 1, "options": [
            { "name": "file", "type": 11, "value": "1500000000000000050" }
        ]}]),
        USER,
        &Sender::manager_of(home),
        Some(resolved_attachment(
            1_500_000_000_000_000_050,
            "deep.html",
            &web.url("/deep/50000"),
            600_000,
        )),
    );
    let plain = standin.slash_command_from(
        COMMAND_ID,
        "sources",
        json!([{ "name": "add", "type": 1, "options": link(&web.url("/reading/kelp_quota.html")) }]),
        USER,
        &Sender::manager_of(OTHER_GUILD),
        None,
    );
    standin
        .dispatch("INTERACTION_CREATE", deep.clone())
        .await
        .expect("dispatch");
    standin
        .dispatch("INTERACTION_CREATE", plain.clone())
        .await
        .expect("dispatch");
    let (deep_said, plain_said) =
        tokio::join!(reply_of(&standin, &deep), reply_of(&standin, &plain));
    let alive = bot.try_wait().expect("child status").is_none();
    if !alive {
        let mut stderr = String::new();
        let _ = std::io::Read::read_to_string(&mut bot.stderr.take().unwrap(), &mut stderr);
        panic!("serve died: {stderr}");
    }
    assert!(plain_said.starts_with("Added to"), "{plain_said}");
    assert!(
        deep_said.starts_with("Added to") || deep_said.starts_with("Not added"),
        "{deep_said}"
    );
    let search = standin.slash_command_from(
        COMMAND_ID,
        "search",
        json!([{ "name": "text", "type": 3, "value": "kelp quota Nemuro cooperative" }]),
        USER,
        &Sender::member_of(OTHER_GUILD),
        None,
    );
    standin
        .dispatch("INTERACTION_CREATE", search.clone())
        .await
        .expect("dispatch");
    let found = standin
        .wait_for_callback(&search, STEP)
        .await
        .expect("answered");
    assert!(
        data(&found).to_string().contains("Kanemura"),
        "{:?}",
        found.body
    );
    let _ = bot.kill();
    let _ = bot.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_server_keeps_within_its_limits() {
    let bot = Running::start_with(|s| {
        s.discord.reading_list_max_articles = 1;
        s.discord.reading_list_max_bytes = 3_000;
    })
    .await;
    let home = bot.home();
    let manager = Sender::manager_of(home);
    let first = bot.web.url("/reading/kelp_quota.html");
    let said = bot.change("add", link(&first), &manager, None).await;
    assert!(said.starts_with("Added to"), "{said}");
    // A second article is one too many; the same one again is not.
    let second = bot.web.url("/page");
    // (Replies escape markdown: the key reads reading\_list\_… in the raw text.)
    let said = bot
        .change("add", link(&second), &manager, None)
        .await
        .replace('\\', "");
    assert!(said.contains("reading_list_max_articles"), "{said}");
    assert!(said.contains("/sources remove"), "{said}");
    let again = bot.change("add", link(&first), &manager, None).await;
    assert!(again.contains("nothing changed"), "{again}");
    // Another server has limits of its own: a page past its bytes is refused, saying which.
    let other = Sender::manager_of(OTHER_GUILD);
    let long = bot.web.url("/long/40");
    let said = bot
        .change("add", link(&long), &other, None)
        .await
        .replace('\\', "");
    assert!(said.contains("reading_list_max_bytes"), "{said}");
    let said = bot.change("add", link(&second), &other, None).await;
    assert!(said.starts_with("Added to"), "{said}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_cut_at_a_limit_says_where_and_why_when_added_and_listed() {
    let bot = Running::start().await;
    let home = bot.home();
    let said = bot
        .change(
            "add",
            link(&bot.web.url("/long/6000")),
            &Sender::manager_of(home),
            None,
        )
        .await;
    assert!(said.starts_with("Added to"), "{said}");
    assert!(said.contains("of 6000 paragraphs"), "{said}");
    assert!(said.contains("bytes read from one page"), "{said}");
    let listed = bot
        .reply_text(home, "sources", json!([{ "name": "list", "type": 1 }]))
        .await;
    assert!(listed.contains("of 6000 paragraphs"), "{listed}");
    bot.stop().await;
}

/// Every refusal of `/sources add` and `/sources remove` a member can meet (a bad link, a file
/// treatybot does not read, a page that will not fetch or is not a page, another server's
/// article, no right to edit) reaches a Japanese or Russian reader in their language: none of
/// the catalogue's English, and no English error text of the fetcher's or the system's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_said_in_the_readers_language_with_no_english_error_text() {
    use treatybot::present::Lang;
    let bot = Running::start().await;
    let home = bot.home();
    let cdn = |name: &str| format!("https://cdn.discordapp.com/attachments/1/2/{name}");
    let file = |id: u64| json!([{ "name": "file", "type": 11, "value": id.to_string() }]);
    let mut english_seen = 0;
    for (lang, locale) in [(Lang::Ja, "ja"), (Lang::Ru, "ru"), (Lang::En, "en-US")] {
        let manager = Sender::manager_of(home).in_locale(locale);
        let member = Sender::member_of(home).in_locale(locale);
        let links = [
            "ftp://example.org/a".to_string(),
            bot.web.url("/pdf"),
            bot.web.url("/missing"),
            bot.web.url("/to-private"),
            bot.web.url("/loop/0"),
        ];
        let mut said = Vec::new();
        for l in &links {
            said.push((bot.change("add", link(l), &manager, None).await, l.clone()));
        }
        let pdf = cdn("report.pdf");
        said.push((
            bot.change(
                "add",
                file(1_500_000_000_000_000_011),
                &manager,
                Some(resolved_attachment(
                    1_500_000_000_000_000_011,
                    "report.pdf",
                    &pdf,
                    10,
                )),
            )
            .await,
            "report.pdf".to_string(),
        ));
        let elsewhere = format!("s{OTHER_GUILD}/notes.txt");
        said.push((
            bot.change(
                "remove",
                json!([{ "name": "id", "type": 3, "value": elsewhere }]),
                &manager,
                None,
            )
            .await,
            elsewhere.clone(),
        ));
        said.push((
            bot.change("add", link(&links[1]), &member, None).await,
            links[1].clone(),
        ));
        for (reply, given) in &said {
            // Replies escape markdown; what the member typed is taken out before looking.
            let reply = reply.replace('\\', "");
            let given: Vec<&str> = vec![given.as_str(), "http", "https", "HTTP", "HTML"];
            let run = common::english_run(&reply, &given);
            if lang == Lang::En {
                english_seen += usize::from(run.is_some());
                continue;
            }
            let english = common::english_in(&reply);
            assert!(english.is_empty(), "{lang}: English {english:?} in {reply}");
            assert!(run.is_none(), "{lang}: English {run:?} in {reply}");
            assert!(common::in_script_of(lang, &reply), "{lang}: {reply}");
        }
    }
    // The check sees English: the same refusals in English are English sentences.
    assert!(english_seen >= 7, "{english_seen}");
    bot.stop().await;
}
