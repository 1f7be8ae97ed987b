//! Short answers taken from one sentence: the person, date, place, number or phrase the question
//! asks for, never words the sentence does not hold.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::ask::Want;
use super::query::{self, distance};
use super::{dates, Engine};
use crate::extract::Side;
use crate::index::StoredPassage;

/// A short answer found in a sentence.
pub struct Candidate {
    /// Byte range in the passage that the answer's words come from.
    pub span: Range<usize>,
    /// The answer as shown.
    pub text: String,
    /// How well it fits the question beyond word overlap (0 = plain, higher = better).
    pub fit: f32,
}

/// Finds the short answer of kind `want` in sentence `s` of passage `p`.
pub fn find(
    engine: &Engine,
    want: Want,
    question: &str,
    p: &StoredPassage,
    s: Range<usize>,
    matches: &[Range<usize>],
) -> Option<Candidate> {
    match want {
        Want::Person => person(engine, question, p, &s, matches),
        Want::Date => date(engine, question, p, &s, matches),
        Want::Place => place(engine, question, p, &s, matches),
        Want::Number => number(question, p, &s, matches),
        Want::Phrase => phrase(engine, question, p, &s),
    }
}

fn in_question(question: &str, words: &str) -> bool {
    question.to_lowercase().contains(&words.to_lowercase())
}

/// Only a list separator ("and", ",", "of Russia and") stands between two mentions.
fn listed_together(text: &str) -> bool {
    static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:of\s+[A-Z][\w’']*\s*)?(?:,\s*and|,|and|or)\s*$")
            .expect("pattern compiles")
    });
    LIST_GAP.is_match(text)
}

/// Extends the chosen mention with the ones listed right after it ("Habomai and Shikotan").
fn with_listed<T: Clone>(
    p: &StoredPassage,
    first: (Range<usize>, T),
    rest: &[(Range<usize>, T)],
) -> (Range<usize>, Vec<T>) {
    let (mut span, item) = first;
    let mut items = vec![item];
    let mut following: Vec<&(Range<usize>, T)> =
        rest.iter().filter(|(r, _)| r.start >= span.end).collect();
    following.sort_by_key(|(r, _)| r.start);
    for (r, t) in following {
        if !listed_together(&p.text[span.end..r.start]) {
            break;
        }
        items.push(t.clone());
        span.end = r.end;
    }
    (span, items)
}

fn person(
    engine: &Engine,
    question: &str,
    p: &StoredPassage,
    s: &Range<usize>,
    matches: &[Range<usize>],
) -> Option<Candidate> {
    let knowledge = engine.index.knowledge();
    let sides: HashSet<Side> = question
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(Side::from_word)
        .collect();
    let mut seen = HashSet::new();
    let people: Vec<(Range<usize>, &crate::extract::Person)> = p
        .mentions
        .people
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end)
        .filter_map(|m| {
            knowledge
                .people
                .iter()
                .find(|x| x.id == m.person)
                .map(|x| (m.start..m.end, x))
        })
        .filter(|(_, x)| !x.forms.iter().any(|f| in_question(question, f)))
        .filter(|(_, x)| seen.insert(x.id.clone()))
        .collect();
    let on_side: Vec<_> = people
        .iter()
        .filter(|(_, x)| x.side.is_some_and(|sd| sides.contains(&sd)))
        .cloned()
        .collect();
    let (pool, fit) = if on_side.is_empty() {
        (people, 0.0)
    } else {
        (on_side, 0.3)
    };
    let best = pool
        .iter()
        .min_by_key(|(r, _)| distance(r, matches))?
        .clone();
    let (span, found) = with_listed(p, best, &pool);
    let article = &engine.article(p).id;
    let names: Vec<String> = found
        .iter()
        .map(|person| {
            let role = person
                .roles
                .iter()
                .find(|r| &r.article == article)
                .or(person.roles.first())
                .map(|r| format!(" ({})", r.role))
                .unwrap_or_default();
            format!("{}{role}", person.name)
        })
        .collect();
    Some(Candidate {
        span,
        text: names.join(" and "),
        fit,
    })
}

