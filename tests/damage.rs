//! A damaged index never reaches a user as a panic: random bytes in a segment's fast-field,
//! term or store file are met as damage, the index is rebuilt, and the command is answered.

mod common;

#[path = "common/generated.rs"]
mod generated;

use std::path::{Path, PathBuf};
use std::process::Output;

use treatybot::engine::Engine;

/// Runs the binary with `args` against the data dir.
fn treatybot(data: &Path, args: &[&str]) -> Output {
    common::treatybot_command(data)
        .env("RUST_BACKTRACE", "0")
        .args(args)
        .output()
        .expect("treatybot runs")
}

/// A data dir with the seeds indexed.
fn built() -> tempfile::TempDir {
    let dir = common::temp_data_dir();
    drop(Engine::open(&common::settings(dir.path())).expect("index builds"));
    dir
}

/// The largest file of the index ending in `.ext`.
fn largest(data: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(data.join("index"))
        .expect("index dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .unwrap_or_else(|| panic!("no .{ext} file"))
}

/// Overwrites `span` bytes of `path`, starting at `at` (a fraction of the room there is), with a
/// fixed, arbitrary-looking pattern. Each case below is one that made tantivy panic (or fail
/// with a garbled header) before damage was caught at the index boundary.
pub fn scramble(path: &Path, at: f64, span: usize) {
    let mut bytes = std::fs::read(path).expect("read");
    let span = span.min(bytes.len());
    let start = ((bytes.len() - span) as f64 * at) as usize;
    for (i, b) in bytes[start..start + span].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(151).wrapping_add(29) ^ 0x5a;
    }
    // A new file renamed over the old, as tantivy itself never rewrites a file in place: a
    // reader in this process (an engine's file watcher may still be loading a commit after the
    // engine is dropped) keeps the old file mapped, where truncating it in place would kill
    // the test process with SIGBUS.
    let tmp = path.with_extension("scrambled");
    std::fs::write(&tmp, bytes).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

fn assert_answers_after_damage(ext: &str, at: f64, span: usize) {
    let data = built();
    scramble(&largest(data.path(), ext), at, span);
    for (line, expect) in [("/who Karasin", "Karasin"), ("/when 1956", "1956")] {
        let out = treatybot(data.path(), &["ask", "--json", line]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), ".{ext} {line}: {stderr}");
        assert!(!stderr.contains("panicked"), ".{ext} {line}: {stderr}");
        assert_eq!(out.status.code(), Some(0), ".{ext} {line}: {stderr}");
        assert!(stdout.contains(expect), ".{ext} {line}: {stdout}");
    }
}

#[test]
fn a_scrambled_fast_field_file_is_rebuilt_not_a_panic() {
    // The middle 60 %: tantivy panicked in its file slicing.
    assert_answers_after_damage("fast", 0.5, 334);
}

#[test]
fn a_scrambled_term_dictionary_is_rebuilt_not_a_panic() {
    // Near the end (the footer and term-info store): a panic.
    assert_answers_after_damage("term", 0.98, 256);
}

#[test]
fn a_scrambled_store_is_rebuilt_not_a_panic() {
    // Inside a compressed block: a panic in the store reader.
    assert_answers_after_damage("store", 0.7, 256);
}

#[test]
fn a_garbled_term_dictionary_header_is_damage_not_a_disk_problem() {
    // Tantivy reports this as an I/O error of its own making ("Unsupported dictionary type").
    assert_answers_after_damage("term", 0.9, 2000);
}

#[test]
fn index_rebuilds_a_damaged_index_without_reading_it() {
    for (ext, at, span) in [("fast", 0.5, 334), ("term", 0.98, 256), ("store", 0.7, 256)] {
        let data = built();
        scramble(&largest(data.path(), ext), at, span);
        let out = treatybot(data.path(), &["index"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), ".{ext}: {stderr}");
        assert!(!stderr.contains("panicked"), ".{ext}: {stderr}");
        // Nothing of the old index was met, so nothing was reported damaged either.
        assert!(!stderr.contains("damage"), ".{ext}: {stderr}");
        let out = treatybot(data.path(), &["ask", "/who Karasin"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), ".{ext}: {stderr}");
        assert!(!stderr.contains("rebuilding"), ".{ext}: {stderr}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Karasin"));
    }
}

