//! The `treatybot` binary end to end: JSON shape, exit codes, bad input, configuration, a
//! missing, stale or corrupt index, and a failure while answering (exit code 1).

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use common::treatybot;

fn json(out: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().count(),
        1,
        "exactly one JSON object: {stdout}"
    );
    serde_json::from_str(&stdout).expect("valid JSON")
}

#[test]
fn ask_json_prints_one_object_with_cited_sources() {
    let dir = common::temp_data_dir();
    let out = treatybot(dir.path(), &["ask", "--json", "/who Karasin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["command"], "who");
    assert_eq!(v["query"], "Karasin");
    assert!(v["answer"]
        .as_str()
        .unwrap()
        .contains("Deputy Foreign Minister"));
    let c = &v["citations"][0];
    assert_eq!(c["source"]["id"], "000_481bb49a1f79b1e4.txt");
    assert_eq!(c["source"]["file"], "000_481bb49a1f79b1e4.txt");
    assert_eq!(c["source"]["paragraph"], 8);
    assert_eq!(c["source"]["outlet"], "The Moscow Times");
    for key in ["title", "date"] {
        assert!(c["source"][key].is_string(), "{key}");
    }
}

#[test]
fn bad_input_gets_a_clear_error_and_exit_code_2() {
    let dir = common::temp_data_dir();
    let long = format!("/search {}", "x".repeat(201));
    for input in [
        "",
        "   ",
        "/frobnicate now",
        long.as_str(),
        "/who",
        "/timeline someday",
        "/who Kara\u{7}sin",
    ] {
        let out = treatybot(dir.path(), &["ask", "--json", input]);
        assert_eq!(out.status.code(), Some(2), "{input:?}");
        let v = json(&out);
        let msg = v["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{input:?}: {v}"));
        assert!(!msg.is_empty());
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn odd_but_valid_input_is_answered_without_error() {
    let dir = common::temp_data_dir();
    let inputs = [
        "/search \"(:AND*~^\\",
        "/who @everyone",
        "/search <@123456789> @here",
        "/where 北方領土",
        "/who 🤔🤔",
        "/ask Кто такой Лавров?",
        "/what NOT OR AND",
        "/search title:peace AND (treaty OR war)",
    ];
    for input in inputs {
        let out = treatybot(dir.path(), &["ask", "--json", input]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{input:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = json(&out);
        assert!(v["answer"].is_string(), "{input:?}: {v}");
        assert!(v["citations"].is_array());
    }
    let out = treatybot(dir.path(), &["ask", "--json", "/who Zelensky"]);
    let v = json(&out);
    assert!(v["answer"]
        .as_str()
        .unwrap()
        .starts_with("No mention of “Zelensky”"));
    assert_eq!(v["citations"].as_array().unwrap().len(), 0);
    let out = treatybot(dir.path(), &["ask", "--json", "/where 北方領土"]);
    assert!(json(&out)["answer"]
        .as_str()
        .unwrap()
        .contains("Northern Territories"));
}

#[test]
fn stdin_mode_answers_one_line_at_a_time() {
    let dir = common::temp_data_dir();
    let mut child = Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", dir.path())
        .args(["ask", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/when 1956\n\n/bogus\n/where Hokkaido\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["command"], "when");
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["command"], "where");
}

#[test]
fn a_corrupt_index_is_rebuilt_and_a_changed_corpus_detected() {
    let dir = common::temp_data_dir();
    assert!(treatybot(dir.path(), &["ask", "--json", "/who Karasin"])
        .status
        .success());
    let index = dir.path().join("index");
    // Damage every file of the index.
    for entry in std::fs::read_dir(&index).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::write(&p, b"garbage").unwrap();
        }
    }
    let out = treatybot(dir.path(), &["ask", "--json", "/who Karasin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["citations"][0]["source"]["paragraph"], 8);

    // A missing index is built; `index` rebuilds on demand.
    std::fs::remove_dir_all(&index).unwrap();
    let out = treatybot(dir.path(), &["index"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("from 5 articles"));
}

/// Overwrites the first quarter of every stored-passage file of many blocks in place, as
/// `tests/ingest.rs` does: opening (and its spot check of each segment's last passage) still
/// passes, but the seeds' passages, which `/who Karasin` cites, are garbage.
fn damage_the_passage_store(index: &Path) {
    use std::io::{Seek, SeekFrom};
    let mut damaged = 0;
    for entry in std::fs::read_dir(index).unwrap() {
        let p = entry.unwrap().path();
        let len = std::fs::metadata(&p).unwrap().len();
        if p.extension().is_some_and(|x| x == "store") && len >= 8 * 1024 {
            let mut file = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
            file.seek(SeekFrom::Start(16)).unwrap();
            file.write_all(&vec![0xA5; len as usize / 4 - 16]).unwrap();
            file.sync_all().unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0, "no .store file found in {}", index.display());
}

/// `treatybot ask --json -` with `input` on stdin.
fn ask_batch(data: &Path, input: &str) -> Output {
    let mut child = Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data)
        .env("TREATYBOT_CONFIG_DIR", data.join("no-config"))
        .env_remove("RUST_LOG")
        .args(["ask", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_failure_while_answering_exits_1_and_says_what_failed() {
    let dir = common::temp_data_dir();
    // An ingest first: store files of many blocks, and a journal that a rebuild must replay.
    let news = common::root().join("tests/fixtures/news.csv");
    let out = treatybot(dir.path(), &["ingest", news.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    damage_the_passage_store(&dir.path().join("index"));
    // The rebuild a damaged store calls for cannot happen: the journal it replays is a folder
    // now, which opens but cannot be read (root ignores permissions, so chmod would not do).
    let journal = dir.path().join("ingested.jsonl");
    std::fs::remove_file(&journal).unwrap();
    std::fs::create_dir(&journal).unwrap();

    let out = treatybot(dir.path(), &["ask", "/who Karasin"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("Could not answer"), "{said}");
    assert!(said.contains("ingested.jsonl"), "names what failed: {said}");
    assert!(!said.contains("panicked"), "{said}");

    let out = treatybot(dir.path(), &["ask", "--json", "/who Karasin"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let error = v["error"].as_str().unwrap_or_else(|| panic!("{v}"));
    assert!(error.contains("ingested.jsonl"), "{error}");

    // A batch answers every line it can, and still exits 1 because one failed.
    let out = ask_batch(dir.path(), "/help\n/who Karasin\n");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["command"], "help");
    assert!(lines[1]["error"].is_string(), "{}", lines[1]);
    // Lines that all answer exit 0, on the same damaged index.
    let out = ask_batch(dir.path(), "/help\n/help\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_stale_index_is_rebuilt_when_the_articles_change() {
    let data = common::temp_data_dir();
    let seeds = common::temp_data_dir();
    for e in std::fs::read_dir(common::root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, seeds.path().join(p.file_name().unwrap())).unwrap();
    }
    let run = |q: &str| {
        let out = Command::new(common::bin())
            .current_dir(common::root())
            .env("TREATYBOT__DATA_DIR", data.path())
            .env("TREATYBOT__SEEDS_DIR", seeds.path())
            .args(["ask", "--json", q])
            .output()
            .unwrap();
        json(&out)
    };
    assert_eq!(run("/who Zorkin")["citations"].as_array().unwrap().len(), 0);
    std::fs::write(
        seeds.path().join("005_extra.txt"),
        "Chief Justice Valery Zorkin of Russia spoke about the islands on Monday.\n",
    )
    .unwrap();
    let v = run("/who Zorkin");
    assert_eq!(v["citations"][0]["source"]["id"], "005_extra.txt");
}

#[test]
fn broken_configuration_names_the_key_and_exits_1() {
    let dir = common::temp_data_dir();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[answers]\nmax_citations = \"lots\"\n").unwrap();
    let out = treatybot(
        dir.path(),
        &["--config", cfg.to_str().unwrap(), "ask", "/who Karasin"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("max_citations"), "{err}");
    assert!(!err.contains("panicked"));

    let out = Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", dir.path())
        .env("TREATYBOT__ANSWERS__MAX_CITATIONS", "0")
        .args(["ask", "/who Karasin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("answers.max_citations"));
}

#[test]
fn environment_overrides_configuration() {
    let dir = common::temp_data_dir();
    let out = Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", dir.path())
        .env("TREATYBOT__ANSWERS__MAX_CITATIONS", "1")
        .args(["ask", "--json", "/who Putin"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["citations"].as_array().unwrap().len(), 1);
}

#[test]
fn missing_articles_folder_says_what_to_set() {
    let dir = common::temp_data_dir();
    let out = Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", dir.path())
        .env("TREATYBOT__SEEDS_DIR", dir.path().join("nowhere"))
        .args(["ask", "/who Karasin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nowhere"), "{err}");
}

#[test]
fn clean_shows_each_removal_and_its_rule() {
    let dir = common::temp_data_dir();
    let out = treatybot(dir.path(), &["clean", "000_481bb49a1f79b1e4.txt"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[date-stamp]") && text.contains("Last Updated"),
        "{text}"
    );
    let out = treatybot(dir.path(), &["clean", "nope.txt"]);
    assert_eq!(out.status.code(), Some(2));
}

/// What a run printed for its operator, both streams, without the log's lines (the host's
/// record, in English, with every detail).
fn printed(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains("WARN") && !l.contains("ERROR"))
        .collect();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        said.join("\n")
    )
}

/// The operator's commands in Japanese and Russian: an ingest's skipped rows and caveats,
/// `serve` without a token or public key or with a setting out of range, `migrate-store` refusing a URL and finding no SQLite file,
/// `extract` of a page, of one with no article and of no file, `clean`'s report and an unknown
/// article, and an engine failure inside "could not answer". None holds a run of English words
/// but the articles' own (quoted, or taken out here: a page's title and paragraphs); in English
/// the same check sees every one.
#[test]
fn the_operators_commands_answer_in_the_readers_language() {
    let fixture = |p: &str| common::root().join(p).display().to_string();
    let (csv, jsonl) = (
        fixture("tests/fixtures/news.csv"),
        fixture("tests/fixtures/news.jsonl"),
    );
    let page = fixture("tests/fixtures/web/harbour_talks.html");
    let no_article = fixture("tests/fixtures/web/menu_only.html");
    // The page's own words, as `extract --json` gives them.
    let scratch = common::temp_data_dir();
    let shown = json(&treatybot(scratch.path(), &["extract", "--json", &page]));
    let mut articles: Vec<String> = shown["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    articles.push(shown["title"].as_str().unwrap().to_string());
    articles.push(shown["outlet"].as_str().unwrap().to_string());
    for lang in ["en", "ja", "ru"] {
        let dir = common::temp_data_dir();
        let data = dir.path();
        let missing = data.join("none.sqlite3").display().to_string();
        let run = |args: &[&str]| {
            let mut all = vec!["--lang", lang];
            all.extend_from_slice(args);
            treatybot(data, &all)
        };
        let run_with = |env: (&str, &str), args: &[&str]| {
            common::treatybot_command(data)
                .env(env.0, env.1)
                .args(["--lang", lang])
                .args(args)
                .output()
                .unwrap()
        };
        let mut runs = vec![
            ("ingest", run(&["ingest", &csv, &jsonl])),
            ("serve", run(&["serve"])),
            (
                "serve --http without a public key",
                run_with(
                    ("TREATYBOT__DISCORD__TOKEN", "a-token"),
                    &["serve", "--http", "127.0.0.1:9"],
                ),
            ),
            (
                "a setting out of range",
                run_with(("TREATYBOT__ANSWERS__MAX_CITATIONS", "0"), &["serve"]),
            ),
            (
                "migrate-store --to",
                run(&["migrate-store", "--to", "http://db.example/quiz"]),
            ),
            (
                "migrate-store --from",
                run(&[
                    "migrate-store",
                    "--from",
                    &missing,
                    "--to",
                    "postgres://bot@127.0.0.1:9/quiz",
                ]),
            ),
            ("extract", run(&["extract", &page])),
            ("extract of no article", run(&["extract", &no_article])),
            ("extract of no file", run(&["extract", "no-such-page.html"])),
            ("clean", run(&["clean", "000_481bb49a1f79b1e4.txt"])),
            (
                "clean of no article",
                run(&["clean", "no-such-article.txt"]),
            ),
        ];
        // An answer that fails: a damaged index whose rebuild cannot read the journal.
        damage_the_passage_store(&data.join("index"));
        let journal = data.join("ingested.jsonl");
        std::fs::remove_file(&journal).unwrap();
        std::fs::create_dir(&journal).unwrap();
        runs.push(("could not answer", run(&["ask", "/who Karasin"])));
        let mut failures = Vec::new();
        for (what, out) in &runs {
            let mut text = printed(out);
            for w in &articles {
                text = text.replace(w.as_str(), " ");
            }
            let english = common::english_run(&text, &[]);
            if lang == "en" {
                // A page's own report is its words alone, in any language.
                let ours = *what != "extract";
                assert!(
                    !ours || english.is_some(),
                    "{what}: the check sees English: {text}"
                );
                continue;
            }
            let in_script = common::in_script_of(lang.parse().unwrap(), &text);
            if english.is_some() || !in_script {
                failures.push(format!("{lang} {what}: {english:?} in {text}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}
