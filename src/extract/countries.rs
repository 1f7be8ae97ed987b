//! Countries and international bodies by the words news copy uses for them ("Russian", "the
//! Kremlin", "U.S.", "UN"), read from `config/countries.toml`, which is built into the binary.
//! `/ask` uses them so that a role's country must be the one a question names, and the name
//! finder so that "Russian" or "the Kremlin" never starts or ends a person's name.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// A country or body, as its index in the table: cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountryId(usize);

#[derive(Deserialize)]
struct File {
    country: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    words: Vec<String>,
}

/// The table: each name with its words, split into lower-case words for matching.
struct Table {
    names: Vec<String>,
    /// (words of one phrase, lower case, possessive dropped; the country), longest first.
    phrases: Vec<(Vec<String>, CountryId)>,
    /// First word of a phrase → the phrases it starts (positions in `phrases`, longest first):
    /// every word of every role and question is looked up here.
    by_first: HashMap<String, Vec<usize>>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let file: File = toml::from_str(include_str!("../../config/countries.toml"))
        .expect("config/countries.toml is valid (checked by a unit test)");
    let mut phrases = Vec::new();
    let mut names = Vec::new();
    for (i, e) in file.country.into_iter().enumerate() {
        for w in &e.words {
            phrases.push((fold_words(w), CountryId(i)));
        }
        names.push(e.name);
    }
    phrases.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (words, _)) in phrases.iter().enumerate() {
        by_first.entry(words[0].clone()).or_default().push(i);
    }
    Table {
        names,
        phrases,
        by_first,
    }
});

/// Builds the table now if it is not yet built (see [`crate::warm_up`]); the countries in it.
pub fn load() -> usize {
    TABLE.names.len()
}

/// Lower-case words of `text`, with a possessive ending dropped, dots kept inside ("u.s.").
pub fn fold_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '/')
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            w.trim_end_matches('.')
                .to_lowercase()
                .replace(['’', '\''], "")
        })
        .filter(|w| !w.is_empty())
        .collect()
}

impl CountryId {
    /// The country's name, e.g. "United States".
    pub fn name(self) -> &'static str {
        &TABLE.names[self.0]
    }
}

/// The country a run of folded words names at `at` (e.g. "united", "states"), with how many words
/// it takes. Short forms written in capitals only ("US", "UN") must be capitalised in the text,
/// so the pronoun "us" is not a country.
pub fn at(words: &[String], originals: &[&str], at: usize) -> Option<(CountryId, usize)> {
    let starting = TABLE.by_first.get(words.get(at)?)?;
    starting.iter().find_map(|&i| {
        let (phrase, id) = &TABLE.phrases[i];
        let n = phrase.len();
        let fits = words.len() >= at + n && words[at..at + n] == phrase[..];
        let capital_ok = n > 1
            || phrase[0].len() > 3
            || originals
                .get(at)
                .is_some_and(|o| o.chars().next().is_some_and(char::is_uppercase));
        (fits && capital_ok).then_some((*id, n))
    })
}

/// The country `text` names as a whole ("the Soviet Union", "Japan"), if it is one and no more.
pub fn whole(text: &str) -> Option<CountryId> {
    let text = text.strip_prefix("the ").unwrap_or(text);
    let originals: Vec<&str> = text.split_whitespace().collect();
    let words = fold_words(text);
    at(&words, &originals, 0).and_then(|(id, n)| (n == words.len()).then_some(id))
}

/// Every country `text` names, in order of appearance.
pub fn in_text(text: &str) -> Vec<CountryId> {
    let originals: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '/')
        .filter(|w| {
            !w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
                .is_empty()
        })
        .collect();
    let words = fold_words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match at(&words, &originals, i) {
            Some((id, n)) => {
                out.push(id);
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// The single words that name a country ("Russia", "Russian", "Moscow", "Kremlin").
pub fn words_of(id: CountryId) -> impl Iterator<Item = &'static str> {
    TABLE
        .phrases
        .iter()
        .filter(move |(p, c)| *c == id && p.len() == 1)
        .map(|(p, _)| p[0].as_str())
}

/// The country of one folded word alone ("russian" → Russia), for matching a question's word
/// against a sentence's ("Russia" asked, "Russian" written).
pub fn of_word(word: &str) -> Option<CountryId> {
    let folded = fold_words(word);
    if folded.len() != 1 {
        return None;
    }
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    TABLE.by_first.get(&folded[0])?.iter().find_map(|&i| {
        let (p, id) = &TABLE.phrases[i];
        (p.len() == 1 && (p[0].len() > 3 || capitalised)).then_some(*id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&'static str> {
        in_text(text).into_iter().map(CountryId::name).collect()
    }

    #[test]
    fn a_whole_country_is_its_name_and_no_more() {
        assert_eq!(
            whole("the Soviet Union").map(CountryId::name),
            Some("Russia")
        );
        assert_eq!(whole("Japan").map(CountryId::name), Some("Japan"));
        assert_eq!(whole("Japan's coast"), None);
        assert_eq!(whole("Skarvik"), None);
    }

    #[test]
    fn finds_countries_by_name_adjective_short_form_and_seat() {
        assert_eq!(names("China's foreign minister"), ["China"]);
        assert_eq!(names("the U.S. Secretary of State"), ["United States"]);
        assert_eq!(names("a Kremlin spokesman"), ["Russia"]);
        assert_eq!(
            names("Norwegian and Icelandic officials"),
            ["Norway", "Iceland"]
        );
        assert_eq!(names("the UN Secretary-General"), ["United Nations"]);
        assert_eq!(names("South Korean troops"), ["South Korea"]);
    }

    #[test]
    fn the_pronoun_us_is_not_a_country() {
        assert!(names("he told us about it").is_empty());
        assert_eq!(of_word("Russian"), of_word("Russia"));
        assert_eq!(of_word("us"), None);
    }
}
