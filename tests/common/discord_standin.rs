//! A loopback-only stand-in for Discord (REST API + gateway websocket), so the
//! real serenity 0.12.5 client can be exercised in tests without any network.
//!
//! Both listeners bind `127.0.0.1:0`; nothing in here ever opens an outgoing
//! connection. Point serenity at it with
//! `HttpBuilder::new(token).proxy(standin.base_url()).ratelimiter_disabled(true)`:
//! serenity builds every REST URL as `https://discord.com/api/v10/...` and, when
//! a proxy is set, textually replaces the `https://discord.com` prefix with the
//! proxy string, so requests arrive here as `BASE/api/v10/...`. The gateway URL
//! comes from our `GET /api/v10/gateway` answer.
//!
//! Besides interactions and their webhooks, the bot may post and edit plain
//! channel messages (`POST /channels/{id}/messages`, `PATCH …/messages/{id}`)
//! in the configured channel; [`StandIn::channel_message`] shows their state.
//!
//! `ratelimiter_disabled(true)` is not optional: serenity's `Ratelimiter`
//! builds requests without the proxy, i.e. straight to discord.com.
//!
//! ```ignore
//! let standin = StandIn::start().await;
//! let http = HttpBuilder::new("test-token")
//!     .client(reqwest_client_with_no_proxy_and_egress_trap) // see the tests
//!     .proxy(standin.base_url())
//!     .ratelimiter_disabled(true)
//!     .build();
//! let mut client = ClientBuilder::new_with_http(http, intents).event_handler(h).await?;
//! assert_eq!(*client.ws_url.lock().await, standin.gateway_url()); // no fallback
//! let shards = client.shard_manager.clone();
//! let run = tokio::spawn(async move { client.start().await });
//! standin.wait_ready(Duration::from_secs(10)).await?;
//! let ping = standin.slash_command(1, "ping", json!([]), 42);
//! standin.dispatch("INTERACTION_CREATE", ping.clone()).await?;
//! let reply = standin.wait_for_callback(&ping, Duration::from_secs(10)).await;
//! shards.shutdown_all().await;
//! ```
//!
//! Only depends on tokio, serde_json, tokio-tungstenite, futures-util, hyper 1,
//! hyper-util and http-body-util, which a serenity 0.12.5 bot already has in
//! its dependency tree (hyper's `server` feature adds only `httpdate`).

// Copied into a bot's `tests/common/`, each test binary uses only part of the
// API; unused helpers must not fail `clippy -D warnings` there.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio::task::{JoinHandle, JoinSet};
use tokio_tungstenite::tungstenite::Message;

/// Discord's snowflake epoch (2015-01-01T00:00:00Z) in Unix milliseconds.
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
/// How many sent dispatches a session keeps for replay on RESUME. Bounded so a
/// long test cannot grow memory without limit; older gaps get INVALID_SESSION.
const SESSION_LOG_CAP: usize = 10_000;
/// Upper bound for `drop_gateway` waiting on the connection task to finish.
const DROP_WAIT: Duration = Duration::from_secs(5);
/// A permission set that is plausible for a bot and a member: view channel,
/// send messages, embed links, attach files, read history, use app commands.
const PERMISSIONS: &str = "2147601408";

/// Who sends an interaction, and from which server: the stand-in's own interactions come from
/// its configured guild, from a member with [`PERMISSIONS`] (no Manage Server) and no roles.
#[derive(Clone, Debug)]
pub struct Sender {
    /// The guild the interaction comes from.
    pub guild_id: u64,
    /// The member's permissions in the channel, as Discord's bit set.
    pub permissions: u64,
    /// The member's role ids.
    pub roles: Vec<u64>,
    /// The member's Discord locale (`ja`, `ru`), when not the stand-in's `en-US`.
    pub locale: Option<String>,
}

impl Sender {
    /// The MANAGE_GUILD ("Manage Server") permission bit.
    pub const MANAGE_GUILD: u64 = 1 << 5;

    /// A member of `guild_id` with the stand-in's usual permissions and no roles.
    pub fn member_of(guild_id: u64) -> Sender {
        Sender {
            guild_id,
            permissions: PERMISSIONS.parse().expect("permissions"),
            roles: Vec::new(),
            locale: None,
        }
    }

    /// A member of `guild_id` who may manage the server.
    pub fn manager_of(guild_id: u64) -> Sender {
        let mut s = Sender::member_of(guild_id);
        s.permissions |= Sender::MANAGE_GUILD;
        s
    }

    /// The same member, reading Discord in `locale`.
    pub fn in_locale(mut self, locale: &str) -> Sender {
        self.locale = Some(locale.to_string());
        self
    }

    /// Rewrites an interaction payload as sent by this member from this guild.
    pub fn apply(&self, interaction: &mut Value) {
        if let Some(locale) = &self.locale {
            interaction["locale"] = json!(locale);
        }
        let guild = self.guild_id.to_string();
        interaction["guild_id"] = json!(guild);
        interaction["channel"]["guild_id"] = json!(guild);
        interaction["authorizing_integration_owners"]["0"] = json!(guild);
        interaction["member"]["permissions"] = json!(self.permissions.to_string());
        interaction["member"]["roles"] =
            json!(self.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>());
    }
}

/// An attachment as Discord resolves it for a command option of type 11, keyed by `id`.
pub fn resolved_attachment(id: u64, filename: &str, url: &str, size: u64) -> Value {
    json!({
        "attachments": {
            id.to_string(): {
                "id": id.to_string(),
                "filename": filename,
                "size": size,
                "url": url,
                "proxy_url": url,
                "content_type": "text/plain; charset=utf-8",
            }
        }
    })
}

/// Settings for a [`StandIn`]; [`StandInConfig::default`] suits most tests.
#[derive(Clone, Debug)]
pub struct StandInConfig {
    /// `heartbeat_interval` sent in HELLO, in milliseconds. Discord uses 41250;
    /// a small value (e.g. 500) makes tests exercise heartbeats and ACKs.
    pub heartbeat_interval_ms: u64,
    /// Application id announced in READY; REST routes with another id get 404.
    pub application_id: u64,
    /// The bot's own user id (READY `user`, `/users/@me`, message authors).
    pub bot_user_id: u64,
    /// The bot's username.
    pub bot_name: String,
    /// Guild every generated interaction comes from.
    pub guild_id: u64,
    /// Channel every generated interaction comes from.
    pub channel_id: u64,
    /// How long [`StandIn::dispatch`] waits for a live (READY/RESUMED) gateway
    /// session before giving up.
    pub dispatch_wait: Duration,
    /// If set, an interaction callback arriving later than this after the
    /// interaction was dispatched is refused with 404 `Unknown interaction`
    /// (code 10062), as Discord does after 3 s. Off by default so slow CI
    /// machines do not flake; set `Some(Duration::from_secs(3))` to check that
    /// the bot acknowledges (or defers) in time.
    pub interaction_deadline: Option<Duration>,
    /// When true, every gateway connection is closed as soon as it is accepted,
    /// before the websocket handshake, as if Discord's gateway were down: the
    /// bot never gets a session and serenity keeps retrying (every 5 s). Each
    /// one is counted in [`GatewayStats::refused`]. Off by default.
    pub refuse_gateway: bool,
}

impl Default for StandInConfig {
    fn default() -> Self {
        Self {
            heartbeat_interval_ms: 41_250,
            application_id: 1_100_000_000_000_000_001,
            bot_user_id: 1_100_000_000_000_000_001,
            bot_name: "standin-bot".to_owned(),
            guild_id: 1_100_000_000_000_000_100,
            channel_id: 1_100_000_000_000_000_200,
            dispatch_wait: Duration::from_secs(10),
            interaction_deadline: None,
            refuse_gateway: false,
        }
    }
}

