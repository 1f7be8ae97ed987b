//! The one place that talks to Discord: events in, interaction responses out.
//!
//! Command logic lives in the engine and layout in `render.rs`; this module only turns
//! interactions into engine commands and rendered pages into serenity builders. Quizzes are in
//! the `quiz` sub-module.

mod pages;
mod quiz;
mod sources;
mod timeline;

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{
    ButtonStyle, Command as DiscordCommand, CommandDataOption, CommandDataOptionValue,
    CommandInteraction, ComponentInteraction, Context, CreateActionRow, CreateAllowedMentions,
    CreateAttachment, CreateAutocompleteResponse, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponse, CreateInteractionResponseMessage, EditInteractionResponse,
    EventHandler, GuildId, Interaction, Ready,
};

use super::render::{self, limits, Page};
use super::reply::Reply;
use super::{commands, pager::Pager};
use crate::engine::{Audience, Command, CommandKind, Engine, ServerId, YearSpan};
use crate::picture;
use crate::present::{Lang, Reader};

/// Answers that take longer than this are deferred, then edited in: Discord drops an
/// interaction that is not acknowledged within 3 seconds.
const ANSWER_AT_ONCE_WITHIN: Duration = Duration::from_millis(1500);

/// Embed colour.
const COLOUR: u32 = 0x2F6FAB;

/// The bot's event handler.
pub struct Handler {
    engine: Arc<Engine>,
    pager: Pager,
    guild_ids: Vec<GuildId>,
    quizzes: Option<Arc<super::quiz::QuizHub>>,
    /// Reading list changes under way: one per server, a bounded number in all, written one at
    /// a time.
    reading_list_changes: Arc<crate::discord::changes::Changes>,
    /// Set by the first READY: each shard of a process sends one, and reconnects send more,
    /// but commands are registered and interrupted quizzes closed once per process.
    started_once: std::sync::atomic::AtomicBool,
}

