//! The Netlink wire format: message headers, Generic Netlink headers and attributes.
//!
//! Two layers, as in netlink-packet-core: checked views over borrowed bytes
//! ([`Messages`], [`Attrs`]) that never trust a length they have not checked, and a
//! [`MessageBuilder`] that emits messages with the alignment the kernel expects.
//!
//! Every integer on the wire is in host byte order (Netlink never leaves the machine),
//! except attribute values flagged with [`NLA_F_NET_BYTEORDER`].
//!
//! ```text
//!  nlmsghdr (16 bytes)                         genlmsghdr (4)    attributes
//! +--------+--------+--------+--------+--------+------+---+----+ +-----+-----+-------+---+
//! | len:u32         | type:u16| flags:u16| seq:u32 | pid:u32 | cmd | ver | reserved | | len | type | value | pad |
//! +--------+--------+--------+--------+--------+------+---+----+ +-----+-----+-------+---+
//! ```

use std::fmt;

/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;
/// Size of `struct genlmsghdr`.
pub const GENL_HDRLEN: usize = 4;
/// Size of `struct nlattr`.
pub const NLA_HDRLEN: usize = 4;

/// The Generic Netlink controller's family id, fixed (`GENL_ID_CTRL` in
/// `include/uapi/linux/genetlink.h`): every other family id is assigned at registration.
pub const GENL_ID_CTRL: u16 = 0x10;

/// No-op message.
pub const NLMSG_NOOP: u16 = 1;
/// Error or acknowledgement (`struct nlmsgerr`).
pub const NLMSG_ERROR: u16 = 2;
/// End of a multipart message (a dump).
pub const NLMSG_DONE: u16 = 3;
/// Data lost.
pub const NLMSG_OVERRUN: u16 = 4;
/// Types below this are control messages; protocols start their own types here.
pub const NLMSG_MIN_TYPE: u16 = 0x10;

/// The message is a request.
pub const NLM_F_REQUEST: u16 = 0x01;
/// Part of a multipart message, ended by `NLMSG_DONE`.
pub const NLM_F_MULTI: u16 = 0x02;
/// Reply with an acknowledgement, zero or an error code.
pub const NLM_F_ACK: u16 = 0x04;
/// Echo this request.
pub const NLM_F_ECHO: u16 = 0x08;
/// The dump was inconsistent because the data changed while it was taken.
pub const NLM_F_DUMP_INTR: u16 = 0x10;
/// The dump was filtered as requested.
pub const NLM_F_DUMP_FILTERED: u16 = 0x20;
/// Get requests: return the whole table (`NLM_F_ROOT`).
pub const NLM_F_ROOT: u16 = 0x100;
/// Get requests: return all matching entries (`NLM_F_MATCH`).
pub const NLM_F_MATCH: u16 = 0x200;
/// `NLM_F_ROOT | NLM_F_MATCH`: a dump request.
pub const NLM_F_DUMP: u16 = NLM_F_ROOT | NLM_F_MATCH;
/// Acknowledgements: the original request's payload was left out.
pub const NLM_F_CAPPED: u16 = 0x100;
/// Acknowledgements: extended-ACK attributes follow.
pub const NLM_F_ACK_TLVS: u16 = 0x200;

/// Attribute flag: the value holds nested attributes.
pub const NLA_F_NESTED: u16 = 0x8000;
/// Attribute flag: the value is in network byte order.
pub const NLA_F_NET_BYTEORDER: u16 = 0x4000;
/// Mask of the attribute type without its flags.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

/// Extended ACK attribute: an error or warning message (string).
pub const NLMSGERR_ATTR_MSG: u16 = 1;
/// Extended ACK attribute: offset of the offending attribute in the request (u32).
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
/// Extended ACK attribute: arbitrary cookie (binary).
pub const NLMSGERR_ATTR_COOKIE: u16 = 3;
/// Extended ACK attribute: the policy of the offending attribute (nested).
pub const NLMSGERR_ATTR_POLICY: u16 = 4;
/// Extended ACK attribute: type of a missing required attribute (u32).
pub const NLMSGERR_ATTR_MISS_TYPE: u16 = 5;
/// Extended ACK attribute: offset of the nest in which an attribute is missing (u32).
pub const NLMSGERR_ATTR_MISS_NEST: u16 = 6;

/// Rounds `len` up to the Netlink alignment of 4 bytes.
pub const fn align(len: usize) -> usize {
    (len + 3) & !3
}

