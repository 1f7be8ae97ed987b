//! The search index: tantivy on disk under the data directory (memory-mapped, never loaded
//! whole), the collection-wide [`Knowledge`] beside it, and the [`registry`] of every article
//! taken in. Built from the seeds, grown by ingest one whole batch (one commit) at a time.
//!
//! Architecture invariant: no tantivy type leaves this module. Callers speak in
//! [`Request`], [`Hit`], [`StoredPassage`], [`Knowledge`] and [`Appender`].
//!
//! Every commit carries, in tantivy's own commit payload, the name of the knowledge file written
//! for it; so the passages a reader sees and the people register it answers from always belong to
//! the same commit, and a commit that never happened leaves no trace a reader would follow.

mod build;
mod dated;
mod guard;
mod owned;
mod read_only;
pub mod registry;
mod schema;
mod tokens;

use std::ops::{Bound, Range, RangeInclusive};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::{Directory, WatchCallback, WatchHandle};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, Order, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::corpus::{ArticleMeta, Audience, PartialDate, ServerId};
use crate::error::{Error, IndexProblem, Result};
use crate::extract::{Mentions, Person};
pub use build::{swap_into_place, temp_dir_beside, Appender, NewArticle, Retracted, WriterConfig};
pub use dated::DateFilter;
use guard::guarded;
pub use owned::PerOwner;
pub use schema::dates_an_event;
use schema::Fields;

/// Bumped whenever the schema or the stored data change shape, or extraction stores other people
/// or dates for the same articles (17: weekdays and days without a year resolved by tense; 18: no
/// surname a stop word, no name of ordinary words; 19: a surname the article writes alone kept,
/// titles that name a kind of person cut, no name opening with a stop word; 20: the `dates`
/// column holds only dates of events, [`dates_an_event`]; 21: any country's word kept in a title
/// before a name, and a counterpart of a third country given neither side; 22: strips of site
/// furniture a batch shares cut from its texts; 23: each person's countries named by the titles
/// before their full name, [`crate::extract::Person::title_countries`]; 24: "since December 30"
/// one date, not "since December"), so old indexes are rebuilt.
pub const FORMAT_VERSION: u32 = 25;

/// How much a passage of an article about the dispute outweighs another with the same BM25
/// score. A power of two, so scaling every score (a collection all on the topic, such as the
/// seeds) changes no ranking at all.
pub const ON_TOPIC_WEIGHT: f32 = 4.0;

/// What one article is, as the index keeps it (in every one of its passages).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ArticleInfo {
    /// Id used in citations: the file name for a file, the id column for a row.
    pub id: String,
    /// File it came from (for a row, the CSV or JSON Lines file).
    pub file: String,
    /// Headline.
    pub title: String,
    /// Publisher.
    pub outlet: String,
    /// Publication date as far as known.
    pub date: Option<PartialDate>,
    /// `printed`, `inferred` or `unknown`.
    pub date_basis: String,
    /// How an inferred date was worked out.
    pub date_note: Option<String>,
    /// Link to the original.
    pub url: Option<String>,
    /// Number of cleaned paragraphs.
    pub paragraphs: usize,
    /// About the dispute (every seed is; an ingested article when it names the islands or a
    /// Japan–Russia peace treaty). Such articles rank first.
    #[serde(default)]
    pub on_topic: bool,
    /// The server whose reading list it is on; `None` for the shared collection. (No
    /// `skip_serializing_if`: passages are postcard-encoded, which needs every field.)
    #[serde(default)]
    pub server: Option<ServerId>,
    /// Bytes of its paragraphs' text: what it counts against a server's
    /// `discord.reading_list_max_bytes`.
    #[serde(default)]
    pub text_bytes: u64,
    /// When it is a web page whose text was longer than what is read from one page: what was
    /// kept, and why (shown when it is added and in `/sources`).
    #[serde(default)]
    pub cut: Option<crate::corpus::html::Cut>,
}

impl ArticleInfo {
    /// From corpus metadata and the article's paragraphs.
    pub fn from_meta(meta: &ArticleMeta, paragraphs: &[crate::corpus::Paragraph]) -> ArticleInfo {
        ArticleInfo {
            id: meta.file.clone(),
            file: meta.file.clone(),
            title: meta.title.clone(),
            outlet: meta.outlet.clone(),
            date: meta.date,
            date_basis: meta.date_basis.clone(),
            date_note: meta.date_note.clone(),
            url: meta.url.clone(),
            paragraphs: paragraphs.len(),
            on_topic: true,
            server: meta.server,
            text_bytes: paragraphs.iter().map(|p| p.text.len() as u64).sum(),
            cut: None,
        }
    }
}

/// An incoming article set aside because it repeats one already indexed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Duplicate {
    /// Its id.
    pub id: String,
    /// Where it came from (file and line).
    pub origin: String,
    /// The id of the article it repeats, which is the one cited.
    pub of: String,
    /// Estimated share of five-word shingles the two have in common (1.0: the same words).
    pub similarity: f32,
}

/// Collection-wide knowledge kept beside the index, one file per commit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Knowledge {
    /// Digest of the seeds, gazetteer and program version the index was built from.
    pub fingerprint: String,
    /// Everyone named in full somewhere.
    pub people: Vec<Person>,
    /// Every year a date mention resolves to, per owner (the shared collection's, each
    /// server's additions'), each list sorted, without repeats: a year only one server's
    /// articles mention is offered to that server alone.
    pub years: PerOwner<i32>,
    /// Articles ever indexed, removed and replaced ones included; also the ordinal the next one
    /// gets (ordinals are never reused). See [`Knowledge::live_articles`] for how many are there.
    pub article_count: usize,
    /// Articles indexed and later removed, or replaced by a new version.
    #[serde(default)]
    pub removed_count: usize,
    /// Articles from the seeds folder: the first `seed_count` ordinals. They are changed by
    /// editing that folder, never removed or replaced by an ingest.
    #[serde(default)]
    pub seed_count: usize,
    /// Passages indexed.
    pub passage_count: u64,
    /// Near-duplicates set aside, in the order they arrived.
    pub duplicates: Vec<Duplicate>,
    /// Commits so far; names this commit's knowledge file.
    pub generation: u64,
    /// Committed length of the article registry.
    pub registry_len: u64,
    /// Committed length of the ingest journal (see `crate::ingest`).
    pub journal_len: u64,
    /// Bytes of the journal's lines that later lines supersede, as far as retractions tell (the
    /// text of each article retracted since the journal was last compacted): a lower bound, so
    /// deciding whether compacting would pay costs nothing until it may.
    #[serde(default)]
    pub journal_superseded: u64,
    /// Named events ("Krasnoyarsk summit") of the articles about the dispute, per owner like
    /// `years`, first spelling kept, in corpus order.
    #[serde(default)]
    pub events: PerOwner<String>,
    /// Some article was ever added from a Discord server: only then does a search need the
    /// clause that keeps each server to the shared collection and its own additions.
    #[serde(default)]
    pub has_server_articles: bool,
    /// The last entry of the shared reading-list journal (PostgreSQL, see
    /// `crate::ingest::shared`) this index has applied: a process applies only those past it.
    /// 0 when there is no shared journal, or nothing was applied from it.
    #[serde(default)]
    pub shared_seq: u64,
}

