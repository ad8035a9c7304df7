//! Every traceparent `ErrorKind`: the exact kind and offset for an input
//! that triggers it, its spec ID, its name, and the full `Display` text.

use tracewire::{ErrorKind, ParseError, SpanId, TraceFlags, TraceId, TraceParent};

const T: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const P: &str = "00f067aa0ba902b7";

struct Case {
    input: String,
    kind: ErrorKind,
    offset: usize,
    spec_id: &'static str,
    name: &'static str,
    display: &'static str,
}

fn case(
    input: impl Into<String>,
    kind: ErrorKind,
    offset: usize,
    spec_id: &'static str,
    name: &'static str,
    display: &'static str,
) -> Case {
    Case {
        input: input.into(),
        kind,
        offset,
        spec_id,
        name,
        display,
    }
}

/// One input per traceparent kind (two where the kind has two triggers).
fn cases() -> Vec<Case> {
    use ErrorKind as K;
    vec![
        case(
            "",
            K::TooShort,
            0,
            "TP-01",
            "TooShort",
            "value ends too early at byte 0 (TP-01)",
        ),
        case(
            format!("00-{T}-{P}"),
            K::TooShort,
            52,
            "TP-01",
            "TooShort",
            "value ends too early at byte 52 (TP-01)",
        ),
        case(
            format!("00-{T}-00f067aa0ba902g7-01"),
            K::NotHex,
            50,
            "TP-02",
            "NotHex",
            "not a hex digit at byte 50 (TP-02)",
        ),
        case(
            format!("00-{T}-{P}-0A"),
            K::UppercaseHex,
            54,
            "TP-02",
            "UppercaseHex",
            "uppercase hex digit at byte 54 (TP-02)",
        ),
        case(
            format!("0x-{T}-{P}-01"),
            K::InvalidVersion,
            1,
            "TP-12",
            "InvalidVersion",
            "version is not two lowercase hex digits and a dash at byte 1 (TP-12)",
        ),
        case(
            format!("000-{T}-{P}-01"),
            K::InvalidVersion,
            2,
            "TP-12",
            "InvalidVersion",
            "version is not two lowercase hex digits and a dash at byte 2 (TP-12)",
        ),
        case(
            format!("ff-{T}-{P}-01"),
            K::ForbiddenVersion,
            0,
            "TP-07",
            "ForbiddenVersion",
            "version ff is invalid at byte 0 (TP-07)",
        ),
        case(
            format!("00-{}-{P}-01", &T[..30]),
            K::FieldTooShort,
            33,
            "TP-03",
            "FieldTooShort",
            "field shorter than its fixed width at byte 33 (TP-03)",
        ),
        case(
            format!("00-{T}-{P}-001"),
            K::FieldTooLong,
            55,
            "TP-03",
            "FieldTooLong",
            "field longer than its fixed width at byte 55 (TP-03)",
        ),
        case(
            format!("00-{T}-{P}0-01"),
            K::FieldTooLong,
            52,
            "TP-03",
            "FieldTooLong",
            "field longer than its fixed width at byte 52 (TP-03)",
        ),
        case(
            format!("00-{T}_{P}-01"),
            K::ExpectedDash,
            35,
            "TP-01",
            "ExpectedDash",
            "expected a dash at byte 35 (TP-01)",
        ),
        case(
            format!("00-{T}-{P}\t01"),
            K::InnerWhitespace,
            52,
            "TP-11",
            "InnerWhitespace",
            "whitespace inside the value at byte 52 (TP-11)",
        ),
        case(
            format!("00-{T}-{P}-01-"),
            K::TrailingData,
            55,
            "TP-04",
            "TrailingData",
            "data after the flags of a version 00 value at byte 55 (TP-04)",
        ),
        case(
            format!("cc-{T}-{P}-01~"),
            K::InvalidSuffix,
            55,
            "TP-13",
            "InvalidSuffix",
            "higher version value must end or continue with a dash after the flags at byte 55 (TP-13)",
        ),
        case(
            format!("00-{}-{P}-01", "0".repeat(32)),
            K::AllZeroTraceId,
            3,
            "TP-05",
            "AllZeroTraceId",
            "all-zero trace-id at byte 3 (TP-05)",
        ),
        case(
            format!("00-{T}-{}-01", "0".repeat(16)),
            K::AllZeroParentId,
            36,
            "TP-06",
            "AllZeroParentId",
            "all-zero parent-id at byte 36 (TP-06)",
        ),
    ]
}

#[test]
fn tp_09_every_traceparent_kind_kind_offset_spec_id_and_display() {
    for c in cases() {
        let e = TraceParent::parse(c.input.as_bytes())
            .expect_err(&format!("{:?} must be refused", c.input));
        assert_eq!(e.kind(), c.kind, "{:?}", c.input);
        assert_eq!(e.offset(), c.offset, "{:?}", c.input);
        assert_eq!(e.field(), 0, "{:?}", c.input);
        assert_eq!(e.kind().spec_id(), c.spec_id, "{:?}", c.input);
        assert_eq!(e.kind().name(), c.name, "{:?}", c.input);
        assert_eq!(
            format!("{:?}", e.kind()),
            c.name,
            "Debug of the kind is its name"
        );
        assert_eq!(e.to_string(), c.display, "{:?}", c.input);
        // Display of the kind alone is its message.
        assert_eq!(e.kind().to_string(), e.kind().message());
        assert!(c.display.starts_with(e.kind().message()));
    }
}

