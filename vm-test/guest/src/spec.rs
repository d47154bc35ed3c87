//! The specs against the running kernel, as the kernel's
//! `tools/testing/selftests/net/nl_nlctrl.py` checks families: what the generated code
//! knows (from `genltest.yaml` and the kernel's `nlctrl.yaml`) is compared with what
//! nlctrl answers about the loaded families — their operations and flags
//! (`CTRL_CMD_GETFAMILY`: do, dump, admin-perm) and, per operation and mode, their
//! policies (`CTRL_CMD_GETPOLICY`: each attribute's type and bounds).
//!
//! Both tests read the generated tables, so a change of the spec (an operation gaining a
//! `do`, an attribute gaining a check) changes what they expect without editing them.

use std::collections::BTreeMap;

use genltest::conn::Conn;
use genltest::ctrl::{self, AttrPolicy, FamilyInfo, Policies};
use genltest::gen::{genltest as spec_genltest, nlctrl as spec_nlctrl};
use genltest::socket::Socket;
use genltest::wire::GENL_ID_CTRL;
use genltest::ynl::{self, AttrKind, AttrSetInfo, OpInfo};

use crate::util::*;
use crate::TestResult;

/// What nlctrl says about family `name`: its operations and its policies.
fn ask(name: &str) -> Result<(FamilyInfo, Policies), String> {
    let sock = Socket::open(libc::NETLINK_GENERIC).map_err(|e| e.to_string())?;
    sock.enable_ext_ack().map_err(|e| e.to_string())?;
    let mut conn = Conn::new(sock);
    let family = ctrl::get_family(&mut conn, name).map_err(|e| e.to_string())?;
    let policies = ctrl::get_policies(&mut conn, name).map_err(|e| e.to_string())?;
    Ok((family, policies))
}

/// The policy types (`NL_ATTR_TYPE_*` names) the kernel may report for an attribute of
/// type `kind`. A spec `string` is `NLA_NUL_STRING` in the policies ynl_gen_c.py writes,
/// and `NLA_STRING` in older hand-written ones.
fn policy_types(kind: AttrKind) -> &'static [&'static str] {
    match kind {
        AttrKind::String => &["nul-string", "string"],
        AttrKind::Binary => &["binary"],
        AttrKind::Flag => &["flag"],
        AttrKind::U8 => &["u8"],
        AttrKind::U16 => &["u16"],
        AttrKind::U32 => &["u32"],
        AttrKind::U64 => &["u64"],
        AttrKind::S8 => &["s8"],
        AttrKind::S16 => &["s16"],
        AttrKind::S32 => &["s32"],
        AttrKind::S64 => &["s64"],
        AttrKind::Uint => &["uint"],
        AttrKind::Sint => &["sint"],
        AttrKind::Bitfield32 => &["bitfield32"],
        AttrKind::Nest | AttrKind::NestTypeValue => &["nested"],
        AttrKind::IndexedArray => &["nested-array"],
        AttrKind::Unused | AttrKind::Pad => &[],
    }
}

/// The range the kernel reports for an integer of type `kind` (it reports one for every
/// integer, the type's own when the policy sets none), or `None` for other types.
fn type_range(kind: AttrKind) -> Option<(i128, i128)> {
    Some(match kind {
        AttrKind::U8 => (0, u8::MAX.into()),
        AttrKind::U16 => (0, u16::MAX.into()),
        AttrKind::U32 => (0, u32::MAX.into()),
        AttrKind::U64 | AttrKind::Uint => (0, u64::MAX.into()),
        AttrKind::S8 => (i8::MIN.into(), i8::MAX.into()),
        AttrKind::S16 => (i16::MIN.into(), i16::MAX.into()),
        AttrKind::S32 => (i32::MIN.into(), i32::MAX.into()),
        AttrKind::S64 | AttrKind::Sint => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    })
}

