//! `/what TOPIC` and `/search TEXT`: the best passages for free words.

use std::collections::HashSet;

use super::query;
use super::{Citation, Finding, Reply, Scoped};
use crate::error::Result;
use crate::index::{Hit, Request};

/// How many passages to rank before cutting to the citation limit.
pub const CANDIDATES: usize = 12;

/// Passages scoring below this share of the best are noise, not answers.
const MIN_SHARE_OF_BEST: f32 = 0.3;

/// Hits for free text, re-ranked so passages covering more of the query's words come first.
pub fn hits(engine: &Scoped, q: &str, tokens: &HashSet<String>) -> Result<Vec<Hit>> {
    let each: Vec<Vec<String>> = tokens.iter().map(|t| vec![t.clone()]).collect();
    hits_for_words(
        engine,
        &query::content_words(q).join(" "),
        &each,
        CANDIDATES,
    )
}

/// [`hits`] for words already chosen (a parsed question's key words), re-ranked by how many of
/// `groups` the passage holds: a group is one word of the question with the stems that may stand
/// for it ("land" or "arrive"), so a passage in the reporter's words ranks with one in the
/// reader's. `candidates` passages are ranked by the search first.
pub fn hits_for_words(
    engine: &Scoped,
    words: &str,
    groups: &[Vec<String>],
    candidates: usize,
) -> Result<Vec<Hit>> {
    let words = words.to_string();
    let mut hits = engine.search(&Request {
        text: words,
        limit: candidates,
        ..Request::default()
    })?;
    if groups.is_empty() {
        return Ok(hits);
    }
    let all: HashSet<String> = groups.iter().flatten().cloned().collect();
    for h in &mut hits {
        let found: HashSet<String> = engine
            .find_tokens(&h.passage.text, &all)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        let held = groups
            .iter()
            .filter(|g| g.iter().any(|t| found.contains(t)))
            .count();
        let coverage = held as f32 / groups.len() as f32;
        h.score *= 0.5 + coverage;
    }
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.passage.article.cmp(&b.passage.article))
    });
    let best = hits.first().map(|h| h.score).unwrap_or(0.0);
    hits.retain(|h| h.score >= best * MIN_SHARE_OF_BEST);
    Ok(hits)
}

/// Number of hits and their citations, best first.
pub fn ranked(engine: &Scoped, q: &str) -> Result<(usize, Vec<Citation>)> {
    let tokens = query::query_tokens(engine, q);
    let hits = hits(engine, q, &tokens)?;
    let n = hits.len();
    let citations = hits
        .iter()
        .map(|h| query::cite(engine, &h.passage, Vec::new(), &tokens));
    Ok((n, query::finish(citations, engine.max_citations())))
}

/// Answers `/what` and `/search`.
pub fn search(engine: &Scoped, q: &str) -> Result<Reply> {
    let (n, citations) = ranked(engine, q)?;
    let answer = if n == 0 {
        Finding::NoMention
    } else {
        Finding::Passages {
            count: citations.len(),
        }
    };
    Ok((Some(answer), citations, Vec::new()))
}
