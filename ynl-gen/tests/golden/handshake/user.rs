// generated from handshake.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
//! The Generic Netlink family `handshake`, user side: its names, the tables an annotator looks them
//! up in, and typed requests and replies built on `wire.rs`.
//!
//! Netlink protocol to request a transport layer security handshake.

use crate::wire;
use crate::ynl;

/// The family's name, which nlctrl resolves to its id.
pub const FAMILY_NAME: &str = "handshake";
/// The family's version, sent in every `genlmsghdr`.
pub const FAMILY_VERSION: u8 = 1;

/// Values of `handler-class`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum HandlerClass {
    /// `none`.
    None = 0,
    /// `tlshd`.
    Tlshd = 1,
    /// `max`.
    Max = 2,
}

impl HandlerClass {
    /// Every value, in spec order.
    pub const ALL: [HandlerClass; 3] = [HandlerClass::None, HandlerClass::Tlshd, HandlerClass::Max];

    /// The value's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            HandlerClass::None => "none",
            HandlerClass::Tlshd => "tlshd",
            HandlerClass::Max => "max",
        }
    }
}

impl From<HandlerClass> for u32 {
    fn from(value: HandlerClass) -> u32 {
        value as u32
    }
}

impl TryFrom<u32> for HandlerClass {
    type Error = u32;

    /// The value numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u32) -> Result<HandlerClass, u32> {
        match value {
            0 => Ok(HandlerClass::None),
            1 => Ok(HandlerClass::Tlshd),
            2 => Ok(HandlerClass::Max),
            other => Err(other),
        }
    }
}

/// Values of `msg-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum MsgType {
    /// `unspec`.
    Unspec = 0,
    /// `clienthello`.
    Clienthello = 1,
    /// `serverhello`.
    Serverhello = 2,
}

impl MsgType {
    /// Every value, in spec order.
    pub const ALL: [MsgType; 3] = [MsgType::Unspec, MsgType::Clienthello, MsgType::Serverhello];

    /// The value's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            MsgType::Unspec => "unspec",
            MsgType::Clienthello => "clienthello",
            MsgType::Serverhello => "serverhello",
        }
    }
}

impl From<MsgType> for u32 {
    fn from(value: MsgType) -> u32 {
        value as u32
    }
}

impl TryFrom<u32> for MsgType {
    type Error = u32;

    /// The value numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u32) -> Result<MsgType, u32> {
        match value {
            0 => Ok(MsgType::Unspec),
            1 => Ok(MsgType::Clienthello),
            2 => Ok(MsgType::Serverhello),
            other => Err(other),
        }
    }
}

/// Values of `auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Auth {
    /// `unspec`.
    Unspec = 0,
    /// `unauth`.
    Unauth = 1,
    /// `psk`.
    Psk = 2,
    /// `x509`.
    X509 = 3,
}

impl Auth {
    /// Every value, in spec order.
    pub const ALL: [Auth; 4] = [Auth::Unspec, Auth::Unauth, Auth::Psk, Auth::X509];

    /// The value's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Auth::Unspec => "unspec",
            Auth::Unauth => "unauth",
            Auth::Psk => "psk",
            Auth::X509 => "x509",
        }
    }
}

impl From<Auth> for u32 {
    fn from(value: Auth) -> u32 {
        value as u32
    }
}

impl TryFrom<u32> for Auth {
    type Error = u32;

    /// The value numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u32) -> Result<Auth, u32> {
        match value {
            0 => Ok(Auth::Unspec),
            1 => Ok(Auth::Unauth),
            2 => Ok(Auth::Psk),
            3 => Ok(Auth::X509),
            other => Err(other),
        }
    }
}

/// The names of `handler-class`'s values, for annotators.
pub static HANDLER_CLASS_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "handler-class",
    flags: false,
    entries: &[(0, "none"), (1, "tlshd"), (2, "max")],
};

/// The names of `msg-type`'s values, for annotators.
pub static MSG_TYPE_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "msg-type",
    flags: false,
    entries: &[(0, "unspec"), (1, "clienthello"), (2, "serverhello")],
};

/// The names of `auth`'s values, for annotators.
pub static AUTH_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "auth",
    flags: false,
    entries: &[(0, "unspec"), (1, "unauth"), (2, "psk"), (3, "x509")],
};

