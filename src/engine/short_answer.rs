//! Short answers taken from one sentence: how much of the question the sentence holds (its
//! support), and the candidate of the wanted kind that stands where the question's relation puts
//! it. Nothing is given that the sentence does not hold; no candidate means no short answer.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::answer::AnswerKind;
use super::question::Question;
use super::{dates, query, Engine};
use crate::index::StoredPassage;

/// How much of the question one sentence holds.
#[derive(Debug, Clone)]
pub struct Support {
    /// Weighted share of the question's key words found: in the sentence (full weight) or
    /// elsewhere in its paragraph (half), 0 to 1.
    pub coverage: f32,
    /// Byte ranges (in the passage) of the key words found in the sentence.
    pub matches: Vec<Range<usize>>,
}

/// Whether sentence `s` of `p` holds enough of the question to answer from: every name the
/// question gives in its paragraph, at most one key word missing (two of eight or more; never the verb of a named subject), and at least two fifths of
/// the weight in the sentence itself.
pub fn support(
    engine: &Engine,
    q: &Question,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
    article: &HashSet<String>,
) -> Option<Support> {
    let _ = engine;
    if q.terms.is_empty() {
        return None;
    }
    // Where each key word is: 2 in the sentence, 1 elsewhere in the passage or article, 0 nowhere.
    let place: Vec<u8> = q
        .terms
        .iter()
        .map(|t| {
            if found
                .iter()
                .any(|(stem, r)| t.stems.contains(stem) && r.start >= s.start && r.end <= s.end)
            {
                2
            } else if found.iter().any(|(stem, _)| t.stems.contains(stem))
                || t.stems.iter().any(|st| article.contains(st))
            {
                1
            } else {
                0
            }
        })
        .collect();
    if q.verb.is_some_and(|v| place[v] != 2) {
        return None;
    }
    let mut total = 0.0;
    let mut got = 0.0;
    let mut in_sentence = 0.0;
    let mut missing = 0;
    let mut matches = Vec::new();
    for (i, t) in q.terms.iter().enumerate() {
        let w = t.weight();
        total += w;
        match place[i] {
            2 => {
                got += w;
                in_sentence += w;
                matches.extend(
                    found
                        .iter()
                        .filter(|(stem, r)| {
                            t.stems.contains(stem) && r.start >= s.start && r.end <= s.end
                        })
                        .map(|(_, r)| r.clone()),
                );
            }
            1 => got += w * 0.5,
            _ if t.name => {
                // "Colum Kenny" asked, "Kenny" written: one word of a name written next to it will
                // do, when the passage writes that word as a name.
                let neighbour = |j: usize| {
                    q.terms.get(j).is_some_and(|n| {
                        n.name
                            && found.iter().any(|(stem, r)| {
                                n.stems.contains(stem)
                                    && p.text[r.clone()].starts_with(char::is_uppercase)
                            })
                    })
                };
                if !(i > 0 && neighbour(i - 1) || neighbour(i + 1)) {
                    return None;
                }
                total -= w;
            }
            _ => missing += 1,
        }
    }
    let budget = match q.terms.len() {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    if missing > budget || in_sentence * 2.5 < total {
        return None;
    }
    let _ = p;
    matches.sort_by_key(|r| r.start);
    Some(Support {
        coverage: got / total,
        matches,
    })
}

/// A short answer found in a sentence.
#[derive(Debug, Clone)]
pub struct Found {
    /// Byte range in the passage of the words it stands for.
    pub span: Range<usize>,
    /// The answer.
    pub value: String,
    /// The words as written, when the value differs (a resolved date).
    pub written: Option<String>,
    /// Yes or no, for yes/no questions.
    pub yes: Option<bool>,
    /// How well it fits its place in the sentence, 0 to 1.
    pub fit: f32,
}

/// One word of a sentence, with its stem and clause.
#[derive(Debug, Clone)]
struct Tok<'a> {
    /// Byte range in the passage.
    at: Range<usize>,
    text: &'a str,
    lower: String,
    stem: String,
    clause: usize,
    /// Matches a key word of the question.
    matched: bool,
}

/// A sentence cut into words and clauses.
struct View<'a> {
    text: &'a str,
    offset: usize,
    toks: Vec<Tok<'a>>,
}

/// Words after which a new clause starts.
const CLAUSE_WORDS: [&str; 8] = [
    "which", "while", "whereas", "although", "though", "but", "who", "because",
];

impl<'a> View<'a> {
    fn new(engine: &Engine, p: &'a StoredPassage, s: &Range<usize>, sup: &Support) -> View<'a> {
        let text = &p.text[s.clone()];
        let mut toks = Vec::new();
        let mut clause = 0;
        let mut last_end = 0;
        for (stem, r) in engine.index.analyse_with_offsets(text) {
            let between = &text[last_end..r.start];
            let word = &text[r.clone()];
            let lower = word.to_lowercase();
            if last_end > 0
                && (between.contains([',', ';', ':', '(', ')'])
                    || between.contains("--")
                    || between.contains('—')
                    || between.contains(" - ")
                    || CLAUSE_WORDS.contains(&lower.as_str()))
            {
                clause += 1;
            }
            let at = s.start + r.start..s.start + r.end;
            let matched = sup
                .matches
                .iter()
                .any(|m| m.start <= at.start && at.end <= m.end);
            last_end = r.end;
            toks.push(Tok {
                at,
                text: word,
                lower,
                stem,
                clause,
                matched,
            });
        }
        View {
            text,
            offset: s.start,
            toks,
        }
    }

    /// The clause holding most of the question's words.
    fn event_clause(&self) -> Option<usize> {
        let mut counts: Vec<usize> = Vec::new();
        for t in &self.toks {
            if counts.len() <= t.clause {
                counts.resize(t.clause + 1, 0);
            }
            if t.matched {
                counts[t.clause] += 1;
            }
        }
        let best = counts.iter().copied().max().filter(|&n| n > 0)?;
        counts.iter().position(|&n| n == best)
    }

    /// The clause of the byte position `at` (in the passage).
    fn clause_at(&self, at: usize) -> Option<usize> {
        self.toks
            .iter()
            .find(|t| t.at.end > at)
            .or(self.toks.last())
            .map(|t| t.clause)
    }

    /// The sentence opens with an adverbial ("On October 19, 1956, …", "However in 1960, …"):
    /// what it holds belongs to the main clause after it.
    fn fronted(&self) -> bool {
        self.toks.first().is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "in" | "on"
                    | "at"
                    | "after"
                    | "before"
                    | "during"
                    | "since"
                    | "by"
                    | "until"
                    | "however"
                    | "but"
                    | "and"
                    | "then"
                    | "meanwhile"
                    | "earlier"
                    | "later"
                    | "last"
                    | "this"
                    | "next"
                    | "back"
            ) || t.text.chars().all(|c| c.is_ascii_digit())
        })
    }

    /// Whether a candidate at `r` stands in the event's clause (or a fronted adverbial).
    fn attached(&self, r: &Range<usize>) -> bool {
        let (Some(event), Some(c)) = (self.event_clause(), self.clause_at(r.start)) else {
            return false;
        };
        c == event || (c == 0 && self.fronted() && event > 0)
    }

    /// The passage text between two byte positions.
    fn between(&self, a: usize, b: usize) -> &str {
        if b <= a {
            return "";
        }
        &self.text[a.saturating_sub(self.offset).min(self.text.len())
            ..b.saturating_sub(self.offset).min(self.text.len())]
    }
}

