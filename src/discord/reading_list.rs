//! A server's own reading list, changed from Discord: who may change it, which attachments and
//! links are taken, and the blocking work of adding (fetch, ingest) and removing. Nothing here
//! calls Discord; `handler` turns interactions into these calls and their outcomes into replies.
//!
//! What a server adds is its own: ingested with the server as owner (and the server's id
//! prefix), so it is answered from, cited and quizzed in that server only, and only that
//! server's members with the right to edit can remove it.

use serenity::all::{Permissions, RoleId};

use crate::config::Settings;
use crate::engine::{Audience, Engine, ServerId};
use crate::index::ArticleInfo;
use crate::ingest::{self, fetch, BadRow, Incoming, IngestOptions};

/// Hosts Discord serves attachments from; an attachment elsewhere is not fetched.
pub const ATTACHMENT_HOSTS: [&str; 2] = ["cdn.discordapp.com", "media.discordapp.net"];

/// File endings an attachment may have.
pub const ATTACHMENT_EXTENSIONS: [&str; 4] = ["txt", "md", "html", "htm"];

/// Whether a member may change the server's reading list: Manage Server, or one of the roles
/// the host configured (`discord.reading_list_roles`).
pub fn may_edit(permissions: Option<Permissions>, roles: &[RoleId], allowed: &[u64]) -> bool {
    permissions.is_some_and(|p| p.contains(Permissions::MANAGE_GUILD))
        || roles.iter().any(|r| allowed.contains(&r.get()))
}

/// What a member hands over to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addition {
    /// A web page's link.
    Link(String),
    /// A file attached to the command.
    Attachment {
        /// Where Discord serves it.
        url: String,
        /// Its file name.
        filename: String,
        /// Its size in bytes, as Discord says.
        size: u64,
    },
}

/// Checks an addition before anything is fetched: a link must be http(s); an attachment must
/// come from Discord's attachment hosts (or `fetch.allow_hosts`), be a `.txt`, `.md` or
/// `.html` file, and fit `fetch.max_bytes`. Returns why not, in words for the member.
pub fn check(addition: &Addition, settings: &Settings) -> Result<(), String> {
    match addition {
        Addition::Link(link) => {
            if !fetch::is_link(link) {
                return Err(format!(
                    "\"{}\" is not a web link: give an http:// or https:// address.",
                    clip(link, 100)
                ));
            }
            Ok(())
        }
        Addition::Attachment {
            url,
            filename,
            size,
        } => {
            let ext = std::path::Path::new(filename)
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if !ATTACHMENT_EXTENSIONS.contains(&ext.as_str()) {
                return Err(format!(
                    "{} is not a file treatybot reads: attach a .txt, .md or .html file.",
                    clip(filename, 100)
                ));
            }
            if *size > settings.fetch.max_bytes {
                return Err(format!(
                    "{} is {} bytes, over the limit of {} (fetch.max_bytes).",
                    clip(filename, 100),
                    size,
                    settings.fetch.max_bytes
                ));
            }
            let host = reqwest::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
                .unwrap_or_default();
            let allowed = ATTACHMENT_HOSTS.contains(&host.as_str())
                || settings
                    .fetch
                    .allow_hosts
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(&host));
            if !allowed {
                return Err(format!(
                    "the attachment is not on Discord's attachment servers ({}); attach the \
                     file to the command itself.",
                    clip(&host, 100)
                ));
            }
            Ok(())
        }
    }
}

/// What adding did, for the member's private reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// Indexed (or, for `replaced`, put in place of the earlier version with the same id).
    New {
        /// What the article is, as indexed.
        article: Box<ArticleInfo>,
        /// It replaced this server's earlier version of it.
        replaced: bool,
    },
    /// The same words were already on the list under this id: nothing changed.
    Unchanged(String),
    /// Set aside as a near-duplicate of an article already there, which is the one cited.
    Duplicate {
        /// The id it got.
        id: String,
        /// The article it repeats.
        of: String,
        /// Share of shingles in common.
        similarity: f32,
    },
    /// Not added, and why.
    Refused(String),
}

