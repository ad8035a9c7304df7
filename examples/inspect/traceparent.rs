//! `--kind traceparent`.

use crate::output::{Failure, Outcome};
use serde_json::json;
use tracewire::TraceParent;

/// Inspects the traceparent fields of one carrier: none is absent, two or
/// more are invalid (TP-19), one is parsed.
pub fn inspect(fields: &[Vec<u8>]) -> Outcome {
    match TraceParent::parse_fields(fields.iter().map(Vec::as_slice)) {
        Ok(None) => Outcome::invalid(Failure::Absent),
        Ok(Some(tp)) => {
            // The version and flags exactly as received (after OWS): parse
            // succeeded, so there is one field, it starts with 2 version
            // digits and the flags sit at 53..55 of the trimmed value.
            let trimmed = trim_ows(&fields[0]);
            let version = String::from_utf8_lossy(&trimmed[..2]).into_owned();
            let flags = String::from_utf8_lossy(&trimmed[53..55]).into_owned();
            Outcome::valid(vec![
                ("version", json!(version)),
                ("trace_id", json!(tp.trace_id().to_string())),
                ("parent_id", json!(tp.parent_id().to_string())),
                ("flags", json!(flags)),
                ("sampled", json!(tp.is_sampled())),
                ("random", json!(tp.is_random())),
                ("encoded", json!(tp.encode().as_str())),
            ])
        }
        Err(error) => Outcome::parse_error(error, fields),
    }
}

/// The value without surrounding SP/HTAB (TP-10).
fn trim_ows(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(start, |i| i + 1);
    &v[start..end]
}
