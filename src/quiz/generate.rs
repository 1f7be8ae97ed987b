//! Turning cited sentences into questions: each question is one sentence of an article with one
//! thing blanked out (a person, a year, a place, a key phrase or a number), and three distractors
//! of the same kind drawn from the rest of the collection.
//!
//! Soundness first: a candidate is dropped, never patched up, when the sentence is not a clean
//! sentence, when the rest of it names the answer again (the question would give it away), or when
//! fewer than three distractors are certainly wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::rng::Rng;
use super::{Fact, Kind, Question, QuizCitation, QuizSource, Topic};
use crate::engine::{QuizScope, Scoped};
use crate::error::Result;
use crate::extract::{Gazetteer, Person, Place};
use crate::index::StoredPassage;

/// What stands where the answer was.
pub const BLANK: &str = "_____";

/// Sentences shorter or longer than this (in characters) make poor questions.
const SENTENCE_CHARS: Range<usize> = 40..401;

/// Default candidate passages a quiz on a topic also reads, for its distractors and parties.
const SAMPLE: usize = 200;

/// The least share of passages a party is named in. The parties the articles are about are
/// named in nearly every sentence: a blank for one is guessed from the other, so they are
/// neither answers nor distractors (see [`parties`]).
const PARTY_SHARE: f64 = 0.25;

/// Most places that can be parties at once.
const MAX_PARTIES: usize = 3;

/// Words before a place that make it where something happened ("talks in Moscow", "a visit to
/// Kunashir"), rather than a country standing for its government ("Moscow and Tokyo never
/// signed") or a modifier ("the Kuril dispute").
const LOCATIVE: [&str; 17] = [
    "in", "at", "on", "to", "from", "near", "off", "of", "over", "into", "across", "around",
    "visit", "visited", "visiting", "visits", "toward",
];

/// Last words that make a capitalised phrase the name of an agreement or a document.
const AGREEMENT_HEADS: [&str; 14] = [
    "treaty",
    "declaration",
    "agreement",
    "accord",
    "accords",
    "pact",
    "convention",
    "charter",
    "communique",
    "memorandum",
    "protocol",
    "act",
    "resolution",
    "statement",
];

/// Last words that make a capitalised phrase the name of a body: a ministry, a council, a force.
const BODY_HEADS: [&str; 30] = [
    "ministry",
    "council",
    "committee",
    "commission",
    "parliament",
    "duma",
    "diet",
    "assembly",
    "congress",
    "senate",
    "forum",
    "organization",
    "organisation",
    "agency",
    "office",
    "service",
    "forces",
    "army",
    "navy",
    "guard",
    "party",
    "group",
    "bank",
    "fund",
    "company",
    "corporation",
    "institute",
    "university",
    "court",
    "government",
];

/// What kind of thing a capitalised phrase names, from its head word (the word before "of", else
/// the last): only agreements and bodies are the key fact of a sentence; "World War II" or a
/// news agency's name are background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ThingClass {
    Agreement,
    Body,
}

fn thing_class(phrase: &str) -> Option<ThingClass> {
    let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
    let head = match words.iter().position(|w| w == "of") {
        Some(i) if i > 0 => &words[i - 1],
        _ => words.last()?,
    };
    if AGREEMENT_HEADS.contains(&head.as_str()) {
        Some(ThingClass::Agreement)
    } else if BODY_HEADS.contains(&head.as_str()) {
        Some(ThingClass::Body)
    } else {
        None
    }
}

/// Words too common to tell a topic or a fact by.
const STOPWORDS: [&str; 60] = [
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that",
    "these", "those", "there", "their", "they", "them", "he", "she", "his", "her", "him", "we",
    "you", "i", "what", "which", "who", "when", "where", "how", "about", "into", "than", "then",
    "so", "if", "but", "not", "no", "said", "will", "would",
];

/// Whether a lower-case word is too common to count.
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Whether `hay` (lower case) contains `word` (lower case) as a whole word or phrase.
pub fn contains_word(hay: &str, word: &str) -> bool {
    find_word(hay, word, 0).is_some()
}

/// The first whole-word occurrence of `word` in `hay` at or after byte `from`.
fn find_word(hay: &str, word: &str, from: usize) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let mut at = from;
    while let Some(i) = hay.get(at..)?.find(word) {
        let s = at + i;
        let e = s + word.len();
        let before = hay[..s].chars().next_back();
        let after = hay[e..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(s);
        }
        at = s + hay[s..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Content words of a sentence, lower case, for telling facts apart.
fn context_words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !is_stopword(w))
        .collect()
}

/// A clean sentence: starts like one, ends like one, not too short or long, no dateline.
fn fit_sentence(s: &str) -> bool {
    let n = s.chars().count();
    let first = s.chars().next();
    let last = s.chars().next_back();
    let starts = first.is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘'));
    let ends = last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’'));
    // "MOSCOW, October 8. /TASS/. …" or "TOKYO (AFP) -- …": a dateline is not the article's prose.
    let first_word: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    let dateline = first_word.chars().count() >= 3 && first_word.chars().all(char::is_uppercase);
    SENTENCE_CHARS.contains(&n) && starts && ends && !dateline && !s.contains("/TASS/")
}

