//! Writing a fresh index: into a temporary folder first, then swapped into place, so a reader
//! never sees a half-written index and a failed build leaves the old one usable.

use std::path::Path;

use tantivy::{Index, IndexWriter, TantivyDocument};

use super::{index_err, schema, ArticleInfo, Knowledge, PassageIndex, StoredPassage};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::extract::{Extraction, Gazetteer};

/// Memory for tantivy's indexing buffer; small collections never come near it.
const WRITER_HEAP: usize = 50_000_000;

/// Builds the index for `corpus` in `dir` (replacing any index there) and opens it.
pub fn build(
    dir: &Path,
    corpus: &Corpus,
    extraction: &Extraction,
    gazetteer: &Gazetteer,
    fingerprint: &str,
) -> Result<PassageIndex> {
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

    let knowledge = write(&tmp, corpus, extraction, gazetteer, fingerprint)?;
    let bytes = serde_json::to_vec(&knowledge).map_err(|e| index_err(&tmp, e))?;
    let kpath = tmp.join(super::KNOWLEDGE_FILE);
    std::fs::write(&kpath, bytes).map_err(|e| Error::io("writing", &kpath, e))?;

    swap_into_place(&tmp, dir)?;
    PassageIndex::open(dir, knowledge)
}

fn write(
    tmp: &Path,
    corpus: &Corpus,
    extraction: &Extraction,
    gazetteer: &Gazetteer,
    fingerprint: &str,
) -> Result<Knowledge> {
    let (schema, f) = schema::build();
    let index = Index::create_in_dir(tmp, schema).map_err(|e| index_err(tmp, e))?;
    schema::register_tokenizers(&index);
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, WRITER_HEAP)
        .map_err(|e| index_err(tmp, e))?;
    let mut articles = Vec::with_capacity(corpus.articles.len());
    for (a, article) in corpus.articles.iter().enumerate() {
        articles.push(ArticleInfo::from_meta(
            &article.meta,
            article.paragraphs.len(),
        ));
        for (p, para) in article.paragraphs.iter().enumerate() {
            let mentions = extraction.mentions[a][p].clone();
            let mut doc = TantivyDocument::default();
            doc.add_text(f.text, &para.text);
            doc.add_text(f.title, &article.meta.title);
            for m in &mentions.people {
                if let Some(person) = extraction.person(&m.person) {
                    doc.add_text(f.names, person.forms.join(" "));
                }
                doc.add_text(f.people, &m.person);
            }
            for m in &mentions.places {
                if let Some(place) = gazetteer.get(&m.place) {
                    doc.add_text(f.names, place.all_names().join(" "));
                }
                doc.add_text(f.places, &m.place);
            }
            for d in &mentions.dates {
                doc.add_i64(f.year, d.value.year as i64);
            }
            let stored = StoredPassage {
                article: a,
                paragraph: para.number,
                text: para.text.clone(),
                sentences: para.sentences.clone(),
                mentions,
            };
            let json = serde_json::to_string(&stored).map_err(|e| index_err(tmp, e))?;
            doc.add_text(f.data, json);
            writer.add_document(doc).map_err(|e| index_err(tmp, e))?;
        }
    }
    writer.commit().map_err(|e| index_err(tmp, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| index_err(tmp, e))?;
    let mut years: Vec<i32> = extraction
        .mentions
        .iter()
        .flatten()
        .flat_map(|m| m.dates.iter().map(|d| d.value.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut events: Vec<String> = Vec::new();
    for para in corpus.articles.iter().flat_map(|a| &a.paragraphs) {
        for e in crate::extract::events::find(&para.text) {
            if !events.iter().any(|x| x.eq_ignore_ascii_case(&e)) {
                events.push(e);
            }
        }
    }
    Ok(Knowledge {
        fingerprint: fingerprint.to_string(),
        articles,
        people: extraction.people.clone(),
        years,
        events,
    })
}

/// Replaces `dir` with `tmp`. The old index is moved aside first and removed last.
fn swap_into_place(tmp: &Path, dir: &Path) -> Result<()> {
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