/// Finds the short answer `q` asks for in sentence `s` of passage `p`.
pub fn find(
    engine: &Engine,
    q: &Question,
    p: &StoredPassage,
    s: &Range<usize>,
    sup: &Support,
) -> Option<Found> {
    let v = View::new(engine, p, s, sup);
    match q.kind {
        AnswerKind::Person => person(engine, q, p, &v, sup),
        AnswerKind::Date => date(engine, q, p, &v, sup),
        AnswerKind::Place => place(engine, q, p, &v, sup),
        AnswerKind::Number | AnswerKind::Amount | AnswerKind::Duration => number(q, &v, sup),
        AnswerKind::Description => description(q, &v, sup),
        AnswerKind::Reason => reason(&v),
        AnswerKind::YesNo => yes_no(&v),
        AnswerKind::Thing => thing(engine, q, p, &v, sup),
        AnswerKind::Other => None,
    }
}

fn in_question(q: &Question, words: &str) -> bool {
    q.text.to_lowercase().contains(&words.to_lowercase())
}

/// Only a list separator ("and", ",", "of Russia and") stands between two mentions.
fn listed_together(text: &str) -> bool {
    static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:of\s+[A-Z][\w’']*\s*)?(?:,\s*and|,|and|or)\s*$")
            .expect("pattern compiles")
    });
    LIST_GAP.is_match(text)
}

/// Extends a chosen mention with the ones listed right after it ("Habomai and Shikotan").
fn with_listed(
    p: &StoredPassage,
    first: (Range<usize>, String),
    rest: &[(Range<usize>, String)],
) -> (Range<usize>, Vec<String>) {
    let (mut span, item) = first;
    let mut items = vec![item];
    let mut following: Vec<&(Range<usize>, String)> =
        rest.iter().filter(|(r, _)| r.start >= span.end).collect();
    following.sort_by_key(|(r, _)| r.start);
    for (r, t) in following {
        if !listed_together(&p.text[span.end..r.start]) {
            break;
        }
        if !items.contains(t) {
            items.push(t.clone());
        }
        span.end = r.end;
    }
    (span, items)
}

// ---------------------------------------------------------------- people

/// Verbs that report speech: "said X", "X told reporters".
const REPORTING: [&str; 14] = [
    "say", "said", "tell", "told", "add", "note", "stress", "announc", "state", "declar", "claim",
    "warn", "explain", "insist",
];

/// Nouns whose phrase names people as a group ("senior diplomats", "officials").
const GROUP_NOUNS: [&str; 14] = [
    "diplomat", "official", "leader", "minist", "lawmak", "negoti", "deleg", "expert", "offic",
    "resid", "senat", "voter", "govern", "repres",
];

