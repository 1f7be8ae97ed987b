//! Web pages as articles: the main text of an HTML page without its furniture (menus, share
//! buttons, related links, footers), split into paragraphs at block elements, with the metadata
//! the page states about itself.
//!
//! The extraction is rs-trafilatura's (a port of trafilatura; see README "Why these crates" for
//! how it was chosen). It also decodes the page from its declared charset. What this module adds
//! is the article's shape: one-line metadata fields without control characters, a date only
//! when the page states one, the outlet from the page or else its host, and paragraphs that are
//! the page's own words.

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
}

/// Why a page gave nothing to index.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The extractor could not read the page.
    #[error("could not read the page as HTML: {0}")]
    Unreadable(String),
    /// The page has no main text (a menu, a login wall, a page of links).
    #[error("the page has no article text (it may be a list of links, a login wall or a page built by scripts)")]
    NoText,
}

/// The article in an HTML page. `link` is where it was read from, for the outlet and the link
/// when the page does not state them.
pub fn extract(html: &[u8], link: Option<&str>) -> Result<WebPage, HtmlError> {
    let found =
        rs_trafilatura::extract_bytes(html).map_err(|e| HtmlError::Unreadable(e.to_string()))?;
    let paragraphs: Vec<String> = found
        .content_text
        .split('\n')
        .map(one_line)
        .filter(|p| !p.is_empty())
        .collect();
    let meta = found.metadata;
    // A page's description repeated as its first line is a teaser (the standfirst the page's
    // template shows above every article), not the article's text.
    let mut paragraphs = paragraphs;
    if let Some(teaser) = meta.description.as_deref().map(one_line) {
        if paragraphs.len() > 1 && paragraphs.first().is_some_and(|p| *p == teaser) {
            paragraphs.remove(0);
        }
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
    })
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
