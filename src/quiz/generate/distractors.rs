//! Distractors: for each blank, the candidates that are certainly wrong and of the same kind.

use std::collections::BTreeSet;

use super::blanks::{format_number, number_value, surname, thing_class, Blank, NUMBER_WORDS};
use super::material::Pools;
use super::text::contains_word;
use crate::extract::{Gazetteer, Place};
use crate::quiz::Kind;

/// Whether a place is `name` or lies within it, or contains it: both would be right answers.
fn related(g: &Gazetteer, a: &str, b: &str) -> bool {
    let within = |inner: &str, outer: &str| {
        let mut at = g.get(inner);
        let mut steps = 0;
        while let Some(p) = at {
            if p.name == outer {
                return true;
            }
            at = p.part_of.as_deref().and_then(|n| g.get(n));
            steps += 1;
            if steps > 16 {
                break;
            }
        }
        false
    };
    within(a, b) || within(b, a)
}

/// A coarse class for places, from the gazetteer's own description, so distractors are of the
/// same kind (a city for a city, an island for an island): the class whose word comes first in
/// the description wins ("The Soviet state …, which took the islands" is a state, not an island).
fn place_class(p: &Place) -> usize {
    const CLASSES: [&[&str]; 4] = [
        &["island", "islet"],
        &["city", "capital"],
        &["sea ", "sea,", "ocean"],
        &[
            "state",
            "part of",
            "neighbour",
            "ally",
            "country",
            "parties",
        ],
    ];
    let about = p.about.to_lowercase();
    CLASSES
        .iter()
        .enumerate()
        .filter_map(|(i, words)| {
            words
                .iter()
                .filter_map(|w| about.find(w))
                .min()
                .map(|at| (at, i))
        })
        .min()
        .map_or(CLASSES.len(), |(_, i)| i)
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

/// Distractor candidates for a blank, in a fixed order, each certainly wrong.
pub(crate) fn candidates(b: &Blank, excerpt_lower: &str, pools: &Pools) -> Vec<String> {
    let absent = |s: &str| !excerpt_lower.contains(&s.to_lowercase());
    match b.kind {
        Kind::Who => {
            let me = pools.person(&b.key);
            let my_roles: BTreeSet<String> = me
                .map(|p| p.roles.iter().map(|r| role_key(&r.role)).collect())
                .unwrap_or_default();
            let my_side = me.and_then(|p| p.side);
            let mut tiered: Vec<(u8, String)> = pools
                .people
                .iter()
                .filter(|p| p.id != b.key)
                // Someone the text never gives a title or side may not be a person at all.
                .filter(|p| !p.roles.is_empty() || p.side.is_some())
                // A second person with the same title could have done the same thing.
                .filter(|p| {
                    !p.roles
                        .iter()
                        .any(|r| my_roles.contains(&role_key(&r.role)))
                })
                .filter(|p| p.forms.iter().all(|f| absent(f)))
                .map(|p| {
                    // The same side first, then anyone with a title: a plausible name is one
                    // that could have stood in the sentence.
                    let tier = match (my_side, p.side) {
                        (Some(a), Some(b)) if a == b => 0,
                        _ if !p.roles.is_empty() => 1,
                        _ => 2,
                    };
                    let name = if b.surname_only {
                        surname(p).to_string()
                    } else {
                        p.name.clone()
                    };
                    (tier, name)
                })
                .collect();
            tiered.sort_by_key(|(tier, _)| *tier);
            // Only the best tier that has three names is offered, so a question never mixes a
            // plausible name with two that are not.
            let best = (0..=2u8).find(|t| tiered.iter().filter(|(x, _)| x <= t).count() >= 3);
            tiered
                .into_iter()
                .filter(|(t, _)| best.is_some_and(|b| *t <= b))
                .map(|(_, n)| n)
                .collect()
        }
        Kind::When => {
            let year: i32 = b.key.parse().unwrap_or(0);
            let mut ys: Vec<i32> = pools
                .years
                .iter()
                .copied()
                .filter(|y| *y != year && absent(&y.to_string()))
                .collect();
            // Nearby years make a fairer question than ones decades away.
            ys.sort_by_key(|y| ((y - year).abs(), *y));
            ys.truncate(6);
            ys.into_iter().map(|y| y.to_string()).collect()
        }
        Kind::Where => {
            let g = pools.gazetteer;
            let Some(me) = g.get(&b.key) else {
                return Vec::new();
            };
            let ok = |p: &&Place| {
                p.name != me.name
                    && !pools.parties.contains(&p.name)
                    && !related(g, &p.name, &me.name)
                    && p.all_names().iter().all(|n| absent(n))
            };
            let mut same: Vec<String> = g
                .places()
                .iter()
                .filter(ok)
                .filter(|p| place_class(p) == place_class(me))
                .map(|p| p.name.clone())
                .collect();
            if same.len() < 3 {
                same.extend(
                    g.places()
                        .iter()
                        .filter(ok)
                        .filter(|p| place_class(p) != place_class(me))
                        .map(|p| p.name.clone()),
                );
            }
            same
        }
        Kind::What => {
            let pool = if b.key.starts_with("quote:") {
                &pools.quotes
            } else {
                &pools.phrases
            };
            // A ministry for a ministry, a treaty for a treaty: another kind of thing is guessed
            // away at a glance.
            let class = thing_class(&b.answer);
            pool.values()
                .filter(|v| b.key.starts_with("quote:") || thing_class(v) == class)
                .filter(|v| !same_thing(v, &b.answer))
                .filter(|v| absent(v))
                .cloned()
                .collect()
        }
        Kind::HowMany => {
            let Some(v) = number_value(&b.answer.to_lowercase()) else {
                return Vec::new();
            };
            let as_word = b.answer.chars().all(char::is_alphabetic);
            let mut values: Vec<u64> = if as_word {
                (1..=NUMBER_WORDS.len() as u64).collect()
            } else {
                // Few numbers in a small collection: the others it has, then the same number's
                // neighbours by order of magnitude.
                let mut v: Vec<u64> = pools.numbers.iter().copied().collect();
                let n: u64 = b.key.parse().unwrap_or(0);
                v.extend([n / 10, n * 10, n / 2, n * 2]);
                v
            };
            values.retain(|x| *x != v && *x > 0);
            values.sort_by_key(|x| (x.abs_diff(v), *x));
            values.dedup();
            values
                .into_iter()
                .map(|x| {
                    if as_word {
                        let w = NUMBER_WORDS[x as usize - 1];
                        if b.answer.starts_with(char::is_uppercase) {
                            let mut c = w.chars();
                            c.next()
                                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                                .unwrap_or_default()
                        } else {
                            w.to_string()
                        }
                    } else {
                        format_number(x)
                    }
                })
                .filter(|s| absent(s))
                .take(5)
                .collect()
        }
    }
}

/// A role without the side's words and possessives, so "Russia's Deputy Foreign Minister" and
/// "Russian Deputy Foreign Minister" compare equal.
fn role_key(role: &str) -> String {
    let role = role.split(" of ").next().unwrap_or(role);
    role.split_whitespace()
        .map(|w| {
            w.trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
        .filter(|w| {
            !matches!(
                w.as_str(),
                "his" | "her" | "the" | "former" | "then" | "acting"
            ) && crate::extract::countries::of_word(w).is_none()
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    fn roles_compare_without_sides() {
        assert_eq!(
            role_key("Russia's Deputy Foreign Minister"),
            role_key("Russian Deputy Foreign Minister")
        );
        assert_ne!(role_key("Prime Minister"), role_key("President"));
    }

    #[test]
    fn places_inside_each_other_are_related() {
        let g = Gazetteer::builtin();
        assert!(related(&g, "Kunashir", "Kuril Islands"));
        assert!(related(&g, "Southern Kuril Islands", "Kunashir"));
        assert!(!related(&g, "Sakhalin", "Kunashir"));
        assert_eq!(place_class(g.get("Soviet Union").unwrap()), 3);
        assert_eq!(place_class(g.get("Iturup").unwrap()), 0);
        assert_eq!(place_class(g.get("Sochi").unwrap()), 1);
        assert_eq!(place_class(g.get("Pacific").unwrap()), 2);
    }
}
