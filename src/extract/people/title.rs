//! The country a title written right before a person's name names ("US Defense Secretary James
//! Mattis", "Iran's Supreme Leader Ali Khamenei", "Swedish Fisheries Minister Karin Ek", and
//! once the person is known, "Swedish Fisheries Minister Ek"): what a person speaks for when no
//! article states a side and their role's words, cut at the first word the role grammar does
//! not know ("Fisheries", "Supreme"), name no country.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::super::countries::{self, CountryId};
use super::super::Mentions;
use super::{adjacent, words, Person};
use crate::corpus::{Article, Paragraph};

/// Most capitalised words read back from a name: a country, up to two modifiers and the head
/// ("Russian Deputy Foreign Minister"); further back the words belong to something else.
const TITLE_WORDS: usize = 4;

/// The country named in the title that ends right where a name starts (`before` is the text of
/// its sentence up to the name): the run of at most [`TITLE_WORDS`] capitalised words before the
/// name, nearest first, when the nearest names a kind of person ("Minister", "Leader", "Coach")
/// and one of them is a country's word or possessive ("Iran's", "Turkish", "U.S."). A country
/// before a name with no such word between ("Japan's Coast Guard", a list of names) is no title.
pub fn title_country(before: &str) -> Option<CountryId> {
    // A name written right after a word (no space) is not after a title.
    if !before.ends_with(char::is_whitespace) {
        return None;
    }
    let title: Vec<&str> = before
        .split_whitespace()
        .rev()
        .take(TITLE_WORDS)
        .take_while(|w| w.starts_with(char::is_uppercase) && !ends_a_phrase(w))
        .collect();
    let head = title.first()?.trim_end_matches('.').to_lowercase();
    if !crate::noun_kinds::names_a_person(&head) {
        return None;
    }
    title.iter().find_map(|w| {
        let bare = w.trim_end_matches("'s").trim_end_matches("’s");
        countries::of_word(bare)
    })
}

/// Gives each person the countries the titles right before their name name, wherever
/// `articles` write it: before the full name at every mention of it (not only where the name
/// finder met it first, so a title given later to a person already known counts), and before
/// the surname alone ("Colombian Port Director Fuentes") where the surname is that of exactly one
/// person the same article names in full, so the article itself settles whom it means, however
/// many people of that surname the collection knows. A server's addition notes one only for
/// people known to servers alone, as with sides.
pub fn note_title_countries(
    people: &mut [Person],
    articles: &[Article],
    mentions: &[Vec<Mentions>],
) {
    let at: HashMap<&str, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let found: Vec<(usize, CountryId)> = articles
        .par_iter()
        .zip(mentions)
        .flat_map_iter(|(article, paragraphs)| {
            let mut found = titles_in_article(article, paragraphs, people, &at);
            if article.meta.server.is_some() {
                found.retain(|(i, _)| !people[*i].only_in.is_empty());
            }
            found
        })
        .collect();
    for (i, country) in found {
        people[i].note_title_country(country.name());
    }
}

/// The (person, country) of every title in one article right before a full name of the
/// register, or before a surname alone that one of the people it names in full owns.
fn titles_in_article(
    article: &Article,
    paragraphs: &[Mentions],
    people: &[Person],
    at: &HashMap<&str, usize>,
) -> Vec<(usize, CountryId)> {
    let mut found = Vec::new();
    let mut named: Vec<usize> = Vec::new();
    for (p, m) in article.paragraphs.iter().zip(paragraphs) {
        for m in &m.people {
            let Some(&i) = at.get(m.person.as_str()) else {
                continue;
            };
            if m.text != people[i].name {
                continue;
            }
            if !named.contains(&i) {
                named.push(i);
            }
            if let Some(c) = p.text.get(..m.start).and_then(title_country) {
                found.push((i, c));
            }
        }
    }
    let owners = SurnameOwners::of(&named, people);
    if !owners.is_empty() {
        for (p, m) in article.paragraphs.iter().zip(paragraphs) {
            titles_before_surnames(p, m, &owners, &mut found);
        }
    }
    found
}

/// The surnames of the people one article names in full, each with the one person it names.
struct SurnameOwners<'a> {
    /// Surname → the person (register position); `None` when two of the article's people share
    /// it or another's given or middle name is the same word ("Ali Hassan" and "Hassan Rowshan"),
    /// and written alone it could be either.
    owner: HashMap<&'a str, Option<usize>>,
}

