//! Ingesting collections: each input format, bad rows, idempotence, near-duplicates, interrupted
//! ingests, rebuilds, a running engine picking new articles up, and answers that still cite the
//! dispute's articles first among thousands of unrelated ones. Fixtures are in tests/fixtures/.

mod common;
use common::Said;
use common::{ask_engine as ask, cited_ids as ids};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use treatybot::config::Settings;
use treatybot::engine::Engine;
use treatybot::error::Error;
use treatybot::ingest::{self, IngestOptions, IngestReport};

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures").join(name)
}

fn run(settings: &Settings, paths: &[PathBuf]) -> IngestReport {
    ingest::ingest(settings, paths, IngestOptions::from_settings(settings)).expect("ingest runs")
}

fn skipped(r: &IngestReport) -> Vec<(usize, String)> {
    r.skipped
        .iter()
        .map(|b| (b.line, b.reason.to_string()))
        .collect()
}

#[test]
fn csv_rows_are_cited_by_their_id_link_and_host_and_bad_rows_are_reported_by_line() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let report = run(&settings, &[fixture("news.csv")]);

    assert_eq!(report.added, 5, "{report:#?}");
    let bad = skipped(&report);
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert_eq!(bad[0].0, 5);
    assert!(bad[0].1.contains("empty"), "{bad:?}");
    assert_eq!(bad[1].0, 6);
    assert!(bad[1].1.contains("fields"), "{bad:?}");
    // A date that cannot be read keeps the article, undated, and says so with its line.
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].line, 7);
    assert!(report.warnings[0].reason.to_string().contains("someday"));
    // The same story from another wire is set aside and the first one cited.
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].id, "9050");
    assert_eq!(report.duplicates[0].of, "9001");
    assert_eq!(report.duplicates[0].origin, "news.csv:14");
    assert_eq!(report.total_articles, 5 + 5);

    let (engine, _) = Engine::open(&settings).unwrap();
    let a = ask(&engine, "/who Suga");
    assert!(
        a.said()
            .as_deref()
            .unwrap()
            .starts_with("Yoshihide Suga — Chief Cabinet Secretary"),
        "{:?}",
        a.said()
    );
    let top = &a.citations[0].source;
    assert_eq!(top.id, "9001");
    assert_eq!(top.file, "news.csv");
    assert_eq!(
        top.url.as_deref(),
        Some("http://www.example-news.jp/politics/9001")
    );
    assert_eq!(top.outlet, "example-news.jp", "outlet from the link's host");
    assert_eq!(top.date, "2017-03-21");
    assert!(
        !ids(&a).contains(&"9050".to_string()),
        "the near-duplicate is never cited"
    );

    // Mis-encoded punctuation is mended before anything is indexed or quoted.
    let a = ask(&engine, "/search coach match fair");
    let c = &a.citations[0];
    assert_eq!(c.source.id, "9003");
    assert_eq!(c.source.title, "Coach’s gamble pays off");
    assert!(
        c.excerpt.contains(
            "The team’s coach said the match was hard but fair,” adding that the players’ effort"
        ),
        "{}",
        c.excerpt
    );
    assert!(!c.excerpt.contains("â€") && !c.excerpt.contains("\"?"));

    // A multi-line text field is cleaned like a file: headline and call to action go.
    let a = ask(&engine, "/search storm warning coast");
    let storm: Vec<_> = a
        .citations
        .iter()
        .filter(|c| c.source.id == "9006")
        .collect();
    assert!(!storm.is_empty());
    assert!(storm.iter().all(|c| !c.excerpt.contains("Subscribe")));
    assert_eq!(storm[0].source.date, "unknown");
}

