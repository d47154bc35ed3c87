//! A spec, resolved: attribute and command values assigned, subsets merged, names checked,
//! and each attribute's kernel policy worked out the way `ynl_gen_c.py` works it out.
//!
//! The schema says what a spec may contain; this module checks what the schema cannot
//! (that names refer to things that exist, values do not collide, `min` is not above
//! `max`) and says plainly when the spec uses something the generator does not support.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::yaml::{Node, Pos, Value};

/// What is wrong with a spec that follows its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Whether the spec contradicts itself or uses something ynl-gen cannot generate.
    pub kind: SpecErrorKind,
    /// The JSON path of the offending value.
    pub path: String,
    /// Where it is.
    pub pos: Pos,
    /// What is wrong.
    pub msg: String,
}

/// The two kinds of [`SpecError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecErrorKind {
    /// The spec refers to names that do not exist, repeats values, and the like.
    Inconsistent,
    /// The spec is valid, but ynl-gen cannot generate code for this part of it.
    Unsupported,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.msg)
    }
}

fn bad(path: &str, pos: Pos, msg: impl Into<String>) -> SpecError {
    SpecError {
        kind: SpecErrorKind::Inconsistent,
        path: path.to_owned(),
        pos,
        msg: msg.into(),
    }
}

/// An error of kind [`SpecErrorKind::Unsupported`].
pub fn unsupported(path: &str, pos: Pos, msg: impl Into<String>) -> SpecError {
    SpecError {
        kind: SpecErrorKind::Unsupported,
        path: path.to_owned(),
        pos,
        msg: msg.into(),
    }
}

/// A resolved family.
#[derive(Debug, Clone)]
pub struct Family {
    /// The spec's license (its first line's SPDX tag).
    pub license: String,
    /// The family's name.
    pub name: String,
    /// What the family is for.
    pub doc: String,
    /// `genetlink`, `genetlink-c` or `genetlink-legacy`.
    pub protocol: String,
    /// The family version (`version`, genetlink-legacy only; 1 otherwise).
    pub version: u32,
    /// Whether requests and replies are numbered separately (`enum-model: directional`).
    pub directional: bool,
    /// `split` (the default), `per-op` or `global`.
    pub kernel_policy: String,
    /// Constants, enums and flags.
    pub definitions: Vec<Definition>,
    /// Attribute sets, in spec order.
    pub sets: Vec<AttrSet>,
    /// Operations and notifications, in spec order.
    pub ops: Vec<Op>,
    /// Multicast groups, in spec order (their index is their position).
    pub mcgrps: Vec<McGroup>,
}

/// An item of `definitions`.
#[derive(Debug, Clone)]
pub struct Definition {
    /// Its name.
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// A C header that defines it already.
    pub header: Option<String>,
    /// `uapi`, `kernel` or `user`.
    pub scope: String,
    /// What it is.
    pub kind: DefKind,
}

/// What a [`Definition`] is.
#[derive(Debug, Clone)]
pub enum DefKind {
    /// A constant number.
    Const(i64),
    /// A constant string.
    ConstStr(String),
    /// Named values.
    Enum(Vec<EnumEntry>),
    /// Named bits: the entry's value is the bit number.
    Flags(Vec<EnumEntry>),
    /// A C struct (genetlink-legacy); attributes using it are handled as binary.
    Struct,
}

/// One entry of an enum or flags definition.
#[derive(Debug, Clone)]
pub struct EnumEntry {
    /// Its name.
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// Its raw value (for flags, the bit number).
    pub value: i64,
}

impl Definition {
    /// For enums, the entries' values; for flags, their masks (`1 << bit`).
    pub fn user_values(&self) -> Vec<(String, u64, String)> {
        match &self.kind {
            DefKind::Enum(entries) => entries
                .iter()
                .map(|e| (e.name.clone(), e.value as u64, e.doc.clone()))
                .collect(),
            DefKind::Flags(entries) => entries
                .iter()
                .map(|e| (e.name.clone(), 1u64 << e.value, e.doc.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// An attribute set.
#[derive(Debug, Clone)]
pub struct AttrSet {
    /// Its name.
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// The set whose attributes (and numbers) this one uses.
    pub subset_of: Option<String>,
    /// The attributes, in spec order.
    pub attrs: Vec<Attr>,
    /// Where the set is in the spec.
    pub path: String,
    /// Its position.
    pub pos: Pos,
}

impl AttrSet {
    /// The attribute named `name`.
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The set whose enum names these attributes: itself, or what it is a subset of.
    pub fn enum_set(&self) -> &str {
        self.subset_of.as_deref().unwrap_or(&self.name)
    }
}

/// An attribute type of the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttrType {
    Unused,
    Pad,
    Flag,
    Binary,
    Bitfield32,
    Uint,
    Sint,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    String,
    Nest,
    IndexedArray,
    NestTypeValue,
}

impl AttrType {
    fn parse(name: &str) -> Option<AttrType> {
        Some(match name {
            "unused" => AttrType::Unused,
            "pad" => AttrType::Pad,
            "flag" => AttrType::Flag,
            "binary" => AttrType::Binary,
            "bitfield32" => AttrType::Bitfield32,
            "uint" => AttrType::Uint,
            "sint" => AttrType::Sint,
            "u8" => AttrType::U8,
            "u16" => AttrType::U16,
            "u32" => AttrType::U32,
            "u64" => AttrType::U64,
            "s8" => AttrType::S8,
            "s16" => AttrType::S16,
            "s32" => AttrType::S32,
            "s64" => AttrType::S64,
            "string" => AttrType::String,
            "nest" => AttrType::Nest,
            "indexed-array" => AttrType::IndexedArray,
            "nest-type-value" => AttrType::NestTypeValue,
            _ => return None,
        })
    }

    /// The schema's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            AttrType::Unused => "unused",
            AttrType::Pad => "pad",
            AttrType::Flag => "flag",
            AttrType::Binary => "binary",
            AttrType::Bitfield32 => "bitfield32",
            AttrType::Uint => "uint",
            AttrType::Sint => "sint",
            AttrType::U8 => "u8",
            AttrType::U16 => "u16",
            AttrType::U32 => "u32",
            AttrType::U64 => "u64",
            AttrType::S8 => "s8",
            AttrType::S16 => "s16",
            AttrType::S32 => "s32",
            AttrType::S64 => "s64",
            AttrType::String => "string",
            AttrType::Nest => "nest",
            AttrType::IndexedArray => "indexed-array",
            AttrType::NestTypeValue => "nest-type-value",
        }
    }

    /// Whether it is an integer type (ynl's scalars).
    pub fn is_scalar(self) -> bool {
        matches!(
            self,
            AttrType::Uint
                | AttrType::Sint
                | AttrType::U8
                | AttrType::U16
                | AttrType::U32
                | AttrType::U64
                | AttrType::S8
                | AttrType::S16
                | AttrType::S32
                | AttrType::S64
        )
    }

    /// Whether it is a signed integer type.
    pub fn is_signed(self) -> bool {
        matches!(
            self,
            AttrType::Sint | AttrType::S8 | AttrType::S16 | AttrType::S32 | AttrType::S64
        )
    }
}

/// A bound of a check, with where its value came from (so code can name it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The value.
    pub value: i128,
    /// How the spec wrote it.
    pub source: LimitSource,
}

/// How a spec wrote a [`Limit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitSource {
    /// A number.
    Literal,
    /// A constant of the spec's `definitions`, possibly with ` - 1`; `header` when a C
    /// header defines it (its value in the spec may be a placeholder).
    Const {
        /// The constant's name.
        name: String,
        /// Whether ` - 1` follows the name.
        minus_one: bool,
        /// Whether a C header defines it.
        header: bool,
    },
    /// A limit of a fixed-width type, such as `u32-max`.
    TypeLimit(String),
}

