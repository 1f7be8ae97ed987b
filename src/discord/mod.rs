//! The Discord front end: `treatybot serve`. Slash commands in, cited answers out as embeds.
//!
//! Architecture invariant: no search logic here; answers come from [`crate::engine::Engine`],
//! layout from [`render`], quiz state and layout from [`quiz`], and only [`handler`] calls
//! Discord.

pub mod commands;
pub mod handler;
pub mod pager;
pub mod quiz;
pub mod render;

use std::future::Future;
use std::sync::Arc;

use serenity::all::{ClientBuilder, GatewayIntents, HttpBuilder};

use crate::config::Settings;
use crate::engine::Engine;

/// The gateway serenity falls back to when `GET /gateway` fails.
const FALLBACK_GATEWAY: &str = "wss://gateway.discord.gg";

/// What can stop the bot, each with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// No token configured.
    #[error("no Discord bot token: set TREATYBOT__DISCORD__TOKEN (or discord.token in config/local.toml). See the README for how to create a bot application")]
    MissingToken,
    /// The REST proxy did not answer, so the gateway address is unknown.
    #[error("the Discord REST proxy at {0} did not answer GET /api/v10/gateway; check discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY)")]
    ProxyUnreachable(String),
    /// serenity failed to build or run the client.
    #[error("Discord client: {0}")]
    Client(#[from] serenity::Error),
    /// Quizzes could not be set up: their database, or their questions.
    #[error(transparent)]
    Quiz(#[from] quiz::QuizSetupError),
}

/// A connected-but-not-started bot.
pub struct Bot {
    client: serenity::Client,
    quizzes: Arc<quiz::QuizHub>,
}

impl Bot {
    /// Builds the client. `http_client` replaces serenity's HTTP client (tests use one that can
    /// only reach loopback).
    pub async fn connect(
        settings: &Settings,
        engine: Arc<Engine>,
        http_client: Option<reqwest::Client>,
    ) -> Result<Bot, DiscordError> {
        let token = settings.discord_token().ok_or(DiscordError::MissingToken)?;
        // The quiz database opens first: a corrupt or unwritable file stops the bot at start,
        // naming the file, instead of failing mid-quiz.
        let store = crate::quiz::SqliteStore::open(&settings.quiz_database())
            .map_err(quiz::QuizSetupError::from)?;
        let quizzes = Arc::new(quiz::QuizHub::new(
            Arc::new(store),
            Arc::clone(&engine),
            &settings.quiz,
        )?);
        let mut http = HttpBuilder::new(token);
        if let Some(c) = http_client {
            http = http.client(c);
        }
        let proxy = settings.discord.http_proxy.trim();
        if !proxy.is_empty() {
            // The proxy owns rate limits; serenity also ignores the proxy while its limiter is on.
            http = http.proxy(proxy).ratelimiter_disabled(true);
        }
        let handler = handler::Handler::new(engine, &settings.discord.guild_ids)
            .with_quizzes(Arc::clone(&quizzes));
        // Slash commands arrive without any gateway intent; ask for nothing privileged.
        let client = ClientBuilder::new_with_http(http.build(), GatewayIntents::empty())
            .event_handler(handler)
            .await?;
        if !proxy.is_empty() && *client.ws_url.lock().await == FALLBACK_GATEWAY {
            // serenity falls back to Discord's own gateway when the proxy fails; going around a
            // configured proxy would be wrong, so stop instead.
            return Err(DiscordError::ProxyUnreachable(proxy.to_string()));
        }
        Ok(Bot { client, quizzes })
    }

    /// The gateway address the bot will connect to.
    pub async fn gateway_url(&self) -> String {
        self.client.ws_url.lock().await.clone()
    }

    /// Runs until `shutdown` completes, then closes the shards cleanly.
    pub async fn run_until(
        mut self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), DiscordError> {
        let shards = Arc::clone(&self.client.shard_manager);
        tokio::spawn(async move {
            shutdown.await;
            tracing::info!("shutting down");
            shards.shutdown_all().await;
        });
        let ran = self.client.start().await;
        // Quiz timers stop with the bot; their quizzes are closed at the next start.
        self.quizzes.shutdown();
        ran?;
        Ok(())
    }
}

/// `treatybot serve`: runs the bot until Ctrl-C or SIGTERM.
pub async fn serve(settings: &Settings, engine: Arc<Engine>) -> Result<(), DiscordError> {
    let bot = Bot::connect(settings, engine, None).await?;
    bot.run_until(shutdown_signal()).await
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
