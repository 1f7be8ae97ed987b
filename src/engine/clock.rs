//! Times of day: "What time …?" asks for one, which the date finder does not look for.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A time of day as news writes it: "12.45am", "3:30 p.m.", "10pm", "14:05", "noon", "midnight".
static CLOCK_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:[01]?\d|2[0-3])[.:][0-5]\d(?:\s?[ap]\.?m\b\.?)?|(?:1[0-2]|0?[1-9])\s?[ap]\.?m\b\.?|noon|midnight)",
    )
    .expect("the clock-time pattern is valid")
});

/// The times of day a text writes, as byte ranges ("What time …?" asks for one). A number with a
/// point and no "am" or "pm" is a time only with a colon or between "at" and it ("at 12.45"),
/// as "3.5" is a number.
pub fn clock_times(text: &str) -> Vec<Range<usize>> {
    CLOCK_TIME
        .find_iter(text)
        .filter(|m| {
            let t = m.as_str();
            let meridiem = t.to_lowercase().ends_with('m') || t.ends_with('.');
            let at = text[..m.start()].trim_end().to_lowercase().ends_with(" at")
                || text[..m.start()].trim_end().eq_ignore_ascii_case("at");
            meridiem || t.contains(':') || at || t.chars().all(char::is_alphabetic)
        })
        .filter(|m| {
            // Not inside a longer number ("1.5.2017", "3.14159").
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
                && !after.is_some_and(|c| c.is_ascii_digit())
        })
        .map(|m| m.start()..m.end())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_as_news_writes_them() {
        let times = |t: &str| -> Vec<String> {
            clock_times(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect()
        };
        assert_eq!(
            times("contact was lost at 12.45am near the coast"),
            ["12.45am"]
        );
        assert_eq!(times("The polls close at 10 p.m. on Sunday."), ["10 p.m."]);
        assert_eq!(
            times("It began at 14:05 and ended by noon."),
            ["14:05", "noon"]
        );
        assert_eq!(times("The ferry left at 6.30 with 40 people."), ["6.30"]);
        // A number with a point is no time without "at", "am" or "pm".
        assert!(times("Growth was 3.5 percent, up from 2.15 in 2016.").is_empty());
        assert!(times("Dated 1.5.2017, the letter ran to 12 pages.").is_empty());
    }
}
