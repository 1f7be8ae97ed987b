//! "How many / how much / how long …?": a number with its unit.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::*;

/// A number as news writes it: digits (with thousands in groups of three after a comma, a point
/// or a space, "200 000"), a number word, or a magnitude, with its hedge and currency (see
/// [`writes_currency`]).
pub(super) static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[$€£¥\x{FFFD}]\s?)?\b(?:(?:about|some|nearly|almost|around|roughly|more than|over|at least|up to|less than|fewer than)\s+)?(?:[$€£¥\x{FFFD}]\s?)?(?:\d{1,3}(?:[ \u{a0}\u{202f}]\d{3})+\b|\d[\d,.]*(?:bn|tn|m|k)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|several|a few)(?:\s+(?:of\s+)?(?:hundred|thousand|million|billion|trillion)s?)?\b(?:\s?%)?")
        .expect("number pattern compiles")
});

/// Nouns after which "over" means "about" ("a dispute over four islands").
pub(super) const CONTENTION: [&str; 10] = [
    "dispute", "row", "conflict", "feud", "claim", "talk", "tension", "argument", "quarrel",
    "divided",
];

pub(super) const DURATION_UNITS: [&str; 8] = [
    "decade", "year", "month", "week", "day", "hour", "century", "minute",
];
/// Whether `word` (any case, singular or plural) is a unit of time or of length: what a "How
/// long …?" answer is counted in.
pub fn is_span_unit(word: &str) -> bool {
    let w = word.to_lowercase();
    DURATION_UNITS.contains(&w.trim_end_matches('s')) || is_length_unit(&w)
}

/// Units of length, as written after a number ("225 kilometers", "140 miles", "3 km"): what a
/// "How far …?" answer is counted in.
pub(super) const LENGTH_UNITS: [&str; 16] = [
    "km",
    "kilometer",
    "kilometre",
    "mile",
    "metre",
    "meter",
    "m",
    "foot",
    "feet",
    "ft",
    "yard",
    "inch",
    "cm",
    "centimetre",
    "centimeter",
    "nautical",
];

/// Whether `word` (any case) is a unit of length ("kilometres", "miles"): what a "How far …?"
/// answer is counted in.
pub fn is_length_unit(word: &str) -> bool {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('s');
    LENGTH_UNITS
        .iter()
        .any(|u| w == u.trim_end_matches('s') || w.starts_with(u) && u.len() >= 4)
}

/// Where a unit of speed starts among the words after a number: "mph", "km/h", "knots", or a
/// unit of length followed by "per hour" or "an hour" ("55 miles per hour"). What a "How fast
/// …?" answer is counted in.
pub fn speed_unit(after: &[&str]) -> Option<usize> {
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
            .to_lowercase()
    };
    let words: Vec<String> = after.iter().take(4).map(|w| clean(w)).collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let named = matches!(
            w.as_str(),
            "mph" | "kph" | "km/h" | "kmh" | "knot" | "knots"
        );
        let next = |k: usize| words.get(i + k).map(String::as_str);
        // "km/h" split at its slash: "km", "h".
        let per_hour = is_length_unit(w)
            && (next(1) == Some("h")
                || matches!(next(1), Some("per" | "an" | "a")) && next(2) == Some("hour"));
        (named || per_hour).then_some(i)
    })
}

/// Words that say an amount is a price: "cost", "worth", "paid".
pub(super) const PRICE_WORDS: [&str; 11] = [
    "cost", "costs", "worth", "price", "paid", "pay", "spent", "spend", "valued", "priced",
    "costing",
];

pub(super) const MONEY_UNITS: [&str; 14] = [
    "dollar", "yen", "ruble", "rouble", "euro", "pound", "yuan", "won", "krone", "kronor",
    "percent", "per cent", "peso", "franc",
];