/// The checks of an attribute, resolved; `min` and `max` include those implied by an
/// `enum` (as `ynl_gen_c.py` derives them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checks {
    /// Smallest value.
    pub min: Option<Limit>,
    /// Largest value.
    pub max: Option<Limit>,
    /// Smallest length (binary).
    pub min_len: Option<Limit>,
    /// Largest length (string before its NUL, or binary).
    pub max_len: Option<Limit>,
    /// Exact length.
    pub exact_len: Option<Limit>,
    /// The flags definition whose bits are the allowed mask.
    pub flags_mask: Option<String>,
    /// For strings: no NUL needed at the end.
    pub unterminated_ok: bool,
    /// The enum's values are not contiguous, so a range cannot check them.
    pub sparse: bool,
}

/// An attribute.
#[derive(Debug, Clone)]
pub struct Attr {
    /// Its name.
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// Its number.
    pub value: u16,
    /// Its type.
    pub ty: AttrType,
    /// The element type of an `indexed-array`.
    pub sub_type: Option<AttrType>,
    /// The attribute set inside it (nest, indexed-array of nests, nest-type-value).
    pub nested: Option<String>,
    /// Whether it may appear several times.
    pub multi: bool,
    /// Whether its value is big-endian on the wire.
    pub big_endian: bool,
    /// The enum or flags definition of its values.
    pub enumeration: Option<String>,
    /// Whether its enum is used as flags.
    pub enum_as_flags: bool,
    /// The names of the type levels of a `nest-type-value`.
    pub type_value: Vec<String>,
    /// Its checks.
    pub checks: Checks,
    /// Where it is in the spec.
    pub path: String,
    /// Its position.
    pub pos: Pos,
}

/// The attributes of a request, reply or notification, by name.
pub type AttrList = Vec<String>;

/// `do` or `dump` of an operation.
#[derive(Debug, Clone, Default)]
pub struct Mode {
    /// The request's attributes (`None`: no request section).
    pub request: Option<AttrList>,
    /// The reply's attributes (`None`: no reply section).
    pub reply: Option<AttrList>,
    /// A `pre` hook.
    pub pre: Option<String>,
    /// A `post` hook.
    pub post: Option<String>,
}

/// An operation or a notification.
#[derive(Debug, Clone)]
pub struct Op {
    /// Its name.
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// The command number of its request (or of the notification).
    pub value: u8,
    /// The command number of its replies.
    pub reply_value: u8,
    /// The attribute set of its messages.
    pub set: Option<String>,
    /// `admin-perm`, `uns-admin-perm`.
    pub flags: Vec<String>,
    /// `strict`, `dump`, `dump-strict`.
    pub dont_validate: Vec<String>,
    /// The kernel config option without which it does not exist.
    pub config_cond: Option<String>,
    /// The do handler's messages.
    pub do_: Option<Mode>,
    /// The dump handler's messages.
    pub dump: Option<Mode>,
    /// A notification with the reply of this operation.
    pub notify: Option<String>,
    /// A notification with these attributes.
    pub event: Option<AttrList>,
    /// The group a notification goes to.
    pub mcgrp: Option<String>,
    /// Where it is in the spec.
    pub path: String,
    /// Its position.
    pub pos: Pos,
}

impl Op {
    /// Whether it is a request the kernel handles (has do or dump).
    pub fn is_call(&self) -> bool {
        self.do_.is_some() || self.dump.is_some()
    }

    /// Whether it is a notification.
    pub fn is_ntf(&self) -> bool {
        self.notify.is_some() || self.event.is_some()
    }

    /// The do and dump modes it has, in that order.
    pub fn modes(&self) -> Vec<(&'static str, &Mode)> {
        let mut out = Vec::new();
        if let Some(m) = &self.do_ {
            out.push(("do", m));
        }
        if let Some(m) = &self.dump {
            out.push(("dump", m));
        }
        out
    }

    /// Whether do and dump both have a request (each gets its own policy).
    pub fn dual_policy(&self) -> bool {
        self.do_.as_ref().is_some_and(|m| m.request.is_some())
            && self.dump.as_ref().is_some_and(|m| m.request.is_some())
    }
}

