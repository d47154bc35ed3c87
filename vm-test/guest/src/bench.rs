//! In-VM tests of `genltest bench` and of what it relies on: the `BURST` command, and
//! echo loops that allocate nothing per message (counted by the library's counting
//! allocator, which this binary installs in main.rs).

use genltest::alloc_count;
use genltest::bench::{Pinger, Target};
use genltest::classic;
use genltest::family::{self, Attr, Cmd, FAMILY_VERSION, MAX_BURST};
use genltest::wire::{MessageBuilder, NLM_F_ACK, NLM_F_REQUEST};
use serde_json::Value;

use crate::util::*;
use crate::TestResult;

/// Round trips timed after the warm-up in the allocation tests.
const ROUNDS: usize = 300;

/// The counter works in this binary: a deliberate allocation is seen. Without this, a
/// "zero allocations" result could come from a counter that never counts.
pub fn bench_counter_sees_a_deliberate_allocation() -> TestResult {
    check(
        alloc_count::installed(),
        "the counting allocator is installed",
    )?;
    let (v, n) = alloc_count::count(|| std::hint::black_box(Vec::<u8>::with_capacity(4096)));
    check_eq(v.capacity(), 4096, "capacity")?;
    check_eq(n, Some(1), "allocations counted")?;
    let (s, n) = alloc_count::count(|| std::hint::black_box(format!("{}", 12345)));
    check_eq(s.as_str(), "12345", "formatted")?;
    check(n.unwrap_or(0) >= 1, "format! allocates and is counted")
}

/// The bench's loops (one request at a time and pipelined, for all three kinds of
/// request, at the largest payload) allocate nothing once warmed up.
pub fn bench_echo_loops_allocate_nothing_per_message() -> TestResult {
    for target in [Target::Classic, Target::Genl, Target::Baseline] {
        for depth in [1, 16] {
            let mut p = Pinger::open(target, 1024).map_err(|e| e.to_string())?;
            for _ in 0..20 {
                p.round(depth, None).map_err(|e| e.to_string())?;
            }
            let (result, n) =
                alloc_count::count(|| (0..ROUNDS).try_for_each(|_| p.round(depth, None)));
            result.map_err(|e| e.to_string())?;
            check_eq(
                n,
                Some(0),
                &format!(
                    "heap allocations in {ROUNDS} rounds of {} depth {depth}",
                    target.protocol()
                ),
            )?;
        }
    }
    Ok(())
}

/// The clients' `echo_into` loops (with their ACKs) allocate nothing once warmed up,
/// and still return the right text.
pub fn bench_client_echo_into_allocates_nothing() -> TestResult {
    let text = [b'e'; 1024];
    let mut out = Vec::new();
    let mut genl = family::Client::open().map_err(|e| e.to_string())?;
    genl.echo_into(&text, &mut out).map_err(|e| e.to_string())?;
    let (result, n) =
        alloc_count::count(|| (0..ROUNDS).try_for_each(|_| genl.echo_into(&text, &mut out)));
    result.map_err(|e| e.to_string())?;
    check_eq(n, Some(0), "allocations in genl echo_into")?;
    check_eq(&out[..], &text[..], "genl echo text")?;
    // The same loop through `echo`, which returns a new Vec each time, is seen
    // allocating: the count above is not zero for want of counting.
    let (result, n) = alloc_count::count(|| (0..10).try_for_each(|_| genl.echo(&text).map(drop)));
    result.map_err(|e| e.to_string())?;
    check(
        n >= Some(10),
        &format!("echo() allocates at least once per call: {n:?} in 10"),
    )?;

    let mut c = classic::Client::open().map_err(|e| e.to_string())?;
    c.echo_into(&text, true, &mut out)
        .map_err(|e| e.to_string())?;
    let (result, n) = alloc_count::count(|| {
        (0..ROUNDS).try_for_each(|_| c.echo_into(&text, true, &mut out).map(drop))
    });
    result.map_err(|e| e.to_string())?;
    check_eq(n, Some(0), "allocations in classic echo_into")?;
    check_eq(&out[..], &text[..], "classic echo payload")
}

