//! Compares tshark's decode of Netlink frames captured on an `nlmon` device with what
//! genltest's own parser ([`genltest::wire`]) finds in the same bytes.
//!
//! A frame captured on `nlmon` starts with a 16-byte "cooked" header written by the
//! capture library (its last two bytes, big-endian, are the Netlink protocol: 16 for
//! Generic Netlink, 31 for genltest's classic unit), followed by the Netlink messages
//! exactly as one socket buffer carried them. `tshark -T json -x` reports, for every
//! field it decodes, the value it shows and, in a `<field>_raw` twin, the byte offset in
//! the frame the field came from. So each of tshark's fields can be put next to the field
//! genltest's parser finds at the same offset, and the two must agree:
//!
//! - every header field genltest's parser finds (length, type, flags, sequence, port id;
//!   the Generic Netlink command and version; an error's code and the header it quotes)
//!   must appear in tshark's decode with the same value;
//! - every attribute length and type tshark shows must be an attribute genltest's parser
//!   finds at that offset, with the same length and type; for the families tshark knows
//!   (the controller, `nlctrl`) it must show every top-level attribute;
//! - tshark must show no header or attribute field where genltest's parser sees none.
//!
//! tshark 4.0 has no dissector for the `genltest` family, so it shows the attributes of
//! genltest's own messages as opaque data; where a later tshark decodes them, they are
//! compared too.
//!
//! [`compare_dump`] holds the learner's view to the same rules: the rows `--trace` and
//! `genltest decode` print for a datagram (user/src/trace.rs) are read back and their
//! fields put next to tshark's, and each row's bytes next to the captured bytes.

use serde_json::Value;

use genltest::wire::{
    Attrs, GenlHeader, Header, Messages, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLMSG_DONE,
    NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_MIN_TYPE,
};

use crate::trace::Traced;

/// Bytes the capture library puts before the Netlink messages of an `nlmon` frame.
pub const COOKED_HDRLEN: usize = 16;
/// `NETLINK_GENERIC`.
const PROTO_GENERIC: u16 = 16;
/// The Generic Netlink controller's fixed family id (`GENL_ID_CTRL`).
pub const GENL_ID_CTRL: u16 = 0x10;

/// What a field is, whichever dissector named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The Netlink protocol in the cooked header.
    Protocol,
    /// `nlmsg_len`.
    Len,
    /// `nlmsg_type` (for Generic Netlink: the family id).
    Type,
    /// `nlmsg_flags`.
    Flags,
    /// `nlmsg_seq`.
    Seq,
    /// `nlmsg_pid`.
    Pid,
    /// `genlmsghdr.cmd`.
    GenlCmd,
    /// `genlmsghdr.version`.
    GenlVersion,
    /// `nlmsgerr.error`.
    Error,
    /// `nla_len`.
    AttrLen,
    /// `nla_type`, with the nested and byte-order flags.
    AttrType,
}

impl Slot {
    const ALL: [Slot; 11] = [
        Slot::Protocol,
        Slot::Len,
        Slot::Type,
        Slot::Flags,
        Slot::Seq,
        Slot::Pid,
        Slot::GenlCmd,
        Slot::GenlVersion,
        Slot::Error,
        Slot::AttrLen,
        Slot::AttrType,
    ];

    /// tshark's names (display-filter fields) for this field. The Generic Netlink
    /// dissector names the type `genl.family_id` and the controller's command
    /// `genl.ctrl.cmd`; the rest come from the Netlink dissector.
    fn tshark_names(self) -> &'static [&'static str] {
        match self {
            Slot::Protocol => &["netlink.family"],
            Slot::Len => &["netlink.hdr_len"],
            Slot::Type => &["netlink.hdr_type", "genl.family_id"],
            Slot::Flags => &["netlink.hdr_flags"],
            Slot::Seq => &["netlink.hdr_seq"],
            Slot::Pid => &["netlink.hdr_pid"],
            Slot::GenlCmd => &["genl.cmd", "genl.ctrl.cmd"],
            Slot::GenlVersion => &["genl.version"],
            Slot::Error => &["netlink.error"],
            Slot::AttrLen => &["netlink.attr_len"],
            Slot::AttrType => &["netlink.attr_type"],
        }
    }

    /// The slot tshark's field `name` fills, if it is one this module compares.
    fn of_tshark_name(name: &str) -> Option<Slot> {
        Slot::ALL
            .into_iter()
            .find(|s| s.tshark_names().contains(&name))
    }
}

