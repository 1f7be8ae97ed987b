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
mod short_answer;
mod suggest;
mod text;

use std::path::PathBuf;

use sha2::{Digest, Sha256};

pub use answer::{Answer, Citation, DateRef, Highlight, Source};
pub use command::{Command, CommandKind, UsageError};
pub use suggest::Suggestion;

use crate::config::Settings;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::extract::{self, Gazetteer, Person};
use crate::index::{self, Hit, PassageIndex, Request, StoredPassage};

/// What a command module hands back: the short answer, the citations, the listed sources.
type Reply = (Option<String>, Vec<Citation>, Vec<Source>);

/// The engine: an open index, the gazetteer, and how answers are shaped.
pub struct Engine {
    index: PassageIndex,
    gazetteer: Gazetteer,
    max_citations: usize,
    max_query_chars: usize,
}

/// How the index was obtained when the engine opened, for logs and `treatybot index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// An up-to-date index was opened as it was.
    Opened,
    /// No index (or a stale one) was there: it was built.
    Built,
    /// The index was unreadable: it was rebuilt.
    Rebuilt,
}

impl Engine {
    /// Opens the engine, building the index on first use or when the articles changed.
    pub fn open(settings: &Settings) -> Result<(Engine, IndexState)> {
        Engine::open_inner(settings, false)
    }

    /// Rebuilds the index from the articles, whatever its state.
    pub fn rebuild(settings: &Settings) -> Result<Engine> {
        Engine::open_inner(settings, true).map(|(e, _)| e)
    }

    fn open_inner(settings: &Settings, force: bool) -> Result<(Engine, IndexState)> {
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
                (
                    build(&dir, &corpus, &gazetteer, &fingerprint)?,
                    IndexState::Built,
                )
            }
            Err(e) => {
                tracing::warn!(error = %e, "the search index is unreadable; rebuilding it");
                (
                    build(&dir, &corpus, &gazetteer, &fingerprint)?,
                    IndexState::Rebuilt,
                )
            }
        };
        Ok((
            Engine {
                index,
                gazetteer,
                max_citations: settings.answers.max_citations,
                max_query_chars: settings.answers.max_query_chars,
            },
            state,
        ))
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
        (
            self.index.knowledge().articles.len(),
            self.index.passage_count(),
        )
    }

    /// Answers a command. Errors are internal (an unreadable index), never about the input.
    pub fn answer(&self, cmd: &Command) -> Result<Answer> {
        let q = cmd.query.as_str();
        let (answer, citations, sources) = match cmd.kind {
            CommandKind::Who => people::who(self, q)?,
            CommandKind::When => dates::when(self, q)?,
            CommandKind::Where => places::place(self, q)?,
            CommandKind::What | CommandKind::Search => text::search(self, q)?,
            CommandKind::Ask => ask::ask(self, q)?,
            CommandKind::Timeline => dates::timeline(self, q)?,
            CommandKind::Sources => listing::sources(self),
            CommandKind::Help => listing::help(),
        };
        Ok(Answer {
            command: cmd.kind,
            query: cmd.query.clone(),
            answer,
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

    /// The articles, in corpus order (a passage's `article` indexes this).
    pub fn articles(&self) -> &[index::ArticleInfo] {
        &self.index.knowledge().articles
    }

    /// The people register: everyone named in full, with every form and role.
    pub fn people(&self) -> &[Person] {
        &self.index.knowledge().people
    }

    /// The gazetteer the index was built with: places and all their names.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// A bare tantivy BM25 query over the passage text: the baseline benchmarks compare against.
    pub fn baseline_search(&self, text: &str, limit: usize) -> Result<usize> {
        self.index.baseline_search(text, limit)
    }

    fn search(&self, req: &Request) -> Result<Vec<Hit>> {
        self.index.search(req)
    }

    fn article(&self, passage: &StoredPassage) -> &index::ArticleInfo {
        &self.index.knowledge().articles[passage.article]
    }
}

/// Where the index lives under the data directory.
pub fn index_dir(settings: &Settings) -> PathBuf {
    settings.data_dir.join("index")
}

fn build(
    dir: &std::path::Path,
    corpus: &Corpus,
    gazetteer: &Gazetteer,
    fingerprint: &str,
) -> Result<PassageIndex> {
    let extraction = extract::extract(corpus, gazetteer);
    index::build(dir, corpus, &extraction, gazetteer, fingerprint)
}

/// Digest of everything the index is built from; a change means rebuild.
fn fingerprint(corpus: &Corpus, gazetteer: &Gazetteer) -> String {
    let mut h = Sha256::new();
    h.update(corpus.fingerprint.as_bytes());
    h.update(serde_json::to_vec(gazetteer.places()).unwrap_or_default());
    h.update(index::FORMAT_VERSION.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    format!("{:x}", h.finalize())
}
