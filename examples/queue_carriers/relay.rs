//! The relay logic of `examples/queue_carriers`, shared with
//! `tests/queue_carriers.rs`.

use tracewire::CapacityError;
use tracewire::propagation::{KafkaHeaders, Pairs, PairsMut, Participant};

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

/// A Kafka record's headers: key and value, which may be null.
pub type KafkaRecordHeaders = Vec<(String, Option<Vec<u8>>)>;

/// Reads a Kafka record's headers and returns the headers of the record it
/// produces onward: every trace header removed and one new one appended,
/// the others (null-valued ones included) kept in order (CAR-25..CAR-27).
pub fn kafka_relay<R: rand_core::Rng + ?Sized>(
    record: &[(String, Option<Vec<u8>>)],
    rng: &mut R,
) -> Result<KafkaRecordHeaders, CapacityError> {
    let view: Vec<(&str, Option<&[u8]>)> = record
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_deref()))
        .collect();
    let me = Participant::from_carrier(&KafkaHeaders(&view), rng);
    let mut out = record.to_vec();
    me.inject(&mut PairsMut::kafka(&mut out), rng)?;
    Ok(out)
}
