//! Where quizzes, answers and scores are kept: the [`QuizStore`] interface, its shared types and
//! errors, and choosing an implementation from the settings.
//!
//! Two implementations sit behind the trait: [`SqliteStore`] (`sqlite.rs`, the embedded default:
//! one file under the data directory, no server to run) and [`PostgresStore`] (`postgres.rs`,
//! its schema in `pg_schema.rs`, its quiz calls in `pg_quiz.rs`, its URL in `pg_url.rs`; chosen by `database.url = "postgres://…"`, for several processes
//! sharing one store).
//! `migrate.rs` copies a SQLite store into PostgreSQL (`treatybot migrate-store`).
//!
//! Both keep one answer per player per question with the database's own key (quiz, question,
//! player) and `INSERT … ON CONFLICT DO NOTHING`, so a click delivered twice, or to two
//! processes, counts once; both version their schema and refuse one newer than the binary.
//!
//! The trait is synchronous on purpose. Every caller already runs store calls on tokio's
//! blocking pool (nothing may wait on a database on the async runtime, see ARCHITECTURE.md), and
//! SQLite is a blocking library: an async trait would only move that `spawn_blocking` inside
//! the SQLite store and force the quiz hub's blocking start (index reads, then `begin`) to
//! block on a future. PostgreSQL instead drives its async driver on a small runtime of its own
//! ([`PostgresStore`]), which the calling blocking thread waits on with a deadline; the two fit
//! one seam, and neither puts blocking work on the bot's runtime.

mod lease;
mod migrate;
mod page_queries;
mod pg_quiz;
mod pg_schema;
mod pg_url;
mod postgres;
mod reading_list;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;

pub use lease::{LEASE, RENEW_EVERY};
pub use migrate::{migrate_sqlite_to_postgres, MigrateReport, StoreTotals};
pub use page_queries::PAGE_QUERY_DAYS;
pub use pg_url::{PgTarget, PgUrlError};
pub use postgres::{PostgresStore, CALL_TIMEOUT};
pub use reading_list::{ReadingListLog, NOTIFY_CHANNEL};
pub use sqlite::{SqliteStore, BUSY_TIMEOUT};

use super::Question;
use crate::config::Settings;

/// A storage failure, naming the store (a file, or a server by host and port, never with its
/// password) and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The SQLite file could not be opened, read, migrated or written at start.
    #[error("quiz database {path}: {message}. Fix the file or move it aside (a new one is made), or set quiz.database (TREATYBOT__QUIZ__DATABASE)")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A read or write failed while running.
    #[error("{store}: {message}")]
    Query {
        /// The store: "quiz database FILE" or "PostgreSQL quiz store at HOST:PORT/DB".
        store: String,
        /// What went wrong.
        message: String,
    },
    /// PostgreSQL did not answer at start (refused, timed out, no such host).
    #[error("cannot reach PostgreSQL at {server}: {message}. Check that the server runs and accepts connections there, and database.url (TREATYBOT__DATABASE__URL)")]
    Unreachable {
        /// Host and port (and database), never the password.
        server: String,
        /// What went wrong.
        message: String,
    },
    /// PostgreSQL answered but the store could not be set up (login refused, no such database,
    /// no right to create tables, a migration failed).
    #[error("PostgreSQL at {server}: {message}. Check the user, password and database in database.url (TREATYBOT__DATABASE__URL) and that the user may create tables")]
    Setup {
        /// Host and port (and database), never the password.
        server: String,
        /// What went wrong.
        message: String,
    },
    /// The store's schema was written by a newer treatybot; reading it could misread it.
    #[error("{store}: schema version {found} is newer than this treatybot knows ({known}). Run the newer treatybot that wrote it, or point this one at another store")]
    TooNew {
        /// The store, as in [`StoreError::Query`].
        store: String,
        /// The version found.
        found: i64,
        /// The newest version this binary knows.
        known: i64,
    },
    /// `migrate-store` refuses to copy into a store that already holds quizzes, so nothing is
    /// counted twice or mixed up.
    #[error("PostgreSQL at {server} already holds {quizzes} quizzes; migrate-store copies only into an empty store. Point --to at a new database (e.g. `createdb treatybot_quiz`), or empty this one first")]
    TargetNotEmpty {
        /// Host and port (and database).
        server: String,
        /// Quizzes found there.
        quizzes: u64,
    },
    /// `migrate-store` found no SQLite store to copy.
    #[error("no SQLite quiz database at {0}: nothing to migrate. Set quiz.database (TREATYBOT__QUIZ__DATABASE) or --from to the file `treatybot serve` used")]
    NoSource(PathBuf),
}

