//! The handler's quiz part: `/quiz` sub-commands, answer and leaderboard page buttons here, and
//! in `quiz/run.rs` the timer task that posts each question, edits its live count in, reveals
//! it when time is up and posts the standings.
//!
//! Rules and layout live in `discord/quiz.rs`; these files only make the Discord calls. Each quiz
//! message is a channel message (not an interaction follow-up, whose token lapses after 15
//! minutes, shorter than a long quiz) and is edited only while its question is open (the live
//! count, at most once a second) and at its reveal, within two minutes of being posted: Discord
//! rate-limits edits of messages older than an hour. Drawing questions and
//! every store call run on the blocking pool, never on the async runtime; a quiz start not ready
//! within the handler's answer deadline is deferred, then edited in.

mod lease;
mod practice;
mod run;

use std::sync::Arc;

use serenity::all::{
    ButtonStyle, ChannelId, CommandDataOption, CommandDataOptionValue, CommandInteraction,
    ComponentInteraction, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
    EditInteractionResponse, EditMessage, MessageId,
};

use super::{reader_of, reader_of_click, Handler, Reply, COLOUR};
use crate::discord::quiz::{self as dq, Click, QuizHub, StartRefused};
use crate::discord::render::{clip, escape, limits, EmbedData};
use crate::present::{Lang, Reader};
use crate::quiz::{AnswerRecord, Difficulty, LeaderboardPage, Mode, PlayerRecord, StoreError};

fn embed(e: &EmbedData) -> CreateEmbed {
    coloured(e, COLOUR)
}

fn coloured(e: &EmbedData, colour: u32) -> CreateEmbed {
    let mut out = CreateEmbed::new()
        .title(&e.title)
        .description(&e.description)
        .colour(colour);
    if !e.footer.is_empty() {
        out = out.footer(CreateEmbedFooter::new(&e.footer));
    }
    out
}

/// A leaderboard page's Prev/Next buttons, none when the table fits one page.
fn page_row(buttons: Vec<dq::PageButton>) -> Vec<CreateActionRow> {
    if buttons.is_empty() {
        return Vec::new();
    }
    vec![CreateActionRow::Buttons(
        buttons
            .into_iter()
            .map(|(id, label, disabled)| {
                CreateButton::new(id)
                    .label(label)
                    .style(ButtonStyle::Secondary)
                    .disabled(disabled)
            })
            .collect(),
    )]
}

/// What a leaderboard page shows: its number, its lines, the place of its first line, and the
/// reader's record.
type PageRead = (usize, LeaderboardPage, usize, PlayerRecord);

/// Page `page` of a server's table and the reader's record, read on the blocking pool. A page
/// past the end (players left the table since the button was made) becomes the last page.
async fn leaderboard_page(
    hub: &QuizHub,
    guild: u64,
    page: usize,
    reader: u64,
) -> Result<PageRead, StoreError> {
    let store = Arc::clone(&hub.store);
    off_runtime(move || {
        let mut page = page;
        let mut lines = store.leaderboard_page(guild, page * dq::PER_PAGE, dq::PER_PAGE)?;
        let last = dq::pages(lines.players) - 1;
        if page > last {
            page = last;
            lines = store.leaderboard_page(guild, page * dq::PER_PAGE, dq::PER_PAGE)?;
        }
        // The first line's place as `/quiz me` counts it, so a tie across two pages shares it.
        let first_place = match lines.lines.first() {
            Some(first) => store.player(guild, first.user_id)?.rank.unwrap_or(1) as usize,
            None => page * dq::PER_PAGE + 1,
        };
        Ok((page, lines, first_place, store.player(guild, reader)?))
    })
    .await
}

/// The name a player is shown under: their server nickname, display name or user name.
fn display_name(member: Option<&serenity::all::Member>, user: &serenity::all::User) -> String {
    member
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.name.clone())
}

fn ephemeral(text: &str) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(clip(text, limits::CONTENT))
            .ephemeral(true)
            .allowed_mentions(CreateAllowedMentions::new()),
    )
}

fn int_option(options: &[CommandDataOption], name: &str) -> Option<i64> {
    options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| match o.value {
            CommandDataOptionValue::Integer(i) => Some(i),
            _ => None,
        })
}

/// A seed nobody can guess in advance, so quizzes differ; kept with the quiz for replays.
fn fresh_seed(channel: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    crate::quiz::rng::Rng::new(nanos ^ channel).next_u64() >> 1
}

