//! Easy quizzes ask only the dispute's core facts: who, when and where, of a person, place or
//! year that at least [`CORE_ARTICLES`] of the quiz's candidate articles name (the articles about
//! the dispute, when the candidates hold any). What several articles report is what the dispute
//! is known by; a detail one article gives is a hard question. Measured on the material, so the
//! same rule holds for any collection and names nobody.

use std::collections::{BTreeMap, BTreeSet};

use super::blanks::Blank;
use crate::index::StoredPassage;
use crate::quiz::{Kind, CORE_ARTICLES};

/// Keeps only the blanks an easy quiz asks (see the module's rule).
pub(crate) fn keep_core(passages: &[StoredPassage], blanks: &mut Vec<Blank>) {
    let core = core_facts(passages);
    blanks.retain(|b| {
        counted(passages, &passages[b.passage]) && core.contains(&(b.kind, b.key.clone()))
    });
}

/// Whether a passage is among those the rule counts: the dispute's, when the candidates hold
/// any of the dispute's passages; every one otherwise.
fn counted(all: &[StoredPassage], p: &StoredPassage) -> bool {
    p.source.on_topic || !all.iter().any(|q| q.source.on_topic)
}

/// The people (by id), places (by name) and years named in at least [`CORE_ARTICLES`] of the
/// counted passages' articles.
fn core_facts(passages: &[StoredPassage]) -> BTreeSet<(Kind, String)> {
    let any_on_topic = passages.iter().any(|p| p.source.on_topic);
    let mut articles: BTreeMap<(Kind, String), BTreeSet<usize>> = BTreeMap::new();
    for p in passages
        .iter()
        .filter(|p| p.source.on_topic || !any_on_topic)
    {
        let m = &p.mentions;
        let people = m.people.iter().map(|x| (Kind::Who, x.person.clone()));
        let places = m.places.iter().map(|x| (Kind::Where, x.place.clone()));
        let years = m
            .dates
            .iter()
            .filter(|d| !d.relative)
            .map(|d| (Kind::When, d.value.year.to_string()));
        for fact in people.chain(places).chain(years) {
            articles.entry(fact).or_default().insert(p.article);
        }
    }
    articles
        .into_iter()
        .filter(|(_, a)| a.len() >= CORE_ARTICLES)
        .map(|(fact, _)| fact)
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::extract::{Mentions, PersonMention, PlaceMention};

    /// A passage of article `article`, paragraph 1, naming `people` (by id) and `places`.
    pub(in crate::quiz::generate) fn passage(
        article: usize,
        on_topic: bool,
        people: &[&str],
        places: &[&str],
    ) -> StoredPassage {
        let mut p = StoredPassage {
            article,
            paragraph: 1,
            text: String::new(),
            sentences: Vec::new(),
            mentions: Mentions {
                people: people
                    .iter()
                    .map(|id| PersonMention {
                        person: id.to_string(),
                        start: 0,
                        end: 0,
                        text: String::new(),
                    })
                    .collect(),
                places: places
                    .iter()
                    .map(|p| PlaceMention {
                        place: p.to_string(),
                        start: 0,
                        end: 0,
                    })
                    .collect(),
                ..Mentions::default()
            },
            source: Default::default(),
        };
        p.source.on_topic = on_topic;
        p
    }

    fn blank(kind: Kind, key: &str, passage: usize) -> Blank {
        Blank {
            kind,
            passage,
            sentence: 0..0,
            span: 0..0,
            answer: key.into(),
            key: key.into(),
            surname_only: false,
            note: None,
            ask: None,
            within: None,
            article_year: None,
            lead: None,
        }
    }

    #[test]
    fn a_fact_three_articles_of_the_dispute_name_is_core_and_one_articles_detail_is_not() {
        let passages = vec![
            passage(1, true, &["envoy-a"], &["Harbour Town"]),
            passage(2, true, &["envoy-a"], &["Harbour Town", "Far Cape"]),
            passage(3, true, &["envoy-a", "mayor-b"], &["Harbour Town"]),
            // Named three times, but twice in one article: two articles.
            passage(3, true, &["mayor-b"], &["Far Cape"]),
            passage(4, true, &["mayor-b"], &[]),
            // Off the dispute: not counted while the dispute's passages are there.
            passage(5, false, &["clerk-c"], &["Far Cape"]),
            passage(6, false, &["clerk-c"], &[]),
            passage(7, false, &["clerk-c"], &[]),
        ];
        let mut blanks = vec![
            blank(Kind::Who, "envoy-a", 0),
            blank(Kind::Who, "mayor-b", 2),
            blank(Kind::Where, "Harbour Town", 1),
            blank(Kind::Where, "Far Cape", 1),
            blank(Kind::Who, "clerk-c", 5),
            // Core answer, but a kind easy quizzes do not ask.
            blank(Kind::What, "envoy-a", 0),
            // Core answer, but in a passage off the dispute.
            blank(Kind::Who, "envoy-a", 6),
        ];
        keep_core(&passages, &mut blanks);
        let kept: Vec<(Kind, &str)> = blanks.iter().map(|b| (b.kind, b.key.as_str())).collect();
        assert_eq!(
            kept,
            [(Kind::Who, "envoy-a"), (Kind::Where, "Harbour Town")]
        );

        // With nothing about the dispute, every passage counts.
        let off: Vec<StoredPassage> = passages[5..].to_vec();
        let mut blanks = vec![blank(Kind::Who, "clerk-c", 0)];
        keep_core(&off, &mut blanks);
        assert_eq!(blanks.len(), 1);
    }
}
