//! Study-group quizzes: multiple-choice questions drawn from the articles, each with the cited
//! sentence that proves its answer, and the storage that keeps scores between runs.
//!
//! Sits beside the engine: it reads what the engine extracted (passages with their people,
//! places and dates, the people register, the gazetteer) through small accessors on
//! [`Engine`], and knows nothing of Discord or terminals.
//!
//! Architecture invariant: every question is checkable. Its answer is the article's own words
//! in its cited excerpt; no distractor appears in that excerpt or names the same thing (another
//! name of the place, another form of the person, a place containing it); the question text
//! holds no form of the answer; and [`select`] never puts two questions about the same fact in
//! one quiz. Generation is a pure function of the corpus and the seed.

mod generate;
mod options;
mod question;
pub mod rng;
pub mod store;

use std::collections::BTreeSet;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::engine::{QuizScope, Scoped};
use crate::error::Result;
pub use options::{Difficulty, Mode, UnknownOption, CORE_ARTICLES};
pub use question::{Note, Question, QuizCitation, QuizSource};
pub use store::{
    AnswerRecord, LeaderboardPage, NewQuiz, OpenQuiz, PlayerRecord, PostgresStore, QuizStatus,
    QuizStore, SqliteStore, Standing, StoreError,
};

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A person, from what they did or the title the article gives them.
    Who,
    /// The year of an event.
    When,
    /// A place (its other names are shown with the answer).
    Where,
    /// A key phrase: a name of a thing, or words the article quotes.
    What,
    /// A number.
    HowMany,
}

impl Kind {
    /// Every kind, in the order questions are reported.
    pub const ALL: [Kind; 5] = [
        Kind::Who,
        Kind::When,
        Kind::Where,
        Kind::What,
        Kind::HowMany,
    ];

    /// The kind as it is written in JSON, e.g. `how_many`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Who => "who",
            Kind::When => "when",
            Kind::Where => "where",
            Kind::What => "what",
            Kind::HowMany => "how_many",
        }
    }
}

/// What a question is about: its answer and the sentence it was cut from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fact {
    /// The answer, canonical: a person's id, a place's display name, a year, a lower-cased
    /// phrase or a number.
    pub answer: String,
    /// Article index, paragraph number and the sentence's first byte.
    pub sentence: (usize, usize, usize),
    /// The sentence's content words (lower case, answer left out).
    pub context: BTreeSet<String>,
}

/// Context overlap above which two questions with the same answer are one fact told twice
/// (e.g. the 1956 declaration in two articles).
const SAME_FACT_OVERLAP: f64 = 0.2;

/// Whether two questions ask about the same fact, so one quiz must not hold both: they come
/// from the same sentence (one's reveal would answer the other), or they have the same kind and
/// answer and their sentences say much the same.
pub fn same_fact(a: &Question, b: &Question) -> bool {
    if a.fact.sentence == b.fact.sentence {
        return true;
    }
    if a.kind != b.kind || a.fact.answer != b.fact.answer {
        return false;
    }
    // A key phrase or a number is the whole fact; anything else needs similar context.
    if matches!(a.kind, Kind::What | Kind::HowMany) {
        return true;
    }
    let shared = a.fact.context.intersection(&b.fact.context).count();
    let all = a.fact.context.union(&b.fact.context).count();
    all > 0 && shared as f64 / all as f64 >= SAME_FACT_OVERLAP
}

/// Forgets what draws keep for the next draw of the same quiz (see [`draw`]), so the next one
/// reads its material afresh: for benchmarks that time a draw from nothing against a reused one.
#[doc(hidden)]
pub fn forget_kept_materials() {
    generate::forget_kept();
}

/// The bank: every question the default candidate passages yield (the dispute's first, at most
/// [`QUIZ_PASSAGES`]), in their order, varied (no answer in more than 5 % of the bank, no
/// distractor in more than 10 % of its questions). `seed` picks the distractors and the order of
/// the choices; the same index and seed always give the same questions.
pub fn generate(engine: Scoped<'_>, seed: u64) -> Result<Vec<Question>> {
    generate::all(engine, seed)
}

pub use generate::{BLANK, QUIZ_PASSAGES};

/// Every question each blank of the default candidate passages makes, without the variety caps
/// of [`generate`]: what a quiz may draw from (a quiz may ask a question the varied bank leaves
/// out, since its own answers never repeat).
pub fn every(engine: Scoped<'_>, seed: u64) -> Result<Vec<Question>> {
    Ok(generate::Material::read(engine, None, Difficulty::Hard)?.every(seed))
}

