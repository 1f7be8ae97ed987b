//! Reading article collections: CSV with a header row, JSON Lines, and folders (or single files)
//! of `.txt`/`.md` articles with an optional `metadata.toml`. Each yields [`Incoming`] articles,
//! or a [`BadRow`] naming the file and line of a record that cannot be read.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::repair::decode_cp1252;
use super::RowProblem;
use crate::corpus::html::ReadLimits;
use crate::corpus::metadata;
use crate::error::{Error, InputProblem, Result};

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

/// Largest UTF-16 collection decoded (in memory, as UTF-8); a larger one is refused with how
/// to convert it.
const MAX_UTF16_FILE_BYTES: u64 = 1 << 30;

/// Which column (CSV) or key (JSON Lines) holds each field. `None`: detect from the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// The article's id.
    pub id: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// Link to the original.
    pub url: Option<String>,
    /// Publisher (derived from the link's host when there is no such column).
    pub outlet: Option<String>,
    /// The text (required).
    pub text: Option<String>,
}

/// Names each field goes by in collections seen in the wild, most specific first.
const FIELD_NAMES: [(&str, &[&str]); 6] = [
    (
        "id",
        &[
            "id",
            "article_id",
            "doc_id",
            "document_id",
            "guid",
            "uid",
            "key",
        ],
    ),
    ("title", &["title", "headline", "heading", "name"]),
    (
        "date",
        &[
            "date",
            "publish_date",
            "published",
            "published_at",
            "publication_date",
            "pub_date",
            "pubdate",
            "datetime",
            "timestamp",
            "created_at",
        ],
    ),
    (
        "url",
        &[
            "url",
            "link",
            "article_source_link",
            "source_link",
            "source_url",
            "article_url",
            "href",
        ],
    ),
    (
        "outlet",
        &[
            "outlet",
            "publisher",
            "publication",
            "source",
            "source_name",
            "site",
            "site_name",
            "newspaper",
            "media",
        ],
    ),
    (
        "text",
        &[
            "text",
            "body",
            "content",
            "article",
            "article_text",
            "full_text",
            "fulltext",
            "story",
            "maintext",
        ],
    ),
];

/// Field → position in a record, resolved once per file.
#[derive(Debug, Clone, Default)]
struct Resolved {
    id: Option<usize>,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    outlet: Option<usize>,
    text: usize,
}

fn fold(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-', '.'], "_")
}

impl Columns {
    fn chosen(&self, field: &str) -> Option<&str> {
        match field {
            "id" => self.id.as_deref(),
            "title" => self.title.as_deref(),
            "date" => self.date.as_deref(),
            "url" => self.url.as_deref(),
            "outlet" => self.outlet.as_deref(),
            _ => self.text.as_deref(),
        }
        .filter(|c| !c.trim().is_empty())
    }

    /// Maps the header's names to fields: a column named by flag or configuration must exist;
    /// otherwise the first header name among the field's usual names is taken.
    fn resolve(&self, header: &[String], file: &str) -> Result<Resolved> {
        let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
        let mut found: HashMap<&str, Option<usize>> = HashMap::new();
        for (field, names) in FIELD_NAMES {
            let pos =
                match self.chosen(field) {
                    Some(c) => {
                        Some(folded.iter().position(|h| *h == fold(c)).ok_or_else(|| {
                            Error::Input {
                                path: PathBuf::from(file),
                                problem: InputProblem::NoColumn {
                                    column: c.to_string(),
                                    field,
                                    columns: header.to_vec(),
                                },
                            }
                        })?)
                    }
                    None => names
                        .iter()
                        .find_map(|n| folded.iter().position(|h| h == n)),
                };
            found.insert(field, pos);
        }
        let text = found["text"].ok_or_else(|| Error::Input {
            path: PathBuf::from(file),
            problem: InputProblem::NoTextColumn {
                columns: header.to_vec(),
            },
        })?;
        Ok(Resolved {
            id: found["id"],
            title: found["title"],
            date: found["date"],
            url: found["url"],
            outlet: found["outlet"],
            text,
        })
    }
}

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

