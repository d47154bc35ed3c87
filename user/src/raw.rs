//! `genltest raw`: hand-built messages, for seeing what the kernel does with them.
//!
//! A request is either a whole datagram in hex, or built field by field with
//! [`MessageBuilder`]: message type, flags, sequence number, for Generic Netlink a
//! command and version, then attributes written as `TYPE:KIND:VALUE`.

use std::time::Duration;

use crate::conn::kernel_error;
use crate::decode::parse_number;
use crate::error::{Ack, Error};
use crate::gen::genltest::{Cmd, GenltestAttr};
use crate::protocols::{MAX_PROTOCOL, NETLINK_GENLTEST};
use crate::socket::{RecvError, Socket, RECV_BUF_SIZE};
use crate::wire::{
    MessageBuilder, Messages, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLMSG_DONE, NLMSG_ERROR,
    NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO, NLM_F_MATCH, NLM_F_REQUEST, NLM_F_ROOT,
};

/// One attribute of a built request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrSpec {
    /// The type, with any `NLA_F_*` flags.
    pub ty: u16,
    /// The value's bytes.
    pub value: Vec<u8>,
}

/// Parses `--flags`: a number, or names joined by `,` or `|` (`request,ack`, `dump`).
pub fn parse_flags(text: &str) -> Result<u16, String> {
    if let Some(n) = parse_number(text) {
        return u16::try_from(n).map_err(|_| format!("--flags {text}: more than 16 bits"));
    }
    let mut flags = 0;
    for name in text.split([',', '|']).filter(|s| !s.is_empty()) {
        flags |= match name.to_ascii_lowercase().as_str() {
            "request" => NLM_F_REQUEST,
            "ack" => NLM_F_ACK,
            "echo" => NLM_F_ECHO,
            "root" => NLM_F_ROOT,
            "match" => NLM_F_MATCH,
            "dump" => NLM_F_DUMP,
            _ => {
                return Err(format!(
                    "--flags: unknown flag '{name}': use request, ack, echo, root, match, dump or a number"
                ))
            }
        };
    }
    Ok(flags)
}

/// Parses `--cmd` for the `genltest` family: a number or a command name (`echo`).
pub fn parse_cmd(text: &str) -> Result<u8, String> {
    if let Some(n) = parse_number(text) {
        return u8::try_from(n).map_err(|_| format!("--cmd {text}: a command is one byte"));
    }
    Cmd::ALL
        .into_iter()
        .find(|c| c.name() == text)
        .map(u8::from)
        .ok_or_else(|| {
            let names: Vec<&str> = Cmd::ALL.iter().map(|c| c.name()).collect();
            format!("--cmd {text}: not a number or one of {}", names.join(", "))
        })
}

