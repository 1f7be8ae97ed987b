//! The reveal that teaches: what a question's message becomes when its time is up. How many
//! players chose each option (a bar each), the right option marked, green when someone was
//! right and red when nobody was, the buttons kept but disabled, and the cited sentence with its
//! outlet and date. Plain data; `handler/quiz.rs` sends it.

use std::collections::BTreeMap;

use super::{custom_id, ActiveQuiz, Answered, LABEL, LETTERS};
use crate::discord::render::{clip, escape, limits, EmbedData};
use crate::present::{quiz_date, quiz_note, quiz_question, Lang};
use crate::quiz::Question;

/// The embed colour of a reveal when at least one player chose the right option.
pub const SOMEONE_RIGHT: u32 = 0x2E_9E_4F;
/// The embed colour of a reveal when nobody chose it, nobody answering included: red says
/// "nobody knew" whether players were wrong or silent.
pub const NOBODY_RIGHT: u32 = 0xC0_39_2B;
/// Cells in each option's bar.
const BAR: usize = 10;
/// The mark on the right option, in the text and on its button.
const RIGHT_MARK: &str = "✅";

/// A question's message once time is up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    /// The embed.
    pub embed: EmbedData,
    /// [`SOMEONE_RIGHT`] or [`NOBODY_RIGHT`].
    pub colour: u32,
    /// The question's buttons, shown disabled, in order.
    pub buttons: Vec<RevealButton>,
}

/// One of a revealed question's buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevealButton {
    /// The custom id it had while the question was open (a late click still says time is up).
    pub custom_id: String,
    /// Its label, the right one marked.
    pub label: String,
    /// Whether it is the right option.
    pub right: bool,
}

/// How many of `answers` chose each of `choices` options: the process's own count, used when
/// the store's cannot be read.
pub fn counts_of(answers: &BTreeMap<u64, Answered>, choices: usize) -> Vec<u64> {
    let mut counts = vec![0; choices];
    for a in answers.values() {
        if let Some(c) = counts.get_mut(a.choice) {
            *c += 1;
        }
    }
    counts
}

/// A bar of [`BAR`] cells, filled in proportion to `count` of `total`, rounded to the nearest
/// cell, but never empty for a count above zero (one vote of many still shows).
fn bar(count: u64, total: u64) -> String {
    let filled = if total == 0 || count == 0 {
        0
    } else {
        (((count * BAR as u64) + total / 2) / total).clamp(1, BAR as u64) as usize
    };
    format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled))
}

/// The cited sentence of a question, quoted, and where it comes from: the article by outlet,
/// date, paragraph and title, never by its file.
pub(super) fn cited(lang: Lang, question: &Question) -> String {
    let s = &question.citation.source;
    format!(
        "> {}\n— {} · {} · ¶{} · {}",
        escape(&question.citation.excerpt),
        escape(&s.outlet),
        escape(&quiz_date(lang, s.date)),
        s.paragraph,
        escape(&s.title)
    )
}

/// Question `n` revealed: `counts` is how many players chose each option (from the store, one
/// answer per player), `answers` the round's answers with names and points for who got it.
pub fn reveal_message(
    q: &ActiveQuiz,
    n: usize,
    answers: &BTreeMap<u64, Answered>,
    counts: &[u64],
) -> Reveal {
    let reader = q.reader();
    let question = &q.questions[n];
    let count = |i: usize| counts.get(i).copied().unwrap_or(0);
    let total: u64 = (0..question.choices.len()).map(count).sum();
    let right = format!("{}) {}", LETTERS[question.answer], question.right());
    let mut d = format!("{}\n\n", escape(&quiz_question(reader.lang, question)));
    d.push_str(&format!(
        "**{}**\n",
        reader.say("quiz-reveal-answer", &[("answer", escape(&right).into())])
    ));
    if let Some(note) = &question.note {
        d.push_str(&format!("{}\n", escape(&quiz_note(reader.lang, note))));
    }
    d.push('\n');
    for (i, c) in question.choices.iter().enumerate() {
        let option = format!("{}) {}", LETTERS[i], escape(c));
        let (option, mark) = if i == question.answer {
            (format!("**{option}**"), format!(" {RIGHT_MARK}"))
        } else {
            (option, String::new())
        };
        d.push_str(&format!(
            "`{}` {} · {option}{mark}\n",
            bar(count(i), total),
            count(i)
        ));
    }
    let winners: Vec<String> = answers
        .values()
        .filter(|a| a.choice == question.answer)
        .map(|a| format!("{} (+{})", escape(&a.name), a.points))
        .collect();
    let right_count = count(question.answer);
    d.push('\n');
    if winners.is_empty() {
        d.push_str(&reader.say("quiz-nobody-got-it", &[]));
    } else {
        d.push_str(&reader.say("quiz-got-it", &[("names", winners.join(", ").into())]));
    }
    let counted = reader.say(
        "quiz-reveal-counts",
        &[("total", total.into()), ("right", right_count.into())],
    );
    d.push_str(&format!(" · {counted}\n\n"));
    d.push_str(&cited(reader.lang, question));
    let buttons = question
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let right = i == question.answer;
            let label = if right {
                format!("{RIGHT_MARK} {}) {c}", LETTERS[i])
            } else {
                format!("{}) {c}", LETTERS[i])
            };
            RevealButton {
                custom_id: custom_id(q.id, n, i),
                label: clip(&label, LABEL),
                right,
            }
        })
        .collect();
    Reveal {
        embed: EmbedData {
            title: clip(
                &reader.say(
                    "quiz-reveal-title",
                    &[("n", (n + 1).into()), ("total", q.questions.len().into())],
                ),
                limits::TITLE,
            ),
            url: None,
            description: clip(&d, limits::DESCRIPTION),
            footer: String::new(),
        },
        colour: if right_count > 0 {
            SOMEONE_RIGHT
        } else {
            NOBODY_RIGHT
        },
        buttons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_and_a_single_vote_shows() {
        assert_eq!(bar(0, 0), "░".repeat(10));
        assert_eq!(bar(4, 4), "█".repeat(10));
        assert_eq!(bar(2, 4), format!("{}{}", "█".repeat(5), "░".repeat(5)));
        assert_eq!(bar(1, 100).chars().filter(|&c| c == '█').count(), 1);
        assert_eq!(bar(0, 100), "░".repeat(10));
        assert!((0..=7).all(|c| bar(c, 7).chars().count() == BAR));
    }
}
