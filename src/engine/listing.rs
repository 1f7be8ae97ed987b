//! `/sources` and `/help`: answers about treatybot itself rather than the dispute.

use super::answer::Source;
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
    let line = |a: &ArticleInfo, with_id: bool| {
        let date = a
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        let basis = if a.date_basis == "inferred" {
            ", date inferred"
        } else {
            ""
        };
        let cut = a
            .cut
            .as_ref()
            .map(|c| format!(" — cut: {c}"))
            .unwrap_or_default();
        let id = if with_id {
            format!("{} — ", a.id)
        } else {
            String::new()
        };
        format!("{id}{} ({}, {date}{basis}){cut}", a.title, a.outlet)
    };
    let count = |listed: usize, total: usize| {
        let noun = if total == 1 { "article" } else { "articles" };
        if total > listed {
            format!("{total} {noun}; the first {listed}:")
        } else {
            format!("{total} {noun}:")
        }
    };
    let mut parts = Vec::new();
    if engine.audience().server.is_some() {
        if own_total == 0 {
            parts.push(
                "This server's reading list is empty (members with Manage Server add to it \
                 with /sources add)."
                    .to_string(),
            );
        } else {
            let lines: Vec<String> = own.iter().map(|a| line(a, true)).collect();
            parts.push(format!(
                "This server's reading list, {}\n{}",
                count(own.len(), own_total),
                lines.join("\n")
            ));
        }
        let lines: Vec<String> = shared.iter().map(|a| line(a, false)).collect();
        parts.push(format!(
            "Shared by every server, {}\n{}",
            count(shared.len(), total),
            lines.join("\n")
        ));
    } else {
        let lines: Vec<String> = shared.iter().map(|a| line(a, true)).collect();
        parts.push(format!(
            "{}\n{}",
            count(shared.len(), total),
            lines.join("\n")
        ));
    }
    let mut answer = parts.join("\n\n");
    let duplicates = engine.duplicate_count();
    if duplicates > 0 && engine.audience().server.is_none() {
        answer.push_str(&format!(
            "\n({duplicates} near-duplicate article{} set aside: each story is cited once.)",
            if duplicates == 1 { "" } else { "s" }
        ));
    }
    let sources: Vec<Source> = own
        .iter()
        .chain(&shared)
        .map(|a| excerpt::source(a, None))
        .collect();
    Ok((Some(answer), Vec::new(), sources))
}

/// Answers `/help`: nothing to look up; the presentation layer lists the commands in the
/// reader's words.
pub fn help() -> Reply {
    (None, Vec::new(), Vec::new())
}
