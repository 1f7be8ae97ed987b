//! The answer engine: turns a [`Command`] into an [`Answer`] with citations.
//!
//! Architecture invariant: the engine knows nothing of Discord, terminals or JSON output; it
//! returns data. It reaches tantivy only through [`crate::index`].

pub mod answer;
pub(crate) mod ask;
mod attribution;
mod clock;
pub mod command;
mod constituent;
mod dates;
mod excerpt;
mod foreign;
mod initials;
mod listing;
mod people;
mod places;
mod pronoun;
mod query;
mod question;
mod route;
mod scoped;
mod sentence;
mod short_answer;
mod spelled;
mod suggest;
mod text;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use answer::{
    Answer, AnswerKind, Citation, DateRef, DateSaid, Finding, Highlight, ListedArticle,
    ListedSection, Listing, OtherScript, PersonFound, PlaceFound, Relative, Reported, RoleFound,
    SentenceAnswer, ShortAnswer, Source, Timeline, TimelineEvent, TryCommand,
};
pub use command::{Command, CommandKind, UsageError, YearSpan};
pub use dates::TIMELINE_LIMIT;
pub use scoped::Scoped;
pub use suggest::Suggestion;

use crate::config::Settings;
pub use crate::corpus::{Audience, ServerId};
use crate::error::Result;
use crate::extract::Gazetteer;
use crate::index::PassageIndex;
pub use crate::ingest::IndexState;

/// Which passages a quiz draws its questions from (see [`Scoped::quiz_passages`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizScope {
    /// Any passage, the dispute's first.
    Everything,
    /// Passages naming this person (their id).
    Person(String),
    /// Passages naming one of these places (display names).
    Places(Vec<String>),
    /// Passages with a date in this year.
    Year(i32),
    /// Passages matching these words, best first.
    Words(String),
}

/// Registers folded per audience that are kept: the shared one and the servers last asking.
const REGISTERS_KEPT: usize = 8;

/// What a command module hands back: what it found, the citations, the listed sources.
type Reply = (Option<Finding>, Vec<Citation>, Vec<Source>);

/// The engine: an open index, the gazetteer, and how answers are shaped. It is `Send + Sync`;
/// one engine serves every request, and sees articles ingested while it runs (see
/// [`Engine::refresh`]). It gives out nothing of the collection itself: answers, suggestions,
/// people, articles and quiz passages come only through [`Engine::seen_by`], which says who
/// asks; what is here holds no article's contents (settings, the gazetteer, counts for the
/// host's status).
pub struct Engine {
    index: PassageIndex,
    gazetteer: Gazetteer,
    max_citations: usize,
    max_query_chars: usize,
    settings: Settings,
    /// Held while the index is rebuilt after a query met damage, so only one request does it.
    recovering: Mutex<()>,
    /// The people register of the commit last served, folded for lookups, per audience.
    register: Mutex<Vec<(Audience, Arc<people::Register>)>>,
    /// Set by tests only (`answers.test_delay_ms`): how long each answer and each quiz draw
    /// waits first.
    test_delay: Option<std::time::Duration>,
}

impl Engine {
    /// Opens the engine, building the index on first use or when the articles changed.
    pub fn open(settings: &Settings) -> Result<(Engine, IndexState)> {
        Engine::open_inner(settings, false)
    }

    /// Rebuilds the index from the seeds and the ingested articles, whatever its state.
    pub fn rebuild(settings: &Settings) -> Result<Engine> {
        Engine::open_inner(settings, true).map(|(e, _)| e)
    }

    fn open_inner(settings: &Settings, force: bool) -> Result<(Engine, IndexState)> {
        let (index, state, gazetteer) = crate::ingest::open_or_build(settings, force)?;
        Ok((
            Engine {
                index,
                gazetteer,
                max_citations: settings.answers.max_citations,
                max_query_chars: settings.answers.max_query_chars,
                settings: settings.clone(),
                recovering: Mutex::new(()),
                register: Mutex::new(Vec::new()),
                test_delay: settings
                    .answers
                    .test_delay_ms
                    .map(std::time::Duration::from_millis),
            },
            state,
        ))
    }

