//! Hostile input: each bad line, row or file gets an error of its own and the rest goes on.
//! Invalid UTF-8 and huge lines on `ask -` and in the quiz, JSON values of the wrong type,
//! control characters and `javascript:` links, CRLF line numbers, unreadable files, special and
//! huge files, UTF-16, `/timeline -1960`, and JSON errors in every `--json` mode.

mod common;
use common::Said;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use treatybot::engine::{Command as Cmd, Engine};
use treatybot::ingest::{self, IngestOptions, IngestReport};

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/hostile").join(name)
}

fn command(data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(common::bin());
    c.current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data)
        .env("TREATYBOT_CONFIG_DIR", data.join("no-config"))
        .env_remove("RUST_LOG")
        .args(args);
    c
}

/// Runs treatybot with `stdin` written from a thread (so a large input cannot deadlock).
fn run_with_stdin(data: &Path, args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = command(data, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("treatybot runs");
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The child may refuse to read everything; a broken pipe is its right.
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs treatybot under a memory ceiling (so reading something endless whole fails rather than
/// eating the machine) and a time limit; `None` if it had to be killed.
fn run_bounded(data: &Path, args: &[&str], limit: Duration) -> Option<Output> {
    let mut script = String::from("ulimit -v 6000000; exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    let mut child = Command::new("sh")
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data)
        .env("TREATYBOT_CONFIG_DIR", data.join("no-config"))
        .env_remove("RUST_LOG")
        .arg("-c")
        .arg(script)
        .arg(common::bin())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn run_ingest(settings: &treatybot::config::Settings, paths: &[PathBuf]) -> IngestReport {
    ingest::ingest(settings, paths, IngestOptions::from_settings(settings)).expect("ingest runs")
}

fn skipped(r: &IngestReport) -> Vec<(String, usize, String)> {
    r.skipped
        .iter()
        .map(|b| (b.file.clone(), b.line, b.reason.to_string()))
        .collect()
}

fn answer(engine: &Engine, line: &str) -> treatybot::engine::Answer {
    let cmd = Cmd::parse(line, 200).unwrap_or_else(|e| panic!("{line}: {e}"));
    engine
        .seen_by(treatybot::engine::Audience::SHARED)
        .answer(&cmd)
        .unwrap()
}

// 1. `ask -` reads bytes per line, with a cap.

#[test]
fn an_invalid_utf8_line_gets_its_own_error_and_the_batch_goes_on() {
    let dir = common::temp_data_dir();
    let out = run_with_stdin(
        dir.path(),
        &["ask", "--json", "-"],
        b"/who Karasin\n/who Kara\xffsin\n\n/where Kunashir\n".to_vec(),
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["command"], "who");
    let err = lines[1]["error"].as_str().expect("an error for line 2");
    assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["command"], "where");
    assert_eq!(out.status.code(), Some(1), "a line failed");
}

#[test]
fn a_huge_line_is_refused_without_being_read_whole_and_the_batch_goes_on() {
    let dir = common::temp_data_dir();
    let mut input = b"/search ".to_vec();
    input.extend(std::iter::repeat_n(b'x', 64 << 20));
    input.extend_from_slice(b"\n/where Kunashir\n");
    let out = run_with_stdin(dir.path(), &["ask", "--json", "-"], input);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let err = lines[0]["error"].as_str().expect("an error for line 1");
    assert!(err.contains("line 1") && err.contains("shorten"), "{err}");
    assert_eq!(lines[1]["command"], "where");
    assert_eq!(out.status.code(), Some(1));
}

// 2. The quiz game reads an invalid-UTF-8 answer as unreadable.

#[test]
fn an_invalid_utf8_quiz_answer_is_asked_again_and_the_game_scored() {
    let dir = common::temp_data_dir();
    let out = run_with_stdin(
        dir.path(),
        &["quiz", "--questions", "2", "--seed", "42"],
        b"A\n\xff\xfe\nB\n".to_vec(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Type A, B, C or D"), "{stdout}");
    assert!(
        stdout.contains("Score: ") && stdout.contains(" of 2 right."),
        "{stdout}"
    );
}

// 3. JSON values of the wrong type, control characters, links that are not web links.

#[test]
fn json_values_of_the_wrong_type_are_bad_rows_and_control_characters_are_stripped() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let report = run_ingest(&settings, &[fixture("types.jsonl")]);
    let bad = skipped(&report);
    let lines: Vec<usize> = bad.iter().map(|b| b.1).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6, 7], "{bad:#?}");
    for (_, line, reason) in &bad[..4] {
        assert!(reason.contains("\"text\""), "line {line}: {reason}");
    }
    assert!(bad[0].2.contains("a number"), "{bad:?}");
    assert!(bad[3].2.contains("null"), "{bad:?}");
    assert!(bad[4].2.contains("\"id\"") && bad[4].2.contains("an object"));
    assert!(bad[5].2.contains("\"title\"") && bad[5].2.contains("an array"));
    assert_eq!(report.added, 2, "{report:#?}");
    // The link that is not http(s) is dropped, with a warning naming its line.
    let w: Vec<_> = report.warnings.iter().filter(|w| w.line == 8).collect();
    assert_eq!(w.len(), 1, "{:?}", report.warnings);
    assert!(w[0].reason.to_string().contains("javascript"), "{:?}", w[0]);

    let (engine, _) = Engine::open(&settings).unwrap();
    let a = answer(&engine, "/sources");
    let s = a
        .sources
        .iter()
        .find(|s| s.id.starts_with("h8"))
        .expect("h8 is listed");
    assert_eq!(s.id, "h8[2J");
    assert_eq!(s.title, "Clear[2J the screen");
    assert_eq!(s.outlet, "Bell Times");
    assert_eq!(s.url, None);
    let listing = a.said().unwrap_or_default();
    assert!(
        !listing.chars().any(|c| c.is_control() && c != '\n'),
        "{listing:?}"
    );
    // Nothing of the refused rows was indexed.
    assert!(!a.sources.iter().any(|s| s.id == "h2" || s.id == "h5"));
}

#[test]
fn control_characters_in_a_listing_are_escaped_when_printed() {
    // As an index built before ingest stripped them would hold them.
    let answer = treatybot::engine::Answer {
        command: treatybot::engine::CommandKind::Sources,
        query: String::new(),
        found: Some(treatybot::engine::Finding::Sources(
            treatybot::engine::Listing {
                own: None,
                shared: treatybot::engine::ListedSection {
                    total: 1,
                    articles: vec![treatybot::engine::ListedArticle {
                        id: Some("h8".into()),
                        title: "Clear\u{1b}[2J the \u{7}screen".into(),
                        outlet: "Bell Times".into(),
                        date: None,
                        date_inferred: false,
                        cut: None,
                    }],
                },
                duplicates: 0,
            },
        )),
        short_answer: None,
        sentence_answer: None,
        citations: Vec::new(),
        sources: Vec::new(),
        other_script: None,
        timeline: None,
    };
    let shown = treatybot::cli::render::text(
        &answer,
        treatybot::cli::render::Marks::markdown(),
        treatybot::present::Reader::typed(treatybot::present::Lang::En),
    );
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );
    assert!(shown.contains("Clear\\u{1b}[2J"), "{shown}");
}

// 4. Line numbers in CRLF files.

#[test]
fn bad_rows_in_crlf_files_are_reported_on_their_own_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("crlf.csv");
    std::fs::write(
        &csv,
        "id,title,text\r\nc1,One,Fishermen on Shikotan said the harbour would open in spring.\r\nc2,Two,\r\nc3,Three,\"A quoted text\r\nover two lines about the Kurils and Hokkaido.\"\r\nc4,Four,\r\n",
    )
    .unwrap();
    let jsonl = tmp.path().join("crlf.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\": \"d1\", \"text\": \"Officials in Kunashir met visitors from Hokkaido on Friday.\"}\r\n{\"id\": \"d2\", \"text\": \"\"}\r\n\r\n{broken\r\n",
    )
    .unwrap();
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let report = run_ingest(&settings, &[csv, jsonl]);
    let bad: Vec<(String, usize)> = skipped(&report)
        .into_iter()
        .map(|(f, l, _)| (f, l))
        .collect();
    assert_eq!(
        bad,
        vec![
            ("crlf.csv".to_string(), 3),
            ("crlf.csv".to_string(), 6),
            ("crlf.jsonl".to_string(), 2),
            ("crlf.jsonl".to_string(), 4),
        ],
        "{report:#?}"
    );
}