/// A multicast group.
#[derive(Debug, Clone)]
pub struct McGroup {
    /// Its name.
    pub name: String,
    /// `admin-perm`, `uns-admin-perm`.
    pub flags: Vec<String>,
}

impl Family {
    /// The attribute set named `name`.
    pub fn set(&self, name: &str) -> Option<&AttrSet> {
        self.sets.iter().find(|s| s.name == name)
    }

    /// The definition named `name`.
    pub fn definition(&self, name: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.name == name)
    }

    /// The operation or notification named `name`.
    pub fn op(&self, name: &str) -> Option<&Op> {
        self.ops.iter().find(|o| o.name == name)
    }

    /// The attributes a notification carries, with their set.
    pub fn ntf_attrs<'s>(&'s self, ntf: &'s Op) -> (Option<&'s str>, AttrList) {
        if let Some(target) = ntf.notify.as_deref().and_then(|n| self.op(n)) {
            let reply = target
                .do_
                .as_ref()
                .and_then(|m| m.reply.clone())
                .or_else(|| target.dump.as_ref().and_then(|m| m.reply.clone()))
                .unwrap_or_default();
            return (target.set.as_deref(), reply);
        }
        (ntf.set.as_deref(), ntf.event.clone().unwrap_or_default())
    }

    /// The attribute sets reachable through nests from the attributes `names` of `set`,
    /// in breadth-first order (the ones a request or reply can contain below its top).
    pub fn nested_sets_of(&self, set: &str, names: &[String]) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut order = Vec::new();
        let mut queue: Vec<String> = Vec::new();
        if let Some(s) = self.set(set) {
            for name in names {
                if let Some(n) = s.attr(name).and_then(|a| a.nested.clone()) {
                    if seen.insert(n.clone()) {
                        queue.push(n.clone());
                        order.push(n);
                    }
                }
            }
        }
        while !queue.is_empty() {
            let current = queue.remove(0);
            if let Some(s) = self.set(&current) {
                for a in &s.attrs {
                    if let Some(n) = &a.nested {
                        if seen.insert(n.clone()) {
                            queue.push(n.clone());
                            order.push(n.clone());
                        }
                    }
                }
            }
        }
        order
    }
}

/// Reads the SPDX tag of a spec's first line, as the kernel's tools require one.
pub fn license(text: &str) -> Option<String> {
    let first = text.lines().next()?.trim();
    first
        .strip_prefix("# SPDX-License-Identifier: ")
        .map(|l| l.trim().to_owned())
}

/// Context for reading the YAML tree.
struct Reader<'a> {
    root: &'a Node,
}

fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.get(key)
}

fn text(node: &Node, key: &str) -> String {
    node.get(key)
        .and_then(Node::as_str)
        .map(str::to_owned)
        .unwrap_or_default()
}

fn opt_text(node: &Node, key: &str) -> Option<String> {
    node.get(key).and_then(Node::as_str).map(str::to_owned)
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(|n| {
        n.items()
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect()
    })
    .unwrap_or_default()
}

/// Resolves a spec that follows its schema.
pub fn resolve(doc: &Node, license: String) -> Result<Family, SpecError> {
    let reader = Reader { root: doc };
    reader.family(license)
}

