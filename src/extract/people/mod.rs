//! People: full names found by their shape, the titles and descriptions the text gives them,
//! and later mentions by surname; one person across all articles. What is never a person's name:
//! a word class of titles and function words (`word_class.rs`), the gazetteer's places,
//! countries and outlets (`not_names.rs`), and what is no name by where it stands
//! and how the batch writes its words (`fit.rs`, counts in `vocabulary.rs`); `register.rs` merges
//! people across articles and finds their later mentions.

mod fit;
mod not_names;
mod register;
mod title;
mod vocabulary;
mod word_class;

pub use not_names::NotNames;
pub use register::{find_mentions, merge, register, PeopleMatcher, Person, RoleRecord};
pub use title::title_country;
pub use vocabulary::Vocabulary;
use word_class::NOT_NAMES;
pub use word_class::OFFICE_TITLES;

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::corpus::ServerId;

/// Which side of the dispute a person speaks for, when the text says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Russia (or the Soviet Union).
    Russia,
    /// Japan.
    Japan,
}

impl Side {
    /// The country's name.
    pub fn country(self) -> &'static str {
        match self {
            Side::Russia => "Russia",
            Side::Japan => "Japan",
        }
    }

    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Russia => Side::Japan,
            Side::Japan => Side::Russia,
        }
    }

    /// The side a word names: "Russian", "Japan's", "Soviet", "the Kremlin", … — the words
    /// `config/countries.toml` gives the two countries.
    pub fn from_word(word: &str) -> Option<Side> {
        let w = word.trim_end_matches("'s").trim_end_matches("’s");
        match super::countries::of_word(w)?.name() {
            "Russia" => Some(Side::Russia),
            "Japan" => Some(Side::Japan),
            _ => None,
        }
    }
}

/// A person named in one paragraph.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PersonMention {
    /// The person's id (see [`person_id`]).
    pub person: String,
    /// Byte range in the paragraph.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The words as written.
    pub text: String,
}

/// A title or description the text gives a person where it names them in full.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RoleFound {
    /// The role as written, e.g. "Russia's Deputy Foreign Minister".
    pub role: String,
    /// The side the role's words name, if any.
    pub side: Option<Side>,
    /// Byte range of the full name it belongs to.
    pub name_start: usize,
}

/// A full name found in a paragraph, before people are merged across articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameFound {
    /// The full name as written.
    pub name: String,
    /// Byte range.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Role words before or after the name.
    pub role: Option<String>,
    /// Side from the role or an "of Russia" after the name.
    pub side: Option<Side>,
    /// The role came from a plural ("foreign ministers X and Y"), so a coordinated name shares it.
    pub role_is_plural: bool,
    /// The role says "counterpart": of the previous person named in the sentence.
    pub counterpart: bool,
    /// The role is a title written right before the name ("Coach Ingrid Halvorsen"), the
    /// surest sign of a person.
    pub titled: bool,
}

/// The stable id of a person: their full name, folded.
pub fn person_id(full_name: &str) -> String {
    full_name
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// Words that make a phrase a role: "Foreign Minister", "special envoy", "head of …".
const ROLE_HEADS: [&str; 22] = [
    "president",
    "minister",
    "ministers",
    "envoy",
    "ambassador",
    "secretary",
    "premier",
    "chairman",
    "emperor",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "leader",
    "leaders",
    "head",
    "chief",
    "counterpart",
    "diplomat",
    "adviser",
    "advisor",
    "director",
];

/// Words allowed in a title written before a name ("Russia's Deputy Foreign Minister").
const TITLE_WORDS: [&str; 16] = [
    "deputy", "foreign", "prime", "defense", "defence", "vice", "first", "chief", "cabinet",
    "state", "senior", "top", "former", "special", "then", "acting",
];

/// What [`words`] finds, as a pattern.
#[cfg(test)]
const WORD_PATTERN: &str = r"[\p{L}][\p{L}\p{M}'’\-]*";

/// A letter outside ASCII (`\p{L}`).
static NON_ASCII_LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A\p{L}\z").expect("letter pattern compiles"));

/// A letter or combining mark outside ASCII (`[\p{L}\p{M}]`), or a curly apostrophe.
static NON_ASCII_WORD_CHAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A[\p{L}\p{M}’]\z").expect("word pattern compiles"));

fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        NON_ASCII_LETTER.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

fn continues_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '\'' || c == '-'
    } else {
        NON_ASCII_WORD_CHAR.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

impl Word<'_> {
    /// The word without a possessive ending.
    fn bare(&self) -> &str {
        self.text
            .strip_suffix("'s")
            .or_else(|| self.text.strip_suffix("’s"))
            .unwrap_or(self.text)
    }

    fn lower(&self) -> String {
        self.bare().to_lowercase()
    }

    fn is_capitalised(&self) -> bool {
        let mut chars = self.bare().chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        first_upper && chars.any(char::is_lowercase)
    }

    /// See [`particle_surname`]; the surname must also be no place or country word.
    fn is_particle_name(&self) -> bool {
        particle_surname(self.bare()).is_some_and(|rest| {
            Word {
                text: rest,
                start: 0,
                end: rest.len(),
            }
            .could_be_name()
        })
    }

    fn could_be_name(&self) -> bool {
        self.is_capitalised()
            && !self.bare().split('-').any(|part| {
                NOT_NAMES.contains(part.to_lowercase().as_str())
                    || crate::corpus::partial_date::is_calendar_word(part)
            })
    }
}

