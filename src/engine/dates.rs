//! `/when YEAR | DATE | EVENT` and `/timeline [FROM] [TO]`.

use std::collections::HashSet;

use super::query::{self, DateQuery};
use super::{text, Citation, Reply, Scoped};
use crate::corpus::PartialDate;
use crate::error::Result;
use crate::extract::DateMention;
use crate::index::{Request, StoredPassage};

/// Most events a timeline lists.
pub const TIMELINE_LIMIT: usize = 25;

/// Most passages a date is looked up in for `/when` (near-duplicate excerpts are skipped, so
/// more than the citation limit may be needed).
const EVENTS_LIMIT: usize = 1000;

/// Earliest first; within a year or month, precise dates before vague ones.
fn order_key(d: PartialDate) -> (i32, bool, u32, bool, u32) {
    (
        d.year,
        d.month.is_none(),
        d.month.unwrap_or(0),
        d.day.is_none(),
        d.day.unwrap_or(0),
    )
}

/// Passages with a date within `dq`: the first `limit` in citing order (articles about the
/// dispute first, then earliest first), read as they are taken, and (`with_total`) how many
/// (passage, date) events there are in all. The index orders them by date without reading them.
fn dated(
    engine: &Scoped,
    dq: DateQuery,
    limit: usize,
    with_total: bool,
) -> Result<crate::index::Dated> {
    engine.search_dated(
        &Request {
            years: Some(dq.years().unwrap_or(i32::MIN..=i32::MAX)),
            ..Request::default()
        },
        std::sync::Arc::new(move |d| dq.matches(d)),
        limit,
        with_total,
    )
}

/// A passage's mentions of dates within `dq`, each date once, earliest first (then in text
/// order).
fn events_in(passage: &StoredPassage, dq: DateQuery) -> Vec<&DateMention> {
    let mut seen = HashSet::new();
    let mut out: Vec<&DateMention> = passage
        .mentions
        .dates
        .iter()
        .filter(|m| dq.matches(m.value) && seen.insert(m.value))
        .collect();
    out.sort_by_key(|m| (order_key(m.value), m.start));
    out
}

/// How a mention reads in an answer: "19 October 1956" or "1997 (“last year”, in an article of 1998)".
pub fn say(engine: &Scoped, p: &StoredPassage, m: &DateMention) -> String {
    if !m.relative {
        return m.value.human();
    }
    let article = engine.article(p);
    let of = article
        .date
        .map(|d| d.human())
        .unwrap_or_else(|| "unknown date".into());
    format!("{} (“{}”, in an article of {of})", m.value.human(), m.text)
}

/// A word that only says when: a weekday, a month, "today", "later", "year".
pub fn is_time_word(word: &str) -> bool {
    let w = word.to_lowercase();
    let w = w.trim_end_matches("'s").trim_end_matches("’s");
    (1..=12).any(|m| crate::corpus::partial_date::month_name(m).eq_ignore_ascii_case(w))
        || matches!(
            w,
            "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "today"
                | "yesterday"
                | "tomorrow"
                | "now"
                | "later"
                | "earlier"
                | "lately"
                | "recently"
                | "soon"
                | "year"
                | "years"
                | "month"
                | "months"
                | "week"
                | "weeks"
                | "day"
                | "days"
                | "ago"
                | "last"
                | "next"
                | "this"
                | "until"
                | "tonight"
        )
}

/// Answers `/when`.
pub fn when(engine: &Scoped, q: &str) -> Result<Reply> {
    match query::parse_date_query(q) {
        Some(dq) => on_date(engine, q, dq),
        None => event(engine, q),
    }
}

