//! Judges a test VM run from what it printed.
//!
//! The VM has two serial ports: the kernel's console (ttyS0), where KUnit prints its
//! KTAP and where any warning, oops or sanitizer report appears, and the test output
//! (ttyS1), where the in-VM test binary prints KTAP. A run passes only when every test
//! on both passed, the plan was complete and not empty, the module loaded, the VM
//! exited with status 0 (see [`vm_status`]), and the console holds no kernel report
//! (see [`find_splats`]). Tests a kernel cannot run are counted as skipped, with the
//! reason, never as passed.

use std::collections::BTreeMap;

pub mod bench;

/// The outcome of one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `ok`.
    Pass,
    /// `not ok`.
    Fail,
    /// `ok ... # SKIP`: neither passed nor failed, and reported as such.
    Skip,
}

/// One test result from a KTAP stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// Where it came from: `vm` or `kunit/<suite>`.
    pub source: String,
    /// The test's name.
    pub name: String,
    /// What happened.
    pub outcome: Outcome,
    /// Why it was skipped: the text after `# SKIP`.
    pub skip_reason: Option<String>,
}

/// Everything the harness found in one run.
#[derive(Debug, Default)]
pub struct Report {
    /// Every test result, in order.
    pub results: Vec<TestResult>,
    /// Problems that are not a single test: splats, a missing plan, a failed insmod.
    pub problems: Vec<String>,
    /// The robustness figures: what the in-VM tests reported, plus `splats`.
    pub robustness: BTreeMap<String, u64>,
    /// The in-VM tests' plan, `1..N`, if they printed one.
    pub vm_plan: Option<usize>,
    /// How many in-VM results they printed.
    pub vm_reported: usize,
}

impl Report {
    /// Number of passed tests.
    pub fn passed(&self) -> usize {
        self.count(Outcome::Pass)
    }

    /// Number of failed tests plus one per problem.
    pub fn failed(&self) -> usize {
        self.count(Outcome::Fail) + self.problems.len()
    }

    /// Number of skipped tests.
    pub fn skipped(&self) -> usize {
        self.count(Outcome::Skip)
    }

    fn count(&self, outcome: Outcome) -> usize {
        self.results.iter().filter(|r| r.outcome == outcome).count()
    }
}

/// Removes the `[    1.234567] ` timestamp the kernel puts before console lines.
pub fn strip_timestamp(line: &str) -> &str {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix('[') {
        if let Some(end) = rest.find("] ") {
            let stamp = &rest[..end];
            if stamp.trim().chars().all(|c| c.is_ascii_digit() || c == '.') {
                return &rest[end + 2..];
            }
        }
    }
    line
}

/// One kernel log record as the console shows it: its timestamp in seconds (if the
/// console has one) and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    /// The `[   12.345678]` timestamp, in seconds.
    pub time: Option<f64>,
    /// The text after the timestamp.
    pub text: &'a str,
}

/// The length of a `[   12.345678]` timestamp (and one space after it) at the start of
/// `s`, and its value.
fn timestamp_at(s: &str) -> Option<(usize, f64)> {
    let rest = s.strip_prefix('[')?;
    let end = rest.find(']')?;
    let stamp = rest[..end].trim_start();
    let (secs, frac) = stamp.split_once('.')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(secs) || !digits(frac) {
        return None;
    }
    let mut len = end + 2;
    if s[len..].starts_with(' ') {
        len += 1;
    }
    Some((len, stamp.parse().ok()?))
}

/// Splits the console into records. A console line normally holds one record; when two
/// records were printed into one line (a line the kernel left open, output of two CPUs
/// interleaved), each timestamp starts a record of its own, so a report is found even
/// in the middle of a line.
pub fn records(console: &str) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    for line in console.lines() {
        let line = line.trim_end();
        // Where each timestamp in the line starts.
        let starts: Vec<(usize, usize, f64)> = line
            .match_indices('[')
            .filter_map(|(i, _)| timestamp_at(&line[i..]).map(|(len, t)| (i, len, t)))
            .collect();
        let first = starts.first().map_or(line.len(), |s| s.0);
        if !line[..first].trim().is_empty() {
            out.push(Record {
                time: None,
                text: &line[..first],
            });
        }
        for (k, &(at, len, time)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(line.len(), |s| s.0);
            out.push(Record {
                time: Some(time),
                text: &line[at + len..end],
            });
        }
        if line.is_empty() {
            out.push(Record {
                time: None,
                text: "",
            });
        }
    }
    out
}

