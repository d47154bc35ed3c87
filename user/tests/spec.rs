//! `genltest.yaml` is the family's specification: it must be valid against the kernel's
//! YNL schema, and the numbers in the module and in this crate must match it.

use std::path::PathBuf;
use std::process::Command;

use genltest::family::{Attr, Cmd, MCGRP_NAME};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec as JSON, through the system's Python YAML parser.
fn spec() -> Value {
    let out = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(root().join("genltest.yaml"))
        .output()
        .expect("python3 runs (scripts/setup installs python3-yaml)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Names and numbers of a YNL list whose first entry may set `value`; the rest count up.
fn numbered(list: &Value) -> Vec<(String, u64)> {
    let mut next = 1;
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let value = item.get("value").and_then(Value::as_u64).unwrap_or(next);
            next = value + 1;
            (item["name"].as_str().unwrap().to_owned(), value)
        })
        .collect()
}

#[test]
fn spec_is_valid_against_the_kernel_schema() {
    let cache = std::env::var("GENLTEST_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/genltest"));
    let schema = cache.join("linux-7.3/Documentation/netlink/genetlink.yaml");
    assert!(
        schema.exists(),
        "{} missing: run scripts/setup",
        schema.display()
    );
    let out = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import sys,yaml,jsonschema; jsonschema.validate(yaml.safe_load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2])))",
        ])
        .arg(root().join("genltest.yaml"))
        .arg(&schema)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cli_attributes_match_the_spec() {
    let spec = spec();
    let attrs = numbered(&spec["attribute-sets"][0]["attributes"]);
    let ours: Vec<(String, u64)> = Attr::ALL
        .iter()
        .map(|a| (a.name().to_owned(), *a as u64))
        .collect();
    assert_eq!(ours, attrs);
}

/// The operations a request can name (`do` or `dump`), numbered as YNL numbers them:
/// notifications take a place in the count too.
fn commands(spec: &Value) -> Vec<(String, u64)> {
    let list = &spec["operations"]["list"];
    let is_command = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .any(|o| o["name"] == name && (o.get("do").is_some() || o.get("dump").is_some()))
    };
    numbered(list)
        .into_iter()
        .filter(|(name, _)| is_command(name))
        .collect()
}

#[test]
fn cli_commands_and_group_match_the_spec() {
    let spec = spec();
    let ops = commands(&spec);
    let ours: Vec<(String, u64)> = Cmd::ALL
        .iter()
        .map(|c| (c.name().to_owned(), *c as u64))
        .collect();
    assert_eq!(ours, ops);
    assert_eq!(spec["mcast-groups"]["list"][0]["name"], MCGRP_NAME);
    assert_eq!(spec["name"], genltest::family::FAMILY_NAME);
}

/// `pub(crate) const NAME: TYPE = VALUE;` lines of a module source file, where VALUE is a
/// number or a typed attribute number `AttrType::new(N)`.
fn module_consts(file: &str) -> Vec<(String, u64)> {
    let text = std::fs::read_to_string(root().join("module").join(file)).unwrap();
    text.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("pub(crate) const ")?;
            let (name, rest) = rest.split_once(':')?;
            let value = rest.split_once('=')?.1.trim().trim_end_matches(';');
            let value = value
                .strip_prefix("AttrType::new(")
                .and_then(|v| v.strip_suffix(')'))
                .unwrap_or(value);
            Some((name.trim().to_owned(), value.parse().ok()?))
        })
        .collect()
}

fn const_name(prefix: &str, spec_name: &str) -> String {
    format!(
        "{prefix}{}",
        spec_name.to_ascii_uppercase().replace('-', "_")
    )
}

