//! Hostile input to `genltest decode` and to the annotator behind `--trace`.
//!
//! A seeded mutation fuzzer starts from real, valid messages (echo request and reply, an
//! ACK, errors with extended ACKs and a nested policy, a history dump and its
//! `NLMSG_DONE`, `nlctrl`'s family and policy replies, classic echoes) and from random
//! nests as deep as the annotator's limit and past it. It damages them — bits, bytes,
//! lengths, `NLA_F_NESTED`, cuts, copies, splices, wraps in nests and in errors — and
//! hands at least a million datagrams to the library's decoders: the annotator, the hex
//! and pcap readers, and the wire parsers the CLI uses for the kernel's answers. Nothing
//! may panic, and what the annotator says must agree with the parsers. A few of the
//! inputs, and inputs nested thousands of levels deep, then go through the real binary,
//! which must exit 0 or 8 with one line of explanation.
//!
//! The seed is fixed, so a run is repeatable; `GENLTEST_FUZZ_SEED=N` tries another one,
//! `GENLTEST_FUZZ_DATAGRAMS=N` another count. The million run as two streams on two
//! threads, each with its own generator. A failure prints the seed, the stream, the
//! input number and the input's bytes in hex (ready for `genltest decode`).

use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use genltest::decode::{self, Datagram};
use genltest::error::Ack;
use genltest::gen::nlctrl::{CtrlAttr, McastGroupAttr, OpAttr, OpPolicyAttr};
use genltest::trace::{Annotator, Direction, Heading, MAX_DEPTH};
use genltest::wire::*;
use genltest::{ctrl, family, raw};

mod common;
use common::{errors_nested, nested_attrs, policy_nest};

const GENL: i32 = libc::NETLINK_GENERIC;
const CLASSIC: i32 = 31;
const FAMILY_ID: u16 = 0x1b;
/// How many datagrams the library-level fuzzer hands to the annotator.
fn datagrams() -> u64 {
    std::env::var("GENLTEST_FUZZ_DATAGRAMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// splitmix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True once in `n` times.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn seed() -> u64 {
    std::env::var("GENLTEST_FUZZ_SEED")
        .ok()
        .and_then(|s| decode::parse_number(&s))
        .unwrap_or(0x6765_6e6c_7465_7374) // "genltest"
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------
// Real messages to start from.

/// An echo request of the genltest family.
fn echo_request() -> Vec<u8> {
    let mut buf = Vec::new();
    family::echo_request(&mut buf, FAMILY_ID, 2, b"hi");
    buf
}

/// The kernel's echo reply and its ACK (capped), in one datagram.
fn echo_reply_and_ack() -> Vec<u8> {
    let request = echo_request();
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, FAMILY_ID, 0, 2)
        .genl(1, 1)
        .attr_str(1, b"hi")
        .finish();
    MessageBuilder::new(&mut buf, NLMSG_ERROR, NLM_F_CAPPED, 2)
        .bytes(&0i32.to_ne_bytes())
        .bytes(&request[..NLMSG_HDRLEN])
        .finish();
    buf
}

/// A capped error with an extended ACK: message, offset, missing type.
fn error_with_extack() -> Vec<u8> {
    let request = echo_request();
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 2)
        .bytes(&(-22i32).to_ne_bytes())
        .bytes(&request[..NLMSG_HDRLEN])
        .attr_str(NLMSGERR_ATTR_MSG, b"bad msg")
        .attr_u32(NLMSGERR_ATTR_OFFS, 20)
        .attr_u32(NLMSGERR_ATTR_MISS_TYPE, 1)
        .finish();
    buf
}

/// An error without `NLM_F_CAPPED`: the whole request, then the policy of the
/// offending attribute, nested.
fn error_uncapped_with_policy() -> Vec<u8> {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, NLMSG_ERROR, NLM_F_ACK_TLVS, 2)
        .bytes(&(-22i32).to_ne_bytes())
        .bytes(&echo_request())
        .attr_str(NLMSGERR_ATTR_MSG, b"bad msg")
        .attr_u32(NLMSGERR_ATTR_OFFS, 20)
        .begin_nest(NLMSGERR_ATTR_POLICY)
        .attr_u32(1, 12) // type: nul-string
        .attr_u32(7, 1024) // max-length
        .end_nest()
        .finish();
    buf
}

