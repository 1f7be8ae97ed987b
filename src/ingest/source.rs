//! Reading article collections: CSV with a header row, JSON Lines, and folders (or single files)
//! of `.txt`/`.md` articles with an optional `metadata.toml`. Each yields [`Incoming`] articles,
//! or a [`BadRow`] naming the file and line of a record that cannot be read.

mod article_files;
mod columns;
mod csv_file;
mod encoding;
mod json_lines;
mod page;

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::RowProblem;
use crate::corpus::html::ReadLimits;
use crate::error::{Error, InputProblem, Result};
use article_files::{read_folder, read_text_files};
pub use columns::Columns;
use csv_file::read_csv;
use json_lines::read_jsonl;
pub(crate) use page::page_incoming;
pub use page::read_link;

/// One article as a collection gives it, before any cleaning. Also the ingest journal's record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Incoming {
    /// Id column (for a file: its name); empty when the collection has none.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Date as written.
    pub date: String,
    /// Link to the original.
    pub url: String,
    /// Publisher.
    pub outlet: String,
    /// The article's text.
    pub text: String,
    /// File it came from (name only).
    pub file: String,
    /// Line of that file where the record starts, from 1.
    pub line: usize,
    /// `printed` or `inferred`, when a metadata file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<String>,
    /// How an inferred date was worked out, when a metadata file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
    /// The server whose reading list it was added to from Discord; `None` for the shared
    /// collection. Journalled, so a rebuild gives it back to the same server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<crate::corpus::ServerId>,
    /// When a web page's text was longer than what is read from one page: how much was kept
    /// and why. Journalled, so the note survives a rebuild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut: Option<crate::corpus::html::Cut>,
}

/// A record that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadRow {
    /// File name.
    pub file: String,
    /// Line where the record starts, from 1; [`WHOLE_FILE`] (0) when the whole file is refused.
    pub line: usize,
    /// What is wrong with it.
    pub reason: RowProblem,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            WHOLE_FILE => write!(f, "{}: {}", self.file, self.reason),
            line => write!(f, "{}:{line}: {}", self.file, self.reason),
        }
    }
}

/// The [`BadRow::line`] of a file refused as a whole (unreadable, too large, not a file).
pub const WHOLE_FILE: usize = 0;

/// The kinds of input, told apart by file ending (or being a folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row (`.csv`; `.tsv` is tab-separated).
    Csv {
        /// Field separator.
        delimiter: u8,
    },
    /// One JSON object per line (`.jsonl`, `.ndjson`, `.json`).
    JsonLines,
    /// A folder of `.txt`/`.md` articles, with the seeds' `metadata.toml` when present.
    Folder,
    /// One `.txt`/`.md` article.
    TextFile,
}

impl Format {
    /// Tells the format of `path`, or says what is accepted. Only regular files and folders
    /// are read: a device, FIFO or socket (even behind a link) is refused by name.
    pub fn detect(path: &Path) -> Result<Format> {
        if let Ok(meta) = std::fs::metadata(path) {
            if let Some(kind) = special_kind(&meta) {
                return Err(Error::Input {
                    path: path.to_path_buf(),
                    problem: InputProblem::NotRegular(kind),
                });
            }
        }
        if path.is_dir() {
            return Ok(Format::Folder);
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => Ok(Format::Csv { delimiter: b',' }),
            "tsv" | "tab" => Ok(Format::Csv { delimiter: b'\t' }),
            "jsonl" | "ndjson" | "json" => Ok(Format::JsonLines),
            "txt" | "md" | "html" | "htm" => Ok(Format::TextFile),
            _ => Err(Error::Input {
                path: path.to_path_buf(),
                problem: InputProblem::NotACollection,
            }),
        }
    }
}

/// What a reader hands on: an article or a bad row, and how many bytes of the input are done.
pub type Sink<'a> = dyn FnMut(std::result::Result<Incoming, BadRow>, u64) -> Result<()> + 'a;

/// Reads every record of `path`, handing each to `sink` in order. `max_article_bytes` bounds
/// what is read of any one article (a file, a JSON line) before it is refused, so a huge or
/// endless input is never read whole; `pages` bounds reading a web page (`.html`).
pub fn read(
    path: &Path,
    columns: &Columns,
    max_article_bytes: usize,
    pages: &ReadLimits,
    sink: &mut Sink,
) -> Result<()> {
    match Format::detect(path)? {
        Format::Csv { delimiter } => read_csv(path, delimiter, columns, max_article_bytes, sink),
        Format::JsonLines => read_jsonl(path, columns, max_article_bytes, sink),
        Format::Folder => read_folder(path, max_article_bytes, pages, sink),
        Format::TextFile => read_text_files(
            path.parent().unwrap_or(Path::new(".")),
            &[path.to_path_buf()],
            max_article_bytes,
            pages,
            sink,
        ),
    }
}

/// What a file that is neither a regular file nor a folder is, in words; `None` for those two.
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() || t.is_dir() {
        None
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a file")
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|e| Error::io("reading", path, e))
}

/// Bytes `path` holds (a folder: its article files), for progress.
pub fn input_size(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|es| {
                es.filter_map(|e| e.ok())
                    .filter_map(|e| e.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }
}
