//! `/sys/kernel/genltest/ping`: a write publishes its text on both protocols.

use std::io::Write;

use crate::error::Error;

/// The sysfs file.
pub const PING_PATH: &str = "/sys/kernel/genltest/ping";

/// Writes `text` to the ping file in one `write`.
pub fn ping(text: &[u8]) -> Result<(), Error> {
    let mut file = match std::fs::OpenOptions::new().write(true).open(PING_PATH) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NotLoaded(format!(
                "ping: {PING_PATH} does not exist"
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(Error::Permission(format!("ping: cannot open {PING_PATH}")))
        }
        Err(e) => return Err(os("ping: open", &e)),
    };
    match file.write(text) {
        Ok(n) if n == text.len() => Ok(()),
        Ok(n) => Err(Error::Protocol(format!(
            "ping: the kernel took {n} of {} bytes",
            text.len()
        ))),
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Err(Error::Usage(format!(
            "ping: the kernel refused the text (EINVAL): it must be 1 to {} bytes after \
             one trailing newline is removed, without NUL bytes",
            crate::family::MAX_MSG
        ))),
        Err(e) => Err(os("ping: write", &e)),
    }
}

fn os(what: &str, e: &std::io::Error) -> Error {
    Error::os(
        what,
        nix::errno::Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)),
    )
}
