//! The Netlink protocol (unit) numbers genltest knows by name, and the numbers of its
//! classic protocol on unit 31.
//!
//! The classic protocol has no YNL spec: YNL describes classic families as `netlink-raw`,
//! which ynl-gen does not generate. Its few numbers live here, in a module without
//! dependencies, so that the annotator ([`crate::trace`]) and the client
//! ([`crate::classic`]) both take them from one place.

/// The Netlink unit genltest claims.
pub const NETLINK_GENLTEST: i32 = 31;
/// Message type of a classic echo request, its reply and a notification.
pub const GENLTEST_MSG_ECHO: u16 = 0x10;
/// The classic multicast group of notifications.
pub const GROUP: u32 = 1;
/// The largest classic echo payload, in bytes.
pub const MAX_PAYLOAD: usize = 1024;

/// The highest Netlink protocol number (`MAX_LINKS - 1` in `include/linux/netlink.h`).
pub const MAX_PROTOCOL: i32 = 31;

/// The name of a Netlink protocol number, such as `NETLINK_GENERIC (16)`.
pub fn protocol_name(protocol: i32) -> String {
    let name = match protocol {
        0 => "NETLINK_ROUTE",
        4 => "NETLINK_SOCK_DIAG",
        9 => "NETLINK_AUDIT",
        12 => "NETLINK_NETFILTER",
        15 => "NETLINK_KOBJECT_UEVENT",
        libc::NETLINK_GENERIC => "NETLINK_GENERIC",
        NETLINK_GENLTEST => "NETLINK_GENLTEST",
        _ => "netlink protocol",
    };
    format!("{name} ({protocol})")
}
