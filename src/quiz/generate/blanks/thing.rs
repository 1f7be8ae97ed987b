//! Thing blanks: the name of an agreement or a body, and short quotations.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Blank;
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

pub(crate) static QUOTE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["“]([^"“”]{2,90}?)[.,]?["”]"#).expect("quote pattern compiles")
});

/// A quotation short enough to be a choice, and not one with quotes inside it.
pub(crate) fn quotable(q: &str) -> bool {
    (1..=12).contains(&q.split_whitespace().count()) && !q.contains(['\'', '‘'])
}

/// Words that make a capitalised run a title, a weekday, a month or an article's furniture rather
/// than the name of a thing.
const NOT_THINGS: [&str; 35] = [
    "president",
    "prime",
    "minister",
    "ministers",
    "deputy",
    "foreign",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "however",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "last",
    "for",
];

/// Whether a word keeps a capitalised run from naming a thing: a title, weekday, month or
/// connective ([`NOT_THINGS`]), or a country's word ("Russian", "Tokyo"), which says whose the
/// thing is, not what it is.
fn not_thing(word: &str) -> bool {
    NOT_THINGS.contains(&word) || crate::extract::countries::of_word(word).is_some()
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

/// A blank for each agreement or body named in sentence `s` of `p`, and each short quotation.
pub(crate) fn what_blanks(p: &StoredPassage, s: &Range<usize>, out: &mut Vec<Blank>) {
    for (phrase, span) in phrases_in(p, s) {
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
    for c in QUOTE_RE.captures_iter(text) {
        let g = c.get(1).expect("group 1");
        let q = g.as_str().trim();
        if !quotable(q) {
            continue;
        }
        let start = s.start + g.start() + (g.as_str().len() - g.as_str().trim_start().len());
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
