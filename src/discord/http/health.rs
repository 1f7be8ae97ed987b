//! `GET /healthz`: 200 when the index is open and the quiz store answers, else 503 with a short
//! reason a load balancer's log can show (nothing of the host: no path, pid or address).

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::quiz::QuizStore;

/// How long the store gets to answer a health check. Below Discord's 3 s, so a balancer that
/// checks often still sees a store that is too slow to answer commands.
const STORE_WITHIN: Duration = Duration::from_secs(2);

/// How long one check's result is reused: many balancers checking at once cost one store call.
const REUSE_FOR: Duration = Duration::from_secs(1);

/// The outcome of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// Index open, store answering.
    Ok,
    /// Not ready or not working, and why, in a few words.
    Unavailable(&'static str),
}

impl Health {
    /// The response's status code and JSON body.
    pub fn response(&self) -> (hyper::StatusCode, serde_json::Value) {
        match self {
            Health::Ok => (
                hyper::StatusCode::OK,
                serde_json::json!({ "status": "ok", "index": "open", "store": "reachable" }),
            ),
            Health::Unavailable(why) => (
                hyper::StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({ "status": "unavailable", "reason": why }),
            ),
        }
    }
}

/// Checks the store at most once a [`REUSE_FOR`], one check at a time.
pub struct Checker {
    store: Arc<dyn QuizStore>,
    last: tokio::sync::Mutex<Option<(Instant, Health)>>,
}

impl Checker {
    /// A checker of `store`.
    pub fn new(store: Arc<dyn QuizStore>) -> Checker {
        Checker {
            store,
            last: tokio::sync::Mutex::new(None),
        }
    }

    /// The health, given whether the index is open yet.
    pub async fn check(&self, index_open: bool) -> Health {
        if !index_open {
            return Health::Unavailable("the index is opening");
        }
        let mut last = self.last.lock().await;
        if let Some((at, health)) = last.as_ref() {
            if at.elapsed() < REUSE_FOR {
                return health.clone();
            }
        }
        let health = self.store_answers().await;
        *last = Some((Instant::now(), health.clone()));
        health
    }

    /// One cheap read on the blocking pool (the store's calls block), bounded in time.
    async fn store_answers(&self) -> Health {
        let store = Arc::clone(&self.store);
        let read = tokio::task::spawn_blocking(move || store.player(0, 0));
        match tokio::time::timeout(STORE_WITHIN, read).await {
            Ok(Ok(Ok(_))) => Health::Ok,
            Ok(Ok(Err(e))) => {
                tracing::warn!(error = %e, "health check: the quiz store failed");
                Health::Unavailable("the quiz store is unreachable")
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, "health check: the store call panicked");
                Health::Unavailable("the quiz store is unreachable")
            }
            Err(_) => Health::Unavailable("the quiz store does not answer in time"),
        }
    }
}
