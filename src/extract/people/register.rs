//! The people register: one person per full name across every article, their roles and side,
//! and the mentions of known people in a paragraph (full names, then surnames alone).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::*;

/// Everything known about one person across the articles.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Person {
    /// Stable id.
    pub id: String,
    /// Full name as first written.
    pub name: String,
    /// Every form the text uses: full name, surname, given name.
    pub forms: Vec<String>,
    /// Roles, each with where it was said.
    pub roles: Vec<RoleRecord>,
    /// The side, when some article states it.
    pub side: Option<Side>,
    /// The countries the titles written right before the full name name, across the articles
    /// ("Swedish Fisheries Minister Karin Ek"; see [`super::title_country`]), sorted, at most
    /// two: one is the person's country when no side is stated, two mean the titles disagree
    /// and name none. Noted at every mention of the full name once the batch's people are known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_countries: Vec<String>,
    /// The servers whose own additions alone name this person in full; empty when the shared
    /// collection does, and then everyone may see them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only_in: Vec<ServerId>,
}

impl Person {
    /// The country every title written before the full name names, when they agree.
    pub fn title_country(&self) -> Option<&str> {
        match self.title_countries.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Notes a country a title names (see [`Person::title_countries`]).
    pub fn note_title_country(&mut self, country: &str) {
        if self.title_countries.len() < 2 && !self.title_countries.iter().any(|c| c == country) {
            self.title_countries.push(country.to_string());
            self.title_countries.sort();
        }
    }

    /// Whether someone asking from `server` (`None`: the command line) may see this person.
    pub fn seen_by(&self, server: Option<ServerId>) -> bool {
        self.only_in.is_empty() || server.is_some_and(|s| self.only_in.contains(&s))
    }
}

/// A role as one article gives it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoleRecord {
    /// The role as written.
    pub role: String,
    /// Article id.
    pub article: String,
    /// Paragraph number.
    pub paragraph: usize,
    /// The article's outlet, so a role can say where it was said without fetching the article.
    #[serde(default)]
    pub outlet: String,
    /// The article's date, likewise.
    #[serde(default)]
    pub date: Option<crate::corpus::PartialDate>,
    /// The server whose addition stated it; `None` for the shared collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerId>,
}

/// Builds the people register from the full names found, in corpus order.
/// `found` yields (article id, paragraph number, name found).
pub fn register<'a>(
    found: impl IntoIterator<Item = (&'a str, usize, &'a NameFound)>,
) -> Vec<Person> {
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (article, paragraph, n) in found {
        let id = person_id(&n.name);
        let person = people.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            let parts: Vec<&str> = n.name.split_whitespace().collect();
            let mut forms = vec![n.name.clone()];
            if let Some(last) = parts.last() {
                forms.push(last.to_string());
            }
            if parts.len() > 1 {
                forms.push(parts[0].to_string());
            }
            Person {
                id: id.clone(),
                name: n.name.clone(),
                forms,
                roles: Vec::new(),
                side: None,
                title_countries: Vec::new(),
                only_in: Vec::new(),
            }
        });

        if let Some(role) = &n.role {
            if !person
                .roles
                .iter()
                .any(|r| r.role == *role && r.article == article)
            {
                person.roles.push(RoleRecord {
                    role: role.clone(),
                    article: article.to_string(),
                    paragraph,
                    outlet: String::new(),
                    date: None,
                    server: None,
                });
            }
        }
        person.side = person.side.or(n.side);
    }
    order
        .into_iter()
        .filter_map(|id| people.remove(&id))
        .collect()
}

/// Finds mentions of known people in a paragraph: full names first, then surnames alone
/// (only when one person has that surname).
pub fn find_mentions(text: &str, people: &[Person]) -> Vec<PersonMention> {
    PeopleMatcher::new(people).find(text)
}

/// The hasher of [`PeopleMatcher`]'s tables, looked up for every word of every paragraph:
/// std's SipHash is several times slower on short keys.
type FastHash = foldhash::fast::RandomState;

/// Finds mentions of a fixed register of people. Built once per register, it looks full names
/// up by their first word and surnames in a table, so the cost of a paragraph does not grow with
/// the number of people known (thousands, once news collections are ingested).
pub struct PeopleMatcher<'a> {
    people: &'a [Person],
    /// First word of each full name → the people (register positions) whose name starts so.
    by_first_word: HashMap<&'a str, Vec<usize>, FastHash>,
    /// Last word of each full name → the one person with that surname and how many share it.
    by_surname: HashMap<&'a str, (usize, usize), FastHash>,
}

