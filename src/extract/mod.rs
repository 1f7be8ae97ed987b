//! What each paragraph mentions: people (with roles), places (with other names) and dates
//! (relative ones resolved against the article's date).
//!
//! Depends only on [`crate::corpus`]; the index stores what this produces.

pub mod countries;
pub mod dates;
pub mod events;
pub mod people;
pub mod places;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::{Article, Corpus};
pub use dates::DateMention;
pub use people::{Person, PersonMention, Side};
pub use places::{Gazetteer, Place, PlaceKind, PlaceMention};

/// Everything one paragraph mentions.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Mentions {
    /// People, in text order.
    pub people: Vec<PersonMention>,
    /// Places, in text order.
    pub places: Vec<PlaceMention>,
    /// Dates, in text order.
    pub dates: Vec<DateMention>,
}

/// The people register and the mentions of every paragraph.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Extraction {
    /// Everyone named in full somewhere in the collection.
    pub people: Vec<Person>,
    /// Mentions per article (same order as the corpus), per paragraph (index = number - 1).
    pub mentions: Vec<Vec<Mentions>>,
}

impl Extraction {
    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }
}

/// Runs every extractor over the corpus.
pub fn extract(corpus: &Corpus, gazetteer: &Gazetteer) -> Extraction {
    let mut people = Vec::new();
    let mentions = extend(&mut people, &corpus.articles, gazetteer);
    Extraction { people, mentions }
}

/// Extracts from articles added to a collection: the people they name in full join `people`
/// (someone already known gains the new roles), then every paragraph's mentions are found
/// against the whole register. Returns mentions per article, per paragraph.
///
/// Earlier articles are not looked at again, so a surname first written in full in a later
/// batch is only recognised alone from that batch on; a rebuild (`treatybot index`) sees all.
pub fn extend(
    people: &mut Vec<Person>,
    articles: &[Article],
    gazetteer: &Gazetteer,
) -> Vec<Vec<Mentions>> {
    let not_names =
        people::NotNames::new(gazetteer, articles.iter().map(|a| a.meta.outlet.as_str()));
    // How the batch writes its words: an article may open a sentence with "Earlier" and never
    // write it mid-sentence, but its batch does.
    // Each article's own counts tell a surname it writes alone ("Gates said").
    let article_vocabularies: Vec<people::Vocabulary> = articles
        .par_iter()
        .map(|a| {
            people::Vocabulary::of_sentences(
                a.paragraphs
                    .iter()
                    .flat_map(|p| p.sentences.iter().map(|s| &p.text[s.clone()])),
            )
        })
        .collect();
    let mut vocabulary = people::Vocabulary::default();
    for v in &article_vocabularies {
        vocabulary.add(v);
    }
    let per_article: Vec<Vec<(String, usize, people::NameFound)>> = articles
        .par_iter()
        .zip(&article_vocabularies)
        .map(|(article, own)| {
            let mut names = Vec::new();
            for p in &article.paragraphs {
                for s in &p.sentences {
                    let sentence = &p.text[s.clone()];
                    for n in people::find_full_names(sentence, s.start)
                        .into_iter()
                        .filter_map(|n| not_names.fit(n, sentence, s.start, &vocabulary, own))
                    {
                        names.push((article.id().to_string(), p.number, n));
                    }
                }
            }
            names
        })
        .collect();
    let mut names: Vec<(String, usize, people::NameFound)> =
        per_article.into_iter().flatten().collect();
    resolve_counterparts(&mut names);
    let mut found = people::register(names.iter().map(|(a, p, n)| (a.as_str(), *p, n)));
    note_whose_people(&mut found, &names, articles);
    people::merge(people, found);
    fill_sides_from_counterparts(people, &names);
    note_where_roles_were_said(people, articles);
    let matcher = people::PeopleMatcher::new(people);
    let mentions: Vec<Vec<Mentions>> = articles
        .par_iter()
        .map(|a| article_mentions(a, &matcher, gazetteer))
        .collect();
    people::note_title_countries(people, articles, &mentions);
    mentions
}

