//! How an interaction is answered, whichever way it came in: one dispatch ([`super::handler`]),
//! two transports.
//!
//! Over the gateway the first response is a REST callback; over the HTTP interactions endpoint
//! it is the body of Discord's POST, handed back to the waiting request through a one-shot slot.
//! Everything after the first response (edits of a deferred answer, follow-ups, channel
//! messages) goes through the REST API either way, which is why [`Reply::http`] is public.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use serenity::all::{
    CommandInteraction, ComponentInteraction, CreateAttachment, CreateInteractionResponse, Http,
    InteractionId,
};
use tokio::sync::oneshot;

/// The interaction a response is for: its id and token.
pub trait Interacted {
    /// The interaction's id.
    fn interaction_id(&self) -> InteractionId;
    /// The interaction's token (also the webhook token for edits and follow-ups).
    fn interaction_token(&self) -> &str;
}

impl Interacted for CommandInteraction {
    fn interaction_id(&self) -> InteractionId {
        self.id
    }
    fn interaction_token(&self) -> &str {
        &self.token
    }
}

impl Interacted for ComponentInteraction {
    fn interaction_id(&self) -> InteractionId {
        self.id
    }
    fn interaction_token(&self) -> &str {
        &self.token
    }
}

/// The first response as the HTTP endpoint sends it: the JSON interaction response, and the
/// files that make it a multipart body.
#[derive(Debug)]
pub struct Initial {
    /// The interaction response (`{"type", "data"}`), attachments listed by placeholder id.
    pub json: Value,
    /// The files, in the order of `data.attachments`.
    pub files: Vec<CreateAttachment>,
}

/// What the HTTP endpoint already sent when the dispatch took too long to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentInstead {
    /// Type 5: the answer is coming (a command); a later answer edits it in.
    DeferredMessage,
    /// Type 6: the click is acknowledged (a button); a later message is a follow-up and a later
    /// page edits the message.
    DeferredUpdate,
    /// Type 8 with no choices (autocomplete cannot wait); a later list is dropped.
    NoChoices,
}

/// How one interaction's responses leave: see the module documentation.
pub struct Reply {
    /// Discord's REST API at the configured base: edits, follow-ups and channel messages.
    pub http: Arc<Http>,
    first: First,
}

enum First {
    /// Gateway: the first response is `POST /interactions/{id}/{token}/callback`.
    Callback,
    /// HTTP endpoint: the first response goes to the waiting request. Once taken (answered, or
    /// given up on by the request, which then sent `SentInstead`), later responses go by REST.
    Body {
        slot: Mutex<Option<oneshot::Sender<Initial>>>,
        instead: Arc<Mutex<Option<SentInstead>>>,
    },
}

/// The request's side of [`Reply::body`]: waits for the first response, or records what it sent
/// instead when it could wait no longer.
pub struct Waiting {
    answer: oneshot::Receiver<Initial>,
    instead: Arc<Mutex<Option<SentInstead>>>,
}

impl Waiting {
    /// The first response, or `None` when the dispatch ended without one.
    pub async fn answer(&mut self) -> Option<Initial> {
        (&mut self.answer).await.ok()
    }

