//! Differential: lenient baggage keeps exactly the members strict parsing
//! accepts one by one (BG-20, BG-21).
//!
//! The input is one baggage value, raw bytes. Cut at every `,` into list
//! members, each member is parsed strictly on its own (as a one-member
//! header): it is blank (no member), accepted (one member) or refused.
//!
//! - `lenient` with the grammar's limits yields exactly the accepted
//!   members, in order, up to 180 (BG-18); with the default limits, those
//!   among the first 64 that end within 8192 bytes (BG-14, BG-15);
//! - strict `parse` succeeds exactly when no member is refused, then equals
//!   the lenient view; else it reports the first refused member's error,
//!   shifted to where that member starts;
//! - the kept members encode to safe bytes (no OWS, CR, LF, NUL) that parse
//!   strictly back to the same members; the owned `Baggage` holds the same
//!   text, and a small one keeps the longest prefix that fits (BG-15);
//! - read as fields split at LF, `parse_fields`/`lenient_fields` agree with
//!   the fields joined with `,` (BG-19).
//!
//! Every error's offset is within the field it names.
//!
//! Run: `cargo +nightly fuzz run baggage_strict_lenient fuzz/seeds/baggage_strict_lenient`.
#![no_main]

mod common;

use common::{assert_header_safe, assert_offset_in, assert_offset_within, field_start, join};
use libfuzzer_sys::fuzz_target;
use tracewire::baggage::{Limits, Member};
use tracewire::{Baggage, BaggageRef, ParseError};

/// One list member: where it starts, its bytes, and the strict verdict.
struct Piece<'a> {
    start: usize,
    bytes: &'a [u8],
    strict: Result<Option<Member<'a>>, ParseError>,
}

fn pieces(data: &[u8]) -> Vec<Piece<'_>> {
    let mut start = 0;
    data.split(|&b| b == b',')
        .map(|m| {
            let strict = BaggageRef::parse(m).map(|b| {
                // One member alone: only the grammar's limits apply to it.
                let mut it = b.with_limits(Limits::GRAMMAR).iter();
                let first = it.next();
                assert!(it.next().is_none(), "one member parsed as several: {m:?}");
                first
            });
            let p = Piece {
                start,
                bytes: m,
                strict,
            };
            start += m.len() + 1;
            p
        })
        .collect()
}

fn trim_end_ows(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

fn check_encoding(view: &BaggageRef<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; view.encoded_len()];
    let mut sink = tracewire::SliceSink::new(&mut buf);
    assert_eq!(view.write_to(&mut sink), Ok(buf.len()));
    assert_eq!(view.to_string().as_bytes(), &buf[..]);
    assert_header_safe(&buf);
    assert!(
        !buf.contains(&b' ') && !buf.contains(&b'\t'),
        "OWS written: {buf:?}"
    );
    let again = BaggageRef::parse(&buf).expect("encoded baggage parses strictly");
    assert!(again.iter().eq(view.iter()), "encoding changed the members");
    buf
}

fn check_one(data: &[u8]) {
    let pieces = pieces(data);
    let accepted: Vec<(usize, &[u8], Member<'_>)> = pieces
        .iter()
        .filter_map(|p| match &p.strict {
            Ok(Some(m)) => Some((p.start, p.bytes, *m)),
            _ => None,
        })
        .collect();

    // Grammar limits: every accepted member, up to 180.
    let all = BaggageRef::lenient(data).with_limits(Limits::GRAMMAR);
    let want: Vec<Member<'_>> = accepted.iter().take(180).map(|(_, _, m)| *m).collect();
    assert!(
        all.iter().eq(want.iter().copied()),
        "lenient {all:?} != {want:?}"
    );

    // Default limits: 64 members, each ending within 8192 bytes; the first
    // member past a limit ends the list.
    let view = BaggageRef::lenient(data);
    let want: Vec<Member<'_>> = accepted
        .iter()
        .take(64)
        .take_while(|(start, bytes, _)| start + trim_end_ows(bytes).len() <= 8192)
        .map(|(_, _, m)| *m)
        .collect();
    assert!(
        view.iter().eq(want.iter().copied()),
        "lenient {view:?} != {want:?}"
    );
    assert_eq!(view.len(), want.len());

    // Strict: the first refused member, or the lenient view.
    let first_bad = pieces
        .iter()
        .find_map(|p| p.strict.err().map(|e| (p.start, e)));
    match (BaggageRef::parse(data), first_bad) {
        (Ok(b), None) => assert_eq!(b, view),
        (Err(e), Some((start, fe))) => {
            assert_offset_within(&e, data);
            assert_eq!((e.kind(), e.offset()), (fe.kind(), start + fe.offset()));
        }
        (s, b) => panic!("strict {s:?}, first refused member {b:?}"),
    }

    let encoded = check_encoding(&view);
    // Owned, default capacity: all of it.
    let owned: Baggage =
        Baggage::try_from(&view).expect("the default view fits the default Baggage");
    assert_eq!(owned.as_bytes(), &encoded[..]);
    assert_eq!(owned.view(), view);
    // Small: the longest prefix of at most 4 members and 64 bytes.
    let (small, dropped) = Baggage::<64, 4>::from_view_truncating(&view);
    let mut n = 0;
    let mut len = 0;
    for m in &view {
        let next = len + usize::from(n > 0) + m.encoded_len();
        if n == 4 || next > 64 {
            break;
        }
        n += 1;
        len = next;
    }
    assert_eq!(
        (small.len(), small.as_bytes().len(), dropped),
        (n, len, view.len() - n)
    );
    assert!(small.iter().eq(view.iter().take(n)));
    check_encoding(&small.view());

    // insert_member of every member in turn (BG-26): one member per key,
    // where its key first stood, holding the last member of that key (the
    // one `get` returns). Each step holds a deduplicated prefix of the
    // view's canonical text, so it always fits the default capacity.
    let mut by_member = Baggage::<8192, 64>::new();
    for m in &view {
        by_member
            .insert_member(&m)
            .expect("a deduplicated prefix of the view fits");
    }
    let mut keys: Vec<&str> = Vec::new();
    for m in &view {
        if !keys.contains(&m.key()) {
            keys.push(m.key());
        }
    }
    assert!(by_member.iter().map(|m| m.key()).eq(keys.iter().copied()));
    for k in &keys {
        assert_eq!(by_member.get(k), view.get(k), "key {k}");
    }
    // The view's own count of what its limits dropped (BG-15): kept plus
    // dropped is every well-formed member, which the oracle counted.
    assert_eq!(view.len() + view.dropped(), accepted.len());
    assert_eq!(all.len() + all.dropped(), accepted.len());
}

fn check_fields(data: &[u8]) {
    let fields: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let joined = join(&fields);
    let lenient = BaggageRef::lenient_fields(&fields);
    assert_eq!(lenient, BaggageRef::lenient(&joined));
    match (
        BaggageRef::parse_fields(&fields),
        BaggageRef::parse(&joined),
    ) {
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
    check_one(data);
    if data.contains(&b'\n') {
        check_fields(data);
    }
});
