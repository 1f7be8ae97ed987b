//! Names typed in another script, spelled in Latin letters so they can be matched against the
//! people register, which holds the names as the English articles print them.
//!
//! One name has several plausible Latin spellings: "Лавров" is "Lavrov" by the passport table,
//! "ラブロフ" is "raburofu" in Hepburn but "Lavrov" once the loan-word conventions are applied
//! (r for l, b for v, a vowel Japanese adds after a consonant dropped). Rather than choose one,
//! a word is read into a [`Spelling`]: a chain of units, each with the Latin strings it may stand
//! for, and matched against a register word by edit distance over every path at once
//! ([`Spelling::distance`]). The rules are general tables of the scripts, never a list of people.

mod cyrillic;
mod kana;
mod lattice;

pub use lattice::Spelling;

/// The writing system of a letter, or of most letters of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Latin letters (English and the other languages the articles quote).
    Latin,
    /// Cyrillic letters (Russian, Ukrainian, Belarusian).
    Cyrillic,
    /// Japanese: kana, or kanji.
    Japanese,
    /// Any other letters (Hangul, Arabic, Greek, …).
    Other,
}

impl Script {
    /// The script of one character, or `None` for what is not a letter (digits, punctuation,
    /// spaces, the long-vowel mark and middle dot aside, which belong to kana).
    pub fn of_char(c: char) -> Option<Script> {
        match c {
            '\u{0400}'..='\u{052F}' => Some(Script::Cyrillic),
            // Hiragana, katakana (with ー and ・), their phonetic extensions, CJK ideographs.
            '\u{3040}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF66}'..='\u{FF9F}' => Some(Script::Japanese),
            c if c.is_ascii_alphabetic() => Some(Script::Latin),
            // Latin-1 and Latin Extended letters (ø, ó, ł, ş …).
            '\u{00C0}'..='\u{024F}' if c.is_alphabetic() => Some(Script::Latin),
            c if c.is_alphabetic() => Some(Script::Other),
            _ => None,
        }
    }

    /// The script most of the letters of `text` are in; `None` when it has no letters.
    pub fn of_text(text: &str) -> Option<Script> {
        let mut counts = [0usize; 4];
        for s in text.chars().filter_map(Script::of_char) {
            counts[s as usize] += 1;
        }
        let (i, n) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
        (*n > 0).then_some(
            [
                Script::Latin,
                Script::Cyrillic,
                Script::Japanese,
                Script::Other,
            ][i],
        )
    }
}

/// Whether `c` separates the words of a name: spaces, and the marks Japanese writes between a
/// foreign given name and surname (・, ＝, =).
pub fn separates_names(c: char) -> bool {
    c.is_whitespace() || matches!(c, '・' | '･' | '＝' | '=' | '·')
}

impl Spelling {
    /// The Latin spellings of one word written in Cyrillic or in kana; `None` for a word in
    /// Latin letters (matched as it is), in kanji (whose readings no table gives) or mixed.
    pub fn read(word: &str) -> Option<Spelling> {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != 'ー');
        let mut scripts = word.chars().map(Script::of_char);
        let first = scripts.next()??;
        if !scripts.all(|s| s == Some(first)) {
            return None;
        }
        match first {
            Script::Cyrillic => Some(cyrillic::read(word)),
            Script::Japanese => kana::read(word),
            Script::Latin | Script::Other => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The register's tolerance for a name of this many letters (see `engine::people`).
    fn most(chars: usize) -> usize {
        match chars {
            0..=3 => 0,
            4..=6 => 1,
            _ => 2,
        }
    }

    fn distance(typed: &str, latin: &str) -> Option<usize> {
        let s = Spelling::read(typed)?;
        let target: Vec<char> = latin.to_lowercase().chars().collect();
        s.distance(&target, most(target.len()))
    }

    fn found(typed: &str, latin: &str) -> bool {
        distance(typed, latin).is_some()
    }

    #[test]
    fn the_script_of_a_text_is_that_of_most_of_its_letters() {
        assert_eq!(Script::of_text("Лавров"), Some(Script::Cyrillic));
        assert_eq!(
            Script::of_text("係争中の島はいくつですか?"),
            Some(Script::Japanese)
        );
        assert_eq!(
            Script::of_text("Who is minister Лавров?"),
            Some(Script::Latin)
        );
        assert_eq!(Script::of_text("1956?"), None);
        assert_eq!(Script::of_text("Łódź"), Some(Script::Latin));
    }

    #[test]
    fn only_cyrillic_and_kana_words_are_spelled() {
        assert!(Spelling::read("Karasin").is_none());
        assert!(Spelling::read("国後島").is_none());
        assert!(Spelling::read("Лавrov").is_none());
        assert!(Spelling::read("ラブロフ").is_some());
        assert!(Spelling::read("«Лавров»").is_some());
    }

    /// Surnames as English outlets spell them, from a list the rules were not written from
    /// (`tests/fixtures/names/press.tsv`); the figures are in the README.
    #[test]
    fn press_spellings_are_found() {
        let text = include_str!("../../tests/fixtures/names/press.tsv");
        let mut counts = std::collections::BTreeMap::<(&str, bool), (usize, usize)>::new();
        let mut missed = Vec::new();
        // Precision: no surname closer to a word of another person's name than to its own.
        let everyone: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .flat_map(|(i, l)| {
                l.rsplit('\t')
                    .next()
                    .unwrap()
                    .split(' ')
                    .map(move |w| (i, w))
            })
            .collect();
        let mut wrong = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let [script, written, press] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("bad line {line}");
            };
            let press: Vec<&str> = press.split(' ').collect();
            let words: Vec<&str> = written.split(separates_names).collect();
            // Japanese people are written family name first, everyone else last.
            let family_first = script == "kana" && written.contains(' ');
            for (i, w) in words.iter().enumerate() {
                let surname = if family_first {
                    i == 0
                } else {
                    i + 1 == words.len()
                };
                let hit = press.iter().any(|p| found(w, p));
                let c = counts.entry((script, surname)).or_default();
                c.0 += usize::from(hit);
                c.1 += 1;
                if !hit {
                    missed.push(*w);
                }
                // As `/who` resolves a word: to the closest register word.
                let own = press.iter().filter_map(|p| distance(w, p)).min();
                if surname {
                    wrong.extend(
                        everyone
                            .iter()
                            .filter(|(i, p)| *i != n && !press.contains(p))
                            .filter(|(_, p)| {
                                distance(w, p).is_some_and(|d| own.is_none_or(|o| d < o))
                            })
                            .map(|(_, p)| (*w, *p)),
                    );
                }
            }
        }
        eprintln!("found (script, surname) → (hits, words): {counts:?}; missed {missed:?}; surnames closer to another's name {wrong:?}");
        let rate = |k| counts[&k].0 as f32 / counts[&k].1 as f32;
        assert!(rate(("cyrillic", true)) >= 0.98, "{counts:?} {missed:?}");
        assert!(rate(("kana", true)) >= 0.9, "{counts:?} {missed:?}");
        assert!(rate(("cyrillic", false)) >= 0.9, "{counts:?}");
        assert!(rate(("kana", false)) >= 0.8, "{counts:?}");
        assert!(wrong.is_empty(), "{wrong:?}");
    }
}