/// Sends a raw `BURST` with the attributes `attrs` adds and returns the ACK.
fn raw_burst(
    attrs: impl FnOnce(MessageBuilder<'_>) -> MessageBuilder<'_>,
) -> Result<genltest::error::Ack, String> {
    raw_genl(|buf, id| {
        let m = MessageBuilder::new(buf, id, NLM_F_REQUEST | NLM_F_ACK, 1)
            .genl(Cmd::Burst as u8, FAMILY_VERSION);
        attrs(m).finish();
    })
}

/// `BURST` validates its input: `COUNT` is required and bounded by the policy, other
/// attributes are refused, and it is for admins only.
pub fn bench_burst_rejects_bad_requests() -> TestResult {
    use crate::malformed::{BURST_NO_COUNT, FIRST_ATTR, INVALID_LENGTH, MSG_NUL, OUT_OF_RANGE};
    let ack = raw_burst(|m| m)?;
    check_ack(&ack, libc::EINVAL, Some(BURST_NO_COUNT), None)?;
    check_eq(ack.missing_type, Some(Attr::Count as u32), "missing type")?;
    for count in [0, MAX_BURST + 1] {
        let ack = raw_burst(|m| m.attr_u32(Attr::Count as u16, count))?;
        check_ack(&ack, libc::ERANGE, Some(OUT_OF_RANGE), Some(FIRST_ATTR))
            .map_err(|e| format!("COUNT {count}: {e}"))?;
    }
    let ack = raw_burst(|m| m.attr_u16(Attr::Count as u16, 5))?;
    check_ack(&ack, libc::EINVAL, Some(INVALID_LENGTH), Some(FIRST_ATTR))
        .map_err(|e| format!("COUNT as u16: {e}"))?;
    let ack = raw_burst(|m| {
        m.attr_u32(Attr::Count as u16, 1)
            .attr_u32(Attr::Portid as u16, 1)
    })?;
    // PORTID has no entry in BURST's policy: strict validation refuses it.
    check_ack(
        &ack,
        libc::EINVAL,
        Some("Unsupported attribute"),
        Some(FIRST_ATTR + 8),
    )
    .map_err(|e| format!("unrelated attribute: {e}"))?;
    let ack = raw_burst(|m| {
        m.attr_u32(Attr::Count as u16, 1)
            .attr(Attr::Msg as u16, b"a\0b\0")
    })?;
    check_ack(&ack, libc::EINVAL, Some(MSG_NUL), Some(FIRST_ATTR + 8))
        .map_err(|e| format!("MSG with a NUL inside: {e}"))?;
    // Only admins: the CLI's bench as nobody says so with exit code 4.
    let out = run_as_nobody(
        "/bin/genltest",
        &["bench", "--runs", "1", "--run-ms", "1", "--pings", "1"],
    );
    expect_status(&out, 4)?;
    check(
        out.stderr.contains("BURST") && out.stderr.contains("--no-fanout"),
        &format!("says why and what to do: {}", out.stderr),
    )
}

/// A `BURST` reaches every listener with every notification and reports it.
pub fn bench_burst_reaches_every_listener() -> TestResult {
    let listeners = [
        Listener::spawn(&["listen", "--count", "3", "--timeout", "20"], false)?,
        Listener::spawn(&["listen", "--count", "3", "--timeout", "20"], false)?,
    ];
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.reset().map_err(|e| e.to_string())?;
    let report = c.burst(3, Some(b"fan")).map_err(|e| e.to_string())?;
    check_eq(report.delivered, 3, "delivered")?;
    check_eq(report.dropped, 0, "dropped")?;
    check_eq(report.no_listener, 0, "no listener")?;
    for l in listeners {
        check_eq(
            l.finish()?.stdout.as_str(),
            "fan\nfan\nfan\n",
            "listener output",
        )?;
    }
    let s = c.stats().map_err(|e| e.to_string())?;
    check_eq(s.notify_delivered, 3, "stats count the burst")?;
    // Without listeners: every notification counted as having nobody to go to.
    let report = c.burst(2, None).map_err(|e| e.to_string())?;
    check_eq(
        (report.delivered, report.no_listener),
        (0, 2),
        "nobody listening",
    )
}

fn number(v: &Value, what: &str) -> Result<f64, String> {
    v.as_f64()
        .ok_or_else(|| format!("{what} is not a number: {v}"))
}

fn positive(v: &Value, what: &str) -> Result<f64, String> {
    let x = number(v, what)?;
    check(
        x > 0.0 && x.is_finite(),
        &format!("{what} = {x} is positive"),
    )?;
    Ok(x)
}

/// Checks a `{median, min, max}` figure: positive and ordered.
fn spread(v: &Value, what: &str) -> TestResult {
    let min = positive(&v["min"], what)?;
    let median = positive(&v["median"], what)?;
    let max = positive(&v["max"], what)?;
    check(
        min <= median && median <= max,
        &format!("{what}: min {min} <= median {median} <= max {max}"),
    )
}

/// A short `genltest bench --json` has every row, with sane figures and every
/// notification accounted for.
pub fn bench_json_has_every_row_with_sane_figures() -> TestResult {
    let (runs, pings, depth) = (2u64, 50u64, 8u64);
    let out = cli(&[
        "--json",
        "bench",
        "--runs",
        &runs.to_string(),
        "--run-ms",
        "20",
        "--pings",
        &pings.to_string(),
        "--depth",
        &depth.to_string(),
    ]);
    expect_status(&out, 0)?;
    let doc: Value = serde_json::from_str(out.stdout.trim())
        .map_err(|e| format!("not JSON ({e}): {}", out.stdout))?;
    check_eq(doc["runs"].as_u64(), Some(runs), "runs")?;
    let echo = doc["echo"].as_array().ok_or("no echo rows")?;
    check_eq(
        echo.len(),
        14,
        "echo rows: 2 baselines + 2 protocols x 3 sizes x 2 depths",
    )?;
    for d in [1, depth] {
        let mut want = vec![("nlctrl".to_owned(), 0u64)];
        for protocol in ["classic", "genl"] {
            for payload in [16u64, 256, 1024] {
                want.push((protocol.to_owned(), payload));
            }
        }
        for (protocol, payload) in want {
            let row = echo
                .iter()
                .find(|r| {
                    r["protocol"] == protocol.as_str()
                        && r["payload"].as_u64() == Some(payload)
                        && r["depth"].as_u64() == Some(d)
                })
                .ok_or_else(|| format!("no row {protocol} {payload} B depth {d}"))?;
            let what = format!("{protocol} {payload} B depth {d}");
            spread(&row["ns_per_op"], &format!("{what} ns_per_op"))?;
            positive(&row["ops"], &format!("{what} ops"))?;
            positive(&row["ops_per_sec"], &format!("{what} ops_per_sec"))?;
            let ratio = positive(&row["vs_baseline"], &format!("{what} vs_baseline"))?;
            if protocol == "nlctrl" {
                check_eq(ratio, 1.0, "the baseline's own ratio")?;
            }
            if protocol == "classic" {
                positive(&row["classic_vs_genl"], &format!("{what} classic_vs_genl"))?;
            }
            // One sendmsg per round (depth requests), at least one receive per round.
            let sends = number(&row["sends_per_op"], "sends_per_op")?;
            check(
                (sends - 1.0 / d as f64).abs() < 1e-9,
                &format!("{what}: {sends} sends per round trip, want 1/{d}"),
            )?;
            positive(&row["recvs_per_op"], &format!("{what} recvs_per_op"))?;
            check_eq(
                row["allocs_per_op"].as_f64(),
                Some(0.0),
                &format!("{what}: heap allocations per round trip"),
            )?;
        }
    }
    let fanout = doc["fanout"].as_array().ok_or("no fanout rows")?;
    check_eq(fanout.len(), 3, "fan-out rows")?;
    for (row, k) in fanout.iter().zip([1u64, 4, 16]) {
        let what = format!("fan-out to {k}");
        check_eq(
            row["listeners"].as_u64(),
            Some(k),
            &format!("{what}: listeners"),
        )?;
        check_eq(
            row["pings"].as_u64(),
            Some(pings),
            &format!("{what}: pings"),
        )?;
        spread(
            &row["deliveries_per_sec"],
            &format!("{what} deliveries_per_sec"),
        )?;
        let expected = row["expected"].as_u64().ok_or("expected")?;
        let delivered = row["delivered"].as_u64().ok_or("delivered")?;
        let lost = row["lost"].as_u64().ok_or("lost")?;
        // Each run sends whole bursts of `pings` to `k` listeners, at least one per run.
        check(
            expected >= k * pings * runs && expected % (k * pings) == 0,
            &format!("{what}: expected {expected} is whole bursts, at least one per run"),
        )?;
        check_eq(
            delivered + lost,
            expected,
            &format!("{what}: every notification accounted"),
        )?;
        for field in ["enobufs", "kernel_dropped"] {
            check(row[field].is_u64(), &format!("{what}: {field} reported"))?;
        }
        // A loss is only possible with an overrun, and an overrun is never silent.
        if lost > 0 {
            check(
                row["enobufs"].as_u64() > Some(0) || row["kernel_dropped"].as_u64() > Some(0),
                &format!("{what}: {lost} lost without an ENOBUFS or kernel drop"),
            )?;
        }
    }
    Ok(())
}

/// The text table of `genltest bench` has its headings and every row, and bad options
/// are usage errors.
pub fn bench_table_and_usage_errors() -> TestResult {
    let out = cli(&["bench", "--runs", "1", "--run-ms", "5", "--no-fanout"]);
    expect_status(&out, 0)?;
    for needle in [
        "x nlctrl",
        "classic/genl",
        "nlctrl   getfamily",
        "classic  echo",
        "genl     echo",
    ] {
        check(
            out.stdout.contains(needle),
            &format!("table shows {needle:?}:\n{}", out.stdout),
        )?;
    }
    let rows = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("classic  echo") || l.starts_with("genl     echo"));
    check_eq(rows.count(), 12, "echo rows")?;
    check(
        !out.stdout.contains("fan-out"),
        "--no-fanout leaves fan-out out",
    )?;
    // --no-classic (for a module with only the family, scripts/bench-compare's C
    // baseline) leaves the classic rows out and keeps the others; --baseline-family
    // makes the baseline ask about another family.
    let out = cli(&[
        "bench",
        "--runs",
        "1",
        "--run-ms",
        "5",
        "--no-fanout",
        "--no-classic",
        "--baseline-family",
        "nlctrl",
    ]);
    expect_status(&out, 0)?;
    let rows: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("classic ") || l.starts_with("genl ") || l.starts_with("nlctrl "))
        .collect();
    check_eq(rows.len(), 8, "rows without classic (2 nlctrl, 6 genl)")?;
    check(
        rows.iter().all(|l| !l.starts_with("classic ")),
        &format!("--no-classic leaves classic echo out:\n{}", out.stdout),
    )?;
    check(
        out.stdout.contains("GETFAMILY of nlctrl"),
        &format!("--baseline-family nlctrl is the baseline:\n{}", out.stdout),
    )?;
    for bad in [
        ["--runs", "0"],
        ["--depth", "65"],
        ["--pings", "5000"],
        ["--run-ms", "0"],
        ["--baseline-family", ""],
    ] {
        let out = cli(&["bench", bad[0], bad[1]]);
        expect_status(&out, 2)?;
        check(
            out.stderr.contains(bad[0]),
            &format!("names {}: {}", bad[0], out.stderr),
        )?;
    }
    Ok(())
}
