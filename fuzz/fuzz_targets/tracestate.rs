//! `TraceStateRef::parse` and `parse_fields` over raw bytes, and the owned
//! `TraceState` built from what they accept.
//!
//! - never panics; an error's offset is within its field, its field index
//!   within the fields (TS-09..TS-17);
//! - an accepted value encodes to its canonical form, which parses back to
//!   the same members (TS-18);
//! - the input split at `\n` (never valid in a tracestate) is read as several
//!   fields: `parse_fields` agrees with `parse` of the fields joined by `,`,
//!   member for member or error for error (TS-16, TS-17);
//! - the view and the owned state agree (members, encoding, `get`), also
//!   after truncation into 128 bytes (TS-28) and an insert (TS-21..TS-24);
//! - a Level 1 parse accepts a subset of the draft's.
//!
//! Run: `cargo +nightly fuzz run tracestate fuzz/seeds/tracestate`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracewire::tracestate::Grammar;
use tracewire::{TraceState, TraceStateRef};

/// Room for any valid tracestate: 32 members of 513 bytes and 31 commas.
type Big = TraceState<{ 32 * 514 }>;

fn members<'a>(ts: &TraceStateRef<'a>) -> Vec<(&'a str, &'a str)> {
    ts.iter().collect()
}

fuzz_target!(|data: &[u8]| {
    let parsed = TraceStateRef::parse(data);
    match &parsed {
        Ok(ts) => {
            let list = members(ts);
            assert_eq!(list.len(), ts.len());
            assert!(ts.len() <= 32);
            // TS-18: canonical encoding, parsed back to the same members.
            let text = ts.to_string();
            assert_eq!(text.len(), ts.encoded_len());
            let mut buf = vec![0u8; text.len()];
            assert_eq!(ts.encode_into(&mut buf), Ok(text.len()));
            assert_eq!(buf, text.as_bytes());
            let again = TraceStateRef::parse(text.as_bytes()).expect("canonical parses");
            assert_eq!(members(&again), list);
            assert_eq!(again.to_string(), text);
            for (k, v) in &list {
                assert!(!k.is_empty() && k.len() <= 256 && !v.is_empty() && v.len() <= 256);
                assert!(!v.ends_with([' ', '\t']));
                assert!(ts.get(k).is_some());
            }
            // The owned state agrees with the view.
            let owned = Big::try_from(ts).expect("any valid list fits");
            assert_eq!(owned.as_str(), text);
            assert_eq!(owned.view(), *ts);
            assert_eq!(owned.iter().collect::<Vec<_>>(), list);
            for (k, _) in &list {
                assert_eq!(owned.get(k), ts.get(k));
            }
            // TS-28: truncation keeps whole members, in order, within 128.
            let (small, dropped) = TraceState::<128>::from_view_truncating(ts);
            assert!(small.encoded_len() <= 128);
            assert_eq!(small.len() + dropped.total(), list.len());
            let mut rest = list.iter();
            for m in small.iter() {
                assert!(rest.any(|x| *x == m), "kept members are a subsequence");
            }
            // TS-21..TS-24: re-inserting the last member puts it first, once.
            if let Some(&(k, v)) = list.last() {
                let mut changed = owned.clone();
                let d = changed.insert(k, v).expect("a parsed member is valid");
                assert!(d.for_byte_limit() == 0 && changed.len() <= 32);
                assert_eq!(changed.iter().next(), Some((k, v)));
                assert_eq!(changed.iter().filter(|(x, _)| *x == k).count(), 1);
                assert_eq!(
                    TraceStateRef::parse(changed.as_bytes()).map(|t| t.len()),
                    Ok(changed.len())
                );
            }
        }
        Err(e) => {
            assert!(
                e.offset() <= data.len(),
                "offset {} > len {}",
                e.offset(),
                data.len()
            );
            assert_eq!(e.field(), 0);
            assert!(!e.kind().spec_id().is_empty());
        }
    }
    // Level 1 accepts a subset, with the same members.
    if let Ok(l1) = TraceStateRef::parse_with(data, Grammar::Level1) {
        assert_eq!(parsed.as_ref().map(members), Ok(members(&l1)));
    }
    // TS-16, TS-17: fields read as if joined by `,`.
    let fields: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let joined = fields.join(&b","[..]);
    let by_fields = TraceStateRef::parse_fields(&fields);
    let by_join = TraceStateRef::parse(&joined);
    match (&by_fields, &by_join) {
        (Ok(a), Ok(b)) => assert_eq!(members(a), members(b)),
        (Err(a), Err(b)) => {
            assert_eq!(a.kind(), b.kind());
            let i = a.field() as usize;
            assert!(i < fields.len() && a.offset() <= fields[i].len());
            let start: usize = fields[..i].iter().map(|f| f.len() + 1).sum();
            assert_eq!(start + a.offset(), b.offset());
        }
        _ => panic!("parse_fields {by_fields:?} but joined parse {by_join:?}"),
    }
});
