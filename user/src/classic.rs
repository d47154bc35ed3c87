//! The classic Netlink protocol of genltest on unit 31 (`NETLINK_GENLTEST`).
//!
//! - `ECHO` (0x10) requests carry any bytes, up to [`MAX_PAYLOAD`]; the kernel answers
//!   the sender's port with the same type, sequence number and payload.
//! - An unknown type gets `NLMSG_ERROR` with `EOPNOTSUPP`; an over-long payload gets
//!   `EMSGSIZE` with an extended-ACK message; `NLM_F_ACK` gets an ACK.
//! - Multicast group [`GROUP`] (1) carries notifications: each sysfs ping's text, as
//!   an `ECHO`-typed message with sequence number 0 from port 0.

use std::time::Instant;

use nix::errno::Errno;

use crate::conn::{Conn, Until};
use crate::error::Error;
use crate::socket::{RecvError, Socket, RECV_BUF_SIZE};
use crate::wire::{MessageBuilder, Messages, NLM_F_ACK, NLM_F_REQUEST};

pub use crate::protocols::{GENLTEST_MSG_ECHO, GROUP, MAX_PAYLOAD, NETLINK_GENLTEST};

/// Opens a unit-31 socket, saying "not loaded" when the unit has no kernel socket.
pub fn open(op: &str) -> Result<Socket, Error> {
    match Socket::open(NETLINK_GENLTEST) {
        Ok(sock) => Ok(sock),
        Err(Errno::EPROTONOSUPPORT) => Err(Error::NotLoaded(format!(
            "{op}: no kernel socket on Netlink unit {NETLINK_GENLTEST}"
        ))),
        Err(e) => Err(Error::os(format!("{op}: socket"), e)),
    }
}

/// Writes an echo request for `payload`.
pub fn echo_request(buf: &mut Vec<u8>, seq: u32, payload: &[u8], ack: bool) {
    let flags = NLM_F_REQUEST | if ack { NLM_F_ACK } else { 0 };
    MessageBuilder::new(buf, GENLTEST_MSG_ECHO, flags, seq)
        .bytes(payload)
        .finish();
}

/// What an echo round trip returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoReply {
    /// The payload of the reply.
    pub payload: Vec<u8>,
    /// The sequence number of request and reply.
    pub seq: u32,
    /// This socket's port id, to which the reply was addressed.
    pub port_id: u32,
    /// Whether an ACK was asked for and received.
    pub acked: bool,
}

/// A client of the classic protocol.
pub struct Client {
    conn: Conn,
}

impl Client {
    /// Opens a socket on unit 31 with extended ACKs.
    pub fn open() -> Result<Client, Error> {
        let sock = open("classic")?;
        sock.enable_ext_ack()
            .map_err(|e| Error::os("classic: setsockopt NETLINK_EXT_ACK", e))?;
        Ok(Client {
            conn: Conn::new(sock),
        })
    }

    /// The socket's port id.
    pub fn port_id(&self) -> u32 {
        self.conn.sock.port_id()
    }

    /// Sends `payload` and returns the echo, checking it answers this request.
    pub fn echo(&mut self, payload: &[u8], ack: bool) -> Result<EchoReply, Error> {
        let mut reply = Vec::new();
        let seq = self.echo_into(payload, ack, &mut reply)?;
        Ok(EchoReply {
            payload: reply,
            seq,
            port_id: self.port_id(),
            acked: ack,
        })
    }

    /// Like [`Client::echo`], into a buffer the caller keeps: `out` is replaced by the
    /// reply's payload and the request's sequence number is returned. Once `out` has grown
    /// to the size of the replies, a loop of these allocates nothing.
    pub fn echo_into(
        &mut self,
        payload: &[u8],
        ack: bool,
        out: &mut Vec<u8>,
    ) -> Result<u32, Error> {
        let port_id = self.port_id();
        let mut seq_sent = 0;
        let mut replied = false;
        let until = if ack { Until::Ack } else { Until::FirstReply };
        self.conn.transact(
            "classic echo",
            |buf, seq| {
                seq_sent = seq;
                echo_request(buf, seq, payload, ack);
            },
            until,
            &|_| None,
            |msg| {
                if msg.header.ty != GENLTEST_MSG_ECHO {
                    return Err(Error::Protocol(format!(
                        "classic echo: reply of type {:#x}, expected {GENLTEST_MSG_ECHO:#x}",
                        msg.header.ty
                    )));
                }
                if msg.header.pid != port_id {
                    return Err(Error::Protocol(format!(
                        "classic echo: reply addressed to port {}, not {port_id}",
                        msg.header.pid
                    )));
                }
                out.clear();
                out.extend_from_slice(msg.payload);
                replied = true;
                Ok(())
            },
        )?;
        if !replied {
            return Err(Error::Protocol(
                "classic echo: acknowledged without an echo reply".into(),
            ));
        }
        Ok(seq_sent)
    }
}

/// A subscriber to the classic notification group, on a socket of its own.
pub struct Listener {
    sock: Socket,
    buf: Vec<u8>,
}

impl Listener {
    /// Opens a socket and joins group 1. Notifications it has no room for are counted
    /// as dropped by the module (`NETLINK_BROADCAST_ERROR`).
    pub fn open() -> Result<Listener, Error> {
        let sock = open("classic listen")?;
        sock.set_broadcast_error()
            .map_err(|e| Error::os("classic listen: setsockopt NETLINK_BROADCAST_ERROR", e))?;
        sock.add_membership(GROUP)
            .map_err(|e| Error::os("classic listen: join group 1", e))?;
        Ok(Listener {
            sock,
            buf: vec![0; RECV_BUF_SIZE],
        })
    }

    /// Waits for the next datagram and returns the texts of its notifications, or
    /// `Ok(None)` when `deadline` passes first.
    pub fn next_batch(&mut self, deadline: Option<Instant>) -> Result<Option<Vec<Vec<u8>>>, Error> {
        let n = match self.sock.recv(&mut self.buf, deadline) {
            Ok(n) => n,
            Err(RecvError::Timeout) => return Ok(None),
            Err(e) => return Err(e.into_listen_error("classic listen")),
        };
        let mut texts = Vec::new();
        for msg in Messages::new(&self.buf[..n]) {
            let msg = msg.map_err(|e| Error::wire("classic listen", e))?;
            if msg.header.ty == GENLTEST_MSG_ECHO {
                texts.push(msg.payload.to_vec());
            }
        }
        Ok(Some(texts))
    }
}