fn on_date(engine: &Scoped, q: &str, dq: DateQuery) -> Result<Reply> {
    let tokens = HashSet::new();
    let mut first: Option<(StoredPassage, DateMention)> = None;
    // Each passage is cited once, for its earliest date within the query.
    let citations = dated(engine, dq, EVENTS_LIMIT, false)?
        .passages
        .filter_map(|hit| {
            let passage = match hit {
                Ok(h) => h.passage,
                Err(e) => return Some(Err(e)),
            };
            let m = events_in(&passage, dq).first().copied()?.clone();
            let citation = query::cite_date(engine, &passage, &m, &tokens);
            first.get_or_insert((passage, m));
            Some(Ok(citation))
        });
    let citations = query::finish_fallible(citations, engine.max_citations())?;
    let Some((first_p, first_m)) = first else {
        return Ok((
            Some(query::no_mention(
                q,
                "Try a year such as /when 1956, or /timeline to see every dated event.",
            )),
            Vec::new(),
            Vec::new(),
        ));
    };
    let more = citations.len().saturating_sub(1);
    let answer = format!(
        "{}: {}{}",
        say(engine, &first_p, &first_m),
        query::sentence_at(&first_p, first_m.start),
        if more > 0 {
            format!(" (+{more} more below)")
        } else {
            String::new()
        }
    );
    Ok((Some(answer), citations, Vec::new()))
}

/// The date mention of a passage that best goes with the query's words: most of the query's
/// words in the same sentence, then nearest to them. Returns it with that word count.
fn best_date<'a>(
    engine: &Scoped,
    p: &'a StoredPassage,
    tokens: &HashSet<String>,
) -> Option<(usize, &'a DateMention)> {
    let matches = query::matches_in(engine, p, tokens);
    if matches.is_empty() {
        return None;
    }
    let sentence_of = |at: usize| p.sentences.iter().position(|s| s.start <= at && at < s.end);
    p.mentions
        .dates
        .iter()
        .map(|m| {
            let s = sentence_of(m.start);
            let covered: HashSet<&str> = matches
                .iter()
                .filter(|r| sentence_of(r.start) == s)
                .map(|r| &p.text[r.clone()])
                .collect();
            (
                covered.len(),
                query::distance(&(m.start..m.end), &matches),
                m,
            )
        })
        .max_by_key(|(covered, distance, _)| (*covered, std::cmp::Reverse(*distance)))
        .map(|(covered, _, m)| (covered, m))
}

fn event(engine: &Scoped, q: &str) -> Result<Reply> {
    let tokens = query::query_tokens(engine, q);
    let hits = text::hits(engine, q, &tokens)?;
    // Each hit with its best date; the answer comes from the date whose sentence holds the most
    // of the query's words (ties go to the better-ranked passage).
    let dated: Vec<(usize, &StoredPassage, &DateMention)> = hits
        .iter()
        .filter_map(|h| best_date(engine, &h.passage, &tokens).map(|(c, m)| (c, &h.passage, m)))
        .collect();
    let best = dated
        .iter()
        .enumerate()
        .max_by_key(|(rank, (covered, _, _))| (*covered, std::cmp::Reverse(*rank)));
    let (answer, citations) = match best {
        Some((rank, &(_, p, m))) => {
            let mut citations = vec![query::cite_date(engine, p, m, &tokens)];
            citations.extend(
                dated
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != rank)
                    .map(|(_, (_, p, m))| query::cite_date(engine, p, m, &tokens)),
            );
            (format!("{q}: {}", say(engine, p, m)), citations)
        }
        None if hits.is_empty() => (
            query::no_mention(
                q,
                "Try a year (/when 1956), a place (/when Krasnoyarsk) or /timeline.",
            ),
            Vec::new(),
        ),
        None => (
            undated(engine, q, &hits[0].passage),
            hits.iter()
                .map(|h| query::cite(engine, &h.passage, Vec::new(), &tokens))
                .collect(),
        ),
    };
    Ok((
        Some(answer),
        query::finish(citations, engine.max_citations()),
        Vec::new(),
    ))
}

/// What to say when the passages about an event give no date: only when it was reported.
fn undated(engine: &Scoped, q: &str, p: &StoredPassage) -> String {
    let a = engine.article(p);
    match a.date {
        Some(d) => format!(
            "The passages about “{q}” give no date for it; it is reported in {} of {} ({}).",
            a.outlet,
            d.human(),
            if a.date_basis == "inferred" {
                "date inferred"
            } else {
                "date printed"
            }
        ),
        None => {
            format!("The articles mention “{q}” but give no date for it; the passages are below.")
        }
    }
}

