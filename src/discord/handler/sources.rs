//! `/sources add` and `/sources remove`: a server's own reading list, changed from Discord.
//! `/sources list` is answered like every other command. The decisions (who may edit, which
//! links and files are taken) are in [`crate::discord::reading_list`]; this only talks to
//! Discord.

use std::sync::Arc;

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, CreateAllowedMentions,
    CreateInteractionResponse, CreateInteractionResponseMessage, EditInteractionResponse,
};

use super::{text_option, Handler, Reply, INTERNAL_ERROR};
use crate::discord::commands::sources as opt;
use crate::discord::reading_list::{self, Added, Addition, Removed};
use crate::discord::render::{clip, escape, limits};
use crate::engine::{Audience, ServerId, Suggestion};

impl Handler {
    /// `/sources add` and `/sources remove`. Returns `false` for `/sources list`, which the
    /// caller answers as a command.
    pub(super) async fn on_sources_change(&self, ctx: &Reply, cmd: &CommandInteraction) -> bool {
        let Some(sub) = cmd.data.options.first() else {
            return false;
        };
        if sub.name != opt::ADD && sub.name != opt::REMOVE {
            return false;
        }
        let options: &[CommandDataOption] = match &sub.value {
            CommandDataOptionValue::SubCommand(o) => o,
            _ => &[],
        };
        let Some(guild) = cmd.guild_id else {
            self.private_reply(
                ctx,
                cmd,
                "A reading list belongs to a server: use /sources in a server channel.",
            )
            .await;
            return true;
        };
        let allowed = &self.engine.settings().discord.reading_list_roles;
        let member = cmd.member.as_deref();
        let roles = member.map(|m| m.roles.as_slice()).unwrap_or_default();
        if !reading_list::may_edit(member.and_then(|m| m.permissions), roles, allowed) {
            // Our own words, role mentions included (shown as names, never pinging: no
            // mention is allowed).
            self.private_reply(ctx, cmd, &reading_list::who_may_edit(allowed))
                .await;
            return true;
        }
        let server = ServerId(guild.get());
        let work = if sub.name == opt::ADD {
            let addition = match addition(cmd, options) {
                Ok(a) => a,
                Err(why) => {
                    self.private_reply(ctx, cmd, why).await;
                    return true;
                }
            };
            // Checked before anything is fetched, so a refusal is at once.
            if let Err(why) = reading_list::check(&addition, self.engine.settings()) {
                self.private_reply(ctx, cmd, &format!("Not added: {}", escape(&why)))
                    .await;
                return true;
            }
            Change::Add(addition)
        } else {
            match text_option(options, opt::ID) {
                Some(id) => Change::Remove(id),
                None => {
                    self.private_reply(ctx, cmd, "Give the id of the article to remove.")
                        .await;
                    return true;
                }
            }
        };
        // One change per server at a time, a bounded number in all: refused at once otherwise.
        let turn = match self.reading_list_changes.begin(server) {
            Ok(t) => t,
            Err(not_now) => {
                self.private_reply(ctx, cmd, &format!("Not now: {}", not_now.reason()))
                    .await;
                return true;
            }
        };
        // Fetching and indexing can take longer than Discord waits for an answer.
        let defer = CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new()
                .ephemeral(true)
                .allowed_mentions(CreateAllowedMentions::new()),
        );
        if let Err(e) = ctx.respond(cmd, defer).await {
            tracing::warn!(error = %e, "could not acknowledge /sources");
            return true;
        }
        let engine = Arc::clone(&self.engine);
        let done = tokio::task::spawn_blocking(move || match work {
            Change::Add(addition) => added_text(&turn.add(&engine, &addition)),
            Change::Remove(id) => removed_text(&turn.remove(&engine, &id)),
        })
        .await;
        let text = done.unwrap_or_else(|e| {
            tracing::error!(error = %e, "a reading list change failed");
            INTERNAL_ERROR.to_string()
        });
        let edit = EditInteractionResponse::new()
            .content(clip(&text, limits::CONTENT))
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(e) = cmd.edit_response(&ctx.http, edit).await {
            tracing::warn!(error = %e, "could not say what /sources did");
        }
        true
    }

    /// Autocomplete for `/sources remove id`: this server's own additions matching what is
    /// typed (by id or title).
    pub(super) fn sources_suggestions(&self, guild: Option<u64>, typed: &str) -> Vec<Suggestion> {
        let Some(server) = guild.map(ServerId) else {
            return Vec::new();
        };
        let engine = self.engine.seen_by(Audience::server(server));
        let typed = typed.trim().to_lowercase();
        let Ok((own, _)) = engine.articles_owned(Some(server), 0, 100) else {
            return Vec::new();
        };
        own.into_iter()
            // A choice's value holds at most 100 characters: a longer id is typed or pasted.
            .filter(|a| a.id.chars().count() <= 100)
            .filter(|a| {
                typed.is_empty()
                    || a.id.to_lowercase().contains(&typed)
                    || a.title.to_lowercase().contains(&typed)
            })
            .take(25)
            .map(|a| Suggestion {
                label: a.title.chars().take(100).collect(),
                value: a.id,
            })
            .collect()
    }

    async fn private_reply(&self, ctx: &Reply, cmd: &CommandInteraction, text: &str) {
        let message = CreateInteractionResponseMessage::new()
            .content(clip(text, limits::CONTENT))
            .ephemeral(true)
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(e) = ctx
            .respond(cmd, CreateInteractionResponse::Message(message))
            .await
        {
            tracing::warn!(error = %e, "could not answer /sources");
        }
    }
}

