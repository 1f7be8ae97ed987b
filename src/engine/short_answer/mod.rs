//! Short answers taken from one sentence: how much of the question the sentence holds (its
//! support), and the candidate of the wanted kind that stands where the question's relation puts
//! it. Nothing is given that the sentence does not hold; no candidate means no short answer.

mod describe;
mod number;
mod people;
mod place;
mod reason;
mod thing;
mod when;
mod yes_no;

use describe::*;
use number::*;
pub use number::{
    asks_a_quantity, counts_another_noun, is_length_unit, is_measure_word, is_span_unit,
    speed_unit, writes_currency,
};
use people::*;
use place::*;
use reason::*;
use thing::*;
pub use when::dates_the_event;
use when::*;
use yes_no::*;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::answer::AnswerKind;
use super::question::Question;
use super::{attribution, dates, pronoun, query, Scoped};
use crate::index::StoredPassage;

/// How much of the question one sentence holds.
#[derive(Debug, Clone)]
pub struct Support {
    /// Weighted share of the question's key words found: in the sentence (full weight) or
    /// elsewhere in its paragraph (half), 0 to 1.
    pub coverage: f32,
    /// Byte ranges (in the passage) of the key words found in the sentence.
    pub matches: Vec<Range<usize>>,
    /// How many of the question's words other than names the sentence leaves to its paragraph
    /// or article.
    pub around: usize,
}

