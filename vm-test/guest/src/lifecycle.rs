//! Lifecycle and concurrency: loading and unloading under load, unloading during a dump,
//! a listener that never reads, and allocation failures injected with `fail-nth`.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, AsRawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use genltest::classic::{self, GENLTEST_MSG_ECHO, NETLINK_GENLTEST};
use genltest::error::Ack;
use genltest::family::{self, Attr, Cmd, FAMILY_VERSION};
use genltest::socket::{RecvError, Socket, RECV_BUF_SIZE};
use genltest::wire::{
    MessageBuilder, Messages, NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP, NLM_F_MULTI, NLM_F_REQUEST,
};
use genltest::Error;
use nix::errno::Errno;
use nix::kmod::{delete_module, finit_module, DeleteModuleFlags, ModuleInitFlags};
use nix::sys::socket::{recv, setsockopt, sockopt, MsgFlags};

use crate::util::{check, check_eq};

type TestResult = Result<(), String>;

const MODULE: &str = "/lib/modules/genltest.ko";

/// Loads genltest.ko.
pub fn load() -> Result<(), Errno> {
    let f = File::open(MODULE).map_err(|e| Errno::from_raw(e.raw_os_error().unwrap_or(0)))?;
    finit_module(&f, c"", ModuleInitFlags::empty())
}

/// Unloads genltest without waiting: `EAGAIN` while something holds a reference.
pub fn unload() -> Result<(), Errno> {
    delete_module(c"genltest", DeleteModuleFlags::O_NONBLOCK)
}

