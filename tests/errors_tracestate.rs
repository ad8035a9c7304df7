//! Every tracestate `ErrorKind`: exact kind, field, offset, spec ID, name and
//! Display text.

use tracewire::tracestate::{Grammar, InsertError};
use tracewire::{ErrorKind, ParseError, TraceState, TraceStateRef};

fn one(input: &[u8]) -> ParseError {
    TraceStateRef::parse(input).expect_err("must be invalid")
}

fn check(e: ParseError, kind: ErrorKind, field: u32, offset: usize, display: &str) {
    assert_eq!(e.kind(), kind);
    assert_eq!(e.field(), field);
    assert_eq!(e.offset(), offset);
    assert_eq!(e.to_string(), display);
}

#[test]
fn empty_key() {
    check(
        one(b"a=1, =2"),
        ErrorKind::EmptyKey,
        0,
        5,
        "empty key at byte 5 (TS-03)",
    );
    assert_eq!(ErrorKind::EmptyKey.name(), "EmptyKey");
}

#[test]
fn invalid_key_start() {
    check(
        one(b"@foo=1,bar=2"),
        ErrorKind::InvalidKeyStart,
        0,
        0,
        "key does not start with a lowercase letter or digit at byte 0 (TS-03)",
    );
    assert_eq!(ErrorKind::InvalidKeyStart.name(), "InvalidKeyStart");
}

#[test]
fn invalid_key_char() {
    check(
        one(b"foo.bar=1"),
        ErrorKind::InvalidKeyChar,
        0,
        3,
        "byte not allowed in a key at byte 3 (TS-03)",
    );
    assert_eq!(ErrorKind::InvalidKeyChar.name(), "InvalidKeyChar");
}

#[test]
fn not_level1_key() {
    let e = TraceStateRef::parse_with(b"a=1,foo@@bar=2", Grammar::Level1).unwrap_err();
    check(
        e,
        ErrorKind::NotLevel1Key,
        0,
        8,
        "key breaks the level 1 key grammar at byte 8 (TS-03)",
    );
    let fields: &[&[u8]] = &[b"a=1", b"1x=2"];
    let e = TraceStateRef::parse_fields_with(fields, Grammar::Level1).unwrap_err();
    check(
        e,
        ErrorKind::NotLevel1Key,
        1,
        0,
        "key breaks the level 1 key grammar at byte 0 of field 1 (TS-03)",
    );
    assert_eq!(ErrorKind::NotLevel1Key.name(), "NotLevel1Key");
}

#[test]
fn key_too_long() {
    let input = format!("{}=1", "k".repeat(300));
    check(
        one(input.as_bytes()),
        ErrorKind::KeyTooLong,
        0,
        256,
        "key longer than 256 bytes at byte 256 (TS-04)",
    );
    assert_eq!(ErrorKind::KeyTooLong.name(), "KeyTooLong");
}

#[test]
fn expected_equals() {
    check(
        one(b"foo =1"),
        ErrorKind::ExpectedEquals,
        0,
        3,
        "key not followed directly by an equals sign at byte 3 (TS-07)",
    );
    assert_eq!(ErrorKind::ExpectedEquals.name(), "ExpectedEquals");
}

#[test]
fn empty_value() {
    check(
        one(b"foo=,bar=3"),
        ErrorKind::EmptyValue,
        0,
        4,
        "empty value at byte 4 (TS-05)",
    );
    assert_eq!(ErrorKind::EmptyValue.name(), "EmptyValue");
}

#[test]
fn invalid_value_char() {
    check(
        one(b"foo=bar=baz"),
        ErrorKind::InvalidValueChar,
        0,
        7,
        "comma or equals sign in a value at byte 7 (TS-05)",
    );
    assert_eq!(ErrorKind::InvalidValueChar.name(), "InvalidValueChar");
}

#[test]
fn value_ends_with_space() {
    // The header grammar drops trailing blanks; insert refuses them.
    let err = TraceState::<512>::new().insert("k", "ab  ").unwrap_err();
    let InsertError::Value(e) = err else {
        panic!("{err:?}")
    };
    check(
        e,
        ErrorKind::ValueEndsWithSpace,
        0,
        2,
        "value ends with a space at byte 2 (TS-05)",
    );
    assert_eq!(
        err.to_string(),
        "invalid value: value ends with a space at byte 2 (TS-05)"
    );
    assert_eq!(ErrorKind::ValueEndsWithSpace.name(), "ValueEndsWithSpace");
}

#[test]
fn value_too_long() {
    let input = format!("k={}", "v".repeat(257));
    check(
        one(input.as_bytes()),
        ErrorKind::ValueTooLong,
        0,
        258,
        "value longer than 256 bytes at byte 258 (TS-05)",
    );
    assert_eq!(ErrorKind::ValueTooLong.name(), "ValueTooLong");
}

#[test]
fn non_printable_byte() {
    check(
        one(b"foo=1\r\n"),
        ErrorKind::NonPrintableByte,
        0,
        5,
        "byte outside printable ascii at byte 5 (TS-08)",
    );
    let fields: &[&[u8]] = &[b"a=1", b"b=2", b"c=caf\xc3\xa9"];
    let e = TraceStateRef::parse_fields(fields).unwrap_err();
    check(
        e,
        ErrorKind::NonPrintableByte,
        2,
        5,
        "byte outside printable ascii at byte 5 of field 2 (TS-08)",
    );
    assert_eq!(ErrorKind::NonPrintableByte.name(), "NonPrintableByte");
}

#[test]
fn too_many_members() {
    let first: String = (0..20)
        .map(|i| format!("a{i}=1"))
        .collect::<Vec<_>>()
        .join(",");
    let second: String = (0..13)
        .map(|i| format!("b{i}=1"))
        .collect::<Vec<_>>()
        .join(",");
    let fields: &[&[u8]] = &[first.as_bytes(), second.as_bytes()];
    let e = TraceStateRef::parse_fields(fields).unwrap_err();
    let at = second.rfind(',').unwrap() + 1;
    check(
        e,
        ErrorKind::TooManyMembers,
        1,
        at,
        &format!("more than 32 list members at byte {at} of field 1 (TS-09)"),
    );
    assert_eq!(ErrorKind::TooManyMembers.name(), "TooManyMembers");
}

#[test]
fn insert_errors_display() {
    let mut ts = TraceState::<16>::new();
    let e = ts.insert("K", "1").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid key: key does not start with a lowercase letter or digit at byte 0 (TS-03)"
    );
    let e = ts.insert("k", &"v".repeat(15)).unwrap_err();
    assert_eq!(e, InsertError::TooLarge);
    assert_eq!(e.parse_error(), None);
    assert_eq!(e.to_string(), "member longer than the capacity (TS-29)");
}
