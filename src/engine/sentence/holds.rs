//! Whether a sentence holds the question: its share of the question's weight, its names, its
//! verb, and a word of the kind asked.

use std::collections::HashSet;
use std::ops::Range;

use super::kind::{has_kind, names_the_focus};
use super::{is_question, reaches_near, Reach};
use crate::engine::answer::AnswerKind;
use crate::engine::initials::abbreviates;
use crate::engine::question::{self, Question};
use crate::engine::{short_answer, Scoped};
use crate::index::StoredPassage;

/// A sentence must hold at least this share of the question's weight (its words weighed by how
/// rare they are in the articles) to be quoted as the answer.
const MIN_SHARE: f32 = 0.6;

/// A sentence of the best passage that writes a thing of the kind asked may hold this much less.
const MIN_SHARE_NEAR: f32 = 0.5;

/// How much a name the sentence leaves to its passage counts: the paragraph is about it ("Its
/// cranes arrived in May." after the sentence naming the quay), more surely than a name elsewhere
/// in the article, which counts half.
const NAME_IN_PASSAGE: f32 = 0.75;

/// A thing asked for ("What …?", "Which club …?") has no kind a word of the sentence can be
/// checked against, as a date, place or person has: the sentence must hold more of the question,
/// so that one that shares only its topic neither answers nor stands as a rival to one that does.
/// A sentence naming one of the kind ("Which hospital …?", "Mercy Hospital") needs only
/// [`MIN_SHARE`].
const MIN_SHARE_THING: f32 = 0.7;

/// A yes or no is a whole proposition: the sentence quoted for it must hold nearly all of it.
const MIN_SHARE_YES_NO: f32 = 0.8;

/// A question with this many words besides its names may word one of them otherwise.
const MANY_WORDS: usize = 4;

/// How much a verb that takes another verb ("decide", "want") counts against a word of its own.
const CATENATIVE_WEIGHT: f32 = 0.3;

/// How a sentence's words are weighed against the question's.
pub struct Weighing<'a> {
    /// Each term's weight (see [`weights`]).
    pub weights: &'a [f32],
    /// Whether any passage looked through writes each term (an abbreviation no passage writes
    /// may be left out).
    pub written: &'a [bool],
}

/// The question's words with their weights: rarer words count more, names twice.
pub fn weights(engine: &Scoped, q: &Question) -> Vec<f32> {
    q.terms
        .iter()
        .map(|t| {
            let rarity = t
                .stems
                .first()
                .map(|s| engine.rarity(s))
                .unwrap_or(1.0)
                .max(0.5);
            if t.name {
                2.0 * rarity
            } else if question::is_catenative(&t.text) {
                // "decide to share": the sentence may state the sharing alone.
                CATENATIVE_WEIGHT * rarity
            } else {
                rarity
            }
        })
        .collect()
}

