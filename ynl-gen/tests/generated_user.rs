//! The golden user-side files, compiled against genltest's real `user/src/wire.rs` and
//! ynl-gen's support module, and used: requests are built and checked byte by byte,
//! replies built with `MessageBuilder` are parsed back, tables are looked up.

// The generated files say `crate::wire` and `crate::ynl`: these are the same files the
// user crate compiles. Not every item is used by these tests.
#[allow(dead_code)]
#[path = "../../user/src/wire.rs"]
mod wire;
#[allow(dead_code)]
#[path = "../../user/src/ynl.rs"]
mod ynl;

#[allow(dead_code)]
#[path = "golden/genltest/user.rs"]
mod genltest;
#[allow(dead_code)]
#[path = "golden/handshake/user.rs"]
mod handshake;
#[allow(dead_code)]
#[path = "golden/netdev/user.rs"]
mod netdev;
#[allow(dead_code)]
#[path = "golden/nlctrl/user.rs"]
mod nlctrl;

use wire::{
    GenlHeader, MessageBuilder, Messages, NLA_F_NESTED, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST,
};

/// The one message in `buf`: its header fields and its attribute bytes.
fn only_message(buf: &[u8]) -> (wire::Header, GenlHeader, &[u8]) {
    let mut messages = Messages::new(buf);
    let m = messages.next().unwrap().unwrap();
    assert!(messages.next().is_none());
    let (genl, attrs) = GenlHeader::parse(m.payload).unwrap();
    (m.header, genl, attrs)
}

#[test]
fn genltest_echo_request_is_the_bytes_the_module_expects() {
    let mut buf = Vec::new();
    genltest::EchoRequest { msg: Some(b"hi") }.emit(&mut buf, 0x1a, 7);
    let len = 16u32 + 4 + 8;
    let flags = NLM_F_REQUEST | NLM_F_ACK;
    let mut want = Vec::new();
    want.extend_from_slice(&len.to_ne_bytes()); // nlmsg_len: 28
    want.extend_from_slice(&0x1a_u16.to_ne_bytes()); // nlmsg_type: the family id
    want.extend_from_slice(&flags.to_ne_bytes()); // NLM_F_REQUEST | NLM_F_ACK
    want.extend_from_slice(&7u32.to_ne_bytes()); // nlmsg_seq
    want.extend_from_slice(&0u32.to_ne_bytes()); // nlmsg_pid: the kernel fills it in
    want.extend_from_slice(&[1, 1, 0, 0]); // genlmsghdr: cmd ECHO, version 1, reserved
    want.extend_from_slice(&7u16.to_ne_bytes()); // nla_len: 4 + "hi\0"
    want.extend_from_slice(&1u16.to_ne_bytes()); // nla_type: MSG
    want.extend_from_slice(b"hi\0\0"); // the text, its NUL, one byte of padding
    assert_eq!(buf, want);
}

#[test]
fn genltest_burst_request_carries_count_then_msg() {
    let mut buf = Vec::new();
    genltest::BurstRequest {
        count: Some(4096),
        msg: None,
    }
    .emit(&mut buf, 0x20, 1);
    let (hdr, genl, attrs) = only_message(&buf);
    assert_eq!(hdr.flags, genltest::BurstRequest::FLAGS);
    assert_eq!(genl.cmd, u8::from(genltest::Cmd::Burst));
    let attrs: Vec<_> = wire::Attrs::new(attrs).map(Result::unwrap).collect();
    assert_eq!(attrs.len(), 1);
    assert_eq!(attrs[0].ty, genltest::GenltestAttr::Count as u16);
    assert_eq!(attrs[0].u32().unwrap(), 4096);
}

#[test]
fn genltest_requests_without_attributes_and_dumps_have_the_right_flags() {
    let mut buf = Vec::new();
    genltest::HistoryDumpRequest.emit(&mut buf, 0x20, 3);
    let (hdr, genl, attrs) = only_message(&buf);
    assert_eq!(hdr.flags, NLM_F_REQUEST | NLM_F_DUMP);
    assert_eq!(genl.cmd, 3);
    assert!(attrs.is_empty());
    buf.clear();
    // HISTORY's do: the same command, acknowledged, with ID as a u64.
    genltest::HistoryDoRequest { id: Some(7) }.emit(&mut buf, 0x20, 3);
    let (hdr, genl, attrs) = only_message(&buf);
    assert_eq!(hdr.flags, NLM_F_REQUEST | NLM_F_ACK);
    assert_eq!(genl.cmd, 3);
    let mut id = vec![12, 0, 8, 0];
    id.extend_from_slice(&7u64.to_ne_bytes());
    assert_eq!(attrs, &id[..]);
    buf.clear();
    genltest::ResetRequest.emit_with_flags(&mut buf, 0x20, NLM_F_REQUEST, 4);
    assert_eq!(only_message(&buf).0.flags, NLM_F_REQUEST);
}

