//! The article registry beside the index (`registry.bin`): for every article ever taken in
//! (indexed or set aside as a near-duplicate) its id, content hash and MinHash signature.
//!
//! Ingest reads it whole to decide, without touching the index, whether an incoming article is
//! already there (idempotence) or repeats one (near-duplicates). It is append-only; the length
//! that belongs to the last commit is recorded in [`super::Knowledge::registry_len`], and
//! anything after it (an ingest that died before committing) is cut off on the next ingest.
//!
//! Record layout, little-endian: kind (u8: 0 indexed, 1 duplicate, 2 removed), ordinal (u32: the
//! article's, or for a duplicate the article it repeats), content hash (16 bytes), signature
//! (64 × u32), id length (u16), id (UTF-8).
//!
//! A *removed* record (a tombstone, written by `treatybot remove` or by ingesting a new version
//! of an article) retracts every earlier record with its id: the id is free again and the hash
//! it carried is no longer something a new article can repeat. The file is never rewritten.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::corpus::similar::{ContentHash, Signature, SIGNATURE_LEN};
use crate::error::{Error, Result};

/// File name of the registry inside the index folder.
pub const REGISTRY_FILE: &str = "registry.bin";

/// One article the collection has taken in.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryRecord {
    /// Its id (source.id in citations).
    pub id: String,
    /// Hash of its words.
    pub hash: ContentHash,
    /// MinHash signature of its shingles.
    pub signature: Signature,
    /// Its ordinal, or for a duplicate the ordinal of the article it repeats.
    pub ordinal: u32,
    /// What the record says about the id.
    pub kind: RecordKind,
}

/// What a registry record says about its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// The article was indexed.
    Indexed,
    /// Set aside as a near-duplicate of the article with the record's ordinal, not indexed.
    Duplicate,
    /// A tombstone: every earlier record with this id is retracted (removed or replaced).
    Removed,
}

impl RecordKind {
    fn byte(self) -> u8 {
        match self {
            RecordKind::Indexed => 0,
            RecordKind::Duplicate => 1,
            RecordKind::Removed => 2,
        }
    }

    fn from_byte(b: u8) -> Option<RecordKind> {
        match b {
            0 => Some(RecordKind::Indexed),
            1 => Some(RecordKind::Duplicate),
            2 => Some(RecordKind::Removed),
            _ => None,
        }
    }
}

impl RegistryRecord {
    /// Appends the record's bytes to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.kind.byte());
        out.extend_from_slice(&self.ordinal.to_le_bytes());
        out.extend_from_slice(&self.hash);
        for v in &self.signature {
            out.extend_from_slice(&v.to_le_bytes());
        }
        // Ids longer than u16::MAX bytes are cut (at a character boundary): they only label.
        let mut id = self.id.as_str();
        while id.len() > u16::MAX as usize {
            let mut cut = u16::MAX as usize;
            while !id.is_char_boundary(cut) {
                cut -= 1;
            }
            id = &id[..cut];
        }
        out.extend_from_slice(&(id.len() as u16).to_le_bytes());
        out.extend_from_slice(id.as_bytes());
    }

    /// Decodes every record of `bytes`; `None` when the bytes end inside a record.
    pub fn decode_all(bytes: &[u8]) -> Option<Vec<RegistryRecord>> {
        let mut out = Vec::new();
        let mut at = 0;
        let take = |at: &mut usize, n: usize| -> Option<&[u8]> {
            let s = bytes.get(*at..*at + n)?;
            *at += n;
            Some(s)
        };
        while at < bytes.len() {
            let kind = RecordKind::from_byte(take(&mut at, 1)?[0])?;
            let ordinal = u32::from_le_bytes(take(&mut at, 4)?.try_into().ok()?);
            let hash: ContentHash = take(&mut at, 16)?.try_into().ok()?;
            let mut signature = [0u32; SIGNATURE_LEN];
            for v in signature.iter_mut() {
                *v = u32::from_le_bytes(take(&mut at, 4)?.try_into().ok()?);
            }
            let len = u16::from_le_bytes(take(&mut at, 2)?.try_into().ok()?) as usize;
            let id = String::from_utf8_lossy(take(&mut at, len)?).into_owned();
            out.push(RegistryRecord {
                id,
                hash,
                signature,
                ordinal,
                kind,
            });
        }
        Some(out)
    }
}

/// Reads the committed part (`len` bytes) of the registry in `dir`.
pub fn read(dir: &Path, len: u64) -> Result<Vec<RegistryRecord>> {
    let path = dir.join(REGISTRY_FILE);
    let mut bytes = Vec::with_capacity(len as usize);
    match std::fs::File::open(&path) {
        Ok(f) => {
            f.take(len)
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("reading", &path, e))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && len == 0 => {}
        Err(e) => return Err(Error::io("reading", &path, e)),
    }
    if (bytes.len() as u64) < len {
        return Err(super::errors::damaged(
            dir,
            format!("{REGISTRY_FILE} is shorter than its last commit recorded"),
        ));
    }
    RegistryRecord::decode_all(&bytes)
        .ok_or_else(|| super::errors::damaged(dir, format!("{REGISTRY_FILE} is corrupt")))
}

/// Cuts the registry back to its committed length, then appends `bytes`; returns the new length.
pub fn append(dir: &Path, committed: u64, bytes: &[u8]) -> Result<u64> {
    let path = dir.join(REGISTRY_FILE);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io("opening", &path, e))?;
    f.set_len(committed)
        .and_then(|_| f.seek(SeekFrom::Start(committed)))
        .and_then(|_| f.write_all(bytes))
        .and_then(|_| f.sync_data())
        .map_err(|e| Error::io("writing", &path, e))?;
    Ok(committed + bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_a_torn_tail_is_detected() {
        let r = RegistryRecord {
            id: "3195".into(),
            hash: [7; 16],
            signature: [9; SIGNATURE_LEN],
            ordinal: 42,
            kind: RecordKind::Duplicate,
        };
        let mut bytes = Vec::new();
        r.encode(&mut bytes);
        r.encode(&mut bytes);
        assert_eq!(
            RegistryRecord::decode_all(&bytes).unwrap(),
            vec![r.clone(), r]
        );
        assert!(RegistryRecord::decode_all(&bytes[..bytes.len() - 1]).is_none());
    }

    #[test]
    fn a_tombstone_round_trips_and_an_unknown_kind_is_corrupt() {
        let indexed = RegistryRecord {
            id: "wire-7".into(),
            hash: [1; 16],
            signature: [2; SIGNATURE_LEN],
            ordinal: 12,
            kind: RecordKind::Indexed,
        };
        let tombstone = RegistryRecord {
            kind: RecordKind::Removed,
            ..indexed.clone()
        };
        let mut bytes = Vec::new();
        indexed.encode(&mut bytes);
        tombstone.encode(&mut bytes);
        let decoded = RegistryRecord::decode_all(&bytes).unwrap();
        assert_eq!(decoded, vec![indexed, tombstone]);
        assert_eq!(decoded[1].kind, RecordKind::Removed);
        let mut bad = bytes.clone();
        bad[0] = 9;
        assert!(RegistryRecord::decode_all(&bad).is_none());
    }
}
