//! Code that `ynl-gen` generates from YNL specs (`make regen` rewrites these files; a host
//! test, `user/tests/generated.rs`, fails while they are out of date):
//!
//! - [`genltest`] from `genltest.yaml`, the only hand-written description of the family;
//! - [`nlctrl`] from Linux 7.3's `Documentation/netlink/specs/nlctrl.yaml` (a copy is in
//!   `ynl-gen/tests/specs/`), the Generic Netlink controller.
//!
//! Both build on [`crate::wire`] and [`crate::ynl`]. The clients ([`crate::family`],
//! [`crate::ctrl`]) and the annotator ([`crate::trace`]) take names and tables from here,
//! so neither depends on the other.

pub mod genltest;
pub mod nlctrl;
