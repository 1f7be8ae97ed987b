//! Checks shared by the Discord tests: the body of a captured interaction response, whether it
//! is private, and every Discord limit a message must respect.
//! Include beside `discord_standin` (both as `#[path]` modules of the test crate).
#![allow(dead_code)]

use serde_json::{json, Value};

use crate::discord_standin::CapturedRequest;

/// The `data` of a captured interaction callback.
pub fn data(cb: &CapturedRequest) -> &Value {
    &cb.body.as_ref().expect("callback body")["data"]
}

/// Whether a callback is only shown to the user who asked (flag 64).
pub fn is_ephemeral(cb: &CapturedRequest) -> bool {
    data(cb)["flags"].as_u64().is_some_and(|f| f & 64 != 0)
}

/// Every Discord limit the bot must respect on one message body, and no mentions allowed.
pub fn check_limits(d: &Value) {
    assert_eq!(
        d["allowed_mentions"]["parse"],
        json!([]),
        "allowed_mentions must be empty: {d}"
    );
    if let Some(c) = d["content"].as_str() {
        assert!(c.chars().count() <= 2000);
    }
    let embeds = d["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= 10);
    let len = |v: &Value| v.as_str().map(|s| s.chars().count()).unwrap_or(0);
    let mut total = 0;
    for e in &embeds {
        assert!(len(&e["title"]) <= 256);
        assert!(len(&e["description"]) <= 4096);
        assert!(len(&e["footer"]["text"]) <= 2048);
        assert!(len(&e["author"]["name"]) <= 256);
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 25);
        for f in &fields {
            assert!(len(&f["name"]) <= 256 && len(&f["value"]) <= 1024);
        }
        total += len(&e["title"])
            + len(&e["description"])
            + len(&e["footer"]["text"])
            + len(&e["author"]["name"]);
    }
    assert!(total <= 6000, "{total} characters over all embeds");
    let rows = d["components"].as_array().cloned().unwrap_or_default();
    assert!(rows.len() <= 5);
    for row in &rows {
        let buttons = row["components"].as_array().cloned().unwrap_or_default();
        assert!(buttons.len() <= 5);
        for b in &buttons {
            let id = b["custom_id"].as_str().unwrap_or("");
            // Discord counts a custom id's characters, as it does a label's.
            assert!(
                (1..=100).contains(&len(&b["custom_id"])),
                "custom_id {id:?}"
            );
            assert!((1..=80).contains(&len(&b["label"])), "label {}", b["label"]);
        }
    }
}
