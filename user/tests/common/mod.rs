//! Builders of nested input shared by the golden tests (`trace.rs`) and the fuzz tests
//! (`hostile.rs`): chains of nests as deep as the annotator's limit, or far deeper.

use genltest::wire::*;

/// A Generic Netlink message of `family` (command 1, version 1) holding a chain of
/// `levels` nested attributes of type 1, the innermost holding a u32 attribute: the
/// u32 sits at nesting level `levels`.
pub fn nested_attrs(family: u16, levels: usize) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, family, 0, 1).genl(1, 1);
    for _ in 0..levels {
        b = b.begin_nest(1);
    }
    b = b.attr_u32(1, 7);
    for _ in 0..levels {
        b = b.end_nest();
    }
    b.finish();
    buf
}

/// A capped `EINVAL` for an echo request of family 0x1b, whose extended ACK carries
/// `NLMSGERR_ATTR_MSG` "bad", then a policy nested `levels` deep
/// (`NLMSGERR_ATTR_POLICY` opens level 1), the innermost holding the policy's type.
/// The policy attribute starts at byte 44.
pub fn policy_nest(levels: usize) -> Vec<u8> {
    let mut request = Vec::new();
    genltest::family::echo_request(&mut request, 0x1b, 1, b"hi");
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 1)
        .bytes(&(-22i32).to_ne_bytes())
        .bytes(&request[..NLMSG_HDRLEN])
        .attr_str(NLMSGERR_ATTR_MSG, b"bad")
        .begin_nest(NLMSGERR_ATTR_POLICY);
    for _ in 1..levels {
        b = b.begin_nest(1);
    }
    b = b.attr_u32(1, 12); // type: nul-string
    for _ in 0..levels {
        b = b.end_nest();
    }
    b.finish();
    buf
}

/// `levels` uncapped `NLMSG_ERROR`s, each the request the one before copies back (the
/// kernel acknowledges a control message this way), the last one copying an echo
/// request of family 0x1b: the echo request sits at nesting level `levels`. Error `k`
/// starts at byte `20 * k`.
pub fn errors_nested(levels: usize) -> Vec<u8> {
    let mut echo = Vec::new();
    genltest::family::echo_request(&mut echo, 0x1b, 1, b"hi");
    let mut buf = Vec::with_capacity(20 * levels + echo.len());
    for k in 0..levels {
        let len = (20 * (levels - k) + echo.len()) as u32;
        Header {
            len,
            ty: NLMSG_ERROR,
            flags: 0,
            seq: 1,
            pid: 0,
        }
        .emit(&mut buf);
        buf.extend_from_slice(&(-22i32).to_ne_bytes());
    }
    buf.extend_from_slice(&echo);
    buf
}
