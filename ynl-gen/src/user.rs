//! The user-side backend: names, tables and typed messages on top of `wire.rs`.
//!
//! One file per family, in this order: the family's name and version; its definitions;
//! `Cmd`, `Ntf` and `McastGroup` enums; one enum of attributes per attribute set; the
//! tables an annotator or decoder looks names up in (`*_ATTRS`, `FAMILY`); one struct per
//! nested attribute set; one request and one reply struct per operation; notifications.

use std::collections::BTreeSet;

use crate::names::{camel, ntf_variant, snake, upper};
use crate::spec::{unsupported, AttrType, DefKind, Family, Limit, LimitSource, Op, SpecError};
use crate::spec::{Attr, AttrSet};
use crate::writer::{or_default, string_literal, Expr, Writer};

/// Where the generated code finds its building blocks.
#[derive(Debug, Clone)]
pub struct Options {
    /// The path of `wire.rs`'s module.
    pub wire: String,
    /// The path of the support module (`user/src/ynl.rs`).
    pub ynl: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            wire: "crate::wire".into(),
            ynl: "crate::ynl".into(),
        }
    }
}

/// The user-side Rust of `family`.
pub fn generate(family: &Family, spec_file: &str, opts: &Options) -> Result<String, SpecError> {
    let g = Gen::new(family)?;
    let mut w = Writer::default();
    g.header(&mut w, spec_file, opts);
    g.definitions(&mut w);
    g.commands(&mut w);
    g.attr_enums(&mut w);
    g.tables(&mut w);
    g.nested_structs(&mut w)?;
    g.op_structs(&mut w)?;
    g.ntf_structs(&mut w)?;
    Ok(w.finish())
}

struct Gen<'f> {
    f: &'f Family,
    /// Sets whose struct borrows from the message (needs a lifetime).
    borrowing: BTreeSet<String>,
    /// Sets reachable from a request (their struct can be put into a message).
    in_request: BTreeSet<String>,
    /// Sets reachable from a reply or notification (their struct can be parsed).
    in_reply: BTreeSet<String>,
}

/// The name of a set's attribute enum: `genltest` → `GenltestAttr`, `op-attrs` → `OpAttr`.
pub fn attr_enum(set: &str) -> String {
    let base = set.strip_suffix("-attrs").unwrap_or(set);
    format!("{}Attr", camel(base))
}

/// The name of a set's table: `genltest` → `GENLTEST_ATTRS`.
fn set_table(set: &str) -> String {
    let base = set.strip_suffix("-attrs").unwrap_or(set);
    format!("{}_ATTRS", upper(base))
}

/// The name of a nested set's struct: `page-pool-info` → `PagePoolInfo`.
fn set_struct(set: &str) -> String {
    camel(set)
}

/// The name of a definition's table.
fn enum_table(def: &str) -> String {
    format!("{}_ENUM", upper(def))
}

