//! `treatybot quiz`: every question as JSON Lines (`--dump --json`), or a quiz played in the
//! terminal with answers read from standard input (so it can be piped).
//!
//! Questions, selection and scoring come from [`crate::quiz`]; this file only prints and reads.

use std::io::{BufRead, Write};

use crate::engine::{Audience, Engine, Scoped};
use crate::present::{quiz_date, quiz_note, quiz_question, Lang};
use crate::quiz::{self, Difficulty, Mode, Question, Topic};

/// Longest answer line read; an answer is one letter, so anything longer is unreadable.
const MAX_ANSWER_BYTES: usize = 256;

/// Letters the choices are shown with.
const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];

/// What to play or dump.
#[derive(Debug, Clone)]
pub struct QuizOptions {
    /// Seed for distractors, choice order and which questions are picked.
    pub seed: u64,
    /// Questions to ask (play only).
    pub questions: usize,
    /// Only questions about this (a person, place, year or words).
    pub topic: Option<String>,
    /// The language the game is worded in (questions and passages are the articles' words).
    pub lang: Lang,
    /// A game (a set number of questions, then the score) or practice (questions until `q`).
    pub mode: Mode,
    /// Which questions are drawn.
    pub difficulty: Difficulty,
}

/// Questions asked when none are asked for: five in a game, and in practice the most a quiz
/// draws, since the player stops when they like.
pub fn default_questions(mode: Mode) -> usize {
    match mode {
        Mode::Game => 5,
        Mode::Practice => 20,
    }
}

impl QuizCliError {
    /// The error in `lang`'s words.
    pub fn said(&self, lang: Lang) -> String {
        match self {
            QuizCliError::NoQuestions(t) => crate::present::say(
                lang,
                "cli-quiz-no-questions",
                &[("topic", t.as_str().into())],
            ),
            QuizCliError::Engine(e) => crate::present::say(
                lang,
                "cli-failed-quiz",
                &[("error", crate::present::error(lang, e).into())],
            ),
            QuizCliError::Io(e) => crate::present::say(
                lang,
                "cli-failed-write",
                &[("error", crate::present::io_problem(lang, e).into())],
            ),
        }
    }
}

/// Errors a user can fix: a topic nothing matches.
#[derive(Debug, thiserror::Error)]
pub enum QuizCliError {
    /// No question is about the topic.
    #[error("no question is about “{0}”. Try a person, a place or a year the articles name (`treatybot ask \"/sources\"` lists them), or other words")]
    NoQuestions(String),
    /// The engine failed.
    #[error(transparent)]
    Engine(#[from] crate::Error),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The command line quizzes on the shared collection: no server's additions.
fn shared(engine: &Engine) -> Scoped<'_> {
    engine.seen_by(Audience::SHARED)
}

fn topic_of(engine: &Engine, opts: &QuizOptions) -> Result<Option<Topic>, QuizCliError> {
    opts.topic
        .as_deref()
        .map(|t| Topic::parse(shared(engine), t).ok_or_else(|| QuizCliError::NoQuestions(t.into())))
        .transpose()
}

/// `treatybot quiz --dump`: every question the quiz's candidate passages yield, one JSON object
/// per line with `json`, else as readable text. Written as they are made, one at a time.
pub fn dump(
    engine: &Engine,
    opts: &QuizOptions,
    json: bool,
    out: &mut impl Write,
) -> Result<(), QuizCliError> {
    let topic = topic_of(engine, opts)?;
    let mut any = false;
    quiz::for_each_at(
        shared(engine),
        opts.seed,
        topic.as_ref(),
        opts.difficulty,
        |q| {
            any = true;
            write_question(&q, json, opts.lang, out)?;
            Ok::<bool, QuizCliError>(true)
        },
    )?;
    match (&opts.topic, any) {
        (Some(t), false) => Err(QuizCliError::NoQuestions(t.clone())),
        _ => Ok(()),
    }
}

fn write_question(
    q: &Question,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), QuizCliError> {
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string(q).map_err(std::io::Error::other)?
        )?;
    } else {
        writeln!(out, "[{}] {}", q.id, quiz_question(lang, q))?;
        for (i, c) in q.choices.iter().enumerate() {
            let mark = if i == q.answer { "*" } else { " " };
            writeln!(out, "  {mark}{}) {c}", LETTERS[i])?;
        }
        writeln!(out, "  {}", source_line(q, lang))?;
        writeln!(out)?;
    }
    Ok(())
}

