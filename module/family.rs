// SPDX-License-Identifier: GPL-2.0

//! The Generic Netlink family `genltest`, as `genltest.yaml` specifies it.
//!
//! The family's state ([`State`]: counters and history) belongs to its registration and
//! reaches every handler as `&State`. Handlers run concurrently (`parallel_ops`): counters
//! are atomics, the history sits behind a mutex, taken once per echo for a copy into a
//! reused buffer (no allocation once the ring is full). Replies are allocated at the size
//! of the message they carry.

use kernel::{
    net::netlink::MulticastGroup,
    prelude::*,
    sync::{
        atomic::{
            Atomic,
            Relaxed, //
        },
        new_mutex,
        Mutex, //
    },
};

use crate::generated::{
    GenltestHandlers,
    A_COUNT,
    A_ECHO_BYTES,
    A_ECHO_REQUESTS,
    A_ID,
    A_MSG,
    A_NOTIFY_DELIVERED,
    A_NOTIFY_DROPPED,
    A_NOTIFY_NO_LISTENER,
    A_PAD,
    A_PINGS,
    A_PORTID,
    CMD_BURST,
    CMD_ECHO,
    CMD_GET_STATS,
    CMD_HISTORY,
    FAMILY_NAME,
    FAMILY_VERSION,
    MCGRPS,
    NLGRP_MCGRP, //
};
use crate::history::{
    Entry,
    History, //
};
use crate::kext::net::netlink::{
    attr::{
        nla_total_size,
        nla_total_size_64bit,
        Attr,
        NulString, //
    },
    dump::Dump,
    genl::{
        FamilyRef,
        FamilyRegistration,
        Group,
        Info,
        Operations,
        SplitOp, //
    },
    msg::{
        Notification,
        Writer, //
    },
};

/// The text of `BURST` notifications when the request has no `MSG`.
const BURST_TEXT: &[u8] = b"burst";

/// The family `genltest`.
pub(crate) struct GenlTest;

#[vtable]
impl Operations for GenlTest {
    type State = State;
    const NAME: &'static CStr = FAMILY_NAME;
    const VERSION: u32 = FAMILY_VERSION;
    // The table, policies and flags are generated from `genltest.yaml`; the handlers are
    // the functions of `impl GenltestHandlers` below.
    const OPS: &'static [SplitOp<Self>] = &crate::generated::ops::<Self>();
    const MCGRPS: &'static [MulticastGroup] = MCGRPS;
}

/// The group of ping notifications.
pub(crate) const MCGRP: Group<GenlTest> = Group::new::<NLGRP_MCGRP>();

/// The registered family with its state.
pub(crate) type Registration = FamilyRegistration<GenlTest>;

/// Registers the family with fresh counters and an empty history.
pub(crate) fn register(module: &'static ThisModule) -> Result<Registration> {
    Registration::new(module, State::new(), GFP_KERNEL)
}

/// What the family's handlers share.
#[pin_data]
pub(crate) struct State {
    /// Counters since load or the last `RESET`.
    stats: Stats,
    /// The last echoed messages.
    #[pin]
    history: Mutex<History>,
}

impl State {
    fn new() -> impl PinInit<State, Error> {
        try_pin_init!(State {
            stats: Stats::new(),
            history <- new_mutex!(History::new()),
        }? Error)
    }
}

/// Counters since load or the last `RESET`.
struct Stats {
    echo_requests: Atomic<u64>,
    echo_bytes: Atomic<u64>,
    pings: Atomic<u64>,
    notify_delivered: Atomic<u64>,
    notify_dropped: Atomic<u64>,
    notify_no_listener: Atomic<u64>,
}

impl Stats {
    const fn new() -> Stats {
        Stats {
            echo_requests: Atomic::new(0),
            echo_bytes: Atomic::new(0),
            pings: Atomic::new(0),
            notify_delivered: Atomic::new(0),
            notify_dropped: Atomic::new(0),
            notify_no_listener: Atomic::new(0),
        }
    }

