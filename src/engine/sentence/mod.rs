//! The sentence answer: when no typed short answer stands, the one sentence of the cited passages
//! that holds the question, quoted whole.
//!
//! A sentence holds a question when it holds most of the question's weight (its words, rarer ones
//! weighing more), its names in the sentence or around it ("he said" after the name), at least one
//! of its other words, and, for a question asking for a thing of a kind (a date, a number, a
//! person, a place), a word of that kind besides the question's own. A sentence that holds less is
//! about something near the question, not an answer to it: the articles do not answer it.

mod dateline;
mod holds;
mod kind;

use std::collections::HashSet;
use std::ops::Range;

use super::answer::AnswerKind;
use super::question::Question;
use super::{short_answer, Scoped};
use crate::index::Hit;

pub use dateline::after_dateline;
pub use holds::{holds, weights, Weighing};
use kind::writes_the_focus;
pub use kind::{lists_names, names_a_body};

/// A sentence that holds the question, and where it is.
#[derive(Debug, Clone)]
pub struct Held {
    /// Index of its passage among the hits looked through.
    pub passage: usize,
    /// Byte range of the sentence in the passage.
    pub sentence: Range<usize>,
    /// Share of the question's weight the sentence holds, 0 to 1.
    pub share: f32,
    /// How it ranks against other sentences: its share, and its passage's search score.
    pub score: f32,
}

/// A sentence of another article within this much of the best makes the answer uncertain.
const RIVAL_MARGIN: f32 = 0.2;

/// How much the passage's search rank counts beside the share, when two sentences hold as much.
const RANK_WEIGHT: f32 = 0.15;

/// A sentence longer than this many words holds the question's words more often by chance.
const LONG_WORDS: usize = 25;

/// How much each further `LONG_WORDS` words lower a sentence's rank.
const LENGTH_WEIGHT: f32 = 0.12;

/// How rare (see [`weights`]) a name or number must be for two sentences that share it to agree:
/// a word in fewer than about one passage in four hundred, not "Minister" or "Turkish".
const RARE_NAME: f32 = 6.0;

/// The rare names and numbers a sentence adds to the question: two sentences that share one say the
/// same thing ("Ambassador Ilse Marken said" in two reports), not rival answers.
fn new_words(engine: &Scoped, q: &Question, sentence: &str) -> HashSet<String> {
    let asked = q.text.to_lowercase();
    sentence
        .split_whitespace()
        .skip(1)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && !asked.contains(&w.to_lowercase())
        })
        .flat_map(|w| engine.analyse(w))
        .filter(|t| engine.rarity(t) >= RARE_NAME)
        .collect()
}

/// A sentence that asks rather than states ("Was there a wiretap?", quoted in an article).
pub fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)".contains(c))
        .ends_with('?')
}

/// Words in a sentence, for weighing its length.
fn word_count(sentence: &str) -> usize {
    sentence.split_whitespace().count()
}

/// The sentence that answers the question: the one of the first `hits` that holds it best, else
/// the one of the best passage that holds most of it ([`Reach::Near`]). `found[i]` are the
/// question's words in the passage of `hits[i]`, `elsewhere[i]` their stems in its article's
/// other passages. The question's words are weighed once for both.
pub fn answering(
    engine: &Scoped,
    q: &Question,
    hits: &[Hit],
    found: &[Vec<(String, Range<usize>)>],
    elsewhere: &[HashSet<String>],
) -> Option<Held> {
    let (weights, written) = weighed(engine, q, found);
    let weighing = Weighing {
        weights: &weights,
        written: &written,
    };
    best(engine, q, &weighing, hits, found, elsewhere)
        .or_else(|| closest(engine, q, &weighing, hits, found, elsewhere))
}

/// The sentence of the first `hits` that holds the question best, if any does.
fn best(
    engine: &Scoped,
    q: &Question,
    weighing: &Weighing,
    hits: &[Hit],
    found: &[Vec<(String, Range<usize>)>],
    elsewhere: &[HashSet<String>],
) -> Option<Held> {
    let mut all: Vec<Held> = Vec::new();
    for (i, h) in hits.iter().enumerate().take(found.len()) {
        for s in &h.passage.sentences {
            let s = after_dateline(&h.passage.text, s);
            all.extend(held_at(
                engine,
                q,
                weighing,
                hits,
                i,
                s,
                &found[i],
                &elsewhere[i],
                Reach::Strict,
            ));
        }
    }
    all.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut it = all.into_iter();
    let held = it.next()?;
    // Another article's sentence holding the question nearly as well: which one answers is not
    // known, so neither is quoted as the answer.
    let text = |h: &Held| &hits[h.passage].passage.text[h.sentence.clone()];
    let margin = RIVAL_MARGIN;
    let said = new_words(engine, q, text(&held));
    let rival = it.take_while(|o| o.score > held.score - margin).any(|o| {
        hits[o.passage].passage.article != hits[held.passage].passage.article
            && text(&o) != text(&held)
            && said.is_disjoint(&new_words(engine, q, text(&o)))
    });
    (!rival).then_some(held)
}

