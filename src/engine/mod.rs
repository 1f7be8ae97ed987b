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
    /// Set by tests only (`answers.test_delay_ms`): how long each answer waits first.
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
        (k.article_count, k.passage_count)
    }

    /// The first `limit` articles in collection order (seeds first), and how many there are.
    pub fn articles(&self, limit: usize) -> Result<(Vec<index::ArticleInfo>, usize)> {
        self.index.articles(limit)
    }

    /// Articles set aside as near-duplicates of indexed ones, in the order they arrived.
    pub fn duplicates(&self) -> Vec<index::Duplicate> {
        self.index.knowledge().duplicates.clone()
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
        if let Some(delay) = self.test_delay {
            std::thread::sleep(delay);
        }
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

    /// Every stored passage in corpus order, with what it mentions: for generators that walk the
    /// whole collection (the quiz) rather than search it.
    pub fn passages(&self) -> Result<Vec<StoredPassage>> {
        self.index.all_passages()
    }

    /// The first `limit` passages, about the dispute first and then in collection order: what
    /// the quiz draws its questions from, so that its cost does not grow with the collection.
    pub fn quiz_passages(&self, limit: usize) -> Result<Vec<StoredPassage>> {
        Ok(self
            .index
            .search(&Request {
                everything: true,
                limit,
                ..Request::default()
            })?
            .into_iter()
            .map(|h| h.passage)
            .collect())
    }

    /// The people register of the commit being served: everyone named in full, with every
    /// form and role.
    pub fn people(&self) -> Vec<Person> {
        self.index.knowledge().people.clone()
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
