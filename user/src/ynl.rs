//! What every user-side file that `ynl-gen` generates builds on (hand-written, not
//! generated; ynl-gen's tests compile its golden files against this file): the types of its tables and a few attribute readers and writers that
//! `wire.rs` does not have. The C generator's counterpart is `tools/net/ynl/lib/ynl.h`.
//!
//! A generated family file describes its family with these tables (for annotators and
//! decoders, which look names up by number) and with typed requests and replies (for
//! clients, which build and parse messages with `wire.rs`).

use crate::wire::{Attr, MessageBuilder, WireError};

/// The type of an attribute, as the spec names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttrKind {
    /// A reserved number; never sent.
    Unused,
    /// Padding for 64-bit alignment; carries nothing.
    Pad,
    /// Present or absent; no value.
    Flag,
    /// Bytes.
    Binary,
    /// `struct nla_bitfield32`: a value and a selector.
    Bitfield32,
    /// An unsigned integer of 4 or 8 bytes.
    Uint,
    /// A signed integer of 4 or 8 bytes.
    Sint,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `s8`.
    S8,
    /// `s16`.
    S16,
    /// `s32`.
    S32,
    /// `s64`.
    S64,
    /// A NUL-terminated string.
    String,
    /// Attributes of another set.
    Nest,
    /// A nest whose attributes are numbered 0, 1, 2, ... (their types are indexes).
    IndexedArray,
    /// Nests whose types are values (such as a policy index, then an attribute number).
    NestTypeValue,
}

impl AttrKind {
    /// The type's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            AttrKind::Unused => "unused",
            AttrKind::Pad => "pad",
            AttrKind::Flag => "flag",
            AttrKind::Binary => "binary",
            AttrKind::Bitfield32 => "bitfield32",
            AttrKind::Uint => "uint",
            AttrKind::Sint => "sint",
            AttrKind::U8 => "u8",
            AttrKind::U16 => "u16",
            AttrKind::U32 => "u32",
            AttrKind::U64 => "u64",
            AttrKind::S8 => "s8",
            AttrKind::S16 => "s16",
            AttrKind::S32 => "s32",
            AttrKind::S64 => "s64",
            AttrKind::String => "string",
            AttrKind::Nest => "nest",
            AttrKind::IndexedArray => "indexed-array",
            AttrKind::NestTypeValue => "nest-type-value",
        }
    }
}

/// What the kernel checks about an attribute of a request, as the spec says (limits
/// implied by an `enum` included). `None`: not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Checks {
    /// The smallest value.
    pub min: Option<i128>,
    /// The largest value.
    pub max: Option<i128>,
    /// The shortest value, in bytes.
    pub min_len: Option<u32>,
    /// The longest value, in bytes (for strings, before the NUL).
    pub max_len: Option<u32>,
    /// The only allowed length, in bytes.
    pub exact_len: Option<u32>,
}

impl Checks {
    /// No checks.
    pub const NONE: Checks = Checks {
        min: None,
        max: None,
        min_len: None,
        max_len: None,
        exact_len: None,
    };
}

/// Named values of an attribute (an `enum` or `flags` definition of the spec).
#[derive(Debug, PartialEq, Eq)]
pub struct EnumInfo {
    /// The definition's name.
    pub name: &'static str,
    /// Whether the values are bits to combine.
    pub flags: bool,
    /// Each value (for flags, its mask) and its name.
    pub entries: &'static [(u64, &'static str)],
}

impl EnumInfo {
    /// The name of `value` (for flags, of the single bit `value`).
    pub fn name_of(&self, value: u64) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, n)| *n)
    }
}

/// One attribute of a set.
#[derive(Debug, PartialEq, Eq)]
pub struct AttrInfo {
    /// Its number (`nla_type` without flags).
    pub value: u16,
    /// Its name in the spec.
    pub name: &'static str,
    /// Its type.
    pub kind: AttrKind,
    /// The type of each element of an indexed array.
    pub sub_kind: Option<AttrKind>,
    /// The set inside a nest, indexed array of nests or nest-type-value.
    pub nested: Option<&'static AttrSetInfo>,
    /// Whether it may appear more than once in a message.
    pub multi: bool,
    /// Whether the value is big-endian on the wire.
    pub big_endian: bool,
    /// Names of its values.
    pub enumeration: Option<&'static EnumInfo>,
    /// Whether the values are flags even though `enumeration` is an enum.
    pub enum_as_flags: bool,
    /// For a nest-type-value attribute: what the type of each level means (such as
    /// `["policy-id", "attr-id"]`); empty otherwise.
    pub type_value: &'static [&'static str],
    /// The checks the kernel's policy makes.
    pub checks: Checks,
}

impl AttrInfo {
    /// An attribute without nest, enum or checks; the methods below add them.
    pub const fn new(value: u16, name: &'static str, kind: AttrKind) -> AttrInfo {
        AttrInfo {
            value,
            name,
            kind,
            sub_kind: None,
            nested: None,
            multi: false,
            big_endian: false,
            enumeration: None,
            enum_as_flags: false,
            type_value: &[],
            checks: Checks::NONE,
        }
    }

