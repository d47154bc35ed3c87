//! A Netlink socket: open, bind to a kernel-chosen port id, send, and receive whole
//! datagrams without ever truncating one silently.
//!
//! Its system calls go through nix and `sys.rs`, which holds the `unsafe` ones.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::socket::{bind, getsockname, recvmsg, send, MsgFlags, NetlinkAddr};

use crate::sys;
use crate::trace::{self, Direction};

/// Receive buffers are at least this large: the kernel's own default for Netlink
/// dumps is one page up to 32 KiB, and a smaller buffer would truncate messages.
pub const RECV_BUF_SIZE: usize = 64 * 1024;

/// `SOL_NETLINK` option: report extended ACK attributes (message, offending offset).
const NETLINK_EXT_ACK: i32 = 11;
/// `SOL_NETLINK` option: only the header of the request in ACKs (`NLM_F_CAPPED`).
const NETLINK_CAP_ACK: i32 = 10;
/// `SOL_NETLINK` option: join a multicast group by number.
const NETLINK_ADD_MEMBERSHIP: i32 = 1;
/// `SOL_NETLINK` option: make a multicast that this socket could not take fail for
/// the sender (the kernel then learns of the loss, not only this socket).
const NETLINK_BROADCAST_ERROR: i32 = 4;
/// `SOL_NETLINK` option: report `ENOBUFS` overruns instead of hiding them.
const NETLINK_NO_ENOBUFS: i32 = 5;

/// The most datagrams one [`Socket::recv_batch`] receives.
pub const BATCH_MAX: usize = sys::MAX_BATCH;

/// One datagram of a [`Socket::recv_batch`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Datagram {
    /// Its real size (larger than the slot when `truncated`).
    pub len: usize,
    /// It did not fit its slot.
    pub truncated: bool,
    /// The sender's port id (0 for the kernel).
    pub from: u32,
}

/// Why a receive failed.
#[derive(Debug)]
pub enum RecvError {
    /// The system call failed.
    Os(Errno),
    /// Nothing arrived before the deadline.
    Timeout,
    /// The datagram was larger than the buffer (`MSG_TRUNC`): it is lost, not cut.
    Truncated {
        /// The datagram's real size.
        size: usize,
        /// The buffer's size.
        buf: usize,
    },
    /// A datagram from a port other than the kernel's (port id 0).
    NotFromKernel(u32),
}

impl std::fmt::Display for RecvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecvError::Os(e) => write!(f, "recvmsg: {}", crate::errno_name(*e as i32)),
            RecvError::Timeout => write!(f, "timed out waiting for the kernel"),
            RecvError::Truncated { size, buf } => {
                write!(
                    f,
                    "a {size}-byte datagram did not fit the {buf}-byte buffer"
                )
            }
            RecvError::NotFromKernel(pid) => write!(f, "datagram from port {pid}, not the kernel"),
        }
    }
}

/// A bound Netlink socket of one protocol.
#[derive(Debug)]
pub struct Socket {
    fd: OwnedFd,
    protocol: i32,
    port_id: u32,
}

impl Socket {
    /// Opens a socket of Netlink `protocol` and binds it with port id 0, so the kernel
    /// picks a unique one: two sockets in one process each get their own.
    ///
    /// `EPROTONOSUPPORT` here means no kernel socket exists for the protocol.
    pub fn open(protocol: i32) -> Result<Socket, Errno> {
        let fd = sys::netlink_socket(protocol)?;
        bind(fd.as_raw_fd(), &NetlinkAddr::new(0, 0))?;
        let addr: NetlinkAddr = getsockname(fd.as_raw_fd())?;
        Ok(Socket {
            fd,
            protocol,
            port_id: addr.pid(),
        })
    }

    /// The port id the kernel assigned at bind time.
    pub fn port_id(&self) -> u32 {
        self.port_id
    }

    /// The Netlink protocol (unit) number.
    pub fn protocol(&self) -> i32 {
        self.protocol
    }

    /// Asks for extended ACKs (error messages and offending-attribute offsets) and for
    /// capped ACKs, which carry only the request's header.
    pub fn enable_ext_ack(&self) -> Result<(), Errno> {
        sys::set_netlink_opt(self.fd.as_fd(), NETLINK_EXT_ACK, 1)?;
        sys::set_netlink_opt(self.fd.as_fd(), NETLINK_CAP_ACK, 1)
    }

    /// Joins multicast group `group` (numbered from 1).
    pub fn add_membership(&self, group: u32) -> Result<(), Errno> {
        sys::set_netlink_opt(self.fd.as_fd(), NETLINK_ADD_MEMBERSHIP, group)
    }

    /// Makes the kernel drop overflowing notifications without reporting `ENOBUFS`.
    pub fn set_no_enobufs(&self) -> Result<(), Errno> {
        sys::set_netlink_opt(self.fd.as_fd(), NETLINK_NO_ENOBUFS, 1)
    }

