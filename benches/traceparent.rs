//! `traceparent` parse/encode against opentelemetry_sdk's
//! `TraceContextPropagator`, and fixed-width hex against the `hex` and
//! `faster-hex` crates, all in one run.
//!
//! Run: `cargo bench --bench traceparent -- --warm-up-time 1 --measurement-time 3`.
//! Results and ratios: benches/README.md.
//!
//! On a busy machine, `TRACEWIRE_BEST_OF=60 cargo bench --bench traceparent`
//! skips criterion and prints, for each function, the best of that many
//! timed loops (the least disturbed one), with the same inputs.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use opentelemetry::Context;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{
    SpanContext, SpanId as OtelSpanId, TraceContextExt, TraceFlags as OtelFlags,
    TraceId as OtelTraceId, TraceState as OtelTraceState,
};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tracewire::_benchable::{hex_decode, hex_encode};
use tracewire::TraceParent;

const HEADER: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACE_HEX: &[u8; 32] = b"4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN_HEX: &[u8; 16] = b"00f067aa0ba902b7";
const TRACE_BYTES: [u8; 16] = [
    0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36,
];
const SPAN_BYTES: [u8; 8] = [0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7];

fn carrier() -> HashMap<String, String> {
    let mut c = HashMap::new();
    c.insert("traceparent".to_owned(), HEADER.to_owned());
    c
}

fn otel_context() -> Context {
    let sc = SpanContext::new(
        OtelTraceId::from_bytes(TRACE_BYTES),
        OtelSpanId::from_bytes(SPAN_BYTES),
        OtelFlags::SAMPLED,
        true,
        OtelTraceState::default(),
    );
    Context::new().with_remote_span_context(sc)
}

/// Checks, once and outside the timed loops, that every contender gives the
/// same answer on the benchmark input.
fn assert_same_answers() {
    let propagator = TraceContextPropagator::new();

    // parse vs extract
    let ours = TraceParent::parse(HEADER.as_bytes()).expect("valid header");
    let cx = propagator.extract(&carrier());
    let span = cx.span();
    let theirs = span.span_context();
    assert!(theirs.is_valid());
    assert_eq!(ours.trace_id().to_bytes(), theirs.trace_id().to_bytes());
    assert_eq!(ours.parent_id().to_bytes(), theirs.span_id().to_bytes());
    assert_eq!(ours.is_sampled(), theirs.is_sampled());

    // encode vs inject
    let mut injected = HashMap::new();
    propagator.inject_context(&otel_context(), &mut injected);
    assert_eq!(
        injected.get("traceparent").map(String::as_str),
        Some(ours.encode().as_str())
    );

    // hex decode
    let mut h16 = [0u8; 16];
    let mut f16 = [0u8; 16];
    hex::decode_to_slice(TRACE_HEX, &mut h16).expect("hex");
    faster_hex::hex_decode(TRACE_HEX, &mut f16).expect("faster-hex");
    assert_eq!(hex_decode::<16>(TRACE_HEX), Some(TRACE_BYTES));
    assert_eq!((h16, f16), (TRACE_BYTES, TRACE_BYTES));
    let mut h8 = [0u8; 8];
    let mut f8 = [0u8; 8];
    hex::decode_to_slice(SPAN_HEX, &mut h8).expect("hex");
    faster_hex::hex_decode(SPAN_HEX, &mut f8).expect("faster-hex");
    assert_eq!(hex_decode::<8>(SPAN_HEX), Some(SPAN_BYTES));
    assert_eq!((h8, f8), (SPAN_BYTES, SPAN_BYTES));

    // hex encode
    let mut h32 = [0u8; 32];
    let mut f32 = [0u8; 32];
    hex::encode_to_slice(TRACE_BYTES, &mut h32).expect("hex");
    faster_hex::hex_encode(&TRACE_BYTES, &mut f32).expect("faster-hex");
    assert_eq!(hex_encode::<16, 32>(&TRACE_BYTES), *TRACE_HEX);
    assert_eq!((&h32, &f32), (TRACE_HEX, TRACE_HEX));
    let mut h16s = [0u8; 16];
    let mut f16s = [0u8; 16];
    hex::encode_to_slice(SPAN_BYTES, &mut h16s).expect("hex");
    faster_hex::hex_encode(&SPAN_BYTES, &mut f16s).expect("faster-hex");
    assert_eq!(hex_encode::<8, 16>(&SPAN_BYTES), *SPAN_HEX);
    assert_eq!((&h16s, &f16s), (SPAN_HEX, SPAN_HEX));
}

