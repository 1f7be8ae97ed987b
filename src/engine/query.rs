//! Reading the user's words: content words, dates typed as queries, and citing helpers shared by
//! the command modules.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::excerpt::{self, Focus};
use super::{Citation, DateRef, Scoped};
use crate::corpus::PartialDate;
use crate::extract::DateMention;
use crate::index::StoredPassage;

/// Words too common to search for.
static STOPWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from",
        "as", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "has",
        "have", "had", "it", "its", "this", "that", "these", "those", "there", "their", "they",
        "them", "he", "she", "his", "her", "him", "we", "you", "i", "what", "which", "who", "whom",
        "whose", "when", "where", "why", "how", "many", "much", "about", "into", "than", "then",
        "so", "if", "but", "not", "no", "any", "all", "can", "could", "would", "should", "will",
        "shall", "may", "might", "must", "also", "tell", "me", "please", "say", "said", "does",
        "during", "after", "before", "between",
    ]
    .into_iter()
    .collect()
});

/// Whether a word (any case) is a stop word.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(word.to_lowercase().as_str())
}

/// The words of `text` worth searching for, in order, stop words and punctuation dropped, with
/// the other forms of irregular verbs added (WordNet's, see [`crate::verb_forms`]).
pub fn content_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
    {
        // Month names stay even where the lower-case word is a stop word ("May").
        let month = (1..=12).any(|m| crate::corpus::partial_date::month_name(m) == w);
        if is_stopword(w) && !month {
            continue;
        }
        out.push(w.to_string());
        if !month {
            // A form that is a stop word ("might" for "may") is no more worth searching for.
            out.extend(
                crate::verb_forms::others(w)
                    .into_iter()
                    .filter(|f| !is_stopword(f))
                    .map(str::to_string),
            );
        }
    }
    out
}

/// A date or span typed as a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateQuery {
    /// A date at some precision ("1956", "December 2016", "October 19, 1956").
    Date(PartialDate),
    /// A day of a month in any year ("September 21").
    MonthDay(u32, u32),
    /// Years from–to, inclusive.
    Years(i32, i32),
}

impl DateQuery {
    /// Whether a resolved date mention falls within this query.
    pub fn matches(&self, d: PartialDate) -> bool {
        match *self {
            DateQuery::Date(q) => {
                q.overlaps(d)
                    && (q.month.is_none() || d.month.is_some())
                    && (q.day.is_none() || d.day.is_some())
            }
            DateQuery::MonthDay(m, day) => d.month == Some(m) && d.day == Some(day),
            DateQuery::Years(a, b) => (a..=b).contains(&d.year),
        }
    }

    /// The years to ask the index for.
    pub fn years(&self) -> Option<std::ops::RangeInclusive<i32>> {
        match *self {
            DateQuery::Date(d) => Some(d.year..=d.year),
            DateQuery::MonthDay(..) => None,
            DateQuery::Years(a, b) => Some(a..=b),
        }
    }
}

static YEARS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*(?:-|–|—|to|\.\.|\s)\s*(\d{4})$").expect("pattern compiles")
});

/// Reads a query as a date, if it is one: "1956", "1945-1960", "October 19, 1956",
/// "19 October 1956", "1956-10-19", "December 2016", "September 21".
pub fn parse_date_query(q: &str) -> Option<DateQuery> {
    let q = q.trim().trim_end_matches(['.', '?', '!']).trim();
    if let Some(c) = YEARS_RE.captures(q) {
        let (a, b): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        return Some(DateQuery::Years(a.min(b), a.max(b)));
    }
    if let Some(d) = PartialDate::parse(q) {
        return Some(DateQuery::Date(d));
    }
    let found = crate::extract::dates::find(q, None);
    if let [m] = found.as_slice() {
        if m.start == 0 && m.end == q.len() {
            return Some(DateQuery::Date(m.value));
        }
    }
    // A month and day with no year: the extractor needs an article year, so lend it one.
    let lent = crate::extract::dates::find(q, PartialDate::parse("2000"));
    if let [m] = lent.as_slice() {
        if m.start == 0 && m.end == q.len() && m.value.day.is_some() {
            return Some(DateQuery::MonthDay(m.value.month?, m.value.day?));
        }
    }
    None
}