/// One REST request as the stand-in received it.
#[derive(Clone, Debug)]
pub struct CapturedRequest {
    /// HTTP method, upper case (`GET`, `PUT`, ...).
    pub method: String,
    /// Path without the query string, e.g. `/api/v10/gateway`.
    pub path: String,
    /// Raw query string without the leading `?`, if any. Note that serenity
    /// writes queries as `?&key=value`, so this may start with `&`.
    pub query: Option<String>,
    /// Request headers, names lower-cased (values lossily decoded).
    pub headers: BTreeMap<String, String>,
    /// The JSON body: the body itself for `application/json`, or the parsed
    /// `payload_json` part for `multipart/form-data`. `None` if absent/invalid.
    pub body: Option<Value>,
    /// Names of the multipart parts (e.g. `payload_json`, `files[0]`); empty
    /// for non-multipart requests.
    pub multipart_parts: Vec<String>,
    /// The undecoded body bytes.
    pub raw_body: Vec<u8>,
    /// Status code the stand-in answered with.
    pub status: u16,
    /// When the request was received.
    pub received_at: Instant,
    /// True if this was not an API call but a proxy request (`CONNECT host`
    /// or an absolute-form URI) for some other host: a test client routed its
    /// non-loopback traffic here (see [`StandIn::egress_trap_url`]). Answered
    /// 403; `path` then holds the full target.
    pub egress: bool,
}

impl CapturedRequest {
    /// True if the method and path match exactly.
    pub fn is(&self, method: &str, path: &str) -> bool {
        self.method == method && self.path == path
    }

    /// True if this is the `POST /interactions/{id}/{token}/callback` for the
    /// interaction payload `interaction` (as built by the `StandIn` helpers).
    pub fn is_callback_for(&self, interaction: &Value) -> bool {
        match (interaction["id"].as_str(), interaction["token"].as_str()) {
            (Some(id), Some(token)) => {
                self.method == "POST"
                    && self.path == format!("/api/v10/interactions/{id}/{token}/callback")
            }
            _ => false,
        }
    }

    /// The body's `type` field (interaction callback type), if any.
    pub fn callback_type(&self) -> Option<u64> {
        self.body.as_ref()?.get("type")?.as_u64()
    }

    /// The files uploaded with a `multipart/form-data` request, as (part name, file name,
    /// bytes), in the order sent; empty for any other request.
    pub fn files(&self) -> Vec<UploadedFile> {
        let content_type = self
            .headers
            .get("content-type")
            .map(String::as_str)
            .unwrap_or("");
        let Some(boundary) = boundary_of(content_type) else {
            return Vec::new();
        };
        multipart_parts_with_heads(&self.raw_body, boundary)
            .into_iter()
            .filter_map(|(head, content)| {
                let disposition = head
                    .split("\r\n")
                    .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
                let field = |key: &str| {
                    disposition
                        .split(';')
                        .map(str::trim)
                        .find_map(|p| p.strip_prefix(key))
                        .map(|n| n.trim_matches('"').to_owned())
                };
                Some(UploadedFile {
                    part: field("name=")?,
                    filename: field("filename=")?,
                    bytes: content.to_vec(),
                })
            })
            .collect()
    }
}

/// A file part of a multipart request.
#[derive(Clone, Debug)]
pub struct UploadedFile {
    /// The part's name, e.g. `files[0]`.
    pub part: String,
    /// The file name given, e.g. `timeline.png`.
    pub filename: String,
    /// The file's bytes, exactly as sent.
    pub bytes: Vec<u8>,
}

/// One payload the bot sent over the gateway.
#[derive(Clone, Debug)]
pub struct GatewayFrame {
    /// 1-based number of the websocket connection it arrived on.
    pub connection: usize,
    /// Gateway opcode (1 heartbeat, 2 identify, 6 resume, ...).
    pub op: u64,
    /// The `d` field.
    pub data: Value,
    /// When it was received.
    pub received_at: Instant,
}

/// Counters describing the gateway side, for reconnect assertions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GatewayStats {
    /// Websocket connections accepted so far.
    pub connections: usize,
    /// IDENTIFY (op 2) payloads received.
    pub identifies: usize,
    /// RESUME (op 6) payloads received.
    pub resumes: usize,
    /// Successful resumes (answered with replay + RESUMED).
    pub resumed: usize,
    /// Heartbeats (op 1) received (each answered with op 11).
    pub heartbeats: usize,
    /// True while a connection has a READY/RESUMED session to dispatch to.
    pub live: bool,
    /// Connections closed unanswered because of [`StandInConfig::refuse_gateway`]
    /// (not counted in `connections`).
    pub refused: usize,
}

/// The fake Discord. Dropping it aborts all listeners and connections.
pub struct StandIn {
    shared: Arc<Shared>,
    rest_addr: SocketAddr,
    gateway_addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

struct Shared {
    config: StandInConfig,
    gateway_url: String,
    last_snowflake: AtomicU64,
    state: Mutex<State>,
    /// Bumped on every observable change; waiters subscribe instead of
    /// polling, and `watch` cannot lose a wake-up between check and wait.
    changed: watch::Sender<u64>,
}

#[derive(Default)]
struct State {
    requests: Vec<CapturedRequest>,
    frames: Vec<GatewayFrame>,
    stats: GatewayStats,
    conns: HashMap<usize, ConnHandle>,
    /// Connection that currently holds a READY/RESUMED session.
    live: Option<usize>,
    session: Option<Session>,
    sessions_created: u64,
    interactions: HashMap<String, Issued>,
    /// Registered commands per scope (`None` = global), keyed by name so ids
    /// stay stable across bulk overwrites, as on Discord.
    commands: BTreeMap<Option<String>, BTreeMap<String, Value>>,
    /// Messages the bot posted with `POST /channels/{id}/messages`, by id,
    /// holding their current fields (edits merged in).
    channel_messages: BTreeMap<String, Value>,
}

struct ConnHandle {
    tx: mpsc::UnboundedSender<Message>,
    kill: Arc<Notify>,
    done: Option<oneshot::Receiver<()>>,
}

struct Session {
    id: String,
    seq: u64,
    log: VecDeque<(u64, String)>,
}

/// An interaction handed out by a payload helper, so callbacks and webhook
/// calls can be checked against what Discord would accept.
struct Issued {
    id: String,
    /// When the interaction was (last) dispatched, or built if never sent.
    sent_at: Instant,
    acknowledged: bool,
    original_id: String,
    /// Fields (`content`, `embeds`, `components`, `flags`) of the original
    /// response message, once there is one.
    original: Option<Value>,
    followups: HashMap<String, Value>,
    /// Sent to the bot's HTTP interactions endpoint and not yet answered: its
    /// webhook calls wait for the answer, as Discord takes the response
    /// before it takes edits of it.
    pending_http: bool,
}

impl StandIn {
    /// Starts a stand-in with [`StandInConfig::default`].
    pub async fn start() -> StandIn {
        Self::start_with(StandInConfig::default()).await
    }

    /// Binds the REST and gateway listeners on `127.0.0.1:0` and starts serving.
    ///
    /// # Panics
    /// If a loopback listener cannot be bound (a broken test machine).
    pub async fn start_with(config: StandInConfig) -> StandIn {
        let rest = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("stand-in: bind REST listener on 127.0.0.1");
        let gateway = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("stand-in: bind gateway listener on 127.0.0.1");
        let rest_addr = rest.local_addr().expect("stand-in: REST local_addr");
        let gateway_addr = gateway.local_addr().expect("stand-in: gateway local_addr");

        let shared = Arc::new(Shared {
            config,
            gateway_url: format!("ws://{gateway_addr}"),
            last_snowflake: AtomicU64::new(0),
            state: Mutex::new(State::default()),
            changed: watch::channel(0).0,
        });
        let tasks = vec![
            tokio::spawn(rest_accept_loop(rest, Arc::clone(&shared))),
            tokio::spawn(gateway_accept_loop(gateway, Arc::clone(&shared))),
        ];
        StandIn {
            shared,
            rest_addr,
            gateway_addr,
            tasks,
        }
    }