/// A request of the family: `genlmsghdr.cmd` of the messages that ask the
/// kernel something, and of its replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Cmd {
    /// Handler retrieves next queued handshake request
    Accept = 2,
    /// Handler reports handshake completion
    Done = 3,
}

impl Cmd {
    /// Every command, in spec order.
    pub const ALL: [Cmd; 2] = [Cmd::Accept, Cmd::Done];

    /// The command's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Cmd::Accept => "accept",
            Cmd::Done => "done",
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
            2 => Ok(Cmd::Accept),
            3 => Ok(Cmd::Done),
            other => Err(other),
        }
    }
}

/// A notification of the family: `genlmsghdr.cmd` of the messages the kernel
/// sends to a multicast group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Ntf {
    /// Notify handlers that a new handshake request is waiting
    Ready = 1,
}

impl Ntf {
    /// Every notification, in spec order.
    pub const ALL: [Ntf; 1] = [Ntf::Ready];

    /// The notification's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Ntf::Ready => "ready",
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
            1 => Ok(Ntf::Ready),
            other => Err(other),
        }
    }
}

/// A multicast group of the family. Its id is assigned when the family
/// registers: ask nlctrl for the id of [`McastGroup::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum McastGroup {
    /// `none`.
    None = 0,
    /// `tlshd`.
    Tlshd = 1,
}

impl McastGroup {
    /// Every group, in spec order.
    pub const ALL: [McastGroup; 2] = [McastGroup::None, McastGroup::Tlshd];

    /// The group's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            McastGroup::None => "none",
            McastGroup::Tlshd => "tlshd",
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
            0 => Ok(McastGroup::None),
            1 => Ok(McastGroup::Tlshd),
            other => Err(other),
        }
    }
}

/// Attributes of set `x509`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum X509Attr {
    /// `cert`.
    Cert = 1,
    /// `privkey`.
    Privkey = 2,
}

impl X509Attr {
    /// Every attribute, in spec order.
    pub const ALL: [X509Attr; 2] = [X509Attr::Cert, X509Attr::Privkey];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            X509Attr::Cert => "cert",
            X509Attr::Privkey => "privkey",
        }
    }
}

impl From<X509Attr> for u16 {
    fn from(value: X509Attr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for X509Attr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<X509Attr, u16> {
        match value {
            1 => Ok(X509Attr::Cert),
            2 => Ok(X509Attr::Privkey),
            other => Err(other),
        }
    }
}

/// Attributes of set `accept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum AcceptAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [AcceptAttr; 9] = [
        AcceptAttr::Sockfd,
        AcceptAttr::HandlerClass,
        AcceptAttr::MessageType,
        AcceptAttr::Timeout,
        AcceptAttr::AuthMode,
        AcceptAttr::PeerIdentity,
        AcceptAttr::Certificate,
        AcceptAttr::Peername,
        AcceptAttr::Keyring,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            AcceptAttr::Sockfd => "sockfd",
            AcceptAttr::HandlerClass => "handler-class",
            AcceptAttr::MessageType => "message-type",
            AcceptAttr::Timeout => "timeout",
            AcceptAttr::AuthMode => "auth-mode",
            AcceptAttr::PeerIdentity => "peer-identity",
            AcceptAttr::Certificate => "certificate",
            AcceptAttr::Peername => "peername",
            AcceptAttr::Keyring => "keyring",
        }
    }
}

impl From<AcceptAttr> for u16 {
    fn from(value: AcceptAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for AcceptAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<AcceptAttr, u16> {
        match value {
            1 => Ok(AcceptAttr::Sockfd),
            2 => Ok(AcceptAttr::HandlerClass),
            3 => Ok(AcceptAttr::MessageType),
            4 => Ok(AcceptAttr::Timeout),
            5 => Ok(AcceptAttr::AuthMode),
            6 => Ok(AcceptAttr::PeerIdentity),
            7 => Ok(AcceptAttr::Certificate),
            8 => Ok(AcceptAttr::Peername),
            9 => Ok(AcceptAttr::Keyring),
            other => Err(other),
        }
    }
}

/// Attributes of set `done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum DoneAttr {
    /// `status`.
    Status = 1,
    /// `sockfd`.
    Sockfd = 2,
    /// `remote-auth`.
    RemoteAuth = 3,
}

