//! The library's error type: every failure a user can meet, with a message that says what to do.

use std::path::PathBuf;

/// Everything that can go wrong outside a single command's input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A configuration value is missing or malformed.
    #[error("configuration: {0}")]
    Config(String),
    /// A file or folder could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done, e.g. "reading".
        action: &'static str,
        /// Which file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A data file (metadata, gazetteer) is malformed.
    #[error("{path}: {message}")]
    Data {
        /// Which file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An ingest stopped before it finished; batches committed before it stay.
    #[error("ingest stopped: {0}. Batches committed before this stay in the index; run the same ingest again to add the rest")]
    Interrupted(String),
    /// The search index could not be built or opened.
    #[error("search index at {path}: {message}. Run `treatybot index` to rebuild it")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
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

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
