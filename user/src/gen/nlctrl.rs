// generated from nlctrl.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
//! The Generic Netlink family `nlctrl`, user side: its names, the tables an annotator looks them up
//! in, and typed requests and replies built on `wire.rs`.
//!
//! genetlink meta-family that exposes information about all genetlink families registered in the
//! kernel (including itself).

use crate::wire;
use crate::ynl;

/// The family's name, which nlctrl resolves to its id.
pub const FAMILY_NAME: &str = "nlctrl";
/// The family's version, sent in every `genlmsghdr`.
pub const FAMILY_VERSION: u8 = 1;

/// Bits of `op-flags`.
pub mod op_flags {
    /// `admin-perm`.
    pub const ADMIN_PERM: u32 = 1 << 0;

    /// `cmd-cap-do`.
    pub const CMD_CAP_DO: u32 = 1 << 1;

    /// `cmd-cap-dump`.
    pub const CMD_CAP_DUMP: u32 = 1 << 2;

    /// `cmd-cap-haspol`.
    pub const CMD_CAP_HASPOL: u32 = 1 << 3;

    /// `uns-admin-perm`.
    pub const UNS_ADMIN_PERM: u32 = 1 << 4;
}

/// Values of `attr-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum AttrType {
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

impl AttrType {
    /// Every value, in spec order.
    pub const ALL: [AttrType; 18] = [
        AttrType::Invalid,
        AttrType::Flag,
        AttrType::U8,
        AttrType::U16,
        AttrType::U32,
        AttrType::U64,
        AttrType::S8,
        AttrType::S16,
        AttrType::S32,
        AttrType::S64,
        AttrType::Binary,
        AttrType::String,
        AttrType::NulString,
        AttrType::Nested,
        AttrType::NestedArray,
        AttrType::Bitfield32,
        AttrType::Sint,
        AttrType::Uint,
    ];

    /// The value's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            AttrType::Invalid => "invalid",
            AttrType::Flag => "flag",
            AttrType::U8 => "u8",
            AttrType::U16 => "u16",
            AttrType::U32 => "u32",
            AttrType::U64 => "u64",
            AttrType::S8 => "s8",
            AttrType::S16 => "s16",
            AttrType::S32 => "s32",
            AttrType::S64 => "s64",
            AttrType::Binary => "binary",
            AttrType::String => "string",
            AttrType::NulString => "nul-string",
            AttrType::Nested => "nested",
            AttrType::NestedArray => "nested-array",
            AttrType::Bitfield32 => "bitfield32",
            AttrType::Sint => "sint",
            AttrType::Uint => "uint",
        }
    }
}

impl From<AttrType> for u32 {
    fn from(value: AttrType) -> u32 {
        value as u32
    }
}

impl TryFrom<u32> for AttrType {
    type Error = u32;

    /// The value numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u32) -> Result<AttrType, u32> {
        match value {
            0 => Ok(AttrType::Invalid),
            1 => Ok(AttrType::Flag),
            2 => Ok(AttrType::U8),
            3 => Ok(AttrType::U16),
            4 => Ok(AttrType::U32),
            5 => Ok(AttrType::U64),
            6 => Ok(AttrType::S8),
            7 => Ok(AttrType::S16),
            8 => Ok(AttrType::S32),
            9 => Ok(AttrType::S64),
            10 => Ok(AttrType::Binary),
            11 => Ok(AttrType::String),
            12 => Ok(AttrType::NulString),
            13 => Ok(AttrType::Nested),
            14 => Ok(AttrType::NestedArray),
            15 => Ok(AttrType::Bitfield32),
            16 => Ok(AttrType::Sint),
            17 => Ok(AttrType::Uint),
            other => Err(other),
        }
    }
}

/// The names of `op-flags`'s bits, for annotators.
pub static OP_FLAGS_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "op-flags",
    flags: true,
    entries: &[
        (1, "admin-perm"),
        (2, "cmd-cap-do"),
        (4, "cmd-cap-dump"),
        (8, "cmd-cap-haspol"),
        (16, "uns-admin-perm"),
    ],
};