impl DoneAttr {
    /// Every attribute, in spec order.
    pub const ALL: [DoneAttr; 3] = [DoneAttr::Status, DoneAttr::Sockfd, DoneAttr::RemoteAuth];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            DoneAttr::Status => "status",
            DoneAttr::Sockfd => "sockfd",
            DoneAttr::RemoteAuth => "remote-auth",
        }
    }
}

impl From<DoneAttr> for u16 {
    fn from(value: DoneAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for DoneAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<DoneAttr, u16> {
        match value {
            1 => Ok(DoneAttr::Status),
            2 => Ok(DoneAttr::Sockfd),
            3 => Ok(DoneAttr::RemoteAuth),
            other => Err(other),
        }
    }
}

/// Attribute set `x509`, by number, for annotators and decoders.
pub static X509_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "x509",
    attrs: &[
        ynl::AttrInfo::new(1, "cert", ynl::AttrKind::S32),
        ynl::AttrInfo::new(2, "privkey", ynl::AttrKind::S32),
    ],
};

/// Attribute set `accept`, by number, for annotators and decoders.
pub static ACCEPT_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "accept",
    attrs: &[
        ynl::AttrInfo::new(1, "sockfd", ynl::AttrKind::S32),
        ynl::AttrInfo::new(2, "handler-class", ynl::AttrKind::U32)
            .enumeration(&HANDLER_CLASS_ENUM)
            .max(2),
        ynl::AttrInfo::new(3, "message-type", ynl::AttrKind::U32)
            .enumeration(&MSG_TYPE_ENUM)
            .max(2),
        ynl::AttrInfo::new(4, "timeout", ynl::AttrKind::U32),
        ynl::AttrInfo::new(5, "auth-mode", ynl::AttrKind::U32)
            .enumeration(&AUTH_ENUM)
            .max(3),
        ynl::AttrInfo::new(6, "peer-identity", ynl::AttrKind::U32).multi(),
        ynl::AttrInfo::new(7, "certificate", ynl::AttrKind::Nest)
            .nested(&X509_ATTRS)
            .multi(),
        ynl::AttrInfo::new(8, "peername", ynl::AttrKind::String),
        ynl::AttrInfo::new(9, "keyring", ynl::AttrKind::U32),
    ],
};

/// Attribute set `done`, by number, for annotators and decoders.
pub static DONE_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "done",
    attrs: &[
        ynl::AttrInfo::new(1, "status", ynl::AttrKind::U32).max(4095),
        ynl::AttrInfo::new(2, "sockfd", ynl::AttrKind::S32),
        ynl::AttrInfo::new(3, "remote-auth", ynl::AttrKind::U32).multi(),
    ],
};

/// Everything the spec says about the family, as tables.
pub static FAMILY: ynl::FamilyInfo = ynl::FamilyInfo {
    name: FAMILY_NAME,
    version: FAMILY_VERSION,
    ops: &[
        ynl::OpInfo {
            name: "accept",
            cmd: 2,
            reply_cmd: 2,
            attrs: &ACCEPT_ATTRS,
            admin_perm: true,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[AcceptAttr::HandlerClass as u16],
                reply: &[
                    AcceptAttr::Sockfd as u16,
                    AcceptAttr::MessageType as u16,
                    AcceptAttr::Timeout as u16,
                    AcceptAttr::AuthMode as u16,
                    AcceptAttr::PeerIdentity as u16,
                    AcceptAttr::Certificate as u16,
                    AcceptAttr::Peername as u16,
                    AcceptAttr::Keyring as u16,
                ],
            }),
            dumpit: None,
        },
        ynl::OpInfo {
            name: "done",
            cmd: 3,
            reply_cmd: 3,
            attrs: &DONE_ATTRS,
            admin_perm: true,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[
                    DoneAttr::Status as u16,
                    DoneAttr::Sockfd as u16,
                    DoneAttr::RemoteAuth as u16,
                ],
                reply: &[],
            }),
            dumpit: None,
        },
    ],
    ntfs: &[ynl::NtfInfo {
        name: "ready",
        cmd: 1,
        attrs: &ACCEPT_ATTRS,
        attributes: &[
            AcceptAttr::Sockfd as u16,
            AcceptAttr::MessageType as u16,
            AcceptAttr::Timeout as u16,
            AcceptAttr::AuthMode as u16,
            AcceptAttr::PeerIdentity as u16,
            AcceptAttr::Certificate as u16,
            AcceptAttr::Peername as u16,
            AcceptAttr::Keyring as u16,
        ],
        mcgrp: None,
    }],
    mcast_groups: &["none", "tlshd"],
    attr_sets: &[&X509_ATTRS, &ACCEPT_ATTRS, &DONE_ATTRS],
};

