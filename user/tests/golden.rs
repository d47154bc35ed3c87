//! Golden byte vectors: the wire format pinned field by field (x86-64, little endian).
//! Each vector is parsed and compared with its fields, and built and compared with its
//! bytes, so both directions of the codec are checked.

use genltest::classic;
use genltest::ctrl;
use genltest::error::Ack;
use genltest::family;
use genltest::wire::*;

#[rustfmt::skip]
const CLASSIC_ECHO_HI: [u8; 20] = [
    0x13, 0x00, 0x00, 0x00, // nlmsg_len   = 19 (16 + 3 bytes of payload, padding not counted)
    0x10, 0x00,             // nlmsg_type  = 0x10, GENLTEST_MSG_ECHO
    0x05, 0x00,             // nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK
    0x07, 0x00, 0x00, 0x00, // nlmsg_seq   = 7
    0x00, 0x00, 0x00, 0x00, // nlmsg_pid   = 0 (the kernel ignores it)
    b'h', b'i', b'!',       // payload
    0x00,                   // padding to 4 bytes
];

#[test]
fn classic_echo_request_bytes() {
    let mut buf = Vec::new();
    classic::echo_request(&mut buf, 7, b"hi!", true);
    assert_eq!(buf, CLASSIC_ECHO_HI);
}

#[test]
fn classic_echo_request_parses() {
    let mut msgs = Messages::new(&CLASSIC_ECHO_HI);
    let m = msgs.next().unwrap().unwrap();
    assert_eq!(
        m.header,
        Header {
            len: 19,
            ty: 0x10,
            flags: NLM_F_REQUEST | NLM_F_ACK,
            seq: 7,
            pid: 0
        }
    );
    assert_eq!(m.payload, b"hi!");
    assert!(msgs.next().is_none());
}

#[rustfmt::skip]
const GENL_ECHO_HI: [u8; 28] = [
    0x1c, 0x00, 0x00, 0x00, // nlmsg_len   = 28
    0x20, 0x00,             // nlmsg_type  = family id 0x20 (resolved through nlctrl)
    0x05, 0x00,             // nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK
    0x01, 0x00, 0x00, 0x00, // nlmsg_seq   = 1
    0x00, 0x00, 0x00, 0x00, // nlmsg_pid   = 0
    0x01,                   // genlmsghdr.cmd     = ECHO
    0x01,                   // genlmsghdr.version = 1
    0x00, 0x00,             // genlmsghdr.reserved
    0x07, 0x00,             // nla_len  = 7 (4 + "hi" + NUL)
    0x01, 0x00,             // nla_type = MSG
    b'h', b'i', 0x00,       // "hi\0"
    0x00,                   // padding
];

#[test]
fn genl_echo_request_bytes() {
    let mut buf = Vec::new();
    family::echo_request(&mut buf, 0x20, 1, b"hi");
    assert_eq!(buf, GENL_ECHO_HI);
}

#[test]
fn genl_echo_request_parses() {
    let m = Messages::new(&GENL_ECHO_HI).next().unwrap().unwrap();
    let (hdr, attrs) = GenlHeader::parse(m.payload).unwrap();
    assert_eq!(
        hdr,
        GenlHeader {
            cmd: 1,
            version: 1,
            reserved: 0
        }
    );
    assert_eq!(family::parse_msg(attrs).unwrap(), b"hi");
}

#[rustfmt::skip]
const ERROR_WITH_EXTACK: [u8; 80] = [
    0x50, 0x00, 0x00, 0x00, // nlmsg_len   = 80
    0x02, 0x00,             // nlmsg_type  = NLMSG_ERROR
    0x00, 0x03,             // nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS
    0x01, 0x00, 0x00, 0x00, // nlmsg_seq   = 1
    0x2a, 0x00, 0x00, 0x00, // nlmsg_pid   = 42 (the requester's port)
    0xea, 0xff, 0xff, 0xff, // error = -22 (-EINVAL)
    0x1c, 0x00, 0x00, 0x00, // request nlmsg_len = 28
    0x20, 0x00, 0x05, 0x00, // request type 0x20, flags REQUEST|ACK
    0x01, 0x00, 0x00, 0x00, // request seq 1
    0x2a, 0x00, 0x00, 0x00, // request pid 42
    0x1c, 0x00, 0x01, 0x00, // NLMSGERR_ATTR_MSG, 28 bytes
    b'A', b't', b't', b'r', b'i', b'b', b'u', b't', b'e', b' ', b'f', b'a',
    b'i', b'l', b'e', b'd', b' ', b'p', b'o', b'l', b'i', b'c', b'y', 0x00,
    0x08, 0x00, 0x02, 0x00, // NLMSGERR_ATTR_OFFS, 8 bytes
    0x14, 0x00, 0x00, 0x00, // offset 20: the MSG attribute
    0x08, 0x00, 0x05, 0x00, // NLMSGERR_ATTR_MISS_TYPE, 8 bytes
    0x01, 0x00, 0x00, 0x00, // type 1: MSG
];

#[test]
fn error_with_extack_parses() {
    let m = Messages::new(&ERROR_WITH_EXTACK).next().unwrap().unwrap();
    assert_eq!(m.header.ty, NLMSG_ERROR);
    let ack = Ack::parse(m.header.flags, m.payload).unwrap();
    assert_eq!(ack.error, -22);
    assert_eq!(ack.request.seq, 1);
    assert_eq!(ack.msg.as_deref(), Some("Attribute failed policy"));
    assert_eq!(ack.bad_offset, Some(20));
    assert_eq!(ack.missing_type, Some(1));
}

