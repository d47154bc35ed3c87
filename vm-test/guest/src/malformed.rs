//! The malformed-input table: hundreds of hand-built requests to unit 31, to the
//! `genltest` family and to the sysfs file, each with the exact answer the kernel must
//! give.
//!
//! A case sends one datagram, then a valid "probe" echo in a datagram of its own, and
//! collects every answer up to the probe's reply. Those answers, in order, must equal the
//! case's expectation exactly: the errno, the extack message (or its absence) and the
//! offset of the offending attribute (or its absence). The probe shows that nothing was
//! lost: the socket and the module still answer after the bad input.
//!
//! The expectations come from reading the kernel: `netlink_rcv_skb` (silently stops at a
//! header whose length lies, skips control messages, ACKs on request), Generic Netlink's
//! `genl_family_rcv_msg` and `genl_header_check`, `lib/nlattr.c`'s strict validation, and
//! the module's own checks in `module/classic.rs`, `module/family.rs` and `module/ping.rs`.

use std::fmt;
use std::io::Write;
use std::time::Duration;

use genltest::classic::{GENLTEST_MSG_ECHO, NETLINK_GENLTEST};
use genltest::error::Ack;
use genltest::family::{Attr, Cmd, FAMILY_VERSION, MAX_BURST};
use genltest::socket::{RecvError, Socket, RECV_BUF_SIZE};

use crate::util::RawListener;
use genltest::wire::{
    Attrs, GenlHeader, Messages, GENL_HDRLEN, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLMSG_DONE,
    NLMSG_ERROR, NLMSG_HDRLEN, NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO, NLM_F_MULTI, NLM_F_REQUEST,
};

/// The sequence number of the probe that ends every case.
const PROBE_SEQ: u32 = 0x7e57;
/// Offset of the first attribute of a Generic Netlink request.
pub const FIRST_ATTR: u32 = (NLMSG_HDRLEN + GENL_HDRLEN) as u32;

/// The extack messages of the kernel and the module, verbatim.
pub const POLICY_FAILED: &str = "Attribute failed policy validation";
pub const UNKNOWN_TYPE: &str = "Unknown attribute type";
pub const LEFTOVER: &str = "bytes leftover after parsing attributes";
pub const NESTED_NOT_EXPECTED: &str = "NLA_F_NESTED not expected";
pub const RESERVED_FIELD: &str = "genlmsghdr.reserved field is not 0";
pub const GENL_FLAGS: &str = "ambiguous or reserved bits set in nlmsg_flags";
pub const MSG_NUL: &str = "genltest: MSG has a NUL byte before its end";
pub const MSG_MISSING: &str = "genltest: ECHO requires the MSG attribute";
pub const BURST_NO_COUNT: &str = "genltest: BURST requires the COUNT attribute";
pub const INVALID_LENGTH: &str = "invalid attribute length";
pub const OUT_OF_RANGE: &str = "integer out of range";
pub const CLASSIC_TYPE: &str = "genltest: unknown message type (only ECHO, 0x10, exists)";
pub const CLASSIC_LONG: &str = "genltest: echo payload is longer than 1024 bytes";
pub const CLASSIC_FLAGS: &str = "genltest: reserved bits set in nlmsg_flags";
pub const CLASSIC_DUMP: &str = "genltest: unit 31 has no dump requests";

/// One answer from the kernel, reduced to what a case asserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ans {
    /// A reply: sequence number, Generic Netlink command (0 on unit 31) and the text
    /// (`MSG`, or the unit-31 payload; `None` when the reply has no `MSG`).
    Reply {
        seq: u32,
        cmd: u8,
        text: Option<Vec<u8>>,
    },
    /// The parts of a dump (`NLM_F_MULTI`), however many there were.
    Parts(u32),
    /// `NLMSG_DONE`.
    Done(u32),
    /// An `NLMSG_ERROR` with error 0.
    Ack(u32),
    /// An `NLMSG_ERROR` with an errno, the extack message and the offending offset.
    Error {
        seq: u32,
        errno: i32,
        msg: Option<String>,
        offs: Option<u32>,
    },
    /// Any other message type.
    Other { seq: u32, ty: u16 },
}

impl fmt::Display for Ans {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ans::Reply { seq, cmd, text } => {
                let text = text.as_ref().map(|t| {
                    let s = String::from_utf8_lossy(t);
                    if s.len() > 24 {
                        format!("{:?}...({} bytes)", &s[..24], t.len())
                    } else {
                        format!("{s:?}")
                    }
                });
                write!(
                    f,
                    "reply(seq {seq}, cmd {cmd}, {})",
                    text.unwrap_or("no MSG".into())
                )
            }
            Ans::Parts(seq) => write!(f, "dump parts(seq {seq})"),
            Ans::Done(seq) => write!(f, "done(seq {seq})"),
            Ans::Ack(seq) => write!(f, "ack(seq {seq})"),
            Ans::Error {
                seq,
                errno,
                msg,
                offs,
            } => write!(
                f,
                "error(seq {seq}, {}, msg {msg:?}, offs {offs:?})",
                genltest::error::errno_name(*errno)
            ),
            Ans::Other { seq, ty } => write!(f, "type {ty}(seq {seq})"),
        }
    }
}

/// Where a case goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Classic,
    Genl,
    /// `/sys/kernel/genltest/ping`, in one `write(2)`.
    Sysfs,
}

/// What the kernel must do with a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    /// These answers, in this order, before the probe's reply.
    Answers(Vec<Ans>),
    /// `sendmsg` itself fails with this errno.
    SendError(i32),
    /// The sysfs write takes `written` bytes, and every listener of both protocols
    /// receives `text` (or nothing, when `None`).
    Published {
        written: usize,
        text: Option<Vec<u8>>,
    },
    /// Opening or writing the sysfs file fails with this errno; nothing is published.
    WriteError(i32),
}

/// One row of the table.
pub struct Case {
    pub name: String,
    pub target: Target,
    /// The datagram sent, or the bytes written to the sysfs file.
    pub bytes: Vec<u8>,
    pub want: Want,
    /// Run by an unprivileged user (uid 65534) instead of root.
    pub as_nobody: bool,
}

fn case(name: impl Into<String>, target: Target, bytes: Vec<u8>, want: Want) -> Case {
    Case {
        name: name.into(),
        target,
        bytes,
        want,
        as_nobody: false,
    }
}

// ---- Expected answers ------------------------------------------------------------

fn answers(list: &[Ans]) -> Want {
    Want::Answers(list.to_vec())
}

fn silent() -> Want {
    Want::Answers(Vec::new())
}

fn reply(seq: u32, cmd: u8, text: &[u8]) -> Ans {
    Ans::Reply {
        seq,
        cmd,
        text: Some(text.to_vec()),
    }
}

fn echoed(seq: u32, text: &[u8]) -> Ans {
    reply(seq, Cmd::Echo as u8, text)
}

fn classic_reply(seq: u32, payload: &[u8]) -> Ans {
    reply(seq, 0, payload)
}

fn err(seq: u32, errno: i32, msg: Option<&str>, offs: Option<u32>) -> Ans {
    Ans::Error {
        seq,
        errno,
        msg: msg.map(str::to_string),
        offs,
    }
}

/// An error the core reports without an extack.
fn bare(seq: u32, errno: i32) -> Ans {
    err(seq, errno, None, None)
}