/// Opens a collection file as UTF-8: a UTF-8 byte-order mark is skipped, and a UTF-16 file
/// (mark `FF FE` or `FE FF`) is decoded whole, so its columns are read as written.
fn open_text(path: &Path) -> Result<Box<dyn BufRead>> {
    let mut reader = BufReader::with_capacity(1 << 20, open(path)?);
    let head = reader
        .fill_buf()
        .map_err(|e| Error::io("reading", path, e))?;
    let big_endian = match head {
        [0xFF, 0xFE, ..] => false,
        [0xFE, 0xFF, ..] => true,
        [0xEF, 0xBB, 0xBF, ..] => {
            reader.consume(3);
            return Ok(Box::new(reader));
        }
        _ => return Ok(Box::new(reader)),
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_UTF16_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("reading", path, e))?;
    let refuse = |problem: InputProblem| Error::Input {
        path: path.to_path_buf(),
        problem,
    };
    if bytes.len() as u64 > MAX_UTF16_FILE_BYTES {
        return Err(refuse(InputProblem::Utf16TooLarge {
            mb: MAX_UTF16_FILE_BYTES >> 20,
        }));
    }
    let text =
        decode_utf16(&bytes, big_endian).ok_or_else(|| refuse(InputProblem::Utf16Invalid))?;
    Ok(Box::new(std::io::Cursor::new(text.into_bytes())))
}

/// UTF-16 bytes (byte-order mark first) as text; `None` when they are not valid UTF-16.
fn decode_utf16(bytes: &[u8], big_endian: bool) -> Option<String> {
    let body = bytes.get(2..)?;
    if body.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        })
        .collect();
    String::from_utf16(&units).ok()
}

/// A reader that turns each CRLF into LF, so the CSV reader counts a CRLF file's lines as it
/// counts any other's (it would otherwise report a record's line one too low).
struct CrlfToLf<R> {
    inner: R,
    /// A `\r` ended the last chunk; whether it is a line break depends on the next byte.
    held_cr: bool,
}

impl<R: BufRead> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                if std::mem::take(&mut self.held_cr) {
                    out[0] = b'\r';
                    return Ok(1);
                }
                return Ok(0);
            }
            let mut written = 0;
            let mut i = 0;
            if std::mem::take(&mut self.held_cr) && buf[0] != b'\n' {
                out[0] = b'\r';
                written = 1;
            }
            while i < buf.len() && written < out.len() {
                let b = buf[i];
                i += 1;
                if b == b'\r' {
                    match buf.get(i) {
                        Some(b'\n') => continue,
                        Some(_) => {}
                        None => {
                            self.held_cr = true;
                            break;
                        }
                    }
                }
                out[written] = b;
                written += 1;
            }
            self.inner.consume(i);
            if written > 0 {
                return Ok(written);
            }
        }
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

/// Text of a field: UTF-8 as it is, anything else read as Windows-1252.
fn field_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => decode_cp1252(bytes),
    }
}

/// Longest CSV record read, for articles of at most `max_article_bytes`: room for the text in
/// any encoding and the other fields. A record still open past it (a quote never closed, a
/// file of zeros) is not buffered further.
fn max_csv_record_bytes(max_article_bytes: usize) -> u64 {
    (max_article_bytes as u64)
        .saturating_mul(4)
        .saturating_add(64 << 10)
}

/// A reader that fails once more than `cap` bytes are read since the caller last reset `used`
/// (after each record), so the CSV reader never holds an endless record in memory.
struct Capped<R> {
    inner: R,
    used: std::rc::Rc<std::cell::Cell<u64>>,
    cap: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.used.get() > self.cap {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "record too long",
            ));
        }
        let n = self.inner.read(out)?;
        self.used.set(self.used.get() + n as u64);
        Ok(n)
    }
}

fn read_csv(
    path: &Path,
    delimiter: u8,
    columns: &Columns,
    max_article_bytes: usize,
    sink: &mut Sink,
) -> Result<()> {
    let file = file_name(path);
    let used = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let cap = max_csv_record_bytes(max_article_bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(Capped {
            inner: CrlfToLf {
                inner: open_text(path)?,
                held_cr: false,
            },
            used: used.clone(),
            cap,
        });
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|e| {
            let input = |problem| Error::Input {
                path: path.to_path_buf(),
                problem,
            };
            if used.get() > cap {
                return input(InputProblem::HeaderOpen { cap });
            }
            // Headers are read as bytes, so what fails is the file's reading: the system's
            // error, worded by its kind like any other.
            let words = e.to_string();
            match e.into_kind() {
                csv::ErrorKind::Io(io) => Error::io("reading", path, io),
                _ => input(InputProblem::HeaderUnreadable(words)),
            }
        })?
        .iter()
        .map(field_text)
        .collect();
    let at = columns.resolve(&header, &file)?;
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() as usize;
        used.set(0);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() as usize);
                let done = reader.position().byte();
                let get = |i: Option<usize>| -> String {
                    i.and_then(|i| record.get(i))
                        .map(field_text)
                        .unwrap_or_default()
                };
                let item = if record.len() != header.len() {
                    Err(BadRow {
                        file: file.clone(),
                        line,
                        reason: RowProblem::FieldCount {
                            fields: record.len(),
                            header: header.len(),
                        },
                    })
                } else {
                    Ok(Incoming {
                        id: get(at.id),
                        title: get(at.title),
                        date: get(at.date),
                        url: get(at.url),
                        outlet: get(at.outlet),
                        text: get(Some(at.text)),
                        file: file.clone(),
                        line,
                        ..Incoming::default()
                    })
                };
                sink(item, done)?;
            }
            Err(_) if used.get() > cap => {
                let done = reader.position().byte();
                sink(
                    Err(BadRow {
                        file: file.clone(),
                        line,
                        reason: RowProblem::RecordOpen { cap },
                    }),
                    done,
                )?;
                return Ok(());
            }
            Err(e) => {
                let done = reader.position().byte();
                let line = e.position().map_or(line, |p| p.line() as usize);
                sink(
                    Err(BadRow {
                        file: file.clone(),
                        line,
                        reason: RowProblem::NotCsv(e.to_string()),
                    }),
                    done,
                )?;
                // The file itself failed to read: the system's error, worded by its kind.
                if let csv::ErrorKind::Io(io) = e.into_kind() {
                    return Err(Error::io("reading", path, io));
                }
            }
        }
    }
    Ok(())
}

