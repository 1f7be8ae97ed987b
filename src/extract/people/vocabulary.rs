//! How a batch of articles, or one article, writes its words: in lower case, capitalised inside
//! a sentence, and capitalised standing alone (a surname used by itself, "Gates said"). The
//! person rules of `not_names.rs` read these counts instead of lists of words.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::{adjacent, words};

/// How often one word (in lower case) is written each way.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    /// In lower case.
    lower: u32,
    /// Capitalised inside a sentence (not its first word).
    capitalised: u32,
    /// Capitalised inside a sentence with no capitalised word right before or after it: how a
    /// news text writes a person's surname after naming them in full ("said Gates", "Young,
    /// who …"), and how it seldom writes the second word of a place ("York") or a word run
    /// into a name from the next sentence ("Four").
    alone: u32,
    /// Capitalised inside a sentence right before another capitalised word: how a first name
    /// is written ("… met Bill Clinton"), and seldom a sentence's opening word ("Earlier").
    leads: u32,
}

/// How a batch of articles writes its words: for each word (in lower case), how often it is
/// written in lower case, how often capitalised where no sentence starts, and how often
/// capitalised standing alone. A capitalised word that opens a sentence and is written in lower
/// case elsewhere is an ordinary word ("Earlier", "Although", "Yet"); a word written in lower
/// case at least as often as capitalised inside sentences is one too ("health", "order"), where
/// a surname is nearly always capitalised ("Trump", "Sessions"); a word an article writes alone
/// and capitalised more often than in lower case is a surname there ("Gates", "Young").
#[derive(Debug, Default)]
pub struct Vocabulary {
    counts: HashMap<String, Counts>,
}

impl Vocabulary {
    /// Counts the words of `sentences`, each a whole sentence (its first word is not counted as
    /// capitalised: every sentence's is).
    pub fn of_sentences<'t>(sentences: impl IntoIterator<Item = &'t str>) -> Vocabulary {
        let mut counts: HashMap<String, Counts> = HashMap::new();
        for s in sentences {
            let ws = words(s);
            let capitalised = |i: usize| ws[i].bare().starts_with(char::is_uppercase);
            for (i, w) in ws.iter().enumerate() {
                let bare = w.bare();
                if bare.starts_with(char::is_lowercase) {
                    match counts.get_mut(bare) {
                        Some(c) => c.lower += 1,
                        None => {
                            counts.insert(
                                bare.to_string(),
                                Counts {
                                    lower: 1,
                                    ..Counts::default()
                                },
                            );
                        }
                    }
                } else if i > 0 && capitalised(i) {
                    let before = capitalised(i - 1) && adjacent(s, &ws[i - 1], w);
                    let after =
                        i + 1 < ws.len() && capitalised(i + 1) && adjacent(s, w, &ws[i + 1]);
                    let c = counts.entry(bare.to_lowercase()).or_default();
                    c.capitalised += 1;
                    c.alone += u32::from(!before && !after);
                    c.leads += u32::from(after);
                }
            }
        }
        Vocabulary { counts }
    }

    /// Both parts of a batch counted together.
    pub fn merge(mut self, other: Vocabulary) -> Vocabulary {
        self.add(&other);
        self
    }

    /// Adds `other`'s counts to these (a batch summed from its articles' counts).
    pub fn add(&mut self, other: &Vocabulary) {
        for (w, c) in &other.counts {
            match self.counts.get_mut(w) {
                Some(e) => {
                    e.lower += c.lower;
                    e.capitalised += c.capitalised;
                    e.alone += c.alone;
                    e.leads += c.leads;
                }
                None => {
                    self.counts.insert(w.clone(), *c);
                }
            }
        }
    }

    /// Whether the batch writes `word` (in lower case) in lower case somewhere.
    pub fn has_lower(&self, word: &str) -> bool {
        self.counts.get(word).is_some_and(|c| c.lower > 0)
    }

    /// Whether `word` (in lower case) is an ordinary word of the batch: written in lower case at
    /// least as often as capitalised inside a sentence.
    pub fn ordinary(&self, word: &str) -> bool {
        self.counts
            .get(word)
            .is_some_and(|c| c.lower > 0 && c.lower >= c.capitalised)
    }

    /// Whether `word` (in lower case) is a surname here: written capitalised and alone inside a
    /// sentence twice or more, and more often than in lower case (once may be a place or a
    /// hyphen's slip: "that-New York's"). Asked of one article, this tells "Bill Gates …
    /// Gates said" (a person, though "bill" and "gates" are common words) from "New York" (no
    /// one writes "York" alone) and "Vadstena According to …" (a sentence's opening word run
    /// into a name).
    pub fn surname(&self, word: &str) -> bool {
        self.counts
            .get(word)
            .is_some_and(|c| c.alone >= 2 && c.alone > c.lower)
    }
}

impl Vocabulary {
    /// Whether `word` (in lower case) is written as a first name here: capitalised inside a
    /// sentence right before another capitalised word at least twice ("Bill Clinton", "Bill
    /// O'Reilly"), as no sentence's ordinary opening word is ("Earlier").
    pub fn first_name(&self, word: &str) -> bool {
        self.counts.get(word).is_some_and(|c| c.leads >= 2)
    }
}

/// English stop words (the ISO list of the `stop-words` crate) of three letters or more: the
/// function words, pronouns, conjunctions and adverbs of the language ("according", "although",
/// "many", "whether", "new"), few of them a surname and those few told by [`Vocabulary::surname`].
/// The list's one- and two-letter entries are country codes and initials, which short surnames
/// ("Li", "Ma") share.
static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    stop_words::get(stop_words::Language::English)
        .iter()
        .copied()
        .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
        .collect()
});

/// Whether `word` (in lower case) is an English stop word (see [`STOP_WORDS`]).
pub(super) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_words_cases_are_counted_inside_sentences_only() {
        let v = Vocabulary::of_sentences(["Order was kept. The order came from Order Bay."]);
        assert!(v.has_lower("order"));
        // "Order" opening the sentence is not counted; once capitalised inside, once lower.
        assert!(v.ordinary("order"));
        let v = Vocabulary::of_sentences(["Frost came. Anders Frost won, Frost said, in frost."]);
        assert!(!v.ordinary("frost"), "capitalised inside twice, lower once");
        assert!(!v.ordinary("anders"));
    }

    #[test]
    fn a_surname_is_a_word_written_alone_and_capitalised_more_than_in_lower_case() {
        let v = Vocabulary::of_sentences([
            "Reporters met Rolf Marsh at the quay.",
            "The bill passed, said Marsh, and Marsh left.",
            "They crossed the marsh.",
        ]);
        assert!(v.surname("marsh"), "alone twice, lower once");
        assert!(!v.surname("rolf"), "never alone");
        // After a title's full stop, a surname still stands alone; a place's second word not.
        let v = Vocabulary::of_sentences([
            "They flew to New Brixby and met Dr. Sandvik there; Sandvik said so.",
            "At the gate, Brixby was quiet.",
        ]);
        assert!(!v.surname("brixby"), "alone once only");
        assert!(v.surname("sandvik"));
    }
}
