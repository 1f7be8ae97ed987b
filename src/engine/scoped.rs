//! The engine as one audience sees it. Every command module answers through a [`Scoped`], whose
//! searches carry who asks, so a server's additions are answered from, cited and quizzed in that
//! server only (see [`crate::corpus::collection`]).
//!
//! Architecture invariant: this is the only way to the collection's contents. `Scoped` does not
//! deref to the [`Engine`]; it offers only what is filtered by its audience (searches, the
//! folded people register, per-owner years and events), and what holds no server's data (the
//! gazetteer, text analysis). `tests/servers_apart.rs` calls every public method here with
//! another server's addition present: a new public method must be added there.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use super::{
    ask, dates, listing, people, places, suggest, text, Answer, Audience, Command, CommandKind,
    Engine, QuizScope, ServerId, Suggestion,
};
use crate::error::{Error, Result};
use crate::extract::{Gazetteer, Person};
use crate::index::{self, DateFilter, Dated, Hit, Hits, Request, StoredPassage};

/// [`Engine`] seen by one [`Audience`]: made by [`Engine::seen_by`], cheap to copy. It does not
/// deref to the engine, so nothing reaches another server's additions through it.
#[derive(Clone, Copy)]
pub struct Scoped<'e> {
    pub(super) engine: &'e Engine,
    pub(super) audience: Audience,
}

