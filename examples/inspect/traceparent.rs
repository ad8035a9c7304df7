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
            let flags = flags_at_53(trimmed).unwrap_or(tp.flags().bits());
            valid(&tp, version, flags, tp.encode().to_string())
        }
        Err(error) => Outcome::parse_error(error, fields),
    }
}

/// The traceparent fields of every kind that shows them (issue #2):
/// `version` and `flags` as received, `sampled` and `random` the bits of
/// the received flags, and `encoded` as the kind writes it.
///
/// `tp.flags()` cannot serve as `flags`: for a version above 00 it holds
/// only the known bits (TP-14), so callers pass the byte they read.
pub fn valid(tp: &TraceParent, version: String, flags: u8, encoded: String) -> Outcome {
    Outcome::valid(vec![
        ("version", json!(version)),
        ("trace_id", json!(tp.trace_id().to_string())),
        ("parent_id", json!(tp.parent_id().to_string())),
        ("flags", json!(format!("{flags:02x}"))),
        // The known bits are kept whatever the version (TP-14, TP-17).
        ("sampled", json!(tp.is_sampled())),
        ("random", json!(tp.is_random())),
        ("encoded", json!(encoded)),
    ])
}

/// The flags byte of a text traceparent that parsed: the two lowercase hex
/// digits at 53..55 (TP-02, TP-08), whatever the version.
pub fn flags_at_53(value: &[u8]) -> Option<u8> {
    let digits = std::str::from_utf8(value.get(53..55)?).ok()?;
    u8::from_str_radix(digits, 16).ok()
}

/// The value without surrounding SP/HTAB (TP-10).
pub fn trim_ows(v: &[u8]) -> &[u8] {
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
