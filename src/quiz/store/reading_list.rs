//! The shared reading-list journal in PostgreSQL (table `reading_list_journal`): every server's
//! additions, replacements and removals, each row the line the local journal would hold (the
//! cleaned article, so no other process fetches the page again), numbered by `seq`.
//!
//! Writers take a transaction-level advisory lock before numbering, so numbers are handed out
//! in commit order with no gaps: once a reader has seen entry N, every entry below N is
//! committed and visible, and a follower that reads "past what I applied" never skips one.
//! The insert and its `pg_notify` share the transaction, so a notification never announces an
//! entry that is not there yet. Notifications only wake followers early: a follower also
//! polls (see `crate::discord::shared_list`), so one lost with a dropped connection costs at
//! most a poll's wait.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_postgres::{AsyncMessage, NoTls};

use super::postgres::{Fail, PostgresStore};
use super::{id, uid, StoreError};
use crate::corpus::ServerId;
use crate::ingest::journal::Entry;
use crate::ingest::shared::SharedEntry;

/// The channel commits are announced on (`LISTEN treatybot_reading_list`).
pub const NOTIFY_CHANNEL: &str = "treatybot_reading_list";

/// Taken (per transaction) while appending, so entries are numbered in commit order.
const JOURNAL_LOCK: i64 = 0x7472_6561_7479_0002;

/// How long the listener waits before connecting again after losing its connection.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// A journal of reading-list changes shared by every process of one bot.
pub trait ReadingListLog: Send + Sync {
    /// Appends `entries` for `server` in one transaction and announces them; returns the
    /// number of the last. Blocking.
    fn append(&self, server: ServerId, entries: &[Entry]) -> Result<u64, StoreError>;
    /// At most `limit` entries numbered after `after`, in order. Blocking.
    fn since(&self, after: u64, limit: usize) -> Result<Vec<SharedEntry>, StoreError>;
    /// Woken (one stored wake-up) when an entry may have been committed: by a notification,
    /// or on (re)connecting the listener, when notifications may have been missed. Starts the
    /// listener on first call.
    fn changed(&self) -> Arc<Notify>;
}

/// An entry as its row holds it, or why it does not read back.
fn entry_of(seq: i64, guild: i64, text: &str) -> Result<SharedEntry, Fail> {
    let entry = serde_json::from_str(text)
        .map_err(|e| Fail::Data(format!("reading list entry {seq}: {e}")))?;
    Ok(SharedEntry {
        seq: seq.max(0) as u64,
        server: ServerId(uid(guild)),
        entry,
    })
}

impl ReadingListLog for PostgresStore {
    fn append(&self, server: ServerId, entries: &[Entry]) -> Result<u64, StoreError> {
        let lines = entries
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Query {
                store: format!("PostgreSQL store at {}", self.server()),
                message: format!("a reading list entry does not serialise: {e}"),
            })?;
        self.block(async {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&JOURNAL_LOCK])
                .await?;
            let mut seq: i64 = tx
                .query_one(
                    "SELECT COALESCE(MAX(seq), 0)::BIGINT FROM reading_list_journal",
                    &[],
                )
                .await?
                .get(0);
            for line in &lines {
                seq += 1;
                tx.execute(
                    "INSERT INTO reading_list_journal (seq, guild_id, entry) VALUES ($1, $2, $3)",
                    &[&seq, &id(server.0), line],
                )
                .await?;
            }
            tx.execute(
                "SELECT pg_notify($1, $2)",
                &[&NOTIFY_CHANNEL, &seq.to_string()],
            )
            .await?;
            tx.commit().await?;
            Ok(seq.max(0) as u64)
        })
    }

    fn since(&self, after: u64, limit: usize) -> Result<Vec<SharedEntry>, StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let rows = client
                .query(
                    "SELECT seq, guild_id, entry FROM reading_list_journal
                     WHERE seq > $1 ORDER BY seq LIMIT $2",
                    &[&(after.min(i64::MAX as u64) as i64), &(limit as i64)],
                )
                .await?;
            rows.iter()
                .map(|r| entry_of(r.get(0), r.get(1), r.get(2)))
                .collect()
        })
    }

    fn changed(&self) -> Arc<Notify> {
        if !self.listening.swap(true, Ordering::SeqCst) {
            self.spawn(listen(self.config(), Arc::clone(&self.changed)));
        }
        Arc::clone(&self.changed)
    }
}

impl PostgresStore {
    /// Copies a deployment's reading lists (`entries`, each with its server, in journal order)
    /// into the shared journal, in one transaction, when it holds no entry yet; returns how
    /// many were copied, or `None` when it already held some (nothing is copied twice, nor
    /// mixed into lists other processes keep). Blocking; for `migrate-store`.
    pub fn import_reading_lists(
        &self,
        entries: &[(ServerId, Entry)],
    ) -> Result<Option<u64>, StoreError> {
        let mut guilds = Vec::with_capacity(entries.len());
        let mut lines = Vec::with_capacity(entries.len());
        for (server, entry) in entries {
            guilds.push(id(server.0));
            lines.push(serde_json::to_string(entry).map_err(|e| StoreError::Query {
                store: format!("PostgreSQL store at {}", self.server()),
                message: format!("a reading list entry does not serialise: {e}"),
            })?);
        }
        self.block_within(super::postgres::IMPORT_TIMEOUT, async {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&JOURNAL_LOCK])
                .await?;
            let held: i64 = tx
                .query_one("SELECT COUNT(*) FROM reading_list_journal", &[])
                .await?
                .get(0);
            if held > 0 {
                return Ok(None);
            }
            let seqs: Vec<i64> = (1..=lines.len() as i64).collect();
            tx.execute(
                "INSERT INTO reading_list_journal (seq, guild_id, entry)
                 SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::text[])",
                &[&seqs, &guilds, &lines],
            )
            .await?;
            tx.execute(
                "SELECT pg_notify($1, $2)",
                &[&NOTIFY_CHANNEL, &lines.len().to_string()],
            )
            .await?;
            tx.commit().await?;
            Ok(Some(lines.len() as u64))
        })
    }
}

/// Listens on [`NOTIFY_CHANNEL`] on a connection of its own, waking `changed` on every
/// notification, and connects again whenever the connection is lost, until the store's runtime
/// ends.
async fn listen(config: tokio_postgres::Config, changed: Arc<Notify>) {
    loop {
        match config.connect(NoTls).await {
            Ok((client, mut connection)) => {
                let wake = Arc::clone(&changed);
                // The connection delivers notifications only while it is polled, so it is
                // driven here while LISTEN is sent on the client.
                let driven = tokio::spawn(async move {
                    loop {
                        match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                            Some(Ok(AsyncMessage::Notification(_))) => wake.notify_one(),
                            Some(Ok(_)) => {}
                            Some(Err(e)) => {
                                tracing::warn!(error = %e, "lost the reading list notifications");
                                break;
                            }
                            None => break,
                        }
                    }
                });
                match client
                    .batch_execute(&format!("LISTEN {NOTIFY_CHANNEL}"))
                    .await
                {
                    Ok(()) => {
                        tracing::debug!("listening for reading list changes");
                        // Whatever was committed while not listening is read now.
                        changed.notify_one();
                        let _ = driven.await;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "could not listen for reading list changes");
                        driven.abort();
                    }
                }
                drop(client);
            }
            Err(e) => {
                tracing::debug!(error = %e, "could not connect to listen for reading list changes");
            }
        }
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}
