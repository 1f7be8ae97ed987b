//! "…, according to the port authority?": a question that names who says it asks what that
//! source says. Another source's figure or claim in the same story ("at least nine, security
//! officials said") answers a different question, so evidence must come from an article
//! passage that names the source.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::words::contains_word;

/// The source's name words ("Port", "Authority"; "Devin", "Nunes"), or none when the question
/// names no source or only a common one ("a rebel source"), which no passage can be held to.
pub(super) fn source_words(question: &str) -> Vec<String> {
    static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\baccording\s+to\s+([^,?;]+)").expect("pattern compiles")
    });
    let Some(source) = ACCORDING.captures(question).and_then(|c| c.get(1)) else {
        return Vec::new();
    };
    source
        .as_str()
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w)
        })
        .filter(|w| w.len() > 1 && w.starts_with(char::is_uppercase))
        .map(str::to_string)
        .collect()
}

/// Whether a passage's text names the source: one of its name words, as a whole word.
pub(super) fn names_source(text: &str, source: &[String]) -> bool {
    source.is_empty() || source.iter().any(|w| contains_word(text, w))
}

/// Words that report what someone said: a date right after one ("said on Wednesday", "in a
/// statement on Saturday") is when it was said.
const REPORTING: [&str; 15] = [
    "said",
    "says",
    "told",
    "added",
    "stated",
    "reported",
    "wrote",
    "noted",
    "explained",
    "tweeted",
    "announced",
    "statement",
    "interview",
    "briefing",
    "tweet",
];

/// Whether the words just before a date are a report the question does not ask about ("Vatne
/// said on Wednesday" for "When was Vatne elected?"): the date is the report's, not the event's.
pub(super) fn reported(q: &super::question::Question, before: &str) -> bool {
    let asked = q.text.to_lowercase();
    before
        .split_whitespace()
        .rev()
        .take(2)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .any(|w| {
            REPORTING.contains(&w.as_str())
                && !asked.split_whitespace().any(|t| t == w)
                && !q.terms.iter().any(|t| t.matches(&w))
        })
}

/// Verbs of saying or judging with which a sentence gives someone's view ("Japan says", "dubbed
/// it"), besides the describing verbs a question asks with ([`super::question::DESCRIBE`]:
/// "described it as", "called it"), in any form.
const SAYING_VERBS: [&str; 10] = [
    "say", "tell", "state", "write", "note", "dub", "brand", "consider", "deem", "insist",
];

/// Whether a sentence gives someone's view, as an answer to "How did X describe Y?" must: a verb
/// of saying or describing in any form, "according to", or words in quotation marks. A sentence
/// that only states a fact about Y says nothing of how X sees it.
pub(super) fn states_a_view(sentence: &str) -> bool {
    if sentence.contains(['"', '“', '”', '«', '»']) {
        return true;
    }
    sentence.split_whitespace().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        w == "according" || REPORTING.contains(&w.as_str()) || is_view_verb(&w)
    })
}

/// Whether `word` (lower case) is a form of a verb of saying or describing: the base, its regular
/// endings ("calls", "called", "labelled", "described") or an irregular form ("saw", "told").
fn is_view_verb(word: &str) -> bool {
    let regular = |base: &str| {
        let stem = base.strip_suffix('e').unwrap_or(base);
        let last = base.chars().last().unwrap_or_default();
        [base.to_string(), format!("{base}s"), format!("{base}d")]
            .into_iter()
            .chain(["ed", "ing", "es"].map(|e| format!("{stem}{e}")))
            .chain(["ed", "ing"].map(|e| format!("{base}{last}{e}")))
            .any(|f| f == word)
    };
    let view_verbs = || super::question::DESCRIBE.iter().chain(&SAYING_VERBS);
    view_verbs().any(|v| regular(v))
        || crate::verb_forms::others(word)
            .iter()
            .any(|b| view_verbs().any(|v| v == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_is_a_verb_of_saying_or_describing_or_a_quotation() {
        for s in [
            "The harbour master called the new quay a waste of money.",
            "Vatne described the vote as a turning point.",
            "Oslo sees the levy as unfair, officials told reporters.",
            "The mayor saw no reason to hurry.",
            "The council's plan is \"reckless\", Lind wrote.",
            "According to the union, the deal is fair.",
            "The levy was labelled a tax on fishermen.",
        ] {
            assert!(states_a_view(s), "{s}");
        }
        for s in [
            "The quay opened in May after two years of work.",
            "Ferries ran late on the northern route.",
        ] {
            assert!(!states_a_view(s), "{s}");
        }
    }

    #[test]
    fn a_named_source_is_read_from_the_question_and_a_common_one_is_not() {
        assert_eq!(
            source_words("How deep is the channel, according to the Kolbey Port Authority?"),
            ["Kolbey", "Port", "Authority"]
        );
        assert_eq!(
            source_words("According to Marta Lind's office, who called the meeting?"),
            ["Marta", "Lind"]
        );
        assert!(source_words("How many boats sank, according to a harbour pilot?").is_empty());
        assert!(source_words("How many boats sank?").is_empty());
    }

    #[test]
    fn a_passage_names_the_source_by_a_whole_word() {
        let source = source_words("How many, according to the Lind Trust?");
        assert!(names_source("The Lind Trust counted twelve.", &source));
        assert!(!names_source("Lindqvist counted twelve.", &source));
        assert!(names_source("Anything at all.", &[]));
    }
}
