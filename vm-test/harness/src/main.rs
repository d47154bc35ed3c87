//! `vm-harness`: judges a test VM run.
//!
//! ```text
//! vm-harness check [--vm-status N] CONSOLE OUTPUT [MIN_KUNIT_SUITES [KEY>=N...]]
//!                                print every result, exit 1 on failure; N is what
//!                                scripts/vm-run exited with; KEY>=N requires a
//!                                robustness figure
//! vm-harness splats CONSOLE      print the kernel's reports, exit 1 if any
//! vm-harness exec-status CONSOLE STATUS
//!                                print the kernel's reports, exit with what
//!                                scripts/vm-exec exits with: 125 if any, else STATUS
//! vm-harness bench-compare OUTPUT BEFORE AFTER [BASELINE]
//!                                the bench runs in OUTPUT (scripts/bench-compare's guest
//!                                output) as a table of each build's figures and the
//!                                ratios AFTER/BEFORE and AFTER/BASELINE; exit 1 if runs
//!                                are missing or broken
//! ```
//! `check` prints `vm-harness: robustness: ...`, then ends with a machine-readable line
//! `vm-harness: P passed, F failed, S skipped`.

use std::process::ExitCode;
use vm_harness::bench::{compare, parse_runs};
use vm_harness::{
    exec_status, find_splats, judge, require, robustness_summary, vm_status, Outcome, Splat,
};

const USAGE: &str = "usage: vm-harness check [--vm-status N] CONSOLE OUTPUT \
                     [MIN_KUNIT_SUITES [KEY>=N...]] | splats CONSOLE | exec-status CONSOLE STATUS \
                     | bench-compare OUTPUT BEFORE AFTER [BASELINE]";

fn read(path: &str) -> Result<String, String> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| format!("cannot read {path}: {e}"))
}

fn number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("not a number: {s}"))
}

/// Prints the first line of each report.
fn print_splats(splats: &[Splat]) {
    for s in splats {
        println!("kernel splat: {}", s.headline);
    }
}

fn check(args: &[String]) -> Result<u8, String> {
    let (status, args) = match args {
        [flag, n, rest @ ..] if flag == "--vm-status" => (Some(number::<i32>(n)?), rest),
        _ => (None, args),
    };
    let [console, output, rest @ ..] = args else {
        return Err(USAGE.into());
    };
    let (min, requirements) = match rest {
        [] => (0, &[][..]),
        [n, reqs @ ..] => (number(n)?, reqs),
    };
    let mut report = judge(&read(console)?, &read(output)?, min);
    require(&mut report, requirements)?;
    if let Some(status) = status {
        vm_status(&mut report, status);
    }
    for r in &report.results {
        let word = match r.outcome {
            Outcome::Pass => "ok     ",
            Outcome::Fail => "FAILED ",
            Outcome::Skip => "skipped",
        };
        match &r.skip_reason {
            Some(why) if !why.is_empty() => println!("  {word} {}: {} ({why})", r.source, r.name),
            _ => println!("  {word} {}: {}", r.source, r.name),
        }
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
    Ok(u8::from(report.failed() != 0))
}

fn run(args: &[String]) -> Result<u8, String> {
    match args {
        [cmd, rest @ ..] if cmd == "check" => check(rest),
        [cmd, console] if cmd == "splats" => {
            let splats = find_splats(&read(console)?);
            print_splats(&splats);
            Ok(u8::from(!splats.is_empty()))
        }
        [cmd, console, status] if cmd == "exec-status" => {
            let status: u8 = number(status)?;
            // A console that cannot be read cannot be shown to be clean.
            let console = read(console).inspect_err(|e| eprintln!("vm-harness: {e}"));
            let Ok(console) = console else {
                return Ok(125);
            };
            let (exit, splats) = exec_status(&console, i32::from(status));
            print_splats(&splats);
            Ok(u8::try_from(exit).unwrap_or(125))
        }
        [cmd, output, before, after, rest @ ..] if cmd == "bench-compare" && rest.len() <= 1 => {
            let table = parse_runs(&read(output)?)
                .and_then(|runs| compare(&runs, before, after, rest.first().map(String::as_str)));
            match table {
                Ok(c) => {
                    print!("{}", c.table());
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("vm-harness: bench-compare: {e}");
                    Ok(1)
                }
            }
        }
        _ => Err(USAGE.into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("vm-harness: {e}");
            ExitCode::from(2)
        }
    }
}
