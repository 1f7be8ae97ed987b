//! Correcting and removing articles: a new version replaces the old one, `treatybot remove` takes
//! articles out, and either way nothing the old version brought is left (passages, roles, people
//! known only from it, years, named events, near-duplicate entries), in the live index, after a
//! rebuild and in an engine that was already running. Seeds are refused; an interrupted removal
//! or replacement leaves the index as it was. Fixtures are in tests/fixtures/remove/.

mod common;
use common::Said;
use common::{ask_engine as ask, cited_ids as ids};
#[path = "common/generated.rs"]
mod generated;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use treatybot::config::Settings;
use treatybot::engine::{CommandKind, Engine};
use treatybot::error::Error;
use treatybot::ingest::{self, remove::remove_with, IngestOptions, IngestReport};

const SEED: &str = "004_001ad3390d2de21d.txt";

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/remove").join(name)
}

fn run(settings: &Settings, name: &str) -> IngestReport {
    ingest::ingest(
        settings,
        &[fixture(name)],
        IngestOptions::from_settings(settings),
    )
    .expect("ingest runs")
}

fn cites(engine: &Engine, line: &str, id: &str) -> bool {
    ids(&ask(engine, line)).iter().any(|i| i == id)
}

fn who_suggestions(engine: &Engine, partial: &str) -> Vec<String> {
    engine
        .seen_by(treatybot::engine::Audience::SHARED)
        .suggest(CommandKind::Who, partial, 10)
        .into_iter()
        .map(|s| s.value)
        .collect()
}

fn when_suggestions(engine: &Engine, partial: &str) -> Vec<String> {
    engine
        .seen_by(treatybot::engine::Audience::SHARED)
        .suggest(CommandKind::When, partial, 25)
        .into_iter()
        .map(|s| s.value)
        .collect()
}

fn sources_heading(engine: &Engine) -> String {
    let answer = ask(engine, "/sources").said().unwrap_or_default();
    answer.lines().next().unwrap_or_default().to_string()
}

fn remove(settings: &Settings, ids: &[&str]) -> ingest::RemoveReport {
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    ingest::remove(settings, &ids).expect("removal runs")
}

#[test]
fn a_new_version_replaces_the_old_words_and_the_count_stays() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let first = run(&settings, "first.jsonl");
    assert_eq!(first.added, 2, "{first:#?}");
    let (engine, _) = Engine::open(&settings).unwrap();
    assert!(cites(&engine, "/search deep-water pier", "rm-1"));
    assert!(!when_suggestions(&engine, "Kurilsk Pier").is_empty());
    let size = engine.size();
    let heading = sources_heading(&engine);

    let report = run(&settings, "corrected.jsonl");
    assert_eq!(report.replaced, vec!["rm-1".to_string()], "{report:#?}");
    assert_eq!(report.added, 1);
    assert!(
        report.duplicates.is_empty(),
        "a correction is not a copy of itself"
    );
    assert_eq!(report.total_articles, first.total_articles);

    engine.refresh().unwrap();
    assert!(!cites(&engine, "/search deep-water pier", "rm-1"));
    assert!(cites(&engine, "/search concrete breakwater", "rm-1"));
    assert_eq!(engine.size().0, size.0, "the same number of articles");
    assert_eq!(sources_heading(&engine), heading);
    // The old version's event is gone; its year too (the new one says 2030).
    assert!(when_suggestions(&engine, "Kurilsk Pier").is_empty());
    assert!(!when_suggestions(&engine, "2031").contains(&"2031".to_string()));
    // Only the new version's role for Okuneva is left from rm-1: none (it no longer names her).
    let who = ask(&engine, "/who Okuneva");
    assert!(ids(&who).iter().all(|i| i == "rm-2"), "{:?}", ids(&who));
    assert!(!who.said().unwrap_or_default().contains("Deputy Governor"));

    // The same correction again changes nothing; a rebuild ends where the live index is.
    let again = run(&settings, "corrected.jsonl");
    assert_eq!((again.added, again.unchanged), (0, 1), "{again:#?}");
    assert!(again.replaced.is_empty());
    let rebuilt = Engine::rebuild(&settings).unwrap();
    assert_eq!(rebuilt.size(), engine.size());
    assert!(!cites(&rebuilt, "/search deep-water pier", "rm-1"));
    assert!(cites(&rebuilt, "/search concrete breakwater", "rm-1"));
}

