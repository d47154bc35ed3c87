//! `nlctrl`, the Generic Netlink controller: resolves a family's id, operations,
//! multicast groups and attribute policies by name.

use crate::conn::{Conn, Until};
use crate::error::Error;
use crate::wire::{Attr, Attrs, GenlHeader, MessageBuilder, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST};

/// The controller's fixed family id.
pub const GENL_ID_CTRL: u16 = 0x10;
/// `CTRL_CMD_GETFAMILY`.
pub const CTRL_CMD_GETFAMILY: u8 = 3;
/// `CTRL_CMD_GETPOLICY`.
pub const CTRL_CMD_GETPOLICY: u8 = 10;
/// `CTRL_ATTR_FAMILY_ID` (u16).
pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
/// `CTRL_ATTR_FAMILY_NAME` (string).
pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
/// `CTRL_ATTR_VERSION` (u32).
pub const CTRL_ATTR_VERSION: u16 = 3;
/// `CTRL_ATTR_HDRSIZE` (u32).
pub const CTRL_ATTR_HDRSIZE: u16 = 4;
/// `CTRL_ATTR_MAXATTR` (u32).
pub const CTRL_ATTR_MAXATTR: u16 = 5;
/// `CTRL_ATTR_OPS` (nested array).
pub const CTRL_ATTR_OPS: u16 = 6;
/// `CTRL_ATTR_MCAST_GROUPS` (nested array).
pub const CTRL_ATTR_MCAST_GROUPS: u16 = 7;
/// `CTRL_ATTR_POLICY` (nested: policy index, attribute, properties).
pub const CTRL_ATTR_POLICY: u16 = 8;
/// `CTRL_ATTR_OP_POLICY` (nested: command, do/dump policy index).
pub const CTRL_ATTR_OP_POLICY: u16 = 9;
/// `CTRL_ATTR_OP_ID` inside an operation.
pub const CTRL_ATTR_OP_ID: u16 = 1;
/// `CTRL_ATTR_OP_FLAGS` inside an operation.
pub const CTRL_ATTR_OP_FLAGS: u16 = 2;
/// `CTRL_ATTR_MCAST_GRP_NAME` inside a group.
pub const CTRL_ATTR_MCAST_GRP_NAME: u16 = 1;
/// `CTRL_ATTR_MCAST_GRP_ID` inside a group.
pub const CTRL_ATTR_MCAST_GRP_ID: u16 = 2;
/// `CTRL_ATTR_POLICY_DO` inside an operation's policy.
pub const CTRL_ATTR_POLICY_DO: u16 = 1;
/// `CTRL_ATTR_POLICY_DUMP` inside an operation's policy.
pub const CTRL_ATTR_POLICY_DUMP: u16 = 2;

/// Operation flag: needs `CAP_NET_ADMIN`.
pub const GENL_ADMIN_PERM: u32 = 0x01;
/// Operation flag: has a do handler.
pub const GENL_CMD_CAP_DO: u32 = 0x02;
/// Operation flag: has a dump handler.
pub const GENL_CMD_CAP_DUMP: u32 = 0x04;
/// Operation flag: has an attribute policy.
pub const GENL_CMD_CAP_HASPOL: u32 = 0x08;
/// Operation flag: needs `CAP_NET_ADMIN` in the network namespace's user namespace.
pub const GENL_UNS_ADMIN_PERM: u32 = 0x10;

/// Names of the operation flags, for display.
pub const OP_FLAG_NAMES: &[(u32, &str)] = &[
    (GENL_CMD_CAP_DO, "do"),
    (GENL_CMD_CAP_DUMP, "dump"),
    (GENL_ADMIN_PERM, "admin-perm"),
    (GENL_UNS_ADMIN_PERM, "uns-admin-perm"),
    (GENL_CMD_CAP_HASPOL, "has-policy"),
];

/// Policy property attributes (`NL_POLICY_TYPE_ATTR_*`).
const NL_POLICY_TYPE_ATTR_TYPE: u16 = 1;
const NL_POLICY_TYPE_ATTR_MIN_LENGTH: u16 = 6;
const NL_POLICY_TYPE_ATTR_MAX_LENGTH: u16 = 7;

/// Names of `NL_ATTR_TYPE_*` values, by number (also used by the trace annotator).
pub(crate) const ATTR_TYPE_NAMES: &[&str] = &[
    "invalid",
    "flag",
    "u8",
    "u16",
    "u32",
    "u64",
    "s8",
    "s16",
    "s32",
    "s64",
    "binary",
    "string",
    "nul-string",
    "nested",
    "nested-array",
    "bitfield32",
    "sint",
    "uint",
];

/// One operation of a family, as the controller reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// The command number.
    pub id: u32,
    /// `GENL_*` flags.
    pub flags: u32,
}

impl Op {
    /// The flags by name, such as `["do", "has-policy"]`.
    pub fn flag_names(&self) -> Vec<&'static str> {
        OP_FLAG_NAMES
            .iter()
            .filter(|(bit, _)| self.flags & bit != 0)
            .map(|(_, name)| *name)
            .collect()
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
}

/// One attribute's policy: its type and length bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPolicy {
    /// The policy table index.
    pub policy: u32,
    /// The attribute type.
    pub attr: u32,
    /// The type name, such as `nul-string`.
    pub kind: String,
    /// The minimum length, if bounded.
    pub min_len: Option<u32>,
    /// The maximum length, if bounded.
    pub max_len: Option<u32>,
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