/// One thing that can be blanked out of a sentence, before distractors are chosen.
#[derive(Debug, Clone)]
struct Blank {
    kind: Kind,
    /// Which of the material's passages it comes from.
    passage: usize,
    sentence: Range<usize>,
    /// Byte range of the answer in the paragraph.
    span: Range<usize>,
    /// The answer as the article writes it.
    answer: String,
    /// Canonical answer (see [`Fact::answer`]).
    key: String,
    /// How the choices are written: full names or surnames, for people.
    surname_only: bool,
    note: Option<String>,
    /// The question asked outright, when the sentence allows ("Who headed the talks?").
    ask: Option<String>,
}

/// Everything the generators share: the candidate passages' people, places, years, phrases and
/// quotes.
struct Pools<'a> {
    /// The people the candidate passages name (not the whole register, which grows with the
    /// collection), sorted by id.
    people: Vec<Person>,
    gazetteer: &'a Gazetteer,
    /// Years of every explicit date in the articles.
    years: BTreeSet<i32>,
    /// Key phrases by canonical form, with the form first written.
    phrases: BTreeMap<String, String>,
    /// Short quotations by canonical form.
    quotes: BTreeMap<String, String>,
    /// Numbers written as digits.
    numbers: BTreeSet<u64>,
    /// The parties the candidate passages are about (see [`parties`]).
    parties: BTreeSet<String>,
}

impl Pools<'_> {
    fn person(&self, id: &str) -> Option<&Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }
}

/// Number words the counting questions understand.
const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// Nouns after "two" that make a question too easy to be worth asking ("the two countries").
const OBVIOUS_PAIRS: [&str; 8] = [
    "countries",
    "sides",
    "nations",
    "leaders",
    "states",
    "neighbours",
    "neighbors",
    "ministers",
];

static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,3}}(?:,\d{{3}})+|\d+|{})\s+([a-z][a-z'’-]*s)\b",
        NUMBER_WORDS.join("|")
    ))
    .expect("number pattern compiles")
});

/// A capitalised word, or a connector inside a name ("Group of Seven"), or a roman numeral.
static PHRASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:of\s+)?(?:[A-Z][a-z]+|[IVX]+|[A-Z]{2,}))+\b")
        .expect("phrase pattern compiles")
});

static QUOTE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["“]([^"“”]{2,90}?)[.,]?["”]"#).expect("quote pattern compiles")
});

/// A quotation short enough to be a choice, and not one with quotes inside it.
fn quotable(q: &str) -> bool {
    (1..=12).contains(&q.split_whitespace().count()) && !q.contains(['\'', '‘'])
}

/// Words that make a capitalised run a title, a weekday, a month or an article's furniture rather
/// than the name of a thing.
const NOT_THINGS: [&str; 35] = [
    "president",
    "prime",
    "minister",
    "ministers",
    "deputy",
    "foreign",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "however",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "last",
    "for",
];

/// Whether a word keeps a capitalised run from naming a thing: a title, weekday, month or
/// connective ([`NOT_THINGS`]), or a country's word ("Russian", "Tokyo"), which says whose the
/// thing is, not what it is.
fn not_thing(word: &str) -> bool {
    NOT_THINGS.contains(&word) || crate::extract::countries::of_word(word).is_some()
}

/// Last words that make a capitalised run a title ("Deputy Foreign Minister"), not a thing.
const TITLE_HEADS: [&str; 8] = [
    "minister",
    "ministers",
    "president",
    "envoy",
    "secretary",
    "premier",
    "spokesman",
    "ambassador",
];

/// Words of a title that may also begin the name of a thing ("Foreign Ministry").
const TITLE_WORDS: [&str; 3] = ["foreign", "deputy", "prime"];

/// Words ending in "s" after a number that are not the things counted ("one has to").
const NOT_COUNTED: [&str; 10] = [
    "has", "was", "is", "does", "says", "goes", "this", "thus", "its", "as",
];

/// Most passages one quiz's questions are drawn from, chosen by the index (see
/// [`Scoped::quiz_passages`]): a collection of hundreds of thousands of articles costs a quiz
/// what a few hundred do.
pub const QUIZ_PASSAGES: usize = 1_000;

/// A quiz's material: its candidate passages, the pools its distractors come from, and every
/// blank they hold (on the topic, when one is given), in passage order.
pub(super) struct Material<'a> {
    passages: Vec<StoredPassage>,
    pools: Pools<'a>,
    blanks: Vec<Blank>,
}

