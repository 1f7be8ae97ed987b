//! Dates known to a year, a month or a day: article dates and resolved date mentions alike.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A calendar date known to some precision (`1998`, `1998-01`, `1998-01-29`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    /// Year (AD).
    pub year: i32,
    /// Month 1–12, when known.
    pub month: Option<u32>,
    /// Day of month, when known (only with a month).
    pub day: Option<u32>,
}

impl PartialDate {
    /// A year alone.
    pub fn year(year: i32) -> PartialDate {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A month of a year (month 1–12).
    pub fn month(year: i32, month: u32) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// A whole date; `None` when it does not exist in the calendar.
    pub fn day(year: i32, month: u32, day: u32) -> Option<PartialDate> {
        NaiveDate::from_ymd_opt(year, month, day)?;
        Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// From a chrono date.
    pub fn from_naive(d: NaiveDate) -> PartialDate {
        PartialDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let year = num(parts.first()?, 4)? as i32;
        match parts.len() {
            1 => Some(PartialDate::year(year)),
            2 => num(parts[1], 2)
                .filter(|m| (1..=12).contains(m))
                .map(|m| PartialDate::month(year, m)),
            3 => PartialDate::day(year, num(parts[1], 2)?, num(parts[2], 2)?),
            _ => None,
        }
    }

    /// The whole date, when the day is known.
    pub fn to_naive(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// First day this date could be, for ordering and range checks.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated on construction")
    }

    /// Whether `other` (at any precision) falls within this date's span or this within its.
    pub fn overlaps(self, other: PartialDate) -> bool {
        self.year == other.year
            && opt_eq(self.month, other.month)
            && (self.month.is_none() || other.month.is_none() || opt_eq(self.day, other.day))
    }

    /// Human-readable form: `19 October 1956`, `October 1956`, `1956`.
    pub fn human(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, month_name(m), self.year),
            (Some(m), None) => format!("{} {}", month_name(m), self.year),
            _ => self.year.to_string(),
        }
    }
}

fn opt_eq(a: Option<u32>, b: Option<u32>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// The English months' names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English weekdays' names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Whether `word` (in any case) is a month written in full.
pub fn is_month_name(word: &str) -> bool {
    MONTH_NAMES.iter().any(|n| n.eq_ignore_ascii_case(word))
}

/// Whether `word` (in any case) is a month or a weekday written in full: never part of a
/// person's name nor a thing's.
pub fn is_calendar_word(word: &str) -> bool {
    is_month_name(word) || WEEKDAY_NAMES.iter().any(|n| n.eq_ignore_ascii_case(word))
}

/// English month name for 1–12.
pub fn month_name(m: u32) -> &'static str {
    MONTH_NAMES[(m.clamp(1, 12) - 1) as usize]
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_rejects_nonsense() {
        assert_eq!(PartialDate::parse("1998"), Some(PartialDate::year(1998)));
        assert_eq!(
            PartialDate::parse("2016-06"),
            Some(PartialDate::month(2016, 6))
        );
        assert_eq!(
            PartialDate::parse("2016-06-22").unwrap().to_string(),
            "2016-06-22"
        );
        for bad in ["", "98", "2016-13", "2016-02-30", "2016-6-1", "x"] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn overlap_respects_precision() {
        let d = PartialDate::day(1956, 10, 19).unwrap();
        assert!(PartialDate::year(1956).overlaps(d));
        assert!(PartialDate::month(1956, 10).overlaps(d));
        assert!(!PartialDate::month(1956, 9).overlaps(d));
        assert!(!PartialDate::day(1956, 10, 18).unwrap().overlaps(d));
        assert_eq!(d.human(), "19 October 1956");
    }
}
