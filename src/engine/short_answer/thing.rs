//! "What / which …?": a name, the phrase the focus noun names, or the words the question's verb takes.

use std::sync::LazyLock;

use regex::Regex;

use super::*;

/// Words that cannot end an answer ("relations between", "a training visit of").
pub(super) const NO_END: [&str; 22] = [
    "of", "the", "a", "an", "and", "or", "between", "to", "in", "on", "at", "by", "for", "with",
    "from", "that", "which", "its", "their", "his", "her", "as",
];
/// Words that cannot start an answer: a preposition's phrase is not a thing ("in 1951").
pub(super) const NO_START: [&str; 39] = [
    "of", "in", "on", "at", "by", "with", "between", "from", "into", "during", "until", "since",
    "after", "before", "then", "and", "near", "over", "under", "across", "through", "towards",
    "toward", "around", "against", "within", "has", "have", "had", "is", "are", "was", "were",
    "will", "would", "can", "could", "be", "been",
];

/// Words that say how much or how, never what: an answer of these alone is a fragment.
const DEGREE: [&str; 10] = [
    "very", "also", "still", "just", "even", "already", "more", "most", "much", "quite",
];

/// Whether a phrase is a fragment rather than an answer.
pub(super) fn is_fragment(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return true;
    };
    let to_what = first == "to"
        && text.split_whitespace().nth(1).is_none_or(|w| {
            w.starts_with(char::is_uppercase) || matches!(w, "the" | "a" | "an" | "its" | "their")
        });
    // "’ jurisdiction": a span that opens on a possessive's apostrophe or other mark began
    // inside a word.
    let opens_inside = text.trim_start().starts_with(|c: char| {
        !c.is_alphanumeric() && !matches!(c, '"' | '“' | '$' | '€' | '£' | '¥')
    });
    to_what
        || opens_inside
        || text.contains(['[', ']'])
        || NO_END.contains(&last.as_str())
        || NO_START.contains(&first.as_str())
        || words.iter().all(|w| {
            query::is_stopword(w)
                || dates::is_time_word(w)
                || w.ends_with("ly")
                || DEGREE.contains(&w.as_str())
        })
        || words.len() > 15
}

/// The phrase holds something the question does not.
pub(super) fn adds_to(q: &Question, text: &str) -> bool {
    query::content_words(text).iter().any(|w| {
        !q.text.to_lowercase().contains(&w.to_lowercase())
            && !dates::is_time_word(&w.to_lowercase())
    })
}

pub(super) fn thing(q: &Question, v: &View) -> Option<Found> {
    let ok = |f: Found| (!is_fragment(&f.value) && adds_to(q, &f.value)).then_some(f);
    // "What are the names of …?": the names listed, or no answer from this sentence.
    if q.names_asked && !crate::engine::sentence::lists_names(v.text) {
        return None;
    }
    // A question about a name is answered by a name the sentence gives, or not at all.
    // A question about a name is answered by a name the sentence gives, or by what the sentence
    // says its thing is ("the most important thing is to sign a peace deal"), or not at all.
    if q.naming {
        return named_as(v)
            .and_then(ok)
            .or_else(|| after_words(q, v, true).and_then(ok));
    }
    if let Some(focus) = &q.focus {
        if let Some(f) = focus_phrase(q, v, focus).and_then(ok) {
            return Some(f);
        }
    }
    if let Some(f) = gap(v).and_then(ok) {
        return Some(f);
    }
    after_words(q, v, false).and_then(ok)
}

/// "known in Japan as the Northern Territories", "which Japan calls the Northern Territories",
/// "called X": the name.
pub(super) fn named_as(v: &View) -> Option<Found> {
    // "what he called a "landmark" ruling": the quoted word after "called".
    static CALLED_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\b(?:call(?:ed|s)?|dubbed|termed|labell?ed)\s+(?:it\s+|them\s+|this\s+)?(?:a\s+|an\s+|the\s+)?["“]([^"”]{1,80})["”]"#)
            .expect("pattern compiles")
    });
    if let Some(m) = CALLED_QUOTE.captures(v.text).and_then(|c| c.get(1)) {
        if let Some(words) = describing_words(m.as_str()) {
            let start = v.offset + m.start();
            return Some(Found::plain(
                start..start + words.len(),
                words.to_string(),
                1.0,
            ));
        }
    }
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:\bknown(?:\s+in\s+[A-Z][\w-]*)?\s+as|\bwhich\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+calls|\bcalled|\bnamed|\bdubbed)\s+["“]?((?:the\s+)?(?:[A-Z][\p{L}’'-]*)(?:\s+(?:of\s+)?[A-Z][\p{L}’'-]*){0,4})"#).expect("pattern compiles")
    });
    let c = NAMED.captures(v.text)?;
    let m = c.get(1)?;
    let value = m.as_str().trim_start_matches("the ").to_string();
    let start = v.offset + m.start() + (m.as_str().len() - value.len());
    Some(Found {
        span: start..start + value.len(),
        value,
        written: None,
        yes: None,
        fit: 1.0,
    })
}