#[test]
fn json_lines_keys_are_detected_and_broken_lines_reported() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let report = run(&settings, &[fixture("news.jsonl")]);
    assert_eq!(report.added, 3, "{report:#?}");
    let bad = skipped(&report);
    assert_eq!(
        bad.iter().map(|b| b.0).collect::<Vec<_>>(),
        [3, 4],
        "{bad:?}"
    );
    assert!(bad[0].1.contains("not valid JSON"));
    assert!(bad[1].1.contains("not a JSON object"));

    let (engine, _) = Engine::open(&settings).unwrap();
    let a = ask(&engine, "/who Kozhemyako");
    let top = &a.citations[0].source;
    assert_eq!(top.id, "j1");
    assert_eq!(
        top.outlet, "Sakhalin Daily",
        "an outlet column wins over the link"
    );
    assert_eq!(top.title, "Kurils council meets in Sakhalin");
    let a = ask(&engine, "/search id number cited");
    assert_eq!(
        a.citations[0].source.id, "7",
        "a numeric id is kept as text"
    );
    let a = ask(&engine, "/search bakery rye bread prize");
    assert_eq!(
        a.citations[0].source.outlet, "food.example.com",
        "empty outlet: the host"
    );
}

#[test]
fn a_folder_with_metadata_is_read_like_the_seeds() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let report = run(&settings, &[fixture("folder")]);
    assert_eq!(report.added, 2, "{report:#?}");
    let (engine, _) = Engine::open(&settings).unwrap();
    let a = ask(&engine, "/who Tanaka");
    let c = &a.citations[0];
    assert_eq!(c.source.id, "101_shikotan.txt");
    assert_eq!(c.source.title, "Visa-free visits to Shikotan resume");
    assert_eq!(c.source.date, "2017-05-12");
    assert_eq!(
        c.source.paragraph,
        Some(1),
        "headline and date stamp cleaned away"
    );
    assert!(!c.excerpt.contains("Follow us"));
    let a = ask(&engine, "/search orchids greenhouses");
    let c = &a.citations[0];
    assert_eq!(c.source.id, "102_garden.md");
    assert_eq!(c.source.date, "unknown");
}

#[test]
fn ingesting_the_same_thing_twice_changes_nothing() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let paths = [
        fixture("news.csv"),
        fixture("news.jsonl"),
        fixture("folder"),
    ];
    let first = run(&settings, &paths);
    assert_eq!(first.added, 10);
    let index = data.path().join("index");
    let meta_before = std::fs::read(index.join("meta.json")).unwrap();
    let journal_before = std::fs::read(data.path().join("ingested.jsonl")).unwrap();

    let second = run(&settings, &paths);
    assert_eq!(second.added, 0, "{second:#?}");
    assert_eq!(
        second.unchanged, 11,
        "ten articles and the recorded duplicate"
    );
    assert!(second.duplicates.is_empty());
    assert_eq!(second.total_articles, first.total_articles);
    assert_eq!(second.total_passages, first.total_passages);
    assert_eq!(
        std::fs::read(index.join("meta.json")).unwrap(),
        meta_before,
        "no commit at all"
    );
    assert_eq!(
        std::fs::read(data.path().join("ingested.jsonl")).unwrap(),
        journal_before
    );
}

#[test]
fn the_same_story_from_another_source_is_cited_once() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    // A seed file's story, arriving again as a CSV row with its own id, furniture stripped.
    let seed = common::seed_text("004_001ad3390d2de21d.txt");
    let body: Vec<&str> = seed
        .lines()
        .filter(|l| l.split_whitespace().count() > 12)
        .collect();
    let csv = data.path().join("wire.csv");
    let mut w = csv::Writer::from_path(&csv).unwrap();
    w.write_record(["id", "date", "url", "title", "text"])
        .unwrap();
    w.write_record([
        "wire-1",
        "2017-03-20",
        "http://tass.com/world/936428",
        "Tokyo, Moscow to continue close work on peace treaty",
        &body.join(" "),
    ])
    .unwrap();
    w.flush().unwrap();
    let report = run(&settings, &[csv]);
    assert_eq!(report.added, 0, "{report:#?}");
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].of, "004_001ad3390d2de21d.txt");
    let (engine, _) = Engine::open(&settings).unwrap();
    let a = ask(&engine, "/search close work on a peace treaty");
    assert!(!ids(&a).contains(&"wire-1".to_string()));
    assert!(ask(&engine, "/sources")
        .said()
        .unwrap()
        .contains("1 near-duplicate article set aside"));
}

