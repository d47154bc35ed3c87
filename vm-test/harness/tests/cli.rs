//! The `vm-harness` command as scripts/test and scripts/vm-exec run it: its closing line
//! and its exit status carry the verdict.

use std::process::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn harness(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vm-harness"))
        .args(args)
        .output()
        .expect("run vm-harness");
    (
        out.status.code().expect("an exit status"),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// A file in a fresh directory of its own under the target directory.
fn temp_file(test: &str, name: &str, text: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn check_passes_a_recorded_run_with_status_0() {
    let (code, out) = harness(&[
        "check",
        "--vm-status",
        "0",
        &fixture("console-pass.log"),
        &fixture("output-pass.log"),
        "3",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("vm-harness: 57 passed, 0 failed, 0 skipped\n"),
        "{out}"
    );
}

#[test]
fn check_fails_the_same_run_when_the_vm_timed_out_or_failed() {
    for status in ["124", "125"] {
        let (code, out) = harness(&[
            "check",
            "--vm-status",
            status,
            &fixture("console-pass.log"),
            &fixture("output-pass.log"),
            "3",
        ]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("FAILED  the VM"), "{out}");
        assert!(
            out.ends_with("vm-harness: 57 passed, 1 failed, 0 skipped\n"),
            "{out}"
        );
    }
}

#[test]
fn check_fails_when_no_test_matched() {
    let output = temp_file(
        "no_test_matched",
        "output.log",
        "KTAP version 1\n1..0\n# no test matched \"typo\"\nGENLTEST-EXIT: 1\n",
    );
    let (code, out) = harness(&[
        "check",
        "--vm-status",
        "1",
        &fixture("console-pass.log"),
        &output,
        "0",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAILED  no test matched"), "{out}");
    assert!(
        out.ends_with("vm-harness: 14 passed, 1 failed, 0 skipped\n"),
        "{out}"
    );
}

#[test]
fn check_lists_skipped_tests_with_their_reason() {
    let output = temp_file(
        "skipped",
        "output.log",
        "KTAP version 1\n1..2\nok 1 module_is_loaded\n\
         ok 2 kmemleak_reports_nothing # SKIP no kmemleak in this kernel\n",
    );
    let (code, out) = harness(&["check", &fixture("console-pass.log"), &output, "3"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("  skipped vm: kmemleak_reports_nothing (no kmemleak in this kernel)\n"),
        "{out}"
    );
    assert!(
        out.ends_with("vm-harness: 15 passed, 0 failed, 1 skipped\n"),
        "{out}"
    );
}

#[test]
fn exec_status_is_125_on_a_kernel_warning_and_the_commands_otherwise() {
    let clean = fixture("console-pass.log");
    assert_eq!(harness(&["exec-status", &clean, "0"]).0, 0);
    assert_eq!(harness(&["exec-status", &clean, "3"]).0, 3);
    let warned = temp_file(
        "exec_status",
        "console.log",
        &format!(
            "{}[   12.345678] WARNING: net/netlink/af_netlink.c:1234 at netlink_unicast+0x42/0x80, CPU#1: genltest/77\n",
            std::fs::read_to_string(&clean).unwrap()
        ),
    );
    let (code, out) = harness(&["exec-status", &warned, "0"]);
    assert_eq!(code, 125, "{out}");
    assert!(
        out.starts_with("kernel splat: WARNING: net/netlink/af_netlink.c:1234"),
        "{out}"
    );
    assert_eq!(harness(&["exec-status", &warned, "3"]).0, 125);
    // A console that cannot be read cannot be shown to be clean.
    assert_eq!(
        harness(&["exec-status", "/nonexistent/console.log", "0"]).0,
        125
    );
}
