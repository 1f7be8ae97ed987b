//! Getting articles into the index: the seeds on first start (and whenever they, the gazetteer or
//! the program change), and collections added with `treatybot ingest` (CSV, JSON Lines, folders
//! of text files), incrementally, batch by batch, into the index that is already there.
//!
//! Each incoming article is mended and split ([`prepare`]), then checked against every article
//! taken in so far: the same id and words is nothing new (ingesting twice changes nothing); the
//! same or nearly the same words under another id is a near-duplicate, recorded and not indexed,
//! so the story is cited once; the same id with other words is a new version, which replaces the
//! old one (its passages, roles, people, years and events) in the same commit, unless the id is
//! a seed's. What remains is extracted against the growing people register and committed with
//! it, one whole batch at a time. Every ingested record is also kept in the [`journal`], so a
//! rebuild replays it after the seeds; [`remove`] takes articles out again.
//!
//! Architecture invariant: a reader never sees a half-written batch, and a failed or killed
//! ingest leaves the index as its last commit left it.

pub mod address;
mod build;
pub mod fetch;
pub mod journal;
pub mod lock;
pub mod prepare;
pub mod problem;
pub mod refusal;
pub mod remove;
pub mod repair;
mod run;
mod seen;
pub mod shared;
pub mod source;
pub mod topic;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::config::Settings;
use crate::error::{Error, Result};
use crate::index::{Appender, Duplicate, WriterConfig};
use build::open_or_build_for;
pub use build::{index_dir, open_or_build, rebuild, IndexState};
pub use prepare::Prepared;
pub use problem::RowProblem;
pub use refusal::Refusal;
pub use remove::{remove, RemoveRefusal, RemoveReport, Removed};
use run::Run;
pub use source::{BadRow, Columns, Format, Incoming};

/// Estimated share of shingles two articles must have in common to count as one story.
pub const NEAR_DUPLICATE: f32 = 0.6;

/// What one ingest does besides reading: columns, ids, batch sizes, progress.
pub struct IngestOptions<'a> {
    /// Column names; unset ones are detected from each file's header.
    pub columns: Columns,
    /// Put before every id, to keep two collections' ids apart.
    pub id_prefix: String,
    /// The server whose reading list the articles join (added from Discord); `None` for the
    /// shared collection. Their ids get the server's prefix too.
    pub server: Option<crate::corpus::ServerId>,
    /// Articles per commit.
    pub batch_articles: usize,
    /// Longest text accepted, in bytes.
    pub max_article_bytes: usize,
    /// Called as the input is read (often: keep it cheap).
    pub progress: Option<ProgressFn<'a>>,
    /// The last shared journal entry these records come from (see [`shared`]), recorded in the
    /// commit so that the index knows how far it has applied the shared journal.
    pub shared_seq: Option<u64>,
    /// For tests of interrupted ingests: fail once this many articles have been added, after
    /// their batch was written to the journal and the index writer but before it commits.
    #[doc(hidden)]
    pub fail_after: Option<usize>,
}

impl IngestOptions<'_> {
    /// The options `settings` give (columns, batch size, size limit), without progress.
    pub fn from_settings(settings: &Settings) -> IngestOptions<'static> {
        let col = |c: &str| Some(c.trim().to_string()).filter(|c| !c.is_empty());
        let i = &settings.ingest;
        IngestOptions {
            columns: Columns {
                id: col(&i.id_column),
                title: col(&i.title_column),
                date: col(&i.date_column),
                url: col(&i.url_column),
                outlet: col(&i.outlet_column),
                text: col(&i.text_column),
            },
            id_prefix: String::new(),
            server: None,
            batch_articles: i.batch_articles,
            max_article_bytes: i.max_article_bytes,
            progress: None,
            shared_seq: None,
            fail_after: None,
        }
    }
}

fn settings_options(settings: &Settings) -> prepare::PrepareOptions {
    prepare::PrepareOptions {
        id_prefix: String::new(),
        max_article_bytes: settings.ingest.max_article_bytes,
    }
}

