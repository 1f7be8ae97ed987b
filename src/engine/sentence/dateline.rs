//! Datelines: the report's place and date before a sentence's own words.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Where a sentence's own words start after a dateline ("OSLO, March 3. /Agency/.", "OSLO, March 3
/// (Agency) -- ", "Oslo, Norway - "): the dateline's place and date are the report's, not the
/// answer's.
pub fn after_dateline(text: &str, s: &Range<usize>) -> Range<usize> {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        let place = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}";
        let month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}";
        Regex::new(&format!(
            r"^\s*(?:{place},\s+{month}\.\s*/[^/]{{1,40}}/\.?|{place}(?:(?:,\s+{month})(?:\s*\([^)]{{1,40}}\))?|\s*\([^)]{{1,40}}\)|(?:,\s+{place})+)\s*[-–—]{{1,2}}\s|\(\d{{2}}\.\d{{2}}\.\d{{4}}\))\s*"
        ))
        .expect("pattern compiles")
    });
    match DATELINE.find(&text[s.clone()]) {
        Some(m) if s.start + m.end() < s.end => s.start + m.end()..s.end,
        _ => s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own_words(text: &str) -> &str {
        &text[after_dateline(text, &(0..text.len()))]
    }

    #[test]
    fn datelines_of_the_usual_forms_are_left_out() {
        for (text, own) in [
            (
                "OSLO, March 3. /Nordic Wire/. The port reopened.",
                "The port reopened.",
            ),
            (
                "BERGEN, Nov 21 (Example News) -- Ferries ran late.",
                "Ferries ran late.",
            ),
            (
                "Tromsø, Norway - The bridge was closed.",
                "The bridge was closed.",
            ),
            ("LA PAZ (Andes Wire) - Rain fell.", "Rain fell."),
            ("(03.04.2019) The vote was held.", "The vote was held."),
        ] {
            assert_eq!(own_words(text), own, "{text}");
        }
    }

    #[test]
    fn a_sentence_that_starts_with_a_name_keeps_it() {
        for text in [
            "Vatne said the work would take weeks.",
            "Norway and Iceland - old rivals - agreed.",
            "The Kolbey board met on Monday.",
        ] {
            assert_eq!(own_words(text), text);
        }
    }
}
