//! A server's reading list shared by several `serve` processes through PostgreSQL: each process
//! has its own data directory (its own index), all share one private PostgreSQL cluster, and
//! Discord is the stand-in, reached over the HTTP interactions endpoint. A page (served by a
//! web server of our own on loopback) added with `/sources add` in one process is found by
//! `/search` in another within 2 s, in that server only; a process started afterwards has it
//! at start, and one restarted applies what came while it was stopped; a removal in one process
//! is gone from the others. Every process is a child started
//! and stopped here; every wait is bounded.

mod common;
#[path = "common/discord_checks.rs"]
mod discord_checks;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/endpoint.rs"]
mod endpoint;
#[path = "common/serve_process.rs"]
mod serve_process;
#[path = "common/web_server.rs"]
mod web_server;

use std::time::{Duration, Instant};

use discord_checks::check_limits;
use discord_standin::{Sender, StandIn};
use endpoint::EndpointProcess;
use serde_json::{json, Value};
use web_server::WebServer;

const COMMAND_ID: u64 = 1_300_000_000_000_000_001;
const USER: u64 = 1_300_000_000_000_000_777;
/// A second server, beside the stand-in's own.
const OTHER_GUILD: u64 = 1_100_000_000_000_000_999;
/// Long enough for a process to build its index over the seeds in a debug build.
const STARTS_WITHIN: Duration = Duration::from_secs(120);
/// How long a change may take to be answered where it was made (fetching, indexing).
const ANSWERED_WITHIN: Duration = Duration::from_secs(60);
/// How soon another process must have a change: the bound.
const SHARED_WITHIN: Duration = Duration::from_secs(2);
/// Words of the page added, and a name only its text holds.
const WORDS: &str = "kelp quota Nemuro cooperative";
const ONLY_IN_PAGE: &str = "Kanemura";

/// Runs `/sources SUB` as a manager of the stand-in's server in `p` and returns the outcome
/// edited into the deferred reply.
async fn change(p: &EndpointProcess, standin: &StandIn, sub: &str, options: Value) -> String {
    let i = standin.slash_command_from(
        COMMAND_ID,
        "sources",
        json!([{ "name": sub, "type": 1, "options": options }]),
        USER,
        &Sender::manager_of(standin.config().guild_id),
        None,
    );
    let first = p.interact(standin, &i).await;
    if first["type"] == 4 {
        return first["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_string();
    }
    assert_eq!(first["type"], 5, "deferred while fetching: {first}");
    edited_in(standin, &i).await
}

/// The content edited into the deferred reply to `i`.
async fn edited_in(standin: &StandIn, i: &Value) -> String {
    let original = format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        standin.config().application_id,
        i["token"].as_str().unwrap()
    );
    let edit = standin
        .wait_for_request(|r| r.is("PATCH", &original), ANSWERED_WITHIN)
        .await
        .expect("the outcome is edited in");
    let body = edit.body.expect("edit body");
    check_limits(&body);
    body["content"].as_str().unwrap_or_default().to_string()
}

/// Every word of `/search WORDS` as answered by `p` to a member of `guild`.
async fn search(p: &EndpointProcess, standin: &StandIn, guild: u64) -> String {
    let i = standin.slash_command_from(
        COMMAND_ID,
        "search",
        json!([{ "name": "text", "type": 3, "value": WORDS }]),
        USER,
        &Sender::member_of(guild),
        None,
    );
    let answer = p.interact(standin, &i).await;
    if answer["type"] == 5 {
        // Deferred (a slow debug build): the answer is edited in.
        let original = format!(
            "/api/v10/webhooks/{}/{}/messages/@original",
            standin.config().application_id,
            i["token"].as_str().unwrap()
        );
        let edit = standin
            .wait_for_request(|r| r.is("PATCH", &original), ANSWERED_WITHIN)
            .await
            .expect("the answer is edited in");
        return edit.body.expect("edit body").to_string();
    }
    answer["data"].to_string()
}

