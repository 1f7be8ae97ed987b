//! What a failure of the index means: damage, which a rebuild fixes, or trouble a rebuild would
//! meet too (a permission, a held lock, a full disk), which gets advice instead.

use std::path::Path;

use crate::error::{Error, IndexProblem};

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// A failure of the index at `dir` that is not damage.
pub(super) fn index_err(dir: &Path, problem: IndexProblem) -> Error {
    Error::Index {
        path: dir.to_path_buf(),
        problem,
    }
}

/// Damage to the index at `dir`: a file that does not hold what it should.
pub(super) fn damaged(dir: &Path, message: impl std::fmt::Display) -> Error {
    Error::Damaged {
        path: dir.to_path_buf(),
        message: message.to_string(),
    }
}

/// What a tantivy error means for the index at `dir`, `context` (if any) saying where it was
/// met. Only damage ([`is_damage`]) becomes [`Error::Damaged`], so only damage is rebuilt; a
/// held lock, a permission or a full disk would fail the rebuild the same way, so those get
/// advice that fits instead.
pub(super) fn tantivy_err(dir: &Path, context: Option<&str>, e: &tantivy::TantivyError) -> Error {
    // tantivy's own text for a lock file it cannot create says another writer holds the
    // index, which is not what happened: say what did.
    let said = match e {
        tantivy::TantivyError::LockFailure(
            tantivy::directory::error::LockError::IoError(io),
            _,
        ) => {
            format!("cannot create its lock file ({io})")
        }
        e => e.to_string(),
    };
    if is_damage(e) {
        let what = match context {
            Some(c) => format!("{c}: {said}"),
            None => said,
        };
        return damaged(dir, what);
    }
    if io_kind(e).is_some_and(crate::error::is_full_kind) || full_disk_behind(dir, e) {
        return disk_full(dir, "writing the index", None);
    }
    if let tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, _) = e
    {
        return index_err(dir, IndexProblem::Locked);
    }
    index_err(
        dir,
        IndexProblem::Failed {
            during: context.map(str::to_string),
            detail: said,
            io: io_kind(e),
        },
    )
}

/// Less free space than this after a write failed means the write failed for want of it: a
/// failed write fills the disk up to its last block, and no segment or commit file is smaller.
const NEARLY_FULL_BYTES: u64 = 1 << 20;

/// Bytes free (to this user) on the disk holding `path`, or the nearest folder above it that
/// exists; `None` when the system will not say.
pub fn available_space(path: &Path) -> Option<u64> {
    let existing = path.ancestors().find(|p| p.exists())?;
    fs4::available_space(existing).ok()
}

/// Whether a tantivy error that carries no `io::Error` hides a full disk. Tantivy's writer
/// threads lose it: the store's compressor thread passes on only its text
/// (`InternalError("No space left on device (os error 28)")`), and a worker that died leaves
/// only "an index writer was killed". The text may still hold ENOSPC's number (28 on every Unix); otherwise a disk
/// with next to nothing free says what killed the writer.
fn full_disk_behind(dir: &Path, e: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    match e {
        T::InternalError(text) | T::ErrorInThread(text) | T::SystemError(text) => {
            let enospc = std::io::Error::from_raw_os_error(28).to_string();
            (cfg!(unix) && text.contains(&enospc)) || nearly_full(dir)
        }
        _ => false,
    }
}

/// Whether the disk holding `path` has (almost) no room left.
fn nearly_full(path: &Path) -> bool {
    available_space(path).is_some_and(|free| free < NEARLY_FULL_BYTES)
}

/// The error for a disk that filled up while `what` wrote under `folder`, with what it needs
/// when the caller can tell and what is free now.
pub fn disk_full(folder: &Path, what: &str, needed: Option<u64>) -> Error {
    Error::DiskFull {
        folder: folder.to_path_buf(),
        what: what.to_string(),
        needed,
        available: available_space(folder),
    }
}

/// Whether a tantivy error means the index's files are damaged, so that rebuilding it is the
/// fix: tantivy's own `DataCorruption` (a footer, checksum or meta.json that does not hold),
/// a stored document that does not deserialise, a block that does not decompress (tantivy
/// reports that as `InvalidData` or `UnexpectedEof`), a file a commit names that is gone, or an
/// index this tantivy cannot read.
fn is_damage(e: &tantivy::TantivyError) -> bool {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as T;
    // An error tantivy made itself (no OS error code) of kind `Other` is its word for bytes it
    // could not make sense of ("Unsupported dictionary type"), never a permission or a disk.
    let bad_bytes = |io: &std::io::Error| {
        matches!(
            io.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
        ) || (io.kind() == std::io::ErrorKind::Other && io.raw_os_error().is_none())
    };
    match e {
        T::DataCorruption(_) | T::DeserializeError(_) | T::IncompatibleIndex(_) => true,
        T::OpenReadError(OpenReadError::FileDoesNotExist(_))
        | T::OpenReadError(OpenReadError::IncompatibleIndex(_)) => true,
        T::OpenReadError(OpenReadError::IoError { io_error, .. }) => bad_bytes(io_error),
        T::IoError(io) => bad_bytes(io),
        _ => false,
    }
}

