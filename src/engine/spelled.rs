//! A name typed in Cyrillic or kana ("Лавров", "ラブロフ", "グリゴリー・カラシン"), read once into
//! its words' Latin spellings and resolved against the register's words: each word becomes the
//! register word it spells, so the rest of `/who` scores it as if that word had been typed.

use crate::translit::{separates_names, Spelling};

/// One word of a typed name.
#[derive(Debug, Clone)]
pub enum Word {
    /// In Latin letters: matched as typed.
    Latin(String),
    /// In another script: its Latin spellings.
    Spelled(Spelling),
}

/// A name as typed, read once: its words, each in Latin letters or spelled.
#[derive(Debug, Clone)]
pub struct TypedName {
    /// The words, in order.
    pub words: Vec<Word>,
}

/// Most Latin readings of one typed name tried against the register (ties multiply).
const READINGS: usize = 8;

/// Shortest exact prefix, in Latin letters, a spelled word may stand for when it spells no
/// whole word ("ラブ" for "Lav…"), as a typed Latin prefix needs three letters.
const PREFIX_LETTERS: usize = 3;

impl TypedName {
    /// Reads `q` into words; a possessive is left to the Latin matcher.
    pub fn read(q: &str) -> TypedName {
        let words = q
            .split(separates_names)
            .filter(|w| !w.is_empty())
            .map(|w| match Spelling::read(w) {
                Some(s) => Word::Spelled(s),
                None => Word::Latin(w.to_string()),
            })
            .collect();
        TypedName { words }
    }

    /// Whether any word was typed in another script.
    pub fn is_spelled(&self) -> bool {
        self.words.iter().any(|w| matches!(w, Word::Spelled(_)))
    }

    /// The Latin names this stands for among `words` (the register's folded words, sorted, each
    /// once): every spelled word replaced by the closest register word within `most(len)` edits
    /// (all of them on a tie), else by the longest exact prefix of one; at most [`READINGS`].
    pub fn readings<'w>(
        &self,
        words: impl Iterator<Item = &'w str> + Clone + 'w,
        most: impl Fn(usize) -> usize,
    ) -> Vec<String> {
        self.readings_with(|_| Box::new(words.clone()), most)
    }

    /// As [`TypedName::readings`], each spelled word matched against the words `candidates`
    /// gives for it (a part of the register narrowed by how its spelling starts).
    pub fn readings_with<'w>(
        &self,
        candidates: impl Fn(&Spelling) -> Box<dyn Iterator<Item = &'w str> + 'w>,
        most: impl Fn(usize) -> usize,
    ) -> Vec<String> {
        let mut readings = vec![String::new()];
        for word in &self.words {
            let options = match word {
                Word::Latin(w) => vec![w.clone()],
                Word::Spelled(s) => resolve(s, candidates(s), &most),
            };
            if options.is_empty() {
                return Vec::new();
            }
            readings = readings
                .iter()
                .flat_map(|r| {
                    options.iter().map(move |o| {
                        if r.is_empty() {
                            o.clone()
                        } else {
                            format!("{r} {o}")
                        }
                    })
                })
                .take(READINGS)
                .collect();
        }
        readings
    }
}

/// The register words `s` spells: the closest within tolerance, else the longest exact prefixes.
fn resolve<'w>(
    s: &Spelling,
    words: impl Iterator<Item = &'w str>,
    most: &impl Fn(usize) -> usize,
) -> Vec<String> {
    let mut best: (usize, Vec<&str>) = (usize::MAX, Vec::new());
    let mut prefix: (usize, Vec<String>) = (PREFIX_LETTERS, Vec::new());
    let mut letters = Vec::new();
    for w in words {
        letters.clear();
        letters.extend(w.chars());
        if let Some(d) = s.distance(&letters, most(letters.len())) {
            if d < best.0 {
                best = (d, vec![w]);
            } else if d == best.0 {
                best.1.push(w);
            }
        } else if best.1.is_empty() {
            if let Some(n) = s.prefix_of(&letters).filter(|&n| n >= prefix.0) {
                let p: String = letters[..n].iter().collect();
                if n > prefix.0 {
                    prefix = (n, Vec::new());
                }
                if !prefix.1.contains(&p) {
                    prefix.1.push(p);
                }
            }
        }
    }
    if best.1.is_empty() {
        return prefix.1;
    }
    best.1.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn most(n: usize) -> usize {
        match n {
            0..=3 => 0,
            4..=6 => 1,
            _ => 2,
        }
    }

    const WORDS: [&str; 7] = [
        "grigory", "karasin", "lavrov", "sergei", "shinzo", "abe", "karpov",
    ];

    fn readings(q: &str) -> Vec<String> {
        TypedName::read(q).readings(WORDS.iter().copied(), most)
    }

    #[test]
    fn each_spelled_word_becomes_the_register_word_it_spells() {
        assert_eq!(readings("Лавров"), ["lavrov"]);
        assert_eq!(readings("ラブロフ"), ["lavrov"]);
        assert_eq!(readings("グリゴリー・カラシン"), ["grigory karasin"]);
        assert_eq!(readings("Сергей Lavrov"), ["sergei Lavrov"]);
        assert_eq!(readings("あべ"), ["abe"]);
    }

    #[test]
    fn a_partial_word_stands_for_the_prefix_it_spells() {
        assert_eq!(readings("ラブ"), ["lav"]);
        assert_eq!(readings("カラ"), ["kara"]);
        assert!(readings("ゼ").is_empty());
    }

    #[test]
    fn a_word_spelling_nobody_gives_no_reading() {
        assert!(readings("Зеленский").is_empty());
        assert!(!TypedName::read("Karasin").is_spelled());
        assert!(TypedName::read("Карасин").is_spelled());
    }
}
