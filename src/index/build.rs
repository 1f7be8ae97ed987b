//! Writing the index: a fresh one in a temporary folder that is then swapped into place, or new
//! articles added to the live one. Either way a batch becomes visible in one commit, together with
//! its knowledge file and registry records, or not at all.

mod documents;
mod files;
mod retract;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument};

use super::errors::{damaged, disk_full, index_err, tantivy_err};
use super::guard::{self, guarded_write};
use super::registry::{self, RecordKind, RegistryRecord};
use super::stored::{parse_payload, read_knowledge, CommitPayload};
use super::{schema, ArticleInfo, Duplicate, Knowledge, FORMAT_VERSION};
use crate::corpus::similar::{ContentHash, Signature};
use crate::corpus::{Paragraph, ServerId};
use crate::error::{Error, IndexProblem, Result};
use crate::extract::{Gazetteer, Mentions, Person};
use files::write_atomically;
pub use files::{swap_into_place, temp_dir_beside};
pub use retract::Retracted;
use retract::Retractions;

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