/// Longest JSON line read, for articles of at most `max_article_bytes`: room for every character
/// written as a `\\u` escape and for the other fields.
fn max_json_line_bytes(max_article_bytes: usize) -> usize {
    max_article_bytes.saturating_mul(6).saturating_add(1 << 20)
}

/// What kind of JSON value `v` is, in words.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn read_jsonl(
    path: &Path,
    columns: &Columns,
    max_article_bytes: usize,
    sink: &mut Sink,
) -> Result<()> {
    let file = file_name(path);
    let mut reader = open_text(path)?;
    let cap = max_json_line_bytes(max_article_bytes);
    let mut done = 0u64;
    let mut line = 0usize;
    let mut at: Option<(Vec<String>, Resolved)> = None;
    while let Some(read) =
        crate::lines::read_line(&mut reader, cap).map_err(|e| Error::io("reading", path, e))?
    {
        line += 1;
        let bad = |reason: RowProblem| BadRow {
            file: file.clone(),
            line,
            reason,
        };
        let bytes = match read {
            crate::lines::Line::Bytes(b) => b,
            crate::lines::Line::TooLong(len) => {
                done += len + 1;
                sink(
                    Err(bad(RowProblem::LineTooLong {
                        len,
                        cap: cap as u64,
                    })),
                    done,
                )?;
                continue;
            }
        };
        done += bytes.len() as u64 + 1;
        let text = field_text(&bytes);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                sink(Err(bad(RowProblem::NotObject)), done)?;
                continue;
            }
            Err(e) => {
                sink(Err(bad(RowProblem::NotJson(e.to_string()))), done)?;
                continue;
            }
        };
        // Keys are resolved against the first object's keys, and again whenever they change.
        let keys: Vec<String> = object.keys().cloned().collect();
        if at.as_ref().is_none_or(|(k, _)| *k != keys) {
            match columns.resolve(&keys, &file) {
                Ok(r) => at = Some((keys.clone(), r)),
                Err(e) => {
                    sink(Err(bad(RowProblem::Columns(e.to_string()))), done)?;
                    continue;
                }
            }
        }
        let (_, r) = at.as_ref().expect("resolved above");
        // A field is a string; an id may also be a number; a missing or null field (but the
        // text) is empty. Anything else is not what the row claims to be, so the row is refused
        // rather than indexing `{"a":1}` as words.
        let get = |i: Option<usize>, numbers: bool| -> std::result::Result<String, RowProblem> {
            let Some(key) = i.map(|i| &keys[i]) else {
                return Ok(String::new());
            };
            match object.get(key) {
                Some(serde_json::Value::String(s)) => Ok(s.clone()),
                None | Some(serde_json::Value::Null) if Some(key) != keys.get(r.text) => {
                    Ok(String::new())
                }
                Some(serde_json::Value::Number(n)) if numbers => Ok(n.to_string()),
                Some(v) => Err(RowProblem::NotString {
                    key: key.clone(),
                    kind: json_kind(v),
                }),
                None => Err(RowProblem::NoValue { key: key.clone() }),
            }
        };
        let fields = (|| {
            Ok::<_, RowProblem>(Incoming {
                id: get(r.id, true)?,
                title: get(r.title, false)?,
                date: get(r.date, false)?,
                url: get(r.url, false)?,
                outlet: get(r.outlet, false)?,
                text: get(Some(r.text), false)?,
                file: file.clone(),
                line,
                ..Incoming::default()
            })
        })();
        sink(fields.map_err(bad), done)?;
    }
    Ok(())
}

