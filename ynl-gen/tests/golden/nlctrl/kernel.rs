// generated from nlctrl.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)

//! The Generic Netlink family `nlctrl`, kernel side: its constants, attribute policies, split
//! operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! genetlink meta-family that exposes information about all genetlink families registered in the
//! kernel (including itself).

#![allow(dead_code, reason = "the tables name every value of the spec")]

use crate::netlink::ynl::{
    AttrPolicy,
    DoInfo,
    DumpInfo,
    Handler,
    NlaType,
    Result,
    SplitOp,
    GENL_CMD_CAP_DO,
    GENL_CMD_CAP_DUMP, //
};

/// Bits of `op-flags`.
pub(crate) mod op_flags {
    /// `admin-perm`.
    pub(crate) const ADMIN_PERM: u32 = 1 << 0;

    /// `cmd-cap-do`.
    pub(crate) const CMD_CAP_DO: u32 = 1 << 1;

    /// `cmd-cap-dump`.
    pub(crate) const CMD_CAP_DUMP: u32 = 1 << 2;

    /// `cmd-cap-haspol`.
    pub(crate) const CMD_CAP_HASPOL: u32 = 1 << 3;

    /// `uns-admin-perm`.
    pub(crate) const UNS_ADMIN_PERM: u32 = 1 << 4;
}

/// Values of `attr-type`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub(crate) enum AttrType {
    /// `invalid`.
    Invalid = 0,
    /// `flag`.
    Flag = 1,
    /// `u8`.
    U8 = 2,
    /// `u16`.
    U16 = 3,
    /// `u32`.
    U32 = 4,
    /// `u64`.
    U64 = 5,
    /// `s8`.
    S8 = 6,
    /// `s16`.
    S16 = 7,
    /// `s32`.
    S32 = 8,
    /// `s64`.
    S64 = 9,
    /// `binary`.
    Binary = 10,
    /// `string`.
    String = 11,
    /// `nul-string`.
    NulString = 12,
    /// `nested`.
    Nested = 13,
    /// `nested-array`.
    NestedArray = 14,
    /// `bitfield32`.
    Bitfield32 = 15,
    /// `sint`.
    Sint = 16,
    /// `uint`.
    Uint = 17,
}

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &core::ffi::CStr = c"nlctrl";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// A request command (`genlmsghdr.cmd`), one per operation with a do or a dump.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Cmd {
    /// Get / dump genetlink families
    Getfamily = 3,
    /// Get / dump genetlink policies
    Getpolicy = 10,
}

impl Cmd {
    /// The command of this request's replies (requests and replies are numbered
    /// separately in this family).
    pub(crate) const fn reply(self) -> u8 {
        match self {
            Cmd::Getfamily => 1,
            Cmd::Getpolicy => 10,
        }
    }
}

/// Attributes of set `ctrl-attrs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum CtrlAttr {
    /// `family-id`.
    FamilyId = 1,
    /// `family-name`.
    FamilyName = 2,
    /// `version`.
    Version = 3,
    /// `hdrsize`.
    Hdrsize = 4,
    /// `maxattr`.
    Maxattr = 5,
    /// `ops`.
    Ops = 6,
    /// `mcast-groups`.
    McastGroups = 7,
    /// `policy`.
    Policy = 8,
    /// `op-policy`.
    OpPolicy = 9,
    /// `op`.
    Op = 10,
}

impl CtrlAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 10;
}

/// Attributes of set `mcast-group-attrs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum McastGroupAttr {
    /// `name`.
    Name = 1,
    /// `id`.
    Id = 2,
}

impl McastGroupAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 2;
}

/// Attributes of set `op-attrs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum OpAttr {
    /// `id`.
    Id = 1,
    /// `flags`.
    Flags = 2,
}

impl OpAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 2;
}

/// Attributes of set `policy-attrs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum PolicyAttr {
    /// `type`.
    Type = 1,
    /// `min-value-s`.
    MinValueS = 2,
    /// `max-value-s`.
    MaxValueS = 3,
    /// `min-value-u`.
    MinValueU = 4,
    /// `max-value-u`.
    MaxValueU = 5,
    /// `min-length`.
    MinLength = 6,
    /// `max-length`.
    MaxLength = 7,
    /// `policy-idx`.
    PolicyIdx = 8,
    /// `policy-maxtype`.
    PolicyMaxtype = 9,
    /// `bitfield32-mask`.
    Bitfield32Mask = 10,
    /// `mask`.
    Mask = 11,
    /// `pad`.
    Pad = 12,
}

impl PolicyAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 12;
}

/// Attributes of set `op-policy-attrs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u16)]
pub(crate) enum OpPolicyAttr {
    /// `do`.
    Do = 1,
    /// `dump`.
    Dump = 2,
}

impl OpPolicyAttr {
    /// The highest attribute number of the set.
    pub(crate) const MAX: u16 = 2;
}

/// `GETFAMILY` (do): the attributes a request may carry.
pub(crate) static GETFAMILY_POLICY: [AttrPolicy; CtrlAttr::FamilyName as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; CtrlAttr::FamilyName as usize + 1];
    p[CtrlAttr::FamilyName as usize] = AttrPolicy::new(NlaType::NulString);
    p
};

/// `GETPOLICY` (dump): the attributes a request may carry.
pub(crate) static GETPOLICY_POLICY: [AttrPolicy; CtrlAttr::Op as usize + 1] = {
    let mut p = [AttrPolicy::UNSPEC; CtrlAttr::Op as usize + 1];
    p[CtrlAttr::FamilyName as usize] = AttrPolicy::new(NlaType::NulString);
    p[CtrlAttr::FamilyId as usize] = AttrPolicy::new(NlaType::U16);
    p[CtrlAttr::Op as usize] = AttrPolicy::new(NlaType::U32);
    p
};

/// The handlers of `nlctrl`: one method per do and per dump of the spec (the
/// `*_doit` and `*_dumpit` functions the C generator declares). The module
/// implements this trait on its family state; a command without its handler does not
/// compile, and the error names the missing method.
pub(crate) trait NlctrlOps: Sized {
    /// `GETFAMILY` (do): Get / dump genetlink families
    fn getfamily_doit(&self, info: &mut DoInfo<'_>) -> Result;

    /// `GETFAMILY` (dump): Get / dump genetlink families
    fn getfamily_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;

    /// `GETPOLICY` (dump): Get / dump genetlink policies
    fn getpolicy_dumpit(&self, dump: &mut DumpInfo<'_>) -> Result;
}

/// How many entries [`ops`] has: one per do and one per dump.
pub(crate) const N_OPS: usize = 3;

/// The split operations (`struct genl_split_ops`): for each do and each dump, its
/// command, its handler, the policy of its requests and its flags.
pub(crate) const fn ops<T: NlctrlOps>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp {
            cmd: Cmd::Getfamily as u8,
            handler: Handler::Do(T::getfamily_doit),
            policy: Some(&GETFAMILY_POLICY),
            flags: GENL_CMD_CAP_DO,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::Getfamily as u8,
            handler: Handler::Dump(T::getfamily_dumpit),
            policy: None,
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
        SplitOp {
            cmd: Cmd::Getpolicy as u8,
            handler: Handler::Dump(T::getpolicy_dumpit),
            policy: Some(&GETPOLICY_POLICY),
            flags: GENL_CMD_CAP_DUMP,
            validate: 0,
        },
    ]
}