impl Reader<'_> {
    fn family(&self, license: String) -> Result<Family, SpecError> {
        let root = self.root;
        let protocol = opt_text(root, "protocol").unwrap_or_else(|| "genetlink".into());
        let version = root
            .get("version")
            .and_then(Node::as_int)
            .map_or(Ok(1), u32::try_from)
            .map_err(|_| bad("$.version", root.pos, "the version does not fit in 32 bits"))?;
        if root
            .get("version")
            .is_some_and(|v| v.as_int().is_some_and(|v| v > 255))
        {
            let at = root.get("version").unwrap().pos;
            return Err(bad(
                "$.version",
                at,
                "genlmsghdr carries the version in 8 bits",
            ));
        }
        let operations = root
            .get("operations")
            .expect("the schema requires operations");
        let directional =
            operations.get("enum-model").and_then(Node::as_str) == Some("directional");
        if let Some(fixed) = operations.get("fixed-header") {
            return Err(unsupported(
                "$.operations.fixed-header",
                fixed.pos,
                "fixed headers after genlmsghdr are not supported",
            ));
        }
        let mut family = Family {
            license,
            name: text(root, "name"),
            doc: text(root, "doc"),
            protocol,
            version,
            directional,
            kernel_policy: opt_text(root, "kernel-policy").unwrap_or_else(|| "split".into()),
            definitions: self.definitions()?,
            sets: Vec::new(),
            ops: Vec::new(),
            mcgrps: Vec::new(),
        };
        family.sets = self.sets(&family)?;
        family.ops = self.ops(&family, operations)?;
        family.mcgrps = self.mcgrps()?;
        check_ops(&family)?;
        Ok(family)
    }

    fn definitions(&self) -> Result<Vec<Definition>, SpecError> {
        let mut out: Vec<Definition> = Vec::new();
        for (i, d) in self
            .root
            .get("definitions")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let path = format!("$.definitions[{i}]");
            let name = text(d, "name");
            if out.iter().any(|o| o.name == name) {
                return Err(bad(
                    &path,
                    d.pos,
                    format!("a second definition named \"{name}\""),
                ));
            }
            let kind = match text(d, "type").as_str() {
                "const" => match field(d, "value").map(|v| &v.value) {
                    Some(Value::Int(v)) => DefKind::Const(*v),
                    Some(Value::Str(s)) => DefKind::ConstStr(s.clone()),
                    _ => {
                        return Err(bad(
                            &path,
                            d.pos,
                            format!("constant \"{name}\" has no value"),
                        ))
                    }
                },
                "struct" => DefKind::Struct,
                kind => {
                    let start = match field(d, "value-start").map(|v| &v.value) {
                        None => 0,
                        Some(Value::Int(v)) => *v,
                        Some(_) => {
                            return Err(unsupported(
                                &format!("{path}.value-start"),
                                d.pos,
                                "a value-start that is not a number",
                            ))
                        }
                    };
                    let mut entries: Vec<EnumEntry> = Vec::new();
                    for e in d.get("entries").map(Node::items).unwrap_or_default() {
                        let (ename, value, doc) = match &e.value {
                            Value::Str(s) => (s.clone(), None, String::new()),
                            _ => (
                                text(e, "name"),
                                e.get("value").and_then(Node::as_int),
                                text(e, "doc"),
                            ),
                        };
                        let value =
                            value.unwrap_or_else(|| entries.last().map_or(start, |p| p.value + 1));
                        if entries.iter().any(|p| p.name == ename) {
                            return Err(bad(
                                &path,
                                e.pos,
                                format!("a second entry named \"{ename}\""),
                            ));
                        }
                        if kind == "flags" && !(0..64).contains(&value) {
                            return Err(bad(
                                &path,
                                e.pos,
                                format!("flag \"{ename}\" is bit {value}, outside 0..63"),
                            ));
                        }
                        entries.push(EnumEntry {
                            name: ename,
                            doc,
                            value,
                        });
                    }
                    if kind == "flags" {
                        DefKind::Flags(entries)
                    } else {
                        DefKind::Enum(entries)
                    }
                }
            };
            out.push(Definition {
                name,
                doc: text(d, "doc"),
                header: opt_text(d, "header"),
                scope: opt_text(d, "scope").unwrap_or_else(|| "uapi".into()),
                kind,
            });
        }
        Ok(out)
    }

    fn sets(&self, family: &Family) -> Result<Vec<AttrSet>, SpecError> {
        let raw = self
            .root
            .get("attribute-sets")
            .map(Node::items)
            .unwrap_or_default();
        let mut sets: Vec<AttrSet> = Vec::new();
        // Full sets first, so that subsets can copy from them wherever they appear.
        for pass in [false, true] {
            for (i, s) in raw.iter().enumerate() {
                let subset_of = opt_text(s, "subset-of");
                if subset_of.is_some() != pass {
                    continue;
                }
                let path = format!("$.attribute-sets[{i}]");
                let name = text(s, "name");
                if sets.iter().any(|o| o.name == name) {
                    return Err(bad(
                        &path,
                        s.pos,
                        format!("a second attribute set named \"{name}\""),
                    ));
                }
                let attrs = match &subset_of {
                    None => self.attrs(family, s, &path)?,
                    Some(parent) => {
                        let Some(parent_set) = sets.iter().find(|p| p.name == *parent) else {
                            let msg = if raw.iter().any(|r| text(r, "name") == *parent) {
                                format!("\"{parent}\" is itself a subset; subsets of subsets are not supported")
                            } else {
                                format!("subset-of names no attribute set \"{parent}\"")
                            };
                            return Err(bad(&format!("{path}.subset-of"), s.pos, msg));
                        };
                        let mut attrs: Vec<Attr> = Vec::new();
                        for (j, a) in s
                            .get("attributes")
                            .map(Node::items)
                            .unwrap_or_default()
                            .iter()
                            .enumerate()
                        {
                            let apath = format!("{path}.attributes[{j}]");
                            let aname = text(a, "name");
                            let Some(real) = parent_set.attr(&aname) else {
                                return Err(bad(
                                    &apath,
                                    a.pos,
                                    format!("set \"{parent}\" has no attribute \"{aname}\""),
                                ));
                            };
                            if a.entries()
                                .iter()
                                .any(|(k, _, _)| k != "name" && k != "doc")
                            {
                                return Err(unsupported(
                                    &apath,
                                    a.pos,
                                    "a subset may only repeat an attribute's name and doc",
                                ));
                            }
                            if attrs.iter().any(|o| o.name == aname) {
                                return Err(bad(
                                    &apath,
                                    a.pos,
                                    format!("a second attribute named \"{aname}\""),
                                ));
                            }
                            let mut attr = real.clone();
                            if let Some(doc) = opt_text(a, "doc") {
                                attr.doc = doc;
                            }
                            attr.path = apath;
                            attr.pos = a.pos;
                            attrs.push(attr);
                        }
                        attrs
                    }
                };
                sets.push(AttrSet {
                    name,
                    doc: text(s, "doc"),
                    subset_of,
                    attrs,
                    path,
                    pos: s.pos,
                });
            }
        }
        // Back to spec order.
        let order: Vec<String> = raw.iter().map(|s| text(s, "name")).collect();
        sets.sort_by_key(|s| order.iter().position(|n| *n == s.name));
        for set in &sets {
            for attr in &set.attrs {
                if let Some(nested) = &attr.nested {
                    if !sets.iter().any(|s| s.name == *nested) {
                        return Err(bad(
                            &format!("{}.nested-attributes", attr.path),
                            attr.pos,
                            format!("no attribute set named \"{nested}\""),
                        ));
                    }
                }
            }
        }
        Ok(sets)
    }

    fn attrs(&self, family: &Family, s: &Node, path: &str) -> Result<Vec<Attr>, SpecError> {
        let mut attrs: Vec<Attr> = Vec::new();
        let mut next: i64 = 1;
        for (j, a) in s
            .get("attributes")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let apath = format!("{path}.attributes[{j}]");
            let name = text(a, "name");
            if attrs.iter().any(|o| o.name == name) {
                return Err(bad(
                    &apath,
                    a.pos,
                    format!("a second attribute named \"{name}\""),
                ));
            }
            let value = a.get("value").and_then(Node::as_int).unwrap_or(next);
            next = value + 1;
            let value = u16::try_from(value)
                .ok()
                .filter(|v| v & 0xc000 == 0)
                .ok_or_else(|| {
                    bad(
                        &apath,
                        a.pos,
                        format!("attribute number {value} does not fit in 14 bits"),
                    )
                })?;
            if let Some(other) = attrs.iter().find(|o| o.value == value) {
                return Err(bad(
                    &apath,
                    a.pos,
                    format!("\"{name}\" has number {value}, like \"{}\"", other.name),
                ));
            }
            let ty_name = text(a, "type");
            let ty = AttrType::parse(&ty_name).ok_or_else(|| {
                unsupported(
                    &format!("{apath}.type"),
                    a.pos,
                    format!("type \"{ty_name}\""),
                )
            })?;
            let sub_type = match opt_text(a, "sub-type") {
                None => None,
                Some(t) => Some(AttrType::parse(&t).ok_or_else(|| {
                    unsupported(
                        &format!("{apath}.sub-type"),
                        a.pos,
                        format!("sub-type \"{t}\""),
                    )
                })?),
            };
            let nested = opt_text(a, "nested-attributes");
            match (ty, sub_type) {
                (AttrType::Nest | AttrType::NestTypeValue, _)
                | (AttrType::IndexedArray, Some(AttrType::Nest))
                    if nested.is_none() =>
                {
                    return Err(bad(
                        &apath,
                        a.pos,
                        format!("a {ty_name} attribute needs nested-attributes"),
                    ));
                }
                (AttrType::IndexedArray, None) => {
                    return Err(bad(&apath, a.pos, "an indexed-array needs a sub-type"));
                }
                _ => {}
            }
            let enumeration = opt_text(a, "enum");
            if let Some(e) = &enumeration {
                match family.definition(e).map(|d| &d.kind) {
                    Some(DefKind::Enum(_) | DefKind::Flags(_)) => {}
                    _ => {
                        return Err(bad(
                            &format!("{apath}.enum"),
                            a.pos,
                            format!("no enum or flags definition named \"{e}\""),
                        ));
                    }
                }
            }
            let mut attr = Attr {
                name,
                doc: text(a, "doc"),
                value,
                ty,
                sub_type,
                nested,
                multi: a.get("multi-attr").and_then(Node::as_bool).unwrap_or(false),
                big_endian: opt_text(a, "byte-order").as_deref() == Some("big-endian"),
                enumeration,
                enum_as_flags: a
                    .get("enum-as-flags")
                    .and_then(Node::as_bool)
                    .unwrap_or(false),
                type_value: strings(a.get("type-value")),
                checks: Checks::default(),
                path: apath.clone(),
                pos: a.pos,
            };
            attr.checks = checks(family, &attr, a.get("checks"), &format!("{apath}.checks"))?;
            attrs.push(attr);
        }
        Ok(attrs)
    }

    fn ops(&self, family: &Family, operations: &Node) -> Result<Vec<Op>, SpecError> {
        let list = operations.get("list").map(Node::items).unwrap_or_default();
        let mut ops: Vec<Op> = Vec::new();
        let (mut req, mut rsp): (i64, i64) = (1, 1);
        for (i, o) in list.iter().enumerate() {
            let path = format!("$.operations.list[{i}]");
            let name = text(o, "name");
            if ops.iter().any(|p| p.name == name) {
                return Err(bad(
                    &path,
                    o.pos,
                    format!("a second operation named \"{name}\""),
                ));
            }
            let mode = |key: &str| -> Option<Mode> {
                o.get(key).map(|m| Mode {
                    request: m.get("request").map(|r| strings(r.get("attributes"))),
                    reply: m.get("reply").map(|r| strings(r.get("attributes"))),
                    pre: opt_text(m, "pre"),
                    post: opt_text(m, "post"),
                })
            };
            let (do_, dump) = (mode("do"), mode("dump"));
            let is_ntf = o.get("notify").is_some() || o.get("event").is_some();
            // Command numbers, as the kernel's nlspec.py assigns them.
            let (value, reply_value) = if !directional_model(operations) {
                let v = o.get("value").and_then(Node::as_int).unwrap_or(req);
                req = v + 1;
                (v, v)
            } else if is_ntf {
                let v = o.get("value").and_then(Node::as_int).unwrap_or(rsp);
                rsp = v + 1;
                (v, v)
            } else if do_.is_some() || dump.is_some() {
                let m = o.get("do").or_else(|| o.get("dump")).unwrap();
                if let Some(v) = m
                    .get("request")
                    .and_then(|r| r.get("value"))
                    .and_then(Node::as_int)
                {
                    req = v;
                }
                if let Some(v) = m
                    .get("reply")
                    .and_then(|r| r.get("value"))
                    .and_then(Node::as_int)
                {
                    rsp = v;
                }
                let has_reply = m.get("reply").is_some();
                let values = (req, rsp);
                req += 1;
                if has_reply {
                    rsp += 1;
                }
                values
            } else {
                return Err(unsupported(
                    &path,
                    o.pos,
                    "a directional operation with neither do, dump nor a notification",
                ));
            };
            let to_u8 = |v: i64| {
                u8::try_from(v).map_err(|_| {
                    bad(
                        &path,
                        o.pos,
                        format!("command number {v} does not fit in 8 bits"),
                    )
                })
            };
            let set = opt_text(o, "attribute-set");
            if let Some(s) = &set {
                if family.set(s).is_none() {
                    return Err(bad(
                        &format!("{path}.attribute-set"),
                        o.pos,
                        format!("no attribute set named \"{s}\""),
                    ));
                }
            }
            for (key, m) in [("do", &do_), ("dump", &dump)] {
                if let Some(m) = m {
                    for (dir, list) in [("request", &m.request), ("reply", &m.reply)] {
                        let node = o
                            .get(key)
                            .and_then(|n| n.get(dir))
                            .and_then(|n| n.get("attributes"));
                        check_attr_names(
                            family,
                            set.as_deref(),
                            list.as_deref(),
                            &format!("{path}.{key}.{dir}"),
                            node.unwrap_or(o),
                        )?;
                    }
                }
            }
            let event = o.get("event").map(|e| strings(e.get("attributes")));
            let node = o.get("event").and_then(|n| n.get("attributes"));
            check_attr_names(
                family,
                set.as_deref(),
                event.as_deref(),
                &format!("{path}.event"),
                node.unwrap_or(o),
            )?;
            if (do_.is_some() || dump.is_some() || event.is_some()) && set.is_none() {
                return Err(bad(
                    &path,
                    o.pos,
                    format!("operation \"{name}\" needs an attribute-set"),
                ));
            }
            ops.push(Op {
                name,
                doc: text(o, "doc"),
                value: to_u8(value)?,
                reply_value: to_u8(reply_value)?,
                set,
                flags: strings(o.get("flags")),
                dont_validate: strings(o.get("dont-validate")),
                config_cond: opt_text(o, "config-cond"),
                do_,
                dump,
                notify: opt_text(o, "notify"),
                event,
                mcgrp: opt_text(o, "mcgrp"),
                path,
                pos: o.pos,
            });
        }
        Ok(ops)
    }

    fn mcgrps(&self) -> Result<Vec<McGroup>, SpecError> {
        let mut out: Vec<McGroup> = Vec::new();
        let list = self
            .root
            .get("mcast-groups")
            .and_then(|g| g.get("list"))
            .map(Node::items)
            .unwrap_or_default();
        for (i, g) in list.iter().enumerate() {
            let name = text(g, "name");
            if out.iter().any(|o| o.name == name) {
                return Err(bad(
                    &format!("$.mcast-groups.list[{i}]"),
                    g.pos,
                    format!("a second group named \"{name}\""),
                ));
            }
            out.push(McGroup {
                name,
                flags: strings(g.get("flags")),
            });
        }
        Ok(out)
    }
}

