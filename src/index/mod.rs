//! The search index: tantivy on disk under the data directory, built from the corpus and its
//! extracted mentions, rebuilt when the inputs change.
//!
//! Architecture invariant: no tantivy type leaves this module. Callers speak in
//! [`Request`], [`Hit`] and [`StoredPassage`].

mod build;
mod schema;

use std::ops::{Bound, Range, RangeInclusive};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::corpus::{ArticleMeta, PartialDate};
use crate::error::{Error, Result};
use crate::extract::{Mentions, Person};
pub use build::build;
use schema::Fields;

/// Bumped whenever the schema or the stored data change shape, so old indexes are rebuilt.
pub const FORMAT_VERSION: u32 = 2;

/// What one article is, as the index keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArticleInfo {
    /// Id used in citations (the file name for a text file).
    pub id: String,
    /// File it came from.
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
}

impl ArticleInfo {
    /// From corpus metadata.
    pub fn from_meta(meta: &ArticleMeta, paragraphs: usize) -> ArticleInfo {
        ArticleInfo {
            id: meta.file.clone(),
            file: meta.file.clone(),
            title: meta.title.clone(),
            outlet: meta.outlet.clone(),
            date: meta.date,
            date_basis: meta.date_basis.clone(),
            date_note: meta.date_note.clone(),
            url: meta.url.clone(),
            paragraphs,
        }
    }
}

/// Collection-wide knowledge kept beside the index: the articles and the people register.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Knowledge {
    /// Digest of the inputs the index was built from.
    pub fingerprint: String,
    /// Every article, in corpus order (a passage's `article` indexes this).
    pub articles: Vec<ArticleInfo>,
    /// Everyone named in full somewhere.
    pub people: Vec<Person>,
    /// Every year a date mention resolves to, sorted, without repeats.
    #[serde(default)]
    pub years: Vec<i32>,
    /// Named events ("Krasnoyarsk summit"), first spelling kept, in corpus order.
    #[serde(default)]
    pub events: Vec<String>,
}

/// One paragraph as stored in the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoredPassage {
    /// Position of its article in [`Knowledge::articles`].
    pub article: usize,
    /// Paragraph number, from 1.
    pub paragraph: usize,
    /// The article's own words.
    pub text: String,
    /// Byte ranges of its sentences.
    pub sentences: Vec<Range<usize>>,
    /// What it mentions.
    pub mentions: Mentions,
}

/// A passage found by a search, with its relevance score (higher is better).
#[derive(Debug, Clone)]
pub struct Hit {
    /// The passage.
    pub passage: StoredPassage,
    /// BM25 score of the free-text part (0 when the request had no text).
    pub score: f32,
}

/// What to look for. Every non-empty filter must hold; `text` ranks what passes them.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Free words, analysed like the passages (stemmed English). Syntax characters are plain text.
    pub text: String,
    /// Passages must mention one of these people (ids).
    pub people: Vec<String>,
    /// Passages must mention one of these places (display names).
    pub places: Vec<String>,
    /// Passages must mention a date in one of these years.
    pub years: Option<RangeInclusive<i32>>,
    /// How many to return at most.
    pub limit: usize,
}

/// An open index and the knowledge stored beside it.
pub struct PassageIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    knowledge: Knowledge,
    dir: PathBuf,
}

/// Name of the sidecar file holding [`Knowledge`].
const KNOWLEDGE_FILE: &str = "knowledge.json";

