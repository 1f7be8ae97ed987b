//! The sentence answer: when no typed short answer stands, the one sentence of the cited passages
//! that holds the question, quoted whole.
//!
//! A sentence holds a question when it holds most of the question's weight (its words, rarer ones
//! weighing more), its names in the sentence or around it ("he said" after the name), at least one
//! of its other words, and, for a question asking for a thing of a kind (a date, a number, a
//! person, a place), a word of that kind besides the question's own. A sentence that holds less is
//! about something near the question, not an answer to it: the articles do not answer it.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::answer::AnswerKind;
use super::initials::is_abbreviation;
use super::question::{self, Question};
use super::{attribution, short_answer, Scoped};
use crate::index::{Hit, StoredPassage};

/// A sentence that holds the question, and where it is.
#[derive(Debug, Clone)]
pub struct Held {
    /// Index of its passage among the hits looked through.
    pub passage: usize,
    /// Byte range of the sentence in the passage.
    pub sentence: Range<usize>,
    /// Share of the question's weight the sentence holds, 0 to 1.
    pub share: f32,
    /// How it ranks against other sentences: its share, and its passage's search score.
    pub score: f32,
}

/// A sentence must hold at least this share of the question's weight (its words weighed by how
/// rare they are in the articles) to be quoted as the answer.
const MIN_SHARE: f32 = 0.6;

/// A sentence of the best passage that writes a thing of the kind asked may hold this much less.
const MIN_SHARE_NEAR: f32 = 0.5;

/// How much a name the sentence leaves to its passage counts: the paragraph is about it ("Its
/// cranes arrived in May." after the sentence naming the quay), more surely than a name elsewhere
/// in the article, which counts half.
const NAME_IN_PASSAGE: f32 = 0.75;

/// A thing asked for ("What …?", "Which club …?") has no kind a word of the sentence can be
/// checked against, as a date, place or person has: the sentence must hold more of the question,
/// so that one that shares only its topic neither answers nor stands as a rival to one that does.
const MIN_SHARE_THING: f32 = 0.7;

/// A yes or no is a whole proposition: the sentence quoted for it must hold nearly all of it.
const MIN_SHARE_YES_NO: f32 = 0.8;

/// A sentence of another article within this much of the best makes the answer uncertain.
const RIVAL_MARGIN: f32 = 0.2;

/// How much the passage's search rank counts beside the share, when two sentences hold as much.
const RANK_WEIGHT: f32 = 0.15;

/// A sentence longer than this many words holds the question's words more often by chance.
const LONG_WORDS: usize = 25;

/// How much each further `LONG_WORDS` words lower a sentence's rank.
const LENGTH_WEIGHT: f32 = 0.12;

/// A question with this many words besides its names may word one of them otherwise.
const MANY_WORDS: usize = 4;

/// How much a verb that takes another verb ("decide", "want") counts against a word of its own.
const CATENATIVE_WEIGHT: f32 = 0.3;

/// How a sentence's words are weighed against the question's.
pub struct Weighing<'a> {
    /// Each term's weight (see [`weights`]).
    pub weights: &'a [f32],
    /// Whether any passage looked through writes each term (an abbreviation no passage writes
    /// may be left out).
    pub written: &'a [bool],
}

/// The question's words with their weights: rarer words count more, names twice.
pub fn weights(engine: &Scoped, q: &Question) -> Vec<f32> {
    q.terms
        .iter()
        .map(|t| {
            let rarity = t
                .stems
                .first()
                .map(|s| engine.rarity(s))
                .unwrap_or(1.0)
                .max(0.5);
            if t.name {
                2.0 * rarity
            } else if question::is_catenative(&t.text) {
                // "decide to share": the sentence may state the sharing alone.
                CATENATIVE_WEIGHT * rarity
            } else {
                rarity
            }
        })
        .collect()
}

