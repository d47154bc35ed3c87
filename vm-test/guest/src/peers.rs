//! Independent peers: programs nobody on this project wrote must agree with genltest.
//!
//! The kernel's YNL CLI (driven by the project's `genltest.yaml`), iproute2's `genl`,
//! libnl's `genl-ctrl-list`, tshark on an `nlmon` device and strace are the host's own
//! programs. scripts/vm-run shares the host's root file system read-only over 9p and
//! `host-run` chroots into it (vm-test/host-run), so they run against this VM's kernel
//! and genltest.ko. Each test prints the commands it ran and what they printed as KTAP
//! diagnostics (`# ...`). The README quotes these transcripts between markers:
//! `peer_transcripts_match_readme` runs the tests again on a freshly loaded module and
//! requires the README's blocks to be exactly what they print (run-time ids and port
//! ids normalised); `make tour` rewrites the blocks.

use std::cell::RefCell;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use genltest::family::{self, Attr, Cmd, FAMILY_VERSION, MAX_MSG};
use genltest::gen::nlctrl::op_flags::{
    CMD_CAP_DO as GENL_CMD_CAP_DO, CMD_CAP_DUMP as GENL_CMD_CAP_DUMP,
};
use genltest::gen::nlctrl::OP_FLAGS_ENUM;
use genltest::socket::{Socket, RECV_BUF_SIZE};
use genltest::wire::{
    Attrs, GenlHeader, MessageBuilder, Messages, NLMSG_ERROR, NLM_F_DUMP, NLM_F_REQUEST,
};
use genltest::Error;

use crate::tour;
use crate::tshark;
use crate::util::*;
use crate::TestResult;

thread_local! {
    /// While `Some`, the transcript lines the tests print are also collected here.
    static RECORDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Prints one transcript line as a KTAP diagnostic, and collects it while recording.
fn say_line(line: &str) {
    println!("# {line}");
    RECORDING.with(|r| {
        if let Some(t) = r.borrow_mut().as_mut() {
            t.push_str(line);
            t.push('\n');
        }
    });
}

/// `println!` for transcript lines: see [`say_line`].
macro_rules! say {
    ($($arg:tt)*) => {
        say_line(&format!($($arg)*))
    };
}

/// Where scripts/vm-run says the project and the kernel source are on the host.
struct HostPaths {
    /// The project's root directory (holds genltest.yaml).
    root: String,
    /// The unpacked kernel source (holds tools/net/ynl).
    ksrc: String,
}

fn host_paths() -> Result<HostPaths, String> {
    const FILE: &str = "/etc/genltest-host";
    let text = std::fs::read_to_string(FILE)
        .map_err(|e| format!("{FILE}: {e} (scripts/vm-run writes it)"))?;
    let get = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_owned)
            .ok_or_else(|| format!("{FILE} has no {key}"))
    };
    Ok(HostPaths {
        root: get("GENLTEST_ROOT")?,
        ksrc: get("GENLTEST_KSRC")?,
    })
}

/// Runs a program of the host (see vm-test/host-run).
const HOST_RUN: &str = "/bin/host-run";

/// Quotes `arg` for a shell when it needs it, for transcripts.
fn shell_quote(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,".contains(c))
    {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Shortens long lines (a 1025-byte message) so a transcript stays readable.
fn clip(line: &str) -> String {
    const MAX: usize = 600;
    if line.len() <= MAX {
        line.to_owned()
    } else {
        let mut end = MAX;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}... ({} bytes)", &line[..end], line.len())
    }
}

/// Prints a command as a user would type it and what it printed.
fn transcript(shown: &[&str], out: &Output) {
    let cmd: Vec<String> = shown.iter().map(|a| shell_quote(a)).collect();
    say!("$ {}", clip(&cmd.join(" ")));
    for line in out.stdout.lines().chain(out.stderr.lines()).take(40) {
        say!("{}", clip(line));
    }
}

/// Runs a host program and prints the transcript.
fn host(args: &[&str]) -> Output {
    let out = run(HOST_RUN, args);
    transcript(args, &out);
    out
}

fn parse_json(text: &str, what: &str) -> Result<Value, String> {
    serde_json::from_str(text.trim()).map_err(|e| format!("{what}: not JSON ({e}): {text}"))
}

/// `genltest info --json`, the family as genltest's own controller client sees it.
fn info() -> Result<Value, String> {
    let out = cli(&["info", "--json"]);
    expect_status(&out, 0)?;
    parse_json(&out.stdout, "genltest info --json")
}

/// The `GENL_*` bits of an operation's flag names in `genltest info --json`.
fn flag_bits(names: &Value) -> Result<u32, String> {
    let mut bits = 0;
    for name in names.as_array().ok_or("flags is not a list")? {
        let name = name.as_str().ok_or("flag is not a string")?;
        let (bit, _) = OP_FLAGS_ENUM
            .entries
            .iter()
            .find(|(_, n)| *n == name)
            .ok_or_else(|| format!("unknown flag name {name}"))?;
        bits |= *bit as u32;
    }
    Ok(bits)
}

/// One operation as a peer reports it: command number and `GENL_*` flags.
type OpFlags = Vec<(u64, u32)>;

/// The operations in `genltest info --json`.
fn info_ops(info: &Value) -> Result<OpFlags, String> {
    info["ops"]
        .as_array()
        .ok_or("info has no ops")?
        .iter()
        .map(|op| Ok((op["id"].as_u64().ok_or("op id")?, flag_bits(&op["flags"])?)))
        .collect()
}

/// The multicast groups in `genltest info --json`, as (name, id).
fn info_groups(info: &Value) -> Result<Vec<(String, u64)>, String> {
    info["groups"]
        .as_array()
        .ok_or("info has no groups")?
        .iter()
        .map(|g| {
            Ok((
                g["name"].as_str().ok_or("group name")?.to_owned(),
                g["id"].as_u64().ok_or("group id")?,
            ))
        })
        .collect()
}

/// A number as the peers print it: `0x1c` or `28`.
fn number(text: &str) -> Result<u64, String> {
    let t = text.trim().trim_end_matches(':');
    match t.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse(),
    }
    .map_err(|e| format!("{text:?} is not a number: {e}"))
}

/// The word after `key` in `line` (`ID: 0x1c  Version: 0x1` with key `Version:`).
fn word_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = &line[line.find(key)? + key.len()..];
    rest.split_whitespace().next()
}

