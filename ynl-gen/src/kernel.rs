//! The kernel-side backend: constants, enums, policies by attribute, the split-op table,
//! multicast groups and the trait of the hand-written handlers.
//!
//! The code is written against a small API that the module's Generic Netlink
//! abstraction provides (`--kernel-api`, by default `crate::netlink::ynl`); everything
//! this backend needs from it is listed in [`API`], and the README describes each item.
//! Retargeting the backend to another API means changing this file only.

use std::collections::BTreeSet;

use crate::names::{camel, ntf_variant, snake, upper};
use crate::spec::{
    policy, unsupported, Attr, AttrSet, DefKind, Family, Limit, LimitSource, NlaType, Op, Policy,
    SpecError,
};
use crate::user::attr_enum;
use crate::writer::{or_default, string_literal, Expr, Writer};

/// The default module path of the kernel API.
pub const DEFAULT_API: &str = "crate::netlink::ynl";

/// The items the generated code imports from the kernel API (besides the constants
/// that specs take from C headers, such as `MAX_ERRNO`, which it must define by their
/// C names).
pub const API: &[&str] = &[
    "AttrPolicy",
    "DoInfo",
    "DumpInfo",
    "GENL_ADMIN_PERM",
    "GENL_CMD_CAP_DO",
    "GENL_CMD_CAP_DUMP",
    "GENL_DONT_VALIDATE_DUMP",
    "GENL_DONT_VALIDATE_DUMP_STRICT",
    "GENL_DONT_VALIDATE_STRICT",
    "GENL_UNS_ADMIN_PERM",
    "Handler",
    "MulticastGroup",
    "NlaType",
    "RangeSigned",
    "RangeUnsigned",
    "Result",
    "SplitOp",
];

/// Options of the kernel backend.
#[derive(Debug, Clone)]
pub struct Options {
    /// The module path of the kernel API.
    pub api: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            api: DEFAULT_API.into(),
        }
    }
}

/// One policy table to write.
struct Table<'f> {
    /// The static's name.
    name: String,
    /// The comment above it.
    title: String,
    /// The set whose enum indexes it.
    set: &'f AttrSet,
    /// The attributes with an entry, in order.
    attrs: Vec<&'f Attr>,
    /// The kernel config option it depends on.
    cfg: Option<String>,
}

/// The kernel-side Rust of `family`.
pub fn generate(family: &Family, spec_file: &str, opts: &Options) -> Result<String, SpecError> {
    if family.kernel_policy != "split" {
        return Err(unsupported(
            "$.kernel-policy",
            Default::default(),
            format!(
                "kernel-policy {} (ynl-gen writes split operations)",
                family.kernel_policy
            ),
        ));
    }
    let tables = tables(family)?;
    let mut body = Writer::default();
    let mut used = BTreeSet::new();
    definitions(family, &mut body);
    commands(family, &mut body);
    attr_enums(family, &mut body);
    groups(family, &mut body, &mut used);
    ranges(family, &tables, &mut body, &mut used)?;
    for t in &tables {
        policy_table(family, t, &mut body, &mut used)?;
    }
    handlers(family, &mut body, &mut used)?;
    op_table(family, &tables, &mut body, &mut used)?;

    let mut w = Writer::default();
    w.line(format!(
        "// generated from {spec_file} by ynl-gen, do not edit; run `make regen`"
    ));
    w.line(format!("// SPDX-License-Identifier: {}", family.license));
    w.blank();
    w.inner_doc(&format!(
        "The Generic Netlink family `{}`, kernel side: its constants, attribute policies, \
         split operations and multicast groups, and the trait its hand-written handlers \
         implement (what `ynl_gen_c.py` writes into a family's `-genl-gen.c` and `.h`).",
        family.name
    ));
    w.line("//!");
    w.inner_doc(&family.doc);
    w.blank();
    w.line("#![allow(dead_code, reason = \"the tables name every value of the spec\")]");
    w.blank();
    // rustfmt's order: types, then constants.
    let mut imports: Vec<&String> = used.iter().collect();
    imports.sort_by_key(|n| {
        (
            n.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()),
            n.as_str(),
        )
    });
    if imports.len() == 1 {
        w.line(format!("use {}::{};", opts.api, imports[0]));
    } else if !imports.is_empty() {
        w.open(format!("use {}::{{", opts.api));
        for (i, name) in imports.iter().enumerate() {
            if i + 1 == imports.len() {
                w.line(format!("{name}, //"));
            } else {
                w.line(format!("{name},"));
            }
        }
        w.close("};");
    }
    let mut out = w.finish();
    out.push_str(&body.finish());
    Ok(out)
}

