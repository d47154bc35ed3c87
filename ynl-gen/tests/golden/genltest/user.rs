// generated from genltest.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: GPL-2.0
//! The Generic Netlink family `genltest`, user side: its names, the tables an annotator looks them
//! up in, and typed requests and replies built on `wire.rs`.
//!
//! Echo, counters, a history (by id or as a dump) and sysfs-triggered notifications, the teaching
//! example of how kernel code and user programs talk over Generic Netlink.

use crate::wire;
use crate::ynl;

/// The family's name, which nlctrl resolves to its id.
pub const FAMILY_NAME: &str = "genltest";
/// The family's version, sent in every `genlmsghdr`.
pub const FAMILY_VERSION: u8 = 1;

/// A request of the family: `genlmsghdr.cmd` of the messages that ask the
/// kernel something, and of its replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Cmd {
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

impl Cmd {
    /// Every command, in spec order.
    pub const ALL: [Cmd; 5] = [
        Cmd::Echo,
        Cmd::GetStats,
        Cmd::History,
        Cmd::Reset,
        Cmd::Burst,
    ];

    /// The command's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Cmd::Echo => "echo",
            Cmd::GetStats => "get-stats",
            Cmd::History => "history",
            Cmd::Reset => "reset",
            Cmd::Burst => "burst",
        }
    }
}

impl From<Cmd> for u8 {
    fn from(value: Cmd) -> u8 {
        value as u8
    }
}

impl TryFrom<u8> for Cmd {
    type Error = u8;

    /// The command numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u8) -> Result<Cmd, u8> {
        match value {
            1 => Ok(Cmd::Echo),
            2 => Ok(Cmd::GetStats),
            3 => Ok(Cmd::History),
            4 => Ok(Cmd::Reset),
            5 => Ok(Cmd::Burst),
            other => Err(other),
        }
    }
}

/// A notification of the family: `genlmsghdr.cmd` of the messages the kernel
/// sends to a multicast group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Ntf {
    /// The text written to /sys/kernel/genltest/ping, multicast to mcgrp. The module sends it with
    /// the ECHO command number, so this notification has value 1 as well; without this entry YNL's
    /// CLI would not recognise it when subscribed.
    Ping = 1,
}

impl Ntf {
    /// Every notification, in spec order.
    pub const ALL: [Ntf; 1] = [Ntf::Ping];

    /// The notification's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Ntf::Ping => "ping-ntf",
        }
    }
}

impl From<Ntf> for u8 {
    fn from(value: Ntf) -> u8 {
        value as u8
    }
}

impl TryFrom<u8> for Ntf {
    type Error = u8;

    /// The notification numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u8) -> Result<Ntf, u8> {
        match value {
            1 => Ok(Ntf::Ping),
            other => Err(other),
        }
    }
}

/// A multicast group of the family. Its id is assigned when the family
/// registers: ask nlctrl for the id of [`McastGroup::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum McastGroup {
    /// `mcgrp`.
    Mcgrp = 0,
}

impl McastGroup {
    /// Every group, in spec order.
    pub const ALL: [McastGroup; 1] = [McastGroup::Mcgrp];

    /// The group's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            McastGroup::Mcgrp => "mcgrp",
        }
    }
}

impl From<McastGroup> for u8 {
    fn from(value: McastGroup) -> u8 {
        value as u8
    }
}

impl TryFrom<u8> for McastGroup {
    type Error = u8;

    /// The group numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u8) -> Result<McastGroup, u8> {
        match value {
            0 => Ok(McastGroup::Mcgrp),
            other => Err(other),
        }
    }
}

