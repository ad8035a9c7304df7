//! Header injection (#7): no API that takes a key, value or property from a
//! caller can make the crate emit CR, LF, NUL, a stray `,` or `;`, or any
//! byte a header field may not hold. Property-tested over arbitrary Unicode,
//! arbitrary bytes read lossily and the targeted characters (CR, LF, NUL,
//! `,` `;` `=` `"` `\`, DEL, 0x80+).
//!
//! For every emitted field: the value is VCHAR / SP / HTAB only, with no
//! leading or trailing OWS (RFC 9110 field-value), the name is lowercase
//! (CAR-01), and the crate's own strict parser reads back exactly what was
//! put in (so no `,` or `;` split a member).

use proptest::prelude::*;
use tracewire::{Baggage, BaggageRef, ServerTiming, TraceParent, TraceState, TraceStateRef};

mod common;

use common::generators::{
    baggage_key, hostile_string, is_clean_field_value, traceparent_text, tracestate_key,
    tracestate_value,
};

/// TS-03, TS-04, written plainly.
fn ts_key_ok(k: &str) -> bool {
    let b = k.as_bytes();
    matches!(b.first(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && b.len() <= 256
        && b.iter()
            .all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'*' | b'/' | b'@'))
}

/// TS-05, written plainly.
fn ts_value_ok(v: &str) -> bool {
    let b = v.as_bytes();
    !b.is_empty()
        && b.len() <= 256
        && b.last() != Some(&b' ')
        && b.iter()
            .all(|&c| (0x20..=0x7e).contains(&c) && c != b',' && c != b'=')
}

/// BG-02 token.
fn is_token(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A hostile string, or now and then a valid one, so both outcomes occur.
fn ts_key() -> impl Strategy<Value = String> {
    prop_oneof![3 => hostile_string(), 1 => tracestate_key()]
}
fn ts_value() -> impl Strategy<Value = String> {
    prop_oneof![3 => hostile_string(), 1 => tracestate_value()]
}
fn bg_key() -> impl Strategy<Value = String> {
    prop_oneof![3 => hostile_string(), 2 => baggage_key()]
}
fn bg_props() -> impl Strategy<Value = Vec<(String, Option<String>)>> {
    proptest::collection::vec((bg_key(), proptest::option::of(hostile_string())), 0..3)
}

/// The checks every emitted field passes.
fn check_field(name: &str, value: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        is_clean_field_value(value.as_bytes()),
        "{name}: {value:?} is not a clean field value"
    );
    prop_assert_eq!(name, name.to_ascii_lowercase());
    match name {
        "traceparent" => prop_assert!(TraceParent::parse(value.as_bytes()).is_ok()),
        "tracestate" => {
            let ts = TraceStateRef::parse(value.as_bytes());
            prop_assert!(ts.is_ok_and(|t| !t.is_empty()), "{value:?}");
        }
        "baggage" => {
            let b = BaggageRef::parse(value.as_bytes());
            prop_assert!(b.is_ok_and(|b| !b.is_empty()), "{value:?}");
        }
        _ => prop_assert!(false, "unexpected field {name}"),
    }
    Ok(())
}

