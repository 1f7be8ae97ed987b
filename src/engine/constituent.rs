//! Whether a short answer is a whole thing: the property every candidate must have before it is
//! stated on its own. A span that starts or ends inside a word, a hyphenated compound or a
//! number, or inside a quotation, is a piece of something; and for the kinds whose candidates are
//! phrases cut from a sentence (what, which, why), only a phrase with edges the text itself marks
//! is whole: a proper-noun phrase written in capitals from its first word to its last, words the
//! article puts in quotes, or a number with what it counts. Anything else is quoted as the
//! sentence it stands in, never stated as the answer.

use std::ops::Range;

use super::answer::AnswerKind;

/// Whether `span` of `text` may be stated as a short answer of `kind`.
pub fn is_whole(kind: AnswerKind, text: &str, span: &Range<usize>) -> bool {
    let Some(words) = text.get(span.clone()) else {
        return false;
    };
    if words.trim().is_empty() || !edges_clean(text, span) {
        return false;
    }
    match kind {
        // Typed by the register, the gazetteer, the date finder or a number with its unit.
        AnswerKind::Person
        | AnswerKind::Place
        | AnswerKind::Date
        | AnswerKind::Number
        | AnswerKind::Amount
        | AnswerKind::Duration
        | AnswerKind::YesNo => true,
        // Describing words are whole words; more than a few is a clause.
        AnswerKind::Description => quoted(text, span) || words.split_whitespace().count() <= 3,
        // A reason is a clause: the sentence says it.
        AnswerKind::Reason | AnswerKind::Other => false,
        AnswerKind::Thing => quoted(text, span) || proper_noun_phrase(text, span) || counted(words),
    }
}

/// The span neither starts nor ends inside a word, a hyphenated compound or a number.
fn edges_clean(text: &str, span: &Range<usize>) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let first = text[span.clone()].chars().next();
    let last = text[span.clone()].chars().next_back();
    // "3.5" cut at the point, "-based" cut from "Tokyo-based".
    let inside_number = |a: Option<char>, b: Option<char>| matches!((a, b), (Some(x), Some(y)) if (x == '.' || x == ',') && y.is_ascii_digit());
    let cut_word = before.is_some_and(joins) && first.is_some_and(joins)
        || after.is_some_and(joins) && last.is_some_and(joins);
    let hyphen_edge = first == Some('-') || last == Some('-');
    !cut_word
        && !hyphen_edge
        && !inside_number(after, text[span.end..].chars().nth(1))
        && !in_digit_groups(text, span)
}

/// "200 000" cut to "000" or "200": a number written with its thousands in groups of three after
/// a space is one number, and a span that starts or ends at a space inside it is a piece of it.
fn in_digit_groups(text: &str, span: &Range<usize>) -> bool {
    let group_of_three = |s: &str| {
        s.len() >= 3
            && s.as_bytes()[..3].iter().all(u8::is_ascii_digit)
            && !s.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
    };
    // A number's first group has one to three digits ("2015 112 days" is a year and a count).
    let leads = |s: &str| (1..=3).contains(&s.bytes().rev().take_while(u8::is_ascii_digit).count());
    let words = &text[span.clone()];
    let before = &text[..span.start];
    let after = &text[span.end..];
    let starts_a_group = group_of_three(words) && before.strip_suffix(' ').is_some_and(leads);
    let ends_before_a_group = leads(words) && after.strip_prefix(' ').is_some_and(group_of_three);
    starts_a_group || ends_before_a_group
}

/// Quotation marks that open and close a quote.
const QUOTES: [(char, char); 4] = [('"', '"'), ('“', '”'), ('‘', '’'), ('\'', '\'')];

/// The span is exactly what a pair of quotation marks encloses.
fn quoted(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end().chars().next_back();
    let after = text[span.end..].trim_start().chars().next();
    QUOTES
        .iter()
        .any(|&(open, close)| before == Some(open) && after == Some(close))
}

/// Small words a name may hold between its capitalised words ("Bank of Japan", "Treaty of San
/// Francisco").
const NAME_JOINERS: [&str; 7] = ["of", "and", "for", "the", "de", "on", "la"];