/// An extack message about the attribute at `offs`.
fn at(seq: u32, errno: i32, msg: &str, offs: u32) -> Ans {
    err(seq, errno, Some(msg), Some(offs))
}

/// An extack message about no attribute in particular.
fn said(seq: u32, errno: i32, msg: &str) -> Ans {
    err(seq, errno, Some(msg), None)
}

// ---- Building requests -------------------------------------------------------------

/// A Netlink header claiming `len` bytes.
fn header(len: u32, ty: u16, flags: u16, seq: u32) -> Vec<u8> {
    let mut b = Vec::with_capacity(NLMSG_HDRLEN);
    b.extend_from_slice(&len.to_ne_bytes());
    b.extend_from_slice(&ty.to_ne_bytes());
    b.extend_from_slice(&flags.to_ne_bytes());
    b.extend_from_slice(&seq.to_ne_bytes());
    b.extend_from_slice(&0u32.to_ne_bytes());
    b
}

/// A message whose length field is exact: header plus `body`, no padding after it.
fn message(ty: u16, flags: u16, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut b = header((NLMSG_HDRLEN + body.len()) as u32, ty, flags, seq);
    b.extend_from_slice(body);
    b
}

/// Sets the header's length field to `len`, whatever the bytes really are.
fn with_len(mut msg: Vec<u8>, len: u32) -> Vec<u8> {
    msg[..4].copy_from_slice(&len.to_ne_bytes());
    msg
}

/// Several messages in one datagram, each padded to 4 bytes as Netlink requires.
fn batch(msgs: &[Vec<u8>]) -> Vec<u8> {
    let mut b = Vec::new();
    for m in msgs {
        b.extend_from_slice(m);
        b.resize(b.len().next_multiple_of(4), 0);
    }
    b
}

/// A Generic Netlink header.
fn genlhdr(cmd: u8, version: u8, reserved: u16) -> Vec<u8> {
    let mut b = vec![cmd, version];
    b.extend_from_slice(&reserved.to_ne_bytes());
    b
}

/// An attribute with an honest length, padded.
fn nla(ty: u16, value: &[u8]) -> Vec<u8> {
    nla_len(ty, value, (4 + value.len()) as u16)
}

/// An attribute claiming `len`, padded after its real bytes.
fn nla_len(ty: u16, value: &[u8], len: u16) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&len.to_ne_bytes());
    b.extend_from_slice(&ty.to_ne_bytes());
    b.extend_from_slice(value);
    b.resize(b.len().next_multiple_of(4), 0);
    b
}

/// `MSG` carrying `text` and its NUL.
fn msg_attr(text: &[u8]) -> Vec<u8> {
    let mut v = text.to_vec();
    v.push(0);
    nla(Attr::Msg as u16, &v)
}

/// The builders that need the family id.
struct Genl {
    id: u16,
}

impl Genl {
    /// A genltest request with the given header fields and raw attribute bytes.
    fn raw(
        &self,
        flags: u16,
        seq: u32,
        cmd: u8,
        version: u8,
        reserved: u16,
        attrs: &[u8],
    ) -> Vec<u8> {
        let mut body = genlhdr(cmd, version, reserved);
        body.extend_from_slice(attrs);
        message(self.id, flags, seq, &body)
    }

    /// A request of `cmd` with attribute bytes `attrs`.
    fn cmd(&self, flags: u16, seq: u32, cmd: Cmd, attrs: &[u8]) -> Vec<u8> {
        self.raw(flags, seq, cmd as u8, FAMILY_VERSION, 0, attrs)
    }

    /// An `ECHO` request with raw attribute bytes.
    fn echo_attrs(&self, seq: u32, attrs: &[u8]) -> Vec<u8> {
        self.cmd(NLM_F_REQUEST, seq, Cmd::Echo, attrs)
    }

    /// A valid `ECHO` of `text`.
    fn echo(&self, seq: u32, text: &[u8]) -> Vec<u8> {
        self.echo_attrs(seq, &msg_attr(text))
    }
}

/// A valid unit-31 echo of `payload`.
fn classic_echo(flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    message(GENLTEST_MSG_ECHO, flags, seq, payload)
}

// ---- The table ---------------------------------------------------------------------

/// Every case; `id` is the genltest family id.
pub fn cases(id: u16) -> Vec<Case> {
    let mut all = Vec::new();
    header_cases(&mut all, id);
    attribute_cases(&mut all, id);
    sysfs_and_permission_cases(&mut all, id);
    all
}