// ---------------------------------------------------------------------------------------
// The kernel's YNL CLI with genltest.yaml.

/// Runs `cli.py --spec genltest.yaml` with `args` in the host's Python. Schema checks are
/// left to the host test user/tests/spec.rs: loading jsonschema costs seconds under TCG.
fn ynl(args: &[&str]) -> Result<Output, String> {
    ynl_shown(args, args)
}

/// [`ynl`], with the arguments shown in the transcript as `shown` (a long argument
/// abbreviated).
fn ynl_shown(args: &[&str], shown_args: &[&str]) -> Result<Output, String> {
    let p = host_paths()?;
    let cli_py = format!("{}/tools/net/ynl/pyynl/cli.py", p.ksrc);
    let spec = format!("{}/genltest.yaml", p.root);
    let mut all = vec!["/usr/bin/python3", &cli_py, "--spec", &spec, "--no-schema"];
    all.extend_from_slice(args);
    let out = run(HOST_RUN, &all);
    let mut shown = vec!["cli.py", "--spec", "genltest.yaml", "--no-schema"];
    shown.extend_from_slice(shown_args);
    transcript(&shown, &out);
    Ok(out)
}

fn client() -> Result<family::Client, String> {
    family::Client::open().map_err(|e| e.to_string())
}

pub fn peer_ynl_do_echo_returns_the_text() -> TestResult {
    let text = "hello from YNL";
    let out = ynl(&[
        "--do",
        "echo",
        "--json",
        &json!({ "msg": text }).to_string(),
        "--output-json",
    ])?;
    expect_status(&out, 0)?;
    check_eq(
        parse_json(&out.stdout, "YNL's reply")?,
        json!({ "msg": text }),
        "YNL's decoded echo reply",
    )?;
    // The module saw the same text: it is the newest history entry.
    let history = client()?.history().map_err(|e| e.to_string())?;
    check_eq(
        history.last().map(|e| e.msg.clone()),
        Some(text.as_bytes().to_vec()),
        "newest history entry",
    )
}

pub fn peer_ynl_dump_history_lists_entries() -> TestResult {
    let mut c = client()?;
    c.echo(b"history as YNL dumps it")
        .map_err(|e| e.to_string())?;
    let ours = c.history().map_err(|e| e.to_string())?;
    let out = ynl(&["--dump", "history", "--output-json"])?;
    expect_status(&out, 0)?;
    let dumped = parse_json(&out.stdout, "YNL's dump")?;
    let theirs: Vec<(u64, u64, String)> = dumped
        .as_array()
        .ok_or("the dump is not a list")?
        .iter()
        .map(|e| {
            Ok((
                e["id"].as_u64().ok_or("entry without id")?,
                e["portid"].as_u64().ok_or("entry without portid")?,
                e["msg"].as_str().ok_or("entry without msg")?.to_owned(),
            ))
        })
        .collect::<Result<_, String>>()?;
    let ours: Vec<(u64, u64, String)> = ours
        .iter()
        .map(|e| {
            (
                e.id,
                e.portid.into(),
                String::from_utf8_lossy(&e.msg).into_owned(),
            )
        })
        .collect();
    check(!ours.is_empty(), "a history to dump")?;
    check_eq(
        theirs,
        ours,
        "history (id, portid, msg) as YNL and genltest dump it",
    )
}

pub fn peer_ynl_get_stats_returns_the_counters() -> TestResult {
    let mut c = client()?;
    let before = c.stats().map_err(|e| e.to_string())?;
    let out = ynl(&["--do", "get-stats", "--output-json"])?;
    let after = c.stats().map_err(|e| e.to_string())?;
    expect_status(&out, 0)?;
    check_eq(after, before, "counters unchanged while YNL read them")?;
    check(before.echo_requests > 0, "echo requests counted")?;
    let want = json!({
        "echo-requests": before.echo_requests,
        "echo-bytes": before.echo_bytes,
        "pings": before.pings,
        "notify-delivered": before.notify_delivered,
        "notify-dropped": before.notify_dropped,
        "notify-no-listener": before.notify_no_listener,
    });
    check_eq(
        parse_json(&out.stdout, "YNL's stats")?,
        want,
        "YNL's counters",
    )
}

/// `BURST` through YNL: the notifications reach a listener, and YNL decodes the reply's
/// counts.
pub fn peer_ynl_do_burst_reaches_a_listener() -> TestResult {
    let l = Listener::spawn(&["listen", "--count", "3", "--timeout", "60"], false)?;
    let out = ynl(&[
        "--do",
        "burst",
        "--json",
        &json!({ "count": 3, "msg": "burst via YNL" }).to_string(),
        "--output-json",
    ])?;
    let heard = l.finish()?;
    expect_status(&out, 0)?;
    check_eq(
        parse_json(&out.stdout, "YNL's burst reply")?,
        json!({ "notify-delivered": 3, "notify-dropped": 0, "notify-no-listener": 0 }),
        "YNL's decoded burst reply",
    )?;
    expect_status(&heard, 0)?;
    check_eq(
        heard.stdout.as_str(),
        "burst via YNL\nburst via YNL\nburst via YNL\n",
        "what the listener heard",
    )
}

/// `RESET` through YNL (root): no reply but the ACK, and the counters and the history
/// are empty.
pub fn peer_ynl_do_reset_clears_counters_and_history() -> TestResult {
    let mut c = client()?;
    c.echo(b"before the reset").map_err(|e| e.to_string())?;
    let out = ynl(&["--do", "reset", "--output-json"])?;
    expect_status(&out, 0)?;
    check_eq(
        out.stdout.trim(),
        "null",
        "YNL's output: RESET has no reply",
    )?;
    check_eq(
        c.stats().map_err(|e| e.to_string())?,
        family::Stats::default(),
        "counters after YNL's RESET",
    )?;
    check_eq(
        c.history().map_err(|e| e.to_string())?.len(),
        0,
        "history entries after YNL's RESET",
    )
}