    /// `http://127.0.0.1:PORT`, to pass to serenity's `HttpBuilder::proxy`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.rest_addr)
    }

    /// `ws://127.0.0.1:PORT` (no query; serenity appends `?v=10`). This is what
    /// `GET /api/v10/gateway` returns and what `Client::ws_url` must hold.
    pub fn gateway_url(&self) -> String {
        format!("ws://{}", self.gateway_addr)
    }

    /// The configuration this stand-in runs with.
    pub fn config(&self) -> &StandInConfig {
        &self.shared.config
    }

    /// Waits until the bot has a live gateway session (IDENTIFY answered with
    /// READY, or RESUME answered with RESUMED).
    pub async fn wait_ready(&self, timeout: Duration) -> Result<(), String> {
        match self
            .wait_state(timeout, State::live_conn, |live| live.map(|_| ()))
            .await
        {
            Some(()) => Ok(()),
            None => Err(format!(
                "stand-in: no live gateway session within {timeout:?}; {:?}",
                self.gateway_stats()
            )),
        }
    }

    /// Sends a dispatch (op 0) named `event_name` with `data` to the bot.
    ///
    /// Waits up to [`StandInConfig::dispatch_wait`] for a live session. The
    /// event is logged in the session, so if the connection dies before the
    /// bot reads it, it is replayed when the bot RESUMEs (as Discord does).
    pub async fn dispatch(&self, event_name: &str, data: Value) -> Result<(), String> {
        let deadline = tokio::time::Instant::now() + self.shared.config.dispatch_wait;
        let mut data = data;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            self.wait_ready(left).await?;
            match self.try_dispatch(event_name, data) {
                Ok(()) => return Ok(()),
                // The session went away between the wait and the lock; the
                // next `wait_ready` sleeps until it is back (or the deadline).
                Err(returned) => data = returned,
            }
        }
    }

    /// Queues the dispatch on the live connection, or hands `data` back.
    fn try_dispatch(&self, event_name: &str, data: Value) -> Result<(), Value> {
        let mut state = self.shared.lock();
        let Some(live) = state.live_conn() else {
            return Err(data);
        };
        let tx = state.conns[&live].tx.clone();
        // The 3-second clock of an interaction starts when it is sent.
        if event_name == "INTERACTION_CREATE" {
            let token = data["token"].as_str().unwrap_or_default();
            if let Some(issued) = state.interactions.get_mut(token) {
                issued.sent_at = Instant::now();
            }
        }
        let Some(session) = state.session.as_mut() else {
            return Err(data);
        };
        // Sequencing and queueing happen under one lock so frames leave in
        // sequence order even when tests dispatch from several tasks.
        let text = session.push(event_name, data);
        // A send error only means the connection task is gone; the frame stays
        // in the session log and is replayed on RESUME.
        let _ = tx.send(Message::Text(text));
        Ok(())
    }

    /// Closes the live gateway connection abruptly: TCP is shut without a
    /// websocket close frame, so the bot sees an I/O or protocol error and must
    /// reconnect (serenity 0.12.5 RESUMEs). The session is kept, so a RESUME
    /// succeeds. Returns false if there was no connection to drop.
    pub async fn drop_gateway(&self) -> bool {
        let handle = {
            let mut state = self.shared.lock();
            let target = state.live.or_else(|| state.conns.keys().max().copied());
            let Some(id) = target else { return false };
            if state.live == Some(id) {
                state.live = None;
            }
            state.stats.live = false;
            state.conns.remove(&id)
        };
        self.shared.bump();
        let Some(mut handle) = handle else {
            return false;
        };
        handle.kill.notify_one();
        if let Some(done) = handle.done.take() {
            // The task drops its sender on exit; bounded in case it is stuck.
            let _ = tokio::time::timeout(DROP_WAIT, done).await;
        }
        true
    }

    /// Number of gateway websocket connections accepted so far.
    pub fn gateway_connections(&self) -> usize {
        self.shared.lock().stats.connections
    }

    /// Snapshot of the gateway counters.
    pub fn gateway_stats(&self) -> GatewayStats {
        self.shared.lock().stats
    }

    /// Waits until `pred` holds for the gateway counters; returns the last
    /// snapshot either way (`Err` on timeout).
    pub async fn wait_for_gateway(
        &self,
        pred: impl Fn(&GatewayStats) -> bool,
        timeout: Duration,
    ) -> Result<GatewayStats, GatewayStats> {
        match self
            .wait_state(timeout, |s| s.stats, |stats| pred(&stats).then_some(stats))
            .await
        {
            Some(stats) => Ok(stats),
            None => Err(self.gateway_stats()),
        }
    }

    /// The `[shard, total]` each IDENTIFY asked for, in arrival order (`None` for one that
    /// named no shard, as an unsharded client may).
    pub fn identified_shards(&self) -> Vec<Option<[u64; 2]>> {
        self.gateway_frames()
            .iter()
            .filter(|f| f.op == 2)
            .map(|f| {
                let shard = f.data.get("shard")?.as_array()?;
                Some([shard.first()?.as_u64()?, shard.get(1)?.as_u64()?])
            })
            .collect()
    }

    /// Everything the bot sent over the gateway, in arrival order.
    pub fn gateway_frames(&self) -> Vec<GatewayFrame> {
        self.shared.lock().frames.clone()
    }

    /// URL to use as the HTTP(S) proxy for every *non-loopback* destination of
    /// a test's HTTP client (e.g. `reqwest::Proxy::custom`). Anything routed
    /// here is refused with 403 and recorded as an egress attempt, so a stray
    /// `https://discord.com/...` call fails the test on loopback instead of
    /// reaching the network (and is not even resolved via DNS).
    pub fn egress_trap_url(&self) -> String {
        self.base_url()
    }

    /// Requests that tried to reach a host other than the stand-in through
    /// [`StandIn::egress_trap_url`]. A correct test setup leaves this empty.
    pub fn egress_attempts(&self) -> Vec<CapturedRequest> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.egress)
            .cloned()
            .collect()
    }

    /// The current fields (`content`, `embeds`, `components`, `flags`) of a
    /// message the bot posted in a channel, edits included.
    pub fn channel_message(&self, message_id: &str) -> Option<Value> {
        self.shared.lock().channel_messages.get(message_id).cloned()
    }

    /// Ids of the messages the bot posted in channels, oldest first.
    pub fn channel_message_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .shared
            .lock()
            .channel_messages
            .keys()
            .cloned()
            .collect();
        ids.sort_by_key(|id| id.parse::<u64>().unwrap_or(u64::MAX));
        ids
    }

    /// All REST requests received so far, in arrival order.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Returns the first request (already received or arriving within
    /// `timeout`) that matches `pred`.
    pub async fn wait_for_request(
        &self,
        pred: impl Fn(&CapturedRequest) -> bool,
        timeout: Duration,
    ) -> Option<CapturedRequest> {
        let mut seen = 0;
        self.wait_state(
            timeout,
            |s| new_requests(s, &mut seen),
            |fresh| fresh.into_iter().find(|r| pred(r)),
        )
        .await
    }

    /// Waits until at least `count` requests match `pred`, or `timeout`
    /// passes; returns all matching requests seen by then.
    pub async fn wait_for_requests(
        &self,
        pred: impl Fn(&CapturedRequest) -> bool,
        count: usize,
        timeout: Duration,
    ) -> Vec<CapturedRequest> {
        let mut seen = 0;
        let mut matched = Vec::new();
        // Whether the count was reached or not, `matched` holds what was seen.
        let _reached = self
            .wait_state(
                timeout,
                |s| new_requests(s, &mut seen),
                |fresh| {
                    matched.extend(fresh.into_iter().filter(|r| pred(r)));
                    (matched.len() >= count).then_some(())
                },
            )
            .await;
        matched
    }

    /// Marks `interaction` as POSTed to the bot's HTTP interactions endpoint:
    /// until [`StandIn::answered_over_http`] records the response, webhook
    /// calls (edits, follow-ups) for it wait, at most [`HTTP_ANSWER_WAIT`].
    pub fn sent_over_http(&self, interaction: &Value) {
        let token = interaction["token"].as_str().unwrap_or_default();
        if let Some(issued) = self.shared.lock().interactions.get_mut(token) {
            issued.pending_http = true;
            issued.sent_at = Instant::now();
        }
    }

    /// Records the bot's HTTP response to `interaction` (its content type and
    /// body: the interaction response JSON, or multipart with `payload_json`
    /// and files) as Discord would: as its callback, recorded as a
    /// `POST …/callback` request like the gateway's, so
    /// [`StandIn::wait_for_callback`] finds it either way.
    pub fn answered_over_http(&self, interaction: &Value, content_type: &str, raw: &[u8]) {
        let id = interaction["id"].as_str().unwrap_or_default().to_owned();
        let token = interaction["token"].as_str().unwrap_or_default().to_owned();
        let (body, multipart_parts) = parse_body(content_type, raw);
        let (status, _) = interaction_callback(&self.shared, &id, &token, body.as_ref());
        let mut state = self.shared.lock();
        if let Some(issued) = state.interactions.get_mut(&token) {
            issued.pending_http = false;
        }
        state.requests.push(CapturedRequest {
            method: "POST".into(),
            path: format!("/api/v10/interactions/{id}/{token}/callback"),
            query: None,
            headers: BTreeMap::from([("content-type".to_owned(), content_type.to_owned())]),
            body,
            multipart_parts,
            raw_body: raw.to_vec(),
            status: status.as_u16(),
            received_at: Instant::now(),
            egress: false,
        });
        drop(state);
        self.shared.bump();
    }

    /// Waits for the interaction callback of `interaction` (a payload built by
    /// one of the helpers below).
    pub async fn wait_for_callback(
        &self,
        interaction: &Value,
        timeout: Duration,
    ) -> Option<CapturedRequest> {
        self.wait_for_request(|r| r.is_callback_for(interaction), timeout)
            .await
    }

    /// A complete `APPLICATION_COMMAND` (type 2) interaction from a guild
    /// member, ready for `dispatch("INTERACTION_CREATE", ..)`.
    ///
    /// `options` is the `data.options` array as Discord sends it, e.g.
    /// `[{"name":"sub","type":1,"options":[{"name":"q","type":3,"value":"x"}]}]`.
    /// Sub-command options without `options` get an empty list, which serenity
    /// requires. Each call gets a fresh interaction id and token.
    pub fn slash_command(
        &self,
        command_id: u64,
        name: &str,
        options: Value,
        user_id: u64,
    ) -> Value {
        let data = json!({
            "id": command_id.to_string(),
            "name": name,
            "type": 1,
            "options": normalize_options(options),
        });
        self.interaction(2, data, user_id, None)
    }

    /// [`StandIn::slash_command`] sent by `from` (another server, other permissions or roles),
    /// with `resolved` data (e.g. attachments) when given.
    pub fn slash_command_from(
        &self,
        command_id: u64,
        name: &str,
        options: Value,
        user_id: u64,
        from: &Sender,
        resolved: Option<Value>,
    ) -> Value {
        let mut i = self.slash_command(command_id, name, options, user_id);
        from.apply(&mut i);
        if let Some(r) = resolved {
            i["data"]["resolved"] = r;
        }
        i
    }

    /// A complete `APPLICATION_COMMAND_AUTOCOMPLETE` (type 4) interaction.
    /// `options_with_focused` must mark the option being typed with
    /// `"focused": true` (its `value` is the partial input, a string).
    pub fn autocomplete(
        &self,
        command_id: u64,
        name: &str,
        options_with_focused: Value,
        user_id: u64,
    ) -> Value {
        let data = json!({
            "id": command_id.to_string(),
            "name": name,
            "type": 1,
            "options": normalize_options(options_with_focused),
        });
        self.interaction(4, data, user_id, None)
    }

    /// A complete `MESSAGE_COMPONENT` (type 3) interaction: a click on a button
    /// with `custom_id` on bot message `message_id` (the message carries that
    /// button). An `UpdateMessage` callback edits that message.
    pub fn component_click(&self, custom_id: &str, message_id: u64, user_id: u64) -> Value {
        let data = json!({ "custom_id": custom_id, "component_type": 2 });
        let fields = json!({
            "content": "original message",
            "components": [{
                "type": 1,
                "components": [{ "type": 2, "style": 1, "label": "Click", "custom_id": custom_id }],
            }],
        });
        self.interaction(3, data, user_id, Some((message_id.to_string(), fields)))
    }

    /// A complete bot-authored Message object (as returned by the REST API)
    /// in the configured channel, e.g. for `MESSAGE_CREATE` dispatches.
    pub fn message(&self, message_id: u64, content: &str) -> Value {
        self.shared
            .message_json(&message_id.to_string(), &json!({ "content": content }))
    }

    /// A complete user object (non-bot) for `user_id`.
    pub fn user(&self, user_id: u64) -> Value {
        user_json(user_id, &format!("user{user_id}"), false)
    }

    /// An HTTP client for the bot under test that can reach loopback only: `no_proxy()` keeps
    /// HTTP_PROXY and friends from carrying test traffic elsewhere, and every non-loopback URL is
    /// sent to this stand-in's egress trap, which refuses it and records it.
    pub fn loopback_only_client(&self) -> reqwest::Client {
        let trap = reqwest::Url::parse(&self.egress_trap_url()).expect("trap URL");
        reqwest::Client::builder()
            .no_proxy()
            .proxy(reqwest::Proxy::custom(move |url| {
                let loopback = url
                    .host_str()
                    .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
                    .and_then(|h| h.parse::<std::net::IpAddr>().ok())
                    .is_some_and(|ip| ip.is_loopback());
                (!loopback).then(|| trap.clone())
            }))
            .build()
            .expect("reqwest client")
    }

    /// A fresh, time-ordered snowflake id.
    pub fn snowflake(&self) -> u64 {
        self.shared.snowflake()
    }

    fn interaction(
        &self,
        kind: u64,
        data: Value,
        user_id: u64,
        message: Option<(String, Value)>,
    ) -> Value {
        let shared = &self.shared;
        let cfg = &shared.config;
        let id = shared.snowflake().to_string();
        // Unique, URL-safe, and recognisable in logs.
        let token = format!("standin-token-{id}");
        let mut payload = json!({
            "id": id,
            "application_id": cfg.application_id.to_string(),
            "type": kind,
            "data": data,
            "guild_id": cfg.guild_id.to_string(),
            "channel_id": cfg.channel_id.to_string(),
            "channel": {
                "id": cfg.channel_id.to_string(),
                "name": "general",
                "type": 0,
                "guild_id": cfg.guild_id.to_string(),
                "permissions": PERMISSIONS,
                "position": 0,
                "nsfw": false,
                "parent_id": null,
                "topic": null,
                "flags": 0,
                "rate_limit_per_user": 0,
                "last_message_id": null,
            },
            "member": {
                "user": user_json(user_id, &format!("user{user_id}"), false),
                "nick": null,
                "avatar": null,
                "banner": null,
                "roles": [],
                "joined_at": rfc3339(now_ms()),
                "premium_since": null,
                "deaf": false,
                "mute": false,
                "flags": 0,
                "pending": false,
                "permissions": PERMISSIONS,
                "communication_disabled_until": null,
                "unusual_dm_activity_until": null,
            },
            "token": token,
            "version": 1,
            "app_permissions": PERMISSIONS,
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": { "0": cfg.guild_id.to_string() },
            "context": 0,
            "attachment_size_limit": 10_485_760,
        });
        let (original_id, original) = match message {
            Some((message_id, fields)) => {
                payload["message"] = shared.message_json(&message_id, &fields);
                (message_id, Some(fields))
            }
            None => (shared.snowflake().to_string(), None),
        };
        shared.lock().interactions.insert(
            token,
            Issued {
                id,
                sent_at: Instant::now(),
                acknowledged: false,
                original_id,
                original,
                followups: HashMap::new(),
                pending_http: false,
            },
        );
        payload
    }

    /// On every state change, takes a `snapshot` under the lock and then runs
    /// `check` on it *outside* the lock (so caller predicates may call back
    /// into the stand-in), until `check` yields a value or the deadline
    /// passes. Never spins: it sleeps on the `watch` channel.
    async fn wait_state<S, T>(
        &self,
        timeout: Duration,
        mut snapshot: impl FnMut(&State) -> S,
        mut check: impl FnMut(S) -> Option<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut rx = self.shared.changed.subscribe();
        loop {
            // Mark the current version seen *before* checking, so a change
            // that lands after the check still wakes `changed()` below.
            rx.borrow_and_update();
            let taken = snapshot(&self.shared.lock());
            if let Some(found) = check(taken) {
                return Some(found);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                // Timed out, or the sender is gone (cannot happen while
                // `self` is alive, but never loop on it).
                _ => return None,
            }
        }
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        // Aborting the accept loops drops their JoinSets, which aborts every
        // connection task, so no listener or socket outlives the test.
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not turn every later assertion into a
        // poison panic; the state stays usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Snowflakes carry their creation time (bits 22+); bots may use it (e.g.
    /// to judge interaction age), so make them current and strictly increasing.
    fn snowflake(&self) -> u64 {
        let now = now_ms().saturating_sub(DISCORD_EPOCH_MS) << 22;
        let prev = self
            .last_snowflake
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |prev| {
                Some(prev.saturating_add(1).max(now))
            })
            .unwrap_or_else(|prev| prev);
        prev.saturating_add(1).max(now)
    }

    fn bot_user(&self) -> Value {
        let mut user = user_json(self.config.bot_user_id, &self.config.bot_name, true);
        user["verified"] = json!(true);
        user["mfa_enabled"] = json!(false);
        user
    }

    /// A full Message object that serenity's `Message` deserializes.
    fn message_json(&self, message_id: &str, fields: &Value) -> Value {
        let cfg = &self.config;
        let pick = |key: &str, default: Value| fields.get(key).cloned().unwrap_or(default);
        json!({
            "id": message_id,
            "channel_id": cfg.channel_id.to_string(),
            "guild_id": cfg.guild_id.to_string(),
            "author": self.bot_user(),
            "content": pick("content", json!("")),
            "timestamp": rfc3339(now_ms()),
            "edited_timestamp": null,
            "tts": pick("tts", json!(false)),
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "mention_channels": [],
            // Uploaded files are not echoed: the request's `attachments` use the
            // upload format, not the Attachment object format.
            "attachments": [],
            "embeds": pick("embeds", json!([])),
            "reactions": [],
            "pinned": false,
            "webhook_id": cfg.application_id.to_string(),
            "type": 20,
            "flags": pick("flags", json!(0)),
            "application_id": cfg.application_id.to_string(),
            "components": pick("components", json!([])),
            "sticker_items": [],
        })
    }

    fn ready_json(&self, session_id: &str, shard: Option<&Value>) -> Value {
        let cfg = &self.config;
        json!({
            "v": 10,
            "user": self.bot_user(),
            "guilds": [{ "id": cfg.guild_id.to_string(), "unavailable": true }],
            "session_id": session_id,
            // serenity 0.12.5 requires the field but reconnects to
            // `Client::ws_url` anyway; keep both on loopback.
            "resume_gateway_url": self.gateway_url,
            "shard": shard.cloned().unwrap_or(json!([0, 1])),
            "application": { "id": cfg.application_id.to_string(), "flags": 0 },
            "_trace": ["discord-standin"],
        })
    }
}

