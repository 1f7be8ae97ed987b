//! Quiz leases for several processes sharing one store: renewing this process's leases, taking
//! over the quizzes of a process that died (their timers run on here, from the question they
//! were at) and the words for a click answered for a quiz another process runs.

use std::sync::Arc;

use serenity::all::Http;

use super::{off_runtime, run};
use crate::discord::quiz::{self as dq, Click, QuizHub};
use crate::discord::render::escape;
use crate::present::Reader;
use crate::quiz::store::RENEW_EVERY;
use crate::quiz::{QuizStatus, StoreError};

/// Renews this process's leases and takes over quizzes whose lease ran out, every
/// [`RENEW_EVERY`], until the bot stops (the hub aborts it with the quiz timers).
pub(super) async fn keep_leases(http: Arc<Http>, hub: Arc<QuizHub>) {
    let mut tick = tokio::time::interval(RENEW_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let store = Arc::clone(&hub.store);
        let here = hub.running_here();
        let renewed = off_runtime(move || {
            store.renew_leases()?;
            // Asked after renewing: a quiz renewal did not reach is another owner's now.
            let lost = store.lost_leases(&here)?;
            Ok((lost, store.take_over()?))
        })
        .await;
        let taken = match renewed {
            Ok((lost, taken)) => {
                for id in lost {
                    // This process stalled past its lease (a pause, a lost connection) and
                    // another one took the quiz over: it reveals and finishes it, not this one.
                    tracing::warn!(
                        quiz = id,
                        "another process took this quiz over; stopping its timer here"
                    );
                    hub.abandon(id);
                }
                taken
            }
            Err(e) => {
                // The store is away: the next tick tries again (other processes cannot take
                // over meanwhile unless they reach it, and then they finish the quiz).
                tracing::warn!(error = %e, "could not renew quiz leases");
                continue;
            }
        };
        for t in taken {
            let id = t.id;
            match hub.adopt(t) {
                Some((quiz, from)) => {
                    tracing::info!(
                        quiz = id,
                        question = from.question,
                        "took over a quiz whose process stopped"
                    );
                    let task = tokio::spawn(run::run_quiz(
                        Arc::clone(&http),
                        Arc::clone(&hub),
                        quiz,
                        from,
                    ));
                    hub.keep_quiz_task(id, task.abort_handle());
                }
                None => {
                    // Two quizzes cannot share a channel here: the one taken over ends, its
                    // points kept, rather than being owned with nobody asking its questions.
                    let store = Arc::clone(&hub.store);
                    let ended = off_runtime(move || store.end(id, QuizStatus::Interrupted)).await;
                    if let Err(e) = ended {
                        tracing::error!(quiz = id, error = %e, "could not close a quiz taken over");
                    }
                }
            }
        }
    }
}

/// What a player is told about a click on a quiz another process runs.
pub(super) fn click_words(
    reader: Reader,
    elsewhere: Result<Option<(Click, String)>, StoreError>,
) -> String {
    match elsewhere {
        Ok(None) => reader.say("quiz-over", &[]),
        Ok(Some((Click::TimeUp, _))) => reader.say("quiz-time-up", &[]),
        Ok(Some((Click::AlreadyAnswered, _))) => reader.say("quiz-already", &[]),
        Ok(Some((Click::Recorded { choice, .. }, words))) => reader.say(
            "quiz-answer-in",
            &[(
                "choice",
                format!("{}) {}", dq::LETTERS[choice], escape(&words)).into(),
            )],
        ),
        Err(e) => {
            tracing::error!(error = %e, "could not record an answer");
            reader.say("internal-error", &[])
        }
    }
}
