//! The generated files in `user/src/gen/` are what ynl-gen makes of their specs today:
//! each is regenerated in memory and compared. `make regen` (`UPDATE_GENERATED=1`)
//! rewrites them.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The specs and the files generated from them, relative to the repository's root.
const GENERATED: [(&str, &str); 2] = [
    ("genltest.yaml", "user/src/gen/genltest.rs"),
    ("ynl-gen/tests/specs/nlctrl.yaml", "user/src/gen/nlctrl.rs"),
];

/// What ynl-gen generates for the user side from `spec`.
fn generate(spec: &str) -> String {
    let path = root().join(spec);
    let text = std::fs::read_to_string(&path).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let family = ynl_gen::load(name, &text, None).unwrap_or_else(|e| panic!("{e}"));
    ynl_gen::user::generate(&family, name, &ynl_gen::user::Options::default())
        .unwrap_or_else(|e| panic!("{spec}: {e}"))
}

/// Where `have` first differs from `want`, if it does.
fn difference(have: &str, want: &str) -> Option<String> {
    if have == want {
        return None;
    }
    Some(
        have.lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the end".to_owned(), |i| format!("line {}", i + 1)),
    )
}

#[test]
fn generated_files_are_up_to_date() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (spec, file) in GENERATED {
        let want = generate(spec);
        let path = root().join(file);
        if update {
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if let Some(line) = difference(&have, &want) {
            stale.push(format!("{file} (first difference at {line})"));
        }
    }
    assert!(
        stale.is_empty(),
        "out of date with their specs: {}; run `make regen`",
        stale.join(", ")
    );
}

#[test]
fn generated_files_say_where_they_come_from() {
    for (spec, file) in GENERATED {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let spec_name = spec.rsplit('/').next().unwrap();
        assert_eq!(
            text.lines().next(),
            Some(
                format!("// generated from {spec_name} by ynl-gen, do not edit; run `make regen`")
                    .as_str()
            ),
            "{file}"
        );
    }
}

/// The comparison notices a one-character change and names its line.
#[test]
fn a_stale_generated_file_is_noticed() {
    let want = generate("genltest.yaml");
    let at = want
        .lines()
        .position(|l| l == "pub const FAMILY_VERSION: u8 = 1;")
        .unwrap();
    let stale = want.replacen("FAMILY_VERSION: u8 = 1;", "FAMILY_VERSION: u8 = 2;", 1);
    assert_eq!(difference(&stale, &want), Some(format!("line {}", at + 1)));
    assert_eq!(difference(&want, &want), None);
    assert_eq!(
        difference(&want[..want.len() - 1], &want),
        Some("the end".to_owned())
    );
}
