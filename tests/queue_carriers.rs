//! The MQTT v5 and Kafka relays of `examples/queue_carriers`.
#![cfg(all(feature = "std", feature = "rand_core"))]

mod common;
#[path = "../examples/queue_carriers/relay.rs"]
mod relay;

use common::SplitMix;
use relay::{kafka_relay, mqtt_relay};
use tracewire::TraceParent;

fn prop(n: &str, v: &str) -> (String, Vec<u8>) {
    (n.to_owned(), v.as_bytes().to_vec())
}

const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// CAR-13, CAR-14, CAR-15, CAR-16: exact names, continue, one field of each
// name, other properties in order.
#[test]
fn car_13_to_16_mqtt_relay() {
    let incoming = vec![
        prop("unit", "celsius"),
        prop("traceparent", TP),
        prop("TraceState", "ignored=1"),
        prop("tracestate", "congo=t61rcWkgMzE"),
        prop("tracestate", "rojo=1"),
        prop("baggage", "site=7"),
    ];
    let out = mqtt_relay(&incoming, &mut SplitMix(1)).unwrap();
    let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["unit", "traceparent", "TraceState", "tracestate", "baggage"]
    );
    let tp = TraceParent::parse(&out[1].1).unwrap();
    assert_eq!(
        tp.trace_id().to_string(),
        "4bf92f3577b34da6a3ce929d0e0e4736"
    );
    assert_ne!(tp.parent_id().to_string(), "00f067aa0ba902b7");
    assert_eq!(out[3].1, b"congo=t61rcWkgMzE,rojo=1");
    assert_eq!(out[4].1, b"site=7");
    // Two traceparent properties: invalid, so a new trace (CAR-14, TP-19).
    let twice = vec![prop("traceparent", TP), prop("traceparent", TP)];
    let out = mqtt_relay(&twice, &mut SplitMix(2)).unwrap();
    assert_eq!(out.iter().filter(|(n, _)| n == "traceparent").count(), 1);
    let tp = TraceParent::parse(&out[0].1).unwrap();
    assert_ne!(
        tp.trace_id().to_string(),
        "4bf92f3577b34da6a3ce929d0e0e4736"
    );
}

// CAR-25, CAR-26, CAR-27: last occurrence wins, null is missing; writing
// removes every header of a key and appends one, others (nulls included)
// kept in order.
#[test]
fn car_25_to_27_kafka_relay() {
    let record = vec![
        (
            "traceparent".to_owned(),
            Some(b"00-12345678901234567890123456789012-00f067aa0ba902b7-01".to_vec()),
        ),
        ("retry".to_owned(), Some(b"1".to_vec())),
        ("traceparent".to_owned(), Some(TP.as_bytes().to_vec())),
        ("baggage".to_owned(), Some(b"a=1".to_vec())),
        ("baggage".to_owned(), None),
        ("note".to_owned(), None),
    ];
    let out = kafka_relay(&record, &mut SplitMix(3)).unwrap();
    let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    // The null baggage is the last occurrence: no baggage (CAR-26), so none
    // is written and the incoming ones are gone (CAR-04, CAR-27).
    assert_eq!(names, ["retry", "note", "traceparent"]);
    assert_eq!(out[0].1.as_deref(), Some(&b"1"[..]));
    assert_eq!(out[1].1, None);
    let tp = TraceParent::parse(out[2].1.as_deref().unwrap()).unwrap();
    assert_eq!(
        tp.trace_id().to_string(),
        "4bf92f3577b34da6a3ce929d0e0e4736"
    );
}
