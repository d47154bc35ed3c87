//! Input for `genltest decode`: hex text and pcap captures, turned into datagrams that
//! [`crate::trace::Annotator`] explains.
//!
//! - Hex: pairs of hex digits, with any spaces, commas, colons or `0x` prefixes between
//!   them; `#` starts a comment that runs to the end of the line; an empty line ends a
//!   datagram and starts the next one.
//! - pcap (not pcapng), as `tcpdump -i nlmon0 -w file` writes it from an `nlmon`
//!   device: link type 253 (`LINKTYPE_NETLINK`), whose 16-byte header has the same layout
//!   as `LINKTYPE_LINUX_SLL` (113), which is also read, as is `LINKTYPE_LINUX_SLL2` (276).
//!   The header says which Netlink protocol the datagram belongs to. Its packet type is
//!   "outgoing" for every datagram an nlmon device copies, so who sent a datagram shows
//!   in its messages (`NLM_F_REQUEST`), not in the header; the kernel's own
//!   `PACKET_USER`/`PACKET_KERNEL` marks are read when a tool preserved them.

use std::fmt;

use crate::trace::Direction;

/// Why an input cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// One datagram to explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Datagram {
    /// Its Netlink protocol, when the input says (pcap does, hex does not).
    pub protocol: Option<i32>,
    /// Who sent it, when the input says.
    pub direction: Direction,
    /// Its bytes.
    pub data: Vec<u8>,
    /// Where it came from, for messages: "line 3" or "packet 2".
    pub origin: String,
}

/// Parses hex text into datagrams (an empty line separates two datagrams).
pub fn parse_hex(text: &str) -> Result<Vec<Datagram>, InputError> {
    let mut datagrams = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut start_line = 1;
    let mut flush = |current: &mut Vec<u8>, line: usize| {
        if !current.is_empty() {
            datagrams.push(Datagram {
                protocol: None,
                direction: Direction::Input,
                data: std::mem::take(current),
                origin: format!("line {line}"),
            });
        }
    };
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        let line = line.split('#').next().unwrap_or("");
        if line.trim().is_empty() {
            flush(&mut current, start_line);
            start_line = n + 1;
            continue;
        }
        if current.is_empty() {
            start_line = n;
        }
        for token in line.split(|c: char| c.is_whitespace() || c == ',' || c == ':') {
            let digits = token
                .strip_prefix("0x")
                .or_else(|| token.strip_prefix("0X"))
                .unwrap_or(token);
            if digits.is_empty() {
                continue;
            }
            if let Some(bad) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
                return Err(InputError(format!(
                    "line {n}: '{bad}' in '{token}' is not a hex digit"
                )));
            }
            if digits.len() % 2 != 0 {
                return Err(InputError(format!(
                    "line {n}: '{token}' has an odd number of hex digits: write each byte as two digits"
                )));
            }
            for pair in digits.as_bytes().chunks(2) {
                let s = std::str::from_utf8(pair).unwrap_or("00");
                current.push(u8::from_str_radix(s, 16).unwrap_or(0));
            }
        }
    }
    flush(&mut current, start_line);
    if datagrams.is_empty() {
        return Err(InputError("no hex bytes in the input".into()));
    }
    Ok(datagrams)
}

/// `LINKTYPE_LINUX_SLL`: the 16-byte "cooked" header.
pub const LINKTYPE_LINUX_SLL: u32 = 113;
/// `LINKTYPE_NETLINK`: an nlmon capture, with the same 16-byte header.
pub const LINKTYPE_NETLINK: u32 = 253;
/// `LINKTYPE_LINUX_SLL2`: the 20-byte "cooked" header.
pub const LINKTYPE_LINUX_SLL2: u32 = 276;
/// `ARPHRD_NETLINK`: the hardware type of an nlmon device.
pub const ARPHRD_NETLINK: u16 = 824;
/// `PACKET_USER`: nlmon's packet type of a datagram user space sent.
pub const PACKET_USER: u16 = 6;
/// `PACKET_KERNEL`: nlmon's packet type of a datagram the kernel sent.
pub const PACKET_KERNEL: u16 = 7;
/// `PACKET_OUTGOING`: what a packet socket on an nlmon device reports for every datagram
/// (the copy is made on the device's transmit path), so the direction is unknown.
pub const PACKET_OUTGOING: u16 = 4;

/// Reads `N` bytes at `at`, or says what is missing.
fn take<const N: usize>(b: &[u8], at: usize, what: &str) -> Result<[u8; N], InputError> {
    b.get(at..at + N)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| {
            InputError(format!(
                "truncated pcap: {what} needs {N} bytes at byte {at}, the file has {}",
                b.len()
            ))
        })
}