/// The attributes of a `x509` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct X509 {
    /// `cert` (s32).
    pub cert: Option<i32>,

    /// `privkey` (s32).
    pub privkey: Option<i32>,
}

impl X509 {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match X509Attr::try_from(attr.ty) {
                Ok(X509Attr::Cert) => {
                    m.cert = Some(ynl::get_s32(&attr)?);
                }
                Ok(X509Attr::Privkey) => {
                    m.privkey = Some(ynl::get_s32(&attr)?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `ACCEPT`: Handler retrieves next queued handshake request
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcceptRequest {
    /// `handler-class` (u32).
    pub handler_class: Option<u32>,
}

impl AcceptRequest {
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
            .genl(Cmd::Accept.into(), FAMILY_VERSION);
        if let Some(v) = self.handler_class {
            m = m.attr(AcceptAttr::HandlerClass as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `ACCEPT`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcceptReply<'a> {
    /// `sockfd` (s32).
    pub sockfd: Option<i32>,

    /// `message-type` (u32).
    pub message_type: Option<u32>,

    /// `timeout` (u32).
    pub timeout: Option<u32>,

    /// `auth-mode` (u32).
    pub auth_mode: Option<u32>,

    /// `peer-identity` (u32).
    pub peer_identity: Vec<u32>,

    /// `certificate` (nest).
    pub certificate: Vec<X509>,

    /// `peername` (string).
    pub peername: Option<&'a [u8]>,

    /// `keyring` (u32).
    pub keyring: Option<u32>,
}

impl<'a> AcceptReply<'a> {
    /// The command number of these replies.
    pub const CMD: u8 = 2;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &'a [u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match AcceptAttr::try_from(attr.ty) {
                Ok(AcceptAttr::Sockfd) => {
                    m.sockfd = Some(ynl::get_s32(&attr)?);
                }
                Ok(AcceptAttr::MessageType) => {
                    m.message_type = Some(attr.u32()?);
                }
                Ok(AcceptAttr::Timeout) => {
                    m.timeout = Some(attr.u32()?);
                }
                Ok(AcceptAttr::AuthMode) => {
                    m.auth_mode = Some(attr.u32()?);
                }
                Ok(AcceptAttr::PeerIdentity) => {
                    m.peer_identity.push(attr.u32()?);
                }
                Ok(AcceptAttr::Certificate) => {
                    m.certificate.push(X509::parse(attr.value)?);
                }
                Ok(AcceptAttr::Peername) => {
                    m.peername = Some(attr.string()?);
                }
                Ok(AcceptAttr::Keyring) => {
                    m.keyring = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `DONE`: Handler reports handshake completion
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DoneRequest {
    /// `status` (u32).
    pub status: Option<u32>,

    /// `sockfd` (s32).
    pub sockfd: Option<i32>,

    /// `remote-auth` (u32).
    pub remote_auth: Vec<u32>,
}

impl DoneRequest {
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
            .genl(Cmd::Done.into(), FAMILY_VERSION);
        if let Some(v) = self.status {
            m = m.attr(DoneAttr::Status as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.sockfd {
            m = m.attr(DoneAttr::Sockfd as u16, &v.to_ne_bytes());
        }
        for &v in &self.remote_auth {
            m = m.attr(DoneAttr::RemoteAuth as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The notification `READY` (command 1): Notify handlers that a new handshake request is waiting.
/// It carries the reply of `ACCEPT`.
pub type Ready<'a> = AcceptReply<'a>;
