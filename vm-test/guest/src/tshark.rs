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

use serde_json::Value;

use genltest::wire::{
    Attrs, GenlHeader, Header, Messages, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLMSG_DONE,
    NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_MIN_TYPE,
};

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

/// Checks that tshark and genltest's parser agree on every field of `frame`; returns the
/// number of fields compared, or every disagreement, one per line.
pub fn compare(frame: &TsharkFrame) -> Result<usize, String> {
    let expected = decode_frame(&frame.bytes)?;
    let mut problems = Vec::new();
    let mut compared = 0;
    for e in &expected {
        let shown: Vec<&TsharkField> = frame
            .fields
            .iter()
            .filter(|f| f.offset == e.offset && e.slot.tshark_names().contains(&f.name.as_str()))
            .collect();
        if shown.is_empty() && e.required {
            problems.push(format!(
                "offset {}: tshark does not show the {:?} field ({}) genltest's parser reads \
                 there",
                e.offset, e.slot, e.value
            ));
        }
        for f in shown {
            if parse_shown(&f.value) == Some(e.value) {
                compared += 1;
            } else {
                problems.push(format!(
                    "offset {}: tshark shows {} = {:?}, genltest's parser reads {}",
                    e.offset, f.name, f.value, e.value
                ));
            }
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
                "offset {}: tshark shows {} = {:?} where genltest's parser sees no such field",
                f.offset, f.name, f.value
            ));
        }
    }
    if problems.is_empty() {
        Ok(compared)
    } else {
        Err(format!(
            "frame {}: tshark and genltest's parser disagree:\n{}",
            frame.number,
            problems.join("\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn shown_values_parse() {
        assert_eq!(parse_shown("0x001c"), Some(0x1c));
        assert_eq!(parse_shown("28"), Some(28));
        assert_eq!(parse_shown("-22"), Some(-22));
        assert_eq!(parse_shown(""), None);
    }
}