/// The questions of one quiz, drawn when it starts: up to `count`, from at most
/// [`QUIZ_PASSAGES`] candidate passages the index selects for `topic` (the dispute's articles
/// when there is none), picked and laid out by `seed`. Its cost does not grow with the
/// collection, and articles ingested since the last quiz are among the candidates. The blanks
/// found in the candidates are kept for the next draw of the same quiz (audience, topic,
/// difficulty), which reuses them while the index hands over the same passages.
pub fn draw(
    engine: Scoped<'_>,
    count: usize,
    seed: u64,
    topic: Option<&Topic>,
) -> Result<Vec<Question>> {
    draw_at(engine, count, seed, topic, Difficulty::Hard)
}

/// [`draw`] at a difficulty: [`Difficulty::Easy`] asks only the core facts (who, when and where
/// of a person, place or year at least [`CORE_ARTICLES`] candidate articles name).
pub fn draw_at(
    engine: Scoped<'_>,
    count: usize,
    seed: u64,
    topic: Option<&Topic>,
    difficulty: Difficulty,
) -> Result<Vec<Question>> {
    Ok(generate::Material::read(engine, topic, difficulty)?.draw(count, seed))
}

/// The bank of the candidate passages of `topic` (or the default ones), varied as
/// [`generate`]'s, handed to `each` one at a time in passage order. `each` returns `false` to
/// stop.
pub fn for_each<E: From<crate::Error>>(
    engine: Scoped<'_>,
    seed: u64,
    topic: Option<&Topic>,
    each: impl FnMut(Question) -> std::result::Result<bool, E>,
) -> std::result::Result<(), E> {
    for_each_at(engine, seed, topic, Difficulty::Hard, each)
}

/// [`for_each`] at a difficulty (see [`draw_at`]).
pub fn for_each_at<E: From<crate::Error>>(
    engine: Scoped<'_>,
    seed: u64,
    topic: Option<&Topic>,
    difficulty: Difficulty,
    mut each: impl FnMut(Question) -> std::result::Result<bool, E>,
) -> std::result::Result<(), E> {
    for q in generate::Material::read(engine, topic, difficulty)?.bank(seed) {
        if !each(q)? {
            break;
        }
    }
    Ok(())
}

/// What a quiz is about, as the player typed it: a person, a place, a year or free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The words as typed.
    pub label: String,
    /// Which passages the index hands the quiz.
    scope: QuizScope,
    /// Lower-cased words any of which in a question's excerpt (or answer) makes it on topic.
    needles: Vec<Vec<String>>,
}

/// Years a topic of four digits is read as.
const TOPIC_YEARS: std::ops::RangeInclusive<i32> = 1000..=2100;

impl Topic {
    /// Reads a topic: a known person (any form of the name), a place (any of its names, and
    /// its parts), a year, or free text (every content word must appear). Cheap at any size:
    /// the person is found through the register's word table.
    pub fn parse(engine: Scoped<'_>, text: &str) -> Option<Topic> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        let lower = t.to_lowercase();
        let mut needles: Vec<Vec<String>> = Vec::new();
        let scope;
        if let Some(p) = engine.person_with_form(t) {
            needles.extend(p.forms.iter().map(|f| vec![f.to_lowercase()]));
            scope = QuizScope::Person(p.id);
        } else if let Some(place) = engine.gazetteer().lookup(t) {
            let g = engine.gazetteer();
            let mut places = vec![place];
            let mut i = 0;
            while i < places.len() {
                let parts = g.parts_of(&places[i].name);
                places.extend(parts);
                i += 1;
            }
            for p in &places {
                needles.extend(p.all_names().into_iter().map(|n| vec![n.to_lowercase()]));
            }
            scope = QuizScope::Places(places.iter().map(|p| p.name.clone()).collect());
        } else if let Some(year) = t
            .parse::<i32>()
            .ok()
            .filter(|y| t.len() == 4 && TOPIC_YEARS.contains(y))
        {
            needles.push(vec![t.to_string()]);
            scope = QuizScope::Year(year);
        } else {
            let words: Vec<String> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
                .filter(|w| !generate::is_stopword(w))
                .map(str::to_string)
                .collect();
            if words.is_empty() {
                return None;
            }
            scope = QuizScope::Words(words.join(" "));
            needles.push(words);
        }
        Some(Topic {
            label: t.to_string(),
            scope,
            needles,
        })
    }

    /// Whether a question is about this topic.
    pub fn matches(&self, q: &Question) -> bool {
        self.matches_text(&q.citation.excerpt, q.right())
    }

