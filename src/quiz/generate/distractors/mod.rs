//! Distractors: for each blank, the candidates that are certainly wrong, of the answer's kind and
//! fitting the sentence, each with a rank (lower fits better). One module per kind of blank, each
//! with the rule that makes its choices fair: people of the answer's side, its role class first
//! (`people.rs`); places of the answer's kind within the sentence's frame (`places.rs`); years on
//! the answer's side of the article's date (`years.rs`); agreements and bodies of the answer's
//! class, quotations of its shape (`things.rs`); numbers near it (`numbers.rs`).

mod numbers;
mod people;
mod places;
mod things;
mod years;

use super::blanks::Blank;
use super::material::Pools;
use crate::quiz::Kind;

pub(crate) use people::spelling_twins;

/// A distractor and its rank: candidates of rank 0 fit the sentence best and are offered first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Lower is better.
    pub(crate) tier: u8,
    /// The choice as shown.
    pub(crate) text: String,
}

impl Candidate {
    fn best(text: impl Into<String>) -> Candidate {
        Candidate {
            tier: 0,
            text: text.into(),
        }
    }
}

/// Distractor candidates for a blank, in a fixed order, each certainly wrong; `excerpt_lower` is
/// the question's sentence in lower case (no candidate may appear in it).
pub(crate) fn candidates(b: &Blank, excerpt_lower: &str, pools: &Pools) -> Vec<Candidate> {
    let absent = |s: &str| !excerpt_lower.contains(&s.to_lowercase());
    match b.kind {
        Kind::Who => people::candidates(b, pools, &absent),
        Kind::When => years::candidates(b, pools, &absent),
        Kind::Where => places::candidates(b, pools, &absent),
        Kind::What => things::candidates(b, pools, &absent),
        Kind::HowMany => numbers::candidates(b, pools, &absent),
    }
}
