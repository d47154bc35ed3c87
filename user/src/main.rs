//! `genltest`: talk to the genltest kernel module over classic and Generic Netlink.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use serde_json::json;

use genltest::ctrl::{AttrPolicy, FamilyInfo, Policies};
use genltest::error::exit;
use genltest::gen::genltest::{Cmd, GenltestAttr};
use genltest::socket::{self, Flow, Observer};
use genltest::trace::{Annotator, Direction, Heading, Tracer};
use genltest::{alloc_count, bench, classic, decode as input, family, ping, raw as rawmsg, Error};

// Counts heap allocations so that `bench` can report them per round trip (the count is
// a thread-local increment: no measurable cost).
#[global_allocator]
static ALLOC: alloc_count::CountingAlloc = alloc_count::CountingAlloc;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the kernel refused the request (errno and extack message printed)
  2  bad command line
  3  genltest is not loaded (no unit 31 socket, no 'genltest' family, no sysfs file)
  4  permission denied: the operation needs root
  5  timed out before --count notifications arrived
  6  the kernel's answer broke the protocol (wrong sequence or port, truncated, malformed)
  7  another operating-system error
  8  decode: the input is not valid hex, pcap or Netlink, or nests deeper than 32 levels
     (what and where printed)
  9  a dump was interrupted (NLM_F_DUMP_INTR): the data changed while it was dumped;
     run it again