/// A change to make off the async runtime.
enum Change {
    Add(Addition),
    Remove(String),
}

/// The link or the attachment `/sources add` was given (exactly one).
fn addition(
    cmd: &CommandInteraction,
    options: &[CommandDataOption],
) -> Result<Addition, &'static str> {
    let link = text_option(options, opt::LINK);
    let file = options
        .iter()
        .find(|o| o.name == opt::FILE)
        .and_then(|o| match o.value {
            CommandDataOptionValue::Attachment(id) => cmd.data.resolved.attachments.get(&id),
            _ => None,
        });
    match (link, file) {
        (Some(link), None) => Ok(Addition::Link(link)),
        (None, Some(a)) => Ok(Addition::Attachment {
            url: a.url.clone(),
            filename: a.filename.clone(),
            size: u64::from(a.size),
        }),
        (Some(_), Some(_)) => Err("Give a link or a file, not both."),
        (None, None) => Err(
            "Give the article's web address (link:) or attach its .txt, .md or .html file (file:).",
        ),
    }
}

/// What the member who added is told; article words escaped.
fn added_text(added: &Added) -> String {
    match added {
        Added::New { article, replaced } => {
            let date = article
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let paragraphs = article.paragraphs;
            // A page longer than what is read from one page says so, never silently.
            let cut = article
                .cut
                .as_ref()
                .map(|c| format!(" Not all of it: {c}."))
                .unwrap_or_default();
            format!(
                "{} this server's reading list: **{}** — {}, {date} ({paragraphs} paragraph{}). \
                 Id: {}. It is answered from, cited and quizzed in this server only.{cut}",
                if *replaced {
                    "Replaced the earlier version on"
                } else {
                    "Added to"
                },
                escape(&article.title),
                escape(&article.outlet),
                if paragraphs == 1 { "" } else { "s" },
                escape(&article.id),
            )
        }
        Added::Unchanged(id) => format!(
            "Already on this server's reading list with the same words, as {}: nothing changed.",
            escape(id)
        ),
        Added::Duplicate { id, of, similarity } => format!(
            "Set aside as a near-duplicate of {} ({:.0}% the same words), which answers cite \
             instead. Its id is {}.",
            escape(of),
            similarity * 100.0,
            escape(id)
        ),
        Added::Refused(why) => format!("Not added: {}", escape(why)),
    }
}

/// What the member who removed is told.
fn removed_text(removed: &Removed) -> String {
    match removed {
        Removed::Gone { id, title } => format!(
            "Removed **{}** ({}) from this server's reading list: no answer, citation or quiz \
             draws on it any more.",
            escape(title),
            escape(id)
        ),
        Removed::NotFound(id) => format!(
            "This server's reading list has no article with the id {}. /sources list shows the \
             ids.",
            escape(id)
        ),
        Removed::Refused(why) => format!("Not removed: {}", escape(why)),
    }
}
