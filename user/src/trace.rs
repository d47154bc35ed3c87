//! The learner's view of the wire: an annotated, byte-by-byte dump of Netlink datagrams.
//!
//! [`Annotator`] turns the bytes of one datagram into rows of text, one row per field:
//!
//! ```text
//! >> send on NETLINK_GENERIC (16), port 1234 (a port id, assigned at bind): 28 bytes
//!   -- message 1 at byte 0: genltest echo (request)
//!   0000  1c 00 00 00                                      nlmsg_len               28
//!   0004  1b 00                                            nlmsg_type              0x001b genltest (...)
//! ```
//!
//! Columns: the offset of the row's first byte in the datagram (hex), up to 16 raw
//! bytes, the field's name (indented by nesting depth) and its decoded value. Every byte
//! of the datagram appears in exactly one row, padding included, so the dump can be read
//! next to `hexdump -C` of the same bytes.
//!
//! Names come from the tables ynl-gen generated from the YNL specs, the same code the
//! clients use: [`crate::gen::nlctrl`] for `nlctrl` (from the kernel's `nlctrl.yaml`) and
//! [`crate::gen::genltest`] for `genltest`; the classic protocol's few numbers come from
//! [`crate::protocols`], the extended ACK's from [`crate::wire`]. A Generic Netlink
//! family id is assigned when the family registers, so the annotator learns ids from
//! the `nlctrl` replies it sees (or from [`Annotator::learn_family`]); a message it
//! cannot name is still shown field by field, with numbers instead of names. Nesting
//! deeper than [`MAX_DEPTH`] levels is not walked: it is reported as a [`Problem`].
//!
//! The annotator does not know about sockets: `--trace` installs a [`Tracer`] as the
//! sockets' observer (`crate::socket::set_observer`), which hands it every datagram a
//! socket sends or receives.

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Range;
use std::sync::Mutex;

use crate::error::errno_name;
use crate::gen::{genltest, nlctrl};
use crate::protocols::{GENLTEST_MSG_ECHO, NETLINK_GENLTEST};
use crate::wire::{
    align, GENL_ID_CTRL, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK,
    NLMSGERR_ATTR_COOKIE, NLMSGERR_ATTR_MISS_NEST, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG,
    NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_POLICY, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN,
    NLMSG_MIN_TYPE, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_CAPPED,
    NLM_F_DUMP_FILTERED, NLM_F_DUMP_INTR, NLM_F_ECHO, NLM_F_MATCH, NLM_F_MULTI, NLM_F_REQUEST,
    NLM_F_ROOT,
};
use crate::ynl::{AttrInfo, AttrKind, AttrSetInfo, EnumInfo, FamilyInfo};

/// Raw bytes shown per row.
pub const BYTES_PER_ROW: usize = 16;

/// The deepest nesting the annotator walks. Each nested attribute opens a level (its
/// value holds attributes one level deeper), and so does the request an `NLMSG_ERROR`
/// copies back: a message's own attributes are at level 0, a chain of 32 nested
/// attributes reaches level 32. Opening level 33 is refused as a [`Problem`] and the
/// bytes are shown unparsed, so hostile input (a few thousand levels fit in one
/// datagram) cannot exhaust the stack, and every row's indentation stays bounded.
///
/// Real messages nest a few levels (`nlctrl`'s policy dump: 3; an extended ACK's
/// policy: 1), and the kernel itself refuses nested policies deeper than 10
/// (`MAX_POLICY_RECURSION_DEPTH` in `lib/nlattr.c`), so 32 is far above anything real.
pub const MAX_DEPTH: usize = 32;

/// The problem reported when `what` would open nesting level `level`, deeper than
/// [`MAX_DEPTH`]: what is wrong, and what to do.
fn too_deep(what: &str, level: usize) -> String {
    format!(
        "{what} opens nesting level {level}, more than the {MAX_DEPTH} levels genltest \
         decodes: no real Netlink message nests that far; check where these bytes came from"
    )
}

/// The phrase that marks a value the kernel assigns at run time (port ids, family and
/// group ids). Tools that compare transcripts replace such values (see `docs/tour.md`).
pub const ASSIGNED_AT: &str = "assigned at";

/// Which way a datagram went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From this program to the kernel.
    Send,
    /// From the kernel to this program.
    Recv,
    /// Read from a file or the command line (`genltest decode`): direction unknown.
    Input,
    /// Captured on its way from a user program to the kernel (`nlmon`).
    UserToKernel,
    /// Captured on its way from the kernel to a user program (`nlmon`).
    KernelToUser,
    /// Captured without a direction: an `nlmon` device marks every datagram "outgoing";
    /// `NLM_F_REQUEST` in each message tells requests from answers.
    Captured,
}

/// Where a datagram came from, for its heading line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    /// The direction.
    pub direction: Direction,
    /// The Netlink protocol (unit) number of the socket.
    pub protocol: i32,
    /// The socket's port id, when known.
    pub port: Option<u32>,
}

/// The first thing wrong with a datagram: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Offset in the datagram of the bad field.
    pub offset: usize,
    /// What is wrong with it.
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.what)
    }
}

pub use crate::protocols::protocol_name;

/// An attribute set, as a generated table describes it.
type Set = &'static AttrSetInfo;