fn person(
    engine: &Engine,
    q: &Question,
    p: &StoredPassage,
    v: &View,
    sup: &Support,
) -> Option<Found> {
    let knowledge = engine.index.knowledge();
    let s = v.offset..v.offset + v.text.len();
    let people: Vec<(Range<usize>, String, String)> = p
        .mentions
        .people
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end)
        .filter_map(|m| {
            knowledge
                .people
                .iter()
                .find(|x| x.id == m.person)
                .map(|x| (m.start..m.end, x.id.clone(), x.name.clone()))
        })
        .filter(|(_, id, _)| {
            knowledge
                .people
                .iter()
                .find(|x| &x.id == id)
                .is_none_or(|x| !x.forms.iter().any(|f| in_question(q, f)))
        })
        .collect();
    // "the Environmental Assessment Service": a name the finder took for a person's is an
    // organisation when capitalised words follow it; the answer is the whole name.
    let whole_name = |r: &Range<usize>| -> Option<String> {
        let rest = &p.text[r.end..];
        let more: Vec<&str> = rest
            .split(' ')
            .skip(1)
            .take_while(|w| {
                w.starts_with(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-')
            })
            .collect();
        rest.starts_with(' ')
            .then_some(())
            .filter(|_| !more.is_empty())?;
        Some(format!("{} {}", &p.text[r.clone()], more.join(" ")))
    };
    let label = |ids: &[String]| -> String {
        ids.iter()
            .filter_map(|id| knowledge.people.iter().find(|x| &x.id == id))
            .map(|x| x.name.clone())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let pool: Vec<(Range<usize>, String)> = people
        .iter()
        .map(|(r, id, _)| (r.clone(), id.clone()))
        .collect();
    let verb_at: Vec<&Tok> = match &q.agent_verb {
        Some(stems) => v.toks.iter().filter(|t| stems.contains(&t.stem)).collect(),
        None => Vec::new(),
    };
    let reporting = q.agent_verb.as_ref().is_some_and(|st| {
        st.iter()
            .any(|x| REPORTING.iter().any(|r| x.starts_with(r)))
    });
    for verb in &verb_at {
        // Passive: "was headed by X", "hailed by X".
        let after = v.between(verb.at.end, s.end);
        let by = after.trim_start();
        // "approved by the Environmental Assessment Service": an organisation is the agent.
        if let Some(org) = by
            .strip_prefix("by the ")
            .or_else(|| by.strip_prefix("by "))
            .map(|rest| {
                rest.split(' ')
                    .take_while(|w| w.starts_with(char::is_uppercase) || *w == "of")
                    .collect::<Vec<_>>()
            })
            .filter(|ws| ws.len() >= 2 && ws.last().is_some_and(|w| *w != "of"))
        {
            let name = org.join(" ");
            let name = name.trim_end_matches(|c: char| !c.is_alphanumeric());
            let is_person = pool.iter().any(|(r, _)| p.text[r.clone()] == *name);
            if !is_person {
                let at = verb.at.end + after.find(name).unwrap_or(0);
                return Some(Found {
                    span: at..at + name.len(),
                    value: name.to_string(),
                    written: None,
                    yes: None,
                    fit: 0.9,
                });
            }
        }
        if let Some(rest) = by.strip_prefix("by ") {
            let from = s.end - rest.len();
            if let Some(first) = pool
                .iter()
                .filter(|(r, _)| {
                    r.start >= from && v.between(from, r.start).split_whitespace().count() <= 4
                })
                .min_by_key(|(r, _)| r.start)
            {
                let (span, ids) = with_listed(p, first.clone(), &pool);
                let value = match (ids.len(), whole_name(&first.0)) {
                    (1, Some(org)) => org,
                    _ => label(&ids),
                };
                return Some(Found {
                    span,
                    value,
                    written: None,
                    yes: None,
                    fit: 1.0,
                });
            }
        }
        if reporting {
            // "…," said X / X said / X, the head of …, said.
            if let Some(first) = pool
                .iter()
                .filter(|(r, _)| {
                    r.start >= verb.at.end
                        && v.between(verb.at.end, r.start).split_whitespace().count() <= 4
                })
                .min_by_key(|(r, _)| r.start)
            {
                return Some(Found {
                    span: first.0.clone(),
                    value: label(std::slice::from_ref(&first.1)),
                    written: None,
                    yes: None,
                    fit: 0.9,
                });
            }
        }
        // Active: the person just before the verb ("Medvedev visited", "X, Japan's envoy, said").
        if let Some(last) = pool
            .iter()
            .filter(|(r, _)| r.end <= verb.at.start)
            .max_by_key(|(r, _)| r.end)
        {
            let gap = v.between(last.0.end, verb.at.start);
            let words = gap.split_whitespace().count();
            let close = words <= 2 && !gap.contains(['.', ';', '"', '“', '”'])
                || (gap.trim_start().starts_with(',')
                    && gap.trim_end().ends_with(',')
                    && words <= 12);
            if close {
                // "X and Y met": take the names listed before as well.
                let mut first = last.clone();
                for other in pool.iter().filter(|(r, _)| r.end <= last.0.start).rev() {
                    if listed_together(&p.text[other.0.end..first.0.start]) {
                        first = other.clone();
                    } else {
                        break;
                    }
                }
                let (span, ids) = with_listed(p, first, &pool);
                return Some(Found {
                    span,
                    value: label(&ids),
                    written: None,
                    yes: None,
                    fit: 0.9,
                });
            }
        }
        // A group of people just before the verb: "senior Russian and Japanese diplomats Thursday
        // formed …".
        if let Some(g) = group_before(v, verb) {
            return Some(g);
        }
    }
    if !verb_at.is_empty() {
        return None;
    }
    if reporting {
        return speaker_nearby(engine, p, &s);
    }
    // No verb to anchor on ("Which minister …", "Who represented …" written otherwise): one person
    // of the country the question names, or the only person in the sentence.
    let wanted: Vec<&(Range<usize>, String, String)> = if q.countries.is_empty() {
        q.focus.as_ref()?;
        people.iter().collect()
    } else {
        people
            .iter()
            .filter(|(r, id, _)| {
                let person = knowledge.people.iter().find(|x| &x.id == id);
                let role_country = person.and_then(|x| {
                    x.roles
                        .iter()
                        .find(|ro| ro.article == p.source.id)
                        .and_then(|ro| {
                            crate::extract::countries::in_text(&ro.role)
                                .first()
                                .copied()
                        })
                });
                let side_country = person
                    .and_then(|x| x.side)
                    .and_then(|sd| crate::extract::countries::of_word(sd.country()));
                let written_before = crate::extract::countries::in_text(
                    v.between(r.start.saturating_sub(40).max(s.start), r.start),
                );
                let c = role_country
                    .or(written_before.last().copied())
                    .or(side_country);
                c.is_some_and(|c| q.countries.contains(&c))
            })
            .collect()
    };
    let mut distinct: Vec<&String> = wanted.iter().map(|(_, id, _)| id).collect();
    distinct.dedup();
    if distinct.len() != 1 || sup.coverage < 0.75 {
        return None;
    }
    let one = wanted[0];
    Some(Found {
        span: one.0.clone(),
        value: one.2.clone(),
        written: None,
        yes: None,
        fit: 0.6,
    })
}

/// A quotation standing alone as a sentence: its speaker in the next sentence ("…," Morgulov
/// added.) or the one before it ending with a colon.
fn speaker_nearby(engine: &Engine, p: &StoredPassage, s: &Range<usize>) -> Option<Found> {
    static SAID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:said|says|added|adds|told|noted|stressed|explained|stated|declared)\b")
            .expect("pattern compiles")
    });
    let sentence = p.text[s.clone()].trim_start();
    if !sentence.starts_with(['"', '“']) {
        return None;
    }
    let i = p.sentences.iter().position(|x| x == s)?;
    let knowledge = engine.index.knowledge();
    let name_of = |id: &str| {
        knowledge
            .people
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name.clone())
    };
    let near = |r: &Range<usize>| {
        p.mentions
            .people
            .iter()
            .filter(|m| m.start >= r.start && m.end <= r.end)
            .filter(|m| {
                SAID.find_iter(&p.text[r.clone()]).any(|v| {
                    let v = r.start + v.start()..r.start + v.end();
                    let gap = if m.end <= v.start {
                        &p.text[m.end..v.start]
                    } else if v.end <= m.start {
                        &p.text[v.end..m.start]
                    } else {
                        "x x x x x x x"
                    };
                    gap.split_whitespace().count() <= 3
                })
            })
            .map(|m| (m.start..m.end, m.person.clone()))
            .collect::<Vec<_>>()
    };
    let mut found = p.sentences.get(i + 1).map(&near).unwrap_or_default();
    if found.is_empty() && i > 0 && p.text[p.sentences[i - 1].clone()].trim_end().ends_with(':') {
        found = near(&p.sentences[i - 1]);
    }
    found.dedup_by(|a, b| a.1 == b.1);
    let [(span, id)] = found.as_slice() else {
        return None;
    };
    Some(Found {
        span: span.clone(),
        value: name_of(id)?,
        written: None,
        yes: None,
        fit: 0.8,
    })
}

