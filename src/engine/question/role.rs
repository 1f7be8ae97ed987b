//! "Who is the foreign minister of …?": a role asked for, read into its words, country and context.

use super::super::{query, Scoped};
use super::vocabulary::ROLE_HEADS;
use super::words::{stems_of, Word};
use super::{Month, RoleAsk, Term};
use crate::extract::countries;

/// "Who is/was [the] [COUNTRY's] ROLE [of ORG] [at the time of X]?": the role's words, its country
/// and the words after it. `None` when the question goes on with a verb ("Who is expected to …").
pub(super) fn role_ask(engine: &Scoped, body: &[&Word]) -> Option<RoleAsk> {
    let (skip, past) = copula(body)?;
    let rest: Vec<&Word> = body[skip..]
        .iter()
        .copied()
        .filter(|w| {
            !matches!(
                w.lower.as_str(),
                "the" | "a" | "an" | "currently" | "now" | "then"
            )
        })
        .collect();
    // The role ends at its last role head; what follows it must begin with a preposition.
    let titled = |w: &Word| {
        ROLE_HEADS
            .iter()
            .any(|h| w.lower.split('-').any(|p| p.trim_end_matches('s') == *h))
    };
    let head_at = rest.iter().rposition(|w| titled(w) || names_a_person(w))?;
    // A title ("minister") is a role wherever it is held; any other word for a person ("mother",
    // "attorney") is one only as someone's: the question must say whose.
    let owned_only = !titled(rest[head_at]);
    // "Khalid Masood's mother", "the teacher's attorney": the owner's words, up to the last
    // possessive before the head, are checked against the passage like a name after "of".
    let owner_end = rest[..head_at]
        .iter()
        .rposition(|w| w.possessive)
        .map_or(0, |p| p + 1);
    let mut end = head_at + 1;
    // "Secretary of State", "head of the Foreign Ministry's Asia department": an "of" phrase of
    // capitalised words (or a department) belongs to the role.
    let mut of_at = None;
    if rest.get(end).is_some_and(|w| w.lower == "of") {
        let mut k = end + 1;
        // A name may hold a small word between capitalised ones ("Chamber of Coastal Trade",
        // "Ministry for Foreign Affairs").
        let joins = |k: usize| {
            matches!(rest[k].lower.as_str(), "of" | "for" | "and")
                && rest.get(k + 1).is_some_and(|n| n.capitalised)
        };
        while rest
            .get(k)
            .is_some_and(|w| w.capitalised || w.lower == "department" || w.lower == "ministry")
            || k > end + 1 && k < rest.len() && joins(k)
        {
            k += 1;
        }
        if k > end + 1 {
            of_at = Some(end);
            end = k;
        }
    }
    if let Some(next) = rest.get(end) {
        if !matches!(
            next.lower.as_str(),
            "at" | "in" | "during" | "of" | "on" | "before" | "after" | "when" | "under" | "for"
        ) {
            return None;
        }
    }
    // "of the Norway Chamber of Coastal Trade" names a body, whose country word is part
    // of its name; "of the Russian Federation" names a country.
    let of_body = of_at.is_some_and(|o| names_a_body(&rest[o + 1..end]));
    let mut words = Vec::new();
    let mut typed = Vec::new();
    let mut country = None;
    let mut of = Vec::new();
    let mut owner = Vec::new();
    for (i, w) in rest[..end].iter().enumerate() {
        // "… of El Salvador": a name after the role's "of" that is no country is checked apart,
        // against the passage as well as the role's words ("Secretary of State" keeps "State").
        let after_of = of_at.is_some_and(|o| i > o);
        if after_of && of_body {
            if w.lower != "of" {
                of.push(w.lower.clone());
            }
            continue;
        }
        if after_of
            && w.capitalised
            && countries::of_word(&w.text).is_none()
            && !matches!(
                w.lower.as_str(),
                "state" | "defense" | "defence" | "finance" | "ministry" | "department"
            )
        {
            of.push(w.lower.clone());
            continue;
        }
        if let Some(c) =
            countries::of_word(&w.text).or_else(|| countries::in_text(&w.text).first().copied())
        {
            country = country.or(Some(c));
            continue;
        }
        if w.lower == "of" {
            continue;
        }
        if i < owner_end {
            owner.push(w.lower.clone());
            continue;
        }
        typed.push(w.lower.clone());
        for part in w.text.split('-') {
            let stems = stems_of(engine, part);
            if !stems.is_empty() {
                words.push(stems);
            }
        }
    }
    // "Who is the United States' …": a country of several words.
    if country.is_none() {
        let phrase: Vec<&str> = rest[..end].iter().map(|w| w.text.as_str()).collect();
        country = countries::in_text(&phrase.join(" ")).first().copied();
    }
    let context: Vec<Term> = rest[end..]
        .iter()
        .filter(|w| !query::is_stopword(&w.lower) && w.lower != "time")
        .map(|w| Term {
            name: w.capitalised || w.text.chars().any(|c| c.is_ascii_digit()),
            text: w.text.clone(),
            stems: stems_of(engine, &w.text),
            follows: false,
            aside: false,
            dated: false,
            qualifier: false,
            kin: Vec::new(),
        })
        .collect();
    let (when, context) = context_date(context);
    let owned = country.is_some() || !of.is_empty() || !owner.is_empty() || !context.is_empty();
    (!words.is_empty() && (owned || !owned_only)).then_some(RoleAsk {
        words,
        typed,
        country,
        of,
        owner,
        context,
        when,
        past,
    })
}