#[test]
fn an_interrupted_ingest_leaves_whole_batches_and_the_next_one_finishes_the_job() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let (engine, _) = Engine::open(&settings).unwrap();
    let mut options = IngestOptions::from_settings(&settings);
    options.batch_articles = 2;
    options.fail_after = Some(3);
    let err = ingest::ingest(&settings, &[fixture("news.csv")], options).unwrap_err();
    assert!(matches!(err, Error::Interrupted(_)), "{err}");

    // The first batch (two articles) is in; the second was written but never committed.
    engine.refresh().unwrap();
    let (articles, passages) = engine.size();
    assert_eq!(articles, 5 + 2);
    assert!(passages > 0);
    let a = ask(&engine, "/who Suga");
    assert_eq!(ids(&a)[0], "9001");
    assert!(ask(&engine, "/search coach match fair")
        .citations
        .iter()
        .all(|c| c.source.id != "9003"));
    // A fresh open (another process would do the same) finds a whole, usable index.
    let (reopened, state) = Engine::open(&settings).unwrap();
    assert_eq!(state, treatybot::engine::IndexState::Opened);
    assert_eq!(reopened.size().0, 7);
    // A rebuild now replays only what was committed.
    assert_eq!(Engine::rebuild(&settings).unwrap().size().0, 7);

    let report = run(&settings, &[fixture("news.csv")]);
    assert_eq!(report.unchanged, 2);
    assert_eq!(report.added, 3);
    assert_eq!(report.total_articles, 5 + 5);
    let journal = std::fs::read_to_string(data.path().join("ingested.jsonl")).unwrap();
    assert_eq!(
        journal.lines().count(),
        6,
        "five articles and the duplicate"
    );
}

#[test]
fn a_rebuild_keeps_every_ingested_article() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let first = run(&settings, &[fixture("news.csv"), fixture("news.jsonl")]);
    let engine = Engine::rebuild(&settings).unwrap();
    assert_eq!(engine.size(), (first.total_articles, first.total_passages));
    assert_eq!(engine.duplicate_count(), 1);
    assert_eq!(ids(&ask(&engine, "/who Suga"))[0], "9001");
    let again = run(&settings, &[fixture("news.csv"), fixture("news.jsonl")]);
    assert_eq!(again.added, 0, "{again:#?}");
}

#[test]
fn a_running_engine_sees_new_articles_without_a_restart() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Engine>();

    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let (engine, _) = Engine::open(&settings).unwrap();
    let before = ask(&engine, "/who Kozhemyako");
    assert!(before.citations.is_empty());

    // Another handle (as `treatybot ingest` in another process would) adds the articles.
    run(&settings, &[fixture("news.jsonl")]);

    // No call to the engine: its watcher loads the commit on its own.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        seen = ids(&ask(&engine, "/who Kozhemyako"));
        if !seen.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(seen.first().map(String::as_str), Some("j1"));
    assert_eq!(engine.size().0, 5 + 3);
    // The answer's register and the passages come from the same commit.
    let a = ask(&engine, "/who Kozhemyako");
    assert!(a.said().unwrap().starts_with("Oleg Kozhemyako — Governor"));

    // The engine's own data directory in another process: the binary answers too.
    let out = std::process::Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data.path())
        .env("TREATYBOT_CONFIG_DIR", data.path().join("no-config"))
        .args(["ask", "--json", "/who Kozhemyako"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"id\":\"j1\""));
}

#[test]
fn rows_over_the_size_limit_are_skipped_by_line() {
    let data = common::temp_data_dir();
    let mut settings = common::settings(data.path());
    settings.ingest.max_article_bytes = 300;
    let report = run(&settings, &[fixture("news.csv")]);
    let long: Vec<_> = report
        .skipped
        .iter()
        .filter(|b| b.reason.to_string().contains("over the limit"))
        .map(|b| b.line)
        .collect();
    assert_eq!(long, [2, 14], "{report:#?}");
    assert_eq!(report.added, 4);
}

