//! Why an ingest skipped a record or a file, or took one with a caveat, as data: the command
//! line words it for its reader (`crate::present::row_problem`); the English here is for logs
//! and the `--json` report, where each reason is its English text.

use crate::corpus::html::HtmlError;
use crate::ingest::fetch::FetchError;

/// What was wrong with a record, a file or a link of an ingest.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RowProblem {
    /// A CSV record has another number of fields than the header.
    #[error("has {fields} fields where the header has {header}")]
    FieldCount {
        /// Fields in the record.
        fields: usize,
        /// Fields in the header.
        header: usize,
    },
    /// A CSV record is still open after the cap: the rest of the file is not read.
    #[error("the record is still open after {cap} bytes (4 × ingest.max_article_bytes + 64 KB): a quote that is never closed, or not CSV at all; the rest of the file is not read")]
    RecordOpen {
        /// The cap, in bytes.
        cap: u64,
    },
    /// The CSV reader refused the record (its words).
    #[error("cannot be read as CSV ({0})")]
    NotCsv(String),
    /// A JSON line longer than a line may be, skipped unread.
    #[error("the line is {len} bytes, over the {cap} a JSON line may hold (6 × ingest.max_article_bytes + 1 MB); skipped unread")]
    LineTooLong {
        /// The line's length in bytes.
        len: u64,
        /// The most a line may hold.
        cap: u64,
    },
    /// A JSON line that is not an object.
    #[error("is not a JSON object")]
    NotObject,
    /// A JSON line that does not parse (the parser's words).
    #[error("is not valid JSON ({0})")]
    NotJson(String),
    /// A JSON object's keys name no column treatybot can use (why, as the column finder says).
    #[error("{0}")]
    Columns(String),
    /// A field that must be text is not.
    #[error("the \"{key}\" value is {kind}, not a string; skipped")]
    NotString {
        /// The key.
        key: String,
        /// What it is instead, as JSON names it ("a number", "an array").
        kind: &'static str,
    },
    /// The text field is missing.
    #[error("has no \"{key}\" value; skipped")]
    NoValue {
        /// The key.
        key: String,
    },
    /// A link to a file that is not there.
    #[error("cannot be read: it is a link to something that does not exist")]
    BrokenLink,
    /// The file could not be read (the system's words).
    #[error("cannot be read ({0})")]
    Unreadable(String),
    /// A folder where an article file was expected.
    #[error("is a folder, not an article file; skipped")]
    Folder,
    /// A device, socket or pipe.
    #[error("is {0}, not a regular file; treatybot reads only regular files")]
    NotRegular(&'static str),
    /// A file over the size limit; `size` is unknown when the system gave none.
    #[error("the file is {} bytes, over the limit of {limit} (ingest.max_article_bytes); skipped", match .size { Some(n) => n.to_string(), None => format!("more than {read}") })]
    FileTooLarge {
        /// Its size, when known.
        size: Option<u64>,
        /// How much was read before giving up.
        read: u64,
        /// The limit.
        limit: usize,
    },
    /// A UTF-16 byte-order mark on text that is not UTF-16.
    #[error("starts with a UTF-16 byte-order mark but is not valid UTF-16; convert it to UTF-8")]
    BadUtf16,
    /// A saved or fetched page gave no article.
    #[error("{0}")]
    Page(HtmlError),
    /// A link was not fetched.
    #[error("{0}")]
    Fetch(FetchError),
    /// The text is over the article size limit.
    #[error("the text is {bytes} bytes, over the limit of {limit} (ingest.max_article_bytes)")]
    TextTooLong {
        /// The text's length.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// No text at all.
    #[error("the text is empty")]
    EmptyText,
    /// A link that is not a web address, dropped (a caveat).
    #[error("link \"{0}\" is not an http:// or https:// address; kept without a link")]
    NotWebLink(String),
    /// A date that could not be read, dropped (a caveat).
    #[error("date \"{0}\" not understood; kept undated")]
    DateNotUnderstood(String),
    /// Nothing but page furniture in the text.
    #[error("no prose left after cleaning")]
    NoProse,
    /// An id given again later in the same input: the later record was taken.
    #[error("the id \"{0}\" comes again later in this input, and the later record was taken; give each article its own id (or --id-prefix)")]
    IdAgain(String),
    /// A new version of a seed, which an ingest may not replace.
    #[error("the id \"{0}\" is a seed article; edit the seeds folder instead (or give this collection its own ids with --id-prefix)")]
    SeedId(String),
}

impl serde::Serialize for RowProblem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