/// Netlink sockets of `protocol` in /proc/net/netlink that joined multicast group `group`
/// (one of the first 32).
fn sockets_in_group(protocol: u32, group: u64) -> Result<usize, String> {
    let text = std::fs::read_to_string("/proc/net/netlink").map_err(|e| e.to_string())?;
    let bit = 1u64 << (group - 1);
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            cols.len() > 3
                && cols[1].parse() == Ok(protocol)
                && u64::from_str_radix(cols[3], 16).is_ok_and(|g| g & bit != 0)
        })
        .count())
}

pub fn peer_ynl_subscribe_receives_a_ping() -> TestResult {
    let group = client()?
        .family
        .groups
        .iter()
        .find(|(n, _)| n == family::MCGRP_NAME)
        .map(|(_, id)| u64::from(*id))
        .ok_or("no mcgrp group")?;
    check(group <= 32, "mcgrp among the first 32 groups")?;
    let members = sockets_in_group(libc::NETLINK_GENERIC as u32, group)?;
    let p = host_paths()?;
    let cli_py = format!("{}/tools/net/ynl/pyynl/cli.py", p.ksrc);
    let spec = format!("{}/genltest.yaml", p.root);
    let args = ["--subscribe", "mcgrp", "--duration", "3", "--output-json"];
    let mut child = Command::new(HOST_RUN)
        .args(["/usr/bin/python3", &cli_py, "--spec", &spec, "--no-schema"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn cli.py: {e}"))?;
    // Python takes seconds to start under TCG: ping once its socket joined the group.
    let start = Instant::now();
    while sockets_in_group(libc::NETLINK_GENERIC as u32, group)? <= members {
        if start.elapsed() > Duration::from_secs(90) || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            return Err(format!(
                "cli.py never joined mcgrp: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = "ping seen by YNL";
    write_ping(text.as_bytes()).map_err(|e| format!("ping: {e}"))?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let out = Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let mut shown = vec!["cli.py", "--spec", "genltest.yaml", "--no-schema"];
    shown.extend_from_slice(&args);
    transcript(&shown, &out);
    say!("        (printed after `echo '{text}' > /sys/kernel/genltest/ping` in another shell)");
    expect_status(&out, 0)?;
    let got: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| parse_json(l, "a notification"))
        .collect::<Result<_, _>>()?;
    check_eq(
        got,
        vec![json!({ "name": "ping-ntf", "msg": { "msg": text } })],
        "notifications YNL decoded",
    )
}

pub fn peer_ynl_policy_rejection_reports_the_kernels_extack() -> TestResult {
    let long = "x".repeat(MAX_MSG + 1);
    // What the kernel answers genltest's own client for the same request.
    let (errno, msg) = match client()?.echo(long.as_bytes()) {
        Err(Error::Kernel { errno, ack, .. }) => (errno, ack.msg.ok_or("no extack message")?),
        other => return Err(format!("expected a kernel error, got {other:?}")),
    };
    let out = ynl_shown(
        &[
            "--do",
            "echo",
            "--json",
            &json!({ "msg": long }).to_string(),
        ],
        &["--do", "echo", "--json", r#"{"msg":"xxx...(1025 x)..."}"#],
    )?;
    expect_status(&out, 1)?;
    let strerror = nix::errno::Errno::from_raw(errno).desc();
    let want = format!("Netlink error: {msg}: {strerror}");
    check(
        out.stdout.contains(&want),
        &format!("YNL reports {want:?}: {}", clip(&out.stdout)),
    )?;
    check(
        out.stdout.contains("'bad-attr': '.msg'"),
        "YNL names the offending attribute .msg",
    )
}

/// What YNL's code generator makes of a spec attribute, in the words of the kernel's
/// policy dump (`NL_ATTR_TYPE_*` names, `max-length`, `min-length`).
fn policy_from_spec(attr: &Value) -> Result<Value, String> {
    let checks = &attr["checks"];
    let kind = match attr["type"].as_str().ok_or("attribute without type")? {
        "string" if checks["unterminated-ok"] == json!(true) => "string",
        "string" => "nul-string",
        "binary" => "binary",
        other => other,
    };
    let mut p = json!({ "type": kind });
    if let Some(max) = checks["max-len"].as_u64() {
        p["max-length"] = max.into();
    }
    if let Some(min) = checks["min-len"].as_u64() {
        p["min-length"] = min.into();
    }
    Ok(p)
}

pub fn peer_ynl_policy_dump_matches_the_spec() -> TestResult {
    let out = ynl(&["--do", "echo", "--policy", "--output-json"])?;
    expect_status(&out, 0)?;
    let kernel = parse_json(&out.stdout, "YNL's policy dump")?;
    // The spec, read by the host's YAML parser.
    let p = host_paths()?;
    let spec_out = run(
        HOST_RUN,
        &[
            "/usr/bin/python3",
            "-c",
            "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            &format!("{}/genltest.yaml", p.root),
        ],
    );
    expect_status(&spec_out, 0)?;
    let spec = parse_json(&spec_out.stdout, "the spec")?;
    let echo = spec["operations"]["list"]
        .as_array()
        .ok_or("spec without operations")?
        .iter()
        .find(|o| o["name"] == "echo")
        .ok_or("spec without echo")?;
    let mut want = serde_json::Map::new();
    for name in echo["do"]["request"]["attributes"]
        .as_array()
        .ok_or("echo without request attributes")?
    {
        let attr = spec["attribute-sets"][0]["attributes"]
            .as_array()
            .ok_or("spec without attributes")?
            .iter()
            .find(|a| &a["name"] == name)
            .ok_or_else(|| format!("spec has no attribute {name}"))?;
        want.insert(
            name.as_str().unwrap_or_default().to_owned(),
            policy_from_spec(attr)?,
        );
    }
    check_eq(
        kernel.clone(),
        Value::Object(want),
        "echo's policy: kernel vs spec",
    )?;
    // And genltest's own reading of the same policy dump.
    let info = info()?;
    let msg = info["policies"]
        .as_array()
        .ok_or("info without policies")?
        .iter()
        .find(|p| p["attr"] == "MSG" || p["attr"] == "msg")
        .ok_or("info has no MSG policy")?;
    check_eq(
        (msg["type"].clone(), msg["max-len"].clone()),
        (
            kernel["msg"]["type"].clone(),
            kernel["msg"]["max-length"].clone(),
        ),
        "MSG policy: genltest info vs YNL",
    )
}

// ---------------------------------------------------------------------------------------
// iproute2 and libnl.

/// `genl ctrl get name genltest`, parsed: (id, version, hdrsize, maxattr, ops, groups).
struct CtrlGet {
    id: u64,
    version: u64,
    hdrsize: u64,
    maxattr: u64,
    /// Command numbers and, where iproute2 prints them, their capability bits.
    ops: Vec<(u64, Option<u32>)>,
    groups: Vec<(String, u64)>,
}

/// What iproute2 prints for each capability bit.
const IPROUTE2_CAPS: &[(u32, &str)] = &[
    (0x1, "requires admin permission"),
    (0x2, "can doit"),
    (0x4, "can dumpit"),
    (0x8, "has policy"),
];

/// Reads iproute2's `genl ctrl get` output:
///
/// ```text
/// Name: genltest
///     ID: 0x1c  Version: 0x1  header size: 0  max attribs: 10
///     commands supported:
///         #1:  ID-0x1
///         Capabilities (0xa):
///             can doit; has policy
///     multicast groups:
///         #1:  ID-0x3  name: mcgrp
/// ```
fn parse_ctrl_get(text: &str) -> Result<CtrlGet, String> {
    let mut lines = text.lines().map(str::trim).peekable();
    let mut g = CtrlGet {
        id: 0,
        version: 0,
        hdrsize: 0,
        maxattr: 0,
        ops: Vec::new(),
        groups: Vec::new(),
    };
    let mut current_op = None;
    let field = |line: &str, key: &str| {
        word_after(line, key)
            .ok_or_else(|| format!("no {key:?} in {line:?}"))
            .and_then(number)
    };
    while let Some(line) = lines.next() {
        if line.starts_with("ID:") {
            g.id = field(line, "ID:")?;
            g.version = field(line, "Version:")?;
            g.hdrsize = field(line, "header size:")?;
            g.maxattr = field(line, "max attribs:")?;
        } else if line.starts_with('#') && line.contains("name:") {
            let id = number(word_after(line, "ID-").ok_or("group id")?)?;
            let name = word_after(line, "name:").ok_or("group name")?;
            g.groups.push((name.to_owned(), id));
        } else if line.starts_with('#') {
            let op = number(word_after(line, "ID-").ok_or("op id")?)?;
            g.ops.push((op, None));
            current_op = Some(g.ops.len() - 1);
        } else if let Some(rest) = line.strip_prefix("Capabilities (") {
            let op = current_op.take().ok_or("capabilities without an op")?;
            let bits = number(rest.trim_end_matches("):"))? as u32;
            // The next line spells the bits out: they must say the same.
            let words = lines.next().unwrap_or_default();
            let spelled: u32 = IPROUTE2_CAPS
                .iter()
                .filter(|(_, w)| words.split(';').any(|x| x.trim() == *w))
                .map(|(b, _)| b)
                .sum();
            if spelled != bits {
                return Err(format!("capabilities {bits:#x} spelled {words:?}"));
            }
            g.ops[op].1 = Some(bits);
        }
    }
    Ok(g)
}

pub fn peer_iproute2_genl_ctrl_get_matches_info() -> TestResult {
    let info = info()?;
    let out = host(&["genl", "ctrl", "get", "name", "genltest"]);
    expect_status(&out, 0)?;
    check(
        out.stdout.lines().find(|l| !l.trim().is_empty()) == Some("Name: genltest"),
        "the output starts by naming the family",
    )?;
    let g = parse_ctrl_get(&out.stdout)?;
    check_eq(g.id, info["id"].as_u64().unwrap_or(0), "family id")?;
    check_eq(g.version, u64::from(FAMILY_VERSION), "version")?;
    check_eq(
        g.version,
        info["version"].as_u64().unwrap_or(0),
        "version vs info",
    )?;
    check_eq(
        g.hdrsize,
        info["hdrsize"].as_u64().unwrap_or(99),
        "header size",
    )?;
    check_eq(
        g.maxattr,
        info["maxattr"].as_u64().unwrap_or(0),
        "max attribute",
    )?;
    // iproute2 6.1 prints an operation's capabilities only for some families (none for
    // genltest): compare them where it does; libnl's test compares every one.
    let want = info_ops(&info)?;
    check_eq(
        g.ops.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        want.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        "operations",
    )?;
    for ((id, caps), (_, flags)) in g.ops.iter().zip(&want) {
        if let Some(caps) = caps {
            check_eq(caps, flags, &format!("capabilities of command {id}"))?;
        }
    }
    check_eq(
        g.ops.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        Cmd::ALL.iter().map(|c| *c as u64).collect::<Vec<_>>(),
        "every command",
    )?;
    check_eq(g.groups, info_groups(&info)?, "multicast groups")
}

pub fn peer_iproute2_genl_ctrl_policy_matches_info() -> TestResult {
    let info = info()?;
    let out = host(&["genl", "ctrl", "policy", "name", "genltest"]);
    expect_status(&out, 0)?;
    // `ID: 0x1c  op 1 policies: do=0` and
    // `ID: 0x1c  policy[0]:attr[1]: type=NUL_STRING max len:1024`.
    let mut ops = Vec::new();
    let mut attrs = Vec::new();
    for line in out.stdout.lines().map(str::trim) {
        if let Some(rest) = line.split_once("  op ").map(|(_, r)| r) {
            let cmd = number(rest.split_whitespace().next().unwrap_or_default())?;
            let idx = |key: &str| word_after(rest, key).map(number).transpose();
            ops.push((cmd, idx("do=")?, idx("dump=")?));
        } else if let Some(rest) = line.split_once("policy[").map(|(_, r)| r) {
            let (policy, rest) = rest.split_once("]:attr[").ok_or("policy line")?;
            let (attr, rest) = rest.split_once("]:").ok_or("policy line")?;
            let kind = word_after(rest, "type=").ok_or("policy type")?;
            let max = word_after(rest, "max len:").map(number).transpose()?;
            attrs.push((
                number(policy)?,
                number(attr)?,
                kind.to_ascii_lowercase().replace('_', "-"),
                max,
            ));
        }
    }
    let cmd_id = |name: &str| {
        Cmd::ALL
            .iter()
            .find(|c| c.name() == name)
            .map(|c| *c as u64)
    };
    let mut want_ops: Vec<(u64, Option<u64>, Option<u64>)> = info["op-policies"]
        .as_array()
        .ok_or("info without op-policies")?
        .iter()
        .map(|o| {
            Ok((
                cmd_id(o["cmd"].as_str().unwrap_or_default()).ok_or("op-policy cmd")?,
                o["do"].as_u64(),
                o["dump"].as_u64(),
            ))
        })
        .collect::<Result<_, String>>()?;
    let want_attrs: Vec<(u64, u64, String, Option<u64>)> = info["policies"]
        .as_array()
        .ok_or("info without policies")?
        .iter()
        .map(|p| {
            let attr = Attr::ALL
                .iter()
                .find(|a| p["attr"] == a.name() || p["attr"] == a.name().to_uppercase())
                .map(|a| *a as u64)
                .ok_or_else(|| format!("policy attr {}", p["attr"]))?;
            Ok((
                p["policy"].as_u64().ok_or("policy index")?,
                attr,
                p["type"].as_str().unwrap_or_default().to_owned(),
                p["max-len"].as_u64(),
            ))
        })
        .collect::<Result<_, String>>()?;
    ops.sort();
    want_ops.sort();
    check(!ops.is_empty() && !attrs.is_empty(), "policies listed")?;
    // A command has a do policy exactly when it can do, a dump policy when it can dump.
    for (id, flags) in info_ops(&info)? {
        let listed = ops.iter().find(|(cmd, _, _)| *cmd == id);
        check_eq(
            listed.map(|(_, d, u)| (d.is_some(), u.is_some())),
            Some((flags & GENL_CMD_CAP_DO != 0, flags & GENL_CMD_CAP_DUMP != 0)),
            &format!("command {id}: do and dump policies as its flags say"),
        )?;
    }
    check_eq(
        ops,
        want_ops,
        "per-command policies: iproute2 vs genltest info",
    )?;
    check_eq(
        attrs,
        want_attrs,
        "attribute policies: iproute2 vs genltest info",
    )
}

/// libnl's names of the capability bits (`genl-ctrl-list -d`).
const LIBNL_CAPS: &[(u32, &str)] = &[
    (0x1, "admin_perm"),
    (0x2, "has_doit"),
    (0x4, "has_dump"),
    (0x8, "has_policy"),
];

pub fn peer_libnl_genl_ctrl_list_matches_info() -> TestResult {
    let info = info()?;
    let id = info["id"].as_u64().ok_or("info id")?;
    let out = run(HOST_RUN, &["genl-ctrl-list", "-d"]);
    expect_status(&out, 0)?;
    // Our family's block: `0x001c genltest version 1`, then indented lines.
    let head = format!("0x{id:04x} genltest version ");
    let mut block: Vec<&str> = Vec::new();
    for line in out.stdout.lines() {
        if line.starts_with(&head) || (!block.is_empty() && line.starts_with(' ')) {
            block.push(line);
        } else if !block.is_empty() {
            break;
        }
    }
    // Its transcript: just genltest's block of the full list.
    say!("$ genl-ctrl-list -d");
    say!("...");
    for line in &block {
        say!("{line}");
    }
    say!("...");
    check(!block.is_empty(), &format!("a line starting {head:?}"))?;
    check_eq(
        number(block[0].rsplit(' ').next().unwrap_or_default())?,
        info["version"].as_u64().unwrap_or(0),
        "version",
    )?;
    let sizes = block.get(1).map(|l| l.trim()).unwrap_or_default();
    check_eq(
        (
            word_after(sizes, "hdrsize").map(number).transpose()?,
            word_after(sizes, "maxattr").map(number).transpose()?,
        ),
        (info["hdrsize"].as_u64(), info["maxattr"].as_u64()),
        "hdrsize and maxattr",
    )?;
    let mut ops = Vec::new();
    let mut groups = Vec::new();
    for line in block.iter().map(|l| l.trim()) {
        // `op unknown (0x01) <has_doit,has_policy>` (libnl knows no genltest names).
        if let Some(rest) = line.strip_prefix("op ") {
            let id = rest
                .split_once('(')
                .and_then(|(_, r)| r.split_once(')'))
                .ok_or("op id")?
                .0;
            let flags = rest
                .split_once('<')
                .and_then(|(_, r)| r.split_once('>'))
                .map_or("", |(f, _)| f);
            let mut bits = 0;
            for f in flags.split(',').filter(|f| !f.is_empty()) {
                bits |= LIBNL_CAPS
                    .iter()
                    .find(|(_, n)| *n == f)
                    .ok_or_else(|| format!("unknown libnl flag {f}"))?
                    .0;
            }
            ops.push((number(id)?, bits));
        } else if let Some(rest) = line.strip_prefix("grp ") {
            // `grp mcgrp (0x03)`.
            let (name, id) = rest.split_once(" (").ok_or("group line")?;
            groups.push((name.to_owned(), number(id.trim_end_matches(')'))?));
        }
    }
    check_eq(&ops, &info_ops(&info)?, "operations and their flags")?;
    check_eq(groups, info_groups(&info)?, "multicast groups")
}

// ---------------------------------------------------------------------------------------
// tshark on an nlmon device.

/// Waits until `child` wrote a line containing `needle` to its standard error.
fn wait_for_stderr(child: &mut std::process::Child, needle: &str) -> Result<String, String> {
    let mut err = child.stderr.take().ok_or("no stderr")?;
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains(needle) {
        match err.read(&mut byte) {
            Ok(1) => seen.push(byte[0]),
            _ => {
                return Err(format!(
                    "ended before printing {needle:?}: {}",
                    String::from_utf8_lossy(&seen)
                ))
            }
        }
    }
    child.stderr = Some(err);
    Ok(String::from_utf8_lossy(&seen).into_owned())
}

pub fn peer_tshark_decode_of_nlmon_capture_matches_genltest() -> TestResult {
    with_nlmon0(capture_and_compare)
}

/// Creates and raises the `nlmon` device `nlmon0` with the host's `ip` (shown in the
/// transcript), runs `f`, and deletes the device again whatever `f` returned.
pub fn with_nlmon0<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let ip = |args: &[&str]| {
        let out = host(args);
        expect_status(&out, 0)
    };
    ip(&["ip", "link", "add", "nlmon0", "type", "nlmon"])?;
    let result = ip(&["ip", "link", "set", "nlmon0", "up"]).and_then(|()| f());
    let _ = run("ip", &["link", "del", "nlmon0"]);
    result
}

/// The host's `dumpcap` (the capture engine tshark itself starts), recording in the
/// background. Dropping it without [`Dumpcap::stop`] kills it.
pub struct Dumpcap {
    child: Option<std::process::Child>,
}

impl Dumpcap {
    /// Starts `dumpcap ARGS` (the file it writes is in host-run's `/tmp`, the VM's
    /// `/host/tmp`) and waits until it captures.
    pub fn start(args: &[&str]) -> Result<Dumpcap, String> {
        let child = Command::new(HOST_RUN)
            .arg("dumpcap")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("spawn dumpcap: {e}"))?;
        say!("$ dumpcap {} &", args.join(" "));
        let mut d = Dumpcap { child: Some(child) };
        if let Some(child) = d.child.as_mut() {
            wait_for_stderr(child, "Capturing on").map_err(|e| format!("dumpcap: {e}"))?;
        }
        Ok(d)
    }

    /// Lets the last frames reach the capture file, then stops dumpcap as Ctrl-C would,
    /// so that it writes out everything it captured.
    pub fn stop(mut self) {
        if let Some(mut child) = self.child.take() {
            std::thread::sleep(Duration::from_millis(500));
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(child.id() as i32),
                nix::sys::signal::Signal::SIGINT,
            );
            let _ = child.wait();
        }
    }
}

impl Drop for Dumpcap {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// tshark's decode of the capture file `file` (a path in host-run's `/tmp`): the frames
/// that pass the display filter `filter`, as JSON with raw bytes and offsets. The JSON is
/// kept beside the capture, with `.json` for its extension, for a look after the test
/// (`host-run cat /tmp/nlmon.json`).
pub fn tshark_json(file: &str, filter: &str) -> Result<Vec<tshark::TsharkFrame>, String> {
    let args = [
        "tshark",
        "-r",
        file,
        "-Y",
        filter,
        "-T",
        "json",
        "-x",
        "--no-duplicate-keys",
    ];
    let out = run(HOST_RUN, &args);
    say!("$ tshark -r {file} -Y '{filter}' -T json -x --no-duplicate-keys");
    expect_status(&out, 0)?;
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let _ = std::fs::write(format!("/host{stem}.json"), &out.stdout);
    tshark::parse_tshark_json(&out.stdout)
}

fn capture_and_compare() -> TestResult {
    const PCAP: &str = "/tmp/nlmon.pcapng";
    let dumpcap = Dumpcap::start(&["-q", "-i", "nlmon0", "-w", PCAP])?;
    // One classic echo (which the kernel does not tap: see check_captured), one Generic
    // Netlink echo (with the controller lookup before it), and one notification to a
    // listener.
    let classic = cli(&["classic", "echo", "classic via nlmon"]);
    let genl = cli(&["echo", "genl via nlmon"]);
    let listener = Listener::spawn(&["listen", "--count", "1", "--timeout", "10"], false);
    let ping = write_ping(b"notification via nlmon");
    let listened = listener.and_then(|l| l.finish());
    dumpcap.stop();
    expect_status(&classic, 0)?;
    expect_status(&genl, 0)?;
    ping.map_err(|e| format!("ping: {e}"))?;
    expect_status(&listened?, 0)?;

    let frames = tshark_json(PCAP, "netlink.family == 16 || netlink.family == 31")?;
    say!("(summarised by the test, one line per frame)");
    let mut problems = Vec::new();
    let mut compared = 0;
    for f in &frames {
        match tshark::compare(f) {
            Ok(n) => compared += n,
            Err(e) => problems.push(e),
        }
        print_frame_summary(f);
    }
    say!(
        "{} frames, {compared} fields: tshark and genltest's parser agree on all",
        frames.len()
    );
    check(problems.is_empty(), &problems.join("\n"))?;
    check_captured(&frames)
}

/// One line per frame with the fields tshark decoded, for the transcript.
fn print_frame_summary(f: &tshark::TsharkFrame) {
    const SHOWN: &[&str] = &[
        "netlink.family",
        "netlink.hdr_len",
        "netlink.hdr_type",
        "genl.family_id",
        "netlink.hdr_flags",
        "netlink.hdr_seq",
        "netlink.hdr_pid",
        "genl.cmd",
        "genl.ctrl.cmd",
        "genl.version",
        "netlink.error",
    ];
    let mut shown: Vec<(usize, &str, &str)> = f
        .fields
        .iter()
        .filter(|x| SHOWN.contains(&x.name.as_str()))
        .map(|x| {
            (
                x.offset,
                x.name.rsplit('.').next().unwrap_or_default(),
                x.value.as_str(),
            )
        })
        .collect();
    shown.sort();
    shown.dedup();
    let mut parts = vec![format!("frame {}:", f.number)];
    parts.extend(
        shown
            .iter()
            .map(|(_, name, value)| format!("{name}={value}")),
    );
    let attrs = f
        .fields
        .iter()
        .filter(|x| x.name == "netlink.attr_len")
        .count();
    if attrs > 0 {
        parts.push(format!("({attrs} attributes)"));
    }
    say!("{}", clip(&parts.join(" ")));
}

/// The traffic the test made must be in the capture: found by genltest's parser in the
/// frames tshark decoded (which [`tshark::compare`] already matched field by field).
fn check_captured(frames: &[tshark::TsharkFrame]) -> TestResult {
    let family_id = family_id()?;
    let mut classic = (false, false);
    let mut genl = (false, false);
    let mut notification = false;
    let mut ctrl_attrs = 0;
    for f in frames {
        let protocol = u16::from_be_bytes([f.bytes[14], f.bytes[15]]);
        for m in Messages::new(&f.bytes[tshark::COOKED_HDRLEN..]) {
            let m = m.map_err(|e| e.to_string())?;
            let h = m.header;
            let request = h.flags & NLM_F_REQUEST != 0;
            if protocol == 31 && h.ty == genltest::classic::GENLTEST_MSG_ECHO {
                if m.payload.starts_with(b"classic via nlmon") {
                    if request {
                        classic.0 = true
                    } else {
                        classic.1 = true
                    }
                }
            } else if protocol == 16 && h.ty == family_id {
                let (g, attrs) = GenlHeader::parse(m.payload).map_err(|e| e.to_string())?;
                let msg = family::parse_msg(attrs).unwrap_or_default();
                if g.cmd == Cmd::Echo as u8 && msg == b"genl via nlmon" {
                    if request {
                        genl.0 = true
                    } else {
                        genl.1 = true
                    }
                } else if g.cmd == Cmd::Echo as u8
                    && msg == b"notification via nlmon"
                    && h.seq == 0
                    && h.pid == 0
                {
                    notification = true;
                }
            } else if protocol == 16 && h.ty == tshark::GENL_ID_CTRL {
                let (_, attrs) = GenlHeader::parse(m.payload).map_err(|e| e.to_string())?;
                ctrl_attrs += Attrs::new(attrs).count();
            }
        }
    }
    // The kernel hands nlmon only the traffic of an allowlist of protocols
    // (netlink_filter_tap() in net/netlink/af_netlink.c: ROUTE, USERSOCK, SOCK_DIAG,
    // NFLOG, XFRM, FIB_LOOKUP, NETFILTER, GENERIC): unit 31 is not on it, so the classic
    // echo never reaches the capture. Should that change, its frames are compared above
    // like any other, and this check says so.
    check_eq(
        classic,
        (false, false),
        "classic echo request and reply captured (the kernel does not tap unit 31)",
    )?;
    check_eq(genl, (true, true), "genl echo request and reply captured")?;
    check(notification, "the mcgrp notification captured")?;
    check(
        ctrl_attrs > 0,
        "controller attributes captured and compared",
    )
}

// ---------------------------------------------------------------------------------------
// strace.

/// Reads a string strace printed with `-xx`: `"\x01\x01\x00\x00"`.
fn strace_bytes(quoted: &str) -> Result<Vec<u8>, String> {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or_else(|| format!("not a quoted string: {quoted}"))?;
    inner
        .split("\\x")
        .skip(1)
        .map(|h| u8::from_str_radix(h, 16).map_err(|e| format!("{h}: {e}")))
        .collect()
}

/// A header as strace prints it: `(name, value)` pairs such as `("nlmsg_seq", "2")`.
type StraceFields = Vec<(String, String)>;

/// The first `{nlmsg_len=..., ...}, "payload"` in a strace line: the header's fields by
/// name and the payload's bytes.
fn strace_message(line: &str) -> Result<(StraceFields, Vec<u8>), String> {
    let start = line.find("{nlmsg_len=").ok_or("no nlmsghdr")?;
    let rest = &line[start + 1..];
    let (fields, rest) = rest
        .split_once("}, \"")
        .ok_or("no payload after nlmsghdr")?;
    let fields = fields
        .split(", ")
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| format!("field {kv}"))
        })
        .collect::<Result<_, String>>()?;
    let end = rest.find('"').ok_or("unterminated payload")?;
    Ok((fields, strace_bytes(&format!("\"{}\"", &rest[..end]))?))
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Result<&'a str, String> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| format!("strace shows no {name}"))
}

