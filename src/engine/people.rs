//! `/who NAME`: who a person is (role, side, where said) and the passages that mention them.

use std::collections::HashSet;

use super::query::{self, content_words};
use super::{text, Engine, Reply};
use crate::error::Result;
use crate::extract::Person;
use crate::index::Request;

/// How well a query names a person; higher is better, 0 is no match.
pub fn name_score(p: &Person, q: &str) -> u32 {
    score(p, &Query::new(q))
}

/// A query folded once (lower case, possessive dropped), so scoring thousands of people does not
/// fold it again for each.
struct Query {
    text: String,
    letters: Vec<char>,
    chars: usize,
}

impl Query {
    fn new(q: &str) -> Query {
        let mut text = q.trim().to_lowercase();
        let keep = text.trim_end_matches("'s").trim_end_matches("’s").len();
        text.truncate(keep);
        let letters: Vec<char> = text.chars().collect();
        Query {
            chars: letters.len(),
            letters,
            text,
        }
    }
}

/// Whether `b` is within `most` edits (Levenshtein, by characters) of the characters `a`, giving
/// up as soon as every path is over: most of the register is ruled out after a character or two.
fn within_edits(a: &[char], b: &str, most: usize) -> bool {
    const MAX: usize = 32;
    if a.len() >= MAX {
        return strsim::levenshtein(&a.iter().collect::<String>(), b) <= most;
    }
    let mut prev = [0usize; MAX];
    let mut row = [0usize; MAX];
    for (i, p) in prev.iter_mut().enumerate().take(a.len() + 1) {
        *p = i;
    }
    for (j, cb) in b.chars().enumerate() {
        row[0] = j + 1;
        let mut best = row[0];
        for i in 1..=a.len() {
            let cost = usize::from(a[i - 1] != cb);
            row[i] = (prev[i - 1] + cost).min(prev[i] + 1).min(row[i - 1] + 1);
            best = best.min(row[i]);
        }
        if best > most {
            return false;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[a.len()] <= most
}

fn score(p: &Person, q: &Query) -> u32 {
    if q.text.is_empty() {
        return 0;
    }
    let name = p.name.to_lowercase();
    if name == q.text {
        return 100;
    }
    let lower_eq = |f: &str| f.chars().flat_map(char::to_lowercase).eq(q.text.chars());
    if p.forms.iter().any(|f| lower_eq(f)) {
        return 90;
    }
    if q.text
        .split_whitespace()
        .all(|w| name.split_whitespace().any(|n| n == w))
    {
        return 80;
    }
    // "President Putin", "Mr Karasin": a title around a name the text uses.
    if q.text.split_whitespace().nth(1).is_some()
        && q.text.split_whitespace().any(|w| {
            let w = w.trim_end_matches("'s");
            p.forms
                .iter()
                .any(|f| f.chars().flat_map(char::to_lowercase).eq(w.chars()))
        })
    {
        return 70;
    }
    if q.chars >= 3
        && (name.starts_with(&q.text) || name.split_whitespace().any(|w| w.starts_with(&q.text)))
    {
        return 60;
    }
    if q.chars >= 4 {
        let most = if q.chars >= 7 { 2 } else { 1 };
        // Edit distance is at least the difference in length: most names are ruled out unseen.
        let close = |b: &str| {
            b.chars().count().abs_diff(q.chars) <= most && within_edits(&q.letters, b, most)
        };
        if close(&name) || name.split_whitespace().any(close) {
            return 50;
        }
    }
    0
}

/// People whose roles (or side) contain every content word of the query.
fn role_matches<'a>(people: &'a [Person], q: &str) -> Vec<&'a Person> {
    let words: Vec<String> = content_words(q).iter().map(|w| w.to_lowercase()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    people
        .iter()
        .filter(|p| {
            let mut hay = p
                .roles
                .iter()
                .map(|r| r.role.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(side) = p.side {
                hay.push(' ');
                hay.push_str(&side.country().to_lowercase());
            }
            words.iter().all(|w| hay.contains(w.trim_end_matches('s')))
        })
        .collect()
}

/// The people a query names: one best match by name, else everyone whose role fits.
pub fn find<'a>(people: &'a [Person], q: &str) -> Vec<&'a Person> {
    let query = Query::new(q);
    let scores: Vec<u32> = people.iter().map(|p| score(p, &query)).collect();
    match scores.iter().max() {
        Some(&best) if best > 0 => people
            .iter()
            .zip(&scores)
            .filter(|(_, s)| **s == best)
            .map(|(p, _)| p)
            .collect(),
        _ => role_matches(people, q),
    }
}