fn date(
    engine: &Engine,
    question: &str,
    p: &StoredPassage,
    s: &Range<usize>,
    matches: &[Range<usize>],
) -> Option<Candidate> {
    let m = p
        .mentions
        .dates
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end && !in_question(question, &m.text))
        .min_by_key(|m| distance(&(m.start..m.end), matches))?;
    Some(Candidate {
        span: m.start..m.end,
        text: dates::say(engine, p, m),
        fit: 0.0,
    })
}

/// Words before a place that say it is where something happened.
const LOCATIVE: [&str; 9] = [
    "in", "at", "to", "near", "into", "from", "visit", "of", "on",
];

fn place(
    engine: &Engine,
    question: &str,
    p: &StoredPassage,
    s: &Range<usize>,
    matches: &[Range<usize>],
) -> Option<Candidate> {
    let g = &engine.gazetteer;
    let scored: Vec<(Range<usize>, String, f32)> = p
        .mentions
        .places
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end)
        .filter(|m| {
            g.get(&m.place)
                .is_none_or(|pl| !pl.all_names().iter().any(|n| in_question(question, n)))
        })
        .map(|m| {
            let before = p.text[..m.start]
                .split_whitespace()
                .next_back()
                .unwrap_or("")
                .to_lowercase();
            let written = &p.text[m.start..m.end];
            let after = &p.text[m.end..];
            let mut fit = 0.0;
            if LOCATIVE.contains(&before.as_str()) {
                fit += 0.4;
            }
            // "Siberian city", "Russia's deputy": a modifier, not where something happened.
            if written.ends_with("ian")
                || written.ends_with("ese")
                || after.starts_with("'s")
                || after.starts_with("’s")
            {
                fit -= 0.6;
            }
            // A city or island is a better "where" than the country around it.
            if g.get(&m.place).is_some_and(|pl| pl.part_of.is_some()) {
                fit += 0.2;
            }
            (m.start..m.end, m.place.clone(), fit)
        })
        .collect();
    let best = scored
        .iter()
        .max_by(|a, b| {
            let key =
                |x: &(Range<usize>, String, f32)| x.2 - distance(&x.0, matches) as f32 / 200.0;
            key(a).total_cmp(&key(b))
        })?
        .clone();
    let pool: Vec<(Range<usize>, String)> = scored
        .iter()
        .map(|(r, n, _)| (r.clone(), n.clone()))
        .collect();
    let (span, names) = with_listed(p, (best.0, best.1), &pool);
    let labels: Vec<String> = names
        .iter()
        .map(|n| g.get(n).map(|pl| pl.label()).unwrap_or_else(|| n.clone()))
        .collect();
    Some(Candidate {
        span,
        text: labels.join(" and "),
        fit: best.2,
    })
}

static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:about|some|nearly|almost|around|more than|over|at least)\s+)?(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|several)(?:\s+(?:of\s+)?(?:hundred|thousand|million)s?)?\b")
        .expect("number pattern compiles")
});

/// Nouns after which "over" means "about" ("a dispute over four islands").
const CONTENTION: [&str; 10] = [
    "dispute", "row", "conflict", "feud", "claim", "talk", "tension", "argument", "quarrel",
    "divided",
];

const DURATION_UNITS: [&str; 7] = ["decade", "year", "month", "week", "day", "hour", "century"];

/// "How many islands …?" / "How long …?": a number in the sentence, best one right before a
/// word of the question (or a unit of time).
fn number(
    question: &str,
    p: &StoredPassage,
    s: &Range<usize>,
    matches: &[Range<usize>],
) -> Option<Candidate> {
    let sentence = &p.text[s.clone()];
    let duration = question.to_lowercase().contains("how long");
    let q_words: Vec<String> = query::content_words(question)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let same =
        |a: &str, b: &str| !a.is_empty() && a.trim_end_matches('s') == b.trim_end_matches('s');
    let mut found: Vec<(Range<usize>, String, f32)> = Vec::new();
    for m in NUMBER_RE.find_iter(sentence) {
        let mut text = m.as_str();
        let mut start = m.start();
        // "a dispute over four islands": after a noun of contention, "over" is what the
        // dispute is about, not "more than".
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
        // A year is a date, not a count; "a"/"an" count only before a unit of time.
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let after: Vec<&str> = sentence[m.end()..].split_whitespace().take(3).collect();
        let clean = |w: &str| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        let noun_pos = if duration {
            after
                .iter()
                .position(|w| DURATION_UNITS.iter().any(|u| same(&clean(w), u)))
        } else {
            after
                .iter()
                .position(|w| q_words.iter().any(|q| same(q, &clean(w))))
        };
        if matches!(bare.as_str(), "a" | "an") && noun_pos.is_none() {
            continue;
        }
        let label = match noun_pos {
            Some(i) => format!(
                "{text} {}",
                after[..=i]
                    .join(" ")
                    .trim_matches(|c: char| !c.is_alphanumeric())
            ),
            None => text.to_string(),
        };
        let abs = s.start + start..s.start + m.end();
        found.push((abs, label, if noun_pos.is_some() { 0.3 } else { 0.0 }));
    }
    if duration && found.iter().all(|f| f.2 == 0.0) {
        return None;
    }
    let best = found.into_iter().max_by(|a, b| {
        let key = |x: &(Range<usize>, String, f32)| x.2 - distance(&x.0, matches) as f32 / 200.0;
        key(a).total_cmp(&key(b))
    })?;
    Some(Candidate {
        span: best.0,
        text: best.1,
        fit: best.2,
    })
}

