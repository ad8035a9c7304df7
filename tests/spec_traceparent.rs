//! The `traceparent` requirements of `shared/spec/traceparent.md`, one or
//! more tests per ID; every test name starts with the ID it checks.
//!
//! TP-16, TP-19, TP-20, TP-22, TP-26 and TP-27 are propagation rules (raw
//! pass-through, duplicate fields, restart on a missing or invalid value, a
//! new traceparent without an incoming one, tracestate forwarding and
//! dropping). They are tested with the propagation layer of issue 5, not
//! here; only the codec pieces they build on (e.g. `new_root` for TP-20 and
//! TP-22) are exercised below.

mod vectors;

use proptest::prelude::*;
use tracewire::{
    CapacityError, ErrorKind, FmtSink, Sink, SliceSink, SpanId, TraceFlags, TraceId, TraceParent,
    span_id, trace_id, traceparent,
};

const T: &str = vectors::T;
const P: &str = vectors::P;
const CANON: &[u8] = vectors::TP_CANONICAL;

/// Builds `{version}-{trace}-{parent}-{flags}`.
fn tp_str(version: &str, trace: &str, parent: &str, flags: &str) -> String {
    format!("{version}-{trace}-{parent}-{flags}")
}

fn ok(input: &[u8]) -> TraceParent {
    TraceParent::parse(input)
        .unwrap_or_else(|e| panic!("{:?} refused: {e}", String::from_utf8_lossy(input)))
}

fn err(input: &[u8]) -> (ErrorKind, usize) {
    match TraceParent::parse(input) {
        Ok(tp) => panic!("{:?} accepted as {tp:?}", String::from_utf8_lossy(input)),
        Err(e) => {
            assert!(
                e.offset() <= input.len(),
                "offset {} beyond len {}",
                e.offset(),
                input.len()
            );
            assert_eq!(e.field(), 0);
            (e.kind(), e.offset())
        }
    }
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

/// The hex fields' byte ranges of the version-00 layout.
const HEX_POSITIONS: [std::ops::Range<usize>; 4] = [0..2, 3..35, 36..52, 53..55];

fn is_hex_position(pos: usize) -> bool {
    HEX_POSITIONS.iter().any(|r| r.contains(&pos))
}

// ---------------------------------------------------------------- TP-01

#[test]
fn tp_01_canonical_value_is_valid() {
    let tp = ok(CANON);
    assert_eq!(tp.version(), 0);
    assert_eq!(tp.trace_id().to_bytes().to_vec(), hex::decode(T).unwrap());
    assert_eq!(tp.parent_id().to_bytes().to_vec(), hex::decode(P).unwrap());
    assert_eq!(tp.flags().bits(), 0x01);
    assert_eq!(tp.trace_id().to_string(), T);
    assert_eq!(tp.parent_id().to_string(), P);
}

#[test]
fn tp_01_from_str_and_try_from_agree_with_parse() {
    let s = std::str::from_utf8(CANON).unwrap();
    let a: TraceParent = s.parse().unwrap();
    let b = TraceParent::try_from(s).unwrap();
    let c = TraceParent::try_from(CANON).unwrap();
    assert_eq!(a, ok(CANON));
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn tp_01_version_00_must_be_exactly_55_bytes() {
    assert_eq!(CANON.len(), 55);
    // One byte short: a 1-digit flags field.
    assert_eq!(err(&CANON[..54]), (ErrorKind::FieldTooShort, 54));
    // One byte more (not OWS): never valid for version 00.
    let mut long = CANON.to_vec();
    long.push(b'x');
    assert_eq!(err(&long), (ErrorKind::TrailingData, 55));
}

#[test]
fn tp_01_separators_must_be_dashes() {
    for pos in [2usize, 35, 52] {
        for b in [b'_', b'.', b'+', b'/', b':', 0u8, 0x80, 0xff] {
            let mut v = CANON.to_vec();
            v[pos] = b;
            let (kind, offset) = err(&v);
            assert_eq!(offset, pos, "byte {b:#04x} at {pos}");
            // The dash after the version is part of the version rule (TP-12).
            let want = if pos == 2 {
                ErrorKind::InvalidVersion
            } else {
                ErrorKind::ExpectedDash
            };
            assert_eq!(kind, want, "byte {b:#04x} at {pos}");
        }
    }
}

// ---------------------------------------------------------------- TP-02

#[test]
fn tp_02_uppercase_trace_id_is_invalid_at_first_bad_byte() {
    let v = tp_str("00", &T.to_uppercase(), P, "01");
    // T = 4bf9...: '4' stays a digit, 'B' at offset 4 is the first bad byte.
    assert_eq!(err(v.as_bytes()), (ErrorKind::UppercaseHex, 4));
}

#[test]
fn tp_02_uppercase_in_each_field_is_invalid() {
    assert_eq!(
        err(tp_str("00", T, &P.to_uppercase(), "01").as_bytes()),
        (ErrorKind::UppercaseHex, 38)
    );
    assert_eq!(
        err(tp_str("00", T, P, "0A").as_bytes()),
        (ErrorKind::UppercaseHex, 54)
    );
    assert_eq!(
        err(tp_str("0A", T, P, "01").as_bytes()),
        (ErrorKind::UppercaseHex, 1)
    );
    assert_eq!(
        err(tp_str("00", T, P, "FF").as_bytes()),
        (ErrorKind::UppercaseHex, 53)
    );
}

/// Every byte that is not `0-9 a-f`, at every hex position, makes the value
/// invalid, and the error points at that byte. (SP/HTAB at the very ends are
/// OWS, TP-10, and are checked there.)
#[test]
fn tp_02_every_non_hex_byte_at_every_hex_position_is_invalid() {
    for pos in (0..55).filter(|&p| is_hex_position(p)) {
        for b in 0..=255u8 {
            if is_lower_hex(b) {
                continue;
            }
            let ows_at_end = (pos == 0 || pos == 54) && (b == b' ' || b == b'\t');
            if ows_at_end {
                continue;
            }
            let mut v = CANON.to_vec();
            v[pos] = b;
            let (kind, offset) = err(&v);
            assert_eq!(offset, pos, "byte {b:#04x} at {pos}");
            if (b'A'..=b'F').contains(&b) {
                assert_eq!(kind, ErrorKind::UppercaseHex, "byte {b:#04x} at {pos}");
            }
        }
    }
}

#[test]
fn tp_02_id_parsers_accept_only_lowercase_hex() {
    assert_eq!(TraceId::parse(T.as_bytes()).unwrap().to_string(), T);
    let e = TraceId::parse(T.to_uppercase().as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::UppercaseHex, 1));
    let e = SpanId::parse(b"00f067aa0ba902bg").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::NotHex, 15));
    let e = "0A".parse::<TraceFlags>().unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::UppercaseHex, 1));
    let e = "g0".parse::<TraceFlags>().unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::NotHex, 0));
}

