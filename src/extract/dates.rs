//! Dates in the text: explicit ones ("October 19, 1956", "April 2013", "1945") and relative ones
//! ("Thursday", "last November", "later this year") resolved against the article's own date.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::corpus::PartialDate;

/// A date the text mentions, with the words it used.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DateMention {
    /// The words as written, e.g. "last November".
    pub text: String,
    /// Byte range in the paragraph.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// What it refers to, as precisely as the text and the article date allow.
    pub value: PartialDate,
    /// True when it was resolved against the article's date.
    pub relative: bool,
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

/// One pattern per kind of date, tried together; the first alternative that matches wins. `\b`
/// is Unicode-aware here, which stops the regex crate's fast engine at the first non-ASCII byte.
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| date_regex(r"\b"));

/// [`DATE_RE`] with ASCII word boundaries: the same matches wherever no letter or digit outside
/// ASCII stands in the text (a word boundary then falls in the same places either way), found
/// without falling back to a slow engine at curly quotes and dashes.
static ASCII_BOUNDARY_DATE_RE: LazyLock<Regex> = LazyLock::new(|| date_regex(r"(?-u:\b)"));

/// A word character (as `\b` sees it) outside ASCII.
static NON_ASCII_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w&&[^\x00-\x7F]]").expect("word pattern compiles"));

