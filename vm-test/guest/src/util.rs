//! Helpers of the in-VM tests: running the CLI, raw requests, listeners, the module.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use genltest::error::Ack;
use genltest::family::{self, HistoryEntry};
use genltest::socket::{Socket, RECV_BUF_SIZE};
use genltest::wire::{
    GenlHeader, MessageBuilder, Messages, NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP, NLM_F_MULTI,
    NLM_F_REQUEST,
};
use genltest::Error;

type TestResult = Result<(), String>;

/// What a finished process printed and returned.
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn check(cond: bool, what: &str) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(format!("expected: {what}"))
    }
}

pub fn check_eq<T: PartialEq + std::fmt::Debug>(got: T, want: T, what: &str) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        let show = |v: &T| {
            let s = format!("{v:?}");
            if s.len() > 300 {
                format!("{}... ({} chars)", &s[..300], s.len())
            } else {
                s
            }
        };
        Err(format!("{what}: got {}, want {}", show(&got), show(&want)))
    }
}

pub fn run(program: &str, args: &[&str]) -> Output {
    match Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) => Output {
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        },
        Err(e) => Output {
            status: -1,
            stdout: String::new(),
            stderr: format!("cannot run {program}: {e}"),
        },
    }
}

pub fn cli(args: &[&str]) -> Output {
    run("/bin/genltest", args)
}

/// This binary's mode that drops to user and group 65534 (nobody) and runs a program.
const AS_NOBODY: &[&str] = &["--as-nobody"];
pub const SELF: &str = "/bin/genltest-vm-tests";

pub fn run_as_nobody(program: &str, args: &[&str]) -> Output {
    let mut all: Vec<&str> = AS_NOBODY.to_vec();
    all.push(program);
    all.extend_from_slice(args);
    run(SELF, &all)
}

/// `--as-nobody PROGRAM ARGS...`: drops every group, then to gid and uid 65534 (which
/// also drops every capability), and executes PROGRAM.
pub fn exec_as_nobody(args: &[String]) -> std::process::ExitCode {
    use nix::unistd::{setgid, setgroups, setuid, Gid, Uid};
    use std::os::unix::process::CommandExt;
    let Some((program, rest)) = args.split_first() else {
        return std::process::ExitCode::from(2);
    };
    if setgroups(&[]).is_err()
        || setgid(Gid::from_raw(65534)).is_err()
        || setuid(Uid::from_raw(65534)).is_err()
    {
        eprintln!("cannot drop privileges");
        return std::process::ExitCode::from(125);
    }
    let err = Command::new(program).args(rest).exec();
    eprintln!("exec {program}: {err}");
    std::process::ExitCode::from(126)
}

pub fn expect_status(out: &Output, want: i32) -> Result<(), String> {
    if out.status == want {
        Ok(())
    } else {
        Err(format!(
            "exit status {} (want {want})\nstdout: {}\nstderr: {}",
            out.status, out.stdout, out.stderr
        ))
    }
}

/// Checks that `err` is the kernel's refusal with `errno`, exactly the extack message
/// `msg` and exactly the offending offset `offs` (`None`: the kernel sent none). Returns
/// the name of the attribute the CLI library says the error is about.
pub fn expect_kernel_error(
    err: Option<Error>,
    errno: i32,
    msg: Option<&str>,
    offs: Option<u32>,
) -> Result<Option<String>, String> {
    match err {
        Some(Error::Kernel { ack, attr, .. }) => {
            check_ack(&ack, errno, msg, offs)?;
            Ok(attr)
        }
        Some(other) => Err(format!("expected a kernel error, got: {other}")),
        None => Err("expected an error, the request succeeded".into()),
    }
}

/// Checks an `NLMSG_ERROR`: the errno, the extack message and the offending offset,
/// each exactly (`None`: absent).
pub fn check_ack(ack: &Ack, errno: i32, msg: Option<&str>, offs: Option<u32>) -> TestResult {
    let name = genltest::error::errno_name;
    check_eq(
        (name(-ack.error), ack.msg.as_deref(), ack.bad_offset),
        (name(errno), msg, offs),
        "error, extack message and offset",
    )
}

/// One answer message from the kernel.
pub struct Answer {
    pub ty: u16,
    pub seq: u32,
    pub pid: u32,
    pub payload: Vec<u8>,
    pub ack: Option<Ack>,
}

