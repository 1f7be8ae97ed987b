//! One writer at a time: a second `index` while another holds the data dir's writer lock fails
//! at once naming the holder, and leaves the index as it was; what a killed build left behind is
//! removed by the next writer.

mod common;

use std::path::Path;
use std::process::Output;

use treatybot::engine::Engine;
use treatybot::ingest::lock::WriterLock;

fn treatybot(data: &Path, args: &[&str]) -> Output {
    common::treatybot_command(data)
        .env("RUST_LOG", "info")
        .args(args)
        .output()
        .expect("treatybot runs")
}

#[test]
fn a_second_writer_fails_at_once_naming_the_holder_and_changes_nothing() {
    let data = common::temp_data_dir();
    drop(Engine::open(&common::settings(data.path())).expect("index builds"));
    let meta = std::fs::read(data.path().join("index/meta.json")).expect("meta.json");
    let held = WriterLock::acquire(data.path()).expect("the test holds the lock");
    let started = std::time::Instant::now();
    let out = treatybot(data.path(), &["index"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(
        stderr.contains(&format!("pid {}", std::process::id())),
        "{stderr}"
    );
    assert!(stderr.contains("Wait for it to finish"), "{stderr}");
    drop(held);
    assert_eq!(
        std::fs::read(data.path().join("index/meta.json")).expect("meta.json"),
        meta,
        "the refused writer touched the index"
    );
    let out = treatybot(data.path(), &["ask", "/who Karasin"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("building"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Karasin"));
}

#[test]
fn the_next_writer_removes_what_a_killed_build_left() {
    let data = common::temp_data_dir();
    let leftover = data.path().join(".index.building-4000000");
    std::fs::create_dir_all(&leftover).expect("mkdir");
    std::fs::write(leftover.join("0a1b.store"), b"half a segment").expect("write");
    let out = treatybot(data.path(), &["index"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !leftover.exists(),
        "the killed build's folder is still there"
    );
}
