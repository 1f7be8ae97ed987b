//! `treatybot remove`: taking ingested articles out of the index again, with everything they
//! brought (passages, the roles they stated, people, years and named events no other passage
//! has, near-duplicate entries), in one commit for the whole batch.
//!
//! A removal is recorded twice before it commits, both append-only: a tombstone in the article
//! registry (so the id is free again and its words are no longer a near-duplicate target) and a
//! tombstone line in the [`super::journal`] (so a rebuild does not bring the article back). The
//! commit records both lengths, so a removal that is killed before it commits leaves no trace:
//! the next writer cuts both tails off. Seeds are refused: they are changed in the seeds folder;
//! so are servers' articles when the reading lists are shared through PostgreSQL (they are
//! removed with `/sources remove`, through the shared journal).

use std::collections::HashSet;

use serde::Serialize;

use super::{index_dir, journal, lock, open_or_build, settings_options, Incoming, Run};
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::index::{Appender, WriterConfig};

/// An article that was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Its id.
    pub id: String,
    /// Its headline (empty for an article that was set aside as a near-duplicate).
    pub title: String,
    /// Passages it had in the index (0 for a near-duplicate, which was never indexed).
    pub passages: u64,
}

/// Why an id was not removed: worded for the reader by the command line (catalogue keys
/// `remove-refused-*`); the English here is for logs and the `--json` report, where each
/// reason is its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RemoveRefusal {
    /// A seed article: seeds change in the seeds folder.
    #[error(
        "is a seed article; edit the seeds folder instead (remove or change its file there and \
         the index is rebuilt on the next start)"
    )]
    Seed,
    /// A server's article while the reading lists are shared through PostgreSQL: removing it
    /// from one index alone would set this process apart from the others for good.
    #[error(
        "is on a server's reading list, which every process shares through PostgreSQL \
         (database.url); remove it with /sources remove in that server, and every process \
         removes it"
    )]
    SharedReadingList,
}

impl Serialize for RemoveRefusal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// What a removal did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RemoveReport {
    /// Articles removed, in the order asked.
    pub removed: Vec<Removed>,
    /// Ids no article in the index (nor any near-duplicate set aside) has.
    pub not_found: Vec<String>,
    /// Ids refused, each with the reason.
    pub refused: Vec<(String, RemoveRefusal)>,
    /// Articles that had been set aside as near-duplicates of a removed one, indexed in its
    /// place (in the same commit), as they would have been had it never been there.
    pub reinstated: Vec<String>,
    /// Articles in the index afterwards.
    pub total_articles: usize,
    /// Passages in the index afterwards.
    pub total_passages: u64,
}

impl RemoveReport {
    /// Whether every id asked for was removed (the binary's exit code 0).
    pub fn complete(&self) -> bool {
        self.not_found.is_empty() && self.refused.is_empty()
    }
}

/// Removes the articles with these ids from the index under `settings.data_dir`, in one commit:
/// the ones that can be removed all are, or (on an error) none. Unknown ids and seeds are
/// reported in the result, not errors. Near-duplicates that were set aside as copies of a removed
/// article are indexed in its place (from the journal), in the same commit. A running engine
/// sees the change within about a second.
pub fn remove(settings: &Settings, ids: &[String]) -> Result<RemoveReport> {
    remove_with(settings, ids, false)
}

/// [`remove`], failing after the journal is written and the deletions queued but before the
/// commit when `fail_before_commit` is set: for tests of interrupted removals.
#[doc(hidden)]
pub fn remove_with(
    settings: &Settings,
    ids: &[String],
    fail_before_commit: bool,
) -> Result<RemoveReport> {
    remove_inner(settings, ids, fail_before_commit, None)
}

/// [`remove`] of a shared journal entry: `shared_seq` is recorded in the commit (see
/// [`super::shared`]).
pub(super) fn remove_shared(
    settings: &Settings,
    ids: &[String],
    shared_seq: u64,
) -> Result<RemoveReport> {
    remove_inner(settings, ids, false, Some(shared_seq))
}

