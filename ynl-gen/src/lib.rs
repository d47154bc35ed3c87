//! ynl-gen: Rust for both sides of a Generic Netlink family, from its YNL spec.
//!
//! The kernel's `tools/net/ynl/pyynl/ynl_gen_c.py` turns a spec into C: policy tables,
//! op tables, and a user-space library. This crate does the same for Rust: [`user`]
//! writes the user side (names, tables, typed requests and replies on `wire.rs`) and
//! [`kernel`] the module side (constants, enums, policies, the split-op table, the
//! handler trait). [`load`] reads and checks a spec: YAML ([`yaml`]), the kernel's JSON
//! schema ([`schema`]), then what the schema cannot say ([`spec`]).

pub mod kernel;
pub mod names;
pub mod schema;
pub mod spec;
pub mod user;
pub mod writer;
pub mod yaml;

use std::fmt;
use std::path::Path;

/// The kernel's schemas (Linux 7.3, `Documentation/netlink/`), by protocol.
pub const SCHEMAS: [(&str, &str); 3] = [
    ("genetlink", include_str!("../schemas/genetlink.yaml")),
    ("genetlink-c", include_str!("../schemas/genetlink-c.yaml")),
    (
        "genetlink-legacy",
        include_str!("../schemas/genetlink-legacy.yaml"),
    ),
];

/// Why ynl-gen stopped, with the exit code it documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The spec is not YAML, has no SPDX line or breaks its schema (exit 3).
    Schema(String),
    /// The spec contradicts itself (exit 4).
    Inconsistent(String),
    /// The spec uses what ynl-gen cannot generate (exit 5).
    Unsupported(String),
    /// A file could not be read or written (exit 6).
    Io(String),
    /// The schema file is not usable (exit 7).
    SchemaFile(String),
    /// `--check`: an output is missing or differs (exit 1).
    OutOfDate(String),
}

impl Failure {
    /// The exit code documented in `ynl-gen --help`.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::OutOfDate(_) => 1,
            Failure::Schema(_) => 3,
            Failure::Inconsistent(_) => 4,
            Failure::Unsupported(_) => 5,
            Failure::Io(_) => 6,
            Failure::SchemaFile(_) => 7,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Schema(m)
            | Failure::Inconsistent(m)
            | Failure::Unsupported(m)
            | Failure::Io(m)
            | Failure::SchemaFile(m)
            | Failure::OutOfDate(m) => f.write_str(m),
        }
    }
}

/// Turns a [`spec::SpecError`] of file `name` into a failure.
pub fn spec_failure(name: &str, e: spec::SpecError) -> Failure {
    let at = if e.pos.line > 0 {
        format!("{name}:{}:{}", e.pos.line, e.pos.col)
    } else {
        name.to_owned()
    };
    match e.kind {
        spec::SpecErrorKind::Inconsistent => Failure::Inconsistent(format!("{at}: {e}")),
        spec::SpecErrorKind::Unsupported => Failure::Unsupported(format!(
            "{at}: {}: not supported by ynl-gen: {}",
            e.path, e.msg
        )),
    }
}

/// Reads, validates and resolves a spec.
///
/// `name` names the spec in messages; `schema_dir`, when given, is a directory holding
/// `<protocol>.yaml` (such as the kernel's `Documentation/netlink`), used instead of
/// the copies built into ynl-gen.
pub fn load(name: &str, text: &str, schema_dir: Option<&Path>) -> Result<spec::Family, Failure> {
    let doc =
        yaml::parse(text).map_err(|e| Failure::Schema(format!("{name}:{e} (not valid YAML)")))?;
    let license = spec::license(text).ok_or_else(|| {
        Failure::Schema(format!(
            "{name}:1:1: $: the first line must be \"# SPDX-License-Identifier: <license>\""
        ))
    })?;
    let protocol = doc
        .get("protocol")
        .and_then(yaml::Node::as_str)
        .unwrap_or("genetlink")
        .to_owned();
    if protocol == "netlink-raw" {
        let pos = doc.get("protocol").map(|p| p.pos).unwrap_or_default();
        return Err(Failure::Unsupported(format!(
            "{name}:{pos}: $.protocol: not supported by ynl-gen: netlink-raw (classic Netlink) families"
        )));
    }
    let schema_name = if SCHEMAS.iter().any(|(p, _)| *p == protocol) {
        protocol.as_str()
    } else {
        // The genetlink schema's enum of protocols says what is wrong.
        "genetlink"
    };
    let (schema_file, schema_text) = match schema_dir {
        Some(dir) => {
            let path = dir.join(format!("{schema_name}.yaml"));
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
            (path.display().to_string(), text)
        }
        None => {
            let text = SCHEMAS
                .iter()
                .find(|(p, _)| *p == schema_name)
                .map(|(_, t)| *t)
                .unwrap_or_default();
            (format!("{schema_name}.yaml"), text.to_owned())
        }
    };
    let schema_doc = yaml::parse(&schema_text)
        .map_err(|e| Failure::SchemaFile(format!("{schema_file}:{e} (not valid YAML)")))?;
    let schema = schema::Schema::new(schema_doc)
        .map_err(|e| Failure::SchemaFile(format!("{schema_file}: {e}")))?;
    let violations = schema.validate(&doc);
    if let Some(first) = violations.first() {
        let more = match violations.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more problem)".into(),
            n => format!(" (and {n} more problems)"),
        };
        return Err(Failure::Schema(format!(
            "{name}:{}: {first} (schema {schema_name}.yaml){more}",
            first.pos
        )));
    }
    spec::resolve(&doc, license).map_err(|e| spec_failure(name, e))
}
