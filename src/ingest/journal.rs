//! The ingest journal (`<data_dir>/ingested.jsonl`): every article ingested, as it was read,
//! one JSON object per line. The index can always be rebuilt from the seeds plus this file
//! (after an upgrade, a changed gazetteer or a damaged index), so ingested articles are never
//! lost to a rebuild.
//!
//! Lines are appended before the batch they belong to is committed, and the commit records how
//! far the journal goes ([`crate::index::Knowledge::journal_len`]); a tail past that length is an
//! ingest that never committed, and is cut off before the next one appends.
//!
//! A removal (`treatybot remove`) appends a tombstone line, `{"removed":"ID"}`, which has none of
//! an article's fields, so it can never be read as one. An article line whose id comes again
//! later (a replacement) or is followed by a tombstone is superseded: a rebuild replays only
//! [`live`] records, so it ends where the live index is.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::source::Incoming;
use crate::error::{Error, Result};

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
// Nearly every entry is an article, read and handed on one at a time: boxing each would
// allocate for nothing to save space on the rare tombstone.
#[allow(clippy::large_enum_variant)]
pub enum Entry {
    /// A tombstone: the article with this id was removed; earlier lines with it are void.
    Removed(Removal),
    /// An article as it was ingested (its final id, prefix included).
    Article(Incoming),
}

/// The body of a tombstone line: `{"removed":"ID"}`, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removal {
    /// The id removed.
    pub removed: String,
}

impl Entry {
    /// The id the line is about.
    pub fn id(&self) -> &str {
        match self {
            Entry::Removed(r) => &r.removed,
            Entry::Article(a) => &a.id,
        }
    }
}

/// The article records of `entries` that nothing later supersedes (no later line with the same
/// id, article or tombstone), in journal order, each with the byte length it ends at.
pub fn live(entries: Vec<(Entry, u64)>) -> Vec<(Incoming, u64)> {
    let mut last: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (at, (e, _)) in entries.iter().enumerate() {
        last.insert(e.id().to_string(), at);
    }
    entries
        .into_iter()
        .enumerate()
        .filter_map(|(at, (e, end))| match e {
            Entry::Article(a) if last.get(&a.id) == Some(&at) => Some((a, end)),
            _ => None,
        })
        .collect()
}

/// File name of the journal inside the data directory.
pub const JOURNAL_FILE: &str = "ingested.jsonl";

/// Where the journal lives for a data directory.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(JOURNAL_FILE)
}

/// An open journal, cut back to its committed length, ready to append.
pub struct Journal {
    path: PathBuf,
    file: std::fs::File,
    len: u64,
}

