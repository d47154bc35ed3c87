//! A focused JSON-schema validator for the kernel's netlink spec schemas.
//!
//! `Documentation/netlink/genetlink*.yaml` are draft-07 JSON schemas; the kernel's tools
//! check specs against them with Python's `jsonschema`. This module implements the
//! keywords those schemas use (`$ref`, `type`, `enum`, `const`, `pattern`, `minimum`,
//! `maximum`, `required`, `properties`, `additionalProperties`, `items`, `oneOf`,
//! `anyOf`, `allOf`, `not`, `if`/`then`/`else`, `dependencies`) and refuses a schema that
//! uses any other, so a newer schema cannot be half-checked in silence.
//!
//! Every violation names the JSON path of the offending value (`$.operations.list[2].do`)
//! and its position in the spec.

use std::fmt;

use regex_lite::Regex;

use crate::yaml::{Node, Pos, Value};

/// Keywords that only annotate a schema.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "definitions",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
];

/// Keywords this validator checks.
const KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "const",
    "pattern",
    "minimum",
    "maximum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "dependencies",
];

/// One way a spec breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The JSON path of the value, such as `$.attribute-sets[0].attributes[1].type`.
    pub path: String,
    /// Where the value is in the spec.
    pub pos: Pos,
    /// What is wrong with it.
    pub msg: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.msg)
    }
}

/// A loaded schema.
pub struct Schema {
    root: Node,
    patterns: Vec<(String, Regex)>,
}

impl Schema {
    /// Takes a parsed schema document; fails if it uses a keyword this validator lacks,
    /// a `$ref` that does not resolve or a pattern that does not compile.
    pub fn new(root: Node) -> Result<Schema, String> {
        let mut schema = Schema {
            root,
            patterns: Vec::new(),
        };
        let root = schema.root.clone();
        schema.prepare(&root, "#")?;
        Ok(schema)
    }

    /// Checks every schema position below `s`.
    fn prepare(&mut self, s: &Node, at: &str) -> Result<(), String> {
        let entries = match &s.value {
            Value::Map(entries) => entries,
            Value::Bool(_) => return Ok(()),
            _ => return Err(format!("{at}: a schema must be an object or a boolean")),
        };
        for (key, _, value) in entries {
            let here = format!("{at}/{key}");
            match key.as_str() {
                "$defs" | "definitions" | "properties" => {
                    for (name, _, sub) in value.entries() {
                        self.prepare(sub, &format!("{here}/{name}"))?;
                    }
                }
                "dependencies" => {
                    for (name, _, sub) in value.entries() {
                        if !matches!(sub.value, Value::Seq(_)) {
                            self.prepare(sub, &format!("{here}/{name}"))?;
                        }
                    }
                }
                "oneOf" | "anyOf" | "allOf" => {
                    for (i, sub) in value.items().iter().enumerate() {
                        self.prepare(sub, &format!("{here}/{i}"))?;
                    }
                }
                "items" | "not" | "if" | "then" | "else" | "additionalProperties" => {
                    self.prepare(value, &here)?;
                }
                "$ref" => {
                    let target = value.as_str().unwrap_or_default();
                    if self.resolve(target).is_none() {
                        return Err(format!("{here}: cannot resolve \"{target}\""));
                    }
                }
                "pattern" => {
                    let text = value.as_str().unwrap_or_default();
                    let re = Regex::new(text).map_err(|e| format!("{here}: {e}"))?;
                    self.patterns.push((text.to_owned(), re));
                }
                k if KEYWORDS.contains(&k) || ANNOTATIONS.contains(&k) => {}
                k => {
                    return Err(format!(
                        "{here}: ynl-gen's validator does not know keyword \"{k}\""
                    ))
                }
            }
        }
        Ok(())
    }

