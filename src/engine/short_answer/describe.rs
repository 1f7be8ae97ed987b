//! "How did X describe Y?": the quoted or describing words after what is described.

use std::sync::LazyLock;

use regex::Regex;

use super::*;

/// A quotation: straight or curly double quotes.
pub(super) static QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""([^"]{2,200})"|“([^”]{2,200})”"#).expect("quote pattern compiles")
});

/// Words from a quotation or a describing phrase, cut at an ellipsis or a clause end, 1–12 words.
pub(super) fn describing_words(text: &str) -> Option<&str> {
    let cut = text
        .find(" ...")
        .or_else(|| text.find('…'))
        .or_else(|| text.find("..."))
        .unwrap_or(text.len());
    let t = text[..cut].trim().trim_end_matches([',', '.', ';', ':']);
    let n = t.split_whitespace().count();
    if (1..=12).contains(&n) {
        Some(t)
    } else {
        let short = t.split([',', ';']).next()?.trim();
        (1..=12)
            .contains(&short.split_whitespace().count())
            .then_some(short)
    }
}

pub(super) fn description(v: &View, sup: &Support) -> Option<Found> {
    // "hailed the summit as "a watershed …"", "described the talks as constructive", "were
    // "still big"": the words after the question's, after "as" or a copula.
    for m in &sup.matches {
        let after = v.between(m.end, v.offset + v.text.len());
        let t = after.trim_start();
        let skipped = after.len() - t.len();
        let Some(b) = t
            .strip_prefix("as ")
            .or_else(|| copula(t))
            .map(str::trim_start)
        else {
            continue;
        };
        // "was sacked by Leicester City" is the passive of an event, not a description.
        let first = b.split_whitespace().next().unwrap_or("");
        if !b.starts_with(['"', '“'])
            && first.ends_with("ed")
            && first.starts_with(char::is_lowercase)
        {
            continue;
        }
        let b_at = m.end + skipped + (t.len() - b.len());
        let inner = b.trim_start_matches(['"', '“']);
        let inner_at = b_at + (b.len() - inner.len());
        let end = if inner.len() < b.len() {
            inner.find(['"', '”']).unwrap_or(inner.len())
        } else {
            phrase_end(inner)
        };
        if let Some(words) = describing_words(&inner[..end]) {
            if !is_fragment(words) {
                return Some(Found::plain(
                    inner_at..inner_at + words.len(),
                    words.to_string(),
                    1.0,
                ));
            }
        }
    }
    // Otherwise a quotation right after what is described (a key word that is not a name, within
    // six words before it, in its clause).
    for c in QUOTE.captures_iter(v.text) {
        let m = c.get(1).or_else(|| c.get(2)).expect("one group");
        let at = v.offset + m.start();
        let Some(clause) = v.clause_at(at) else {
            continue;
        };
        let described = v
            .toks
            .iter()
            .filter(|t| t.at.end <= at)
            .rev()
            .take(6)
            .any(|t| t.matched && t.clause == clause && !t.text.starts_with(char::is_uppercase));
        if !described {
            continue;
        }
        if let Some(words) = describing_words(m.as_str()) {
            return Some(Found::plain(at..at + words.len(), words.to_string(), 0.7));
        }
    }
    None
}

pub(super) fn copula(t: &str) -> Option<&str> {
    static COPULA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:is|was|are|were|would be|will be|has been|have been|remains|remained|became)\s+",
        )
        .expect("pattern compiles")
    });
    COPULA.find(t).map(|m| &t[m.end()..])
}
