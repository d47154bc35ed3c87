//! Every mutant of `mutants.txt` applies to today's module exactly once, so the list
//! cannot silently drift from the code it mutates.

use std::path::Path;

#[test]
fn every_mutant_applies_to_the_module_as_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let list = std::fs::read_to_string(root.join("vm-test/mutants/mutants.txt")).unwrap();
    let mutants = mutants::parse(&list).unwrap();
    assert!(mutants.len() >= 20, "only {} mutants", mutants.len());
    let mut errors = Vec::new();
    for m in &mutants {
        assert!(m.file.starts_with("module/"), "{}: {}", m.name, m.file);
        let source = std::fs::read_to_string(root.join(&m.file)).unwrap();
        if let Err(e) = mutants::apply(m, &source) {
            errors.push(e.to_string());
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
