//! Tantivy panics on some damaged segment files (random bytes in a fast-field, term or store
//! file reach its bit-unpacker before any checksum is looked at). Every call into tantivy that
//! reads segments runs through [`guarded`], so such a panic becomes [`Error::Damaged`] and the
//! index is rebuilt instead of the process dying.
//!
//! Writing runs partly on tantivy's own threads (indexing workers, merges, the segment
//! updater), where no `catch_unwind` of ours can reach. Tantivy survives their panics (a dead
//! worker makes the next call fail with "an index writer was killed", a merge that panics is
//! cancelled) but drops the cause; the panic hook keeps it instead of printing it, for the
//! [`Appender`](super::Appender) to report ([`take_writer_panics`]).

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Mutex, Once};

use crate::error::{Error, Result};

thread_local! {
    /// How many guarded calls this thread is inside: a panic there is caught and reported as
    /// damage, so the default hook's message (and backtrace) would only alarm the user.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, turning a panic inside it into [`Error::Damaged`] for the index at `dir`.
/// `what` says what was being done, for the message.
pub(super) fn guarded<T>(dir: &Path, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    caught(f).unwrap_or_else(|cause| {
        tracing::warn!(dir = %dir.display(), %cause, "tantivy failed on a damaged index file while {what}");
        Err(Error::Damaged {
            path: dir.to_path_buf(),
            message: format!("reading it failed while {what}: {cause}"),
        })
    })
}

/// Runs a call into tantivy's writer, turning a panic inside it into [`Error::Index`]: what
/// the writer was given is ours and new, so a panic there is not damage a rebuild would mend.
pub(super) fn guarded_write<T>(dir: &Path, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    caught(f).unwrap_or_else(|cause| Err(writer_failed(dir, what, "", &cause)))
}

/// `f`'s result, or the message of the panic that stopped it.
fn caught<T>(f: impl FnOnce() -> Result<T>) -> std::result::Result<Result<T>, String> {
    quiet_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    // Unwind safety: a panic abandons only this call's locals; shared state behind locks is
    // read with `into_inner` on poison, and the error leads to a rebuild that replaces it (or,
    // for a writer, to the writer being dropped, its uncommitted work with it).
    let outcome = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    outcome.map_err(|payload| panic_text(payload.as_ref()))
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}

/// The error for tantivy's writer failing while `what` (`thread` naming one of its own threads,
/// or empty for the calling thread) with `cause`.
pub(super) fn writer_failed(dir: &Path, what: &str, thread: &str, cause: &str) -> Error {
    Error::Index {
        path: dir.to_path_buf(),
        problem: crate::error::IndexProblem::WriterFailed {
            during: what.to_string(),
            thread: thread.to_string(),
            cause: cause.to_string(),
        },
    }
}

/// A panic on one of tantivy's writer threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct WriterPanic {
    /// A merge thread's: the merge read existing segments, so one of them likely does not
    /// decode. Otherwise an indexing worker's or the segment updater's.
    pub merge: bool,
    /// The thread's name.
    pub thread: String,
    /// The panic's message and where it was raised.
    pub cause: String,
}

/// Panics of tantivy's writer threads since they were last taken.
static WRITER_PANICS: Mutex<Vec<WriterPanic>> = Mutex::new(Vec::new());

/// Makes sure panics on tantivy's writer threads are kept for [`take_writer_panics`] (and
/// logged) rather than printed; called before a writer starts its threads.
pub(super) fn watch_writer_threads() {
    quiet_hook();
}

/// The panics tantivy's writer threads raised since this was last called, oldest first.
pub(super) fn take_writer_panics() -> Vec<WriterPanic> {
    std::mem::take(&mut *WRITER_PANICS.lock().unwrap_or_else(|p| p.into_inner()))
}

/// Whether a thread is one tantivy's `IndexWriter` runs (names from tantivy 0.27's
/// `index_writer.rs` and `segment_updater.rs`), and whether it is a merge thread.
fn writer_thread(name: &str) -> Option<bool> {
    if name.starts_with("merge_thread_") {
        Some(true)
    } else if name.starts_with("thrd-tantivy-index") || name == "segment_updater" {
        Some(false)
    } else {
        None
    }
}

/// Installs, once, a panic hook that stays silent for panics [`guarded`] catches, keeps those
/// of tantivy's writer threads, and hands every other panic to the hook that was there before.
fn quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(|d| d.get()) > 0 {
                return;
            }
            let current = std::thread::current();
            let name = current.name().unwrap_or_default();
            let Some(merge) = writer_thread(name) else {
                return previous(info);
            };
            let mut cause = panic_text(info.payload());
            if let Some(at) = info.location() {
                cause.push_str(&format!(" at {at}"));
            }
            tracing::warn!(thread = name, %cause, "a thread of tantivy's index writer panicked");
            WRITER_PANICS
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(WriterPanic {
                    merge,
                    thread: name.to_string(),
                    cause,
                });
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_damage_and_others_pass_through() {
        let dir = Path::new("/srv/index");
        let caught: Result<()> = guarded(dir, "testing", || panic!("bit-unpacker out of range"));
        match caught {
            Err(Error::Damaged { message, .. }) => {
                assert!(message.contains("bit-unpacker"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(guarded(dir, "testing", || Ok(3)), Ok(3)));
        assert_eq!(DEPTH.with(|d| d.get()), 0);
    }

    #[test]
    fn a_panic_on_a_writer_thread_is_kept_not_printed() {
        watch_writer_threads();
        let merge = std::thread::Builder::new()
            .name("merge_thread_7".into())
            .spawn(|| panic!("bitpacked block out of range"))
            .expect("spawn");
        assert!(merge.join().is_err());
        let kept = take_writer_panics();
        assert!(
            kept.iter()
                .any(|p| p.merge && p.cause.contains("out of range")),
            "{kept:?}"
        );
        let caught: Result<()> = guarded_write(Path::new("/srv/index"), "committing", || {
            panic!("segment serialiser")
        });
        let text = caught.unwrap_err().to_string();
        assert!(text.contains("segment serialiser"), "{text}");
        assert!(text.contains("last whole commit"), "{text}");
    }
}
