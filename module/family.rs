// SPDX-License-Identifier: GPL-2.0

//! The Generic Netlink family `genltest`, as `genltest.yaml` specifies it.
//!
//! Handlers run concurrently (`parallel_ops`): counters are atomics, the history sits
//! behind a mutex, taken once per echo for a copy into a reused buffer (no allocation
//! once the ring is full). Replies are allocated at the size of the message they carry.

use kernel::{
    net::netlink::MulticastGroup,
    prelude::*,
    sync::atomic::{Atomic, Relaxed},
};

use crate::genl::{nla_total_size, DoIt, Dump, DumpIt, Family, GenlMsg, Info, Op, Policy};
use crate::history::History;

/// Command: echo `MSG` (also the command of notifications).
pub(crate) const CMD_ECHO: u8 = 1;
/// Command: read the counters.
pub(crate) const CMD_GET_STATS: u8 = 2;
/// Command: dump the history.
pub(crate) const CMD_HISTORY: u8 = 3;
/// Command: clear counters and history (admin).
pub(crate) const CMD_RESET: u8 = 4;
/// Command: multicast `COUNT` notifications in a row (admin), for benchmarks.
pub(crate) const CMD_BURST: u8 = 5;

/// Attribute: the text.
pub(crate) const A_MSG: u16 = 1;
/// Attribute: padding for 64-bit values.
pub(crate) const A_PAD: u16 = 2;
/// Attribute: echo requests answered.
pub(crate) const A_ECHO_REQUESTS: u16 = 3;
/// Attribute: bytes echoed.
pub(crate) const A_ECHO_BYTES: u16 = 4;
/// Attribute: pings published.
pub(crate) const A_PINGS: u16 = 5;
/// Attribute: notifications that reached at least one listener.
pub(crate) const A_NOTIFY_DELIVERED: u16 = 6;
/// Attribute: notifications some listener lost.
pub(crate) const A_NOTIFY_DROPPED: u16 = 7;
/// Attribute: history entry id.
pub(crate) const A_ID: u16 = 8;
/// Attribute: history entry sender port id.
pub(crate) const A_PORTID: u16 = 9;
/// Attribute: notifications nobody listened to.
pub(crate) const A_NOTIFY_NO_LISTENER: u16 = 10;
/// Attribute: how many notifications a `BURST` sends.
pub(crate) const A_COUNT: u16 = 11;

/// The longest `MSG`, in bytes before the NUL.
pub(crate) const MAX_MSG: u16 = 1024;

/// The most notifications one `BURST` sends.
pub(crate) const MAX_BURST: u16 = 4096;

/// The text of `BURST` notifications when the request has no `MSG`.
const BURST_TEXT: &[u8] = b"burst";

/// `ECHO`'s policy: `MSG` only, a NUL-terminated string of at most 1024 bytes.
static ECHO_POLICY: [Policy; 2] = [Policy::unused(), Policy::nul_string(MAX_MSG)];

/// `BURST`'s policy: `COUNT` (1 to [`MAX_BURST`]) and an optional `MSG`; every other
/// attribute is refused (unused entries are rejected under strict validation).
static BURST_POLICY: [Policy; 12] = [
    Policy::unused(),
    Policy::nul_string(MAX_MSG),
    Policy::unused(),
    Policy::unused(),
    Policy::unused(),
    Policy::unused(),
    Policy::unused(),
    Policy::unused(),
    Policy::unused(),
    Policy::unused(),
    Policy::unused(),
    Policy::u32_range(1, MAX_BURST),
];

static OPS: [Op; 5] = [
    Op::doit::<Echo, 1>(CMD_ECHO, &ECHO_POLICY, false),
    Op::doit::<GetStats, 0>(CMD_GET_STATS, &NO_ATTRS, false),
    Op::dumpit::<HistoryDump>(CMD_HISTORY),
    Op::doit::<Reset, 0>(CMD_RESET, &NO_ATTRS, true),
    Op::doit::<Burst, 11>(CMD_BURST, &BURST_POLICY, true),
];

/// Operations without attributes: any attribute is rejected.
static NO_ATTRS: [Policy; 1] = [Policy::reject()];