#[test]
fn module_numbers_match_the_spec() {
    let spec = spec();
    let consts = module_consts("family.rs");
    let find = |name: &str| consts.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
    for (name, value) in numbered(&spec["attribute-sets"][0]["attributes"]) {
        assert_eq!(
            find(&const_name("A_", &name)),
            Some(value),
            "attribute {name}"
        );
    }
    for (name, value) in commands(&spec) {
        assert_eq!(
            find(&const_name("CMD_", &name)),
            Some(value),
            "command {name}"
        );
    }
    let max = spec["attribute-sets"][0]["attributes"][0]["checks"]["max-len"].as_u64();
    assert_eq!(find("MAX_MSG"), max);
    let source = std::fs::read_to_string(root().join("module/family.rs")).unwrap();
    assert!(source.contains(&format!("MulticastGroup::const_new(c\"{MCGRP_NAME}\")")));
    assert!(
        source.contains("pub(crate) const FAMILY_NAME: &CStr = c\"genltest\";"),
        "family name"
    );
    assert_eq!(find("FAMILY_VERSION"), Some(1), "family version");
}

#[test]
fn admin_flag_matches_the_spec() {
    let spec = spec();
    let reset = spec["operations"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "reset")
        .unwrap();
    assert_eq!(reset["flags"][0], "admin-perm");
    let source = std::fs::read_to_string(root().join("module/family.rs")).unwrap();
    assert!(source.contains("SplitOp::doit::<Reset>(CMD_RESET, OpFlags::ADMIN_PERM)"));
}

/// The module multicasts a ping as an ECHO message carrying MSG on `mcgrp`; the spec
/// must say so, or YNL's `--subscribe` cannot decode it.
#[test]
fn ping_notification_matches_the_spec() {
    let spec = spec();
    let ntfs: Vec<&Value> = spec["operations"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o.get("event").is_some() || o.get("notify").is_some())
        .collect();
    assert_eq!(ntfs.len(), 1, "one notification");
    let ntf = ntfs[0];
    assert_eq!(ntf["value"], Cmd::Echo as u64);
    assert_eq!(ntf["mcgrp"], MCGRP_NAME);
    assert_eq!(ntf["event"]["attributes"], serde_json::json!(["msg"]));
}

#[test]
fn burst_flag_and_count_range_match_the_spec() {
    let spec = spec();
    let burst = spec["operations"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "burst")
        .unwrap();
    assert_eq!(burst["flags"][0], "admin-perm");
    let count = spec["attribute-sets"][0]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "count")
        .unwrap();
    assert_eq!(count["checks"]["min"], 1);
    assert_eq!(
        count["checks"]["max"].as_u64(),
        Some(u64::from(genltest::family::MAX_BURST))
    );
    let consts = module_consts("family.rs");
    assert!(consts.contains(&(
        "MAX_BURST".to_owned(),
        u64::from(genltest::family::MAX_BURST)
    )));
    let source = std::fs::read_to_string(root().join("module/family.rs")).unwrap();
    assert!(source.contains("SplitOp::doit::<Burst>(CMD_BURST, OpFlags::ADMIN_PERM)"));
    assert!(source.contains("A_COUNT.range(1, MAX_BURST)"));
}

/// `HISTORY` is a do (one entry by `ID`) and a dump (all entries) of one command, as two
/// split operations in the module.
#[test]
fn history_do_and_dump_match_the_spec() {
    let spec = spec();
    let history = spec["operations"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "history")
        .unwrap();
    assert_eq!(
        history["do"]["request"]["attributes"],
        serde_json::json!(["id"])
    );
    assert_eq!(
        history["do"]["reply"]["attributes"],
        serde_json::json!(["id", "portid", "msg"])
    );
    assert!(
        history["dump"].get("request").is_none(),
        "the dump takes no attribute"
    );
    assert_eq!(
        history["dump"]["reply"]["attributes"],
        serde_json::json!(["id", "portid", "msg"])
    );
    let source = std::fs::read_to_string(root().join("module/family.rs")).unwrap();
    let get = source
        .find("SplitOp::doit::<HistoryGet>(CMD_HISTORY, OpFlags::NONE)")
        .expect("a do of HISTORY");
    let dump = source
        .find("SplitOp::dumpit::<HistoryDump>(CMD_HISTORY, OpFlags::NONE)")
        .expect("a dump of HISTORY");
    assert!(get < dump, "the do comes before the dump in the table");
    assert!(source.contains("policy![A_ID.any()]"));
}
