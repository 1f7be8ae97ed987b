//! What a question names besides its key words: the countries taking part, whether a country
//! stands alone in it, and the nouns a count is asked of.

use super::super::query;
use super::words::words;
use crate::extract::countries::{self, CountryId};

/// The countries a question names as taking part, not as where ("… meeting in Tokyo").
pub(super) fn named_countries(text: &str) -> Vec<CountryId> {
    let ws = words(text);
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let locative = i > 0
            && matches!(
                ws[i - 1].lower.as_str(),
                "in" | "at" | "to" | "from" | "near"
            );
        if locative {
            continue;
        }
        if let Some(c) = countries::of_word(&w.text) {
            out.push(c);
        }
    }
    if out.is_empty() {
        out = countries::in_text(text);
    }
    out
}

/// Whether the question writes a country's word on its own, not before a noun it qualifies:
/// "represented Russia at", not "the Norwegian Ferry Union" or "the white house correspondents'".
pub(super) fn names_a_country_alone(question: &str) -> bool {
    let words: Vec<&str> = question
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .collect();
    // A country word before a noun names what the noun is ("the Norwegian ferry union"), in
    // any case; one before a function word or at the end stands alone.
    let modifies = |w: &&str| !query::is_stopword(w);
    words.iter().enumerate().any(|(i, w)| {
        let seat_of_two = words
            .get(i + 1)
            .filter(|n| !countries::in_text(&format!("{w} {n}")).is_empty());
        let (is_country, next) = match seat_of_two {
            Some(_) if countries::of_word(w).is_none() => (true, words.get(i + 2)),
            _ => (countries::of_word(w).is_some(), words.get(i + 1)),
        };
        is_country && !next.is_some_and(modifies)
    })
}

/// "How many ferry passengers …?": the nouns asked to be counted, as typed and singular (the
/// words after "many" up to the next function word, at most three); empty for other questions.
pub(super) fn counted_nouns(question: &str) -> Vec<String> {
    let typed: Vec<String> = question
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    typed
        .iter()
        .position(|w| w == "many")
        .map(|i| {
            typed[i + 1..]
                .iter()
                .take_while(|w| !query::is_stopword(w))
                .take(3)
                .map(|w| singular(w).to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A plural noun's singular as far as counting needs it: its final "s" dropped ("days").
pub fn singular(w: &str) -> &str {
    w.strip_suffix('s').filter(|s| s.len() >= 2).unwrap_or(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_after_a_preposition_are_where_not_who() {
        let names = |q: &str| -> Vec<&'static str> {
            named_countries(q)
                .into_iter()
                .map(CountryId::name)
                .collect()
        };
        assert_eq!(
            names("Who represented Norway at the talks in Oslo?"),
            ["Norway"]
        );
        assert_eq!(names("Who is China's foreign minister?"), ["China"]);
    }

    #[test]
    fn a_country_inside_a_longer_name_is_not_named_alone() {
        assert!(names_a_country_alone(
            "Who represented Norway at the talks?"
        ));
        assert!(names_a_country_alone("Who spoke for the United States?"));
        assert!(!names_a_country_alone(
            "who heads the norwegian ferry union"
        ));
        assert!(!names_a_country_alone(
            "Who heads the Norwegian Ferry Union?"
        ));
        assert!(!names_a_country_alone(
            "Who chairs the White House Press Club?"
        ));
    }

    #[test]
    fn a_count_asks_for_the_nouns_after_many() {
        assert_eq!(
            counted_nouns("How many ferry passengers were carried in May?"),
            ["ferry", "passenger"]
        );
        assert!(counted_nouns("When did the ferry sail?").is_empty());
    }
}