impl Knowledge {
    /// Articles in the index now: every one indexed, less those removed or replaced.
    pub fn live_articles(&self) -> usize {
        self.article_count.saturating_sub(self.removed_count)
    }
}

/// One paragraph as stored in the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoredPassage {
    /// Ordinal of its article: collection order, seeds first, then ingested articles.
    pub article: usize,
    /// Paragraph number, from 1.
    pub paragraph: usize,
    /// The article's own words.
    pub text: String,
    /// Byte ranges of its sentences.
    pub sentences: Vec<Range<usize>>,
    /// What it mentions.
    pub mentions: Mentions,
    /// The article it belongs to. Kept with every passage so a citation needs no second lookup
    /// and nothing per article has to be held in memory.
    #[serde(default)]
    pub source: ArticleInfo,
}

/// A passage found by a search, with its relevance score (higher is better).
#[derive(Debug, Clone)]
pub struct Hit {
    /// The passage.
    pub passage: StoredPassage,
    /// BM25 score of the free-text part (0 when the request had no text).
    pub score: f32,
}

/// Passages found by a search, best first, each read from the index only when it is taken (all
/// from the commit the search ran on). A passage that cannot be read comes as an error.
pub struct Hits {
    shared: Arc<Shared>,
    snapshot: Arc<Snapshot>,
    docs: std::vec::IntoIter<(f32, DocAddress)>,
    /// Where more come from once `docs` run out (passages off the topic, found only if needed).
    then: Option<MoreDocs>,
}

/// A search put off until its results are wanted.
type MoreDocs = Box<dyn FnOnce() -> Result<Vec<(f32, DocAddress)>> + Send>;

impl Hits {
    fn new(shared: Arc<Shared>, snapshot: Arc<Snapshot>, docs: Vec<(f32, DocAddress)>) -> Hits {
        Hits {
            shared,
            snapshot,
            docs: docs.into_iter(),
            then: None,
        }
    }

    /// Passages found and not yet taken, not counting any that a put-off search would find.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether nothing is left to take, put-off searches aside.
    pub fn is_empty(&self) -> bool {
        self.docs.len() == 0
    }

    /// Passes over the next `n` passages without reading them (a window of `/timeline` after
    /// the first skips the passages of the windows before it by their counted events).
    pub fn pass_over(&mut self, n: usize) {
        // The addresses alone: nothing is read.
        if let Some(last) = n.checked_sub(1) {
            self.docs.nth(last);
        }
    }
}

impl Iterator for Hits {
    type Item = Result<Hit>;

