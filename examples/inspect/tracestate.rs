//! `--kind tracestate`.

use crate::output::{Failure, Outcome};
use serde_json::json;
use tracewire::TraceStateRef;

/// Inspects the tracestate fields of one carrier, joined in arrival order
/// (TS-16). No field at all is the same as an empty value: valid, no entries
/// (TS-02). `encoded` is the canonical form: members joined by a bare comma,
/// no blanks, empty members dropped (TS-18).
pub fn inspect(fields: &[Vec<u8>]) -> Outcome {
    let slices: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    match TraceStateRef::parse_fields(&slices) {
        Ok(ts) => {
            let entries: Vec<_> = ts
                .iter()
                .map(|(k, v)| json!({ "key": k, "value": v }))
                .collect();
            Outcome::valid(vec![
                ("entries", json!(entries)),
                ("encoded", json!(ts.to_string())),
            ])
        }
        Err(error) => Outcome::invalid(Failure::Parse {
            error,
            field_bytes: fields
                .get(error.field() as usize)
                .cloned()
                .unwrap_or_default(),
        }),
    }
}
