//! `/who NAME`: who a person is (role, side, where said) and the passages that mention them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::query::{self, content_words};
use super::spelled::{TypedName, Word};
use super::{text, Finding, PersonFound, Reply, RoleFound, Scoped};
use crate::corpus::Audience;
use crate::error::Result;
use crate::extract::Person;
use crate::index::{Knowledge, Request};

/// Most passages of one person looked through for citations (near-duplicate excerpts are
/// skipped, so more than the citation limit may be needed).
const PASSAGES_LIMIT: usize = 500;

/// How well a query names a person; higher is better, 0 is no match.
#[cfg(test)]
fn name_score(p: &Person, q: &str) -> u32 {
    score(p, &Query::new(q))
}

/// A query folded once (lower case, possessive dropped), so scoring thousands of people does not
/// fold it again for each.
struct Query {
    text: String,
    letters: Vec<char>,
    chars: usize,
}

impl Query {
    fn new(q: &str) -> Query {
        let mut text = q.trim().to_lowercase();
        let keep = text.trim_end_matches("'s").trim_end_matches("’s").len();
        text.truncate(keep);
        let letters: Vec<char> = text.chars().collect();
        Query {
            chars: letters.len(),
            letters,
            text,
        }
    }
}

/// Whether `b` is within `most` edits (Levenshtein, by characters) of the characters `a`, giving
/// up as soon as every path is over: most of the register is ruled out after a character or two.
fn within_edits(a: &[char], b: &str, most: usize) -> bool {
    const MAX: usize = 32;
    if a.len() >= MAX {
        return strsim::levenshtein(&a.iter().collect::<String>(), b) <= most;
    }
    let mut prev = [0usize; MAX];
    let mut row = [0usize; MAX];
    for (i, p) in prev.iter_mut().enumerate().take(a.len() + 1) {
        *p = i;
    }
    for (j, cb) in b.chars().enumerate() {
        row[0] = j + 1;
        let mut best = row[0];
        for i in 1..=a.len() {
            let cost = usize::from(a[i - 1] != cb);
            row[i] = (prev[i - 1] + cost).min(prev[i] + 1).min(row[i - 1] + 1);
            best = best.min(row[i]);
        }
        if best > most {
            return false;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[a.len()] <= most
}

/// How many edits a name of `chars` letters may be off by and still name someone: typos in a
/// typed name, and a transliterated name's spelling, alike.
fn edits_allowed(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

#[cfg(test)]
fn score(p: &Person, q: &Query) -> u32 {
    score_folded(p, &fold(&p.name), q)
}

/// Lower case the way queries are compared: character by character.
fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

fn score_folded(p: &Person, name: &str, q: &Query) -> u32 {
    if q.text.is_empty() {
        return 0;
    }
    if name == q.text {
        return 100;
    }
    let lower_eq = |f: &str| f.chars().flat_map(char::to_lowercase).eq(q.text.chars());
    if p.forms.iter().any(|f| lower_eq(f)) {
        return 90;
    }
    if q.text
        .split_whitespace()
        .all(|w| name.split_whitespace().any(|n| n == w))
    {
        return 80;
    }
    // "President Putin", "Mr Karasin": a title around a name the text uses.
    if q.text.split_whitespace().nth(1).is_some()
        && q.text.split_whitespace().any(|w| {
            let w = w.trim_end_matches("'s");
            p.forms
                .iter()
                .any(|f| f.chars().flat_map(char::to_lowercase).eq(w.chars()))
        })
    {
        return 70;
    }
    if q.chars >= 3
        && (name.starts_with(&q.text) || name.split_whitespace().any(|w| w.starts_with(&q.text)))
    {
        return 60;
    }
    let most = edits_allowed(q.chars);
    if most > 0 {
        // Edit distance is at least the difference in length: most names are ruled out unseen.
        let close = |b: &str| {
            b.chars().count().abs_diff(q.chars) <= most && within_edits(&q.letters, b, most)
        };
        if close(name) || name.split_whitespace().any(close) {
            return 50;
        }
    }
    0
}

/// The people register of one commit, folded once for lookups: each name's and form's words →
/// who has them, plus the lower-cased names and role texts that the slower matches scan.
pub struct Register {
    knowledge: Arc<Knowledge>,
    /// The people the audience may see, with only the roles it may read, when the collection
    /// has articles a server added; `None` when everyone is shared (no copy then).
    visible: Option<Vec<Person>>,
    by_word: HashMap<String, Vec<u32>>,
    by_id: HashMap<String, u32>,
    /// Every folded word of every name and form with its person, sorted: for prefix lookups
    /// (autocomplete) without scanning the register.
    words_sorted: Vec<(String, u32)>,
    names: Vec<String>,
    role_texts: Vec<String>,
}

impl Register {
    /// Folds the register of `knowledge` as `audience` sees it: without the people known only
    /// from another server's additions, and without the roles those stated.
    pub fn new(knowledge: Arc<Knowledge>, audience: Audience) -> Register {
        let visible = knowledge.has_server_articles.then(|| {
            knowledge
                .people
                .iter()
                .filter(|p| p.seen_by(audience.server))
                .map(|p| Person {
                    roles: p
                        .roles
                        .iter()
                        .filter(|r| audience.sees(r.server))
                        .cloned()
                        .collect(),
                    ..p.clone()
                })
                .collect::<Vec<_>>()
        });
        let people: &[Person] = visible.as_deref().unwrap_or(&knowledge.people);
        let mut by_word: HashMap<String, Vec<u32>> = HashMap::new();
        let mut names = Vec::with_capacity(people.len());
        let mut role_texts = Vec::with_capacity(people.len());
        let mut by_id = HashMap::with_capacity(people.len());
        for (i, p) in people.iter().enumerate() {
            by_id.insert(p.id.clone(), i as u32);
            let mut words: Vec<String> = std::iter::once(&p.name)
                .chain(&p.forms)
                .flat_map(|f| f.split_whitespace().map(fold).collect::<Vec<_>>())
                .collect();
            words.sort();
            words.dedup();
            for w in words {
                by_word.entry(w).or_default().push(i as u32);
            }
            names.push(fold(&p.name));
            let mut hay = p
                .roles
                .iter()
                .map(|r| r.role.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(side) = p.side {
                hay.push(' ');
                hay.push_str(&side.country().to_lowercase());
            }
            role_texts.push(hay);
        }
        let mut words_sorted: Vec<(String, u32)> = by_word
            .iter()
            .flat_map(|(w, ids)| ids.iter().map(move |&i| (w.clone(), i)))
            .collect();
        words_sorted.sort_unstable();
        Register {
            knowledge,
            visible,
            by_word,
            by_id,
            words_sorted,
            names,
            role_texts,
        }
    }

    /// Whether this register was folded from `knowledge`.
    pub fn is_of(&self, knowledge: &Arc<Knowledge>) -> bool {
        Arc::ptr_eq(&self.knowledge, knowledge)
    }

    /// Everyone the audience may see, in register order.
    pub fn people(&self) -> &[Person] {
        self.visible.as_deref().unwrap_or(&self.knowledge.people)
    }

    /// The person with this id.
    pub fn by_id(&self, id: &str) -> Option<&Person> {
        self.by_id.get(id).map(|&i| &self.people()[i as usize])
    }

    /// People with a word of their name or a form starting with the first word of `typed`
    /// (folded), in register order; everyone when nothing is typed. A superset for
    /// autocomplete's own test, found by binary search, so a keystroke costs the same with 40 or
    /// 400,000 people.
    pub fn with_prefix(&self, typed: &str) -> Vec<&Person> {
        let Some(first) = typed.split_whitespace().next().map(fold) else {
            return self.people().iter().collect();
        };
        let start = self
            .words_sorted
            .partition_point(|(w, _)| w.as_str() < first.as_str());
        let mut ids: Vec<u32> = self.words_sorted[start..]
            .iter()
            .take_while(|(w, _)| w.starts_with(&first))
            .map(|&(_, i)| i)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|i| &self.people()[i as usize])
            .collect()
    }

    /// Every folded word of the register's names and forms once, in order.
    fn unique_words(&self) -> impl Iterator<Item = &str> + Clone {
        unique(&self.words_sorted)
    }

    /// The folded words starting with `key`, with their people, found by binary search.
    fn words_starting(&self, key: &str) -> &[(String, u32)] {
        let start = self.words_sorted.partition_point(|(w, _)| w.as_str() < key);
        let len = self.words_sorted[start..]
            .iter()
            .take_while(|(w, _)| w.starts_with(key))
            .count();
        &self.words_sorted[start..start + len]
    }

    /// People a name typed in another script may be starting to name: its first word's
    /// spelling an exact prefix of a word of theirs (found through the sorted words, from each
    /// letter the spelling may start with), and every other word a prefix of another of their
    /// words, as [`Register::with_prefix`] and autocomplete's test do for Latin letters.
    pub fn with_spelled_prefix(&self, typed: &TypedName) -> Vec<&Person> {
        let Some(Word::Spelled(first)) = typed.words.first() else {
            return Vec::new();
        };
        let mut letters = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        for key in first.starts() {
            for (w, i) in self.words_starting(&key) {
                letters.clear();
                letters.extend(w.chars());
                if first.prefix_of(&letters).is_some() {
                    ids.push(*i);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|i| &self.people()[i as usize])
            .filter(|p| {
                if typed.words.len() == 1 {
                    return true;
                }
                let words: Vec<Vec<char>> = std::iter::once(&p.name)
                    .chain(&p.forms)
                    .flat_map(|f| f.split_whitespace())
                    .map(|w| fold(w).chars().collect())
                    .collect();
                typed.words[1..].iter().all(|t| {
                    words.iter().any(|w| match t {
                        Word::Spelled(s) => s.prefix_of(w).is_some(),
                        Word::Latin(l) => {
                            let l: Vec<char> = fold(l).chars().collect();
                            w.starts_with(&l)
                        }
                    })
                })
            })
            .collect()
    }

    /// The person one of whose forms is `form`, ignoring case and a trailing possessive: found
    /// through the word table, so it costs the same with 40 or 40,000 people.
    pub fn with_form(&self, form: &str) -> Option<&Person> {
        let wanted = fold(form.trim().trim_end_matches("'s").trim_end_matches("’s"));
        self.bearing(wanted).next()
    }

    /// How many people are called `form` (any case): by their full name or one of its forms,
    /// a surname or a given name ("Charles", "Nguyen").
    pub fn called(&self, form: &str) -> usize {
        self.bearing(fold(form.trim())).count()
    }

    /// Everyone whose name or one of its forms folds to `wanted`, found through the word table
    /// by its first word.
    fn bearing(&self, wanted: String) -> impl Iterator<Item = &Person> + '_ {
        let first = wanted.split_whitespace().next();
        let ids = first
            .and_then(|w| self.by_word.get(w))
            .into_iter()
            .flatten();
        ids.map(|&i| &self.people()[i as usize]).filter(move |p| {
            std::iter::once(&p.name)
                .chain(&p.forms)
                .any(|f| fold(f) == wanted)
        })
    }

    /// Everyone with the best name score for `q`, and that score (0: nobody by name).
    fn best_by_name(&self, q: &Query) -> (u32, Vec<usize>) {
        // Scores of 70 and up need a query word to be a word of the name or a form, so the
        // word table finds them all; only weaker matches (prefixes, typos) scan everyone.
        let mut candidates: Vec<usize> = q
            .text
            .split_whitespace()
            .flat_map(|w| [w, w.trim_end_matches("'s")])
            .filter_map(|w| self.by_word.get(w))
            .flatten()
            .map(|&i| i as usize)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best_of = |ids: &mut dyn Iterator<Item = usize>| {
            let mut best = (0, Vec::new());
            for i in ids {
                let s = score_folded(&self.people()[i], &self.names[i], q);
                if s > best.0 {
                    best = (s, vec![i]);
                } else if s == best.0 && s > 0 {
                    best.1.push(i);
                }
            }
            best
        };
        let best = best_of(&mut candidates.into_iter());
        if best.0 >= 70 {
            return best;
        }
        best_of(&mut (0..self.names.len()))
    }

    /// People whose roles (or side) contain every content word of the query.
    fn by_role(&self, q: &str) -> Vec<usize> {
        let words: Vec<String> = content_words(q).iter().map(|w| w.to_lowercase()).collect();
        if words.is_empty() {
            return Vec::new();
        }
        (0..self.role_texts.len())
            .filter(|&i| {
                let hay = &self.role_texts[i];
                words.iter().all(|w| hay.contains(w.trim_end_matches('s')))
            })
            .collect()
    }

    /// The people a query names: those matching best by name (with that score), else everyone
    /// whose role fits (score 0).
    pub fn find(&self, q: &str) -> (u32, Vec<&Person>) {
        let typed = TypedName::read(q);
        if typed.is_spelled() {
            return self.find_spelled(&typed);
        }
        let (best, ids) = self.best_by_name(&Query::new(q));
        let ids = if best > 0 { ids } else { self.by_role(q) };
        (best, ids.into_iter().map(|i| &self.people()[i]).collect())
    }
}

impl Register {
    /// The people a name typed in another script names: its Latin readings (each spelled word
    /// as the register word it spells) matched as typed Latin names are, the best kept. Roles
    /// are English words, so there is no search by role.
    fn find_spelled(&self, typed: &TypedName) -> (u32, Vec<&Person>) {
        let mut best: (u32, Vec<usize>) = (0, Vec::new());
        // Spelled exactly, every word is among those starting as its spelling does: a few
        // binary searches. Only when that finds nothing is everyone scanned within the
        // tolerance, as a Latin name matched by no word is.
        let exact = typed.readings_with(
            |s| {
                Box::new(
                    s.starts()
                        .into_iter()
                        .flat_map(|k| unique(self.words_starting(&k))),
                )
            },
            |_| 0,
        );
        let readings = if exact.is_empty() {
            typed.readings(self.unique_words(), edits_allowed)
        } else {
            exact
        };
        for reading in readings {
            let (score, ids) = self.best_by_name(&Query::new(&reading));
            if score > best.0 {
                best = (score, ids);
            } else if score == best.0 && score > 0 {
                best.1.extend(ids);
            }
        }
        best.1.sort_unstable();
        best.1.dedup();
        (
            best.0,
            best.1.into_iter().map(|i| &self.people()[i]).collect(),
        )
    }
}

/// Each word of a sorted word list once.
fn unique(words: &[(String, u32)]) -> impl Iterator<Item = &str> + Clone {
    words
        .iter()
        .enumerate()
        .filter(move |(i, (w, _))| *i == 0 || words[i - 1].0 != *w)
        .map(|(_, (w, _))| w.as_str())
}

/// A person as `/who` answers with them: name, each role once with where it was said, side.
pub fn found(p: &Person) -> PersonFound {
    let mut seen = HashSet::new();
    let roles = p
        .roles
        .iter()
        .filter(|r| seen.insert(r.role.to_lowercase()))
        .map(|r| RoleFound {
            role: r.role.clone(),
            outlet: r.outlet.clone(),
            date: r.date,
        })
        .collect();
    PersonFound {
        name: p.name.clone(),
        roles,
        side: p.side,
    }
}

/// Answers `/who`.
pub fn who(engine: &Scoped, q: &str) -> Result<Reply> {
    let register = engine.register();
    let (_, found) = register.find(q);
    if found.is_empty() {
        let (hits, citations) = text::ranked(engine, q)?;
        let found = if hits == 0 {
            Finding::NoMention
        } else {
            Finding::NoSuchPerson
        };
        return Ok((Some(found), citations, Vec::new()));
    }
    let tokens = query::query_tokens(engine, q);
    let answer = Finding::People {
        people: found.iter().map(|p| self::found(p)).collect(),
    };
    // Articles about the dispute first; in them, the passages that say who the person is, then
    // every other mention in order. Passages are read only until the citations are complete,
    // so a name mentioned in thousands of passages costs no more than a rare one.
    let mut streams = Vec::with_capacity(found.len());
    for p in &found {
        let hits = engine.search_iter(&Request {
            people: vec![p.id.clone()],
            stated_first: vec![p.id.clone()],
            limit: PASSAGES_LIMIT,
            ..Request::default()
        })?;
        streams.push((p.id.as_str(), hits));
    }
    let tokens = &tokens;
    let citations = streams.into_iter().flat_map(|(id, hits)| {
        hits.map(move |hit| {
            let passage = hit?.passage;
            let anchors: Vec<_> = passage
                .mentions
                .people
                .iter()
                .filter(|m| m.person == id)
                .map(|m| m.start..m.end)
                .collect();
            Ok(query::cite(engine, &passage, anchors, tokens))
        })
    });
    let citations = query::finish_fallible(citations, engine.max_citations())?;
    Ok((Some(answer), citations, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Person {
        let parts: Vec<&str> = name.split(' ').collect();
        Person {
            id: crate::extract::people::person_id(name),
            name: name.into(),
            forms: vec![name.into(), parts[1].into(), parts[0].into()],
            roles: Vec::new(),
            side: None,
            title_countries: Vec::new(),
            only_in: Vec::new(),
        }
    }

    #[test]
    fn a_register_shows_an_audience_only_the_people_and_roles_it_may_see() {
        use crate::corpus::ServerId;
        use crate::extract::people::RoleRecord;
        let role = |role: &str, server: Option<ServerId>| RoleRecord {
            role: role.into(),
            article: "x".into(),
            paragraph: 1,
            outlet: String::new(),
            date: None,
            server,
        };
        let mut everyone = person("Ada Lindqvist");
        everyone.roles = vec![
            role("Port Director", None),
            role("Harbour Master", Some(ServerId(1))),
        ];
        let mut local = person("Boris Ermakov");
        local.only_in = vec![ServerId(1)];
        let knowledge = Arc::new(Knowledge {
            people: vec![everyone, local],
            has_server_articles: true,
            ..Knowledge::default()
        });
        let one = Register::new(knowledge.clone(), Audience::server(ServerId(1)));
        let two = Register::new(knowledge.clone(), Audience::server(ServerId(2)));
        let shared = Register::new(knowledge, Audience::SHARED);
        let roles = |r: &Register| -> Vec<String> {
            r.with_form("Lindqvist")
                .map(|p| p.roles.iter().map(|x| x.role.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(roles(&one), ["Port Director", "Harbour Master"]);
        assert_eq!(roles(&two), ["Port Director"]);
        assert_eq!(roles(&shared), ["Port Director"]);
        assert!(one.with_form("Ermakov").is_some());
        assert!(two.with_form("Ermakov").is_none() && shared.with_form("Ermakov").is_none());
        assert_eq!(two.find("Ermakov").1.len(), 0);
        assert!(two.with_prefix("erm").is_empty());
    }

    #[test]
    fn a_word_several_people_are_called_is_counted_whatever_form_it_is() {
        let register = Register::new(
            Arc::new(Knowledge {
                people: ["Charles Okafor", "Lena Charles", "Minh Tran", "Tran Long"]
                    .map(person)
                    .to_vec(),
                ..Knowledge::default()
            }),
            Audience::SHARED,
        );
        // A given name and a surname; a family name written first and a surname.
        assert_eq!(register.called("Charles"), 2);
        assert_eq!(register.called("tran"), 2);
        assert_eq!(register.called("Okafor"), 1);
        assert_eq!(register.called("Lena Charles"), 1);
        assert_eq!(register.called("Okoro"), 0);
    }

    #[test]
    fn prefix_lookup_finds_what_a_scan_of_every_word_finds() {
        let people: Vec<Person> = (0..300)
            .map(|i| person(&format!("Name{} Sur{}x{}", i % 17, i % 23, i)))
            .collect();
        let register = Register::new(
            Arc::new(Knowledge {
                people: people.clone(),
                ..Knowledge::default()
            }),
            Audience::SHARED,
        );
        for typed in ["", "n", "name1", "sur2", "sur22x", "name3 sur", "zzz", "x"] {
            let scanned: Vec<&str> = people
                .iter()
                .filter(|p| {
                    let first = typed.split_whitespace().next();
                    first.is_none_or(|f| {
                        p.forms
                            .iter()
                            .flat_map(|form| form.split_whitespace())
                            .any(|w| w.to_lowercase().starts_with(f))
                    })
                })
                .map(|p| p.id.as_str())
                .collect();
            let found: Vec<&str> = register
                .with_prefix(typed)
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            assert_eq!(found, scanned, "{typed:?}");
        }
    }

    #[test]
    fn the_register_finds_the_same_people_as_scoring_everyone() {
        let mut karasin = person("Grigory Karasin");
        karasin.roles.push(crate::extract::people::RoleRecord {
            role: "Deputy Foreign Minister".into(),
            article: "000.txt".into(),
            paragraph: 8,
            outlet: "The Moscow Times".into(),
            date: None,
            server: None,
        });
        let people = vec![
            karasin,
            person("Minoru Tamba"),
            person("Shinzo Abe"),
            person("Akie Abe"),
            person("Sergei Lavrov"),
        ];
        let register = Register::new(
            Arc::new(Knowledge {
                people: people.clone(),
                ..Knowledge::default()
            }),
            Audience::SHARED,
        );
        let names = |q: &str| {
            let (score, found) = register.find(q);
            (
                score,
                found.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
            )
        };
        // Through the word table (70 and up), then by scanning everyone (prefix, typo, role).
        assert_eq!(
            names("Grigory Karasin"),
            (100, vec!["Grigory Karasin".into()])
        );
        assert_eq!(names("karasin's"), (90, vec!["Grigory Karasin".into()]));
        assert_eq!(
            names("Abe"),
            (90, vec!["Shinzo Abe".to_string(), "Akie Abe".to_string()])
        );
        assert_eq!(
            names("Deputy Minister Tamba"),
            (70, vec!["Minoru Tamba".into()])
        );
        assert_eq!(names("Lavr"), (60, vec!["Sergei Lavrov".into()]));
        assert_eq!(names("Lavrof"), (50, vec!["Sergei Lavrov".into()]));
        assert_eq!(
            names("deputy foreign ministers"),
            (0, vec!["Grigory Karasin".into()])
        );
        assert_eq!(names("Zorkin"), (0, Vec::new()));
        // Every match agrees with scoring each person one by one.
        for q in [
            "Grigory Karasin",
            "Abe",
            "Deputy Minister Tamba",
            "Lavr",
            "Lavrof",
            "Tamba",
        ] {
            let best = people.iter().map(|p| name_score(p, q)).max().unwrap();
            assert_eq!(register.find(q).0, best, "{q}");
        }
    }

    #[test]
    fn bounded_edits_agree_with_levenshtein() {
        for (a, b) in [
            ("karasin", "karasn"),
            ("karasin", "karasin"),
            ("karasin", "karpov"),
            ("kunasiri", "kunashiri"),
            ("", "ab"),
            ("abe", ""),
            ("putin", "tupin"),
        ] {
            for most in 0..4 {
                let a_chars: Vec<char> = a.chars().collect();
                assert_eq!(
                    within_edits(&a_chars, b, most),
                    strsim::levenshtein(a, b) <= most,
                    "{a} {b} {most}"
                );
            }
        }
    }

    #[test]
    fn names_match_by_form_prefix_and_typo() {
        let p = person("Grigory Karasin");
        assert_eq!(name_score(&p, "Grigory Karasin"), 100);
        assert_eq!(name_score(&p, "karasin"), 90);
        assert_eq!(name_score(&p, "Karasin's"), 90);
        assert_eq!(name_score(&p, "Kara"), 60);
        assert_eq!(name_score(&p, "Deputy Minister Karasin"), 70);
        assert_eq!(name_score(&p, "Karasn"), 50);
        assert_eq!(name_score(&p, "Lavrov"), 0);
        assert_eq!(name_score(&p, "ka"), 0);
    }
}
