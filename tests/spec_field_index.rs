//! `ParseError::field()` after extraction is the index of the bad field among
//! all fields of that name in the carrier, blank ones included (TS-16, BG-19,
//! CAR-09, CAR-10): blank fields take no slot of a `FieldList`, but they are
//! still counted when an error names its field.

use tracewire::ErrorKind;
use tracewire::propagation::{FieldList, Header, MAX_TRACESTATE_FIELDS, Pairs, extract};

const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// TS-16, CAR-09: the bad member sits in carrier field 3 (fields 0 and 1 are
// blank); the error says field 3, offset 0 in that field.
#[test]
fn ts_16_car_09_error_field_counts_blank_fields() {
    let h = [
        ("traceparent", TP),
        ("tracestate", &b""[..]),
        ("tracestate", b" , "),
        ("tracestate", b"a=1"),
        ("tracestate", b"B=2"),
    ];
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    let Header::Invalid(e) = ctx.tracestate() else {
        panic!("{:?}", ctx.tracestate())
    };
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::InvalidKeyStart, 3, 0)
    );
    assert_eq!(
        e.to_string(),
        "key does not start with a lowercase letter or digit at byte 0 of field 3 (TS-03)"
    );
}

// TS-16: other headers between the fields do not count, blank ones of the
// same name do.
#[test]
fn ts_16_error_field_is_index_among_same_name_fields() {
    let h = [
        ("tracestate", &b"a=1"[..]),
        ("traceparent", TP),
        ("TraceState", b"\t"),
        ("x", b"y"),
        ("tracestate", b"b=2,c"),
    ];
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    let Header::Invalid(e) = ctx.tracestate() else {
        panic!("{:?}", ctx.tracestate())
    };
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::ExpectedEquals, 2, 5)
    );
}

// TS-09, TS-17, CAR-09: more than 32 non-blank fields is "too many members",
// reported at the first field that found no slot, blank ones counted.
#[test]
fn ts_17_overflow_error_field_counts_blank_fields() {
    let mut h = vec![
        ("traceparent", TP),
        ("tracestate", &b""[..]),
        ("tracestate", b","),
    ];
    let members: Vec<String> = (0..=MAX_TRACESTATE_FIELDS)
        .map(|i| format!("k{i}=v"))
        .collect();
    for m in &members {
        h.push(("tracestate", m.as_bytes()));
    }
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    let Header::Invalid(e) = ctx.tracestate() else {
        panic!("{:?}", ctx.tracestate())
    };
    // Carrier fields 0 and 1 are blank, 2..=33 the 32 that fit, 34 the 33rd.
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::TooManyMembers, 34, 0)
    );
}

// BG-19, CAR-09: strict baggage reports the carrier's field index.
#[test]
fn bg_19_car_09_strict_baggage_error_field_counts_blank_fields() {
    let h = [
        ("baggage", &b""[..]),
        ("baggage", b" , "),
        ("baggage", b"a=1"),
        ("baggage", b"=2"),
    ];
    let c = Pairs::http(&h);
    let ctx = extract(&c);
    let Header::Invalid(e) = ctx.baggage_strict() else {
        panic!("{:?}", ctx.baggage_strict())
    };
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::MissingKey, 3, 0)
    );
}

// TS-16: `FieldList` remembers where each kept field was, and maps an error
// of a parser run on `as_slice()` back to the carrier's field.
#[test]
fn ts_16_field_list_maps_errors_to_carrier_fields() {
    let h = [
        ("tracestate", &b" "[..]),
        ("tracestate", b"a=1"),
        ("tracestate", b""),
        ("tracestate", b"B=2"),
    ];
    let carrier = Pairs::http(&h);
    let list = FieldList::<'_, 4>::collect(&carrier, "tracestate");
    assert_eq!(list.as_slice(), [&b"a=1"[..], b"B=2"]);
    assert_eq!(list.carrier_index(0), Some(1));
    assert_eq!(list.carrier_index(1), Some(3));
    assert_eq!(list.carrier_index(2), None);
    let e = tracewire::TraceStateRef::parse_fields(list.as_slice()).unwrap_err();
    assert_eq!(e.field(), 1);
    let e = list.locate(e);
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::InvalidKeyStart, 3, 0)
    );
}

// CAR-10: the same through `http::HeaderMap` (`get_all`, in order).
#[cfg(feature = "http")]
#[test]
fn car_10_ts_16_header_map_error_field_counts_blank_fields() {
    use http::{HeaderMap, HeaderValue};
    let mut headers = HeaderMap::new();
    headers.append(
        "traceparent",
        HeaderValue::from_static(std::str::from_utf8(TP).unwrap()),
    );
    for v in ["", " , ", "a=1", "B=2"] {
        headers.append("tracestate", HeaderValue::from_static(v));
    }
    let ctx = extract(&headers);
    let Header::Invalid(e) = ctx.tracestate() else {
        panic!("{:?}", ctx.tracestate())
    };
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::InvalidKeyStart, 3, 0)
    );
}
