//! Practice: one player alone, in messages only they see. Nothing is recorded (no points, no
//! streak, no line in the leaderboard), there is no timer, and each answer is shown right or
//! wrong with its cited sentence at once, together with the next question; a Stop button ends
//! it. Sessions live in memory, bounded in number and idle time. Plain data, no Discord calls.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::messages::quiz_command;
use super::reveal::cited;
use super::{LABEL, LETTERS};
use crate::discord::render::{clip, escape, limits, EmbedData};
use crate::present::{quiz_note, quiz_question, Lang, Reader};
use crate::quiz::Question;

/// Custom-id prefix of practice buttons: `tb:qp:SESSION:QUESTION:CHOICE`, or `…:stop`.
pub const PRACTICE_PREFIX: &str = "tb:qp:";
/// The last part of a Stop button's custom id.
const STOP: &str = "stop";
/// Most practice sessions kept at once; past it the least recently used is dropped.
pub const MAX_PRACTICES: usize = 1_000;
/// A session nobody has clicked in for this long is dropped.
pub const PRACTICE_IDLE: Duration = Duration::from_secs(60 * 60);

/// The custom id of a practice button: choice `choice` of question `n`, or Stop when `None`.
pub fn practice_id(session: u64, n: usize, choice: Option<usize>) -> String {
    match choice {
        Some(c) => format!("{PRACTICE_PREFIX}{session}:{n}:{c}"),
        None => format!("{PRACTICE_PREFIX}{session}:{n}:{STOP}"),
    }
}

/// Reads a practice button's custom id: (session, question, choice), the choice `None` for Stop.
pub fn parse_practice_id(id: &str) -> Option<(u64, usize, Option<usize>)> {
    let mut parts = id.strip_prefix(PRACTICE_PREFIX)?.split(':');
    let session = parts.next()?.parse().ok()?;
    let n = parts.next()?.parse().ok()?;
    let choice = match parts.next()? {
        STOP => None,
        c => Some(c.parse::<usize>().ok().filter(|c| *c < LETTERS.len())?),
    };
    parts.next().is_none().then_some((session, n, choice))
}

/// One player's practice.
pub struct Practice {
    /// Its id, in its buttons' custom ids.
    pub id: u64,
    /// The only player who may answer.
    pub user: u64,
    /// The language its messages are in: its player's.
    pub lang: Lang,
    /// The topic, as typed.
    pub topic: Option<String>,
    /// The questions, in order.
    pub questions: Vec<Question>,
    state: Mutex<State>,
}

struct State {
    /// The question waiting for an answer; `questions.len()` once over.
    at: usize,
    right: usize,
    asked: usize,
    touched: Instant,
}

/// What a click on a practice button did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Question `n` answered with `choice`; `next` is the question asked now, if any is left.
    Answered {
        /// The question answered.
        n: usize,
        /// The choice clicked.
        choice: usize,
        /// Whether it was right.
        right: bool,
        /// The next question, `None` when that was the last.
        next: Option<usize>,
    },
    /// Stopped at question `n` (not answered).
    Stopped {
        /// The question that was showing.
        n: usize,
    },
    /// A button of a question already answered (a double click, an older message): nothing
    /// changes.
    Stale,
    /// Someone else's practice.
    NotYours,
}