impl PassageIndex {
    /// Opens the index in `dir` if it exists and was built from inputs with this fingerprint.
    /// `Ok(None)` means missing or stale (build it); `Err` means present but unreadable.
    pub fn open_if_fresh(dir: &Path, fingerprint: &str) -> Result<Option<PassageIndex>> {
        let knowledge_path = dir.join(KNOWLEDGE_FILE);
        let raw = match std::fs::read(&knowledge_path) {
            Ok(raw) => raw,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("reading", knowledge_path, e)),
        };
        let knowledge: Knowledge = serde_json::from_slice(&raw)
            .map_err(|e| index_err(dir, format!("{KNOWLEDGE_FILE} is corrupt ({e})")))?;
        if knowledge.fingerprint != fingerprint {
            return Ok(None);
        }
        PassageIndex::open(dir, knowledge).map(Some)
    }

    fn open(dir: &Path, knowledge: Knowledge) -> Result<PassageIndex> {
        let index = Index::open_in_dir(dir).map_err(|e| index_err(dir, e))?;
        schema::register_tokenizers(&index);
        let fields = Fields::from_schema(&index.schema()).map_err(|m| index_err(dir, m))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_err(dir, e))?;
        let opened = PassageIndex {
            index,
            reader,
            fields,
            knowledge,
            dir: dir.to_path_buf(),
        };
        // Reading every stored document once proves the store is intact before we serve from it.
        opened.check_readable()?;
        Ok(opened)
    }

    fn check_readable(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let store = segment
                .get_store_reader(1)
                .map_err(|e| index_err(&self.dir, e))?;
            for doc in 0..segment.max_doc() {
                let d: TantivyDocument = store
                    .get(doc)
                    .map_err(|e| index_err(&self.dir, format!("segment {ord} doc {doc}: {e}")))?;
                self.decode(&d)?;
            }
        }
        Ok(())
    }

    /// Every stored passage, in corpus order (article, then paragraph). Reads the whole store,
    /// so callers that need all passages (quiz generation) do it once, not per request.
    pub fn all_passages(&self) -> Result<Vec<StoredPassage>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(1)
                .map_err(|e| index_err(&self.dir, e))?;
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                let d: TantivyDocument = store.get(doc).map_err(|e| index_err(&self.dir, e))?;
                out.push(self.decode(&d)?);
            }
        }
        out.sort_by_key(|p| (p.article, p.paragraph));
        Ok(out)
    }

    /// The articles and people the index was built with.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Number of passages indexed.
    pub fn passage_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a request, best first (passages with equal scores in corpus order).
    pub fn search(&self, req: &Request) -> Result<Vec<Hit>> {
        let f = &self.fields;
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !req.people.is_empty() {
            filters.push((Occur::Must, any_of(f.people, &req.people)));
        }
        if !req.places.is_empty() {
            filters.push((Occur::Must, any_of(f.places, &req.places)));
        }
        if let Some(years) = &req.years {
            let lo = Term::from_field_i64(f.year, *years.start() as i64);
            let hi = Term::from_field_i64(f.year, *years.end() as i64);
            filters.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(lo), Bound::Included(hi))),
            ));
        }
        let text = self.text_query(&req.text)?;
        let has_text = text.is_some();
        if let Some(q) = text {
            filters.push((
                if filters.is_empty() {
                    Occur::Should
                } else {
                    Occur::Must
                },
                q,
            ));
        }
        if filters.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(filters);
        let searcher = self.reader.searcher();
        let limit = req.limit.max(1);
        let docs: Vec<(f32, DocAddress)> = searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(|e| index_err(&self.dir, e))?;
        let mut hits = docs
            .into_iter()
            .map(|(score, addr)| {
                let doc: TantivyDocument =
                    searcher.doc(addr).map_err(|e| index_err(&self.dir, e))?;
                Ok(Hit {
                    passage: self.decode(&doc)?,
                    score: if has_text { score } else { 0.0 },
                })
            })
            .collect::<Result<Vec<Hit>>>()?;
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.passage.article.cmp(&b.passage.article))
                .then(a.passage.paragraph.cmp(&b.passage.paragraph))
        });
        Ok(hits)
    }

    /// The words of `text` as the index sees them (lower-cased, stemmed), for highlighting.
    pub fn analyse(&self, text: &str) -> Vec<String> {
        let mut analyzer = match self.index.tokenizer_for_field(self.fields.text) {
            Ok(a) => a,
            Err(_) => return Vec::new(),
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// Analysed tokens of `text` with their byte ranges, for matching query words in a passage.
    pub fn analyse_with_offsets(&self, text: &str) -> Vec<(String, Range<usize>)> {
        let Ok(mut analyzer) = self.index.tokenizer_for_field(self.fields.text) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to));
        }
        out
    }

    /// A plain BM25 query over the passage text, as tantivy's own query parser would run it:
    /// the baseline the benchmarks compare every command against. Returns the number of hits.
    pub fn baseline_search(&self, text: &str, limit: usize) -> Result<usize> {
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.text]);
        parser.set_conjunction_by_default();
        let (query, _errors) = parser.parse_query_lenient(text);
        let searcher = self.reader.searcher();
        let docs = searcher
            .search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(|e| index_err(&self.dir, e))?;
        Ok(docs.len())
    }

    fn text_query(&self, text: &str) -> Result<Option<Box<dyn Query>>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for token in self.analyse(text) {
            if !seen.insert(token.clone()) {
                continue;
            }
            for (field, boost) in [(f.text, 1.0f32), (f.names, 0.6), (f.title, 0.3)] {
                let term = Term::from_field_text(field, &token);
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
        Ok((!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>))
    }

    fn decode(&self, doc: &TantivyDocument) -> Result<StoredPassage> {
        let raw = doc
            .get_first(self.fields.data)
            .and_then(|v| v.as_str())
            .ok_or_else(|| index_err(&self.dir, "a stored passage has no data"))?;
        serde_json::from_str(raw)
            .map_err(|e| index_err(&self.dir, format!("a stored passage is corrupt ({e})")))
    }
}

fn any_of(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    let clauses = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

fn index_err(dir: &Path, message: impl std::fmt::Display) -> Error {
    Error::Index {
        path: dir.to_path_buf(),
        message: message.to_string(),
    }
}