/// Checks one decoded genltest message: the header fields strace printed by name, and
/// the Generic Netlink header and MSG attribute read from the bytes it printed.
fn check_strace_echo(line: &str, ty: &str, flags: &str, text: &[u8]) -> Result<u32, String> {
    let (fields, payload) = strace_message(line)?;
    check_eq(field(&fields, "nlmsg_type")?, ty, "nlmsg_type")?;
    check_eq(field(&fields, "nlmsg_flags")?, flags, "nlmsg_flags")?;
    check_eq(
        number(field(&fields, "nlmsg_len")?)?,
        (16 + payload.len()) as u64,
        "nlmsg_len counts header and payload",
    )?;
    let (g, attrs) = GenlHeader::parse(&payload).map_err(|e| e.to_string())?;
    check_eq(
        (g.cmd, g.version),
        (Cmd::Echo as u8, FAMILY_VERSION),
        "genl header",
    )?;
    let all: Vec<_> = Attrs::new(attrs)
        .map(|a| a.map(|a| (a.ty, a.value.to_vec())))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut want = text.to_vec();
    want.push(0);
    check_eq(
        all,
        vec![(Attr::Msg as u16, want)],
        "attributes: MSG with the text",
    )?;
    Ok(number(field(&fields, "nlmsg_seq")?)? as u32)
}

