//! tracestate: parse + iterate and encode, tracewire against
//! `opentelemetry::trace::TraceState` (`from_str`, `header()`), on a
//! 3-member and a 32-member (511-byte) list.
//!
//! Run: `cargo bench --bench tracestate -- --warm-up-time 1 --measurement-time 3`.
//! Allocations per call are counted once, outside the timed loops, by a
//! counting global allocator, and printed to stderr.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use opentelemetry::trace::TraceState as OtelTraceState;
use std::hint::black_box;
use std::str::FromStr;
use tracewire::{TraceState, TraceStateRef};

#[path = "common/alloc_count.rs"]
mod alloc_count;
use alloc_count::allocations;

fn three() -> String {
    "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,vendor@tenant=opaque-42".to_owned()
}

fn thirty_two() -> String {
    (0..32)
        .map(|i| format!("vendor{i:02}=val{i:03}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn inputs() -> Vec<(&'static str, String)> {
    let big = thirty_two();
    assert_eq!(big.len(), 511);
    vec![("3", three()), ("32", big)]
}

/// Sum of key and value lengths: consumes every member.
fn touch<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> usize {
    it.map(|(k, v)| black_box(k).len() + black_box(v).len())
        .sum()
}

fn check_same(input: &str) {
    let ours = TraceStateRef::parse(input.as_bytes()).expect("tracewire parses");
    let peer = OtelTraceState::from_str(input).expect("opentelemetry parses");
    let a: Vec<(&str, &str)> = ours.iter().collect();
    let b: Vec<(&str, &str)> = peer.into_iter().collect();
    assert_eq!(a, b, "same members");
    let owned = TraceState::<512>::try_from(&ours).expect("fits");
    assert_eq!(owned.as_str(), peer.header(), "same encoding");
}

fn parse_iter(c: &mut Criterion) {
    let mut g = c.benchmark_group("tracestate/parse_iter");
    for (name, input) in inputs() {
        check_same(&input);
        let ours = allocations(|| touch(TraceStateRef::parse(input.as_bytes()).unwrap().iter()));
        let peer = allocations(|| touch(OtelTraceState::from_str(&input).unwrap().into_iter()));
        eprintln!(
            "allocations per parse+iterate, {name} members: tracewire {ours}, opentelemetry {peer}"
        );
        assert_eq!(ours, 0);
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("tracewire", name), &input, |b, s| {
            b.iter(|| {
                let ts = TraceStateRef::parse(black_box(s.as_bytes())).unwrap();
                touch(ts.iter())
            });
        });
        g.bench_with_input(
            BenchmarkId::new("opentelemetry_from_str", name),
            &input,
            |b, s| {
                b.iter(|| {
                    let ts = OtelTraceState::from_str(black_box(s)).unwrap();
                    touch(ts.into_iter())
                });
            },
        );
    }
    g.finish();
}

fn encode(c: &mut Criterion) {
    let mut g = c.benchmark_group("tracestate/encode");
    for (name, input) in inputs() {
        check_same(&input);
        let view = TraceStateRef::parse(input.as_bytes()).unwrap();
        let owned = TraceState::<512>::try_from(&view).unwrap();
        let peer = OtelTraceState::from_str(&input).unwrap();
        let mut buf = [0u8; 512];
        let ours = allocations(|| owned.encode_into(&mut buf).unwrap());
        let ours_view = allocations(|| view.encode_into(&mut buf).unwrap());
        let theirs = allocations(|| peer.header());
        eprintln!(
            "allocations per encode, {name} members: tracewire owned {ours}, view {ours_view}, opentelemetry {theirs}"
        );
        assert_eq!(ours + ours_view, 0);
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_function(BenchmarkId::new("tracewire_owned", name), |b| {
            b.iter(|| black_box(&owned).encode_into(black_box(&mut buf)).unwrap());
        });
        g.bench_function(BenchmarkId::new("tracewire_view", name), |b| {
            b.iter(|| black_box(&view).encode_into(black_box(&mut buf)).unwrap());
        });
        g.bench_function(BenchmarkId::new("opentelemetry_header", name), |b| {
            b.iter(|| black_box(&peer).header());
        });
    }
    g.finish();
}

criterion_group!(benches, parse_iter, encode);
criterion_main!(benches);
