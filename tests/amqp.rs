//! The AMQP binding (CAR-19..CAR-24) and `grpc-trace-bin` (CAR-12) of
//! `examples/amqp`, run against the binary traceparent codec.
#![cfg(feature = "rand_core")]

#[path = "../examples/amqp/carrier.rs"]
mod carrier;

use carrier::{
    AmqpValue, Message, Section, continue_or_restart, extract, extract_grpc, forward, publish,
};
use core::convert::Infallible;
use tracewire::binary::traceparent as bin;
use tracewire::{ErrorKind, TraceParent, TraceStateRef};

struct Counter(u8);

impl rand_core::TryRng for Counter {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.0 = self.0.wrapping_add(1);
        Ok(u32::from(self.0))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 = self.0.wrapping_add(1);
        Ok(u64::from(self.0))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for b in dst {
            self.0 = self.0.wrapping_add(1);
            *b = self.0;
        }
        Ok(())
    }
}

const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn tp() -> TraceParent {
    TraceParent::parse(TP).unwrap()
}

fn published() -> Message {
    publish(
        b"body",
        &tp(),
        &TraceStateRef::parse(b"congo=t61rcWkgMzE,rojo=1").unwrap(),
    )
}

#[test]
fn car_19_publisher_writes_binary_traceparent_and_text_tracestate() {
    let msg = published();
    assert_eq!(
        msg.application_properties,
        [
            (
                "traceparent".to_owned(),
                AmqpValue::Binary(bin::encode(&tp()).to_vec())
            ),
            (
                "tracestate".to_owned(),
                AmqpValue::String("congo=t61rcWkgMzE,rojo=1".to_owned())
            ),
        ]
    );
    assert!(msg.message_annotations.is_empty());
    let AmqpValue::Binary(b) = &msg.application_properties[0].1 else {
        panic!()
    };
    assert_eq!(b.len(), 29);
}

#[test]
fn car_20_one_tracestate_property() {
    let mut msg = published();
    let mut rng = Counter(0);
    forward(&mut msg, &mut rng);
    forward(&mut msg, &mut rng);
    for section in [&msg.application_properties, &msg.message_annotations] {
        assert_eq!(section.iter().filter(|(k, _)| k == "tracestate").count(), 1);
        assert_eq!(
            section.iter().filter(|(k, _)| k == "traceparent").count(),
            1
        );
    }
}

#[test]
fn car_21_intermediary_writes_annotations_only() {
    let mut msg = published();
    let before = msg.application_properties.clone();
    let hop = forward(&mut msg, &mut Counter(0));
    assert_eq!(
        msg.application_properties, before,
        "properties are immutable"
    );
    assert_eq!(
        hop.trace_id(),
        tp().trace_id(),
        "started from what the properties held"
    );
    assert_ne!(hop.parent_id(), tp().parent_id());
    let AmqpValue::Binary(b) = &msg.message_annotations[0].1 else {
        panic!()
    };
    assert_eq!(bin::parse(b).unwrap(), hop);
    assert_eq!(
        msg.message_annotations[1].1,
        AmqpValue::String("congo=t61rcWkgMzE,rojo=1".to_owned())
    );
}

#[test]
fn car_22_reader_prefers_annotations_and_pairs_tracestate_with_them() {
    let mut msg = published();
    let ctx = extract(&msg).unwrap().unwrap();
    assert_eq!((ctx.section, ctx.traceparent), (Section::Properties, tp()));
    let hop = forward(&mut msg, &mut Counter(0));
    // The annotations lose their tracestate: the reader must not take the
    // properties' one (per pair, chosen).
    msg.message_annotations.retain(|(k, _)| k != "tracestate");
    let ctx = extract(&msg).unwrap().unwrap();
    assert_eq!(
        (ctx.section, ctx.traceparent, ctx.tracestate),
        (Section::Annotations, hop, None)
    );
}

#[test]
fn car_23_string_typed_traceparent_is_accepted() {
    let msg = Message {
        application_properties: vec![(
            "traceparent".to_owned(),
            AmqpValue::String(String::from_utf8(TP.to_vec()).unwrap()),
        )],
        ..Message::default()
    };
    assert_eq!(extract(&msg).unwrap().unwrap().traceparent, tp());
}

#[test]
fn car_24_invalid_binary_restarts_and_drops_tracestate() {
    let mut msg = published();
    let AmqpValue::Binary(b) = &mut msg.application_properties[0].1 else {
        panic!()
    };
    b[1] = 9; // wrong field id
    let e = extract(&msg).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidFieldId, 1));
    let (next, ts, restarted) = continue_or_restart(&msg, &mut Counter(0));
    assert!(restarted);
    assert_eq!(ts, None, "tracestate dropped");
    assert_ne!(next.trace_id(), tp().trace_id());
    assert!(next.is_random());
    // A valid one is continued with its tracestate.
    let (next, ts, restarted) = continue_or_restart(&published(), &mut Counter(0));
    assert!(!restarted);
    assert_eq!(next.trace_id(), tp().trace_id());
    assert_eq!(ts.as_deref(), Some("congo=t61rcWkgMzE,rojo=1"));
}

#[test]
fn car_12_grpc_trace_bin_and_traceparent_wins() {
    let other =
        TraceParent::parse(b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").unwrap();
    let bytes = bin::encode(&other);
    assert_eq!(
        extract_grpc(&[("grpc-trace-bin", &bytes[..])]).unwrap(),
        Some(other)
    );
    assert_eq!(
        extract_grpc(&[("grpc-trace-bin", &bytes[..]), ("traceparent", TP)]).unwrap(),
        Some(tp())
    );
    assert_eq!(extract_grpc(&[]).unwrap(), None);
    assert_eq!(
        extract_grpc(&[("grpc-trace-bin", &bytes[..20])])
            .unwrap_err()
            .kind(),
        ErrorKind::ParentIdTooShort
    );
}