impl<'a> Material<'a> {
    /// Reads the candidate passages of `topic` (the default ones without) and finds their
    /// blanks, keeping those about the topic.
    pub(super) fn read(engine: Scoped<'a>, topic: Option<&Topic>) -> Result<Material<'a>> {
        let everything = QuizScope::Everything;
        let scope = topic.map_or(&everything, |t| &t.scope);
        let mut passages = engine.quiz_passages(scope, QUIZ_PASSAGES)?;
        passages.sort_by_key(|p| (!p.source.on_topic, p.article, p.paragraph));
        // A topic's passages may be few: distractors and the parties also come from a sample of
        // the collection's default candidates, so a narrow topic still has plausible choices.
        let sample = match scope {
            QuizScope::Everything => Vec::new(),
            _ => engine.quiz_passages(&QuizScope::Everything, SAMPLE)?,
        };
        let named: BTreeSet<&str> = passages
            .iter()
            .chain(&sample)
            .flat_map(|p| p.mentions.people.iter().map(|m| m.person.as_str()))
            .collect();
        let mut pools = Pools {
            people: engine.people_with_ids(named),
            gazetteer: engine.gazetteer(),
            years: BTreeSet::new(),
            phrases: BTreeMap::new(),
            quotes: BTreeMap::new(),
            numbers: BTreeSet::new(),
            parties: BTreeSet::new(),
        };
        for p in passages.iter().chain(&sample) {
            collect_pools(p, &mut pools);
        }
        // Within a topic's passages the topic itself would look like a party.
        pools.parties = parties(if sample.is_empty() {
            &passages
        } else {
            &sample
        });
        let mut blanks = Vec::new();
        for (i, p) in passages.iter().enumerate() {
            for s in &p.sentences {
                let sentence = &p.text[s.clone()];
                if !fit_sentence(sentence) {
                    continue;
                }
                let from = blanks.len();
                who_blanks(p, s, &pools, &mut blanks);
                when_blanks(p, s, &mut blanks);
                where_blanks(p, s, &pools, &mut blanks);
                what_blanks(p, s, &mut blanks);
                how_many_blanks(p, s, &mut blanks);
                for b in &mut blanks[from..] {
                    b.passage = i;
                }
                if let Some(t) = topic {
                    let mut at = from;
                    while at < blanks.len() {
                        if t.matches_text(sentence, &blanks[at].answer) {
                            at += 1;
                        } else {
                            blanks.remove(at);
                        }
                    }
                }
            }
        }
        Ok(Material {
            passages,
            pools,
            blanks,
        })
    }

    /// How many blanks the material holds (an upper bound on its questions).
    pub(super) fn len(&self) -> usize {
        self.blanks.len()
    }

    /// The question blank `n` makes, with distractors and choice order from `seed`, if it makes a
    /// sound one.
    pub(super) fn question(&self, n: usize, seed: u64) -> Option<Question> {
        let b = &self.blanks[n];
        build(&self.passages[b.passage], b, &self.pools, seed)
    }

    /// Up to `count` questions for one quiz: sentences in an order shuffled by `seed` (the
    /// dispute's first), from each
    /// the blank of the kind the quiz has least of so far (its key fact first on a tie), never
    /// two questions with one answer or on one fact.
    pub(super) fn draw(&self, count: usize, seed: u64) -> Vec<Question> {
        // Blanks of one sentence are adjacent: group them by sentence.
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, b) in self.blanks.iter().enumerate() {
            match groups.last_mut() {
                Some(g)
                    if {
                        let first = &self.blanks[g.start];
                        first.passage == b.passage && first.sentence == b.sentence
                    } =>
                {
                    g.end = i + 1
                }
                _ => groups.push(i..i + 1),
            }
        }
        // The dispute's sentences first, each part in an order shuffled by the seed: a quiz
        // drawn from a mixed collection is about the dispute while it has questions to give.
        let mut rng = Rng::new(seed);
        let (mut groups, mut rest): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|g| self.passages[self.blanks[g.start].passage].source.on_topic);
        rng.shuffle(&mut groups);
        rng.shuffle(&mut rest);
        groups.extend(rest);
        let mut out: Vec<Question> = Vec::with_capacity(count.min(groups.len()));
        let mut per_kind = [0usize; Kind::ALL.len()];
        let slot = |k: Kind| Kind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        for g in groups {
            if out.len() >= count {
                break;
            }
            let mut order: Vec<usize> = g.collect();
            order.sort_by_key(|&i| {
                let k = self.blanks[i].kind;
                (per_kind[slot(k)], slot(k))
            });
            for i in order {
                let b = &self.blanks[i];
                if out
                    .iter()
                    .any(|q| q.fact.answer.eq_ignore_ascii_case(&b.key))
                {
                    continue;
                }
                let Some(q) = self.question(i, seed) else {
                    continue;
                };
                if out.iter().any(|o| super::same_fact(o, &q)) {
                    continue;
                }
                per_kind[slot(q.kind)] += 1;
                out.push(q);
                break;
            }
        }
        out
    }
}

/// Every question the default candidate passages yield (see [`QUIZ_PASSAGES`]), in their order.
pub fn all(engine: Scoped<'_>, seed: u64) -> Result<Vec<Question>> {
    let m = Material::read(engine, None)?;
    Ok((0..m.len()).filter_map(|n| m.question(n, seed)).collect())
}

/// The parties: the places named in at least [`PARTY_SHARE`] of the passages about the dispute
/// (of all passages, when none is) and at least half as often as the most named place; in a
/// dispute between two countries, both, whatever the countries are.
fn parties(passages: &[StoredPassage]) -> BTreeSet<String> {
    let on_topic = passages.iter().filter(|p| p.source.on_topic).count();
    let counted = |p: &&StoredPassage| on_topic == 0 || p.source.on_topic;
    let mut named_in: BTreeMap<&str, usize> = BTreeMap::new();
    for p in passages.iter().filter(counted) {
        let places: BTreeSet<&str> = p.mentions.places.iter().map(|m| m.place.as_str()).collect();
        for place in places {
            *named_in.entry(place).or_default() += 1;
        }
    }
    let n = if on_topic == 0 {
        passages.len()
    } else {
        on_topic
    };
    if n < 3 {
        return BTreeSet::new();
    }
    let mut ranked: Vec<(&str, f64)> = named_in
        .into_iter()
        .map(|(place, k)| (place, k as f64 / n as f64))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let top = ranked.first().map_or(0.0, |r| r.1);
    ranked
        .iter()
        .take(MAX_PARTIES)
        .filter(|(_, share)| *share >= PARTY_SHARE && *share >= top / 2.0)
        .map(|(p, _)| p.to_string())
        .collect()
}

