//! Applying the shared reading-list journal: with a PostgreSQL store, the journal of every
//! server's additions, replacements and removals is kept there, numbered in commit order, and
//! each process's index is a replica that applies its entries in that order. This module is the
//! index's half: applying entries to the index under one data directory, through the same
//! ingest and removal as a local change (so the local journal keeps them too, for rebuilds), and
//! recording the last entry applied in the same commit ([`crate::index::Knowledge::shared_seq`]).
//!
//! An entry belongs to one server ([`SharedEntry::server`]); one whose id is not in that
//! server's id space is never applied, so no row of the shared table can put an article in
//! another server's list or in the shared collection.

use crate::config::Settings;
use crate::corpus::ServerId;
use crate::error::Result;

use super::journal::Entry;
use super::{ingest_records, remove::remove_shared, IngestOptions, IngestReport, RemoveReport};

/// One entry of the shared journal.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedEntry {
    /// Its number: entries are applied in this order, each once.
    pub seq: u64,
    /// The server whose reading list it changes.
    pub server: ServerId,
    /// The change, as the local journal stores it (an article with its final id, or a
    /// tombstone).
    pub entry: Entry,
}

/// What applying a run of entries did.
#[derive(Debug, Clone)]
pub enum Applied {
    /// Articles ingested (added, replaced, unchanged or set aside).
    Added(IngestReport),
    /// Articles removed.
    Removed(RemoveReport),
    /// Entries that do not belong to the server they are filed under: not applied.
    Foreign(usize),
}

/// The id an entry's article has without its server's prefix, or `None` when the id is not
/// in `server`'s id space.
fn own_part(server: ServerId, id: &str) -> Option<&str> {
    (ServerId::of_article_id(id) == Some(server))
        .then(|| id.strip_prefix(&server.id_prefix()))
        .flatten()
}

/// Applies `entries` (in order) to the index under `settings.data_dir`: consecutive
/// additions of one server in one ingest, each removal alone, every commit recording the last
/// entry it covers. Returns what each run did, in order. Blocking; takes the writer lock.
/// An error leaves the entries before the failing run applied (and recorded).
pub fn apply(settings: &Settings, entries: Vec<SharedEntry>) -> Result<Vec<Applied>> {
    let mut done = Vec::new();
    let mut run: Vec<SharedEntry> = Vec::new();
    let batch = settings.ingest.batch_articles.max(1);
    for e in entries {
        let joins = matches!(e.entry, Entry::Article(_))
            && run
                .last()
                .is_none_or(|r| r.server == e.server && matches!(r.entry, Entry::Article(_)))
            && run.len() < batch;
        if !joins && !run.is_empty() {
            done.push(apply_run(settings, std::mem::take(&mut run))?);
        }
        run.push(e);
    }
    if !run.is_empty() {
        done.push(apply_run(settings, run)?);
    }
    Ok(done)
}

/// Applies one removal, or additions of one server.
fn apply_run(settings: &Settings, run: Vec<SharedEntry>) -> Result<Applied> {
    let Some(last) = run.last() else {
        return Ok(Applied::Foreign(0));
    };
    let (seq, server) = (last.seq, last.server);
    let total = run.len();
    let mut records = Vec::new();
    let mut removals = Vec::new();
    for e in run {
        match e.entry {
            Entry::Article(mut a) => {
                let Some(own) = own_part(server, &a.id).map(str::to_string) else {
                    continue;
                };
                if a.server.is_some_and(|s| s != server) {
                    continue;
                }
                // Prepared again as the first process prepared it: the server's prefix is put
                // back in front of its own part of the id.
                a.id = own;
                a.server = Some(server);
                records.push(a);
            }
            Entry::Removed(r) => {
                if own_part(server, &r.removed).is_some() {
                    removals.push(r.removed);
                }
            }
        }
    }
    let foreign = total - records.len() - removals.len();
    if foreign > 0 {
        tracing::warn!(
            seq,
            server = server.0,
            foreign,
            "shared reading list entries outside their server's ids were not applied"
        );
    }
    if !removals.is_empty() {
        return remove_shared(settings, &removals, seq).map(Applied::Removed);
    }
    if records.is_empty() {
        return Ok(Applied::Foreign(foreign));
    }
    let options = IngestOptions {
        server: Some(server),
        shared_seq: Some(seq),
        ..IngestOptions::from_settings(settings)
    };
    ingest_records(settings, records, Vec::new(), options).map(Applied::Added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_applies_only_inside_its_servers_ids() {
        let s = ServerId(7);
        assert_eq!(
            own_part(s, "s7/https://a.example/x"),
            Some("https://a.example/x")
        );
        assert_eq!(own_part(s, "s8/https://a.example/x"), None);
        assert_eq!(
            own_part(s, "https://a.example/x"),
            None,
            "the shared collection"
        );
        assert_eq!(own_part(s, "s70/x"), None);
    }
}
