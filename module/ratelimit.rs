// SPDX-License-Identifier: GPL-2.0

//! A log rate limit: at most [`BURST`] messages per [`INTERVAL_MS`] window.
//!
//! Lock-free, so it can live in a plain `static` (like the kernel's
//! `DEFINE_RATELIMIT_STATE`, which takes a spinlock instead) and be used from any context.
//! The caller passes the time, so the logic is tested by KUnit without a clock.

use kernel::{
    prelude::*,
    sync::atomic::{
        Atomic,
        Relaxed, //
    },
};

/// Messages allowed per window.
pub(crate) const BURST: u32 = 10;
/// The window, in milliseconds.
pub(crate) const INTERVAL_MS: u64 = 5000;

/// The bits of [`RateLimit::window`] that count the messages logged in the window.
const COUNT_BITS: u32 = 16;
/// The mask of those bits.
const COUNT_MASK: u64 = (1 << COUNT_BITS) - 1;

/// The state of one rate limit.
pub(crate) struct RateLimit {
    /// The current window in one word, so one compare-and-exchange moves it: its start
    /// (ms, 48 bits: 8,900 years) above [`COUNT_BITS`], the messages logged in it below.
    window: Atomic<u64>,
    /// Messages dropped since the last one logged.
    suppressed: Atomic<u64>,
}

/// What to do with one message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Log it; `suppressed` messages were dropped since the last one logged.
    Log {
        /// Messages dropped before this one.
        suppressed: u64,
    },
    /// Drop it.
    Drop,
}

impl RateLimit {
    /// A limit whose first window starts at time 0.
    pub(crate) const fn new() -> RateLimit {
        RateLimit {
            window: Atomic::new(0),
            suppressed: Atomic::new(0),
        }
    }

    /// Decides about a message at time `now_ms`.
    ///
    /// Once a window's burst is used up, a message costs a load and an addition until
    /// the window ends; a message that is logged costs one compare-and-exchange (more
    /// only when other CPUs log at the same moment) and an exchange.
    pub(crate) fn check(&self, now_ms: u64) -> Verdict {
        let now = now_ms & (u64::MAX >> COUNT_BITS);
        let mut window = self.window.load(Relaxed);
        loop {
            let (mut start, mut logged) = (window >> COUNT_BITS, window & COUNT_MASK);
            if now.saturating_sub(start) >= INTERVAL_MS || now < start {
                (start, logged) = (now, 0);
            }
            if logged >= u64::from(BURST) {
                self.suppressed.add(1, Relaxed);
                return Verdict::Drop;
            }
            let next = (start << COUNT_BITS) | (logged + 1);
            match self.window.cmpxchg(window, next, Relaxed) {
                Ok(_) => {
                    let suppressed = self.suppressed.xchg(0, Relaxed);
                    return Verdict::Log { suppressed };
                }
                // Another CPU moved the window first: decide again on what it did.
                Err(current) => window = current,
            }
        }
    }
}

#[kunit_tests(genltest_ratelimit)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_drops() {
        let r = RateLimit::new();
        for _ in 0..BURST {
            assert_eq!(r.check(10), Verdict::Log { suppressed: 0 });
        }
        assert_eq!(r.check(11), Verdict::Drop);
        assert_eq!(r.check(12), Verdict::Drop);
    }

    #[test]
    fn a_new_window_logs_again_and_counts_the_dropped() {
        let r = RateLimit::new();
        for _ in 0..BURST + 3 {
            r.check(0);
        }
        assert_eq!(r.check(INTERVAL_MS), Verdict::Log { suppressed: 3 });
        assert_eq!(r.check(INTERVAL_MS + 1), Verdict::Log { suppressed: 0 });
    }

    #[test]
    fn a_window_starts_with_its_first_message_and_lasts_the_interval() {
        let r = RateLimit::new();
        // The first window starts at time 0.
        r.check(100);
        for _ in 1..BURST {
            r.check(200);
        }
        assert_eq!(r.check(INTERVAL_MS - 1), Verdict::Drop);
        // The next window starts at its first message, not where the last one ended.
        assert_eq!(r.check(INTERVAL_MS + 700), Verdict::Log { suppressed: 1 });
        for _ in 1..BURST {
            r.check(INTERVAL_MS + 800);
        }
        assert_eq!(r.check(2 * INTERVAL_MS + 699), Verdict::Drop);
        assert_eq!(
            r.check(2 * INTERVAL_MS + 700),
            Verdict::Log { suppressed: 1 }
        );
    }

    #[test]
    fn time_going_backwards_starts_a_new_window() {
        let r = RateLimit::new();
        for _ in 0..BURST {
            r.check(9000);
        }
        assert_eq!(r.check(9001), Verdict::Drop);
        assert_eq!(r.check(8000), Verdict::Log { suppressed: 1 });
    }
}
