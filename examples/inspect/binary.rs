//! `--kind binary-traceparent` and `--kind binary-tracestate`: raw bytes in
//! (given as lowercase hex), the decoded context out in the shape of the
//! text kinds, and `encoded`, the lowercase hex of what tracewire writes
//! for it.

use crate::output::{Failure, Outcome};
use crate::{traceparent as text_traceparent, tracestate as text_tracestate};
use tracewire::binary::{traceparent, tracestate};
use tracewire::{SliceSink, TraceStateRef};

/// The one binary value of an input, or the outcome that says why not: a
/// binary property is one value, so several are invalid (as several
/// traceparent fields are, TP-19, CAR-09), never read as the first.
fn single(fields: &[Vec<u8>]) -> Result<&[u8], Outcome> {
    match fields {
        [] => Err(Outcome::invalid(Failure::Absent)),
        [one] => Ok(one),
        [_, second, ..] => Err(Outcome::invalid(Failure::Several {
            field_bytes: second.clone(),
        })),
    }
}

/// Inspects a 29-byte binary traceparent (BIN-01..BIN-08). `version` and
/// `flags` are the bytes as received (offsets 0 and 28); `sampled` and
/// `random` are the flag bits (BIN-08).
pub fn inspect_traceparent(fields: &[Vec<u8>]) -> Outcome {
    let bytes = match single(fields) {
        Ok(b) => b,
        Err(o) => return o,
    };
    match traceparent::parse(bytes) {
        Ok(tp) => {
            // Parsed, so the flags byte is there (BIN-03).
            let flags = bytes.get(28).map_or(tp.flags().bits(), |b| *b);
            let encoded = hex::encode(traceparent::encode(&tp));
            text_traceparent::valid(&tp, format!("{:02x}", tp.version()), flags, encoded)
        }
        Err(error) => Outcome::invalid(Failure::Parse {
            error,
            field_bytes: bytes.to_vec(),
        }),
    }
}

/// Inspects a binary tracestate (BIN-11..BIN-17), traceparent version
/// unknown: `entries` as for the text kind, `encoded` the lowercase hex of
/// our binary encoding of the same list.
pub fn inspect_tracestate(fields: &[Vec<u8>]) -> Outcome {
    let bytes = match single(fields) {
        Ok(b) => b,
        Err(o) => return o,
    };
    match tracestate::parse(bytes, None) {
        Ok(ts) => {
            let text = ts.to_string();
            // Our encoding of the same list: through its text form, as a
            // sender holding a TraceState would write it. Every valid binary
            // list is a valid text list (BIN-16) and every member fits the
            // 1-byte lengths it came in with (BIN-18).
            let encoded = TraceStateRef::parse(text.as_bytes()).ok().and_then(|view| {
                let mut buf = vec![0u8; tracestate::encoded_len(&view)?];
                let mut sink = SliceSink::new(&mut buf);
                tracestate::write_to(&view, &mut sink).ok()?;
                Some(hex::encode(sink.as_bytes()))
            });
            text_tracestate::valid(ts.iter(), encoded)
        }
        Err(error) => Outcome::invalid(Failure::Parse {
            error,
            field_bytes: bytes.to_vec(),
        }),
    }
}
