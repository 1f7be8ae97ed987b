//! How often a question's live count ("N answered") is edited into its message while it is
//! open: coalesced and bounded, so a crowd clicking at once costs Discord one edit a second at
//! most. Pure timing rules; the timer task (`handler/quiz/run.rs`) makes the edits.

use std::time::{Duration, Instant};

/// Least time between two edits of a question's live count: well within Discord's rate limit
/// on editing a channel's messages (5 per 5 seconds), and a question open `s` seconds is edited
/// at most `ceil(s)` times however many click.
pub const LIVE_COUNT_EVERY: Duration = Duration::from_secs(1);

/// When a question's live count ("N answered") is next edited in: only when the count changed,
/// and never sooner than [`LIVE_COUNT_EVERY`] after the question was posted or last edited, so a
/// burst of clicks becomes one edit.
#[derive(Debug, Clone, Copy)]
pub struct LiveCount {
    last: Instant,
    shown: usize,
}

impl LiveCount {
    /// A count of 0 shown by the question posted at `posted`.
    pub fn new(posted: Instant) -> LiveCount {
        LiveCount {
            last: posted,
            shown: 0,
        }
    }

    /// The count last shown.
    pub fn shown(&self) -> usize {
        self.shown
    }

    /// The earliest moment the next edit may be sent.
    pub fn next_at(&self) -> Instant {
        self.last + LIVE_COUNT_EVERY
    }

    /// Whether `count` is to be edited in at `now` (it changed, and the wait is over); if so it
    /// is noted as shown.
    pub fn take(&mut self, count: usize, now: Instant) -> bool {
        if count == self.shown || now < self.next_at() {
            return false;
        }
        self.last = now;
        self.shown = count;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_count_is_edited_at_most_once_a_second_and_only_when_it_changed() {
        let t0 = Instant::now();
        let mut live = LiveCount::new(t0);
        assert!(!live.take(3, t0 + Duration::from_millis(500)), "too soon");
        assert_eq!(live.next_at(), t0 + LIVE_COUNT_EVERY);
        assert!(live.take(3, t0 + Duration::from_millis(1000)));
        assert_eq!(live.shown(), 3);
        assert!(!live.take(4, t0 + Duration::from_millis(1500)), "coalesced");
        assert!(!live.take(3, t0 + Duration::from_millis(2500)), "unchanged");
        assert!(live.take(4, t0 + Duration::from_millis(2500)));
        // However fast the clicks, at most one edit per second of a question.
        let mut live = LiveCount::new(t0);
        let edits = (1..=10_000)
            .filter(|ms| live.take(*ms as usize, t0 + Duration::from_millis(*ms)))
            .count();
        assert_eq!(edits, 10);
    }
}
