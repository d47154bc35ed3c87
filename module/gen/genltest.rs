// generated from genltest.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: GPL-2.0

//! The Generic Netlink family `genltest`, kernel side: its constants, attribute numbers, policies,
//! split operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! Echo, counters, a history (by id or as a dump) and sysfs-triggered notifications, the teaching
//! example of how kernel code and user programs talk over Generic Netlink.

#![allow(dead_code, reason = "the tables name every value of the spec")]

use kernel::{
    net::netlink::MulticastGroup,
    prelude::*, //
};

use crate::kext::net::netlink::{
    attr::{
        AttrType,
        NulString,
        Pad,
        U32,
        U64, //
    },
    dump::{
        Dump,
        DumpIt, //
    },
    genl::{
        DoIt,
        Info,
        OpFlags,
        Operations,
        SplitOp, //
    },
    policy::{
        policy,
        PolicyRef, //
    },
};

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &CStr = c"genltest";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// Command `echo` (`genlmsghdr.cmd` of requests): Echo MSG back to the sender. Also the command of
/// mcgrp notifications.
pub(crate) const CMD_ECHO: u8 = 1;

/// Command `get-stats` (`genlmsghdr.cmd` of requests): Counters since load or the last reset.
pub(crate) const CMD_GET_STATS: u8 = 2;

/// Command `history` (`genlmsghdr.cmd` of requests): The echoed message with id (do; ENOENT if the
/// history no longer keeps it), or the last 64 echoed messages, oldest first (dump).
pub(crate) const CMD_HISTORY: u8 = 3;

/// Command `reset` (`genlmsghdr.cmd` of requests): Clear the counters and the history.
pub(crate) const CMD_RESET: u8 = 4;

/// Command `burst` (`genlmsghdr.cmd` of requests): Multicast count notifications to mcgrp in a row,
/// each an echo message with msg (default "burst"), and reply how the multicasts went. For
/// benchmarks of multicast fan-out.
pub(crate) const CMD_BURST: u8 = 5;

/// Notification `ping-ntf` (`genlmsghdr.cmd`, sent to group `mcgrp`): The text written to
/// /sys/kernel/genltest/ping, multicast to mcgrp. The module sends it with the ECHO command number,
/// so this notification has value 1 as well; without this entry YNL's CLI would not recognise it
/// when subscribed.
pub(crate) const NTF_PING_NTF: u8 = 1;

/// Attribute `genltest.msg`: The text, NUL-terminated, at most 1024 bytes before the NUL.
pub(crate) const A_MSG: AttrType<NulString> = AttrType::new(1);

/// Attribute `genltest.pad`.
pub(crate) const A_PAD: AttrType<Pad> = AttrType::new(2);

/// Attribute `genltest.echo-requests`: Echo requests answered.
pub(crate) const A_ECHO_REQUESTS: AttrType<U64> = AttrType::new(3);

/// Attribute `genltest.echo-bytes`: Bytes of MSG echoed.
pub(crate) const A_ECHO_BYTES: AttrType<U64> = AttrType::new(4);

/// Attribute `genltest.pings`: Sysfs pings published.
pub(crate) const A_PINGS: AttrType<U64> = AttrType::new(5);

/// Attribute `genltest.notify-delivered`: Notifications that reached at least one listener.
pub(crate) const A_NOTIFY_DELIVERED: AttrType<U64> = AttrType::new(6);

/// Attribute `genltest.notify-dropped`: Notifications some listener had no room for. The kernel
/// reports a loss to the sender only for listeners that set NETLINK_BROADCAST_ERROR (genltest's own
/// listeners do); it skips other full listeners silently.
pub(crate) const A_NOTIFY_DROPPED: AttrType<U64> = AttrType::new(7);

/// Attribute `genltest.id`: History entry id, increasing from 1.
pub(crate) const A_ID: AttrType<U64> = AttrType::new(8);

/// Attribute `genltest.portid`: The port id of the sender of a history entry.
pub(crate) const A_PORTID: AttrType<U32> = AttrType::new(9);

/// Attribute `genltest.notify-no-listener`: Notifications sent while nobody listened.
pub(crate) const A_NOTIFY_NO_LISTENER: AttrType<U64> = AttrType::new(10);

/// Attribute `genltest.count`: How many notifications a burst sends.
pub(crate) const A_COUNT: AttrType<U32> = AttrType::new(11);

/// The multicast groups (`genl_family.mcgrps`), indexed by the `NLGRP_*` constants.
pub(crate) const MCGRPS: &[MulticastGroup] = &[MulticastGroup::const_new(c"mcgrp")];
/// The index of group `mcgrp` in [`MCGRPS`].
pub(crate) const NLGRP_MCGRP: u32 = 0;

/// `ECHO` (do): the attributes a request may carry.
pub(crate) const ECHO_POLICY: PolicyRef = policy![A_MSG.nul_string(1024)];