    fn next(&mut self) -> Option<Result<Hit>> {
        let dir = self.shared.dir.clone();
        guarded(&dir, "reading a passage", || Ok(self.next_unguarded())).unwrap_or_else(|e| {
            // Nothing more comes after damage: the caller rebuilds.
            self.docs = Vec::new().into_iter();
            self.then = None;
            Some(Err(e))
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let known = self.docs.len();
        (known, self.then.is_none().then_some(known))
    }
}

impl Hits {
    fn next_unguarded(&mut self) -> Option<Result<Hit>> {
        loop {
            if let Some((score, addr)) = self.docs.next() {
                return Some(
                    self.shared
                        .read(&self.snapshot.searcher, addr)
                        .map(|passage| Hit { score, passage }),
                );
            }
            match (self.then.take()?)() {
                Ok(docs) => self.docs = docs.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Dated passages in citing order, from [`PassageIndex::search_dated`].
pub struct Dated {
    /// The first passages, about the dispute first, then earliest first.
    pub passages: Hits,
    /// Accepted (passage, date) pairs in every passage that passed, read or not (when asked
    /// for: counting them means looking at every such passage).
    pub total: Option<usize>,
    /// With the total: how many accepted dates each of `passages` holds, in their order, read
    /// from the `dates` column (each date of a passage once), so a caller can pass over
    /// passages by their events without reading them.
    pub events: Vec<usize>,
}

/// Which articles a listing holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Every article this audience may see.
    Visible(Audience),
    /// The articles of one owner: the shared collection (`None`) or a server's additions.
    Owned(Option<ServerId>),
}

/// What to look for. Every non-empty filter must hold; `text` ranks what passes them.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Free words, analysed like the passages (stemmed English). Syntax characters are plain text.
    pub text: String,
    /// Rank by the passage's own words only, not also by the names it mentions and its
    /// headline: for ranking passages that already pass a filter on a name.
    pub text_only: bool,
    /// Passages must mention one of these people (ids).
    pub people: Vec<String>,
    /// Passages must state the role of one of these people (ids).
    pub roles: Vec<String>,
    /// Without free text: passages stating the role of one of these people (ids) come first
    /// within their topic group, the rest in collection order after them.
    pub stated_first: Vec<String>,
    /// Passages must mention one of these places (display names).
    pub places: Vec<String>,
    /// Passages must mention a date in one of these years.
    pub years: Option<RangeInclusive<i32>>,
    /// With no text and no other filter: every passage, about the dispute first, then in
    /// collection order, for walking a bounded share of the collection (the quiz's candidates).
    pub everything: bool,
    /// How many to return at most.
    pub limit: usize,
    /// Who asks: passages come from the shared collection and, for a server, its own
    /// additions. The default is the shared collection only, so a request that forgets to say
    /// can miss a server's article but never show one to another server.
    pub audience: Audience,
}

/// What tantivy's commit payload holds: which knowledge file belongs to the commit.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CommitPayload {
    format: u32,
    knowledge: String,
}

/// A searcher and the knowledge of the same commit: what one command answers from.
struct Snapshot {
    searcher: Searcher,
    knowledge: Arc<Knowledge>,
    payload: Option<String>,
    /// Fast-field columns of the searcher's segments, opened once.
    columns: Arc<Vec<dated::SegmentColumns>>,
}

/// Everything an open index shares with the watcher that refreshes it.
struct Shared {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    state: RwLock<Arc<Snapshot>>,
    refreshing: Mutex<()>,
    /// Passages read from the store since the index was opened: what a command or a quiz costs,
    /// counted so tests and benchmarks can check that it stays bounded.
    passages_read: std::sync::atomic::AtomicU64,
}

/// An open index: searches always see one whole commit, and new commits (an ingest in this
/// process or another) are picked up without reopening.
pub struct PassageIndex {
    shared: Arc<Shared>,
    _watch: Option<WatchHandle>,
}

/// Opens the index in `dir` for reading, through [`read_only::ReaderDirectory`], so a read-only
/// folder still answers.
fn open_for_reading(dir: &Path) -> Result<Index> {
    let directory = read_only::ReaderDirectory::open(dir)
        .map_err(|e| index_err(dir, IndexProblem::CannotOpen(e.to_string())))?;
    Index::open(directory).map_err(|e| tantivy_err(dir, None, &e))
}

impl PassageIndex {
    /// Opens the index in `dir` if it exists and was built from inputs with this fingerprint.
    /// `Ok(None)` means missing or stale (build it); `Err` means present but unreadable.
    pub fn open_if_fresh(dir: &Path, fingerprint: &str) -> Result<Option<PassageIndex>> {
        guarded(dir, "opening it", || {
            PassageIndex::open_if_fresh_unguarded(dir, fingerprint)
        })
    }

    fn open_if_fresh_unguarded(dir: &Path, fingerprint: &str) -> Result<Option<PassageIndex>> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = open_for_reading(dir)?;
        let metas = index.load_metas().map_err(|e| tantivy_err(dir, None, &e))?;
        let Some(payload) = metas.payload.as_deref().and_then(parse_payload) else {
            // Written by an older version of treatybot (no payload, or another format).
            return Ok(None);
        };
        let knowledge = read_knowledge(dir, &payload)?;
        if knowledge.fingerprint != fingerprint {
            return Ok(None);
        }
        PassageIndex::from_index(dir, index).map(Some)
    }

    /// Opens the index in `dir` whatever it was built from.
    pub fn open(dir: &Path) -> Result<PassageIndex> {
        guarded(dir, "opening it", || PassageIndex::open_unguarded(dir))
    }

    fn open_unguarded(dir: &Path) -> Result<PassageIndex> {
        let index = open_for_reading(dir)?;
        PassageIndex::from_index(dir, index)
    }

    fn from_index(dir: &Path, index: Index) -> Result<PassageIndex> {
        schema::register_tokenizers(&index);
        let fields = Fields::from_schema(&index.schema()).map_err(|m| damaged(dir, m))?;
        // Reloads are ours to make (see `refresh`), so a searcher and its knowledge always match.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| tantivy_err(dir, None, &e))?;
        let (payload, knowledge) = committed_knowledge(dir, &index)?;
        let searcher = reader.searcher();
        let columns = Arc::new(
            dated::SegmentColumns::open(&searcher).map_err(|e| tantivy_err(dir, None, &e))?,
        );
        let snapshot = Snapshot {
            searcher,
            knowledge: Arc::new(knowledge),
            payload,
            columns,
        };
        let shared = Arc::new(Shared {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            state: RwLock::new(Arc::new(snapshot)),
            refreshing: Mutex::new(()),
            passages_read: std::sync::atomic::AtomicU64::new(0),
        });
        let checking = std::time::Instant::now();
        shared.spot_check()?;
        tracing::debug!(
            micros = checking.elapsed().as_micros() as u64,
            "spot check of every segment done"
        );
        let weak: Weak<Shared> = Arc::downgrade(&shared);
        let watch = shared
            .index
            .directory()
            .watch(WatchCallback::new(move || {
                if let Some(shared) = weak.upgrade() {
                    if let Err(e) = shared.refresh() {
                        tracing::warn!(error = %e, "could not load the index's latest commit");
                    }
                }
            }))
            .map_err(|e| tracing::debug!(error = %e, "index changes will not be watched"))
            .ok();
        Ok(PassageIndex {
            shared,
            _watch: watch,
        })
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        self.shared.snapshot()
    }

    /// Every stored passage, in collection order (article, then paragraph), from one commit.
    /// Reads the whole store, so callers that need all passages (quiz generation) do it once,
    /// not per request.
    pub fn all_passages(&self) -> Result<Vec<StoredPassage>> {
        guarded(&self.shared.dir, "reading every passage", || {
            self.all_passages_unguarded()
        })
    }

    fn all_passages_unguarded(&self) -> Result<Vec<StoredPassage>> {
        let shared = &self.shared;
        let snapshot = self.snapshot();
        let mut out = Vec::new();
        for segment in snapshot.searcher.segment_readers() {
            let store = segment
                .get_store_reader(1)
                .map_err(|e| shared.err(e.into()))?;
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                let d: TantivyDocument = store.get(doc).map_err(|e| shared.err(e))?;
                let passage = shared.decode(&d)?;
                out.push(passage);
            }
        }
        out.sort_by_key(|p| (p.article, p.paragraph));
        Ok(out)
    }

    /// The people register and counts of the commit being served.
    pub fn knowledge(&self) -> Arc<Knowledge> {
        self.snapshot().knowledge.clone()
    }

    /// Number of passages indexed.
    pub fn passage_count(&self) -> u64 {
        self.snapshot().knowledge.passage_count
    }

    /// Loads the latest commit if it is newer than the one being served. Returns whether the
    /// knowledge changed. A file watcher calls this about every half second on its own; call it
    /// to see a commit at once.
    pub fn refresh(&self) -> Result<bool> {
        self.shared.refresh()
    }

    /// Runs a request, best first: by score with free text (equal scores in collection order),
    /// else about the dispute first, then collection order (see [`Request::stated_first`]).
    pub fn search(&self, req: &Request) -> Result<Vec<Hit>> {
        self.search_iter(req)?.collect()
    }

    /// [`PassageIndex::search`], reading each passage only when it is taken: for commands that
    /// stop once they have enough citations.
    pub fn search_iter(&self, req: &Request) -> Result<Hits> {
        guarded(&self.shared.dir, "searching", || {
            self.search_iter_unguarded(req)
        })
    }

    fn search_iter_unguarded(&self, req: &Request) -> Result<Hits> {
        let shared = &self.shared;
        let f = &shared.fields;
        let mut filters = self.filters(req);
        let text = self.text_query(&req.text, req.text_only)?;
        let has_text = text.is_some();
        if let Some(q) = text {
            filters.push((
                if filters.is_empty() {
                    Occur::Should
                } else {
                    Occur::Must
                },
                q,
            ));
        }
        let snapshot = self.snapshot();
        if filters.is_empty() {
            return Ok(Hits::new(shared.clone(), snapshot, Vec::new()));
        }
        if let Some(hidden) = self.audience_clause(&snapshot, req.audience) {
            filters.push((Occur::MustNot, hidden));
        }
        let searcher = &snapshot.searcher;
        let limit = req.limit.max(1);
        let docs: Vec<(f32, DocAddress)> = if has_text {
            // The best passages of articles about the dispute, and the best of all, scored
            // as BM25 × ON_TOPIC_WEIGHT for the former: every passage of the true top `limit`
            // is in one of the two lists, and each search keeps tantivy's fast top-k pruning.
            let on_topic = ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(f.topic, schema::ON_TOPIC),
                    IndexRecordOption::Basic,
                )),
                0.0,
            );
            let mut topical = filters
                .iter()
                .map(|(o, q)| (*o, q.box_clone()))
                .collect::<Vec<_>>();
            for clause in topical.iter_mut().filter(|c| c.0 == Occur::Should) {
                clause.0 = Occur::Must;
            }
            topical.push((Occur::Must, Box::new(on_topic)));
            let top = TopDocs::with_limit(limit).order_by_score();
            let mut first = searcher
                .search(&BooleanQuery::new(topical), &top)
                .map_err(|e| shared.err(e))?;
            for hit in first.iter_mut() {
                hit.0 *= ON_TOPIC_WEIGHT;
            }
            // Free text alone is searched as the bare union of its terms, not wrapped in another
            // boolean query: only then does tantivy prune with block-max WAND.
            let all_query: Box<dyn Query> = if filters.len() == 1 {
                filters.pop().map(|(_, q)| q).expect("one clause")
            } else {
                Box::new(BooleanQuery::new(filters))
            };
            let all = searcher
                .search(all_query.as_ref(), &top)
                .map_err(|e| shared.err(e))?;
            let seen: std::collections::HashSet<DocAddress> =
                first.iter().map(|(_, a)| *a).collect();
            first.extend(all.into_iter().filter(|(_, a)| !seen.contains(a)));
            first
        } else {
            // Filters alone rank nothing: passages about the dispute first (and the rest looked
            // at only if those run out), then collection order, so the seeds come first however
            // large the collection grows.
            let stated_first = req.stated_first.clone();
            return topic_phases(
                shared.clone(),
                snapshot,
                filters,
                limit,
                move |shared, snapshot, filters, limit| {
                    rank_order(shared, snapshot, filters, &stated_first, limit)
                },
            );
        };
        let mut docs = docs;
        if has_text {
            // Equal scores in collection order: the rank without its topic part.
            let order = |addr: &DocAddress| {
                snapshot
                    .columns
                    .get(addr.segment_ord as usize)
                    .and_then(|c| c.rank(addr.doc_id))
                    .map_or(u64::MAX, |r| r & !schema::OFF_TOPIC_RANK)
            };
            docs.sort_by(|(sa, a), (sb, b)| sb.total_cmp(sa).then(order(a).cmp(&order(b))));
        }
        docs.truncate(limit);
        Ok(Hits::new(shared.clone(), snapshot, docs))
    }

    /// What `audience` may not see, as a clause to exclude, when some article was ever added
    /// from a server (before that every passage is shared, and the clause would only cost): the
    /// passages servers added, but for the audience's own. Excluding walks only those few
    /// postings, where requiring "shared or mine" would intersect with nearly every passage.
    fn audience_clause(&self, snapshot: &Snapshot, audience: Audience) -> Option<Box<dyn Query>> {
        if !snapshot.knowledge.has_server_articles {
            return None;
        }
        let f = &self.shared.fields;
        let owned = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.server, schema::OWNED),
                IndexRecordOption::Basic,
            ))
        };
        Some(match audience.server {
            None => owned(),
            Some(server) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, owned()),
                (
                    Occur::MustNot,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.server, &schema::server_term(server)),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
        })
    }

    /// The request's filters (everything but its free text), each a clause that must hold.
    fn filters(&self, req: &Request) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.shared.fields;
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !req.people.is_empty() {
            filters.push((Occur::Must, any_of(f.people, &req.people)));
        }
        if !req.roles.is_empty() {
            filters.push((Occur::Must, any_of(f.roles, &req.roles)));
        }
        if !req.places.is_empty() {
            filters.push((Occur::Must, any_of(f.places, &req.places)));
        }
        if let Some(years) = &req.years {
            let lo = Term::from_field_i64(f.year, *years.start() as i64);
            let hi = Term::from_field_i64(f.year, *years.end() as i64);
            filters.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(lo), Bound::Included(hi))),
            ));
        }
        if req.everything && filters.is_empty() && req.text.trim().is_empty() {
            filters.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        filters
    }

    /// Passages passing the request's filters (its text is not used) that mention a date
    /// `accept` takes: the first `limit` in citing order (about the dispute first, then by their
    /// earliest such date, then collection order), and, `with_total`, how many such (passage,
    /// date) pairs there are in all. Only the passages taken are read; without the total,
    /// passages off the topic are not even looked at until those about the dispute run out.
    pub fn search_dated(
        &self,
        req: &Request,
        accept: DateFilter,
        limit: usize,
        with_total: bool,
    ) -> Result<Dated> {
        guarded(&self.shared.dir, "searching by date", || {
            self.search_dated_unguarded(req, accept, limit, with_total)
        })
    }

    fn search_dated_unguarded(
        &self,
        req: &Request,
        accept: DateFilter,
        limit: usize,
        with_total: bool,
    ) -> Result<Dated> {
        let shared = &self.shared;
        let mut filters = self.filters(req);
        let snapshot = self.snapshot();
        if let Some(hidden) = self.audience_clause(&snapshot, req.audience) {
            // An exclusion alone matches nothing: say "every passage" as the phases would.
            if filters.is_empty() {
                filters.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
            }
            filters.push((Occur::MustNot, hidden));
        }
        if !with_total {
            let passages = topic_phases(
                shared.clone(),
                snapshot,
                filters,
                limit,
                move |shared, snapshot, filters, limit| {
                    let fruit = date_order(shared, snapshot, filters, accept.clone(), limit)?;
                    Ok(fruit.top.into_iter().map(|(_, addr)| (0.0, addr)).collect())
                },
            )?;
            return Ok(Dated {
                passages,
                total: None,
                events: Vec::new(),
            });
        }
        let fruit = date_order(shared, &snapshot, filters, accept, limit)?;
        let events = fruit.top.iter().map(|((_, n), _)| *n).collect();
        let docs = fruit.top.into_iter().map(|(_, addr)| (0.0, addr)).collect();
        Ok(Dated {
            passages: Hits::new(shared.clone(), snapshot, docs),
            total: Some(fruit.events),
            events,
        })
    }

    /// How many passages pass the request's filters (its text is not used).
    pub fn count(&self, req: &Request) -> Result<usize> {
        guarded(&self.shared.dir, "counting", || self.count_unguarded(req))
    }

    fn count_unguarded(&self, req: &Request) -> Result<usize> {
        let mut filters = self.filters(req);
        if filters.is_empty() {
            return Ok(0);
        }
        let snapshot = self.snapshot();
        if let Some(hidden) = self.audience_clause(&snapshot, req.audience) {
            filters.push((Occur::MustNot, hidden));
        }
        snapshot
            .searcher
            .search(&BooleanQuery::new(filters), &Count)
            .map_err(|e| self.shared.err(e))
    }

    /// The first `limit` articles of `listing`, `offset` articles in, in collection order,
    /// with how many it holds in all.
    pub fn articles(
        &self,
        listing: Listing,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<ArticleInfo>, usize)> {
        guarded(&self.shared.dir, "listing articles", || {
            self.articles_unguarded(listing, offset, limit)
        })
    }

    fn articles_unguarded(
        &self,
        listing: Listing,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<ArticleInfo>, usize)> {
        let shared = &self.shared;
        let snapshot = self.snapshot();
        let searcher = &snapshot.searcher;
        let lead: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(shared.fields.lead, schema::LEAD),
            IndexRecordOption::Basic,
        ));
        let owner: Option<(Occur, Box<dyn Query>)> = match listing {
            Listing::Visible(audience) => self
                .audience_clause(&snapshot, audience)
                .map(|q| (Occur::MustNot, q)),
            Listing::Owned(None) => self
                .audience_clause(&snapshot, Audience::SHARED)
                .map(|q| (Occur::MustNot, q)),
            Listing::Owned(Some(server)) => Some((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(shared.fields.server, &schema::server_term(server)),
                    IndexRecordOption::Basic,
                )),
            )),
        };
        let query: Box<dyn Query> = match owner {
            Some(clause) => Box::new(BooleanQuery::new(vec![(Occur::Must, lead), clause])),
            None => lead,
        };
        let (docs, total) = searcher
            .search(
                query.as_ref(),
                &(
                    TopDocs::with_limit(limit.max(1))
                        .and_offset(offset)
                        .order_by_fast_field::<u64>("ordinal", Order::Asc),
                    Count,
                ),
            )
            .map_err(|e| shared.err(e))?;
        let mut out = Vec::with_capacity(docs.len());
        for (_, addr) in docs.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| shared.err(e))?;
            out.push(shared.decode(&doc)?.source);
        }
        Ok((out, total))
    }

    /// The article with this id (from its first passage), if it is indexed.
    pub fn article(&self, id: &str) -> Result<Option<ArticleInfo>> {
        guarded(&self.shared.dir, "looking up an article", || {
            let shared = &self.shared;
            let snapshot = self.snapshot();
            let query = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(shared.fields.article_id, id),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(shared.fields.lead, schema::LEAD),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]);
            let top = snapshot
                .searcher
                .search(&query, &TopDocs::with_limit(1).order_by_score())
                .map_err(|e| shared.err(e))?;
            match top.first() {
                Some((_, addr)) => {
                    let doc: TantivyDocument =
                        snapshot.searcher.doc(*addr).map_err(|e| shared.err(e))?;
                    Ok(Some(shared.decode(&doc)?.source))
                }
                None => Ok(None),
            }
        })
    }

    /// How many passages have been read from the store since the index was opened.
    pub fn passages_read(&self) -> u64 {
        self.shared
            .passages_read
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Bytes the index folder takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        dir_size(&self.shared.dir)
    }

    /// How rare an analysed word is among the passages, as BM25's inverse document frequency:
    /// near 0 for a word in most passages, higher the fewer hold it. For weighing a question's
    /// words against each other when choosing the sentence that answers it.
    pub fn rarity(&self, token: &str) -> f32 {
        let snapshot = self.snapshot();
        let searcher = &snapshot.searcher;
        let n = searcher.num_docs() as f32;
        let df = searcher
            .doc_freq(&Term::from_field_text(self.shared.fields.text, token))
            .unwrap_or(0) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The words of `text` as the index sees them (lower-cased, stemmed), for highlighting.
    pub fn analyse(&self, text: &str) -> Vec<String> {
        let mut analyzer = match self
            .shared
            .index
            .tokenizer_for_field(self.shared.fields.text)
        {
            Ok(a) => a,
            Err(_) => return Vec::new(),
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The words of `text` whose analysed token is one of `tokens`: each token with its byte
    /// range. The same as [`PassageIndex::analyse_with_offsets`] filtered to `tokens`, only
    /// cheaper (see [`tokens::find`]).
    pub fn find_tokens(
        &self,
        text: &str,
        tokens: &std::collections::HashSet<String>,
    ) -> Vec<(String, Range<usize>)> {
        match self
            .shared
            .index
            .tokenizer_for_field(self.shared.fields.text)
        {
            Ok(mut analyzer) => tokens::find(&mut analyzer, text, tokens),
            Err(_) => Vec::new(),
        }
    }

    /// Analysed tokens of `text` with their byte ranges, for matching query words in a passage.
    pub fn analyse_with_offsets(&self, text: &str) -> Vec<(String, Range<usize>)> {
        let Ok(mut analyzer) = self
            .shared
            .index
            .tokenizer_for_field(self.shared.fields.text)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to));
        }
        out
    }

    /// A plain BM25 query over the passage text, as tantivy's own query parser would run it:
    /// the baseline the benchmarks compare every command against. Returns the number of hits.
    pub fn baseline_search(&self, text: &str, limit: usize) -> Result<usize> {
        self.bare_search(text, limit, true)
    }

    /// The same bare query, but matching any of the words (tantivy's default): what a plain
    /// search engine runs for a command's words, to set a command's time against.
    pub fn baseline_search_any(&self, text: &str, limit: usize) -> Result<usize> {
        self.bare_search(text, limit, false)
    }

    fn bare_search(&self, text: &str, limit: usize, all_words: bool) -> Result<usize> {
        guarded(&self.shared.dir, "searching", || {
            self.bare_search_unguarded(text, limit, all_words)
        })
    }

    fn bare_search_unguarded(&self, text: &str, limit: usize, all_words: bool) -> Result<usize> {
        let shared = &self.shared;
        let mut parser = QueryParser::for_index(&shared.index, vec![shared.fields.text]);
        if all_words {
            parser.set_conjunction_by_default();
        }
        let (query, _errors) = parser.parse_query_lenient(text);
        let snapshot = self.snapshot();
        let docs = snapshot
            .searcher
            .search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(|e| shared.err(e))?;
        Ok(docs.len())
    }

    fn text_query(&self, text: &str, text_only: bool) -> Result<Option<Box<dyn Query>>> {
        let f = &self.shared.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for token in self.analyse(text) {
            if !seen.insert(token.clone()) {
                continue;
            }
            let fields: &[(tantivy::schema::Field, f32)] = if text_only {
                &[(f.text, 1.0)]
            } else {
                &[(f.text, 1.0), (f.names, 0.6), (f.title, 0.3)]
            };
            for &(field, boost) in fields {
                let term = Term::from_field_text(field, &token);
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
        Ok((!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>))
    }
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a refresh panicked; the snapshot in it is still whole.
        self.state.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn refresh(&self) -> Result<bool> {
        guarded(&self.dir, "loading a commit", || self.refresh_unguarded())
    }

    fn refresh_unguarded(&self) -> Result<bool> {
        let _one_at_a_time = self.refreshing.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.snapshot();
        // Read the commit, reload, and read it again: if another commit slipped in between, the
        // searcher may be newer than the knowledge, so go round once more.
        for _ in 0..3 {
            let before = self.index.load_metas().map_err(|e| self.err(e))?;
            self.reader.reload().map_err(|e| self.err(e))?;
            let after = self.index.load_metas().map_err(|e| self.err(e))?;
            if before.opstamp != after.opstamp {
                continue;
            }
            let searcher = self.reader.searcher();
            let changed = after.payload != current.payload;
            let knowledge = if changed {
                let payload = after
                    .payload
                    .as_deref()
                    .and_then(parse_payload)
                    .ok_or_else(|| {
                        damaged(&self.dir, "the latest commit names no knowledge file")
                    })?;
                Arc::new(read_knowledge(&self.dir, &payload)?)
            } else {
                current.knowledge.clone()
            };
            let columns =
                Arc::new(dated::SegmentColumns::open(&searcher).map_err(|e| self.err(e))?);
            let next = Snapshot {
                searcher,
                knowledge,
                payload: after.payload,
                columns,
            };
            *self.state.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(next);
            if changed {
                tracing::info!(dir = %self.dir.display(), "loaded a new commit of the index");
            }
            return Ok(changed);
        }
        Ok(false)
    }

    /// A cheap proof that the store can be read: the last passage of each segment is fetched
    /// and decoded (one compressed block each), instead of reading every document. Damage
    /// elsewhere shows up as an error when a query meets it, and the engine rebuilds then.
    ///
    /// Before that, every indexed field's term dictionary is opened and its first term read
    /// (one block), so a garbled `.term` header is met at open rather than by the first query;
    /// fast fields were opened with the snapshot's columns. The cost is a few page reads per
    /// segment and field, whatever the segment's size. Checksums of whole files are
    /// `treatybot check`'s job: they read every byte.
    fn spot_check(&self) -> Result<()> {
        let snapshot = self.snapshot();
        let schema = self.index.schema();
        let indexed: Vec<tantivy::schema::Field> = schema
            .fields()
            .filter(|(_, entry)| entry.is_indexed())
            .map(|(field, _)| field)
            .collect();
        for (ord, segment) in snapshot.searcher.segment_readers().iter().enumerate() {
            if segment.max_doc() == 0 {
                continue;
            }
            let at = |e: tantivy::TantivyError| {
                tantivy_err(&self.dir, Some(&format!("segment {ord}")), &e)
            };
            for &field in &indexed {
                let inverted = segment.inverted_index(field).map_err(at)?;
                let mut terms = inverted
                    .terms()
                    .stream()
                    .map_err(|e| at(tantivy::TantivyError::from(e)))?;
                terms.advance();
            }
            let doc: TantivyDocument = snapshot
                .searcher
                .doc(DocAddress::new(ord as u32, segment.max_doc() - 1))
                .map_err(|e| tantivy_err(&self.dir, Some(&format!("segment {ord}")), &e))?;
            self.decode(&doc)?;
        }
        Ok(())
    }

    /// Reads and decodes the passage at `addr`.
    fn read(&self, searcher: &Searcher, addr: DocAddress) -> Result<StoredPassage> {
        self.passages_read
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
        self.decode(&doc)
    }

    fn decode(&self, doc: &TantivyDocument) -> Result<StoredPassage> {
        decode_document(&self.dir, &self.fields, doc)
    }

    fn err(&self, e: tantivy::TantivyError) -> Error {
        tantivy_err(&self.dir, None, &e)
    }
}

/// One clause of a boolean query.
type Clause = (Occur, Box<dyn Query>);

/// Runs `run` (a search that orders passages by something other than score) first on the
/// passages about the dispute, and puts off running it on the others until those run out: in a
/// large collection the dispute's passages are few, and most commands need only a handful.
fn topic_phases<F>(
    shared: Arc<Shared>,
    snapshot: Arc<Snapshot>,
    mut filters: Vec<Clause>,
    limit: usize,
    run: F,
) -> Result<Hits>
where
    F: Fn(&Shared, &Snapshot, Vec<Clause>, usize) -> Result<Vec<(f32, DocAddress)>>
        + Send
        + 'static,
{
    if filters.is_empty() {
        filters.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
    }
    let topic = |occur: Occur| -> Clause {
        (
            occur,
            Box::new(TermQuery::new(
                Term::from_field_text(shared.fields.topic, schema::ON_TOPIC),
                IndexRecordOption::Basic,
            )),
        )
    };
    let mut about: Vec<Clause> = filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
    about.push(topic(Occur::Must));
    let first = run(&shared, &snapshot, about, limit)?;
    let found = first.len();
    let mut hits = Hits::new(shared.clone(), snapshot.clone(), first);
    if found < limit {
        filters.push(topic(Occur::MustNot));
        hits.then = Some(Box::new(move || {
            run(&shared, &snapshot, filters, limit - found)
        }));
    }
    Ok(hits)
}

/// The first `limit` passages passing `filters` in [`schema::rank`] order, those stating the
/// role of one of `stated_first` first.
fn rank_order(
    shared: &Shared,
    snapshot: &Snapshot,
    filters: Vec<Clause>,
    stated_first: &[String],
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    let searcher = &snapshot.searcher;
    let by_rank = dated::RankCollector {
        columns: snapshot.columns.clone(),
        limit,
    };
    let stated_query = (!stated_first.is_empty()).then(|| {
        let mut clauses: Vec<Clause> = filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
        clauses.push((Occur::Must, any_of(shared.fields.roles, stated_first)));
        BooleanQuery::new(clauses)
    });
    let all = searcher
        .search(&BooleanQuery::new(filters), &by_rank)
        .map_err(|e| shared.err(e))?;
    let mut ranked: Vec<((bool, bool, u64), DocAddress)> = Vec::new();
    let mut stated = std::collections::HashSet::new();
    if let Some(q) = stated_query {
        // The first `limit` in the wanted order are among the first `limit` of each list.
        for (rank, addr) in searcher.search(&q, &by_rank).map_err(|e| shared.err(e))? {
            stated.insert(addr);
            ranked.push(((schema::rank_is_off_topic(rank), false, rank), addr));
        }
    }
    for (rank, addr) in all {
        if !stated.contains(&addr) {
            ranked.push(((schema::rank_is_off_topic(rank), true, rank), addr));
        }
    }
    ranked.sort();
    ranked.truncate(limit);
    Ok(ranked.into_iter().map(|(_, addr)| (0.0, addr)).collect())
}

/// The first `limit` passages passing `filters` with a date `accept` takes, earliest first.
fn date_order(
    shared: &Shared,
    snapshot: &Snapshot,
    filters: Vec<Clause>,
    accept: DateFilter,
    limit: usize,
) -> Result<dated::DatedFruit> {
    let query: Box<dyn Query> = if filters.is_empty() {
        Box::new(tantivy::query::AllQuery)
    } else {
        Box::new(BooleanQuery::new(filters))
    };
    snapshot
        .searcher
        .search(
            query.as_ref(),
            &dated::DatedCollector {
                columns: snapshot.columns.clone(),
                accept,
                limit,
            },
        )
        .map_err(|e| shared.err(e))
}

/// How a passage is kept in the index: postcard, a compact binary form of the same serde
/// data. Every command reads the passages it cites, and decoding this takes a fraction of the
/// time JSON did; the index is only ever read by the version that wrote it (see
/// [`FORMAT_VERSION`]), so a self-describing format buys nothing.
fn encode_passage(p: &StoredPassage) -> std::result::Result<Vec<u8>, postcard::Error> {
    postcard::to_allocvec(p)
}

/// Reads what [`encode_passage`] wrote.
/// The passage a stored document holds; one that has none or does not decode is damage.
fn decode_document(dir: &Path, fields: &Fields, doc: &TantivyDocument) -> Result<StoredPassage> {
    let raw = doc
        .get_first(fields.data)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| damaged(dir, "a stored passage has no data"))?;
    decode_passage(raw).map_err(|e| damaged(dir, format!("a stored passage is corrupt ({e})")))
}

