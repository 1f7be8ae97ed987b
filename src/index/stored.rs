//! What the index keeps besides tantivy's postings: each passage as stored bytes, and the
//! commit payload naming the knowledge file written for that commit.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::Value;
use tantivy::{Index, TantivyDocument};

use super::errors::{damaged, tantivy_err};
use super::schema::Fields;
use super::{Knowledge, StoredPassage, FORMAT_VERSION};
use crate::error::{Error, Result};

/// What tantivy's commit payload holds: which knowledge file belongs to the commit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CommitPayload {
    pub(super) format: u32,
    pub(super) knowledge: String,
}

/// How a passage is kept in the index: postcard, a compact binary form of the same serde
/// data. Every command reads the passages it cites, and decoding this takes a fraction of the
/// time JSON did; the index is only ever read by the version that wrote it (see
/// [`FORMAT_VERSION`]), so a self-describing format buys nothing.
pub(super) fn encode_passage(p: &StoredPassage) -> std::result::Result<Vec<u8>, postcard::Error> {
    postcard::to_allocvec(p)
}

/// Reads what [`encode_passage`] wrote.
/// The passage a stored document holds; one that has none or does not decode is damage.
pub(super) fn decode_document(
    dir: &Path,
    fields: &Fields,
    doc: &TantivyDocument,
) -> Result<StoredPassage> {
    let raw = doc
        .get_first(fields.data)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| damaged(dir, "a stored passage has no data"))?;
    decode_passage(raw).map_err(|e| damaged(dir, format!("a stored passage is corrupt ({e})")))
}

fn decode_passage(raw: &[u8]) -> std::result::Result<StoredPassage, postcard::Error> {
    postcard::from_bytes(raw)
}

pub(super) fn parse_payload(raw: &str) -> Option<CommitPayload> {
    serde_json::from_str::<CommitPayload>(raw)
        .ok()
        .filter(|p| p.format == FORMAT_VERSION)
}

pub(super) fn read_knowledge(dir: &Path, payload: &CommitPayload) -> Result<Knowledge> {
    let path = dir.join(&payload.knowledge);
    let raw = match std::fs::read(&path) {
        Ok(raw) => raw,
        // The commit names it, so a missing file is a torn index, not a missing one.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(damaged(
                dir,
                format!(
                    "{}, named by the last commit, is missing",
                    payload.knowledge
                ),
            ))
        }
        Err(e) => return Err(Error::io("reading", &path, e)),
    };
    serde_json::from_slice(&raw)
        .map_err(|e| damaged(dir, format!("{} is corrupt ({e})", payload.knowledge)))
}

/// How much of the ingest journal the index in `dir` last committed, read from its `meta.json`
/// and knowledge file alone: a rebuild asks this of the index it replaces, which may be
/// damaged, so no segment is opened. `None` when it cannot tell (missing or unreadable).
pub fn committed_journal_len(dir: &Path) -> Option<u64> {
    committed_journal(dir).map(|(len, _)| len)
}

/// How much of the ingest journal the index in `dir` last committed and the last shared
/// journal entry it applied, read as [`committed_journal_len`] reads (no segment opened): a
/// rebuild replays the local journal up to that length and carries the entry number over, as
/// the two were committed together.
pub fn committed_journal(dir: &Path) -> Option<(u64, u64)> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("meta.json")).ok()?).ok()?;
    let payload = parse_payload(meta.get("payload")?.as_str()?)?;
    read_knowledge(dir, &payload)
        .ok()
        .map(|k| (k.journal_len, k.shared_seq))
}

/// The knowledge of the index's last commit, with the raw payload that names it.
pub(super) fn committed_knowledge(
    dir: &Path,
    index: &Index,
) -> Result<(Option<String>, Knowledge)> {
    let metas = index.load_metas().map_err(|e| tantivy_err(dir, None, &e))?;
    let payload = metas
        .payload
        .as_deref()
        .and_then(parse_payload)
        .ok_or_else(|| damaged(dir, "the last commit names no knowledge file"))?;
    Ok((metas.payload.clone(), read_knowledge(dir, &payload)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_knowledge_file_that_does_not_parse_is_damage_one_that_cannot_be_read_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let payload = CommitPayload {
            format: FORMAT_VERSION,
            knowledge: "knowledge-1.json".into(),
        };
        let file = tmp.path().join(&payload.knowledge);
        let missing = read_knowledge(tmp.path(), &payload).unwrap_err();
        assert!(matches!(missing, Error::Damaged { .. }), "{missing:?}");
        std::fs::write(&file, b"garbage").unwrap();
        let garbled = read_knowledge(tmp.path(), &payload).unwrap_err();
        assert!(matches!(garbled, Error::Damaged { .. }), "{garbled:?}");
        // A folder in its place: the system refuses the read (EISDIR), nothing is corrupt.
        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        let unreadable = read_knowledge(tmp.path(), &payload).unwrap_err();
        assert!(matches!(unreadable, Error::Io { .. }), "{unreadable:?}");
    }
}
