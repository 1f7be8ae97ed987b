//! Number distractors: numbers near the answer, written as the answer is (a word or digits).

use super::Candidate;
use crate::quiz::generate::blanks::{format_number, number_value, Blank, NUMBER_WORDS};
use crate::quiz::generate::material::Pools;

/// Numbers the collection has, then the answer's neighbours by order of magnitude, nearest first.
pub(super) fn candidates(
    b: &Blank,
    pools: &Pools,
    absent: &dyn Fn(&str) -> bool,
) -> Vec<Candidate> {
    let Some(v) = number_value(&b.answer.to_lowercase()) else {
        return Vec::new();
    };
    let as_word = b.answer.chars().all(char::is_alphabetic);
    let mut values: Vec<u64> = if as_word {
        (1..=NUMBER_WORDS.len() as u64).collect()
    } else {
        // Few numbers in a small collection: the others it has, then the same number's
        // neighbours by order of magnitude.
        let mut v: Vec<u64> = pools.numbers.iter().copied().collect();
        let n: u64 = b.key.parse().unwrap_or(0);
        v.extend([n / 10, n * 10, n / 2, n * 2]);
        v
    };
    values.retain(|x| *x != v && *x > 0);
    values.sort_by_key(|x| (x.abs_diff(v), *x));
    values.dedup();
    values
        .into_iter()
        .map(|x| {
            if as_word {
                let w = NUMBER_WORDS[x as usize - 1];
                if b.answer.starts_with(char::is_uppercase) {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                } else {
                    w.to_string()
                }
            } else {
                format_number(x)
            }
        })
        .filter(|s| absent(s))
        .take(5)
        .map(Candidate::best)
        .collect()
}
