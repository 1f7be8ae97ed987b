//! Year distractors: years on the answer's side of the article's date, nearest first. A past
//! event (a year up to the article's) gets years up to the article's date; a pledge or a plan
//! (a year after it: "a peace treaty by 2000" in 1998) gets years after it. Either way all four
//! choices are possible by the article's date.

use super::Candidate;
use crate::quiz::generate::blanks::Blank;
use crate::quiz::generate::material::Pools;

/// How far from the answer made-up years may be, when the articles have too few.
const NEAR: [i32; 5] = [1, 2, 3, 5, 10];

/// Whether year `y` is possible where the answer `year` stands, by the article's year.
pub(crate) fn fits(y: i32, year: i32, article_year: Option<i32>) -> bool {
    match article_year {
        Some(a) if year <= a => y <= a,
        Some(a) => y > a,
        None => true,
    }
}

/// The articles' years that fit, nearest the answer first; then, when fewer than three, years
/// near the answer that fit.
pub(super) fn candidates(
    b: &Blank,
    pools: &Pools,
    absent: &dyn Fn(&str) -> bool,
) -> Vec<Candidate> {
    let year: i32 = b.key.parse().unwrap_or(0);
    let ok = |y: i32| y != year && fits(y, year, b.article_year) && absent(&y.to_string());
    let mut ys: Vec<i32> = pools.years.iter().copied().filter(|y| ok(*y)).collect();
    // Nearby years make a fairer question than ones decades away.
    ys.sort_by_key(|y| ((y - year).abs(), *y));
    ys.truncate(6);
    let mut out: Vec<Candidate> = ys.iter().map(|y| Candidate::best(y.to_string())).collect();
    for d in NEAR {
        for y in [year - d, year + d] {
            if out.len() < 3 && ok(y) && !ys.contains(&y) {
                out.push(Candidate {
                    tier: 1,
                    text: y.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_stay_on_the_answers_side_of_the_article_date() {
        // A pledge in a 1998 article to act by 2000: only later years.
        assert!(fits(2005, 2000, Some(1998)));
        assert!(!fits(1951, 2000, Some(1998)));
        assert!(!fits(1998, 2000, Some(1998)));
        // A past event: only years up to the article's.
        assert!(fits(1998, 1956, Some(1998)));
        assert!(!fits(2013, 1956, Some(1998)));
        assert!(fits(2013, 1956, None));
    }
}