/// One field of tshark's decode: its name, where in the frame it starts, and its value
/// as tshark shows it (`"0x001c"`, `"28"`, `"-22"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsharkField {
    /// The display-filter name, such as `netlink.hdr_seq`.
    pub name: String,
    /// Offset of the field's first byte in the frame.
    pub offset: usize,
    /// The value as shown.
    pub value: String,
}

/// One frame of `tshark -T json -x` output.
#[derive(Debug, Clone)]
pub struct TsharkFrame {
    /// tshark's frame number, counting from 1.
    pub number: u64,
    /// The captured bytes, from `frame_raw`.
    pub bytes: Vec<u8>,
    /// Every field that carries an offset, in document order.
    pub fields: Vec<TsharkField>,
}

#[cfg(test)]
impl TsharkFrame {
    /// The first value tshark shows for field `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.as_str())
    }
}

fn hex_bytes(hex: &str) -> Result<Vec<u8>, String> {
    if !hex.len().is_multiple_of(2) {
        return Err(format!("odd-length hex string of {} digits", hex.len()));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| format!("hex: {e}")))
        .collect()
}

/// The offset in a `_raw` twin: `[hex, offset, length, bitmask, type]`.
fn raw_offset(raw: &Value) -> Option<usize> {
    raw.get(1)?.as_u64().map(|o| o as usize)
}

/// Collects the fields of one JSON object of tshark's tree, and of the objects below it.
///
/// With `--no-duplicate-keys`, a field that occurs several times at one level becomes an
/// array of values whose `_raw` twin is an array of raw arrays, in the same order.
fn collect_fields(obj: &serde_json::Map<String, Value>, out: &mut Vec<TsharkField>) {
    for (key, value) in obj {
        if key.ends_with("_raw") {
            continue;
        }
        let raw = obj.get(&format!("{key}_raw"));
        match value {
            Value::String(text) => {
                if let Some(offset) = raw.and_then(raw_offset) {
                    out.push(TsharkField {
                        name: key.clone(),
                        offset,
                        value: text.clone(),
                    });
                }
            }
            Value::Object(inner) => collect_fields(inner, out),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(text) => {
                            let offset = raw.and_then(|r| r.get(i)).and_then(raw_offset);
                            if let Some(offset) = offset {
                                out.push(TsharkField {
                                    name: key.clone(),
                                    offset,
                                    value: text.clone(),
                                });
                            }
                        }
                        Value::Object(inner) => collect_fields(inner, out),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// Reads the output of `tshark -T json -x --no-duplicate-keys`.
pub fn parse_tshark_json(text: &str) -> Result<Vec<TsharkFrame>, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("tshark JSON: {e}"))?;
    let packets = doc
        .as_array()
        .ok_or("tshark JSON is not an array of packets")?;
    packets
        .iter()
        .map(|p| {
            let layers = p
                .pointer("/_source/layers")
                .and_then(Value::as_object)
                .ok_or("a packet without _source.layers")?;
            let number = layers
                .get("frame")
                .and_then(|f| f.get("frame.number"))
                .and_then(Value::as_str)
                .and_then(|n| n.parse().ok())
                .ok_or("a packet without frame.number")?;
            let hex = layers
                .get("frame_raw")
                .and_then(|r| r.get(0))
                .and_then(Value::as_str)
                .ok_or("a packet without frame_raw (was tshark run with -x?)")?;
            let mut fields = Vec::new();
            collect_fields(layers, &mut fields);
            Ok(TsharkFrame {
                number,
                bytes: hex_bytes(hex)?,
                fields,
            })
        })
        .collect()
}

/// A field genltest's parser found: what, where, its value, and whether tshark must
/// show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// What the field is.
    pub slot: Slot,
    /// Offset of its first byte in the frame.
    pub offset: usize,
    /// Its value.
    pub value: i64,
    /// Whether tshark must show it (headers always; attributes where tshark knows them).
    pub required: bool,
}

/// Where `inner` starts inside `outer`, which contains it.
fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

