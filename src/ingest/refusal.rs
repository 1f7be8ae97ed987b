//! Why an article a reader handed over (a link, an attached file, an id to remove) was not
//! taken in or out, as data: the presentation layer (`crate::present::refusal`) says it in the
//! reader's language. Details a reader cannot act on (a resolver's or extractor's own message,
//! the host's paths) stay in the log.

use crate::corpus::html::HtmlError;

use super::fetch::FetchError;

/// Why an addition to, or removal from, a reading list was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// The link given is not an `http(s)` address.
    #[error("not a web link")]
    NotALink {
        /// What was given, as typed.
        link: String,
    },
    /// An attached file of a kind treatybot does not read.
    #[error("not a file treatybot reads")]
    NotAReadableFile {
        /// Its file name.
        name: String,
    },
    /// An attached file over `fetch.max_bytes`.
    #[error("file too large")]
    FileTooLarge {
        /// Its file name.
        name: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// An attachment that is not served from the chat service's attachment hosts.
    #[error("attachment served from elsewhere")]
    NotAnAttachment {
        /// The host it is on.
        host: String,
    },
    /// The page could not be fetched.
    #[error("{0}")]
    Fetch(FetchError),
    /// The page was fetched but holds no article to read.
    #[error("{0}")]
    Page(HtmlError),
    /// The article's text is over `ingest.max_article_bytes`.
    #[error("the text is {bytes} bytes, over the limit of {limit}")]
    TextTooLong {
        /// Its size in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The article has no text.
    #[error("the text is empty")]
    NoText,
    /// The file could not be read as an article (its reason is in the log).
    #[error("the file could not be read as an article")]
    Unreadable,
    /// The host could not keep the file to read it (its reason is in the log).
    #[error("the file could not be kept for reading")]
    KeepFailed,
    /// Another change holds the index.
    #[error("the reading list is busy")]
    Busy,
    /// The index could not be written (its reason is in the log).
    #[error("the index could not be written")]
    WriteFailed,
    /// The server's list holds as many articles as it may.
    #[error("the reading list is full")]
    ListFull {
        /// Articles on it.
        count: usize,
        /// The most it may hold (`discord.reading_list_max_articles`).
        max: usize,
    },
    /// The page would take the server's list over its text allowance.
    #[error("the reading list would hold too much text")]
    ListTooBig {
        /// Bytes of text on the list.
        held: u64,
        /// Bytes the page adds.
        adding: u64,
        /// The most it may hold (`discord.reading_list_max_bytes`).
        max: u64,
    },
    /// The page was read but gave no article.
    #[error("no article came of the page")]
    NoArticle,
    /// The id names another server's article.
    #[error("another server's article")]
    OtherServer,
}