    /// Counts the outcome of one notification.
    fn count_notify(&self, result: &Result) {
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

/// A ping from `/sys/kernel/genltest/ping`: publishes `text` to `mcgrp` and counts it with
/// the outcome of the classic side's notification, which `send_classic` sends.
///
/// The Generic Netlink notification is allocated before `send_classic` runs: when memory
/// runs out the writer gets `ENOMEM` and no listener has seen anything (the caller
/// allocates its classic notification before calling this). From then on only delivery
/// can fail, which the counters record: nobody listening, or a listener without room (it
/// sees `ENOBUFS`).
pub(crate) fn ping(
    reg: &Registration,
    text: &[u8],
    send_classic: impl FnOnce() -> Result,
) -> Result {
    let genl = notification(reg.family(), text)?;
    let stats = &reg.state().stats;
    stats.pings.add(1, Relaxed);
    stats.count_notify(&send_classic());
    stats.count_notify(&genl.multicast(reg.family(), MCGRP, GFP_KERNEL));
    Ok(())
}

/// An `ECHO` message with `MSG`: the notification of a ping or a burst.
fn notification(family: FamilyRef<'_, GenlTest>, text: &[u8]) -> Result<Notification<GenlTest>> {
    let mut msg = Notification::new(family, CMD_ECHO, nla_total_size(text.len() + 1), GFP_KERNEL)?;
    msg.put_string(A_MSG, text)?;
    Ok(msg)
}

/// The handlers of the commands of `genltest.yaml`.
impl GenltestHandlers for GenlTest {
    /// `ECHO`: requires `MSG`, answers with the same text.
    fn echo_doit(state: &State, info: &mut Info<'_, Self>) -> Result {
        let Some(attr) = info.attr(A_MSG) else {
            return Err(info.missing(A_MSG, c"genltest: ECHO requires the MSG attribute"));
        };
        // The policy checked there is a NUL within 1025 bytes and at most 1024 bytes
        // before the last one; a NUL before the end is refused while the text is copied
        // into the reply (exactly the room `MSG` takes: header, text, NUL and padding).
        let text = msg_text(&attr);
        let mut reply = info.reply(CMD_ECHO, nla_total_size(text.len() + 1), GFP_KERNEL)?;
        reply
            .put_nul_free_string(A_MSG, text)
            .map_err(|e| embedded_nul(info, &attr, e))?;
        let (port, seq) = (info.sender_port(), info.seq());
        crate::trace(format_args!(
            "genl request from port {port} seq {seq}: cmd echo, attrs: msg ({} bytes)",
            text.len()
        ));
        // What can run out of memory comes before anything is sent: the reply, then the
        // history entry (which allocates only until the ring is full). So the sender gets
        // its reply, or an error and no history entry.
        state.history.lock().push(port, text)?;
        // Only delivery can fail now (the receiver has no room); the entry stays then,
        // as it would for a reply lost in the receiver's queue.
        reply.send()?;
        crate::trace(format_args!(
            "genl reply to port {port} seq {seq}: cmd echo, attrs: msg ({} bytes)",
            text.len()
        ));

        state.stats.echo_requests.add(1, Relaxed);
        state.stats.echo_bytes.add(text.len() as u64, Relaxed);
        Ok(())
    }

    /// `GET_STATS`: the counters.
    fn get_stats_doit(state: &State, info: &mut Info<'_, Self>) -> Result {
        let (port, seq) = (info.sender_port(), info.seq());
        crate::trace(format_args!(
            "genl request from port {port} seq {seq}: cmd get-stats, no attrs"
        ));
        let s = &state.stats;
        let mut reply = info.reply(CMD_GET_STATS, 6 * nla_total_size_64bit(8), GFP_KERNEL)?;
        for (ty, counter) in [
            (A_ECHO_REQUESTS, &s.echo_requests),
            (A_ECHO_BYTES, &s.echo_bytes),
            (A_PINGS, &s.pings),
            (A_NOTIFY_DELIVERED, &s.notify_delivered),
            (A_NOTIFY_DROPPED, &s.notify_dropped),
            (A_NOTIFY_NO_LISTENER, &s.notify_no_listener),
        ] {
            reply.put_u64(ty, counter.load(Relaxed), A_PAD)?;
        }
        reply.send()?;
        crate::trace(format_args!(
            "genl reply to port {port} seq {seq}: cmd get-stats, attrs: 6 counters (u64)"
        ));
        Ok(())
    }

    /// `HISTORY` (do): the entry with `ID`, as one message like a dump's part.
    fn history_doit(state: &State, info: &mut Info<'_, Self>) -> Result {
        let Some(attr) = info.attr(A_ID) else {
            return Err(info.missing(
                A_ID,
                c"genltest: HISTORY requires the ID attribute (or NLM_F_DUMP for all)",
            ));
        };
        let id = attr.value()?;
        let (port, seq) = (info.sender_port(), info.seq());
        crate::trace(format_args!(
            "genl request from port {port} seq {seq}: cmd history, attrs: id {id}"
        ));
        let history = state.history.lock();
        let Some(entry) = history.get(id) else {
            return Err(info.bad_attr(&attr, c"genltest: no history entry has this ID", ENOENT));
        };
        let mut reply = info.reply(CMD_HISTORY, entry_size(entry), GFP_KERNEL)?;
        put_entry(&mut reply, entry)?;
        drop(history);
        reply.send()?;
        crate::trace(format_args!(
            "genl reply to port {port} seq {seq}: cmd history, attrs: id {id}, portid, msg"
        ));
        Ok(())
    }

    type HistoryCursor = HistoryCursor;

    /// `HISTORY` (dump): starts after id 0, with the oldest entry.
    fn history_start(_state: &State) -> Result<HistoryCursor> {
        Ok(HistoryCursor { after: 0 })
    }

    /// `HISTORY` (dump): one multipart message per entry, oldest first, resuming after the
    /// last id sent when the dump spans several buffers.
    fn history_dumpit(state: &State, cursor: &mut HistoryCursor, dump: &mut Dump<'_>) -> Result {
        let history = state.history.lock();
        let (port, seq, after) = (dump.sender_port(), dump.seq(), cursor.after);
        let mut sent = 0usize;
        for entry in history.after(after) {
            if let Err(e) = dump.entry(CMD_HISTORY, |m| put_entry(m, entry)) {
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
            cursor.after = entry.id;
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

    /// `RESET`: clears counters and history. `GENL_ADMIN_PERM` makes the core refuse callers
    /// without `CAP_NET_ADMIN` with `EPERM`.
    fn reset_doit(state: &State, info: &mut Info<'_, Self>) -> Result {
        state.history.lock().clear();
        state.stats.reset();
        crate::trace(format_args!(
            "genl request from port {} seq {}: cmd reset, no attrs: cleared",
            info.sender_port(),
            info.seq()
        ));
        Ok(())
    }

    /// `BURST`: publishes `COUNT` notifications to `mcgrp`, one after the other, each an
    /// `ECHO` with `MSG` (the request's, or "burst"), and answers how each multicast went
    /// (an allocation failure stops the burst with `ENOMEM`; what was sent stays sent):
    /// `NOTIFY_DELIVERED`, `NOTIFY_DROPPED` (some listener lost it, `ENOBUFS`) and
    /// `NOTIFY_NO_LISTENER`. The counters of `GET_STATS` count them too. It lets a benchmark
    /// measure multicast fan-out without one `write(2)` per notification.
    fn burst_doit(state: &State, info: &mut Info<'_, Self>) -> Result {
        let Some(count) = info.attr(A_COUNT) else {
            return Err(info.missing(A_COUNT, c"genltest: BURST requires the COUNT attribute"));
        };
        // The policy checked the type and the range already.
        let count = count.value()?;
        let text = match info.attr(A_MSG) {
            Some(attr) => {
                let text = msg_text(&attr);
                if text.contains(&0) {
                    return Err(embedded_nul(info, &attr, EINVAL));
                }
                text
            }
            None => BURST_TEXT,
        };
        let (mut delivered, mut dropped, mut no_listener) = (0u64, 0u64, 0u64);
        for _ in 0..count {
            let result = notification(info.family(), text)
                .and_then(|n| n.multicast(info.family(), MCGRP, GFP_KERNEL));
            state.stats.count_notify(&result);
            match result {
                Ok(()) => delivered += 1,
                Err(e) if e == ESRCH => no_listener += 1,
                Err(e) if e == ENOMEM => return Err(ENOMEM),
                Err(_) => dropped += 1,
            }
        }
        let mut reply = info.reply(CMD_BURST, 3 * nla_total_size_64bit(8), GFP_KERNEL)?;
        reply.put_u64(A_NOTIFY_DELIVERED, delivered, A_PAD)?;
        reply.put_u64(A_NOTIFY_DROPPED, dropped, A_PAD)?;
        reply.put_u64(A_NOTIFY_NO_LISTENER, no_listener, A_PAD)?;
        reply.send()
    }
}

/// The text of a `MSG` attribute: its payload without the final NUL (unchecked for NULs
/// before it).
fn msg_text<'a>(attr: &Attr<'a, NulString>) -> &'a [u8] {
    let value = attr.payload();
    value.strip_suffix(b"\0").unwrap_or(value)
}

/// The error for `MSG` with a NUL before its end (`EINVAL` from the copy), or `e` as it is.
fn embedded_nul<'a>(info: &Info<'a, GenlTest>, attr: &Attr<'a, NulString>, e: Error) -> Error {
    if e == EINVAL {
        info.bad_attr(attr, c"genltest: MSG has a NUL byte before its end", EINVAL)
    } else {
        e
    }
}

/// The room a history entry's message takes.
fn entry_size(entry: &Entry) -> usize {
    nla_total_size_64bit(8) + nla_total_size(4) + nla_total_size(entry.text().len() + 1)
}

/// Writes a history entry's attributes: `ID`, `PORTID`, `MSG`.
fn put_entry(w: &mut Writer, entry: &Entry) -> Result {
    w.put_u64(A_ID, entry.id, A_PAD)?;
    w.put_u32(A_PORTID, entry.portid)?;
    w.put_string(A_MSG, entry.text())
}

/// Where a `HISTORY` dump goes on: after the last id it sent.
pub(crate) struct HistoryCursor {
    after: u64,
}
