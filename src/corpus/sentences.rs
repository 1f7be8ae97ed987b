//! Sentence boundaries inside a paragraph, so excerpts can be cut at whole sentences.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

/// Fragments with fewer ordinary (lower-case) words than this, such as the dateline
/// "MOSCOW, October 8. /TASS/.", are joined to the sentence that follows, so an excerpt never
/// starts or ends on one.
const MIN_WORDS: usize = 3;

/// Abbreviations written before a name ("Sen. Ana Ruiz", "St. Petersburg"): a full stop after
/// one ends no sentence when a capitalised word follows. These are the English titles and
/// place-name prefixes style guides abbreviate before a name; none of them ends a sentence in news
/// copy.
const BEFORE_NAME: [&str; 33] = [
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Sen", "Sens", "Rep", "Reps", "Gov", "Govs", "Gen",
    "Lt", "Col", "Capt", "Sgt", "Cpl", "Pvt", "Adm", "Maj", "Cmdr", "Cdr", "Rev", "Hon", "Pres",
    "Supt", "Det", "Insp", "Fr", "St", "Mt", "Ft",
];

/// Abbreviations written before a number ("Feb. 8", "No. 2"): a full stop after one ends no
/// sentence when a digit follows.
const BEFORE_NUMBER: [&str; 17] = [
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No",
    "Nos", "Art", "Vol", "Para",
];

/// Words that open an English sentence after a country's or a body's initials ("… to the U.S. The
/// talks …"): determiners, pronouns, conjunctions and the prepositions a sentence starts with. Any
/// other capitalised word after dotted initials is taken to go on the sentence ("the U.S. Navy",
/// "the new U.S. President, …"): joining two sentences keeps both whole, while a wrong split
/// leaves a fragment.
const AFTER_INITIALS_OPENERS: [&str; 52] = [
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "as",
    "for",
    "after",
    "before",
    "when",
    "while",
    "if",
    "since",
    "although",
    "however",
    "meanwhile",
    "there",
    "some",
    "many",
    "most",
    "no",
    "one",
    "what",
    "why",
    "how",
    "who",
    "during",
    "by",
    "with",
];

/// Byte ranges of the sentences of `text`, trailing white space excluded.
///
/// Uses the Unicode sentence-boundary rules (UAX #29), which already keep "U.S. troops" whole;
/// a boundary after an abbreviation that stands before a name or a number ("Sen. Ana Ruiz",
/// "Feb. 8", "John F. Kennedy"), which UAX #29 cannot tell from a sentence's end, is not kept;
/// fragments too short to stand alone are merged into the next sentence.
pub fn split(text: &str) -> Vec<Range<usize>> {
    unicode_sentences(text)
        .into_iter()
        .flat_map(|r| at_dashed_stops(text, r))
        .collect()
}