fn string(attr: &Attr<'_>) -> String {
    String::from_utf8_lossy(attr.string().unwrap_or(attr.value)).into_owned()
}

/// Parses a `CTRL_CMD_NEWFAMILY` reply's attributes.
pub fn parse_family(attrs: &[u8]) -> Result<FamilyInfo, crate::wire::WireError> {
    let mut info = FamilyInfo::default();
    for attr in Attrs::new(attrs) {
        let attr = attr?;
        match attr.ty {
            CTRL_ATTR_FAMILY_ID => info.id = attr.u16()?,
            CTRL_ATTR_FAMILY_NAME => info.name = string(&attr),
            CTRL_ATTR_VERSION => info.version = attr.u32()?,
            CTRL_ATTR_HDRSIZE => info.hdrsize = attr.u32()?,
            CTRL_ATTR_MAXATTR => info.maxattr = attr.u32()?,
            CTRL_ATTR_OPS => {
                for op in attr.nested_attrs() {
                    let mut parsed = Op { id: 0, flags: 0 };
                    for field in op?.nested_attrs() {
                        let field = field?;
                        match field.ty {
                            CTRL_ATTR_OP_ID => parsed.id = field.u32()?,
                            CTRL_ATTR_OP_FLAGS => parsed.flags = field.u32()?,
                            _ => {}
                        }
                    }
                    info.ops.push(parsed);
                }
            }
            CTRL_ATTR_MCAST_GROUPS => {
                for group in attr.nested_attrs() {
                    let (mut name, mut id) = (String::new(), 0);
                    for field in group?.nested_attrs() {
                        let field = field?;
                        match field.ty {
                            CTRL_ATTR_MCAST_GRP_NAME => name = string(&field),
                            CTRL_ATTR_MCAST_GRP_ID => id = field.u32()?,
                            _ => {}
                        }
                    }
                    info.groups.push((name, id));
                }
            }
            _ => {}
        }
    }
    Ok(info)
}

/// Writes a `CTRL_CMD_GETFAMILY` request for `name`.
pub fn getfamily_request(buf: &mut Vec<u8>, seq: u32, name: &str) {
    MessageBuilder::new(buf, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, seq)
        .genl(CTRL_CMD_GETFAMILY, 1)
        .attr_str(CTRL_ATTR_FAMILY_NAME, name.as_bytes())
        .finish();
}

/// Asks the controller about family `name`. `ENOENT` means it is not registered.
pub fn get_family(conn: &mut Conn, name: &str) -> Result<FamilyInfo, Error> {
    let mut info = None;
    let result = conn.transact(
        "resolve family",
        |buf, seq| getfamily_request(buf, seq, name),
        Until::Ack,
        &|_| None,
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
            MessageBuilder::new(buf, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP, seq)
                .genl(CTRL_CMD_GETPOLICY, 1)
                .attr_str(CTRL_ATTR_FAMILY_NAME, name.as_bytes())
                .finish();
        },
        Until::Done,
        &|_| None,
        |msg| {
            let (_, attrs) =
                GenlHeader::parse(msg.payload).map_err(|e| Error::wire("get policy", e))?;
            parse_policy_message(attrs, &mut policies).map_err(|e| Error::wire("get policy", e))
        },
    )?;
    Ok(policies)
}

/// Adds what one `CTRL_CMD_GETPOLICY` dump message says to `out`.
pub fn parse_policy_message(
    attrs: &[u8],
    out: &mut Policies,
) -> Result<(), crate::wire::WireError> {
    for attr in Attrs::new(attrs) {
        let attr = attr?;
        match attr.ty {
            CTRL_ATTR_POLICY => {
                for table in attr.nested_attrs() {
                    let table = table?;
                    for entry in table.nested_attrs() {
                        let entry = entry?;
                        let mut p = AttrPolicy {
                            policy: u32::from(table.ty),
                            attr: u32::from(entry.ty),
                            kind: String::new(),
                            min_len: None,
                            max_len: None,
                        };
                        for prop in entry.nested_attrs() {
                            let prop = prop?;
                            match prop.ty {
                                NL_POLICY_TYPE_ATTR_TYPE => {
                                    let t = prop.u32()? as usize;
                                    p.kind = ATTR_TYPE_NAMES
                                        .get(t)
                                        .map_or_else(|| format!("type-{t}"), |s| (*s).to_owned());
                                }
                                NL_POLICY_TYPE_ATTR_MIN_LENGTH => p.min_len = Some(prop.u32()?),
                                NL_POLICY_TYPE_ATTR_MAX_LENGTH => p.max_len = Some(prop.u32()?),
                                _ => {}
                            }
                        }
                        out.attrs.push(p);
                    }
                }
            }
            CTRL_ATTR_OP_POLICY => {
                for op in attr.nested_attrs() {
                    let op = op?;
                    let mut p = OpPolicy {
                        cmd: u32::from(op.ty),
                        do_policy: None,
                        dump_policy: None,
                    };
                    for field in op.nested_attrs() {
                        let field = field?;
                        match field.ty {
                            CTRL_ATTR_POLICY_DO => p.do_policy = Some(field.u32()?),
                            CTRL_ATTR_POLICY_DUMP => p.dump_policy = Some(field.u32()?),
                            _ => {}
                        }
                    }
                    out.ops.push(p);
                }
            }
            _ => {}
        }
    }
    Ok(())
}
