//! Counting blanks: a number with the noun it counts.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Blank, Scan};
use crate::index::StoredPassage;
use crate::quiz::Kind;

/// Number words the counting questions understand.
pub(crate) const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// Nouns after "two" that make a question too easy to be worth asking ("the two countries").
const OBVIOUS_PAIRS: [&str; 8] = [
    "countries",
    "sides",
    "nations",
    "leaders",
    "states",
    "neighbours",
    "neighbors",
    "ministers",
];

pub(crate) static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,3}}(?:,\d{{3}})+|\d+|{})\s+([a-z][a-z'’-]*s)\b",
        NUMBER_WORDS.join("|")
    ))
    .expect("number pattern compiles")
});

/// Words ending in "s" after a number that are not the things counted ("one has to").
const NOT_COUNTED: [&str; 10] = [
    "has", "was", "is", "does", "says", "goes", "this", "thus", "its", "as",
];

/// Each number of `text` with the noun it counts ([`NUMBER_RE`]'s two groups), as byte ranges
/// of `text`.
pub(crate) fn counts_in(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    if !may_count(text) {
        return Vec::new();
    }
    NUMBER_RE
        .captures_iter(text)
        .filter_map(|c| Some((c.get(1)?.range(), c.get(2)?.range())))
        .collect()
}

/// Whether [`NUMBER_RE`] can match in `text`: it has a digit, a number word (in any case), or
/// one of the two characters whose case folding reaches the number words' letters ("ſ", "K").
/// Most sentences count nothing, and the pattern's search with its captures was a tenth of a
/// draw's time.
fn may_count(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_numeric() || c == 'ſ' || c == '\u{212A}')
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| NUMBER_WORDS.iter().any(|n| w.eq_ignore_ascii_case(n)))
}

/// A blank for each number in sentence `s` of `p` with the noun it counts, from what [`Scan`]
/// found in it.
pub(crate) fn how_many_blanks(
    p: &StoredPassage,
    s: &Range<usize>,
    scan: &Scan,
    out: &mut Vec<Blank>,
) {
    let text = &p.text[s.clone()];
    for (n, noun) in &scan.counts {
        let noun = text[noun.clone()].to_lowercase();
        let n_text = &text[n.clone()];
        let word = n_text.to_lowercase();
        // "one" is more often a pronoun than a count; "two countries" is too easy to ask.
        if word == "one"
            || NOT_COUNTED.contains(&noun.as_str())
            || noun.ends_with("ss")
            || (word == "two" && OBVIOUS_PAIRS.contains(&noun.as_str()))
        {
            continue;
        }
        let start = s.start + n.start;
        let end = s.start + n.end;
        // Years and dates are for "when"; "2+2" is a name, not a count.
        if p.mentions
            .dates
            .iter()
            .any(|d| d.start < end && start < d.end)
            || text[..n.start].ends_with('+')
        {
            continue;
        }
        let value = number_value(&word);
        let Some(value) = value else { continue };
        out.push(Blank {
            kind: Kind::HowMany,
            passage: 0,
            sentence: s.clone(),
            span: start..end,
            answer: n_text.to_string(),
            key: value.to_string(),
            surname_only: false,
            note: None,
            ask: None,
            within: None,
            article_year: None,
            lead: None,
        });
    }
}

/// The value of a number written in digits (with thousands separators) or as a word.
pub(crate) fn number_value(word: &str) -> Option<u64> {
    NUMBER_WORDS
        .iter()
        .position(|w| *w == word)
        .map(|i| i as u64 + 1)
        .or_else(|| word.replace(',', "").parse().ok())
}

/// A number written with thousands separators, as news copy writes it.
pub(crate) fn format_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sentences_that_may_count_are_searched() {
        for text in [
            "Some 300 boats and Twelve ships sailed.",
            "Someone often attended the money talks.",
            "The ministers met in March.",
            "Four islands and ten meetings.",
        ] {
            let found = NUMBER_RE.is_match(text);
            assert!(!found || may_count(text), "{text}");
            assert_eq!(counts_in(text).is_empty(), !found, "{text}");
        }
        assert!(!may_count("Someone often attended the money talks."));
    }

    #[test]
    fn numbers_read_and_write_with_separators_and_words() {
        assert_eq!(format_number(19000), "19,000");
        assert_eq!(number_value("19,000"), Some(19000));
        assert_eq!(number_value("four"), Some(4));
    }
}