impl Journal {
    /// Opens (or creates) the journal and drops anything past `committed` bytes.
    pub fn open(path: &Path, committed: u64) -> Result<Journal> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| Error::io("opening", path, e))?;
        let on_disk = file
            .metadata()
            .map_err(|e| Error::io("reading", path, e))?
            .len();
        let len = committed.min(on_disk);
        if on_disk > len {
            tracing::info!(
                dropped = on_disk - len,
                "cutting an uncommitted tail off the ingest journal"
            );
        }
        file.set_len(len)
            .and_then(|_| file.seek(SeekFrom::Start(len)))
            .map_err(|e| Error::io("writing", path, e))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            len,
        })
    }

    /// Appends article records and syncs them to disk; returns the journal's new length.
    pub fn append<'a>(&mut self, records: impl IntoIterator<Item = &'a Incoming>) -> Result<u64> {
        let mut buf = Vec::new();
        for r in records {
            self.encode(&mut buf, r)?;
        }
        self.write(buf)
    }

    /// Appends a tombstone line for each id and syncs them to disk; returns the new length.
    pub fn append_removals<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> Result<u64> {
        let mut buf = Vec::new();
        for id in ids {
            self.encode(
                &mut buf,
                &Removal {
                    removed: id.to_string(),
                },
            )?;
        }
        self.write(buf)
    }

    /// Rewrites the journal with only its live records (see [`live`]) when superseded lines
    /// (earlier versions, removed articles, tombstones) are most of it and it is past
    /// [`COMPACT_MIN_BYTES`]: ten replacements of one page must not keep ten copies. The
    /// journal is read only once `superseded` (a lower bound of the superseded bytes, which
    /// the index keeps) says compacting may pay, so a removal in a large collection does not
    /// read it every time. Returns the new length, which the caller commits as the journal's
    /// length; `None` when nothing was done. Call it holding the writer lock.
    ///
    /// The new file replaces the old by a rename, so a crash leaves one or the other, whole.
    /// Both hold the same live records, and a committed length past the end of the shorter
    /// file only means nothing is cut off it ([`Journal::open`] takes the smaller).
    pub fn compact(&mut self, superseded: u64) -> Result<Option<u64>> {
        self.compact_past(COMPACT_MIN_BYTES, superseded)
    }

    fn compact_past(&mut self, min_bytes: u64, superseded: u64) -> Result<Option<u64>> {
        if self.len < min_bytes || superseded.saturating_mul(2) < self.len {
            return Ok(None);
        }
        // Two passes over the file: which line is each id's last, then the live lines copied.
        // Only the ids are held, never the records.
        // Each line is known by where it ends.
        let mut last: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        let mut lines = 0usize;
        for_each_entry(&self.path, Some(self.len), |entry, end| {
            last.insert(entry.id().to_string(), end);
            lines += 1;
        })?;
        let mut live_bytes = 0u64;
        let mut buf = Vec::new();
        for_each_entry(&self.path, Some(self.len), |entry, end| {
            if let Entry::Article(a) = entry {
                if last.get(&a.id) == Some(&end) {
                    let before = buf.len();
                    if serde_json::to_writer(&mut buf, &a).is_ok() {
                        buf.push(b'\n');
                        live_bytes += (buf.len() - before) as u64;
                    } else {
                        buf.truncate(before);
                    }
                }
            }
        })?;
        if live_bytes * 2 > self.len {
            return Ok(None);
        }
        let fresh = self.path.with_extension("jsonl.compacting");
        let write = || -> std::io::Result<std::fs::File> {
            let mut f = std::fs::File::create(&fresh)?;
            f.write_all(&buf)?;
            f.sync_all()?;
            std::fs::rename(&fresh, &self.path)?;
            if let Some(dir) = self.path.parent() {
                // The rename itself must reach the disk before the commit that counts on it.
                std::fs::File::open(dir).and_then(|d| d.sync_all())?;
            }
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.path)
        };
        let mut file = write().map_err(|e| {
            let _ = std::fs::remove_file(&fresh);
            Error::io("compacting", &self.path, e)
        })?;
        let len = buf.len() as u64;
        file.seek(SeekFrom::Start(len))
            .map_err(|e| Error::io("compacting", &self.path, e))?;
        tracing::info!(
            before = self.len,
            after = len,
            lines,
            "compacted the ingest journal: superseded versions dropped"
        );
        self.file = file;
        self.len = len;
        Ok(Some(len))
    }

    fn encode(&self, buf: &mut Vec<u8>, record: &impl Serialize) -> Result<()> {
        serde_json::to_writer(&mut *buf, record).map_err(|e| Error::Data {
            path: self.path.clone(),
            problem: crate::error::DataProblem::Encode(e.to_string()),
        })?;
        buf.push(b'\n');
        Ok(())
    }

    fn write(&mut self, buf: Vec<u8>) -> Result<u64> {
        if buf.is_empty() {
            return Ok(self.len);
        }
        self.file
            .write_all(&buf)
            .and_then(|_| self.file.sync_data())
            .map_err(|e| Error::io("writing", &self.path, e))?;
        self.len += buf.len() as u64;
        Ok(self.len)
    }
}

/// Journals smaller than this are never compacted: rewriting them saves too little.
pub const COMPACT_MIN_BYTES: u64 = 1 << 20;

/// Calls `each` with every whole, readable entry of the first `limit` bytes (all of it when
/// `None`) and the byte length it ends at. A torn or unreadable line ends the reading there; a
/// missing journal has no entries.
fn for_each_entry(path: &Path, limit: Option<u64>, mut each: impl FnMut(Entry, u64)) -> Result<()> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("reading", path, e)),
    };
    let mut reader = BufReader::new(file.take(limit.unwrap_or(u64::MAX)));
    let mut at = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::io("reading", path, e))?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        match serde_json::from_slice::<Entry>(&line) {
            Ok(r) => {
                at += n as u64;
                each(r, at);
            }
            Err(e) => {
                tracing::warn!(error = %e, offset = at, "the ingest journal ends in a damaged line; ignoring the rest");
                break;
            }
        }
    }
    Ok(())
}