/// Parses `--attr TYPE:KIND:VALUE`.
///
/// TYPE is a number or a `genltest` attribute name, optionally followed by `+nested`
/// or `+net` to set `NLA_F_NESTED` or `NLA_F_NET_BYTEORDER`. KIND is `str` (a string
/// with its NUL added), `bytes` (the text without a NUL), `hex`, `u8`, `u16`, `u32`,
/// `u64` or `flag` (no value).
pub fn parse_attr(spec: &str) -> Result<AttrSpec, String> {
    let usage =
        || format!("--attr {spec}: write TYPE:KIND:VALUE, such as msg:str:hello or 1:u32:7");
    let mut parts = spec.splitn(3, ':');
    let ty_text = parts.next().ok_or_else(usage)?;
    let kind = parts.next().ok_or_else(usage)?;
    let value = parts.next().unwrap_or("");
    let mut flags = 0;
    let mut ty_parts = ty_text.split('+');
    let name = ty_parts.next().unwrap_or("");
    for flag in ty_parts {
        flags |= match flag {
            "nested" => NLA_F_NESTED,
            "net" => NLA_F_NET_BYTEORDER,
            _ => {
                return Err(format!(
                    "--attr {spec}: unknown type flag '+{flag}' (nested or net)"
                ))
            }
        };
    }
    let ty = match parse_number(name) {
        Some(n) => u16::try_from(n).map_err(|_| format!("--attr {spec}: type above 65535"))?,
        None => GenltestAttr::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .map(|a| a as u16)
            .ok_or_else(|| {
                format!("--attr {spec}: '{name}' is not a number or a genltest attribute")
            })?,
    };
    let int = |max: u64| -> Result<u64, String> {
        let n = parse_number(value)
            .ok_or_else(|| format!("--attr {spec}: '{value}' is not a number"))?;
        if n > max {
            return Err(format!("--attr {spec}: {n} does not fit in {kind}"));
        }
        Ok(n)
    };
    let value = match kind {
        "str" => {
            let mut v = value.as_bytes().to_vec();
            v.push(0);
            v
        }
        "bytes" => value.as_bytes().to_vec(),
        "hex" => {
            let d = crate::decode::parse_hex(value).map_err(|e| format!("--attr {spec}: {e}"))?;
            d.into_iter().flat_map(|d| d.data).collect()
        }
        "u8" => vec![int(u8::MAX.into())? as u8],
        "u16" => (int(u16::MAX.into())? as u16).to_ne_bytes().to_vec(),
        "u32" => (int(u32::MAX.into())? as u32).to_ne_bytes().to_vec(),
        "u64" => int(u64::MAX)?.to_ne_bytes().to_vec(),
        "flag" => Vec::new(),
        _ => {
            return Err(format!(
            "--attr {spec}: unknown kind '{kind}': use str, bytes, hex, u8, u16, u32, u64 or flag"
        ))
        }
    };
    if value.len() > usize::from(u16::MAX) - 4 {
        return Err(format!(
            "--attr {spec}: the value is longer than an attribute can be"
        ));
    }
    Ok(AttrSpec {
        ty: ty | flags,
        value,
    })
}

/// What to put in a built message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// `nlmsg_type`.
    pub ty: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// For Generic Netlink: command and version.
    pub genl: Option<(u8, u8)>,
    /// Raw payload after the header(s), before attributes (classic echo's text).
    pub payload: Vec<u8>,
    /// Attributes.
    pub attrs: Vec<AttrSpec>,
}

/// Appends the message `fields` describe to `buf`.
pub fn build(buf: &mut Vec<u8>, fields: &Fields) {
    let mut m = MessageBuilder::new(buf, fields.ty, fields.flags, fields.seq);
    if let Some((cmd, version)) = fields.genl {
        m = m.genl(cmd, version);
    }
    if !fields.payload.is_empty() {
        m = m.bytes(&fields.payload);
    }
    for a in &fields.attrs {
        m = m.attr(a.ty, &a.value);
    }
    m.finish();
}

/// Sends `datagram` on a fresh socket of `protocol` (with extended ACKs) and returns
/// every datagram the kernel answers with: until the answer to the last message ends
/// (an `NLMSG_ERROR` or `NLMSG_DONE` with its sequence number), or until `idle` passes
/// without a datagram (`first` for the first one).
pub fn exchange(
    protocol: i32,
    datagram: &[u8],
    first: Duration,
    idle: Duration,
) -> Result<Vec<Vec<u8>>, Error> {
    let sock = match Socket::open(protocol) {
        Ok(s) => s,
        // Unit 31 has a kernel socket while genltest is loaded.
        Err(nix::errno::Errno::EPROTONOSUPPORT) if protocol == NETLINK_GENLTEST => {
            return Err(Error::NotLoaded(format!(
                "raw: no kernel socket on Netlink unit {protocol}"
            )))
        }
        Err(nix::errno::Errno::EPROTONOSUPPORT) => {
            return Err(Error::NoKernelSocket {
                op: "raw".into(),
                protocol,
            })
        }
        Err(e) => return Err(Error::os("raw: socket", e)),
    };
    sock.enable_ext_ack()
        .map_err(|e| Error::os("raw: setsockopt NETLINK_EXT_ACK", e))?;
    sock.send(datagram).map_err(|e| Error::os("raw: send", e))?;
    // The sequence number of the last message sent: its end ends the exchange.
    let last_seq = Messages::new(datagram)
        .filter_map(Result::ok)
        .last()
        .map(|m| m.header.seq);
    let mut buf = vec![0u8; RECV_BUF_SIZE];
    let mut answers = Vec::new();
    loop {
        let wait = if answers.is_empty() { first } else { idle };
        let n = match sock.recv(&mut buf, Socket::deadline(wait)) {
            Ok(n) => n,
            Err(RecvError::Timeout) => return Ok(answers),
            Err(e) => return Err(e.into_error("raw")),
        };
        let data = buf[..n].to_vec();
        let ends = Messages::new(&data).filter_map(Result::ok).any(|m| {
            (m.header.ty == NLMSG_ERROR || m.header.ty == NLMSG_DONE)
                && Some(m.header.seq) == last_seq
        });
        answers.push(data);
        if ends {
            return Ok(answers);
        }
    }
}

