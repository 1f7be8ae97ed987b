//! Choosing among candidate answers: the best, unless a different answer scores nearly as well.

use super::Candidate;
use crate::engine::short_answer::Found;

/// A rival answer scoring within this much of the best one makes the answer uncertain.
const RIVAL_MARGIN: f32 = 0.12;

/// A candidate that says more of the best one's answer ("12 April 1974" for "1974") is given
/// instead when it scores within this much of it: the two sentences agree, and one is exact.
const PRECISE_MARGIN: f32 = 0.5;

/// The best candidate, unless a different answer scores nearly as well.
pub(super) fn choose(
    mut cands: Vec<Candidate>,
    whole: impl Fn(&Candidate) -> bool,
) -> Option<Candidate> {
    cands.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut it = cands.into_iter();
    let best = it.next()?;
    // Two sentences that both say yes, or both no, give one answer in different words.
    let same = |a: &Found, b: &Found| {
        let (x, y) = (a.value.to_lowercase(), b.value.to_lowercase());
        a.yes == b.yes && (a.yes.is_some() || x.contains(&y) || y.contains(&x))
    };
    let (floor, precise_floor) = (best.score - RIVAL_MARGIN, best.score - PRECISE_MARGIN);
    let best_whole = whole(&best);
    let mut chosen = best;
    for other in it {
        if other.score < precise_floor {
            break;
        }
        let agrees = same(&chosen.found, &other.found);
        // A phrase cut from a sentence that is no whole thing of the kind asked ("head-on with
        // 14 people") is no answer that a whole one ("First Baptist Church") must stand against.
        if !agrees && other.score >= floor && (whole(&other) || !best_whole) {
            tracing::debug!(best = %chosen.found.value, rival = %other.found.value, "two answers are as good: none given");
            return None;
        }
        // "1974" and "12 April 1974", "Holt" and "Ragna Holt": the same answer, and
        // the one that says more of it is given, when it is a whole thing ("15 December 2016"
        // read from "December 15-16" is not).
        if agrees && more_precise(&other.found, &chosen.found) && whole(&other) {
            chosen = other;
        }
    }
    Some(chosen)
}

/// Whether `a` states what `b` does and more: `b`'s words within longer words of the same answer.
fn more_precise(a: &Found, b: &Found) -> bool {
    a.yes.is_none()
        && a.value.len() > b.value.len()
        && a.value.to_lowercase().contains(&b.value.to_lowercase())
}