pub(super) fn number(q: &Question, v: &View, sup: &Support) -> Option<Found> {
    let sentence = v.text;
    let same = |a: &str, b: &str| {
        !a.is_empty()
            && (a.trim_end_matches('s') == b.trim_end_matches('s')
                || a.starts_with(b) && b.len() >= 4)
    };
    // "How much time", "how much money" name no unit; "how many times" counts times.
    let focus = q.focus.clone().filter(|f| match f.as_str() {
        "time" => q.kind == AnswerKind::Number,
        "money" => false,
        _ => true,
    });
    // The years the question names ("How many … in 2016?"), which date the counts it takes.
    let asked_years: Vec<&str> = q
        .terms
        .iter()
        .filter(|t| t.year().is_some())
        .map(|t| t.text.as_str())
        .collect();
    let mut found: Vec<(Range<usize>, String, f32)> = Vec::new();
    for m in NUMBER_RE.find_iter(sentence) {
        let mut text = m.as_str().trim();
        let mut start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
        if let Some(rest) = text
            .strip_prefix("over ")
            .or_else(|| text.strip_prefix("Over "))
        {
            let before = sentence[..m.start()]
                .split_whitespace()
                .last()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .unwrap_or_default();
            if CONTENTION
                .iter()
                .any(|n| before.trim_end_matches('s') == *n)
            {
                start = m.end() - rest.len();
                text = rest;
            }
        }
        let bare = text.split_whitespace().last().unwrap_or("").to_lowercase();
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            continue; // a year is a date, not a count
        }
        // A number that is part of a date ("March 20", "20th century") is not a count.
        let abs = v.offset + start..v.offset + m.end();
        let after: Vec<&str> = sentence[m.end()..].split_whitespace().take(6).collect();
        let unit_pos = match q.kind {
            AnswerKind::Duration => after
                .iter()
                .take(2)
                .position(|w| DURATION_UNITS.iter().any(|u| same(&clean(w), u))),
            AnswerKind::Amount => {
                let symbol = writes_currency(text) || text.ends_with('%');
                if symbol {
                    Some(usize::MAX)
                } else {
                    after
                        .iter()
                        .take(3)
                        .position(|w| MONEY_UNITS.iter().any(|u| same(&clean(w), u)))
                        .or_else(|| {
                            // "metric tons": the unit is the last of the measure's words.
                            let first = after.iter().take(3).position(|w| is_measure_word(w));
                            asks_a_quantity(q).then_some(first?).map(|p| {
                                p + after[p + 1..]
                                    .iter()
                                    .take_while(|w| is_measure_word(w))
                                    .count()
                            })
                        })
                }
            }
            AnswerKind::Number if q.speed => speed_unit(&after),
            AnswerKind::Number if q.length => {
                after.iter().take(2).position(|w| is_length_unit(&clean(w)))
            }
            _ => match &focus {
                Some(f) => after
                    .iter()
                    .take(3)
                    .position(|w| {
                        let c = clean(w);
                        same(&c, f) || c.starts_with(f.as_str())
                    })
                    .filter(|&j| !counts_another_noun(&after, j))
                    // "78 terrorist attacks" for "how many terror attacks": the count's noun
                    // phrase ends with the plural head the question also asks of, never inside
                    // it ("passengers sailed" ends at the noun).
                    .map(|j| {
                        j + after[j + 1..]
                            .iter()
                            .take_while(|w| {
                                let c = clean(w);
                                let one = crate::engine::question::singular(&c);
                                one.len() < c.len() && q.counted.iter().any(|n| n == one)
                            })
                            .count()
                    }),
                None => after
                    .first()
                    .filter(|w| !w.is_empty() && w.chars().next().is_some_and(char::is_alphabetic))
                    .map(|_| 0),
            },
        };
        // "a" counts one only of a unit asked for or known ("a mile"), never of any noun: "an
        // ironic result" is no answer to "how many".
        let any_noun = q.kind == AnswerKind::Number && !q.length && !q.speed && focus.is_none();
        if matches!(bare.as_str(), "a" | "an") && (unit_pos.is_none() || any_noun) {
            continue;
        }
        // "By how much did it fall?": the change is the number after "by", a few words of
        // degree between ("by more than 7 percent"); another number is a level.
        if q.by_how_much && !after_by(&sentence[..start]) {
            continue;
        }
        // "11 jets in 2015, 17 in 2016": a count dated by the year after it counts that year's;
        // asked about one year, a count of another is no answer, and the count of the year asked
        // may leave out the unit the list wrote before it.
        let year_after = after.iter().take(4).enumerate().find_map(|(j, w)| {
            (clean(w) == "in")
                .then(|| after.get(j + 1).map(|y| clean(y)))
                .flatten()
                .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .map(|y| (j, y))
        });
        if let Some((_, y)) = &year_after {
            if !asked_years.is_empty() && !asked_years.contains(&y.as_str()) {
                continue;
            }
        }
        let unit_written_before = focus.as_ref().is_some_and(|f| {
            sentence[..m.start()]
                .split_whitespace()
                .any(|w| clean(w).starts_with(f.as_str()))
        });
        let elided = unit_pos.is_none()
            && year_after.as_ref().is_some_and(|(j, _)| *j == 0)
            && !asked_years.is_empty()
            && unit_written_before;
        let Some(pos) = unit_pos.or(elided.then_some(usize::MAX)) else {
            continue;
        };
        // A number may stand in a clause of its own ("…, and construction is expected to take
        // about six years"), as long as the clause holds one of the question's words.
        // A count of the very noun asked about ("How many Russians" and "19,000 Russians") is
        // anchored by that noun wherever it stands in the sentence.
        let clause = v.clause_at(abs.start);
        let counts_focus = q.kind == AnswerKind::Number && focus.is_some();
        // "which will cost at least $15bn": an amount right after a word of cost is anchored by it.
        let priced = q.kind == AnswerKind::Amount
            && sentence[..m.start()]
                .split_whitespace()
                .rev()
                .take(4)
                .any(|w| PRICE_WORDS.contains(&clean(w).as_str()));
        // "a $2.3 billion hydroelectric dam": an amount written before the thing asked about.
        let modifies = v
            .toks
            .iter()
            .filter(|t| t.at.start >= abs.end)
            .take(3)
            .any(|t| t.matched);
        // A question about a price takes only an amount said to be one, and a share ("a 20%
        // levy") is a rate, never what something costs.
        let share = text.ends_with('%')
            || after.first().is_some_and(|w| clean(w) == "percent")
            || after.first().is_some_and(|w| clean(w) == "per")
                && after.get(1).is_some_and(|w| clean(w) == "cent");
        if q.price && (share || !priced && !modifies) {
            continue;
        }
        if !counts_focus
            && !priced
            && !v.attached(&abs)
            && !v.toks.iter().any(|t| t.matched && Some(t.clause) == clause)
        {
            continue;
        }
        let label = if pos == usize::MAX {
            text.to_string()
        } else {
            // "19,000 Russians", "more than ten years", "$2.3 billion in aid": up to the unit;
            // "three years and 11 months": a span counted in two units is one.
            let upto = after[..=and_smaller_unit(&after, pos)].join(" ");
            format!(
                "{text} {}",
                upto.trim_matches(|c: char| !c.is_alphanumeric() && c != '%')
            )
        };
        found.push((abs, label, 1.0));
    }
    let cands: Vec<Found> = found
        .into_iter()
        .map(|(span, value, fit)| Found {
            span,
            value,
            written: None,
            yes: None,
            fit,
        })
        .collect();
    nearest(cands, sup)
}

