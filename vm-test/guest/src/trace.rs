//! In-VM tests of the learner's tools: `--trace`, `genltest decode`, `genltest raw`, the
//! module's `trace` switch, and the guided tour whose transcripts `docs/tour.md` holds.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use genltest::decode::{self, Datagram};
use genltest::family;
use genltest::trace::Direction;
use genltest::wire::{NLMSG_ERROR, NLM_F_ACK, NLM_F_CAPPED, NLM_F_REQUEST};

use crate::tour;
use crate::util::*;
use crate::{peers, tshark};

type TestResult = Result<(), String>;

/// One row of a `--trace` dump.
#[derive(Debug, Clone)]
pub struct Row {
    pub offset: usize,
    pub bytes: Vec<u8>,
    pub field: String,
    pub value: String,
}

/// One datagram of a `--trace` dump: its heading and its rows.
#[derive(Debug, Clone)]
pub struct Traced {
    pub heading: String,
    pub rows: Vec<Row>,
}

impl Traced {
    /// The datagram's bytes, put back together from the rows.
    pub fn bytes(&self) -> Vec<u8> {
        self.rows.iter().flat_map(|r| r.bytes.clone()).collect()
    }

    /// The port id in the heading.
    pub fn port(&self) -> Option<u32> {
        let at = self.heading.find(", port ")? + 7;
        self.heading[at..].split(' ').next()?.parse().ok()
    }

    /// The rows as (offset, field, value), for comparing with expectations.
    fn fields(&self) -> Vec<(usize, String, String)> {
        self.rows
            .iter()
            .map(|r| (r.offset, r.field.clone(), r.value.clone()))
            .collect()
    }
}

/// Parses the `--trace` output in `text` (other lines are skipped).
pub fn parse_trace(text: &str) -> Vec<Traced> {
    let hex_end = 8 + genltest::trace::BYTES_PER_ROW * 3 - 1;
    let mut out: Vec<Traced> = Vec::new();
    for line in text.lines() {
        if line.starts_with(">> ") || line.starts_with("<< ") || line.starts_with("== ") {
            out.push(Traced {
                heading: line.to_owned(),
                rows: Vec::new(),
            });
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        let is_row = line.len() > 8
            && line.starts_with("  ")
            && line.as_bytes()[2..6].iter().all(u8::is_ascii_hexdigit);
        if !is_row {
            continue;
        }
        let offset = usize::from_str_radix(&line[2..6], 16).unwrap_or(usize::MAX);
        let hex = line.get(8..hex_end.min(line.len())).unwrap_or("");
        let bytes = hex
            .split_whitespace()
            .map(|h| u8::from_str_radix(h, 16).unwrap_or(0))
            .collect();
        let field = line
            .get(hex_end + 2..hex_end + 26)
            .unwrap_or("")
            .trim()
            .to_owned();
        let value = line.get(hex_end + 28..).unwrap_or("").to_owned();
        d.rows.push(Row {
            offset,
            bytes,
            field,
            value,
        });
    }
    out
}

fn expect_rows(got: &Traced, want: &[(usize, &str, String)], what: &str) -> TestResult {
    let got = got.fields();
    check_eq(got.len(), want.len(), &format!("{what}: number of rows"))?;
    for (g, w) in got.iter().zip(want) {
        check_eq(
            (g.0, g.1.as_str(), g.2.as_str()),
            (w.0, w.1, w.2.as_str()),
            &format!("{what}: row at byte {}", w.0),
        )?;
    }
    Ok(())
}

/// `genltest --trace echo hi`: both messages of the echo (and its ACK), every field,
/// against the codec's own bytes and the kernel's answer.
pub fn trace_echo_shows_every_field() -> TestResult {
    let out = cli(&["--trace", "echo", "hi"]);
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "hi\n", "stdout")?;
    let d = parse_trace(&out.stderr);
    check_eq(
        d.len(),
        6,
        "datagrams: resolve (request, reply, ACK), then echo (request, reply, ACK)",
    )?;
    let id = family_id()?;
    let port = d[3].port().ok_or("no port in the heading")?;
    let id_text = format!("{id:#06x} genltest (a family id, assigned at registration)");
    let port_text = format!("{port} (a port id, assigned at bind)");
    check(
        d[3].heading == format!(">> send on NETLINK_GENERIC (16), port {port_text}: 28 bytes"),
        &format!("request heading: {}", d[3].heading),
    )?;
    check(
        d[4].heading == format!("<< recv on NETLINK_GENERIC (16), port {port_text}: 28 bytes"),
        &format!("reply heading: {}", d[4].heading),
    )?;

    // The request: the trace shows the bytes the codec builds, field by field.
    let mut want = Vec::new();
    family::echo_request(&mut want, id, 2, b"hi");
    check_eq(d[3].bytes(), want, "request bytes")?;
    let s = |v: &str| v.to_owned();
    expect_rows(
        &d[3],
        &[
            (0, "nlmsg_len", s("28")),
            (4, "nlmsg_type", id_text.clone()),
            (6, "nlmsg_flags", s("0x0005 REQUEST|ACK")),
            (8, "nlmsg_seq", s("2")),
            (12, "nlmsg_pid", s("0")),
            (16, "genl cmd", s("1 echo")),
            (17, "genl version", s("1")),
            (18, "genl reserved", s("0")),
            (20, "nla_len", s("7")),
            (22, "nla_type", s("0x0001 | 1 msg")),
            (24, "msg", s("\"hi\\0\"")),
            (27, "padding", s("aligns the next field to 4 bytes")),
        ],
        "echo request",
    )?;

    // The reply: what the kernel sent, as the library's parser reads it too.
    let reply = d[4].bytes();
    let m = genltest::wire::Messages::new(&reply)
        .next()
        .ok_or("no message in the reply")?
        .map_err(|e| e.to_string())?;
    check_eq(m.header.pid, port, "reply addressed to the socket's port")?;
    check_eq(m.header.seq, 2, "reply sequence")?;
    check_eq(
        family::parse_msg(&m.payload[4..]).map_err(|e| e.to_string())?,
        b"hi".to_vec(),
        "reply text",
    )?;
    expect_rows(
        &d[4],
        &[
            (0, "nlmsg_len", s("28")),
            (4, "nlmsg_type", id_text.clone()),
            (6, "nlmsg_flags", s("0x0000")),
            (8, "nlmsg_seq", s("2")),
            (12, "nlmsg_pid", port_text.clone()),
            (16, "genl cmd", s("1 echo")),
            (17, "genl version", s("1")),
            (18, "genl reserved", s("0")),
            (20, "nla_len", s("7")),
            (22, "nla_type", s("0x0001 | 1 msg")),
            (24, "msg", s("\"hi\\0\"")),
            (27, "padding", s("aligns the next field to 4 bytes")),
        ],
        "echo reply",
    )?;

    // The ACK: error 0 and the request's header, capped.
    expect_rows(
        &d[5],
        &[
            (0, "nlmsg_len", s("36")),
            (4, "nlmsg_type", s("0x0002 NLMSG_ERROR")),
            (6, "nlmsg_flags", s("0x0100 CAPPED")),
            (8, "nlmsg_seq", s("2")),
            (12, "nlmsg_pid", port_text.clone()),
            (16, "error", s("0 (success: this is an ACK)")),
            (20, "nlmsg_len", s("28")),
            (24, "nlmsg_type", id_text),
            (26, "nlmsg_flags", s("0x0005 REQUEST|ACK")),
            (28, "nlmsg_seq", s("2")),
            (32, "nlmsg_pid", s("0")),
        ],
        "ACK",
    )
}