impl<'f> Gen<'f> {
    fn new(f: &'f Family) -> Result<Gen<'f>, SpecError> {
        let mut borrowing = BTreeSet::new();
        loop {
            let before = borrowing.len();
            for set in &f.sets {
                if set.attrs.iter().any(|a| attr_borrows(a, &borrowing)) {
                    borrowing.insert(set.name.clone());
                }
            }
            if borrowing.len() == before {
                break;
            }
        }
        let mut in_request = BTreeSet::new();
        let mut in_reply = BTreeSet::new();
        for op in &f.ops {
            let Some(set) = op.set.as_deref() else {
                continue;
            };
            for (_, m) in op.modes() {
                if let Some(req) = &m.request {
                    in_request.extend(f.nested_sets_of(set, req));
                }
                if let Some(rsp) = &m.reply {
                    in_reply.extend(f.nested_sets_of(set, rsp));
                }
            }
            if let Some(ev) = &op.event {
                in_reply.extend(f.nested_sets_of(set, ev));
            }
        }
        let g = Gen {
            f,
            borrowing,
            in_request,
            in_reply,
        };
        g.check_names()?;
        Ok(g)
    }

    /// Refuses a spec whose names would make two items of the same name.
    fn check_names(&self) -> Result<(), SpecError> {
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut add = |name: String, what: String, path: &str| -> Result<(), SpecError> {
            if let Some((_, other)) = seen.iter().find(|(n, _)| *n == name) {
                return Err(unsupported(
                    path,
                    Default::default(),
                    format!("{what} and {other} would both be named {name} in Rust"),
                ));
            }
            seen.push((name, what));
            Ok(())
        };
        for fixed in [
            "Cmd",
            "Ntf",
            "McastGroup",
            "FAMILY",
            "FAMILY_NAME",
            "FAMILY_VERSION",
        ] {
            add(fixed.into(), format!("the generated {fixed}"), "$")?;
        }
        for d in &self.f.definitions {
            match d.kind {
                DefKind::Enum(_) => {
                    add(
                        camel(&d.name),
                        format!("enum \"{}\"", d.name),
                        "$.definitions",
                    )?;
                    add(
                        enum_table(&d.name),
                        format!("enum \"{}\"", d.name),
                        "$.definitions",
                    )?
                }
                DefKind::Flags(_) => {
                    add(
                        snake(&d.name),
                        format!("flags \"{}\"", d.name),
                        "$.definitions",
                    )?;
                    add(
                        enum_table(&d.name),
                        format!("flags \"{}\"", d.name),
                        "$.definitions",
                    )?
                }
                DefKind::Const(_) | DefKind::ConstStr(_) if self.renders_const(d) => add(
                    upper(&d.name),
                    format!("constant \"{}\"", d.name),
                    "$.definitions",
                )?,
                _ => {}
            }
        }
        for s in &self.f.sets {
            let what = format!("attribute set \"{}\"", s.name);
            if s.subset_of.is_none() {
                add(attr_enum(&s.name), what.clone(), &s.path)?;
            }
            add(set_table(&s.name), what.clone(), &s.path)?;
            if self.in_request.contains(&s.name) || self.in_reply.contains(&s.name) {
                add(set_struct(&s.name), what, &s.path)?;
            }
        }
        for op in &self.f.ops {
            for (name, _) in self.op_struct_names(op) {
                add(name, format!("operation \"{}\"", op.name), &op.path)?;
            }
        }
        Ok(())
    }

    fn renders_const(&self, d: &crate::spec::Definition) -> bool {
        d.header.is_none() && d.scope != "kernel"
    }

    fn header(&self, w: &mut Writer, spec_file: &str, opts: &Options) {
        let f = self.f;
        w.line(format!(
            "// generated from {spec_file} by ynl-gen, do not edit; run `make regen`"
        ));
        w.line(format!("// SPDX-License-Identifier: {}", f.license));
        w.inner_doc(&format!(
            "The Generic Netlink family `{}`, user side: its names, the tables an annotator \
             looks them up in, and typed requests and replies built on `wire.rs`.",
            f.name
        ));
        w.line("//!");
        w.inner_doc(&f.doc);
        w.blank();
        w.line(use_line(&opts.wire, "wire"));
        w.line(use_line(&opts.ynl, "ynl"));
        w.blank();
        w.line("/// The family's name, which nlctrl resolves to its id.");
        w.line(format!(
            "pub const FAMILY_NAME: &str = {};",
            string_literal(&f.name)
        ));
        w.line("/// The family's version, sent in every `genlmsghdr`.");
        w.line(format!("pub const FAMILY_VERSION: u8 = {};", f.version));
    }

    fn definitions(&self, w: &mut Writer) {
        for d in &self.f.definitions {
            match &d.kind {
                DefKind::Const(v) if self.renders_const(d) => {
                    w.blank();
                    w.doc(&or_default(&d.doc, || format!("`{}`.", d.name)));
                    w.line(format!("pub const {}: i64 = {v};", upper(&d.name)));
                }
                DefKind::ConstStr(s) if self.renders_const(d) => {
                    w.blank();
                    w.doc(&or_default(&d.doc, || format!("`{}`.", d.name)));
                    w.line(format!(
                        "pub const {}: &str = {};",
                        upper(&d.name),
                        string_literal(s)
                    ));
                }
                DefKind::Enum(entries) if d.scope != "kernel" => {
                    let name = camel(&d.name);
                    let repr = enum_repr(entries.iter().map(|e| e.value));
                    let variants: Vec<(String, String, String, i64)> = entries
                        .iter()
                        .map(|e| (camel(&e.name), e.name.clone(), e.doc.clone(), e.value))
                        .collect();
                    w.blank();
                    w.doc(&or_default(&d.doc, || format!("Values of `{}`.", d.name)));
                    name_enum(w, &name, repr, &variants, "value");
                }
                DefKind::Flags(entries) if d.scope != "kernel" => {
                    let module = snake(&d.name);
                    let ty = if entries.iter().any(|e| e.value >= 32) {
                        "u64"
                    } else {
                        "u32"
                    };
                    w.blank();
                    w.doc(&or_default(&d.doc, || format!("Bits of `{}`.", d.name)));
                    w.open(format!("pub mod {module} {{"));
                    for (i, e) in entries.iter().enumerate() {
                        if i > 0 {
                            w.blank();
                        }
                        w.doc(&or_default(&e.doc, || format!("`{}`.", e.name)));
                        w.line(format!(
                            "pub const {}: {ty} = 1 << {};",
                            upper(&e.name),
                            e.value
                        ));
                    }
                    w.close("}");
                }
                _ => {}
            }
        }
        // Tables of names, for annotators.
        for d in &self.f.definitions {
            let (flags, values) = match &d.kind {
                DefKind::Enum(_) => (false, d.user_values()),
                DefKind::Flags(_) => (true, d.user_values()),
                _ => continue,
            };
            w.blank();
            w.line(format!(
                "/// The names of `{}`{}, for annotators.",
                d.name,
                if flags { "'s bits" } else { "'s values" }
            ));
            let items: Vec<Expr> = values
                .iter()
                .map(|(n, v, _)| Expr::atom(format!("({v}, {})", string_literal(n))))
                .collect();
            let table = Expr::Struct(
                "ynl::EnumInfo".into(),
                vec![
                    ("name".into(), Expr::atom(string_literal(&d.name))),
                    ("flags".into(), Expr::atom(flags.to_string())),
                    ("entries".into(), Expr::slice(items)),
                ],
            );
            w.expr(
                &format!("pub static {}: ynl::EnumInfo = ", enum_table(&d.name)),
                &table,
                ";",
            );
        }
    }

    fn commands(&self, w: &mut Writer) {
        let calls: Vec<&Op> = self.f.ops.iter().filter(|o| o.is_call()).collect();
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
        w.line("/// A request of the family: `genlmsghdr.cmd` of the messages that ask the");
        if self.f.directional {
            w.line(
                "/// kernel something (its replies have their own numbers, see [`Cmd::reply`]).",
            );
        } else {
            w.line("/// kernel something, and of its replies.");
        }
        name_enum(w, "Cmd", "u8", &variants, "command");
        if self.f.directional {
            w.blank();
            w.open("impl Cmd {");
            w.line("/// The command number of the replies to this request.");
            w.open("pub const fn reply(self) -> u8 {");
            w.open("match self {");
            for o in &calls {
                w.line(format!("Cmd::{} => {},", camel(&o.name), o.reply_value));
            }
            w.close("}");
            w.close("}");
            w.close("}");
        }
        let ntfs: Vec<&Op> = self.f.ops.iter().filter(|o| o.is_ntf()).collect();
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
            w.line("/// A notification of the family: `genlmsghdr.cmd` of the messages the kernel");
            w.line("/// sends to a multicast group.");
            name_enum(w, "Ntf", "u8", &variants, "notification");
        }
        if !self.f.mcgrps.is_empty() {
            let variants: Vec<(String, String, String, i64)> = self
                .f
                .mcgrps
                .iter()
                .enumerate()
                .map(|(i, g)| (camel(&g.name), g.name.clone(), String::new(), i as i64))
                .collect();
            w.blank();
            w.line("/// A multicast group of the family. Its id is assigned when the family");
            w.line("/// registers: ask nlctrl for the id of [`McastGroup::name`].");
            name_enum(w, "McastGroup", "u8", &variants, "group");
        }
    }