    /// Loads the index's latest commit now, if there is a newer one than the engine serves
    /// (an ingest in this or another process). The engine also does this on its own, within
    /// about a second of each commit. Returns whether anything changed.
    pub fn refresh(&self) -> Result<bool> {
        self.index.refresh()
    }

    /// The settings the engine was opened with (where its data lives, fetch bounds).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Longest query accepted, in characters.
    pub fn max_query_chars(&self) -> usize {
        self.max_query_chars
    }

    /// Parses a command line with this engine's limits.
    pub fn parse(&self, line: &str) -> std::result::Result<Command, UsageError> {
        Command::parse(line, self.max_query_chars)
    }

    /// Number of articles and passages indexed, every server's additions included: the host's
    /// figures for `status` and logs, never shown in a server.
    pub fn size(&self) -> (usize, u64) {
        let k = self.index.knowledge();
        (k.live_articles(), k.passage_count)
    }

    /// The engine as `audience` sees it: the shared collection, and a server's own additions
    /// when a server asks. Every answer, suggestion and quiz goes through one.
    pub fn seen_by(&self, audience: Audience) -> Scoped<'_> {
        Scoped {
            engine: self,
            audience,
        }
    }

    /// How many articles were set aside as near-duplicates of indexed ones, every server's
    /// copies included: the host's figure for `status`, never shown in a server. (Which ones
    /// they are is each owner's business, so no list is given out.)
    pub fn duplicate_count(&self) -> usize {
        self.index.knowledge().duplicates.len()
    }

    /// How many passages the engine has read from the index since it opened (all commands and
    /// quizzes together): for checking that what a request reads stays bounded.
    pub fn passages_read(&self) -> u64 {
        self.index.passages_read()
    }

    /// Bytes the index takes on disk.
    pub fn index_size_on_disk(&self) -> u64 {
        self.index.size_on_disk()
    }

    fn recover(&self) -> Result<()> {
        let _one = self.recovering.lock().unwrap_or_else(|p| p.into_inner());
        // The rebuilt index is swapped in under the same path; our reader then loads it.
        drop(crate::ingest::rebuild(&self.settings)?);
        self.index.refresh()?;
        Ok(())
    }

    /// The gazetteer the index was built with: places and all their names.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// A bare tantivy BM25 query over the passage text: the baseline benchmarks compare against.
    pub fn baseline_search(&self, text: &str, limit: usize) -> Result<usize> {
        self.index.baseline_search(text, limit)
    }

    /// A bare tantivy BM25 query matching any of the words: the baseline for a command's own words.
    pub fn baseline_search_any(&self, text: &str, limit: usize) -> Result<usize> {
        self.index.baseline_search_any(text, limit)
    }

    /// Sleeps for the test hook's delay, if one is set (tests of deferred answers).
    fn wait_if_slowed(&self) {
        if let Some(delay) = self.test_delay {
            std::thread::sleep(delay);
        }
    }

    /// The people register of the commit being served as `audience` sees it, folded once per
    /// commit and audience (a few audiences kept).
    fn register_for(&self, audience: Audience) -> Arc<people::Register> {
        let knowledge = self.index.knowledge();
        let mut cached = self.register.lock().unwrap_or_else(|p| p.into_inner());
        cached.retain(|(_, r)| r.is_of(&knowledge));
        if let Some((_, r)) = cached.iter().find(|(a, _)| *a == audience) {
            return r.clone();
        }
        let r = Arc::new(people::Register::new(knowledge, audience));
        if cached.len() >= REGISTERS_KEPT {
            cached.remove(0);
        }
        cached.push((audience, r.clone()));
        r
    }
}

/// Where the index lives under the data directory.
pub fn index_dir(settings: &Settings) -> PathBuf {
    crate::ingest::index_dir(settings)
}
