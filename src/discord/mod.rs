//! The Discord front end: `treatybot serve`. Slash commands in, cited answers out as embeds.
//!
//! Architecture invariant: no search logic here; answers come from [`crate::engine::Engine`],
//! layout from [`render`], quiz state and layout from [`quiz`], and only [`handler`] calls
//! Discord.

pub mod changes;
pub mod commands;
pub mod handler;
pub mod http;
pub mod pager;
pub mod quiz;
pub mod reading_list;
pub mod render;
pub mod reply;
pub mod shared_list;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ClientBuilder, GatewayIntents, HttpBuilder};

use crate::config::Settings;
use crate::engine::Engine;

/// The gateway serenity falls back to when `GET /gateway` fails.
const FALLBACK_GATEWAY: &str = "wss://gateway.discord.gg";

/// How long closing the shards may take on shutdown. serenity waits for each shard's goodbye;
/// a gateway that stopped answering must not hold the process.
const SHARDS_CLOSE_WITHIN: Duration = Duration::from_secs(2);

/// How long `Client::start` gets to return once the shards are closed, before it is dropped.
/// While no shard is up (the gateway unreachable, serenity retrying every 5 s) closing them
/// does not end it at all, so it must be bounded.
const CLIENT_ENDS_WITHIN: Duration = Duration::from_secs(1);

