//! The in-VM tests: run as PID 1's child in the test VM, with genltest.ko loaded, and
//! print KTAP on standard output. `genltest-vm-tests [FILTER...]` runs the tests whose
//! names contain any FILTER. Each test asserts one behaviour of the module or the CLI.

mod bench;
mod cli;
mod fuzz;
mod history;
mod lifecycle;
mod malformed;
mod notify;
mod peers;
mod spec;
mod sysfs_reload;
mod tour;
mod trace;
mod tshark;
mod util;

use std::process::ExitCode;

use genltest::classic::{self, GENLTEST_MSG_ECHO, MAX_PAYLOAD};
use genltest::error::Ack;
use genltest::family::{self, Attr, Cmd, FAMILY_VERSION};
use genltest::wire::{MessageBuilder, NLA_F_NESTED, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST};

use util::*;

type TestResult = Result<(), String>;

// Counts heap allocations, for the bench_* tests that show echo loops allocate nothing.
#[global_allocator]
static ALLOC: genltest::alloc_count::CountingAlloc = genltest::alloc_count::CountingAlloc;

/// Every test, in the order they run.
/// A test: its name and the function that runs it.
type Test = (&'static str, fn() -> TestResult);

const TESTS: &[Test] = &[
    ("module_is_loaded", module_is_loaded),
    ("cli_version_and_help", cli_version_and_help),
    // Classic protocol, unit 31.
    ("classic_echo_empty_payload", classic_echo_empty_payload),
    ("classic_echo_one_byte", classic_echo_one_byte),
    (
        "classic_echo_all_256_byte_values",
        classic_echo_all_256_byte_values,
    ),
    ("classic_echo_maximum_payload", classic_echo_maximum_payload),
    (
        "classic_echo_over_limit_gets_emsgsize_with_extack",
        classic_echo_over_limit,
    ),
    ("classic_unknown_type_gets_eopnotsupp", classic_unknown_type),
    ("classic_ack_on_request", classic_ack_on_request),
    (
        "classic_reply_goes_to_sender_port_not_nlmsg_pid",
        classic_reply_to_sender_port,
    ),
    (
        "classic_several_messages_in_one_send_each_answered",
        classic_batch,
    ),
    (
        "classic_two_sockets_in_one_process_get_their_own_replies",
        classic_two_sockets,
    ),
    ("classic_cli_echo_and_ack", classic_cli_echo_and_ack),
    (
        "classic_three_listeners_receive_pings_in_order",
        classic_three_listeners,
    ),
    (
        "classic_nonroot_listener_receives",
        classic_nonroot_listener,
    ),
    (
        "classic_echo_in_new_network_namespace",
        classic_echo_in_netns,
    ),
    (
        "classic_listener_in_other_namespace_gets_no_ping",
        classic_other_netns_no_ping,
    ),
    (
        "classic_notification_header_is_echo_seq_0_port_0",
        notify::classic_notification_header_is_echo_seq_0_port_0,
    ),
    // The sysfs file.
    ("ping_without_listener_succeeds", ping_without_listener),
    ("ping_strips_one_newline", ping_strips_one_newline),
    (
        "ping_refuses_empty_over_limit_and_nul",
        ping_refuses_bad_text,
    ),
    ("ping_as_nonroot_is_refused", ping_as_nonroot),
    (
        "ping_publishes_binary_bytes_as_written",
        notify::ping_publishes_binary_bytes_as_written,
    ),
    // Generic Netlink family.
    ("genl_echo_texts", genl_echo_texts),
    (
        "genl_echo_1025_bytes_rejected_by_policy",
        genl_echo_too_long,
    ),
    (
        "genl_echo_missing_msg_names_the_attribute",
        genl_echo_missing_msg,
    ),
    (
        "genl_echo_msg_without_nul_rejected",
        genl_echo_msg_without_nul,
    ),
    (
        "genl_echo_msg_with_embedded_nul_rejected",
        genl_echo_msg_embedded_nul,
    ),
    (
        "genl_echo_msg_with_a_nul_at_any_of_1024_bytes_rejected",
        genl_echo_nul_anywhere_in_a_long_msg,
    ),
    ("genl_echo_msg_as_u32_rejected", genl_echo_msg_as_u32),
    (
        "genl_echo_unknown_attribute_rejected",
        genl_echo_unknown_attr,
    ),
    ("genl_echo_nested_flag_rejected", genl_echo_nested_flag),
    ("genl_unknown_command_gets_eopnotsupp", genl_unknown_command),
    ("genl_nonzero_reserved_field_rejected", genl_reserved_field),
    (
        "genl_dump_flag_on_do_only_command_rejected",
        genl_dump_on_do_only,
    ),
    (
        "genl_ping_reaches_zero_one_and_three_listeners",
        genl_ping_listeners,
    ),
    (
        "genl_notification_is_echo_with_msg_seq_0_port_0",
        notify::genl_notification_is_echo_with_msg_seq_0_port_0,
    ),
    (
        "genl_listener_in_other_namespace_gets_no_ping",
        notify::genl_listener_in_other_namespace_gets_no_ping,
    ),
    (
        "genl_history_keeps_last_64_across_several_buffers",
        genl_history,
    ),
    (
        "genl_history_do_returns_the_entry_with_that_id",
        history::genl_history_do_returns_the_entry_with_that_id,
    ),
    (
        "genl_history_do_unknown_id_is_enoent_at_the_attribute",
        history::genl_history_do_unknown_id_is_enoent_at_the_attribute,
    ),
    (
        "genl_history_do_needs_an_8_byte_id",
        history::genl_history_do_needs_an_8_byte_id,
    ),
    (
        "genl_history_is_do_and_dump_in_getfamily_and_getpolicy",
        history::genl_history_is_do_and_dump_in_getfamily_and_getpolicy,
    ),
    (
        "cli_history_id_prints_one_entry_or_exits_1",
        history::cli_history_id_prints_one_entry_or_exits_1,
    ),
    ("genl_stats_count_what_happened", genl_stats),
    ("genl_reset_needs_admin", genl_reset_needs_admin),
    (
        "genl_reset_clears_counters_and_history",
        genl_reset_clears_counters_and_history,
    ),
    ("genl_concurrent_echo_from_four_processes", genl_concurrent),
    ("genl_info_lists_operations_flags_and_policies", genl_info),
    (
        "spec_genltest_matches_what_the_kernel_reports",
        spec::genltest_spec_matches_what_the_kernel_reports,
    ),
    (
        "spec_nlctrl_matches_what_the_kernel_reports",
        spec::nlctrl_spec_matches_what_the_kernel_reports,
    ),
    (
        "spec_comparison_notices_a_difference",
        spec::spec_comparison_notices_a_difference,
    ),
    (
        "cli_trace_shows_bench_batches",
        cli::cli_trace_shows_bench_batches,
    ),
    ("cli_errors_name_errno_extack_and_exit_code", cli_errors),
    ("cli_json_output", cli_json),
    (
        "cli_listen_json_prints_one_document_per_line",
        cli::cli_listen_json_prints_one_document_per_line,
    ),
    (
        "cli_raw_wait_waits_for_more_answers",
        cli::cli_raw_wait_waits_for_more_answers,
    ),
    (
        "cli_raw_exits_5_when_nothing_answers",
        cli::cli_raw_exits_5_when_nothing_answers,
    ),
    (
        "cli_truncated_datagram_is_an_error_exit_6",
        cli::cli_truncated_datagram_is_an_error_exit_6,
    ),
    (
        "cli_datagram_not_from_the_kernel_is_an_error_exit_6",
        cli::cli_datagram_not_from_the_kernel_is_an_error_exit_6,
    ),
    (
        "cli_listener_overrun_is_reported_exit_6",
        cli::cli_listener_overrun_is_reported_exit_6,
    ),
    (
        "cli_other_os_errors_exit_7",
        cli::cli_other_os_errors_exit_7,
    ),
    // Independent peers, run from the host's root file system (peers.rs).
    (
        "peer_ynl_do_echo_returns_the_text",
        peers::peer_ynl_do_echo_returns_the_text,
    ),
    (
        "peer_ynl_dump_history_lists_entries",
        peers::peer_ynl_dump_history_lists_entries,
    ),
    (
        "peer_ynl_get_stats_returns_the_counters",
        peers::peer_ynl_get_stats_returns_the_counters,
    ),
    (
        "peer_ynl_subscribe_receives_a_ping",
        peers::peer_ynl_subscribe_receives_a_ping,
    ),
    (
        "peer_ynl_policy_rejection_reports_the_kernels_extack",
        peers::peer_ynl_policy_rejection_reports_the_kernels_extack,
    ),
    (
        "peer_ynl_policy_dump_matches_the_spec",
        peers::peer_ynl_policy_dump_matches_the_spec,
    ),
    (
        "peer_iproute2_genl_ctrl_get_matches_info",
        peers::peer_iproute2_genl_ctrl_get_matches_info,
    ),
    (
        "peer_iproute2_genl_ctrl_policy_matches_info",
        peers::peer_iproute2_genl_ctrl_policy_matches_info,
    ),
    (
        "peer_libnl_genl_ctrl_list_matches_info",
        peers::peer_libnl_genl_ctrl_list_matches_info,
    ),
    (
        "peer_tshark_decode_of_nlmon_capture_matches_genltest",
        peers::peer_tshark_decode_of_nlmon_capture_matches_genltest,
    ),
    (
        "peer_ynl_do_burst_reaches_a_listener",
        peers::peer_ynl_do_burst_reaches_a_listener,
    ),
    (
        "peer_ynl_do_reset_clears_counters_and_history",
        peers::peer_ynl_do_reset_clears_counters_and_history,
    ),
    (
        "peer_strace_decodes_genl_echo",
        peers::peer_strace_decodes_genl_echo,
    ),
    (
        "peer_transcripts_match_readme",
        peers::peer_transcripts_match_readme,
    ),
    // The learner's tools: --trace, decode, raw, the module's log switch, the tour.
    (
        "trace_echo_shows_every_field_of_both_messages",
        trace::trace_echo_shows_every_field,
    ),
    (
        "trace_decode_explains_a_captured_round_trip",
        trace::trace_decode_explains_a_captured_round_trip,
    ),
    (
        "trace_decode_explains_an_nlmon_capture",
        trace::trace_decode_explains_an_nlmon_capture,
    ),
    (
        "trace_agrees_with_tshark_field_by_field",
        trace::trace_agrees_with_tshark_field_by_field,
    ),
    (
        "trace_raw_sends_what_it_built_and_shows_the_extack",
        trace::trace_raw_sends_what_it_built,
    ),
    (
        "trace_module_switch_logs_requests_and_replies",
        trace::trace_module_switch_logs_requests_and_replies,
    ),
    (
        "trace_switch_is_readable_by_all_and_writable_by_root_only",
        trace::trace_switch_is_readable_by_all_and_writable_by_root_only,
    ),
    (
        "trace_log_is_rate_limited_to_10_lines_every_5_seconds",
        trace::trace_log_is_rate_limited_to_10_lines_every_5_seconds,
    ),
    (
        "tour_transcripts_match_docs_tour_md",
        trace::tour_transcripts_match_docs,
    ),
    // Benchmark support (vm-test/guest/src/bench.rs).
    (
        "bench_counter_sees_a_deliberate_allocation",
        bench::bench_counter_sees_a_deliberate_allocation,
    ),
    (
        "bench_echo_loops_allocate_nothing_per_message",
        bench::bench_echo_loops_allocate_nothing_per_message,
    ),
    (
        "bench_client_echo_into_allocates_nothing",
        bench::bench_client_echo_into_allocates_nothing,
    ),
    (
        "bench_burst_rejects_bad_requests",
        bench::bench_burst_rejects_bad_requests,
    ),
    (
        "bench_burst_reaches_every_listener",
        bench::bench_burst_reaches_every_listener,
    ),
    (
        "bench_json_has_every_row_with_sane_figures",
        bench::bench_json_has_every_row_with_sane_figures,
    ),
    (
        "bench_table_and_usage_errors",
        bench::bench_table_and_usage_errors,
    ),
    ("malformed_classic_requests", || {
        malformed::run_table(&[malformed::Target::Classic])
    }),
    ("malformed_genl_requests", || {
        malformed::run_table(&[malformed::Target::Genl])
    }),
    ("malformed_sysfs_writes", || {
        malformed::run_table(&[malformed::Target::Sysfs])
    }),
    ("fuzz_both_protocols_and_sysfs", fuzz::test),
    (
        "listener_that_never_reads_gets_enobufs_and_drops_are_counted",
        lifecycle::listener_that_never_reads,
    ),
    // Need the debug kernel's fault injection.
    ("faults_fail_nth_genl_echo", lifecycle::fail_nth_genl_echo),
    (
        "faults_fail_nth_classic_echo_changes_no_counter",
        lifecycle::fail_nth_classic_echo,
    ),
    ("faults_fail_nth_ping", lifecycle::fail_nth_ping),
    // Last: they unload and reload the module.
    (
        "lifecycle_socket_closed_mid_dump",
        lifecycle::socket_closed_mid_dump,
    ),
    (
        "lifecycle_rmmod_refused_during_half_read_dump",
        lifecycle::rmmod_during_half_read_dump,
    ),
    (
        "lifecycle_load_unload_cycles_under_load",
        lifecycle::load_unload_cycles,
    ),
    (
        "lifecycle_sysfs_read_write_races_rmmod_and_insmod",
        sysfs_reload::sysfs_files_across_reloads,
    ),
    (
        "lifecycle_classic_socket_in_namespace_made_before_load",
        lifecycle::classic_socket_in_namespace_made_before_load,
    ),
    (
        "genl_listener_survives_unload_and_reload",
        genl_listener_survives_reload,
    ),
    (
        "classic_socket_keeps_module_loaded_until_closed",
        classic_socket_pins_module,
    ),
    ("cli_reports_module_not_loaded", cli_reports_not_loaded),
    // Needs the debug kernel's kmemleak; the very last, after every unload.
    ("kmemleak_reports_nothing", lifecycle::kmemleak_scan),
];

/// Whether this kernel can run test `name`: fault injection and kmemleak are only in
/// the debug kernel. Tests it cannot run stay in the plan as `# SKIP` with the reason.
fn runs_here(name: &str) -> Result<(), &'static str> {
    if name.starts_with("faults_") && !lifecycle::fault_injection_available() {
        Err("no fault injection in this kernel")
    } else if name.starts_with("kmemleak_") && !lifecycle::kmemleak_available() {
        Err("no kmemleak in this kernel")
    } else {
        Ok(())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--echo-worker") => return echo_worker(&args[1..]),
        Some("--as-nobody") => return exec_as_nobody(&args[1..]),
        Some("--malformed-case") => return malformed::run_one(args.get(1).map_or("", |s| s)),
        Some("--tour-write") => return trace::tour_write(),
        _ => {}
    }
    // Each argument is a filter: a test runs when its name contains any of them.
    let selected: Vec<_> = TESTS
        .iter()
        .filter(|(n, _)| args.is_empty() || args.iter().any(|f| n.contains(f.as_str())))
        .collect();
    println!("KTAP version 1");
    println!("1..{}", selected.len());
    if selected.is_empty() {
        println!("# no test matched {args:?}");
        return ExitCode::FAILURE;
    }
    lifecycle::kmemleak_baseline();
    let mut failed = 0;
    for (i, (name, test)) in selected.iter().enumerate() {
        if let Err(why) = runs_here(name) {
            println!("ok {} {name} # SKIP {why}", i + 1);
            continue;
        }
        let result = std::panic::catch_unwind(test).unwrap_or_else(|p| {
            Err(p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".into()))
        });
        match result {
            Ok(()) => println!("ok {} {name}", i + 1),
            Err(why) => {
                failed += 1;
                for line in why.lines() {
                    println!("# {line}");
                }
                println!("not ok {} {name}", i + 1);
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A child process of `genl_concurrent`: `--echo-worker ID N` sends N echoes and checks
/// each reply.
fn echo_worker(args: &[String]) -> ExitCode {
    let id = args.first().cloned().unwrap_or_default();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let Ok(mut client) = family::Client::open() else {
        return ExitCode::from(3);
    };
    for i in 0..n {
        let text = format!("worker {id} message {i}");
        match client.echo(text.as_bytes()) {
            Ok(reply) if reply == text.as_bytes() => {}
            _ => return ExitCode::FAILURE,
        }
    }
    ExitCode::SUCCESS
}

fn module_is_loaded() -> TestResult {
    let modules = std::fs::read_to_string("/proc/modules").map_err(|e| e.to_string())?;
    check(
        modules.lines().any(|l| l.starts_with("genltest ")),
        "genltest in /proc/modules",
    )?;
    check(
        std::path::Path::new(genltest::ping::PING_PATH).exists(),
        "the ping file exists",
    )
}

fn cli_version_and_help() -> TestResult {
    let out = cli(&["--version"]);
    expect_status(&out, 0)?;
    check(
        out.stdout.starts_with("genltest "),
        "--version prints the name",
    )?;
    let help = cli(&["--help"]);
    expect_status(&help, 0)?;
    check(
        help.stdout.contains("Exit codes:"),
        "--help documents exit codes",
    )
}

fn classic_echo_roundtrip(payload: &[u8]) -> TestResult {
    let mut c = classic::Client::open().map_err(|e| e.to_string())?;
    let reply = c.echo(payload, false).map_err(|e| e.to_string())?;
    check_eq(&reply.payload[..], payload, "echoed payload")
}

fn classic_echo_empty_payload() -> TestResult {
    classic_echo_roundtrip(b"")
}

fn classic_echo_one_byte() -> TestResult {
    classic_echo_roundtrip(b"x")
}

fn classic_echo_all_256_byte_values() -> TestResult {
    let all: Vec<u8> = (0..=255).collect();
    classic_echo_roundtrip(&all)
}

fn classic_echo_maximum_payload() -> TestResult {
    classic_echo_roundtrip(&vec![0xa5; MAX_PAYLOAD])
}

fn classic_echo_over_limit() -> TestResult {
    let mut c = classic::Client::open().map_err(|e| e.to_string())?;
    let err = c.echo(&vec![b'x'; MAX_PAYLOAD + 1], false).err();
    expect_kernel_error(err, libc::EMSGSIZE, Some(malformed::CLASSIC_LONG), None).map(drop)
}

fn classic_unknown_type() -> TestResult {
    let answers = raw_classic(|buf| {
        MessageBuilder::new(buf, 0x11, NLM_F_REQUEST, 7)
            .bytes(b"hi")
            .finish();
    })?;
    let ack = only_ack(&answers)?;
    check_ack(&ack, libc::EOPNOTSUPP, Some(malformed::CLASSIC_TYPE), None)?;
    check_eq(ack.request.seq, 7, "acked sequence")
}

fn classic_ack_on_request() -> TestResult {
    let answers = raw_classic(|buf| {
        MessageBuilder::new(buf, GENLTEST_MSG_ECHO, NLM_F_REQUEST | NLM_F_ACK, 9)
            .bytes(b"ack me")
            .finish();
    })?;
    check_eq(answers.len(), 2, "reply and ACK")?;
    check_eq(answers[0].ty, GENLTEST_MSG_ECHO, "first the echo")?;
    check_eq(&answers[0].payload[..], b"ack me", "echo payload")?;
    let ack = answers[1].ack.as_ref().ok_or("second is not an ACK")?;
    check_eq(ack.error, 0, "ACK error code")?;
    check_eq(ack.request.seq, 9, "ACK sequence")
}

fn classic_reply_to_sender_port() -> TestResult {
    // A lying nlmsg_pid must not redirect the reply, and the reply's header names the
    // socket's own port.
    let (port, answers) = raw_classic_on_port(|buf| {
        MessageBuilder::new(buf, GENLTEST_MSG_ECHO, NLM_F_REQUEST, 3)
            .bytes(b"mine")
            .finish();
        buf[12..16].copy_from_slice(&12345u32.to_ne_bytes());
    })?;
    check_eq(answers.len(), 1, "one reply")?;
    check_eq(&answers[0].payload[..], b"mine", "payload")?;
    check_eq(answers[0].seq, 3, "reply sequence")?;
    check_eq(
        answers[0].pid,
        port,
        "reply's nlmsg_pid: the socket's own port",
    )
}

fn classic_batch() -> TestResult {
    let answers = raw_classic(|buf| {
        for (seq, text) in [(1u32, &b"one"[..]), (2, b"two"), (3, b"three")] {
            MessageBuilder::new(buf, GENLTEST_MSG_ECHO, NLM_F_REQUEST, seq)
                .bytes(text)
                .finish();
        }
        MessageBuilder::new(buf, 0x42, NLM_F_REQUEST, 4).finish();
    })?;
    check_eq(answers.len(), 4, "three echoes and one error")?;
    for (i, text) in [&b"one"[..], b"two", b"three"].iter().enumerate() {
        check_eq(answers[i].seq, i as u32 + 1, "sequence")?;
        check_eq(&answers[i].payload[..], *text, "payload")?;
    }
    let ack = answers[3]
        .ack
        .as_ref()
        .ok_or("the fourth answer is not an error")?;
    check_eq(ack.request.seq, 4, "the error answers the fourth message")?;
    check_ack(ack, libc::EOPNOTSUPP, Some(malformed::CLASSIC_TYPE), None)
}

fn classic_two_sockets() -> TestResult {
    let mut a = classic::Client::open().map_err(|e| e.to_string())?;
    let mut b = classic::Client::open().map_err(|e| e.to_string())?;
    check(a.port_id() != b.port_id(), "distinct port ids")?;
    let ra = a.echo(b"from a", false).map_err(|e| e.to_string())?;
    let rb = b.echo(b"from b", false).map_err(|e| e.to_string())?;
    check_eq(&ra.payload[..], b"from a", "a's reply")?;
    check_eq(&rb.payload[..], b"from b", "b's reply")
}

fn classic_cli_echo_and_ack() -> TestResult {
    let out = cli(&["classic", "echo", "hello"]);
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "hello\n", "stdout")?;
    let out = cli(&["classic", "echo", "--ack", "hi"]);
    expect_status(&out, 0)?;
    let ack = out
        .stderr
        .strip_prefix("ack: seq 1 port ")
        .unwrap_or_default();
    check(
        ack.strip_suffix('\n')
            .is_some_and(|p| p.parse::<u32>().is_ok_and(|p| p != 0)),
        &format!("the ACK reported as 'ack: seq 1 port N': {:?}", out.stderr),
    )
}

fn classic_three_listeners() -> TestResult {
    let listeners: Vec<_> = (0..3)
        .map(|_| {
            Listener::spawn(
                &["classic", "listen", "--count", "3", "--timeout", "20"],
                false,
            )
        })
        .collect::<Result<_, _>>()?;
    for text in ["first", "second", "third"] {
        write_ping(text.as_bytes()).map_err(|e| format!("ping: {e}"))?;
    }
    for l in listeners {
        let out = l.finish()?;
        expect_status(&out, 0)?;
        check_eq(
            out.stdout.as_str(),
            "first\nsecond\nthird\n",
            "listener output",
        )?;
    }
    Ok(())
}

fn classic_nonroot_listener() -> TestResult {
    let l = Listener::spawn(
        &["classic", "listen", "--count", "1", "--timeout", "20"],
        true,
    )?;
    write_ping(b"to nobody").map_err(|e| e.to_string())?;
    let out = l.finish()?;
    expect_status(&out, 0)?;
    check_eq(
        out.stdout.as_str(),
        "to nobody\n",
        "non-root listener output",
    )
}

fn classic_echo_in_netns() -> TestResult {
    let out = run(
        "unshare",
        &["-n", "/bin/genltest", "classic", "echo", "in a namespace"],
    );
    expect_status(&out, 0)?;
    check_eq(
        out.stdout.as_str(),
        "in a namespace\n",
        "echo in a new namespace",
    )
}

fn classic_other_netns_no_ping() -> TestResult {
    // Notifications are published in the initial namespace only (documented choice).
    let inside = Listener::spawn_cmd(
        "unshare",
        &[
            "-n",
            "/bin/genltest",
            "classic",
            "listen",
            "--count",
            "1",
            "--timeout",
            "3",
        ],
    )?;
    let here = Listener::spawn(
        &["classic", "listen", "--count", "1", "--timeout", "20"],
        false,
    )?;
    write_ping(b"init only").map_err(|e| e.to_string())?;
    let out = here.finish()?;
    check_eq(
        out.stdout.as_str(),
        "init only\n",
        "listener in the initial namespace",
    )?;
    let other = inside.finish()?;
    expect_status(&other, 5)?;
    check_eq(other.stdout.as_str(), "", "listener in another namespace")
}

fn ping_without_listener() -> TestResult {
    write_ping(b"nobody hears this").map_err(|e| format!("ping failed: {e}"))?;
    let out = cli(&["ping", "also fine"]);
    expect_status(&out, 0)
}

fn ping_strips_one_newline() -> TestResult {
    let l = Listener::spawn(&["listen", "--count", "2", "--timeout", "20"], false)?;
    write_ping(b"hi\n").map_err(|e| e.to_string())?;
    write_ping(b"two\n\n").map_err(|e| e.to_string())?;
    let out = l.finish()?;
    check_eq(out.stdout.as_str(), "hi\ntwo\n\n", "texts")
}

fn ping_refuses_bad_text() -> TestResult {
    for (what, text) in [
        ("only a newline", b"\n".to_vec()),
        ("1025 bytes", vec![b'x'; 1025]),
        (
            "1025 bytes and a newline",
            [vec![b'x'; 1025], b"\n".to_vec()].concat(),
        ),
        ("a NUL byte", b"a\0b".to_vec()),
    ] {
        let err = write_ping(&text).err().ok_or(format!("{what}: accepted"))?;
        check_eq(err.raw_os_error(), Some(libc::EINVAL), what)?;
    }
    write_ping(&vec![b'y'; 1024]).map_err(|e| format!("1024 bytes: {e}"))?;
    let out = cli(&["ping", "\n"]);
    expect_status(&out, 2)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: ping: the kernel refused the text (EINVAL): it must be 1 to 1024 bytes \
         after one trailing newline is removed, without NUL bytes\n",
        "the CLI's explanation",
    )
}

fn ping_as_nonroot() -> TestResult {
    let out = run_as_nobody("/bin/genltest", &["ping", "hello"]);
    expect_status(&out, 4)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: ping: cannot open /sys/kernel/genltest/ping: permission denied: run it as \
         root\n",
        "the CLI says permission denied",
    )
}

/// Sends an `ECHO` request whose attributes `attrs` adds, and returns the one ACK.
fn raw_echo(attrs: impl FnOnce(MessageBuilder<'_>) -> MessageBuilder<'_>) -> Result<Ack, String> {
    raw_genl(|buf, id| {
        let m = MessageBuilder::new(buf, id, NLM_F_REQUEST | NLM_F_ACK, 1)
            .genl(Cmd::Echo as u8, FAMILY_VERSION);
        attrs(m).finish();
    })
}

fn genl_echo_texts() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    for text in [&b""[..], b"x", "grüß dich, 世界".as_bytes(), &[b'z'; 1024]] {
        let reply = c.echo(text).map_err(|e| e.to_string())?;
        check_eq(&reply[..], text, "echo")?;
    }
    let out = cli(&["echo", "via the CLI"]);
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "via the CLI\n", "CLI echo")
}

fn genl_echo_too_long() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let err = c.echo(&[b'x'; 1025]).err();
    let attr = expect_kernel_error(
        err,
        libc::EINVAL,
        Some(malformed::POLICY_FAILED),
        Some(malformed::FIRST_ATTR),
    )?;
    check_eq(attr.as_deref(), Some("MSG"), "offending attribute")
}