/// Marks the people found in `articles` that only a server's additions name in full as known
/// in those servers alone, so another server's `/who` and autocomplete never show them.
fn note_whose_people(
    found: &mut [Person],
    names: &[(String, usize, people::NameFound)],
    articles: &[Article],
) {
    let server_of: std::collections::HashMap<&str, Option<crate::corpus::ServerId>> =
        articles.iter().map(|a| (a.id(), a.meta.server)).collect();
    if server_of.values().all(Option::is_none) {
        return;
    }
    let mut whose: std::collections::HashMap<String, Vec<Option<crate::corpus::ServerId>>> =
        std::collections::HashMap::new();
    for (article, _, n) in names {
        let server = server_of.get(article.as_str()).copied().flatten();
        whose
            .entry(people::person_id(&n.name))
            .or_default()
            .push(server);
    }
    for p in found.iter_mut() {
        let servers = whose.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        if !servers.is_empty() && servers.iter().all(Option::is_some) {
            p.only_in = servers.iter().flatten().copied().collect();
            p.only_in.sort_unstable();
            p.only_in.dedup();
        }
    }
}

/// Gives the roles found in `articles` their article's outlet, date and owner.
fn note_where_roles_were_said(people: &mut [Person], articles: &[Article]) {
    let by_id: std::collections::HashMap<&str, &Article> =
        articles.iter().map(|a| (a.id(), a)).collect();
    for r in people
        .iter_mut()
        .flat_map(|p| p.roles.iter_mut())
        .filter(|r| r.outlet.is_empty())
    {
        if let Some(a) = by_id.get(r.article.as_str()) {
            r.outlet = a.meta.outlet.clone();
            r.date = a.meta.date;
            r.server = a.meta.server;
        }
    }
}

fn article_mentions(
    article: &Article,
    people: &people::PeopleMatcher,
    gazetteer: &Gazetteer,
) -> Vec<Mentions> {
    let mut found: Vec<Mentions> = article
        .paragraphs
        .iter()
        .map(|p| Mentions {
            people: people.find(&p.text),
            places: gazetteer.find(&p.text),
            dates: dates::find(&p.text, article.meta.date),
        })
        .collect();
    drop_words_taken_for_surnames(article, &mut found);
    found
}

/// Drops the mentions of a surname alone that is also an ordinary English word and stands inside
/// the name of a body or a title ("the Minister of Culture and Heritage", "Department of Trade"),
/// when the article never names that person in full: there the word is part of the name, not the
/// person. A reporter names a person in full before writing the surname alone; a famous person
/// written by surname alone ("Trump said") stands outside such a name and is kept, as is a
/// surname that is no ordinary word ("Karasin"). After capitalised words joined by "of" or "and"
/// ("the Chamber of Fields and Marsh") the word closes the body's name even when the article
/// names someone of that surname in full elsewhere ("Bill Marsh").
fn drop_words_taken_for_surnames(article: &Article, paragraphs: &mut [Mentions]) {
    let is_alone = |m: &PersonMention| !m.text.contains(char::is_whitespace);
    let named_in_full: std::collections::HashSet<String> = paragraphs
        .iter()
        .flat_map(|p| &p.people)
        .filter(|m| !is_alone(m))
        .map(|m| m.person.clone())
        .collect();
    for (p, text) in paragraphs.iter_mut().zip(&article.paragraphs) {
        p.people.retain(|m| {
            let common = is_alone(m) && crate::lexicon::is_common_word(&m.text);
            let taken = match inside_a_name(&text.text, m.start) {
                Some(Inside::Joined) => true,
                Some(Inside::AfterCountry) => !named_in_full.contains(&m.person),
                None => false,
            };
            // "the Lunde Sailing Club": after "the" and before a capitalised word, a surname
            // opens a body's name; no one is written so.
            let opens_a_body = is_alone(m) && opens_a_name(&text.text, m.start, m.end);
            !(opens_a_body || common && taken)
        });
    }
}

