//! Writing the index: a fresh one in a temporary folder that is then swapped into place, or new
//! articles added to the live one. Either way a batch becomes visible in one commit, together with
//! its knowledge file and registry records, or not at all.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{
    Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use super::guard::{self, guarded, guarded_write};
use super::registry::{self, RecordKind, RegistryRecord};
use super::{
    damaged, disk_full, encode_passage, index_err, parse_payload, read_knowledge, schema,
    tantivy_err, ArticleInfo, CommitPayload, Duplicate, Knowledge, StoredPassage, FORMAT_VERSION,
};
use crate::corpus::similar::{ContentHash, Signature};
use crate::corpus::{Paragraph, ServerId};
use crate::error::{Error, IndexProblem, Result};
use crate::extract::{Gazetteer, Mentions, Person};

/// Bytes of stored passages compressed together (tantivy's default is 16 KiB).
const STORE_BLOCK_BYTES: usize = 4096;

/// How many threads and how much memory tantivy's writer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterConfig {
    /// Indexing threads (each writes its own segments).
    pub threads: usize,
    /// Memory for the indexing buffers, in bytes, shared by the threads.
    pub heap_bytes: usize,
}

impl WriterConfig {
    /// One thread, 50 MB: the seeds, written as a single segment.
    pub const SEEDS: WriterConfig = WriterConfig {
        threads: 1,
        heap_bytes: 50_000_000,
    };

    /// Bulk ingest: up to two threads with 150 MB each, so segments come out large and few.
    pub fn bulk() -> WriterConfig {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 2);
        WriterConfig {
            threads,
            heap_bytes: threads * 150_000_000,
        }
    }
}

/// An article ready to be indexed: its source, cleaned paragraphs and what each mentions.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// Where it came from; `paragraphs` is filled in from the paragraphs given.
    pub info: ArticleInfo,
    /// Cleaned paragraphs, numbered from 1.
    pub paragraphs: Vec<Paragraph>,
    /// Mentions per paragraph (same order).
    pub mentions: Vec<Mentions>,
    /// Hash of its words.
    pub hash: ContentHash,
    /// MinHash signature of its words.
    pub signature: Signature,
}

/// Most named events kept for autocomplete.
const MAX_EVENTS: usize = 500;

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
struct Retractions {
    /// Ids whose passages are deleted in this batch.
    ids: Vec<String>,
    /// People named in the retracted passages.
    people: BTreeSet<String>,
    /// Years their dates resolve to, with the owner of the passage.
    years: BTreeSet<(Option<ServerId>, i32)>,
    /// Named events they hold, with the owner of the passage.
    events: Vec<(Option<ServerId>, String)>,
}

/// What the articles added in this batch hold: kept whatever the committed passages say.
#[derive(Default)]
struct Added {
    people: HashSet<String>,
    /// Years, with the owner of the article that brought them.
    years: HashSet<(Option<ServerId>, i32)>,
    /// Named events (lower-cased), with their article's owner.
    events: HashSet<(Option<ServerId>, String)>,
}

/// Adds articles to an index and commits them batch by batch.
pub struct Appender {
    dir: PathBuf,
    writer: IndexWriter<TantivyDocument>,
    fields: schema::Fields,
    knowledge: Knowledge,
    committed_registry_len: u64,
    pending_registry: Vec<u8>,
    /// Every form of each person's name, joined, by id: what the `names` field gets.
    forms: HashMap<String, String>,
    /// Article id → (paragraph, person id) for every role the register records there: what
    /// the `roles` field gets.
    roles_stated: HashMap<String, Vec<(usize, String)>>,
    /// Set when a commit failed half-way: the in-memory state no longer matches the disk.
    broken: bool,
    /// Set when the register changed since `forms` and `roles_stated` were worked out.
    forms_stale: bool,
    /// Reads the last commit (reloaded after each of ours): what retractions are checked against.
    reader: IndexReader,
    /// Articles retracted in the batch being built.
    retractions: Retractions,
    /// What the batch being built adds.
    added: Added,
}

