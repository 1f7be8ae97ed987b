//! Words that may stand for each other: a question's "imprisoned" for an article's "jailed".
//!
//! A reader asks in their own words and the article answers in the reporter's. The table comes
//! from WordNet 3.0 (`assets/wordnet/kin.tsv.gz`, made by `scripts/wordnet-kin.py`, which says
//! what is kept and why): for each noun and verb in common use, the words of its most frequent
//! senses, the senses one step wider or narrower, and the words derived from it, leaving out its
//! opposites. Keys and values are the index's stems, so they compare with the words found in a
//! passage as the index compares them. The table is read once, the first time it is asked.

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

/// The table as shipped: gzip of lines `v:stem<TAB>stem stem …` (or `n:` for nouns).
const TABLE: &[u8] = include_bytes!("../assets/wordnet/kin.tsv.gz");

/// How a word is used in the question, which decides which of its senses count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// As the verb of the question ("When was he *jailed*?").
    Verb,
    /// As any other word ("the *deputy* of …"); a word WordNet knows only as a verb is read as one.
    Other,
}

static KIN: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut text = String::new();
    if let Err(e) = flate2::read::GzDecoder::new(TABLE).read_to_string(&mut text) {
        // Shipped in the binary and checked by a test: only a broken build gets here.
        tracing::error!(error = %e, "the kin table could not be read; questions match words as written");
        return HashMap::new();
    }
    text.lines()
        .filter_map(|line| {
            let (key, stems) = line.split_once('\t')?;
            Some((
                key.to_string(),
                stems.split(' ').map(str::to_string).collect(),
            ))
        })
        .collect()
});

/// Reads the table now if it is not yet read (see [`crate::warm_up`]); the words in it.
pub fn load() -> usize {
    KIN.len()
}

/// The stems that may stand for `stem` (an index stem), closest first; empty when none.
pub fn of(stem: &str, used: Use) -> &'static [String] {
    let get = |pos: &str| KIN.get(&format!("{pos}:{stem}")).map(Vec::as_slice);
    match used {
        Use::Verb => get("v").or_else(|| get("n")),
        Use::Other => get("n").or_else(|| get("v")),
    }
    .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_read() {
        assert!(KIN.len() > 10_000, "{} words", KIN.len());
    }

    #[test]
    fn a_verb_has_its_synonyms_and_derived_nouns() {
        assert!(of("imprison", Use::Verb).iter().any(|s| s == "jail"));
        assert!(of("die", Use::Verb).iter().any(|s| s == "death"));
        assert!(of("wreck", Use::Verb).iter().any(|s| s == "devast"));
    }

    #[test]
    fn opposites_are_not_kin() {
        assert!(!of("increas", Use::Verb).iter().any(|s| s == "decreas"));
        assert!(!of("accept", Use::Verb).iter().any(|s| s == "reject"));
        assert!(!of("win", Use::Verb).iter().any(|s| s == "lose"));
    }

    #[test]
    fn a_stem_another_word_shares_is_no_kin() {
        // "activate" is kin of "found" in WordNet, but its stem "activ" is also "active"'s.
        assert!(!of("found", Use::Verb).iter().any(|s| s == "activ"));
        // A word's own forms are no other word: "imprisoned" does not take "imprison" away.
        assert!(of("jail", Use::Verb).iter().any(|s| s == "imprison"));
    }

    #[test]
    fn phrasal_verbs_have_their_plain_verbs() {
        assert!(of("get_together", Use::Verb).iter().any(|s| s == "meet"));
    }

    #[test]
    fn the_use_picks_the_sense() {
        // "lock" of hair as a noun, "lock" a door as a verb.
        assert!(of("lock", Use::Other).iter().any(|s| s == "ringlet"));
        assert!(!of("lock", Use::Verb).iter().any(|s| s == "ringlet"));
    }
}
