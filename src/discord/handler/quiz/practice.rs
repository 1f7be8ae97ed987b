//! Practice in Discord: `/quiz start mode: practice` answers with the first question in a
//! message only its player sees, and each click on its buttons updates that same message with
//! the answer's cited sentence and the next question (or the score, after Stop or the last
//! question). Nothing reaches the channel or the store.

use std::sync::Arc;

use serenity::all::{
    ButtonStyle, CommandInteraction, ComponentInteraction, CreateActionRow, CreateAllowedMentions,
    CreateButton, CreateInteractionResponse, CreateInteractionResponseMessage,
    EditInteractionResponse,
};

use super::super::{reader_of, reader_of_click, Handler, Reply, ANSWER_AT_ONCE_WITHIN};
use super::{embed, ephemeral, fresh_seed};
use crate::discord::quiz::{self as dq, QuizHub, StartRefused, Step};
use crate::discord::render::escape;

/// A practice message's buttons in one row: the four choices, then Stop; none once it is over
/// (an empty list takes the old buttons away).
fn practice_row(buttons: &[dq::PracticeButton]) -> Vec<CreateActionRow> {
    if buttons.is_empty() {
        return Vec::new();
    }
    vec![CreateActionRow::Buttons(
        buttons
            .iter()
            .map(|(id, label, stop)| {
                CreateButton::new(id.as_str())
                    .label(label.as_str())
                    .style(if *stop {
                        ButtonStyle::Secondary
                    } else {
                        ButtonStyle::Primary
                    })
            })
            .collect(),
    )]
}

impl Handler {
    /// `/quiz start mode: practice`: draws the questions on the blocking pool and answers with
    /// the first, privately. Past the answer deadline the interaction is deferred privately too
    /// (a public "thinking…" would tell the channel) and the question edited in.
    pub(super) async fn start_practice(
        &self,
        ctx: &Reply,
        cmd: &CommandInteraction,
        hub: &Arc<QuizHub>,
        guild: u64,
        asked: dq::Asked,
    ) {
        let reader = reader_of(cmd);
        let user = cmd.user.id.get();
        let mut work = {
            let hub = Arc::clone(hub);
            tokio::task::spawn_blocking(move || {
                hub.start_practice(reader.lang, guild, user, &asked, fresh_seed(user))
            })
        };
        let (done, deferred) = match tokio::time::timeout(ANSWER_AT_ONCE_WITHIN, &mut work).await {
            Ok(done) => (done, false),
            Err(_) => {
                let defer = CreateInteractionResponse::Defer(
                    CreateInteractionResponseMessage::new()
                        .ephemeral(true)
                        .allowed_mentions(CreateAllowedMentions::new()),
                );
                if let Err(e) = ctx.respond(cmd, defer).await {
                    tracing::warn!(error = %e, "could not defer a practice");
                }
                (work.await, true)
            }
        };
        let shown: Result<dq::PracticeMessage, String> = match done {
            Ok(Ok(Ok(practice))) => Ok(dq::practice_message(&practice, None)),
            Ok(Ok(Err(StartRefused::NoQuestions(t)))) => {
                Err(reader.say("quiz-no-questions", &[("topic", escape(&t).into())]))
            }
            // A practice takes no channel: only a game is ever refused as busy.
            Ok(Ok(Err(StartRefused::Busy))) => Err(reader.say("internal-error", &[])),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "could not start a practice");
                Err(reader.say("internal-error", &[]))
            }
            Err(e) => {
                tracing::error!(error = %e, "a practice start failed");
                Err(reader.say("internal-error", &[]))
            }
        };
        if deferred {
            let edit = match &shown {
                Ok(m) => EditInteractionResponse::new()
                    .embed(embed(&m.embed))
                    .components(practice_row(&m.buttons)),
                Err(text) => EditInteractionResponse::new().content(text.as_str()),
            }
            .allowed_mentions(CreateAllowedMentions::new());
            if let Err(e) = cmd.edit_response(&ctx.http, edit).await {
                tracing::warn!(error = %e, "could not edit a deferred practice in");
            }
            return;
        }
        let response = match &shown {
            Ok(m) => CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new()
                    .embed(embed(&m.embed))
                    .components(practice_row(&m.buttons))
                    .ephemeral(true)
                    .allowed_mentions(CreateAllowedMentions::new()),
            ),
            Err(text) => ephemeral(text),
        };
        self.respond(ctx, cmd, response).await;
    }

    /// A click on a practice button: the practice's own message is updated with how the answer
    /// went and the next question, or the score once it is over.
    pub(in crate::discord::handler) async fn on_practice_click(
        &self,
        ctx: &Reply,
        click: &ComponentInteraction,
    ) {
        let Some((session, n, choice)) = dq::parse_practice_id(&click.data.custom_id) else {
            return;
        };
        let reader = reader_of_click(click);
        let gone = || {
            ephemeral(&reader.say(
                "quiz-practice-gone",
                &[("start", dq::quiz_command(reader, "start").into())],
            ))
        };
        let response = match self
            .quizzes
            .as_ref()
            .and_then(|hub| hub.practice(session).map(|p| (hub, p)))
        {
            None => gone(),
            Some((hub, practice)) => match practice.click(click.user.id.get(), n, choice) {
                Step::NotYours => ephemeral(&reader.say("quiz-practice-not-yours", &[])),
                Step::Stale => ephemeral(&reader.say("quiz-already", &[])),
                step => {
                    if practice.over() {
                        hub.end_practice(practice.id);
                    }
                    let m = dq::practice_message(&practice, Some(&step));
                    CreateInteractionResponse::UpdateMessage(
                        CreateInteractionResponseMessage::new()
                            .embed(embed(&m.embed))
                            .components(practice_row(&m.buttons))
                            .allowed_mentions(CreateAllowedMentions::new()),
                    )
                }
            },
        };
        if let Err(e) = ctx.respond(click, response).await {
            tracing::warn!(error = %e, "could not answer a practice button");
        }
    }
}