impl State {
    /// The connection a dispatch can go to right now: one holding a READY or
    /// RESUMED session that is still registered.
    fn live_conn(&self) -> Option<usize> {
        self.live
            .filter(|id| self.conns.contains_key(id) && self.session.is_some())
    }
}

impl Session {
    fn push(&mut self, event: &str, data: Value) -> String {
        self.seq += 1;
        let text = json!({ "op": 0, "s": self.seq, "t": event, "d": data }).to_string();
        if self.log.len() == SESSION_LOG_CAP {
            self.log.pop_front();
        }
        self.log.push_back((self.seq, text.clone()));
        text
    }
}

/// Requests that arrived since the last call (tracked by `seen`), so waiting
/// on a long capture list does not rescan or re-clone it each time.
fn new_requests(state: &State, seen: &mut usize) -> Vec<CapturedRequest> {
    let fresh = state.requests.get(*seen..).unwrap_or_default().to_vec();
    *seen = state.requests.len();
    fresh
}

// ---------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------

async fn gateway_accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut conns = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // e.g. EMFILE: back off instead of spinning on the error.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        while conns.try_join_next().is_some() {}
        // Frames leave as soon as they are queued, as Discord's do: with Nagle's algorithm on,
        // a small frame sent while the last burst (READY) is unacknowledged waits for the bot's
        // delayed ACK, about 40 ms, which timed the first command after a connect as that much
        // slower than the rest.
        let _ = stream.set_nodelay(true);
        if shared.config.refuse_gateway {
            drop(stream);
            shared.lock().stats.refused += 1;
            shared.bump();
            continue;
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let kill = Arc::new(Notify::new());
        let (done_tx, done_rx) = oneshot::channel();
        let id = {
            let mut state = shared.lock();
            state.stats.connections += 1;
            let id = state.stats.connections;
            state.conns.insert(
                id,
                ConnHandle {
                    tx: tx.clone(),
                    kill: Arc::clone(&kill),
                    done: Some(done_rx),
                },
            );
            id
        };
        shared.bump();
        let shared = Arc::clone(&shared);
        conns.spawn(async move {
            serve_gateway_conn(&shared, stream, id, tx, rx, kill).await;
            let mut state = shared.lock();
            state.conns.remove(&id);
            if state.live == Some(id) {
                state.live = None;
                state.stats.live = false;
            }
            drop(state);
            shared.bump();
            drop(done_tx);
        });
    }
}

