//! Quiz messages a player reads while a quiz runs and after: the question, the standings, the
//! announcement, an interrupted quiz, a player's own record. The reveal and the leaderboard have
//! files of their own (`reveal.rs`, `leaderboard.rs`). Plain data, no Discord calls.

use std::time::Duration;

use super::{custom_id, ActiveQuiz, LABEL, LETTERS};
use crate::discord::render::{clip, escape, limits, EmbedData};
use crate::quiz::{PlayerRecord, Standing};

/// The embed and buttons of question `n` of a quiz, with how many have answered so far (the
/// live count, edited in while the question is open).
pub fn question_message(
    q: &ActiveQuiz,
    n: usize,
    answered: usize,
) -> (EmbedData, Vec<(String, String)>) {
    let question = &q.questions[n];
    let mut description = escape(&question.question);
    description.push_str("\n\n");
    for (i, c) in question.choices.iter().enumerate() {
        description.push_str(&format!("**{})** {}\n", LETTERS[i], escape(c)));
    }
    description.push_str(&format!(
        "\n{} to answer. One answer each; faster right answers score more.",
        seconds_text(q.per_question)
    ));
    description.push_str(&format!("\n**{answered} answered**"));
    let buttons = question
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                custom_id(q.id, n, i),
                clip(&format!("{}) {c}", LETTERS[i]), LABEL),
            )
        })
        .collect();
    (
        EmbedData {
            title: clip(
                &format!("Question {} of {}", n + 1, q.questions.len()),
                limits::TITLE,
            ),
            url: None,
            description: clip(&description, limits::DESCRIPTION),
            // What the quiz is about, when it has a topic; never the quiz's number or the
            // question's kind, which are ours.
            footer: q
                .topic
                .as_deref()
                .map(|t| clip(&format!("Quiz about “{t}”"), limits::FOOTER))
                .unwrap_or_default(),
        },
        buttons,
    )
}

pub(super) fn seconds_text(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 && s.fract() == 0.0 {
        format!("{} seconds", s as u64)
    } else {
        format!("{s:.1} seconds")
    }
}

/// Medals for the first three places of a table.
const MEDALS: [&str; 3] = ["🥇", "🥈", "🥉"];

/// A player's current streak after their line in a table: nothing until two right in a row.
pub(super) fn streak_text(streak: u64) -> String {
    if streak >= 2 {
        format!(" · 🔥 {streak} in a row")
    } else {
        String::new()
    }
}

/// Lines of a table of scores, best first, whose first line is line `first_line` of the whole
/// table (from 1) and shares place `first_place` (a tie on points shares a place, as
/// `/quiz me` counts it); the first three places carry their medals.
pub(super) fn table(lines: &[Standing], first_line: usize, first_place: usize) -> String {
    let mut place = first_place;
    lines
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // The table is sorted by points: a line with fewer points than the one before it has
            // every line before it ahead, so its place is its line number.
            if i > 0 && s.points != lines[i - 1].points {
                place = first_line + i;
            }
            let medal = MEDALS
                .get(place.wrapping_sub(1))
                .map(|m| format!("{m} "))
                .unwrap_or_default();
            format!(
                "{medal}**{place}.** {} — {} points ({} of {} right){}",
                escape(&s.name),
                s.points,
                s.right,
                s.answered,
                streak_text(s.streak)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The standings at the end of a quiz.
pub fn standings_message(q: &ActiveQuiz, asked: usize, standings: &[Standing]) -> EmbedData {
    let how = match q.stopped_by() {
        Some(name) => format!(
            "Stopped by {} after {asked} of {} questions; points won so far are kept.",
            escape(&name),
            q.questions.len()
        ),
        None if asked == 1 => "The question has been asked.".to_string(),
        None => format!("All {asked} questions asked."),
    };
    let body = if standings.is_empty() {
        "Nobody answered.".to_string()
    } else {
        table(standings, 1, 1)
    };
    EmbedData {
        title: "Quiz over: standings".into(),
        url: None,
        description: clip(
            &format!("{how}\n\n{body}\n\nAll-time table: /quiz leaderboard"),
            limits::DESCRIPTION,
        ),
        // No seed or replay command: those are for the command line, not for Discord.
        footer: String::new(),
    }
}

/// What an interrupted quiz's last message says after the restart that closed it.
pub fn interrupted_message() -> EmbedData {
    EmbedData {
        title: "Quiz interrupted".into(),
        url: None,
        description: "This quiz was interrupted when treatybot restarted, so it has been closed. \
                      Points already won are kept: see /quiz leaderboard. Start a new one with /quiz start."
            .into(),
        footer: String::new(),
    }
}

/// The announcement of a new quiz.
pub fn start_message(q: &ActiveQuiz, starter: &str, asked_for: usize) -> String {
    let topic = q
        .topic
        .as_deref()
        .map(|t| format!(" about “{}”", escape(t)))
        .unwrap_or_default();
    let fewer = if q.questions.len() < asked_for {
        format!(" (only {} found)", q.questions.len())
    } else {
        String::new()
    };
    clip(
        &format!(
            "**Quiz!** {} {}{topic}{fewer}, {} each, started by {}. Anyone here may answer; \
             every answer is shown with the article that proves it. `/quiz stop` ends it.",
            q.questions.len(),
            if q.questions.len() == 1 {
                "question"
            } else {
                "questions"
            },
            seconds_text(q.per_question),
            escape(starter)
        ),
        limits::CONTENT,
    )
}

/// One player's record.
pub fn me_message(name: &str, r: &PlayerRecord) -> String {
    match r.rank {
        None => "You have not answered a quiz question in this server yet. Try /quiz start."
            .to_string(),
        Some(rank) => clip(
            &format!(
                "{}: {} points, {} of {} answers right, in {} quiz{}. Place {rank} on this server's leaderboard. Current streak: {} right in a row.",
                escape(name),
                r.points,
                r.right,
                r.answered,
                r.quizzes,
                if r.quizzes == 1 { "" } else { "zes" },
                r.streak
            ),
            limits::CONTENT,
        ),
    }
}
