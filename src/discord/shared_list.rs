//! Each server's reading list shared by several processes through the store (PostgreSQL): the
//! shared journal ([`crate::quiz::store::ReadingListLog`]) is the source of truth, and this
//! process's index is a replica of it. A change made here is appended to the shared journal
//! first and then applied like any other process's, so every index applies the same entries in
//! the same order and ends the same. Entries are applied at start (everything past what the
//! index recorded), when a notification says another process committed one, and every
//! [`POLL_EVERY`] in case a notification was missed.
//!
//! With SQLite there is no replica: the local journal is the reading list, as it always was.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::corpus::ServerId;
use crate::engine::Engine;
use crate::ingest::journal::Entry;
use crate::ingest::shared::{self, Applied, SharedEntry};
use crate::ingest::{self, BadRow, Incoming, Refusal};
use crate::quiz::{QuizStore, StoreError};

/// How often the follower reads the shared journal when no notification came.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// Entries read from the store per round trip.
const READ_AT_ONCE: usize = 200;

/// Why the replica could not be brought up to date or a change not shared.
#[derive(Debug, thiserror::Error)]
pub enum ReplicaError {
    /// The shared journal could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An entry could not be applied to this process's index.
    #[error(transparent)]
    Index(#[from] crate::Error),
}

/// This process's replica of the shared reading lists.
pub struct Replica {
    store: Arc<dyn QuizStore>,
    /// The last entry applied here; `None` until read from the index. Held while applying, so
    /// entries are applied once each and in order.
    applied: Mutex<Option<u64>>,
}

impl Replica {
    /// A replica over `store`'s shared journal; `None` when the store keeps none (SQLite).
    pub fn new(store: Arc<dyn QuizStore>) -> Option<Arc<Replica>> {
        store.reading_list_log()?;
        Some(Arc::new(Replica {
            store,
            applied: Mutex::new(None),
        }))
    }

    /// Applies every entry past what this index has applied. Returns how many were applied.
    /// Blocking.
    pub fn catch_up(&self, engine: &Engine) -> Result<usize, ReplicaError> {
        let mut applied = self.applied.lock().unwrap_or_else(|p| p.into_inner());
        let n = self.apply_up_to(engine, &mut applied, None)?;
        if n > 0 {
            if let Err(e) = engine.refresh() {
                tracing::warn!(error = %e, "could not load the new commit at once");
            }
        }
        Ok(n)
    }

    /// Shares a change of `server`'s list: appends `entries` to the shared journal, then applies
    /// everything up to them here, and returns what applying them did. Blocking.
    pub fn share(
        &self,
        engine: &Engine,
        server: ServerId,
        entries: Vec<Entry>,
    ) -> Result<Vec<Applied>, ReplicaError> {
        let Some(log) = self.store.reading_list_log() else {
            return Ok(Vec::new());
        };
        // Held from before the append to after applying, so the follower cannot apply this
        // change first and leave no report of it.
        let mut applied = self.applied.lock().unwrap_or_else(|p| p.into_inner());
        self.apply_up_to(engine, &mut applied, None)?;
        let count = entries.len() as u64;
        let last = log.append(server, &entries)?;
        let first = last + 1 - count;
        self.apply_up_to(engine, &mut applied, Some(first - 1))?;
        let mine = log.since(first - 1, entries.len())?;
        let done = shared::apply(engine.settings(), mine)?;
        *applied = Some(last);
        if let Err(e) = engine.refresh() {
            tracing::warn!(error = %e, "could not load the new commit at once");
        }
        Ok(done)
    }