/// "the level of deputy foreign ministers", "the issue of the border near the Kuril Islands" (the
/// phrase after "FOCUS of"), or "the finance, agriculture and fishing industry ministries",
/// "the San Francisco peace treaty" (the words before the focus noun that say which).
pub(super) fn focus_phrase(q: &Question, v: &View, focus: &str) -> Option<Found> {
    // Of several mentions of the focus noun, the one named ("the San Francisco peace treaty")
    // beats a plain one ("a peace treaty").
    let mut named: Vec<(bool, usize, Found)> = Vec::new();
    for (i, t) in v.toks.iter().enumerate() {
        if t.stem != *focus {
            continue;
        }
        // FOCUS of X
        let after = v.between(t.at.end, v.offset + v.text.len());
        if let Some(rest) = after.strip_prefix(" of ") {
            let end = phrase_end(rest);
            let phrase = rest[..end].trim_end();
            let at = t.at.end + 4;
            if !phrase.is_empty() {
                return Some(Found::plain(at..at + phrase.len(), phrase.to_string(), 1.0));
            }
        }
        // modifiers FOCUS
        // A comma may stand inside a list before the noun ("the finance, agriculture and fishing
        // industry ministries"), so only when "and"/"or" follows it before the noun.
        let listed = |from: usize| {
            v.toks[from..i]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "and" | "or"))
        };
        let mut start = i;
        while start > 0 {
            let prev = &v.toks[start - 1];
            let gap = v.between(prev.at.end, v.toks[start].at.start);
            // "2+2 format", "Japan-Russia talks": joined words stay together.
            let joined = matches!(gap, "+" | "-" | "/");
            let gap_ok = gap.trim().is_empty() || joined || (gap.trim() == "," && listed(start));
            if matches!(
                prev.lower.as_str(),
                "which" | "who" | "that" | "includes" | "include"
            ) {
                break;
            }
            if !gap_ok
                || matches!(
                    prev.lower.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "from"
                        | "of"
                        | "to"
                        | "by"
                        | "in"
                        | "on"
                        | "at"
                        | "with"
                        | "this"
                        | "that"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "these"
                        | "those"
                )
                || (prev.matched && !prev.text.starts_with(char::is_uppercase))
                || prev.text.ends_with("'s")
                || prev.text.ends_with("’s")
                || prev.clause != t.clause && gap.trim() != ","
            {
                break;
            }
            start -= 1;
        }
        if start < i {
            let span = v.toks[start].at.start..t.at.end;
            let value = v.between(span.start, span.end).to_string();
            let modifiers = v.between(span.start, t.at.start);
            if adds_to(q, modifiers) {
                let capitalised = modifiers
                    .split_whitespace()
                    .any(|w| w.starts_with(char::is_uppercase));
                named.push((
                    capitalised,
                    modifiers.split_whitespace().count(),
                    Found {
                        span,
                        value,
                        written: None,
                        yes: None,
                        fit: 0.9,
                    },
                ));
            }
        }
    }
    named
        .into_iter()
        .max_by_key(|(cap, n, _)| (*cap, *n))
        .map(|(_, _, f)| f)
}

/// Where a noun phrase ends: at a clause end, or "and"/"which" starting a new clause.
pub(super) fn phrase_end(rest: &str) -> usize {
    static END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(\s+(?:because|since|which|while|although|though|so that|but|and that|when|where|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|and\s+\w+ing\b|and\s+(?:is|are|was|were|has|have|had)\b|remained|remains|is|are|was|were|will|would|has|have|had)\b|[,;:.!?\x22“”\[(]|\s+--\s+|\s+—\s+)")
            .expect("clause pattern compiles")
    });
    END.find(rest).map(|m| m.start()).unwrap_or(rest.len())
}

