//! Opening the index and keeping it at its latest commit: the snapshot each command answers
//! from (a searcher and the knowledge of the same commit), reloading when a commit lands, and
//! the spot check that the store of an opened index reads.

use std::path::Path;
use std::sync::{Arc, Mutex, RwLock, Weak};

use tantivy::directory::{Directory, WatchCallback};
use tantivy::{DocAddress, Index, ReloadPolicy, Searcher, TantivyDocument};

use super::errors::{damaged, dir_size, index_err, tantivy_err};
use super::guard::guarded;
use super::schema::{self, Fields};
use super::stored::{committed_knowledge, decode_document, parse_payload, read_knowledge};
use super::{dated, read_only, Knowledge, PassageIndex, Shared, Snapshot, StoredPassage};
use crate::error::{Error, IndexProblem, Result};

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

    pub(super) fn snapshot(&self) -> Arc<Snapshot> {
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
}

impl Shared {
    pub(super) fn snapshot(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a refresh panicked; the snapshot in it is still whole.
        self.state.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(super) fn refresh(&self) -> Result<bool> {
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
    pub(super) fn read(&self, searcher: &Searcher, addr: DocAddress) -> Result<StoredPassage> {
        self.passages_read
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
        self.decode(&doc)
    }

    pub(super) fn decode(&self, doc: &TantivyDocument) -> Result<StoredPassage> {
        decode_document(&self.dir, &self.fields, doc)
    }

    pub(super) fn err(&self, e: tantivy::TantivyError) -> Error {
        tantivy_err(&self.dir, None, &e)
    }
}
