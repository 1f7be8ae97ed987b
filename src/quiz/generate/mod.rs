//! Turning cited sentences into questions: each question is one sentence of an article with one
//! thing blanked out (a person, a year, a place, a key phrase or a number), and three distractors
//! of the same kind drawn from the rest of the collection.
//!
//! Soundness first: a candidate is dropped, never patched up, when the sentence is not a clean
//! sentence, when the rest of it names the answer again (the question would give it away), or when
//! fewer than three distractors are certainly wrong.

mod assemble;
mod blanks;
mod core;
mod distractors;
mod lead;
mod material;
mod parties;
mod text;

use super::Question;
use crate::engine::Scoped;
use crate::error::Result;

pub(super) use material::{forget_kept, Material};
pub use text::{contains_word, is_stopword};

/// What stands where the answer was.
pub const BLANK: &str = "_____";

/// Most passages one quiz's questions are drawn from, chosen by the index (see
/// [`Scoped::quiz_passages`]): a collection of hundreds of thousands of articles costs a quiz
/// what a few hundred do.
pub const QUIZ_PASSAGES: usize = 1_000;

/// Every question the default candidate passages yield (see [`QUIZ_PASSAGES`]), in their order.
pub fn all(engine: Scoped<'_>, seed: u64) -> Result<Vec<Question>> {
    Ok(Material::read(engine, None, crate::quiz::Difficulty::Hard)?.bank(seed))
}