/// The names of `attr-type`'s values, for annotators.
pub static ATTR_TYPE_ENUM: ynl::EnumInfo = ynl::EnumInfo {
    name: "attr-type",
    flags: false,
    entries: &[
        (0, "invalid"),
        (1, "flag"),
        (2, "u8"),
        (3, "u16"),
        (4, "u32"),
        (5, "u64"),
        (6, "s8"),
        (7, "s16"),
        (8, "s32"),
        (9, "s64"),
        (10, "binary"),
        (11, "string"),
        (12, "nul-string"),
        (13, "nested"),
        (14, "nested-array"),
        (15, "bitfield32"),
        (16, "sint"),
        (17, "uint"),
    ],
};

/// A request of the family: `genlmsghdr.cmd` of the messages that ask the
/// kernel something (its replies have their own numbers, see [`Cmd::reply`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Cmd {
    /// Get / dump genetlink families
    Getfamily = 3,
    /// Get / dump genetlink policies
    Getpolicy = 10,
}

impl Cmd {
    /// Every command, in spec order.
    pub const ALL: [Cmd; 2] = [Cmd::Getfamily, Cmd::Getpolicy];

    /// The command's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Cmd::Getfamily => "getfamily",
            Cmd::Getpolicy => "getpolicy",
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
            3 => Ok(Cmd::Getfamily),
            10 => Ok(Cmd::Getpolicy),
            other => Err(other),
        }
    }
}

impl Cmd {
    /// The command number of the replies to this request.
    pub const fn reply(self) -> u8 {
        match self {
            Cmd::Getfamily => 1,
            Cmd::Getpolicy => 10,
        }
    }
}

/// Attributes of set `ctrl-attrs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum CtrlAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [CtrlAttr; 10] = [
        CtrlAttr::FamilyId,
        CtrlAttr::FamilyName,
        CtrlAttr::Version,
        CtrlAttr::Hdrsize,
        CtrlAttr::Maxattr,
        CtrlAttr::Ops,
        CtrlAttr::McastGroups,
        CtrlAttr::Policy,
        CtrlAttr::OpPolicy,
        CtrlAttr::Op,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            CtrlAttr::FamilyId => "family-id",
            CtrlAttr::FamilyName => "family-name",
            CtrlAttr::Version => "version",
            CtrlAttr::Hdrsize => "hdrsize",
            CtrlAttr::Maxattr => "maxattr",
            CtrlAttr::Ops => "ops",
            CtrlAttr::McastGroups => "mcast-groups",
            CtrlAttr::Policy => "policy",
            CtrlAttr::OpPolicy => "op-policy",
            CtrlAttr::Op => "op",
        }
    }
}

impl From<CtrlAttr> for u16 {
    fn from(value: CtrlAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for CtrlAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<CtrlAttr, u16> {
        match value {
            1 => Ok(CtrlAttr::FamilyId),
            2 => Ok(CtrlAttr::FamilyName),
            3 => Ok(CtrlAttr::Version),
            4 => Ok(CtrlAttr::Hdrsize),
            5 => Ok(CtrlAttr::Maxattr),
            6 => Ok(CtrlAttr::Ops),
            7 => Ok(CtrlAttr::McastGroups),
            8 => Ok(CtrlAttr::Policy),
            9 => Ok(CtrlAttr::OpPolicy),
            10 => Ok(CtrlAttr::Op),
            other => Err(other),
        }
    }
}

/// Attributes of set `mcast-group-attrs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum McastGroupAttr {
    /// `name`.
    Name = 1,
    /// `id`.
    Id = 2,
}

impl McastGroupAttr {
    /// Every attribute, in spec order.
    pub const ALL: [McastGroupAttr; 2] = [McastGroupAttr::Name, McastGroupAttr::Id];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            McastGroupAttr::Name => "name",
            McastGroupAttr::Id => "id",
        }
    }
}

