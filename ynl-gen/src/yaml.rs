//! YAML documents as trees whose nodes remember their line and column.
//!
//! The kernel's tools load specs with PyYAML and validate them as JSON values. This loader
//! builds the same kind of value (null, booleans, integers, floats, strings, sequences,
//! mappings with string keys) with YAML 1.2's core schema, resolves anchors and aliases,
//! and keeps each node's position so that an error can name a line of the spec.

use std::fmt;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A position in a YAML file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub col: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts in the file.
    pub pos: Pos,
}

/// A YAML value, as a JSON value with positions.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction or an exponent.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order; each key with its own position.
    Map(Vec<(String, Pos, Node)>),
}

impl Node {
    /// The value of key `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The items, if this is a sequence (an empty slice otherwise).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The entries, if this is a mapping (an empty slice otherwise).
    pub fn entries(&self) -> &[(String, Pos, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The JSON type name of the value, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }
}

/// Why a text is not a YAML document this loader accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where the problem is.
    pub pos: Pos,
    /// What it is.
    pub msg: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.msg)
    }
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| YamlError {
        pos: pos(*e.marker()),
        msg: e.info().to_owned(),
    })?;
    if let Some(err) = builder.error {
        return Err(err);
    }
    builder.root.ok_or(YamlError {
        pos: Pos { line: 1, col: 1 },
        msg: "the file holds no YAML document".into(),
    })
}

fn pos(m: Marker) -> Pos {
    Pos {
        line: m.line(),
        col: m.col() + 1,
    }
}

/// A collection being built.
enum Open {
    Seq(Vec<Node>, Pos, usize),
    Map(Vec<(String, Pos, Node)>, Option<(String, Pos)>, Pos, usize),
}

/// Turns parser events into a [`Node`] tree.
#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: Vec<(usize, Node)>,
    root: Option<Node>,
    error: Option<YamlError>,
}

impl Builder {
    fn fail(&mut self, at: Pos, msg: String) {
        if self.error.is_none() {
            self.error = Some(YamlError { pos: at, msg });
        }
    }

    /// Adds a finished node to the collection being built (or makes it the document).
    fn push(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(items, _, _)) => items.push(node),
            Some(Open::Map(entries, key, _, _)) => match key.take() {
                None => match node.value {
                    Value::Str(s) => *key = Some((s, node.pos)),
                    Value::Int(i) => *key = Some((i.to_string(), node.pos)),
                    Value::Bool(b) => *key = Some((b.to_string(), node.pos)),
                    _ => {
                        let at = node.pos;
                        self.fail(at, "a mapping key must be a plain scalar".into());
                        // Keep the structure consistent: this value becomes a dummy key.
                        if let Some(Open::Map(_, key, _, _)) = self.stack.last_mut() {
                            *key = Some((String::new(), at));
                        }
                    }
                },
                Some((k, kpos)) => {
                    if entries.iter().any(|(other, _, _)| *other == k) {
                        self.fail(kpos, format!("duplicate key \"{k}\""));
                    } else {
                        entries.push((k, kpos, node));
                    }
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = pos(mark);
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let value = if tag.is_some() {
                    self.fail(at, "YAML tags are not used in netlink specs".into());
                    Value::Null
                } else if style == TScalarStyle::Plain {
                    match resolve_plain(&text) {
                        Ok(v) => v,
                        Err(msg) => {
                            self.fail(at, msg);
                            Value::Null
                        }
                    }
                } else {
                    Value::Str(text)
                };
                self.push(Node { value, pos: at }, anchor);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Open::Seq(Vec::new(), at, anchor)),
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::Map(Vec::new(), None, at, anchor))
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq(items, start, anchor)) => self.push(
                    Node {
                        value: Value::Seq(items),
                        pos: start,
                    },
                    anchor,
                ),
                Some(Open::Map(entries, _, start, anchor)) => {
                    // A block mapping starts where its first key does (the parser's mark
                    // is past that key).
                    let start = entries
                        .first()
                        .map_or(start, |(_, kpos, _)| (*kpos).min(start));
                    self.push(
                        Node {
                            value: Value::Map(entries),
                            pos: start,
                        },
                        anchor,
                    )
                }
                None => self.fail(at, "unbalanced collection".into()),
            },
            Event::Alias(id) => {
                let found = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, n)| n.clone());
                match found {
                    Some(mut node) => {
                        node.pos = at;
                        self.push(node, 0);
                    }
                    None => self.fail(at, "alias to an unknown anchor".into()),
                }
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// Resolves a plain scalar with YAML 1.2's core schema.
fn resolve_plain(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let radix_digits = if let Some(hex) = digits.strip_prefix("0x") {
        Some((16, hex))
    } else if let Some(oct) = digits.strip_prefix("0o") {
        Some((8, oct))
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Some((10, digits))
    } else {
        None
    };
    if let Some((radix, body)) = radix_digits {
        if !body.is_empty() && body.chars().all(|c| c.is_digit(radix)) {
            let magnitude = i128::from_str_radix(body, radix).map_err(|e| e.to_string())?;
            let value = if negative { -magnitude } else { magnitude };
            return i64::try_from(value)
                .map(Value::Int)
                .map_err(|_| format!("integer {text} does not fit in 64 bits"));
        }
    }
    if looks_like_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return Ok(Value::Float(f));
        }
    }
    Ok(Value::Str(text.to_owned()))
}