/// The policies to write: nested sets reachable from requests (sorted by name, as the C
/// generator sorts them), then one per do and dump request.
fn tables(f: &Family) -> Result<Vec<Table<'_>>, SpecError> {
    let mut nested = BTreeSet::new();
    for op in f.ops.iter().filter(|o| o.is_call()) {
        let set = op.set.as_deref().unwrap_or_default();
        for (_, m) in op.modes() {
            if let Some(req) = &m.request {
                nested.extend(f.nested_sets_of(set, req));
            }
        }
    }
    let mut out = Vec::new();
    for name in &nested {
        let set = f.set(name).expect("resolved");
        out.push(Table {
            name: format!("{}_POLICY", upper(name)),
            title: format!("Attributes inside a `{name}` nest."),
            set,
            attrs: set.attrs.iter().collect(),
            cfg: None,
        });
    }
    for op in f.ops.iter().filter(|o| o.is_call()) {
        let set = f
            .set(op.set.as_deref().unwrap_or_default())
            .expect("resolved");
        for (mode, m) in op.modes() {
            let Some(req) = &m.request else {
                continue;
            };
            let name = if op.dual_policy() {
                format!("{}_{}_POLICY", upper(&op.name), upper(mode))
            } else {
                format!("{}_POLICY", upper(&op.name))
            };
            out.push(Table {
                name,
                title: format!(
                    "`{}` ({mode}): the attributes a request may carry.",
                    upper(&op.name)
                ),
                set,
                attrs: req.iter().filter_map(|n| set.attr(n)).collect(),
                cfg: op.config_cond.clone(),
            });
        }
    }
    let mut names = BTreeSet::new();
    for t in &out {
        if !names.insert(t.name.clone()) {
            return Err(unsupported(
                &t.set.path,
                t.set.pos,
                format!("two policies would be named {}", t.name),
            ));
        }
    }
    Ok(out)
}

fn cfg_line(w: &mut Writer, cfg: &Option<String>) {
    if let Some(c) = cfg {
        w.line(format!("#[cfg(CONFIG_{})]", upper(c)));
    }
}

fn definitions(f: &Family, w: &mut Writer) {
    for d in f.definitions.iter().filter(|d| d.scope != "user") {
        match &d.kind {
            DefKind::Const(v) if d.header.is_none() => {
                w.blank();
                w.doc(&or_default(&d.doc, || format!("`{}`.", d.name)));
                w.line(format!("pub(crate) const {}: i64 = {v};", upper(&d.name)));
            }
            DefKind::Enum(entries) if d.header.is_none() => {
                w.blank();
                w.doc(&or_default(&d.doc, || format!("Values of `{}`.", d.name)));
                w.line("#[derive(Clone, Copy, PartialEq, Eq, Debug)]");
                w.line("#[repr(u32)]");
                w.open(format!("pub(crate) enum {} {{", camel(&d.name)));
                for e in entries {
                    w.doc(&or_default(&e.doc, || format!("`{}`.", e.name)));
                    w.line(format!("{} = {},", camel(&e.name), e.value));
                }
                w.close("}");
            }
            DefKind::Flags(entries) if d.header.is_none() => {
                let ty = if entries.iter().any(|e| e.value >= 32) {
                    "u64"
                } else {
                    "u32"
                };
                w.blank();
                w.doc(&or_default(&d.doc, || format!("Bits of `{}`.", d.name)));
                w.open(format!("pub(crate) mod {} {{", snake(&d.name)));
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        w.blank();
                    }
                    w.doc(&or_default(&e.doc, || format!("`{}`.", e.name)));
                    w.line(format!(
                        "pub(crate) const {}: {ty} = 1 << {};",
                        upper(&e.name),
                        e.value
                    ));
                }
                w.close("}");
            }
            _ => {}
        }
    }
}

