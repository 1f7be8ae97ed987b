//! Several `treatybot serve` processes as one bot: gateway shard ranges split between processes
//! on the Discord stand-in, page buttons any process answers, and a quiz on a shared PostgreSQL
//! store finished by another process when the one running it is killed. Every process is a child started here and stopped here; every wait
//! is bounded.

mod common;
#[path = "common/discord_checks.rs"]
mod discord_checks;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/endpoint.rs"]
mod endpoint;
#[path = "common/serve_process.rs"]
mod serve_process;

use std::time::Duration;

use discord_checks::{check_limits, data};
use discord_standin::{CapturedRequest, StandIn};
use serde_json::{json, Value};

const STEP: Duration = Duration::from_secs(20);
const USER: u64 = 1_300_000_000_000_000_777;

/// Long enough for a process to build its index over the seeds in a debug build.
const STARTS_WITHIN: Duration = Duration::from_secs(120);

/// A child process that is stopped (SIGTERM, then SIGKILL) however the test ends.
struct Running(std::process::Child);

impl Running {
    async fn stop(mut self) -> Option<i32> {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let status = serve_process::wait_exit(&mut self.0, Duration::from_secs(10)).await;
        status.and_then(|s| s.code())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_each_identify_with_their_own_shard() {
    let standin = StandIn::start().await;
    let (a_data, b_data) = (common::temp_data_dir(), common::temp_data_dir());
    let a = Running(serve_process::serve_process_with(
        &standin,
        a_data.path(),
        &[("TREATYBOT__DISCORD__SHARDS", "0-0/2")],
    ));
    let b = Running(serve_process::serve_process_with(
        &standin,
        b_data.path(),
        &[("TREATYBOT__DISCORD__SHARDS", "1-1/2")],
    ));
    let stats = standin
        .wait_for_gateway(|s| s.identifies >= 2, STARTS_WITHIN)
        .await
        .unwrap_or_else(|s| panic!("both processes never identified: {s:?}"));
    // A moment more: a process that identified twice (a shard too many) would show it here.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut shards = standin.identified_shards();
    shards.sort();
    assert_eq!(
        shards,
        vec![Some([0, 2]), Some([1, 2])],
        "each process runs exactly its own shard of two ({stats:?})"
    );
    assert_eq!(a.stop().await, Some(0));
    assert_eq!(b.stop().await, Some(0));
    assert!(standin.egress_attempts().is_empty());
}

#[test]
fn a_bad_shard_range_stops_serve_at_once_saying_how_to_write_it() {
    let data = common::temp_data_dir();
    let out = common::treatybot_command(data.path())
        .arg("serve")
        .env("TREATYBOT__DISCORD__TOKEN", "test-token")
        .env("TREATYBOT__DISCORD__SHARDS", "4-2/3")
        .output()
        .expect("treatybot runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("discord.shards"), "{err}");
    assert!(err.contains("comes after"), "{err}");
    assert!(!data.path().join("index").exists(), "nothing opened");
}

/// Dispatches `i` over the gateway and waits for its answer, checked against Discord's limits.
async fn answered(standin: &StandIn, i: &Value) -> CapturedRequest {
    standin
        .dispatch("INTERACTION_CREATE", i.clone())
        .await
        .expect("dispatch");
    let cb = standin
        .wait_for_callback(i, STEP)
        .await
        .unwrap_or_else(|| panic!("no answer to {}", i["data"]));
    check_limits(data(&cb));
    cb
}

fn text_of(cb: &CapturedRequest) -> String {
    data(cb)["embeds"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            format!(
                "{}\n{}\n{}",
                e["title"], e["description"], e["footer"]["text"]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Stops `first` (exit code 0) and starts a new `serve` with more environment `env` on the same
/// data directory, returned
/// once it is connected to the stand-in.
async fn restarted(
    standin: &StandIn,
    data: &std::path::Path,
    first: Running,
    env: &[(&str, &str)],
) -> Running {
    assert_eq!(first.stop().await, Some(0));
    let identified = standin.gateway_stats().identifies;
    let second = Running(serve_process::serve_process_with(standin, data, env));
    standin
        .wait_for_gateway(|s| s.identifies > identified && s.live, STARTS_WITHIN)
        .await
        .expect("the second process connects");
    second
}

fn button(cb: &CapturedRequest, n: usize) -> String {
    data(cb)["components"][0]["components"][n]["custom_id"]
        .as_str()
        .expect("a page button")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_page_button_is_answered_by_a_process_started_after_the_answer() {
    let standin = StandIn::start().await;
    let data_dir = common::temp_data_dir();
    let first = Running(serve_process::serve_process(&standin, data_dir.path()));
    standin.wait_ready(STARTS_WITHIN).await.expect("READY");
    // Russian, so the button carries the message's language as well as the command.
    let mut asked = standin.slash_command(
        1_300_000_000_000_000_001,
        "timeline",
        json!([{ "name": "from", "type": 4, "value": 1945 }]),
        USER,
    );
    asked["locale"] = json!("ru");
    let cb = answered(&standin, &asked).await;
    let page_one = text_of(&cb);
    let next = button(&cb, 1);
    assert!(next.chars().count() <= 100, "{next}");
    // The process that answered is gone; a new one, with nothing in memory, takes the click.
    let second = restarted(&standin, data_dir.path(), first, &[]).await;
    // Clicked by someone reading Discord in English: the page stays in the message's Russian.
    let click = standin.component_click(&next, 42, USER + 1);
    let turned = answered(&standin, &click).await;
    assert_eq!(turned.callback_type(), Some(7), "the message is updated");
    let page_two = text_of(&turned);
    assert_ne!(page_two, page_one);
    assert!(page_two.contains("2"), "{page_two}");
    assert!(
        common::in_script_of(treatybot::present::Lang::Ru, &page_two),
        "{page_two}"
    );
    assert!(
        common::english_in(&page_two).is_empty(),
        "{:?}",
        common::english_in(&page_two)
    );
    let back = standin.component_click(&button(&turned, 0), 42, USER + 2);
    let again = answered(&standin, &back).await;
    assert_eq!(
        text_of(&again),
        page_one,
        "Prev shows the first page as first answered"
    );
    // A forged button is ignored or refused, never answered with another command's page.
    let forged = standin.component_click("tb:pg:n0e1:", 42, USER);
    let refused = answered(&standin, &forged).await;
    assert_eq!(data(&refused)["flags"], 64, "a private note");
    assert_eq!(second.stop().await, Some(0));
    assert!(standin.egress_attempts().is_empty());
}

const ALICE: u64 = 1_300_000_000_000_000_901;
const BORIS: u64 = 1_300_000_000_000_000_902;

/// The `nth` (from 1) message the bot processes posted in the stand-in's channel.
async fn posted(standin: &StandIn, nth: usize, within: Duration) -> Value {
    let path = format!("/api/v10/channels/{}/messages", standin.config().channel_id);
    let posts = standin
        .wait_for_requests(|r| r.is("POST", &path), nth, within)
        .await;
    assert!(posts.len() >= nth, "only {} messages posted", posts.len());
    let body = posts[nth - 1].body.clone().expect("message body");
    check_limits(&body);
    body
}

/// A question message's answer buttons' custom ids (`tb:qz:QUIZ:QUESTION:CHOICE`).
fn answer_buttons(message: &Value) -> Vec<String> {
    message["components"][0]["components"]
        .as_array()
        .expect("answer buttons")
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap().to_string())
        .collect()
}

/// The right choice of the question quiz `quiz` has open, read from the shared store.
async fn right_choice(url: &str, quiz: i64) -> usize {
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        use treatybot::quiz::QuizStore;
        let store = treatybot::quiz::PostgresStore::connect(&url).expect("store");
        store
            .open_question(quiz)
            .expect("store read")
            .expect("a question is open")
            .question
            .answer
    })
    .await
    .unwrap()
}

/// The private note a click was answered with.
async fn clicked(p: &endpoint::EndpointProcess, standin: &StandIn, id: &str, user: u64) -> String {
    let answer = p
        .interact(standin, &standin.component_click(id, 42, user))
        .await;
    assert_eq!(answer["data"]["flags"], 64, "{answer}");
    answer["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_quiz_whose_process_is_killed_is_finished_by_another_with_every_point() {
    let (cluster, url) = common::postgres::PgCluster::start_with_database("quiz").await;
    let standin = StandIn::start().await;
    let key = endpoint::fresh_key();
    let env = [
        ("TREATYBOT__DATABASE__URL", url.as_str()),
        ("TREATYBOT__QUIZ__PAUSE_SECONDS", "0"),
    ];
    let (a_data, b_data) = (common::temp_data_dir(), common::temp_data_dir());
    let mut a =
        endpoint::EndpointProcess::start(&standin, a_data.path(), &key, &env, STARTS_WITHIN).await;
    let b =
        endpoint::EndpointProcess::start(&standin, b_data.path(), &key, &env, STARTS_WITHIN).await;

    // A starts a quiz of two 10-second questions.
    let start = standin.slash_command(
        1_300_000_000_000_000_002,
        "quiz",
        json!([{ "name": "start", "type": 1, "options": [
            { "name": "questions", "type": 4, "value": 2 },
            { "name": "seconds", "type": 4, "value": 10 },
        ] }]),
        USER,
    );
    let started = a.interact(&standin, &start).await;
    assert_eq!(started["type"], 4, "{started}");
    let first = posted(&standin, 1, STEP).await;
    let ids = answer_buttons(&first);
    let quiz: i64 = ids[0].split(':').nth(2).unwrap().parse().unwrap();
    let right = right_choice(&url, quiz).await;
    let wrong = (right + 1) % ids.len();

    // Clicks reaching either process count once: Alice's through B (which does not run the
    // quiz), then again through A; Boris's through A.
    assert!(clicked(&b, &standin, &ids[right], ALICE)
        .await
        .contains("Your answer is in"));
    assert!(clicked(&a, &standin, &ids[right], ALICE)
        .await
        .contains("already answered"));
    assert!(clicked(&a, &standin, &ids[wrong], BORIS)
        .await
        .contains("Your answer is in"));
    assert!(clicked(&b, &standin, &ids[wrong], BORIS)
        .await
        .contains("already answered"));

    // A dies mid-question; B takes the quiz over, reveals the question and asks the next.
    a.kill();
    let killed_at = std::time::Instant::now();
    let second = posted(&standin, 2, Duration::from_secs(30)).await;
    let reveal_path = format!(
        "/api/v10/channels/{}/messages/",
        standin.config().channel_id
    );
    let reveals = standin
        .wait_for_requests(
            |r| {
                r.method == "PATCH"
                    && r.path.starts_with(&reveal_path)
                    && r.body
                        .as_ref()
                        .is_some_and(|b| b["components"][0]["components"][0]["disabled"] == true)
            },
            1,
            STEP,
        )
        .await;
    let revealed = reveals[0].body.clone().unwrap();
    let text = revealed["embeds"][0]["description"].as_str().unwrap();
    assert!(text.contains("2 answered, 1 right"), "{text}");
    assert!(
        killed_at.elapsed() < Duration::from_secs(20),
        "taken over within seconds"
    );
    let ids2 = answer_buttons(&second);
    assert_ne!(ids2, ids, "the next question");
    let right2 = right_choice(&url, quiz).await;
    assert!(clicked(&b, &standin, &ids2[right2], ALICE)
        .await
        .contains("Your answer is in"));

    // B posts the standings with every answer and point, A's clicks included.
    let standings = posted(&standin, 3, Duration::from_secs(30)).await;
    let table = standings["embeds"][0]["description"].as_str().unwrap();
    let lines: Vec<&str> = table.lines().filter(|l| l.contains(" points (")).collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(lines[0].contains("(2 of 2 right)"), "{table}");
    assert!(lines[1].contains("0 points (0 of 1 right)"), "{table}");
    let url2 = url.clone();
    let (running, board) = tokio::task::spawn_blocking(move || {
        use treatybot::quiz::QuizStore;
        let store = treatybot::quiz::PostgresStore::connect(&url2).unwrap();
        (store.running().unwrap(), store.standings(quiz).unwrap())
    })
    .await
    .unwrap();
    assert!(running.is_empty(), "the quiz finished");
    assert_eq!(
        board
            .iter()
            .map(|s| (s.user_id, s.answered))
            .collect::<Vec<_>>(),
        [(ALICE, 2), (BORIS, 1)]
    );
    assert!(board[0].points > 0);
    drop(b);
    assert!(standin.egress_attempts().is_empty());
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}

/// Reveals edited in so far: a question's message with its buttons disabled.
fn reveals(standin: &StandIn) -> usize {
    let path = format!(
        "/api/v10/channels/{}/messages/",
        standin.config().channel_id
    );
    standin
        .requests()
        .iter()
        .filter(|r| {
            r.method == "PATCH"
                && r.path.starts_with(&path)
                && r.body
                    .as_ref()
                    .is_some_and(|b| b["components"][0]["components"][0]["disabled"] == true)
        })
        .count()
}

/// Messages posted in the stand-in's channel so far (questions and standings).
fn posts(standin: &StandIn) -> usize {
    let path = format!("/api/v10/channels/{}/messages", standin.config().channel_id);
    standin
        .requests()
        .iter()
        .filter(|r| r.is("POST", &path))
        .count()
}

/// Sends `signal` (`STOP`, `CONT`) to a child.
fn signal(child: &std::process::Child, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_quiz_owner_that_stalls_past_its_lease_stops_its_timer_when_it_wakes() {
    let (cluster, url) = common::postgres::PgCluster::start_with_database("stall").await;
    let standin = StandIn::start().await;
    let key = endpoint::fresh_key();
    let env = [
        ("TREATYBOT__DATABASE__URL", url.as_str()),
        ("TREATYBOT__QUIZ__PAUSE_SECONDS", "0"),
    ];
    let (a_data, b_data) = (common::temp_data_dir(), common::temp_data_dir());
    let a =
        endpoint::EndpointProcess::start(&standin, a_data.path(), &key, &env, STARTS_WITHIN).await;
    let b =
        endpoint::EndpointProcess::start(&standin, b_data.path(), &key, &env, STARTS_WITHIN).await;
    let start = standin.slash_command(
        1_300_000_000_000_000_002,
        "quiz",
        json!([{ "name": "start", "type": 1, "options": [
            { "name": "questions", "type": 4, "value": 2 },
            { "name": "seconds", "type": 4, "value": 10 },
        ] }]),
        USER,
    );
    let started = a.interact(&standin, &start).await;
    assert_eq!(started["type"], 4, "{started}");
    posted(&standin, 1, STEP).await;
    // A moment for A to note the question's message in the store, so B goes on with it.
    tokio::time::sleep(Duration::from_millis(1000)).await;

    // A stalls (as in a long pause) mid-question; B takes the quiz over, reveals the first
    // question when its time is up and asks the second.
    signal(&a.child, "STOP");
    let second = posted(&standin, 2, Duration::from_secs(30)).await;
    assert_eq!(
        reveals(&standin),
        1,
        "B revealed the first question: {second}"
    );
    // A wakes past its first question's time (B revealed it): its timer must not reveal it
    // again, nor ask the next.
    tokio::time::sleep(Duration::from_secs(1)).await;
    signal(&a.child, "CONT");
    // B finishes the quiz; then nothing more comes from A: each question revealed once and
    // two questions and the standings posted once each, all by B.
    let url2 = url.clone();
    let finished = tokio::task::spawn_blocking(move || {
        use treatybot::quiz::QuizStore;
        let store = treatybot::quiz::PostgresStore::connect(&url2).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(40);
        while std::time::Instant::now() < deadline {
            if store.running().unwrap().is_empty() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    })
    .await
    .unwrap();
    assert!(finished, "the quiz finished");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(reveals(&standin), 2, "each question revealed once, by B");
    assert_eq!(
        posts(&standin),
        3,
        "two questions and the standings, once each"
    );
    drop((a, b));
    assert!(standin.egress_attempts().is_empty());
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}

/// A search longer than a button can carry (Discord's 100 characters): its buttons carry a key
/// and the store keeps the words.
const LONG_SEARCH: &str = "Japan and Russia talk about the disputed islands, a peace treaty, \
     visits by leaders to Tokyo and Moscow, and fishing near the coast";

/// Citations enough for a search to run past one page (ten embeds a message).
const CITED: [(&str, &str); 1] = [("TREATYBOT__ANSWERS__MAX_CITATIONS", "25")];

/// The footer of an answer's first embed ("Page N of M").
fn footer(message: &Value) -> String {
    message["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_long_querys_page_button_is_answered_by_a_process_started_after_the_answer() {
    let standin = StandIn::start().await;
    let data_dir = common::temp_data_dir();
    let first = Running(serve_process::serve_process_with(
        &standin,
        data_dir.path(),
        &CITED,
    ));
    standin.wait_ready(STARTS_WITHIN).await.expect("READY");
    let asked = standin.slash_command(
        1_300_000_000_000_000_003,
        "search",
        json!([{ "name": "text", "type": 3, "value": LONG_SEARCH }]),
        USER,
    );
    let cb = answered(&standin, &asked).await;
    let page_one = text_of(&cb);
    assert!(footer(data(&cb)).starts_with("Page 1 of"), "{page_one}");
    let next = button(&cb, 1);
    assert!(
        next.starts_with("tb:pq:"),
        "the button carries a key: {next}"
    );
    assert!(!next.contains("treaty"), "not the words: {next}");
    // The process that answered is gone; a new one on the same store takes the click.
    let second = restarted(&standin, data_dir.path(), first, &CITED).await;
    let turned = answered(&standin, &standin.component_click(&next, 42, USER + 1)).await;
    assert_eq!(turned.callback_type(), Some(7), "the message is updated");
    assert!(
        footer(data(&turned)).starts_with("Page 2 of"),
        "{}",
        text_of(&turned)
    );
    assert_ne!(text_of(&turned), page_one);
    let back = answered(
        &standin,
        &standin.component_click(&button(&turned, 0), 42, USER + 2),
    )
    .await;
    assert_eq!(text_of(&back), page_one, "Prev shows the first page again");
    // A key the store never kept is told the results expired, privately.
    let forged = standin.component_click("tb:pq:n0e1:0123456789abcdef01234567", 42, USER);
    let refused = answered(&standin, &forged).await;
    assert_eq!(data(&refused)["flags"], 64, "a private note");
    assert!(
        data(&refused)["content"]
            .as_str()
            .unwrap_or_default()
            .contains("expired"),
        "{:?}",
        data(&refused)
    );
    assert_eq!(second.stop().await, Some(0));
    assert!(standin.egress_attempts().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_long_querys_page_button_is_answered_by_another_process_on_postgres() {
    let (cluster, url) = common::postgres::PgCluster::start_with_database("pages").await;
    let standin = StandIn::start().await;
    let key = endpoint::fresh_key();
    let env = [("TREATYBOT__DATABASE__URL", url.as_str()), CITED[0]];
    let (a_data, b_data) = (common::temp_data_dir(), common::temp_data_dir());
    let a =
        endpoint::EndpointProcess::start(&standin, a_data.path(), &key, &env, STARTS_WITHIN).await;
    let b =
        endpoint::EndpointProcess::start(&standin, b_data.path(), &key, &env, STARTS_WITHIN).await;
    let asked = standin.slash_command(
        1_300_000_000_000_000_004,
        "search",
        json!([{ "name": "text", "type": 3, "value": LONG_SEARCH }]),
        USER,
    );
    let answer = a.interact(&standin, &asked).await;
    assert_eq!(answer["type"], 4, "{answer}");
    let next = answer["data"]["components"][0]["components"][1]["custom_id"]
        .as_str()
        .expect("a Next button")
        .to_string();
    assert!(next.starts_with("tb:pq:"), "{next}");
    // B never saw the command: it reads the words from the store and answers the page.
    let turned = b
        .interact(&standin, &standin.component_click(&next, 42, USER + 1))
        .await;
    assert_eq!(turned["type"], 7, "{turned}");
    assert!(footer(&turned["data"]).starts_with("Page 2 of"), "{turned}");
    drop((a, b));
    assert!(standin.egress_attempts().is_empty());
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}