fn decode_passage(raw: &[u8]) -> std::result::Result<StoredPassage, postcard::Error> {
    postcard::from_bytes(raw)
}

fn parse_payload(raw: &str) -> Option<CommitPayload> {
    serde_json::from_str::<CommitPayload>(raw)
        .ok()
        .filter(|p| p.format == FORMAT_VERSION)
}

fn read_knowledge(dir: &Path, payload: &CommitPayload) -> Result<Knowledge> {
    let path = dir.join(&payload.knowledge);
    let raw = match std::fs::read(&path) {
        Ok(raw) => raw,
        // The commit names it, so a missing file is a torn index, not a missing one.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(damaged(
                dir,
                format!(
                    "{}, named by the last commit, is missing",
                    payload.knowledge
                ),
            ))
        }
        Err(e) => return Err(Error::io("reading", &path, e)),
    };
    serde_json::from_slice(&raw)
        .map_err(|e| damaged(dir, format!("{} is corrupt ({e})", payload.knowledge)))
}

/// A file of the index that does not hold what it should, as [`check`] finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Damage {
    /// The file's name inside the index folder.
    pub file: String,
    /// What is wrong with it, as data (`crate::present::damage` words it).
    pub problem: DamageProblem,
}

/// What `check` found wrong with one file of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum DamageProblem {
    /// There is no index in the folder at all (no `meta.json`).
    NoIndex,
    /// The last commit names no knowledge file, or was written by another version.
    NoKnowledgeFile,
    /// A file the last commit names is not there.
    Missing,
    /// A segment file's checksum does not match its contents.
    Checksum,
    /// The file does not decode; the detail is the decoder's own words (for the log and
    /// `--json`, not for a reader).
    Undecodable(String),
}