/// Writes `text` to a file and runs `genltest ARGS < file`.
fn cli_with_stdin(args: &[&str], text: &[u8]) -> Result<Output, String> {
    let mut child = Command::new("/bin/genltest")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        stdin.write_all(text).map_err(|e| e.to_string())?;
    }
    let o = child.wait_with_output().map_err(|e| e.to_string())?;
    Ok(Output {
        status: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    })
}

/// The rows of a dump as text, without headings: what must match between two views.
fn row_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("  ")).collect()
}

/// `genltest decode` explains a captured round trip exactly as `--trace` did: the bytes
/// of a traced `echo` fed back as hex (learning the family id from the nlctrl reply in
/// the same input), and as a pcap file.
pub fn trace_decode_explains_a_captured_round_trip() -> TestResult {
    let out = cli(&["--trace", "echo", "round trip"]);
    expect_status(&out, 0)?;
    let traced = parse_trace(&out.stderr);
    check_eq(traced.len(), 6, "datagrams")?;
    let mut hex = String::new();
    for d in &traced {
        for b in d.bytes() {
            hex += &format!("{b:02x} ");
        }
        hex += "\n\n";
    }
    let decoded = cli_with_stdin(&["decode"], hex.as_bytes())?;
    expect_status(&decoded, 0)?;
    check_eq(
        row_lines(&decoded.stdout),
        row_lines(&out.stderr),
        "decode's rows equal the trace's rows",
    )?;
    check(
        decoded.stdout.contains("genltest echo (request)"),
        "the family id was learned from the nlctrl reply",
    )?;

    // The same bytes as an nlmon-style pcap: directions and protocol from the header.
    let datagrams: Vec<Datagram> = traced
        .iter()
        .map(|d| Datagram {
            protocol: Some(libc::NETLINK_GENERIC),
            direction: if d.heading.starts_with(">>") {
                Direction::UserToKernel
            } else {
                Direction::KernelToUser
            },
            data: d.bytes(),
            origin: String::new(),
        })
        .collect();
    let path = "/tmp/trace-round-trip.pcap";
    std::fs::write(path, decode::write_pcap(&datagrams)).map_err(|e| e.to_string())?;
    let decoded = cli(&["decode", "--pcap", path]);
    expect_status(&decoded, 0)?;
    check_eq(
        row_lines(&decoded.stdout),
        row_lines(&out.stderr),
        "pcap decode's rows equal the trace's rows",
    )?;
    check_eq(
        decoded
            .stdout
            .lines()
            .filter(|l| l.starts_with(">> captured, user to kernel, on NETLINK_GENERIC (16)"))
            .count(),
        2,
        "two datagrams from user space",
    )?;

    // Bad input: one line, exit code 8, never a crash.
    for (args, stdin, needle) in [
        (vec!["decode", "1c 00 0"], "", "odd number of hex digits"),
        (vec!["decode"], "1c 00 00 00 10 00", "truncated nlmsghdr"),
        (
            vec!["decode"],
            "ff 00 00 00 10 00 05 00 01 00 00 00 00 00 00 00",
            "nlmsg_len 255 runs past the end of the datagram",
        ),
        (
            vec!["decode", "--pcap", "/bin/genltest"],
            "",
            "not a pcap file",
        ),
    ] {
        let o = cli_with_stdin(&args, stdin.as_bytes())?;
        expect_status(&o, 8)?;
        check(
            o.stderr.contains(needle),
            &format!("{args:?}: {}", o.stderr),
        )?;
        check_eq(o.stderr.lines().count(), 1, "one line")?;
    }
    Ok(())
}

