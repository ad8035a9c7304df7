//! The `opentelemetry` adapter: the propagator contract (CAR-28..CAR-35),
//! opentelemetry_sdk 0.33's own propagator test vectors rewritten as data,
//! a differential test against the SDK on spec-valid input, and the
//! conversions.
//!
//! The SDK vectors were read in opentelemetry_sdk-0.33.1/src/propagation/
//! trace_context.rs and baggage.rs (`mod tests`). Each vector states OUR
//! expected result; where the SDK expects something else because it deviates
//! from the spec, the vector carries the SDK's result too and a note naming
//! the rule. Every such difference is listed in the module docs of
//! `tracewire::adapters::otel`.
#![cfg(feature = "opentelemetry")]

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use opentelemetry::baggage::{Baggage as OtelBaggage, BaggageExt, KeyValueMetadata};
use opentelemetry::propagation::{
    Extractor as OtelExtractor, Injector as OtelInjector, TextMapCompositePropagator,
    TextMapPropagator,
};
use opentelemetry::trace::{
    SpanContext, SpanId as OtelSpanId, TraceContextExt, TraceFlags as OtelFlags,
    TraceId as OtelTraceId, TraceState as OtelTraceState,
};
use opentelemetry::{Context, KeyValue, StringValue, Value};
use opentelemetry_sdk::propagation as sdk;
use proptest::prelude::*;
use tracewire::adapters::otel::{
    BaggagePropagator, RefusedByOpenTelemetry, TraceContextPropagator,
};
use tracewire::{
    Baggage, BaggageRef, ErrorKind, SpanId, TraceFlags, TraceId, TraceParent, TraceState,
    TraceStateRef,
};

const T: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const P: &str = "00f067aa0ba902b7";

fn tp(flags: &str) -> String {
    format!("00-{T}-{P}-{flags}")
}

// ------------------------------------------------------------ carriers

/// A getter with `get_all`: every value of a name in carrier order, names
/// matched ASCII case-insensitively (as HTTP).
#[derive(Default)]
struct Multi(Vec<(String, String)>);

impl Multi {
    fn new(pairs: &[(&str, &str)]) -> Self {
        Self(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        )
    }
}

impl OtelExtractor for Multi {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_str()).collect()
    }
    fn get_all(&self, key: &str) -> Option<Vec<&str>> {
        let all: Vec<&str> = self
            .0
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .collect();
        (!all.is_empty()).then_some(all)
    }
}

/// The same storage, but a getter WITHOUT `get_all` (the trait's default
/// falls back to `get`, i.e. the first value only).
struct GetOnly(Multi);

impl OtelExtractor for GetOnly {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key)
    }
    fn keys(&self) -> Vec<&str> {
        self.0.keys()
    }
}

/// A setter that records every `set` call, in order.
#[derive(Default)]
struct Recorder(Vec<(String, String)>);

impl OtelInjector for Recorder {
    fn set(&mut self, key: &str, value: String) {
        self.0.push((key.to_string(), value));
    }
}

fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

fn span_context(cx: &Context) -> SpanContext {
    cx.span().span_context().clone()
}

/// The baggage of a context as a sorted map key → (value, metadata).
fn bag(cx: &Context) -> BTreeMap<String, (String, String)> {
    cx.baggage()
        .iter()
        .map(|(k, (v, m))| {
            (
                k.as_str().to_string(),
                (v.as_str().to_string(), m.as_str().to_string()),
            )
        })
        .collect()
}

fn bag_of(pairs: &[(&str, &str, &str)]) -> BTreeMap<String, (String, String)> {
    pairs
        .iter()
        .map(|(k, v, m)| ((*k).to_string(), ((*v).to_string(), (*m).to_string())))
        .collect()
}

fn sc(trace: &str, span: &str, flags: u8, state: &str) -> SpanContext {
    SpanContext::new(
        OtelTraceId::from_hex(trace).unwrap(),
        OtelSpanId::from_hex(span).unwrap(),
        OtelFlags::new(flags),
        true,
        OtelTraceState::from_str(state).unwrap(),
    )
}

fn inject_tc(cx: &Context) -> Recorder {
    let mut out = Recorder::default();
    TraceContextPropagator::new().inject_context(cx, &mut out);
    out
}

fn inject_bg(cx: &Context) -> Recorder {
    let mut out = Recorder::default();
    BaggagePropagator::new().inject_context(cx, &mut out);
    out
}

// ------------------------------------------------------------ CAR-28..CAR-35

#[test]
fn car_28_fields() {
    let tc = TraceContextPropagator::new();
    assert_eq!(
        tc.fields().collect::<Vec<_>>(),
        ["traceparent", "tracestate"]
    );
    let bg = BaggagePropagator::new();
    assert_eq!(bg.fields().collect::<Vec<_>>(), ["baggage"]);
    // Same as the SDK's, so a swap changes nothing for users of fields().
    assert_eq!(
        tc.fields().collect::<Vec<_>>(),
        sdk::TraceContextPropagator::new()
            .fields()
            .collect::<Vec<_>>()
    );
    assert_eq!(
        bg.fields().collect::<Vec<_>>(),
        sdk::BaggagePropagator::new().fields().collect::<Vec<_>>()
    );
}

#[test]
fn car_29_get_all_duplicate_traceparent_is_invalid() {
    // TP-19: two traceparent fields, different or equal → invalid, nothing
    // extracted (and the tracestate with them is ignored, TS-14).
    let other = format!("00-12345678901234567890123456789012-{P}-01");
    for second in [tp("01"), other] {
        let carrier = Multi::new(&[
            ("traceparent", &tp("01")),
            ("TraceParent", &second),
            ("tracestate", "a=1"),
        ]);
        let cx = TraceContextPropagator::new().extract(&carrier);
        assert!(!cx.has_active_span(), "{second}");
        assert!(!span_context(&cx).is_valid());
    }
    // The SDK reads only the first one (`get`) and accepts it: a documented
    // difference (TP-19).
    let carrier = Multi::new(&[("traceparent", &tp("01")), ("traceparent", &tp("01"))]);
    assert!(span_context(&sdk::TraceContextPropagator::new().extract(&carrier)).is_valid());
}

