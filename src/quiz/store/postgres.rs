//! The PostgreSQL store, for several treatybot processes sharing quizzes and the leaderboard.
//!
//! The driver is async (tokio-postgres, pooled by deadpool-postgres); the [`QuizStore`] seam is
//! synchronous and is called on tokio's blocking pool. So the store owns a one-worker tokio
//! runtime that runs the connections, and each call blocks its (blocking-pool) thread on its
//! own future with [`CALL_TIMEOUT`]: nothing waits on the database on the bot's runtime, and a
//! server that stops answering becomes an error reply within Discord's 3 seconds, not a hang.
//!
//! This file holds the connection, its runtime and how a call's failure is named; the schema and
//! its migrations are in `pg_schema.rs`, the quiz calls in `pg_quiz.rs`. The server is named by
//! host, port and database only: the password never appears in an error or a log line.

use std::future::Future;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

use super::pg_url::PgTarget;
use super::StoreError;

/// Longest one store call may take, waiting for a connection included: inside Discord's
/// 3-second deadline, like SQLite's busy timeout.
pub const CALL_TIMEOUT: Duration = Duration::from_millis(2500);

/// Longest opening may take (connecting, migrating) before the server counts as unreachable.
const OPEN_TIMEOUT: Duration = Duration::from_secs(15);

/// Connect timeout for each new connection, unless the URL sets `connect_timeout`.
pub(super) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest `migrate-store` may spend copying.
pub(super) const IMPORT_TIMEOUT: Duration = Duration::from_secs(600);

/// Connections kept per process: store calls are short, and each process has few blocking
/// threads waiting on them at once.
const POOL_SIZE: usize = 8;

/// What went wrong inside a call, before it is named for the user.
pub(super) enum Fail {
    Pool(PoolError),
    Db(tokio_postgres::Error),
    TooNew(i64),
    NotEmpty(u64),
    /// A stored value that does not read back (a question's JSON).
    Data(String),
}

impl From<PoolError> for Fail {
    fn from(e: PoolError) -> Fail {
        Fail::Pool(e)
    }
}

impl From<tokio_postgres::Error> for Fail {
    fn from(e: tokio_postgres::Error) -> Fail {
        Fail::Db(e)
    }
}

impl Fail {
    /// Whether the server was never reached (nothing it said): refused, timed out, no route.
    fn unreachable(&self) -> bool {
        match self {
            Fail::Pool(PoolError::Timeout(_)) => true,
            Fail::Pool(PoolError::Backend(e)) => e.as_db_error().is_none(),
            _ => false,
        }
    }

    fn text(&self) -> String {
        match self {
            Fail::Pool(PoolError::Backend(e)) | Fail::Db(e) => match e.as_db_error() {
                // The server's own words ("password authentication failed for user …").
                Some(db) => db.message().to_string(),
                // The driver's words and their causes ("error connecting to server: Connection
                // refused (os error 111)"): its own text leaves the cause out.
                None => {
                    let mut text = e.to_string();
                    let mut cause = std::error::Error::source(e);
                    while let Some(c) = cause {
                        let more = c.to_string();
                        if !text.contains(&more) {
                            text = format!("{text}: {more}");
                        }
                        cause = c.source();
                    }
                    text
                }
            },
            Fail::Pool(PoolError::Timeout(_)) => "no connection within the time allowed".into(),
            Fail::Pool(e) => e.to_string(),
            Fail::TooNew(v) => format!("schema version {v}"),
            Fail::NotEmpty(n) => format!("{n} quizzes"),
            Fail::Data(what) => what.clone(),
        }
    }
}

