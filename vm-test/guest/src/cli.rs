//! What the README promises about the CLI itself: `listen --json` prints one document per
//! line, `raw --wait` waits for more answers and `raw` exits 5 when nothing answers, and
//! the exit codes 6 (the answer broke the protocol: a truncated datagram, one not from
//! the kernel, lost notifications) and 7 (another operating-system error).

use std::io::Read;
use std::os::fd::{AsFd, AsRawFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::sys::socket::{sendto, MsgFlags, NetlinkAddr};
use nix::unistd::Pid;
use serde_json::{json, Value};

use genltest::classic;
use genltest::family;
use genltest::socket::Socket;
use genltest::wire::MessageBuilder;

use crate::util::*;
use crate::TestResult;

/// Starts `genltest ARGS` with its output piped.
fn spawn(args: &[&str]) -> Result<std::process::Child, String> {
    Command::new("/bin/genltest")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn genltest: {e}"))
}

/// Waits for `child` and returns what it printed.
fn finish(mut child: std::process::Child) -> Result<Output, String> {
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut o) = child.stdout.take() {
        o.read_to_string(&mut stdout).map_err(|e| e.to_string())?;
    }
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut stderr).map_err(|e| e.to_string())?;
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok(Output {
        status: status.code().unwrap_or(-1),
        stdout,
        stderr,
    })
}

/// Texts that JSON must escape to keep a document on one line.
const JSON_TEXTS: [&str; 3] = ["plain", "two\nlines", "a \"quote\", a \\ and a\ttab"];

/// `--json listen` prints each notification as one JSON document on a line of its own:
/// `{"protocol":"genl"|"classic","msg":TEXT}`, even for texts with newlines and quotes.
pub fn cli_listen_json_prints_one_document_per_line() -> TestResult {
    let group = mcgrp_id()?;
    for (args, protocol, unit, grp) in [
        (
            &["--json", "listen", "--count", "3", "--timeout", "20"][..],
            "genl",
            libc::NETLINK_GENERIC,
            group,
        ),
        (
            &[
                "--json",
                "classic",
                "listen",
                "--count",
                "3",
                "--timeout",
                "20",
            ][..],
            "classic",
            classic::NETLINK_GENLTEST,
            classic::GROUP,
        ),
    ] {
        let child = spawn(args)?;
        // With --json it prints nothing before the first document: watch its socket join.
        wait_for_subscription(child.id(), unit, grp)?;
        for text in JSON_TEXTS {
            write_ping(text.as_bytes()).map_err(|e| format!("ping: {e}"))?;
        }
        let out = finish(child)?;
        expect_status(&out, 0)?;
        let lines: Vec<&str> = out.stdout.split_terminator('\n').collect();
        check_eq(
            lines.len(),
            3,
            &format!("{protocol}: lines of output: {:?}", out.stdout),
        )?;
        for (line, text) in lines.iter().zip(JSON_TEXTS) {
            let doc: Value = serde_json::from_str(line)
                .map_err(|e| format!("{protocol}: {line:?} is not a JSON document: {e}"))?;
            check_eq(
                doc,
                json!({ "protocol": protocol, "msg": text }),
                &format!("{protocol}: the document for {text:?}"),
            )?;
        }
    }
    Ok(())
}

/// How many datagrams a `raw` transcript shows (each starts with `>>` or `<<`).
fn datagrams_shown(stdout: &str) -> usize {
    stdout
        .lines()
        .filter(|l| l.starts_with(">> ") || l.starts_with("<< "))
        .count()
}

