//! `/ask QUESTION`: reads the question once ([`question::parse`]), finds the passages that hold
//! its words, and takes a short answer from the sentence that supports it best. The answer is
//! given only when that sentence holds enough of the question, the candidate is of the kind asked
//! for in the place the question's relation puts it, and no rival answer is nearly as good;
//! otherwise there is no short answer and the closest passages are shown.

mod choose;
mod role;

use std::collections::HashSet;
use std::ops::Range;

use super::answer::{AnswerKind, OtherScript, SentenceAnswer, ShortAnswer};
use super::question::{self, Question};
use super::route::Route;
use super::short_answer::{self, Found};
use super::{attribution, constituent, initials, sentence};
use super::{dates, people, places, query, text, Citation, Reply, Scoped};
use crate::error::Result;
use choose::choose;
use role::role_holder;

/// Passages looked through for the evidence sentence.
const PASSAGES: usize = 8;

/// A short answer needs at least this share of the question's weight in its evidence.
const MIN_COVERAGE: f32 = 0.6;

/// A candidate answer and where it was found.
struct Candidate {
    passage: usize,
    sentence: Range<usize>,
    found: Found,
    coverage: f32,
    score: f32,
}

/// What `/ask` hands back.
pub struct Asked {
    /// The reply (citations).
    pub reply: Reply,
    /// The short answer as data, when a sentence supports one.
    pub short: Option<ShortAnswer>,
    /// The sentence answer, when no short answer stands but one sentence holds the question.
    pub sentence: Option<SentenceAnswer>,
    /// Set when the question is in a script the articles cannot be searched in.
    pub other_script: Option<OtherScript>,
}

/// Answers `/ask`: the reply, the short answer or the sentence answer as data, and whether the
/// question was in another script (then nothing is searched).
pub fn ask(engine: &Scoped, text: &str) -> Result<Asked> {
    let q = question::parse(engine, text);
    if let Some(other) = &q.other_script {
        return Ok(Asked {
            reply: (None, Vec::new(), Vec::new()),
            short: None,
            sentence: None,
            other_script: Some(other.clone()),
        });
    }
    let (reply, short, sentence) = answer(engine, &q)?;
    Ok(Asked {
        reply,
        short,
        sentence,
        other_script: None,
    })
}

/// The reply, the short answer and the sentence answer.
type Answered = (Reply, Option<ShortAnswer>, Option<SentenceAnswer>);

