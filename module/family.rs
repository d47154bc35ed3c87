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

use crate::kext::net::netlink::genl::{nla_total_size, DoIt, Dump, DumpIt, Family, GenlMsg, Info, Op, Policy};
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
/// Attribute: notifications some listener had no room for. `netlink_broadcast` reports
/// a loss only for listeners with `NETLINK_BROADCAST_ERROR`; it skips others silently.
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

/// The family's name, NUL-terminated as `genl_family.name` wants it.
pub(crate) const FAMILY_NAME: &[u8] = b"genltest\0";
/// The family's version.
pub(crate) const FAMILY_VERSION: u32 = 1;

/// The family.
pub(crate) static FAMILY: Family = Family::const_new(
    kernel::module::this_module::<crate::LocalModule>(),
    FAMILY_NAME,
    FAMILY_VERSION,
    &OPS,
    &MCGRPS,
);

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

/// Frees the history when dropped. A static is never dropped, so without this every
/// unload would leak the history's texts. Hold it after the family's registration, so
/// that it is dropped once no handler can run.
pub(crate) struct HistoryRelease;

impl Drop for HistoryRelease {
    fn drop(&mut self) {
        *HISTORY.lock() = History::new();
    }
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
        let (port, seq) = (info.sender_port(), info.seq());
        crate::trace(format_args!(
            "genl request from port {port} seq {seq}: cmd echo, attrs: msg ({} bytes)",
            text.len()
        ));

        // What can run out of memory comes before anything is sent: the reply (exactly
        // the room `MSG` takes: header, text, NUL and padding), then the history entry
        // (which allocates only until the ring is full). So the sender gets its reply,
        // or an error and no history entry.
        let mut reply = info.reply(&FAMILY, CMD_ECHO, nla_total_size(text.len() + 1))?;
        reply.put_string(A_MSG, text)?;
        HISTORY.lock().push(port, text)?;
        // Only delivery can fail now (the receiver has no room); the entry stays then,
        // as it would for a reply lost in the receiver's queue.
        reply.send_reply()?;
        crate::trace(format_args!(
            "genl reply to port {port} seq {seq}: cmd echo, attrs: msg ({} bytes)",
            text.len()
        ));

        STATS.echo_requests.add(1, Relaxed);
        STATS.echo_bytes.add(text.len() as u64, Relaxed);
        Ok(())
    }
}

/// The text of a `MSG` attribute without its NUL.
///
/// The policy checked there is a NUL within 1025 bytes and at most 1024 before the last
/// byte. A NUL before the end would silently cut the text: refuse it.
fn msg_text<'a>(info: &Info<'a>, attr: &crate::kext::net::netlink::genl::Attribute<'a>) -> Result<&'a [u8]> {
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
        let (port, seq) = (info.sender_port(), info.seq());
        crate::trace(format_args!(
            "genl request from port {port} seq {seq}: cmd get-stats, no attrs"
        ));
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
        reply.send_reply()?;
        crate::trace(format_args!(
            "genl reply to port {port} seq {seq}: cmd get-stats, attrs: 6 counters (u64)"
        ));
        Ok(())
    }
}

/// `HISTORY`: one multipart message per entry, oldest first, resuming after the last id
/// sent when the dump spans several buffers.
struct HistoryDump;

impl DumpIt for HistoryDump {
    fn family() -> &'static Family {
        &FAMILY
    }

    fn dumpit(dump: &mut Dump<'_>) -> Result {
        let history = HISTORY.lock();
        let (port, seq, after) = (dump.sender_port(), dump.seq(), dump.cursor());
        let mut sent = 0usize;
        for entry in history.after(after) {
            let added = dump.entry(CMD_HISTORY, |m| {
                m.put_u64(A_ID, entry.id, A_PAD)?;
                m.put_u32(A_PORTID, entry.portid)?;
                m.put_string(A_MSG, &entry.text)
            });
            if let Err(e) = added {
                if e == EMSGSIZE {
                    // The buffer is full: it goes out now, and the dump resumes after it.
                    crate::trace(format_args!(
                        "genl dump to port {port} seq {seq}: cmd history, {sent} entries after \
                         id {after}; the buffer is full"
                    ));
                }
                return Err(e);
            }
            sent += 1;
            dump.set_cursor(entry.id);
        }
        if sent > 0 {
            crate::trace(format_args!(
                "genl dump to port {port} seq {seq}: cmd history, {sent} entries after id \
                 {after}: all that was left"
            ));
        } else {
            crate::trace(format_args!(
                "genl dump to port {port} seq {seq}: cmd history, nothing after id {after}: \
                 the dump ends"
            ));
        }
        Ok(())
    }
}

/// `RESET`: clears counters and history. `GENL_ADMIN_PERM` makes the core refuse callers
/// without `CAP_NET_ADMIN` with `EPERM`.
struct Reset;

impl DoIt for Reset {
    fn doit(info: &Info<'_>) -> Result {
        HISTORY.lock().clear();
        STATS.reset();
        crate::trace(format_args!(
            "genl request from port {} seq {}: cmd reset, no attrs: cleared",
            info.sender_port(),
            info.seq()
        ));
        Ok(())
    }
}

/// `BURST`: publishes `COUNT` notifications to `mcgrp`, one after the other, each an
/// `ECHO` with `MSG` (the request's, or "burst"), and answers how each multicast went
/// (an allocation failure stops the burst with `ENOMEM`; what was sent stays sent):
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
fn notify(text: &[u8]) -> Result {
    publish(notification(text)?)
}

/// The notification of a ping: an `ECHO` message with `MSG`, for [`publish`].
pub(crate) fn notification(text: &[u8]) -> Result<GenlMsg> {
    let mut msg = GenlMsg::multicast_msg(&FAMILY, CMD_ECHO, nla_total_size(text.len() + 1))?;
    msg.put_string(A_MSG, text)?;
    Ok(msg)
}

/// Sends a [`notification`] to `mcgrp`.
pub(crate) fn publish(msg: GenlMsg) -> Result {
    msg.multicast(&FAMILY, MCGRP)
}
