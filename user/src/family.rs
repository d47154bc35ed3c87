//! The Generic Netlink family `genltest`, as `genltest.yaml` specifies it.

use std::time::Instant;

use crate::conn::{Conn, Until};
use crate::ctrl::{self, FamilyInfo, Policies};
use crate::error::Error;
use crate::socket::{RecvError, Socket, RECV_BUF_SIZE};
use crate::wire::{
    Attrs, GenlHeader, MessageBuilder, Messages, WireError, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST,
};

/// The family's name.
pub const FAMILY_NAME: &str = "genltest";
/// The family's version.
pub const FAMILY_VERSION: u8 = 1;
/// The multicast group of sysfs pings.
pub const MCGRP_NAME: &str = "mcgrp";
/// The longest `MSG`, in bytes before its NUL.
pub const MAX_MSG: usize = 1024;
/// The most notifications one `BURST` sends.
pub const MAX_BURST: u32 = 4096;

/// A command of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Cmd {
    /// Echo `MSG` back to the sender; also the command of notifications.
    Echo = 1,
    /// Read the counters.
    GetStats = 2,
    /// Dump the last echoed messages.
    History = 3,
    /// Clear counters and history (admin).
    Reset = 4,
    /// Multicast `COUNT` notifications in a row (admin), for benchmarks.
    Burst = 5,
}

impl Cmd {
    /// Every command, in number order.
    pub const ALL: [Cmd; 5] = [
        Cmd::Echo,
        Cmd::GetStats,
        Cmd::History,
        Cmd::Reset,
        Cmd::Burst,
    ];

    /// The command's name in the YNL spec.
    pub fn name(self) -> &'static str {
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
    fn from(cmd: Cmd) -> u8 {
        cmd as u8
    }
}

impl TryFrom<u8> for Cmd {
    type Error = u8;

    fn try_from(value: u8) -> Result<Cmd, u8> {
        Cmd::ALL
            .into_iter()
            .find(|c| *c as u8 == value)
            .ok_or(value)
    }
}

/// An attribute of the family (one attribute set, `genltest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub enum Attr {
    /// The text (NUL-terminated string, at most [`MAX_MSG`] bytes).
    Msg = 1,
    /// Padding for 64-bit values.
    Pad = 2,
    /// Stats: echo requests answered (u64).
    EchoRequests = 3,
    /// Stats: bytes echoed (u64).
    EchoBytes = 4,
    /// Stats: sysfs pings published (u64).
    Pings = 5,
    /// Stats: notifications that reached at least one listener (u64).
    NotifyDelivered = 6,
    /// Stats: notifications some listener lost (u64).
    NotifyDropped = 7,
    /// History: the entry's id, increasing from 1 (u64).
    Id = 8,
    /// History: the sender's port id (u32).
    Portid = 9,
    /// Stats: notifications nobody listened to (u64).
    NotifyNoListener = 10,
    /// Burst: how many notifications to send (u32, 1 to [`MAX_BURST`]).
    Count = 11,
}

impl Attr {
    /// Every attribute, in number order.
    pub const ALL: [Attr; 11] = [
        Attr::Msg,
        Attr::Pad,
        Attr::EchoRequests,
        Attr::EchoBytes,
        Attr::Pings,
        Attr::NotifyDelivered,
        Attr::NotifyDropped,
        Attr::Id,
        Attr::Portid,
        Attr::NotifyNoListener,
        Attr::Count,
    ];

    /// The attribute's name in the YNL spec.
    pub fn name(self) -> &'static str {
        match self {
            Attr::Msg => "msg",
            Attr::Pad => "pad",
            Attr::EchoRequests => "echo-requests",
            Attr::EchoBytes => "echo-bytes",
            Attr::Pings => "pings",
            Attr::NotifyDelivered => "notify-delivered",
            Attr::NotifyDropped => "notify-dropped",
            Attr::Id => "id",
            Attr::Portid => "portid",
            Attr::NotifyNoListener => "notify-no-listener",
            Attr::Count => "count",
        }
    }

    /// The attribute with number `ty`.
    pub fn from_type(ty: u32) -> Option<Attr> {
        Attr::ALL.into_iter().find(|a| *a as u32 == ty)
    }
}