    fn attr_enums(&self, w: &mut Writer) {
        for set in self.f.sets.iter().filter(|s| s.subset_of.is_none()) {
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
            w.blank();
            w.doc(&or_default(&set.doc, || {
                format!("Attributes of set `{}`.", set.name)
            }));
            if !set.doc.trim().is_empty() {
                w.line("///");
                w.line(format!("/// Attribute set `{}`.", set.name));
            }
            name_enum(w, &attr_enum(&set.name), "u16", &variants, "attribute");
        }
    }

    fn tables(&self, w: &mut Writer) {
        for set in &self.f.sets {
            w.blank();
            w.line(format!(
                "/// Attribute set `{}`, by number, for annotators and decoders.",
                set.name
            ));
            w.open(format!(
                "pub static {}: ynl::AttrSetInfo = ynl::AttrSetInfo {{",
                set_table(&set.name)
            ));
            w.line(format!("name: {},", string_literal(&set.name)));
            let infos: Vec<(String, Vec<String>)> =
                set.attrs.iter().map(|a| self.attr_info(a)).collect();
            match infos.as_slice() {
                [] => w.line("attrs: &[],"),
                [(base, calls)] if calls.is_empty() && base.len() <= 60 => {
                    w.line(format!("attrs: &[{base}],"))
                }
                _ => {
                    w.open("attrs: &[");
                    for (base, calls) in &infos {
                        w.chain(base, calls, ",");
                    }
                    w.close("],");
                }
            }
            w.close("};");
        }
        let f = self.f;
        let mode = |set: &str, m: Option<&crate::spec::Mode>| -> Expr {
            let Some(m) = m else {
                return Expr::atom("None");
            };
            let list =
                |l: &Option<Vec<String>>| attr_numbers(f, set, l.as_deref().unwrap_or_default());
            Expr::Call(
                "Some".into(),
                vec![Expr::Struct(
                    "ynl::ModeInfo".into(),
                    vec![
                        ("request".into(), list(&m.request)),
                        ("reply".into(), list(&m.reply)),
                    ],
                )],
            )
        };
        let ops: Vec<Expr> = f
            .ops
            .iter()
            .filter(|o| o.is_call())
            .map(|op| {
                let set = op.set.as_deref().unwrap_or_default();
                let dont: Vec<Expr> = op
                    .dont_validate
                    .iter()
                    .map(|d| Expr::atom(string_literal(d)))
                    .collect();
                Expr::Struct(
                    "ynl::OpInfo".into(),
                    vec![
                        ("name".into(), Expr::atom(string_literal(&op.name))),
                        ("cmd".into(), Expr::atom(op.value.to_string())),
                        ("reply_cmd".into(), Expr::atom(op.reply_value.to_string())),
                        ("attrs".into(), Expr::atom(format!("&{}", set_table(set)))),
                        (
                            "admin_perm".into(),
                            Expr::atom(op.flags.iter().any(|x| x == "admin-perm").to_string()),
                        ),
                        (
                            "uns_admin_perm".into(),
                            Expr::atom(op.flags.iter().any(|x| x == "uns-admin-perm").to_string()),
                        ),
                        ("dont_validate".into(), Expr::slice(dont)),
                        ("doit".into(), mode(set, op.do_.as_ref())),
                        ("dumpit".into(), mode(set, op.dump.as_ref())),
                    ],
                )
            })
            .collect();
        let ntfs: Vec<Expr> = f
            .ops
            .iter()
            .filter(|o| o.is_ntf())
            .map(|ntf| {
                let (set, attrs) = f.ntf_attrs(ntf);
                let set = set.unwrap_or_default();
                let group = ntf
                    .mcgrp
                    .as_deref()
                    .map_or("None".into(), |g| format!("Some({})", string_literal(g)));
                Expr::Struct(
                    "ynl::NtfInfo".into(),
                    vec![
                        ("name".into(), Expr::atom(string_literal(&ntf.name))),
                        ("cmd".into(), Expr::atom(ntf.value.to_string())),
                        ("attrs".into(), Expr::atom(format!("&{}", set_table(set)))),
                        ("attributes".into(), attr_numbers(f, set, &attrs)),
                        ("mcgrp".into(), Expr::atom(group)),
                    ],
                )
            })
            .collect();
        let groups: Vec<Expr> = f
            .mcgrps
            .iter()
            .map(|g| Expr::atom(string_literal(&g.name)))
            .collect();
        let sets: Vec<Expr> = f
            .sets
            .iter()
            .map(|s| Expr::atom(format!("&{}", set_table(&s.name))))
            .collect();
        let family = Expr::Struct(
            "ynl::FamilyInfo".into(),
            vec![
                ("name".into(), Expr::atom("FAMILY_NAME")),
                ("version".into(), Expr::atom("FAMILY_VERSION")),
                ("ops".into(), Expr::slice(ops)),
                ("ntfs".into(), Expr::slice(ntfs)),
                ("mcast_groups".into(), Expr::slice(groups)),
                ("attr_sets".into(), Expr::slice(sets)),
            ],
        );
        w.blank();
        w.line("/// Everything the spec says about the family, as tables.");
        w.expr("pub static FAMILY: ynl::FamilyInfo = ", &family, ";");
    }