/// "senior Russian and Japanese diplomats Thursday formed": a phrase ending in a noun for people
/// right before the verb (time words between allowed).
fn group_before(v: &View, verb: &Tok) -> Option<Found> {
    let at = v.toks.iter().position(|t| t.at == verb.at)?;
    let mut end = at;
    while end > 0 {
        let t = &v.toks[end - 1];
        let time = dates::is_time_word(&t.lower)
            || matches!(
                t.lower.as_str(),
                "have"
                    | "has"
                    | "had"
                    | "also"
                    | "will"
                    | "would"
                    | "jointly"
                    | "already"
                    | "today"
                    | "yesterday"
            );
        if time {
            end -= 1;
        } else {
            break;
        }
    }
    let head = v.toks.get(end.checked_sub(1)?)?;
    if !GROUP_NOUNS.iter().any(|g| head.stem.starts_with(g)) || head.clause != verb.clause {
        return None;
    }
    let mut start = end - 1;
    while start > 0 {
        let t = &v.toks[start - 1];
        let gap = v.between(t.at.end, v.toks[start].at.start);
        if gap.trim().is_empty()
            && t.clause == head.clause
            && !matches!(
                t.lower.as_str(),
                "the" | "a" | "an" | "by" | "of" | "to" | "that"
            )
            && !t.text.ends_with("'s")
        {
            start -= 1;
        } else {
            break;
        }
    }
    let span = v.toks[start].at.start..head.at.end;
    let value = v.between(span.start, span.end).to_string();
    Some(Found {
        span,
        value,
        written: None,
        yes: None,
        fit: 0.8,
    })
}

// ---------------------------------------------------------------- dates

/// "in the final year of World War II", "in the closing days of the conflict": a time phrase
/// with no calendar date.
static TIME_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in|during|at|by|until|since)\s+the\s+(?:final|closing|last|first|early|late|opening|middle|end|beginning|start)(?:\s+(?:years?|days?|months?|weeks?|stages?|hours?|decades?))?\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)*(?:[\w-]+)(?:\s+(?:War|II|I|century))*")
        .expect("time phrase compiles")
});

fn date(
    engine: &Engine,
    q: &Question,
    p: &StoredPassage,
    v: &View,
    sup: &Support,
) -> Option<Found> {
    let s = v.offset..v.offset + v.text.len();
    let mut cands: Vec<Found> = Vec::new();
    for m in p
        .mentions
        .dates
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end && !in_question(q, &m.text))
    {
        let r = m.start..m.end;
        if !v.attached(&r) {
            continue;
        }
        let said = dates::say(engine, p, m);
        cands.push(Found {
            span: r,
            value: if m.relative {
                m.value.human()
            } else {
                said.clone()
            },
            written: m.relative.then(|| m.text.clone()),
            yes: None,
            fit: 0.9,
        });
    }
    for m in TIME_PHRASE.find_iter(v.text) {
        let r = s.start + m.start()..s.start + m.end();
        if !v.attached(&r) || in_question(q, m.as_str()) {
            continue;
        }
        // "in the closing days of the conflict in 1945": the phrase and its date together.
        if let Some(c) = cands
            .iter_mut()
            .find(|c| c.span.start >= r.end && v.between(r.end, c.span.start).trim().len() <= 3)
        {
            c.span.start = r.start;
            c.value = format!("{} ({})", c.value, v.between(r.start, c.span.end));
            c.fit = 1.0;
            continue;
        }
        cands.push(Found {
            span: r,
            value: m.as_str().to_string(),
            written: None,
            yes: None,
            fit: 0.8,
        });
    }
    nearest(cands, sup)
}

/// The candidate nearest the question's words; a tie between two different answers is no answer.
fn nearest(cands: Vec<Found>, sup: &Support) -> Option<Found> {
    let key = |c: &Found| query::distance(&c.span, &sup.matches);
    let best = cands.iter().min_by_key(|c| key(c))?.clone();
    let tie = cands
        .iter()
        .any(|c| c.value != best.value && key(c) == key(&best) && c.span != best.span);
    (!tie).then_some(best)
}

// ---------------------------------------------------------------- places

fn place(
    engine: &Engine,
    q: &Question,
    p: &StoredPassage,
    v: &View,
    sup: &Support,
) -> Option<Found> {
    let g = &engine.gazetteer;
    let s = v.offset..v.offset + v.text.len();
    let mut scored: Vec<(Range<usize>, String, f32)> = Vec::new();
    for m in p
        .mentions
        .places
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end)
    {
        if g.get(&m.place)
            .is_some_and(|pl| pl.all_names().iter().any(|n| in_question(q, n)))
        {
            continue;
        }
        let r = m.start..m.end;
        if !v.attached(&r) {
            continue;
        }
        let before = p.text[..m.start]
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_lowercase();
        let after = &p.text[m.end..];
        let written = &p.text[m.start..m.end];
        let mut fit: f32 = 0.5;
        if matches!(
            before.as_str(),
            "in" | "at" | "near" | "of" | "to" | "into" | "visit" | "visited"
        ) {
            fit += 0.4;
        }
        // "Siberian city", "Russia's deputy": a modifier, not where something happened, unless
        // the question asks so ("Which state's law …?").
        let possessive = after.starts_with("'s") || after.starts_with("’s");
        if q.focus_possessive && possessive {
            fit += 0.4;
        } else if written.ends_with("ian") || written.ends_with("ese") || possessive {
            fit -= 0.5;
        }
        if g.get(&m.place).is_some_and(|pl| pl.part_of.is_some()) {
            fit += 0.1;
        }
        if named_by_focus(q, v, m.start) {
            fit += 0.3;
        }
        scored.push((r, m.place.clone(), fit));
    }
    // Capitalised names after "in"/"at" that the gazetteer does not hold ("in Nagato", "in Oslo").
    static AFTER_PREP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(in|at|near|to)\s+(?:the\s+)?(?:(?:[a-z]+\s+){0,2}(?:city|town|port|village|resort|region|province|area)\s+of\s+)?((?:[A-Z][\p{L}’'-]+)(?:\s+(?:of\s+|de\s+|del\s+)?[A-Z][\p{L}’'-]+){0,4}(?:\s+(?:palace|hall|building|hotel|stadium|square|house|museum|airport|university|hospital|cent(?:er|re)|headquarters|base|port|embassy|mansion|residence))?)").expect("pattern compiles")
    });
    for c in AFTER_PREP.captures_iter(v.text) {
        let prep = c.get(1).expect("group 1").as_str();
        let m = c.get(2).expect("group 2");
        let r = s.start + m.start()..s.start + m.end();
        // A name right after "in"/"at" is a place even where the name finder took it for a person
        // ("at La Moneda palace").
        let taken = scored
            .iter()
            .any(|(o, _, _)| o.start < r.end && r.start < o.end)
            || p.mentions
                .dates
                .iter()
                .any(|d| d.start < r.end && r.start < d.end);
        if taken || !v.attached(&r) || in_question(q, m.as_str()) {
            continue;
        }
        if dates::is_time_word(&m.as_str().to_lowercase()) {
            continue;
        }
        // "in Syria" for a question about Damascus: the country around what was asked is no answer.
        let around_asked = crate::extract::countries::of_word(m.as_str()).is_some_and(|c| {
            q.terms.iter().any(|t| {
                t.name
                    && crate::extract::countries::of_word(&t.text) == Some(c)
                    && !t.text.eq_ignore_ascii_case(m.as_str())
            })
        });
        if around_asked {
            continue;
        }
        let fit = if named_by_focus(q, v, r.start) {
            1.0
        } else if prep == "to" {
            0.6
        } else {
            0.7
        };
        scored.push((r, m.as_str().to_string(), fit));
    }
    let key =
        |x: &(Range<usize>, String, f32)| x.2 - query::distance(&x.0, &sup.matches) as f32 / 200.0;
    let best = scored
        .iter()
        .max_by(|a, b| key(a).total_cmp(&key(b)))?
        .clone();
    if best.2 < 0.5 {
        return None;
    }
    if scored.iter().any(|o| {
        o.1 != best.1
            && (key(o) - key(&best)).abs() < 0.05
            && !listed_together(v.between(o.0.end.min(best.0.end), o.0.start.max(best.0.start)))
    }) {
        return None;
    }
    // "the International Court of Justice in The Hague": the place and where it is, together.
    let within = scored
        .iter()
        .find(|o| {
            o.0.start > best.0.end && matches!(v.between(best.0.end, o.0.start), " in " | ", ")
        })
        .cloned();
    let pool: Vec<(Range<usize>, String)> = scored
        .iter()
        .map(|(r, n, _)| (r.clone(), n.clone()))
        .collect();
    let best = match scored.iter().find(|o| {
        o.0.end < best.0.start && matches!(v.between(o.0.end, best.0.start), " in " | ", ")
    }) {
        // The best is where a place before it lies: answer with that place.
        Some(outer) if outer.2 >= 0.5 => outer.clone(),
        _ => best,
    };
    let within = within.filter(|w| {
        w.0.start > best.0.end && matches!(v.between(best.0.end, w.0.start), " in " | ", ")
    });
    if let Some(w) = within {
        let label = |n: &str| {
            g.get(n)
                .map(|pl| pl.label())
                .unwrap_or_else(|| n.to_string())
        };
        return Some(Found {
            span: best.0.start..w.0.end,
            value: format!("{} in {}", label(&best.1), label(&w.1)),
            written: None,
            yes: None,
            fit: best.2,
        });
    }
    let (span, names) = with_listed(p, (best.0.clone(), best.1.clone()), &pool);
    let labels: Vec<String> = names
        .iter()
        .map(|n| g.get(n).map(|pl| pl.label()).unwrap_or_else(|| n.clone()))
        .collect();
    Some(Found {
        span,
        value: labels.join(" and "),
        written: None,
        yes: None,
        fit: best.2,
    })
}

