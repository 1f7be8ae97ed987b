//! `/when YEAR | DATE | EVENT` and `/timeline [FROM] [TO]`.

use std::collections::HashSet;

use unicode_segmentation::UnicodeSegmentation;

use super::query::{self, DateQuery};
use super::{
    text, Citation, DateSaid, Finding, Relative, Reply, Reported, Scoped, Timeline, TimelineEvent,
    YearSpan,
};
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

/// A passage's events within `dq` (dates of events, as the index's `dates` column counts them:
/// [`crate::index::dates_an_event`]), each date once, earliest first (then in text order).
fn events_in(passage: &StoredPassage, dq: DateQuery) -> Vec<&DateMention> {
    let mut seen = HashSet::new();
    let mut out: Vec<&DateMention> = passage
        .mentions
        .dates
        .iter()
        .filter(|m| dq.matches(m.value) && crate::index::dates_an_event(m) && seen.insert(m.value))
        .collect();
    out.sort_by_key(|m| (order_key(m.value), m.start));
    out
}

/// A mention's date as `/ask`'s short answer values it ("19 October 1956"): the value the
/// short-answer rules compare and hand over; its words for a reader are `crate::present`'s.
pub fn say(_engine: &Scoped, _p: &StoredPassage, m: &DateMention) -> String {
    m.value.human()
}

/// The date of the first date mention within `span` of `p` (a short answer's words, which may
/// hold a phrase before the date: "in the closing days of the war in 1945"), as the date finder
/// read it.
pub fn mention_within(p: &StoredPassage, span: &std::ops::Range<usize>) -> Option<PartialDate> {
    p.mentions
        .dates
        .iter()
        .filter(|m| m.start >= span.start && m.end <= span.end)
        .min_by_key(|m| m.start)
        .map(|m| m.value)
}

/// A mention as an answer gives it: the date, and for a relative one ("last year") the
/// article's words and its date.
pub fn said(engine: &Scoped, p: &StoredPassage, m: &DateMention) -> DateSaid {
    let relative = m.relative.then(|| Relative {
        words: m.text.clone(),
        article_date: engine.article(p).date,
    });
    DateSaid {
        value: m.value,
        relative,
    }
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

/// Most words in an event's label: enough to say what happened, short enough to read beside
/// a date on a phone.
const LABEL_WORDS: usize = 8;

/// Small words a label neither starts nor ends with ("signed a", "the treaty of").
const DANGLING: [&str; 24] = [
    "a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "but", "for", "by", "with",
    "from", "as", "that", "which", "its", "his", "her", "their", "into", "about",
];

/// A few of the article's own words for an event, from the sentence that holds its date: the
/// sentence's opening words when at least three come before the date (news copy puts who acted
/// first), else the words after it; never the date itself, another date, or words that only say
/// when. A substring of the passage, so of the cited excerpt (which always holds the date's
/// sentence); empty when the sentence says nothing but the date.
pub(super) fn label(p: &StoredPassage, m: &DateMention) -> String {
    let text = p.text.as_str();
    let sentence = p
        .sentences
        .iter()
        .find(|s| s.start <= m.start && m.start < s.end)
        .cloned()
        .unwrap_or(0..text.len());
    let in_a_date = |r: &std::ops::Range<usize>| {
        p.mentions
            .dates
            .iter()
            .any(|d| d.start < r.end && r.start < d.end)
    };
    // Words with their byte ranges in the passage, and whether each only says when.
    let words: Vec<(std::ops::Range<usize>, bool)> = text[sentence.clone()]
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(at, w)| {
            let r = sentence.start + at..sentence.start + at + w.len();
            let when = in_a_date(&r) || is_time_word(w);
            (r, when)
        })
        .collect();
    let before: Vec<_> = words.iter().filter(|(r, _)| r.end <= m.start).collect();
    let after: Vec<_> = words.iter().filter(|(r, _)| r.start >= m.end).collect();
    let small = |r: &std::ops::Range<usize>| {
        DANGLING
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&text[r.clone()]))
    };
    let says_what = |ws: &[&(std::ops::Range<usize>, bool)]| {
        ws.iter().filter(|(r, when)| !when && !small(r)).count()
    };
    let run = |ws: &[&(std::ops::Range<usize>, bool)]| -> Option<std::ops::Range<usize>> {
        // An article may open a label ("The former Soviet Union …"), other small words not.
        let article = |r: &std::ops::Range<usize>| {
            ["a", "an", "the"]
                .iter()
                .any(|d| d.eq_ignore_ascii_case(&text[r.clone()]))
        };
        // The first words that are not about when, up to the next date.
        let mut taken: Vec<&std::ops::Range<usize>> = ws
            .iter()
            .skip_while(|(r, when)| *when || (small(r) && !article(r)))
            .take_while(|(_, when)| !when)
            .take(LABEL_WORDS)
            .map(|(r, _)| r)
            .collect();
        while taken.last().is_some_and(|r| small(r)) {
            taken.pop();
        }
        Some(taken.first()?.start..taken.last()?.end)
    };
    let chosen = if says_what(&before) >= 3 {
        run(&before).or_else(|| run(&after))
    } else {
        run(&after).or_else(|| run(&before))
    };
    chosen.map(|r| text[r].to_string()).unwrap_or_default()
}