    fn attr_info(&self, a: &Attr) -> (String, Vec<String>) {
        let mut mods: Vec<String> = Vec::new();
        if let Some(sub) = a.sub_type {
            mods.push(format!(".sub_kind(ynl::AttrKind::{})", camel(sub.name())));
        }
        if let Some(n) = &a.nested {
            mods.push(format!(".nested(&{})", set_table(n)));
        }
        if a.multi {
            mods.push(".multi()".into());
        }
        if a.big_endian {
            mods.push(".big_endian()".into());
        }
        if let Some(e) = &a.enumeration {
            mods.push(format!(".enumeration(&{})", enum_table(e)));
        }
        if a.enum_as_flags {
            mods.push(".enum_as_flags()".into());
        }
        if !a.type_value.is_empty() {
            let levels: Vec<String> = a.type_value.iter().map(|l| string_literal(l)).collect();
            mods.push(format!(".type_value(&[{}])", levels.join(", ")));
        }
        let c = &a.checks;
        for (name, limit) in [("min", &c.min), ("max", &c.max)] {
            if let Some(l) = limit {
                mods.push(format!(".{name}({})", l.value));
            }
        }
        for (name, limit) in [
            ("min_len", &c.min_len),
            ("max_len", &c.max_len),
            ("exact_len", &c.exact_len),
        ] {
            if let Some(l) = limit {
                mods.push(format!(".{name}({})", l.value));
            }
        }
        let base = format!(
            "ynl::AttrInfo::new({}, {}, ynl::AttrKind::{})",
            a.value,
            string_literal(&a.name),
            camel(a.ty.name())
        );
        (base, mods)
    }

