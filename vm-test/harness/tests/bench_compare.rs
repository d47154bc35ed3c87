//! `vm-harness bench-compare`: the table scripts/bench-compare prints from the guest's
//! bench runs, its figures and ratios, and every way a broken or incomplete output is
//! refused.

use std::process::Command;

use serde_json::{json, Value};
use vm_harness::bench::{compare, median, parse_runs, RowKey, RUN_MARKER};

/// A `genltest bench --json-out` report, shaped as the CLI writes it (fields the comparison
/// does not read included), with round-trip rows `(protocol, payload, depth, rt/s)` and
/// fan-out rows `(listeners, deliveries/s)`. Each echo row's `vs_baseline` (its time over
/// nlctrl's) is 0.5, or as [`report_vs`] sets it.
fn report(echo: &[(&str, u64, u64, f64)], fanout: &[(u64, f64)]) -> Value {
    let echo: Vec<_> = echo.iter().map(|&(p, n, d, r)| (p, n, d, r, 0.5)).collect();
    report_vs(&echo, fanout)
}

/// [`report`] with each echo row's `vs_baseline` last.
fn report_vs(echo: &[(&str, u64, u64, f64, f64)], fanout: &[(u64, f64)]) -> Value {
    json!({
        "runs": 7, "warmup_runs": 1, "run_ms": 150, "depth": 16,
        "echo": echo.iter().map(|&(protocol, payload, depth, rate, vs)| json!({
            "protocol": protocol,
            "request": if protocol == "nlctrl" { "getfamily" } else { "echo" },
            "payload": payload, "depth": depth,
            "ns_per_op": {"median": 1e9 / rate, "min": 1e9 / rate, "max": 1e9 / rate},
            "ops_per_sec": rate, "ops": 1000, "sends_per_op": 1.0, "recvs_per_op": 1.0,
            "allocs_per_op": 0.0, "vs_baseline": vs, "classic_vs_genl": null,
        })).collect::<Vec<_>>(),
        "fanout": fanout.iter().map(|&(listeners, rate)| json!({
            "listeners": listeners, "pings": 200,
            "deliveries_per_sec": {"median": rate, "min": rate, "max": rate},
            "expected": 10, "delivered": 10, "lost": 0, "enobufs": 0, "kernel_dropped": 0,
        })).collect::<Vec<_>>(),
    })
}

/// One run as the guest prints it: the marker, then the report on one line.
fn run_text(build: &str, round: u32, report: &Value) -> String {
    format!("{RUN_MARKER} {build} {round}\n{report}\n")
}

/// Three rounds of three builds in rotated order, with noise lines between them as the
/// guest's shell prints them. `before` and `after` have genl and classic echo and one
/// fan-out row; `c` has only genl echo (it has no classic unit or BURST).
fn three_rounds() -> String {
    let before = [100.0, 200.0, 400.0];
    let after = [110.0, 180.0, 440.0];
    let c = [50.0, 100.0, 400.0];
    let mut out = String::from("bench: round trips: warm-up run (14 rows)\n");
    for round in 0..3 {
        let runs = [
            run_text(
                "before",
                round as u32 + 1,
                &report(
                    &[("genl", 16, 1, before[round]), ("classic", 16, 1, 1000.0)],
                    &[(4, 5000.0 + round as f64)],
                ),
            ),
            run_text(
                "after",
                round as u32 + 1,
                &report(
                    &[("genl", 16, 1, after[round]), ("classic", 16, 1, 900.0)],
                    &[(4, 6000.0)],
                ),
            ),
            run_text(
                "c",
                round as u32 + 1,
                &report(&[("genl", 16, 1, c[round])], &[]),
            ),
        ];
        for i in 0..3 {
            out += &runs[(i + round) % 3];
            out += "GENLTEST: rmmod: status 0\n";
        }
    }
    out
}

fn genl16() -> RowKey {
    RowKey::Echo {
        protocol: "genl".into(),
        request: "echo".into(),
        payload: 16,
        depth: 1,
    }
}

#[test]
fn runs_are_read_from_marker_and_json_lines_among_other_output() {
    let runs = parse_runs(&three_rounds()).unwrap();
    assert_eq!(runs.len(), 9);
    let first = &runs[0];
    assert_eq!((first.build.as_str(), first.round), ("before", 1));
    assert_eq!(
        first.figures,
        vec![
            (genl16(), 100.0),
            (
                RowKey::Echo {
                    protocol: "classic".into(),
                    request: "echo".into(),
                    payload: 16,
                    depth: 1
                },
                1000.0
            ),
            (RowKey::Fanout { listeners: 4 }, 5000.0),
        ]
    );
    // Round 2 starts with "after" (the order rotates).
    assert_eq!((runs[3].build.as_str(), runs[3].round), ("after", 2));
}

#[test]
fn median_of_odd_and_even_counts() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&[]), None);
}

