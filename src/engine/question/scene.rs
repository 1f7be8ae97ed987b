//! "during his December 2016 trip", "at the January 2014 round of talks": a phrase that dates the
//! question's scene. A report of that time tells of it without writing its date or its noun again
//! ("He held a first meeting with Abe in Nagato"), so the phrase's words need not be in the
//! answer's sentence when the article is of that time.

use std::ops::Range;

use super::words::Word;
use super::Month;

/// Prepositions that open a phrase saying when.
const OPENERS: [&str; 4] = ["during", "in", "at", "on"];

/// Words that end the phrase: another preposition, or a word that starts a clause.
const ENDERS: [&str; 16] = [
    "in", "at", "on", "to", "for", "from", "with", "by", "about", "after", "before", "during",
    "when", "where", "that", "which",
];

/// The first phrase of `body` that opens with a preposition of time and names a year, as the
/// indices of its words after the preposition, with the year and the month it names.
pub(super) fn dated_scene(body: &[&Word]) -> Option<(Month, Range<usize>)> {
    for (i, w) in body.iter().enumerate() {
        if !OPENERS.contains(&w.lower.as_str()) {
            continue;
        }
        let end = (i + 1..body.len())
            .find(|&j| ENDERS.contains(&body[j].lower.as_str()) || body[j].after_comma)
            .unwrap_or(body.len());
        let phrase = &body[i + 1..end];
        let year = phrase.iter().find_map(|w| {
            (w.text.len() == 4 && w.text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| w.text.parse::<i32>().ok())
                .flatten()
        });
        let month = phrase.iter().find_map(|w| {
            (1..=12).find(|&m| {
                crate::corpus::partial_date::month_name(m).eq_ignore_ascii_case(&w.lower)
            })
        });
        if let Some(year) = year {
            return Some((Month { year, month }, i + 1..end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn scene(text: &str) -> Option<(Month, Vec<String>)> {
        let ws = words(text);
        let body: Vec<&Word> = ws.iter().collect();
        dated_scene(&body).map(|(m, r)| (m, body[r].iter().map(|w| w.lower.clone()).collect()))
    }

    #[test]
    fn a_phrase_of_time_with_a_year_dates_the_scene() {
        let (m, words) = scene("in which town did the ministers meet during their march 2021 tour")
            .expect("a scene");
        assert_eq!((m.year, m.month), (2021, Some(3)));
        assert_eq!(words, ["their", "march", "2021", "tour"]);
        let (_, words) =
            scene("who spoke at the June 2019 round of harbour talks in Vellby").expect("a scene");
        assert_eq!(
            words,
            ["the", "june", "2019", "round", "of", "harbour", "talks"]
        );
        assert!(scene("in which town did the ministers meet").is_none());
        assert!(scene("what happened in May").is_none(), "no year");
    }
}