impl Handler {
    /// A handler answering from `engine`, registering commands in `guild_ids` (global if empty).
    pub fn new(engine: Arc<Engine>, guild_ids: &[u64]) -> Handler {
        // Changes wait mostly on the network and on reading pages, whose threads
        // `fetch.extract_threads` bounds; a few per reading thread keep the queue short.
        let in_flight = engine.settings().fetch.extract_threads * 4;
        Handler {
            engine,
            pager: Pager::default(),
            guild_ids: guild_ids.iter().map(|&g| GuildId::new(g)).collect(),
            quizzes: None,
            reading_list_changes: crate::discord::changes::Changes::new(in_flight, None),
            started_once: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Runs `/quiz` with this hub (without one, `/quiz` says quizzes are not set up).
    pub fn with_quizzes(mut self, hub: Arc<super::quiz::QuizHub>) -> Handler {
        self.quizzes = Some(hub);
        self
    }

    /// Changes reading lists through the shared journal's `replica` (a PostgreSQL store).
    pub fn with_shared_list(
        mut self,
        replica: Option<Arc<crate::discord::shared_list::Replica>>,
    ) -> Handler {
        let in_flight = self.engine.settings().fetch.extract_threads * 4;
        self.reading_list_changes = crate::discord::changes::Changes::new(in_flight, replica);
        self
    }

    async fn register(&self, ctx: &Reply) {
        let defs = commands::definitions(self.engine.max_query_chars());
        if self.guild_ids.is_empty() {
            match DiscordCommand::set_global_commands(&ctx.http, defs).await {
                Ok(c) => tracing::info!(commands = c.len(), "registered global commands"),
                Err(e) => tracing::error!(error = %e, "could not register global commands"),
            }
            return;
        }
        for g in &self.guild_ids {
            match g.set_commands(&ctx.http, defs.clone()).await {
                Ok(c) => {
                    tracing::info!(guild = %g, commands = c.len(), "registered guild commands")
                }
                Err(e) => {
                    tracing::error!(guild = %g, error = %e, "could not register guild commands")
                }
            }
        }
    }

    async fn on_command(&self, ctx: &Reply, cmd: &CommandInteraction) {
        if cmd.data.name == commands::QUIZ {
            self.on_quiz(ctx, cmd).await;
            return;
        }
        if cmd.data.name == CommandKind::Sources.name() && self.on_sources_change(ctx, cmd).await {
            return;
        }
        let reader = reader_of(cmd);
        let Some(kind) = CommandKind::from_word(&cmd.data.name) else {
            self.reply_ephemeral(ctx, cmd, &reader.say("not-our-command", &[]))
                .await;
            return;
        };
        // `/timeline`'s years arrive as typed integers and go to the engine as numbers.
        let command = if kind == CommandKind::Timeline {
            Ok(Command::timeline(years_of(cmd)))
        } else {
            Command::new(kind, &query_of(kind, cmd), self.engine.max_query_chars())
        };
        let command = match command {
            Ok(c) => c,
            Err(e) => {
                self.reply_ephemeral(ctx, cmd, &crate::present::usage(reader, &e))
                    .await;
                return;
            }
        };
        let engine = Arc::clone(&self.engine);
        let audience = audience_of(cmd.guild_id);
        // The page buttons carry the command (or its key in the store), so any process can
        // answer it again.
        let asked = pages::Asked::new(command.kind, command.query.clone());
        let store = self.page_store();
        // The picture is drawn on the same blocking thread as the answer, within the deadline;
        // a query too long for a button is kept in the store there too.
        let work = tokio::task::spawn_blocking(move || {
            let answer = engine.seen_by(audience).answer(&command)?;
            let png = picture::drawing(&answer, reader.lang).and_then(|d| draw(&d));
            Ok((answer, png, asked.keep_if_long(store.as_deref())))
        });
        let (done, deferred) = within_deadline(ctx, cmd, work).await;
        let answer = flatten(done);
        if deferred {
            let (embeds, components, png) = match answer {
                Some((answer, png, asked)) => {
                    let (embeds, components) = self.first_page(&answer, Some(&asked), reader);
                    (embeds, components, png)
                }
                None => (vec![error_embed(reader)], Vec::new(), None),
            };
            let mut edit = EditInteractionResponse::new()
                .embeds(embeds)
                .components(components)
                .allowed_mentions(CreateAllowedMentions::new());
            if let Some(png) = png {
                edit = edit.new_attachment(CreateAttachment::bytes(png, picture::FILE_NAME));
            }
            if let Err(e) = cmd.edit_response(&ctx.http, edit).await {
                tracing::warn!(error = %e, "could not edit a deferred answer");
            }
            return;
        }
        let Some((answer, png, asked)) = answer else {
            self.reply_ephemeral(ctx, cmd, &reader.say("internal-error", &[]))
                .await;
            return;
        };
        let (embeds, components) = self.first_page(&answer, Some(&asked), reader);
        let message = CreateInteractionResponseMessage::new()
            .embeds(embeds)
            .components(components)
            .allowed_mentions(CreateAllowedMentions::new());
        // Discord shows a message's files above its embeds: the picture, then the citations.
        let files = png.map(|png| CreateAttachment::bytes(png, picture::FILE_NAME));
        if let Err(e) = ctx
            .respond_with_files(
                cmd,
                CreateInteractionResponse::Message(message),
                files.into_iter().collect(),
            )
            .await
        {
            tracing::warn!(error = %e, command = %cmd.data.name, "could not answer an interaction");
        }
    }

    async fn on_component(&self, ctx: &Reply, click: &ComponentInteraction) {
        if click.data.custom_id.starts_with(super::quiz::PREFIX) {
            self.on_quiz_click(ctx, click).await;
            return;
        }
        if click
            .data
            .custom_id
            .starts_with(super::quiz::PRACTICE_PREFIX)
        {
            self.on_practice_click(ctx, click).await;
            return;
        }
        if click
            .data
            .custom_id
            .starts_with(super::quiz::LEADERBOARD_PREFIX)
        {
            self.on_leaderboard_click(ctx, click).await;
            return;
        }
        if click.data.custom_id.starts_with(timeline::PREFIX) {
            self.on_window_click(ctx, click).await;
            return;
        }
        self.on_page_click(ctx, click).await;
    }

    async fn on_autocomplete(&self, ctx: &Reply, ac: &CommandInteraction) {
        let typed = ac
            .data
            .autocomplete()
            .map(|o| o.value.to_string())
            .unwrap_or_default();
        // Lookups in tables folded once per commit (microseconds at any size), so they answer
        // inline rather than through the blocking pool.
        let engine = self.engine.seen_by(audience_of(ac.guild_id));
        let suggestions = if ac.data.name == commands::QUIZ {
            engine.suggest_topic(&typed, 25)
        } else if ac.data.name == CommandKind::Sources.name() {
            self.sources_suggestions(ac.guild_id.map(|g| g.get()), &typed)
        } else if let Some(kind) = CommandKind::from_word(&ac.data.name) {
            engine.suggest(kind, &typed, 25)
        } else {
            return;
        };
        let mut response = CreateAutocompleteResponse::new();
        for s in suggestions {
            response = response.add_string_choice(s.label, s.value);
        }
        if let Err(e) = ctx
            .respond(ac, CreateInteractionResponse::Autocomplete(response))
            .await
        {
            tracing::warn!(error = %e, "could not answer autocomplete");
        }
    }

    async fn reply_ephemeral(&self, ctx: &Reply, cmd: &CommandInteraction, text: &str) {
        let message = CreateInteractionResponseMessage::new()
            .content(render::clip(&render::escape(text), limits::CONTENT))
            .ephemeral(true)
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(e) = ctx
            .respond(cmd, CreateInteractionResponse::Message(message))
            .await
        {
            tracing::warn!(error = %e, "could not send an ephemeral reply");
        }
    }
}

/// Waits for `work` until the answer deadline; past it, defers the interaction (Discord drops
/// one not acknowledged within 3 seconds) and waits on. Returns the result and whether the
/// interaction was deferred, in which case the caller edits the response instead of creating it.
async fn within_deadline<T>(
    ctx: &Reply,
    cmd: &CommandInteraction,
    mut work: tokio::task::JoinHandle<T>,
) -> (Result<T, tokio::task::JoinError>, bool) {
    match tokio::time::timeout(ANSWER_AT_ONCE_WITHIN, &mut work).await {
        Ok(done) => (done, false),
        Err(_) => {
            let defer = CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new()
                    .allowed_mentions(CreateAllowedMentions::new()),
            );
            if let Err(e) = ctx.respond(cmd, defer).await {
                tracing::warn!(error = %e, "could not defer an interaction");
            }
            (work.await, true)
        }
    }
}

/// A drawing as PNG bytes, or `None` (logged) when it cannot be drawn: the answer goes out
/// without its picture rather than not at all. Blocking work, for `spawn_blocking`.
fn draw(d: &picture::Drawing) -> Option<Vec<u8>> {
    picture::render(d)
        .map_err(|e| tracing::error!(error = %e, "could not draw the timeline"))
        .ok()
}

/// The engine's result, or `None` (logged) when it failed or panicked.
fn flatten<T>(done: Result<crate::Result<T>, tokio::task::JoinError>) -> Option<T> {
    match done {
        Ok(Ok(answer)) => Some(answer),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "the engine could not answer");
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "the engine task failed");
            None
        }
    }
}

