//! The text side of the guided tour (`docs/tour.md`) and of the README's peer transcripts
//! ("Talk to genltest with the tools you know"): normalising transcripts so that two runs
//! compare equal, and splicing them into their document.
//!
//! Pure functions, unit-tested on the host by `cargo test`; the VM tests in `trace.rs`
//! and `peers.rs` run the commands and use them.
//!
//! # Normalisation (what legitimately varies between runs, and nothing else)
//!
//! 1. Values the kernel assigns at run time, which `--trace` marks with "assigned at":
//!    port ids become `<port-1>`, `<port-2>`, ... in order of first appearance; Generic
//!    Netlink family ids become `<family-1>`, ...; multicast group ids `<group-1>`, ...
//!    Their raw bytes on the same row become `xx`.
//! 2. Port ids and timestamps in kernel log lines (`[   12.345678] `) likewise.
//! 3. Length, not content: in a datagram of many messages only the first two and the
//!    last are kept, and of a value spanning many rows only the first two and the last;
//!    a line says how many were left out. (The VM test compares the elided text; the
//!    full text is what `--trace` prints.)

use std::collections::HashMap;

/// The phrase `--trace` puts after a value assigned at run time.
const ASSIGNED: &str = genltest::trace::ASSIGNED_AT;

/// Where the raw bytes of a row start and end (`  0000  xx xx ...`).
const HEX_START: usize = 8;
const HEX_END: usize = HEX_START + genltest::trace::BYTES_PER_ROW * 3 - 1;

/// Placeholders for run-time values, numbered by first appearance.
#[derive(Default)]
pub struct Placeholders {
    seen: HashMap<(&'static str, u64), String>,
    counts: HashMap<&'static str, usize>,
}

impl Placeholders {
    fn get(&mut self, kind: &'static str, value: u64) -> String {
        if let Some(p) = self.seen.get(&(kind, value)) {
            return p.clone();
        }
        let n = self.counts.entry(kind).or_insert(0);
        *n += 1;
        let p = format!("<{kind}-{n}>");
        self.seen.insert((kind, value), p.clone());
        p
    }
}

fn number(token: &str) -> Option<u64> {
    let token = token.trim_end_matches([',', ':']);
    match token.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => token.parse().ok(),
    }
}

/// Whether `line` is a row of bytes (`  0000  ...`).
fn is_row(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > HEX_START
        && line.starts_with("  ")
        && b[2..6].iter().all(u8::is_ascii_hexdigit)
        && &line[6..8] == "  "
}

/// Replaces the run-time values of one line (see the module's documentation).
fn normalise_line(line: &str, p: &mut Placeholders) -> String {
    let mut line = line.to_owned();
    let mut masked = false;
    // Each "(a port id, assigned at bind)" names the number shortly before it.
    for (phrase, kind) in [
        ("(a port id, ", "port"),
        ("(a family id, ", "family"),
        ("(a group id, ", "group"),
    ] {
        let mut from = 0;
        while let Some(i) = line[from..].find(phrase).map(|i| i + from) {
            from = i + phrase.len();
            if !line[i..].contains(ASSIGNED) {
                continue;
            }
            // The number is one of the (at most three) words before the phrase.
            let before = &line[..i];
            let mut end = before.trim_end().len();
            for _ in 0..3 {
                let start = before[..end].rfind(' ').map_or(0, |s| s + 1);
                if let Some(v) = number(&before[start..end]) {
                    let word_end = start + before[start..end].trim_end_matches([',', ':']).len();
                    let ph = p.get(kind, v);
                    line.replace_range(start..word_end, &ph);
                    // Go on after this phrase, which moved with the replacement.
                    from = line[start..]
                        .find(phrase)
                        .map_or(line.len(), |i| i + start + phrase.len());
                    masked = true;
                    break;
                }
                if start == 0 {
                    break;
                }
                end = before[..start].trim_end().len();
            }
        }
    }
    if masked && is_row(&line) {
        let hex_end = HEX_END.min(line.len());
        let hex: String = line[HEX_START..hex_end]
            .chars()
            .map(|c| if c.is_ascii_hexdigit() { 'x' } else { c })
            .collect();
        line.replace_range(HEX_START..hex_end, &hex);
    }
    line
}

/// Normalises a kernel log line: no timestamp, port ids as placeholders.
fn normalise_log_line(line: &str, p: &mut Placeholders) -> String {
    let mut line = match (line.starts_with('['), line.find("] ")) {
        (true, Some(i)) => line[i + 2..].to_owned(),
        _ => line.to_owned(),
    };
    for phrase in ["from port ", "to port "] {
        if let Some(i) = line.find(phrase) {
            let start = i + phrase.len();
            let end = line[start..].find(' ').map_or(line.len(), |e| e + start);
            if let Some(v) = number(&line[start..end]) {
                let ph = p.get("port", v);
                line.replace_range(start..end, &ph);
            }
        }
    }
    line
}