/// Byte ranges of the passage's words that match the query's analysed tokens.
pub fn matches_in(
    engine: &Scoped,
    passage: &StoredPassage,
    query_tokens: &HashSet<String>,
) -> Vec<Range<usize>> {
    if query_tokens.is_empty() {
        return Vec::new();
    }
    engine
        .find_tokens(&passage.text, query_tokens)
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// The query's analysed tokens, stop words left out.
pub fn query_tokens(engine: &Scoped, text: &str) -> HashSet<String> {
    engine
        .analyse(&content_words(text).join(" "))
        .into_iter()
        .collect()
}

/// A citation of `passage` focused on `anchors` and the query's words.
pub fn cite(
    engine: &Scoped,
    passage: &StoredPassage,
    anchors: Vec<Range<usize>>,
    tokens: &HashSet<String>,
) -> Citation {
    let matches = matches_in(engine, passage, tokens);
    excerpt::cite(
        passage,
        engine.article(passage),
        &Focus {
            anchors,
            matches: &matches,
        },
    )
}

/// A citation anchored on a date mention, carrying the date it is cited for.
pub fn cite_date(
    engine: &Scoped,
    passage: &StoredPassage,
    m: &DateMention,
    tokens: &HashSet<String>,
) -> Citation {
    let mut c = cite(
        engine,
        passage,
        std::iter::once(m.start..m.end).collect(),
        tokens,
    );
    c.date_mentioned = Some(DateRef {
        text: m.text.clone(),
        value: m.value.to_string(),
        relative: m.relative,
    });
    c
}

/// The sentence of `passage` that contains byte `at`.
pub fn sentence_at(passage: &StoredPassage, at: usize) -> &str {
    passage
        .sentences
        .iter()
        .find(|s| s.start <= at && at < s.end)
        .map(|s| &passage.text[s.clone()])
        .unwrap_or(&passage.text)
}

/// Byte distance from `r` to the nearest of `matches` (the query's words in a passage).
pub fn distance(r: &Range<usize>, matches: &[Range<usize>]) -> usize {
    matches
        .iter()
        .map(|m| {
            if m.end <= r.start {
                r.start - m.end
            } else {
                m.start.saturating_sub(r.end)
            }
        })
        .min()
        .unwrap_or(usize::MAX)
}

/// Keeps the best `limit` citations, near-duplicates dropped.
/// Citations from the first `limit` candidates, asking for four times as many while near-duplicate
/// excerpts leave fewer than `wanted` and more candidates exist (up to `most`). `attempt` returns
/// the citations and whether it saw every candidate there is.
pub fn widening(
    wanted: usize,
    most: usize,
    mut attempt: impl FnMut(usize) -> crate::error::Result<(Vec<Citation>, bool)>,
) -> crate::error::Result<Vec<Citation>> {
    let mut limit = (wanted * 2).min(most).max(1);
    loop {
        let (citations, complete) = attempt(limit)?;
        if citations.len() >= wanted || complete || limit >= most {
            return Ok(citations);
        }
        limit = (limit * 4).min(most);
    }
}

/// [`finish`] over citations that may fail (a passage that cannot be read): the first failure
/// ends it with that error. Citations after the `limit`-th kept one are never made.
pub fn finish_fallible(
    citations: impl Iterator<Item = crate::error::Result<Citation>>,
    limit: usize,
) -> crate::error::Result<Vec<Citation>> {
    let mut failed = None;
    let kept = finish(
        citations.map_while(|c| c.map_err(|e| failed = Some(e)).ok()),
        limit,
    );
    match failed {
        Some(e) => Err(e),
        None => Ok(kept),
    }
}

/// The first `limit` citations, near-duplicate excerpts cited once.
pub fn finish(citations: impl IntoIterator<Item = Citation>, limit: usize) -> Vec<Citation> {
    excerpt::dedupe(citations, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_typed_as_queries() {
        assert_eq!(
            parse_date_query("1956"),
            Some(DateQuery::Date(PartialDate::year(1956)))
        );
        assert_eq!(
            parse_date_query("1945 1960"),
            Some(DateQuery::Years(1945, 1960))
        );
        assert_eq!(
            parse_date_query("1960-1945"),
            Some(DateQuery::Years(1945, 1960))
        );
        assert_eq!(
            parse_date_query("December 2016"),
            Some(DateQuery::Date(PartialDate::month(2016, 12)))
        );
        assert_eq!(
            parse_date_query("October 19, 1956"),
            Some(DateQuery::Date(PartialDate::day(1956, 10, 19).unwrap()))
        );
        assert_eq!(
            parse_date_query("September 21"),
            Some(DateQuery::MonthDay(9, 21))
        );
        assert_eq!(parse_date_query("Krasnoyarsk"), None);
        assert_eq!(parse_date_query("San Francisco treaty"), None);
    }

    #[test]
    fn month_queries_do_not_match_bare_years() {
        let q = DateQuery::Date(PartialDate::month(2016, 12));
        assert!(q.matches(PartialDate::day(2016, 12, 15).unwrap()));
        assert!(!q.matches(PartialDate::year(2016)));
    }

    #[test]
    fn content_words_drop_question_words() {
        assert_eq!(
            content_words("Who visited the disputed islands last year?"),
            ["visited", "disputed", "islands", "last", "year"]
        );
        assert!(content_words("the AND (of)").is_empty());
        assert_eq!(
            content_words("Where did they meet in May?"),
            ["meet", "met", "May"]
        );
    }
}