/// Cases about the Netlink and Generic Netlink headers, on both protocols.
fn header_cases(all: &mut Vec<Case>, id: u16) {
    use Target::{Classic, Genl as G};
    let g = Genl { id };
    let ok_genl = g.echo(1, b"hello");
    let ok_classic = classic_echo(NLM_F_REQUEST, 1, b"hello");

    // nlmsg_len below the header size: netlink_rcv_skb stops without a word.
    for len in 0..NLMSG_HDRLEN as u32 {
        all.push(case(
            format!("classic nlmsg_len {len} below the header"),
            Classic,
            with_len(ok_classic.clone(), len),
            silent(),
        ));
        all.push(case(
            format!("genl nlmsg_len {len} below the header"),
            G,
            with_len(ok_genl.clone(), len),
            silent(),
        ));
    }
    // A datagram shorter than a header is not even looked at.
    for keep in [1usize, 2, 4, 8, 12, 15] {
        all.push(case(
            format!("classic datagram of {keep} bytes"),
            Classic,
            ok_classic[..keep].to_vec(),
            silent(),
        ));
        all.push(case(
            format!("genl datagram of {keep} bytes"),
            G,
            ok_genl[..keep].to_vec(),
            silent(),
        ));
    }
    // A message cut short: its length points past the datagram.
    for keep in [16usize, 17, 19, 20] {
        all.push(case(
            format!("classic message truncated to {keep} bytes"),
            Classic,
            ok_classic[..keep].to_vec(),
            silent(),
        ));
    }
    for keep in [16usize, 19, 20, 23, 24, 27] {
        all.push(case(
            format!("genl message truncated to {keep} bytes"),
            G,
            ok_genl[..keep].to_vec(),
            silent(),
        ));
    }
    // nlmsg_len beyond the buffer.
    for extra in [1u32, 3, 4, 100, 0x1_0000] {
        let len = ok_classic.len() as u32 + extra;
        all.push(case(
            format!("classic nlmsg_len {extra} past the datagram"),
            Classic,
            with_len(ok_classic.clone(), len),
            silent(),
        ));
        let len = ok_genl.len() as u32 + extra;
        all.push(case(
            format!("genl nlmsg_len {extra} past the datagram"),
            G,
            with_len(ok_genl.clone(), len),
            silent(),
        ));
    }
    all.push(case(
        "classic nlmsg_len 0xffffffff",
        Classic,
        with_len(ok_classic.clone(), u32::MAX),
        silent(),
    ));
    all.push(case(
        "genl nlmsg_len 0xffffffff",
        G,
        with_len(ok_genl.clone(), u32::MAX),
        silent(),
    ));

    // Unaligned lengths are fine: the next message starts at the aligned offset.
    for n in [1usize, 2, 3, 5, 6, 7, 1021, 1023] {
        let payload: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
        all.push(case(
            format!("classic unaligned payload of {n} bytes"),
            Classic,
            classic_echo(NLM_F_REQUEST, 1, &payload),
            answers(&[classic_reply(1, &payload)]),
        ));
        all.push(case(
            format!("classic unaligned {n}-byte message followed by another"),
            Classic,
            batch(&[
                classic_echo(NLM_F_REQUEST, 1, &payload),
                classic_echo(NLM_F_REQUEST, 2, b"next"),
            ]),
            answers(&[classic_reply(1, &payload), classic_reply(2, b"next")]),
        ));
    }
    for text in [&b""[..], b"a", b"ab", b"abcd", b"abcdef"] {
        // MSG's length is 4 + text + NUL: without padding at the end, nlmsg_len is
        // unaligned for most texts.
        let mut attrs = msg_attr(text);
        attrs.truncate(4 + text.len() + 1);
        all.push(case(
            format!("genl unpadded MSG of {} bytes", text.len()),
            G,
            g.echo_attrs(1, &attrs),
            answers(&[echoed(1, text)]),
        ));
        all.push(case(
            format!(
                "genl unpadded {}-byte MSG followed by another request",
                text.len()
            ),
            G,
            batch(&[g.echo_attrs(1, &attrs), g.echo(2, b"next")]),
            answers(&[echoed(1, text), echoed(2, b"next")]),
        ));
    }
    // The classic payload limit.
    for n in [0usize, 1024] {
        let payload = vec![b'p'; n];
        all.push(case(
            format!("classic payload of {n} bytes"),
            Classic,
            classic_echo(NLM_F_REQUEST, 1, &payload),
            answers(&[classic_reply(1, &payload)]),
        ));
    }
    for n in [1025usize, 4096, 65000] {
        all.push(case(
            format!("classic payload of {n} bytes"),
            Classic,
            classic_echo(NLM_F_REQUEST, 1, &vec![b'p'; n]),
            answers(&[said(1, libc::EMSGSIZE, CLASSIC_LONG)]),
        ));
    }
    // A datagram larger than the socket's send buffer never leaves.
    all.push(case(
        "classic datagram of 300000 bytes",
        Classic,
        classic_echo(NLM_F_REQUEST, 1, &vec![0; 300_000]),
        Want::SendError(libc::EMSGSIZE),
    ));

    // Several messages in one datagram with one bad.
    let c = |seq: u32| classic_echo(NLM_F_REQUEST, seq, format!("m{seq}").as_bytes());
    let bad_type = message(0x11, NLM_F_REQUEST, 2, b"x");
    all.push(case(
        "classic batch: good, unknown type, good",
        Classic,
        batch(&[c(1), bad_type.clone(), c(3)]),
        answers(&[
            classic_reply(1, b"m1"),
            said(2, libc::EOPNOTSUPP, CLASSIC_TYPE),
            classic_reply(3, b"m3"),
        ]),
    ));
    all.push(case(
        "classic batch: unknown type first",
        Classic,
        batch(&[bad_type, c(3)]),
        answers(&[
            said(2, libc::EOPNOTSUPP, CLASSIC_TYPE),
            classic_reply(3, b"m3"),
        ]),
    ));
    all.push(case(
        "classic batch: good, short length, good",
        Classic,
        batch(&[c(1), with_len(c(2), 8), c(3)]),
        answers(&[classic_reply(1, b"m1")]),
    ));
    all.push(case(
        "classic batch: good, length past the end",
        Classic,
        batch(&[c(1), with_len(c(2), 200)]),
        answers(&[classic_reply(1, b"m1")]),
    ));
    all.push(case(
        "classic batch: good, oversized payload, good",
        Classic,
        batch(&[c(1), classic_echo(NLM_F_REQUEST, 2, &[b'p'; 1025]), c(3)]),
        answers(&[
            classic_reply(1, b"m1"),
            said(2, libc::EMSGSIZE, CLASSIC_LONG),
            classic_reply(3, b"m3"),
        ]),
    ));
    all.push(case(
        "classic batch: three good",
        Classic,
        batch(&[c(1), c(2), c(3)]),
        answers(&[
            classic_reply(1, b"m1"),
            classic_reply(2, b"m2"),
            classic_reply(3, b"m3"),
        ]),
    ));
    all.push(case(
        "classic batch: trailing 8 zero bytes",
        Classic,
        {
            let mut b = c(1);
            b.resize(b.len().next_multiple_of(4) + 8, 0);
            b
        },
        answers(&[classic_reply(1, b"m1")]),
    ));
    let e = |seq: u32| g.echo(seq, format!("m{seq}").as_bytes());
    let unknown_cmd = g.raw(NLM_F_REQUEST, 2, 99, 1, 0, &[]);
    all.push(case(
        "genl batch: good, unknown command, good",
        G,
        batch(&[e(1), unknown_cmd.clone(), e(3)]),
        answers(&[
            echoed(1, b"m1"),
            bare(2, libc::EOPNOTSUPP),
            echoed(3, b"m3"),
        ]),
    ));
    all.push(case(
        "genl batch: good, missing MSG, good",
        G,
        batch(&[e(1), g.echo_attrs(2, &[]), e(3)]),
        answers(&[
            echoed(1, b"m1"),
            err(2, libc::EINVAL, Some(MSG_MISSING), None),
            echoed(3, b"m3"),
        ]),
    ));
    all.push(case(
        "genl batch: good, short length, good",
        G,
        batch(&[e(1), with_len(e(2), 12), e(3)]),
        answers(&[echoed(1, b"m1")]),
    ));
    all.push(case(
        "genl batch: good, length past the end",
        G,
        batch(&[e(1), with_len(e(2), 400)]),
        answers(&[echoed(1, b"m1")]),
    ));
    all.push(case(
        "genl batch: bad attribute, good",
        G,
        batch(&[g.echo_attrs(1, &nla(7, b"x")), e(2)]),
        answers(&[
            at(1, libc::EINVAL, UNKNOWN_TYPE, FIRST_ATTR),
            echoed(2, b"m2"),
        ]),
    ));
    all.push(case(
        "genl batch: wrong family, good",
        G,
        batch(&[message(0x7fff, NLM_F_REQUEST, 1, &genlhdr(1, 1, 0)), e(2)]),
        answers(&[bare(1, libc::ENOENT), echoed(2, b"m2")]),
    ));
    all.push(case(
        "genl batch: good, stats, good",
        G,
        batch(&[e(1), g.cmd(NLM_F_REQUEST, 2, Cmd::GetStats, &[]), e(3)]),
        answers(&[
            echoed(1, b"m1"),
            Ans::Reply {
                seq: 2,
                cmd: Cmd::GetStats as u8,
                text: None,
            },
            echoed(3, b"m3"),
        ]),
    ));
    all.push(case(
        "genl batch: classic-style type 0x10 request then good",
        G,
        batch(&[message(0x10, NLM_F_REQUEST, 1, &genlhdr(1, 1, 0)), e(2)]),
        answers(&[bare(1, libc::EOPNOTSUPP), echoed(2, b"m2")]),
    ));

    // Control messages (types below NLMSG_MIN_TYPE) and messages without NLM_F_REQUEST
    // are not handed to the protocol: only NLM_F_ACK gets an answer, a plain ACK.
    for ty in 0u16..16 {
        for (flags, want) in [
            (NLM_F_REQUEST, silent()),
            (NLM_F_REQUEST | NLM_F_ACK, answers(&[Ans::Ack(5)])),
        ] {
            let ack = if flags & NLM_F_ACK != 0 {
                " with ACK"
            } else {
                ""
            };
            all.push(case(
                format!("classic control type {ty}{ack}"),
                Classic,
                message(ty, flags, 5, b"ctl"),
                want.clone(),
            ));
            all.push(case(
                format!("genl control type {ty}{ack}"),
                G,
                message(ty, flags, 5, &genlhdr(1, 1, 0)),
                want,
            ));
        }
    }
    for (flags, want) in [(0, silent()), (NLM_F_ACK, answers(&[Ans::Ack(4)]))] {
        let name = if flags == 0 {
            "no flags"
        } else {
            "ACK without REQUEST"
        };
        all.push(case(
            format!("classic echo with {name}"),
            Classic,
            classic_echo(flags, 4, b"x"),
            want.clone(),
        ));
        all.push(case(
            format!("genl echo with {name}"),
            G,
            g.cmd(flags, 4, Cmd::Echo, &msg_attr(b"x")),
            want,
        ));
    }

    // Header flags: REQUEST, ACK and ECHO are allowed; every other bit is refused.
    for bit in 1..16u16 {
        let flag = 1u16 << bit;
        let (want_c, want_g) = match flag {
            NLM_F_ACK => (
                answers(&[classic_reply(6, b"f"), Ans::Ack(6)]),
                answers(&[echoed(6, b"f"), Ans::Ack(6)]),
            ),
            NLM_F_ECHO => (
                answers(&[classic_reply(6, b"f")]),
                answers(&[echoed(6, b"f")]),
            ),
            _ => (
                answers(&[said(6, libc::EINVAL, CLASSIC_FLAGS)]),
                answers(&[said(6, libc::EINVAL, GENL_FLAGS)]),
            ),
        };
        all.push(case(
            format!("classic echo with flag 0x{flag:x}"),
            Classic,
            classic_echo(NLM_F_REQUEST | flag, 6, b"f"),
            want_c,
        ));
        all.push(case(
            format!("genl echo with flag 0x{flag:x}"),
            G,
            g.cmd(NLM_F_REQUEST | flag, 6, Cmd::Echo, &msg_attr(b"f")),
            want_g,
        ));
    }
    all.push(case(
        "classic echo with NLM_F_DUMP",
        Classic,
        classic_echo(NLM_F_REQUEST | NLM_F_DUMP, 6, b"f"),
        answers(&[said(6, libc::EOPNOTSUPP, CLASSIC_DUMP)]),
    ));
    all.push(case(
        "classic echo with NLM_F_DUMP and NLM_F_MULTI",
        Classic,
        classic_echo(NLM_F_REQUEST | NLM_F_DUMP | NLM_F_MULTI, 6, b"f"),
        answers(&[said(6, libc::EOPNOTSUPP, CLASSIC_DUMP)]),
    ));
    all.push(case(
        "genl history dump with NLM_F_MULTI",
        G,
        g.cmd(
            NLM_F_REQUEST | NLM_F_DUMP | NLM_F_MULTI,
            6,
            Cmd::History,
            &[],
        ),
        answers(&[said(6, libc::EINVAL, GENL_FLAGS)]),
    ));
    all.push(case(
        "genl history dump with ACK",
        G,
        g.cmd(NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK, 6, Cmd::History, &[]),
        // A started dump makes netlink_rcv_skb skip the ACK: NLMSG_DONE is the answer.
        answers(&[Ans::Parts(6), Ans::Done(6)]),
    ));

    // NLM_F_DUMP on do-only commands, and a dump-only command without it.
    for cmd in [Cmd::Echo, Cmd::GetStats, Cmd::Reset] {
        all.push(case(
            format!("genl {cmd:?} with NLM_F_DUMP"),
            G,
            g.cmd(NLM_F_REQUEST | NLM_F_DUMP, 7, cmd, &[]),
            answers(&[bare(7, libc::EOPNOTSUPP)]),
        ));
    }
    // HISTORY has a do too, which needs ID.
    all.push(case(
        "genl History without NLM_F_DUMP",
        G,
        g.cmd(NLM_F_REQUEST, 7, Cmd::History, &[]),
        answers(&[said(7, libc::EINVAL, crate::history::HISTORY_ID_MISSING)]),
    ));
    // Unknown commands, as do and as dump.
    for cmd in [0u8, 6, 7, 16, 100, 128, 254, 255] {
        for (flags, how) in [(NLM_F_REQUEST, "do"), (NLM_F_REQUEST | NLM_F_DUMP, "dump")] {
            all.push(case(
                format!("genl unknown command {cmd} as {how}"),
                G,
                g.raw(flags, 8, cmd, 1, 0, &msg_attr(b"x")),
                answers(&[bare(8, libc::EOPNOTSUPP)]),
            ));
        }
    }
    // genlmsghdr.reserved must be 0; it is checked before the command is looked up.
    for reserved in [1u16, 0x100, 0x8000, 0xffff] {
        for (cmd, flags) in [
            (Cmd::Echo as u8, NLM_F_REQUEST),
            (Cmd::GetStats as u8, NLM_F_REQUEST),
            (Cmd::History as u8, NLM_F_REQUEST | NLM_F_DUMP),
            (200, NLM_F_REQUEST),
        ] {
            all.push(case(
                format!("genl command {cmd} with reserved 0x{reserved:x}"),
                G,
                g.raw(flags, 9, cmd, 1, reserved, &msg_attr(b"r")),
                answers(&[said(9, libc::EINVAL, RESERVED_FIELD)]),
            ));
        }
    }
    // The version field is informational: Generic Netlink never checks it, and neither
    // does genltest (there is only version 1).
    for version in [0u8, 2, 255] {
        all.push(case(
            format!("genl echo with version {version}"),
            G,
            g.raw(
                NLM_F_REQUEST,
                10,
                Cmd::Echo as u8,
                version,
                0,
                &msg_attr(b"v"),
            ),
            answers(&[echoed(10, b"v")]),
        ));
        all.push(case(
            format!("genl stats with version {version}"),
            G,
            g.raw(NLM_F_REQUEST, 10, Cmd::GetStats as u8, version, 0, &[]),
            answers(&[Ans::Reply {
                seq: 10,
                cmd: Cmd::GetStats as u8,
                text: None,
            }]),
        ));
        all.push(case(
            format!("genl history with version {version}"),
            G,
            g.raw(
                NLM_F_REQUEST | NLM_F_DUMP,
                10,
                Cmd::History as u8,
                version,
                0,
                &[],
            ),
            answers(&[Ans::Parts(10), Ans::Done(10)]),
        ));
    }
    // A message too short for the Generic Netlink header.
    for body in 0..GENL_HDRLEN {
        all.push(case(
            format!("genl message with {body} of 4 genlmsghdr bytes"),
            G,
            message(id, NLM_F_REQUEST | NLM_F_ACK, 11, &genlhdr(1, 1, 0)[..body]),
            answers(&[bare(11, libc::EINVAL)]),
        ));
    }
    // Family ids nobody registered, and nlctrl (0x10) asked for a command it lacks.
    for ty in [0x7fffu16, 0x8000, 0xabcd, 0xfffe, 0xffff] {
        all.push(case(
            format!("genl unknown family id 0x{ty:x}"),
            G,
            message(ty, NLM_F_REQUEST, 12, &genlhdr(1, 1, 0)),
            answers(&[bare(12, libc::ENOENT)]),
        ));
    }
    all.push(case(
        "genl nlctrl with genltest's ECHO command",
        G,
        message(
            0x10,
            NLM_F_REQUEST,
            12,
            &[genlhdr(1, 1, 0), msg_attr(b"x")].concat(),
        ),
        answers(&[bare(12, libc::EOPNOTSUPP)]),
    ));
    // Unknown unit-31 message types.
    for ty in [0x11u16, 0x12, 0x20, 0x100, 0x7fff, 0xffff] {
        all.push(case(
            format!("classic unknown type 0x{ty:x}"),
            Classic,
            message(ty, NLM_F_REQUEST, 13, b"?"),
            answers(&[said(13, libc::EOPNOTSUPP, CLASSIC_TYPE)]),
        ));
    }
    // The header's port id and sequence number are the sender's business: the reply
    // keeps the sequence number, whatever the port id field says.
    for (seq, pid) in [(0u32, 0u32), (u32::MAX, 1), (0x8000_0000, u32::MAX)] {
        let mut m = classic_echo(NLM_F_REQUEST, seq, b"s");
        m[12..16].copy_from_slice(&pid.to_ne_bytes());
        all.push(case(
            format!("classic seq 0x{seq:x} pid 0x{pid:x}"),
            Classic,
            m,
            answers(&[classic_reply(seq, b"s")]),
        ));
        let mut m = g.echo(seq, b"s");
        m[12..16].copy_from_slice(&pid.to_ne_bytes());
        all.push(case(
            format!("genl seq 0x{seq:x} pid 0x{pid:x}"),
            G,
            m,
            answers(&[echoed(seq, b"s")]),
        ));
    }
}