/// The events of `kept` (passage and date, in citing order, each the citation of its index),
/// earliest first.
/// The events of `kept`, each pointing at the citation of its passage: `cited_at[i]` is the
/// citation of `kept[i]`.
fn events_of(kept: &[(&StoredPassage, &DateMention)], cited_at: &[usize]) -> Vec<TimelineEvent> {
    let mut events: Vec<TimelineEvent> = kept
        .iter()
        .zip(cited_at)
        .map(|((p, m), &citation)| TimelineEvent {
            date: m.value,
            label: label(p, m),
            citation,
        })
        .collect();
    events.sort_by_key(|e| (order_key(e.date), e.citation));
    events
}

/// The citations of `found` (in date order), one per passage where the excerpt allows: a
/// paragraph giving two dates is cited once, titled by its earliest, when that excerpt also
/// holds the later date's words; a long paragraph whose excerpt does not is cited again.
/// Returns the citations and, for each event of `found`, the index of its citation.
fn cited_once(
    engine: &Scoped,
    found: &[(&StoredPassage, &DateMention)],
) -> (Vec<Citation>, Vec<usize>) {
    let tokens = HashSet::new();
    let mut citations: Vec<Citation> = Vec::new();
    let mut passages: Vec<(usize, usize)> = Vec::new();
    let cited_at = found
        .iter()
        .map(|&(p, m)| {
            let words = label(p, m);
            let earlier = passages
                .iter()
                .zip(&citations)
                .position(|(&at, c)| at == (p.article, p.paragraph) && c.excerpt.contains(&words));
            earlier.unwrap_or_else(|| {
                citations.push(query::cite_date(engine, p, m, &tokens));
                passages.push((p.article, p.paragraph));
                citations.len() - 1
            })
        })
        .collect();
    (citations, cited_at)
}

/// Answers `/when` (as `/ask` routes a question to it).
pub fn when(engine: &Scoped, q: &str) -> Result<Reply> {
    Ok(when_dated(engine, q)?.0)
}

/// Answers `/when`; for a year or a date, also the events cited, as a timeline.
pub fn when_dated(engine: &Scoped, q: &str) -> Result<(Reply, Option<Timeline>)> {
    match query::parse_date_query(q) {
        Some(dq) => on_date(engine, dq),
        None => Ok((event(engine, q)?, None)),
    }
}

