//! Whose an article is. The collection from the command line (the seeds and every dataset the
//! host ingests) is shared by every Discord server; an article a server's members add from
//! Discord belongs to that server alone, and is answered from, cited and quizzed only there.

use serde::{Deserialize, Serialize};

/// A Discord server (guild), by its snowflake id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServerId(pub u64);

impl std::fmt::Display for ServerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl ServerId {
    /// What a server's article ids start with, so two servers adding a file of the same name
    /// (or the same link) never share an id, and one server can never replace another's article.
    pub fn id_prefix(self) -> String {
        format!("s{}/", self.0)
    }

    /// The server an article id says it belongs to, read back from [`ServerId::id_prefix`].
    pub fn of_article_id(id: &str) -> Option<ServerId> {
        let rest = id.strip_prefix('s')?;
        let (digits, _) = rest.split_once('/')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().map(ServerId)
    }
}

/// Who asks, which decides what an answer may come from: the shared collection always, and a
/// server's own additions when the question comes from that server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Audience {
    /// The server asking; `None` for the command line, which sees the shared collection only.
    pub server: Option<ServerId>,
}

impl Audience {
    /// The command line, or anywhere outside a server: the shared collection only.
    pub const SHARED: Audience = Audience { server: None };

    /// Members of this server: the shared collection and the server's own additions.
    pub fn server(id: ServerId) -> Audience {
        Audience { server: Some(id) }
    }

    /// Whether this audience may see something owned by `owner` (`None`: shared).
    pub fn sees(self, owner: Option<ServerId>) -> bool {
        owner.is_none() || owner == self.server
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_sees_the_shared_collection_and_its_own_additions_only() {
        let a = ServerId(1);
        let b = ServerId(2);
        assert!(Audience::server(a).sees(None));
        assert!(Audience::server(a).sees(Some(a)));
        assert!(!Audience::server(a).sees(Some(b)));
        assert!(Audience::SHARED.sees(None));
        assert!(!Audience::SHARED.sees(Some(a)));
    }

    #[test]
    fn an_id_prefix_reads_back_as_its_server() {
        let id = format!("{}notes.txt", ServerId(42).id_prefix());
        assert_eq!(ServerId::of_article_id(&id), Some(ServerId(42)));
        assert_eq!(ServerId::of_article_id("notes.txt"), None);
        assert_eq!(ServerId::of_article_id("s/x"), None);
        assert_eq!(ServerId::of_article_id("sx1/x"), None);
    }

    #[test]
    fn servers_get_different_id_prefixes() {
        assert_ne!(ServerId(1).id_prefix(), ServerId(11).id_prefix());
        assert!(!ServerId(1).id_prefix().is_empty());
    }
}