/// Whether sentence `s` of `p` holds enough of the question to answer from: every name the
/// question gives in its paragraph, at most one key word missing (two of eight or more; never the verb of a named subject), and at least two fifths of
/// the weight in the sentence itself.
pub fn support(
    q: &Question,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
    article: &HashSet<String>,
) -> Option<Support> {
    if q.terms.is_empty() {
        return None;
    }
    // A name the sentence refers back to ("He said …" after the name) stands in it, at its pronoun.
    let pronouns: Vec<Option<Range<usize>>> = q
        .terms
        .iter()
        .map(|t| standing_for(t, p, s, found))
        .collect();
    // Where each key word is: 2 in the sentence, 1 elsewhere in the passage or article, 0 nowhere.
    let place: Vec<u8> = q
        .terms
        .iter()
        .zip(&pronouns)
        .map(|(t, pronoun)| {
            if pronoun.is_some()
                || found
                    .iter()
                    .any(|(stem, r)| t.matches(stem) && r.start >= s.start && r.end <= s.end)
                || dated_in(t, p, s)
                || pair_stands_for(q, t, p, s, found, article)
            {
                2
            } else if found.iter().any(|(stem, _)| t.matches(stem))
                || t.stems.iter().any(|st| article.contains(st))
            {
                1
            } else {
                0
            }
        })
        .collect();
    if q.verb.or(q.event_noun()).is_some_and(|v| place[v] != 2)
        || names_another_number(q, p, s, found)
    {
        return None;
    }
    let mut total = 0.0;
    let mut got = 0.0;
    let mut in_sentence = 0.0;
    let mut missing = 0;
    let mut around = 0;
    let mut matches = Vec::new();
    for (i, t) in q.terms.iter().enumerate() {
        // An aside describing a name need not be repeated by the answer's sentence.
        if (t.aside || q.told_by_the_time(t, p.source.date)) && place[i] != 2 {
            continue;
        }
        let w = t.weight();
        total += w;
        if t.qualifier && place[i] != 2 {
            continue;
        }
        match place[i] {
            2 => {
                got += w;
                in_sentence += w;
                matches.extend(
                    found
                        .iter()
                        .filter(|(stem, r)| t.matches(stem) && r.start >= s.start && r.end <= s.end)
                        .map(|(_, r)| r.clone()),
                );
                matches.extend(pronouns[i].clone());
            }
            1 => {
                got += w * 0.5;
                around += usize::from(!t.name);
            }
            _ if t.name => {
                // "Colum Kenny" asked, "Kenny" written: the name's last word will do, when the
                // passage writes that word as a name.
                let neighbour = |j: usize| {
                    q.terms.get(j).is_some_and(|n| {
                        n.name
                            && found.iter().any(|(stem, r)| {
                                n.stems.contains(stem)
                                    && p.text[r.clone()].starts_with(char::is_uppercase)
                            })
                    })
                };
                // "Vorna and Skarvik" are two names, not one; and the word written alone is the
                // name's later one ("Kenny"), not a first word such as "La" or "New".
                let joined_after =
                    q.terms.get(i + 1).is_some_and(|n| n.follows) && neighbour(i + 1);
                if !joined_after {
                    return None;
                }
                total -= w;
            }
            _ => missing += 1,
        }
    }
    // A yes or no states a whole proposition: every word of it must be there.
    let budget = match q.terms.len() {
        _ if q.kind == AnswerKind::YesNo => 0,
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    // Nothing of the question weighed (its words all in a scene the sentence does not write):
    // the sentence holds none of it.
    if missing > budget || in_sentence * 2.5 < total || total <= 0.0 {
        return None;
    }
    // Names may be found around the sentence ("he said"), but at least half of the question's
    // other words must be in it: "This document committed to paper …" two paragraphs away does
    // not make "the San Francisco treaty has no specification" an answer about committing.
    let words: Vec<usize> = (0..q.terms.len())
        .filter(|&i| {
            let t = &q.terms[i];
            let absent = (t.aside || t.qualifier) && place[i] != 2;
            !t.name && !absent
        })
        .collect();
    let here = words.iter().filter(|&&i| place[i] == 2).count();
    if here * 2 < words.len() {
        return None;
    }
    matches.sort_by_key(|r| r.start);
    Some(Support {
        coverage: got / total,
        matches,
        around,
    })
}

/// The pronoun of sentence `s` that stands for name `t`, when the sentence does not write the
/// name but refers back to where the passage just wrote it (see [`pronoun::refers_back`]).
pub fn standing_for(
    t: &super::question::Term,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
) -> Option<Range<usize>> {
    if !t.name {
        return None;
    }
    let matching = || found.iter().filter(|(stem, _)| t.matches(stem));
    if matching().any(|(_, r)| r.start >= s.start && r.end <= s.end) {
        return None;
    }
    matching()
        .rfind(|(_, r)| r.end <= s.start)
        .and_then(|(_, r)| pronoun::refers_back(p, s, r))
}

/// Whether sentence `s` writes another number where the question writes one in a name: "the
/// 2019 Winter Games" is not the question's "2017 Winter Games", nor "Route 9" its "Route 7".
pub fn names_another_number(
    q: &Question,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
) -> bool {
    let within = |r: &Range<usize>| r.start >= s.start && r.end <= s.end;
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    q.terms.iter().enumerate().any(|(i, t)| {
        if !t.name || !number(&t.text) {
            return false;
        }
        let written = found.iter().any(|(stem, r)| t.matches(stem) && within(r));
        let (before, after) = (
            i.checked_sub(1).and_then(|j| q.terms.get(j)),
            q.terms.get(i + 1),
        );
        let other_before = after.filter(|n| n.follows && n.name).is_some_and(|n| {
            found.iter().any(|(stem, r)| {
                n.matches(stem) && within(r) && {
                    let w = p.text[s.start..r.start]
                        .split_whitespace()
                        .next_back()
                        .unwrap_or("");
                    number(w) && w != t.text
                }
            })
        });
        let other_after = before.filter(|_| t.follows).is_some_and(|n| {
            n.name
                && found.iter().any(|(stem, r)| {
                    n.matches(stem) && within(r) && {
                        let w = p.text[r.end..s.end].split_whitespace().next().unwrap_or("");
                        let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                        number(w) && w != t.text
                    }
                })
        });
        !written && (other_before || other_after)
    })
}

/// A short answer found in a sentence.
#[derive(Debug, Clone)]
pub struct Found {
    /// Byte range in the passage of the words it stands for.
    pub span: Range<usize>,
    /// The answer.
    pub value: String,
    /// The words as written, when the value differs (a resolved date).
    pub written: Option<String>,
    /// Yes or no, for yes/no questions.
    pub yes: Option<bool>,
    /// How well it fits its place in the sentence, 0 to 1.
    pub fit: f32,
}

impl Found {
    /// An answer that is only words of the sentence: no yes/no, no other wording.
    pub(super) fn plain(span: Range<usize>, value: String, fit: f32) -> Found {
        Found {
            span,
            value,
            written: None,
            yes: None,
            fit,
        }
    }
}

/// One word of a sentence, with its stem and clause.
#[derive(Debug, Clone)]
pub(super) struct Tok<'a> {
    /// Byte range in the passage.
    at: Range<usize>,
    text: &'a str,
    lower: String,
    stem: String,
    clause: usize,
    /// Matches a key word of the question.
    matched: bool,
}