fn directional_model(operations: &Node) -> bool {
    operations.get("enum-model").and_then(Node::as_str) == Some("directional")
}

fn check_attr_names(
    family: &Family,
    set: Option<&str>,
    names: Option<&[String]>,
    path: &str,
    list: &Node,
) -> Result<(), SpecError> {
    let (Some(names), Some(set_name)) = (names, set) else {
        return Ok(());
    };
    let set = family.set(set_name).expect("checked before");
    let mut seen = BTreeSet::new();
    for (k, name) in names.iter().enumerate() {
        let pos = list.items().get(k).map_or(list.pos, |n| n.pos);
        if set.attr(name).is_none() {
            return Err(bad(
                &format!("{path}.attributes[{k}]"),
                pos,
                format!("attribute set \"{set_name}\" has no attribute \"{name}\""),
            ));
        }
        if !seen.insert(name) {
            return Err(bad(
                &format!("{path}.attributes[{k}]"),
                pos,
                format!("\"{name}\" is listed twice"),
            ));
        }
    }
    Ok(())
}

/// Cross-checks of operations, notifications and groups.
fn check_ops(family: &Family) -> Result<(), SpecError> {
    let mut requests: BTreeMap<u8, &str> = BTreeMap::new();
    let mut ntfs: BTreeMap<u8, &str> = BTreeMap::new();
    for op in &family.ops {
        if op.is_call() {
            if let Some(other) = requests.insert(op.value, &op.name) {
                return Err(bad(
                    &op.path,
                    op.pos,
                    format!(
                        "\"{}\" has command number {}, like \"{other}\"",
                        op.name, op.value
                    ),
                ));
            }
        }
        if op.is_ntf() {
            if let Some(other) = ntfs.insert(op.value, &op.name) {
                return Err(bad(
                    &op.path,
                    op.pos,
                    format!(
                        "notification \"{}\" has number {}, like \"{other}\"",
                        op.name, op.value
                    ),
                ));
            }
        }
        if op.is_call() && op.is_ntf() {
            return Err(unsupported(
                &op.path,
                op.pos,
                "an operation that is both a request and a notification",
            ));
        }
        if let Some(target) = &op.notify {
            match family.op(target) {
                Some(t)
                    if t.do_.as_ref().is_some_and(|m| m.reply.is_some())
                        || t.dump.as_ref().is_some_and(|m| m.reply.is_some()) => {}
                Some(_) => {
                    return Err(bad(
                        &format!("{}.notify", op.path),
                        op.pos,
                        format!("\"{target}\" has no reply to share"),
                    ))
                }
                None => {
                    return Err(bad(
                        &format!("{}.notify", op.path),
                        op.pos,
                        format!("no operation named \"{target}\""),
                    ))
                }
            }
        }
        if let Some(group) = &op.mcgrp {
            if !family.mcgrps.iter().any(|g| g.name == *group) {
                return Err(bad(
                    &format!("{}.mcgrp", op.path),
                    op.pos,
                    format!("no multicast group named \"{group}\""),
                ));
            }
        }
    }
    Ok(())
}

