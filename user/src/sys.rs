//! The few system calls nix does not wrap for Netlink: a socket of any Netlink
//! protocol number, the `SOL_NETLINK` options and a batch receive (`recvmmsg` into one
//! reused buffer, which nix's form cannot do without allocating). With the counting
//! allocator of [`alloc_count`](crate::alloc_count), all of the crate's `unsafe` is here.

use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use nix::errno::Errno;

/// One datagram of a [`recv_batch`] (re-exported as `socket::Datagram`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Datagram {
    /// Its real size (larger than the slot when `truncated`).
    pub len: usize,
    /// It did not fit its slot.
    pub truncated: bool,
    /// The sender's port id (0 for the kernel).
    pub from: u32,
}

/// The most datagrams one [`recv_batch`] call receives.
pub(crate) const MAX_BATCH: usize = 64;

/// Opens an `AF_NETLINK` raw socket of `protocol` (nix only names the well-known ones).
pub(crate) fn netlink_socket(protocol: i32) -> Result<OwnedFd, Errno> {
    // SAFETY: socket(2) takes plain integers and returns a new descriptor or -1.
    let fd = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            protocol,
        )
    };
    if fd < 0 {
        return Err(Errno::last());
    }
    // SAFETY: `fd` was just returned by socket(2), is open, and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Sets a `SOL_NETLINK` socket option whose value is an `int`.
pub(crate) fn set_netlink_opt(fd: BorrowedFd<'_>, option: i32, value: u32) -> Result<(), Errno> {
    let value = value as libc::c_int;
    // SAFETY: `fd` is an open socket for the borrow's lifetime; the option value points
    // to a live `c_int` whose size is passed alongside.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_NETLINK,
            option,
            std::ptr::from_ref(&value).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// Receives up to `out.len()` (at most [`MAX_BATCH`]) waiting datagrams in one
/// `recvmmsg(2)` without blocking: datagram `i` lands in `buf[i * slot..][..slot]` and is
/// described by `out[i]`. Returns how many arrived; `EAGAIN` when none was waiting.
///
/// `MSG_TRUNC` makes each length the datagram's real size, so a datagram larger than its
/// slot shows up as `truncated` instead of silently shortened.
pub(crate) fn recv_batch(
    fd: BorrowedFd<'_>,
    buf: &mut [u8],
    slot: usize,
    out: &mut [Datagram],
) -> Result<usize, Errno> {
    let n = out
        .len()
        .min(MAX_BATCH)
        .min(buf.len().checked_div(slot).unwrap_or(0));
    if n == 0 {
        return Err(Errno::EINVAL);
    }
    // SAFETY: All-zero bytes are a valid value of these plain C structures (integers and
    // null pointers).
    let mut addrs: [libc::sockaddr_nl; MAX_BATCH] = unsafe { std::mem::zeroed() };
    // SAFETY: As above.
    let mut iovs: [libc::iovec; MAX_BATCH] = unsafe { std::mem::zeroed() };
    // SAFETY: As above.
    let mut hdrs: [libc::mmsghdr; MAX_BATCH] = unsafe { std::mem::zeroed() };
    let base = buf.as_mut_ptr();
    for i in 0..n {
        iovs[i].iov_base = base.wrapping_add(i * slot).cast();
        iovs[i].iov_len = slot;
        let hdr = &mut hdrs[i].msg_hdr;
        hdr.msg_name = std::ptr::from_mut(&mut addrs[i]).cast();
        hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        hdr.msg_iov = std::ptr::from_mut(&mut iovs[i]);
        hdr.msg_iovlen = 1;
    }
    // SAFETY: The first `n` headers point to live address structures and to iovecs that
    // cover disjoint `slot`-byte pieces of `buf` (n * slot <= buf.len()), all of which
    // outlive the call; the kernel writes only inside them.
    let rc = unsafe {
        libc::recvmmsg(
            fd.as_raw_fd(),
            hdrs.as_mut_ptr(),
            n as libc::c_uint,
            libc::MSG_DONTWAIT | libc::MSG_TRUNC,
            std::ptr::null_mut(),
        )
    };
    if rc < 0 {
        return Err(Errno::last());
    }
    let got = rc as usize;
    for (d, (h, a)) in out.iter_mut().zip(hdrs.iter().zip(&addrs)).take(got) {
        *d = Datagram {
            len: h.msg_len as usize,
            truncated: h.msg_hdr.msg_flags & libc::MSG_TRUNC != 0,
            from: a.nl_pid,
        };
    }
    Ok(got)
}
