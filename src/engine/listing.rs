//! `/sources` and `/help`: answers about treatybot itself rather than the dispute.

use super::answer::{Finding, ListedArticle, ListedSection, Listing, Source};
use super::excerpt;
use super::{Reply, Scoped};
use crate::error::Result;
use crate::index::ArticleInfo;

/// Most articles of the shared collection `/sources` lists; a large collection is summed up
/// after them.
pub const SOURCES_LIMIT: usize = 25;

/// Most articles of a server's own reading list `/sources` lists there.
pub const SERVER_SOURCES_LIMIT: usize = 100;

/// Answers `/sources`: in a server, the server's own reading list first (marked as such), then
/// the shared collection (its first [`SOURCES_LIMIT`]), each with outlet and date.
pub fn sources(engine: &Scoped) -> Result<Reply> {
    let (own, own_total) = match engine.audience().server {
        Some(server) => engine.articles_owned(Some(server), 0, SERVER_SOURCES_LIMIT)?,
        None => (Vec::new(), 0),
    };
    let (shared, total) = engine.articles_owned(None, 0, SOURCES_LIMIT)?;
    // The id is what `/sources remove` (a server's own additions) and `treatybot remove` (the
    // host) take; a server's members see the shared articles by title, outlet and date only.
    let listed = |a: &ArticleInfo, with_id: bool| ListedArticle {
        id: with_id.then(|| a.id.clone()),
        title: a.title.clone(),
        outlet: a.outlet.clone(),
        date: a.date,
        date_inferred: a.date_basis == "inferred",
        cut: a.cut.clone(),
    };
    let in_server = engine.audience().server.is_some();
    let listing = Listing {
        own: in_server.then(|| ListedSection {
            total: own_total,
            articles: own.iter().map(|a| listed(a, true)).collect(),
        }),
        shared: ListedSection {
            total,
            articles: shared.iter().map(|a| listed(a, !in_server)).collect(),
        },
        // The host's figure: never shown in a server.
        duplicates: if in_server {
            0
        } else {
            engine.duplicate_count()
        },
    };
    let sources: Vec<Source> = own
        .iter()
        .chain(&shared)
        .map(|a| excerpt::source(a, None))
        .collect();
    Ok((Some(Finding::Sources(listing)), Vec::new(), sources))
}

/// Answers `/help`: nothing to look up; the presentation layer lists the commands in the
/// reader's words.
pub fn help() -> Reply {
    (None, Vec::new(), Vec::new())
}