fn collect_pools(p: &StoredPassage, pools: &mut Pools) {
    for d in p.mentions.dates.iter().filter(|d| !d.relative) {
        if d.text.contains(&d.value.year.to_string()) {
            pools.years.insert(d.value.year);
        }
    }
    for s in &p.sentences {
        let text = &p.text[s.clone()];
        // Furniture that survived cleaning ("Korea Herald daum") must not become a distractor.
        if !fit_sentence(text) {
            continue;
        }
        for (m, _) in phrases_in(p, s) {
            pools
                .phrases
                .entry(m.to_lowercase())
                .or_insert_with(|| m.to_string());
        }
        for c in QUOTE_RE.captures_iter(text) {
            let q = c[1].trim();
            if quotable(q) {
                pools
                    .quotes
                    .entry(q.to_lowercase())
                    .or_insert_with(|| q.to_string());
            }
        }
        for c in NUMBER_RE.captures_iter(text) {
            if let Ok(n) = c[1].replace(',', "").parse::<u64>() {
                pools.numbers.insert(n);
            }
        }
    }
}

/// Capitalised phrases of a sentence that name a thing (not a person, place, date or title),
/// with their byte ranges in the paragraph.
fn phrases_in<'a>(p: &'a StoredPassage, s: &Range<usize>) -> Vec<(&'a str, Range<usize>)> {
    let text = &p.text[s.clone()];
    let mut out = Vec::new();
    for m in PHRASE_RE.find_iter(text) {
        // Leading words that are not part of a name ("The", "Russian", "Thursday's").
        let mut start = m.start();
        let mut rest = m.as_str();
        while let Some(w) = rest.split_whitespace().next() {
            let bare = w
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase();
            let not_thing = not_thing(&bare) && !TITLE_WORDS.contains(&bare.as_str());
            if !(not_thing || w.ends_with("'s") || w.ends_with("’s")) {
                break;
            }
            let skip = rest.find(w).unwrap_or(0) + w.len();
            let skip = skip + (rest[skip..].len() - rest[skip..].trim_start().len());
            start += skip;
            rest = &rest[skip..];
        }
        let phrase = text[start..m.end()].trim();
        let n_words = phrase.split_whitespace().count();
        let last = phrase
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        if n_words < 2
            || phrase.starts_with("of ")
            || TITLE_HEADS.contains(&last.as_str())
            || phrase.split_whitespace().any(|w| {
                let w = w.to_lowercase();
                not_thing(&w) && !TITLE_WORDS.contains(&w.as_str())
            })
        {
            continue;
        }
        let abs = s.start + start..s.start + start + phrase.len();
        let overlaps = |r: &Range<usize>| r.start < abs.end && abs.start < r.end;
        let m = &p.mentions;
        if m.people.iter().any(|x| overlaps(&(x.start..x.end)))
            || m.places.iter().any(|x| overlaps(&(x.start..x.end)))
            || m.dates.iter().any(|x| overlaps(&(x.start..x.end)))
        {
            continue;
        }
        out.push((&p.text[abs.clone()], abs));
    }
    out
}

/// The surname of a person: the last word of the full name.
fn surname(p: &Person) -> &str {
    p.name.split_whitespace().last().unwrap_or(&p.name)
}

fn who_blanks(p: &StoredPassage, s: &Range<usize>, pools: &Pools, out: &mut Vec<Blank>) {
    for m in &p.mentions.people {
        if m.start < s.start || m.end > s.end {
            continue;
        }
        let Some(person) = pools.person(&m.person) else {
            continue;
        };
        let written = &p.text[m.start..m.end];
        let surname_only = written != person.name;
        if surname_only && written != surname(person) {
            continue;
        }
        let role = person.roles.first().map(|r| r.role.clone());
        let note = Some(match role {
            Some(r) => format!("{} — {r}", person.name),
            None => person.name.clone(),
        });
        out.push(Blank {
            kind: Kind::Who,
            passage: 0,
            sentence: s.clone(),
            span: m.start..m.end,
            answer: written.to_string(),
            key: person.id.clone(),
            surname_only,
            note,
            ask: who_question(&p.text, s, m.start..m.end),
        });
    }
}

/// Words after a sentence's subject that make "Who …?" of the rest: auxiliaries and common
/// irregular past forms (regular ones end in "-ed").
const SUBJECT_VERBS: [&str; 30] = [
    "was", "is", "has", "had", "will", "would", "could", "can", "may", "might", "should", "said",
    "says", "told", "met", "held", "led", "made", "took", "gave", "sent", "went", "came", "became",
    "wrote", "spoke", "left", "won", "put", "set",
];

