//! What kind of thing a noun names: "Which *congressman* …?" asks for a person as much as "Who
//! …?", and "What *dessert* …?" for a thing the answering sentence names as one. The table comes
//! from WordNet 3.0 (`assets/wordnet/noun-kinds.tsv.gz`, made by `scripts/wordnet-noun-kinds.py`,
//! which says what is kept): single-word nouns by the lexicographer file of their most frequent
//! sense. It is read once, the first time it is asked.

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

/// The table as shipped: gzip of lines `noun<TAB>person`, `noun<TAB>thing`, `noun<TAB>body` or
/// `noun<TAB>kind`.
const TABLE: &[u8] = include_bytes!("../assets/wordnet/noun-kinds.tsv.gz");

/// What a noun names in its most frequent sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounKind {
    /// A person ("governor", "meteorologist", "Russian").
    Person,
    /// A concrete thing: an artefact, food, animal, plant, substance or object ("boat").
    Thing,
    /// A body of people: an organisation, a team, a party ("university", "club").
    Body,
    /// One of WordNet's top kinds ("person", "group", "event", "location"): it names only the
    /// kind of what is meant.
    Kind,
}

static NOUNS: LazyLock<HashMap<String, NounKind>> = LazyLock::new(|| {
    let mut text = String::new();
    if let Err(e) = flate2::read::GzDecoder::new(TABLE).read_to_string(&mut text) {
        // Shipped in the binary and checked by a test: only a broken build gets here.
        tracing::error!(error = %e, "the noun-kind table could not be read");
        return HashMap::new();
    }
    text.lines()
        .filter_map(|line| {
            let (noun, kind) = line.split_once('\t')?;
            let kind = match kind {
                "person" => NounKind::Person,
                "thing" => NounKind::Thing,
                "kind" => NounKind::Kind,
                "body" => NounKind::Body,
                _ => return None,
            };
            Some((noun.to_string(), kind))
        })
        .collect()
});

/// Units a quantity is counted in (WordNet: "ton", "litre", "barrel"), from
/// `assets/wordnet/measures.txt.gz`, made by `scripts/wordnet-measures.py`.
const MEASURES_TABLE: &[u8] = include_bytes!("../assets/wordnet/measures.txt.gz");

static MEASURES: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    if let Err(e) = flate2::read::GzDecoder::new(MEASURES_TABLE).read_to_string(&mut text) {
        // Shipped in the binary and checked by a test: only a broken build gets here.
        tracing::error!(error = %e, "the table of measures could not be read");
        return Default::default();
    }
    text.lines().map(str::to_string).collect()
});

/// Whether `word` (lower case, singular or a regular plural) is a unit a quantity is counted in:
/// "16.5 million metric tons", "3 barrels". Money's units are not ("dollars").
pub fn is_measure(word: &str) -> bool {
    singulars(word).any(|w| MEASURES.contains(&w))
}

/// Reads the table now if it is not yet read (see [`crate::warm_up`]); the nouns in it.
pub fn load() -> usize {
    NOUNS.len() + MEASURES.len()
}

/// The kind of `word` (lower case, singular or a regular plural), when it is a person, a
/// concrete thing or a body of people in its most frequent sense, or a top kind.
pub fn of(word: &str) -> Option<NounKind> {
    singulars(word).find_map(|w| NOUNS.get(&w).copied())
}

/// A word as written and the singulars a regular plural may stand for.
fn singulars(word: &str) -> impl Iterator<Item = String> {
    let singulars = [
        Some(word.to_string()),
        word.strip_suffix('s').map(str::to_string),
        word.strip_suffix("es").map(str::to_string),
        word.strip_suffix("ies").map(|w| format!("{w}y")),
        word.strip_suffix("men").map(|w| format!("{w}man")),
    ];
    singulars.into_iter().flatten().filter(|w| !w.is_empty())
}

/// Whether `word` names only a kind ("person", "group"): a question's "the only person to …"
/// asks for someone, and the sentence that answers names them as a passenger or a name.
pub fn names_only_a_kind(word: &str) -> bool {
    of(word) == Some(NounKind::Kind)
}

/// Whether `word` names a person in its most frequent sense.
pub fn names_a_person(word: &str) -> bool {
    of(word) == Some(NounKind::Person)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_read() {
        assert!(NOUNS.len() > 10_000, "{} nouns", NOUNS.len());
        assert!(MEASURES.len() > 300, "{} measures", MEASURES.len());
    }

    #[test]
    fn units_of_quantity_but_not_of_money_or_things() {
        for w in [
            "tons",
            "tonne",
            "barrels",
            "litres",
            "hectares",
            "megawatts",
        ] {
            assert!(is_measure(w), "{w}");
        }
        for w in ["dollars", "euro", "people", "ships", "years"] {
            assert!(!is_measure(w), "{w}");
        }
    }

    #[test]
    fn people_in_any_number_and_nothing_else() {
        for w in [
            "governor",
            "meteorologists",
            "congressmen",
            "deputies",
            "host",
        ] {
            assert!(names_a_person(w), "{w}");
        }
        // A proper name is no kind of person ("Putin" is one person).
        for w in ["town", "party", "side", "company", "year", "house", "putin"] {
            assert!(!names_a_person(w), "{w}");
        }
    }

    #[test]
    fn concrete_things_and_bodies_but_not_measures() {
        for w in ["boat", "desserts", "products"] {
            assert_eq!(of(w), Some(NounKind::Thing), "{w}");
        }
        for w in ["university", "institution", "companies", "party"] {
            assert_eq!(of(w), Some(NounKind::Body), "{w}");
        }
        for w in ["share", "level", "year"] {
            assert_eq!(of(w), None, "{w}");
        }
    }

    #[test]
    fn the_top_kinds_name_only_a_kind() {
        for w in [
            "person",
            "individual",
            "someone",
            "group",
            "event",
            "location",
        ] {
            assert!(names_only_a_kind(w), "{w}");
        }
        for w in ["passenger", "minister", "town", "boat", "year"] {
            assert!(!names_only_a_kind(w), "{w}");
        }
    }
}
