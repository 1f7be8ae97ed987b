//! Web pages as articles: the main text of an HTML page without its furniture (menus, share
//! buttons, related links, footers), split into paragraphs at block elements, with the metadata
//! the page states about itself.
//!
//! A page is untrusted, so it is read in steps, each bounded: [`decode`] turns the bytes into
//! text (byte-order marks, UTF-16, a declared charset) or refuses binary data; [`flatten`]
//! rewrites the markup so nothing nests deeper than [`MAX_DEPTH`] (linear, one pass of
//! html5ever's tokenizer); rs-trafilatura (a port of trafilatura; see README "Why these crates")
//! extracts the article; all of it on a reader thread of its own ([`budget`]), within the time
//! and thread limits of [`ReadLimits`]. What this module adds is the article's shape: one-line
//! metadata fields without control characters, a date only when the page states one, the outlet
//! from the page or else its host, paragraphs that are the page's own words, and a [`Cut`] note
//! when not all of them are kept.

mod budget;
mod decode;
mod flatten;
mod nesting;

use std::time::Duration;

pub use budget::{readers_running, READER_STACK_BYTES};
pub use flatten::{MAX_DEPTH, MAX_ELEMENTS};

use super::PartialDate;

/// Where a page's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// The page states it (JSON-LD `datePublished`, `article:published_time`, `<time>`, a byline).
    Printed,
}

/// Least main text, in characters, a page must have to be an article.
pub const MIN_TEXT_CHARS: usize = 120;

/// Most main text kept from one page, in bytes (rs-trafilatura's own default): past it the
/// page's last paragraphs are left out, and the [`Cut`] says so.
pub const MAX_TEXT_BYTES: usize = 1_000_000;

/// What would be indexed from one web page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WebPage {
    /// Headline.
    pub title: String,
    /// Publisher: the page's site name, else the host of its link.
    pub outlet: String,
    /// Publication date, when the page states one.
    pub date: Option<PartialDate>,
    /// Where the date comes from.
    pub date_basis: Option<DateBasis>,
    /// The page's canonical link, else the one it was read from.
    pub url: Option<String>,
    /// The main text, one paragraph per block element, in page order.
    pub paragraphs: Vec<String>,
    /// When not all the page's paragraphs are kept: how many are, and why.
    pub cut: Option<Cut>,
}

/// Paragraphs left out of a page: only whole paragraphs are ever kept, from the start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cut {
    /// Paragraphs kept (the first ones).
    pub kept: usize,
    /// Paragraphs the page has, when known.
    pub of: Option<usize>,
    /// The limit that cut the text.
    pub limit: CutLimit,
}

/// Which limit cut a page's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CutLimit {
    /// [`ReadLimits::max_text_bytes`]: the most text kept from one page.
    TextBytes(usize),
    /// The extractor's own length limit (its last, partial paragraph dropped).
    Extractor(usize),
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes = match self.limit {
            CutLimit::TextBytes(n) | CutLimit::Extractor(n) => n,
        };
        match self.of {
            Some(of) => write!(f, "kept the first {} of {of} paragraphs", self.kept)?,
            None => write!(f, "kept the first {} paragraphs", self.kept)?,
        }
        write!(
            f,
            ": the page's text is longer than the {bytes} bytes read from one page"
        )
    }
}

/// Why a page gave nothing to index. The messages name no file, path or process: they are
/// shown to whoever gave the page.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HtmlError {
    /// The extractor could not read the page.
    #[error("could not read the page as HTML: {0}")]
    Unreadable(String),
    /// The page has no main text (a menu, a login wall, a page of links).
    #[error("the page has no article text (it may be a list of links, a login wall or a page built by scripts)")]
    NoText,
    /// The bytes are an image, an archive, compressed or otherwise not text.
    #[error("is not a web page or text (it looks like binary data)")]
    NotText,
    /// More elements than any article page has ([`MAX_ELEMENTS`]).
    #[error(
        "the page has more than {max} elements, far more than an article page; it was not read"
    )]
    TooManyElements {
        /// The limit.
        max: usize,
    },
    /// Reading took longer than the budget (`fetch.extract_seconds`).
    #[error("the page took longer than {seconds} s to read (fetch.extract_seconds); it may be built to slow readers down")]
    TooSlow {
        /// The budget.
        seconds: u64,
    },
    /// Every reader was busy for the whole budget.
    #[error("other pages were being read for {seconds} s (fetch.extract_threads at a time); try again shortly")]
    Busy {
        /// The budget.
        seconds: u64,
    },
}

/// Bounds on reading one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLimits {
    /// Seconds a page may take to read, waiting for a reader included.
    pub seconds: u64,
    /// Pages read at once in this process (a reader over its time keeps its place until it ends).
    pub threads: usize,
    /// Most main text kept from one page, in bytes; whole paragraphs past it are left out.
    pub max_text_bytes: usize,
}

impl ReadLimits {
    /// The limits `[fetch]` sets (`extract_seconds`, `extract_threads`).
    pub fn from_settings(fetch: &crate::config::FetchSettings) -> Self {
        ReadLimits {
            seconds: fetch.extract_seconds,
            threads: fetch.extract_threads,
            max_text_bytes: MAX_TEXT_BYTES,
        }
    }
}

impl Default for ReadLimits {
    /// The defaults of `config/default.toml`: 5 s, 2 readers.
    fn default() -> Self {
        ReadLimits {
            seconds: 5,
            threads: 2,
            max_text_bytes: MAX_TEXT_BYTES,
        }
    }
}