fn remove_inner(
    settings: &Settings,
    ids: &[String],
    fail_before_commit: bool,
    shared_seq: Option<u64>,
) -> Result<RemoveReport> {
    let _writer = lock::WriterLock::acquire(&settings.data_dir)?;
    let (_, _, gazetteer) = open_or_build(settings, false)?;
    // Deleting needs no large indexing buffers.
    let mut appender = Appender::open(&index_dir(settings), WriterConfig::SEEDS)?;
    if let Some(seq) = shared_seq {
        appender.set_shared_seq(seq);
    }
    let mut journal = journal::Journal::open(
        &journal::path(&settings.data_dir),
        appender.knowledge().journal_len,
    )?;
    let mut report = RemoveReport::default();
    let mut asked = HashSet::new();
    for id in ids {
        if !asked.insert(id.as_str()) {
            continue;
        }
        // With PostgreSQL the servers' reading lists are shared: a removal here alone would
        // leave this index apart from every other process's, and the shared journal would never
        // undo it. Removing from the command line goes on for the shared collection, which is
        // each process's own.
        if shared_seq.is_none()
            && settings.database_url().is_some()
            && crate::corpus::ServerId::of_article_id(id).is_some()
        {
            report
                .refused
                .push((id.clone(), RemoveRefusal::SharedReadingList));
            continue;
        }
        let passages = appender.article_passages(id)?;
        if passages
            .first()
            .is_some_and(|p| appender.is_seed(p.article))
        {
            report.refused.push((id.clone(), RemoveRefusal::Seed));
            continue;
        }
        match appender.delete_article(id)? {
            Some(r) => report.removed.push(Removed {
                id: r.id,
                title: r.title,
                passages: r.passages,
            }),
            None => report.not_found.push(id.clone()),
        }
    }
    if report.removed.is_empty() {
        report.total_articles = appender.knowledge().live_articles();
        report.total_passages = appender.knowledge().passage_count;
        appender.finish()?;
        return Ok(report);
    }
    let len = journal.append_removals(report.removed.iter().map(|r| r.id.as_str()))?;
    appender.set_journal_len(len);
    // Copies set aside because of a removed article would have been indexed without it.
    let gone: HashSet<&str> = report.removed.iter().map(|r| r.id.as_str()).collect();
    let orphans: HashSet<String> = appender
        .knowledge()
        .duplicates
        .iter()
        .filter(|d| gone.contains(d.of.as_str()) && !gone.contains(d.id.as_str()))
        .map(|d| d.id.clone())
        .collect();
    let records: Vec<Incoming> = if orphans.is_empty() {
        Vec::new()
    } else {
        journal::live(journal::read(
            &journal::path(&settings.data_dir),
            Some(len),
        )?)
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| orphans.contains(&r.id))
        .collect()
    };
    if records.is_empty() {
        if fail_before_commit {
            return Err(Error::Interrupted(
                crate::error::Interruption::SimulatedRemoval,
            ));
        }
        appender.commit()?;
        super::compact_journal(&mut journal, &mut appender)?;
    } else {
        for r in &records {
            appender.delete_article(&r.id)?;
        }
        let mut run = Run::new(
            appender,
            &gazetteer,
            Some(journal),
            &settings_options(settings),
            fail_before_commit.then_some(0),
        )?;
        for id in gone
            .iter()
            .copied()
            .chain(records.iter().map(|r| r.id.as_str()))
        {
            run.seen.retract(id);
        }
        let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
        // Judged like any new article (one may repeat another article still there), journalled
        // again and committed with the removal.
        run.batch(records, None)?;
        report.reinstated = ids
            .into_iter()
            .filter(|id| !run.report.duplicates.iter().any(|d| d.id == *id))
            .collect();
        if let Some(journal) = run.journal.as_mut() {
            super::compact_journal(journal, &mut run.appender)?;
        }
        appender = run.appender;
    }
    report.total_articles = appender.knowledge().live_articles();
    report.total_passages = appender.knowledge().passage_count;
    appender.finish()?;
    Ok(report)
}
