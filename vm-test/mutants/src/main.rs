//! `mutants`: reads `mutants.txt` and applies one mutant to a copy of the module.
//!
//! ```text
//! mutants list LIST              one line per mutant: NAME, a tab, its test filters
//! mutants why LIST NAME          the bug, in words
//! mutants apply LIST NAME ROOT   applies mutant NAME to ROOT/<its file>, in place
//! ```
//! `scripts/mutants` builds and tests each mutant. Exit status: 0, 1 on an error
//! (with one line on standard error), 2 on a usage error.

use std::process::ExitCode;

use mutants::{apply, parse, Error, Mutant};

fn load(list: &str) -> Result<Vec<Mutant>, Error> {
    let text =
        std::fs::read_to_string(list).map_err(|e| Error(format!("cannot read {list}: {e}")))?;
    parse(&text)
}

fn find<'a>(mutants: &'a [Mutant], name: &str) -> Result<&'a Mutant, Error> {
    mutants
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(|| Error(format!("no mutant named {name} (see: mutants list)")))
}

fn run(args: &[String]) -> Result<Option<()>, Error> {
    match args {
        [cmd, list] if cmd == "list" => {
            for m in load(list)? {
                println!("{}\t{}", m.name, m.tests.join(" "));
            }
        }
        [cmd, list, name] if cmd == "why" => println!("{}", find(&load(list)?, name)?.why),
        [cmd, list, name, root] if cmd == "apply" => {
            let mutants = load(list)?;
            let m = find(&mutants, name)?;
            let path = std::path::Path::new(root).join(&m.file);
            let source = std::fs::read_to_string(&path)
                .map_err(|e| Error(format!("cannot read {}: {e}", path.display())))?;
            std::fs::write(&path, apply(m, &source)?)
                .map_err(|e| Error(format!("cannot write {}: {e}", path.display())))?;
        }
        _ => return Ok(None),
    }
    Ok(Some(()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(Some(())) => ExitCode::SUCCESS,
        Ok(None) => {
            eprintln!("usage: mutants list LIST | why LIST NAME | apply LIST NAME ROOT");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("mutants: {e}");
            ExitCode::FAILURE
        }
    }
}