/// Resolves a `min`/`max`-style bound: a number, a constant, or a type limit.
fn limit(family: &Family, node: &Node, path: &str, len: bool) -> Result<Limit, SpecError> {
    match &node.value {
        Value::Int(v) => Ok(Limit {
            value: i128::from(*v),
            source: LimitSource::Literal,
        }),
        Value::Str(s) => {
            let (name, minus_one) = match s.strip_suffix(" - 1") {
                Some(n) => (n, true),
                None => (s.as_str(), false),
            };
            if let Some(d) = family.definition(name) {
                let DefKind::Const(v) = d.kind else {
                    return Err(bad(
                        path,
                        node.pos,
                        format!("\"{name}\" is not a numeric constant"),
                    ));
                };
                return Ok(Limit {
                    value: i128::from(v) - i128::from(minus_one),
                    source: LimitSource::Const {
                        name: name.to_owned(),
                        minus_one,
                        header: d.header.is_some(),
                    },
                });
            }
            if !len && !minus_one {
                if let Some(value) = type_limit(name) {
                    return Ok(Limit {
                        value,
                        source: LimitSource::TypeLimit(name.to_owned()),
                    });
                }
            }
            Err(bad(
                path,
                node.pos,
                format!("\"{s}\" is neither a number nor a constant of the spec"),
            ))
        }
        _ => Err(bad(path, node.pos, "a limit must be a number or a name")),
    }
}