// ---------------------------------------------------------------- TP-03

#[test]
fn tp_03_trace_id_of_31_or_33_digits_is_invalid() {
    assert_eq!(
        err(tp_str("00", &T[..31], P, "01").as_bytes()),
        (ErrorKind::FieldTooShort, 34)
    );
    assert_eq!(
        err(tp_str("00", &format!("{T}0"), P, "01").as_bytes()),
        (ErrorKind::FieldTooLong, 35)
    );
}

#[test]
fn tp_03_parent_id_of_15_or_17_digits_is_invalid() {
    assert_eq!(
        err(tp_str("00", T, &P[..15], "01").as_bytes()),
        (ErrorKind::FieldTooShort, 51)
    );
    assert_eq!(
        err(tp_str("00", T, &format!("{P}0"), "01").as_bytes()),
        (ErrorKind::FieldTooLong, 52)
    );
}

#[test]
fn tp_03_flags_of_1_or_3_digits_is_invalid() {
    assert_eq!(
        err(tp_str("00", T, P, "1").as_bytes()),
        (ErrorKind::FieldTooShort, 54)
    );
    assert_eq!(
        err(tp_str("00", T, P, "001").as_bytes()),
        (ErrorKind::FieldTooLong, 55)
    );
    assert_eq!(
        err(tp_str("00", T, P, "").as_bytes()),
        (ErrorKind::FieldTooShort, 53)
    );
}

#[test]
fn tp_03_every_wrong_width_of_every_id_field_is_invalid() {
    for n in 0..=40usize {
        let trace: String = "a".repeat(n);
        let v = tp_str("00", &trace, P, "01");
        if n == 32 {
            assert!(TraceParent::parse(v.as_bytes()).is_ok());
        } else {
            let (kind, offset) = err(v.as_bytes());
            let want = if n < 32 {
                (ErrorKind::FieldTooShort, 3 + n)
            } else {
                (ErrorKind::FieldTooLong, 35)
            };
            assert_eq!((kind, offset), want, "trace-id of {n} digits");
        }
    }
    for n in 0..=24usize {
        let parent: String = "b".repeat(n);
        let v = tp_str("00", T, &parent, "01");
        if n == 16 {
            assert!(TraceParent::parse(v.as_bytes()).is_ok());
        } else {
            let (kind, offset) = err(v.as_bytes());
            let want = if n < 16 {
                (ErrorKind::FieldTooShort, 36 + n)
            } else {
                (ErrorKind::FieldTooLong, 52)
            };
            assert_eq!((kind, offset), want, "parent-id of {n} digits");
        }
    }
}

#[test]
fn tp_03_id_parsers_check_width() {
    let e = TraceId::parse(&T.as_bytes()[..31]).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::FieldTooShort, 31));
    let e = TraceId::parse(format!("{T}0").as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::FieldTooLong, 32));
    let e = SpanId::parse(&P.as_bytes()[..15]).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::FieldTooShort, 15));
    let e = SpanId::parse(format!("{P}0").as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::FieldTooLong, 16));
    let e = "1".parse::<TraceFlags>().unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::FieldTooShort, 1));
    let e = "001".parse::<TraceFlags>().unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::FieldTooLong, 2));
}

// ---------------------------------------------------------------- TP-04

#[test]
fn tp_04_bytes_after_version_00_flags_are_invalid() {
    assert_eq!(
        err(tp_str("00", T, P, "01.").as_bytes()),
        (ErrorKind::TrailingData, 55)
    );
    assert_eq!(
        err(tp_str("00", T, P, "01-what-the-future-will-be-like").as_bytes()),
        (ErrorKind::TrailingData, 55)
    );
    assert_eq!(
        err(tp_str("00", T, P, "01-").as_bytes()),
        (ErrorKind::TrailingData, 55)
    );
}

/// Any single byte after the flags: only trailing OWS (TP-10) is allowed.
#[test]
fn tp_04_every_byte_after_flags_is_invalid_except_ows() {
    for b in 0..=255u8 {
        let mut v = CANON.to_vec();
        v.push(b);
        match b {
            b' ' | b'\t' => assert_eq!(ok(&v), ok(CANON)),
            // A third flags digit: the flags field is too long (TP-03).
            _ if is_lower_hex(b) || (b'A'..=b'F').contains(&b) => {
                assert_eq!(err(&v), (ErrorKind::FieldTooLong, 55), "byte {b:#04x}");
            }
            _ => assert_eq!(err(&v), (ErrorKind::TrailingData, 55), "byte {b:#04x}"),
        }
    }
}

// ---------------------------------------------------------------- TP-05

#[test]
fn tp_05_all_zero_trace_id_is_invalid() {
    let zeros = "0".repeat(32);
    assert_eq!(
        err(tp_str("00", &zeros, P, "01").as_bytes()),
        (ErrorKind::AllZeroTraceId, 3)
    );
    assert_eq!(
        err(tp_str("cc", &zeros, P, "01").as_bytes()),
        (ErrorKind::AllZeroTraceId, 3)
    );
    assert_eq!(
        err(tp_str("cc", &zeros, P, "01-x").as_bytes()),
        (ErrorKind::AllZeroTraceId, 3)
    );
}

#[test]
fn tp_05_trace_id_type_cannot_hold_zero() {
    assert_eq!(TraceId::from_bytes([0; 16]), None);
    assert_eq!(TraceId::from_u128(0), None);
    assert_eq!(
        TraceId::try_from([0u8; 16]).unwrap_err().kind(),
        ErrorKind::AllZeroTraceId
    );
    let e = TraceId::parse("0".repeat(32).as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::AllZeroTraceId, 0));
    // One non-zero bit anywhere is enough.
    for i in 0..16 {
        let mut b = [0u8; 16];
        b[i] = 0x80;
        assert_eq!(TraceId::from_bytes(b).unwrap().to_bytes(), b);
    }
}

// ---------------------------------------------------------------- TP-06

