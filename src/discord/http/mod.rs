//! Discord's HTTP interactions endpoint: `treatybot serve --http ADDR` (or `discord.http_listen`).
//! Discord POSTs each interaction here instead of sending it over a gateway connection, so any
//! number of identical processes can answer behind a load balancer.
//!
//! Every POST is checked before anything is read out of it: the signature headers and a fresh
//! timestamp (401), a body within [`MAX_BODY`] read within [`BODY_WITHIN`] (413, 408), the Ed25519
//! signature over timestamp‖body (401); only then is the JSON parsed. A PING gets its PONG; any
//! other interaction goes to the same dispatch as the gateway's ([`super::handler::Handler`])
//! with a [`Reply`] whose first response becomes this request's body. A dispatch that has not
//! answered within [`ANSWER_WITHIN`] is deferred here and its answer sent by REST when it comes,
//! so Discord's 3 s are never missed. `GET /healthz` is served on the same port ([`health`]).

pub mod health;
pub mod verify;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{header, Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serenity::all::{Http, Interaction};
use serenity::interactions_endpoint::Verifier;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

use super::handler::Handler;
use super::quiz::QuizHub;
use super::reply::{Initial, Reply, SentInstead};
use super::DiscordError;
use crate::config::Settings;
use crate::engine::Engine;
use crate::quiz::QuizStore;

/// The largest interaction body read. Discord's are a few kilobytes (a button click carries its
/// message: ten embeds within Discord's 6,000 characters, and components).
pub const MAX_BODY: usize = 128 * 1024;

/// How long a caller has to send a request's headers, and then its body.
pub const HEADERS_WITHIN: Duration = Duration::from_secs(5);
/// See [`HEADERS_WITHIN`].
pub const BODY_WITHIN: Duration = Duration::from_secs(2);

/// How long a dispatch may take to give its first response before this endpoint defers (or, for
/// autocomplete, answers with no choices). Discord waits 3 s; the handler defers slow answers
/// itself at 1.5 s, so this is the net under store calls that hang.
pub const ANSWER_WITHIN: Duration = Duration::from_millis(2500);

/// Connections served at once; further ones wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 1024;

/// How long open connections get to finish when the endpoint stops.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// The interactions endpoint, listening; answering interactions once [`Endpoint::ready`].
pub struct Endpoint {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    accepting: tokio::task::JoinHandle<()>,
}

struct Shared {
    verifier: Verifier,
    health: health::Checker,
    ready: OnceLock<Ready>,
}

/// What answering needs, set once the index is open.
struct Ready {
    handler: Arc<Handler>,
    http: Arc<Http>,
    quizzes: Arc<QuizHub>,
}

impl Endpoint {
    /// Binds `discord.http_listen` and starts serving: `/healthz` says 503 and interactions get
    /// 503 until [`Endpoint::ready`]. Binding first lets a balancer see the process while its
    /// index opens, and a port in use stop it at once.
    pub async fn start(
        settings: &Settings,
        store: Arc<dyn QuizStore>,
    ) -> Result<Endpoint, DiscordError> {
        let addr = settings
            .discord
            .http_listen
            .ok_or(DiscordError::NoListenAddress)?;
        let key = settings
            .discord
            .public_key
            .ok_or(DiscordError::MissingPublicKey)?;
        let verifier = Verifier::try_new(key.0).map_err(|_| DiscordError::MissingPublicKey)?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| DiscordError::Listen(addr, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| DiscordError::Listen(addr, e))?;
        let shared = Arc::new(Shared {
            verifier,
            health: health::Checker::new(store),
            ready: OnceLock::new(),
        });
        let (stop, stopped) = watch::channel(false);
        let accepting = tokio::spawn(accept(listener, Arc::clone(&shared), stopped));
        tracing::info!(%addr, "serving the interactions endpoint");
        Ok(Endpoint {
            addr,
            shared,
            stop,
            accepting,
        })
    }