/// Whether the kernel describes Netlink sockets over sock_diag (`CONFIG_NETLINK_DIAG`).
/// strace learns which Netlink protocol a socket speaks only that way: without it, it
/// cannot tell a Generic Netlink message from any other and prints the type as a number.
fn kernel_describes_netlink_sockets() -> Result<bool, String> {
    const NETLINK_SOCK_DIAG: i32 = 4;
    const SOCK_DIAG_BY_FAMILY: u16 = 20;
    const NDIAG_PROTO_ALL: u8 = 255;
    let Ok(sock) = Socket::open(NETLINK_SOCK_DIAG) else {
        return Ok(false);
    };
    // struct netlink_diag_req: family, protocol, padding, inode, show, cookie[2].
    let mut req_body = vec![libc::AF_NETLINK as u8, NDIAG_PROTO_ALL, 0, 0];
    req_body.extend_from_slice(&[0; 16]);
    let mut tx = Vec::new();
    MessageBuilder::new(&mut tx, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 1)
        .bytes(&req_body)
        .finish();
    sock.send(&tx).map_err(|e| format!("sock_diag: {e}"))?;
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    let n = sock
        .recv(&mut rx, Socket::deadline(Duration::from_secs(5)))
        .map_err(|e| format!("sock_diag: {e}"))?;
    match Messages::new(&rx[..n]).next() {
        // An error (ENOENT: no handler for AF_NETLINK) or a first socket description.
        Some(Ok(m)) if m.header.ty == NLMSG_ERROR => Ok(m.payload.get(..4) == Some(&[0; 4])),
        Some(Ok(_)) => Ok(true),
        _ => Err("sock_diag: no answer".into()),
    }
}

