//! Every quiz this bot runs: the channel games (one per channel, reserved while one is set up),
//! the practices (one player each, in memory), the store scores go to, and the timers to stop
//! at shutdown. Drawing questions and recording a quiz are blocking work, for the blocking pool.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::active::ActiveQuiz;
use super::practice::{Practice, Practices};
use crate::config::QuizSettings;
use crate::engine::{Audience, Engine, ServerId};
use crate::present::Lang;
use crate::quiz::{self, Difficulty, OpenQuiz, Question, QuizStore, Topic};

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

pub(super) enum Slot {
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
    pub(super) timing: Timing,
    channels: Mutex<HashMap<u64, Slot>>,
    tasks: Mutex<Vec<tokio::task::AbortHandle>>,
    /// Each running quiz's timer task, to stop one whose lease another process took.
    timers: Mutex<HashMap<i64, tokio::task::AbortHandle>>,
    interrupted: Mutex<Vec<OpenQuiz>>,
    practices: Practices,
}

/// What a player asked a quiz for: how many questions, on what, how long each, how hard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// Questions to ask (at most).
    pub count: usize,
    /// The topic, as typed.
    pub topic: Option<String>,
    /// Seconds per question (a channel game's).
    pub seconds: u32,
    /// Which questions are drawn.
    pub difficulty: Difficulty,
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
            timers: Mutex::new(HashMap::new()),
            interrupted: Mutex::new(interrupted),
            practices: Practices::default(),
        })
    }

    pub(super) fn channels(&self) -> MutexGuard<'_, HashMap<u64, Slot>> {
        self.channels.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The pause between a reveal and the next question.
    pub fn pause(&self) -> Duration {
        self.timing.pause
    }

    /// [`QuizHub::start_in`] with its messages in English, every question a candidate.
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
        let asked = Asked {
            count,
            topic: topic.map(str::to_string),
            seconds,
            difficulty: Difficulty::Hard,
        };
        self.start_in(Lang::En, guild_id, channel_id, starter_id, &asked, seed)
    }

    /// The questions of a quiz in a server: drawn from the shared collection and the server's
    /// own additions, on the topic and at the difficulty asked; a topic nothing is about, or
    /// no question at all, is refused.
    fn questions_for(
        &self,
        guild_id: u64,
        asked: &Asked,
        seed: u64,
    ) -> Result<Result<Vec<Question>, StartRefused>, StartError> {
        let engine = self.engine.seen_by(Audience::server(ServerId(guild_id)));
        let topic = asked.topic.as_deref();
        let refused = || StartRefused::NoQuestions(topic.unwrap_or_default().to_string());
        let topic_filter = match topic {
            Some(t) => match Topic::parse(engine, t) {
                Some(parsed) => Some(parsed),
                None => return Ok(Err(refused())),
            },
            None => None,
        };
        let questions = quiz::draw_at(
            engine,
            asked.count,
            seed,
            topic_filter.as_ref(),
            asked.difficulty,
        )?;
        Ok(if questions.is_empty() {
            Err(refused())
        } else {
            Ok(questions)
        })
    }

    /// Draws the questions and records a new quiz in `channel`, unless one runs there, its
    /// messages in `lang`. Blocking (it reads the index and writes the store): call it off the
    /// async runtime. The channel is reserved while it runs and freed again if it fails or
    /// panics.
    pub fn start_in(
        &self,
        lang: Lang,
        guild_id: u64,
        channel_id: u64,
        starter_id: u64,
        asked: &Asked,
        seed: u64,
    ) -> Result<Result<Arc<ActiveQuiz>, StartRefused>, StartError> {
        let Some(reserved) = Reservation::take(self, channel_id) else {
            return Ok(Err(StartRefused::Busy));
        };
        let questions = match self.questions_for(guild_id, asked, seed)? {
            Ok(q) => q,
            Err(refused) => return Ok(Err(refused)),
        };
        let new = quiz::NewQuiz {
            guild_id,
            channel_id,
            starter_id,
            seed,
            topic: asked.topic.as_deref(),
            seconds: asked.seconds,
            questions: &questions,
            lang: lang.code(),
        };
        let id = self.store.begin(&new)?;
        let per_question = self
            .timing
            .question_override
            .unwrap_or(Duration::from_secs(u64::from(asked.seconds)));
        let active = Arc::new(ActiveQuiz::new(
            id,
            guild_id,
            channel_id,
            starter_id,
            seed,
            asked.topic.clone(),
            questions,
            per_question,
            lang,
        ));
        reserved.fill(Arc::clone(&active));
        Ok(Ok(active))
    }

    /// Draws a practice for `user` alone, its messages in `lang`: nothing is recorded and no
    /// channel is taken (a channel game may run beside it). Blocking, as [`QuizHub::start_in`].
    /// `seed` also names the session.
    pub fn start_practice(
        &self,
        lang: Lang,
        guild_id: u64,
        user: u64,
        asked: &Asked,
        seed: u64,
    ) -> Result<Result<Arc<Practice>, StartRefused>, StartError> {
        let questions = match self.questions_for(guild_id, asked, seed)? {
            Ok(q) => q,
            Err(refused) => return Ok(Err(refused)),
        };
        Ok(Ok(self.practices.add(Practice::new(
            seed,
            user,
            lang,
            asked.topic.clone(),
            questions,
        ))))
    }

    /// The practice a button names, while it is kept.
    pub fn practice(&self, id: u64) -> Option<Arc<Practice>> {
        self.practices.get(id)
    }

    /// Forgets a practice that is over.
    pub fn end_practice(&self, id: u64) {
        self.practices.end(id);
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

    /// Keeps quiz `quiz`'s timer task, so shutdown can stop it and so can [`QuizHub::abandon`].
    pub fn keep_quiz_task(&self, quiz: i64, handle: tokio::task::AbortHandle) {
        let mut timers = self.timers.lock().unwrap_or_else(|e| e.into_inner());
        timers.retain(|_, t| !t.is_finished());
        timers.insert(quiz, handle.clone());
        drop(timers);
        self.keep_task(handle);
    }

    /// The quizzes whose timers run in this process.
    pub fn running_here(&self) -> Vec<i64> {
        self.channels()
            .values()
            .filter_map(|slot| match slot {
                Slot::Running(q) => Some(q.id),
                Slot::Starting => None,
            })
            .collect()
    }

    /// Stops quiz `quiz`'s timer here without a word to the store or the channel: another
    /// process owns it now (this one stalled past its lease) and finishes it.
    pub fn abandon(&self, quiz: i64) {
        if let Some(timer) = self
            .timers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&quiz)
        {
            timer.abort();
        }
        self.channels()
            .retain(|_, slot| !matches!(slot, Slot::Running(q) if q.id == quiz));
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
