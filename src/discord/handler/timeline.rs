//! The buttons that turn a `/timeline` to its earlier and later events: a `/timeline` holds
//! [`crate::engine::TIMELINE_LIMIT`] events an answer, so one with more is answered a window at
//! a time and these reach every event. A button carries the years and the window it shows, so
//! it works however long ago the answer was given; the pages within a window turn as any
//! answer's do.

use std::sync::Arc;

use serenity::all::{
    ButtonStyle, ComponentInteraction, CreateActionRow, CreateAllowedMentions, CreateAttachment,
    CreateButton, CreateInteractionResponse, CreateInteractionResponseMessage,
};

use super::{audience_of, draw, flatten, reader_of_click, Handler, Reply};
use crate::discord::render::Windows;
use crate::engine::{Command, YearSpan};
use crate::picture;
use crate::present::Reader;

/// The button custom-id prefix for turning to another window of events.
pub const PREFIX: &str = "tb:tl:";

/// The custom id of a button showing window `window` of `/timeline` over `years`.
pub fn custom_id(years: YearSpan, window: usize, label: &str) -> String {
    let year = |y: Option<i32>| y.map_or("_".to_string(), |y| y.to_string());
    format!(
        "{PREFIX}{}:{}:{window}:{label}",
        year(years.from),
        year(years.to)
    )
}

/// Reads a window button's custom id back: the years and the window.
pub fn parse_custom_id(custom_id: &str) -> Option<(YearSpan, usize)> {
    let rest = custom_id.strip_prefix(PREFIX)?;
    let mut parts = rest.split(':');
    let year = |s: &str| -> Option<Option<i32>> {
        match s {
            "_" => Some(None),
            s => s.parse().ok().map(Some),
        }
    };
    let from = year(parts.next()?)?;
    let to = year(parts.next()?)?;
    let window = parts.next()?.parse().ok()?;
    Some((YearSpan::new(from, to), window))
}

/// The row of buttons to the earlier and later events.
pub fn row(w: Windows, reader: Reader) -> CreateActionRow {
    let earlier = CreateButton::new(custom_id(w.years, w.window.saturating_sub(1), "earlier"))
        .label(reader.say("button-earlier", &[]))
        .style(ButtonStyle::Primary)
        .disabled(!w.earlier);
    let later = CreateButton::new(custom_id(w.years, w.window + 1, "later"))
        .label(reader.say("button-later", &[]))
        .style(ButtonStyle::Primary)
        .disabled(!w.later);
    CreateActionRow::Buttons(vec![earlier, later])
}

impl Handler {
    /// A window button: answers `/timeline` for that window and shows it in place of the
    /// message's answer, with its picture.
    pub(super) async fn on_window_click(&self, ctx: &Reply, click: &ComponentInteraction) {
        let Some((years, window)) = parse_custom_id(&click.data.custom_id) else {
            return;
        };
        let reader = reader_of_click(click);
        let engine = Arc::clone(&self.engine);
        let audience = audience_of(click.guild_id);
        let done = tokio::task::spawn_blocking(move || {
            let cmd = Command::timeline(years).in_window(window);
            let answer = engine.seen_by(audience).answer(&cmd)?;
            let png = picture::drawing(&answer, reader.lang).and_then(|d| draw(&d));
            Ok((answer, png))
        })
        .await;
        let response = match flatten(done) {
            Some((answer, png)) => {
                let (embeds_now, components) = self.first_page(&answer, None, reader);
                let message = CreateInteractionResponseMessage::new()
                    .embeds(embeds_now)
                    .components(components)
                    .allowed_mentions(CreateAllowedMentions::new());
                let files: Vec<CreateAttachment> = png
                    .map(|png| CreateAttachment::bytes(png, picture::FILE_NAME))
                    .into_iter()
                    .collect();
                (CreateInteractionResponse::UpdateMessage(message), files)
            }
            None => (
                CreateInteractionResponse::Message(
                    CreateInteractionResponseMessage::new()
                        .content(reader.say("internal-error", &[]))
                        .ephemeral(true)
                        .allowed_mentions(CreateAllowedMentions::new()),
                ),
                Vec::new(),
            ),
        };
        if let Err(e) = ctx.respond_with_files(click, response.0, response.1).await {
            tracing::warn!(error = %e, "could not turn to other events");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_ids_round_trip_and_fit_discord() {
        for years in [
            YearSpan::new(Some(1945), Some(1960)),
            YearSpan::new(None, Some(1960)),
            YearSpan::new(Some(-2100), None),
            YearSpan::default(),
        ] {
            let id = custom_id(years, 4_000_000, "later");
            assert!(
                id.len() <= crate::discord::render::limits::CUSTOM_ID,
                "{id}"
            );
            assert_eq!(parse_custom_id(&id), Some((years, 4_000_000)));
        }
        assert_eq!(parse_custom_id("tb:tl:x:1960:1:later"), None);
        assert_eq!(parse_custom_id("tb:pg:1:1:next"), None);
    }
}
