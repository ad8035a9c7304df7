//! tracestate: parse + iterate and encode, tracewire against
//! `opentelemetry::trace::TraceState` (`from_str`, `header()`), on a
//! 3-member and a 32-member (511-byte) list.
//!
//! The `tracestate/split_floor` group times ways of only cutting the list
//! into `(key, value)` pairs, checking no rule at all: a byte loop and
//! `memchr::memchr2_iter` (SIMD) over the same `&str` the peer gets, and
//! tracewire's own iterator over an already parsed view. A parser that
//! validates does this and more, so they show how fast parse + iterate could
//! at best get.
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
#[path = "common/inputs.rs"]
mod inputs;
use inputs::{thirty_two, three, touch};

fn inputs() -> Vec<(&'static str, String)> {
    let big = thirty_two();
    assert_eq!(big.len(), 511);
    vec![("3", three()), ("32", big)]
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

/// Cuts a canonical list into members at `,` and `=` with a byte loop and
/// touches them as [`touch`] does; checks nothing.
fn split_bytes(s: &str) -> usize {
    let bytes = s.as_bytes();
    let (mut start, mut eq, mut total) = (0, 0, 0);
    for (at, b) in bytes.iter().enumerate() {
        match b {
            b'=' => eq = at,
            b',' => {
                total += cut(s, start, eq, at);
                start = at + 1;
            }
            _ => {}
        }
    }
    total + cut(s, start, eq, s.len())
}

/// As [`split_bytes`], finding `,` and `=` with `memchr::memchr2_iter`.
fn split_memchr(s: &str) -> usize {
    let (mut start, mut eq, mut total) = (0, 0, 0);
    for at in memchr::memchr2_iter(b'=', b',', s.as_bytes()) {
        if s.as_bytes()[at] == b'=' {
            eq = at;
        } else {
            total += cut(s, start, eq, at);
            start = at + 1;
        }
    }
    total + cut(s, start, eq, s.len())
}

/// Touches the key `s[start..eq]` and value `s[eq + 1..end]` as [`touch`]
/// touches a member.
fn cut(s: &str, start: usize, eq: usize, end: usize) -> usize {
    black_box(&s[start..eq]).len() + black_box(&s[eq + 1..end]).len()
}

fn split_floor(c: &mut Criterion) {
    let mut g = c.benchmark_group("tracestate/split_floor");
    for (name, input) in inputs() {
        let view = TraceStateRef::parse(input.as_bytes()).unwrap();
        let expected = touch(view.iter());
        assert_eq!(split_bytes(&input), expected);
        assert_eq!(split_memchr(&input), expected);
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("byte_loop", name), &input, |b, s| {
            b.iter(|| split_bytes(black_box(s)));
        });
        g.bench_with_input(BenchmarkId::new("memchr2", name), &input, |b, s| {
            b.iter(|| split_memchr(black_box(s)));
        });
        // tracewire's iterator over the parsed view: its own split, which
        // checks nothing either (the view is known valid).
        g.bench_function(BenchmarkId::new("tracewire_iter_only", name), |b| {
            b.iter(|| touch(black_box(&view).iter()));
        });
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

criterion_group!(benches, parse_iter, split_floor, encode);
criterion_main!(benches);