async fn serve_gateway_conn(
    shared: &Shared,
    stream: TcpStream,
    conn: usize,
    tx: mpsc::UnboundedSender<Message>,
    mut rx: mpsc::UnboundedReceiver<Message>,
    kill: Arc<Notify>,
) {
    // A client that connects but never finishes the handshake must not make
    // `drop_gateway` wait: the kill signal applies here too.
    let handshake = tokio::select! {
        accepted = tokio_tungstenite::accept_async(stream) => accepted,
        () = kill.notified() => return,
    };
    let Ok(mut ws) = handshake else {
        return;
    };
    let hello = json!({
        "op": 10, "s": null, "t": null,
        "d": { "heartbeat_interval": shared.config.heartbeat_interval_ms },
    });
    if ws.send(Message::Text(hello.to_string())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            // Dropping `ws` on return closes TCP without a close frame: that is
            // the "abrupt" disconnect `drop_gateway` promises.
            () = kill.notified() => return,
            outgoing = rx.recv() => {
                let Some(msg) = outgoing else { return };
                if ws.send(msg).await.is_err() {
                    return;
                }
            }
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Text(text))) => handle_client_frame(shared, conn, &tx, &text),
                Some(Ok(Message::Binary(bytes))) => {
                    if let Ok(text) = String::from_utf8(bytes) {
                        handle_client_frame(shared, conn, &tx, &text);
                    }
                }
                Some(Ok(Message::Close(_))) => {
                    // tungstenite has queued the close reply; only a flush
                    // sends it (`close()` would fail with SendAfterClosing).
                    // serenity's shutdown waits for that reply, so send it
                    // and let the peer hang up first (bounded).
                    let _ = ws.flush().await;
                    let drain = async { while let Some(Ok(_)) = ws.next().await {} };
                    let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
                    return;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return,
            },
        }
    }
}