/// A `HISTORY` dump: entries, then `NLMSG_DONE` with an extended ACK.
fn history_dump() -> Vec<u8> {
    let mut buf = Vec::new();
    for (id, text) in [(1u64, &b"one"[..]), (2, b"two")] {
        MessageBuilder::new(&mut buf, FAMILY_ID, NLM_F_MULTI, 7)
            .genl(3, 1)
            .attr(2, b"")
            .attr(8, &id.to_ne_bytes())
            .attr_u32(9, 4321)
            .attr_str(1, text)
            .finish();
    }
    MessageBuilder::new(&mut buf, NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, 7)
        .bytes(&0i32.to_ne_bytes())
        .attr_str(NLMSGERR_ATTR_MSG, b"done")
        .finish();
    buf
}

/// A `GET_STATS` reply: u64 counters after a pad attribute.
fn stats_reply() -> Vec<u8> {
    let mut m = Vec::new();
    let mut b = MessageBuilder::new(&mut m, FAMILY_ID, 0, 3).genl(2, 1);
    for ty in [3u16, 10] {
        b = b.attr(2, b"").attr(ty, &u64::from(ty).to_ne_bytes());
    }
    b.finish();
    m
}

/// `nlctrl`'s `CTRL_CMD_NEWFAMILY` reply for genltest: ops and groups, nested.
fn newfamily_reply() -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, GENL_ID_CTRL, 0, 1)
        .genl(1, 2)
        .attr_str(CtrlAttr::FamilyName as u16, b"genltest")
        .attr_u16(CtrlAttr::FamilyId as u16, FAMILY_ID)
        .attr_u32(CtrlAttr::Version as u16, 1)
        .attr_u32(CtrlAttr::Hdrsize as u16, 0)
        .attr_u32(CtrlAttr::Maxattr as u16, 11)
        .begin_nest(CtrlAttr::Ops as u16);
    for (i, flags) in [(1u16, 0x0au32), (3, 0x0c)] {
        b = b
            .begin_nest(i)
            .attr_u32(OpAttr::Id as u16, u32::from(i))
            .attr_u32(OpAttr::Flags as u16, flags)
            .end_nest();
    }
    b.end_nest()
        .begin_nest(CtrlAttr::McastGroups as u16)
        .begin_nest(1)
        .attr_str(McastGroupAttr::Name as u16, b"mcgrp")
        .attr_u32(McastGroupAttr::Id as u16, 6)
        .end_nest()
        .end_nest()
        .finish();
    buf
}

/// `nlctrl`'s `CTRL_CMD_GETPOLICY` dump: a policy table and an op's policies.
fn getpolicy_dump() -> Vec<u8> {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, GENL_ID_CTRL, NLM_F_MULTI, 4)
        .genl(10, 1)
        .attr_u16(CtrlAttr::FamilyId as u16, FAMILY_ID)
        .begin_nest(CtrlAttr::Policy as u16)
        .begin_nest(0)
        .begin_nest(1)
        .attr_u32(1, 12)
        .attr_u32(7, 1024)
        .end_nest()
        .end_nest()
        .end_nest()
        .finish();
    MessageBuilder::new(&mut buf, GENL_ID_CTRL, NLM_F_MULTI, 4)
        .genl(10, 1)
        .attr_u16(CtrlAttr::FamilyId as u16, FAMILY_ID)
        .begin_nest(CtrlAttr::OpPolicy as u16)
        .begin_nest(1)
        .attr_u32(OpPolicyAttr::Do as u16, 0)
        .end_nest()
        .end_nest()
        .finish();
    MessageBuilder::new(&mut buf, NLMSG_DONE, NLM_F_MULTI, 4)
        .bytes(&0i32.to_ne_bytes())
        .finish();
    buf
}

/// A classic unit-31 echo request and reply, with an ACK.
fn classic_echo() -> Vec<u8> {
    let mut buf = Vec::new();
    genltest::classic::echo_request(&mut buf, 5, b"hi there", true);
    let request = buf.clone();
    MessageBuilder::new(&mut buf, 0x10, 0, 5)
        .bytes(b"hi there")
        .finish();
    MessageBuilder::new(&mut buf, NLMSG_ERROR, NLM_F_CAPPED, 5)
        .bytes(&0i32.to_ne_bytes())
        .bytes(&request[..NLMSG_HDRLEN])
        .finish();
    buf
}