/// Cases about `ECHO`'s attributes, and attributes sent to commands that take none.
fn attribute_cases(all: &mut Vec<Case>, id: u16) {
    let g = Genl { id };
    let c = |name: String, attrs: Vec<u8>, want: Vec<Ans>| {
        case(
            name,
            Target::Genl,
            g.echo_attrs(20, &attrs),
            Want::Answers(want),
        )
    };
    let e = libc::EINVAL;
    let msg = Attr::Msg as u16;

    // nla_len below the attribute header: the parser stops, bytes are left over.
    for len in 0u16..4 {
        all.push(c(
            format!("nla_len {len}"),
            nla_len(msg, b"abc\0", len),
            vec![said(20, e, LEFTOVER)],
        ));
        all.push(c(
            format!("valid MSG then nla_len {len}"),
            [msg_attr(b"ok"), nla_len(msg, b"abc\0", len)].concat(),
            vec![said(20, e, LEFTOVER)],
        ));
    }
    // nla_len past the end of the message.
    for extra in [1u16, 2, 4, 100, 60000] {
        all.push(c(
            format!("nla_len {extra} past the end"),
            nla_len(msg, b"abc\0", 8 + extra),
            vec![said(20, e, LEFTOVER)],
        ));
    }
    all.push(c(
        "nla_len 0xffff".into(),
        nla_len(msg, b"abc\0", 0xffff),
        vec![said(20, e, LEFTOVER)],
    ));
    // A partial attribute header after a valid one.
    for junk in 1..4usize {
        all.push(c(
            format!("{junk} trailing bytes after MSG"),
            [msg_attr(b"ok"), vec![0xa5; junk]].concat(),
            vec![said(20, e, LEFTOVER)],
        ));
    }
    // Type 0 and types above the maximum (1 for ECHO), with and without flag bits.
    for ty in [
        0u16,
        2,
        3,
        10,
        100,
        0x3fff,
        NLA_F_NESTED,
        NLA_F_NET_BYTEORDER | 2,
    ] {
        all.push(c(
            format!("attribute type 0x{ty:x}"),
            nla(ty, b"abc\0"),
            vec![at(20, e, UNKNOWN_TYPE, FIRST_ATTR)],
        ));
        all.push(c(
            format!("valid MSG then attribute type 0x{ty:x}"),
            [msg_attr(b"ok"), nla(ty, b"abc\0")].concat(),
            vec![at(20, e, UNKNOWN_TYPE, FIRST_ATTR + 8)],
        ));
    }
    // Duplicates: the parser keeps the last one.
    for n in [2usize, 3, 10] {
        let attrs: Vec<u8> = (0..n)
            .flat_map(|i| msg_attr(format!("copy{i}").as_bytes()))
            .collect();
        all.push(c(
            format!("{n} MSG attributes"),
            attrs,
            vec![echoed(20, format!("copy{}", n - 1).as_bytes())],
        ));
    }
    // MSG is a NUL-terminated string: fixed-width encodings of numbers have no NUL.
    for (width, value) in [
        (1usize, 7u64),
        (2, 0x0707),
        (4, 0x0707_0707),
        (8, 0x0707_0707_0707_0707),
    ] {
        all.push(c(
            format!("MSG as a {width}-byte integer"),
            nla(msg, &value.to_ne_bytes()[..width]),
            vec![at(20, e, POLICY_FAILED, FIRST_ATTR)],
        ));
    }
    for (width, value) in [(4usize, 0x0007_0707u32), (2, 0x0007)] {
        // Little-endian with a zero top byte: ends in NUL, so a valid (short) string.
        let bytes = value.to_le_bytes()[..width].to_vec();
        let text: Vec<u8> = bytes.iter().copied().take_while(|&b| b != 0).collect();
        if cfg!(target_endian = "little") {
            all.push(c(
                format!("MSG as a {width}-byte integer ending in 0"),
                nla(msg, &bytes),
                vec![echoed(20, &text)],
            ));
        }
    }
    // Strings without a NUL, with one inside, empty, at and over the limit.
    for n in [1usize, 2, 3, 4, 5, 100, 1023, 1024, 1025] {
        all.push(c(
            format!("MSG of {n} bytes without NUL"),
            nla(msg, &vec![b's'; n]),
            vec![at(20, e, POLICY_FAILED, FIRST_ATTR)],
        ));
    }
    for (name, value) in [
        ("NUL first", &b"\0abc\0"[..]),
        ("NUL in the middle", b"ab\0cd\0"),
        ("two NULs at the end", b"abc\0\0"),
        ("only NULs", b"\0\0\0\0"),
        ("NUL then junk without NUL", b"ab\0cd"),
    ] {
        all.push(c(
            format!("MSG with {name}"),
            nla(msg, value),
            vec![at(20, e, MSG_NUL, FIRST_ATTR)],
        ));
    }
    // A NUL inside the first 1025 bytes passes the NUL check; the length check then
    // refuses the value with ERANGE (lib/nlattr.c's default error).
    for n in [1025usize, 2000] {
        let mut v = b"ab\0".to_vec();
        v.resize(n, b'x');
        all.push(c(
            format!("MSG of {n} bytes with an early NUL and none at the end"),
            nla(msg, &v),
            vec![at(20, libc::ERANGE, POLICY_FAILED, FIRST_ATTR)],
        ));
    }
    all.push(c(
        "MSG without any bytes".into(),
        nla(msg, b""),
        vec![at(20, e, POLICY_FAILED, FIRST_ATTR)],
    ));
    all.push(c(
        "MSG of only its NUL".into(),
        nla(msg, b"\0"),
        vec![echoed(20, b"")],
    ));
    all.push(c(
        "no attributes".into(),
        Vec::new(),
        vec![err(20, e, Some(MSG_MISSING), None)],
    ));
    for n in [1000usize, 1022, 1023, 1024] {
        all.push(c(
            format!("MSG of {n} characters"),
            msg_attr(&vec![b'L'; n]),
            vec![echoed(20, &vec![b'L'; n])],
        ));
    }
    for n in [1025usize, 1026, 2048, 4096] {
        all.push(c(
            format!("MSG of {n} characters"),
            msg_attr(&vec![b'L'; n]),
            vec![at(20, e, POLICY_FAILED, FIRST_ATTR)],
        ));
    }
    // Non-ASCII and control bytes are fine: a string is bytes up to the NUL.
    for (name, text) in [
        ("UTF-8", "grüß 世界".as_bytes()),
        ("control bytes", &b"\x01\x02\t\n\x7f"[..]),
        ("bytes above 0x7f", b"\x80\xfe\xff"),
    ] {
        all.push(c(
            format!("MSG with {name}"),
            msg_attr(text),
            vec![echoed(20, text)],
        ));
    }
    // NLA_F_NESTED where no nesting is expected, and the byte-order flag.
    all.push(c(
        "MSG with NLA_F_NESTED".into(),
        nla(msg | NLA_F_NESTED, b"abc\0"),
        vec![at(20, e, NESTED_NOT_EXPECTED, FIRST_ATTR)],
    ));
    all.push(c(
        "MSG with both flag bits".into(),
        nla(msg | NLA_F_NESTED | NLA_F_NET_BYTEORDER, b"abc\0"),
        vec![at(20, e, NESTED_NOT_EXPECTED, FIRST_ATTR)],
    ));
    all.push(c(
        "MSG with NLA_F_NET_BYTEORDER".into(),
        nla(msg | NLA_F_NET_BYTEORDER, b"abc\0"),
        vec![echoed(20, b"abc")],
    ));
    all.push(c(
        "MSG nesting a MSG".into(),
        nla(msg | NLA_F_NESTED, &msg_attr(b"in")),
        vec![at(20, e, NESTED_NOT_EXPECTED, FIRST_ATTR)],
    ));
    // Junk after the attributes that looks like an attribute header.
    for (name, junk) in [
        ("a zero header", vec![0u8; 4]),
        ("a zero-length MSG header", nla_len(msg, b"", 0)),
        ("eight 0xff bytes", vec![0xff; 8]),
    ] {
        all.push(c(
            format!("MSG then {name}"),
            [msg_attr(b"ok"), junk].concat(),
            vec![said(20, e, LEFTOVER)],
        ));
    }
    // Payloads near 65535 bytes: one attribute can hold at most 65531 value bytes.
    for value_len in [65527usize, 65530, 65531] {
        let mut v = vec![b'B'; value_len];
        *v.last_mut().expect("not empty") = 0;
        all.push(c(
            format!("MSG with a {value_len}-byte value"),
            nla(msg, &v),
            vec![at(20, e, POLICY_FAILED, FIRST_ATTR)],
        ));
    }
    let big = nla(3, &vec![0u8; 65000]);
    all.push(c(
        "valid MSG then a 65000-byte unknown attribute".into(),
        [msg_attr(b"ok"), big.clone()].concat(),
        vec![at(20, e, UNKNOWN_TYPE, FIRST_ATTR + 8)],
    ));
    all.push(c(
        "message of 130000 bytes, MSG last".into(),
        [big.clone(), big, msg_attr(b"end")].concat(),
        vec![at(20, e, UNKNOWN_TYPE, FIRST_ATTR)],
    ));
    let many: Vec<u8> = (0..12_000).flat_map(|_| msg_attr(b"x")).collect();
    all.push(c(
        "12000 MSG attributes (96000 bytes)".into(),
        many,
        vec![echoed(20, b"x")],
    ));

    // BURST's COUNT is the family's fixed-width attribute: a u32 from 1 to MAX_BURST.
    let count = Attr::Count as u16;
    let burst = |seq: u32, attrs: &[u8]| g.cmd(NLM_F_REQUEST, seq, Cmd::Burst, attrs);
    let burst_reply = |seq: u32| Ans::Reply {
        seq,
        cmd: Cmd::Burst as u8,
        text: None,
    };
    for width in [0usize, 1, 2, 3, 5, 8] {
        all.push(case(
            format!("BURST with a {width}-byte COUNT"),
            Target::Genl,
            burst(22, &nla(count, &1u64.to_ne_bytes()[..width])),
            answers(&[at(22, e, INVALID_LENGTH, FIRST_ATTR)]),
        ));
    }
    for n in [0u32, MAX_BURST + 1, u32::MAX] {
        all.push(case(
            format!("BURST with COUNT {n}"),
            Target::Genl,
            burst(22, &nla(count, &n.to_ne_bytes())),
            answers(&[at(22, libc::ERANGE, OUT_OF_RANGE, FIRST_ATTR)]),
        ));
    }
    for n in [1u32, 2] {
        all.push(case(
            format!("BURST with COUNT {n}"),
            Target::Genl,
            burst(22, &nla(count, &n.to_ne_bytes())),
            answers(&[burst_reply(22)]),
        ));
    }
    all.push(case(
        "BURST without COUNT",
        Target::Genl,
        burst(22, &msg_attr(b"x")),
        answers(&[err(22, e, Some(BURST_NO_COUNT), None)]),
    ));
    all.push(case(
        "BURST with COUNT and a MSG with a NUL inside",
        Target::Genl,
        burst(
            22,
            &[nla(count, &1u32.to_ne_bytes()), nla(msg, b"a\0b\0")].concat(),
        ),
        answers(&[at(22, e, MSG_NUL, FIRST_ATTR + 8)]),
    ));
    all.push(case(
        "BURST with COUNT as NLA_F_NESTED",
        Target::Genl,
        burst(22, &nla(count | NLA_F_NESTED, &1u32.to_ne_bytes())),
        answers(&[at(22, e, NESTED_NOT_EXPECTED, FIRST_ATTR)]),
    ));

    // Commands that take no attributes refuse every one.
    for (cmd, flags) in [
        (Cmd::GetStats, NLM_F_REQUEST),
        (Cmd::Reset, NLM_F_REQUEST),
        (Cmd::History, NLM_F_REQUEST | NLM_F_DUMP),
    ] {
        for (what, attrs) in [
            ("MSG", msg_attr(b"x")),
            ("type 0", nla(0, b"x\0")),
            ("type 9", nla(9, &7u32.to_ne_bytes())),
        ] {
            all.push(case(
                format!("{cmd:?} with attribute {what}"),
                Target::Genl,
                g.cmd(flags, 21, cmd, &attrs),
                answers(&[at(21, e, UNKNOWN_TYPE, FIRST_ATTR)]),
            ));
        }
        all.push(case(
            format!("{cmd:?} with a torn attribute"),
            Target::Genl,
            g.cmd(flags, 21, cmd, &[4, 0]),
            answers(&[said(21, e, LEFTOVER)]),
        ));
    }
}