/// `raw --wait SECS` waits that long after the last answer for more, unless the
/// answer to the last message has ended (an error or ACK); a negative wait is a usage
/// error.
pub fn cli_raw_wait_waits_for_more_answers() -> TestResult {
    let echo = [
        "raw",
        "--family",
        "genltest",
        "--cmd",
        "echo",
        "--attr",
        "msg:str:wait for me",
    ];
    // Without an ACK nothing ends the exchange: the echo, then the whole wait.
    let start = Instant::now();
    let out = cli(&[&echo[..], &["--flags", "request", "--wait", "3"]].concat());
    let took = start.elapsed();
    expect_status(&out, 0)?;
    check_eq(datagrams_shown(&out.stdout), 2, "the request and the echo")?;
    check(
        took >= Duration::from_secs(3),
        &format!("waited 3 s for more answers (took {took:?})"),
    )?;
    // With an ACK, the ACK ends it at once, whatever the wait.
    let start = Instant::now();
    let out = cli(&[&echo[..], &["--flags", "request,ack", "--wait", "60"]].concat());
    let took = start.elapsed();
    expect_status(&out, 0)?;
    check_eq(
        datagrams_shown(&out.stdout),
        3,
        "the request, the echo and the ACK",
    )?;
    check(
        took < Duration::from_secs(30),
        &format!("the ACK ended the exchange (took {took:?} with --wait 60)"),
    )?;
    let out = cli(&[&echo[..], &["--wait=-1"]].concat());
    expect_status(&out, 2)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: --wait -1: must be seconds ≥ 0\n",
        "the usage error",
    )
}

/// `raw` exits 5 when the kernel answers nothing: a unit-31 message without
/// `NLM_F_REQUEST` is skipped by `netlink_rcv_skb`.
pub fn cli_raw_exits_5_when_nothing_answers() -> TestResult {
    let out = cli(&["raw", "--classic", "--flags", "0", "--payload", "hi"]);
    expect_status(&out, 5)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: raw: no answer from the kernel (ask for one with --flags request,ack)\n",
        "the explanation",
    )?;
    check_eq(datagrams_shown(&out.stdout), 1, "only the request shown")
}

/// A socket to send a datagram to another process's port (root may, on any unit).
fn send_to_port(protocol: i32, port: u32, datagram: &[u8]) -> Result<u32, String> {
    let sock = Socket::open(protocol).map_err(|e| format!("socket: {e}"))?;
    let sent = sendto(
        sock.as_fd().as_raw_fd(),
        datagram,
        &NetlinkAddr::new(port, 0),
        MsgFlags::empty(),
    )
    .map_err(|e| format!("sendto port {port}: {e}"))?;
    check_eq(sent, datagram.len(), "bytes sent")?;
    Ok(sock.port_id())
}

/// A `genltest listen` that is subscribed, and the port its socket has.
fn listening_cli() -> Result<(Listener, u32), String> {
    let l = Listener::spawn(&["listen", "--timeout", "30"], false)?;
    let socks = netlink_sockets_of(l.pid())?;
    let port = socks
        .iter()
        .find(|s| s.protocol == libc::NETLINK_GENERIC && s.groups != 0)
        .map(|s| s.port)
        .ok_or_else(|| format!("the listener's subscribed socket: {socks:?}"))?;
    Ok((l, port))
}

/// The CLI receives into 64 KiB buffers and treats a datagram that does not fit
/// (`MSG_TRUNC`) as an error that breaks the protocol: exit 6, never a shortened
/// message.
pub fn cli_truncated_datagram_is_an_error_exit_6() -> TestResult {
    let (l, port) = listening_cli()?;
    let mut big = Vec::new();
    MessageBuilder::new(&mut big, 0x10, 0, 0)
        .bytes(&vec![b'B'; 70000 - 16])
        .finish();
    check_eq(big.len(), 70000, "datagram size")?;
    send_to_port(libc::NETLINK_GENERIC, port, &big)?;
    let out = l.finish()?;
    expect_status(&out, 6)?;
    check_eq(out.stdout.as_str(), "", "nothing printed from it")?;
    check_eq(
        out.stderr.as_str(),
        "genltest: listen: a 70000-byte datagram did not fit the 65536-byte buffer\n",
        "the error",
    )
}

/// Only the kernel (port 0) may answer: a datagram from another process is an error
/// that breaks the protocol, exit 6.
pub fn cli_datagram_not_from_the_kernel_is_an_error_exit_6() -> TestResult {
    let (l, port) = listening_cli()?;
    let mut fake = Vec::new();
    MessageBuilder::new(&mut fake, 0x10, 0, 0)
        .bytes(b"not the kernel")
        .finish();
    let from = send_to_port(libc::NETLINK_GENERIC, port, &fake)?;
    let out = l.finish()?;
    expect_status(&out, 6)?;
    check_eq(out.stdout.as_str(), "", "nothing printed from it")?;
    check_eq(
        out.stderr,
        format!("genltest: listen: datagram from port {from}, not the kernel\n"),
        "the error",
    )
}

