//! A quiz running in one channel: its questions, the question open for answers, who answered
//! what (one answer per player per question, none after the time is up) and who stopped it.
//! Nothing here talks to Discord.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::present::{Lang, Reader};
use crate::quiz::{self, Question};

/// What happened to a click on an answer button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Click {
    /// Recorded: the choice and the points it will score.
    Recorded {
        /// The choice clicked.
        choice: usize,
        /// Whether it is right (told only at the reveal).
        right: bool,
        /// Points won.
        points: u32,
    },
    /// This player already answered this question.
    AlreadyAnswered,
    /// The question is closed (time is up, or the quiz is over).
    TimeUp,
}

/// One player's answer to the open question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// Display name when they clicked.
    pub name: String,
    /// Their choice.
    pub choice: usize,
    /// Points won.
    pub points: u32,
}

/// A quiz running in one channel.
pub struct ActiveQuiz {
    /// Its id in the store.
    pub id: i64,
    /// The server.
    pub guild_id: u64,
    /// The channel.
    pub channel_id: u64,
    /// Who started it.
    pub starter_id: u64,
    /// The seed its questions were picked with.
    pub seed: u64,
    /// The topic, as typed.
    pub topic: Option<String>,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// How long each question is open.
    pub per_question: Duration,
    /// The language its messages are in: its starter's.
    pub lang: Lang,
    /// Woken by `/quiz stop`.
    pub stop: Notify,
    /// Woken by each answer noted, so the live count can be edited in (one permit, so a burst
    /// of clicks wakes it once).
    pub(super) answered: Notify,
    pub(super) round: Mutex<Round>,
}

#[derive(Default)]
pub(super) struct Round {
    /// The question open for answers, and since when.
    pub(super) open: Option<(usize, Instant)>,
    /// Answers to the open question by player id (ordered, so reveals list them stably).
    pub(super) answers: BTreeMap<u64, Answered>,
    /// Who stopped the quiz, once someone did.
    stopped_by: Option<String>,
}

