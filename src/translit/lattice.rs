//! A word's Latin spellings as a chain of units with alternatives, and edit distance from every
//! path through the chain to a Latin word at once (Levenshtein over a lattice): with four units
//! of three choices each there are 81 spellings, but the distance costs four rows.

/// The Latin spellings of a word in another script: a chain of units, each standing for one of
/// its alternatives (the standard table's first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    units: Vec<Vec<Vec<char>>>,
}

impl Spelling {
    /// A spelling from its units' alternatives; units with none are left out.
    pub(super) fn new(units: Vec<Vec<String>>) -> Spelling {
        let units = units
            .into_iter()
            .filter(|alts| !alts.is_empty())
            .map(|mut alts| {
                // Keep the first (the standard's) first, drop repeats.
                let mut seen = std::collections::HashSet::new();
                alts.retain(|a| seen.insert(a.clone()));
                alts.into_iter().map(|a| a.chars().collect()).collect()
            })
            .collect();
        Spelling { units }
    }

    /// The standard table's spelling: every unit's first alternative.
    pub fn primary(&self) -> String {
        self.units.iter().flat_map(|alts| &alts[0]).collect()
    }

    /// What every spelling starts with: the paths through the first units (as long as they
    /// stay few), or, when the first unit may be empty (a word opening with ッ or ー), the
    /// letters it may start with. A word this matches
    /// exactly (no edit) starts with one of them, so they narrow a sorted word list.
    pub fn starts(&self) -> Vec<String> {
        /// More keys than this cost more binary searches than they save.
        const KEYS: usize = 16;
        let mut keys = vec![String::new()];
        for alts in &self.units {
            if alts.iter().any(Vec::is_empty) || keys.len() * alts.len() > KEYS {
                break;
            }
            keys = keys
                .iter()
                .flat_map(|k| {
                    alts.iter()
                        .map(move |a| format!("{k}{}", a.iter().collect::<String>()))
                })
                .collect();
        }
        if keys == [""] {
            return self.first_letters().into_iter().map(String::from).collect();
        }
        keys
    }

    /// The letters a spelling may start with (what is typed first must match exactly, as a
    /// typed Latin prefix does).
    pub fn first_letters(&self) -> Vec<char> {
        let mut out = Vec::new();
        // A unit that may be empty (a gemination mark, a long vowel) lets the next one start.
        for alts in &self.units {
            out.extend(alts.iter().filter_map(|a| a.first().copied()));
            if !alts.iter().any(Vec::is_empty) {
                break;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The shortest and longest spellings, in letters.
    pub fn lengths(&self) -> (usize, usize) {
        self.units.iter().fold((0, 0), |(lo, hi), alts| {
            let min = alts.iter().map(Vec::len).min().unwrap_or(0);
            let max = alts.iter().map(Vec::len).max().unwrap_or(0);
            (lo + min, hi + max)
        })
    }

    /// The fewest edits from a spelling of this word to `target` (lower-case letters), if at
    /// most `most`; gives up as soon as every path is over.
    pub fn distance(&self, target: &[char], most: usize) -> Option<usize> {
        let (lo, hi) = self.lengths();
        if target.len() + most < lo || hi + most < target.len() {
            return None;
        }
        let row = self.rows(target, most)?;
        row.last().copied().filter(|&d| d <= most)
    }

    /// How many letters of `target` a spelling of this word is an exact prefix of: the longest
    /// such prefix, if any. Autocomplete's test, as a typed Latin prefix is matched exactly.
    pub fn prefix_of(&self, target: &[char]) -> Option<usize> {
        let row = self.rows(target, 0)?;
        row.iter().rposition(|&d| d == 0)
    }

    /// The last row of the edit-distance table: entry `j` is the fewest edits from some
    /// spelling to `target[..j]`. `None` once every entry of a row is over `most`.
    fn rows(&self, target: &[char], most: usize) -> Option<Vec<usize>> {
        let m = target.len();
        let mut row: Vec<usize> = (0..=m).collect();
        let mut best = vec![0; m + 1];
        let mut cur = vec![0; m + 1];
        let mut next = vec![0; m + 1];
        for alts in &self.units {
            best.fill(usize::MAX);
            for alt in alts {
                cur.copy_from_slice(&row);
                for &c in alt {
                    next[0] = cur[0] + 1;
                    for j in 1..=m {
                        let sub = cur[j - 1] + usize::from(target[j - 1] != c);
                        next[j] = sub.min(cur[j] + 1).min(next[j - 1] + 1);
                    }
                    std::mem::swap(&mut cur, &mut next);
                }
                for (b, &c) in best.iter_mut().zip(&cur) {
                    *b = (*b).min(c);
                }
            }
            std::mem::swap(&mut row, &mut best);
            if row.iter().all(|&d| d > most) {
                return None;
            }
        }
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelling(units: &[&[&str]]) -> Spelling {
        Spelling::new(
            units
                .iter()
                .map(|u| u.iter().map(|s| s.to_string()).collect())
                .collect(),
        )
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Every path spelled out, for checking the lattice against plain Levenshtein.
    fn paths(s: &Spelling) -> Vec<String> {
        s.units.iter().fold(vec![String::new()], |acc, alts| {
            acc.iter()
                .flat_map(|p| {
                    alts.iter()
                        .map(move |a| format!("{p}{}", a.iter().collect::<String>()))
                })
                .collect()
        })
    }

    #[test]
    fn the_distance_is_the_best_path_s_levenshtein_distance() {
        let s = spelling(&[
            &["ra", "la"],
            &["bu", "b", "v"],
            &["ro", "lo"],
            &["fu", "f", "v"],
        ]);
        for target in [
            "lavrov", "rabrof", "raburofu", "lavrova", "lav", "karasin", "",
        ] {
            let best = paths(&s)
                .iter()
                .map(|p| strsim::levenshtein(p, target))
                .min()
                .unwrap();
            for most in 0..4 {
                assert_eq!(
                    s.distance(&chars(target), most),
                    (best <= most).then_some(best),
                    "{target} {most}"
                );
            }
        }
    }

    #[test]
    fn a_prefix_matches_exactly_and_says_how_far() {
        let s = spelling(&[&["ra", "la"], &["bu", "b", "v"]]);
        assert_eq!(s.prefix_of(&chars("lavrov")), Some(3));
        assert_eq!(s.prefix_of(&chars("rabbit")), Some(3));
        assert_eq!(s.prefix_of(&chars("karasin")), None);
        assert_eq!(s.first_letters(), vec!['l', 'r']);
        assert_eq!(s.starts(), ["rabu", "rab", "rav", "labu", "lab", "lav"]);
        assert_eq!(s.primary(), "rabu");
        assert_eq!(s.lengths(), (3, 4));
    }

    #[test]
    fn an_empty_unit_lets_the_next_one_start_the_word() {
        let s = spelling(&[&["", "t"], &["chi", "ti"]]);
        assert_eq!(s.first_letters(), vec!['c', 't']);
        assert_eq!(s.starts(), ["c", "t"]);
    }
}
