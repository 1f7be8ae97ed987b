//! Named events ("Krasnoyarsk summit", "San Francisco peace treaty", "2+2 meeting"): phrases a
//! user can pick from when asking `/when`.

use std::sync::LazyLock;

use regex::Regex;

/// Nouns that name an event or an agreement.
const EVENT_NOUNS: &str = "summit|treaty|declaration|charter|talks|meeting|commission|conference|visit|document|format|agreement";

static EVENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:)\b((?:[A-Z][\p{{L}}'’-]*\s+){{1,3}}(?:(?i:peace)\s+)?(?i:{EVENT_NOUNS})|\d\+\d\s+(?i:{EVENT_NOUNS})|\d{{4}}\s+(?i:{EVENT_NOUNS}))\b"
    ))
    .expect("event pattern compiles")
});

/// Words that start a sentence or a phrase rather than a name.
const NOT_A_NAME: [&str; 14] = [
    "The",
    "This",
    "That",
    "A",
    "An",
    "Last",
    "Next",
    "Another",
    "Such",
    "Thursday's",
    "Wednesday's",
    "Friday's",
    "Monday's",
    "Today's",
];

/// Event phrases in `text`, as written.
pub fn find(text: &str) -> Vec<String> {
    EVENT_RE
        .captures_iter(text)
        .filter_map(|c| {
            let phrase = c.get(1)?.as_str();
            let words: Vec<&str> = phrase.split_whitespace().collect();
            // Drop leading words that are not part of a name ("The", "Thursday's").
            let skip = words.iter().take_while(|w| NOT_A_NAME.contains(w)).count();
            let kept = &words[skip..];
            let named = kept
                .iter()
                .any(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
            (kept.len() >= 2 && named).then(|| kept.join(" "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_named_events() {
        let text = "Tamba hailed the Krasnoyarsk summit. It did not join the San Francisco peace treaty \
                    in 1951. A Russian-Japanese 2+2 meeting. The two countries signed a 1993 document. \
                    The commission will meet. The peace talks went on.";
        assert_eq!(
            find(text),
            [
                "Krasnoyarsk summit",
                "San Francisco peace treaty",
                "2+2 meeting",
                "1993 document"
            ]
        );
    }
}