/// "… in March 2017", "… in 2016": a context of a year, with a month or not, is a time, which an
/// article dated in it is about even where its passage does not write it. Returns that time and
/// the other context words; a context with words besides the date keeps all of them.
fn context_date(context: Vec<Term>) -> (Option<Month>, Vec<Term>) {
    let year = context.iter().find_map(Term::year);
    let month = context
        .iter()
        .find_map(|t| (1..=12).find(|&m| crate::corpus::partial_date::month_name(m) == t.text));
    let dated = |t: &Term| {
        t.year().is_some()
            || month.is_some_and(|m| crate::corpus::partial_date::month_name(m) == t.text)
    };
    match year {
        Some(year) if context.iter().all(dated) => (Some(Month { year, month }), Vec::new()),
        _ => (None, context),
    }
}

/// Whether a word names a person in its most frequent sense (WordNet: "mother", "attorney",
/// "coach"), and not a people ("Russian"), whose word is the country's.
fn names_a_person(w: &Word) -> bool {
    countries::of_word(&w.text).is_none()
        && crate::noun_kinds::of(&w.lower) == Some(crate::noun_kinds::NounKind::Person)
}

/// The words that join the asked person to the role, how many, and whether they are past: "is",
/// "was", or a verb of holding a post with "as" ("serves as", "acted as"), which says no more than
/// "is" does.
fn copula(body: &[&Word]) -> Option<(usize, bool)> {
    let first = body.first()?.lower.as_str();
    let then_as = body.get(1).is_some_and(|w| w.lower == "as");
    match first {
        "is" | "are" => Some((1, false)),
        "was" | "were" => Some((1, true)),
        "serves" | "serve" | "acts" | "act" | "works" | "work" if then_as => Some((2, false)),
        "served" | "acted" | "worked" if then_as => Some((2, true)),
        _ => None,
    }
}

/// Whether capitalised words name something other than a country or a department: a word of them
/// is no part of a country's name ("Norway Chamber", not "Russian Federation" or "State").
fn names_a_body(name: &[&Word]) -> bool {
    let originals: Vec<&str> = name.iter().map(|w| w.text.as_str()).collect();
    let folded: Vec<String> = name.iter().map(|w| w.lower.clone()).collect();
    let mut i = 0;
    while i < folded.len() {
        match countries::at(&folded, &originals, i) {
            Some((_, n)) => i += n,
            // "Secretary of State": a department's word belongs to the role.
            None if matches!(
                folded[i].as_str(),
                "of" | "for" | "and" | "state" | "defense" | "defence" | "finance" | "ministry"
            ) =>
            {
                i += 1
            }
            None => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    #[test]
    fn a_country_word_inside_a_longer_name_names_a_body() {
        let body = |text: &str| {
            let ws = words(text);
            names_a_body(&ws.iter().collect::<Vec<_>>())
        };
        assert!(body("Norway Chamber of Coastal Trade"));
        assert!(body("Norwegian Ferry Union"));
        assert!(!body("Russian Federation"));
        assert!(!body("United States"));
        assert!(!body("State"));
    }

    #[test]
    fn a_verb_of_holding_a_post_with_as_joins_like_is() {
        let copula_of = |text: &str| {
            let ws = words(text);
            copula(&ws.iter().collect::<Vec<_>>())
        };
        assert_eq!(copula_of("is the mayor"), Some((1, false)));
        assert_eq!(copula_of("serves as the mayor"), Some((2, false)));
        assert_eq!(copula_of("acted as envoy"), Some((2, true)));
        assert_eq!(copula_of("serves the mayor"), None);
        assert_eq!(copula_of("met the mayor"), None);
    }
}
