//! Assembling a question from a blank: the blanked sentence, the give-away checks, three
//! distractors and the choice order from the seed.

use std::collections::BTreeMap;

use super::blanks::{number_value, Blank, NUMBER_WORDS};
use super::distractors::{candidates, spelling_twins};
use super::material::Pools;
use super::text::{contains_word, context_words};
use super::BLANK;
use crate::extract::Place;
use crate::index::StoredPassage;
use crate::quiz::rng::Rng;
use crate::quiz::{Fact, Kind, Question, QuizCitation, QuizSource};

/// Lower-cased strings none of which may appear in the question text, or it gives the answer away.
fn giveaways(b: &Blank, pools: &Pools) -> Vec<String> {
    let mut out = vec![b.answer.to_lowercase()];
    match b.kind {
        Kind::Who => {
            if let Some(p) = pools.person(&b.key) {
                out.extend(p.forms.iter().map(|f| f.to_lowercase()));
            }
        }
        Kind::Where => {
            if let Some(place) = pools.gazetteer.get(&b.key) {
                out.extend(place.all_names().iter().map(|n| n.to_lowercase()));
            }
        }
        Kind::HowMany => {
            if let Some(v) = number_value(&b.answer.to_lowercase()) {
                out.push(v.to_string());
                if let Some(w) = NUMBER_WORDS.get((v as usize).wrapping_sub(1)) {
                    out.push((*w).to_string());
                }
            }
        }
        Kind::When | Kind::What => {}
    }
    out
}

/// "Siberian" names Siberia, "Soviet" the Soviet Union: words sharing a name's first five letters.
fn stem_giveaway(question: &str, place: &Place) -> bool {
    let words: Vec<String> = question
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    place.all_names().iter().any(|n| {
        let first = n.split_whitespace().next().unwrap_or("").to_lowercase();
        let stem: String = first.chars().take(5).collect();
        stem.chars().count() >= 5 && words.iter().any(|w| w.starts_with(&stem))
    })
}

/// Content words a question's sentence keeps besides its blank, at least.
const MIN_CONTEXT_WORDS: usize = 3;

/// How often each distractor has been offered in a bank so far, and how often one may be, so no
/// name or place turns up in question after question.
#[derive(Debug, Clone, Default)]
pub(crate) struct Usage {
    counts: BTreeMap<String, usize>,
    /// Most questions one distractor may be offered in; `None`: no limit (one quiz's questions).
    cap: Option<usize>,
}

impl Usage {
    /// A bank in which each distractor may be offered in at most `cap` questions.
    pub(crate) fn capped(cap: usize) -> Usage {
        Usage {
            counts: BTreeMap::new(),
            cap: Some(cap),
        }
    }

    /// How many questions have offered `choice` so far.
    pub(crate) fn count(&self, choice: &str) -> usize {
        self.counts
            .get(&choice.to_lowercase())
            .copied()
            .unwrap_or(0)
    }

    /// Whether `choice` may be offered once more.
    fn allows(&self, choice: &str) -> bool {
        self.cap.is_none_or(|cap| self.count(choice) < cap)
    }

    /// Notes the distractors of question `q`.
    pub(crate) fn add(&mut self, q: &Question) {
        for (i, c) in q.choices.iter().enumerate() {
            if i != q.answer {
                *self.counts.entry(c.to_lowercase()).or_default() += 1;
            }
        }
    }
}

/// The question blank `b` of passage `p` makes, with distractors and choice order from `seed`;
/// `None` when it would give its answer away or fewer than three distractors are certainly wrong.
pub(crate) fn build(
    p: &StoredPassage,
    b: &Blank,
    pools: &Pools,
    seed: u64,
    usage: &Usage,
) -> Option<Question> {
    let sentence = &p.text[b.sentence.clone()];
    let rel = b.span.start - b.sentence.start..b.span.end - b.sentence.start;
    let mut blanked = format!("{}{BLANK}{}", &sentence[..rel.start], &sentence[rel.end..]);
    if let Some(lead) = &b.lead {
        // "He [Putin] held…", "At the [Siberian] summit, …": the words the lead explains are
        // never the blank, and stand before it.
        if rel.start < lead.covers.end || lead.at > rel.start {
            return None;
        }
        blanked = lead.apply(&blanked);
    }
    let blanked_lower = blanked.to_lowercase();
    if giveaways(b, pools)
        .iter()
        .any(|g| contains_word(&blanked_lower, g))
    {
        return None;
    }
    if b.kind == Kind::Where {
        if let Some(place) = pools.gazetteer.get(&b.key) {
            if stem_giveaway(&blanked, place) {
                return None;
            }
        }
    }
    // A sentence that is all blank ("“_____.”") asks nothing.
    if context_words(&blanked.replace(BLANK, " ")).len() < MIN_CONTEXT_WORDS {
        return None;
    }
    let excerpt_lower = sentence.to_lowercase();
    let mut pool = candidates(b, &excerpt_lower, pools);
    pool.retain(|c| {
        !c.text.trim().is_empty()
            && !c.text.eq_ignore_ascii_case(&b.answer)
            && usage.allows(&c.text)
    });
    let mut seen = std::collections::BTreeSet::new();
    pool.retain(|c| seen.insert(c.text.to_lowercase()));
    if pool.len() < 3 {
        return None;
    }
    let article = &p.source;
    let id = format!(
        "{}-{}-p{}-{}",
        b.kind.name(),
        article.id.split('_').next().unwrap_or(&article.id),
        p.paragraph,
        b.span.start
    );
    let mut rng = Rng::for_label(seed, &id);
    // Nearest-first pools (years, numbers) keep their best few; the rest are shuffled whole, then
    // the best-fitting first and, among those, the least offered in the bank so far.
    rng.shuffle(&mut pool);
    pool.sort_by_key(|c| (c.tier, usage.count(&c.text)));
    // Two spellings of one person are one choice twice: a reader rules both out.
    let mut choices: Vec<String> = Vec::with_capacity(4);
    for c in pool {
        if choices.len() == 3 {
            break;
        }
        if b.kind == Kind::Who && choices.iter().any(|o| spelling_twins(o, &c.text)) {
            continue;
        }
        choices.push(c.text);
    }
    if choices.len() < 3 {
        return None;
    }
    let answer = rng.below(4);
    choices.insert(answer, b.answer.clone());
    let mut context = context_words(&blanked.replace(BLANK, " "));
    context.remove(&b.key.to_lowercase());
    Some(Question {
        id,
        sentence: blanked,
        kind: b.kind,
        predicate: b.ask.clone(),
        choices,
        answer,
        citation: QuizCitation {
            excerpt: sentence.to_string(),
            source: QuizSource {
                id: article.id.clone(),
                title: article.title.clone(),
                outlet: article.outlet.clone(),
                date: article.date,
                paragraph: p.paragraph,
            },
        },
        note: b.note.clone(),
        fact: Fact {
            answer: b.key.clone(),
            sentence: (p.article, p.paragraph, b.sentence.start),
            context,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Gazetteer;

    #[test]
    fn a_word_sharing_a_place_names_stem_gives_it_away() {
        let g = Gazetteer::builtin();
        assert!(stem_giveaway(
            "the _____ city of Krasnoyarsk is Siberian",
            g.get("Siberia").unwrap()
        ));
    }
}
