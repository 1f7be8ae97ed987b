//! Prev/Next buttons: the first page of an answer with its buttons, and a click turning to
//! another page. A button carries its command (`pager::custom_id`); a command too long for that
//! is kept in the quiz store and the button carries its key (`pager::stored_custom_id`), so any
//! process sharing the store, or this one restarted, answers the click; only when the store
//! cannot keep it are the pages kept in this process's memory (`pager::Pager`).

use std::sync::Arc;

use serenity::all::{
    ComponentInteraction, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseMessage,
};

use super::{
    audience_of, buttons, draw, embeds, flatten, reader_of_click, Handler, Reply,
    ANSWER_AT_ONCE_WITHIN,
};
use crate::discord::pager;
use crate::discord::render::{self, Page};
use crate::engine::{Answer, CommandKind};
use crate::picture;
use crate::present::Reader;
use crate::quiz::QuizStore;

/// A command whose answer may have pages: its kind, its query as the engine normalised it, and
/// whether the store keeps the query for buttons too long to carry it.
#[derive(Debug, Clone)]
pub(super) struct Asked {
    /// The command's kind.
    pub kind: CommandKind,
    /// Its normalised query.
    pub query: String,
    /// Kept in the store under `pager::query_key` (only ever for a query too long to carry).
    pub stored: bool,
}

impl Asked {
    /// The command `kind` `query`, not kept yet.
    pub fn new(kind: CommandKind, query: String) -> Asked {
        Asked {
            kind,
            query,
            stored: false,
        }
    }

    /// Keeps the query in `store` when it is too long for a button to carry. Blocking (a store
    /// write): call it off the async runtime. A store that cannot keep it leaves the pages to
    /// this process's memory.
    pub fn keep_if_long(mut self, store: Option<&dyn QuizStore>) -> Asked {
        if pager::fits(self.kind, &self.query) {
            return self;
        }
        let key = pager::query_key(self.kind, &self.query);
        self.stored = match store.map(|s| s.keep_page_query(&key, &self.query)) {
            Some(Ok(kept)) => kept,
            Some(Err(e)) => {
                tracing::warn!(error = %e, "could not keep a long query for its page buttons");
                false
            }
            None => false,
        };
        self
    }
}

impl Handler {
    /// The store that keeps long queries for page buttons: the quiz store, when quizzes run.
    pub(super) fn page_store(&self) -> Option<Arc<dyn QuizStore>> {
        self.quizzes.as_ref().map(|hub| Arc::clone(&hub.store))
    }

    /// Renders an answer to `asked` for `reader`, with page buttons when there is more than one
    /// page: buttons that carry the command or its key in the store, or, when neither can be,
    /// buttons naming pages this process keeps.
    pub(super) fn first_page(
        &self,
        answer: &Answer,
        asked: Option<&Asked>,
        reader: Reader,
    ) -> (Vec<CreateEmbed>, Vec<CreateActionRow>) {
        let pages = render::pages(answer, reader);
        let n = pages.len();
        let first = pages[0].clone();
        if n == 1 {
            return (embeds(&first), buttons(None, 0, 1, &first, reader));
        }
        let ids = asked
            .and_then(|asked| {
                page_ids(
                    &pager::PageTurn {
                        kind: asked.kind,
                        query: asked.query.clone(),
                        lang: reader.lang,
                        page: 0,
                    },
                    n,
                    asked.stored,
                )
            })
            .unwrap_or_else(|| {
                let id = self.pager.keep(pages);
                kept_page_ids(id, 0)
            });
        (embeds(&first), buttons(Some(ids), 0, n, &first, reader))
    }

