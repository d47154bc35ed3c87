//! ynl-gen's command line, through the real binary: what it says about broken specs and
//! with which exit code (documented in `ynl-gen --help`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small valid spec; the tests below break one thing in it at a time.
const GOOD: &str = "\
# SPDX-License-Identifier: GPL-2.0
name: demo
doc: A family for tests.
definitions:
  -
    type: enum
    name: colour
    entries: [red, green]
attribute-sets:
  -
    name: main
    attributes:
      -
        name: text
        type: string
        checks:
          max-len: 16
      -
        name: level
        type: u32
        checks:
          min: 1
          max: 9
operations:
  list:
    -
      name: set
      doc: Sets things.
      attribute-set: main
      do:
        request:
          attributes: [text, level]
";

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs ynl-gen on `spec` written to a file named `name`, with `args` after it.
fn run(name: &str, spec: &str, args: &[&str]) -> Output {
    let path = dir().join(name);
    std::fs::write(&path, spec).unwrap();
    Command::new(env!("CARGO_BIN_EXE_ynl-gen"))
        .arg(&path)
        .args(args)
        .output()
        .unwrap()
}

/// The exit code and the one line of stderr.
fn failure(out: &Output) -> (i32, String) {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(out.stdout.is_empty());
    (out.status.code().unwrap(), err.trim_end().to_owned())
}