/// strace's lines with the controller's answers (long, and full of run-time ids),
/// each run of them shown as one `...`.
fn without_nlctrl_answers(stderr: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in stderr.lines() {
        let answer = (line.starts_with("recvmsg(") || line.starts_with("recvfrom("))
            && line.contains("nlmsg_type=nlctrl");
        if answer && !skipping {
            out += "...\n";
        }
        if !answer {
            out += line;
            out.push('\n');
        }
        skipping = answer;
    }
    out
}

pub fn peer_strace_decodes_genl_echo() -> TestResult {
    let text = "hi";
    let args = [
        "strace",
        "-e",
        "trace=network",
        "-xx",
        "-s",
        "256",
        "genltest",
        "echo",
        text,
    ];
    let out = run(HOST_RUN, &args);
    transcript(
        &args,
        &Output {
            status: out.status,
            stdout: out.stdout.clone(),
            stderr: without_nlctrl_answers(&out.stderr),
        },
    );
    expect_status(&out, 0)?;
    check_eq(out.stdout.trim(), text, "the CLI's output under strace")?;
    let lines: Vec<&str> = out.stderr.lines().collect();
    check(
        lines
            .iter()
            .any(|l| l.starts_with("socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_GENERIC)")),
        "socket() decoded as AF_NETLINK/NETLINK_GENERIC",
    )?;
    check(
        lines
            .iter()
            .any(|l| l.contains("SOL_NETLINK, NETLINK_EXT_ACK, [1]")),
        "extended ACKs switched on, decoded by name",
    )?;
    // strace names a family's messages only when the kernel tells it the socket's
    // protocol (sock_diag): the test kernel has CONFIG_NETLINK_DIAG for that.
    check(
        kernel_describes_netlink_sockets()?,
        "the kernel describes Netlink sockets over sock_diag (CONFIG_NETLINK_DIAG)",
    )?;
    let (ctrl, ours) = ("nlctrl", "genltest");
    // Apart from that, no field may be left undecoded.
    for l in &lines {
        let rest = l.replace(&format!("nlmsg_type={ctrl}"), "");
        let rest = rest.replace(&format!("nlmsg_type={ours}"), "");
        check(
            !rest.contains("???") && !rest.contains("nlmsg_type=0x"),
            &format!("no undecoded field in {l:?}"),
        )?;
    }
    let ours_ty = format!("nlmsg_type={ours}");
    let request = lines
        .iter()
        .find(|l| (l.starts_with("sendto(") || l.starts_with("sendmsg(")) && l.contains(&ours_ty))
        .ok_or("no genltest request sent")?;
    let seq = check_strace_echo(request, ours, "NLM_F_REQUEST|NLM_F_ACK", text.as_bytes())?;
    let reply = lines
        .iter()
        .find(|l| {
            (l.starts_with("recvfrom(") || l.starts_with("recvmsg("))
                && l.contains(&ours_ty)
                && !l.contains("NLMSG_ERROR")
        })
        .ok_or("no genltest reply received")?;
    check_eq(
        check_strace_echo(reply, ours, "0", text.as_bytes())?,
        seq,
        "reply's sequence",
    )?;
    // The acknowledgement: strace decodes NLMSG_ERROR and the request header it quotes.
    let ack = lines
        .iter()
        .find(|l| {
            l.contains("nlmsg_type=NLMSG_ERROR") && l.contains("error=0") && l.contains(&ours_ty)
        })
        .ok_or("no decoded ACK of the genltest request")?;
    check(
        ack.contains("msg={nlmsg_len=") && ack.contains(&format!("nlmsg_seq={seq}")),
        "the ACK quotes the request's header, decoded",
    )
}