fn handle_client_frame(
    shared: &Shared,
    conn: usize,
    tx: &mpsc::UnboundedSender<Message>,
    text: &str,
) {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let op = frame["op"].as_u64().unwrap_or(u64::MAX);
    let data = frame.get("d").cloned().unwrap_or(Value::Null);
    let mut state = shared.lock();
    state.frames.push(GatewayFrame {
        connection: conn,
        op,
        data: data.clone(),
        received_at: Instant::now(),
    });
    // Replies go into this connection's queue (not straight to the socket) so
    // they keep their order relative to concurrently dispatched events.
    let send = |value: Value| {
        let _ = tx.send(Message::Text(value.to_string()));
    };
    match op {
        1 => {
            state.stats.heartbeats += 1;
            send(json!({ "op": 11, "s": null, "t": null, "d": null }));
        }
        2 => {
            state.stats.identifies += 1;
            state.sessions_created += 1;
            let session_id = format!("standin-session-{}", state.sessions_created);
            let ready = shared.ready_json(&session_id, data.get("shard"));
            let mut session = Session {
                id: session_id,
                seq: 0,
                log: VecDeque::new(),
            };
            let text = session.push("READY", ready);
            let _ = tx.send(Message::Text(text));
            state.session = Some(session);
            state.live = Some(conn);
            state.stats.live = true;
        }
        6 => {
            state.stats.resumes += 1;
            let wanted = data["session_id"].as_str().unwrap_or_default();
            let from = data["seq"].as_u64().unwrap_or(0);
            let resumable = state.session.as_ref().is_some_and(|s| {
                s.id == wanted
                    && from <= s.seq
                    // The log must still hold everything after `from`.
                    && s.log.front().is_none_or(|(first, _)| *first <= from + 1)
            });
            match state.session.as_mut() {
                Some(session) if resumable => {
                    for (_, text) in session.log.iter().filter(|(seq, _)| *seq > from) {
                        let _ = tx.send(Message::Text(text.clone()));
                    }
                    let text = session.push("RESUMED", json!({ "_trace": ["discord-standin"] }));
                    let _ = tx.send(Message::Text(text));
                    state.live = Some(conn);
                    state.stats.live = true;
                    state.stats.resumed += 1;
                }
                _ => send(json!({ "op": 9, "s": null, "t": null, "d": false })),
            }
        }
        // Presence updates, member chunk requests, etc.: recorded, no reply.
        _ => {}
    }
    drop(state);
    shared.bump();
}

// ---------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------