With --json, an error is one JSON object on stderr: {\"error\": TEXT, \"exit\": CODE, ...}.";

/// Talk to the genltest kernel module over classic and Generic Netlink.
#[derive(Parser, Debug)]
#[command(name = "genltest", version, after_help = EXIT_CODES)]
struct Cli {
    /// Print results as JSON (one document, or one per line for `listen`), and errors as
    /// one JSON object on stderr.
    #[arg(long, global = true)]
    json: bool,

    /// Print every Netlink message sent or received, field by field, to stderr.
    #[arg(long, global = true)]
    trace: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The classic protocol on Netlink unit 31.
    #[command(subcommand)]
    Classic(ClassicCommand),
    /// Generic Netlink ECHO: print the text the kernel echoes.
    Echo {
        /// The text (at most 1024 bytes).
        text: String,
    },
    /// Print each `mcgrp` notification's text on its own line.
    Listen(ListenArgs),
    /// Print the family's counters.
    Stats,
    /// Print the last echoed messages, oldest first: "ID PORTID TEXT" per line.
    History {
        /// Print only the entry with this id (a HISTORY do instead of a dump); exit 1
        /// with ENOENT when the kernel no longer keeps it.
        #[arg(long)]
        id: Option<u64>,
    },
    /// Clear the counters and the history (needs root).
    Reset,
    /// Show the family: id, version, operations, groups and policies.
    Info,
    /// Write TEXT to /sys/kernel/genltest/ping: both protocols publish it (needs root).
    Ping {
        /// The text (at most 1024 bytes).
        text: String,
    },
    /// Explain Netlink bytes field by field: hex (arguments or stdin) or an nlmon pcap.
    Decode(DecodeArgs),
    /// Send a hand-built message and show the kernel's answers field by field.
    Raw(RawArgs),
    /// Measure round trips, pipelining and multicast fan-out (fan-out needs root).
    Bench(BenchArgs),
}

#[derive(Args, Debug)]
struct DecodeArgs {
    /// Hex bytes of one datagram; without them (or with -), read hex from stdin, where
    /// an empty line separates datagrams and '#' starts a comment.
    hex: Vec<String>,
    /// Read a pcap capture of an nlmon device instead (link type 253, 113 or 276).
    #[arg(long, value_name = "FILE", conflicts_with = "hex")]
    pcap: Option<std::path::PathBuf>,
    /// The Netlink protocol of hex input: generic (16), classic (31) or a number.
    #[arg(long, default_value = "generic")]
    protocol: String,
    /// Name a Generic Netlink family id, such as 27=genltest (ids are also learned
    /// from nlctrl replies earlier in the input).
    #[arg(long = "family-id", value_name = "ID=NAME")]
    family_ids: Vec<String>,
}

#[derive(Args, Debug)]
struct RawArgs {
    /// Send on classic unit 31 (the default is Generic Netlink).
    #[arg(long, conflicts_with_all = ["genl", "protocol", "family", "cmd"])]
    classic: bool,
    /// Send on Generic Netlink (the default).
    #[arg(long, conflicts_with = "protocol")]
    genl: bool,
    /// Send on this Netlink protocol number.
    #[arg(long, value_name = "N")]
    protocol: Option<i32>,
    /// The whole datagram in hex; no other field option is used then.
    #[arg(long, value_name = "BYTES", conflicts_with_all = ["family", "ty", "cmd", "attrs", "payload"])]
    hex: Option<String>,
    /// Generic Netlink: resolve this family through nlctrl and use its id as the type.
    #[arg(long, value_name = "NAME", conflicts_with = "ty")]
    family: Option<String>,
    /// nlmsg_type, a number (default: 0x10, nlctrl or GENLTEST_MSG_ECHO).
    #[arg(long = "type", value_name = "TYPE")]
    ty: Option<String>,
    /// nlmsg_flags: names (request,ack,echo,root,match,dump) or a number.
    #[arg(long, default_value = "request,ack")]
    flags: String,
    /// nlmsg_seq.
    #[arg(long, default_value_t = 1)]
    seq: u32,
    /// Generic Netlink command: a number or a genltest command name.
    #[arg(long, value_name = "CMD")]
    cmd: Option<String>,
    /// Generic Netlink version.
    #[arg(long, default_value_t = 1)]
    version: u8,
    /// An attribute TYPE:KIND:VALUE (repeatable): TYPE a number or genltest name, with
    /// +nested or +net; KIND str, bytes, hex, u8, u16, u32, u64 or flag.
    #[arg(long = "attr", value_name = "TYPE:KIND:VALUE")]
    attrs: Vec<String>,
    /// Classic: the payload text after the header.
    #[arg(long, value_name = "TEXT")]
    payload: Option<String>,
    /// Seconds to wait for more answers after the last one.
    #[arg(long, value_name = "SECS", default_value_t = 0.5)]
    wait: f64,
}

#[derive(Args, Debug, Clone)]
struct BenchArgs {
    /// Timed runs per figure, after one warm-up run (1-100).
    #[arg(long, value_name = "N", default_value_t = 7)]
    runs: usize,
    /// Length of one round-trip run in milliseconds (1-10000).
    #[arg(long, value_name = "MS", default_value_t = 150)]
    run_ms: u64,
    /// Requests per sendmsg in the pipelined rows (2-64).
    #[arg(long, value_name = "N", default_value_t = 16)]
    depth: usize,
    /// Notifications per fan-out burst (1-4096).
    #[arg(long, value_name = "M", default_value_t = 200)]
    pings: u32,
    /// Skip the multicast fan-out rows (they need root for the BURST command).
    #[arg(long)]
    no_fanout: bool,
    /// Skip the classic echo rows (unit 31): for a module with only the genltest family.
    #[arg(long)]
    no_classic: bool,
    /// The family whose GETFAMILY is the baseline (nlctrl: one that does not depend on
    /// the module).
    #[arg(long, value_name = "NAME", default_value = "genltest")]
    baseline_family: String,
    /// Also write the JSON report to FILE (the table still goes to standard output).
    #[arg(long, value_name = "FILE")]
    json_out: Option<std::path::PathBuf>,
}

#[derive(Subcommand, Debug)]
enum ClassicCommand {
    /// Send an ECHO request and print the reply's payload.
    Echo {
        /// The payload.
        text: String,
        /// Also ask for and report the ACK.
        #[arg(long)]
        ack: bool,
    },
    /// Print each group-1 notification's text on its own line.
    Listen(ListenArgs),
}

#[derive(Args, Debug, Clone, Copy)]
struct ListenArgs {
    /// Stop after N notifications (exit 5 if time runs out first).
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    /// Stop after SECS seconds.
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
}

fn print_line(line: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|e| {
            Error::os(
                "write stdout",
                nix::errno::Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)),
            )
        })
}

/// The largest value one attribute can carry (its 16-bit length counts a 4-byte header
/// and, for strings, the NUL). Shorter limits are the kernel's to enforce, so that the
/// user sees the kernel's own error.
const WIRE_MAX: usize = u16::MAX as usize - 4 - 1;