/// The attribute name for error messages (`MSG`, or the number).
pub fn attr_name(ty: u32) -> Option<String> {
    Attr::from_type(ty).map(|a| a.name().to_ascii_uppercase().replace('-', "_"))
}

/// The counters `GET_STATS` returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Echo requests answered.
    pub echo_requests: u64,
    /// Bytes of `MSG` echoed.
    pub echo_bytes: u64,
    /// Sysfs pings published.
    pub pings: u64,
    /// Notifications that reached at least one listener.
    pub notify_delivered: u64,
    /// Notifications some listener lost (multicast errors other than no listener).
    pub notify_dropped: u64,
    /// Notifications sent while nobody listened.
    pub notify_no_listener: u64,
}

/// One `HISTORY` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// Increasing id.
    pub id: u64,
    /// The sender's port id.
    pub portid: u32,
    /// The echoed text.
    pub msg: Vec<u8>,
}

/// Writes an `ECHO` request.
pub fn echo_request(buf: &mut Vec<u8>, family: u16, seq: u32, msg: &[u8]) {
    MessageBuilder::new(buf, family, NLM_F_REQUEST | NLM_F_ACK, seq)
        .genl(Cmd::Echo.into(), FAMILY_VERSION)
        .attr_str(Attr::Msg as u16, msg)
        .finish();
}

/// Writes a `BURST` request: `COUNT`, then `MSG` when given.
pub fn burst_request(buf: &mut Vec<u8>, family: u16, seq: u32, count: u32, msg: Option<&[u8]>) {
    let m = MessageBuilder::new(buf, family, NLM_F_REQUEST | NLM_F_ACK, seq)
        .genl(Cmd::Burst.into(), FAMILY_VERSION)
        .attr_u32(Attr::Count as u16, count);
    match msg {
        Some(text) => m.attr_str(Attr::Msg as u16, text).finish(),
        None => m.finish(),
    };
}

/// Writes a `HISTORY` do request for the entry with `id` (`ID` as a `u64`).
pub fn history_get_request(buf: &mut Vec<u8>, family: u16, seq: u32, id: u64) {
    MessageBuilder::new(buf, family, NLM_F_REQUEST | NLM_F_ACK, seq)
        .genl(Cmd::History.into(), FAMILY_VERSION)
        .attr(Attr::Id as u16, &id.to_ne_bytes())
        .finish();
}

/// Reads `MSG` out of a family message's attributes.
pub fn parse_msg(attrs: &[u8]) -> Result<Vec<u8>, WireError> {
    msg_attr(attrs).map(<[u8]>::to_vec)
}

/// Finds `MSG` in a family message's attributes and returns its text, borrowed: the
/// allocation-free form of [`parse_msg`].
pub fn msg_attr(attrs: &[u8]) -> Result<&[u8], WireError> {
    match Attrs::new(attrs).find(Attr::Msg as u16)? {
        Some(attr) => attr.string(),
        None => Err(WireError::BadValue {
            what: "echo reply",
            why: "no MSG attribute".into(),
        }),
    }
}

/// What one `BURST` did, as its reply says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BurstReport {
    /// Notifications that reached every listener.
    pub delivered: u64,
    /// Notifications some listener lost (its buffer was full: it sees `ENOBUFS`).
    pub dropped: u64,
    /// Notifications sent while nobody listened.
    pub no_listener: u64,
}

