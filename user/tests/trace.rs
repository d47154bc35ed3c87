//! Golden tests of the annotated view (`--trace`, `genltest decode`): each input is a
//! byte vector written field by field, and its annotation must equal the text in
//! `tests/trace/NAME.txt`. After a deliberate change of the layout, rewrite those files
//! with `GENLTEST_BLESS=1 cargo test --test trace` and review the diff.

use genltest::decode::{self, Datagram};
use genltest::trace::{flag_names, Annotator, Direction, Heading, Problem, MAX_DEPTH};
use genltest::wire::*;

mod common;

/// Compares `actual` with the golden file `tests/trace/NAME.txt`.
fn golden(name: &str, actual: &str) {
    let path = format!("{}/tests/trace/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("GENLTEST_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (create it with GENLTEST_BLESS=1)"));
    if actual != want {
        for (i, (a, w)) in actual.lines().zip(want.lines()).enumerate() {
            if a != w {
                panic!("{name}: line {} differs\n got: {a}\nwant: {w}", i + 1);
            }
        }
        panic!(
            "{name}: {} lines, want {}",
            actual.lines().count(),
            want.lines().count()
        );
    }
}

fn annotate(
    a: &mut Annotator,
    direction: Direction,
    protocol: i32,
    data: &[u8],
) -> (String, Result<(), Problem>) {
    let mut out = String::new();
    let heading = Heading {
        direction,
        protocol,
        port: Some(4321),
    };
    let r = a.datagram(&mut out, &heading, data);
    (out, r)
}

const GENL: i32 = libc::NETLINK_GENERIC;
const FAMILY_ID: u16 = 0x1b;

/// An annotator that knows `genltest` as id 0x1b.
fn knowing_genltest() -> Annotator {
    let mut a = Annotator::new();
    a.learn_family(FAMILY_ID, "genltest");
    a
}

#[rustfmt::skip]
const ECHO_REQUEST: [u8; 28] = [
    0x1c, 0x00, 0x00, 0x00, // nlmsg_len   = 28
    0x1b, 0x00,             // nlmsg_type  = 0x1b, the genltest family
    0x05, 0x00,             // nlmsg_flags = REQUEST | ACK
    0x02, 0x00, 0x00, 0x00, // nlmsg_seq   = 2
    0x00, 0x00, 0x00, 0x00, // nlmsg_pid   = 0
    0x01, 0x01, 0x00, 0x00, // genlmsghdr: cmd ECHO, version 1, reserved 0
    0x07, 0x00, 0x01, 0x00, // nla_len 7, nla_type 1 (msg)
    b'h', b'i', 0x00,       // "hi\0"
    0x00,                   // padding
];

#[test]
fn every_field_of_an_echo_request() {
    let (out, r) = annotate(
        &mut knowing_genltest(),
        Direction::Send,
        GENL,
        &ECHO_REQUEST,
    );
    assert_eq!(r, Ok(()));
    golden("echo-request", &out);
}

#[test]
fn the_codec_builds_the_vector_the_trace_explains() {
    let mut buf = Vec::new();
    genltest::family::echo_request(&mut buf, FAMILY_ID, 2, b"hi");
    assert_eq!(buf, ECHO_REQUEST);
}

#[rustfmt::skip]
const ECHO_REPLY_WITH_MULTIPLE_MESSAGES: [u8; 64] = [
    // An echo reply addressed to port 4321.
    0x1c, 0x00, 0x00, 0x00, 0x1b, 0x00, 0x00, 0x00, // len 28, genltest, no flags
    0x02, 0x00, 0x00, 0x00, 0xe1, 0x10, 0x00, 0x00, // seq 2, pid 4321
    0x01, 0x01, 0x00, 0x00,                         // ECHO, version 1
    0x07, 0x00, 0x01, 0x00, b'h', b'i', 0x00, 0x00, // msg "hi\0" + padding
    // Its ACK: error 0, the request's header (capped).
    0x24, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x01, // len 36, NLMSG_ERROR, CAPPED
    0x02, 0x00, 0x00, 0x00, 0xe1, 0x10, 0x00, 0x00, // seq 2, pid 4321
    0x00, 0x00, 0x00, 0x00,                         // error 0: an ACK
    0x1c, 0x00, 0x00, 0x00, 0x1b, 0x00, 0x05, 0x00, // request: len 28, genltest, REQUEST|ACK
    0x02, 0x00, 0x00, 0x00, 0xe1, 0x10, 0x00, 0x00, // request: seq 2, pid 4321
];

#[test]
fn reply_and_ack_in_one_datagram() {
    let (out, r) = annotate(
        &mut knowing_genltest(),
        Direction::Recv,
        GENL,
        &ECHO_REPLY_WITH_MULTIPLE_MESSAGES,
    );
    assert_eq!(r, Ok(()));
    golden("echo-reply-and-ack", &out);
}

#[rustfmt::skip]
const ERROR_WITH_EXTACK: [u8; 80] = [
    0x50, 0x00, 0x00, 0x00, // nlmsg_len   = 80
    0x02, 0x00,             // nlmsg_type  = NLMSG_ERROR
    0x00, 0x03,             // nlmsg_flags = CAPPED | ACK_TLVS
    0x01, 0x00, 0x00, 0x00, // nlmsg_seq   = 1
    0x2a, 0x00, 0x00, 0x00, // nlmsg_pid   = 42
    0xea, 0xff, 0xff, 0xff, // error = -22 (-EINVAL)
    0x1c, 0x00, 0x00, 0x00, // request nlmsg_len = 28
    0x1b, 0x00, 0x05, 0x00, // request type genltest, flags REQUEST|ACK
    0x01, 0x00, 0x00, 0x00, // request seq 1
    0x2a, 0x00, 0x00, 0x00, // request pid 42
    0x1c, 0x00, 0x01, 0x00, // NLMSGERR_ATTR_MSG, 28 bytes
    b'A', b't', b't', b'r', b'i', b'b', b'u', b't', b'e', b' ', b'f', b'a',
    b'i', b'l', b'e', b'd', b' ', b'p', b'o', b'l', b'i', b'c', b'y', 0x00,
    0x08, 0x00, 0x02, 0x00, // NLMSGERR_ATTR_OFFS, 8 bytes
    0x14, 0x00, 0x00, 0x00, // offset 20: the MSG attribute
    0x08, 0x00, 0x05, 0x00, // NLMSGERR_ATTR_MISS_TYPE, 8 bytes
    0x01, 0x00, 0x00, 0x00, // type 1: msg
];

#[test]
fn error_with_extack_names_message_offset_and_missing_attribute() {
    let (out, r) = annotate(
        &mut knowing_genltest(),
        Direction::Recv,
        GENL,
        &ERROR_WITH_EXTACK,
    );
    assert_eq!(r, Ok(()));
    golden("error-extack", &out);
}

#[test]
fn uncapped_error_shows_the_whole_request_and_a_nested_policy() {
    // Without NLM_F_CAPPED the request follows in full; the policy is nested.
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, NLMSG_ERROR, NLM_F_ACK_TLVS, 1)
        .bytes(&(-22i32).to_ne_bytes())
        .bytes(&ECHO_REQUEST)
        .begin_nest(NLMSGERR_ATTR_POLICY)
        .attr_u32(1, 12) // type: nul-string
        .attr_u32(7, 1024) // max-length
        .end_nest()
        .finish();
    // begin_nest sets NLA_F_NESTED, as the kernel's nla_nest_start does.
    let (out, r) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &buf);
    assert_eq!(r, Ok(()));
    golden("error-uncapped-policy", &out);
}

