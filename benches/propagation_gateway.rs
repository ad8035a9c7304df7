//! Per-request propagation cost through `http::HeaderMap`, as a gateway pays
//! it: read the incoming traceparent from a request's header map (~10 other
//! fields), then write the child's traceparent (a new span id) into the
//! outgoing header map (~10 other fields, the previous traceparent replaced).
//!
//! tracewire: `Participant::from_carrier` + `Participant::inject`.
//! opentelemetry_sdk 0.33: `TraceContextPropagator::extract` through
//! `opentelemetry_http::HeaderExtractor`, a child `SpanContext` with a new
//! span id, `inject_context` through `HeaderInjector`.
//! Both draw the span id from the same RNG type (`StdRng`).
//!
//! ```sh
//! cargo bench --bench propagation_gateway --features http,rand_core
//! ```
//! Results: benches/README.md, "propagation through HeaderMap".

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, HeaderName, HeaderValue};
use opentelemetry::Context;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt};
use opentelemetry_http::{HeaderExtractor, HeaderInjector};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tracewire::propagation::{Decision, Participant};

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// A typical request's fields, without trace context.
fn ordinary_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    for (n, v) in [
        ("host", "api.example.com"),
        (
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0",
        ),
        ("accept", "application/json, text/plain, */*"),
        ("accept-encoding", "gzip, deflate, br"),
        ("accept-language", "en-US,en;q=0.5"),
        ("content-type", "application/json"),
        ("content-length", "348"),
        (
            "authorization",
            "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.abc",
        ),
        ("x-request-id", "f058ebd6-02f7-4d3f-942e-904344e8cde5"),
        ("x-forwarded-for", "203.0.113.195, 70.41.3.18"),
    ] {
        h.append(HeaderName::from_static(n), HeaderValue::from_static(v));
    }
    h
}

fn incoming() -> HeaderMap {
    let mut h = ordinary_headers();
    h.append("traceparent", HeaderValue::from_static(TRACEPARENT));
    h
}

fn tracewire_extract(incoming: &HeaderMap, rng: &mut StdRng) -> Participant {
    Participant::from_carrier(incoming, rng)
}

fn tracewire_inject(p: &Participant, outgoing: &mut HeaderMap, rng: &mut StdRng) {
    // The carrier is a HeaderMap: it never runs out of room.
    let _ = p.inject(outgoing, rng);
}

fn otel_extract(prop: &TraceContextPropagator, incoming: &HeaderMap) -> Context {
    prop.extract(&HeaderExtractor(incoming))
}

fn otel_inject(
    prop: &TraceContextPropagator,
    cx: &Context,
    outgoing: &mut HeaderMap,
    rng: &mut StdRng,
) {
    // What a tracer does for a child: same trace, a new span id.
    let parent = cx.span().span_context().clone();
    let child = SpanContext::new(
        parent.trace_id(),
        SpanId::from(rng.next_u64()),
        parent.trace_flags(),
        false,
        parent.trace_state().clone(),
    );
    let child_cx = Context::new().with_remote_span_context(child);
    prop.inject_context(&child_cx, &mut HeaderInjector(outgoing));
}

fn traceparent_of(h: &HeaderMap) -> String {
    let mut all = h.get_all("traceparent").iter();
    let v = all.next().expect("one traceparent");
    assert!(all.next().is_none(), "exactly one traceparent");
    v.to_str().expect("ascii").to_owned()
}

/// Both sides give the same answer, checked once outside the timed loops:
/// same trace-id and flags, a new span id, one traceparent field.
fn check_same_answer() {
    let mut rng = StdRng::seed_from_u64(1);
    let incoming = incoming();

    let p = tracewire_extract(&incoming, &mut rng);
    assert!(matches!(p.decision(), Decision::Continued(_)));
    let mut out = ordinary_headers();
    tracewire_inject(&p, &mut out, &mut rng);
    let ours = traceparent_of(&out);
    // CAR-04: no tracestate field when there is no member.
    assert_eq!(out.len(), 11);

    let prop = TraceContextPropagator::new();
    let cx = otel_extract(&prop, &incoming);
    assert!(cx.span().span_context().is_valid());
    let mut out = ordinary_headers();
    otel_inject(&prop, &cx, &mut out, &mut rng);
    let theirs = traceparent_of(&out);

    for tp in [&ours, &theirs] {
        assert_eq!(tp.len(), 55);
        assert_eq!(&tp[3..35], TRACE_ID);
        assert_ne!(&tp[36..52], "00f067aa0ba902b7");
        assert_eq!(&tp[53..], "01");
    }
    // The SDK always writes tracestate, empty here: one field more.
    assert_eq!(out.len(), 12);
    assert_eq!(
        out.get("tracestate").map(HeaderValue::as_bytes),
        Some(&b""[..])
    );
}

fn propagation_through_headermap(c: &mut Criterion) {
    check_same_answer();
    let incoming = incoming();
    let prop = TraceContextPropagator::new();
    let mut rng = StdRng::seed_from_u64(7);
    let mut g = c.benchmark_group("propagation through HeaderMap");

    g.bench_function("extract/tracewire", |b| {
        b.iter(|| black_box(tracewire_extract(black_box(&incoming), &mut rng)));
    });
    g.bench_function("extract/opentelemetry_sdk", |b| {
        b.iter(|| black_box(otel_extract(&prop, black_box(&incoming))));
    });

    let p = tracewire_extract(&incoming, &mut rng);
    let cx = otel_extract(&prop, &incoming);
    let mut out = ordinary_headers();
    g.bench_function("inject/tracewire", |b| {
        b.iter(|| tracewire_inject(black_box(&p), black_box(&mut out), &mut rng));
    });
    let mut out = ordinary_headers();
    g.bench_function("inject/opentelemetry_sdk", |b| {
        b.iter(|| otel_inject(&prop, black_box(&cx), black_box(&mut out), &mut rng));
    });

    let mut out = ordinary_headers();
    g.bench_function("extract+inject/tracewire", |b| {
        b.iter(|| {
            let p = tracewire_extract(black_box(&incoming), &mut rng);
            tracewire_inject(&p, black_box(&mut out), &mut rng);
        });
    });
    let mut out = ordinary_headers();
    g.bench_function("extract+inject/opentelemetry_sdk", |b| {
        b.iter(|| {
            let cx = otel_extract(&prop, black_box(&incoming));
            otel_inject(&prop, &cx, black_box(&mut out), &mut rng);
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = propagation_through_headermap
}
criterion_main!(benches);
