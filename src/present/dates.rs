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

/// A short answer's date as the engine writes it (`PartialDate::human`: "19 October 1956",
/// "October 1956", "1956"), possibly followed by the article's words ("1945 (in the closing
/// days …)"), with the date in the reader's words and the rest as written. A value that does
/// not start with such a date is shown as it is.
pub(super) fn dated_value(lang: Lang, value: &str) -> String {
    match leading_date(value) {
        Some((d, rest)) => format!("{}{rest}", date(lang, d)),
        None => value.to_string(),
    }
}

/// The date a value starts with, in `PartialDate::human`'s form, and what follows it.
fn leading_date(value: &str) -> Option<(PartialDate, &str)> {
    let words: Vec<&str> = value.split(' ').take(3).collect();
    let year = |w: &str| {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<i32>().ok())
            .flatten()
    };
    let month = |w: &str| (1..=12).find(|&m| crate::corpus::partial_date::month_name(m) == w);
    let mut candidates = Vec::new();
    if let [d, m, y, ..] = words[..] {
        if let (Ok(d), Some(m), Some(y)) = (d.parse::<u32>(), month(m), year(y)) {
            candidates.extend(PartialDate::day(y, m, d));
        }
    }
    if let [m, y, ..] = words[..] {
        if let (Some(m), Some(y)) = (month(m), year(y)) {
            candidates.push(PartialDate::month(y, m));
        }
    }
    if let Some(y) = words.first().and_then(|w| year(w)) {
        candidates.push(PartialDate::year(y));
    }
    candidates.into_iter().find_map(|d| {
        let said = d.human();
        let rest = value.strip_prefix(said.as_str())?;
        (rest.is_empty() || rest.starts_with(' ')).then_some((d, rest))
    })
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