#[test]
fn tp_09_cases_cover_every_traceparent_kind() {
    use ErrorKind as K;
    let all = [
        K::TooShort,
        K::NotHex,
        K::UppercaseHex,
        K::InvalidVersion,
        K::ForbiddenVersion,
        K::FieldTooShort,
        K::FieldTooLong,
        K::ExpectedDash,
        K::InnerWhitespace,
        K::TrailingData,
        K::InvalidSuffix,
        K::AllZeroTraceId,
        K::AllZeroParentId,
    ];
    let cases = cases();
    for k in all {
        assert!(cases.iter().any(|c| c.kind == k), "no case for {k:?}");
    }
}

/// Messages are lowercase and end without a period; names never end in
/// `Error`; spec IDs are traceparent IDs.
#[test]
fn tp_09_messages_follow_the_house_style() {
    use ErrorKind as K;
    for k in [
        K::TooShort,
        K::NotHex,
        K::UppercaseHex,
        K::InvalidVersion,
        K::ForbiddenVersion,
        K::FieldTooShort,
        K::FieldTooLong,
        K::ExpectedDash,
        K::InnerWhitespace,
        K::TrailingData,
        K::InvalidSuffix,
        K::AllZeroTraceId,
        K::AllZeroParentId,
        K::DuplicateField,
    ] {
        let m = k.message();
        assert!(!m.is_empty());
        assert_eq!(m, m.to_lowercase(), "{k:?}");
        assert!(!m.ends_with('.'), "{k:?}");
        assert!(!k.name().ends_with("Error"), "{k:?}");
        assert!(k.spec_id().starts_with("TP-"), "{k:?}");
    }
}

// DuplicateField is produced by multi-field parsing (TP-19, propagation).
#[test]
fn tp_19_duplicate_field_spec_id_message_and_display() {
    let k = ErrorKind::DuplicateField;
    assert_eq!(k.spec_id(), "TP-19");
    assert_eq!(k.name(), "DuplicateField");
    assert_eq!(k.message(), "more than one traceparent field");
    assert_eq!(k.to_string(), "more than one traceparent field");
}

/// A field index > 0 shows in Display; reached through `parse_fields`.
#[test]
fn tp_19_display_names_the_field_index() {
    let v = format!("00-{T}-{P}-01");
    let e = TraceParent::parse_fields([v.as_bytes(), v.as_bytes()]).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::DuplicateField, 1, 0)
    );
    assert_eq!(
        e.to_string(),
        "more than one traceparent field at byte 0 of field 1 (TP-19)"
    );
    // An error inside the only field stays in field 0 and prints without it.
    let bad = format!("00-{T}-{P}-0g");
    let e = TraceParent::parse_fields([bad.as_bytes()]).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::NotHex, 0, 54)
    );
    assert_eq!(e.to_string(), "not a hex digit at byte 54 (TP-02)");
}

#[test]
fn tp_09_offsets_include_leading_ows() {
    let e = TraceParent::parse(format!(" \t00-{T}-{P}-0g").as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::NotHex, 56));
    assert_eq!(e.to_string(), "not a hex digit at byte 56 (TP-02)");
}

#[test]
fn tp_09_id_and_flags_parser_errors() {
    let check = |e: ParseError, kind: ErrorKind, offset: usize, display: &str| {
        assert_eq!((e.kind(), e.offset(), e.field()), (kind, offset, 0));
        assert_eq!(e.to_string(), display);
    };
    check(
        TraceId::parse(b"").unwrap_err(),
        ErrorKind::FieldTooShort,
        0,
        "field shorter than its fixed width at byte 0 (TP-03)",
    );
    check(
        TraceId::parse("0".repeat(32).as_bytes()).unwrap_err(),
        ErrorKind::AllZeroTraceId,
        0,
        "all-zero trace-id at byte 0 (TP-05)",
    );
    check(
        TraceId::parse(format!("{T}00").as_bytes()).unwrap_err(),
        ErrorKind::FieldTooLong,
        32,
        "field longer than its fixed width at byte 32 (TP-03)",
    );
    check(
        SpanId::parse(b"0000000000000000").unwrap_err(),
        ErrorKind::AllZeroParentId,
        0,
        "all-zero parent-id at byte 0 (TP-06)",
    );
    check(
        SpanId::parse(b"00f067aa0bA902b7").unwrap_err(),
        ErrorKind::UppercaseHex,
        10,
        "uppercase hex digit at byte 10 (TP-02)",
    );
    check(
        SpanId::parse(b"00f067aa 0ba902b").unwrap_err(),
        ErrorKind::NotHex,
        8,
        "not a hex digit at byte 8 (TP-02)",
    );
    check(
        "".parse::<TraceFlags>().unwrap_err(),
        ErrorKind::FieldTooShort,
        0,
        "field shorter than its fixed width at byte 0 (TP-03)",
    );
    check(
        "0-".parse::<TraceFlags>().unwrap_err(),
        ErrorKind::NotHex,
        1,
        "not a hex digit at byte 1 (TP-02)",
    );
    check(
        TraceId::try_from([0u8; 16]).unwrap_err(),
        ErrorKind::AllZeroTraceId,
        0,
        "all-zero trace-id at byte 0 (TP-05)",
    );
    check(
        SpanId::try_from([0u8; 8]).unwrap_err(),
        ErrorKind::AllZeroParentId,
        0,
        "all-zero parent-id at byte 0 (TP-06)",
    );
}

#[test]
fn tp_09_parse_error_is_a_copy_core_error() {
    fn is_error<E: core::error::Error + Copy + Send + Sync + 'static>(_: &E) {}
    let e = TraceParent::parse(b"").unwrap_err();
    is_error(&e);
    let copy = e;
    assert_eq!(copy, e);
    let boxed: Box<dyn core::error::Error> = Box::new(e);
    assert_eq!(boxed.to_string(), "value ends too early at byte 0 (TP-01)");
    assert!(boxed.source().is_none());
}
