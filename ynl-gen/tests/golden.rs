//! Golden outputs: ynl-gen on genltest.yaml and on three of the kernel's own specs
//! (Linux 7.3's nlctrl.yaml, netdev.yaml and handshake.yaml, copied under tests/specs/).
//!
//! Each test runs the real binary and compares what it writes with tests/golden/<family>/.
//! `UPDATE_GOLDEN=1 cargo test -p ynl-gen --test golden` (or `make regen`) rewrites them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs ynl-gen on `spec` and compares (or updates) both outputs.
fn golden(spec: &str, family: &str) {
    let spec = root().join(spec);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("golden-{family}"));
    std::fs::create_dir_all(&out).unwrap();
    let (user, kernel) = (out.join("user.rs"), out.join("kernel.rs"));
    let status = Command::new(env!("CARGO_BIN_EXE_ynl-gen"))
        .arg(&spec)
        .arg("--user")
        .arg(&user)
        .arg("--kernel")
        .arg(&kernel)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "ynl-gen failed on {}: {}",
        spec.display(),
        String::from_utf8_lossy(&status.stderr)
    );
    let dir = root().join("tests/golden").join(family);
    for (generated, name) in [(&user, "user.rs"), (&kernel, "kernel.rs")] {
        let got = std::fs::read_to_string(generated).unwrap();
        let path = dir.join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .map_or_else(|| "the end".to_owned(), |i| format!("line {}", i + 1));
            panic!(
                "{} differs from ynl-gen's output at {line}; run `make regen` (UPDATE_GOLDEN=1) \
                 if the change is intended",
                path.display()
            );
        }
    }
}

#[test]
fn genltest_yaml_generates_its_golden_outputs() {
    golden("../genltest.yaml", "genltest");
}

#[test]
fn nlctrl_yaml_generates_its_golden_outputs() {
    golden("tests/specs/nlctrl.yaml", "nlctrl");
}

#[test]
fn netdev_yaml_generates_its_golden_outputs() {
    golden("tests/specs/netdev.yaml", "netdev");
}

#[test]
fn handshake_yaml_generates_its_golden_outputs() {
    golden("tests/specs/handshake.yaml", "handshake");
}

#[test]
fn every_golden_file_starts_with_the_generated_line_and_is_rustfmt_clean() {
    let mut files = Vec::new();
    for family in ["genltest", "nlctrl", "netdev", "handshake"] {
        for name in ["user.rs", "kernel.rs"] {
            let path = root().join("tests/golden").join(family).join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let spec = if family == "genltest" {
                "genltest.yaml".to_owned()
            } else {
                format!("{family}.yaml")
            };
            assert_eq!(
                first,
                format!("// generated from {spec} by ynl-gen, do not edit; run `make regen`"),
                "{}",
                path.display()
            );
            files.push(path);
        }
    }
    // The same check as `make fmt-check`: the generated code needs no formatting.
    let out = Command::new("rustfmt")
        .args(["--edition", "2021", "--check"])
        .args(&files)
        .output()
        .expect("rustfmt runs");
    assert!(
        out.status.success(),
        "rustfmt would change the generated code:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn check_mode_accepts_the_golden_outputs_and_names_a_stale_one() {
    let dir = root().join("tests/golden/genltest");
    let run = |user: &Path| {
        Command::new(env!("CARGO_BIN_EXE_ynl-gen"))
            .arg(root().join("../genltest.yaml"))
            .arg("--check")
            .arg("--user")
            .arg(user)
            .arg("--kernel")
            .arg(dir.join("kernel.rs"))
            .output()
            .unwrap()
    };
    let ok = run(&dir.join("user.rs"));
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let stale = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stale-user.rs");
    let text = std::fs::read_to_string(dir.join("user.rs")).unwrap();
    std::fs::write(
        &stale,
        text.replacen(
            "pub const FAMILY_VERSION: u8 = 1;",
            "pub const FAMILY_VERSION: u8 = 2;",
            1,
        ),
    )
    .unwrap();
    let out = run(&stale);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("ynl-gen: ")
            && err.contains("stale-user.rs is out of date (first difference at line"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