/// What is wrong with bytes that claim to be Netlink messages or attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// Fewer bytes than a header needs.
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes needed.
        need: usize,
        /// Bytes present.
        have: usize,
    },
    /// A length field that is smaller than its own header.
    LengthTooSmall {
        /// What was being read.
        what: &'static str,
        /// The length the field claims.
        len: usize,
    },
    /// A length field that points past the end of the buffer.
    LengthPastEnd {
        /// What was being read.
        what: &'static str,
        /// The length the field claims.
        len: usize,
        /// Bytes left in the buffer.
        have: usize,
    },
    /// A value of the wrong size for its type.
    BadValue {
        /// What was being read.
        what: &'static str,
        /// Why it is wrong.
        why: String,
    },
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Truncated { what, need, have } => {
                write!(f, "truncated {what}: need {need} bytes, have {have}")
            }
            WireError::LengthTooSmall { what, len } => {
                write!(f, "{what} length {len} is smaller than its header")
            }
            WireError::LengthPastEnd { what, len, have } => {
                write!(
                    f,
                    "{what} length {len} runs past the end of the buffer ({have} bytes left)"
                )
            }
            WireError::BadValue { what, why } => write!(f, "bad {what}: {why}"),
        }
    }
}

impl std::error::Error for WireError {}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// `struct nlmsghdr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Header {
    /// Length of the message including this header (`nlmsg_len`).
    pub len: u32,
    /// Message type (`nlmsg_type`): a control type, a protocol's type or a genl family id.
    pub ty: u16,
    /// Flags (`nlmsg_flags`).
    pub flags: u16,
    /// Sequence number (`nlmsg_seq`), chosen by the sender and copied into replies.
    pub seq: u32,
    /// Port id (`nlmsg_pid`). Informational: the kernel never trusts it.
    pub pid: u32,
}

impl Header {
    /// Reads a header from the first 16 bytes of `b`.
    pub fn parse(b: &[u8]) -> Result<Header, WireError> {
        if b.len() < NLMSG_HDRLEN {
            return Err(WireError::Truncated {
                what: "nlmsghdr",
                need: NLMSG_HDRLEN,
                have: b.len(),
            });
        }
        Ok(Header {
            len: u32_at(b, 0),
            ty: u16_at(b, 4),
            flags: u16_at(b, 6),
            seq: u32_at(b, 8),
            pid: u32_at(b, 12),
        })
    }

    /// Appends the header's 16 bytes to `out`.
    pub fn emit(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.len.to_ne_bytes());
        out.extend_from_slice(&self.ty.to_ne_bytes());
        out.extend_from_slice(&self.flags.to_ne_bytes());
        out.extend_from_slice(&self.seq.to_ne_bytes());
        out.extend_from_slice(&self.pid.to_ne_bytes());
    }
}

/// One message: its header and its payload (the bytes after the header, `len - 16` long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    /// The header.
    pub header: Header,
    /// The payload, without the alignment padding that follows it.
    pub payload: &'a [u8],
}

/// Iterator over the messages in one datagram, as `NLMSG_OK`/`NLMSG_NEXT` walk them.
///
/// Stops after the first error: a bad length leaves no way to find the next message.
pub struct Messages<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> Messages<'a> {
    /// Walks the messages in `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Messages {
            rest: buf,
            failed: false,
        }
    }
}

impl<'a> Iterator for Messages<'a> {
    type Item = Result<Message<'a>, WireError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() || self.failed {
            return None;
        }
        let result = Header::parse(self.rest).and_then(|header| {
            let len = header.len as usize;
            if len < NLMSG_HDRLEN {
                return Err(WireError::LengthTooSmall {
                    what: "nlmsghdr",
                    len,
                });
            }
            if len > self.rest.len() {
                return Err(WireError::LengthPastEnd {
                    what: "nlmsghdr",
                    len,
                    have: self.rest.len(),
                });
            }
            let payload = &self.rest[NLMSG_HDRLEN..len];
            self.rest = &self.rest[align(len).min(self.rest.len())..];
            Ok(Message { header, payload })
        });
        self.failed = result.is_err();
        Some(result)
    }
}

/// `struct genlmsghdr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenlHeader {
    /// Command.
    pub cmd: u8,
    /// Family version.
    pub version: u8,
    /// Reserved, must be zero.
    pub reserved: u16,
}

