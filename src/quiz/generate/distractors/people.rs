//! Person distractors: people who speak for the answer's side (or, for an answer whose side no
//! article states, people whose side none states either), those of the answer's role class
//! first, so no choice can be ruled out by side alone and, where the articles allow, none by rank.

use std::collections::BTreeSet;

use super::Candidate;
use crate::extract::{countries, Person};
use crate::quiz::generate::blanks::{shared_surname, surname, Blank};
use crate::quiz::generate::material::Pools;

/// How senior a role is, so a head of government is offered with heads of state and
/// governments, a minister with ministers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum RoleClass {
    /// A head of state or government: a president, prime minister, premier, chancellor, monarch.
    Leader,
    /// A minister or secretary of a government.
    Minister,
    /// A deputy, envoy, ambassador or negotiator: an official below a minister.
    Official,
}

/// The class a role's words name, if any. A deputy or vice-anything is an official whatever they
/// deputise for ("Deputy Foreign Minister", "Vice President").
pub(crate) fn role_class(role: &str) -> Option<RoleClass> {
    let words: Vec<String> = role
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has = |any: &[&str]| words.iter().any(|w| any.contains(&w.as_str()));
    if has(&[
        "deputy",
        "vice",
        "envoy",
        "ambassador",
        "counterpart",
        "negotiator",
        "diplomat",
        "undersecretary",
    ]) {
        Some(RoleClass::Official)
    } else if has(&[
        "president",
        "premier",
        "chancellor",
        "emperor",
        "king",
        "queen",
    ]) || (has(&["prime"]) && has(&["minister"]))
    {
        Some(RoleClass::Leader)
    } else if has(&["minister", "secretary"]) {
        Some(RoleClass::Minister)
    } else {
        None
    }
}

/// A person's class: that of the first role that names one. A "counterpart of X" is of X's
/// class when X is known, so the Japanese counterpart of a deputy minister is an official.
fn person_class(p: &Person, pools: &Pools) -> Option<RoleClass> {
    p.roles.iter().find_map(|r| {
        let class = role_class(&r.role)?;
        if class != RoleClass::Official || !r.role.to_lowercase().contains("counterpart") {
            return Some(class);
        }
        let of = r.role.split(" of ").nth(1).unwrap_or("").trim();
        let other = pools.people.iter().find(|o| o.name == of && o.id != p.id);
        Some(
            other
                .and_then(|o| o.roles.iter().find_map(|r| role_class(&r.role)))
                .unwrap_or(class),
        )
    })
}

/// The country a person speaks for: the side an article states, else the country their roles
/// name ("Chile's Foreign Minister"), else the one the titles before their full name name across
/// the articles ("Swedish Fisheries Minister Karin Ek", kept at extraction: a draw's passages
/// alone may never show the title); `None` when no article says, or the titles disagree.
pub(crate) fn allegiance(p: &Person) -> Option<&str> {
    p.side
        .map(|s| s.country())
        .or_else(|| {
            p.roles
                .iter()
                .find_map(|r| countries::in_text(&r.role).first().map(|c| c.name()))
        })
        .or_else(|| p.title_country())
}

/// People of the answer's side who could have stood in the sentence: never the answer, anyone
/// with the answer's title (they could have done the same thing), or anyone the sentence names.
pub(super) fn candidates(
    b: &Blank,
    pools: &Pools,
    absent: &dyn Fn(&str) -> bool,
) -> Vec<Candidate> {
    let Some(me) = pools.person(&b.key) else {
        return Vec::new();
    };
    let my_roles: BTreeSet<String> = me.roles.iter().map(|r| role_key(&r.role)).collect();
    let side = allegiance(me);
    let class = person_class(me, pools);
    pools
        .people
        .iter()
        .filter(|p| p.id != b.key)
        // Someone the text never gives a side or a title naming a kind of person ("Minister",
        // "Chairman"; not "Head", read off an organisation's name)
        // may not be a person at all.
        .filter(|p| p.side.is_some() || p.roles.iter().any(|r| titles_a_person(&r.role)))
        // A second person with the same title could have done the same thing.
        .filter(|p| {
            !p.roles
                .iter()
                .any(|r| my_roles.contains(&role_key(&r.role)))
        })
        .filter(|p| p.forms.iter().all(|f| absent(f)))
        // The answer spelled another way ("Recep Tayyep Erdogan" for "Recep Tayyip Erdogan") is
        // the answer, not a wrong choice.
        .filter(|p| !spelling_twins(&p.name, &me.name))
        // Offered by surname, one several people share names nobody in particular.
        .filter(|p| !(b.surname_only && shared_surname(surname(p), &p.id, pools)))
        // A name of the other side is ruled out by the sentence alone ("Hashimoto has invited
        // ___" is not a Japanese name).
        .filter(|p| allegiance(p) == side)
        .map(|p| Candidate {
            tier: u8::from(class.is_none() || person_class(p, pools) != class),
            text: if b.surname_only {
                surname(p).to_string()
            } else {
                p.name.clone()
            },
        })
        .collect()
}

