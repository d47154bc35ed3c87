//! scripts/host-tests, the host half of `make test`, run on a fixture workspace whose test
//! binaries abort, exit early or segfault on demand: each such binary is a failure, the
//! binaries after it still run, and the exit status says so.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/host-workspace");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// A fresh copy of the fixture (cargo writes its lock file and target directory there).
fn workspace() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("host-workspace");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new(FIXTURE), &dir);
    dir
}

/// Runs scripts/host-tests on `dir`; returns its exit status and its output.
fn host_tests(dir: &Path, broken: bool) -> (i32, String) {
    let mut cmd = Command::new(Path::new(ROOT).join("scripts/host-tests"));
    cmd.arg(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("GENLTEST_FIXTURE_BREAK");
    if broken {
        cmd.env("GENLTEST_FIXTURE_BREAK", "1");
    }
    let out = cmd.output().expect("run scripts/host-tests");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().expect("an exit status"), text)
}

#[test]
fn aborting_exiting_and_crashing_test_binaries_fail_the_run() {
    let dir = workspace();
    let (status, out) = host_tests(&dir, true);
    assert_eq!(status, 1, "{out}");
    // The library's unit tests abort, tests/exits_early.rs exits with status 0 before it
    // reports, tests/segfaults.rs is killed by SIGSEGV; tests/passes.rs runs after the
    // first two all the same.
    for binary in ["src/lib.rs", "tests/exits_early.rs", "tests/segfaults.rs"] {
        assert!(
            out.contains(&format!("{binary} (")) && out.contains("ended without a test result"),
            "{binary} not reported:\n{out}"
        );
    }
    assert!(
        out.ends_with("host: 2 passed, 3 failed, 1 skipped\n"),
        "{out}"
    );

    // The same workspace with nothing broken passes, and the ignored test is skipped.
    let (status, out) = host_tests(&dir, false);
    assert_eq!(status, 0, "{out}");
    assert!(
        out.ends_with("host: 5 passed, 0 failed, 1 skipped\n"),
        "{out}"
    );
}

#[test]
fn a_workspace_that_does_not_build_is_a_failure() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("host-workspace-broken");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new(FIXTURE), &dir);
    std::fs::write(dir.join("tests/passes.rs"), "fn main( {}\n").unwrap();
    let (status, out) = host_tests(&dir, false);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("counted as a failure"), "{out}");
    assert!(
        out.ends_with(" failed\n") && !out.ends_with(" 0 failed\n"),
        "{out}"
    );
}
