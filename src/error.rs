//! The library's error type: every failure a user can meet, with a message that says what to do.

use std::path::PathBuf;

/// Everything that can go wrong outside a single command's input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A configuration value is missing or malformed.
    #[error("configuration: {0}")]
    Config(ConfigProblem),
    /// A file or folder could not be read or written.
    #[error("{action} {path}: {source}{}", advice_suffix(.source))]
    Io {
        /// What was being done, e.g. "reading".
        action: &'static str,
        /// Which file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A data file treatybot reads (the gazetteer) or a record it writes (the ingest journal)
    /// is malformed, as data: `crate::present` words it in the reader's language.
    #[error("{path}: {problem}")]
    Data {
        /// Which file.
        path: PathBuf,
        /// What is wrong with it.
        problem: DataProblem,
    },
    /// An input the operator named (a path, a collection, the articles folder) that cannot be
    /// used, for a reason of ours, as data: `crate::present` words it in the reader's language.
    #[error("{path}: {problem}")]
    Input {
        /// Which file or folder.
        path: PathBuf,
        /// Why it cannot be used.
        problem: InputProblem,
    },
    /// An ingest stopped before it finished; batches committed before it stay.
    #[error("ingest stopped: {0}. Batches committed before this stay in the index; run the same ingest again to add the rest")]
    Interrupted(Interruption),
    /// The search index could not be built, opened or read for a reason that is not damage to
    /// its files (a lock held by another writer, permission denied, a full disk): rebuilding
    /// would not help, so the message says what would.
    #[error("search index at {path}: {problem}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What went wrong, as data (its English `Display` says what to do about it).
        problem: IndexProblem,
    },
    /// Another process holds a lock this one needs: another writer of the data directory, or
    /// another `serve` of it. The holder (pid, command line, since when) is for the host's
    /// terminal and log only; a front end facing other people says the list is busy instead.
    #[error("{path}: {what} ({holder}). {advice}")]
    Busy {
        /// The data directory.
        path: PathBuf,
        /// What the other process is doing there.
        what: Holding,
        /// Who holds it, as its lock file says.
        holder: String,
        /// What to do.
        advice: &'static str,
    },
    /// The search index's files are damaged (corrupt, torn, missing, or not readable by this
    /// version): the one case a rebuild from the seeds and the journal mends, and treatybot does
    /// that on its own when it meets it.
    #[error("search index at {path} is damaged ({message}); it is rebuilt from the seeds and the ingested articles (`treatybot index` does it now)")]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What is damaged.
        message: String,
    },
    /// The disk holding the index filled up while the index was written. Nothing is damaged: a
    /// build that meets this removes its own folder and leaves the index in place as it was, an
    /// ingest keeps the batches it committed; room on the disk is the fix, never a rebuild.
    #[error("{}", disk_full_message(.folder, .what, *.needed, *.available))]
    DiskFull {
        /// The folder on the full disk that was being written.
        folder: PathBuf,
        /// What was being written, e.g. "building a new index".
        what: String,
        /// Bytes the index needs, when it can be told (the size of the index a build replaces).
        needed: Option<u64>,
        /// Bytes left free on that disk, when they can be read.
        available: Option<u64>,
    },
    /// The index was damaged and rebuilding it failed as well.
    #[error("search index at {path} is damaged ({damage}) and could not be rebuilt: {source}")]
    RebuildFailed {
        /// The index folder.
        path: PathBuf,
        /// What was damaged.
        damage: String,
        /// Why the rebuild failed.
        #[source]
        source: Box<Error>,
    },
}

