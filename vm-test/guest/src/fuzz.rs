//! A seeded mutation fuzzer for both protocols and the sysfs file.
//!
//! It starts from valid requests of every command (unit-31 `ECHO`; the family's `ECHO`,
//! `GET_STATS`, `HISTORY` and `RESET`; a ping text), applies a few random mutations to
//! headers, attributes and bytes, sends the result and drains whatever the kernel
//! answers, while listeners of both groups are subscribed. It runs for a fixed time and
//! reports the messages sent, the answers by errno and the seed, so a run can be
//! repeated with `GENLTEST_FUZZ_SEED`.
//!
//! It fails when the kernel sends anything that is not well-formed Netlink (a truncated
//! datagram, a length that lies, an `NLMSG_ERROR` or `NLMSG_DONE` without its status, a
//! Generic Netlink message whose attributes do not parse, a notification with the wrong
//! header), printing the input that caused it; when a listener hears anything but the
//! text of a ping (unit 31 hears only pings; what a ping publishes is its text without
//! one trailing newline, on both protocols); and when the module stops answering a
//! valid echo afterwards. A kernel warning or oops fails the whole VM run
//! (`panic_on_warn=1 oops=panic`), which the harness reports.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

use genltest::classic::{self, GENLTEST_MSG_ECHO, NETLINK_GENLTEST};
use genltest::error::Ack;
use genltest::family::{self, Attr, Cmd, FAMILY_VERSION};
use genltest::socket::Socket;
use genltest::wire::{
    Attrs, GenlHeader, MessageBuilder, Messages, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLMSG_DONE,
    NLMSG_ERROR, NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_DUMP, NLM_F_REQUEST,
};

use crate::util::RawListener;

/// nlctrl's family id, fixed by the kernel.
const GENL_ID_CTRL: u16 = 0x10;
use nix::errno::Errno;
use nix::sys::socket::{recv, MsgFlags};

/// A small, fast, seedable generator (xorshift64*): the same seed gives the same run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (which must not be 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values that sit on the boundaries parsers get wrong.
const INTERESTING_U16: &[u16] = &[
    0, 1, 3, 4, 5, 8, 0x10, 0x7f, 0x80, 0xff, 0x100, 0x3fff, 0x4000, 0x7fff, 0x8000, 0xfffe, 0xffff,
];
const INTERESTING_U32: &[u32] = &[
    0,
    1,
    3,
    4,
    15,
    16,
    17,
    19,
    20,
    21,
    24,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
];

/// Where a fuzzed input goes.
#[derive(Clone, Copy)]
enum To {
    Classic,
    Genl,
    Sysfs,
}

/// The valid starting points.
fn seeds(id: u16) -> Vec<(To, Vec<u8>)> {
    let mut out = Vec::new();
    let mut add = |to, build: &dyn Fn(&mut Vec<u8>)| {
        let mut b = Vec::new();
        build(&mut b);
        out.push((to, b));
    };
    for text in [
        &b""[..],
        b"hi",
        b"a somewhat longer text of 40 bytes......",
        &[b'x'; 1024],
    ] {
        add(To::Classic, &|b| {
            MessageBuilder::new(b, GENLTEST_MSG_ECHO, NLM_F_REQUEST | NLM_F_ACK, 1)
                .bytes(text)
                .finish();
        });
        add(To::Genl, &|b| {
            MessageBuilder::new(b, id, NLM_F_REQUEST | NLM_F_ACK, 2)
                .genl(Cmd::Echo as u8, FAMILY_VERSION)
                .attr_str(Attr::Msg as u16, text)
                .finish();
        });
    }
    add(To::Genl, &|b| {
        MessageBuilder::new(b, id, NLM_F_REQUEST, 3)
            .genl(Cmd::GetStats as u8, FAMILY_VERSION)
            .finish();
    });
    add(To::Genl, &|b| {
        MessageBuilder::new(b, id, NLM_F_REQUEST | NLM_F_DUMP, 4)
            .genl(Cmd::History as u8, FAMILY_VERSION)
            .finish();
    });
    add(To::Genl, &|b| {
        MessageBuilder::new(b, id, NLM_F_REQUEST | NLM_F_ACK, 5)
            .genl(Cmd::Reset as u8, FAMILY_VERSION)
            .finish();
    });
    add(To::Genl, &|b| {
        // Two echoes in one datagram, so mutations can break one of several.
        MessageBuilder::new(b, id, NLM_F_REQUEST, 6)
            .genl(Cmd::Echo as u8, FAMILY_VERSION)
            .attr_str(Attr::Msg as u16, b"first")
            .finish();
        MessageBuilder::new(b, id, NLM_F_REQUEST | NLM_F_ACK, 7)
            .genl(Cmd::Echo as u8, FAMILY_VERSION)
            .attr_str(Attr::Msg as u16, b"second")
            .finish();
    });
    for text in [&b"ping\n"[..], b"x", &[b'p'; 1024]] {
        out.push((To::Sysfs, text.to_vec()));
    }
    out
}

