//! Runs one operation of `benches/tracestate.rs` or `benches/baggage.rs` N
//! times, on tracewire or on its opentelemetry peer, so that
//! `scripts/instructions.py` can count its instructions under callgrind:
//! `(I(201) − I(1)) / 200` is the cost of one operation, with the setup, the
//! checks below and the first-call effects cancelled out.
//!
//! Usage: `instructions CASE SIDE N`
//!
//! - CASE: `tracestate-3`, `tracestate-32` (parse + iterate every member),
//!   `baggage-3`, `baggage-8k` (extract from a `HashMap` carrier);
//! - SIDE: `tracewire` or `peer` (opentelemetry 0.33 `TraceState::from_str`
//!   + iteration; opentelemetry_sdk 0.33 `BaggagePropagator::extract`);
//! - N: how many times to run it.
//!
//! Before the loop, every run checks that the inputs have the lengths that
//! benches/README.md states and that both sides read the same members.

use std::collections::HashMap;
use std::hint::black_box;
use std::process::ExitCode;
use std::str::FromStr;

use opentelemetry::Context;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::TraceState as OtelTraceState;
use opentelemetry_sdk::propagation::BaggagePropagator;
use tracewire::{BaggageRef, TraceStateRef};

// The inputs and tracewire's baggage extract are the benches' own.
#[path = "../../benches/common/inputs.rs"]
mod inputs;
use inputs::{SMALL, large, our_entries, ours_extract, sdk_entries, thirty_two, three, touch};

// ----- The measured operations, as the benches time them. -----

/// `tracestate/parse_iter/tracewire`.
#[inline(never)]
fn tracestate_tracewire(s: &str) -> usize {
    let ts = TraceStateRef::parse(s.as_bytes()).expect("tracewire parses");
    touch(ts.iter())
}

/// `tracestate/parse_iter/opentelemetry_from_str` (the state is dropped
/// inside, as criterion drops each output).
#[inline(never)]
fn tracestate_peer(s: &str) -> usize {
    let ts = OtelTraceState::from_str(s).expect("opentelemetry parses");
    touch(ts.into_iter())
}

/// `baggage/*/extract/opentelemetry_sdk`.
#[inline(never)]
fn baggage_peer(propagator: &BaggagePropagator, carrier: &HashMap<String, String>) -> Context {
    propagator.extract(carrier)
}

fn check_tracestate(input: &str, len: usize, members: usize) {
    assert_eq!(
        input.len(),
        len,
        "tracestate input differs from the bench's"
    );
    let ours = TraceStateRef::parse(input.as_bytes()).expect("tracewire parses");
    let peer = OtelTraceState::from_str(input).expect("opentelemetry parses");
    let a: Vec<(&str, &str)> = ours.iter().collect();
    let b: Vec<(&str, &str)> = peer.into_iter().collect();
    assert_eq!(a, b, "same members");
    assert_eq!(a.len(), members);
}

fn check_baggage(carrier: &HashMap<String, String>, len: usize, members: usize) {
    let header = &carrier["baggage"];
    assert_eq!(header.len(), len, "baggage input differs from the bench's");
    let view = BaggageRef::parse(header.as_bytes()).expect("valid header");
    let sdk = sdk_entries(&BaggagePropagator::new().extract(carrier));
    assert_eq!(sdk, our_entries(&view), "same entries");
    assert_eq!(sdk.len(), members);
}

const USAGE: &str =
    "usage: instructions tracestate-3|tracestate-32|baggage-3|baggage-8k tracewire|peer N";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [case, side, n] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<u32>() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let peer = match side.as_str() {
        "tracewire" => false,
        "peer" => true,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut total = 0usize;
    match case.as_str() {
        "tracestate-3" | "tracestate-32" => {
            let (input, len, members) = if case == "tracestate-3" {
                (three(), 63, 3)
            } else {
                (thirty_two(), 511, 32)
            };
            check_tracestate(&input, len, members);
            let run = if peer {
                tracestate_peer
            } else {
                tracestate_tracewire
            };
            for _ in 0..n {
                total += black_box(run(black_box(&input)));
            }
        }
        "baggage-3" | "baggage-8k" => {
            let (input, len, members) = if case == "baggage-3" {
                (SMALL.to_owned(), 50, 3)
            } else {
                (large(), 8127, 64)
            };
            let carrier: HashMap<String, String> =
                [("baggage".to_owned(), input)].into_iter().collect();
            check_baggage(&carrier, len, members);
            let propagator = BaggagePropagator::new();
            let mut buf = [0u8; 256];
            if peer {
                for _ in 0..n {
                    // Dropped here, as criterion drops each output.
                    drop(black_box(baggage_peer(&propagator, black_box(&carrier))));
                }
            } else {
                for _ in 0..n {
                    total += black_box(ours_extract(black_box(&carrier), &mut buf));
                }
            }
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    println!("{total}");
    ExitCode::SUCCESS
}
