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

mod analyse;
mod build;
mod check;
mod dated;
mod errors;
mod guard;
mod hits;
mod listing;
mod open;
mod order;
mod owned;
mod read_only;
pub mod registry;
mod schema;
mod search;
mod stored;
mod tokens;

use std::ops::{Range, RangeInclusive};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};
use tantivy::directory::WatchHandle;
use tantivy::{Index, IndexReader, Searcher};

use crate::corpus::{ArticleMeta, Audience, PartialDate, ServerId};
use crate::extract::{Mentions, Person};
pub use build::{swap_into_place, temp_dir_beside, Appender, NewArticle, Retracted, WriterConfig};
pub use check::{check, Damage, DamageProblem};
pub use dated::DateFilter;
pub use errors::{available_space, dir_size, disk_full};
pub use hits::Hits;
pub use owned::PerOwner;
pub use schema::dates_an_event;
use schema::Fields;
pub use stored::{committed_journal, committed_journal_len};

/// Bumped whenever the schema or the stored data change shape, or extraction stores other people
/// or dates for the same articles (17: weekdays and days without a year resolved by tense; 18: no
/// surname a stop word, no name of ordinary words; 19: a surname the article writes alone kept,
/// titles that name a kind of person cut, no name opening with a stop word; 20: the `dates`
/// column holds only dates of events, [`dates_an_event`]; 21: any country's word kept in a title
/// before a name, and a counterpart of a third country given neither side; 22: strips of site
/// furniture a batch shares cut from its texts; 23: each person's countries named by the titles
/// before their full name, [`crate::extract::Person::title_countries`]; 24: "since December 30"
/// one date, not "since December"; 25: a title before a surname alone gives that person's country;
/// 26: dotted initials before a capitalised word that opens no sentence end no sentence, a stop
/// written before a dash does; 27: a surname alone that is an ordinary word closing a body's name
/// joined by "of" or "and" is no mention, even of someone the article names in full; 28: "Soviets"
/// is a word of a country, never of a name; 29: capitalised words after "of" and a word that
/// names no kind of person end a body's name, never a person's, and a surname after "the" and
/// before a capitalised word opens one, no mention; 30: a day written before its month without a
/// year, "on 3 May", is a date; 31: a full name's third word is cut as a run-on only when the
/// batch writes it in lower case at least as often as capitalised), so old indexes are rebuilt.
pub const FORMAT_VERSION: u32 = 31;

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
