//! Thing distractors: an agreement for an agreement and a body for a body, never another name of
//! the answer; a quotation only with quotations of its grammatical shape, so each reads in the
//! sentence's place.

use super::Candidate;
use crate::quiz::generate::blanks::{thing_class, Blank};
use crate::quiz::generate::material::Pools;
use crate::quiz::generate::text::contains_word;

/// Words that open a noun phrase.
const DETERMINERS: [&str; 14] = [
    "a", "an", "the", "this", "that", "these", "those", "our", "their", "his", "her", "its", "my",
    "no",
];

/// The grammatical shape of a quotation: what it can stand for in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteShape {
    /// A whole sentence: capitalised, three words or more ("We came to listen").
    Sentence,
    /// A noun phrase: opens with a determiner ("a step backwards").
    NounPhrase,
    /// Another fragment: an adjective or a verb phrase, by its length and whether it ends in a
    /// past participle ("still big", "significantly improved").
    Fragment {
        /// More than two words.
        long: bool,
        /// Ends in "-ed".
        participle: bool,
    },
}

/// The shape of quotation `q`.
pub(crate) fn quote_shape(q: &str) -> QuoteShape {
    let words: Vec<&str> = q.split_whitespace().collect();
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    if q.starts_with(char::is_uppercase) && words.len() >= 3 {
        QuoteShape::Sentence
    } else if DETERMINERS.contains(&first.as_str()) && words.len() > 1 {
        // "no" alone answers; "no way" names.
        QuoteShape::NounPhrase
    } else {
        let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
        QuoteShape::Fragment {
            long: words.len() > 2,
            participle: last.len() > 4 && last.ends_with("ed"),
        }
    }
}

/// Other quotations of the answer's shape, or other agreements or bodies of its class.
pub(super) fn candidates(
    b: &Blank,
    pools: &Pools,
    absent: &dyn Fn(&str) -> bool,
) -> Vec<Candidate> {
    let quote = b.key.starts_with("quote:");
    let pool = if quote { &pools.quotes } else { &pools.phrases };
    // A ministry for a ministry, a treaty for a treaty: another kind of thing is guessed away at a
    // glance; so is a quotation that does not read in the sentence.
    let class = thing_class(&b.answer);
    let shape = quote_shape(&b.answer);
    pool.values()
        .filter(|v| {
            if quote {
                quote_shape(v) == shape
            } else {
                thing_class(v) == class
            }
        })
        .filter(|v| !same_thing(v, &b.answer))
        .filter(|v| absent(v))
        .map(|v| Candidate::best(v.clone()))
        .collect()
}

/// Initials of a phrase's words ("World War II" → "WWII"), to catch an acronym of the answer.
fn initials(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .filter(|w| *w != "of")
        .map(|w| {
            if w.chars().all(|c| "IVX".contains(c)) {
                w.to_string()
            } else {
                w.chars().next().map(String::from).unwrap_or_default()
            }
        })
        .collect::<String>()
        .to_lowercase()
}

/// Two phrases that may name the same thing: equal, one inside the other, or an acronym.
fn same_thing(a: &str, b: &str) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    la == lb
        || contains_word(&la, &lb)
        || contains_word(&lb, &la)
        || initials(a) == squash(b)
        || initials(b) == squash(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_contained_phrases_name_the_same_thing() {
        assert!(same_thing("World War II", "WWII"));
        assert!(same_thing("Foreign Ministry", "Russian Foreign Ministry"));
        assert!(!same_thing("Jiji Press", "Group of Seven"));
    }

    #[test]
    fn quotations_of_one_shape_read_in_each_others_place() {
        assert_eq!(quote_shape("The harbour is closed"), QuoteShape::Sentence);
        assert_eq!(quote_shape("a step too far"), QuoteShape::NounPhrase);
        assert_eq!(quote_shape("still big"), quote_shape("very slow"));
        assert_ne!(quote_shape("greatly improved"), quote_shape("very slow"));
        assert_ne!(quote_shape("slow"), quote_shape("a slow start"));
        assert_eq!(quote_shape("no easy way"), QuoteShape::NounPhrase);
        assert_ne!(quote_shape("no"), quote_shape("no easy way"));
        assert_ne!(
            quote_shape("far too slow for us"),
            quote_shape("We will not wait")
        );
    }
}