#[test]
fn car_29_get_all_tracestate_and_baggage_fields_joined() {
    // TS-16, BG-19: several fields joined in order.
    let carrier = Multi::new(&[
        ("tracestate", "rojo=00f067aa0ba902b7"),
        ("traceparent", &tp("01")),
        ("TRACESTATE", "congo=t61rcWkgMzE"),
        ("baggage", "userId=alice"),
        ("Baggage", "serverNode=DF%2028,isProduction=false"),
    ]);
    let cx = TraceContextPropagator::new().extract(&carrier);
    assert_eq!(
        span_context(&cx).trace_state().header(),
        "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
    );
    let cx = BaggagePropagator::new().extract(&carrier);
    assert_eq!(
        bag(&cx),
        bag_of(&[
            ("userId", "alice", ""),
            ("serverNode", "DF 28", ""),
            ("isProduction", "false", ""),
        ])
    );
    // Joined fields count together: a member that is invalid in the second
    // field drops the whole tracestate (TS-12), the traceparent stays.
    let carrier = Multi::new(&[
        ("traceparent", &tp("01")),
        ("tracestate", "a=1"),
        ("tracestate", "B=2"),
    ]);
    let got = span_context(&TraceContextPropagator::new().extract(&carrier));
    assert!(got.is_valid());
    assert_eq!(got.trace_state().header(), "");
}

#[test]
fn car_29_getter_without_get_all_read_through_get() {
    // The trait's default get_all is `get` as one value: only the first of
    // each name is seen, so neither the duplicate nor the second tracestate.
    let carrier = GetOnly(Multi::new(&[
        ("traceparent", &tp("01")),
        (
            "traceparent",
            &format!("00-12345678901234567890123456789012-{P}-01"),
        ),
        ("tracestate", "a=1"),
        ("tracestate", "b=2"),
        ("baggage", "k=v"),
        ("baggage", "k2=v2"),
    ]));
    let got = span_context(&TraceContextPropagator::new().extract(&carrier));
    assert_eq!(got, sc(T, P, 0x01, "a=1"));
    let cx = BaggagePropagator::new().extract(&carrier);
    assert_eq!(bag(&cx), bag_of(&[("k", "v", "")]));
}

#[test]
fn car_30_setter_gets_lowercase_keys_and_replaces() {
    let cx = Context::new()
        .with_remote_span_context(sc(T, P, 0x01, "a=1"))
        .with_baggage([KeyValue::new("k", "v")]);
    let rec = inject_tc(&cx);
    assert_eq!(
        rec.0,
        [
            ("traceparent".to_string(), tp("01")),
            ("tracestate".to_string(), "a=1".to_string()),
        ]
    );
    let rec = inject_bg(&cx);
    assert_eq!(rec.0, [("baggage".to_string(), "k=v".to_string())]);

    // `set` replaces what the carrier held (HashMap's set is insert).
    let mut carrier = map(&[
        ("traceparent", "old"),
        ("tracestate", "old=1"),
        ("baggage", "old=1"),
        ("other", "kept"),
    ]);
    let composite = TextMapCompositePropagator::new(vec![
        Box::new(TraceContextPropagator::new()),
        Box::new(BaggagePropagator::new()),
    ]);
    composite.inject_context(&cx, &mut carrier);
    assert_eq!(
        carrier,
        map(&[
            ("traceparent", &tp("01")),
            ("tracestate", "a=1"),
            ("baggage", "k=v"),
            ("other", "kept"),
        ])
    );
}

#[test]
fn car_31_missing_or_invalid_input_leaves_context_unchanged() {
    let earlier_sc = sc(
        "12345678901234567890123456789012",
        "1234567890123456",
        0x01,
        "x=1",
    );
    let earlier = Context::new()
        .with_remote_span_context(earlier_sc.clone())
        .with_baggage([KeyValueMetadata::new("e", "1", "p")]);
    let garbage = "\u{0}\u{7f}é,;=%%";
    let inputs: Vec<HashMap<String, String>> = vec![
        map(&[]),
        map(&[("traceparent", &tp("0"))]),
        map(&[(
            "traceparent",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        )]),
        map(&[
            ("traceparent", garbage),
            ("tracestate", "a=1"),
            ("baggage", garbage),
        ]),
        map(&[("baggage", "bad member,=v,k=v;")]),
        map(&[("baggage", "  ")]),
    ];
    for carrier in &inputs {
        let cx = TraceContextPropagator::new().extract_with_context(&earlier, carrier);
        assert_eq!(span_context(&cx), earlier_sc, "{carrier:?}");
        assert_eq!(bag(&cx), bag_of(&[("e", "1", "p")]));
        let cx = BaggagePropagator::new().extract_with_context(&earlier, carrier);
        assert_eq!(span_context(&cx), earlier_sc);
        assert_eq!(bag(&cx), bag_of(&[("e", "1", "p")]), "{carrier:?}");
    }
    // From an empty context nothing is added.
    let cx = TraceContextPropagator::new().extract(&map(&[("traceparent", garbage)]));
    assert!(!cx.has_active_span());
    let cx = BaggagePropagator::new().extract(&map(&[("baggage", "bad")]));
    assert!(cx.baggage().is_empty());
}

#[test]
fn car_32_remote_ids_flags_as_parsed_and_tracestate() {
    let cases: &[(&str, u8)] = &[
        ("00-{T}-{P}-00", 0x00),
        ("00-{T}-{P}-01", 0x01),
        // TP-17, TP-24: the random-trace-id bit alone, and with sampled.
        ("00-{T}-{P}-02", 0x02),
        ("00-{T}-{P}-03", 0x03),
        // TP-08: version 00 keeps the byte as received, reserved bits too.
        ("00-{T}-{P}-ff", 0xff),
        // TP-14: a higher version keeps only 0x01 and 0x02.
        ("cc-{T}-{P}-ff-what-the-future-will-be-like", 0x03),
    ];
    for &(value, flags) in cases {
        let value = value.replace("{T}", T).replace("{P}", P);
        let carrier = map(&[("traceparent", &value), ("tracestate", "rojo=1,congo=2")]);
        let got = span_context(&TraceContextPropagator::new().extract(&carrier));
        assert!(got.is_remote(), "{value}");
        assert_eq!(got.trace_id(), OtelTraceId::from_hex(T).unwrap());
        assert_eq!(got.span_id(), OtelSpanId::from_hex(P).unwrap());
        assert_eq!(got.trace_flags().to_u8(), flags, "{value}");
        assert_eq!(got.trace_state().header(), "rojo=1,congo=2");
        assert_eq!(got.trace_state().get("congo"), Some("2"));
    }
}