/// A sentence cut into words and clauses.
pub(super) struct View<'a> {
    /// Stems of the question's verb, when it has one.
    verb: Vec<String>,
    text: &'a str,
    offset: usize,
    toks: Vec<Tok<'a>>,
}

/// Longest trailing phrase of place and time taken as an adverbial (see `View::trailing`).
const TRAILING_WORDS: usize = 8;

/// Words after which a new clause starts.
pub(super) const CLAUSE_WORDS: [&str; 8] = [
    "which", "while", "whereas", "although", "though", "but", "who", "because",
];

impl<'a> View<'a> {
    fn new(
        engine: &Scoped,
        q: &Question,
        p: &'a StoredPassage,
        s: &Range<usize>,
        sup: &Support,
    ) -> View<'a> {
        let text = &p.text[s.clone()];
        let mut toks = Vec::new();
        let mut clause = 0;
        let mut last_end = 0;
        for (stem, r) in engine.analyse_with_offsets(text) {
            let between = &text[last_end..r.start];
            let word = &text[r.clone()];
            let lower = word.to_lowercase();
            // "born in Brixton, London on 27 November": a comma between two names is a place
            // and its region (or a list of names), inside one clause.
            let names_apart = between.trim() == ","
                && word.starts_with(char::is_uppercase)
                && toks
                    .last()
                    .is_some_and(|t: &Tok| t.text.starts_with(char::is_uppercase));
            // "January 1, 2016": a comma inside a date parts no clauses.
            let in_date = p
                .mentions
                .dates
                .iter()
                .any(|m| m.start < s.start + last_end && s.start + r.start < m.end);
            if last_end > 0
                && !names_apart
                && !in_date
                && (between.contains([',', ';', ':', '(', ')'])
                    || between.contains("--")
                    || between.contains('—')
                    || between.contains(" - ")
                    || CLAUSE_WORDS.contains(&lower.as_str()))
            {
                clause += 1;
            }
            let at = s.start + r.start..s.start + r.end;
            let matched = sup
                .matches
                .iter()
                .any(|m| m.start <= at.start && at.end <= m.end);
            last_end = r.end;
            toks.push(Tok {
                at,
                text: word,
                lower,
                stem,
                clause,
                matched,
            });
        }
        View {
            verb: q
                .event_verb
                .and_then(|v| q.terms.get(v))
                .map(|t| t.stems.iter().chain(&t.kin).cloned().collect())
                .unwrap_or_default(),
            text,
            offset: s.start,
            toks,
        }
    }

    /// The clause holding most of the question's words, its verb counting double. When the
    /// sentence writes the question's verb, the event is in a clause that holds it: names in
    /// another clause ("a dispute dating back to the war, which kept them from ending it") do not
    /// make that clause the event's.
    fn event_clause(&self) -> Option<usize> {
        let is_verb = |t: &Tok| t.matched && self.verb.contains(&t.stem);
        let verb_written = self.toks.iter().any(is_verb);
        let mut counts: Vec<usize> = Vec::new();
        let mut has_verb: Vec<bool> = Vec::new();
        for t in &self.toks {
            if counts.len() <= t.clause {
                counts.resize(t.clause + 1, 0);
                has_verb.resize(t.clause + 1, false);
            }
            if t.matched {
                counts[t.clause] += if is_verb(t) { 3 } else { 2 };
                has_verb[t.clause] |= is_verb(t);
            }
        }
        let eligible = |c: usize| !verb_written || has_verb[c];
        let best = (0..counts.len())
            .filter(|&c| eligible(c))
            .map(|c| counts[c])
            .max()
            .filter(|&n| n > 0)?;
        (0..counts.len()).find(|&c| eligible(c) && counts[c] == best)
    }

    /// The sentence's last clause is a short phrase of a preposition ("…, in Oslo on May 3."):
    /// an adverbial that says where and when of what came before it, after an aside.
    fn trailing(&self, clause: usize) -> bool {
        let last = self.toks.last().map(|t| t.clause);
        let mut words = self.toks.iter().filter(|t| t.clause == clause);
        last == Some(clause)
            && words
                .next()
                .is_some_and(|t| matches!(t.lower.as_str(), "in" | "on" | "at" | "during"))
            && self.toks.iter().filter(|t| t.clause == clause).count() <= TRAILING_WORDS
    }

    /// The clause of the byte position `at` (in the passage).
    fn clause_at(&self, at: usize) -> Option<usize> {
        self.toks
            .iter()
            .find(|t| t.at.end > at)
            .or(self.toks.last())
            .map(|t| t.clause)
    }

    /// The sentence opens with an adverbial ("On October 19, 1956, …", "However in 1960, …"):
    /// what it holds belongs to the main clause after it.
    fn fronted(&self) -> bool {
        self.toks.first().is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "in" | "on"
                    | "at"
                    | "after"
                    | "before"
                    | "during"
                    | "since"
                    | "by"
                    | "until"
                    | "however"
                    | "but"
                    | "and"
                    | "then"
                    | "meanwhile"
                    | "earlier"
                    | "later"
                    | "last"
                    | "this"
                    | "next"
                    | "back"
            ) || t.text.chars().all(|c| c.is_ascii_digit())
        })
    }

    /// Whether a candidate at `r` stands in the event's clause (or a fronted adverbial).
    fn attached(&self, r: &Range<usize>) -> bool {
        let (Some(event), Some(c)) = (self.event_clause(), self.clause_at(r.start)) else {
            return false;
        };
        c == event || (c == 0 && self.fronted() && event > 0) || (c > event && self.trailing(c))
    }

    /// The passage text between two byte positions.
    fn between(&self, a: usize, b: usize) -> &str {
        if b <= a {
            return "";
        }
        &self.text[a.saturating_sub(self.offset).min(self.text.len())
            ..b.saturating_sub(self.offset).min(self.text.len())]
    }
}

