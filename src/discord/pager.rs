//! Pages of recent answers, kept a while so Prev/Next buttons can turn them.
//!
//! Bounded in size and age: an old button finds nothing and the user is told to run the command
//! again, instead of an error.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::render::Page;

/// How long pages stay turnable.
pub const PAGE_TTL: Duration = Duration::from_secs(30 * 60);
/// How many answers are kept at most; the oldest go first.
const CAPACITY: usize = 1000;

/// The button custom-id prefix for page turns.
pub const PREFIX: &str = "tb:pg:";

struct Entry {
    pages: Vec<Page>,
    at: Instant,
}

/// Recently paged answers by id.
pub struct Pager {
    inner: Mutex<Inner>,
    ttl: Duration,
}

struct Inner {
    next_id: u64,
    entries: HashMap<u64, Entry>,
    order: VecDeque<u64>,
}

impl Default for Pager {
    fn default() -> Self {
        Pager::with_ttl(PAGE_TTL)
    }
}

impl Pager {
    /// A pager whose pages expire after `ttl`.
    pub fn with_ttl(ttl: Duration) -> Pager {
        Pager {
            inner: Mutex::new(Inner {
                next_id: 1,
                entries: HashMap::new(),
                order: VecDeque::new(),
            }),
            ttl,
        }
    }

    /// Keeps `pages` and returns their id.
    pub fn keep(&self, pages: Vec<Page>) -> u64 {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let id = inner.next_id;
        inner.next_id += 1;
        inner.entries.insert(
            id,
            Entry {
                pages,
                at: Instant::now(),
            },
        );
        inner.order.push_back(id);
        while inner.order.len() > CAPACITY {
            if let Some(old) = inner.order.pop_front() {
                inner.entries.remove(&old);
            }
        }
        id
    }

    /// Page `n` of answer `id` with the page count, unless it expired or never existed.
    pub fn page(&self, id: u64, n: usize) -> Option<(Page, usize)> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let e = inner.entries.get(&id)?;
        if e.at.elapsed() > self.ttl {
            return None;
        }
        e.pages.get(n).cloned().map(|p| (p, e.pages.len()))
    }
}

/// The custom id of a button that shows page `target` of answer `id`.
pub fn custom_id(id: u64, target: usize, label: &str) -> String {
    format!("{PREFIX}{id}:{target}:{label}")
}

/// Reads a page-turn custom id back: (answer id, page).
pub fn parse_custom_id(custom_id: &str) -> Option<(u64, usize)> {
    let rest = custom_id.strip_prefix(PREFIX)?;
    let mut parts = rest.split(':');
    let id = parts.next()?.parse().ok()?;
    let page = parts.next()?.parse().ok()?;
    Some((id, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> Page {
        Page {
            embeds: vec![super::super::render::EmbedData {
                title: s.into(),
                url: None,
                description: String::new(),
                footer: String::new(),
            }],
            picture: None,
            windows: None,
        }
    }

    #[test]
    fn keeps_pages_until_they_expire() {
        let p = Pager::with_ttl(Duration::from_millis(50));
        let id = p.keep(vec![page("a"), page("b")]);
        assert_eq!(p.page(id, 1).unwrap().0, page("b"));
        assert_eq!(p.page(id, 1).unwrap().1, 2);
        assert!(p.page(id, 2).is_none());
        assert!(p.page(id + 1, 0).is_none());
        std::thread::sleep(Duration::from_millis(80));
        assert!(p.page(id, 0).is_none());
    }

    #[test]
    fn custom_ids_round_trip_and_fit_discord() {
        let id = custom_id(u64::MAX, 24, "next");
        assert!(id.len() <= super::super::render::limits::CUSTOM_ID);
        assert_eq!(parse_custom_id(&id), Some((u64::MAX, 24)));
        assert_eq!(parse_custom_id("tb:pg:x:1:next"), None);
        assert_eq!(parse_custom_id("other"), None);
    }
}