/// The fields of one `nlmsghdr`, which starts at `at` in the frame.
fn header_fields(h: &Header, at: usize, out: &mut Vec<Expected>) {
    let mut push = |slot, offset, value: i64| {
        out.push(Expected {
            slot,
            offset: at + offset,
            value,
            required: true,
        })
    };
    push(Slot::Len, 0, h.len.into());
    push(Slot::Type, 4, h.ty.into());
    push(Slot::Flags, 6, h.flags.into());
    push(Slot::Seq, 8, h.seq.into());
    push(Slot::Pid, 12, h.pid.into());
}

/// Whether `value` is, from end to end, a run of well-formed attributes.
fn parses_as_attrs(value: &[u8]) -> bool {
    !value.is_empty() && Attrs::new(value).all(|a| a.is_ok())
}

/// The length and type of every attribute in `attrs` (which lies in `frame`), and of the
/// attributes nested in them. Nested ones are never required: tshark decodes the inside
/// of a nest only for some attributes of the families it knows.
///
/// A nest is not always flagged: the controller opens `CTRL_ATTR_OPS` and
/// `CTRL_ATTR_MCAST_GROUPS` with `nla_nest_start_noflag()`, so only the family's
/// definition says they are nests (genltest's ctrl.rs reads them as such). So any value
/// that parses completely as attributes is offered as a nest too: where tshark decodes
/// attributes inside it, they must be the ones genltest's parser finds.
fn attr_fields(
    frame: &[u8],
    attrs: &[u8],
    required: bool,
    out: &mut Vec<Expected>,
) -> Result<(), String> {
    for attr in Attrs::new(attrs) {
        let attr = attr.map_err(|e| e.to_string())?;
        let at = offset_in(frame, attr.value) - NLA_HDRLEN;
        let mut ty = attr.ty;
        if attr.nested {
            ty |= NLA_F_NESTED;
        }
        if attr.net_byteorder {
            ty |= NLA_F_NET_BYTEORDER;
        }
        let len = NLA_HDRLEN + attr.value.len();
        out.push(Expected {
            slot: Slot::AttrLen,
            offset: at,
            value: len as i64,
            required,
        });
        out.push(Expected {
            slot: Slot::AttrType,
            offset: at + 2,
            value: ty.into(),
            required,
        });
        if attr.nested || parses_as_attrs(attr.value) {
            attr_fields(frame, attr.value, false, out)?;
        }
    }
    Ok(())
}

/// Everything genltest's parser finds in one captured frame.
pub fn decode_frame(frame: &[u8]) -> Result<Vec<Expected>, String> {
    if frame.len() < COOKED_HDRLEN {
        return Err(format!("a {}-byte frame has no cooked header", frame.len()));
    }
    let protocol = u16::from_be_bytes([frame[14], frame[15]]);
    let mut out = vec![Expected {
        slot: Slot::Protocol,
        offset: 14,
        value: protocol.into(),
        required: true,
    }];
    for msg in Messages::new(&frame[COOKED_HDRLEN..]) {
        let msg = msg.map_err(|e| e.to_string())?;
        let payload = msg.payload;
        let at = offset_in(frame, payload) - NLMSG_HDRLEN;
        header_fields(&msg.header, at, &mut out);
        let body = at + NLMSG_HDRLEN;
        let error_code = |p: &[u8]| i32::from_ne_bytes([p[0], p[1], p[2], p[3]]);
        match msg.header.ty {
            NLMSG_ERROR if payload.len() >= 4 => {
                out.push(Expected {
                    slot: Slot::Error,
                    offset: body,
                    value: error_code(payload).into(),
                    required: true,
                });
                // The header of the request this answers follows the error code.
                if let Ok(quoted) = Header::parse(&payload[4..]) {
                    header_fields(&quoted, body + 4, &mut out);
                }
            }
            NLMSG_DONE if payload.len() >= 4 => out.push(Expected {
                slot: Slot::Error,
                offset: body,
                value: error_code(payload).into(),
                required: false,
            }),
            ty if ty >= NLMSG_MIN_TYPE && protocol == PROTO_GENERIC => {
                let (genl, attrs) = GenlHeader::parse(payload).map_err(|e| e.to_string())?;
                out.push(Expected {
                    slot: Slot::GenlCmd,
                    offset: body,
                    value: genl.cmd.into(),
                    required: true,
                });
                out.push(Expected {
                    slot: Slot::GenlVersion,
                    offset: body + 1,
                    value: genl.version.into(),
                    required: true,
                });
                attr_fields(frame, attrs, ty == GENL_ID_CTRL, &mut out)?;
            }
            // A classic protocol's payload: opaque bytes to any dissector.
            _ => {}
        }
    }
    Ok(out)
}

