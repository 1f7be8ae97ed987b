//! A quiz's timer task: posts each question, edits its live count in while it is open, reveals
//! it when time is up (the store's count of each option, the buttons disabled) and posts the
//! standings. Every edit of a question's message is made here, in one task, so they reach
//! Discord in order and the reveal is always the last. With leases, each step first makes sure
//! no other process took the quiz over meanwhile.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::{
    ButtonStyle, ChannelId, CreateActionRow, CreateAllowedMentions, CreateButton, CreateMessage,
    EditMessage, Http, MessageId,
};

use super::{coloured, embed, off_runtime, panicked};
use crate::discord::quiz::{self as dq, ActiveQuiz, QuizHub};
use crate::quiz::QuizStatus;

fn button_row(buttons: Vec<(String, String)>) -> Vec<CreateActionRow> {
    vec![CreateActionRow::Buttons(
        buttons
            .into_iter()
            .map(|(id, label)| {
                CreateButton::new(id)
                    .label(label)
                    .style(ButtonStyle::Primary)
            })
            .collect(),
    )]
}

/// A revealed question's buttons: kept, so the options stay readable, but disabled; the right
/// one green.
fn revealed_row(buttons: Vec<dq::RevealButton>) -> Vec<CreateActionRow> {
    vec![CreateActionRow::Buttons(
        buttons
            .into_iter()
            .map(|b| {
                CreateButton::new(b.custom_id)
                    .label(b.label)
                    .style(if b.right {
                        ButtonStyle::Success
                    } else {
                        ButtonStyle::Secondary
                    })
                    .disabled(true)
            })
            .collect(),
    )]
}

/// Waits `d`, or less if the quiz is stopped meanwhile.
async fn wait_or_stop(quiz: &ActiveQuiz, d: Duration) {
    tokio::select! {
        () = tokio::time::sleep(d) => {}
        () = quiz.stop.notified() => {}
    }
}

/// Keeps question `n` open until its time is up or the quiz is stopped, editing "N answered"
/// into its message as players answer: a burst of clicks is one edit, at most one a second
/// (`dq::LiveCount`), so a question open `s` seconds is edited at most `ceil(s)` times before
/// its reveal. The edits run in the quiz's own task, so the reveal always comes after them.
async fn live_count_until_time_is_up(
    http: &Http,
    channel: ChannelId,
    message: MessageId,
    quiz: &ActiveQuiz,
    n: usize,
    open_for: Duration,
) {
    let deadline = tokio::time::Instant::now() + open_for;
    let mut live = dq::LiveCount::new(Instant::now());
    // A change seen but not yet shown: wait for the next edit's moment, not for another click.
    let mut pending = false;
    loop {
        if !pending {
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => return,
                () = quiz.stop.notified() => return,
                () = quiz.answers_changed() => {}
            }
        }
        // Wait out the second since the last edit: clicks meanwhile are shown together.
        let at = tokio::time::Instant::from_std(live.next_at()).min(deadline);
        tokio::select! {
            () = tokio::time::sleep_until(at) => {}
            () = quiz.stop.notified() => return,
        }
        if tokio::time::Instant::now() >= deadline {
            return;
        }
        let count = quiz.answered();
        if !live.take(count, Instant::now()) {
            pending = count != live.shown();
            continue;
        }
        pending = false;
        let (question, _) = dq::question_message(quiz, n, count);
        // Only the embed: the buttons stay as they are.
        let edit = EditMessage::new()
            .embed(embed(&question))
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(e) = channel.edit_message(http, message, edit).await {
            tracing::warn!(quiz = quiz.id, error = %e, "could not edit the live count in");
        }
    }
}

/// Closes question `n` and edits its reveal in: each option's count and who got it right, as
/// the store has them (one answer per player, whichever process took the click), else as this
/// process saw them.
async fn reveal(
    http: &Http,
    hub: &QuizHub,
    quiz: &ActiveQuiz,
    channel: ChannelId,
    message: MessageId,
    n: usize,
) {
    let mut answers = quiz.close();
    let choices = quiz.questions[n].choices.len();
    let (store, id) = (Arc::clone(&hub.store), quiz.id);
    let stored = off_runtime(move || {
        Ok((
            store.answer_counts(id, n as u32, choices)?,
            store.answers(id, n as u32)?,
        ))
    })
    .await;
    let counts = match stored {
        Ok((counts, stored)) => {
            answers = stored
                .into_iter()
                .map(|a| {
                    let answered = dq::Answered {
                        name: a.user_name,
                        choice: a.choice as usize,
                        points: a.points,
                    };
                    (a.user_id, answered)
                })
                .collect();
            counts
        }
        Err(e) => {
            tracing::warn!(quiz = quiz.id, error = %e, "could not read the answers; showing this process's");
            dq::counts_of(&answers, choices)
        }
    };
    let shown = dq::reveal_message(quiz, n, &answers, &counts);
    let reveal = EditMessage::new()
        .embed(coloured(&shown.embed, shown.colour))
        .components(revealed_row(shown.buttons))
        .allowed_mentions(CreateAllowedMentions::new());
    if let Err(e) = channel.edit_message(http, message, reveal).await {
        tracing::warn!(quiz = quiz.id, error = %e, "could not reveal an answer");
    }
}