impl<'e> Scoped<'e> {
    /// Who asks.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// The gazetteer the index was built with: configuration, the same whoever asks.
    pub fn gazetteer(&self) -> &'e Gazetteer {
        &self.engine.gazetteer
    }

    /// Answers a command. Errors are internal (an unreadable index), never about the input.
    /// An index that turns out damaged when a query meets it is rebuilt (seeds and ingested
    /// articles) and the command answered again; any other failure (permission denied, a full
    /// disk) is returned as it is, since a rebuild would meet it too.
    pub fn answer(&self, cmd: &Command) -> Result<Answer> {
        self.engine.wait_if_slowed();
        match self.answer_once(cmd) {
            Err(Error::Damaged { path, message }) => {
                tracing::warn!(dir = %path.display(), %message, "a query met damage in the index; rebuilding it");
                self.engine.recover().map_err(|e| Error::RebuildFailed {
                    path,
                    damage: message,
                    source: Box::new(e),
                })?;
                self.answer_once(cmd)
            }
            other => other,
        }
    }

    fn answer_once(&self, cmd: &Command) -> Result<Answer> {
        let q = cmd.query.as_str();
        let mut short_answer = None;
        let mut sentence_answer = None;
        let mut other_script = None;
        let mut timeline = None;
        let (found, citations, sources) = match cmd.kind {
            CommandKind::Who => people::who(self, q)?,
            CommandKind::When => {
                let (reply, events) = dates::when_dated(self, q)?;
                timeline = events;
                reply
            }
            CommandKind::Where => places::place(self, q)?,
            CommandKind::What | CommandKind::Search => text::search(self, q)?,
            CommandKind::Ask => {
                let asked = ask::ask(self, q)?;
                short_answer = asked.short;
                sentence_answer = asked.sentence;
                other_script = asked.other_script;
                asked.reply
            }
            CommandKind::Timeline => {
                let (reply, events) =
                    dates::timeline(self, cmd.years.unwrap_or_default(), cmd.window)?;
                timeline = Some(events);
                reply
            }
            CommandKind::Sources => listing::sources(self)?,
            CommandKind::Help => listing::help(),
        };
        Ok(Answer {
            command: cmd.kind,
            query: cmd.query.clone(),
            found,
            short_answer,
            sentence_answer,
            citations,
            sources,
            other_script,
            timeline,
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

    /// The articles this audience may see, `offset` in, at most `limit`, in collection order
    /// (seeds first), and how many it may see in all.
    pub fn articles(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<index::ArticleInfo>, usize)> {
        self.engine
            .index
            .articles(index::Listing::Visible(self.audience), offset, limit)
    }

    /// The article with this id, when this audience may see it: for a front end that checks
    /// an owner before changing a reading list, or shows what an addition became.
    pub fn article_info(&self, id: &str) -> Result<Option<index::ArticleInfo>> {
        Ok(self
            .engine
            .index
            .article(id)?
            .filter(|a| self.audience.sees(a.server)))
    }

    /// The articles of one owner (the shared collection, or a server's own additions), `offset`
    /// in, at most `limit`, and how many it has. A server may list only its own.
    pub fn articles_owned(
        &self,
        owner: Option<crate::corpus::ServerId>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<index::ArticleInfo>, usize)> {
        if !self.audience.sees(owner) {
            return Ok((Vec::new(), 0));
        }
        self.engine
            .index
            .articles(index::Listing::Owned(owner), offset, limit)
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
        self.engine.wait_if_slowed();
        Ok(self.search(&req)?.into_iter().map(|h| h.passage).collect())
    }

    /// The person one of whose forms is `form` (any case), looked up in the folded register.
    pub fn person_with_form(&self, form: &str) -> Option<Person> {
        self.register().with_form(form).cloned()
    }

    /// How many people this audience may see are called `form` alone (a surname, a given
    /// name or a full name): more than one, and the word names nobody in particular.
    pub fn people_called(&self, form: &str) -> usize {
        self.register().called(form)
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

    /// Everyone this audience may see, with the roles it may read, in register order. A copy
    /// of the whole (folded) register: for tests and tools, not per request.
    pub fn people(&self) -> Vec<Person> {
        self.register().people().to_vec()
    }

    /// The people register as this audience sees it: people known only from another server's
    /// additions are not in it, and roles carry only what this audience may read.
    pub(super) fn register(&self) -> Arc<people::Register> {
        self.engine.register_for(self.audience)
    }

    /// The years dates resolve to in what this audience may see, sorted, without repeats.
    pub(super) fn years(&self) -> Vec<i32> {
        let knowledge = self.engine.index.knowledge();
        let mut years: Vec<i32> = knowledge.years.seen_by(self.audience).copied().collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Named events in what this audience may see: the shared collection's, then its own
    /// (first spelling kept).
    pub(super) fn events(&self) -> Vec<String> {
        let knowledge = self.engine.index.knowledge();
        let mut out: Vec<String> = Vec::new();
        for e in knowledge.events.seen_by(self.audience) {
            if !out.iter().any(|x| x.eq_ignore_ascii_case(e)) {
                out.push(e.clone());
            }
        }
        out
    }

    /// Near-duplicates set aside among the articles this audience may see (a server's copy
    /// of a shared article is that server's: its id carries the server's prefix).
    pub(super) fn duplicate_count(&self) -> usize {
        self.engine
            .index
            .knowledge()
            .duplicates
            .iter()
            .filter(|d| self.audience.sees(ServerId::of_article_id(&d.id)))
            .count()
    }

    /// Most citations an answer gives.
    pub(super) fn max_citations(&self) -> usize {
        self.engine.max_citations
    }

    /// The words of `text` as the index sees them (no data of any article's).
    pub(super) fn analyse(&self, text: &str) -> Vec<String> {
        self.engine.index.analyse(text)
    }

    /// Analysed tokens of `text` with their byte ranges.
    pub(super) fn analyse_with_offsets(&self, text: &str) -> Vec<(String, Range<usize>)> {
        self.engine.index.analyse_with_offsets(text)
    }

    /// The words of `text` whose analysed token is one of `tokens`, with their byte ranges.
    pub(super) fn find_tokens(
        &self,
        text: &str,
        tokens: &HashSet<String>,
    ) -> Vec<(String, Range<usize>)> {
        self.engine.index.find_tokens(text, tokens)
    }

    /// How rare an analysed word is among the passages (see [`index::PassageIndex::rarity`]).
    pub(super) fn rarity(&self, token: &str) -> f32 {
        self.engine.index.rarity(token)
    }

    /// The article a passage (already found for this audience) belongs to.
    pub(super) fn article<'a>(&self, passage: &'a StoredPassage) -> &'a index::ArticleInfo {
        &passage.source
    }

    fn scoped(&self, req: &Request) -> Request {
        Request {
            audience: self.audience,
            ..req.clone()
        }
    }

    pub(super) fn search(&self, req: &Request) -> Result<Vec<Hit>> {
        self.engine.index.search(&self.scoped(req))
    }

    pub(super) fn search_iter(&self, req: &Request) -> Result<Hits> {
        self.engine.index.search_iter(&self.scoped(req))
    }

    pub(super) fn count(&self, req: &Request) -> Result<usize> {
        self.engine.index.count(&self.scoped(req))
    }

    pub(super) fn search_dated(
        &self,
        req: &Request,
        accept: DateFilter,
        limit: usize,
        with_total: bool,
    ) -> Result<Dated> {
        self.engine
            .index
            .search_dated(&self.scoped(req), accept, limit, with_total)
    }
}
