//! `/ask QUESTION`: reads the question once ([`question::parse`]), finds the passages that hold
//! its words, and takes a short answer from the sentence that supports it best. The answer is
//! given only when that sentence holds enough of the question, the candidate is of the kind asked
//! for in the place the question's relation puts it, and no rival answer is nearly as good;
//! otherwise there is no short answer and the closest passages are shown.

use std::collections::HashSet;
use std::ops::Range;

use super::answer::{AnswerKind, OtherScript, SentenceAnswer, ShortAnswer};
use super::question::{self, Question, RoleAsk};
use super::route::Route;
use super::short_answer::{self, Found};
use super::{attribution, constituent, initials, sentence};
use super::{dates, people, places, query, text, Citation, Reply, Scoped};
use crate::error::Result;
use crate::extract::countries;
use crate::extract::Person;
use crate::index::{Request, StoredPassage};

/// Passages looked through for the evidence sentence.
const PASSAGES: usize = 8;

/// A short answer needs at least this share of the question's weight in its evidence.
const MIN_COVERAGE: f32 = 0.6;

/// A rival answer scoring within this much of the best one makes the answer uncertain.
const RIVAL_MARGIN: f32 = 0.12;

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
    tracing::debug!(kind = ?q.kind, focus = ?q.focus, terms = ?q.terms.iter().map(|t| (&t.text, &t.kin)).collect::<Vec<_>>(), verb = ?q.verb, agent = q.agent_verb.is_some(), role = ?q.role.as_ref().map(|r| (&r.words, r.country)), "question");
    // A bare name, place or year, "Who is Lavrov?", "Where is Hokkaido?": answered as /who,
    // /where and /when answer it.
    match &q.route {
        Some(Route::Who(name)) => return Ok((people::who(engine, name)?, None, None)),
        Some(Route::Where(place)) => return Ok((places::place(engine, place)?, None, None)),
        Some(Route::When(date)) => return Ok((dates::when(engine, date)?, None, None)),
        None => {}
    }
    let hits = text::hits_for_words(engine, &q.search_text, &q.tokens)?;
    if let Some(role) = &q.role {
        // The holder of the role, when a passage states it; otherwise the sentence that holds
        // the question, as for any other question.
        if let Some((first, short)) = role_holder(engine, q, role)? {
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
        (None, None) => sentence::best(engine, q, &hits, &found, &elsewhere)
            .or_else(|| sentence::closest(engine, q, &hits, &found, &elsewhere))
            .filter(|h| sourced[h.passage]),
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

/// A candidate that says more of the best one's answer ("12 April 1974" for "1974") is given
/// instead when it scores within this much of it: the two sentences agree, and one is exact.
const PRECISE_MARGIN: f32 = 0.5;

/// The best candidate, unless a different answer scores nearly as well.
fn choose(mut cands: Vec<Candidate>, whole: impl Fn(&Candidate) -> bool) -> Option<Candidate> {
    cands.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut it = cands.into_iter();
    let best = it.next()?;
    // Two sentences that both say yes, or both no, give one answer in different words.
    let same = |a: &Found, b: &Found| {
        let (x, y) = (a.value.to_lowercase(), b.value.to_lowercase());
        a.yes == b.yes && (a.yes.is_some() || x.contains(&y) || y.contains(&x))
    };
    let (floor, precise_floor) = (best.score - RIVAL_MARGIN, best.score - PRECISE_MARGIN);
    let mut chosen = best;
    for other in it {
        if other.score < precise_floor {
            break;
        }
        let agrees = same(&chosen.found, &other.found);
        if !agrees && other.score >= floor {
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

/// Ranks a title must be asked for to be given: "Russia's foreign minister" is not its deputy.
const RANKS: [&str; 9] = [
    "deputy",
    "vice",
    "former",
    "acting",
    "first",
    "assistant",
    "ex",
    "then",
    "junior",
];

/// Someone whose stated role is the one asked for, and where it was said.
struct Holder {
    id: String,
    name: String,
    role: String,
    article: String,
    paragraph: usize,
    date: Option<(i32, Option<u32>, Option<u32>)>,
    /// Position of the article among those about the question's context (0 without context).
    rank: usize,
    /// The passage saying it, when found by search rather than the register.
    passage: Option<(StoredPassage, Range<usize>)>,
}

/// "Who is Russia's defense minister?": the person whose stated role has the question's words and
/// country, in an article about what the question adds ("at the time of the Krasnoyarsk summit"),
/// the latest said otherwise. Roles come from the people register and from the words written
/// around a name in the passages that hold the role's words ("US Secretary of State Rex
/// Tillerson"). Returns the citation of the passage stating it and the answer.
fn role_holder(
    engine: &Scoped,
    q: &Question,
    role: &RoleAsk,
) -> Result<Option<(Citation, ShortAnswer)>> {
    // The register folded for this audience: another server's people and the roles its
    // additions stated are not walked, so they can be neither the answer nor its citation.
    let register = engine.register();
    let context_articles: Option<Vec<String>> = if role.context.is_empty() {
        None
    } else {
        let words: Vec<&str> = role.context.iter().map(|t| t.text.as_str()).collect();
        let hits = engine.search(&Request {
            text: words.join(" "),
            limit: 50,
            ..Request::default()
        })?;
        // Only passages holding every context word place the role in that time.
        let stems: std::collections::HashSet<String> =
            role.context.iter().flat_map(|t| t.stems.clone()).collect();
        let mut ids: Vec<String> = Vec::new();
        for h in &hits {
            let found = engine.find_tokens(&h.passage.text, &stems);
            let all = role
                .context
                .iter()
                .all(|t| found.iter().any(|(s, _)| t.stems.contains(s)));
            if all && !ids.contains(&h.passage.source.id) {
                ids.push(h.passage.source.id.clone());
            }
        }
        Some(ids)
    };
    let rank_of = |article: &str| match &context_articles {
        Some(ids) => ids.iter().position(|id| id == article),
        None => Some(0),
    };
    let day = |d: Option<crate::corpus::PartialDate>| d.map(|d| (d.year, d.month, d.day));
    let mut found: Vec<Holder> = Vec::new();
    // "the culture minister of El Salvador": the name after "of" in the role's words or, for a
    // role found in a passage, in that passage or its headline.
    let names_of = |text: &str| {
        let lower = text.to_lowercase();
        role.of.iter().all(|w| lower.contains(w.as_str()))
    };
    // The register repeats a few wordings thousands of times ("President"): each is analysed once.
    let mut wording_fits: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for p in register.people() {
        for r in &p.roles {
            let fits = *wording_fits
                .entry(r.role.as_str())
                .or_insert_with(|| role_words_match(engine, role, &r.role) && names_of(&r.role));
            if !fits || !role_country_fits(role, p, &r.role) {
                continue;
            }
            let Some(rank) = rank_of(&r.article) else {
                continue;
            };
            found.push(Holder {
                id: p.id.clone(),
                name: p.name.clone(),
                role: r.role.clone(),
                article: r.article.clone(),
                paragraph: r.paragraph,
                date: day(r.date),
                rank,
                passage: None,
            });
        }
    }
    // The words around each name in passages holding the role's words.
    let words: Vec<String> = role
        .typed
        .iter()
        .cloned()
        .chain(role.country.map(|c| c.name().to_string()))
        .collect();
    let hits = engine.search(&Request {
        text: words.join(" "),
        limit: 40,
        ..Request::default()
    })?;
    for h in &hits {
        let p = &h.passage;
        let Some(rank) = rank_of(&p.source.id) else {
            continue;
        };
        for m in &p.mentions.people {
            let Some(person) = register.by_id(&m.person) else {
                continue;
            };
            for written in role_words_around(p, m.start..m.end) {
                let of_ok = names_of(written) || names_of(&p.text) || names_of(&p.source.title);
                if !of_ok || !role_words_match(engine, role, written) {
                    continue;
                }
                // Around a name the nearest country written before it is the role's.
                let country = countries::in_text(written)
                    .last()
                    .copied()
                    .or_else(|| person.side.and_then(|s| countries::of_word(s.country())));
                if role.country.is_none_or(|c| country == Some(c)) {
                    found.push(Holder {
                        id: person.id.clone(),
                        name: person.name.clone(),
                        role: written.trim_start_matches("the ").to_string(),
                        article: p.source.id.clone(),
                        paragraph: p.paragraph,
                        date: day(p.source.date),
                        rank,
                        passage: Some((p.clone(), m.start..m.end)),
                    });
                }
            }
        }
    }
    // Within the context, its best article first; otherwise the latest said.
    found.sort_by(|a, b| a.rank.cmp(&b.rank).then(b.date.cmp(&a.date)));
    let Some(best) = found.first() else {
        return Ok(None);
    };
    tracing::debug!(name = %best.name, role = %best.role, article = %best.article, "role holder");
    // Two people for the same place and time, or "who was …" with no time given: no single answer.
    let rival = found.iter().any(|o| {
        o.id != best.id
            && o.rank == best.rank
            && (context_articles.is_some() || o.date == best.date || role.past)
    });
    if rival {
        return Ok(None);
    }
    let (p, mention) = match &best.passage {
        Some((p, m)) => (p.clone(), m.clone()),
        None => {
            let hits = engine.search(&Request {
                roles: vec![best.id.clone()],
                limit: 200,
                ..Request::default()
            })?;
            let Some(hit) = hits
                .iter()
                .find(|h| {
                    h.passage.source.id == best.article && h.passage.paragraph == best.paragraph
                })
                .or(hits.first())
            else {
                return Ok(None);
            };
            let m = hit
                .passage
                .mentions
                .people
                .iter()
                .find(|m| m.person == best.id)
                .map(|m| m.start..m.end)
                .unwrap_or(0..0);
            (hit.passage.clone(), m)
        }
    };
    let sentence = p
        .sentences
        .iter()
        .find(|s| s.start <= mention.start && mention.end <= s.end)
        .cloned()
        .unwrap_or(0..p.text.len());
    let citation = query::cite(engine, &p, vec![mention], &q.tokens);
    Ok(Some((
        citation,
        ShortAnswer {
            kind: AnswerKind::Person,
            value: best.name.clone(),
            yes: None,
            written: Some(best.role.clone()),
            date: None,
            evidence: p.text[sentence].to_string(),
            confidence: if role.country.is_some() { 0.9 } else { 0.7 },
        },
    )))
}

/// The words written right before a name ("US Secretary of State Rex Tillerson") and in an
/// apposition right after it ("Sergey Shoigu, the Russian defense minister,"), within its clause.
fn role_words_around(p: &StoredPassage, name: Range<usize>) -> Vec<&str> {
    let mut out = Vec::new();
    let before = &p.text[..name.start];
    let from = before
        .rfind(['.', ';', ':', '"', '“', '”', '(', ')'])
        .map_or(0, |i| i + 1);
    let mut start = from.max(name.start.saturating_sub(60));
    while !p.text.is_char_boundary(start) {
        start += 1;
    }
    let window = p.text[start..name.start].trim_end().trim_end_matches(',');
    // The title is the run of words after the last comma or verb-like gap.
    let title = window.rsplit(", ").next().unwrap_or(window).trim();
    if !title.is_empty() && title.split_whitespace().count() <= 8 {
        out.push(title);
    }
    if let Some(rest) = p.text[name.end..].strip_prefix(", ") {
        let end = rest
            .find([',', '.', ';', '(', '"', '“'])
            .unwrap_or(rest.len());
        let phrase = rest[..end].trim();
        if phrase.split_whitespace().count() <= 10 {
            out.push(phrase);
        }
    }
    out
}

/// Whether a stated role belongs to the country the question names: the country its words
/// name, else the person's side.
fn role_country_fits(role: &RoleAsk, p: &Person, written: &str) -> bool {
    let Some(asked) = role.country else {
        return true;
    };
    let country = countries::in_text(written)
        .first()
        .copied()
        .or_else(|| p.side.and_then(|s| countries::of_word(s.country())));
    country == Some(asked)
}

/// Whether role words as written are the role asked for: every word of it, and no rank the
/// question leaves out. The country is checked apart (see [`role_country_fits`]).
fn role_words_match(engine: &Scoped, role: &RoleAsk, written: &str) -> bool {
    let stems = engine.analyse(written);
    if !role
        .words
        .iter()
        .all(|w| w.iter().any(|x| stems.contains(x)))
    {
        return false;
    }
    let lower = written.to_lowercase();
    let ranks_ok = lower
        .split(|c: char| !c.is_alphanumeric())
        .all(|w| !RANKS.contains(&w) || role.typed.iter().any(|t| t == w));
    ranks_ok && !lower.contains("counterpart")
}
