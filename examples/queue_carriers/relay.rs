//! The relay logic of `examples/queue_carriers`, shared with
//! `tests/queue_carriers.rs`.

use tracewire::CapacityError;
use tracewire::propagation::{KafkaHeaders, Pairs, Participant};

/// Reads an MQTT v5 PUBLISH's user properties and returns the properties of
/// the message it publishes onward: the same non-trace properties in order,
/// then one `traceparent` (continued, new span id), `tracestate` and
/// `baggage` (CAR-13..CAR-16).
pub fn mqtt_relay<R: rand_core::Rng + ?Sized>(
    incoming: &[(String, Vec<u8>)],
    rng: &mut R,
) -> Result<Vec<(String, Vec<u8>)>, CapacityError> {
    let view: Vec<(&str, &[u8])> = incoming
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    let me = Participant::from_carrier(&Pairs::mqtt(&view), rng);
    let mut out = incoming.to_vec();
    me.inject(&mut out, rng)?;
    Ok(out)
}

/// Reads a Kafka record's headers and returns the headers of the record it
/// produces onward: every trace header replaced by one new one, the others
/// kept in order (CAR-25..CAR-27).
pub fn kafka_relay<R: rand_core::Rng + ?Sized>(
    record: &[(String, Option<Vec<u8>>)],
    rng: &mut R,
) -> Result<Vec<(String, Vec<u8>)>, CapacityError> {
    let view: Vec<(&str, Option<&[u8]>)> = record
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_deref()))
        .collect();
    let me = Participant::from_carrier(&KafkaHeaders(&view), rng);
    let mut out: Vec<(String, Vec<u8>)> = record
        .iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| (n.clone(), v.clone())))
        .collect();
    me.inject(&mut out, rng)?;
    Ok(out)
}