/// A callback told how far an ingest has got.
pub type ProgressFn<'a> = Box<dyn FnMut(&Progress) + 'a>;

/// How far an ingest has got.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Bytes of input read.
    pub bytes_done: u64,
    /// Bytes of input in all.
    pub bytes_total: u64,
    /// Articles added so far.
    pub added: usize,
    /// Time since the ingest started.
    pub elapsed: Duration,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// Articles added to the index.
    pub added: usize,
    /// Passages they were split into.
    pub passages: u64,
    /// Articles already in the index (same id, same words): left as they were.
    pub unchanged: usize,
    /// Ids whose earlier version (indexed or set aside) was replaced by the new words.
    pub replaced: Vec<String>,
    /// Articles set aside as near-duplicates of one already indexed.
    pub duplicates: Vec<Duplicate>,
    /// Records skipped, each with its file, line and reason.
    pub skipped: Vec<BadRow>,
    /// Records taken with a caveat (a date that could not be read).
    pub warnings: Vec<BadRow>,
    /// Bytes of article text read.
    pub text_bytes: u64,
    /// Wall-clock time, in seconds.
    pub seconds: f64,
    /// Articles in the index afterwards (replaced and removed ones not counted).
    pub total_articles: usize,
    /// Passages in the index afterwards.
    pub total_passages: u64,
}

impl IngestReport {
    /// Megabytes of article text per second.
    pub fn megabytes_per_second(&self) -> f64 {
        self.text_bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }
}

/// Adds the articles in `paths` to the index under `settings.data_dir`, building the index from
/// the seeds first if there is none. Bad records are reported in the result and skipped; an
/// error means the ingest stopped, with every batch committed before it kept.
pub fn ingest(
    settings: &Settings,
    paths: &[PathBuf],
    options: IngestOptions,
) -> Result<IngestReport> {
    let started = Instant::now();
    // Reading formats and columns first means a wrong path fails before any work is done.
    for p in paths {
        // A link is fetched when its turn comes; a refusal is reported like a bad row.
        if fetch::is_link(&p.to_string_lossy()) {
            continue;
        }
        if !p.exists() {
            return Err(Error::Input {
                path: p.clone(),
                problem: crate::error::InputProblem::NotFound,
            });
        }
        Format::detect(p)?;
    }
    let bytes_total: u64 = paths.iter().map(|p| source::input_size(p)).sum();
    // Bad rows are found while reading and while preparing; report them in input order.
    let order: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let columns = options.columns.clone();
    let max_article_bytes = options.max_article_bytes;
    let pages = crate::corpus::html::ReadLimits::from_settings(&settings.fetch);
    ingest_from(settings, options, bytes_total, &order, started, |sink| {
        let mut bytes_before = 0u64;
        for path in paths {
            let mut file_sink = |item: std::result::Result<Incoming, BadRow>, done: u64| {
                sink(item, bytes_before + done)
            };
            let link = path.to_string_lossy();
            if fetch::is_link(&link) {
                source::read_link(&link, &settings.fetch, &mut file_sink)?;
            } else {
                source::read(path, &columns, max_article_bytes, &pages, &mut file_sink)?;
            }
            bytes_before += source::input_size(path);
        }
        Ok(())
    })
}

/// Adds records already read (a page a server handed over, read before the writer lock is
/// taken so that reading one page never holds up another's commit), like [`ingest`] does the
/// records of its files: `skipped` are reported as bad rows.
pub fn ingest_records(
    settings: &Settings,
    records: Vec<Incoming>,
    skipped: Vec<BadRow>,
    options: IngestOptions,
) -> Result<IngestReport> {
    let started = Instant::now();
    let bytes_total: u64 = records.iter().map(|r| r.text.len() as u64).sum();
    ingest_from(settings, options, bytes_total, &[], started, |sink| {
        let mut done = 0u64;
        for bad in skipped {
            sink(Err(bad), done)?;
        }
        for r in records {
            done += r.text.len() as u64;
            sink(Ok(r), done)?;
        }
        Ok(())
    })
}