static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\s+(?:because|since|which|while|although|though|so that|but|and that|when|where)\b|[,;:.!?]|\s+--\s+|\s+—\s+)")
        .expect("clause pattern compiles")
});

static COPULA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:is|was|are|were|would be|will be|has been|have been|remains|became)\s+")
        .expect("pattern compiles")
});

/// Question words that introduce the thing asked about rather than name it.
const AUX: [&str; 12] = [
    "did", "does", "do", "is", "was", "were", "are", "has", "have", "had", "will", "can",
];

/// "Which treaty did …?": the question's noun ("treaty") with its head word last.
fn which_noun(question: &str) -> Option<String> {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let at = words.iter().position(|w| *w == "which" || *w == "what")?;
    let noun: Vec<&str> = words[at + 1..]
        .iter()
        .take_while(|w| !AUX.contains(w))
        .copied()
        .collect();
    (!noun.is_empty() && noun.len() <= 3)
        .then(|| noun.last().copied().unwrap_or_default().to_string())
}

/// "the San Francisco peace treaty", "puppet state of Manchukuo": the name the noun belongs to.
fn named_noun(engine: &Engine, sentence: &str, offset: usize, noun: &str) -> Option<Candidate> {
    let noun_stem = engine.index.analyse(noun).into_iter().next()?;
    let toks = engine.index.analyse_with_offsets(sentence);
    for (i, (stem, r)) in toks.iter().enumerate() {
        if *stem != noun_stem {
            continue;
        }
        // "… state of Manchukuo": the capitalised name after "of".
        let after = &sentence[r.end..];
        if let Some(rest) = after.strip_prefix(" of ") {
            let name: Vec<&str> = rest
                .split_whitespace()
                .take_while(|w| w.starts_with(char::is_uppercase))
                .collect();
            if !name.is_empty() {
                let text = name
                    .join(" ")
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                let start = r.end + 4;
                return Some(Candidate {
                    span: offset + start..offset + start + text.len(),
                    text,
                    fit: 0.3,
                });
            }
        }
        // "the San Francisco peace treaty": capitalised words just before the noun.
        let mut first = None;
        for (_, pr) in toks[..i].iter().rev().take(4) {
            let w = &sentence[pr.clone()];
            if w.starts_with(char::is_uppercase) && pr.start > 0 {
                first = Some(pr.start);
            } else if first.is_some() || !matches!(w, "peace" | "joint" | "new") {
                break;
            }
        }
        if let Some(start) = first {
            let text = sentence[start..r.end].to_string();
            return Some(Candidate {
                span: offset + start..offset + r.end,
                text,
                fit: 0.3,
            });
        }
    }
    None
}