    /// Whether a sentence, or the answer blanked out of it, is about this topic.
    fn matches_text(&self, sentence: &str, answer: &str) -> bool {
        let hay = format!("{sentence} {answer}").to_lowercase();
        self.needles
            .iter()
            .any(|all| all.iter().all(|w| generate::contains_word(&hay, w)))
    }
}

/// Picks up to `n` questions for one quiz: shuffled by `seed`, on `topic` if one is given, never
/// two about the same fact and never two with the same answer.
pub fn select(questions: &[Question], n: usize, seed: u64, topic: Option<&Topic>) -> Vec<Question> {
    let mut order: Vec<&Question> = questions
        .iter()
        .filter(|q| topic.is_none_or(|t| t.matches(q)))
        .collect();
    rng::Rng::new(seed).shuffle(&mut order);
    let mut out: Vec<Question> = Vec::with_capacity(n.min(questions.len()));
    for q in order {
        if out.len() >= n {
            break;
        }
        if !out
            .iter()
            .any(|o| same_fact(o, q) || o.fact.answer.eq_ignore_ascii_case(&q.fact.answer))
        {
            out.push(q.clone());
        }
    }
    out
}

/// Points for a right answer given after `elapsed` of a question open for `limit`: 10, plus up to
/// 10 more the faster it came. A wrong answer scores nothing.
pub fn points(right: bool, elapsed: Duration, limit: Duration) -> u32 {
    if !right {
        return 0;
    }
    let limit = limit.as_secs_f64().max(0.001);
    let left = (1.0 - elapsed.as_secs_f64() / limit).clamp(0.0, 1.0);
    10 + (left * 10.0).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: Kind, answer: &str, sentence: usize, context: &[&str]) -> Question {
        Question {
            id: format!("{}-{sentence}", kind.name()),
            kind,
            sentence: String::new(),
            predicate: None,
            choices: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            answer: 0,
            citation: QuizCitation {
                excerpt: String::new(),
                source: QuizSource {
                    id: "a.txt".into(),
                    title: String::new(),
                    outlet: String::new(),
                    date: None,
                    paragraph: 1,
                },
            },
            note: None,
            fact: Fact {
                answer: answer.into(),
                sentence: (0, 1, sentence),
                context: context.iter().map(|s| s.to_string()).collect(),
            },
        }
    }

    #[test]
    fn same_fact_needs_same_answer_and_similar_words_or_one_sentence() {
        let a = q(
            Kind::When,
            "1956",
            0,
            &["declaration", "war", "signed", "moscow"],
        );
        let b = q(
            Kind::When,
            "1956",
            10,
            &["declaration", "war", "inked", "russia"],
        );
        let c = q(
            Kind::When,
            "1960",
            20,
            &["declaration", "war", "signed", "moscow"],
        );
        let d = q(Kind::Who, "putin", 30, &["arrived", "thursday"]);
        let e = q(Kind::Who, "putin", 40, &["relax", "rules", "visit"]);
        let f = q(Kind::Where, "Tokyo", 30, &[]);
        assert!(same_fact(&a, &b));
        assert!(!same_fact(&a, &c));
        assert!(!same_fact(&d, &e), "two things Putin did are two facts");
        assert!(
            same_fact(&d, &f),
            "two blanks in one sentence give each other away"
        );
    }

    #[test]
    fn select_keeps_one_question_per_fact_and_is_deterministic() {
        let qs = vec![
            q(Kind::When, "1956", 0, &["declaration", "war"]),
            q(Kind::When, "1956", 10, &["declaration", "war"]),
            q(Kind::Who, "abe", 20, &["met"]),
            q(Kind::Who, "putin", 30, &["arrived"]),
        ];
        let picked = select(&qs, 10, 5, None);
        assert_eq!(picked.len(), 3);
        assert_eq!(select(&qs, 10, 5, None), picked);
        assert_eq!(select(&qs, 2, 5, None).len(), 2);
    }

    #[test]
    fn faster_right_answers_score_more() {
        let limit = Duration::from_secs(20);
        assert_eq!(points(false, Duration::ZERO, limit), 0);
        assert_eq!(points(true, Duration::ZERO, limit), 20);
        assert_eq!(points(true, limit, limit), 10);
        assert_eq!(points(true, Duration::from_secs(60), limit), 10);
        assert!(
            points(true, Duration::from_secs(5), limit)
                > points(true, Duration::from_secs(15), limit)
        );
    }
}