/// Reads every file of the index in `dir` against what it should hold: each segment file's
/// footer checksum (tantivy's own), that every file a commit names exists, the knowledge file
/// and the article registry decoding. Slow on a large index (it reads everything), so it is a
/// command, not part of opening. An empty list means sound; `Err` only for trouble that is not
/// damage (the folder cannot be read).
pub fn check(dir: &Path) -> Result<Vec<Damage>> {
    let mut found = Vec::new();
    let mut bad = |file: &str, problem: DamageProblem| {
        found.push(Damage {
            file: file.to_string(),
            problem,
        })
    };
    if !dir.join("meta.json").exists() {
        bad("meta.json", DamageProblem::NoIndex);
        return Ok(found);
    }
    let index = match Index::open_in_dir(dir) {
        Ok(index) => index,
        Err(e) => {
            return match tantivy_err(dir, None, &e) {
                Error::Damaged { message, .. } => {
                    bad("meta.json", DamageProblem::Undecodable(message));
                    Ok(found)
                }
                other => Err(other),
            }
        }
    };
    let metas = match index.load_metas() {
        Ok(metas) => metas,
        Err(e) => {
            bad("meta.json", DamageProblem::Undecodable(e.to_string()));
            return Ok(found);
        }
    };
    match metas.payload.as_deref().and_then(parse_payload) {
        None => bad("meta.json", DamageProblem::NoKnowledgeFile),
        Some(payload) => match read_knowledge(dir, &payload) {
            Ok(knowledge) => {
                if let Err(e) = registry::read(dir, knowledge.registry_len) {
                    match e {
                        Error::Damaged { message, .. } => {
                            bad(registry::REGISTRY_FILE, DamageProblem::Undecodable(message))
                        }
                        other => return Err(other),
                    }
                }
            }
            Err(Error::Damaged { message, .. }) => {
                bad(&payload.knowledge, DamageProblem::Undecodable(message))
            }
            Err(other) => return Err(other),
        },
    }
    for segment in &metas.segments {
        use tantivy::index::SegmentComponent as C;
        let mut parts = vec![
            C::Postings,
            C::Positions,
            C::Terms,
            C::Store,
            C::FastFields,
            C::FieldNorms,
        ];
        if segment.has_deletes() {
            parts.push(C::Delete);
        }
        for file in parts.into_iter().map(|c| segment.relative_path(c)) {
            if !dir.join(&file).exists() {
                bad(&file.to_string_lossy(), DamageProblem::Missing);
            }
        }
    }
    let checked = guarded(dir, "checking checksums", || {
        index
            .validate_checksum()
            .map_err(|e| tantivy_err(dir, None, &e))
    });
    match checked {
        Ok(files) => {
            let mut files: Vec<_> = files.into_iter().collect();
            files.sort();
            for file in files {
                bad(&file.to_string_lossy(), DamageProblem::Checksum);
            }
        }
        Err(Error::Damaged { message, .. }) => {
            bad("segment files", DamageProblem::Undecodable(message))
        }
        Err(other) => return Err(other),
    }
    Ok(found)
}

