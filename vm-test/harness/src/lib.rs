//! Judges a test VM run from what it printed.
//!
//! The VM has two serial ports: the kernel's console (ttyS0), where KUnit prints its
//! KTAP and where any warning, oops or sanitizer report appears, and the test output
//! (ttyS1), where the in-VM test binary prints KTAP. A run passes only when every test
//! on both passed, the plan was complete, the module loaded, and the console holds no
//! splat.

use std::collections::BTreeMap;

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

/// Line starts that mean the kernel warned, crashed, or a sanitizer found a bug.
///
/// Matched at the start of a console line (after the timestamp, and after leading
/// spaces), so a message that merely contains these words, such as an echoed text in
/// the module's log, is not mistaken for one.
pub const SPLAT_PREFIXES: &[&str] = &[
    "BUG:",
    "WARNING:",
    "Oops",
    "RIP:",
    "Call Trace:",
    "Kernel panic",
    "kernel BUG at",
    "general protection fault",
    "Unable to handle kernel",
    "UBSAN:",
    "KASAN:",
    "unreferenced object",
    "INFO: task",
    "INFO: rcu",
    "INFO: possible",
    "INFO: inconsistent",
    "INFO: trying to register non-static key",
    "possible circular locking",
    "possible recursive locking",
    "inconsistent lock state",
    "kmemleak: ",
    "watchdog: BUG",
    "list_add corruption",
    "list_del corruption",
];

/// Returns each console line that starts a splat.
pub fn find_splats(console: &str) -> Vec<String> {
    console
        .lines()
        .map(|line| strip_timestamp(line).trim_start())
        .filter(|line| {
            SPLAT_PREFIXES.iter().any(|p| line.starts_with(p))
                // kmemleak's own start-up line is not a report.
                && !line.starts_with("kmemleak: Kernel memory leak detector initialized")
                && !line.starts_with("kmemleak: Automatic memory scanning thread started")
        })
        .map(str::to_owned)
        .collect()
}

/// One parsed KTAP result line: indentation, outcome, number, name.
fn parse_result_line(line: &str) -> Option<(usize, Outcome, usize, String)> {
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
    let number: usize = number.parse().ok()?;
    let (name, directive) = match rest.split_once(" # ") {
        Some((name, directive)) => (name, directive),
        None => (rest, ""),
    };
    let name = name.trim_start_matches("- ").trim().to_owned();
    let outcome = if directive
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("SKIP")
    {
        Outcome::Skip
    } else if ok {
        Outcome::Pass
    } else {
        Outcome::Fail
    };
    Some((indent, outcome, number, name))
}

/// Parses the flat KTAP that the in-VM test binary prints: a `1..N` plan and one
/// result per test. Results missing from the plan become problems.
pub fn parse_vm_ktap(output: &str, report: &mut Report) {
    let mut plan: Option<usize> = None;
    let mut seen = 0;
    for line in output.lines() {
        let line = line.trim_end();
        if let Some(n) = line.strip_prefix("1..") {
            plan = n.trim().parse().ok();
            continue;
        }
        if let Some((0, outcome, _, name)) = parse_result_line(line) {
            seen += 1;
            report.results.push(TestResult {
                source: "vm".into(),
                name,
                outcome,
            });
        }
    }
    match plan {
        None => report
            .problems
            .push("the in-VM tests printed no KTAP plan".into()),
        Some(n) if n != seen => report.problems.push(format!(
            "the in-VM tests planned {n} tests but reported {seen} (did the binary crash?)"
        )),
        Some(_) => {}
    }
}

/// Parses KUnit's KTAP from the kernel console: each case of each suite is a result.
/// Returns the names of the suites seen.
pub fn parse_kunit(console: &str, report: &mut Report) -> Vec<String> {
    let mut suites = Vec::new();
    let mut suite: Option<(String, usize)> = None; // name, indent of its cases
    let mut case_failed = false;
    for raw in console.lines() {
        let line = strip_timestamp(raw.trim_end());
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if let Some(name) = body.strip_prefix("# Subtest: ") {
            suite = Some((name.trim().to_owned(), indent));
            case_failed = false;
            continue;
        }
        let Some((res_indent, outcome, _, name)) = parse_result_line(line) else {
            continue;
        };
        match &suite {
            Some((suite_name, case_indent)) if res_indent == *case_indent => {
                case_failed |= outcome == Outcome::Fail;
                report.results.push(TestResult {
                    source: format!("kunit/{suite_name}"),
                    name,
                    outcome,
                });
            }
            Some((suite_name, case_indent)) if res_indent < *case_indent => {
                // The suite's own line closes it.
                if outcome == Outcome::Fail && !case_failed {
                    report
                        .problems
                        .push(format!("KUnit suite {suite_name} failed"));
                }
                suites.push(suite_name.clone());
                suite = None;
            }
            _ => {}
        }
    }
    if let Some((name, _)) = suite {
        report
            .problems
            .push(format!("KUnit suite {name} never finished"));
    }
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
    }
    let splats = find_splats(console);
    for splat in &splats {
        report.problems.push(format!("kernel splat: {splat}"));
    }
    report.robustness = robustness_figures(output);
    report
        .robustness
        .insert("splats".into(), splats.len() as u64);
    if let Some(&leaks) = report.robustness.get("kmemleak-reports") {
        if leaks > 0 {
            report
                .problems
                .push(format!("kmemleak reported {leaks} unreferenced objects"));
        }
    }
    report
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
