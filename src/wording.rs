//! How answers read in English, for every front end: the engine hands over data (a short answer's
//! kind, value and evidence), and this turns it into the line a person reads. Kept out of the
//! engine so that other languages can phrase the same data later.

use crate::engine::{
    Answer, AnswerKind, CommandKind, OtherScript, ShortAnswer, Timeline, YearSpan,
};
use crate::translit::Script;

/// Said when no sentence supports a short answer but passages are shown.
pub const NOT_ANSWERED: &str =
    "The articles do not answer that directly; the closest passages are below.";

/// Leads a sentence answer, the article's sentence quoted after it.
pub const SAY: &str = "The articles say:";

/// Said when a question is written in another script than the articles': `{script}` is the
/// script's name below.
const ASK_IN_ENGLISH: &str = "The articles are in English, so a question written in {script} \
cannot be searched for in them. Ask in English, or use /who, /where or /when with a name: \
names in Cyrillic and Japanese script work there.";

/// The commands to try, after [`ASK_IN_ENGLISH`]: `{commands}` is the list.
const TRY_INSTEAD: &str = "Try {commands}.";

/// Each script's name in [`ASK_IN_ENGLISH`], and the same advice in the language its readers
/// most likely read, so that a reader who asked in it understands the reply.
const SCRIPTS: [(Script, &str, Option<&str>); 3] = [
    (
        Script::Cyrillic,
        "Cyrillic",
        Some(
            "Статьи написаны по-английски: задайте вопрос по-английски или используйте \
             /who, /where или /when с именем (имена можно писать кириллицей).",
        ),
    ),
    (
        Script::Japanese,
        "Japanese",
        Some(
            "記事は英語で書かれています。英語で質問するか、/who・/where・/when に名前を\
             入れてください（名前は日本語でも構いません）。",
        ),
    ),
    (Script::Other, "another script than Latin", None),
];

/// Longest evidence clause quoted after "Yes —"/"No —", in words, so the line stays short.
const CLAUSE_WORDS: usize = 14;

/// The answer's first line: the short answer, or what the engine said, or that the articles do
/// not answer it.
pub fn headline(a: &Answer) -> Option<String> {
    if let Some(s) = &a.short_answer {
        return Some(short(s));
    }
    if let Some(s) = &a.sentence_answer {
        return Some(format!("{SAY} “{}”", s.sentence));
    }
    if let Some(text) = &a.answer {
        return Some(text.clone());
    }
    if let Some(other) = &a.other_script {
        return Some(ask_in_english(other));
    }
    match a.command {
        CommandKind::Ask if a.citations.is_empty() => Some(format!(
            "No mention of “{}” in the articles. Try other words, or /search for a phrase.",
            a.query
        )),
        CommandKind::Ask => Some(NOT_ANSWERED.to_string()),
        CommandKind::Timeline => a.timeline.as_ref().map(timeline),
        _ => None,
    }
}

/// " from 1945 to 1960", " up to 1960", " from 1960 on", or nothing for every year.
fn span(years: YearSpan) -> String {
    match (years.from, years.to) {
        (None, None) => String::new(),
        (None, Some(b)) => format!(" up to {b}"),
        (Some(a), None) => format!(" from {a} on"),
        (Some(a), Some(b)) if a == b => format!(" in {a}"),
        (Some(a), Some(b)) => format!(" from {a} to {b}"),
    }
}

/// What `/timeline` found: how many dated events, and whether only the first are shown.
pub fn timeline(t: &Timeline) -> String {
    let span = span(t.years);
    let shown = t.events.len();
    if t.total == 0 {
        format!(
            "No dated events{span} in the articles. Try /timeline with no years to see them all."
        )
    } else if t.total > shown {
        format!(
            "{} dated events{span}; the first {shown}, earliest first. Narrow the years to see the rest.",
            t.total
        )
    } else {
        format!(
            "{} dated event{}{span}, earliest first.",
            t.total,
            if t.total == 1 { "" } else { "s" }
        )
    }
}

/// The heading of the timeline picture: "Dated events from 1945 to 1960 (25 of 37)".
pub fn picture_title(t: &Timeline) -> String {
    let span = span(t.years);
    if t.total > t.events.len() {
        format!("Dated events{span} ({} of {})", t.events.len(), t.total)
    } else {
        format!("Dated events{span}")
    }
}