/// The range the kernel reports for a policy entry, if it reports one.
fn reported_range(p: &AttrPolicy) -> Option<(i128, i128)> {
    match (p.min_value_u, p.max_value_u, p.min_value_s, p.max_value_s) {
        (Some(lo), Some(hi), _, _) => Some((lo.into(), hi.into())),
        (_, _, Some(lo), Some(hi)) => Some((lo.into(), hi.into())),
        _ => None,
    }
}

/// Checks one policy entry against attribute `attr` of the spec: its type, and the
/// bounds the spec states. With `exact`, bounds the spec does not state must be absent
/// (or, for integers, the type's own range).
fn check_attr(what: &str, attr: &ynl::AttrInfo, p: &AttrPolicy, exact: bool) -> Result<(), String> {
    check(
        policy_types(attr.kind).contains(&p.kind.as_str()),
        &format!(
            "{what}: the kernel's type {} for a spec {}",
            p.kind,
            attr.kind.name()
        ),
    )?;
    let c = &attr.checks;
    if let Some((lo, hi)) = type_range(attr.kind) {
        let (spec_lo, spec_hi) = (c.min.unwrap_or(lo), c.max.unwrap_or(hi));
        if exact || c.min.is_some() || c.max.is_some() {
            check_eq(
                reported_range(p),
                Some((spec_lo, spec_hi)),
                &format!("{what}: the range"),
            )?;
        }
        return Ok(());
    }
    let (min_len, max_len) = match c.exact_len {
        Some(n) => (Some(n), Some(n)),
        None => (c.min_len, c.max_len),
    };
    if exact || max_len.is_some() {
        check_eq(p.max_len, max_len, &format!("{what}: the maximum length"))?;
    }
    if exact || min_len.is_some() {
        check_eq(p.min_len, min_len, &format!("{what}: the minimum length"))?;
    }
    Ok(())
}

/// The kernel's policy table `index` of `policies`, by attribute number.
fn table(policies: &Policies, index: u32) -> BTreeMap<u16, &AttrPolicy> {
    policies.table(index).map(|a| (a.attr as u16, a)).collect()
}

/// Checks what nlctrl reports about a loaded family against its spec, `family`.
///
/// - The operations: the same command numbers; each can do and dump exactly when its
///   spec has a `do` and a `dump`; `admin-perm` as the spec says.
/// - Per operation and mode: a mode the operation lacks has no policy; one whose spec
///   request lists attributes has a policy holding each of them with its type and the
///   checks the spec states.
/// - With `exact` (a family whose kernel code is generated from the spec): a policy holds
///   nothing else, and bounds the spec does not state are absent. Without it (nlctrl, whose
///   spec describes hand-written C), the kernel may accept more attributes of the
///   operation's set, and check bounds the spec does not mention.
fn check_family(
    spec: &ynl::FamilyInfo,
    kernel: &FamilyInfo,
    policies: &Policies,
    exact: bool,
) -> TestResult {
    check_eq(kernel.name.as_str(), spec.name, "the family's name")?;
    let mut spec_cmds: Vec<u32> = spec.ops.iter().map(|o| u32::from(o.cmd)).collect();
    let mut kernel_cmds: Vec<u32> = kernel.ops.iter().map(|o| o.id).collect();
    spec_cmds.sort_unstable();
    kernel_cmds.sort_unstable();
    check_eq(&kernel_cmds, &spec_cmds, "the operations' command numbers")?;
    for op in spec.ops {
        check_op(spec.name, op, kernel, policies, exact)?;
    }
    Ok(())
}