/// A build's figure is the median of its rounds; a ratio is the median of the ratios
/// within each round, not the ratio of the medians (0.9 here), so a slow round that
/// touches both builds does not decide it.
#[test]
fn figures_are_medians_and_ratios_are_medians_of_per_round_ratios() {
    let runs = parse_runs(&three_rounds()).unwrap();
    let cmp = compare(&runs, "before", "after", Some("c")).unwrap();
    assert_eq!(cmp.builds, ["before", "after", "c"]);
    assert_eq!(cmp.rounds, 3);
    let genl = &cmp.rows[0];
    assert_eq!(genl.key, genl16());
    assert_eq!(genl.medians, vec![Some(200.0), Some(180.0), Some(100.0)]);
    let ab = genl.after_before.unwrap();
    assert!((ab.median - 1.1).abs() < 1e-9, "{ab:?}");
    assert!((ab.min - 0.9).abs() < 1e-9, "{ab:?}");
    assert!((ab.max - 1.1).abs() < 1e-9, "{ab:?}");
    // after/c per round: 2.2, 1.8, 1.1.
    let ac = genl.after_baseline.unwrap();
    assert!((ac.median - 1.8).abs() < 1e-9, "{ac:?}");
    assert!(
        (ac.min - 1.1).abs() < 1e-9 && (ac.max - 2.2).abs() < 1e-9,
        "{ac:?}"
    );
}

#[test]
fn rows_the_baseline_lacks_have_no_baseline_figure_or_ratio() {
    let runs = parse_runs(&three_rounds()).unwrap();
    let cmp = compare(&runs, "before", "after", Some("c")).unwrap();
    let labels: Vec<String> = cmp.rows.iter().map(|r| r.key.label()).collect();
    assert_eq!(
        labels,
        [
            "genl echo 16 B depth 1",
            "classic echo 16 B depth 1",
            "fan-out to 4 listeners"
        ]
    );
    let classic = &cmp.rows[1];
    assert_eq!(classic.medians, vec![Some(1000.0), Some(900.0), None]);
    assert_eq!(classic.after_baseline, None);
    let fanout = &cmp.rows[2];
    assert_eq!(fanout.medians, vec![Some(5001.0), Some(6000.0), None]);
    assert!((fanout.after_before.unwrap().median - 6000.0 / 5001.0).abs() < 1e-9);
}

#[test]
fn without_a_baseline_only_after_over_before_is_given() {
    let runs = parse_runs(&three_rounds()).unwrap();
    let runs: Vec<_> = runs.into_iter().filter(|r| r.build != "c").collect();
    let cmp = compare(&runs, "before", "after", None).unwrap();
    assert_eq!(cmp.builds, ["before", "after"]);
    assert!(cmp.rows.iter().all(|r| r.after_baseline.is_none()));
    assert!(!cmp.table().contains("after/c"));
}

#[test]
fn the_table_shows_each_build_and_both_ratios() {
    let runs = parse_runs(&three_rounds()).unwrap();
    let table = compare(&runs, "before", "after", Some("c"))
        .unwrap()
        .table();
    let lines: Vec<&str> = table.lines().collect();
    let header = lines.iter().find(|l| l.starts_with("row")).unwrap();
    for word in ["before", "after", "c", "after/before", "after/c"] {
        assert!(header.split_whitespace().any(|w| w == word), "{header}");
    }
    let row = lines
        .iter()
        .find(|l| l.starts_with("genl echo 16 B depth 1 (rt/s)"))
        .unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 11..],
        ["200", "180", "100", "1.10", "[0.90", "-", "1.10]", "1.80", "[1.10", "-", "2.20]"]
    );
    let classic = lines
        .iter()
        .find(|l| l.starts_with("classic echo 16 B depth 1 (rt/s)"))
        .unwrap();
    assert!(classic.trim_end().ends_with(" -"), "{classic}");
    assert!(table.contains("fan-out to 4 listeners (deliveries/s)"));
}

#[test]
fn a_build_missing_from_a_round_is_an_error() {
    let text = three_rounds();
    // Drop the "c" run of round 2.
    let cut = text.find(&format!("{RUN_MARKER} c 2\n")).unwrap();
    let end = cut + text[cut..].find("}\n").unwrap() + 2;
    let text = format!("{}{}", &text[..cut], &text[end..]);
    let runs = parse_runs(&text).unwrap();
    assert_eq!(runs.len(), 8);
    let err = compare(&runs, "before", "after", Some("c")).unwrap_err();
    assert!(err.contains("\"c\" ran in rounds [1, 3]"), "{err}");
}

#[test]
fn unknown_missing_and_repeated_builds_are_errors() {
    let runs = parse_runs(&three_rounds()).unwrap();
    let err = compare(&runs, "before", "after", None).unwrap_err();
    assert!(err.contains("build \"c\", which is not compared"), "{err}");
    let err = compare(&runs, "before", "after", Some("C")).unwrap_err();
    assert!(err.contains("build \"c\""), "{err}");
    let twice = format!("{}{}", three_rounds(), run_text("c", 1, &report(&[], &[])));
    let err = parse_runs(&twice).unwrap_err();
    assert!(err.contains("c, round 1: reported twice"), "{err}");
    let err = compare(&[], "before", "after", None).unwrap_err();
    assert!(err.contains("no run of build \"before\""), "{err}");
}

