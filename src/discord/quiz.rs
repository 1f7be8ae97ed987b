//! Quizzes in Discord channels: which quiz runs where, who answered what, how often the live
//! count may be edited in, and every quiz message as plain data (embeds and buttons) within
//! Discord's limits: `messages.rs` (questions, standings, announcements), `reveal.rs` (a
//! question once time is up) and `leaderboard.rs` (the paged all-time table).
//!
//! Questions come from [`crate::quiz`], scores from its [`QuizStore`]; `handler/quiz.rs` is the
//! part of the handler that turns these into Discord calls and runs the question timers. Nothing
//! here talks to Discord, so the rules (one answer per player per question, late clicks, who may
//! stop a quiz) are testable without it.

mod leaderboard;
mod lease;
mod live_count;
mod messages;
mod reveal;

pub use leaderboard::{
    another_servers_table, leaderboard_message, page_id, pages, parse_page_id, PageButton,
    PER_PAGE, PREFIX as LEADERBOARD_PREFIX,
};
pub use lease::Resume;
pub use live_count::{LiveCount, LIVE_COUNT_EVERY};
pub use messages::{
    interrupted_message, me_message, question_message, quiz_command, standings_message,
    start_message,
};
pub use reveal::{counts_of, reveal_message, Reveal, RevealButton, NOBODY_RIGHT, SOMEONE_RIGHT};

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::config::QuizSettings;
use crate::engine::{Audience, Engine, ServerId};
use crate::present::{Lang, Reader};
use crate::quiz::{self, OpenQuiz, Question, QuizStore, Topic};

/// Custom-id prefix of answer buttons: `tb:qz:QUIZ:QUESTION:CHOICE`.
pub const PREFIX: &str = "tb:qz:";
/// Letters the four choices are shown with.
pub const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];
/// Longest button label Discord accepts.
const LABEL: usize = 80;
/// The custom id of the button for `choice` of question `question` in quiz `quiz`.
pub fn custom_id(quiz: i64, question: usize, choice: usize) -> String {
    format!("{PREFIX}{quiz}:{question}:{choice}")
}

/// Reads an answer button's custom id: (quiz, question, choice).
pub fn parse_custom_id(id: &str) -> Option<(i64, usize, usize)> {
    let mut parts = id.strip_prefix(PREFIX)?.split(':');
    let quiz = parts.next()?.parse().ok()?;
    let question = parts.next()?.parse().ok()?;
    let choice: usize = parts.next()?.parse().ok()?;
    (parts.next().is_none() && choice < LETTERS.len()).then_some((quiz, question, choice))
}

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
    answered: Notify,
    round: Mutex<Round>,
}

#[derive(Default)]
struct Round {
    /// The question open for answers, and since when.
    open: Option<(usize, Instant)>,
    /// Answers to the open question by player id (ordered, so reveals list them stably).
    answers: BTreeMap<u64, Answered>,
    /// Who stopped the quiz, once someone did.
    stopped_by: Option<String>,
}

impl ActiveQuiz {
    /// Who reads its messages: its channel, in its starter's language.
    pub fn reader(&self) -> Reader {
        Reader::picker(self.lang)
    }