/// The share of the question's weight that sentence `s` of `p` holds, when it holds the question
/// (see the module's comment); `None` otherwise. `found` are the question's words in the passage,
/// `article` their stems in the article's other passages.
pub fn holds(
    q: &Question,
    weighing: &Weighing,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
    article: &HashSet<String>,
    reach: Reach,
) -> Option<f32> {
    let near = reach == Reach::Near;
    if near && !reaches_near(q.kind) {
        return None;
    }
    if q.terms.is_empty() || is_question(&p.text[s.clone()]) {
        return None;
    }
    if short_answer::names_another_number(q, p, s, found) {
        return None;
    }
    // Whether each term is in the sentence, found once: a name the sentence refers back to by a
    // pronoun ("He said …") is in it.
    let here: Vec<bool> = q
        .terms
        .iter()
        .map(|t| {
            found
                .iter()
                .any(|(stem, r)| t.matches(stem) && r.start >= s.start && r.end <= s.end)
                || short_answer::standing_for(t, p, s, found).is_some()
                || short_answer::pair_stands_for(q, t, p, s, found, article)
        })
        .collect();
    // "When did Elena become minister?": the date asked is the event's, which a sentence without
    // the question's verb after its named subject does not give.
    if q.kind == AnswerKind::Date && q.verb.or(q.event_noun()).is_some_and(|v| !here[v]) {
        return None;
    }
    // "What did the museum buy?": the thing asked is what the verb did, which a sentence without
    // the verb after the named subject (or a word that may stand for it) does not give.
    if q.kind == AnswerKind::Thing && q.verb.is_some_and(|v| !here[v]) {
        return None;
    }
    // "Who heads the union?": the person asked is the one who did it, which a sentence naming
    // people without the verb (or a word that may stand for it) does not say.
    if q.kind == AnswerKind::Person && q.agent.is_some_and(|v| !here[v]) {
        return None;
    }
    let mut total = 0.0;
    let mut got = 0.0;
    let mut words_here = 0;
    let mut words = 0;
    for (i, (t, &w)) in q.terms.iter().zip(weighing.weights).enumerate() {
        let in_sentence = here[i];
        if t.aside && !in_sentence {
            continue;
        }
        if t.qualifier && !in_sentence {
            total += w;
            continue;
        }
        let in_passage = found.iter().any(|(stem, _)| t.matches(stem));
        let nearby = in_passage || t.stems.iter().any(|st| article.contains(st));
        total += w;
        if t.name {
            // A name may be given around the sentence ("he said"), never left out; but the last word
            // of a name will do ("Sigrun Hallsdottir" asked, "Hallsdottir" written),
            // and an abbreviation may be written out ("UN", "the United Nations").
            let part_of_name = |j: usize| q.terms.get(j).is_some_and(|n| n.name && here[j]);
            // The name's later word is the one written alone ("Hallsdottir", "Commons"); a
            // first word ("La", "New") is no name without the rest.
            let joined_after = q.terms.get(i + 1).is_some_and(|n| n.follows) && part_of_name(i + 1);
            match (in_sentence, nearby) {
                (true, _) => got += w,
                (false, true) if in_passage => got += NAME_IN_PASSAGE * w,
                (false, true) => got += 0.5 * w,
                _ if joined_after => total -= w,
                // An abbreviation no passage writes is left out (the articles may not use it);
                // one that others write only weighs against the sentence that does not.
                _ if is_abbreviation(&t.text) && !weighing.written[i] => total -= w,
                _ if is_abbreviation(&t.text) => {}
                (false, false) => return None,
            }
        } else {
            words += 1;
            if in_sentence {
                got += w;
                words_here += 1;
            }
        }
    }
    // A sentence that holds the names and none of the question's other words is about them, not
    // an answer about what was asked ("the population of Vardø" is not in a sentence that only
    // names Vardø); only a verb that glosses a name may be left unwritten ("What does Kolbey
    // mean?", "Kolbey — \"cold island\" in Old Norse").
    let only_gloss = words == 1
        && q.terms
            .iter()
            .any(|t| !t.name && question::is_gloss(&t.text));
    if words > 0 && words_here == 0 && !only_gloss {
        return None;
    }
    // A yes or no is a whole proposition: every word of it must be in the sentence. A person
    // asked for is named in a sentence of many people: the sentence must say what the question
    // says they did, all of it but one word of a long question. A date, place or number is
    // found in many sentences near the question's names: the sentence must hold the event too
    // ("construction … begin", not "decide … whether to build"), all but a third of its words.
    let may_miss = match q.kind {
        AnswerKind::YesNo => 0,
        AnswerKind::Person if words >= MANY_WORDS => 1,
        AnswerKind::Person => 0,
        AnswerKind::Date
        | AnswerKind::Place
        | AnswerKind::Number
        | AnswerKind::Amount
        | AnswerKind::Duration => (words / 3).max(1),
        _ => words,
    };
    let may_miss = if near {
        may_miss.max(words.div_ceil(2))
    } else {
        may_miss
    };
    if words - words_here > may_miss {
        return None;
    }
    let share = got / total.max(f32::EPSILON);
    let least = if near {
        MIN_SHARE_NEAR
    } else if q.kind == AnswerKind::YesNo {
        MIN_SHARE_YES_NO
    } else if q.kind == AnswerKind::Thing {
        MIN_SHARE_THING
    } else {
        MIN_SHARE
    };
    (share >= least && has_kind(q, p, s)).then_some(share)
}