fn text_arg(text: &str) -> Result<&[u8], Error> {
    let max = WIRE_MAX;
    if text.len() > max {
        return Err(Error::Usage(format!(
            "the text is {} bytes; at most {max} are allowed",
            text.len()
        )));
    }
    Ok(text.as_bytes())
}

impl ListenArgs {
    /// Checks `--timeout` (before any socket is opened) and returns it.
    fn timeout(&self) -> Result<Option<Duration>, Error> {
        match self.timeout {
            Some(s) if !(s >= 0.0 && s.is_finite() && s <= u32::MAX as f64) => {
                Err(Error::Usage(format!(
                    "--timeout {s}: must be a number of seconds from 0 to {}",
                    u32::MAX
                )))
            }
            Some(s) => Ok(Some(Duration::from_secs_f64(s))),
            None => Ok(None),
        }
    }
}

/// Runs a listen loop over `next`, which yields batches of texts until a deadline.
fn listen(
    json: bool,
    args: ListenArgs,
    protocol: &str,
    mut next: impl FnMut(Option<Instant>) -> Result<Option<Vec<Vec<u8>>>, Error>,
) -> Result<ExitCode, Error> {
    let deadline = args.timeout()?.map(|t| Instant::now() + t);
    let mut seen = 0u64;
    if args.count == Some(0) {
        return Ok(ExitCode::SUCCESS);
    }
    // Tell whoever waits on us (tests, scripts) that the subscription is in place.
    if !json {
        eprintln!("listening on {protocol}");
    }
    loop {
        let Some(batch) = next(deadline)? else {
            return match args.count {
                Some(n) if seen < n => Err(Error::Timeout(format!(
                    "listen: {seen} of {n} notifications arrived before the timeout"
                ))),
                _ => Ok(ExitCode::SUCCESS),
            };
        };
        for text in batch {
            let text = String::from_utf8_lossy(&text);
            if json {
                print_line(&json!({"protocol": protocol, "msg": text}).to_string())?;
            } else {
                print_line(&text)?;
            }
            seen += 1;
            if args.count == Some(seen) {
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
}

/// `--trace`: the sockets hand every datagram to the annotator, which writes to stderr.
struct TraceObserver(Tracer);

impl Observer for TraceObserver {
    fn datagram(&self, flow: Flow, protocol: i32, port: u32, data: &[u8]) {
        let direction = match flow {
            Flow::Sent => Direction::Send,
            Flow::Received => Direction::Recv,
        };
        self.0.datagram(direction, protocol, port, data);
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let json = cli.json;
    if cli.trace {
        socket::set_observer(Some(Box::new(TraceObserver(Tracer::stderr()))));
    }
    match cli.command {
        Command::Decode(args) => return decode(args),
        Command::Raw(args) => return raw(args),
        Command::Classic(ClassicCommand::Echo { text, ack }) => {
            let payload = text_arg(&text)?;
            let mut client = classic::Client::open()?;
            let reply = client.echo(payload, ack)?;
            let shown = String::from_utf8_lossy(&reply.payload);
            if json {
                print_line(
                    &json!({"payload": shown, "seq": reply.seq, "portid": reply.port_id, "acked": reply.acked})
                        .to_string(),
                )?;
            } else {
                print_line(&shown)?;
                if ack {
                    eprintln!("ack: seq {} port {}", reply.seq, reply.port_id);
                }
            }
        }
        Command::Classic(ClassicCommand::Listen(args)) => {
            args.timeout()?;
            let mut l = classic::Listener::open()?;
            return listen(json, args, "classic", |d| l.next_batch(d));
        }
        Command::Echo { text } => {
            let msg = text_arg(&text)?;
            let mut client = family::Client::open()?;
            let reply = client.echo(msg)?;
            let shown = String::from_utf8_lossy(&reply);
            if json {
                print_line(&json!({"msg": shown}).to_string())?;
            } else {
                print_line(&shown)?;
            }
        }
        Command::Listen(args) => {
            args.timeout()?;
            let mut l = family::Listener::open()?;
            return listen(json, args, "genl", |d| l.next_batch(d));
        }
        Command::Stats => {
            let s = family::Client::open()?.stats()?;
            if json {
                print_line(
                    &json!({
                        "echo-requests": s.echo_requests,
                        "echo-bytes": s.echo_bytes,
                        "pings": s.pings,
                        "notify-delivered": s.notify_delivered,
                        "notify-dropped": s.notify_dropped,
                        "notify-no-listener": s.notify_no_listener,
                    })
                    .to_string(),
                )?;
            } else {
                print_line(&format!(
                    "echo-requests {}\necho-bytes {}\npings {}\nnotify-delivered {}\nnotify-dropped {}\nnotify-no-listener {}",
                    s.echo_requests, s.echo_bytes, s.pings, s.notify_delivered, s.notify_dropped, s.notify_no_listener
                ))?;
            }
        }
        Command::History { id } => {
            let mut client = family::Client::open()?;
            let entries = match id {
                Some(id) => vec![client.history_entry(id)?],
                None => client.history()?,
            };
            if json {
                let list: Vec<_> = entries
                    .iter()
                    .map(|e| json!({"id": e.id, "portid": e.portid, "msg": String::from_utf8_lossy(&e.msg)}))
                    .collect();
                // One entry asked for by id: the entry itself, not a list.
                let doc = match id {
                    Some(_) => list.into_iter().next().unwrap_or_default(),
                    None => serde_json::Value::Array(list),
                };
                print_line(&doc.to_string())?;
            } else {
                for e in entries {
                    print_line(&format!(
                        "{} {} {}",
                        e.id,
                        e.portid,
                        String::from_utf8_lossy(&e.msg)
                    ))?;
                }
            }
        }
        Command::Reset => {
            family::Client::open()?.reset()?;
            if json {
                print_line(&json!({"reset": true}).to_string())?;
            }
        }
        Command::Info => {
            let mut client = family::Client::open()?;
            let policies = client.policies()?;
            let f = &client.family;
            if json {
                print_line(&info_json(f, &policies).to_string())?;
            } else {
                print_line(&info_text(f, &policies))?;
            }
        }
        Command::Ping { text } => {
            ping::ping(text.as_bytes())?;
        }
        Command::Bench(args) => return run_bench(json, &args),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_bench(json: bool, args: &BenchArgs) -> Result<ExitCode, Error> {
    let opts = bench::Options {
        runs: args.runs,
        run_time: Duration::from_millis(args.run_ms),
        depth: args.depth,
        pings: args.pings,
        fanout: !args.no_fanout,
        classic: !args.no_classic,
        baseline_family: args.baseline_family.clone(),
    };
    let report = bench::run(&opts, |what| {
        if !json {
            eprintln!("bench: {what}");
        }
    })?;
    let doc = report.to_json().to_string();
    if let Some(path) = &args.json_out {
        std::fs::write(path, format!("{doc}\n")).map_err(|e| {
            Error::os(
                format!("bench: write {}", path.display()),
                nix::errno::Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)),
            )
        })?;
    }
    if json {
        print_line(&doc)?;
    } else {
        print_line(&report.table())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The protocol number of `--protocol` (generic, classic or a number).
fn protocol_arg(text: &str) -> Result<i32, Error> {
    match text {
        "generic" | "genl" => Ok(libc::NETLINK_GENERIC),
        "classic" => Ok(classic::NETLINK_GENLTEST),
        _ => text
            .parse()
            .ok()
            .filter(|p| (0..32).contains(p))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--protocol {text}: use generic, classic or a number from 0 to 31"
                ))
            }),
    }
}

/// What `decode` says when it would wait for a terminal without being asked to.
const DECODE_STDIN_HINT: &str = "decode: reading hex bytes from standard input (a terminal): \
     type or paste them, an empty line between datagrams, then Ctrl-D; or give them as \
     arguments, or --pcap FILE";

/// `decode`: explains every datagram of the input; the first problem is the error.
fn decode(args: DecodeArgs) -> Result<ExitCode, Error> {
    let mut annotator = Annotator::new();
    for spec in &args.family_ids {
        let (id, name) = input::parse_family_id(spec).map_err(|e| Error::Usage(e.0))?;
        annotator.learn_family(id, &name);
    }
    let protocol = protocol_arg(&args.protocol)?;
    let datagrams = if let Some(path) = &args.pcap {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::os(
                format!("decode: read {}", path.display()),
                nix::errno::Errno::from_raw(e.raw_os_error().unwrap_or(libc::EIO)),
            )
        })?;
        input::parse_pcap(&bytes)
    } else if args.hex.is_empty() || args.hex == ["-"] {
        if args.hex.is_empty() && std::io::stdin().is_terminal() {
            eprintln!("{DECODE_STDIN_HINT}");
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|_| Error::Input("decode: standard input is not text".into()))?;
        input::parse_hex(&text)
    } else {
        input::parse_hex(&args.hex.join(" "))
    }
    .map_err(|e| Error::Input(format!("decode: {e}")))?;
    let mut first_problem = None;
    for d in &datagrams {
        let mut out = String::new();
        let heading = Heading {
            direction: d.direction,
            protocol: d.protocol.unwrap_or(protocol),
            port: None,
        };
        if let Err(p) = annotator.datagram(&mut out, &heading, &d.data) {
            first_problem.get_or_insert(format!("decode: {}, {p}", d.origin));
        }
        print_line(out.trim_end())?;
    }
    match first_problem {
        Some(p) => Err(Error::Input(p)),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// `raw`: builds (or takes) a datagram, sends it, and shows what came back.
fn raw(args: RawArgs) -> Result<ExitCode, Error> {
    let usage = Error::Usage;
    let protocol = if args.classic {
        classic::NETLINK_GENLTEST
    } else {
        rawmsg::check_protocol(args.protocol.unwrap_or(libc::NETLINK_GENERIC)).map_err(usage)?
    };
    if !(args.wait >= 0.0 && args.wait.is_finite() && args.wait <= f64::from(u32::MAX)) {
        return Err(usage(format!("--wait {}: must be seconds ≥ 0", args.wait)));
    }
    let datagram = if let Some(hex) = &args.hex {
        let d = input::parse_hex(hex).map_err(|e| usage(format!("--hex: {e}")))?;
        d.into_iter().flat_map(|d| d.data).collect()
    } else {
        let ty = match (&args.family, &args.ty) {
            (Some(name), _) => {
                let mut conn = genltest::conn::Conn::new(
                    genltest::socket::Socket::open(libc::NETLINK_GENERIC)
                        .map_err(|e| Error::os("raw: socket", e))?,
                );
                genltest::ctrl::get_family(&mut conn, name)?.id
            }
            (None, Some(t)) => input::parse_number(t)
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(|| usage(format!("--type {t}: not a 16-bit number")))?,
            (None, None) => 0x10,
        };
        let genl = protocol == libc::NETLINK_GENERIC;
        let cmd = match &args.cmd {
            Some(c) => rawmsg::parse_cmd(c).map_err(usage)?,
            None => 0,
        };
        let attrs = args
            .attrs
            .iter()
            .map(|a| rawmsg::parse_attr(a))
            .collect::<Result<Vec<_>, _>>()
            .map_err(usage)?;
        let fields = rawmsg::Fields {
            ty,
            flags: rawmsg::parse_flags(&args.flags).map_err(usage)?,
            seq: args.seq,
            genl: genl.then_some((cmd, args.version)),
            payload: args.payload.clone().unwrap_or_default().into_bytes(),
            attrs,
        };
        let mut buf = Vec::new();
        rawmsg::build(&mut buf, &fields);
        buf
    };
    let answers = rawmsg::exchange(
        protocol,
        &datagram,
        Duration::from_secs(5),
        Duration::from_secs_f64(args.wait),
    )?;
    // Without --trace, show the exchange on stdout; with it, the trace already did.
    if !socket::observed() {
        let mut annotator = Annotator::new();
        let mut out = String::new();
        let mut show = |direction, data: &[u8]| {
            let heading = Heading {
                direction,
                protocol,
                port: None,
            };
            let _ = annotator.datagram(&mut out, &heading, data);
        };
        show(Direction::Send, &datagram);
        for a in &answers {
            show(Direction::Recv, a);
        }
        print_line(out.trim_end())?;
    }
    if answers.is_empty() {
        return Err(Error::Timeout(
            "raw: no answer from the kernel (ask for one with --flags request,ack)".into(),
        ));
    }
    match rawmsg::first_error(&answers, &datagram) {
        Some(e) => Err(e),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// The name of command `id` of genltest, as the spec names it.
fn cmd_name(id: u32) -> String {
    u8::try_from(id)
        .ok()
        .and_then(|c| Cmd::try_from(c).ok())
        .map_or_else(|| format!("cmd-{id}"), |c| c.name().to_owned())
}

/// The name of attribute `id` of genltest, as the spec names it.
fn attr_name(id: u32) -> String {
    u16::try_from(id)
        .ok()
        .and_then(|a| GenltestAttr::try_from(a).ok())
        .map_or_else(|| id.to_string(), |a| a.name().to_owned())
}

fn info_json(f: &FamilyInfo, p: &Policies) -> serde_json::Value {
    let bound = |a: &AttrPolicy| {
        json!({
            "policy": a.policy,
            "attr": attr_name(a.attr),
            "type": a.kind,
            "min-value": a.min_value_u.map(i128::from).or(a.min_value_s.map(i128::from)).map(|v| v.to_string()),
            "max-value": a.max_value_u.map(i128::from).or(a.max_value_s.map(i128::from)).map(|v| v.to_string()),
            "min-len": a.min_len,
            "max-len": a.max_len,
            "mask": a.mask,
            "nested-policy": a.nested,
        })
    };
    json!({
        "name": f.name,
        "id": f.id,
        "version": f.version,
        "hdrsize": f.hdrsize,
        "maxattr": f.maxattr,
        "ops": f.ops.iter().map(|op| json!({
            "id": op.id, "name": cmd_name(op.id), "flags": op.flag_names(),
        })).collect::<Vec<_>>(),
        "groups": f.groups.iter().map(|(n, id)| json!({"name": n, "id": id})).collect::<Vec<_>>(),
        "op-policies": p.ops.iter().map(|o| json!({
            "cmd": cmd_name(o.cmd), "do": o.do_policy, "dump": o.dump_policy,
        })).collect::<Vec<_>>(),
        "policies": p.attrs.iter().map(bound).collect::<Vec<_>>(),
    })
}

fn info_text(f: &FamilyInfo, p: &Policies) -> String {
    let mut s = format!(
        "family {} id {} version {} hdrsize {} maxattr {}\noperations:\n",
        f.name, f.id, f.version, f.hdrsize, f.maxattr
    );
    for op in &f.ops {
        s += &format!(
            "  {:<10} {:>2}  {}\n",
            cmd_name(op.id),
            op.id,
            op.flag_names().join(",")
        );
    }
    s += "groups:\n";
    for (name, id) in &f.groups {
        s += &format!("  {name} {id}\n");
    }
    s += "policies:\n";
    for o in &p.ops {
        let show = |x: Option<u32>| x.map_or_else(|| "-".to_owned(), |i| i.to_string());
        s += &format!(
            "  {:<10} do {} dump {}\n",
            cmd_name(o.cmd),
            show(o.do_policy),
            show(o.dump_policy)
        );
    }
    for a in &p.attrs {
        let name = attr_name(a.attr).to_ascii_uppercase().replace('-', "_");
        s += &format!("  policy {} {} {}", a.policy, name, a.kind);
        let bounds = a.bounds();
        if !bounds.is_empty() {
            s += " ";
            s += &bounds;
        }
        s += "\n";
    }
    s.trim_end().to_owned()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout; with --json a usage error is JSON too.
        Err(e) if e.use_stderr() && std::env::args_os().any(|a| a == "--json") => {
            let full = e.to_string();
            let first = full.lines().next().unwrap_or_default();
            let text = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("{}", json!({"error": text, "exit": exit::USAGE}));
            return ExitCode::from(exit::USAGE);
        }
        Err(e) => e.exit(),
    };
    let json = cli.json;
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe on stdout is how `genltest listen | head -1` ends: not an error.
            if let Error::Os {
                errno: nix::errno::Errno::EPIPE,
                ..
            } = e
            {
                return ExitCode::from(exit::OK);
            }
            if json {
                eprintln!("{}", e.to_json());
            } else {
                eprintln!("genltest: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_documents_every_exit_code() {
        let help = Cli::command().render_long_help().to_string();
        for code in 0..=9 {
            assert!(
                help.contains(&format!("\n  {code}  ")),
                "exit code {code} missing from --help"
            );
        }
    }
}
