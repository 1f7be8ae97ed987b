//! Two word lists from WordNet 3.0, each read once, the first time it is asked:
//! - words that are only adverbs ("already known", "roughly how many"): a question's adverb
//!   qualifies what it asks, and the sentence that answers often leaves it out
//!   (`assets/wordnet/adverbs.txt.gz`, made by `scripts/wordnet-adverbs.py`);
//! - common words, of any part of speech, that are not only proper names ("price", "young", not
//!   "brekke"): in a question typed in lower case, a word of a name that is no common word is a
//!   name (`assets/wordnet/common-words.txt.gz`, made by `scripts/wordnet-common-words.py`).

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

/// The adverbs as shipped: gzip of one lower-case word per line.
const ADVERB_LIST: &[u8] = include_bytes!("../assets/wordnet/adverbs.txt.gz");

/// The common words as shipped, in the same form.
const COMMON_LIST: &[u8] = include_bytes!("../assets/wordnet/common-words.txt.gz");

/// Adverbs that deny what they qualify: leaving one out turns a statement into its opposite.
const NEGATIONS: [&str; 3] = ["not", "never", "nowhere"];

static ADVERBS: LazyLock<HashSet<String>> = LazyLock::new(|| read(ADVERB_LIST, "adverbs"));

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| read(COMMON_LIST, "common words"));

/// Reads the adverbs now if they are not yet read (see [`crate::warm_up`]); how many there are.
pub fn load_adverbs() -> usize {
    ADVERBS.len()
}

/// Reads the common words now if they are not yet read (see [`crate::warm_up`]); how many
/// there are.
pub fn load_common_words() -> usize {
    COMMON.len()
}

fn read(list: &[u8], what: &str) -> HashSet<String> {
    let mut text = String::new();
    if let Err(e) = flate2::read::GzDecoder::new(list).read_to_string(&mut text) {
        // Shipped in the binary and checked by a test: only a broken build gets here.
        tracing::error!(error = %e, list = what, "a word list could not be read");
        return HashSet::new();
    }
    text.lines().map(str::to_string).collect()
}

/// Whether `word` (any case) is only ever an adverb and does not deny: a word the answering
/// sentence may leave out without saying something else.
pub fn may_be_left_out(word: &str) -> bool {
    let w = word.to_lowercase();
    !NEGATIONS.contains(&w.as_str()) && ADVERBS.contains(&w)
}

/// Whether `word` (any case), or its singular, is a common word rather than only a name.
pub fn is_common_word(word: &str) -> bool {
    let w = word.to_lowercase();
    let singulars = [
        w.strip_suffix('s').map(str::to_string),
        w.strip_suffix("es").map(str::to_string),
        w.strip_suffix("ies").map(|s| format!("{s}y")),
    ];
    COMMON.contains(&w)
        || singulars
            .into_iter()
            .flatten()
            .any(|s| s.len() > 2 && COMMON.contains(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_read() {
        assert!(ADVERBS.len() > 1_000, "{} adverbs", ADVERBS.len());
        assert!(COMMON.len() > 50_000, "{} common words", COMMON.len());
    }

    #[test]
    fn surnames_that_are_words_are_common_and_others_are_not() {
        for w in ["price", "Young", "bushes", "evictions", "deputies"] {
            assert!(is_common_word(w), "{w}");
        }
        for w in ["brekke", "lavrov", "kunashir"] {
            assert!(!is_common_word(w), "{w}");
        }
    }

    #[test]
    fn adverbs_that_qualify_may_be_left_out_and_no_other_word() {
        for w in ["already", "Roughly", "currently", "reportedly"] {
            assert!(may_be_left_out(w), "{w}");
        }
        // Other parts of speech too ("still water", "the first"), a negation, or no adverb.
        for w in ["still", "first", "even", "not", "never", "known", "police"] {
            assert!(!may_be_left_out(w), "{w}");
        }
    }
}