/// "Who headed the Russian side of the talks?" from "Karasin headed the Russian side of the
/// talks.": when the sentence opens with the person and a verb follows, the rest is a question
/// about them. None when the rest quotes or refers back to something the question would not show.
fn who_question(text: &str, s: &Range<usize>, name: Range<usize>) -> Option<String> {
    if name.start != s.start {
        return None;
    }
    let sentence = &text[s.clone()];
    let rest = text[name.end..s.end].trim_start();
    let verb: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    let is_verb = verb.chars().next().is_some_and(char::is_lowercase)
        && (verb.len() > 4 && verb.ends_with("ed") || SUBJECT_VERBS.contains(&verb.as_str()));
    let body = rest.strip_suffix('.')?;
    if !is_verb
        || !sentence.ends_with('.')
        || body.contains(['"', '“', '”', '?', '!'])
        || body.split_whitespace().count() < 3
    {
        return None;
    }
    Some(format!("Who {body}?"))
}

fn when_blanks(p: &StoredPassage, s: &Range<usize>, out: &mut Vec<Blank>) {
    for d in p.mentions.dates.iter().filter(|d| !d.relative) {
        if d.start < s.start || d.end > s.end {
            continue;
        }
        let year = d.value.year.to_string();
        let Some(at) = d.text.find(&year) else {
            continue;
        };
        let start = d.start + at;
        let end = start + year.len();
        // "the 1990s", "2000's": a decade, not a year.
        if p.text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '’') {
            continue;
        }
        out.push(Blank {
            kind: Kind::When,
            passage: 0,
            sentence: s.clone(),
            span: start..end,
            answer: year.clone(),
            key: year,
            surname_only: false,
            note: (d.text != d.value.year.to_string()).then(|| d.text.clone()),
            ask: None,
        });
    }
}

fn where_blanks(p: &StoredPassage, s: &Range<usize>, pools: &Pools, out: &mut Vec<Blank>) {
    for m in &p.mentions.places {
        if m.start < s.start || m.end > s.end || pools.parties.contains(&m.place) {
            continue;
        }
        let before: Option<String> = p.text[s.start..m.start]
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty() && *w != "the")
            .map(str::to_lowercase);
        // "the Kuril Islands' dispute", "Moscow's effort": a possessive is a modifier too.
        let possessive = ["'", "’"].iter().any(|a| p.text[m.end..].starts_with(a));
        if possessive || !before.is_some_and(|w| LOCATIVE.contains(&w.as_str())) {
            continue;
        }
        // "Japan-Russia relations": half of a compound is not a place to name.
        let before = p.text[..m.start].chars().next_back();
        let after = p.text[m.end..].chars().next();
        if before == Some('-') || after == Some('-') {
            continue;
        }
        let Some(place) = pools.gazetteer.get(&m.place) else {
            continue;
        };
        let written = p.text[m.start..m.end].to_string();
        if !proper_place_name(&written, place, &p.text[m.end..]) {
            continue;
        }
        let others: Vec<&str> = place
            .all_names()
            .into_iter()
            .filter(|n| !n.eq_ignore_ascii_case(&written))
            .collect();
        let note = (!others.is_empty())
            .then(|| format!("{} — also called {}", place.label(), others.join(", ")));
        out.push(Blank {
            kind: Kind::Where,
            passage: 0,
            sentence: s.clone(),
            span: m.start..m.end,
            answer: written,
            key: place.name.clone(),
            surname_only: false,
            note,
            ask: None,
        });
    }
}

/// Whether the words the article uses for a place can stand as a choice beside other places'
/// names: a proper name ("Kunashir", "Northern Territories"), not a description ("disputed
/// islands"), an adjective ("Siberian") or a short form used as one ("Kuril issue", "U.S. troops").
fn proper_place_name(written: &str, place: &Place, after: &str) -> bool {
    let lower = written.to_lowercase();
    if !written.starts_with(char::is_uppercase)
        || ["ian", "ese", "ish"].iter().any(|e| lower.ends_with(e))
    {
        return false;
    }
    let is_main = [
        Some(&place.name),
        place.russian.as_ref(),
        place.japanese.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|n| n.eq_ignore_ascii_case(written));
    let one_word = !written.contains(' ');
    let modifies_next =
        after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_lowercase());
    is_main || !(one_word && place.name.contains(' ') && modifies_next)
}

fn what_blanks(p: &StoredPassage, s: &Range<usize>, out: &mut Vec<Blank>) {
    for (phrase, span) in phrases_in(p, s) {
        if thing_class(phrase).is_none() {
            continue;
        }
        out.push(Blank {
            kind: Kind::What,
            passage: 0,
            sentence: s.clone(),
            span,
            answer: phrase.to_string(),
            key: phrase.to_lowercase(),
            surname_only: false,
            note: None,
            ask: None,
        });
    }
    let text = &p.text[s.clone()];
    for c in QUOTE_RE.captures_iter(text) {
        let g = c.get(1).expect("group 1");
        let q = g.as_str().trim();
        if !quotable(q) {
            continue;
        }
        let start = s.start + g.start() + (g.as_str().len() - g.as_str().trim_start().len());
        out.push(Blank {
            kind: Kind::What,
            passage: 0,
            sentence: s.clone(),
            span: start..start + q.len(),
            answer: q.to_string(),
            key: format!("quote:{}", q.to_lowercase()),
            surname_only: false,
            note: None,
            ask: None,
        });
    }
}

