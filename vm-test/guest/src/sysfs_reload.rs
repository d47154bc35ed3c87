//! The sysfs files across unloads: processes and threads read and write `ping` and
//! `trace` in a loop while the module is unloaded and loaded again, cycle after cycle.
//!
//! sysfs calls the module's `show` and `store` code through these files. Once `rmmod`
//! has returned that code is freed, so the files must be gone by then, and every access
//! must either work (the module is loaded) or fail cleanly: `ENOENT` (no such file) or
//! `ENODEV` (a file opened before it was removed). On the debug kernel, whose
//! `DEBUG_KOBJECT_RELEASE` releases each kobject 1 to 4 s after its last reference goes,
//! this catches a directory that is only removed when its kobject is released: its files
//! outlive the module, a read runs freed code, and the next `insmod` finds the name taken.
//! The first sign comes in every cycle, while `rmmod` still waits for the module's own
//! kobjects: the family is unregistered and the directory is still there. The test stops
//! its workers as soon as it sees that, so that it fails before the kernel does.
//!
//! The workers only make system calls on fixed paths with buffers on the stack, and count
//! in shared memory: the ones in their own processes are forked, and after a fork a child
//! may not allocate.

use std::ffi::CStr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use genltest::family;
use genltest::Error;

use crate::lifecycle::{load, unload_patiently, QuietKunit};
use crate::util::{check, check_eq};

type TestResult = Result<(), String>;

const DIR: &str = "/sys/kernel/genltest";
const TRACE_PATH: &str = "/sys/kernel/genltest/trace";
const TRACE: &CStr = c"/sys/kernel/genltest/trace";
const PING: &CStr = c"/sys/kernel/genltest/ping";
const PING_TEXT: &[u8] = b"sysfs reload race";

/// The accesses every worker makes in turn, in this order.
const OP_NAMES: [&str; 3] = ["read trace", "write trace", "write ping"];
const READ_TRACE: usize = 0;
const WRITE_TRACE: usize = 1;
const WRITE_PING: usize = 2;

/// The workers: a name, whether it runs in a process of its own, and whether it keeps
/// its files open across accesses (and so across unloads) instead of opening them anew
/// for each access.
const WORKERS: [(&str, bool, bool); 4] = [
    ("process, fresh files", true, false),
    ("process, files kept open", true, true),
    ("thread, fresh files", false, false),
    ("thread, files kept open", false, true),
];

/// How the accesses of one kind ended.
#[derive(Default)]
struct OpCounts {
    /// It worked: the read gave `0\n` or `1\n`, the write took every byte.
    ok: AtomicU64,
    /// `ENOENT`: no such file, the module is not loaded.
    gone: AtomicU64,
    /// `ENODEV`: the file was removed after it was opened.
    removed: AtomicU64,
    /// Anything else: another errno, a short write, a read of some other text.
    wrong: AtomicU64,
    /// The errno of the first wrong outcome that had one.
    first_errno: AtomicI32,
    /// The first wrong text read or short write: its length (top byte) and first bytes.
    first_odd: AtomicU64,
}

/// One worker's counts, per access.
#[derive(Default)]
struct WorkerCounts([OpCounts; 3]);

impl WorkerCounts {
    fn ok(&self) -> u64 {
        self.0.iter().map(|c| c.ok.load(Ordering::Relaxed)).sum()
    }
}

/// What the workers share with the test, in memory shared across `fork`.
#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    workers: [WorkerCounts; WORKERS.len()],
}

/// An anonymous shared mapping holding a [`Shared`]; unmapped on drop.
struct SharedMap(*mut Shared);

impl SharedMap {
    fn new() -> Result<SharedMap, String> {
        // SAFETY: A new anonymous mapping at an address of the kernel's choosing.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                std::mem::size_of::<Shared>(),
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(format!("mmap: {}", std::io::Error::last_os_error()));
        }
        let p = p.cast::<Shared>();
        // SAFETY: `p` is writable, page-aligned and large enough for a `Shared`.
        unsafe { p.write(Shared::default()) };
        Ok(SharedMap(p))
    }

    fn get(&self) -> &Shared {
        // SAFETY: Initialised in `new`, mapped until `self` is dropped; only atomics in it.
        unsafe { &*self.0 }
    }
}

