//! Two writers in two processes at once: `treatybot index` while an ingest runs, and an ingest
//! while `treatybot index` runs. The second fails at once naming the first (the writer lock),
//! the first finishes, and the index left behind is whole: every segment its commit names is
//! there, `treatybot check` finds nothing, and the next command opens it without rebuilding.

mod common;

#[path = "common/generated.rs"]
mod generated;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Rounds of each race: a lock is taken at one moment of the holder's work, so a few rounds
/// meet it at different points (before, between and during its commits).
const ROUNDS: usize = 3;

/// Articles in the long-running writer's collection: several seconds of ingest, or of journal
/// replay for `index`, in a debug build.
const LONG: usize = 800;

fn command(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(common::bin());
    cmd.current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data)
        .env("TREATYBOT_CONFIG_DIR", data.join("no-config"))
        // Several commits per ingest, so the other writer can come between two of them.
        .env("TREATYBOT__INGEST__BATCH_ARTICLES", "250")
        .env("RUST_LOG", "info")
        .env("RUST_BACKTRACE", "0")
        .args(args);
    cmd
}

fn treatybot(data: &Path, args: &[&str]) -> Output {
    command(data, args).output().expect("treatybot runs")
}

fn spawn(data: &Path, args: &[&str]) -> Child {
    command(data, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("treatybot starts")
}

/// Waits until `child` holds the data dir's writer lock (the lock file names its pid).
fn wait_for_lock(data: &Path, child: &mut Child) {
    let started = Instant::now();
    let me = format!("pid {},", child.id());
    loop {
        let text = std::fs::read_to_string(data.join("writer.lock")).unwrap_or_default();
        if text.contains(&me) {
            return;
        }
        if let Some(status) = child.try_wait().expect("child status") {
            panic!("the writer ended ({status}) before it was seen holding the lock");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the writer never took the lock: {text}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs the second writer while `holder` holds the lock: it fails at once, exit 1, naming the
/// holder, and the holder was still at work when it did.
fn second_writer_refused(data: &Path, holder: &mut Child, args: &[&str]) {
    wait_for_lock(data, holder);
    let started = Instant::now();
    let out = treatybot(data, args);
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        holder.try_wait().expect("holder status").is_none(),
        "the first writer finished before the second one ran; make its collection longer"
    );
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(
        took < Duration::from_secs(10),
        "{args:?} waited {took:?}: {stderr}"
    );
    assert!(
        stderr.contains(&format!("pid {}", holder.id())),
        "{args:?}: {stderr}"
    );
    assert!(stderr.contains("Wait for it to finish"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Waits for the holder: it succeeded.
fn finished(holder: Child, what: &str) -> String {
    let out = holder.wait_with_output().expect("holder ends");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{what}: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Segment ids the index's last commit names.
fn segments(data: &Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("index/meta.json")).expect("meta.json"))
            .expect("meta.json parses");
    meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["segment_id"].as_str().expect("id").replace('-', ""))
        .collect()
}

/// The index is whole: the files of every segment its commit names exist, `treatybot check`
/// finds no damage, and the next command opens it as it is. Returns its article count.
fn sound_and_opened(data: &Path) -> u64 {
    let ids = segments(data);
    assert!(!ids.is_empty());
    for id in &ids {
        for ext in ["idx", "term", "store", "fast", "fieldnorm", "pos"] {
            let file = data.join("index").join(format!("{id}.{ext}"));
            assert!(
                file.exists(),
                "{} is named by meta.json but missing",
                file.display()
            );
        }
    }
    let out = treatybot(data, &["check", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check json");
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(out.status.code(), Some(0));
    let out = treatybot(data, &["status", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("building the search index"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("status json");
    assert_eq!(v["index"], "opened", "{v}");
    v["articles"].as_u64().expect("articles")
}

#[test]
fn index_while_an_ingest_runs_is_refused_and_the_ingest_finishes() {
    let data = common::temp_data_dir();
    let out = treatybot(data.path(), &["index"]);
    assert_eq!(out.status.code(), Some(0));
    let before = sound_and_opened(data.path());
    let dir = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let file = dir.path().join(format!("round-{round}.jsonl"));
        generated::write_jsonl(&file, round * LONG, (round + 1) * LONG);
        let started = Instant::now();
        let mut ingest = spawn(data.path(), &["ingest", "--json", file.to_str().unwrap()]);
        second_writer_refused(data.path(), &mut ingest, &["index"]);
        let report: serde_json::Value =
            serde_json::from_str(&finished(ingest, "the ingest")).expect("report json");
        eprintln!("round {round}: ingest took {:?}", started.elapsed());
        assert_eq!(report["added"], LONG, "{report}");
        assert_eq!(
            sound_and_opened(data.path()),
            before + ((round + 1) * LONG) as u64
        );
    }
}

#[test]
fn an_ingest_while_index_runs_is_refused_and_the_rebuild_finishes() {
    let data = common::temp_data_dir();
    let dir = tempfile::tempdir().unwrap();
    // Ingested articles make a rebuild long: it replays them from the journal.
    let long = dir.path().join("long.jsonl");
    generated::write_jsonl(&long, 0, LONG);
    let out = treatybot(data.path(), &["ingest", long.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = sound_and_opened(data.path());
    let small = dir.path().join("small.jsonl");
    generated::write_jsonl(&small, LONG, LONG + 3);
    for round in 0..ROUNDS {
        let started = Instant::now();
        let mut index = spawn(data.path(), &["index"]);
        second_writer_refused(
            data.path(),
            &mut index,
            &["ingest", small.to_str().unwrap()],
        );
        let said = finished(index, "the rebuild");
        eprintln!("round {round}: index took {:?}", started.elapsed());
        assert!(said.contains(&format!("from {before} articles")), "{said}");
        // The refused ingest added nothing, and the rebuild left nothing behind.
        assert_eq!(sound_and_opened(data.path()), before);
        let leftovers: Vec<_> = std::fs::read_dir(data.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".index.building-") || n.starts_with("index.old-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    // With the lock free again, the same ingest goes in.
    let out = treatybot(data.path(), &["ingest", small.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sound_and_opened(data.path()), before + 3);
}