/// Sends the datagram `build` writes on `sock` and collects answers until none arrives
/// for a short while.
fn collect(sock: &Socket, build: impl FnOnce(&mut Vec<u8>)) -> Result<Vec<Answer>, String> {
    let mut tx = Vec::new();
    build(&mut tx);
    sock.send(&tx).map_err(|e| format!("send: {e}"))?;
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    let mut out = Vec::new();
    loop {
        let wait = if out.is_empty() { 5.0 } else { 0.3 };
        let n = match sock.recv(
            &mut rx,
            Socket::deadline(std::time::Duration::from_secs_f64(wait)),
        ) {
            Ok(n) => n,
            Err(genltest::socket::RecvError::Timeout) => return Ok(out),
            Err(e) => return Err(e.to_string()),
        };
        for m in Messages::new(&rx[..n]) {
            let m = m.map_err(|e| e.to_string())?;
            let ack = if m.header.ty == NLMSG_ERROR {
                Some(Ack::parse(m.header.flags, m.payload).map_err(|e| e.to_string())?)
            } else {
                None
            };
            out.push(Answer {
                ty: m.header.ty,
                seq: m.header.seq,
                pid: m.header.pid,
                payload: m.payload.to_vec(),
                ack,
            });
        }
    }
}

/// Sends a raw datagram on a unit-31 socket with extended ACKs.
pub fn raw_classic(build: impl FnOnce(&mut Vec<u8>)) -> Result<Vec<Answer>, String> {
    raw_classic_on_port(build).map(|(_, answers)| answers)
}

/// [`raw_classic`], also returning the port id the kernel gave the socket.
pub fn raw_classic_on_port(build: impl FnOnce(&mut Vec<u8>)) -> Result<(u32, Vec<Answer>), String> {
    let sock = Socket::open(genltest::classic::NETLINK_GENLTEST).map_err(|e| e.to_string())?;
    sock.enable_ext_ack().map_err(|e| e.to_string())?;
    Ok((sock.port_id(), collect(&sock, build)?))
}

/// The single answer, which must be an ACK or error.
pub fn only_ack(answers: &[Answer]) -> Result<Ack, String> {
    match answers {
        [a] => a
            .ack
            .clone()
            .ok_or_else(|| format!("answer of type {} is not an ACK", a.ty)),
        _ => Err(format!("{} answers, want one ACK", answers.len())),
    }
}

/// The genltest family id.
pub fn family_id() -> Result<u16, String> {
    Ok(family::Client::open().map_err(|e| e.to_string())?.family.id)
}

/// Sends a raw genltest request (built with the family id) and returns the one ACK.
pub fn raw_genl(build: impl FnOnce(&mut Vec<u8>, u16)) -> Result<Ack, String> {
    let id = family_id()?;
    let sock = Socket::open(libc::NETLINK_GENERIC).map_err(|e| e.to_string())?;
    sock.enable_ext_ack().map_err(|e| e.to_string())?;
    let answers = collect(&sock, |buf| build(buf, id))?;
    only_ack(&answers)
}

/// Dumps the history on a fresh socket, counting the datagrams it took.
pub fn history_counting_datagrams(
    c: &mut family::Client,
) -> Result<(Vec<HistoryEntry>, usize), String> {
    let sock = Socket::open(libc::NETLINK_GENERIC).map_err(|e| e.to_string())?;
    let mut tx = Vec::new();
    MessageBuilder::new(&mut tx, c.family.id, NLM_F_REQUEST | NLM_F_DUMP, 77)
        .genl(family::Cmd::History as u8, family::FAMILY_VERSION)
        .finish();
    sock.send(&tx).map_err(|e| e.to_string())?;
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    let mut entries = Vec::new();
    let mut datagrams = 0;
    loop {
        let n = sock
            .recv(&mut rx, Socket::deadline(std::time::Duration::from_secs(5)))
            .map_err(|e| e.to_string())?;
        datagrams += 1;
        for m in Messages::new(&rx[..n]) {
            let m = m.map_err(|e| e.to_string())?;
            // Every message of a dump is a part of a multipart answer, DONE included.
            check(
                m.header.flags & NLM_F_MULTI != 0,
                "dump messages carry NLM_F_MULTI",
            )?;
            if m.header.ty == NLMSG_DONE {
                return Ok((entries, datagrams));
            }
            check_eq(&m.header.seq, &77, "dump sequence")?;
            let (_, attrs) = GenlHeader::parse(m.payload).map_err(|e| e.to_string())?;
            entries.push(family::parse_history_entry(attrs).map_err(|e| e.to_string())?);
        }
    }
}

/// A `genltest ... listen` process, ready once it said it listens.
pub struct Listener {
    child: Child,
    stderr: BufReader<std::process::ChildStderr>,
}

impl Listener {
    pub fn spawn(args: &[&str], as_nobody: bool) -> Result<Listener, String> {
        if as_nobody {
            let mut all: Vec<&str> = AS_NOBODY.to_vec();
            all.push("/bin/genltest");
            all.extend_from_slice(args);
            Listener::spawn_cmd(SELF, &all)
        } else {
            Listener::spawn_cmd("/bin/genltest", args)
        }
    }