static MCGRPS: [MulticastGroup; 1] = [MulticastGroup::const_new(c"mcgrp")];

/// The family.
pub(crate) static FAMILY: Family =
    Family::const_new(kernel::module::this_module::<crate::LocalModule>(), b"genltest\0", 1, &OPS, &MCGRPS);

/// The group of ping notifications (index 0 of the family's groups).
pub(crate) const MCGRP: u32 = 0;

/// Counters since load or the last `RESET`.
pub(crate) struct Stats {
    pub(crate) echo_requests: Atomic<u64>,
    pub(crate) echo_bytes: Atomic<u64>,
    pub(crate) pings: Atomic<u64>,
    pub(crate) notify_delivered: Atomic<u64>,
    pub(crate) notify_dropped: Atomic<u64>,
    pub(crate) notify_no_listener: Atomic<u64>,
}

/// The counters.
pub(crate) static STATS: Stats = Stats {
    echo_requests: Atomic::new(0),
    echo_bytes: Atomic::new(0),
    pings: Atomic::new(0),
    notify_delivered: Atomic::new(0),
    notify_dropped: Atomic::new(0),
    notify_no_listener: Atomic::new(0),
};

impl Stats {
    /// Counts the outcome of one notification.
    pub(crate) fn count_notify(&self, result: &Result) {
        let counter = match result {
            Ok(()) => &self.notify_delivered,
            Err(e) if *e == ESRCH => &self.notify_no_listener,
            Err(_) => &self.notify_dropped,
        };
        counter.add(1, Relaxed);
    }

    fn reset(&self) {
        for c in [
            &self.echo_requests,
            &self.echo_bytes,
            &self.pings,
            &self.notify_delivered,
            &self.notify_dropped,
            &self.notify_no_listener,
        ] {
            c.store(0, Relaxed);
        }
    }
}

kernel::sync::global_lock! {
    // SAFETY: Initialized by `init` in the module initializer, before the family is
    // registered.
    unsafe(uninit) static HISTORY: Mutex<History> = History::new();
}

/// Initializes the family's state; call once before registering [`FAMILY`].
pub(crate) fn init() {
    // SAFETY: Called exactly once, from module init.
    unsafe { HISTORY.init() };
}

/// `ECHO`: requires `MSG`, answers with the same text.
struct Echo;

impl DoIt for Echo {
    fn doit(info: &Info<'_>) -> Result {
        let Some(attr) = info.attr(A_MSG.into()) else {
            let mut extack = info.extack();
            extack.set_msg(c"genltest: ECHO requires the MSG attribute");
            extack.set_missing(A_MSG);
            return Err(EINVAL);
        };
        let text = msg_text(info, &attr)?;
        crate::trace_request("genl echo", info.sender_port(), info.seq(), text);

        // Exactly the room `MSG` takes: its header, the text, the NUL and the padding.
        let mut reply = info.reply(&FAMILY, CMD_ECHO, nla_total_size(text.len() + 1))?;
        reply.put_string(A_MSG, text)?;
        reply.send_reply()?;

        HISTORY.lock().push(info.sender_port(), text)?;
        STATS.echo_requests.add(1, Relaxed);
        STATS.echo_bytes.add(text.len() as u64, Relaxed);
        Ok(())
    }
}

/// The text of a `MSG` attribute without its NUL.
///
/// The policy checked there is a NUL within 1025 bytes and at most 1024 before the last
/// byte. A NUL before the end would silently cut the text: refuse it.
fn msg_text<'a>(info: &Info<'a>, attr: &crate::genl::Attribute<'a>) -> Result<&'a [u8]> {
    let value = attr.value();
    let text = value.strip_suffix(b"\0").unwrap_or(value);
    if text.contains(&0) {
        let mut extack = info.extack();
        extack.set_msg(c"genltest: MSG has a NUL byte before its end");
        extack.set_bad_attr(attr.as_raw());
        return Err(EINVAL);
    }
    Ok(text)
}

/// `GET_STATS`: the counters.
struct GetStats;