/// Whether sentence `s` refers to a pair of countries ("the two countries", "both sides") that
/// holds `t`, one of the two the question names, named in the passage or its article.
pub fn pair_stands_for(
    q: &Question,
    t: &super::question::Term,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
    article: &HashSet<String>,
) -> bool {
    let named_around = || {
        found.iter().any(|(stem, _)| t.matches(stem))
            || t.stems.iter().any(|st| article.contains(st))
    };
    q.one_of_two_countries(t)
        && named_around()
        && pronoun::names_a_pair(&p.text[s.clone()]).is_some()
}

/// Whether a year of the question is a date's in the sentence that does not write it: "on
/// September 21" in an article of 2022 is a date in 2022. A date that is only the article's own
/// moved ("on Saturday", "this year", "last November") dates the report, often another event
/// than the one asked about: a date counts when it writes its day's number.
fn dated_in(t: &super::question::Term, p: &StoredPassage, s: &Range<usize>) -> bool {
    let Some(year) = t.year() else {
        return false;
    };
    p.mentions
        .dates
        .iter()
        .filter(|m| !m.relative || m.text.bytes().any(|b| b.is_ascii_digit()))
        .any(|m| m.start >= s.start && m.end <= s.end && m.value.year == year)
}

/// Finds the short answer `q` asks for in sentence `s` of passage `p`.
pub fn find(
    engine: &Scoped,
    q: &Question,
    p: &StoredPassage,
    s: &Range<usize>,
    sup: &Support,
) -> Option<Found> {
    let v = View::new(engine, q, p, s, sup);
    match q.kind {
        AnswerKind::Person => person(engine, q, p, &v, sup)
            .filter(|f| of_asked_country(engine, q, &f.value) && !only_names_asked(q, &f.value)),
        AnswerKind::Date => date(engine, q, p, &v, sup),
        AnswerKind::Place => place(engine, q, p, &v, sup).filter(|f| !repeats_a_name(q, &f.value)),
        // An age is written as a number alone ("Lund, 24,"), no amount with its unit to state:
        // its sentence is quoted.
        AnswerKind::Duration if q.age => None,
        AnswerKind::Number | AnswerKind::Amount | AnswerKind::Duration => number(q, &v, sup),
        AnswerKind::Description => description(&v, sup),
        AnswerKind::Reason => reason(&v),
        AnswerKind::YesNo => yes_no(q, &v, sup),
        // "Which university …?": a sentence that names no body answers about something else.
        AnswerKind::Thing
            if q.focus_kind == Some(crate::noun_kinds::NounKind::Body)
                && !super::sentence::names_a_body(q, p, s) =>
        {
            None
        }
        AnswerKind::Thing => thing(q, &v),
        AnswerKind::Other => None,
    }
}

