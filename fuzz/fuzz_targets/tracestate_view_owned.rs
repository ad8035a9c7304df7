//! Differential: the borrowed `TraceStateRef` against the owned
//! `TraceState<N>` built from it, for N = 512 (the default), 200 and 16.
//!
//! The input is one tracestate value, raw bytes. When it parses:
//!
//! - the view encodes to safe bytes (no OWS, no CR/LF/NUL) that parse back
//!   to the same members;
//! - `TryFrom` succeeds exactly when the encoding fits in N bytes, and then
//!   holds the same members with the same text;
//! - `from_view_truncating` keeps exactly the members an independent model
//!   of TS-28 keeps (members over 128 bytes first, right-most first, only
//!   as many as needed; then from the right end) and reports how many it
//!   dropped; the result is valid, fits, and its `view()` agrees with it;
//! - `Grammar::Level1` accepts a subset of what the draft grammar accepts,
//!   with the same members.
//!
//! The input is also read as fields split at LF: `parse_fields` agrees with
//! `parse` of the fields joined with `,` (TS-16), errors mapped to the
//! joined text. Every error's offset is within the field it names.
//!
//! Run: `cargo +nightly fuzz run tracestate_view_owned fuzz/seeds/tracestate_view_owned`.
#![no_main]

mod common;

use common::{assert_header_safe, assert_offset_in, assert_offset_within, field_start, join};
use libfuzzer_sys::fuzz_target;
use tracewire::tracestate::Grammar;
use tracewire::{TraceState, TraceStateRef};

/// TS-28, written from the spec text: which members stay within `cap`
/// bytes (members joined by `,`).
fn model_keep(lens: &[usize], cap: usize) -> Vec<bool> {
    let mut keep = vec![true; lens.len()];
    let size = |keep: &[bool]| {
        let kept: Vec<usize> = lens
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(l, _)| *l)
            .collect();
        kept.iter().sum::<usize>() + kept.len().saturating_sub(1)
    };
    // First members whose key=value is longer than 128 bytes, right-most
    // first (chosen), only as many as needed.
    for i in (0..lens.len()).rev() {
        if size(&keep) <= cap {
            return keep;
        }
        if lens[i] > 128 {
            keep[i] = false;
        }
    }
    // Then members from the right end.
    for i in (0..lens.len()).rev() {
        if size(&keep) <= cap {
            return keep;
        }
        keep[i] = false;
    }
    keep
}

fn check_owned<const N: usize>(view: &TraceStateRef<'_>, encoded: &[u8]) {
    let members: Vec<(&str, &str)> = view.iter().collect();
    // TryFrom: everything, or a capacity error.
    match TraceState::<N>::try_from(view) {
        Ok(ts) => {
            assert!(encoded.len() <= N);
            assert_eq!(ts.as_bytes(), encoded);
            assert!(ts.iter().eq(members.iter().copied()));
            assert_eq!(ts.len(), members.len());
            assert_eq!(ts.view(), *view);
        }
        Err(_) => assert!(
            encoded.len() > N,
            "{} bytes refused by TraceState<{N}>",
            encoded.len()
        ),
    }
    // Truncation by TS-28.
    let lens: Vec<usize> = members.iter().map(|(k, v)| k.len() + 1 + v.len()).collect();
    let keep = model_keep(&lens, N);
    let want: Vec<(&str, &str)> = members
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(m, _)| *m)
        .collect();
    let (ts, dropped) = TraceState::<N>::from_view_truncating(view);
    assert!(
        ts.iter().eq(want.iter().copied()),
        "TraceState<{N}>: {ts:?}, want {want:?}"
    );
    assert_eq!(dropped.total(), members.len() - want.len());
    assert_eq!(dropped.for_byte_limit(), dropped.total());
    assert_eq!(dropped.for_member_limit(), 0);
    assert!(ts.as_bytes().len() <= N);
    assert_eq!(ts.encoded_len(), ts.as_bytes().len());
    assert_header_safe(ts.as_bytes());
    let again = TraceStateRef::parse(ts.as_bytes()).expect("an owned state parses");
    assert_eq!(again, ts.view());
    assert!(again.iter().eq(want.iter().copied()));
    // Written through a sink: the same text.
    let mut buf = vec![0u8; ts.encoded_len()];
    let mut sink = tracewire::SliceSink::new(&mut buf);
    assert_eq!(ts.write_to(&mut sink), Ok(ts.encoded_len()));
    assert_eq!(&buf[..], ts.as_bytes());
}

fn check_view(data: &[u8]) {
    let parsed = TraceStateRef::parse(data);
    let level1 = TraceStateRef::parse_with(data, Grammar::Level1);
    match parsed {
        Ok(view) => {
            let mut encoded = vec![0u8; view.encoded_len()];
            assert_eq!(view.encode_into(&mut encoded), Ok(encoded.len()));
            assert_header_safe(&encoded);
            assert!(!encoded.windows(2).any(|w| w == b", " || w == b" ,"));
            let again = TraceStateRef::parse(&encoded).expect("an encoded tracestate parses");
            assert_eq!(again, view);
            assert_eq!(again.len(), view.len());
            assert!(view.len() <= tracewire::tracestate::MAX_MEMBERS);
            check_owned::<512>(&view, &encoded);
            check_owned::<200>(&view, &encoded);
            check_owned::<16>(&view, &encoded);
            if let Ok(l1) = level1 {
                assert_eq!(l1, view);
            }
        }
        Err(e) => {
            assert_offset_within(&e, data);
            // Every Level 1 key is a draft key.
            if let Err(l1) = level1 {
                assert_offset_within(&l1, data);
            } else {
                panic!("Level 1 accepts what the draft grammar refuses: {e:?}");
            }
        }
    }
}

fn check_fields(data: &[u8]) {
    let fields: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let joined = join(&fields);
    let by_fields = TraceStateRef::parse_fields(&fields);
    let direct = TraceStateRef::parse(&joined);
    match (by_fields, direct) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(e), Err(d)) => {
            assert_offset_in(&e, &fields);
            let f = usize::try_from(e.field()).unwrap();
            assert_eq!(e.kind(), d.kind(), "{e:?} vs joined {d:?}");
            assert_eq!(
                field_start(&fields, f) + e.offset(),
                d.offset(),
                "{e:?} vs joined {d:?}"
            );
        }
        (a, b) => panic!("fields {a:?} but joined {b:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    check_view(data);
    if data.contains(&b'\n') {
        check_fields(data);
    }
});