/// A value as tshark shows it: decimal, negative decimal or `0x` hexadecimal.
fn parse_shown(value: &str) -> Option<i64> {
    match value.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => value.parse().ok(),
    }
}

/// tshark's fields in `frame` that show the field `e`: same place, same kind.
fn shown<'f>(frame: &'f TsharkFrame, e: &Expected) -> impl Iterator<Item = &'f TsharkField> {
    let (slot, offset) = (e.slot, e.offset);
    frame
        .fields
        .iter()
        .filter(move |f| f.offset == offset && slot.tshark_names().contains(&f.name.as_str()))
}

/// Puts the fields `who` found in `frame` (`expected`) next to tshark's: a required field
/// tshark must show, every field tshark shows must have the same value, and tshark must
/// show no field where `who` found none. Adds each disagreement to `problems`; returns
/// the number of fields that agreed.
fn match_fields(
    frame: &TsharkFrame,
    expected: &[Expected],
    who: &str,
    problems: &mut Vec<String>,
) -> usize {
    let mut compared = 0;
    for e in expected {
        let mut any = false;
        for f in shown(frame, e) {
            any = true;
            if parse_shown(&f.value) == Some(e.value) {
                compared += 1;
            } else {
                problems.push(format!(
                    "offset {}: tshark shows {} = {:?}, {who} reads {}",
                    e.offset, f.name, f.value, e.value
                ));
            }
        }
        if !any && e.required {
            problems.push(format!(
                "offset {}: tshark does not show the {:?} field ({}) {who} reads there",
                e.offset, e.slot, e.value
            ));
        }
    }
    for f in &frame.fields {
        let Some(slot) = Slot::of_tshark_name(&f.name) else {
            continue;
        };
        if !expected
            .iter()
            .any(|e| e.slot == slot && e.offset == f.offset)
        {
            problems.push(format!(
                "offset {}: tshark shows {} = {:?} where {who} sees no such field",
                f.offset, f.name, f.value
            ));
        }
    }
    compared
}

/// The number of fields compared, or every disagreement of `frame`, one per line.
fn verdict(
    frame: &TsharkFrame,
    who: &str,
    compared: usize,
    problems: &[String],
) -> Result<usize, String> {
    if problems.is_empty() {
        Ok(compared)
    } else {
        Err(format!(
            "frame {}: tshark and {who} disagree:\n{}",
            frame.number,
            problems.join("\n")
        ))
    }
}

/// Checks that tshark and genltest's parser agree on every field of `frame`; returns the
/// number of fields compared, or every disagreement, one per line.
pub fn compare(frame: &TsharkFrame) -> Result<usize, String> {
    const WHO: &str = "genltest's parser";
    let expected = decode_frame(&frame.bytes)?;
    let mut problems = Vec::new();
    let compared = match_fields(frame, &expected, WHO, &mut problems);
    verdict(frame, WHO, compared, &problems)
}

// ---------------------------------------------------------------------------------------
// An annotated dump (`--trace`, `genltest decode`) against tshark.
//
// The annotator (user/src/trace.rs) shows a datagram as rows: offset, raw bytes, field
// name, value. A row that shows a header field, the Generic Netlink command or version,
// an error code, or an attribute's length or type is a field tshark decodes too, at the
// row's offset plus the cooked header. So the rows can be checked like genltest's parser
// above, and tshark is a decoder nobody on this project wrote.

impl Slot {
    /// The field a row of an annotated dump shows, by the row's name. (Rows of attribute
    /// values are named after their attribute, and none of those is one of these.)
    fn of_dump_row(name: &str) -> Option<Slot> {
        Some(match name {
            "nlmsg_len" => Slot::Len,
            "nlmsg_type" => Slot::Type,
            "nlmsg_flags" => Slot::Flags,
            "nlmsg_seq" => Slot::Seq,
            "nlmsg_pid" => Slot::Pid,
            "genl cmd" => Slot::GenlCmd,
            "genl version" => Slot::GenlVersion,
            // `NLMSG_ERROR`'s error code and `NLMSG_DONE`'s status: both `netlink.error`.
            "error" | "status" => Slot::Error,
            "nla_len" => Slot::AttrLen,
            "nla_type" => Slot::AttrType,
            _ => return None,
        })
    }

