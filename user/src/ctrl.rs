//! `nlctrl`, the Generic Netlink controller: resolves a family's id, operations,
//! multicast groups and attribute policies by name.
//!
//! The requests and replies are the code ynl-gen generated from the kernel's
//! `nlctrl.yaml` ([`crate::gen::nlctrl`]); this module turns the replies into owned
//! values and maps the controller's errors to this crate's.

use crate::conn::{Conn, Until};
use crate::error::Error;
use crate::gen::nlctrl::{
    self, op_flags, GetfamilyDoRequest, GetfamilyReply, GetpolicyReply, GetpolicyRequest,
    ATTR_TYPE_ENUM, OP_FLAGS_ENUM,
};
use crate::wire::{GenlHeader, WireError, GENL_ID_CTRL};

/// The names of the operation flags set in `flags`, as nlctrl's spec names them
/// (`cmd-cap-do`, `admin-perm`, ...), lowest bit first; unnamed bits as hex.
pub fn op_flag_names(flags: u32) -> Vec<String> {
    let mut names: Vec<String> = OP_FLAGS_ENUM
        .entries
        .iter()
        .filter(|(bit, _)| u64::from(flags) & bit != 0)
        .map(|(_, name)| (*name).to_owned())
        .collect();
    let known = OP_FLAGS_ENUM.entries.iter().fold(0, |m, (bit, _)| m | bit);
    let unknown = u64::from(flags) & !known;
    if unknown != 0 {
        names.push(format!("{unknown:#x}"));
    }
    names
}

/// The name of a policy attribute type (`NL_ATTR_TYPE_*`), such as `nul-string`.
pub fn attr_type_name(ty: u32) -> String {
    ATTR_TYPE_ENUM
        .name_of(u64::from(ty))
        .map_or_else(|| format!("type-{ty}"), str::to_owned)
}

/// One operation of a family, as the controller reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// The command number.
    pub id: u32,
    /// `GENL_*` flags (bits of nlctrl's `op-flags`).
    pub flags: u32,
}

impl Op {
    /// The flags by name, such as `["cmd-cap-do", "cmd-cap-haspol"]`.
    pub fn flag_names(&self) -> Vec<String> {
        op_flag_names(self.flags)
    }

    /// Whether it has a do handler (`GENL_CMD_CAP_DO`).
    pub fn can_do(&self) -> bool {
        self.flags & op_flags::CMD_CAP_DO != 0
    }

    /// Whether it has a dump handler (`GENL_CMD_CAP_DUMP`).
    pub fn can_dump(&self) -> bool {
        self.flags & op_flags::CMD_CAP_DUMP != 0
    }
}

/// A family, as the controller reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FamilyInfo {
    /// The family's name.
    pub name: String,
    /// The id to put in `nlmsg_type`.
    pub id: u16,
    /// The family's version.
    pub version: u32,
    /// The size of the family's own header after `genlmsghdr`.
    pub hdrsize: u32,
    /// The highest attribute type.
    pub maxattr: u32,
    /// The operations.
    pub ops: Vec<Op>,
    /// The multicast groups, as (name, id).
    pub groups: Vec<(String, u32)>,
}

impl FamilyInfo {
    /// The id of multicast group `name`.
    pub fn group(&self, name: &str) -> Option<u32> {
        self.groups
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    /// The operation with command `cmd`.
    pub fn op(&self, cmd: u32) -> Option<&Op> {
        self.ops.iter().find(|o| o.id == cmd)
    }
}

/// One attribute's policy: its type and the bounds the kernel checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttrPolicy {
    /// The policy table index.
    pub policy: u32,
    /// The attribute type.
    pub attr: u32,
    /// The type name, such as `nul-string`.
    pub kind: String,
    /// The smallest value of a signed integer.
    pub min_value_s: Option<i64>,
    /// The largest value of a signed integer.
    pub max_value_s: Option<i64>,
    /// The smallest value of an unsigned integer.
    pub min_value_u: Option<u64>,
    /// The largest value of an unsigned integer.
    pub max_value_u: Option<u64>,
    /// The minimum length, if bounded.
    pub min_len: Option<u32>,
    /// The maximum length, if bounded.
    pub max_len: Option<u32>,
    /// The nested policy's table index.
    pub nested: Option<u32>,
    /// The mask of allowed bits.
    pub mask: Option<u64>,
}

impl AttrPolicy {
    /// The bounds as text, such as `1..4096` or `max-len 1024`; empty when unbounded.
    pub fn bounds(&self) -> String {
        let range = |lo: Option<String>, hi: Option<String>| match (lo, hi) {
            (None, None) => None,
            (lo, hi) => Some(format!(
                "{}..{}",
                lo.unwrap_or_default(),
                hi.unwrap_or_default()
            )),
        };
        let mut parts = Vec::new();
        parts.extend(range(
            self.min_value_u.map(|v| v.to_string()),
            self.max_value_u.map(|v| v.to_string()),
        ));
        parts.extend(range(
            self.min_value_s.map(|v| v.to_string()),
            self.max_value_s.map(|v| v.to_string()),
        ));
        if let Some(n) = self.min_len {
            parts.push(format!("min-len {n}"));
        }
        if let Some(n) = self.max_len {
            parts.push(format!("max-len {n}"));
        }
        if let Some(m) = self.mask {
            parts.push(format!("mask {m:#x}"));
        }
        if let Some(p) = self.nested {
            parts.push(format!("policy {p}"));
        }
        parts.join(" ")
    }
}