#[test]
fn tp_06_all_zero_parent_id_is_invalid() {
    let zeros = "0".repeat(16);
    assert_eq!(
        err(tp_str("00", T, &zeros, "01").as_bytes()),
        (ErrorKind::AllZeroParentId, 36)
    );
    assert_eq!(
        err(tp_str("cc", T, &zeros, "01-x").as_bytes()),
        (ErrorKind::AllZeroParentId, 36)
    );
}

#[test]
fn tp_06_span_id_type_cannot_hold_zero() {
    assert_eq!(SpanId::from_bytes([0; 8]), None);
    assert_eq!(SpanId::from_u64(0), None);
    assert_eq!(
        SpanId::try_from([0u8; 8]).unwrap_err().kind(),
        ErrorKind::AllZeroParentId
    );
    let e = SpanId::parse(b"0000000000000000").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::AllZeroParentId, 0));
    for i in 0..8 {
        let mut b = [0u8; 8];
        b[i] = 1;
        assert_eq!(SpanId::from_bytes(b).unwrap().to_bytes(), b);
    }
}

// ---------------------------------------------------------------- TP-07

#[test]
fn tp_07_version_ff_is_invalid() {
    assert_eq!(
        err(tp_str("ff", T, P, "01").as_bytes()),
        (ErrorKind::ForbiddenVersion, 0)
    );
}

#[test]
fn tp_07_version_ff_is_invalid_whatever_follows() {
    let zeros = "0".repeat(32);
    for v in [
        "ff".to_string(),
        "ff-".to_string(),
        "ff-not-even-close".to_string(),
        tp_str("ff", T, P, "01-what-the-future-will-be-like"),
        tp_str("ff", T, P, "01.x"),
        tp_str("ff", &zeros, P, "01"),
        tp_str("ff", T, P, "0"),
        "ff".repeat(100),
    ] {
        assert_eq!(err(v.as_bytes()), (ErrorKind::ForbiddenVersion, 0), "{v:?}");
    }
    // Offsets still count from the caller's first byte (TP-10).
    assert_eq!(
        err(format!(" \t{}", tp_str("ff", T, P, "01")).as_bytes()),
        (ErrorKind::ForbiddenVersion, 2)
    );
}

// ---------------------------------------------------------------- TP-08

#[test]
fn tp_08_every_flags_value_is_accepted_as_received() {
    for f in 0..=255u8 {
        let v = tp_str("00", T, P, &format!("{f:02x}"));
        let tp = ok(v.as_bytes());
        assert_eq!(tp.flags().bits(), f);
        assert_eq!(tp.flags(), TraceFlags::from_bits(f));
        assert_eq!(tp.trace_id().to_string(), T);
    }
    assert_eq!(ok(tp_str("00", T, P, "ff").as_bytes()).flags().bits(), 0xff);
}

// ---------------------------------------------------------------- TP-09

#[test]
fn tp_09_error_names_rule_and_offset_of_first_bad_byte() {
    let e = TraceParent::parse(tp_str("00", T, "123456789012345.", "01").as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::NotHex, 51));
    assert_eq!(e.kind().spec_id(), "TP-02");
    assert_eq!(e.to_string(), "not a hex digit at byte 51 (TP-02)");
}

#[test]
fn tp_09_empty_input() {
    assert_eq!(err(b""), (ErrorKind::TooShort, 0));
    // Only OWS: trimmed to nothing, the value ends at the caller's end.
    assert_eq!(err(b" \t ").1, 3);
}

#[test]
fn tp_09_every_single_byte_input() {
    for b in 0..=255u8 {
        let (kind, offset) = err(&[b]);
        assert!(offset <= 1);
        match b {
            // Trimmed away: nothing left, reported at the end.
            b' ' | b'\t' => assert_eq!((kind, offset), (ErrorKind::TooShort, 1)),
            _ if is_lower_hex(b) => assert_eq!((kind, offset), (ErrorKind::InvalidVersion, 1)),
            _ if (b'A'..=b'F').contains(&b) => {
                assert_eq!((kind, offset), (ErrorKind::UppercaseHex, 0))
            }
            _ => assert_eq!(
                (kind, offset),
                (ErrorKind::InvalidVersion, 0),
                "byte {b:#04x}"
            ),
        }
    }
}

#[test]
fn tp_09_every_truncation_fails_at_its_end() {
    for len in 0..55 {
        let (_, offset) = err(&CANON[..len]);
        assert_eq!(offset, len, "truncated to {len}");
    }
    // Truncations of a higher-version value with a suffix stay valid from 55 on.
    let long = tp_str("cc", T, P, "01-what-the-future-will-be-like");
    for len in 0..long.len() {
        let r = TraceParent::parse(&long.as_bytes()[..len]);
        if len < 55 {
            assert_eq!(r.unwrap_err().offset(), len, "truncated to {len}");
        } else {
            assert_eq!(r.unwrap().trace_id().to_string(), T, "truncated to {len}");
        }
    }
}

#[test]
fn tp_09_ten_megabytes() {
    const TEN_MB: usize = 10 * 1024 * 1024;
    // A valid value followed by 10 MB: refused at byte 55.
    let mut big = CANON.to_vec();
    big.resize(TEN_MB, b'x');
    assert_eq!(err(&big), (ErrorKind::TrailingData, 55));
    // 10 MB of one byte.
    for fill in [b'a', b'0', b'-', 0u8, 0xff, b' '] {
        let big = vec![fill; TEN_MB];
        let (_, offset) = err(&big);
        assert!(offset <= big.len());
    }
    // 10 MB of OWS around a valid value: still valid.
    let mut padded = vec![b' '; TEN_MB / 2];
    padded.extend_from_slice(CANON);
    padded.extend(std::iter::repeat_n(b'\t', TEN_MB / 2));
    assert_eq!(ok(&padded), ok(CANON));
    // A higher version with a 10 MB suffix: valid, suffix ignored (TP-14).
    let mut future = tp_str("cc", T, P, "01-").into_bytes();
    future.resize(TEN_MB, b'z');
    assert_eq!(ok(&future).trace_id().to_string(), T);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any bytes: no panic, the offset lies inside the input.
    #[test]
    fn tp_09_any_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Err(e) = TraceParent::parse(&input) {
            prop_assert!(e.offset() <= input.len());
        }
    }

    /// A valid value with random bytes overwritten: no panic, offset in range,
    /// and what is accepted re-encodes to a value that parses the same.
    #[test]
    fn tp_09_mutated_values_never_panic(
        edits in proptest::collection::vec((0usize..70, any::<u8>()), 1..6),
        cut in 0usize..80,
    ) {
        let mut v = tp_str("cc", T, P, "01-future").into_bytes();
        for (pos, b) in edits {
            if let Some(slot) = v.get_mut(pos) {
                *slot = b;
            }
        }
        v.truncate(cut);
        match TraceParent::parse(&v) {
            Err(e) => prop_assert!(e.offset() <= v.len()),
            Ok(tp) => prop_assert_eq!(TraceParent::parse(tp.encode().as_bytes()), Ok(tp.canonical())),
        }
    }
}

