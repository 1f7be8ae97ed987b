//! Values the knowledge file keeps per owner (the shared collection, and each server's own
//! additions), so what one server's articles brought can be read only by an [`Audience`] that
//! may see it: the years and named events autocomplete offers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::{Audience, ServerId};

/// A list per owner. Its contents are reachable only through [`PerOwner::seen_by`]: there is no
/// accessor for "everything", so a caller cannot forget to say who asks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PerOwner<T> {
    /// The shared collection's.
    shared: Vec<T>,
    /// Each server's own additions' (a value the shared list holds may be here too).
    servers: BTreeMap<ServerId, Vec<T>>,
}

impl<T> Default for PerOwner<T> {
    fn default() -> PerOwner<T> {
        PerOwner {
            shared: Vec::new(),
            servers: BTreeMap::new(),
        }
    }
}

impl<T> PerOwner<T> {
    /// What `audience` may see: the shared list, then (for a server) its own, in stored order.
    /// A value both hold comes twice.
    pub fn seen_by(&self, audience: Audience) -> impl Iterator<Item = &T> {
        let own = audience
            .server
            .and_then(|s| self.servers.get(&s))
            .into_iter()
            .flatten();
        self.shared.iter().chain(own)
    }

    /// One owner's list, to add to.
    pub(super) fn of_mut(&mut self, owner: Option<ServerId>) -> &mut Vec<T> {
        match owner {
            None => &mut self.shared,
            Some(s) => self.servers.entry(s).or_default(),
        }
    }

    /// Keeps the values `keep` says yes to (given their owner); a server left with none is
    /// dropped.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(Option<ServerId>, &T) -> bool) {
        self.shared.retain(|v| keep(None, v));
        for (s, list) in &mut self.servers {
            list.retain(|v| keep(Some(*s), v));
        }
        self.servers.retain(|_, list| !list.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_sees_the_shared_values_and_its_own_only() {
        let (a, b) = (ServerId(1), ServerId(2));
        let mut years: PerOwner<i32> = PerOwner::default();
        years.of_mut(None).push(1956);
        years.of_mut(Some(a)).push(1957);
        years.of_mut(Some(b)).push(1958);
        let seen =
            |years: &PerOwner<i32>, audience| years.seen_by(audience).copied().collect::<Vec<_>>();
        assert_eq!(seen(&years, Audience::SHARED), [1956]);
        assert_eq!(seen(&years, Audience::server(a)), [1956, 1957]);
        assert_eq!(seen(&years, Audience::server(b)), [1956, 1958]);
        years.retain(|owner, _| owner != Some(a));
        assert!(!years.servers.contains_key(&a), "an empty list is dropped");
        assert_eq!(seen(&years, Audience::server(a)), [1956]);
    }

    #[test]
    fn it_reads_back_from_the_knowledge_files_json() {
        let mut years: PerOwner<i32> = PerOwner::default();
        years.of_mut(Some(ServerId(u64::MAX))).push(2019);
        let json = serde_json::to_string(&years).unwrap();
        assert_eq!(serde_json::from_str::<PerOwner<i32>>(&json).unwrap(), years);
    }
}