/// Reads the journal's whole lines, up to `limit` bytes (all of it when `None`): the entries
/// (articles and tombstones) with the byte length they end at. A torn or unreadable line ends
/// the reading there. See [`live`] for the records a rebuild replays.
pub fn read(path: &Path, limit: Option<u64>) -> Result<Vec<(Entry, u64)>> {
    let mut out = Vec::new();
    for_each_entry(path, limit, |entry, at| out.push((entry, at)))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Incoming {
        Incoming {
            id: id.into(),
            title: format!("About {id}"),
            text: text.into(),
            file: "t.jsonl".into(),
            line: 1,
            ..Incoming::default()
        }
    }

    #[test]
    fn a_tombstone_is_never_read_as_an_article_and_an_article_never_as_a_tombstone() {
        let line = r#"{"removed":"a1"}"#;
        assert!(serde_json::from_str::<Incoming>(line).is_err());
        assert_eq!(
            serde_json::from_str::<Entry>(line).unwrap(),
            Entry::Removed(Removal {
                removed: "a1".into()
            })
        );
        let a = article("a1", "Words.");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            serde_json::from_str::<Entry>(&json).unwrap(),
            Entry::Article(a)
        );
    }

    #[test]
    fn removals_and_later_versions_supersede_earlier_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = path(dir.path());
        let mut j = Journal::open(&path, 0).unwrap();
        j.append(&[
            article("a", "one"),
            article("b", "two"),
            article("c", "three"),
        ])
        .unwrap();
        j.append_removals(["b"]).unwrap();
        let end = j.append(&[article("a", "one, corrected")]).unwrap();
        assert_eq!(j.append_removals(std::iter::empty()).unwrap(), end);

        let entries = read(&path, None).unwrap();
        assert_eq!(entries.len(), 5);
        assert!(matches!(&entries[3].0, Entry::Removed(r) if r.removed == "b"));
        let kept: Vec<(String, String)> = live(entries)
            .into_iter()
            .map(|(a, _)| (a.id, a.text))
            .collect();
        assert_eq!(
            kept,
            vec![
                ("c".to_string(), "three".to_string()),
                ("a".to_string(), "one, corrected".to_string())
            ]
        );
        // An uncommitted tombstone is cut off with the rest of the tail.
        let j = Journal::open(&path, entries_len_before_removal(&path)).unwrap();
        drop(j);
        let ids: Vec<String> = live(read(&path, None).unwrap())
            .into_iter()
            .map(|(a, _)| a.id)
            .collect();
        assert_eq!(ids, vec!["a", "b", "c"]);
    }

    fn entries_len_before_removal(path: &Path) -> u64 {
        read(path, None).unwrap()[2].1
    }

    #[test]
    fn compaction_keeps_each_live_record_once_and_only_when_most_is_superseded() {
        let dir = tempfile::tempdir().unwrap();
        let path = path(dir.path());
        let mut j = Journal::open(&path, 0).unwrap();
        let big = "word ".repeat(2000);
        j.append(&[article("keep", "kept as it is")]).unwrap();
        for round in 0..10 {
            j.append(&[article("page", &format!("{round} {big}"))])
                .unwrap();
        }
        j.append(&[article("gone", "removed later")]).unwrap();
        let before = j.append_removals(["gone"]).unwrap();
        let live_before: Vec<(String, String)> = live(read(&path, None).unwrap())
            .into_iter()
            .map(|(a, _)| (a.id, a.text))
            .collect();
        // Until the superseded share may be half, the journal is not even read.
        assert_eq!(j.compact_past(1000, before / 3).unwrap(), None);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), before);
        let after = j
            .compact_past(1000, before.div_ceil(2))
            .unwrap()
            .expect("mostly superseded");
        assert!(after * 5 < before, "{before} → {after}");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), after);
        let entries = read(&path, None).unwrap();
        assert_eq!(entries.len(), 2, "one line per live record, no tombstone");
        let live_after: Vec<(String, String)> = live(entries)
            .into_iter()
            .map(|(a, _)| (a.id, a.text))
            .collect();
        assert_eq!(live_after, live_before);
        // Appending goes on after the compacted end; a second compaction finds nothing to do.
        let end = j.append(&[article("next", "after")]).unwrap();
        assert!(end > after);
        assert_eq!(j.compact_past(1000, end).unwrap(), None);
        // A committed length past the end (a crash after the rename, before the commit) cuts
        // nothing.
        drop(j);
        let reopened = Journal::open(&path, before).unwrap();
        assert_eq!(reopened.len, end);
    }
}