/// One pcap record as libpcap writes an nlmon capture: the 16-byte cooked header
/// (`LINKTYPE_NETLINK`) built from what the packet socket reported, then the bytes.
fn nlmon_record(pkttype: u8, hatype: u16, protocol: u16, data: &[u8]) -> Vec<u8> {
    let len = (16 + data.len()) as u32;
    let mut r = Vec::new();
    for v in [0, 0, len, len] {
        r.extend_from_slice(&u32::to_le_bytes(v));
    }
    r.extend_from_slice(&u16::from(pkttype).to_be_bytes());
    r.extend_from_slice(&hatype.to_be_bytes());
    r.extend_from_slice(&[0; 10]); // Address length and address: none.
    r.extend_from_slice(&protocol.to_be_bytes());
    r.extend_from_slice(data);
    r
}

/// A real capture: an `nlmon` device sees every Netlink datagram of the namespace; a
/// packet socket on it records `genltest --trace echo` as `tcpdump -i nlmon0` would, and
/// `genltest decode --pcap` explains the capture row for row as the trace did, with the
/// direction each datagram went.
pub fn trace_decode_explains_an_nlmon_capture() -> TestResult {
    use nix::sys::socket::{
        recvfrom, socket, AddressFamily, LinkAddr, SockFlag, SockProtocol, SockType,
    };
    use std::os::fd::AsRawFd;

    let up = run(
        "sh",
        &[
            "-c",
            "ip link add nlmon0 type nlmon && ip link set nlmon0 up",
        ],
    );
    expect_status(&up, 0)?;
    let result = (|| -> TestResult {
        let ifindex: usize = std::fs::read_to_string("/sys/class/net/nlmon0/ifindex")
            .map_err(|e| e.to_string())?
            .trim()
            .parse()
            .map_err(|_| "bad ifindex")?;
        let sock = socket(
            AddressFamily::Packet,
            SockType::Raw,
            SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
            SockProtocol::EthAll,
        )
        .map_err(|e| format!("packet socket: {e}"))?;
        let out = cli(&["--trace", "echo", "captured"]);
        expect_status(&out, 0)?;
        // Everything the nlmon device saw is queued on the socket by now.
        let mut file = decode::write_pcap(&[]);
        let mut buf = vec![0u8; 65536];
        let mut records = 0;
        let mut types: Vec<u8> = Vec::new();
        loop {
            let (n, addr) = match recvfrom::<LinkAddr>(sock.as_raw_fd(), &mut buf) {
                Ok(x) => x,
                Err(nix::errno::Errno::EAGAIN) => break,
                Err(e) => return Err(format!("recvfrom: {e}")),
            };
            let addr = addr.ok_or("no address")?;
            let protocol = u16::from_be(addr.protocol());
            // Only genltest's Generic Netlink traffic; `ip` itself spoke rtnetlink.
            if addr.ifindex() != ifindex || i32::from(protocol) != libc::NETLINK_GENERIC {
                continue;
            }
            types.push(addr.pkttype());
            file.extend(nlmon_record(
                addr.pkttype(),
                addr.hatype(),
                protocol,
                &buf[..n],
            ));
            records += 1;
        }
        check_eq(records, 6, "captured datagrams")?;
        let path = "/tmp/nlmon.pcap";
        std::fs::write(path, &file).map_err(|e| e.to_string())?;
        let decoded = cli(&["decode", "--pcap", path]);
        expect_status(&decoded, 0)?;
        check_eq(
            row_lines(&decoded.stdout),
            row_lines(&out.stderr),
            "the capture decodes to the rows the trace printed",
        )?;
        // nlmon marks every datagram "outgoing": the messages say who sent them.
        check_eq(
            types,
            vec![decode::PACKET_OUTGOING as u8; 6],
            "packet types nlmon reports",
        )?;
        let headings = decoded
            .stdout
            .lines()
            .filter(|l| l.starts_with("== captured on NETLINK_GENERIC (16): "))
            .count();
        check_eq(headings, 6, "one heading per datagram")?;
        let notes: Vec<&str> = decoded
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("  -- message 1 at byte 0: "))
            .collect();
        check_eq(
            notes,
            vec![
                "nlctrl getfamily (request)",
                "nlctrl getfamily reply (answer or notification)",
                "NLMSG_ERROR (an error or an acknowledgement)",
                "genltest echo (request)",
                "genltest echo (answer or notification)",
                "NLMSG_ERROR (an error or an acknowledgement)",
            ],
            "who sent each datagram, from its messages",
        )
    })();
    let down = run("ip", &["link", "del", "nlmon0"]);
    result?;
    expect_status(&down, 0)
}

