//! Hostile input: each bad line, row or file gets an error of its own and the rest goes on.
//! Invalid UTF-8 and huge lines on `ask -` and in the quiz, JSON values of the wrong type,
//! control characters and `javascript:` links, CRLF line numbers, unreadable files, special and
//! huge files, UTF-16, `/timeline -1960`, and JSON errors in every `--json` mode.

mod common;

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
        .map(|b| (b.file.clone(), b.line, b.reason.clone()))
        .collect()
}

fn answer(engine: &Engine, line: &str) -> treatybot::engine::Answer {
    let cmd = Cmd::parse(line, 200).unwrap_or_else(|e| panic!("{line}: {e}"));
    engine.answer(&cmd).unwrap()
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
