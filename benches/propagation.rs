//! Propagation through OpenTelemetry's `TextMapPropagator`: tracewire's
//! `adapters::otel` propagators against opentelemetry_sdk 0.33's, through the
//! same calls (`extract`, `inject_context`), with a `HashMap<String, String>`
//! carrier and an `http::HeaderMap` carrier (wrapped as opentelemetry-http
//! 0.33 does: `get`, `keys`, `get_all` collecting a `Vec`). Inputs: a
//! traceparent with a 3-member tracestate, and a 3-member baggage. For
//! comparison, tracewire's native path over the `HeaderMap` (no
//! opentelemetry): `propagation::extract` and `Participant::inject`.
//!
//! Run: `cargo bench --bench propagation --features opentelemetry,http,rand_core
//! -- --warm-up-time 1 --measurement-time 3`.
//! Allocations per call are counted once, outside the timed loops, by a
//! counting global allocator, and printed to stderr; the results of both
//! propagators are compared once before timing.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use http::{HeaderMap, HeaderName, HeaderValue};
use opentelemetry::Context;
use opentelemetry::baggage::{BaggageExt, KeyValueMetadata};
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use opentelemetry_sdk::propagation as sdk;
use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use tracewire::adapters::otel;
use tracewire::propagation::{Header, Participant, extract};

#[path = "../tests/common/mod.rs"]
mod common;
use common::SplitMix;

#[path = "common/alloc_count.rs"]
mod alloc_count;
use alloc_count::allocations;

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACESTATE: &str = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,vendor@tenant=opaque-42";
const BAGGAGE: &str = "userId=alice,serverNode=DF%2028,isProduction=false";

/// `http::HeaderMap` as an opentelemetry getter, as opentelemetry-http 0.33's
/// `HeaderExtractor` does it.
struct HeaderExtractor<'a>(&'a HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(HeaderName::as_str).collect()
    }
    fn get_all(&self, key: &str) -> Option<Vec<&str>> {
        let values = self.0.get_all(key).iter();
        if let (0, Some(0)) = values.size_hint() {
            return None;
        }
        Some(values.filter_map(|v| v.to_str().ok()).collect())
    }
}

/// `http::HeaderMap` as an opentelemetry setter, as opentelemetry-http
/// 0.33's `HeaderInjector` does it.
struct HeaderInjector<'a>(&'a mut HeaderMap);

impl Injector for HeaderInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(key.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            self.0.insert(name, value);
        }
    }
}

fn hash_map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

fn header_map(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.append(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    h
}

type Prop = dyn TextMapPropagator + Send + Sync;

/// The part of extract no propagator can avoid: building the output
/// `Context` (span context with an owned `TraceState`, or the `Baggage`)
/// from already-parsed parts.
fn floor(what: &str) -> Context {
    if what == "trace_context" {
        let state = TraceState::from_key_value([
            ("rojo", "00f067aa0ba902b7"),
            ("congo", "t61rcWkgMzE"),
            ("vendor@tenant", "opaque-42"),
        ])
        .unwrap();
        Context::new().with_remote_span_context(SpanContext::new(
            TraceId::from_bytes(black_box(
                0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736_u128.to_be_bytes(),
            )),
            SpanId::from_bytes(black_box(0x00f0_67aa_0ba9_02b7_u64.to_be_bytes())),
            TraceFlags::SAMPLED,
            true,
            state,
        ))
    } else {
        Context::new().with_baggage([
            KeyValueMetadata::new("userId", "alice", ""),
            KeyValueMetadata::new("serverNode", "DF 28", ""),
            KeyValueMetadata::new("isProduction", "false", ""),
        ])
    }
}

struct Case {
    what: &'static str,
    ours: Box<Prop>,
    theirs: Box<Prop>,
    input: Vec<(&'static str, &'static str)>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            what: "trace_context",
            ours: Box::new(otel::TraceContextPropagator::new()),
            theirs: Box::new(sdk::TraceContextPropagator::new()),
            input: vec![("traceparent", TRACEPARENT), ("tracestate", TRACESTATE)],
        },
        Case {
            what: "baggage",
            ours: Box::new(otel::BaggagePropagator::new()),
            theirs: Box::new(sdk::BaggagePropagator::new()),
            input: vec![("baggage", BAGGAGE)],
        },
    ]
}

