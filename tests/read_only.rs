//! An index the running user may read but not write (a read-only mount, a folder owned by
//! someone else) still answers as it is, and a writer says what to fix instead of rebuilding.
//!
//! Tests run as root in CI, where permissions do not stop writes, so the binary then runs as
//! `nobody` through `setpriv` (util-linux) on a world-readable copy of what it needs; as any
//! other user the folder is simply made read-only.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Makes everything under `dir` readable (and folders enterable) by anyone, writable by no one
/// but its owner, or by no one at all with `read_only`.
fn open_to_all(dir: &Path, read_only: bool) {
    let (dirs, files) = if read_only {
        (0o555, 0o444)
    } else {
        (0o755, 0o644)
    };
    for e in walk(dir) {
        set_mode(&e, if e.is_dir() { dirs } else { files });
    }
    set_mode(dir, dirs);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

struct Place {
    _root: tempfile::TempDir,
    dir: PathBuf,
}

impl Place {
    fn bin(&self) -> PathBuf {
        self.dir.join("treatybot")
    }

    fn run(&self, as_other_user: bool, args: &[&str]) -> Output {
        let mut cmd = if as_other_user {
            let mut c = Command::new("setpriv");
            c.args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
                .arg(self.bin());
            c
        } else {
            Command::new(self.bin())
        };
        cmd.current_dir(&self.dir)
            .env("TREATYBOT__DATA_DIR", self.dir.join("data"))
            .env("TREATYBOT__SEEDS_DIR", self.dir.join("seeds"))
            .env("TREATYBOT__PLACES_FILE", self.dir.join("places.toml"))
            .env("TREATYBOT_CONFIG_DIR", self.dir.join("config"))
            .args(args)
            .output()
            .expect("treatybot runs")
    }
}

#[test]
fn a_read_only_index_still_answers_and_a_writer_says_what_to_fix() {
    // Everything the binary needs, in a folder anyone may enter (the checkout may be private).
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("p");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(common::bin(), dir.join("treatybot")).unwrap();
    copy_dir(&common::root().join("seeds"), &dir.join("seeds"));
    std::fs::copy(
        common::root().join("config/places.toml"),
        dir.join("places.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.join("config")).unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/web/harbour_talks.html"),
        dir.join("page.html"),
    )
    .unwrap();
    let place = Place { _root: root, dir };
    let built = place.run(false, &["ask", "/who Karasin"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let meta = std::fs::read(place.dir.join("data/index/meta.json")).unwrap();

    let other = common::is_root();
    set_mode(place._root.path(), 0o755);
    open_to_all(&place.dir, !other);
    set_mode(&place.bin(), 0o555);
    let out = place.run(other, &["ask", "/who Karasin"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a read-only index answers: {err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Grigory Karasin"));
    let out = place.run(other, &["quiz", "--dump", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty());

    // A writer cannot write: it says so, names the folder, and does not call it damage.
    let out = place.run(other, &["index"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&place.dir.join("data").display().to_string()),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let out = place.run(other, &["ingest", "page.html"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("Permission denied") || err.contains("Read-only"),
        "{err}"
    );
    assert!(
        !err.contains("IndexWriter"),
        "no talk of another writer: {err}"
    );
    assert_eq!(
        std::fs::read(place.dir.join("data/index/meta.json")).unwrap(),
        meta,
        "the index was left as it was"
    );
    // Let the temporary folder be removed.
    open_to_all(&place.dir, false);
    set_mode(&place.dir, 0o755);
}
