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
//! The files `netlink_kernel.rs`, `genl.rs` and `sysfs.rs` wrap the C API and hold all of
//! the module's `unsafe` code; the others are the module's own logic.

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
mod genl;
mod history;
mod netlink_kernel;
mod ping;
mod ratelimit;
mod sysfs;

module! {
    type: GenlTest,
    name: "genltest",
    authors: ["genltest developers"],
    description: "Classic and Generic Netlink echo, multicast and a sysfs ping",
    license: "GPL",
}

/// The time request logging counts from, set once at load.
static LOG_START: SetOnce<Instant<Monotonic>> = SetOnce::new();

/// While the rate limit's burst is used up: the time (ms since [`LOG_START`]) until which
/// every request log is dropped anyway, so requests skip the lock; 0 when not quiet.
static LOG_QUIET_UNTIL: Atomic<u64> = Atomic::new(0);

/// Request logs skipped without the lock since the last one logged.
static LOG_SKIPPED: Atomic<u32> = Atomic::new(0);

kernel::sync::global_lock! {
    // SAFETY: Initialized in `GenlTest::init` before anything can log a request.
    unsafe(uninit) static LOG_LIMIT: SpinLock<ratelimit::RateLimit> = ratelimit::RateLimit::new();
}

/// Logs a handled request, at most [`ratelimit::BURST`] every few seconds.
///
/// This runs on every echo. Once a window's burst is used, the rest of the window costs
/// two atomic operations and no lock: a load of [`LOG_QUIET_UNTIL`] and a count in
/// [`LOG_SKIPPED`].
pub(crate) fn trace_request(what: &str, port: u32, seq: u32, payload: &[u8]) {
    let now = LOG_START
        .as_ref()
        .map_or(0, |start| u64::try_from(start.elapsed().as_millis()).unwrap_or(0));
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
            pr_info!("{suppressed} request logs suppressed\n");
        }
        pr_info!(
            "{what} from port {port} seq {seq}: {} bytes\n",
            payload.len()
        );
    }
}

/// What a write to `/sys/kernel/genltest/ping` does.
struct PingFile;

impl sysfs::Store for PingFile {
    fn store(data: &[u8]) -> Result {
        let text = ping::ping_text(data)?;
        family::STATS.pings.add(1, kernel::sync::atomic::Relaxed);
        let classic =
            netlink_kernel::broadcast_init_net(classic::GROUP, classic::GENLTEST_MSG_ECHO, text);
        family::STATS.count_notify(&classic);
        let genl = family::notify(text);
        family::STATS.count_notify(&genl);
        // Nobody listening is fine; running out of memory is the writer's error.
        for result in [classic, genl] {
            match result {
                Err(e) if e == ENOMEM => return Err(ENOMEM),
                _ => {}
            }
        }
        Ok(())
    }
}

static PING: sysfs::WriteOnlyFile = sysfs::WriteOnlyFile::new::<PingFile>(c"ping", 0o200);

/// The module's registrations, dropped in field order: the sysfs file first (no new
/// pings), then the family, then the classic sockets.
struct GenlTest {
    /// Held for its `Drop`, which removes `/sys/kernel/genltest`.
    _ping: sysfs::Dir,
    /// Held for its `Drop`, which unregisters the family.
    _family: genl::Registration,
    /// Held for its `Drop`, which releases every namespace's unit-31 socket.
    _classic: netlink_kernel::Registration,
}

impl kernel::Module for GenlTest {
    fn init(module: &'static ThisModule) -> Result<Self> {
        // SAFETY: Called exactly once, before any request can be logged.
        unsafe { LOG_LIMIT.init() };
        LOG_START.populate(Instant::now());
        family::init();
        let classic = netlink_kernel::Registration::register::<classic::Classic>(
            module,
            classic::NETLINK_GENLTEST,
            1,
        )?;
        let family = family::FAMILY.register()?;
        let ping = sysfs::Dir::new(c"genltest", &PING)?;
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