/// Where a span counted in two units ends: "three years and 11 months", "two hours and 20
/// minutes", "5 feet and 2 inches" are one amount; `pos` is where its first unit stands in
/// `after`, the words after the number.
fn and_smaller_unit(after: &[&str], pos: usize) -> usize {
    let unit = |w: &str| is_span_unit(&clean(w));
    let number = |w: &str| {
        let w = clean(w);
        !matches!(w.as_str(), "a" | "an")
            && NUMBER_RE
                .find(&w)
                .is_some_and(|m| m.start() == 0 && m.end() == w.len())
    };
    let ends_clause = after[pos].ends_with([',', '.', ';']);
    match (after.get(pos + 1), after.get(pos + 2), after.get(pos + 3)) {
        (Some(and), Some(n), Some(u))
            if !ends_clause && clean(and) == "and" && number(n) && unit(u) && unit(after[pos]) =>
        {
            pos + 3
        }
        _ => pos,
    }
}

/// Whether the text before a number ends with "by" and at most three words of degree after
/// it ("by", "by more than", "by about", "by nearly"), not a verb or a noun.
fn after_by(before: &str) -> bool {
    let words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(4)
        .map(|w| w.to_lowercase())
        .collect();
    words.iter().position(|w| w == "by").is_some_and(|at| {
        words[..at].iter().all(|w| {
            matches!(
                w.as_str(),
                "more"
                    | "less"
                    | "than"
                    | "about"
                    | "around"
                    | "nearly"
                    | "almost"
                    | "some"
                    | "roughly"
                    | "over"
                    | "under"
                    | "just"
                    | "a"
                    | "further"
                    | "another"
            )
        })
    })
}

/// Whether the noun at `at`, among the words after a number, comes after another noun and "of":
/// "8,000 pages of documents" counts pages, not documents. A number's own words ("dozens of",
/// "millions of") count what follows.
pub fn counts_another_noun(after: &[&str], at: usize) -> bool {
    at >= 2
        && clean(after[at - 1]) == "of"
        && !matches!(
            clean(after[at - 2]).as_str(),
            "dozen"
                | "dozens"
                | "hundred"
                | "hundreds"
                | "thousand"
                | "thousands"
                | "million"
                | "millions"
                | "billion"
                | "billions"
                | "tens"
                | "scores"
                | "more"
                | "all"
                | "each"
                | "some"
                | "most"
        )
}

/// Whether "How much …?" asks for a quantity of a thing ("How much LNG …?", "how much grain"),
/// which may be given in units of measure as well as in money; "how much money" and a bare "how
/// much" ask for money.
pub fn asks_a_quantity(q: &Question) -> bool {
    q.kind == AnswerKind::Amount
        && q.focus_word.as_deref().is_some_and(|f| {
            let one = f.trim_end_matches('s');
            one != "money"
                && !MONEY_UNITS.contains(&one)
                && !crate::engine::query::is_stopword(f)
                && (crate::noun_kinds::of(f) == Some(crate::noun_kinds::NounKind::Thing)
                    || !comparative(f))
        })
}