/// How much of the ingest journal the index in `dir` last committed, read from its `meta.json`
/// and knowledge file alone: a rebuild asks this of the index it replaces, which may be
/// damaged, so no segment is opened. `None` when it cannot tell (missing or unreadable).
pub fn committed_journal_len(dir: &Path) -> Option<u64> {
    committed_journal(dir).map(|(len, _)| len)
}

/// How much of the ingest journal the index in `dir` last committed and the last shared
/// journal entry it applied, read as [`committed_journal_len`] reads (no segment opened): a
/// rebuild replays the local journal up to that length and carries the entry number over, as
/// the two were committed together.
pub fn committed_journal(dir: &Path) -> Option<(u64, u64)> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("meta.json")).ok()?).ok()?;
    let payload = parse_payload(meta.get("payload")?.as_str()?)?;
    read_knowledge(dir, &payload)
        .ok()
        .map(|k| (k.journal_len, k.shared_seq))
}

/// The knowledge of the index's last commit, with the raw payload that names it.
fn committed_knowledge(dir: &Path, index: &Index) -> Result<(Option<String>, Knowledge)> {
    let metas = index.load_metas().map_err(|e| tantivy_err(dir, None, &e))?;
    let payload = metas
        .payload
        .as_deref()
        .and_then(parse_payload)
        .ok_or_else(|| damaged(dir, "the last commit names no knowledge file"))?;
    Ok((metas.payload.clone(), read_knowledge(dir, &payload)?))
}