fn simple_enum(w: &mut Writer, name: &str, repr: &str, variants: &[(String, String, String, i64)]) {
    w.line("#[derive(Clone, Copy, PartialEq, Eq, Debug)]");
    w.line(format!("#[repr({repr})]"));
    w.open(format!("pub(crate) enum {name} {{"));
    for (v, spec_name, doc, value) in variants {
        w.doc(&or_default(doc, || format!("`{spec_name}`.")));
        w.line(format!("{v} = {value},"));
    }
    w.close("}");
}

fn commands(f: &Family, w: &mut Writer) {
    w.blank();
    w.line("/// The family's name (`genl_family.name`).");
    w.line(format!(
        "pub(crate) const FAMILY_NAME: &core::ffi::CStr = c{};",
        string_literal(&f.name)
    ));
    w.line("/// The family's version (`genl_family.version`).");
    w.line(format!(
        "pub(crate) const FAMILY_VERSION: u32 = {};",
        f.version
    ));
    let calls: Vec<&Op> = f.ops.iter().filter(|o| o.is_call()).collect();
    let variants: Vec<(String, String, String, i64)> = calls
        .iter()
        .map(|o| {
            (
                camel(&o.name),
                o.name.clone(),
                o.doc.clone(),
                i64::from(o.value),
            )
        })
        .collect();
    w.blank();
    w.line("/// A request command (`genlmsghdr.cmd`), one per operation with a do or a dump.");
    simple_enum(w, "Cmd", "u8", &variants);
    if f.directional {
        w.blank();
        w.open("impl Cmd {");
        w.line("/// The command of this request's replies (requests and replies are numbered");
        w.line("/// separately in this family).");
        w.open("pub(crate) const fn reply(self) -> u8 {");
        w.open("match self {");
        for o in &calls {
            w.line(format!("Cmd::{} => {},", camel(&o.name), o.reply_value));
        }
        w.close("}");
        w.close("}");
        w.close("}");
    }
    let ntfs: Vec<&Op> = f.ops.iter().filter(|o| o.is_ntf()).collect();
    if !ntfs.is_empty() {
        let variants: Vec<(String, String, String, i64)> = ntfs
            .iter()
            .map(|o| {
                (
                    ntf_variant(&o.name),
                    o.name.clone(),
                    o.doc.clone(),
                    i64::from(o.value),
                )
            })
            .collect();
        w.blank();
        w.line("/// A notification (`genlmsghdr.cmd` of messages sent to a multicast group).");
        simple_enum(w, "Ntf", "u8", &variants);
        if ntfs.iter().any(|n| n.mcgrp.is_some()) {
            w.blank();
            w.open("impl Ntf {");
            w.line("/// The group the spec sends this notification to.");
            w.open("pub(crate) const fn group(self) -> Option<McastGroup> {");
            w.open("match self {");
            for n in &ntfs {
                let g = n.mcgrp.as_deref().map_or("None".to_owned(), |g| {
                    format!("Some(McastGroup::{})", camel(g))
                });
                w.line(format!("Ntf::{} => {g},", ntf_variant(&n.name)));
            }
            w.close("}");
            w.close("}");
            w.close("}");
        }
    }
}

fn attr_enums(f: &Family, w: &mut Writer) {
    for set in f.sets.iter().filter(|s| s.subset_of.is_none()) {
        let variants: Vec<(String, String, String, i64)> = set
            .attrs
            .iter()
            .map(|a| {
                (
                    camel(&a.name),
                    a.name.clone(),
                    a.doc.clone(),
                    i64::from(a.value),
                )
            })
            .collect();
        let name = attr_enum(&set.name);
        w.blank();
        w.doc(&or_default(&set.doc, || {
            format!("Attributes of set `{}`.", set.name)
        }));
        if !set.doc.trim().is_empty() {
            w.line("///");
            w.line(format!("/// Attribute set `{}`.", set.name));
        }
        if variants.is_empty() {
            w.line("#[derive(Clone, Copy, PartialEq, Eq, Debug)]");
            w.line(format!("pub(crate) enum {name} {{}}"));
        } else {
            simple_enum(w, &name, "u16", &variants);
        }
        let max = set.attrs.iter().map(|a| a.value).max().unwrap_or(0);
        w.blank();
        w.open(format!("impl {name} {{"));
        w.line("/// The highest attribute number of the set.");
        w.line(format!("pub(crate) const MAX: u16 = {max};"));
        w.close("}");
    }
}