    /// The address it listens on (the port chosen when `:0` was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Starts answering interactions from `engine`, with the same dispatch, REST client and
    /// quizzes the gateway would use; registers the commands and closes interrupted quizzes.
    /// `http_client` replaces serenity's HTTP client (tests use one that reaches loopback only).
    pub async fn ready(
        &self,
        settings: &Settings,
        engine: Arc<Engine>,
        store: Arc<dyn QuizStore>,
        http_client: Option<reqwest::Client>,
    ) -> Result<(), DiscordError> {
        let (http, handler, quizzes) =
            super::dispatch_parts(settings, engine, store, http_client).await?;
        let (http, handler) = (Arc::new(http), Arc::new(handler));
        {
            let (handler, http) = (Arc::clone(&handler), Arc::clone(&http));
            tokio::spawn(async move { handler.started(&Reply::callback(http)).await });
        }
        let ready = Ready {
            handler,
            http,
            quizzes,
        };
        if self.shared.ready.set(ready).is_err() {
            tracing::warn!("the interactions endpoint was made ready twice; kept the first");
        }
        Ok(())
    }

    /// Runs until `shutdown` completes, then stops: no new connection, open ones get a moment.
    pub async fn run_until(self, shutdown: impl std::future::Future<Output = ()>) {
        shutdown.await;
        tracing::info!("shutting down");
        self.stop().await;
    }

    /// Stops listening and closes the connections (after [`STOP_GRACE`]); quiz timers stop with
    /// it, their quizzes closed at the next start.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.accepting.await;
        if let Some(ready) = self.shared.ready.get() {
            ready.quizzes.shutdown();
        }
    }
}

/// Accepts connections until told to stop, at most [`MAX_CONNECTIONS`] at a time.
async fn accept(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = JoinSet::new();
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            _ = stop.changed() => break,
        };
        let Ok(slot) = slot else { break };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        // Finished connections are collected as we go, so the set stays as large as what is open.
        while connections.try_join_next().is_some() {}
        let shared = Arc::clone(&shared);
        connections.spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |req| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(shared.handle(req).await) }
            });
            let served = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADERS_WITHIN)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            if let Err(e) = served {
                tracing::debug!(error = %e, "a connection ended with an error");
            }
        });
    }
    drop(listener);
    let closing = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(STOP_GRACE, closing).await.is_err() {
        connections.abort_all();
    }
}

type Answer = Response<Full<Bytes>>;

impl Shared {
    async fn handle(&self, req: Request<Incoming>) -> Answer {
        match (req.method(), req.uri().path()) {
            (&Method::GET, "/healthz") => {
                let (status, body) = self
                    .health
                    .check(self.ready.get().is_some())
                    .await
                    .response();
                json(status, &body)
            }
            (&Method::POST, "/" | "/interactions") => self.interaction(req).await,
            (_, "/" | "/interactions" | "/healthz") => {
                short(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
            }
            _ => short(StatusCode::NOT_FOUND, "not found"),
        }
    }

    /// One POST from Discord: checked, parsed, answered (see the module documentation).
    async fn interaction(&self, req: Request<Incoming>) -> Answer {
        let (signature, timestamp) = match verify::headers(req.headers()) {
            Ok(h) => h,
            Err(why) => return unauthorized(why),
        };
        if let Err(why) = verify::fresh(&timestamp, verify::now()) {
            return unauthorized(why);
        }
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY as u64) {
            return too_large();
        }
        let body = Limited::new(req.into_body(), MAX_BODY).collect();
        let body = match tokio::time::timeout(BODY_WITHIN, body).await {
            Ok(Ok(b)) => b.to_bytes(),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return too_large(),
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "could not read a request body");
                return short(StatusCode::BAD_REQUEST, "unreadable body");
            }
            Err(_) => return short(StatusCode::REQUEST_TIMEOUT, "body too slow"),
        };
        if let Err(why) = verify::signed(&self.verifier, &signature, &timestamp, &body) {
            return unauthorized(why);
        }
        // Signed by Discord: only now is anything read out of it.
        let interaction: Interaction = match serde_json::from_slice(&body) {
            Ok(i) => i,
            Err(e) => {
                tracing::warn!(error = %e, "a signed interaction did not parse");
                return short(StatusCode::BAD_REQUEST, "not an interaction");
            }
        };
        if let Interaction::Ping(_) = interaction {
            return json(StatusCode::OK, &serde_json::json!({ "type": 1 }));
        }
        let Some(ready) = self.ready.get() else {
            return short(StatusCode::SERVICE_UNAVAILABLE, "starting");
        };
        dispatch(ready, interaction).await
    }
}

