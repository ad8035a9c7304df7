//! `--kind baggage`.

use crate::output::{Failure, Outcome};
use serde_json::{Value, json};
use tracewire::{Baggage, BaggageRef};

/// Inspects the baggage fields of one carrier, joined in arrival order
/// (BG-19). Strict: the first malformed member is reported with its field
/// and offset (BG-21). No field, or only blank ones, is no baggage: valid
/// and empty (BG-20).
pub fn inspect(fields: &[Vec<u8>]) -> Outcome {
    let slices: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    match BaggageRef::parse_fields(&slices) {
        Ok(view) => valid(&view),
        Err(error) => Outcome::invalid(Failure::Parse {
            error,
            field_bytes: fields
                .get(error.field() as usize)
                .cloned()
                .unwrap_or_default(),
        }),
    }
}

/// The outcome for a baggage view: its entries decoded and the header
/// tracewire writes for them. Used for strict parses and, by `--carrier`,
/// for the lenient view propagation uses.
pub fn valid(view: &BaggageRef<'_>) -> Outcome {
    let entries: Vec<Value> = view
        .iter()
        .map(|m| {
            let props: Vec<Value> = m
                .properties()
                .map(|p| json!({"key": p.key(), "value": p.value().map(|v| v.to_string())}))
                .collect();
            json!({"key": m.key(), "value": m.value().to_string(), "properties": props})
        })
        .collect();
    // What tracewire forwards: the kept members, raw values copied,
    // no OWS (BG-23), as propagation does.
    let (owned, _) = Baggage::<8192, 64>::from_view_truncating(view);
    Outcome::valid(vec![
        ("entries", Value::Array(entries)),
        ("encoded", json!(owned.as_str())),
    ])
}