    pub fn spawn_cmd(program: &str, args: &[&str]) -> Result<Listener, String> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("spawn {program}: {e}"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let mut reader = BufReader::new(stderr);
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        if !line.starts_with("listening on") {
            let _ = child.kill();
            return Err(format!("listener did not start: {line}"));
        }
        Ok(Listener {
            child,
            stderr: reader,
        })
    }

    /// The listener's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the listener is still running (it has not exited yet).
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the listener to exit and returns what it printed.
    pub fn finish(mut self) -> Result<Output, String> {
        let mut stdout = String::new();
        if let Some(mut out) = self.child.stdout.take() {
            out.read_to_string(&mut stdout).map_err(|e| e.to_string())?;
        }
        let mut stderr = String::new();
        self.stderr
            .read_to_string(&mut stderr)
            .map_err(|e| e.to_string())?;
        let status = self.child.wait().map_err(|e| e.to_string())?;
        Ok(Output {
            status: status.code().unwrap_or(-1),
            stdout,
            stderr,
        })
    }
}

/// Writes `text` to the ping file in one write.
pub fn write_ping(text: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(genltest::ping::PING_PATH)?;
    let n = f.write(text)?;
    if n != text.len() {
        return Err(std::io::Error::other(format!("short write {n}")));
    }
    Ok(())
}

pub fn rmmod() -> Result<(), String> {
    let out = run("rmmod", &["genltest"]);
    expect_status(&out, 0).map_err(|e| format!("rmmod: {e}"))
}

pub fn insmod() -> Result<(), String> {
    let out = run("insmod", &["/lib/modules/genltest.ko"]);
    expect_status(&out, 0).map_err(|e| format!("insmod: {e}"))
}

/// A Netlink socket of some process, as `/proc/net/netlink` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetlinkSocket {
    pub protocol: i32,
    /// The port id.
    pub port: u32,
    /// The first 32 multicast groups it joined, one bit each (group 1 is bit 0).
    pub groups: u32,
}

/// The Netlink sockets process `pid` has open: its socket inodes (`/proc/PID/fd`) found
/// in `/proc/net/netlink` (`sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode`).
pub fn netlink_sockets_of(pid: u32) -> Result<Vec<NetlinkSocket>, String> {
    let dir = format!("/proc/{pid}/fd");
    let mut inodes = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{dir}: {e}"))? {
        let Ok(entry) = entry else { continue };
        if let Ok(target) = std::fs::read_link(entry.path()) {
            let t = target.to_string_lossy();
            if let Some(inode) = t.strip_prefix("socket:[").and_then(|r| r.strip_suffix(']')) {
                inodes.push(inode.to_owned());
            }
        }
    }
    let table = std::fs::read_to_string("/proc/net/netlink").map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for line in table.lines().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 10 || !inodes.iter().any(|i| i == cols[9]) {
            continue;
        }
        let parse =
            |s: &str, radix| u32::from_str_radix(s, radix).map_err(|e| format!("{line}: {e}"));
        out.push(NetlinkSocket {
            protocol: parse(cols[1], 10)? as i32,
            port: parse(cols[2], 10)?,
            groups: parse(cols[3], 16)?,
        });
    }
    Ok(out)
}

