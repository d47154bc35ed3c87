//! The kernel-side backend: constants, attribute numbers, policies by attribute, the
//! split-op table, multicast groups and the trait of the hand-written handlers.
//!
//! The code is written against the module's Generic Netlink abstraction,
//! `module/kext/net/netlink/` (`--kernel-api`, by default `crate::kext::net::netlink`):
//! `AttrType<K>` attribute numbers, the `policy!` macro and `PolicyRef`, `SplitOp::doit`/
//! `dumpit` with `OpFlags`, and the `DoIt`/`DumpIt` handler traits, plus `kernel::prelude`
//! and 7.3's `kernel::net::netlink::MulticastGroup`. The README lists every item;
//! `support/kernel_api_host.rs` models them on the host. The generated code has no `unsafe`.
//! Retargeting the backend to another API means changing this file only.

use std::collections::BTreeSet;

use crate::names::{camel, snake, upper};
use crate::spec::{
    policy, unsupported, Attr, AttrSet, AttrType, DefKind, Family, Limit, LimitSource, Op, Policy,
    SpecError,
};
use crate::writer::{or_default, string_literal, Expr, Writer};

/// The default module path of the kernel API.
pub const DEFAULT_API: &str = "crate::kext::net::netlink";

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
    /// The constant's name.
    name: String,
    /// The comment above it.
    title: String,
    /// The set whose numbers index it.
    set: &'f AttrSet,
    /// The attributes with an entry, in order.
    attrs: Vec<&'f Attr>,
    /// The kernel config option it depends on.
    cfg: Option<String>,
}

/// What the generated code imports, by module of the API.
#[derive(Default)]
struct Uses {
    attr: BTreeSet<String>,
    dump: BTreeSet<String>,
    genl: BTreeSet<String>,
    policy: BTreeSet<String>,
    mcgrp: bool,
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
    let mut used = Uses::default();
    definitions(family, &mut body);
    commands(family, &mut body);
    attr_consts(family, &mut body, &mut used);
    groups(family, &mut body, &mut used);
    ranges(family, &tables, &mut body, &mut used)?;
    for t in &tables {
        policy_table(family, t, &mut body, &mut used)?;
    }
    handlers(family, &mut body, &mut used)?;
    adapters(family, &mut body, &mut used);
    op_table(family, &mut body, &mut used)?;