impl Handler {
    /// `/quiz start|stop|leaderboard|me`.
    pub(super) async fn on_quiz(&self, ctx: &Reply, cmd: &CommandInteraction) {
        let reader = reader_of(cmd);
        let Some(hub) = self.quizzes.clone() else {
            self.respond(ctx, cmd, ephemeral(&reader.say("quiz-not-set-up", &[])))
                .await;
            return;
        };
        let Some(guild) = cmd.guild_id else {
            self.respond(ctx, cmd, ephemeral(&reader.say("quiz-in-dm", &[])))
                .await;
            return;
        };
        let Some(sub) = cmd.data.options.first() else {
            return;
        };
        let options: &[CommandDataOption] = match &sub.value {
            CommandDataOptionValue::SubCommand(o) => o,
            _ => &[],
        };
        let name = display_name(cmd.member.as_deref(), &cmd.user);
        let response = match sub.name.as_str() {
            "start" => {
                // Discord offers only the choices' values; anything else reads as the default.
                let mode: Mode = super::text_option(options, "mode")
                    .and_then(|m| m.parse().ok())
                    .unwrap_or_default();
                let difficulty: Difficulty = super::text_option(options, "difficulty")
                    .and_then(|d| d.parse().ok())
                    .unwrap_or_default();
                let questions = int_option(options, "questions").or(match mode {
                    Mode::Practice => Some(dq::PRACTICE_QUESTIONS as i64),
                    Mode::Game => None,
                });
                let (count, seconds) =
                    dq::clamp_options(&hub.settings, questions, int_option(options, "seconds"));
                let asked = dq::Asked {
                    count,
                    topic: super::text_option(options, "topic"),
                    seconds,
                    difficulty,
                };
                match mode {
                    Mode::Game => {
                        self.start_quiz(ctx, cmd, &hub, guild.get(), &name, asked)
                            .await
                    }
                    Mode::Practice => {
                        self.start_practice(ctx, cmd, &hub, guild.get(), asked)
                            .await
                    }
                }
                return;
            }
            "stop" => match hub.running_in(cmd.channel_id.get()) {
                None => ephemeral(&reader.say("quiz-none-running", &[])),
                Some(quiz) => {
                    let moderator = cmd
                        .member
                        .as_ref()
                        .and_then(|m| m.permissions)
                        .is_some_and(|p| p.manage_messages() || p.administrator());
                    if cmd.user.id.get() != quiz.starter_id && !moderator {
                        ephemeral(&reader.say("quiz-not-yours", &[]))
                    } else if quiz.request_stop(&name) {
                        CreateInteractionResponse::Message(
                            CreateInteractionResponseMessage::new()
                                .content(
                                    quiz.reader()
                                        .say("quiz-stopped", &[("name", escape(&name).into())]),
                                )
                                .allowed_mentions(CreateAllowedMentions::new()),
                        )
                    } else {
                        ephemeral(&reader.say("quiz-stopping", &[]))
                    }
                }
            },
            "leaderboard" => {
                match leaderboard_page(&hub, guild.get(), 0, cmd.user.id.get()).await {
                    Ok((page, lines, first, record)) => {
                        let (e, buttons) = dq::leaderboard_message(
                            guild.get(),
                            page,
                            &lines,
                            first,
                            (&name, &record),
                            reader,
                        );
                        CreateInteractionResponse::Message(
                            CreateInteractionResponseMessage::new()
                                .embed(embed(&e))
                                .components(page_row(buttons))
                                .allowed_mentions(CreateAllowedMentions::new()),
                        )
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "could not read the leaderboard");
                        ephemeral(&reader.say("internal-error", &[]))
                    }
                }
            }
            "me" => match off_runtime({
                let store = Arc::clone(&hub.store);
                let user = cmd.user.id.get();
                move || store.player(guild.get(), user)
            })
            .await
            {
                Ok(record) => ephemeral(&dq::me_message(&name, &record, reader)),
                Err(e) => {
                    tracing::error!(error = %e, "could not read a player's record");
                    ephemeral(&reader.say("internal-error", &[]))
                }
            },
            other => ephemeral(
                &reader.say(
                    "quiz-no-such",
                    &[
                        (
                            "command",
                            format!("/{}", crate::present::sub_command_name(reader.lang, "quiz"))
                                .into(),
                        ),
                        ("sub", escape(other).into()),
                    ],
                ),
            ),
        };
        self.respond(ctx, cmd, response).await;
    }

    /// `/quiz start`: draws the questions and records the quiz on the blocking pool, answers
    /// at once if that is quick (deferring and editing otherwise), then runs the quiz.
    async fn start_quiz(
        &self,
        ctx: &Reply,
        cmd: &CommandInteraction,
        hub: &Arc<QuizHub>,
        guild: u64,
        name: &str,
        asked: dq::Asked,
    ) {
        let count = asked.count;
        let channel = cmd.channel_id.get();
        let starter = cmd.user.id.get();
        let reader = reader_of(cmd);
        let work = {
            let hub = Arc::clone(hub);
            tokio::task::spawn_blocking(move || {
                hub.start_in(
                    reader.lang,
                    guild,
                    channel,
                    starter,
                    &asked,
                    fresh_seed(channel),
                )
            })
        };
        let (reply, deferred) = super::within_deadline(ctx, cmd, work).await;
        let (text, public, quiz) = match reply {
            Ok(Ok(Ok(quiz))) => (dq::start_message(&quiz, name, count), true, Some(quiz)),
            Ok(Ok(Err(StartRefused::Busy))) => (
                reader.say(
                    "quiz-busy",
                    &[("stop", dq::quiz_command(reader, "stop").into())],
                ),
                false,
                None,
            ),
            Ok(Ok(Err(StartRefused::NoQuestions(t)))) => (
                reader.say("quiz-no-questions", &[("topic", escape(&t).into())]),
                false,
                None,
            ),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "could not start a quiz");
                (reader.say("internal-error", &[]), false, None)
            }
            Err(e) => {
                tracing::error!(error = %e, "a quiz start failed");
                (reader.say("internal-error", &[]), false, None)
            }
        };
        if deferred {
            let edit = EditInteractionResponse::new()
                .content(clip(&text, limits::CONTENT))
                .allowed_mentions(CreateAllowedMentions::new());
            if let Err(e) = cmd.edit_response(&ctx.http, edit).await {
                tracing::warn!(error = %e, "could not edit a deferred quiz start");
            }
        } else if public {
            let response = CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new()
                    .content(clip(&text, limits::CONTENT))
                    .allowed_mentions(CreateAllowedMentions::new()),
            );
            self.respond(ctx, cmd, response).await;
        } else {
            self.respond(ctx, cmd, ephemeral(&text)).await;
        }
        if let Some(quiz) = quiz {
            let id = quiz.id;
            let task = tokio::spawn(run::run_quiz(
                Arc::clone(&ctx.http),
                Arc::clone(hub),
                quiz,
                dq::Resume::START,
            ));
            hub.keep_quiz_task(id, task.abort_handle());
        }
    }

    async fn respond(
        &self,
        ctx: &Reply,
        cmd: &CommandInteraction,
        response: CreateInteractionResponse,
    ) {
        if let Err(e) = ctx.respond(cmd, response).await {
            tracing::warn!(error = %e, "could not answer /quiz");
        }
    }

    /// A click on an answer button.
    pub(super) async fn on_quiz_click(&self, ctx: &Reply, click: &ComponentInteraction) {
        let Some((quiz_id, n, choice)) = dq::parse_custom_id(&click.data.custom_id) else {
            return;
        };
        let running = self
            .quizzes
            .as_ref()
            .and_then(|hub| hub.running_in(click.channel_id.get()).map(|q| (hub, q)))
            .filter(|(_, q)| q.id == quiz_id);
        let user = click.user.id.get();
        let name = display_name(click.member.as_ref(), &click.user);
        let reader = reader_of_click(click);
        let text = match running {
            None => match self.quizzes.as_ref().filter(|hub| hub.store.leases()) {
                // Another process may run it: the store knows its open question.
                Some(hub) => {
                    let hub = Arc::clone(hub);
                    let (channel, clicker) = (click.channel_id.get(), name.clone());
                    let elsewhere = tokio::task::spawn_blocking(move || {
                        hub.click_elsewhere(quiz_id, n, choice, channel, user, &clicker)
                    })
                    .await
                    .unwrap_or_else(|e| Err(panicked(e)));
                    lease::click_words(reader, elsewhere)
                }
                None => reader.say("quiz-over", &[]),
            },
            Some((hub, quiz)) => match quiz.click(n, choice, user, &name) {
                Click::TimeUp => reader.say("quiz-time-up", &[]),
                Click::AlreadyAnswered => reader.say("quiz-already", &[]),
                Click::Recorded {
                    choice,
                    right,
                    points,
                } => {
                    let record = AnswerRecord {
                        quiz: quiz.id,
                        question: n as u32,
                        user_id: user,
                        user_name: name.clone(),
                        choice: choice as u32,
                        correct: right,
                        points,
                    };
                    let store = Arc::clone(&hub.store);
                    match off_runtime(move || store.record_answer(&record)).await {
                        Ok(true) => reader.say(
                            "quiz-answer-in",
                            &[(
                                "choice",
                                format!(
                                    "{}) {}",
                                    dq::LETTERS[choice],
                                    escape(&quiz.questions[n].choices[choice])
                                )
                                .into(),
                            )],
                        ),
                        Ok(false) => reader.say("quiz-already", &[]),
                        Err(e) => {
                            tracing::error!(error = %e, "could not record an answer");
                            quiz.forget(user);
                            reader.say("internal-error", &[])
                        }
                    }
                }
            },
        };
        if let Err(e) = ctx.respond(click, ephemeral(&text)).await {
            tracing::warn!(error = %e, "could not answer a quiz button");
        }
    }

    /// A click on a leaderboard page button: the page its custom id names, read from the store,
    /// so any process answers it and nothing is kept between clicks.
    pub(super) async fn on_leaderboard_click(&self, ctx: &Reply, click: &ComponentInteraction) {
        let Some((guild, page)) = dq::parse_page_id(&click.data.custom_id) else {
            return;
        };
        let name = display_name(click.member.as_ref(), &click.user);
        let reader = reader_of_click(click);
        let response = match (&self.quizzes, click.guild_id) {
            // A page of another server's table is not shown here, whatever the button says.
            (Some(hub), Some(g)) if g.get() == guild => {
                match leaderboard_page(hub, guild, page, click.user.id.get()).await {
                    Ok((page, lines, first, record)) => {
                        let (e, buttons) = dq::leaderboard_message(
                            guild,
                            page,
                            &lines,
                            first,
                            (&name, &record),
                            reader,
                        );
                        CreateInteractionResponse::UpdateMessage(
                            CreateInteractionResponseMessage::new()
                                .embed(embed(&e))
                                .components(page_row(buttons))
                                .allowed_mentions(CreateAllowedMentions::new()),
                        )
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "could not read a leaderboard page");
                        ephemeral(&reader.say("internal-error", &[]))
                    }
                }
            }
            _ => ephemeral(&dq::another_servers_table(reader)),
        };
        if let Err(e) = ctx.respond(click, response).await {
            tracing::warn!(error = %e, "could not turn a leaderboard page");
        }
    }

    /// Closes the quizzes a restart interrupted and edits their last messages, once per start;
    /// with leases, keeps this process's leases and takes over quizzes whose owner died instead.
    pub(super) async fn close_interrupted_quizzes(&self, ctx: &Reply) {
        let Some(hub) = &self.quizzes else {
            return;
        };
        if hub.store.leases() {
            let task = tokio::spawn(lease::keep_leases(Arc::clone(&ctx.http), Arc::clone(hub)));
            hub.keep_task(task.abort_handle());
        }
        let closing = Arc::clone(hub);
        let closed = match tokio::task::spawn_blocking(move || closing.close_interrupted()).await {
            Ok(closed) => closed,
            Err(e) => {
                tracing::error!(error = %e, "closing interrupted quizzes failed");
                return;
            }
        };
        for quiz in closed {
            let Some(message) = quiz.message_id else {
                continue;
            };
            // In the language the quiz was played in, as the store kept it.
            let lang = Lang::of_locale(&quiz.lang).unwrap_or_default();
            let edit = EditMessage::new()
                .embed(embed(&dq::interrupted_message(Reader::picker(lang))))
                .components(Vec::new())
                .allowed_mentions(CreateAllowedMentions::new());
            if let Err(e) = ChannelId::new(quiz.channel_id)
                .edit_message(&ctx.http, MessageId::new(message), edit)
                .await
            {
                tracing::warn!(quiz = quiz.id, error = %e, "could not mark an interrupted quiz");
            }
        }
    }
}

/// Runs a store call on the blocking pool: SQLite waits on the disk and on other writers,
/// PostgreSQL on the network, and neither may hold up the runtime's threads. A panic comes back as a store error.
async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(panicked(e)))
}

fn panicked(e: tokio::task::JoinError) -> StoreError {
    StoreError::Query {
        store: "quiz store".into(),
        message: format!("the store call failed: {e}"),
    }
}
