//! `genltest bench`: what a Netlink round trip costs from Rust, side by side with an
//! in-kernel baseline, and how multicast fans out.
//!
//! - **Round trips**: `ECHO` on the classic unit 31 and on the `genltest` family, with
//!   payloads of 16, 256 and 1024 bytes (1024 is the most either protocol accepts), one
//!   request at a time (`depth` 1: one `sendmsg`, one `recvmsg`) and pipelined (`depth`
//!   requests in one `sendmsg`, their replies drained with `recvmmsg`).
//! - **Baseline**: `nlctrl`'s `CTRL_CMD_GETFAMILY` for `genltest`, the kernel's own C
//!   `doit` on the same Generic Netlink path, measured in the same run. Every echo figure
//!   is also given as a ratio to it, and classic echo as a ratio to Generic Netlink echo:
//!   absolute times depend on the machine (and mean little under emulation), ratios less so.
//! - **Fan-out**: K listeners (threads, each with its own socket in `mcgrp`) and one
//!   `BURST` request that makes the kernel multicast M notifications. Deliveries per
//!   second, and every loss: notifications that never arrived, the `ENOBUFS` errors the
//!   listeners saw, and the multicasts the kernel reported as failed.
//!
//! Each figure is the median, minimum and maximum of several timed runs after one
//! warm-up run that is not counted. The round-trip rows take turns within each run, and
//! ratios are taken within a run, so that a change in the machine's load between runs
//! moves the ratios less than the absolute figures. Requests carry no `NLM_F_ACK`, so
//! each round trip is one request and one reply for all three kinds; replies are checked
//! (type, sequence number, content) as they arrive. The loops reuse their buffers and
//! allocate nothing per message; with [`alloc_count`] installed the report says so.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use serde_json::{json, Value};

use crate::alloc_count;
use crate::classic::{self, GENLTEST_MSG_ECHO};
use crate::conn::{self, Conn, ANSWER_TIMEOUT};
use crate::ctrl;
use crate::error::{Ack, Error};
use crate::family::{self, FAMILY_NAME, MCGRP_NAME};
use crate::gen::genltest::{EchoReply, EchoRequest, PingNtf};
use crate::gen::nlctrl::{CtrlAttr, GetfamilyDoRequest, GetfamilyReply};
use crate::socket::{Datagram, RecvError, Socket, BATCH_MAX};
use crate::wire::{
    Attrs, GenlHeader, Message, MessageBuilder, Messages, GENL_ID_CTRL, NLMSG_ERROR, NLM_F_REQUEST,
};

/// Payload sizes of the echo rows, in bytes. 1024 is the maximum of both protocols.
pub const PAYLOADS: [usize; 3] = [16, 256, 1024];

/// Listener counts of the fan-out rows.
pub const LISTENERS: [usize; 3] = [1, 4, 16];

/// Room for one reply datagram: the largest here is nlctrl's description of `genltest`
/// (well under 1 KiB) or a 1024-byte echo.
const SLOT: usize = 4096;

/// Room for one notification datagram of a fan-out listener.
const NOTE_SLOT: usize = 2048;

/// Round trips between two readings of the clock in a timed run.
const CLOCK_EVERY: usize = 16;

/// How long a fan-out listener waits for more before it checks whether the burst is over.
const LISTEN_POLL: Duration = Duration::from_millis(20);

/// What to measure and for how long.
#[derive(Debug, Clone)]
pub struct Options {
    /// Timed runs per figure, after one warm-up run.
    pub runs: usize,
    /// Length of one echo run.
    pub run_time: Duration,
    /// Requests per `sendmsg` in pipelined rows (2 to [`BATCH_MAX`]).
    pub depth: usize,
    /// Notifications per fan-out burst (1 to [`family::MAX_BURST`]).
    pub pings: u32,
    /// Whether to measure multicast fan-out (needs `CAP_NET_ADMIN` for `BURST`).
    pub fanout: bool,
    /// Whether to measure classic echo (unit 31). Without it, only the `genltest` family
    /// and nlctrl are used: a module that has only the family (the C baseline of
    /// `scripts/bench-compare`) can be measured.
    pub classic: bool,
    /// The family the baseline asks nlctrl about. `genltest` by default; another one (such
    /// as `nlctrl` itself) gives a baseline that does not depend on the module, so that
    /// ratios to it can be compared across module builds.
    pub baseline_family: String,
}

impl Default for Options {
    /// The defaults keep a whole run under a minute in the test VM under emulation.
    fn default() -> Options {
        Options {
            runs: 7,
            run_time: Duration::from_millis(150),
            depth: 16,
            pings: 200,
            fanout: true,
            classic: true,
            baseline_family: FAMILY_NAME.to_owned(),
        }
    }
}

/// What a round trip is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `ECHO` (type 0x10) on the classic unit 31.
    Classic,
    /// `ECHO` of the `genltest` family.
    Genl,
    /// nlctrl's `CTRL_CMD_GETFAMILY` for `genltest`: the baseline.
    Baseline,
}

