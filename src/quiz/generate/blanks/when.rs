//! Year blanks: the year of an explicit date.

use std::ops::Range;

use super::Blank;
use crate::index::StoredPassage;
use crate::quiz::{Kind, Note};

/// A blank for the year of each explicit date in sentence `s` of `p`.
pub(crate) fn when_blanks(p: &StoredPassage, s: &Range<usize>, out: &mut Vec<Blank>) {
    for d in p.mentions.dates.iter().filter(|d| !d.relative) {
        if d.start < s.start || d.end > s.end {
            continue;
        }
        let year = d.value.year.to_string();
        let Some(at) = d.text.find(&year) else {
            continue;
        };
        let start = d.start + at;
        let end = start + year.len();
        // "the 1990s", "2000's": a decade, not a year.
        if p.text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '’') {
            continue;
        }
        out.push(Blank {
            kind: Kind::When,
            passage: 0,
            sentence: s.clone(),
            span: start..end,
            answer: year.clone(),
            key: year,
            surname_only: false,
            note: (d.text != d.value.year.to_string()).then(|| Note::Written(d.text.clone())),
            ask: None,
            within: None,
            article_year: p.source.date.map(|d| d.year),
            lead: None,
        });
    }
}