/// The sysfs file, and the operations an unprivileged user may not do.
fn sysfs_and_permission_cases(all: &mut Vec<Case>, id: u16) {
    use Target::Sysfs;
    let g = Genl { id };
    let ok = |n: usize, text: &[u8]| Want::Published {
        written: n,
        text: Some(text.to_vec()),
    };
    let refused = Want::WriteError(libc::EINVAL);
    // A zero-length write never reaches the module: sysfs returns 0 by itself, and
    // nothing is published.
    all.push(case(
        "sysfs empty write",
        Sysfs,
        Vec::new(),
        Want::Published {
            written: 0,
            text: None,
        },
    ));
    all.push(case(
        "sysfs only a newline",
        Sysfs,
        b"\n".to_vec(),
        refused.clone(),
    ));
    all.push(case(
        "sysfs two newlines",
        Sysfs,
        b"\n\n".to_vec(),
        ok(2, b"\n"),
    ));
    all.push(case(
        "sysfs one character",
        Sysfs,
        b"x".to_vec(),
        ok(1, b"x"),
    ));
    all.push(case(
        "sysfs a newline inside",
        Sysfs,
        b"a\nb".to_vec(),
        ok(3, b"a\nb"),
    ));
    for n in [1023usize, 1024] {
        all.push(case(
            format!("sysfs {n} characters"),
            Sysfs,
            vec![b'p'; n],
            ok(n, &vec![b'p'; n]),
        ));
        let mut v = vec![b'p'; n];
        v.push(b'\n');
        all.push(case(
            format!("sysfs {n} characters and a newline"),
            Sysfs,
            v,
            ok(n + 1, &vec![b'p'; n]),
        ));
    }
    for n in [1025usize, 2000, 4095, 4096] {
        all.push(case(
            format!("sysfs {n} characters"),
            Sysfs,
            vec![b'p'; n],
            refused.clone(),
        ));
    }
    let mut v = vec![b'p'; 1025];
    v.push(b'\n');
    all.push(case(
        "sysfs 1025 characters and a newline",
        Sysfs,
        v,
        refused.clone(),
    ));
    // Binary bytes: anything but NUL is published as it is.
    let binary: Vec<u8> = (1..=255u8).collect();
    all.push(case(
        "sysfs bytes 0x01 to 0xff",
        Sysfs,
        binary.clone(),
        ok(255, &binary),
    ));
    all.push(case(
        "sysfs invalid UTF-8",
        Sysfs,
        b"\xc3\x28\xff".to_vec(),
        ok(3, b"\xc3\x28\xff"),
    ));
    for (name, bytes) in [
        ("a NUL only", &b"\0"[..]),
        ("a NUL first", b"\0abc"),
        ("a NUL inside", b"ab\0c"),
        ("a NUL before the newline", b"abc\0\n"),
    ] {
        all.push(case(
            format!("sysfs {name}"),
            Sysfs,
            bytes.to_vec(),
            refused.clone(),
        ));
    }

    // Permissions: RESET needs CAP_NET_ADMIN; the ping file is root's (mode 0200).
    let nobody = |mut c: Case| {
        c.as_nobody = true;
        c.name = format!("as nobody: {}", c.name);
        c
    };
    all.push(nobody(case(
        "genl RESET",
        Target::Genl,
        g.cmd(NLM_F_REQUEST | NLM_F_ACK, 30, Cmd::Reset, &[]),
        answers(&[bare(30, libc::EPERM)]),
    )));
    all.push(nobody(case(
        "genl RESET with an attribute",
        Target::Genl,
        g.cmd(NLM_F_REQUEST, 30, Cmd::Reset, &msg_attr(b"x")),
        answers(&[bare(30, libc::EPERM)]),
    )));
    all.push(nobody(case(
        "genl BURST",
        Target::Genl,
        g.cmd(
            NLM_F_REQUEST,
            30,
            Cmd::Burst,
            &nla(Attr::Count as u16, &1u32.to_ne_bytes()),
        ),
        answers(&[bare(30, libc::EPERM)]),
    )));
    all.push(nobody(case(
        "genl ECHO",
        Target::Genl,
        g.echo(30, b"anyone"),
        answers(&[echoed(30, b"anyone")]),
    )));
    all.push(nobody(case(
        "genl GET_STATS",
        Target::Genl,
        g.cmd(NLM_F_REQUEST, 30, Cmd::GetStats, &[]),
        answers(&[Ans::Reply {
            seq: 30,
            cmd: Cmd::GetStats as u8,
            text: None,
        }]),
    )));
    all.push(nobody(case(
        "genl HISTORY dump",
        Target::Genl,
        g.cmd(NLM_F_REQUEST | NLM_F_DUMP, 30, Cmd::History, &[]),
        answers(&[Ans::Parts(30), Ans::Done(30)]),
    )));
    all.push(nobody(case(
        "classic echo",
        Target::Classic,
        classic_echo(NLM_F_REQUEST, 30, b"anyone"),
        answers(&[classic_reply(30, b"anyone")]),
    )));
    all.push(nobody(case(
        "sysfs write",
        Sysfs,
        b"hi\n".to_vec(),
        Want::WriteError(libc::EACCES),
    )));
    all.push(nobody(case(
        "sysfs empty write",
        Sysfs,
        Vec::new(),
        Want::WriteError(libc::EACCES),
    )));
}

