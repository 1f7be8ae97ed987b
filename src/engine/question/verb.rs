//! The question's verb: the event it asks about, and the verb after a named subject.

use super::super::{query, Scoped};
use super::vocabulary::*;
use super::words::{stems_of, Word};
use super::{is_catenative, Term, PARTICLES};
use crate::engine::answer::AnswerKind;

/// "When did Elena Huamán become …?", "Did Chile ratify …?": after the auxiliary and a subject
/// of names, the first word in lower case is the verb. Returns the terms of the event's verb
/// (also after a subject of common nouns or a participle) and of the verb after a named subject.
pub(super) fn find(
    engine: &Scoped,
    body: &[&Word],
    kind: AnswerKind,
    terms: &[Term],
) -> (Option<usize>, Option<usize>) {
    // "Which day of the week did …?": the asked noun's "of" phrase comes before the auxiliary.
    let body = &body[of_phrase(body)..];
    let mut i = 0;
    if body
        .first()
        .is_some_and(|w| AUX.contains(&w.lower.as_str()))
        && kind != AnswerKind::YesNo
    {
        i = 1;
    }
    while body.get(i).is_some_and(|w| w.lower == "the") {
        i += 1;
    }
    let after_the = i > 0 && body[i - 1].lower == "the";
    let names_start = i;
    while body.get(i).is_some_and(|w| {
        w.capitalised && !TITLES.contains(&w.lower.as_str())
            || (i > names_start && w.lower == "and")
    }) {
        i += 1;
    }
    // "When did the war end?", "When did the fishing season open?": a subject of common
    // nouns after "the" runs up to the verb, the last word before a small word or the end.
    let named_subject = i > names_start;
    // "When did Vorna's new quay open?": so does one after a name's possessive.
    // It picks the event's clause but is not required: "Turkey's referendum take place" is
    // a run whose last word is no verb.
    let after_possessive = named_subject && body[i - 1].possessive;
    // "When did the Morvik harbour board vote …?": a name after "the" modifies the common
    // nouns that follow it, and the subject runs on to the verb as a subject of nouns does.
    // "the USSR", "the United States": a country's name is the whole subject.
    let country_named = {
        let name: Vec<&str> = body[names_start..i]
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        crate::extract::countries::of_word(&name.join(" ")).is_some()
    };
    let name_modifies = named_subject && after_the && !country_named;
    let mut ran_on = false;
    if i == names_start && after_the || after_possessive || name_modifies {
        let run = body[i..]
            .iter()
            .take_while(|w| !w.capitalised && !w.possessive && !query::is_stopword(&w.lower))
            .count();
        if run >= 2 {
            i += run - 1;
            ran_on = name_modifies;
        }
    }
    // "Why is the council keen …?": after a form of "be", the word after the subject is an
    // adjective unless it is a participle ("is Russia building", "was Abe invited").
    let after_be = body
        .first()
        .is_some_and(|w| matches!(w.lower.as_str(), "is" | "are" | "was" | "were"));
    let v = body.get(i).filter(|w| {
        // "Israel's minister": a name's possessive is followed by a noun, not a verb.
        i > names_start
            && !body[i - 1].possessive
            && !GLOSS_VERBS.contains(&w.lower.as_str())
            && !w.capitalised
            && !query::is_stopword(&w.lower)
            && !w.possessive
            && !LIGHT_VERBS.contains(&w.lower.as_str())
            && !is_catenative(&w.lower)
            && (!after_be || participle_form(&w.lower))
    });
    // "When was the Soviet-Japanese declaration signed?": after a form of "be", a participle
    // ending the question is the verb, whatever the subject.
    let passive = body
        .first()
        .is_some_and(|w| matches!(w.lower.as_str(), "was" | "were" | "is" | "are"))
        && kind != AnswerKind::YesNo;
    // "When was the festival called off?": the participle comes before its particle.
    let last = match body.split_last() {
        Some((w, rest)) if PARTICLES.contains(&w.lower.as_str()) => rest.last(),
        _ => body.last(),
    };
    let participle = last.filter(|w| {
        passive
            && body.len() > 2
            && !w.capitalised
            && !query::is_stopword(&w.lower)
            && (w.lower.ends_with("ed") || w.lower.ends_with("en") || w.lower.ends_with("wn"))
    });
    let index = |v: &&Word| {
        let stems = stems_of(engine, &v.text);
        terms.iter().position(|t| t.stems == stems)
    };
    (
        participle.or(v).and_then(index),
        v.filter(|_| named_subject && !after_possessive && !ran_on)
            .and_then(index),
    )
}

/// How many words an "of" phrase of common nouns takes before an auxiliary at the start of the
/// question's body ("of the week did …"); 0 when there is none.
fn of_phrase(body: &[&Word]) -> usize {
    if body.first().is_none_or(|w| w.lower != "of") {
        return 0;
    }
    body.iter()
        .take(5)
        .position(|w| AUX.contains(&w.lower.as_str()))
        .filter(|&a| body[1..a].iter().all(|w| !w.capitalised))
        .unwrap_or(0)
}

/// Whether a word may be a participle: a participle's ending ("building", "signed", "taken") or
/// an irregular form of a verb ("born", "held").
fn participle_form(word: &str) -> bool {
    ["ing", "ed", "en", "wn"].iter().any(|e| word.ends_with(e))
        || crate::verb_forms::is_irregular_form(word)
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn of_phrase_in(text: &str) -> usize {
        let ws = words(text);
        of_phrase(&ws.iter().collect::<Vec<_>>())
    }

    #[test]
    fn the_asked_noun_s_of_phrase_before_the_auxiliary_is_passed_over() {
        assert_eq!(of_phrase_in("of the week did Holm land in Skarvik"), 3);
        assert_eq!(of_phrase_in("of the harbour board was chosen"), 4);
        // A name in it is a key word of the question, not the noun's complement.
        assert_eq!(of_phrase_in("of Skarvik did Holm visit"), 0);
        assert_eq!(of_phrase_in("did Holm land in Skarvik"), 0);
    }
}