/// Decoded members of a baggage view: key, value, properties.
type Decoded = Vec<(String, String, Vec<(String, Option<String>)>)>;
fn decoded(b: &BaggageRef<'_>) -> Decoded {
    b.iter()
        .map(|m| {
            let props = m
                .properties()
                .map(|p| (p.key().to_owned(), p.value().map(|v| v.to_string())))
                .collect();
            (m.key().to_owned(), m.value().to_string(), props)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    // TS-26: insert refuses exactly what the grammar refuses and leaves the
    // state as it was; what it accepts is written and read back unchanged.
    #[test]
    fn tracestate_insert(k in ts_key(), v in ts_value()) {
        let mut ts = TraceState::<512>::new();
        ts.insert("base", "1").unwrap();
        let r = ts.insert(&k, &v);
        let valid = ts_key_ok(&k) && ts_value_ok(&v);
        // TS-29: a member longer than the capacity alone is refused whole.
        let fits = k.len() + 1 + v.len() <= 512;
        prop_assert_eq!(r.is_ok(), valid && fits, "{:?}={:?}: {:?}", k, v, r);
        if valid && !fits {
            prop_assert_eq!(r, Err(tracewire::tracestate::InsertError::TooLarge));
        }
        if let Ok(dropped) = r {
            prop_assert_eq!(ts.get(&k), Some(v.as_str()));
            // TS-28: `base=1` is dropped whole when the two do not fit.
            let base_kept = k != "base" && dropped.is_empty();
            prop_assert_eq!(ts.len(), 1 + usize::from(base_kept));
            prop_assert_eq!(ts.get("base").is_some(), k == "base" || base_kept);
        } else {
            prop_assert_eq!(ts.as_str(), "base=1");
        }
        check_field("tracestate", ts.as_str())?;
        prop_assert_eq!(TraceStateRef::parse(ts.as_bytes()).unwrap(), ts.view());
        prop_assert_eq!(ts.to_string(), ts.as_str());
    }

    // BG-12, BG-13: keys and key-only properties must be tokens; values and
    // property values are percent-encoded, so any string is written safely
    // and decodes back to itself.
    #[test]
    fn baggage_insert_with_properties(k in bg_key(), v in hostile_string(), props in bg_props()) {
        let mut b = Baggage::<8192, 64>::new();
        let refs: Vec<(&str, Option<&str>)> =
            props.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect();
        let r = b.insert_with_properties(&k, &v, &refs);
        let valid = is_token(&k) && props.iter().all(|(pk, _)| is_token(pk));
        prop_assert_eq!(r.is_ok(), valid, "{:?} {:?} {:?}: {:?}", k, v, props, r);
        if r.is_err() {
            prop_assert!(b.is_empty());
            return Ok(());
        }
        check_field("baggage", b.as_str())?;
        let view = BaggageRef::parse(b.as_bytes()).unwrap();
        prop_assert_eq!(decoded(&view), vec![(k.clone(), v.clone(), props.clone())]);
        prop_assert_eq!(view.encoded_len(), b.as_str().len());

        // insert: the same key, a new value replaces it (BG-26).
        let mut b2 = b.clone();
        b2.insert(&k, &v).unwrap();
        check_field("baggage", b2.as_str())?;
        let view = BaggageRef::parse(b2.as_bytes()).unwrap();
        prop_assert_eq!(decoded(&view), vec![(k, v, vec![])]);
    }

    #[test]
    fn baggage_insert(k in bg_key(), v in hostile_string()) {
        let mut b = Baggage::<8192, 64>::new();
        b.insert("first", "x").unwrap();
        let r = b.insert(&k, &v);
        prop_assert_eq!(r.is_ok(), is_token(&k));
        check_field("baggage", b.as_str())?;
        let view = BaggageRef::parse(b.as_bytes()).unwrap();
        if r.is_ok() && k != "first" {
            prop_assert_eq!(view.iter().count(), 2);
            prop_assert_eq!(view.get(&k).unwrap().value().to_string(), v);
        } else if r.is_err() {
            prop_assert_eq!(b.as_str(), "first=x");
        }
    }

    // ST-01, ST-02: whatever context was read (any version, any flags), the
    // metric is written clean and reads back as the same context.
    #[test]
    fn server_timing_encode((text, ..) in traceparent_text()) {
        let tp = TraceParent::parse(text.as_bytes()).unwrap();
        let m = ServerTiming::new(tp);
        let out = m.encode();
        prop_assert!(is_clean_field_value(out.as_bytes()));
        prop_assert!(out.starts_with("trace;desc=00-"));
        prop_assert_eq!(out.matches(';').count(), 1);
        prop_assert!(!out.contains(','));
        let back = ServerTiming::parse(out.as_bytes()).unwrap().unwrap();
        prop_assert_eq!(back.context(), tp.canonical());
        prop_assert_eq!(m.to_string(), out.as_str());
    }
}

#[cfg(feature = "std")]
mod forwarding {
    use super::*;
    use tracewire::propagation::{Forwarded, Pairs, pass_through};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        // TP-16: pass-through copies bytes without parsing, yet never forwards a
        // byte a field may not hold, nor OWS around the value; a value that
        // parsed before still parses after.
        #[test]
        fn pass_through_forwards_only_clean_values(
            tp in prop_oneof![
                hostile_string().prop_map(String::into_bytes),
                proptest::collection::vec(any::<u8>(), 0..80),
                traceparent_text().prop_map(|t| t.0.into_bytes()),
            ],
            ts in proptest::collection::vec(
                prop_oneof![
                    hostile_string().prop_map(String::into_bytes),
                    proptest::collection::vec(any::<u8>(), 0..20),
                    common::generators::tracestate_text().prop_map(|t| t.0.into_bytes()),
                ],
                0..4,
            ),
        ) {
            let mut incoming: Vec<(&str, &[u8])> = vec![("traceparent", &tp)];
            incoming.extend(ts.iter().map(|v| ("tracestate", v.as_slice())));
            let mut out: Vec<(String, String)> = Vec::new();
            let got = pass_through(&Pairs::http(&incoming), &mut out).unwrap();
            for (name, value) in &out {
                prop_assert!(is_clean_field_value(value.as_bytes()), "{name}: {value:?}");
                prop_assert!(name == "traceparent" || name == "tracestate");
            }
            prop_assert_eq!(out.iter().filter(|(n, _)| n == "traceparent").count(), usize::from(got.0 == Forwarded::Copied));
            if let (Ok(before), Forwarded::Copied) = (TraceParent::parse(&tp), got.0) {
                let after = TraceParent::parse(out[0].1.as_bytes()).unwrap();
                prop_assert_eq!(after, before);
            }
            if got.1 == Forwarded::Copied {
                let fields: Vec<&[u8]> = ts.iter().map(Vec::as_slice).collect();
                let before = TraceStateRef::parse_fields(&fields).map(|t| t.to_string());
                let after = TraceStateRef::parse(out[1].1.as_bytes()).map(|t| t.to_string());
                prop_assert_eq!(before.ok(), after.ok());
            }
        }
    }
}

/// Regressions found by the properties below.
#[cfg(feature = "std")]
#[test]
fn tp_16_pass_through_does_not_forward_ows_around_a_value() {
    use tracewire::propagation::{Forwarded, Pairs, pass_through};
    let tp = b"\t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ";
    let incoming = [("traceparent", &tp[..]), ("tracestate", b" a=1 ")];
    let mut out: Vec<(String, String)> = Vec::new();
    let got = pass_through(&Pairs::http(&incoming), &mut out).unwrap();
    assert_eq!(got, (Forwarded::Copied, Forwarded::Copied));
    assert_eq!(
        out[0].1,
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    );
    assert_eq!(out[1].1, "a=1");
}

#[cfg(feature = "opentelemetry")]
#[test]
fn car_33_otel_inject_writes_only_a_tracestate_the_grammar_accepts() {
    use opentelemetry::propagation::TextMapPropagator;
    use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId};
    use tracewire::adapters::otel::TraceContextPropagator;
    let inject = |state| {
        let sc = SpanContext::new(
            TraceId::from_bytes([7; 16]),
            SpanId::from_bytes([9; 8]),
            TraceFlags::SAMPLED,
            true,
            state,
        );
        let cx = opentelemetry::Context::new().with_remote_span_context(sc);
        let mut out = std::collections::HashMap::<String, String>::new();
        TraceContextPropagator::new().inject_context(&cx, &mut out);
        out
    };
    // opentelemetry accepts an empty key and value: its header is `=`.
    let bad = opentelemetry::trace::TraceState::from_key_value([("", "")]).unwrap();
    assert_eq!(bad.header(), "=");
    let out = inject(bad);
    assert!(out.contains_key("traceparent"));
    assert_eq!(out.get("tracestate"), None);
    let good = opentelemetry::trace::TraceState::from_key_value([("a", "1"), ("b", "2")]).unwrap();
    assert_eq!(
        inject(good).get("tracestate").map(String::as_str),
        Some("a=1,b=2")
    );
    // A value ending in a space is valid for opentelemetry; the member is
    // valid once trimmed, and the canonical list is written (TS-18).
    let blank =
        opentelemetry::trace::TraceState::from_key_value([("a", "1 "), ("b", "2")]).unwrap();
    assert_eq!(blank.header(), "a=1 ,b=2");
    assert_eq!(
        inject(blank).get("tracestate").map(String::as_str),
        Some("a=1,b=2")
    );
}

