//! `/sources` and `/help`: answers about treatybot itself rather than the dispute.

use super::answer::Source;
use super::command::CommandKind;
use super::excerpt;
use super::{Engine, Reply};
use crate::error::Result;

/// Most articles `/sources` lists; a large collection is summed up after them.
pub const SOURCES_LIMIT: usize = 25;

/// Answers `/sources`: the articles (the first [`SOURCES_LIMIT`]) with their outlet and date.
pub fn sources(engine: &Engine) -> Result<Reply> {
    let (articles, total) = engine.index.articles(SOURCES_LIMIT)?;
    let sources: Vec<Source> = articles.iter().map(|a| excerpt::source(a, None)).collect();
    let lines: Vec<String> = articles
        .iter()
        .map(|a| {
            let date = a
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let basis = if a.date_basis == "inferred" {
                ", date inferred"
            } else {
                ""
            };
            format!("{} — {} ({}, {date}{basis})", a.id, a.title, a.outlet)
        })
        .collect();
    let heading = if total > articles.len() {
        format!("{total} articles; the first {}:", articles.len())
    } else {
        format!("{total} articles:")
    };
    let mut answer = format!("{heading}\n{}", lines.join("\n"));
    let duplicates = engine.index.knowledge().duplicates.len();
    if duplicates > 0 {
        answer.push_str(&format!(
            "\n({duplicates} near-duplicate article{} set aside: each story is cited once.)",
            if duplicates == 1 { "" } else { "s" }
        ));
    }
    Ok((Some(answer), Vec::new(), sources))
}

/// Answers `/help`.
pub fn help() -> Reply {
    let mut lines = vec![
        "treatybot answers questions about the Russia–Japan dispute over the southern Kuril Islands \
         (the Northern Territories) with the articles' own words, cited by outlet, date and paragraph."
            .to_string(),
    ];
    lines.extend(
        CommandKind::ALL
            .iter()
            .map(|k| format!("{} — {}", k.usage(), k.description())),
    );
    lines.push(
        "/quiz start [questions] [topic] [seconds] — a study-group quiz drawn from the articles \
         (/quiz stop, /quiz leaderboard, /quiz me; `treatybot quiz` in a terminal)"
            .to_string(),
    );
    (Some(lines.join("\n")), Vec::new(), Vec::new())
}
