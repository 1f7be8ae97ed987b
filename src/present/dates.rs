//! Dates in a reader's words: a day, a month or a year, a date a passage gives (relative
//! ones with the article's words), and the span of years a timeline covers.

use super::{say, Lang};
use crate::corpus::PartialDate;
use crate::engine::{DateSaid, YearSpan};

/// A date as a reader reads it: "19 October 1956", "1956年10月19日", "19 октября 1956 г.".
pub fn date(lang: Lang, d: PartialDate) -> String {
    let year = d.year.to_string();
    match (d.month, d.day) {
        (Some(m), Some(day)) => say(
            lang,
            "date-day",
            &[
                ("day", day.to_string().into()),
                ("m", m.into()),
                ("month", say(lang, &format!("month-{m}"), &[]).into()),
                ("year", year.into()),
            ],
        ),
        (Some(m), None) => say(
            lang,
            "date-month",
            &[
                ("month", say(lang, &format!("month-{m}"), &[]).into()),
                ("year", year.into()),
            ],
        ),
        _ => say(lang, "date-year", &[("year", year.into())]),
    }
}

/// A date the engine hands over as text (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) for a reader, or the
/// text itself when it is not one.
pub fn date_text(lang: Lang, value: &str) -> String {
    PartialDate::parse(value)
        .map(|d| date(lang, d))
        .unwrap_or_else(|| value.to_string())
}

/// A date a passage gives: "19 October 1956", or for a relative one "1997 (“last year”, in an
/// article of 1998)".
pub(super) fn date_said(lang: Lang, d: &DateSaid) -> String {
    match &d.relative {
        None => date(lang, d.value),
        Some(r) => say(
            lang,
            "when-relative",
            &[
                ("date", date(lang, d.value).into()),
                ("words", r.words.as_str().into()),
                (
                    "of",
                    r.article_date
                        .map(|a| date(lang, a))
                        .unwrap_or_else(|| say(lang, "unknown-date", &[]))
                        .into(),
                ),
            ],
        ),
    }
}

/// The span's words: " from 1945 to 1960", " up to 1960", …, or nothing for every year.
pub(super) fn span(lang: Lang, years: YearSpan) -> String {
    let y = |n: i32| n.to_string();
    match (years.from, years.to) {
        (None, None) => say(lang, "span-all", &[]),
        (None, Some(b)) => say(lang, "span-up-to", &[("to", y(b).into())]),
        (Some(a), None) => say(lang, "span-from", &[("from", y(a).into())]),
        (Some(a), Some(b)) if a == b => say(lang, "span-in", &[("from", y(a).into())]),
        (Some(a), Some(b)) => say(
            lang,
            "span-between",
            &[("from", y(a).into()), ("to", y(b).into())],
        ),
    }
}

/// A short answer's value whose date the engine gives typed (`date`, which the value starts
/// with in `PartialDate::human`'s words, possibly followed by the article's words: "1945 (in the
/// closing days …)"): the date in the reader's words, the rest as written. A value without a
/// date is shown as it is.
pub(super) fn dated_value(lang: Lang, value: &str, date_of: Option<PartialDate>) -> String {
    match date_of.and_then(|d| Some((d, value.strip_prefix(d.human().as_str())?))) {
        Some((d, rest)) => format!("{}{rest}", date(lang, d)),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_each_language() {
        let d = PartialDate::parse("1956-10-19").unwrap();
        assert_eq!(date(Lang::En, d), "19 October 1956");
        assert_eq!(date(Lang::Ja, d), "1956年10月19日");
        assert_eq!(date(Lang::Ru, d), "19 октября 1956 г.");
        let m = PartialDate::parse("1956-10").unwrap();
        assert_eq!(date(Lang::Ru, m), "октябрь 1956 г.");
        assert_eq!(date(Lang::Ja, PartialDate::year(1956)), "1956年");
    }
}