/// Attributes of set `genltest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum GenltestAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [GenltestAttr; 11] = [
        GenltestAttr::Msg,
        GenltestAttr::Pad,
        GenltestAttr::EchoRequests,
        GenltestAttr::EchoBytes,
        GenltestAttr::Pings,
        GenltestAttr::NotifyDelivered,
        GenltestAttr::NotifyDropped,
        GenltestAttr::Id,
        GenltestAttr::Portid,
        GenltestAttr::NotifyNoListener,
        GenltestAttr::Count,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            GenltestAttr::Msg => "msg",
            GenltestAttr::Pad => "pad",
            GenltestAttr::EchoRequests => "echo-requests",
            GenltestAttr::EchoBytes => "echo-bytes",
            GenltestAttr::Pings => "pings",
            GenltestAttr::NotifyDelivered => "notify-delivered",
            GenltestAttr::NotifyDropped => "notify-dropped",
            GenltestAttr::Id => "id",
            GenltestAttr::Portid => "portid",
            GenltestAttr::NotifyNoListener => "notify-no-listener",
            GenltestAttr::Count => "count",
        }
    }
}

impl From<GenltestAttr> for u16 {
    fn from(value: GenltestAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for GenltestAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<GenltestAttr, u16> {
        match value {
            1 => Ok(GenltestAttr::Msg),
            2 => Ok(GenltestAttr::Pad),
            3 => Ok(GenltestAttr::EchoRequests),
            4 => Ok(GenltestAttr::EchoBytes),
            5 => Ok(GenltestAttr::Pings),
            6 => Ok(GenltestAttr::NotifyDelivered),
            7 => Ok(GenltestAttr::NotifyDropped),
            8 => Ok(GenltestAttr::Id),
            9 => Ok(GenltestAttr::Portid),
            10 => Ok(GenltestAttr::NotifyNoListener),
            11 => Ok(GenltestAttr::Count),
            other => Err(other),
        }
    }
}

/// Attribute set `genltest`, by number, for annotators and decoders.
pub static GENLTEST_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "genltest",
    attrs: &[
        ynl::AttrInfo::new(1, "msg", ynl::AttrKind::String).max_len(1024),
        ynl::AttrInfo::new(2, "pad", ynl::AttrKind::Pad),
        ynl::AttrInfo::new(3, "echo-requests", ynl::AttrKind::U64),
        ynl::AttrInfo::new(4, "echo-bytes", ynl::AttrKind::U64),
        ynl::AttrInfo::new(5, "pings", ynl::AttrKind::U64),
        ynl::AttrInfo::new(6, "notify-delivered", ynl::AttrKind::U64),
        ynl::AttrInfo::new(7, "notify-dropped", ynl::AttrKind::U64),
        ynl::AttrInfo::new(8, "id", ynl::AttrKind::U64),
        ynl::AttrInfo::new(9, "portid", ynl::AttrKind::U32),
        ynl::AttrInfo::new(10, "notify-no-listener", ynl::AttrKind::U64),
        ynl::AttrInfo::new(11, "count", ynl::AttrKind::U32)
            .min(1)
            .max(4096),
    ],
};

/// Everything the spec says about the family, as tables.
pub static FAMILY: ynl::FamilyInfo = ynl::FamilyInfo {
    name: FAMILY_NAME,
    version: FAMILY_VERSION,
    ops: &[
        ynl::OpInfo {
            name: "echo",
            cmd: 1,
            reply_cmd: 1,
            attrs: &GENLTEST_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[GenltestAttr::Msg as u16],
                reply: &[GenltestAttr::Msg as u16],
            }),
            dumpit: None,
        },
        ynl::OpInfo {
            name: "get-stats",
            cmd: 2,
            reply_cmd: 2,
            attrs: &GENLTEST_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[],
                reply: &[
                    GenltestAttr::EchoRequests as u16,
                    GenltestAttr::EchoBytes as u16,
                    GenltestAttr::Pings as u16,
                    GenltestAttr::NotifyDelivered as u16,
                    GenltestAttr::NotifyDropped as u16,
                    GenltestAttr::NotifyNoListener as u16,
                ],
            }),
            dumpit: None,
        },
        ynl::OpInfo {
            name: "history",
            cmd: 3,
            reply_cmd: 3,
            attrs: &GENLTEST_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[GenltestAttr::Id as u16],
                reply: &[
                    GenltestAttr::Id as u16,
                    GenltestAttr::Portid as u16,
                    GenltestAttr::Msg as u16,
                ],
            }),
            dumpit: Some(ynl::ModeInfo {
                request: &[],
                reply: &[
                    GenltestAttr::Id as u16,
                    GenltestAttr::Portid as u16,
                    GenltestAttr::Msg as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "reset",
            cmd: 4,
            reply_cmd: 4,
            attrs: &GENLTEST_ATTRS,
            admin_perm: true,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[],
                reply: &[],
            }),
            dumpit: None,
        },
        ynl::OpInfo {
            name: "burst",
            cmd: 5,
            reply_cmd: 5,
            attrs: &GENLTEST_ATTRS,
            admin_perm: true,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[GenltestAttr::Count as u16, GenltestAttr::Msg as u16],
                reply: &[
                    GenltestAttr::NotifyDelivered as u16,
                    GenltestAttr::NotifyDropped as u16,
                    GenltestAttr::NotifyNoListener as u16,
                ],
            }),
            dumpit: None,
        },
    ],
    ntfs: &[ynl::NtfInfo {
        name: "ping-ntf",
        cmd: 1,
        attrs: &GENLTEST_ATTRS,
        attributes: &[GenltestAttr::Msg as u16],
        mcgrp: Some("mcgrp"),
    }],
    mcast_groups: &["mcgrp"],
    attr_sets: &[&GENLTEST_ATTRS],
};