fn traceparent(c: &mut Criterion) {
    assert_same_answers();
    let propagator = TraceContextPropagator::new();

    let mut g = c.benchmark_group("traceparent/parse");
    g.throughput(Throughput::Bytes(HEADER.len() as u64));
    g.bench_function("tracewire", |b| {
        b.iter(|| TraceParent::parse(black_box(HEADER.as_bytes())))
    });
    // The same parse with the value used in place (every field read, folded
    // into one register) rather than moved whole into `black_box`, whose
    // loads straddle the parser's stores of the 32-byte `Result`
    // (store-forwarding stalls).
    g.bench_function("tracewire_used_in_place", |b| {
        b.iter(|| TraceParent::parse(black_box(HEADER.as_bytes())).map(in_place))
    });
    // The same parse behind a carrier lookup, as a propagator would do it.
    let map = carrier();
    g.bench_function("tracewire_from_hashmap", |b| {
        b.iter(|| {
            black_box(&map)
                .get("traceparent")
                .map(|v| TraceParent::parse(v.as_bytes()))
        })
    });
    g.bench_function("opentelemetry_sdk_extract", |b| {
        b.iter(|| propagator.extract(black_box(&map)))
    });
    g.finish();

    let tp = TraceParent::parse(HEADER.as_bytes()).expect("valid header");
    let cx = otel_context();
    let mut g = c.benchmark_group("traceparent/encode");
    g.throughput(Throughput::Bytes(TraceParent::LEN as u64));
    g.bench_function("tracewire", |b| b.iter(|| black_box(&tp).encode()));
    let mut out = HashMap::new();
    g.bench_function("opentelemetry_sdk_inject", |b| {
        b.iter(|| propagator.inject_context(black_box(&cx), &mut out))
    });
    g.finish();
}

fn hex_decode_group(c: &mut Criterion) {
    fn group<const N: usize>(c: &mut Criterion, name: &str, digits: &[u8]) {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(digits.len() as u64));
        g.bench_function("tracewire", |b| {
            b.iter(|| hex_decode::<N>(black_box(digits)))
        });
        g.bench_function("hex", |b| {
            b.iter(|| {
                let mut out = [0u8; N];
                hex::decode_to_slice(black_box(digits), &mut out).map(|()| out)
            })
        });
        g.bench_function("faster_hex", |b| {
            b.iter(|| {
                let mut out = [0u8; N];
                faster_hex::hex_decode(black_box(digits), &mut out).map(|_| ())?;
                Ok::<_, faster_hex::Error>(out)
            })
        });
        g.finish();
    }
    group::<16>(c, "hex_decode/16", TRACE_HEX);
    group::<8>(c, "hex_decode/8", SPAN_HEX);
}

fn hex_encode_group(c: &mut Criterion) {
    fn group<const N: usize, const M: usize>(c: &mut Criterion, name: &str, bytes: &[u8; N]) {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(N as u64));
        g.bench_function("tracewire", |b| {
            b.iter(|| hex_encode::<N, M>(black_box(bytes)))
        });
        g.bench_function("hex", |b| {
            b.iter(|| {
                let mut out = [0u8; M];
                hex::encode_to_slice(black_box(bytes), &mut out).map(|()| out)
            })
        });
        g.bench_function("faster_hex", |b| {
            b.iter(|| {
                let mut out = [0u8; M];
                faster_hex::hex_encode(black_box(bytes), &mut out).map(|_| ())?;
                Ok::<_, faster_hex::Error>(out)
            })
        });
        g.finish();
    }
    group::<16, 32>(c, "hex_encode/16", &TRACE_BYTES);
    group::<8, 16>(c, "hex_encode/8", &SPAN_BYTES);
}

criterion_group!(benches, traceparent, hex_decode_group, hex_encode_group);