/// "the southwestern city of Nagato", "the resort town Sochi": the question's focus noun ("In which
/// city …?") names the place right before it.
fn named_by_focus(q: &Question, v: &View, at: usize) -> bool {
    let Some(focus) = &q.focus else {
        return false;
    };
    v.toks
        .iter()
        .rev()
        .filter(|t| t.at.end <= at)
        .take(2)
        .any(|t| t.stem == *focus)
}

// ---------------------------------------------------------------- numbers

static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[$€£¥]\s?)?\b(?:(?:about|some|nearly|almost|around|roughly|more than|over|at least|up to|less than|fewer than)\s+)?(?:[$€£¥]\s?)?(?:\d[\d,.]*(?:bn|tn|m|k)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|several|a few)(?:\s+(?:of\s+)?(?:hundred|thousand|million|billion|trillion)s?)?\b(?:\s?%)?")
        .expect("number pattern compiles")
});

/// Nouns after which "over" means "about" ("a dispute over four islands").
const CONTENTION: [&str; 10] = [
    "dispute", "row", "conflict", "feud", "claim", "talk", "tension", "argument", "quarrel",
    "divided",
];

const DURATION_UNITS: [&str; 8] = [
    "decade", "year", "month", "week", "day", "hour", "century", "minute",
];
const MONEY_UNITS: [&str; 14] = [
    "dollar", "yen", "ruble", "rouble", "euro", "pound", "yuan", "won", "krone", "kronor",
    "percent", "per cent", "peso", "franc",
];

fn number(q: &Question, v: &View, sup: &Support) -> Option<Found> {
    let sentence = v.text;
    let same = |a: &str, b: &str| {
        !a.is_empty()
            && (a.trim_end_matches('s') == b.trim_end_matches('s')
                || a.starts_with(b) && b.len() >= 4)
    };
    let focus = q
        .focus
        .clone()
        .filter(|f| !matches!(f.as_str(), "time" | "money"));
    let mut found: Vec<(Range<usize>, String, f32)> = Vec::new();
    for m in NUMBER_RE.find_iter(sentence) {
        let mut text = m.as_str().trim();
        let mut start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
        if let Some(rest) = text
            .strip_prefix("over ")
            .or_else(|| text.strip_prefix("Over "))
        {
            let before = sentence[..m.start()]
                .split_whitespace()
                .last()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .unwrap_or_default();
            if CONTENTION
                .iter()
                .any(|n| before.trim_end_matches('s') == *n)
            {
                start = m.end() - rest.len();
                text = rest;
            }
        }
        let bare = text.split_whitespace().last().unwrap_or("").to_lowercase();
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            continue; // a year is a date, not a count
        }
        // A number that is part of a date ("March 20", "20th century") is not a count.
        let abs = v.offset + start..v.offset + m.end();
        let after: Vec<&str> = sentence[m.end()..].split_whitespace().take(4).collect();
        let clean = |w: &str| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        let unit_pos = match q.kind {
            AnswerKind::Duration => after
                .iter()
                .take(2)
                .position(|w| DURATION_UNITS.iter().any(|u| same(&clean(w), u))),
            AnswerKind::Amount => {
                let symbol = text.starts_with(['$', '€', '£', '¥']) || text.ends_with('%');
                if symbol {
                    Some(usize::MAX)
                } else {
                    after
                        .iter()
                        .take(3)
                        .position(|w| MONEY_UNITS.iter().any(|u| same(&clean(w), u)))
                }
            }
            _ => match &focus {
                Some(f) => after.iter().take(3).position(|w| {
                    let c = clean(w);
                    same(&c, f) || c.starts_with(f.as_str())
                }),
                None => after
                    .first()
                    .filter(|w| !w.is_empty() && w.chars().next().is_some_and(char::is_alphabetic))
                    .map(|_| 0),
            },
        };
        if matches!(bare.as_str(), "a" | "an") && unit_pos.is_none() {
            continue;
        }
        let Some(pos) = unit_pos else {
            continue;
        };
        // A number may stand in a clause of its own ("…, and construction is expected to take
        // about six years"), as long as the clause holds one of the question's words.
        // A count of the very noun asked about ("How many Russians" and "19,000 Russians") is
        // anchored by that noun wherever it stands in the sentence.
        let clause = v.clause_at(abs.start);
        let counts_focus = q.kind == AnswerKind::Number && focus.is_some();
        if !counts_focus
            && !v.attached(&abs)
            && !v.toks.iter().any(|t| t.matched && Some(t.clause) == clause)
        {
            continue;
        }
        let label = if pos == usize::MAX {
            text.to_string()
        } else {
            // "19,000 Russians", "more than ten years", "$2.3 billion in aid": up to the unit.
            let upto = after[..=pos].join(" ");
            format!(
                "{text} {}",
                upto.trim_matches(|c: char| !c.is_alphanumeric() && c != '%')
            )
        };
        found.push((abs, label, 1.0));
    }
    let cands: Vec<Found> = found
        .into_iter()
        .map(|(span, value, fit)| Found {
            span,
            value,
            written: None,
            yes: None,
            fit,
        })
        .collect();
    nearest(cands, sup)
}

