//! Request and answer over one socket: sequence numbers, ACKs, dumps and errors.

use std::time::Duration;

use crate::error::{Ack, Error};
use crate::socket::{Socket, RECV_BUF_SIZE};
use crate::wire::{
    Message, Messages, NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_DUMP_INTR,
};

/// How long to wait for the kernel to answer a request.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// How a request ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// An `NLMSG_ERROR` with error 0 (the request had `NLM_F_ACK`).
    Ack,
    /// An `NLMSG_DONE` (a dump).
    Done,
    /// The first answer that is not a control message.
    FirstReply,
}

/// A socket with its own sequence numbers and reusable buffers.
pub struct Conn {
    /// The socket.
    pub sock: Socket,
    seq: u32,
    tx: Vec<u8>,
    rx: Vec<u8>,
}

impl Conn {
    /// Wraps an open socket.
    pub fn new(sock: Socket) -> Conn {
        Conn {
            sock,
            seq: 0,
            tx: Vec::with_capacity(4096),
            rx: vec![0; RECV_BUF_SIZE],
        }
    }

    /// The next sequence number.
    pub fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// Sends the request that `build` writes (given an empty buffer and a fresh sequence
    /// number), then hands every answer message with that sequence number to `each`
    /// until `until`. An `NLMSG_ERROR` with a negative error ends it with
    /// [`Error::Kernel`], naming attributes with `attr_name`.
    pub fn transact(
        &mut self,
        op: &str,
        build: impl FnOnce(&mut Vec<u8>, u32),
        until: Until,
        attr_name: &dyn Fn(u32) -> Option<String>,
        mut each: impl FnMut(&Message<'_>) -> Result<(), Error>,
    ) -> Result<Ack, Error> {
        let seq = self.next_seq();
        self.tx.clear();
        build(&mut self.tx, seq);
        self.sock
            .send(&self.tx)
            .map_err(|e| Error::os(format!("{op}: send"), e))?;
        let deadline = Socket::deadline(ANSWER_TIMEOUT);
        let mut answer = Answer {
            op,
            seq,
            port: self.sock.port_id(),
            until,
            interrupted: false,
        };
        loop {
            let n = self
                .sock
                .recv(&mut self.rx, deadline)
                .map_err(|e| e.into_error(op))?;
            for msg in Messages::new(&self.rx[..n]) {
                let msg = msg.map_err(|e| Error::wire(op, e))?;
                if let Some(ack) = answer.take(&msg, &self.tx, attr_name, &mut each)? {
                    return Ok(ack);
                }
            }
        }
    }
}

/// The answer to one request, message by message.
struct Answer<'o> {
    op: &'o str,
    seq: u32,
    port: u32,
    until: Until,
    /// A message of the dump carried `NLM_F_DUMP_INTR`.
    interrupted: bool,
}

impl Answer<'_> {
    /// Takes one message: `Ok(Some(ack))` when it ends the answer, `Ok(None)` when more
    /// are to come. A dump any of whose messages carried `NLM_F_DUMP_INTR` ends, at its
    /// `NLMSG_DONE`, with [`Error::Interrupted`]: every message was read, so the socket is
    /// ready for the next request.
    fn take(
        &mut self,
        msg: &Message<'_>,
        request: &[u8],
        attr_name: &dyn Fn(u32) -> Option<String>,
        each: &mut impl FnMut(&Message<'_>) -> Result<(), Error>,
    ) -> Result<Option<Ack>, Error> {
        let op = self.op;
        if msg.header.seq != self.seq {
            // An answer to an earlier request that timed out: not ours.
            return Ok(None);
        }
        if msg.header.pid != self.port && msg.header.pid != 0 {
            return Err(Error::Protocol(format!(
                "{op}: answer addressed to port {} but this socket is port {}",
                msg.header.pid, self.port
            )));
        }
        if msg.header.flags & NLM_F_DUMP_INTR != 0 {
            self.interrupted = true;
        }
        match msg.header.ty {
            NLMSG_ERROR => {
                let ack =
                    Ack::parse(msg.header.flags, msg.payload).map_err(|e| Error::wire(op, e))?;
                if ack.error != 0 {
                    return Err(kernel_error(op, ack, request, attr_name));
                }
                if self.until == Until::Ack {
                    return Ok(Some(ack));
                }
            }
            NLMSG_DONE => {
                // A dump's end carries its error code, 0 on success.
                let ack =
                    done_status(msg.header.flags, msg.payload).map_err(|e| Error::wire(op, e))?;
                if ack.error != 0 {
                    return Err(kernel_error(op, ack, request, attr_name));
                }
                if self.interrupted {
                    return Err(Error::Interrupted(op.to_owned()));
                }
                if self.until == Until::Done {
                    return Ok(Some(ack));
                }
            }
            NLMSG_NOOP => {}
            NLMSG_OVERRUN => {
                return Err(Error::Protocol(format!(
                    "{op}: the kernel reported an overrun"
                )))
            }
            _ => {
                each(msg)?;
                if self.until == Until::FirstReply {
                    return Ok(Some(Ack::default()));
                }
            }
        }
        Ok(None)
    }
}