/// The request of `ECHO`: Echo MSG back to the sender.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EchoRequest<'a> {
    /// The text, NUL-terminated, at most 1024 bytes before the NUL.
    pub msg: Option<&'a [u8]>,
}

impl EchoRequest<'_> {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::Echo.into(), FAMILY_VERSION);
        if let Some(v) = self.msg {
            m = m.attr_str(GenltestAttr::Msg as u16, v);
        }
        m.finish();
    }
}

/// The reply of `ECHO`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EchoReply<'a> {
    /// The text, NUL-terminated, at most 1024 bytes before the NUL.
    pub msg: Option<&'a [u8]>,
}

impl<'a> EchoReply<'a> {
    /// The command number of these replies.
    pub const CMD: u8 = 1;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &'a [u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            if let Ok(GenltestAttr::Msg) = GenltestAttr::try_from(attr.ty) {
                m.msg = Some(attr.string()?);
            }
        }
        Ok(m)
    }
}

/// The request of `GET_STATS`: Counters since load or the last reset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetStatsRequest;

impl GetStatsRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::GetStats.into(), FAMILY_VERSION)
            .finish();
    }
}

/// The reply of `GET_STATS`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetStatsReply {
    /// Echo requests answered.
    pub echo_requests: Option<u64>,

    /// Bytes of MSG echoed.
    pub echo_bytes: Option<u64>,

    /// Sysfs pings published.
    pub pings: Option<u64>,

    /// Notifications that reached at least one listener.
    pub notify_delivered: Option<u64>,

    /// Notifications some listener had no room for. The kernel reports a loss to the sender only
    /// for listeners that set NETLINK_BROADCAST_ERROR (genltest's own listeners do); it skips other
    /// full listeners silently.
    pub notify_dropped: Option<u64>,

    /// Notifications sent while nobody listened.
    pub notify_no_listener: Option<u64>,
}

