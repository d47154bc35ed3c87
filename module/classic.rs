// SPDX-License-Identifier: GPL-2.0

//! The classic Netlink protocol on unit 31 (`NETLINK_GENLTEST`).
//!
//! - `GENLTEST_MSG_ECHO` (0x10): the payload, up to [`MAX_PAYLOAD`] bytes, goes back to the
//!   sender's port with the same type and sequence number.
//! - Any other type at or above `NLMSG_MIN_TYPE`: `EOPNOTSUPP`.
//! - Header flags other than `NLM_F_REQUEST`, `NLM_F_ACK` and `NLM_F_ECHO`: `EINVAL`, or
//!   `EOPNOTSUPP` for `NLM_F_DUMP`.
//! - Multicast group [`GROUP`]: each sysfs ping's text, as an `ECHO` message.
//!
//! The Netlink core (`netlink_rcv_skb`) walks every message of a datagram, skips control
//! messages and messages without `NLM_F_REQUEST`, and sends the `NLMSG_ERROR` for an
//! error or an ACK for `NLM_F_ACK`.

use kernel::prelude::*;

use crate::kext::net::netlink::classic::{
    ExtAck,
    Protocol,
    Request, //
};

/// The Netlink unit genltest claims.
pub(crate) const NETLINK_GENLTEST: u32 = 31;
/// Echo request, echo reply and notification.
pub(crate) const GENLTEST_MSG_ECHO: u16 = 0x10;
/// The notification group.
pub(crate) const GROUP: u32 = 1;
/// The largest echo payload.
pub(crate) const MAX_PAYLOAD: usize = 1024;

/// `NLM_F_REQUEST`, `NLM_F_ACK` and `NLM_F_ECHO`: the only header flags a request may
/// carry. `netlink_rcv_skb` itself ignores the others, so like Generic Netlink's header
/// check we refuse them rather than guess what the sender meant.
const ALLOWED_FLAGS: u16 = 0x01 | 0x04 | 0x08;
/// `NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`): unit 31 has no dump requests.
const NLM_F_DUMP: u16 = 0x300;

/// The protocol's request handler. It keeps no data: each request is answered alone.
pub(crate) struct Classic;

#[vtable]
impl Protocol for Classic {
    const UNIT: u32 = NETLINK_GENLTEST;
    const GROUPS: u32 = GROUP;
    // Unprivileged listeners may join the group: pings are not secret.
    const NONROOT_RECV: bool = true;

    fn receive(&self, req: &Request<'_>, extack: &mut ExtAck<'_>) -> Result {
        if req.flags() & NLM_F_DUMP == NLM_F_DUMP {
            extack.set_msg(c"genltest: unit 31 has no dump requests");
            return Err(EOPNOTSUPP);
        }
        if req.flags() & !ALLOWED_FLAGS != 0 {
            extack.set_msg(c"genltest: reserved bits set in nlmsg_flags");
            return Err(EINVAL);
        }
        match req.msg_type() {
            GENLTEST_MSG_ECHO => {
                let payload = req.payload();
                if payload.len() > MAX_PAYLOAD {
                    extack.set_msg(c"genltest: echo payload is longer than 1024 bytes");
                    return Err(EMSGSIZE);
                }
                let (port, seq) = (req.sender_port(), req.seq());
                crate::trace(format_args!(
                    "classic request from port {port} seq {seq}: type ECHO, payload {} bytes",
                    payload.len()
                ));
                req.reply(GENLTEST_MSG_ECHO, payload)?;
                crate::trace(format_args!(
                    "classic reply to port {port} seq {seq}: type ECHO, payload {} bytes",
                    payload.len()
                ));
                Ok(())
            }
            ty => {
                crate::trace(format_args!(
                    "classic request from port {} seq {}: type {ty:#x} unknown: EOPNOTSUPP",
                    req.sender_port(),
                    req.seq()
                ));
                extack.set_msg(c"genltest: unknown message type (only ECHO, 0x10, exists)");
                Err(EOPNOTSUPP)
            }
        }
    }
}