/// The value of `u32-max`, `s16-min` and the like (`limit_to_number` in ynl_gen_c.py).
pub fn type_limit(name: &str) -> Option<i128> {
    let (ty, end) = name.split_once('-')?;
    let signed = match ty.as_bytes().first()? {
        b'u' => false,
        b's' => true,
        _ => return None,
    };
    let width: u32 = ty[1..]
        .parse()
        .ok()
        .filter(|w| [8, 16, 32, 64].contains(w))?;
    let bits = if signed { width - 1 } else { width };
    let max = (1i128 << bits) - 1;
    match (end, signed) {
        ("max", _) => Some(max),
        ("min", false) => Some(0),
        ("min", true) => Some(-max - 1),
        _ => None,
    }
}

/// The checks of one attribute, with those an enum implies (`_init_checks`).
fn checks(
    family: &Family,
    attr: &Attr,
    node: Option<&Node>,
    path: &str,
) -> Result<Checks, SpecError> {
    let mut c = Checks::default();
    if let Some(node) = node {
        for (key, _, value) in node.entries() {
            let here = format!("{path}.{key}");
            match key.as_str() {
                "min" => c.min = Some(limit(family, value, &here, false)?),
                "max" => c.max = Some(limit(family, value, &here, false)?),
                "min-len" => c.min_len = Some(limit(family, value, &here, true)?),
                "max-len" => c.max_len = Some(limit(family, value, &here, true)?),
                "exact-len" => c.exact_len = Some(limit(family, value, &here, true)?),
                "unterminated-ok" => c.unterminated_ok = value.as_bool().unwrap_or(false),
                "flags-mask" => {
                    let name = value.as_str().unwrap_or_default();
                    match family.definition(name).map(|d| &d.kind) {
                        Some(DefKind::Flags(_)) => c.flags_mask = Some(name.to_owned()),
                        _ => {
                            return Err(bad(
                                &here,
                                value.pos,
                                format!("no flags definition named \"{name}\""),
                            ))
                        }
                    }
                }
                other => return Err(unsupported(&here, value.pos, format!("check \"{other}\""))),
            }
        }
    }
    if attr.ty.is_scalar() {
        if let Some(e) = attr
            .enumeration
            .as_deref()
            .and_then(|e| family.definition(e))
        {
            let values: Vec<i64> = match &e.kind {
                DefKind::Enum(entries) | DefKind::Flags(entries) => {
                    entries.iter().map(|x| x.value).collect()
                }
                _ => Vec::new(),
            };
            let (low, high) = (values.iter().min().copied(), values.iter().max().copied());
            match (low, high) {
                (Some(low), Some(high)) if (high - low + 1) as usize == values.len() => {
                    if c.min.is_none() && (low != 0 || attr.ty.is_signed()) {
                        c.min = Some(Limit {
                            value: i128::from(low),
                            source: LimitSource::Literal,
                        });
                    }
                    if c.max.is_none() {
                        c.max = Some(Limit {
                            value: i128::from(high),
                            source: LimitSource::Literal,
                        });
                    }
                }
                _ => c.sparse = true,
            }
        }
        if let (Some(min), Some(max)) = (&c.min, &c.max) {
            if min.value > max.value {
                return Err(bad(
                    path,
                    attr.pos,
                    format!("min {} is above max {}", min.value, max.value),
                ));
            }
        }
        let low = c
            .min
            .as_ref()
            .map_or(0, |l| l.value)
            .min(c.max.as_ref().map_or(0, |l| l.value));
        if low < 0 && !attr.ty.is_signed() {
            return Err(bad(
                path,
                attr.pos,
                format!("a negative limit for unsigned \"{}\"", attr.name),
            ));
        }
    }
    Ok(c)
}

/// The kernel's `NLA_*` policy types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NlaType {
    Flag,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    Uint,
    Sint,
    Be16,
    Be32,
    Binary,
    String,
    NulString,
}

impl NlaType {
    /// The name of the kernel's `NLA_*` constant without its prefix, in Rust case.
    pub fn rust_name(self) -> &'static str {
        match self {
            NlaType::Flag => "Flag",
            NlaType::U8 => "U8",
            NlaType::U16 => "U16",
            NlaType::U32 => "U32",
            NlaType::U64 => "U64",
            NlaType::S8 => "S8",
            NlaType::S16 => "S16",
            NlaType::S32 => "S32",
            NlaType::S64 => "S64",
            NlaType::Uint => "Uint",
            NlaType::Sint => "Sint",
            NlaType::Be16 => "Be16",
            NlaType::Be32 => "Be32",
            NlaType::Binary => "Binary",
            NlaType::String => "String",
            NlaType::NulString => "NulString",
        }
    }
}

/// One attribute's entry in a kernel policy, as `ynl_gen_c.py` would write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Policy {
    /// No entry (pad, unused): the core refuses the attribute under strict validation.
    None,
    /// `{ .type = T, }`.
    Type(NlaType),
    /// `{ .type = NLA_NUL_STRING or NLA_STRING, .len = max, }`.
    String(NlaType, Limit),
    /// `NLA_POLICY_EXACT_LEN(len)`.
    ExactLen(Limit),
    /// `NLA_POLICY_MIN_LEN(len)`.
    MinLen(Limit),
    /// `NLA_POLICY_MAX_LEN(len)`.
    MaxLen(Limit),
    /// `NLA_POLICY_MASK(T, mask)`.
    Mask(NlaType, u64),
    /// `NLA_POLICY_FULL_RANGE(T, &range)` (bounds beyond 16 bits).
    FullRange(NlaType, Option<Limit>, Option<Limit>),
    /// `NLA_POLICY_RANGE(T, min, max)`.
    Range(NlaType, Limit, Limit),
    /// `NLA_POLICY_MIN(T, min)`.
    Min(NlaType, Limit),
    /// `NLA_POLICY_MAX(T, max)`.
    Max(NlaType, Limit),
    /// `NLA_POLICY_NESTED(policy of set)`.
    Nested(String),
    /// `NLA_POLICY_NESTED_ARRAY(policy of set)`.
    NestedArray(String),
    /// `NLA_POLICY_BITFIELD32(mask)`.
    Bitfield32(u32),
}