// ---------------------------------------------------------------- TP-10

#[test]
fn tp_10_leading_and_trailing_sp_htab_are_ignored() {
    let want = ok(CANON);
    let pads = ["", " ", "\t", " \t", "\t ", "    ", "\t\t\t"];
    for lead in pads {
        for trail in pads {
            let v = format!("{lead}{}{trail}", std::str::from_utf8(CANON).unwrap());
            let tp = ok(v.as_bytes());
            assert_eq!(tp, want, "{v:?}");
            assert_eq!(tp.trace_id().to_string(), T);
        }
    }
}

#[test]
fn tp_10_error_offsets_count_from_the_callers_first_byte() {
    let v = format!("\t {}", tp_str("00", &T.to_uppercase(), P, "01"));
    assert_eq!(err(v.as_bytes()), (ErrorKind::UppercaseHex, 6));
    let v = format!("  {} ", tp_str("00", T, P, "01x"));
    assert_eq!(err(v.as_bytes()), (ErrorKind::TrailingData, 57));
}

#[test]
fn tp_10_other_whitespace_is_not_ows() {
    for ws in [b'\n', b'\r', 0x0b, 0x0c, 0x00] {
        let mut lead = vec![ws];
        lead.extend_from_slice(CANON);
        assert_eq!(
            err(&lead),
            (ErrorKind::InvalidVersion, 0),
            "leading {ws:#04x}"
        );
        let mut trail = CANON.to_vec();
        trail.push(ws);
        assert_eq!(
            err(&trail),
            (ErrorKind::TrailingData, 55),
            "trailing {ws:#04x}"
        );
    }
}

// ---------------------------------------------------------------- TP-11

#[test]
fn tp_11_whitespace_inside_the_value_is_invalid() {
    assert_eq!(
        err(format!("00 -{T}-{P}-01").as_bytes()),
        (ErrorKind::InvalidVersion, 2)
    );
    assert_eq!(
        err(format!("00-{T} -{P}-01").as_bytes()),
        (ErrorKind::InnerWhitespace, 35)
    );
}

/// SP or HTAB inserted at every inner position: refused at that position.
#[test]
fn tp_11_whitespace_inserted_anywhere_inside_is_invalid() {
    for ws in [b' ', b'\t'] {
        for at in 1..55 {
            let mut v = CANON.to_vec();
            v.insert(at, ws);
            let (kind, offset) = err(&v);
            assert_eq!(offset, at, "{ws:#04x} inserted at {at}");
            // Inside or right after the version, it breaks the version rule.
            let want = if at <= 2 {
                ErrorKind::InvalidVersion
            } else {
                ErrorKind::InnerWhitespace
            };
            assert_eq!(kind, want, "{ws:#04x} inserted at {at}");
        }
    }
}

/// SP or HTAB replacing any byte but the first or last: refused there.
#[test]
fn tp_11_whitespace_replacing_an_inner_byte_is_invalid() {
    for ws in [b' ', b'\t'] {
        for at in 1..54 {
            let mut v = CANON.to_vec();
            v[at] = ws;
            let (kind, offset) = err(&v);
            assert_eq!(offset, at, "{ws:#04x} at {at}");
            let want = if at <= 2 {
                ErrorKind::InvalidVersion
            } else {
                ErrorKind::InnerWhitespace
            };
            assert_eq!(kind, want, "{ws:#04x} at {at}");
        }
    }
}

// ---------------------------------------------------------------- TP-12

#[test]
fn tp_12_version_must_be_two_lowercase_hex_digits_and_a_dash() {
    let rest = format!("{T}-{P}-01");
    for (version, offset) in [
        (".0", 0),
        ("0.", 1),
        ("0", 1),
        ("000", 2),
        ("0000", 2),
        ("", 0),
        ("g0", 0),
        ("0g", 1),
    ] {
        let v = format!("{version}-{rest}");
        assert_eq!(
            err(v.as_bytes()),
            (ErrorKind::InvalidVersion, offset),
            "{v:?}"
        );
    }
    assert_eq!(
        err(format!("A0-{rest}").as_bytes()),
        (ErrorKind::UppercaseHex, 0)
    );
}

#[test]
fn tp_12_every_bad_version_byte_is_invalid() {
    for pos in 0..2 {
        for b in (0..=255u8).filter(|&b| !is_lower_hex(b)) {
            if pos == 0 && (b == b' ' || b == b'\t') {
                continue; // leading OWS (TP-10)
            }
            let mut v = CANON.to_vec();
            v[pos] = b;
            let want = if (b'A'..=b'F').contains(&b) {
                ErrorKind::UppercaseHex
            } else {
                ErrorKind::InvalidVersion
            };
            assert_eq!(err(&v), (want, pos), "byte {b:#04x} at {pos}");
        }
    }
}

// ---------------------------------------------------------------- TP-13

#[test]
fn tp_13_higher_version_is_read_by_the_prefix_rule() {
    for v in [
        tp_str("cc", T, P, "01"),
        tp_str("cc", T, P, "01-what-the-future-will-be-like"),
        tp_str("cc", T, P, "01-"),
    ] {
        let tp = ok(v.as_bytes());
        assert_eq!(tp.version(), 0xcc, "{v:?}");
        assert_eq!(tp.trace_id().to_string(), T);
        assert_eq!(tp.parent_id().to_string(), P);
        assert_eq!(tp.flags().bits(), 0x01);
    }
}

#[test]
fn tp_13_higher_version_invalid_suffix_or_short() {
    assert_eq!(
        err(tp_str("cc", T, P, "01.what-the-future-will-be-like").as_bytes()),
        (ErrorKind::InvalidSuffix, 55)
    );
    assert_eq!(
        err(tp_str("cc", T, P, "01x").as_bytes()),
        (ErrorKind::InvalidSuffix, 55)
    );
    assert_eq!(
        err(tp_str("cc", T, P, "0").as_bytes()),
        (ErrorKind::FieldTooShort, 54)
    );
    assert_eq!(tp_str("cc", T, P, "0").len(), 54);
}