impl Appender {
    /// Creates an empty index in `dir` (an empty or missing folder) for inputs with `fingerprint`.
    pub fn create(dir: &Path, fingerprint: &str, config: WriterConfig) -> Result<Appender> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
        let (schema, _) = schema::build();
        // Small store blocks: a command fetches scattered passages (a person's mentions, a span
        // of years), and each fetch decompresses a whole block.
        let settings = IndexSettings {
            docstore_blocksize: STORE_BLOCK_BYTES,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(dir)
            .map_err(|e| tantivy_err(dir, None, &e))?;
        let knowledge = Knowledge {
            fingerprint: fingerprint.to_string(),
            ..Knowledge::default()
        };
        Appender::with_index(dir, index, knowledge, config)
    }

    /// Opens the index in `dir` to add to it. Fails if another process is writing to it.
    pub fn open(dir: &Path, config: WriterConfig) -> Result<Appender> {
        let index = Index::open_in_dir(dir).map_err(|e| tantivy_err(dir, None, &e))?;
        let metas = index.load_metas().map_err(|e| tantivy_err(dir, None, &e))?;
        let payload = metas
            .payload
            .as_deref()
            .and_then(parse_payload)
            .ok_or_else(|| damaged(dir, "the last commit names no knowledge file"))?;
        let knowledge = read_knowledge(dir, &payload)?;
        Appender::with_index(dir, index, knowledge, config)
    }