/// How a quiz ended, or that it is still on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizStatus {
    /// Questions are being asked.
    Running,
    /// Every question was asked.
    Finished,
    /// Someone ended it with `/quiz stop`.
    Stopped,
    /// The bot stopped while it ran; closed at the next start.
    Interrupted,
}

impl QuizStatus {
    /// The word both stores keep in their `status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            QuizStatus::Running => "running",
            QuizStatus::Finished => "finished",
            QuizStatus::Stopped => "stopped",
            QuizStatus::Interrupted => "interrupted",
        }
    }
}

/// A quiz about to start.
#[derive(Debug, Clone)]
pub struct NewQuiz<'a> {
    /// The server it is played in.
    pub guild_id: u64,
    /// The channel.
    pub channel_id: u64,
    /// Who started it (may stop it).
    pub starter_id: u64,
    /// The seed its questions were picked with.
    pub seed: u64,
    /// The topic, as typed.
    pub topic: Option<&'a str>,
    /// Seconds per question.
    pub seconds: u32,
    /// The questions, in order.
    pub questions: &'a [Question],
    /// The language code its messages are in (`en`, `ja`, `ru`), so a restart's notice on it
    /// is in that language too.
    pub lang: &'a str,
}

/// One player's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRecord {
    /// The quiz.
    pub quiz: i64,
    /// Question number in the quiz, from 0.
    pub question: u32,
    /// The player.
    pub user_id: u64,
    /// Their display name when they answered.
    pub user_name: String,
    /// The choice they clicked, from 0.
    pub choice: u32,
    /// Whether it was right.
    pub correct: bool,
    /// Points won.
    pub points: u32,
}

/// A quiz the store holds as running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenQuiz {
    /// Its id.
    pub id: i64,
    /// The server.
    pub guild_id: u64,
    /// The channel.
    pub channel_id: u64,
    /// The message of the question being asked, if one was posted.
    pub message_id: Option<u64>,
    /// The language code its messages were in (`en` for quizzes recorded before it was kept).
    pub lang: String,
}

/// One line of a table of scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The player.
    pub user_id: u64,
    /// Their latest display name.
    pub name: String,
    /// Points.
    pub points: u64,
    /// Right answers.
    pub right: u64,
    /// Answers given.
    pub answered: u64,
    /// Their current streak in the server (see [`PlayerRecord::streak`]).
    pub streak: u64,
}

/// One page of a server's all-time table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeaderboardPage {
    /// The page's lines, best first, in the table's order.
    pub lines: Vec<Standing>,
    /// Players on the whole table, so a reader knows how many pages there are.
    pub players: u64,
}

/// A player's all-time record in one server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlayerRecord {
    /// Points.
    pub points: u64,
    /// Right answers.
    pub right: u64,
    /// Answers given.
    pub answered: u64,
    /// Quizzes played in.
    pub quizzes: u64,
    /// Place on the server's leaderboard, from 1 (none before a first answer).
    pub rank: Option<u64>,
    /// Their current streak: right answers in a row in this server, across quizzes, in the
    /// order the store took them, since their last wrong answer (0 right after one). A question
    /// left unanswered does not end it.
    pub streak: u64,
}

/// A running quiz this process took over from one whose lease ran out: everything needed to
/// ask its remaining questions and finish it.
#[derive(Debug, Clone)]
pub struct TakenQuiz {
    /// Its id.
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
    /// Seconds per question, as asked for.
    pub seconds: u32,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// The question being asked (or about to be), from 0.
    pub current: u32,
    /// Its message and how long ago it was posted, if it was.
    pub shown: Option<(u64, std::time::Duration)>,
    /// The language code its messages are in, so the process taking it over goes on in it.
    pub lang: String,
}