#[test]
fn tp_13_higher_version_fields_follow_tp_02_05_06() {
    assert_eq!(
        err(tp_str("cc", &T.to_uppercase(), P, "01").as_bytes()),
        (ErrorKind::UppercaseHex, 4)
    );
    assert_eq!(
        err(tp_str("cc", T, &P.to_uppercase(), "01-x").as_bytes()),
        (ErrorKind::UppercaseHex, 38)
    );
    assert_eq!(
        err(tp_str("cc", &"0".repeat(32), P, "01").as_bytes()),
        (ErrorKind::AllZeroTraceId, 3)
    );
    assert_eq!(
        err(tp_str("cc", T, &"0".repeat(16), "01").as_bytes()),
        (ErrorKind::AllZeroParentId, 36)
    );
    assert_eq!(
        err(tp_str("cc", T, P, "0g-x").as_bytes()),
        (ErrorKind::NotHex, 54)
    );
    // The layout is fixed at the same offsets: a longer id does not fit.
    assert_eq!(
        err(tp_str("cc", &format!("{T}0"), P, "01").as_bytes()),
        (ErrorKind::FieldTooLong, 35)
    );
}

#[test]
fn tp_13_every_version_but_00_and_ff_uses_the_prefix_rule() {
    for version in 1..=0xfeu8 {
        let ver = format!("{version:02x}");
        let exact = ok(tp_str(&ver, T, P, "01").as_bytes());
        assert_eq!(exact.version(), version);
        let suffixed = ok(tp_str(&ver, T, P, "01-anything at all").as_bytes());
        assert_eq!(suffixed, exact);
        assert_eq!(
            err(tp_str(&ver, T, P, "01+").as_bytes()),
            (ErrorKind::InvalidSuffix, 55)
        );
    }
}

// ---------------------------------------------------------------- TP-14

#[test]
fn tp_14_higher_version_keeps_only_ids_and_known_flags() {
    let tp = ok(tp_str("cc", T, P, "ff-x").as_bytes());
    assert_eq!(tp.flags().bits(), 0x03);
    assert_eq!(tp.version(), 0xcc);
    for f in 0..=255u8 {
        let tp = ok(tp_str("cc", T, P, &format!("{f:02x}-future")).as_bytes());
        assert_eq!(tp.flags().bits(), f & 0x03, "flags {f:02x}");
    }
}

#[test]
fn tp_14_suffix_is_not_forwarded() {
    let tp = ok(tp_str("cc", T, P, "01-what-the-future-will-be-like").as_bytes());
    assert_eq!(tp.encode().as_str(), tp_str("00", T, P, "01"));
    assert_eq!(tp.to_string().len(), 55);
    let mut buf = [0u8; 128];
    let mut sink = SliceSink::new(&mut buf);
    assert_eq!(tp.write_to(&mut sink), Ok(55));
    assert_eq!(sink.as_str(), tp_str("00", T, P, "01"));
}

// ---------------------------------------------------------------- TP-15

#[test]
fn tp_15_everything_written_is_version_00() {
    let tp = ok(tp_str("cc", T, P, "03-x").as_bytes());
    assert_eq!(tp.version(), 0xcc);
    assert!(tp.encode().as_str().starts_with("00-"));
    assert!(tp.to_string().starts_with("00-"));
    assert_eq!(tp.canonical().version(), 0);
    assert_eq!(tp.child(span_id!("53ce929d0e0e4736")).version(), 0);
    assert_eq!(
        tp.child_with_sampled(span_id!("53ce929d0e0e4736"), false)
            .version(),
        0
    );
    let mut buf = [0u8; 55];
    assert_eq!(tp.encode_into(&mut buf), Ok(55));
    assert_eq!(&buf[..3], b"00-");
    let built = TraceParent::new(
        trace_id!("4bf92f3577b34da6a3ce929d0e0e4736"),
        span_id!("00f067aa0ba902b7"),
        TraceFlags::NONE,
    );
    assert_eq!(built.version(), 0);
    // The downgraded value re-parses as the canonical version-00 value.
    assert_eq!(ok(tp.encode().as_bytes()), tp.canonical());
}

// ---------------------------------------------------------------- TP-17

#[test]
fn tp_17_flags_are_read_bit_by_bit() {
    let flags = |f: &str| ok(tp_str("00", T, P, f).as_bytes());
    assert!(flags("01").is_sampled());
    assert!(flags("03").is_sampled());
    assert!(flags("02").is_random());
    assert!(flags("03").is_random());
    assert!(!flags("02").is_sampled());
    assert!(!flags("01").is_random());
    assert!(flags("fd").is_sampled() && !flags("fd").is_random());
    assert!(!flags("fe").is_sampled() && flags("fe").is_random());
}

#[test]
fn tp_17_every_flags_byte_read_bit_by_bit() {
    for f in 0..=255u8 {
        let tp = ok(tp_str("00", T, P, &format!("{f:02x}")).as_bytes());
        assert_eq!(tp.is_sampled(), f & 1 == 1, "{f:02x}");
        assert_eq!(tp.is_random(), f & 2 == 2, "{f:02x}");
        assert_eq!(tp.flags().is_sampled(), f & 1 == 1);
        assert_eq!(tp.flags().is_random(), f & 2 == 2);
    }
}

// ---------------------------------------------------------------- TP-18

#[test]
fn tp_18_child_of_ff_is_written_with_03() {
    let incoming = ok(tp_str("00", T, P, "ff").as_bytes());
    assert_eq!(
        incoming.flags().bits(),
        0xff,
        "parsing keeps the byte as received"
    );
    let child = incoming.child(span_id!("53ce929d0e0e4736"));
    assert_eq!(child.flags().bits(), 0x03);
    assert_eq!(
        child.encode().as_str(),
        tp_str("00", T, "53ce929d0e0e4736", "03")
    );
}