fn put_u16(b: &mut [u8], at: usize, v: u16) {
    if at + 2 <= b.len() {
        b[at..at + 2].copy_from_slice(&v.to_ne_bytes());
    }
}

fn put_u32(b: &mut [u8], at: usize, v: u32) {
    if at + 4 <= b.len() {
        b[at..at + 4].copy_from_slice(&v.to_ne_bytes());
    }
}

/// Offsets of the attributes of the first message (after 20 header bytes), as long
/// as their lengths make sense.
fn attr_offsets(b: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 20;
    while at + 4 <= b.len() {
        out.push(at);
        let len = u16::from_ne_bytes([b[at], b[at + 1]]) as usize;
        if len < 4 {
            break;
        }
        at += len.next_multiple_of(4);
    }
    out
}

/// Applies one random mutation to `b`.
fn mutate(rng: &mut Rng, b: &mut Vec<u8>, id: u16, to: To) {
    let len = b.len();
    match rng.below(16) {
        // Bit flips and byte values anywhere.
        0 if len > 0 => {
            let at = rng.below(len);
            b[at] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let at = rng.below(len);
            b[at] = *rng.pick(&[0u8, 1, 0x7f, 0x80, 0xff, b'\n']);
        }
        // Truncate, extend, insert or delete bytes.
        2 if len > 0 => b.truncate(rng.below(len)),
        3 => {
            let n = 1 + rng.below(16);
            for _ in 0..n {
                b.push(rng.next() as u8);
            }
        }
        4 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            b.splice(at..at, bytes);
        }
        5 if len > 0 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(8)).min(len);
            b.drain(at..end);
        }
        _ if matches!(to, To::Sysfs) => {
            // Ping texts have no headers: grow or shrink them instead.
            if rng.below(2) == 0 {
                b.resize(rng.below(4200), *rng.pick(&[b'a', 0, b'\n', 0xff]));
            } else {
                b.push(0);
            }
        }
        // Header fields.
        6 => {
            let v = if rng.below(2) == 0 {
                *rng.pick(INTERESTING_U32)
            } else {
                (len as u32)
                    .wrapping_add(rng.below(9) as u32)
                    .wrapping_sub(4)
            };
            put_u32(b, 0, v);
        }
        7 => {
            let ty = match rng.below(4) {
                0 => id,
                1 => GENLTEST_MSG_ECHO,
                2 => rng.below(0x20) as u16,
                _ => *rng.pick(INTERESTING_U16),
            };
            put_u16(b, 4, ty);
        }
        8 => {
            let flags = NLM_F_REQUEST | (1 << rng.below(16)) as u16 | (rng.next() as u16 & 0x030c);
            put_u16(b, 6, flags);
        }
        // The Generic Netlink header: command, version, reserved.
        9 if len >= 20 => b[16] = rng.below(8) as u8,
        10 if len >= 20 => {
            b[17] = *rng.pick(&[0u8, 1, 2, 0xff]);
            if rng.below(4) == 0 {
                put_u16(b, 18, rng.next() as u16);
            }
        }
        // Attributes: length, type and flags, duplicates.
        11..=13 => {
            let attrs = attr_offsets(b);
            if attrs.is_empty() {
                let ty = rng.below(12) as u16;
                b.extend_from_slice(&8u16.to_ne_bytes());
                b.extend_from_slice(&ty.to_ne_bytes());
                b.extend_from_slice(b"abc\0");
                return;
            }
            let at = *rng.pick(&attrs);
            match rng.below(4) {
                0 => put_u16(b, at, *rng.pick(INTERESTING_U16)),
                1 => {
                    let old = u16::from_ne_bytes([b[at], b[at + 1]]);
                    put_u16(b, at, old.wrapping_add(rng.below(9) as u16).wrapping_sub(4));
                }
                2 => {
                    let flags = *rng.pick(&[0, NLA_F_NESTED, NLA_F_NET_BYTEORDER]);
                    put_u16(b, at + 2, rng.below(12) as u16 | flags);
                }
                _ => {
                    let alen = u16::from_ne_bytes([b[at], b[at + 1]]) as usize;
                    let end = (at + alen.next_multiple_of(4)).min(b.len());
                    let copy = b[at..end].to_vec();
                    b.extend_from_slice(&copy);
                }
            }
        }
        // Batch: append a copy of the whole message.
        14 if len < 8192 => {
            let copy = b.clone();
            b.resize(len.next_multiple_of(4), 0);
            b.extend_from_slice(&copy);
        }
        _ => {
            // Keep the header's length honest after other mutations now and then.
            put_u32(b, 0, len as u32);
        }
    }
}