// ---- Running -----------------------------------------------------------------------

/// Sockets shared by the cases of one run.
pub struct Runner {
    id: u16,
    classic: Socket,
    genl: Socket,
    rx: Vec<u8>,
    /// Listeners of unit 31's group and of `mcgrp`, for the sysfs cases.
    listeners: Option<[RawListener; 2]>,
}

/// The ping written after each sysfs case: what a listener receives before it is what
/// the case published.
const PROBE_PING: &[u8] = b"probe ping";

impl Runner {
    pub fn new(id: u16) -> Result<Runner, String> {
        let open = |proto| -> Result<Socket, String> {
            let s = Socket::open(proto).map_err(|e| format!("socket: {e}"))?;
            s.enable_ext_ack().map_err(|e| format!("ext ack: {e}"))?;
            Ok(s)
        };
        Ok(Runner {
            id,
            classic: open(NETLINK_GENLTEST)?,
            genl: open(libc::NETLINK_GENERIC)?,
            rx: vec![0; RECV_BUF_SIZE],
            listeners: None,
        })
    }

    /// The probe echo for `target`.
    fn probe(&self, target: Target) -> Vec<u8> {
        match target {
            Target::Classic => classic_echo(NLM_F_REQUEST, PROBE_SEQ, b"probe"),
            _ => Genl { id: self.id }.echo(PROBE_SEQ, b"probe"),
        }
    }

