//! Reading list changes under way in one bot: which servers have one, how many in all, and
//! the one write lock. Pages from different servers are fetched and read at the same time; only
//! writing to the index waits its turn. A server's second change, or one past the bound, is
//! refused at once rather than queued, so nothing piles up behind a slow page.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use super::reading_list::{read, remove, write, Added, Addition, Removed};
use super::shared_list::Replica;
use crate::engine::{Engine, ServerId};

/// Reading list changes in one bot: each server one change at a time (a second is refused at
/// once, not queued), at most `max_in_flight` in all, and writes one at a time, while pages
/// from different servers are read at the same time.
pub struct Changes {
    running: Mutex<HashSet<ServerId>>,
    max_in_flight: usize,
    writing: Mutex<()>,
    /// The shared reading lists' replica, when the store keeps them (PostgreSQL).
    shared: Option<Arc<Replica>>,
}

/// Why a change could not start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotNow {
    /// This server's previous change is still running.
    ServerBusy,
    /// The bot is running as many changes as it takes.
    BotBusy,
}

/// One server's change in progress; the server may start another once it is dropped.
pub struct Turn {
    changes: Arc<Changes>,
    server: ServerId,
}

impl Changes {
    /// No change running; at most `max_in_flight` at once; changes written to the local
    /// journal, or through `shared` when given.
    pub fn new(max_in_flight: usize, shared: Option<Arc<Replica>>) -> Arc<Changes> {
        Arc::new(Changes {
            running: Mutex::default(),
            max_in_flight: max_in_flight.max(1),
            writing: Mutex::default(),
            shared,
        })
    }

    /// Starts a change for `server`, or says why not now.
    pub fn begin(self: &Arc<Self>, server: ServerId) -> Result<Turn, NotNow> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.contains(&server) {
            return Err(NotNow::ServerBusy);
        }
        if running.len() >= self.max_in_flight {
            return Err(NotNow::BotBusy);
        }
        running.insert(server);
        Ok(Turn {
            changes: Arc::clone(self),
            server,
        })
    }
}

impl Turn {
    /// Adds `addition`: read alongside other servers' changes, written one at a time.
    /// Blocking.
    pub fn add(&self, engine: &Engine, addition: &Addition) -> Added {
        match read(engine.settings(), self.server, addition) {
            Ok(page) => self
                .write_alone(|| write(engine, self.server, page, self.changes.shared.as_deref())),
            Err(why) => Added::Refused(why),
        }
    }

    /// Removes one of the server's articles, one write at a time. Blocking.
    pub fn remove(&self, engine: &Engine, typed: &str) -> Removed {
        self.write_alone(|| remove(engine, self.server, typed, self.changes.shared.as_deref()))
    }

    fn write_alone<T>(&self, f: impl FnOnce() -> T) -> T {
        let _alone = self
            .changes
            .writing
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        f()
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut running = self
            .changes
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        running.remove(&self.server);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_change_per_server_and_a_bound_in_all() {
        let changes = Changes::new(2, None);
        let a = changes
            .begin(ServerId(1))
            .expect("first change of server 1");
        assert_eq!(changes.begin(ServerId(1)).err(), Some(NotNow::ServerBusy));
        let b = changes
            .begin(ServerId(2))
            .expect("another server at the same time");
        assert_eq!(changes.begin(ServerId(3)).err(), Some(NotNow::BotBusy));
        drop(a);
        let again = changes
            .begin(ServerId(1))
            .expect("server 1 again once its change ended");
        drop((b, again));
        assert!(changes.begin(ServerId(3)).is_ok());
    }
}
