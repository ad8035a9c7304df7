//! Property tests of the traceparent codec (TP-28 and the parse rules it
//! rests on): encode/parse round trips, and every byte at every position of
//! a valid value against a model written from the spec rules.

use proptest::prelude::*;
use tracewire::{ErrorKind, SpanId, TraceFlags, TraceId, TraceParent};

fn trace_id() -> impl Strategy<Value = TraceId> {
    any::<[u8; 16]>().prop_filter_map("all zero", TraceId::from_bytes)
}

fn span_id() -> impl Strategy<Value = SpanId> {
    any::<[u8; 8]>().prop_filter_map("all zero", SpanId::from_bytes)
}

/// Text of `n` lowercase hex digits.
fn hex_digits(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![b'0'..=b'9', b'a'..=b'f'], n)
        .prop_map(|v| String::from_utf8(v).unwrap())
}

/// A lowercase-hex version other than `ff`.
fn version() -> impl Strategy<Value = u8> {
    prop_oneof![Just(0u8), 0u8..0xff]
}

/// SP/HTAB padding.
fn ows() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![Just(' '), Just('\t')], 0..4).prop_map(String::from_iter)
}

/// What a parse must give: the fields, or the error kind and offset.
#[derive(Debug, PartialEq)]
enum Expect {
    Ok {
        version: u8,
        trace: [u8; 16],
        parent: [u8; 8],
        flags: u8,
    },
    Err(ErrorKind, usize),
}

