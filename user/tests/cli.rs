//! The CLI's behaviour that needs no kernel module: checks made before any socket is
//! opened, errors as JSON, `decode` on a terminal, and `make demo`'s display of long
//! commands. (What needs the module is tested in the VM: vm-test/guest/src/cli.rs.)

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn genltest(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_genltest"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The one JSON object an error prints on stderr with `--json`.
fn json_error(out: &Output) -> Value {
    let text = stderr(out);
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn a_bad_timeout_is_refused_before_any_socket_is_opened() {
    // Without genltest loaded (the host), opening the socket would say "not loaded"
    // (exit 3) or, under --trace, show the nlctrl request: neither may happen.
    for args in [
        ["listen", "--timeout=-1", "--count=1"],
        ["listen", "--timeout=NaN", "--count=1"],
        ["listen", "--timeout=inf", "--count=1"],
    ] {
        let mut all = vec!["--trace"];
        all.extend(args);
        let out = genltest(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("genltest: --timeout "), "{err}");
        assert!(!err.contains(">> send"), "a socket was used: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let out = genltest(&["classic", "listen", "--timeout=-0.5"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn raw_on_a_protocol_that_cannot_exist_says_it_has_no_kernel_socket() {
    let out = genltest(&["raw", "--protocol", "99", "--type", "16"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "genltest: --protocol 99: Netlink protocol 99 has no kernel socket: protocols are \
         numbered 0 to 31\n"
    );
    assert!(!stderr(&out).contains("not loaded"));
}

#[test]
fn errors_are_json_with_json() {
    // A usage error that clap finds.
    let out = genltest(&["--json", "no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
    let e = json_error(&out);
    assert_eq!(e["exit"], 2);
    assert!(
        e["error"].as_str().unwrap().contains("no-such-command"),
        "{e}"
    );
    // A usage error that genltest finds.
    let out = genltest(&["--json", "listen", "--timeout=-1"]);
    assert_eq!(out.status.code(), Some(2));
    let e = json_error(&out);
    assert_eq!(e["exit"], 2);
    assert!(e["error"]
        .as_str()
        .unwrap()
        .starts_with("--timeout -1: must be"));
    // Bad input to decode, with where it is.
    let out = genltest(&["--json", "decode", "zz"]);
    assert_eq!(out.status.code(), Some(8));
    let e = json_error(&out);
    assert_eq!(e["exit"], 8);
    assert_eq!(
        e["error"], "decode: line 1: 'z' in 'zz' is not a hex digit",
        "{e}"
    );
    // Without --json, the same error is one line of text.
    let out = genltest(&["decode", "zz"]);
    assert_eq!(
        stderr(&out),
        "genltest: decode: line 1: 'z' in 'zz' is not a hex digit\n"
    );
    // Help is not an error.
    let out = genltest(&["--json", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit codes:"));
}

#[test]
fn help_documents_the_json_shape_of_errors_and_exit_code_9() {
    let out = genltest(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("\n  9  a dump was interrupted (NLM_F_DUMP_INTR)"),
        "{help}"
    );
    assert!(help.contains("With --json, an error is one JSON object on stderr"));
}

/// A pseudo-terminal: (controlling side, terminal side).
fn pty() -> (std::fs::File, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors into the integers it is given; the name,
    // termios and window-size pointers may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: openpty succeeded: both descriptors are open and owned by nobody else.
    unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    }
}

#[test]
fn decode_on_a_terminal_says_what_it_expects_then_reads_it() {
    let (mut terminal, slave) = pty();
    let mut child = Command::new(env!("CARGO_BIN_EXE_genltest"))
        .arg("decode")
        .stdin(Stdio::from(slave))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The hint comes before any input: read it while the child waits for the terminal.
    let mut err = child.stderr.take().unwrap();
    let mut hint = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut byte = [0u8; 1];
    while !hint.ends_with(b"\n") {
        assert!(Instant::now() < deadline, "no hint: {hint:?}");
        if err.read(&mut byte).unwrap() == 0 {
            break;
        }
        hint.push(byte[0]);
    }
    assert_eq!(
        String::from_utf8_lossy(&hint),
        "decode: reading hex bytes from standard input (a terminal): type or paste them, an \
         empty line between datagrams, then Ctrl-D; or give them as arguments, or --pcap FILE\n"
    );
    // An NLMSG_NOOP message, then end of input (Ctrl-D at the start of a line).
    terminal
        .write_all(b"10 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00\n\x04")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NLMSG_NOOP"), "{text}");
}

#[test]
fn decode_from_a_pipe_prints_no_hint() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_genltest"))
        .arg("decode")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"10 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

/// The `step` function of `make demo`'s script (scripts/demo), run by the shell.
fn demo_step(args: &[&str]) -> String {
    let script =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/demo")).unwrap();
    let start = script.find("step() {").expect("scripts/demo defines step");
    let end = start + script[start..].find("\n}\n").expect("step ends") + 3;
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("{}step \"$@\"", &script[start..end]))
        .arg("sh")
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn make_demo_shows_an_over_long_argument_abbreviated() {
    let long = "x".repeat(1100);
    let out = demo_step(&["echo", &long]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(""));
    assert_eq!(
        lines.next(),
        Some("$ echo xxxxxxxxxxxxxxxx...(1100 characters)")
    );
    // The command itself still gets the whole argument.
    assert_eq!(lines.next(), Some(long.as_str()));
    // Short arguments are shown as they are.
    assert_eq!(
        demo_step(&["echo", "hi there"]),
        "\n$ echo hi there\nhi there\n"
    );
}
