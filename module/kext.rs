// SPDX-License-Identifier: GPL-2.0

//! Safe abstractions over the C APIs genltest needs and Linux 7.3's `kernel` crate lacks.
//!
//! The folder mirrors `rust/kernel/`: each file is written as it would be upstream, so that
//! it could be moved there. All of the module's `unsafe` code lives under this folder; the
//! family logic and the crate root use these types only.

pub(crate) mod net;
pub(crate) mod sysfs;