#[test]
fn genltest_replies_parse_and_skip_unknown_attributes() {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, 0x20, 0, 5)
        .genl(genltest::GetStatsReply::CMD, 1)
        .attr(3, &10u64.to_ne_bytes())
        .attr(4, &200u64.to_ne_bytes())
        .attr(99, b"from a newer module")
        .attr(10, &1u64.to_ne_bytes())
        .finish();
    let (_, genl, attrs) = only_message(&buf);
    assert_eq!(genl.cmd, 2);
    let stats = genltest::GetStatsReply::parse(attrs).unwrap();
    assert_eq!(
        stats,
        genltest::GetStatsReply {
            echo_requests: Some(10),
            echo_bytes: Some(200),
            notify_no_listener: Some(1),
            ..Default::default()
        }
    );

    buf.clear();
    MessageBuilder::new(&mut buf, 0x20, 0, 6)
        .genl(3, 1)
        .attr(8, &42u64.to_ne_bytes())
        .attr_u32(9, 1234)
        .attr_str(1, b"hello")
        .finish();
    let entry = genltest::HistoryReply::parse(only_message(&buf).2).unwrap();
    assert_eq!(
        (entry.id, entry.portid, entry.msg),
        (Some(42), Some(1234), Some(&b"hello"[..]))
    );
}

#[test]
fn genltest_reply_parsers_refuse_malformed_values() {
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, 0x20, 0, 5)
        .genl(2, 1)
        .attr(3, &[1, 2, 3])
        .finish();
    let err = genltest::GetStatsReply::parse(only_message(&buf).2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad u64: attribute 3 has 3 bytes, expected 8"
    );
    buf.clear();
    MessageBuilder::new(&mut buf, 0x20, 0, 5)
        .genl(1, 1)
        .attr(1, b"no nul")
        .finish();
    assert!(genltest::EchoReply::parse(only_message(&buf).2).is_err());
}

#[test]
fn genltest_names_convert_both_ways_and_refuse_unknown_numbers() {
    use genltest::{Cmd, GenltestAttr, McastGroup, Ntf};
    for cmd in Cmd::ALL {
        assert_eq!(Cmd::try_from(u8::from(cmd)), Ok(cmd));
    }
    assert_eq!(Cmd::try_from(0), Err(0));
    assert_eq!(Cmd::try_from(6), Err(6));
    assert_eq!(Cmd::GetStats.name(), "get-stats");
    assert_eq!(GenltestAttr::try_from(11), Ok(GenltestAttr::Count));
    assert_eq!(GenltestAttr::try_from(12), Err(12));
    assert_eq!(GenltestAttr::NotifyNoListener.name(), "notify-no-listener");
    assert_eq!(Ntf::try_from(1), Ok(Ntf::Ping));
    assert_eq!(McastGroup::Mcgrp.name(), "mcgrp");
    assert_eq!(genltest::FAMILY_NAME, "genltest");
}

#[test]
fn genltest_tables_describe_each_attribute_and_operation() {
    let count = genltest::GENLTEST_ATTRS.attr(11).unwrap();
    assert_eq!((count.name, count.kind), ("count", ynl::AttrKind::U32));
    assert_eq!((count.checks.min, count.checks.max), (Some(1), Some(4096)));
    let msg = genltest::GENLTEST_ATTRS.by_name("msg").unwrap();
    assert_eq!(msg.checks.max_len, Some(1024));
    assert_eq!(genltest::GENLTEST_ATTRS.max(), 11);

    let f = &genltest::FAMILY;
    let burst = f.op(5).unwrap();
    assert!(burst.admin_perm && !burst.uns_admin_perm);
    let doit = burst.doit.as_ref().unwrap();
    assert_eq!(doit.request, &[11, 1]);
    assert_eq!(doit.reply, &[6, 7, 10]);
    let history = f.op(3).unwrap();
    let (doit, dumpit) = (
        history.doit.as_ref().unwrap(),
        history.dumpit.as_ref().unwrap(),
    );
    assert_eq!((doit.request, doit.reply), (&[8u16][..], &[8u16, 9, 1][..]));
    assert_eq!((dumpit.request, dumpit.reply), (&[][..], &[8u16, 9, 1][..]));
    assert_eq!(f.ntf(1).unwrap().mcgrp, Some("mcgrp"));
    assert_eq!(f.mcast_groups, &["mcgrp"]);
}