fn date_regex(boundary: &str) -> Regex {
    let m = MONTHS;
    let w = WEEKDAYS;
    let b = boundary;
    Regex::new(&format!(
        r"(?x)
        (?P<full>{b}(?P<fm>{m})\.?\s+(?P<fd>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<fy>\d{{4}}){b})
      | (?P<full2>{b}(?P<f2d>\d{{1,2}})\s+(?P<f2m>{m})\.?,?\s+(?P<f2y>\d{{4}}){b})
      | (?P<my>{b}(?:(?i:in|since|by|until|from|early|mid|late|the\ end\ of|the\ beginning\ of)[-\s]+)?(?P<mym>{m})\.?,?\s+(?P<myy>\d{{4}}){b})
      | (?P<md>{b}(?:(?i:since|by|until|from)\s+)?(?P<mdm>{m})\.?\s+(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?{b})
      | (?P<dm>{b}(?:(?i:since|by|until|from)\s+)?(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>{m}){b})
      | (?P<rely>{b}(?i:(?:(?:late|early|later|earlier)\s+)?(?:last|this|next|past|previous)\s+year(?:'s|’s)?){b})
      | (?P<relm>{b}(?i:(?:(?:late|early|later|earlier)\s+)?(?:last|this|next)\s+month){b})
      | (?P<mon>{b}(?:(?P<monq>(?i:last|next|this|early|late|mid|in|since|by|until))[-\s]+)(?P<monm>January|February|March|April|May|June|July|August|September|October|November|December){b})
      | (?P<mon2>{b}(?P<mon2m>January|February|March|April|June|July|August|September|October|November|December){b})
      | (?P<wd>{b}(?:(?P<wdq>(?i:last|next|on))\s+)?(?P<wdd>{w})(?:'s|’s)?{b})
      | (?P<year>(?:{b}(?i:early|mid|late)[-\s]+)?{b}(?P<yy>1[6-9]\d\d|20\d\d){b}(?:'s|’s)?)
      | (?P<day>{b}(?i:today|yesterday|tomorrow){b})
    "
    ))
    .expect("date pattern compiles")
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let key = lower.get(..3)?;
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| *m == key)
    .map(|i| i as u32 + 1)
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// Finds the dates in `text`, resolving relative ones against `article_date` (when known).
pub fn find(text: &str, article_date: Option<PartialDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let re = if NON_ASCII_WORD.is_match(text) {
        &DATE_RE
    } else {
        &ASCII_BOUNDARY_DATE_RE
    };
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // A number followed by more digits or a thousands separator is a quantity, not a year.
        if caps.name("year").is_some() && is_quantity(text, whole.end()) {
            continue;
        }
        let ahead = tells_of_what_is_ahead(&text[..whole.start()]);
        let Some((value, relative)) = resolve(&caps, article_date, ahead) else {
            continue;
        };
        out.push(DateMention {
            text: whole.as_str().to_string(),
            start: whole.start(),
            end: whole.end(),
            value,
            relative,
        });
    }
    out
}

fn is_quantity(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.starts_with(|c: char| c.is_ascii_digit())
        || (rest.starts_with(',') && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Words that put what follows them ahead of the report: "will sign", "is expected to sign",
/// "is due to arrive".
const AHEAD: [&str; 8] = [
    "will",
    "shall",
    "'ll",
    "expected",
    "scheduled",
    "plans",
    "planned",
    "planning",
];

/// Bytes back from a date within which those words are looked for (eight long words).
const AHEAD_BYTES: usize = 160;

/// Words back from a date that the clause it stands in tells of: at most this many.
const AHEAD_WORDS: usize = 8;

/// Whether the clause a date ends (`before` is the text up to it) tells of what is still ahead:
/// "the president will sign it on Wednesday" is the coming Wednesday, not the one before the
/// report. The words looked at stop at the sentence's start (a full stop or semicolon).
fn tells_of_what_is_ahead(before: &str) -> bool {
    // Only the last few words count: looking back further would cost a paragraph with no full
    // stop (a hostile page's) time in the square of its length, one scan per date.
    let mut from = before.len().saturating_sub(AHEAD_BYTES);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let before = &before[from..];
    let clause = before
        .rfind(['.', ';', '!', '?'])
        .map_or(before, |i| &before[i + 1..]);
    clause
        .split_whitespace()
        .rev()
        .take(AHEAD_WORDS)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .to_lowercase()
                .replace('’', "'")
        })
        .any(|w| AHEAD.contains(&w.as_str()) || w.ends_with("'ll"))
}

/// A past day written without its year that would fall this long after the report is last year's.
const PAST_DAY_AHEAD_DAYS: i64 = 60;

/// The year of a day written without one ("December 15"): the report's, unless that day is
/// well after the report and the clause does not tell of what is ahead (a report in March of
/// "visited on December 15" means the December before), or before it when the clause does
/// ("will meet on January 10" in December is next year's).
fn year_of_month_day(article: PartialDate, month: u32, day: u32, ahead: bool) -> i32 {
    let Some(reported) = article.month.and_then(|am| {
        chrono::NaiveDate::from_ymd_opt(article.year, am, article.day.unwrap_or(15))
    }) else {
        return article.year;
    };
    let Some(this_year) = chrono::NaiveDate::from_ymd_opt(article.year, month, day) else {
        return article.year;
    };
    let after = (this_year - reported).num_days();
    if !ahead && after > PAST_DAY_AHEAD_DAYS {
        article.year - 1
    } else if ahead && after < -7 {
        article.year + 1
    } else {
        article.year
    }
}

fn resolve(
    caps: &regex::Captures,
    article: Option<PartialDate>,
    ahead: bool,
) -> Option<(PartialDate, bool)> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i64>().ok());
    let month = |name: &str| caps.name(name).and_then(|m| month_number(m.as_str()));
    if caps.name("full").is_some() {
        return Some((
            PartialDate::day(num("fy")? as i32, month("fm")?, num("fd")? as u32)?,
            false,
        ));
    }
    if caps.name("full2").is_some() {
        return Some((
            PartialDate::day(num("f2y")? as i32, month("f2m")?, num("f2d")? as u32)?,
            false,
        ));
    }
    if caps.name("my").is_some() {
        return Some((PartialDate::month(num("myy")? as i32, month("mym")?), false));
    }
    if caps.name("year").is_some() {
        return Some((PartialDate::year(num("yy")? as i32), false));
    }
    let article = article?;
    let month_day = if caps.name("md").is_some() {
        Some((month("mdm")?, num("mdd")? as u32))
    } else if caps.name("dm").is_some() {
        Some((month("dmm")?, num("dmd")? as u32))
    } else {
        None
    };
    if let Some((m, d)) = month_day {
        let mut year = year_of_month_day(article, m, d, ahead);
        // "since March 30" has begun: never a day after the report.
        let since = caps
            .get(0)
            .is_some_and(|c| c.as_str().to_lowercase().starts_with("since"));
        let after_report = match (article.month, article.day) {
            (Some(am), Some(ad)) => (year, m, d) > (article.year, am, ad),
            (Some(am), None) => (year, m) > (article.year, am),
            _ => year > article.year,
        };
        if since && after_report {
            year -= 1;
        }
        return Some((PartialDate::day(year, m, d)?, true));
    }
    let lower = caps.get(0)?.as_str().to_lowercase();
    if caps.name("rely").is_some() {
        let delta =
            if lower.contains("last") || lower.contains("past") || lower.contains("previous") {
                -1
            } else if lower.contains("next") {
                1
            } else {
                0
            };
        return Some((PartialDate::year(article.year + delta), true));
    }
    if caps.name("relm").is_some() {
        let m = article.month?;
        let (y, m) = if lower.contains("last") {
            if m == 1 {
                (article.year - 1, 12)
            } else {
                (article.year, m - 1)
            }
        } else if lower.contains("next") {
            if m == 12 {
                (article.year + 1, 1)
            } else {
                (article.year, m + 1)
            }
        } else {
            (article.year, m)
        };
        return Some((PartialDate::month(y, m), true));
    }
    if caps.name("mon").is_some() || caps.name("mon2").is_some() {
        let m = month("monm").or_else(|| month("mon2m"))?;
        let q = caps.name("monq").map(|q| q.as_str().to_lowercase());
        let year = match q.as_deref() {
            // "last November": the most recent November before the article's month.
            Some("last") => match article.month {
                Some(am) if am > m => article.year,
                _ => article.year - 1,
            },
            // "since December": a time already begun, this month at the latest.
            Some("since") => match article.month {
                Some(am) if am >= m => article.year,
                _ => article.year - 1,
            },
            Some("next") => match article.month {
                Some(am) if am < m => article.year,
                _ => article.year + 1,
            },
            _ => article.year,
        };
        return Some((PartialDate::month(year, m), true));
    }
    if caps.name("wd").is_some() {
        let wd = weekday(caps.name("wdd")?.as_str())?;
        let q = caps.name("wdq").map(|q| q.as_str().to_lowercase());
        let Some(day) = article.to_naive() else {
            // The article's day is unknown: the weekday is somewhere in its month or year.
            return Some((article, true));
        };
        let back = (day.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64)
            .rem_euclid(7);
        let resolved = match q.as_deref() {
            Some("next") => day + Duration::days(if back == 0 { 7 } else { 7 - back }),
            Some("last") if back == 0 => day - Duration::days(7),
            Some("last") => day - Duration::days(back),
            // What is still ahead falls on the coming such day, the article's own included.
            _ if ahead => day + Duration::days((7 - back) % 7),
            // News reports past events by weekday: the most recent such day, the article's own included.
            _ => day - Duration::days(back),
        };
        return Some((PartialDate::from_naive(resolved), true));
    }
    if caps.name("day").is_some() {
        let day = article.to_naive()?;
        let resolved = match lower.as_str() {
            "yesterday" => day - Duration::days(1),
            "tomorrow" => day + Duration::days(1),
            _ => day,
        };
        return Some((PartialDate::from_naive(resolved), true));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, article: &str) -> Vec<(String, String)> {
        find(text, PartialDate::parse(article))
            .into_iter()
            .map(|m| (m.text, m.value.to_string()))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn a_day_before_its_month_is_dated_like_a_month_before_its_day() {
        assert_eq!(
            found(
                "Fire swept through the market on 3 May, and again on the 8th of June.",
                "2024-05-04"
            ),
            [
                pair("3 May", "2024-05-03"),
                pair("8th of June", "2024-06-08")
            ]
        );
        // Not a number of something before a month's name written in lower case.
        assert!(found("the 3 may be late", "2024-05-04").is_empty());
    }

    #[test]
    fn explicit_dates_at_each_precision() {
        assert_eq!(
            found("On October 19, 1956, Moscow and Tokyo signed. In April 2013 they agreed; in 1960 it ended.", "2015-10-08"),
            [pair("October 19, 1956", "1956-10-19"), pair("In April 2013", "2013-04"), pair("1960", "1960")]
        );
        assert_eq!(
            found("Fri Dec 16, 2016", "2016-12-16"),
            [pair("Dec 16, 2016", "2016-12-16")]
        );
    }

    #[test]
    fn quantities_are_not_years() {
        assert!(found("home to some 19,000 Russians and 2000s", "2016")
            .iter()
            .all(|(t, _)| t != "2000"));
        assert!(found("some 1,945 people", "2016").is_empty());
    }

    #[test]
    fn relative_dates_resolve_against_the_article() {
        assert_eq!(
            found(
                "met in Moscow on September 21 and will meet on Thursday",
                "2015-10-08"
            ),
            [
                pair("September 21", "2015-09-21"),
                pair("on Thursday", "2015-10-08")
            ]
        );
        // A day without its year well after the report is last year's, unless still ahead.
        assert_eq!(
            found(
                "The ferry sank on December 15. It will sail again on December 20.",
                "2019-03-04"
            ),
            [
                pair("December 15", "2018-12-15"),
                pair("December 20", "2019-12-20")
            ]
        );
        assert_eq!(
            found("The vote is on April 2.", "2019-03-04"),
            [pair("April 2", "2019-04-02")]
        );
        // What is still ahead falls on the coming weekday; what was, on the last one.
        assert_eq!(
            found(
                "The mayor is expected to open the bridge on Wednesday. It was closed on Friday.",
                "2019-05-14"
            ),
            [
                pair("on Wednesday", "2019-05-15"),
                pair("on Friday", "2019-05-10")
            ]
        );
        assert_eq!(
            found("Talks will resume on Tuesday, she said.", "2019-05-14"),
            [pair("on Tuesday", "2019-05-14")]
        );
        assert_eq!(
            found(
                "Putin arrived on Thursday. They met on Friday.",
                "2016-12-16"
            ),
            [
                pair("on Thursday", "2016-12-15"),
                pair("on Friday", "2016-12-16")
            ]
        );
        assert_eq!(
            found(
                "a summit last November. Last year's summit. Later this year. Late last year.",
                "1998"
            ),
            [
                pair("last November", "1997-11"),
                pair("Last year's", "1997"),
                pair("Later this year", "1998"),
                pair("Late last year", "1997")
            ]
        );
        // "since" opens a time already begun: with a day, the day; alone, the latest such month.
        assert_eq!(
            found(
                "The ceasefire has held since March 30. Prices rose since October.",
                "2021-02-10"
            ),
            [
                pair("since March 30", "2020-03-30"),
                pair("since October", "2020-10")
            ]
        );
        assert_eq!(
            found("met in Sochi in May", "2016-06-22"),
            [pair("in May", "2016-05")]
        );
        assert_eq!(
            found("diplomats Thursday formed", "1998"),
            [pair("Thursday", "1998")]
        );
    }

    #[test]
    fn letters_outside_ascii_keep_words_whole() {
        // Next to "é" a year is part of a word; beside a curly quote it stands alone.
        assert!(found("code 1945é", "2016").is_empty());
        assert_eq!(
            found("“1945” in São Paulo, May 2013", "2016"),
            [pair("1945", "1945"), pair("May 2013", "2013-05")]
        );
        assert_eq!(found("“1945”", "2016"), [pair("1945", "1945")]);
    }

    #[test]
    fn may_as_a_verb_is_not_a_month() {
        assert!(found("Russia may relax rules", "2016-12-16").is_empty());
    }
}