/// A date as a reader reads it: "19 October 1956", "October 1956", "1956".
pub fn date(d: crate::corpus::PartialDate) -> String {
    d.human()
}

/// Why a question in another script was not searched, what to do instead (in English and in
/// the question's language), and the commands for the names it holds.
pub fn ask_in_english(other: &OtherScript) -> String {
    let (name, own) = SCRIPTS
        .iter()
        .find(|(s, _, _)| *s == other.script)
        .map(|(_, name, own)| (*name, *own))
        .unwrap_or(("another script", None));
    let mut out = ASK_IN_ENGLISH.replace("{script}", name);
    if !other.try_instead.is_empty() {
        let commands = other
            .try_instead
            .iter()
            .map(|t| format!("{} {}", t.command, t.query))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(' ');
        out.push_str(&TRY_INSTEAD.replace("{commands}", &commands));
    }
    if let Some(own) = own {
        out.push('\n');
        out.push_str(own);
    }
    out
}

/// A short answer in a few words: "No — it did not join …", "Grigory Karasin (Russia's Deputy
/// Foreign Minister)", "16 December 2016 (“on Friday”)".
pub fn short(s: &ShortAnswer) -> String {
    match (s.kind, s.yes, &s.written) {
        (AnswerKind::YesNo, Some(yes), _) => {
            let word = if yes { "Yes" } else { "No" };
            if s.value.split_whitespace().count() <= CLAUSE_WORDS {
                format!("{word} — {}", s.value)
            } else {
                word.to_string()
            }
        }
        (_, _, Some(written)) => format!("{} ({written})", s.value),
        _ => s.value.clone(),
    }
}

/// The line that says where a short answer comes from: "From [1]: “…”".
pub fn evidence(s: &ShortAnswer) -> String {
    format!("From [1]: “{}”", s.evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(kind: AnswerKind, value: &str, yes: Option<bool>, written: Option<&str>) -> String {
        short(&ShortAnswer {
            kind,
            value: value.into(),
            yes,
            written: written.map(str::to_string),
            evidence: String::new(),
            confidence: 1.0,
        })
    }

    #[test]
    fn yes_and_no_lead_and_long_clauses_are_left_to_the_citation() {
        assert_eq!(
            answer(
                AnswerKind::YesNo,
                "it did not join the treaty",
                Some(false),
                None
            ),
            "No — it did not join the treaty"
        );
        assert_eq!(
            answer(AnswerKind::YesNo, &"word ".repeat(30), Some(true), None),
            "Yes"
        );
    }

    #[test]
    fn a_question_in_another_script_is_told_to_ask_in_english_in_both_languages() {
        use crate::engine::TryCommand;
        let said = ask_in_english(&OtherScript {
            script: Script::Japanese,
            try_instead: vec![TryCommand {
                command: CommandKind::Where,
                query: "国後島".into(),
            }],
        });
        assert!(said.contains("written in Japanese"), "{said}");
        assert!(said.contains("Try /where 国後島."), "{said}");
        assert!(said.contains("記事は英語"), "{said}");
        assert!(!said.contains("No mention"));
        let said = ask_in_english(&OtherScript {
            script: Script::Other,
            try_instead: Vec::new(),
        });
        assert!(said.contains("another script than Latin") && !said.contains("Try"));
    }

    #[test]
    fn a_timeline_says_how_many_events_and_which_years() {
        let t = |from, to, total, shown| Timeline {
            years: YearSpan { from, to },
            total,
            events: (0..shown)
                .map(|i| crate::engine::TimelineEvent {
                    date: crate::corpus::PartialDate::year(1956),
                    label: String::new(),
                    citation: i,
                })
                .collect(),
        };
        assert_eq!(
            timeline(&t(None, Some(1960), 3, 3)),
            "3 dated events up to 1960, earliest first."
        );
        assert!(timeline(&t(Some(1945), None, 40, 25))
            .starts_with("40 dated events from 1945 on; the first 25"));
        assert!(timeline(&t(Some(1990), Some(1991), 0, 0))
            .starts_with("No dated events from 1990 to 1991"));
        assert_eq!(
            picture_title(&t(None, None, 40, 25)),
            "Dated events (25 of 40)"
        );
    }

    #[test]
    fn written_words_follow_the_value() {
        assert_eq!(
            answer(
                AnswerKind::Date,
                "16 December 2016",
                None,
                Some("on Friday")
            ),
            "16 December 2016 (on Friday)"
        );
    }
}
