//! genltest's user-space library: the Netlink wire format, sockets, and clients of
//! the genltest kernel module's classic unit-31 protocol and Generic Netlink family.
//!
//! The `genltest` binary is a thin command-line layer over this crate.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

pub mod alloc_count;
pub mod bench;
pub mod classic;
pub mod conn;
pub mod ctrl;
pub mod decode;
pub mod error;
pub mod family;
pub mod gen;
pub mod ping;
pub mod protocols;
pub mod raw;
pub mod socket;
mod sys;
pub mod trace;
pub mod wire;
pub mod ynl;

pub use error::{errno_name, Error};

// The unit tests count allocations (alloc_count's own tests, the wire codec's steady state).
#[cfg(test)]
#[global_allocator]
static ALLOC: alloc_count::CountingAlloc = alloc_count::CountingAlloc;