/// How rare (see [`weights`]) a name or number must be for two sentences that share it to agree:
/// a word in fewer than about one passage in four hundred, not "Minister" or "Turkish".
const RARE_NAME: f32 = 6.0;

/// The rare names and numbers a sentence adds to the question: two sentences that share one say the
/// same thing ("Ambassador Ilse Marken said" in two reports), not rival answers.
fn new_words(engine: &Scoped, q: &Question, sentence: &str) -> HashSet<String> {
    let asked = q.text.to_lowercase();
    sentence
        .split_whitespace()
        .skip(1)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && !asked.contains(&w.to_lowercase())
        })
        .flat_map(|w| engine.analyse(w))
        .filter(|t| engine.rarity(t) >= RARE_NAME)
        .collect()
}

/// Where a sentence's own words start after a dateline ("OSLO, March 3. /Agency/.", "OSLO, March 3
/// (Agency) -- ", "Oslo, Norway - "): the dateline's place and date are the report's, not the
/// answer's.
pub fn after_dateline(text: &str, s: &Range<usize>) -> Range<usize> {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        let place = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}";
        let month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}";
        Regex::new(&format!(
            r"^\s*(?:{place},\s+{month}\.\s*/[^/]{{1,40}}/\.?|{place}(?:(?:,\s+{month})(?:\s*\([^)]{{1,40}}\))?|\s*\([^)]{{1,40}}\)|(?:,\s+{place})+)\s*[-–—]{{1,2}}\s|\(\d{{2}}\.\d{{2}}\.\d{{4}}\))\s*"
        ))
        .expect("pattern compiles")
    });
    match DATELINE.find(&text[s.clone()]) {
        Some(m) if s.start + m.end() < s.end => s.start + m.end()..s.end,
        _ => s.clone(),
    }
}

/// A sentence that asks rather than states ("Was there a wiretap?", quoted in an article).
pub fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)".contains(c))
        .ends_with('?')
}

/// Words in a sentence, for weighing its length.
fn word_count(sentence: &str) -> usize {
    sentence.split_whitespace().count()
}

/// The sentence of the first `hits` that holds the question best, if any does. `found[i]` are the
/// question's words in the passage of `hits[i]`, `elsewhere[i]` their stems in its article's other
/// passages.
pub fn best(
    engine: &Scoped,
    q: &Question,
    hits: &[Hit],
    found: &[Vec<(String, Range<usize>)>],
    elsewhere: &[HashSet<String>],
) -> Option<Held> {
    let (weights, written) = weighed(engine, q, found);
    let weighing = Weighing {
        weights: &weights,
        written: &written,
    };
    let mut all: Vec<Held> = Vec::new();
    for (i, h) in hits.iter().enumerate().take(found.len()) {
        for s in &h.passage.sentences {
            let s = after_dateline(&h.passage.text, s);
            all.extend(held_at(
                engine,
                q,
                &weighing,
                hits,
                i,
                s,
                &found[i],
                &elsewhere[i],
                Reach::Strict,
            ));
        }
    }
    all.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut it = all.into_iter();
    let held = it.next()?;
    // Another article's sentence holding the question nearly as well: which one answers is not
    // known, so neither is quoted as the answer.
    let text = |h: &Held| &hits[h.passage].passage.text[h.sentence.clone()];
    let margin = RIVAL_MARGIN;
    let said = new_words(engine, q, text(&held));
    let rival = it.take_while(|o| o.score > held.score - margin).any(|o| {
        hits[o.passage].passage.article != hits[held.passage].passage.article
            && text(&o) != text(&held)
            && said.is_disjoint(&new_words(engine, q, text(&o)))
    });
    (!rival).then_some(held)
}

