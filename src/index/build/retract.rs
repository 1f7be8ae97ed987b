//! Taking articles out: an article's passages deleted in the batch being built, and at commit
//! the people, years and named events no remaining passage holds dropped from the knowledge.

use std::collections::{BTreeSet, HashSet};

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, TantivyDocument, Term};

use super::Appender;
use crate::corpus::ServerId;
use crate::error::Result;
use crate::index::errors::tantivy_err;
use crate::index::guard::guarded;
use crate::index::registry::{RecordKind, RegistryRecord};
use crate::index::schema;
use crate::index::stored::decode_document;
use crate::index::StoredPassage;

/// Passages read, at most, to decide whether a named event is still in the collection once an
/// article that named it is retracted; past that it is kept.
const EVENT_CHECK_PASSAGES: usize = 64;

/// Whose passages a check counts: any owner's (`None`), the shared collection's (`Some(None)`) or
/// one server's.
type Owner = Option<Option<ServerId>>;

/// An article taken out of the index by [`Appender::delete_article`] (once the batch commits).
#[derive(Debug, Clone, PartialEq)]
pub struct Retracted {
    /// Its id.
    pub id: String,
    /// Its headline (empty for a near-duplicate, which was never indexed).
    pub title: String,
    /// Passages deleted with it (0 for a near-duplicate).
    pub passages: u64,
    /// Whether it was one of the seeds (an ingest never retracts those; see
    /// [`Appender::is_seed`]).
    pub seed: bool,
}

/// What a batch's retractions may have left without any passage: checked at commit.
#[derive(Default)]
pub(super) struct Retractions {
    /// Ids whose passages are deleted in this batch.
    ids: Vec<String>,
    /// People named in the retracted passages.
    people: BTreeSet<String>,
    /// Years their dates resolve to, with the owner of the passage.
    years: BTreeSet<(Option<ServerId>, i32)>,
    /// Named events they hold, with the owner of the passage.
    events: Vec<(Option<ServerId>, String)>,
}

impl Appender {
    /// The committed passages of the article with this id, in paragraph order (none when no
    /// indexed article has it).
    pub fn article_passages(&self, id: &str) -> Result<Vec<StoredPassage>> {
        guarded(&self.dir, "reading an article's passages", || {
            let searcher = self.reader.searcher();
            let query = TermQuery::new(
                Term::from_field_text(self.fields.article_id, id),
                IndexRecordOption::Basic,
            );
            let docs = searcher
                .search(&query, &DocSetCollector)
                .map_err(|e| tantivy_err(&self.dir, None, &e))?;
            let mut out = Vec::with_capacity(docs.len());
            for addr in docs {
                let doc: TantivyDocument = searcher
                    .doc(addr)
                    .map_err(|e| tantivy_err(&self.dir, None, &e))?;
                out.push(self.decode(&doc)?);
            }
            out.sort_by_key(|p| p.paragraph);
            Ok(out)
        })
    }

    fn decode(&self, doc: &TantivyDocument) -> Result<StoredPassage> {
        decode_document(&self.dir, &self.fields, doc)
    }

    /// Retracts the article with this id, indexed or set aside as a near-duplicate, in the
    /// batch being built: its passages are deleted (in the same commit as anything added after
    /// this call, so call it before adding a new version), the roles it stated and its
    /// near-duplicate entry are dropped, and a tombstone goes into the registry. At commit,
    /// people, years and named events it brought that no remaining passage has are dropped too.
    /// `None` when nothing with this id is committed. Seeds are retracted like any other
    /// article; refusing them is the caller's business ([`Retracted::seed`]).
    pub fn delete_article(&mut self, id: &str) -> Result<Option<Retracted>> {
        if self.retractions.ids.iter().any(|r| r == id) {
            return Ok(None);
        }
        let passages = self.article_passages(id)?;
        let duplicate = self.knowledge.duplicates.iter().any(|d| d.id == id);
        if passages.is_empty() && !duplicate {
            return Ok(None);
        }
        let retracted = Retracted {
            id: id.to_string(),
            title: passages
                .first()
                .map(|p| p.source.title.clone())
                .unwrap_or_default(),
            passages: passages.len() as u64,
            seed: passages.first().is_some_and(|p| self.is_seed(p.article)),
        };
        self.writer
            .delete_term(Term::from_field_text(self.fields.article_id, id));
        // Its journal line is superseded now (by a new version or a tombstone).
        self.knowledge.journal_superseded += passages.first().map_or(0, |p| p.source.text_bytes);
        for p in &passages {
            let owner = p.source.server;
            for m in &p.mentions.people {
                self.retractions.people.insert(m.person.clone());
            }
            for d in &p.mentions.dates {
                self.retractions.years.insert((owner, d.value.year));
            }
            if p.source.on_topic {
                for e in crate::extract::events::find(&p.text) {
                    if !self
                        .retractions
                        .events
                        .iter()
                        .any(|(o, x)| *o == owner && x.eq_ignore_ascii_case(&e))
                    {
                        self.retractions.events.push((owner, e));
                    }
                }
            }
        }
        self.retractions.ids.push(id.to_string());
        // The people whose role it stated, known without looking at every role of everyone.
        let stated: HashSet<String> = self
            .roles_stated
            .get(id)
            .into_iter()
            .flatten()
            .map(|(_, person)| person.clone())
            .collect();
        // (A removal only ever takes away, so a `roles_stated` not yet worked out again still
        // holds every role this article stated.)
        let roles_changed = !stated.is_empty();
        if roles_changed {
            for person in &mut self.knowledge.people {
                if stated.contains(&person.id) {
                    person.roles.retain(|r| r.article != id);
                }
            }
        }
        // Worked out again only when something is added (a removal adds nothing).
        self.forms_stale |= roles_changed;
        self.knowledge.duplicates.retain(|d| d.id != id);
        if !passages.is_empty() {
            self.knowledge.passage_count = self
                .knowledge
                .passage_count
                .saturating_sub(passages.len() as u64);
            self.knowledge.removed_count += 1;
        }
        RegistryRecord {
            id: id.to_string(),
            hash: [0; 16],
            signature: [0; crate::corpus::similar::SIGNATURE_LEN],
            ordinal: passages.first().map_or(0, |p| p.article as u32),
            kind: RecordKind::Removed,
        }
        .encode(&mut self.pending_registry);
        Ok(Some(retracted))
    }