impl GetStatsReply {
    /// The command number of these replies.
    pub const CMD: u8 = 2;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match GenltestAttr::try_from(attr.ty) {
                Ok(GenltestAttr::EchoRequests) => {
                    m.echo_requests = Some(attr.u64()?);
                }
                Ok(GenltestAttr::EchoBytes) => {
                    m.echo_bytes = Some(attr.u64()?);
                }
                Ok(GenltestAttr::Pings) => {
                    m.pings = Some(attr.u64()?);
                }
                Ok(GenltestAttr::NotifyDelivered) => {
                    m.notify_delivered = Some(attr.u64()?);
                }
                Ok(GenltestAttr::NotifyDropped) => {
                    m.notify_dropped = Some(attr.u64()?);
                }
                Ok(GenltestAttr::NotifyNoListener) => {
                    m.notify_no_listener = Some(attr.u64()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `HISTORY` (do): The echoed message with id (do; ENOENT if the history no longer
/// keeps it), or the last 64 echoed messages, oldest first (dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryDoRequest {
    /// History entry id, increasing from 1.
    pub id: Option<u64>,
}

impl HistoryDoRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::History.into(), FAMILY_VERSION);
        if let Some(v) = self.id {
            m = m.attr(GenltestAttr::Id as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `HISTORY` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryReply<'a> {
    /// History entry id, increasing from 1.
    pub id: Option<u64>,

    /// The port id of the sender of a history entry.
    pub portid: Option<u32>,

    /// The text, NUL-terminated, at most 1024 bytes before the NUL.
    pub msg: Option<&'a [u8]>,
}

impl<'a> HistoryReply<'a> {
    /// The command number of these replies.
    pub const CMD: u8 = 3;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &'a [u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match GenltestAttr::try_from(attr.ty) {
                Ok(GenltestAttr::Id) => {
                    m.id = Some(attr.u64()?);
                }
                Ok(GenltestAttr::Portid) => {
                    m.portid = Some(attr.u32()?);
                }
                Ok(GenltestAttr::Msg) => {
                    m.msg = Some(attr.string()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `HISTORY` (dump): The echoed message with id (do; ENOENT if the history no longer
/// keeps it), or the last 64 echoed messages, oldest first (dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryDumpRequest;

impl HistoryDumpRequest {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::History.into(), FAMILY_VERSION)
            .finish();
    }
}

/// The request of `RESET`: Clear the counters and the history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResetRequest;

impl ResetRequest {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::Reset.into(), FAMILY_VERSION)
            .finish();
    }
}

/// The request of `BURST`: Multicast count notifications to mcgrp in a row, each an echo message
/// with msg (default "burst"), and reply how the multicasts went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BurstRequest<'a> {
    /// How many notifications a burst sends.
    pub count: Option<u32>,

    /// The text, NUL-terminated, at most 1024 bytes before the NUL.
    pub msg: Option<&'a [u8]>,
}

impl BurstRequest<'_> {
    /// The header flags of this request: a request, acknowledged.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_ACK;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::Burst.into(), FAMILY_VERSION);
        if let Some(v) = self.count {
            m = m.attr(GenltestAttr::Count as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.msg {
            m = m.attr_str(GenltestAttr::Msg as u16, v);
        }
        m.finish();
    }
}

/// The reply of `BURST`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BurstReply {
    /// Notifications that reached at least one listener.
    pub notify_delivered: Option<u64>,

    /// Notifications some listener had no room for. The kernel reports a loss to the sender only
    /// for listeners that set NETLINK_BROADCAST_ERROR (genltest's own listeners do); it skips other
    /// full listeners silently.
    pub notify_dropped: Option<u64>,

    /// Notifications sent while nobody listened.
    pub notify_no_listener: Option<u64>,
}

impl BurstReply {
    /// The command number of these replies.
    pub const CMD: u8 = 5;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match GenltestAttr::try_from(attr.ty) {
                Ok(GenltestAttr::NotifyDelivered) => {
                    m.notify_delivered = Some(attr.u64()?);
                }
                Ok(GenltestAttr::NotifyDropped) => {
                    m.notify_dropped = Some(attr.u64()?);
                }
                Ok(GenltestAttr::NotifyNoListener) => {
                    m.notify_no_listener = Some(attr.u64()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The notification `PING_NTF` (command 1): The text written to /sys/kernel/genltest/ping,
/// multicast to mcgrp. The module sends it with the ECHO command number, so this notification has
/// value 1 as well; without this entry YNL's CLI would not recognise it when subscribed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PingNtf<'a> {
    /// The text, NUL-terminated, at most 1024 bytes before the NUL.
    pub msg: Option<&'a [u8]>,
}

impl<'a> PingNtf<'a> {
    /// The command number of this notification.
    pub const CMD: u8 = 1;

    /// Reads a notification's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &'a [u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            if let Ok(GenltestAttr::Msg) = GenltestAttr::try_from(attr.ty) {
                m.msg = Some(attr.string()?);
            }
        }
        Ok(m)
    }
}
