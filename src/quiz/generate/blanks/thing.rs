//! Thing blanks: the name of an agreement or a body, and short quotations.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Blank, Scan};
use crate::corpus::partial_date::is_calendar_word;
use crate::extract::people::OFFICE_TITLES;
use crate::index::StoredPassage;
use crate::quiz::Kind;

/// Last words that make a capitalised phrase the name of an agreement or a document.
const AGREEMENT_HEADS: [&str; 14] = [
    "treaty",
    "declaration",
    "agreement",
    "accord",
    "accords",
    "pact",
    "convention",
    "charter",
    "communique",
    "memorandum",
    "protocol",
    "act",
    "resolution",
    "statement",
];

/// Last words that make a capitalised phrase the name of a body: a ministry, a council, a force.
const BODY_HEADS: [&str; 30] = [
    "ministry",
    "council",
    "committee",
    "commission",
    "parliament",
    "duma",
    "diet",
    "assembly",
    "congress",
    "senate",
    "forum",
    "organization",
    "organisation",
    "agency",
    "office",
    "service",
    "forces",
    "army",
    "navy",
    "guard",
    "party",
    "group",
    "bank",
    "fund",
    "company",
    "corporation",
    "institute",
    "university",
    "court",
    "government",
];

/// What kind of thing a capitalised phrase names, from its head word (the word before "of", else
/// the last): only agreements and bodies are the key fact of a sentence; "World War II" or a
/// news agency's name are background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ThingClass {
    Agreement,
    Body,
}

pub(crate) fn thing_class(phrase: &str) -> Option<ThingClass> {
    let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
    let head = match words.iter().position(|w| w == "of") {
        Some(i) if i > 0 => &words[i - 1],
        _ => words.last()?,
    };
    if AGREEMENT_HEADS.contains(&head.as_str()) {
        Some(ThingClass::Agreement)
    } else if BODY_HEADS.contains(&head.as_str()) {
        Some(ThingClass::Body)
    } else {
        None
    }
}

/// A capitalised word, or a connector inside a name ("Group of Seven"), or a roman numeral.
static PHRASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:of\s+)?(?:[A-Z][a-z]+|[IVX]+|[A-Z]{2,}))+\b")
        .expect("phrase pattern compiles")
});

/// A quotation: an opening mark, 2 to 90 characters without quotation marks (the fewest that
/// fit), an optional full stop or comma, a closing mark. [`quotes_in`] scans for it by hand; the
/// pattern is kept as the tests' statement of what it finds.
#[cfg(test)]
static QUOTE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["“]([^"“”]{2,90}?)[.,]?["”]"#).expect("quote pattern compiles")
});

/// A quotation short enough to be a choice, and not one with quotes inside it.
pub(crate) fn quotable(q: &str) -> bool {
    (1..=12).contains(&q.split_whitespace().count()) && !q.contains(['\'', '‘'])
}

/// Words that make a capitalised run a title or an article's furniture rather than the name of a
/// thing (offices' titles: [`OFFICE_TITLES`]; weekdays and months: [`is_calendar_word`]).
const NOT_THINGS: [&str; 10] = [
    "the", "a", "an", "in", "on", "at", "but", "however", "last", "for",
];

/// Whether a word keeps a capitalised run from naming a thing: a title, weekday, month or
/// connective ([`NOT_THINGS`], [`is_calendar_word`]), or a country's word ("Russian", "Tokyo"), which says whose the
/// thing is, not what it is.
fn not_thing(word: &str) -> bool {
    NOT_THINGS.contains(&word)
        || OFFICE_TITLES.contains(&word)
        || is_calendar_word(word)
        || crate::extract::countries::of_word(word).is_some()
}

/// Last words that make a capitalised run a title ("Deputy Foreign Minister"), not a thing.
const TITLE_HEADS: [&str; 8] = [
    "minister",
    "ministers",
    "president",
    "envoy",
    "secretary",
    "premier",
    "spokesman",
    "ambassador",
];

/// Words of a title that may also begin the name of a thing ("Foreign Ministry").
const TITLE_WORDS: [&str; 3] = ["foreign", "deputy", "prime"];