#[test]
fn car_33_inject_nothing_without_valid_span_context() {
    assert!(inject_tc(&Context::new()).0.is_empty());
    assert!(
        inject_tc(&Context::new().with_remote_span_context(SpanContext::empty_context()))
            .0
            .is_empty()
    );
    // A zero span id alone is invalid too.
    let zero_span = SpanContext::new(
        OtelTraceId::from_hex(T).unwrap(),
        OtelSpanId::INVALID,
        OtelFlags::SAMPLED,
        true,
        OtelTraceState::NONE,
    );
    assert!(
        inject_tc(&Context::new().with_remote_span_context(zero_span))
            .0
            .is_empty()
    );
}

#[test]
fn car_33_version_00_and_tracestate_only_if_not_empty() {
    // Empty trace state: traceparent only (TS-19).
    let cx = Context::new().with_remote_span_context(sc(T, P, 0x01, ""));
    assert_eq!(inject_tc(&cx).0, [("traceparent".to_string(), tp("01"))]);
    // TP-15: a higher-version input goes out as 00; TP-18: reserved bits
    // cleared, random kept.
    let carrier = map(&[(
        "traceparent",
        &format!("cc-{T}-{P}-03-what-the-future-will-be-like"),
    )]);
    let cx = TraceContextPropagator::new().extract(&carrier);
    assert_eq!(inject_tc(&cx).0, [("traceparent".to_string(), tp("03"))]);
    let cx = Context::new().with_remote_span_context(sc(T, P, 0xff, "a=1,b=2"));
    assert_eq!(
        inject_tc(&cx).0,
        [
            ("traceparent".to_string(), tp("03")),
            ("tracestate".to_string(), "a=1,b=2".to_string()),
        ]
    );
}

#[test]
fn car_34_baggage_properties_as_metadata() {
    // Extract: properties become one metadata string, property values
    // decoded (BG-09, BG-13), key-only properties as they are (BG-06).
    let carrier = map(&[(
        "baggage",
        "k = v ; p1 ; p2 = a%20b ;p%41, plain=1, two=2;x=%E2%82%AC;y",
    )]);
    let cx = BaggagePropagator::new().extract(&carrier);
    assert_eq!(
        bag(&cx),
        bag_of(&[
            ("k", "v", "p1;p2=a b;p%41"),
            ("plain", "1", ""),
            ("two", "2", "x=€;y"),
        ])
    );
    // Inject: appended after `;`, property values encoded again.
    let cx = Context::new().with_baggage([
        KeyValueMetadata::new("k", "v", "p1;p2=a b"),
        KeyValueMetadata::new("e", "€", ""),
    ]);
    let rec = inject_bg(&cx);
    let [(name, value)] = rec.0.as_slice() else {
        panic!("one set call: {:?}", rec.0)
    };
    assert_eq!(name, "baggage");
    let mut members: Vec<&str> = value.split(',').collect();
    members.sort_unstable();
    assert_eq!(members, ["e=%E2%82%AC", "k=v;p1;p2=a%20b"]);
}

#[test]
fn car_34_bg_07_metadata_with_empty_parts_writes_no_empty_property() {
    // A property value holding `;` (`q=%3B`) comes back as the metadata
    // `q=;`, whose last part is empty. Inject writes the properties it can
    // (`q=`), never an empty one or one with an empty key: `ke=1;q=;` and
    // `k=v;=v` are not valid baggage (BG-07), though the SDK writes them so.
    // Found by the `otel_diff` fuzz target.
    let carrier = map(&[("baggage", "ke =  1 ;q =%3b")]);
    let cx = BaggagePropagator::new().extract(&carrier);
    assert_eq!(bag(&cx), bag_of(&[("ke", "1", "q=;")]));
    let rec = inject_bg(&cx);
    assert_eq!(rec.0, [("baggage".to_string(), "ke=1;q=".to_string())]);
    for meta in [";;p;", "p;=v", "=v;p"] {
        let cx = Context::new().with_baggage([KeyValueMetadata::new("k", "v", meta)]);
        assert_eq!(
            inject_bg(&cx).0,
            [("baggage".to_string(), "k=v;p".to_string())],
            "{meta:?}"
        );
    }
}

#[test]
fn car_35_propagators_independent() {
    // BG-22: an invalid traceparent never drops baggage, and invalid baggage
    // never affects the span context.
    let bad_tp = map(&[
        ("traceparent", &tp("0x")),
        ("tracestate", "a=1"),
        ("baggage", "k=v"),
    ]);
    let bad_bag = map(&[("traceparent", &tp("01")), ("baggage", "bad member")]);
    let tc = TraceContextPropagator::new();
    let bg = BaggagePropagator::new();

    let cx = bg.extract_with_context(&tc.extract(&bad_tp), &bad_tp);
    assert!(!cx.has_active_span());
    assert_eq!(bag(&cx), bag_of(&[("k", "v", "")]));
    let cx = bg.extract_with_context(&tc.extract(&bad_bag), &bad_bag);
    assert_eq!(span_context(&cx), sc(T, P, 0x01, ""));
    assert!(cx.baggage().is_empty());

    // The same inside a composite, in both orders.
    let orders: [Vec<Box<dyn TextMapPropagator + Send + Sync>>; 2] = [
        vec![Box::new(tc.clone()), Box::new(bg.clone())],
        vec![Box::new(bg.clone()), Box::new(tc.clone())],
    ];
    for order in orders {
        let composite = TextMapCompositePropagator::new(order);
        let cx = composite.extract(&bad_tp);
        assert!(!cx.has_active_span());
        assert_eq!(bag(&cx), bag_of(&[("k", "v", "")]));
        let cx = composite.extract(&bad_bag);
        assert_eq!(span_context(&cx), sc(T, P, 0x01, ""));
        assert!(cx.baggage().is_empty());

        // Inject: only what the context holds is written.
        let mut out = HashMap::new();
        composite.inject_context(
            &Context::new().with_baggage([KeyValue::new("k", "v")]),
            &mut out,
        );
        assert_eq!(out, map(&[("baggage", "k=v")]));
        let mut out = HashMap::new();
        composite.inject_context(
            &Context::new().with_remote_span_context(sc(T, P, 0x00, "")),
            &mut out,
        );
        assert_eq!(out, map(&[("traceparent", &tp("00"))]));
    }
}

// ------------------------------------------------------------ SDK vectors

