//! `/sources` and `/help`: answers about treatybot itself rather than the dispute.

use super::answer::Source;
use super::command::CommandKind;
use super::excerpt;
use super::{Engine, Reply};

/// Answers `/sources`: every article with its outlet and date.
pub fn sources(engine: &Engine) -> Reply {
    let articles = &engine.index.knowledge().articles;
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
    let answer = format!("{} articles:\n{}", articles.len(), lines.join("\n"));
    (Some(answer), Vec::new(), sources)
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
