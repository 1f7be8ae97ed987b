//! Several `treatybot serve` processes on one PostgreSQL, through the HTTP interactions endpoint,
//! each a real process of the release binary with its own index (`tests/common/endpoint.rs`
//! starts them as the tests do), on a private PostgreSQL cluster on 127.0.0.1
//! (`tests/common/postgres.rs`) and the Discord stand-in for REST.
//!
//! 1. Interactions per second at p99 under 100 ms with one process and with two: `C` clients at
//!    once, each signing and POSTing its next interaction as soon as the last is answered, for a
//!    few seconds per `C`; "one" sends every request to process A, "two" alternates A and B
//!    (round-robin, as a balancer would). The commands: the five of `http_endpoint` and
//!    `/quiz me` (a read of the shared store). Each `C` runs one then two, so a slow moment of
//!    the machine falls on both.
//! 2. `/quiz start` and a quiz answer's round trip through the endpoint, one process on SQLite
//!    against one on PostgreSQL, in alternating rounds: a start in a channel of its own each time
//!    (the question it posts there is refused by the stand-in, which ends that quiz), and clicks
//!    by players of their own on one open question.
//! 3. `/sources add` answered in process A to the article found by `/search` in process B (two
//!    real processes on PostgreSQL, one clock: this bench's), against the same add answered by
//!    a process on SQLite (nothing shared), in alternating rounds. Pages of the bench's own
//!    words from a server on 127.0.0.1.
//!
//! Run: `cargo bench --bench many_processes` (`MANY_BENCH_SECONDS` per step, default 5;
//! `MANY_BENCH_ROUNDS` rounds of the quiz phase, default 20; `MANY_BENCH_ADDS` adds of phase
//! 3, default 20; `MANY_BENCH_PHASES`, e.g. `3` or `1,2`, the phases to run, default all).

#[path = "common/cases.rs"]
mod cases;
#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/discord_standin.rs"]
mod discord_standin;
#[path = "../tests/common/endpoint.rs"]
mod endpoint;
#[path = "common/load.rs"]
mod load;
#[path = "common/pages.rs"]
mod pages;
#[path = "../tests/common/serve_process.rs"]
mod serve_process;

use std::sync::Arc;
use std::time::{Duration, Instant};

use discord_standin::{Sender, StandIn};
use ed25519_dalek::SigningKey;
use endpoint::EndpointProcess;
use load::{best_under_aim, closed_loop, report, step_seconds, Step};
use serde_json::{json, Value};

const CONCURRENCY: [usize; 6] = [1, 2, 4, 8, 16, 32];
/// Clicks (or starts) per store in one round of the quiz phase.
const PER_ROUND: usize = 25;
const USER: u64 = 1_400_000_000_000_000_000;
/// Long enough for a release build to index the seeds on a busy machine.
const STARTS_WITHIN: Duration = Duration::from_secs(120);

/// Signs `interaction` now and POSTs it to `url`; the endpoint's answer (status 200, a body).
async fn post(client: &reqwest::Client, url: &str, key: &SigningKey, interaction: &Value) -> Value {
    let body = serde_json::to_vec(interaction).unwrap();
    let mut req = client
        .post(format!("{url}/interactions"))
        .header("content-type", "application/json");
    for (name, value) in endpoint::signed_with(key, &body, endpoint::unix_now()) {
        req = req.header(name, value);
    }
    let res = req.body(body).send().await.expect("answered");
    assert_eq!(res.status(), 200);
    let raw = res.bytes().await.expect("body");
    assert!(!raw.is_empty());
    // A picture makes the answer multipart; only JSON answers are read.
    serde_json::from_slice(&raw).unwrap_or(Value::Null)
}

/// The interactions of the throughput phase, in turn.
fn interactions(standin: &StandIn) -> Vec<Value> {
    let mut all: Vec<Value> = cases::SLASH
        .iter()
        .map(|(name, option, value)| {
            standin.slash_command(
                1,
                name,
                json!([{ "name": option, "type": 3, "value": value }]),
                42,
            )
        })
        .collect();
    all.push(standin.slash_command(2, "quiz", json!([{ "name": "me", "type": 1 }]), 42));
    all
}