/// Parses a `GET_STATS` reply's attributes.
pub fn parse_stats(attrs: &[u8]) -> Result<Stats, WireError> {
    let mut s = Stats::default();
    for attr in Attrs::new(attrs) {
        let attr = attr?;
        let field = match Attr::from_type(u32::from(attr.ty)) {
            Some(Attr::EchoRequests) => &mut s.echo_requests,
            Some(Attr::EchoBytes) => &mut s.echo_bytes,
            Some(Attr::Pings) => &mut s.pings,
            Some(Attr::NotifyDelivered) => &mut s.notify_delivered,
            Some(Attr::NotifyDropped) => &mut s.notify_dropped,
            Some(Attr::NotifyNoListener) => &mut s.notify_no_listener,
            _ => continue,
        };
        *field = attr.u64()?;
    }
    Ok(s)
}

/// Parses a `BURST` reply's attributes.
pub fn parse_burst(attrs: &[u8]) -> Result<BurstReport, WireError> {
    let mut r = BurstReport::default();
    for attr in Attrs::new(attrs) {
        let attr = attr?;
        let field = match Attr::from_type(u32::from(attr.ty)) {
            Some(Attr::NotifyDelivered) => &mut r.delivered,
            Some(Attr::NotifyDropped) => &mut r.dropped,
            Some(Attr::NotifyNoListener) => &mut r.no_listener,
            _ => continue,
        };
        *field = attr.u64()?;
    }
    Ok(r)
}

/// Parses one `HISTORY` dump message's attributes.
pub fn parse_history_entry(attrs: &[u8]) -> Result<HistoryEntry, WireError> {
    let mut e = HistoryEntry {
        id: 0,
        portid: 0,
        msg: Vec::new(),
    };
    for attr in Attrs::new(attrs) {
        let attr = attr?;
        match Attr::from_type(u32::from(attr.ty)) {
            Some(Attr::Id) => e.id = attr.u64()?,
            Some(Attr::Portid) => e.portid = attr.u32()?,
            Some(Attr::Msg) => e.msg = attr.string()?.to_vec(),
            _ => {}
        }
    }
    Ok(e)
}

/// Opens a Generic Netlink socket with extended ACKs.
fn open_genl(op: &str) -> Result<Conn, Error> {
    let sock =
        Socket::open(libc::NETLINK_GENERIC).map_err(|e| Error::os(format!("{op}: socket"), e))?;
    sock.enable_ext_ack()
        .map_err(|e| Error::os(format!("{op}: setsockopt NETLINK_EXT_ACK"), e))?;
    Ok(Conn::new(sock))
}

/// A client of the `genltest` family: one socket for requests.
pub struct Client {
    conn: Conn,
    /// The family, as nlctrl resolved it.
    pub family: FamilyInfo,
}

impl Client {
    /// Opens a socket and resolves the family through nlctrl.
    pub fn open() -> Result<Client, Error> {
        let mut conn = open_genl("genltest")?;
        let family = ctrl::get_family(&mut conn, FAMILY_NAME)?;
        Ok(Client { conn, family })
    }

    /// The request socket's port id.
    pub fn port_id(&self) -> u32 {
        self.conn.sock.port_id()
    }

    /// `ECHO`: sends `msg`, returns the echoed text.
    pub fn echo(&mut self, msg: &[u8]) -> Result<Vec<u8>, Error> {
        let mut reply = Vec::new();
        self.echo_into(msg, &mut reply)?;
        Ok(reply)
    }

    /// `ECHO` into a buffer the caller keeps: `out` is replaced by the echoed text. Once
    /// `out` has grown to the size of the replies, a loop of these allocates nothing.
    pub fn echo_into(&mut self, msg: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        let id = self.family.id;
        let mut replied = false;
        self.conn.transact(
            "echo",
            |buf, seq| echo_request(buf, id, seq, msg),
            Until::Ack,
            &attr_name,
            |m| {
                let (hdr, attrs) =
                    GenlHeader::parse(m.payload).map_err(|e| Error::wire("echo", e))?;
                if hdr.cmd != Cmd::Echo as u8 {
                    return Err(Error::Protocol(format!(
                        "echo: reply has command {}",
                        hdr.cmd
                    )));
                }
                let text = msg_attr(attrs).map_err(|e| Error::wire("echo", e))?;
                out.clear();
                out.extend_from_slice(text);
                replied = true;
                Ok(())
            },
        )?;
        if replied {
            Ok(())
        } else {
            Err(Error::Protocol("echo: acknowledged without a reply".into()))
        }
    }