#[test]
fn tp_18_reserved_bits_cleared_on_everything_created_or_changed() {
    let s = span_id!("53ce929d0e0e4736");
    for f in 0..=255u8 {
        let incoming = ok(tp_str("00", T, P, &format!("{f:02x}")).as_bytes());
        assert_eq!(incoming.flags().bits(), f);
        assert_eq!(incoming.child(s).flags().bits(), f & 0x03);
        assert_eq!(
            incoming.child_with_sampled(s, true).flags().bits() & 0xfc,
            0
        );
        assert_eq!(
            incoming.child_with_sampled(s, false).flags().bits() & 0xfc,
            0
        );
        assert_eq!(incoming.canonical().flags().bits(), f & 0x03);
        // Encoding a parsed value also clears them.
        assert_eq!(
            &incoming.encode().as_str()[53..],
            format!("{:02x}", f & 0x03)
        );
        let built = TraceParent::new(incoming.trace_id(), s, TraceFlags::from_bits(f));
        assert_eq!(built.flags().bits(), f & 0x03);
    }
}

// ---------------------------------------------------------------- TP-21

#[test]
fn tp_21_continue_keeps_trace_id_with_new_parent_id() {
    let incoming = ok(CANON);
    let mine = span_id!("53ce929d0e0e4736");
    let out = incoming.child(mine);
    assert_eq!(out.trace_id(), incoming.trace_id());
    assert_eq!(out.parent_id(), mine);
    assert_ne!(out.parent_id(), incoming.parent_id());
    assert_eq!(
        out.encode().as_str(),
        tp_str("00", T, "53ce929d0e0e4736", "01")
    );
}

// ---------------------------------------------------------------- TP-23

// The public operations that turn a TraceParent into another one are
// `child`, `child_with_sampled`, `canonical` (the downgrade) and, with
// `rand_core`, `child_random` and `new_root` (the restart). None takes a
// trace-id, and none takes flags without a span id, so the API has no way to
// change the trace-id while keeping the parent-id, nor to change flags
// without a new parent-id. The tests below check what each one changes.

#[test]
fn tp_23_child_changes_only_the_parent_id() {
    let s = span_id!("53ce929d0e0e4736");
    for f in [0x00u8, 0x01, 0x02, 0x03] {
        let incoming = ok(tp_str("00", T, P, &format!("{f:02x}")).as_bytes());
        let out = incoming.child(s);
        assert_eq!(out.trace_id(), incoming.trace_id());
        assert_eq!(out.parent_id(), s);
        assert_ne!(out.parent_id(), incoming.parent_id());
        assert_eq!(out.flags(), incoming.flags());
    }
}

#[test]
fn tp_23_sampled_changes_only_together_with_a_new_parent_id() {
    let s = span_id!("53ce929d0e0e4736");
    for f in [0x00u8, 0x01, 0x02, 0x03] {
        let incoming = ok(tp_str("00", T, P, &format!("{f:02x}")).as_bytes());
        for sampled in [false, true] {
            let out = incoming.child_with_sampled(s, sampled);
            assert_eq!(out.trace_id(), incoming.trace_id());
            assert_eq!(out.parent_id(), s);
            assert_ne!(out.parent_id(), incoming.parent_id());
            assert_eq!(out.is_sampled(), sampled);
            assert_eq!(out.is_random(), incoming.is_random());
        }
    }
}

#[test]
fn tp_23_downgrade_keeps_ids_and_known_flags() {
    let incoming = ok(tp_str("cc", T, P, "03-x").as_bytes());
    let down = incoming.canonical();
    assert_eq!(down.trace_id(), incoming.trace_id());
    assert_eq!(down.parent_id(), incoming.parent_id());
    assert_eq!(down.flags(), incoming.flags());
    assert_eq!(down.version(), 0);
}

// ---------------------------------------------------------------- TP-24

#[test]
fn tp_24_child_keeps_random_bit_exactly() {
    let s = span_id!("53ce929d0e0e4736");
    let from_02 = ok(tp_str("00", T, P, "02").as_bytes()).child(s);
    assert_eq!(
        from_02.encode().as_str(),
        tp_str("00", T, "53ce929d0e0e4736", "02")
    );
    let from_01 = ok(tp_str("00", T, P, "01").as_bytes()).child(s);
    assert!(!from_01.is_random());
    assert_eq!(
        from_01.encode().as_str(),
        tp_str("00", T, "53ce929d0e0e4736", "01")
    );
    for f in 0..=255u8 {
        let incoming = ok(tp_str("00", T, P, &format!("{f:02x}")).as_bytes());
        assert_eq!(incoming.child(s).is_random(), f & 0x02 != 0);
        assert_eq!(
            incoming.child_with_sampled(s, true).is_random(),
            f & 0x02 != 0
        );
        assert_eq!(
            incoming.child_with_sampled(s, false).is_random(),
            f & 0x02 != 0
        );
    }
}

// ---------------------------------------------------------------- TP-25

#[test]
fn tp_25_child_keeps_sampled_unless_the_caller_sets_it() {
    let s = span_id!("53ce929d0e0e4736");
    for f in 0..=255u8 {
        let incoming = ok(tp_str("00", T, P, &format!("{f:02x}")).as_bytes());
        assert_eq!(incoming.child(s).is_sampled(), f & 0x01 != 0);
        assert!(incoming.child_with_sampled(s, true).is_sampled());
        assert!(!incoming.child_with_sampled(s, false).is_sampled());
    }
    let out = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
        .child_with_sampled(s, true);
    assert_eq!(
        out.encode().as_str(),
        tp_str("00", T, "53ce929d0e0e4736", "01")
    );
    let out = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")
        .child_with_sampled(s, false);
    assert_eq!(
        out.encode().as_str(),
        tp_str("00", T, "53ce929d0e0e4736", "02")
    );
}

// ---------------------------------------------------------------- TP-28

#[test]
fn tp_28_encode_writes_exactly_55_bytes_of_version_00() {
    let tp = ok(tp_str("00", T, P, "ff").as_bytes());
    let e = tp.encode();
    assert_eq!(e.len(), 55);
    assert_eq!(tp.encoded_len(), 55);
    assert_eq!(TraceParent::LEN, 55);
    let b = e.as_bytes();
    assert_eq!(&b[..2], b"00");
    for (i, &c) in b.iter().enumerate() {
        if [2, 35, 52].contains(&i) {
            assert_eq!(c, b'-', "byte {i}");
        } else {
            assert!(is_lower_hex(c), "byte {i} = {c:#04x}");
        }
    }
    assert_eq!(b.iter().filter(|&&c| c == b'-').count(), 3);
    assert_eq!(e.as_str(), tp_str("00", T, P, "03"));
}

