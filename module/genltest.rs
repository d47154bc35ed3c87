// SPDX-License-Identifier: GPL-2.0

//! genltest: how kernel code and user programs talk over Netlink.
//!
//! - A classic Netlink protocol on unit 31 ([`classic`]): echo and multicast, with a
//!   kernel socket in every network namespace.
//! - A Generic Netlink family `genltest` ([`family`]): echo with policy validation,
//!   counters, a history dump, an admin reset and the multicast group `mcgrp`.
//! - `/sys/kernel/genltest/ping`: a write publishes its text on both.
//!
//! Notifications go to listeners in the initial network namespace only: the sysfs file
//! belongs to it, as `/sys/kernel` is not namespaced.
//!
//! The folder `kext/` wraps the C API and holds all of the module's `unsafe` code; the
//! other files are the module's own logic.

use kernel::{
    prelude::*,
    sync::{
        atomic::{Atomic, Relaxed},
        SetOnce,
    },
    time::{Instant, Monotonic}, //
};

mod classic;
mod family;
mod history;
mod kext;
mod ping;
mod ratelimit;

use kext::{
    net::netlink::classic as netlink_kernel,
    sysfs, //
};

module! {
    type: GenlTest,
    name: "genltest",
    authors: ["genltest developers"],
    description: "Classic and Generic Netlink echo, multicast and a sysfs ping",
    license: "GPL",
    params: {
        trace: bool {
            default: false,
            description: "Log each request handled and reply sent (rate-limited); \
                          /sys/kernel/genltest/trace changes it at run time",
        },
    },
}

/// Whether requests and replies are logged: the `trace` parameter at load, then whatever
/// is written to `/sys/kernel/genltest/trace`. Off by default: logs cost time and fill
/// the kernel's ring buffer.
static TRACE: Atomic<bool> = Atomic::new(false);

/// The time the log's rate limit counts from, set once at load.
static LOG_START: SetOnce<Instant<Monotonic>> = SetOnce::new();

/// While the rate limit's burst is used up: the time (ms since [`LOG_START`]) until which
/// every line is dropped anyway, so callers skip the lock; 0 when not quiet.
static LOG_QUIET_UNTIL: Atomic<u64> = Atomic::new(0);

/// Lines skipped without the lock since the last one logged.
static LOG_SKIPPED: Atomic<u32> = Atomic::new(0);

kernel::sync::global_lock! {
    // SAFETY: Initialized in `GenlTest::init` before anything can log a request.
    unsafe(uninit) static LOG_LIMIT: SpinLock<ratelimit::RateLimit> = ratelimit::RateLimit::new();
}

/// Logs one line about a request handled or a reply sent, if tracing is on, at most
/// [`ratelimit::BURST`] lines every few seconds.
///
/// Callers pass the line as `format_args!`, so nothing is formatted while tracing is off:
/// then this costs one atomic load. While tracing is on and a window's burst is used up,
/// the rest of the window costs two atomic operations and no lock: a load of
/// [`LOG_QUIET_UNTIL`] and a count in [`LOG_SKIPPED`].
pub(crate) fn trace(line: core::fmt::Arguments<'_>) {
    if !TRACE.load(Relaxed) {
        return;
    }
    let now = LOG_START.as_ref().map_or(0, |start| {
        u64::try_from(start.elapsed().as_millis()).unwrap_or(0)
    });
    if now < LOG_QUIET_UNTIL.load(Relaxed) {
        LOG_SKIPPED.add(1, Relaxed);
        return;
    }
    let verdict = {
        let mut limit = LOG_LIMIT.lock();
        let verdict = limit.check(now);
        LOG_QUIET_UNTIL.store(limit.quiet_until().unwrap_or(0), Relaxed);
        verdict
    };
    if let ratelimit::Verdict::Log { suppressed } = verdict {
        let suppressed = suppressed.saturating_add(LOG_SKIPPED.xchg(0, Relaxed));
        if suppressed > 0 {
            pr_info!("{suppressed} trace lines suppressed\n");
        }
        pr_info!("{line}\n");
    }
}

