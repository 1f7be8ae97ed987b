//! Telling new articles from seen ones: every article taken in so far, by id, by words and by
//! their near-duplicate bands, as the index's registry records them.

use std::collections::{HashMap, HashSet};

use super::{Prepared, NEAR_DUPLICATE};
use crate::corpus::similar::{self, ContentHash, Signature};
use crate::index::registry::{RecordKind, RegistryRecord};

/// What is known of every article taken in, for telling new from seen.
#[derive(Default)]
pub(super) struct Seen {
    /// (hash, id) of everything taken in, duplicates included: met again, it is unchanged.
    pub(super) pairs: HashSet<(ContentHash, String)>,
    /// Ids of indexed articles → position in `indexed`.
    pub(super) ids: HashMap<String, usize>,
    /// Ids set aside as near-duplicates → their hash.
    pub(super) duplicate_ids: HashMap<String, ContentHash>,
    /// Hash of each indexed article → position in `indexed`.
    pub(super) hashes: HashMap<ContentHash, usize>,
    /// LSH band key → positions in `indexed`.
    pub(super) bands: HashMap<u64, Vec<usize>>,
    /// Indexed articles: ordinal, id, hash, signature; `None` once retracted.
    pub(super) indexed: Vec<Option<(usize, String, ContentHash, Signature)>>,
}

/// What an incoming article is, against what was seen.
pub(super) enum Verdict {
    /// Nothing like it was taken in.
    New,
    /// The same id and words as one taken in.
    Unchanged,
    /// The same or nearly the same words as the indexed article at position `of`.
    Duplicate { of: usize, similarity: f32 },
}

/// What an id already stands for.
pub(super) enum Existing {
    /// An indexed article with this ordinal.
    Indexed(usize),
    /// An article set aside as a near-duplicate.
    Duplicate,
}

impl Seen {
    pub(super) fn from_registry(records: Vec<RegistryRecord>) -> Seen {
        let mut seen = Seen::default();
        for r in records {
            match r.kind {
                RecordKind::Indexed => {
                    seen.pairs.insert((r.hash, r.id.clone()));
                    seen.add(r.ordinal as usize, r.id, r.hash, r.signature);
                }
                RecordKind::Duplicate => {
                    seen.pairs.insert((r.hash, r.id.clone()));
                    seen.duplicate_ids.insert(r.id, r.hash);
                }
                RecordKind::Removed => seen.retract(&r.id),
            }
        }
        seen
    }

    pub(super) fn add(
        &mut self,
        ordinal: usize,
        id: String,
        hash: ContentHash,
        signature: Signature,
    ) {
        let at = self.indexed.len();
        self.ids.insert(id.clone(), at);
        self.hashes.entry(hash).or_insert(at);
        for key in similar::band_keys(&signature) {
            self.bands.entry(key).or_default().push(at);
        }
        self.indexed.push(Some((ordinal, id, hash, signature)));
    }

    /// Forgets the article with this id (indexed or set aside): the id is free again and its
    /// words are no longer something another article can repeat.
    pub(super) fn retract(&mut self, id: &str) {
        if let Some(at) = self.ids.remove(id) {
            if let Some((_, id, hash, _)) = self.indexed[at].take() {
                self.pairs.remove(&(hash, id));
                if self.hashes.get(&hash) == Some(&at) {
                    self.hashes.remove(&hash);
                }
            }
        }
        if let Some(hash) = self.duplicate_ids.remove(id) {
            self.pairs.remove(&(hash, id.to_string()));
        }
    }

    /// What the id already stands for, if anything.
    pub(super) fn existing(&self, id: &str) -> Option<Existing> {
        if let Some(&at) = self.ids.get(id) {
            return self.indexed[at]
                .as_ref()
                .map(|(ordinal, ..)| Existing::Indexed(*ordinal));
        }
        self.duplicate_ids
            .contains_key(id)
            .then_some(Existing::Duplicate)
    }

    /// The ordinal and id of the indexed article at a position `judge` returned.
    pub(super) fn article_at(&self, at: usize) -> (usize, String) {
        self.indexed[at]
            .as_ref()
            .map(|(ordinal, id, ..)| (*ordinal, id.clone()))
            .unwrap_or_default()
    }

    pub(super) fn judge(&self, p: &Prepared) -> Verdict {
        if self.pairs.contains(&(p.hash, p.info.id.clone())) {
            return Verdict::Unchanged;
        }
        // Only what the article's own readers see can make it a duplicate: a shared article
        // set aside for a copy one server added would be lost to every other server.
        let audience = crate::corpus::Audience {
            server: p.info.server,
        };
        let visible = |at: usize| {
            self.indexed[at].as_ref().is_some_and(|(_, id, ..)| {
                audience.sees(crate::corpus::ServerId::of_article_id(id))
            })
        };
        if let Some(&at) = self.hashes.get(&p.hash).filter(|&&at| visible(at)) {
            return Verdict::Duplicate {
                of: at,
                similarity: 1.0,
            };
        }
        let mut best: Option<(usize, f32)> = None;
        let mut tried = HashSet::new();
        for key in similar::band_keys(&p.signature) {
            for &at in self.bands.get(&key).into_iter().flatten() {
                if !tried.insert(at) || !visible(at) {
                    continue;
                }
                let Some((_, _, _, signature)) = &self.indexed[at] else {
                    continue;
                };
                let s = similar::similarity(&p.signature, signature);
                if s >= NEAR_DUPLICATE && best.is_none_or(|(_, b)| s > b) {
                    best = Some((at, s));
                }
            }
        }
        match best {
            Some((of, similarity)) => Verdict::Duplicate { of, similarity },
            None => Verdict::New,
        }
    }
}
