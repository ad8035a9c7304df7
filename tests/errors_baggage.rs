//! Every baggage `ErrorKind`: exact kind, field, offset, spec ID, name and
//! Display text (BG-02, BG-03, BG-05, BG-07, BG-13, BG-21).
#![allow(clippy::unwrap_used)]

use tracewire::baggage::InsertError;
use tracewire::{Baggage, BaggageRef, ErrorKind};

/// (input, kind, offset, spec id, name, Display)
type Case = (
    &'static [u8],
    ErrorKind,
    usize,
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        b"a=1,k\"x=1",
        ErrorKind::InvalidKey,
        5,
        "BG-02",
        "InvalidKey",
        "byte not allowed in a baggage key at byte 5 (BG-02)",
    ),
    (
        b"\"k=1",
        ErrorKind::InvalidKey,
        0,
        "BG-02",
        "InvalidKey",
        "byte not allowed in a baggage key at byte 0 (BG-02)",
    ),
    (
        b"k=v;p\"=1",
        ErrorKind::InvalidKey,
        5,
        "BG-02",
        "InvalidKey",
        "byte not allowed in a baggage key at byte 5 (BG-02)",
    ),
    (
        b"k=v; \xC3",
        ErrorKind::InvalidKey,
        5,
        "BG-02",
        "InvalidKey",
        "byte not allowed in a baggage key at byte 5 (BG-02)",
    ),
    (
        b"key1",
        ErrorKind::MissingEquals,
        4,
        "BG-07",
        "MissingEquals",
        "expected = after the key at byte 4 (BG-07)",
    ),
    (
        b"user id=1",
        ErrorKind::MissingEquals,
        5,
        "BG-07",
        "MissingEquals",
        "expected = after the key at byte 5 (BG-07)",
    ),
    (
        b"k;p=1",
        ErrorKind::MissingEquals,
        1,
        "BG-07",
        "MissingEquals",
        "expected = after the key at byte 1 (BG-07)",
    ),
    (
        b"a=1, =v",
        ErrorKind::MissingKey,
        5,
        "BG-07",
        "MissingKey",
        "baggage member or property without a key at byte 5 (BG-07)",
    ),
    (
        b"k=v; =1",
        ErrorKind::MissingKey,
        5,
        "BG-07",
        "MissingKey",
        "baggage member or property without a key at byte 5 (BG-07)",
    ),
    (
        b"k=v;",
        ErrorKind::EmptyProperty,
        4,
        "BG-07",
        "EmptyProperty",
        "empty property at byte 4 (BG-07)",
    ),
    (
        b"k=v;p;;q",
        ErrorKind::EmptyProperty,
        6,
        "BG-07",
        "EmptyProperty",
        "empty property at byte 6 (BG-07)",
    ),
    (
        b"k=a b",
        ErrorKind::InvalidValue,
        4,
        "BG-03",
        "InvalidValue",
        "byte not allowed in a value or after its trailing blanks at byte 4 (BG-03)",
    ),
    (
        b"k=caf\xC3\xA9",
        ErrorKind::InvalidValue,
        5,
        "BG-03",
        "InvalidValue",
        "byte not allowed in a value or after its trailing blanks at byte 5 (BG-03)",
    ),
    (
        b"k=v;p=a\r\n",
        ErrorKind::InvalidValue,
        7,
        "BG-03",
        "InvalidValue",
        "byte not allowed in a value or after its trailing blanks at byte 7 (BG-03)",
    ),
    (
        b"k=v;p x",
        ErrorKind::InvalidProperty,
        6,
        "BG-05",
        "InvalidProperty",
        "expected =, ; or , after a property key at byte 6 (BG-05)",
    ),
];

#[test]
fn every_kind_with_offset_and_display() {
    for &(input, kind, offset, spec, name, text) in CASES {
        let e = BaggageRef::parse(input).unwrap_err();
        let shown = String::from_utf8_lossy(input);
        assert_eq!(e.kind(), kind, "{shown:?}");
        assert_eq!(e.field(), 0, "{shown:?}");
        assert_eq!(e.offset(), offset, "{shown:?}");
        assert!(e.offset() <= input.len());
        assert_eq!(kind.spec_id(), spec);
        assert_eq!(kind.name(), name);
        assert_eq!(e.to_string(), text, "{shown:?}");
        // The lenient reader drops that member and nothing else.
        let lenient = BaggageRef::lenient(input);
        assert!(lenient.iter().all(|m| m.key() == "a"), "{shown:?}");
    }
}

#[test]
fn field_index_and_offset_within_that_field() {
    let fields: &[&[u8]] = &[b"a=1", b"b=2", b"c=3, d=4;"];
    let e = BaggageRef::parse_fields(fields).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::EmptyProperty, 2, 9)
    );
    assert_eq!(e.to_string(), "empty property at byte 9 of field 2 (BG-07)");
    let fields: &[&[u8]] = &[b"a b=1", b"c"];
    let e = BaggageRef::parse_fields(fields).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::MissingEquals, 0, 2)
    );
}

#[test]
fn insert_refuses_non_token_keys_with_offset() {
    let mut b = Baggage::<64, 4>::new();
    let InsertError::Key(e) = b.insert("user id", "x").unwrap_err() else {
        panic!("not a key error")
    };
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::InvalidKey, 0, 4)
    );
    assert_eq!(
        e.to_string(),
        "byte not allowed in a baggage key at byte 4 (BG-02)"
    );
    let InsertError::Key(e) = b.insert("", "x").unwrap_err() else {
        panic!("not a key error")
    };
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingKey, 0));
    // The error says which key: the member's, or which property's.
    assert_eq!(
        b.insert("user id", "x").unwrap_err().to_string(),
        "invalid key: byte not allowed in a baggage key at byte 4 (BG-02)"
    );
    let err = b
        .insert_with_properties("k", "v", &[("ok", None), ("bad\r\n", None)])
        .unwrap_err();
    let InsertError::PropertyKey(1, e) = err else {
        panic!("{err:?}")
    };
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidKey, 3));
    assert_eq!(
        err.to_string(),
        "invalid key of property 1: byte not allowed in a baggage key at byte 3 (BG-02)"
    );
    let mut tiny = Baggage::<4, 1>::new();
    let err = tiny.insert("k", "12345").unwrap_err();
    assert_eq!(err, InsertError::Capacity(tracewire::CapacityError));
    assert_eq!(err.to_string(), "not enough room for the encoded value");
    assert!(b.is_empty() && tiny.is_empty());
}