/// Why a file or folder the operator named cannot be used (the English is the log's; the reader
/// reads `crate::present::input_problem`). A parser's own words are kept as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputProblem {
    /// The path names nothing.
    #[error("no such file or folder")]
    NotFound,
    /// A device, FIFO or socket (its kind in English, for the log).
    #[error("is {0}, not a regular file: treatybot reads only regular files and folders")]
    NotRegular(&'static str),
    /// A file of no format treatybot reads.
    #[error(
        "not a collection treatybot reads: give a folder of .txt/.md/.html files, a .csv/.tsv \
         file with a header row, a .jsonl file, or a saved web page (.html)"
    )]
    NotACollection,
    /// The articles folder (`seeds_dir`) holds no article file.
    #[error("no article files (*.txt, *.md) found; set seeds_dir to the folder of articles")]
    NoSeeds,
    /// A folder given to ingest holds no article file.
    #[error("no article files (*.txt, *.md, *.html) in this folder")]
    NoArticles,
    /// A column named with `--…-column` is not in the header.
    #[error("no column \"{column}\" for the {field}; the columns are: {}", .columns.join(", "))]
    NoColumn {
        /// The column asked for.
        column: String,
        /// What it was to hold: id, title, date, url, outlet, text.
        field: &'static str,
        /// The header's columns.
        columns: Vec<String>,
    },
    /// No column holds the text under any usual name.
    #[error("no text column found; name it with --text-column (the columns are: {})", .columns.join(", "))]
    NoTextColumn {
        /// The header's columns.
        columns: Vec<String>,
    },
    /// A UTF-16 file too large to decode whole.
    #[error("is UTF-16 and over {mb} MB, too large to decode; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and ingest that")]
    Utf16TooLarge {
        /// The limit in MB.
        mb: u64,
    },
    /// A UTF-16 byte-order mark over bytes that are not UTF-16.
    #[error("starts with a UTF-16 byte-order mark but is not valid UTF-16; convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and ingest that")]
    Utf16Invalid,
    /// A CSV header row never closed within the record cap.
    #[error("the header row is still open after {cap} bytes (4 × ingest.max_article_bytes + 64 KB): a quote that is never closed, or not CSV at all; the rest of the file is not read")]
    HeaderOpen {
        /// The cap in bytes.
        cap: u64,
    },
    /// A CSV header row the CSV reader refused (its words).
    #[error("the header row cannot be read: {0}")]
    HeaderUnreadable(String),
    /// A metadata file too large to be one.
    #[error(
        "is over {mb} MB; a metadata file lists titles, outlets and dates, so this is not one"
    )]
    MetadataTooLarge {
        /// The limit in MB.
        mb: u64,
    },
    /// A metadata file that is not TOML of the expected shape: where, and the parser's words.
    #[error("{0}")]
    MetadataSyntax(TomlSyntax),
    /// An article's date in a metadata file that is no date.
    #[error("article {file}: date \"{date}\" is not YYYY, YYYY-MM or YYYY-MM-DD")]
    MetadataDate {
        /// The article's file.
        file: String,
        /// The date as written.
        date: String,
    },
    /// An article's `date_basis` that is neither "printed" nor "inferred".
    #[error("article {file}: date_basis must be \"printed\" or \"inferred\", not \"{basis}\"")]
    MetadataDateBasis {
        /// The article's file.
        file: String,
        /// The basis as written.
        basis: String,
    },
    /// An article listed twice in a metadata file.
    #[error("article {file} is listed twice")]
    MetadataTwice {
        /// The article's file.
        file: String,
    },
    /// A metadata file that is not UTF-8: the bytes before the first that is not.
    #[error("is not UTF-8 text (the first {valid_up_to} bytes are); save it as UTF-8")]
    MetadataNotUtf8 {
        /// How many bytes from the start are UTF-8.
        valid_up_to: usize,
    },
}

/// What is wrong with a data file or record, as data (the English is the log's; the reader
/// reads `crate::present::data_problem`). A library's own words are kept for English output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataProblem {
    /// The file is not TOML of the expected shape.
    #[error("{0}")]
    Syntax(TomlSyntax),
    /// A place whose `part_of` names no place in the file.
    #[error("place \"{place}\": part_of \"{parent}\" is not a place in the file")]
    UnknownParent {
        /// The place.
        place: String,
        /// The name its `part_of` gives.
        parent: String,
    },
    /// The places' names make no pattern to find them by (the regex crate's words): far too
    /// many or too long names.
    #[error("the place names cannot be searched for ({0}); give fewer or shorter names")]
    Names(String),
    /// A record could not be encoded as JSON (the encoder's words): a fault of treatybot's,
    /// not of the data.
    #[error("a record could not be encoded as JSON ({0})")]
    Encode(String),
}

/// Where a TOML file stops being TOML of the expected shape: its line and column (from 1), when
/// the parser tells them, and the parser's own words (English, shown in English and logged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlSyntax {
    /// The line, from 1.
    pub line: Option<usize>,
    /// The column, in characters from 1.
    pub column: Option<usize>,
    /// The parser's message.
    pub detail: String,
}

impl TomlSyntax {
    /// The position and message of `e`, a parse of `text`.
    pub fn new(text: &str, e: &toml::de::Error) -> TomlSyntax {
        let (line, column) = match e.span() {
            Some(span) => {
                // A byte offset; the column counts characters, as an editor does.
                let mut start = span.start.min(text.len());
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let before = &text[..start];
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                (
                    Some(before.matches('\n').count() + 1),
                    Some(before[line_start..].chars().count() + 1),
                )
            }
            None => (None, None),
        };
        TomlSyntax {
            line,
            column,
            // One line: the parser puts what it expected on a line of its own.
            detail: e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(": "),
        }
    }
}

impl std::fmt::Display for TomlSyntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "TOML error at line {l}, column {c}: {}", self.detail),
            _ => write!(f, "TOML error: {}", self.detail),
        }
    }
}

