//! Host micro-benchmark of the wire codec: how long the library takes to encode an echo
//! request and to decode an echo reply, without any kernel. Run with
//! `cargo bench -p genltest --bench wire`; it prints nanoseconds per operation (median of
//! several runs). A benchmark, not a test: it asserts nothing about speed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use genltest::classic;
use genltest::family::{self, Cmd};
use genltest::wire::{GenlHeader, Messages};

/// Timed runs per figure; the median is reported.
const RUNS: usize = 7;
/// Length of one run.
const RUN_TIME: Duration = Duration::from_millis(100);

/// Runs `op` repeatedly for [`RUN_TIME`], [`RUNS`] times after one warm-up run, and
/// returns the median nanoseconds per call.
fn measure(mut op: impl FnMut()) -> f64 {
    let mut samples = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < RUN_TIME {
            for _ in 0..64 {
                op();
            }
            n += 64;
        }
        if run > 0 {
            samples.push(start.elapsed().as_nanos() as f64 / n as f64);
        }
    }
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    samples[RUNS / 2]
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!("{:<44} {:>10}", "operation", "ns/op");
    for size in [16usize, 256, 1024] {
        let text = vec![b'x'; size];
        let mut buf = Vec::with_capacity(4096);

        let ns = measure(|| {
            buf.clear();
            family::echo_request(&mut buf, 0x1a, black_box(7), black_box(&text));
            black_box(&buf);
        });
        println!(
            "{:<44} {ns:>10.1}",
            format!("encode genl echo request, {size} B")
        );

        let ns = measure(|| {
            buf.clear();
            classic::echo_request(&mut buf, black_box(7), black_box(&text), false);
            black_box(&buf);
        });
        println!(
            "{:<44} {ns:>10.1}",
            format!("encode classic echo request, {size} B")
        );

        // A reply has the request's shape: header, genl header, MSG.
        let mut reply = Vec::new();
        family::echo_request(&mut reply, 0x1a, 7, &text);
        let ns = measure(|| {
            let msg = Messages::new(black_box(&reply)).next().unwrap().unwrap();
            let (hdr, attrs) = GenlHeader::parse(msg.payload).unwrap();
            assert_eq!(hdr.cmd, Cmd::Echo as u8);
            black_box(family::msg_attr(attrs).unwrap());
        });
        println!(
            "{:<44} {ns:>10.1}",
            format!("decode genl echo reply, {size} B")
        );
    }

    // A datagram of 16 pipelined replies, walked message by message.
    let mut batch = Vec::new();
    for seq in 0..16 {
        family::echo_request(&mut batch, 0x1a, seq, b"sixteen bytes!!!");
    }
    let ns = measure(|| {
        let n = Messages::new(black_box(&batch))
            .filter(|m| m.is_ok())
            .count();
        assert_eq!(n, 16);
    });
    println!("{:<44} {ns:>10.1}", "walk a datagram of 16 messages");
}
