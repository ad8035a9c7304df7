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

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use std::process::ExitCode;
use std::str::FromStr;

use opentelemetry::Context;
use opentelemetry::baggage::BaggageExt;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::TraceState as OtelTraceState;
use opentelemetry_sdk::propagation::BaggagePropagator;
use tracewire::{BaggageRef, TraceStateRef};

// ----- Inputs: copies of the benches' builders; they must stay equal. -----
// `main` checks the lengths that benches/README.md gives for them.

/// benches/tracestate.rs `three()`: 63 bytes.
fn tracestate_3() -> String {
    "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,vendor@tenant=opaque-42".to_owned()
}

/// benches/tracestate.rs `thirty_two()`: 511 bytes.
fn tracestate_32() -> String {
    (0..32)
        .map(|i| format!("vendor{i:02}=val{i:03}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// benches/baggage.rs `SMALL`: 50 bytes.
const BAGGAGE_3: &str = "userId=alice,serverNode=DF%2028,isProduction=false";

/// benches/baggage.rs `large()`: 64 members, 8127 bytes.
fn baggage_8k() -> String {
    let members: Vec<String> = (0..64)
        .map(|i| {
            format!(
                "member{i:02}=Am%C3%A9lie%20{i:02}%2C%22quoted%22%20DF%2028%20{pad};ttl={i:02};region=eu-west-1;internal",
                pad = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"
            )
        })
        .collect();
    members.join(",")
}

// ----- The measured operations, as the benches time them. -----

/// benches/tracestate.rs `touch`: sum of key and value lengths.
fn touch<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> usize {
    it.map(|(k, v)| black_box(k).len() + black_box(v).len())
        .sum()
}

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

/// benches/baggage.rs `ours_extract`: read the field, parse leniently,
/// decode every value and property value into `buf`.
#[inline(never)]
fn baggage_tracewire(carrier: &HashMap<String, String>, buf: &mut [u8]) -> usize {
    let Some(field) = carrier.get("baggage") else {
        return 0;
    };
    let mut total = 0;
    for m in &BaggageRef::lenient(field.as_bytes()) {
        total += m.key().len();
        total += m.value().decode_into(buf).map_or(0, str::len);
        for p in m.properties() {
            total += p.key().len();
            if let Some(v) = p.value() {
                total += v.decode_into(buf).map_or(0, str::len);
            }
        }
    }
    total
}

/// `baggage/*/extract/opentelemetry_sdk`.
#[inline(never)]
fn baggage_peer(propagator: &BaggagePropagator, carrier: &HashMap<String, String>) -> Context {
    propagator.extract(carrier)
}

// ----- Checks, outside the counted difference. -----

/// benches/baggage.rs `sdk_entries`: key → (value, metadata `p=v;p`).
fn sdk_entries(cx: &Context) -> BTreeMap<String, (String, String)> {
    cx.baggage()
        .iter()
        .map(|(k, (v, m))| {
            (
                k.as_str().to_owned(),
                (v.as_str().to_owned(), m.as_str().to_owned()),
            )
        })
        .collect()
}

/// benches/baggage.rs `our_entries`: the same shape from tracewire.
fn our_entries(b: &BaggageRef<'_>) -> BTreeMap<String, (String, String)> {
    b.iter()
        .map(|m| {
            let meta: Vec<String> = m
                .properties()
                .map(|p| match p.value() {
                    Some(v) => format!("{}={v}", p.key()),
                    None => p.key().to_owned(),
                })
                .collect();
            (m.key().to_owned(), (m.value().to_string(), meta.join(";")))
        })
        .collect()
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
                (tracestate_3(), 63, 3)
            } else {
                (tracestate_32(), 511, 32)
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
                (BAGGAGE_3.to_owned(), 50, 3)
            } else {
                (baggage_8k(), 8127, 64)
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
                    total += black_box(baggage_tracewire(black_box(&carrier), &mut buf));
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