/// One traceparent/tracestate extraction vector of the SDK.
struct TraceVector {
    traceparent: &'static str,
    tracestate: &'static str,
    /// Our result: `None` = nothing extracted, else (flags, tracestate).
    ours: Option<(u8, &'static str)>,
    /// The SDK's expectation where it differs from ours, with the rule.
    sdk: Option<(Option<(u8, &'static str)>, &'static str)>,
}

const fn ok(flags: u8) -> Option<(u8, &'static str)> {
    Some((flags, "foo=bar"))
}

/// `extract_data()` and `extract_data_invalid()` of the SDK's
/// trace_context.rs. All ids are {T} and {P} (or invalid).
const TRACE_EXTRACT: &[TraceVector] = &[
    TraceVector {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
        tracestate: "foo=bar",
        ours: ok(0x00),
        sdk: None,
    },
    TraceVector {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        tracestate: "foo=bar",
        ours: ok(0x01),
        sdk: None,
    },
    // TP-17, TP-24, CAR-32: the random bit is kept; the SDK keeps only sampled.
    TraceVector {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03",
        tracestate: "foo=bar",
        ours: ok(0x03),
        sdk: Some((ok(0x01), "TP-24: SDK keeps only the sampled bit")),
    },
    // TP-08, CAR-32: version 00 flags as parsed, reserved bits included.
    TraceVector {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09",
        tracestate: "foo=bar",
        ours: ok(0x09),
        sdk: Some((ok(0x01), "TP-08: SDK keeps only the sampled bit")),
    },
    // TP-13, TP-14: higher versions keep 0x01 and 0x02 only, so these agree.
    TraceVector {
        traceparent: "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        tracestate: "foo=bar",
        ours: ok(0x01),
        sdk: None,
    },
    TraceVector {
        traceparent: "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09",
        tracestate: "foo=bar",
        ours: ok(0x01),
        sdk: None,
    },
    TraceVector {
        traceparent: "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-08",
        tracestate: "foo=bar",
        ours: ok(0x00),
        sdk: None,
    },
    // TP-13: after a higher version the suffix starts with `-`: valid.
    TraceVector {
        traceparent: "02-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-XYZxsf09",
        tracestate: "foo=bar",
        ours: ok(0x01),
        sdk: None,
    },
    // TP-04: nothing may follow version-00 flags; the SDK's
    // split_terminator('-') swallows the trailing `-`.
    TraceVector {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        tracestate: "foo=bar",
        ours: None,
        sdk: Some((
            ok(0x01),
            "TP-04: SDK accepts a trailing `-` after version-00 flags",
        )),
    },
    // TP-13: `-` at offset 55 then the end: valid; flags 0x09 & 0x03.
    TraceVector {
        traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-",
        tracestate: "foo=bar",
        ours: ok(0x01),
        sdk: None,
    },
    // extract_data_invalid(): invalid for both.
    TraceVector {
        traceparent: "0000-00000000000000000000000000000000-0000000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-ab00000000000000000000000000000000-cd00000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-ab000000000000000000000000000000-cd0000000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-ab000000000000000000000000000000-cd00000000000000-0100",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "qw-00000000000000000000000000000000-0000000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-qw000000000000000000000000000000-cd00000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-ab000000000000000000000000000000-qw00000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-ab000000000000000000000000000000-cd00000000000000-qw",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "A0-00000000000000000000000000000000-0000000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-AB000000000000000000000000000000-cd00000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-ab000000000000000000000000000000-CD00000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-ab000000000000000000000000000000-cd00000000000000-A1",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-00000000000000000000000000000000-0000000000000000-01",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        tracestate: "",
        ours: None,
        sdk: None,
    },
    TraceVector {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-",
        tracestate: "",
        ours: None,
        sdk: None,
    },
];

fn expected_sc(want: Option<(u8, &str)>) -> SpanContext {
    match want {
        Some((flags, state)) => sc(T, P, flags, state),
        None => SpanContext::empty_context(),
    }
}

#[test]
fn car_32_sdk_trace_context_extract_vectors() {
    for v in TRACE_EXTRACT {
        let carrier = map(&[("traceparent", v.traceparent), ("tracestate", v.tracestate)]);
        let ours = span_context(&TraceContextPropagator::new().extract(&carrier));
        assert_eq!(ours, expected_sc(v.ours), "ours: {}", v.traceparent);
        // The SDK's expectation, so the table stays honest on upgrades.
        let theirs = span_context(&sdk::TraceContextPropagator::new().extract(&carrier));
        let sdk_want = v.sdk.map_or(v.ours, |(want, _why)| want);
        assert_eq!(theirs, expected_sc(sdk_want), "sdk: {}", v.traceparent);
    }
}

#[test]
fn car_33_sdk_trace_context_inject_vectors() {
    // inject_data(): (flags of the span context, our traceparent, the SDK's).
    let cases: &[(Option<u8>, &str, &str)] = &[
        (
            Some(0x01),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ),
        (
            Some(0x00),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
        ),
        // TP-18, TP-24: reserved bits cleared, the random bit written; the
        // SDK writes the sampled bit only.
        (
            Some(0xff),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ),
        // Empty context: nothing.
        (None, "", ""),
    ];
    for &(flags, ours, theirs) in cases {
        let cx = match flags {
            Some(f) => Context::new().with_remote_span_context(sc(T, P, f, "foo=bar")),
            None => Context::new().with_remote_span_context(SpanContext::empty_context()),
        };
        for (name, prop, want) in [
            (
                "ours",
                &TraceContextPropagator::new() as &dyn TextMapPropagator,
                ours,
            ),
            ("sdk", &sdk::TraceContextPropagator::new(), theirs),
        ] {
            let mut out = HashMap::new();
            prop.inject_context(&cx, &mut out);
            assert_eq!(
                out.get("traceparent").map_or("", String::as_str),
                want,
                "{name}"
            );
            let state = if flags.is_some() { "foo=bar" } else { "" };
            assert_eq!(
                out.get("tracestate").map_or("", String::as_str),
                state,
                "{name}"
            );
        }
    }
    // TS-19: with an empty state the SDK still writes an empty `tracestate`;
    // ours writes none.
    let cx = Context::new().with_remote_span_context(sc(T, P, 0x01, ""));
    let mut ours = HashMap::new();
    TraceContextPropagator::new().inject_context(&cx, &mut ours);
    let mut theirs = HashMap::new();
    sdk::TraceContextPropagator::new().inject_context(&cx, &mut theirs);
    assert_eq!(ours.get("tracestate"), None);
    assert_eq!(theirs.get("tracestate").map(String::as_str), Some(""));
}

/// `valid_extract_data()` and `valid_extract_data_with_metadata()` of the
/// SDK's baggage.rs: header → (key, value, metadata). Ours and the SDK agree
/// on every one.
/// (key, value, metadata).
type Entry = (&'static str, &'static str, &'static str);

const BAGGAGE_EXTRACT: &[(&str, &[Entry])] = &[
    (
        "key1=val1,key2=val2",
        &[("key1", "val1", ""), ("key2", "val2", "")],
    ),
    // BG-01: OWS around `=` and `,` is not part of keys or values.
    (
        "key1 =   val1,  key2 =val2   ",
        &[("key1", "val1", ""), ("key2", "val2", "")],
    ),
    (
        "key1=val1,key2=val2%2Cval3",
        &[("key1", "val1", ""), ("key2", "val2,val3", "")],
    ),
    // BG-21: the malformed members `a` and `val3` (no `=`) are dropped.
    (
        "key1=val1,key2=val2,a,val3",
        &[("key1", "val1", ""), ("key2", "val2", "")],
    ),
    ("key1=,key2=val2", &[("key1", "", ""), ("key2", "val2", "")]),
    (
        "key1=val1,key2=val2;prop=1",
        &[("key1", "val1", ""), ("key2", "val2", "prop=1")],
    ),
    (
        "key1=val1,key2=val2;prop1",
        &[("key1", "val1", ""), ("key2", "val2", "prop1")],
    ),
    (
        "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue",
        &[
            ("key1", "value1", "property1;property2"),
            ("key2", "value2", ""),
            ("key3", "value3", "propertyKey=propertyValue"),
        ],
    ),
];

#[test]
fn car_34_sdk_baggage_extract_vectors() {
    for &(header, want) in BAGGAGE_EXTRACT {
        let carrier = map(&[("baggage", header)]);
        let ours = bag(&BaggagePropagator::new().extract(&carrier));
        assert_eq!(ours, bag_of(want), "ours: {header}");
        let theirs = bag(&sdk::BaggagePropagator::new().extract(&carrier));
        assert_eq!(theirs, bag_of(want), "sdk: {header}");
    }
}

#[test]
fn bg_14_bg_15_sdk_baggage_limit_vectors() {
    // extract_caps_entry_count_at_max_baggage_items: 96 members → the first
    // 64 (BG-15 drops from the end), as the SDK.
    let header: Vec<String> = (0..96).map(|i| format!("k{i:03}=v")).collect();
    let carrier = map(&[("baggage", &header.join(","))]);
    let ours = bag(&BaggagePropagator::new().extract(&carrier));
    let want: BTreeMap<_, _> = (0..64)
        .map(|i| (format!("k{i:03}"), ("v".to_string(), String::new())))
        .collect();
    assert_eq!(ours, want);
    assert_eq!(bag(&sdk::BaggagePropagator::new().extract(&carrier)), want);

    // extract_drops_header_exceeding_max_length: a header over 8192 bytes.
    // The SDK drops it whole; ours keeps the leading members that fit in
    // 8192 bytes and drops whole members from the end (BG-14, BG-15).
    let mut header = String::new();
    let mut i = 0u32;
    while header.len() < 8192 + 256 {
        if !header.is_empty() {
            header.push(',');
        }
        header.push_str(&format!("k{i}=v{i}"));
        i += 1;
    }
    let carrier = map(&[("baggage", &header)]);
    assert!(
        sdk::BaggagePropagator::new()
            .extract(&carrier)
            .baggage()
            .is_empty()
    );
    let view = BaggageRef::lenient(header.as_bytes());
    let ours = bag(&BaggagePropagator::new().extract(&carrier));
    let want: BTreeMap<_, _> = view
        .iter()
        .map(|m| (m.key().to_string(), (m.value().to_string(), String::new())))
        .collect();
    assert_eq!(want.len(), 64, "the 64-member limit binds first here");
    assert_eq!(ours, want);
    // And a single 8192-byte member passes whole (BG-14) through both.
    let big = format!("a={}", "7".repeat(8190));
    let carrier = map(&[("baggage", &big)]);
    assert_eq!(
        bag(&BaggagePropagator::new().extract(&carrier))["a"]
            .0
            .len(),
        8190
    );
    assert_eq!(
        bag(&sdk::BaggagePropagator::new().extract(&carrier))["a"]
            .0
            .len(),
        8190
    );
}

/// Entries, our members, the SDK's members where they differ.
type InjectVector = (
    Vec<KeyValueMetadata>,
    Vec<&'static str>,
    Option<Vec<&'static str>>,
);

/// `valid_inject_data()` and `valid_inject_data_metadata()`: entries → our
/// members, and the SDK's where they differ. Members are compared as a set
/// (opentelemetry's `Baggage` is a hash map, so the order is arbitrary).
fn baggage_inject_vectors() -> Vec<InjectVector> {
    vec![
        (
            vec![
                KeyValue::new("key1", "val1").into(),
                KeyValue::new("key2", "val2").into(),
            ],
            vec!["key1=val1", "key2=val2"],
            None,
        ),
        // BG-12: `=` is a baggage-octet and is written as it is; the SDK
        // escapes it.
        (
            vec![
                KeyValue::new("key1", "val1,val2").into(),
                KeyValue::new("key2", "val3=4").into(),
            ],
            vec!["key1=val1%2Cval2", "key2=val3=4"],
            Some(vec!["key1=val1%2Cval2", "key2=val3%3D4"]),
        ),
        (
            vec![
                KeyValue::new("key1", true).into(),
                KeyValue::new("key2", Value::I64(123)).into(),
                KeyValue::new("key3", Value::F64(123.567)).into(),
            ],
            vec!["key1=true", "key2=123", "key3=123.567"],
            None,
        ),
        (
            vec![
                KeyValue::new("key1", Value::Array(vec![true, false].into())).into(),
                KeyValue::new("key2", Value::Array(vec![123, 456].into())).into(),
                KeyValue::new(
                    "key3",
                    Value::Array(vec![StringValue::from("val1"), StringValue::from("val2")].into()),
                )
                .into(),
            ],
            vec![
                "key1=[true%2Cfalse]",
                "key2=[123%2C456]",
                "key3=[%22val1%22%2C%22val2%22]",
            ],
            None,
        ),
        (
            vec![
                KeyValueMetadata::new("key1", "val1", "prop1"),
                KeyValue::new("key2", "val2").into(),
                KeyValueMetadata::new("key3", "val3", "anykey=anyvalue"),
            ],
            vec!["key1=val1;prop1", "key2=val2", "key3=val3;anykey=anyvalue"],
            None,
        ),
    ]
}

fn injected_members(prop: &dyn TextMapPropagator, cx: &Context) -> Vec<String> {
    let mut out = HashMap::new();
    prop.inject_context(cx, &mut out);
    let mut members: Vec<String> = out
        .get("baggage")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    members.sort_unstable();
    members
}

#[test]
fn car_34_sdk_baggage_inject_vectors() {
    for (entries, ours, sdk_differs) in baggage_inject_vectors() {
        let cx = Context::new().with_baggage(entries);
        let got = injected_members(&BaggagePropagator::new(), &cx);
        let mut want = ours.clone();
        want.sort_unstable();
        assert_eq!(got, want);
        let got = injected_members(&sdk::BaggagePropagator::new(), &cx);
        let mut want = sdk_differs.unwrap_or(ours);
        want.sort_unstable();
        assert_eq!(got, want);
    }
}

/// The other baggage differences named in the module docs, one example each.
#[test]
fn bg_sdk_baggage_differences_pinned() {
    let ours = BaggagePropagator::new();
    let theirs = sdk::BaggagePropagator::new();
    let one = |cx: &Context| -> Vec<String> { injected_members(&ours, cx) };
    let sdk_one = |cx: &Context| -> Vec<String> { injected_members(&theirs, cx) };

    // BG-12: `%` is written `%25`; the SDK leaves it (and `\`) raw.
    let cx = Context::new().with_baggage([KeyValue::new("k", "50%\\")]);
    assert_eq!(one(&cx), ["k=50%25%5C"]);
    assert_eq!(sdk_one(&cx), ["k=50%\\"]);
    // BG-12: spaces around a value are encoded, never trimmed; the SDK trims.
    let cx = Context::new().with_baggage([KeyValue::new("k", " v ")]);
    assert_eq!(one(&cx), ["k=%20v%20"]);
    assert_eq!(sdk_one(&cx), ["k=v"]);
    // BG-13: metadata is written as properties (values encoded, non-token
    // keys dropped); the SDK appends the metadata raw.
    let cx = Context::new().with_baggage([KeyValueMetadata::new("k", "v", "p=a b;bad key;q")]);
    assert_eq!(one(&cx), ["k=v;p=a%20b;q"]);
    assert_eq!(sdk_one(&cx), ["k=v;p=a b;bad key;q"]);

    let ex = |h: &str| bag(&ours.extract(&map(&[("baggage", h)])));
    let sdk_ex = |h: &str| bag(&theirs.extract(&map(&[("baggage", h)])));
    // BG-01, BG-09: a decoded value keeps its spaces; the SDK trims them.
    assert_eq!(ex("k=%20v%20"), bag_of(&[("k", " v ", "")]));
    assert_eq!(sdk_ex("k=%20v%20"), bag_of(&[("k", "v", "")]));
    // BG-02: keys are never decoded; the SDK decodes them.
    assert_eq!(ex("k%41=1"), bag_of(&[("k%41", "1", "")]));
    assert_eq!(sdk_ex("k%41=1"), bag_of(&[("kA", "1", "")]));
    // BG-10: ill-formed UTF-8 decodes to U+FFFD; the SDK drops the entry.
    assert_eq!(
        ex("k=%FF,j=1"),
        bag_of(&[("k", "\u{FFFD}", ""), ("j", "1", "")])
    );
    assert_eq!(sdk_ex("k=%FF,j=1"), bag_of(&[("j", "1", "")]));
    // BG-03, BG-21: bytes outside the grammar make the member malformed; the
    // SDK accepts them.
    assert_eq!(ex("k=a b,j=1"), bag_of(&[("j", "1", "")]));
    assert_eq!(
        sdk_ex("k=a b,j=1"),
        bag_of(&[("k", "a b", ""), ("j", "1", "")])
    );
    // BG-19: every field joined; the SDK reads the first only.
    let carrier = Multi::new(&[("baggage", "a=1"), ("baggage", "b=2")]);
    assert_eq!(
        bag(&ours.extract(&carrier)),
        bag_of(&[("a", "1", ""), ("b", "2", "")])
    );
    assert_eq!(bag(&theirs.extract(&carrier)), bag_of(&[("a", "1", "")]));
}

/// The trace-context differences named in the module docs, one example each.
#[test]
fn tp_ts_sdk_trace_context_differences_pinned() {
    let ours = |c: &Multi| span_context(&TraceContextPropagator::new().extract(c));
    let theirs = |c: &Multi| span_context(&sdk::TraceContextPropagator::new().extract(c));
    // TS-16: the SDK reads the first tracestate field only.
    let c = Multi::new(&[
        ("traceparent", &tp("01")),
        ("tracestate", "a=1"),
        ("tracestate", "b=2"),
    ]);
    assert_eq!(ours(&c).trace_state().header(), "a=1,b=2");
    assert_eq!(theirs(&c).trace_state().header(), "a=1");
    // TP-03: the SDK accepts short fields.
    let c = Multi::new(&[("traceparent", &format!("00-{}-{P}-1", &T[1..]))]);
    assert!(!ours(&c).is_valid());
    assert!(theirs(&c).is_valid());
    // TS-03: a current-grammar key opentelemetry's TraceState refuses: the
    // traceparent is kept, the tracestate dropped whole (TS-12); the SDK
    // drops it too (its from_str fails), so here both agree.
    let c = Multi::new(&[("traceparent", &tp("01")), ("tracestate", "foo@@bar=1,a=2")]);
    assert_eq!(ours(&c), sc(T, P, 0x01, ""));
    assert_eq!(theirs(&c), sc(T, P, 0x01, ""));
}

// ------------------------------------------------------------ differential

fn arb_trace_id() -> impl Strategy<Value = [u8; 16]> {
    any::<[u8; 16]>().prop_filter("non-zero", |b| b.iter().any(|&x| x != 0))
}

fn arb_span_id() -> impl Strategy<Value = [u8; 8]> {
    any::<[u8; 8]>().prop_filter("non-zero", |b| b.iter().any(|&x| x != 0))
}

/// Level-1 simple keys (a letter first) and `tenant@system` keys, each key
/// made unique by an index; values of tracestate value characters, no
/// trailing space.
fn arb_tracestate() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            "[a-z][a-z0-9_*/-]{0,8}(@[a-z][a-z0-9_*/-]{0,6})?",
            "[!-+.-<>-~]([ !-+.-<>-~]{0,10}[!-+.-<>-~])?",
        ),
        0..5,
    )
    .prop_map(|members| {
        members
            .into_iter()
            .enumerate()
            .map(|(i, (k, v))| {
                // Put the index before any `@` so the key stays Level-1 valid.
                let key = match k.split_once('@') {
                    Some((tenant, system)) => format!("{tenant}{i}@{system}"),
                    None => format!("{k}{i}"),
                };
                (key, v)
            })
            .collect()
    })
}

