// generated from genltest.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: GPL-2.0

//! The Generic Netlink family `genltest`, kernel side: its constants, attribute policies, split
//! operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! Echo, counters, a history (by id or as a dump) and sysfs-triggered notifications, the teaching
//! example of how kernel code and user programs talk over Generic Netlink.

#![allow(dead_code, reason = "the tables name every value of the spec")]

use crate::netlink::ynl::{
    AttrPolicy,
    DoInfo,
    DumpInfo,
    Handler,
    MulticastGroup,
    NlaType,
    Result,
    SplitOp,
    GENL_ADMIN_PERM,
    GENL_CMD_CAP_DO,
    GENL_CMD_CAP_DUMP, //
};

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &core::ffi::CStr = c"genltest";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// A request command (`genlmsghdr.cmd`), one per operation with a do or a dump.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Cmd {
    /// Echo MSG back to the sender. Also the command of mcgrp notifications.
    Echo = 1,
    /// Counters since load or the last reset.
    GetStats = 2,
    /// The echoed message with id (do; ENOENT if the history no longer keeps it), or the last 64
    /// echoed messages, oldest first (dump).
    History = 3,
    /// Clear the counters and the history.
    Reset = 4,
    /// Multicast count notifications to mcgrp in a row, each an echo message with msg (default
    /// "burst"), and reply how the multicasts went. For benchmarks of multicast fan-out.
    Burst = 5,
}

/// A notification (`genlmsghdr.cmd` of messages sent to a multicast group).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Ntf {
    /// The text written to /sys/kernel/genltest/ping, multicast to mcgrp. The module sends it with
    /// the ECHO command number, so this notification has value 1 as well; without this entry YNL's
    /// CLI would not recognise it when subscribed.
    Ping = 1,
}

impl Ntf {
    /// The group the spec sends this notification to.
    pub(crate) const fn group(self) -> Option<McastGroup> {
        match self {
            Ntf::Ping => Some(McastGroup::Mcgrp),
        }
    }
}

/// Attributes of set `genltest`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum GenltestAttr {
    /// The text, NUL-terminated, at most 1024 bytes before the NUL.
    Msg = 1,
    /// `pad`.
    Pad = 2,
    /// Echo requests answered.
    EchoRequests = 3,
    /// Bytes of MSG echoed.
    EchoBytes = 4,
    /// Sysfs pings published.
    Pings = 5,
    /// Notifications that reached at least one listener.
    NotifyDelivered = 6,
    /// Notifications some listener had no room for. The kernel reports a loss to the sender only
    /// for listeners that set NETLINK_BROADCAST_ERROR (genltest's own listeners do); it skips other
    /// full listeners silently.
    NotifyDropped = 7,
    /// History entry id, increasing from 1.
    Id = 8,
    /// The port id of the sender of a history entry.
    Portid = 9,
    /// Notifications sent while nobody listened.
    NotifyNoListener = 10,
    /// How many notifications a burst sends.
    Count = 11,
}

impl GenltestAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 11;
}

/// A multicast group, by its index in [`MCGRPS`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum McastGroup {
    /// `mcgrp`.
    Mcgrp = 0,
}

/// The multicast groups, indexed by [`McastGroup`] (`genl_family.mcgrps`).
pub(crate) static MCGRPS: [MulticastGroup; 1] = [MulticastGroup::const_new(c"mcgrp")];

/// `ECHO` (do): the attributes a request may carry.
pub(crate) static ECHO_POLICY: [AttrPolicy; GenltestAttr::Msg as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; GenltestAttr::Msg as usize + 1];
    p[GenltestAttr::Msg as usize] = AttrPolicy::string(NlaType::NulString, 1024);
    p
};

/// `HISTORY` (do): the attributes a request may carry.
pub(crate) static HISTORY_POLICY: [AttrPolicy; GenltestAttr::Id as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; GenltestAttr::Id as usize + 1];
    p[GenltestAttr::Id as usize] = AttrPolicy::new(NlaType::U64);
    p
};

/// `BURST` (do): the attributes a request may carry.
pub(crate) static BURST_POLICY: [AttrPolicy; GenltestAttr::Count as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; GenltestAttr::Count as usize + 1];
    p[GenltestAttr::Count as usize] = AttrPolicy::range(NlaType::U32, 1, 4096);
    p[GenltestAttr::Msg as usize] = AttrPolicy::string(NlaType::NulString, 1024);
    p
};

/// The handlers of `genltest`: one method per do and per dump of the spec (the
/// `*_doit` and `*_dumpit` functions the C generator declares). The module
/// implements this trait on its family state; a command without its handler does not
/// compile, and the error names the missing method.
pub(crate) trait GenltestOps: Sized {
    /// `ECHO` (do): Echo MSG back to the sender. Also the command of mcgrp notifications.
    fn echo_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `GET_STATS` (do): Counters since load or the last reset.
    fn get_stats_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `HISTORY` (do): The echoed message with id (do; ENOENT if the history no longer keeps it),
    /// or the last 64 echoed messages, oldest first (dump).
    fn history_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `HISTORY` (dump): The echoed message with id (do; ENOENT if the history no longer keeps it),
    /// or the last 64 echoed messages, oldest first (dump).
    fn history_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `RESET` (do): Clear the counters and the history.
    fn reset_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `BURST` (do): Multicast count notifications to mcgrp in a row, each an echo message with msg
    /// (default "burst"), and reply how the multicasts went. For benchmarks of multicast fan-out.
    fn burst_doit(&self, info: &mut DoInfo<'_>) -> Result;
}

/// How many entries [`ops`] has: one per do and one per dump.
pub(crate) const N_OPS: usize = 6;

/// The split operations (`struct genl_split_ops`): for each do and each dump, its
/// command, its handler, the policy of its requests and its flags.
pub(crate) const fn ops<T: GenltestOps>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp {
            cmd: Cmd::Echo as u8,
            handler: Handler::Do(T::echo_doit),
            policy: Some(&ECHO_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::GetStats as u8,
            handler: Handler::Do(T::get_stats_doit),
            policy: None,
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::History as u8,
            handler: Handler::Do(T::history_doit),
            policy: Some(&HISTORY_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::History as u8,
            handler: Handler::Dump(T::history_dumpit),
            policy: None,
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::Reset as u8,
            handler: Handler::Do(T::reset_doit),
            policy: None,
            flags: GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::Burst as u8,
            handler: Handler::Do(T::burst_doit),
            policy: Some(&BURST_POLICY),
            flags: GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
            validate: 0,
        },
    ]
}