/// Texts that mean the kernel warned, crashed, or a checker found a bug. Matched
/// anywhere in a record, as netdev's CI does (`] RIP:`, `] Call Trace:`), not only at
/// its start: a report's first line can be printed after other text.
pub const SPLAT_PATTERNS: &[&str] = &[
    // WARN, BUG, oopses, panics and their stack dumps.
    "WARNING:",
    "BUG:",
    "kernel BUG at",
    "Oops:",
    "RIP:",
    "Call Trace:",
    "Kernel panic",
    "general protection fault",
    "Unable to handle kernel",
    // A Rust panic: the kernel crate prints `rust_kernel: panicked at FILE:LINE:COL:`.
    "panicked at",
    // Sanitizers and checkers.
    "UBSAN:",
    "KASAN:",
    "refcount_t:",
    "ref_tracker:",
    "list_add corruption",
    "list_del corruption",
    // Lockdep.
    "INFO: possible",
    "INFO: inconsistent",
    "INFO: trying to register non-static key",
    "possible circular locking",
    "possible recursive locking",
    "inconsistent lock state",
    // Stalls and lockups: hung tasks, RCU stalls (`rcu: INFO: rcu_sched detected stalls
    // on CPUs/tasks:`, `rcu: INFO: rcu_preempt self-detected stall on CPU`), watchdogs.
    "INFO: task",
    "INFO: rcu",
    "detected stalls",
    "self-detected stall",
    "hard LOCKUP",
    // Leaks (with kmemleak's verbose mode the objects appear on the console too).
    "kmemleak: ",
    "unreferenced object",
    // The console lost messages: whatever they said is unknown.
    "printk messages dropped",
];

/// kmemleak lines that are not reports: its start-up and its scanning thread.
const BENIGN: &[&str] = &[
    "kmemleak: Kernel memory leak detector initialized",
    "kmemleak: Automatic memory scanning thread started",
    "kmemleak: Automatic memory scanning thread ended",
];

/// Prefixes of log lines that this project writes itself and that may hold text a user
/// chose, so they are never taken for a report: the module's own log (`pr_info!` puts
/// the module's name first; the request log can show what a user sent), the status
/// lines of `vm-test/init` and the markers of the in-VM tests.
pub const OWN_LOG_PREFIXES: &[&str] = &["genltest: ", "GENLTEST: ", "genltest-vm-tests: "];

/// The in-VM tests write these markers into the kernel log around each kmemleak scan
/// they ask for (`vm-test/guest/src/lifecycle.rs`). The scan prints `kmemleak: N new
/// suspected memory leaks` itself; between the markers that line, and the objects
/// kmemleak's verbose mode lists, belong to the scan: before the tests it clears the
/// suspects of boot time, at the end the test `kmemleak_reports_nothing` reads and
/// reports them. Anything else between the markers is judged as usual.
pub const KMEMLEAK_SCAN_BEGIN: &str = "genltest-vm-tests: kmemleak scan begins";
/// See [`KMEMLEAK_SCAN_BEGIN`].
pub const KMEMLEAK_SCAN_END: &str = "genltest-vm-tests: kmemleak scan ends";

/// Lines of a report printed less than this many seconds apart are one report.
pub const REPORT_GAP_SECS: f64 = 2.0;

/// Whether a record's text holds a splat pattern and is not one of the exceptions.
fn is_splat(text: &str) -> bool {
    let text = text.trim_start();
    if OWN_LOG_PREFIXES.iter().any(|p| text.starts_with(p)) {
        return false;
    }
    if BENIGN.iter().any(|b| text.starts_with(b)) {
        return false;
    }
    SPLAT_PATTERNS.iter().any(|p| text.contains(p))
}

/// Whether a kmemleak line is the output of a scan: the count, or an object listed by
/// kmemleak's verbose mode.
fn is_kmemleak_scan_output(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with("unreferenced object")
        || text.strip_prefix("kmemleak: ").is_some_and(|rest| {
            rest.contains("new suspected memory leaks")
                || rest.starts_with("unreferenced object")
                || rest.starts_with(' ')
                || rest.contains("more object(s) with the same backtrace")
        })
}