/// `data` as the request an uncapped `NLMSG_ERROR` copies back.
fn in_error(data: &[u8], flags: u16) -> Vec<u8> {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, NLMSG_ERROR, flags & !NLM_F_CAPPED, 1)
        .bytes(&(-22i32).to_ne_bytes())
        .bytes(data)
        .finish();
    buf
}

/// The valid messages the mutations start from, with their protocol.
fn corpus() -> Vec<(i32, Vec<u8>)> {
    vec![
        (GENL, echo_request()),
        (GENL, echo_reply_and_ack()),
        (GENL, error_with_extack()),
        (GENL, error_uncapped_with_policy()),
        (GENL, history_dump()),
        (GENL, stats_reply()),
        (GENL, newfamily_reply()),
        (GENL, getpolicy_dump()),
        (GENL, in_error(&error_with_extack(), NLM_F_ACK_TLVS)),
        (GENL, nested_attrs(0x30, 4)),
        (CLASSIC, classic_echo()),
    ]
}

/// Valid messages at the annotator's nesting limit: large, so they are picked less often.
fn deep_corpus() -> Vec<(i32, Vec<u8>)> {
    vec![
        (GENL, nested_attrs(FAMILY_ID, MAX_DEPTH)),
        (GENL, nested_attrs(0x30, MAX_DEPTH - 1)),
        (GENL, policy_nest(MAX_DEPTH)),
        (GENL, policy_nest(MAX_DEPTH - 1)),
        (GENL, errors_nested(MAX_DEPTH)),
    ]
}

// ---------------------------------------------------------------------------------------
// Mutations.

const BYTES: [u8; 10] = [0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x7f, 0x80, 0xfe, 0xff];

fn put_u16(data: &mut [u8], at: usize, v: u16) {
    if let Some(s) = data.get_mut(at..at + 2) {
        s.copy_from_slice(&v.to_ne_bytes());
    }
}

fn put_u32(data: &mut [u8], at: usize, v: u32) {
    if let Some(s) = data.get_mut(at..at + 4) {
        s.copy_from_slice(&v.to_ne_bytes());
    }
}

/// A random, well-formed run of attributes: values of every size, nests down to
/// `levels` (at most one nest per level, so the size stays small).
fn random_attrs(rng: &mut Rng, out: &mut Vec<u8>, levels: usize) {
    let nest_at = rng.below(2);
    for i in 0..1 + rng.below(2) {
        let at = out.len();
        out.extend_from_slice(&[0; 4]);
        let mut ty = rng.below(12) as u16;
        if levels > 0 && i == nest_at {
            ty |= NLA_F_NESTED;
            random_attrs(rng, out, levels - 1);
        } else {
            if rng.one_in(8) {
                ty |= NLA_F_NET_BYTEORDER;
            }
            let len = *rng.pick(&[0, 1, 2, 4, 4, 8, 8, 5, 17]);
            for _ in 0..len {
                out.push(*rng.pick(&[0, b'a', 1, 0xff]));
            }
        }
        let len = (out.len() - at).min(0xffff) as u16;
        put_u16(out, at, len);
        put_u16(out, at + 2, ty);
        out.resize(align(out.len()), 0);
    }
}

/// A random message: a type that selects a layout, random attributes.
fn random_message(rng: &mut Rng) -> (i32, Vec<u8>) {
    let ty = *rng.pick(&[NLMSG_ERROR, NLMSG_DONE, GENL_ID_CTRL, FAMILY_ID, 0x30]);
    let flags = *rng.pick(&[
        0,
        NLM_F_MULTI,
        NLM_F_ACK_TLVS,
        NLM_F_CAPPED | NLM_F_ACK_TLVS,
    ]);
    let mut body = Vec::new();
    match ty {
        NLMSG_ERROR => {
            body.extend_from_slice(&(-22i32).to_ne_bytes());
            body.extend_from_slice(&echo_request()[..NLMSG_HDRLEN]);
            put_u32(&mut body, 4, NLMSG_HDRLEN as u32);
        }
        NLMSG_DONE => body.extend_from_slice(&0i32.to_ne_bytes()),
        _ => body.extend_from_slice(&[rng.below(12) as u8, 1, 0, 0]),
    }
    // Mostly shallow; now and then around the annotator's limit.
    let levels = if rng.one_in(16) {
        MAX_DEPTH - 2 + rng.below(4)
    } else {
        rng.below(4)
    };
    random_attrs(rng, &mut body, levels);
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, ty, flags | NLM_F_CAPPED, 1)
        .bytes(&body)
        .finish();
    (GENL, buf)
}

