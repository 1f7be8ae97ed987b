//! Place blanks: a place where something happened, named by its proper name.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Blank;
use crate::extract::{countries, Gazetteer, Place, PlaceKind, PlaceMention};
use crate::index::StoredPassage;
use crate::quiz::generate::material::Pools;
use crate::quiz::{Kind, Note};

/// Words before a place that make it where something happened ("talks in Moscow", "a visit to
/// Kunashir"), rather than a country standing for its government ("Moscow and Tokyo never
/// signed") or a modifier ("the Kuril dispute").
const LOCATIVE: [&str; 17] = [
    "in", "at", "on", "to", "from", "near", "off", "of", "over", "into", "across", "around",
    "visit", "visited", "visiting", "visits", "toward",
];

/// A blank for each place in sentence `s` of `p` where something happened (after a locative
/// word, not a possessive or half of a compound), each country that did something (right
/// before its verb: "the Soviet Union took the islands"), and each member of a list of places of
/// one kind ("Iturup, Kunashir, Shikotan and Habomai"), other than a party.
pub(crate) fn where_blanks(
    p: &StoredPassage,
    s: &Range<usize>,
    pools: &Pools,
    out: &mut Vec<Blank>,
) {
    let listed = listed(p, s, pools.gazetteer);
    for (i, m) in p.mentions.places.iter().enumerate() {
        if m.start < s.start || m.end > s.end || pools.parties.contains(&m.place) {
            continue;
        }
        let before: Option<String> = p.text[s.start..m.start]
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty() && *w != "the")
            .map(str::to_lowercase);
        // "the Kuril Islands' dispute", "Moscow's effort": a possessive is a modifier too.
        let possessive = ["'", "’"].iter().any(|a| p.text[m.end..].starts_with(a));
        let locative = before.is_some_and(|w| LOCATIVE.contains(&w.as_str()));
        if possessive || !(locative || acts(p, s, m, pools.gazetteer) || listed.contains(&i)) {
            continue;
        }
        // "Japan-Russia relations": half of a compound is not a place to name.
        let before = p.text[..m.start].chars().next_back();
        let after = p.text[m.end..].chars().next();
        if before == Some('-') || after == Some('-') {
            continue;
        }
        let Some(place) = pools.gazetteer.get(&m.place) else {
            continue;
        };
        let written = p.text[m.start..m.end].to_string();
        if !proper_place_name(&written, place, &p.text[m.end..]) {
            continue;
        }
        let others: Vec<String> = place
            .all_names()
            .into_iter()
            .filter(|n| !n.eq_ignore_ascii_case(&written))
            .map(str::to_string)
            .collect();
        let note = (!others.is_empty()).then(|| Note::Place {
            name: place.label(),
            others,
        });
        out.push(Blank {
            kind: Kind::Where,
            passage: 0,
            sentence: s.clone(),
            span: m.start..m.end,
            answer: written,
            key: place.name.clone(),
            surname_only: false,
            note,
            ask: None,
            within: frame(p, s, m, pools.gazetteer),
            article_year: None,
            lead: None,
        });
    }
}

/// The fewest places a list holds for each to be asked as the one missing from it.
const LIST_MIN: usize = 3;

/// The places of sentence `s` (indices into the passage's mentions) that stand in a list of at
/// least [`LIST_MIN`] places of one kind, joined only by commas and "and"/"or" ("the Iturup,
/// Kunashir, Shikotan and Habomai status"): which one completes the list is a fair question
/// with other places of that kind as choices, whatever word comes before it.
fn listed(p: &StoredPassage, s: &Range<usize>, g: &Gazetteer) -> BTreeSet<usize> {
    let kind = |m: &PlaceMention| g.get(&m.place).and_then(Place::kind);
    let joined = |between: &str| {
        let w = between.trim_start_matches(',').trim();
        between.starts_with([',', ' ']) && matches!(w, "" | "and" | "or" | "and the" | "or the")
    };
    let inside: Vec<(usize, &PlaceMention)> = p
        .mentions
        .places
        .iter()
        .enumerate()
        .filter(|(_, m)| m.start >= s.start && m.end <= s.end)
        .collect();
    let mut out = BTreeSet::new();
    let mut run: Vec<usize> = Vec::new();
    for (k, (i, m)) in inside.iter().enumerate() {
        let continues = k > 0 && {
            let (_, prev) = inside[k - 1];
            kind(prev).is_some() && kind(prev) == kind(m) && joined(&p.text[prev.end..m.start])
        };
        if !continues {
            if run.len() >= LIST_MIN {
                out.extend(run.iter().copied());
            }
            run.clear();
        }
        run.push(*i);
    }
    if run.len() >= LIST_MIN {
        out.extend(run);
    }
    out
}