/// A `/quiz start` of one question open for `seconds`, in `channel`.
fn quiz_start(standin: &StandIn, channel: u64, seconds: u64) -> Value {
    let mut start = standin.slash_command(
        3,
        "quiz",
        json!([{ "name": "start", "type": 1, "options": [
            { "name": "questions", "type": 4, "value": 1 },
            { "name": "seconds", "type": 4, "value": seconds },
        ] }]),
        USER,
    );
    start["channel_id"] = json!(channel.to_string());
    start["channel"]["id"] = json!(channel.to_string());
    start
}

/// Throughput through `targets` in turn, `c` clients at once, for `seconds`.
async fn throughput(
    name: &str,
    c: usize,
    seconds: Duration,
    client: &reqwest::Client,
    key: &SigningKey,
    targets: Vec<String>,
    work: &Arc<Vec<Value>>,
) -> Step {
    let (client, key, work) = (client.clone(), key.clone(), Arc::clone(work));
    let targets = Arc::new(targets);
    let (times, wall) = closed_loop(c, seconds, move |n| {
        let (client, key, work, targets) = (
            client.clone(),
            key.clone(),
            Arc::clone(&work),
            Arc::clone(&targets),
        );
        async move {
            // Request n goes to process n mod the number of them, with the n-th command.
            let url = &targets[n % targets.len()];
            post(&client, url, &key, &work[(n / targets.len()) % work.len()]).await;
        }
    })
    .await;
    report(name, c, times, wall)
}

/// Median and p99 of `times`, in milliseconds.
fn summary(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (
        ms(load::percentile(times, 0.5)),
        ms(load::percentile(times, 0.99)),
    )
}

/// The quiz phase: `/quiz start` and answers' round trips on each process of `stores`
/// (name, process), rounds alternating between them.
async fn quiz_round_trips(
    standin: &StandIn,
    client: &reqwest::Client,
    key: &SigningKey,
    stores: &[(&str, &EndpointProcess)],
    rounds: usize,
) {
    let path = format!("/api/v10/channels/{}/messages", standin.config().channel_id);
    // One question open for two minutes in the stand-in's channel on each process.
    let mut buttons = Vec::new();
    for (nth, (name, p)) in stores.iter().enumerate() {
        let started = post(
            client,
            &p.url,
            key,
            &quiz_start(standin, standin.config().channel_id, 120),
        )
        .await;
        assert_eq!(started["type"], 4, "{name}: {started}");
        let posts = standin
            .wait_for_requests(|r| r.is("POST", &path), nth + 1, Duration::from_secs(20))
            .await;
        let question = posts[nth].body.clone().expect("a question");
        buttons.push(
            question["components"][0]["components"][0]["custom_id"]
                .as_str()
                .expect("an answer button")
                .to_string(),
        );
    }
    let mut starts = vec![Vec::new(); stores.len()];
    let mut answers = vec![Vec::new(); stores.len()];
    let mut channel = 1_500_000_000_000_000_000u64;
    let mut player = USER;
    // Round 0 warms up (connections, statements) and is not counted.
    for round in 0..=rounds {
        for (i, (name, p)) in stores.iter().enumerate() {
            for _ in 0..PER_ROUND {
                player += 1;
                let click = standin.component_click(&buttons[i], 42, player);
                let t = Instant::now();
                let note = post(client, &p.url, key, &click).await;
                let took = t.elapsed();
                let text = note["data"]["content"].as_str().unwrap_or_default();
                assert!(text.contains("Your answer is in"), "{name}: {note}");
                if round > 0 {
                    answers[i].push(took);
                }
            }
            for _ in 0..PER_ROUND.div_ceil(5) {
                channel += 1;
                let start = quiz_start(standin, channel, 10);
                let t = Instant::now();
                let started = post(client, &p.url, key, &start).await;
                let took = t.elapsed();
                assert_eq!(started["type"], 4, "{name}: {started}");
                assert_ne!(started["data"]["flags"], 64, "{name} started: {started}");
                if round > 0 {
                    starts[i].push(took);
                }
            }
        }
    }
    let mut medians = Vec::new();
    for (i, (name, _)) in stores.iter().enumerate() {
        let (start_median, start_p99) = summary(&mut starts[i]);
        let (answer_median, answer_p99) = summary(&mut answers[i]);
        println!(
            "{name:<10} /quiz start median {start_median:>7.2} ms p99 {start_p99:>7.2} ms ({}); \
             answer median {answer_median:>6.2} ms p99 {answer_p99:>6.2} ms ({})",
            starts[i].len(),
            answers[i].len()
        );
        medians.push((start_median, answer_median));
    }
    println!(
        "{} / {} (medians): /quiz start {:.2}×, answer {:.2}×",
        stores[1].0,
        stores[0].0,
        medians[1].0 / medians[0].0,
        medians[1].1 / medians[0].1
    );
}