/// Capitalised phrases of a sentence that name a thing (not a person, place, date or title),
/// with their byte ranges in the paragraph.
pub(crate) fn phrases_in<'a>(
    p: &'a StoredPassage,
    s: &Range<usize>,
) -> Vec<(&'a str, Range<usize>)> {
    let text = &p.text[s.clone()];
    let mut out = Vec::new();
    for m in PHRASE_RE.find_iter(text) {
        // Leading words that are not part of a name ("The", "Russian", "Thursday's").
        let mut start = m.start();
        let mut rest = m.as_str();
        while let Some(w) = rest.split_whitespace().next() {
            let bare = w
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase();
            let not_thing = not_thing(&bare) && !TITLE_WORDS.contains(&bare.as_str());
            if !(not_thing || w.ends_with("'s") || w.ends_with("’s")) {
                break;
            }
            let skip = rest.find(w).unwrap_or(0) + w.len();
            let skip = skip + (rest[skip..].len() - rest[skip..].trim_start().len());
            start += skip;
            rest = &rest[skip..];
        }
        let phrase = text[start..m.end()].trim();
        let n_words = phrase.split_whitespace().count();
        let last = phrase
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        if n_words < 2
            || phrase.starts_with("of ")
            || TITLE_HEADS.contains(&last.as_str())
            || phrase.split_whitespace().any(|w| {
                let w = w.to_lowercase();
                not_thing(&w) && !TITLE_WORDS.contains(&w.as_str())
            })
        {
            continue;
        }
        let abs = s.start + start..s.start + start + phrase.len();
        let overlaps = |r: &Range<usize>| r.start < abs.end && abs.start < r.end;
        let m = &p.mentions;
        if m.people.iter().any(|x| overlaps(&(x.start..x.end)))
            || m.places.iter().any(|x| overlaps(&(x.start..x.end)))
            || m.dates.iter().any(|x| overlaps(&(x.start..x.end)))
        {
            continue;
        }
        out.push((&p.text[abs.clone()], abs));
    }
    out
}

/// Most characters a quotation's words may have (see [`QUOTE_RE`]).
const QUOTE_CHARS: usize = 90;

/// The quoted words of each quotation in `text`, as byte ranges of `text`: what group 1 of
/// [`QUOTE_RE`] captures, found by one pass over the characters (the pattern's search was a
/// tenth of a draw's time: news copy quotes in most sentences).
pub(crate) fn quotes_in(text: &str) -> Vec<Range<usize>> {
    let is_mark = |c: char| matches!(c, '"' | '“' | '”');
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find(['"', '“']).map(|i| from + i) {
        let inner = open + text[open..].chars().next().map_or(1, char::len_utf8);
        // The run of characters that are not quotation marks, up to one past the most allowed.
        let mut run_end = inner;
        let mut run_chars = 0;
        let mut last = None;
        let mut before_last = inner;
        for (i, c) in text[inner..].char_indices() {
            if is_mark(c) || run_chars > QUOTE_CHARS {
                break;
            }
            before_last = inner + i;
            last = Some(c);
            run_chars += 1;
            run_end = inner + i + c.len_utf8();
        }
        let closes = text[run_end..].starts_with(['"', '”']);
        // The fewest characters that fit: a full stop or comma right before the closing mark is
        // left out of the words when at least two characters remain.
        let stop = matches!(last, Some('.' | ','));
        let found = if !closes {
            None
        } else if stop && run_chars > 2 && run_chars - 1 <= QUOTE_CHARS {
            Some(inner..before_last)
        } else if (2..=QUOTE_CHARS).contains(&run_chars) {
            Some(inner..run_end)
        } else {
            None
        };
        match found {
            Some(words) => {
                out.push(words);
                from = run_end + text[run_end..].chars().next().map_or(0, char::len_utf8);
            }
            None => from = inner,
        }
    }
    out
}

/// A blank for each agreement or body named in sentence `s` of `p`, and each short quotation,
/// from what [`Scan`] found in it.
pub(crate) fn what_blanks(p: &StoredPassage, s: &Range<usize>, scan: &Scan, out: &mut Vec<Blank>) {
    for (phrase, span) in scan.phrases.iter().cloned() {
        if thing_class(phrase).is_none() {
            continue;
        }
        out.push(Blank {
            kind: Kind::What,
            passage: 0,
            sentence: s.clone(),
            span,
            answer: phrase.to_string(),
            key: phrase.to_lowercase(),
            surname_only: false,
            note: None,
            ask: None,
            within: None,
            article_year: None,
            lead: None,
        });
    }
    let text = &p.text[s.clone()];
    for g in &scan.quotes {
        let quoted = &text[g.clone()];
        let q = quoted.trim();
        if !quotable(q) {
            continue;
        }
        let start = s.start + g.start + (quoted.len() - quoted.trim_start().len());
        out.push(Blank {
            kind: Kind::What,
            passage: 0,
            sentence: s.clone(),
            span: start..start + q.len(),
            answer: q.to_string(),
            key: format!("quote:{}", q.to_lowercase()),
            surname_only: false,
            note: None,
            ask: None,
            within: None,
            article_year: None,
            lead: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_are_found_as_the_pattern_finds_them() {
        for text in [
            "He called it \"a good start.\" Then \"no\" and “yes,” and \"x\" or “ab” end.",
            "Unclosed \"quote here, and “one” after; “a.” “ab.” \"abc,\" “”",
            "A “nested “inner” one” and \"",
            &format!(
                "\"{}\" and \"{}.\" and \"{}.\"",
                "a".repeat(90),
                "b".repeat(90),
                "c".repeat(91)
            ),
            &format!("“{}” “{}”", "é".repeat(95), "ü".repeat(3)),
            "No quotation at all.",
        ] {
            let expected: Vec<Range<usize>> = QUOTE_RE
                .captures_iter(text)
                .map(|c| c.get(1).unwrap().range())
                .collect();
            assert_eq!(quotes_in(text), expected, "{text}");
        }
    }
}