    /// The struct names of an operation's messages, with what each is.
    fn op_struct_names(&self, op: &Op) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let base = camel(&op.name);
        if op.is_call() {
            let same_req =
                op.do_.as_ref().map(|m| &m.request) == op.dump.as_ref().map(|m| &m.request);
            let same_rsp = op.do_.as_ref().map(|m| &m.reply) == op.dump.as_ref().map(|m| &m.reply);
            let both = op.do_.is_some() && op.dump.is_some();
            for (mode, m) in op.modes() {
                let mode_name = if mode == "do" { "Do" } else { "Dump" };
                let req = if both {
                    format!("{base}{mode_name}Request")
                } else {
                    format!("{base}Request")
                };
                out.push((req, format!("{mode}-request")));
                if m.reply.is_some() {
                    let rsp = if both && !same_rsp {
                        format!("{base}{mode_name}Reply")
                    } else {
                        format!("{base}Reply")
                    };
                    if !out.iter().any(|(n, _)| *n == rsp) {
                        out.push((rsp, format!("{mode}-reply")));
                    }
                }
            }
            let _ = same_req;
        } else if op.is_ntf() {
            out.push((base, "ntf".into()));
        }
        out
    }

    fn nested_structs(&self, w: &mut Writer) -> Result<(), SpecError> {
        for set in &self.f.sets {
            let (req, rsp) = (
                self.in_request.contains(&set.name),
                self.in_reply.contains(&set.name),
            );
            if !req && !rsp {
                continue;
            }
            let attrs: Vec<&Attr> = set.attrs.iter().collect();
            let name = set_struct(&set.name);
            w.blank();
            w.doc(&or_default(&set.doc, || {
                format!("The attributes of a `{}` nest.", set.name)
            }));
            self.message_struct(w, &name, set, &attrs);
            let lt = self.lifetime_of(set, &attrs);
            w.blank();
            w.open(format!("impl{lt} {name}{lt} {{"));
            let mut first = true;
            if rsp {
                self.parse_fn(w, set, &attrs, &lt, "Reads the attributes inside a nest.")?;
                first = false;
            }
            if req {
                if !first {
                    w.blank();
                }
                self.put_fn(w, set, &attrs)?;
            }
            w.close("}");
        }
        Ok(())
    }

    fn op_structs(&self, w: &mut Writer) -> Result<(), SpecError> {
        for op in self.f.ops.iter().filter(|o| o.is_call()) {
            let set = self
                .f
                .set(op.set.as_deref().unwrap_or_default())
                .expect("resolved");
            let names = self.op_struct_names(op);
            let both = op.do_.is_some() && op.dump.is_some();
            for (mode, m) in op.modes() {
                let req_name = &names
                    .iter()
                    .find(|(_, k)| *k == format!("{mode}-request"))
                    .unwrap()
                    .0;
                let list: Vec<&Attr> = m
                    .request
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|n| set.attr(n))
                    .collect();
                let title = format!(
                    "`{}`{}",
                    upper(&op.name),
                    if both {
                        format!(" ({mode})")
                    } else {
                        String::new()
                    }
                );
                w.blank();
                w.doc(&format!(
                    "The request of {title}: {}",
                    first_sentence(&op.doc)
                ));
                self.message_struct(w, req_name, set, &list);
                let lt = if self.lifetime_of(set, &list).is_empty() {
                    ""
                } else {
                    "<'_>"
                };
                w.blank();
                w.open(format!("impl {req_name}{lt} {{"));
                let flags = if mode == "do" {
                    "wire::NLM_F_REQUEST | wire::NLM_F_ACK"
                } else {
                    "wire::NLM_F_REQUEST | wire::NLM_F_DUMP"
                };
                w.line(format!(
                    "/// The header flags of this request: {}.",
                    if mode == "do" {
                        "a request, acknowledged"
                    } else {
                        "a dump request"
                    }
                ));
                w.line(format!("pub const FLAGS: u16 = {flags};"));
                w.blank();
                self.emit_fn(w, op, set, &list)?;
                w.close("}");
                if let Some(reply) = &m.reply {
                    let rsp_name = &names.iter().find(|(_, k)| *k == format!("{mode}-reply"));
                    let Some((rsp_name, _)) = rsp_name else {
                        continue; // The dump shares the do's reply struct.
                    };
                    let list: Vec<&Attr> = reply.iter().filter_map(|n| set.attr(n)).collect();
                    let shared =
                        both && names.iter().filter(|(_, k)| k.ends_with("-reply")).count() == 1;
                    let title = if shared {
                        format!("`{}`", upper(&op.name))
                    } else {
                        title.clone()
                    };
                    w.blank();
                    w.doc(&format!(
                        "The reply of {title}{}.",
                        if mode == "dump" || shared {
                            " (one per message of a dump)"
                        } else {
                            ""
                        }
                    ));
                    self.message_struct(w, rsp_name, set, &list);
                    let lt = self.lifetime_of(set, &list);
                    w.blank();
                    w.open(format!("impl{lt} {rsp_name}{lt} {{"));
                    w.line("/// The command number of these replies.");
                    w.line(format!("pub const CMD: u8 = {};", op.reply_value));
                    w.blank();
                    self.parse_fn(
                        w,
                        set,
                        &list,
                        &lt,
                        "Reads a reply's attributes (the bytes after its `genlmsghdr`).",
                    )?;
                    w.close("}");
                }
            }
        }
        Ok(())
    }

    fn ntf_structs(&self, w: &mut Writer) -> Result<(), SpecError> {
        for ntf in self.f.ops.iter().filter(|o| o.is_ntf()) {
            let name = camel(&ntf.name);
            if let Some(target) = ntf.notify.as_deref().and_then(|n| self.f.op(n)) {
                let names = self.op_struct_names(target);
                let (reply, _) = names
                    .iter()
                    .find(|(_, k)| k.ends_with("-reply"))
                    .expect("checked: the target has a reply");
                let set = self
                    .f
                    .set(target.set.as_deref().unwrap_or_default())
                    .unwrap();
                let reply_list = target
                    .do_
                    .as_ref()
                    .and_then(|m| m.reply.clone())
                    .or_else(|| target.dump.as_ref().and_then(|m| m.reply.clone()))
                    .unwrap_or_default();
                let list: Vec<&Attr> = reply_list.iter().filter_map(|n| set.attr(n)).collect();
                let lt = self.lifetime_of(set, &list);
                w.blank();
                w.doc(&format!(
                    "The notification `{}` (command {}): {} It carries the reply of `{}`.",
                    upper(&ntf.name),
                    ntf.value,
                    sentence(&ntf.doc),
                    upper(&target.name)
                ));
                w.line(format!("pub type {name}{lt} = {reply}{lt};"));
                continue;
            }
            let set = self
                .f
                .set(ntf.set.as_deref().unwrap_or_default())
                .expect("resolved");
            let list: Vec<&Attr> = ntf
                .event
                .as_deref()
                .unwrap_or_default()
                .iter()
                .filter_map(|n| set.attr(n))
                .collect();
            w.blank();
            w.doc(&format!(
                "The notification `{}` (command {}): {}",
                upper(&ntf.name),
                ntf.value,
                or_default(&ntf.doc, String::new)
            ));
            self.message_struct(w, &name, set, &list);
            let lt = self.lifetime_of(set, &list);
            w.blank();
            w.open(format!("impl{lt} {name}{lt} {{"));
            w.line("/// The command number of this notification.");
            w.line(format!("pub const CMD: u8 = {};", ntf.value));
            w.blank();
            self.parse_fn(
                w,
                set,
                &list,
                &lt,
                "Reads a notification's attributes (the bytes after its `genlmsghdr`).",
            )?;
            w.close("}");
        }
        Ok(())
    }

    fn lifetime_of(&self, _set: &AttrSet, attrs: &[&Attr]) -> String {
        if attrs.iter().any(|a| attr_borrows(a, &self.borrowing)) {
            "<'a>".into()
        } else {
            String::new()
        }
    }

    /// A struct with one field per attribute (pad and unused attributes have none).
    fn message_struct(&self, w: &mut Writer, name: &str, set: &AttrSet, attrs: &[&Attr]) {
        let lt = self.lifetime_of(set, attrs);
        w.line("#[derive(Debug, Clone, Default, PartialEq, Eq)]");
        let fields: Vec<&&Attr> = attrs
            .iter()
            .filter(|a| self.field_type(a, set).is_some())
            .collect();
        if fields.is_empty() {
            w.line(format!("pub struct {name};"));
            return;
        }
        w.open(format!("pub struct {name}{lt} {{"));
        for (i, a) in fields.iter().enumerate() {
            if i > 0 {
                w.blank();
            }
            let doc = or_default(&a.doc, || format!("`{}` ({}).", a.name, a.ty.name()));
            w.doc(&doc);
            w.line(format!(
                "pub {}: {},",
                snake(&a.name),
                self.field_type(a, set).unwrap()
            ));
        }
        w.close("}");
    }

    /// The Rust type of an attribute's field, `None` for pad and unused.
    fn field_type(&self, a: &Attr, set: &AttrSet) -> Option<String> {
        let nested_struct = |n: &str| {
            let lt = if self.borrowing.contains(n) {
                "<'a>"
            } else {
                ""
            };
            format!("{}{lt}", set_struct(n))
        };
        let base = match a.ty {
            AttrType::Pad | AttrType::Unused => return None,
            AttrType::Flag => "bool".to_owned(),
            AttrType::String | AttrType::Binary => "&'a [u8]".to_owned(),
            AttrType::Bitfield32 => "ynl::Bitfield32".to_owned(),
            AttrType::Nest => {
                let n = a.nested.as_deref().unwrap_or_default();
                if self.reaches(n, set.enum_set()) && !a.multi {
                    return Some(format!("Option<Box<{}>>", nested_struct(n)));
                }
                nested_struct(n)
            }
            AttrType::IndexedArray => {
                let element = match a.sub_type {
                    Some(AttrType::Nest) => nested_struct(a.nested.as_deref().unwrap_or_default()),
                    Some(AttrType::String | AttrType::Binary) => "&'a [u8]".to_owned(),
                    Some(t) => rust_scalar(t, false).to_owned(),
                    None => "&'a [u8]".to_owned(),
                };
                return Some(format!("Vec<{element}>"));
            }
            AttrType::NestTypeValue => {
                return Some(format!(
                    "Vec<ynl::TypeValue<{}, {}>>",
                    a.type_value.len(),
                    nested_struct(a.nested.as_deref().unwrap_or_default())
                ));
            }
            t => rust_scalar(t, a.big_endian).to_owned(),
        };
        Some(if a.multi {
            format!("Vec<{base}>")
        } else if a.ty == AttrType::Flag {
            base
        } else {
            format!("Option<{base}>")
        })
    }

    /// Whether set `from` contains, at any depth, a nest of set `to`.
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut queue = vec![from.to_owned()];
        while let Some(s) = queue.pop() {
            if s == to {
                return true;
            }
            if !seen.insert(s.clone()) {
                continue;
            }
            if let Some(set) = self.f.set(&s) {
                queue.extend(set.attrs.iter().filter_map(|a| a.nested.clone()));
            }
        }
        false
    }

    fn parse_fn(
        &self,
        w: &mut Writer,
        set: &AttrSet,
        attrs: &[&Attr],
        lt: &str,
        doc: &str,
    ) -> Result<(), SpecError> {
        let fields: Vec<&&Attr> = attrs
            .iter()
            .filter(|a| self.field_type(a, set).is_some())
            .collect();
        let input = if lt.is_empty() { "&[u8]" } else { "&'a [u8]" };
        w.line(format!(
            "/// {doc} Attributes it does not know are skipped."
        ));
        if fields.is_empty() {
            w.open(format!(
                "pub fn parse(attrs: {input}) -> Result<Self, wire::WireError> {{"
            ));
            w.open("for attr in wire::Attrs::new(attrs) {");
            w.line("attr?;");
            w.close("}");
            w.line("Ok(Self)");
            w.close("}");
            return Ok(());
        }
        w.open(format!(
            "pub fn parse(attrs: {input}) -> Result<Self, wire::WireError> {{"
        ));
        w.line("let mut m = Self::default();");
        w.open("for attr in wire::Attrs::new(attrs) {");
        w.line("let attr = attr?;");
        let enum_name = attr_enum(set.enum_set());
        if fields.len() == 1 {
            let a = fields[0];
            let pattern = format!("if let Ok({enum_name}::{}) =", camel(&a.name));
            let value = format!("{enum_name}::try_from(attr.ty)");
            if pattern.len() + value.len() + 3 <= w.room() {
                w.open(format!("{pattern} {value} {{"));
            } else {
                // Where rustfmt breaks an `if let` too long for one line.
                w.line(pattern);
                w.indent();
                w.line(value);
                w.dedent();
                w.open("{");
            }
            self.read_attr(w, set, a, "attr")?;
            w.close("}");
        } else {
            w.open(format!("match {enum_name}::try_from(attr.ty) {{"));
            for a in &fields {
                w.open(format!("Ok({enum_name}::{}) => {{", camel(&a.name)));
                self.read_attr(w, set, a, "attr")?;
                w.close("}");
            }
            w.line("_ => {}");
            w.close("}");
        }
        w.close("}");
        w.line("Ok(m)");
        w.close("}");
        Ok(())
    }

    /// Statements that store attribute `var` (of `a`'s type) into `m`.
    fn read_attr(
        &self,
        w: &mut Writer,
        set: &AttrSet,
        a: &Attr,
        var: &str,
    ) -> Result<(), SpecError> {
        let field = snake(&a.name);
        let store = |w: &mut Writer, value: String| {
            if a.multi {
                w.line(format!("m.{field}.push({value});"));
            } else if a.ty == AttrType::Flag {
                w.line(format!("m.{field} = {value};"));
            } else {
                w.line(format!("m.{field} = Some({value});"));
            }
        };
        match a.ty {
            AttrType::Nest => {
                let n = set_struct(a.nested.as_deref().unwrap_or_default());
                let value = format!("{n}::parse({var}.value)?");
                if self
                    .field_type(a, set)
                    .is_some_and(|t| t.starts_with("Option<Box"))
                {
                    w.line(format!("m.{field} = Some(Box::new({value}));"));
                } else {
                    store(w, value);
                }
            }
            AttrType::IndexedArray => {
                w.open(format!("for item in {var}.nested_attrs() {{"));
                let value = match a.sub_type {
                    Some(AttrType::Nest) => format!(
                        "{}::parse(item?.value)?",
                        set_struct(a.nested.as_deref().unwrap_or_default())
                    ),
                    Some(AttrType::String) => "item?.string()?".into(),
                    Some(AttrType::Binary) | None => "item?.value".into(),
                    Some(t) => scalar_read(t, false, "item?"),
                };
                w.line(format!("m.{field}.push({value});"));
                w.close("}");
            }
            AttrType::NestTypeValue => {
                let levels = a.type_value.len();
                if levels == 0 {
                    return Err(unsupported(
                        &a.path,
                        a.pos,
                        "a nest-type-value without type-value levels",
                    ));
                }
                let n = set_struct(a.nested.as_deref().unwrap_or_default());
                let mut prev = var.to_owned();
                for (i, level) in a.type_value.iter().enumerate() {
                    let name = snake(level);
                    w.open(format!("for {name} in {prev}.nested_attrs() {{"));
                    w.line(format!("let {name} = {name}?;"));
                    prev = name;
                    let _ = i;
                }
                let types: Vec<String> = a
                    .type_value
                    .iter()
                    .map(|l| format!("{}.ty", snake(l)))
                    .collect();
                w.open(format!("m.{field}.push(ynl::TypeValue {{"));
                w.line(format!("types: [{}],", types.join(", ")));
                w.line(format!("value: {n}::parse({prev}.value)?,"));
                w.close("});");
                for _ in 0..levels {
                    w.close("}");
                }
            }
            t => store(w, scalar_read(t, a.big_endian, var)),
        }
        Ok(())
    }

    /// `put`: a nested set's struct as a nest of type `ty`.
    fn put_fn(&self, w: &mut Writer, set: &AttrSet, attrs: &[&Attr]) -> Result<(), SpecError> {
        w.line("/// Adds these attributes to a message as a nest of type `ty`.");
        w.open("pub fn put<'b>(&self, m: wire::MessageBuilder<'b>, ty: u16) -> wire::MessageBuilder<'b> {");
        let fields: Vec<&&Attr> = attrs
            .iter()
            .filter(|a| self.field_type(a, set).is_some())
            .collect();
        if fields.is_empty() {
            w.line("m.begin_nest(ty).end_nest()");
        } else {
            w.line("let mut m = m.begin_nest(ty);");
            for a in fields {
                self.write_attr(w, set, a)?;
            }
            w.line("m.end_nest()");
        }
        w.close("}");
        Ok(())
    }

    /// `emit`: a request as a whole message.
    fn emit_fn(
        &self,
        w: &mut Writer,
        op: &Op,
        set: &AttrSet,
        attrs: &[&Attr],
    ) -> Result<(), SpecError> {
        w.line(
            "/// Appends the request to `buf`, as a message to family id `family` with sequence",
        );
        w.line("/// number `seq` and header flags [`Self::FLAGS`].");
        w.open("pub fn emit(&self, buf: &mut Vec<u8>, family: u16, seq: u32) {");
        w.line("self.emit_with_flags(buf, family, Self::FLAGS, seq);");
        w.close("}");
        w.blank();
        w.line("/// Appends the request to `buf` with the header flags `flags`.");
        w.open(
            "pub fn emit_with_flags(&self, buf: &mut Vec<u8>, family: u16, flags: u16, seq: u32) {",
        );
        let fields: Vec<&&Attr> = attrs
            .iter()
            .filter(|a| self.field_type(a, set).is_some())
            .collect();
        let start = format!(
            "wire::MessageBuilder::new(buf, family, flags, seq).genl(Cmd::{}.into(), FAMILY_VERSION)",
            camel(&op.name)
        );
        if fields.is_empty() {
            w.line("wire::MessageBuilder::new(buf, family, flags, seq)");
            w.indent();
            w.line(format!(
                ".genl(Cmd::{}.into(), FAMILY_VERSION)",
                camel(&op.name)
            ));
            w.line(".finish();");
            w.dedent();
        } else {
            let _ = start;
            w.line("let mut m = wire::MessageBuilder::new(buf, family, flags, seq)");
            w.indent();
            w.line(format!(
                ".genl(Cmd::{}.into(), FAMILY_VERSION);",
                camel(&op.name)
            ));
            w.dedent();
            for a in fields {
                self.write_attr(w, set, a)?;
            }
            w.line("m.finish();");
        }
        w.close("}");
        Ok(())
    }

    /// Statements that add field `a` of `self` to the builder `m`.
    fn write_attr(&self, w: &mut Writer, set: &AttrSet, a: &Attr) -> Result<(), SpecError> {
        let field = snake(&a.name);
        let ty = format!("{}::{} as u16", attr_enum(set.enum_set()), camel(&a.name));
        let put = |value: &str| -> String {
            match a.ty {
                AttrType::Flag => format!("m = m.attr({ty}, &[]);"),
                AttrType::String => format!("m = m.attr_str({ty}, {value});"),
                AttrType::Binary => format!("m = m.attr({ty}, {value});"),
                AttrType::Uint => format!("m = ynl::put_uint(m, {ty}, {value});"),
                AttrType::Sint => format!("m = ynl::put_sint(m, {ty}, {value});"),
                AttrType::Bitfield32 => format!("m = ynl::put_bitfield32(m, {ty}, {value});"),
                AttrType::Nest => format!("m = {value}.put(m, {ty});"),
                _ if a.big_endian => format!("m = m.attr({ty}, &{value}.to_be_bytes());"),
                _ => format!("m = m.attr({ty}, &{value}.to_ne_bytes());"),
            }
        };
        let copy = !matches!(a.ty, AttrType::Nest);
        match a.ty {
            AttrType::IndexedArray | AttrType::NestTypeValue => {
                return Err(unsupported(
                    &a.path,
                    a.pos,
                    format!("a {} attribute in a request", a.ty.name()),
                ));
            }
            AttrType::Flag if !a.multi => {
                w.open(format!("if self.{field} {{"));
                w.line(put(""));
                w.close("}");
            }
            _ if a.multi => {
                let pattern = if copy { "&v" } else { "v" };
                w.open(format!("for {pattern} in &self.{field} {{"));
                w.line(put("v"));
                w.close("}");
            }
            _ => {
                let source = if copy {
                    format!("self.{field}")
                } else {
                    format!("&self.{field}")
                };
                w.open(format!("if let Some(v) = {source} {{"));
                w.line(put("v"));
                w.close("}");
            }
        }
        Ok(())
    }
}