/// `genltest --trace echo hi` captured on an `nlmon` device and decoded by tshark, which
/// nobody on this project wrote: for every datagram of the command (the `nlctrl` lookup
/// and the echo, request, reply and ACK each), every header field, the Generic Netlink
/// command and version, and every attribute's length and type that `--trace` shows must
/// be what tshark decodes in the same frame, and every row's bytes the captured bytes
/// (`tshark::compare_dump`). `genltest decode --pcap` of the same capture must agree
/// with tshark the same way.
pub fn trace_agrees_with_tshark_field_by_field() -> TestResult {
    // pcap (`-P`), which `genltest decode --pcap` reads, rather than dumpcap's pcapng. It
    // is written in host-run's /tmp, which is /host/tmp here.
    const PCAP: &str = "/tmp/trace-xcheck.pcap";
    let out = peers::with_nlmon0(|| {
        let dumpcap = peers::Dumpcap::start(&["-q", "-P", "-i", "nlmon0", "-w", PCAP])?;
        let out = cli(&["--trace", "echo", "hi"]);
        dumpcap.stop();
        Ok(out)
    })?;
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "hi\n", "stdout")?;
    let traced = parse_trace(&out.stderr);
    check_eq(
        traced.len(),
        6,
        "datagrams: resolve (request, reply, ACK), then echo (request, reply, ACK)",
    )?;

    // Only this command spoke Generic Netlink while dumpcap ran, so tshark's frames are
    // the traced datagrams, in the same order.
    let frames = peers::tshark_json(PCAP, "netlink.family == 16")?;
    check_eq(frames.len(), traced.len(), "frames tshark decoded")?;
    let decoded = cli(&["decode", "--pcap", &format!("/host{PCAP}")]);
    expect_status(&decoded, 0)?;
    let decoded: Vec<Traced> = parse_trace(&decoded.stdout)
        .into_iter()
        .filter(|d| d.heading.contains(" NETLINK_GENERIC (16): "))
        .collect();
    check_eq(decoded.len(), frames.len(), "datagrams decode --pcap shows")?;

    let mut problems = Vec::new();
    let mut compared = (0, 0);
    for ((f, t), d) in frames.iter().zip(&traced).zip(&decoded) {
        match tshark::compare_dump(f, t, "--trace") {
            Ok(n) => compared.0 += n,
            Err(e) => problems.push(e),
        }
        match tshark::compare_dump(f, d, "genltest decode --pcap") {
            Ok(n) => compared.1 += n,
            Err(e) => problems.push(e),
        }
    }
    println!(
        "# {} frames: tshark agrees with --trace on {} fields, with decode --pcap on {}",
        frames.len(),
        compared.0,
        compared.1
    );
    check(problems.is_empty(), &problems.join("\n"))?;
    check_eq(compared.1, compared.0, "fields compared in both dumps")?;

    // The echo's own three messages were among them, with the MSG attribute compared.
    let id = family_id()?;
    let echo: Vec<(u16, u16)> = frames[3..]
        .iter()
        .map(|f| {
            let h = &f.bytes[tshark::COOKED_HDRLEN..];
            (
                u16::from_ne_bytes([h[4], h[5]]),
                u16::from_ne_bytes([h[6], h[7]]),
            )
        })
        .collect();
    check_eq(
        echo,
        vec![
            (id, NLM_F_REQUEST | NLM_F_ACK),
            (id, 0),
            (NLMSG_ERROR, NLM_F_CAPPED),
        ],
        "type and flags of the echo request, reply and ACK",
    )?;
    for (t, what) in traced[3..5].iter().zip(["request", "reply"]) {
        check(
            t.rows
                .iter()
                .any(|r| r.offset == 20 && r.field == "nla_len" && r.value == "7"),
            &format!("the echo {what} shows MSG's length 7 at byte 20"),
        )?;
    }
    Ok(())
}

