//! `ynl-gen`: generates the Rust of both sides of a Generic Netlink family from its spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use ynl_gen::{kernel, load, spec_failure, user, Failure};

const EXIT_CODES: &str = "\
With neither --user nor --kernel, ynl-gen only checks the spec.
Every generated file starts with \"// generated from <spec file name> by ynl-gen, do not
edit; run `make regen`\".

Exit codes:
  0  success (with --check: every output is up to date)
  1  --check: an output is missing or differs from what the spec gives
  2  bad command line
  3  the spec is not YAML, lacks its SPDX line or breaks its schema
     (file:line:column: JSON path: problem)
  4  the spec follows the schema but contradicts itself (an unknown attribute, set,
     group or constant; a repeated name or number; min above max)
  5  the spec uses something ynl-gen cannot generate
  6  a file could not be read or written
  7  the schema file is not usable (not YAML, or a keyword the validator lacks)";

/// Generates Rust for the kernel module and the user crate from a YNL Generic Netlink
/// spec, validated against the kernel's schema.
#[derive(Parser, Debug)]
#[command(name = "ynl-gen", version, after_help = EXIT_CODES)]
struct Cli {
    /// The spec (YAML, in the kernel's genetlink, genetlink-c or genetlink-legacy format).
    spec: PathBuf,

    /// Write the user-side Rust (names, tables, typed requests and replies) to FILE.
    #[arg(long, value_name = "FILE")]
    user: Option<PathBuf>,

    /// Write the kernel-side Rust (constants, enums, policies, op table, handler trait) to
    /// FILE.
    #[arg(long, value_name = "FILE")]
    kernel: Option<PathBuf>,

    /// Compare the outputs with what the spec gives instead of writing them.
    #[arg(long)]
    check: bool,

    /// Validate against DIR/<protocol>.yaml (such as the kernel's Documentation/netlink)
    /// instead of the copies of Linux 7.3's schemas built into ynl-gen.
    #[arg(long, value_name = "DIR")]
    schema_dir: Option<PathBuf>,

    /// The module path of wire.rs in the user-side code.
    #[arg(long, value_name = "PATH", default_value = "crate::wire")]
    wire_path: String,

    /// The module path of ynl-gen's support module (user/src/ynl.rs) in the user-side code.
    #[arg(long, value_name = "PATH", default_value = "crate::ynl")]
    ynl_path: String,

    /// The module path of the kernel API the kernel-side code is written against.
    #[arg(long, value_name = "PATH", default_value = kernel::DEFAULT_API)]
    kernel_api: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("ynl-gen: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}

fn run(cli: &Cli) -> Result<(), Failure> {
    let name = cli
        .spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| cli.spec.display().to_string());
    let text = std::fs::read_to_string(&cli.spec)
        .map_err(|e| Failure::Io(format!("{}: {e}", cli.spec.display())))?;
    let family = load(&name, &text, cli.schema_dir.as_deref())?;
    let mut outputs = Vec::new();
    if let Some(path) = &cli.user {
        let opts = user::Options {
            wire: cli.wire_path.clone(),
            ynl: cli.ynl_path.clone(),
        };
        let code = user::generate(&family, &name, &opts).map_err(|e| spec_failure(&name, e))?;
        outputs.push((path, code));
    }
    if let Some(path) = &cli.kernel {
        let opts = kernel::Options {
            api: cli.kernel_api.clone(),
        };
        let code = kernel::generate(&family, &name, &opts).map_err(|e| spec_failure(&name, e))?;
        outputs.push((path, code));
    }
    for (path, code) in outputs {
        if cli.check {
            check(path, &code)?;
        } else {
            write(path, &code)?;
        }
    }
    Ok(())
}

/// Fails unless `path` holds exactly `code`.
fn check(path: &Path, code: &str) -> Result<(), Failure> {
    match std::fs::read_to_string(path) {
        Ok(existing) if existing == code => Ok(()),
        Ok(existing) => {
            let line = existing
                .lines()
                .zip(code.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| existing.lines().count().min(code.lines().count()))
                + 1;
            Err(Failure::OutOfDate(format!(
                "{} is out of date (first difference at line {line}); run `make regen`",
                path.display()
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Failure::OutOfDate(format!(
            "{} does not exist; run `make regen`",
            path.display()
        ))),
        Err(e) => Err(Failure::Io(format!("{}: {e}", path.display()))),
    }
}

/// Writes `code` to `path` unless it is there already (so timestamps only move on change).
fn write(path: &Path, code: &str) -> Result<(), Failure> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == code) {
        return Ok(());
    }
    std::fs::write(path, code).map_err(|e| Failure::Io(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