// ---------------------------------------------------------------------------------------
// The README's transcripts.

/// The README's peer transcripts: each block and the tests whose transcripts it shows,
/// in order.
type Block = (&'static str, &'static [fn() -> TestResult]);

const README_BLOCKS: &[Block] = &[
    (
        "ynl",
        &[
            peer_ynl_do_echo_returns_the_text,
            peer_ynl_dump_history_lists_entries,
            peer_ynl_get_stats_returns_the_counters,
            peer_ynl_subscribe_receives_a_ping,
            peer_ynl_do_burst_reaches_a_listener,
            peer_ynl_do_reset_clears_counters_and_history,
            peer_ynl_policy_rejection_reports_the_kernels_extack,
            peer_ynl_policy_dump_matches_the_spec,
        ],
    ),
    (
        "iproute2",
        &[
            peer_iproute2_genl_ctrl_get_matches_info,
            peer_iproute2_genl_ctrl_policy_matches_info,
        ],
    ),
    ("libnl", &[peer_libnl_genl_ctrl_list_matches_info]),
    (
        "tshark",
        &[peer_tshark_decode_of_nlmon_capture_matches_genltest],
    ),
    ("strace", &[peer_strace_decodes_genl_echo]),
];

/// Collects the transcript lines while alive.
struct Recording;