#[test]
fn tp_28_short_buffer_is_an_error_without_partial_write() {
    let tp = ok(CANON);
    for len in 0..55 {
        let mut buf = vec![0xAAu8; len];
        assert_eq!(
            tp.encode_into(&mut buf),
            Err(CapacityError),
            "buffer of {len}"
        );
        assert!(
            buf.iter().all(|&b| b == 0xAA),
            "buffer of {len} was touched"
        );
    }
    for len in [55usize, 56, 100] {
        let mut buf = vec![0xAAu8; len];
        assert_eq!(tp.encode_into(&mut buf), Ok(55));
        assert_eq!(&buf[..55], CANON);
        assert!(buf[55..].iter().all(|&b| b == 0xAA));
    }
}

#[test]
fn tp_28_write_to_a_sink_without_room_leaves_it_unchanged() {
    let tp = ok(CANON);
    for cap in 0..55 {
        let mut buf = vec![0u8; cap];
        let mut sink = SliceSink::new(&mut buf);
        assert_eq!(tp.write_to(&mut sink), Err(CapacityError));
        assert!(sink.is_empty());
    }
    // After other text, with exactly 54 bytes left: refused, text kept.
    let mut buf = [0u8; 60];
    let mut sink = SliceSink::new(&mut buf);
    sink.write_str("abcdef").unwrap();
    assert_eq!(sink.remaining(), 54);
    assert_eq!(tp.write_to(&mut sink), Err(CapacityError));
    assert_eq!(sink.as_str(), "abcdef");
    // With room: appended.
    let mut buf = [0u8; 61];
    let mut sink = SliceSink::new(&mut buf);
    sink.write_str("abcdef").unwrap();
    assert_eq!(tp.write_to(&mut sink), Ok(55));
    assert_eq!(
        sink.as_str(),
        format!("abcdef{}", std::str::from_utf8(CANON).unwrap())
    );
    // Through core::fmt::Write.
    let mut s = String::new();
    assert_eq!(tp.write_to(&mut FmtSink(&mut s)), Ok(55));
    assert_eq!(s.as_bytes(), CANON);
    assert_eq!(tp.to_string().as_bytes(), CANON);
}

#[test]
fn tp_28_parse_of_encode_is_identity_on_the_vectors() {
    for v in vectors::TP_VALID {
        let tp = ok(v.input);
        let again = ok(tp.encode().as_bytes());
        assert_eq!(again, tp.canonical(), "{}", v.spec);
        assert_eq!(again.encode().as_bytes(), v.encoded, "{}", v.spec);
    }
}

// ---------------------------------------------------------------- TP-30

#[test]
fn tp_30_ids_from_caller_bytes_carry_no_random_bit_unless_asserted() {
    let id = TraceId::from_bytes([7; 16]).unwrap();
    let s = SpanId::from_bytes([9; 8]).unwrap();
    assert!(!TraceParent::new(id, s, TraceFlags::NONE).is_random());
    assert!(!TraceParent::new(id, s, TraceFlags::SAMPLED).is_random());
    // The caller asserts randomness explicitly.
    assert!(TraceParent::new(id, s, TraceFlags::RANDOM).is_random());
    assert!(TraceParent::new(id, s, TraceFlags::NONE.with_random(true)).is_random());
    assert!(!TraceFlags::RANDOM.with_random(false).is_random());
}

// ---------------------------------------------------------------- TP-33

#[test]
fn tp_33_legacy_8_byte_id_is_left_padded() {
    let legacy = span_id!("53ce929d0e0e4736");
    let id = TraceId::from_legacy(legacy);
    assert_eq!(id.to_string(), "000000000000000053ce929d0e0e4736");
    assert_eq!(id.to_legacy(), Some(legacy));
    // No random bit unless the caller asserts it.
    let tp = TraceParent::new(id, span_id!("00f067aa0ba902b7"), TraceFlags::SAMPLED);
    assert!(!tp.is_random());
    assert_eq!(
        tp.encode().as_str(),
        "00-000000000000000053ce929d0e0e4736-00f067aa0ba902b7-01"
    );
    let asserted = TraceParent::new(
        id,
        span_id!("00f067aa0ba902b7"),
        TraceFlags::SAMPLED | TraceFlags::RANDOM,
    );
    assert!(asserted.is_random());
}