/// A listener that fell behind reports the notifications it lost (`ENOBUFS`) and exits
/// 6; the module counted each of them as dropped.
pub fn cli_listener_overrun_is_reported_exit_6() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let l = Listener::spawn(&["listen", "--timeout", "60"], false)?;
    let pid = Pid::from_raw(l.pid() as i32);
    kill(pid, Signal::SIGSTOP).map_err(|e| format!("SIGSTOP: {e}"))?;
    let before = c.stats().map_err(|e| e.to_string())?;
    let pings = 400u64;
    let text = vec![b'o'; 1000];
    for _ in 0..pings {
        write_ping(&text).map_err(|e| format!("ping: {e}"))?;
    }
    let after = c.stats().map_err(|e| e.to_string())?;
    kill(pid, Signal::SIGCONT).map_err(|e| format!("SIGCONT: {e}"))?;
    let out = l.finish()?;
    expect_status(&out, 6)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: listen: notifications were lost (ENOBUFS): the socket's buffer overflowed\n",
        "the error",
    )?;
    // The loss is reported before what was queued.
    check_eq(out.stdout.as_str(), "", "stdout")?;
    let delivered = after.notify_delivered - before.notify_delivered;
    let dropped = after.notify_dropped - before.notify_dropped;
    check_eq(
        delivered + dropped,
        pings,
        "mcgrp notifications delivered or dropped",
    )?;
    check(
        dropped > 0 && delivered > 0,
        &format!(
            "some delivered ({delivered}) until the buffer was full, then dropped ({dropped})"
        ),
    )?;
    check_eq(
        after.notify_no_listener - before.notify_no_listener,
        pings,
        "unit 31 had no listener",
    )
}

/// Exit 7 is for other operating-system errors: standard output that cannot be written
/// (`/dev/full`), a pcap file that does not exist.
pub fn cli_other_os_errors_exit_7() -> TestResult {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .map_err(|e| format!("/dev/full: {e}"))?;
    let out = Command::new("/bin/genltest")
        .args(["echo", "to a full disk"])
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .map_err(|e| e.to_string())?;
    check_eq(
        out.status.code(),
        Some(7),
        "exit status with stdout on /dev/full",
    )?;
    check_eq(
        String::from_utf8_lossy(&out.stderr).as_ref(),
        "genltest: write stdout: ENOSPC (No space left on device)\n",
        "the error",
    )?;
    let out = cli(&["decode", "--pcap", "/nonexistent.pcap"]);
    expect_status(&out, 7)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: decode: read /nonexistent.pcap: ENOENT (No such file or directory)\n",
        "the error",
    )
}

/// `--trace` sees every datagram of `bench`, those its pipelined rows receive with
/// `recvmmsg` (`Socket::recv_batch`) included: every echo request traced has its reply
/// traced.
pub fn cli_trace_shows_bench_batches() -> TestResult {
    let out = cli(&[
        "--trace",
        "bench",
        "--runs",
        "1",
        "--run-ms",
        "1",
        "--depth",
        "4",
        "--no-fanout",
    ]);
    expect_status(&out, 0)?;
    let count = |what: &str| out.stderr.lines().filter(|l| l.ends_with(what)).count();
    for family in ["genltest echo", "classic echo"] {
        let requests = count(&format!(": {family} (request)"));
        let replies = count(&format!(": {family} (answer or notification)"));
        check(
            requests > 8,
            &format!("{family}: {requests} requests traced"),
        )?;
        check_eq(
            replies,
            requests,
            &format!("{family}: a traced reply per request"),
        )?;
    }
    // The pipelined rows sent 4 requests per datagram.
    check(
        out.stderr.contains("message 4 at byte"),
        "a pipelined datagram of 4 requests traced",
    )
}