/// How an attribute's value is laid out and shown.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// An unsigned integer of this many bytes.
    Uint(usize),
    /// A signed integer of this many bytes.
    Sint(usize),
    /// An unsigned integer of 4 or 8 bytes (`uint`).
    UintAny,
    /// A signed integer of 4 or 8 bytes (`sint`).
    SintAny,
    /// A NUL-terminated string.
    Str,
    /// Bytes without a known structure.
    Bin,
    /// Present or absent, without a value.
    Flag,
    /// Padding that aligns the next 64-bit value.
    Pad,
    /// A port id (u32) the kernel assigned.
    Port,
    /// A family id (u16) the kernel assigned.
    FamilyId,
    /// A multicast group id (u32) the kernel assigned.
    GroupId,
    /// An integer of this many bytes whose values (or, when flags, bits) have names.
    Enum(&'static EnumInfo, usize, bool),
    /// An offset into the request (u32).
    Offset,
    /// The type of a missing attribute of the request (u32).
    MissType,
    /// Attributes of the given set.
    Nest(Set),
    /// An indexed array: attributes whose types are indexes, each an element.
    Array(&'static AttrInfo),
    /// A nest-type-value attribute at the given level: attributes whose types are
    /// values (such as a policy index), each holding the next level.
    TypeValue(&'static AttrInfo, usize),
    /// Attributes of a set nobody described: values are guessed from their size.
    Unknown,
}

/// The extended ACK's attributes (`NLMSGERR_ATTR_*` of `include/uapi/linux/netlink.h`),
/// which no YNL spec describes. Its policy attribute holds nlctrl's `policy-attrs`.
static EXTACK_ATTRS: AttrSetInfo = AttrSetInfo {
    name: "nlmsgerr-attrs",
    attrs: &[
        AttrInfo::new(NLMSGERR_ATTR_MSG, "msg", AttrKind::String),
        AttrInfo::new(NLMSGERR_ATTR_OFFS, "offs", AttrKind::U32),
        AttrInfo::new(NLMSGERR_ATTR_COOKIE, "cookie", AttrKind::Binary),
        AttrInfo::new(NLMSGERR_ATTR_POLICY, "policy", AttrKind::Nest).nested(&nlctrl::POLICY_ATTRS),
        AttrInfo::new(NLMSGERR_ATTR_MISS_TYPE, "miss-type", AttrKind::U32),
        AttrInfo::new(NLMSGERR_ATTR_MISS_NEST, "miss-nest", AttrKind::U32),
    ],
};

/// The families whose generated tables the annotator knows.
const FAMILIES: [&FamilyInfo; 2] = [&nlctrl::FAMILY, &genltest::FAMILY];

/// How attribute `attr` of `set` is shown. Values the kernel assigns at run time and the
/// extended ACK's offsets get kinds of their own, so that the trace can say what they
/// are; everything else follows the attribute's type in its spec.
fn kind_of(set: Set, attr: &'static AttrInfo) -> Kind {
    match (set.name, attr.name) {
        ("nlmsgerr-attrs", "offs" | "miss-nest") => return Kind::Offset,
        ("nlmsgerr-attrs", "miss-type") => return Kind::MissType,
        ("ctrl-attrs", "family-id") => return Kind::FamilyId,
        ("mcast-group-attrs", "id") => return Kind::GroupId,
        ("genltest", "portid") => return Kind::Port,
        _ => {}
    }
    if let Some(kind) = scalar_kind(attr.kind, attr) {
        return kind;
    }
    match attr.kind {
        AttrKind::String => Kind::Str,
        AttrKind::Pad => Kind::Pad,
        AttrKind::Flag => Kind::Flag,
        AttrKind::Nest => attr.nested.map_or(Kind::Unknown, Kind::Nest),
        AttrKind::IndexedArray => Kind::Array(attr),
        AttrKind::NestTypeValue if !attr.type_value.is_empty() && attr.nested.is_some() => {
            Kind::TypeValue(attr, 0)
        }
        _ => Kind::Bin,
    }
}

/// The kind of an integer of type `kind` (named by `attr`'s enum, if any), or `None`
/// when `kind` is not an integer type.
fn scalar_kind(kind: AttrKind, attr: &'static AttrInfo) -> Option<Kind> {
    let (size, signed) = match kind {
        AttrKind::U8 => (1, false),
        AttrKind::U16 => (2, false),
        AttrKind::U32 => (4, false),
        AttrKind::U64 => (8, false),
        AttrKind::S8 => (1, true),
        AttrKind::S16 => (2, true),
        AttrKind::S32 => (4, true),
        AttrKind::S64 => (8, true),
        AttrKind::Uint => return Some(Kind::UintAny),
        AttrKind::Sint => return Some(Kind::SintAny),
        _ => return None,
    };
    Some(match attr.enumeration {
        Some(e) => Kind::Enum(e, size, e.flags || attr.enum_as_flags),
        None if signed => Kind::Sint(size),
        None => Kind::Uint(size),
    })
}

/// Attribute `ty` of `set`: its name and kind.
fn attr_spec(set: Set, ty: u16) -> Option<(&'static str, Kind)> {
    let attr = set.attr(ty)?;
    Some((attr.name, kind_of(set, attr)))
}

/// The name of command `cmd` of `family` in a request (`request`), or in an answer or
/// notification.
fn command_name(family: &FamilyInfo, cmd: u8, request: bool) -> Option<String> {
    if request {
        return family.op(cmd).map(|op| op.name.to_owned());
    }
    if let Some(op) = family.reply_op(cmd) {
        // A directional family (nlctrl) numbers replies apart from requests.
        return Some(if op.reply_cmd == op.cmd {
            op.name.to_owned()
        } else {
            format!("{} reply", op.name)
        });
    }
    family.ntf(cmd).map(|n| n.name.to_owned())
}

/// The attribute set of `family`'s messages with command `cmd`: its operation's, or its
/// notification's, or (for a command the spec does not list) the family's first set.
fn command_set(family: &FamilyInfo, cmd: u8, request: bool) -> Option<Set> {
    let op = if request {
        family.op(cmd)
    } else {
        family.reply_op(cmd)
    };
    op.map(|o| o.attrs)
        .or_else(|| family.ntf(cmd).map(|n| n.attrs))
        .or_else(|| family.attr_sets.first().copied())
}

/// What the annotator knows about a Generic Netlink family id.
#[derive(Debug, Clone, Copy)]
enum Family {
    /// A family whose generated tables it has.
    Known(&'static FamilyInfo),
    /// Some other family: its name is known but not its layout.
    Other,
}

/// Turns datagrams into annotated rows; remembers the family ids it learned.
#[derive(Debug, Clone, Default)]
pub struct Annotator {
    families: Vec<(u16, String)>,
    /// While an `NLMSG_ERROR` is shown: the type of the request it answers.
    request_type: Option<u16>,
}

/// Renders the bytes of a value's later rows (the text of a long string).
type RowText<'f> = &'f dyn Fn(&[u8]) -> String;

/// One datagram being written out: the bytes, the output, the first problem.
struct Dump<'a, 'o> {
    data: &'a [u8],
    out: &'o mut String,
    problem: Option<Problem>,
}

impl Dump<'_, '_> {
    /// Writes the bytes `at..at + len` as rows; the first row carries `field` and `value`,
    /// later rows carry `more(chunk)` as their value.
    fn rows(
        &mut self,
        at: usize,
        len: usize,
        depth: usize,
        field: &str,
        value: &str,
        more: Option<RowText<'_>>,
    ) {
        let bytes = &self.data[at..at + len];
        let mut chunks = bytes.chunks(BYTES_PER_ROW).enumerate().peekable();
        if chunks.peek().is_none() {
            // A zero-length field (an empty value): one row without bytes.
            self.line(at, &[], depth, field, value);
        }
        for (i, chunk) in chunks {
            let row_at = at + i * BYTES_PER_ROW;
            if i == 0 {
                self.line(row_at, chunk, depth, field, value);
            } else {
                let v = more.map(|f| f(chunk)).unwrap_or_default();
                self.line(row_at, chunk, depth, "", &v);
            }
        }
    }

    /// One row: offset, bytes, the field indented by `depth`, the value. Written straight
    /// into the output (no temporary strings, no padding that would be trimmed again):
    /// `--trace` and the fuzz tests write millions of rows.
    fn line(&mut self, at: usize, bytes: &[u8], depth: usize, field: &str, value: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        // "  " + the offset (at least 4 digits) + "  " + up to 16 bytes as "xx ".
        let mut row = [b' '; 2 + 16 + 2 + BYTES_PER_ROW * 3];
        let digits = (usize::BITS - at.leading_zeros()).div_ceil(4).max(4) as usize;
        for i in 0..digits {
            row[2 + i] = HEX[(at >> ((digits - 1 - i) * 4)) & 0xf];
        }
        let mut n = 2 + digits + 2;
        for (i, b) in bytes.iter().take(BYTES_PER_ROW).enumerate() {
            if i > 0 {
                n += 1;
            }
            row[n] = HEX[usize::from(b >> 4)];
            row[n + 1] = HEX[usize::from(b & 0xf)];
            n += 2;
        }
        let out = &mut *self.out;
        let start = out.len();
        out.push_str(std::str::from_utf8(&row[..n]).unwrap_or_default());
        if !field.is_empty() || !value.is_empty() {
            let hex_width = (bytes.len().min(BYTES_PER_ROW) * 3).saturating_sub(1);
            push_spaces(out, (BYTES_PER_ROW * 3 - 1).saturating_sub(hex_width) + 2);
            push_spaces(out, depth * 2);
            out.push_str(field);
            if !value.is_empty() {
                let width = depth * 2
                    + if field.is_ascii() {
                        field.len()
                    } else {
                        field.chars().count()
                    };
                push_spaces(out, 24usize.saturating_sub(width) + 2);
                out.push_str(value);
            }
        }
        if out.chars().next_back().is_some_and(char::is_whitespace) {
            let line_end = start + out[start..].trim_end().len();
            out.truncate(line_end);
        }
        out.push('\n');
    }

    /// A free-form note line (no bytes).
    fn note(&mut self, text: &str) {
        let _ = writeln!(self.out, "  -- {text}");
    }

    /// Records `what` at `at` (the first one wins) and shows it.
    fn problem(&mut self, at: usize, what: String) {
        let _ = writeln!(self.out, "  !! at byte {at}: {what}");
        if self.problem.is_none() {
            self.problem = Some(Problem { offset: at, what });
        }
    }

    /// Shows `at..end` as unparsed bytes.
    fn raw(&mut self, at: usize, end: usize, depth: usize, field: &str) {
        if end > at {
            let text = format!("{} bytes", end - at);
            self.rows(at, end - at, depth, field, &text, None);
        }
    }

    /// Shows `at..end` as padding.
    fn padding(&mut self, at: usize, end: usize, depth: usize) {
        if end > at {
            let zero = self.data[at..end].iter().all(|b| *b == 0);
            let value = if zero {
                "aligns the next field to 4 bytes"
            } else {
                "aligns to 4 bytes (not zero!)"
            };
            self.rows(at, end - at, depth, "padding", value, None);
        }
    }
}

/// Appends `n` spaces.
fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Text with non-printable bytes escaped, in double quotes.
fn quoted(bytes: &[u8]) -> String {
    let mut s = String::from("\"");
    for &b in bytes {
        match b {
            0 => s.push_str("\\0"),
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s.push('"');
    s
}

/// The names of the `nlmsg_flags` bits set in `flags` of a message of type `ty`.
pub fn flag_names(ty: u16, flags: u16) -> String {
    let mut names = Vec::new();
    let mut known = 0u16;
    let mut name = |bit: u16, text: &'static str, names: &mut Vec<&'static str>| {
        if flags & bit != 0 {
            names.push(text);
        }
        known |= bit;
    };
    name(NLM_F_REQUEST, "REQUEST", &mut names);
    name(NLM_F_MULTI, "MULTI", &mut names);
    name(NLM_F_ACK, "ACK", &mut names);
    name(NLM_F_ECHO, "ECHO", &mut names);
    name(NLM_F_DUMP_INTR, "DUMP_INTR", &mut names);
    name(NLM_F_DUMP_FILTERED, "DUMP_FILTERED", &mut names);
    // The upper bits mean different things for acknowledgements and requests.
    if ty == NLMSG_ERROR || ty == NLMSG_DONE {
        name(NLM_F_CAPPED, "CAPPED", &mut names);
        name(NLM_F_ACK_TLVS, "ACK_TLVS", &mut names);
    } else if flags & NLM_F_REQUEST != 0 {
        name(NLM_F_ROOT, "ROOT", &mut names);
        name(NLM_F_MATCH, "MATCH", &mut names);
        name(0x400, "ATOMIC", &mut names);
    }
    let mut text = format!("{flags:#06x}");
    if !names.is_empty() {
        text += " ";
        text += &names.join("|");
    }
    if flags & NLM_F_ROOT != 0 && flags & NLM_F_MATCH != 0 && flags & NLM_F_REQUEST != 0 {
        text += " (DUMP)";
    }
    let unknown = flags & !known;
    if unknown != 0 {
        let _ = write!(text, " +{unknown:#06x} unnamed");
    }
    text
}

/// An error code as `-22 EINVAL`, or `0 (success)`. Errnos are below 4096
/// (`MAX_ERRNO`); anything else is shown as a plain number.
fn error_text(error: i32) -> String {
    match error {
        0 => "0 (success)".into(),
        -4095..=-1 => format!("{error} {}", errno_name(-error)),
        _ => format!("{error} (not an errno)"),
    }
}

impl Annotator {
    /// An annotator that knows nlctrl (whose id is fixed) and nothing else.
    pub fn new() -> Annotator {
        Annotator::default()
    }

    /// Remembers that Generic Netlink family `name` has id `id`.
    pub fn learn_family(&mut self, id: u16, name: &str) {
        self.families.retain(|(i, _)| *i != id);
        self.families.push((id, name.to_owned()));
    }

    /// The name of family id `id`, if known.
    pub fn family_name(&self, id: u16) -> Option<&str> {
        if id == GENL_ID_CTRL {
            return Some(nlctrl::FAMILY_NAME);
        }
        self.families
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.as_str())
    }

    fn family(&self, id: u16) -> Option<Family> {
        let name = self.family_name(id)?;
        Some(
            FAMILIES
                .iter()
                .find(|f| f.name == name)
                .map_or(Family::Other, |f| Family::Known(f)),
        )
    }

    /// Annotates one datagram into `out`: a heading line, then every message.
    ///
    /// Returns the first problem found (a length that lies, a truncated header); the
    /// bytes after it are still shown, as unparsed bytes, so nothing is hidden.
    pub fn datagram(
        &mut self,
        out: &mut String,
        heading: &Heading,
        data: &[u8],
    ) -> Result<(), Problem> {
        let arrow = match heading.direction {
            Direction::Send => ">> send on",
            Direction::Recv => "<< recv on",
            Direction::Input => "== datagram on",
            Direction::UserToKernel => ">> captured, user to kernel, on",
            Direction::KernelToUser => "<< captured, kernel to user, on",
            Direction::Captured => "== captured on",
        };
        let _ = write!(out, "{arrow} {}", protocol_name(heading.protocol));
        if let Some(port) = heading.port {
            let _ = write!(out, ", port {port} (a port id, {ASSIGNED_AT} bind)");
        }
        let _ = writeln!(out, ": {} bytes", data.len());
        let mut d = Dump {
            data,
            out,
            problem: None,
        };
        let mut at = 0;
        let mut index = 1;
        while at < data.len() {
            match self.message(&mut d, heading, at, index) {
                Some(next) => at = next,
                None => break,
            }
            index += 1;
        }
        match d.problem {
            Some(p) => Err(p),
            None => Ok(()),
        }
    }

    /// Annotates the message at `at`; returns where the next one starts, or `None`
    /// when the rest of the datagram cannot be walked.
    fn message(
        &mut self,
        d: &mut Dump<'_, '_>,
        heading: &Heading,
        at: usize,
        index: usize,
    ) -> Option<usize> {
        let data = d.data;
        let left = data.len() - at;
        if left < NLMSG_HDRLEN {
            d.problem(
                at,
                format!("truncated nlmsghdr: {left} bytes left, a header needs {NLMSG_HDRLEN}"),
            );
            d.raw(at, data.len(), 0, "(unparsed)");
            return None;
        }
        let len = u32_at(data, at) as usize;
        let ty = u16_at(data, at + 4);
        let flags = u16_at(data, at + 6);
        let what = self.describe(heading.protocol, ty, flags, data.get(at + NLMSG_HDRLEN));
        d.note(&format!("message {index} at byte {at}: {what}"));
        d.rows(at, 4, 0, "nlmsg_len", &format!("{len}"), None);
        let bad_len = if len < NLMSG_HDRLEN {
            Some(format!(
                "nlmsg_len {len} is smaller than the 16-byte header"
            ))
        } else if len > left {
            Some(format!(
                "nlmsg_len {len} runs past the end of the datagram ({left} bytes left)"
            ))
        } else {
            None
        };
        self.header_fields(d, heading.protocol, at, 0);
        if let Some(why) = bad_len {
            d.problem(at, why);
            d.raw(at + NLMSG_HDRLEN, data.len(), 0, "(unparsed)");
            return None;
        }
        let end = at + len;
        let body = at + NLMSG_HDRLEN;
        self.body(d, heading.protocol, (ty, flags), body..end, 0);
        let next = align(end).min(data.len());
        d.padding(end, next, 0);
        Some(next)
    }

    /// A one-line summary of a message, for its note line.
    fn describe(&self, protocol: i32, ty: u16, flags: u16, cmd: Option<&u8>) -> String {
        let role = if flags & NLM_F_REQUEST != 0 {
            "request"
        } else if flags & NLM_F_MULTI != 0 {
            "part of a multipart answer"
        } else {
            "answer or notification"
        };
        match ty {
            NLMSG_NOOP => return "NLMSG_NOOP".into(),
            NLMSG_ERROR => return "NLMSG_ERROR (an error or an acknowledgement)".into(),
            NLMSG_DONE => return "NLMSG_DONE (the end of a multipart answer)".into(),
            NLMSG_OVERRUN => return "NLMSG_OVERRUN".into(),
            _ => {}
        }
        if protocol == libc::NETLINK_GENERIC && ty >= NLMSG_MIN_TYPE {
            let cmd = cmd.copied();
            let name = self.family_name(ty).unwrap_or("unknown family");
            let cmd = match cmd {
                Some(c) => self
                    .cmd_name(ty, c, flags & NLM_F_REQUEST != 0)
                    .unwrap_or_else(|| format!("command {c}")),
                None => "(no genlmsghdr)".to_owned(),
            };
            return format!("{name} {cmd} ({role})");
        }
        if protocol == NETLINK_GENLTEST && ty == GENLTEST_MSG_ECHO {
            return format!("classic echo ({role})");
        }
        format!("type {ty:#06x} ({role})")
    }

    /// The name of command `cmd` of family `id` in a request or an answer, if known.
    fn cmd_name(&self, id: u16, cmd: u8, request: bool) -> Option<String> {
        match self.family(id)? {
            Family::Known(f) => command_name(f, cmd, request),
            Family::Other => None,
        }
    }

    /// The name of message type `ty` on `protocol`.
    fn type_name(&self, protocol: i32, ty: u16) -> String {
        let name = match ty {
            NLMSG_NOOP => "NLMSG_NOOP".to_owned(),
            NLMSG_ERROR => "NLMSG_ERROR".to_owned(),
            NLMSG_DONE => "NLMSG_DONE".to_owned(),
            NLMSG_OVERRUN => "NLMSG_OVERRUN".to_owned(),
            _ if ty < NLMSG_MIN_TYPE => "reserved control type".to_owned(),
            _ if protocol == libc::NETLINK_GENERIC => match self.family_name(ty) {
                Some("nlctrl") => "nlctrl (GENL_ID_CTRL, fixed)".to_owned(),
                Some(name) => format!("{name} (a family id, {ASSIGNED_AT} registration)"),
                None => "a family id not resolved in this trace".to_owned(),
            },
            _ if protocol == NETLINK_GENLTEST && ty == GENLTEST_MSG_ECHO => {
                "GENLTEST_MSG_ECHO".to_owned()
            }
            _ => "protocol's own type".to_owned(),
        };
        format!("{ty:#06x} {name}")
    }

    /// The 16 bytes of an `nlmsghdr` at `at` after its length: type, flags, seq, pid.
    fn header_fields(&self, d: &mut Dump<'_, '_>, protocol: i32, at: usize, depth: usize) {
        let data = d.data;
        let ty = u16_at(data, at + 4);
        let flags = u16_at(data, at + 6);
        let seq = u32_at(data, at + 8);
        let pid = u32_at(data, at + 12);
        let type_name = self.type_name(protocol, ty);
        d.rows(at + 4, 2, depth, "nlmsg_type", &type_name, None);
        d.rows(
            at + 6,
            2,
            depth,
            "nlmsg_flags",
            &flag_names(ty, flags),
            None,
        );
        d.rows(at + 8, 4, depth, "nlmsg_seq", &seq.to_string(), None);
        let pid_text = if pid == 0 {
            "0".to_owned()
        } else {
            format!("{pid} (a port id, {ASSIGNED_AT} bind)")
        };
        d.rows(at + 12, 4, depth, "nlmsg_pid", &pid_text, None);
    }

    /// The payload `at..end` of a message of type `ty`.
    fn body(
        &mut self,
        d: &mut Dump<'_, '_>,
        protocol: i32,
        (ty, flags): (u16, u16),
        Range { start: at, end }: Range<usize>,
        depth: usize,
    ) {
        match ty {
            NLMSG_ERROR => self.error_body(d, protocol, flags, at, end, depth),
            NLMSG_DONE => {
                if end - at >= 4 {
                    let error = u32_at(d.data, at) as i32;
                    d.rows(at, 4, depth, "status", &error_text(error), None);
                    if flags & NLM_F_ACK_TLVS != 0 {
                        self.attrs(d, Some(&EXTACK_ATTRS), at + 4, end, depth);
                    } else {
                        d.raw(at + 4, end, depth, "(unparsed)");
                    }
                } else {
                    d.raw(at, end, depth, "payload");
                }
            }
            _ if ty < NLMSG_MIN_TYPE => d.raw(at, end, depth, "payload"),
            _ if protocol == libc::NETLINK_GENERIC => {
                self.genl_body(d, (ty, flags), at, end, depth)
            }
            _ if protocol == NETLINK_GENLTEST && ty == GENLTEST_MSG_ECHO => {
                let text = quoted(&d.data[at..end.min(at + BYTES_PER_ROW)]);
                d.rows(
                    at,
                    end - at,
                    depth,
                    "echo payload",
                    &text,
                    Some(&|c| quoted(c)),
                );
            }
            _ => d.raw(at, end, depth, "payload"),
        }
    }

    /// A Generic Netlink payload: `genlmsghdr`, then attributes.
    fn genl_body(
        &mut self,
        d: &mut Dump<'_, '_>,
        (ty, flags): (u16, u16),
        at: usize,
        end: usize,
        depth: usize,
    ) {
        let data = d.data;
        if end - at < 4 {
            d.problem(
                at,
                format!("truncated genlmsghdr: {} bytes, it needs 4", end - at),
            );
            d.raw(at, end, depth, "(unparsed)");
            return;
        }
        let cmd = data[at];
        let version = data[at + 1];
        let reserved = u16_at(data, at + 2);
        let request = flags & NLM_F_REQUEST != 0;
        let cmd_text = match self.cmd_name(ty, cmd, request) {
            Some(name) => format!("{cmd} {name}"),
            None => format!("{cmd} (a command this trace cannot name)"),
        };
        d.rows(at, 1, depth, "genl cmd", &cmd_text, None);
        d.rows(at + 1, 1, depth, "genl version", &version.to_string(), None);
        let r = if reserved == 0 {
            "0".to_owned()
        } else {
            format!("{reserved} (must be 0)")
        };
        d.rows(at + 2, 2, depth, "genl reserved", &r, None);
        let family = match self.family(ty) {
            Some(Family::Known(f)) => Some(f),
            _ => None,
        };
        let set = family.and_then(|f| command_set(f, cmd, request));
        self.attrs(d, set, at + 4, end, depth);
        let is_ctrl = family.is_some_and(|f| std::ptr::eq(f, &nlctrl::FAMILY));
        if is_ctrl && !request && cmd == nlctrl::GetfamilyReply::CMD {
            self.learn_from_newfamily(&data[at + 4..end]);
        }
    }

    /// Learns a family id from the attributes of a `CTRL_CMD_NEWFAMILY` message.
    fn learn_from_newfamily(&mut self, attrs: &[u8]) {
        let Ok(reply) = nlctrl::GetfamilyReply::parse(attrs) else {
            return;
        };
        if let (Some(id), Some(name)) = (reply.family_id, reply.family_name) {
            self.learn_family(id, &String::from_utf8_lossy(name));
        }
    }

    /// An `NLMSG_ERROR` payload: error, the request's header (and payload unless
    /// capped), then the extended ACK.
    fn error_body(
        &mut self,
        d: &mut Dump<'_, '_>,
        protocol: i32,
        flags: u16,
        at: usize,
        end: usize,
        depth: usize,
    ) {
        let data = d.data;
        if end - at < 4 + NLMSG_HDRLEN {
            d.problem(
                at,
                format!(
                    "truncated nlmsgerr: {} bytes, it needs {}",
                    end - at,
                    4 + NLMSG_HDRLEN
                ),
            );
            d.raw(at, end, depth, "(unparsed)");
            return;
        }
        let error = u32_at(data, at) as i32;
        // Only Generic Netlink types name a family whose attributes can be named.
        self.request_type = (protocol == libc::NETLINK_GENERIC).then(|| u16_at(data, at + 8));
        let value = if error == 0 {
            "0 (success: this is an ACK)".to_owned()
        } else {
            error_text(error)
        };
        d.rows(at, 4, depth, "error", &value, None);
        let req = at + 4;
        if depth + 1 > MAX_DEPTH {
            d.problem(
                req,
                too_deep("the request copied into this error", depth + 1),
            );
            d.raw(req, end, depth, "(unparsed)");
            return;
        }
        let req_len = u32_at(data, req) as usize;
        d.note(&format!(
            "the request's header, copied back{}",
            if flags & NLM_F_CAPPED != 0 {
                " (CAPPED: without its payload)"
            } else {
                ""
            }
        ));
        d.rows(req, 4, depth + 1, "nlmsg_len", &req_len.to_string(), None);
        self.header_fields(d, protocol, req, depth + 1);
        let mut tlvs = req + NLMSG_HDRLEN;
        if flags & NLM_F_CAPPED == 0 {
            // The whole request follows: show it as the request it was.
            let req_end = (req + align(req_len)).min(end);
            if req_len >= NLMSG_HDRLEN && req + NLMSG_HDRLEN <= req_end {
                let ty = u16_at(data, req + 4);
                let rflags = u16_at(data, req + 6);
                let body_end = (req + req_len).min(req_end);
                let span = req + NLMSG_HDRLEN..body_end;
                self.body(d, protocol, (ty, rflags), span, depth + 1);
                d.padding(body_end, req_end, depth + 1);
                tlvs = req_end;
            }
        }
        if flags & NLM_F_ACK_TLVS != 0 {
            d.note("extended ACK attributes");
            self.attrs(d, Some(&EXTACK_ATTRS), tlvs, end, depth);
        } else {
            d.raw(tlvs, end, depth, "(unparsed)");
        }
    }

    /// The attributes in `at..end`, of `set` (or of an unknown set).
    fn attrs(
        &mut self,
        d: &mut Dump<'_, '_>,
        set: Option<Set>,
        at: usize,
        end: usize,
        depth: usize,
    ) {
        self.attrs_as(d, at, end, depth, |ty| set.and_then(|s| attr_spec(s, ty)));
    }

    /// The attributes in `at..end`, named and typed by `spec`.
    fn attrs_as(
        &mut self,
        d: &mut Dump<'_, '_>,
        mut at: usize,
        end: usize,
        depth: usize,
        spec: impl Fn(u16) -> Option<(&'static str, Kind)>,
    ) {
        let data = d.data;
        while at < end {
            let left = end - at;
            if left < NLA_HDRLEN {
                d.problem(
                    at,
                    format!("truncated nlattr: {left} bytes left, a header needs {NLA_HDRLEN}"),
                );
                d.raw(at, end, depth, "(unparsed)");
                return;
            }
            let len = usize::from(u16_at(data, at));
            let raw_ty = u16_at(data, at + 2);
            let ty = raw_ty & NLA_TYPE_MASK;
            let nested = raw_ty & NLA_F_NESTED != 0;
            let net = raw_ty & NLA_F_NET_BYTEORDER != 0;
            let (name, kind) = match spec(ty) {
                Some((name, kind)) => (name.to_owned(), kind),
                None if nested => (format!("attr {ty}"), Kind::Unknown),
                None => (format!("attr {ty}"), Kind::Bin),
            };
            let mut type_text = format!("{raw_ty:#06x}");
            if nested {
                type_text += " NESTED";
            }
            if net {
                type_text += " NET_BYTEORDER";
            }
            let _ = write!(type_text, " | {ty} {name}");
            d.rows(at, 2, depth, "nla_len", &len.to_string(), None);
            d.rows(at + 2, 2, depth, "nla_type", &type_text, None);
            if len < NLA_HDRLEN {
                d.problem(
                    at,
                    format!("nla_len {len} is smaller than the 4-byte header"),
                );
                d.raw(at + NLA_HDRLEN, end, depth, "(unparsed)");
                return;
            }
            if len > left {
                d.problem(
                    at,
                    format!("nla_len {len} runs past the end of its container ({left} bytes left)"),
                );
                d.raw(at + NLA_HDRLEN, end, depth, "(unparsed)");
                return;
            }
            let value_at = at + NLA_HDRLEN;
            let value_end = at + len;
            let kind = if nested
                && !matches!(kind, Kind::Nest(_) | Kind::Array(_) | Kind::TypeValue(..))
            {
                Kind::Unknown
            } else {
                kind
            };
            self.value(d, (&name, kind), net, value_at..value_end, depth);
            let next = align(value_end).min(end);
            d.padding(value_end, next, depth);
            at = next;
        }
    }

    /// One attribute's value.
    fn value(
        &mut self,
        d: &mut Dump<'_, '_>,
        (name, kind): (&str, Kind),
        net: bool,
        Range { start: at, end }: Range<usize>,
        depth: usize,
    ) {
        let opens_level = matches!(
            kind,
            Kind::Nest(_) | Kind::Array(_) | Kind::TypeValue(..) | Kind::Unknown
        );
        if opens_level && depth + 1 > MAX_DEPTH {
            // The attribute's header is just before its value.
            d.problem(
                at - NLA_HDRLEN,
                too_deep(&format!("attribute '{name}'"), depth + 1),
            );
            d.raw(at, end, depth, "(unparsed)");
            return;
        }
        let v = &d.data[at..end];
        let int = |n: usize| -> Option<u64> {
            if v.len() != n {
                return None;
            }
            // Host byte order unless the attribute says network byte order.
            Some(match (n, net) {
                (1, _) => u64::from(v[0]),
                (2, false) => u64::from(u16::from_ne_bytes([v[0], v[1]])),
                (2, true) => u64::from(u16::from_be_bytes([v[0], v[1]])),
                (4, false) => u64::from(u32::from_ne_bytes([v[0], v[1], v[2], v[3]])),
                (4, true) => u64::from(u32::from_be_bytes([v[0], v[1], v[2], v[3]])),
                (_, false) => u64::from_ne_bytes(v.try_into().ok()?),
                (_, true) => u64::from_be_bytes(v.try_into().ok()?),
            })
        };
        let sized = |n: usize, show: &dyn Fn(u64) -> String| -> String {
            match int(n) {
                Some(x) => show(x),
                None => format!("{} bytes, but this attribute is {n} bytes long", v.len()),
            }
        };
        let plain = |x: u64| x.to_string();
        let signed = |n: usize| {
            move |x: u64| {
                let shift = 64 - 8 * n as u32;
                (((x << shift) as i64) >> shift).to_string()
            }
        };
        let text = match kind {
            Kind::Uint(n) => sized(n, &plain),
            Kind::Sint(n) => sized(n, &signed(n)),
            Kind::UintAny if v.len() == 4 => sized(4, &plain),
            Kind::UintAny => sized(8, &plain),
            Kind::SintAny if v.len() == 4 => sized(4, &signed(4)),
            Kind::SintAny => sized(8, &signed(8)),
            Kind::Flag if v.is_empty() => "(a flag: present)".to_owned(),
            Kind::Flag => format!("{} bytes, but a flag has no value", v.len()),
            Kind::Port => sized(4, &|x| format!("{x} (a port id, {ASSIGNED_AT} bind)")),
            Kind::FamilyId => sized(2, &|x| {
                format!("{x} (a family id, {ASSIGNED_AT} registration)")
            }),
            Kind::GroupId => sized(4, &|x| {
                format!("{x} (a group id, {ASSIGNED_AT} registration)")
            }),
            Kind::Offset => sized(4, &|x| format!("{x} (byte offset in the request)")),
            Kind::MissType => {
                let set = match self.request_type.and_then(|t| self.family(t)) {
                    Some(Family::Known(f)) => f.attr_sets.first().copied(),
                    _ => None,
                };
                sized(4, &|x| {
                    let name = u16::try_from(x)
                        .ok()
                        .zip(set)
                        .and_then(|(t, set)| attr_spec(set, t));
                    match name {
                        Some((name, _)) => format!("{x} {name} (the attribute the request lacks)"),
                        None => format!("{x} (the type of the attribute the request lacks)"),
                    }
                })
            }
            Kind::Enum(names, n, true) => sized(n, &|x| {
                let mut set: Vec<String> = names
                    .entries
                    .iter()
                    .filter(|(bit, _)| x & bit != 0)
                    .map(|(_, n)| (*n).to_owned())
                    .collect();
                let known = names.entries.iter().fold(0, |m, (bit, _)| m | bit);
                if x & !known != 0 {
                    set.push(format!("{:#x}", x & !known));
                }
                format!("{x:#x} {}", set.join("|"))
            }),
            Kind::Enum(names, n, false) => sized(n, &|x| match names.name_of(x) {
                Some(name) => format!("{x} {name}"),
                None => format!("{x} (not a value of {})", names.name),
            }),
            Kind::Str => {
                let first = quoted(&v[..v.len().min(BYTES_PER_ROW)]);
                let note = if v.last() == Some(&0) {
                    ""
                } else {
                    " (no NUL at the end)"
                };
                let text = format!("{first}{note}");
                d.rows(at, end - at, depth, name, &text, Some(&|c| quoted(c)));
                return;
            }
            Kind::Pad => {
                d.rows(
                    at,
                    end - at,
                    depth,
                    name,
                    "(pad attribute: aligns the next u64)",
                    None,
                );
                return;
            }
            Kind::Nest(set) => {
                d.note(&format!(
                    "{:indent$}{name}: nested attributes",
                    "",
                    indent = depth * 2
                ));
                self.attrs(d, Some(set), at, end, depth + 1);
                return;
            }
            Kind::Array(attr) => {
                d.note(&format!(
                    "{:indent$}{name}: nested, one entry per index",
                    "",
                    indent = depth * 2
                ));
                let element = match (attr.sub_kind, attr.nested) {
                    (Some(AttrKind::Nest) | None, Some(set)) => Kind::Nest(set),
                    (Some(AttrKind::String), _) => Kind::Str,
                    (Some(sub), _) => scalar_kind(sub, attr).unwrap_or(Kind::Bin),
                    (None, None) => Kind::Bin,
                };
                self.attrs_as(d, at, end, depth + 1, |i| Some((index_name(i), element)));
                return;
            }
            Kind::TypeValue(attr, level) => {
                let last = level + 1 >= attr.type_value.len();
                d.note(&format!(
                    "{:indent$}{name}: nested, one {} per index",
                    "",
                    if last { "entry" } else { "table" },
                    indent = depth * 2
                ));
                let inner = match attr.nested {
                    Some(set) if last => Kind::Nest(set),
                    _ => Kind::TypeValue(attr, level + 1),
                };
                self.attrs_as(d, at, end, depth + 1, |i| Some((index_name(i), inner)));
                return;
            }
            Kind::Unknown => {
                // A NESTED flag promises attributes inside: try to walk them.
                d.note(&format!(
                    "{:indent$}{name}: nested attributes (layout unknown)",
                    "",
                    indent = depth * 2
                ));
                self.attrs(d, None, at, end, depth + 1);
                return;
            }
            Kind::Bin => guess(v, net),
        };
        d.rows(at, end - at, depth, name, &text, None);
    }
}

/// A name for array index `i`, such as `[3]`. Indexes are small and few, so a static
/// table covers them; larger ones share one name.
fn index_name(i: u16) -> &'static str {
    const NAMES: [&str; 32] = [
        "[0]", "[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]", "[8]", "[9]", "[10]", "[11]",
        "[12]", "[13]", "[14]", "[15]", "[16]", "[17]", "[18]", "[19]", "[20]", "[21]", "[22]",
        "[23]", "[24]", "[25]", "[26]", "[27]", "[28]", "[29]", "[30]", "[31]",
    ];
    NAMES.get(usize::from(i)).copied().unwrap_or("[index]")
}

/// What bytes of an unknown attribute might be: a string, or an integer by size, read
/// in network byte order when `net` says so.
fn guess(v: &[u8], net: bool) -> String {
    let order = if net { ", network byte order" } else { "" };
    match v.len() {
        0 => "empty (a flag attribute?)".into(),
        1 => format!("1 byte (as u8: {})", v[0]),
        2 => {
            let b = [v[0], v[1]];
            let x = if net {
                u16::from_be_bytes(b)
            } else {
                u16::from_ne_bytes(b)
            };
            format!("2 bytes (as u16{order}: {x})")
        }
        4 => {
            let b = [v[0], v[1], v[2], v[3]];
            let x = if net {
                u32::from_be_bytes(b)
            } else {
                u32::from_ne_bytes(b)
            };
            format!("4 bytes (as u32{order}: {x})")
        }
        8 => {
            let b = [v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]];
            let x = if net {
                u64::from_be_bytes(b)
            } else {
                u64::from_ne_bytes(b)
            };
            format!("8 bytes (as u64{order}: {x})")
        }
        n if v.last() == Some(&0) && v[..n - 1].iter().all(|b| (0x20..0x7f).contains(b)) => {
            format!("{n} bytes (as a string: {})", quoted(v))
        }
        n => format!("{n} bytes"),
    }
}

/// The `--trace` sink: receives each annotated datagram.
pub type Sink = Box<dyn FnMut(&str) + Send>;

/// An annotator with a sink: what `--trace` hands every datagram to. It keeps what it
/// learned (family ids) from one datagram to the next.
pub struct Tracer {
    state: Mutex<(Annotator, Sink)>,
}

impl Tracer {
    /// A tracer writing to `sink`.
    pub fn new(sink: Sink) -> Tracer {
        Tracer {
            state: Mutex::new((Annotator::new(), sink)),
        }
    }

    /// A tracer writing to standard error, flushed per datagram.
    pub fn stderr() -> Tracer {
        Tracer::new(Box::new(|text| {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        }))
    }

    /// Annotates one datagram of a socket bound to `port` and writes it to the sink.
    pub fn datagram(&self, direction: Direction, protocol: i32, port: u32, data: &[u8]) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (annotator, sink) = &mut *state;
        let mut out = String::new();
        let heading = Heading {
            direction,
            protocol,
            port: Some(port),
        };
        // A problem is already shown in the dump; the caller's own parser reports it.
        let _ = annotator.datagram(&mut out, &heading, data);
        sink(&out);
    }
}