/// A page read and ready to be written: its record (or why there is none) and its id.
#[derive(Debug)]
pub struct Read {
    records: Vec<Incoming>,
    skipped: Vec<BadRow>,
    /// The id it is added under, the server's prefix included.
    id: String,
}

/// The first half of adding: fetches the link or attachment and reads its article, within the
/// fetch and reading budgets. Takes no lock: pages from several servers are read at once
/// ([`super::changes::Turn::add`] runs both halves).
/// Blocking.
pub fn read(settings: &Settings, server: ServerId, addition: &Addition) -> Result<Read, String> {
    check(addition, settings)?;
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut sink = |item: Result<Incoming, BadRow>, _done: u64| -> crate::Result<()> {
        match item {
            Ok(r) => records.push(r),
            Err(bad) => skipped.push(bad),
        }
        Ok(())
    };
    let id = match addition {
        Addition::Link(link) => {
            let link = link.trim();
            ingest::source::read_link(link, &settings.fetch, &mut sink)
                .map_err(|e| for_member(&e))?;
            link.to_string()
        }
        Addition::Attachment { url, filename, .. } => {
            // Kept in a folder of its own under its own name, so it is read like a file given
            // on the command line, and its id is its file name.
            let fetched = fetch::fetch_blocking(url, &settings.fetch).map_err(|e| e.to_string())?;
            let held = tempfile::tempdir().map_err(|e| {
                tracing::error!(error = %e, "could not make a folder for an attachment");
                KEEP_FAILED.to_string()
            })?;
            let name = safe_file_name(filename);
            let path = held.path().join(&name);
            std::fs::write(&path, &fetched.bytes).map_err(|e| {
                tracing::error!(path = %path.display(), error = %e, "could not keep an attachment");
                KEEP_FAILED.to_string()
            })?;
            ingest::source::read(
                &path,
                &Default::default(),
                settings.ingest.max_article_bytes,
                &crate::corpus::html::ReadLimits::from_settings(&settings.fetch),
                &mut sink,
            )
            .map_err(|e| for_member(&e))?;
            name
        }
    };
    Ok(Read {
        records,
        skipped,
        id: format!("{}{id}", server.id_prefix()),
    })
}

/// What a member is told when keeping an attachment failed on the host.
const KEEP_FAILED: &str = "the bot could not keep the file for reading; try again later";

/// The second half of adding: checks the server's limits and writes what [`read`] found, then
/// lets `engine` see it. Blocking; one write at a time (see [`super::changes::Changes`]).
pub fn write(engine: &Engine, server: ServerId, page: Read) -> Added {
    let settings = engine.settings();
    if let Err(why) = within_limits(engine, server, &page) {
        return Added::Refused(why);
    }
    let options = IngestOptions {
        server: Some(server),
        ..IngestOptions::from_settings(settings)
    };
    let Read {
        records,
        skipped,
        id,
    } = page;
    let report = match ingest::ingest_records(settings, records, skipped, options) {
        Ok(r) => r,
        Err(e) => return Added::Refused(for_member(&e)),
    };
    if let Err(e) = engine.refresh() {
        tracing::warn!(error = %e, "could not load the new commit at once");
    }
    if let Some(d) = report.duplicates.first() {
        return Added::Duplicate {
            id: d.id.clone(),
            of: d.of.clone(),
            similarity: d.similarity,
        };
    }
    if let Some(bad) = report.skipped.first() {
        return Added::Refused(bad.reason.clone());
    }
    if report.added == 0 && report.replaced.is_empty() {
        return Added::Unchanged(id);
    }
    match engine.seen_by(Audience::server(server)).article_info(&id) {
        Ok(Some(article)) => Added::New {
            replaced: !report.replaced.is_empty(),
            article: Box::new(article),
        },
        Ok(None) => Added::Refused(
            "the page was read, but no article came of it; check it with treatybot extract".into(),
        ),
        Err(e) => Added::Refused(for_member(&e)),
    }
}