    /// A click on a Prev or Next button: the page it names, in place of the message's, or a
    /// private note that the results expired.
    pub(super) async fn on_page_click(&self, ctx: &Reply, click: &ComponentInteraction) {
        let Some(turn) = pager::parse_custom_id(&click.data.custom_id) else {
            return;
        };
        let reader = reader_of_click(click);
        let shown = match turn {
            pager::Turn::Again(turn) => self.page_again(ctx, click, turn, false).await,
            pager::Turn::Stored {
                kind,
                lang,
                page,
                key,
            } => match self.stored_query(kind, key).await {
                Some(query) => {
                    let turn = pager::PageTurn {
                        kind,
                        query,
                        lang,
                        page,
                    };
                    self.page_again(ctx, click, turn, true).await
                }
                None => None,
            },
            pager::Turn::Kept { id, page } => self.pager.page(id, page).map(|(p, total)| {
                let ids = kept_page_ids(id, page);
                (p, page, total, ids, Reader::picker(reader.lang))
            }),
        };
        let Some((page, n, total, ids, page_reader)) = shown else {
            let text = reader.say("pages-expired", &[]);
            let response = CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new()
                    .content(text)
                    .ephemeral(true)
                    .allowed_mentions(CreateAllowedMentions::new()),
            );
            if let Err(e) = ctx.respond(click, response).await {
                tracing::warn!(error = %e, "could not answer a button");
            }
            return;
        };
        let mut files = Vec::new();
        // An update lists the message's files anew (serenity cannot keep the old one), so the
        // picture is drawn again for the page and sent with it.
        if let Some(d) = page.picture.clone() {
            let png = tokio::task::spawn_blocking(move || draw(&d)).await;
            if let Ok(Some(png)) = png {
                files.push(CreateAttachment::bytes(png, picture::FILE_NAME));
            }
        }
        let message = CreateInteractionResponseMessage::new()
            .embeds(embeds(&page))
            .components(buttons(Some(ids), n, total, &page, page_reader))
            .allowed_mentions(CreateAllowedMentions::new());
        let response = CreateInteractionResponse::UpdateMessage(message);
        if let Err(e) = ctx.respond_with_files(click, response, files).await {
            tracing::warn!(error = %e, "could not answer a button");
        }
    }

    /// The query the store keeps under `key` for a `kind` command, read on the blocking pool;
    /// `None` when it is not there (expired, another store), the store does not answer, or the
    /// key is not the query's (a forged button).
    async fn stored_query(&self, kind: CommandKind, key: String) -> Option<String> {
        let store = self.page_store()?;
        let lookup = key.clone();
        let found = tokio::task::spawn_blocking(move || store.page_query(&lookup)).await;
        match found {
            Ok(Ok(Some(query))) if pager::query_key(kind, &query) == key => Some(query),
            Ok(Ok(_)) => None,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "could not read a long query for a page button");
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, "reading a long query failed");
                None
            }
        }
    }

    /// A page of a command answered again, for a button that carries it (or its key, when
    /// `stored`): the page, its number (the last page when the answer has fewer now), the page
    /// count, the buttons' ids and the message's reader. `None` when the command cannot be
    /// answered (the user is asked to run it again). Answered on the blocking pool; a slow
    /// answer is acknowledged first, within Discord's deadline, and the page comes as the
    /// update.
    async fn page_again(
        &self,
        ctx: &Reply,
        click: &ComponentInteraction,
        turn: pager::PageTurn,
        stored: bool,
    ) -> Option<(Page, usize, usize, (String, String), Reader)> {
        let command = turn.command(self.engine.max_query_chars())?;
        let engine = Arc::clone(&self.engine);
        let audience = audience_of(click.guild_id);
        let reader = Reader::picker(turn.lang);
        let work = tokio::task::spawn_blocking(move || {
            engine
                .seen_by(audience)
                .answer(&command)
                .map(|answer| render::pages(&answer, reader))
        });
        let mut work = std::pin::pin!(work);
        let done = match tokio::time::timeout(ANSWER_AT_ONCE_WITHIN, &mut work).await {
            Ok(done) => done,
            Err(_) => {
                // Acknowledged now, the update follows as an edit of the message.
                if let Err(e) = ctx
                    .respond(click, CreateInteractionResponse::Acknowledge)
                    .await
                {
                    tracing::warn!(error = %e, "could not acknowledge a page turn");
                }
                work.await
            }
        };
        let pages = flatten(done)?;
        let total = pages.len();
        let n = turn.page.min(total.checked_sub(1)?);
        let ids = page_ids(&pager::PageTurn { page: n, ..turn }, total, stored)?;
        let page = pages.into_iter().nth(n)?;
        Some((page, n, total, ids, reader))
    }
}

/// The custom ids of the Prev and Next buttons on page `turn.page` of `total`, carrying the
/// command, or its key when it is too long and `stored`; `None` when neither can be.
fn page_ids(turn: &pager::PageTurn, total: usize, stored: bool) -> Option<(String, String)> {
    let to = |page: usize, dir| {
        let turn = pager::PageTurn {
            page,
            ..turn.clone()
        };
        pager::custom_id(&turn, dir).or_else(|| stored.then(|| pager::stored_custom_id(&turn, dir)))
    };
    Some((
        to(turn.page.saturating_sub(1), pager::Direction::Prev)?,
        to(
            (turn.page + 1).min(total.saturating_sub(1)),
            pager::Direction::Next,
        )?,
    ))
}

/// [`page_ids`] for pages this process keeps.
fn kept_page_ids(id: u64, page: usize) -> (String, String) {
    (
        pager::kept_custom_id(id, page.saturating_sub(1), pager::Direction::Prev),
        pager::kept_custom_id(id, page + 1, pager::Direction::Next),
    )
}