/// A surname after a short lower-case particle and a hyphen ("al-Hariri", "el-Baz"): the
/// capitalised surname. Such a word continues a name, never starts one ("ex-Soviet" is no name).
pub fn particle_surname(word: &str) -> Option<&str> {
    let (particle, rest) = word.split_once('-')?;
    let particle_ok =
        (1..=3).contains(&particle.chars().count()) && particle.chars().all(char::is_lowercase);
    (particle_ok && rest.starts_with(char::is_uppercase)).then_some(rest)
}

/// The words of `text`, as [`WORD_PATTERN`] matches them: a letter, then letters, combining
/// marks, apostrophes and hyphens. Scanned by hand, with the regex engine asked only about
/// characters outside ASCII: this runs over every paragraph twice, and a regex search per word
/// was a tenth of ingest time.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_letter(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if !continues_word(c) {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        out.push(Word {
            text: &text[start..end],
            start,
            end,
        });
    }
    out
}

/// Only white space (no punctuation) lies between two words.
fn adjacent(text: &str, a: &Word, b: &Word) -> bool {
    text[a.end..b.start].chars().all(char::is_whitespace)
        && !a.text.ends_with("'s")
        && !a.text.ends_with("’s")
}

/// Finds full names (two to four capitalised words) in one sentence, with their roles.
pub fn find_full_names(sentence: &str, offset: usize) -> Vec<NameFound> {
    let ws = words(sentence);
    let mut out: Vec<NameFound> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].could_be_name() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < ws.len()
            && j - i < 3
            && (ws[j + 1].could_be_name() || ws[j + 1].is_particle_name())
            && adjacent(sentence, &ws[j], &ws[j + 1])
        {
            j += 1;
        }
        if j > i {
            let start = ws[i].start;
            let end = ws[j].start + ws[j].bare().len();
            let mut found = NameFound {
                name: sentence[start..end].to_string(),
                start: start + offset,
                end: end + offset,
                role: None,
                side: None,
                role_is_plural: false,
                counterpart: false,
                titled: false,
            };
            title_before(sentence, &ws, i, &mut found);
            found.titled = found.role.is_some();
            if found.role.is_none() {
                apposition_after(sentence, end, &mut found);
            }
            side_after(sentence, end, &mut found);
            coordinate_with_previous(sentence, &ws, i, &out, &mut found);
            out.push(found);
        }
        i = j + 1;
    }
    out
}

/// "Russia's Deputy Foreign Minister Grigory Karasin", "his Japanese counterpart, Minoru Tamba".
fn title_before(sentence: &str, ws: &[Word], name_at: usize, found: &mut NameFound) {
    let mut k = name_at;
    let mut first = None;
    let mut has_head = false;
    while k > 0 {
        let w = &ws[k - 1];
        let between = &sentence[w.end..ws[k].start];
        // A comma may stand between a description and the name it describes, nothing else may.
        let gap_ok = between.trim().is_empty() || (k == name_at && between.trim() == ",");
        let lower = w.lower();
        let is_head = ROLE_HEADS.contains(&lower.as_str());
        let is_title = TITLE_WORDS.contains(&lower.as_str());
        // Any country's word ends a title ("his Turkish counterpart", "US Defense Secretary"):
        // kept in the role, so a third country's official is not read as either side's.
        let is_side = names_a_country(w.text)
            && (w.text.starts_with(char::is_uppercase) || w.text.contains('\''));
        if !gap_ok || !(is_head || is_title || is_side) {
            break;
        }
        has_head |= is_head;
        first = Some(k - 1);
        k -= 1;
        if is_side {
            break;
        }
    }
    let Some(first) = first.filter(|_| has_head) else {
        return;
    };
    let last = ws[name_at - 1].end;
    let role = sentence[ws[first].start..last]
        .trim_end_matches(',')
        .trim()
        .to_string();
    let lower = role.to_lowercase();
    found.role_is_plural = lower.ends_with("ministers") || lower.ends_with("leaders");
    found.counterpart = lower.ends_with("counterpart");
    found.side = ws[first..name_at]
        .iter()
        .find_map(|w| Side::from_word(w.text));
    found.role = Some(singular(&role));
}