fn source_line(q: &Question, lang: Lang) -> String {
    let s = &q.citation.source;
    let p = super::render::printable;
    format!(
        "{} · {} · ¶{} · {} ({})",
        p(&s.outlet),
        p(&quiz_date(lang, s.date)),
        s.paragraph,
        p(&s.title),
        p(&s.id)
    )
}

/// Reads a choice: a letter A–D or a number 1–4. `None` for anything else.
fn parse_choice(line: &str) -> Option<usize> {
    let t = line.trim();
    let mut chars = t.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let upper = c.to_ascii_uppercase();
    LETTERS.iter().position(|l| *l == upper).or_else(|| {
        c.to_digit(10)
            .filter(|d| (1..=4).contains(d))
            .map(|d| d as usize - 1)
    })
}

/// `treatybot quiz`: asks `opts.questions` questions, reads one answer per line from `input`
/// (A–D or 1–4; `q` or the end of input stops), shows the cited passage after each, then the score.
pub fn play(
    engine: &Engine,
    opts: &QuizOptions,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<(), QuizCliError> {
    let topic = topic_of(engine, opts)?;
    let picked = quiz::draw_at(
        shared(engine),
        opts.questions,
        opts.seed,
        topic.as_ref(),
        opts.difficulty,
    )?;
    if picked.is_empty() {
        return Err(QuizCliError::NoQuestions(
            opts.topic.clone().unwrap_or_default(),
        ));
    }
    let say = |id: &str, args: &[crate::present::Arg<'_>]| crate::present::say(opts.lang, id, args);
    let intro = match opts.mode {
        Mode::Game => "cli-quiz-intro",
        Mode::Practice => "cli-quiz-practice-intro",
    };
    writeln!(
        out,
        "{}\n",
        say(
            intro,
            &[
                ("count", picked.len().into()),
                ("seed", opts.seed.to_string().into())
            ]
        )
    )?;
    let mut right = 0;
    let mut asked = 0;
    'questions: for (n, q) in picked.iter().enumerate() {
        writeln!(
            out,
            "{}",
            say(
                "cli-quiz-question",
                &[
                    ("n", (n + 1).into()),
                    ("total", picked.len().into()),
                    ("question", quiz_question(opts.lang, q).into())
                ]
            )
        )?;
        for (i, c) in q.choices.iter().enumerate() {
            writeln!(out, "  {}) {c}", LETTERS[i])?;
        }
        let choice = loop {
            write!(out, "{}", say("cli-quiz-your-answer", &[]))?;
            out.flush()?;
            // An answer line that is not UTF-8 or is absurdly long is one unreadable answer,
            // asked again, not the end of the game.
            let line = match crate::lines::read_line(input, MAX_ANSWER_BYTES)? {
                None => {
                    writeln!(out)?;
                    break 'questions;
                }
                Some(crate::lines::Line::Bytes(b)) => String::from_utf8(b).unwrap_or_default(),
                Some(crate::lines::Line::TooLong(_)) => String::new(),
            };
            if line.trim().eq_ignore_ascii_case("q") {
                writeln!(out)?;
                break 'questions;
            }
            match parse_choice(&line) {
                Some(c) => break c,
                None => writeln!(out, "{}", say("cli-quiz-type", &[]))?,
            }
        };
        asked += 1;
        if choice == q.answer {
            right += 1;
            writeln!(out, "{}", say("cli-quiz-right", &[]))?;
        } else {
            let answer = format!("{}) {}", LETTERS[q.answer], q.right());
            writeln!(
                out,
                "{}",
                say("cli-quiz-wrong", &[("answer", answer.into())])
            )?;
        }
        if let Some(note) = &q.note {
            writeln!(out, "({})", quiz_note(opts.lang, note))?;
        }
        writeln!(out, "  “{}”", q.citation.excerpt)?;
        writeln!(out, "  — {}\n", source_line(q, opts.lang))?;
    }
    let score = match opts.mode {
        Mode::Game => "cli-quiz-score",
        Mode::Practice => "cli-quiz-practice-over",
    };
    writeln!(
        out,
        "{}",
        say(score, &[("right", right.into()), ("asked", asked.into())])
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_letters_and_numbers() {
        assert_eq!(parse_choice("a\n"), Some(0));
        assert_eq!(parse_choice(" D "), Some(3));
        assert_eq!(parse_choice("3"), Some(2));
        assert_eq!(parse_choice("5"), None);
        assert_eq!(parse_choice("ab"), None);
        assert_eq!(parse_choice(""), None);
    }
}