#[test]
fn several_messages_in_one_buffer_are_walked_in_order() {
    let mut buf = Vec::new();
    classic::echo_request(&mut buf, 1, b"a", false);
    classic::echo_request(&mut buf, 2, b"bcdef", false);
    family::echo_request(&mut buf, 0x20, 3, b"x");
    let seqs: Vec<u32> = Messages::new(&buf).map(|m| m.unwrap().header.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(
        buf.len(),
        20 + 24 + 28,
        "each message starts 4-byte aligned"
    );
}

#[test]
fn truncated_and_lying_lengths_are_typed_errors() {
    assert_eq!(
        Messages::new(&CLASSIC_ECHO_HI[..10]).next().unwrap(),
        Err(WireError::Truncated {
            what: "nlmsghdr",
            need: 16,
            have: 10
        })
    );
    let mut long = CLASSIC_ECHO_HI;
    long[0] = 200;
    assert_eq!(
        Messages::new(&long).next().unwrap(),
        Err(WireError::LengthPastEnd {
            what: "nlmsghdr",
            len: 200,
            have: 20
        })
    );
    let mut short = CLASSIC_ECHO_HI;
    short[0] = 8;
    assert_eq!(
        Messages::new(&short).next().unwrap(),
        Err(WireError::LengthTooSmall {
            what: "nlmsghdr",
            len: 8
        })
    );
    let attrs = [0x08, 0x00, 0x01, 0x00, b'a'];
    assert!(matches!(
        Attrs::new(&attrs).next(),
        Some(Err(WireError::LengthPastEnd { .. }))
    ));
    let attrs = [0x02, 0x00, 0x01, 0x00];
    assert!(matches!(
        Attrs::new(&attrs).next(),
        Some(Err(WireError::LengthTooSmall { .. }))
    ));
}

#[test]
fn attribute_flags_are_split_from_the_type() {
    let attrs = [0x05, 0x00, 0x01, 0xc0, 0x2a, 0x00, 0x00, 0x00];
    let a = Attrs::new(&attrs).next().unwrap().unwrap();
    assert_eq!(a.ty, 1);
    assert!(a.nested && a.net_byteorder);
    assert_eq!(a.value, [0x2a]);
}

#[test]
fn string_attribute_without_nul_is_refused() {
    let attrs = [0x06, 0x00, 0x01, 0x00, b'h', b'i', 0, 0];
    let a = Attrs::new(&attrs).next().unwrap().unwrap();
    assert!(a.string().is_err());
}

#[test]
fn ctrl_getfamily_request_bytes() {
    let mut buf = Vec::new();
    ctrl::getfamily_request(&mut buf, 9, "genltest");
    #[rustfmt::skip]
    let want: [u8; 36] = [
        0x24, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00, // len 36, GENL_ID_CTRL, REQUEST|ACK
        0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // seq 9, pid 0
        0x03, 0x01, 0x00, 0x00,                         // CTRL_CMD_GETFAMILY, version 1
        0x0d, 0x00, 0x02, 0x00,                         // CTRL_ATTR_FAMILY_NAME, 13 bytes
        b'g', b'e', b'n', b'l', b't', b'e', b's', b't', 0x00, 0x00, 0x00, 0x00,
    ];
    assert_eq!(buf, want);
}

#[test]
fn family_command_numbers_round_trip() {
    for cmd in family::Cmd::ALL {
        assert_eq!(family::Cmd::try_from(u8::from(cmd)), Ok(cmd));
    }
    assert_eq!(family::Cmd::try_from(0), Err(0));
    assert_eq!(family::Cmd::try_from(6), Err(6));
}

#[test]
fn genl_burst_request_bytes() {
    let mut buf = Vec::new();
    family::burst_request(&mut buf, 0x1a, 3, 200, None);
    #[rustfmt::skip]
    let want: [u8; 28] = [
        0x1c, 0x00, 0x00, 0x00, 0x1a, 0x00, 0x05, 0x00, // len 28, family 0x1a, REQUEST|ACK
        0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // seq 3, pid 0
        0x05, 0x01, 0x00, 0x00,                         // BURST, version 1
        0x08, 0x00, 0x0b, 0x00, 0xc8, 0x00, 0x00, 0x00, // COUNT (11), 4 bytes: 200
    ];
    assert_eq!(buf, want);
    let mut buf = Vec::new();
    family::burst_request(&mut buf, 0x1a, 4, 1, Some(b"hi"));
    assert_eq!(&buf[28..], [0x07, 0x00, 0x01, 0x00, b'h', b'i', 0x00, 0x00]);
}

#[test]
fn genl_burst_reply_parses() {
    #[rustfmt::skip]
    let attrs: [u8; 36] = [
        0x0c, 0x00, 0x06, 0x00, 0x07, 0, 0, 0, 0, 0, 0, 0, // NOTIFY_DELIVERED: 7
        0x0c, 0x00, 0x07, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, // NOTIFY_DROPPED: 2
        0x0c, 0x00, 0x0a, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, // NOTIFY_NO_LISTENER: 0
    ];
    let r = family::parse_burst(&attrs).unwrap();
    assert_eq!(
        r,
        family::BurstReport {
            delivered: 7,
            dropped: 2,
            no_listener: 0
        }
    );
}

#[test]
fn nested_attributes_get_their_length_and_flag() {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, 0x20, NLM_F_REQUEST, 1)
        .begin_nest(6)
        .attr_u32(1, 3)
        .end_nest()
        .finish();
    let m = Messages::new(&buf).next().unwrap().unwrap();
    let outer = Attrs::new(m.payload).next().unwrap().unwrap();
    assert!(outer.nested);
    assert_eq!(outer.ty, 6);
    let inner = outer.nested_attrs().next().unwrap().unwrap();
    assert_eq!(inner.u32().unwrap(), 3);
}