/// The share of the question's weight that sentence `s` of `p` holds, when it holds the question
/// (see the module's comment); `None` otherwise. `found` are the question's words in the passage,
/// `article` their stems in the article's other passages.
pub fn holds(
    q: &Question,
    weighing: &Weighing,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
    article: &HashSet<String>,
    reach: Reach,
) -> Option<f32> {
    // Why a sentence does not hold the question, for `RUST_LOG=treatybot=trace`.
    let turned_down = |why: &str| -> Option<f32> {
        tracing::trace!(sentence = %&p.text[s.clone()], why, "does not hold");
        None
    };
    let near = reach == Reach::Near;
    if near && !reaches_near(q.kind) {
        return turned_down("kind reaches no near sentence");
    }
    if q.terms.is_empty() || is_question(&p.text[s.clone()]) {
        return turned_down("no terms or a question");
    }
    if short_answer::names_another_number(q, p, s, found) {
        return turned_down("names another number");
    }
    // Whether each term is in the sentence, found once: a name the sentence refers back to by a
    // pronoun ("He said …") is in it.
    let here: Vec<bool> = q
        .terms
        .iter()
        .map(|t| {
            found
                .iter()
                .any(|(stem, r)| t.matches(stem) && r.start >= s.start && r.end <= s.end)
                || short_answer::standing_for(t, p, s, found).is_some()
                || short_answer::pair_stands_for(q, t, p, s, found, article)
        })
        .collect();
    // "When did Elena become minister?": the date asked is the event's, which a sentence without
    // the question's verb after its named subject does not give.
    if q.kind == AnswerKind::Date && q.verb.or(q.event_noun()).is_some_and(|v| !here[v]) {
        return turned_down("no event verb");
    }
    // "What did the museum buy?": the thing asked is what the verb did, which a sentence without
    // the verb after the named subject (or a word that may stand for it) does not give.
    if q.kind == AnswerKind::Thing && q.verb.is_some_and(|v| !here[v]) {
        return turned_down("no verb");
    }
    // "Who heads the union?": the person asked is the one who did it, which a sentence naming
    // people without the verb (or a word that may stand for it) does not say.
    if q.kind == AnswerKind::Person && q.agent.is_some_and(|v| !here[v]) {
        return turned_down("no agent");
    }
    let mut total = 0.0;
    let mut got = 0.0;
    let mut words_here = 0;
    let mut words = 0;
    for (i, (t, &w)) in q.terms.iter().zip(weighing.weights).enumerate() {
        let in_sentence = here[i];
        if (t.aside || q.told_by_the_time(t, p.source.date)) && !in_sentence {
            continue;
        }
        if t.qualifier && !in_sentence {
            total += w;
            continue;
        }
        let in_passage = found.iter().any(|(stem, _)| t.matches(stem));
        let nearby = in_passage || t.stems.iter().any(|st| article.contains(st));
        total += w;
        if t.name {
            // A name may be given around the sentence ("he said"), never left out; but the last word
            // of a name will do ("Sigrun Hallsdottir" asked, "Hallsdottir" written),
            // and an abbreviation may be written out ("UN", "the United Nations").
            let part_of_name = |j: usize| q.terms.get(j).is_some_and(|n| n.name && here[j]);
            // The name's later word is the one written alone ("Hallsdottir", "Commons"); a
            // first word ("La", "New") is no name without the rest.
            let joined_after = q.terms.get(i + 1).is_some_and(|n| n.follows) && part_of_name(i + 1);
            match (in_sentence, nearby) {
                (true, _) => got += w,
                (false, true) if in_passage => got += NAME_IN_PASSAGE * w,
                (false, true) => got += 0.5 * w,
                _ if joined_after => total -= w,
                // An abbreviation no passage writes is left out (the articles may not use it);
                // one that others write only weighs against the sentence that does not.
                _ if abbreviates(&t.text) && !weighing.written[i] => total -= w,
                _ if abbreviates(&t.text) => {}
                (false, false) => return turned_down("a name missing"),
            }
        } else {
            words += 1;
            if in_sentence {
                got += w;
                words_here += 1;
            }
        }
    }
    // A sentence that holds the names and none of the question's other words is about them, not
    // an answer about what was asked ("the population of Vardø" is not in a sentence that only
    // names Vardø); only a verb that glosses a name may be left unwritten ("What does Kolbey
    // mean?", "Kolbey — \"cold island\" in Old Norse").
    let only_gloss = words == 1
        && q.terms
            .iter()
            .any(|t| !t.name && question::is_gloss(&t.text));
    if words > 0 && words_here == 0 && !only_gloss {
        return turned_down("only names");
    }
    // A yes or no is a whole proposition: every word of it must be in the sentence. A person
    // asked for is named in a sentence of many people: the sentence must say what the question
    // says they did, all of it but one word of a long question. A date, place or number is
    // found in many sentences near the question's names: the sentence must hold the event too
    // ("construction … begin", not "decide … whether to build"), all but a third of its words.
    let may_miss = match q.kind {
        AnswerKind::YesNo => 0,
        AnswerKind::Person if words >= MANY_WORDS => 1,
        AnswerKind::Person => 0,
        AnswerKind::Date
        | AnswerKind::Place
        | AnswerKind::Number
        | AnswerKind::Amount
        | AnswerKind::Duration => (words / 3).max(1),
        _ => words,
    };
    let may_miss = if near {
        may_miss.max(words.div_ceil(2))
    } else {
        may_miss
    };
    if words - words_here > may_miss {
        return turned_down("too many words missing");
    }
    let share = got / total.max(f32::EPSILON);
    let least = if near {
        MIN_SHARE_NEAR
    } else if q.kind == AnswerKind::YesNo {
        MIN_SHARE_YES_NO
    } else if q.kind == AnswerKind::Thing && !names_the_focus(q, &p.text[s.clone()]) {
        MIN_SHARE_THING
    } else {
        MIN_SHARE
    };
    let kind = has_kind(q, p, s);
    tracing::trace!(share, least, kind, words, words_here, sentence = %&p.text[s.clone()], "weighed");
    (share >= least && kind).then_some(share)
}