    /// Makes a multicast that overflows this socket count as failed for its sender
    /// (`NETLINK_BROADCAST_ERROR`): without it, the kernel's `netlink_broadcast` reports
    /// success even when this listener lost the message (it still sees `ENOBUFS`).
    pub fn set_broadcast_error(&self) -> Result<(), Errno> {
        sys::set_netlink_opt(self.fd.as_fd(), NETLINK_BROADCAST_ERROR, 1)
    }

    /// Sends one datagram (one or several messages) to the kernel.
    pub fn send(&self, datagram: &[u8]) -> Result<(), Errno> {
        let sent = send(self.fd.as_raw_fd(), datagram, MsgFlags::empty())?;
        if sent != datagram.len() {
            return Err(Errno::EMSGSIZE);
        }
        trace::datagram(Direction::Send, self.protocol, self.port_id, datagram);
        Ok(())
    }

    /// Waits until a datagram can be read or `deadline` passes.
    fn wait(&self, deadline: Option<Instant>) -> Result<(), RecvError> {
        loop {
            let timeout = match deadline {
                None => PollTimeout::NONE,
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(RecvError::Timeout);
                    }
                    let ms = left.as_millis().clamp(1, i32::MAX as u128) as i32;
                    PollTimeout::try_from(ms).unwrap_or(PollTimeout::MAX)
                }
            };
            let mut fds = [PollFd::new(self.fd.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, timeout) {
                Ok(0) => continue,
                Ok(_) => return Ok(()),
                Err(Errno::EINTR) => continue,
                Err(e) => return Err(RecvError::Os(e)),
            }
        }
    }

    /// Receives one datagram into `buf` and returns its length.
    ///
    /// Waits until `deadline` (forever if `None`). A datagram larger than `buf` is an
    /// error, never a silently shortened message; one that is not from the kernel is
    /// refused.
    ///
    /// It tries to read first and waits (`poll`) only when nothing is there: the kernel
    /// handles a request inside the sender's `sendmsg`, so the answer is usually queued
    /// already, and one system call per datagram is enough.
    pub fn recv(&self, buf: &mut [u8], deadline: Option<Instant>) -> Result<usize, RecvError> {
        loop {
            let mut iov = [io::IoSliceMut::new(buf)];
            let msg = match recvmsg::<NetlinkAddr>(
                self.fd.as_raw_fd(),
                &mut iov,
                None,
                MsgFlags::MSG_TRUNC | MsgFlags::MSG_DONTWAIT,
            ) {
                Ok(msg) => msg,
                Err(Errno::EINTR) => continue,
                Err(Errno::EAGAIN) => {
                    self.wait(deadline)?;
                    continue;
                }
                Err(e) => return Err(RecvError::Os(e)),
            };
            let size = msg.bytes;
            let truncated = msg.flags.contains(MsgFlags::MSG_TRUNC);
            let from = msg.address.map(|a| a.pid()).unwrap_or(0);
            if truncated || size > buf.len() {
                return Err(RecvError::Truncated {
                    size,
                    buf: buf.len(),
                });
            }
            if from != 0 {
                return Err(RecvError::NotFromKernel(from));
            }
            trace::datagram(Direction::Recv, self.protocol, self.port_id, &buf[..size]);
            return Ok(size);
        }
    }

    /// Receives every waiting datagram, up to `out.len()` (at most [`BATCH_MAX`]), in one
    /// `recvmmsg(2)`, waiting until `deadline` for the first. Datagram `i` lands in
    /// `buf[i * slot..][..out[i].len]`; returns how many arrived.
    ///
    /// As [`Socket::recv`], it refuses a datagram larger than its slot or not from the
    /// kernel, and allocates nothing.
    pub fn recv_batch(
        &self,
        buf: &mut [u8],
        slot: usize,
        out: &mut [Datagram],
        deadline: Option<Instant>,
    ) -> Result<usize, RecvError> {
        loop {
            match sys::recv_batch(self.fd.as_fd(), buf, slot, out) {
                Ok(n) => {
                    for d in &out[..n] {
                        if d.truncated || d.len > slot {
                            return Err(RecvError::Truncated {
                                size: d.len,
                                buf: slot,
                            });
                        }
                        if d.from != 0 {
                            return Err(RecvError::NotFromKernel(d.from));
                        }
                    }
                    return Ok(n);
                }
                Err(Errno::EINTR) => continue,
                Err(Errno::EAGAIN) => self.wait(deadline)?,
                Err(e) => return Err(RecvError::Os(e)),
            }
        }
    }

    /// A deadline `timeout` from now.
    pub fn deadline(timeout: Duration) -> Option<Instant> {
        Some(Instant::now() + timeout)
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
