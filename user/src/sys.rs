//! The few system calls nix does not wrap for Netlink: a socket of any Netlink
//! protocol number, and the `SOL_NETLINK` options. All of the crate's `unsafe` is here.

use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use nix::errno::Errno;

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