fn genl_echo_missing_msg() -> TestResult {
    let ack = raw_echo(|m| m)?;
    check_ack(&ack, libc::EINVAL, Some(malformed::MSG_MISSING), None)?;
    check_eq(ack.missing_type, Some(Attr::Msg as u32), "missing type")
}

fn genl_echo_msg_without_nul() -> TestResult {
    let ack = raw_echo(|m| m.attr(Attr::Msg as u16, b"no nul"))?;
    check_ack(&ack, libc::EINVAL, Some(malformed::POLICY_FAILED), Some(20))
}

fn genl_echo_msg_embedded_nul() -> TestResult {
    let ack = raw_echo(|m| m.attr(Attr::Msg as u16, b"ab\0cd\0"))?;
    check_ack(&ack, libc::EINVAL, Some(malformed::MSG_NUL), Some(20))
}

/// The check for a NUL before the end of MSG runs while the text is copied into the
/// reply, a word at a time: a NUL at every position of a 1024-byte text is found, and
/// bytes with the high bit set (which the word test must not mistake for NUL) pass.
fn genl_echo_nul_anywhere_in_a_long_msg() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    let high: Vec<u8> = (0..1024).map(|i| 0x80 | (i as u8)).collect();
    check_eq(
        c.echo(&high).map_err(|e| e.to_string())?,
        high.clone(),
        "bytes 0x80 to 0xff echoed",
    )?;
    for at in 0..1024 {
        let mut text = vec![b'n'; 1024];
        text[at] = 0;
        text.push(0);
        let ack = raw_echo(|m| m.attr(Attr::Msg as u16, &text))?;
        check_ack(&ack, libc::EINVAL, Some(malformed::MSG_NUL), Some(20))
            .map_err(|e| format!("NUL at byte {at}: {e}"))?;
    }
    Ok(())
}