    /// Gives up waiting: `sent` is what the request answers Discord with, and a response that
    /// comes later is delivered by REST in its light. Returns a response that arrived meanwhile.
    pub fn give_up(mut self, sent: SentInstead) -> Option<Initial> {
        // Recorded before the receiver is closed, so a response that finds the slot gone also
        // finds what was sent instead.
        *lock(&self.instead) = Some(sent);
        self.answer.close();
        self.answer.try_recv().ok()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Reply {
    /// Responses for an interaction that came over the gateway.
    pub fn callback(http: Arc<Http>) -> Reply {
        Reply {
            http,
            first: First::Callback,
        }
    }

    /// Responses for an interaction that came over the HTTP endpoint, and the request's end.
    pub fn body(http: Arc<Http>) -> (Reply, Waiting) {
        let (tx, rx) = oneshot::channel();
        let instead = Arc::new(Mutex::new(None));
        let reply = Reply {
            http,
            first: First::Body {
                slot: Mutex::new(Some(tx)),
                instead: Arc::clone(&instead),
            },
        };
        (
            reply,
            Waiting {
                answer: rx,
                instead,
            },
        )
    }

    /// Sends the first response to `to`.
    pub async fn respond(
        &self,
        to: &impl Interacted,
        response: CreateInteractionResponse,
    ) -> serenity::Result<()> {
        self.respond_with_files(to, response, Vec::new()).await
    }

    /// Sends the first response to `to` with files (a message's, or an updated message's).
    pub async fn respond_with_files(
        &self,
        to: &impl Interacted,
        response: CreateInteractionResponse,
        files: Vec<CreateAttachment>,
    ) -> serenity::Result<()> {
        let (slot, instead) = match &self.first {
            First::Callback => {
                use serenity::builder::Builder;
                let ctx = (to.interaction_id(), to.interaction_token());
                return with_files(response, files).execute(&self.http, ctx).await;
            }
            First::Body { slot, instead } => (slot, instead),
        };
        let json = initial_json(&response, &files).map_err(serenity::Error::Json)?;
        let sender = lock(slot).take();
        let json = match sender {
            Some(tx) => match tx.send(Initial { json, files }) {
                Ok(()) => return Ok(()),
                Err(returned) => {
                    let sent = *lock(instead);
                    return self.late(to, returned.json, returned.files, sent).await;
                }
            },
            None => json,
        };
        let sent = *lock(instead);
        self.late(to, json, files, sent).await
    }

    /// A first response that came after the endpoint answered Discord with `sent`: delivered by
    /// REST as what it would have been.
    async fn late(
        &self,
        to: &impl Interacted,
        json: Value,
        files: Vec<CreateAttachment>,
        sent: Option<SentInstead>,
    ) -> serenity::Result<()> {
        let kind = json["type"].as_u64().unwrap_or(0);
        let data = json.get("data").cloned().unwrap_or(Value::Null);
        let token = to.interaction_token();
        match (sent, kind) {
            // Deferrals, and choices nobody waits for any more: nothing left to say.
            (_, 5 | 6 | 8) | (Some(SentInstead::NoChoices), _) => Ok(()),
            // A message for a click: its own (possibly private) follow-up, not an edit of the
            // message the button is on.
            (Some(SentInstead::DeferredUpdate), 4) => self
                .http
                .create_followup_message(token, &data, files)
                .await
                .map(drop),
            // The deferred answer, or the clicked message's new page.
            _ => self
                .http
                .edit_original_interaction_response(token, &data, files)
                .await
                .map(drop),
        }
    }
}

/// The response with its files attached, as serenity sends it over REST.
fn with_files(
    response: CreateInteractionResponse,
    files: Vec<CreateAttachment>,
) -> CreateInteractionResponse {
    if files.is_empty() {
        return response;
    }
    match response {
        CreateInteractionResponse::Message(m) => {
            CreateInteractionResponse::Message(m.add_files(files))
        }
        CreateInteractionResponse::UpdateMessage(m) => {
            CreateInteractionResponse::UpdateMessage(m.add_files(files))
        }
        other => other,
    }
}

/// The JSON of a first response, with `files` listed in `data.attachments` by placeholder id
/// (serenity leaves a file's bytes out of its JSON; the multipart body carries them).
fn initial_json(
    response: &CreateInteractionResponse,
    files: &[CreateAttachment],
) -> serde_json::Result<Value> {
    let mut json = serde_json::to_value(response)?;
    if !files.is_empty() {
        let listed: Vec<Value> = files
            .iter()
            .enumerate()
            .map(|(i, f)| serde_json::json!({ "id": i, "filename": f.filename }))
            .collect();
        if let Some(data) = json.get_mut("data").and_then(Value::as_object_mut) {
            data.insert("attachments".into(), Value::Array(listed));
        }
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serenity::all::CreateInteractionResponseMessage;

    #[test]
    fn a_file_is_listed_by_placeholder_in_the_body_json() {
        let r = CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new().content("hi"),
        );
        let files = vec![CreateAttachment::bytes(vec![1, 2, 3], "t.png")];
        let json = initial_json(&r, &files).unwrap();
        assert_eq!(json["type"], 4);
        assert_eq!(json["data"]["content"], "hi");
        assert_eq!(
            json["data"]["attachments"],
            serde_json::json!([{ "id": 0, "filename": "t.png" }])
        );
    }

    #[tokio::test]
    async fn the_body_gets_the_first_response_and_a_late_one_finds_what_was_sent() {
        let http = Arc::new(Http::new("t"));
        let (reply, mut waiting) = Reply::body(Arc::clone(&http));
        let First::Body { slot, .. } = &reply.first else {
            unreachable!("a body reply")
        };
        let r = CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new().content("x"),
        );
        let tx = lock(slot).take().expect("the slot is full");
        let json = initial_json(&r, &[]).unwrap();
        tx.send(Initial {
            json,
            files: Vec::new(),
        })
        .unwrap();
        assert_eq!(waiting.answer().await.unwrap().json["data"]["content"], "x");

        // Given up on: the slot's sender fails, and what was sent instead is recorded.
        let (reply, waiting) = Reply::body(http);
        assert!(waiting.give_up(SentInstead::DeferredMessage).is_none());
        let First::Body { slot, instead } = &reply.first else {
            unreachable!("a body reply")
        };
        let tx = lock(slot).take().expect("the slot is full");
        let json = Value::Null;
        assert!(tx
            .send(Initial {
                json,
                files: Vec::new()
            })
            .is_err());
        assert_eq!(*lock(instead), Some(SentInstead::DeferredMessage));
    }
}