fn groups(f: &Family, w: &mut Writer, used: &mut BTreeSet<String>) {
    if f.mcgrps.is_empty() {
        return;
    }
    let variants: Vec<(String, String, String, i64)> = f
        .mcgrps
        .iter()
        .enumerate()
        .map(|(i, g)| (camel(&g.name), g.name.clone(), String::new(), i as i64))
        .collect();
    w.blank();
    w.line("/// A multicast group, by its index in [`MCGRPS`].");
    simple_enum(w, "McastGroup", "u32", &variants);
    used.insert("MulticastGroup".into());
    w.blank();
    w.line("/// The multicast groups, indexed by [`McastGroup`] (`genl_family.mcgrps`).");
    let items: Vec<Expr> = f
        .mcgrps
        .iter()
        .map(|g| {
            Expr::atom(format!(
                "MulticastGroup::const_new(c{})",
                string_literal(&g.name)
            ))
        })
        .collect();
    let decl = format!(
        "pub(crate) static MCGRPS: [MulticastGroup; {}] = ",
        items.len()
    );
    w.expr(&decl, &Expr::Array(items), ";");
}

/// The name of the range static of an attribute.
fn range_name(set: &AttrSet, a: &Attr) -> String {
    format!("{}_{}_RANGE", upper(set.enum_set()), upper(&a.name))
}