impl DoIt for GetStats {
    fn doit(info: &Info<'_>) -> Result {
        let mut reply = info.reply(&FAMILY, CMD_GET_STATS, 6 * 12)?;
        for (ty, counter) in [
            (A_ECHO_REQUESTS, &STATS.echo_requests),
            (A_ECHO_BYTES, &STATS.echo_bytes),
            (A_PINGS, &STATS.pings),
            (A_NOTIFY_DELIVERED, &STATS.notify_delivered),
            (A_NOTIFY_DROPPED, &STATS.notify_dropped),
            (A_NOTIFY_NO_LISTENER, &STATS.notify_no_listener),
        ] {
            reply.put_u64(ty, counter.load(Relaxed), A_PAD)?;
        }
        reply.send_reply()
    }
}

/// `HISTORY`: one multipart message per entry, oldest first, resuming after the last id
/// sent when the dump spans several buffers.
struct HistoryDump;

impl DumpIt for HistoryDump {
    const FAMILY: &'static Family = &FAMILY;

    fn dumpit(dump: &mut Dump<'_>) -> Result {
        let history = HISTORY.lock();
        for entry in history.after(dump.cursor()) {
            dump.entry(CMD_HISTORY, |m| {
                m.put_u64(A_ID, entry.id, A_PAD)?;
                m.put_u32(A_PORTID, entry.portid)?;
                m.put_string(A_MSG, &entry.text)
            })?;
            dump.set_cursor(entry.id);
        }
        Ok(())
    }
}

/// `RESET`: clears counters and history. `GENL_ADMIN_PERM` makes the core refuse callers
/// without `CAP_NET_ADMIN` with `EPERM`.
struct Reset;

impl DoIt for Reset {
    fn doit(_info: &Info<'_>) -> Result {
        HISTORY.lock().clear();
        STATS.reset();
        Ok(())
    }
}

/// `BURST`: publishes `COUNT` notifications to `mcgrp`, one after the other, each an
/// `ECHO` with `MSG` (the request's, or "burst"), and answers how each multicast went:
/// `NOTIFY_DELIVERED`, `NOTIFY_DROPPED` (some listener lost it, `ENOBUFS`) and
/// `NOTIFY_NO_LISTENER`. The counters of `GET_STATS` count them too. It lets a benchmark
/// measure multicast fan-out without one `write(2)` per notification.
struct Burst;

impl DoIt for Burst {
    fn doit(info: &Info<'_>) -> Result {
        let Some(count) = info.attr(A_COUNT.into()) else {
            let mut extack = info.extack();
            extack.set_msg(c"genltest: BURST requires the COUNT attribute");
            extack.set_missing(A_COUNT);
            return Err(EINVAL);
        };
        // The policy checked the type and the range already.
        let count = count.u32().ok_or(EINVAL)?;
        let text = match info.attr(A_MSG.into()) {
            Some(attr) => msg_text(info, &attr)?,
            None => BURST_TEXT,
        };
        let (mut delivered, mut dropped, mut no_listener) = (0u64, 0u64, 0u64);
        for _ in 0..count {
            let result = notify(text);
            STATS.count_notify(&result);
            match result {
                Ok(()) => delivered += 1,
                Err(e) if e == ESRCH => no_listener += 1,
                Err(e) if e == ENOMEM => return Err(ENOMEM),
                Err(_) => dropped += 1,
            }
        }
        let mut reply = info.reply(&FAMILY, CMD_BURST, 3 * nla_total_size(8))?;
        reply.put_u64(A_NOTIFY_DELIVERED, delivered, A_PAD)?;
        reply.put_u64(A_NOTIFY_DROPPED, dropped, A_PAD)?;
        reply.put_u64(A_NOTIFY_NO_LISTENER, no_listener, A_PAD)?;
        reply.send_reply()
    }
}

/// Publishes `text` to `mcgrp` as an `ECHO` message with `MSG`.
pub(crate) fn notify(text: &[u8]) -> Result {
    let mut msg = GenlMsg::multicast_msg(&FAMILY, CMD_ECHO, nla_total_size(text.len() + 1))?;
    msg.put_string(A_MSG, text)?;
    msg.multicast(&FAMILY, MCGRP)
}