impl<'a> SurnameOwners<'a> {
    fn of(named: &[usize], people: &'a [Person]) -> SurnameOwners<'a> {
        let mut owner: HashMap<&str, Option<usize>> = HashMap::new();
        let mut other_words: HashSet<&str> = HashSet::new();
        for &i in named {
            let mut parts: Vec<&str> = people[i].name.split_whitespace().collect();
            let Some(last) = parts.pop() else {
                continue;
            };
            owner
                .entry(last)
                .and_modify(|o| {
                    if *o != Some(i) {
                        *o = None;
                    }
                })
                .or_insert(Some(i));
            other_words.extend(parts);
        }
        for w in other_words {
            if let Some(o) = owner.get_mut(w) {
                *o = None;
            }
        }
        owner.retain(|_, o| o.is_some());
        SurnameOwners { owner }
    }

    fn is_empty(&self) -> bool {
        self.owner.is_empty()
    }

    fn get(&self, word: &str) -> Option<usize> {
        self.owner.get(word).copied().flatten()
    }
}

/// Titles in paragraph `p` before a surname alone of `owners`: not inside a full name it
/// mentions, and not run on into another capitalised word (then the surname is only part of a
/// longer name the article may not mean the person by).
fn titles_before_surnames(
    p: &Paragraph,
    mentions: &Mentions,
    owners: &SurnameOwners,
    found: &mut Vec<(usize, CountryId)>,
) {
    let in_full_name = |at: usize| {
        mentions
            .people
            .iter()
            .any(|m| m.start <= at && at < m.end && m.text.contains(char::is_whitespace))
    };
    let ws = words(&p.text);
    for (k, w) in ws.iter().enumerate() {
        let Some(i) = owners.get(w.bare()) else {
            continue;
        };
        let runs_on = ws
            .get(k + 1)
            .is_some_and(|next| adjacent(&p.text, w, next) && next.is_capitalised());
        if runs_on || in_full_name(w.start) {
            continue;
        }
        if let Some(c) = title_country(&p.text[..w.start]) {
            found.push((i, c));
        }
    }
}

/// Whether a word's punctuation ends the phrase it is in: a comma, colon or semicolon, or a
/// full stop that is not an abbreviation's ("U.S." continues a title, "talks." does not).
fn ends_a_phrase(word: &str) -> bool {
    word.ends_with([',', ':', ';'])
        || (word.ends_with('.') && !word.trim_end_matches('.').contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(sentence: &str, name: &str) -> Option<&'static str> {
        let at = sentence.find(name).expect("name in sentence");
        title_country(&sentence[..at]).map(CountryId::name)
    }

    #[test]
    fn a_country_word_or_possessive_in_a_title_names_the_country() {
        let s = "Talks opened as Chilean Fisheries Minister Rosa Ibarra arrived.";
        assert_eq!(country(s, "Rosa Ibarra"), Some("Chile"));
        let s = "Peru's Supreme Commander Julio Vargas said nothing.";
        assert_eq!(country(s, "Julio Vargas"), Some("Peru"));
        let s = "The U.S. Ambassador Mark Ellis attended.";
        assert_eq!(country(s, "Mark Ellis"), Some("United States"));
    }

    #[test]
    fn no_title_no_country() {
        // No word naming a kind of person ends the run: an organisation, a list of names.
        let s = "Peru's Fisheries Agency Julio Vargas";
        assert_eq!(country(s, "Julio Vargas"), None);
        let s = "Officials from Peru, Julio Vargas among them, came.";
        assert_eq!(country(s, "Julio Vargas"), None);
        // A lower-case word breaks the run before the country.
        let s = "Chilean officials and Minister Rosa Ibarra met.";
        assert_eq!(country(s, "Rosa Ibarra"), None);
        // A full stop ends a phrase; the name opens the next one.
        let s = "He returned to Chile. Minister Rosa Ibarra";
        assert_eq!(country(s, "Rosa Ibarra"), None);
        // Too far back to be part of the title.
        let s = "Peruvian Navy Reserve Fleet Fishing Inspector Julio Vargas";
        assert_eq!(country(s, "Julio Vargas"), None);
        assert_eq!(title_country("Chilean Minister"), None);
    }

    fn article(file: &str, paragraphs: &[&str]) -> Article {
        let paragraphs = paragraphs
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                number: i + 1,
                line: i + 1,
                text: t.to_string(),
                sentences: crate::corpus::sentences::split(t),
            })
            .collect();
        Article {
            meta: crate::corpus::ArticleMeta::unknown(file, "t"),
            paragraphs,
            removed: Vec::new(),
        }
    }

    /// The title countries each person of `articles` is given, by full name.
    fn countries(articles: &[Article]) -> HashMap<String, Vec<String>> {
        let mut people = Vec::new();
        let none = crate::extract::Gazetteer::parse("place = []").expect("empty gazetteer");
        crate::extract::extend(&mut people, articles, &none);
        people
            .into_iter()
            .map(|p| (p.name, p.title_countries))
            .collect()
    }

    #[test]
    fn a_title_before_a_surname_alone_names_the_country_of_the_one_person_it_can_be() {
        let found = countries(&[article(
            "a",
            &[
                "Trade Minister Hanne Berg met Port Director Jonas Lind on Monday.",
                "Norwegian Trade Minister Berg said the quotas would stay. Later, Swedish Port Director Lind disagreed.",
            ],
        )]);
        assert_eq!(found["Hanne Berg"], ["Norway"]);
        assert_eq!(found["Jonas Lind"], ["Sweden"]);
    }

    #[test]
    fn a_surname_the_article_does_not_settle_gets_no_country() {
        // Two of the article's people share the surname.
        let shared = countries(&[article(
            "a",
            &[
                "Trade Minister Hanne Berg and Port Director Ola Berg met on Monday.",
                "Norwegian Trade Minister Berg said the quotas would stay.",
            ],
        )]);
        assert!(shared["Hanne Berg"].is_empty(), "{shared:?}");
        assert!(shared["Ola Berg"].is_empty(), "{shared:?}");
        // Named in full only in another article: whom this one means, it does not say.
        let elsewhere = countries(&[
            article("a", &["Trade Minister Hanne Berg met reporters on Monday."]),
            article(
                "b",
                &["Norwegian Trade Minister Berg said the quotas would stay."],
            ),
        ]);
        assert!(elsewhere["Hanne Berg"].is_empty(), "{elsewhere:?}");
        // The surname runs on into another capitalised word: a longer name, someone else's.
        let longer = countries(&[article(
            "a",
            &[
                "Trade Minister Hanne Berg met reporters on Monday.",
                "Swedish Trade Minister Berg Olufsen arrived later.",
            ],
        )]);
        assert!(longer["Hanne Berg"].is_empty(), "{longer:?}");
    }
}
