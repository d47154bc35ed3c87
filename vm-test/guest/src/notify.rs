//! Notifications as they arrive on the wire: the header of each protocol's, binary
//! bytes published as written, and no notification outside the initial network
//! namespace.

use std::time::Duration;

use genltest::classic::{self, GENLTEST_MSG_ECHO, NETLINK_GENLTEST};
use genltest::family::{Attr, Cmd, FAMILY_VERSION};
use genltest::wire::{Attrs, GenlHeader, NLMSG_HDRLEN};

use crate::util::*;
use crate::TestResult;

/// Reads exactly one notification from `l` (and nothing after it).
fn only_one(l: &mut RawListener) -> Result<Notification, String> {
    let batch = l
        .next(Duration::from_secs(10))?
        .ok_or("no notification within 10 s")?;
    let [n] = <[Notification; 1]>::try_from(batch)
        .map_err(|b| format!("{} messages in the datagram, want 1", b.len()))?;
    if let Some(more) = l.next(Duration::from_millis(200))? {
        return Err(format!("more notifications: {more:?}"));
    }
    Ok(n)
}

/// A unit-31 notification is an `ECHO` message (type 0x10) with sequence number 0 and
/// port id 0, from the kernel (port 0) to group 1, whose payload is the text exactly.
pub fn classic_notification_header_is_echo_seq_0_port_0() -> TestResult {
    let mut l = RawListener::open(NETLINK_GENLTEST, classic::GROUP)?;
    write_ping(b"header check\n").map_err(|e| e.to_string())?;
    let n = only_one(&mut l)?;
    check_eq(n.from_port, 0, "sender's port (the kernel)")?;
    check_eq(n.to_groups, 1 << (classic::GROUP - 1), "destination groups")?;
    check_eq(
        (n.header.ty, n.header.flags, n.header.seq, n.header.pid),
        (GENLTEST_MSG_ECHO, 0, 0, 0),
        "nlmsg_type, nlmsg_flags, nlmsg_seq and nlmsg_pid",
    )?;
    check_eq(
        n.header.len as usize,
        NLMSG_HDRLEN + "header check".len(),
        "nlmsg_len: header and text, no NUL",
    )?;
    check_eq(&n.payload[..], b"header check", "payload")
}

/// A Generic Netlink notification is an `ECHO` of the genltest family (version 1) with
/// one `MSG`, sequence number 0 and port id 0, from the kernel to `mcgrp`.
pub fn genl_notification_is_echo_with_msg_seq_0_port_0() -> TestResult {
    let group = mcgrp_id()?;
    let mut l = RawListener::open(libc::NETLINK_GENERIC, group)?;
    write_ping(b"header check\n").map_err(|e| e.to_string())?;
    let n = only_one(&mut l)?;
    check_eq(n.from_port, 0, "sender's port (the kernel)")?;
    if group <= 32 {
        check_eq(n.to_groups, 1 << (group - 1), "destination groups")?;
    }
    check_eq(
        (n.header.ty, n.header.flags, n.header.seq, n.header.pid),
        (family_id()?, 0, 0, 0),
        "nlmsg_type, nlmsg_flags, nlmsg_seq and nlmsg_pid",
    )?;
    let (g, attrs) = GenlHeader::parse(&n.payload).map_err(|e| e.to_string())?;
    check_eq(
        (g.cmd, g.version, g.reserved),
        (Cmd::Echo as u8, FAMILY_VERSION, 0),
        "genl header",
    )?;
    let all: Vec<(u16, Vec<u8>)> = Attrs::new(attrs)
        .map(|a| a.map(|a| (a.ty, a.value.to_vec())))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    check_eq(
        all,
        vec![(Attr::Msg as u16, b"header check\0".to_vec())],
        "attributes",
    )
}

/// Any byte but NUL is published as written, on both protocols: control bytes, a
/// newline inside the text, bytes above 0x7f (not UTF-8). Only one trailing newline
/// goes.
pub fn ping_publishes_binary_bytes_as_written() -> TestResult {
    let mut text: Vec<u8> = (1..=255u8).rev().collect();
    text.extend_from_slice(b"\n\x01\x80");
    let mut written = text.clone();
    written.push(b'\n');
    let mut unit31 = RawListener::open(NETLINK_GENLTEST, classic::GROUP)?;
    let mut genl = RawListener::open(libc::NETLINK_GENERIC, mcgrp_id()?)?;
    write_ping(&written).map_err(|e| e.to_string())?;
    let n = only_one(&mut unit31)?;
    check_eq(
        n.text(NETLINK_GENLTEST)?,
        text.clone(),
        "unit 31: the payload",
    )?;
    let n = only_one(&mut genl)?;
    check_eq(n.text(libc::NETLINK_GENERIC)?, text, "mcgrp: MSG")
}

/// The ping file belongs to the initial network namespace: a Generic Netlink listener
/// in another namespace (where the family exists too) receives nothing.
pub fn genl_listener_in_other_namespace_gets_no_ping() -> TestResult {
    let inside = Listener::spawn_cmd(
        "unshare",
        &[
            "-n",
            "/bin/genltest",
            "listen",
            "--count",
            "1",
            "--timeout",
            "3",
        ],
    )?;
    let here = Listener::spawn(&["listen", "--count", "1", "--timeout", "20"], false)?;
    write_ping(b"init only").map_err(|e| e.to_string())?;
    let out = here.finish()?;
    expect_status(&out, 0)?;
    check_eq(
        out.stdout.as_str(),
        "init only\n",
        "listener in the initial namespace",
    )?;
    let other = inside.finish()?;
    expect_status(&other, 5)?;
    check_eq(other.stdout.as_str(), "", "listener in another namespace")?;
    check_eq(
        other.stderr.as_str(),
        "genltest: listen: 0 of 1 notifications arrived before the timeout\n",
        "its end",
    )
}