/// Whether an attribute's field borrows from the message.
fn attr_borrows(a: &Attr, borrowing: &BTreeSet<String>) -> bool {
    match a.ty {
        AttrType::String | AttrType::Binary => true,
        AttrType::IndexedArray => match a.sub_type {
            Some(AttrType::Nest) => a.nested.as_ref().is_some_and(|n| borrowing.contains(n)),
            Some(AttrType::String | AttrType::Binary) | None => true,
            Some(_) => false,
        },
        AttrType::Nest | AttrType::NestTypeValue => {
            a.nested.as_ref().is_some_and(|n| borrowing.contains(n))
        }
        _ => false,
    }
}

/// The Rust type of a scalar.
fn rust_scalar(t: AttrType, _big_endian: bool) -> &'static str {
    match t {
        AttrType::U8 => "u8",
        AttrType::U16 => "u16",
        AttrType::U32 => "u32",
        AttrType::U64 | AttrType::Uint => "u64",
        AttrType::S8 => "i8",
        AttrType::S16 => "i16",
        AttrType::S32 => "i32",
        AttrType::S64 | AttrType::Sint => "i64",
        _ => "u32",
    }
}

/// An expression reading scalar `t` from attribute expression `var`.
fn scalar_read(t: AttrType, big_endian: bool, var: &str) -> String {
    match t {
        AttrType::Flag => format!("ynl::get_flag(&{var})?"),
        AttrType::String => format!("{var}.string()?"),
        AttrType::Binary => format!("{var}.value"),
        AttrType::Bitfield32 => format!("ynl::get_bitfield32(&{var})?"),
        AttrType::U8 => format!("{var}.u8()?"),
        AttrType::U16 if big_endian => format!("ynl::get_be16(&{var})?"),
        AttrType::U16 => format!("{var}.u16()?"),
        AttrType::U32 if big_endian => format!("ynl::get_be32(&{var})?"),
        AttrType::U32 => format!("{var}.u32()?"),
        AttrType::U64 => format!("{var}.u64()?"),
        AttrType::S8 => format!("ynl::get_s8(&{var})?"),
        AttrType::S16 => format!("ynl::get_s16(&{var})?"),
        AttrType::S32 => format!("ynl::get_s32(&{var})?"),
        AttrType::S64 => format!("ynl::get_s64(&{var})?"),
        AttrType::Uint => format!("ynl::get_uint(&{var})?"),
        AttrType::Sint => format!("ynl::get_sint(&{var})?"),
        _ => format!("{var}.value"),
    }
}