/// `genltest raw`: a hand-built request goes out as built, and the kernel's refusal is
/// shown with its extended ACK (here a policy violation: MSG without its NUL).
pub fn trace_raw_sends_what_it_built() -> TestResult {
    let out = cli(&[
        "raw",
        "--family",
        "genltest",
        "--cmd",
        "echo",
        "--attr",
        "msg:bytes:hello",
    ]);
    expect_status(&out, 1)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: raw: the kernel answered EINVAL: Attribute failed policy validation \
         (attribute MSG) [at byte 20 of the request]\n",
        "one line naming EINVAL, the extack, MSG and its offset",
    )?;
    let d = parse_trace(&out.stdout);
    check_eq(d.len(), 2, "the request and the error")?;
    let sent = d[0].bytes();
    check_eq(sent.len(), 32, "request length")?;
    check_eq(
        &sent[20..29],
        &b"\x09\x00\x01\x00hello"[..],
        "MSG without NUL",
    )?;
    for (field, value) in [
        ("error", "-22 EINVAL"),
        ("offs", "20 (byte offset in the request)"),
        ("type", "12 nul-string"),
        ("max-length", "1024"),
    ] {
        check(
            d[1].rows
                .iter()
                .any(|r| r.field == field && r.value == value),
            &format!("the error shows {field} {value}:\n{}", out.stdout),
        )?;
    }
    // Classic, from hex, with --trace: the trace shows it on stderr, stdout stays empty.
    let out = cli(&[
        "--trace",
        "raw",
        "--classic",
        "--hex",
        "13000000 1000 0100 05000000 00000000 686921 00",
    ]);
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "", "stdout")?;
    let d = parse_trace(&out.stderr);
    check_eq(d.len(), 2, "request and echo")?;
    check(
        d[1].heading.starts_with("<< recv on NETLINK_GENLTEST (31)"),
        &d[1].heading,
    )?;
    check(
        d[1].rows
            .iter()
            .any(|r| r.field == "echo payload" && r.value == "\"hi!\""),
        "echo payload shown",
    )?;
    // Bad field syntax is a usage error.
    expect_status(&cli(&["raw", "--attr", "msg:float:1"]), 2)
}

fn read_trace_switch() -> Result<String, String> {
    std::fs::read_to_string("/sys/kernel/genltest/trace").map_err(|e| e.to_string())
}

fn write_trace_switch(value: &str) -> Result<(), String> {
    std::fs::write("/sys/kernel/genltest/trace", value).map_err(|e| e.to_string())
}

/// The kernel log lines written since `marker` went into the log.
fn log_since(marker: &str) -> Result<String, String> {
    let out = run("dmesg", &[]);
    expect_status(&out, 0)?;
    let after = out
        .stdout
        .rfind(marker)
        .map(|i| &out.stdout[i..])
        .ok_or("marker not in the kernel log")?;
    Ok(after.lines().skip(1).collect::<Vec<_>>().join("\n"))
}

/// Writes `marker` as a line of its own into the kernel log (without the newline the
/// kernel would wait for the rest of the line).
fn mark_log(marker: &str) -> TestResult {
    std::fs::write("/dev/kmsg", format!("{marker}\n")).map_err(|e| e.to_string())
}