/// `treatybot check --json` on the data dir: exit code and the damaged files it names.
fn check(data: &Path) -> (Option<i32>, bool, Vec<String>) {
    let out = treatybot(data, &["check", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let files = v["damaged"]
        .as_array()
        .expect("damaged list")
        .iter()
        .map(|d| {
            assert!(d["problem"].as_str().is_some_and(|p| !p.is_empty()), "{d}");
            d["file"].as_str().expect("file").to_string()
        })
        .collect();
    (out.status.code(), v["ok"].as_bool().expect("ok"), files)
}

#[test]
fn check_passes_a_sound_index_and_names_each_damaged_file() {
    let data = built();
    assert_eq!(check(data.path()), (Some(0), true, vec![]));
    let text = treatybot(data.path(), &["check"]);
    assert_eq!(text.status.code(), Some(0));
    let pristine = data.path().join("pristine");
    copy_dir(&data.path().join("index"), &pristine);
    for (ext, at, span) in [("fast", 0.5, 334), ("term", 0.98, 256), ("store", 0.7, 256)] {
        restore(&pristine, &data.path().join("index"));
        let file = largest(data.path(), ext);
        scramble(&file, at, span);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(check(data.path()), (Some(1), false, vec![name]), ".{ext}");
        let text = treatybot(data.path(), &["check"]);
        assert_eq!(text.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&text.stdout).contains("run `treatybot index`"));
    }
    restore(&pristine, &data.path().join("index"));
    std::fs::write(
        data.path().join("index/knowledge-1.json"),
        b"{\"people\": [tor",
    )
    .unwrap();
    assert_eq!(
        check(data.path()),
        (Some(1), false, vec!["knowledge-1.json".to_string()])
    );
    restore(&pristine, &data.path().join("index"));
    let registry = data.path().join("index/registry.bin");
    let bytes = std::fs::read(&registry).unwrap();
    std::fs::write(&registry, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(
        check(data.path()),
        (Some(1), false, vec!["registry.bin".to_string()])
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().filter_map(|e| e.ok()) {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn restore(pristine: &Path, index: &Path) {
    std::fs::remove_dir_all(index).unwrap();
    copy_dir(pristine, index);
}

#[test]
fn a_garbled_term_dictionary_is_found_when_the_index_opens() {
    let data = built();
    scramble(&largest(data.path(), "term"), 0.9, 2000);
    let out = treatybot(data.path(), &["status", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["index"], "rebuilt", "{stderr}");
}

/// A real merge over damage: random bytes in the middle of the seeds' postings pass the checks
/// of opening (they read each field's first term only), and the first merge, which tantivy
/// starts on its own once eight segments are committed, panics on them in its merge thread
/// ("index out of bounds" in `postings/merger.rs` or its decoders). Tantivy cancels that merge and says
/// nothing; the ingest reports it as damage and rebuilds, keeping every article it committed.
#[test]
fn a_merge_that_meets_a_damaged_segment_is_rebuilt_not_a_panic() {
    let data = built();
    scramble(&largest(data.path(), "idx"), 0.5, 64);
    let dir = tempfile::tempdir().unwrap();
    let mut rebuilt = false;
    // Each ingest of one article commits a segment per indexing thread (one or two), so the
    // eighth segment, and the merge, comes within seven ingests.
    for i in 0..7 {
        let file = dir.path().join(format!("one-{i}.jsonl"));
        generated::write_jsonl(&file, i, i + 1);
        let out = treatybot(data.path(), &["ingest", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "ingest {i}: {stderr}");
        assert!(!stderr.contains("thread '"), "ingest {i}: {stderr}");
        if stderr.contains("merging the index met damage; rebuilding it") {
            // Where tantivy's decoding gives up depends on the bytes (the merger, vint, …).
            assert!(stderr.contains("merging its segments failed"), "{stderr}");
            rebuilt = true;
        }
    }
    assert!(rebuilt, "no merge read the damaged segment");
    assert_eq!(check(data.path()), (Some(0), true, vec![]));
    let out = treatybot(data.path(), &["status", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("status json");
    assert_eq!(v["index"], "opened", "{v}");
    let seeds = std::fs::read_dir(common::root().join("seeds"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert_eq!(v["articles"], seeds + 7, "{v}");
}
