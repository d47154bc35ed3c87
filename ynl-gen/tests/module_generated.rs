//! The module's generated file, `module/gen/genltest.rs`, is what ynl-gen makes of
//! `genltest.yaml` today: it is regenerated in memory and compared. `make regen`
//! (`UPDATE_GENERATED=1`) rewrites it.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn module_gen_genltest_rs_is_up_to_date() {
    let spec = root().join("genltest.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let family = ynl_gen::load("genltest.yaml", &text, None).unwrap_or_else(|e| panic!("{e}"));
    let want = ynl_gen::kernel::generate(
        &family,
        "genltest.yaml",
        &ynl_gen::kernel::Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let path = root().join("module/gen/genltest.rs");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        let line = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the end".to_owned(), |i| format!("line {}", i + 1));
        panic!(
            "module/gen/genltest.rs is out of date with genltest.yaml at {line}; run `make regen`"
        );
    }
    // All unsafe code stays in module/kext/.
    assert!(
        !want.contains("unsafe"),
        "the generated kernel code has no unsafe"
    );
}