#[test]
fn broken_runs_are_errors_that_say_where() {
    let good = report(&[("genl", 16, 1, 100.0)], &[]);
    let cases = [
        (
            format!("x\n{RUN_MARKER} after 1\n"),
            "line 2: after, round 1: the output ends",
        ),
        (
            format!("{RUN_MARKER} after\n{good}\n"),
            "line 1: GENLTEST-BENCH-RUN wants a build and a round",
        ),
        (
            format!("{RUN_MARKER} after 0\n{good}\n"),
            "round \"0\" is not a number from 1",
        ),
        (
            format!("{RUN_MARKER} after 1\nbench: error\n"),
            "after, round 1: not a JSON report",
        ),
        (
            run_text("after", 1, &report(&[("genl", 16, 1, 0.0)], &[])),
            "echo row 0: 0 is not a positive rate",
        ),
        (
            run_text(
                "after",
                1,
                &report(&[("genl", 16, 1, 1.0), ("genl", 16, 1, 2.0)], &[]),
            ),
            "row genl echo 16 B depth 1 appears twice",
        ),
        (
            run_text(
                "after",
                1,
                &json!({"echo": [], "fanout": [{"listeners": 1}]}),
            ),
            "fan-out row 0: no field \"deliveries_per_sec\"",
        ),
        (
            run_text("after", 1, &json!({"fanout": []})),
            "no field \"echo\"",
        ),
        (
            run_text("after", 1, &report_vs(&[("genl", 16, 1, 1.0, 0.0)], &[])),
            "echo row 0: 0 is not a positive rate",
        ),
    ];
    for (text, want) in cases {
        let err = parse_runs(&text).unwrap_err();
        assert!(err.contains(want), "{err:?} should contain {want:?}");
    }
}

/// Relative to nlctrl: the inverse of each echo row's `vs_baseline`, nlctrl's own rows
/// left out, compared per round like the absolute figures. Here the absolute figures
/// swing with the load (after is 3x or 1/3x before) while the relative ones barely move.
#[test]
fn relative_figures_are_inverse_vs_baseline_compared_per_round() {
    let before = [(100.0, 0.50), (300.0, 0.50), (200.0, 0.40)];
    let after = [(300.0, 0.50), (100.0, 0.55), (210.0, 0.40)];
    let mut text = String::new();
    for round in 0..3 {
        for (build, (rate, vs)) in [("before", before[round]), ("after", after[round])] {
            text += &run_text(
                build,
                round as u32 + 1,
                &report_vs(
                    &[("nlctrl", 0, 1, 50.0, 1.0), ("genl", 1024, 1, rate, vs)],
                    &[],
                ),
            );
        }
    }
    let runs = parse_runs(&text).unwrap();
    assert_eq!(
        runs[0].relative.len(),
        1,
        "nlctrl is not relative to itself"
    );
    let cmp = compare(&runs, "before", "after", None).unwrap();
    assert_eq!(cmp.relative.len(), 1);
    let row = &cmp.relative[0];
    assert_eq!(row.key.label(), "genl echo 1024 B depth 1");
    // 1/0.5, 1/0.5, 1/0.4 and 1/0.5, 1/0.55, 1/0.4.
    assert_eq!(row.medians, vec![Some(2.0), Some(2.0)]);
    let r = row.after_before.unwrap();
    assert!((r.median - 1.0).abs() < 1e-9, "{r:?}");
    assert!(
        (r.min - 0.5 / 0.55).abs() < 1e-9 && (r.max - 1.0).abs() < 1e-9,
        "{r:?}"
    );
    let abs = cmp.rows[1].after_before.unwrap();
    assert!(
        (abs.min - 1.0 / 3.0).abs() < 1e-9 && (abs.max - 3.0).abs() < 1e-9,
        "{abs:?}"
    );
    let table = cmp.table();
    assert!(table.contains("Relative to nlctrl"), "{table}");
    let line = table
        .lines()
        .find(|l| l.starts_with("genl echo 1024 B depth 1 (x nlctrl rate)"))
        .unwrap();
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 6..],
        ["2.000", "2.000", "1.00", "[0.91", "-", "1.00]"]
    );
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench_compare");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn harness(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vm-harness"))
        .args(args)
        .output()
        .expect("run vm-harness");
    (
        out.status.code().expect("an exit status"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_command_prints_the_table_or_fails_with_the_reason() {
    let path = temp_file("three-rounds", &three_rounds());
    let (status, stdout, _) = harness(&["bench-compare", &path, "before", "after", "c"]);
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains("genl echo 16 B depth 1 (rt/s)"), "{stdout}");
    assert!(stdout.contains("over 3 rounds"), "{stdout}");
    let (status, stdout, stderr) = harness(&["bench-compare", &path, "before", "after"]);
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("which is not compared"), "{stderr}");
    let (status, _, stderr) = harness(&["bench-compare", &path]);
    assert_eq!(status, 2);
    assert!(stderr.contains("usage:"), "{stderr}");
}
