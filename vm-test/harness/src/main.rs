//! `vm-harness`: judges a test VM run.
//!
//! ```text
//! vm-harness check CONSOLE OUTPUT [MIN_KUNIT_SUITES [KEY>=N...]]
//!                                                      print every result, exit 1 on failure;
//!                                                      KEY>=N requires a robustness figure
//! vm-harness splats CONSOLE                            print splats, exit 1 if any
//! ```
//! `check` prints `vm-harness: robustness: ...`, then ends with a machine-readable line
//! `vm-harness: P passed, F failed, S skipped`.

use std::process::ExitCode;
use vm_harness::{find_splats, judge, require, robustness_summary, Outcome};

fn read(path: &str) -> Result<String, String> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| format!("cannot read {path}: {e}"))
}

fn run(args: &[String]) -> Result<bool, String> {
    match args {
        [cmd, console, output, rest @ ..] if cmd == "check" => {
            let (min, requirements) = match rest {
                [] => (0, &[][..]),
                [n, reqs @ ..] => (
                    n.parse().map_err(|_| format!("not a number: {n}"))?,
                    reqs,
                ),
            };
            let mut report = judge(&read(console)?, &read(output)?, min);
            require(&mut report, requirements)?;
            for r in &report.results {
                let word = match r.outcome {
                    Outcome::Pass => "ok     ",
                    Outcome::Fail => "FAILED ",
                    Outcome::Skip => "skipped",
                };
                println!("  {word} {}: {}", r.source, r.name);
            }
            for p in &report.problems {
                println!("  FAILED  {p}");
            }
            println!(
                "vm-harness: robustness: {}",
                robustness_summary(&report.robustness)
            );
            println!(
                "vm-harness: {} passed, {} failed, {} skipped",
                report.passed(),
                report.failed(),
                report.skipped()
            );
            Ok(report.failed() == 0)
        }
        [cmd, console] if cmd == "splats" => {
            let splats = find_splats(&read(console)?);
            for s in &splats {
                println!("kernel splat: {s}");
            }
            Ok(splats.is_empty())
        }
        _ => {
            Err("usage: vm-harness check CONSOLE OUTPUT [MIN_KUNIT_SUITES [KEY>=N...]] | splats CONSOLE".into())
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("vm-harness: {e}");
            ExitCode::from(2)
        }
    }
}