/// Token keys, unique; values of letters, digits, and inner spaces and
/// commas (encoded by both).
fn arb_baggage() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            "[A-Za-z][A-Za-z0-9_.-]{0,6}",
            "([a-z0-9]([a-z0-9 ,]{0,6}[a-z0-9])?)?",
        ),
        0..4,
    )
    .prop_map(|members| {
        members
            .into_iter()
            .enumerate()
            .map(|(i, (k, v))| (format!("{k}{i}"), v))
            .collect()
    })
}

fn pct(v: &str) -> String {
    v.replace(' ', "%20").replace(',', "%2C")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// On spec-valid input (flags 00/01: the SDK drops the random bit, a
    /// documented difference) both extract the same span context and
    /// baggage, and inject the same headers.
    #[test]
    fn car_28_35_differential_against_sdk(
        trace in arb_trace_id(),
        span in arb_span_id(),
        sampled in any::<bool>(),
        state in arb_tracestate(),
        baggage in arb_baggage(),
        ows in any::<bool>(),
    ) {
        let tid = TraceId::from_bytes(trace).unwrap();
        let sid = SpanId::from_bytes(span).unwrap();
        let flags = TraceFlags::from_bits(u8::from(sampled));
        let traceparent = TraceParent::new(tid, sid, flags).encode().as_str().to_string();
        let sep = if ows { " , " } else { "," };
        let tracestate = state.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(sep);
        let header = baggage.iter().map(|(k, v)| format!("{k}={}", pct(v))).collect::<Vec<_>>().join(sep);
        let carrier = map(&[("traceparent", &traceparent), ("tracestate", &tracestate), ("baggage", &header)]);

        let ours = TextMapCompositePropagator::new(vec![
            Box::new(TraceContextPropagator::new()),
            Box::new(BaggagePropagator::new()),
        ]);
        let theirs = TextMapCompositePropagator::new(vec![
            Box::new(sdk::TraceContextPropagator::new()),
            Box::new(sdk::BaggagePropagator::new()),
        ]);
        let cx_ours = ours.extract(&carrier);
        let cx_theirs = theirs.extract(&carrier);
        prop_assert_eq!(span_context(&cx_ours), span_context(&cx_theirs));
        prop_assert!(span_context(&cx_ours).is_valid());
        prop_assert_eq!(bag(&cx_ours), bag(&cx_theirs));
        prop_assert_eq!(bag(&cx_ours).len(), baggage.len());

        // Inject the same context with both.
        let mut out_ours = HashMap::new();
        ours.inject_context(&cx_ours, &mut out_ours);
        let mut out_theirs = HashMap::new();
        theirs.inject_context(&cx_ours, &mut out_theirs);
        // TS-19: the SDK writes an empty tracestate; ours writes none.
        if out_theirs.get("tracestate").is_some_and(String::is_empty) {
            prop_assert!(state.is_empty());
            out_theirs.remove("tracestate");
        }
        prop_assert_eq!(&out_ours, &out_theirs);
        prop_assert_eq!(out_ours.get("traceparent"), Some(&traceparent));
    }
}