fn any_of(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    if let [one] = values {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, one),
            IndexRecordOption::Basic,
        ));
    }
    let clauses = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// A failure of the index at `dir` that is not damage.
fn index_err(dir: &Path, problem: IndexProblem) -> Error {
    Error::Index {
        path: dir.to_path_buf(),
        problem,
    }
}

/// Damage to the index at `dir`: a file that does not hold what it should.
fn damaged(dir: &Path, message: impl std::fmt::Display) -> Error {
    Error::Damaged {
        path: dir.to_path_buf(),
        message: message.to_string(),
    }
}

/// What a tantivy error means for the index at `dir`, `context` (if any) saying where it was
/// met. Only damage ([`is_damage`]) becomes [`Error::Damaged`], so only damage is rebuilt; a
/// held lock, a permission or a full disk would fail the rebuild the same way, so those get
/// advice that fits instead.
fn tantivy_err(dir: &Path, context: Option<&str>, e: &tantivy::TantivyError) -> Error {
    // tantivy's own text for a lock file it cannot create says another writer holds the
    // index, which is not what happened: say what did.
    let said = match e {
        tantivy::TantivyError::LockFailure(
            tantivy::directory::error::LockError::IoError(io),
            _,
        ) => {
            format!("cannot create its lock file ({io})")
        }
        e => e.to_string(),
    };
    if is_damage(e) {
        let what = match context {
            Some(c) => format!("{c}: {said}"),
            None => said,
        };
        return damaged(dir, what);
    }
    if io_kind(e).is_some_and(crate::error::is_full_kind) || full_disk_behind(dir, e) {
        return disk_full(dir, "writing the index", None);
    }
    if let tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, _) = e
    {
        return index_err(dir, IndexProblem::Locked);
    }
    index_err(
        dir,
        IndexProblem::Failed {
            during: context.map(str::to_string),
            detail: said,
            io: io_kind(e),
        },
    )
}

/// Less free space than this after a write failed means the write failed for want of it: a
/// failed write fills the disk up to its last block, and no segment or commit file is smaller.
const NEARLY_FULL_BYTES: u64 = 1 << 20;

/// Bytes free (to this user) on the disk holding `path`, or the nearest folder above it that
/// exists; `None` when the system will not say.
pub fn available_space(path: &Path) -> Option<u64> {
    let existing = path.ancestors().find(|p| p.exists())?;
    fs4::available_space(existing).ok()
}

/// Whether a tantivy error that carries no `io::Error` hides a full disk. Tantivy's writer
/// threads lose it: the store's compressor thread passes on only its text
/// (`InternalError("No space left on device (os error 28)")`), and a worker that died leaves
/// only "an index writer was killed". The text may still hold ENOSPC's number (28 on every Unix); otherwise a disk
/// with next to nothing free says what killed the writer.
fn full_disk_behind(dir: &Path, e: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    match e {
        T::InternalError(text) | T::ErrorInThread(text) | T::SystemError(text) => {
            let enospc = std::io::Error::from_raw_os_error(28).to_string();
            (cfg!(unix) && text.contains(&enospc)) || nearly_full(dir)
        }
        _ => false,
    }
}

