// SPDX-License-Identifier: GPL-2.0

//! Netlink: the classic protocol side and Generic Netlink families.
//!
//! C headers: [`include/net/netlink.h`](srctree/include/net/netlink.h),
//! [`include/net/genetlink.h`](srctree/include/net/genetlink.h).

pub(crate) mod classic;
pub(crate) mod genl;