fn how_many_blanks(p: &StoredPassage, s: &Range<usize>, out: &mut Vec<Blank>) {
    let text = &p.text[s.clone()];
    for c in NUMBER_RE.captures_iter(text) {
        let n = c.get(1).expect("group 1");
        let noun = c[2].to_lowercase();
        let word = n.as_str().to_lowercase();
        // "one" is more often a pronoun than a count; "two countries" is too easy to ask.
        if word == "one"
            || NOT_COUNTED.contains(&noun.as_str())
            || noun.ends_with("ss")
            || (word == "two" && OBVIOUS_PAIRS.contains(&noun.as_str()))
        {
            continue;
        }
        let start = s.start + n.start();
        let end = s.start + n.end();
        // Years and dates are for "when"; "2+2" is a name, not a count.
        if p.mentions
            .dates
            .iter()
            .any(|d| d.start < end && start < d.end)
            || text[..n.start()].ends_with('+')
        {
            continue;
        }
        let value = number_value(&word);
        let Some(value) = value else { continue };
        out.push(Blank {
            kind: Kind::HowMany,
            passage: 0,
            sentence: s.clone(),
            span: start..end,
            answer: n.as_str().to_string(),
            key: value.to_string(),
            surname_only: false,
            note: None,
            ask: None,
        });
    }
}

fn number_value(word: &str) -> Option<u64> {
    NUMBER_WORDS
        .iter()
        .position(|w| *w == word)
        .map(|i| i as u64 + 1)
        .or_else(|| word.replace(',', "").parse().ok())
}

fn format_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Lower-cased strings none of which may appear in the question text, or it gives the answer away.
fn giveaways(b: &Blank, pools: &Pools) -> Vec<String> {
    let mut out = vec![b.answer.to_lowercase()];
    match b.kind {
        Kind::Who => {
            if let Some(p) = pools.person(&b.key) {
                out.extend(p.forms.iter().map(|f| f.to_lowercase()));
            }
        }
        Kind::Where => {
            if let Some(place) = pools.gazetteer.get(&b.key) {
                out.extend(place.all_names().iter().map(|n| n.to_lowercase()));
            }
        }
        Kind::HowMany => {
            if let Some(v) = number_value(&b.answer.to_lowercase()) {
                out.push(v.to_string());
                if let Some(w) = NUMBER_WORDS.get((v as usize).wrapping_sub(1)) {
                    out.push((*w).to_string());
                }
            }
        }
        Kind::When | Kind::What => {}
    }
    out
}

/// "Siberian" names Siberia, "Soviet" the Soviet Union: words sharing a name's first five letters.
fn stem_giveaway(question: &str, place: &Place) -> bool {
    let words: Vec<String> = question
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    place.all_names().iter().any(|n| {
        let first = n.split_whitespace().next().unwrap_or("").to_lowercase();
        let stem: String = first.chars().take(5).collect();
        stem.chars().count() >= 5 && words.iter().any(|w| w.starts_with(&stem))
    })
}

/// Whether a place is `name` or lies within it, or contains it: both would be right answers.
fn related(g: &Gazetteer, a: &str, b: &str) -> bool {
    let within = |inner: &str, outer: &str| {
        let mut at = g.get(inner);
        let mut steps = 0;
        while let Some(p) = at {
            if p.name == outer {
                return true;
            }
            at = p.part_of.as_deref().and_then(|n| g.get(n));
            steps += 1;
            if steps > 16 {
                break;
            }
        }
        false
    };
    within(a, b) || within(b, a)
}

/// A coarse class for places, from the gazetteer's own description, so distractors are of the
/// same kind (a city for a city, an island for an island): the class whose word comes first in
/// the description wins ("The Soviet state …, which took the islands" is a state, not an island).
fn place_class(p: &Place) -> usize {
    const CLASSES: [&[&str]; 4] = [
        &["island", "islet"],
        &["city", "capital"],
        &["sea ", "sea,", "ocean"],
        &[
            "state",
            "part of",
            "neighbour",
            "ally",
            "country",
            "parties",
        ],
    ];
    let about = p.about.to_lowercase();
    CLASSES
        .iter()
        .enumerate()
        .filter_map(|(i, words)| {
            words
                .iter()
                .filter_map(|w| about.find(w))
                .min()
                .map(|at| (at, i))
        })
        .min()
        .map_or(CLASSES.len(), |(_, i)| i)
}

/// Initials of a phrase's words ("World War II" → "WWII"), to catch an acronym of the answer.
fn initials(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .filter(|w| *w != "of")
        .map(|w| {
            if w.chars().all(|c| "IVX".contains(c)) {
                w.to_string()
            } else {
                w.chars().next().map(String::from).unwrap_or_default()
            }
        })
        .collect::<String>()
        .to_lowercase()
}

/// Two phrases that may name the same thing: equal, one inside the other, or an acronym.
fn same_thing(a: &str, b: &str) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    la == lb
        || contains_word(&la, &lb)
        || contains_word(&lb, &la)
        || initials(a) == squash(b)
        || initials(b) == squash(a)
}