#[test]
fn removing_an_article_takes_its_people_roles_years_and_events_with_it() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    run(&settings, "first.jsonl");
    // Opened before the removal, as a running bot would be.
    let (engine, _) = Engine::open(&settings).unwrap();
    let size = engine.size();
    assert!(cites(&engine, "/who Lentsov", "rm-1"));
    assert_eq!(who_suggestions(&engine, "Lents").len(), 1);
    let okuneva = ask(&engine, "/who Okuneva").said().unwrap_or_default();
    assert!(okuneva.contains("Deputy Governor"), "{okuneva}");
    assert!(when_suggestions(&engine, "2031").contains(&"2031".to_string()));

    let report = remove(&settings, &["rm-1"]);
    assert!(report.complete(), "{report:#?}");
    assert_eq!(report.removed.len(), 1);
    assert_eq!(report.removed[0].id, "rm-1");
    assert_eq!(report.removed[0].title, "Iturup pier to open in 2031");
    assert_eq!(report.removed[0].passages, 2);

    engine.refresh().unwrap();
    assert_eq!(engine.size().0, size.0 - 1);
    assert_eq!(engine.size().1, size.1 - 2);
    // Known only from rm-1: gone from /who and from autocomplete.
    assert!(ask(&engine, "/who Lentsov").citations.is_empty());
    assert!(who_suggestions(&engine, "Lents").is_empty());
    // Named in rm-2 too: still there, with only the role rm-2 gives her.
    let who = ask(&engine, "/who Okuneva");
    assert!(!who.citations.is_empty());
    assert!(ids(&who).iter().all(|i| i == "rm-2"), "{:?}", ids(&who));
    let said = who.said().unwrap_or_default();
    assert!(said.contains("Minister"), "{said}");
    assert!(!said.contains("Deputy Governor"), "{said}");
    assert_eq!(who_suggestions(&engine, "Okun").len(), 1);
    // Its year and its named event are gone from /when.
    assert!(!when_suggestions(&engine, "2031").contains(&"2031".to_string()));
    assert!(when_suggestions(&engine, "Kurilsk Pier").is_empty());
    assert!(!cites(&engine, "/search deep-water pier", "rm-1"));

    // A fresh open sees the same; the id is free again and can be ingested anew.
    let (reopened, _) = Engine::open(&settings).unwrap();
    assert_eq!(reopened.size(), engine.size());
    let back = run(&settings, "first.jsonl");
    assert_eq!((back.added, back.unchanged), (1, 1), "{back:#?}");
}

#[test]
fn a_removed_article_does_not_come_back_with_a_rebuild() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    run(&settings, "first.jsonl");
    remove(&settings, &["rm-1"]);
    let (live, _) = Engine::open(&settings).unwrap();
    let live_articles = live.size().0;

    let rebuilt = Engine::rebuild(&settings).unwrap();
    assert_eq!(rebuilt.size(), live.size());
    assert!(!cites(&rebuilt, "/search deep-water pier", "rm-1"));
    assert!(who_suggestions(&rebuilt, "Lents").is_empty());
    assert!(cites(&rebuilt, "/who Okuneva", "rm-2"));
    // The tombstone is kept through the rebuild's commit: a second rebuild agrees.
    let journal = std::fs::read_to_string(data.path().join("ingested.jsonl")).unwrap();
    assert!(journal.ends_with("{\"removed\":\"rm-1\"}\n"), "{journal}");
    run(&settings, "duplicate_corrected.jsonl");
    let again = Engine::rebuild(&settings).unwrap();
    assert!(!cites(&again, "/search deep-water pier", "rm-1"));
    assert_eq!(again.size().0, live_articles + 1);
}