/// The article in a web page's bytes, read on a reader thread within `limits`. `link` is where
/// the page was read from, for the outlet and the link when the page does not state them.
pub fn read_page(
    bytes: &[u8],
    link: Option<&str>,
    limits: &ReadLimits,
) -> Result<WebPage, HtmlError> {
    let bytes = bytes.to_vec();
    let link = link.map(str::to_string);
    let max_text_bytes = limits.max_text_bytes;
    let seconds = limits.seconds;
    let ran = budget::run(limits.threads, Duration::from_secs(seconds), move || {
        read_here(&bytes, link.as_deref(), max_text_bytes)
    });
    ran.unwrap_or_else(|over| {
        Err(match over {
            budget::Over::Time => {
                tracing::info!(
                    seconds,
                    "a page took too long to read; its reader is abandoned"
                );
                HtmlError::TooSlow { seconds }
            }
            budget::Over::NoSlot => HtmlError::Busy { seconds },
            budget::Over::Panicked => {
                HtmlError::Unreadable("the extractor failed on this page".into())
            }
            budget::Over::NoThread => {
                HtmlError::Unreadable("no reader could be started; try again shortly".into())
            }
        })
    })
}

/// Reads a page on the calling thread, unbounded in time and stack: only for a reader thread.
fn read_here(
    bytes: &[u8],
    link: Option<&str>,
    max_text_bytes: usize,
) -> Result<WebPage, HtmlError> {
    let text = decode::decode(bytes).map_err(|_| HtmlError::NotText)?;
    let flat = flatten::flatten(&text, MAX_DEPTH, MAX_ELEMENTS)
        .map_err(|_| HtmlError::TooManyElements { max: MAX_ELEMENTS })?;
    drop(text);
    // The extractor's own cut falls mid-paragraph (even mid-character); the text is cut here
    // instead, at a paragraph's end.
    let options = rs_trafilatura::Options {
        max_extracted_len: usize::MAX,
        ..rs_trafilatura::Options::default()
    };
    let found = rs_trafilatura::extract_with_options(&flat, &options)
        .map_err(|e| HtmlError::Unreadable(e.to_string()))?;
    let mut paragraphs: Vec<String> = found
        .content_text
        .split('\n')
        .map(one_line)
        .filter(|p| !p.is_empty())
        .collect();
    let mut cut = None;
    if found.warnings.iter().any(|w| w.contains("truncated")) {
        // Not expected with the limit above, but a cut paragraph is never kept.
        paragraphs.pop();
        cut = Some(Cut {
            kept: paragraphs.len(),
            of: None,
            limit: CutLimit::Extractor(options.max_extracted_len),
        });
    }
    let meta = found.metadata;
    // A page's description repeated as its first line is a teaser (the standfirst the page's
    // template shows above every article), not the article's text.
    if let Some(teaser) = meta.description.as_deref().map(one_line) {
        if paragraphs.len() > 1 && paragraphs.first().is_some_and(|p| *p == teaser) {
            paragraphs.remove(0);
        }
    }
    if let Some(kept) = whole_paragraphs_within(&paragraphs, max_text_bytes) {
        cut = Some(Cut {
            kept,
            of: Some(paragraphs.len()),
            limit: CutLimit::TextBytes(max_text_bytes),
        });
        paragraphs.truncate(kept);
    }
    if let Some(c) = &cut {
        tracing::info!("page text cut: {c}");
    }
    // Less than a couple of sentences is a page of links or a wall, not an article.
    if paragraphs.iter().map(|p| p.chars().count()).sum::<usize>() < MIN_TEXT_CHARS {
        return Err(HtmlError::NoText);
    }
    let url = meta
        .url
        .as_deref()
        .map(one_line)
        .filter(|u| is_web_link(u))
        .or_else(|| link.map(one_line).filter(|u| is_web_link(u)));
    let outlet = meta
        .sitename
        .as_deref()
        .map(one_line)
        .filter(|s| !s.is_empty())
        .or_else(|| url.as_deref().and_then(host_of))
        .unwrap_or_default();
    let date = meta.date.map(|d| PartialDate::from_naive(d.date_naive()));
    Ok(WebPage {
        title: meta.title.as_deref().map(one_line).unwrap_or_default(),
        outlet,
        date,
        date_basis: date.map(|_| DateBasis::Printed),
        url,
        paragraphs,
        cut,
    })
}

/// How many of the first paragraphs fit in `max_bytes` (counting a line break between each),
/// when not all do.
fn whole_paragraphs_within(paragraphs: &[String], max_bytes: usize) -> Option<usize> {
    let mut total = 0usize;
    for (i, p) in paragraphs.iter().enumerate() {
        total += p.len() + usize::from(i > 0);
        if total > max_bytes {
            return Some(i);
        }
    }
    None
}

/// Text on one line: control characters (which could drive a terminal) and runs of white space
/// become one space.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Only `http` and `https` links are kept: a `javascript:` or `data:` link is not a source.
fn is_web_link(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The host of a web link, without a leading `www.`.
fn host_of(u: &str) -> Option<String> {
    let rest = u.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_fields_lose_control_characters() {
        assert_eq!(one_line("A\u{1b}[2J  title\u{7}\n"), "A [2J title");
    }

    #[test]
    fn only_web_links_and_their_hosts() {
        assert!(is_web_link("https://example.com/a"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert_eq!(
            host_of("https://www.news.example.com:8443/x?y").as_deref(),
            Some("news.example.com")
        );
        assert_eq!(host_of("mailto:x"), None);
    }
}
