//! The modules of `user/src` form layers: no module depends, directly or through
//! others, on itself. A module depends on another when its code (comments aside) names
//! `crate::<module>`; `crate::{a, b}` names both.
//!
//! The layers, lowest first: `wire`, `sys`, `protocols`, `alloc_count`; `ynl`; the
//! generated `gen::*`; `error`; `socket`; `conn`, `trace`; the clients (`ctrl`,
//! `family`, `classic`), `decode`, `raw`, `ping`; `bench`. The annotator (`trace`) and
//! the clients share the generated names, and the socket knows neither: it hands
//! datagrams to an observer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The module name of a source file: `trace`, `gen::nlctrl` (`gen/mod.rs` is `gen`).
fn module_name(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.join("::")
}

/// The `.rs` files under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments (`//` to the end of a line, outside string
/// literals; `/* */` is not used in this crate).
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut in_string = false;
        let mut prev = ' ';
        let mut cut = line.len();
        for (i, c) in line.char_indices() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            }
            if !in_string && c == '/' && prev == '/' {
                cut = i - 1;
                break;
            }
            prev = c;
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The modules `code` names as `crate::...`, resolved against `modules` (a path into
/// `gen` names the generated file). Anything else after `crate::` is an error: code
/// must name a module, not an item the crate root re-exports.
fn dependencies(code: &str, modules: &BTreeSet<String>) -> Result<BTreeSet<String>, String> {
    let mut deps = BTreeSet::new();
    let mut resolve = |path: &str| -> Result<(), String> {
        let first = ident(path);
        let name = if first == "gen" && path[first.len()..].starts_with("::") {
            let rest = &path[first.len() + 2..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    let item = ident(item.trim());
                    if !item.is_empty() {
                        deps.insert(format!("gen::{item}"));
                    }
                }
                return Ok(());
            }
            format!("gen::{}", ident(rest))
        } else {
            first.to_owned()
        };
        if modules.contains(&name) || name == "gen" {
            deps.insert(name);
            Ok(())
        } else {
            Err(format!("`crate::{name}` does not name a module"))
        }
    };
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue; // Such as `genltest_crate::`.
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c, gen::{x, y}};`: the first segment of each item.
            let mut depth = 1;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => item_start = true,
                    c if item_start && depth == 1 && !c.is_whitespace() => {
                        item_start = false;
                        resolve(&group[i..])?;
                    }
                    _ => {}
                }
            }
        } else {
            resolve(rest)?;
        }
    }
    Ok(deps)
}

/// The module graph of the crate whose sources are in `src` (without the binary's
/// `main.rs`, which is a user of the library, and the crate root `lib.rs`).
fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    sources(src, &mut files);
    files.retain(|f| !f.ends_with("main.rs") && !f.ends_with("lib.rs"));
    let modules: BTreeSet<String> = files.iter().map(|f| module_name(src, f)).collect();
    let mut g = Graph::new();
    for f in &files {
        let name = module_name(src, f);
        let text = std::fs::read_to_string(f).unwrap();
        let mut deps =
            dependencies(&code(&text), &modules).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        deps.remove(&name);
        g.insert(name, deps);
    }
    g
}

/// A cycle of `g`, as the modules along it (the first repeated at the end), if any.
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    fn visit(
        g: &Graph,
        node: &str,
        state: &mut BTreeMap<String, State>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), State::Open);
        path.push(node.to_owned());
        for next in g.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(State::New) {
                State::Open => {
                    let from = path.iter().position(|p| p == next).unwrap();
                    let mut cycle = path[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                State::New => {
                    if let Some(c) = visit(g, next, state, path) {
                        return Some(c);
                    }
                }
                State::Done => {}
            }
        }
        path.pop();
        state.insert(node.to_owned(), State::Done);
        None
    }
    let mut state = BTreeMap::new();
    for node in g.keys() {
        if state.get(node).copied().unwrap_or(State::New) == State::New {
            if let Some(c) = visit(g, node, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

fn user_src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn user_src_modules_have_no_import_cycle() {
    let g = graph(&user_src());
    assert!(g.len() > 15, "found only {:?}", g.keys());
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle in user/src: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_socket_and_the_annotator_are_layered() {
    let g = graph(&user_src());
    let deps = |m: &str| g[m].iter().cloned().collect::<Vec<_>>();
    assert_eq!(deps("socket"), ["error", "sys"]);
    assert_eq!(deps("error"), ["wire"]);
    // The annotator names messages with the generated tables, not with the clients.
    assert_eq!(
        deps("trace"),
        [
            "error",
            "gen::genltest",
            "gen::nlctrl",
            "protocols",
            "wire",
            "ynl"
        ]
    );
    for client in ["family", "ctrl"] {
        assert!(!deps(client).contains(&"trace".to_owned()), "{client}");
    }
    assert_eq!(deps("gen::genltest"), ["wire", "ynl"]);
    assert_eq!(deps("gen::nlctrl"), ["wire", "ynl"]);
}

#[test]
fn the_checker_finds_a_cycle_of_the_old_layout() {
    // The layout before the generated code: socket called the annotator, which named
    // messages with the clients' tables, which used conn, which used socket.
    let edges = [
        ("socket", "trace"),
        ("trace", "ctrl"),
        ("ctrl", "conn"),
        ("conn", "socket"),
        ("error", "wire"),
    ];
    let mut g = Graph::new();
    for (from, to) in edges {
        g.entry(from.into()).or_default().insert(to.into());
        g.entry(to.into()).or_default();
    }
    let cycle = find_cycle(&g).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 5, "{cycle:?}");
    g.get_mut("socket").unwrap().remove("trace");
    assert_eq!(find_cycle(&g), None);
}

#[test]
fn the_parser_reads_use_groups_and_paths_and_skips_comments() {
    let modules: BTreeSet<String> = ["wire", "error", "socket", "gen::nlctrl", "gen::genltest"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let text = "use crate::{error::Error, wire};\n\
                use crate::gen::{genltest, nlctrl};\n\
                // use crate::socket;\n\
                let s = \"// not a comment\"; crate::socket::open(); // crate::nothing\n";
    let deps = dependencies(&code(text), &modules).unwrap();
    let want: BTreeSet<String> = ["error", "wire", "gen::genltest", "gen::nlctrl", "socket"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(deps, want);
    assert!(dependencies("crate::errno_name(1)", &modules).is_err());
}