/// One line about a person: name, roles with where each was said, side.
pub fn describe(engine: &Engine, p: &Person) -> String {
    let mut roles: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for r in &p.roles {
        if !seen.insert(r.role.to_lowercase()) {
            continue;
        }
        let where_said = engine
            .article_by_id(&r.article)
            .map(|a| {
                format!(
                    " ({}, {})",
                    a.outlet,
                    a.date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "undated".into())
                )
            })
            .unwrap_or_default();
        roles.push(format!("{}{}", r.role, where_said));
    }
    let mut out = p.name.clone();
    if roles.is_empty() {
        out.push_str(" — named in the articles without a title");
    } else {
        out.push_str(" — ");
        out.push_str(&roles.join("; "));
    }
    if let Some(side) = p.side {
        out.push_str(&format!(". Side: {}", side.country()));
    }
    out.push('.');
    out
}

/// Answers `/who`.
pub fn who(engine: &Engine, q: &str) -> Result<Reply> {
    let knowledge = engine.index.knowledge();
    let found = find(&knowledge.people, q);
    if found.is_empty() {
        let (hits, citations) = text::ranked(engine, q)?;
        let answer = if hits == 0 {
            query::no_mention(q, "Try /who with a surname, e.g. /who Karasin, or /search.")
        } else {
            format!("No person called “{q}” is named in the articles; passages with those words are below.")
        };
        return Ok((Some(answer), citations, Vec::new()));
    }
    let tokens = query::query_tokens(engine, q);
    // (passage, what to anchor on) in citing order; only the citations kept are ever cut and
    // highlighted, so a name mentioned in thousands of passages costs no more than a rare one.
    let mut pending = Vec::new();
    for p in &found {
        let hits = engine.search(&Request {
            people: vec![p.id.clone()],
            limit: 500,
            ..Request::default()
        })?;
        let role_at: Vec<(&str, usize)> = p
            .roles
            .iter()
            .map(|r| (r.article.as_str(), r.paragraph))
            .collect();
        let mut ranked: Vec<_> = hits.into_iter().map(|h| h.passage).collect();
        // Articles about the dispute first; in them, where the text says who they are, then
        // every other mention in order.
        ranked.sort_by_key(|passage| {
            let id = engine.article(passage).id.as_str();
            let has_role = role_at.contains(&(id, passage.paragraph));
            let off_topic = !passage.source.on_topic;
            (off_topic, !has_role, passage.article, passage.paragraph)
        });
        for passage in ranked {
            let anchors: Vec<_> = passage
                .mentions
                .people
                .iter()
                .filter(|m| m.person == p.id)
                .map(|m| m.start..m.end)
                .collect();
            pending.push((passage, anchors));
        }
    }
    let citations = pending
        .into_iter()
        .map(|(passage, anchors)| query::cite(engine, &passage, anchors, &tokens));
    let answer = found
        .iter()
        .map(|p| describe(engine, p))
        .collect::<Vec<_>>()
        .join(" ");
    Ok((
        Some(answer),
        query::finish(citations, engine.max_citations),
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Person {
        let parts: Vec<&str> = name.split(' ').collect();
        Person {
            id: crate::extract::people::person_id(name),
            name: name.into(),
            forms: vec![name.into(), parts[1].into(), parts[0].into()],
            roles: Vec::new(),
            side: None,
        }
    }

    #[test]
    fn bounded_edits_agree_with_levenshtein() {
        for (a, b) in [
            ("karasin", "karasn"),
            ("karasin", "karasin"),
            ("karasin", "karpov"),
            ("kunasiri", "kunashiri"),
            ("", "ab"),
            ("abe", ""),
            ("putin", "tupin"),
        ] {
            for most in 0..4 {
                let a_chars: Vec<char> = a.chars().collect();
                assert_eq!(
                    within_edits(&a_chars, b, most),
                    strsim::levenshtein(a, b) <= most,
                    "{a} {b} {most}"
                );
            }
        }
    }

    #[test]
    fn names_match_by_form_prefix_and_typo() {
        let p = person("Grigory Karasin");
        assert_eq!(name_score(&p, "Grigory Karasin"), 100);
        assert_eq!(name_score(&p, "karasin"), 90);
        assert_eq!(name_score(&p, "Karasin's"), 90);
        assert_eq!(name_score(&p, "Kara"), 60);
        assert_eq!(name_score(&p, "Deputy Minister Karasin"), 70);
        assert_eq!(name_score(&p, "Karasn"), 50);
        assert_eq!(name_score(&p, "Lavrov"), 0);
        assert_eq!(name_score(&p, "ka"), 0);
    }
}
