//! Failures of a whole command at the binary's edge, in the reader's language: the engine that
//! cannot open its articles (among them a gazetteer or metadata file that is malformed),
//! `index`, `ingest` and `remove` failing as a whole, and `check`'s findings. In Japanese and Russian none holds the English catalogue's phrases or any other
//! run of English words; in English the same check sees every one.

mod common;

use std::path::Path;
use std::process::Output;

use treatybot::present::Lang;

/// What a run printed for its operator, both streams.
fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Overwrites a stretch in the middle of the largest `.store` file of the index under `data`
/// (as a new file renamed over the old, the way tantivy writes), so its checksum fails.
fn damage_a_segment(data: &Path) -> String {
    let store = std::fs::read_dir(data.join("index"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("a .store file");
    let mut bytes = std::fs::read(&store).unwrap();
    let start = bytes.len() / 3;
    for (i, b) in bytes[start..start + 64].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(151) ^ 0x5a;
    }
    let tmp = store.with_extension("scrambled");
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, &store).unwrap();
    store.file_name().unwrap().to_string_lossy().into_owned()
}

/// Every failure and finding, in `lang`: (what, the run).
fn runs(lang: Lang) -> Vec<(&'static str, Output, Vec<String>)> {
    let code = lang.code();
    let fixture = common::root().join("tests/fixtures/news.csv");
    let fixture = fixture.to_str().unwrap();
    let mut out = Vec::new();
    // No articles folder: the engine cannot open, an index cannot be built, an ingest stops.
    let dir = common::temp_data_dir();
    let nowhere = dir.path().join("nowhere");
    let nowhere = nowhere.to_str().unwrap();
    let env = [("TREATYBOT__SEEDS_DIR", nowhere)];
    let given = vec![nowhere.to_string(), fixture.to_string()];
    for (what, args) in [
        ("ask", vec!["ask", "/who Karasin"]),
        ("timeline", vec!["timeline", "1945", "1960"]),
        ("quiz", vec!["quiz", "--dump"]),
        ("index", vec!["index"]),
        ("ingest", vec!["ingest", fixture]),
        ("status", vec!["status"]),
        ("clean", vec!["clean"]),
    ] {
        let mut all = vec!["--lang", code];
        all.extend(args);
        let run = common::run_bin(dir.path(), &all, &env);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", printed(&run));
        out.push((what, run, given.clone()));
    }
    // Inputs an ingest cannot use, for reasons of ours: a path that names nothing, a file of no
    // format treatybot reads, an empty folder, a column that is not there, no text column, a
    // FIFO; and an articles folder with no article in it.
    let dir = common::temp_data_dir();
    let data = dir.path();
    let missing = data.join("no-such-collection.csv").display().to_string();
    let odd = data.join("collection.xyz");
    std::fs::write(&odd, "id,text\n1,words\n").unwrap();
    let odd = odd.display().to_string();
    let empty = data.join("empty-folder");
    std::fs::create_dir(&empty).unwrap();
    let empty = empty.display().to_string();
    let no_text = data.join("no-text.csv");
    std::fs::write(&no_text, "article_id,headline\n1,Ferry\n").unwrap();
    let no_text = no_text.display().to_string();
    let fifo = data.join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let fifo = fifo.display().to_string();
    let columns =
        "article_id, publish_date, article_source_link, title, subtitle, text".to_string();
    for (what, args, given) in [
        (
            "ingest of nothing",
            vec!["ingest", missing.as_str()],
            vec![missing.clone()],
        ),
        (
            "ingest of no format",
            vec!["ingest", odd.as_str()],
            vec![odd.clone()],
        ),
        (
            "ingest of an empty folder",
            vec!["ingest", empty.as_str()],
            vec![empty.clone()],
        ),
        (
            "ingest with no such column",
            vec!["ingest", "--text-column", "body", fixture],
            vec![fixture.to_string(), columns.clone()],
        ),
        (
            "ingest with no text column",
            vec!["ingest", no_text.as_str()],
            vec![no_text.clone(), "article_id, headline".to_string()],
        ),
        (
            "ingest of a FIFO",
            vec!["ingest", fifo.as_str()],
            vec![fifo.clone()],
        ),
    ] {
        let mut all = vec!["--lang", code];
        all.extend(args);
        let run = common::treatybot(data, &all);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", printed(&run));
        out.push((what, run, given));
    }
    let seeds = common::temp_data_dir();
    let no_seeds = seeds.path().display().to_string();
    let run = common::run_bin(
        data,
        &["--lang", code, "ask", "/who Karasin"],
        &[("TREATYBOT__SEEDS_DIR", no_seeds.as_str())],
    );
    assert_eq!(run.status.code(), Some(1), "{}", printed(&run));
    out.push(("an empty articles folder", run, vec![no_seeds]));
    // Data files that are malformed: a gazetteer that is not TOML, one whose `part_of` names no
    // place in it, and a metadata file beside the articles that is not TOML, or not UTF-8.
    let files = common::temp_data_dir();
    let not_toml = files.path().join("places-not-toml.toml");
    std::fs::write(
        &not_toml,
        "[[place]]\nname = \"Ostrov\"\nnames = [\"Ostrov\"\n",
    )
    .unwrap();
    let no_parent = files.path().join("places-no-parent.toml");
    std::fs::write(
        &no_parent,
        "[[place]]\nname = \"Ostrov\"\npart_of = \"Arkhipelag\"\n",
    )
    .unwrap();
    for (what, places, given) in [
        ("a gazetteer that is not TOML", &not_toml, vec![]),
        (
            "a gazetteer naming no such place",
            &no_parent,
            vec!["Ostrov".to_string(), "Arkhipelag".to_string()],
        ),
    ] {
        let places = places.display().to_string();
        let run = common::run_bin(
            data,
            &["--lang", code, "ask", "/who Karasin"],
            &[("TREATYBOT__PLACES_FILE", places.as_str())],
        );
        assert_eq!(run.status.code(), Some(1), "{what}: {}", printed(&run));
        let mut given = given;
        given.push(places);
        out.push((what, run, given));
    }
    // Settings that cannot be used: a number given as a word, an address that is not one, a
    // settings file that is not TOML.
    let config = files.path().join("settings.toml");
    std::fs::write(&config, "data_dir = \n").unwrap();
    let config = config.display().to_string();
    for (what, args, env, given) in [
        (
            "a setting of the wrong kind",
            vec!["ask", "/who Karasin"],
            vec![("TREATYBOT__ANSWERS__MAX_CITATIONS", "five")],
            vec!["answers.max_citations".to_string()],
        ),
        (
            "a setting's value that cannot be used",
            vec!["ask", "/who Karasin"],
            vec![("TREATYBOT__DISCORD__HTTP_LISTEN", "nowhere")],
            vec!["discord.http_listen".to_string()],
        ),
        (
            "a settings file that is not TOML",
            vec!["--config", config.as_str(), "ask", "/who Karasin"],
            vec![],
            vec![config.clone()],
        ),
    ] {
        let mut all = vec!["--lang", code];
        all.extend(args);
        let run = common::run_bin(data, &all, &env);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", printed(&run));
        out.push((what, run, given));
    }
    for (what, metadata) in [
        (
            "a metadata file that is not TOML",
            b"[[article]]\nfile = \"a.txt\"\ndate = 2016-\n".as_slice(),
        ),
        (
            "a metadata file that is not UTF-8",
            b"[[article]]\nfile = \"a\xe9.txt\"\n".as_slice(),
        ),
    ] {
        let seeds = common::temp_data_dir();
        std::fs::copy(
            common::root().join("seeds/001_ef0bbc379dbbae71.txt"),
            seeds.path().join("a.txt"),
        )
        .unwrap();
        let file = seeds.path().join("metadata.toml");
        std::fs::write(&file, metadata).unwrap();
        let seeds = seeds.path().display().to_string();
        let run = common::run_bin(
            data,
            &["--lang", code, "ask", "/who Karasin"],
            &[("TREATYBOT__SEEDS_DIR", seeds.as_str())],
        );
        assert_eq!(run.status.code(), Some(1), "{what}: {}", printed(&run));
        out.push((what, run, vec![file.display().to_string()]));
    }
    // No index yet: `check` finds none, as text and as JSON.
    let dir = common::temp_data_dir();
    let data = dir.path();
    let check = common::treatybot(data, &["--lang", code, "check"]);
    assert_eq!(check.status.code(), Some(1), "{}", printed(&check));
    let given = vec![data.join("index").display().to_string()];
    out.push(("check of no index", check, given.clone()));
    // A journal that is a folder: a removal and an ingest fail as a whole.
    let built = common::treatybot(data, &["index"]);
    assert!(built.status.success(), "{}", printed(&built));
    let journal = data.join("ingested.jsonl");
    std::fs::create_dir(&journal).unwrap();
    let journal = journal.display().to_string();
    for (what, args) in [
        ("remove", vec!["remove", "some-article"]),
        ("ingest into a folder", vec!["ingest", fixture]),
    ] {
        let mut all = vec!["--lang", code];
        all.extend(args);
        let run = common::treatybot(data, &all);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", printed(&run));
        out.push((what, run, vec![journal.clone(), fixture.to_string()]));
    }
    // A damaged segment file: `check` names it and says what is wrong with it.
    let file = damage_a_segment(data);
    let check = common::treatybot(data, &["--lang", code, "check"]);
    assert_eq!(check.status.code(), Some(1), "{}", printed(&check));
    assert!(printed(&check).contains(&file), "{}", printed(&check));
    out.push(("check of a damaged file", check, given.clone()));
    let json = common::treatybot(data, &["--lang", code, "check", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["damaged"][0]["file"], file.as_str(), "{v}");
    assert_eq!(v["damaged"][0]["kind"], "checksum", "{v}");
    let problem = v["damaged"][0]["problem"].as_str().unwrap().to_string();
    let mut shown = json;
    shown.stdout = problem.into_bytes();
    out.push(("check --json", shown, given));
    out
}

#[test]
fn whole_command_failures_and_checks_findings_are_in_the_readers_language() {
    let mut failures = Vec::new();
    for lang in [Lang::En, Lang::Ja, Lang::Ru] {
        for (what, run, given) in runs(lang) {
            let text = printed(&run);
            let given: Vec<&str> = given.iter().map(String::as_str).collect();
            let english_run = common::english_run(&text, &given);
            if lang == Lang::En {
                assert!(
                    english_run.is_some(),
                    "{what}: the check sees English: {text}"
                );
                continue;
            }
            let english = common::english_in(&text);
            if !english.is_empty() || english_run.is_some() || !common::in_script_of(lang, &text) {
                failures.push(format!(
                    "{lang} {what}: {english:?} {english_run:?} in {text}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