impl Target {
    /// The protocol's name in the report.
    pub fn protocol(self) -> &'static str {
        match self {
            Target::Classic => "classic",
            Target::Genl => "genl",
            Target::Baseline => "nlctrl",
        }
    }

    /// The request's name in the report.
    pub fn request(self) -> &'static str {
        match self {
            Target::Classic | Target::Genl => "echo",
            Target::Baseline => "getfamily",
        }
    }
}

/// Median, minimum and maximum of a figure over the timed runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The median (the mean of the middle two for an even count).
    pub median: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

impl Spread {
    /// The spread of `samples`.
    ///
    /// # Panics
    ///
    /// If `samples` is empty or holds a NaN: a bug of the caller.
    pub fn of(samples: &[f64]) -> Spread {
        assert!(!samples.is_empty(), "no samples");
        let mut s = samples.to_vec();
        s.sort_by(|a, b| a.partial_cmp(b).expect("no NaN samples"));
        let mid = s.len() / 2;
        let median = if s.len() % 2 == 1 {
            s[mid]
        } else {
            (s[mid - 1] + s[mid]) / 2.0
        };
        Spread {
            median,
            min: s[0],
            max: s[s.len() - 1],
        }
    }

    fn json(&self) -> Value {
        json!({"median": self.median, "min": self.min, "max": self.max})
    }
}

/// One round-trip row.
#[derive(Debug, Clone, PartialEq)]
pub struct EchoRow {
    /// What was sent.
    pub target: Target,
    /// Payload bytes (0 for the baseline, which sends the family name).
    pub payload: usize,
    /// Requests per `sendmsg`.
    pub depth: usize,
    /// Nanoseconds per round trip.
    pub ns_per_op: Spread,
    /// Nanoseconds per round trip of each timed run, in run order.
    pub samples: Vec<f64>,
    /// Round trips over all timed runs.
    pub ops: u64,
    /// `sendmsg` calls per round trip.
    pub sends_per_op: f64,
    /// Receive calls (`recvmsg` or `recvmmsg`) per round trip.
    pub recvs_per_op: f64,
    /// Heap allocations per round trip in the timed runs, when counted.
    pub allocs_per_op: Option<f64>,
    /// Time per round trip over the baseline's at the same depth (median over runs of
    /// the ratio within each run).
    pub vs_baseline: f64,
    /// For classic echo: its time over Generic Netlink echo's, same payload and depth
    /// (median over runs of the ratio within each run).
    pub classic_vs_genl: Option<f64>,
}

/// One fan-out row.
#[derive(Debug, Clone, PartialEq)]
pub struct FanoutRow {
    /// Listener sockets, one thread each.
    pub listeners: usize,
    /// Notifications per `BURST` request (each run sends bursts for the run's length).
    pub pings: u32,
    /// Notifications received per second, all listeners together.
    pub deliveries_per_sec: Spread,
    /// Notifications that should have arrived in the timed runs (listeners × pings ×
    /// bursts).
    pub expected: u64,
    /// Notifications that arrived.
    pub delivered: u64,
    /// `expected - delivered`.
    pub lost: u64,
    /// `ENOBUFS` errors the listeners received (a full socket buffer lost notifications).
    pub enobufs: u64,
    /// Multicasts the kernel reported as not delivered to every listener (the listeners
    /// set `NETLINK_BROADCAST_ERROR`, so that the kernel learns of their losses).
    pub kernel_dropped: u64,
}

/// The whole measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The settings it ran with.
    pub options_runs: usize,
    /// Length of one echo run.
    pub run_time: Duration,
    /// Requests per `sendmsg` in pipelined rows.
    pub depth: usize,
    /// The family the baseline asks nlctrl about.
    pub baseline_family: String,
    /// Round-trip rows: the baseline first.
    pub echo: Vec<EchoRow>,
    /// Fan-out rows (empty when not measured).
    pub fanout: Vec<FanoutRow>,
}

/// A socket that sends one kind of request and checks the replies, reusing its buffers:
/// once built, its loop allocates nothing.
pub struct Pinger {
    sock: Socket,
    target: Target,
    /// The family id of `genltest` (the message type of its requests and replies), or for
    /// the baseline, of the family it asks about.
    family: u16,
    /// The text of an echo, or the name of the baseline's family.
    payload: Vec<u8>,
    tx: Vec<u8>,
    rx: Vec<u8>,
    got: [Datagram; BATCH_MAX],
    seq: u32,
    /// `sendmsg` calls so far.
    pub sends: u64,
    /// Receive calls so far.
    pub recvs: u64,
}

impl Pinger {
    /// Opens a socket for `target` with a payload of `payload` bytes (ignored for the
    /// baseline, which asks about `genltest`), resolving the family through nlctrl.
    pub fn open(target: Target, payload: usize) -> Result<Pinger, Error> {
        Pinger::open_with(target, payload, FAMILY_NAME)
    }