/// Reads `/timeline` arguments (already checked by the parser): none, FROM, or FROM TO.
fn timeline_span(q: &str) -> (i32, i32) {
    let years: Vec<i32> = q
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    match years.as_slice() {
        [a, b, ..] => (*a.min(b), *a.max(b)),
        // "-1960" and "to 1960" end a range, as "1960-" and "1960" start one.
        [a] if q.trim_start().starts_with(['-', '–', '—']) || q.trim_start().starts_with("to ") => {
            (i32::MIN, *a)
        }
        [a] => (*a, i32::MAX),
        [] => (i32::MIN, i32::MAX),
    }
}

/// Answers `/timeline`.
pub fn timeline(engine: &Scoped, q: &str) -> Result<Reply> {
    let (from, to) = timeline_span(q);
    // Each passage has at least one event, so the first TIMELINE_LIMIT events are among the
    // first TIMELINE_LIMIT passages.
    let dq = DateQuery::Years(from, to);
    let dated = dated(engine, dq, TIMELINE_LIMIT, true)?;
    let total = dated.total.unwrap_or_default();
    let passages: Vec<StoredPassage> = dated
        .passages
        .map(|h| h.map(|h| h.passage))
        .collect::<Result<_>>()?;
    let mut found: Vec<(&StoredPassage, &DateMention)> = passages
        .iter()
        .flat_map(|p| events_in(p, dq).into_iter().map(move |m| (p, m)))
        .collect();
    // Articles about the dispute first (all of them, in a collection of seeds alone).
    found.sort_by_key(|(p, m)| {
        (
            !p.source.on_topic,
            order_key(m.value),
            p.article,
            p.paragraph,
            m.start,
        )
    });
    let tokens = HashSet::new();
    let citations: Vec<Citation> = found
        .iter()
        .take(TIMELINE_LIMIT)
        .map(|(p, m)| query::cite_date(engine, p, m, &tokens))
        .collect();
    let span = match (from, to) {
        (i32::MIN, i32::MAX) => String::new(),
        (i32::MIN, b) => format!(" up to {b}"),
        (a, i32::MAX) => format!(" from {a} on"),
        (a, b) => format!(" from {a} to {b}"),
    };
    let answer = if total == 0 {
        format!(
            "No dated events{span} in the articles. Try /timeline with no years to see them all."
        )
    } else if total > TIMELINE_LIMIT {
        format!("{total} dated events{span}; the first {TIMELINE_LIMIT}, earliest first. Narrow the years to see the rest.")
    } else {
        format!(
            "{total} dated event{}{span}, earliest first.",
            if total == 1 { "" } else { "s" }
        )
    };
    Ok((Some(answer), citations, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precise_dates_come_before_vague_ones_in_the_same_year() {
        let mut ds = [
            PartialDate::year(1956),
            PartialDate::day(1956, 10, 19).unwrap(),
            PartialDate::year(1951),
        ];
        ds.sort_by_key(|d| order_key(*d));
        assert_eq!(
            ds.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            ["1951", "1956-10-19", "1956"]
        );
    }

    #[test]
    fn timeline_spans() {
        assert_eq!(timeline_span("1945 1960"), (1945, 1960));
        assert_eq!(timeline_span("1960-1945"), (1945, 1960));
        assert_eq!(timeline_span("1998"), (1998, i32::MAX));
        assert_eq!(timeline_span("1998-"), (1998, i32::MAX));
        assert_eq!(timeline_span("-1960"), (i32::MIN, 1960));
        assert_eq!(timeline_span("– 1960"), (i32::MIN, 1960));
        assert_eq!(timeline_span("to 1960"), (i32::MIN, 1960));
        assert_eq!(timeline_span(""), (i32::MIN, i32::MAX));
    }
}