impl From<McastGroupAttr> for u16 {
    fn from(value: McastGroupAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for McastGroupAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<McastGroupAttr, u16> {
        match value {
            1 => Ok(McastGroupAttr::Name),
            2 => Ok(McastGroupAttr::Id),
            other => Err(other),
        }
    }
}

/// Attributes of set `op-attrs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum OpAttr {
    /// `id`.
    Id = 1,
    /// `flags`.
    Flags = 2,
}

impl OpAttr {
    /// Every attribute, in spec order.
    pub const ALL: [OpAttr; 2] = [OpAttr::Id, OpAttr::Flags];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            OpAttr::Id => "id",
            OpAttr::Flags => "flags",
        }
    }
}

impl From<OpAttr> for u16 {
    fn from(value: OpAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for OpAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<OpAttr, u16> {
        match value {
            1 => Ok(OpAttr::Id),
            2 => Ok(OpAttr::Flags),
            other => Err(other),
        }
    }
}

/// Attributes of set `policy-attrs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum PolicyAttr {
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
    /// Every attribute, in spec order.
    pub const ALL: [PolicyAttr; 12] = [
        PolicyAttr::Type,
        PolicyAttr::MinValueS,
        PolicyAttr::MaxValueS,
        PolicyAttr::MinValueU,
        PolicyAttr::MaxValueU,
        PolicyAttr::MinLength,
        PolicyAttr::MaxLength,
        PolicyAttr::PolicyIdx,
        PolicyAttr::PolicyMaxtype,
        PolicyAttr::Bitfield32Mask,
        PolicyAttr::Mask,
        PolicyAttr::Pad,
    ];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            PolicyAttr::Type => "type",
            PolicyAttr::MinValueS => "min-value-s",
            PolicyAttr::MaxValueS => "max-value-s",
            PolicyAttr::MinValueU => "min-value-u",
            PolicyAttr::MaxValueU => "max-value-u",
            PolicyAttr::MinLength => "min-length",
            PolicyAttr::MaxLength => "max-length",
            PolicyAttr::PolicyIdx => "policy-idx",
            PolicyAttr::PolicyMaxtype => "policy-maxtype",
            PolicyAttr::Bitfield32Mask => "bitfield32-mask",
            PolicyAttr::Mask => "mask",
            PolicyAttr::Pad => "pad",
        }
    }
}

impl From<PolicyAttr> for u16 {
    fn from(value: PolicyAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for PolicyAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<PolicyAttr, u16> {
        match value {
            1 => Ok(PolicyAttr::Type),
            2 => Ok(PolicyAttr::MinValueS),
            3 => Ok(PolicyAttr::MaxValueS),
            4 => Ok(PolicyAttr::MinValueU),
            5 => Ok(PolicyAttr::MaxValueU),
            6 => Ok(PolicyAttr::MinLength),
            7 => Ok(PolicyAttr::MaxLength),
            8 => Ok(PolicyAttr::PolicyIdx),
            9 => Ok(PolicyAttr::PolicyMaxtype),
            10 => Ok(PolicyAttr::Bitfield32Mask),
            11 => Ok(PolicyAttr::Mask),
            12 => Ok(PolicyAttr::Pad),
            other => Err(other),
        }
    }
}

/// Attributes of set `op-policy-attrs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum OpPolicyAttr {
    /// `do`.
    Do = 1,
    /// `dump`.
    Dump = 2,
}

impl OpPolicyAttr {
    /// Every attribute, in spec order.
    pub const ALL: [OpPolicyAttr; 2] = [OpPolicyAttr::Do, OpPolicyAttr::Dump];

    /// The attribute's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            OpPolicyAttr::Do => "do",
            OpPolicyAttr::Dump => "dump",
        }
    }
}

impl From<OpPolicyAttr> for u16 {
    fn from(value: OpPolicyAttr) -> u16 {
        value as u16
    }
}

impl TryFrom<u16> for OpPolicyAttr {
    type Error = u16;

