//! What a sentence that points back stands for, so it can be asked on its own: whom an opening
//! pronoun means ("He [Putin] held…"), or which named event an opening definite reference means
//! ("At the [Siberian] summit, …"). The question shows the words in brackets; the cited sentence
//! stays the article's own.

use std::ops::Range;

use super::text::self_contained;
use crate::extract::events;

/// Words a question adds to its sentence: `text` (brackets and a space included) inserted at byte
/// `at` of the sentence, standing for the words at `covers`, which no blank may overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lead {
    /// Byte offset in the sentence where the words go.
    pub(crate) at: usize,
    /// The words as inserted: " [Putin]" after a pronoun, "[Siberian] " before a noun.
    pub(crate) text: String,
    /// The pronoun or the reference the words explain.
    pub(crate) covers: Range<usize>,
}

impl Lead {
    /// `sentence` with the words inserted (`sentence` may already hold a blank after `at`).
    pub(crate) fn apply(&self, sentence: &str) -> String {
        let mut out = sentence.to_string();
        out.insert_str(self.at, &self.text);
        out
    }
}

/// What the article said before a sentence, as far as a lead needs it: the people the sentence
/// before named, and the earlier sentences (read for named events only when a sentence points
/// back, which few do).
#[derive(Debug, Default)]
pub(crate) struct Before<'a> {
    /// The people the sentence right before named (with those its own lead stood for).
    people: Vec<String>,
    /// The earlier sentences of the article the material holds, in order.
    sentences: Vec<&'a str>,
}

impl<'a> Before<'a> {
    /// Forgets the article: the next sentence opens another one.
    pub(crate) fn new_article(&mut self) {
        *self = Before::default();
    }

    /// Forgets the sentence before: a pronoun is resolved within a paragraph only.
    pub(crate) fn new_paragraph(&mut self) {
        self.people.clear();
    }

    /// Notes a sentence, the people it names and the lead it was given, for those after it.
    pub(crate) fn note(&mut self, sentence: &'a str, named: Vec<String>, lead: Option<&Lead>) {
        let pronoun_for = lead
            .filter(|l| l.text.starts_with(' '))
            .map(|l| l.text.trim_matches([' ', '[', ']']).to_string());
        self.people = named.into_iter().chain(pronoun_for).collect();
        self.sentences.push(sentence);
    }

    /// The lead that makes `sentence` read alone, if one does: whom its opening pronoun stands
    /// for, or which named event its opening definite reference means.
    pub(crate) fn lead(&self, sentence: &str) -> Option<Lead> {
        pronoun(sentence, &self.people)
            .or_else(|| self.event(sentence))
            .or_else(|| self.introduced(sentence))
            .or_else(|| self.demonstrative(sentence))
    }

    /// "The commission will be headed by…" right after "…formed a joint commission…": a sentence
    /// opening with "The" and a noun the sentence before introduced with "a" and words
    /// describing it is given those words ("The [joint] commission"); a bare "a commission"
    /// describes nothing, and the sentence is not asked.
    fn introduced(&self, sentence: &str) -> Option<Lead> {
        let (noun, at) = definite_noun(sentence)?;
        // Only "The NOUN …" itself: after a preposition the phrase is a setting, not a subject.
        if !sentence[..at].trim_end().eq_ignore_ascii_case("the") {
            return None;
        }
        let before: Vec<&str> = self.sentences.last()?.split_whitespace().collect();
        // "a joint commission": the noun, and the lower-case words between it and "a" before it.
        let at_noun = before
            .iter()
            .position(|w| w.trim_end_matches([',', '.', ';', ':']) == noun)?;
        let article = (at_noun.saturating_sub(4)..at_noun)
            .rev()
            .find(|&i| matches!(before[i], "a" | "an" | "A" | "An"))?;
        let describing = &before[article + 1..at_noun];
        if describing.is_empty()
            || !describing
                .iter()
                .all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
        {
            return None;
        }
        let words = describing.join(" ");
        let rest = &sentence[at + noun.len()..];
        if words.split_whitespace().any(|w| w == noun) || !self_contained(&format!("Someone{rest}"))
        {
            return None;
        }
        Some(Lead {
            at,
            text: format!("[{words}] "),
            covers: at..at + noun.len(),
        })
    }

