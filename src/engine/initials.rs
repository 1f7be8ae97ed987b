//! Abbreviations written out: a question's "PLA" or "UN" is the article's "People's Liberation
//! Army" or "United Nations". News copy spells a body out at first mention and abbreviates it
//! after, or the other way round, so a sentence that holds the name written out holds the
//! question's abbreviation.

use std::ops::Range;

use super::question::Question;

/// Small words inside a name that its abbreviation leaves out ("Commission of Inquiry" is "CoI"
/// or "CI"; "North Atlantic Treaty Organization" is "NATO").
const LEFT_OUT: [&str; 5] = ["of", "the", "and", "for", "on"];

/// A name written in capitals of a few letters ("UN", "NATO"), which articles often spell out.
pub fn is_abbreviation(word: &str) -> bool {
    (2..=5).contains(&word.chars().count()) && word.chars().all(|c| c.is_ascii_uppercase())
}

/// Where `text` writes out one of the question's abbreviations, as (the abbreviation's first
/// stem, byte range of the words written out), in the shape of the index's found words so the
/// rules that weigh found words count it.
pub fn written_out(q: &Question, text: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for t in q
        .terms
        .iter()
        .filter(|t| t.name && is_abbreviation(&t.text))
    {
        let Some(stem) = t.stems.first() else {
            continue;
        };
        for r in spelled(&t.text, text) {
            out.push((stem.clone(), r));
        }
    }
    out
}

/// Byte ranges of the runs of capitalised words in `text` whose initials are `abbreviation`,
/// small words between them left out and a possessive kept ("People's Liberation Army").
fn spelled(abbreviation: &str, text: &str) -> Vec<Range<usize>> {
    let letters: Vec<char> = abbreviation.chars().collect();
    let words: Vec<(usize, &str)> = words_with_offsets(text);
    let mut found = Vec::new();
    for start in 0..words.len() {
        if let Some(end) = spells_from(&letters, &words, start) {
            let (from, _) = words[start];
            let (last, w) = words[end];
            found.push(from..last + w.len());
        }
    }
    found
}

/// The index of the last word when `words[start..]` spells `letters` out, capitalised word by
/// capitalised word.
fn spells_from(letters: &[char], words: &[(usize, &str)], start: usize) -> Option<usize> {
    let mut i = start;
    let mut at = 0;
    loop {
        let (_, w) = *words.get(i)?;
        let first = w.chars().next()?;
        if first.is_uppercase() {
            if first != letters[at] {
                return None;
            }
            at += 1;
            if at == letters.len() {
                return Some(i);
            }
        } else if i == start || !LEFT_OUT.contains(&w) {
            return None;
        }
        i += 1;
    }
}

/// The words of `text` (letters, digits, apostrophes and hyphens inside them) with their byte
/// offsets; a hyphenated name counts each part ("Anti-Corruption Agency" is "ACA").
fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || ((c == '\'' || c == '’') && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled_words<'a>(abbreviation: &str, text: &'a str) -> Vec<&'a str> {
        spelled(abbreviation, text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn initials_of_a_capitalised_run_spell_the_abbreviation() {
        let text = "The Coastal Defence League and the Board of Harbour Pilots met the Nordvik \
                    Port Authority's chair.";
        assert_eq!(spelled_words("CDL", text), ["Coastal Defence League"]);
        assert_eq!(spelled_words("BHP", text), ["Board of Harbour Pilots"]);
        assert_eq!(spelled_words("NPA", text), ["Nordvik Port Authority's"]);
        assert_eq!(spelled_words("PA", text), ["Port Authority's"]);
        // Lower-case words other than the small ones break the run; a run never starts on one.
        assert!(spelled_words("CL", text).is_empty());
        assert!(spelled_words("TCDL", "the Coastal Defence League").is_empty());
    }

    #[test]
    fn abbreviations_are_short_capitals() {
        assert!(is_abbreviation("UN"));
        assert!(is_abbreviation("NATO"));
        assert!(!is_abbreviation("Nato"));
        assert!(!is_abbreviation("A"));
        assert!(!is_abbreviation("ABCDEFG"));
    }
}
