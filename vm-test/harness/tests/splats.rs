//! Kernel reports on the console: each kind is found, wherever its text sits in the line,
//! counted once however many lines it has, and fails the run; the project's own log lines
//! are never taken for one, whatever text they echo.
//!
//! The excerpts follow the formats the 7.3 kernel prints (`__warn` in kernel/panic.c,
//! `__die_header` in arch/x86/kernel/dumpstack.c, mm/kasan/report.c, kernel/rcu/
//! tree_stall.h, lib/ref_tracker.c, lib/refcount.c, mm/kmemleak.c, the Rust panic handler
//! in rust/kernel/lib.rs), with the values of a QEMU test VM.

use vm_harness::{
    exec_status, find_splats, judge, records, KMEMLEAK_SCAN_BEGIN, KMEMLEAK_SCAN_END,
};

const CONSOLE: &str = include_str!("fixtures/console-pass.log");
const OUTPUT: &str = include_str!("fixtures/output-pass.log");

/// A WARN in the 7.3 format, with `panic_on_warn=1`: the warning, its registers and
/// stack, then the panic it causes with a stack of its own.
const WARN: &str = "\
[   12.345670] ------------[ cut here ]------------
[   12.345678] WARNING: net/netlink/af_netlink.c:1234 at netlink_unicast+0x42/0x80, CPU#1: genltest/77
[   12.345690] Modules linked in: genltest(O)
[   12.345701] CPU: 1 UID: 0 PID: 77 Comm: genltest Tainted: G           O        7.3.4 #1 NONE
[   12.345712] Tainted: [O]=OOT_MODULE
[   12.345720] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
[   12.345731] RIP: 0010:netlink_unicast+0x42/0x80
[   12.345740] Code: 48 89 df e8 56 fe ff ff 48 8b 43 18 <0f> 0b 31 c0 5b c3 cc cc cc cc
[   12.345750] RSP: 0018:ffffc90000183c08 EFLAGS: 00010246
[   12.345760] RAX: 0000000000000000 RBX: ffff888003a1c000 RCX: 0000000000000000
[   12.345770] Call Trace:
[   12.345771]  <TASK>
[   12.345780]  genl_family_rcv_msg_doit+0xd4/0x130
[   12.345790]  genl_rcv_msg+0x1a6/0x260
[   12.345800]  netlink_rcv_skb+0x58/0x110
[   12.345810]  </TASK>
[   12.345820] Kernel panic - not syncing: kernel: panic_on_warn set ...
[   12.345830] CPU: 1 UID: 0 PID: 77 Comm: genltest Tainted: G           O        7.3.4 #1 NONE
[   12.345840] Call Trace:
[   12.345841]  <TASK>
[   12.345850]  dump_stack_lvl+0x5d/0x80
[   12.345860]  panic+0x10a/0x2e0
[   12.345870]  check_panic_on_warn+0x4a/0x50
[   12.345880]  </TASK>
[   12.345890] Kernel Offset: disabled
[   12.345900] ---[ end Kernel panic - not syncing: kernel: panic_on_warn set ... ]---
";