    /// How many bytes the field takes on the wire.
    fn size(self) -> usize {
        match self {
            Slot::GenlCmd | Slot::GenlVersion => 1,
            Slot::Protocol | Slot::Type | Slot::Flags | Slot::AttrLen | Slot::AttrType => 2,
            Slot::Len | Slot::Seq | Slot::Pid | Slot::Error => 4,
        }
    }
}

/// The value of field `slot` at `at` in a captured frame, read as it was written: the
/// cooked header big-endian, the Netlink messages in host byte order.
fn value_in(frame: &[u8], slot: Slot, at: usize) -> Option<i64> {
    let b = frame.get(at..at + slot.size())?;
    Some(match (slot, b.len()) {
        (Slot::Protocol, _) => u16::from_be_bytes([b[0], b[1]]).into(),
        (Slot::Error, _) => i32::from_ne_bytes([b[0], b[1], b[2], b[3]]).into(),
        (_, 1) => b[0].into(),
        (_, 2) => u16::from_ne_bytes([b[0], b[1]]).into(),
        _ => u32::from_ne_bytes([b[0], b[1], b[2], b[3]]).into(),
    })
}

/// The fields an annotated dump of one datagram shows, at their offsets in the captured
/// frame: the protocol its heading names (`on NETLINK_GENERIC (16)`), then one field per
/// row that shows one (see [`Slot::of_dump_row`]), whose value is the first word of the
/// row's value (`0x0005` of `0x0005 REQUEST|ACK`, `-22` of `-22 EINVAL`).
///
/// tshark must show a field where it must show the field genltest's parser finds at the
/// same place (`parsed`, from [`decode_frame`]): every header, and the top-level
/// attributes of the controller.
fn dump_fields(dump: &Traced, parsed: &[Expected]) -> Result<Vec<Expected>, String> {
    let required = |slot, offset| {
        parsed
            .iter()
            .any(|p| p.slot == slot && p.offset == offset && p.required)
    };
    let protocol = dump
        .heading
        .split_once(" (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(number, _)| number.parse().ok())
        .ok_or_else(|| format!("no protocol number in the heading {:?}", dump.heading))?;
    let mut out = vec![Expected {
        slot: Slot::Protocol,
        offset: 14,
        value: protocol,
        required: required(Slot::Protocol, 14),
    }];
    for row in &dump.rows {
        let Some(slot) = Slot::of_dump_row(&row.field) else {
            continue;
        };
        let word = row.value.split_whitespace().next().unwrap_or_default();
        let value = parse_shown(word).ok_or_else(|| {
            format!(
                "byte {}: the {} row's value {:?} does not start with a number",
                row.offset, row.field, row.value
            )
        })?;
        let offset = COOKED_HDRLEN + row.offset;
        out.push(Expected {
            slot,
            offset,
            value,
            required: required(slot, offset),
        });
    }
    Ok(out)
}

/// Bytes as `hexdump` shows them: `07 00 01 00`.
fn hex_text(bytes: &[u8]) -> String {
    let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    hex.join(" ")
}

/// The bytes of a dump against the frame tshark read: each row's bytes must be the
/// frame's bytes at the row's offset, and the rows must follow each other from the
/// datagram's first byte to its last. The bytes tshark shows as undecoded data
/// (`data.data`, `18:00:05:00`) must be the frame's bytes there too.
fn byte_problems(frame: &TsharkFrame, dump: &Traced, who: &str, problems: &mut Vec<String>) {
    let datagram = frame.bytes.get(COOKED_HDRLEN..).unwrap_or_default();
    let mut next = 0;
    for row in &dump.rows {
        if row.offset != next {
            problems.push(format!(
                "byte {}: {who} has a row there, but the rows before it end at byte {next}",
                row.offset
            ));
        }
        let end = row.offset + row.bytes.len();
        let captured = datagram.get(row.offset..end).unwrap_or_default();
        if captured != row.bytes {
            problems.push(format!(
                "offset {}: tshark has the bytes {} there, {who} shows {} ({})",
                COOKED_HDRLEN + row.offset,
                hex_text(captured),
                hex_text(&row.bytes),
                row.field
            ));
        }
        next = end;
    }
    if next != datagram.len() {
        problems.push(format!(
            "{who}'s rows end at byte {next} of a {}-byte datagram",
            datagram.len()
        ));
    }
    for f in frame.fields.iter().filter(|f| f.name == "data.data") {
        let data = hex_bytes(&f.value.replace(':', "")).unwrap_or_default();
        if frame.bytes.get(f.offset..f.offset + data.len()) != Some(&data[..]) {
            problems.push(format!(
                "offset {}: tshark's data.data is not the frame's bytes there",
                f.offset
            ));
        }
    }
}

/// Checks that tshark and an annotated dump of the same datagram (named `who`, such as
/// `--trace`) agree on every field and every byte; returns the number of fields
/// compared, or every disagreement, one per line.
///
/// - every row's bytes are the captured bytes at its offset (see [`byte_problems`]);
/// - every field a row shows is compared with tshark's field at the same offset, by the
///   rules of [`compare`];
/// - a field tshark leaves undecoded (the attributes of `genltest`'s own messages, for
///   which tshark 4.0 has no dissector) is compared with the captured bytes at its offset.
pub fn compare_dump(frame: &TsharkFrame, dump: &Traced, who: &str) -> Result<usize, String> {
    let mut problems = Vec::new();
    byte_problems(frame, dump, who, &mut problems);
    let fields = dump_fields(dump, &decode_frame(&frame.bytes)?)?;
    let mut compared = match_fields(frame, &fields, who, &mut problems);
    // A required field tshark does not show is reported already.
    let undecoded = fields
        .iter()
        .filter(|e| !e.required && shown(frame, e).next().is_none());
    for e in undecoded {
        match value_in(&frame.bytes, e.slot, e.offset) {
            Some(v) if v == e.value => compared += 1,
            Some(v) => problems.push(format!(
                "offset {}: tshark does not decode the {:?} field there; its bytes hold {v}, \
                 {who} reads {}",
                e.offset, e.slot, e.value
            )),
            None => problems.push(format!(
                "offset {}: {who} shows a {:?} field past the end of the frame",
                e.offset, e.slot
            )),
        }
    }
    verdict(frame, who, compared, &problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Row;

    /// tshark 4.0's decode (`-T json -x --no-duplicate-keys`) of a capture the VM test
    /// made on nlmon0: `genltest echo` (the controller lookup, the echo and both ACKs)
    /// and a notification to `genltest listen`. Seven of its frames, as tshark wrote them.
    const CAPTURE: &str = include_str!("../tests/fixtures/nlmon-capture.json");

    /// tshark 4.0's decode of frames written by hand into a pcap file (link type 253,
    /// `LINKTYPE_NETLINK`), for what the VM cannot capture: a unit-31 message (the kernel
    /// does not tap unit 31) and an error answer with errno -22.
    const CRAFTED: &str = include_str!("../tests/fixtures/nlmon-crafted.json");

    fn frames(json: &str) -> Vec<TsharkFrame> {
        parse_tshark_json(json).expect("the fixture parses")
    }

    fn frame(json: &str, number: u64) -> TsharkFrame {
        frames(json)
            .into_iter()
            .find(|f| f.number == number)
            .expect("the frame is in the fixture")
    }

    #[test]
    fn every_frame_of_both_fixtures_agrees() {
        for json in [CAPTURE, CRAFTED] {
            let frames = frames(json);
            assert!(!frames.is_empty());
            for f in &frames {
                let n = compare(f).unwrap_or_else(|e| panic!("{e}"));
                // The cooked protocol and the five header fields at least.
                assert!(n >= 6, "frame {}: only {n} fields compared", f.number);
            }
        }
    }

    #[test]
    fn controller_reply_attributes_are_all_compared() {
        let reply = frame(CAPTURE, 2);
        assert_eq!(
            reply.value("genl.ctrl.cmd"),
            Some("1"),
            "CTRL_CMD_NEWFAMILY"
        );
        let expected = decode_frame(&reply.bytes).unwrap();
        let top = expected
            .iter()
            .filter(|e| e.slot == Slot::AttrLen && e.required)
            .count();
        assert!(top >= 6, "{top} top-level attributes");
        let shown = reply
            .fields
            .iter()
            .filter(|f| f.name == "netlink.attr_len")
            .count();
        assert!(shown > top, "tshark decodes inside the nests too ({shown})");
        compare(&reply).unwrap();
    }

    #[test]
    fn classic_and_error_frames_agree() {
        let classic = frame(CRAFTED, 4);
        assert_eq!(classic.value("netlink.family"), Some("0x001f"));
        compare(&classic).unwrap();
        let error = frame(CRAFTED, 3);
        assert_eq!(error.value("netlink.error"), Some("-22"));
        compare(&error).unwrap();
    }

    /// A deliberately wrong expectation: the bytes genltest's parser reads are changed
    /// (the sequence number of the echo request) while tshark's decode stays as it was.
    /// The comparison must fail and name the field and both values.
    #[test]
    fn a_wrong_sequence_number_is_reported() {
        let mut f = frame(CAPTURE, 4);
        let seq_at = COOKED_HDRLEN + 8;
        f.bytes[seq_at] ^= 0x01;
        let err = compare(&f).expect_err("a changed sequence number must not agree");
        assert!(
            err.contains(&format!(
                "offset {seq_at}: tshark shows netlink.hdr_seq = \"2\", genltest's parser \
                 reads 3"
            )),
            "{err}"
        );
    }

    /// The same for an attribute: the type of the controller request's only attribute
    /// (`CTRL_ATTR_FAMILY_NAME`, 2) changed in the bytes.
    #[test]
    fn a_wrong_attribute_type_is_reported() {
        let mut f = frame(CAPTURE, 1);
        // The attribute follows the 16-byte nlmsghdr and the 4-byte genlmsghdr; its type
        // is the second 16-bit field.
        let at = COOKED_HDRLEN + 16 + 4 + 2;
        f.bytes[at] = 3;
        let err = compare(&f).expect_err("a changed attribute type must not agree");
        assert!(
            err.contains(&format!(
                "offset {at}: tshark shows netlink.attr_type = \"0x0002\", genltest's \
                 parser reads 3"
            )),
            "{err}"
        );
    }

    /// A field tshark must show that is missing from its decode.
    #[test]
    fn a_missing_header_field_is_reported() {
        let mut f = frame(CAPTURE, 5);
        f.fields.retain(|x| x.name != "netlink.hdr_pid");
        let err = compare(&f).expect_err("a missing port id must be reported");
        assert!(err.contains("does not show the Pid field"), "{err}");
    }

    /// A field tshark shows where genltest's parser sees none.
    #[test]
    fn an_extra_attribute_is_reported() {
        let mut f = frame(CAPTURE, 5);
        f.fields.push(TsharkField {
            name: "netlink.attr_len".into(),
            offset: 3,
            value: "8".into(),
        });
        let err = compare(&f).expect_err("an extra attribute must be reported");
        assert!(err.contains("sees no such field"), "{err}");
    }

    /// genltest's annotator's dump of frames 1 to 6 of [`CAPTURE`] (the controller lookup
    /// and the echo, each with its ACK), as `genltest decode --pcap` would show them, read
    /// back by the row parser of the VM tests.
    fn dumps() -> Vec<(TsharkFrame, Traced)> {
        use genltest::trace::{Annotator, Direction, Heading};
        let heading = Heading {
            direction: Direction::Captured,
            protocol: PROTO_GENERIC.into(),
            port: None,
        };
        let mut annotator = Annotator::new();
        (1..=6)
            .map(|n| {
                let f = frame(CAPTURE, n);
                let mut text = String::new();
                annotator
                    .datagram(&mut text, &heading, &f.bytes[COOKED_HDRLEN..])
                    .expect("a well-formed datagram");
                let mut dump = crate::trace::parse_trace(&text);
                assert_eq!(dump.len(), 1, "{text}");
                (f, dump.remove(0))
            })
            .collect()
    }

    /// The row of `dump` at `offset` (in the datagram) named `field`.
    fn row<'d>(dump: &'d mut Traced, offset: usize, field: &str) -> &'d mut Row {
        dump.rows
            .iter_mut()
            .find(|r| r.offset == offset && r.field == field)
            .unwrap_or_else(|| panic!("no {field} row at byte {offset}"))
    }

    #[test]
    fn the_annotated_dump_of_every_frame_agrees() {
        for (f, dump) in dumps() {
            let n = compare_dump(&f, &dump, "--trace").unwrap_or_else(|e| panic!("{e}"));
            // At least as many fields as genltest's parser compares: the dump shows the
            // attributes tshark leaves undecoded too.
            let by_parser = compare(&f).unwrap();
            assert!(n >= by_parser, "frame {}: {n} < {by_parser}", f.number);
        }
    }

    #[test]
    fn the_echo_attribute_is_compared_with_the_captured_bytes() {
        let (f, dump) = dumps().remove(3);
        // Protocol, five header fields, command, version: 8 decoded by tshark; the MSG
        // attribute's length and type, which tshark 4.0 shows only as data: 2 more.
        assert_eq!(compare_dump(&f, &dump, "--trace"), Ok(10));
    }

    /// A deliberately wrong value in the dump (the echo request's sequence number shown as
    /// 3, where the frame and tshark say 2) must be reported, naming both values.
    #[test]
    fn a_wrong_header_value_in_the_dump_is_reported() {
        let (f, mut dump) = dumps().remove(3);
        row(&mut dump, 8, "nlmsg_seq").value = "3".into();
        let err = compare_dump(&f, &dump, "--trace").expect_err("a wrong seq must not agree");
        assert!(
            err.contains("offset 24: tshark shows netlink.hdr_seq = \"2\", --trace reads 3"),
            "{err}"
        );
    }

    /// The same for the controller's attributes, which tshark decodes: the type of the
    /// reply's first attribute (`CTRL_ATTR_FAMILY_NAME`, 2, after 16 + 4 header bytes)
    /// shown as `CTRL_ATTR_FAMILY_ID`.
    #[test]
    fn a_wrong_attribute_type_in_the_dump_is_reported() {
        let (f, mut dump) = dumps().remove(1);
        row(&mut dump, 22, "nla_type").value = "0x0001 | 1 family-id".into();
        let err = compare_dump(&f, &dump, "--trace").expect_err("a wrong type must not agree");
        assert!(
            err.contains("offset 38: tshark shows netlink.attr_type = \"0x0002\", --trace reads 1"),
            "{err}"
        );
    }

    /// And for the echo's MSG attribute, which tshark shows only as data: its length in the
    /// bytes is 19 ("genl via nlmon" and its NUL, after the 4-byte header).
    #[test]
    fn a_wrong_length_of_an_undecoded_attribute_is_reported() {
        let (f, mut dump) = dumps().remove(3);
        row(&mut dump, 20, "nla_len").value = "20".into();
        let err = compare_dump(&f, &dump, "--trace").expect_err("a wrong length must not agree");
        assert!(
            err.contains(
                "offset 36: tshark does not decode the AttrLen field there; its bytes hold 19, \
                 --trace reads 20"
            ),
            "{err}"
        );
    }

    /// A payload byte the dump shows differently from the capture.
    #[test]
    fn a_wrong_payload_byte_in_the_dump_is_reported() {
        let (f, mut dump) = dumps().remove(4);
        row(&mut dump, 24, "msg").bytes[0] = b'G';
        let err = compare_dump(&f, &dump, "--trace").expect_err("a wrong byte must not agree");
        assert!(
            err.contains(
                "offset 40: tshark has the bytes 67 65 6e 6c 20 76 69 61 20 6e 6c 6d 6f 6e 00 \
                 there, --trace shows 47 65 6e 6c"
            ),
            "{err}"
        );
    }

    /// A field tshark decodes for which the dump has no row (the genl version row gone).
    #[test]
    fn a_field_missing_from_the_dump_is_reported() {
        let (f, mut dump) = dumps().remove(0);
        dump.rows.retain(|r| r.field != "genl version");
        let err = compare_dump(&f, &dump, "--trace").expect_err("a missing row must be reported");
        assert!(
            err.contains(
                "offset 33: tshark shows genl.version = \"1\" where --trace sees no such field"
            ),
            "{err}"
        );
        assert!(err.contains("the rows before it end at byte 17"), "{err}");
    }

    #[test]
    fn shown_values_parse() {
        assert_eq!(parse_shown("0x001c"), Some(0x1c));
        assert_eq!(parse_shown("28"), Some(28));
        assert_eq!(parse_shown("-22"), Some(-22));
        assert_eq!(parse_shown(""), None);
    }
}