    /// With the element type of an indexed array.
    pub const fn sub_kind(mut self, kind: AttrKind) -> AttrInfo {
        self.sub_kind = Some(kind);
        self
    }

    /// With the set inside it.
    pub const fn nested(mut self, set: &'static AttrSetInfo) -> AttrInfo {
        self.nested = Some(set);
        self
    }

    /// May appear more than once.
    pub const fn multi(mut self) -> AttrInfo {
        self.multi = true;
        self
    }

    /// Big-endian on the wire.
    pub const fn big_endian(mut self) -> AttrInfo {
        self.big_endian = true;
        self
    }

    /// With names for its values.
    pub const fn enumeration(mut self, names: &'static EnumInfo) -> AttrInfo {
        self.enumeration = Some(names);
        self
    }

    /// Its enum's values are flags.
    pub const fn enum_as_flags(mut self) -> AttrInfo {
        self.enum_as_flags = true;
        self
    }

    /// With the meaning of each level of a nest-type-value attribute.
    pub const fn type_value(mut self, levels: &'static [&'static str]) -> AttrInfo {
        self.type_value = levels;
        self
    }

    /// With a smallest value.
    pub const fn min(mut self, min: i128) -> AttrInfo {
        self.checks.min = Some(min);
        self
    }

    /// With a largest value.
    pub const fn max(mut self, max: i128) -> AttrInfo {
        self.checks.max = Some(max);
        self
    }

    /// With a shortest length.
    pub const fn min_len(mut self, len: u32) -> AttrInfo {
        self.checks.min_len = Some(len);
        self
    }

    /// With a longest length.
    pub const fn max_len(mut self, len: u32) -> AttrInfo {
        self.checks.max_len = Some(len);
        self
    }

    /// With an exact length.
    pub const fn exact_len(mut self, len: u32) -> AttrInfo {
        self.checks.exact_len = Some(len);
        self
    }
}

/// An attribute set: the meaning of each attribute number in one context.
#[derive(Debug, PartialEq, Eq)]
pub struct AttrSetInfo {
    /// The set's name in the spec.
    pub name: &'static str,
    /// Its attributes, in spec order.
    pub attrs: &'static [AttrInfo],
}

impl AttrSetInfo {
    /// The attribute with number `value`.
    pub fn attr(&self, value: u16) -> Option<&'static AttrInfo> {
        self.attrs.iter().find(|a| a.value == value)
    }

    /// The attribute named `name`.
    pub fn by_name(&self, name: &str) -> Option<&'static AttrInfo> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The checks of the attribute with number `value` (none if there is no such
    /// attribute); usable in constants.
    pub const fn checks_of(&self, value: u16) -> Checks {
        let mut i = 0;
        while i < self.attrs.len() {
            if self.attrs[i].value == value {
                return self.attrs[i].checks;
            }
            i += 1;
        }
        Checks::NONE
    }

    /// The highest attribute number.
    pub fn max(&self) -> u16 {
        self.attrs.iter().map(|a| a.value).max().unwrap_or(0)
    }
}

/// The messages of a do or dump handler.
#[derive(Debug, PartialEq, Eq)]
pub struct ModeInfo {
    /// The request's attributes (empty: the kernel refuses any).
    pub request: &'static [u16],
    /// The reply's attributes.
    pub reply: &'static [u16],
}

/// An operation of a family.
#[derive(Debug, PartialEq, Eq)]
pub struct OpInfo {
    /// Its name in the spec.
    pub name: &'static str,
    /// The command number of its requests.
    pub cmd: u8,
    /// The command number of its replies.
    pub reply_cmd: u8,
    /// The set of its attributes.
    pub attrs: &'static AttrSetInfo,
    /// Whether it needs `CAP_NET_ADMIN` (`GENL_ADMIN_PERM`).
    pub admin_perm: bool,
    /// Whether it needs `CAP_NET_ADMIN` in the namespace's user namespace.
    pub uns_admin_perm: bool,
    /// The kernel validation it turns off (`strict`, `dump`, `dump-strict`).
    pub dont_validate: &'static [&'static str],
    /// The do handler's messages, if it has one.
    pub doit: Option<ModeInfo>,
    /// The dump handler's messages, if it has one.
    pub dumpit: Option<ModeInfo>,
}

/// A notification of a family.
#[derive(Debug, PartialEq, Eq)]
pub struct NtfInfo {
    /// Its name in the spec.
    pub name: &'static str,
    /// Its command number.
    pub cmd: u8,
    /// The set of its attributes.
    pub attrs: &'static AttrSetInfo,
    /// Its attributes.
    pub attributes: &'static [u16],
    /// The multicast group it goes to, if the spec says.
    pub mcgrp: Option<&'static str>,
}

/// Everything a spec says about a family, as tables.
#[derive(Debug, PartialEq, Eq)]
pub struct FamilyInfo {
    /// The family's name.
    pub name: &'static str,
    /// Its version.
    pub version: u8,
    /// Its operations.
    pub ops: &'static [OpInfo],
    /// Its notifications.
    pub ntfs: &'static [NtfInfo],
    /// Its multicast groups' names, in spec order.
    pub mcast_groups: &'static [&'static str],
    /// Its attribute sets.
    pub attr_sets: &'static [&'static AttrSetInfo],
}

