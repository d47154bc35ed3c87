// SPDX-License-Identifier: GPL-2.0

//! A log rate limit: at most [`BURST`] messages per [`INTERVAL_MS`] window.
//!
//! Pure logic (the caller passes the time), tested by KUnit.

use kernel::prelude::*;

/// Messages allowed per window.
pub(crate) const BURST: u32 = 10;
/// The window, in milliseconds.
pub(crate) const INTERVAL_MS: u64 = 5000;

/// The state of one rate limit.
pub(crate) struct RateLimit {
    window_start: u64,
    in_window: u32,
    suppressed: u32,
}

/// What to do with one message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Log it; `suppressed` messages were dropped since the last one logged.
    Log {
        /// Messages dropped before this one.
        suppressed: u32,
    },
    /// Drop it.
    Drop,
}

impl RateLimit {
    /// A limit whose first window starts at time 0.
    pub(crate) const fn new() -> RateLimit {
        RateLimit {
            window_start: 0,
            in_window: 0,
            suppressed: 0,
        }
    }

    /// Decides about a message at time `now_ms`.
    pub(crate) fn check(&mut self, now_ms: u64) -> Verdict {
        if now_ms.saturating_sub(self.window_start) >= INTERVAL_MS || now_ms < self.window_start {
            self.window_start = now_ms;
            self.in_window = 0;
        }
        if self.in_window < BURST {
            self.in_window += 1;
            let suppressed = core::mem::take(&mut self.suppressed);
            Verdict::Log { suppressed }
        } else {
            self.suppressed = self.suppressed.saturating_add(1);
            Verdict::Drop
        }
    }

    /// The time until which every message will be dropped, once this window's burst is
    /// used up: a caller may skip [`RateLimit::check`] (and any lock around it) until
    /// then, counting what it skipped.
    pub(crate) fn quiet_until(&self) -> Option<u64> {
        (self.in_window >= BURST).then(|| self.window_start.saturating_add(INTERVAL_MS))
    }
}

#[kunit_tests(genltest_ratelimit)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_drops() {
        let mut r = RateLimit::new();
        for _ in 0..BURST {
            assert_eq!(r.check(10), Verdict::Log { suppressed: 0 });
        }
        assert_eq!(r.check(11), Verdict::Drop);
        assert_eq!(r.check(12), Verdict::Drop);
    }

    #[test]
    fn a_new_window_logs_again_and_counts_the_dropped() {
        let mut r = RateLimit::new();
        for _ in 0..BURST + 3 {
            r.check(0);
        }
        assert_eq!(r.check(INTERVAL_MS), Verdict::Log { suppressed: 3 });
        assert_eq!(r.check(INTERVAL_MS + 1), Verdict::Log { suppressed: 0 });
    }

    #[test]
    fn quiet_until_the_window_ends_once_the_burst_is_used() {
        let mut r = RateLimit::new();
        // The first window starts at time 0.
        r.check(100);
        assert_eq!(r.quiet_until(), None);
        for _ in 1..BURST {
            r.check(200);
        }
        assert_eq!(r.quiet_until(), Some(INTERVAL_MS));
        assert_eq!(r.check(INTERVAL_MS - 1), Verdict::Drop);
        // The next window starts afresh.
        assert_eq!(r.check(INTERVAL_MS), Verdict::Log { suppressed: 1 });
        assert_eq!(r.quiet_until(), None);
    }
}
