//! Person blanks: a person named in the sentence, and the question asked outright when the
//! sentence opens with them.

use std::ops::Range;

use super::Blank;
use crate::extract::Person;
use crate::index::StoredPassage;
use crate::quiz::generate::material::Pools;
use crate::quiz::{Kind, Note};

/// The surname of a person: the last word of the full name.
pub(crate) fn surname(p: &Person) -> &str {
    p.name.split_whitespace().last().unwrap_or(&p.name)
}

/// A blank for each person named in sentence `s` of `p` by full name or surname.
pub(crate) fn who_blanks(p: &StoredPassage, s: &Range<usize>, pools: &Pools, out: &mut Vec<Blank>) {
    for m in &p.mentions.people {
        if m.start < s.start || m.end > s.end {
            continue;
        }
        let Some(person) = pools.person(&m.person) else {
            continue;
        };
        let written = &p.text[m.start..m.end];
        let surname_only = written != person.name;
        if surname_only && written != surname(person) {
            continue;
        }
        let note = Some(Note::Person {
            name: person.name.clone(),
            role: person.roles.first().map(|r| r.role.clone()),
        });
        out.push(Blank {
            kind: Kind::Who,
            passage: 0,
            sentence: s.clone(),
            span: m.start..m.end,
            answer: written.to_string(),
            key: person.id.clone(),
            surname_only,
            note,
            ask: who_question(&p.text, s, m.start..m.end),
            within: None,
            article_year: None,
            lead: None,
        });
    }
}

/// Words after a sentence's subject that make "Who …?" of the rest: auxiliaries and common
/// irregular past forms (regular ones end in "-ed").
const SUBJECT_VERBS: [&str; 32] = [
    "was", "is", "has", "had", "will", "would", "could", "can", "may", "might", "should", "said",
    "says", "told", "met", "held", "led", "made", "took", "gave", "sent", "went", "came", "became",
    "wrote", "spoke", "left", "won", "put", "set", "did", "does",
];

/// Whether `word` reads as the verb of a subject before it: an auxiliary, a common irregular
/// past form, or a regular past form ("declared").
pub(crate) fn is_subject_verb(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
        && (word.len() > 4 && word.ends_with("ed") || SUBJECT_VERBS.contains(&word))
}

/// "headed the Russian side of the talks" from "Karasin headed the Russian side of the talks.":
/// when the sentence opens with the person and a verb follows, the rest is what they may be asked
/// about outright ("Who headed …?"). None when the rest quotes or refers back to something the
/// question would not show.
fn who_question(text: &str, s: &Range<usize>, name: Range<usize>) -> Option<String> {
    if name.start != s.start {
        return None;
    }
    let sentence = &text[s.clone()];
    let rest = text[name.end..s.end].trim_start();
    let verb: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    let is_verb = is_subject_verb(&verb);
    let body = rest.strip_suffix('.')?;
    if !is_verb
        || !sentence.ends_with('.')
        || body.contains(['"', '“', '”', '?', '!'])
        || body.split_whitespace().count() < 3
    {
        return None;
    }
    Some(body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subjects_verb_is_an_auxiliary_or_a_past_form() {
        for w in ["took", "declared", "did", "has", "cancelled"] {
            assert!(is_subject_verb(w), "{w}");
        }
        // A noun the name modifies, a short "-ed" word, or a capitalised word is not.
        for w in ["troops", "red", "Declared", "forces", ""] {
            assert!(!is_subject_verb(w), "{w}");
        }
    }
}
