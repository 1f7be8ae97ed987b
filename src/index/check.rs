//! `treatybot check`: every file of the index read against what it should hold.

use std::path::Path;

use serde::Serialize;
use tantivy::Index;

use super::errors::tantivy_err;
use super::guard::guarded;
use super::registry;
use super::stored::{parse_payload, read_knowledge};
use crate::error::{Error, Result};

/// A file of the index that does not hold what it should, as [`check`] finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Damage {
    /// The file's name inside the index folder.
    pub file: String,
    /// What is wrong with it, as data (`crate::present::damage` words it).
    pub problem: DamageProblem,
}

/// What `check` found wrong with one file of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum DamageProblem {
    /// There is no index in the folder at all (no `meta.json`).
    NoIndex,
    /// The last commit names no knowledge file, or was written by another version.
    NoKnowledgeFile,
    /// A file the last commit names is not there.
    Missing,
    /// A segment file's checksum does not match its contents.
    Checksum,
    /// The file does not decode; the detail is the decoder's own words (for the log and
    /// `--json`, not for a reader).
    Undecodable(String),
}

/// Reads every file of the index in `dir` against what it should hold: each segment file's
/// footer checksum (tantivy's own), that every file a commit names exists, the knowledge file
/// and the article registry decoding. Slow on a large index (it reads everything), so it is a
/// command, not part of opening. An empty list means sound; `Err` only for trouble that is not
/// damage (the folder cannot be read).
pub fn check(dir: &Path) -> Result<Vec<Damage>> {
    let mut found = Vec::new();
    let mut bad = |file: &str, problem: DamageProblem| {
        found.push(Damage {
            file: file.to_string(),
            problem,
        })
    };
    if !dir.join("meta.json").exists() {
        bad("meta.json", DamageProblem::NoIndex);
        return Ok(found);
    }
    let index = match Index::open_in_dir(dir) {
        Ok(index) => index,
        Err(e) => {
            return match tantivy_err(dir, None, &e) {
                Error::Damaged { message, .. } => {
                    bad("meta.json", DamageProblem::Undecodable(message));
                    Ok(found)
                }
                other => Err(other),
            }
        }
    };
    let metas = match index.load_metas() {
        Ok(metas) => metas,
        Err(e) => {
            bad("meta.json", DamageProblem::Undecodable(e.to_string()));
            return Ok(found);
        }
    };
    match metas.payload.as_deref().and_then(parse_payload) {
        None => bad("meta.json", DamageProblem::NoKnowledgeFile),
        Some(payload) => match read_knowledge(dir, &payload) {
            Ok(knowledge) => {
                if let Err(e) = registry::read(dir, knowledge.registry_len) {
                    match e {
                        Error::Damaged { message, .. } => {
                            bad(registry::REGISTRY_FILE, DamageProblem::Undecodable(message))
                        }
                        other => return Err(other),
                    }
                }
            }
            Err(Error::Damaged { message, .. }) => {
                bad(&payload.knowledge, DamageProblem::Undecodable(message))
            }
            Err(other) => return Err(other),
        },
    }
    for segment in &metas.segments {
        use tantivy::index::SegmentComponent as C;
        let mut parts = vec![
            C::Postings,
            C::Positions,
            C::Terms,
            C::Store,
            C::FastFields,
            C::FieldNorms,
        ];
        if segment.has_deletes() {
            parts.push(C::Delete);
        }
        for file in parts.into_iter().map(|c| segment.relative_path(c)) {
            if !dir.join(&file).exists() {
                bad(&file.to_string_lossy(), DamageProblem::Missing);
            }
        }
    }
    let checked = guarded(dir, "checking checksums", || {
        index
            .validate_checksum()
            .map_err(|e| tantivy_err(dir, None, &e))
    });
    match checked {
        Ok(files) => {
            let mut files: Vec<_> = files.into_iter().collect();
            files.sort();
            for file in files {
                bad(&file.to_string_lossy(), DamageProblem::Checksum);
            }
        }
        Err(Error::Damaged { message, .. }) => {
            bad("segment files", DamageProblem::Undecodable(message))
        }
        Err(other) => return Err(other),
    }
    Ok(found)
}
