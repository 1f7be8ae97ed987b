//! Quiz messages a player reads while a quiz runs and after: the question, the standings, the
//! announcement, an interrupted quiz, a player's own record. The reveal and the leaderboard have
//! files of their own (`reveal.rs`, `leaderboard.rs`). Plain data, no Discord calls.

use std::time::Duration;

use super::{custom_id, ActiveQuiz, LABEL, LETTERS};
use crate::discord::render::{clip, escape, limits, EmbedData};
use crate::present::{quiz_question, sub_command, Reader};
use crate::quiz::{PlayerRecord, Standing};

/// `/quiz SUB` as the reader's picker names it.
pub fn quiz_command(reader: Reader, sub: &str) -> String {
    sub_command(reader, "quiz", sub)
}

/// The embed and buttons of question `n` of a quiz, with how many have answered so far (the
/// live count, edited in while the question is open).
pub fn question_message(
    q: &ActiveQuiz,
    n: usize,
    answered: usize,
) -> (EmbedData, Vec<(String, String)>) {
    let reader = q.reader();
    let question = &q.questions[n];
    let mut description = escape(&quiz_question(reader.lang, question));
    description.push_str("\n\n");
    for (i, c) in question.choices.iter().enumerate() {
        description.push_str(&format!("**{})** {}\n", LETTERS[i], escape(c)));
    }
    description.push('\n');
    description.push_str(&reader.say(
        "quiz-time-to-answer",
        &[("seconds", seconds_text(reader, q.per_question).into())],
    ));
    description.push_str(&format!(
        "\n**{}**",
        reader.say("quiz-answered", &[("count", answered.into())])
    ));
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
                &reader.say(
                    "quiz-question-title",
                    &[("n", (n + 1).into()), ("total", q.questions.len().into())],
                ),
                limits::TITLE,
            ),
            url: None,
            description: clip(&description, limits::DESCRIPTION),
            // What the quiz is about, when it has a topic; never the quiz's number or the
            // question's kind, which are ours.
            footer: q
                .topic
                .as_deref()
                .map(|t| {
                    clip(
                        &reader.say("quiz-about", &[("topic", t.into())]),
                        limits::FOOTER,
                    )
                })
                .unwrap_or_default(),
        },
        buttons,
    )
}

/// A question's time in the reader's words: "20 seconds" ("2.5 seconds" under a test's timing).
pub(super) fn seconds_text(reader: Reader, d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 && s.fract() == 0.0 {
        reader.say("quiz-seconds", &[("seconds", (s as u64).into())])
    } else {
        reader.say("quiz-seconds", &[("seconds", format!("{s:.1}").into())])
    }
}

/// Medals for the first three places of a table.
const MEDALS: [&str; 3] = ["🥇", "🥈", "🥉"];

/// A player's current streak after their line in a table: nothing until two right in a row.
pub(super) fn streak_text(reader: Reader, streak: u64) -> String {
    if streak >= 2 {
        format!(
            " {}",
            reader.say("quiz-streak", &[("streak", streak.into())])
        )
    } else {
        String::new()
    }
}

/// Lines of a table of scores, best first, whose first line is line `first_line` of the whole
/// table (from 1) and shares place `first_place` (a tie on points shares a place, as
/// `/quiz me` counts it); the first three places carry their medals.
pub(super) fn table(
    reader: Reader,
    lines: &[Standing],
    first_line: usize,
    first_place: usize,
) -> String {
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
            let line = reader.say(
                "quiz-table-line",
                &[
                    ("name", escape(&s.name).into()),
                    ("points", s.points.into()),
                    ("right", s.right.into()),
                    ("answered", s.answered.into()),
                ],
            );
            let streak = streak_text(reader, s.streak);
            format!("{medal}**{place}.** {line}{streak}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The standings at the end of a quiz.
pub fn standings_message(q: &ActiveQuiz, asked: usize, standings: &[Standing]) -> EmbedData {
    let reader = q.reader();
    let how = match q.stopped_by() {
        Some(name) => reader.say(
            "quiz-stopped-by",
            &[
                ("name", escape(&name).into()),
                ("asked", asked.into()),
                ("total", q.questions.len().into()),
            ],
        ),
        None if asked == 1 => reader.say("quiz-one-asked", &[]),
        None => reader.say("quiz-all-asked", &[("asked", asked.into())]),
    };
    let body = if standings.is_empty() {
        reader.say("quiz-nobody-answered", &[])
    } else {
        table(reader, standings, 1, 1)
    };
    let all_time = reader.say(
        "quiz-all-time",
        &[("leaderboard", quiz_command(reader, "leaderboard").into())],
    );
    EmbedData {
        title: reader.say("quiz-standings-title", &[]),
        url: None,
        description: clip(
            &format!("{how}\n\n{body}\n\n{all_time}"),
            limits::DESCRIPTION,
        ),
        // No seed or replay command: those are for the command line, not for Discord.
        footer: String::new(),
    }
}

/// What an interrupted quiz's last message says after the restart that closed it, for
/// `reader` (the store keeps no quiz's language, so the server's is used).
pub fn interrupted_message(reader: Reader) -> EmbedData {
    EmbedData {
        title: reader.say("quiz-interrupted-title", &[]),
        url: None,
        description: reader.say(
            "quiz-interrupted",
            &[
                ("leaderboard", quiz_command(reader, "leaderboard").into()),
                ("start", quiz_command(reader, "start").into()),
            ],
        ),
        footer: String::new(),
    }
}

/// The announcement of a new quiz.
pub fn start_message(q: &ActiveQuiz, starter: &str, asked_for: usize) -> String {
    let reader = q.reader();
    let topic = q
        .topic
        .as_deref()
        .map(|t| reader.say("quiz-start-topic", &[("topic", escape(t).into())]))
        .unwrap_or_default();
    let fewer = if q.questions.len() < asked_for {
        reader.say("quiz-start-fewer", &[("count", q.questions.len().into())])
    } else {
        String::new()
    };
    clip(
        &reader.say(
            "quiz-start",
            &[
                ("count", q.questions.len().into()),
                ("topic", topic.into()),
                ("fewer", fewer.into()),
                ("seconds", seconds_text(reader, q.per_question).into()),
                ("name", escape(starter).into()),
                ("stop", quiz_command(reader, "stop").into()),
            ],
        ),
        limits::CONTENT,
    )
}

/// One player's record, for them to read.
pub fn me_message(name: &str, r: &PlayerRecord, reader: Reader) -> String {
    match r.rank {
        None => reader.say(
            "quiz-me-none",
            &[("start", quiz_command(reader, "start").into())],
        ),
        Some(rank) => clip(
            &format!(
                "{} {}",
                reader.say(
                    "quiz-me",
                    &[
                        ("name", escape(name).into()),
                        ("points", r.points.into()),
                        ("right", r.right.into()),
                        ("answered", r.answered.into()),
                        ("quizzes", r.quizzes.into()),
                        ("rank", rank.into()),
                    ],
                ),
                reader.say("quiz-me-streak", &[("streak", r.streak.into())])
            ),
            limits::CONTENT,
        ),
    }
}
