//! The words of a sentence as the name finder sees them: letters, combining marks, apostrophes
//! and hyphens, each with its byte range, and what a word's shape says of it as a name.

use std::sync::LazyLock;

use regex::Regex;

use super::word_class::NOT_NAMES;

/// What [`words`] finds, as a pattern.
#[cfg(test)]
const WORD_PATTERN: &str = r"[\p{L}][\p{L}\p{M}'’\-]*";

/// A letter outside ASCII (`\p{L}`).
static NON_ASCII_LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A\p{L}\z").expect("letter pattern compiles"));

/// A letter or combining mark outside ASCII (`[\p{L}\p{M}]`), or a curly apostrophe.
static NON_ASCII_WORD_CHAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A[\p{L}\p{M}’]\z").expect("word pattern compiles"));

fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        NON_ASCII_LETTER.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

fn continues_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '\'' || c == '-'
    } else {
        NON_ASCII_WORD_CHAR.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

/// One word of a text and where it stands.
#[derive(Debug, Clone)]
pub(super) struct Word<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Word<'_> {
    /// The word without a possessive ending.
    pub(super) fn bare(&self) -> &str {
        self.text
            .strip_suffix("'s")
            .or_else(|| self.text.strip_suffix("’s"))
            .unwrap_or(self.text)
    }

    /// The bare word in lower case.
    pub(super) fn lower(&self) -> String {
        self.bare().to_lowercase()
    }

    /// A capital letter first and a lower-case one after (not an acronym).
    pub(super) fn is_capitalised(&self) -> bool {
        let mut chars = self.bare().chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        first_upper && chars.any(char::is_lowercase)
    }

    /// See [`particle_surname`]; the surname must also be no place or country word.
    pub(super) fn is_particle_name(&self) -> bool {
        particle_surname(self.bare()).is_some_and(|rest| {
            Word {
                text: rest,
                start: 0,
                end: rest.len(),
            }
            .could_be_name()
        })
    }

    /// Capitalised, and no part of it a word that is never a name or a calendar word.
    pub(super) fn could_be_name(&self) -> bool {
        self.is_capitalised()
            && !self.bare().split('-').any(|part| {
                NOT_NAMES.contains(part.to_lowercase().as_str())
                    || crate::corpus::partial_date::is_calendar_word(part)
            })
    }
}

/// A surname after a short lower-case particle and a hyphen ("al-Hariri", "el-Baz"): the
/// capitalised surname. Such a word continues a name, never starts one ("ex-Soviet" is no name).
pub fn particle_surname(word: &str) -> Option<&str> {
    let (particle, rest) = word.split_once('-')?;
    let particle_ok =
        (1..=3).contains(&particle.chars().count()) && particle.chars().all(char::is_lowercase);
    (particle_ok && rest.starts_with(char::is_uppercase)).then_some(rest)
}

/// The words of `text`, as [`WORD_PATTERN`] matches them: a letter, then letters, combining
/// marks, apostrophes and hyphens. Scanned by hand, with the regex engine asked only about
/// characters outside ASCII: this runs over every paragraph twice, and a regex search per word
/// was a tenth of ingest time.
pub(super) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_letter(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if !continues_word(c) {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        out.push(Word {
            text: &text[start..end],
            start,
            end,
        });
    }
    out
}

/// Only white space (no punctuation) lies between two words.
pub(super) fn adjacent(text: &str, a: &Word, b: &Word) -> bool {
    text[a.end..b.start].chars().all(char::is_whitespace)
        && !a.text.ends_with("'s")
        && !a.text.ends_with("’s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_what_the_word_pattern_matches() {
        let pattern = Regex::new(WORD_PATTERN).expect("pattern compiles");
        for text in [
            "Prime Minister Shinzo Abe's visit to Yuzhno-Sakhalinsk, on Dec. 15-16.",
            "Sergei Lavrov’s talks with Fumio Kishida’ and ‘Iturup’ — “Etorofu”",
            "Zürich, São Paulo, Ōsaka; naïve café ÉLAN, ǅemal, Ⅻ, x\u{301}y \u{301}a",
            "Владимир Путин и Синдзо Абэ — 安倍晋三, 'quoted' -dash- 42nd 1956's",
            "",
        ] {
            let expected: Vec<(usize, usize)> = pattern
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let found: Vec<(usize, usize)> = words(text).iter().map(|w| (w.start, w.end)).collect();
            assert_eq!(found, expected, "{text}");
        }
    }
}