impl<'a> PeopleMatcher<'a> {
    /// Indexes the register.
    pub fn new(people: &'a [Person]) -> PeopleMatcher<'a> {
        let mut by_first_word: HashMap<&str, Vec<usize>, FastHash> = HashMap::default();
        let mut by_surname: HashMap<&str, (usize, usize), FastHash> = HashMap::default();
        for (i, p) in people.iter().enumerate() {
            if let Some(first) = p.name.split_whitespace().next() {
                by_first_word.entry(first).or_default().push(i);
            }
            if let Some(last) = p.name.split_whitespace().last() {
                by_surname.entry(last).or_insert((i, 0)).1 += 1;
            }
        }
        PeopleMatcher {
            people,
            by_first_word,
            by_surname,
        }
    }

    /// Mentions in `text`: full names first (in register order, each where no earlier mention
    /// stands), then surnames alone where exactly one person has that surname; by position.
    pub fn find(&self, text: &str) -> Vec<PersonMention> {
        let mut out: Vec<PersonMention> = Vec::new();
        let taken = |out: &Vec<PersonMention>, s: usize, e: usize| {
            out.iter().any(|m| s < m.end && m.start < e)
        };
        // Every place a full name could start: a letter not preceded by a letter or digit.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        let mut prev: Option<char> = None;
        for (s, c) in text.char_indices() {
            if c.is_alphabetic() && !prev.is_some_and(char::is_alphanumeric) {
                let token_end = text[s..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |e| s + e);
                if let Some(owners) = self.by_first_word.get(&text[s..token_end]) {
                    candidates.extend(owners.iter().map(|&i| (i, s)));
                }
            }
            prev = Some(c);
        }
        candidates.sort_unstable();
        for (i, s) in candidates {
            let p = &self.people[i];
            if !text[s..].starts_with(p.name.as_str()) {
                continue;
            }
            let e = s + p.name.len();
            if is_word_boundary(text, s, e) && !taken(&out, s, e) {
                out.push(PersonMention {
                    person: p.id.clone(),
                    start: s,
                    end: e,
                    text: p.name.clone(),
                });
            }
        }
        for w in words(text) {
            let bare = w.bare();
            if let Some(&(owner, 1)) = self.by_surname.get(bare) {
                if !taken(&out, w.start, w.start + bare.len()) {
                    out.push(PersonMention {
                        person: self.people[owner].id.clone(),
                        start: w.start,
                        end: w.start + bare.len(),
                        text: bare.to_string(),
                    });
                }
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }
}

/// Most roles kept per person before only new wordings are added: a head of state named in
/// thousands of ingested articles would otherwise carry thousands of copies of "President".
const MAX_ROLES: usize = 24;

/// Merges people found in new articles into the register: a known person (same id) gains the
/// new roles and a side if they had none; anyone new is appended, in the order found.
pub fn merge(register: &mut Vec<Person>, found: Vec<Person>) {
    let mut at: HashMap<String, usize> = register
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for mut f in found {
        let roles = std::mem::take(&mut f.roles);
        let i = match at.get(&f.id) {
            Some(&i) => {
                let known = &mut register[i];
                // A server's own additions must not change what others read of a person.
                if f.only_in.is_empty() || !known.only_in.is_empty() {
                    known.side = known.side.or(f.side);
                }
                // Named in full by the shared collection: everyone sees them from now on;
                // by another server's addition: that server sees them too.
                if f.only_in.is_empty() {
                    known.only_in.clear();
                } else if !known.only_in.is_empty() {
                    known.only_in.extend(f.only_in.iter().copied());
                    known.only_in.sort_unstable();
                    known.only_in.dedup();
                }
                i
            }
            None => {
                at.insert(f.id.clone(), register.len());
                register.push(f);
                register.len() - 1
            }
        };
        let person = &mut register[i];
        for r in roles {
            let repeat = person
                .roles
                .iter()
                .any(|o| o.role == r.role && o.article == r.article);
            let known_wording = person
                .roles
                .iter()
                .any(|o| o.role.eq_ignore_ascii_case(&r.role));
            if !repeat && (person.roles.len() < MAX_ROLES || !known_wording) {
                person.roles.push(r);
            }
        }
    }
}

fn is_word_boundary(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
