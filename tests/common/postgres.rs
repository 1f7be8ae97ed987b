//! A private PostgreSQL server for a test: its own cluster in a temporary folder, listening on a
//! free port of 127.0.0.1 only (its socket in that folder), stopped when dropped.
//!
//! The server binaries come from Debian's `postgresql` package (`/usr/lib/postgresql/15/bin`,
//! or `TREATYBOT_TEST_PG_BIN`); without them the test fails saying how to install them. `initdb`
//! refuses to run as root, so as root the cluster runs as `nobody` (`setpriv`), its folder
//! handed to that user. `initdb` is slow (seconds), so it runs once into a template under
//! cargo's test folder that every cluster copies. Every wait is bounded.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::Duration;

/// Where Debian puts PostgreSQL 15's server binaries.
pub const DEFAULT_BIN: &str = "/usr/lib/postgresql/15/bin";

/// The cluster's superuser.
pub const USER: &str = "treatybot";

/// Its password (the cluster asks for it over TCP, so URLs with a password are really used).
pub const PASSWORD: &str = "pg-test-Zq8v1x";

/// The unprivileged user a root test runs the server as.
const NOBODY: u32 = 65534;

/// Longest the server may take to start or stop.
const WAIT_SECONDS: u64 = 30;

/// A running private cluster.
pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

/// The folder holding initdb, pg_ctl and postgres (`TREATYBOT_TEST_PG_BIN`, else PostgreSQL
/// 15's, else the newest other version Debian installed), or a panic saying how to install them.
fn bin_dir() -> PathBuf {
    let newest_installed = || {
        let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let version = e.file_name().to_str()?.parse().ok()?;
                let bin = e.path().join("bin");
                bin.join("initdb").is_file().then_some((version, bin))
            })
            .collect();
        found.sort();
        found.pop().map(|(_, bin)| bin)
    };
    let dir = match std::env::var_os("TREATYBOT_TEST_PG_BIN") {
        Some(dir) => PathBuf::from(dir),
        None if Path::new(DEFAULT_BIN).join("initdb").is_file() => PathBuf::from(DEFAULT_BIN),
        None => newest_installed().unwrap_or_else(|| PathBuf::from(DEFAULT_BIN)),
    };
    for tool in ["initdb", "pg_ctl", "postgres"] {
        assert!(
            dir.join(tool).is_file(),
            "PostgreSQL server binaries are missing: no {} in {}. These tests run a real \
             PostgreSQL: install Debian's package with `apt-get install postgresql` (PostgreSQL \
             15 puts them in {DEFAULT_BIN}), or set TREATYBOT_TEST_PG_BIN to a folder holding \
             initdb, pg_ctl and postgres.",
            tool,
            dir.display()
        );
    }
    dir
}

/// A command for a PostgreSQL binary, run as `nobody` when the test runs as root.
fn pg_command(bin: &Path, tool: &str, cwd: &Path) -> Command {
    let mut c = if super::is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            format!("--reuid={NOBODY}"),
            format!("--regid={NOBODY}"),
            "--clear-groups".to_string(),
            "--".to_string(),
        ])
        .arg(bin.join(tool));
        c
    } else {
        Command::new(bin.join(tool))
    };
    c.current_dir(cwd).env("LC_ALL", "C").env_remove("PGDATA");
    c
}

/// Hands a path to the server's user (when running as root).
fn give(path: &Path) {
    if super::is_root() {
        std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY))
            .unwrap_or_else(|e| panic!("chown {}: {e}", path.display()));
    }
}