/// What the user sees when something fails on our side; details go to the log.
fn error_embed(reader: Reader) -> CreateEmbed {
    CreateEmbed::new()
        .description(reader.say("internal-error", &[]))
        .colour(COLOUR)
}

/// Who reads the reply to a button click: as [`reader_of`].
fn reader_of_click(click: &ComponentInteraction) -> Reader {
    Reader::picker(Lang::for_interaction(
        &click.locale,
        click.guild_locale.as_deref(),
    ))
}

/// Who reads the reply to `cmd`: their own locale's language, else the server's, else English,
/// with commands named as their picker shows them.
fn reader_of(cmd: &CommandInteraction) -> Reader {
    Reader::picker(Lang::for_interaction(
        &cmd.locale,
        cmd.guild_locale.as_deref(),
    ))
}

/// A sub-command's text option, trimmed; `None` when it is absent or blank.
fn text_option(options: &[CommandDataOption], name: &str) -> Option<String> {
    options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| o.value.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `/timeline`'s typed years; Discord bounds them (1800–2100), and a value that is not a
/// year is read as absent.
fn years_of(cmd: &CommandInteraction) -> YearSpan {
    let year = |name: &str| {
        cmd.data
            .options
            .iter()
            .find(|o| o.name == name)
            .and_then(|o| match o.value {
                CommandDataOptionValue::Integer(y) => i32::try_from(y).ok(),
                _ => None,
            })
    };
    YearSpan::new(year("from"), year("to"))
}

/// The text a slash command carries, as the engine's grammar expects it.
fn query_of(kind: CommandKind, cmd: &CommandInteraction) -> String {
    let Some(name) = commands::text_option_name(kind) else {
        return String::new();
    };
    cmd.data
        .options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| o.value.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn embeds(page: &Page) -> Vec<CreateEmbed> {
    page.embeds
        .iter()
        .map(|e| {
            let mut embed = CreateEmbed::new()
                .title(&e.title)
                .description(&e.description)
                .colour(COLOUR);
            if let Some(url) = &e.url {
                embed = embed.url(url);
            }
            if !e.footer.is_empty() {
                embed = embed.footer(CreateEmbedFooter::new(&e.footer));
            }
            embed
        })
        .collect()
}

/// A page's buttons: Prev and Next (with their ids) when its answer has more than one page, and
/// the buttons to a `/timeline`'s earlier and later events when it has more than one window.
fn buttons(
    ids: Option<(String, String)>,
    page: usize,
    total: usize,
    shown: &Page,
    reader: Reader,
) -> Vec<CreateActionRow> {
    let mut rows = Vec::new();
    if let Some(ids) = ids.filter(|_| total > 1) {
        rows.extend(page_buttons(ids, page, total, reader));
    }
    if let Some(w) = shown.windows {
        rows.push(timeline::row(w, reader));
    }
    rows
}

fn page_buttons(
    (prev_id, next_id): (String, String),
    page: usize,
    total: usize,
    reader: Reader,
) -> Vec<CreateActionRow> {
    let prev = CreateButton::new(prev_id)
        .label(reader.say("button-prev", &[]))
        .style(ButtonStyle::Secondary)
        .disabled(page == 0);
    let next = CreateButton::new(next_id)
        .label(reader.say("button-next", &[]))
        .style(ButtonStyle::Secondary)
        .disabled(page + 1 >= total);
    vec![CreateActionRow::Buttons(vec![prev, next])]
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, shard = ?ready.shard, "connected to Discord");
        if !self
            .started_once
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            self.started(&Reply::callback(ctx.http)).await;
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        self.dispatch(&Reply::callback(ctx.http), interaction).await;
    }
}

