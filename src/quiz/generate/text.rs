//! Sentence and word helpers every part of generation shares.

use std::collections::BTreeSet;
use std::ops::Range;

/// Sentences shorter or longer than this (in characters) make poor questions.
const SENTENCE_CHARS: Range<usize> = 40..401;

/// Words too common to tell a topic or a fact by.
const STOPWORDS: [&str; 60] = [
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that",
    "these", "those", "there", "their", "they", "them", "he", "she", "his", "her", "him", "we",
    "you", "i", "what", "which", "who", "when", "where", "how", "about", "into", "than", "then",
    "so", "if", "but", "not", "no", "said", "will", "would",
];

/// Whether a lower-case word is too common to count.
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Whether `hay` (lower case) contains `word` (lower case) as a whole word or phrase.
pub fn contains_word(hay: &str, word: &str) -> bool {
    find_word(hay, word, 0).is_some()
}

/// The first whole-word occurrence of `word` in `hay` at or after byte `from`.
fn find_word(hay: &str, word: &str, from: usize) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let mut at = from;
    while let Some(i) = hay.get(at..)?.find(word) {
        let s = at + i;
        let e = s + word.len();
        let before = hay[..s].chars().next_back();
        let after = hay[e..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(s);
        }
        at = s + hay[s..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Content words of a sentence, lower case, for telling facts apart.
pub(crate) fn context_words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !is_stopword(w))
        .collect()
}

/// A clean sentence: starts like one, ends like one, not too short or long, no dateline.
pub(crate) fn fit_sentence(s: &str) -> bool {
    let n = s.chars().count();
    let first = s.chars().next();
    let last = s.chars().next_back();
    let starts = first.is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘'));
    let ends = last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’'));
    // "MOSCOW, October 8. /TASS/. …" or "TOKYO (AFP) -- …": a dateline is not the article's prose.
    let first_word: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    let dateline = first_word.chars().count() >= 3 && first_word.chars().all(char::is_uppercase);
    SENTENCE_CHARS.contains(&n) && starts && ends && !dateline && !s.contains("/TASS/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_sentences_only() {
        assert!(fit_sentence(
            "Putin is expected to visit Japan later this year, the Kremlin said."
        ));
        assert!(!fit_sentence("He did not elaborate."), "too short");
        assert!(!fit_sentence(
            "MOSCOW, October 8. /TASS/. Another round of consultation will be held in Moscow."
        ));
        assert!(!fit_sentence(
            "TOKYO (AFP) -- Japan and Russia on Wednesday held talks aimed at resolving it."
        ));
        assert!(!fit_sentence(
            "the sentence starts in lower case and goes on for a while."
        ));
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_word("the four islands", "four"));
        assert!(!contains_word("fourteen islands", "four"));
        assert!(contains_word("abe's visit", "abe"));
    }
}