/// One report of the kernel: a warning, an oops, a sanitizer's or a checker's report,
/// with the lines printed with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splat {
    /// The first line that matched a pattern.
    pub headline: String,
    /// Every line of the report, the headline first.
    pub lines: Vec<String>,
}

/// Finds the kernel's reports on the console, one per report and not one per line: a
/// report starts at a record that matches [`SPLAT_PATTERNS`] and takes in every record
/// printed less than [`REPORT_GAP_SECS`] after the one before it. So one WARN with its
/// `RIP:`, its `Call Trace:` and the panic `panic_on_warn` makes of it is one report.
pub fn find_splats(console: &str) -> Vec<Splat> {
    let mut splats: Vec<Splat> = Vec::new();
    let mut open = false;
    let mut last: Option<f64> = None;
    let mut in_scan = false;
    for rec in records(console) {
        let text = rec.text.trim_start();
        if text.starts_with(KMEMLEAK_SCAN_BEGIN) {
            in_scan = true;
            continue;
        }
        if text.starts_with(KMEMLEAK_SCAN_END) {
            in_scan = false;
            continue;
        }
        let time = rec.time.or(last);
        if open {
            if let (Some(t), Some(l)) = (time, last) {
                // A later burst, or a clock that went back (another boot).
                if !(0.0..REPORT_GAP_SECS).contains(&(t - l)) {
                    open = false;
                }
            }
        }
        if open {
            if let Some(s) = splats.last_mut() {
                s.lines.push(text.to_owned());
            }
            last = time;
            continue;
        }
        if is_splat(text) && !(in_scan && is_kmemleak_scan_output(text)) {
            splats.push(Splat {
                headline: text.to_owned(),
                lines: vec![text.to_owned()],
            });
            open = true;
            last = time;
        }
    }
    splats
}

/// One parsed KTAP result line.
struct ResultLine {
    /// Its indentation: a KUnit case is indented under its suite.
    indent: usize,
    outcome: Outcome,
    name: String,
    /// The text after `# SKIP`.
    skip_reason: Option<String>,
}