    fn round(&self) -> MutexGuard<'_, Round> {
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

/// Why quizzes could not be set up when the bot starts.
#[derive(Debug, thiserror::Error)]
pub enum QuizSetupError {
    /// The database could not be opened or used.
    #[error(transparent)]
    Store(#[from] quiz::StoreError),
}

/// Why a quiz could not be set up once asked for: the articles or the database failed.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The questions could not be drawn from the index.
    #[error("could not draw quiz questions: {0}")]
    Questions(#[from] crate::Error),
    /// The quiz could not be recorded.
    #[error(transparent)]
    Store(#[from] quiz::StoreError),
}

/// How long questions and pauses last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Replaces every question's seconds when set (tests use a few seconds).
    pub question_override: Option<Duration>,
    /// Between a reveal and the next question.
    pub pause: Duration,
}

enum Slot {
    /// Reserved while a quiz is being set up, so two starts cannot both win.
    Starting,
    Running(Arc<ActiveQuiz>),
}

/// Every quiz this bot runs, the store and the timers. Questions are drawn from the index when
/// a quiz starts, so nothing is prepared per article when the bot starts.
pub struct QuizHub {
    /// Where scores are kept.
    pub store: Arc<dyn QuizStore>,
    engine: Arc<Engine>,
    /// Defaults and timing from the settings.
    pub settings: QuizSettings,
    timing: Timing,
    channels: Mutex<HashMap<u64, Slot>>,
    tasks: Mutex<Vec<tokio::task::AbortHandle>>,
    interrupted: Mutex<Vec<OpenQuiz>>,
}

/// Why a quiz could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartRefused {
    /// A quiz already runs in the channel.
    Busy,
    /// Nothing matches the topic.
    NoQuestions(String),
}

impl QuizHub {
    /// A hub over `store`. Quizzes the store still holds as running were interrupted by a restart;
    /// [`QuizHub::close_interrupted`] closes them once connected.
    pub fn new(
        store: Arc<dyn QuizStore>,
        engine: Arc<Engine>,
        settings: &QuizSettings,
    ) -> Result<QuizHub, QuizSetupError> {
        // Read now so a broken store stops the bot at start; closed once connected, when their
        // messages can be edited too (a start that fails to connect leaves them for the next).
        // With leases (several processes), a running quiz is another process's, or is taken
        // over once its lease runs out: none is closed here.
        let interrupted = if store.leases() {
            Vec::new()
        } else {
            store.running()?
        };
        Ok(QuizHub {
            store,
            engine,
            settings: settings.clone(),
            timing: Timing {
                question_override: settings.test_timing.map(|t| t.question),
                pause: settings
                    .test_timing
                    .map(|t| t.pause)
                    .unwrap_or(Duration::from_secs(u64::from(settings.pause_seconds))),
            },
            channels: Mutex::new(HashMap::new()),
            tasks: Mutex::new(Vec::new()),
            interrupted: Mutex::new(interrupted),
        })
    }

    fn channels(&self) -> MutexGuard<'_, HashMap<u64, Slot>> {
        self.channels.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The pause between a reveal and the next question.
    pub fn pause(&self) -> Duration {
        self.timing.pause
    }

    /// [`QuizHub::start_in`] with its messages in English.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &self,
        guild_id: u64,
        channel_id: u64,
        starter_id: u64,
        count: usize,
        topic: Option<&str>,
        seconds: u32,
        seed: u64,
    ) -> Result<Result<Arc<ActiveQuiz>, StartRefused>, StartError> {
        self.start_in(
            Lang::En,
            guild_id,
            channel_id,
            starter_id,
            count,
            topic,
            seconds,
            seed,
        )
    }

    /// Draws the questions and records a new quiz in `channel`, unless one runs there, its
    /// messages in `lang`. Blocking (it reads the index and writes the store): call it off the
    /// async runtime. The channel is reserved while it runs and freed again if it fails or
    /// panics.
    #[allow(clippy::too_many_arguments)]
    pub fn start_in(
        &self,
        lang: Lang,
        guild_id: u64,
        channel_id: u64,
        starter_id: u64,
        count: usize,
        topic: Option<&str>,
        seconds: u32,
        seed: u64,
    ) -> Result<Result<Arc<ActiveQuiz>, StartRefused>, StartError> {
        let Some(reserved) = Reservation::take(self, channel_id) else {
            return Ok(Err(StartRefused::Busy));
        };
        // A server's quizzes are drawn from the shared collection and its own additions.
        let engine = self.engine.seen_by(Audience::server(ServerId(guild_id)));
        let topic_filter = match topic {
            Some(t) => match Topic::parse(engine, t) {
                Some(parsed) => Some(parsed),
                None => return Ok(Err(StartRefused::NoQuestions(t.to_string()))),
            },
            None => None,
        };
        let questions = quiz::draw(engine, count, seed, topic_filter.as_ref())?;
        if questions.is_empty() {
            return Ok(Err(StartRefused::NoQuestions(
                topic.unwrap_or_default().to_string(),
            )));
        }
        let new = quiz::NewQuiz {
            guild_id,
            channel_id,
            starter_id,
            seed,
            topic,
            seconds,
            questions: &questions,
        };
        let id = self.store.begin(&new)?;
        let per_question = self
            .timing
            .question_override
            .unwrap_or(Duration::from_secs(u64::from(seconds)));
        let active = Arc::new(ActiveQuiz {
            id,
            guild_id,
            channel_id,
            starter_id,
            seed,
            topic: topic.map(str::to_string),
            questions,
            per_question,
            lang,
            stop: Notify::new(),
            answered: Notify::new(),
            round: Mutex::new(Round::default()),
        });
        reserved.fill(Arc::clone(&active));
        Ok(Ok(active))
    }