#[cfg(all(feature = "rand_core", feature = "std"))]
mod participant {
    use super::*;
    use common::generators::BaggageMember;
    use tracewire::propagation::Participant;
    use tracewire::propagation::{Pairs, pass_through};

    const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /// A participant whose tracestate and baggage a caller filled with
    /// hostile keys, values and properties (refused ones are dropped).
    fn filled(ts: &[(String, String)], bg: &[BaggageMember]) -> Participant {
        let incoming = [("traceparent", TP)];
        let mut p = Participant::from_carrier(&Pairs::http(&incoming), &mut common::SplitMix(3));
        for (k, v) in ts {
            let _ = p.tracestate_mut().insert(k, v);
        }
        for (k, v, props) in bg {
            let refs: Vec<(&str, Option<&str>)> = props
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_deref()))
                .collect();
            let _ = p.baggage_mut().insert_with_properties(k, v, &refs);
        }
        p
    }

    fn ts_members() -> impl Strategy<Value = Vec<(String, String)>> {
        proptest::collection::vec((ts_key(), ts_value()), 0..6)
    }
    fn bg_members() -> impl Strategy<Value = Vec<BaggageMember>> {
        proptest::collection::vec((bg_key(), hostile_string(), bg_props()), 0..6)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // CAR-01, CAR-03, CAR-04: what a participant injects is clean and
        // reads back as what it holds.
        #[test]
        fn participant_inject(ts in ts_members(), bg in bg_members()) {
            let p = filled(&ts, &bg);
            let mut out: Vec<(String, String)> = Vec::new();
            p.inject(&mut out, &mut common::SplitMix(4)).unwrap();
            for (name, value) in &out {
                check_field(name, value)?;
            }
            prop_assert_eq!(out.iter().filter(|(n, _)| n == "traceparent").count(), 1);
            let get = |n: &str| out.iter().find(|(m, _)| m == n).map(|(_, v)| v.clone());
            prop_assert_eq!(get("tracestate"), (!p.tracestate().is_empty()).then(|| p.tracestate().to_string()));
            prop_assert_eq!(get("baggage"), (!p.baggage().is_empty()).then(|| p.baggage().to_string()));
        }

        // CAR-10: the same through the http adapter's Injector.
        #[cfg(feature = "http")]
        #[test]
        fn http_injector(ts in ts_members(), bg in bg_members()) {
            let p = filled(&ts, &bg);
            let mut map = http::HeaderMap::new();
            map.insert("tracestate", http::HeaderValue::from_static("stale=1"));
            p.inject(&mut map, &mut common::SplitMix(4)).unwrap();
            for (name, value) in &map {
                check_field(name.as_str(), value.to_str().unwrap())?;
            }
            prop_assert_eq!(map.get_all("traceparent").iter().count(), 1);
            prop_assert!(map.get_all("tracestate").iter().count() <= 1);
        }

        // CAR-17: the payload carrier, through JSON and back.
        #[cfg(all(feature = "serde", feature = "std"))]
        #[test]
        fn payload_carrier(ts in ts_members(), bg in bg_members()) {
            use tracewire::adapters::serde::{OwnedPayloadCarrier, PayloadCarrier};
            let p = filled(&ts, &bg);
            let mut out = OwnedPayloadCarrier::default();
            let sent = p.inject(&mut out, &mut common::SplitMix(4)).unwrap();
            for (name, value) in [
                ("traceparent", &out.traceparent),
                ("tracestate", &out.tracestate),
                ("baggage", &out.baggage),
            ] {
                if let Some(v) = value {
                    check_field(name, v)?;
                }
            }
            let json = serde_json::to_string(&out).unwrap();
            // Documented: strings are borrowed, so a value JSON had to
            // escape (`"` or `\` in a tracestate value, TS-05) reads as the
            // empty value, and never costs the other members (TS-13).
            let back = serde_json::from_str::<PayloadCarrier<'_>>(&json).unwrap();
            let ctx = tracewire::propagation::extract(&back);
            prop_assert_eq!(ctx.traceparent().unwrap(), Some(sent));
            prop_assert_eq!(back.baggage, out.baggage.as_deref());
            let escaped = out.tracestate.as_deref().is_some_and(|t| t.contains(['"', '\\']));
            let want = if escaped { Some("") } else { out.tracestate.as_deref() };
            prop_assert_eq!(back.tracestate, want, "{}", json);
            // The owned carrier undoes the escapes: every member comes back.
            let owned = serde_json::from_str::<OwnedPayloadCarrier>(&json).unwrap();
            prop_assert_eq!(&owned, &out);
        }

        // A payload carrier read from hostile JSON strings and forwarded
        // into headers: only clean values come out.
        #[cfg(all(feature = "serde", feature = "std"))]
        #[test]
        fn hostile_payload_forwarded(tp in hostile_string(), ts in hostile_string(), bg in hostile_string()) {
            use tracewire::adapters::serde::PayloadCarrier;
            let json = serde_json::json!({"traceparent": tp, "tracestate": ts, "baggage": bg}).to_string();
            // Strings with escapes read as empty values, never as an error.
            let carrier = serde_json::from_str::<PayloadCarrier<'_>>(&json).unwrap();
            for (sent, got) in [(&tp, carrier.traceparent), (&ts, carrier.tracestate), (&bg, carrier.baggage)] {
                let escaped = serde_json::to_string(sent).unwrap().contains('\\');
                prop_assert_eq!(got, Some(if escaped { "" } else { sent.as_str() }));
            }
            let mut out: Vec<(String, String)> = Vec::new();
            pass_through(&carrier, &mut out).unwrap();
            for (name, value) in &out {
                prop_assert!(is_clean_field_value(value.as_bytes()), "{name}: {value:?}");
            }
            let p = Participant::from_carrier(&carrier, &mut common::SplitMix(5));
            let mut out: Vec<(String, String)> = Vec::new();
            p.inject(&mut out, &mut common::SplitMix(6)).unwrap();
            for (name, value) in &out {
                check_field(name, value)?;
            }
        }
    }
}