/// Distractor candidates for a blank, in a fixed order, each certainly wrong.
fn candidates(b: &Blank, excerpt_lower: &str, pools: &Pools) -> Vec<String> {
    let absent = |s: &str| !excerpt_lower.contains(&s.to_lowercase());
    match b.kind {
        Kind::Who => {
            let me = pools.person(&b.key);
            let my_roles: BTreeSet<String> = me
                .map(|p| p.roles.iter().map(|r| role_key(&r.role)).collect())
                .unwrap_or_default();
            let my_side = me.and_then(|p| p.side);
            let mut tiered: Vec<(u8, String)> = pools
                .people
                .iter()
                .filter(|p| p.id != b.key)
                // Someone the text never gives a title or side may not be a person at all.
                .filter(|p| !p.roles.is_empty() || p.side.is_some())
                // A second person with the same title could have done the same thing.
                .filter(|p| {
                    !p.roles
                        .iter()
                        .any(|r| my_roles.contains(&role_key(&r.role)))
                })
                .filter(|p| p.forms.iter().all(|f| absent(f)))
                .map(|p| {
                    // The same side first, then anyone with a title: a plausible name is one
                    // that could have stood in the sentence.
                    let tier = match (my_side, p.side) {
                        (Some(a), Some(b)) if a == b => 0,
                        _ if !p.roles.is_empty() => 1,
                        _ => 2,
                    };
                    let name = if b.surname_only {
                        surname(p).to_string()
                    } else {
                        p.name.clone()
                    };
                    (tier, name)
                })
                .collect();
            tiered.sort_by_key(|(tier, _)| *tier);
            // Only the best tier that has three names is offered, so a question never mixes a
            // plausible name with two that are not.
            let best = (0..=2u8).find(|t| tiered.iter().filter(|(x, _)| x <= t).count() >= 3);
            tiered
                .into_iter()
                .filter(|(t, _)| best.is_some_and(|b| *t <= b))
                .map(|(_, n)| n)
                .collect()
        }
        Kind::When => {
            let year: i32 = b.key.parse().unwrap_or(0);
            let mut ys: Vec<i32> = pools
                .years
                .iter()
                .copied()
                .filter(|y| *y != year && absent(&y.to_string()))
                .collect();
            // Nearby years make a fairer question than ones decades away.
            ys.sort_by_key(|y| ((y - year).abs(), *y));
            ys.truncate(6);
            ys.into_iter().map(|y| y.to_string()).collect()
        }
        Kind::Where => {
            let g = pools.gazetteer;
            let Some(me) = g.get(&b.key) else {
                return Vec::new();
            };
            let ok = |p: &&Place| {
                p.name != me.name
                    && !pools.parties.contains(&p.name)
                    && !related(g, &p.name, &me.name)
                    && p.all_names().iter().all(|n| absent(n))
            };
            let mut same: Vec<String> = g
                .places()
                .iter()
                .filter(ok)
                .filter(|p| place_class(p) == place_class(me))
                .map(|p| p.name.clone())
                .collect();
            if same.len() < 3 {
                same.extend(
                    g.places()
                        .iter()
                        .filter(ok)
                        .filter(|p| place_class(p) != place_class(me))
                        .map(|p| p.name.clone()),
                );
            }
            same
        }
        Kind::What => {
            let pool = if b.key.starts_with("quote:") {
                &pools.quotes
            } else {
                &pools.phrases
            };
            // A ministry for a ministry, a treaty for a treaty: another kind of thing is guessed
            // away at a glance.
            let class = thing_class(&b.answer);
            pool.values()
                .filter(|v| b.key.starts_with("quote:") || thing_class(v) == class)
                .filter(|v| !same_thing(v, &b.answer))
                .filter(|v| absent(v))
                .cloned()
                .collect()
        }
        Kind::HowMany => {
            let Some(v) = number_value(&b.answer.to_lowercase()) else {
                return Vec::new();
            };
            let as_word = b.answer.chars().all(char::is_alphabetic);
            let mut values: Vec<u64> = if as_word {
                (1..=NUMBER_WORDS.len() as u64).collect()
            } else {
                // Few numbers in a small collection: the others it has, then the same number's
                // neighbours by order of magnitude.
                let mut v: Vec<u64> = pools.numbers.iter().copied().collect();
                let n: u64 = b.key.parse().unwrap_or(0);
                v.extend([n / 10, n * 10, n / 2, n * 2]);
                v
            };
            values.retain(|x| *x != v && *x > 0);
            values.sort_by_key(|x| (x.abs_diff(v), *x));
            values.dedup();
            values
                .into_iter()
                .map(|x| {
                    if as_word {
                        let w = NUMBER_WORDS[x as usize - 1];
                        if b.answer.starts_with(char::is_uppercase) {
                            let mut c = w.chars();
                            c.next()
                                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                                .unwrap_or_default()
                        } else {
                            w.to_string()
                        }
                    } else {
                        format_number(x)
                    }
                })
                .filter(|s| absent(s))
                .take(5)
                .collect()
        }
    }
}