/// "faster", "bigger", "more": "How much faster …?" asks for a difference, not a quantity of a
/// thing. A word that is a concrete thing ("copper", "water") is checked before this.
fn comparative(word: &str) -> bool {
    let Some(base) = word.strip_suffix("er") else {
        return matches!(word, "more" | "less" | "fewer");
    };
    let undoubled = base
        .len()
        .checked_sub(1)
        .filter(|&i| base.len() > 2 && base.as_bytes()[i] == base.as_bytes()[i - 1])
        .map_or(base, |i| &base[..i]);
    [
        base.to_string(),
        format!("{base}e"),
        undoubled.to_string(),
        base.strip_suffix('i')
            .map_or(String::new(), |b| format!("{b}y")),
    ]
    .iter()
    .any(|b| b.len() > 2 && crate::lexicon::is_common_word(b))
}

/// Whether a word as written is a unit of measure ("tons,", "litres"), not a stop word ("are").
pub fn is_measure_word(w: &str) -> bool {
    let w = clean(w);
    !crate::engine::query::is_stopword(&w) && crate::noun_kinds::is_measure(&w)
}

/// A word as written, without the punctuation around it, in lower case ("Tons," is "tons").
fn clean(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Whether a text writes a sum of money by its sign: "$", "€", "£", "¥", or the replacement
/// character before a digit ("�130,000"), which is where text decoded in the wrong encoding
/// before it reached us lost its currency sign (a dataset of news writes "£" so 2 times, and
/// "\u{FFFD}" before a digit 194 times). Which currency it was is lost; that it was one is not.
pub fn writes_currency(text: &str) -> bool {
    text.contains(['$', '€', '£', '¥'])
        || text
            .match_indices('\u{FFFD}')
            .any(|(i, c)| text[i + c.len()..].starts_with(|d: char| d.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_replacement_character_before_a_digit_is_a_lost_currency_sign() {
        use super::writes_currency;
        assert!(writes_currency("must pay \u{FFFD}130,000 in damages"));
        assert!(writes_currency("cost £3m"));
        assert!(!writes_currency("a caf\u{FFFD} in Kessa"));
        assert!(!writes_currency("\u{FFFD} 40 people"));
    }

    use super::{after_by, and_smaller_unit, speed_unit};

    #[test]
    fn a_count_of_another_noun_is_not_a_count_of_the_one_after_of() {
        use super::counts_another_noun;
        assert!(counts_another_noun(&["pages", "of", "documents"], 2));
        assert!(!counts_another_noun(&["documents", "were"], 0));
        assert!(!counts_another_noun(&["of", "them"], 1));
        // "8 million of the documents": the number's own word.
        assert!(!counts_another_noun(&["million", "of", "documents"], 2));
    }

    #[test]
    fn a_comparative_asks_a_difference_a_thing_a_quantity() {
        use super::comparative;
        for w in ["faster", "bigger", "higher", "more", "earlier"] {
            assert!(comparative(w), "{w}");
        }
        for w in ["grain", "lng", "compensation", "timber"] {
            assert!(!comparative(w), "{w}");
        }
    }

    #[test]
    fn a_speed_is_a_unit_of_speed_or_of_length_per_hour() {
        assert_eq!(speed_unit(&["km/h", "when"]), Some(0));
        assert_eq!(speed_unit(&["km", "h"]), Some(0));
        assert_eq!(speed_unit(&["miles", "per", "hour"]), Some(0));
        assert_eq!(speed_unit(&["knots"]), Some(0));
        assert_eq!(speed_unit(&["miles", "from", "the", "coast"]), None);
        assert_eq!(speed_unit(&["people", "an", "hour"]), None);
    }

    #[test]
    fn a_span_counted_in_two_units_is_one_amount() {
        let words = |s: &'static str| s.split_whitespace().collect::<Vec<_>>();
        assert_eq!(and_smaller_unit(&words("years and 11 months behind"), 0), 3);
        assert_eq!(and_smaller_unit(&words("hours and twenty minutes"), 0), 3);
        assert_eq!(and_smaller_unit(&words("feet and 2 inches"), 0), 3);
        // Two amounts of different things, or of one thing in two clauses.
        assert_eq!(and_smaller_unit(&words("years and 11 people"), 0), 0);
        assert_eq!(and_smaller_unit(&words("years, and 11 months later"), 0), 0);
        assert_eq!(and_smaller_unit(&words("soldiers and 11 months"), 0), 0);
    }

    #[test]
    fn a_change_is_the_number_after_by_and_words_of_degree() {
        assert!(after_by("sales fell by "));
        assert!(after_by("the fee rose by more than "));
        assert!(after_by("It dropped by about "));
        assert!(!after_by("the fee rose above "));
        assert!(!after_by("it was cut by the board to "));
        assert!(!after_by("fell to "));
    }
}
