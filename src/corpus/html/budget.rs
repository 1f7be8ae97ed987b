//! Reading a page within a budget of time and stack, off the caller's thread.
//!
//! A page is untrusted input to a parser and an extractor that were not written for hostile
//! pages, so each page is read on a thread of its own with a stack sized for the deepest tree
//! flattening leaves ([`READER_STACK_BYTES`]), and the caller waits at most its time budget.
//! A reader over its budget cannot be stopped (Rust threads cannot be killed), so it keeps its
//! slot until it really ends: at most `threads` readers exist at once, and abandoned work cannot
//! pile up behind a stream of slow pages. A caller waiting for a slot waits within its budget.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Condvar, Mutex, Once, PoisonError};
use std::time::{Duration, Instant};

/// Stack of a reader thread. Flattening leaves at most [`super::flatten::MAX_DEPTH`] levels, to
/// which the parser may add about as many again (implied `<tbody>`, `<tr>`, re-opened
/// formatting): under a thousand. Unflattened, 15,000 to 30,000 levels overflowed a 2 MiB stack
/// (roughly 100 bytes a level), so a thousand needs well under 1 MiB; 64 MiB leaves a wide
/// margin for heavier frames and costs nothing until touched (reserved address space, not
/// memory).
pub const READER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Name of reader threads (their panics are logged, not printed).
const READER_NAME: &str = "page-reader";

/// How many readers are running now, across the process.
static RUNNING: Mutex<usize> = Mutex::new(0);
static SLOT_FREED: Condvar = Condvar::new();

/// Pages being read at this moment in this process (readers past their budget included).
pub fn readers_running() -> usize {
    *RUNNING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why a budgeted run gave no result.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Over {
    /// No slot came free within the budget.
    NoSlot,
    /// The work did not finish within the budget (it goes on, holding its slot).
    Time,
    /// The work panicked (logged, with where).
    Panicked,
    /// No thread could be started.
    NoThread,
}

/// Runs `work` on a reader thread when one of `threads` slots is free, and waits for it until
/// `budget` (counted from the call, the wait for a slot included) runs out.
pub(super) fn run<T: Send + 'static>(
    threads: usize,
    budget: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Over> {
    let deadline = Instant::now() + budget;
    quiet_reader_panics();
    let slot = Slot::take(threads.max(1), deadline).ok_or(Over::NoSlot)?;
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name(READER_NAME.into())
        .stack_size(READER_STACK_BYTES)
        .spawn(move || {
            // The slot is released when this thread ends, whether or not anyone still waits.
            let _slot = slot;
            let result = panic::catch_unwind(AssertUnwindSafe(work));
            // The caller may have stopped waiting; then the result is simply dropped.
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        tracing::error!("could not start a page reader thread: {e}");
        return Err(Over::NoThread);
    }
    let left = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(left) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err(Over::Panicked),
        Err(_) => Err(Over::Time),
    }
}

/// One of the process's reader slots, held for the life of a reader thread.
struct Slot;

impl Slot {
    /// Waits until fewer than `threads` readers run, or `deadline` passes.
    fn take(threads: usize, deadline: Instant) -> Option<Slot> {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        while *running >= threads {
            let left = deadline.checked_duration_since(Instant::now())?;
            running = SLOT_FREED
                .wait_timeout(running, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *running += 1;
        Some(Slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        *running -= 1;
        SLOT_FREED.notify_all();
    }
}

/// A panic in a reader is the page's doing: it is logged (with where, for whoever runs the bot)
/// instead of printed to the terminal of someone checking a page; other threads' panics are
/// printed as before.
fn quiet_reader_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(READER_NAME) {
                tracing::warn!("the page reader failed: {info}");
            } else {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_and_work_over_time_is_abandoned() {
        let r: Result<(), _> = run(64, Duration::from_secs(5), || panic!("boom"));
        assert_eq!(r, Err(Over::Panicked));
        let t = Instant::now();
        let r = run(64, Duration::from_millis(200), || {
            std::thread::sleep(Duration::from_millis(1500))
        });
        assert_eq!(r, Err(Over::Time));
        assert!(t.elapsed() < Duration::from_millis(1000));
        assert_eq!(run(64, Duration::from_secs(5), || 7), Ok(7));
    }
}