    /// The attribute numbered `value`; the error is a number the spec does not define.
    fn try_from(value: u16) -> Result<OpPolicyAttr, u16> {
        match value {
            1 => Ok(OpPolicyAttr::Do),
            2 => Ok(OpPolicyAttr::Dump),
            other => Err(other),
        }
    }
}

/// Attribute set `ctrl-attrs`, by number, for annotators and decoders.
pub static CTRL_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "ctrl-attrs",
    attrs: &[
        ynl::AttrInfo::new(1, "family-id", ynl::AttrKind::U16),
        ynl::AttrInfo::new(2, "family-name", ynl::AttrKind::String),
        ynl::AttrInfo::new(3, "version", ynl::AttrKind::U32),
        ynl::AttrInfo::new(4, "hdrsize", ynl::AttrKind::U32),
        ynl::AttrInfo::new(5, "maxattr", ynl::AttrKind::U32),
        ynl::AttrInfo::new(6, "ops", ynl::AttrKind::IndexedArray)
            .sub_kind(ynl::AttrKind::Nest)
            .nested(&OP_ATTRS),
        ynl::AttrInfo::new(7, "mcast-groups", ynl::AttrKind::IndexedArray)
            .sub_kind(ynl::AttrKind::Nest)
            .nested(&MCAST_GROUP_ATTRS),
        ynl::AttrInfo::new(8, "policy", ynl::AttrKind::NestTypeValue)
            .nested(&POLICY_ATTRS)
            .type_value(&["policy-id", "attr-id"]),
        ynl::AttrInfo::new(9, "op-policy", ynl::AttrKind::NestTypeValue)
            .nested(&OP_POLICY_ATTRS)
            .type_value(&["op-id"]),
        ynl::AttrInfo::new(10, "op", ynl::AttrKind::U32),
    ],
};

/// Attribute set `mcast-group-attrs`, by number, for annotators and decoders.
pub static MCAST_GROUP_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "mcast-group-attrs",
    attrs: &[
        ynl::AttrInfo::new(1, "name", ynl::AttrKind::String),
        ynl::AttrInfo::new(2, "id", ynl::AttrKind::U32),
    ],
};

/// Attribute set `op-attrs`, by number, for annotators and decoders.
pub static OP_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "op-attrs",
    attrs: &[
        ynl::AttrInfo::new(1, "id", ynl::AttrKind::U32),
        ynl::AttrInfo::new(2, "flags", ynl::AttrKind::U32)
            .enumeration(&OP_FLAGS_ENUM)
            .enum_as_flags()
            .max(4),
    ],
};

/// Attribute set `policy-attrs`, by number, for annotators and decoders.
pub static POLICY_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "policy-attrs",
    attrs: &[
        ynl::AttrInfo::new(1, "type", ynl::AttrKind::U32)
            .enumeration(&ATTR_TYPE_ENUM)
            .max(17),
        ynl::AttrInfo::new(2, "min-value-s", ynl::AttrKind::S64),
        ynl::AttrInfo::new(3, "max-value-s", ynl::AttrKind::S64),
        ynl::AttrInfo::new(4, "min-value-u", ynl::AttrKind::U64),
        ynl::AttrInfo::new(5, "max-value-u", ynl::AttrKind::U64),
        ynl::AttrInfo::new(6, "min-length", ynl::AttrKind::U32),
        ynl::AttrInfo::new(7, "max-length", ynl::AttrKind::U32),
        ynl::AttrInfo::new(8, "policy-idx", ynl::AttrKind::U32),
        ynl::AttrInfo::new(9, "policy-maxtype", ynl::AttrKind::U32),
        ynl::AttrInfo::new(10, "bitfield32-mask", ynl::AttrKind::U32),
        ynl::AttrInfo::new(11, "mask", ynl::AttrKind::U64),
        ynl::AttrInfo::new(12, "pad", ynl::AttrKind::Pad),
    ],
};

/// Attribute set `op-policy-attrs`, by number, for annotators and decoders.
pub static OP_POLICY_ATTRS: ynl::AttrSetInfo = ynl::AttrSetInfo {
    name: "op-policy-attrs",
    attrs: &[
        ynl::AttrInfo::new(1, "do", ynl::AttrKind::U32),
        ynl::AttrInfo::new(2, "dump", ynl::AttrKind::U32),
    ],
};