/// How much of the question a sentence must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Any passage looked through: all of the question's words, bar what its kind allows.
    Strict,
    /// The best passage: half of its words other than names, when it asks for a date, number,
    /// amount, span or place (see [`reaches_near`]).
    Near,
}

/// Whether a question of this kind may be answered by a sentence of the best passage that holds
/// only most of it. A reporter words an event otherwise ("stranded" for "stuck", "received" for
/// "won"), so a sentence with the question's names and half its other words, in the passage the
/// search ranks first, often answers it; it does only when it also writes a thing of the kind
/// asked besides the question's own (a date, a number …), which a sentence merely about the
/// question's names seldom does. A person, a thing or a reason has no such mark: near sentences
/// for them answered as often wrongly as rightly on news questions.
fn reaches_near(kind: AnswerKind) -> bool {
    matches!(
        kind,
        AnswerKind::Date
            | AnswerKind::Number
            | AnswerKind::Amount
            | AnswerKind::Duration
            | AnswerKind::Place
    )
}

/// The weights of the question's words, and whether any passage looked through writes each.
fn weighed(
    engine: &Scoped,
    q: &Question,
    found: &[Vec<(String, Range<usize>)>],
) -> (Vec<f32>, Vec<bool>) {
    // An abbreviation some passage writes, as it is or spelled out, is needed like any name; one
    // none writes is left out (the articles may not use it).
    let written = q
        .terms
        .iter()
        .map(|t| found.iter().flatten().any(|(stem, _)| t.matches(stem)))
        .collect();
    (weights(engine, q), written)
}

/// The sentence of the best passage that holds most of the question ([`Reach::Near`]), when no
/// sentence holds all of it.
fn closest(
    engine: &Scoped,
    q: &Question,
    weighing: &Weighing,
    hits: &[Hit],
    found: &[Vec<(String, Range<usize>)>],
    elsewhere: &[HashSet<String>],
) -> Option<Held> {
    if !reaches_near(q.kind) || found.is_empty() {
        return None;
    }
    let best = hits.first()?;
    best.passage
        .sentences
        .iter()
        .filter_map(|s| {
            let s = after_dateline(&best.passage.text, s);
            held_at(
                engine,
                q,
                weighing,
                hits,
                0,
                s,
                &found[0],
                &elsewhere[0],
                Reach::Near,
            )
        })
        .max_by(|a, b| a.score.total_cmp(&b.score))
}

/// Sentence `s` of `hits[i]` (its dateline left out) as an answer, when it holds the question.
#[allow(clippy::too_many_arguments)]
fn held_at(
    engine: &Scoped,
    q: &Question,
    weighing: &Weighing,
    hits: &[Hit],
    i: usize,
    s: Range<usize>,
    found: &[(String, Range<usize>)],
    elsewhere: &HashSet<String>,
    reach: Reach,
) -> Option<Held> {
    let h = hits.get(i)?;
    let share = holds(q, weighing, &h.passage, &s, found, elsewhere, reach)?;
    if !writes_the_focus(engine, q, &h.passage.text[s.clone()]) {
        return None;
    }
    if q.kind == AnswerKind::Date
        && !short_answer::dates_the_event(engine, q, &h.passage, &s, found)
    {
        return None;
    }
    let best_score = hits.first()?.score.max(f32::EPSILON);
    let long = word_count(&h.passage.text[s.clone()]).saturating_sub(LONG_WORDS) as f32;
    let score =
        share + RANK_WEIGHT * h.score / best_score - LENGTH_WEIGHT * long / LONG_WORDS as f32;
    tracing::debug!(share, score, sentence = %&h.passage.text[s.clone()], "holds");
    Some(Held {
        passage: i,
        sentence: s,
        share,
        score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_question_is_a_question() {
        assert!(is_question("\"Will the channel be deep enough?\""));
        assert!(!is_question("They asked whether it would be deep enough."));
    }
}