/// The kernel policy of an attribute, or why there can be none.
pub fn policy(family: &Family, attr: &Attr) -> Result<Policy, SpecError> {
    let no = |msg: String| Err(unsupported(&attr.path, attr.pos, msg));
    let c = &attr.checks;
    let scalar_type = |ty: AttrType| match ty {
        AttrType::U8 => NlaType::U8,
        AttrType::U16 if attr.big_endian => NlaType::Be16,
        AttrType::U16 => NlaType::U16,
        AttrType::U32 if attr.big_endian => NlaType::Be32,
        AttrType::U32 => NlaType::U32,
        AttrType::U64 => NlaType::U64,
        AttrType::S8 => NlaType::S8,
        AttrType::S16 => NlaType::S16,
        AttrType::S32 => NlaType::S32,
        AttrType::S64 => NlaType::S64,
        AttrType::Uint => NlaType::Uint,
        _ => NlaType::Sint,
    };
    Ok(match attr.ty {
        AttrType::Unused | AttrType::Pad => Policy::None,
        AttrType::Flag => Policy::Type(NlaType::Flag),
        AttrType::String => {
            let ty = if c.unterminated_ok {
                NlaType::String
            } else {
                NlaType::NulString
            };
            match (&c.exact_len, &c.max_len) {
                (Some(len), _) => Policy::ExactLen(len.clone()),
                (None, Some(max)) => Policy::String(ty, max.clone()),
                (None, None) => Policy::Type(ty),
            }
        }
        AttrType::Binary => {
            let n = [&c.exact_len, &c.min_len, &c.max_len]
                .iter()
                .filter(|x| x.is_some())
                .count()
                + usize::from(c.min.is_some() || c.max.is_some() || c.flags_mask.is_some());
            if n > 1 {
                return no("more than one check on a binary attribute".into());
            }
            if let Some(l) = &c.exact_len {
                Policy::ExactLen(l.clone())
            } else if let Some(l) = &c.min_len {
                Policy::MinLen(l.clone())
            } else if let Some(l) = &c.max_len {
                Policy::MaxLen(l.clone())
            } else if n == 1 {
                return no("a value check on a binary attribute".into());
            } else {
                Policy::Type(NlaType::Binary)
            }
        }
        AttrType::Bitfield32 => {
            let Some(e) = attr
                .enumeration
                .as_deref()
                .and_then(|e| family.definition(e))
            else {
                return no("a bitfield32 attribute needs an enum for its mask".into());
            };
            let mask: u64 = e.user_values_as_flags().into_iter().sum();
            Policy::Bitfield32(mask as u32)
        }
        AttrType::Nest => Policy::Nested(attr.nested.clone().unwrap_or_default()),
        AttrType::IndexedArray if attr.sub_type == Some(AttrType::Nest) => {
            Policy::NestedArray(attr.nested.clone().unwrap_or_default())
        }
        AttrType::IndexedArray | AttrType::NestTypeValue => {
            return no(format!(
                "a {} attribute in a request (the kernel has no policy type for it)",
                attr.ty.name()
            ));
        }
        ty => {
            let t = scalar_type(ty);
            let is_bitfield = attr.enum_as_flags
                || attr
                    .enumeration
                    .as_deref()
                    .and_then(|e| family.definition(e))
                    .is_some_and(|d| matches!(d.kind, DefKind::Flags(_)));
            if c.flags_mask.is_some() || is_bitfield {
                let mask = if is_bitfield {
                    let e = family.definition(attr.enumeration.as_deref().unwrap_or_default());
                    e.map(|e| e.user_values_as_flags().into_iter().sum())
                        .unwrap_or(0)
                } else {
                    let f = family.definition(c.flags_mask.as_deref().unwrap_or_default());
                    let n = f.map(|f| f.user_values().len()).unwrap_or(0);
                    if n >= 64 {
                        u64::MAX
                    } else {
                        (1u64 << n) - 1
                    }
                };
                Policy::Mask(t, mask)
            } else {
                let low = c
                    .min
                    .as_ref()
                    .map_or(0, |l| l.value)
                    .min(c.max.as_ref().map_or(0, |l| l.value));
                let high = c
                    .min
                    .as_ref()
                    .map_or(0, |l| l.value)
                    .max(c.max.as_ref().map_or(0, |l| l.value));
                if low < -32768 || high > 32767 {
                    Policy::FullRange(t, c.min.clone(), c.max.clone())
                } else {
                    match (&c.min, &c.max) {
                        (Some(min), Some(max)) => Policy::Range(t, min.clone(), max.clone()),
                        (Some(min), None) => Policy::Min(t, min.clone()),
                        (None, Some(max)) => Policy::Max(t, max.clone()),
                        (None, None) if c.sparse => {
                            return no(format!(
                                "enum \"{}\" has gaps; its check needs a validation function",
                                attr.enumeration.as_deref().unwrap_or_default()
                            ));
                        }
                        (None, None) => Policy::Type(t),
                    }
                }
            }
        }
    })
}

impl Definition {
    /// Every entry as a flag mask (`1 << value`), as `enum-as-flags` reads an enum.
    pub fn user_values_as_flags(&self) -> Vec<u64> {
        match &self.kind {
            DefKind::Enum(entries) | DefKind::Flags(entries) => {
                entries.iter().map(|e| 1u64 << e.value).collect()
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_limits_match_ynl_gen_c() {
        assert_eq!(type_limit("u32-max"), Some(4294967295));
        assert_eq!(type_limit("s32-max"), Some(2147483647));
        assert_eq!(type_limit("s8-min"), Some(-128));
        assert_eq!(type_limit("u64-min"), Some(0));
        assert_eq!(type_limit("u64-max"), Some(u64::MAX as i128));
        assert_eq!(type_limit("page-size"), None);
    }
}
