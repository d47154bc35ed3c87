// SPDX-License-Identifier: GPL-2.0

//! The rules for text written to `/sys/kernel/genltest/ping`.
//!
//! Pure logic, tested by KUnit: one trailing newline is stripped (so `echo hi > ping`
//! publishes `hi`); what remains must be 1 to [`MAX_TEXT`] bytes and contain no NUL,
//! because the Generic Netlink notification carries it as a NUL-terminated string.
//! Nothing is ever truncated: a text that does not fit is refused.

use kernel::prelude::*;

/// The longest text, in bytes, that one notification carries (without a NUL).
pub(crate) const MAX_TEXT: usize = 1024;

/// Why a ping text was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PingError {
    /// Nothing left after stripping the newline.
    Empty,
    /// Longer than [`MAX_TEXT`] bytes.
    TooLong,
    /// Contains a NUL byte, which a Netlink string cannot carry.
    Nul,
}

impl From<PingError> for Error {
    fn from(_: PingError) -> Error {
        EINVAL
    }
}

/// Returns the text a ping publishes for the bytes written to the sysfs file.
pub(crate) fn ping_text(written: &[u8]) -> Result<&[u8], PingError> {
    let text = written.strip_suffix(b"\n").unwrap_or(written);
    if text.is_empty() {
        Err(PingError::Empty)
    } else if text.len() > MAX_TEXT {
        Err(PingError::TooLong)
    } else if text.contains(&0) {
        Err(PingError::Nul)
    } else {
        Ok(text)
    }
}

#[kunit_tests(genltest_ping)]
mod tests {
    use super::*;

    #[test]
    fn strips_exactly_one_trailing_newline() {
        assert_eq!(ping_text(b"hi\n"), Ok(&b"hi"[..]));
        assert_eq!(ping_text(b"hi"), Ok(&b"hi"[..]));
        assert_eq!(ping_text(b"hi\n\n"), Ok(&b"hi\n"[..]));
        assert_eq!(ping_text(b"a\nb"), Ok(&b"a\nb"[..]));
    }

    #[test]
    fn refuses_empty_text() {
        assert_eq!(ping_text(b""), Err(PingError::Empty));
        assert_eq!(ping_text(b"\n"), Err(PingError::Empty));
    }

    #[test]
    fn accepts_the_limit_and_refuses_one_more() {
        let at_limit = [b'x'; MAX_TEXT];
        assert_eq!(ping_text(&at_limit), Ok(&at_limit[..]));
        let mut with_newline = [b'x'; MAX_TEXT + 1];
        with_newline[MAX_TEXT] = b'\n';
        assert_eq!(ping_text(&with_newline), Ok(&at_limit[..]));
        let over = [b'x'; MAX_TEXT + 1];
        assert_eq!(ping_text(&over), Err(PingError::TooLong));
    }

    #[test]
    fn refuses_nul_bytes() {
        assert_eq!(ping_text(b"a\0b"), Err(PingError::Nul));
        assert_eq!(ping_text(b"\0\n"), Err(PingError::Nul));
    }

    #[test]
    fn keeps_other_binary_bytes() {
        assert_eq!(ping_text(b"\x01\xff"), Ok(&b"\x01\xff"[..]));
    }
}
