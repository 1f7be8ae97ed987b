//! The article collection: files read from the seeds folder, cleaned and split into paragraphs.
//!
//! This is the bottom layer: it knows nothing of the index, the engine or any front end.

pub mod clean;
pub mod collection;
pub mod hidden;
pub mod html;
pub mod metadata;
pub mod partial_date;
pub mod sentences;
pub mod similar;
pub mod strips;
pub mod words;

use std::ops::Range;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
pub use clean::{Removal, Rule};
pub use collection::{Audience, ServerId};
pub use metadata::ArticleMeta;
pub use partial_date::PartialDate;

/// File endings read as articles.
const ARTICLE_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// One cleaned paragraph: the unit that is indexed and cited.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Paragraph number in the cleaned article, from 1.
    pub number: usize,
    /// Line of the file where it starts, from 1.
    pub line: usize,
    /// The article's own words.
    pub text: String,
    /// Byte ranges of its sentences in `text`.
    pub sentences: Vec<Range<usize>>,
}

/// One article: its metadata, its paragraphs, and what cleaning removed.
#[derive(Debug, Clone)]
pub struct Article {
    /// Title, outlet, date and file name.
    pub meta: ArticleMeta,
    /// Cleaned paragraphs, numbered from 1.
    pub paragraphs: Vec<Paragraph>,
    /// Lines taken out, with the rule that took each.
    pub removed: Vec<Removal>,
}

impl Article {
    /// The article's id in citations: its file name.
    pub fn id(&self) -> &str {
        &self.meta.file
    }
}

/// The whole collection, in file-name order.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The articles.
    pub articles: Vec<Article>,
    /// A digest of every input (file names, contents, metadata); a changed digest means
    /// the index is stale.
    pub fingerprint: String,
}

/// A file read from the articles folder, before cleaning.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// File name.
    pub file: String,
    /// Full text.
    pub text: String,
}

impl Corpus {
    /// Reads every `.txt`/`.md` file of `dir` and its `metadata.toml`.
    pub fn load(dir: &Path) -> Result<Corpus> {
        let raws = read_dir(dir)?;
        if raws.is_empty() {
            return Err(Error::Input {
                path: dir.to_path_buf(),
                problem: crate::error::InputProblem::NoSeeds,
            });
        }
        let metas = metadata::load(dir)?;
        let mut hasher = Sha256::new();
        if let Ok(m) = std::fs::read(dir.join(metadata::METADATA_FILE)) {
            hasher.update(&m);
        }
        for r in &raws {
            hasher.update(r.file.as_bytes());
            hasher.update([0]);
            hasher.update(r.text.as_bytes());
            hasher.update([0]);
        }
        let fingerprint = format!("{:x}", hasher.finalize());
        Ok(Corpus::from_raw(
            raws,
            |file| metas.get(file).cloned(),
            fingerprint,
        ))
    }

    /// Cleans and splits raw articles. `meta` supplies metadata by file name.
    pub fn from_raw(
        raws: Vec<RawArticle>,
        meta: impl Fn(&str) -> Option<ArticleMeta>,
        fingerprint: String,
    ) -> Corpus {
        let shared = clean::shared_line_counts(raws.iter().map(|r| r.text.as_str()));
        let articles = raws
            .into_iter()
            .map(|raw| {
                let meta =
                    meta(&raw.file).unwrap_or_else(|| ArticleMeta::unknown(&raw.file, &raw.file));
                let cleaned = clean::clean(&raw.text, Some(&meta.title), &shared);
                let paragraphs = cleaned
                    .paragraphs
                    .into_iter()
                    .enumerate()
                    .map(|(i, b)| Paragraph {
                        number: i + 1,
                        line: b.line,
                        sentences: sentences::split(&b.text),
                        text: b.text,
                    })
                    .collect();
                Article {
                    meta,
                    paragraphs,
                    removed: cleaned.removed,
                }
            })
            .collect();
        Corpus {
            articles,
            fingerprint,
        }
    }

    /// Finds an article by its id (file name).
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id() == id)
    }
}

fn read_dir(dir: &Path) -> Result<Vec<RawArticle>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::io("reading the articles folder", dir, e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| ARTICLE_EXTENSIONS.contains(&x))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|e| Error::io("reading", &p, e))?;
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    tracing::warn!(file = %p.display(), "not valid UTF-8; undecodable bytes replaced");
                    String::from_utf8_lossy(e.as_bytes()).into_owned()
                }
            };
            let file = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(RawArticle { file, text })
        })
        .collect()
}