    /// [`Pinger::open`], with the baseline asking about family `baseline_family`.
    pub fn open_with(
        target: Target,
        payload: usize,
        baseline_family: &str,
    ) -> Result<Pinger, Error> {
        let mut conn = Conn::new(open_genl()?);
        let name = match target {
            Target::Baseline => baseline_family,
            Target::Classic | Target::Genl => FAMILY_NAME,
        };
        let family = ctrl::get_family(&mut conn, name)?.id;
        let sock = match target {
            Target::Classic => {
                let sock = classic::open("bench")?;
                sock.enable_ext_ack()
                    .map_err(|e| Error::os("bench: setsockopt NETLINK_EXT_ACK", e))?;
                sock
            }
            Target::Genl | Target::Baseline => conn.sock,
        };
        // Printable bytes, so a mismatch is readable; never NUL (genl strings).
        let payload = match target {
            Target::Baseline => name.as_bytes().to_vec(),
            Target::Classic | Target::Genl => (0..payload).map(|i| b'a' + (i % 26) as u8).collect(),
        };
        Ok(Pinger {
            sock,
            target,
            family,
            payload,
            tx: Vec::with_capacity(BATCH_MAX * (SLOT / 2)),
            rx: vec![0; BATCH_MAX * SLOT],
            got: [Datagram::default(); BATCH_MAX],
            seq: 0,
            sends: 0,
            recvs: 0,
        })
    }

    /// Appends one request with sequence number `seq` to `tx`.
    fn push_request(&mut self, seq: u32) {
        let tx = &mut self.tx;
        match self.target {
            Target::Classic => {
                MessageBuilder::new(tx, GENLTEST_MSG_ECHO, NLM_F_REQUEST, seq)
                    .bytes(&self.payload)
                    .finish();
            }
            Target::Genl => {
                EchoRequest {
                    msg: Some(&self.payload),
                }
                .emit_with_flags(tx, self.family, NLM_F_REQUEST, seq);
            }
            Target::Baseline => {
                GetfamilyDoRequest {
                    family_name: Some(&self.payload),
                }
                .emit_with_flags(tx, GENL_ID_CTRL, NLM_F_REQUEST, seq);
            }
        }
    }

    /// Sends `depth` requests in one `sendmsg` and receives and checks their `depth`
    /// replies, in order: with `recvmsg` for depth 1, with `recvmmsg` otherwise.
    pub fn round(&mut self, depth: usize, deadline: Option<Instant>) -> Result<(), Error> {
        let op = self.target.protocol();
        self.tx.clear();
        let first = self.seq.wrapping_add(1);
        for _ in 0..depth {
            self.seq = self.seq.wrapping_add(1);
            self.push_request(self.seq);
        }
        self.sock
            .send(&self.tx)
            .map_err(|e| Error::os(format!("bench {op}: send"), e))?;
        self.sends += 1;
        let mut want = first;
        let mut left = depth;
        while left > 0 {
            let n = if depth == 1 {
                let len = self
                    .sock
                    .recv(&mut self.rx[..SLOT], deadline)
                    .map_err(|e| e.into_error(op))?;
                self.got[0].len = len;
                1
            } else {
                let max = left.min(BATCH_MAX);
                self.sock
                    .recv_batch(&mut self.rx, SLOT, &mut self.got[..max], deadline)
                    .map_err(|e| e.into_error(op))?
            };
            self.recvs += 1;
            for i in 0..n {
                let datagram = &self.rx[i * SLOT..i * SLOT + self.got[i].len];
                for msg in Messages::new(datagram) {
                    let msg = msg.map_err(|e| Error::wire(op, e))?;
                    if left == 0 {
                        return Err(Error::Protocol(format!("bench {op}: an extra reply")));
                    }
                    check_reply(
                        self.target,
                        self.family,
                        &self.payload,
                        &self.tx,
                        want,
                        &msg,
                    )?;
                    want = want.wrapping_add(1);
                    left -= 1;
                }
            }
        }
        Ok(())
    }

    /// Runs rounds of `depth` for about `time`; returns the round trips done and the
    /// time they took.
    ///
    /// The clock is read once per 16 round trips, not per round: where the
    /// clock source has no vDSO fast path (as in the test VM), each read is a system call
    /// that would otherwise be counted as part of the round trip.
    pub fn run(&mut self, depth: usize, time: Duration) -> Result<(u64, Duration), Error> {
        let start = Instant::now();
        let deadline = Some(start + time + ANSWER_TIMEOUT);
        let rounds_per_look = (CLOCK_EVERY / depth).max(1);
        let mut ops = 0u64;
        loop {
            for _ in 0..rounds_per_look {
                self.round(depth, deadline)?;
            }
            ops += (depth * rounds_per_look) as u64;
            let elapsed = start.elapsed();
            if elapsed >= time {
                return Ok((ops, elapsed));
            }
        }
    }
}

