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
pub mod fetch;
pub mod journal;
pub mod lock;
pub mod prepare;
pub mod problem;
pub mod refusal;
pub mod remove;
pub mod repair;
pub mod shared;
pub mod source;
pub mod topic;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::corpus::similar::{self, ContentHash, Signature};
use crate::corpus::{clean, Corpus};
use crate::error::{Error, Result};
use crate::extract::{self, Gazetteer};
use crate::index::{
    self,
    registry::{RecordKind, RegistryRecord},
    Appender, ArticleInfo, Duplicate, NewArticle, PassageIndex, WriterConfig,
};
pub use prepare::Prepared;
pub use problem::RowProblem;
pub use refusal::Refusal;
pub use remove::{remove, RemoveReport, Removed};
pub use source::{BadRow, Columns, Format, Incoming};

/// Estimated share of shingles two articles must have in common to count as one story.
pub const NEAR_DUPLICATE: f32 = 0.6;

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
fn open_or_build_for(
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
            return Err(Error::Data {
                path: p.clone(),
                message: "no such file or folder".into(),
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

/// What is known of every article taken in, for telling new from seen.
#[derive(Default)]
struct Seen {
    /// (hash, id) of everything taken in, duplicates included: met again, it is unchanged.
    pairs: HashSet<(ContentHash, String)>,
    /// Ids of indexed articles → position in `indexed`.
    ids: HashMap<String, usize>,
    /// Ids set aside as near-duplicates → their hash.
    duplicate_ids: HashMap<String, ContentHash>,
    /// Hash of each indexed article → position in `indexed`.
    hashes: HashMap<ContentHash, usize>,
    /// LSH band key → positions in `indexed`.
    bands: HashMap<u64, Vec<usize>>,
    /// Indexed articles: ordinal, id, hash, signature; `None` once retracted.
    indexed: Vec<Option<(usize, String, ContentHash, Signature)>>,
}

enum Verdict {
    New,
    Unchanged,
    Duplicate { of: usize, similarity: f32 },
}

/// What an id already stands for.
enum Existing {
    /// An indexed article with this ordinal.
    Indexed(usize),
    /// An article set aside as a near-duplicate.
    Duplicate,
}

impl Seen {
    fn from_registry(records: Vec<RegistryRecord>) -> Seen {
        let mut seen = Seen::default();
        for r in records {
            match r.kind {
                RecordKind::Indexed => {
                    seen.pairs.insert((r.hash, r.id.clone()));
                    seen.add(r.ordinal as usize, r.id, r.hash, r.signature);
                }
                RecordKind::Duplicate => {
                    seen.pairs.insert((r.hash, r.id.clone()));
                    seen.duplicate_ids.insert(r.id, r.hash);
                }
                RecordKind::Removed => seen.retract(&r.id),
            }
        }
        seen
    }

    fn add(&mut self, ordinal: usize, id: String, hash: ContentHash, signature: Signature) {
        let at = self.indexed.len();
        self.ids.insert(id.clone(), at);
        self.hashes.entry(hash).or_insert(at);
        for key in similar::band_keys(&signature) {
            self.bands.entry(key).or_default().push(at);
        }
        self.indexed.push(Some((ordinal, id, hash, signature)));
    }

    /// Forgets the article with this id (indexed or set aside): the id is free again and its
    /// words are no longer something another article can repeat.
    fn retract(&mut self, id: &str) {
        if let Some(at) = self.ids.remove(id) {
            if let Some((_, id, hash, _)) = self.indexed[at].take() {
                self.pairs.remove(&(hash, id));
                if self.hashes.get(&hash) == Some(&at) {
                    self.hashes.remove(&hash);
                }
            }
        }
        if let Some(hash) = self.duplicate_ids.remove(id) {
            self.pairs.remove(&(hash, id.to_string()));
        }
    }

    /// What the id already stands for, if anything.
    fn existing(&self, id: &str) -> Option<Existing> {
        if let Some(&at) = self.ids.get(id) {
            return self.indexed[at]
                .as_ref()
                .map(|(ordinal, ..)| Existing::Indexed(*ordinal));
        }
        self.duplicate_ids
            .contains_key(id)
            .then_some(Existing::Duplicate)
    }

    /// The ordinal and id of the indexed article at a position `judge` returned.
    fn article_at(&self, at: usize) -> (usize, String) {
        self.indexed[at]
            .as_ref()
            .map(|(ordinal, id, ..)| (*ordinal, id.clone()))
            .unwrap_or_default()
    }

    fn judge(&self, p: &Prepared) -> Verdict {
        if self.pairs.contains(&(p.hash, p.info.id.clone())) {
            return Verdict::Unchanged;
        }
        // Only what the article's own readers see can make it a duplicate: a shared article
        // set aside for a copy one server added would be lost to every other server.
        let audience = crate::corpus::Audience {
            server: p.info.server,
        };
        let visible = |at: usize| {
            self.indexed[at].as_ref().is_some_and(|(_, id, ..)| {
                audience.sees(crate::corpus::ServerId::of_article_id(id))
            })
        };
        if let Some(&at) = self.hashes.get(&p.hash).filter(|&&at| visible(at)) {
            return Verdict::Duplicate {
                of: at,
                similarity: 1.0,
            };
        }
        let mut best: Option<(usize, f32)> = None;
        let mut tried = HashSet::new();
        for key in similar::band_keys(&p.signature) {
            for &at in self.bands.get(&key).into_iter().flatten() {
                if !tried.insert(at) || !visible(at) {
                    continue;
                }
                let Some((_, _, _, signature)) = &self.indexed[at] else {
                    continue;
                };
                let s = similar::similarity(&p.signature, signature);
                if s >= NEAR_DUPLICATE && best.is_none_or(|(_, b)| s > b) {
                    best = Some((at, s));
                }
            }
        }
        match best {
            Some((of, similarity)) => Verdict::Duplicate { of, similarity },
            None => Verdict::New,
        }
    }
}

/// One ingest (or journal replay) in progress.
struct Run<'g> {
    appender: Appender,
    gazetteer: &'g Gazetteer,
    journal: Option<journal::Journal>,
    options: prepare::PrepareOptions,
    seen: Seen,
    report: IngestReport,
    fail_after: Option<usize>,
}

impl<'g> Run<'g> {
    fn new(
        appender: Appender,
        gazetteer: &'g Gazetteer,
        journal: Option<journal::Journal>,
        options: &prepare::PrepareOptions,
        fail_after: Option<usize>,
    ) -> Result<Run<'g>> {
        let seen = Seen::from_registry(appender.registry()?);
        Ok(Run {
            appender,
            gazetteer,
            journal,
            options: options.clone(),
            seen,
            report: IngestReport::default(),
            fail_after,
        })
    }

    /// Prepares, judges, extracts, writes and commits one batch. `journal_end` is where the
    /// batch ends in the journal when it is being replayed from there.
    fn batch(&mut self, batch: Vec<Incoming>, journal_end: Option<u64>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let shared = clean::shared_line_counts(
            batch
                .iter()
                .filter(|i| i.text.trim().contains('\n'))
                .map(|i| i.text.as_str()),
        );
        let options = &self.options;
        let prepared: Vec<std::result::Result<Prepared, BadRow>> = batch
            .into_par_iter()
            .map(|i| prepare::prepare(i, options, &shared))
            .collect();
        let mut accepted: Vec<Prepared> = Vec::new();
        let mut duplicates: Vec<(Prepared, Duplicate, usize)> = Vec::new();
        let mut retract: Vec<String> = Vec::new();
        let mut next_ordinal = self.appender.knowledge().article_count;
        // One version of an article per batch: the last one given wins, and the others are
        // reported, so one commit never both adds and deletes the same id.
        let mut last_of: HashMap<String, usize> = HashMap::new();
        for (at, p) in prepared.iter().enumerate() {
            if let Ok(p) = p {
                last_of.insert(p.info.id.clone(), at);
            }
        }
        for (at, p) in prepared.into_iter().enumerate() {
            let p = match p {
                Ok(p) => p,
                Err(bad) => {
                    self.report.skipped.push(bad);
                    continue;
                }
            };
            if last_of.get(&p.info.id) != Some(&at) {
                self.report.skipped.push(BadRow {
                    file: p.incoming.file.clone(),
                    line: p.incoming.line,
                    reason: RowProblem::IdAgain(p.info.id.clone()),
                });
                continue;
            }
            let verdict = self.seen.judge(&p);
            if !matches!(verdict, Verdict::Unchanged) {
                // The same id with other words: a new version of an article taken in before.
                match self.seen.existing(&p.info.id) {
                    Some(Existing::Indexed(ordinal)) if self.appender.is_seed(ordinal) => {
                        self.report.skipped.push(BadRow {
                            file: p.incoming.file.clone(),
                            line: p.incoming.line,
                            reason: RowProblem::SeedId(p.info.id.clone()),
                        });
                        continue;
                    }
                    Some(_) => {
                        self.seen.retract(&p.info.id);
                        retract.push(p.info.id.clone());
                        self.report.replaced.push(p.info.id.clone());
                    }
                    None => {}
                }
            }
            // Judged again once the old version is forgotten: a correction is not a
            // near-duplicate of what it corrects.
            let verdict = if retract.last() == Some(&p.info.id) {
                self.seen.judge(&p)
            } else {
                verdict
            };
            match verdict {
                Verdict::Unchanged => self.report.unchanged += 1,
                Verdict::Duplicate { of, similarity } => {
                    let (ordinal, of_id) = self.seen.article_at(of);
                    let dup = Duplicate {
                        id: p.info.id.clone(),
                        origin: format!("{}:{}", p.incoming.file, p.incoming.line),
                        of: of_id,
                        similarity,
                    };
                    self.seen.pairs.insert((p.hash, p.info.id.clone()));
                    self.seen.duplicate_ids.insert(p.info.id.clone(), p.hash);
                    duplicates.push((p, dup, ordinal));
                }
                Verdict::New => {
                    for w in &p.warnings {
                        self.report.warnings.push(w.clone());
                    }
                    self.seen.pairs.insert((p.hash, p.info.id.clone()));
                    self.seen
                        .add(next_ordinal, p.info.id.clone(), p.hash, p.signature);
                    next_ordinal += 1;
                    accepted.push(p);
                }
            }
        }
        if accepted.is_empty() && duplicates.is_empty() && retract.is_empty() {
            return Ok(());
        }
        // Old versions go first: their roles must be gone before the new words are extracted,
        // and their passages are deleted in the same commit that adds the new ones.
        for id in &retract {
            self.appender.delete_article(id)?;
        }
        // Moved out, not copied: the text is what is large, and nothing reads it here again.
        let articles: Vec<crate::corpus::Article> = accepted
            .iter_mut()
            .map(|p| crate::corpus::Article {
                meta: p.article.meta.clone(),
                paragraphs: std::mem::take(&mut p.article.paragraphs),
                removed: std::mem::take(&mut p.article.removed),
            })
            .collect();
        let mut people = self.appender.take_people();
        let mentions = extract::extend(&mut people, &articles, self.gazetteer);
        self.appender.set_people(people);
        // The journal keeps the final id (prefix included), so a replay gives every article the
        // id it was first given.
        let records: Vec<Incoming> = accepted
            .iter_mut()
            .chain(duplicates.iter_mut().map(|(p, _, _)| p))
            .map(|p| Incoming {
                id: p.info.id.clone(),
                ..std::mem::take(&mut p.incoming)
            })
            .collect();
        let new: Vec<NewArticle> = accepted
            .into_iter()
            .zip(articles)
            .zip(mentions)
            .map(|((p, article), mentions)| NewArticle {
                info: ArticleInfo {
                    on_topic: topic::on_topic(&article, &mentions, self.gazetteer),
                    ..p.info
                },
                paragraphs: article.paragraphs,
                mentions,
                hash: p.hash,
                signature: p.signature,
            })
            .collect();
        let added = new.len();
        let passages: u64 = new.iter().map(|a| a.paragraphs.len() as u64).sum();
        self.appender.add_articles(new, self.gazetteer)?;
        for (p, dup, of) in duplicates {
            self.report.duplicates.push(dup.clone());
            self.appender.add_duplicate(dup, p.hash, p.signature, of);
        }
        let journal_len = match (&mut self.journal, journal_end) {
            (Some(j), _) => j.append(&records)?,
            (None, Some(end)) => end,
            (None, None) => self.appender.knowledge().journal_len,
        };
        self.appender.set_journal_len(journal_len);
        if let Some(limit) = self.fail_after {
            if self.report.added + added >= limit {
                return Err(Error::Interrupted(format!(
                    "simulated failure after {limit} articles, before their batch was committed"
                )));
            }
        }
        self.appender.commit()?;
        self.report.added += added;
        self.report.passages += passages;
        Ok(())
    }
}