// ------------------------------------------------------------ conversions

#[test]
fn car_32_traceparent_to_span_context_and_back() {
    let parsed = TraceParent::parse(tp("ff").as_bytes()).unwrap();
    let sc = SpanContext::from(&parsed);
    assert!(sc.is_remote());
    assert_eq!(sc.trace_id(), OtelTraceId::from_hex(T).unwrap());
    assert_eq!(sc.span_id(), OtelSpanId::from_hex(P).unwrap());
    assert_eq!(sc.trace_flags().to_u8(), 0xff);
    assert_eq!(sc.trace_state(), &OtelTraceState::NONE);
    // Back: reserved bits cleared (TP-18).
    let back = TraceParent::try_from(&sc).unwrap();
    assert_eq!(back.encode().as_str(), tp("03"));
    let err = TraceParent::try_from(&SpanContext::empty_context()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AllZeroTraceId);
}

#[test]
fn ids_and_flags_conversions() {
    let tid = TraceId::parse(T.as_bytes()).unwrap();
    let sid = SpanId::parse(P.as_bytes()).unwrap();
    let otid = OtelTraceId::from(tid);
    let osid = OtelSpanId::from(sid);
    assert_eq!(otid, OtelTraceId::from_hex(T).unwrap());
    assert_eq!(osid, OtelSpanId::from_hex(P).unwrap());
    assert_eq!(TraceId::try_from(otid).unwrap(), tid);
    assert_eq!(SpanId::try_from(osid).unwrap(), sid);
    // Zero refused (TP-05, TP-06).
    assert_eq!(
        TraceId::try_from(OtelTraceId::INVALID).unwrap_err().kind(),
        ErrorKind::AllZeroTraceId
    );
    assert_eq!(
        SpanId::try_from(OtelSpanId::INVALID).unwrap_err().kind(),
        ErrorKind::AllZeroParentId
    );
    for bits in [0x00, 0x01, 0x02, 0x03, 0xff] {
        let f = TraceFlags::from_bits(bits);
        assert_eq!(OtelFlags::from(f).to_u8(), bits);
        assert_eq!(TraceFlags::from(OtelFlags::new(bits)), f);
    }
}