#[cfg(feature = "opentelemetry")]
mod otel {
    use super::*;
    use opentelemetry::Context;
    use opentelemetry::baggage::BaggageExt;
    use opentelemetry::propagation::TextMapPropagator;
    use opentelemetry::trace::{
        SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState as OtelTraceState,
    };
    use std::collections::HashMap;
    use tracewire::adapters::otel::{BaggagePropagator, TraceContextPropagator};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // CAR-33, CAR-34: whatever an application put in opentelemetry's
        // Baggage and TraceState, our propagators inject clean fields.
        #[test]
        fn otel_inject(
            entries in proptest::collection::vec((bg_key(), hostile_string(), hostile_string()), 0..5),
            ts in proptest::collection::vec((ts_key(), ts_value()), 0..4),
        ) {
            let state = OtelTraceState::from_key_value(ts.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .unwrap_or_default();
            let sc = SpanContext::new(
                TraceId::from_bytes([7; 16]),
                SpanId::from_bytes([9; 8]),
                TraceFlags::SAMPLED,
                true,
                state,
            );
            let mut bag = opentelemetry::baggage::Baggage::new();
            for (k, v, meta) in &entries {
                bag.insert_with_metadata(k.clone(), v.clone(), meta.as_str());
            }
            let cx = Context::new()
                .with_remote_span_context(sc)
                .with_baggage(bag.iter().map(|(k, (v, m))| {
                    opentelemetry::baggage::KeyValueMetadata::new(k.clone(), v.clone(), m.clone())
                }).collect::<Vec<_>>());
            let mut out: HashMap<String, String> = HashMap::new();
            TraceContextPropagator::new().inject_context(&cx, &mut out);
            BaggagePropagator::new().inject_context(&cx, &mut out);
            for (name, value) in &out {
                check_field(name, value)?;
            }
            prop_assert!(out.contains_key("traceparent"));
            // What is read back with our propagators keeps every value the
            // application set under a token key.
            if let Some(b) = out.get("baggage") {
                let view = BaggageRef::parse(b.as_bytes()).unwrap();
                for m in view.iter() {
                    let (v, _) = bag.get_with_metadata(m.key()).unwrap();
                    prop_assert_eq!(m.value().to_string(), v.as_str());
                }
            }
        }
    }
}
