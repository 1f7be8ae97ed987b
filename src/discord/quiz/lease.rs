//! Quizzes shared between processes (a store with leases, PostgreSQL): taking over a quiz whose
//! owner died, and answering a click on a quiz another process runs. Kept apart from the quiz
//! rules above so the runner only calls in here.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::active::Round;
use super::hub::Slot;
use super::{ActiveQuiz, Click, QuizHub};
use crate::present::Lang;
use crate::quiz::store::TakenQuiz;
use crate::quiz::{self, AnswerRecord, StoreError};

/// Where a quiz's timer starts: the first question, or (a quiz taken over) the question its
/// owner was asking, with that question's message and how long ago it was posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    /// The question to ask (or go on asking), from 0.
    pub question: usize,
    /// Its message and its age, when it was already posted.
    pub shown: Option<(u64, Duration)>,
}

impl Resume {
    /// A quiz just started here.
    pub const START: Resume = Resume {
        question: 0,
        shown: None,
    };
}

impl ActiveQuiz {
    /// Opens question `n`, posted `ago` (a question taken over mid-way keeps its time).
    pub fn open_since(&self, n: usize, ago: Duration) {
        let mut r = self.round();
        let now = Instant::now();
        r.open = Some((n, now.checked_sub(ago).unwrap_or(now)));
        r.answers.clear();
    }
}

impl QuizHub {
    /// How long a question asked for `seconds` stays open in this process.
    fn per_question(&self, seconds: u32) -> Duration {
        self.timing
            .question_override
            .unwrap_or(Duration::from_secs(u64::from(seconds)))
    }

    /// Makes a quiz taken over from another process this one's: its channel held here, its
    /// questions, timing and language as the store keeps them. `None` when this process already
    /// runs a quiz in that channel.
    pub fn adopt(&self, taken: TakenQuiz) -> Option<(Arc<ActiveQuiz>, Resume)> {
        let mut channels = self.channels();
        if channels.contains_key(&taken.channel_id) {
            return None;
        }
        let quiz = Arc::new(ActiveQuiz {
            id: taken.id,
            guild_id: taken.guild_id,
            channel_id: taken.channel_id,
            starter_id: taken.starter_id,
            seed: taken.seed,
            topic: taken.topic,
            per_question: self.per_question(taken.seconds),
            questions: taken.questions,
            lang: Lang::of_locale(&taken.lang).unwrap_or_default(),
            stop: Notify::new(),
            answered: Notify::new(),
            round: Mutex::new(Round::default()),
        });
        channels.insert(taken.channel_id, Slot::Running(Arc::clone(&quiz)));
        let resume = Resume {
            question: taken.current as usize,
            shown: taken.shown,
        };
        Some((quiz, resume))
    }

    /// A click on choice `choice` of question `n` of quiz `quiz`, which another process runs:
    /// checked against the question the store holds open (by the database's clock), scored
    /// as the owner would, and recorded once by the store's key. `None` when no such quiz
    /// runs in `channel`; otherwise what became of the click and the choice's words.
    /// Blocking: call it off the async runtime.
    #[allow(clippy::too_many_arguments)]
    pub fn click_elsewhere(
        &self,
        quiz: i64,
        n: usize,
        choice: usize,
        channel: u64,
        user: u64,
        name: &str,
    ) -> Result<Option<(Click, String)>, StoreError> {
        let Some(open) = self.store.open_question(quiz)? else {
            return Ok(None);
        };
        if open.channel_id != channel {
            return Ok(None);
        }
        let per_question = self.per_question(open.seconds);
        let choice_text = open.question.choices.get(choice).cloned();
        let Some(choice_text) = choice_text.filter(|_| open.number as usize == n) else {
            return Ok(Some((Click::TimeUp, String::new())));
        };
        if open.elapsed > per_question {
            return Ok(Some((Click::TimeUp, choice_text)));
        }
        let right = choice == open.question.answer;
        let points = quiz::points(right, open.elapsed, per_question);
        let record = AnswerRecord {
            quiz,
            question: open.number,
            user_id: user,
            user_name: name.to_string(),
            choice: choice as u32,
            correct: right,
            points,
        };
        let click = if self.store.record_answer(&record)? {
            Click::Recorded {
                choice,
                right,
                points,
            }
        } else {
            Click::AlreadyAnswered
        };
        Ok(Some((click, choice_text)))
    }
}
