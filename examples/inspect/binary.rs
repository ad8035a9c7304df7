//! `--kind binary-traceparent` and `--kind binary-tracestate`: raw bytes in
//! (given as lowercase hex), the decoded context out, and `encoded`, the
//! lowercase hex of what tracewire writes for it.

use crate::output::{Failure, Outcome};
use serde_json::json;
use tracewire::binary::{traceparent, tracestate};
use tracewire::{SliceSink, TraceStateRef};

/// The one binary value of an input, or the outcome that says why not.
fn single(fields: &[Vec<u8>]) -> Result<&[u8], Outcome> {
    match fields {
        [] => Err(Outcome::invalid(Failure::Absent)),
        [one] => Ok(one),
        // A binary property is one value; several are read as the first.
        [first, ..] => Ok(first),
    }
}

/// Inspects a 29-byte binary traceparent (BIN-01..BIN-08).
pub fn inspect_traceparent(fields: &[Vec<u8>]) -> Outcome {
    let bytes = match single(fields) {
        Ok(b) => b,
        Err(o) => return o,
    };
    match traceparent::parse(bytes) {
        Ok(tp) => Outcome::valid(vec![
            ("version", json!(format!("{:02x}", tp.version()))),
            ("trace_id", json!(tp.trace_id().to_string())),
            ("parent_id", json!(tp.parent_id().to_string())),
            ("flags", json!(tp.flags().to_string())),
            ("sampled", json!(tp.is_sampled())),
            ("random", json!(tp.is_random())),
            ("text", json!(tp.encode().as_str())),
            ("encoded", json!(hex::encode(traceparent::encode(&tp)))),
        ]),
        Err(error) => Outcome::invalid(Failure::Parse {
            error,
            field_bytes: bytes.to_vec(),
        }),
    }
}

/// Inspects a binary tracestate (BIN-11..BIN-17), traceparent version unknown.
pub fn inspect_tracestate(fields: &[Vec<u8>]) -> Outcome {
    let bytes = match single(fields) {
        Ok(b) => b,
        Err(o) => return o,
    };
    match tracestate::parse(bytes, None) {
        Ok(ts) => {
            let text = ts.to_string();
            // Our encoding of the same list: through its text form, as a
            // sender holding a TraceState would write it.
            let encoded = TraceStateRef::parse(text.as_bytes())
                .ok()
                .and_then(|view| {
                    let mut buf = vec![0u8; tracestate::encoded_len(&view)?];
                    let mut sink = SliceSink::new(&mut buf);
                    tracestate::write_to(&view, &mut sink).ok()?;
                    Some(hex::encode(sink.as_bytes()))
                })
                .unwrap_or_default();
            let members: Vec<_> = ts.iter().map(|(k, v)| json!([k, v])).collect();
            Outcome::valid(vec![
                ("members", json!(members)),
                ("text", json!(text)),
                ("encoded", json!(encoded)),
            ])
        }
        Err(error) => Outcome::invalid(Failure::Parse {
            error,
            field_bytes: bytes.to_vec(),
        }),
    }
}