#[test]
fn named_columns_override_detection_and_a_missing_one_is_an_error() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let mut options = IngestOptions::from_settings(&settings);
    options.columns.title = Some("subtitle".into());
    options.id_prefix = "x-".into();
    ingest::ingest(&settings, &[fixture("news.csv")], options).unwrap();
    let (engine, _) = Engine::open(&settings).unwrap();
    let a = ask(&engine, "/who Suga");
    assert_eq!(a.citations[0].source.title, "Tokyo calls it regrettable");
    assert_eq!(a.citations[0].source.id, "x-9001");

    let mut options = IngestOptions::from_settings(&settings);
    options.columns.text = Some("body".into());
    let err = ingest::ingest(&settings, &[fixture("news.csv")], options)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no column \"body\""), "{err}");
    let err = ingest::ingest(
        &settings,
        &[fixture("folder/metadata.toml")],
        IngestOptions::from_settings(&settings),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains(".csv"), "{err}");
}

/// Writes `n` articles about anything but the dispute, sharing many of its words ("islands",
/// "visit", "treaty", "Japan", years) so that ranking has real work to do.
fn unrelated_collection(path: &Path, n: usize) {
    let subjects = [
        "The central bank",
        "A football club",
        "The city council",
        "A technology company",
        "The weather service",
        "A film festival",
        "The health ministry",
        "A shipping firm",
    ];
    let verbs = [
        "announced a new plan for",
        "warned about",
        "signed a trade treaty on",
        "held talks about",
        "opened an inquiry into",
        "celebrated",
        "planned a visit to",
        "reported record sales in",
    ];
    let objects = [
        "the Canary Islands",
        "the Pacific islands",
        "exports to Japan",
        "the summer season",
        "the new stadium",
        "the state budget",
        "island tourism",
        "a visit by foreign ministers",
    ];
    let mut seed = 12345u64;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["id", "date", "url", "title", "text"])
        .unwrap();
    for i in 0..n {
        let mut text = String::new();
        for _ in 0..5 {
            text.push_str(&format!(
                "{} {} {} in {}. ",
                subjects[next(subjects.len())],
                verbs[next(verbs.len())],
                objects[next(objects.len())],
                1950 + next(70)
            ));
        }
        text.push_str(&format!("The story was number {i}."));
        w.write_record([
            format!("u{i}"),
            format!("2017-0{}-1{}", 1 + next(9), next(9)),
            format!("https://news{}.example.com/{i}", next(20)),
            format!("Report {i}"),
            text,
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn among_thousands_of_unrelated_articles_the_dispute_is_still_cited_first() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let csv = data.path().join("unrelated.csv");
    unrelated_collection(&csv, 2000);
    let report = run(&settings, &[csv]);
    assert!(report.added > 1900, "{} added", report.added);
    let (engine, _) = Engine::open(&settings).unwrap();

    // The quiz draws from a bounded set of passages, the dispute's first: the seeds' 54
    // passages lead, whatever else the collection holds.
    let drawn = engine
        .seen_by(treatybot::engine::Audience::SHARED)
        .quiz_passages(&treatybot::engine::QuizScope::Everything, 60)
        .unwrap();
    assert_eq!(drawn.len(), 60);
    assert!(drawn[..54]
        .iter()
        .all(|p| p.source.on_topic && p.source.id.ends_with(".txt")));
    let bank =
        treatybot::quiz::generate(engine.seen_by(treatybot::engine::Audience::SHARED), 0).unwrap();
    let seeds_only = treatybot::quiz::generate(
        common::engine().seen_by(treatybot::engine::Audience::SHARED),
        0,
    )
    .unwrap();
    assert!(
        seeds_only.iter().all(|q| bank
            .iter()
            .any(|b| (b.kind, &b.sentence) == (q.kind, &q.sentence))),
        "every question of the seeds is still drawn among 2,000 other articles"
    );

    let a = ask(&engine, "/who Karasin");
    assert_eq!(ids(&a)[0], "000_481bb49a1f79b1e4.txt");
    let a = ask(&engine, "/when 1956");
    assert!(
        a.said().as_deref().unwrap().starts_with("19 October 1956"),
        "{:?}",
        a.said()
    );
    assert_eq!(
        ids(&a)[..2],
        ["002_c63ebe5c899955f1.txt", "004_001ad3390d2de21d.txt"]
    );
    let a = ask(&engine, "/when Krasnoyarsk");
    assert_eq!(ids(&a)[0], "000_481bb49a1f79b1e4.txt");
    let a = ask(&engine, "/ask Who visited the disputed islands last year?");
    let short = a.short_answer.as_ref().map(|s| s.value.as_str());
    assert!(short.is_some_and(|v| v.contains("Medvedev")), "{short:?}");
    assert_eq!(ids(&a)[0], "001_ef0bbc379dbbae71.txt");
    let a = ask(&engine, "/ask How many islands are in dispute?");
    assert!(ids(&a)[0].ends_with(".txt"), "{:?}", ids(&a));
    let a = ask(&engine, "/what jurisdiction of the islands");
    assert_eq!(ids(&a)[0], "002_c63ebe5c899955f1.txt");
    let a = ask(&engine, "/where Kunashiri");
    assert!(
        ids(&a).iter().all(|id| id.ends_with(".txt")),
        "{:?}",
        ids(&a)
    );
    let a = ask(&engine, "/timeline 1945 1960");
    assert!(a.citations[0].source.id.ends_with(".txt"));
    let a = ask(&engine, "/sources");
    assert!(a.said().unwrap().starts_with(&format!(
        "{} articles; the first 25:",
        report.total_articles
    )));
    assert_eq!(a.sources.len(), 25);
    assert_eq!(a.sources[0].id, "000_481bb49a1f79b1e4.txt");
}

#[test]
fn the_command_line_reports_what_it_did_and_status_tells_what_is_there() {
    let data = common::temp_data_dir();
    let run = |args: &[&str]| {
        std::process::Command::new(common::bin())
            .current_dir(common::root())
            .env("TREATYBOT__DATA_DIR", data.path())
            .env("TREATYBOT_CONFIG_DIR", data.path().join("no-config"))
            .env_remove("RUST_LOG")
            .args(args)
            .output()
            .expect("treatybot runs")
    };
    let out = run(&["ingest", "tests/fixtures/news.csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Added 5 articles"), "{text}");
    assert!(text.contains("news.csv:5: the text is empty"), "{text}");
    assert!(text.contains("9050 (news.csv:14) repeats 9001"), "{text}");
    assert!(text.contains("The index now holds 10 articles"), "{text}");
    assert!(
        out.stderr.is_empty(),
        "no progress bar off a terminal: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = run(&["ingest", "--json", "tests/fixtures/news.csv"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 0);
    assert_eq!(v["unchanged"], 6);

    let out = run(&["status", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["articles"], 10);
    assert_eq!(v["duplicates"], 1);
    assert!(v["index_bytes"].as_u64().unwrap() > 0);

    let out = run(&["ingest", "tests/fixtures/no-such-file.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.csv"));
}

#[test]
fn a_query_that_meets_a_damaged_store_rebuilds_the_index_and_still_answers() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    run(&settings, &[fixture("news.csv")]);
    let (healthy, _) = Engine::open(&settings).unwrap();
    let expected = ask(&healthy, "/who Karasin");
    assert!(!expected.citations.is_empty());
    drop(healthy);

    // Overwrite the first quarter of every stored-passage file of many blocks in place (the
    // length, the block index at the end and the last block stay, so opening and its spot check
    // of each segment's last passage still pass): the seeds' passages, which /who Karasin
    // cites first, are garbage now.
    let index = dir.path().join("index");
    let mut damaged = 0;
    for entry in std::fs::read_dir(&index).unwrap() {
        let p = entry.unwrap().path();
        let len = std::fs::metadata(&p).unwrap().len();
        if p.extension().is_some_and(|x| x == "store") && len >= 8 * 1024 {
            // Written over in place, never truncated: a file some reader still maps must not
            // shrink under it.
            use std::io::{Seek, SeekFrom, Write};
            let mut file = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
            file.seek(SeekFrom::Start(16)).unwrap();
            file.write_all(&vec![0xA5; len as usize / 4 - 16]).unwrap();
            file.sync_all().unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0, "no .store file found in {}", index.display());

    let (engine, state) = Engine::open(&settings).expect("opens");
    assert_eq!(
        state,
        treatybot::engine::IndexState::Opened,
        "the damage is not seen at open"
    );
    let answer = ask(&engine, "/who Karasin");
    assert_eq!(answer.said(), expected.said());
    assert_eq!(ids(&answer), ids(&expected));
    // The rebuild kept the ingested articles (replayed from the journal), and the store is whole.
    let listed = ask(&engine, "/sources");
    assert!(listed.said().unwrap().contains("articles"));
    for entry in std::fs::read_dir(&index).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "store") {
            let bytes = std::fs::read(&p).unwrap();
            assert!(!bytes[16..bytes.len() / 4].iter().all(|b| *b == 0xA5));
        }
    }
    let (reopened, _) = Engine::open(&settings).unwrap();
    assert_eq!(ids(&ask(&reopened, "/who Karasin")), ids(&expected));
    assert_eq!(
        ask(&reopened, "/sources").said(),
        ask(&engine, "/sources").said()
    );
}

/// The knowledge file the index's last commit names (the highest generation).
fn last_knowledge_file(index: &Path) -> PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let generation: u64 = name
                .strip_prefix("knowledge-")?
                .strip_suffix(".json")?
                .parse()
                .ok()?;
            Some((generation, p))
        })
        .max()
        .map(|(_, p)| p)
        .expect("a knowledge file")
}