/// "dismissed hopes of [any major breakthrough]", "would create [the conditions for long-term
/// co-operation]": the words right after the run of the question's words that ends with its
/// last key word, after "is"/"as" or an opening quote.
pub(super) fn after_words(q: &Question, v: &View, copula_only: bool) -> Option<Found> {
    // After the question's last key word ("would create [X]?"), else after the last of its words
    // in the clause holding most of them ("by employing [X]").
    let last_term = q.terms.last()?;
    let event = v.event_clause()?;
    let mut ends: Vec<&Tok> = v
        .toks
        .iter()
        .filter(|t| t.matched && last_term.stems.contains(&t.stem))
        .collect();
    ends.extend(v.toks.iter().rev().find(|t| t.matched && t.clause == event));
    ends.into_iter()
        .find_map(|t| phrase_after(q, v, t, copula_only))
}

pub(super) fn phrase_after(
    q: &Question,
    v: &View,
    end_tok: &Tok,
    copula_only: bool,
) -> Option<Found> {
    let rest = v.between(end_tok.at.end, v.offset + v.text.len());
    let mut body = rest.trim_start();
    // "the board’s plan for …": after the question's word and its possessive, the thing.
    if let Some(b) = body
        .strip_prefix("’s ")
        .or_else(|| body.strip_prefix("'s "))
    {
        body = b;
    }
    if let Some(b) = copula(body) {
        body = b;
    } else if copula_only {
        return None;
    }
    body = body.strip_prefix("as ").unwrap_or(body);
    // "What are they based on?": the question's last preposition starts the sentence's phrase.
    if let Some(prep) = q.trailing_preposition.as_deref() {
        if let Some(b) = body.strip_prefix(prep).and_then(|b| b.strip_prefix(' ')) {
            body = b;
        }
    }
    let unquoted = body.trim_start_matches(['"', '“', '\'', ' ']);
    let quoted = unquoted.len() < body.len();
    let at = v.offset + v.text.len() - unquoted.len();
    let end = if quoted {
        unquoted
            .find(['"', '”'])
            .unwrap_or_else(|| phrase_end(unquoted))
    } else {
        phrase_end(unquoted)
    };
    let value = unquoted[..end]
        .trim_end()
        .trim_end_matches(['"', '”', '\'']);
    let n = value.split_whitespace().count();
    if !(1..=15).contains(&n) || is_fragment(value) || !adds_to(q, value) {
        return None;
    }
    Some(Found::plain(at..at + value.len(), value.to_string(), 0.8))
}

/// The words the question leaves out between its own: "signed [economic agreements] during their
/// Friday meeting". The stretch follows a key word written in lower case (a verb, usually), is
/// followed by another key word, and stays within one clause.
pub(super) fn gap(v: &View) -> Option<Found> {
    let toks = &v.toks;
    let mut best: Option<(usize, usize, usize)> = None;
    let mut i = 1;
    while i < toks.len() {
        let before = &toks[i - 1];
        if toks[i].matched || !before.matched || before.text.starts_with(char::is_uppercase) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < toks.len() && !toks[j].matched {
            j += 1;
        }
        if j < toks.len() {
            let crosses = toks[i - 1].clause != toks[j].clause;
            let all_stop = toks[i..j].iter().all(|t| query::is_stopword(&t.lower));
            let support = toks[j..].iter().take(4).filter(|t| t.matched).count()
                + toks[..i].iter().rev().take(4).filter(|t| t.matched).count();
            if !crosses && !all_stop && j - i <= 8 && best.is_none_or(|b| support > b.2) {
                best = Some((i, j, support));
            }
        }
        i = j;
    }
    let (a, b, support) = best?;
    // Trailing function words belong to the question's next words ("a training visit of").
    let mut end = b;
    while end > a + 1 && NO_END.contains(&toks[end - 1].lower.as_str()) {
        end -= 1;
    }
    let span = toks[a].at.start..toks[end - 1].at.end;
    Some(Found {
        value: v.between(span.start, span.end).to_string(),
        span,
        written: None,
        yes: None,
        fit: (0.4 + 0.1 * support as f32).min(0.8),
    })
}