fn genl_echo_msg_as_u32() -> TestResult {
    let ack = raw_echo(|m| m.attr_u32(Attr::Msg as u16, 0x01020304))?;
    check_ack(&ack, libc::EINVAL, Some(malformed::POLICY_FAILED), Some(20))
}

fn genl_echo_unknown_attr() -> TestResult {
    let ack = raw_echo(|m| m.attr_str(Attr::Msg as u16, b"ok").attr_u32(2, 5))?;
    check_ack(&ack, libc::EINVAL, Some(malformed::UNKNOWN_TYPE), Some(28))
}

fn genl_echo_nested_flag() -> TestResult {
    let ack = raw_echo(|m| m.attr(Attr::Msg as u16 | NLA_F_NESTED, b"x\0"))?;
    check_ack(
        &ack,
        libc::EINVAL,
        Some(malformed::NESTED_NOT_EXPECTED),
        Some(20),
    )
}

fn genl_unknown_command() -> TestResult {
    let ack = raw_genl(|buf, id| {
        MessageBuilder::new(buf, id, NLM_F_REQUEST | NLM_F_ACK, 1)
            .genl(99, FAMILY_VERSION)
            .finish();
    })?;
    // The Generic Netlink core refuses it without an extack message.
    check_ack(&ack, libc::EOPNOTSUPP, None, None)
}

