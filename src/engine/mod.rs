//! The answer engine: turns a [`Command`] into an [`Answer`] with citations.
//!
//! Architecture invariant: the engine knows nothing of Discord, terminals or JSON output; it
//! returns data. It reaches tantivy only through [`crate::index`].

pub mod answer;
pub(crate) mod ask;
pub mod command;
mod dates;
mod excerpt;
mod listing;
mod people;
mod places;
mod query;
mod question;
mod short_answer;
mod suggest;
mod text;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use answer::{Answer, AnswerKind, Citation, DateRef, Highlight, ShortAnswer, Source};
pub use command::{Command, CommandKind, UsageError};
pub use suggest::Suggestion;

use crate::config::Settings;
use crate::error::{Error, Result};
use crate::extract::{Gazetteer, Person};
use crate::index::{self, Hit, PassageIndex, Request, StoredPassage};
pub use crate::ingest::IndexState;

/// Which passages a quiz draws its questions from (see [`Engine::quiz_passages`]).
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

/// What a command module hands back: the short answer, the citations, the listed sources.
type Reply = (Option<String>, Vec<Citation>, Vec<Source>);

/// The engine: an open index, the gazetteer, and how answers are shaped. It is `Send + Sync`;
/// one engine serves every request, and sees articles ingested while it runs (see
/// [`Engine::refresh`]).
pub struct Engine {
    index: PassageIndex,
    gazetteer: Gazetteer,
    max_citations: usize,
    max_query_chars: usize,
    settings: Settings,
    /// Held while the index is rebuilt after a query met damage, so only one request does it.
    recovering: Mutex<()>,
    /// The people register of the commit last served, folded for lookups.
    register: Mutex<Option<Arc<people::Register>>>,
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
                register: Mutex::new(None),
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

    /// Longest query accepted, in characters.
    pub fn max_query_chars(&self) -> usize {
        self.max_query_chars
    }

    /// Parses a command line with this engine's limits.
    pub fn parse(&self, line: &str) -> std::result::Result<Command, UsageError> {
        Command::parse(line, self.max_query_chars)
    }

    /// Number of articles and passages indexed.
    pub fn size(&self) -> (usize, u64) {
        let k = self.index.knowledge();
        (k.live_articles(), k.passage_count)
    }

    /// The first `limit` articles in collection order (seeds first), and how many there are.
    pub fn articles(&self, limit: usize) -> Result<(Vec<index::ArticleInfo>, usize)> {
        self.index.articles(limit)
    }