/// `/sys/kernel/genltest/trace`: reads `0` or `1`; a write of `1`/`0` (or `y`/`n`,
/// `on`/`off`) turns the request and reply log on or off.
struct TraceFile;

impl sysfs::Store for TraceFile {
    fn store(data: &[u8]) -> Result {
        let on = kernel::str::kstrtobool_bytes(data)?;
        TRACE.store(on, Relaxed);
        Ok(())
    }
}

impl sysfs::Show for TraceFile {
    fn show(page: &mut [u8]) -> usize {
        let text: &[u8] = if TRACE.load(Relaxed) { b"1\n" } else { b"0\n" };
        page[..text.len()].copy_from_slice(text);
        text.len()
    }
}

static TRACE_FILE: sysfs::ReadWriteFile = sysfs::ReadWriteFile::new::<TraceFile>(c"trace", 0o644);

kernel::sync::global_lock! {
    // SAFETY: Initialized in `GenlTest::init` before the family is registered.
    unsafe(uninit) static FAMILY: Mutex<Option<family::Registration>> = None;
}

/// What a write to `/sys/kernel/genltest/ping` does.
struct PingFile;

impl sysfs::Store for PingFile {
    fn store(data: &[u8]) -> Result {
        let text = ping::ping_text(data)?;
        let family = FAMILY.lock();
        let family = family.as_ref().ok_or(ENODEV)?;
        // Allocate both notifications before sending either (`family::ping` allocates its
        // own first): when memory runs out the writer gets `ENOMEM` and no listener has
        // seen anything.
        let classic = netlink_kernel::Broadcast::new(classic::GENLTEST_MSG_ECHO, text)?;
        family::ping(family, text, || classic.send_init_net(classic::GROUP))
    }
}

static PING: sysfs::WriteOnlyFile = sysfs::WriteOnlyFile::new::<PingFile>(c"ping", 0o200);

/// Unregisters the family when dropped: takes its registration (with the counters and
/// the history it owns) out of [`FAMILY`].
struct FamilyGuard;

impl Drop for FamilyGuard {
    fn drop(&mut self) {
        drop(FAMILY.lock().take());
    }
}

/// The module's registrations, dropped in field order: the sysfs file first (no new
/// pings), then the family with its state, then the classic sockets.
struct GenlTest {
    /// Held for its `Drop`, which removes `/sys/kernel/genltest`.
    _ping: sysfs::Dir,
    /// Held for its `Drop`, which unregisters the family and frees its state.
    _family: FamilyGuard,
    /// Held for its `Drop`, which releases every namespace's unit-31 socket.
    _classic: netlink_kernel::Registration,
}

impl kernel::Module for GenlTest {
    fn init(module: &'static ThisModule) -> Result<Self> {
        // SAFETY: Called exactly once, before any request can be logged.
        unsafe { LOG_LIMIT.init() };
        // SAFETY: Called exactly once, before the family is registered.
        unsafe { FAMILY.init() };
        LOG_START.populate(Instant::now());
        TRACE.store(module_parameters::trace.value(), Relaxed);
        let classic = netlink_kernel::Registration::register::<classic::Classic>(
            module,
            classic::NETLINK_GENLTEST,
            1,
        )?;
        *FAMILY.lock() = Some(family::register(module)?);
        let family = FamilyGuard;
        let mut ping = sysfs::Dir::new(c"genltest", &PING)?;
        ping.add(&TRACE_FILE)?;
        pr_info!(
            "loaded: unit {} and family genltest ready\n",
            classic::NETLINK_GENLTEST
        );
        Ok(GenlTest {
            _ping: ping,
            _family: family,
            _classic: classic,
        })
    }
}

impl Drop for GenlTest {
    fn drop(&mut self) {
        pr_info!("unloading\n");
    }
}