/// An oops: the report, the end-of-trace marker, x86's "executive summary" (the
/// registers again, `RIP:` included) and the panic `oops=panic` makes of it.
const BUG_NULL: &str = "\
[   14.100001] BUG: kernel NULL pointer dereference, address: 0000000000000008
[   14.100002] #PF: supervisor read access in kernel mode
[   14.100003] #PF: error_code(0x0000) - not-present page
[   14.100004] PGD 0 P4D 0
[   14.100005] Oops: Oops: 0000 [#1] SMP NOPTI
[   14.100006] CPU: 0 UID: 0 PID: 95 Comm: genltest Tainted: G           O        7.3.4 #1 NONE
[   14.100007] RIP: 0010:genl_rcv_msg+0x31/0x260
[   14.100008] Code: 41 56 41 55 41 54 55 53 48 83 ec 30 48 8b 47 08 <48> 8b 40 08 48 85 c0
[   14.100009] RSP: 0018:ffffc90000193b70 EFLAGS: 00010286
[   14.100010] Call Trace:
[   14.100011]  <TASK>
[   14.100012]  netlink_rcv_skb+0x58/0x110
[   14.100013]  genl_rcv+0x28/0x40
[   14.100014]  </TASK>
[   14.100015] Modules linked in: genltest(O)
[   14.100016] CR2: 0000000000000008
[   14.100017] ---[ end trace 0000000000000000 ]---
[   14.100018] RIP: 0010:genl_rcv_msg+0x31/0x260
[   14.100019] Code: 41 56 41 55 41 54 55 53 48 83 ec 30 48 8b 47 08 <48> 8b 40 08 48 85 c0
[   14.100020] RSP: 0018:ffffc90000193b70 EFLAGS: 00010286
[   14.100021] Kernel panic - not syncing: Fatal exception
[   14.100022] Kernel Offset: disabled
[   14.100023] ---[ end Kernel panic - not syncing: Fatal exception ]---
";

/// A KASAN report: blank lines, three stacks, the shadow memory, the closing rule,
/// then `panic_on_warn`'s panic.
const KASAN: &str = "\
[   20.000001] ==================================================================
[   20.000002] BUG: KASAN: slab-use-after-free in genltest_echo+0x1c/0x40 [genltest]
[   20.000003] Read of size 8 at addr ffff888003a1c000 by task genltest/91
[   20.000004] 
[   20.000005] CPU: 0 UID: 0 PID: 91 Comm: genltest Tainted: G           O        7.3.4 #1 NONE
[   20.000006] Call Trace:
[   20.000007]  <TASK>
[   20.000008]  dump_stack_lvl+0x5d/0x80
[   20.000009]  print_report+0xce/0x630
[   20.000010]  kasan_report+0xd8/0x110
[   20.000011]  </TASK>
[   20.000012] 
[   20.000013] Allocated by task 91:
[   20.000014]  kasan_save_stack+0x24/0x50
[   20.000015]  __kmalloc_noprof+0x1a2/0x400
[   20.000016] 
[   20.000017] Freed by task 91:
[   20.000018]  kasan_save_stack+0x24/0x50
[   20.000019]  kfree+0x12f/0x3a0
[   20.000020] 
[   20.000021] The buggy address belongs to the object at ffff888003a1c000
[   20.000022]  which belongs to the cache kmalloc-64 of size 64
[   20.000023] Memory state around the buggy address:
[   20.000024]  ffff888003a1bf00: fa fb fb fb fb fb fb fb fc fc fc fc fc fc fc fc
[   20.000025] >ffff888003a1c000: fa fb fb fb fb fb fb fb fc fc fc fc fc fc fc fc
[   20.000026]                    ^
[   20.000027] ==================================================================
[   20.000028] Disabling lock debugging due to kernel taint
[   20.000029] Kernel panic - not syncing: KASAN: panic_on_warn set ...
[   20.000030] Kernel Offset: disabled
[   20.000031] ---[ end Kernel panic - not syncing: KASAN: panic_on_warn set ... ]---
";

/// Today's RCU stall format (`rcu: ` in front since 5.x), with the NMI backtrace of the
/// stalled CPU.
const RCU_STALL: &str = "\
[   95.512001] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:
[   95.512002] rcu: \t1-...!: (0 ticks this GP) idle=0b34/1/0x4000000000000000 softirq=2012/2012 fqs=0
[   95.512003] rcu: \t(detected by 0, t=21002 jiffies, g=3885, q=12 ncpus=2)
[   95.512004] Sending NMI from CPU 0 to CPUs 1:
[   95.512301] NMI backtrace for cpu 1
[   95.512302] CPU: 1 UID: 0 PID: 88 Comm: genltest-vm-tes Not tainted 7.3.4 #1 NONE
[   95.512303] RIP: 0010:genltest_history_push+0x6a/0xb0 [genltest]
[   95.512304] Call Trace:
[   95.512305]  <TASK>
[   95.512306]  genl_family_rcv_msg_doit+0xd4/0x130
[   95.512307]  </TASK>
[   95.512402] rcu: rcu_sched kthread starved for 21004 jiffies! g3885 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=1
";

/// The preemptible RCU's self-detected stall.
const RCU_PREEMPT_STALL: &str = "\
[   64.000001] rcu: INFO: rcu_preempt self-detected stall on CPU
[   64.000002] rcu: \t0-....: (21000 ticks this GP) idle=9fc/1/0x4000000000000000 softirq=811/811 fqs=5240
[   64.000003] rcu: \t(t=21003 jiffies g=1389 q=3 ncpus=2)
";

/// A namespace exited with a reference still held (`NET_NS_REFCNT_TRACKER`): the
/// tracker's report, a multi-line record, then its WARN.
const REF_TRACKER: &str = "\
[   33.700001] ref_tracker: net notrefcnt@000000009b3d1faf has 1/1 users at
[   33.700001]      sk_alloc+0x3a1/0x4c0
[   33.700001]      __netlink_kernel_create+0x8f/0x2b0
[   33.700001]      genltest_net_init+0x4b/0x90 [genltest]
[   33.700001]      ops_init+0x6d/0x160
[   33.700001] 
[   33.700002] ------------[ cut here ]------------
[   33.700003] WARNING: lib/ref_tracker.c:370 at ref_tracker_dir_exit+0x10b/0x180, CPU#0: kworker/u8:1/41
[   33.700004] Call Trace:
[   33.700005]  <TASK>
[   33.700006]  cleanup_net+0x2ba/0x3e0
[   33.700007]  </TASK>
[   33.700008] Kernel panic - not syncing: kernel: panic_on_warn set ...
";

/// A reference count that went below zero: the message comes first, then the WARN.
const REFCOUNT: &str = "\
[   41.200001] ------------[ cut here ]------------
[   41.200002] refcount_t: underflow; use-after-free.
[   41.200003] WARNING: lib/refcount.c:28 at refcount_warn_saturate+0xba/0x110, CPU#1: genltest/102
[   41.200004] Modules linked in: genltest(O)
[   41.200005] RIP: 0010:refcount_warn_saturate+0xba/0x110
[   41.200006] Call Trace:
[   41.200007]  <TASK>
[   41.200008]  genltest_dump_done+0x21/0x40 [genltest]
[   41.200009]  </TASK>
[   41.200010] Kernel panic - not syncing: kernel: panic_on_warn set ...
";

/// A panic in Rust code: the kernel crate's panic handler prints the location and the
/// message, then calls `BUG()`.
const RUST_PANIC: &str = "\
[   52.800001] rust_kernel: panicked at module/history.rs:88:13:
[   52.800001] index out of bounds: the len is 64 but the index is 64
[   52.800002] ------------[ cut here ]------------
[   52.800003] kernel BUG at rust/helpers/bug.c:7!
[   52.800004] Oops: invalid opcode: 0000 [#1] SMP NOPTI
[   52.800005] CPU: 0 UID: 0 PID: 97 Comm: genltest Tainted: G           O        7.3.4 #1 NONE
[   52.800006] RIP: 0010:rust_helper_BUG+0x8/0x10
[   52.800007] Call Trace:
[   52.800008]  <TASK>
[   52.800009]  _RNvCs1_7___rustc17rust_begin_unwind+0x5b/0x60
[   52.800010]  </TASK>
[   52.800011] ---[ end trace 0000000000000000 ]---
[   52.800012] RIP: 0010:rust_helper_BUG+0x8/0x10
[   52.800013] Kernel panic - not syncing: Fatal exception
";

/// kmemleak with its verbose mode: each object, then the count.
const KMEMLEAK: &str = "\
[  140.300001] kmemleak: unreferenced object 0xffff888003a1c000 (size 64):
[  140.300002] kmemleak:   comm \"genltest\", pid 91, jiffies 4294937296
[  140.300003] kmemleak:   hex dump (first 32 bytes):
[  140.300004] kmemleak:     68 69 00 00 00 00 00 00 00 00 00 00 00 00 00 00  hi..............
[  140.300005] kmemleak:   backtrace (crc 6d1a4c2b):
[  140.300006] kmemleak:     __kmalloc_noprof+0x1a2/0x400
[  140.300007] kmemleak:     genltest_history_push+0x3c/0xb0 [genltest]
[  140.300008] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
";

/// A lockdep report (no panic: lockdep only turns itself off).
const LOCKDEP: &str = "\
[   30.000001] ======================================================
[   30.000002] WARNING: possible circular locking dependency detected
[   30.000003] 7.3.4 #1 Tainted: G           O
[   30.000004] ------------------------------------------------------
[   30.000005] genltest/90 is trying to acquire lock:
[   30.000006] ffffffffa0002010 (&history_lock){+.+.}-{4:4}, at: genltest_dump+0x2a/0x90 [genltest]
[   30.000007] stack backtrace:
[   30.000008] Call Trace:
[   30.000009]  <TASK>
[   30.000010]  dump_stack_lvl+0x5d/0x80
[   30.000011]  </TASK>
";

/// The console could not keep up and lost messages.
const DROPPED: &str = "[   77.000001] ** 35 printk messages dropped **\n";

/// A hung task.
const HUNG_TASK: &str = "\
[  245.000001] INFO: task genltest:93 blocked for more than 122 seconds.
[  245.000002]       Not tainted 7.3.4 #1
[  245.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.
[  245.000004] task:genltest        state:D stack:0     pid:93    tgid:93    ppid:88
[  245.000005] Call Trace:
[  245.000006]  <TASK>
[  245.000007]  __schedule+0x2c4/0x8a0
[  245.000008]  </TASK>
";

/// Every kind of report above, with a name to show when one is missed.
const REPORTS: &[(&str, &str)] = &[
    ("WARN", WARN),
    ("BUG/oops", BUG_NULL),
    ("KASAN", KASAN),
    ("RCU stall", RCU_STALL),
    ("RCU self-detected stall", RCU_PREEMPT_STALL),
    ("ref_tracker", REF_TRACKER),
    ("refcount_t", REFCOUNT),
    ("Rust panic", RUST_PANIC),
    ("kmemleak", KMEMLEAK),
    ("lockdep", LOCKDEP),
    ("printk dropped", DROPPED),
    ("hung task", HUNG_TASK),
];

#[test]
fn each_kind_of_report_is_one_splat_and_fails_the_run() {
    for (kind, report) in REPORTS {
        let splats = find_splats(report);
        assert_eq!(splats.len(), 1, "{kind}: {splats:#?}");
        assert_eq!(
            splats[0].lines.len(),
            report.lines().count() - report.lines().take_while(|l| !is_head(l)).count(),
            "{kind}: every line from the headline on belongs to the report"
        );
        let r = judge(&format!("{CONSOLE}{report}"), OUTPUT, 3);
        assert_eq!(r.failed(), 1, "{kind}: {:?}", r.problems);
        assert_eq!(r.robustness["splats"], 1, "{kind}");
    }
}

/// Whether a line of an excerpt is where its report starts (the lines before it, such
/// as KASAN's opening rule or `cut here`, match no pattern).
fn is_head(line: &str) -> bool {
    !find_splats(line).is_empty()
}

#[test]
fn reports_seconds_apart_are_counted_each() {
    let console = format!("{CONSOLE}{LOCKDEP}{DROPPED}{KMEMLEAK}{HUNG_TASK}");
    let r = judge(&console, OUTPUT, 3);
    assert_eq!(r.robustness["splats"], 4);
    assert_eq!(r.failed(), 4, "{:?}", r.problems);
}

#[test]
fn headlines_are_found_anywhere_in_a_line() {
    // Two records in one console line (a line left open, or two CPUs interleaved): the
    // WARN starts after the other record's text.
    let console = "[    8.840522] genltest: genl echo from port 63 seq 3: 1024 bytes[    8.840530] WARNING: net/core/skbuff.c:222 at skb_panic+0x4c/0x50, CPU#0: genltest/63\n";
    let splats = find_splats(console);
    assert_eq!(splats.len(), 1, "{splats:?}");
    assert!(splats[0]
        .headline
        .starts_with("WARNING: net/core/skbuff.c:222"));
    // Output without timestamps, with something before the report's words.
    for line in [
        "<4>[ 3.1] RIP: 0010:netlink_unicast+0x42/0x80",
        "sh: ] Call Trace:",
        "x rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
    ] {
        assert_eq!(find_splats(line).len(), 1, "{line}");
    }
}

#[test]
fn records_split_at_each_timestamp() {
    let recs = records("[    1.000000] a[    2.500000] b\nplain\n[    3.000000]\n");
    let got: Vec<_> = recs.iter().map(|r| (r.time, r.text)).collect();
    assert_eq!(
        got,
        vec![
            (Some(1.0), "a"),
            (Some(2.5), "b"),
            (None, "plain"),
            (Some(3.0), ""),
        ]
    );
}

/// Log lines of the module (its request log can show what a user sent), of vm-test/init
/// and of the in-VM tests, holding every word a report is recognised by.
const OWN_LINES: &str = "\
[   60.000001] genltest: genl request from port 63 seq 4: cmd echo, attrs: msg \"WARNING: CPU: 0 PID: 1 at x\"
[   60.000002] genltest: genl request from port 63 seq 5: cmd echo, attrs: msg \"rust_kernel: panicked at x.rs:1:1: kernel BUG at x Call Trace: RIP: 0010:x\"
[   60.000003] genltest: classic request from port 63 seq 6: payload \"BUG: KASAN: refcount_t: ref_tracker: kmemleak: 1 new suspected memory leaks\"
[   60.000004] genltest: ping \"rcu: INFO: rcu_sched detected stalls on CPUs/tasks: ** 1 printk messages dropped **\"
[   60.000005] GENLTEST: insmod genltest.ko: status 0
[   60.000006] genltest-vm-tests: marker WARNING: Oops: unreferenced object
";

#[test]
fn the_projects_own_log_lines_are_not_reports_whatever_they_echo() {
    assert!(
        find_splats(OWN_LINES).is_empty(),
        "{:?}",
        find_splats(OWN_LINES)
    );
    let r = judge(&format!("{CONSOLE}{OWN_LINES}"), OUTPUT, 3);
    assert_eq!(r.failed(), 0, "{:?}", r.problems);
    // The same words from anyone else are reports.
    let foreign = OWN_LINES.replace("genltest: ", "other: ");
    assert!(!find_splats(&foreign).is_empty());
}

#[test]
fn kmemleaks_start_up_lines_are_not_reports() {
    let boot = "\
[    0.512000] kmemleak: Kernel memory leak detector initialized (mem pool available: 15955)
[    0.512001] kmemleak: Automatic memory scanning thread started
";
    assert!(find_splats(boot).is_empty());
}

/// What the in-VM tests do before the first test (`kmemleak_baseline` in
/// vm-test/guest/src/lifecycle.rs): a scan that lists what boot left unreferenced,
/// then `clear`, between markers.
fn baseline(found: &str) -> String {
    format!("[    5.100000] {KMEMLEAK_SCAN_BEGIN}\n{found}[    7.900000] {KMEMLEAK_SCAN_END}\n")
}

#[test]
fn the_baseline_scan_clears_boot_time_suspects_without_failing() {
    let found =
        "[    7.800000] kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n";
    // Without the markers (before this was fixed) the baseline's own line failed the run.
    assert_eq!(judge(&format!("{CONSOLE}{found}"), OUTPUT, 3).failed(), 1);
    let console = format!("{CONSOLE}{}", baseline(found));
    let r = judge(&console, OUTPUT, 3);
    assert_eq!(r.failed(), 0, "{:?}", r.problems);
    assert_eq!(r.robustness["splats"], 0);
    // kmemleak's verbose listing of the objects belongs to the scan as well.
    let r = judge(&format!("{CONSOLE}{}", baseline(KMEMLEAK)), OUTPUT, 3);
    assert_eq!(r.failed(), 0, "{:?}", r.problems);
}

#[test]
fn other_reports_during_a_kmemleak_scan_still_fail_the_run() {
    let r = judge(&format!("{CONSOLE}{}", baseline(WARN)), OUTPUT, 3);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
    // kmemleak giving up is not the output of a scan.
    let gave_up = "[    6.000000] kmemleak: Cannot allocate a kmemleak_object structure\n";
    let r = judge(&format!("{CONSOLE}{}", baseline(gave_up)), OUTPUT, 3);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
}

#[test]
fn a_kmemleak_report_after_the_scan_window_fails_the_run() {
    let found =
        "[    7.800000] kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n";
    let console = format!("{CONSOLE}{}{KMEMLEAK}", baseline(found));
    let r = judge(&console, OUTPUT, 3);
    assert_eq!(r.robustness["splats"], 1);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
}

#[test]
fn the_final_scans_leaks_are_counted_once_by_its_test() {
    // The test asks for the scan between markers and fails with the objects it read.
    let output = OUTPUT.replace(
        "GENLTEST-EXIT: 0",
        "# robustness: kmemleak-reports 1\n# unreferenced object 0xffff888003a1c000 (size 64):\nnot ok 44 kmemleak_reports_nothing\nGENLTEST-EXIT: 1",
    );
    let output = output.replace("1..43", "1..44");
    let console = format!("{CONSOLE}{}", baseline(KMEMLEAK));
    let r = judge(&console, &output, 3);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
}

#[test]
fn vm_exec_exits_125_on_a_kernel_report() {
    for (kind, report) in REPORTS {
        let (status, splats) = exec_status(&format!("{CONSOLE}{report}"), 0);
        assert_eq!(status, 125, "{kind}");
        assert_eq!(splats.len(), 1, "{kind}");
        assert_eq!(exec_status(&format!("{CONSOLE}{report}"), 3).0, 125);
    }
    assert_eq!(exec_status(CONSOLE, 0).0, 0);
    assert_eq!(exec_status(CONSOLE, 3).0, 3);
    assert_eq!(exec_status(&format!("{CONSOLE}{OWN_LINES}"), 0).0, 0);
}

/// A recorded run of `genltest-vm-tests kmemleak_` on the debug kernel (KASAN, kmemleak,
/// lockdep, ...): the baseline's scan and the test's scans between their markers.
const DEBUG_CONSOLE: &str = include_str!("fixtures/console-debug-kmemleak.log");
const DEBUG_OUTPUT: &str = include_str!("fixtures/output-debug-kmemleak.log");

#[test]
fn a_recorded_debug_kernel_run_passes_and_marks_its_scans() {
    let r = judge(DEBUG_CONSOLE, DEBUG_OUTPUT, 3);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.robustness["splats"], 0);
    assert_eq!(DEBUG_CONSOLE.matches(KMEMLEAK_SCAN_BEGIN).count(), 2);
    assert_eq!(DEBUG_CONSOLE.matches(KMEMLEAK_SCAN_END).count(), 2);
}

#[test]
fn boot_time_suspects_in_the_recorded_baseline_are_cleared_not_reported() {
    // What the baseline's scan prints when boot left unreferenced objects, where it
    // prints it: before its end marker.
    let end = format!("] {KMEMLEAK_SCAN_END}");
    let at = DEBUG_CONSOLE.find(&end).unwrap();
    let line_start = DEBUG_CONSOLE[..at].rfind('\n').unwrap() + 1;
    let found =
        "[   11.290000] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n";
    let console = format!(
        "{}{found}{}",
        &DEBUG_CONSOLE[..line_start],
        &DEBUG_CONSOLE[line_start..]
    );
    let r = judge(&console, DEBUG_OUTPUT, 3);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    // The same line after the scans is a report.
    let r = judge(&format!("{DEBUG_CONSOLE}{found}"), DEBUG_OUTPUT, 3);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
}