/// Whether the disk holding `path` has (almost) no room left.
fn nearly_full(path: &Path) -> bool {
    available_space(path).is_some_and(|free| free < NEARLY_FULL_BYTES)
}

/// The error for a disk that filled up while `what` wrote under `folder`, with what it needs
/// when the caller can tell and what is free now.
pub fn disk_full(folder: &Path, what: &str, needed: Option<u64>) -> Error {
    Error::DiskFull {
        folder: folder.to_path_buf(),
        what: what.to_string(),
        needed,
        available: available_space(folder),
    }
}

/// Whether a tantivy error means the index's files are damaged, so that rebuilding it is the
/// fix: tantivy's own `DataCorruption` (a footer, checksum or meta.json that does not hold),
/// a stored document that does not deserialise, a block that does not decompress (tantivy
/// reports that as `InvalidData` or `UnexpectedEof`), a file a commit names that is gone, or an
/// index this tantivy cannot read.
fn is_damage(e: &tantivy::TantivyError) -> bool {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as T;
    // An error tantivy made itself (no OS error code) of kind `Other` is its word for bytes it
    // could not make sense of ("Unsupported dictionary type"), never a permission or a disk.
    let bad_bytes = |io: &std::io::Error| {
        matches!(
            io.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
        ) || (io.kind() == std::io::ErrorKind::Other && io.raw_os_error().is_none())
    };
    match e {
        T::DataCorruption(_) | T::DeserializeError(_) | T::IncompatibleIndex(_) => true,
        T::OpenReadError(OpenReadError::FileDoesNotExist(_))
        | T::OpenReadError(OpenReadError::IncompatibleIndex(_)) => true,
        T::OpenReadError(OpenReadError::IoError { io_error, .. }) => bad_bytes(io_error),
        T::IoError(io) => bad_bytes(io),
        _ => false,
    }
}

/// The kind of the operating-system error behind a tantivy error, if it is one.
fn io_kind(e: &tantivy::TantivyError) -> Option<std::io::ErrorKind> {
    use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    match e {
        T::IoError(io)
        | T::OpenReadError(OpenReadError::IoError { io_error: io, .. })
        | T::OpenWriteError(OpenWriteError::IoError { io_error: io, .. })
        | T::OpenDirectoryError(OpenDirectoryError::IoError { io_error: io, .. })
        | T::OpenDirectoryError(OpenDirectoryError::FailedToCreateTempDir(io))
        | T::LockFailure(LockError::IoError(io), _) => Some(io.kind()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::Arc;

    use tantivy::directory::error::{LockError, OpenReadError};
    use tantivy::error::DataCorruption;
    use tantivy::TantivyError;

    use super::*;

    fn dir() -> &'static Path {
        Path::new("/srv/treatybot/data/index")
    }

    fn io(kind: io::ErrorKind) -> Arc<io::Error> {
        Arc::new(io::Error::new(kind, "from the system"))
    }

    #[test]
    fn corrupt_torn_or_missing_files_are_damage() {
        for e in [
            TantivyError::DataCorruption(DataCorruption::comment_only("checksum mismatch")),
            // How a store block that does not decompress is reported.
            TantivyError::IoError(io(io::ErrorKind::InvalidData)),
            TantivyError::IoError(io(io::ErrorKind::UnexpectedEof)),
            // How a term dictionary whose header is garbled is reported.
            TantivyError::IoError(Arc::new(io::Error::other(
                "Unsupported dictionary type, found 384779485",
            ))),
            TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("0a1b.store".into())),
        ] {
            let err = tantivy_err(dir(), None, &e);
            assert!(matches!(err, Error::Damaged { .. }), "{e:?} → {err:?}");
            assert!(err.to_string().contains("rebuilt"), "{err}");
        }
    }

    #[test]
    fn permission_denied_is_not_damage_and_says_what_to_fix() {
        for e in [
            TantivyError::IoError(io(io::ErrorKind::PermissionDenied)),
            TantivyError::OpenReadError(OpenReadError::IoError {
                io_error: io(io::ErrorKind::PermissionDenied),
                filepath: "meta.json".into(),
            }),
            TantivyError::LockFailure(
                LockError::IoError(io(io::ErrorKind::PermissionDenied)),
                None,
            ),
        ] {
            let err = tantivy_err(dir(), None, &e);
            assert!(matches!(err, Error::Index { .. }), "{e:?} → {err:?}");
            let text = err.to_string();
            assert!(text.contains(&dir().display().to_string()), "{text}");
            assert!(text.contains("read and write access"), "{text}");
            assert!(!text.contains("treatybot index"), "{text}");
        }
    }

    #[test]
    fn an_operating_system_error_is_not_damage_whatever_its_kind() {
        // EIO: the disk, not the bytes; a rebuild would meet it too.
        let e = TantivyError::IoError(Arc::new(io::Error::from_raw_os_error(5)));
        let err = tantivy_err(dir(), None, &e);
        assert!(matches!(err, Error::Index { .. }), "{err:?}");
    }

    #[test]
    fn a_full_disk_or_a_held_lock_is_not_damage() {
        let full = tantivy_err(
            dir(),
            None,
            &TantivyError::IoError(io(io::ErrorKind::StorageFull)),
        );
        assert!(matches!(full, Error::DiskFull { .. }), "{full:?}");
        // How the store's compressor thread passes ENOSPC on: its text only.
        let enospc = io::Error::from_raw_os_error(28).to_string();
        let lost = tantivy_err(dir(), None, &TantivyError::InternalError(enospc));
        assert!(matches!(lost, Error::DiskFull { .. }), "{lost:?}");
        assert!(full.to_string().contains("disk is full"), "{full}");
        let locked = tantivy_err(
            dir(),
            None,
            &TantivyError::LockFailure(LockError::LockBusy, None),
        );
        assert!(matches!(locked, Error::Index { .. }), "{locked:?}");
        assert!(locked.to_string().contains("another treatybot process"));
        for err in [full, locked] {
            assert!(!err.to_string().contains("treatybot index"), "{err}");
        }
    }

    #[test]
    fn a_knowledge_file_that_does_not_parse_is_damage_one_that_cannot_be_read_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let payload = CommitPayload {
            format: FORMAT_VERSION,
            knowledge: "knowledge-1.json".into(),
        };
        let file = tmp.path().join(&payload.knowledge);
        let missing = read_knowledge(tmp.path(), &payload).unwrap_err();
        assert!(matches!(missing, Error::Damaged { .. }), "{missing:?}");
        std::fs::write(&file, b"garbage").unwrap();
        let garbled = read_knowledge(tmp.path(), &payload).unwrap_err();
        assert!(matches!(garbled, Error::Damaged { .. }), "{garbled:?}");
        // A folder in its place: the system refuses the read (EISDIR), nothing is corrupt.
        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        let unreadable = read_knowledge(tmp.path(), &payload).unwrap_err();
        assert!(matches!(unreadable, Error::Io { .. }), "{unreadable:?}");
    }
}
