//! Finding the blanks of a sentence: one module per kind of thing blanked out, each deciding
//! where in the sentence its kind of answer stands (mirroring `engine/short_answer/`).

mod number;
mod people;
mod place;
mod thing;
mod when;

use std::ops::Range;

use super::lead::Lead;
use crate::index::StoredPassage;
use crate::quiz::{Kind, Note};

pub(crate) use number::{format_number, how_many_blanks, number_value, NUMBER_WORDS};
pub(crate) use people::{is_subject_verb, shared_surname, surname, who_blanks};
pub(crate) use place::where_blanks;
pub(crate) use thing::{quotable, thing_class, what_blanks};
pub(crate) use when::when_blanks;

/// One thing that can be blanked out of a sentence, before distractors are chosen.
#[derive(Debug, Clone)]
pub(crate) struct Blank {
    /// What it asks for.
    pub(crate) kind: Kind,
    /// Which of the material's passages it comes from.
    pub(crate) passage: usize,
    /// Byte range of the sentence in the paragraph.
    pub(crate) sentence: Range<usize>,
    /// Byte range of the answer in the paragraph.
    pub(crate) span: Range<usize>,
    /// The answer as the article writes it.
    pub(crate) answer: String,
    /// Canonical answer (see [`Fact::answer`]).
    pub(crate) key: String,
    /// How the choices are written: full names or surnames, for people.
    pub(crate) surname_only: bool,
    /// More about the answer for the reveal.
    pub(crate) note: Option<Note>,
    /// What a person is asked about outright, when the sentence opens with them: the rest of
    /// it ("headed the talks", for "Who headed the talks?").
    pub(crate) ask: Option<String>,
    /// For a place: the place the sentence puts it in ("in northeastern China"), whose parts
    /// alone may be its distractors.
    pub(crate) within: Option<String>,
    /// The year of the article's date, which a year's distractors must keep to the answer's side
    /// of.
    pub(crate) article_year: Option<i32>,
    /// Whom or what the sentence's opening pronoun or reference stands for, shown in brackets.
    pub(crate) lead: Option<Lead>,
}

/// What the patterns find in one sentence: its capitalised phrases naming a thing, its
/// quotations and its counts. A draw reads each candidate sentence for both the distractor
/// pools and the blanks; the patterns run once for both (they were most of a draw's time).
pub(crate) struct Scan<'t> {
    /// Phrases naming a thing, with their byte ranges in the paragraph (see `thing.rs`).
    pub(crate) phrases: Vec<(&'t str, Range<usize>)>,
    /// The quoted words of each quotation, as byte ranges of the sentence.
    pub(crate) quotes: Vec<Range<usize>>,
    /// Each number and the noun it counts, as byte ranges of the sentence.
    pub(crate) counts: Vec<(Range<usize>, Range<usize>)>,
}

impl<'t> Scan<'t> {
    /// Scans sentence `s` of `p`.
    pub(crate) fn of(p: &'t StoredPassage, s: &Range<usize>) -> Scan<'t> {
        let text = &p.text[s.clone()];
        Scan {
            phrases: thing::phrases_in(p, s),
            quotes: thing::quotes_in(text),
            counts: number::counts_in(text),
        }
    }
}