fn check_op(
    family: &str,
    op: &OpInfo,
    kernel: &FamilyInfo,
    policies: &Policies,
    exact: bool,
) -> TestResult {
    let name = format!("{family} {} ({})", op.name, op.cmd);
    let k = kernel
        .op(u32::from(op.cmd))
        .ok_or_else(|| format!("{name}: not among the kernel's operations"))?;
    check_eq(k.can_do(), op.doit.is_some(), &format!("{name}: do"))?;
    check_eq(k.can_dump(), op.dumpit.is_some(), &format!("{name}: dump"))?;
    let admin = k.flags & spec_nlctrl::op_flags::ADMIN_PERM != 0;
    check_eq(admin, op.admin_perm, &format!("{name}: admin-perm"))?;
    let uns_admin = k.flags & spec_nlctrl::op_flags::UNS_ADMIN_PERM != 0;
    check_eq(
        uns_admin,
        op.uns_admin_perm,
        &format!("{name}: uns-admin-perm"),
    )?;
    let op_policy = policies.op(u32::from(op.cmd));
    let modes = [
        ("do", &op.doit, op_policy.and_then(|p| p.do_policy)),
        ("dump", &op.dumpit, op_policy.and_then(|p| p.dump_policy)),
    ];
    for (mode, spec_mode, index) in modes {
        let what = format!("{name} {mode}");
        let Some(spec_mode) = spec_mode else {
            check_eq(
                index,
                None,
                &format!("{what}: no policy for a mode it lacks"),
            )?;
            continue;
        };
        let attrs = index.map(|i| table(policies, i)).unwrap_or_default();
        if !spec_mode.request.is_empty() {
            check(index.is_some(), &format!("{what}: a policy"))?;
        }
        for &ty in spec_mode.request {
            let attr = op
                .attrs
                .attr(ty)
                .ok_or_else(|| format!("{what}: attribute {ty} not in the spec's set"))?;
            let p = attrs
                .get(&ty)
                .ok_or_else(|| format!("{what}: the kernel's policy lacks {}", attr.name))?;
            check_attr(&format!("{what} {}", attr.name), attr, p, exact)?;
        }
        for (ty, p) in &attrs {
            if spec_mode.request.contains(ty) {
                continue;
            }
            let known = op.attrs.attr(*ty);
            check(
                !exact && known.is_some(),
                &format!(
                    "{what}: the kernel's policy has attribute {ty} ({}), which the spec's \
                     request does not list",
                    known.map_or("not in the spec", |a| a.name)
                ),
            )?;
            if let Some(attr) = known {
                check_attr(&format!("{what} {}", attr.name), attr, p, false)?;
            }
        }
    }
    Ok(())
}

/// The attribute set `name` of a spec.
fn set<'a>(spec: &'a ynl::FamilyInfo, name: &str) -> Option<&'a AttrSetInfo> {
    spec.attr_sets.iter().copied().find(|s| s.name == name)
}

/// genltest's spec and the loaded module agree: the operations with their do, dump and
/// admin flags, and every policy, exactly (the module's policies follow the spec).
pub fn genltest_spec_matches_what_the_kernel_reports() -> TestResult {
    let (kernel, policies) = ask(spec_genltest::FAMILY_NAME)?;
    let spec = &spec_genltest::FAMILY;
    check_eq(
        kernel.version,
        u32::from(spec.version),
        "the family's version",
    )?;
    let groups: Vec<&str> = kernel.groups.iter().map(|(n, _)| n.as_str()).collect();
    check_eq(&groups[..], spec.mcast_groups, "the multicast groups")?;
    check(set(spec, "genltest").is_some(), "the spec's set")?;
    check_family(spec, &kernel, &policies, true)
}