/// What a context holds, comparable across propagators.
fn summary(cx: &Context) -> (String, BTreeMap<String, (String, String)>) {
    let sc = cx.span().span_context().clone();
    let bag = cx
        .baggage()
        .iter()
        .map(|(k, (v, m))| {
            (
                k.as_str().to_string(),
                (v.as_str().to_string(), m.as_str().to_string()),
            )
        })
        .collect();
    (format!("{sc:?}"), bag)
}

/// Once, outside timing: both propagators give the same results on these
/// inputs (flags 01, so the SDK's dropping of the random bit does not show).
fn check_same(case: &Case) {
    let hm = hash_map(&case.input);
    let hd = header_map(&case.input);
    let ours = case.ours.extract(&hm);
    let theirs = case.theirs.extract(&hm);
    assert_eq!(summary(&ours), summary(&theirs), "{}", case.what);
    assert_eq!(summary(&ours), summary(&floor(case.what)), "{}", case.what);
    assert_eq!(
        summary(&case.ours.extract(&HeaderExtractor(&hd))),
        summary(&theirs)
    );
    assert_eq!(
        summary(&case.theirs.extract(&HeaderExtractor(&hd))),
        summary(&theirs)
    );
    let (mut a, mut b) = (HashMap::new(), HashMap::new());
    case.ours.inject_context(&ours, &mut a);
    case.theirs.inject_context(&ours, &mut b);
    assert_eq!(a, b, "{}", case.what);
    // opentelemetry's Baggage is a hash map: member order is arbitrary.
    let sorted = |m: &HashMap<String, String>| -> Vec<Vec<String>> {
        let mut v: Vec<Vec<String>> = m
            .values()
            .map(|v| {
                let mut parts: Vec<String> = v.split(',').map(str::to_string).collect();
                parts.sort_unstable();
                parts
            })
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(
        sorted(&a),
        sorted(&hm),
        "{}: injected = extracted",
        case.what
    );
    let (mut a, mut b) = (HeaderMap::new(), HeaderMap::new());
    case.ours.inject_context(&ours, &mut HeaderInjector(&mut a));
    case.theirs
        .inject_context(&ours, &mut HeaderInjector(&mut b));
    assert_eq!(a, b, "{}", case.what);
    assert_eq!(a.len(), hd.len());
}

/// Nanoseconds per call: the fastest of 30 rounds of 2000 calls. On a
/// loaded machine the minimum is far steadier than criterion's median, so
/// it is printed next to it.
fn min_ns(mut f: impl FnMut()) -> f64 {
    const ROUNDS: usize = 30;
    const CALLS: u32 = 2000;
    let mut best = f64::INFINITY;
    for _ in 0..ROUNDS {
        let start = std::time::Instant::now();
        for _ in 0..CALLS {
            f();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e9 / f64::from(CALLS));
    }
    best
}

fn native_extract(h: &HeaderMap) -> usize {
    let ctx = extract(h);
    let tp = ctx.traceparent().ok().flatten().map(|tp| tp.flags().bits());
    let ts = match ctx.tracestate() {
        Header::Valid(ts) => ts.iter().map(|(k, v)| k.len() + v.len()).sum(),
        _ => 0,
    };
    let bag: usize = ctx.baggage().iter().map(|m| m.value().decoded_len()).sum();
    usize::from(tp.unwrap_or(0)) + ts + bag
}

fn bench(c: &mut Criterion) {
    let all = cases();
    for case in &all {
        check_same(case);
    }
    // Native: the same carrier and the same results.
    let native_in = header_map(&[
        ("traceparent", TRACEPARENT),
        ("tracestate", TRACESTATE),
        ("baggage", BAGGAGE),
    ]);
    {
        let ctx = extract(&native_in);
        assert!(ctx.traceparent().unwrap().is_some());
        assert_eq!(ctx.tracestate().valid().unwrap().iter().count(), 3);
        assert_eq!(ctx.baggage().iter().count(), 3);
        let mut rng = SplitMix(7);
        let me = Participant::from_carrier(&native_in, &mut rng);
        let mut out = HeaderMap::new();
        me.inject(&mut out, &mut rng).unwrap();
        assert_eq!(out["tracestate"], TRACESTATE);
        assert_eq!(out["baggage"], BAGGAGE);
        assert!(
            out["traceparent"]
                .to_str()
                .unwrap()
                .starts_with(&TRACEPARENT[..36])
        );
    }

    for case in &all {
        let hm = hash_map(&case.input);
        let hd = header_map(&case.input);
        let cx = case.ours.extract(&hm);
        let peers: [(&str, &Prop); 2] = [("tracewire", &*case.ours), ("sdk", &*case.theirs)];

        // Allocation counts, once, outside timing.
        for (who, p) in peers {
            let e_hm = allocations(|| p.extract(&hm));
            let e_hd = allocations(|| p.extract(&HeaderExtractor(&hd)));
            let mut out_hm = hm.clone();
            let mut out_hd = hd.clone();
            let i_hm = allocations(|| p.inject_context(&cx, &mut out_hm));
            let i_hd = allocations(|| p.inject_context(&cx, &mut HeaderInjector(&mut out_hd)));
            eprintln!(
                "allocations {} {who}: extract HashMap {e_hm}, extract HeaderMap {e_hd}, \
                 inject HashMap {i_hm}, inject HeaderMap {i_hd}",
                case.what
            );
        }

        eprintln!(
            "allocations {} floor (output Context only): {}",
            case.what,
            allocations(|| floor(case.what))
        );
        // Fastest-round timing, ours and the SDK's interleaved per call kind.
        eprintln!(
            "min-of-rounds {} floor: {:.0} ns",
            case.what,
            min_ns(|| drop(black_box(floor(black_box(case.what)))))
        );
        for (who, p) in peers {
            let e_hm = min_ns(|| drop(black_box(p.extract(black_box(&hm)))));
            let e_hd = min_ns(|| drop(black_box(p.extract(&HeaderExtractor(black_box(&hd))))));
            let mut out_hm = hm.clone();
            let i_hm = min_ns(|| p.inject_context(black_box(&cx), &mut out_hm));
            let mut out_hd = hd.clone();
            let i_hd =
                min_ns(|| p.inject_context(black_box(&cx), &mut HeaderInjector(&mut out_hd)));
            eprintln!(
                "min-of-rounds {} {who}: extract HashMap {e_hm:.0} ns, extract HeaderMap {e_hd:.0} ns, \
                 inject HashMap {i_hm:.0} ns, inject HeaderMap {i_hd:.0} ns",
                case.what
            );
        }
        let mut g = c.benchmark_group(format!("propagation/{}", case.what));
        g.bench_function("extract_floor", |b| b.iter(|| floor(black_box(case.what))));
        for (who, p) in peers {
            g.bench_function(BenchmarkId::new("extract_hashmap", who), |b| {
                b.iter(|| p.extract(black_box(&hm)));
            });
            g.bench_function(BenchmarkId::new("extract_headermap", who), |b| {
                b.iter(|| p.extract(&HeaderExtractor(black_box(&hd))));
            });
            let mut out_hm = hm.clone();
            g.bench_function(BenchmarkId::new("inject_hashmap", who), |b| {
                b.iter(|| p.inject_context(black_box(&cx), &mut out_hm));
            });
            let mut out_hd = hd.clone();
            g.bench_function(BenchmarkId::new("inject_headermap", who), |b| {
                b.iter(|| p.inject_context(black_box(&cx), &mut HeaderInjector(&mut out_hd)));
            });
        }
        g.finish();
    }

    // Native path over the HeaderMap: all three headers at once.
    let mut rng = SplitMix(7);
    let me = Participant::from_carrier(&native_in, &mut rng);
    let mut out = native_in.clone();
    let e = allocations(|| native_extract(&native_in));
    let p = allocations(|| Participant::from_carrier(&native_in, &mut SplitMix(7)));
    let i = allocations(|| me.inject(&mut out, &mut rng).unwrap());
    eprintln!(
        "allocations native (all 3 headers): extract {e}, Participant::from_carrier {p}, inject {i}"
    );
    {
        let mut out = native_in.clone();
        let mut rng = SplitMix(9);
        eprintln!(
            "min-of-rounds native: extract {:.0} ns, Participant::from_carrier {:.0} ns, inject {:.0} ns",
            min_ns(|| {
                black_box(native_extract(black_box(&native_in)));
            }),
            min_ns(|| {
                black_box(Participant::from_carrier(
                    black_box(&native_in),
                    &mut SplitMix(7),
                ));
            }),
            min_ns(|| {
                black_box(me.inject(&mut out, &mut rng).unwrap());
            })
        );
    }
    let mut g = c.benchmark_group("propagation/native");
    g.bench_function("extract_headermap", |b| {
        b.iter(|| native_extract(black_box(&native_in)));
    });
    g.bench_function("participant_from_carrier_headermap", |b| {
        b.iter(|| Participant::from_carrier(black_box(&native_in), &mut rng));
    });
    g.bench_function("inject_headermap", |b| {
        b.iter(|| me.inject(&mut out, &mut rng).unwrap());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