/// The capitalised words of an answer, each with whether the question gives it as a name.
fn names_asked<'a>(q: &'a Question, value: &'a str) -> impl Iterator<Item = bool> + 'a {
    value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| {
            q.terms
                .iter()
                .any(|t| t.name && t.text.eq_ignore_ascii_case(w))
        })
}

/// Whether a place found holds one of the names the question gives: the question asks for
/// somewhere else ("Which town did Vesna visit?" is not answered by a run of names that takes
/// her in, "Tromsø Vesna").
fn repeats_a_name(q: &Question, value: &str) -> bool {
    names_asked(q, value).any(|asked| asked)
}

/// Whether a person found is only names the question gives: it asks for someone else (a
/// relative may share a surname, so one name of the question does not rule a person out).
fn only_names_asked(q: &Question, value: &str) -> bool {
    let mut any = false;
    names_asked(q, value).all(|asked| {
        any = true;
        asked
    }) && any
}

pub(super) fn in_question(q: &Question, words: &str) -> bool {
    q.text.to_lowercase().contains(&words.to_lowercase())
}

/// Whether a date mention is the question's own ("in January" for "before the January court
/// order"): every word of it but its prepositions and determiners is in the question. A date the
/// question names sets its scene; it is not the date asked for.
pub fn date_in_question(q: &Question, written: &str) -> bool {
    let asked: Vec<String> = q
        .text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let own: Vec<String> = written
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !crate::engine::query::is_stopword(w))
        .collect();
    // Only a calendar word names a date: "this year" for "What year …?" is an answer.
    let calendar = |w: &String| {
        w.chars().any(|c| c.is_ascii_digit())
            || (1..=12).any(|m| crate::corpus::partial_date::month_name(m).eq_ignore_ascii_case(w))
    };
    own.iter().any(calendar) && own.iter().all(|w| asked.contains(w))
}

/// Only a list separator ("and", ",", "of Russia and") stands between two mentions.
pub(super) fn listed_together(text: &str) -> bool {
    static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:of\s+[A-Z][\w’']*\s*)?(?:,\s*and|,|and|or)\s*$")
            .expect("pattern compiles")
    });
    LIST_GAP.is_match(text)
}

/// Extends a chosen mention with the ones listed right after it ("Habomai and Shikotan").
pub(super) fn with_listed(
    p: &StoredPassage,
    first: (Range<usize>, String),
    rest: &[(Range<usize>, String)],
) -> (Range<usize>, Vec<String>) {
    let (mut span, item) = first;
    let mut items = vec![item];
    let mut following: Vec<&(Range<usize>, String)> =
        rest.iter().filter(|(r, _)| r.start >= span.end).collect();
    following.sort_by_key(|(r, _)| r.start);
    for (r, t) in following {
        let gap = &p.text[span.end..r.start];
        if !listed_together(gap) && !people::listed_with_titles(gap) {
            break;
        }
        if !items.contains(t) {
            items.push(t.clone());
        }
        span.end = r.end;
    }
    (span, items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_gaps() {
        assert!(listed_together(" and "));
        assert!(listed_together(" of Russia and "));
        assert!(listed_together(", "));
        assert!(!listed_together(" met "));
    }

    #[test]
    fn fragments_are_not_answers() {
        for f in [
            "relations between",
            "in 1951",
            "until now",
            "then",
            "[with Japan]",
            "with Russia",
            "a training visit of",
            "’ jurisdiction",
        ] {
            assert!(is_fragment(f), "{f}");
        }
        for a in [
            "a watershed in relations",
            "the conditions for long-term co-operation",
            "deputy foreign ministers",
        ] {
            assert!(!is_fragment(a), "{a}");
        }
    }

    #[test]
    fn describing_words_stop_at_an_ellipsis() {
        assert_eq!(
            describing_words("a watershed in relations ... so important that in the future"),
            Some("a watershed in relations")
        );
        assert_eq!(describing_words("still big."), Some("still big"));
    }
}