/// A full stop (or "?", "!", a closing quote after one) written straight before a dash and then a
/// capital ("… the summaries.- The groups …", "… to Morocco.-The account …"), as texts whose line
/// breaks were flattened into dashes write a paragraph's end: UAX #29 sees no boundary there, as
/// no space follows the stop.
static DASHED_STOP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[.!?]["”’]?(-[\s\u{a0}]*)\p{Lu}"#).expect("a valid pattern"));

/// `range` of `text` cut after each dashed stop (see [`DASHED_STOP`]) where both sides are long
/// enough to stand alone; the dash belongs to neither side.
fn at_dashed_stops(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = range.start;
    for m in DASHED_STOP.captures_iter(&text[range.clone()]) {
        let dash = m.get(1).expect("the pattern has a group");
        let (end, next) = (range.start + dash.start(), range.start + dash.end());
        if ordinary_words(&text[from..end]) >= MIN_WORDS
            && ordinary_words(&text[next..range.end]) >= MIN_WORDS
        {
            out.push(from..end);
            from = next;
        }
    }
    out.push(from..range.end);
    out
}

/// Byte ranges of the sentences by UAX #29 and the abbreviations above.
fn unicode_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let pieces: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
    for (i, &(idx, piece)) in pieces.iter().enumerate() {
        let from = *start.get_or_insert(idx);
        end = idx + piece.trim_end().len();
        let next = pieces.get(i + 1).map_or("", |(_, p)| *p);
        if ordinary_words(&text[from..end]) >= MIN_WORDS && !abbreviation_before(piece, next) {
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

/// Whether `piece` ends with an abbreviation that the start of `next` shows to be inside a
/// sentence: a title or an initial ("F.") before a capitalised word, dotted initials ("U.S.")
/// before a capitalised word that does not open a sentence, or a month or "No." before a digit.
fn abbreviation_before(piece: &str, next: &str) -> bool {
    let Some(word) = piece.trim_end().strip_suffix('.') else {
        return false;
    };
    let word = word
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let Some(first) = next.chars().next() else {
        return false;
    };
    let initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
    (first.is_uppercase() && (initial || BEFORE_NAME.contains(&word)))
        || (first.is_uppercase() && dotted_initials(word) && !opens_a_sentence(next))
        || (first.is_ascii_digit() && BEFORE_NUMBER.contains(&word))
}

/// Whether `word` (its last full stop taken off) is two or more dotted capital initials: "U.S",
/// "U.N", "E.U".
fn dotted_initials(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// Whether the piece `next` starts with a word that opens a sentence (see
/// [`AFTER_INITIALS_OPENERS`]).
fn opens_a_sentence(next: &str) -> bool {
    let word: String = next
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .collect();
    AFTER_INITIALS_OPENERS.contains(&word.to_lowercase().as_str())
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
    fn a_title_an_initial_or_a_month_before_its_word_ends_no_sentence() {
        let text = "The bill was backed by Sen. Mara Quist and Gov. Ode Lint. The vote fell on \
                    Nov. 14, 2019, after a long debate. Ruth B. Aldo wrote the report. It ran to \
                    No. 3 in the charts. She left at 5 p.m. Then it rained.";
        assert_eq!(
            sentences(text),
            [
                "The bill was backed by Sen. Mara Quist and Gov. Ode Lint.",
                "The vote fell on Nov. 14, 2019, after a long debate.",
                "Ruth B. Aldo wrote the report.",
                "It ran to No. 3 in the charts.",
                "She left at 5 p.m.",
                "Then it rained."
            ]
        );
        // A month or a title at a sentence's end, before a word that is not a name or a
        // number, still ends it.
        assert_eq!(
            sentences("The deal was signed in Dec. Officials cheered the news. He said no. Three people left."),
            ["The deal was signed in Dec.", "Officials cheered the news.", "He said no.", "Three people left."]
        );
    }

    #[test]
    fn dotted_initials_end_a_sentence_only_before_a_word_that_opens_one() {
        let text = "Talks with the new U.N. Envoy, Hal Bere, open on Monday in Oslo, the E.U. \
                    Council said. Trade fell by a third in the U.K. The talks stalled. Prices rose \
                    in the U.S. Meanwhile, rates held.";
        assert_eq!(
            sentences(text),
            [
                "Talks with the new U.N. Envoy, Hal Bere, open on Monday in Oslo, the E.U. Council said.",
                "Trade fell by a third in the U.K.",
                "The talks stalled.",
                "Prices rose in the U.S.",
                "Meanwhile, rates held."
            ]
        );
    }

    #[test]
    fn a_stop_written_before_a_dash_ends_a_sentence() {
        let text = "The levy was cut by a third.- The mill reopened on Monday. Its owners \
                    left for Oslo.-Their buyer said so. A well-known mill-owner stayed.";
        assert_eq!(
            sentences(text),
            [
                "The levy was cut by a third.",
                "The mill reopened on Monday.",
                "Its owners left for Oslo.",
                "Their buyer said so.",
                "A well-known mill-owner stayed."
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