/// Parses a pcap file into datagrams.
pub fn parse_pcap(file: &[u8]) -> Result<Vec<Datagram>, InputError> {
    let magic = take::<4>(file, 0, "the file header")?;
    let little = match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] | [0x4d, 0x3c, 0xb2, 0xa1] => true,
        [0xa1, 0xb2, 0xc3, 0xd4] | [0xa1, 0xb2, 0x3c, 0x4d] => false,
        [0x0a, 0x0d, 0x0d, 0x0a] => return Err(InputError(
            "this is pcapng, not pcap: capture with 'tcpdump -w' or convert with 'editcap -F pcap'"
                .into(),
        )),
        _ => {
            return Err(InputError(format!(
                "not a pcap file (magic {:02x}{:02x}{:02x}{:02x})",
                magic[0], magic[1], magic[2], magic[3]
            )))
        }
    };
    let u32_of = |b: [u8; 4]| {
        if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let linktype = u32_of(take::<4>(file, 20, "the file header")?) & 0x0fff_ffff;
    let header_len = match linktype {
        LINKTYPE_NETLINK | LINKTYPE_LINUX_SLL => 16,
        LINKTYPE_LINUX_SLL2 => 20,
        other => {
            return Err(InputError(format!(
                "pcap link type {other} is not Netlink: capture on an nlmon device \
                 (link type {LINKTYPE_NETLINK})"
            )))
        }
    };
    let mut at = 24;
    let mut out = Vec::new();
    let mut n = 0;
    while at < file.len() {
        n += 1;
        let what = format!("packet {n}'s record header");
        let incl = u32_of(take::<4>(file, at + 8, &what)?) as usize;
        let orig = u32_of(take::<4>(file, at + 12, &what)?) as usize;
        let data_at = at + 16;
        let Some(packet) = file.get(data_at..data_at + incl) else {
            return Err(InputError(format!(
                "truncated pcap: packet {n} claims {incl} bytes, the file has {} left",
                file.len().saturating_sub(data_at)
            )));
        };
        if incl < orig {
            return Err(InputError(format!(
                "packet {n} was cut to {incl} of its {orig} bytes by the capture's snapshot \
                 length: capture again with 'tcpdump -s 0'"
            )));
        }
        if packet.len() < header_len {
            return Err(InputError(format!(
                "packet {n} has {} bytes, less than its {header_len}-byte link header",
                packet.len()
            )));
        }
        let be16 = |i: usize| u16::from_be_bytes([packet[i], packet[i + 1]]);
        // The cooked headers are in network byte order; the Netlink bytes after them
        // are in the capturing machine's order.
        let (pkttype, hatype, protocol) = if header_len == 16 {
            (be16(0), be16(2), be16(14))
        } else {
            (u16::from(packet[10]), be16(8), be16(0))
        };
        if hatype != ARPHRD_NETLINK {
            return Err(InputError(format!(
                "packet {n} has hardware type {hatype}, not ARPHRD_NETLINK ({ARPHRD_NETLINK}): \
                 not an nlmon capture"
            )));
        }
        let direction = match pkttype {
            PACKET_USER => Direction::UserToKernel,
            PACKET_KERNEL => Direction::KernelToUser,
            _ => Direction::Captured,
        };
        out.push(Datagram {
            protocol: Some(i32::from(protocol)),
            direction,
            data: packet[header_len..].to_vec(),
            origin: format!("packet {n}"),
        });
        at = data_at + incl;
    }
    Ok(out)
}

/// Writes a pcap file (link type [`LINKTYPE_NETLINK`]) holding `datagrams`: the inverse
/// of [`parse_pcap`], for tests and for saving what `--trace` saw.
pub fn write_pcap(datagrams: &[Datagram]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes()); // Magic: little endian, µs.
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // Time zone.
    out.extend_from_slice(&0u32.to_le_bytes()); // Timestamp accuracy.
    out.extend_from_slice(&65535u32.to_le_bytes()); // Snapshot length.
    out.extend_from_slice(&LINKTYPE_NETLINK.to_le_bytes());
    for d in datagrams {
        let len = (16 + d.data.len()) as u32;
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        let pkttype = match d.direction {
            Direction::Send | Direction::UserToKernel => PACKET_USER,
            Direction::Recv | Direction::KernelToUser => PACKET_KERNEL,
            Direction::Input | Direction::Captured => PACKET_OUTGOING,
        };
        out.extend_from_slice(&pkttype.to_be_bytes());
        out.extend_from_slice(&ARPHRD_NETLINK.to_be_bytes());
        out.extend_from_slice(&[0u8; 10]); // Address length and address: unused.
        let protocol = d.protocol.unwrap_or(libc::NETLINK_GENERIC) as u16;
        out.extend_from_slice(&protocol.to_be_bytes());
        out.extend_from_slice(&d.data);
    }
    out
}

/// Parses `ID=NAME` (`27=genltest`, `0x1b=genltest`) for `--family-id`.
pub fn parse_family_id(spec: &str) -> Result<(u16, String), InputError> {
    let bad = || {
        InputError(format!(
            "--family-id {spec}: write ID=NAME, such as 27=genltest or 0x1b=genltest"
        ))
    };
    let (id, name) = spec.split_once('=').ok_or_else(bad)?;
    let id = parse_number(id).ok_or_else(bad)?;
    let id = u16::try_from(id).map_err(|_| bad())?;
    if name.is_empty() {
        return Err(bad());
    }
    Ok((id, name.to_owned()))
}

/// Parses a decimal or `0x` hexadecimal number.
pub fn parse_number(text: &str) -> Option<u64> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}