/// How much of the question a sentence must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Any passage looked through: all of the question's words, bar what its kind allows.
    Strict,
    /// The best passage: half of its words other than names, when it asks for a date, number,
    /// amount, span or place (see [`reaches_near`]).
    Near,
}

/// Whether a question of this kind may be answered by a sentence of the best passage that holds
/// only most of it. A reporter words an event otherwise ("stranded" for "stuck", "received" for
/// "won"), so a sentence with the question's names and half its other words, in the passage the
/// search ranks first, often answers it; it does only when it also writes a thing of the kind
/// asked besides the question's own (a date, a number …), which a sentence merely about the
/// question's names seldom does. A person, a thing or a reason has no such mark: near sentences
/// for them answered as often wrongly as rightly on news questions.
fn reaches_near(kind: AnswerKind) -> bool {
    matches!(
        kind,
        AnswerKind::Date
            | AnswerKind::Number
            | AnswerKind::Amount
            | AnswerKind::Duration
            | AnswerKind::Place
    )
}

/// The weights of the question's words, and whether any passage looked through writes each.
fn weighed(
    engine: &Scoped,
    q: &Question,
    found: &[Vec<(String, Range<usize>)>],
) -> (Vec<f32>, Vec<bool>) {
    // An abbreviation some passage writes, as it is or spelled out, is needed like any name; one
    // none writes is left out (the articles may not use it).
    let written = q
        .terms
        .iter()
        .map(|t| found.iter().flatten().any(|(stem, _)| t.matches(stem)))
        .collect();
    (weights(engine, q), written)
}

/// The sentence of the best passage that holds most of the question ([`Reach::Near`]), when no
/// sentence holds all of it.
pub fn closest(
    engine: &Scoped,
    q: &Question,
    hits: &[Hit],
    found: &[Vec<(String, Range<usize>)>],
    elsewhere: &[HashSet<String>],
) -> Option<Held> {
    if !reaches_near(q.kind) || found.is_empty() {
        return None;
    }
    let (weights, written) = weighed(engine, q, found);
    let weighing = Weighing {
        weights: &weights,
        written: &written,
    };
    let best = hits.first()?;
    best.passage
        .sentences
        .iter()
        .filter_map(|s| {
            let s = after_dateline(&best.passage.text, s);
            held_at(
                engine,
                q,
                &weighing,
                hits,
                0,
                s,
                &found[0],
                &elsewhere[0],
                Reach::Near,
            )
        })
        .max_by(|a, b| a.score.total_cmp(&b.score))
}

/// Sentence `s` of `hits[i]` (its dateline left out) as an answer, when it holds the question.
#[allow(clippy::too_many_arguments)]
fn held_at(
    engine: &Scoped,
    q: &Question,
    weighing: &Weighing,
    hits: &[Hit],
    i: usize,
    s: Range<usize>,
    found: &[(String, Range<usize>)],
    elsewhere: &HashSet<String>,
    reach: Reach,
) -> Option<Held> {
    let h = hits.get(i)?;
    let share = holds(q, weighing, &h.passage, &s, found, elsewhere, reach)?;
    if !writes_the_focus(engine, q, &h.passage.text[s.clone()]) {
        return None;
    }
    if q.kind == AnswerKind::Date
        && !short_answer::dates_the_event(engine, q, &h.passage, &s, found)
    {
        return None;
    }
    let best_score = hits.first()?.score.max(f32::EPSILON);
    let long = word_count(&h.passage.text[s.clone()]).saturating_sub(LONG_WORDS) as f32;
    let score =
        share + RANK_WEIGHT * h.score / best_score - LENGTH_WEIGHT * long / LONG_WORDS as f32;
    tracing::debug!(share, score, sentence = %&h.passage.text[s.clone()], "holds");
    Some(Held {
        passage: i,
        sentence: s,
        share,
        score,
    })
}

/// "What dessert was she known for?": a sentence that answers which concrete thing of a kind it
/// was (an artefact, a food, an animal … by WordNet) names that kind, in the question's word or
/// one WordNet gives for it ("pavlova"); a sentence with none of them is about something else the
/// question's names did.
fn writes_the_focus(engine: &Scoped, q: &Question, sentence: &str) -> bool {
    let Some(focus) = q.focus.as_deref() else {
        return true;
    };
    if q.kind != AnswerKind::Thing || q.focus_kind != Some(crate::noun_kinds::NounKind::Thing) {
        return true;
    }
    let kin = crate::kin::of(focus, crate::kin::Use::Other);
    engine
        .analyse(sentence)
        .iter()
        .any(|st| st == focus || kin.contains(st))
}

