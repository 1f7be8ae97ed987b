//! The passages a search found, each read from the store only when a command takes it.

use std::sync::Arc;

use tantivy::DocAddress;

use super::guard::guarded;
use super::{Hit, Shared, Snapshot};
use crate::error::Result;

/// Passages found by a search, best first, each read from the index only when it is taken (all
/// from the commit the search ran on). A passage that cannot be read comes as an error.
pub struct Hits {
    shared: Arc<Shared>,
    snapshot: Arc<Snapshot>,
    docs: std::vec::IntoIter<(f32, DocAddress)>,
    /// Where more come from once `docs` run out (passages off the topic, found only if needed).
    pub(super) then: Option<MoreDocs>,
}

/// A search put off until its results are wanted.
type MoreDocs = Box<dyn FnOnce() -> Result<Vec<(f32, DocAddress)>> + Send>;

impl Hits {
    pub(super) fn new(
        shared: Arc<Shared>,
        snapshot: Arc<Snapshot>,
        docs: Vec<(f32, DocAddress)>,
    ) -> Hits {
        Hits {
            shared,
            snapshot,
            docs: docs.into_iter(),
            then: None,
        }
    }

    /// Passages found and not yet taken, not counting any that a put-off search would find.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether nothing is left to take, put-off searches aside.
    pub fn is_empty(&self) -> bool {
        self.docs.len() == 0
    }

    /// Passes over the next `n` passages without reading them (a window of `/timeline` after
    /// the first skips the passages of the windows before it by their counted events).
    pub fn pass_over(&mut self, n: usize) {
        // The addresses alone: nothing is read.
        if let Some(last) = n.checked_sub(1) {
            self.docs.nth(last);
        }
    }
}

impl Iterator for Hits {
    type Item = Result<Hit>;

    fn next(&mut self) -> Option<Result<Hit>> {
        let dir = self.shared.dir.clone();
        guarded(&dir, "reading a passage", || Ok(self.next_unguarded())).unwrap_or_else(|e| {
            // Nothing more comes after damage: the caller rebuilds.
            self.docs = Vec::new().into_iter();
            self.then = None;
            Some(Err(e))
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let known = self.docs.len();
        (known, self.then.is_none().then_some(known))
    }
}

impl Hits {
    fn next_unguarded(&mut self) -> Option<Result<Hit>> {
        loop {
            if let Some((score, addr)) = self.docs.next() {
                return Some(
                    self.shared
                        .read(&self.snapshot.searcher, addr)
                        .map(|passage| Hit { score, passage }),
                );
            }
            match (self.then.take()?)() {
                Ok(docs) => self.docs = docs.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
