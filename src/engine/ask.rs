//! `/ask QUESTION`: finds the kind of answer the question wants, the passage that holds it, and
//! a short answer taken from the cited sentence. When no sentence holds one, it says so.

use std::collections::HashSet;
use std::ops::Range;

use super::query;
use super::{people, places, short_answer, text, Citation, Engine, Reply};
use crate::error::Result;
use crate::index::StoredPassage;

/// The kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A person ("Who …?").
    Person,
    /// A date ("When …?", "In what year …?").
    Date,
    /// A place ("Where …?", "In which city …?").
    Place,
    /// A number ("How many …?").
    Number,
    /// A phrase from the sentence ("What …?", "Which …?").
    Phrase,
}

const PLACE_NOUNS: [&str; 12] = [
    "city", "town", "country", "island", "islands", "place", "resort", "region", "capital", "sea",
    "state", "location",
];
const PERSON_NOUNS: [&str; 10] = [
    "person",
    "leader",
    "minister",
    "official",
    "diplomat",
    "president",
    "envoy",
    "man",
    "woman",
    "politician",
];
const DATE_NOUNS: [&str; 4] = ["year", "date", "month", "day"];

/// Reads the kind of answer from the question's first words.
pub fn detect(question: &str) -> Want {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| {
            matches!(
                *w,
                "in" | "on" | "at" | "from" | "to" | "for" | "by" | "with" | "and" | "so"
            )
        })
        .collect();
    let first = words.first().copied().unwrap_or("");
    let second = words.get(1).copied().unwrap_or("");
    match first {
        "who" | "whom" | "whose" => Want::Person,
        "when" => Want::Date,
        "where" => Want::Place,
        "how" if matches!(second, "many" | "much" | "long" | "far" | "old") => Want::Number,
        "what" | "which" if DATE_NOUNS.contains(&second) => Want::Date,
        "what" | "which" if PLACE_NOUNS.contains(&second) => Want::Place,
        "what" | "which" if PERSON_NOUNS.contains(&second) => Want::Person,
        _ => Want::Phrase,
    }
}

/// A short answer found in one sentence of one passage.
struct Found {
    passage: StoredPassage,
    span: Range<usize>,
    answer: String,
    score: f32,
}

/// Answers `/ask`.
pub fn ask(engine: &Engine, question: &str) -> Result<Reply> {
    let want = detect(question);
    // "Who is Lavrov?" and "Where is Hokkaido?" ask for a description: the /who and /where answers.
    let subject = query::content_words(question).join(" ");
    if want == Want::Person && engine.register().find(&subject).0 >= 80 {
        return people::who(engine, &subject);
    }
    if want == Want::Place && engine.gazetteer.lookup(&subject).is_some() {
        return places::place(engine, &subject);
    }
    let tokens = query::query_tokens(engine, question);
    let hits = text::hits(engine, question, &tokens)?;
    if hits.is_empty() {
        return Ok((
            Some(query::no_mention(
                question,
                "Try other words, or /search for a phrase.",
            )),
            Vec::new(),
            Vec::new(),
        ));
    }
    let best_score = hits[0].score.max(f32::EPSILON);
    let mut best: Option<Found> = None;
    for h in hits.iter().take(8) {
        let matches = query::matches_in(engine, &h.passage, &tokens);
        for s in &h.passage.sentences {
            let in_sentence: Vec<Range<usize>> = matches
                .iter()
                .filter(|m| m.start >= s.start && m.end <= s.end)
                .cloned()
                .collect();
            let overlap: HashSet<&str> = in_sentence
                .iter()
                .map(|r| &h.passage.text[r.clone()])
                .collect();
            if overlap.is_empty() {
                continue;
            }
            let Some(found) =
                short_answer::find(engine, want, question, &h.passage, s.clone(), &in_sentence)
            else {
                continue;
            };
            let (span, answer) = (found.span, found.text);
            let score = h.score / best_score + overlap.len() as f32 * 0.35 + found.fit;
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(Found {
                    passage: h.passage.clone(),
                    span,
                    answer,
                    score,
                });
            }
        }
    }
    let mut first: Option<Citation> = None;
    let answer = match &best {
        Some(f) => {
            first = Some(query::cite(
                engine,
                &f.passage,
                vec![f.span.clone()],
                &tokens,
            ));
            f.answer.clone()
        }
        None => {
            "The articles do not answer that directly; the closest passages are below.".to_string()
        }
    };
    let citations = first.into_iter().chain(
        hits.iter()
            .map(|h| query::cite(engine, &h.passage, Vec::new(), &tokens)),
    );
    Ok((
        Some(answer),
        query::finish(citations, engine.max_citations),
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_kind_of_answer() {
        assert_eq!(
            detect("Who visited the disputed islands last year?"),
            Want::Person
        );
        assert_eq!(detect("When was the Krasnoyarsk summit?"), Want::Date);
        assert_eq!(
            detect("In which city did Putin first meet Abe?"),
            Want::Place
        );
        assert_eq!(
            detect("In what year was the declaration signed?"),
            Want::Date
        );
        assert_eq!(detect("How many islands are in dispute?"), Want::Number);
        assert_eq!(detect("How long were the prisoners held?"), Want::Number);
        assert_eq!(
            detect("What did Putin call the most important thing?"),
            Want::Phrase
        );
        assert_eq!(detect("Which minister met Kishida?"), Want::Person);
    }
}
