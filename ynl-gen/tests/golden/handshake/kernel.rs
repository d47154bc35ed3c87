// generated from handshake.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)

//! The Generic Netlink family `handshake`, kernel side: its constants, attribute policies, split
//! operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! Netlink protocol to request a transport layer security handshake.

#![allow(dead_code, reason = "the tables name every value of the spec")]

use crate::netlink::ynl::{
    AttrPolicy,
    DoInfo,
    Handler,
    MulticastGroup,
    NlaType,
    Result,
    SplitOp,
    GENL_ADMIN_PERM,
    GENL_CMD_CAP_DO,
    MAX_ERRNO, //
};

/// Values of `handler-class`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum HandlerClass {
    /// `none`.
    None = 0,
    /// `tlshd`.
    Tlshd = 1,
    /// `max`.
    Max = 2,
}

/// Values of `msg-type`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum MsgType {
    /// `unspec`.
    Unspec = 0,
    /// `clienthello`.
    Clienthello = 1,
    /// `serverhello`.
    Serverhello = 2,
}

/// Values of `auth`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum Auth {
    /// `unspec`.
    Unspec = 0,
    /// `unauth`.
    Unauth = 1,
    /// `psk`.
    Psk = 2,
    /// `x509`.
    X509 = 3,
}

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &core::ffi::CStr = c"handshake";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// A request command (`genlmsghdr.cmd`), one per operation with a do or a dump.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Cmd {
    /// Handler retrieves next queued handshake request
    Accept = 2,
    /// Handler reports handshake completion
    Done = 3,
}

/// A notification (`genlmsghdr.cmd` of messages sent to a multicast group).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Ntf {
    /// Notify handlers that a new handshake request is waiting
    Ready = 1,
}

/// Attributes of set `x509`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum X509Attr {
    /// `cert`.
    Cert = 1,
    /// `privkey`.
    Privkey = 2,
}

impl X509Attr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 2;
}

/// Attributes of set `accept`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum AcceptAttr {
    /// `sockfd`.
    Sockfd = 1,
    /// `handler-class`.
    HandlerClass = 2,
    /// `message-type`.
    MessageType = 3,
    /// `timeout`.
    Timeout = 4,
    /// `auth-mode`.
    AuthMode = 5,
    /// `peer-identity`.
    PeerIdentity = 6,
    /// `certificate`.
    Certificate = 7,
    /// `peername`.
    Peername = 8,
    /// `keyring`.
    Keyring = 9,
}

impl AcceptAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 9;
}

/// Attributes of set `done`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum DoneAttr {
    /// `status`.
    Status = 1,
    /// `sockfd`.
    Sockfd = 2,
    /// `remote-auth`.
    RemoteAuth = 3,
}

impl DoneAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 3;
}

/// A multicast group, by its index in [`MCGRPS`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum McastGroup {
    /// `none`.
    None = 0,
    /// `tlshd`.
    Tlshd = 1,
}

/// The multicast groups, indexed by [`McastGroup`] (`genl_family.mcgrps`).
pub(crate) static MCGRPS: [MulticastGroup; 2] = [
    MulticastGroup::const_new(c"none"),
    MulticastGroup::const_new(c"tlshd"),
];

/// `ACCEPT` (do): the attributes a request may carry.
pub(crate) static ACCEPT_POLICY: [AttrPolicy; AcceptAttr::HandlerClass as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; AcceptAttr::HandlerClass as usize + 1];
    p[AcceptAttr::HandlerClass as usize] = AttrPolicy::max(NlaType::U32, 2);
    p
};

/// `DONE` (do): the attributes a request may carry.
pub(crate) static DONE_POLICY: [AttrPolicy; DoneAttr::RemoteAuth as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; DoneAttr::RemoteAuth as usize + 1];
    p[DoneAttr::Status as usize] = AttrPolicy::max(NlaType::U32, MAX_ERRNO as i64);
    p[DoneAttr::Sockfd as usize] = AttrPolicy::new(NlaType::S32);
    p[DoneAttr::RemoteAuth as usize] = AttrPolicy::new(NlaType::U32);
    p
};

/// The handlers of `handshake`: one method per do and per dump of the spec (the
/// `*_doit` and `*_dumpit` functions the C generator declares). The module
/// implements this trait on its family state; a command without its handler does not
/// compile, and the error names the missing method.
pub(crate) trait HandshakeOps: Sized {
    /// `ACCEPT` (do): Handler retrieves next queued handshake request
    fn accept_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `DONE` (do): Handler reports handshake completion
    fn done_doit(&self, info: &mut DoInfo<'_>) -> Result;
}

/// How many entries [`ops`] has: one per do and one per dump.
pub(crate) const N_OPS: usize = 2;

/// The split operations (`struct genl_split_ops`): for each do and each dump, its
/// command, its handler, the policy of its requests and its flags.
pub(crate) const fn ops<T: HandshakeOps>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp {
            cmd: Cmd::Accept as u8,
            handler: Handler::Do(T::accept_doit),
            policy: Some(&ACCEPT_POLICY),
            flags: GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::Done as u8,
            handler: Handler::Do(T::done_doit),
            policy: Some(&DONE_POLICY),
            flags: GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
            validate: 0,
        },
    ]
}