    /// "This document committed…" right after a sentence naming one event ("…did not join the San
    /// Francisco peace treaty in 1951."): "This document [San Francisco peace treaty]".
    fn demonstrative(&self, sentence: &str) -> Option<Lead> {
        let mut words = sentence.split_whitespace();
        let this = words.next()?;
        let noun = words.next()?;
        // "This document committed…": a noun, then its verb ("This speaks about…" has no noun).
        let verb = words.next()?;
        if !matches!(this, "This" | "That")
            || !noun.chars().all(char::is_lowercase)
            || !super::blanks::is_subject_verb(verb)
        {
            return None;
        }
        let named = events::find(self.sentences.last()?);
        let [event] = named.as_slice() else {
            return None;
        };
        let end = noun.as_ptr() as usize - sentence.as_ptr() as usize + noun.len();
        if !self_contained(&format!("Someone{}", &sentence[end..])) {
            return None;
        }
        Some(Lead {
            at: end,
            text: format!(" [{event}]"),
            covers: 0..end,
        })
    }

    /// "At the summit, …" after "a Siberian summit …": a sentence that opens with "the" (after a
    /// preposition, perhaps) and a noun, and reads alone once the noun is named, is given the
    /// event named earlier in the article with that noun as its head — the nearest sentence
    /// naming one decides, and only when it names exactly one.
    fn event(&self, sentence: &str) -> Option<Lead> {
        let (noun, at) = definite_noun(sentence)?;
        let head_of = |e: &str| {
            e.rsplit(' ')
                .next()
                .is_some_and(|h| h.eq_ignore_ascii_case(noun))
        };
        // Only sentences holding the noun are read for events: a cheap test first, since a long
        // article has many sentences before this one.
        let named: Vec<String> = self
            .sentences
            .iter()
            .rev()
            .filter(|s| s.to_lowercase().contains(noun))
            .map(|s| {
                events::find(s)
                    .into_iter()
                    .filter(|e| head_of(e))
                    .collect::<Vec<_>>()
            })
            .find(|es| !es.is_empty())?;
        let first = named.first()?;
        if named.iter().any(|e| !e.eq_ignore_ascii_case(first)) {
            return None;
        }
        let modifier = first.rsplit_once(' ').map_or("", |(m, _)| m);
        let named_sentence = format!("{}{modifier} {}", &sentence[..at], &sentence[at..]);
        if modifier.is_empty() || !self_contained(&named_sentence) {
            return None;
        }
        Some(Lead {
            at,
            text: format!("[{modifier}] "),
            covers: at..at + noun.len(),
        })
    }
}

/// Prepositions a definite reference may follow at a sentence's opening ("At the summit, …").
const BEFORE_THE: [&str; 7] = [
    "at",
    "during",
    "after",
    "before",
    "since",
    "following",
    "under",
];

/// The noun of a sentence's opening "(At) the NOUN", with its byte offset: the word right after
/// "the", in lower case.
fn definite_noun(sentence: &str) -> Option<(&str, usize)> {
    let mut words = sentence.split_whitespace();
    let mut the = words.next()?;
    if BEFORE_THE.contains(&the.to_lowercase().as_str()) {
        the = words.next()?;
    }
    if !the.eq_ignore_ascii_case("the") {
        return None;
    }
    let next = words.next()?;
    let noun = next.trim_end_matches([',', ';', ':']);
    if !noun.chars().all(|c| c.is_lowercase()) || noun.is_empty() {
        return None;
    }
    // Word offsets: `split_whitespace` yields subslices of `sentence`.
    let at = next.as_ptr() as usize - sentence.as_ptr() as usize;
    Some((noun, at))
}

