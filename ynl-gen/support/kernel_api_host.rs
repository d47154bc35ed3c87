//! The kernel API that ynl-gen's kernel-side code is written against, modelled on the
//! host: the same names and signatures as the module must provide (by default as
//! `crate::netlink::ynl`), with plain data where the module has `bindings::nla_policy`
//! and `bindings::genl_split_ops`. ynl-gen's tests compile the generated kernel files
//! against it; the README maps each item to its C counterpart.

#![allow(dead_code)]

use core::ffi::CStr;

/// An error number (`kernel::error::Error` in the module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Error(pub(crate) i32);

/// `kernel::error::Result`.
pub(crate) type Result<T = (), E = Error> = core::result::Result<T, E>;

/// A do request being handled (`struct genl_info`).
pub(crate) struct DoInfo<'a> {
    /// The request's attributes, after the policy check.
    pub(crate) attrs: &'a [u8],
}

/// A dump being written (`struct netlink_callback`).
pub(crate) struct DumpInfo<'a> {
    /// The request's attributes, after the policy check.
    pub(crate) attrs: &'a [u8],
}

/// `NLA_*` policy types, with the kernel's numbers (`enum nla_policy_type` in
/// `include/net/netlink.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum NlaType {
    Unspec = 0,
    U8 = 1,
    U16 = 2,
    U32 = 3,
    U64 = 4,
    String = 5,
    Flag = 6,
    Msecs = 7,
    Nested = 8,
    NestedArray = 9,
    NulString = 10,
    Binary = 11,
    S8 = 12,
    S16 = 13,
    S32 = 14,
    S64 = 15,
    Bitfield32 = 16,
    Reject = 17,
    Be16 = 18,
    Be32 = 19,
    Sint = 20,
    Uint = 21,
}

/// `enum nla_policy_validation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Validation {
    /// No value check.
    None,
    /// `NLA_VALIDATE_RANGE`, `_MIN`, `_MAX` (16-bit bounds in the entry).
    Range { min: Option<i64>, max: Option<i64> },
    /// `NLA_VALIDATE_RANGE_PTR` (unsigned).
    FullRange(&'static RangeUnsigned),
    /// `NLA_VALIDATE_RANGE_PTR` (signed).
    FullRangeSigned(&'static RangeSigned),
    /// `NLA_VALIDATE_MASK`.
    Mask(u64),
    /// `NLA_VALIDATE_MIN` on a length (`NLA_POLICY_MIN_LEN`).
    MinLen,
}

/// One entry of a policy (`struct nla_policy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AttrPolicy {
    /// `.type`.
    pub(crate) ty: NlaType,
    /// `.len`: the longest string or binary, or the exact length.
    pub(crate) len: u16,
    /// How the value is checked.
    pub(crate) validation: Validation,
    /// `.nested_policy` (`NLA_POLICY_NESTED`, `NLA_POLICY_NESTED_ARRAY`).
    pub(crate) nested: Option<&'static [AttrPolicy]>,
    /// `.bitfield32_valid`.
    pub(crate) bitfield32_valid: u32,
}

impl AttrPolicy {
    /// No entry: an attribute type the request may not carry.
    pub(crate) const UNSPEC: AttrPolicy = AttrPolicy {
        ty: NlaType::Unspec,
        len: 0,
        validation: Validation::None,
        nested: None,
        bitfield32_valid: 0,
    };

    /// `{ .type = ty }`.
    pub(crate) const fn new(ty: NlaType) -> AttrPolicy {
        AttrPolicy {
            ty,
            ..AttrPolicy::UNSPEC
        }
    }

