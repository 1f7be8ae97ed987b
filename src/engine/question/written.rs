//! A question typed without capitals ("when did vorna harbour police start …"): which of its
//! words the passages found for it write as names, so that it is read as it would be with them.
//!
//! The register and the gazetteer know people and places; a body, a company or a place outside
//! the gazetteer ("Vorna Harbour Police", "Skarvik") is known only by how the articles write it.
//! A word they write capitalised inside sentences, and never in lower case, is a name; one they
//! write both ways ("Police" in a body's name, "police" alone) is not. A sentence's first word
//! says nothing either way.

use std::collections::HashMap;

use super::words::words;
use super::Question;
use crate::engine::query;
use crate::index::StoredPassage;

/// A question's lower-case words the articles write as names, each with the articles' spelling.
pub type WrittenNames = HashMap<String, String>;

/// How the passages write one of the question's words: capitalised inside a sentence (with the
/// spelling), or in lower case.
#[derive(Default)]
struct Writing {
    capitalised: usize,
    lower: usize,
    spelling: String,
}

/// The words of a question typed without capitals that `passages` write as names. Empty for a
/// question written with capitals: its writer said which words are names.
pub fn names_written<'a>(
    q: &Question,
    passages: impl IntoIterator<Item = &'a StoredPassage>,
) -> WrittenNames {
    if words(&q.text).iter().skip(1).any(|w| w.capitalised) {
        return WrittenNames::new();
    }
    let mut seen: HashMap<String, Writing> = q
        .terms
        .iter()
        .filter(|t| !t.name && !query::is_stopword(&t.text))
        .map(|t| (t.text.to_lowercase(), Writing::default()))
        .collect();
    if seen.is_empty() {
        return WrittenNames::new();
    }
    for p in passages {
        for s in &p.sentences {
            let Some(sentence) = p.text.get(s.clone()) else {
                continue;
            };
            for w in sentence
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .skip(1)
            {
                let Some(writing) = seen.get_mut(&w.to_lowercase()) else {
                    continue;
                };
                if w.starts_with(char::is_uppercase) {
                    writing.capitalised += 1;
                    writing.spelling = w.to_string();
                } else {
                    writing.lower += 1;
                }
            }
        }
    }
    seen.into_iter()
        .filter(|(_, w)| w.capitalised > 0 && w.lower == 0)
        .map(|(word, w)| (word, w.spelling))
        .collect()
}