/// The attribute numbers of `names` in `set`, as a slice of enum casts.
fn attr_numbers(f: &Family, set: &str, names: &[String]) -> Expr {
    let Some(s) = f.set(set) else {
        return Expr::slice(Vec::new());
    };
    let items: Vec<Expr> = names
        .iter()
        .filter_map(|n| s.attr(n))
        .map(|a| {
            Expr::atom(format!(
                "{}::{} as u16",
                attr_enum(s.enum_set()),
                camel(&a.name)
            ))
        })
        .collect();
    Expr::slice(items)
}

/// `use path;`, or `use path as name;` when the path ends otherwise.
fn use_line(path: &str, name: &str) -> String {
    if path.rsplit("::").next() == Some(name) {
        format!("use {path};")
    } else {
        format!("use {path} as {name};")
    }
}

/// A text as a sentence (ending with a period).
fn sentence(doc: &str) -> String {
    let t = doc.trim();
    if t.is_empty() || t.ends_with('.') {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// The smallest `repr` that holds the values.
fn enum_repr(values: impl Iterator<Item = i64>) -> &'static str {
    let values: Vec<i64> = values.collect();
    let (min, max) = (
        values.iter().min().copied().unwrap_or(0),
        values.iter().max().copied().unwrap_or(0),
    );
    if min < 0 {
        "i64"
    } else if max <= i64::from(u32::MAX) {
        "u32"
    } else {
        "u64"
    }
}

/// The first sentence of a text (for one-line docs).
fn first_sentence(doc: &str) -> String {
    let flat = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) => flat[..=i].to_owned(),
        None => flat,
    }
}