/// Every field of a parsed value folded into one register, so the value is
/// used in place and none of the parser's work can be skipped.
fn in_place(tp: TraceParent) -> u128 {
    tp.trace_id().to_u128()
        ^ u128::from(tp.parent_id().to_u64())
        ^ u128::from(tp.flags().bits())
        ^ u128::from(tp.version())
}

/// Best-of-`n` timing: each function runs in `n` loops of fixed length, and
/// the fastest loop's time per call is printed, with the ratio to the
/// tracewire function of its group.
fn best_of(n: u32) {
    fn time<R>(n: u32, iters: u32, mut f: impl FnMut() -> R) -> f64 {
        let mut best = f64::MAX;
        for _ in 0..n {
            let start = std::time::Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            best = best.min(start.elapsed().as_secs_f64() * 1e9 / f64::from(iters));
        }
        best
    }
    fn report(group: &str, rows: &[(&str, f64)]) {
        let ours = rows.first().map_or(1.0, |r| r.1);
        for (name, ns) in rows {
            println!("{group:20} {name:28} {ns:8.2} ns  {:6.1}x", ns / ours);
        }
    }
    assert_same_answers();
    let propagator = TraceContextPropagator::new();
    let map = carrier();
    let tp = TraceParent::parse(HEADER.as_bytes()).expect("valid header");
    let cx = otel_context();
    let mut out = HashMap::new();
    let (fast, slow) = (200_000, 20_000);
    report(
        "traceparent/parse",
        &[
            (
                "tracewire",
                time(n, fast, || TraceParent::parse(black_box(HEADER.as_bytes()))),
            ),
            (
                "opentelemetry_sdk_extract",
                time(n, slow, || propagator.extract(black_box(&map))),
            ),
            // The same parse with the value used in place rather than moved
            // whole into `black_box` (see `traceparent`).
            (
                "tracewire_used_in_place",
                time(n, fast, || {
                    TraceParent::parse(black_box(HEADER.as_bytes())).map(in_place)
                }),
            ),
        ],
    );
    report(
        "traceparent/encode",
        &[
            ("tracewire", time(n, fast, || black_box(&tp).encode())),
            (
                "opentelemetry_sdk_inject",
                time(n, slow, || {
                    propagator.inject_context(black_box(&cx), &mut out)
                }),
            ),
        ],
    );
    fn hex_rows<const N: usize, const M: usize>(
        n: u32,
        group: &str,
        digits: &[u8],
        bytes: &[u8; N],
    ) {
        report(
            &format!("hex_decode/{N}"),
            &[
                (
                    "tracewire",
                    time(n, 200_000, || hex_decode::<N>(black_box(digits))),
                ),
                (
                    "hex",
                    time(n, 200_000, || {
                        let mut o = [0u8; N];
                        hex::decode_to_slice(black_box(digits), &mut o).map(|()| o)
                    }),
                ),
                (
                    "faster_hex",
                    time(n, 200_000, || {
                        let mut o = [0u8; N];
                        faster_hex::hex_decode(black_box(digits), &mut o).map(|_| ())?;
                        Ok::<_, faster_hex::Error>(o)
                    }),
                ),
            ],
        );
        report(
            group,
            &[
                (
                    "tracewire",
                    time(n, 200_000, || hex_encode::<N, M>(black_box(bytes))),
                ),
                (
                    "hex",
                    time(n, 200_000, || {
                        let mut o = [0u8; M];
                        hex::encode_to_slice(black_box(bytes), &mut o).map(|()| o)
                    }),
                ),
                (
                    "faster_hex",
                    time(n, 200_000, || {
                        let mut o = [0u8; M];
                        faster_hex::hex_encode(black_box(bytes), &mut o).map(|_| ())?;
                        Ok::<_, faster_hex::Error>(o)
                    }),
                ),
            ],
        );
    }
    hex_rows::<16, 32>(n, "hex_encode/16", TRACE_HEX, &TRACE_BYTES);
    hex_rows::<8, 16>(n, "hex_encode/8", SPAN_HEX, &SPAN_BYTES);
}

fn main() {
    if let Some(n) = std::env::var("TRACEWIRE_BEST_OF")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        best_of(n);
        return;
    }
    // What `criterion_main!(benches)` expands to.
    benches();
    Criterion::default().configure_from_args().final_summary();
}