impl Practice {
    /// A practice of `questions` for `user`, its messages in `lang`.
    pub fn new(
        id: u64,
        user: u64,
        lang: Lang,
        topic: Option<String>,
        questions: Vec<Question>,
    ) -> Practice {
        Practice {
            id,
            user,
            lang,
            topic,
            questions,
            state: Mutex::new(State {
                at: 0,
                right: 0,
                asked: 0,
                touched: Instant::now(),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Who reads its messages: its player, in their language.
    pub fn reader(&self) -> Reader {
        Reader::picker(self.lang)
    }

    /// A click by `user` on question `n`'s button `choice` (`None`: Stop). Checked and noted
    /// under one lock, so a double click counts once.
    pub fn click(&self, user: u64, n: usize, choice: Option<usize>) -> Step {
        if user != self.user {
            return Step::NotYours;
        }
        let mut s = self.state();
        if n != s.at || n >= self.questions.len() {
            return Step::Stale;
        }
        s.touched = Instant::now();
        let Some(choice) = choice else {
            s.at = self.questions.len();
            return Step::Stopped { n };
        };
        let right = choice == self.questions[n].answer;
        s.asked += 1;
        s.right += usize::from(right);
        s.at = n + 1;
        Step::Answered {
            n,
            choice,
            right,
            next: (s.at < self.questions.len()).then_some(s.at),
        }
    }

    /// Right answers and questions answered so far.
    pub fn score(&self) -> (usize, usize) {
        let s = self.state();
        (s.right, s.asked)
    }

    /// Whether it is over (stopped, or every question answered).
    pub fn over(&self) -> bool {
        self.state().at >= self.questions.len()
    }

    fn idle_since(&self) -> Instant {
        self.state().touched
    }
}

/// Every practice going on, bounded: at most [`MAX_PRACTICES`], none idle past
/// [`PRACTICE_IDLE`].
#[derive(Default)]
pub struct Practices {
    sessions: Mutex<BTreeMap<u64, Arc<Practice>>>,
}

impl Practices {
    fn sessions(&self) -> MutexGuard<'_, BTreeMap<u64, Arc<Practice>>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a new practice, dropping idle ones and, past the bound, the least recently used.
    pub fn add(&self, practice: Practice) -> Arc<Practice> {
        let practice = Arc::new(practice);
        let mut all = self.sessions();
        all.retain(|_, p| !p.over() && p.idle_since().elapsed() < PRACTICE_IDLE);
        while all.len() >= MAX_PRACTICES {
            let oldest = all
                .iter()
                .min_by_key(|(_, p)| p.idle_since())
                .map(|(id, _)| *id);
            match oldest {
                Some(id) => all.remove(&id),
                None => break,
            };
        }
        all.insert(practice.id, Arc::clone(&practice));
        practice
    }

    /// The practice with this id, while it is kept.
    pub fn get(&self, id: u64) -> Option<Arc<Practice>> {
        self.sessions().get(&id).cloned()
    }

    /// Forgets a practice that is over.
    pub fn end(&self, id: u64) {
        self.sessions().remove(&id);
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.sessions().len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A practice button: custom id, label, and whether it is Stop (shown apart from the choices).
pub type PracticeButton = (String, String, bool);

/// What a practice message shows: the embed, and its buttons (none once it is over).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeMessage {
    /// The embed.
    pub embed: EmbedData,
    /// Four choices and Stop while a question is asked; none once over.
    pub buttons: Vec<PracticeButton>,
}

/// The message after `step` (or, with `None`, the first question): how the last answer went,
/// with its cited sentence, then the next question, or the score once it is over.
pub fn practice_message(p: &Practice, step: Option<&Step>) -> PracticeMessage {
    let reader = p.reader();
    let mut d = String::new();
    let next = match step {
        None => Some(0),
        Some(Step::Answered {
            n,
            choice,
            right,
            next,
        }) => {
            let q = &p.questions[*n];
            let answer = escape(&format!("{}) {}", LETTERS[q.answer], q.right()));
            let key = if *right {
                "quiz-practice-right"
            } else {
                "quiz-practice-wrong"
            };
            d.push_str(&format!(
                "**{}**\n",
                reader.say(
                    key,
                    &[
                        ("answer", answer.into()),
                        (
                            "choice",
                            escape(&format!("{}) {}", LETTERS[*choice], q.choices[*choice])).into()
                        )
                    ]
                )
            ));
            if let Some(note) = &q.note {
                d.push_str(&format!("{}\n", escape(&quiz_note(reader.lang, note))));
            }
            d.push_str(&cited(reader.lang, q));
            d.push_str("\n\n");
            *next
        }
        Some(Step::Stopped { .. } | Step::Stale | Step::NotYours) => None,
    };
    let Some(n) = next else {
        let (right, asked) = p.score();
        d.push_str(&reader.say(
            "quiz-practice-over",
            &[
                ("right", right.into()),
                ("asked", asked.into()),
                ("start", quiz_command(reader, "start").into()),
            ],
        ));
        return PracticeMessage {
            embed: EmbedData {
                title: reader.say("quiz-practice-over-title", &[]),
                url: None,
                description: clip(&d, limits::DESCRIPTION),
                footer: footer(p),
            },
            buttons: Vec::new(),
        };
    };
    let q = &p.questions[n];
    d.push_str(&escape(&quiz_question(reader.lang, q)));
    d.push_str("\n\n");
    for (i, c) in q.choices.iter().enumerate() {
        d.push_str(&format!("**{})** {}\n", LETTERS[i], escape(c)));
    }
    d.push('\n');
    d.push_str(&reader.say("quiz-practice-how", &[]));
    let mut buttons: Vec<PracticeButton> = q
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                practice_id(p.id, n, Some(i)),
                clip(&format!("{}) {c}", LETTERS[i]), LABEL),
                false,
            )
        })
        .collect();
    buttons.push((
        practice_id(p.id, n, None),
        reader.say("quiz-practice-stop", &[]),
        true,
    ));
    PracticeMessage {
        embed: EmbedData {
            title: clip(
                &reader.say(
                    "quiz-practice-title",
                    &[("n", (n + 1).into()), ("total", p.questions.len().into())],
                ),
                limits::TITLE,
            ),
            url: None,
            description: clip(&d, limits::DESCRIPTION),
            footer: footer(p),
        },
        buttons,
    }
}

/// What the practice is about, when it has a topic.
fn footer(p: &Practice) -> String {
    p.topic
        .as_deref()
        .map(|t| {
            clip(
                &p.reader().say("quiz-about", &[("topic", t.into())]),
                limits::FOOTER,
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{Fact, Kind, QuizCitation, QuizSource};

    fn question(answer: usize) -> Question {
        Question {
            id: "who-000-p1-0".into(),
            kind: Kind::Who,
            sentence: "_____ opened the quay.".into(),
            predicate: None,
            choices: vec![
                "Ivanova".into(),
                "Petrov".into(),
                "Sidorov".into(),
                "Orlov".into(),
            ],
            answer,
            citation: QuizCitation {
                excerpt: "Ivanova opened the quay.".into(),
                source: QuizSource {
                    id: "a.txt".into(),
                    title: "Quay".into(),
                    outlet: "Harbour News".into(),
                    date: Some(crate::corpus::PartialDate::year(2020)),
                    paragraph: 3,
                },
            },
            note: None,
            fact: Fact::default(),
        }
    }

    fn practice() -> Practice {
        Practice::new(9, 5, Lang::En, None, vec![question(0), question(2)])
    }

    #[test]
    fn practice_ids_round_trip_and_fit() {
        let id = practice_id(u64::MAX, 19, Some(3));
        assert!(id.len() <= crate::discord::render::limits::CUSTOM_ID);
        assert_eq!(parse_practice_id(&id), Some((u64::MAX, 19, Some(3))));
        assert_eq!(
            parse_practice_id(&practice_id(1, 0, None)),
            Some((1, 0, None))
        );
        assert_eq!(parse_practice_id("tb:qp:1:0:4"), None);
        assert_eq!(parse_practice_id("tb:qz:1:0:1"), None);
    }

    #[test]
    fn only_its_player_answers_each_question_once_and_the_next_follows_at_once() {
        let p = practice();
        assert_eq!(p.click(6, 0, Some(0)), Step::NotYours);
        let first = p.click(5, 0, Some(1));
        assert_eq!(
            first,
            Step::Answered {
                n: 0,
                choice: 1,
                right: false,
                next: Some(1)
            }
        );
        assert_eq!(p.click(5, 0, Some(0)), Step::Stale, "answered already");
        let shown = practice_message(&p, Some(&first));
        let d = &shown.embed.description;
        assert!(d.contains("Not quite"), "{d}");
        assert!(d.contains("A\\) Ivanova"), "{d}");
        assert!(d.contains("> Ivanova opened the quay."), "{d}");
        assert!(d.contains("Harbour News · 2020 · ¶3 · Quay"), "{d}");
        assert!(!d.contains("a.txt"));
        assert!(
            shown.embed.title.contains("2 of 2"),
            "{}",
            shown.embed.title
        );
        assert_eq!(shown.buttons.len(), 5);
        assert!(shown.buttons[4].2, "the last button is Stop");
        assert_eq!(shown.buttons[2].0, practice_id(9, 1, Some(2)));

        let last = p.click(5, 1, Some(2));
        assert!(matches!(
            last,
            Step::Answered {
                right: true,
                next: None,
                ..
            }
        ));
        assert!(p.over());
        let end = practice_message(&p, Some(&last));
        assert!(end.buttons.is_empty());
        assert!(
            end.embed.description.contains("1 of 2 right"),
            "{}",
            end.embed.description
        );
    }

    #[test]
    fn stop_ends_a_practice_and_the_bound_drops_the_least_recent() {
        let p = practice();
        assert_eq!(p.click(5, 0, None), Step::Stopped { n: 0 });
        assert!(p.over());
        assert_eq!(p.click(5, 0, Some(0)), Step::Stale);
        let all = Practices::default();
        for id in 0..MAX_PRACTICES as u64 + 5 {
            all.add(Practice::new(id, 1, Lang::En, None, vec![question(0)]));
        }
        assert_eq!(all.len(), MAX_PRACTICES);
        assert!(all.get(0).is_none(), "the least recently used went first");
        assert!(all.get(MAX_PRACTICES as u64 + 4).is_some());
    }
}