/// Replaces `value` where it follows `before` and ends a number (the next character is
/// not a hex digit), with `to`.
fn replace_after(text: &str, before: &str, value: &str, to: &str) -> String {
    let needle = format!("{before}{value}");
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(&needle) {
        let end = i + needle.len();
        out += &rest[..i];
        if rest[end..].starts_with(|c: char| c.is_ascii_hexdigit()) {
            out += &needle;
        } else {
            out += before;
            out += to;
        }
        rest = &rest[end..];
    }
    out + rest
}

/// Normalises a transcript of the peer tools (YNL, iproute2, libnl, tshark, strace):
///
/// - the genltest family id `family_id` as iproute2 (`ID: 0x1c`), libnl (`0x001c
///   genltest`) and tshark (`family_id=0x1c`, `hdr_type=0x001c`) print it becomes
///   `<family-id>`;
/// - the group id `group_id` as iproute2 (`ID-0x3  name:`) and libnl (`grp mcgrp
///   (0x03)`) print it becomes `<group-id>`;
/// - non-zero port ids after `"portid": `, `hdr_pid=`, `nl_pid=` and `nlmsg_pid=` become
///   `<port-1>`, `<port-2>`, ... in order of first appearance.
pub fn normalise_peer(text: &str, family_id: u16, group_id: u32) -> String {
    let mut t = text.to_owned();
    for (before, value, after) in [
        ("ID: ", format!("{family_id:#x}"), ""),
        ("", format!("{family_id:#06x}"), " genltest"),
        ("family_id=", format!("{family_id:#x}"), ""),
        ("family_id=", format!("{family_id:#06x}"), ""),
        ("hdr_type=", format!("{family_id:#06x}"), ""),
        ("ID-", format!("{group_id:#x}"), "  name:"),
        ("grp mcgrp (", format!("{group_id:#04x}"), ")"),
    ] {
        let what = if before.starts_with("ID-") || before.starts_with("grp") {
            "<group-id>"
        } else {
            "<family-id>"
        };
        t = replace_after(
            &t,
            before,
            &format!("{value}{after}"),
            &format!("{what}{after}"),
        );
    }
    // One pass, so that the ports are numbered in the order they appear.
    let prefixes = ["\"portid\": ", "hdr_pid=", "nl_pid=", "nlmsg_pid="];
    let mut p = Placeholders::default();
    let mut out = String::new();
    let mut rest = t.as_str();
    while let Some((i, prefix)) = prefixes
        .iter()
        .filter_map(|pre| rest.find(pre).map(|i| (i, pre)))
        .min()
    {
        let start = i + prefix.len();
        let digits = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - start);
        out += &rest[..start];
        let number = &rest[start..start + digits];
        match number.parse::<u64>() {
            Ok(v) if v != 0 => out += &p.get("port", v),
            _ => out += number,
        }
        rest = &rest[start + digits..];
    }
    out + rest
}

/// Normalises a whole transcript (trace and other output lines).
pub fn normalise(text: &str, p: &mut Placeholders) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out += &normalise_line(line, p);
        out.push('\n');
    }
    out
}

/// Normalises kernel log lines.
pub fn normalise_log(text: &str, p: &mut Placeholders) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out += &normalise_log_line(line, p);
        out.push('\n');
    }
    out
}

/// Splits a trace into datagrams: each starts with a heading (`>> ` or `<< `); lines
/// before the first heading form their own leading part.
pub fn datagrams(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for line in text.lines() {
        let heading = line.starts_with(">> ") || line.starts_with("<< ");
        if heading || parts.is_empty() {
            parts.push(String::new());
        }
        let last = parts.last_mut().expect("pushed above");
        last.push_str(line);
        last.push('\n');
    }
    parts
}

/// Keeps the first two and the last message of each datagram, and the first two and
/// the last row of each value, with a line saying what was left out.
pub fn elide(text: &str) -> String {
    let mut out = String::new();
    for datagram in datagrams(text) {
        // Messages start with a "-- message N at byte" note.
        let mut messages: Vec<String> = Vec::new();
        for line in datagram.lines() {
            if line.starts_with("  -- message ") || messages.is_empty() {
                messages.push(String::new());
            }
            let last = messages.last_mut().expect("pushed above");
            last.push_str(line);
            last.push('\n');
        }
        // messages[0] is the heading.
        let n = messages.len() - 1;
        for (i, m) in messages.iter().enumerate() {
            if n > 3 && i == 3 {
                out += &format!(
                    "  [... messages 3 to {} have the same layout: left out of the tour ...]\n",
                    n - 1
                );
            }
            if n > 3 && (3..n).contains(&i) {
                continue;
            }
            out += &elide_rows(m);
        }
    }
    out
}

