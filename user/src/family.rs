//! A client of the Generic Netlink family `genltest`.
//!
//! Its names, numbers, requests and replies are the code ynl-gen generated from
//! `genltest.yaml` ([`crate::gen::genltest`]); this module re-exports what clients need
//! and adds sockets, owned values and errors.

use std::time::Instant;

use crate::conn::{Conn, Until};
use crate::ctrl::{self, FamilyInfo, Policies};
use crate::error::Error;
use crate::gen::genltest::{
    BurstReply, BurstRequest, EchoReply, EchoRequest, GetStatsReply, GetStatsRequest,
    HistoryDoRequest, HistoryDumpRequest, HistoryReply, McastGroup, PingNtf, ResetRequest,
    GENLTEST_ATTRS,
};
use crate::socket::{RecvError, Socket, RECV_BUF_SIZE};
use crate::wire::{GenlHeader, Messages, WireError};

pub use crate::gen::genltest::{Cmd, GenltestAttr as Attr, FAMILY_NAME, FAMILY_VERSION};

/// The multicast group of sysfs pings.
pub const MCGRP_NAME: &str = McastGroup::Mcgrp.name();
/// The longest `MSG`, in bytes before its NUL: the spec's `max-len`.
pub const MAX_MSG: usize = match GENLTEST_ATTRS.checks_of(Attr::Msg as u16).max_len {
    Some(n) => n as usize,
    None => panic!("genltest.yaml: msg has no max-len"),
};
/// The most notifications one `BURST` sends: the spec's `max` of `COUNT`.
pub const MAX_BURST: u32 = match GENLTEST_ATTRS.checks_of(Attr::Count as u16).max {
    Some(n) => n as u32,
    None => panic!("genltest.yaml: count has no max"),
};

/// The attribute name for error messages (`MSG`, or the number).
pub fn attr_name(ty: u32) -> Option<String> {
    let attr = Attr::try_from(u16::try_from(ty).ok()?).ok()?;
    Some(attr.name().to_ascii_uppercase().replace('-', "_"))
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
    EchoRequest { msg: Some(msg) }.emit(buf, family, seq);
}

/// Writes a `BURST` request: `COUNT`, then `MSG` when given.
pub fn burst_request(buf: &mut Vec<u8>, family: u16, seq: u32, count: u32, msg: Option<&[u8]>) {
    BurstRequest {
        count: Some(count),
        msg,
    }
    .emit(buf, family, seq);
}

/// Writes a `HISTORY` do request for the entry with `id` (`ID` as a `u64`).
pub fn history_get_request(buf: &mut Vec<u8>, family: u16, seq: u32, id: u64) {
    HistoryDoRequest { id: Some(id) }.emit(buf, family, seq);
}

/// Reads `MSG` out of a family message's attributes.
pub fn parse_msg(attrs: &[u8]) -> Result<Vec<u8>, WireError> {
    msg_attr(attrs).map(<[u8]>::to_vec)
}

/// Finds `MSG` in a family message's attributes and returns its text, borrowed: the
/// allocation-free form of [`parse_msg`].
pub fn msg_attr(attrs: &[u8]) -> Result<&[u8], WireError> {
    EchoReply::parse(attrs)?
        .msg
        .ok_or_else(|| WireError::BadValue {
            what: "echo reply",
            why: "no MSG attribute".into(),
        })
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
    let r = GetStatsReply::parse(attrs)?;
    Ok(Stats {
        echo_requests: r.echo_requests.unwrap_or_default(),
        echo_bytes: r.echo_bytes.unwrap_or_default(),
        pings: r.pings.unwrap_or_default(),
        notify_delivered: r.notify_delivered.unwrap_or_default(),
        notify_dropped: r.notify_dropped.unwrap_or_default(),
        notify_no_listener: r.notify_no_listener.unwrap_or_default(),
    })
}

/// Parses a `BURST` reply's attributes.
pub fn parse_burst(attrs: &[u8]) -> Result<BurstReport, WireError> {
    let r = BurstReply::parse(attrs)?;
    Ok(BurstReport {
        delivered: r.notify_delivered.unwrap_or_default(),
        dropped: r.notify_dropped.unwrap_or_default(),
        no_listener: r.notify_no_listener.unwrap_or_default(),
    })
}

/// Parses one `HISTORY` dump message's attributes.
pub fn parse_history_entry(attrs: &[u8]) -> Result<HistoryEntry, WireError> {
    let r = HistoryReply::parse(attrs)?;
    Ok(HistoryEntry {
        id: r.id.unwrap_or_default(),
        portid: r.portid.unwrap_or_default(),
        msg: r.msg.unwrap_or_default().to_vec(),
    })
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
                if hdr.cmd != EchoReply::CMD {
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

    /// Sends the request `build` writes (given the family id and a sequence number),
    /// handing the attributes of each reply to `each`.
    fn simple(
        &mut self,
        op: &str,
        build: impl FnOnce(&mut Vec<u8>, u16, u32),
        until: Until,
        mut each: impl FnMut(&[u8]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let id = self.family.id;
        let op_owned = op.to_owned();
        self.conn.transact(
            op,
            |buf, seq| build(buf, id, seq),
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
        let build = |buf: &mut Vec<u8>, id, seq| GetStatsRequest.emit(buf, id, seq);
        self.simple("get-stats", build, Until::Ack, |attrs| {
            stats = Some(parse_stats(attrs).map_err(|e| Error::wire("get-stats", e))?);
            Ok(())
        })?;
        stats.ok_or_else(|| Error::Protocol("get-stats: acknowledged without a reply".into()))
    }

    /// `HISTORY` dump: the last echoed messages, oldest first.
    pub fn history(&mut self) -> Result<Vec<HistoryEntry>, Error> {
        let mut entries = Vec::new();
        let build = |buf: &mut Vec<u8>, id, seq| HistoryDumpRequest.emit(buf, id, seq);
        self.simple("history", build, Until::Done, |attrs| {
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
        let build = |buf: &mut Vec<u8>, id, seq| ResetRequest.emit(buf, id, seq);
        self.simple("reset", build, Until::Ack, |_| Ok(()))
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
            Err(e) => return Err(e.into_listen_error("listen")),
        };
        let mut texts = Vec::new();
        for msg in Messages::new(&self.buf[..n]) {
            let msg = msg.map_err(|e| Error::wire("listen", e))?;
            if msg.header.ty != self.family {
                continue;
            }
            let (hdr, attrs) =
                GenlHeader::parse(msg.payload).map_err(|e| Error::wire("listen", e))?;
            if hdr.cmd == PingNtf::CMD {
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
