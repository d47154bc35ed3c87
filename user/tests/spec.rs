//! `genltest.yaml` is the family's specification: it must be valid against the kernel's
//! YNL schema as the kernel's own tools check it (Python's `jsonschema`, an independent
//! validator of ynl-gen's built-in one).
//!
//! No test here compares names or numbers with the spec any more: the CLI's come from
//! code generated from it (`user/src/gen/`, checked current by `tests/generated.rs`),
//! and the VM test `spec_matches_what_the_kernel_reports` compares the spec with what
//! the loaded module tells nlctrl.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn spec_is_valid_against_the_kernel_schema() {
    let cache = std::env::var("GENLTEST_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/genltest"));
    let schema = cache.join("linux-7.3/Documentation/netlink/genetlink.yaml");
    assert!(
        schema.exists(),
        "{} missing: run scripts/setup",
        schema.display()
    );
    let out = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import sys,yaml,jsonschema; jsonschema.validate(yaml.safe_load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2])))",
        ])
        .arg(root().join("genltest.yaml"))
        .arg(&schema)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