/// Whether `server` may add `page`: at most `discord.reading_list_max_articles` articles and
/// `discord.reading_list_max_bytes` bytes of text on its list (a new version of one already
/// there counts in place of the old one).
fn within_limits(engine: &Engine, server: ServerId, page: &Read) -> Result<(), String> {
    if page.records.is_empty() {
        return Ok(());
    }
    let limits = &engine.settings().discord;
    let own = engine.seen_by(Audience::server(server));
    // The list is bounded by the limit itself, so reading all of it stays cheap.
    let (listed, count) = own
        .articles_owned(Some(server), 0, limits.reading_list_max_articles + 1)
        .map_err(|e| for_member(&e))?;
    let replaced = listed.iter().find(|a| a.id == page.id);
    if replaced.is_none() && count >= limits.reading_list_max_articles {
        return Err(format!(
            "this server's reading list already holds {count} articles, the most it may \
             (discord.reading_list_max_articles). Remove one with /sources remove first."
        ));
    }
    let held: u64 =
        listed.iter().map(|a| a.text_bytes).sum::<u64>() - replaced.map_or(0, |a| a.text_bytes);
    let adding: u64 = page.records.iter().map(|r| r.text.len() as u64).sum();
    if held + adding > limits.reading_list_max_bytes {
        return Err(format!(
            "this server's reading list holds {held} bytes of text and this page has {adding}, \
             over the {} this server may keep (discord.reading_list_max_bytes). Remove an \
             article with /sources remove first.",
            limits.reading_list_max_bytes
        ));
    }
    Ok(())
}

/// An error of the host's (the index, the disk, a lock) in words for a member: what they can do,
/// never the host's paths, processes or command lines, which go to the log.
pub fn for_member(e: &crate::Error) -> String {
    match e {
        crate::Error::Busy { .. } => {
            tracing::warn!(error = %e, "a reading list change met another writer");
            BUSY.to_string()
        }
        _ => {
            tracing::error!(error = %e, "a reading list change failed");
            "the bot could not write its index just now; the host's log says why. Try again \
             later."
                .to_string()
        }
    }
}

/// What a member is told when another change holds the reading list.
pub const BUSY: &str = "the reading list is busy, try again in a minute.";

/// A file name that stays inside the folder it is written to: no separators, no dots in front.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty() {
        "attachment.txt".into()
    } else {
        // File systems allow 255 bytes in a name: the stem is cut to 100 bytes, on a character
        // boundary, and the ending kept (it says how the file is read).
        let (stem, ending) = match cleaned.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 => {
                (stem, &cleaned[stem.len()..])
            }
            _ => (cleaned, ""),
        };
        let mut end = stem.len().min(100);
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}{ending}", stem[..end].trim_end())
    }
}

/// What removing did.
#[derive(Debug, Clone, PartialEq)]
pub enum Removed {
    /// Gone, with its title.
    Gone {
        /// Its id.
        id: String,
        /// Its headline.
        title: String,
    },
    /// No article of this server has that id.
    NotFound(String),
    /// Not removed, and why.
    Refused(String),
}

/// The full id of one of `server`'s articles as a member typed it: with or without the
/// server's prefix. `None` when it names another owner's article.
pub fn own_id(server: ServerId, typed: &str) -> Option<String> {
    let typed = typed.trim();
    match ServerId::of_article_id(typed) {
        Some(s) if s == server => Some(typed.to_string()),
        Some(_) => None,
        None => Some(format!("{}{typed}", server.id_prefix())),
    }
}

