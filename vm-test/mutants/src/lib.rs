//! Mutants: small, realistic bugs applied one at a time to the module, to measure how
//! many of them the test suite notices (`make mutants`).
//!
//! The bugs are listed in `vm-test/mutants/mutants.txt`, one block each:
//!
//! ```text
//! == echo-policy-off-by-one
//! why: ECHO's policy lets a 1025-byte MSG through
//! file: module/family.rs
//! tests: genl_echo_1025 malformed_genl
//! - static ECHO_POLICY: [Policy; 2] = [Policy::unused(), Policy::nul_string(MAX_MSG)];
//! + static ECHO_POLICY: [Policy; 2] = [Policy::unused(), Policy::nul_string(MAX_MSG + 1)];
//! ```
//!
//! The `-` lines, joined, must occur exactly once in the file (leading spaces of each
//! line are ignored when matching, and the replacement takes the indentation of the line
//! it replaces); the `+` lines replace them (none: the lines are deleted). `tests:` names
//! the in-VM tests (substrings of their names) that should notice the bug; KUnit suites
//! run whenever the module loads. Lines starting with `#` are comments.

use std::fmt;

/// One mutant: a named replacement in one file of the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// A short name, unique in the list.
    pub name: String,
    /// The bug, in words.
    pub why: String,
    /// The file, relative to the project root.
    pub file: String,
    /// The in-VM test filters that should kill it.
    pub tests: Vec<String>,
    /// The lines to find, without their leading spaces.
    pub old: Vec<String>,
    /// The lines to put in their place, without the indentation of the first old line.
    pub new: Vec<String>,
}

/// A mistake in the list or in applying a mutant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Parses the list.
pub fn parse(text: &str) -> Result<Vec<Mutant>, Error> {
    let mut mutants: Vec<Mutant> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let at = |msg: &str| Error(format!("mutants.txt line {}: {msg}", i + 1));
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix("== ") {
            let name = name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(at("a mutant's name is one word"));
            }
            if mutants.iter().any(|m| m.name == name) {
                return Err(at(&format!("mutant {name} is listed twice")));
            }
            mutants.push(Mutant {
                name: name.to_owned(),
                why: String::new(),
                file: String::new(),
                tests: Vec::new(),
                old: Vec::new(),
                new: Vec::new(),
            });
            continue;
        }
        let Some(m) = mutants.last_mut() else {
            return Err(at("expected '== NAME' first"));
        };
        if let Some(v) = line.strip_prefix("why: ") {
            m.why = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("file: ") {
            m.file = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("tests: ") {
            m.tests = v.split_whitespace().map(str::to_owned).collect();
        } else if let Some(v) = line.strip_prefix('-') {
            m.old.push(v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix('+') {
            m.new.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
        } else {
            return Err(at("expected why:, file:, tests:, '-' or '+'"));
        }
    }
    for m in &mutants {
        let missing = |what: &str| Error(format!("mutant {}: no {what}", m.name));
        if m.why.is_empty() {
            return Err(missing("why:"));
        }
        if m.file.is_empty() {
            return Err(missing("file:"));
        }
        if m.tests.is_empty() {
            return Err(missing("tests:"));
        }
        if m.old.is_empty() {
            return Err(missing("'-' lines"));
        }
    }
    Ok(mutants)
}

/// Returns `source` with the mutant applied. Its lines must occur exactly once.
pub fn apply(m: &Mutant, source: &str) -> Result<String, Error> {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let n = m.old.len();
    let matches: Vec<usize> = (0..lines.len().saturating_sub(n - 1))
        .filter(|&start| (0..n).all(|k| lines[start + k].trim_end_matches('\n').trim() == m.old[k]))
        .collect();
    let start = match matches[..] {
        [start] => start,
        [] => {
            return Err(Error(format!(
                "mutant {}: its '-' lines are not in {} (the code changed: update mutants.txt)",
                m.name, m.file
            )))
        }
        _ => {
            return Err(Error(format!(
                "mutant {}: its '-' lines occur {} times in {}: add context",
                m.name,
                matches.len(),
                m.file
            )))
        }
    };
    let first = lines[start];
    let indent = &first[..first.len() - first.trim_start().len()];
    let mut out = String::with_capacity(source.len());
    lines[..start].iter().for_each(|l| out.push_str(l));
    for l in &m.new {
        if !l.is_empty() {
            out.push_str(indent);
        }
        out.push_str(l);
        out.push('\n');
    }
    lines[start + n..].iter().for_each(|l| out.push_str(l));
    if out == source {
        return Err(Error(format!("mutant {}: changes nothing", m.name)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "\
# a comment
== off-by-one
why: lets one byte more through
file: module/x.rs
tests: genl_echo malformed
- let max = 1024;
+ let max = 1025;

== gone
why: forgets to count
file: module/x.rs
tests: stats
- count += 1;
- done();
";

    #[test]
    fn parses_blocks() {
        let m = parse(LIST).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].name, "off-by-one");
        assert_eq!(m[0].tests, ["genl_echo", "malformed"]);
        assert_eq!(m[0].old, ["let max = 1024;"]);
        assert_eq!(m[0].new, ["let max = 1025;"]);
        assert_eq!(m[1].old.len(), 2);
        assert!(m[1].new.is_empty());
    }

    #[test]
    fn applies_with_the_lines_indentation() {
        let m = parse(LIST).unwrap();
        let src = "fn f() {\n    let max = 1024;\n}\n";
        assert_eq!(
            apply(&m[0], src).unwrap(),
            "fn f() {\n    let max = 1025;\n}\n"
        );
        let src = "fn g() {\n        count += 1;\n        done();\n    x();\n}\n";
        assert_eq!(apply(&m[1], src).unwrap(), "fn g() {\n    x();\n}\n");
    }

    #[test]
    fn refuses_missing_and_ambiguous_lines() {
        let m = parse(LIST).unwrap();
        let e = apply(&m[0], "let max = 4;\n").unwrap_err();
        assert!(e.0.contains("not in module/x.rs"), "{e}");
        let e = apply(&m[0], "let max = 1024;\nlet max = 1024;\n").unwrap_err();
        assert!(e.0.contains("occur 2 times"), "{e}");
    }

    #[test]
    fn refuses_incomplete_blocks() {
        for (text, want) in [
            ("== a\nfile: f\ntests: t\n- x\n", "no why:"),
            ("== a\nwhy: w\ntests: t\n- x\n", "no file:"),
            ("== a\nwhy: w\nfile: f\n- x\n", "no tests:"),
            ("== a\nwhy: w\nfile: f\ntests: t\n", "no '-' lines"),
            ("why: w\n", "expected '== NAME' first"),
            ("== a b\n", "one word"),
            (
                "== a\nwhy: w\nfile: f\ntests: t\n- x\n== a\n",
                "listed twice",
            ),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.0.contains(want), "{text:?}: {e}");
        }
    }
}
