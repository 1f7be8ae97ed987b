//! The directory a reader opens the index through: tantivy's memory-mapped directory, except
//! that a reader on a read-only mount (or in a folder it may not write) still opens.
//!
//! tantivy takes its meta lock while a reader opens segments, so that a writer's garbage
//! collection cannot delete them mid-open; taking it means creating a lock file. Where the
//! folder cannot be written, no writer of ours can be deleting files in it either (ingest,
//! index and rebuild need the same write access), so the reader goes on without the lock
//! instead of failing. Every other operation is the memory-mapped directory's own.

use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// tantivy's memory-mapped directory for readers: see the module documentation.
#[derive(Clone, Debug)]
pub struct ReaderDirectory {
    inner: MmapDirectory,
}

impl ReaderDirectory {
    /// Opens `dir` for reading.
    pub fn open(dir: &Path) -> Result<ReaderDirectory, OpenDirectoryError> {
        Ok(ReaderDirectory {
            inner: MmapDirectory::open(dir)?,
        })
    }
}

/// Whether an I/O error says the folder cannot be written (not that something is wrong in it).
pub fn is_unwritable(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for ReaderDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e)) if is_unwritable(&e) => {
                tracing::debug!(lock = %lock.filepath.display(), "the index folder cannot be written; reading without the lock");
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
