//! Sentence boundaries inside a paragraph, so excerpts can be cut at whole sentences.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Fragments with fewer ordinary (lower-case) words than this, such as the dateline
/// "MOSCOW, October 8. /TASS/.", are joined to the sentence that follows, so an excerpt never
/// starts or ends on one.
const MIN_WORDS: usize = 3;

/// Byte ranges of the sentences of `text`, trailing white space excluded.
///
/// Uses the Unicode sentence-boundary rules (UAX #29), which already keep "U.S. troops" whole;
/// fragments too short to stand alone are merged into the next sentence.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    for (idx, piece) in text.split_sentence_bound_indices() {
        let from = *start.get_or_insert(idx);
        end = idx + piece.trim_end().len();
        if ordinary_words(&text[from..end]) >= MIN_WORDS {
            out.push(from..end);
            start = None;
        }
    }
    if let Some(from) = start {
        match out.last_mut() {
            Some(last) => last.end = end,
            None if end > from => out.push(from..end),
            None => {}
        }
    }
    out
}

fn ordinary_words(s: &str) -> usize {
    s.unicode_words()
        .filter(|w| w.chars().any(char::is_lowercase))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_and_keeps_abbreviations_and_datelines_whole() {
        let text = "MOSCOW, October 8. /TASS/. Another round will be held. U.S. troops stayed in Japan. He did not elaborate.";
        assert_eq!(
            sentences(text),
            [
                "MOSCOW, October 8. /TASS/. Another round will be held.",
                "U.S. troops stayed in Japan.",
                "He did not elaborate."
            ]
        );
    }

    #[test]
    fn a_short_tail_joins_the_last_sentence() {
        assert_eq!(
            sentences("It was a long day. Yes."),
            ["It was a long day. Yes."]
        );
        assert!(split("").is_empty());
    }
}
