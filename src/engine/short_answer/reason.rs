//! "Why …?": the reason clause next to the event.

use std::sync::LazyLock;

use regex::Regex;

use super::*;

pub(super) static REASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(because(?:\s+of)?|since|due to|owing to|as a result of|in order to|so that|when)\s+")
        .expect("reason pattern compiles")
});

pub(super) fn reason(v: &View) -> Option<Found> {
    let event = v.event_clause()?;
    // "To try and determine …, scientists plan to return": a purpose fronted before the event.
    if v.toks.first().is_some_and(|t| t.text == "To") && event > 0 {
        let end = v.text.find([',', ';']).unwrap_or(v.text.len());
        let clause = v.text[..end].trim_end();
        let n = clause.split_whitespace().count();
        if (3..=18).contains(&n) {
            return Some(Found::plain(
                v.offset..v.offset + clause.len(),
                clause.to_string(),
                0.9,
            ));
        }
    }
    for m in REASON.find_iter(v.text) {
        let marker = m.as_str().trim().to_lowercase();
        let rest = &v.text[m.end()..];
        // "since 1956", "when in 1960": time, not a reason.
        if marker == "since"
            && rest.split_whitespace().next().is_some_and(|w| {
                w.chars().next().is_some_and(|c| c.is_ascii_digit())
                    || dates::is_time_word(&w.to_lowercase())
            })
        {
            continue;
        }
        let end = clause_end(rest);
        let clause = rest[..end].trim_end();
        // "Since that date, …": "since" gives a reason only with a verb after it; a time phrase
        // has none.
        let has_verb = clause.split_whitespace().any(|w| {
            let w = w.to_lowercase();
            matches!(
                w.as_str(),
                "is" | "are"
                    | "was"
                    | "were"
                    | "has"
                    | "have"
                    | "had"
                    | "did"
                    | "does"
                    | "do"
                    | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "not"
                    | "wants"
                    | "want"
                    | "said"
            ) || (w.len() > 4 && w.ends_with("ed"))
        });
        if marker == "since" && !has_verb {
            continue;
        }
        let start = v.offset + m.start();
        let c_at = v.clause_at(start + m.as_str().len())?;
        // The reason is its own clause, next to the event's, never the event itself.
        if c_at == event && marker != "because" && marker != "since" {
            continue;
        }
        if c_at.abs_diff(event) > 2 {
            continue;
        }
        let n = clause.split_whitespace().count();
        if !(2..=18).contains(&n) {
            continue;
        }
        let text = format!("{} {}", m.as_str().trim(), clause);
        let fit = if marker == "when" { 0.6 } else { 1.0 };
        return Some(Found {
            span: start..start + m.as_str().len() + clause.len(),
            value: text,
            written: None,
            yes: None,
            fit,
        });
    }
    None
}

/// Where a clause ends: a comma, semicolon or quotation mark, or a full stop that is not part of
/// an abbreviation ("U.S. troops").
fn clause_end(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    for (i, c) in rest.char_indices() {
        match c {
            ',' | ';' | '"' | '”' => return i,
            '.' => {
                let abbreviation = i > 0
                    && bytes[i - 1].is_ascii_uppercase()
                    && (i == 1 || !bytes[i - 2].is_ascii_alphabetic());
                if !abbreviation {
                    return i;
                }
            }
            _ => {}
        }
    }
    rest.len()
}

#[cfg(test)]
mod tests {
    use super::clause_end;

    #[test]
    fn a_clause_runs_past_abbreviations_to_its_comma() {
        let rest = "Oslo extended the stay of U.S. troops in Norway, the ministry said.";
        assert_eq!(
            &rest[..clause_end(rest)],
            "Oslo extended the stay of U.S. troops in Norway"
        );
        let rest = "prices rose. Then";
        assert_eq!(&rest[..clause_end(rest)], "prices rose");
    }
}