/// Unloads genltest, retrying while short-lived references (a unit-31 socket being
/// opened and closed, say) hold it; gives up after `patience`.
pub fn unload_patiently(patience: Duration) -> Result<u32, String> {
    let start = Instant::now();
    let mut refused = 0;
    loop {
        match unload() {
            Ok(()) => return Ok(refused),
            Err(Errno::EAGAIN) if start.elapsed() < patience => {
                refused += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(format!("rmmod: {e} (refused {refused} times before)")),
        }
    }
}

/// While alive, module loads do not run the module's KUnit suites (which would print
/// their results once per load). A kernel without KUnit (Debian's) has nothing to quiet.
pub struct QuietKunit;

const KUNIT_GLOB: &str = "/sys/module/kunit/parameters/filter_glob";

impl QuietKunit {
    pub fn new() -> Result<QuietKunit, String> {
        if !std::path::Path::new("/sys/module/kunit").exists() {
            return Ok(QuietKunit);
        }
        std::fs::write(KUNIT_GLOB, "genltest_none_during_cycles")
            .map_err(|e| format!("{KUNIT_GLOB}: {e}"))?;
        Ok(QuietKunit)
    }
}

impl Drop for QuietKunit {
    fn drop(&mut self) {
        let _ = std::fs::write(KUNIT_GLOB, "*.*");
    }
}

/// Counts of what the background load saw, by kind.
#[derive(Default)]
struct Tally(Mutex<std::collections::BTreeMap<String, u64>>);

impl Tally {
    fn add(&self, key: &str) {
        *self
            .0
            .lock()
            .expect("tally")
            .entry(key.to_string())
            .or_default() += 1;
    }

    fn get(&self, key: &str) -> u64 {
        self.0.lock().expect("tally").get(key).copied().unwrap_or(0)
    }

    fn show(&self) -> String {
        let map = self.0.lock().expect("tally");
        map.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The errors a client may see while the module comes and goes: it is not loaded, or
/// the family id it resolved vanished. Anything else is a bug.
fn expected_while_cycling(e: &Error) -> Option<&'static str> {
    match e {
        Error::NotLoaded(_) => Some("not loaded"),
        Error::Kernel { errno, .. } if *errno == libc::ENOENT => Some("family gone (ENOENT)"),
        Error::Os {
            errno: Errno::EPROTONOSUPPORT,
            ..
        } => Some("unit 31 gone"),
        // netlink_dump_start cannot take a reference on a module that is unloading.
        Error::Kernel { errno, .. } if *errno == libc::EPROTONOSUPPORT => {
            Some("module going (EPROTONOSUPPORT)")
        }
        _ => None,
    }
}

/// `GENLTEST_CYCLES` (default 100) load/unload cycles while genl listeners are
/// subscribed, echo requests of both protocols are in flight, sysfs pings race and a
/// history dump runs in a loop.
pub fn load_unload_cycles() -> TestResult {
    let cycles: u32 = std::env::var("GENLTEST_CYCLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let _quiet = QuietKunit::new()?;
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let unexpected = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut workers = Vec::new();

    // Generic Netlink echo on one client, reopened after each failure.
    {
        let (stop, tally, unexpected) = (stop.clone(), tally.clone(), unexpected.clone());
        workers.push(std::thread::spawn(move || {
            let mut client: Option<family::Client> = None;
            while !stop.load(Ordering::Relaxed) {
                let result = match client.as_mut() {
                    Some(c) => c.echo(b"in flight").map(|_| ()),
                    None => family::Client::open().map(|c| client = Some(c)),
                };
                match result {
                    Ok(()) => tally.add("genl ok"),
                    Err(e) => {
                        client = None;
                        match expected_while_cycling(&e) {
                            Some(kind) => tally.add(&format!("genl {kind}")),
                            None => unexpected.lock().expect("list").push(format!("genl: {e}")),
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            }
        }));
    }
    // Unit-31 echo, each on a fresh socket (an open unit-31 socket pins the module).
    {
        let (stop, tally, unexpected) = (stop.clone(), tally.clone(), unexpected.clone());
        workers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let result = classic::Client::open()
                    .and_then(|mut c| c.echo(b"classic in flight", false).map(|_| ()));
                match result {
                    Ok(()) => tally.add("classic ok"),
                    Err(e) => match expected_while_cycling(&e) {
                        Some(kind) => tally.add(&format!("classic {kind}")),
                        None => unexpected
                            .lock()
                            .expect("list")
                            .push(format!("classic: {e}")),
                    },
                }
                std::thread::sleep(Duration::from_millis(3));
            }
        }));
    }
    // Sysfs pings racing with the file's removal.
    {
        let (stop, tally, unexpected) = (stop.clone(), tally.clone(), unexpected.clone());
        workers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match crate::util::write_ping(b"racing ping") {
                    Ok(()) => tally.add("ping ok"),
                    Err(e) if e.raw_os_error() == Some(libc::ENOENT) => tally.add("ping file gone"),
                    // The file was open when the module went: kernfs refuses the write.
                    Err(e) if e.raw_os_error() == Some(libc::ENODEV) => {
                        tally.add("ping file removed while open")
                    }
                    Err(e) => unexpected.lock().expect("list").push(format!("ping: {e}")),
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        }));
    }
    // History dumps.
    {
        let (stop, tally, unexpected) = (stop.clone(), tally.clone(), unexpected.clone());
        workers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match family::Client::open().and_then(|mut c| c.history()) {
                    Ok(_) => tally.add("dump ok"),
                    Err(e) => match expected_while_cycling(&e) {
                        Some(kind) => tally.add(&format!("dump {kind}")),
                        None => unexpected.lock().expect("list").push(format!("dump: {e}")),
                    },
                }
            }
        }));
    }

    let mut result = Ok(());
    let mut refused = 0;
    let mut done = 0;
    for i in 0..cycles {
        match one_cycle(i) {
            Ok(n) => refused += n,
            Err(e) => {
                result = Err(format!("cycle {i}: {e}"));
                break;
            }
        }
        done += 1;
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.join();
    }
    if std::fs::metadata("/sys/module/genltest").is_err() {
        load().map_err(|e| format!("final insmod: {e}"))?;
    }
    println!("# cycles: {done} done; rmmod waited {refused} times for a reference to go");
    println!("# cycles: background: {}", tally.show());
    println!("# robustness: load-cycles {done}");
    result?;
    let unexpected = unexpected.lock().expect("list");
    check(
        unexpected.is_empty(),
        &format!(
            "no unexpected errors, got: {:?}",
            &unexpected[..unexpected.len().min(10)]
        ),
    )?;
    for kind in ["genl ok", "classic ok", "ping ok", "dump ok"] {
        check(
            tally.get(kind) > 0,
            &format!("some {kind} during the cycles"),
        )?;
    }
    // The background load ran into the module's absence, and was told so.
    let absent: u64 = [
        "genl not loaded",
        "genl family gone (ENOENT)",
        "classic not loaded",
        "classic unit 31 gone",
        "ping file gone",
        "dump not loaded",
        "dump family gone (ENOENT)",
    ]
    .iter()
    .map(|k| tally.get(k))
    .sum();
    check(
        absent > 0,
        "the background load saw the module gone at least once",
    )?;
    // The module works after it all.
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    check_eq(
        &c.echo(b"after cycles").map_err(|e| e.to_string())?[..],
        b"after cycles",
        "echo after cycles",
    )
}