/// Damages `data` once.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, corpus: &[(i32, Vec<u8>)]) {
    let n = data.len();
    match rng.below(13) {
        0 if n > 0 => {
            let at = rng.below(n);
            data[at] ^= 1 << rng.below(8);
        }
        1 if n > 0 => {
            let at = rng.below(n);
            data[at] = *rng.pick(&BYTES);
        }
        // A length, type or flags field: 16 bits at an even offset.
        2 if n > 1 => {
            let at = rng.below(n / 2) * 2;
            let v = *rng.pick(&[0, 1, 3, 4, 5, 8, 16, 17, 20, n as u16, n as u16 + 1, 0xffff]);
            put_u16(data, at, v);
        }
        // A message length: 32 bits at an aligned offset.
        3 if n > 3 => {
            let at = rng.below(n / 4) * 4;
            let v = *rng.pick(&[0, 15, 16, 17, 20, n as u32, n as u32 + 1, u32::MAX]);
            put_u32(data, at, v);
        }
        // NLA_F_NESTED or NLA_F_NET_BYTEORDER on whatever sits where a type would be.
        4 if n > 3 => {
            let at = rng.below(n / 4) * 4 + 2;
            let bit = *rng.pick(&[NLA_F_NESTED, NLA_F_NET_BYTEORDER]);
            if let Some(s) = data.get(at..at + 2) {
                let v = u16::from_ne_bytes([s[0], s[1]]) ^ bit;
                put_u16(data, at, v);
            }
        }
        // Header flags that change the layout: CAPPED, ACK_TLVS, MULTI.
        5 if n > 7 => {
            let bit = *rng.pick(&[NLM_F_CAPPED, NLM_F_ACK_TLVS, NLM_F_MULTI, NLM_F_REQUEST]);
            let v = u16::from_ne_bytes([data[6], data[7]]) ^ bit;
            put_u16(data, 6, v);
        }
        6 => data.truncate(rng.below(n + 1)),
        7 if n > 0 => {
            let at = rng.below(n);
            let end = (at + 1 + rng.below(8)).min(n);
            data.drain(at..end);
        }
        8 if n > 0 => {
            let at = rng.below(n);
            let end = (at + 1 + rng.below(16)).min(n);
            let copy = data[at..end].to_vec();
            let to = rng.below(n + 1);
            data.splice(to..to, copy);
        }
        9 => {
            let to = rng.below(n + 1);
            let bytes: Vec<u8> = (0..1 + rng.below(8)).map(|_| rng.next() as u8).collect();
            data.splice(to..to, bytes);
        }
        // Another message in the same datagram.
        10 => {
            let (_, other) = rng.pick(corpus);
            data.extend_from_slice(other);
        }
        // Wrap in nests: deep enough, sometimes, to reach the limit.
        11 => {
            let levels = if rng.one_in(16) {
                MAX_DEPTH - 2 + rng.below(4)
            } else {
                1 + rng.below(3)
            };
            let mut body = std::mem::take(data);
            for _ in 0..levels {
                let mut nest = Vec::with_capacity(body.len() + 4);
                nest.extend_from_slice(&((body.len() + 4).min(0xffff) as u16).to_ne_bytes());
                nest.extend_from_slice(&(NLA_F_NESTED | 1).to_ne_bytes());
                nest.extend_from_slice(&body);
                body = nest;
            }
            let mut buf = Vec::new();
            MessageBuilder::new(&mut buf, 0x30, 0, 1)
                .genl(1, 1)
                .bytes(&body)
                .finish();
            *data = buf;
        }
        // The request an error copies back (errors in errors reach the limit too).
        12 => {
            let levels = if rng.one_in(32) {
                MAX_DEPTH - 1 + rng.below(3)
            } else {
                1
            };
            for _ in 0..levels {
                *data = in_error(data, *rng.pick(&[0, NLM_F_ACK_TLVS]));
            }
        }
        _ => {}
    }
    // Keep the first message's length true now and then, so the damage is met inside.
    if rng.one_in(3) && data.len() >= 4 {
        let len = data.len() as u32;
        put_u32(data, 0, len);
    }
}