/// Statics for `NLA_POLICY_FULL_RANGE`: one per attribute that needs one.
fn ranges(
    f: &Family,
    tables: &[Table<'_>],
    w: &mut Writer,
    used: &mut BTreeSet<String>,
) -> Result<(), SpecError> {
    let mut done = BTreeSet::new();
    for t in tables {
        for a in &t.attrs {
            let Policy::FullRange(_, min, max) = policy(f, a)? else {
                continue;
            };
            let name = range_name(t.set, a);
            if !done.insert(name.clone()) {
                continue;
            }
            let signed = a.ty.is_signed();
            let (ty, int) = if signed {
                ("RangeSigned", "i64")
            } else {
                ("RangeUnsigned", "u64")
            };
            used.insert(ty.into());
            let mut render = |l: &Option<Limit>| -> String {
                l.as_ref().map_or("0".into(), |l| limit(l, int, used))
            };
            let (lo, hi) = (render(&min), render(&max));
            w.blank();
            w.line(format!(
                "/// The range of `{}.{}` (`struct netlink_range_validation{}`).",
                t.set.name,
                a.name,
                if signed { "_signed" } else { "" }
            ));
            let one = format!("pub(crate) static {name}: {ty} = {ty}::new({lo}, {hi});");
            if one.len() <= w.room() {
                w.line(one);
            } else {
                w.line(format!("pub(crate) static {name}: {ty} ="));
                w.indent();
                w.line(format!("{ty}::new({lo}, {hi});"));
                w.dedent();
            }
        }
    }
    Ok(())
}

/// A limit as a Rust expression of type `int`.
fn limit(l: &Limit, int: &str, used: &mut BTreeSet<String>) -> String {
    match &l.source {
        LimitSource::Literal => l.value.to_string(),
        LimitSource::TypeLimit(name) => {
            let (ty, end) = name.split_once('-').unwrap_or_default();
            let rust = ty.replacen('s', "i", 1);
            let bound = format!("{rust}::{}", end.to_ascii_uppercase());
            if rust == int {
                bound
            } else {
                format!("{bound} as {int}")
            }
        }
        LimitSource::Const {
            name,
            minus_one,
            header,
        } => {
            let c = upper(name);
            if *header {
                used.insert(c.clone());
            }
            let minus = if *minus_one { " - 1" } else { "" };
            format!("{c} as {int}{minus}")
        }
    }
}

fn nla(t: NlaType, used: &mut BTreeSet<String>) -> String {
    used.insert("NlaType".into());
    format!("NlaType::{}", t.rust_name())
}

/// The constructor of one policy entry.
fn entry(f: &Family, t: &Table<'_>, a: &Attr, p: &Policy, used: &mut BTreeSet<String>) -> String {
    let _ = f;
    match p {
        Policy::None => String::new(),
        Policy::Type(ty) => format!("AttrPolicy::new({})", nla(*ty, used)),
        Policy::String(ty, max) => format!(
            "AttrPolicy::string({}, {})",
            nla(*ty, used),
            limit(max, "u16", used)
        ),
        Policy::ExactLen(l) => format!("AttrPolicy::exact_len({})", limit(l, "u16", used)),
        Policy::MinLen(l) => format!("AttrPolicy::min_len({})", limit(l, "u16", used)),
        Policy::MaxLen(l) => format!("AttrPolicy::max_len({})", limit(l, "u16", used)),
        Policy::Mask(ty, m) => format!("AttrPolicy::mask({}, {m:#x})", nla(*ty, used)),
        Policy::FullRange(ty, _, _) => {
            let func = if a.ty.is_signed() {
                "full_range_signed"
            } else {
                "full_range"
            };
            format!(
                "AttrPolicy::{func}({}, &{})",
                nla(*ty, used),
                range_name(t.set, a)
            )
        }
        Policy::Range(ty, lo, hi) => format!(
            "AttrPolicy::range({}, {}, {})",
            nla(*ty, used),
            limit(lo, "i64", used),
            limit(hi, "i64", used)
        ),
        Policy::Min(ty, lo) => format!(
            "AttrPolicy::min({}, {})",
            nla(*ty, used),
            limit(lo, "i64", used)
        ),
        Policy::Max(ty, hi) => format!(
            "AttrPolicy::max({}, {})",
            nla(*ty, used),
            limit(hi, "i64", used)
        ),
        Policy::Nested(set) => format!("AttrPolicy::nested(&{}_POLICY)", upper(set)),
        Policy::NestedArray(set) => format!("AttrPolicy::nested_array(&{}_POLICY)", upper(set)),
        Policy::Bitfield32(mask) => format!("AttrPolicy::bitfield32({mask:#x})"),
    }
}

/// One policy: an array indexed by attribute, with an entry per attribute of the request.
fn policy_table(
    f: &Family,
    t: &Table<'_>,
    w: &mut Writer,
    used: &mut BTreeSet<String>,
) -> Result<(), SpecError> {
    used.insert("AttrPolicy".into());
    let enum_name = attr_enum(t.set.enum_set());
    let max = t
        .attrs
        .iter()
        .max_by_key(|a| a.value)
        .expect("a policy lists attributes");
    let len = format!("{enum_name}::{} as usize + 1", camel(&max.name));
    w.blank();
    w.doc(&t.title);
    cfg_line(w, &t.cfg);
    let decl = format!("pub(crate) static {}: [AttrPolicy; {len}] = {{", t.name);
    if decl.len() <= w.room() {
        w.open(decl);
    } else {
        // Where rustfmt breaks a declaration too long for one line.
        w.line(format!("pub(crate) static {}: [AttrPolicy;", t.name));
        w.indent();
        w.line(format!("{len}] = {{"));
    }
    w.line(format!("let mut p = [AttrPolicy::UNSPEC; {len}];"));
    for a in &t.attrs {
        let p = policy(f, a)?;
        if p == Policy::None {
            continue;
        }
        let lhs = format!("p[{enum_name}::{} as usize]", camel(&a.name));
        let rhs = entry(f, t, a, &p, used);
        let one = format!("{lhs} = {rhs};");
        if one.len() <= w.room() {
            w.line(one);
        } else {
            w.line(format!("{lhs} ="));
            w.indent();
            w.line(format!("{rhs};"));
            w.dedent();
        }
    }
    w.line("p");
    w.close("};");
    Ok(())
}

/// The trait with one method per do and dump.
fn handlers(f: &Family, w: &mut Writer, used: &mut BTreeSet<String>) -> Result<(), SpecError> {
    let name = format!("{}Ops", camel(&f.name));
    w.blank();
    w.line(format!(
        "/// The handlers of `{}`: one method per do and per dump of the spec (the",
        f.name
    ));
    w.line("/// `*_doit` and `*_dumpit` functions the C generator declares). The module");
    w.line("/// implements this trait on its family state; a command without its handler does not");
    w.line("/// compile, and the error names the missing method.");
    w.open(format!("pub(crate) trait {name}: Sized {{"));
    let mut first = true;
    for op in f.ops.iter().filter(|o| o.is_call()) {
        for (mode, m) in op.modes() {
            if let Some(hook) = m.pre.as_ref().or(m.post.as_ref()) {
                return Err(unsupported(
                    &op.path,
                    op.pos,
                    format!("the {mode} hook \"{hook}\" (pre/post handlers)"),
                ));
            }
            if !first {
                w.blank();
            }
            first = false;
            let (arg, ty) = if mode == "do" {
                ("info", "DoInfo")
            } else {
                ("dump", "DumpInfo")
            };
            used.insert(ty.into());
            used.insert("Result".into());
            w.doc(&format!(
                "`{}` ({mode}): {}",
                upper(&op.name),
                or_default(&op.doc, String::new)
            ));
            cfg_line(w, &op.config_cond);
            w.line(format!(
                "fn {}_{mode}it(&self, {arg}: &mut {ty}<'_>) -> Result;",
                snake(&op.name)
            ));
        }
    }
    w.close("}");
    Ok(())
}

/// `N_OPS` and `ops()`: the split operations.
fn op_table(
    f: &Family,
    tables: &[Table<'_>],
    w: &mut Writer,
    used: &mut BTreeSet<String>,
) -> Result<(), SpecError> {
    let trait_name = format!("{}Ops", camel(&f.name));
    let mut always = 0;
    let mut conditional: Vec<(String, usize)> = Vec::new();
    for op in f.ops.iter().filter(|o| o.is_call()) {
        let n = op.modes().len();
        match &op.config_cond {
            None => always += n,
            Some(c) => match conditional.iter_mut().find(|(x, _)| x == c) {
                Some((_, k)) => *k += n,
                None => conditional.push((c.clone(), n)),
            },
        }
    }
    w.blank();
    w.line("/// How many entries [`ops`] has: one per do and one per dump.");
    if conditional.is_empty() {
        w.line(format!("pub(crate) const N_OPS: usize = {always};"));
    } else {
        w.open("pub(crate) const N_OPS: usize = {");
        w.line(format!("let mut n = {always};"));
        for (c, k) in &conditional {
            w.open(format!("if cfg!(CONFIG_{}) {{", upper(c)));
            w.line(format!("n += {k};"));
            w.close("}");
        }
        w.line("n");
        w.close("};");
    }
    used.insert("SplitOp".into());
    used.insert("Handler".into());
    w.blank();
    w.line("/// The split operations (`struct genl_split_ops`): for each do and each dump, its");
    w.line("/// command, its handler, the policy of its requests and its flags.");
    w.open(format!(
        "pub(crate) const fn ops<T: {trait_name}>() -> [SplitOp<T>; N_OPS] {{"
    ));
    w.open("[");
    for op in f.ops.iter().filter(|o| o.is_call()) {
        for (mode, m) in op.modes() {
            cfg_line(w, &op.config_cond);
            w.open("SplitOp {");
            w.line(format!("cmd: Cmd::{} as u8,", camel(&op.name)));
            let variant = if mode == "do" { "Do" } else { "Dump" };
            w.line(format!(
                "handler: Handler::{variant}(T::{}_{mode}it),",
                snake(&op.name)
            ));
            if m.request.is_some() {
                let name = if op.dual_policy() {
                    format!("{}_{}_POLICY", upper(&op.name), upper(mode))
                } else {
                    format!("{}_POLICY", upper(&op.name))
                };
                debug_assert!(tables.iter().any(|t| t.name == name));
                w.line(format!("policy: Some(&{name}),"));
            } else {
                w.line("policy: None,");
            }
            let mut flags: Vec<String> = op
                .flags
                .iter()
                .map(|x| format!("GENL_{}", upper(x)))
                .collect();
            flags.push(format!("GENL_CMD_CAP_{}", upper(mode)));
            used.extend(flags.iter().cloned());
            w.line(format!("flags: {},", flags.join(" | ")));
            let validate: Vec<String> = op
                .dont_validate
                .iter()
                .filter(|x| !(mode == "do" && (*x == "dump" || *x == "dump-strict")))
                .filter(|x| !(mode == "dump" && *x == "strict"))
                .map(|x| format!("GENL_DONT_VALIDATE_{}", upper(x)))
                .collect();
            used.extend(validate.iter().cloned());
            if validate.is_empty() {
                w.line("validate: 0,");
            } else {
                w.line(format!("validate: {},", validate.join(" | ")));
            }
            w.close("},");
        }
    }
    w.close("]");
    w.close("}");
    Ok(())
}