fn observed(input: &[u8]) -> Expect {
    match TraceParent::parse(input) {
        Ok(tp) => Expect::Ok {
            version: tp.version(),
            trace: tp.trace_id().to_bytes(),
            parent: tp.parent_id().to_bytes(),
            flags: tp.flags().bits(),
        },
        Err(e) => Expect::Err(e.kind(), e.offset()),
    }
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

fn is_upper_hex(b: u8) -> bool {
    (b'A'..=b'F').contains(&b)
}

/// The fields of a 55-byte value whose four hex fields are lowercase hex,
/// decoded by the `hex` crate (not by the code under test), as the spec says
/// a parser must see them: flags as received for 00, known bits otherwise;
/// `ff` and all-zero ids refused.
fn model_fields(s: &[u8; 55]) -> Expect {
    let dec = |r: std::ops::Range<usize>| hex::decode(&s[r]).unwrap();
    let version = dec(0..2)[0];
    if version == 0xff {
        return Expect::Err(ErrorKind::ForbiddenVersion, 0);
    }
    let trace: [u8; 16] = dec(3..35).try_into().unwrap();
    if trace == [0; 16] {
        return Expect::Err(ErrorKind::AllZeroTraceId, 3);
    }
    let parent: [u8; 8] = dec(36..52).try_into().unwrap();
    if parent == [0; 8] {
        return Expect::Err(ErrorKind::AllZeroParentId, 36);
    }
    let raw = dec(53..55)[0];
    let flags = if version == 0 { raw } else { raw & 0x03 };
    Expect::Ok {
        version,
        trace,
        parent,
        flags,
    }
}

/// The expected result of `base` (a valid 55-byte value) with byte `pos`
/// replaced by `b`, from the spec rules: TP-01 layout, TP-02 hex, TP-03
/// widths, TP-05/06 zero ids, TP-07 `ff`, TP-10 OWS at the ends, TP-11
/// inner whitespace, TP-12 version; kinds as the crate's ErrorKind names them.
fn model_substitution(base: &[u8; 55], pos: usize, b: u8) -> Expect {
    let mut s = *base;
    s[pos] = b;
    let ows = b == b' ' || b == b'\t';
    // TP-10: at the very ends SP/HTAB is trimmed; what is left is then wrong.
    if pos == 0 && ows {
        // "x-…": the version is one digit, the dash sits at its 2nd byte.
        return Expect::Err(ErrorKind::InvalidVersion, 2);
    }
    if pos == 54 && ows {
        // A one-digit flags field ends the value at byte 54.
        return Expect::Err(ErrorKind::FieldTooShort, 54);
    }
    let in_version = pos < 2;
    let is_dash_slot = matches!(pos, 2 | 35 | 52);
    if is_dash_slot {
        if b == b'-' {
            return model_fields(&s);
        }
        let kind = if pos == 2 {
            ErrorKind::InvalidVersion
        } else if ows {
            ErrorKind::InnerWhitespace
        } else if is_lower_hex(b) || is_upper_hex(b) {
            ErrorKind::FieldTooLong
        } else {
            ErrorKind::ExpectedDash
        };
        return Expect::Err(kind, pos);
    }
    // A hex digit slot.
    if is_lower_hex(b) {
        return model_fields(&s);
    }
    let kind = if is_upper_hex(b) {
        ErrorKind::UppercaseHex
    } else if in_version {
        ErrorKind::InvalidVersion
    } else if b == b'-' {
        ErrorKind::FieldTooShort
    } else if ows {
        ErrorKind::InnerWhitespace
    } else {
        ErrorKind::NotHex
    };
    Expect::Err(kind, pos)
}

/// The expected result of `base` with byte `b` appended (TP-04, TP-13).
fn model_append(base: &[u8; 55], b: u8) -> Expect {
    let fields = model_fields(base);
    if b == b' ' || b == b'\t' {
        return fields; // trailing OWS
    }
    if &base[..2] == b"00" {
        if is_lower_hex(b) || is_upper_hex(b) {
            Expect::Err(ErrorKind::FieldTooLong, 55)
        } else {
            Expect::Err(ErrorKind::TrailingData, 55)
        }
    } else if b == b'-' {
        fields
    } else {
        Expect::Err(ErrorKind::InvalidSuffix, 55)
    }
}

fn check_every_byte_everywhere(base: &[u8; 55]) {
    for pos in 0..55 {
        for b in 0..=255u8 {
            let mut s = *base;
            s[pos] = b;
            let want = model_substitution(base, pos, b);
            let got = observed(&s);
            assert_eq!(
                got,
                want,
                "byte {b:#04x} at {pos} of {:?}",
                String::from_utf8_lossy(base)
            );
            if let Expect::Err(_, offset) = got {
                // Where the byte itself is the first bad one, the offset is its position.
                let exempt = matches!(
                    want,
                    Expect::Err(
                        ErrorKind::AllZeroTraceId
                            | ErrorKind::AllZeroParentId
                            | ErrorKind::ForbiddenVersion,
                        _
                    )
                ) || ((pos == 0 || pos == 54) && (b == b' ' || b == b'\t'));
                if !exempt {
                    assert_eq!(offset, pos);
                }
            }
        }
    }
    for b in 0..=255u8 {
        let mut s = base.to_vec();
        s.push(b);
        assert_eq!(
            observed(&s),
            model_append(base, b),
            "byte {b:#04x} appended"
        );
    }
}

fn build(version: u8, trace: &str, parent: &str, flags: u8) -> [u8; 55] {
    format!("{version:02x}-{trace}-{parent}-{flags:02x}")
        .into_bytes()
        .try_into()
        .unwrap()
}

#[test]
fn tp_09_every_byte_at_every_position_of_the_spec_example() {
    let base = build(
        0,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7",
        0x01,
    );
    check_every_byte_everywhere(&base);
    // A higher version, and ids one digit away from all zero.
    check_every_byte_everywhere(&build(
        0xcc,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7",
        0xff,
    ));
    check_every_byte_everywhere(&build(
        0,
        "00000000000000000000000000000001",
        "0000000000000010",
        0x00,
    ));
    check_every_byte_everywhere(&build(
        0xfe,
        "10000000000000000000000000000000",
        "8000000000000000",
        0x02,
    ));
    check_every_byte_everywhere(&build(
        0x0f,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7",
        0x01,
    ));
    check_every_byte_everywhere(&build(
        0xf0,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7",
        0x01,
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// TP-28: `parse(encode(x)) == x` for x built with `TraceParent::new`.
    #[test]
    fn tp_28_parse_of_encode_is_identity(t in trace_id(), p in span_id(), f in any::<u8>()) {
        let x = TraceParent::new(t, p, TraceFlags::from_bits(f));
        prop_assert_eq!(x.flags().bits(), f & 0x03);
        let e = x.encode();
        prop_assert_eq!(e.len(), 55);
        prop_assert_eq!(TraceParent::parse(e.as_bytes()), Ok(x));
        prop_assert_eq!(e.as_str().parse::<TraceParent>(), Ok(x));
        prop_assert_eq!(x.to_string(), e.as_str());
        // The text is what the hex crate writes for the same bytes.
        let want = format!("00-{}-{}-{:02x}", hex::encode(t.to_bytes()), hex::encode(p.to_bytes()), f & 3);
        prop_assert_eq!(e.as_str(), want.as_str());
    }

    /// TP-28: `encode(parse(s)) == s` for canonical s (version 00, lowercase,
    /// reserved bits clear, ids not zero).
    #[test]
    fn tp_28_encode_of_parse_is_identity_on_canonical_text(
        t in hex_digits(32).prop_filter("zero", |s| s.bytes().any(|b| b != b'0')),
        p in hex_digits(16).prop_filter("zero", |s| s.bytes().any(|b| b != b'0')),
        f in 0u8..4,
    ) {
        let s = format!("00-{t}-{p}-{f:02x}");
        let tp = TraceParent::parse(s.as_bytes()).unwrap();
        let e = tp.encode();
        prop_assert_eq!(e.as_str(), s.as_str());
        prop_assert_eq!(tp.canonical(), tp);
    }

    /// TP-15, TP-18, TP-28: for any parsed value p (any version but ff, any
    /// flags, a suffix on higher versions, OWS), `parse(p.encode()) == p.canonical()`.
    #[test]
    fn tp_28_any_parsed_value_reencodes_to_its_canonical_form(
        v in version(),
        t in trace_id(),
        p in span_id(),
        f in any::<u8>(),
        suffix in "(-[ -~]{0,20})?",
        lead in ows(),
        trail in ows(),
    ) {
        let suffix = if v == 0 { String::new() } else { suffix };
        let s = format!(
            "{lead}{v:02x}-{}-{}-{f:02x}{suffix}{trail}",
            hex::encode(t.to_bytes()),
            hex::encode(p.to_bytes()),
        );
        let parsed = TraceParent::parse(s.as_bytes()).unwrap();
        prop_assert_eq!(parsed.version(), v);
        prop_assert_eq!(parsed.trace_id(), t);
        prop_assert_eq!(parsed.parent_id(), p);
        prop_assert_eq!(parsed.flags().bits(), if v == 0 { f } else { f & 3 });
        let again = TraceParent::parse(parsed.encode().as_bytes()).unwrap();
        prop_assert_eq!(again, parsed.canonical());
        prop_assert_eq!(again.version(), 0);
        prop_assert_eq!(again.flags().bits(), f & 3);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// TP-01..TP-13, TP-09: every byte 0x00-0xFF at every position of a
    /// random valid value parses to what the model says, or fails at the
    /// byte's own position (all-zero ids at the field start, `ff` at 0, OWS
    /// at the ends).
    #[test]
    fn tp_09_every_byte_at_every_position_of_random_values(
        v in version(),
        t in hex_digits(32).prop_filter("zero", |s| s.bytes().any(|b| b != b'0')),
        p in hex_digits(16).prop_filter("zero", |s| s.bytes().any(|b| b != b'0')),
        f in any::<u8>(),
    ) {
        check_every_byte_everywhere(&build(v, &t, &p, f));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// TP-09 with several bad bytes: the error is at the first one. Bad
    /// bytes here are neither hex, `-`, nor SP/HTAB (those can shift or
    /// trim the layout), placed in hex slots or dash slots.
    #[test]
    fn tp_09_several_bad_bytes_report_the_first(
        v in version(),
        t in hex_digits(32).prop_filter("zero", |s| s.bytes().any(|b| b != b'0')),
        p in hex_digits(16).prop_filter("zero", |s| s.bytes().any(|b| b != b'0')),
        f in any::<u8>(),
        edits in proptest::collection::vec(
            (0usize..55, any::<u8>().prop_filter("bad byte", |&b| {
                !is_lower_hex(b) && !is_upper_hex(b) && b != b'-' && b != b' ' && b != b'\t'
            })),
            1..5,
        ),
    ) {
        let mut s = build(v, &t, &p, f);
        for &(pos, b) in &edits {
            s[pos] = b;
        }
        let first = edits.iter().map(|&(pos, _)| pos).min().unwrap();
        let e = TraceParent::parse(&s).unwrap_err();
        prop_assert_eq!(e.offset(), first);
        let want = if first < 3 {
            ErrorKind::InvalidVersion
        } else if matches!(first, 35 | 52) {
            ErrorKind::ExpectedDash
        } else {
            ErrorKind::NotHex
        };
        prop_assert_eq!(e.kind(), want);
    }
}