/// A `CTRL_CMD_NEWFAMILY` reply for `genltest` with id 0x1b, one op and one group.
fn newfamily_reply() -> Vec<u8> {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, 0x10, 0, 1)
        .genl(1, 2)
        .attr_str(2, b"genltest")
        .attr_u16(1, FAMILY_ID)
        .attr_u32(3, 1)
        .begin_nest(6)
        .begin_nest(1)
        .attr_u32(1, 1)
        .attr_u32(2, 0x0a)
        .end_nest()
        .end_nest()
        .begin_nest(7)
        .begin_nest(1)
        .attr_str(1, b"mcgrp")
        .attr_u32(2, 3)
        .end_nest()
        .end_nest()
        .finish();
    buf
}

#[test]
fn nlctrl_reply_nests_and_teaches_the_family_id() {
    let mut a = Annotator::new();
    assert_eq!(a.family_name(FAMILY_ID), None);
    let (out, r) = annotate(&mut a, Direction::Recv, GENL, &newfamily_reply());
    assert_eq!(r, Ok(()));
    golden("nlctrl-newfamily", &out);
    assert_eq!(a.family_name(FAMILY_ID), Some("genltest"));
    // The next echo request is named, though nothing was learned by hand.
    let (out, _) = annotate(&mut a, Direction::Send, GENL, &ECHO_REQUEST);
    assert!(out.contains("genltest echo (request)"), "{out}");
}

