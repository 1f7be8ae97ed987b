//! One writer at a time per data directory: `ingest`, `index` and any rebuild hold an OS lock on
//! `data_dir/writer.lock` while they write. One bot per data directory: `serve` holds
//! `data_dir/serve.lock` for as long as it runs (its quizzes, their timers and the quiz store
//! are its own; a second bot would close them as interrupted and ask again). The operating
//! system releases a lock when the holder dies, however it dies, so a killed process never
//! blocks the next one. Each file also says who holds it (pid, command line, since when), for
//! the message the second process gets.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use crate::error::{Error, Result};

/// The lock file's name under the data directory.
pub const LOCK_FILE: &str = "writer.lock";

/// The bot's lock file under the data directory.
pub const SERVE_LOCK_FILE: &str = "serve.lock";

/// Proof that this process is the data directory's only bot; released when dropped.
pub struct ServeLock {
    _file: File,
}

impl ServeLock {
    /// Takes the bot lock of `data_dir` at once, or fails naming the process that holds it.
    pub fn acquire(data_dir: &Path) -> Result<ServeLock> {
        match lock_file(data_dir, SERVE_LOCK_FILE)? {
            Ok(file) => Ok(ServeLock { _file: file }),
            Err(holder) => Err(Error::Busy {
                path: data_dir.to_path_buf(),
                what: crate::error::Holding::Serving,
                holder,
                advice: "Stop it first, or give this bot its own data_dir (TREATYBOT__DATA_DIR)",
            }),
        }
    }
}

/// Opens `data_dir/name` and takes its OS lock at once, writing this process's identity into
/// it. `Ok(Err(holder))` when another process holds it.
fn lock_file(data_dir: &Path, name: &str) -> Result<std::result::Result<File, String>> {
    let path = data_dir.join(name);
    std::fs::create_dir_all(data_dir).map_err(|e| Error::io("creating", data_dir, e))?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io("opening", &path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Ok(Err(if holder.is_empty() {
                "another process".to_string()
            } else {
                holder.to_string()
            }));
        }
        Err(TryLockError::Error(e)) => return Err(Error::io("locking", &path, e)),
    }
    let me = format!(
        "pid {}, `{}`, since {}",
        std::process::id(),
        command_line(),
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
    );
    file.set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(me.as_bytes()))
        .map_err(|e| Error::io("writing", &path, e))?;
    Ok(Ok(file))
}

/// Proof that this process is the data directory's only writer; released when dropped (the
/// last clone, as nested writers in one process, e.g. an ingest that builds first, share it).
#[derive(Clone)]
pub struct WriterLock {
    _file: Arc<File>,
}

/// Locks held by this process, so a writer that calls another writer does not lock itself out.
fn held() -> &'static Mutex<HashMap<PathBuf, Weak<File>>> {
    static HELD: OnceLock<Mutex<HashMap<PathBuf, Weak<File>>>> = OnceLock::new();
    HELD.get_or_init(Default::default)
}

impl WriterLock {
    /// Takes the writer lock of `data_dir` at once, or fails naming the process that holds it.
    /// A newly taken lock first clears what killed writers left behind.
    pub fn acquire(data_dir: &Path) -> Result<WriterLock> {
        let path = data_dir.join(LOCK_FILE);
        let mut held = held().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(file) = held.get(&path).and_then(Weak::upgrade) {
            return Ok(WriterLock { _file: file });
        }
        let file = match lock_file(data_dir, LOCK_FILE)? {
            Ok(file) => file,
            Err(holder) => return Err(busy(data_dir, holder)),
        };
        remove_leftovers(data_dir);
        let file = Arc::new(file);
        held.insert(path, Arc::downgrade(&file));
        Ok(WriterLock { _file: file })
    }
}

/// The error a second writer gets.
fn busy(data_dir: &Path, holder: String) -> Error {
    Error::Busy {
        path: data_dir.to_path_buf(),
        what: crate::error::Holding::Writing,
        holder,
        advice: "Wait for it to finish, or stop that process, then run this again",
    }
}

/// This process's command line, for the lock file.
fn command_line() -> String {
    let mut args = std::env::args();
    let program = args
        .next()
        .map(|p| {
            Path::new(&p)
                .file_name()
                .map_or(p.clone(), |n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "treatybot".into());
    std::iter::once(program)
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Removes the build folders (`.index.building-<pid>`) and set-aside indexes (`index.old-<pid>`)
/// of writers that were killed: with the lock held, no other writer can be using one.
fn remove_leftovers(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".index.building-") || name.starts_with("index.old-") {
            let path = entry.path();
            match std::fs::remove_dir_all(&path) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "removed what a stopped build left")
                }
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "could not remove what a stopped build left")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_process_shares_its_lock_and_leftovers_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join(".index.building-999999/x")).expect("mkdir");
        let first = WriterLock::acquire(dir.path()).expect("first");
        assert!(!dir.path().join(".index.building-999999").exists());
        let nested = WriterLock::acquire(dir.path()).expect("nested in one process");
        drop((first, nested));
        let text = std::fs::read_to_string(dir.path().join(LOCK_FILE)).expect("lock file");
        assert!(
            text.contains(&format!("pid {}", std::process::id())),
            "{text}"
        );
    }
}
