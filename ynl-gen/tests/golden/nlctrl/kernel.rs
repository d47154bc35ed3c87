// generated from nlctrl.yaml by ynl-gen, do not edit; run `make regen`
// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)

//! The Generic Netlink family `nlctrl`, kernel side: its constants, attribute numbers, policies,
//! split operations and multicast groups, and the trait its hand-written handlers implement (what
//! `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).
//!
//! genetlink meta-family that exposes information about all genetlink families registered in the
//! kernel (including itself).

#![allow(dead_code, reason = "the tables name every value of the spec")]

use kernel::{
    net::netlink::MulticastGroup,
    prelude::*, //
};

use crate::kext::net::netlink::{
    attr::{
        AttrType,
        IndexedArray,
        NestTypeValue,
        NulString,
        Pad,
        S64,
        U16,
        U32,
        U64, //
    },
    dump::{
        Dump,
        DumpIt, //
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
}

/// The family's name (`genl_family.name`).
pub(crate) const FAMILY_NAME: &CStr = c"nlctrl";
/// The family's version (`genl_family.version`).
pub(crate) const FAMILY_VERSION: u32 = 1;

/// Command `getfamily` (`genlmsghdr.cmd` of requests): Get / dump genetlink families
pub(crate) const CMD_GETFAMILY: u8 = 3;
/// The command of `getfamily` replies.
pub(crate) const CMD_GETFAMILY_REPLY: u8 = 1;

/// Command `getpolicy` (`genlmsghdr.cmd` of requests): Get / dump genetlink policies
pub(crate) const CMD_GETPOLICY: u8 = 10;
/// The command of `getpolicy` replies.
pub(crate) const CMD_GETPOLICY_REPLY: u8 = 10;

/// Attribute `ctrl-attrs.family-id`.
pub(crate) const A_CTRL_ATTRS_FAMILY_ID: AttrType<U16> = AttrType::new(1);

/// Attribute `ctrl-attrs.family-name`.
pub(crate) const A_CTRL_ATTRS_FAMILY_NAME: AttrType<NulString> = AttrType::new(2);

/// Attribute `ctrl-attrs.version`.
pub(crate) const A_CTRL_ATTRS_VERSION: AttrType<U32> = AttrType::new(3);

/// Attribute `ctrl-attrs.hdrsize`.
pub(crate) const A_CTRL_ATTRS_HDRSIZE: AttrType<U32> = AttrType::new(4);

/// Attribute `ctrl-attrs.maxattr`.
pub(crate) const A_CTRL_ATTRS_MAXATTR: AttrType<U32> = AttrType::new(5);

/// Attribute `ctrl-attrs.ops`.
pub(crate) const A_CTRL_ATTRS_OPS: AttrType<IndexedArray> = AttrType::new(6);

/// Attribute `ctrl-attrs.mcast-groups`.
pub(crate) const A_CTRL_ATTRS_MCAST_GROUPS: AttrType<IndexedArray> = AttrType::new(7);

/// Attribute `ctrl-attrs.policy`.
pub(crate) const A_CTRL_ATTRS_POLICY: AttrType<NestTypeValue> = AttrType::new(8);

/// Attribute `ctrl-attrs.op-policy`.
pub(crate) const A_CTRL_ATTRS_OP_POLICY: AttrType<NestTypeValue> = AttrType::new(9);

/// Attribute `ctrl-attrs.op`.
pub(crate) const A_CTRL_ATTRS_OP: AttrType<U32> = AttrType::new(10);

/// Attribute `mcast-group-attrs.name`.
pub(crate) const A_MCAST_GROUP_ATTRS_NAME: AttrType<NulString> = AttrType::new(1);

/// Attribute `mcast-group-attrs.id`.
pub(crate) const A_MCAST_GROUP_ATTRS_ID: AttrType<U32> = AttrType::new(2);

/// Attribute `op-attrs.id`.
pub(crate) const A_OP_ATTRS_ID: AttrType<U32> = AttrType::new(1);

/// Attribute `op-attrs.flags`.
pub(crate) const A_OP_ATTRS_FLAGS: AttrType<U32> = AttrType::new(2);

/// Attribute `policy-attrs.type`.
pub(crate) const A_POLICY_ATTRS_TYPE: AttrType<U32> = AttrType::new(1);

/// Attribute `policy-attrs.min-value-s`.
pub(crate) const A_POLICY_ATTRS_MIN_VALUE_S: AttrType<S64> = AttrType::new(2);

/// Attribute `policy-attrs.max-value-s`.
pub(crate) const A_POLICY_ATTRS_MAX_VALUE_S: AttrType<S64> = AttrType::new(3);

/// Attribute `policy-attrs.min-value-u`.
pub(crate) const A_POLICY_ATTRS_MIN_VALUE_U: AttrType<U64> = AttrType::new(4);

/// Attribute `policy-attrs.max-value-u`.
pub(crate) const A_POLICY_ATTRS_MAX_VALUE_U: AttrType<U64> = AttrType::new(5);

/// Attribute `policy-attrs.min-length`.
pub(crate) const A_POLICY_ATTRS_MIN_LENGTH: AttrType<U32> = AttrType::new(6);

/// Attribute `policy-attrs.max-length`.
pub(crate) const A_POLICY_ATTRS_MAX_LENGTH: AttrType<U32> = AttrType::new(7);

/// Attribute `policy-attrs.policy-idx`.
pub(crate) const A_POLICY_ATTRS_POLICY_IDX: AttrType<U32> = AttrType::new(8);

/// Attribute `policy-attrs.policy-maxtype`.
pub(crate) const A_POLICY_ATTRS_POLICY_MAXTYPE: AttrType<U32> = AttrType::new(9);

/// Attribute `policy-attrs.bitfield32-mask`.
pub(crate) const A_POLICY_ATTRS_BITFIELD32_MASK: AttrType<U32> = AttrType::new(10);

/// Attribute `policy-attrs.mask`.
pub(crate) const A_POLICY_ATTRS_MASK: AttrType<U64> = AttrType::new(11);

/// Attribute `policy-attrs.pad`.
pub(crate) const A_POLICY_ATTRS_PAD: AttrType<Pad> = AttrType::new(12);

/// Attribute `op-policy-attrs.do`.
pub(crate) const A_OP_POLICY_ATTRS_DO: AttrType<U32> = AttrType::new(1);

/// Attribute `op-policy-attrs.dump`.
pub(crate) const A_OP_POLICY_ATTRS_DUMP: AttrType<U32> = AttrType::new(2);

/// The multicast groups (`genl_family.mcgrps`), indexed by the `NLGRP_*` constants.
pub(crate) const MCGRPS: &[MulticastGroup] = &[];

/// `GETFAMILY` (do): the attributes a request may carry.
pub(crate) const GETFAMILY_POLICY: PolicyRef = policy![A_CTRL_ATTRS_FAMILY_NAME.any()];

/// `GETPOLICY` (dump): the attributes a request may carry.
pub(crate) const GETPOLICY_POLICY: PolicyRef = policy![
    A_CTRL_ATTRS_FAMILY_NAME.any(),
    A_CTRL_ATTRS_FAMILY_ID.any(),
    A_CTRL_ATTRS_OP.any(),
];

/// The handlers of `nlctrl`: a function per do, a cursor type and two functions per
/// dump (the `*_doit` and `*_dumpit` functions the C generator declares). The family
/// implements this trait; a command without its handler does not compile, and the
/// error names the missing item.
pub(crate) trait NlctrlHandlers: Operations {
    /// `GETFAMILY` (do): Get / dump genetlink families
    fn getfamily_doit(state: &Self::State, info: &mut Info<'_, Self>) -> Result;

    /// What a `GETFAMILY` dump remembers between calls.
    type GetfamilyCursor: Send;

    /// Starts a `GETFAMILY` dump: the cursor of its first call.
    fn getfamily_start(state: &Self::State) -> Result<Self::GetfamilyCursor>;

    /// `GETFAMILY` (dump): Get / dump genetlink families
    fn getfamily_dumpit(
        state: &Self::State,
        cursor: &mut Self::GetfamilyCursor,
        dump: &mut Dump<'_>,
    ) -> Result;

    /// What a `GETPOLICY` dump remembers between calls.
    type GetpolicyCursor: Send;

    /// Starts a `GETPOLICY` dump: the cursor of its first call.
    fn getpolicy_start(state: &Self::State) -> Result<Self::GetpolicyCursor>;

    /// `GETPOLICY` (dump): Get / dump genetlink policies
    fn getpolicy_dumpit(
        state: &Self::State,
        cursor: &mut Self::GetpolicyCursor,
        dump: &mut Dump<'_>,
    ) -> Result;
}

/// The do of `GETFAMILY`: `NlctrlHandlers::getfamily_doit` with `GETFAMILY_POLICY`.
pub(crate) struct GetfamilyDo;

impl<T: NlctrlHandlers> DoIt<T> for GetfamilyDo {
    const POLICY: PolicyRef = GETFAMILY_POLICY;

    fn doit(state: &T::State, info: &mut Info<'_, T>) -> Result {
        T::getfamily_doit(state, info)
    }
}

/// The dump of `GETFAMILY`: `NlctrlHandlers::getfamily_dumpit` with no policy (the core refuses
/// every attribute).
pub(crate) struct GetfamilyDump;

impl<T: NlctrlHandlers> DumpIt<T> for GetfamilyDump {
    const POLICY: PolicyRef = PolicyRef::NONE;
    type Cursor = T::GetfamilyCursor;

    fn start(state: &T::State) -> Result<T::GetfamilyCursor> {
        T::getfamily_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::GetfamilyCursor, dump: &mut Dump<'_>) -> Result {
        T::getfamily_dumpit(state, cursor, dump)
    }
}

/// The dump of `GETPOLICY`: `NlctrlHandlers::getpolicy_dumpit` with `GETPOLICY_POLICY`.
pub(crate) struct GetpolicyDump;

impl<T: NlctrlHandlers> DumpIt<T> for GetpolicyDump {
    const POLICY: PolicyRef = GETPOLICY_POLICY;
    type Cursor = T::GetpolicyCursor;

    fn start(state: &T::State) -> Result<T::GetpolicyCursor> {
        T::getpolicy_start(state)
    }

    fn dumpit(state: &T::State, cursor: &mut T::GetpolicyCursor, dump: &mut Dump<'_>) -> Result {
        T::getpolicy_dumpit(state, cursor, dump)
    }
}

/// How many entries [`ops`] has: one per do and one per dump.
pub(crate) const N_OPS: usize = 3;

/// The split operations (`struct genl_split_ops`), for `Operations::OPS`: for each do
/// and each dump, its command, its handler with its policy, and its flags.
pub(crate) const fn ops<T: NlctrlHandlers>() -> [SplitOp<T>; N_OPS] {
    [
        SplitOp::doit::<GetfamilyDo>(CMD_GETFAMILY, OpFlags::NONE),
        SplitOp::dumpit::<GetfamilyDump>(CMD_GETFAMILY, OpFlags::NONE),
        SplitOp::dumpit::<GetpolicyDump>(CMD_GETPOLICY, OpFlags::NONE),
    ]
}
