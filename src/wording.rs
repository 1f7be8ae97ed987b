//! How answers read in English, for every front end: the engine hands over data (a short answer's
//! kind, value and evidence), and this turns it into the line a person reads. Kept out of the
//! engine so that other languages can phrase the same data later.

use crate::engine::{Answer, AnswerKind, CommandKind, ShortAnswer};

/// Said when no sentence supports a short answer but passages are shown.
pub const NOT_ANSWERED: &str =
    "The articles do not answer that directly; the closest passages are below.";

/// Leads a sentence answer, the article's sentence quoted after it.
pub const SAY: &str = "The articles say:";

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
    match a.command {
        CommandKind::Ask if a.citations.is_empty() => Some(format!(
            "No mention of “{}” in the articles. Try other words, or /search for a phrase.",
            a.query
        )),
        CommandKind::Ask => Some(NOT_ANSWERED.to_string()),
        _ => None,
    }
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
