//! `/sources add` and `/sources remove`: a server's own reading list, changed from Discord.
//! `/sources list` is answered like every other command. The decisions (who may edit, which
//! links and files are taken) are in [`crate::discord::reading_list`]; this only talks to
//! Discord.

use std::sync::Arc;

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, CreateAllowedMentions,
    CreateInteractionResponse, CreateInteractionResponseMessage, EditInteractionResponse,
};

use super::{reader_of, text_option, Handler, Reply};
use crate::discord::commands::sources as opt;
use crate::discord::reading_list::{self, Added, Addition, Removed};
use crate::discord::render::{clip, escape, limits};
use crate::engine::{Audience, ServerId, Suggestion};
use crate::present::{self, sub_command, Reader};

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
        let reader = reader_of(cmd);
        let Some(guild) = cmd.guild_id else {
            let sources = present::command(reader, crate::engine::CommandKind::Sources);
            self.private_reply(
                ctx,
                cmd,
                &reader.say("sources-in-dm", &[("sources", sources.into())]),
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
            self.private_reply(ctx, cmd, &who_may_edit(reader, allowed))
                .await;
            return true;
        }
        let server = ServerId(guild.get());
        let work = if sub.name == opt::ADD {
            let addition = match addition(cmd, options) {
                Ok(a) => a,
                Err(why) => {
                    self.private_reply(ctx, cmd, &reader.say(why, &[])).await;
                    return true;
                }
            };
            // Checked before anything is fetched, so a refusal is at once.
            if let Err(why) = reading_list::check(&addition, self.engine.settings()) {
                let why = escape(&present::refusal(reader, &why));
                let said = reader.say("sources-not-added", &[("why", why.into())]);
                self.private_reply(ctx, cmd, &said).await;
                return true;
            }
            Change::Add(addition)
        } else {
            match text_option(options, opt::ID) {
                Some(id) => Change::Remove(id),
                None => {
                    self.private_reply(ctx, cmd, &reader.say("sources-give-id", &[]))
                        .await;
                    return true;
                }
            }
        };
        // One change per server at a time, a bounded number in all: refused at once otherwise.
        let turn = match self.reading_list_changes.begin(server) {
            Ok(t) => t,
            Err(not_now) => {
                let said = match not_now {
                    crate::discord::changes::NotNow::ServerBusy => {
                        reader.say("sources-server-busy", &[])
                    }
                    crate::discord::changes::NotNow::BotBusy => reader.say("sources-bot-busy", &[]),
                };
                self.private_reply(ctx, cmd, &said).await;
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
            Change::Add(addition) => added_text(reader, &turn.add(&engine, &addition)),
            Change::Remove(id) => removed_text(reader, &turn.remove(&engine, &id)),
        })
        .await;
        let text = done.unwrap_or_else(|e| {
            tracing::error!(error = %e, "a reading list change failed");
            reader.say("internal-error", &[])
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

/// What a member who may not change the reading list is told: who may (role mentions show
/// as names and ping nobody: no mention is allowed).
fn who_may_edit(reader: Reader, allowed: &[u64]) -> String {
    let list = sub_command(reader, "sources", "list");
    if allowed.is_empty() {
        reader.say("sources-who-may-edit", &[("list", list.into())])
    } else {
        let roles: Vec<String> = allowed.iter().map(|r| format!("<@&{r}>")).collect();
        reader.say(
            "sources-who-may-edit-roles",
            &[("roles", roles.join(", ").into()), ("list", list.into())],
        )
    }
}

/// The link or the attachment `/sources add` was given (exactly one), or the catalogue key of
/// what to give instead.
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
        (Some(_), Some(_)) => Err("sources-link-and-file"),
        (None, None) => Err("sources-link-or-file"),
    }
}

/// What the member who added is told; article words escaped.
fn added_text(reader: Reader, added: &Added) -> String {
    match added {
        Added::New { article, replaced } => {
            let date = article
                .date
                .map(|d| present::date(reader.lang, d))
                .unwrap_or_else(|| reader.say("undated", &[]));
            // A page longer than what is read from one page says so, never silently.
            let cut = article
                .cut
                .as_ref()
                .map(|c| {
                    reader.say(
                        "sources-not-all",
                        &[("cut", present::cut(reader, c).into())],
                    )
                })
                .unwrap_or_default();
            let said = reader.say(
                if *replaced {
                    "sources-replaced"
                } else {
                    "sources-added"
                },
                &[
                    ("title", escape(&article.title).into()),
                    ("outlet", escape(&article.outlet).into()),
                    ("date", date.into()),
                    ("paragraphs", article.paragraphs.into()),
                    ("id", escape(&article.id).into()),
                ],
            );
            format!("{said}{cut}")
        }
        Added::Unchanged(id) => reader.say("sources-unchanged", &[("id", escape(id).into())]),
        Added::Duplicate { id, of, similarity } => reader.say(
            "sources-duplicate",
            &[
                ("of", escape(of).into()),
                ("percent", format!("{:.0}", similarity * 100.0).into()),
                ("id", escape(id).into()),
            ],
        ),
        Added::Refused(why) => reader.say(
            "sources-not-added",
            &[("why", escape(&present::refusal(reader, why)).into())],
        ),
    }
}

/// What the member who removed is told.
fn removed_text(reader: Reader, removed: &Removed) -> String {
    match removed {
        Removed::Gone { id, title } => reader.say(
            "sources-removed",
            &[("title", escape(title).into()), ("id", escape(id).into())],
        ),
        Removed::NotFound(id) => reader.say(
            "sources-not-found",
            &[
                ("id", escape(id).into()),
                ("list", sub_command(reader, "sources", "list").into()),
            ],
        ),
        Removed::Refused(why) => reader.say(
            "sources-not-removed",
            &[("why", escape(&present::refusal(reader, why)).into())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::Lang;

    #[test]
    fn who_may_edit_names_the_roles_in_the_readers_language() {
        let en = who_may_edit(Reader::picker(Lang::En), &[77]);
        assert!(
            en.contains("<@&77>") && en.contains("Manage Server"),
            "{en}"
        );
        let ja = who_may_edit(Reader::picker(Lang::Ja), &[77]);
        assert!(ja.contains("<@&77>") && ja.contains("/出典 一覧"), "{ja}");
        let ru = who_may_edit(Reader::picker(Lang::Ru), &[]);
        assert!(
            ru.contains("/источники список") && !ru.contains("<@&"),
            "{ru}"
        );
    }
}