fn genl_reserved_field() -> TestResult {
    let ack = raw_genl(|buf, id| {
        MessageBuilder::new(buf, id, NLM_F_REQUEST | NLM_F_ACK, 1)
            .genl_reserved(Cmd::Echo as u8, FAMILY_VERSION, 1)
            .attr_str(Attr::Msg as u16, b"x")
            .finish();
    })?;
    check_ack(&ack, libc::EINVAL, Some(malformed::RESERVED_FIELD), None)
}

fn genl_dump_on_do_only() -> TestResult {
    let ack = raw_genl(|buf, id| {
        MessageBuilder::new(buf, id, NLM_F_REQUEST | NLM_F_DUMP, 1)
            .genl(Cmd::Echo as u8, FAMILY_VERSION)
            .finish();
    })?;
    // The Generic Netlink core finds no dump operation and says no more.
    check_ack(&ack, libc::EOPNOTSUPP, None, None)
}

fn genl_ping_listeners() -> TestResult {
    write_ping(b"zero listeners").map_err(|e| e.to_string())?;
    for n in [1usize, 3] {
        let ls: Vec<_> = (0..n)
            .map(|_| Listener::spawn(&["listen", "--count", "3", "--timeout", "20"], false))
            .collect::<Result<_, _>>()?;
        for t in ["a", "b", "c"] {
            write_ping(t.as_bytes()).map_err(|e| e.to_string())?;
        }
        for l in ls {
            let out = l.finish()?;
            expect_status(&out, 0)?;
            check_eq(out.stdout.as_str(), "a\nb\nc\n", "listener output")?;
        }
    }
    Ok(())
}