/// Removes one of `server`'s articles, then lets `engine` see it gone. Blocking.
pub fn remove(engine: &Engine, server: ServerId, typed: &str) -> Removed {
    let Some(id) = own_id(server, typed) else {
        return Removed::Refused(
            "that article belongs to another server's reading list; a server can remove only \
             what it added."
                .into(),
        );
    };
    match engine.seen_by(Audience::server(server)).article_info(&id) {
        Ok(Some(a)) if a.server == Some(server) => {}
        Ok(_) => return Removed::NotFound(typed.trim().to_string()),
        Err(e) => return Removed::Refused(for_member(&e)),
    }
    let report = match ingest::remove(engine.settings(), std::slice::from_ref(&id)) {
        Ok(r) => r,
        Err(e) => return Removed::Refused(for_member(&e)),
    };
    if let Err(e) = engine.refresh() {
        tracing::warn!(error = %e, "could not load the new commit at once");
    }
    match report.removed.into_iter().next() {
        Some(r) => Removed::Gone {
            id: r.id,
            title: r.title,
        },
        None => Removed::NotFound(typed.trim().to_string()),
    }
}

fn clip(s: &str, max: usize) -> String {
    crate::ingest::prepare::strip_controls(s, "")
        .chars()
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manage_server_or_a_configured_role_may_edit() {
        let role = RoleId::new(77);
        assert!(may_edit(Some(Permissions::MANAGE_GUILD), &[], &[]));
        assert!(may_edit(
            Some(Permissions::MANAGE_GUILD | Permissions::SEND_MESSAGES),
            &[],
            &[]
        ));
        assert!(!may_edit(Some(Permissions::SEND_MESSAGES), &[role], &[]));
        assert!(may_edit(Some(Permissions::SEND_MESSAGES), &[role], &[77]));
        assert!(!may_edit(None, &[RoleId::new(78)], &[77]));
    }

    fn attachment(url: &str, filename: &str, size: u64) -> Addition {
        Addition::Attachment {
            url: url.into(),
            filename: filename.into(),
            size,
        }
    }

    #[test]
    fn attachments_come_from_discord_as_text_or_pages_within_the_size_cap() {
        let mut s = Settings::defaults();
        let cdn = "https://cdn.discordapp.com/attachments/1/2/";
        assert!(check(&attachment(&format!("{cdn}a.txt"), "a.txt", 10), &s).is_ok());
        assert!(check(&attachment(&format!("{cdn}a.HTML"), "a.HTML", 10), &s).is_ok());
        let pdf = check(&attachment(&format!("{cdn}a.pdf"), "a.pdf", 10), &s).unwrap_err();
        assert!(pdf.contains(".txt, .md or .html"), "{pdf}");
        let big = check(&attachment(&format!("{cdn}a.md"), "a.md", u64::MAX), &s).unwrap_err();
        assert!(big.contains("fetch.max_bytes"), "{big}");
        let elsewhere = check(&attachment("https://evil.example/a.txt", "a.txt", 1), &s);
        assert!(elsewhere.unwrap_err().contains("attachment servers"));
        s.fetch.allow_hosts = vec!["127.0.0.1".into()];
        assert!(check(&attachment("http://127.0.0.1:9/a.txt", "a.txt", 1), &s).is_ok());
        assert!(check(&Addition::Link("javascript:alert(1)".into()), &s).is_err());
        assert!(check(&Addition::Link("https://example.org/x".into()), &s).is_ok());
    }

    #[test]
    fn attachment_names_stay_in_their_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name(".hidden.txt"), "hidden.txt");
        assert_eq!(safe_file_name(""), "attachment.txt");
        assert!(!safe_file_name("a/b\\c.txt").contains(['/', '\\']));
        let long = safe_file_name(&format!("{}.html", "é".repeat(200)));
        assert!(long.ends_with(".html") && long.len() <= 105, "{long}");
    }

    #[test]
    fn a_server_names_only_its_own_articles() {
        let s = ServerId(5);
        assert_eq!(own_id(s, "notes.txt").as_deref(), Some("s5/notes.txt"));
        assert_eq!(own_id(s, "s5/notes.txt").as_deref(), Some("s5/notes.txt"));
        assert_eq!(own_id(s, "s6/notes.txt"), None);
    }
}
