//! What a server's reading list costs at size: every command timed on a collection without
//! server additions (the baseline, same run), then again once one server has added an article,
//! asked from that server and from the command line; and the time one addition and its
//! removal take at that size.
//!
//! ```text
//! cargo bench --bench reading_list -- --csv /tmp/treatybot-bench/dataset/NewsArticles.csv \
//!     --scales 1,10 --work /tmp/treatybot-bench
//! ```
//! Scale ×N (N > 1) reads `<work>/news-xN.csv`, which `benches/scale.rs` generates; a scale whose
//! file is missing is skipped. Each scale's data folder (`<work>/reading-xN`) is made afresh: a
//! copy of `benches/scale.rs`'s `<work>/data-xN` when there is one, else by ingesting the CSV.

#[path = "common/cases.rs"]
mod cases;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cases::{settings, CASES};
use treatybot::engine::{Audience, Command, Engine, ServerId};
use treatybot::ingest::{self, IngestOptions};

const SERVER: ServerId = ServerId(1_100_000_000_000_000_100);

struct Args {
    csv: Option<PathBuf>,
    scales: Vec<usize>,
    work: PathBuf,
    iterations: usize,
}

fn args() -> Args {
    let mut a = Args {
        csv: None,
        scales: vec![1],
        work: std::env::temp_dir().join("treatybot-bench"),
        iterations: 100,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--csv" => a.csv = it.next().map(PathBuf::from),
            "--scales" => {
                a.scales = it
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|s| s.trim().parse().ok())
                    .collect()
            }
            "--work" => a.work = it.next().map(PathBuf::from).unwrap_or(a.work),
            "--iterations" => a.iterations = it.next().and_then(|n| n.parse().ok()).unwrap_or(100),
            _ => {}
        }
    }
    a
}

/// Median of each command's times over `iterations` round-robin rounds, in microseconds.
fn time_commands(engine: &Engine, audience: Audience, iterations: usize) -> Vec<f64> {
    let cmds: Vec<Command> = CASES
        .iter()
        .map(|(_, l)| Command::parse(l, 200).expect("valid command"))
        .collect();
    let scoped = engine.seen_by(audience);
    for c in &cmds {
        scoped.answer(c).expect("answers");
    }
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(iterations); cmds.len()];
    for _ in 0..iterations {
        for (i, c) in cmds.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(scoped.answer(c).expect("answers"));
            samples[i].push(t.elapsed());
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort();
            s[s.len() / 2].as_secs_f64() * 1e6
        })
        .collect()
}

fn main() {
    let args = args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = root.join("tests/fixtures/reading_list/lighthouse_survey.txt");
    let mut scales: Vec<(String, Option<PathBuf>)> = vec![("seeds".into(), None)];
    if let Some(csv) = &args.csv {
        for &n in &args.scales {
            let path = if n == 1 {
                csv.clone()
            } else {
                args.work.join(format!("news-x{n}.csv"))
            };
            if path.exists() {
                scales.push((format!("×{n}"), Some(path)));
            } else {
                eprintln!(
                    "×{n}: {} is missing (benches/scale.rs makes it); skipped",
                    path.display()
                );
            }
        }
    }
    println!("| scale | command | no additions µs | with one server's: from that server µs | from the command line µs | ratio (server ÷ none) |");
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    let mut changes = Vec::new();
    for (label, csv) in scales {
        let data = args
            .work
            .join(format!("reading-{}", label.replace('×', "x")));
        let _ = std::fs::remove_dir_all(&data);
        let s = settings(&data);
        // The same collection `benches/scale.rs` built, when it is there: copied, not ingested
        // again.
        let built = args.work.join(format!("data-{}", label.replace('×', "x")));
        let copied = csv.is_some()
            && built.join("index").exists()
            && std::process::Command::new("cp")
                .arg("-r")
                .arg(&built)
                .arg(&data)
                .status()
                .is_ok_and(|st| st.success());
        drop(Engine::open(&s).expect("engine opens"));
        if let Some(csv) = csv.as_ref().filter(|_| !copied) {
            eprintln!("[{label}] ingesting {}", csv.display());
            ingest::ingest(
                &s,
                std::slice::from_ref(csv),
                IngestOptions::from_settings(&s),
            )
            .expect("ingest");
        }
        let (engine, _) = Engine::open(&s).expect("engine opens");
        let before = time_commands(&engine, Audience::SHARED, args.iterations);
        drop(engine);
        let t = Instant::now();
        let options = IngestOptions {
            server: Some(SERVER),
            ..IngestOptions::from_settings(&s)
        };
        let report = ingest::ingest(&s, std::slice::from_ref(&article), options).expect("adds");
        let add_ms = t.elapsed().as_secs_f64() * 1e3;
        assert_eq!(report.added, 1);
        let (engine, _) = Engine::open(&s).expect("engine opens");
        let server = time_commands(&engine, Audience::server(SERVER), args.iterations);
        let shared = time_commands(&engine, Audience::SHARED, args.iterations);
        drop(engine);
        let id = format!("{}lighthouse_survey.txt", SERVER.id_prefix());
        let t = Instant::now();
        let removed = ingest::remove(&s, std::slice::from_ref(&id)).expect("removes");
        let remove_ms = t.elapsed().as_secs_f64() * 1e3;
        assert_eq!(removed.removed.len(), 1);
        for (i, (name, _)) in CASES.iter().enumerate() {
            println!(
                "| {label} | {name} | {:.0} | {:.0} | {:.0} | {:.2} |",
                before[i],
                server[i],
                shared[i],
                server[i] / before[i].max(1e-9)
            );
        }
        changes.push((label, add_ms, remove_ms));
    }
    println!();
    println!("| scale | one addition (ingest of one file for a server), ms | its removal, ms |");
    println!("| --- | ---: | ---: |");
    for (label, add_ms, remove_ms) in changes {
        println!("| {label} | {add_ms:.0} | {remove_ms:.0} |");
    }
}