fn run(mut c: Command, what: &str) -> Output {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("{what} could not run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A freshly initialised data folder (owned by the server's user), made once per build and
/// copied from then on.
fn template(bin: &Path) -> PathBuf {
    static MADE: Mutex<()> = Mutex::new(());
    let _one = MADE.lock().unwrap_or_else(|e| e.into_inner());
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    // Per server version: a data folder only starts under the binaries that made it.
    let version = bin
        .parent()
        .and_then(|p| p.file_name())
        .map(|v| v.to_string_lossy().into_owned())
        .unwrap_or_default();
    let done = root.join(format!("pg-template-{version}-{USER}-v1"));
    if done.join("PG_VERSION").is_file() {
        return done;
    }
    // initdb runs in /tmp, where the server's user may write; the result is copied beside.
    let work = tempfile::Builder::new()
        .prefix("treatybot-pg-init-")
        .tempdir()
        .expect("temp dir");
    give(work.path());
    let pwfile = work.path().join("pw");
    std::fs::write(&pwfile, PASSWORD).unwrap();
    give(&pwfile);
    let data = work.path().join("data");
    let mut c = pg_command(bin, "initdb", work.path());
    c.arg("-D")
        .arg(&data)
        .args([
            "-U",
            USER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ])
        .arg(format!("--pwfile={}", pwfile.display()))
        .args([
            "--no-sync",
            "--locale=C",
            "--encoding=UTF8",
            "--no-instructions",
        ]);
    run(c, "initdb");
    std::fs::create_dir_all(&root).unwrap();
    let partial = root.join(format!("pg-template-partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    let mut cp = Command::new("cp");
    cp.arg("-a").arg(&data).arg(&partial);
    run(cp, "copying the template");
    if std::fs::rename(&partial, &done).is_err() {
        // Another test binary made it meanwhile.
        let _ = std::fs::remove_dir_all(&partial);
    }
    assert!(
        done.join("PG_VERSION").is_file(),
        "template at {}",
        done.display()
    );
    done
}

/// A port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

impl PgCluster {
    /// Starts a private cluster (see the module documentation). Panics with the server's log
    /// when it does not start within 30 s.
    pub fn start() -> PgCluster {
        let bin = bin_dir();
        let template = template(&bin);
        let dir = tempfile::Builder::new()
            .prefix("treatybot-pg-")
            .tempdir()
            .expect("temp dir");
        give(dir.path());
        let data = dir.path().join("data");
        let mut cp = Command::new("cp");
        cp.arg("-a").arg(&template).arg(&data);
        run(cp, "copying the cluster template");
        let log = dir.path().join("server.log");
        // A port can be taken between choosing it and binding it: try a few.
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let out = pg_start(&bin, dir.path(), port);
            if out.status.success() {
                return PgCluster { dir, bin, port };
            }
            last = format!(
                "{}{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            if !last.contains("could not bind") && !last.contains("already in use") {
                break;
            }
        }
        panic!("the PostgreSQL test server did not start:\n{last}");
    }

    /// Stops the server (fast shutdown: clients are disconnected), keeping its data, to be
    /// started again with [`PgCluster::restart`].
    pub fn stop(&self) {
        let mut c = pg_command(&self.bin, "pg_ctl", self.dir.path());
        c.args([
            "stop",
            "-m",
            "fast",
            "-w",
            "-t",
            &WAIT_SECONDS.to_string(),
            "-D",
        ])
        .arg(self.dir.path().join("data"));
        run(c, "stopping the test server");
    }

    /// Starts the stopped server again on the same port. Panics with its log if it does not.
    pub fn restart(&self) {
        let out = pg_start(&self.bin, self.dir.path(), self.port);
        assert!(
            out.status.success(),
            "the PostgreSQL test server did not start again:\n{}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
    }

    /// Its port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL to database `db`, with the password.
    pub fn url_for(&self, db: &str) -> String {
        format!("postgres://{USER}:{PASSWORD}@127.0.0.1:{}/{db}", self.port)
    }

    /// A URL to the cluster's first database (`postgres`).
    pub fn url(&self) -> String {
        self.url_for("postgres")
    }

    /// Runs SQL (one or more statements) in database `db`, over TCP like treatybot.
    pub fn execute(&self, db: &str, sql: &str) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let url = self.url_for(db);
        rt.block_on(async {
            let (client, conn) = tokio::time::timeout(
                Duration::from_secs(10),
                tokio_postgres::connect(&url, tokio_postgres::NoTls),
            )
            .await
            .expect("connects within 10 s")
            .expect("connects");
            let conn = tokio::spawn(conn);
            tokio::time::timeout(Duration::from_secs(30), client.batch_execute(sql))
                .await
                .expect("within 30 s")
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            drop(client);
            let _ = conn.await;
        });
    }

    /// Makes a new empty database and returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        self.execute("postgres", &format!("CREATE DATABASE {name}"));
        self.url_for(name)
    }

    /// From an async test: a cluster started with one empty database `name`, and its URL.
    /// Starting runs on the blocking pool (it waits on `pg_ctl` and `psql`).
    pub async fn start_with_database(name: &'static str) -> (PgCluster, String) {
        tokio::task::spawn_blocking(move || {
            let cluster = PgCluster::start();
            let url = cluster.create_database(name);
            (cluster, url)
        })
        .await
        .expect("the cluster starts")
    }

    /// The server's log so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }
}

/// `pg_ctl start` of the cluster in `dir` on 127.0.0.1:`port`, waiting until it accepts
/// connections (at most 30 s).
fn pg_start(bin: &Path, dir: &Path, port: u16) -> std::process::Output {
    let mut c = pg_command(bin, "pg_ctl", dir);
    c.args(["start", "-w", "-t", &WAIT_SECONDS.to_string(), "-D"])
        .arg(dir.join("data"))
        .arg("-l")
        .arg(dir.join("server.log"))
        .arg("-o")
        .arg(format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off",
            dir.display()
        ));
    c.output().expect("pg_ctl runs")
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let mut c = pg_command(&self.bin, "pg_ctl", self.dir.path());
        c.args([
            "stop",
            "-m",
            "immediate",
            "-w",
            "-t",
            &WAIT_SECONDS.to_string(),
            "-D",
        ])
        .arg(&data);
        let stopped = c.output().map(|o| o.status.success()).unwrap_or(false);
        if !stopped {
            // The server this cluster started, by the pid it wrote: never another process.
            if let Some(pid) = std::fs::read_to_string(data.join("postmaster.pid"))
                .ok()
                .and_then(|s| s.lines().next().and_then(|l| l.trim().parse::<u32>().ok()))
            {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
        }
    }
}
