//! `treatybot migrate-store`: every quiz, question, answer and point of a SQLite store copied
//! into an empty PostgreSQL store, in one transaction, then counted on both sides.

use std::path::{Path, PathBuf};

use super::postgres::StoreTotals;
use super::{PostgresStore, SqliteStore, StoreDump, StoreError};

/// What a migration copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateReport {
    /// The SQLite file read.
    pub from: PathBuf,
    /// The PostgreSQL server written, as `HOST:PORT/DATABASE`.
    pub to: String,
    /// What arrived there (checked against what was read).
    pub copied: StoreTotals,
}

impl std::fmt::Display for MigrateReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.copied;
        write!(
            f,
            "Copied {} quizzes, {} questions and {} answers ({} points) from {} to PostgreSQL at {}.",
            c.quizzes,
            c.questions,
            c.answers,
            c.points,
            self.from.display(),
            self.to
        )
    }
}

/// What a dump holds, counted as [`PostgresStore::totals`] counts.
fn totals(dump: &StoreDump) -> StoreTotals {
    StoreTotals {
        quizzes: dump.quizzes.len() as u64,
        questions: dump.questions.len() as u64,
        answers: dump.answers.len() as u64,
        points: dump.answers.iter().map(|a| a.points.max(0) as u64).sum(),
    }
}

/// Copies the SQLite store at `from` into the PostgreSQL store at `to_url` (made and migrated
/// if new). Refuses a missing source ([`StoreError::NoSource`]: opening would make an empty one)
/// and a target that holds any quiz ([`StoreError::TargetNotEmpty`]), so running it twice
/// copies nothing twice. Blocking.
pub fn migrate_sqlite_to_postgres(from: &Path, to_url: &str) -> Result<MigrateReport, StoreError> {
    if !from.is_file() {
        return Err(StoreError::NoSource(from.to_path_buf()));
    }
    let source = SqliteStore::open(from)?;
    let dump = source.export()?;
    let target = PostgresStore::connect(to_url)?;
    target.import(&dump)?;
    let want = totals(&dump);
    let copied = target.totals()?;
    if copied != want {
        // Only another writer between the commit and the count could do this.
        return Err(StoreError::Query {
            store: format!("PostgreSQL quiz store at {}", target.server()),
            message: format!("after the copy it holds {copied:?}, the SQLite file {want:?}"),
        });
    }
    Ok(MigrateReport {
        from: from.to_path_buf(),
        to: target.server().to_string(),
        copied,
    })
}