/// One load/unload cycle with two raw listeners subscribed to `mcgrp` while the module
/// goes: they hear a ping sent before, rmmod does not wait for them, and once the
/// family is registered again they are out of its group (a ping then reaches a fresh
/// listener and not them). While the module is out, each kind of request says "not
/// loaded". Returns how many times rmmod found the module busy.
fn one_cycle(i: u32) -> Result<u32, String> {
    let group = crate::util::mcgrp_id()?;
    let mut old = Vec::new();
    for _ in 0..2 {
        let l = crate::util::RawListener::open(libc::NETLINK_GENERIC, group)?;
        // Room for the racing pings however long rmmod waits: an overrun would hide
        // what this cycle checks.
        setsockopt(&l.sock.as_fd(), sockopt::RcvBufForce, &(8 << 20)).map_err(|e| e.to_string())?;
        old.push(l);
    }
    let mark = format!("cycle {i}");
    crate::util::write_ping(mark.as_bytes()).map_err(|e| format!("ping: {e}"))?;
    for l in &mut old {
        l.texts_until(mark.as_bytes())
            .map_err(|e| format!("a listener subscribed before the unload: {e}"))?;
    }
    let refused = unload_patiently(Duration::from_secs(20))?;
    // Nothing answers now, and each client says why.
    let absent = [
        ("classic", classic::Client::open().err()),
        ("genl", family::Client::open().err()),
        ("ping", genltest::ping::ping(b"nobody home").err()),
    ];
    for (what, err) in absent {
        match err {
            Some(Error::NotLoaded(_)) => {}
            other => return Err(format!("{what} while unloaded: {other:?}, want not loaded")),
        }
    }
    load().map_err(|e| format!("insmod: {e}"))?;
    let mut fresh =
        crate::util::RawListener::open(libc::NETLINK_GENERIC, crate::util::mcgrp_id()?)?;
    let after = format!("after cycle {i}");
    crate::util::write_ping(after.as_bytes()).map_err(|e| format!("ping: {e}"))?;
    fresh.texts_until(after.as_bytes())?;
    // The multicast was delivered during the write: whatever reached the old listeners
    // is queued on them now.
    for l in &mut old {
        while let Some(batch) = l.next(Duration::ZERO)? {
            for n in batch {
                let text = n.text(libc::NETLINK_GENERIC)?;
                check(
                    text != after.as_bytes(),
                    "a listener of the unloaded family does not hear the reloaded one",
                )?;
            }
        }
    }
    Ok(refused)
}