/// The question a running quiz has open, as the store knows it: for a click that reaches a
/// process other than the quiz's owner.
#[derive(Debug, Clone)]
pub struct OpenQuestion {
    /// The quiz's channel.
    pub channel_id: u64,
    /// Its number, from 0.
    pub number: u32,
    /// How long ago its message was posted, by the database's clock.
    pub elapsed: std::time::Duration,
    /// Seconds per question, as asked for.
    pub seconds: u32,
    /// The question.
    pub question: Question,
}

/// Storage for quizzes and scores. Every method is one transaction, and blocking: call it off
/// the async runtime (see the module documentation for why the trait is synchronous).
pub trait QuizStore: Send + Sync {
    /// Records a new running quiz and its questions; returns its id.
    fn begin(&self, quiz: &NewQuiz) -> Result<i64, StoreError>;
    /// Notes the message now showing question `question` (for closing it after a restart).
    fn set_message(&self, quiz: i64, question: u32, message_id: u64) -> Result<(), StoreError>;
    /// Records an answer once: `false` if this player already answered this question.
    fn record_answer(&self, answer: &AnswerRecord) -> Result<bool, StoreError>;
    /// Ends a quiz with `status`; answers already recorded keep their points.
    fn end(&self, quiz: i64, status: QuizStatus) -> Result<(), StoreError>;
    /// Quizzes still marked running.
    fn running(&self) -> Result<Vec<OpenQuiz>, StoreError>;
    /// Points per player in one quiz, best first.
    fn standings(&self, quiz: i64) -> Result<Vec<Standing>, StoreError>;
    /// The server's all-time table, best first, at most `limit` lines.
    fn leaderboard(&self, guild_id: u64, limit: usize) -> Result<Vec<Standing>, StoreError>;
    /// Lines `offset..offset + limit` of the server's all-time table (the order of
    /// [`QuizStore::leaderboard`]) and how many players the whole table has.
    fn leaderboard_page(
        &self,
        guild_id: u64,
        offset: usize,
        limit: usize,
    ) -> Result<LeaderboardPage, StoreError>;
    /// How many players chose each of the first `choices` choices of question `question`
    /// (one answer per player per question, so each player counts once), indexed by choice.
    fn answer_counts(
        &self,
        quiz: i64,
        question: u32,
        choices: usize,
    ) -> Result<Vec<u64>, StoreError>;
    /// One player's all-time record in a server.
    fn player(&self, guild_id: u64, user_id: u64) -> Result<PlayerRecord, StoreError>;
    /// Every answer to question `question` of a quiz, in the order the store took them.
    fn answers(&self, quiz: i64, question: u32) -> Result<Vec<AnswerRecord>, StoreError>;

    /// Whether quizzes are shared between processes through leases (PostgreSQL): each running
    /// quiz is owned by the process that holds its lease, which others take over once it runs
    /// out. Without leases (SQLite, one process) quizzes still running at start were
    /// interrupted and are closed.
    fn leases(&self) -> bool {
        false
    }
    /// Extends the leases of the running quizzes this store's process owns; returns their ids.
    fn renew_leases(&self) -> Result<Vec<i64>, StoreError> {
        Ok(Vec::new())
    }
    /// Of `running_here` (quizzes whose timers run in this process), those another process
    /// owns now: this process stalled past its lease and the quiz was taken over, so its timer
    /// here must stop. Always none without leases.
    fn lost_leases(&self, _running_here: &[i64]) -> Result<Vec<i64>, StoreError> {
        Ok(Vec::new())
    }
    /// Takes the running quizzes whose owner's lease ran out (each by one process only) and
    /// returns them, to be finished here.
    fn take_over(&self) -> Result<Vec<TakenQuiz>, StoreError> {
        Ok(Vec::new())
    }
    /// The question quiz `quiz` has open, if it runs and one is.
    fn open_question(&self, _quiz: i64) -> Result<Option<OpenQuestion>, StoreError> {
        Ok(None)
    }
    /// Keeps `query` under `key` for page buttons whose command is too long for a custom id
    /// (`crate::discord::pager`); the same key keeps the same query, and one kept longer than
    /// [`PAGE_QUERY_DAYS`] goes. `false` when the store keeps none.
    fn keep_page_query(&self, _key: &str, _query: &str) -> Result<bool, StoreError> {
        Ok(false)
    }
    /// The query kept under `key`, unless it never was or went.
    fn page_query(&self, _key: &str) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
    /// The shared reading-list journal, when the store keeps one (PostgreSQL); `None` when
    /// each process's local journal is the reading list (SQLite).
    fn reading_list_log(&self) -> Option<&dyn ReadingListLog> {
        None
    }
}