fn parse_result_line(line: &str) -> Option<ResultLine> {
    let indent = line.len() - line.trim_start().len();
    let body = line.trim_start();
    let (ok, rest) = if let Some(rest) = body.strip_prefix("not ok ") {
        (false, rest)
    } else if let Some(rest) = body.strip_prefix("ok ") {
        (true, rest)
    } else {
        return None;
    };
    let (number, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let _: usize = number.parse().ok()?;
    let (name, directive) = match rest.split_once(" # ") {
        Some((name, directive)) => (name, directive.trim()),
        None => (rest, ""),
    };
    let name = name.trim_start_matches("- ").trim().to_owned();
    let skip = directive
        .get(..4)
        .is_some_and(|d| d.eq_ignore_ascii_case("SKIP"));
    let (outcome, skip_reason) = if skip {
        (Outcome::Skip, Some(directive[4..].trim().to_owned()))
    } else if ok {
        (Outcome::Pass, None)
    } else {
        (Outcome::Fail, None)
    };
    Some(ResultLine {
        indent,
        outcome,
        name,
        skip_reason,
    })
}

/// Parses the flat KTAP that the in-VM test binary prints: a `1..N` plan and one
/// result per test; a test this kernel cannot run is `ok N name # SKIP reason`.
/// Results missing from the plan, and an empty plan (no test matched the filter),
/// become problems.
pub fn parse_vm_ktap(output: &str, report: &mut Report) {
    let mut plan: Option<usize> = None;
    let mut seen = 0;
    for line in output.lines() {
        let line = line.trim_end();
        if let Some(n) = line.strip_prefix("1..") {
            plan = n.trim().parse().ok();
            continue;
        }
        if let Some(r) = parse_result_line(line).filter(|r| r.indent == 0) {
            seen += 1;
            report.results.push(TestResult {
                source: "vm".into(),
                name: r.name,
                outcome: r.outcome,
                skip_reason: r.skip_reason,
            });
        }
    }
    report.vm_plan = plan;
    report.vm_reported = seen;
    match plan {
        None => report
            .problems
            .push("the in-VM tests printed no KTAP plan".into()),
        Some(0) => report
            .problems
            .push("no test matched the filter: the in-VM plan is empty".into()),
        Some(n) if n != seen => report.problems.push(format!(
            "the in-VM tests planned {n} tests but reported {seen} (did the binary crash?)"
        )),
        Some(_) => {}
    }
}

/// Parses KUnit's KTAP from the kernel console. The module's suites run at every
/// `insmod`: each distinct `suite.case` is one result, which fails if the case failed
/// in any run and passes if it passed in every run that did not skip it. Returns the
/// names of the suites seen.
pub fn parse_kunit(console: &str, report: &mut Report) -> Vec<String> {
    let mut suites = Vec::new();
    let mut suite: Option<(String, usize)> = None; // name, indent of its cases
    let mut case_failed = false;
    let mut cases: Vec<TestResult> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for raw in console.lines() {
        let line = strip_timestamp(raw.trim_end());
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if let Some(name) = body.strip_prefix("# Subtest: ") {
            suite = Some((name.trim().to_owned(), indent));
            case_failed = false;
            continue;
        }
        let Some(r) = parse_result_line(line) else {
            continue;
        };
        match &suite {
            Some((suite_name, case_indent)) if r.indent == *case_indent => {
                case_failed |= r.outcome == Outcome::Fail;
                let source = format!("kunit/{suite_name}");
                match cases
                    .iter_mut()
                    .find(|c| c.source == source && c.name == r.name)
                {
                    Some(seen) => {
                        if r.outcome == Outcome::Fail || seen.outcome == Outcome::Skip {
                            seen.outcome = r.outcome;
                            seen.skip_reason = r.skip_reason;
                        }
                    }
                    None => cases.push(TestResult {
                        source,
                        name: r.name,
                        outcome: r.outcome,
                        skip_reason: r.skip_reason,
                    }),
                }
            }
            Some((suite_name, case_indent)) if r.indent < *case_indent => {
                // The suite's own line closes it.
                if r.outcome == Outcome::Fail && !case_failed {
                    let problem = format!("KUnit suite {suite_name} failed");
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
                suites.push(suite_name.clone());
                suite = None;
            }
            _ => {}
        }
    }
    if let Some((name, _)) = suite {
        problems.push(format!("KUnit suite {name} never finished"));
    }
    report.results.extend(cases);
    report.problems.extend(problems);
    suites
}

/// Judges a whole run: KUnit suites on the console (at least `min_kunit_suites`
/// distinct `genltest_*` suites), the in-VM KTAP, splats, and the module's load status.
pub fn judge(console: &str, output: &str, min_kunit_suites: usize) -> Report {
    let mut report = Report::default();
    let suites = parse_kunit(console, &mut report);
    let mut ours: Vec<&String> = suites
        .iter()
        .filter(|s| s.starts_with("genltest_"))
        .collect();
    ours.sort();
    ours.dedup();
    if ours.len() < min_kunit_suites {
        report.problems.push(format!(
            "expected at least {min_kunit_suites} genltest KUnit suites, saw {}",
            ours.len()
        ));
    }
    parse_vm_ktap(output, &mut report);
    for line in console.lines().map(strip_timestamp) {
        if let Some(status) = line.strip_prefix("GENLTEST: insmod genltest.ko: status ") {
            if status.trim() != "0" {
                report.problems.push(format!(
                    "insmod genltest.ko failed (status {})",
                    status.trim()
                ));
            }
        }
        if let Some(why) = line.strip_prefix("GENLTEST: host share failed: ") {
            report
                .problems
                .push(format!("the VM could not use a host share: {}", why.trim()));
        }
    }
    let splats = find_splats(console);
    for splat in &splats {
        report
            .problems
            .push(format!("kernel splat: {}", splat.headline));
    }
    report.robustness = robustness_figures(output);
    report
        .robustness
        .insert("splats".into(), splats.len() as u64);
    if let Some(&leaks) = report.robustness.get("kmemleak-reports") {
        // The test that scanned reports its leaks as its own failure; this catches a
        // figure no failing test accounts for.
        let reported_by_a_test = report
            .results
            .iter()
            .any(|r| r.name.starts_with("kmemleak_") && r.outcome == Outcome::Fail);
        if leaks > 0 && !reported_by_a_test {
            report
                .problems
                .push(format!("kmemleak reported {leaks} unreferenced objects"));
        }
    }
    report
}

/// What `scripts/vm-run` said about the VM, added to the verdict: 0 is the only status
/// of a run whose tests all passed. 124 (timed out) and 125 (the guest ended without
/// an exit status: it crashed, or the VM never started) are failures whatever the KTAP
/// says; any other status must come with a failure the KTAP shows.
pub fn vm_status(report: &mut Report, status: i32) {
    let incomplete = |p: &String| {
        p.starts_with("the in-VM tests planned") || p.starts_with("the in-VM tests printed no")
    };
    let progress = match report.vm_plan {
        Some(n) => format!("{} of {n} planned tests reported", report.vm_reported),
        None => "no KTAP plan".to_owned(),
    };
    match status {
        0 => {}
        124 | 125 => {
            // The status explains an incomplete plan: one failure, not two.
            report.problems.retain(|p| !incomplete(p));
            let what = if status == 124 {
                "the VM did not finish in time"
            } else {
                "the VM ended without an exit status (a crash, a panic, or it never started)"
            };
            report
                .problems
                .push(format!("{what}: status {status}, {progress}"));
        }
        _ if report.failed() == 0 => report.problems.push(format!(
            "the in-VM tests exited with status {status} but reported no failure ({progress})"
        )),
        _ => {}
    }
}

/// What `scripts/vm-exec` exits with: 125 when the console holds a kernel report,
/// whatever the command's status, and the command's status otherwise.
pub fn exec_status(console: &str, status: i32) -> (i32, Vec<Splat>) {
    let splats = find_splats(console);
    if splats.is_empty() {
        (status, splats)
    } else {
        (125, splats)
    }
}

/// The prefix of the lines in which the in-VM tests report a robustness figure:
/// `# robustness: KEY N`.
pub const ROBUSTNESS_PREFIX: &str = "# robustness: ";

/// Sums the robustness figures the in-VM tests printed, by key.
pub fn robustness_figures(output: &str) -> BTreeMap<String, u64> {
    let mut figures = BTreeMap::new();
    for line in output.lines() {
        let Some(rest) = line.trim_end().strip_prefix(ROBUSTNESS_PREFIX) else {
            continue;
        };
        if let Some((key, n)) = rest.split_once(' ') {
            if let Ok(n) = n.trim().parse::<u64>() {
                *figures.entry(key.to_owned()).or_default() += n;
            }
        }
    }
    figures
}

/// Checks requirements of the form `KEY>=N` against the robustness figures and records
/// each one that is not met (or not reported at all) as a problem.
pub fn require(report: &mut Report, requirements: &[String]) -> Result<(), String> {
    for req in requirements {
        let (key, min) = req
            .split_once(">=")
            .ok_or_else(|| format!("requirement {req:?} is not KEY>=N"))?;
        let min: u64 = min
            .parse()
            .map_err(|_| format!("requirement {req:?}: not a number"))?;
        match report.robustness.get(key) {
            Some(&have) if have >= min => {}
            Some(&have) => report.problems.push(format!(
                "robustness: {key} is {have}, below the required {min}"
            )),
            None => report.problems.push(format!(
                "robustness: {key} was not reported (required: {min})"
            )),
        }
    }
    Ok(())
}

/// The robustness figures as one line, in a fixed order, for the summary.
pub fn robustness_summary(figures: &BTreeMap<String, u64>) -> String {
    const ORDER: &[(&str, &str)] = &[
        ("malformed-cases", "malformed-input cases"),
        ("fuzz-messages", "fuzz inputs"),
        ("fuzz-seconds", "s of fuzzing"),
        ("load-cycles", "load/unload cycles"),
        ("fail-nth-points", "injected allocation failures"),
        ("splats", "splats"),
        ("kmemleak-reports", "kmemleak reports"),
    ];
    let mut parts = Vec::new();
    for (key, words) in ORDER {
        match figures.get(*key) {
            Some(n) => parts.push(format!("{n} {words}")),
            None if *key == "kmemleak-reports" => parts.push("no kmemleak scan".into()),
            None => {}
        }
    }
    parts.join(", ")
}