impl Recording {
    fn start() -> Recording {
        RECORDING.with(|r| *r.borrow_mut() = Some(String::new()));
        Recording
    }

    fn text(self) -> String {
        RECORDING
            .with(|r| r.borrow_mut().take())
            .unwrap_or_default()
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        RECORDING.with(|r| *r.borrow_mut() = None);
    }
}

/// Runs each block's tests on a freshly loaded module (history ids from 1, counters at
/// 0) and returns the blocks' normalised transcripts.
pub fn readme_transcripts() -> Result<Vec<(String, String)>, String> {
    rmmod()?;
    insmod()?;
    let (family, group) = (family_id()?, mcgrp_id()?);
    let mut blocks = Vec::new();
    for (name, tests) in README_BLOCKS {
        let recording = Recording::start();
        tests
            .iter()
            .try_for_each(|t| t())
            .map_err(|e| format!("README block {name}: {e}"))?;
        let text = recording.text();
        blocks.push((
            (*name).to_owned(),
            tour::normalise_peer(&text, family, group),
        ));
    }
    Ok(blocks)
}

/// The README, as it was when this binary was built.
pub const README: &str = include_str!("../../../README.md");

/// The README's peer transcripts are exactly what the peer tests print now.
pub fn peer_transcripts_match_readme() -> TestResult {
    for (block, got) in readme_transcripts()? {
        let want = tour::current_at(README, &block, tour::peer_marker)
            .ok_or_else(|| format!("README.md has no block {block}"))?;
        if let Some((n, g, w)) = tour::first_difference(&got, &want) {
            return Err(format!(
                "README.md's {block} transcript is out of date at line {n}:\n got: {g}\nwant: \
                 {w}\nrun 'make tour' to regenerate it"
            ));
        }
    }
    Ok(())
}
