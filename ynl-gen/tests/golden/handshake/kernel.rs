// generated from handshake.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)

//! The Generic Netlink family `handshake`, kernel side: its constants, attribute numbers, policies,
//! split operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! Netlink protocol to request a transport layer security handshake.

#![allow(dead_code, reason = "the tables name every value of the spec")]

use kernel::{
    net::netlink::MulticastGroup,
    prelude::*, //
};

use crate::kext::net::netlink::{
    attr::{
        AttrType,
        Nested,
        NulString,
        S32,
        U32, //
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

/// The spec's `definitions`: constants, enums and flags.
pub(crate) mod defs {
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
}

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &CStr = c"handshake";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// Command `accept` (`genlmsghdr.cmd` of requests): Handler retrieves next queued handshake request
pub(crate) const CMD_ACCEPT: u8 = 2;

/// Command `done` (`genlmsghdr.cmd` of requests): Handler reports handshake completion
pub(crate) const CMD_DONE: u8 = 3;

/// Notification `ready` (`genlmsghdr.cmd`): Notify handlers that a new handshake request is waiting
pub(crate) const NTF_READY: u8 = 1;

/// Attribute `x509.cert`.
pub(crate) const A_X509_CERT: AttrType<S32> = AttrType::new(1);

/// Attribute `x509.privkey`.
pub(crate) const A_X509_PRIVKEY: AttrType<S32> = AttrType::new(2);

/// Attribute `accept.sockfd`.
pub(crate) const A_ACCEPT_SOCKFD: AttrType<S32> = AttrType::new(1);

/// Attribute `accept.handler-class`.
pub(crate) const A_ACCEPT_HANDLER_CLASS: AttrType<U32> = AttrType::new(2);

/// Attribute `accept.message-type`.
pub(crate) const A_ACCEPT_MESSAGE_TYPE: AttrType<U32> = AttrType::new(3);

/// Attribute `accept.timeout`.
pub(crate) const A_ACCEPT_TIMEOUT: AttrType<U32> = AttrType::new(4);

/// Attribute `accept.auth-mode`.
pub(crate) const A_ACCEPT_AUTH_MODE: AttrType<U32> = AttrType::new(5);

/// Attribute `accept.peer-identity`.
pub(crate) const A_ACCEPT_PEER_IDENTITY: AttrType<U32> = AttrType::new(6);

/// Attribute `accept.certificate`.
pub(crate) const A_ACCEPT_CERTIFICATE: AttrType<Nested> = AttrType::new(7);

/// Attribute `accept.peername`.
pub(crate) const A_ACCEPT_PEERNAME: AttrType<NulString> = AttrType::new(8);

/// Attribute `accept.keyring`.
pub(crate) const A_ACCEPT_KEYRING: AttrType<U32> = AttrType::new(9);

/// Attribute `done.status`.
pub(crate) const A_DONE_STATUS: AttrType<U32> = AttrType::new(1);

/// Attribute `done.sockfd`.
pub(crate) const A_DONE_SOCKFD: AttrType<S32> = AttrType::new(2);

/// Attribute `done.remote-auth`.
pub(crate) const A_DONE_REMOTE_AUTH: AttrType<U32> = AttrType::new(3);

/// The multicast groups (`genl_family.mcgrps`), indexed by the `NLGRP_*` constants.
pub(crate) const MCGRPS: &[MulticastGroup] = &[
    MulticastGroup::const_new(c"none"),
    MulticastGroup::const_new(c"tlshd"),
];
/// The index of group `none` in [`MCGRPS`].
pub(crate) const NLGRP_NONE: u32 = 0;
/// The index of group `tlshd` in [`MCGRPS`].
pub(crate) const NLGRP_TLSHD: u32 = 1;

/// `ACCEPT` (do): the attributes a request may carry.
pub(crate) const ACCEPT_POLICY: PolicyRef = policy![A_ACCEPT_HANDLER_CLASS.max(2)];

/// `DONE` (do): the attributes a request may carry.
pub(crate) const DONE_POLICY: PolicyRef = policy![
    A_DONE_STATUS.max(kernel::bindings::MAX_ERRNO as i64),
    A_DONE_SOCKFD.any(),
    A_DONE_REMOTE_AUTH.any(),
];

/// The handlers of `handshake`: a function per do, a cursor type and two functions per
/// dump (the `*_doit` and `*_dumpit` functions the C generator declares). The family
/// implements this trait; a command without its handler does not compile, and the
/// error names the missing item.
pub(crate) trait HandshakeHandlers: Operations {
    /// `ACCEPT` (do): Handler retrieves next queued handshake request
    fn accept_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// `DONE` (do): Handler reports handshake completion
    fn done_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;
}

/// The do of `ACCEPT`: `HandshakeHandlers::accept_doit` with `ACCEPT_POLICY`.
pub(crate) struct AcceptDo;

impl<T: HandshakeHandlers> DoIt<T> for AcceptDo {
    const POLICY: PolicyRef = ACCEPT_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::accept_doit(state, info)
    }
}

/// The do of `DONE`: `HandshakeHandlers::done_doit` with `DONE_POLICY`.
pub(crate) struct DoneDo;

impl<T: HandshakeHandlers> DoIt<T> for DoneDo {
    const POLICY: PolicyRef = DONE_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::done_doit(state, info)
    }
}

/// How many entries [`ops`] has: one per do and one per dump.
pub(crate) const N_OPS: usize = 2;

/// The split operations (`struct genl_split_ops`), for `Operations::OPS`: for each do
/// and each dump, its command, its handler with its policy, and its flags.
pub(crate) const fn ops<T: HandshakeHandlers>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp::doit::<AcceptDo>(CMD_ACCEPT, OpFlags::ADMIN_PERM),
        SplitOp::doit::<DoneDo>(CMD_DONE, OpFlags::ADMIN_PERM),
    ]
}