    /// Follows a local JSON pointer such as `#/$defs/name`.
    fn resolve(&self, target: &str) -> Option<&Node> {
        let pointer = target.strip_prefix('#')?;
        let mut node = &self.root;
        for part in pointer.split('/').skip(1) {
            let part = part.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Map(_) => node.get(&part)?,
                Value::Seq(items) => items.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Every violation of `instance`, earliest in the file first.
    pub fn validate(&self, instance: &Node) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check(instance, &self.root, "$", &mut out);
        out.sort_by(|a, b| a.pos.cmp(&b.pos).then_with(|| a.path.cmp(&b.path)));
        out.dedup();
        out
    }

    fn check(&self, inst: &Node, s: &Node, path: &str, out: &mut Vec<Violation>) {
        let fail = |out: &mut Vec<Violation>, pos: Pos, path: String, msg: String| {
            out.push(Violation { path, pos, msg });
        };
        match s.value {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                fail(
                    out,
                    inst.pos,
                    path.into(),
                    "no value is allowed here".into(),
                );
                return;
            }
            _ => {}
        }
        if let Some(target) = s.get("$ref").and_then(Node::as_str) {
            if let Some(target) = self.resolve(target) {
                self.check(inst, target, path, out);
            }
        }
        if let Some(ty) = s.get("type") {
            let allowed: Vec<&str> = match &ty.value {
                Value::Str(t) => vec![t.as_str()],
                Value::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
                _ => Vec::new(),
            };
            if !allowed.iter().any(|t| has_type(inst, t)) {
                let msg = format!(
                    "expected {}, found {}",
                    allowed.join(" or "),
                    describe(inst)
                );
                fail(out, inst.pos, path.into(), msg);
                // The other keywords would only repeat this.
                return;
            }
        }
        if let Some(options) = s.get("enum") {
            if !options.items().iter().any(|o| same(o, inst)) {
                let names: Vec<String> = options.items().iter().map(short).collect();
                let msg = format!("{} is not one of: {}", describe(inst), names.join(", "));
                fail(out, inst.pos, path.into(), msg);
            }
        }
        if let Some(expected) = s.get("const") {
            if !same(expected, inst) {
                let msg = format!("{} is not {}", describe(inst), short(expected));
                fail(out, inst.pos, path.into(), msg);
            }
        }
        if let (Some(pattern), Value::Str(text)) =
            (s.get("pattern").and_then(Node::as_str), &inst.value)
        {
            let re = self
                .patterns
                .iter()
                .find(|(p, _)| p == pattern)
                .map(|(_, re)| re);
            if re.is_some_and(|re| !re.is_match(text)) {
                let msg = format!("{} does not match the pattern {pattern}", describe(inst));
                fail(out, inst.pos, path.into(), msg);
            }
        }
        if let Some(number) = as_number(inst) {
            if let Some(min) = s.get("minimum").and_then(as_number) {
                if number < min {
                    let msg = format!(
                        "{} is less than the minimum {}",
                        describe(inst),
                        short_num(min)
                    );
                    fail(out, inst.pos, path.into(), msg);
                }
            }
            if let Some(max) = s.get("maximum").and_then(as_number) {
                if number > max {
                    let msg = format!(
                        "{} is more than the maximum {}",
                        describe(inst),
                        short_num(max)
                    );
                    fail(out, inst.pos, path.into(), msg);
                }
            }
        }
        if let Value::Map(entries) = &inst.value {
            for required in s.get("required").map(Node::items).unwrap_or_default() {
                let name = required.as_str().unwrap_or_default();
                if inst.get(name).is_none() {
                    fail(
                        out,
                        inst.pos,
                        path.into(),
                        format!("missing required property \"{name}\""),
                    );
                }
            }
            let properties = s.get("properties");
            let additional = s.get("additionalProperties");
            for (key, kpos, value) in entries {
                let sub_path = format!("{path}.{key}");
                if let Some(sub) = properties.and_then(|p| p.get(key)) {
                    self.check(value, sub, &sub_path, out);
                } else if let Some(additional) = additional {
                    if additional.value == Value::Bool(false) {
                        let known: Vec<&str> = properties
                            .map(|p| p.entries().iter().map(|(k, _, _)| k.as_str()).collect())
                            .unwrap_or_default();
                        let msg = match closest(key, &known) {
                            Some(hint) => {
                                format!("unknown property \"{key}\" (did you mean \"{hint}\"?)")
                            }
                            None => format!("unknown property \"{key}\""),
                        };
                        fail(out, *kpos, sub_path, msg);
                    } else {
                        self.check(value, additional, &sub_path, out);
                    }
                }
            }
            for (key, _, dep) in s.get("dependencies").map(Node::entries).unwrap_or_default() {
                if inst.get(key).is_none() {
                    continue;
                }
                match &dep.value {
                    Value::Seq(names) => {
                        for name in names.iter().filter_map(Node::as_str) {
                            if inst.get(name).is_none() {
                                let msg = format!("\"{key}\" needs \"{name}\" as well");
                                fail(out, inst.pos, path.into(), msg);
                            }
                        }
                    }
                    _ => {
                        let mut inner = Vec::new();
                        self.check(inst, dep, path, &mut inner);
                        for mut v in inner {
                            v.msg = format!("because of \"{key}\": {}", v.msg);
                            out.push(v);
                        }
                    }
                }
            }
        }
        if let (Some(items), Value::Seq(elements)) = (s.get("items"), &inst.value) {
            for (i, element) in elements.iter().enumerate() {
                self.check(element, items, &format!("{path}[{i}]"), out);
            }
        }
        if let Some(all) = s.get("allOf") {
            for sub in all.items() {
                self.check(inst, sub, path, out);
            }
        }
        for (keyword, exactly_one) in [("oneOf", true), ("anyOf", false)] {
            let Some(branches) = s.get(keyword) else {
                continue;
            };
            let results: Vec<Vec<Violation>> = branches
                .items()
                .iter()
                .map(|b| {
                    let mut v = Vec::new();
                    self.check(inst, b, path, &mut v);
                    v
                })
                .collect();
            let matching = results.iter().filter(|r| r.is_empty()).count();
            if matching == 0 {
                // Report the branch whose type fits, if only one does: its own problems
                // say more than "matches no branch".
                let typed: Vec<&Vec<Violation>> = results
                    .iter()
                    .filter(|r| {
                        !r.iter()
                            .any(|v| v.path == path && v.msg.starts_with("expected "))
                    })
                    .collect();
                if let [only] = typed.as_slice() {
                    out.extend(only.iter().cloned());
                } else {
                    let msg = format!(
                        "{} matches none of the {} allowed forms",
                        describe(inst),
                        results.len()
                    );
                    fail(out, inst.pos, path.into(), msg);
                }
            } else if exactly_one && matching > 1 {
                let msg = format!(
                    "{} matches more than one of the allowed forms",
                    describe(inst)
                );
                fail(out, inst.pos, path.into(), msg);
            }
        }
        if let Some(not) = s.get("not") {
            let mut inner = Vec::new();
            self.check(inst, not, path, &mut inner);
            if inner.is_empty() {
                let msg = match not.get("required").map(Node::items) {
                    Some([one]) if not.entries().len() == 1 => {
                        format!("must not have \"{}\"", one.as_str().unwrap_or_default())
                    }
                    _ => "matches a form that is not allowed here".into(),
                };
                fail(out, inst.pos, path.into(), msg);
            }
        }
        if let Some(condition) = s.get("if") {
            let mut inner = Vec::new();
            self.check(inst, condition, path, &mut inner);
            let branch = if inner.is_empty() {
                s.get("then")
            } else {
                s.get("else")
            };
            if let Some(branch) = branch {
                self.check(inst, branch, path, out);
            }
        }
    }
}