impl ActiveQuiz {
    /// A quiz about to be asked: no question open yet, nobody answered, not stopped.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        id: i64,
        guild_id: u64,
        channel_id: u64,
        starter_id: u64,
        seed: u64,
        topic: Option<String>,
        questions: Vec<Question>,
        per_question: Duration,
        lang: Lang,
    ) -> ActiveQuiz {
        ActiveQuiz {
            id,
            guild_id,
            channel_id,
            starter_id,
            seed,
            topic,
            questions,
            per_question,
            lang,
            stop: Notify::new(),
            answered: Notify::new(),
            round: Mutex::new(Round::default()),
        }
    }

    /// Who reads its messages: its channel, in its starter's language.
    pub fn reader(&self) -> Reader {
        Reader::picker(self.lang)
    }

    pub(super) fn round(&self) -> MutexGuard<'_, Round> {
        self.round.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Opens question `n` for answers, forgetting the previous question's.
    pub fn open(&self, n: usize) {
        let mut r = self.round();
        r.open = Some((n, Instant::now()));
        r.answers.clear();
    }

    /// Closes the open question and hands back its answers.
    pub fn close(&self) -> BTreeMap<u64, Answered> {
        let mut r = self.round();
        r.open = None;
        std::mem::take(&mut r.answers)
    }

    /// A click on choice `choice` of question `n` by `user`. Checked and noted under one lock, so
    /// a double click counts once; the store's key is the backstop across restarts.
    pub fn click(&self, n: usize, choice: usize, user: u64, name: &str) -> Click {
        let mut r = self.round();
        let Some((open, since)) = r.open else {
            return Click::TimeUp;
        };
        let Some(q) = self.questions.get(n) else {
            return Click::TimeUp;
        };
        if open != n || since.elapsed() > self.per_question {
            return Click::TimeUp;
        }
        if r.answers.contains_key(&user) {
            return Click::AlreadyAnswered;
        }
        let right = choice == q.answer;
        let points = quiz::points(right, since.elapsed(), self.per_question);
        r.answers.insert(
            user,
            Answered {
                name: name.to_string(),
                choice,
                points,
            },
        );
        drop(r);
        self.answered.notify_one();
        Click::Recorded {
            choice,
            right,
            points,
        }
    }

    /// How many players have answered the open question.
    pub fn answered(&self) -> usize {
        self.round().answers.len()
    }

    /// Resolves once an answer has been noted since the last time it resolved.
    pub fn answers_changed(&self) -> tokio::sync::futures::Notified<'_> {
        self.answered.notified()
    }

    /// Forgets an answer the store could not keep, so the player may try again.
    pub fn forget(&self, user: u64) {
        self.round().answers.remove(&user);
    }

    /// Marks the quiz stopped by `name` and wakes its timer. False if it was already stopped.
    pub fn request_stop(&self, name: &str) -> bool {
        let mut r = self.round();
        if r.stopped_by.is_some() {
            return false;
        }
        r.stopped_by = Some(name.to_string());
        drop(r);
        // notify_one keeps a permit, so a stop between two waits is not lost.
        self.stop.notify_one();
        true
    }

    /// Who stopped the quiz, if someone did.
    pub fn stopped_by(&self) -> Option<String> {
        self.round().stopped_by.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discord::quiz::{
        counts_of, custom_id, parse_custom_id, question_message, reveal_message, LABEL,
        NOBODY_RIGHT, SOMEONE_RIGHT,
    };
    use crate::discord::render::limits;
    use crate::quiz::{Fact, Kind, QuizCitation, QuizSource};

    fn question(answer: usize) -> Question {
        Question {
            id: "who-000-p1-0".into(),
            kind: Kind::Who,
            sentence: "_____ met Abe.".into(),
            predicate: None,
            choices: vec![
                "Putin".into(),
                "Lavrov".into(),
                "Karasin".into(),
                "Tamba".into(),
            ],
            answer,
            citation: QuizCitation {
                excerpt: "Putin met Abe.".into(),
                source: QuizSource {
                    id: "a.txt".into(),
                    title: "T".into(),
                    outlet: "TASS".into(),
                    date: Some(crate::corpus::PartialDate::year(2016)),
                    paragraph: 2,
                },
            },
            note: None,
            fact: Fact::default(),
        }
    }

    fn active(per_question: Duration) -> ActiveQuiz {
        ActiveQuiz::new(
            7,
            1,
            2,
            3,
            4,
            None,
            vec![question(0), question(2)],
            per_question,
            Lang::En,
        )
    }

    #[test]
    fn one_answer_per_player_and_none_after_time_is_up() {
        let q = active(Duration::from_secs(60));
        assert_eq!(q.click(0, 0, 10, "a"), Click::TimeUp, "not open yet");
        q.open(0);
        assert!(matches!(
            q.click(0, 0, 10, "a"),
            Click::Recorded { right: true, .. }
        ));
        assert_eq!(q.click(0, 1, 10, "a"), Click::AlreadyAnswered);
        assert!(matches!(
            q.click(0, 1, 11, "b"),
            Click::Recorded {
                right: false,
                points: 0,
                ..
            }
        ));
        assert_eq!(q.click(1, 2, 12, "c"), Click::TimeUp, "not that question");
        assert_eq!(q.answered(), 2);
        let answers = q.close();
        assert_eq!(answers.len(), 2);
        assert_eq!(q.click(0, 0, 12, "c"), Click::TimeUp);
        let counts = counts_of(&answers, 4);
        assert_eq!(counts, [1, 1, 0, 0]);
        let shown = reveal_message(&q, 0, &answers, &counts);
        let d = &shown.embed.description;
        assert!(d.contains("Answer: A\\) Putin"));
        assert!(d.contains("`█████░░░░░` 1 · **A) Putin** ✅\n"), "{d}");
        assert!(d.contains("`█████░░░░░` 1 · B) Lavrov\n"), "{d}");
        assert!(d.contains("`░░░░░░░░░░` 0 · C) Karasin\n"), "{d}");
        assert!(d.contains("Got it: a (+"));
        assert!(d.contains("2 answered, 1 right"));
        assert!(d.contains("> Putin met Abe."));
        assert!(d.contains("TASS · 2016 · ¶2 · T"));
        assert!(!d.contains("a.txt"), "never the article's file");
        assert_eq!(shown.colour, SOMEONE_RIGHT);
        assert_eq!(
            shown.buttons.iter().map(|b| b.right).collect::<Vec<_>>(),
            [true, false, false, false]
        );
        assert!(shown.buttons[0].label.starts_with("✅ A) Putin"));
        // Nobody right (one wrong answer, or none at all): red.
        assert_eq!(
            reveal_message(&q, 0, &answers, &[0, 2, 0, 0]).colour,
            NOBODY_RIGHT
        );
        let none = reveal_message(&q, 0, &BTreeMap::new(), &[0; 4]);
        assert_eq!(none.colour, NOBODY_RIGHT);
        assert!(none
            .embed
            .description
            .contains("Nobody got it · 0 answered, 0 right"));

        let expired = active(Duration::ZERO);
        expired.open(0);
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(expired.click(0, 0, 10, "a"), Click::TimeUp);
    }

    #[test]
    fn a_stop_is_taken_once() {
        let q = active(Duration::from_secs(60));
        assert!(q.request_stop("mod"));
        assert!(!q.request_stop("other"));
        assert_eq!(q.stopped_by().as_deref(), Some("mod"));
    }

    #[test]
    fn custom_ids_round_trip_and_fit() {
        let id = custom_id(i64::MAX, 19, 3);
        assert!(id.len() <= limits::CUSTOM_ID);
        assert_eq!(parse_custom_id(&id), Some((i64::MAX, 19, 3)));
        assert_eq!(parse_custom_id("tb:qz:1:2:4"), None);
        assert_eq!(parse_custom_id("tb:pg:1:2:next"), None);
        let (e, buttons) = question_message(&active(Duration::from_secs(20)), 1, 3);
        assert!(
            e.description.ends_with("**3 answered**"),
            "{}",
            e.description
        );
        assert_eq!(buttons.len(), 4);
        assert!(buttons
            .iter()
            .all(|(_, label)| label.chars().count() <= LABEL));
    }
}