/// The PostgreSQL store: a connection pool driven by a small runtime of its own (see the
/// module documentation). Every method blocks; call it off the async runtime.
pub struct PostgresStore {
    pub(super) pool: Pool,
    /// `Some` until dropped; shut down in the background so dropping never blocks.
    runtime: Option<tokio::runtime::Runtime>,
    target: PgTarget,
    /// This process's name on the quizzes it owns ([`super::lease`]).
    pub(super) owner: String,
    /// Woken when another process commits to the shared reading list ([`super::reading_list`]).
    pub(super) changed: std::sync::Arc<tokio::sync::Notify>,
    /// Whether the task listening for those commits was started (at the first ask).
    pub(super) listening: std::sync::atomic::AtomicBool,
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        // A runtime dropped inside async code would panic waiting for its threads; this does not
        // wait, and ends the connection tasks (closing their sockets).
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

impl PostgresStore {
    /// Connects to `url`, applies pending migrations and proves it can write. Fails at once
    /// naming host, port and database (never the password): [`StoreError::Unreachable`] when
    /// nothing answers, [`StoreError::Setup`] when the server refuses, [`StoreError::TooNew`].
    pub fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let target = PgTarget::parse(url).map_err(|why| StoreError::Setup {
            server: "(database.url)".into(),
            message: why.to_string(),
        })?;
        let setup = |message: String| StoreError::Setup {
            server: target.server.clone(),
            message,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("quiz-store-pg")
            .enable_all()
            .build()
            .map_err(|e| setup(format!("could not start its runtime: {e}")))?;
        let manager = Manager::from_config(
            target.config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(CALL_TIMEOUT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CALL_TIMEOUT))
            .build()
            .map_err(|e| setup(e.to_string()))?;
        let store = PostgresStore {
            pool,
            runtime: Some(runtime),
            target,
            owner: super::lease::owner_name(),
            changed: Default::default(),
            listening: Default::default(),
        };
        let server = store.target.server.clone();
        match store.block_raw(OPEN_TIMEOUT, store.prepare()) {
            Ok(Ok(())) => Ok(store),
            Ok(Err(Fail::TooNew(found))) => Err(StoreError::TooNew {
                store: store.name(),
                found,
                known: Self::SCHEMA_VERSION,
            }),
            Ok(Err(e)) if e.unreachable() => Err(StoreError::Unreachable {
                server,
                message: store.target.scrub(e.text()),
            }),
            Ok(Err(e)) => Err(StoreError::Setup {
                server,
                message: store.target.scrub(e.text()),
            }),
            Err(_) => Err(StoreError::Unreachable {
                server,
                message: format!("no answer within {} s", OPEN_TIMEOUT.as_secs()),
            }),
        }
    }

    /// The server: `HOST:PORT/DATABASE`.
    pub fn server(&self) -> &str {
        self.target.server()
    }

    pub(super) fn name(&self) -> String {
        format!("PostgreSQL quiz store at {}", self.target.server)
    }

    /// Starts `task` on the store's runtime, where the connections run.
    pub(super) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        if let Some(rt) = self.runtime.as_ref() {
            rt.spawn(task);
        }
    }

    /// The connection settings, for a connection of its own outside the pool.
    pub(super) fn config(&self) -> tokio_postgres::Config {
        self.target.config.clone()
    }

    /// Runs `fut` on the store's runtime, waiting at most `limit`; `Err` on timeout.
    pub(super) fn block_raw<T>(
        &self,
        limit: Duration,
        fut: impl Future<Output = T>,
    ) -> Result<T, tokio::time::error::Elapsed> {
        let rt = self.runtime.as_ref().expect("the runtime lives until drop");
        rt.block_on(async { tokio::time::timeout(limit, fut).await })
    }

    /// Runs one call with [`CALL_TIMEOUT`], naming any failure.
    pub(super) fn block<T>(
        &self,
        fut: impl Future<Output = Result<T, Fail>>,
    ) -> Result<T, StoreError> {
        self.block_within(CALL_TIMEOUT, fut)
    }

    pub(super) fn block_within<T>(
        &self,
        limit: Duration,
        fut: impl Future<Output = Result<T, Fail>>,
    ) -> Result<T, StoreError> {
        match self.block_raw(limit, fut) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(Fail::NotEmpty(quizzes))) => Err(StoreError::TargetNotEmpty {
                server: self.target.server.clone(),
                quizzes,
            }),
            Ok(Err(e)) => Err(StoreError::Query {
                store: self.name(),
                message: self.target.scrub(e.text()),
            }),
            Err(_) => Err(StoreError::Query {
                store: self.name(),
                message: format!("no answer within {} ms", limit.as_millis()),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_server_is_named_by_host_and_port_at_once() {
        // A port just freed on loopback: nothing listens there.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let started = std::time::Instant::now();
        let err = PostgresStore::connect(&format!("postgres://bot:hunter2@127.0.0.1:{port}/quiz"))
            .err()
            .expect("nothing listens");
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(matches!(err, StoreError::Unreachable { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
        assert!(text.contains("TREATYBOT__DATABASE__URL"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
    }
}