/// "How many days …?": a number answers it when the noun it counts, within a few words after it,
/// is the noun asked about ("40 days"; of "ferry passengers", either word) or, for people, any
/// noun naming a kind of person ("how many people" and "3,000 passengers"). A number of something
/// else ("57%", "two weeks") counts another thing.
fn counts_the_focus(q: &Question, after: &[&str]) -> bool {
    if q.focus
        .as_deref()
        .is_none_or(|f| matches!(f, "time" | "money"))
    {
        return true;
    }
    let asked = &q.counted;
    let is_people = |w: &str| w == "people" || crate::noun_kinds::names_a_person(w);
    let people = asked.iter().any(|w| is_people(w));
    after.iter().take(3).any(|w| {
        let w = w.to_lowercase();
        let one = question::singular(&w);
        asked
            .iter()
            .any(|a| a == one || (a.len() >= 4 && one.starts_with(a.as_str())))
            || people && (is_people(&w) || is_people(one))
    })
}

/// Number words a count may be written with.
const NUMBER_WORDS: [&str; 16] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
    "dozens", "hundred", "hundreds", "thousand", "million",
];

/// Words that make a number an amount of money or a share.
const MONEY_WORDS: [&str; 9] = [
    "dollar", "euro", "pound", "yen", "rouble", "ruble", "krone", "crown", "percent",
];

/// Words that say a sentence names something ("What is the name of …?").
const NAMING: [&str; 6] = ["named", "called", "known", "dubbed", "name", "names"];

/// Prepositions before a place's name.
const PLACE_PREPOSITIONS: [&str; 4] = ["in", "at", "near", "outside"];

/// Words with which a sentence gives a reason or an aim.
const CAUSE: [&str; 14] = [
    "because", "since", "as", "due", "so", "reason", "reasons", "order", "aim", "aims", "hope",
    "hopes", "bid", "amid",
];

/// Whether the text lists three names or more ("Vorna, Kessa and Lund"): capitalised words
/// joined by commas and a last "and" or "or".
pub fn lists_names(text: &str) -> bool {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*)*";
        Regex::new(&format!(
            r"{name}(?:,\s+{name})+,?\s+(?:and|or)\s+(?:the\s+)?{name}"
        ))
        .expect("list pattern compiles")
    });
    LIST.is_match(text)
}