    /// `{ .type = NLA_NUL_STRING or NLA_STRING, .len = max_len }`.
    pub(crate) const fn string(ty: NlaType, max_len: u16) -> AttrPolicy {
        AttrPolicy {
            ty,
            len: max_len,
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_EXACT_LEN(len)`.
    pub(crate) const fn exact_len(len: u16) -> AttrPolicy {
        AttrPolicy {
            ty: NlaType::Binary,
            len,
            validation: Validation::Range {
                min: Some(len as i64),
                max: None,
            },
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_MIN_LEN(len)`.
    pub(crate) const fn min_len(len: u16) -> AttrPolicy {
        AttrPolicy {
            ty: NlaType::Binary,
            len,
            validation: Validation::MinLen,
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_MAX_LEN(len)`.
    pub(crate) const fn max_len(len: u16) -> AttrPolicy {
        AttrPolicy {
            ty: NlaType::Binary,
            len,
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_RANGE(ty, min, max)`; both bounds must fit in 16 bits.
    pub(crate) const fn range(ty: NlaType, min: i64, max: i64) -> AttrPolicy {
        assert!(fits_s16(min) && fits_s16(max) && min <= max);
        AttrPolicy {
            ty,
            validation: Validation::Range {
                min: Some(min),
                max: Some(max),
            },
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_MIN(ty, min)`.
    pub(crate) const fn min(ty: NlaType, min: i64) -> AttrPolicy {
        assert!(fits_s16(min));
        AttrPolicy {
            ty,
            validation: Validation::Range {
                min: Some(min),
                max: None,
            },
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_MAX(ty, max)`.
    pub(crate) const fn max(ty: NlaType, max: i64) -> AttrPolicy {
        assert!(fits_s16(max));
        AttrPolicy {
            ty,
            validation: Validation::Range {
                min: None,
                max: Some(max),
            },
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_FULL_RANGE(ty, range)`.
    pub(crate) const fn full_range(ty: NlaType, range: &'static RangeUnsigned) -> AttrPolicy {
        AttrPolicy {
            ty,
            validation: Validation::FullRange(range),
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_FULL_RANGE_SIGNED(ty, range)`.
    pub(crate) const fn full_range_signed(ty: NlaType, range: &'static RangeSigned) -> AttrPolicy {
        AttrPolicy {
            ty,
            validation: Validation::FullRangeSigned(range),
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_MASK(ty, mask)`.
    pub(crate) const fn mask(ty: NlaType, mask: u64) -> AttrPolicy {
        AttrPolicy {
            ty,
            validation: Validation::Mask(mask),
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_BITFIELD32(valid)`.
    pub(crate) const fn bitfield32(valid: u32) -> AttrPolicy {
        AttrPolicy {
            ty: NlaType::Bitfield32,
            bitfield32_valid: valid,
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_NESTED(policy)`: the nest's `maxattr` is the policy's length - 1.
    pub(crate) const fn nested(policy: &'static [AttrPolicy]) -> AttrPolicy {
        AttrPolicy {
            ty: NlaType::Nested,
            len: (policy.len() - 1) as u16,
            nested: Some(policy),
            ..AttrPolicy::UNSPEC
        }
    }

    /// `NLA_POLICY_NESTED_ARRAY(policy)`.
    pub(crate) const fn nested_array(policy: &'static [AttrPolicy]) -> AttrPolicy {
        AttrPolicy {
            ty: NlaType::NestedArray,
            len: (policy.len() - 1) as u16,
            nested: Some(policy),
            ..AttrPolicy::UNSPEC
        }
    }
}

const fn fits_s16(v: i64) -> bool {
    v >= i16::MIN as i64 && v <= i16::MAX as i64
}

/// `struct netlink_range_validation`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RangeUnsigned {
    pub(crate) min: u64,
    pub(crate) max: u64,
}

impl RangeUnsigned {
    /// A range from `min` to `max`, both included.
    pub(crate) const fn new(min: u64, max: u64) -> RangeUnsigned {
        RangeUnsigned { min, max }
    }
}

/// `struct netlink_range_validation_signed`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RangeSigned {
    pub(crate) min: i64,
    pub(crate) max: i64,
}

impl RangeSigned {
    /// A range from `min` to `max`, both included.
    pub(crate) const fn new(min: i64, max: i64) -> RangeSigned {
        RangeSigned { min, max }
    }
}

/// A handler of one split operation: the `doit` or the `dumpit` of `T`.
pub(crate) enum Handler<T> {
    /// `.doit`.
    Do(fn(&T, &mut DoInfo<'_>) -> Result),
    /// `.dumpit`.
    Dump(fn(&T, &mut DumpInfo<'_>) -> Result),
}

/// One entry of the operations table (`struct genl_split_ops`); `maxattr` is the policy's
/// length - 1, and an operation without a policy gets the core's reject-all policy.
pub(crate) struct SplitOp<T> {
    /// `.cmd`.
    pub(crate) cmd: u8,
    /// `.doit` or `.dumpit`.
    pub(crate) handler: Handler<T>,
    /// `.policy`.
    pub(crate) policy: Option<&'static [AttrPolicy]>,
    /// `.flags`: `GENL_ADMIN_PERM`, `GENL_UNS_ADMIN_PERM`, `GENL_CMD_CAP_DO`/`DUMP`.
    pub(crate) flags: u8,
    /// `.validate`: `GENL_DONT_VALIDATE_*`.
    pub(crate) validate: u8,
}

/// `GENL_ADMIN_PERM`.
pub(crate) const GENL_ADMIN_PERM: u8 = 0x01;
/// `GENL_CMD_CAP_DO`.
pub(crate) const GENL_CMD_CAP_DO: u8 = 0x02;
/// `GENL_CMD_CAP_DUMP`.
pub(crate) const GENL_CMD_CAP_DUMP: u8 = 0x04;
/// `GENL_UNS_ADMIN_PERM`.
pub(crate) const GENL_UNS_ADMIN_PERM: u8 = 0x10;
/// `GENL_DONT_VALIDATE_STRICT`.
pub(crate) const GENL_DONT_VALIDATE_STRICT: u8 = 0x01;
/// `GENL_DONT_VALIDATE_DUMP`.
pub(crate) const GENL_DONT_VALIDATE_DUMP: u8 = 0x02;
/// `GENL_DONT_VALIDATE_DUMP_STRICT`.
pub(crate) const GENL_DONT_VALIDATE_DUMP_STRICT: u8 = 0x04;

/// `struct genl_multicast_group` (7.3's `kernel::net::netlink::MulticastGroup`).
#[derive(Debug)]
pub(crate) struct MulticastGroup {
    pub(crate) name: &'static CStr,
}

impl MulticastGroup {
    /// A group named `name`.
    pub(crate) const fn const_new(name: &'static CStr) -> MulticastGroup {
        MulticastGroup { name }
    }
}

/// Constants that specs take from C headers, by their C names.
pub(crate) const MAX_ERRNO: u32 = 4095;
/// `PAGE_SIZE` (the spec's value is a placeholder).
pub(crate) const PAGE_SIZE: usize = 4096;