#[test]
fn a_failure_that_is_not_damage_is_reported_and_nothing_is_rebuilt() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    drop(Engine::open(&settings).unwrap());
    let index = dir.path().join("index");
    let meta = std::fs::read(index.join("meta.json")).unwrap();

    // The system refuses to read a file of the index (a folder where the knowledge file is:
    // EISDIR, the way a permission would refuse it for a user other than root). A rebuild
    // would not mend that, and must not replace an index nothing is wrong with.
    let knowledge = last_knowledge_file(&index);
    let good = std::fs::read(&knowledge).unwrap();
    std::fs::remove_file(&knowledge).unwrap();
    std::fs::create_dir(&knowledge).unwrap();
    let err = Engine::open(&settings)
        .err()
        .expect("opening reports the failure");
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    let name = knowledge
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(err.to_string().contains(&name), "names the file: {err}");
    assert_eq!(
        std::fs::read(index.join("meta.json")).unwrap(),
        meta,
        "no rebuild"
    );
    assert!(knowledge.is_dir(), "the index was left as it was");
    let building: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("building"))
        .collect();
    assert!(building.is_empty(), "no build was started: {building:?}");

    // Put back, the index opens as it was.
    std::fs::remove_dir(&knowledge).unwrap();
    std::fs::write(&knowledge, &good).unwrap();
    let (_, state) = Engine::open(&settings).unwrap();
    assert_eq!(state, treatybot::engine::IndexState::Opened);

    // The same file garbled is damage: rebuilt.
    std::fs::write(&knowledge, b"garbage").unwrap();
    let (engine, state) = Engine::open(&settings).unwrap();
    assert_eq!(state, treatybot::engine::IndexState::Rebuilt);
    assert!(!ask(&engine, "/who Karasin").citations.is_empty());
}
