//! "He said the talks would go on": a sentence that goes on about the person the passage has just
//! named, by a pronoun. A name the question gives is then in that sentence as much as if it were
//! written there, for weighing the sentence and for finding the answer beside it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::index::StoredPassage;

/// Third-person pronouns that stand for one person.
const PERSONAL: [&str; 5] = ["he", "she", "him", "his", "her"];

/// The pronoun in sentence `s` of `p` that stands for the person named at `named` (a byte range
/// earlier in the passage), when that person is the last one the passage names before the
/// sentence and the sentence names nobody before its first such pronoun. A pronoun after another
/// person's name may be that person's, so it stands for nobody here.
pub fn refers_back(
    p: &StoredPassage,
    s: &Range<usize>,
    named: &Range<usize>,
) -> Option<Range<usize>> {
    if named.end > s.start {
        return None;
    }
    let people = &p.mentions.people;
    let last = people.iter().rfind(|m| m.end <= s.start)?;
    let of = people
        .iter()
        .find(|m| m.start <= named.start && named.end <= m.end)?;
    if of.person != last.person {
        return None;
    }
    let pronoun = first_pronoun(&p.text[s.clone()]).map(|r| s.start + r.start..s.start + r.end)?;
    let named_before = people
        .iter()
        .any(|m| m.start >= s.start && m.start < pronoun.start);
    (!named_before).then_some(pronoun)
}

/// Where `text` refers to two countries named before it as a pair: "the two countries", "both
/// sides", "the two neighbours".
pub fn names_a_pair(text: &str) -> Option<Range<usize>> {
    static PAIR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:the\s+two|both)\s+(?:countries|nations|sides|neighbou?rs|governments|states|capitals)\b")
            .expect("pattern compiles")
    });
    PAIR.find(text).map(|m| m.range())
}

/// The byte range of the first personal pronoun in `text`.
fn first_pronoun(text: &str) -> Option<Range<usize>> {
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_alphabetic()) {
            (None, true) => start = Some(i),
            (Some(b), false) => {
                if PERSONAL.contains(&text[b..i].to_lowercase().as_str()) {
                    return Some(b..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_personal_pronoun_is_found_as_a_whole_word() {
        let text = "Then the chair said she would go; her aides agreed.";
        assert_eq!(first_pronoun(text).map(|r| &text[r]), Some("she"));
        assert_eq!(first_pronoun("The shepherd and the heron left."), None);
        assert_eq!(first_pronoun("He left."), Some(0..2));
    }

    #[test]
    fn two_countries_named_as_a_pair() {
        assert!(names_a_pair("The two countries signed a document.").is_some());
        assert!(names_a_pair("Both sides agreed to talk.").is_some());
        assert!(names_a_pair("the two neighbours met").is_some());
        assert!(names_a_pair("Two countries abstained.").is_none());
        assert!(names_a_pair("both of them").is_none());
    }
}
