//! Web pages as incoming articles: a saved page's or a fetched link's text, with what a
//! metadata entry says over what the page says.

use super::article_files::skip_file;
use super::{Incoming, Sink};
use crate::corpus::html::ReadLimits;
use crate::error::Result;
use crate::ingest::RowProblem;

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

/// Fetches a link (see [`crate::ingest::fetch`]) and hands on its article, or a refusal naming
/// the link and the reason as a bad row: nothing half-fetched is indexed. The article's id is
/// the link it was asked for, and its link the page's canonical one (else where the fetch ended).
pub fn read_link(
    link: &str,
    settings: &crate::config::FetchSettings,
    sink: &mut Sink,
) -> Result<()> {
    let link = link.trim();
    let fetched = crate::ingest::fetch::fetch_blocking(link, settings).map_err(RowProblem::Fetch);
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