fn read_folder(
    dir: &Path,
    max_article_bytes: usize,
    pages: &ReadLimits,
    sink: &mut Sink,
) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("reading the folder", dir, e))?;
    // Every entry named like an article is taken, even one that turns out not to be a readable
    // file (a broken link, a folder, a device): it is reported, not silently passed over.
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x.to_lowercase().as_str(), "txt" | "md" | "html" | "htm"))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Input {
            path: dir.to_path_buf(),
            problem: InputProblem::NoArticles,
        });
    }
    read_text_files(dir, &paths, max_article_bytes, pages, sink)
}

/// The bytes of one article file, read through a cap of `times` × `max_article_bytes` so a huge
/// or endless file is never read whole, or why it cannot be used.
fn read_capped(
    path: &Path,
    max_article_bytes: usize,
    times: u64,
) -> std::result::Result<Vec<u8>, RowProblem> {
    let unreadable = |e: std::io::Error| RowProblem::Unreadable(e.to_string());
    let meta = std::fs::metadata(path).map_err(|e| match std::fs::symlink_metadata(path) {
        Ok(_) if e.kind() == std::io::ErrorKind::NotFound => RowProblem::BrokenLink,
        _ => unreadable(e),
    })?;
    if meta.is_dir() {
        return Err(RowProblem::Folder);
    }
    if let Some(kind) = special_kind(&meta) {
        return Err(RowProblem::NotRegular(kind));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let cap = (max_article_bytes as u64)
        .saturating_mul(times)
        .saturating_add(2);
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > cap {
        return Err(RowProblem::FileTooLarge {
            size: Some(meta.len()).filter(|n| *n > 0),
            read: cap,
            limit: max_article_bytes,
        });
    }
    Ok(bytes)
}

/// Whether a file is a saved web page.
fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| matches!(x.to_lowercase().as_str(), "html" | "htm"))
}

/// Markup takes several times the bytes of the text it holds.
const HTML_BYTES_PER_TEXT_BYTE: u64 = 4;

/// The article in a saved web page, as an incoming record (the folder's metadata, when it has
/// an entry for the file, overrides what the page says), or why there is none.
fn read_html_file(
    path: &Path,
    max_article_bytes: usize,
    pages: &ReadLimits,
) -> std::result::Result<crate::corpus::html::WebPage, RowProblem> {
    let bytes = read_capped(path, max_article_bytes, HTML_BYTES_PER_TEXT_BYTE)?;
    crate::corpus::html::read_page(&bytes, None, pages).map_err(RowProblem::Page)
}

/// The text of one article file, read through a cap of `max_article_bytes` (and decoded from
/// UTF-16 when it says it is), or why it cannot be used.
fn read_article_file(
    path: &Path,
    max_article_bytes: usize,
) -> std::result::Result<String, RowProblem> {
    // UTF-16 takes up to twice the bytes of the same text in UTF-8.
    let bytes = read_capped(path, max_article_bytes, 2)?;
    let text = match bytes.as_slice() {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => {
            decode_utf16(&bytes, bytes[0] == 0xFE).ok_or(RowProblem::BadUtf16)?
        }
        [0xEF, 0xBB, 0xBF, rest @ ..] => field_text(rest),
        _ => field_text(&bytes),
    };
    if text.len() > max_article_bytes {
        return Err(RowProblem::FileTooLarge {
            size: Some(text.len() as u64),
            read: text.len() as u64,
            limit: max_article_bytes,
        });
    }
    Ok(text)
}

