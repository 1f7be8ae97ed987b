//! Reading a JSON Lines collection: one object per line, its keys resolved to fields again
//! whenever they change, a line too long or of the wrong shape refused on its own.

use std::path::Path;

use super::columns::{Columns, Resolved};
use super::encoding::{field_text, open_text};
use super::{file_name, BadRow, Incoming, Sink};
use crate::error::{Error, Result};
use crate::ingest::RowProblem;

/// Longest JSON line read, for articles of at most `max_article_bytes`: room for every character
/// written as a `\\u` escape and for the other fields.
fn max_json_line_bytes(max_article_bytes: usize) -> usize {
    max_article_bytes.saturating_mul(6).saturating_add(1 << 20)
}

/// What kind of JSON value `v` is, in words.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

pub(super) fn read_jsonl(
    path: &Path,
    columns: &Columns,
    max_article_bytes: usize,
    sink: &mut Sink,
) -> Result<()> {
    let file = file_name(path);
    let mut reader = open_text(path)?;
    let cap = max_json_line_bytes(max_article_bytes);
    let mut done = 0u64;
    let mut line = 0usize;
    let mut at: Option<(Vec<String>, Resolved)> = None;
    while let Some(read) =
        crate::lines::read_line(&mut reader, cap).map_err(|e| Error::io("reading", path, e))?
    {
        line += 1;
        let bad = |reason: RowProblem| BadRow {
            file: file.clone(),
            line,
            reason,
        };
        let bytes = match read {
            crate::lines::Line::Bytes(b) => b,
            crate::lines::Line::TooLong(len) => {
                done += len + 1;
                sink(
                    Err(bad(RowProblem::LineTooLong {
                        len,
                        cap: cap as u64,
                    })),
                    done,
                )?;
                continue;
            }
        };
        done += bytes.len() as u64 + 1;
        let text = field_text(&bytes);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                sink(Err(bad(RowProblem::NotObject)), done)?;
                continue;
            }
            Err(e) => {
                sink(Err(bad(RowProblem::NotJson(e.to_string()))), done)?;
                continue;
            }
        };
        // Keys are resolved against the first object's keys, and again whenever they change.
        let keys: Vec<String> = object.keys().cloned().collect();
        if at.as_ref().is_none_or(|(k, _)| *k != keys) {
            match columns.resolve(&keys, &file) {
                Ok(r) => at = Some((keys.clone(), r)),
                Err(e) => {
                    sink(Err(bad(RowProblem::Columns(e.to_string()))), done)?;
                    continue;
                }
            }
        }
        let (_, r) = at.as_ref().expect("resolved above");
        // A field is a string; an id may also be a number; a missing or null field (but the
        // text) is empty. Anything else is not what the row claims to be, so the row is refused
        // rather than indexing `{"a":1}` as words.
        let get = |i: Option<usize>, numbers: bool| -> std::result::Result<String, RowProblem> {
            let Some(key) = i.map(|i| &keys[i]) else {
                return Ok(String::new());
            };
            match object.get(key) {
                Some(serde_json::Value::String(s)) => Ok(s.clone()),
                None | Some(serde_json::Value::Null) if Some(key) != keys.get(r.text) => {
                    Ok(String::new())
                }
                Some(serde_json::Value::Number(n)) if numbers => Ok(n.to_string()),
                Some(v) => Err(RowProblem::NotString {
                    key: key.clone(),
                    kind: json_kind(v),
                }),
                None => Err(RowProblem::NoValue { key: key.clone() }),
            }
        };
        let fields = (|| {
            Ok::<_, RowProblem>(Incoming {
                id: get(r.id, true)?,
                title: get(r.title, false)?,
                date: get(r.date, false)?,
                url: get(r.url, false)?,
                outlet: get(r.outlet, false)?,
                text: get(Some(r.text), false)?,
                file: file.clone(),
                line,
                ..Incoming::default()
            })
        })();
        sink(fields.map_err(bad), done)?;
    }
    Ok(())
}