/// Checks that `msg` is the reply to request `seq` of `target`.
fn check_reply(
    target: Target,
    family: u16,
    payload: &[u8],
    request: &[u8],
    seq: u32,
    msg: &Message<'_>,
) -> Result<(), Error> {
    let op = target.protocol();
    if msg.header.ty == NLMSG_ERROR {
        let ack = Ack::parse(msg.header.flags, msg.payload).map_err(|e| Error::wire(op, e))?;
        return Err(conn::kernel_error(op, ack, request, &family::attr_name));
    }
    if msg.header.seq != seq {
        return Err(Error::Protocol(format!(
            "bench {op}: reply with sequence number {}, expected {seq}",
            msg.header.seq
        )));
    }
    let ok = match target {
        Target::Classic => msg.header.ty == GENLTEST_MSG_ECHO && msg.payload == payload,
        Target::Genl => {
            let (hdr, attrs) = GenlHeader::parse(msg.payload).map_err(|e| Error::wire(op, e))?;
            let text = family::msg_attr(attrs).map_err(|e| Error::wire(op, e))?;
            msg.header.ty == family && hdr.cmd == EchoReply::CMD && text == payload
        }
        Target::Baseline => {
            let (hdr, attrs) = GenlHeader::parse(msg.payload).map_err(|e| Error::wire(op, e))?;
            // Only the id, read without allocating (the generated parser collects the
            // operations and groups into vectors).
            let id = Attrs::new(attrs)
                .find(CtrlAttr::FamilyId.into())
                .map_err(|e| Error::wire(op, e))?
                .map(|a| a.u16())
                .transpose()
                .map_err(|e| Error::wire(op, e))?;
            msg.header.ty == GENL_ID_CTRL && hdr.cmd == GetfamilyReply::CMD && id == Some(family)
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Error::Protocol(format!(
            "bench {op}: reply {seq} does not answer the request (type {}, {} bytes)",
            msg.header.ty,
            msg.payload.len()
        )))
    }
}

/// Opens a Generic Netlink socket with extended ACKs.
fn open_genl() -> Result<Socket, Error> {
    let sock = Socket::open(libc::NETLINK_GENERIC).map_err(|e| Error::os("bench: socket", e))?;
    sock.enable_ext_ack()
        .map_err(|e| Error::os("bench: setsockopt NETLINK_EXT_ACK", e))?;
    Ok(sock)
}

/// One round-trip row being measured: its socket and what its runs gave.
struct Series {
    pinger: Pinger,
    depth: usize,
    payload: usize,
    samples: Vec<f64>,
    ops: u64,
    sends: u64,
    recvs: u64,
    allocs: Option<u64>,
}

impl Series {
    fn new(target: Target, payload: usize, depth: usize, opts: &Options) -> Result<Series, Error> {
        let runs = opts.runs;
        Ok(Series {
            pinger: Pinger::open_with(target, payload, &opts.baseline_family)?,
            depth,
            payload: if target == Target::Baseline {
                0
            } else {
                payload
            },
            samples: Vec::with_capacity(runs),
            ops: 0,
            sends: 0,
            recvs: 0,
            allocs: Some(0),
        })
    }

    /// One run; `counted` says whether it is a timed run (not the warm-up).
    fn run_once(&mut self, time: Duration, counted: bool) -> Result<(), Error> {
        let p = &mut self.pinger;
        let (sends, recvs) = (p.sends, p.recvs);
        let depth = self.depth;
        let (result, allocs) = alloc_count::count(|| p.run(depth, time));
        let (n, elapsed) = result?;
        if counted {
            self.samples.push(elapsed.as_nanos() as f64 / n as f64);
            self.ops += n;
            self.sends += p.sends - sends;
            self.recvs += p.recvs - recvs;
            self.allocs = self.allocs.zip(allocs).map(|(a, c)| a + c);
        }
        Ok(())
    }

    fn row(&self) -> EchoRow {
        EchoRow {
            target: self.pinger.target,
            payload: self.payload,
            depth: self.depth,
            ns_per_op: Spread::of(&self.samples),
            samples: self.samples.clone(),
            ops: self.ops,
            sends_per_op: self.sends as f64 / self.ops as f64,
            recvs_per_op: self.recvs as f64 / self.ops as f64,
            allocs_per_op: self.allocs.map(|a| a as f64 / self.ops as f64),
            vs_baseline: 1.0,
            classic_vs_genl: None,
        }
    }
}

/// The text of the bench's notifications, so that a listener counts only those.
const BURST_MSG: &[u8] = b"bench";

/// What one fan-out listener heard.
struct Heard {
    notifications: u64,
    enobufs: u64,
    last: Option<Instant>,
}