/// What the fuzzer saw.
#[derive(Default)]
pub struct Report {
    pub sent: u64,
    pub send_errors: BTreeMap<String, u64>,
    pub answers: BTreeMap<String, u64>,
    pub sysfs: BTreeMap<String, u64>,
    pub notifications: u64,
    /// Answers and notifications that broke the protocol.
    pub broken: u64,
    /// The first few of them: what was wrong, and the input that caused it.
    pub broken_first: Vec<String>,
}

/// Hex of `bytes`, for a failure report.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Report {
    /// Records that the kernel's answer to `input` (sent to `to`) broke the protocol.
    fn broken(&mut self, to: To, input: &[u8], what: String) {
        let to = match to {
            To::Classic => "unit 31",
            To::Genl => "Generic Netlink",
            To::Sysfs => "the ping file",
        };
        self.broken += 1;
        if self.broken_first.len() < 5 {
            self.broken_first.push(format!(
                "{what}\n  input ({} bytes, to {to}): {}",
                input.len(),
                hex(input)
            ));
        }
    }
}

/// Why one answer datagram from the kernel on `sock` is not well-formed, if it is not.
fn check_answer(sock: &Socket, id: u16, datagram: &[u8]) -> Result<(), String> {
    let port = sock.port_id();
    for m in Messages::new(datagram) {
        let m = m.map_err(|e| format!("malformed message: {e}"))?;
        let h = m.header;
        let addressed = |what: &str| {
            if h.pid == port {
                Ok(())
            } else {
                Err(format!(
                    "{what} addressed to port {}, this socket is {port}",
                    h.pid
                ))
            }
        };
        match h.ty {
            NLMSG_ERROR => {
                Ack::parse(h.flags, m.payload)
                    .map_err(|e| format!("malformed NLMSG_ERROR: {e}"))?;
                addressed("NLMSG_ERROR")?;
            }
            NLMSG_DONE => {
                // The dump's status (an int), then extack attributes if flagged.
                let status = m.payload.get(4..).ok_or_else(|| {
                    format!("NLMSG_DONE of {} bytes has no status", m.payload.len())
                })?;
                if h.flags & NLM_F_ACK_TLVS != 0 {
                    for a in Attrs::new(status) {
                        a.map_err(|e| format!("NLMSG_DONE's extack: {e}"))?;
                    }
                }
                addressed("NLMSG_DONE")?;
            }
            ty if sock.protocol() == NETLINK_GENLTEST => {
                if ty != GENLTEST_MSG_ECHO {
                    return Err(format!("unit 31 answered with message type {ty:#x}"));
                }
                addressed("unit-31 reply")?;
            }
            ty if ty == id || ty == GENL_ID_CTRL => {
                let (g, attrs) = GenlHeader::parse(m.payload).map_err(|e| format!("{e}"))?;
                for a in Attrs::new(attrs) {
                    a.map_err(|e| format!("attributes of a reply of type {ty:#x}: {e}"))?;
                }
                if ty == id {
                    if (g.version, g.reserved) != (FAMILY_VERSION, 0) {
                        return Err(format!("genltest reply header {g:?}"));
                    }
                    addressed("genltest reply")?;
                }
            }
            // Other families (the fuzzer rewrites types): their header is enough.
            _ => {}
        }
    }
    Ok(())
}

fn bump(map: &mut BTreeMap<String, u64>, key: String) {
    *map.entry(key).or_default() += 1;
}

/// Who answered: unit 31, the genltest family, nlctrl, the core for control messages,
/// or other families (the fuzzer also rewrites message types, which reaches the Generic
/// Netlink core, nlctrl and whatever other families the kernel has).
fn target(sock: &Socket, id: u16, ty: u16) -> &'static str {
    if sock.protocol() == NETLINK_GENLTEST {
        "unit31"
    } else if ty == id {
        "genltest"
    } else if ty == 0x10 {
        "nlctrl"
    } else if ty < 0x10 {
        "control-messages"
    } else {
        "other-families"
    }
}