// ---------------------------------------------------------------- descriptions

/// A quotation: straight or curly double quotes.
static QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""([^"]{2,200})"|“([^”]{2,200})”"#).expect("quote pattern compiles")
});

/// Words from a quotation or a describing phrase, cut at an ellipsis or a clause end, 1–12 words.
fn describing_words(text: &str) -> Option<&str> {
    let cut = text
        .find(" ...")
        .or_else(|| text.find('…'))
        .or_else(|| text.find("..."))
        .unwrap_or(text.len());
    let t = text[..cut].trim().trim_end_matches([',', '.', ';', ':']);
    let n = t.split_whitespace().count();
    if (1..=12).contains(&n) {
        Some(t)
    } else {
        let short = t.split([',', ';']).next()?.trim();
        (1..=12)
            .contains(&short.split_whitespace().count())
            .then_some(short)
    }
}

fn description(q: &Question, v: &View, sup: &Support) -> Option<Found> {
    let _ = q;
    // "hailed the summit as "a watershed …"", "described the talks as constructive", "were
    // "still big"": the words after the question's, after "as" or a copula.
    for m in &sup.matches {
        let after = v.between(m.end, v.offset + v.text.len());
        let t = after.trim_start();
        let skipped = after.len() - t.len();
        let Some(b) = t
            .strip_prefix("as ")
            .or_else(|| copula(t))
            .map(str::trim_start)
        else {
            continue;
        };
        let b_at = m.end + skipped + (t.len() - b.len());
        let inner = b.trim_start_matches(['"', '“']);
        let inner_at = b_at + (b.len() - inner.len());
        let end = if inner.len() < b.len() {
            inner.find(['"', '”']).unwrap_or(inner.len())
        } else {
            phrase_end(inner)
        };
        if let Some(words) = describing_words(&inner[..end]) {
            if !is_fragment(words) {
                return Some(Found {
                    span: inner_at..inner_at + words.len(),
                    value: words.to_string(),
                    written: None,
                    yes: None,
                    fit: 1.0,
                });
            }
        }
    }
    // Otherwise a quotation right after what is described (a key word that is not a name, within
    // six words before it, in its clause).
    for c in QUOTE.captures_iter(v.text) {
        let m = c.get(1).or_else(|| c.get(2)).expect("one group");
        let at = v.offset + m.start();
        let Some(clause) = v.clause_at(at) else {
            continue;
        };
        let described = v
            .toks
            .iter()
            .filter(|t| t.at.end <= at)
            .rev()
            .take(6)
            .any(|t| t.matched && t.clause == clause && !t.text.starts_with(char::is_uppercase));
        if !described {
            continue;
        }
        if let Some(words) = describing_words(m.as_str()) {
            return Some(Found {
                span: at..at + words.len(),
                value: words.to_string(),
                written: None,
                yes: None,
                fit: 0.7,
            });
        }
    }
    None
}

fn copula(t: &str) -> Option<&str> {
    static COPULA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:is|was|are|were|would be|will be|has been|have been|remains|remained|became)\s+",
        )
        .expect("pattern compiles")
    });
    COPULA.find(t).map(|m| &t[m.end()..])
}

// ---------------------------------------------------------------- reasons

static REASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(because(?:\s+of)?|since|due to|owing to|as a result of|in order to|so that|when)\s+")
        .expect("reason pattern compiles")
});

fn reason(v: &View) -> Option<Found> {
    let event = v.event_clause()?;
    // "To try and determine …, scientists plan to return": a purpose fronted before the event.
    if v.toks.first().is_some_and(|t| t.text == "To") && event > 0 {
        let end = v.text.find([',', ';']).unwrap_or(v.text.len());
        let clause = v.text[..end].trim_end();
        let n = clause.split_whitespace().count();
        if (3..=18).contains(&n) {
            return Some(Found {
                span: v.offset..v.offset + clause.len(),
                value: clause.to_string(),
                written: None,
                yes: None,
                fit: 0.9,
            });
        }
    }
    for m in REASON.find_iter(v.text) {
        let marker = m.as_str().trim().to_lowercase();
        let rest = &v.text[m.end()..];
        // "since 1956", "when in 1960": time, not a reason.
        if marker == "since"
            && rest.split_whitespace().next().is_some_and(|w| {
                w.chars().next().is_some_and(|c| c.is_ascii_digit())
                    || dates::is_time_word(&w.to_lowercase())
            })
        {
            continue;
        }
        let end = rest.find([',', ';', '.', '"', '”']).unwrap_or(rest.len());
        let clause = rest[..end].trim_end();
        let start = v.offset + m.start();
        let c_at = v.clause_at(start + m.as_str().len())?;
        // The reason is its own clause, next to the event's, never the event itself.
        if c_at == event && marker != "because" && marker != "since" {
            continue;
        }
        if c_at.abs_diff(event) > 2 {
            continue;
        }
        let n = clause.split_whitespace().count();
        if !(2..=18).contains(&n) {
            continue;
        }
        let text = format!("{} {}", m.as_str().trim(), clause);
        let fit = if marker == "when" { 0.6 } else { 1.0 };
        return Some(Found {
            span: start..start + m.as_str().len() + clause.len(),
            value: text,
            written: None,
            yes: None,
            fit,
        });
    }
    None
}

// ---------------------------------------------------------------- yes / no