/// Reads the status an `NLMSG_DONE` carries: an `int` error, then extended ACK
/// attributes when `NLM_F_ACK_TLVS` is set.
fn done_status(flags: u16, payload: &[u8]) -> Result<Ack, crate::wire::WireError> {
    let Some(error) = payload.get(..4) else {
        return Ok(Ack::default());
    };
    let error = i32::from_ne_bytes([error[0], error[1], error[2], error[3]]);
    let mut ack = Ack {
        error,
        ..Ack::default()
    };
    if flags & crate::wire::NLM_F_ACK_TLVS != 0 {
        ack.read_extack(&payload[4..])?;
    }
    Ok(ack)
}

/// Turns a negative ACK into an [`Error`], naming the attribute it points at: a
/// missing one by its type, an offending one by reading its type in `request`.
///
/// The kernel's errors are negative errnos (-4095 to -1); any other non-zero value
/// breaks the protocol ([`Error::Protocol`]).
pub fn kernel_error(
    op: &str,
    ack: Ack,
    request: &[u8],
    attr_name: &dyn Fn(u32) -> Option<String>,
) -> Error {
    if !(-4095..=-1).contains(&ack.error) {
        return Error::Protocol(format!(
            "{op}: the kernel answered error {}, which is not a negative errno",
            ack.error
        ));
    }
    let name = |t: u32| attr_name(t).unwrap_or_else(|| format!("type {t}"));
    let offending = ack.bad_offset.and_then(|off| {
        let at = off as usize + 2;
        let ty = request.get(at..at + 2)?;
        Some(u32::from(
            u16::from_ne_bytes([ty[0], ty[1]]) & crate::wire::NLA_TYPE_MASK,
        ))
    });
    let attr = match (ack.missing_type, offending) {
        (Some(t), _) => Some(format!("{} is missing", name(t))),
        (None, Some(t)) => Some(name(t)),
        (None, None) => None,
    };
    Error::Kernel {
        op: op.to_owned(),
        errno: -ack.error,
        ack,
        attr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{MessageBuilder, NLMSG_DONE, NLM_F_MULTI};

    /// Feeds the messages of `datagram` to an answer to request 7 of port 42, as
    /// `transact` does; returns how it ended and how many replies `each` saw.
    fn answer(datagram: &[u8], until: Until) -> (Result<Option<Ack>, Error>, usize) {
        let mut a = Answer {
            op: "history",
            seq: 7,
            port: 42,
            until,
            interrupted: false,
        };
        let mut replies = 0;
        let mut each = |_: &Message<'_>| {
            replies += 1;
            Ok(())
        };
        for msg in Messages::new(datagram) {
            match a.take(&msg.unwrap(), &[], &|_| None, &mut each) {
                Ok(None) => continue,
                end => return (end, replies),
            }
        }
        (Ok(None), replies)
    }

    /// A dump of two entries, the second flagged `flags`, then its `NLMSG_DONE`.
    fn dump(flags: u16) -> Vec<u8> {
        let mut buf = Vec::new();
        MessageBuilder::new(&mut buf, 0x1b, NLM_F_MULTI, 7)
            .genl(3, 1)
            .finish();
        MessageBuilder::new(&mut buf, 0x1b, NLM_F_MULTI | flags, 7)
            .genl(3, 1)
            .finish();
        MessageBuilder::new(&mut buf, NLMSG_DONE, NLM_F_MULTI | flags, 7)
            .bytes(&0i32.to_ne_bytes())
            .finish();
        buf
    }

    #[test]
    fn a_dump_ends_at_its_done() {
        let (end, replies) = answer(&dump(0), Until::Done);
        assert!(matches!(end, Ok(Some(ack)) if ack.error == 0));
        assert_eq!(replies, 2);
    }

    #[test]
    fn an_interrupted_dump_is_reported_after_its_last_message() {
        let (end, replies) = answer(&dump(NLM_F_DUMP_INTR), Until::Done);
        let err = end.unwrap_err();
        assert!(matches!(err, Error::Interrupted(_)), "{err:?}");
        assert_eq!(err.exit_code(), crate::error::exit::INTERRUPTED);
        assert_eq!(
            err.to_string(),
            "history: the dump was interrupted (NLM_F_DUMP_INTR): the kernel's data changed \
             while it was dumped, so the entries may be inconsistent; run it again"
        );
        assert_eq!(replies, 2, "every entry was read before the error");
    }

    #[test]
    fn an_error_that_is_not_a_negative_errno_breaks_the_protocol() {
        let error = |e: i32| {
            let ack = Ack {
                error: e,
                ..Ack::default()
            };
            kernel_error("op", ack, &[], &|_| None)
        };
        assert!(matches!(error(-22), Error::Kernel { errno: 22, .. }));
        assert!(matches!(error(-4095), Error::Kernel { errno: 4095, .. }));
        for bad in [i32::MIN, -4096, 1, 22, i32::MAX] {
            let e = error(bad);
            assert_eq!(
                e.to_string(),
                format!("op: the kernel answered error {bad}, which is not a negative errno")
            );
            assert_eq!(e.exit_code(), crate::error::exit::PROTOCOL);
        }
    }
}