/// Keeps the first two and the last continuation row of each long value.
fn elide_rows(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        out += lines[i];
        out.push('\n');
        // Continuation rows: rows whose field column is empty.
        let mut j = i + 1;
        while j < lines.len()
            && is_row(lines[j])
            && lines[j]
                .get(HEX_END + 2..HEX_END + 28)
                .is_some_and(|f| f.trim().is_empty())
        {
            j += 1;
        }
        let cont = j - (i + 1);
        if cont > 3 {
            out += lines[i + 1];
            out.push('\n');
            out += &format!("  [... {} more rows of this value ...]\n", cont - 2);
            out += lines[j - 1];
            out.push('\n');
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The marker line before a step's transcript in `docs/tour.md`.
pub fn begin_marker(step: &str) -> String {
    marker("tour-step", step)
}

/// The marker line before a peer transcript in `README.md`.
pub fn peer_marker(step: &str) -> String {
    marker("peer-transcript", step)
}

fn marker(kind: &str, step: &str) -> String {
    format!("<!-- {kind} {step}: generated by `make tour`, checked by `make test` -->")
}

/// The marker after a step's transcript.
pub const END_MARKER: &str = "<!-- end of generated transcript -->";

/// The text between a step's markers: a fenced block with the transcript.
pub fn block(transcript: &str) -> String {
    format!("```text\n{}```\n", transcript)
}

/// Replaces each step's block in `doc` with `block(transcript)`. Every step must have
/// its markers in the document; returns an error naming the first that does not.
pub fn splice(doc: &str, steps: &[(String, String)]) -> Result<String, String> {
    splice_at(doc, steps, begin_marker)
}

/// [`splice`] with the begin markers `begin` makes.
pub fn splice_at(
    doc: &str,
    steps: &[(String, String)],
    begin: fn(&str) -> String,
) -> Result<String, String> {
    let mut doc = doc.to_owned();
    for (step, transcript) in steps {
        let begin = begin(step);
        let b = doc
            .find(&begin)
            .ok_or_else(|| format!("the document has no marker for step {step}: {begin}"))?
            + begin.len()
            + 1;
        let e = doc[b..]
            .find(END_MARKER)
            .ok_or_else(|| format!("the document: step {step} has no end marker"))?
            + b;
        doc.replace_range(b..e, &block(transcript));
    }
    Ok(doc)
}

/// The first line where `got` and `want` differ: its number (from 1) and both lines
/// (`<end>` past the last); `None` when they are equal.
pub fn first_difference(got: &str, want: &str) -> Option<(usize, String, String)> {
    if got == want {
        return None;
    }
    let end = std::iter::repeat("<end>");
    got.lines()
        .chain(end.clone())
        .zip(want.lines().chain(end))
        .enumerate()
        .find(|(_, (g, w))| g != w)
        .map(|(n, (g, w))| (n + 1, g.to_owned(), w.to_owned()))
        // Only the final newline differs.
        .or_else(|| Some((got.lines().count() + 1, got.to_owned(), want.to_owned())))
}

/// The transcript of `step` as `doc` has it.
pub fn current(doc: &str, step: &str) -> Option<String> {
    current_at(doc, step, begin_marker)
}

/// [`current`] with the begin markers `begin` makes.
pub fn current_at(doc: &str, step: &str, begin: fn(&str) -> String) -> Option<String> {
    let begin = begin(step);
    let b = doc.find(&begin)? + begin.len() + 1;
    let e = doc[b..].find(END_MARKER)? + b;
    let body = &doc[b..e];
    let body = body.strip_prefix("```text\n")?.strip_suffix("```\n")?;
    Some(body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW_PID: &str = "  000c  e1 10 00 00                                      nlmsg_pid                 4321 (a port id, assigned at bind)";

    #[test]
    fn port_ids_and_their_bytes_become_placeholders() {
        let mut p = Placeholders::default();
        let text = format!(
            ">> send on NETLINK_GENERIC (16), port 4321 (a port id, assigned at bind): 28 bytes\n{ROW_PID}\n"
        );
        let got = normalise(&text, &mut p);
        assert_eq!(
            got,
            ">> send on NETLINK_GENERIC (16), port <port-1> (a port id, assigned at bind): 28 bytes\n  \
             000c  xx xx xx xx                                      nlmsg_pid                 <port-1> (a port id, assigned at bind)\n"
        );
    }

    /// A row as `--trace` lays it out.
    fn row(at: &str, hex: &str, field: &str, value: &str) -> String {
        format!("  {at}  {hex:<47}  {field:<24}  {value}")
    }

    #[test]
    fn family_ids_in_both_spellings_share_a_placeholder() {
        let mut p = Placeholders::default();
        let type_value = "0x001b genltest (a family id, assigned at registration)";
        let a = normalise_line(&row("0004", "1b 00", "nlmsg_type", type_value), &mut p);
        let id_value = "27 (a family id, assigned at registration)";
        let b = normalise_line(&row("0028", "1b 00", "family-id", id_value), &mut p);
        let want_a = "<family-1> genltest (a family id, assigned at registration)";
        assert_eq!(a, row("0004", "xx xx", "nlmsg_type", want_a));
        let want_b = "<family-1> (a family id, assigned at registration)";
        assert_eq!(b, row("0028", "xx xx", "family-id", want_b));
        let group = "3 (a group id, assigned at registration)";
        let c = normalise_line(&row("0064", "03 00 00 00", "id", group), &mut p);
        let want_c = "<group-1> (a group id, assigned at registration)";
        assert_eq!(c, row("0064", "xx xx xx xx", "id", want_c));
    }

    #[test]
    fn lines_without_runtime_values_are_untouched() {
        let mut p = Placeholders::default();
        let line =
            "  0008  02 00 00 00                                      nlmsg_seq                 2";
        assert_eq!(normalise_line(line, &mut p), line);
        assert_eq!(
            normalise_line("  0000  01 00 00 00  nlmsg_pid  0", &mut p),
            "  0000  01 00 00 00  nlmsg_pid  0"
        );
    }

    #[test]
    fn kernel_log_lines_lose_timestamps_and_ports() {
        let mut p = Placeholders::default();
        p.get("port", 77);
        let got = normalise_log_line(
            "[   12.345678] genltest: genl request from port 1234 seq 2: cmd echo",
            &mut p,
        );
        assert_eq!(
            got,
            "genltest: genl request from port <port-2> seq 2: cmd echo"
        );
    }

    #[test]
    fn long_datagrams_and_values_are_shortened() {
        let mut text = String::from("<< recv on X: 1 bytes\n");
        for m in 1..=6 {
            text += &format!("  -- message {m} at byte 0: x\n");
            text += "  0000  00                                               msg                       \"a\"\n";
            for _ in 0..5 {
                text += "  0001  00                                                                         \"b\"\n";
            }
        }
        let got = elide(&text);
        assert!(
            got.contains("[... messages 3 to 5 have the same layout"),
            "{got}"
        );
        assert!(got.contains("message 6"));
        assert!(!got.contains("message 4"));
        assert_eq!(
            got.matches("[... 3 more rows of this value ...]").count(),
            3,
            "{got}"
        );
    }

    #[test]
    fn peer_transcripts_lose_ids_and_ports() {
        let text = "\
\tID: 0x18  Version: 0x1  header size: 0  max attribs: 11
\t\t#5:  ID-0x5
\t\t#1:  ID-0x5  name: mcgrp
0x0018 genltest version 1
      grp mcgrp (0x05)
frame 2: family_id=0x10 hdr_pid=94 family_id=0x18 hdr_pid=0 family_id=0x180
frame 6: hdr_type=0x0002 hdr_type=0x0018 hdr_type=0x0010
[{\"id\": 1, \"portid\": 74}, {\"id\": 2, \"portid\": 73}] nl_pid=74 nlmsg_pid=0
";
        let want = "\
\tID: <family-id>  Version: 0x1  header size: 0  max attribs: 11
\t\t#5:  ID-0x5
\t\t#1:  ID-<group-id>  name: mcgrp
<family-id> genltest version 1
      grp mcgrp (<group-id>)
frame 2: family_id=0x10 hdr_pid=<port-1> family_id=<family-id> hdr_pid=0 family_id=0x180
frame 6: hdr_type=0x0002 hdr_type=<family-id> hdr_type=0x0010
[{\"id\": 1, \"portid\": <port-2>}, {\"id\": 2, \"portid\": <port-3>}] nl_pid=<port-2> nlmsg_pid=0
";
        assert_eq!(normalise_peer(text, 0x18, 5), want);
    }

    #[test]
    fn splice_replaces_only_the_blocks() {
        let doc = format!(
            "# Tour\n{}\n```text\nold\n```\n{END_MARKER}\nafter\n",
            begin_marker("one")
        );
        let new = splice(&doc, &[("one".into(), "new\n".into())]).unwrap();
        assert_eq!(current(&new, "one").as_deref(), Some("new\n"));
        assert!(new.starts_with("# Tour\n") && new.ends_with("after\n"));
        assert!(splice(&doc, &[("two".into(), String::new())]).is_err());
    }
}