/// Hands an interaction to the shared dispatch and answers with its first response, or defers
/// when it takes longer than [`ANSWER_WITHIN`].
async fn dispatch(ready: &Ready, interaction: Interaction) -> Answer {
    let instead = match &interaction {
        Interaction::Autocomplete(_) => SentInstead::NoChoices,
        Interaction::Component(_) | Interaction::Modal(_) => SentInstead::DeferredUpdate,
        _ => SentInstead::DeferredMessage,
    };
    let application = match &interaction {
        Interaction::Command(i) | Interaction::Autocomplete(i) => Some(i.application_id),
        Interaction::Component(i) => Some(i.application_id),
        Interaction::Modal(i) => Some(i.application_id),
        Interaction::Ping(i) => Some(i.application_id),
        _ => None,
    };
    if let (None, Some(id)) = (ready.http.application_id(), application) {
        ready.http.set_application_id(id);
    }
    let (reply, mut waiting) = Reply::body(Arc::clone(&ready.http));
    let handler = Arc::clone(&ready.handler);
    // Its own task: the work (a quiz start, a deferred answer) goes on if Discord hangs up.
    tokio::spawn(async move { handler.dispatch(&reply, interaction).await });
    match tokio::time::timeout(ANSWER_WITHIN, waiting.answer()).await {
        Ok(Some(initial)) => body_of(initial),
        Ok(None) => short(
            StatusCode::BAD_REQUEST,
            "not an interaction treatybot answers",
        ),
        Err(_) => match waiting.give_up(instead) {
            // It came in the very moment the wait ended.
            Some(initial) => body_of(initial),
            None => {
                tracing::warn!(
                    ?instead,
                    "an interaction was not answered in time; deferred"
                );
                let kind = match instead {
                    SentInstead::DeferredMessage => serde_json::json!({ "type": 5 }),
                    SentInstead::DeferredUpdate => serde_json::json!({ "type": 6 }),
                    SentInstead::NoChoices => {
                        serde_json::json!({ "type": 8, "data": { "choices": [] } })
                    }
                };
                json(StatusCode::OK, &kind)
            }
        },
    }
}

/// A first response as Discord takes it: JSON, or multipart with `payload_json` and the files.
fn body_of(initial: Initial) -> Answer {
    if initial.files.is_empty() {
        return json(StatusCode::OK, &initial.json);
    }
    let boundary = "treatybot-interaction-response";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\
             Content-Type: application/json\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(initial.json.to_string().as_bytes());
    for (i, file) in initial.files.iter().enumerate() {
        // Our own file names; quotes and line breaks could still not go in a header.
        let name: String = file
            .filename
            .chars()
            .filter(|c| !matches!(c, '"' | '\r' | '\n' | '\\'))
            .collect();
        body.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files[{i}]\"; \
                 filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&file.data);
    }
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Response::builder()
        .status(StatusCode::OK)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn json(status: StatusCode, value: &serde_json::Value) -> Answer {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(value.to_string())))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn short(status: StatusCode, text: &'static str) -> Answer {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Full::new(Bytes::from_static(text.as_bytes())))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn unauthorized(why: verify::Unsigned) -> Answer {
    tracing::debug!(why = why.as_str(), "refused an unsigned request");
    short(StatusCode::UNAUTHORIZED, "invalid request signature")
}

fn too_large() -> Answer {
    short(StatusCode::PAYLOAD_TOO_LARGE, "body too large")
}