/// Whether place mention `m` is a country doing something: the subject right before its verb
/// ("the Soviet Union took the islands", "the former Soviet Union declared war"). A country is
/// a fair answer there, with other countries as choices; a city standing for its government
/// ("Moscow and Tokyo never signed") is not asked.
fn acts(p: &StoredPassage, s: &Range<usize>, m: &PlaceMention, g: &Gazetteer) -> bool {
    let is_country = g
        .get(&m.place)
        .is_some_and(|pl| pl.kind() == Some(PlaceKind::Country));
    let after = &p.text[m.end..s.end];
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    is_country && super::is_subject_verb(&word)
}

/// "in (the) (northeastern) …" right after a place: the words that put it inside another.
static INSIDE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+(?:in|on)\s+(?:the\s+)?(?:[a-z]+\s+)?").expect("inside pattern compiles")
});

/// "the Siberian city of …", "the Japanese capital of …" right before a place.
static INSIDE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bthe\s+((?:[A-Z][\w.-]*\s+)+)(?:city|capital|town|port|resort|village|island|islands|region|province)\s+of\s+$",
    )
    .expect("inside pattern compiles")
});

/// The place sentence `s` puts mention `m` inside, which its distractors must lie in too: a place
/// named right after it ("the islands in the Pacific", "Manchukuo in northeastern China"), or a
/// country or region named before it ("the Siberian city of", "the Japanese port of"; a sea
/// before a resort is where it lies, not what contains it).
fn frame(p: &StoredPassage, s: &Range<usize>, m: &PlaceMention, g: &Gazetteer) -> Option<String> {
    let after = &p.text[m.end..s.end];
    if let Some(k) = INSIDE_AFTER.find(after) {
        let at = m.end + k.end();
        if let Some(outer) = p.mentions.places.iter().find(|x| x.start == at) {
            return Some(outer.place.clone());
        }
    }
    let before = &p.text[s.start..m.start];
    let words = INSIDE_BEFORE.captures(before)?.get(1)?.as_str().trim();
    let outer = g.lookup(words).or_else(|| {
        let country = countries::of_word(words)?;
        g.get(country.name())
    })?;
    matches!(outer.kind(), Some(PlaceKind::Country | PlaceKind::Region)).then(|| outer.name.clone())
}

/// Whether the words the article uses for a place can stand as a choice beside other places'
/// names: a proper name ("Kunashir", "Northern Territories"), not a description ("disputed
/// islands"), an adjective ("Siberian") or a short form used as one ("Kuril issue", "U.S. troops").
fn proper_place_name(written: &str, place: &Place, after: &str) -> bool {
    let lower = written.to_lowercase();
    if !written.starts_with(char::is_uppercase)
        || ["ian", "ese", "ish"].iter().any(|e| lower.ends_with(e))
    {
        return false;
    }
    let is_main = [
        Some(&place.name),
        place.russian.as_ref(),
        place.japanese.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|n| n.eq_ignore_ascii_case(written));
    let one_word = !written.contains(' ');
    let modifies_next =
        after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_lowercase());
    is_main || !(one_word && place.name.contains(' ') && modifies_next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Mentions;

    /// Which places of `text` (one sentence) stand in a list, by name.
    fn in_lists(text: &str) -> Vec<String> {
        let g = Gazetteer::builtin();
        let p = StoredPassage {
            article: 0,
            paragraph: 1,
            text: text.to_string(),
            sentences: std::iter::once(0..text.len()).collect(),
            mentions: Mentions {
                places: g.find(text),
                ..Mentions::default()
            },
            source: Default::default(),
        };
        listed(&p, &(0..text.len()), &g)
            .into_iter()
            .map(|i| p.mentions.places[i].place.clone())
            .collect()
    }

    #[test]
    fn places_of_one_kind_in_a_list_of_three_or_more() {
        assert_eq!(
            in_lists("Japan disputes the Iturup, Kunashir, Shikotan and Habomai status."),
            ["Iturup", "Kunashir", "Shikotan", "Habomai"]
        );
        // Two are a pair, not a list; a list of mixed kinds or broken by other words is none.
        assert!(in_lists("Moscow offered Shikotan and Habomai.").is_empty());
        assert!(in_lists("Ships sailed from Sakhalin, Tokyo and Moscow.").is_empty());
        assert!(in_lists("Iturup, Kunashir near Shikotan and Habomai.").is_empty());
    }
}