fn on_date(engine: &Scoped, dq: DateQuery) -> Result<(Reply, Option<Timeline>)> {
    let tokens = HashSet::new();
    let mut first: Option<(StoredPassage, DateMention)> = None;
    // Each event's date and label by what its citation names (article, paragraph, date), since
    // near-duplicate citations are dropped after they are made.
    type Key = (String, Option<usize>, String);
    let mut labels: std::collections::HashMap<Key, (PartialDate, String)> =
        std::collections::HashMap::new();
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
            labels.insert(
                (
                    citation.source.id.clone(),
                    citation.source.paragraph,
                    m.value.to_string(),
                ),
                (m.value, label(&passage, &m)),
            );
            first.get_or_insert((passage, m));
            Some(Ok(citation))
        });
    let citations = query::finish_fallible(citations, engine.max_citations())?;
    let Some((first_p, first_m)) = first else {
        return Ok(((Some(Finding::NoMention), Vec::new(), Vec::new()), None));
    };
    let mut events: Vec<TimelineEvent> = citations
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let d = c.date_mentioned.as_ref()?;
            let key = (c.source.id.clone(), c.source.paragraph, d.value.clone());
            let (date, label) = labels.remove(&key)?;
            Some(TimelineEvent {
                date,
                label,
                citation: i,
            })
        })
        .collect();
    events.sort_by_key(|e| (order_key(e.date), e.citation));
    let years = dq.years().map_or(YearSpan::default(), |r| {
        YearSpan::new(Some(*r.start()), Some(*r.end()))
    });
    let timeline = Timeline {
        years,
        total: events.len(),
        first: 0,
        events,
    };
    let answer = Finding::Dated {
        date: said(engine, &first_p, &first_m),
        sentence: query::sentence_at(&first_p, first_m.start).to_string(),
        more: citations.len().saturating_sub(1),
    };
    Ok(((Some(answer), citations, Vec::new()), Some(timeline)))
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
            (
                Finding::EventDate {
                    date: said(engine, p, m),
                },
                citations,
            )
        }
        None if hits.is_empty() => (Finding::NoMention, Vec::new()),
        None => (
            undated(engine, &hits[0].passage),
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

/// When the passages about an event give no date: only when it was reported.
fn undated(engine: &Scoped, p: &StoredPassage) -> Finding {
    let a = engine.article(p);
    Finding::Undated {
        reported: a.date.map(|date| Reported {
            outlet: a.outlet.clone(),
            date,
            inferred: a.date_basis == "inferred",
        }),
    }
}

/// Answers `/timeline`: window `window` of the dated events within `years` (the
/// [`TIMELINE_LIMIT`] events from `window × TIMELINE_LIMIT` on), as citations and as data. The
/// words a reader sees are the presentation layer's (`crate::present`).
///
/// Events are counted in the order the index gives their passages (about the dispute first,
/// then by a passage's earliest date), each passage's own events earliest first; a window's
/// events are then shown earliest first. So every event is in exactly one window. The index
/// counts each passage's events from its `dates` column, so the passages before the window are
/// never read.
pub fn timeline(engine: &Scoped, years: YearSpan, window: usize) -> Result<(Reply, Timeline)> {
    let (from, to) = years.bounds();
    let dq = DateQuery::Years(from, to);
    let first = window.saturating_mul(TIMELINE_LIMIT);
    // Each passage has at least one event, so the window's events are among the first
    // `first + TIMELINE_LIMIT` passages; the ones before it are only counted.
    let mut dated = dated(engine, dq, first.saturating_add(TIMELINE_LIMIT), true)?;
    let total = dated.total.unwrap_or_default();
    // The passages wholly before the window are passed over by their counted events, unread:
    // a later window reads about as many passages as the first.
    let mut before = 0usize;
    let mut passed = 0usize;
    for &n in &dated.events {
        if before + n > first {
            break;
        }
        before += n;
        passed += 1;
    }
    dated.passages.pass_over(passed);
    let mut kept: Vec<(StoredPassage, usize)> = Vec::new();
    let mut taken = 0usize;
    for hit in dated.passages {
        let p = hit?.passage;
        let n = events_in(&p, dq).len();
        let skip = first.saturating_sub(before).min(n);
        before += skip;
        let take = (n - skip).min(TIMELINE_LIMIT - taken);
        if take > 0 {
            kept.push((p, skip));
            taken += take;
        }
        if taken >= TIMELINE_LIMIT {
            break;
        }
    }
    let mut found: Vec<(&StoredPassage, &DateMention)> = Vec::new();
    for (p, skip) in &kept {
        let room = TIMELINE_LIMIT - found.len();
        found.extend(
            events_in(p, dq)
                .into_iter()
                .skip(*skip)
                .take(room)
                .map(|m| (p, m)),
        );
    }
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
    let (citations, cited_at) = cited_once(engine, &found);
    let timeline = Timeline {
        years,
        total: total.max(before + found.len()),
        first: before,
        events: events_of(&found, &cited_at),
    };
    Ok(((None, citations, Vec::new()), timeline))
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

    /// A passage with its sentences and dates found as the index finds them.
    fn passage(text: &str) -> StoredPassage {
        StoredPassage {
            article: 0,
            paragraph: 1,
            text: text.to_string(),
            sentences: crate::corpus::sentences::split(text),
            mentions: crate::extract::Mentions {
                dates: crate::extract::dates::find(text, PartialDate::day(2016, 12, 16)),
                ..Default::default()
            },
            source: Default::default(),
        }
    }

    /// The label of the passage's first date within `year`.
    fn label_for(text: &str, year: i32) -> String {
        let p = passage(text);
        let m = p
            .mentions
            .dates
            .iter()
            .find(|m| m.value.year == year)
            .unwrap_or_else(|| panic!("no date in {year}: {text}"));
        let l = label(&p, m);
        assert!(text.contains(&l), "a label is the article's own words: {l}");
        l
    }

    #[test]
    fn a_label_is_the_words_that_say_what_happened() {
        assert_eq!(
            label_for(
                "In 1956, the Soviet Union and Japan signed a joint declaration ending the state of war.",
                1956
            ),
            "the Soviet Union and Japan signed a joint"
        );
        assert_eq!(
            label_for(
                "Japan and the Soviet Union restored diplomatic relations in October 1956.",
                1956
            ),
            "Japan and the Soviet Union restored diplomatic relations"
        );
        // Another sentence's words are never taken, nor another date's.
        assert_eq!(
            label_for(
                "The talks had stalled by then. On 19 October 1956 in Moscow, on 12 December 1956 ratified.",
                1956
            ),
            "Moscow"
        );
        assert_eq!(label_for("It was 1998.", 1998), "It was");
        assert_eq!(label_for("1998.", 1998), "");
    }

    #[test]
    fn timeline_spans() {
        let span = |q: &str| YearSpan::parse(q).map(YearSpan::bounds);
        assert_eq!(span("1945 1960"), Some((1945, 1960)));
        assert_eq!(span("-1960"), Some((i32::MIN, 1960)));
        assert_eq!(span("1998"), Some((1998, i32::MAX)));
        assert_eq!(span(""), Some((i32::MIN, i32::MAX)));
        assert_eq!(span("soon"), None);
    }
}