/// nlctrl's spec (the kernel's own `nlctrl.yaml`, as generated into the CLI) and the
/// running kernel's controller agree: its id, its operations with their do and dump
/// flags, and the policies of what its spec's requests carry.
pub fn nlctrl_spec_matches_what_the_kernel_reports() -> TestResult {
    let (kernel, policies) = ask(spec_nlctrl::FAMILY_NAME)?;
    check_eq(kernel.id, GENL_ID_CTRL, "nlctrl's fixed id")?;
    check_family(&spec_nlctrl::FAMILY, &kernel, &policies, false)?;
    // As nl_nlctrl.py: getfamily does and dumps, getpolicy only dumps, both have a policy.
    for op in &kernel.ops {
        check(
            op.flags & spec_nlctrl::op_flags::CMD_CAP_HASPOL != 0,
            &format!("nlctrl op {}: cmd-cap-haspol", op.id),
        )?;
    }
    // Every policy attribute type the kernel reports has a name in the spec.
    for p in &policies.attrs {
        check(
            !p.kind.starts_with("type-"),
            &format!("a policy type the spec does not name: {}", p.kind),
        )?;
    }
    Ok(())
}

/// The comparison fails where spec and kernel differ: a changed copy of genltest's spec
/// (a tighter `max-len`, a dump added to `echo`, `admin-perm` dropped from `reset`) does
/// not match the loaded module.
pub fn spec_comparison_notices_a_difference() -> TestResult {
    let (kernel, policies) = ask(spec_genltest::FAMILY_NAME)?;
    let spec = &spec_genltest::FAMILY;
    check_family(spec, &kernel, &policies, true)?;

    let leak = |v: Vec<ynl::OpInfo>| -> &'static [ynl::OpInfo] { Vec::leak(v) };
    let copy_op = |o: &OpInfo| OpInfo {
        name: o.name,
        cmd: o.cmd,
        reply_cmd: o.reply_cmd,
        attrs: o.attrs,
        admin_perm: o.admin_perm,
        uns_admin_perm: o.uns_admin_perm,
        dont_validate: o.dont_validate,
        doit: o.doit.as_ref().map(|m| ynl::ModeInfo {
            request: m.request,
            reply: m.reply,
        }),
        dumpit: o.dumpit.as_ref().map(|m| ynl::ModeInfo {
            request: m.request,
            reply: m.reply,
        }),
    };
    let variant = |change: &dyn Fn(&mut OpInfo)| -> ynl::FamilyInfo {
        let ops = spec
            .ops
            .iter()
            .map(|o| {
                let mut o = copy_op(o);
                change(&mut o);
                o
            })
            .collect();
        ynl::FamilyInfo {
            name: spec.name,
            version: spec.version,
            ops: leak(ops),
            ntfs: spec.ntfs,
            mcast_groups: spec.mcast_groups,
            attr_sets: spec.attr_sets,
        }
    };
    // A max-len of 1023 for msg.
    let tighter: &'static AttrSetInfo = Box::leak(Box::new(AttrSetInfo {
        name: spec.ops[0].attrs.name,
        attrs: Vec::leak(
            spec.ops[0]
                .attrs
                .attrs
                .iter()
                .map(|a| {
                    let mut b = ynl::AttrInfo::new(a.value, a.name, a.kind);
                    b.checks = a.checks;
                    if a.name == "msg" {
                        b.checks.max_len = Some(1023);
                    }
                    b
                })
                .collect(),
        ),
    }));
    let changes: [(&str, Box<dyn Fn(&mut OpInfo)>); 3] = [
        (
            "msg max-len 1023",
            Box::new(move |o: &mut OpInfo| o.attrs = tighter),
        ),
        (
            "echo with a dump",
            Box::new(|o: &mut OpInfo| {
                if o.name == "echo" {
                    o.dumpit = Some(ynl::ModeInfo {
                        request: &[],
                        reply: &[],
                    });
                }
            }),
        ),
        (
            "reset without admin-perm",
            Box::new(|o: &mut OpInfo| {
                if o.name == "reset" {
                    o.admin_perm = false;
                }
            }),
        ),
    ];
    for (what, change) in changes {
        let changed = variant(&*change);
        match check_family(&changed, &kernel, &policies, true) {
            Err(_) => {}
            Ok(()) => return Err(format!("a spec with {what} was taken for the kernel's")),
        }
    }
    Ok(())
}