/// Whether a plain scalar is a YAML 1.2 core-schema float (`1.5`, `-2e3`, `.inf`, `.nan`).
fn looks_like_float(text: &str) -> bool {
    let body = text.trim_start_matches(['-', '+']);
    if matches!(body, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let mut digits = false;
    let mut chars = body.chars().peekable();
    while chars.peek().is_some_and(char::is_ascii_digit) {
        chars.next();
        digits = true;
    }
    let mut fraction = false;
    if chars.peek() == Some(&'.') {
        chars.next();
        fraction = true;
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
            digits = true;
        }
    }
    let mut exponent = false;
    if matches!(chars.peek(), Some('e' | 'E')) {
        chars.next();
        exponent = true;
        if matches!(chars.peek(), Some('+' | '-')) {
            chars.next();
        }
        let mut exp_digits = false;
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
            exp_digits = true;
        }
        if !exp_digits {
            return false;
        }
    }
    digits && (fraction || exponent) && chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_resolve_with_the_core_schema() {
        let doc = parse("a: 1\nb: -0x10\nc: '1'\nd: true\ne: ~\nf: 1.5\ng: no\nh: 0o17\n").unwrap();
        assert_eq!(doc.get("a").unwrap().value, Value::Int(1));
        assert_eq!(doc.get("b").unwrap().value, Value::Int(-16));
        assert_eq!(doc.get("c").unwrap().value, Value::Str("1".into()));
        assert_eq!(doc.get("d").unwrap().value, Value::Bool(true));
        assert_eq!(doc.get("e").unwrap().value, Value::Null);
        assert_eq!(doc.get("f").unwrap().value, Value::Float(1.5));
        // YAML 1.1's "no" is a boolean; 1.2's core schema keeps it a string.
        assert_eq!(doc.get("g").unwrap().value, Value::Str("no".into()));
        assert_eq!(doc.get("h").unwrap().value, Value::Int(15));
    }

    #[test]
    fn nodes_remember_their_lines_and_aliases_copy_their_anchor() {
        let doc = parse("x: &a\n  - 1\n  - 2\ny: *a\n").unwrap();
        let y = doc.get("y").unwrap();
        assert_eq!(y.pos.line, 4);
        assert_eq!(y.items().len(), 2);
        assert_eq!(
            doc.get("x").unwrap().items()[1].pos,
            Pos { line: 3, col: 5 }
        );
    }

    #[test]
    fn duplicate_keys_and_syntax_errors_name_a_line() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.to_string(), "3:1: duplicate key \"a\"");
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(err.pos.line, 2, "{err}");
    }

    #[test]
    fn the_yaml_1_2_directive_of_the_kernel_schemas_is_accepted() {
        let doc = parse("%YAML 1.2\n---\na: 1\n").unwrap();
        assert_eq!(doc.get("a").unwrap().as_int(), Some(1));
    }
}