/// Searches in `p` until `want` says yes of the answer or `within` has passed since `since`;
/// returns the last answer and whether `want` said yes.
async fn search_until(
    p: &EndpointProcess,
    standin: &StandIn,
    guild: u64,
    since: Instant,
    within: Duration,
    want: impl Fn(&str) -> bool,
) -> (String, bool) {
    loop {
        let said = search(p, standin, guild).await;
        if want(&said) {
            return (said, true);
        }
        if since.elapsed() >= within {
            return (said, false);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_addition_and_a_removal_in_one_process_reach_the_others_in_that_server_only() {
    let (cluster, url) = common::postgres::PgCluster::start_with_database("lists").await;
    let web = WebServer::start();
    let standin = StandIn::start().await;
    let key = endpoint::fresh_key();
    let env = [
        ("TREATYBOT__DATABASE__URL", url.as_str()),
        ("TREATYBOT__FETCH__ALLOW_HOSTS", "127.0.0.1"),
    ];
    let (a_data, b_data, c_data) = (
        common::temp_data_dir(),
        common::temp_data_dir(),
        common::temp_data_dir(),
    );
    let a = EndpointProcess::start(&standin, a_data.path(), &key, &env, STARTS_WITHIN).await;
    let b = EndpointProcess::start(&standin, b_data.path(), &key, &env, STARTS_WITHIN).await;
    let home = standin.config().guild_id;
    let before = search(&b, &standin, home).await;
    assert!(!before.contains(ONLY_IN_PAGE), "{before}");

    // Added in A: answered there, then found in B within 2 s.
    let page = web.url("/reading/kelp_quota.html");
    let said = change(
        &a,
        &standin,
        "add",
        json!([{ "name": "link", "type": 3, "value": page }]),
    )
    .await;
    let added_at = Instant::now();
    assert!(
        said.starts_with("Added to this server's reading list"),
        "{said}"
    );
    let (in_b, found) = search_until(&b, &standin, home, added_at, SHARED_WITHIN, |s| {
        s.contains(ONLY_IN_PAGE)
    })
    .await;
    assert!(
        found,
        "not found in the other process within {SHARED_WITHIN:?}: {in_b}"
    );
    // Another server asking the same process never sees it.
    let elsewhere = search(&b, &standin, OTHER_GUILD).await;
    assert!(!elsewhere.contains(ONLY_IN_PAGE), "{elsewhere}");

    // A process started after the addition has it from the start.
    let c = EndpointProcess::start(&standin, c_data.path(), &key, &env, STARTS_WITHIN).await;
    let in_c = search(&c, &standin, home).await;
    assert!(
        in_c.contains(ONLY_IN_PAGE),
        "a later process has it: {in_c}"
    );
    let elsewhere = search(&c, &standin, OTHER_GUILD).await;
    assert!(!elsewhere.contains(ONLY_IN_PAGE), "{elsewhere}");

    // Removed in A: gone from B (and C) within 2 s.
    let removed = change(
        &a,
        &standin,
        "remove",
        json!([{ "name": "id", "type": 3, "value": page }]),
    )
    .await;
    let removed_at = Instant::now();
    assert!(removed.contains("Removed"), "{removed}");
    for (name, p) in [("B", &b), ("C", &c)] {
        let (left, gone) = search_until(p, &standin, home, removed_at, SHARED_WITHIN, |s| {
            !s.contains(ONLY_IN_PAGE)
        })
        .await;
        assert!(gone, "still in {name} after {SHARED_WITHIN:?}: {left}");
    }

    // C stops; A adds the page again; C, started again on its own index, applies only what
    // came after the last entry its index recorded, and has the page.
    let mut c = c;
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &c.child.id().to_string()])
        .status();
    let stopped = serve_process::wait_exit(&mut c.child, Duration::from_secs(20)).await;
    assert!(stopped.is_some_and(|s| s.success()), "C stops cleanly");
    let again = change(
        &a,
        &standin,
        "add",
        json!([{ "name": "link", "type": 3, "value": page }]),
    )
    .await;
    assert!(again.starts_with("Added to"), "{again}");
    let c = EndpointProcess::start(&standin, c_data.path(), &key, &env, STARTS_WITHIN).await;
    let in_c = search(&c, &standin, home).await;
    assert!(in_c.contains(ONLY_IN_PAGE), "C has it again: {in_c}");
    drop((a, b, c));
    assert!(standin.egress_attempts().is_empty());
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}