/// Which policy table an operation uses for do and for dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpPolicy {
    /// The command.
    pub cmd: u32,
    /// The policy index for do, if any.
    pub do_policy: Option<u32>,
    /// The policy index for dump, if any.
    pub dump_policy: Option<u32>,
}

/// A family's policies, as `CTRL_CMD_GETPOLICY` reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policies {
    /// Every attribute of every policy table.
    pub attrs: Vec<AttrPolicy>,
    /// The tables of each operation.
    pub ops: Vec<OpPolicy>,
}

impl Policies {
    /// The attributes of policy table `index`.
    pub fn table(&self, index: u32) -> impl Iterator<Item = &AttrPolicy> {
        self.attrs.iter().filter(move |a| a.policy == index)
    }

    /// The tables of command `cmd`.
    pub fn op(&self, cmd: u32) -> Option<&OpPolicy> {
        self.ops.iter().find(|o| o.cmd == cmd)
    }
}

fn lossy(text: Option<&[u8]>) -> String {
    String::from_utf8_lossy(text.unwrap_or_default()).into_owned()
}

/// Parses a `CTRL_CMD_NEWFAMILY` reply's attributes (the reply to `GETFAMILY`).
pub fn parse_family(attrs: &[u8]) -> Result<FamilyInfo, WireError> {
    let r = GetfamilyReply::parse(attrs)?;
    Ok(FamilyInfo {
        name: lossy(r.family_name),
        id: r.family_id.unwrap_or_default(),
        version: r.version.unwrap_or_default(),
        hdrsize: r.hdrsize.unwrap_or_default(),
        maxattr: r.maxattr.unwrap_or_default(),
        ops: r
            .ops
            .iter()
            .map(|o| Op {
                id: o.id.unwrap_or_default(),
                flags: o.flags.unwrap_or_default(),
            })
            .collect(),
        groups: r
            .mcast_groups
            .iter()
            .map(|g| (lossy(g.name), g.id.unwrap_or_default()))
            .collect(),
    })
}

/// Writes a `CTRL_CMD_GETFAMILY` request for `name`.
pub fn getfamily_request(buf: &mut Vec<u8>, seq: u32, name: &str) {
    GetfamilyDoRequest {
        family_name: Some(name.as_bytes()),
    }
    .emit(buf, GENL_ID_CTRL, seq);
}

/// Asks the controller about family `name`. `ENOENT` means it is not registered.
pub fn get_family(conn: &mut Conn, name: &str) -> Result<FamilyInfo, Error> {
    let mut info = None;
    let result = conn.transact(
        "resolve family",
        |buf, seq| getfamily_request(buf, seq, name),
        Until::Ack,
        &attr_name,
        |msg| {
            let (_, attrs) =
                GenlHeader::parse(msg.payload).map_err(|e| Error::wire("resolve family", e))?;
            info = Some(parse_family(attrs).map_err(|e| Error::wire("resolve family", e))?);
            Ok(())
        },
    );
    match result {
        Err(Error::Kernel { errno, .. }) if errno == libc::ENOENT => Err(Error::NotLoaded(
            format!("resolve family: no Generic Netlink family named '{name}'"),
        )),
        Err(e) => Err(e),
        Ok(_) => info.ok_or_else(|| Error::Protocol("resolve family: no answer".into())),
    }
}

/// Dumps the attribute policies of family `name` (`CTRL_CMD_GETPOLICY`).
pub fn get_policies(conn: &mut Conn, name: &str) -> Result<Policies, Error> {
    let mut policies = Policies::default();
    conn.transact(
        "get policy",
        |buf, seq| {
            GetpolicyRequest {
                family_name: Some(name.as_bytes()),
                ..GetpolicyRequest::default()
            }
            .emit(buf, GENL_ID_CTRL, seq);
        },
        Until::Done,
        &attr_name,
        |msg| {
            let (_, attrs) =
                GenlHeader::parse(msg.payload).map_err(|e| Error::wire("get policy", e))?;
            parse_policy_message(attrs, &mut policies).map_err(|e| Error::wire("get policy", e))
        },
    )?;
    Ok(policies)
}

/// Adds what one `CTRL_CMD_GETPOLICY` dump message says to `out`.
pub fn parse_policy_message(attrs: &[u8], out: &mut Policies) -> Result<(), WireError> {
    let r = GetpolicyReply::parse(attrs)?;
    for p in r.policy {
        let [policy, attr] = p.types;
        let v = p.value;
        out.attrs.push(AttrPolicy {
            policy: u32::from(policy),
            attr: u32::from(attr),
            kind: v.type_.map(attr_type_name).unwrap_or_default(),
            min_value_s: v.min_value_s,
            max_value_s: v.max_value_s,
            min_value_u: v.min_value_u,
            max_value_u: v.max_value_u,
            min_len: v.min_length,
            max_len: v.max_length,
            nested: v.policy_idx,
            mask: v.mask,
        });
    }
    for o in r.op_policy {
        out.ops.push(OpPolicy {
            cmd: u32::from(o.types[0]),
            do_policy: o.value.do_,
            dump_policy: o.value.dump,
        });
    }
    Ok(())
}

/// The name of an attribute of nlctrl's requests, for error messages (`FAMILY_NAME`).
pub fn attr_name(ty: u32) -> Option<String> {
    let attr = nlctrl::CTRL_ATTRS.attr(u16::try_from(ty).ok()?)?;
    Some(attr.name.to_ascii_uppercase().replace('-', "_"))
}