    /// The quiz running in a channel.
    pub fn running_in(&self, channel_id: u64) -> Option<Arc<ActiveQuiz>> {
        match self.channels().get(&channel_id) {
            Some(Slot::Running(q)) => Some(Arc::clone(q)),
            _ => None,
        }
    }

    /// Frees the channel once a quiz has ended.
    pub fn finished(&self, quiz: &ActiveQuiz) {
        let mut ch = self.channels();
        if matches!(ch.get(&quiz.channel_id), Some(Slot::Running(q)) if q.id == quiz.id) {
            ch.remove(&quiz.channel_id);
        }
    }

    /// Keeps a quiz's timer task so shutdown can stop it.
    pub fn keep_task(&self, handle: tokio::task::AbortHandle) {
        let mut tasks = self.tasks.lock().unwrap_or_else(|e| e.into_inner());
        tasks.retain(|t| !t.is_finished());
        tasks.push(handle);
    }

    /// Stops every quiz timer without closing the quizzes: like a crash, they stay running in the
    /// store and the next start closes them, keeping their points.
    pub fn shutdown(&self) {
        let tasks = std::mem::take(&mut *self.tasks.lock().unwrap_or_else(|e| e.into_inner()));
        for t in tasks {
            t.abort();
        }
        self.channels().clear();
    }

    /// Closes the quizzes a restart interrupted, keeping their points, and hands them back (once)
    /// so their last messages can say so.
    pub fn close_interrupted(&self) -> Vec<OpenQuiz> {
        let open = std::mem::take(&mut *self.interrupted.lock().unwrap_or_else(|e| e.into_inner()));
        for q in &open {
            match self.store.end(q.id, quiz::QuizStatus::Interrupted) {
                Ok(()) => tracing::info!(quiz = q.id, "closed a quiz interrupted by a restart"),
                Err(e) => {
                    tracing::error!(quiz = q.id, error = %e, "could not close an interrupted quiz")
                }
            }
        }
        open
    }
}

/// A channel held for a quiz being set up: freed when dropped (a failure or a panic while
/// drawing questions), unless the quiz it was held for starts.
struct Reservation<'a> {
    hub: &'a QuizHub,
    channel_id: u64,
    filled: bool,
}

impl<'a> Reservation<'a> {
    /// Holds `channel_id`, unless a quiz runs or is being set up there.
    fn take(hub: &'a QuizHub, channel_id: u64) -> Option<Reservation<'a>> {
        let mut ch = hub.channels();
        if ch.contains_key(&channel_id) {
            return None;
        }
        ch.insert(channel_id, Slot::Starting);
        Some(Reservation {
            hub,
            channel_id,
            filled: false,
        })
    }

    /// The quiz started: the channel is its own until it ends.
    fn fill(mut self, quiz: Arc<ActiveQuiz>) {
        self.hub
            .channels()
            .insert(self.channel_id, Slot::Running(quiz));
        self.filled = true;
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if !self.filled {
            let mut ch = self.hub.channels();
            if matches!(ch.get(&self.channel_id), Some(Slot::Starting)) {
                ch.remove(&self.channel_id);
            }
        }
    }
}

/// Seconds and questions asked for, within the allowed ranges, or the configured defaults.
pub fn clamp_options(
    settings: &QuizSettings,
    questions: Option<i64>,
    seconds: Option<i64>,
) -> (usize, u32) {
    let n = questions
        .unwrap_or(i64::from(settings.default_questions))
        .clamp(1, 20) as usize;
    let s = seconds
        .unwrap_or(i64::from(settings.default_seconds))
        .clamp(10, 120) as u32;
    (n, s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discord::render::limits;
    use crate::quiz::{Fact, Kind, QuizCitation, QuizSource};

    fn question(answer: usize) -> Question {
        Question {
            id: "who-000-p1-0".into(),
            kind: Kind::Who,
            question: "Who fills the blank? “_____ met Abe.”".into(),
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
                    date: "2016".into(),
                    paragraph: 2,
                },
            },
            note: None,
            fact: Fact::default(),
        }
    }

    fn active(per_question: Duration) -> ActiveQuiz {
        ActiveQuiz {
            id: 7,
            guild_id: 1,
            channel_id: 2,
            starter_id: 3,
            seed: 4,
            topic: None,
            questions: vec![question(0), question(2)],
            per_question,
            lang: Lang::En,
            stop: Notify::new(),
            answered: Notify::new(),
            round: Mutex::new(Round::default()),
        }
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