#[test]
fn a_running_engine_sees_a_removal_on_its_own() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    run(&settings, "first.jsonl");
    let (engine, _) = Engine::open(&settings).unwrap();
    assert!(cites(&engine, "/who Lentsov", "rm-1"));

    // Another process would do the same through the binary.
    let out = std::process::Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data.path())
        .env("TREATYBOT_CONFIG_DIR", data.path().join("no-config"))
        .args(["remove", "rm-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Removed rm-1"));

    // No call to the engine: its watcher loads the commit on its own.
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline && cites(&engine, "/who Lentsov", "rm-1") {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!cites(&engine, "/who Lentsov", "rm-1"));
    assert!(who_suggestions(&engine, "Lents").is_empty());
}

#[test]
fn seeds_are_refused_and_unknown_ids_are_not_found() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    run(&settings, "first.jsonl");
    let meta = data.path().join("index/meta.json");
    let before = std::fs::read(&meta).unwrap();

    let report = remove(&settings, &[SEED, "no-such-article"]);
    assert!(!report.complete());
    assert!(report.removed.is_empty());
    assert_eq!(report.not_found, vec!["no-such-article".to_string()]);
    assert_eq!(
        report.refused,
        vec![(SEED.to_string(), ingest::RemoveRefusal::Seed)]
    );
    assert_eq!(std::fs::read(&meta).unwrap(), before, "nothing committed");
    assert_eq!(report.total_articles, 5 + 2);

    // A new version under a seed's id is refused the same way.
    let csv = data.path().join("seed.csv");
    std::fs::write(
        &csv,
        format!("id,title,text\n{SEED},Not a seed,Some other words about the southern Kurils.\n"),
    )
    .unwrap();
    let r = ingest::ingest(&settings, &[csv], IngestOptions::from_settings(&settings)).unwrap();
    assert_eq!(r.added, 0);
    assert!(r.replaced.is_empty());
    assert!(
        r.skipped[0]
            .reason
            .to_string()
            .contains("is a seed article"),
        "{r:#?}"
    );

    // The binary: exit 1 with the report as JSON when something was not removed, 0 otherwise.
    let bin = |args: &[&str]| {
        std::process::Command::new(common::bin())
            .current_dir(common::root())
            .env("TREATYBOT__DATA_DIR", data.path())
            .env("TREATYBOT_CONFIG_DIR", data.path().join("no-config"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = bin(&["remove", "--json", "no-such-article"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["not_found"], serde_json::json!(["no-such-article"]));
    assert_eq!(json["removed"], serde_json::json!([]));
    let out = bin(&["remove", SEED]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("is a seed article"));
    let out = bin(&["remove", "--json", "rm-2", "rm-2"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["removed"][0]["id"], "rm-2");
    assert_eq!(json["removed"].as_array().unwrap().len(), 1);
}

#[test]
fn a_near_duplicate_can_be_replaced_and_removed() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    run(&settings, "first.jsonl");
    let dup = run(&settings, "duplicate.jsonl");
    assert_eq!(dup.duplicates.len(), 1, "{dup:#?}");
    assert_eq!(dup.duplicates[0].of, "rm-2");

    // New words under the near-duplicate's id: it is indexed now, and no longer set aside.
    let report = run(&settings, "duplicate_corrected.jsonl");
    assert_eq!(report.replaced, vec!["rm-dup".to_string()], "{report:#?}");
    assert_eq!(report.added, 1);
    let (engine, _) = Engine::open(&settings).unwrap();
    assert!(engine.duplicate_count() == 0);
    assert!(cites(&engine, "/search ferry timetable Korsakov", "rm-dup"));
    let rebuilt = Engine::rebuild(&settings).unwrap();
    assert!(rebuilt.duplicate_count() == 0);
    assert_eq!(rebuilt.size(), engine.size());

    // A near-duplicate that was only set aside can be removed too, and stays removed.
    let other = common::temp_data_dir();
    let settings = common::settings(other.path());
    run(&settings, "first.jsonl");
    run(&settings, "duplicate.jsonl");
    let report = remove(&settings, &["rm-dup"]);
    assert!(report.complete(), "{report:#?}");
    assert_eq!(report.removed[0].passages, 0);
    let (engine, _) = Engine::open(&settings).unwrap();
    assert!(engine.duplicate_count() == 0);
    let rebuilt = Engine::rebuild(&settings).unwrap();
    assert!(rebuilt.duplicate_count() == 0);
    assert_eq!(rebuilt.size(), engine.size());
    // Its words are free again: the same article comes back as a near-duplicate, not unchanged.
    let back = run(&settings, "duplicate.jsonl");
    assert_eq!(back.duplicates.len(), 1, "{back:#?}");

    // Removing the article it copies indexes the copy in its place, as if the removed one had
    // never been there; a rebuild agrees.
    let report = remove(&settings, &["rm-2"]);
    assert!(report.complete(), "{report:#?}");
    assert_eq!(report.reinstated, vec!["rm-dup".to_string()]);
    engine.refresh().unwrap();
    assert!(engine.duplicate_count() == 0);
    assert!(cites(&engine, "/search saury pollock", "rm-dup"));
    assert!(!cites(&engine, "/search saury pollock", "rm-2"));
    assert!(cites(&engine, "/who Okuneva", "rm-dup"));
    let rebuilt = Engine::rebuild(&settings).unwrap();
    assert!(rebuilt.duplicate_count() == 0);
    assert_eq!(rebuilt.size(), engine.size());
    assert!(cites(&rebuilt, "/search saury pollock", "rm-dup"));
}

#[test]
fn an_interrupted_removal_or_replacement_leaves_the_index_as_it_was() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    run(&settings, "first.jsonl");
    let (engine, _) = Engine::open(&settings).unwrap();
    let size = engine.size();
    let meta = data.path().join("index/meta.json");
    let before = std::fs::read(&meta).unwrap();

    let err = remove_with(&settings, &["rm-1".to_string()], true).unwrap_err();
    assert!(matches!(err, Error::Interrupted(_)), "{err}");
    assert_eq!(std::fs::read(&meta).unwrap(), before);
    engine.refresh().unwrap();
    assert_eq!(engine.size(), size);
    assert!(cites(&engine, "/who Lentsov", "rm-1"));
    // The journal's uncommitted tombstone is not followed by a rebuild.
    let rebuilt = Engine::rebuild(&settings).unwrap();
    assert!(cites(&rebuilt, "/who Lentsov", "rm-1"));
    assert_eq!(rebuilt.size(), size);

    let mut options = IngestOptions::from_settings(&settings);
    options.fail_after = Some(1);
    let err = ingest::ingest(&settings, &[fixture("corrected.jsonl")], options).unwrap_err();
    assert!(matches!(err, Error::Interrupted(_)), "{err}");
    let (reopened, _) = Engine::open(&settings).unwrap();
    assert_eq!(reopened.size(), size);
    assert!(cites(&reopened, "/search deep-water pier", "rm-1"));
    assert!(!cites(&reopened, "/search concrete breakwater", "rm-1"));

    // Run again, each finishes the job.
    let report = run(&settings, "corrected.jsonl");
    assert_eq!(report.replaced, vec!["rm-1".to_string()]);
    let removed = remove(&settings, &["rm-1"]);
    assert!(removed.complete());
    let rebuilt = Engine::rebuild(&settings).unwrap();
    assert!(!cites(&rebuilt, "/search concrete breakwater", "rm-1"));
    assert!(!cites(&rebuilt, "/search deep-water pier", "rm-1"));
    assert_eq!(rebuilt.size().0, size.0 - 1);
}

#[test]
fn two_versions_in_one_input_keep_the_later() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let both = data.path().join("both.jsonl");
    let mut text = std::fs::read_to_string(fixture("first.jsonl")).unwrap();
    text.push_str(&std::fs::read_to_string(fixture("corrected.jsonl")).unwrap());
    std::fs::write(&both, text).unwrap();
    let r = ingest::ingest(&settings, &[both], IngestOptions::from_settings(&settings)).unwrap();
    assert_eq!(r.added, 2, "{r:#?}");
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].line, 1);
    assert!(
        r.skipped[0]
            .reason
            .to_string()
            .contains("comes again later"),
        "{r:#?}"
    );
    let (engine, _) = Engine::open(&settings).unwrap();
    assert!(cites(&engine, "/search concrete breakwater", "rm-1"));
    assert!(!cites(&engine, "/search deep-water pier", "rm-1"));
}