/// The next fuzz input: a mutated real message, a random tree, or random bytes.
fn next_input(rng: &mut Rng, corpus: &[(i32, Vec<u8>)], deep: &[(i32, Vec<u8>)]) -> (i32, Vec<u8>) {
    let (mut protocol, mut data) = match rng.below(64) {
        0..=3 => {
            let len = rng.below(48);
            (GENL, (0..len).map(|_| rng.next() as u8).collect())
        }
        4 => rng.pick(deep).clone(),
        5..=15 => random_message(rng),
        _ => rng.pick(corpus).clone(),
    };
    for _ in 0..1 + rng.below(4) {
        mutate(rng, &mut data, corpus);
    }
    if rng.one_in(32) {
        protocol = *rng.pick(&[CLASSIC, 0, GENL]);
    }
    (protocol, data)
}

// ---------------------------------------------------------------------------------------
// What must hold for every input.

/// How many raw bytes the rows of an annotation show.
fn bytes_shown(out: &str) -> usize {
    out.lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("  --") && !l.starts_with("  !!"))
        .map(|l| {
            l.get(8..l.len().min(55))
                .unwrap_or("")
                .split_whitespace()
                .count()
        })
        .sum()
}

/// Annotates `data` and runs the wire parsers on it; panics when a promise is broken.
/// `full` also reads the annotation's rows. Returns the problem found.
fn check(
    annotator: &mut Annotator,
    out: &mut String,
    protocol: i32,
    data: &[u8],
    full: bool,
) -> Option<String> {
    out.clear();
    let heading = Heading {
        direction: Direction::Input,
        protocol,
        port: None,
    };
    let result = annotator.datagram(out, &heading, data);
    if full {
        // A problem is shown in the dump exactly when one is returned, and every byte
        // of the input is on some row.
        assert_eq!(
            result.is_err(),
            out.contains("\n  !! "),
            "problem returned and shown disagree\n{out}"
        );
        assert_eq!(bytes_shown(out), data.len(), "a byte is not shown\n{out}");
    }
    // The parsers the clients use on the kernel's answers.
    let mut walked = true;
    for m in Messages::new(data) {
        let Ok(m) = m else {
            walked = false;
            break;
        };
        match m.header.ty {
            NLMSG_ERROR => {
                let _ = Ack::parse(m.header.flags, m.payload);
            }
            NLMSG_DONE => {
                let mut ack = Ack::default();
                let _ = ack.read_extack(m.payload.get(4..).unwrap_or(&[]));
            }
            ty if ty >= NLMSG_MIN_TYPE && protocol == GENL => {
                if let Ok((_, attrs)) = GenlHeader::parse(m.payload) {
                    let _ = ctrl::parse_family(attrs);
                    let _ = ctrl::parse_policy_message(attrs, &mut ctrl::Policies::default());
                    let _ = family::parse_stats(attrs);
                    let _ = family::parse_burst(attrs);
                    let _ = family::parse_history_entry(attrs);
                    let _ = family::parse_msg(attrs);
                    // The annotator walks the same top-level attributes by the same rules.
                    if result.is_ok() {
                        assert!(
                            Attrs::new(attrs).all(|a| a.is_ok()),
                            "the annotator accepted attributes the parser refuses\n{out}"
                        );
                    }
                }
            }
            _ => {}
        }
    }
    if !walked {
        assert!(
            result.is_err(),
            "a bad message length was not reported\n{out}"
        );
    }
    let _ = raw::first_error(&[data.to_vec()], data);
    result.err().map(|p| p.what)
}

/// The library-level fuzzer's state: the annotator (it learns family ids across
/// datagrams, as in `decode`), an output buffer reused for every datagram, the counts.
struct Fuzzer {
    stream: u64,
    annotator: Annotator,
    out: String,
    annotated: u64,
    problems: u64,
    at_limit: u64,
}

impl Fuzzer {
    /// Runs [`check`] on one datagram, turning a panic into a failure that says how to
    /// repeat it. `full` also counts the bytes on the rows.
    fn feed(&mut self, protocol: i32, data: &[u8], full: bool) {
        if self.annotated % 4096 == 0 {
            self.annotator = Annotator::new();
            self.annotator.learn_family(FAMILY_ID, "genltest");
        }
        let r = catch_unwind(AssertUnwindSafe(|| {
            check(&mut self.annotator, &mut self.out, protocol, data, full)
        }));
        match r {
            Ok(Some(problem)) => {
                self.problems += 1;
                self.at_limit += u64::from(problem.contains("opens nesting level"));
            }
            Ok(None) => {}
            Err(e) => {
                let why = e
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| e.downcast_ref::<&str>().copied())
                    .unwrap_or("panic");
                panic!(
                    "stream {} input {} (GENLTEST_FUZZ_SEED={:#x}, protocol {protocol}): \
                     {why}\ngenltest decode --protocol {protocol} {}",
                    self.stream,
                    self.annotated,
                    seed(),
                    hex(data)
                );
            }
        }
        self.annotated += 1;
    }
}