/// Waits until process `pid` has a socket of `protocol` in multicast `group` (1 to 32),
/// and returns that socket.
pub fn wait_for_subscription(pid: u32, protocol: i32, group: u32) -> Result<NetlinkSocket, String> {
    let start = std::time::Instant::now();
    loop {
        let socks = netlink_sockets_of(pid)?;
        if let Some(s) = socks
            .iter()
            .find(|s| s.protocol == protocol && s.groups & (1 << (group - 1)) != 0)
        {
            return Ok(s.clone());
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            return Err(format!(
                "process {pid} did not join group {group} of protocol {protocol}: {socks:?}"
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// The genltest family's multicast group id (`mcgrp`).
pub fn mcgrp_id() -> Result<u32, String> {
    family::Client::open()
        .map_err(|e| e.to_string())?
        .family
        .group(family::MCGRP_NAME)
        .ok_or_else(|| "the family has no mcgrp".to_owned())
}

/// A Netlink socket subscribed to a notification group, read message by message.
pub struct RawListener {
    pub sock: Socket,
    rx: Vec<u8>,
}

/// One notification as it arrived: the sender's address and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The sender's port id (`nl_pid` of the source address): 0 for the kernel.
    pub from_port: u32,
    /// The groups the datagram was sent to (`nl_groups` of the source address).
    pub to_groups: u32,
    pub header: genltest::wire::Header,
    pub payload: Vec<u8>,
}

impl RawListener {
    /// A socket of `protocol` in `group`.
    pub fn open(protocol: i32, group: u32) -> Result<RawListener, String> {
        let sock = Socket::open(protocol).map_err(|e| format!("socket: {e}"))?;
        sock.add_membership(group)
            .map_err(|e| format!("join group {group}: {e}"))?;
        Ok(RawListener {
            sock,
            rx: vec![0; RECV_BUF_SIZE],
        })
    }

    /// Reads every notification of the next datagram, waiting up to `timeout`; `None`
    /// when nothing arrived.
    pub fn next(
        &mut self,
        timeout: std::time::Duration,
    ) -> Result<Option<Vec<Notification>>, String> {
        use nix::sys::socket::{recvmsg, MsgFlags, NetlinkAddr};
        use std::os::fd::{AsFd, AsRawFd};
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let mut iov = [std::io::IoSliceMut::new(&mut self.rx)];
            match recvmsg::<NetlinkAddr>(
                self.sock.as_fd().as_raw_fd(),
                &mut iov,
                None,
                MsgFlags::MSG_DONTWAIT | MsgFlags::MSG_TRUNC,
            ) {
                Ok(msg) => {
                    let n = msg.bytes;
                    if msg.flags.contains(MsgFlags::MSG_TRUNC) || n > RECV_BUF_SIZE {
                        return Err(format!("a {n}-byte notification was truncated"));
                    }
                    let (from_port, to_groups) =
                        msg.address.map_or((u32::MAX, 0), |a| (a.pid(), a.groups()));
                    let mut out = Vec::new();
                    for m in Messages::new(&self.rx[..n]) {
                        let m = m.map_err(|e| format!("malformed notification: {e}"))?;
                        out.push(Notification {
                            from_port,
                            to_groups,
                            header: m.header,
                            payload: m.payload.to_vec(),
                        });
                    }
                    return Ok(Some(out));
                }
                Err(nix::errno::Errno::EAGAIN) => {
                    if std::time::Instant::now() >= deadline {
                        return Ok(None);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                Err(e) => return Err(format!("recvmsg: {e}")),
            }
        }
    }

    /// The texts of the notifications that arrive before one with text `until`, which
    /// must arrive within 10 s. Unit 31: the payload; Generic Netlink: `MSG`.
    pub fn texts_until(&mut self, until: &[u8]) -> Result<Vec<Vec<u8>>, String> {
        let mut texts = Vec::new();
        loop {
            let batch = self
                .next(std::time::Duration::from_secs(10))?
                .ok_or_else(|| {
                    format!(
                        "no notification {:?} within 10 s; before it: {texts:?}",
                        String::from_utf8_lossy(until)
                    )
                })?;
            for n in batch {
                let text = n.text(self.sock.protocol())?;
                if text == until {
                    return Ok(texts);
                }
                texts.push(text);
            }
        }
    }
}

impl Notification {
    /// The text it carries: a unit-31 payload, or a genltest `MSG` (checked to be an
    /// `ECHO` notification with exactly that one attribute).
    ///
    /// Either way it comes from the kernel (port 0), with sequence number 0 and port id 0
    /// in its header; on unit 31 its type is `ECHO` (0x10).
    pub fn text(&self, protocol: i32) -> Result<Vec<u8>, String> {
        check_eq(
            (self.from_port, self.header.seq, self.header.pid),
            (0, 0, 0),
            "notification's sender port, nlmsg_seq and nlmsg_pid",
        )?;
        if protocol == genltest::classic::NETLINK_GENLTEST {
            check_eq(
                self.header.ty,
                genltest::classic::GENLTEST_MSG_ECHO,
                "unit-31 notification's type",
            )?;
            return Ok(self.payload.clone());
        }
        let (h, attrs) = GenlHeader::parse(&self.payload).map_err(|e| e.to_string())?;
        check_eq(
            (h.cmd, h.version, h.reserved),
            (family::Cmd::Echo as u8, family::FAMILY_VERSION, 0),
            "notification's genl header",
        )?;
        let all: Vec<(u16, Vec<u8>)> = genltest::wire::Attrs::new(attrs)
            .map(|a| a.map(|a| (a.ty, a.value.to_vec())))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        match &all[..] {
            [(ty, value)] if *ty == family::Attr::Msg as u16 => value
                .strip_suffix(b"\0")
                .map(<[u8]>::to_vec)
                .ok_or_else(|| format!("MSG without its NUL: {value:?}")),
            _ => Err(format!("notification attributes: {all:?}")),
        }
    }
}