    let mut w = Writer::default();
    w.line(format!(
        "// generated from {spec_file} by ynl-gen, do not edit; run `make regen`"
    ));
    w.line(format!("// SPDX-License-Identifier: {}", family.license));
    w.blank();
    w.inner_doc(&format!(
        "The Generic Netlink family `{}`, kernel side: its constants, attribute numbers, \
         policies, split operations and multicast groups, and the trait its hand-written \
         handlers implement (what `ynl_gen_c.py` writes into a family's `-genl-gen.c` and \
         `.h`).",
        family.name
    ));
    w.line("//!");
    w.inner_doc(&family.doc);
    w.blank();
    w.line("#![allow(dead_code, reason = \"the tables name every value of the spec\")]");
    w.blank();
    if used.mcgrp {
        w.open("use kernel::{");
        w.line("net::netlink::MulticastGroup,");
        w.line("prelude::*, //");
        w.close("};");
    } else {
        w.line("use kernel::prelude::*;");
    }
    w.blank();
    w.open(format!("use {}::{{", opts.api));
    for (module, names) in [
        ("attr", &used.attr),
        ("dump", &used.dump),
        ("genl", &used.genl),
        ("policy", &used.policy),
    ] {
        if names.is_empty() {
            continue;
        }
        // rustfmt's order: modules and functions, types, then constants.
        let mut names: Vec<&String> = names.iter().collect();
        names.sort_by_key(|n| {
            let class = if n.starts_with(|c: char| c.is_ascii_lowercase()) {
                0
            } else if n
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            {
                2
            } else {
                1
            };
            (class, n.as_str())
        });
        if names.len() == 1 {
            w.line(format!("{module}::{},", names[0]));
            continue;
        }
        w.open(format!("{module}::{{"));
        for (i, name) in names.iter().enumerate() {
            if i + 1 == names.len() {
                w.line(format!("{name}, //"));
            } else {
                w.line(format!("{name},"));
            }
        }
        w.close("},");
    }
    w.close("};");
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

/// The spec's definitions, in a module `defs` (their names cannot collide with the API's).
fn definitions(f: &Family, w: &mut Writer) {
    let any = f.definitions.iter().any(|d| {
        d.scope != "user"
            && d.header.is_none()
            && matches!(
                d.kind,
                DefKind::Const(_) | DefKind::Enum(_) | DefKind::Flags(_)
            )
    });
    if !any {
        return;
    }
    w.blank();
    w.line("/// The spec's `definitions`: constants, enums and flags.");
    w.open("pub(crate) mod defs {");
    definition_items(f, w);
    w.close("}");
}

fn definition_items(f: &Family, w: &mut Writer) {
    let mut first = true;
    let mut sep = |w: &mut Writer| {
        if !first {
            w.blank();
        }
        first = false;
    };
    for d in f.definitions.iter().filter(|d| d.scope != "user") {
        match &d.kind {
            DefKind::Const(v) if d.header.is_none() => {
                sep(w);
                w.doc(&or_default(&d.doc, || format!("`{}`.", d.name)));
                w.line(format!("pub(crate) const {}: i64 = {v};", upper(&d.name)));
            }
            DefKind::Enum(entries) if d.header.is_none() => {
                sep(w);
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
                sep(w);
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

/// The name of an operation's policy, or `None` without a request.
fn policy_name(op: &Op, mode: &str) -> Option<String> {
    let m = if mode == "do" { &op.do_ } else { &op.dump };
    m.as_ref()?.request.as_ref()?;
    Some(if op.dual_policy() {
        format!("{}_{}_POLICY", upper(&op.name), upper(mode))
    } else {
        format!("{}_POLICY", upper(&op.name))
    })
}

fn commands(f: &Family, w: &mut Writer) {
    w.blank();
    w.line("/// The family's name (`genl_family.name`).");
    w.line(format!(
        "pub(crate) const FAMILY_NAME: &CStr = c{};",
        string_literal(&f.name)
    ));
    w.line("/// The family's version (`genl_family.version`).");
    w.line(format!(
        "pub(crate) const FAMILY_VERSION: u32 = {};",
        f.version
    ));
    for o in f.ops.iter().filter(|o| o.is_call()) {
        w.blank();
        w.doc(&format!(
            "Command `{}` (`genlmsghdr.cmd` of requests){}",
            o.name,
            if o.doc.trim().is_empty() {
                ".".to_owned()
            } else {
                format!(": {}", o.doc)
            }
        ));
        w.line(format!(
            "pub(crate) const CMD_{}: u8 = {};",
            upper(&o.name),
            o.value
        ));
        if f.directional {
            w.doc(&format!("The command of `{}` replies.", o.name));
            w.line(format!(
                "pub(crate) const CMD_{}_REPLY: u8 = {};",
                upper(&o.name),
                o.reply_value
            ));
        }
    }
    for o in f.ops.iter().filter(|o| o.is_ntf()) {
        w.blank();
        let group = o
            .mcgrp
            .as_deref()
            .map_or(String::new(), |g| format!(", sent to group `{g}`"));
        w.doc(&format!(
            "Notification `{}` (`genlmsghdr.cmd`{group}){}",
            o.name,
            if o.doc.trim().is_empty() {
                ".".to_owned()
            } else {
                format!(": {}", o.doc)
            }
        ));
        w.line(format!(
            "pub(crate) const NTF_{}: u8 = {};",
            upper(&o.name),
            o.value
        ));
    }
}

/// The name of an attribute's constant: `A_<ATTR>` in the set named like the family,
/// `A_<SET>_<ATTR>` in the others (the C header's names without the family prefix).
fn attr_const(f: &Family, set: &AttrSet, a: &Attr) -> String {
    let set = set.enum_set();
    if set == f.name {
        format!("A_{}", upper(&a.name))
    } else {
        format!("A_{}_{}", upper(set), upper(&a.name))
    }
}

/// The kind of `AttrType<K>` of an attribute (a type of the API's `attr` module), or
/// `None` for `unused`.
fn kind(a: &Attr) -> Option<&'static str> {
    Some(match a.ty {
        AttrType::Unused => return None,
        AttrType::Pad => "Pad",
        AttrType::Flag => "Flag",
        AttrType::Binary => "Binary",
        AttrType::Bitfield32 => "Bitfield32",
        AttrType::Uint => "Uint",
        AttrType::Sint => "Sint",
        AttrType::U8 => "U8",
        AttrType::U16 if a.big_endian => "Be16",
        AttrType::U16 => "U16",
        AttrType::U32 if a.big_endian => "Be32",
        AttrType::U32 => "U32",
        AttrType::U64 => "U64",
        AttrType::S8 => "S8",
        AttrType::S16 => "S16",
        AttrType::S32 => "S32",
        AttrType::S64 => "S64",
        AttrType::String if a.checks.unterminated_ok => "String",
        AttrType::String => "NulString",
        AttrType::Nest => "Nested",
        AttrType::IndexedArray => "IndexedArray",
        AttrType::NestTypeValue => "NestTypeValue",
    })
}

fn attr_consts(f: &Family, w: &mut Writer, used: &mut Uses) {
    for set in f.sets.iter().filter(|s| s.subset_of.is_none()) {
        for a in &set.attrs {
            let Some(k) = kind(a) else {
                continue;
            };
            if a.value == 0 {
                continue;
            }
            used.attr.insert("AttrType".into());
            used.attr.insert(k.into());
            w.blank();
            w.doc(&format!(
                "Attribute `{}.{}`{}",
                set.name,
                a.name,
                if a.doc.trim().is_empty() {
                    ".".to_owned()
                } else {
                    format!(": {}", a.doc)
                }
            ));
            let one = format!(
                "pub(crate) const {}: AttrType<{k}> = AttrType::new({});",
                attr_const(f, set, a),
                a.value
            );
            if one.len() <= w.room() {
                w.line(one);
            } else {
                w.line(format!(
                    "pub(crate) const {}: AttrType<{k}> =",
                    attr_const(f, set, a)
                ));
                w.indent();
                w.line(format!("AttrType::new({});", a.value));
                w.dedent();
            }
        }
    }
}

fn groups(f: &Family, w: &mut Writer, used: &mut Uses) {
    used.mcgrp = true;
    w.blank();
    w.line("/// The multicast groups (`genl_family.mcgrps`), indexed by the `NLGRP_*` constants.");
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
    w.expr(
        "pub(crate) const MCGRPS: &[MulticastGroup] = ",
        &Expr::slice(items),
        ";",
    );
    for (i, g) in f.mcgrps.iter().enumerate() {
        w.line(format!(
            "/// The index of group `{}` in [`MCGRPS`].",
            g.name
        ));
        w.line(format!(
            "pub(crate) const NLGRP_{}: u32 = {i};",
            upper(&g.name)
        ));
    }
}

/// The name of the range constant of an attribute.
fn range_name(set: &AttrSet, a: &Attr) -> String {
    format!("{}_{}_RANGE", upper(set.enum_set()), upper(&a.name))
}

/// Constants for `NLA_POLICY_FULL_RANGE`: one per attribute that needs one.
fn ranges(
    f: &Family,
    tables: &[Table<'_>],
    w: &mut Writer,
    used: &mut Uses,
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
            used.policy.insert(ty.into());
            let render =
                |l: &Option<Limit>| -> String { l.as_ref().map_or("0".into(), |l| limit(l, int)) };
            let (lo, hi) = (render(&min), render(&max));
            w.blank();
            w.line(format!(
                "/// The range of `{}.{}` (`struct netlink_range_validation{}`).",
                t.set.name,
                a.name,
                if signed { "_signed" } else { "" }
            ));
            let one = format!("pub(crate) const {name}: {ty} = {ty}::new({lo}, {hi});");
            if one.len() <= w.room() {
                w.line(one);
            } else {
                w.line(format!("pub(crate) const {name}: {ty} ="));
                w.indent();
                w.line(format!("{ty}::new({lo}, {hi});"));
                w.dedent();
            }
        }
    }
    Ok(())
}

/// A limit as a Rust expression of type `int`.
fn limit(l: &Limit, int: &str) -> String {
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
            let c = if *header {
                format!("kernel::bindings::{}", upper(name))
            } else {
                format!("defs::{}", upper(name))
            };
            let minus = if *minus_one { " - 1" } else { "" };
            format!("{c} as {int}{minus}")
        }
    }
}

/// One policy entry: the attribute's constant and the constructor of its kind.
fn entry(f: &Family, t: &Table<'_>, a: &Attr, p: &Policy) -> String {
    let c = attr_const(f, t.set, a);
    let call = match p {
        Policy::None => return String::new(),
        Policy::Type(_) => "any()".to_owned(),
        Policy::String(ty, max) => {
            let func = if ty.rust_name() == "NulString" {
                "nul_string"
            } else {
                "string"
            };
            format!("{func}({})", limit(max, "u16"))
        }
        Policy::ExactLen(l) => format!("exact_len({})", limit(l, "u16")),
        Policy::MinLen(l) => format!("min_len({})", limit(l, "u16")),
        Policy::MaxLen(l) => format!("max_len({})", limit(l, "u16")),
        Policy::Mask(_, m) => format!("mask({m:#x})"),
        Policy::FullRange(_, _, _) => format!("full_range(&{})", range_name(t.set, a)),
        Policy::Range(_, lo, hi) => format!("range({}, {})", limit(lo, "i64"), limit(hi, "i64")),
        Policy::Min(_, lo) => format!("min({})", limit(lo, "i64")),
        Policy::Max(_, hi) => format!("max({})", limit(hi, "i64")),
        Policy::Nested(set) => format!("nested({}_POLICY)", upper(set)),
        Policy::NestedArray(set) => format!("nested_array({}_POLICY)", upper(set)),
        Policy::Bitfield32(mask) => format!("bitfield32({mask:#x})"),
    };
    format!("{c}.{call}")
}

/// One policy: `policy![...]` with an entry per attribute of the request that has one.
fn policy_table(
    f: &Family,
    t: &Table<'_>,
    w: &mut Writer,
    used: &mut Uses,
) -> Result<(), SpecError> {
    used.policy.insert("policy".into());
    used.policy.insert("PolicyRef".into());
    let mut items = Vec::new();
    for a in &t.attrs {
        let p = policy(f, a)?;
        if p == Policy::None {
            continue;
        }
        items.push(entry(f, t, a, &p));
    }
    w.blank();
    w.doc(&t.title);
    cfg_line(w, &t.cfg);
    if items.is_empty() {
        w.line(format!(
            "pub(crate) const {}: PolicyRef = PolicyRef::reject_all();",
            t.name
        ));
        return Ok(());
    }
    // Laid out as rustfmt lays out the macro: on one line, else on the next, else one
    // entry per line.
    let decl = format!("pub(crate) const {}: PolicyRef =", t.name);
    let body = items.join(", ");
    if body.len() <= 60 && decl.len() + body.len() + 12 <= w.room() {
        w.line(format!("{decl} policy![{body}];"));
    } else if body.len() <= 60 && body.len() + 15 <= w.room() {
        w.line(decl);
        w.indent();
        w.line(format!("policy![{body}];"));
        w.dedent();
    } else {
        w.open(format!("{decl} policy!["));
        for i in &items {
            w.line(format!("{i},"));
        }
        w.close("];");
    }
    Ok(())
}

/// A function signature: on one line when it fits, else one parameter per line.
fn signature(w: &mut Writer, head: &str, params: &[String], tail: &str) {
    let one = format!("{head}({}){tail}", params.join(", "));
    if one.len() <= w.room() {
        w.line(one);
        return;
    }
    w.line(format!("{head}("));
    w.indent();
    for p in params {
        w.line(format!("{p},"));
    }
    w.dedent();
    w.line(format!("){tail}"));
}

/// The name of the handler trait.
fn trait_name(f: &Family) -> String {
    format!("{}Handlers", camel(&f.name))
}

/// The name of the adapter type of an operation's do or dump.
fn adapter(op: &Op, mode: &str) -> String {
    format!(
        "{}{}",
        camel(&op.name),
        if mode == "do" { "Do" } else { "Dump" }
    )
}

/// The trait with the handlers of every do and dump.
fn handlers(f: &Family, w: &mut Writer, used: &mut Uses) -> Result<(), SpecError> {
    used.genl.insert("Operations".into());
    w.blank();
    w.line(format!(
        "/// The handlers of `{}`: a function per do, a cursor type and two functions per",
        f.name
    ));
    w.line("/// dump (the `*_doit` and `*_dumpit` functions the C generator declares). The family");
    w.line("/// implements this trait; a command without its handler does not compile, and the");
    w.line("/// error names the missing item.");
    w.open(format!("pub(crate) trait {}: Operations {{", trait_name(f)));
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
            let what = format!(
                "`{}` ({mode}): {}",
                upper(&op.name),
                or_default(&op.doc, String::new)
            );
            let name = snake(&op.name);
            if mode == "do" {
                used.genl.insert("Info".into());
                w.doc(&what);
                cfg_line(w, &op.config_cond);
                signature(
                    w,
                    &format!("fn {name}_doit"),
                    &[
                        "state: &Self::State".into(),
                        "info: &mut Info<'_, Self>".into(),
                    ],
                    " -> Result;",
                );
            } else {
                used.dump.insert("Dump".into());
                let cursor = format!("{}Cursor", camel(&op.name));
                w.doc(&format!(
                    "What a `{}` dump remembers between calls.",
                    upper(&op.name)
                ));
                cfg_line(w, &op.config_cond);
                w.line(format!("type {cursor}: Send;"));
                w.blank();
                w.doc(&format!(
                    "Starts a `{}` dump: the cursor of its first call.",
                    upper(&op.name)
                ));
                cfg_line(w, &op.config_cond);
                signature(
                    w,
                    &format!("fn {name}_start"),
                    &["state: &Self::State".into()],
                    &format!(" -> Result<Self::{cursor}>;"),
                );
                w.blank();
                w.doc(&what);
                cfg_line(w, &op.config_cond);
                signature(
                    w,
                    &format!("fn {name}_dumpit"),
                    &[
                        "state: &Self::State".into(),
                        format!("cursor: &mut Self::{cursor}"),
                        "dump: &mut Dump<'_>".into(),
                    ],
                    " -> Result;",
                );
            }
        }
    }
    w.close("}");
    Ok(())
}