fn yes_no(v: &View) -> Option<Found> {
    let event = v.event_clause()?;
    let clause: Vec<&Tok> = v.toks.iter().filter(|t| t.clause == event).collect();
    let verbs: Vec<usize> = clause
        .iter()
        .enumerate()
        .filter(|(_, t)| t.matched && !t.text.starts_with(char::is_uppercase))
        .map(|(i, _)| i)
        .collect();
    let first = *verbs.first()?;
    let before: Vec<&str> = clause[first.saturating_sub(3)..first]
        .iter()
        .map(|t| t.lower.as_str())
        .collect();
    let negated = before
        .iter()
        .any(|w| matches!(*w, "not" | "never" | "t" | "no" | "neither" | "nor"))
        || before
            .windows(2)
            .any(|w| matches!(w, ["failed", "to"] | ["refused", "to"] | ["declined", "to"]))
        || before
            .last()
            .is_some_and(|w| matches!(*w, "failed" | "refused" | "declined"));
    let hedged = clause[..first].iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "will"
                | "would"
                | "could"
                | "may"
                | "might"
                | "expected"
                | "plans"
                | "planned"
                | "hopes"
                | "hoped"
                | "if"
                | "whether"
                | "should"
                | "can"
                | "want"
                | "wants"
                | "likely"
                | "ready"
                | "aim"
                | "aims"
                | "seek"
                | "seeks"
        )
    });
    if hedged && !negated {
        return None;
    }
    let span = clause[0].at.start..clause[clause.len() - 1].at.end;
    Some(Found {
        value: v.between(span.start, span.end).to_string(),
        span,
        written: None,
        yes: Some(!negated),
        fit: if negated { 1.0 } else { 0.8 },
    })
}

// ---------------------------------------------------------------- what / which

/// Words that cannot end an answer ("relations between", "a training visit of").
const NO_END: [&str; 22] = [
    "of", "the", "a", "an", "and", "or", "between", "to", "in", "on", "at", "by", "for", "with",
    "from", "that", "which", "its", "their", "his", "her", "as",
];
/// Words that cannot start an answer: a preposition's phrase is not a thing ("in 1951").
const NO_START: [&str; 25] = [
    "in", "on", "at", "by", "with", "between", "from", "into", "during", "until", "since", "after",
    "before", "then", "and", "near", "over", "under", "across", "through", "towards", "toward",
    "around", "against", "within",
];

/// Whether a phrase is a fragment rather than an answer.
fn is_fragment(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return true;
    };
    let to_what = first == "to"
        && text.split_whitespace().nth(1).is_none_or(|w| {
            w.starts_with(char::is_uppercase) || matches!(w, "the" | "a" | "an" | "its" | "their")
        });
    to_what
        || text.contains(['[', ']'])
        || NO_END.contains(&last.as_str())
        || NO_START.contains(&first.as_str())
        || words
            .iter()
            .all(|w| query::is_stopword(w) || dates::is_time_word(w))
        || words.len() > 15
}

/// The phrase holds something the question does not.
fn adds_to(q: &Question, text: &str) -> bool {
    query::content_words(text).iter().any(|w| {
        !q.text.to_lowercase().contains(&w.to_lowercase())
            && !dates::is_time_word(&w.to_lowercase())
    })
}

fn thing(
    engine: &Engine,
    q: &Question,
    p: &StoredPassage,
    v: &View,
    sup: &Support,
) -> Option<Found> {
    let ok = |f: Found| (!is_fragment(&f.value) && adds_to(q, &f.value)).then_some(f);
    // A question about a name is answered by a name the sentence gives, or not at all.
    // A question about a name is answered by a name the sentence gives, or by what the sentence
    // says its thing is ("the most important thing is to sign a peace deal"), or not at all.
    if q.naming {
        return named_as(v)
            .and_then(ok)
            .or_else(|| after_words(q, v, sup, true).and_then(ok));
    }
    if let Some(focus) = &q.focus {
        if let Some(f) = focus_phrase(q, v, focus).and_then(ok) {
            return Some(f);
        }
    }
    let _ = (engine, p);
    if let Some(f) = gap(v, sup).and_then(ok) {
        return Some(f);
    }
    after_words(q, v, sup, false).and_then(ok)
}

/// "known in Japan as the Northern Territories", "which Japan calls the Northern Territories",
/// "called X": the name.
fn named_as(v: &View) -> Option<Found> {
    // "what he called a "landmark" ruling": the quoted word after "called".
    static CALLED_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\b(?:call(?:ed|s)?|dubbed|termed|labell?ed)\s+(?:it\s+|them\s+|this\s+)?(?:a\s+|an\s+|the\s+)?["“]([^"”]{1,80})["”]"#)
            .expect("pattern compiles")
    });
    if let Some(m) = CALLED_QUOTE.captures(v.text).and_then(|c| c.get(1)) {
        if let Some(words) = describing_words(m.as_str()) {
            let start = v.offset + m.start();
            return Some(Found {
                span: start..start + words.len(),
                value: words.to_string(),
                written: None,
                yes: None,
                fit: 1.0,
            });
        }
    }
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:\bknown(?:\s+in\s+[A-Z][\w-]*)?\s+as|\bwhich\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+calls|\bcalled|\bnamed|\bdubbed)\s+["“]?((?:the\s+)?(?:[A-Z][\p{L}’'-]*)(?:\s+(?:of\s+)?[A-Z][\p{L}’'-]*){0,4})"#).expect("pattern compiles")
    });
    let c = NAMED.captures(v.text)?;
    let m = c.get(1)?;
    let value = m.as_str().trim_start_matches("the ").to_string();
    let start = v.offset + m.start() + (m.as_str().len() - value.len());
    Some(Found {
        span: start..start + value.len(),
        value,
        written: None,
        yes: None,
        fit: 1.0,
    })
}

/// "the level of deputy foreign ministers", "the issue of the border near the Kuril Islands" (the
/// phrase after "FOCUS of"), or "the finance, agriculture and fishing industry ministries",
/// "the San Francisco peace treaty" (the words before the focus noun that say which).
fn focus_phrase(q: &Question, v: &View, focus: &str) -> Option<Found> {
    // Of several mentions of the focus noun, the one named ("the San Francisco peace treaty")
    // beats a plain one ("a peace treaty").
    let mut named: Vec<(bool, usize, Found)> = Vec::new();
    for (i, t) in v.toks.iter().enumerate() {
        if t.stem != *focus {
            continue;
        }
        // FOCUS of X
        let after = v.between(t.at.end, v.offset + v.text.len());
        if let Some(rest) = after.strip_prefix(" of ") {
            let end = phrase_end(rest);
            let phrase = rest[..end].trim_end();
            let at = t.at.end + 4;
            if !phrase.is_empty() {
                return Some(Found {
                    span: at..at + phrase.len(),
                    value: phrase.to_string(),
                    written: None,
                    yes: None,
                    fit: 1.0,
                });
            }
        }
        // modifiers FOCUS
        let mut start = i;
        while start > 0 {
            let prev = &v.toks[start - 1];
            let gap = v.between(prev.at.end, v.toks[start].at.start);
            let gap_ok = gap.trim().is_empty() || gap.trim() == ",";
            if !gap_ok
                || matches!(
                    prev.lower.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "from"
                        | "of"
                        | "to"
                        | "by"
                        | "in"
                        | "on"
                        | "at"
                        | "with"
                        | "this"
                        | "that"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "these"
                        | "those"
                )
                || (prev.matched && !prev.text.starts_with(char::is_uppercase))
                || prev.text.ends_with("'s")
                || prev.text.ends_with("’s")
                || prev.clause != t.clause && gap.trim() != ","
            {
                break;
            }
            start -= 1;
        }
        if start < i {
            let span = v.toks[start].at.start..t.at.end;
            let value = v.between(span.start, span.end).to_string();
            let modifiers = v.between(span.start, t.at.start);
            if adds_to(q, modifiers) {
                let capitalised = modifiers
                    .split_whitespace()
                    .any(|w| w.starts_with(char::is_uppercase));
                named.push((
                    capitalised,
                    modifiers.split_whitespace().count(),
                    Found {
                        span,
                        value,
                        written: None,
                        yes: None,
                        fit: 0.9,
                    },
                ));
            }
        }
    }
    named
        .into_iter()
        .max_by_key(|(cap, n, _)| (*cap, *n))
        .map(|(_, _, f)| f)
}

