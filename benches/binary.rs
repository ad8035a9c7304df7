//! Binary trace context and the Server-Timing `trace` metric against the
//! text traceparent codec on the same context (there is no other Rust crate
//! for the binary form to compare with).
//!
//! `cargo bench --bench binary`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tracewire::binary::{traceparent as bin, tracestate as bts};
use tracewire::{ServerTiming, TraceParent, TraceStateRef};

const TEXT: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const HEADER: &[u8] = b"cache;dur=23.2, db;desc=\"select, join\";dur=53, trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const STATE: &[u8] = b"congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,foo=34f067aa0ba902b7,bar=0.25";

fn traceparent(c: &mut Criterion) {
    let tp = TraceParent::parse(TEXT).unwrap();
    let bytes = bin::encode(&tp);
    // Same answer from both forms, checked once outside the timed loops.
    assert_eq!(bin::parse(&bytes).unwrap(), tp);

    let mut g = c.benchmark_group("traceparent_parse");
    g.throughput(Throughput::Elements(1));
    g.bench_function("binary_29", |b| b.iter(|| bin::parse(black_box(&bytes))));
    g.bench_function("text_55", |b| {
        b.iter(|| TraceParent::parse(black_box(TEXT)))
    });
    g.finish();

    let mut g = c.benchmark_group("traceparent_encode");
    g.throughput(Throughput::Elements(1));
    g.bench_function("binary_29", |b| b.iter(|| bin::encode(black_box(&tp))));
    g.bench_function("text_55", |b| b.iter(|| black_box(&tp).encode()));
    g.finish();
}

fn tracestate(c: &mut Criterion) {
    let ts = TraceStateRef::parse(STATE).unwrap();
    let mut buf = [0u8; 128];
    let n = bts::encode_into(&ts, &mut buf).unwrap();
    let bytes = buf[..n].to_vec();
    assert_eq!(
        bts::parse(&bytes, Some(0)).unwrap().to_string(),
        ts.to_string()
    );

    let mut g = c.benchmark_group("tracestate_parse");
    g.throughput(Throughput::Bytes(STATE.len() as u64));
    g.bench_function("binary", |b| {
        b.iter(|| bts::parse(black_box(&bytes), Some(0)).map(|t| t.len()))
    });
    g.bench_function("text", |b| {
        b.iter(|| TraceStateRef::parse(black_box(STATE)).map(|t| t.len()))
    });
    g.finish();
}

fn server_timing(c: &mut Criterion) {
    let m = ServerTiming::parse(HEADER).unwrap().unwrap();
    assert_eq!(m.context(), TraceParent::parse(TEXT).unwrap());

    let mut g = c.benchmark_group("server_timing");
    g.throughput(Throughput::Bytes(HEADER.len() as u64));
    g.bench_function("find_among_metrics", |b| {
        b.iter(|| ServerTiming::parse(black_box(HEADER)))
    });
    g.bench_function("encode", |b| b.iter(|| black_box(&m).encode()));
    g.finish();
}

criterion_group!(benches, traceparent, tracestate, server_timing);
criterion_main!(benches);