/// Hex text of `data` as a user might write it, damaged now and then.
fn hex_text(rng: &mut Rng, data: &[u8]) -> (String, bool) {
    let mut text = String::new();
    for (i, b) in data.iter().enumerate() {
        text += &format!("{b:02x}");
        text += match i % 16 {
            15 => "\n",
            3 | 7 | 11 => "  ",
            _ => " ",
        };
    }
    let damaged = rng.one_in(2);
    if damaged {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(chars.len() + 1);
            chars.insert(
                at,
                *rng.pick(&['\n', '#', 'x', '0', 'g', ' ', ',', 'é', '\0']),
            );
        }
        text = chars.into_iter().collect();
    }
    (text, damaged)
}

/// Fuzzes `datagrams` inputs of stream `stream` (its own generator, seeded from the
/// seed and the stream number), and returns the counts.
fn fuzz_stream(stream: u64, datagrams: u64) -> Fuzzer {
    let mut rng = Rng(seed() ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let (corpus, deep) = (corpus(), deep_corpus());
    let mut f = Fuzzer {
        stream,
        annotator: Annotator::new(),
        out: String::new(),
        annotated: 0,
        problems: 0,
        at_limit: 0,
    };
    let mut inputs = 0u64;
    while f.annotated < datagrams {
        let (protocol, data) = next_input(&mut rng, &corpus, &deep);
        inputs += 1;
        // The cheap checks on every input, the annotation's rows read on every 16th.
        f.feed(protocol, &data, inputs % 16 == 0);
        // The readers of `decode`'s input formats, on a share of the inputs.
        if inputs % 32 == 0 {
            let (text, damaged) = hex_text(&mut rng, &data);
            match catch_unwind(|| decode::parse_hex(&text)) {
                Ok(Ok(ds)) => {
                    if !damaged && !data.is_empty() {
                        assert_eq!(ds.len(), 1, "{text}");
                        assert_eq!(ds[0].data, data, "hex round trip");
                    }
                    for d in ds {
                        f.feed(protocol, &d.data, false);
                    }
                }
                Ok(Err(e)) => assert!(damaged || data.is_empty(), "{e}: {text}"),
                Err(_) => panic!("parse_hex panicked on {text:?}"),
            }
        }
        if inputs % 128 == 0 {
            let d = Datagram {
                protocol: Some(protocol),
                direction: Direction::Captured,
                data: data.clone(),
                origin: String::new(),
            };
            let mut file = decode::write_pcap(&[d]);
            let back = decode::parse_pcap(&file).expect("a written pcap reads back");
            assert_eq!(back[0].data, data);
            mutate(&mut rng, &mut file, &corpus);
            match catch_unwind(|| decode::parse_pcap(&file)) {
                Ok(Ok(ds)) => {
                    for d in ds {
                        f.feed(d.protocol.unwrap_or(GENL), &d.data, false);
                    }
                }
                Ok(Err(_)) => {}
                Err(_) => panic!("parse_pcap panicked on {}", hex(&file)),
            }
        }
    }
    f
}

/// Streams run side by side (each deterministic on its own).
const STREAMS: u64 = 2;

#[test]
fn a_million_hostile_datagrams_never_panic_the_decoders() {
    let started = Instant::now();
    let per_stream = datagrams().div_ceil(STREAMS);
    let results: Vec<Fuzzer> = std::thread::scope(|s| {
        let streams: Vec<_> = (0..STREAMS)
            .map(|i| s.spawn(move || fuzz_stream(i, per_stream)))
            .collect();
        streams
            .into_iter()
            .map(|t| {
                t.join()
                    .expect("a fuzz stream failed (its input is printed above)")
            })
            .collect()
    });
    let annotated: u64 = results.iter().map(|f| f.annotated).sum();
    let problems: u64 = results.iter().map(|f| f.problems).sum();
    let at_limit: u64 = results.iter().map(|f| f.at_limit).sum();
    assert!(annotated >= datagrams());
    eprintln!(
        "{annotated} datagrams annotated in {:.1} s (seed {:#x}): {problems} had a problem, \
         {at_limit} of them nested past the limit",
        started.elapsed().as_secs_f64(),
        seed(),
    );
    // The mutations must reach both sides: good and bad input, and the nesting limit.
    assert!(problems > annotated / 10 && problems < annotated * 9 / 10);
    assert!(at_limit > 0, "no input reached the nesting limit");
}

// ---------------------------------------------------------------------------------------
// The real binary.

/// Runs `genltest decode ARGS`, with `stdin` as its standard input.
fn decode_cli(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_genltest"))
        .arg("decode")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run genltest");
    let mut input = child.stdin.take().expect("stdin");
    let text = stdin.to_owned();
    // Written from another thread: the output may fill its pipe before the input is read.
    let writer = std::thread::spawn(move || input.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("wait for genltest");
    // genltest may stop reading early only by exiting, which the checks below see.
    let _ = writer.join().expect("stdin writer");
    out
}

/// What `decode` must say about `datagrams`, computed with the library as the CLI does:
/// `None` when all is well, else its one-line error.
fn expected_verdict(datagrams: &[Datagram], protocol: i32) -> Option<String> {
    let mut annotator = Annotator::new();
    let mut out = String::new();
    for d in datagrams {
        let heading = Heading {
            direction: d.direction,
            protocol: d.protocol.unwrap_or(protocol),
            port: None,
        };
        if let Err(p) = annotator.datagram(&mut out, &heading, &d.data) {
            return Some(format!("genltest: decode: {}, {p}\n", d.origin));
        }
    }
    None
}

/// Checks `decode`'s promise: exit 0 and nothing on stderr, or exit 8 and one line on
/// stderr, the one the library predicts. Returns the exit code.
fn assert_verdict(out: &Output, expected: Option<String>, input: &str) -> i32 {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    match (code, expected) {
        (Some(0), None) => assert_eq!(stderr, "", "exit 0 with a message\n{input}"),
        (Some(8), Some(line)) => assert_eq!(stderr, line, "exit 8 with another message\n{input}"),
        (code, expected) => panic!(
            "genltest decode exited with {code:?} ({}), expected {}\n{stderr}\ninput: {input}",
            out.status,
            expected.map_or("0".into(), |l| format!("8 and {l}"))
        ),
    }
    code.unwrap_or(-1)
}

#[test]
fn decode_of_mutated_datagrams_exits_0_or_8_with_the_library_s_verdict() {
    let mut rng = Rng(seed() ^ 0xdec0de);
    let (corpus, deep) = (corpus(), deep_corpus());
    let mut codes = [0u32; 2];
    // One datagram per run, as hex arguments.
    for _ in 0..60 {
        let (protocol, data) = next_input(&mut rng, &corpus, &deep);
        if data.is_empty() {
            continue;
        }
        let text = hex(&data);
        let out = decode_cli(&["--protocol", &protocol.to_string(), &text], "");
        let d = decode::parse_hex(&text).expect("hex of bytes");
        let code = assert_verdict(&out, expected_verdict(&d, protocol), &text);
        codes[usize::from(code == 8)] += 1;
    }
    // Many datagrams in one run, as stdin text with blank lines between them.
    let mut text = String::new();
    for _ in 0..2000 {
        let (_, data) = next_input(&mut rng, &corpus, &deep);
        if !data.is_empty() {
            text += &hex(&data);
            text += "\n\n";
        }
    }
    let d = decode::parse_hex(&text).expect("hex of bytes");
    let code = assert_verdict(&decode_cli(&[], &text), expected_verdict(&d, GENL), "stdin");
    codes[usize::from(code == 8)] += 1;
    // Only the valid seeds, in one run: all of them are explained, exit 0.
    let valid: String = corpus
        .iter()
        .chain(&deep)
        .filter(|(p, _)| *p == GENL)
        .map(|(_, d)| hex(d) + "\n\n")
        .collect();
    assert_verdict(&decode_cli(&[], &valid), None, &valid);
    // A pcap file of mutated datagrams.
    let datagrams: Vec<Datagram> = (0..500)
        .map(|_| {
            let (protocol, data) = next_input(&mut rng, &corpus, &deep);
            Datagram {
                protocol: Some(protocol),
                direction: Direction::Captured,
                data,
                origin: String::new(),
            }
        })
        .collect();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile.pcap");
    std::fs::write(&path, decode::write_pcap(&datagrams)).expect("write the pcap");
    let read = decode::parse_pcap(&std::fs::read(&path).unwrap()).unwrap();
    let out = decode_cli(&["--pcap", path.to_str().unwrap()], "");
    assert_verdict(&out, expected_verdict(&read, GENL), "the pcap");
    assert!(
        codes[0] > 0 && codes[1] > 0,
        "exit 0 {} times, 8 {} times",
        codes[0],
        codes[1]
    );
}

/// The message `decode` gives for input nested past the limit, at byte `at`.
fn too_deep(at: usize, what: &str) -> String {
    format!(
        "genltest: decode: line 1, at byte {at}: {what} opens nesting level {}, more than \
         the {MAX_DEPTH} levels genltest decodes: no real Netlink message nests that far; \
         check where these bytes came from\n",
        MAX_DEPTH + 1
    )
}

/// `decode` of `data` as hex on stdin: the exit code, stdout and stderr.
fn decode_hex(data: &[u8]) -> (Option<i32>, String, String) {
    let out = decode_cli(&[], &hex(data));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), stdout, stderr)
}

