//! The harness judged on console output recorded from a real run, and on that output
//! with one failure spliced in: each kind of failure must fail the run.

use vm_harness::{find_splats, judge, require, robustness_summary};

const CONSOLE: &str = include_str!("fixtures/console-pass.log");
const OUTPUT: &str = include_str!("fixtures/output-pass.log");

#[test]
fn recorded_passing_run_passes() {
    let r = judge(CONSOLE, OUTPUT, 3);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.failed(), 0);
    assert!(
        r.passed() >= 40 + 11,
        "vm tests and KUnit cases counted: {}",
        r.passed()
    );
    assert!(r
        .results
        .iter()
        .any(|t| t.source == "kunit/genltest_history"));
}

#[test]
fn failing_kunit_case_fails_the_run() {
    let console = CONSOLE.replacen("    ok 2 keeps_only_the_last_64_in_order", "    # keeps_only_the_last_64_in_order: ASSERTION FAILED at module/history.rs:100\n    not ok 2 keeps_only_the_last_64_in_order", 1);
    let console = console.replacen("] ok 2 genltest_history", "] not ok 2 genltest_history", 1);
    assert_ne!(console, CONSOLE);
    let r = judge(&console, OUTPUT, 3);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
}

#[test]
fn failing_vm_test_fails_the_run() {
    let output = OUTPUT.replacen(
        "ok 3 classic_echo_empty_payload",
        "# echoed payload: got [1], want []\nnot ok 3 classic_echo_empty_payload",
        1,
    );
    assert_ne!(output, OUTPUT);
    let r = judge(CONSOLE, &output, 3);
    assert_eq!(r.failed(), 1);
}

#[test]
fn missing_vm_results_fail_the_run() {
    let cut: String = OUTPUT.lines().take(10).map(|l| format!("{l}\n")).collect();
    let r = judge(CONSOLE, &cut, 3);
    assert!(
        r.problems.iter().any(|p| p.contains("planned")),
        "{:?}",
        r.problems
    );
}

#[test]
fn missing_kunit_suites_fail_the_run() {
    let console: String = CONSOLE
        .lines()
        .filter(|l| !l.contains("genltest_ratelimit"))
        .map(|l| format!("{l}\n"))
        .collect();
    let r = judge(&console, OUTPUT, 3);
    assert!(r.failed() > 0);
}

const WARNING_SPLAT: &str = "\
[   12.345678] ------------[ cut here ]------------
[   12.345679] WARNING: CPU: 1 PID: 77 at net/netlink/af_netlink.c:1234 netlink_unicast+0x42/0x80
[   12.345680] Modules linked in: genltest(O)
[   12.345681] RIP: 0010:netlink_unicast+0x42/0x80
[   12.345682] Call Trace:
[   12.345683]  <TASK>
";

const KASAN_SPLAT: &str = "\
[   20.000001] ==================================================================
[   20.000002] BUG: KASAN: slab-use-after-free in genltest_echo+0x1c/0x40 [genltest]
[   20.000003] Read of size 8 at addr ffff888003a1c000 by task genltest/91
";

const LOCKDEP_SPLAT: &str = "\
[   30.000001] ======================================================
[   30.000002] WARNING: possible circular locking dependency detected
[   30.000003] 7.3.4 #1 Tainted: G           O
";

const KMEMLEAK_REPORT: &str = "\
[   40.000001] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
unreferenced object 0xffff888003a1c000 (size 64):
";

#[test]
fn kernel_splats_fail_the_run() {
    for splat in [WARNING_SPLAT, KASAN_SPLAT, LOCKDEP_SPLAT, KMEMLEAK_REPORT] {
        let console = format!("{CONSOLE}{splat}");
        let r = judge(&console, OUTPUT, 3);
        assert!(r.failed() > 0, "not caught: {splat}");
        assert!(!find_splats(splat).is_empty());
    }
}

#[test]
fn words_inside_a_log_message_are_not_splats() {
    let console = "[    1.0] genltest: genl echo from port 5 seq 1: text WARNING: BUG: Oops\n";
    assert!(find_splats(console).is_empty());
}

#[test]
fn failed_insmod_fails_the_run() {
    let console = CONSOLE.replace(
        "insmod genltest.ko: status 0",
        "insmod genltest.ko: status 1",
    );
    let r = judge(&console, OUTPUT, 3);
    assert!(r.problems.iter().any(|p| p.contains("insmod")));
}

const ROBUST_OUTPUT: &str = "\
# robustness: malformed-cases 120
# robustness: malformed-cases 200
# robustness: fuzz-messages 5000
# robustness: fuzz-seconds 60
# robustness: load-cycles 100
# robustness: kmemleak-reports 0
";

#[test]
fn robustness_figures_are_summed_and_summarised() {
    let r = judge(CONSOLE, &format!("{OUTPUT}{ROBUST_OUTPUT}"), 3);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.robustness["malformed-cases"], 320);
    assert_eq!(r.robustness["splats"], 0);
    assert_eq!(
        robustness_summary(&r.robustness),
        "320 malformed-input cases, 5000 fuzz inputs, 60 s of fuzzing, \
         100 load/unload cycles, 0 splats, 0 kmemleak reports"
    );
}

#[test]
fn unmet_robustness_requirements_fail_the_run() {
    let output = format!("{OUTPUT}{ROBUST_OUTPUT}");
    let mut r = judge(CONSOLE, &output, 3);
    require(
        &mut r,
        &["malformed-cases>=300".into(), "load-cycles>=100".into()],
    )
    .unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    require(
        &mut r,
        &["fuzz-seconds>=61".into(), "fail-nth-points>=1".into()],
    )
    .unwrap();
    assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
    assert!(require(&mut r, &["nonsense".into()]).is_err());
}

#[test]
fn kmemleak_report_in_the_output_fails_the_run() {
    let output = format!(
        "{OUTPUT}# robustness: kmemleak-reports 2\n# unreferenced object 0xffff888003a1c000 (size 64):\n"
    );
    let r = judge(CONSOLE, &output, 3);
    assert!(
        r.problems.iter().any(|p| p.contains("kmemleak reported 2")),
        "{:?}",
        r.problems
    );
}

#[test]
fn splats_are_counted_in_the_figures() {
    let console = format!("{CONSOLE}{KASAN_SPLAT}{LOCKDEP_SPLAT}");
    let r = judge(&console, OUTPUT, 3);
    assert_eq!(r.robustness["splats"], 2);
}
