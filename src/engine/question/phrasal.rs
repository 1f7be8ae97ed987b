//! The words an article may write for the question's verb.

use std::collections::HashSet;

use super::words::Word;
use super::Term;
use crate::kin;

/// The particles of English phrasal verbs, as the kin table writes them.
pub(super) const PARTICLES: [&str; 10] = [
    "up", "down", "out", "off", "in", "on", "over", "back", "away", "together",
];

/// Gives the question's verb the words that may stand for it in an article ("jailed" for
/// "imprisoned"). Only the verb: a noun's wider and narrower senses are other things ("minister"
/// is not "president"), while a verb's are ways of saying the same event. A yes or no is left
/// as typed: a verb near in sense may not state the same proposition. Kin that is itself a word
/// of the question is left out, so one word of the sentence never stands for two.
///
/// A verb followed by its particle ("step down", "lock up") is looked up as the phrasal verb
/// first: "step down" is "resign", which "step" alone is not.
pub(super) fn add_kin(terms: &mut [Term], verb: Option<usize>, words: &[&Word]) {
    let typed: HashSet<String> = terms.iter().flat_map(|t| t.stems.clone()).collect();
    let Some(t) = verb.and_then(|v| terms.get_mut(v)) else {
        return;
    };
    let Some(stem) = t.stems.first().filter(|_| !t.name) else {
        return;
    };
    let particle = words
        .iter()
        .position(|w| w.text == t.text)
        .and_then(|i| words.get(i + 1))
        .map(|w| w.lower.as_str())
        .filter(|w| PARTICLES.contains(w));
    let phrasal = particle.map(|p| kin::of(&format!("{stem}_{p}"), kin::Use::Verb));
    t.kin = phrasal
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| kin::of(stem, kin::Use::Verb))
        .iter()
        .filter(|k| !typed.contains(*k))
        .cloned()
        .collect();
}