/// The module's request log: off by default; `/sys/kernel/genltest/trace` turns it on and
/// off at run time; `trace=1` at load turns it on from the start.
pub fn trace_module_switch_logs_requests_and_replies() -> TestResult {
    check_eq(read_trace_switch()?.as_str(), "0\n", "off by default")?;
    mark_log("trace-test: off")?;
    expect_status(&cli(&["echo", "quiet"]), 0)?;
    check(
        !log_since("trace-test: off")?.contains("genl request"),
        "nothing logged while off",
    )?;

    write_trace_switch("1")?;
    check_eq(read_trace_switch()?.as_str(), "1\n", "on after writing 1")?;
    mark_log("trace-test: on")?;
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.echo(b"hello").map_err(|e| e.to_string())?;
    let port = c.port_id();
    let classic = cli(&["classic", "echo", "hey"]);
    write_trace_switch("0")?;
    expect_status(&classic, 0)?;
    let log = log_since("trace-test: on")?;
    for line in [
        format!("genltest: genl request from port {port} seq 2: cmd echo, attrs: msg (5 bytes)"),
        format!("genltest: genl reply to port {port} seq 2: cmd echo, attrs: msg (5 bytes)"),
        "seq 1: type ECHO, payload 3 bytes".to_owned(),
    ] {
        check(log.contains(&line), &format!("log has {line:?}:\n{log}"))?;
    }
    check_eq(read_trace_switch()?.as_str(), "0\n", "off again")?;
    check_eq(
        std::fs::write("/sys/kernel/genltest/trace", "maybe")
            .err()
            .and_then(|e| e.raw_os_error()),
        Some(libc::EINVAL),
        "a write that is not a boolean is refused",
    )?;
    check_eq(
        read_trace_switch()?.as_str(),
        "0\n",
        "still off after the refused write",
    )?;

    // The module parameter sets the switch at load time.
    rmmod()?;
    let out = run("insmod", &["/lib/modules/genltest.ko", "trace=1"]);
    let on = read_trace_switch();
    rmmod()?;
    insmod()?;
    expect_status(&out, 0)?;
    check_eq(on?.as_str(), "1\n", "trace=1 at load")?;
    check_eq(read_trace_switch()?.as_str(), "0\n", "default after reload")
}

const TRACE_SWITCH: &str = "/sys/kernel/genltest/trace";

/// `/sys/kernel/genltest/trace` is mode 0644: every user reads it, only root writes it.
pub fn trace_switch_is_readable_by_all_and_writable_by_root_only() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(TRACE_SWITCH)
        .map_err(|e| e.to_string())?
        .permissions()
        .mode();
    check_eq(format!("{:o}", mode & 0o7777), "644".to_owned(), "mode")?;
    check_eq(read_trace_switch()?.as_str(), "0\n", "off to begin with")?;
    let out = run_as_nobody("/bin/sh", &["-c", &format!("cat {TRACE_SWITCH}")]);
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "0\n", "what nobody reads")?;
    let out = run_as_nobody("/bin/sh", &["-c", &format!("echo 1 > {TRACE_SWITCH}")]);
    check(
        out.status != 0 && out.stderr.contains("Permission denied"),
        &format!(
            "nobody's write is refused: status {}, {}",
            out.status, out.stderr
        ),
    )?;
    check_eq(read_trace_switch()?.as_str(), "0\n", "still off")
}

/// The module's log lines since `marker`, without their timestamps: its trace lines
/// and its notes about suppressed ones.
fn module_log_since(marker: &str) -> Result<Vec<String>, String> {
    Ok(log_since(marker)?
        .lines()
        .filter_map(|l| l.find("genltest: ").map(|i| l[i..].to_owned()))
        .filter(|l| l.starts_with("genltest: genl ") || l.ends_with(" trace lines suppressed"))
        .collect())
}

/// The request log is rate-limited to 10 lines every 5 s: a burst of requests logs its
/// first 10 lines, and the first line of the next window says how many were left out.
pub fn trace_log_is_rate_limited_to_10_lines_every_5_seconds() -> TestResult {
    write_trace_switch("1")?;
    let result = rate_limited_burst();
    write_trace_switch("0")?;
    result
}

