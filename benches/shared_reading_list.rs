//! The time from `/sources add` answered in one process to the article being searchable in
//! another, both on one PostgreSQL (a private cluster on loopback) with their own data
//! directories: process A adds through the shared journal (fetch, read, append, apply, answer);
//! process B applies it when notified. Baselines in the same run: the same add answered by a
//! process on SQLite (the local journal, nothing shared) and by A itself.
//!
//! B is notified when A commits the entry, before A has applied it itself, so B often has the
//! article by the time A answers; the time from A being asked to B having it is shown too.
//!
//! The two "processes" are two engines, stores and replicas in this one process (each with its
//! own PostgreSQL connections, B with its follower task), so the time is read on one clock.
//!
//! Run: `cargo bench --bench shared_reading_list` (`SHARED_BENCH_ADDS` adds, default 20).
//! Pages are plain-text attachments from a server of the bench's own on 127.0.0.1, each its own
//! words (no two are near-duplicates).

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "common/pages.rs"]
mod pages;

use std::sync::Arc;
use std::time::{Duration, Instant};

use treatybot::config::Settings;
use treatybot::discord::changes::Changes;
use treatybot::discord::reading_list::{Added, Addition};
use treatybot::discord::shared_list::{self, Replica};
use treatybot::engine::{Audience, Engine, ServerId};
use treatybot::quiz::{PostgresStore, QuizStore};

const SERVER: ServerId = ServerId(1_100_000_000_000_000_100);
/// Longest the other process may take before the bench gives up on one add.
const GIVE_UP: Duration = Duration::from_secs(30);

fn settings(data: &std::path::Path) -> Settings {
    let mut s = common::settings(data);
    s.fetch.allow_hosts = vec!["127.0.0.1".into()];
    s
}

/// Adds page `n` through `changes` (blocking) and returns how long until it was answered.
fn add(engine: &Engine, changes: &Arc<Changes>, base: &str, n: u64) -> Duration {
    let addition = Addition::Attachment {
        url: format!("{base}/a/{n}.txt"),
        filename: format!("bench-{n}.txt"),
        size: 4_000,
    };
    let t = Instant::now();
    let turn = changes.begin(SERVER).expect("no other change");
    let added = turn.add(engine, &addition);
    let took = t.elapsed();
    assert!(matches!(added, Added::New { .. }), "{added:?}");
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let adds: u64 = std::env::var("SHARED_BENCH_ADDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let (cluster, url) = common::postgres::PgCluster::start_with_database("bench").await;
        let base = pages::page_server(3 * adds as usize + 10);
        let dirs = [
            common::temp_data_dir(),
            common::temp_data_dir(),
            common::temp_data_dir(),
        ];
        let open = |dir: &std::path::Path, url: Option<String>| {
            let s = settings(dir);
            tokio::task::spawn_blocking(move || {
                let engine = Arc::new(Engine::open(&s).expect("engine opens").0);
                let store: Option<Arc<dyn QuizStore>> = url.map(|u| {
                    Arc::new(PostgresStore::connect(&u).expect("store")) as Arc<dyn QuizStore>
                });
                let replica = store.and_then(Replica::new);
                (engine, replica)
            })
        };
        let (local, _) = open(dirs[0].path(), None).await.unwrap();
        let (a, a_replica) = open(dirs[1].path(), Some(url.clone())).await.unwrap();
        let (b, b_replica) = open(dirs[2].path(), Some(url.clone())).await.unwrap();
        let b_replica = b_replica.expect("PostgreSQL keeps a shared journal");
        let follower = tokio::spawn(shared_list::follow(b_replica, Arc::clone(&b)));
        let local_changes = Changes::new(4, None);
        let a_changes = Changes::new(4, a_replica);

        let mut local_times = Vec::new();
        let mut a_times = Vec::new();
        let mut shared_times = Vec::new();
        let mut from_start = Vec::new();
        for i in 0..adds {
            // The same page added by the SQLite process (baseline), then by A.
            let (e, c, b2) = (Arc::clone(&local), Arc::clone(&local_changes), base.clone());
            local_times.push(
                tokio::task::spawn_blocking(move || add(&e, &c, &b2, i))
                    .await
                    .unwrap(),
            );
            let (e, c, b2) = (Arc::clone(&a), Arc::clone(&a_changes), base.clone());
            let asked = Instant::now();
            a_times.push(
                tokio::task::spawn_blocking(move || add(&e, &c, &b2, i))
                    .await
                    .unwrap(),
            );
            let answered = Instant::now();
            let id = format!("{}bench-{i}.txt", SERVER.id_prefix());
            loop {
                let seen = b
                    .seen_by(Audience::server(SERVER))
                    .article_info(&id)
                    .expect("B reads its index");
                if seen.is_some() {
                    break;
                }
                assert!(answered.elapsed() < GIVE_UP, "B never had {id}");
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            shared_times.push(answered.elapsed());
            from_start.push(asked.elapsed());
        }
        follower.abort();
        let (local_ms, a_ms) = (ms(median(local_times)), ms(median(a_times)));
        let shared = shared_times.clone();
        let shared_ms = ms(median(shared_times));
        let worst = shared.iter().max().copied().map(ms).unwrap_or(0.0);
        let start_ms = ms(median(from_start));
        println!("| what (median of {adds} adds) | ms | ratio to the SQLite add |");
        println!("| --- | ---: | ---: |");
        println!(
            "| `/sources add` answered, one process on SQLite (baseline) | {local_ms:.0} | 1.00 |"
        );
        println!(
            "| `/sources add` answered, process A on PostgreSQL | {a_ms:.0} | {:.2} |",
            a_ms / local_ms
        );
        println!(
            "| from A's answer to the article searchable in process B | {shared_ms:.0} | {:.2} |",
            shared_ms / local_ms
        );
        println!(
            "| from A being asked to the article searchable in process B | {start_ms:.0} | {:.2} |",
            start_ms / local_ms
        );
        println!("(slowest of the {adds} from A's answer to B: {worst:.0} ms)");
        tokio::task::spawn_blocking(move || drop(cluster))
            .await
            .unwrap();
    });
}