/// Whether the word at `start..end` of `text` stands after "the" and right before a capitalised
/// word ("the Lunde Sailing Club", "the Nobel Committee"): the first word of a body's name.
fn opens_a_name(text: &str, start: usize, end: usize) -> bool {
    let after_the = text[..start]
        .strip_suffix(' ')
        .and_then(|b| b.rsplit(' ').next())
        .is_some_and(|w| w == "the" || w == "The");
    let before_capital = text[end..]
        .strip_prefix(' ')
        .is_some_and(|a| a.starts_with(char::is_uppercase));
    after_the && before_capital
}

/// Whether the word at `start` of `text` ends a body's or a title's name: after capitalised
/// words joined by "of", "and" or "&" ("Affairs and Heritage", "Chamber of Coastal Fishing
/// Trade"), or right after a country's word ("the British Embassy"), which stands before a
/// body, not before a surname.
fn inside_a_name(text: &str, start: usize) -> Option<Inside> {
    let before: Vec<&str> = text[..start].split_whitespace().rev().take(5).collect();
    let capitalised = |w: &&str| w.trim_end_matches(',').starts_with(char::is_uppercase);
    // Up to two capitalised words may stand between the joiner and the word ("of International").
    let joined = (0..=2).any(|k| {
        before.len() > k + 1
            && before[..k]
                .iter()
                .all(|w| capitalised(w) && !w.ends_with(','))
            && matches!(before[k], "of" | "and" | "&")
            && capitalised(&before[k + 1])
    });
    let after_country = text[..start].ends_with(' ')
        && before.first().is_some_and(|w| {
            w.starts_with(char::is_uppercase) && countries::of_word(&w.to_lowercase()).is_some()
        });
    if joined {
        Some(Inside::Joined)
    } else {
        after_country.then_some(Inside::AfterCountry)
    }
}

/// How a word stands inside a name: see [`inside_a_name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    /// After capitalised words joined by "of", "and" or "&".
    Joined,
    /// Right after a country's word.
    AfterCountry,
}

/// "his Japanese counterpart, Minoru Tamba" → "Japanese counterpart of Grigory Karasin".
fn resolve_counterparts(names: &mut [(String, usize, people::NameFound)]) {
    for i in 1..names.len() {
        let (before, rest) = names.split_at_mut(i);
        let (article, paragraph, n) = &mut rest[0];
        if !n.counterpart {
            continue;
        }
        let prev = before
            .iter()
            .rev()
            .find(|(a, p, m)| a == article && p == paragraph && m.end <= n.start);
        if let (Some((_, _, prev)), Some(role)) = (prev, n.role.as_mut()) {
            role.push_str(" of ");
            role.push_str(&prev.name);
            // "his Turkish counterpart": a third country's, of neither side.
            if n.side.is_none() && !people::role_names_a_country(role) {
                n.side = prev.side.map(Side::other);
            }
        }
    }
}

/// A counterpart's side is the other side of the person they face, when only that is known.
fn fill_sides_from_counterparts(
    people: &mut [Person],
    names: &[(String, usize, people::NameFound)],
) {
    let sides: Vec<(String, Option<Side>)> =
        people.iter().map(|p| (p.name.clone(), p.side)).collect();
    for (_, _, n) in names.iter().filter(|(_, _, n)| n.counterpart) {
        let Some(role) = n.role.as_ref().filter(|r| !people::role_names_a_country(r)) else {
            continue;
        };
        let Some((_, Some(side))) = sides.iter().find(|(name, _)| role.ends_with(name.as_str()))
        else {
            continue;
        };
        // Only for people the batch's readers alone see, or from the shared collection: the
        // register does not know which article the counterpart was named in otherwise.
        if let Some(p) = people.iter_mut().find(|p| p.name == n.name) {
            p.side = p.side.or(Some(side.other()));
        }
    }
}
