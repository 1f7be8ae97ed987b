//! A question as data: what it asks for, the article's sentence with the blank, the choices and
//! the cited source. No prompt is worded here: `crate::present` asks it in the reader's
//! language. Questions are stored as JSON (`quiz_questions.body`); rows written before the
//! prompt moved out (with an English `question` text) are read into the same parts.

use serde::{Deserialize, Serialize};

use super::{Fact, Kind};
use crate::corpus::PartialDate;

/// One multiple-choice question with the passage that proves its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct Question {
    /// Stable id: kind, article, paragraph and where in it the answer stands.
    pub id: String,
    /// What it asks for.
    pub kind: Kind,
    /// The article's sentence with the answer blanked out (`quiz::BLANK`), with the words a
    /// lead adds in brackets ("He [Putin] …"): the article's words, never translated.
    pub sentence: String,
    /// When the sentence opens with the person asked for, the rest of it ("headed the Russian
    /// side of the talks"), which a reader may be asked about outright ("Who headed …?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// Four choices, one of them right.
    pub choices: Vec<String>,
    /// Index of the right choice.
    pub answer: usize,
    /// The article's own words that hold the answer, and where they come from.
    pub citation: QuizCitation,
    /// More about the answer for the reveal (a place's other names, a person's full name and
    /// title); not part of the JSON dump.
    #[serde(skip)]
    pub note: Option<Note>,
    /// What the question is about, for telling two questions on one fact apart.
    #[serde(skip)]
    pub fact: Fact,
}

impl Question {
    /// The right choice's text.
    pub fn right(&self) -> &str {
        &self.choices[self.answer]
    }
}

/// More about a question's answer, shown with it: data, worded by `crate::present`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A person's full name and the first role the articles give them, in their words.
    Person {
        /// The full name.
        name: String,
        /// The role as written ("deputy foreign minister").
        role: Option<String>,
    },
    /// A place's name and its other names (other languages, other sides).
    Place {
        /// The gazetteer's name.
        name: String,
        /// Every other name it goes by.
        others: Vec<String>,
    },
    /// A year's date as the article writes it ("October 19, 1956").
    Written(String),
}

/// A question's cited excerpt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizCitation {
    /// The article's own words (one whole sentence) containing the answer.
    pub excerpt: String,
    /// Where it comes from.
    pub source: QuizSource,
}

/// The article and paragraph a question is cited to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizSource {
    /// The article's id (its file name).
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publisher.
    pub outlet: String,
    /// Publication date as far as known; in JSON `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `null`.
    #[serde(with = "date_text", default)]
    pub date: Option<PartialDate>,
    /// Paragraph number in the cleaned article, from 1.
    pub paragraph: usize,
}

/// A date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY` text, `null` when unknown; text that is not a
/// date (the "undated" older rows hold) reads as unknown.
mod date_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::corpus::PartialDate;

    pub(super) fn serialize<S: Serializer>(
        d: &Option<PartialDate>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<PartialDate>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        Ok(text.as_deref().and_then(PartialDate::parse))
    }
}

/// A question as stored: today's parts, or an older row's English `question` text
/// ("Who fills the blank? In OUTLET (DATE): “SENTENCE”"), read once into the parts.
#[derive(Deserialize)]
struct Stored {
    id: String,
    kind: Kind,
    #[serde(default)]
    sentence: Option<String>,
    #[serde(default)]
    predicate: Option<String>,
    /// Older rows' prompt and sentence in one English text.
    #[serde(default)]
    question: Option<String>,
    choices: Vec<String>,
    answer: usize,
    citation: QuizCitation,
}

impl From<Stored> for Question {
    fn from(s: Stored) -> Question {
        let (sentence, predicate) = match (s.sentence, s.question) {
            (Some(sentence), _) => (sentence, s.predicate),
            (None, Some(text)) => legacy_parts(&text, &s.citation.source),
            (None, None) => (String::new(), s.predicate),
        };
        Question {
            id: s.id,
            kind: s.kind,
            sentence,
            predicate,
            choices: s.choices,
            answer: s.answer,
            citation: s.citation,
            note: None,
            fact: Fact::default(),
        }
    }
}

/// The sentence and the outright "Who …?" predicate of an older row's English text, which
/// was written as `{prompt} In {outlet} ({date or "undated"}): “{sentence}”`. A text of
/// another shape is kept whole as the sentence.
fn legacy_parts(text: &str, source: &QuizSource) -> (String, Option<String>) {
    let date = source
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    let marker = format!(" In {} ({date}): “", source.outlet);
    let Some(at) = text.find(&marker) else {
        return (text.to_string(), None);
    };
    let rest = &text[at + marker.len()..];
    let sentence = rest.strip_suffix('”').unwrap_or(rest).to_string();
    let prompt = &text[..at];
    let predicate = prompt
        .strip_prefix("Who ")
        .and_then(|p| p.strip_suffix('?'))
        .filter(|p| *p != "fills the blank")
        .map(str::to_string);
    (sentence, predicate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_rows_english_question_is_read_into_its_parts() {
        let row = r#"{"id":"who-001-p3-0","kind":"who","question":"Who headed the Russian side of the talks? In Kommersant (2004-10-14): “_____ headed the Russian side of the talks.”","choices":["a","b","c","d"],"answer":1,"citation":{"excerpt":"Karasin headed the Russian side of the talks.","source":{"id":"001.txt","title":"T","outlet":"Kommersant","date":"2004-10-14","paragraph":3}}}"#;
        let q: Question = serde_json::from_str(row).unwrap();
        assert_eq!(q.sentence, "_____ headed the Russian side of the talks.");
        assert_eq!(
            q.predicate.as_deref(),
            Some("headed the Russian side of the talks")
        );
        assert_eq!(q.citation.source.date, PartialDate::parse("2004-10-14"));

        let undated = r#"{"id":"when-002-p1-4","kind":"when","question":"Which year fills the blank? In The Japan Times (undated): “In _____ the talks resumed.”","choices":["a","b","c","d"],"answer":0,"citation":{"excerpt":"In 1993 the talks resumed.","source":{"id":"002.txt","title":"T","outlet":"The Japan Times","date":"undated","paragraph":1}}}"#;
        let q: Question = serde_json::from_str(undated).unwrap();
        assert_eq!(q.sentence, "In _____ the talks resumed.");
        assert_eq!(q.predicate, None);
        assert_eq!(q.citation.source.date, None);
    }

    #[test]
    fn a_question_reads_back_as_it_was_written() {
        let q = Question {
            id: "where-003-p2-10".into(),
            kind: Kind::Where,
            sentence: "They met in _____.".into(),
            predicate: None,
            choices: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            answer: 2,
            citation: QuizCitation {
                excerpt: "They met in Irkutsk.".into(),
                source: QuizSource {
                    id: "003.txt".into(),
                    title: "T".into(),
                    outlet: "TASS".into(),
                    date: PartialDate::parse("2001-03"),
                    paragraph: 2,
                },
            },
            note: None,
            fact: Fact::default(),
        };
        let json = serde_json::to_string(&q).unwrap();
        assert!(json.contains(r#""date":"2001-03""#), "{json}");
        assert!(!json.contains("question"), "{json}");
        let back: Question = serde_json::from_str(&json).unwrap();
        assert_eq!(back, q);
    }
}
