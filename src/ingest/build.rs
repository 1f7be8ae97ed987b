//! Opening the index, and building it when it is missing, stale or damaged: the seeds, then every
//! article the ingest journal holds, in a temporary folder swapped into place, so a failed build
//! leaves the old index as it was.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::{journal, lock, settings_options, Run};
use crate::config::Settings;
use crate::corpus::similar;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::extract::{self, Gazetteer};
use crate::index::{self, Appender, ArticleInfo, NewArticle, PassageIndex, WriterConfig};

/// How the index was obtained when it was opened, for logs and `treatybot index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// An up-to-date index was opened as it was.
    Opened,
    /// No index (or a stale one) was there: it was built.
    Built,
    /// The index was unreadable: it was rebuilt.
    Rebuilt,
    /// The index is out of date (the seeds or the gazetteer changed) and the disk had no room
    /// to build its replacement: the old one was opened as it was, and a warning logged.
    Stale,
}

/// Where the index lives under the data directory.
pub fn index_dir(settings: &Settings) -> PathBuf {
    settings.data_dir.join("index")
}

/// Opens the index, building it from the seeds and the ingest journal when it is missing, stale
/// or damaged (or always, with `force`). Any other failure to open it (permission denied, a
/// full disk) is returned as it is, naming the path and what to fix. A stale index the disk
/// has no room to replace is opened as it is ([`IndexState::Stale`]), unless `force`.
pub fn open_or_build(
    settings: &Settings,
    force: bool,
) -> Result<(PassageIndex, IndexState, Gazetteer)> {
    open_or_build_for(settings, force, !force)
}