/// Everything the spec says about the family, as tables.
pub static FAMILY: ynl::FamilyInfo = ynl::FamilyInfo {
    name: FAMILY_NAME,
    version: FAMILY_VERSION,
    ops: &[
        ynl::OpInfo {
            name: "getfamily",
            cmd: 3,
            reply_cmd: 1,
            attrs: &CTRL_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: Some(ynl::ModeInfo {
                request: &[CtrlAttr::FamilyName as u16],
                reply: &[
                    CtrlAttr::FamilyId as u16,
                    CtrlAttr::FamilyName as u16,
                    CtrlAttr::Hdrsize as u16,
                    CtrlAttr::Maxattr as u16,
                    CtrlAttr::McastGroups as u16,
                    CtrlAttr::Ops as u16,
                    CtrlAttr::Version as u16,
                ],
            }),
            dumpit: Some(ynl::ModeInfo {
                request: &[],
                reply: &[
                    CtrlAttr::FamilyId as u16,
                    CtrlAttr::FamilyName as u16,
                    CtrlAttr::Hdrsize as u16,
                    CtrlAttr::Maxattr as u16,
                    CtrlAttr::McastGroups as u16,
                    CtrlAttr::Ops as u16,
                    CtrlAttr::Version as u16,
                ],
            }),
        },
        ynl::OpInfo {
            name: "getpolicy",
            cmd: 10,
            reply_cmd: 10,
            attrs: &CTRL_ATTRS,
            admin_perm: false,
            uns_admin_perm: false,
            dont_validate: &[],
            doit: None,
            dumpit: Some(ynl::ModeInfo {
                request: &[
                    CtrlAttr::FamilyName as u16,
                    CtrlAttr::FamilyId as u16,
                    CtrlAttr::Op as u16,
                ],
                reply: &[
                    CtrlAttr::FamilyId as u16,
                    CtrlAttr::OpPolicy as u16,
                    CtrlAttr::Policy as u16,
                ],
            }),
        },
    ],
    ntfs: &[],
    mcast_groups: &[],
    attr_sets: &[
        &CTRL_ATTRS,
        &MCAST_GROUP_ATTRS,
        &OP_ATTRS,
        &POLICY_ATTRS,
        &OP_POLICY_ATTRS,
    ],
};

/// The attributes of a `mcast-group-attrs` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct McastGroupAttrs<'a> {
    /// `name` (string).
    pub name: Option<&'a [u8]>,

    /// `id` (u32).
    pub id: Option<u32>,
}