/// A `/sources add` of page `n` (served at `base`) by a manager of the stand-in's server.
fn sources_add(standin: &StandIn, base: &str, n: u64) -> Value {
    standin.slash_command_from(
        4,
        "sources",
        json!([{ "name": "add", "type": 1, "options": [
            { "name": "link", "type": 3, "value": format!("{base}/a/{n}.txt") },
        ] }]),
        USER,
        &Sender::manager_of(standin.config().guild_id),
        None,
    )
}

/// POSTs `/sources add` to `p` and returns when its outcome was answered (the body, or the
/// edit of a deferred reply reaching the stand-in) and the outcome's text.
async fn add_answered(standin: &StandIn, p: &EndpointProcess, add: &Value) -> (Instant, String) {
    // Recorded on the stand-in as answered, so it lets the deferred reply's edit through.
    let first = p.interact(standin, add).await;
    if first["type"] == 4 {
        let text = first["data"]["content"].as_str().unwrap_or_default();
        return (Instant::now(), text.to_string());
    }
    assert_eq!(first["type"], 5, "{first}");
    let original = format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        standin.config().application_id,
        add["token"].as_str().unwrap()
    );
    let edit = standin
        .wait_for_request(|r| r.is("PATCH", &original), Duration::from_secs(60))
        .await
        .expect("the outcome is edited in");
    let at = Instant::now();
    let body = edit.body.expect("edit body");
    (at, body["content"].as_str().unwrap_or_default().to_string())
}

/// Whether `p` answers `/search` for page `n`'s words by citing it.
async fn finds(
    standin: &StandIn,
    client: &reqwest::Client,
    key: &SigningKey,
    p: &EndpointProcess,
    n: u64,
) -> bool {
    let words = pages::first_sentence_words(n);
    let search = standin.slash_command(
        1,
        "search",
        json!([{ "name": "text", "type": 3, "value": format!("{} {}", words[0], words[1]) }]),
        42,
    );
    let answer = post(client, &p.url, key, &search).await;
    // The cited sentence holds the page's other words; a reply naming only the query does not.
    answer.to_string().contains(&words[6])
}