#[test]
fn a_valid_spec_checks_and_generates() {
    let user = dir().join("demo-user.rs");
    let kernel = dir().join("demo-kernel.rs");
    let out = run(
        "demo.yaml",
        GOOD,
        &[
            "--user",
            user.to_str().unwrap(),
            "--kernel",
            kernel.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&kernel).unwrap();
    assert!(
        text.starts_with("// generated from demo.yaml by ynl-gen, do not edit; run `make regen`\n")
    );
    // The set is not named like the family: its constants carry the set's name.
    assert!(
        text.contains("policy![A_MAIN_TEXT.nul_string(16), A_MAIN_LEVEL.range(1, 9)]"),
        "{text}"
    );
    // Without outputs, it only checks.
    assert_eq!(run("demo.yaml", GOOD, &[]).status.code(), Some(0));
}

#[test]
fn a_type_outside_the_schema_is_exit_3_with_its_path_and_line() {
    let out = run("badtype.yaml", &GOOD.replace("type: u32", "type: u33"), &[]);
    assert_eq!(
        failure(&out),
        (
            3,
            "ynl-gen: badtype.yaml:20:15: $.attribute-sets[0].attributes[1].type: \"u33\" is not \
             one of: unused, pad, flag, binary, uint, sint, u8, u16, u32, u64, s8, s16, s32, s64, \
             string, nest, indexed-array, nest-type-value (schema genetlink.yaml)"
                .into()
        )
    );
}

#[test]
fn a_missing_required_property_is_exit_3() {
    let out = run(
        "nodoc.yaml",
        &GOOD.replace("      doc: Sets things.\n", ""),
        &[],
    );
    assert_eq!(
        failure(&out),
        (
            3,
            "ynl-gen: nodoc.yaml:27:7: $.operations.list[0]: missing required property \"doc\" \
             (schema genetlink.yaml)"
                .into()
        )
    );
}

#[test]
fn a_misspelt_property_is_exit_3_with_a_suggestion() {
    let out = run(
        "typo.yaml",
        &GOOD.replace("attribute-set: main", "atribute-set: main"),
        &[],
    );
    let (code, msg) = failure(&out);
    assert_eq!(code, 3);
    assert!(
        msg.starts_with(
            "ynl-gen: typo.yaml:29:7: $.operations.list[0].atribute-set: unknown property \
             \"atribute-set\" (did you mean \"attribute-set\"?) (schema genetlink.yaml)"
        ),
        "{msg}"
    );
}

#[test]
fn yaml_syntax_errors_and_a_missing_spdx_line_are_exit_3() {
    let (code, msg) = failure(&run(
        "broken.yaml",
        &GOOD.replace("[text, level]", "[text, level"),
        &[],
    ));
    assert_eq!(code, 3);
    assert!(
        msg.starts_with("ynl-gen: broken.yaml:") && msg.ends_with("(not valid YAML)"),
        "{msg}"
    );
    let (code, msg) = failure(&run(
        "nospdx.yaml",
        &GOOD.replacen("# SPDX-License-Identifier: GPL-2.0\n", "", 1),
        &[],
    ));
    assert_eq!(code, 3);
    assert_eq!(
        msg,
        "ynl-gen: nospdx.yaml:1:1: $: the first line must be \"# SPDX-License-Identifier: <license>\""
    );
}

#[test]
fn references_to_nothing_and_repeated_numbers_are_exit_4() {
    let out = run(
        "unknown.yaml",
        &GOOD.replace("[text, level]", "[text, volume]"),
        &[],
    );
    assert_eq!(
        failure(&out),
        (
            4,
            "ynl-gen: unknown.yaml:32:30: $.operations.list[0].do.request.attributes[1]: attribute \
             set \"main\" has no attribute \"volume\""
                .into()
        )
    );
    let twice = GOOD.replace(
        "        name: level\n",
        "        name: level\n        value: 1\n",
    );
    let (code, msg) = failure(&run("twice.yaml", &twice, &[]));
    assert_eq!(code, 4);
    assert!(
        msg.ends_with("$.attribute-sets[0].attributes[1]: \"level\" has number 1, like \"text\""),
        "{msg}"
    );
    let (code, msg) = failure(&run("minmax.yaml", &GOOD.replace("max: 9", "max: 0"), &[]));
    assert_eq!(code, 4);
    assert!(
        msg.ends_with("$.attribute-sets[0].attributes[1].checks: min 1 is above max 0"),
        "{msg}"
    );
    let (code, msg) = failure(&run(
        "enum.yaml",
        &GOOD.replace("type: u32\n", "type: u32\n        enum: color\n"),
        &[],
    ));
    assert_eq!(code, 4);
    assert!(
        msg.ends_with(
            "$.attribute-sets[0].attributes[1].enum: no enum or flags definition named \"color\""
        ),
        "{msg}"
    );
}

#[test]
fn what_ynl_gen_cannot_generate_is_exit_5() {
    let raw = GOOD.replace(
        "doc: A family for tests.",
        "protocol: netlink-raw\ndoc: A family for tests.",
    );
    let (code, msg) = failure(&run("raw.yaml", &raw, &[]));
    assert_eq!(code, 5);
    assert!(
        msg.contains("not supported by ynl-gen: netlink-raw"),
        "{msg}"
    );
    // A request checked against an enum with gaps would need a validation function.
    let sparse = GOOD
        .replace(
            "entries: [red, green]",
            "entries: [{name: red, value: 1}, {name: green, value: 5}]",
        )
        .replace("        checks:\n          min: 1\n          max: 9\n", "")
        .replace("type: u32\n", "type: u32\n        enum: colour\n");
    let kernel = dir().join("sparse-kernel.rs");
    let (code, msg) = failure(&run(
        "sparse.yaml",
        &sparse,
        &["--kernel", kernel.to_str().unwrap()],
    ));
    assert_eq!(code, 5);
    assert!(
        msg.contains("not supported by ynl-gen: enum \"colour\" has gaps"),
        "{msg}"
    );
}

#[test]
fn files_that_cannot_be_read_or_written_are_exit_6() {
    let out = Command::new(env!("CARGO_BIN_EXE_ynl-gen"))
        .arg(dir().join("absent.yaml"))
        .output()
        .unwrap();
    let (code, msg) = failure(&out);
    assert_eq!(code, 6);
    assert!(
        msg.contains("absent.yaml: No such file or directory"),
        "{msg}"
    );
    let out = run(
        "io-demo.yaml",
        GOOD,
        &["--user", "/nonexistent-dir/user.rs"],
    );
    assert_eq!(failure(&out).0, 6);
}

#[test]
fn an_unusable_schema_file_is_exit_7_and_a_good_one_is_used() {
    let schemas = dir().join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    std::fs::write(
        schemas.join("genetlink.yaml"),
        "type: object\nminProperties: 1\n",
    )
    .unwrap();
    let out = run(
        "io-demo.yaml",
        GOOD,
        &["--schema-dir", schemas.to_str().unwrap()],
    );
    let (code, msg) = failure(&out);
    assert_eq!(code, 7);
    assert!(
        msg.ends_with(
            "#/minProperties: ynl-gen's validator does not know keyword \"minProperties\""
        ),
        "{msg}"
    );
    // The copies in ynl-gen/schemas are the kernel's files: pointing there changes nothing.
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let out = run(
        "builtin-demo.yaml",
        GOOD,
        &["--schema-dir", builtin.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    let bad = run(
        "builtin-badtype.yaml",
        &GOOD.replace("type: u32", "type: u33"),
        &["--schema-dir", builtin.to_str().unwrap()],
    );
    assert_eq!(bad.status.code(), Some(3));
}

#[test]
fn a_bad_command_line_is_exit_2_and_help_lists_the_exit_codes() {
    let out = Command::new(env!("CARGO_BIN_EXE_ynl-gen"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_ynl-gen"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for line in [
        "  3  the spec is not YAML, lacks its SPDX line or breaks its schema",
        "  4  the spec follows the schema but contradicts itself",
        "  5  the spec uses something ynl-gen cannot generate",
        "  6  a file could not be read or written",
        "  7  the schema file is not usable",
    ] {
        assert!(help.contains(line), "{line}\n{help}");
    }
}