impl<'a> McastGroupAttrs<'a> {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &'a [u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match McastGroupAttr::try_from(attr.ty) {
                Ok(McastGroupAttr::Name) => {
                    m.name = Some(attr.string()?);
                }
                Ok(McastGroupAttr::Id) => {
                    m.id = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The attributes of a `op-attrs` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpAttrs {
    /// `id` (u32).
    pub id: Option<u32>,

    /// `flags` (u32).
    pub flags: Option<u32>,
}

impl OpAttrs {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match OpAttr::try_from(attr.ty) {
                Ok(OpAttr::Id) => {
                    m.id = Some(attr.u32()?);
                }
                Ok(OpAttr::Flags) => {
                    m.flags = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The attributes of a `policy-attrs` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyAttrs {
    /// `type` (u32).
    pub type_: Option<u32>,

    /// `min-value-s` (s64).
    pub min_value_s: Option<i64>,

    /// `max-value-s` (s64).
    pub max_value_s: Option<i64>,

    /// `min-value-u` (u64).
    pub min_value_u: Option<u64>,

    /// `max-value-u` (u64).
    pub max_value_u: Option<u64>,

    /// `min-length` (u32).
    pub min_length: Option<u32>,

    /// `max-length` (u32).
    pub max_length: Option<u32>,

    /// `policy-idx` (u32).
    pub policy_idx: Option<u32>,

    /// `policy-maxtype` (u32).
    pub policy_maxtype: Option<u32>,

    /// `bitfield32-mask` (u32).
    pub bitfield32_mask: Option<u32>,

    /// `mask` (u64).
    pub mask: Option<u64>,
}

impl PolicyAttrs {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match PolicyAttr::try_from(attr.ty) {
                Ok(PolicyAttr::Type) => {
                    m.type_ = Some(attr.u32()?);
                }
                Ok(PolicyAttr::MinValueS) => {
                    m.min_value_s = Some(ynl::get_s64(&attr)?);
                }
                Ok(PolicyAttr::MaxValueS) => {
                    m.max_value_s = Some(ynl::get_s64(&attr)?);
                }
                Ok(PolicyAttr::MinValueU) => {
                    m.min_value_u = Some(attr.u64()?);
                }
                Ok(PolicyAttr::MaxValueU) => {
                    m.max_value_u = Some(attr.u64()?);
                }
                Ok(PolicyAttr::MinLength) => {
                    m.min_length = Some(attr.u32()?);
                }
                Ok(PolicyAttr::MaxLength) => {
                    m.max_length = Some(attr.u32()?);
                }
                Ok(PolicyAttr::PolicyIdx) => {
                    m.policy_idx = Some(attr.u32()?);
                }
                Ok(PolicyAttr::PolicyMaxtype) => {
                    m.policy_maxtype = Some(attr.u32()?);
                }
                Ok(PolicyAttr::Bitfield32Mask) => {
                    m.bitfield32_mask = Some(attr.u32()?);
                }
                Ok(PolicyAttr::Mask) => {
                    m.mask = Some(attr.u64()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The attributes of a `op-policy-attrs` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpPolicyAttrs {
    /// `do` (u32).
    pub do_: Option<u32>,

    /// `dump` (u32).
    pub dump: Option<u32>,
}

impl OpPolicyAttrs {
    /// Reads the attributes inside a nest. Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match OpPolicyAttr::try_from(attr.ty) {
                Ok(OpPolicyAttr::Do) => {
                    m.do_ = Some(attr.u32()?);
                }
                Ok(OpPolicyAttr::Dump) => {
                    m.dump = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `GETFAMILY` (do): Get / dump genetlink families
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetfamilyDoRequest<'a> {
    /// `family-name` (string).
    pub family_name: Option<&'a [u8]>,
}

impl GetfamilyDoRequest<'_> {
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
            .genl(Cmd::Getfamily.into(), FAMILY_VERSION);
        if let Some(v) = self.family_name {
            m = m.attr_str(CtrlAttr::FamilyName as u16, v);
        }
        m.finish();
    }
}

/// The reply of `GETFAMILY` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetfamilyReply<'a> {
    /// `family-id` (u16).
    pub family_id: Option<u16>,

    /// `family-name` (string).
    pub family_name: Option<&'a [u8]>,

    /// `hdrsize` (u32).
    pub hdrsize: Option<u32>,

    /// `maxattr` (u32).
    pub maxattr: Option<u32>,

    /// `mcast-groups` (indexed-array).
    pub mcast_groups: Vec<McastGroupAttrs<'a>>,

    /// `ops` (indexed-array).
    pub ops: Vec<OpAttrs>,

    /// `version` (u32).
    pub version: Option<u32>,
}

impl<'a> GetfamilyReply<'a> {
    /// The command number of these replies.
    pub const CMD: u8 = 1;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &'a [u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match CtrlAttr::try_from(attr.ty) {
                Ok(CtrlAttr::FamilyId) => {
                    m.family_id = Some(attr.u16()?);
                }
                Ok(CtrlAttr::FamilyName) => {
                    m.family_name = Some(attr.string()?);
                }
                Ok(CtrlAttr::Hdrsize) => {
                    m.hdrsize = Some(attr.u32()?);
                }
                Ok(CtrlAttr::Maxattr) => {
                    m.maxattr = Some(attr.u32()?);
                }
                Ok(CtrlAttr::McastGroups) => {
                    for item in attr.nested_attrs() {
                        m.mcast_groups.push(McastGroupAttrs::parse(item?.value)?);
                    }
                }
                Ok(CtrlAttr::Ops) => {
                    for item in attr.nested_attrs() {
                        m.ops.push(OpAttrs::parse(item?.value)?);
                    }
                }
                Ok(CtrlAttr::Version) => {
                    m.version = Some(attr.u32()?);
                }
                _ => {}
            }
        }
        Ok(m)
    }
}

/// The request of `GETFAMILY` (dump): Get / dump genetlink families
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetfamilyDumpRequest;

impl GetfamilyDumpRequest {
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
            .genl(Cmd::Getfamily.into(), FAMILY_VERSION)
            .finish();
    }
}

/// The request of `GETPOLICY`: Get / dump genetlink policies
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetpolicyRequest<'a> {
    /// `family-name` (string).
    pub family_name: Option<&'a [u8]>,

    /// `family-id` (u16).
    pub family_id: Option<u16>,

    /// `op` (u32).
    pub op: Option<u32>,
}

impl GetpolicyRequest<'_> {
    /// The header flags of this request: a dump request.
    pub const FLAGS: u16 = wire::NLM_F_REQUEST | wire::NLM_F_DUMP;

    /// Appends the request to `buf`, as a message to family id `family` with sequence
    /// number `seq` and header flags [`Self::FLAGS`].
    pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {
        self.emit_with_flags(buf, family, Self::FLAGS, seq);
    }

    /// Appends the request to `buf` with the header flags `flags`.
    pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {
        let mut m = wire::MessageBuilder::new(buf, family, flags, seq)
            .genl(Cmd::Getpolicy.into(), FAMILY_VERSION);
        if let Some(v) = self.family_name {
            m = m.attr_str(CtrlAttr::FamilyName as u16, v);
        }
        if let Some(v) = self.family_id {
            m = m.attr(CtrlAttr::FamilyId as u16, &v.to_ne_bytes());
        }
        if let Some(v) = self.op {
            m = m.attr(CtrlAttr::Op as u16, &v.to_ne_bytes());
        }
        m.finish();
    }
}

/// The reply of `GETPOLICY` (one per message of a dump).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetpolicyReply {
    /// `family-id` (u16).
    pub family_id: Option<u16>,