/// Whom a sentence's opening pronoun stands for, when only that keeps it from reading alone and
/// the sentence before names exactly whom it can: one person for "He" or "She" ("Putin arrived
/// in Japan. He held a first meeting with Abe": Putin), two for "They".
fn pronoun(sentence: &str, previous: &[String]) -> Option<Lead> {
    let first = sentence.split_whitespace().next()?;
    let rest = &sentence[first.len()..];
    if !self_contained(&format!("Someone{rest}")) {
        return None;
    }
    let who = match (first, previous) {
        ("He" | "She", [one]) => one.clone(),
        ("They", [a, b]) => format!("{a} and {b}"),
        _ => return None,
    };
    Some(Lead {
        at: first.len(),
        text: format!(" [{who}]"),
        covers: 0..first.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after<'a>(sentences: &[(&'a str, &[&str])]) -> Before<'a> {
        let mut b = Before::default();
        for (s, named) in sentences {
            b.note(s, named.iter().map(|n| n.to_string()).collect(), None);
        }
        b
    }

    #[test]
    fn an_opening_pronoun_stands_for_whom_the_sentence_before_names() {
        let one = after(&[("Ivanova came.", &["Ivanova"])]);
        let two = after(&[("Ivanova met Petrov.", &["Ivanova", "Petrov"])]);
        let lead = one.lead("She opened the quay in Varna.").unwrap();
        assert_eq!(
            lead.apply("She opened the quay in Varna."),
            "She [Ivanova] opened the quay in Varna."
        );
        assert_eq!(lead.covers, 0..3);
        assert_eq!(
            two.lead("They signed the pledge in Varna.")
                .unwrap()
                .apply("They signed the pledge in Varna."),
            "They [Ivanova and Petrov] signed the pledge in Varna."
        );
        // Whom "He" means is not clear, or something else points back too.
        assert_eq!(two.lead("He opened the quay."), None);
        assert_eq!(Before::default().lead("He opened the quay."), None);
        assert_eq!(one.lead("At the ceremony, he spoke."), None);
        assert_eq!(one.lead("It was opened in 1911."), None);
    }

    #[test]
    fn a_definite_reference_names_the_event_the_article_named_before() {
        // Made-up copy about a harbour dispute, not the seeds.
        let b = after(&[
            ("The mayors met at the Varna conference in May.", &[]),
            ("Nothing was agreed at the Burgas summit in March.", &[]),
            ("A pilots' strike followed.", &[]),
        ]);
        let s = "At the conference, the two mayors pledged to dredge the channel by 2030.";
        let lead = b.lead(s).unwrap();
        assert_eq!(
            lead.apply(s),
            "At the [Varna] conference, the two mayors pledged to dredge the channel by 2030."
        );
        assert_eq!(&s[lead.covers.clone()], "conference");
        let s = "The summit ended without a statement.";
        assert_eq!(
            b.lead(s).unwrap().apply(s),
            "The [Burgas] summit ended without a statement."
        );
        // No event of that kind named before, or two at once: not resolved.
        assert_eq!(b.lead("The difficulty the mayor spoke of was real."), None);
        let two = after(&[("The Varna summit and the Burgas summit both failed.", &[])]);
        assert_eq!(two.lead("At the summit, the mayors spoke."), None);
        // The nearest sentence naming one decides.
        let later = after(&[
            ("The Varna summit failed.", &[]),
            ("Then the Burgas summit was held.", &[]),
        ]);
        assert_eq!(later.lead("The summit ended.").unwrap().text, "[Burgas] ");
        // A noun the sentence before introduced with words describing it.
        let b = after(&[(
            "The two mayors formed a joint harbour board to run the channel.",
            &[],
        )]);
        let s = "The board will be chaired by the mayor of Varna.";
        assert_eq!(
            b.lead(s).unwrap().apply(s),
            "The [joint harbour] board will be chaired by the mayor of Varna."
        );
        let bare = after(&[("The mayors formed a board on Monday.", &[])]);
        assert_eq!(bare.lead(s), None, "nothing describes it");
        // "This" and a noun after a sentence naming one event.
        let b = after(&[("Bulgaria did not join the Varna treaty in 1990.", &[])]);
        let s = "This document set the channel's depth.";
        assert_eq!(
            b.lead(s).unwrap().apply(s),
            "This document [Varna treaty] set the channel's depth."
        );
        let visit = after(&[("His Varna visit went well.", &[])]);
        assert_eq!(
            visit.lead("This speaks about the town's hopes."),
            None,
            "no noun after \"This\""
        );
        let two = after(&[("The Varna treaty replaced the Burgas agreement.", &[])]);
        assert_eq!(two.lead(s), None, "two events: which one is not clear");
        // Another article forgets them.
        let mut fresh = after(&[("The Varna summit failed.", &[])]);
        fresh.new_article();
        assert_eq!(fresh.lead("The summit ended."), None);
    }
}