/// One type per do and dump, implementing the API's `DoIt`/`DumpIt` with the generated
/// policy and calling the trait's function: the handler cannot choose another policy.
fn adapters(f: &Family, w: &mut Writer, used: &mut Uses) {
    let tr = trait_name(f);
    for op in f.ops.iter().filter(|o| o.is_call()) {
        for (mode, _) in op.modes() {
            let ty = adapter(op, mode);
            let name = snake(&op.name);
            let policy = match (policy_name(op, mode), mode) {
                (Some(p), _) => p,
                (None, "do") => "PolicyRef::reject_all()".to_owned(),
                (None, _) => "PolicyRef::NONE".to_owned(),
            };
            used.policy.insert("PolicyRef".into());
            w.blank();
            w.doc(&format!(
                "The {mode} of `{}`: `{tr}::{name}_{mode}it` with {}.",
                upper(&op.name),
                match (policy_name(op, mode), mode) {
                    (Some(p), _) => format!("`{p}`"),
                    (None, "do") => "a policy that refuses every attribute".to_owned(),
                    (None, _) => "no policy (the core refuses every attribute)".to_owned(),
                }
            ));
            cfg_line(w, &op.config_cond);
            w.line(format!("pub(crate) struct {ty};"));
            w.blank();
            cfg_line(w, &op.config_cond);
            if mode == "do" {
                used.genl.insert("DoIt".into());
                w.open(format!("impl<T: {tr}> DoIt<T> for {ty} {{"));
                w.line(format!("const POLICY: PolicyRef = {policy};"));
                w.blank();
                signature(
                    w,
                    "fn doit",
                    &["state: &T::State".into(), "info: &mut Info<'_, T>".into()],
                    " -> Result {",
                );
                w.indent();
                w.line(format!("T::{name}_doit(state, info)"));
                w.close("}");
                w.close("}");
            } else {
                used.dump.insert("DumpIt".into());
                let cursor = format!("T::{}Cursor", camel(&op.name));
                w.open(format!("impl<T: {tr}> DumpIt<T> for {ty} {{"));
                w.line(format!("const POLICY: PolicyRef = {policy};"));
                w.line(format!("type Cursor = {cursor};"));
                w.blank();
                signature(
                    w,
                    "fn start",
                    &["state: &T::State".into()],
                    &format!(" -> Result<{cursor}> {{"),
                );
                w.indent();
                w.line(format!("T::{name}_start(state)"));
                w.close("}");
                w.blank();
                signature(
                    w,
                    "fn dumpit",
                    &[
                        "state: &T::State".into(),
                        format!("cursor: &mut {cursor}"),
                        "dump: &mut Dump<'_>".into(),
                    ],
                    " -> Result {",
                );
                w.indent();
                w.line(format!("T::{name}_dumpit(state, cursor, dump)"));
                w.close("}");
                w.close("}");
            }
        }
    }
}