#[test]
fn multipart_dump_and_done() {
    let mut buf = Vec::new();
    for (id, text) in [(1u64, &b"one"[..]), (2, b"two")] {
        MessageBuilder::new(&mut buf, FAMILY_ID, NLM_F_MULTI, 7)
            .genl(3, 1)
            .attr(2, b"") // pad attribute before the u64
            .attr(8, &id.to_ne_bytes())
            .attr_u32(9, 4321)
            .attr_str(1, text)
            .finish();
    }
    MessageBuilder::new(&mut buf, NLMSG_DONE, NLM_F_MULTI, 7)
        .bytes(&0i32.to_ne_bytes())
        .finish();
    let (out, r) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &buf);
    assert_eq!(r, Ok(()));
    golden("dump-multipart-done", &out);
}

#[test]
fn dump_request_flags() {
    assert_eq!(
        flag_names(FAMILY_ID, NLM_F_REQUEST | NLM_F_DUMP),
        "0x0301 REQUEST|ROOT|MATCH (DUMP)"
    );
    assert_eq!(flag_names(NLMSG_ERROR, 0x0300), "0x0300 CAPPED|ACK_TLVS");
    assert_eq!(flag_names(FAMILY_ID, NLM_F_MULTI), "0x0002 MULTI");
    assert_eq!(
        flag_names(FAMILY_ID, 0x8001),
        "0x8001 REQUEST +0x8000 unnamed"
    );
}

#[test]
fn unknown_family_falls_back_to_the_generic_layout() {
    // Family 0x30 was never resolved: numbers instead of names, values guessed by size,
    // NESTED and NET_BYTEORDER shown, nested contents walked.
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, 0x30, NLM_F_REQUEST, 9)
        .genl(5, 2)
        .attr(1 | NLA_F_NET_BYTEORDER, &[0, 0, 0x1f, 0x90]) // 8080, big endian
        .begin_nest(2)
        .attr_str(1, b"inner")
        .end_nest()
        .attr(3, b"")
        .attr(4, &[1, 2, 3])
        .finish();
    let (out, r) = annotate(&mut Annotator::new(), Direction::Send, GENL, &buf);
    assert_eq!(r, Ok(()));
    golden("unknown-family", &out);
}

#[test]
fn net_byteorder_values_of_known_attributes_are_read_big_endian() {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, FAMILY_ID, 0, 1)
        .genl(3, 1)
        .attr(9 | NLA_F_NET_BYTEORDER, &[0, 0, 0x10, 0xe1])
        .finish();
    let (out, _) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &buf);
    assert!(out.contains("0x4009 NET_BYTEORDER | 9 portid"), "{out}");
    assert!(
        out.contains("portid                    4321 (a port id"),
        "{out}"
    );
}

#[rustfmt::skip]
const CLASSIC_ECHO: [u8; 24] = [
    0x13, 0x00, 0x00, 0x00, // nlmsg_len = 19: the padding is not counted
    0x10, 0x00, 0x01, 0x00, // GENLTEST_MSG_ECHO, REQUEST
    0x03, 0x00, 0x00, 0x00, // seq 3
    0x00, 0x00, 0x00, 0x00, // pid 0
    b'h', b'i', 0x01,       // payload, one byte not printable
    0x07,                   // padding that is not zero
    0x00, 0x00, 0x00, 0x00, // four stray bytes: too few for a header
];