/// Time to remove one article at the seeds and among a generated collection
/// (`TREATYBOT_REMOVE_ARTICLES`, default 5,000): run with
/// `cargo test --release --test remove -- --ignored --nocapture removal_time`.
#[test]
#[ignore]
fn removal_time_at_the_seeds_and_at_size() {
    let time = |what: &str, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        println!("{what}: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    };
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    run(&settings, "first.jsonl");
    time("remove one article, seeds + 2", &mut || {
        assert!(remove(&settings, &["rm-1"]).complete());
    });
    time("replace one article, seeds + 1", &mut || {
        run(&settings, "duplicate_corrected.jsonl");
    });

    let n: usize = std::env::var("TREATYBOT_REMOVE_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let collection = data.path().join("generated.jsonl");
    generated::write_jsonl(&collection, 0, n);
    time(&format!("ingest {n} generated articles"), &mut || {
        ingest::ingest(
            &settings,
            std::slice::from_ref(&collection),
            IngestOptions::from_settings(&settings),
        )
        .unwrap();
    });
    let (engine, _) = Engine::open(&settings).unwrap();
    let before = engine.size();
    let id = format!("gen-{}", n / 2);
    time(&format!("remove one article of {}", before.0), &mut || {
        assert!(remove(&settings, std::slice::from_ref(&id.as_str())).complete());
    });
    let ids: Vec<String> = (0..100).map(|i| format!("gen-{i}")).collect();
    time("remove 100 articles in one commit", &mut || {
        assert!(ingest::remove(&settings, &ids).unwrap().complete());
    });
    let t = Instant::now();
    engine.refresh().unwrap();
    println!(
        "refresh after the removal: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(engine.size().0, before.0 - 101);
}

/// A page replaced again and again keeps one copy in the journal, not one per version: once
/// superseded versions are most of it, the journal is rewritten with the live records only, and
/// a rebuild from it gives the last version.
#[test]
fn replacements_do_not_pile_up_in_the_journal() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    let input = tempfile::tempdir().unwrap();
    let file = input.path().join("harbour.jsonl");
    // About 200 KB of text per version: ten versions would be 2 MB.
    let body =
        "The harbour board met on Tuesday and the pilots asked for a deeper channel. ".repeat(2700);
    let mut sizes = Vec::new();
    for version in 0..10 {
        let text = format!("Version marker quillwort{version}. {body}");
        let line = serde_json::json!({"id": "harbour-1", "title": "Harbour", "text": text});
        std::fs::write(&file, format!("{line}\n")).unwrap();
        let report = ingest::ingest(
            &settings,
            std::slice::from_ref(&file),
            IngestOptions::from_settings(&settings),
        )
        .expect("ingest runs");
        assert_eq!(report.added, 1, "version {version}: {report:?}");
        sizes.push(
            std::fs::metadata(treatybot::ingest::journal::path(dir.path()))
                .unwrap()
                .len(),
        );
    }
    let one = sizes[0];
    assert!(
        sizes.iter().all(|s| *s <= 6 * one),
        "the journal grew with every version: {sizes:?}"
    );
    assert!(sizes[9] < 10 * one, "{sizes:?}");
    let engine = Engine::rebuild(&settings).expect("rebuild from the compacted journal");
    assert!(cites(&engine, "/search quillwort9", "harbour-1"));
    assert!(!cites(&engine, "/search quillwort8", "harbour-1"));
    let (engine, _) = Engine::open(&settings).unwrap();
    assert!(cites(&engine, "/search quillwort9", "harbour-1"));
}
