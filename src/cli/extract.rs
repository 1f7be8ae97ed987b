//! `treatybot extract FILE|URL [--json]`: what would be indexed from a web page (saved, or
//! fetched from a link under the rules of [`crate::ingest::fetch`]) (title, outlet,
//! date and where it comes from, link, the numbered paragraphs), so a person can check a page
//! before adding it. The extraction itself is [`crate::corpus::html`].

use std::io::{Read, Write};
use std::path::Path;

use crate::corpus::html::{self, HtmlError};
use crate::present::{cut, fetch_refusal, io_problem, page_refusal, Lang, Reader};

/// Largest page read, in bytes: a saved news page is a few hundred kilobytes.
pub const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_PAGE_BYTES`].
    #[error("{0}: larger than {MAX_PAGE_BYTES} bytes; a saved web page is far smaller")]
    TooLarge(String),
    /// The link was refused or could not be fetched.
    #[error(transparent)]
    Fetch(#[from] crate::ingest::fetch::FetchError),
    /// Nothing to index in it.
    #[error("{path}: {reason}")]
    Page {
        /// The file.
        path: String,
        /// What the extraction said (in the message, so not repeated as its cause).
        reason: HtmlError,
    },
}

impl ExtractError {
    /// The error in `lang`'s words: the file or link, and why it gives nothing to index.
    pub fn said(&self, lang: Lang) -> String {
        let reader = Reader::typed(lang);
        let (path, reason) = match self {
            ExtractError::Read { path, source } => (path.as_str(), io_problem(lang, source)),
            ExtractError::TooLarge(path) => (
                path.as_str(),
                reader.say("cli-extract-too-large", &[("limit", MAX_PAGE_BYTES.into())]),
            ),
            // The link is the reader's own; the refusal says what was wrong with it.
            ExtractError::Fetch(e) => return fetch_refusal(reader, e),
            ExtractError::Page { path, reason } => (path.as_str(), page_refusal(reader, reason)),
        };
        reader.say(
            "cli-extract-refused",
            &[("path", path.into()), ("reason", reason.into())],
        )
    }
}

/// Reads a page from `target`, a file (through the size cap) or a link (fetched safely), and
/// prints what would be indexed, with treatybot's own words in `lang`.
pub fn extract(
    target: &str,
    fetch: &crate::config::FetchSettings,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), ExtractError> {
    let name = target.to_string();
    let (bytes, link) = if crate::ingest::fetch::is_link(target) {
        let fetched = crate::ingest::fetch::fetch_blocking(target, fetch)?;
        (fetched.bytes, Some(fetched.url))
    } else {
        (read_file(Path::new(target))?, None)
    };
    let limits = html::ReadLimits::from_settings(fetch);
    let page =
        html::read_page(&bytes, link.as_deref(), &limits).map_err(|reason| ExtractError::Page {
            path: name.clone(),
            reason,
        })?;
    let cut_note = page.cut.as_ref().map(|c| c.to_string());
    let cut_said = page.cut.as_ref().map(|c| cut(Reader::typed(lang), c));
    let date_text = page.date.map(|d| d.to_string());
    let written = if json {
        let v = serde_json::json!({
            "title": page.title,
            "outlet": page.outlet,
            "date": date_text,
            "date_basis": page.date_basis,
            "url": page.url,
            "paragraphs": page.paragraphs,
            "cut": page.cut,
            "cut_note": cut_note,
        });
        writeln!(out, "{v}")
    } else {
        (|| {
            writeln!(out, "{}", super::render::printable(&page.title))?;
            writeln!(
                out,
                "{} · {} · {}",
                super::render::printable(&page.outlet),
                page.date
                    .map(|d| crate::present::date(lang, d))
                    .unwrap_or_else(|| crate::present::say(lang, "undated", &[])),
                page.url
                    .as_deref()
                    .map(super::render::printable)
                    .unwrap_or_default()
            )?;
            for (i, p) in page.paragraphs.iter().enumerate() {
                writeln!(out, "\n¶{} {}", i + 1, super::render::printable(p))?;
            }
            if let Some(note) = &cut_said {
                writeln!(out, "\n({note})")?;
            }
            Ok(())
        })()
    };
    written.map_err(|source| ExtractError::Read {
        path: "standard output".into(),
        source,
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, ExtractError> {
    let name = path.display().to_string();
    let read_err = |source| ExtractError::Read {
        path: name.clone(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(read_err)?
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(ExtractError::TooLarge(name));
    }
    Ok(bytes)
}