/// Why an ingest or a removal stopped before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Interruption {
    /// The tests' simulated failure after this many articles, before their batch was committed.
    #[error("simulated failure after {0} articles, before their batch was committed")]
    SimulatedAfter(usize),
    /// The tests' simulated failure before a removal was committed.
    #[error("simulated failure before the removal was committed")]
    SimulatedRemoval,
}

/// What went wrong with the index that is not damage, as data: `crate::present` words it in the
/// reader's language. tantivy's and the system's own words are kept as they are, for English
/// output and the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexProblem {
    /// The folder cannot be opened (the system's words).
    #[error("cannot open the index folder ({0})")]
    CannotOpen(String),
    /// Another process holds tantivy's own writer lock.
    #[error("another treatybot process is writing to it (an ingest or a rebuild); wait for it to finish")]
    Locked,
    /// tantivy failed, `during` a step when one is named: with an I/O error of `io`'s kind, or
    /// for a reason of its own.
    #[error("{}", failed_text(.during.as_deref(), .detail, *.io))]
    Failed {
        /// What was being done ("checking checksums"), in English, for the log.
        during: Option<String>,
        /// tantivy's words.
        detail: String,
        /// The I/O error's kind, when it was one.
        io: Option<std::io::ErrorKind>,
    },
    /// tantivy's writer failed (a panic on our thread or its own): nothing of it was committed.
    #[error("tantivy's index writer failed while {during}{thread} ({cause}). Nothing of it was committed: the index keeps its last whole commit. `treatybot check` tells whether one of its files is damaged")]
    WriterFailed {
        /// What the writer was doing, in English.
        during: String,
        /// " on its thread NAME" for one of tantivy's threads, else empty.
        thread: String,
        /// The panic's message.
        cause: String,
    },
    /// A commit of this writer failed before, so it may not commit again.
    #[error("an earlier commit failed; reopen the index")]
    EarlierCommitFailed,
    /// What was to be stored could not be encoded (the encoder's words).
    #[error("what was to be stored could not be encoded ({0})")]
    Encode(String),
}

/// [`IndexProblem::Failed`] in English: tantivy's words, then what to do.
fn failed_text(during: Option<&str>, detail: &str, io: Option<std::io::ErrorKind>) -> String {
    let advice = match io {
        Some(kind) => {
            io_advice(kind).unwrap_or("Check the disk, and that the folder can be read and written")
        }
        // Not the system and not known damage: tantivy's own trouble, which a fresh index is
        // the likeliest way out of.
        None => "If this happens again, run `treatybot index` to rebuild it",
    };
    match during {
        Some(d) => format!("{d}: {detail}. {advice}"),
        None => format!("{detail}. {advice}"),
    }
}

/// What the process holding a lock of the data directory is doing there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Holding {
    /// Another writer (an ingest, a removal, a rebuild).
    #[error("another treatybot is writing to it")]
    Writing,
    /// Another `serve` of the same data directory.
    #[error("another treatybot serve is already running on this data directory")]
    Serving,
}

/// What is wrong with the settings, as data: `crate::present` words it for the operator.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigProblem {
    /// A `--config` file that is not there.
    #[error("the config file {} does not exist", .0.display())]
    NoFile(PathBuf),
    /// The settings could not be read, for a reason the configuration library words alone.
    #[error("{0}")]
    Unreadable(String),
    /// A setting's value is not of the kind it takes (a word for a number, a number for a
    /// table); `detail` is the configuration library's words, which name the value.
    #[error("{detail}")]
    WrongType {
        /// The setting, e.g. "answers.max_citations".
        key: String,
        /// The library's words.
        detail: String,
    },
    /// A setting's value of the right kind that cannot be used (an address that is not one);
    /// `detail` is the words of treatybot's reader of that setting, in English.
    #[error("{detail} for key `{key}`")]
    BadValue {
        /// The setting.
        key: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A settings file that is not TOML.
    #[error("{file}: {at}")]
    Syntax {
        /// The file as named.
        file: String,
        /// Where it stops being TOML.
        at: TomlSyntax,
    },
    /// A number outside its range.
    #[error("{key}: must be between {min} and {max}")]
    OutOfRange {
        /// The setting.
        key: &'static str,
        /// The least it may be.
        min: u64,
        /// The most it may be.
        max: u64,
    },
    /// A path that must be given.
    #[error("{0}: must not be empty")]
    Empty(&'static str),
    /// `database.url` is not a usable PostgreSQL URL.
    #[error("database.url: {0}")]
    DatabaseUrl(crate::quiz::store::PgUrlError),
    /// Shards and the HTTP endpoint together.
    #[error("discord.shards: shards belong to the gateway, and discord.http_listen serves the HTTP endpoint instead of connecting to it: set one of the two")]
    ShardsWithEndpoint,
    /// A public key that is not one.
    #[error("discord.public_key: is not a valid Ed25519 public key")]
    BadPublicKey,
    /// The HTTP endpoint without the key to check signatures.
    #[error("discord.public_key: must be set when discord.http_listen is: the application's public key, from the developer portal (General Information)")]
    PublicKeyNeeded,
    /// A proxy that is not an http(s) URL.
    #[error("discord.http_proxy: must be a URL starting with http:// or https://, or empty")]
    BadProxy,
}

impl Error {
    /// Shorthand for an I/O error on a path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// What to do about an I/O failure of this kind, when there is something better to say than
/// the system's own words. Neither a lock nor a permission is mended by a rebuild, so no advice
/// here suggests one.
pub fn io_advice(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::PermissionDenied => {
            "Give the user running treatybot read and write access to it, or set data_dir \
             (TREATYBOT__DATA_DIR) to a folder it may use"
        }
        K::StorageFull | K::QuotaExceeded => "The disk is full: free some space, then try again",
        K::ReadOnlyFilesystem => {
            "The file system is read-only: set data_dir (TREATYBOT__DATA_DIR) to a writable folder"
        }
        _ => return None,
    })
}