impl Drop for SharedMap {
    fn drop(&mut self) {
        // SAFETY: The mapping made in `new`; no reference to it outlives `self`.
        unsafe { libc::munmap(self.0.cast(), std::mem::size_of::<Shared>()) };
    }
}

/// Tells the workers to stop when dropped, also when the test fails early.
struct StopOnDrop<'a>(&'a Shared);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop.store(true, Ordering::Relaxed);
    }
}

/// The outcome of one access.
enum Seen {
    Ok,
    Errno(i32),
    /// A read of unexpected text, or a short write: the bytes, or what was written.
    Odd(usize, [u8; 7]),
}

impl OpCounts {
    fn record(&self, seen: Seen) {
        let wrong = match seen {
            Seen::Ok => &self.ok,
            Seen::Errno(libc::ENOENT) => &self.gone,
            Seen::Errno(libc::ENODEV) => &self.removed,
            Seen::Errno(e) => {
                let _ =
                    self.first_errno
                        .compare_exchange(0, e, Ordering::Relaxed, Ordering::Relaxed);
                &self.wrong
            }
            Seen::Odd(len, bytes) => {
                let mut packed = [0u8; 8];
                packed[..7].copy_from_slice(&bytes);
                packed[7] = len.min(255) as u8;
                let _ = self.first_odd.compare_exchange(
                    0,
                    u64::from_le_bytes(packed),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
                &self.wrong
            }
        };
        wrong.fetch_add(1, Ordering::Relaxed);
    }

    fn describe_first_wrong(&self) -> String {
        let errno = self.first_errno.load(Ordering::Relaxed);
        let odd = self.first_odd.load(Ordering::Relaxed).to_le_bytes();
        let mut parts = Vec::new();
        if errno != 0 {
            parts.push(format!(
                "first errno {}",
                genltest::error::errno_name(errno)
            ));
        }
        if odd != [0; 8] {
            let len = usize::from(odd[7]);
            parts.push(format!(
                "first odd result: {len} bytes, starting {:?}",
                String::from_utf8_lossy(&odd[..len.min(7)])
            ));
        }
        parts.join(", ")
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `open(2)`: the file descriptor, or the errno.
fn open(path: &CStr, flags: i32) -> Result<i32, i32> {
    // SAFETY: `path` is a NUL-terminated string.
    let fd = unsafe { libc::open(path.as_ptr(), flags | libc::O_CLOEXEC) };
    if fd < 0 {
        Err(errno())
    } else {
        Ok(fd)
    }
}

fn close(fd: i32) {
    // SAFETY: `fd` is a descriptor this worker opened and closes once.
    unsafe { libc::close(fd) };
}

/// Reads `trace` from offset 0 through `fd`: it must say `0` or `1`.
fn read_trace(fd: i32) -> Seen {
    let mut buf = [0u8; 64];
    // SAFETY: `buf` is writable for its length.
    let n = unsafe { libc::pread(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
    if n < 0 {
        return Seen::Errno(errno());
    }
    let n = n as usize;
    if &buf[..n] == b"0\n" || &buf[..n] == b"1\n" {
        Seen::Ok
    } else {
        let mut first = [0u8; 7];
        let k = n.min(7);
        first[..k].copy_from_slice(&buf[..k]);
        Seen::Odd(n, first)
    }
}

/// Writes all of `text` through `fd` in one call.
fn write_all(fd: i32, text: &[u8]) -> Seen {
    // SAFETY: `text` is readable for its length.
    let n = unsafe { libc::write(fd, text.as_ptr().cast(), text.len()) };
    if n < 0 {
        Seen::Errno(errno())
    } else if n as usize == text.len() {
        Seen::Ok
    } else {
        let mut first = [0u8; 7];
        let k = text.len().min(7);
        first[..k].copy_from_slice(&text[..k]);
        Seen::Odd(n as usize, first)
    }
}

/// One access of kind `op` through `fd`; `i` picks the value written to `trace`.
fn access(op: usize, fd: i32, i: u64) -> Seen {
    match op {
        READ_TRACE => read_trace(fd),
        WRITE_TRACE => write_all(fd, if i.is_multiple_of(2) { b"1" } else { b"0" }),
        _ => write_all(fd, PING_TEXT),
    }
}

fn op_path_and_flags(op: usize) -> (&'static CStr, i32) {
    match op {
        READ_TRACE => (TRACE, libc::O_RDONLY),
        WRITE_TRACE => (TRACE, libc::O_WRONLY),
        _ => (PING, libc::O_WRONLY),
    }
}

/// A worker's loop until told to stop. Only system calls and atomics: safe in a forked
/// child of a process with threads.
fn work(shared: &Shared, me: &WorkerCounts, keep_open: bool) {
    let mut fds = [-1i32; 3];
    let mut i = 0u64;
    while !shared.stop.load(Ordering::Relaxed) {
        for op in [READ_TRACE, WRITE_TRACE, WRITE_PING] {
            let counts = &me.0[op];
            if fds[op] < 0 {
                let (path, flags) = op_path_and_flags(op);
                match open(path, flags) {
                    Ok(fd) => fds[op] = fd,
                    Err(e) => {
                        counts.record(Seen::Errno(e));
                        continue;
                    }
                }
            }
            let seen = access(op, fds[op], i);
            let failed = matches!(seen, Seen::Errno(_));
            counts.record(seen);
            if failed || !keep_open {
                // A file that failed (removed, most likely) is opened anew next time.
                close(fds[op]);
                fds[op] = -1;
            }
        }
        i += 1;
        let pause = libc::timespec {
            tv_sec: 0,
            tv_nsec: 1_000_000,
        };
        // SAFETY: `pause` is a valid duration; no remainder is asked for.
        unsafe { libc::nanosleep(&pause, std::ptr::null_mut()) };
    }
    for fd in fds.into_iter().filter(|fd| *fd >= 0) {
        close(fd);
    }
}

/// Forks a worker process running [`work`]; it exits when told to stop, or when the
/// test process dies.
fn fork_worker(shared: &Shared, index: usize, keep_open: bool) -> Result<libc::pid_t, String> {
    // SAFETY: The child only runs `work` (system calls and atomics, no allocation) and
    // `_exit`, which is what a child of a process with threads may do.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(format!("fork: {}", std::io::Error::last_os_error()));
    }
    if pid == 0 {
        // SAFETY: Asks for SIGKILL if the parent dies; no pointer arguments.
        unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
        work(shared, &shared.workers[index], keep_open);
        // SAFETY: Ends the child at once, without running the parent's exit handlers.
        unsafe { libc::_exit(0) };
    }
    Ok(pid)
}

/// Waits for worker process `pid` and checks that it exited with 0.
fn reap(pid: libc::pid_t) -> Result<(), String> {
    let mut status = 0;
    // SAFETY: `status` is writable; `pid` is our child.
    let got = unsafe { libc::waitpid(pid, &mut status, 0) };
    if got != pid {
        return Err(format!(
            "waitpid {pid}: {}",
            std::io::Error::last_os_error()
        ));
    }
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        Ok(())
    } else {
        Err(format!(
            "worker process {pid} ended with status {status:#x}"
        ))
    }
}

/// Waits until every worker has used the files of the module just loaded at least once.
fn wait_for_every_worker(shared: &Shared, since: &[u64]) -> TestResult {
    let start = Instant::now();
    while shared
        .workers
        .iter()
        .zip(since)
        .any(|(w, before)| w.ok() <= *before)
    {
        if start.elapsed() > Duration::from_secs(30) {
            let stuck: Vec<&str> = WORKERS
                .iter()
                .zip(shared.workers.iter().zip(since))
                .filter(|(_, (w, before))| w.ok() <= **before)
                .map(|((name, _, _), _)| *name)
                .collect();
            return Err(format!("no access worked within 30 s for: {stuck:?}"));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Ok(())
}

/// `GENLTEST_SYSFS_CYCLES` (default 10) unloads and loads while four workers (two
/// processes, two threads; two open the files for each access, two keep them open) read
/// `trace`, write `trace` and write `ping` in a loop. After each `rmmod` the directory
/// must be gone and `insmod` must succeed at once; every access must work or fail with
/// `ENOENT`/`ENODEV`; an open file must fail with `ENODEV` once its module is gone; and
/// while rmmod runs, the directory must be gone before the family is. Ends with the module
/// loaded and `trace` as it was.
pub fn sysfs_files_across_reloads() -> TestResult {
    let cycles: u32 = std::env::var("GENLTEST_SYSFS_CYCLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let trace_before =
        std::fs::read_to_string(TRACE_PATH).map_err(|e| format!("{TRACE_PATH}: {e}"))?;
    let quiet = QuietKunit::new()?;
    let map = SharedMap::new()?;
    let shared = map.get();

    let mut pids = Vec::new();
    let mut problems = Vec::new();
    // Fork before any thread of this test exists.
    for (index, (_, process, keep_open)) in WORKERS.iter().enumerate() {
        if *process {
            match fork_worker(shared, index, *keep_open) {
                Ok(pid) => pids.push(pid),
                Err(e) => problems.push(e),
            }
        }
    }
    let mut done = 0;
    // Polls during rmmod that found the family gone.
    let mut family_gone_polls = 0u64;
    std::thread::scope(|scope| {
        let _stop = StopOnDrop(shared);
        for (index, (_, process, keep_open)) in WORKERS.iter().enumerate() {
            if !*process {
                scope.spawn(move || work(shared, &shared.workers[index], *keep_open));
            }
        }
        if !problems.is_empty() {
            return;
        }
        let mut since = vec![0u64; WORKERS.len()];
        for i in 0..cycles {
            if let Err(e) = wait_for_every_worker(shared, &since) {
                problems.push(format!("cycle {i}: {e}"));
                break;
            }
            // While rmmod runs, nothing loads the module again: the family and the
            // directory can only go, never come back. The module drops its directory
            // before it unregisters the family, so the family must never be gone while
            // the directory is still there. (On the debug kernel rmmod takes seconds:
            // it waits for the module's own kobjects, released late.)
            let unloading = scope.spawn(|| unload_patiently(Duration::from_secs(20)));
            let mut dir_outlived_family = false;
            while !unloading.is_finished() {
                let family_gone = matches!(family::Client::open(), Err(Error::NotLoaded(_)));
                if family_gone {
                    family_gone_polls += 1;
                    if !dir_outlived_family && Path::new(DIR).exists() {
                        dir_outlived_family = true;
                        // The files may soon lead to freed code: stop using them, and
                        // say so now in case the kernel does not survive.
                        shared.stop.store(true, Ordering::Relaxed);
                        println!("# cycle {i}: {DIR} still there after the family went");
                    }
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            let unloaded = unloading.join();
            if dir_outlived_family {
                problems.push(format!(
                    "cycle {i}: {DIR} still existed after the family was unregistered"
                ));
            }
            match unloaded {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => problems.push(format!("cycle {i}: {e}")),
                Err(_) => problems.push(format!("cycle {i}: rmmod thread panicked")),
            }
            // The module's code is freed once rmmod returns: its files must be gone.
            if Path::new(DIR).exists() {
                shared.stop.store(true, Ordering::Relaxed);
                problems.push(format!(
                    "cycle {i}: {DIR} still exists after rmmod returned"
                ));
            }
            if !problems.is_empty() {
                break;
            }
            // Let the workers find the files gone (or removed under an open file).
            std::thread::sleep(Duration::from_millis(20));
            since = shared.workers.iter().map(WorkerCounts::ok).collect();
            // Load it again at once: the directory's name must be free.
            if let Err(e) = load() {
                problems.push(format!("cycle {i}: insmod right after rmmod: {e}"));
                break;
            }
            done += 1;
        }
    });
    for pid in pids {
        if let Err(e) = reap(pid) {
            problems.push(e);
        }
    }
    drop(quiet);

    // Leave the module loaded, with `trace` as it was. A directory left behind by a
    // failed cycle goes when its kobject is released: wait for that first.
    let start = Instant::now();
    while Path::new(DIR).exists()
        && !Path::new("/sys/module/genltest").exists()
        && start.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let start = Instant::now();
    while !Path::new("/sys/module/genltest").exists() {
        match load() {
            Ok(()) => break,
            Err(e) if start.elapsed() > Duration::from_secs(10) => {
                problems.push(format!("final insmod: {e}"));
                break;
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    if let Err(e) = std::fs::write(TRACE_PATH, trace_before.trim()) {
        problems.push(format!("restoring {TRACE_PATH}: {e}"));
    }

    println!(
        "# sysfs reload: {done} of {cycles} cycles; during rmmod the family was seen gone \
         {family_gone_polls} times"
    );
    for (op, name) in OP_NAMES.iter().enumerate() {
        let sum = |f: fn(&OpCounts) -> &AtomicU64| -> u64 {
            shared
                .workers
                .iter()
                .map(|w| f(&w.0[op]).load(Ordering::Relaxed))
                .sum()
        };
        println!(
            "# sysfs reload: {name}: {} worked, {} ENOENT, {} ENODEV, {} otherwise",
            sum(|c| &c.ok),
            sum(|c| &c.gone),
            sum(|c| &c.removed),
            sum(|c| &c.wrong),
        );
    }
    check(
        problems.is_empty(),
        &format!("no problems, got: {problems:?}"),
    )?;
    check_eq(done, cycles, "cycles done")?;

    for ((worker, _, keep_open), counts) in WORKERS.iter().zip(&shared.workers) {
        for (op, name) in OP_NAMES.iter().enumerate() {
            let c = &counts.0[op];
            check(
                c.wrong.load(Ordering::Relaxed) == 0,
                &format!(
                    "{worker}, {name}: every access worked or failed with ENOENT or ENODEV; \
                     {} did not ({})",
                    c.wrong.load(Ordering::Relaxed),
                    c.describe_first_wrong()
                ),
            )?;
            check(
                c.ok.load(Ordering::Relaxed) > 0,
                &format!("{worker}, {name}: some accesses worked"),
            )?;
        }
        let gone: u64 = counts
            .0
            .iter()
            .map(|c| c.gone.load(Ordering::Relaxed) + c.removed.load(Ordering::Relaxed))
            .sum();
        check(
            gone > 0,
            &format!("{worker}: some accesses found the module unloaded"),
        )?;
        if *keep_open {
            // Before each rmmod this worker used a file of that load, which it keeps
            // open: its next access through it must fail with ENODEV.
            let removed: u64 = counts
                .0
                .iter()
                .map(|c| c.removed.load(Ordering::Relaxed))
                .sum();
            check(
                removed >= u64::from(cycles),
                &format!("{worker}: ENODEV after each of the {cycles} unloads, got {removed}"),
            )?;
        }
    }

    // The module works as before.
    check_eq(
        std::fs::read_to_string(TRACE_PATH).map_err(|e| e.to_string())?,
        trace_before,
        "trace after the cycles",
    )?;
    crate::util::write_ping(b"after the reloads").map_err(|e| format!("ping: {e}"))?;
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    check_eq(
        &c.echo(b"after the reloads").map_err(|e| e.to_string())?[..],
        b"after the reloads",
        "echo after the reloads",
    )
}
