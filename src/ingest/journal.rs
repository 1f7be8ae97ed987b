//! The ingest journal (`<data_dir>/ingested.jsonl`): every article ingested, as it was read,
//! one JSON object per line. The index can always be rebuilt from the seeds plus this file
//! (after an upgrade, a changed gazetteer or a damaged index), so ingested articles are never
//! lost to a rebuild.
//!
//! Lines are appended before the batch they belong to is committed, and the commit records how
//! far the journal goes ([`crate::index::Knowledge::journal_len`]); a tail past that length is an
//! ingest that never committed, and is cut off before the next one appends.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::source::Incoming;
use crate::error::{Error, Result};

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

    /// Appends records and syncs them to disk; returns the journal's new length.
    pub fn append<'a>(&mut self, records: impl IntoIterator<Item = &'a Incoming>) -> Result<u64> {
        let mut buf = Vec::new();
        for r in records {
            serde_json::to_writer(&mut buf, r).map_err(|e| Error::Data {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
            buf.push(b'\n');
        }
        self.file
            .write_all(&buf)
            .and_then(|_| self.file.sync_data())
            .map_err(|e| Error::io("writing", &self.path, e))?;
        self.len += buf.len() as u64;
        Ok(self.len)
    }
}

/// Reads the journal's whole lines, up to `limit` bytes (all of it when `None`): the records
/// with the byte length they end at. A torn or unreadable line ends the reading there.
pub fn read(path: &Path, limit: Option<u64>) -> Result<Vec<(Incoming, u64)>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("reading", path, e)),
    };
    let mut reader = BufReader::new(file.take(limit.unwrap_or(u64::MAX)));
    let mut out = Vec::new();
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
        match serde_json::from_slice::<Incoming>(&line) {
            Ok(r) => {
                at += n as u64;
                out.push((r, at));
            }
            Err(e) => {
                tracing::warn!(error = %e, offset = at, "the ingest journal ends in a damaged line; ignoring the rest");
                break;
            }
        }
    }
    Ok(out)
}