/// Fills the history with 64 entries of 1000 bytes: a dump of it needs many datagrams.
fn fill_history(c: &mut family::Client) -> TestResult {
    for i in 0..64u8 {
        let text = vec![b'a' + i % 26; 1000];
        c.echo(&text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Sends a history dump request on a fresh socket.
fn start_dump(id: u16) -> Result<Socket, String> {
    let sock = Socket::open(libc::NETLINK_GENERIC).map_err(|e| e.to_string())?;
    let mut tx = Vec::new();
    MessageBuilder::new(&mut tx, id, NLM_F_REQUEST | NLM_F_DUMP, 9)
        .genl(Cmd::History as u8, FAMILY_VERSION)
        .finish();
    sock.send(&tx).map_err(|e| e.to_string())?;
    Ok(sock)
}

/// Reads one datagram of a dump; returns its entries and whether it ended the dump.
fn read_dump_part(sock: &Socket, rx: &mut [u8]) -> Result<(usize, bool), String> {
    let n = sock
        .recv(rx, Socket::deadline(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    let mut entries = 0;
    for m in Messages::new(&rx[..n]) {
        let m = m.map_err(|e| e.to_string())?;
        match m.header.ty {
            NLMSG_DONE => return Ok((entries, true)),
            NLMSG_ERROR => {
                return Err(format!(
                    "dump error: {:?}",
                    Ack::parse(m.header.flags, m.payload)
                ))
            }
            _ => {
                check(
                    m.header.flags & NLM_F_MULTI != 0,
                    "dump parts carry NLM_F_MULTI",
                )?;
                entries += 1;
            }
        }
    }
    Ok((entries, false))
}

/// A dump in progress holds a reference on the module: `rmmod` is refused until the
/// reader finishes it; then it succeeds.
pub fn rmmod_during_half_read_dump() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    fill_history(&mut c)?;
    let sock = start_dump(c.family.id)?;
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    let (first, done) = read_dump_part(&sock, &mut rx)?;
    check(
        !done && first > 0,
        "the first datagram holds part of the dump",
    )?;
    check_eq(
        unload(),
        Err(Errno::EAGAIN),
        "rmmod while the dump is half read",
    )?;
    let mut total = first;
    loop {
        let (n, done) = read_dump_part(&sock, &mut rx)?;
        total += n;
        if done {
            break;
        }
    }
    check_eq(total, 64, "entries in the finished dump")?;
    unload().map_err(|e| format!("rmmod after the dump: {e}"))?;
    load().map_err(|e| format!("insmod: {e}"))?;
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    check_eq(
        &c.echo(b"reloaded").map_err(|e| e.to_string())?[..],
        b"reloaded",
        "echo after reload",
    )
}

/// Closing a socket in the middle of a dump ends the dump and drops its reference at
/// once; another dump still works.
pub fn socket_closed_mid_dump() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    fill_history(&mut c)?;
    for _ in 0..20 {
        let sock = start_dump(c.family.id)?;
        let mut rx = vec![0u8; RECV_BUF_SIZE];
        let (_, done) = read_dump_part(&sock, &mut rx)?;
        check(!done, "the dump needs more than one datagram")?;
        drop(sock);
    }
    let entries = c.history().map_err(|e| e.to_string())?;
    check_eq(entries.len(), 64, "a full dump after the abandoned ones")?;
    let sock = start_dump(c.family.id)?;
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    read_dump_part(&sock, &mut rx)?;
    drop(sock);
    unload().map_err(|e| format!("rmmod right after closing a dump socket: {e}"))?;
    load().map_err(|e| format!("insmod: {e}"))
}

/// A namespace made before the module is loaded gets unit 31's kernel socket at load
/// (the pernet operations' `init` runs for every namespace alive), and the socket of the
/// previous load was released in it at unload (or the load would fail: a namespace holds
/// one kernel socket per unit).
pub fn classic_socket_in_namespace_made_before_load() -> TestResult {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let go = "/tmp/genltest-namespace-go";
    let _ = std::fs::remove_file(go);
    // The namespace holds no unit-31 socket until `go` exists, so the module can unload.
    let mut child = Command::new("unshare")
        .args([
            "-n",
            "sh",
            "-c",
            &format!(
                "echo made; while [ ! -e {go} ]; do sleep 0.05; done; \
                 exec /bin/genltest classic echo 'made before the load'"
            ),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("unshare: {e}"))?;
    let mut stdout = std::io::BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .map_err(|e| format!("reading the child: {e}"))?;
    let reloaded = check_eq(line.as_str(), "made\n", "the namespace exists")
        .and_then(|()| unload_patiently(Duration::from_secs(10)).map(|_| ()))
        .and_then(|()| load().map_err(|e| format!("insmod with the namespace alive: {e}")));
    // Let the child go whatever happened, so that it does not outlive the test.
    std::fs::write(go, b"").map_err(|e| format!("{go}: {e}"))?;
    let mut rest = String::new();
    stdout
        .read_to_string(&mut rest)
        .map_err(|e| format!("reading the child: {e}"))?;
    let status = child
        .wait()
        .map_err(|e| format!("waiting for the child: {e}"))?;
    let _ = std::fs::remove_file(go);
    reloaded?;
    check(status.success(), "the echo in the older namespace succeeds")?;
    check_eq(
        rest.as_str(),
        "made before the load\n",
        "the echo in the older namespace",
    )
}

/// Two bare listeners: one in `mcgrp` (the group `c` resolved), one in unit 31's group.
fn subscribe_both(c: &family::Client) -> Result<(Socket, Socket), String> {
    let group = c.family.group(family::MCGRP_NAME).ok_or("no mcgrp")?;
    let genl = Socket::open(libc::NETLINK_GENERIC).map_err(|e| e.to_string())?;
    genl.add_membership(group).map_err(|e| e.to_string())?;
    let unit31 = Socket::open(NETLINK_GENLTEST).map_err(|e| e.to_string())?;
    unit31
        .add_membership(classic::GROUP)
        .map_err(|e| e.to_string())?;
    Ok((genl, unit31))
}

/// A subscriber with a tiny receive buffer that never reads: its losses are counted as
/// dropped notifications, it is told with `ENOBUFS`, and everything else goes on.
pub fn listener_that_never_reads() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.reset().map_err(|e| e.to_string())?;
    let (genl, unit31) = subscribe_both(&c)?;
    for s in [&genl, &unit31] {
        setsockopt(&s.as_fd(), sockopt::RcvBuf, &4096).map_err(|e| e.to_string())?;
        // Without this a full listener is skipped silently and the module cannot tell
        // a loss from nobody listening.
        s.set_broadcast_error().map_err(|e| e.to_string())?;
    }
    let pings = 100u64;
    let text = vec![b'n'; 1000];
    for _ in 0..pings {
        crate::util::write_ping(&text).map_err(|e| format!("ping: {e}"))?;
    }
    let s = c.stats().map_err(|e| e.to_string())?;
    check_eq(s.pings, pings, "pings")?;
    check_eq(
        s.notify_delivered + s.notify_dropped + s.notify_no_listener,
        2 * pings,
        "every notification accounted for",
    )?;
    check(
        s.notify_dropped > 0,
        &format!("drops counted (stats: {s:?})"),
    )?;
    check_eq(s.notify_no_listener, 0, "no-listener count")?;
    // Each listener learns of its losses.
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    for (name, sock) in [("genl", &genl), ("unit 31", &unit31)] {
        match sock.recv(&mut rx, Socket::deadline(Duration::from_secs(2))) {
            Err(RecvError::Os(Errno::ENOBUFS)) => {}
            other => {
                return Err(format!(
                    "{name} listener: first receive gave {other:?}, want ENOBUFS"
                ))
            }
        }
    }
    check_eq(
        &c.echo(b"still fine").map_err(|e| e.to_string())?[..],
        b"still fine",
        "echo",
    )
}

// ---- Fault injection -----------------------------------------------------------------

/// Whether this kernel can fail allocations on request (the debug kernel can).
pub fn fault_injection_available() -> bool {
    std::path::Path::new("/proc/thread-self/fail-nth").exists()
        && std::path::Path::new("/sys/kernel/debug/failslab").exists()
}

/// Makes failslab fail sleeping allocations too, quietly (no stack dump per failure).
fn configure_failslab() -> TestResult {
    for (knob, value) in [
        ("ignore-gfp-wait", "N"),
        ("verbose", "0"),
        ("probability", "0"),
        ("times", "-1"),
    ] {
        let path = format!("/sys/kernel/debug/failslab/{knob}");
        std::fs::write(&path, value).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}

/// This thread's `fail-nth`: write N and the Nth slab allocation of this thread fails.
struct FailNth {
    /// Written to arm and disarm; the kernel ignores the file position.
    control: File,
    /// Opened before arming, so that reading the count back allocates nothing that the
    /// countdown would see; the file has no seek, so a fresh one each time.
    reader: Option<File>,
}

const FAIL_NTH: &str = "/proc/thread-self/fail-nth";

impl FailNth {
    fn open() -> Result<FailNth, String> {
        let control = std::fs::OpenOptions::new()
            .write(true)
            .open(FAIL_NTH)
            .map_err(|e| format!("fail-nth: {e}"))?;
        Ok(FailNth {
            control,
            reader: None,
        })
    }

    fn arm(&mut self, n: u32) -> TestResult {
        self.reader = Some(File::open(FAIL_NTH).map_err(|e| format!("fail-nth: {e}"))?);
        self.write(n)
    }

    fn write(&mut self, n: u32) -> TestResult {
        self.control
            .write_all(n.to_string().as_bytes())
            .map_err(|e| format!("arm fail-nth: {e}"))
    }

    /// Disarms and tells whether the failure was injected (the count went down to 0).
    fn fired(&mut self) -> Result<bool, String> {
        let mut reader = self.reader.take().ok_or("fail-nth was not armed")?;
        let mut buf = [0u8; 32];
        let n = reader
            .read(&mut buf)
            .map_err(|e| format!("read fail-nth: {e}"))?;
        self.write(0)?;
        let s = String::from_utf8_lossy(&buf[..n]);
        let left: u32 = s
            .trim()
            .parse()
            .map_err(|_| format!("fail-nth reads {s:?}"))?;
        Ok(left == 0)
    }
}

/// What one request got under an injected failure.
#[derive(Debug, PartialEq)]
enum Outcome {
    Reply,
    Error(i32),
    SendFailed(i32),
    SocketError(i32),
}

/// Sends `request` with the `n`th allocation failing and reads the outcome.
fn inject(
    fail: &mut FailNth,
    sock: &Socket,
    request: &[u8],
    n: u32,
    rx: &mut [u8],
    reply_type: u16,
) -> Result<(Outcome, bool), String> {
    fail.arm(n)?;
    let sent = sock.send(request);
    let fired = fail.fired()?;
    if let Err(e) = sent {
        return Ok((Outcome::SendFailed(e as i32), fired));
    }
    let mut outcome = None;
    let deadline = Socket::deadline(Duration::from_secs(5));
    loop {
        let got = match recv(sock.as_fd().as_raw_fd(), rx, MsgFlags::MSG_DONTWAIT) {
            Ok(n) => n,
            Err(Errno::EAGAIN) => {
                if outcome.is_some() || deadline.is_some_and(|d| Instant::now() > d) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
                continue;
            }
            Err(e) => {
                outcome.get_or_insert(Outcome::SocketError(e as i32));
                continue;
            }
        };
        for m in Messages::new(&rx[..got]) {
            let m = m.map_err(|e| e.to_string())?;
            let this = match m.header.ty {
                NLMSG_ERROR => Outcome::Error(
                    -Ack::parse(m.header.flags, m.payload)
                        .map_err(|e| e.to_string())?
                        .error,
                ),
                ty if ty == reply_type => Outcome::Reply,
                ty => return Err(format!("unexpected message type {ty}")),
            };
            if let Some(first) = &outcome {
                return Err(format!(
                    "two answers to one request: {first:?} then {this:?}"
                ));
            }
            outcome = Some(this);
        }
        // Anything more would come at once: the request was handled during send.
        std::thread::sleep(Duration::from_millis(2));
    }
    Ok((outcome.ok_or("no answer at all")?, fired))
}

/// What the module has counted and kept: its counters, and the history's length and
/// newest id.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    stats: family::Stats,
    entries: usize,
    last_id: u64,
}

fn snapshot(c: &mut family::Client) -> Result<Snapshot, String> {
    let history = c.history().map_err(|e| e.to_string())?;
    Ok(Snapshot {
        stats: c.stats().map_err(|e| e.to_string())?,
        entries: history.len(),
        last_id: history.last().map_or(0, |e| e.id),
    })
}

/// Fails each allocation of a request's path in turn, until a request goes through
/// without any failure left to inject. Each outcome must be the reply or a clean error,
/// never both. Around each request the module's counters and history are read (on
/// `c`'s socket, with nothing armed): after an error they must be as before, after a
/// reply as `replied` says they become.
fn fail_each_allocation(
    what: &str,
    proto: i32,
    request: &[u8],
    reply_type: u16,
    c: &mut family::Client,
    replied: &dyn Fn(&Snapshot) -> Snapshot,
) -> TestResult {
    configure_failslab()?;
    let sock = Socket::open(proto).map_err(|e| e.to_string())?;
    let mut fail = FailNth::open()?;
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    let mut seen = std::collections::BTreeMap::<String, u32>::new();
    for n in 1..=200u32 {
        let before = snapshot(c)?;
        let (outcome, fired) = inject(&mut fail, &sock, request, n, &mut rx, reply_type)?;
        let after = snapshot(c)?;
        if !fired {
            // Fewer than n allocations on the whole path: the request went through.
            check_eq(
                &outcome,
                &Outcome::Reply,
                &format!("{what}: without a failure"),
            )?;
            check_eq(
                &after,
                &replied(&before),
                &format!("{what}: without a failure, the reply counted"),
            )?;
            println!(
                "# {what}: {} allocations failed in turn; outcomes: {seen:?}",
                n - 1
            );
            println!("# robustness: fail-nth-points {}", n - 1);
            return check(n > 1, "at least one allocation on the path");
        }
        match outcome {
            Outcome::Reply => {
                check_eq(
                    &after,
                    &replied(&before),
                    &format!("{what}: allocation {n} failed harmlessly, the reply counted"),
                )?;
            }
            Outcome::Error(e) | Outcome::SendFailed(e) | Outcome::SocketError(e) => {
                check(
                    matches!(e, libc::ENOMEM | libc::ENOBUFS),
                    &format!(
                        "{what}: allocation {n} failed with {} (want ENOMEM or ENOBUFS)",
                        genltest::error::errno_name(e)
                    ),
                )?;
                check_eq(
                    &after,
                    &before,
                    &format!("{what}: allocation {n} failed, nothing counted or kept"),
                )?;
            }
        }
        *seen.entry(format!("{outcome:?}")).or_default() += 1;
    }
    Err(format!("{what}: still injecting after 200 allocations"))
}

/// Generic Netlink echo: a reply is counted (a request, its bytes) and kept in the
/// history; an error means no reply, no history entry, nothing counted.
pub fn fail_nth_genl_echo() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let id = c.family.id;
    let text = b"under memory pressure";
    let mut request = Vec::new();
    MessageBuilder::new(&mut request, id, NLM_F_REQUEST, 1)
        .genl(Cmd::Echo as u8, FAMILY_VERSION)
        .attr_str(Attr::Msg as u16, text)
        .finish();
    let replied = |b: &Snapshot| {
        let mut a = b.clone();
        a.stats.echo_requests += 1;
        a.stats.echo_bytes += text.len() as u64;
        a.entries = (b.entries + 1).min(64);
        a.last_id = b.last_id + 1;
        a
    };
    fail_each_allocation(
        "genl echo",
        libc::NETLINK_GENERIC,
        &request,
        id,
        &mut c,
        &replied,
    )
}

/// Unit-31 echo: the reply or a clean error, never both; the classic path counts
/// nothing and keeps nothing, whether the reply goes out or not.
pub fn fail_nth_classic_echo() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let mut request = Vec::new();
    MessageBuilder::new(&mut request, GENLTEST_MSG_ECHO, NLM_F_REQUEST, 1)
        .bytes(b"under memory pressure")
        .finish();
    fail_each_allocation(
        "classic echo",
        NETLINK_GENLTEST,
        &request,
        GENLTEST_MSG_ECHO,
        &mut c,
        &Snapshot::clone,
    )
}

/// The ping path: each failed allocation makes the write fail with `ENOMEM` and no
/// listener sees anything; otherwise both listeners get the text (or learn of a loss).
pub fn fail_nth_ping() -> TestResult {
    configure_failslab()?;
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let (genl, unit31) = subscribe_both(&c)?;
    for s in [&genl, &unit31] {
        // A loss is then counted as dropped, and the listener told (ENOBUFS).
        s.set_broadcast_error().map_err(|e| e.to_string())?;
    }
    let mut fail = FailNth::open()?;
    let mut rx = vec![0u8; RECV_BUF_SIZE];
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(genltest::ping::PING_PATH)
        .map_err(|e| e.to_string())?;
    let mut failed = 0;
    for n in 1..=200u32 {
        let before = c.stats().map_err(|e| e.to_string())?;
        fail.arm(n)?;
        let written = file.write(b"low memory");
        let fired = fail.fired()?;
        let after = c.stats().map_err(|e| e.to_string())?;
        let heard: Vec<Result<usize, Errno>> = [&genl, &unit31]
            .iter()
            .map(|s| recv(s.as_fd().as_raw_fd(), &mut rx, MsgFlags::MSG_DONTWAIT))
            .collect();
        match written {
            Err(e) => {
                check_eq(
                    e.raw_os_error(),
                    Some(libc::ENOMEM),
                    &format!("ping write with allocation {n} failing"),
                )?;
                check_eq(&after, &before, "a failed ping changes no counter")?;
                check(
                    heard.iter().all(|h| *h == Err(Errno::EAGAIN)),
                    &format!("no listener heard a failed ping: {heard:?}"),
                )?;
                failed += 1;
            }
            Ok(len) => {
                check_eq(len, 10, "bytes written")?;
                check_eq(after.pings - before.pings, 1, "a ping is counted")?;
                check(
                    heard
                        .iter()
                        .all(|h| matches!(h, Ok(_) | Err(Errno::ENOBUFS))),
                    &format!("each listener got the ping or learnt of its loss: {heard:?}"),
                )?;
                // One notification per protocol, each to one listener: what it got is
                // counted as delivered, what it lost as dropped.
                let lost = heard.iter().filter(|h| h.is_err()).count() as u64;
                check_eq(
                    (
                        after.notify_delivered - before.notify_delivered,
                        after.notify_dropped - before.notify_dropped,
                        after.notify_no_listener - before.notify_no_listener,
                    ),
                    (2 - lost, lost, 0),
                    &format!("ping with allocation {n} failing: delivered, dropped, no listener"),
                )?;
                if !fired {
                    println!(
                        "# ping: {} allocations failed in turn, {failed} of them failed the write",
                        n - 1
                    );
                    println!("# robustness: fail-nth-points {}", n - 1);
                    return check(failed > 0, "some allocation failure reached the writer");
                }
            }
        }
        // Drain whatever else is queued.
        for s in [&genl, &unit31] {
            while recv(s.as_fd().as_raw_fd(), &mut rx, MsgFlags::MSG_DONTWAIT).is_ok() {}
        }
    }
    Err("ping: still injecting after 200 allocations".into())
}

const KMEMLEAK: &str = "/sys/kernel/debug/kmemleak";

/// Whether this kernel tracks leaks (the debug kernel does).
pub fn kmemleak_available() -> bool {
    std::path::Path::new(KMEMLEAK).exists()
}

/// Before the tests: forget what kmemleak suspects from boot, so that the final scan
/// reports only what the tests leaked. The scan prints `kmemleak: N new suspected memory
/// leaks` on the console when boot left some: the markers around it (the harness's
/// `KMEMLEAK_SCAN_BEGIN`/`END`) tell the harness that this line is the baseline's.
pub fn kmemleak_baseline() {
    if kmemleak_available() {
        let mark = |m: &str| std::fs::write("/dev/kmsg", format!("genltest-vm-tests: {m}\n"));
        let _ = mark("kmemleak scan begins");
        let _ = std::fs::write(KMEMLEAK, "scan");
        let _ = std::fs::write(KMEMLEAK, "clear");
        let _ = mark("kmemleak scan ends");
    }
}

/// After everything: ask kmemleak for a scan and report what it found. This test reports
/// the leaks (the objects and their stacks), so its scans sit between the same markers
/// as the baseline's: the console's count line is not a second report of them.
pub fn kmemleak_scan() -> TestResult {
    let mark = |m: &str| {
        std::fs::write("/dev/kmsg", format!("genltest-vm-tests: {m}\n"))
            .map_err(|e| format!("/dev/kmsg: {e}"))
    };
    mark("kmemleak scan begins")?;
    let scan = || {
        // Leaked objects must stay unreferenced over two scans, a few seconds apart.
        for _ in 0..2 {
            std::fs::write(KMEMLEAK, "scan").map_err(|e| format!("kmemleak scan: {e}"))?;
            std::thread::sleep(Duration::from_secs(5));
        }
        std::fs::write(KMEMLEAK, "scan").map_err(|e| format!("kmemleak scan: {e}"))?;
        std::fs::read_to_string(KMEMLEAK).map_err(|e| e.to_string())
    };
    let report = scan();
    mark("kmemleak scan ends")?;
    let report = report?;
    let leaks = report
        .lines()
        .filter(|l| l.starts_with("unreferenced object"))
        .count();
    println!("# robustness: kmemleak-reports {leaks}");
    for line in report.lines().take(60) {
        println!("# {line}");
    }
    check_eq(leaks, 0, "kmemleak reports")
}