/// Answers a question read in English (or routed to another command).
fn answer(engine: &Scoped, q: &Question) -> Result<Answered> {
    tracing::debug!(kind = ?q.kind, focus = ?q.focus, terms = ?q.terms.iter().map(|t| (&t.text, &t.kin)).collect::<Vec<_>>(), verb = ?q.verb, event_verb = ?q.event_verb, event_noun = ?q.event_noun(), agent = q.agent_verb.is_some(), role = ?q.role.as_ref().map(|r| (&r.words, r.country)), "question");
    // A bare name, place or year, "Who is Lavrov?", "Where is Hokkaido?": answered as /who,
    // /where and /when answer it.
    match &q.route {
        Some(Route::Who(name)) => return Ok((people::who(engine, name)?, None, None)),
        Some(Route::Where(place)) => return Ok((places::place(engine, place)?, None, None)),
        Some(Route::When(date)) => return Ok((dates::when(engine, date)?, None, None)),
        Some(Route::Search(words)) => return Ok((text::search(engine, words)?, None, None)),
        None => {}
    }
    let hits = text::hits_for_words(engine, &q.search_text, &q.word_groups(), text::CANDIDATES)?;
    if let Some(role) = &q.role {
        // The holder of the role, when a passage states it; otherwise the sentence that holds
        // the question, as for any other question.
        if let Some((first, short)) = role_holder(engine, q, role, &hits)? {
            let citations = std::iter::once(first).chain(
                hits.iter()
                    .map(|h| query::cite(engine, &h.passage, Vec::new(), &q.tokens)),
            );
            return Ok((
                (
                    None,
                    query::finish(citations, engine.max_citations()),
                    Vec::new(),
                ),
                Some(short),
                None,
            ));
        }
    }
    if hits.is_empty() {
        return Ok(((None, Vec::new(), Vec::new()), None, None));
    }
    let best_score = hits[0].score.max(f32::EPSILON);
    let mut cands: Vec<Candidate> = Vec::new();
    let found: Vec<Vec<(String, Range<usize>)>> = hits
        .iter()
        .take(PASSAGES)
        .map(|h| {
            let mut words = engine.find_tokens(&h.passage.text, &q.with_kin);
            words.extend(initials::written_out(q, &h.passage.text));
            words.sort_by_key(|(_, r)| (r.start, r.end));
            words
        })
        .collect();
    let elsewhere = elsewhere_in_article(&hits, &found);
    let sourced = sourced(&hits, &q.source);
    for (i, h) in hits.iter().take(PASSAGES).enumerate() {
        if !sourced[i] {
            continue;
        }
        let found_words = &found[i];
        let article = &elsewhere[i];
        // A sentence that asks ("Was there a wiretap?", quoted) states nothing to answer from.
        for s in h
            .passage
            .sentences
            .iter()
            .filter(|s| q.role.is_none() && !asks(&h.passage.text[(*s).clone()]))
        {
            // "How did X describe Y?": a sentence that gives no one's view is no answer, whatever
            // phrase in it looks like a description ("known in Japan as …").
            if q.kind == AnswerKind::Description
                && !attribution::states_a_view(&h.passage.text[s.clone()])
            {
                continue;
            }
            let Some(sup) = short_answer::support(q, &h.passage, s, found_words, article) else {
                continue;
            };
            tracing::debug!(coverage = sup.coverage, sentence = %&h.passage.text[s.clone()], "supported");
            if sup.coverage < MIN_COVERAGE {
                continue;
            }
            let Some(found) = short_answer::find(engine, q, &h.passage, s, &sup) else {
                continue;
            };
            // "Which state did the Soviets attack?": the question's own country ("the Soviet
            // Union") is no answer to it.
            if crate::extract::countries::whole(&found.value)
                .is_some_and(|c| q.countries.contains(&c))
            {
                continue;
            }
            // A dateline's place and date are the report's, never the answer.
            if found.span.start < sentence::after_dateline(&h.passage.text, s).start {
                continue;
            }
            // A sentence that writes the event's verb ("signed") says the event itself; one
            // that shares only its names and nouns may tell of another.
            let verb_written = q.event_verb.is_some_and(|v| {
                found_words.iter().any(|(stem, r)| {
                    q.terms[v].matches(stem) && r.start >= s.start && r.end <= s.end
                })
            });
            let score = sup.coverage * 2.0
                + found.fit
                + 0.5 * h.score / best_score
                + if verb_written { EVENT_VERB_BONUS } else { 0.0 };
            tracing::debug!(score, value = %found.value, "candidate");
            cands.push(Candidate {
                passage: i,
                sentence: s.clone(),
                coverage: sup.coverage,
                score,
                found,
            });
        }
    }
    let whole =
        |c: &Candidate| constituent::is_whole(q.kind, &hits[c.passage].passage.text, &c.found.span);
    let best = choose(cands, whole);
    // A candidate that is not a whole thing of the kind asked is not stated: its sentence is
    // quoted instead, as the sentence answer.
    let (best, cut) = match best {
        Some(c) if constituent::is_whole(q.kind, &hits[c.passage].passage.text, &c.found.span) => {
            (Some(c), None)
        }
        Some(c) => {
            tracing::debug!(value = %c.found.value, "not a whole thing: the sentence is quoted");
            (None, Some(c))
        }
        None => (None, None),
    };
    let mut first: Option<Citation> = None;
    let short = best.map(|c| {
        let p = &hits[c.passage].passage;
        first = Some(query::cite(
            engine,
            p,
            vec![c.found.span.clone()],
            &q.name_tokens(),
        ));
        let date = (q.kind == AnswerKind::Date)
            .then(|| dates::mention_within(p, &c.found.span))
            .flatten()
            .filter(|d| c.found.value.starts_with(&d.human()));
        ShortAnswer {
            kind: q.kind,
            value: c.found.value,
            yes: c.found.yes,
            written: c.found.written,
            date,
            evidence: p.text[c.sentence].to_string(),
            confidence: (c.coverage * c.found.fit).clamp(0.0, 1.0),
        }
    });
    // No short answer: the sentence that holds the question, cited first.
    let held = match (&short, cut) {
        (Some(_), _) => None,
        (None, Some(c)) => Some(sentence::Held {
            passage: c.passage,
            sentence: sentence::after_dateline(&hits[c.passage].passage.text, &c.sentence),
            share: c.coverage,
            score: c.score,
        }),
        (None, None) => {
            sentence::answering(engine, q, &hits, &found, &elsewhere).filter(|h| sourced[h.passage])
        }
    };
    let said = match (&short, held) {
        (None, Some(h)) => {
            let p = &hits[h.passage].passage;
            first = Some(query::cite(
                engine,
                p,
                vec![h.sentence.clone()],
                &q.name_tokens(),
            ));
            Some(SentenceAnswer {
                sentence: p.text[h.sentence].to_string(),
                article: p.source.id.clone(),
                paragraph: p.paragraph,
                confidence: h.share.clamp(0.0, 1.0),
            })
        }
        _ => None,
    };
    let citations = first.into_iter().chain(
        hits.iter()
            .map(|h| query::cite(engine, &h.passage, Vec::new(), &q.tokens)),
    );
    Ok((
        (
            None,
            query::finish(citations, engine.max_citations()),
            Vec::new(),
        ),
        short,
        said,
    ))
}

/// Whether a sentence is a question itself: it ends with a question mark and opens with a
/// question word ("Was there a wiretap?"). A sentence that only runs into a question, where a
/// report's paragraphs were joined, still states what comes before it.
fn asks(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .next()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .unwrap_or_default();
    sentence::is_question(text) && question::opens_question(&first)
}

/// For each passage looked through, the question's words found in its article's other passages
/// ("the council" after "a council for joint economic operations" was named).
fn elsewhere_in_article(
    hits: &[crate::index::Hit],
    found: &[Vec<(String, Range<usize>)>],
) -> Vec<HashSet<String>> {
    (0..found.len())
        .map(|i| {
            found
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i && hits[*j].passage.article == hits[i].passage.article)
                .flat_map(|(_, f)| f.iter().map(|(s, _)| s.clone()))
                .collect()
        })
        .collect()
}

/// For each passage looked through, whether its article names the source the question asks
/// after: the passage itself or another of the article's passages found (a report names its
/// source once and goes on quoting it).
fn sourced(hits: &[crate::index::Hit], source: &[String]) -> Vec<bool> {
    let names: Vec<bool> = hits
        .iter()
        .map(|h| attribution::names_source(&h.passage.text, source))
        .collect();
    (0..names.len())
        .map(|i| {
            (0..names.len()).any(|j| names[j] && hits[j].passage.article == hits[i].passage.article)
        })
        .collect()
}

/// What writing the event's verb adds to a candidate's score: more than the margin within which
/// two different answers withhold each other.
const EVENT_VERB_BONUS: f32 = 0.3;
