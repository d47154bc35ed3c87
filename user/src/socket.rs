//! A Netlink socket: open, bind to a kernel-chosen port id, send, and receive whole
//! datagrams without ever truncating one silently.
//!
//! Its system calls go through nix and `sys.rs`, which holds the `unsafe` ones.
//!
//! Every datagram a socket sends or receives ([`Socket::send`], [`Socket::recv`] and each
//! datagram of [`Socket::recv_batch`]) is handed to the process's [`Observer`], if one is
//! set ([`set_observer`]): that is how `--trace` sees them, without this module knowing
//! about the annotator.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::socket::{bind, getsockname, recvmsg, send, MsgFlags, NetlinkAddr};

use crate::error::{errno_name, Error};
use crate::sys;

pub use crate::sys::Datagram;

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

/// Which way a datagram went through a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Sent to the kernel.
    Sent,
    /// Received from the kernel.
    Received,
}

/// Sees every datagram the sockets of this process send or receive.
pub trait Observer: Send + Sync {
    /// Called after `data` was sent or received on a socket of `protocol` bound to `port`.
    fn datagram(&self, flow: Flow, protocol: i32, port: u32, data: &[u8]);
}

/// Whether an observer is set; checked first, so that a program without one pays one
/// atomic load per datagram.
static OBSERVING: AtomicBool = AtomicBool::new(false);

/// The process's observer.
static OBSERVER: RwLock<Option<Box<dyn Observer>>> = RwLock::new(None);

/// Sets (or, with `None`, removes) the observer of every socket of this process.
pub fn set_observer(observer: Option<Box<dyn Observer>>) {
    let mut o = OBSERVER.write().unwrap_or_else(|e| e.into_inner());
    OBSERVING.store(observer.is_some(), Ordering::Release);
    *o = observer;
}

/// Whether an observer is set.
pub fn observed() -> bool {
    OBSERVING.load(Ordering::Acquire)
}

/// Hands a datagram to the observer, if there is one.
fn observe(flow: Flow, protocol: i32, port: u32, data: &[u8]) {
    if !observed() {
        return;
    }
    let o = OBSERVER.read().unwrap_or_else(|e| e.into_inner());
    if let Some(observer) = o.as_ref() {
        observer.datagram(flow, protocol, port, data);
    }
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
            RecvError::Os(e) => write!(f, "recvmsg: {}", errno_name(*e as i32)),
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

impl RecvError {
    /// The error of a request `op` whose answer could not be received.
    pub fn into_error(self, op: &str) -> Error {
        match self {
            RecvError::Timeout => Error::Timeout(format!("{op}: no answer from the kernel")),
            RecvError::Os(errno) => Error::os(format!("{op}: receive"), errno),
            other => Error::Protocol(format!("{op}: {other}")),
        }
    }

    /// The error of a notification listener: `ENOBUFS` means notifications were lost,
    /// which a listener must report, never hide.
    pub fn into_listen_error(self, op: &str) -> Error {
        match self {
            RecvError::Os(Errno::ENOBUFS) => Error::Protocol(format!(
                "{op}: notifications were lost (ENOBUFS): the socket's buffer overflowed"
            )),
            other => other.into_error(op),
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
        observe(Flow::Sent, self.protocol, self.port_id, datagram);
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
            observe(Flow::Received, self.protocol, self.port_id, &buf[..size]);
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
                    if observed() {
                        for (i, d) in out[..n].iter().enumerate() {
                            let data = &buf[i * slot..][..d.len];
                            observe(Flow::Received, self.protocol, self.port_id, data);
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
