//! Questions `/ask` answers as another command does, decided once when the question is read: a
//! bare name, place or year (`/ask Lavrov` as `/who Lavrov`), "Who is X?" and "Where is X?", and
//! a person's title asked tersely ("What is X's title?"). What is a name comes from the people
//! register, the gazetteer and the date finder, never from a list of the collection's people or
//! places; a bare name is matched in any case ("lavrov").

use super::answer::AnswerKind;
use super::question::Question;
use super::spelled::TypedName;
use super::{query, Scoped};

/// The command a question is answered as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// As `/who NAME` answers.
    Who(String),
    /// As `/where PLACE` answers.
    Where(String),
    /// As `/when DATE` answers.
    When(String),
    /// As `/search TEXT` answers: a bare name neither the register nor the gazetteer knows
    /// ("Nordlys", "Mojave Desert"), which asks for what the articles say of it, not for one
    /// sentence.
    Search(String),
}

/// Longest bare name, in words, read as a name rather than a question.
const BARE_WORDS: usize = 4;

/// Nouns asking what a person is ("X's title?", "What is X's role?"): the `/who` answer.
const TITLE_NOUNS: [&str; 6] = ["title", "role", "job", "position", "post", "office"];

/// The question without its closing punctuation and a possessive on its last word.
fn bare(text: &str) -> &str {
    let t = text.trim().trim_end_matches(['?', '!', '.']).trim();
    t.strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .unwrap_or(t)
        .trim()
}

/// What follows "who is/was" or "where is/was" at the start of a question, if it starts so.
fn after_question_words(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    [
        "who is ",
        "who was ",
        "who's ",
        "where is ",
        "where was ",
        "where's ",
    ]
    .iter()
    .find(|p| lower.starts_with(*p))
    // The prefixes are ASCII, so their length is a boundary in `text` too.
    .map(|p| text[p.len()..].trim())
    .filter(|rest| !rest.is_empty())
}

/// Whether a text is a name typed alone, in Latin letters (the articles' own): no question
/// mark, and one word or every word capitalised ("Mojave Desert", not "lagos population").
/// Words in another script are left to the reply that says the articles cannot be searched so.
fn is_bare_name(text: &str) -> bool {
    let words: Vec<&str> = bare(text).split_whitespace().collect();
    let latin = |c: char| c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c);
    !text.contains('?')
        && text.chars().filter(|c| c.is_alphabetic()).all(latin)
        && (words.len() == 1
            || words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase)))
}

/// Whether the register knows `name` (one word or several, any case) as a person's name or a
/// form of it; a single word must be a surname or a whole form, so a given name alone that is
/// also an English word ("Will", "Grant") does not count.
fn is_person(engine: &Scoped, name: &str) -> bool {
    let register = engine.register();
    // In Cyrillic or kana: when its spelling is a whole form of someone's name ("ラブロフ",
    // "Сергей Лавров"), as a surname or whole form typed in Latin letters is.
    if TypedName::read(name).is_spelled() {
        return register.find(name).0 >= 90;
    }
    let Some(p) = register.with_form(name) else {
        return false;
    };
    let folded = name.to_lowercase();
    folded.contains(' ')
        || p.name
            .split_whitespace()
            .last()
            .is_some_and(|last| last.to_lowercase() == folded)
        || p.name.to_lowercase() == folded
}

/// The command `q` is answered as, if any.
pub fn decide(engine: &Scoped, q: &Question) -> Option<Route> {
    let text = bare(&q.text);
    let count = text.split_whitespace().count();
    if count == 0 {
        return None;
    }
    // A bare date, place or name.
    if query::parse_date_query(text).is_some() && count <= BARE_WORDS {
        return Some(Route::When(text.to_string()));
    }
    if count <= BARE_WORDS {
        if engine.gazetteer().lookup(text).is_some() {
            return Some(Route::Where(text.to_string()));
        }
        if is_person(engine, text) || engine.register().find(text).0 >= 80 && q.terms.len() == count
        {
            return Some(Route::Who(text.to_string()));
        }
        if is_bare_name(&q.text) {
            return Some(Route::Search(text.to_string()));
        }
    }
    // "Lavrov's title?": a name, and one noun asking what the person is.
    if let Some((name, noun)) = text.split_once("'s ").or_else(|| text.split_once("’s ")) {
        let noun = noun.trim().to_lowercase();
        if TITLE_NOUNS.contains(&noun.as_str()) && is_person(engine, name.trim()) {
            return Some(Route::Who(name.trim().to_string()));
        }
    }
    // "who is lavrov", "where is kunashir": the name after the question words, in any case.
    if let Some(rest) = after_question_words(text) {
        if rest.split_whitespace().count() <= BARE_WORDS {
            if q.kind == AnswerKind::Person && is_person(engine, rest) {
                return Some(Route::Who(rest.to_string()));
            }
            if q.kind == AnswerKind::Place && engine.gazetteer().lookup(rest).is_some() {
                return Some(Route::Where(rest.to_string()));
            }
        }
    }
    let subject = q
        .terms
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if subject.is_empty() {
        return None;
    }
    // "Who is X?"
    if q.kind == AnswerKind::Person
        && q.role.is_none()
        && q.agent_verb.is_none()
        && engine.register().find(&subject).0 >= 80
    {
        return Some(Route::Who(subject));
    }
    // "Where is X?"
    if q.kind == AnswerKind::Place
        && q.terms.len() <= 3
        && engine.gazetteer().lookup(&subject).is_some()
    {
        return Some(Route::Where(subject));
    }
    // "What is X's title?": the names, and one noun asking what the person is.
    if matches!(q.kind, AnswerKind::Thing | AnswerKind::Person) {
        let (names, rest): (Vec<_>, Vec<_>) = q.terms.iter().partition(|t| t.name);
        let asks_title = match (&q.focus, rest.as_slice()) {
            (Some(f), []) => TITLE_NOUNS.iter().any(|n| n.starts_with(f.as_str())),
            (None, [t]) => TITLE_NOUNS.contains(&t.text.to_lowercase().trim_end_matches('s')),
            _ => false,
        };
        let name = names
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if asks_title && !names.is_empty() && is_person(engine, &name) {
            return Some(Route::Who(name));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bare_question_drops_punctuation_and_a_possessive() {
        assert_eq!(bare(" Kunashir? "), "Kunashir");
        assert_eq!(bare("Lavrov's"), "Lavrov");
        assert_eq!(bare("1956."), "1956");
    }

    #[test]
    fn a_bare_name_is_one_word_or_capitalised_words_without_a_question_mark() {
        assert!(is_bare_name("nordlys"));
        assert!(is_bare_name("Mojave Desert"));
        assert!(is_bare_name("Tromsø"));
        assert!(!is_bare_name("декларация"));
        assert!(!is_bare_name("Nordlys?"));
        assert!(!is_bare_name("lagos population"));
        assert!(!is_bare_name("Tell me about Nordlys"));
    }

    #[test]
    fn the_name_after_who_is_or_where_is_in_any_case() {
        assert_eq!(after_question_words("who is lavrov"), Some("lavrov"));
        assert_eq!(after_question_words("Where's Kunashir"), Some("Kunashir"));
        assert_eq!(after_question_words("who signed it"), None);
        assert_eq!(after_question_words("who is "), None);
    }
}
