//! Tantivy panics on some damaged segment files (random bytes in a fast-field, term or store
//! file reach its bit-unpacker before any checksum is looked at). Every call into tantivy that
//! reads segments runs through [`guarded`], so such a panic becomes [`Error::Damaged`] and the
//! index is rebuilt instead of the process dying.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use crate::error::{Error, Result};

thread_local! {
    /// How many guarded calls this thread is inside: a panic there is caught and reported as
    /// damage, so the default hook's message (and backtrace) would only alarm the user.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, turning a panic inside it into [`Error::Damaged`] for the index at `dir`.
/// `what` says what was being done, for the message.
pub(super) fn guarded<T>(dir: &Path, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    quiet_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    // Unwind safety: a panic abandons only this call's locals; shared state behind locks is
    // read with `into_inner` on poison, and the error leads to a rebuild that replaces it.
    let outcome = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    outcome.unwrap_or_else(|payload| {
        let cause = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        tracing::warn!(dir = %dir.display(), %cause, "tantivy failed on a damaged index file while {what}");
        Err(Error::Damaged {
            path: dir.to_path_buf(),
            message: format!("reading it failed while {what}: {cause}"),
        })
    })
}

/// Installs, once, a panic hook that stays silent for panics [`guarded`] catches and hands
/// every other panic to the hook that was there before.
fn quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(|d| d.get()) == 0 {
                previous(info);
            }
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
}
