//! An injector given a name or value no header field may hold says so with
//! `InjectError`, not "not enough room", and writes nothing (CAR-01,
//! CAR-03, CAR-05, CAR-10).
#![cfg(feature = "std")]

use tracewire::ErrorKind;
use tracewire::propagation::{InjectError, Injector};

// CAR-05: CR LF in a value is an invalid value at the CR, never "no room",
// and the carrier is unchanged.
#[test]
fn car_05_invalid_value_is_not_a_capacity_error() {
    let mut pairs: Vec<(String, String)> = vec![("tracestate".into(), "old=1".into())];
    let err = pairs.try_set("tracestate", "a=1\r\nx: y").unwrap_err();
    let InjectError::Value(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::InvalidFieldValue, 0, 3)
    );
    assert_eq!(
        err.to_string(),
        "invalid value: byte a header field may not hold at byte 3 (CAR-05)"
    );
    assert_eq!(err.parse_error(), Some(e));
    assert_eq!(pairs, [("tracestate".to_string(), "old=1".to_string())]);
    for bad in ["\0", "a\nb", "\x7f", "é", "\x1b[0m"] {
        assert!(
            matches!(pairs.try_set("tracestate", bad), Err(InjectError::Value(_))),
            "{bad:?}"
        );
    }
    // HTAB, SP and every VCHAR are fine.
    pairs.try_set("tracestate", "a=1,\tb=~ !").unwrap();
    assert_eq!(pairs[0].1, "a=1,\tb=~ !");
}

// CAR-01: the name must be a lowercase token.
#[test]
fn car_01_invalid_name() {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, at) in [("TraceState", 0), ("trace state", 5), ("", 0), ("x:y", 1)] {
        let err = pairs.try_set(name, "v").unwrap_err();
        let InjectError::Name(e) = err else {
            panic!("{name:?}: {err:?}")
        };
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidFieldName, at),
            "{name:?}"
        );
    }
    assert!(pairs.is_empty());
}

// CAR-03: a full bounded carrier is a capacity error, as before.
#[cfg(feature = "heapless")]
#[test]
fn car_03_full_carrier_is_capacity() {
    let mut props: heapless::Vec<(heapless::String<16>, heapless::Vec<u8, 8>), 1> =
        heapless::Vec::new();
    props.try_set("a", "1").unwrap();
    assert_eq!(
        props.try_set("b", "2"),
        Err(InjectError::Capacity(tracewire::CapacityError))
    );
    assert_eq!(
        InjectError::Capacity(tracewire::CapacityError).to_string(),
        "not enough room for the encoded value"
    );
}

// CAR-10: `http::HeaderMap` through `try_set`: the bad value is refused as
// an invalid value, nothing is inserted; `set` still refuses it too.
#[cfg(feature = "http")]
#[test]
fn car_10_header_map_invalid_value() {
    use http::HeaderMap;
    let mut headers = HeaderMap::new();
    let err = headers.try_set("tracestate", "a=1\r\nx: y").unwrap_err();
    assert!(
        matches!(err, InjectError::Value(e) if e.kind() == ErrorKind::InvalidFieldValue && e.offset() == 3),
        "{err:?}"
    );
    assert!(headers.is_empty());
    assert_eq!(
        headers.set("tracestate", "a=1\r\nx: y"),
        Err(tracewire::CapacityError)
    );
    assert!(headers.is_empty());
    headers.try_set("tracestate", "a=1").unwrap();
    assert_eq!(headers["tracestate"], "a=1");
}

// CAR-01, CAR-05: every byte value at every position of a name and a value:
// names take exactly the lowercase RFC 9110 token bytes, values exactly
// HTAB, SP and visible ASCII.
#[test]
fn car_01_car_05_every_byte_in_names_and_values() {
    const TCHAR: &[u8] = b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz";
    for b in 0..=255u8 {
        for at in 0..3 {
            let mut name = b"abc".to_vec();
            name[at] = b;
            let mut value = b"v w".to_vec();
            value[at] = b;
            let mut pairs: Vec<(String, Vec<u8>)> = Vec::new();
            let name = String::from_utf8_lossy(&name).into_owned();
            let value = String::from_utf8_lossy(&value).into_owned();
            let name_ok = TCHAR.contains(&b);
            match pairs.try_set(&name, "v") {
                Ok(()) => assert!(name_ok, "{b:#04x} at {at} in a name"),
                Err(InjectError::Name(e)) => {
                    assert!(!name_ok, "{b:#04x} at {at} in a name");
                    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidFieldName, at));
                }
                Err(e) => panic!("{e:?}"),
            }
            if b < 0x80 {
                let value_ok = b == b'\t' || (0x20..=0x7e).contains(&b);
                match pairs.try_set("k", &value) {
                    Ok(()) => assert!(value_ok, "{b:#04x} at {at} in a value"),
                    Err(InjectError::Value(e)) => {
                        assert!(!value_ok, "{b:#04x} at {at} in a value");
                        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidFieldValue, at));
                    }
                    Err(e) => panic!("{e:?}"),
                }
            } else {
                // Not ASCII: from_utf8_lossy made it U+FFFD, refused at `at`.
                let Err(InjectError::Value(e)) = pairs.try_set("k", &value) else {
                    panic!("{b:#04x} accepted in a value")
                };
                assert_eq!(e.offset(), at);
            }
        }
    }
}