fn genl_history() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.reset().map_err(|e| e.to_string())?;
    let texts: Vec<Vec<u8>> = (0..100)
        .map(|i| format!("{i:04}").into_bytes().repeat(256))
        .collect();
    for t in &texts {
        c.echo(t).map_err(|e| e.to_string())?;
    }
    let (entries, datagrams) = history_counting_datagrams(&mut c)?;
    check_eq(entries.len(), 64, "entries")?;
    check(
        datagrams >= 2,
        &format!("dump spans several buffers ({datagrams} datagrams)"),
    )?;
    for (i, e) in entries.iter().enumerate() {
        check_eq(&e.msg, &texts[36 + i], "entry text")?;
        check_eq(e.portid, c.port_id(), "entry port id")?;
        if i > 0 {
            check(e.id == entries[i - 1].id + 1, "ids increase by one")?;
        }
    }
    Ok(())
}

fn genl_stats() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.reset().map_err(|e| e.to_string())?;
    let zero = c.stats().map_err(|e| e.to_string())?;
    check_eq(zero, family::Stats::default(), "after reset")?;
    c.echo(b"12345").map_err(|e| e.to_string())?;
    c.echo(b"123").map_err(|e| e.to_string())?;
    let _ = c.echo(&[b'x'; 2000]);
    write_ping(b"unheard").map_err(|e| e.to_string())?;
    let l = Listener::spawn(&["listen", "--count", "1", "--timeout", "20"], false)?;
    write_ping(b"heard").map_err(|e| e.to_string())?;
    l.finish()?;
    let s = c.stats().map_err(|e| e.to_string())?;
    check_eq(
        s.echo_requests,
        2,
        "echo requests (the refused one not counted)",
    )?;
    check_eq(s.echo_bytes, 8, "echo bytes")?;
    check_eq(s.pings, 2, "pings")?;
    // Two pings, each on both protocols; only the genl listener listened.
    check_eq(s.notify_delivered, 1, "delivered")?;
    check_eq(s.notify_no_listener, 3, "no listener")?;
    check_eq(s.notify_dropped, 0, "dropped")
}