impl GenlHeader {
    /// Splits a Generic Netlink payload into its header and its attribute bytes.
    pub fn parse(payload: &[u8]) -> Result<(GenlHeader, &[u8]), WireError> {
        if payload.len() < GENL_HDRLEN {
            return Err(WireError::Truncated {
                what: "genlmsghdr",
                need: GENL_HDRLEN,
                have: payload.len(),
            });
        }
        let header = GenlHeader {
            cmd: payload[0],
            version: payload[1],
            reserved: u16_at(payload, 2),
        };
        Ok((header, &payload[GENL_HDRLEN..]))
    }
}

/// One attribute: its type (flags split off) and its value without padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    /// The type, without `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER`.
    pub ty: u16,
    /// Whether `NLA_F_NESTED` was set.
    pub nested: bool,
    /// Whether `NLA_F_NET_BYTEORDER` was set.
    pub net_byteorder: bool,
    /// The value.
    pub value: &'a [u8],
}

impl<'a> Attr<'a> {
    /// The value as a `u8`.
    pub fn u8(&self) -> Result<u8, WireError> {
        self.fixed::<1>("u8").map(|b| b[0])
    }

    /// The value as a host-order `u16`.
    pub fn u16(&self) -> Result<u16, WireError> {
        self.fixed::<2>("u16").map(u16::from_ne_bytes)
    }

    /// The value as a host-order `u32`.
    pub fn u32(&self) -> Result<u32, WireError> {
        self.fixed::<4>("u32").map(u32::from_ne_bytes)
    }

    /// The value as a host-order `u64`.
    pub fn u64(&self) -> Result<u64, WireError> {
        self.fixed::<8>("u64").map(u64::from_ne_bytes)
    }

    fn fixed<const N: usize>(&self, what: &'static str) -> Result<[u8; N], WireError> {
        self.value.try_into().map_err(|_| WireError::BadValue {
            what,
            why: format!(
                "attribute {} has {} bytes, expected {N}",
                self.ty,
                self.value.len()
            ),
        })
    }

    /// The value as a NUL-terminated string (`NLA_NUL_STRING`), without the NUL.
    pub fn string(&self) -> Result<&'a [u8], WireError> {
        match self.value.split_last() {
            Some((0, text)) => Ok(text),
            _ => Err(WireError::BadValue {
                what: "string",
                why: format!("attribute {} is not NUL-terminated", self.ty),
            }),
        }
    }

    /// The nested attributes inside this one.
    pub fn nested_attrs(&self) -> Attrs<'a> {
        Attrs::new(self.value)
    }
}

/// Iterator over a run of attributes, as `nla_for_each_attr` walks them.
///
/// Stops after the first malformed attribute.
pub struct Attrs<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> Attrs<'a> {
    /// Walks the attributes in `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Attrs {
            rest: buf,
            failed: false,
        }
    }

    /// Finds the first attribute of type `ty`, checking every attribute before it.
    pub fn find(self, ty: u16) -> Result<Option<Attr<'a>>, WireError> {
        for attr in self {
            let attr = attr?;
            if attr.ty == ty {
                return Ok(Some(attr));
            }
        }
        Ok(None)
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>, WireError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() || self.failed {
            return None;
        }
        let rest = self.rest;
        let result = if rest.len() < NLA_HDRLEN {
            Err(WireError::Truncated {
                what: "nlattr",
                need: NLA_HDRLEN,
                have: rest.len(),
            })
        } else {
            let len = u16_at(rest, 0) as usize;
            let raw_ty = u16_at(rest, 2);
            if len < NLA_HDRLEN {
                Err(WireError::LengthTooSmall {
                    what: "nlattr",
                    len,
                })
            } else if len > rest.len() {
                Err(WireError::LengthPastEnd {
                    what: "nlattr",
                    len,
                    have: rest.len(),
                })
            } else {
                self.rest = &rest[align(len).min(rest.len())..];
                Ok(Attr {
                    ty: raw_ty & NLA_TYPE_MASK,
                    nested: raw_ty & NLA_F_NESTED != 0,
                    net_byteorder: raw_ty & NLA_F_NET_BYTEORDER != 0,
                    value: &rest[NLA_HDRLEN..len],
                })
            }
        };
        self.failed = result.is_err();
        Some(result)
    }
}

/// Builds one message in a caller-owned buffer, so a loop can reuse its allocation.
///
/// The header's length is filled in by [`MessageBuilder::finish`]; attributes are padded
/// to 4 bytes as they are added.
pub struct MessageBuilder<'b> {
    buf: &'b mut Vec<u8>,
    start: usize,
    nests: Vec<usize>,
    /// Where the message ends when its last part was unpadded payload (`bytes`): the
    /// header's length does not count the padding after it.
    unpadded_end: Option<usize>,
}