/// Whether two written names are one person's spelled two ways, as transliterations and typing
/// give them ("Recep Tayyip Erdogan", "Recep Tayyep Erdogan", "Tayyip Erdogan"; "Kōno", "Kono"):
/// the surnames nearly the same, and every other word of the shorter name nearly the same as a
/// word of the longer, in order. Nearly the same: at most one edit in five letters, none in a
/// word of three letters or fewer ("Li" is not "Lu").
pub(crate) fn spelling_twins(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let (Some((last_s, rest_s)), Some((last_l, rest_l))) = (short.split_last(), long.split_last())
    else {
        return false;
    };
    if !nearly_same(last_s, last_l) {
        return false;
    }
    let mut from = 0;
    for w in rest_s {
        match rest_l[from..].iter().position(|l| nearly_same(w, l)) {
            Some(k) => from += k + 1,
            None => return false,
        }
    }
    true
}

/// Two words at most one edit in five letters apart (see [`spelling_twins`]).
fn nearly_same(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    strsim::levenshtein(a, b) <= (shorter + 1) / 5
}

/// Whether a role's head word names a kind of person: its last word before a preposition
/// ("Foreign Minister", "Secretary of State", "spokeswoman for …", "former athletic director"),
/// or "head" or "chief" of something ("head of the fishermen's union"; "head" alone is the
/// body's in its most frequent sense, and read off an organisation's name, "Head").
pub(crate) fn titles_a_person(role: &str) -> bool {
    let words: Vec<&str> = role
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .collect();
    let end = words
        .iter()
        .position(|w| ["of", "for", "at", "in", "to", "with", "on"].contains(w))
        .unwrap_or(words.len());
    let Some(head) = end.checked_sub(1).map(|i| words[i].to_lowercase()) else {
        return false;
    };
    crate::noun_kinds::names_a_person(&head)
        || (end < words.len() && words[end] == "of" && ["head", "chief"].contains(&head.as_str()))
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
    fn roles_compare_without_sides() {
        assert_eq!(
            role_key("Russia's Deputy Foreign Minister"),
            role_key("Russian Deputy Foreign Minister")
        );
        assert_ne!(role_key("Prime Minister"), role_key("President"));
    }

    #[test]
    fn a_title_names_a_kind_of_person_by_its_head_word() {
        for r in [
            "Fisheries Minister",
            "Secretary of State",
            "former athletic director",
            "Chairman",
            "spokeswoman for the water company",
            "head of the fishermen's union",
        ] {
            assert!(titles_a_person(r), "{r}");
        }
        // Words read off an organisation's name ("Head" of a coast guard, an "Office").
        for r in ["Head", "Office", ""] {
            assert!(!titles_a_person(r), "{r}");
        }
    }

    #[test]
    fn one_persons_spellings_are_twins_and_two_people_are_not() {
        for (a, b) in [
            ("Recep Tayyip Erdogan", "Recep Tayyep Erdogan"),
            ("Recep Tayyip Erdogan", "Tayyip Erdogan"),
            ("Recep Tayip Erdogan", "Recep Erdogan"),
            ("Yohei Kōno", "Yohei Kono"),
            ("Ryutaro Hashimoto", "Ryutarou Hashimoto"),
            ("Kono", "Kōno"),
        ] {
            assert!(spelling_twins(a, b), "{a} / {b}");
            assert!(spelling_twins(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("Barack Obama", "Michelle Obama"),
            ("Shinzo Abe", "Akie Abe"),
            ("Li Keqiang", "Lu Kang"),
            ("Keizo Obuchi", "Ichiro Ozawa"),
            ("Kari Lie", "Kari Lee"),
        ] {
            assert!(!spelling_twins(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn roles_fall_in_classes_by_rank() {
        // Titles of other governments than the seeds' (the rule is about rank words).
        assert_eq!(role_class("Chancellor"), Some(RoleClass::Leader));
        assert_eq!(role_class("Peru's Prime Minister"), Some(RoleClass::Leader));
        assert_eq!(
            role_class("Chile's energy minister"),
            Some(RoleClass::Minister)
        );
        assert_eq!(role_class("Secretary of State"), Some(RoleClass::Minister));
        assert_eq!(
            role_class("Deputy Prime Minister"),
            Some(RoleClass::Official)
        );
        assert_eq!(role_class("Vice President"), Some(RoleClass::Official));
        assert_eq!(
            role_class("special envoy for border talks"),
            Some(RoleClass::Official)
        );
        assert_eq!(role_class("the head of the fishermen's union"), None);
    }
}
