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
        // A surname several people share ("Thomas", "Trump" of one family) says nobody in
        // particular: asked alone, the reader cannot know whom it means.
        if surname_only && shared_surname(written, &person.id, pools) {
            continue;
        }
        if !stands_as_a_name(&p.text, s, m.start..m.end, person, pools) {
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

/// Whether another person the material names has `surname` as their surname, or several people
/// in the register are called it (a given name, a family name written first: "Charles",
/// "Nguyen").
pub(crate) fn shared_surname(surname_written: &str, id: &str, pools: &Pools) -> bool {
    pools.called_alike.contains(&surname_written.to_lowercase())
        || pools
            .surnames
            .get(&surname_written.to_ascii_lowercase())
            .is_some_and(|&(bearers, one)| bearers > 1 || pools.people[one].id != id)
}

/// Whether the words around a mention read as a person named there, so its blank asks for a
/// person: not run into a longer name ("_____ Court", "_____ Falcons", "_____-led"), an
/// abbreviation ("_____. Gen."), or a thing's name after an article ("the _____ water crisis");
/// and a name of one word not a place or a country, not run on from a capitalised word that is
/// no title ("BBC _____", "New _____"), not "in _____" (a place), and not a sentence's opening
/// word unless some article gives the person a title or a side ("Authorities say …", "Earlier
/// this month …": capitalised only because they open the sentence).
fn stands_as_a_name(
    text: &str,
    s: &Range<usize>,
    name: Range<usize>,
    person: &Person,
    pools: &Pools,
) -> bool {
    let written = &text[name.clone()];
    let after = &text[name.end..s.end];
    let before = &text[s.start..name.start];
    // "Democrat-led", and "I'd": a name ends at a word's end.
    if after.starts_with(['-', '‐'])
        || (written.contains(['\'', '’']) && !is_name_apostrophe(written))
    {
        return false;
    }
    // "Lt. Gen.", "Feb. 3": a full stop inside the sentence ends an abbreviation.
    if let Some(rest) = after.strip_prefix('.') {
        if rest.chars().any(char::is_alphanumeric) {
            return false;
        }
    }
    if after
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(char::is_uppercase))
    {
        return false;
    }
    let previous = before.split_whitespace().next_back().unwrap_or("");
    let joined = before.ends_with(' ') && !previous.ends_with([',', ';', ':', '(', '"', '“']);
    if joined && ["the", "a", "an"].contains(&previous.to_lowercase().as_str()) {
        return false;
    }
    if written.contains(' ') {
        return true;
    }
    if crate::extract::countries::of_word(written).is_some()
        || pools.place_names.contains(&written.trim().to_lowercase())
    {
        return false;
    }
    let opens = before
        .trim_start_matches(['"', '“', '‘', '\'', ' '])
        .is_empty();
    if opens {
        return person.side.is_some() || !person.roles.is_empty();
    }
    if joined && previous == "in" && !after.starts_with(['\'', '’']) {
        return false;
    }
    !(joined && previous.starts_with(char::is_uppercase) && !is_title(previous))
}

/// Whether an apostrophe belongs to a name ("O'Brien", "Putin's"), not a contraction ("I'd").
fn is_name_apostrophe(word: &str) -> bool {
    word.split(['\'', '’'])
        .skip(1)
        .all(|part| part.starts_with(char::is_uppercase) || part == "s")
}

/// Whether a capitalised word before a surname is a title: a word naming a kind of person
/// ("President", "Minister", "Judge"), an abbreviated one ("Gen.", "Sen."), an honorific of
/// two letters or "Mrs" ("Mr", "Dr", "St"), or a possessive ("Russia's").
fn is_title(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    if bare.ends_with("'s") || bare.ends_with("’s") {
        return true;
    }
    let rest_lower = bare.chars().skip(1).all(char::is_lowercase);
    crate::noun_kinds::names_a_person(&bare.to_lowercase())
        || rest_lower && (word.ends_with('.') || bare.chars().count() <= 2 || bare == "Mrs")
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
    fn a_title_is_a_kind_of_person_an_honorific_or_a_possessive() {
        for w in [
            "President",
            "Minister",
            "Judge",
            "Mr",
            "Dr",
            "Gen.",
            "Sweden's",
        ] {
            assert!(is_title(w), "{w}");
        }
        // An outlet's or an organisation's initials, or a place's first word, is no title.
        for w in ["BBC", "AP", "New", "Environmental"] {
            assert!(!is_title(w), "{w}");
        }
    }

    #[test]
    fn an_apostrophe_belongs_to_a_name_or_makes_a_contraction() {
        assert!(is_name_apostrophe("O'Neill"));
        assert!(is_name_apostrophe("Lindqvist's"));
        assert!(!is_name_apostrophe("I'd"));
        assert!(!is_name_apostrophe("We’ll"));
    }

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