/// The writing half of an ingest: takes the writer lock, opens (or builds) the index, and
/// commits what `feed` hands to its sink in batches. `order` ranks bad rows by file.
fn ingest_from(
    settings: &Settings,
    mut options: IngestOptions,
    bytes_total: u64,
    order: &[String],
    started: Instant,
    feed: impl FnOnce(&mut source::Sink) -> Result<()>,
) -> Result<IngestReport> {
    // Held until the ingest returns: a second writer would interleave commits with ours.
    let _writer = lock::WriterLock::acquire(&settings.data_dir)?;
    let (_, _, gazetteer) = open_or_build_for(settings, false, false)?;
    let dir = index_dir(settings);
    let mut appender = Appender::open(&dir, WriterConfig::bulk())?;
    if let Some(seq) = options.shared_seq {
        appender.set_shared_seq(seq);
    }
    let journal = journal::Journal::open(
        &journal::path(&settings.data_dir),
        appender.knowledge().journal_len,
    )?;
    let server = options.server;
    let prepare_options = prepare::PrepareOptions {
        id_prefix: match server {
            Some(s) => format!("{}{}", s.id_prefix(), options.id_prefix),
            None => options.id_prefix.clone(),
        },
        max_article_bytes: options.max_article_bytes,
    };
    let mut run = Run::new(
        appender,
        &gazetteer,
        Some(journal),
        &prepare_options,
        options.fail_after,
    )?;
    let batch_size = options.batch_articles.max(1);
    let mut pending: Vec<Incoming> = Vec::new();
    {
        let mut sink = |item: std::result::Result<Incoming, BadRow>, done: u64| -> Result<()> {
            match item {
                Ok(mut incoming) => {
                    run.report.text_bytes += incoming.text.len() as u64;
                    incoming.server = server;
                    pending.push(incoming);
                }
                Err(bad) => run.report.skipped.push(bad),
            }
            if pending.len() >= batch_size {
                run.batch(std::mem::take(&mut pending), None)?;
            }
            if let Some(progress) = options.progress.as_mut() {
                progress(&Progress {
                    bytes_done: done,
                    bytes_total,
                    added: run.report.added,
                    elapsed: started.elapsed(),
                });
            }
            Ok(())
        };
        feed(&mut sink)?;
    }
    run.batch(pending, None)?;
    if !run.report.replaced.is_empty() {
        if let Some(journal) = run.journal.as_mut() {
            compact_journal(journal, &mut run.appender)?;
        }
    }
    let rank = |b: &BadRow| (order.iter().position(|f| *f == b.file), b.line);
    run.report.skipped.sort_by_key(rank);
    run.report.warnings.sort_by_key(rank);
    let Run {
        appender,
        mut report,
        ..
    } = run;
    report.total_articles = appender.knowledge().live_articles();
    report.total_passages = appender.knowledge().passage_count;
    match appender.finish() {
        // A merge met a segment that does not decode. Every batch is committed and journalled,
        // so the rebuild that mends the index keeps them; left alone, the damage would wait
        // for a query to meet it, as opening checks too little to find it.
        Err(Error::Damaged { path, message }) => {
            tracing::warn!(dir = %path.display(), %message, "merging the index met damage; rebuilding it");
            rebuild(settings).map_err(|e| Error::RebuildFailed {
                path,
                damage: message,
                source: Box::new(e),
            })?;
        }
        other => other?,
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Compacts the journal when superseded versions are most of it ([`journal::Journal::compact`])
/// and commits its new length. Holding the writer lock, after a commit that superseded some.
pub(crate) fn compact_journal(
    journal: &mut journal::Journal,
    appender: &mut Appender,
) -> Result<()> {
    if let Some(len) = journal.compact(appender.knowledge().journal_superseded)? {
        appender.set_journal_compacted(len);
        appender.commit()?;
    }
    Ok(())
}