#[test]
fn classic_echo_nonzero_padding_and_trailing_bytes() {
    let (out, r) = annotate(&mut Annotator::new(), Direction::Send, 31, &CLASSIC_ECHO);
    assert_eq!(
        r,
        Err(Problem {
            offset: 20,
            what: "truncated nlmsghdr: 4 bytes left, a header needs 16".into()
        })
    );
    golden("classic-echo-bad-tail", &out);
}

#[test]
fn lengths_that_lie_are_explained_and_nothing_is_hidden() {
    let cases: [(&str, Vec<u8>, usize, &str); 4] = [
        (
            "len-too-small",
            {
                let mut b = ECHO_REQUEST.to_vec();
                b[0] = 8;
                b
            },
            0,
            "nlmsg_len 8 is smaller than the 16-byte header",
        ),
        (
            "len-past-end",
            {
                let mut b = ECHO_REQUEST.to_vec();
                b[0] = 200;
                b
            },
            0,
            "nlmsg_len 200 runs past the end of the datagram (28 bytes left)",
        ),
        (
            "nla-len-past-end",
            {
                let mut b = ECHO_REQUEST.to_vec();
                b[20] = 40;
                b
            },
            20,
            "nla_len 40 runs past the end of its container (8 bytes left)",
        ),
        (
            "nla-len-too-small",
            {
                let mut b = ECHO_REQUEST.to_vec();
                b[20] = 2;
                b
            },
            20,
            "nla_len 2 is smaller than the 4-byte header",
        ),
    ];
    for (name, bytes, offset, what) in cases {
        let (out, r) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &bytes);
        assert_eq!(
            r,
            Err(Problem {
                offset,
                what: what.into()
            }),
            "{name}"
        );
        // Every byte is still on some row: the rows' byte columns add up to the input.
        assert_eq!(
            bytes_shown(&out),
            bytes.len(),
            "{name}: every byte shown\n{out}"
        );
        golden(name, &out);
    }
}

#[test]
fn hex_input_formats_comments_and_datagrams() {
    let d = decode::parse_hex("0x10, 0x00 # comment\nab:CD\n\n  ff\n").unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].data, [0x10, 0x00, 0xab, 0xcd]);
    assert_eq!(d[0].origin, "line 1");
    assert_eq!(d[1].data, [0xff]);
    assert_eq!(d[1].origin, "line 4");
    assert_eq!(
        decode::parse_hex("1c000000").unwrap()[0].data,
        [0x1c, 0, 0, 0]
    );
}

#[test]
fn bad_hex_is_refused_with_the_line() {
    let err = |t: &str| decode::parse_hex(t).unwrap_err().0;
    assert_eq!(
        err("10 00\n123"),
        "line 2: '123' has an odd number of hex digits: write each byte as two digits"
    );
    assert_eq!(err("10 zz"), "line 1: 'z' in 'zz' is not a hex digit");
    assert_eq!(err("# only a comment\n"), "no hex bytes in the input");
}

fn datagrams() -> Vec<Datagram> {
    vec![
        Datagram {
            protocol: Some(GENL),
            direction: Direction::UserToKernel,
            data: ECHO_REQUEST.to_vec(),
            origin: String::new(),
        },
        Datagram {
            protocol: Some(31),
            direction: Direction::KernelToUser,
            data: CLASSIC_ECHO[..20].to_vec(),
            origin: String::new(),
        },
    ]
}

#[test]
fn pcap_round_trip() {
    let file = decode::write_pcap(&datagrams());
    let back = decode::parse_pcap(&file).unwrap();
    assert_eq!(back.len(), 2);
    for (i, (got, want)) in back.iter().zip(datagrams()).enumerate() {
        assert_eq!(got.protocol, want.protocol);
        assert_eq!(got.direction, want.direction);
        assert_eq!(got.data, want.data);
        assert_eq!(got.origin, format!("packet {}", i + 1));
    }
}