// 5. One unreadable file in a folder.

#[test]
fn unreadable_files_in_a_folder_are_reported_and_the_others_ingested() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.txt"),
        "Fishermen on Shikotan said the new harbour would open next spring.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(folder.join("nowhere.txt"), folder.join("b.txt")).unwrap();
    std::fs::create_dir(folder.join("c.txt")).unwrap();
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let report = run_ingest(&settings, &[folder]);
    assert_eq!(report.added, 1, "{report:#?}");
    let bad = skipped(&report);
    assert_eq!(bad.len(), 2, "{bad:#?}");
    assert_eq!(bad[0].0, "b.txt");
    assert!(bad[0].2.contains("cannot be read"), "{bad:?}");
    assert_eq!(bad[1].0, "c.txt");
    assert!(bad[1].2.contains("folder"), "{bad:?}");
}

// 6. Special files are not followed; huge files are refused while reading.

#[test]
fn a_link_to_dev_zero_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let zero = tmp.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let data = common::temp_data_dir();
    let out = run_bounded(
        data.path(),
        &["ingest", zero.to_str().unwrap()],
        Duration::from_secs(60),
    )
    .expect("finishes instead of reading forever");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("zero.txt") && stderr.contains("character device"),
        "{stderr}"
    );
}

#[test]
fn special_and_huge_files_in_a_folder_are_refused_while_reading_and_the_rest_ingested() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.txt"),
        "Fishermen on Shikotan said the new harbour would open next spring.\n",
    )
    .unwrap();
    // A sparse 64 GB file: no disk used, but reading it whole would never end well.
    let big = std::fs::File::create(folder.join("big.txt")).unwrap();
    big.set_len(64 << 30).unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("zero.txt")).unwrap();
    let data = common::temp_data_dir();
    let out = run_bounded(
        data.path(),
        &["ingest", "--json", folder.to_str().unwrap()],
        Duration::from_secs(60),
    )
    .expect("finishes instead of reading forever");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = &json_lines(&out)[0];
    assert_eq!(report["added"], 1, "{report}");
    let skipped = report["skipped"].as_array().unwrap();
    let reason = |file: &str| {
        skipped
            .iter()
            .find(|b| b["file"] == file)
            .and_then(|b| b["reason"].as_str())
            .unwrap_or_else(|| panic!("{file} not reported: {report}"))
            .to_string()
    };
    assert!(reason("big.txt").contains("max_article_bytes"), "{report}");
    assert!(reason("zero.txt").contains("character device"), "{report}");
}