fn genl_reset_needs_admin() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.echo(b"kept").map_err(|e| e.to_string())?;
    let before = (
        c.stats().map_err(|e| e.to_string())?,
        c.history().map_err(|e| e.to_string())?,
    );
    let out = run_as_nobody("/bin/genltest", &["reset"]);
    expect_status(&out, 4)?;
    // GENL_ADMIN_PERM: the core refuses it with a bare EPERM, before the module sees it.
    check_eq(
        out.stderr.as_str(),
        "genltest: reset: the kernel answered EPERM\n",
        "the refusal",
    )?;
    let after = (
        c.stats().map_err(|e| e.to_string())?,
        c.history().map_err(|e| e.to_string())?,
    );
    check_eq(
        after,
        before,
        "counters and history after the refused RESET",
    )?;
    let out = cli(&["reset"]);
    expect_status(&out, 0)
}

/// `RESET` clears the counters and the history; history ids go on increasing (so a
/// dump resuming after "the last id sent" never repeats one).
fn genl_reset_clears_counters_and_history() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    for text in [&b"one"[..], b"two", b"three"] {
        c.echo(text).map_err(|e| e.to_string())?;
    }
    write_ping(b"counted").map_err(|e| e.to_string())?;
    let before = c.history().map_err(|e| e.to_string())?;
    let stats = c.stats().map_err(|e| e.to_string())?;
    check(
        before.len() >= 3 && stats.echo_requests >= 3 && stats.pings >= 1,
        &format!("something to clear: {} entries, {stats:?}", before.len()),
    )?;
    let last_id = before.iter().map(|e| e.id).max().unwrap_or(0);
    let out = cli(&["reset"]);
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "", "reset prints nothing")?;
    check_eq(
        c.stats().map_err(|e| e.to_string())?,
        family::Stats::default(),
        "every counter after RESET",
    )?;
    check_eq(
        c.history().map_err(|e| e.to_string())?.len(),
        0,
        "history entries after RESET",
    )?;
    c.echo(b"after reset").map_err(|e| e.to_string())?;
    let after = c.history().map_err(|e| e.to_string())?;
    check_eq(
        after
            .iter()
            .map(|e| (e.msg.clone(), e.portid))
            .collect::<Vec<_>>(),
        vec![(b"after reset".to_vec(), c.port_id())],
        "the history holds only the new echo",
    )?;
    check(
        after[0].id > last_id,
        &format!(
            "the new id {} follows the old ones (up to {last_id})",
            after[0].id
        ),
    )
}