/// Reads everything queued on `sock` without waiting, checks that it is well-formed
/// (recording what is not, with `input`) and counts it by target and kind.
fn drain(sock: &Socket, id: u16, buf: &mut [u8], report: &mut Report, to: To, input: &[u8]) {
    loop {
        match recv(
            sock.as_fd().as_raw_fd(),
            buf,
            MsgFlags::MSG_DONTWAIT | MsgFlags::MSG_TRUNC,
        ) {
            Ok(n) => {
                if n > buf.len() {
                    report.broken(to, input, format!("a {n}-byte answer was truncated"));
                    continue;
                }
                if let Err(why) = check_answer(sock, id, &buf[..n]) {
                    report.broken(to, input, format!("{why}\n  answer: {}", hex(&buf[..n])));
                }
                for m in Messages::new(&buf[..n]).flatten() {
                    let key = match m.header.ty {
                        NLMSG_ERROR => match Ack::parse(m.header.flags, m.payload) {
                            Ok(ack) => {
                                let who = target(sock, id, ack.request.ty);
                                if ack.error == 0 {
                                    format!("{who} ack")
                                } else {
                                    format!("{who} {}", genltest::error::errno_name(-ack.error))
                                }
                            }
                            Err(e) => format!("malformed error message: {e}"),
                        },
                        NLMSG_DONE => "dumps done".into(),
                        ty => format!("{} reply", target(sock, id, ty)),
                    };
                    bump(&mut report.answers, key);
                }
            }
            Err(Errno::EAGAIN) => return,
            Err(e) => bump(
                &mut report.answers,
                format!("recv {}", genltest::error::errno_name(e as i32)),
            ),
        }
    }
}

/// Reads what `listener` got since the last input and checks it: well-formed
/// notifications from the kernel, and on unit 31 (where only pings publish) exactly
/// `expected`, the text the last input published, if it was a ping. Overruns
/// (`ENOBUFS`) are counted; after one the texts are not compared.
fn drain_listener(
    listener: &mut RawListener,
    report: &mut Report,
    to: To,
    input: &[u8],
    expected: Option<&[Vec<u8>]>,
) {
    let protocol = listener.sock.protocol();
    let mut texts = Vec::new();
    let mut overrun = false;
    loop {
        match listener.next(Duration::ZERO) {
            Ok(Some(batch)) => {
                for n in batch {
                    report.notifications += 1;
                    match n.text(protocol) {
                        Ok(t) => texts.push(t),
                        Err(why) => report.broken(to, input, format!("notification: {why}")),
                    }
                }
            }
            Ok(None) => break,
            Err(why) if why.contains("ENOBUFS") => {
                overrun = true;
                bump(&mut report.answers, "listener ENOBUFS".into());
            }
            Err(why) => {
                report.broken(to, input, format!("listener: {why}"));
                break;
            }
        }
    }
    if let Some(want) = expected {
        if !overrun && texts != want {
            report.broken(
                to,
                input,
                format!("a listener of protocol {protocol} heard {texts:?}, want {want:?}"),
            );
        }
    }
}

/// What a ping of `written` bytes publishes: the text without one trailing newline
/// (nothing for an empty write).
fn published(written: &[u8]) -> Vec<Vec<u8>> {
    let text = written.strip_suffix(b"\n").unwrap_or(written);
    if written.is_empty() {
        Vec::new()
    } else {
        vec![text.to_vec()]
    }
}