/// Whether `inst` is of JSON type `ty`.
fn has_type(inst: &Node, ty: &str) -> bool {
    matches!(
        (ty, &inst.value),
        ("null", Value::Null)
            | ("boolean", Value::Bool(_))
            | ("integer", Value::Int(_))
            | ("number", Value::Int(_) | Value::Float(_))
            | ("string", Value::Str(_))
            | ("array", Value::Seq(_))
            | ("object", Value::Map(_))
    )
}

fn as_number(n: &Node) -> Option<f64> {
    match n.value {
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => None,
    }
}

fn short_num(f: f64) -> String {
    if f.fract() == 0.0 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// Whether two values are equal as JSON values (positions aside).
fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, _, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => *i as f64 == *f,
        (x, y) => x == y,
    }
}

/// A value in a message: strings quoted, other scalars as written, collections by type.
fn describe(n: &Node) -> String {
    match &n.value {
        Value::Str(s) => format!("\"{s}\""),
        Value::Null => "null".into(),
        Value::Seq(_) => "an array".into(),
        Value::Map(_) => "an object".into(),
        _ => format!("{} {}", n.type_name(), short(n)),
    }
}

/// A scalar as it would be written in YAML.
fn short(n: &Node) -> String {
    match &n.value {
        Value::Str(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Seq(_) => "[...]".into(),
        Value::Map(_) => "{...}".into(),
    }
}

/// The known name closest to a misspelt one (at most two edits away).
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn schema(text: &str) -> Schema {
        Schema::new(parse(text).unwrap()).unwrap()
    }

    fn first(s: &Schema, doc: &str) -> String {
        s.validate(&parse(doc).unwrap())
            .first()
            .map(|v| format!("{}:{}: {v}", v.pos.line, v.pos.col))
            .unwrap_or_default()
    }

    const SCHEMA: &str = "
$defs:
  name: {type: string, pattern: '^[0-9a-z-]+$'}
type: object
required: [name]
additionalProperties: false
properties:
  name: {$ref: '#/$defs/name'}
  kind: {enum: [a, b]}
  size: {type: [string, integer], minimum: 0}
  list:
    type: array
    items:
      oneOf:
        - type: string
        - type: object
          required: [name]
          additionalProperties: false
          properties:
            name: {type: string}
  prefix: {type: string}
  subset: {type: string}
dependencies:
  prefix:
    not:
      required: [subset]
";

    #[test]
    fn violations_name_the_path_and_the_line() {
        let s = schema(SCHEMA);
        assert_eq!(first(&s, "name: ok\n"), "");
        assert_eq!(
            first(&s, "kind: a\n"),
            "1:1: $: missing required property \"name\""
        );
        assert_eq!(
            first(&s, "name: Bad\n"),
            "1:7: $.name: \"Bad\" does not match the pattern ^[0-9a-z-]+$"
        );
        assert_eq!(
            first(&s, "name: x\nkind: c\n"),
            "2:7: $.kind: \"c\" is not one of: a, b"
        );
        assert_eq!(
            first(&s, "name: x\nsize: -1\n"),
            "2:7: $.size: integer -1 is less than the minimum 0"
        );
        assert_eq!(
            first(&s, "name: x\nsize: [1]\n"),
            "2:7: $.size: expected string or integer, found an array"
        );
        assert_eq!(
            first(&s, "name: x\nknid: a\n"),
            "2:1: $.knid: unknown property \"knid\" (did you mean \"kind\"?)"
        );
    }

    #[test]
    fn one_of_reports_the_branch_of_the_right_type() {
        let s = schema(SCHEMA);
        assert_eq!(first(&s, "name: x\nlist: [a, {name: b}]\n"), "");
        assert_eq!(
            first(&s, "name: x\nlist:\n  - a\n  - {nmae: b}\n"),
            "4:5: $.list[1]: missing required property \"name\""
        );
        assert_eq!(
            first(&s, "name: x\nlist: [3]\n"),
            "2:8: $.list[0]: integer 3 matches none of the 2 allowed forms"
        );
    }

    #[test]
    fn dependencies_with_not_required_read_as_a_conflict() {
        let s = schema(SCHEMA);
        assert_eq!(
            first(&s, "name: x\nprefix: p\nsubset: s\n"),
            "1:1: $: because of \"prefix\": must not have \"subset\""
        );
    }

    #[test]
    fn a_schema_with_an_unknown_keyword_is_refused() {
        let err = Schema::new(parse("type: object\nproperties:\n  a: {minLength: 2}\n").unwrap())
            .err()
            .unwrap();
        assert_eq!(
            err,
            "#/properties/a/minLength: ynl-gen's validator does not know keyword \"minLength\""
        );
    }

    #[test]
    fn the_kernel_schemas_load() {
        for text in crate::SCHEMAS.iter().map(|(_, t)| t) {
            Schema::new(parse(text).unwrap()).unwrap();
        }
    }
}
