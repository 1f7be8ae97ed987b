//! A server's own reading list, changed from Discord: who may change it, which attachments and
//! links are taken, and the blocking work of adding (fetch, ingest) and removing. Nothing here
//! calls Discord; `handler` turns interactions into these calls and their outcomes into replies.
//!
//! What a server adds is its own: ingested with the server as owner (and the server's id
//! prefix), so it is answered from, cited and quizzed in that server only, and only that
//! server's members with the right to edit can remove it.

use serenity::all::{Permissions, RoleId};

use super::shared_list::{share_records, shared_failed, Replica};
use crate::config::Settings;
use crate::engine::{Audience, Engine, ServerId};
use crate::index::ArticleInfo;
use crate::ingest::journal::{Entry, Removal};
use crate::ingest::shared::Applied;
use crate::ingest::{self, fetch, BadRow, Incoming, IngestOptions, Refusal};

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
/// `.html` file, and fit `fetch.max_bytes`. Returns why not (`crate::present::refusal` says it).
pub fn check(addition: &Addition, settings: &Settings) -> Result<(), Refusal> {
    match addition {
        Addition::Link(link) => {
            if !fetch::is_link(link) {
                return Err(Refusal::NotALink {
                    link: clip(link, 100),
                });
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
                return Err(Refusal::NotAReadableFile {
                    name: clip(filename, 100),
                });
            }
            if *size > settings.fetch.max_bytes {
                return Err(Refusal::FileTooLarge {
                    name: clip(filename, 100),
                    size: *size,
                    limit: settings.fetch.max_bytes,
                });
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
                return Err(Refusal::NotAnAttachment {
                    host: clip(&host, 100),
                });
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
    Refused(Refusal),
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
pub fn read(settings: &Settings, server: ServerId, addition: &Addition) -> Result<Read, Refusal> {
    check(addition, settings)?;
    let limits = crate::corpus::html::ReadLimits::from_settings(&settings.fetch);
    let (records, skipped, id) = match addition {
        Addition::Link(link) => {
            // Read here rather than through `ingest::source::read_link`, so that why a page
            // was refused stays typed for the member's reply.
            let link = link.trim();
            let fetched = fetch::fetch_blocking(link, &settings.fetch).map_err(fetch_refused)?;
            let page = crate::corpus::html::read_page(&fetched.bytes, Some(&fetched.url), &limits)
                .map_err(Refusal::Page)?;
            let record = ingest::source::page_incoming(link, link, page, None);
            (vec![record], Vec::new(), link.to_string())
        }
        Addition::Attachment { url, filename, .. } => {
            let fetched = fetch::fetch_blocking(url, &settings.fetch).map_err(fetch_refused)?;
            let name = safe_file_name(filename);
            if is_page(&name) {
                let page = crate::corpus::html::read_page(&fetched.bytes, None, &limits)
                    .map_err(Refusal::Page)?;
                let record = ingest::source::page_incoming(&name, &name, page, None);
                (vec![record], Vec::new(), name)
            } else {
                let (records, skipped) = read_text_file(settings, &name, &fetched.bytes)?;
                (records, skipped, name)
            }
        }
    };
    Ok(Read {
        records,
        skipped,
        id: format!("{}{id}", server.id_prefix()),
    })
}

/// A fetch refusal, logged with the details the member is not shown.
fn fetch_refused(e: fetch::FetchError) -> Refusal {
    tracing::info!(error = %e, "a reading list page was not fetched");
    Refusal::Fetch(e)
}

/// Whether a file name is a saved web page's.
fn is_page(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("html" | "htm"))
}

/// An attached text file, read as a file given on the command line is (encodings, metadata):
/// kept in a folder of its own under its own name, so its id is its file name.
fn read_text_file(
    settings: &Settings,
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<Incoming>, Vec<BadRow>), Refusal> {
    // UTF-16 takes up to twice the bytes of the same text in UTF-8.
    let limit = settings.ingest.max_article_bytes as u64;
    if bytes.len() as u64 > limit.saturating_mul(2) {
        return Err(Refusal::TextTooLong {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    let held = tempfile::tempdir().map_err(|e| {
        tracing::error!(error = %e, "could not make a folder for an attachment");
        Refusal::KeepFailed
    })?;
    let path = held.path().join(name);
    std::fs::write(&path, bytes).map_err(|e| {
        tracing::error!(path = %path.display(), error = %e, "could not keep an attachment");
        Refusal::KeepFailed
    })?;
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut sink = |item: Result<Incoming, BadRow>, _done: u64| -> crate::Result<()> {
        match item {
            Ok(r) => records.push(r),
            Err(bad) => skipped.push(bad),
        }
        Ok(())
    };
    ingest::source::read(
        &path,
        &Default::default(),
        settings.ingest.max_article_bytes,
        &crate::corpus::html::ReadLimits::from_settings(&settings.fetch),
        &mut sink,
    )
    .map_err(|e| for_member(&e))?;
    Ok((records, skipped))
}

/// The second half of adding: checks the server's limits and writes what [`read`] found, then
/// lets `engine` see it. With a `shared` replica (a PostgreSQL store), the article goes into
/// the shared journal first and this index applies it from there, as every other process's
/// does. Blocking; one write at a time (see [`super::changes::Changes`]).
pub fn write(engine: &Engine, server: ServerId, page: Read, shared: Option<&Replica>) -> Added {
    let settings = engine.settings();
    // The limits are checked on the list as every process has it, not as this one last saw it.
    if let Some(replica) = shared {
        if let Err(e) = replica.catch_up(engine) {
            return Added::Refused(shared_failed(&e));
        }
    }
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
    if let Some(why) = unfit(&records, settings.ingest.max_article_bytes) {
        return Added::Refused(why);
    }
    let report = match shared {
        Some(replica) => match share_records(engine, replica, server, records, skipped) {
            Ok(r) => r,
            Err(why) => return Added::Refused(why),
        },
        None => match ingest::ingest_records(settings, records, skipped, options) {
            Ok(r) => r,
            Err(e) => return Added::Refused(for_member(&e)),
        },
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
        // What a member can act on was checked before (`unfit`); anything else is logged.
        tracing::warn!(row = %bad, "a reading list page was not taken");
        return Added::Refused(Refusal::Unreadable);
    }
    if report.added == 0 && report.replaced.is_empty() {
        return Added::Unchanged(id);
    }
    match engine.seen_by(Audience::server(server)).article_info(&id) {
        Ok(Some(article)) => Added::New {
            replaced: !report.replaced.is_empty(),
            article: Box::new(article),
        },
        Ok(None) => Added::Refused(Refusal::NoArticle),
        Err(e) => Added::Refused(for_member(&e)),
    }
}

/// Whether `server` may add `page`: at most `discord.reading_list_max_articles` articles and
/// `discord.reading_list_max_bytes` bytes of text on its list (a new version of one already
/// there counts in place of the old one).
fn within_limits(engine: &Engine, server: ServerId, page: &Read) -> Result<(), Refusal> {
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
        return Err(Refusal::ListFull {
            count,
            max: limits.reading_list_max_articles,
        });
    }
    let held: u64 =
        listed.iter().map(|a| a.text_bytes).sum::<u64>() - replaced.map_or(0, |a| a.text_bytes);
    let adding: u64 = page.records.iter().map(|r| r.text.len() as u64).sum();
    if held + adding > limits.reading_list_max_bytes {
        return Err(Refusal::ListTooBig {
            held,
            adding,
            max: limits.reading_list_max_bytes,
        });
    }
    Ok(())
}

/// An error of the host's (the index, the disk, a lock) as what a member can do about it:
/// never the host's paths, processes or command lines, which go to the log.
pub fn for_member(e: &crate::Error) -> Refusal {
    match e {
        crate::Error::Busy { .. } => {
            tracing::warn!(error = %e, "a reading list change met another writer");
            Refusal::Busy
        }
        _ => {
            tracing::error!(error = %e, "a reading list change failed");
            Refusal::WriteFailed
        }
    }
}

/// Why the records read from a page cannot be taken, when it is something the member can act
/// on: no text, or more than `ingest.max_article_bytes` of it.
fn unfit(records: &[Incoming], max_article_bytes: usize) -> Option<Refusal> {
    records.iter().find_map(|r| {
        if r.text.len() > max_article_bytes {
            Some(Refusal::TextTooLong {
                bytes: r.text.len() as u64,
                limit: max_article_bytes as u64,
            })
        } else if r.text.trim().is_empty() {
            Some(Refusal::NoText)
        } else {
            None
        }
    })
}

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
    Refused(Refusal),
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

/// Removes one of `server`'s articles, then lets `engine` see it gone; with a `shared`
/// replica, through the shared journal, as [`write`] adds. Blocking.
pub fn remove(engine: &Engine, server: ServerId, typed: &str, shared: Option<&Replica>) -> Removed {
    let Some(id) = own_id(server, typed) else {
        return Removed::Refused(Refusal::OtherServer);
    };
    if let Some(replica) = shared {
        if let Err(e) = replica.catch_up(engine) {
            return Removed::Refused(shared_failed(&e));
        }
    }
    match engine.seen_by(Audience::server(server)).article_info(&id) {
        Ok(Some(a)) if a.server == Some(server) => {}
        Ok(_) => return Removed::NotFound(typed.trim().to_string()),
        Err(e) => return Removed::Refused(for_member(&e)),
    }
    let report = match shared {
        Some(replica) => {
            let tombstone = Entry::Removed(Removal {
                removed: id.clone(),
            });
            match replica.share(engine, server, vec![tombstone]) {
                Ok(applied) => applied
                    .into_iter()
                    .find_map(|a| match a {
                        Applied::Removed(r) => Some(r),
                        _ => None,
                    })
                    .unwrap_or_default(),
                Err(e) => return Removed::Refused(shared_failed(&e)),
            }
        }
        None => match ingest::remove(engine.settings(), std::slice::from_ref(&id)) {
            Ok(r) => r,
            Err(e) => return Removed::Refused(for_member(&e)),
        },
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
        assert_eq!(
            pdf,
            Refusal::NotAReadableFile {
                name: "a.pdf".into()
            }
        );
        let big = check(&attachment(&format!("{cdn}a.md"), "a.md", u64::MAX), &s).unwrap_err();
        assert!(
            matches!(big, Refusal::FileTooLarge { size: u64::MAX, .. }),
            "{big:?}"
        );
        let elsewhere = check(&attachment("https://evil.example/a.txt", "a.txt", 1), &s);
        assert_eq!(
            elsewhere.unwrap_err(),
            Refusal::NotAnAttachment {
                host: "evil.example".into()
            }
        );
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
