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
    words: Vec<String>,
    chars: usize,
}

impl Query {
    fn new(q: &str) -> Query {
        let q = q.trim().to_lowercase();
        let text = q.trim_end_matches("'s").trim_end_matches("’s").to_string();
        Query {
            words: text.split_whitespace().map(str::to_string).collect(),
            chars: text.chars().count(),
            text,
        }
    }
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
    if q.words
        .iter()
        .all(|w| name.split_whitespace().any(|n| n == w))
    {
        return 80;
    }
    // "President Putin", "Mr Karasin": a title around a name the text uses.
    if q.words.len() > 1
        && q.words.iter().any(|w| {
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
            b.chars().count().abs_diff(q.chars) <= most && strsim::levenshtein(&q.text, b) <= most
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
    let mut citations = Vec::new();
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
            let anchors = passage
                .mentions
                .people
                .iter()
                .filter(|m| m.person == p.id)
                .map(|m| m.start..m.end)
                .collect();
            citations.push(query::cite(engine, &passage, anchors, &tokens));
        }
    }
    if found.len() > 1 {
        // Several people fit: interleave so each is cited near the top.
        citations.sort_by_key(|c| c.source.paragraph.is_none());
    }
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