/// Fuzzes for `duration` from `seed`.
pub fn run(seed: u64, duration: Duration) -> Result<Report, String> {
    let id = crate::util::family_id()?;
    let open = |proto| Socket::open(proto).map_err(|e| format!("socket: {e}"));
    let classic_sock = open(NETLINK_GENLTEST)?;
    let genl_sock = open(libc::NETLINK_GENERIC)?;
    for s in [&classic_sock, &genl_sock] {
        s.enable_ext_ack().map_err(|e| e.to_string())?;
    }
    let mut classic_listener = RawListener::open(NETLINK_GENLTEST, classic::GROUP)?;
    let mut genl_listener = RawListener::open(libc::NETLINK_GENERIC, crate::util::mcgrp_id()?)?;

    let seeds = seeds(id);
    let mut rng = Rng::new(seed);
    let mut report = Report::default();
    let mut buf = vec![0u8; 256 * 1024];
    let start = Instant::now();
    while start.elapsed() < duration {
        for _ in 0..64 {
            let (to, seed_bytes) = rng.pick(&seeds);
            let (to, mut b) = (*to, seed_bytes.clone());
            for _ in 0..1 + rng.below(4) {
                mutate(&mut rng, &mut b, id, to);
            }
            report.sent += 1;
            // What the listeners must hear: a ping's text; nothing after a unit-31
            // request; after a Generic Netlink one, unit 31 nothing (a BURST may
            // publish to mcgrp).
            let mut expect: [Option<Vec<Vec<u8>>>; 2] = [Some(Vec::new()), None];
            match to {
                To::Sysfs => {
                    let r = std::fs::OpenOptions::new()
                        .write(true)
                        .open(genltest::ping::PING_PATH)
                        .and_then(|mut f| f.write(&b));
                    let key = match &r {
                        Ok(n) if *n == b.len() => {
                            expect = [Some(published(&b)), Some(published(&b))];
                            "ok".to_string()
                        }
                        Ok(n) => {
                            report.broken(to, &b, format!("the write took {n} bytes"));
                            "short write".to_string()
                        }
                        Err(e) => genltest::error::errno_name(e.raw_os_error().unwrap_or(0)),
                    };
                    bump(&mut report.sysfs, key);
                }
                To::Classic | To::Genl => {
                    let sock = if matches!(to, To::Classic) {
                        &classic_sock
                    } else {
                        &genl_sock
                    };
                    if let Err(e) = sock.send(&b) {
                        bump(
                            &mut report.send_errors,
                            genltest::error::errno_name(e as i32),
                        );
                    }
                    drain(sock, id, &mut buf, &mut report, to, &b);
                    if matches!(to, To::Classic) {
                        expect[1] = Some(Vec::new());
                    }
                }
            }
            let [unit31, mcgrp] = &expect;
            drain_listener(
                &mut classic_listener,
                &mut report,
                to,
                &b,
                unit31.as_deref(),
            );
            drain_listener(&mut genl_listener, &mut report, to, &b, mcgrp.as_deref());
        }
    }
    Ok(report)
}

fn show(map: &BTreeMap<String, u64>) -> String {
    if map.is_empty() {
        return "none".into();
    }
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The in-VM test: fuzz for `GENLTEST_FUZZ_SECONDS` (default 60) from
/// `GENLTEST_FUZZ_SEED` (default: the clock), then check that echo still works.
pub fn test() -> Result<(), String> {
    let secs: u64 = std::env::var("GENLTEST_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("GENLTEST_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    println!("# fuzz: seed {seed} (repeat with GENLTEST_FUZZ_SEED={seed}), {secs} s");
    let start = Instant::now();
    let report = run(seed, Duration::from_secs(secs))?;
    let took = start.elapsed().as_secs_f64();
    println!(
        "# fuzz: {} inputs in {took:.1} s ({:.0}/s)",
        report.sent,
        report.sent as f64 / took
    );
    // One line per target: "genltest: EINVAL 1200, ack 300, reply 900".
    let mut by_target: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    for (key, n) in &report.answers {
        let (who, what) = key.split_once(' ').unwrap_or(("other", key));
        by_target
            .entry(who)
            .or_default()
            .insert(what.to_string(), *n);
    }
    for (who, answers) in &by_target {
        println!("# fuzz: answers from {who}: {}", show(answers));
    }
    println!("# fuzz: send errors: {}", show(&report.send_errors));
    println!("# fuzz: sysfs writes: {}", show(&report.sysfs));
    println!("# fuzz: notifications received: {}", report.notifications);
    println!(
        "# fuzz: answers and notifications that broke the protocol: {}",
        report.broken
    );
    println!("# robustness: fuzz-messages {}", report.sent);
    println!("# robustness: fuzz-seconds {}", took as u64);
    if report.broken > 0 {
        return Err(format!(
            "the kernel broke the protocol {} times (seed {seed}); the first:\n{}",
            report.broken,
            report.broken_first.join("\n")
        ));
    }
    // The module must still answer.
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let reply = c
        .echo(b"after fuzzing")
        .map_err(|e| format!("echo after fuzzing: {e}"))?;
    crate::util::check_eq(&reply[..], b"after fuzzing", "echo after fuzzing")?;
    let mut cc = classic::Client::open().map_err(|e| e.to_string())?;
    let reply = cc
        .echo(b"after fuzzing", false)
        .map_err(|e| format!("classic echo after fuzzing: {e}"))?;
    crate::util::check_eq(
        &reply.payload[..],
        b"after fuzzing",
        "classic echo after fuzzing",
    )?;
    crate::util::check(report.sent > 0, "the fuzzer sent something")
}