impl FamilyInfo {
    /// The operation whose requests have command `cmd`.
    pub fn op(&self, cmd: u8) -> Option<&'static OpInfo> {
        self.ops.iter().find(|o| o.cmd == cmd)
    }

    /// The operation whose replies have command `cmd`.
    pub fn reply_op(&self, cmd: u8) -> Option<&'static OpInfo> {
        self.ops.iter().find(|o| o.reply_cmd == cmd)
    }

    /// The notification with command `cmd`.
    pub fn ntf(&self, cmd: u8) -> Option<&'static NtfInfo> {
        self.ntfs.iter().find(|n| n.cmd == cmd)
    }
}

/// `struct nla_bitfield32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bitfield32 {
    /// The bits' values.
    pub value: u32,
    /// Which bits `value` sets.
    pub selector: u32,
}

/// One entry of a nest-type-value attribute: the types of its levels, and what the
/// innermost nest holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeValue<const N: usize, T> {
    /// The type of each level (for example the policy index, then the attribute).
    pub types: [u16; N],
    /// The attributes of the innermost level.
    pub value: T,
}

fn bad(attr: &Attr<'_>, what: &'static str, why: &str) -> WireError {
    WireError::BadValue {
        what,
        why: format!("attribute {} {why}", attr.ty),
    }
}

/// An `s8` value.
pub fn get_s8(attr: &Attr<'_>) -> Result<i8, WireError> {
    attr.u8().map(|v| v as i8)
}

/// A host-order `s16` value.
pub fn get_s16(attr: &Attr<'_>) -> Result<i16, WireError> {
    attr.u16().map(|v| v as i16)
}

/// A host-order `s32` value.
pub fn get_s32(attr: &Attr<'_>) -> Result<i32, WireError> {
    attr.u32().map(|v| v as i32)
}

/// A host-order `s64` value.
pub fn get_s64(attr: &Attr<'_>) -> Result<i64, WireError> {
    attr.u64().map(|v| v as i64)
}

/// A big-endian `u16` value.
pub fn get_be16(attr: &Attr<'_>) -> Result<u16, WireError> {
    attr.u16().map(u16::from_be)
}

/// A big-endian `u32` value.
pub fn get_be32(attr: &Attr<'_>) -> Result<u32, WireError> {
    attr.u32().map(u32::from_be)
}

/// A `uint` value: 4 or 8 bytes (`nla_get_uint`).
pub fn get_uint(attr: &Attr<'_>) -> Result<u64, WireError> {
    match attr.value.len() {
        4 => attr.u32().map(u64::from),
        8 => attr.u64(),
        n => Err(bad(
            attr,
            "uint",
            &format!("has {n} bytes, expected 4 or 8"),
        )),
    }
}

/// A `sint` value: 4 or 8 bytes (`nla_get_sint`).
pub fn get_sint(attr: &Attr<'_>) -> Result<i64, WireError> {
    match attr.value.len() {
        4 => attr.u32().map(|v| i64::from(v as i32)),
        8 => attr.u64().map(|v| v as i64),
        n => Err(bad(
            attr,
            "sint",
            &format!("has {n} bytes, expected 4 or 8"),
        )),
    }
}

/// A flag: present, with no value.
pub fn get_flag(attr: &Attr<'_>) -> Result<bool, WireError> {
    if attr.value.is_empty() {
        Ok(true)
    } else {
        Err(bad(attr, "flag", "is a flag but has a value"))
    }
}

/// A `struct nla_bitfield32` value.
pub fn get_bitfield32(attr: &Attr<'_>) -> Result<Bitfield32, WireError> {
    let b: [u8; 8] = attr
        .value
        .try_into()
        .map_err(|_| bad(attr, "bitfield32", "is not 8 bytes long"))?;
    Ok(Bitfield32 {
        value: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
        selector: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
    })
}

/// Adds a `uint` attribute, in 4 bytes when the value fits (as `nla_put_uint` does).
pub fn put_uint(m: MessageBuilder<'_>, ty: u16, value: u64) -> MessageBuilder<'_> {
    match u32::try_from(value) {
        Ok(small) => m.attr_u32(ty, small),
        Err(_) => m.attr(ty, &value.to_ne_bytes()),
    }
}

/// Adds a `sint` attribute, in 4 bytes when the value fits (as `nla_put_sint` does).
pub fn put_sint(m: MessageBuilder<'_>, ty: u16, value: i64) -> MessageBuilder<'_> {
    match i32::try_from(value) {
        Ok(small) => m.attr(ty, &small.to_ne_bytes()),
        Err(_) => m.attr(ty, &value.to_ne_bytes()),
    }
}

/// Adds a `struct nla_bitfield32` attribute.
pub fn put_bitfield32(m: MessageBuilder<'_>, ty: u16, value: Bitfield32) -> MessageBuilder<'_> {
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&value.value.to_ne_bytes());
    b[4..].copy_from_slice(&value.selector.to_ne_bytes());
    m.attr(ty, &b)
}