#[test]
fn nlctrl_getfamily_request_and_reply_round_trip() {
    let mut buf = Vec::new();
    nlctrl::GetfamilyDoRequest {
        family_name: Some(b"genltest"),
    }
    .emit(&mut buf, 0x10, 1);
    let (_, genl, attrs) = only_message(&buf);
    assert_eq!(genl.cmd, 3, "CTRL_CMD_GETFAMILY");
    let name = wire::Attrs::new(attrs).find(2).unwrap().unwrap();
    assert_eq!(name.string().unwrap(), b"genltest");

    // A CTRL_CMD_NEWFAMILY answer as the kernel writes it: ops and groups are nests of
    // nests, numbered from 1.
    buf.clear();
    MessageBuilder::new(&mut buf, 0x10, 0, 1)
        .genl(nlctrl::Cmd::Getfamily.reply(), 2)
        .attr_str(2, b"genltest")
        .attr_u16(1, 0x1b)
        .attr_u32(3, 1)
        .attr_u32(4, 0)
        .attr_u32(5, 11)
        .begin_nest(6)
        .begin_nest(1)
        .attr_u32(1, 1)
        .attr_u32(2, 0x0a)
        .end_nest()
        .begin_nest(2)
        .attr_u32(1, 4)
        .attr_u32(2, 0x03)
        .end_nest()
        .end_nest()
        .begin_nest(7)
        .begin_nest(1)
        .attr_u32(2, 9)
        .attr_str(1, b"mcgrp")
        .end_nest()
        .end_nest()
        .finish();
    let (_, genl, attrs) = only_message(&buf);
    assert_eq!(genl.cmd, nlctrl::GetfamilyReply::CMD);
    let family = nlctrl::GetfamilyReply::parse(attrs).unwrap();
    assert_eq!(family.family_id, Some(0x1b));
    assert_eq!(family.family_name, Some(&b"genltest"[..]));
    assert_eq!(family.maxattr, Some(11));
    assert_eq!(
        family.ops,
        vec![
            nlctrl::OpAttrs {
                id: Some(1),
                flags: Some(0x0a)
            },
            nlctrl::OpAttrs {
                id: Some(4),
                flags: Some(0x03)
            },
        ]
    );
    assert_eq!(
        family.mcast_groups,
        vec![nlctrl::McastGroupAttrs {
            name: Some(b"mcgrp"),
            id: Some(9)
        }]
    );
    // The flags' names come from the spec's op-flags definition.
    let flags = nlctrl::OP_ATTRS.by_name("flags").unwrap();
    assert!(flags.enum_as_flags);
    let names = flags.enumeration.unwrap();
    assert_eq!(names.name_of(0x02), Some("cmd-cap-do"));
    assert_eq!(names.name_of(0x01), Some("admin-perm"));
}

#[test]
fn nlctrl_getpolicy_reply_parses_its_type_value_nests() {
    // CTRL_ATTR_POLICY: [policy index 1] [attribute 11] { type u32, min 1, max 4096 };
    // CTRL_ATTR_OP_POLICY: [command 5] { do: 1 }.
    let mut buf = Vec::new();
    MessageBuilder::new(&mut buf, 0x10, 0, 1)
        .genl(10, 2)
        .attr_u16(1, 0x1b)
        .begin_nest(8)
        .begin_nest(1)
        .begin_nest(11)
        .attr_u32(1, nlctrl::AttrType::U32 as u32)
        .attr(4, &1u64.to_ne_bytes())
        .attr(5, &4096u64.to_ne_bytes())
        .end_nest()
        .end_nest()
        .end_nest()
        .begin_nest(9)
        .begin_nest(5)
        .attr_u32(1, 1)
        .end_nest()
        .end_nest()
        .finish();
    let reply = nlctrl::GetpolicyReply::parse(only_message(&buf).2).unwrap();
    assert_eq!(reply.policy.len(), 1);
    let entry = &reply.policy[0];
    assert_eq!(entry.types, [1, 11]);
    assert_eq!(entry.value.type_, Some(4));
    assert_eq!(
        (entry.value.min_value_u, entry.value.max_value_u),
        (Some(1), Some(4096))
    );
    assert_eq!(nlctrl::AttrType::try_from(4), Ok(nlctrl::AttrType::U32));
    assert_eq!(nlctrl::AttrType::U32.name(), "u32");
    assert_eq!(reply.op_policy.len(), 1);
    assert_eq!(reply.op_policy[0].types, [5]);
    assert_eq!(
        reply.op_policy[0].value,
        nlctrl::OpPolicyAttrs {
            do_: Some(1),
            dump: None
        }
    );
    // Requests and replies of nlctrl are numbered apart.
    assert_eq!(nlctrl::Cmd::Getfamily as u8, 3);
    assert_eq!(nlctrl::Cmd::Getfamily.reply(), 1);
    assert_eq!(nlctrl::FAMILY.reply_op(1).unwrap().name, "getfamily");
}

