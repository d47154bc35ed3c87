// SPDX-License-Identifier: GPL-2.0

//! genltest: how kernel code and user programs talk over Netlink.
//!
//! - A classic Netlink protocol on unit 31 ([`classic`]): echo and multicast, with a
//!   kernel socket in every network namespace.
//! - A Generic Netlink family `genltest` ([`family`]): echo with policy validation,
//!   counters, a history dump, an admin reset and the multicast group `mcgrp`.
//! - `/sys/kernel/genltest/ping`: a write publishes its text on both.
//!
//! Notifications go to listeners in the initial network namespace only: the sysfs file
//! belongs to it, as `/sys/kernel` is not namespaced.
//!
//! The folder `kext/` wraps the C API, as `rust/kernel/` would; this file, the protocol
//! logic (`classic.rs`, `ping.rs`) and the log (`log.rs`, `ratelimit.rs`) use its safe
//! types only.

use kernel::{
    prelude::*,
    sync::atomic::Relaxed, //
};

mod classic;
mod family;
// Generated from `genltest.yaml` by ynl-gen (`make regen`): constants, policies, op table.
#[path = "gen/genltest.rs"]
mod generated;
mod history;
mod kext;
mod log;
mod ping;
mod ratelimit;

pub(crate) use log::trace;

use kext::{
    net::netlink::classic as netlink_kernel,
    sysfs, //
};

module! {
    type: GenlTest,
    name: "genltest",
    authors: ["genltest developers"],
    description: "Classic and Generic Netlink echo, multicast and a sysfs ping",
    license: "GPL",
    params: {
        trace: bool {
            default: false,
            description: "Log each request handled and reply sent (rate-limited); \
                          /sys/kernel/genltest/trace changes it at run time",
        },
    },
}

/// The module's Netlink registrations, which the ping file sends through. Dropped in
/// field order: the family with its state, then the classic sockets.
#[pin_data]
struct Netlink {
    /// The family; dropping it unregisters the family, then frees its counters and history.
    family: family::Registration,
    /// Unit 31's kernel socket in every namespace; dropping it releases them.
    #[pin]
    classic: netlink_kernel::Registration<classic::Classic>,
}

/// `/sys/kernel/genltest/trace`: reads `0` or `1`; a write of `1`/`0` (or `y`/`n`,
/// `on`/`off`) turns the request and reply log on or off.
struct TraceFile;

#[vtable]
impl sysfs::Attribute for TraceFile {
    type Data = Netlink;
    const NAME: &'static CStr = c"trace";
    const MODE: u16 = 0o644;

    fn show(_: &Netlink, page: &mut [u8]) -> Result<usize> {
        let text: &[u8] = if log::TRACE.load(Relaxed) {
            b"1\n"
        } else {
            b"0\n"
        };
        page[..text.len()].copy_from_slice(text);
        Ok(text.len())
    }

    fn store(_: &Netlink, data: &[u8]) -> Result {
        let on = kernel::str::kstrtobool_bytes(data)?;
        log::TRACE.store(on, Relaxed);
        Ok(())
    }
}

/// `/sys/kernel/genltest/ping`: a write publishes its text on both protocols.
struct PingFile;

#[vtable]
impl sysfs::Attribute for PingFile {
    type Data = Netlink;
    const NAME: &'static CStr = c"ping";
    const MODE: u16 = 0o200;

    fn store(netlink: &Netlink, data: &[u8]) -> Result {
        let text = ping::ping_text(data)?;
        // Allocate both notifications before sending either (`family::ping` allocates its
        // own before it sends this one): when memory runs out the writer gets `ENOMEM` and
        // no listener has seen anything.
        let classic_msg = netlink_kernel::Broadcast::new(classic::GENLTEST_MSG_ECHO, text)?;
        family::ping(&netlink.family, text, || {
            netlink.classic.broadcast::<{ classic::GROUP }>(classic_msg)
        })
    }
}

/// The files of `/sys/kernel/genltest`.
const FILES: &[sysfs::File<Netlink>] = &[
    sysfs::File::new::<PingFile>(),
    sysfs::File::new::<TraceFile>(),
];

/// The module. Dropping it removes `/sys/kernel/genltest` first (no new pings, and the
/// pings and trace writes running are waited for), then the registrations the directory
/// owns, in the order of [`Netlink`]'s fields.
#[pin_data(PinnedDrop)]
struct GenlTest {
    /// The sysfs directory, owning the registrations its files use.
    #[pin]
    sysfs: sysfs::Dir<Netlink>,
}

impl kernel::InPlaceModule for GenlTest {
    fn init(module: &'static ThisModule) -> impl PinInit<Self, Error> {
        log::start(module_parameters::trace.value());
        let netlink = try_pin_init!(Netlink {
            classic <- netlink_kernel::Registration::new(module, classic::Classic),
            family: family::register(module)?,
        }? Error);
        try_pin_init!(GenlTest {
            sysfs <- sysfs::Dir::new(c"genltest", FILES, netlink),
            _: {
                pr_info!(
                    "loaded: unit {} and family genltest ready\n",
                    classic::NETLINK_GENLTEST
                );
            },
        }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for GenlTest {
    fn drop(self: Pin<&mut Self>) {
        pr_info!("unloading\n");
    }
}