#[test]
fn tp_33_reverse_conversion_takes_the_rightmost_8_bytes() {
    let id = trace_id!("4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(id.to_legacy(), Some(span_id!("a3ce929d0e0e4736")));
    // Right-most 8 bytes zero: no legacy id (it would be all zero).
    let high_only = trace_id!("4bf92f3577b34da60000000000000000");
    assert_eq!(high_only.to_legacy(), None);
}

// ------------------------------------------------ TP-29 .. TP-34 (RNG)

#[cfg(feature = "rand_core")]
mod rng {
    use super::*;
    use core::convert::Infallible;
    use rand_core::TryRng;

    /// An RNG that plays back a fixed script of bytes and panics when it runs
    /// out (so a test sees exactly how many bytes each call draws).
    #[derive(Clone, Debug)]
    pub(super) struct Script {
        bytes: Vec<u8>,
        pos: usize,
    }

    impl Script {
        pub(super) fn new(bytes: impl IntoIterator<Item = u8>) -> Self {
            Self {
                bytes: bytes.into_iter().collect(),
                pos: 0,
            }
        }
        pub(super) fn used(&self) -> usize {
            self.pos
        }
    }

    impl TryRng for Script {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            let mut b = [0; 4];
            self.try_fill_bytes(&mut b)?;
            Ok(u32::from_le_bytes(b))
        }
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            let mut b = [0; 8];
            self.try_fill_bytes(&mut b)?;
            Ok(u64::from_le_bytes(b))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
            for d in dst {
                *d = *self
                    .bytes
                    .get(self.pos)
                    .expect("scripted RNG ran out of bytes");
                self.pos += 1;
            }
            Ok(())
        }
    }

    #[test]
    fn tp_29_new_trace_id_takes_all_16_bytes_from_the_rng() {
        let mut rng = Script::new(1..=16u8);
        let id = TraceId::random(&mut rng);
        assert_eq!(id.to_string(), "0102030405060708090a0b0c0d0e0f10");
        assert_eq!(rng.used(), 16);
    }

    #[test]
    fn tp_29_new_root_sets_the_random_bit() {
        for sampled in [false, true] {
            let mut rng = Script::new(1..=24u8);
            let root = TraceParent::new_root(&mut rng, sampled);
            assert_eq!(
                root.trace_id().to_string(),
                "0102030405060708090a0b0c0d0e0f10"
            );
            assert_eq!(root.parent_id().to_string(), "1112131415161718");
            assert!(root.flags().bits() & 0x02 != 0);
            assert!(root.is_random());
            assert_eq!(root.is_sampled(), sampled);
            assert_eq!(root.flags().bits() & 0xfc, 0);
            assert_eq!(root.version(), 0);
            assert_eq!(rng.used(), 24);
            let flags = if sampled { "03" } else { "02" };
            assert_eq!(
                root.encode().as_str(),
                format!("00-0102030405060708090a0b0c0d0e0f10-1112131415161718-{flags}")
            );
        }
    }

    #[test]
    fn tp_30_random_bit_only_on_rng_trace_ids() {
        // new_root: the trace-id is all RNG bytes, so the bit is set.
        let mut rng = Script::new(1..=24u8);
        assert!(TraceParent::new_root(&mut rng, false).is_random());
        // A random id placed by the caller: the bit is the caller's assertion.
        let mut rng = Script::new(1..=24u8);
        let id = TraceId::random(&mut rng);
        let s = SpanId::random(&mut rng);
        assert!(!TraceParent::new(id, s, TraceFlags::NONE).is_random());
        assert!(TraceParent::new(id, s, TraceFlags::RANDOM).is_random());
        // Continuing with an RNG span id never sets the bit on a non-random trace.
        let incoming = ok(tp_str("00", T, P, "01").as_bytes());
        let mut rng = Script::new(1..=8u8);
        assert!(!incoming.child_random(&mut rng).is_random());
    }

    #[test]
    fn tp_31_all_zero_trace_id_draw_is_drawn_again() {
        let mut rng = Script::new(std::iter::repeat_n(0u8, 16).chain(1..=16));
        let id = TraceId::random(&mut rng);
        assert_eq!(id.to_string(), "0102030405060708090a0b0c0d0e0f10");
        assert_eq!(rng.used(), 32);
        // Several zero draws in a row.
        let mut rng = Script::new(std::iter::repeat_n(0u8, 48).chain(1..=16));
        assert_eq!(
            TraceId::random(&mut rng).to_string(),
            "0102030405060708090a0b0c0d0e0f10"
        );
    }

    #[test]
    fn tp_31_all_zero_span_id_draw_is_drawn_again() {
        let mut rng = Script::new(std::iter::repeat_n(0u8, 8).chain(1..=8));
        let id = SpanId::random(&mut rng);
        assert_eq!(id.to_string(), "0102030405060708");
        assert_eq!(rng.used(), 16);
    }

    #[test]
    fn tp_31_new_root_redraws_both_ids() {
        let script = std::iter::repeat_n(0u8, 16)
            .chain(1..=16)
            .chain(std::iter::repeat_n(0u8, 8))
            .chain(0x21..=0x28);
        let mut rng = Script::new(script);
        let root = TraceParent::new_root(&mut rng, true);
        assert_eq!(
            root.trace_id().to_string(),
            "0102030405060708090a0b0c0d0e0f10"
        );
        assert_eq!(root.parent_id().to_string(), "2122232425262728");
        // A draw that is zero only in part is kept.
        let mut part = vec![0u8; 15];
        part.push(1);
        let mut rng = Script::new(part);
        assert_eq!(
            TraceId::random(&mut rng).to_string(),
            "00000000000000000000000000000001"
        );
    }

    #[test]
    fn tp_32_repeated_children_get_distinct_parent_ids() {
        let incoming = ok(CANON);
        let mut rng = Script::new((1..=24u8).map(|b| b.wrapping_mul(37)));
        let kids: Vec<TraceParent> = (0..3).map(|_| incoming.child_random(&mut rng)).collect();
        assert_eq!(rng.used(), 24, "8 RNG bytes per span id");
        for k in &kids {
            assert_eq!(k.trace_id(), incoming.trace_id());
        }
        assert_ne!(kids[0].parent_id(), kids[1].parent_id());
        assert_ne!(kids[1].parent_id(), kids[2].parent_id());
        assert_ne!(kids[0].parent_id(), kids[2].parent_id());
        // Each parent-id is exactly the next 8 RNG bytes.
        let want: Vec<u8> = (1..=24u8).map(|b| b.wrapping_mul(37)).collect();
        for (k, chunk) in kids.iter().zip(want.chunks(8)) {
            assert_eq!(k.parent_id().to_bytes().as_slice(), chunk);
        }
    }

    #[test]
    fn tp_32_span_id_takes_8_rng_bytes() {
        let mut rng = Script::new(0x11..=0x20u8);
        assert_eq!(SpanId::random(&mut rng).to_string(), "1112131415161718");
        assert_eq!(SpanId::random(&mut rng).to_string(), "191a1b1c1d1e1f20");
        assert_eq!(rng.used(), 16);
    }

    #[test]
    fn tp_34_same_rng_state_gives_same_ids() {
        let script: Vec<u8> = (0..200u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let run = |mut rng: Script| {
            let root = TraceParent::new_root(&mut rng, true);
            let c1 = root.child_random(&mut rng);
            let c2 = c1.child_random(&mut rng);
            let t = TraceId::random(&mut rng);
            let s = SpanId::random(&mut rng);
            (root, c1, c2, t, s, rng.used())
        };
        let a = run(Script::new(script.clone()));
        // Another thread, later: nothing but the RNG goes in.
        let b = std::thread::spawn({
            let script = script.clone();
            move || run(Script::new(script))
        })
        .join()
        .unwrap();
        assert_eq!(a, b);
        // And the ids are exactly the RNG bytes, in order: nothing is mixed in.
        let (root, c1, c2, t, s, used) = a;
        assert_eq!(used, 16 + 8 + 8 + 8 + 16 + 8);
        assert_eq!(root.trace_id().to_bytes().as_slice(), &script[..16]);
        assert_eq!(root.parent_id().to_bytes().as_slice(), &script[16..24]);
        assert_eq!(c1.parent_id().to_bytes().as_slice(), &script[24..32]);
        assert_eq!(c2.parent_id().to_bytes().as_slice(), &script[32..40]);
        assert_eq!(t.to_bytes().as_slice(), &script[40..56]);
        assert_eq!(s.to_bytes().as_slice(), &script[56..64]);
    }
}