fn rate_limited_burst() -> TestResult {
    // Nothing logged for 5 s: the burst's first line opens a new window.
    std::thread::sleep(Duration::from_millis(5500));
    mark_log("rate-limit test: burst")?;
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let port = c.port_id();
    // 20 echoes, sequence numbers 2 to 21 (1 resolved the family): 40 lines to log.
    for i in 0..20 {
        c.echo(format!("burst {i:02}").as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let lines = |seq: u32| {
        [
            format!(
                "genltest: genl request from port {port} seq {seq}: cmd echo, attrs: msg (8 bytes)"
            ),
            format!(
                "genltest: genl reply to port {port} seq {seq}: cmd echo, attrs: msg (8 bytes)"
            ),
        ]
    };
    let mut got = module_log_since("rate-limit test: burst")?;
    // Lines an earlier test had suppressed are reported first: not this test's.
    if got
        .first()
        .is_some_and(|l| l.ends_with(" trace lines suppressed"))
    {
        got.remove(0);
    }
    let want: Vec<String> = (2..=6).flat_map(lines).collect();
    check_eq(got, want, "the burst's log: the first 10 lines")?;
    // The next window.
    std::thread::sleep(Duration::from_millis(5500));
    mark_log("rate-limit test: next window")?;
    c.echo(b"next win").map_err(|e| e.to_string())?;
    let got = module_log_since("rate-limit test: next window")?;
    let mut want = vec!["genltest: 30 trace lines suppressed".to_owned()];
    want.extend(lines(22));
    check_eq(got, want, "the next window's log")
}

/// A process whose standard error is read line by line until it says it listens.
fn spawn_until_listening(
    args: &[&str],
) -> Result<
    (
        std::process::Child,
        String,
        BufReader<std::process::ChildStderr>,
    ),
    String,
> {
    let mut child = Command::new("/bin/genltest")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(child.stderr.take().ok_or("no stderr")?);
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            let _ = child.kill();
            return Err(format!("listener ended before listening:\n{seen}"));
        }
        seen += &line;
        if line.starts_with("listening on") {
            return Ok((child, seen, reader));
        }
    }
}

/// One step of the tour: its name, and its transcript after normalisation.
type Step = (String, String);

/// The transcript of a command: the command line, the trace, then standard output.
fn transcript(shown: &str, out: &Output, p: &mut tour::Placeholders) -> String {
    let mut t = format!("$ {shown}\n");
    t += &tour::normalise(&out.stderr, p);
    if !out.stdout.is_empty() {
        t += "[standard output]\n";
        t += &out.stdout;
    }
    if out.status != 0 {
        t += &format!("[exit status {}]\n", out.status);
    }
    t
}

/// Keeps the datagrams of `text` from number `from` on (what comes before the first
/// heading is kept), with a line saying what was left out. Lines the program printed
/// between the left-out datagrams are kept, in their place.
fn skip_datagrams(text: &str, from: usize, why: &str) -> String {
    let parts = tour::datagrams(text);
    let mut out = String::new();
    let lead = usize::from(!text.starts_with(">> ") && !text.starts_with("<< "));
    for (i, p) in parts.iter().enumerate() {
        if i < lead {
            out += p;
            continue;
        }
        let n = i - lead + 1;
        if n == 1 && from > 1 {
            out += &format!("[... {why} ...]\n");
        }
        if n < from {
            for line in p.lines().skip(1).filter(|l| !l.starts_with("  ")) {
                out += line;
                out.push('\n');
            }
        } else {
            out += p;
        }
    }
    out
}