/// Phase 3: `/sources add` in `a`, then `/search` in `b` every 2 ms until it cites the page,
/// against the same add in `s` (SQLite), `adds` rounds after one warm-up.
async fn reading_list_sharing(
    standin: &StandIn,
    client: &reqwest::Client,
    key: &SigningKey,
    (a, b, s): (&EndpointProcess, &EndpointProcess, &EndpointProcess),
    adds: u64,
) {
    let base = pages::page_server(2 * (adds as usize + 1) + 10);
    let (mut on_sqlite, mut on_postgres) = (Vec::new(), Vec::new());
    let (mut after_answer, mut after_asked) = (Vec::new(), Vec::new());
    for n in 0..=adds {
        let asked = Instant::now();
        let (answered, said) = add_answered(standin, s, &sources_add(standin, &base, n)).await;
        assert!(said.starts_with("Added to"), "SQLite: {said}");
        let sqlite = answered - asked;
        // A page number of its own for A (B must not have it from anywhere else).
        let page = 1_000 + n;
        let asked = Instant::now();
        let (answered, said) = add_answered(standin, a, &sources_add(standin, &base, page)).await;
        assert!(said.starts_with("Added to"), "A: {said}");
        let give_up = answered + Duration::from_secs(30);
        while !finds(standin, client, key, b, page).await {
            assert!(Instant::now() < give_up, "B never found page {page}");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let found = Instant::now();
        if n > 0 {
            on_sqlite.push(sqlite);
            on_postgres.push(answered - asked);
            after_answer.push(found.saturating_duration_since(answered));
            after_asked.push(found - asked);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (sqlite, _) = summary(&mut on_sqlite);
    let rows = [
        (
            "/sources add answered, one process on SQLite (baseline)",
            on_sqlite,
        ),
        (
            "/sources add answered, process A on PostgreSQL",
            on_postgres,
        ),
        ("from A's answer to B citing the page", after_answer),
        ("from A being asked to B citing the page", after_asked),
    ];
    for (what, mut times) in rows {
        let slowest = times.iter().max().copied().unwrap_or_default();
        let (median, _) = summary(&mut times);
        println!(
            "{what:<58} median {median:>8.1} ms ({:.2}× the SQLite add), slowest {:>8.1} ms",
            median / sqlite,
            ms(slowest)
        );
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let seconds = step_seconds("MANY_BENCH_SECONDS", 5);
    let rounds = std::env::var("MANY_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let adds: u64 = std::env::var("MANY_BENCH_ADDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let phases = std::env::var("MANY_BENCH_PHASES").unwrap_or_else(|_| "1,2,3".into());
    let phase = |n: &str| phases.split(',').any(|p| p.trim() == n);
    let (cluster, url) = common::postgres::PgCluster::start_with_database("bench").await;
    let standin = StandIn::start().await;
    let key = endpoint::fresh_key();
    // Pages for phase 3 come from the bench's own server on loopback.
    let on_postgres = [
        ("TREATYBOT__DATABASE__URL", url.as_str()),
        ("TREATYBOT__QUIZ__PAUSE_SECONDS", "0"),
        ("TREATYBOT__FETCH__ALLOW_HOSTS", "127.0.0.1"),
    ];
    let on_sqlite = [
        ("TREATYBOT__QUIZ__PAUSE_SECONDS", "0"),
        ("TREATYBOT__FETCH__ALLOW_HOSTS", "127.0.0.1"),
    ];
    let dirs: Vec<_> = (0..3).map(|_| common::temp_data_dir()).collect();
    let a =
        EndpointProcess::start(&standin, dirs[0].path(), &key, &on_postgres, STARTS_WITHIN).await;
    let b =
        EndpointProcess::start(&standin, dirs[1].path(), &key, &on_postgres, STARTS_WITHIN).await;
    let s = EndpointProcess::start(&standin, dirs[2].path(), &key, &on_sqlite, STARTS_WITHIN).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let work = Arc::new(interactions(&standin));
    // Warm up: every interaction once on each process.
    for p in [&a, &b, &s] {
        for i in work.iter() {
            post(&client, &p.url, &key, i).await;
        }
    }

    if phase("1") {
        println!(
            "HTTP interactions endpoint, serve processes on one PostgreSQL; {seconds:?} a step, \
             {} interactions in turn",
            work.len()
        );
        let (mut one_steps, mut two_steps) = (Vec::new(), Vec::new());
        for c in CONCURRENCY {
            let one =
                throughput("one", c, seconds, &client, &key, vec![a.url.clone()], &work).await;
            let two = throughput(
                "two",
                c,
                seconds,
                &client,
                &key,
                vec![a.url.clone(), b.url.clone()],
                &work,
            )
            .await;
            println!(
                "           C={c:<3} two/one throughput {:.2}, p99 ratio {:.2}",
                two.per_second / one.per_second,
                two.p99.as_secs_f64() / one.p99.as_secs_f64()
            );
            one_steps.push((c, one));
            two_steps.push((c, two));
        }
        let best = |name: &str, steps: &[(usize, Step)]| match best_under_aim(steps) {
            Some((c, s)) => {
                println!(
                    "{name}: best at p99 < 100 ms {:.1} interactions/s with {c} at once (p99 {:.2?})",
                    s.per_second, s.p99
                );
                Some(s.per_second)
            }
            None => {
                println!("{name}: no step kept p99 under 100 ms");
                None
            }
        };
        if let (Some(one), Some(two)) = (best("one", &one_steps), best("two", &two_steps)) {
            println!("two processes / one at p99 < 100 ms: {:.2}", two / one);
        }
    }
    if phase("2") {
        println!("\nquiz round trips through the endpoint, {rounds} rounds (+1 warm-up)");
        quiz_round_trips(
            &standin,
            &client,
            &key,
            &[("sqlite", &s), ("postgres", &a)],
            rounds,
        )
        .await;
    }
    if phase("3") {
        println!("\n/sources add in one process to the article searchable in another, {adds} adds (+1 warm-up)");
        reading_list_sharing(&standin, &client, &key, (&a, &b, &s), adds).await;
    }

    drop((a, b, s));
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}