/// Opens the store the settings name: PostgreSQL when `database.url` is set, else the SQLite
/// file (`quiz.database`, or `quiz.sqlite3` under the data directory). Blocking; fails at once,
/// naming the file or the server, when the store cannot be used.
pub fn open(settings: &Settings) -> Result<Arc<dyn QuizStore>, StoreError> {
    match settings.database_url() {
        Some(url) => Ok(Arc::new(PostgresStore::connect(url)?)),
        None => Ok(Arc::new(SqliteStore::open(&settings.quiz_database())?)),
    }
}

/// Every row of a store, as `migrate-store` copies it: what both schemas hold, in id order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreDump {
    /// Every quiz.
    pub quizzes: Vec<QuizRow>,
    /// Every question of every quiz.
    pub questions: Vec<QuestionRow>,
    /// Every answer, oldest first.
    pub answers: Vec<AnswerRow>,
    /// Long queries kept for page buttons and not yet expired, so the buttons of answers
    /// posted before the move still turn their pages after it.
    pub page_queries: Vec<PageQueryRow>,
}

/// A long query kept for page buttons, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQueryRow {
    /// The key its buttons carry.
    pub key: String,
    /// The command.
    pub query: String,
    /// When it was kept (ISO 8601 text in UTC): it expires as many days after this wherever it is.
    pub kept_at: String,
}

/// A quiz as stored. Times are ISO 8601 text in UTC, as SQLite keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizRow {
    /// Its id (kept, so the ids a channel's messages knew stay true).
    pub id: i64,
    /// The server.
    pub guild_id: i64,
    /// The channel.
    pub channel_id: i64,
    /// Who started it.
    pub starter_id: i64,
    /// The seed.
    pub seed: i64,
    /// The topic, as typed.
    pub topic: Option<String>,
    /// Seconds per question.
    pub seconds: i32,
    /// `running`, `finished`, `stopped` or `interrupted`.
    pub status: String,
    /// The message of the question last shown.
    pub message_id: Option<i64>,
    /// The question last shown.
    pub current_question: i32,
    /// The language code of its messages.
    pub lang: String,
    /// When it started.
    pub started_at: String,
    /// When it ended.
    pub ended_at: Option<String>,
}

/// A question of a quiz as stored (the question itself as JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    /// The quiz.
    pub quiz_id: i64,
    /// Its number in the quiz, from 0.
    pub number: i32,
    /// The question's stable id.
    pub question_id: String,
    /// The question as JSON.
    pub body: String,
}

/// An answer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    /// The quiz.
    pub quiz_id: i64,
    /// The question's number.
    pub number: i32,
    /// The player.
    pub user_id: i64,
    /// Their display name then.
    pub user_name: String,
    /// The choice clicked.
    pub choice: i32,
    /// Whether it was right.
    pub correct: bool,
    /// Points won.
    pub points: i32,
    /// When.
    pub answered_at: String,
}

/// Discord ids are below 2^63, so they fit both databases' signed 64-bit integers unchanged.
pub(crate) fn id(v: u64) -> i64 {
    v as i64
}

/// The inverse of [`id`].
pub(crate) fn uid(v: i64) -> u64 {
    v as u64
}