async fn rest_accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut conns = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        while conns.try_join_next().is_some() {}
        // As on the gateway: a response is not held back behind an unacknowledged one.
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        conns.spawn(async move {
            let service = service_fn(move |req| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(handle_rest(&shared, req).await) }
            });
            // reqwest keeps connections alive; the task ends when it hangs up
            // or when the stand-in is dropped (JoinSet abort).
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle_rest(shared: &Shared, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let received_at = Instant::now();
    let method = req.method().as_str().to_owned();
    // Origin-form (`/api/v10/...`) is an API call. A CONNECT or absolute-form
    // URI means a client used us as its HTTP proxy for another host: that is
    // traffic which would otherwise have left loopback.
    let egress = req.method() == hyper::Method::CONNECT || req.uri().authority().is_some();
    let path = if egress {
        req.uri().to_string()
    } else {
        req.uri().path().to_owned()
    };
    let query = req.uri().query().map(str::to_owned);
    let headers: BTreeMap<String, String> = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let raw_body = match req.into_body().collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    let content_type = headers
        .get("content-type")
        .map(String::as_str)
        .unwrap_or("");
    let (body, multipart_parts) = parse_body(content_type, &raw_body);

    if !egress {
        wait_for_http_answer(shared, &path).await;
    }
    let (status, answer) = if egress {
        error(StatusCode::FORBIDDEN, 0, "discord stand-in: egress blocked")
    } else {
        route(shared, &method, &path, body.as_ref())
    };

    // Record before answering: once the bot sees the response, the request is
    // guaranteed to be visible to `requests()` / `wait_for_request`.
    shared.lock().requests.push(CapturedRequest {
        method,
        path,
        query,
        headers,
        body,
        multipart_parts,
        raw_body,
        status: status.as_u16(),
        received_at,
        egress,
    });
    shared.bump();

    let mut response = Response::builder().status(status);
    let bytes = match answer {
        Some(value) => {
            response = response.header("content-type", "application/json");
            Bytes::from(value.to_string())
        }
        None => Bytes::new(),
    };
    response
        .body(Full::new(bytes))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

/// How long a webhook call waits for the HTTP answer of its interaction.
pub const HTTP_ANSWER_WAIT: Duration = Duration::from_secs(5);

/// A webhook call (`/webhooks/{app}/{token}…`) for an interaction whose HTTP
/// answer is not recorded yet waits for it, bounded by [`HTTP_ANSWER_WAIT`].
async fn wait_for_http_answer(shared: &Shared, path: &str) {
    let Some(rest) = path.strip_prefix("/api/v10/webhooks/") else {
        return;
    };
    let Some(token) = rest.split('/').nth(1).map(str::to_owned) else {
        return;
    };
    let deadline = tokio::time::Instant::now() + HTTP_ANSWER_WAIT;
    let mut rx = shared.changed.subscribe();
    loop {
        rx.borrow_and_update();
        let pending = shared
            .lock()
            .interactions
            .get(&token)
            .is_some_and(|i| i.pending_http);
        if !pending {
            return;
        }
        match tokio::time::timeout_at(deadline, rx.changed()).await {
            Ok(Ok(())) => {}
            _ => return,
        }
    }
}

fn error(status: StatusCode, code: u64, message: &str) -> (StatusCode, Option<Value>) {
    (status, Some(json!({ "message": message, "code": code })))
}

fn not_found() -> (StatusCode, Option<Value>) {
    error(StatusCode::NOT_FOUND, 0, "Unknown")
}

fn route(
    shared: &Shared,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (StatusCode, Option<Value>) {
    let Some(rest) = path.strip_prefix("/api/v10/") else {
        return not_found();
    };
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let cfg = &shared.config;
    let app = cfg.application_id.to_string();
    let ok = |value: Value| (StatusCode::OK, Some(value));
    match (method, segments.as_slice()) {
        ("GET", ["gateway"]) => ok(json!({ "url": shared.gateway_url })),
        ("GET", ["gateway", "bot"]) => ok(json!({
            "url": shared.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1,
            },
        })),
        ("GET", ["users", "@me"]) => ok(shared.bot_user()),
        ("GET", ["oauth2", "applications", "@me"]) => ok(json!({
            "id": app,
            "name": cfg.bot_name,
            "icon": null,
            "description": "",
            "rpc_origins": [],
            "bot_public": false,
            "bot_require_code_grant": false,
            "owner": user_json(cfg.bot_user_id.wrapping_add(1), "standin-owner", false),
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "team": null,
            "flags": 0,
            "bot": shared.bot_user(),
        })),
        (_, ["applications", a, ..]) if *a != app => not_found(),
        ("GET", ["applications", _, "commands"]) => ok(list_commands(shared, None)),
        ("GET", ["applications", _, "guilds", g, "commands"]) => ok(list_commands(shared, Some(g))),
        ("PUT", ["applications", _, "commands"]) => overwrite_commands(shared, None, body),
        ("PUT", ["applications", _, "guilds", g, "commands"]) => {
            overwrite_commands(shared, Some(g), body)
        }
        ("POST", ["applications", _, "commands"]) => upsert_command(shared, None, body),
        ("POST", ["applications", _, "guilds", g, "commands"]) => {
            upsert_command(shared, Some(g), body)
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            interaction_callback(shared, id, token, body)
        }
        (_, ["webhooks", a, ..]) if *a != app => {
            error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook")
        }
        ("POST", ["webhooks", _, token]) => create_followup(shared, token, body),
        (_, ["channels", c, ..]) if *c != cfg.channel_id.to_string() => {
            error(StatusCode::NOT_FOUND, 10003, "Unknown Channel")
        }
        ("POST", ["channels", _, "messages"]) => create_channel_message(shared, body),
        (_, ["channels", _, "messages", message]) => channel_message(shared, method, message, body),
        (_, ["webhooks", _, token, "messages", message]) => {
            webhook_message(shared, method, token, message, body)
        }
        _ => not_found(),
    }
}

fn list_commands(shared: &Shared, guild: Option<&str>) -> Value {
    let state = shared.lock();
    let scope = guild.map(str::to_owned);
    Value::Array(
        state
            .commands
            .get(&scope)
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default(),
    )
}

/// Fills in the fields Discord adds to a stored command (serenity's `Command`
/// requires `id`, `application_id`, `version`, `type`, `description`).
fn complete_command(shared: &Shared, guild: Option<&str>, input: &Value, id: String) -> Value {
    let mut command = input.as_object().cloned().unwrap_or_default();
    command.insert("id".into(), json!(id));
    command.insert(
        "application_id".into(),
        json!(shared.config.application_id.to_string()),
    );
    command.insert("version".into(), json!(shared.snowflake().to_string()));
    command.entry("type").or_insert(json!(1));
    command.entry("description").or_insert(json!(""));
    command.entry("options").or_insert(json!([]));
    command
        .entry("default_member_permissions")
        .or_insert(Value::Null);
    command.entry("nsfw").or_insert(json!(false));
    if let Some(g) = guild {
        command.insert("guild_id".into(), json!(g));
    }
    Value::Object(command)
}

fn overwrite_commands(
    shared: &Shared,
    guild: Option<&str>,
    body: Option<&Value>,
) -> (StatusCode, Option<Value>) {
    let Some(Value::Array(inputs)) = body else {
        return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
    };
    let scope = guild.map(str::to_owned);
    let previous = shared
        .lock()
        .commands
        .get(&scope)
        .cloned()
        .unwrap_or_default();
    let mut stored = BTreeMap::new();
    let mut answer = Vec::new();
    for input in inputs {
        let Some(name) = input["name"].as_str() else {
            return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
        };
        let id = previous
            .get(name)
            .and_then(|c| c["id"].as_str().map(str::to_owned))
            .unwrap_or_else(|| shared.snowflake().to_string());
        let command = complete_command(shared, guild, input, id);
        stored.insert(name.to_owned(), command.clone());
        answer.push(command);
    }
    shared.lock().commands.insert(scope, stored);
    (StatusCode::OK, Some(Value::Array(answer)))
}

fn upsert_command(
    shared: &Shared,
    guild: Option<&str>,
    body: Option<&Value>,
) -> (StatusCode, Option<Value>) {
    let Some(name) = body.and_then(|b| b["name"].as_str()) else {
        return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
    };
    let scope = guild.map(str::to_owned);
    let existing = shared
        .lock()
        .commands
        .get(&scope)
        .and_then(|m| m.get(name))
        .and_then(|c| c["id"].as_str().map(str::to_owned));
    let status = if existing.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let id = existing.unwrap_or_else(|| shared.snowflake().to_string());
    let command = complete_command(shared, guild, body.unwrap_or(&Value::Null), id);
    shared
        .lock()
        .commands
        .entry(scope)
        .or_default()
        .insert(name.to_owned(), command.clone());
    (status, Some(command))
}

/// Merges the message fields of an interaction response `data` into `into`.
fn merge_message_fields(into: &mut Value, data: Option<&Value>) {
    if !into.is_object() {
        *into = json!({});
    }
    if let (Some(target), Some(Value::Object(source))) = (into.as_object_mut(), data) {
        for key in ["content", "embeds", "components", "flags", "tts"] {
            if let Some(value) = source.get(key) {
                target.insert(key.to_owned(), value.clone());
            }
        }
    }
}

fn interaction_callback(
    shared: &Shared,
    id: &str,
    token: &str,
    body: Option<&Value>,
) -> (StatusCode, Option<Value>) {
    let mut state = shared.lock();
    let Some(issued) = state.interactions.get_mut(token).filter(|i| i.id == id) else {
        return error(StatusCode::NOT_FOUND, 10062, "Unknown interaction");
    };
    if issued.acknowledged {
        return error(
            StatusCode::BAD_REQUEST,
            40060,
            "Interaction has already been acknowledged.",
        );
    }
    if let Some(deadline) = shared.config.interaction_deadline {
        if issued.sent_at.elapsed() > deadline {
            return error(StatusCode::NOT_FOUND, 10062, "Unknown interaction");
        }
    }
    let Some(kind) = body.and_then(|b| b["type"].as_u64()) else {
        return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
    };
    issued.acknowledged = true;
    let data = body.and_then(|b| b.get("data"));
    match kind {
        // CHANNEL_MESSAGE_WITH_SOURCE creates the original response message.
        4 => {
            let mut fields = json!({});
            merge_message_fields(&mut fields, data);
            issued.original = Some(fields);
        }
        // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: an empty "thinking" message.
        5 => issued.original = Some(json!({ "content": "" })),
        // UPDATE_MESSAGE edits the message the component was on.
        7 => merge_message_fields(issued.original.get_or_insert_with(|| json!({})), data),
        // 6 (deferred update), 8 (autocomplete), 9 (modal): no message change.
        _ => {}
    }
    (StatusCode::NO_CONTENT, None)
}

fn create_channel_message(shared: &Shared, body: Option<&Value>) -> (StatusCode, Option<Value>) {
    let Some(body) = body.filter(|b| b.is_object()) else {
        return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
    };
    let message_id = shared.snowflake().to_string();
    let mut fields = json!({});
    merge_message_fields(&mut fields, Some(body));
    shared
        .lock()
        .channel_messages
        .insert(message_id.clone(), fields.clone());
    (
        StatusCode::OK,
        Some(shared.message_json(&message_id, &fields)),
    )
}

fn channel_message(
    shared: &Shared,
    method: &str,
    message: &str,
    body: Option<&Value>,
) -> (StatusCode, Option<Value>) {
    let mut state = shared.lock();
    let Some(fields) = state.channel_messages.get_mut(message) else {
        return error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
    };
    match method {
        "GET" => {}
        "PATCH" => merge_message_fields(fields, body),
        "DELETE" => {
            state.channel_messages.remove(message);
            return (StatusCode::NO_CONTENT, None);
        }
        _ => return error(StatusCode::METHOD_NOT_ALLOWED, 0, "405: Method Not Allowed"),
    }
    let fields = fields.clone();
    drop(state);
    (StatusCode::OK, Some(shared.message_json(message, &fields)))
}

fn create_followup(
    shared: &Shared,
    token: &str,
    body: Option<&Value>,
) -> (StatusCode, Option<Value>) {
    let message_id = shared.snowflake().to_string();
    let mut state = shared.lock();
    let Some(issued) = state.interactions.get_mut(token) else {
        return error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
    };
    if !issued.acknowledged {
        return error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
    }
    let mut fields = json!({});
    merge_message_fields(&mut fields, body);
    issued.followups.insert(message_id.clone(), fields.clone());
    drop(state);
    (
        StatusCode::OK,
        Some(shared.message_json(&message_id, &fields)),
    )
}

fn webhook_message(
    shared: &Shared,
    method: &str,
    token: &str,
    message: &str,
    body: Option<&Value>,
) -> (StatusCode, Option<Value>) {
    let mut state = shared.lock();
    let Some(issued) = state.interactions.get_mut(token) else {
        return error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
    };
    let unknown_message = || error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
    let (message_id, fields) = if message == "@original" {
        let id = issued.original_id.clone();
        match issued.original.as_mut() {
            Some(fields) => (id, fields),
            None => return unknown_message(),
        }
    } else {
        match issued.followups.get_mut(message) {
            Some(fields) => (message.to_owned(), fields),
            None => return unknown_message(),
        }
    };
    match method {
        "GET" => {}
        "PATCH" => merge_message_fields(fields, body),
        "DELETE" => {
            if message == "@original" {
                issued.original = None;
            } else {
                issued.followups.remove(message);
            }
            return (StatusCode::NO_CONTENT, None);
        }
        _ => return error(StatusCode::METHOD_NOT_ALLOWED, 0, "405: Method Not Allowed"),
    }
    let fields = fields.clone();
    drop(state);
    (
        StatusCode::OK,
        Some(shared.message_json(&message_id, &fields)),
    )
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn user_json(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": null,
        "bot": bot,
        "system": false,
        "banner": null,
        "accent_color": null,
        "public_flags": 0,
        "flags": 0,
    })
}