/// The deepest level at which a row shows an attribute header (`nla_len`): the field
/// column starts at byte 57 of a row, indented by two spaces per level.
fn deepest_nla_len(dump: &str) -> usize {
    dump.lines()
        .filter_map(|l| l.get(57..))
        .filter_map(|f| {
            let field = f.trim_start_matches(' ');
            field
                .starts_with("nla_len")
                .then(|| (f.len() - field.len()) / 2)
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn decode_refuses_attributes_nested_5000_deep_with_exit_8() {
    // 16 bytes of nlmsghdr, 4 of genlmsghdr, then a 4-byte header per level: the
    // attribute that would open level 33 is the 33rd, at 20 + 32 * 4.
    let (code, stdout, stderr) = decode_hex(&nested_attrs(0x30, 5000));
    assert_eq!(stderr, too_deep(148, "attribute 'attr 1'"));
    assert_eq!(code, Some(8));
    // Everything down to the limit is explained, the rest shown as bytes.
    assert_eq!(deepest_nla_len(&stdout), MAX_DEPTH, "{stdout}");
    assert!(stdout.contains("(unparsed)  19876 bytes"), "{stdout}");
    // At the limit, all is well.
    let (code, _, stderr) = decode_hex(&nested_attrs(0x30, MAX_DEPTH));
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

#[test]
fn decode_refuses_an_extack_policy_nested_5000_deep_with_exit_8() {
    // The policy attribute at byte 44 opens level 1; the one that would open 33 is
    // 32 headers further.
    let (code, _, stderr) = decode_hex(&policy_nest(5000));
    assert_eq!(stderr, too_deep(44 + 32 * 4, "attribute 'attr 1'"));
    assert_eq!(code, Some(8));
    let (code, stdout, stderr) = decode_hex(&policy_nest(MAX_DEPTH));
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    // The innermost attribute (the policy's type, shown as "attr 1": below the policy's
    // first level the layout is unknown) is at level 32.
    assert_eq!(deepest_nla_len(&stdout), MAX_DEPTH, "{stdout}");
}

#[test]
fn decode_refuses_errors_nested_5000_deep_with_exit_8() {
    // Error 32 (at byte 640) would open level 33 for the request after its error code.
    let (code, _, stderr) = decode_hex(&errors_nested(5000));
    assert_eq!(stderr, too_deep(660, "the request copied into this error"));
    assert_eq!(code, Some(8));
    let (code, _, stderr) = decode_hex(&errors_nested(MAX_DEPTH));
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

#[test]
fn decode_of_a_deep_pcap_exits_8() {
    let datagrams = [Datagram {
        protocol: Some(GENL),
        direction: Direction::KernelToUser,
        data: policy_nest(5000),
        origin: String::new(),
    }];
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("deep.pcap");
    std::fs::write(&path, decode::write_pcap(&datagrams)).expect("write the pcap");
    let out = decode_cli(&["--pcap", path.to_str().unwrap()], "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        too_deep(172, "attribute 'attr 1'").replace("line 1", "packet 1")
    );
    assert_eq!(out.status.code(), Some(8));
}