/// [`open_or_build`], `stale_ok` saying whether an out-of-date index may stand in when the disk
/// is too full to build a new one: yes for readers, no for a writer, which would add to it.
pub(super) fn open_or_build_for(
    settings: &Settings,
    force: bool,
    stale_ok: bool,
) -> Result<(PassageIndex, IndexState, Gazetteer)> {
    let gazetteer = Gazetteer::load(&settings.places_file)?;
    let corpus = Corpus::load(&settings.seeds_dir)?;
    let fingerprint = fingerprint(&corpus, &gazetteer);
    let dir = index_dir(settings);
    let opened = if force {
        Ok(None)
    } else {
        PassageIndex::open_if_fresh(&dir, &fingerprint)
    };
    let (index, state) = match opened {
        Ok(Some(index)) => (index, IndexState::Opened),
        Ok(None) => {
            tracing::info!(dir = %dir.display(), "building the search index");
            match build(settings, &corpus, &gazetteer, &fingerprint) {
                Ok(index) => (index, IndexState::Built),
                // Answers from the index there, out of date as it is, serve a reader better
                // than none; the next command tries the build again.
                Err(e) if stale_ok && crate::error::is_disk_full(&e) => {
                    match PassageIndex::open(&dir) {
                        Ok(old) => {
                            tracing::warn!(dir = %dir.display(), error = %e, "answering from the index in place, built before the seeds or the gazetteer changed");
                            (old, IndexState::Stale)
                        }
                        Err(_) => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Err(Error::Damaged { path, message }) => {
            tracing::warn!(dir = %path.display(), %message, "the search index is damaged; rebuilding it");
            let index = build(settings, &corpus, &gazetteer, &fingerprint).map_err(|e| {
                Error::RebuildFailed {
                    path,
                    damage: message,
                    source: Box::new(e),
                }
            })?;
            (index, IndexState::Rebuilt)
        }
        // Permission denied, a full disk, a held lock: a rebuild would meet the same wall (and
        // could throw away a good index), so say what is wrong instead.
        Err(e) => return Err(e),
    };
    Ok((index, state, gazetteer))
}

/// Rebuilds the index in place from the seeds and the journal, whatever its state.
pub fn rebuild(settings: &Settings) -> Result<PassageIndex> {
    open_or_build(settings, true).map(|(index, _, _)| index)
}

/// Digest of everything a full build starts from; a change means rebuild.
fn fingerprint(corpus: &Corpus, gazetteer: &Gazetteer) -> String {
    let mut h = Sha256::new();
    h.update(corpus.fingerprint.as_bytes());
    h.update(serde_json::to_vec(gazetteer.places()).unwrap_or_default());
    h.update(index::FORMAT_VERSION.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    format!("{:x}", h.finalize())
}

/// Builds a new index in a temporary folder (seeds, then every journalled article), then swaps
/// it into place: a failed build leaves the old index as it was.
fn build(
    settings: &Settings,
    corpus: &Corpus,
    gazetteer: &Gazetteer,
    fingerprint: &str,
) -> Result<PassageIndex> {
    let _writer = lock::WriterLock::acquire(&settings.data_dir)?;
    let dir = index_dir(settings);
    // A full disk is said as such, with what the build needs (about what the index it
    // replaces takes) and what is free once the build's own folder is gone.
    let explain = |e: Error| {
        if crate::error::is_disk_full(&e) {
            let needed = Some(index::dir_size(&dir)).filter(|&n| n > 0);
            index::disk_full(&settings.data_dir, "building a new index", needed)
        } else {
            e
        }
    };
    let tmp = index::temp_dir_beside(&dir).map_err(explain)?;
    let built = (|| {
        // Only what the old index committed, when it can tell: the tail of an ingest that
        // failed stays out. A damaged index cannot tell; then every whole line is replayed.
        // Read from the old index's commit record only, never its segments: a damaged one
        // must not be able to stop the rebuild that replaces it.
        let committed = index::committed_journal(&dir);
        let entries = journal::read(
            &journal::path(&settings.data_dir),
            committed.map(|(len, _)| len),
        )?;
        // Every commit of the new index covers the whole journal read, tombstones included,
        // so the next writer does not cut a removal off the end.
        let journal_end = entries.last().map_or(0, |(_, end)| *end);
        // Only the last version of each article, and none that was removed.
        let journalled = journal::live(entries);
        let mut appender = Appender::create(&tmp, fingerprint, WriterConfig::SEEDS)?;
        let extraction = extract::extract(corpus, gazetteer);
        appender.set_people(extraction.people);
        let seeds: Vec<NewArticle> = corpus
            .articles
            .iter()
            .zip(extraction.mentions)
            .map(|(a, mentions)| {
                let words = a
                    .paragraphs
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                NewArticle {
                    info: ArticleInfo::from_meta(&a.meta, &a.paragraphs),
                    paragraphs: a.paragraphs.clone(),
                    mentions,
                    hash: similar::content_hash(&words),
                    signature: similar::signature(&words),
                }
            })
            .collect();
        appender.add_articles(seeds, gazetteer)?;
        appender.mark_seeds();
        appender.set_journal_len(journal_end);
        // The local journal holds every shared entry the old index applied, so the new one
        // has applied them too; a damaged index that cannot tell starts over at 0, and
        // applying the shared journal again from there ends where it did.
        appender.set_shared_seq(committed.map_or(0, |(_, seq)| seq));
        appender.commit()?;
        if journalled.is_empty() {
            return appender.finish();
        }
        // The seeds are one segment written by one thread, as always; the rest goes in bulk.
        appender.finish()?;
        let appender = Appender::open(&tmp, WriterConfig::bulk())?;
        tracing::info!(
            articles = journalled.len(),
            "adding the ingested articles back from the journal"
        );
        let mut run = Run::new(appender, gazetteer, None, &settings_options(settings), None)?;
        let batch = settings.ingest.batch_articles;
        let mut pending = Vec::new();
        for (record, _) in journalled {
            pending.push(record);
            if pending.len() >= batch {
                run.batch(std::mem::take(&mut pending), Some(journal_end))?;
            }
        }
        run.batch(pending, Some(journal_end))?;
        run.appender.finish()
    })();
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(explain(e));
    }
    index::swap_into_place(&tmp, &dir)?;
    PassageIndex::open(&dir)
}