#[test]
fn pcap_sll2_is_read() {
    // The same packet with a 20-byte LINKTYPE_LINUX_SLL2 header.
    let mut file = decode::write_pcap(&[])[..20].to_vec();
    file.extend_from_slice(&decode::LINKTYPE_LINUX_SLL2.to_le_bytes());
    let len = (20 + ECHO_REQUEST.len()) as u32;
    for v in [0, 0, len, len] {
        file.extend_from_slice(&u32::to_le_bytes(v));
    }
    file.extend_from_slice(&16u16.to_be_bytes()); // protocol
    file.extend_from_slice(&[0, 0, 0, 0, 0, 1]); // reserved, ifindex
    file.extend_from_slice(&824u16.to_be_bytes()); // ARPHRD_NETLINK
    file.extend_from_slice(&[6, 0]); // PACKET_USER, address length
    file.extend_from_slice(&[0; 8]);
    file.extend_from_slice(&ECHO_REQUEST);
    let d = decode::parse_pcap(&file).unwrap();
    assert_eq!(d[0].protocol, Some(16));
    assert_eq!(d[0].direction, Direction::UserToKernel);
    assert_eq!(d[0].data, ECHO_REQUEST);
}

#[test]
fn bad_pcaps_are_explained() {
    let good = decode::write_pcap(&datagrams());
    let err = |b: &[u8]| decode::parse_pcap(b).unwrap_err().0;
    assert_eq!(
        err(b"abc"),
        "truncated pcap: the file header needs 4 bytes at byte 0, the file has 3"
    );
    assert_eq!(
        err(b"GIF89a.................."),
        "not a pcap file (magic 47494638)"
    );
    assert!(err(&[0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]).starts_with("this is pcapng"));
    let mut ether = good.clone();
    ether[20] = 1;
    assert!(err(&ether).starts_with("pcap link type 1 is not Netlink"));
    assert_eq!(
        err(&good[..good.len() - 1]),
        "truncated pcap: packet 2 claims 36 bytes, the file has 35 left"
    );
    let mut cut = good.clone();
    cut[24 + 12] += 5; // orig_len larger than incl_len
    assert!(err(&cut).starts_with("packet 1 was cut to 44 of its 49 bytes"));
    let mut not_nlmon = good;
    not_nlmon[24 + 16 + 2] = 0; // hardware type 1: Ethernet
    not_nlmon[24 + 16 + 3] = 1;
    assert!(err(&not_nlmon).starts_with("packet 1 has hardware type 1"));
}

#[test]
fn family_id_arguments() {
    assert_eq!(
        decode::parse_family_id("0x1b=genltest"),
        Ok((0x1b, "genltest".into()))
    );
    assert_eq!(decode::parse_family_id("27=x"), Ok((27, "x".into())));
    for bad in ["27", "=x", "70000=x", "27="] {
        assert!(decode::parse_family_id(bad).is_err(), "{bad}");
    }
}

/// How many raw bytes the rows of a dump show (every byte must be on exactly one row).
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

#[test]
fn damaged_bytes_never_crash_and_never_hide_a_byte() {
    // Every prefix of every vector, and every byte of it set to a few telling values:
    // lengths that lie, flags that change the layout, types of other messages.
    let vectors: Vec<Vec<u8>> = vec![
        ECHO_REQUEST.to_vec(),
        ECHO_REPLY_WITH_MULTIPLE_MESSAGES.to_vec(),
        ERROR_WITH_EXTACK.to_vec(),
        CLASSIC_ECHO.to_vec(),
        newfamily_reply(),
    ];
    for v in &vectors {
        for protocol in [GENL, 31, 0] {
            for len in 0..=v.len() {
                let mut a = knowing_genltest();
                let (out, _) = annotate(&mut a, Direction::Recv, protocol, &v[..len]);
                assert_eq!(bytes_shown(&out), len, "prefix {len}\n{out}");
            }
            for at in 0..v.len() {
                for value in [0x00, 0x01, 0x02, 0x03, 0x10, 0x80, 0xff] {
                    let mut damaged = v.clone();
                    damaged[at] = value;
                    let mut a = knowing_genltest();
                    let (out, _) = annotate(&mut a, Direction::Recv, protocol, &damaged);
                    assert_eq!(
                        bytes_shown(&out),
                        damaged.len(),
                        "byte {at} = {value}\n{out}"
                    );
                }
            }
        }
    }
}