/// An enum with explicit values, `ALL`, `name()`, `From<E> for repr` and
/// `TryFrom<repr>` that refuses numbers the spec does not define.
fn name_enum(
    w: &mut Writer,
    name: &str,
    repr: &str,
    variants: &[(String, String, String, i64)],
    what: &str,
) {
    w.line("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]");
    if !variants.is_empty() {
        w.line(format!("#[repr({repr})]"));
    }
    if variants.is_empty() {
        w.line(format!("pub enum {name} {{}}"));
    } else {
        w.open(format!("pub enum {name} {{"));
        for (variant, spec_name, doc, value) in variants {
            w.doc(&or_default(doc, || format!("`{spec_name}`.")));
            w.line(format!("{variant} = {value},"));
        }
        w.close("}");
    }
    w.blank();
    w.open(format!("impl {name} {{"));
    w.line(format!("/// Every {what}, in spec order."));
    let items: Vec<Expr> = variants
        .iter()
        .map(|(v, _, _, _)| Expr::atom(format!("{name}::{v}")))
        .collect();
    let decl = format!("pub const ALL: [{name}; {}] = ", variants.len());
    w.expr(&decl, &Expr::Array(items), ";");
    w.blank();
    w.line(format!("/// The {what}'s name in the spec."));
    w.open("pub const fn name(self) -> &'static str {");
    if variants.is_empty() {
        w.line("match self {}");
    } else {
        w.open("match self {");
        for (v, spec_name, _, _) in variants {
            w.line(format!("{name}::{v} => {},", string_literal(spec_name)));
        }
        w.close("}");
    }
    w.close("}");
    w.close("}");
    w.blank();
    w.open(format!("impl From<{name}> for {repr} {{"));
    w.open(format!("fn from(value: {name}) -> {repr} {{"));
    if variants.is_empty() {
        w.line("match value {}");
    } else {
        w.line(format!("value as {repr}"));
    }
    w.close("}");
    w.close("}");
    w.blank();
    w.open(format!("impl TryFrom<{repr}> for {name} {{"));
    w.line(format!("type Error = {repr};"));
    w.blank();
    w.line(format!(
        "/// The {what} numbered `value`; the error is a number the spec does not define."
    ));
    w.open(format!(
        "fn try_from(value: {repr}) -> Result<{name}, {repr}> {{"
    ));
    if variants.is_empty() {
        w.line("Err(value)");
    } else {
        w.open("match value {");
        for (v, _, _, value) in variants {
            w.line(format!("{value} => Ok({name}::{v}),"));
        }
        w.line("other => Err(other),");
        w.close("}");
    }
    w.close("}");
    w.close("}");
}

/// Limits in user tables are numbers; this keeps [`Limit`]'s source in use for docs.
#[allow(dead_code)]
fn limit_doc(l: &Limit) -> String {
    match &l.source {
        LimitSource::Literal => l.value.to_string(),
        LimitSource::Const { name, .. } => format!("{name} ({})", l.value),
        LimitSource::TypeLimit(name) => format!("{name} ({})", l.value),
    }
}