/// A role without the side's words and possessives, so "Russia's Deputy Foreign Minister" and
/// "Russian Deputy Foreign Minister" compare equal.
fn role_key(role: &str) -> String {
    let role = role.split(" of ").next().unwrap_or(role);
    role.split_whitespace()
        .map(|w| {
            w.trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
        .filter(|w| {
            !matches!(
                w.as_str(),
                "his" | "her" | "the" | "former" | "then" | "acting"
            ) && crate::extract::countries::of_word(w).is_none()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn prompt(kind: Kind) -> &'static str {
    match kind {
        Kind::Who => "Who fills the blank?",
        Kind::When => "Which year fills the blank?",
        Kind::Where => "Which place fills the blank?",
        Kind::What => "Which words fill the blank?",
        Kind::HowMany => "How many? Fill the blank.",
    }
}

fn build(p: &StoredPassage, b: &Blank, pools: &Pools, seed: u64) -> Option<Question> {
    let sentence = &p.text[b.sentence.clone()];
    let rel = b.span.start - b.sentence.start..b.span.end - b.sentence.start;
    let blanked = format!("{}{BLANK}{}", &sentence[..rel.start], &sentence[rel.end..]);
    let blanked_lower = blanked.to_lowercase();
    if giveaways(b, pools)
        .iter()
        .any(|g| contains_word(&blanked_lower, g))
    {
        return None;
    }
    if b.kind == Kind::Where {
        if let Some(place) = pools.gazetteer.get(&b.key) {
            if stem_giveaway(&blanked, place) {
                return None;
            }
        }
    }
    let excerpt_lower = sentence.to_lowercase();
    let mut pool = candidates(b, &excerpt_lower, pools);
    pool.retain(|c| !c.trim().is_empty() && !c.eq_ignore_ascii_case(&b.answer));
    pool.dedup_by(|x, y| x.eq_ignore_ascii_case(y));
    if pool.len() < 3 {
        return None;
    }
    let article = &p.source;
    let id = format!(
        "{}-{}-p{}-{}",
        b.kind.name(),
        article.id.split('_').next().unwrap_or(&article.id),
        p.paragraph,
        b.span.start
    );
    let mut rng = Rng::for_label(seed, &id);
    // Nearest-first pools (years, numbers) keep their best few; the rest are shuffled whole.
    rng.shuffle(&mut pool);
    let mut choices: Vec<String> = pool.into_iter().take(3).collect();
    let answer = rng.below(4);
    choices.insert(answer, b.answer.clone());
    let date = article
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    let asked = b.ask.as_deref().unwrap_or(prompt(b.kind));
    let question = format!("{asked} In {} ({date}): “{blanked}”", article.outlet);
    let mut context = context_words(&blanked.replace(BLANK, " "));
    context.remove(&b.key.to_lowercase());
    Some(Question {
        id,
        kind: b.kind,
        question,
        choices,
        answer,
        citation: QuizCitation {
            excerpt: sentence.to_string(),
            source: QuizSource {
                id: article.id.clone(),
                title: article.title.clone(),
                outlet: article.outlet.clone(),
                date,
                paragraph: p.paragraph,
            },
        },
        note: b.note.clone(),
        fact: Fact {
            answer: b.key.clone(),
            sentence: (p.article, p.paragraph, b.sentence.start),
            context,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_sentences_only() {
        assert!(fit_sentence(
            "Putin is expected to visit Japan later this year, the Kremlin said."
        ));
        assert!(!fit_sentence("He did not elaborate."), "too short");
        assert!(!fit_sentence(
            "MOSCOW, October 8. /TASS/. Another round of consultation will be held in Moscow."
        ));
        assert!(!fit_sentence(
            "TOKYO (AFP) -- Japan and Russia on Wednesday held talks aimed at resolving it."
        ));
        assert!(!fit_sentence(
            "the sentence starts in lower case and goes on for a while."
        ));
    }

    #[test]
    fn acronyms_and_contained_phrases_name_the_same_thing() {
        assert!(same_thing("World War II", "WWII"));
        assert!(same_thing("Foreign Ministry", "Russian Foreign Ministry"));
        assert!(!same_thing("Jiji Press", "Group of Seven"));
    }

    #[test]
    fn roles_compare_without_sides() {
        assert_eq!(
            role_key("Russia's Deputy Foreign Minister"),
            role_key("Russian Deputy Foreign Minister")
        );
        assert_ne!(role_key("Prime Minister"), role_key("President"));
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_word("the four islands", "four"));
        assert!(!contains_word("fourteen islands", "four"));
        assert!(contains_word("abe's visit", "abe"));
        assert_eq!(format_number(19000), "19,000");
        assert_eq!(number_value("19,000"), Some(19000));
        assert_eq!(number_value("four"), Some(4));
    }

    #[test]
    fn places_inside_each_other_are_related() {
        let g = Gazetteer::builtin();
        assert!(related(&g, "Kunashir", "Kuril Islands"));
        assert!(related(&g, "Southern Kuril Islands", "Kunashir"));
        assert!(!related(&g, "Sakhalin", "Kunashir"));
        assert_eq!(place_class(g.get("Soviet Union").unwrap()), 3);
        assert_eq!(place_class(g.get("Iturup").unwrap()), 0);
        assert_eq!(place_class(g.get("Sochi").unwrap()), 1);
        assert_eq!(place_class(g.get("Pacific").unwrap()), 2);
        assert!(stem_giveaway(
            "the _____ city of Krasnoyarsk is Siberian",
            g.get("Siberia").unwrap()
        ));
    }
}