#[test]
fn damaged_pcaps_never_crash() {
    let good = decode::write_pcap(&datagrams());
    for len in 0..good.len() {
        let _ = decode::parse_pcap(&good[..len]);
    }
    for at in 0..good.len() {
        for value in [0x00, 0x7f, 0xff] {
            let mut damaged = good.clone();
            damaged[at] = value;
            if let Ok(d) = decode::parse_pcap(&damaged) {
                // Whatever was read, the annotator explains without crashing.
                for d in d {
                    let p = d.protocol.unwrap_or(GENL);
                    let (out, _) = annotate(&mut Annotator::new(), d.direction, p, &d.data);
                    assert_eq!(bytes_shown(&out), d.data.len());
                }
            }
        }
    }
}

/// The problem the annotator reports when `what` would open level 33.
fn too_deep(offset: usize, what: &str) -> Result<(), Problem> {
    Err(Problem {
        offset,
        what: format!(
            "{what} opens nesting level 33, more than the 32 levels genltest decodes: no real \
             Netlink message nests that far; check where these bytes came from"
        ),
    })
}

#[test]
fn nesting_limit_is_32_levels() {
    // The README and the error message say 32: a change must be deliberate.
    assert_eq!(MAX_DEPTH, 32);
}

#[test]
fn attributes_nested_32_deep_are_explained_33_are_refused() {
    let limit = common::nested_attrs(0x30, MAX_DEPTH);
    let (out, r) = annotate(&mut Annotator::new(), Direction::Recv, GENL, &limit);
    assert_eq!(r, Ok(()), "{out}");
    // The u32 inside the 32nd nest is shown, indented 32 levels.
    assert!(
        out.contains(&format!("{:64}attr 1  4 bytes (as u32: 7)", "")),
        "{out}"
    );
    assert_eq!(bytes_shown(&out), limit.len());
    // One level more: the 33rd nest (at 20 + 32 * 4) is refused, its bytes shown raw.
    let over = common::nested_attrs(0x30, MAX_DEPTH + 1);
    let (out, r) = annotate(&mut Annotator::new(), Direction::Recv, GENL, &over);
    assert_eq!(r, too_deep(148, "attribute 'attr 1'"));
    assert_eq!(bytes_shown(&out), over.len(), "every byte shown\n{out}");
    golden("nest-too-deep", &out);
}

#[test]
fn extack_policy_nested_32_deep_is_explained_33_is_refused() {
    let limit = common::policy_nest(MAX_DEPTH);
    let (out, r) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &limit);
    assert_eq!(r, Ok(()), "{out}");
    assert_eq!(bytes_shown(&out), limit.len());
    // The policy starts at byte 44 and opens level 1; level 33 is 32 headers further.
    let over = common::policy_nest(MAX_DEPTH + 1);
    let (out, r) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &over);
    assert_eq!(r, too_deep(44 + 32 * 4, "attribute 'attr 1'"));
    assert_eq!(bytes_shown(&out), over.len(), "every byte shown\n{out}");
    // One level of policy is the real thing: named and typed.
    let (out, r) = annotate(
        &mut knowing_genltest(),
        Direction::Recv,
        GENL,
        &common::policy_nest(1),
    );
    assert_eq!(r, Ok(()));
    assert!(
        out.lines()
            .any(|l| l.contains("  type  ") && l.ends_with("  12 nul-string")),
        "{out}"
    );
}

#[test]
fn errors_copied_32_deep_are_explained_33_are_refused() {
    let limit = common::errors_nested(MAX_DEPTH);
    let (out, r) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &limit);
    assert_eq!(r, Ok(()), "{out}");
    assert_eq!(bytes_shown(&out), limit.len());
    // The echo request at the bottom is still named.
    assert!(out.contains("\"hi\\0\""), "{out}");
    // Error 32 starts at byte 640: its request copy, after its header and error code,
    // would open level 33.
    let over = common::errors_nested(MAX_DEPTH + 1);
    let (out, r) = annotate(&mut knowing_genltest(), Direction::Recv, GENL, &over);
    assert_eq!(r, too_deep(660, "the request copied into this error"));
    assert_eq!(bytes_shown(&out), over.len(), "every byte shown\n{out}");
}