    /// Sends a simple do request of `cmd` without attributes, handing replies to `each`.
    fn simple(
        &mut self,
        op: &str,
        cmd: Cmd,
        flags: u16,
        until: Until,
        mut each: impl FnMut(&[u8]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let id = self.family.id;
        let op_owned = op.to_owned();
        self.conn.transact(
            op,
            |buf, seq| {
                MessageBuilder::new(buf, id, NLM_F_REQUEST | flags, seq)
                    .genl(cmd.into(), FAMILY_VERSION)
                    .finish();
            },
            until,
            &attr_name,
            |m| {
                let (_, attrs) =
                    GenlHeader::parse(m.payload).map_err(|e| Error::wire(&op_owned, e))?;
                each(attrs)
            },
        )?;
        Ok(())
    }

    /// `GET_STATS`.
    pub fn stats(&mut self) -> Result<Stats, Error> {
        let mut stats = None;
        self.simple("get-stats", Cmd::GetStats, NLM_F_ACK, Until::Ack, |attrs| {
            stats = Some(parse_stats(attrs).map_err(|e| Error::wire("get-stats", e))?);
            Ok(())
        })?;
        stats.ok_or_else(|| Error::Protocol("get-stats: acknowledged without a reply".into()))
    }

    /// `HISTORY` dump: the last echoed messages, oldest first.
    pub fn history(&mut self) -> Result<Vec<HistoryEntry>, Error> {
        let mut entries = Vec::new();
        self.simple("history", Cmd::History, NLM_F_DUMP, Until::Done, |attrs| {
            entries.push(parse_history_entry(attrs).map_err(|e| Error::wire("history", e))?);
            Ok(())
        })?;
        Ok(entries)
    }

    /// `HISTORY` do: the entry with `id`. The kernel answers `ENOENT` (with an extack
    /// message pointing at `ID`) when its history no longer keeps that entry.
    pub fn history_entry(&mut self, id: u64) -> Result<HistoryEntry, Error> {
        let family = self.family.id;
        let mut entry = None;
        self.conn.transact(
            "history",
            |buf, seq| history_get_request(buf, family, seq, id),
            Until::Ack,
            &attr_name,
            |m| {
                let (hdr, attrs) =
                    GenlHeader::parse(m.payload).map_err(|e| Error::wire("history", e))?;
                if hdr.cmd != Cmd::History as u8 {
                    return Err(Error::Protocol(format!(
                        "history: reply has command {}",
                        hdr.cmd
                    )));
                }
                entry = Some(parse_history_entry(attrs).map_err(|e| Error::wire("history", e))?);
                Ok(())
            },
        )?;
        entry.ok_or_else(|| Error::Protocol("history: acknowledged without a reply".into()))
    }

    /// `RESET` (needs `CAP_NET_ADMIN`).
    pub fn reset(&mut self) -> Result<(), Error> {
        self.simple("reset", Cmd::Reset, NLM_F_ACK, Until::Ack, |_| Ok(()))
    }

    /// `BURST` (needs `CAP_NET_ADMIN`): the kernel multicasts `count` notifications with
    /// text `msg` (its default when `None`) to `mcgrp` before it answers.
    pub fn burst(&mut self, count: u32, msg: Option<&[u8]>) -> Result<BurstReport, Error> {
        let id = self.family.id;
        let mut report = None;
        self.conn.transact(
            "burst",
            |buf, seq| burst_request(buf, id, seq, count, msg),
            Until::Ack,
            &attr_name,
            |m| {
                let (_, attrs) =
                    GenlHeader::parse(m.payload).map_err(|e| Error::wire("burst", e))?;
                report = Some(parse_burst(attrs).map_err(|e| Error::wire("burst", e))?);
                Ok(())
            },
        )?;
        report.ok_or_else(|| Error::Protocol("burst: acknowledged without a reply".into()))
    }

    /// The family's policies (`CTRL_CMD_GETPOLICY`).
    pub fn policies(&mut self) -> Result<Policies, Error> {
        ctrl::get_policies(&mut self.conn, FAMILY_NAME)
    }

    /// Raw access to the request connection, for tests and teaching.
    pub fn conn(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

/// A subscriber to `mcgrp`, on a socket of its own.
pub struct Listener {
    sock: Socket,
    buf: Vec<u8>,
    family: u16,
}

impl Listener {
    /// Resolves the family and group, then opens a second socket and joins the group.
    pub fn open() -> Result<Listener, Error> {
        let mut conn = open_genl("listen")?;
        let family = ctrl::get_family(&mut conn, FAMILY_NAME)?;
        let group = family.group(MCGRP_NAME).ok_or_else(|| {
            Error::Protocol(format!(
                "listen: family {FAMILY_NAME} has no group {MCGRP_NAME}"
            ))
        })?;
        let sock =
            Socket::open(libc::NETLINK_GENERIC).map_err(|e| Error::os("listen: socket", e))?;
        // Notifications this socket has no room for count as dropped in the module.
        sock.set_broadcast_error()
            .map_err(|e| Error::os("listen: setsockopt NETLINK_BROADCAST_ERROR", e))?;
        sock.add_membership(group)
            .map_err(|e| Error::os("listen: join mcgrp", e))?;
        Ok(Listener {
            sock,
            buf: vec![0; RECV_BUF_SIZE],
            family: family.id,
        })
    }

    /// Waits for the next datagram and returns its notifications' texts, or `Ok(None)`
    /// when `deadline` passes first.
    pub fn next_batch(&mut self, deadline: Option<Instant>) -> Result<Option<Vec<Vec<u8>>>, Error> {
        let n = match self.sock.recv(&mut self.buf, deadline) {
            Ok(n) => n,
            Err(RecvError::Timeout) => return Ok(None),
            Err(e) => return Err(Error::listen_recv("listen", e)),
        };
        let mut texts = Vec::new();
        for msg in Messages::new(&self.buf[..n]) {
            let msg = msg.map_err(|e| Error::wire("listen", e))?;
            if msg.header.ty != self.family {
                continue;
            }
            let (hdr, attrs) =
                GenlHeader::parse(msg.payload).map_err(|e| Error::wire("listen", e))?;
            if hdr.cmd == Cmd::Echo as u8 {
                texts.push(parse_msg(attrs).map_err(|e| Error::wire("listen", e))?);
            }
        }
        Ok(Some(texts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alloc_count;
    use crate::wire::Messages;

    /// The encode and decode half of an echo loop, as `echo_into` and the bench do it:
    /// once the buffers have their size, a round allocates nothing.
    #[test]
    fn echo_encode_and_decode_allocate_nothing_in_steady_state() {
        let text = [b'q'; MAX_MSG];
        let mut tx = Vec::new();
        let mut out = Vec::new();
        let mut round = |seq: u32| {
            tx.clear();
            echo_request(&mut tx, 0x1a, seq, &text);
            // The request has the reply's shape (header, genl header, MSG): decode it.
            let msg = Messages::new(&tx).next().unwrap().unwrap();
            let (hdr, attrs) = GenlHeader::parse(msg.payload).unwrap();
            assert_eq!(hdr.cmd, Cmd::Echo as u8);
            out.clear();
            out.extend_from_slice(msg_attr(attrs).unwrap());
            assert_eq!(out.len(), MAX_MSG);
        };
        round(1); // Warm-up: the buffers grow here.
        let ((), allocations) = alloc_count::count(|| (2..1000).for_each(&mut round));
        assert_eq!(allocations, Some(0));
    }
}
