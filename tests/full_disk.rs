//! A disk that fills up during a rebuild, for real: the data directory is a small tmpfs. The
//! rebuild says the disk is full (naming the folder and what the index needs), removes its own
//! folder and keeps the old index, which readers still answer from with a warning.
//!
//! Mounting needs a mount namespace: first an unprivileged one (`unshare --user
//! --map-root-user --mount`), then, as root, `unshare --mount`, then a plain `mount` (unmounted
//! again at the end). A machine that allows none of them (no user namespaces, not root) cannot
//! run this test: it prints why and passes without checking anything.

mod common;

#[path = "common/generated.rs"]
mod generated;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every step runs inside one shell, since the mount lives only as long as its namespace. Each
/// step's stdout, stderr and exit code go to `$OUT/<step>.out|.err|.code`, outside the tmpfs.
const SCRIPT: &str = r#"
DATA=$1 OUT=$2 BIN=$3
mount -t tmpfs -o size=3m tmpfs "$DATA" || exit 97
touch "$OUT/mounted"
run() { name=$1; shift; "$BIN" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.code"; }
run build ingest "$OUT/collection.jsonl"
du -sk "$DATA/index" >"$OUT/index.kb"
# Fill the disk to the last block, then free a little: enough for readers (their lock files
# are empty), not for a second index.
dd if=/dev/zero of="$DATA/filler" bs=64k 2>/dev/null
truncate -s -64K "$DATA/filler"
df -k "$DATA" >"$OUT/df"
run full_ingest ingest "$OUT/more.jsonl"
run full_ask ask "/who Karasin"
cat "$OUT/new-place.toml" >>"$TREATYBOT__PLACES_FILE"
run ask ask --json "/who Karasin"
run status status --json
run quiz quiz --dump --json
run index index
run ingest ingest "$OUT/more.jsonl"
run again ask "/who Karasin"
run check check
ls -a "$DATA" >"$OUT/data.ls"
umount "$DATA" 2>/dev/null
exit 0
"#;

/// Runs the script over a tmpfs on `data`, the first way the machine allows; `Err` says why
/// none did.
fn run_on_small_disk(
    script: &Path,
    data: &Path,
    out: &Path,
    env: &[(&str, PathBuf)],
) -> Result<String, String> {
    let mut ways: Vec<(&str, Vec<&str>)> = vec![(
        "unshare",
        vec!["--user", "--map-root-user", "--mount", "sh"],
    )];
    if common::is_root() {
        ways.push(("unshare", vec!["--mount", "sh"]));
        ways.push(("sh", vec![]));
    }
    let mut refused = Vec::new();
    for (program, args) in ways {
        let mut cmd = Command::new(program);
        cmd.args(&args)
            .arg(script)
            .arg(data)
            .arg(out)
            .arg(common::bin())
            .current_dir(common::root())
            .env("RUST_BACKTRACE", "0");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let way = format!("{program} {}", args.join(" "));
        match cmd.output() {
            Ok(o) if out.join("mounted").exists() => {
                assert!(
                    o.status.success(),
                    "{way}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                return Ok(way);
            }
            Ok(o) => refused.push(format!(
                "{way}: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => refused.push(format!("{way}: {e}")),
        }
    }
    Err(refused.join("; "))
}

/// A step's exit code, stdout and stderr.
fn step(out: &Path, name: &str) -> (i32, String, String) {
    let read =
        |ext: &str| std::fs::read_to_string(out.join(format!("{name}.{ext}"))).unwrap_or_default();
    let code = read("code").trim().parse().unwrap_or(-1);
    (code, read("out"), read("err"))
}

#[test]
fn a_rebuild_on_a_full_disk_says_so_and_keeps_the_old_index_answering() {
    let work = tempfile::tempdir().expect("temp dir");
    let data = work.path().join("data");
    let out = work.path().join("out");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(out.join("no-config")).unwrap();
    let places = out.join("places.toml");
    std::fs::copy(common::root().join("config/places.toml"), &places).unwrap();
    std::fs::write(
        out.join("new-place.toml"),
        "\n[[place]]\nname = \"Moneron\"\nnames = [\"Moneron Island\"]\nabout = \"A small island southwest of Sakhalin.\"\n",
    )
    .unwrap();
    // Enough articles that the index takes a good part of the disk, and a rebuild cannot fit.
    generated::write_jsonl(&out.join("collection.jsonl"), 0, 400);
    generated::write_jsonl(&out.join("more.jsonl"), 400, 410);
    let script = out.join("steps.sh");
    std::fs::write(&script, SCRIPT).unwrap();
    let env = [
        ("TREATYBOT__DATA_DIR", data.clone()),
        ("TREATYBOT__SEEDS_DIR", common::root().join("seeds")),
        ("TREATYBOT__PLACES_FILE", places.clone()),
        ("TREATYBOT_CONFIG_DIR", out.join("no-config")),
    ];
    match run_on_small_disk(&script, &data, &out, &env) {
        Ok(way) => eprintln!("small disk mounted through `{way}`"),
        Err(why) => {
            eprintln!("skipped: no way to mount a small tmpfs here ({why})");
            return;
        }
    }
    let df = std::fs::read_to_string(out.join("df")).unwrap_or_default();
    let kb = std::fs::read_to_string(out.join("index.kb")).unwrap_or_default();
    let context = format!(
        "index {} kB; {df}",
        kb.split_whitespace().next().unwrap_or("?")
    );

    if std::env::var_os("SHOW_STEPS").is_some() {
        for name in [
            "full_ingest",
            "full_ask",
            "ask",
            "status",
            "index",
            "ingest",
            "again",
        ] {
            let (code, _, err) = step(&out, name);
            eprintln!("--- {name}: exit {code}\n{err}");
        }
    }
    let (code, _, err) = step(&out, "build");
    assert_eq!(code, 0, "the first build fits: {err}");

    // An ingest into the up-to-date index fails for want of space, keeping its last commit.
    let (code, _, err) = step(&out, "full_ingest");
    assert_eq!(code, 1, "{context}\n{err}");
    assert!(err.contains("disk is full"), "{err}");
    assert!(!err.contains("treatybot index"), "{err}");
    let (code, stdout, err) = step(&out, "full_ask");
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("Karasin"), "{stdout}");
    assert!(!err.contains("WARN"), "{err}");

    // Readers answer from the index in place, saying why it was not rebuilt.
    let (code, stdout, err) = step(&out, "ask");
    assert_eq!(code, 0, "{context}\n{err}");
    assert!(stdout.contains("Karasin"), "{stdout}");
    assert!(err.contains("disk is full"), "{context}\n{err}");
    assert!(err.contains("answering from the index in place"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("writer was killed"),
        "{err}"
    );
    let (code, stdout, err) = step(&out, "status");
    assert_eq!(code, 0, "{err}");
    let status: serde_json::Value = serde_json::from_str(&stdout).expect("status json");
    assert_eq!(status["index"], "stale", "{stdout}");
    let (code, stdout, err) = step(&out, "quiz");
    assert_eq!(code, 0, "{err}");
    assert!(!stdout.trim().is_empty());

    // The rebuild itself fails: exit 1, the disk named, what it needs, no advice to rebuild.
    let (code, _, err) = step(&out, "index");
    assert_eq!(code, 1, "{context}\n{err}");
    assert!(err.contains("disk is full"), "{err}");
    assert!(err.contains(&data.display().to_string()), "{err}");
    assert!(err.contains("It needs about"), "{err}");
    assert!(!err.contains("treatybot index"), "{err}");
    assert!(!err.contains("writer was killed"), "{err}");
    // So does an ingest, which must not add to a stale index.
    let (code, _, err) = step(&out, "ingest");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("disk is full"), "{err}");

    // The old index is still there and whole, and nothing of the failed builds is left.
    let (code, stdout, err) = step(&out, "again");
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("Karasin"), "{stdout}");
    let (code, stdout, err) = step(&out, "check");
    assert_eq!(code, 0, "{stdout}{err}");
    let listing = std::fs::read_to_string(out.join("data.ls")).unwrap();
    assert!(listing.lines().any(|l| l == "index"), "{listing}");
    assert!(
        !listing
            .lines()
            .any(|l| l.starts_with(".index.building-") || l.starts_with("index.old-")),
        "{listing}"
    );
}