fn genl_concurrent() -> TestResult {
    let mut c = family::Client::open().map_err(|e| e.to_string())?;
    c.reset().map_err(|e| e.to_string())?;
    let workers: Vec<_> = (0..4)
        .map(|i| {
            std::process::Command::new("/bin/genltest-vm-tests")
                .args(["--echo-worker", &i.to_string(), "200"])
                .spawn()
                .map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    for mut w in workers {
        let status = w.wait().map_err(|e| e.to_string())?;
        check(status.success(), "every worker got every reply right")?;
    }
    let s = c.stats().map_err(|e| e.to_string())?;
    check_eq(s.echo_requests, 800, "all requests counted")
}

fn genl_info() -> TestResult {
    let out = cli(&["info"]);
    expect_status(&out, 0)?;
    for needle in [
        "family genltest",
        "version 1",
        "echo        1  cmd-cap-do,cmd-cap-haspol",
        "get-stats   2  cmd-cap-do,cmd-cap-haspol",
        "history     3  cmd-cap-do,cmd-cap-dump,cmd-cap-haspol",
        "reset       4  admin-perm,cmd-cap-do,cmd-cap-haspol",
        "mcgrp",
        // Each policy with the bounds the kernel reports.
        "MSG nul-string max-len 1024",
        "COUNT u32 1..4096",
    ] {
        check(
            out.stdout.contains(needle),
            &format!("info shows {needle:?}:\n{}", out.stdout),
        )?;
    }
    // One line per operation of the spec, with the flags nlctrl reports, by the names of
    // nlctrl's spec.
    for op in genltest::gen::genltest::FAMILY.ops {
        let start = format!("  {:<10} {:>2}  ", op.name, op.cmd);
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(&start))
            .ok_or_else(|| format!("info lists {}:\n{}", op.name, out.stdout))?;
        let flags: Vec<&str> = line[start.len()..].split(',').collect();
        check_eq(
            (
                flags.contains(&"cmd-cap-do"),
                flags.contains(&"cmd-cap-dump"),
                flags.contains(&"admin-perm"),
            ),
            (op.doit.is_some(), op.dumpit.is_some(), op.admin_perm),
            &format!("{line}: do, dump, admin-perm"),
        )?;
    }
    Ok(())
}

fn cli_errors() -> TestResult {
    let long = "x".repeat(1025);
    let out = cli(&["echo", &long]);
    expect_status(&out, 1)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: echo: the kernel answered EINVAL: Attribute failed policy validation \
         (attribute MSG) [at byte 20 of the request]\n",
        "one line: operation, errno, extack message, attribute and offset",
    )?;
    let out = cli(&["classic", "echo", &long]);
    expect_status(&out, 1)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: classic echo: the kernel answered EMSGSIZE: genltest: echo payload is \
         longer than 1024 bytes\n",
        "one line: operation, errno and extack message",
    )?;
    let out = cli(&["echo", &"y".repeat(70000)]);
    expect_status(&out, 2)?;
    let out = cli(&["frobnicate"]);
    expect_status(&out, 2)
}

