//! Abbreviations written out: a question's "PLA" or "UN" is the article's "People's Liberation
//! Army" or "United Nations". News copy spells a body out at first mention and abbreviates it
//! after, or the other way round, so a sentence that holds the name written out holds the
//! question's abbreviation. An abbreviation with a number ("WW2", "G7") is the same whatever
//! the number is written as: "WWII", "World War II", "World War 2", "Group of Seven".

use std::ops::Range;

use super::question::Question;

/// Small words inside a name that its abbreviation leaves out ("Commission of Inquiry" is "CoI"
/// or "CI"; "North Atlantic Treaty Organization" is "NATO").
const LEFT_OUT: [&str; 5] = ["of", "the", "and", "for", "on"];

/// A name written in capitals of a few letters ("UN", "NATO"), which articles often spell out.
pub fn is_abbreviation(word: &str) -> bool {
    (2..=5).contains(&word.chars().count()) && word.chars().all(|c| c.is_ascii_uppercase())
}

/// Whether a question's name is an abbreviation, with a number or without ("UN", "WW2", "ww2"):
/// the articles may write it out, or not use it at all.
pub fn abbreviates(word: &str) -> bool {
    is_abbreviation(word) || numbered(word).is_some()
}

/// Roman numerals a name's number may be written in, from one.
const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/// Number words a name's number may be written in, from one.
const NUMBER_WORDS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// The value of a number written in digits, a Roman numeral or a word ("2", "II", "Two").
fn numeral_value(word: &str) -> Option<usize> {
    if !word.is_empty() && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit()) {
        return word.parse().ok();
    }
    let lower = word.to_lowercase();
    let at = |list: &[&str], w: &str| list.iter().position(|x| *x == w).map(|i| i + 1);
    at(&ROMAN, word).or_else(|| at(&NUMBER_WORDS, &lower))
}

/// An abbreviation with a number: its letters in capitals and the number ("WW2" and "ww2" are
/// W, W and 2; "WWII" is W, W and 2; "G7" is G and 7). A Roman numeral counts only after two
/// capitals or more, so that "CIA" or "MI" are not read as numbered.
pub fn numbered(word: &str) -> Option<(Vec<char>, usize)> {
    let letters = word.chars().take_while(char::is_ascii_alphabetic).count();
    let (head, tail) = word.split_at(letters);
    let digits = !tail.is_empty() && tail.len() <= 2 && tail.chars().all(|c| c.is_ascii_digit());
    if (1..=4).contains(&letters) && digits {
        return Some((
            head.to_ascii_uppercase().chars().collect(),
            tail.parse().ok()?,
        ));
    }
    if !tail.is_empty() || !word.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    // "WWII": the longest Roman numeral ending the capitals, after two capitals or more.
    (2..word.len()).find_map(|cut| {
        let (letters, numeral) = word.split_at(cut);
        let n = ROMAN.iter().position(|r| *r == numeral)? + 1;
        Some((letters.chars().collect(), n))
    })
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
    for t in q.terms.iter().filter(|t| t.name) {
        let (Some((letters, n)), Some(stem)) = (numbered(&t.text), t.stems.first()) else {
            continue;
        };
        for r in spelled_numbered(&letters, n, text) {
            out.push((stem.clone(), r));
        }
    }
    out
}

/// Byte ranges where `text` writes the numbered abbreviation `letters` and `n` in any of its
/// forms: abbreviated with the number in digits or a Roman numeral ("WWII" for "WW2"), or
/// written out with the number after it ("World War II", "Group of Seven").
fn spelled_numbered(letters: &[char], n: usize, text: &str) -> Vec<Range<usize>> {
    let words = words_with_offsets(text);
    let mut found = Vec::new();
    for (start, &(from, w)) in words.iter().enumerate() {
        if numbered(w).is_some_and(|(l, m)| l == letters && m == n) {
            found.push(from..from + w.len());
            continue;
        }
        let Some(end) = spells_from(letters, &words, start) else {
            continue;
        };
        // "Group of Seven": small words may stand before the number too.
        let numeral = words[end + 1..]
            .iter()
            .find(|(_, x)| !LEFT_OUT.contains(x))
            .filter(|(_, x)| numeral_value(x) == Some(n));
        if let Some(&(at, x)) = numeral {
            found.push(from..at + x.len());
        }
    }
    found
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
    fn a_numbered_abbreviation_is_found_whatever_its_number_is_written_as() {
        let text = "Before World War II the Vellby light was lit; after WWII, and after World \
                    War 2, it was not. A Group of Seven leader came.";
        let (ww, two) = numbered("ww2").expect("numbered");
        assert_eq!(
            spelled_numbered(&ww, two, text)
                .into_iter()
                .map(|r| &text[r])
                .collect::<Vec<_>>(),
            ["World War II", "WWII", "World War 2"]
        );
        let (g, seven) = numbered("G7").expect("numbered");
        let found: Vec<&str> = spelled_numbered(&g, seven, text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["Group of Seven"]);
        assert_eq!(numbered("WWII"), Some((vec!['W', 'W'], 2)));
        assert!(numbered("CIA").is_none() && numbered("MI").is_none());
        assert!(numbered("NATO").is_none() && numbered("A400M").is_none());
        assert!(spelled_numbered(&ww, 1, text).is_empty());
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