/// Whether a word names a country ("Turkish", "Japan's", "US").
fn names_a_country(word: &str) -> bool {
    let w = word.trim_end_matches("'s").trim_end_matches("’s");
    super::countries::of_word(w).is_some()
}

/// Whether a role names a country in its words before "of" ("US counterpart of …"): the
/// counterpart of one side's person whose own country is named is of that country, not the other
/// side.
pub fn role_names_a_country(role: &str) -> bool {
    let own = role.split(" of ").next().unwrap_or(role);
    own.split_whitespace().any(|w| {
        names_a_country(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
    })
}

/// "Chikahito Harada, Japan's special envoy for Japan-Russia relations, and …".
fn apposition_after(sentence: &str, name_end: usize, found: &mut NameFound) {
    let rest = &sentence[name_end..];
    let Some(rest) = rest.strip_prefix(", ") else {
        return;
    };
    let stop = rest
        .find([',', '.', ';', '(', '"', '“'])
        .unwrap_or(rest.len());
    let phrase = rest[..stop].trim();
    let ws = words(phrase);
    if ws.is_empty() || ws.len() > 12 {
        return;
    }
    let heads_early = ws.iter().take(5).any(|w| {
        ROLE_HEADS.contains(&w.lower().as_str()) && !w.is_capitalised() || w.lower() == "head"
    });
    let starts_ok = ws[0].lower() == "the"
        || ws[0].lower() == "a"
        || Side::from_word(ws[0].text).is_some()
        || TITLE_WORDS.contains(&ws[0].lower().as_str());
    if !(heads_early && starts_ok) {
        return;
    }
    let role = phrase
        .strip_prefix("the ")
        .or_else(|| phrase.strip_prefix("a "))
        .unwrap_or(phrase);
    found.side = ws.iter().take(2).find_map(|w| Side::from_word(w.text));
    found.role = Some(role.to_string());
}

/// "Yevgeny Primakov of Russia".
fn side_after(sentence: &str, name_end: usize, found: &mut NameFound) {
    let rest = sentence[name_end..].trim_start();
    if let Some(after_of) = rest.strip_prefix("of ") {
        let word: String = after_of.chars().take_while(|c| c.is_alphabetic()).collect();
        if let Some(side) = Side::from_word(&word) {
            found.side = found.side.or(Some(side));
        }
    }
}

/// "foreign ministers Yevgeny Primakov of Russia and Keizo Obuchi of Japan": Obuchi shares the role.
fn coordinate_with_previous(
    sentence: &str,
    ws: &[Word],
    name_at: usize,
    earlier: &[NameFound],
    found: &mut NameFound,
) {
    if found.role.is_some() || name_at == 0 || ws[name_at - 1].lower() != "and" {
        return;
    }
    let Some(prev) = earlier.last() else {
        return;
    };
    let offset = found.start - ws[name_at].start;
    let and_start = ws[name_at - 1].start;
    // Only a short tail such as "of Russia" may stand between the two names.
    let between_ok = prev.end >= offset
        && sentence
            .get(prev.end - offset..and_start)
            .is_some_and(|between| words(between).len() <= 3);
    if prev.role_is_plural && between_ok {
        found.role = prev.role.clone();
    }
}

fn singular(role: &str) -> String {
    for (plural, one) in [("ministers", "minister"), ("leaders", "leader")] {
        if let Some(stem) = role.strip_suffix(plural) {
            return format!("{stem}{one}");
        }
    }
    role.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_what_the_word_pattern_matches() {
        let pattern = Regex::new(WORD_PATTERN).expect("pattern compiles");
        for text in [
            "Prime Minister Shinzo Abe's visit to Yuzhno-Sakhalinsk, on Dec. 15-16.",
            "Sergei Lavrov’s talks with Fumio Kishida’ and ‘Iturup’ — “Etorofu”",
            "Zürich, São Paulo, Ōsaka; naïve café ÉLAN, ǅemal, Ⅻ, x\u{301}y \u{301}a",
            "Владимир Путин и Синдзо Абэ — 安倍晋三, 'quoted' -dash- 42nd 1956's",
            "",
        ] {
            let expected: Vec<(usize, usize)> = pattern
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let found: Vec<(usize, usize)> = words(text).iter().map(|w| (w.start, w.end)).collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    fn names(s: &str) -> Vec<(String, Option<String>, Option<Side>)> {
        find_full_names(s, 0)
            .into_iter()
            .map(|n| (n.name, n.role, n.side))
            .collect()
    }

    fn one(
        name: &str,
        role: Option<&str>,
        side: Option<Side>,
    ) -> (String, Option<String>, Option<Side>) {
        (name.to_string(), role.map(str::to_string), side)
    }

    #[test]
    fn a_particle_surname_continues_a_name() {
        let found = find_full_names(
            "Omar al-Rashid, spokesman for the council, told reporters.",
            0,
        );
        assert_eq!(
            found.first().map(|n| n.name.as_str()),
            Some("Omar al-Rashid")
        );
        assert!(find_full_names("The ex-Soviet Union fell apart.", 0)
            .iter()
            .all(|n| !n.name.starts_with("ex-")));
    }

    #[test]
    fn titles_before_names() {
        assert_eq!(
            names("Thursday's talks were headed by Russia's Deputy Foreign Minister Grigory Karasin and his Japanese counterpart, Minoru Tamba."),
            [
                one("Grigory Karasin", Some("Russia's Deputy Foreign Minister"), Some(Side::Russia)),
                one("Minoru Tamba", Some("Japanese counterpart"), Some(Side::Japan))
            ]
        );
        // A third country's title is kept whole, and names neither side.
        assert_eq!(
            names("Putin met his Turkish counterpart Recep Tayyip Erdogan, and US Defense Secretary James Mattis spoke."),
            [
                one("Recep Tayyip Erdogan", Some("Turkish counterpart"), None),
                one("James Mattis", Some("US Defense Secretary"), None)
            ]
        );
        assert!(role_names_a_country(
            "Turkish counterpart of Vladimir Putin"
        ));
        assert!(!role_names_a_country("counterpart of Vladimir Putin"));
        assert_eq!(
            names("Prime Minister Shinzo Abe and President Vladimir Putin met in Sochi in May."),
            [
                one("Shinzo Abe", Some("Prime Minister"), None),
                one("Vladimir Putin", Some("President"), None)
            ]
        );
    }

    #[test]
    fn appositions_and_coordinated_plurals() {
        assert_eq!(
            names("Chikahito Harada, Japan's special envoy for Japan-Russia relations, and Russian Deputy Foreign Minister Igor Morgulov met in Tokyo."),
            [
                one("Chikahito Harada", Some("Japan's special envoy for Japan-Russia relations"), Some(Side::Japan)),
                one("Igor Morgulov", Some("Russian Deputy Foreign Minister"), Some(Side::Russia))
            ]
        );
        assert_eq!(
            names("headed by foreign ministers Yevgeny Primakov of Russia and Keizo Obuchi of Japan, with"),
            [
                one("Yevgeny Primakov", Some("foreign minister"), Some(Side::Russia)),
                one("Keizo Obuchi", Some("foreign minister"), Some(Side::Japan))
            ]
        );
    }

    #[test]
    fn organisations_and_places_are_not_people() {
        // The Black Sea and San Francisco are places because the gazetteer says so.
        let g = super::super::Gazetteer::builtin();
        assert!(trimmed(&g, &[], "according to Jiji Press news agency, in the Black Sea resort near San Francisco and the United Nations Charter.").is_empty());
    }

    #[test]
    fn surnames_alone_are_mentions_of_the_known_person() {
        let found = find_full_names("Russian Deputy Foreign Minister Grigory Karasin spoke.", 0);
        let people = register(found.iter().map(|n| ("a.txt", 1, n)));
        let ms = find_mentions("Karasin, in turn, noted it. Karasin's view.", &people);
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].person, "grigory-karasin");
        assert_eq!(ms[1].text, "Karasin");
    }

    fn trimmed(g: &super::super::Gazetteer, outlets: &[&str], sentence: &str) -> Vec<String> {
        let not = NotNames::new(g, outlets.iter().copied());
        find_full_names(sentence, 0)
            .into_iter()
            .filter_map(|n| not.trim(n))
            .map(|n| n.name)
            .collect()
    }

    #[test]
    fn a_place_in_the_gazetteer_is_never_a_person() {
        let text = "Talks in Puerto Corvina ended; Lucía Serrano left for Santa Rosa Norte.";
        let bare = super::super::Gazetteer::parse("place = []").expect("empty gazetteer");
        assert_eq!(
            trimmed(&bare, &[], text),
            ["Puerto Corvina", "Lucía Serrano", "Santa Rosa Norte"]
        );
        let g = super::super::Gazetteer::parse(
            "[[place]]\nname = \"Puerto Corvina\"\n[[place]]\nname = \"Santa Rosa Norte\"\n",
        )
        .expect("gazetteer");
        assert_eq!(trimmed(&g, &[], text), ["Lucía Serrano"]);
    }

    #[test]
    fn outlets_and_countries_do_not_make_names() {
        let g = super::super::Gazetteer::parse("place = []").expect("empty gazetteer");
        let text = "The Lima Courier reported that Norwegian Tomas Varga met Chilean officials.";
        assert_eq!(trimmed(&g, &["The Lima Courier"], text), ["Tomas Varga"]);
    }
}