#[test]
fn handshake_multi_attributes_repeat_and_nest() {
    let mut buf = Vec::new();
    handshake::DoneRequest {
        status: Some(0),
        sockfd: Some(-1),
        remote_auth: vec![7, 8],
    }
    .emit(&mut buf, 0x30, 1);
    let attrs: Vec<_> = wire::Attrs::new(only_message(&buf).2)
        .map(Result::unwrap)
        .collect();
    let types: Vec<u16> = attrs.iter().map(|a| a.ty).collect();
    assert_eq!(types, [1, 2, 3, 3]);
    assert_eq!(attrs[1].u32().unwrap() as i32, -1);

    buf.clear();
    MessageBuilder::new(&mut buf, 0x30, 0, 1)
        .genl(handshake::AcceptReply::CMD, 1)
        .attr(1, &5i32.to_ne_bytes())
        .attr_u32(6, 100)
        .attr_u32(6, 200)
        .begin_nest(7)
        .attr(1, &3i32.to_ne_bytes())
        .attr(2, &4i32.to_ne_bytes())
        .end_nest()
        .attr_str(8, b"peer")
        .finish();
    let reply = handshake::AcceptReply::parse(only_message(&buf).2).unwrap();
    assert_eq!(reply.sockfd, Some(5));
    assert_eq!(reply.peer_identity, vec![100, 200]);
    assert_eq!(
        reply.certificate,
        vec![handshake::X509 {
            cert: Some(3),
            privkey: Some(4)
        }]
    );
    assert_eq!(reply.peername, Some(&b"peer"[..]));
    assert_eq!(
        handshake::HandlerClass::try_from(1),
        Ok(handshake::HandlerClass::Tlshd)
    );
    assert_eq!(
        handshake::DONE_ATTRS.by_name("status").unwrap().checks.max,
        Some(4095)
    );
    assert_eq!(handshake::FAMILY.ntf(1).unwrap().name, "ready");
}

#[test]
fn netdev_nested_requests_set_nla_f_nested_and_uint_takes_four_or_eight_bytes() {
    let mut buf = Vec::new();
    netdev::QueueCreateRequest {
        ifindex: Some(2),
        type_: Some(netdev::QueueType::Rx as u32),
        lease: Some(netdev::Lease {
            ifindex: Some(3),
            queue: Some(netdev::QueueId {
                id: Some(1),
                type_: Some(0),
            }),
            netns_id: None,
        }),
    }
    .emit(&mut buf, 0x40, 1);
    let mut lengths = Vec::new();
    // Walk the raw bytes: the nests carry NLA_F_NESTED, as strict validation wants.
    let attrs = only_message(&buf).2;
    let raw_type = |at: usize| u16::from_ne_bytes([attrs[at + 2], attrs[at + 3]]);
    let lease = wire::Attrs::new(attrs).find(8).unwrap().unwrap();
    assert!(lease.nested);
    let queue = lease.nested_attrs().find(2).unwrap().unwrap();
    assert!(queue.nested);
    for a in queue.nested_attrs() {
        lengths.push(a.unwrap().value.len());
    }
    assert_eq!(lengths, [4, 4]);
    assert_eq!(raw_type(0) & NLA_F_NESTED, 0, "ifindex is not a nest");

    buf.clear();
    MessageBuilder::new(&mut buf, 0x40, 0, 1)
        .genl(netdev::PagePoolGetReply::CMD, 1)
        .attr(1, &7u32.to_ne_bytes())
        .attr(4, &(1u64 << 40).to_ne_bytes())
        .begin_nest(8)
        .attr(1, &2048u32.to_ne_bytes())
        .end_nest()
        .finish();
    let pp = netdev::PagePoolGetReply::parse(only_message(&buf).2).unwrap();
    assert_eq!(pp.id, Some(7));
    assert_eq!(pp.inflight, Some(1 << 40));
    assert_eq!(
        pp.io_uring,
        Some(netdev::IoUringProviderInfo {
            rx_buf_len: Some(2048)
        })
    );
    assert_eq!(netdev::DevAddNtf::CMD, netdev::DevGetReply::CMD);
    // Notifications share the unified numbering: dev-get is 1, dev-add-ntf 2 (as in
    // include/uapi/linux/netdev.h), page-pool-get 5.
    assert_eq!(netdev::Ntf::DevAdd as u8, 2);
    assert_eq!(netdev::Cmd::PagePoolGet as u8, 5);
}