/// Checks `--protocol N` before any socket is opened: Netlink protocols are 0 to
/// [`MAX_PROTOCOL`].
pub fn check_protocol(protocol: i32) -> Result<i32, String> {
    if (0..=MAX_PROTOCOL).contains(&protocol) {
        Ok(protocol)
    } else {
        Err(format!(
            "--protocol {protocol}: Netlink protocol {protocol} has no kernel socket: \
             protocols are numbered 0 to {MAX_PROTOCOL}"
        ))
    }
}

/// The name of a genltest attribute for error messages (`MSG`), as the family's client
/// names them.
fn attr_name(ty: u32) -> Option<String> {
    let attr = GenltestAttr::try_from(u16::try_from(ty).ok()?).ok()?;
    Some(attr.name().to_ascii_uppercase().replace('-', "_"))
}

/// The first error the kernel answered in `answers`, as an [`Error`].
pub fn first_error(answers: &[Vec<u8>], request: &[u8]) -> Option<Error> {
    for data in answers {
        for m in Messages::new(data).filter_map(Result::ok) {
            if m.header.ty != NLMSG_ERROR {
                continue;
            }
            let ack = Ack::parse(m.header.flags, m.payload).ok()?;
            if ack.error != 0 {
                return Some(kernel_error("raw", ack, request, &attr_name));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_by_name_and_number() {
        assert_eq!(parse_flags("request,ack"), Ok(NLM_F_REQUEST | NLM_F_ACK));
        assert_eq!(parse_flags("request|dump"), Ok(NLM_F_REQUEST | NLM_F_DUMP));
        assert_eq!(parse_flags("0x5"), Ok(5));
        assert!(parse_flags("bogus").is_err());
    }

    #[test]
    fn attrs_of_every_kind() {
        assert_eq!(
            parse_attr("msg:str:hi"),
            Ok(AttrSpec {
                ty: 1,
                value: b"hi\0".to_vec()
            })
        );
        assert_eq!(parse_attr("msg:bytes:hi").unwrap().value, b"hi");
        assert_eq!(parse_attr("9:u32:7").unwrap().value, 7u32.to_ne_bytes());
        assert_eq!(
            parse_attr("1+nested:hex:0400").unwrap().ty,
            1 | NLA_F_NESTED
        );
        assert_eq!(parse_attr("2:flag").unwrap().value, b"");
        assert!(parse_attr("1:u8:256").is_err());
        assert!(parse_attr("nosuch:str:x").is_err());
        assert!(parse_attr("1:float:1").is_err());
    }

    #[test]
    fn built_message_matches_the_codec() {
        let mut ours = Vec::new();
        build(
            &mut ours,
            &Fields {
                ty: 0x20,
                flags: NLM_F_REQUEST | NLM_F_ACK,
                seq: 1,
                genl: Some((1, 1)),
                payload: Vec::new(),
                attrs: vec![parse_attr("msg:str:hi").unwrap()],
            },
        );
        let mut codec = Vec::new();
        crate::gen::genltest::EchoRequest { msg: Some(b"hi") }.emit(&mut codec, 0x20, 1);
        assert_eq!(ours, codec);
    }
}
