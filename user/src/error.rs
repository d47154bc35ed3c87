//! Errors: what the kernel said (`NLMSG_ERROR` with extended ACK), what the system
//! said, and what the CLI's exit code is for each.

use std::fmt;

use nix::errno::Errno;

use crate::wire::{
    Attrs, Header, WireError, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS,
    NLMSG_HDRLEN, NLM_F_ACK_TLVS, NLM_F_CAPPED,
};

/// The body of an `NLMSG_ERROR` message (`struct nlmsgerr`) with its extended ACK.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ack {
    /// 0 for an acknowledgement, a negative errno for an error.
    pub error: i32,
    /// The header of the request this answers.
    pub request: Header,
    /// `NLMSGERR_ATTR_MSG`: the kernel's human-readable explanation.
    pub msg: Option<String>,
    /// `NLMSGERR_ATTR_OFFS`: byte offset of the offending attribute in the request.
    pub bad_offset: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_TYPE`: type of a required attribute that was missing.
    pub missing_type: Option<u32>,
}

impl Ack {
    /// Parses the payload of an `NLMSG_ERROR` message whose header flags are `flags`.
    pub fn parse(flags: u16, payload: &[u8]) -> Result<Ack, WireError> {
        if payload.len() < 4 + NLMSG_HDRLEN {
            return Err(WireError::Truncated {
                what: "nlmsgerr",
                need: 4 + NLMSG_HDRLEN,
                have: payload.len(),
            });
        }
        let error = i32::from_ne_bytes([payload[0], payload[1], payload[2], payload[3]]);
        let request = Header::parse(&payload[4..])?;
        let mut ack = Ack {
            error,
            request,
            ..Ack::default()
        };
        if flags & NLM_F_ACK_TLVS == 0 {
            return Ok(ack);
        }
        // Without NLM_F_CAPPED the whole request follows its header.
        let echoed = if flags & NLM_F_CAPPED != 0 {
            NLMSG_HDRLEN
        } else {
            crate::wire::align(request.len as usize)
        };
        let tlvs = payload.get(4 + echoed..).ok_or(WireError::LengthPastEnd {
            what: "nlmsgerr request copy",
            len: echoed,
            have: payload.len() - 4,
        })?;
        ack.read_extack(tlvs)?;
        Ok(ack)
    }

    /// Reads the extended-ACK attributes (`NLMSGERR_ATTR_*`) that follow an error or
    /// an `NLMSG_DONE` status.
    pub fn read_extack(&mut self, tlvs: &[u8]) -> Result<(), WireError> {
        for attr in Attrs::new(tlvs) {
            let attr = attr?;
            match attr.ty {
                NLMSGERR_ATTR_MSG => {
                    let text = attr.string().unwrap_or(attr.value);
                    self.msg = Some(String::from_utf8_lossy(text).into_owned());
                }
                NLMSGERR_ATTR_OFFS => self.bad_offset = Some(attr.u32()?),
                NLMSGERR_ATTR_MISS_TYPE => self.missing_type = Some(attr.u32()?),
                _ => {}
            }
        }
        Ok(())
    }
}

/// The symbolic name of an errno value, such as `EINVAL`.
pub fn errno_name(errno: i32) -> String {
    match errno {
        // Kernel-internal values that user space sometimes sees.
        524 => "ENOTSUPP".into(),
        _ => match Errno::from_raw(errno) {
            Errno::UnknownErrno => format!("errno {errno}"),
            e => format!("{e:?}"),
        },
    }
}

/// Everything that can go wrong, each with its exit code.
#[derive(Debug)]
pub enum Error {
    /// The kernel refused a request.
    Kernel {
        /// What was asked.
        op: String,
        /// The positive errno.
        errno: i32,
        /// The kernel's extended ACK.
        ack: Ack,
        /// The name of the offending or missing attribute, when known.
        attr: Option<String>,
    },
    /// The genltest module is not loaded (no unit 31 socket, or no `genltest` family).
    NotLoaded(String),
    /// The caller lacks a privilege.
    Permission(String),
    /// Time ran out.
    Timeout(String),
    /// The kernel's answer broke the protocol.
    Protocol(String),
    /// A system call failed.
    Os {
        /// What was being done.
        what: String,
        /// The error.
        errno: Errno,
    },
    /// The command line asked for something impossible.
    Usage(String),
    /// `genltest decode` was given bytes that are not valid hex, pcap or Netlink, or that
    /// nest deeper than [`crate::trace::MAX_DEPTH`] levels.
    Input(String),
    /// A Netlink protocol other than genltest's has no kernel socket (`EPROTONOSUPPORT`).
    NoKernelSocket {
        /// What was being done.
        op: String,
        /// The protocol number.
        protocol: i32,
    },
    /// A dump was interrupted: the kernel's data changed while it was dumped
    /// (`NLM_F_DUMP_INTR`), so the entries may be inconsistent.
    Interrupted(String),
}

/// Exit codes of the `genltest` CLI (also listed in `--help` and the README).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The kernel refused the request (errno and extack message printed).
    pub const KERNEL: u8 = 1;
    /// Bad command line.
    pub const USAGE: u8 = 2;
    /// genltest is not loaded: no unit 31 kernel socket or no `genltest` family.
    pub const NOT_LOADED: u8 = 3;
    /// Permission denied: the operation needs root.
    pub const PERMISSION: u8 = 4;
    /// Timed out before the expected messages arrived.
    pub const TIMEOUT: u8 = 5;
    /// The kernel's answer broke the protocol (wrong sequence, port, truncated...).
    pub const PROTOCOL: u8 = 6;
    /// Another operating-system error.
    pub const OS: u8 = 7;
    /// `decode`: the input is not valid hex, pcap or Netlink, or nests deeper than
    /// [`crate::trace::MAX_DEPTH`] levels (what and where printed).
    pub const INPUT: u8 = 8;
    /// A dump was interrupted (`NLM_F_DUMP_INTR`): the data changed while it was dumped;
    /// running the command again gives a consistent answer.
    pub const INTERRUPTED: u8 = 9;
}

impl Error {
    /// The CLI's exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Kernel { errno, .. } if *errno == libc::EPERM => exit::PERMISSION,
            Error::Kernel { .. } => exit::KERNEL,
            Error::NotLoaded(_) => exit::NOT_LOADED,
            Error::Permission(_) => exit::PERMISSION,
            Error::Timeout(_) => exit::TIMEOUT,
            Error::Protocol(_) => exit::PROTOCOL,
            Error::Os { .. } | Error::NoKernelSocket { .. } => exit::OS,
            Error::Usage(_) => exit::USAGE,
            Error::Input(_) => exit::INPUT,
            Error::Interrupted(_) => exit::INTERRUPTED,
        }
    }

    /// The error as one JSON object, for `--json`: `error` (the one-line text) and `exit`
    /// always; `errno`, `extack`, `attr` and `offset` for the kernel's errors.
    pub fn to_json(&self) -> serde_json::Value {
        let mut doc = serde_json::json!({
            "error": self.to_string(),
            "exit": self.exit_code(),
        });
        match self {
            Error::Kernel {
                errno, ack, attr, ..
            } => {
                doc["errno"] = errno_name(*errno).into();
                doc["extack"] = ack.msg.clone().into();
                doc["attr"] = attr.clone().into();
                doc["offset"] = ack.bad_offset.into();
            }
            Error::Os { errno, .. } => doc["errno"] = errno_name(*errno as i32).into(),
            _ => {}
        }
        doc
    }

    /// An OS error while doing `what`.
    pub fn os(what: impl Into<String>, errno: Errno) -> Error {
        Error::Os {
            what: what.into(),
            errno,
        }
    }

    /// A malformed answer to `op`.
    pub fn wire(op: &str, e: WireError) -> Error {
        Error::Protocol(format!("{op}: malformed answer: {e}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Kernel {
                op,
                errno,
                ack,
                attr,
            } => {
                write!(f, "{op}: the kernel answered {}", errno_name(*errno))?;
                if let Some(msg) = &ack.msg {
                    write!(f, ": {msg}")?;
                }
                if let Some(attr) = attr {
                    write!(f, " (attribute {attr})")?;
                }
                if let Some(off) = ack.bad_offset {
                    write!(f, " [at byte {off} of the request]")?;
                }
                Ok(())
            }
            Error::NotLoaded(what) => write!(
                f,
                "{what}: genltest is not loaded: run 'insmod genltest.ko'"
            ),
            Error::Permission(what) => write!(f, "{what}: permission denied: run it as root"),
            Error::Timeout(what) => write!(f, "{what}"),
            Error::Protocol(what) => write!(f, "{what}"),
            Error::Os { what, errno } => write!(
                f,
                "{what}: {} ({})",
                errno_name(*errno as i32),
                errno.desc()
            ),
            Error::Usage(what) => write!(f, "{what}"),
            Error::Input(what) => write!(f, "{what}"),
            Error::NoKernelSocket { op, protocol } => write!(
                f,
                "{op}: Netlink protocol {protocol} has no kernel socket (EPROTONOSUPPORT): \
                 nothing in this kernel created it"
            ),
            Error::Interrupted(what) => write!(
                f,
                "{what}: the dump was interrupted (NLM_F_DUMP_INTR): the kernel's data changed \
                 while it was dumped, so the entries may be inconsistent; run it again"
            ),
        }
    }
}

impl std::error::Error for Error {}