    /// `op-policy` (nest-type-value).
    pub op_policy: Vec<ynl::TypeValue<1, OpPolicyAttrs>>,

    /// `policy` (nest-type-value).
    pub policy: Vec<ynl::TypeValue<2, PolicyAttrs>>,
}

impl GetpolicyReply {
    /// The command number of these replies.
    pub const CMD: u8 = 10;

    /// Reads a reply's attributes (the bytes after its `genlmsghdr`). Attributes it does not know are skipped.
    pub fn parse(attrs: &[u8]) -> Result<Self, wire::WireError> {
        let mut m = Self::default();
        for attr in wire::Attrs::new(attrs) {
            let attr = attr?;
            match CtrlAttr::try_from(attr.ty) {
                Ok(CtrlAttr::FamilyId) => {
                    m.family_id = Some(attr.u16()?);
                }
                Ok(CtrlAttr::OpPolicy) => {
                    for op_id in attr.nested_attrs() {
                        let op_id = op_id?;
                        m.op_policy.push(ynl::TypeValue {
                            types: [op_id.ty],
                            value: OpPolicyAttrs::parse(op_id.value)?,
                        });
                    }
                }
                Ok(CtrlAttr::Policy) => {
                    for policy_id in attr.nested_attrs() {
                        let policy_id = policy_id?;
                        for attr_id in policy_id.nested_attrs() {
                            let attr_id = attr_id?;
                            m.policy.push(ynl::TypeValue {
                                types: [policy_id.ty, attr_id.ty],
                                value: PolicyAttrs::parse(attr_id.value)?,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(m)
    }
}