/// Where a noun phrase ends: at a clause end, or "and"/"which" starting a new clause.
fn phrase_end(rest: &str) -> usize {
    static END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(\s+(?:because|since|which|while|although|though|so that|but|and that|when|where|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|and\s+\w+ing\b|and\s+(?:is|are|was|were|has|have|had)\b|remained|remains|is|are|was|were|will|would|has|have|had)\b|[,;:.!?\x22“”\[(]|\s+--\s+|\s+—\s+)")
            .expect("clause pattern compiles")
    });
    END.find(rest).map(|m| m.start()).unwrap_or(rest.len())
}

/// "dismissed hopes of [any major breakthrough]", "would create [the conditions for long-term
/// co-operation]": the words right after the run of the question's words that ends with its
/// last key word, after "is"/"as" or an opening quote.
fn after_words(q: &Question, v: &View, sup: &Support, copula_only: bool) -> Option<Found> {
    let _ = sup;
    // After the question's last key word ("would create [X]?"), else after the last of its words
    // in the clause holding most of them ("by employing [X]").
    let last_term = q.terms.last()?;
    let event = v.event_clause()?;
    let mut ends: Vec<&Tok> = v
        .toks
        .iter()
        .filter(|t| t.matched && last_term.stems.contains(&t.stem))
        .collect();
    ends.extend(v.toks.iter().rev().find(|t| t.matched && t.clause == event));
    ends.into_iter()
        .find_map(|t| phrase_after(q, v, t, copula_only))
}

fn phrase_after(q: &Question, v: &View, end_tok: &Tok, copula_only: bool) -> Option<Found> {
    let rest = v.between(end_tok.at.end, v.offset + v.text.len());
    let mut body = rest.trim_start();
    if let Some(b) = copula(body) {
        body = b;
    } else if copula_only {
        return None;
    }
    body = body.strip_prefix("as ").unwrap_or(body);
    // "What are they based on?": the question's last preposition starts the sentence's phrase.
    if let Some(prep) = q.trailing_preposition.as_deref() {
        if let Some(b) = body.strip_prefix(prep).and_then(|b| b.strip_prefix(' ')) {
            body = b;
        }
    }
    let unquoted = body.trim_start_matches(['"', '“', '\'', ' ']);
    let quoted = unquoted.len() < body.len();
    let at = v.offset + v.text.len() - unquoted.len();
    let end = if quoted {
        unquoted
            .find(['"', '”'])
            .unwrap_or_else(|| phrase_end(unquoted))
    } else {
        phrase_end(unquoted)
    };
    let value = unquoted[..end]
        .trim_end()
        .trim_end_matches(['"', '”', '\'']);
    let n = value.split_whitespace().count();
    if !(1..=15).contains(&n) || is_fragment(value) || !adds_to(q, value) {
        return None;
    }
    Some(Found {
        span: at..at + value.len(),
        value: value.to_string(),
        written: None,
        yes: None,
        fit: 0.8,
    })
}

/// The words the question leaves out between its own: "signed [economic agreements] during their
/// Friday meeting". The stretch follows a key word written in lower case (a verb, usually), is
/// followed by another key word, and stays within one clause.
fn gap(v: &View, sup: &Support) -> Option<Found> {
    let _ = sup;
    let toks = &v.toks;
    let mut best: Option<(usize, usize, usize)> = None;
    let mut i = 1;
    while i < toks.len() {
        let before = &toks[i - 1];
        if toks[i].matched || !before.matched || before.text.starts_with(char::is_uppercase) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < toks.len() && !toks[j].matched {
            j += 1;
        }
        if j < toks.len() {
            let crosses = toks[i - 1].clause != toks[j].clause;
            let all_stop = toks[i..j].iter().all(|t| query::is_stopword(&t.lower));
            let support = toks[j..].iter().take(4).filter(|t| t.matched).count()
                + toks[..i].iter().rev().take(4).filter(|t| t.matched).count();
            if !crosses && !all_stop && j - i <= 8 && best.is_none_or(|b| support > b.2) {
                best = Some((i, j, support));
            }
        }
        i = j;
    }
    let (a, b, support) = best?;
    // Trailing function words belong to the question's next words ("a training visit of").
    let mut end = b;
    while end > a + 1 && NO_END.contains(&toks[end - 1].lower.as_str()) {
        end -= 1;
    }
    let span = toks[a].at.start..toks[end - 1].at.end;
    Some(Found {
        value: v.between(span.start, span.end).to_string(),
        span,
        written: None,
        yes: None,
        fit: (0.4 + 0.1 * support as f32).min(0.8),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_gaps() {
        assert!(listed_together(" and "));
        assert!(listed_together(" of Russia and "));
        assert!(listed_together(", "));
        assert!(!listed_together(" met "));
    }

    #[test]
    fn fragments_are_not_answers() {
        for f in [
            "relations between",
            "in 1951",
            "until now",
            "then",
            "[with Japan]",
            "with Russia",
            "a training visit of",
        ] {
            assert!(is_fragment(f), "{f}");
        }
        for a in [
            "a watershed in relations",
            "the conditions for long-term co-operation",
            "deputy foreign ministers",
        ] {
            assert!(!is_fragment(a), "{a}");
        }
    }

    #[test]
    fn describing_words_stop_at_an_ellipsis() {
        assert_eq!(
            describing_words("a watershed in relations ... so important that in the future"),
            Some("a watershed in relations")
        );
        assert_eq!(describing_words("still big."), Some("still big"));
    }
}