/// `HISTORY` (do): the attributes a request may carry.
pub(crate) const HISTORY_POLICY: PolicyRef = policy![A_ID.any()];

/// `BURST` (do): the attributes a request may carry.
pub(crate) const BURST_POLICY: PolicyRef = policy![A_COUNT.range(1, 4096), A_MSG.nul_string(1024)];

/// The handlers of `genltest`: a function per do, a cursor type and two functions per
/// dump (the `*_doit` and `*_dumpit` functions the C generator declares). The family
/// implements this trait; a command without its handler does not compile, and the
/// error names the missing item.
pub(crate) trait GenltestHandlers: Operations {
    /// `ECHO` (do): Echo MSG back to the sender. Also the command of mcgrp notifications.
    fn echo_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// `GET_STATS` (do): Counters since load or the last reset.
    fn get_stats_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// `HISTORY` (do): The echoed message with id (do; ENOENT if the history no longer keeps it),
    /// or the last 64 echoed messages, oldest first (dump).
    fn history_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// What a `HISTORY` dump remembers between calls.
    type HistoryCursor: Send;

    /// Starts a `HISTORY` dump: the cursor of its first call.
    fn history_start(state: &Self::State) -> Result<Self::HistoryCursor>;

    /// `HISTORY` (dump): The echoed message with id (do; ENOENT if the history no longer keeps it),
    /// or the last 64 echoed messages, oldest first (dump).
    fn history_dumpit(
        state: &Self::State,
        cursor: &mut Self::HistoryCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// `RESET` (do): Clear the counters and the history.
    fn reset_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// `BURST` (do): Multicast count notifications to mcgrp in a row, each an echo message with msg
    /// (default "burst"), and reply how the multicasts went. For benchmarks of multicast fan-out.
    fn burst_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;
}

/// The do of `ECHO`: `GenltestHandlers::echo_doit` with `ECHO_POLICY`.
pub(crate) struct EchoDo;

impl<T: GenltestHandlers> DoIt<T> for EchoDo {
    const POLICY: PolicyRef = ECHO_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::echo_doit(state, info)
    }
}

/// The do of `GET_STATS`: `GenltestHandlers::get_stats_doit` with a policy that refuses every
/// attribute.
pub(crate) struct GetStatsDo;

impl<T: GenltestHandlers> DoIt<T> for GetStatsDo {
    const POLICY: PolicyRef = PolicyRef::reject_all();

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::get_stats_doit(state, info)
    }
}

/// The do of `HISTORY`: `GenltestHandlers::history_doit` with `HISTORY_POLICY`.
pub(crate) struct HistoryDo;

impl<T: GenltestHandlers> DoIt<T> for HistoryDo {
    const POLICY: PolicyRef = HISTORY_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::history_doit(state, info)
    }
}

/// The dump of `HISTORY`: `GenltestHandlers::history_dumpit` with no policy (the core refuses every
/// attribute).
pub(crate) struct HistoryDump;

impl<T: GenltestHandlers> DumpIt<T> for HistoryDump {
    const POLICY: PolicyRef = PolicyRef::NONE;
    type Cursor = T::HistoryCursor;

    fn start(state: &T::State) -> Result<T::HistoryCursor> {
        T::history_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::HistoryCursor, dump: &mut Dump<'_>) -> Result {
        T::history_dumpit(state, cursor, dump)
    }
}

/// The do of `RESET`: `GenltestHandlers::reset_doit` with a policy that refuses every attribute.
pub(crate) struct ResetDo;

impl<T: GenltestHandlers> DoIt<T> for ResetDo {
    const POLICY: PolicyRef = PolicyRef::reject_all();

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::reset_doit(state, info)
    }
}

/// The do of `BURST`: `GenltestHandlers::burst_doit` with `BURST_POLICY`.
pub(crate) struct BurstDo;

impl<T: GenltestHandlers> DoIt<T> for BurstDo {
    const POLICY: PolicyRef = BURST_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::burst_doit(state, info)
    }
}

/// How many entries [`ops`] has: one per do and one per dump.
pub(crate) const N_OPS: usize = 6;

/// The split operations (`struct genl_split_ops`), for `Operations::OPS`: for each do
/// and each dump, its command, its handler with its policy, and its flags.
pub(crate) const fn ops<T: GenltestHandlers>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp::doit::<EchoDo>(CMD_ECHO, OpFlags::NONE),
        SplitOp::doit::<GetStatsDo>(CMD_GET_STATS, OpFlags::NONE),
        SplitOp::doit::<HistoryDo>(CMD_HISTORY, OpFlags::NONE),
        SplitOp::dumpit::<HistoryDump>(CMD_HISTORY, OpFlags::NONE),
        SplitOp::doit::<ResetDo>(CMD_RESET, OpFlags::ADMIN_PERM),
        SplitOp::doit::<BurstDo>(CMD_BURST, OpFlags::ADMIN_PERM),
    ]
}
