//! Helpers of the in-VM tests: running the CLI, raw requests, listeners, the module.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use genltest::error::Ack;
use genltest::family::{self, HistoryEntry};
use genltest::socket::{Socket, RECV_BUF_SIZE};
use genltest::wire::{
    GenlHeader, MessageBuilder, Messages, NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP, NLM_F_REQUEST,
};
use genltest::Error;

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

pub fn expect_kernel_error(
    err: Option<Error>,
    errno: i32,
    msg: Option<&str>,
) -> Result<(), String> {
    expect_kernel_error_attr(err, errno, msg, None)
}

pub fn expect_kernel_error_attr(
    err: Option<Error>,
    errno: i32,
    msg: Option<&str>,
    attr_contains: Option<&str>,
) -> Result<(), String> {
    match err {
        Some(Error::Kernel {
            errno: got,
            ack,
            attr,
            ..
        }) => {
            check_eq(&got, &errno, "errno")?;
            if let Some(m) = msg {
                let have = ack.msg.unwrap_or_default();
                check(
                    have.contains(m),
                    &format!("extack message {have:?} contains {m:?}"),
                )?;
            }
            if let Some(a) = attr_contains {
                let have = attr.unwrap_or_default();
                check(
                    have.contains(a),
                    &format!("offending attribute {have:?} names {a:?}"),
                )?;
            }
            Ok(())
        }
        Some(other) => Err(format!("expected a kernel error, got: {other}")),
        None => Err("expected an error, the request succeeded".into()),
    }
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
    let sock = Socket::open(genltest::classic::NETLINK_GENLTEST).map_err(|e| e.to_string())?;
    sock.enable_ext_ack().map_err(|e| e.to_string())?;
    collect(&sock, build)
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
