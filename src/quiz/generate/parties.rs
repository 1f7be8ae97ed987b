//! The places a quiz's material leaves out as answers: the parties the passages are about, and
//! the place each article keeps returning to (see [`parties`], [`repeated_places`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::index::StoredPassage;

/// The least share of passages a party is named in. The parties the articles are about are
/// named in nearly every sentence: a blank for one is guessed from the other, so they are
/// neither answers nor distractors (see [`parties`]).
const PARTY_SHARE: f64 = 0.25;

/// The fewest paragraphs of an article a place is named in for it to be the article's most
/// repeated place (see [`repeated_places`]).
const REPEATED_MIN: usize = 3;

/// The least share of an article's paragraphs its most repeated place is named in.
const REPEATED_SHARE: f64 = 1.0 / 3.0;

/// Most places that can be parties at once.
const MAX_PARTIES: usize = 3;

/// The parties: the places named in at least [`PARTY_SHARE`] of the passages about the dispute
/// (of all passages, when none is) and at least half as often as the most named place; in a
/// dispute between two countries, both, whatever the countries are.
pub(super) fn parties(passages: &[StoredPassage]) -> BTreeSet<String> {
    let on_topic = passages.iter().filter(|p| p.source.on_topic).count();
    let counted = |p: &&StoredPassage| on_topic == 0 || p.source.on_topic;
    let mut named_in: BTreeMap<&str, usize> = BTreeMap::new();
    for p in passages.iter().filter(counted) {
        let places: BTreeSet<&str> = p.mentions.places.iter().map(|m| m.place.as_str()).collect();
        for place in places {
            *named_in.entry(place).or_default() += 1;
        }
    }
    let n = if on_topic == 0 {
        passages.len()
    } else {
        on_topic
    };
    if n < 3 {
        return BTreeSet::new();
    }
    let mut ranked: Vec<(&str, f64)> = named_in
        .into_iter()
        .map(|(place, k)| (place, k as f64 / n as f64))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let top = ranked.first().map_or(0.0, |r| r.1);
    ranked
        .iter()
        .take(MAX_PARTIES)
        .filter(|(_, share)| *share >= PARTY_SHARE && *share >= top / 2.0)
        .map(|(p, _)| p.to_string())
        .collect()
}

/// Each article's most repeated place besides the parties, in the passages the material holds:
/// the place named in the most of its paragraphs, when that is at least [`REPEATED_MIN`] and
/// [`REPEATED_SHARE`] of them (ties all count). A question whose answer is the place an article
/// keeps returning to is answered by the rest of the article, not by knowing the fact.
pub(super) fn repeated_places(
    passages: &[StoredPassage],
    parties: &BTreeSet<String>,
) -> BTreeMap<usize, BTreeSet<String>> {
    // Per article: its paragraphs held, and in how many of them each place is named.
    let mut counts: BTreeMap<usize, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for p in passages {
        let (paragraphs, places) = counts.entry(p.article).or_default();
        *paragraphs += 1;
        let named: BTreeSet<&str> = p
            .mentions
            .places
            .iter()
            .map(|m| m.place.as_str())
            .filter(|m| !parties.contains(*m))
            .collect();
        for place in named {
            *places.entry(place).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(article, (paragraphs, places))| {
            let top = places.values().copied().max().unwrap_or(0);
            let enough = top >= REPEATED_MIN && top as f64 >= paragraphs as f64 * REPEATED_SHARE;
            let most: BTreeSet<String> = places
                .into_iter()
                .filter(|(_, k)| enough && *k == top)
                .map(|(p, _)| p.to_string())
                .collect();
            (article, most)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A passage of article `article` naming `places`.
    fn passage(article: usize, paragraph: usize, places: &[&str]) -> StoredPassage {
        let mut p = super::super::core::tests::passage(article, false, &[], places);
        p.paragraph = paragraph;
        p
    }

    #[test]
    fn an_articles_most_repeated_place_is_measured_by_paragraphs_without_the_parties() {
        let parties: BTreeSet<String> = ["Sweden".to_string()].into();
        let passages = [
            // Article 1: the harbour town in three of five paragraphs (twice in one).
            passage(1, 1, &["Varna", "Varna", "Sweden"]),
            passage(1, 2, &["Varna", "Burgas", "Sweden"]),
            passage(1, 3, &["Varna", "Sweden"]),
            passage(1, 4, &["Sweden"]),
            passage(1, 5, &["Burgas"]),
            // Article 2: nothing named in three paragraphs.
            passage(2, 1, &["Burgas", "Burgas", "Burgas"]),
            passage(2, 2, &["Varna"]),
            // Article 3: three of ten paragraphs is less than a third.
            passage(3, 1, &["Ruse"]),
            passage(3, 2, &["Ruse"]),
            passage(3, 3, &["Ruse"]),
        ];
        let mut all = passages.to_vec();
        all.extend((4..=10).map(|n| passage(3, n, &[])));
        let repeated = repeated_places(&all, &parties);
        assert_eq!(repeated[&1], ["Varna".to_string()].into());
        assert!(repeated[&2].is_empty());
        assert!(repeated[&3].is_empty());
    }
}
