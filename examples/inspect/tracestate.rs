//! `--kind tracestate`.

use crate::output::Outcome;
use serde_json::{Value, json};
use tracewire::TraceStateRef;

/// Inspects the tracestate fields of one carrier, joined in arrival order
/// (TS-16). No field at all is the same as an empty value: valid, no entries
/// (TS-02). `encoded` is the canonical form: members joined by a bare comma,
/// no blanks, empty members dropped (TS-18).
pub fn inspect(fields: &[Vec<u8>]) -> Outcome {
    let slices: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    match TraceStateRef::parse_fields(&slices) {
        Ok(ts) => valid(ts.iter(), Some(ts.to_string())),
        Err(error) => Outcome::parse_error(error, fields),
    }
}

/// The outcome for a valid list: `entries` (`{"key", "value"}` in list
/// order) and `encoded` (`null` if tracewire could not write it). Shared by
/// the text and binary kinds and by `--carrier`.
pub fn valid<'a>(
    members: impl Iterator<Item = (&'a str, &'a str)>,
    encoded: Option<String>,
) -> Outcome {
    let entries: Vec<Value> = members
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    Outcome::valid(vec![
        ("entries", Value::Array(entries)),
        ("encoded", json!(encoded)),
    ])
}