    /// Articles set aside as near-duplicates of indexed ones, in the order they arrived.
    pub fn duplicates(&self) -> Vec<index::Duplicate> {
        self.index.knowledge().duplicates.clone()
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

    /// Answers a command. Errors are internal (an unreadable index), never about the input.
    /// An index that turns out damaged when a query meets it is rebuilt (seeds and ingested
    /// articles) and the command answered again; any other failure (permission denied, a full
    /// disk) is returned as it is, since a rebuild would meet it too.
    pub fn answer(&self, cmd: &Command) -> Result<Answer> {
        self.wait_if_slowed();
        match self.answer_once(cmd) {
            Err(Error::Damaged { path, message }) => {
                tracing::warn!(dir = %path.display(), %message, "a query met damage in the index; rebuilding it");
                self.recover().map_err(|e| Error::RebuildFailed {
                    path,
                    damage: message,
                    source: Box::new(e),
                })?;
                self.answer_once(cmd)
            }
            other => other,
        }
    }

    fn recover(&self) -> Result<()> {
        let _one = self.recovering.lock().unwrap_or_else(|p| p.into_inner());
        // The rebuilt index is swapped in under the same path; our reader then loads it.
        drop(crate::ingest::rebuild(&self.settings)?);
        self.index.refresh()?;
        Ok(())
    }

    fn answer_once(&self, cmd: &Command) -> Result<Answer> {
        let q = cmd.query.as_str();
        let mut short_answer = None;
        let (answer, citations, sources) = match cmd.kind {
            CommandKind::Who => people::who(self, q)?,
            CommandKind::When => dates::when(self, q)?,
            CommandKind::Where => places::place(self, q)?,
            CommandKind::What | CommandKind::Search => text::search(self, q)?,
            CommandKind::Ask => {
                let (reply, short) = ask::ask(self, q)?;
                short_answer = short;
                reply
            }
            CommandKind::Timeline => dates::timeline(self, q)?,
            CommandKind::Sources => listing::sources(self)?,
            CommandKind::Help => listing::help(),
        };
        Ok(Answer {
            command: cmd.kind,
            query: cmd.query.clone(),
            answer,
            short_answer,
            citations,
            sources,
        })
    }

    /// Autocomplete choices for a command's option, best first.
    pub fn suggest(&self, kind: CommandKind, partial: &str, limit: usize) -> Vec<Suggestion> {
        suggest::suggest(self, kind, partial, limit)
    }

    /// Autocomplete choices for a quiz topic: people, places and years in turn.
    pub fn suggest_topic(&self, partial: &str, limit: usize) -> Vec<Suggestion> {
        suggest::suggest_topic(self, partial, limit)
    }

    /// Every stored passage in corpus order, with what it mentions: for generators that walk the
    /// whole collection rather than search it (tests and benchmarks).
    pub fn passages(&self) -> Result<Vec<StoredPassage>> {
        self.index.all_passages()
    }

    /// At most `limit` passages a quiz may draw from, chosen by the index: for
    /// [`QuizScope::Everything`] the dispute's first, then collection order; for a person, place
    /// or year the passages naming it, the dispute's first; for words the best matches. What this
    /// reads is bounded by `limit`, whatever the size of the collection.
    pub fn quiz_passages(&self, scope: &QuizScope, limit: usize) -> Result<Vec<StoredPassage>> {
        let mut req = Request {
            limit,
            ..Request::default()
        };
        match scope {
            QuizScope::Everything => req.everything = true,
            QuizScope::Person(id) => req.people = vec![id.clone()],
            QuizScope::Places(names) => req.places = names.clone(),
            QuizScope::Year(y) => req.years = Some(*y..=*y),
            QuizScope::Words(text) => req.text = text.clone(),
        }
        self.wait_if_slowed();
        Ok(self
            .index
            .search(&req)?
            .into_iter()
            .map(|h| h.passage)
            .collect())
    }

    /// The people register of the commit being served: everyone named in full, with every
    /// form and role. A copy of the whole register: for tests and tools, not per request.
    pub fn people(&self) -> Vec<Person> {
        self.index.knowledge().people.clone()
    }

    /// The person one of whose forms is `form` (any case), looked up in the folded register.
    pub fn person_with_form(&self, form: &str) -> Option<Person> {
        self.register().with_form(form).cloned()
    }

    /// The people with these ids, in register order: a quiz's distractors come from the people
    /// its passages name, not from a copy of the whole register.
    pub fn people_with_ids<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<Person> {
        let register = self.register();
        let mut found: Vec<&Person> = ids
            .into_iter()
            .filter_map(|id| register.by_id(id))
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found.dedup_by(|a, b| a.id == b.id);
        found.into_iter().cloned().collect()
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

    fn search(&self, req: &Request) -> Result<Vec<Hit>> {
        self.index.search(req)
    }

    /// The people register of the commit being served, folded once per commit.
    fn register(&self) -> Arc<people::Register> {
        let knowledge = self.index.knowledge();
        let mut cached = self.register.lock().unwrap_or_else(|p| p.into_inner());
        match cached.as_ref() {
            Some(r) if r.is_of(&knowledge) => r.clone(),
            _ => {
                let r = Arc::new(people::Register::new(knowledge));
                *cached = Some(r.clone());
                r
            }
        }
    }

    fn article<'a>(&self, passage: &'a StoredPassage) -> &'a index::ArticleInfo {
        &passage.source
    }
}

/// Where the index lives under the data directory.
pub fn index_dir(settings: &Settings) -> PathBuf {
    crate::ingest::index_dir(settings)
}
