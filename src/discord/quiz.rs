//! Quizzes in Discord: `hub.rs` (which quiz runs where, starting one, practices kept),
//! `active.rs` (a channel's quiz: who answered what, late clicks, who stopped it),
//! `practice.rs` (one player's private practice), `live_count.rs` (how often the live count may
//! be edited in), and every quiz message as plain data (embeds and buttons) within Discord's
//! limits: `messages.rs` (questions, standings, announcements), `reveal.rs` (a question once
//! time is up) and `leaderboard.rs` (the paged all-time table).
//!
//! Questions come from [`crate::quiz`], scores from its [`crate::quiz::QuizStore`]; `handler/quiz.rs` is the
//! part of the handler that turns these into Discord calls and runs the question timers. Nothing
//! here talks to Discord, so the rules (one answer per player per question, late clicks, who may
//! stop a quiz) are testable without it.

mod active;
mod hub;
mod leaderboard;
mod lease;
mod live_count;
mod messages;
mod practice;
mod reveal;

pub use active::{ActiveQuiz, Answered, Click};
pub use hub::{Asked, QuizHub, QuizSetupError, StartError, StartRefused, Timing};

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
pub use practice::{
    parse_practice_id, practice_id, practice_message, Practice, PracticeButton, PracticeMessage,
    Practices, Step, MAX_PRACTICES, PRACTICE_IDLE, PRACTICE_PREFIX,
};
pub use reveal::{counts_of, reveal_message, Reveal, RevealButton, NOBODY_RIGHT, SOMEONE_RIGHT};

use crate::config::QuizSettings;

/// Custom-id prefix of answer buttons: `tb:qz:QUIZ:QUESTION:CHOICE`.
pub const PREFIX: &str = "tb:qz:";
/// Letters the four choices are shown with.
pub const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];
/// Questions a practice asks when none are asked for: the most a quiz draws, since its player
/// stops when they like.
pub const PRACTICE_QUESTIONS: usize = 20;
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
