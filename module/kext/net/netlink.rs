// SPDX-License-Identifier: GPL-2.0

//! Netlink: the classic protocol side and Generic Netlink families.
//!
//! Laid out as `rust/kernel/net/netlink/` would be: attributes ([`attr`]), policies
//! ([`policy`]), extended ACKs ([`extack`]), messages ([`msg`]), dumps ([`dump`]), families
//! ([`genl`]) and classic kernel sockets ([`classic`]).
//!
//! C headers: [`include/net/netlink.h`](srctree/include/net/netlink.h),
//! [`include/net/genetlink.h`](srctree/include/net/genetlink.h).

pub(crate) mod attr;
pub(crate) mod classic;
pub(crate) mod dump;
pub(crate) mod extack;
pub(crate) mod genl;
pub(crate) mod msg;
pub(crate) mod policy;