impl<'b> MessageBuilder<'b> {
    /// Starts a message at the end of `buf` (which may already hold earlier messages).
    pub fn new(buf: &'b mut Vec<u8>, ty: u16, flags: u16, seq: u32) -> Self {
        let start = buf.len();
        debug_assert_eq!(start % 4, 0, "messages start 4-byte aligned");
        Header {
            len: 0,
            ty,
            flags,
            seq,
            pid: 0,
        }
        .emit(buf);
        MessageBuilder {
            buf,
            start,
            nests: Vec::new(),
            unpadded_end: None,
        }
    }

    /// Appends a Generic Netlink header.
    pub fn genl(self, cmd: u8, version: u8) -> Self {
        self.genl_reserved(cmd, version, 0)
    }

    /// Appends a Generic Netlink header with a chosen `reserved` field (for tests).
    pub fn genl_reserved(self, cmd: u8, version: u8, reserved: u16) -> Self {
        self.buf.extend_from_slice(&[cmd, version]);
        self.buf.extend_from_slice(&reserved.to_ne_bytes());
        self
    }

    /// Appends raw payload bytes, padded to 4 bytes.
    pub fn bytes(mut self, data: &[u8]) -> Self {
        self.buf.extend_from_slice(data);
        let end = self.buf.len();
        self.pad();
        self.unpadded_end = Some(end);
        self
    }

    /// Appends an attribute; `ty` may carry `NLA_F_*` flags.
    ///
    /// # Panics
    ///
    /// If the value does not fit in an attribute (more than 65531 bytes): a caller bug.
    pub fn attr(mut self, ty: u16, value: &[u8]) -> Self {
        let len = NLA_HDRLEN + value.len();
        let len = u16::try_from(len).expect("attribute value longer than 65531 bytes");
        self.buf.extend_from_slice(&len.to_ne_bytes());
        self.buf.extend_from_slice(&ty.to_ne_bytes());
        self.buf.extend_from_slice(value);
        self.pad();
        self
    }

    /// Appends a NUL-terminated string attribute (`nla_put_string`).
    pub fn attr_str(mut self, ty: u16, text: &[u8]) -> Self {
        let len = NLA_HDRLEN + text.len() + 1;
        let len = u16::try_from(len).expect("string attribute longer than 65531 bytes");
        self.buf.extend_from_slice(&len.to_ne_bytes());
        self.buf.extend_from_slice(&ty.to_ne_bytes());
        self.buf.extend_from_slice(text);
        self.buf.push(0);
        self.pad();
        self
    }

    /// Appends a `u16` attribute.
    pub fn attr_u16(self, ty: u16, value: u16) -> Self {
        self.attr(ty, &value.to_ne_bytes())
    }

    /// Appends a `u32` attribute.
    pub fn attr_u32(self, ty: u16, value: u32) -> Self {
        self.attr(ty, &value.to_ne_bytes())
    }

    /// Opens a nested attribute; close it with [`MessageBuilder::end_nest`].
    pub fn begin_nest(mut self, ty: u16) -> Self {
        self.nests.push(self.buf.len());
        self.buf.extend_from_slice(&0u16.to_ne_bytes());
        self.buf
            .extend_from_slice(&(ty | NLA_F_NESTED).to_ne_bytes());
        self
    }

    /// Closes the innermost open nest.
    pub fn end_nest(mut self) -> Self {
        let at = self.nests.pop().expect("end_nest without begin_nest");
        let len = u16::try_from(self.buf.len() - at).expect("nest longer than 65535 bytes");
        self.buf[at..at + 2].copy_from_slice(&len.to_ne_bytes());
        self
    }

    fn pad(&mut self) {
        let padded = align(self.buf.len());
        self.buf.resize(padded, 0);
        self.unpadded_end = None;
    }

    /// Fills in the length and returns the message's bytes.
    pub fn finish(self) -> &'b [u8] {
        assert!(self.nests.is_empty(), "unclosed nest");
        let end = self.unpadded_end.unwrap_or(self.buf.len());
        let len = u32::try_from(end - self.start).expect("message longer than 4 GiB");
        self.buf[self.start..self.start + 4].copy_from_slice(&len.to_ne_bytes());
        &self.buf[self.start..]
    }
}