#[test]
fn a_csv_record_that_never_ends_is_refused_while_reading_and_other_files_go_on() {
    let tmp = tempfile::tempdir().unwrap();
    // A quote opened on line 3 and never closed, then 64 GB of (sparse) zeros.
    let endless = tmp.path().join("endless.csv");
    std::fs::write(
        &endless,
        "id,title,text\nc1,One,Fishermen on Shikotan said the harbour would open in spring.\nc2,Two,\"",
    )
    .unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&endless)
        .unwrap()
        .set_len(64 << 30)
        .unwrap();
    let after = tmp.path().join("after.csv");
    std::fs::write(
        &after,
        "id,title,text\nd1,Three,Officials in Kunashir met visitors from Hokkaido on Friday.\n",
    )
    .unwrap();
    let data = common::temp_data_dir();
    let out = run_bounded(
        data.path(),
        &[
            "ingest",
            "--json",
            endless.to_str().unwrap(),
            after.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    )
    .expect("finishes instead of reading 64 GB");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = &json_lines(&out)[0];
    assert_eq!(report["added"], 2, "{report}");
    let bad = &report["skipped"][0];
    assert_eq!(bad["file"], "endless.csv", "{report}");
    assert_eq!(bad["line"], 3, "{report}");
    assert!(
        bad["reason"].as_str().unwrap().contains("never closed"),
        "{report}"
    );
}