    /// Runs one case; an error says how the kernel's answer differed.
    pub fn run(&mut self, case: &Case) -> Result<(), String> {
        if case.target == Target::Sysfs {
            // Subscribed before the write, so that they hear what it publishes.
            self.listeners()?;
            check_write(case)?;
            return self.check_published(case);
        }
        let probe = self.probe(case.target);
        let sock = match case.target {
            Target::Classic => &self.classic,
            _ => &self.genl,
        };
        match (sock.send(&case.bytes), &case.want) {
            (Err(e), Want::SendError(want)) if e as i32 == *want => return Ok(()),
            (Err(e), _) => return Err(format!("send failed: {e}")),
            (Ok(()), Want::SendError(want)) => {
                return Err(format!(
                    "send succeeded, want {}",
                    genltest::error::errno_name(*want)
                ))
            }
            (Ok(()), _) => {}
        }
        sock.send(&probe).map_err(|e| format!("probe send: {e}"))?;
        let got = collect_until_probe(sock, self.id, &mut self.rx)?;
        let Want::Answers(want) = &case.want else {
            return Err("a socket case must expect answers".into());
        };
        if &got == want {
            Ok(())
        } else {
            let show = |v: &[Ans]| {
                v.iter()
                    .map(|a| format!("  {a}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Err(format!("got:\n{}\nwant:\n{}", show(&got), show(want)))
        }
    }
}

impl Runner {
    /// The listeners of both groups, subscribed on first use.
    fn listeners(&mut self) -> Result<&mut [RawListener; 2], String> {
        if self.listeners.is_none() {
            self.listeners = Some([
                RawListener::open(NETLINK_GENLTEST, genltest::classic::GROUP)?,
                RawListener::open(libc::NETLINK_GENERIC, crate::util::mcgrp_id()?)?,
            ]);
        }
        self.listeners.as_mut().ok_or_else(|| "no listeners".into())
    }

    /// After a sysfs case's write: each listener received exactly the text the case
    /// publishes (or nothing) before a probe ping, and both protocols still answer a
    /// probe echo.
    pub fn check_published(&mut self, case: &Case) -> Result<(), String> {
        let want: Vec<Vec<u8>> = match &case.want {
            Want::Published {
                text: Some(text), ..
            } => vec![text.clone()],
            _ => Vec::new(),
        };
        crate::util::write_ping(PROBE_PING).map_err(|e| format!("probe ping: {e}"))?;
        for (name, l) in ["unit-31", "mcgrp"]
            .iter()
            .zip(self.listeners()?.iter_mut())
        {
            let got = l.texts_until(PROBE_PING)?;
            if got != want {
                let show = |v: &[Vec<u8>]| {
                    v.iter()
                        .map(|t| format!("{:?}", String::from_utf8_lossy(t)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(format!(
                    "the {name} listener received [{}] before the probe ping, want [{}]",
                    show(&got),
                    show(&want)
                ));
            }
        }
        for target in [Target::Classic, Target::Genl] {
            let probe = self.probe(target);
            let sock = match target {
                Target::Classic => &self.classic,
                _ => &self.genl,
            };
            sock.send(&probe).map_err(|e| format!("probe send: {e}"))?;
            let got = collect_until_probe(sock, self.id, &mut self.rx)?;
            if !got.is_empty() {
                return Err(format!(
                    "{target:?}: answers before the probe echo: {got:?}"
                ));
            }
        }
        Ok(())
    }
}

/// Reads answers until the probe's reply, which is not included.
fn collect_until_probe(sock: &Socket, id: u16, rx: &mut [u8]) -> Result<Vec<Ans>, String> {
    let mut got: Vec<Ans> = Vec::new();
    let mut probed = false;
    loop {
        let n = match sock.recv(rx, Socket::deadline(Duration::from_secs(10))) {
            Ok(n) => n,
            Err(RecvError::Timeout) => {
                return Err(format!("no probe reply within 10 s; got {got:?}"))
            }
            Err(e) => return Err(format!("recv: {e}")),
        };
        for m in Messages::new(&rx[..n]) {
            let m = m.map_err(|e| format!("kernel sent a malformed message: {e}"))?;
            let seq = m.header.seq;
            let ans = match m.header.ty {
                NLMSG_ERROR => {
                    let ack = Ack::parse(m.header.flags, m.payload).map_err(|e| e.to_string())?;
                    if ack.error == 0 {
                        Ans::Ack(seq)
                    } else {
                        Ans::Error {
                            seq,
                            errno: -ack.error,
                            msg: ack.msg,
                            offs: ack.bad_offset,
                        }
                    }
                }
                NLMSG_DONE => Ans::Done(seq),
                _ if m.header.flags & NLM_F_MULTI != 0 => {
                    if got.last() == Some(&Ans::Parts(seq)) {
                        continue;
                    }
                    Ans::Parts(seq)
                }
                GENLTEST_MSG_ECHO if sock.protocol() == NETLINK_GENLTEST => Ans::Reply {
                    seq,
                    cmd: 0,
                    text: Some(m.payload.to_vec()),
                },
                ty if ty == id => {
                    let (h, attrs) = GenlHeader::parse(m.payload).map_err(|e| e.to_string())?;
                    let text = Attrs::new(attrs)
                        .find(Attr::Msg as u16)
                        .map_err(|e| e.to_string())?
                        .map(|a| a.string().map(<[u8]>::to_vec))
                        .transpose()
                        .map_err(|e| e.to_string())?;
                    Ans::Reply {
                        seq,
                        cmd: h.cmd,
                        text,
                    }
                }
                ty => Ans::Other { seq, ty },
            };
            if seq == PROBE_SEQ && matches!(ans, Ans::Reply { .. }) {
                probed = true;
            } else {
                got.push(ans);
            }
        }
        // A dump goes on as its reader reads, so its later parts can come after the
        // probe's reply: wait for every dump to end.
        if probed && open_dumps(&got) == 0 {
            return Ok(got);
        }
    }
}

/// How many dumps have started (parts) and not ended (done or error) in `got`.
fn open_dumps(got: &[Ans]) -> usize {
    let mut open = std::collections::BTreeSet::new();
    for a in got {
        match a {
            Ans::Parts(seq) => {
                open.insert(*seq);
            }
            Ans::Done(seq) | Ans::Error { seq, .. } => {
                open.remove(seq);
            }
            _ => {}
        }
    }
    open.len()
}

/// Writes a sysfs case's bytes in one `write(2)` and compares the outcome.
fn check_write(case: &Case) -> Result<(), String> {
    let outcome = std::fs::OpenOptions::new()
        .write(true)
        .open(genltest::ping::PING_PATH)
        .and_then(|mut f| f.write(&case.bytes));
    match (&outcome, &case.want) {
        (Ok(n), Want::Published { written, .. }) if n == written => Ok(()),
        (Err(e), Want::WriteError(want)) if e.raw_os_error() == Some(*want) => Ok(()),
        _ => Err(format!("write gave {outcome:?}, want {:?}", case.want)),
    }
}

/// Runs the named case as this process (the `--malformed-case NAME` mode, which the
/// table uses to run cases as an unprivileged user). Prints why it failed.
pub fn run_one(name: &str) -> std::process::ExitCode {
    let result = (|| {
        let id = crate::util::family_id()?;
        let all = cases(id);
        let case = all
            .iter()
            .find(|c| c.name == name)
            .ok_or(format!("no case {name:?}"))?;
        if case.target == Target::Sysfs {
            // The write only: the parent, which may write the probe ping, checks what
            // was published.
            return check_write(case);
        }
        Runner::new(id)?.run(case)
    })();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(why) => {
            println!("{why}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs every case of `target`s in the table and reports each failure.
pub fn run_table(targets: &[Target]) -> Result<(), String> {
    let id = crate::util::family_id()?;
    let mut runner = Runner::new(id)?;
    let mut ran = 0;
    let mut failures = Vec::new();
    for case in cases(id).iter().filter(|c| targets.contains(&c.target)) {
        ran += 1;
        let result = if case.as_nobody {
            if case.target == Target::Sysfs {
                runner.listeners()?;
            }
            let out =
                crate::util::run_as_nobody(crate::util::SELF, &["--malformed-case", &case.name]);
            if out.status != 0 {
                Err(format!("{}{}", out.stdout, out.stderr))
            } else if case.target == Target::Sysfs {
                runner.check_published(case)
            } else {
                Ok(())
            }
        } else {
            runner.run(case)
        };
        if let Err(why) = result {
            failures.push(format!("case {:?}:\n{why}", case.name));
        }
    }
    println!("# robustness: malformed-cases {ran}");
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} of {ran} cases failed\n{}",
            failures.len(),
            failures.join("\n")
        ))
    }
}