/// Runs every step of the tour on a freshly loaded module and returns the normalised
/// transcripts.
pub fn run_tour() -> Result<Vec<Step>, String> {
    // A fresh module: empty history, ids from 1, zero counters.
    rmmod()?;
    insmod()?;
    let mut steps = Vec::new();

    // 1. Classic echo on unit 31.
    let mut p = tour::Placeholders::default();
    let out = cli(&["--trace", "classic", "echo", "hi"]);
    expect_status(&out, 0)?;
    steps.push((
        "classic-echo".into(),
        transcript("genltest --trace classic echo hi", &out, &mut p),
    ));

    // 2 and 3. Resolving the family through nlctrl, then the echo itself.
    let mut p = tour::Placeholders::default();
    let out = cli(&["--trace", "echo", "hi"]);
    expect_status(&out, 0)?;
    let all = transcript("genltest --trace echo hi", &out, &mut p);
    let parts = tour::datagrams(&all);
    check_eq(parts.len(), 7, "command line and six datagrams")?;
    steps.push(("resolve".into(), parts[..4].concat()));
    steps.push((
        "echo".into(),
        format!(
            "[... the family resolution above ...]\n{}",
            parts[4..].concat()
        ),
    ));

    // 4. A policy violation: MSG without its NUL, refused with an extended ACK.
    let mut p = tour::Placeholders::default();
    let out = cli(&[
        "--trace",
        "raw",
        "--family",
        "genltest",
        "--cmd",
        "echo",
        "--attr",
        "msg:bytes:hello",
    ]);
    expect_status(&out, 1)?;
    let t = transcript(
        "genltest --trace raw --family genltest --cmd echo --attr msg:bytes:hello",
        &out,
        &mut p,
    );
    steps.push((
        "extack".into(),
        skip_datagrams(&t, 4, "the family resolution, as in the step above"),
    ));

    // 5. A multicast subscription, and a sysfs ping that reaches it.
    let mut p = tour::Placeholders::default();
    let (mut child, head, mut rest) =
        spawn_until_listening(&["--trace", "listen", "--count", "1", "--timeout", "20"])?;
    let ping = cli(&["ping", "hello, listeners"]);
    expect_status(&ping, 0)?;
    let mut tail = String::new();
    rest.read_to_string(&mut tail).map_err(|e| e.to_string())?;
    let mut stdout = String::new();
    if let Some(mut o) = child.stdout.take() {
        o.read_to_string(&mut stdout).map_err(|e| e.to_string())?;
    }
    let status = child
        .wait()
        .map_err(|e| e.to_string())?
        .code()
        .unwrap_or(-1);
    let listen = Output {
        status,
        stdout,
        stderr: head + &tail,
    };
    expect_status(&listen, 0)?;
    let t = transcript(
        "genltest --trace listen --count 1 &\n$ genltest ping 'hello, listeners'",
        &listen,
        &mut p,
    );
    steps.push((
        "multicast".into(),
        skip_datagrams(&t, 4, "the family resolution, as in the steps above"),
    ));

    // 6. A dump across several buffers: 64 history entries of 540 bytes each.
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    for i in 0..64 {
        let text = format!("entry {i:02} ").repeat(60);
        c.echo(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    drop(c);
    let mut p = tour::Placeholders::default();
    let out = cli(&["--trace", "history"]);
    expect_status(&out, 0)?;
    let shown = Output {
        status: out.status,
        stdout: format!(
            "[{} lines: id, port id and text of each entry]\n",
            out.stdout.lines().count()
        ),
        stderr: out.stderr.clone(),
    };
    let t = transcript("genltest --trace history", &shown, &mut p);
    let t = skip_datagrams(&t, 4, "the family resolution, as in the steps above");
    steps.push(("dump".into(), tour::elide(&t)));

    // 7. The kernel's side of the same exchange: the module's request log.
    let mut p = tour::Placeholders::default();
    write_trace_switch("1")?;
    mark_log("tour: kernel log")?;
    let out = cli(&["echo", "hi"]);
    let history = cli(&["history"]);
    let log = log_since("tour: kernel log");
    write_trace_switch("0")?;
    expect_status(&out, 0)?;
    expect_status(&history, 0)?;
    let log: String = log?
        .lines()
        .filter(|l| l.contains("genltest: genl "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut t = String::from(
        "$ echo 1 > /sys/kernel/genltest/trace\n$ genltest echo hi\nhi\n$ genltest history >/dev/null\n\
         $ dmesg | grep 'genltest: genl'\n",
    );
    t += &tour::normalise_log(&log, &mut p);
    steps.push(("kernel-log".into(), t));

    // 8. From the spec to the bytes: COUNT out of the range genltest.yaml gives it, refused
    // by the generated policy, whose bounds come back in the extended ACK.
    let mut p = tour::Placeholders::default();
    let out = cli(&[
        "--trace",
        "raw",
        "--family",
        "genltest",
        "--cmd",
        "burst",
        "--attr",
        "count:u32:4097",
    ]);
    expect_status(&out, 1)?;
    let t = transcript(
        "genltest --trace raw --family genltest --cmd burst --attr count:u32:4097",
        &out,
        &mut p,
    );
    steps.push((
        "spec-to-bytes".into(),
        skip_datagrams(&t, 4, "the family resolution, as in step 2"),
    ));
    Ok(steps)
}

/// The tour's document, as it was when this binary was built.
const TOUR_MD: &str = include_str!("../../../docs/tour.md");

/// `docs/tour.md` holds exactly the transcripts the tour produces now.
pub fn tour_transcripts_match_docs() -> TestResult {
    let steps = run_tour()?;
    for (step, got) in &steps {
        let want = tour::current(TOUR_MD, step)
            .ok_or_else(|| format!("docs/tour.md has no block for step {step}"))?;
        if let Some((n, g, w)) = tour::first_difference(got, &want) {
            return Err(format!(
                "docs/tour.md step {step} is out of date at line {n}:\n got: {g}\nwant: {w}\n\
                 run 'make tour' to regenerate it"
            ));
        }
    }
    Ok(())
}

/// `genltest-vm-tests --tour-write`: prints `docs/tour.md` and `README.md` with fresh
/// transcripts between their marker lines, for `make tour`.
pub fn tour_write() -> std::process::ExitCode {
    let result = run_tour()
        .and_then(|steps| tour::splice(TOUR_MD, &steps))
        .and_then(|tour_md| {
            let blocks = peers::readme_transcripts()?;
            let readme = tour::splice_at(peers::README, &blocks, tour::peer_marker)?;
            Ok((tour_md, readme))
        });
    match result {
        Ok((tour_md, readme)) => {
            println!("TOUR-FILE-BEGIN");
            print!("{tour_md}");
            println!("TOUR-FILE-END");
            println!("README-FILE-BEGIN");
            print!("{readme}");
            println!("README-FILE-END");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("tour: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