/// Whether the sentence holds a word of the kind the question asks for, other than its own.
fn has_kind(q: &Question, p: &StoredPassage, s: &Range<usize>) -> bool {
    let within = |a: usize, b: usize| a >= s.start && b <= s.end;
    let text = &p.text[s.clone()];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '$' && c != '%' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    // A word of the question, or a name of which one word is the question's ("Ingrid Vatne" for "Vatne").
    let asked = |w: &str| {
        w.split(|c: char| !c.is_alphanumeric()).any(|part| {
            let part = part.to_lowercase();
            q.terms.iter().any(|t| t.text.to_lowercase() == part)
        })
    };
    let in_date = |w: &str| {
        p.mentions
            .dates
            .iter()
            .any(|m| within(m.start, m.end) && m.text.contains(w))
    };
    if q.naming
        && !words
            .iter()
            .any(|w| NAMING.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    // Several names are given by listing them ("the Vorna, Kessa and Lund valleys").
    if q.names_asked && !lists_names(text) {
        return false;
    }
    match q.kind {
        // "How long is the pipeline?": a length is a number as much as a span of time.
        AnswerKind::Duration => {
            p.mentions.dates.iter().any(|m| within(m.start, m.end))
                || words.iter().any(|w| {
                    !asked(w)
                        && (w.chars().any(|c| c.is_ascii_digit())
                            || NUMBER_WORDS.contains(&w.to_lowercase().as_str())
                            || super::dates::is_time_word(&w.to_lowercase()))
                })
        }
        // A date of the event, not of the report: "said on Wednesday" dates the saying. A year
        // asked for is written with its digits ("on Wednesday" is no year). The question's own
        // year ("the 2022 dinner") is no date it asks for.
        AnswerKind::Date => p.mentions.dates.iter().any(|m| {
            within(m.start, m.end)
                && !attribution::reported(q, &p.text[s.start..m.start])
                && !short_answer::in_question(q, &m.text)
                && (q.focus.as_deref() != Some("year")
                    || m.text.chars().filter(char::is_ascii_digit).count() >= 4)
        }),
        // An amount is money or a share: a number alone ("three months") is not one.
        AnswerKind::Amount => {
            text.contains(['$', '€', '£', '¥', '%'])
                || words.iter().any(|w| {
                    let w = w.to_lowercase();
                    MONEY_WORDS.contains(&w.trim_end_matches('s')) && !asked(&w)
                })
        }
        AnswerKind::Number => words.iter().enumerate().any(|(i, w)| {
            !asked(w)
                && !in_date(w)
                && (w.chars().any(|c| c.is_ascii_digit())
                    || NUMBER_WORDS.contains(&w.to_lowercase().as_str()))
                && counts_the_focus(q, &words[i + 1..])
                // "How far …?": a number of kilometres or miles, not of years.
                && (!q.length
                    || words[i + 1..]
                        .iter()
                        .take(2)
                        .any(|u| short_answer::is_length_unit(u)))
        }),
        // A person the register knows, or a name of two capitalised words after the sentence's
        // first ("Mayor Anna Berg said"), not one the question names.
        AnswerKind::Person => {
            p.mentions.people.iter().any(|m| {
                within(m.start, m.end) && text.contains(m.text.as_str()) && !asked(&m.text)
            }) || words.windows(2).skip(1).any(|w| {
                // "Omar al-Rashid": a surname may follow a short particle and a hyphen.
                let capitalised = |x: &str| {
                    x.chars().next().is_some_and(char::is_uppercase)
                        && x.chars().skip(1).all(char::is_lowercase)
                        && x.chars().count() > 1
                        && !asked(x)
                };
                let particle_name =
                    |x: &str| crate::extract::people::particle_surname(x).is_some_and(capitalised);
                capitalised(w[0]) && (capitalised(w[1]) || particle_name(w[1]))
            })
        }
        // A cause: why-answers state it with a word that gives a reason or an aim.
        AnswerKind::Reason => words
            .iter()
            .any(|w| CAUSE.contains(&w.to_lowercase().as_str())),
        // A place of the gazetteer, or a name after a place preposition, not the question's.
        AnswerKind::Place => {
            p.mentions
                .places
                .iter()
                .any(|m| within(m.start, m.end) && !asked(&m.place))
                || words.windows(3).any(|w| {
                    // "outside of Tromsø": the preposition's name comes after "of".
                    let name = if w[1] == "of" { w[2] } else { w[1] };
                    PLACE_PREPOSITIONS.contains(&w[0].to_lowercase().as_str())
                        && name.starts_with(char::is_uppercase)
                        && !asked(name)
                        && !in_date(name)
                })
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own_words(text: &str) -> &str {
        &text[after_dateline(text, &(0..text.len()))]
    }

    #[test]
    fn datelines_of_the_usual_forms_are_left_out() {
        for (text, own) in [
            (
                "OSLO, March 3. /Nordic Wire/. The port reopened.",
                "The port reopened.",
            ),
            (
                "BERGEN, Nov 21 (Example News) -- Ferries ran late.",
                "Ferries ran late.",
            ),
            (
                "Tromsø, Norway - The bridge was closed.",
                "The bridge was closed.",
            ),
            ("LA PAZ (Andes Wire) - Rain fell.", "Rain fell."),
            ("(03.04.2019) The vote was held.", "The vote was held."),
        ] {
            assert_eq!(own_words(text), own, "{text}");
        }
    }

    #[test]
    fn a_sentence_that_starts_with_a_name_keeps_it() {
        for text in [
            "Vatne said the work would take weeks.",
            "Norway and Iceland - old rivals - agreed.",
            "The Kolbey board met on Monday.",
        ] {
            assert_eq!(own_words(text), text);
        }
    }

    #[test]
    fn a_quoted_question_is_a_question() {
        assert!(is_question("\"Will the channel be deep enough?\""));
        assert!(!is_question("They asked whether it would be deep enough."));
    }
}