/// Every word of the span is capitalised (or a joiner inside a name), and no capitalised word
/// continues the name on either side: the whole proper-noun phrase, not a part of it.
fn proper_noun_phrase(text: &str, span: &Range<usize>) -> bool {
    let capital = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let words: Vec<&str> = text[span.clone()].split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if !capital(first) || !capital(last) {
        return false;
    }
    if !words
        .iter()
        .all(|w| capital(w) || NAME_JOINERS.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    // Figures alone ("1951") are no name: a year is a date, a count needs what it counts.
    if !words.iter().any(|w| w.starts_with(char::is_alphabetic)) {
        return false;
    }
    let before = text[..span.start].split_whitespace().next_back();
    let after = text[span.end..].split_whitespace().next();
    // A capitalised word just before may only be the sentence's first word.
    let sentence_start = text[..span.start]
        .trim_end()
        .strip_suffix(|c: char| c.is_alphanumeric() || c == '\'' || c == '’')
        .is_none();
    let continues_before = before.is_some_and(|w| {
        capital(w)
            && !w.ends_with([',', ';', ':', '.', ')'])
            && text[..span.start].ends_with(char::is_whitespace)
            && !sentence_start
    });
    let continues_after = after.is_some_and(capital)
        && !text[span.clone()].ends_with([',', ';', ':', '.'])
        && text[span.end..].starts_with(char::is_whitespace);
    // "the Treaty of [Lisbon]", "[Bank] of Japan": a name that runs on through "of".
    let mut left = text[..span.start].split_whitespace().rev();
    let of_before = left.next() == Some("of") && left.next().is_some_and(capital);
    let mut right = text[span.end..].split_whitespace();
    let of_after = !text[span.clone()].ends_with([',', ';', ':', '.'])
        && right.next() == Some("of")
        && right.next().is_some_and(capital);
    !continues_before && !continues_after && !of_before && !of_after
}

/// A number with what it counts ("43 miles", "three million voters").
fn counted(words: &str) -> bool {
    let ws: Vec<&str> = words.split_whitespace().collect();
    ws.len() >= 2 && ws.len() <= 5 && ws[0].chars().next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(kind: AnswerKind, text: &str, part: &str) -> bool {
        let start = text.find(part).expect("part is in text");
        is_whole(kind, text, &(start..start + part.len()))
    }

    #[test]
    fn a_phrase_cut_from_a_sentence_is_not_a_thing() {
        let s = "The harbour board hired a limited company from Cork to dredge the channel.";
        assert!(!whole(AnswerKind::Thing, s, "limited company"));
        assert!(!whole(AnswerKind::Thing, s, "board hired a"));
    }

    #[test]
    fn a_whole_proper_noun_phrase_is_a_thing_and_a_part_of_one_is_not() {
        let s = "The work went to Harbour Dredging Services of Cork last spring.";
        assert!(whole(
            AnswerKind::Thing,
            s,
            "Harbour Dredging Services of Cork"
        ));
        assert!(!whole(AnswerKind::Thing, s, "Dredging Services"));
        assert!(!whole(AnswerKind::Thing, s, "Harbour Dredging"));
        assert!(!whole(AnswerKind::Thing, s, "Cork"));
        assert!(!whole(AnswerKind::Thing, s, "Harbour Dredging Services"));
    }

    #[test]
    fn a_year_after_a_name_is_part_of_the_name_not_a_thing() {
        let s = "Both sides cite the Lisbon Accord of 1911, which set the border.";
        assert!(!whole(AnswerKind::Thing, s, "1911"));
        assert!(whole(AnswerKind::Thing, s, "Lisbon Accord of 1911"));
    }

    #[test]
    fn quoted_words_are_whole() {
        let s = "The minister called the plan \"a bridge too far\" on Monday.";
        assert!(whole(AnswerKind::Thing, s, "a bridge too far"));
        assert!(whole(AnswerKind::Description, s, "a bridge too far"));
    }

    #[test]
    fn a_span_inside_a_word_a_compound_or_a_number_is_not_whole() {
        let s = "A Lisbon-based firm paid 3.5 million for the pier.";
        assert!(!whole(AnswerKind::Place, s, "Lisbon"));
        assert!(!whole(AnswerKind::Number, s, "3"));
        assert!(!whole(AnswerKind::Thing, s, "based firm"));
        assert!(whole(AnswerKind::Number, s, "3.5 million"));
    }

    #[test]
    fn a_piece_of_a_number_grouped_by_spaces_is_not_whole() {
        let s = "Nearly 350 000 visitors came, and 12 ships docked in 2015 112 days apart.";
        assert!(!whole(AnswerKind::Number, s, "000 visitors"));
        assert!(!whole(AnswerKind::Number, s, "350"));
        assert!(whole(AnswerKind::Number, s, "350 000 visitors"));
        assert!(whole(AnswerKind::Number, s, "12 ships"));
    }

    #[test]
    fn a_reason_is_never_stated_alone() {
        let s = "The ferry stopped because the storm closed the port.";
        assert!(!whole(AnswerKind::Reason, s, "the storm closed the port"));
    }

    #[test]
    fn a_number_with_what_it_counts_is_a_thing() {
        let s = "The line will run 43 miles under the desert.";
        assert!(whole(AnswerKind::Thing, s, "43 miles"));
    }
}