/// One fan-out listener: subscribes, waits at `ready` with the others, then counts the
/// bench's notifications until the bursts are `done` and nothing more is waiting.
fn listen_bursts(
    group: u32,
    family: u16,
    ready: &Barrier,
    done: &AtomicBool,
) -> Result<Heard, Error> {
    // NETLINK_BROADCAST_ERROR: a notification this socket loses also counts as dropped
    // in the kernel's BURST report, so both sides of every loss are seen.
    let sock = Socket::open(libc::NETLINK_GENERIC).and_then(|s| {
        s.add_membership(group)?;
        s.set_broadcast_error()?;
        Ok(s)
    });
    // Always meet the others, even after a failure, so that nobody waits forever.
    ready.wait();
    let sock = sock.map_err(|e| Error::os("bench: listener socket", e))?;
    let mut buf = vec![0u8; BATCH_MAX * NOTE_SLOT];
    let mut got = [Datagram::default(); BATCH_MAX];
    let mut heard = Heard {
        notifications: 0,
        enobufs: 0,
        last: None,
    };
    let op = "bench listener";
    let mut final_look = false;
    loop {
        let deadline = Instant::now() + LISTEN_POLL;
        match sock.recv_batch(&mut buf, NOTE_SLOT, &mut got, Some(deadline)) {
            Ok(n) => {
                for (i, d) in got[..n].iter().enumerate() {
                    for msg in Messages::new(&buf[i * NOTE_SLOT..i * NOTE_SLOT + d.len]) {
                        let msg = msg.map_err(|e| Error::wire(op, e))?;
                        if msg.header.ty != family {
                            continue;
                        }
                        let (hdr, attrs) =
                            GenlHeader::parse(msg.payload).map_err(|e| Error::wire(op, e))?;
                        let text = family::msg_attr(attrs).map_err(|e| Error::wire(op, e))?;
                        if hdr.cmd == PingNtf::CMD && text == BURST_MSG {
                            heard.notifications += 1;
                        }
                    }
                }
                heard.last = Some(Instant::now());
            }
            // Lost notifications: counted, and the listener goes on with what is left.
            Err(RecvError::Os(Errno::ENOBUFS)) => heard.enobufs += 1,
            Err(RecvError::Timeout) => {
                // Once the kernel has answered the last BURST, every notification is
                // queued or lost: one more look, then stop.
                if done.load(Ordering::Acquire) {
                    if final_look {
                        return Ok(heard);
                    }
                    final_look = true;
                }
            }
            Err(e) => return Err(e.into_listen_error(op)),
        }
    }
}

/// One fan-out run: `k` listeners hear bursts of `pings` notifications, sent one after
/// the other for at least `time`.
struct FanoutRun {
    expected: u64,
    delivered: u64,
    enobufs: u64,
    kernel_dropped: u64,
    seconds: f64,
}

