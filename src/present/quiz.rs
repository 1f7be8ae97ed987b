//! A quiz question in a reader's words: the prompt for its kind of blank (or, in English, the
//! question asked outright), the outlet and date, and the article's sentence quoted as written;
//! the note shown with its answer; a cited source's date.

use super::{date, say, Lang};
use crate::corpus::PartialDate;
use crate::quiz::{Kind, Note, Question};

/// The question as a reader reads it: "Which year fills the blank? In Kommersant (14 October
/// 2004): “…”", "空欄に入る年は？ Kommersant(2004年10月14日)より:「…」".
pub fn quiz_question(lang: Lang, q: &Question) -> String {
    let prompt = match (&q.predicate, q.kind) {
        (Some(p), Kind::Who) => say(lang, "quiz-prompt-who-did", &[("predicate", p.into())]),
        (_, kind) => say(lang, prompt_id(kind), &[]),
    };
    say(
        lang,
        "quiz-question",
        &[
            ("prompt", prompt.into()),
            ("outlet", q.citation.source.outlet.as_str().into()),
            ("date", quiz_date(lang, q.citation.source.date).into()),
            ("sentence", q.sentence.as_str().into()),
        ],
    )
}

/// The catalogue's prompt for a blank of `kind`.
fn prompt_id(kind: Kind) -> &'static str {
    match kind {
        Kind::Who => "quiz-prompt-who",
        Kind::When => "quiz-prompt-when",
        Kind::Where => "quiz-prompt-where",
        Kind::What => "quiz-prompt-what",
        Kind::HowMany => "quiz-prompt-how-many",
    }
}

/// A question's article date in the reader's words, or "undated".
pub fn quiz_date(lang: Lang, d: Option<PartialDate>) -> String {
    d.map(|d| date(lang, d))
        .unwrap_or_else(|| say(lang, "undated", &[]))
}

/// The note shown with an answer: a person's name and role, a place's other names, a date as
/// the article writes it.
pub fn quiz_note(lang: Lang, note: &Note) -> String {
    match note {
        Note::Person { name, role: None } => name.clone(),
        Note::Person {
            name,
            role: Some(role),
        } => say(
            lang,
            "quiz-note-person",
            &[
                ("name", name.as_str().into()),
                ("role", role.as_str().into()),
            ],
        ),
        Note::Place { name, others } => say(
            lang,
            "quiz-note-place",
            &[
                ("name", name.as_str().into()),
                ("others", others.join(", ").into()),
            ],
        ),
        Note::Written(words) => words.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{Fact, QuizCitation, QuizSource};

    fn question(predicate: Option<&str>) -> Question {
        Question {
            id: "who-001-p3-0".into(),
            kind: Kind::Who,
            sentence: "_____ headed the talks.".into(),
            predicate: predicate.map(str::to_string),
            choices: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            answer: 0,
            citation: QuizCitation {
                excerpt: "Karasin headed the talks.".into(),
                source: QuizSource {
                    id: "001.txt".into(),
                    title: "T".into(),
                    outlet: "Kommersant".into(),
                    date: PartialDate::parse("2004-10-14"),
                    paragraph: 3,
                },
            },
            note: None,
            fact: Fact::default(),
        }
    }

    #[test]
    fn a_question_is_asked_in_each_language_with_the_sentence_as_written() {
        assert_eq!(
            quiz_question(Lang::En, &question(None)),
            "Who fills the blank? In Kommersant (14 October 2004): “_____ headed the talks.”"
        );
        assert_eq!(
            quiz_question(Lang::En, &question(Some("headed the talks"))),
            "Who headed the talks? In Kommersant (14 October 2004): “_____ headed the talks.”"
        );
        assert_eq!(
            quiz_question(Lang::Ja, &question(Some("headed the talks"))),
            "空欄に入る人物は？ Kommersant(2004年10月14日)より:「_____ headed the talks.」"
        );
        assert_eq!(
            quiz_question(Lang::Ru, &question(None)),
            "Чьё имя пропущено? Kommersant (14 октября 2004 г.): «_____ headed the talks.»"
        );
        let mut undated = question(None);
        undated.citation.source.date = None;
        assert!(quiz_question(Lang::Ru, &undated).contains("(без даты)"));
    }
}