/// Whether `e` is the disk (or the user's quota) running out of space, whichever layer said it.
pub fn is_disk_full(e: &Error) -> bool {
    match e {
        Error::DiskFull { .. } => true,
        Error::Io { source, .. } => is_full_kind(source.kind()),
        _ => false,
    }
}

/// The error kinds of a full disk: ENOSPC, and EDQUOT (a quota is a full disk for this user).
pub fn is_full_kind(kind: std::io::ErrorKind) -> bool {
    matches!(
        kind,
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// Bytes as a person reads them: "3.2 MB", "640 kB".
pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.1} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n => format!("{} kB", n.div_ceil(1000)),
    }
}

fn disk_full_message(
    folder: &std::path::Path,
    what: &str,
    needed: Option<u64>,
    available: Option<u64>,
) -> String {
    let room = match (needed, available) {
        (Some(n), Some(a)) => format!(
            " It needs about {} (the size of the index in place, which stays until the new one \
             is whole); {} is free.",
            human_bytes(n),
            human_bytes(a)
        ),
        (Some(n), None) => format!(
            " It needs about {} (the size of the index in place).",
            human_bytes(n)
        ),
        (None, Some(a)) => format!(" {} is free.", human_bytes(a)),
        (None, None) => String::new(),
    };
    format!(
        "{}: the disk is full, so {what} stopped.{room} Nothing is damaged: the index keeps \
         its last whole commit. Free some space on that disk (or set data_dir, \
         TREATYBOT__DATA_DIR, to a folder on a disk with room), then try again",
        folder.display()
    )
}

/// `. advice` for an I/O error whose kind has some, else nothing.
fn advice_suffix(e: &std::io::Error) -> String {
    io_advice(e.kind())
        .map(|a| format!(". {a}"))
        .unwrap_or_default()
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_error_is_placed_by_line_and_column_in_characters() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Place {
            name: String,
        }
        let text = "name = \"Остров\"\nnames = [\"Ostrov\"\n";
        let e = toml::from_str::<Place>(text).unwrap_err();
        let at = TomlSyntax::new(text, &e);
        assert_eq!(at.line, Some(3), "{at}");
        assert_eq!(at.column, Some(1), "{at}");
        assert!(!at.detail.is_empty());
        // Something after Cyrillic on its line: the column counts characters, not bytes.
        let text = "name = \"Остров\" 5\n";
        let e = toml::from_str::<Place>(text).unwrap_err();
        let at = TomlSyntax::new(text, &e);
        assert_eq!((at.line, at.column), (Some(1), Some(17)), "{at}");
        // A value of the wrong kind, on the line after Cyrillic.
        let text = "# Остров\nname = 5\n";
        let e = toml::from_str::<Place>(text).unwrap_err();
        assert_eq!(TomlSyntax::new(text, &e).column, Some(8));
    }

    #[test]
    fn io_errors_say_what_to_fix_when_there_is_something_to_say() {
        let denied = Error::io(
            "reading",
            "/srv/data/ingested.jsonl",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        )
        .to_string();
        assert!(
            denied.starts_with("reading /srv/data/ingested.jsonl: "),
            "{denied}"
        );
        assert!(denied.contains("read and write access"), "{denied}");
        let full = Error::io(
            "writing",
            "/srv/data/index/meta.json",
            std::io::Error::from(std::io::ErrorKind::StorageFull),
        )
        .to_string();
        assert!(full.contains("disk is full"), "{full}");
        for text in [denied, full] {
            assert!(!text.contains("treatybot index"), "{text}");
        }
        let other = Error::io("reading", "x", std::io::Error::other("odd")).to_string();
        assert_eq!(other, "reading x: odd");
    }
}
