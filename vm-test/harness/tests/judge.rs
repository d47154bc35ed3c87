//! The harness judged on console output recorded from a real run, and on that output
//! with one failure spliced in: each kind of failure must fail the run.

use vm_harness::{judge, require, robustness_summary, vm_status, Outcome};

const CONSOLE: &str = include_str!("fixtures/console-pass.log");
const OUTPUT: &str = include_str!("fixtures/output-pass.log");

#[test]
fn recorded_passing_run_passes() {
    let r = judge(CONSOLE, OUTPUT, 3);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.failed(), 0);
    // 43 in-VM tests, 3 built-in KUnit cases and the module's 11, each counted once
    // although the recorded run loaded the module (and ran its suites) 4 times.
    assert_eq!(r.passed(), 43 + 3 + 11);
    assert_eq!(r.skipped(), 0);
    assert!(r
        .results
        .iter()
        .any(|t| t.source == "kunit/genltest_history"));
}

#[test]
fn kunit_cases_rerun_at_each_insmod_count_once() {
    assert_eq!(
        CONSOLE
            .matches("ok 1 strips_exactly_one_trailing_newline")
            .count(),
        4
    );
    let r = judge(CONSOLE, OUTPUT, 3);
    let pings: Vec<_> = r
        .results
        .iter()
        .filter(|t| t.source == "kunit/genltest_ping")
        .collect();
    assert_eq!(pings.len(), 5, "{pings:?}");
}

#[test]
fn kunit_case_failing_in_a_later_load_fails_once() {
    // The fourth load's run of the case fails; the first three passed.
    let at = CONSOLE
        .rmatch_indices("    ok 3 resumes_after_a_cursor")
        .next()
        .unwrap()
        .0;
    let console = format!(
        "{}    # resumes_after_a_cursor: ASSERTION FAILED at module/history.rs:120\n    not {}",
        &CONSOLE[..at],
        &CONSOLE[at + 4..]
    );
    let r = judge(&console, OUTPUT, 3);
    let case: Vec<_> = r
        .results
        .iter()
        .filter(|t| t.name == "resumes_after_a_cursor")
        .collect();
    assert_eq!(case.len(), 1);
    assert_eq!(case[0].outcome, Outcome::Fail);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
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

/// The in-VM KTAP of a kernel without fault injection and kmemleak: the tests it cannot
/// run are in the plan as `# SKIP` with the reason (vm-test/guest/src/main.rs).
const OUTPUT_WITH_SKIPS: &str = "\
KTAP version 1
1..4
ok 1 module_is_loaded
ok 2 faults_fail_nth_genl_echo # SKIP no fault injection in this kernel
ok 3 cli_reports_module_not_loaded
ok 4 kmemleak_reports_nothing # SKIP no kmemleak in this kernel
";

#[test]
fn tests_left_out_of_a_kernel_are_skipped_with_the_reason_not_passed() {
    let r = judge(CONSOLE, OUTPUT_WITH_SKIPS, 3);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let vm: Vec<_> = r.results.iter().filter(|t| t.source == "vm").collect();
    assert_eq!(vm.len(), 4);
    assert_eq!(vm[1].outcome, Outcome::Skip);
    assert_eq!(
        vm[1].skip_reason.as_deref(),
        Some("no fault injection in this kernel")
    );
    assert_eq!(vm[3].outcome, Outcome::Skip);
    assert_eq!(r.skipped(), 2);
    assert_eq!(r.passed(), 2 + 3 + 11);
    assert_eq!(r.failed(), 0);
}

#[test]
fn a_filter_that_matches_no_test_fails_the_run() {
    let output = "KTAP version 1\n1..0\n# no test matched \"typo\"\nGENLTEST-EXIT: 1\n";
    let r = judge(CONSOLE, output, 0);
    assert!(
        r.problems.iter().any(|p| p.contains("no test matched")),
        "{:?}",
        r.problems
    );
    assert_eq!(r.failed(), 1);
}

#[test]
fn a_filter_that_matches_only_skipped_tests_is_not_a_failure() {
    let output = "KTAP version 1\n1..1\nok 1 faults_fail_nth_ping # SKIP no fault injection in this kernel\n";
    let r = judge(CONSOLE, output, 0);
    assert_eq!((r.passed(), r.failed(), r.skipped()), (3 + 11, 0, 1));
}

#[test]
fn a_vm_that_timed_out_or_failed_fails_a_complete_quiet_run() {
    // Complete KTAP, every test passed, a quiet console: only the status says otherwise.
    for status in [124, 125] {
        let mut r = judge(CONSOLE, OUTPUT, 3);
        assert_eq!(r.failed(), 0);
        vm_status(&mut r, status);
        assert_eq!(r.failed(), 1, "status {status}: {:?}", r.problems);
        assert!(r.problems[0].contains(&format!("status {status}")));
    }
}

#[test]
fn a_timeout_with_an_incomplete_plan_is_one_failure() {
    let cut: String = OUTPUT.lines().take(10).map(|l| format!("{l}\n")).collect();
    let mut r = judge(CONSOLE, &cut, 3);
    assert_eq!(r.failed(), 1);
    vm_status(&mut r, 124);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
    assert!(
        r.problems[0].contains("did not finish in time") && r.problems[0].contains("8 of 43"),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_failure_status_with_all_tests_passed_fails_the_run() {
    let mut r = judge(CONSOLE, OUTPUT, 3);
    vm_status(&mut r, 1);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
    // A status that a failing test explains adds nothing.
    let output = OUTPUT.replacen(
        "ok 3 classic_echo_empty_payload",
        "not ok 3 classic_echo_empty_payload",
        1,
    );
    let mut r = judge(CONSOLE, &output, 3);
    vm_status(&mut r, 1);
    assert_eq!(r.failed(), 1, "{:?}", r.problems);
    // Status 0 adds nothing either.
    let mut r = judge(CONSOLE, OUTPUT, 3);
    vm_status(&mut r, 0);
    assert_eq!(r.failed(), 0);
}

#[test]
fn a_host_share_the_vm_could_not_use_fails_the_run() {
    // vm-test/init checks that the checkout and the kernel source are mounted at their
    // fixed paths and hold what they must; what it reports fails the run.
    for line in [
        "GENLTEST: host share failed: genltest-src could not be mounted",
        "GENLTEST: host share failed: genltest-linux has no tools/net/ynl/pyynl/cli.py",
    ] {
        let console = format!("{CONSOLE}[    0.970000] {line}\n");
        let r = judge(&console, OUTPUT, 3);
        assert_eq!(r.failed(), 1, "{:?}", r.problems);
        assert!(r.problems[0].contains("host share"), "{:?}", r.problems);
    }
}