/// Whether another process owns `quiz` now: this one stalled past its lease (a long pause)
/// and the quiz was taken over. Then its timer stops here without a word to the channel or the
/// store, and the new owner finishes it. Asked before each step that shows or records
/// something; a store that does not answer is no proof of anything, and the timer goes on.
async fn taken_elsewhere(hub: &QuizHub, quiz: &ActiveQuiz) -> bool {
    if !hub.store.leases() {
        return false;
    }
    let (store, id) = (Arc::clone(&hub.store), quiz.id);
    match off_runtime(move || store.lost_leases(&[id])).await {
        Ok(lost) if !lost.is_empty() => {
            tracing::warn!(
                quiz = quiz.id,
                "another process took this quiz over while this one stalled; stopping here"
            );
            hub.finished(quiz);
            true
        }
        _ => false,
    }
}

/// Asks every question in turn from `from` (the first, or where a quiz taken over from another
/// process was), reveals each when its time is up, then posts the standings.
pub(super) async fn run_quiz(
    http: Arc<Http>,
    hub: Arc<QuizHub>,
    quiz: Arc<ActiveQuiz>,
    from: dq::Resume,
) {
    let channel = ChannelId::new(quiz.channel_id);
    let mut asked = from.question;
    let mut failed = false;
    for n in from.question..quiz.questions.len() {
        if quiz.stopped_by().is_some() {
            break;
        }
        // A question taken over already has its message: go on with it for the time it has left.
        if let Some((message, ago)) = from.shown.filter(|_| n == from.question) {
            let message = MessageId::new(message);
            quiz.open_since(n, ago);
            asked += 1;
            let left = quiz.per_question.saturating_sub(ago);
            live_count_until_time_is_up(&http, channel, message, &quiz, n, left).await;
            if taken_elsewhere(&hub, &quiz).await {
                return;
            }
            reveal(&http, &hub, &quiz, channel, message, n).await;
            if n + 1 < quiz.questions.len() && quiz.stopped_by().is_none() {
                wait_or_stop(&quiz, hub.pause()).await;
            }
            continue;
        }
        if n > from.question && taken_elsewhere(&hub, &quiz).await {
            return;
        }
        let (question, buttons) = dq::question_message(&quiz, n, 0);
        let post = CreateMessage::new()
            .embed(embed(&question))
            .components(button_row(buttons))
            .allowed_mentions(CreateAllowedMentions::new());
        let message = match channel.send_message(&http, post).await {
            Ok(m) => m.id,
            Err(e) => {
                tracing::error!(quiz = quiz.id, error = %e, "could not post a quiz question; ending the quiz");
                failed = true;
                break;
            }
        };
        let (store, id) = (Arc::clone(&hub.store), quiz.id);
        if let Err(e) = off_runtime(move || store.set_message(id, n as u32, message.get())).await {
            tracing::warn!(quiz = quiz.id, error = %e, "could not note the question's message");
        }
        quiz.open(n);
        asked += 1;
        live_count_until_time_is_up(&http, channel, message, &quiz, n, quiz.per_question).await;
        if taken_elsewhere(&hub, &quiz).await {
            return;
        }
        reveal(&http, &hub, &quiz, channel, message, n).await;
        if n + 1 < quiz.questions.len() && quiz.stopped_by().is_none() {
            wait_or_stop(&quiz, hub.pause()).await;
        }
    }
    if taken_elsewhere(&hub, &quiz).await {
        return;
    }
    let status = if quiz.stopped_by().is_some() || failed {
        QuizStatus::Stopped
    } else {
        QuizStatus::Finished
    };
    let (store, id) = (Arc::clone(&hub.store), quiz.id);
    let (standings, ended) =
        match tokio::task::spawn_blocking(move || (store.standings(id), store.end(id, status)))
            .await
        {
            Ok(both) => both,
            Err(e) => (Err(panicked(e)), Ok(())),
        };
    let standings = standings.unwrap_or_else(|e| {
        tracing::error!(quiz = quiz.id, error = %e, "could not read the standings");
        Vec::new()
    });
    if let Err(e) = ended {
        tracing::error!(quiz = quiz.id, error = %e, "could not close a quiz");
    }
    hub.finished(&quiz);
    if !failed {
        let post = CreateMessage::new()
            .embed(embed(&dq::standings_message(&quiz, asked, &standings)))
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(e) = channel.send_message(&http, post).await {
            tracing::warn!(quiz = quiz.id, error = %e, "could not post the standings");
        }
    }
}
