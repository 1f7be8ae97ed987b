//! People: full names found by their shape (here, over the words `word.rs` finds), the titles
//! and descriptions the text gives them (`roles.rs`), and later mentions by surname; one person
//! across all articles. What is never a person's name: a word class of titles and function
//! words (`word_class.rs`), the gazetteer's places, countries and outlets (`not_names.rs`), and
//! what is no name by where it stands and how the batch writes its words (`fit.rs`, counts in
//! `vocabulary.rs`); `register.rs` merges people across articles and finds their later
//! mentions; `title.rs` keeps the country a title before a person's name names.

mod fit;
mod not_names;
mod register;
mod roles;
mod title;
mod vocabulary;
mod word;
mod word_class;

pub use not_names::NotNames;
pub use register::{find_mentions, merge, register, PeopleMatcher, Person, RoleRecord};
pub use roles::role_names_a_country;
use roles::{apposition_after, coordinate_with_previous, side_after, title_before};
pub use title::{note_title_countries, title_country};
pub use vocabulary::Vocabulary;
pub use word::particle_surname;
use word::{adjacent, words, Word};
pub use word_class::OFFICE_TITLES;

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

#[cfg(test)]
mod tests {
    use super::*;

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