/// serenity rejects a sub-command / sub-command group option (types 1 and 2)
/// that has no `options` array, even though Discord omits it when empty.
fn normalize_options(options: Value) -> Value {
    match options {
        Value::Array(items) => Value::Array(items.into_iter().map(normalize_option).collect()),
        Value::Null => json!([]),
        other => other,
    }
}

fn normalize_option(option: Value) -> Value {
    let Value::Object(mut map) = option else {
        return option;
    };
    let is_group = matches!(map.get("type").and_then(Value::as_u64), Some(1 | 2));
    match map.remove("options") {
        Some(inner) => {
            map.insert("options".into(), normalize_options(inner));
        }
        None if is_group => {
            map.insert("options".into(), json!([]));
        }
        None => {}
    }
    Value::Object(map)
}

/// Returns the JSON body and the multipart part names. For multipart bodies
/// (serenity uses them whenever files are attached) the JSON lives in the
/// `payload_json` part.
fn parse_body(content_type: &str, raw: &[u8]) -> (Option<Value>, Vec<String>) {
    if raw.is_empty() {
        return (None, Vec::new());
    }
    match boundary_of(content_type) {
        Some(boundary) if content_type.starts_with("multipart/") => {
            let parts = multipart_parts(raw, boundary);
            let json = parts
                .iter()
                .find(|(name, _)| name == "payload_json")
                .and_then(|(_, content)| serde_json::from_slice(content).ok());
            (json, parts.into_iter().map(|(name, _)| name).collect())
        }
        _ => (serde_json::from_slice(raw).ok(), Vec::new()),
    }
}

/// The boundary of a `multipart/…` content type.
fn boundary_of(content_type: &str) -> Option<&str> {
    if !content_type.starts_with("multipart/") {
        return None;
    }
    content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
}

/// Minimal multipart/form-data splitter: enough for reqwest's well-formed
/// output, not a general parser.
fn multipart_parts<'a>(raw: &'a [u8], boundary: &str) -> Vec<(String, &'a [u8])> {
    multipart_parts_with_heads(raw, boundary)
        .into_iter()
        .map(|(head, content)| {
            let name = head
                .split(';')
                .map(str::trim)
                .find_map(|p| p.strip_prefix("name="))
                .map(|n| n.trim_matches('"').to_owned())
                .unwrap_or_default();
            (name, content)
        })
        .collect()
}

/// Each part's headers (as text) and content.
fn multipart_parts_with_heads<'a>(raw: &'a [u8], boundary: &str) -> Vec<(String, &'a [u8])> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    for chunk in split_bytes(raw, delimiter.as_bytes()).into_iter().skip(1) {
        if chunk.starts_with(b"--") {
            break; // closing delimiter
        }
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let Some(split) = find(chunk, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&chunk[..split]).into_owned();
        let content = &chunk[split + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        parts.push((head, content));
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut raw: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(at) = find(raw, delimiter) {
        out.push(&raw[..at]);
        raw = &raw[at + delimiter.len()..];
    }
    out.push(raw);
    out
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Formats Unix milliseconds as RFC 3339 UTC the way Discord does
/// (`2024-05-01T12:00:00.000000+00:00`), without a date-time crate.
fn rfc3339(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, sod) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}000+00:00",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)] // benches build this file without running its tests
    use super::*;

    #[test]
    fn rfc3339_known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000000+00:00");
        assert_eq!(
            rfc3339(DISCORD_EPOCH_MS),
            "2015-01-01T00:00:00.000000+00:00"
        );
        assert_eq!(rfc3339(951_782_400_123), "2000-02-29T00:00:00.123000+00:00");
    }

    #[test]
    fn multipart_payload_json_is_extracted() {
        let raw = b"--XX\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\r\nhello\r\n--XX\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{\"type\":4}\r\n--XX--\r\n";
        let (body, parts) = parse_body("multipart/form-data; boundary=XX", raw);
        assert_eq!(body, Some(json!({ "type": 4 })));
        assert_eq!(
            parts,
            vec!["files[0]".to_owned(), "payload_json".to_owned()]
        );
    }

    #[test]
    fn uploaded_files_keep_their_names_and_bytes() {
        let raw = b"--XX\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"t.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\x00\r\n--XX\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{}\r\n--XX--\r\n";
        let request = CapturedRequest {
            method: "POST".into(),
            path: "/".into(),
            query: None,
            headers: [(
                "content-type".to_owned(),
                "multipart/form-data; boundary=XX".to_owned(),
            )]
            .into_iter()
            .collect(),
            body: None,
            multipart_parts: Vec::new(),
            raw_body: raw.to_vec(),
            status: 200,
            received_at: Instant::now(),
            egress: false,
        };
        let files = request.files();
        assert_eq!(files.len(), 1, "the JSON part is not a file");
        assert_eq!(
            (files[0].part.as_str(), files[0].filename.as_str()),
            ("files[0]", "t.png")
        );
        assert_eq!(files[0].bytes, b"\x89PNG\r\n\x1a\n\x00");
    }

    #[test]
    fn sub_commands_get_options() {
        let opts = normalize_options(
            json!([{ "name": "a", "type": 1 }, { "name": "b", "type": 3, "value": "x" }]),
        );
        assert_eq!(opts[0]["options"], json!([]));
        assert!(opts[1].get("options").is_none());
    }
}
