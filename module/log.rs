// SPDX-License-Identifier: GPL-2.0

//! The request and reply log: off by default, switched by the `trace` parameter and
//! `/sys/kernel/genltest/trace`, and rate-limited.
//!
//! Module-wide state in plain statics, like the kernel's own `DEFINE_RATELIMIT_STATE`:
//! atomics and a value set once, so no lock and nothing to initialise before use.

use kernel::{
    prelude::*,
    sync::{
        atomic::{
            Atomic,
            Relaxed, //
        },
        SetOnce,
    },
    time::{
        Instant,
        Monotonic, //
    },
};

use crate::ratelimit::{
    RateLimit,
    Verdict, //
};

/// Whether requests and replies are logged: the `trace` parameter at load, then whatever
/// is written to `/sys/kernel/genltest/trace`. Off by default: logs cost time and fill
/// the kernel's ring buffer.
pub(crate) static TRACE: Atomic<bool> = Atomic::new(false);

/// The time the rate limit counts from, set at load.
static START: SetOnce<Instant<Monotonic>> = SetOnce::new();

/// The rate limit of [`trace`].
static LIMIT: RateLimit = RateLimit::new();

/// Starts the log's clock and sets whether tracing is on, at load.
pub(crate) fn start(trace: bool) {
    START.populate(Instant::now());
    TRACE.store(trace, Relaxed);
}

/// Logs one line about a request handled or a reply sent, if tracing is on, at most
/// [`crate::ratelimit::BURST`] lines every few seconds.
///
/// Callers pass the line as `format_args!`, so nothing is formatted while tracing is off:
/// then this costs one atomic load. While tracing is on and a window's burst is used up,
/// the rest of the window costs a clock read and two atomic operations, and no lock.
pub(crate) fn trace(line: core::fmt::Arguments<'_>) {
    if !TRACE.load(Relaxed) {
        return;
    }
    let now = START.as_ref().map_or(0, |start| {
        u64::try_from(start.elapsed().as_millis()).unwrap_or(0)
    });
    if let Verdict::Log { suppressed } = LIMIT.check(now) {
        if suppressed > 0 {
            pr_info!("{suppressed} trace lines suppressed\n");
        }
        pr_info!("{line}\n");
    }
}