fn cli_json() -> TestResult {
    let out = cli(&["--json", "echo", "j"]);
    expect_status(&out, 0)?;
    check_eq(out.stdout.trim(), r#"{"msg":"j"}"#, "json echo")?;
    let out = cli(&["--json", "stats"]);
    expect_status(&out, 0)?;
    check(out.stdout.contains("\"echo-requests\""), "json stats")?;
    // One name for a port id in every document: portid, as the spec's attribute.
    let out = cli(&["--json", "classic", "echo", "--ack", "p"]);
    expect_status(&out, 0)?;
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).map_err(|e| e.to_string())?;
    check(
        doc["portid"].as_u64().is_some_and(|p| p != 0) && doc.get("port").is_none(),
        &format!("classic echo: portid: {doc}"),
    )?;
    let out = cli(&["--json", "history"]);
    expect_status(&out, 0)?;
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).map_err(|e| e.to_string())?;
    let last = doc
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .unwrap_or_default();
    check(
        last["portid"].as_u64().is_some() && last.get("port").is_none(),
        &format!("history: portid: {doc}"),
    )?;
    // An error of the kernel, as one JSON object on stderr.
    let out = cli(&["--json", "echo", &"x".repeat(1025)]);
    expect_status(&out, 1)?;
    check_eq(out.stdout.as_str(), "", "nothing on stdout")?;
    let err: serde_json::Value = serde_json::from_str(&out.stderr)
        .map_err(|e| format!("stderr is not JSON ({e}): {}", out.stderr))?;
    check_eq(
        err,
        serde_json::json!({
            "error": "echo: the kernel answered EINVAL: Attribute failed policy validation \
                      (attribute MSG) [at byte 20 of the request]",
            "exit": 1,
            "errno": "EINVAL",
            "extack": "Attribute failed policy validation",
            "attr": "MSG",
            "offset": 20,
        }),
        "the error as JSON",
    )
}

/// A listener subscribed while the module goes away holds no reference (rmmod works)
/// and keeps running: it got what was sent before, and the unregistration took it out
/// of the group, so the reloaded family's notifications do not reach it. A fresh
/// listener gets them.
fn genl_listener_survives_reload() -> TestResult {
    // Two notifications or 12 seconds: it must see one, then time out (exit 5).
    let mut old = Listener::spawn(&["listen", "--count", "2", "--timeout", "12"], false)?;
    write_ping(b"before unload").map_err(|e| e.to_string())?;
    rmmod()?;
    insmod()?;
    let fresh = Listener::spawn(&["listen", "--count", "1", "--timeout", "20"], false)?;
    check(
        old.running(),
        "the old listener is still running after the reload (raise its --timeout if the \
         reload took longer)",
    )?;
    write_ping(b"after reload").map_err(|e| e.to_string())?;
    let out = fresh.finish()?;
    expect_status(&out, 0)?;
    check_eq(out.stdout.as_str(), "after reload\n", "a fresh listener")?;
    let out = old.finish()?;
    check_eq(
        out.stdout.as_str(),
        "before unload\n",
        "the old listener: the ping before the unload, nothing from the new family",
    )?;
    expect_status(&out, 5)?;
    check_eq(
        out.stderr.as_str(),
        "genltest: listen: 1 of 2 notifications arrived before the timeout\n",
        "the old listener's end",
    )
}

fn module_refcnt() -> Result<String, String> {
    std::fs::read_to_string("/sys/module/genltest/refcnt")
        .map(|s| s.trim().to_owned())
        .map_err(|e| format!("refcnt: {e}"))
}

fn classic_socket_pins_module() -> TestResult {
    check_eq(module_refcnt()?.as_str(), "0", "references before")?;
    let l = Listener::spawn(
        &["classic", "listen", "--count", "1", "--timeout", "60"],
        false,
    )?;
    check_eq(
        module_refcnt()?.as_str(),
        "1",
        "references while one unit-31 socket is open",
    )?;
    // The kernel's answer: the module is in use (EWOULDBLOCK for a non-blocking unload).
    check_eq(
        lifecycle::unload(),
        Err(nix::errno::Errno::EWOULDBLOCK),
        "delete_module while a unit-31 socket is open",
    )?;
    // And the words of kmod's rmmod, as the README quotes them.
    let out = run("/bin/host-run", &["rmmod", "genltest"]);
    check_eq(
        (out.status, out.stderr.as_str()),
        (1, "rmmod: ERROR: Module genltest is in use\n"),
        "kmod's rmmod while a unit-31 socket is open",
    )?;
    write_ping(b"still here").map_err(|e| e.to_string())?;
    check_eq(
        l.finish()?.stdout.as_str(),
        "still here\n",
        "listener still works",
    )?;
    check_eq(
        module_refcnt()?.as_str(),
        "0",
        "references once the socket is closed",
    )?;
    rmmod()?;
    insmod()?;
    classic_echo_roundtrip(b"reloaded")
}

fn cli_reports_not_loaded() -> TestResult {
    rmmod()?;
    let classic = cli(&["classic", "echo", "x"]);
    let genl = cli(&["echo", "x"]);
    let ping = cli(&["ping", "x"]);
    insmod()?;
    for (out, why) in [
        (&classic, "classic: no kernel socket on Netlink unit 31"),
        (
            &genl,
            "resolve family: no Generic Netlink family named 'genltest'",
        ),
        (&ping, "ping: /sys/kernel/genltest/ping does not exist"),
    ] {
        expect_status(out, 3)?;
        check_eq(
            out.stderr.clone(),
            format!("genltest: {why}: genltest is not loaded: run 'insmod genltest.ko'\n"),
            "says the module is not loaded, and why",
        )?;
    }
    Ok(())
}