/// What can stop the bot, each with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// No token configured.
    #[error("no Discord bot token: set TREATYBOT__DISCORD__TOKEN (or discord.token in config/local.toml). See the README for how to create a bot application")]
    MissingToken,
    /// The HTTP endpoint needs the application's public key to check signatures.
    #[error("no Discord public key for the HTTP interactions endpoint: set TREATYBOT__DISCORD__PUBLIC_KEY (or discord.public_key) to the application's public key from the developer portal (General Information)")]
    MissingPublicKey,
    /// The HTTP endpoint was asked for without an address.
    #[error("no address for the HTTP interactions endpoint: set discord.http_listen (TREATYBOT__DISCORD__HTTP_LISTEN) or pass serve --http ADDR")]
    NoListenAddress,
    /// The HTTP endpoint's address could not be bound.
    #[error("could not listen on {0} for the HTTP interactions endpoint: {1}")]
    Listen(std::net::SocketAddr, std::io::Error),
    /// The REST proxy did not answer, so the gateway address is unknown.
    #[error("the Discord REST proxy at {0} did not answer GET /api/v10/gateway; check discord.http_proxy (TREATYBOT__DISCORD__HTTP_PROXY)")]
    ProxyUnreachable(String),
    /// serenity failed to build or run the client.
    #[error("Discord client: {0}")]
    Client(#[from] serenity::Error),
    /// Quizzes could not be set up: their database.
    #[error(transparent)]
    Quiz(#[from] quiz::QuizSetupError),
    /// The answer engine could not be opened (the articles, the index).
    #[error("could not open the articles: {0}")]
    Engine(#[from] crate::Error),
    /// A thread doing start-up work panicked or was cancelled.
    #[error("{0} stopped unexpectedly: {1}")]
    Task(&'static str, tokio::task::JoinError),
}

/// A connected-but-not-started bot.
pub struct Bot {
    client: serenity::Client,
    quizzes: Arc<quiz::QuizHub>,
    shards: Option<crate::config::ShardRange>,
}

impl Bot {
    /// Builds the client. `http_client` replaces serenity's HTTP client (tests use one that can
    /// only reach loopback).
    pub async fn connect(
        settings: &Settings,
        engine: Arc<Engine>,
        http_client: Option<reqwest::Client>,
    ) -> Result<Bot, DiscordError> {
        settings.discord_token().ok_or(DiscordError::MissingToken)?;
        let store = open_store(settings).await?;
        Bot::connect_with_store(settings, engine, store, http_client).await
    }

    /// [`Bot::connect`] over a quiz store already open (`serve` opens it before the articles).
    pub async fn connect_with_store(
        settings: &Settings,
        engine: Arc<Engine>,
        store: Arc<dyn crate::quiz::QuizStore>,
        http_client: Option<reqwest::Client>,
    ) -> Result<Bot, DiscordError> {
        let (http, handler, quizzes) = dispatch_parts(settings, engine, store, http_client).await?;
        let proxy = settings.discord.http_proxy.trim();
        // Slash commands arrive without any gateway intent; ask for nothing privileged.
        let client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
            .event_handler(handler)
            .await?;
        if !proxy.is_empty() && *client.ws_url.lock().await == FALLBACK_GATEWAY {
            // serenity falls back to Discord's own gateway when the proxy fails; going around a
            // configured proxy would be wrong, so stop instead.
            return Err(DiscordError::ProxyUnreachable(proxy.to_string()));
        }
        Ok(Bot {
            client,
            quizzes,
            shards: settings.discord.shards,
        })
    }

    /// The gateway address the bot will connect to.
    pub async fn gateway_url(&self) -> String {
        self.client.ws_url.lock().await.clone()
    }

    /// Runs until `shutdown` completes, then closes the shards cleanly, and returns within a
    /// few seconds of it even when the gateway cannot be reached (see [`CLIENT_ENDS_WITHIN`]).
    pub async fn run_until(
        mut self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), DiscordError> {
        let shards = Arc::clone(&self.client.shard_manager);
        let shards_wanted = self.shards;
        let ran = {
            let start = async {
                match shards_wanted {
                    // serenity reads the range's end as the last shard to run (inclusive), so
                    // `first..last` runs shards first to last.
                    Some(r) => {
                        tracing::info!(shards = %r, "running gateway shards");
                        self.client
                            .start_shard_range(r.first..r.last, r.total)
                            .await
                    }
                    None => self.client.start().await,
                }
            };
            tokio::pin!(start);
            tokio::select! {
                ran = &mut start => Some(ran),
                () = shutdown => {
                    tracing::info!("shutting down");
                    if tokio::time::timeout(SHARDS_CLOSE_WITHIN, shards.shutdown_all())
                        .await
                        .is_err()
                    {
                        tracing::warn!("the shards did not close in time; leaving them");
                    }
                    match tokio::time::timeout(CLIENT_ENDS_WITHIN, &mut start).await {
                        // Asked to stop: whatever the client says now is not a failure.
                        Ok(Err(e)) => {
                            tracing::debug!(error = %e, "the client ended with an error on shutdown");
                            None
                        }
                        Ok(Ok(())) => None,
                        Err(_) => {
                            // Typically no shard ever connected: serenity's queue is waiting to
                            // retry the gateway. Dropping `start` ends that.
                            tracing::info!("the gateway client did not end by itself; dropping it");
                            None
                        }
                    }
                }
            }
        };
        // Quiz timers stop with the bot; their quizzes are closed at the next start.
        self.quizzes.shutdown();
        if let Some(ran) = ran {
            ran?;
        }
        Ok(())
    }
}

/// What both transports share: the REST client at the configured base, the one dispatch
/// ([`handler::Handler`]) and the running quizzes.
pub(crate) async fn dispatch_parts(
    settings: &Settings,
    engine: Arc<Engine>,
    store: Arc<dyn crate::quiz::QuizStore>,
    http_client: Option<reqwest::Client>,
) -> Result<(serenity::http::Http, handler::Handler, Arc<quiz::QuizHub>), DiscordError> {
    let token = settings.discord_token().ok_or(DiscordError::MissingToken)?;
    // Reading the running quizzes is store work, so it runs on a blocking thread and a
    // shutdown is not held up. No question is drawn until a quiz starts.
    let quizzes = {
        let quiz_settings = settings.quiz.clone();
        let engine = Arc::clone(&engine);
        tokio::task::spawn_blocking(move || quiz::QuizHub::new(store, engine, &quiz_settings))
            .await
            .map_err(|e| DiscordError::Task("setting up quizzes", e))??
    };
    let quizzes = Arc::new(quizzes);
    let shared = shared_list::Replica::new(Arc::clone(&quizzes.store));
    if let Some(replica) = &shared {
        // Everything other processes added while this one was away, before the first command.
        let (r, e) = (Arc::clone(replica), Arc::clone(&engine));
        match tokio::task::spawn_blocking(move || r.catch_up(&e)).await {
            Ok(Ok(_)) => {}
            // The follower tries again within a second; commands are answered meanwhile.
            Ok(Err(e)) => tracing::warn!(error = %e, "could not apply the shared reading list"),
            Err(e) => return Err(DiscordError::Task("applying the shared reading list", e)),
        }
        let follower = tokio::spawn(shared_list::follow(
            Arc::clone(replica),
            Arc::clone(&engine),
        ));
        // Stopped with the quiz timers when the bot stops.
        quizzes.keep_task(follower.abort_handle());
    }
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
        .with_quizzes(Arc::clone(&quizzes))
        .with_shared_list(shared);
    Ok((http.build(), handler, quizzes))
}

/// Opens the quiz store the settings name (SQLite file or PostgreSQL) on a blocking thread: a
/// corrupt or unwritable file, or a server that cannot be reached, stops the bot at start,
/// naming the file or the server, instead of failing mid-quiz.
pub async fn open_store(
    settings: &Settings,
) -> Result<Arc<dyn crate::quiz::QuizStore>, DiscordError> {
    let settings = settings.clone();
    tokio::task::spawn_blocking(move || crate::quiz::store::open(&settings))
        .await
        .map_err(|e| DiscordError::Task("opening the quiz store", e))?
        .map_err(|e| DiscordError::Quiz(quiz::QuizSetupError::from(e)))
}

/// `treatybot serve`: opens the answer engine, connects and runs the bot until Ctrl-C or
/// SIGTERM, which end it cleanly (with `Ok`) in every phase. The signal listener is set up
/// first, so a signal while the index is still being built is a clean stop too.
pub async fn serve(settings: &Settings) -> Result<(), DiscordError> {
    // One bot per data directory, before anything is opened: a second one would close the
    // first one's running quizzes as interrupted and ask in the same channels.
    let _one_bot = {
        let data_dir = settings.data_dir.clone();
        tokio::task::spawn_blocking(move || crate::ingest::lock::ServeLock::acquire(&data_dir))
            .await
            .map_err(|e| DiscordError::Task("taking the bot lock", e))??
    };
    // Boxed so it can be raced here and then handed, still armed, to `run_until`.
    let mut shutdown = Box::pin(shutdown_signal());
    // The quiz store before the articles: a store that cannot be used (an unreachable server)
    // is said within seconds, not after an index build.
    let store = tokio::select! {
        store = open_store(settings) => store?,
        () = &mut shutdown => {
            tracing::info!("shutting down while the quiz store was being opened");
            return Ok(());
        }
    };
    // The HTTP endpoint listens before the articles open: a port in use is said at once, and
    // `/healthz` tells a load balancer to wait while the index opens.
    let endpoint = match settings.discord.http_listen {
        Some(_) => Some(http::Endpoint::start(settings, Arc::clone(&store)).await?),
        None => None,
    };
    tracing::info!("opening the articles (Ctrl-C or SIGTERM stops)");
    let opening = {
        let settings = settings.clone();
        // Opening may rebuild the whole index for minutes: file and CPU work, off the runtime.
        tokio::task::spawn_blocking(move || Engine::open(&settings))
    };
    let engine = tokio::select! {
        opened = opening => {
            let (engine, state) = opened.map_err(|e| DiscordError::Task("opening the articles", e))??;
            let (articles, passages) = engine.size();
            tracing::info!(articles, passages, index = ?state, "answer engine ready");
            Arc::new(engine)
        }
        () = &mut shutdown => {
            // The build goes on on its blocking thread until the process exits (the runtime
            // is shut down without waiting for it); its half-written temporary folder beside
            // the index is left behind, and the index itself is as it was.
            tracing::info!("shutting down while the articles were being opened");
            return Ok(());
        }
    };
    if let Some(endpoint) = endpoint {
        // No gateway connection: Discord POSTs every interaction to the endpoint.
        tokio::select! {
            ready = endpoint.ready(settings, engine, store, None) => ready?,
            () = &mut shutdown => {
                tracing::info!("shutting down before the endpoint was ready");
                endpoint.stop().await;
                return Ok(());
            }
        }
        endpoint.run_until(shutdown).await;
        return Ok(());
    }
    let bot = tokio::select! {
        bot = Bot::connect_with_store(settings, engine, store, None) => bot?,
        () = &mut shutdown => {
            tracing::info!("shutting down before the bot connected");
            return Ok(());
        }
    };
    bot.run_until(shutdown).await
}

/// Reads the tables commands read once ([`crate::warm_up`]) on a blocking thread, not awaited,
/// the first time it is called in a process. Called once the bot can be reached (see
/// [`handler::Handler::started`]): started while the index opens or the bot connects, it would
/// take a core from them and delay being ready; started then, it runs while the commands are
/// registered (waiting on the network), tens of milliseconds before any player can ask.
pub(crate) fn warm_up_in_background() {
    static STARTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if STARTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let started = std::time::Instant::now();
    let _warming = tokio::task::spawn_blocking(move || {
        let warmed = crate::warm_up();
        tracing::info!(
            took_ms = warmed.took().as_secs_f64() * 1e3,
            since_started_ms = started.elapsed().as_secs_f64() * 1e3,
            tables = warmed.tables.len(),
            entries = warmed.entries(),
            "warmed up"
        );
        for t in &warmed.tables {
            tracing::debug!(
                table = t.name,
                entries = t.entries,
                took_ms = t.took.as_secs_f64() * 1e3,
                "read ahead"
            );
        }
    });
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM. The listeners are registered when this is called,
/// not when the future is first polled, so a signal that comes in between is not lost (and does
/// not kill the process the default way). Call it within a tokio runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        let listen = |kind: SignalKind| {
            signal(kind)
                .map_err(|e| tracing::warn!(error = %e, ?kind, "cannot listen for a signal"))
                .ok()
        };
        async fn recv(s: Option<Signal>) {
            match s {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        let interrupt = listen(SignalKind::interrupt());
        let terminate = listen(SignalKind::terminate());
        async move {
            tokio::select! {
                () = recv(interrupt) => {}
                () = recv(terminate) => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