// TS-06: a value opentelemetry holds with a trailing SP is, in the header,
// that value and OWS: the conversion and inject both give the value without
// it, never an error or a dropped tracestate.
#[test]
fn ts_06_otel_value_with_trailing_space_loses_it() {
    let ots = OtelTraceState::from_key_value([("k", "v "), ("j", " w")]).unwrap();
    let ours = TraceState::<64>::try_from(&ots).unwrap();
    assert_eq!(ours.as_str(), "k=v,j= w");
    assert_eq!(ots.get("k"), Some("v "));
    let cx = Context::new().with_remote_span_context(SpanContext::new(
        OtelTraceId::from_hex(T).unwrap(),
        OtelSpanId::from_hex(P).unwrap(),
        OtelFlags::SAMPLED,
        true,
        ots,
    ));
    assert_eq!(
        inject_tc(&cx).0,
        [
            ("traceparent".to_string(), tp("01")),
            ("tracestate".to_string(), "k=v,j= w".to_string())
        ]
    );
}

#[test]
fn ts_trace_state_conversions() {
    let view = TraceStateRef::parse(b"rojo=00f067aa0ba902b7, congo=t61rcWkgMzE").unwrap();
    let ours = TraceState::<512>::try_from(view).unwrap();
    let theirs = OtelTraceState::try_from(&ours).unwrap();
    assert_eq!(theirs.header(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    assert_eq!(theirs.get("congo"), Some("t61rcWkgMzE"));
    let back = TraceState::<512>::try_from(&theirs).unwrap();
    assert_eq!(back, ours);
    // TS-03: keys the current grammar allows but opentelemetry refuses.
    for key in ["foo@@bar", "foo@bar@baz", "t@vvvvvvvvvvvvvvv"] {
        let header = format!("{key}=1");
        let view = TraceStateRef::parse(header.as_bytes()).unwrap();
        let ours = TraceState::<512>::try_from(view).unwrap();
        assert_eq!(
            OtelTraceState::try_from(&ours),
            Err(RefusedByOpenTelemetry),
            "{key}"
        );
    }
    assert!(!RefusedByOpenTelemetry.to_string().is_empty());
    // Empty both ways.
    let empty = TraceState::<512>::new();
    assert_eq!(OtelTraceState::try_from(&empty).unwrap().header(), "");
    assert!(
        TraceState::<512>::try_from(&OtelTraceState::NONE)
            .unwrap()
            .is_empty()
    );
    // opentelemetry accepts values the spec refuses (TS-07: non-ASCII).
    let loose = OtelTraceState::from_key_value([("a", "é")]).unwrap();
    assert!(TraceState::<512>::try_from(&loose).is_err());
    // TS-28: a capacity too small truncates by the spec's rule.
    let big = OtelTraceState::from_key_value([("a", "1"), ("b", "2")]).unwrap();
    let small = TraceState::<4>::try_from(&big).unwrap();
    assert_eq!(small.as_str(), "a=1");
}

#[test]
fn bg_baggage_conversions() {
    let view = BaggageRef::lenient(b"k=v%201;p;q=%C3%A9,j=2");
    let ours = Baggage::<8192, 64>::try_from(view).unwrap();
    let theirs = OtelBaggage::from(&ours);
    assert_eq!(theirs.len(), 2);
    let (v, m) = theirs.get_with_metadata("k").unwrap();
    assert_eq!((v.as_str(), m.as_str()), ("v 1", "p;q=é"));
    let back = Baggage::<8192, 64>::from(&theirs);
    // Order follows opentelemetry's map: compare member sets.
    let mut members: Vec<String> = back.iter().map(|m| m.to_string()).collect();
    members.sort_unstable();
    assert_eq!(members, ["j=2", "k=v%201;p;q=%C3%A9"]);
    // Entries that cannot be written are skipped: here, no room.
    let tiny = Baggage::<8, 4>::from(&theirs);
    assert!(tiny.iter().all(|m| m.key() == "j"));
}

/// The shared limitation named in the module docs: a decoded property value
/// holding `;` does not survive extract → inject (the SDK does the same).
#[test]
fn car_34_decoded_semicolon_in_property_value_is_lossy() {
    let carrier = map(&[("baggage", "k=v;p=a%3Bb")]);
    for prop in [
        &BaggagePropagator::new() as &dyn TextMapPropagator,
        &sdk::BaggagePropagator::new(),
    ] {
        let cx = prop.extract(&carrier);
        assert_eq!(bag(&cx), bag_of(&[("k", "v", "p=a;b")]));
        assert_eq!(injected_members(prop, &cx), ["k=v;p=a;b"]);
    }
}

/// TS-09, TS-17: the limits apply to the joined fields: 32 one-member
/// fields are kept, 33 drop the tracestate whole (never the traceparent).
#[test]
fn ts_09_ts_17_member_limit_over_joined_fields() {
    for (n, kept) in [(32, true), (33, false)] {
        let mut pairs = vec![("traceparent".to_string(), tp("01"))];
        pairs.extend((0..n).map(|i| ("tracestate".to_string(), format!("k{i}=v"))));
        let carrier = Multi(pairs);
        let got = span_context(&TraceContextPropagator::new().extract(&carrier));
        assert!(got.is_valid());
        let header = got.trace_state().header();
        assert_eq!(!header.is_empty(), kept, "{n} fields");
        if kept {
            assert_eq!(header.split(',').count(), 32);
            assert!(header.starts_with("k0=v,k1=v"));
        }
    }
}

proptest! {
    /// BG-12, BG-13, BG-15, BG-23: inject writes what a default owned
    /// `Baggage` built from the same entries holds (non-token keys and
    /// property keys skipped, values encoded, whole members dropped past the
    /// limits), in opentelemetry's iteration order.
    #[test]
    fn bg_15_bg_23_inject_equals_owned_baggage(
        entries in prop::collection::vec(
            ("[A-Za-z0-9 %@]{1,6}", "[ -~é]{0,12}", "[a-z =;%]{0,10}", 0usize..3000),
            0..70,
        ),
    ) {
        let kvs: Vec<KeyValueMetadata> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, v, m, pad))| {
                let v = if i % 7 == 0 { format!("{v}{}", "x".repeat(*pad)) } else { v.clone() };
                KeyValueMetadata::new(format!("{k}{i}"), v, m.as_str())
            })
            .collect();
        let cx = Context::new().with_baggage(kvs);
        let owned = Baggage::<8192, 64>::from(cx.baggage());
        let rec = inject_bg(&cx);
        if owned.is_empty() {
            prop_assert!(rec.0.is_empty());
        } else {
            prop_assert_eq!(rec.0, vec![("baggage".to_string(), owned.as_str().to_string())]);
        }
    }
}
