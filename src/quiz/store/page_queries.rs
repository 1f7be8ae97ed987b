//! Commands too long for a page button's custom id (table `page_queries`), kept by a key made
//! from the command itself (`crate::discord::pager::query_key`), so every process keeps one
//! query under one key and a click reaching any process, or a restarted one, finds it.
//!
//! A key is written at most once (`ON CONFLICT DO NOTHING`); rows older than
//! [`PAGE_QUERY_DAYS`] are deleted whenever one is kept, which keeps the table bounded by what
//! readers asked for in that time (long queries are rare) without a sweeper of its own.

use super::postgres::PostgresStore;
use super::sqlite::SqliteStore;
use super::StoreError;

/// How long a kept query pages: a button older than this says the results expired.
pub const PAGE_QUERY_DAYS: i64 = 30;

impl PostgresStore {
    /// Keeps `query` under `key` (see the module documentation).
    pub(super) fn keep_query(&self, key: &str, query: &str) -> Result<(), StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let keep = client
                .prepare_cached(
                    "INSERT INTO page_queries (key, query) VALUES ($1, $2)
                     ON CONFLICT (key) DO NOTHING",
                )
                .await?;
            client.execute(&keep, &[&key, &query]).await?;
            let prune = client
                .prepare_cached(
                    "DELETE FROM page_queries WHERE kept_at < now() - make_interval(days => $1)",
                )
                .await?;
            client.execute(&prune, &[&(PAGE_QUERY_DAYS as i32)]).await?;
            Ok(())
        })
    }

    /// The query kept under `key`, if any younger than [`PAGE_QUERY_DAYS`].
    pub(super) fn kept_query(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let stmt = client
                .prepare_cached(
                    "SELECT query FROM page_queries
                     WHERE key = $1 AND kept_at >= now() - make_interval(days => $2)",
                )
                .await?;
            let row = client
                .query_opt(&stmt, &[&key, &(PAGE_QUERY_DAYS as i32)])
                .await?;
            Ok(row.map(|r| r.get(0)))
        })
    }
}

/// SQLite's cut-off: `strftime` of now less the days, in the form `kept_at` is written.
pub(super) const SQLITE_CUTOFF: &str =
    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ?1 || ' days')";

impl SqliteStore {
    /// Keeps `query` under `key` (see the module documentation).
    pub(super) fn keep_query(&self, key: &str, query: &str) -> Result<(), StoreError> {
        let conn = self.lock();
        conn.execute(
            "INSERT INTO page_queries (key, query) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
            (key, query),
        )
        .and_then(|_| {
            conn.execute(
                &format!("DELETE FROM page_queries WHERE kept_at < {SQLITE_CUTOFF}"),
                [PAGE_QUERY_DAYS],
            )
        })
        .map(|_| ())
        .map_err(|e| self.query_err(e))
    }

    /// The query kept under `key`, if any younger than [`PAGE_QUERY_DAYS`].
    pub(super) fn kept_query(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        self.lock()
            .query_row(
                &format!(
                    "SELECT query FROM page_queries WHERE key = ?2 AND kept_at >= {SQLITE_CUTOFF}"
                ),
                (PAGE_QUERY_DAYS, key),
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.query_err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::QuizStore;

    #[test]
    fn a_kept_query_is_found_by_its_key_once_and_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("quiz.sqlite3");
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.page_query("k1").unwrap(), None);
        assert!(store.keep_page_query("k1", "a long query").unwrap());
        // The same key again keeps the first (a key is made from its query).
        assert!(store.keep_page_query("k1", "another").unwrap());
        assert!(store.keep_page_query("k2", "a second query").unwrap());
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(
            store.page_query("k1").unwrap().as_deref(),
            Some("a long query")
        );
        assert_eq!(
            store.page_query("k2").unwrap().as_deref(),
            Some("a second query")
        );
        assert_eq!(store.page_query("k3").unwrap(), None);
    }

    #[test]
    fn a_query_kept_past_its_days_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("quiz.sqlite3")).unwrap();
        store.keep_page_query("old", "kept long ago").unwrap();
        store
            .lock()
            .execute(
                "UPDATE page_queries SET kept_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 days')",
                [],
            )
            .unwrap();
        assert_eq!(store.page_query("old").unwrap(), None, "expired");
        store.keep_page_query("new", "kept now").unwrap();
        let rows: i64 = store
            .lock()
            .query_row("SELECT COUNT(*) FROM page_queries", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1, "keeping one deletes the expired");
    }
}