#[test]
fn a_metadata_file_linked_to_dev_zero_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.txt"),
        "Fishermen on Shikotan said the new harbour would open next spring.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("metadata.toml")).unwrap();
    let data = common::temp_data_dir();
    let out = run_bounded(
        data.path(),
        &["ingest", folder.to_str().unwrap()],
        Duration::from_secs(60),
    )
    .expect("finishes instead of reading forever");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("metadata.toml") && stderr.contains("over 64 MB"),
        "{stderr}"
    );
}

// 7. UTF-16.

fn utf16le(s: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    b.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    b
}

fn utf16be(s: &str) -> Vec<u8> {
    let mut b = vec![0xFE, 0xFF];
    b.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
    b
}

#[test]
fn utf16_files_are_decoded() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("wide.csv");
    std::fs::write(
        &csv,
        utf16le("id,title,text\r\nu1,Курилы,Fishermen on Shikotan said the harbour would open in spring.\r\n"),
    )
    .unwrap();
    let jsonl = tmp.path().join("wide.jsonl");
    std::fs::write(
        &jsonl,
        utf16be("{\"id\": \"u2\", \"title\": \"北方領土\", \"text\": \"Officials in Kunashir met visitors from Hokkaido on Friday.\"}\n"),
    )
    .unwrap();
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let report = run_ingest(&settings, &[csv, jsonl]);
    assert!(report.skipped.is_empty(), "{report:#?}");
    assert_eq!(report.added, 2, "{report:#?}");
    let (engine, _) = Engine::open(&settings).unwrap();
    let a = answer(&engine, "/sources");
    let title = |id: &str| {
        a.sources
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.title.clone())
            .unwrap_or_else(|| panic!("{id}: {:?}", a.sources))
    };
    assert_eq!(title("u1"), "Курилы");
    assert_eq!(title("u2"), "北方領土");
}

// 8. `/timeline -1960`.

#[test]
fn timeline_with_a_leading_dash_reads_up_to_that_year() {
    let a = common::ask("/timeline -1960");
    let said = common::said(&a);
    assert!(said.contains("up to 1960"), "{said}");
    assert!(!a.citations.is_empty());
    for c in &a.citations {
        let year: i32 = c.date_mentioned.as_ref().unwrap().value[..4]
            .parse()
            .unwrap();
        assert!(year <= 1960, "{year}: {said}");
    }
    let a = common::ask("/timeline 1960-");
    assert!(common::said(&a).contains("from 1960 on"));
    assert_eq!(
        a.timeline.map(|t| t.years),
        Some(treatybot::engine::YearSpan {
            from: Some(1960),
            to: None
        })
    );
}

// 9. Every `--json` mode prints JSON for errors too.

#[test]
fn json_modes_print_errors_as_json() {
    let data = common::temp_data_dir();
    let missing = data.path().join("no-such-file.csv");
    let out = command(
        data.path(),
        &["ingest", "--json", missing.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = &json_lines(&out)[0];
    assert!(
        v["error"].as_str().unwrap().contains("no-such-file.csv"),
        "{v}"
    );

    // A data folder that is a file: nothing can be opened.
    let file = data.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    for args in [
        &["status", "--json"][..],
        &["ask", "--json", "/who Karasin"][..],
    ] {
        let out = command(&file, args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let v = &json_lines(&out)[0];
        assert!(v["error"].is_string(), "{args:?}: {v}");
    }

    // Arguments that do not parse: clap's usage error, as JSON, exit code 2 as clap gives.
    let out = command(data.path(), &["ingest", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v = &json_lines(&out)[0];
    assert!(v["error"].as_str().unwrap().contains("PATH"), "{v}");

    let out = command(
        data.path(),
        &["quiz", "--dump", "--json", "--topic", "Zzyzxqwerty"],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v = &json_lines(&out)[0];
    assert!(v["error"].as_str().unwrap().contains("Zzyzxqwerty"), "{v}");
}