impl Handler {
    /// What the bot does once it can reach Discord (connected, or serving the HTTP endpoint):
    /// reads its tables ahead in the background (once a process), registers the commands and
    /// closes the quizzes a restart interrupted.
    pub async fn started(&self, ctx: &Reply) {
        super::warm_up_in_background();
        // Registering, edits and follow-ups need the application's id: the gateway's READY
        // gives it; without a gateway it is asked for (and each interaction carries it too).
        if ctx.http.application_id().is_none() {
            match ctx.http.get_current_application_info().await {
                Ok(app) => ctx.http.set_application_id(app.id),
                Err(e) => tracing::warn!(error = %e, "could not read the application's id"),
            }
        }
        self.register(ctx).await;
        self.close_interrupted_quizzes(ctx).await;
    }

    /// Answers one interaction, whichever transport brought it (see [`Reply`]).
    pub async fn dispatch(&self, ctx: &Reply, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) => self.on_command(ctx, &cmd).await,
            Interaction::Autocomplete(ac) => self.on_autocomplete(ctx, &ac).await,
            Interaction::Component(click) => self.on_component(ctx, &click).await,
            other => tracing::debug!(kind = ?other.kind(), "ignored an interaction"),
        }
    }
}

/// Who asks: a server's members see the shared collection and their server's additions; a
/// direct message sees the shared collection only.
fn audience_of(guild: Option<GuildId>) -> Audience {
    Audience {
        server: guild.map(|g| ServerId(g.get())),
    }
}
