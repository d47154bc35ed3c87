// SPDX-License-Identifier: GPL-2.0

//! genltest: how kernel code and user programs talk over Netlink.
//!
//! See the project's README for the protocols.

use kernel::prelude::*;

mod ping;

module! {
    type: GenlTest,
    name: "genltest",
    authors: ["genltest developers"],
    description: "Classic and Generic Netlink echo, multicast and sysfs ping",
    license: "GPL",
}

/// The module's state: what it registered, released in reverse order on unload.
struct GenlTest;

impl kernel::Module for GenlTest {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        pr_info!("loaded\n");
        Ok(GenlTest)
    }
}

impl Drop for GenlTest {
    fn drop(&mut self) {
        pr_info!("unloaded\n");
    }
}
