//! Place blanks: a place where something happened, named by its proper name.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Blank;
use crate::extract::{countries, Gazetteer, Place, PlaceKind, PlaceMention};
use crate::index::StoredPassage;
use crate::quiz::generate::material::Pools;
use crate::quiz::Kind;

/// Words before a place that make it where something happened ("talks in Moscow", "a visit to
/// Kunashir"), rather than a country standing for its government ("Moscow and Tokyo never
/// signed") or a modifier ("the Kuril dispute").
const LOCATIVE: [&str; 17] = [
    "in", "at", "on", "to", "from", "near", "off", "of", "over", "into", "across", "around",
    "visit", "visited", "visiting", "visits", "toward",
];

/// A blank for each place in sentence `s` of `p` where something happened (after a locative
/// word, not a possessive or half of a compound), and each country that did something (right
/// before its verb: "the Soviet Union took the islands"), other than a party.
pub(crate) fn where_blanks(
    p: &StoredPassage,
    s: &Range<usize>,
    pools: &Pools,
    out: &mut Vec<Blank>,
) {
    for m in &p.mentions.places {
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
        if possessive || !(locative || acts(p, s, m, pools.gazetteer)) {
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
        let others: Vec<&str> = place
            .all_names()
            .into_iter()
            .filter(|n| !n.eq_ignore_ascii_case(&written))
            .collect();
        let note = (!others.is_empty())
            .then(|| format!("{} — also called {}", place.label(), others.join(", ")));
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

/// "the Siberian city of …", "the Japanese port of …" right before a place.
static INSIDE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bthe\s+((?:[A-Z][\w.-]*\s+)+)(?:city|town|port|resort|village|island|islands|region|province)\s+of\s+$",
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