    /// Applies entries after `applied` (up to `up_to`, or all), advancing it as they commit.
    fn apply_up_to(
        &self,
        engine: &Engine,
        applied: &mut Option<u64>,
        up_to: Option<u64>,
    ) -> Result<usize, ReplicaError> {
        let Some(log) = self.store.reading_list_log() else {
            return Ok(0);
        };
        let mut from = match *applied {
            Some(seq) => seq,
            // What the index's last commit recorded: its own files say, so a restart goes on
            // where the index is, not where a process that died was.
            None => crate::index::committed_journal(&crate::ingest::index_dir(engine.settings()))
                .map_or(0, |(_, seq)| seq),
        };
        *applied = Some(from);
        let mut count = 0;
        loop {
            if up_to.is_some_and(|last| from >= last) {
                break;
            }
            let mut entries = log.since(from, READ_AT_ONCE)?;
            if let Some(last) = up_to {
                entries.retain(|e| e.seq <= last);
            }
            let Some(end) = entries.last().map(|e| e.seq) else {
                break;
            };
            count += entries.len();
            let settings = engine.settings();
            // One run at a time, so a failure keeps what was applied before it.
            for run in runs(entries) {
                let last = run.last().map_or(from, |e| e.seq);
                shared::apply(settings, run)?;
                from = last;
                *applied = Some(from);
            }
            debug_assert_eq!(from, end);
        }
        if count > 0 {
            tracing::info!(
                entries = count,
                applied = from,
                "applied shared reading list entries"
            );
        }
        Ok(count)
    }
}

/// Adds `records` through the shared journal: each as the local journal would keep it (its
/// final id, its server), applied here once committed there. What a page's reading skipped is
/// never shared; it is reported as a local ingest would report it.
pub(super) fn share_records(
    engine: &Engine,
    replica: &Replica,
    server: ServerId,
    records: Vec<Incoming>,
    skipped: Vec<BadRow>,
) -> Result<ingest::IngestReport, Refusal> {
    if records.is_empty() {
        return Ok(ingest::IngestReport {
            skipped,
            ..Default::default()
        });
    }
    let entries = records
        .into_iter()
        .map(|r| {
            Entry::Article(Incoming {
                id: format!("{}{}", server.id_prefix(), r.id),
                server: Some(server),
                ..r
            })
        })
        .collect();
    let applied = replica
        .share(engine, server, entries)
        .map_err(|e| shared_failed(&e))?;
    let mut report = ingest::IngestReport {
        skipped,
        ..Default::default()
    };
    for a in applied {
        if let Applied::Added(r) = a {
            report.added += r.added;
            report.replaced.extend(r.replaced);
            report.duplicates.extend(r.duplicates);
            report.skipped.extend(r.skipped);
        }
    }
    Ok(report)
}

/// A shared journal that could not be read or written, or an entry not applied, as what a
/// member can do about it: try again (the details go to the log).
pub(super) fn shared_failed(e: &ReplicaError) -> Refusal {
    match e {
        ReplicaError::Index(e) => super::reading_list::for_member(e),
        ReplicaError::Store(e) => {
            tracing::warn!(error = %e, "the shared reading list could not be reached");
            Refusal::Busy
        }
    }
}

/// Entries cut into the runs [`shared::apply`] commits one by one (so progress is recorded
/// between them): consecutive entries of one server.
fn runs(entries: Vec<SharedEntry>) -> Vec<Vec<SharedEntry>> {
    let mut out: Vec<Vec<SharedEntry>> = Vec::new();
    for e in entries {
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|r| r.server == e.server) => run.push(e),
            _ => out.push(vec![e]),
        }
    }
    out
}

/// Keeps this process's index up to date with the shared journal until aborted: wakes on each
/// notification, and every [`POLL_EVERY`] in any case.
pub async fn follow(replica: Arc<Replica>, engine: Arc<Engine>) {
    let Some(changed) = replica.store.reading_list_log().map(|l| l.changed()) else {
        return;
    };
    loop {
        tokio::select! {
            () = changed.notified() => {}
            () = tokio::time::sleep(POLL_EVERY) => {}
        }
        let (replica, engine) = (Arc::clone(&replica), Arc::clone(&engine));
        match tokio::task::spawn_blocking(move || replica.catch_up(&engine)).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "could not apply the shared reading list; trying again")
            }
            Err(e) => tracing::error!(error = %e, "applying the shared reading list stopped"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removal(seq: u64, server: u64) -> SharedEntry {
        SharedEntry {
            seq,
            server: ServerId(server),
            entry: Entry::Removed(crate::ingest::journal::Removal {
                removed: format!("s{server}/x"),
            }),
        }
    }

    #[test]
    fn runs_keep_order_and_never_mix_servers() {
        let cut = runs(vec![
            removal(1, 1),
            removal(2, 1),
            removal(3, 2),
            removal(4, 1),
        ]);
        let seqs: Vec<Vec<u64>> = cut
            .iter()
            .map(|r| r.iter().map(|e| e.seq).collect())
            .collect();
        assert_eq!(seqs, vec![vec![1, 2], vec![3], vec![4]]);
    }
}