fn read_text_files(
    dir: &Path,
    paths: &[PathBuf],
    max_article_bytes: usize,
    pages: &ReadLimits,
    sink: &mut Sink,
) -> Result<()> {
    let metas = metadata::load(dir)?;
    let mut done = 0u64;
    for p in paths {
        let file = file_name(p);
        if is_html(p) {
            let incoming = read_html_file(p, max_article_bytes, pages)
                .map(|page| page_incoming(&file, &file, page, metas.get(&file)));
            match incoming {
                Ok(i) => {
                    done += i.text.len() as u64;
                    sink(Ok(i), done)?;
                }
                Err(reason) => skip_file(sink, &p.display().to_string(), file, reason, done)?,
            }
            continue;
        }
        let text = match read_article_file(p, max_article_bytes) {
            Ok(t) => t,
            Err(reason) => {
                skip_file(sink, &p.display().to_string(), file, reason, done)?;
                continue;
            }
        };
        done += text.len() as u64;
        let meta = metas.get(&file);
        let incoming = Incoming {
            id: file.clone(),
            title: meta.map(|m| m.title.clone()).unwrap_or_default(),
            date: meta
                .and_then(|m| m.date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            url: meta.and_then(|m| m.url.clone()).unwrap_or_default(),
            outlet: meta.map(|m| m.outlet.clone()).unwrap_or_default(),
            text,
            file,
            line: 1,
            date_basis: meta.map(|m| m.date_basis.clone()),
            date_note: meta.and_then(|m| m.date_note.clone()),
            server: None,
            cut: None,
        };
        sink(Ok(incoming), done)?;
    }
    Ok(())
}

/// Reports a whole file (or link) as skipped, with why, and goes on.
fn skip_file(
    sink: &mut Sink,
    shown: &str,
    file: String,
    reason: RowProblem,
    done: u64,
) -> Result<()> {
    tracing::warn!(file = %shown, "{reason}");
    sink(
        Err(BadRow {
            file,
            line: WHOLE_FILE,
            reason,
        }),
        done,
    )
}

/// A web page as an incoming record: `id` names it (a file name, or the link it was fetched
/// from); a metadata entry for it, when there is one, overrides what the page says.
pub(crate) fn page_incoming(
    id: &str,
    file: &str,
    page: crate::corpus::html::WebPage,
    meta: Option<&crate::corpus::ArticleMeta>,
) -> Incoming {
    let pick = |from_meta: Option<String>, from_page: String| {
        from_meta.filter(|v| !v.is_empty()).unwrap_or(from_page)
    };
    Incoming {
        id: id.to_string(),
        title: pick(meta.map(|m| m.title.clone()), page.title),
        date: pick(
            meta.and_then(|m| m.date).map(|d| d.to_string()),
            page.date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        url: pick(
            meta.and_then(|m| m.url.clone()),
            page.url.unwrap_or_default(),
        ),
        outlet: pick(meta.map(|m| m.outlet.clone()), page.outlet),
        text: page.paragraphs.join("\n\n"),
        file: file.to_string(),
        line: 1,
        server: None,
        date_basis: meta
            .map(|m| m.date_basis.clone())
            .or(page.date.map(|_| "printed".to_string())),
        date_note: meta.and_then(|m| m.date_note.clone()),
        cut: page.cut,
    }
}

/// Fetches a link (see [`super::fetch`]) and hands on its article, or a refusal naming the link
/// and the reason as a bad row: nothing half-fetched is indexed. The article's id is the link
/// it was asked for, and its link the page's canonical one (else where the fetch ended).
pub fn read_link(
    link: &str,
    settings: &crate::config::FetchSettings,
    sink: &mut Sink,
) -> Result<()> {
    let link = link.trim();
    let fetched = super::fetch::fetch_blocking(link, settings).map_err(RowProblem::Fetch);
    let page = fetched.and_then(|f| {
        let limits = ReadLimits::from_settings(settings);
        crate::corpus::html::read_page(&f.bytes, Some(&f.url), &limits).map_err(RowProblem::Page)
    });
    match page {
        Ok(p) => {
            let done = p.paragraphs.iter().map(|x| x.len() as u64).sum();
            sink(Ok(page_incoming(link, link, p, None)), done)
        }
        Err(reason) => skip_file(sink, link, link.to_string(), reason, 0),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_detected_from_usual_names_and_chosen_ones_must_exist() {
        let header: Vec<String> = [
            "article_id",
            "publish_date",
            "article_source_link",
            "title",
            "subtitle",
            "text",
        ]
        .map(String::from)
        .to_vec();
        let r = Columns::default().resolve(&header, "x.csv").unwrap();
        assert_eq!(
            (r.id, r.date, r.url, r.title, r.outlet, r.text),
            (Some(0), Some(1), Some(2), Some(3), None, 5)
        );
        let chosen = Columns {
            text: Some("subtitle".into()),
            ..Columns::default()
        };
        assert_eq!(chosen.resolve(&header, "x.csv").unwrap().text, 4);
        let missing = Columns {
            outlet: Some("paper".into()),
            ..Columns::default()
        };
        let err = missing.resolve(&header, "x.csv").unwrap_err().to_string();
        assert!(
            err.contains("\"paper\"") && err.contains("article_source_link"),
            "{err}"
        );
        let none = Columns::default()
            .resolve(&["a".to_string(), "b".to_string()], "x.csv")
            .unwrap_err()
            .to_string();
        assert!(none.contains("--text-column"), "{none}");
    }
}