/// `N_OPS` and `ops()`: the split operations.
fn op_table(f: &Family, w: &mut Writer, used: &mut Uses) -> Result<(), SpecError> {
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
    used.genl.insert("SplitOp".into());
    used.genl.insert("OpFlags".into());
    w.blank();
    w.line(
        "/// The split operations (`struct genl_split_ops`), for `Operations::OPS`: for each do",
    );
    w.line("/// and each dump, its command, its handler with its policy, and its flags.");
    w.open(format!(
        "pub(crate) const fn ops<T: {}>() -> [SplitOp<T>; N_OPS] {{",
        trait_name(f)
    ));
    w.open("[");
    for op in f.ops.iter().filter(|o| o.is_call()) {
        if !op.dont_validate.is_empty() {
            return Err(unsupported(
                &op.path,
                op.pos,
                "dont-validate (the abstraction validates every operation strictly)",
            ));
        }
        let flags = match op.flags.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [] => "OpFlags::NONE".to_owned(),
            [one] if one == "admin-perm" || one == "uns-admin-perm" => {
                format!("OpFlags::{}", upper(one))
            }
            _ => {
                return Err(unsupported(
                    &op.path,
                    op.pos,
                    format!("the operation flags {:?}", op.flags),
                ))
            }
        };
        for (mode, _) in op.modes() {
            cfg_line(w, &op.config_cond);
            let func = if mode == "do" { "doit" } else { "dumpit" };
            w.line(format!(
                "SplitOp::{func}::<{}>(CMD_{}, {flags}),",
                adapter(op, mode),
                upper(&op.name)
            ));
        }
    }
    w.close("]");
    w.close("}");
    Ok(())
}