fn fanout_once(
    client: &mut family::Client,
    group: u32,
    k: usize,
    pings: u32,
    time: Duration,
) -> Result<FanoutRun, Error> {
    let ready = Barrier::new(k + 1);
    let done = AtomicBool::new(false);
    let family = client.family.id;
    std::thread::scope(|s| {
        let listeners: Vec<_> = (0..k)
            .map(|_| s.spawn(|| listen_bursts(group, family, &ready, &done)))
            .collect();
        ready.wait();
        let start = Instant::now();
        let mut run = FanoutRun {
            expected: 0,
            delivered: 0,
            enobufs: 0,
            kernel_dropped: 0,
            seconds: 0.0,
        };
        // Bursts until `time` has passed: one burst can be shorter than the clock's tick.
        let sent = loop {
            match client.burst(pings, Some(BURST_MSG)) {
                Ok(report) => {
                    run.expected += k as u64 * u64::from(pings);
                    run.kernel_dropped += report.dropped;
                }
                Err(e) => break Err(e),
            }
            if start.elapsed() >= time {
                break Ok(());
            }
        };
        let answered = Instant::now();
        done.store(true, Ordering::Release);
        let mut end = answered;
        let mut first_error = None;
        for l in listeners {
            match l.join().expect("a listener thread panicked") {
                Ok(h) => {
                    run.delivered += h.notifications;
                    run.enobufs += h.enobufs;
                    end = end.max(h.last.unwrap_or(answered));
                }
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        sent.map_err(|e| match e {
            Error::Kernel { errno, .. } if errno == libc::EPERM => Error::Permission(
                "bench: multicast fan-out uses the admin-only BURST command \
                 (run as root, or pass --no-fanout)"
                    .into(),
            ),
            e => e,
        })?;
        if let Some(e) = first_error {
            return Err(e);
        }
        run.seconds = (end - start).as_secs_f64();
        Ok(run)
    })
}

/// Measures one fan-out row.
fn measure_fanout(
    client: &mut family::Client,
    group: u32,
    k: usize,
    opts: &Options,
) -> Result<FanoutRow, Error> {
    let mut row = FanoutRow {
        listeners: k,
        pings: opts.pings,
        deliveries_per_sec: Spread {
            median: 0.0,
            min: 0.0,
            max: 0.0,
        },
        expected: 0,
        delivered: 0,
        lost: 0,
        enobufs: 0,
        kernel_dropped: 0,
    };
    let mut samples = Vec::with_capacity(opts.runs);
    for run in 0..=opts.runs {
        let r = fanout_once(client, group, k, opts.pings, opts.run_time)?;
        if run == 0 {
            continue; // The warm-up run.
        }
        samples.push(r.delivered as f64 / r.seconds.max(1e-9));
        row.expected += r.expected;
        row.delivered += r.delivered;
        row.enobufs += r.enobufs;
        row.kernel_dropped += r.kernel_dropped;
    }
    row.lost = row.expected.saturating_sub(row.delivered);
    row.deliveries_per_sec = Spread::of(&samples);
    Ok(row)
}

/// Checks the options: each wrong one is a usage error saying what is allowed.
pub fn validate(opts: &Options) -> Result<(), Error> {
    let bad = |what: String| Err(Error::Usage(format!("bench: {what}")));
    if !(1..=100).contains(&opts.runs) {
        return bad(format!("--runs {}: must be 1 to 100", opts.runs));
    }
    let ms = opts.run_time.as_millis();
    if !(1..=10_000).contains(&ms) {
        return bad(format!("--run-ms {ms}: must be 1 to 10000"));
    }
    if !(2..=BATCH_MAX).contains(&opts.depth) {
        return bad(format!("--depth {}: must be 2 to {BATCH_MAX}", opts.depth));
    }
    // GENL_NAMSIZ is 16 with the NUL.
    if !(1..16).contains(&opts.baseline_family.len()) || opts.baseline_family.contains('\0') {
        return bad(format!(
            "--baseline-family {:?}: a family name of 1 to 15 bytes",
            opts.baseline_family
        ));
    }
    if !(1..=family::MAX_BURST).contains(&opts.pings) {
        return bad(format!(
            "--pings {}: must be 1 to {}",
            opts.pings,
            family::MAX_BURST
        ));
    }
    Ok(())
}

/// Runs the whole benchmark; `progress` hears what is being measured.
///
/// The round-trip rows are measured in turns: each run measures every row once, so that
/// a change in the machine's load (other programs, the host of a VM) touches all rows of
/// a run alike, and each ratio is taken within a run before its median is.
pub fn run(opts: &Options, mut progress: impl FnMut(&str)) -> Result<Report, Error> {
    validate(opts)?;
    let mut series = echo_rows(opts)
        .into_iter()
        .map(|(target, payload, depth)| Series::new(target, payload, depth, opts))
        .collect::<Result<Vec<_>, Error>>()?;
    for run in 0..=opts.runs {
        progress(&if run == 0 {
            format!("round trips: warm-up run ({} rows)", series.len())
        } else {
            format!("round trips: run {run} of {}", opts.runs)
        });
        for s in &mut series {
            s.run_once(opts.run_time, run > 0)?;
        }
    }
    let mut echo: Vec<EchoRow> = series.iter().map(Series::row).collect();
    drop(series);
    add_ratios(&mut echo);
    let mut fanout = Vec::new();
    if opts.fanout {
        let mut client = family::Client::open()?;
        let group = client.family.group(MCGRP_NAME).ok_or_else(|| {
            Error::Protocol(format!(
                "bench: family {FAMILY_NAME} has no group {MCGRP_NAME}"
            ))
        })?;
        for k in LISTENERS {
            progress(&format!(
                "fan-out to {k} listeners, bursts of {} notifications",
                opts.pings
            ));
            fanout.push(measure_fanout(&mut client, group, k, opts)?);
        }
    }
    Ok(Report {
        options_runs: opts.runs,
        run_time: opts.run_time,
        depth: opts.depth,
        baseline_family: opts.baseline_family.clone(),
        echo,
        fanout,
    })
}

/// The round-trip rows `opts` asks for, in table order: `(target, payload, depth)`, for
/// each depth the baseline first, then classic echo (unless left out), then genl echo.
pub fn echo_rows(opts: &Options) -> Vec<(Target, usize, usize)> {
    let mut rows = Vec::new();
    for depth in [1, opts.depth] {
        rows.push((Target::Baseline, 0, depth));
        for target in [Target::Classic, Target::Genl] {
            if target == Target::Classic && !opts.classic {
                continue;
            }
            for payload in PAYLOADS {
                rows.push((target, payload, depth));
            }
        }
    }
    rows
}

/// The median over runs of `row`'s time divided by `base`'s in the same run.
fn ratio(row: &EchoRow, base: &EchoRow) -> f64 {
    let per_run: Vec<f64> = row
        .samples
        .iter()
        .zip(&base.samples)
        .map(|(r, b)| r / b)
        .collect();
    if per_run.is_empty() {
        row.ns_per_op.median / base.ns_per_op.median
    } else {
        Spread::of(&per_run).median
    }
}

/// Fills in each row's ratio to the baseline (same depth) and classic echo's ratio to
/// Generic Netlink echo (same payload and depth): medians of the ratios within each run.
pub fn add_ratios(rows: &mut [EchoRow]) {
    let snapshot = rows.to_vec();
    let find = |t: Target, payload: usize, depth: usize| {
        snapshot
            .iter()
            .find(|r| r.target == t && r.depth == depth && r.payload == payload)
    };
    for r in rows.iter_mut() {
        if let Some(base) = find(Target::Baseline, 0, r.depth) {
            r.vs_baseline = ratio(r, base);
        }
        if r.target == Target::Classic {
            r.classic_vs_genl = find(Target::Genl, r.payload, r.depth).map(|g| ratio(r, g));
        }
    }
}

impl Report {
    /// The report as one JSON document.
    pub fn to_json(&self) -> Value {
        json!({
            "runs": self.options_runs,
            "warmup_runs": 1,
            "run_ms": self.run_time.as_millis() as u64,
            "depth": self.depth,
            "baseline_family": self.baseline_family,
            "echo": self.echo.iter().map(|r| json!({
                "protocol": r.target.protocol(),
                "request": r.target.request(),
                "payload": r.payload,
                "depth": r.depth,
                "ns_per_op": r.ns_per_op.json(),
                "ops_per_sec": 1e9 / r.ns_per_op.median,
                "ops": r.ops,
                "sends_per_op": r.sends_per_op,
                "recvs_per_op": r.recvs_per_op,
                "allocs_per_op": r.allocs_per_op,
                "vs_baseline": r.vs_baseline,
                "classic_vs_genl": r.classic_vs_genl,
            })).collect::<Vec<_>>(),
            "fanout": self.fanout.iter().map(|r| json!({
                "listeners": r.listeners,
                "pings": r.pings,
                "deliveries_per_sec": r.deliveries_per_sec.json(),
                "expected": r.expected,
                "delivered": r.delivered,
                "lost": r.lost,
                "enobufs": r.enobufs,
                "kernel_dropped": r.kernel_dropped,
            })).collect::<Vec<_>>(),
        })
    }

    /// The report as text tables.
    pub fn table(&self) -> String {
        let mut s = format!(
            "Round trips: ns per round trip, median [min - max] of {} runs of {} ms (rows \
             measured in turns), after one warm-up run.\nRatios, median of the per-run \
             ratios: x nlctrl = time / nlctrl GETFAMILY of {} at the same depth; \
             classic/genl = classic echo time / genl echo time. calls/rt = send and receive \
             calls per round trip (one system call each when the answer is already queued); \
             allocs/rt = heap allocations per round trip.\n\n",
            self.options_runs,
            self.run_time.as_millis(),
            self.baseline_family
        );
        s += &format!(
            "{:<8} {:<9} {:>7} {:>5} {:>9} {:>21} {:>10} {:>8} {:>12} {:>8} {:>9}\n",
            "protocol",
            "request",
            "payload",
            "depth",
            "ns/rt",
            "[min - max]",
            "rt/s",
            "x nlctrl",
            "classic/genl",
            "calls/rt",
            "allocs/rt"
        );
        for r in &self.echo {
            let range = format!("[{:.0} - {:.0}]", r.ns_per_op.min, r.ns_per_op.max);
            s += &format!(
                "{:<8} {:<9} {:>7} {:>5} {:>9.0} {:>21} {:>10.0} {:>8.2} {:>12} {:>8.3} {:>9}\n",
                r.target.protocol(),
                r.target.request(),
                if r.target == Target::Baseline {
                    "-".to_owned()
                } else {
                    r.payload.to_string()
                },
                r.depth,
                r.ns_per_op.median,
                range,
                1e9 / r.ns_per_op.median,
                r.vs_baseline,
                r.classic_vs_genl
                    .map_or_else(|| "-".to_owned(), |x| format!("{x:.2}")),
                r.sends_per_op + r.recvs_per_op,
                r.allocs_per_op
                    .map_or_else(|| "-".to_owned(), |x| format!("{x:.2}")),
            );
        }
        if !self.fanout.is_empty() {
            s += &format!(
                "\nMulticast fan-out: BURST requests of M notifications to K listeners for {} \
                 ms; deliveries per second, median [min - max] of {} runs.\n\n",
                self.run_time.as_millis(),
                self.options_runs
            );
            s += &format!(
                "{:>9} {:>5} {:>12} {:>23} {:>10} {:>10} {:>6} {:>7} {:>14}\n",
                "listeners",
                "pings",
                "deliveries/s",
                "[min - max]",
                "expected",
                "delivered",
                "lost",
                "ENOBUFS",
                "kernel-dropped"
            );
            for r in &self.fanout {
                let range = format!(
                    "[{:.0} - {:.0}]",
                    r.deliveries_per_sec.min, r.deliveries_per_sec.max
                );
                s += &format!(
                    "{:>9} {:>5} {:>12.0} {:>23} {:>10} {:>10} {:>6} {:>7} {:>14}\n",
                    r.listeners,
                    r.pings,
                    r.deliveries_per_sec.median,
                    range,
                    r.expected,
                    r.delivered,
                    r.lost,
                    r.enobufs,
                    r.kernel_dropped
                );
            }
        }
        s.trim_end().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_takes_median_min_and_max() {
        let s = Spread::of(&[5.0, 1.0, 3.0]);
        assert_eq!((s.median, s.min, s.max), (3.0, 1.0, 5.0));
        let s = Spread::of(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.5, 1.0, 4.0));
    }

    fn row(target: Target, payload: usize, depth: usize, median: f64) -> EchoRow {
        EchoRow {
            target,
            payload,
            depth,
            ns_per_op: Spread {
                median,
                min: median,
                max: median,
            },
            samples: vec![median],
            ops: 1,
            sends_per_op: 1.0,
            recvs_per_op: 1.0,
            allocs_per_op: Some(0.0),
            vs_baseline: 1.0,
            classic_vs_genl: None,
        }
    }

    #[test]
    fn ratios_compare_with_the_baseline_and_genl_at_the_same_depth() {
        let mut rows = vec![
            row(Target::Baseline, 0, 1, 100.0),
            row(Target::Classic, 16, 1, 50.0),
            row(Target::Genl, 16, 1, 200.0),
            row(Target::Baseline, 0, 16, 10.0),
            row(Target::Classic, 16, 16, 5.0),
            row(Target::Genl, 16, 16, 20.0),
        ];
        add_ratios(&mut rows);
        assert_eq!(rows[1].vs_baseline, 0.5);
        assert_eq!(rows[2].vs_baseline, 2.0);
        assert_eq!(rows[1].classic_vs_genl, Some(0.25));
        assert_eq!(rows[2].classic_vs_genl, None);
        assert_eq!(rows[4].vs_baseline, 0.5);
        assert_eq!(rows[5].vs_baseline, 2.0);
    }

    #[test]
    fn echo_rows_cover_each_depth_and_leave_classic_out_on_request() {
        let opts = Options {
            depth: 8,
            ..Options::default()
        };
        let rows = echo_rows(&opts);
        assert_eq!(rows.len(), 14);
        assert_eq!(rows[0], (Target::Baseline, 0, 1));
        assert_eq!(rows[1], (Target::Classic, 16, 1));
        assert_eq!(rows[4], (Target::Genl, 16, 1));
        assert_eq!(rows[7], (Target::Baseline, 0, 8));
        assert_eq!(rows[13], (Target::Genl, 1024, 8));
        let rows = echo_rows(&Options {
            classic: false,
            ..opts
        });
        assert_eq!(
            rows,
            [
                (Target::Baseline, 0, 1),
                (Target::Genl, 16, 1),
                (Target::Genl, 256, 1),
                (Target::Genl, 1024, 1),
                (Target::Baseline, 0, 8),
                (Target::Genl, 16, 8),
                (Target::Genl, 256, 8),
                (Target::Genl, 1024, 8),
            ]
        );
    }

    #[test]
    fn options_are_validated() {
        assert!(validate(&Options::default()).is_ok());
        for bad in [
            Options {
                runs: 0,
                ..Options::default()
            },
            Options {
                depth: 1,
                ..Options::default()
            },
            Options {
                depth: BATCH_MAX + 1,
                ..Options::default()
            },
            Options {
                pings: 0,
                ..Options::default()
            },
            Options {
                run_time: Duration::ZERO,
                ..Options::default()
            },
            Options {
                baseline_family: String::new(),
                ..Options::default()
            },
            Options {
                baseline_family: "a-name-of-16-byt".into(),
                ..Options::default()
            },
        ] {
            let e = validate(&bad).unwrap_err();
            assert_eq!(e.exit_code(), crate::error::exit::USAGE, "{e}");
        }
    }

    #[test]
    fn the_table_has_every_row() {
        let mut echo = vec![
            row(Target::Baseline, 0, 1, 100.0),
            row(Target::Genl, 16, 1, 150.0),
        ];
        add_ratios(&mut echo);
        let report = Report {
            options_runs: 3,
            run_time: Duration::from_millis(10),
            depth: 16,
            baseline_family: "genltest".into(),
            echo,
            fanout: vec![FanoutRow {
                listeners: 4,
                pings: 10,
                deliveries_per_sec: Spread {
                    median: 1000.0,
                    min: 900.0,
                    max: 1100.0,
                },
                expected: 120,
                delivered: 118,
                lost: 2,
                enobufs: 1,
                kernel_dropped: 2,
            }],
        };
        let t = report.table();
        assert!(t.contains("nlctrl   getfamily"), "{t}");
        assert!(t.contains("nlctrl GETFAMILY of genltest"), "{t}");
        assert!(t.contains("1.50"), "{t}");
        assert!(t.contains("[900 - 1100]"), "{t}");
        let j = report.to_json();
        assert_eq!(j["echo"][1]["vs_baseline"], 1.5);
        assert_eq!(j["fanout"][0]["lost"], 2);
        assert_eq!(j["baseline_family"], "genltest");
    }
}