    /// Drops from the knowledge the people, years and events that the batch's retractions took
    /// away from every remaining passage (and the batch does not add back).
    pub(super) fn prune_retracted(&mut self) -> Result<()> {
        if self.retractions.ids.is_empty() {
            return Ok(());
        }
        let searcher = self.reader.searcher();
        let f = self.fields;
        let gone: Vec<Term> = self
            .retractions
            .ids
            .iter()
            .map(|id| Term::from_field_text(f.article_id, id))
            .collect();
        // Passages outside the retracted articles holding every `must` term and, when `owner`
        // is given, of that owner (`Some(None)`: the shared collection): years and events are
        // kept per owner.
        let remaining = |must: Vec<Term>, topic: bool, owner: Owner| -> BooleanQuery {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = must
                .into_iter()
                .map(|t| {
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            if topic {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.topic, schema::ON_TOPIC),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            let owner_term = match owner {
                None => None,
                Some(None) => Some((Occur::MustNot, schema::OWNED.to_string())),
                Some(Some(s)) => Some((Occur::Must, schema::server_term(s))),
            };
            if let Some((occur, term)) = owner_term {
                clauses.push((
                    occur,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.server, &term),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            for t in &gone {
                clauses.push((
                    Occur::MustNot,
                    Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic)),
                ));
            }
            BooleanQuery::new(clauses)
        };
        let dir = self.dir.clone();
        let count = |searcher: &Searcher, q: &BooleanQuery| -> Result<usize> {
            searcher
                .search(q, &Count)
                .map_err(|e| tantivy_err(&dir, None, &e))
        };
        let retractions = std::mem::take(&mut self.retractions);
        let mut dropped_people = HashSet::new();
        let mut dropped_years = HashSet::new();
        let mut dropped_events = HashSet::new();
        guarded(&self.dir, "checking what a removal leaves", || {
            for person in &retractions.people {
                if self.added.people.contains(person) {
                    continue;
                }
                // People are one register for every owner (`Person::only_in` says whose they
                // are), so any remaining passage keeps one.
                let q = remaining(vec![Term::from_field_text(f.people, person)], false, None);
                if count(&searcher, &q)? == 0 {
                    dropped_people.insert(person.clone());
                }
            }
            for &(owner, year) in &retractions.years {
                if self.added.years.contains(&(owner, year)) {
                    continue;
                }
                let year_term = Term::from_field_i64(f.year, year as i64);
                let q = remaining(vec![year_term], false, Some(owner));
                if count(&searcher, &q)? == 0 {
                    dropped_years.insert((owner, year));
                }
            }
            for (owner, event) in &retractions.events {
                let lower = (*owner, event.to_lowercase());
                if self.added.events.contains(&lower) {
                    continue;
                }
                if !self.event_remains(&searcher, event, *owner, &remaining)? {
                    dropped_events.insert(lower);
                }
            }
            Ok(())
        })?;
        self.knowledge
            .people
            .retain(|p| !dropped_people.contains(&p.id));
        self.knowledge
            .years
            .retain(|owner, y| !dropped_years.contains(&(owner, *y)));
        self.knowledge
            .events
            .retain(|owner, e| !dropped_events.contains(&(owner, e.to_lowercase())));
        self.forms_stale |= !dropped_people.is_empty();
        Ok(())
    }

    /// Whether a passage of `owner` about the dispute outside the retracted articles still
    /// names `event`.
    fn event_remains(
        &self,
        searcher: &Searcher,
        event: &str,
        owner: Option<ServerId>,
        remaining: &dyn Fn(Vec<Term>, bool, Owner) -> BooleanQuery,
    ) -> Result<bool> {
        let mut terms = Vec::new();
        let mut analyzer = schema::query_analyzer();
        let mut stream = analyzer.token_stream(event);
        while stream.advance() {
            terms.push(Term::from_field_text(
                self.fields.text,
                &stream.token().text,
            ));
        }
        if terms.is_empty() {
            return Ok(false);
        }
        let (top, total) = searcher
            .search(
                &remaining(terms, true, Some(owner)),
                &(
                    TopDocs::with_limit(EVENT_CHECK_PASSAGES).order_by_score(),
                    Count,
                ),
            )
            .map_err(|e| tantivy_err(&self.dir, None, &e))?;
        for (_, addr) in top {
            let doc: TantivyDocument = searcher
                .doc(addr)
                .map_err(|e| tantivy_err(&self.dir, None, &e))?;
            let passage = self.decode(&doc)?;
            if crate::extract::events::find(&passage.text)
                .iter()
                .any(|e| e.eq_ignore_ascii_case(event))
            {
                return Ok(true);
            }
        }
        Ok(total > EVENT_CHECK_PASSAGES)
    }
}