    fn with_index(
        dir: &Path,
        index: Index,
        knowledge: Knowledge,
        config: WriterConfig,
    ) -> Result<Appender> {
        schema::register_indexing_tokenizers(&index);
        let fields = schema::Fields::from_schema(&index.schema()).map_err(|m| damaged(dir, m))?;
        // Before its threads start, so their panics are kept for our errors; and what an
        // earlier writer's threads left is not this one's.
        guard::watch_writer_threads();
        drop(guard::take_writer_panics());
        let writer = index
            .writer_with_num_threads(config.threads, config.heap_bytes)
            .map_err(|e| tantivy_err(dir, None, &e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| tantivy_err(dir, None, &e))?;
        let mut appender = Appender {
            dir: dir.to_path_buf(),
            writer,
            fields,
            committed_registry_len: knowledge.registry_len,
            knowledge,
            pending_registry: Vec::new(),
            forms: HashMap::new(),
            roles_stated: HashMap::new(),
            broken: false,
            forms_stale: false,
            reader,
            retractions: Retractions::default(),
            added: Added::default(),
        };
        appender.index_forms();
        Ok(appender)
    }

    /// The knowledge as it stands, including what has been added since the last commit.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The committed registry: every article taken in so far.
    pub fn registry(&self) -> Result<Vec<RegistryRecord>> {
        registry::read(&self.dir, self.committed_registry_len)
    }

    /// Takes the people register out to extend it; give it back with [`Appender::set_people`].
    pub fn take_people(&mut self) -> Vec<Person> {
        std::mem::take(&mut self.knowledge.people)
    }

    /// Puts the (extended) people register back.
    pub fn set_people(&mut self, people: Vec<Person>) {
        self.knowledge.people = people;
        self.index_forms();
    }

    fn index_forms(&mut self) {
        self.forms_stale = false;
        self.forms = self
            .knowledge
            .people
            .iter()
            .map(|p| (p.id.clone(), p.forms.join(" ")))
            .collect();
        self.roles_stated.clear();
        for p in &self.knowledge.people {
            for r in &p.roles {
                self.roles_stated
                    .entry(r.article.clone())
                    .or_default()
                    .push((r.paragraph, p.id.clone()));
            }
        }
    }

    /// Marks every article indexed so far as a seed (called once, after the seeds are added).
    pub fn mark_seeds(&mut self) {
        self.knowledge.seed_count = self.knowledge.article_count;
    }

    /// Whether an article with this ordinal is one of the seeds.
    pub fn is_seed(&self, ordinal: usize) -> bool {
        ordinal < self.knowledge.seed_count
    }

    /// Records where the ingest journal's committed part will end once this batch commits.
    pub fn set_journal_len(&mut self, len: u64) {
        self.knowledge.journal_len = len;
    }

    /// Records the last shared journal entry applied once this batch commits (see
    /// [`super::Knowledge::shared_seq`]).
    pub fn set_shared_seq(&mut self, seq: u64) {
        self.knowledge.shared_seq = seq;
    }

    /// Records that the journal was rewritten with only its live records, `len` bytes long: no
    /// line of it is superseded any more.
    pub fn set_journal_compacted(&mut self, len: u64) {
        self.knowledge.journal_len = len;
        self.knowledge.journal_superseded = 0;
    }

    /// Adds articles (in order) and returns the ordinal each was given.
    pub fn add_articles(
        &mut self,
        articles: Vec<NewArticle>,
        gazetteer: &Gazetteer,
    ) -> Result<Vec<usize>> {
        if self.forms_stale {
            self.index_forms();
        }
        let first = self.knowledge.article_count;
        let ordinals: Vec<usize> = (first..first + articles.len()).collect();
        // Building documents (JSON, name lists) is the costly part; tantivy's `add_document`
        // only queues them, so build in parallel and queue in order.
        let docs: Vec<Vec<TantivyDocument>> = articles
            .par_iter()
            .zip(ordinals.par_iter())
            .map(|(a, &ordinal)| self.documents(a, ordinal, gazetteer))
            .collect::<Result<_>>()?;
        for doc in docs.into_iter().flatten() {
            if let Err(e) = self.writer.add_document(doc) {
                return Err(self.writer_error("adding articles", &e));
            }
        }
        for (a, &ordinal) in articles.iter().zip(&ordinals) {
            RegistryRecord {
                id: a.info.id.clone(),
                hash: a.hash,
                signature: a.signature,
                ordinal: ordinal as u32,
                kind: RecordKind::Indexed,
            }
            .encode(&mut self.pending_registry);
            self.knowledge.passage_count += a.paragraphs.len() as u64;
            // Years and events are kept per owner, so a server's additions are offered to that
            // server alone.
            let owner = a.info.server;
            for m in &a.mentions {
                for d in &m.dates {
                    let years = self.knowledge.years.of_mut(owner);
                    if let Err(at) = years.binary_search(&d.value.year) {
                        years.insert(at, d.value.year);
                    }
                    self.added.years.insert((owner, d.value.year));
                }
                for p in &m.people {
                    self.added.people.insert(p.person.clone());
                }
            }
            // Named events for `/when` autocomplete: only from articles about the dispute, and
            // a bounded list per owner, so thousands of unrelated articles cannot crowd it.
            if owner.is_some() {
                self.knowledge.has_server_articles = true;
            }
            if a.info.on_topic {
                for p in &a.paragraphs {
                    for e in crate::extract::events::find(&p.text) {
                        self.added.events.insert((owner, e.to_lowercase()));
                        let events = self.knowledge.events.of_mut(owner);
                        let known = events.iter().any(|x| x.eq_ignore_ascii_case(&e));
                        if !known && events.len() < MAX_EVENTS {
                            events.push(e);
                        }
                    }
                }
            }
        }
        self.knowledge.article_count += articles.len();
        Ok(ordinals)
    }

    /// Records an article set aside as a near-duplicate of the one with ordinal `of`.
    pub fn add_duplicate(
        &mut self,
        dup: Duplicate,
        hash: ContentHash,
        signature: Signature,
        of: usize,
    ) {
        RegistryRecord {
            id: dup.id.clone(),
            hash,
            signature,
            ordinal: of as u32,
            kind: RecordKind::Duplicate,
        }
        .encode(&mut self.pending_registry);
        self.knowledge.duplicates.push(dup);
    }

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
        super::decode_document(&self.dir, &self.fields, doc)
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
    fn prune_retracted(&mut self) -> Result<()> {
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

    fn documents(
        &self,
        a: &NewArticle,
        ordinal: usize,
        gazetteer: &Gazetteer,
    ) -> Result<Vec<TantivyDocument>> {
        let f = &self.fields;
        let mut info = a.info.clone();
        info.paragraphs = a.paragraphs.len();
        let mut out = Vec::with_capacity(a.paragraphs.len());
        let roles_stated = self.roles_stated.get(&info.id);
        for (i, para) in a.paragraphs.iter().enumerate() {
            let mentions = a.mentions.get(i).cloned().unwrap_or_default();
            let mut doc = TantivyDocument::default();
            doc.add_text(f.text, &para.text);
            doc.add_text(f.title, &info.title);
            for m in &mentions.people {
                if let Some(forms) = self.forms.get(&m.person) {
                    doc.add_text(f.names, forms);
                }
                doc.add_text(f.people, &m.person);
            }
            for m in &mentions.places {
                if let Some(place) = gazetteer.get(&m.place) {
                    doc.add_text(f.names, place.all_names().join(" "));
                }
                doc.add_text(f.places, &m.place);
            }
            let mut date_values: Vec<u64> = Vec::with_capacity(mentions.dates.len());
            for d in &mentions.dates {
                doc.add_i64(f.year, d.value.year as i64);
                // Only an event's date is on the timeline; a vague one still finds its year.
                if schema::dates_an_event(d) {
                    date_values.push(schema::date_value(info.on_topic, d.value));
                }
            }
            date_values.sort_unstable();
            date_values.dedup();
            for value in date_values {
                doc.add_u64(f.dates, value);
            }
            for (_, person) in roles_stated
                .into_iter()
                .flatten()
                .filter(|(at, _)| *at == para.number)
            {
                doc.add_text(f.roles, person);
            }
            doc.add_text(f.article_id, &info.id);
            if let Some(server) = info.server {
                doc.add_text(f.server, schema::OWNED);
                doc.add_text(f.server, schema::server_term(server));
            }
            doc.add_u64(f.ordinal, ordinal as u64);
            if i == 0 {
                doc.add_text(f.lead, schema::LEAD);
            }
            if info.on_topic {
                doc.add_text(f.topic, schema::ON_TOPIC);
            }
            doc.add_u64(f.rank, schema::rank(info.on_topic, ordinal, para.number));
            let stored = StoredPassage {
                article: ordinal,
                paragraph: para.number,
                text: para.text.clone(),
                sentences: para.sentences.clone(),
                mentions,
                source: info.clone(),
            };
            let bytes = encode_passage(&stored)
                .map_err(|e| index_err(&self.dir, IndexProblem::Encode(e.to_string())))?;
            doc.add_bytes(f.data, &bytes);
            out.push(doc);
        }
        Ok(out)
    }

    /// Makes everything added since the last commit visible at once: registry records first,
    /// then this commit's knowledge file, then the tantivy commit that names that file.
    pub fn commit(&mut self) -> Result<()> {
        if self.broken {
            return Err(index_err(&self.dir, IndexProblem::EarlierCommitFailed));
        }
        self.broken = true;
        // A full disk is said as tantivy's is, once, with what is free.
        let dir = self.dir.clone();
        let full = |e: Error| {
            if crate::error::is_disk_full(&e) {
                disk_full(&dir, "committing a batch", None)
            } else {
                e
            }
        };
        self.prune_retracted().map_err(full)?;
        let registry_len = registry::append(
            &self.dir,
            self.committed_registry_len,
            &self.pending_registry,
        )
        .map_err(full)?;
        self.knowledge.registry_len = registry_len;
        self.knowledge.generation += 1;
        let name = format!("knowledge-{}.json", self.knowledge.generation);
        write_atomically(
            &self.dir.join(&name),
            &serde_json::to_vec(&self.knowledge)
                .map_err(|e| index_err(&self.dir, IndexProblem::Encode(e.to_string())))?,
        )
        .map_err(full)?;
        let payload = serde_json::to_string(&CommitPayload {
            format: FORMAT_VERSION,
            knowledge: name,
        })
        .map_err(|e| index_err(&self.dir, IndexProblem::Encode(e.to_string())))?;
        // Segments are serialised on tantivy's threads (a panic there is kept by the guard) and
        // the commit written on this one (a panic here is caught).
        let committed = guarded_write(&dir, "committing", || {
            let mut prepared = self
                .writer
                .prepare_commit()
                .map_err(|e| self_error(&dir, "committing", &e))?;
            prepared.set_payload(&payload);
            prepared
                .commit()
                .map(drop)
                .map_err(|e| self_error(&dir, "committing", &e))
        });
        committed?;
        self.committed_registry_len = registry_len;
        self.pending_registry.clear();
        self.added = Added::default();
        self.reader
            .reload()
            .map_err(|e| tantivy_err(&self.dir, None, &e))?;
        self.broken = false;
        self.remove_old_knowledge();
        Ok(())
    }

    /// Knowledge files of commits before the previous one: no reader can still be loading them.
    fn remove_old_knowledge(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.filter_map(|e| e.ok()) {
            let name = e.file_name().to_string_lossy().into_owned();
            let generation = name
                .strip_prefix("knowledge-")
                .and_then(|n| n.strip_suffix(".json"))
                .and_then(|n| n.parse::<u64>().ok());
            if generation.is_some_and(|g| g + 1 < self.knowledge.generation) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    /// Waits for background merges so the folder is complete, then releases the writer lock.
    /// A merge that panicked is reported as damage: tantivy cancels it (the segments it read
    /// stay as they were, so every commit is still whole) and says nothing, but a merge reads
    /// only segments already committed, so one of them does not decode.
    pub fn finish(self) -> Result<()> {
        let dir = self.dir.clone();
        guarded_write(&dir, "finishing its merges", || {
            self.writer
                .wait_merging_threads()
                .map_err(|e| self_error(&dir, "finishing its merges", &e))
        })?;
        let panics = guard::take_writer_panics();
        if let Some(p) = panics.iter().find(|p| p.merge) {
            return Err(damaged(
                &dir,
                format!(
                    "merging its segments failed on one that does not decode: {}",
                    p.cause
                ),
            ));
        }
        match panics.first() {
            Some(p) => Err(guard::writer_failed(
                &dir,
                "finishing its merges",
                &format!(" on its thread {}", p.thread),
                &p.cause,
            )),
            None => Ok(()),
        }
    }

    /// The error for a writer call that failed: a full disk as such, else the panic one of
    /// tantivy's threads raised (which tantivy reports only as "an index writer was killed").
    fn writer_error(&self, what: &str, e: &tantivy::TantivyError) -> Error {
        self_error(&self.dir, what, e)
    }
}

/// [`Appender::writer_error`] for the index at `dir`, for where `self` is borrowed.
fn self_error(dir: &Path, what: &str, e: &tantivy::TantivyError) -> Error {
    let err = tantivy_err(dir, Some(what), e);
    if crate::error::is_disk_full(&err) {
        return err;
    }
    match guard::take_writer_panics().into_iter().next() {
        Some(p) => {
            guard::writer_failed(dir, what, &format!(" on its thread {}", p.thread), &p.cause)
        }
        None => err,
    }
}

/// Writes a file under a temporary name, syncs it, then renames it into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("json.tmp");
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io("creating", &tmp, e))?;
    if let Err(e) = f.write_all(bytes).and_then(|_| f.sync_all()) {
        // On a full disk the half-written file would hold on to the space it took.
        drop(f);
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("writing", &tmp, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| Error::io("renaming", path, e))
}

/// A fresh temporary folder next to `dir`, for building a replacement index.
pub fn temp_dir_beside(dir: &Path) -> Result<PathBuf> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let tmp = parent.join(format!(".{name}.building-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| Error::io("creating", &tmp, e))?;
    Ok(tmp)
}

/// Replaces `dir` with `tmp`. The old index is moved aside first and removed last.
pub fn swap_into_place(tmp: &Path, dir: &Path) -> Result<()> {
    let old = dir.with_extension(format!("old-{}", std::process::id()));
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(|e| Error::io("moving aside the old index", dir, e))?;
    }
    if let Err(e) = std::fs::rename(tmp, dir) {
        // Put the old index back so the next start still finds one.
        let _ = std::fs::rename(&old, dir);
        return Err(Error::io("moving the new index into place", dir, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