/// The kind of the operating-system error behind a tantivy error, if it is one.
fn io_kind(e: &tantivy::TantivyError) -> Option<std::io::ErrorKind> {
    use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    match e {
        T::IoError(io)
        | T::OpenReadError(OpenReadError::IoError { io_error: io, .. })
        | T::OpenWriteError(OpenWriteError::IoError { io_error: io, .. })
        | T::OpenDirectoryError(OpenDirectoryError::IoError { io_error: io, .. })
        | T::OpenDirectoryError(OpenDirectoryError::FailedToCreateTempDir(io))
        | T::LockFailure(LockError::IoError(io), _) => Some(io.kind()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::Arc;

    use tantivy::directory::error::{LockError, OpenReadError};
    use tantivy::error::DataCorruption;
    use tantivy::TantivyError;

    use super::*;

    fn dir() -> &'static Path {
        Path::new("/srv/treatybot/data/index")
    }

    fn io(kind: io::ErrorKind) -> Arc<io::Error> {
        Arc::new(io::Error::new(kind, "from the system"))
    }

    #[test]
    fn corrupt_torn_or_missing_files_are_damage() {
        for e in [
            TantivyError::DataCorruption(DataCorruption::comment_only("checksum mismatch")),
            // How a store block that does not decompress is reported.
            TantivyError::IoError(io(io::ErrorKind::InvalidData)),
            TantivyError::IoError(io(io::ErrorKind::UnexpectedEof)),
            // How a term dictionary whose header is garbled is reported.
            TantivyError::IoError(Arc::new(io::Error::other(
                "Unsupported dictionary type, found 384779485",
            ))),
            TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("0a1b.store".into())),
        ] {
            let err = tantivy_err(dir(), None, &e);
            assert!(matches!(err, Error::Damaged { .. }), "{e:?} → {err:?}");
            assert!(err.to_string().contains("rebuilt"), "{err}");
        }
    }

    #[test]
    fn permission_denied_is_not_damage_and_says_what_to_fix() {
        for e in [
            TantivyError::IoError(io(io::ErrorKind::PermissionDenied)),
            TantivyError::OpenReadError(OpenReadError::IoError {
                io_error: io(io::ErrorKind::PermissionDenied),
                filepath: "meta.json".into(),
            }),
            TantivyError::LockFailure(
                LockError::IoError(io(io::ErrorKind::PermissionDenied)),
                None,
            ),
        ] {
            let err = tantivy_err(dir(), None, &e);
            assert!(matches!(err, Error::Index { .. }), "{e:?} → {err:?}");
            let text = err.to_string();
            assert!(text.contains(&dir().display().to_string()), "{text}");
            assert!(text.contains("read and write access"), "{text}");
            assert!(!text.contains("treatybot index"), "{text}");
        }
    }

    #[test]
    fn an_operating_system_error_is_not_damage_whatever_its_kind() {
        // EIO: the disk, not the bytes; a rebuild would meet it too.
        let e = TantivyError::IoError(Arc::new(io::Error::from_raw_os_error(5)));
        let err = tantivy_err(dir(), None, &e);
        assert!(matches!(err, Error::Index { .. }), "{err:?}");
    }

    #[test]
    fn a_full_disk_or_a_held_lock_is_not_damage() {
        let full = tantivy_err(
            dir(),
            None,
            &TantivyError::IoError(io(io::ErrorKind::StorageFull)),
        );
        assert!(matches!(full, Error::DiskFull { .. }), "{full:?}");
        // How the store's compressor thread passes ENOSPC on: its text only.
        let enospc = io::Error::from_raw_os_error(28).to_string();
        let lost = tantivy_err(dir(), None, &TantivyError::InternalError(enospc));
        assert!(matches!(lost, Error::DiskFull { .. }), "{lost:?}");
        assert!(full.to_string().contains("disk is full"), "{full}");
        let locked = tantivy_err(
            dir(),
            None,
            &TantivyError::LockFailure(LockError::LockBusy, None),
        );
        assert!(matches!(locked, Error::Index { .. }), "{locked:?}");
        assert!(locked.to_string().contains("another treatybot process"));
        for err in [full, locked] {
            assert!(!err.to_string().contains("treatybot index"), "{err}");
        }
    }
}