/// "What did Putin call the most important thing?": the words that follow the question's own
/// phrase in the sentence (after "is"/"was" if there), or the words the question leaves out
/// between its matched words ("signed [economic agreements] during their Friday meeting").
fn phrase(
    engine: &Engine,
    question: &str,
    p: &StoredPassage,
    s: &Range<usize>,
) -> Option<Candidate> {
    let sentence = &p.text[s.clone()];
    if let Some(noun) = which_noun(question) {
        if let Some(c) = named_noun(engine, sentence, s.start, &noun) {
            return Some(c);
        }
    }
    let q_all: HashSet<String> = engine.index.analyse(question).into_iter().collect();
    let q_content: Vec<String> = engine
        .index
        .analyse(&query::content_words(question).join(" "));
    let last_content = q_content.last().cloned().unwrap_or_default();
    let toks = engine.index.analyse_with_offsets(sentence);
    let matched: Vec<bool> = toks.iter().map(|(t, _)| q_all.contains(t)).collect();
    if let Some(c) = gap(sentence, s.start, &toks, &matched, &q_content) {
        return Some(c);
    }

    // Runs of matched words with at least two content words, the one holding the question's
    // last content word first, then longer runs first.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !matched[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < toks.len() && matched[j] {
            j += 1;
        }
        let content = toks[i..j]
            .iter()
            .filter(|(t, _)| q_content.contains(t))
            .count();
        if content >= 2 {
            runs.push((i, j));
        }
        i = j;
    }
    runs.sort_by_key(|&(a, b)| {
        (
            !toks[a..b].iter().any(|(t, _)| *t == last_content),
            std::cmp::Reverse(b - a),
            a,
        )
    });
    for (_, end) in runs {
        let rest_start = toks[end - 1].1.end;
        let mut body_start = rest_start;
        if let Some(c) = COPULA.find(&sentence[rest_start..]) {
            body_start += c.end();
        }
        // "hailed the summit as \"a watershed …\"": the words after "as" and any opening quote.
        let body = sentence[body_start..]
            .trim_start()
            .trim_start_matches("as ")
            .trim_start_matches(['"', '“', '\'', ' ']);
        let body_start = sentence.len() - body.len();
        let body_end = CLAUSE_END
            .find(body)
            .map(|m| m.start())
            .unwrap_or(body.len());
        let answer = body[..body_end]
            .trim_end()
            .trim_end_matches(['"', '”', '\'']);
        let words = answer.split_whitespace().count();
        if (1..=15).contains(&words) {
            return Some(Candidate {
                span: s.start + body_start..s.start + body_start + answer.len(),
                text: answer.to_string(),
                fit: 0.2,
            });
        }
    }
    None
}

/// The words the question leaves out between its own: "signed [economic agreements] during their
/// Friday meeting". The stretch must follow a content word of the question (a verb, usually),
/// be followed by another word of the question, and stay within one clause.
fn gap(
    sentence: &str,
    offset: usize,
    toks: &[(String, Range<usize>)],
    matched: &[bool],
    q_content: &[String],
) -> Option<Candidate> {
    let mut best: Option<(usize, usize, usize)> = None;
    let mut i = 1;
    while i < toks.len() {
        // The word before the gap must be one of the question's content words written in lower
        // case (a verb such as "signed"), not a name: after "Tamba" comes his verb, not an answer.
        let before = &sentence[toks[i - 1].1.clone()];
        if matched[i]
            || !matched[i - 1]
            || !q_content.contains(&toks[i - 1].0)
            || before.starts_with(char::is_uppercase)
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < toks.len() && !matched[j] {
            j += 1;
        }
        if j < toks.len() {
            let text = &sentence[toks[i - 1].1.start..toks[j].1.end];
            let crosses_clause = CLAUSE_END.is_match(text);
            let all_stop = toks[i..j].iter().all(|(t, _)| query::is_stopword(t));
            let support = matched[j..].iter().take(4).filter(|m| **m).count()
                + matched[..i].iter().rev().take(4).filter(|m| **m).count();
            if !crosses_clause && !all_stop && j - i <= 8 && best.is_none_or(|b| support > b.2) {
                best = Some((i, j, support));
            }
        }
        i = j;
    }
    let (a, b, support) = best?;
    let span = toks[a].1.start..toks[b - 1].1.end;
    Some(Candidate {
        span: offset + span.start..offset + span.end,
        text: sentence[span].to_string(),
        fit: 0.1 * support as f32 - 0.2,
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
    fn which_nouns() {
        assert_eq!(
            which_noun("Which treaty did the Soviet Union not join?").as_deref(),
            Some("treaty")
        );
        assert_eq!(
            which_noun("Which puppet state did the Soviet Union attack?").as_deref(),
            Some("state")
        );
        assert_eq!(which_noun("What does Japan call the islands?"), None);
    }
}
