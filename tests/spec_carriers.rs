//! CAR requirements: carriers and propagation rules of the core, the pair
//! carriers (HTTP lists, MQTT v5, Kafka), `http::HeaderMap` and serde payloads.
//! The HTTP service side (CAR-36) is in tests/w3c_service.rs.

mod common;

use tracewire::propagation::{Extractor, KafkaHeaders, Pairs, extract_traceparent};
use tracewire::{ErrorKind, TraceParent};

const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TP2: &[u8] = b"00-12345678901234567890123456789012-00f067aa0ba902b7-01";

fn tp() -> TraceParent {
    TraceParent::parse(TP).unwrap()
}

// CAR-02: extraction returns valid, missing or invalid with the codec error.
#[test]
fn car_02_extract_outcomes() {
    let valid = [("traceparent", TP)];
    assert_eq!(extract_traceparent(&Pairs::http(&valid)), Ok(Some(tp())));
    let none: [(&str, &[u8]); 1] = [("other", b"x")];
    assert_eq!(extract_traceparent(&Pairs::http(&none)), Ok(None));
    let bad = [(
        "traceparent",
        &b"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"[..],
    )];
    let err = extract_traceparent(&Pairs::http(&bad)).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::AllZeroParentId, 36));
}

// CAR-05: values are bytes; non-ASCII makes the field invalid, no UTF-8 needed.
#[test]
fn car_05_values_are_bytes() {
    let mut v = TP.to_vec();
    v[10] = 0xC3;
    let fields = [("traceparent", v.as_slice())];
    let err = extract_traceparent(&Pairs::http(&fields)).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::NotHex, 10));
}

// CAR-07: HTTP names match ASCII case-insensitively.
#[test]
fn car_07_http_names_any_case() {
    for name in ["traceparent", "TraceParent", "TrAcEpArEnT", "TRACEPARENT"] {
        let fields = [(name, TP)];
        assert_eq!(
            extract_traceparent(&Pairs::http(&fields)),
            Ok(Some(tp())),
            "{name}"
        );
    }
    for name in ["tracestate", "TraceState", "TRACESTATE"] {
        let fields = [(name, &b"foo=1"[..])];
        assert_eq!(
            Pairs::http(&fields).values_of("tracestate").count(),
            1,
            "{name}"
        );
    }
}

// CAR-08: look-alike names are other fields.
#[test]
fn car_08_look_alike_names_are_not_recognised() {
    for name in [
        "trace-parent",
        "trace.parent",
        "trace_parent",
        "traceparent1",
    ] {
        let fields = [(name, TP)];
        assert_eq!(
            extract_traceparent(&Pairs::http(&fields)),
            Ok(None),
            "{name}"
        );
    }
    for name in ["trace-state", "trace.state"] {
        let fields = [(name, &b"foo=1"[..])];
        assert_eq!(
            Pairs::http(&fields).values_of("tracestate").count(),
            0,
            "{name}"
        );
    }
}

// CAR-09, TP-19: repeated traceparent fields are invalid, equal or not.
#[test]
fn car_09_tp_19_repeated_traceparent_invalid() {
    for fields in [
        [("traceparent", TP), ("TraceParent", TP)],
        [("traceparent", TP), ("traceparent", TP2)],
    ] {
        let err = extract_traceparent(&Pairs::http(&fields)).unwrap_err();
        assert_eq!(
            (err.kind(), err.field(), err.offset()),
            (ErrorKind::DuplicateField, 1, 0)
        );
    }
}

// CAR-09: list headers are read in arrival order, every field.
#[test]
fn car_09_list_fields_in_order() {
    let fields = [
        ("tracestate", &b"a=1"[..]),
        ("x", b"y"),
        ("TRACESTATE", b"b=2"),
        ("tracestate", b"c=3"),
    ];
    let carrier = Pairs::http(&fields);
    let got: Vec<&[u8]> = carrier.values_of("tracestate").collect();
    assert_eq!(got, [&b"a=1"[..], b"b=2", b"c=3"]);
}

// CAR-13, CAR-14: MQTT user properties, names exact and lowercase.
#[test]
fn car_13_car_14_mqtt_names_exact() {
    let props = [("TraceParent", TP), ("traceparent", TP2)];
    let tp = extract_traceparent(&Pairs::mqtt(&props)).unwrap().unwrap();
    assert_eq!(
        tp.trace_id().to_string(),
        "12345678901234567890123456789012"
    );
    let twice = [("traceparent", TP), ("traceparent", TP2)];
    assert_eq!(
        extract_traceparent(&Pairs::mqtt(&twice))
            .unwrap_err()
            .kind(),
        ErrorKind::DuplicateField
    );
    let states = [
        ("tracestate", &b"a=1"[..]),
        ("TraceState", b"x=9"),
        ("tracestate", b"b=2"),
    ];
    let carrier = Pairs::mqtt(&states);
    let got: Vec<&[u8]> = carrier.values_of("tracestate").collect();
    assert_eq!(got, [&b"a=1"[..], b"b=2"]);
}

// CAR-25, CAR-26: Kafka keys exact, last occurrence wins, null = missing.
#[test]
fn car_25_car_26_kafka_last_wins_and_null_is_missing() {
    let headers = [("traceparent", TP), ("traceparent", TP2)];
    let tp = extract_traceparent(&Pairs::kafka(&headers))
        .unwrap()
        .unwrap();
    assert_eq!(
        tp.trace_id().to_string(),
        "12345678901234567890123456789012"
    );
    let upper = [("TraceParent", TP)];
    assert_eq!(extract_traceparent(&Pairs::kafka(&upper)), Ok(None));
    let null = [("traceparent", Some(TP)), ("traceparent", None)];
    assert_eq!(extract_traceparent(&KafkaHeaders(&null)), Ok(None));
    let value_then_other = [("traceparent", Some(TP)), ("other", None)];
    assert_eq!(
        extract_traceparent(&KafkaHeaders(&value_then_other)),
        Ok(Some(tp_0()))
    );
}

fn tp_0() -> TraceParent {
    tp()
}

#[cfg(feature = "std")]
mod writing {
    use tracewire::propagation::Injector;

    use tracewire::propagation::PairsMut;

    // CAR-15: writing leaves one field of the name, the first in its
    // place, and keeps the other pairs in their order (a plain Vec, and
    // `PairsMut::mqtt`, compare names exactly).
    #[test]
    fn car_15_replace_keeps_other_pairs_in_order() {
        let mut props: Vec<(String, Vec<u8>)> = vec![
            ("a".into(), b"1".to_vec()),
            ("traceparent".into(), b"old".to_vec()),
            ("b".into(), b"2".to_vec()),
            ("traceparent".into(), b"older".to_vec()),
            ("c".into(), b"3".to_vec()),
        ];
        props.set("traceparent", "new").unwrap();
        let names: Vec<&str> = props.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "traceparent", "b", "c"]);
        assert_eq!(props[1].1, b"new");
        props.set("tracestate", "x=1").unwrap();
        assert_eq!(
            props.last().unwrap(),
            &("tracestate".to_string(), b"x=1".to_vec())
        );
        props.remove_all("traceparent");
        assert!(props.iter().all(|(n, _)| n != "traceparent"));

        let mut same = vec![
            ("TraceParent".to_string(), "other".to_string()),
            ("traceparent".to_string(), "old".to_string()),
        ];
        PairsMut::mqtt(&mut same).set("traceparent", "new").unwrap();
        assert_eq!(
            same,
            [
                ("TraceParent".to_string(), "other".to_string()),
                ("traceparent".to_string(), "new".to_string())
            ]
        );
    }

    // CAR-03, CAR-07: an HTTP header list holds exactly one traceparent
    // after injection, whatever the case of the names already there; the
    // first keeps its place and takes the lowercase name.
    #[test]
    fn car_03_http_pairs_replace_fields_in_any_case() {
        let mut headers = vec![
            ("Accept".to_string(), "*/*".to_string()),
            ("TraceParent".to_string(), "old".to_string()),
            ("x".to_string(), "1".to_string()),
            ("TRACEPARENT".to_string(), "older".to_string()),
            ("Baggage".to_string(), "a=1".to_string()),
        ];
        let mut out = PairsMut::http(&mut headers);
        out.set("traceparent", "new").unwrap();
        out.remove_all("baggage");
        out.set("tracestate", "k=v").unwrap();
        assert_eq!(
            headers,
            [
                ("Accept".to_string(), "*/*".to_string()),
                ("traceparent".to_string(), "new".to_string()),
                ("x".to_string(), "1".to_string()),
                ("tracestate".to_string(), "k=v".to_string()),
            ]
        );
        // The plain Vec compares names exactly: that is MQTT's rule, and
        // for an HTTP list it would leave two traceparent fields.
        let mut plain = vec![("TraceParent".to_string(), "old".to_string())];
        plain.set("traceparent", "new").unwrap();
        assert_eq!(plain.len(), 2);
    }

    // CAR-27: Kafka writing removes every header with the key and appends
    // one; other headers, null-valued ones too, keep their order.
    #[test]
    fn car_27_kafka_pairs_remove_then_append() {
        let mut record: Vec<(String, Option<Vec<u8>>)> = vec![
            ("traceparent".into(), Some(b"old".to_vec())),
            ("a".into(), None),
            ("traceparent".into(), Some(b"older".to_vec())),
            ("TraceParent".into(), Some(b"other key".to_vec())),
            ("b".into(), Some(b"2".to_vec())),
        ];
        PairsMut::kafka(&mut record)
            .set("traceparent", "new")
            .unwrap();
        assert_eq!(
            record,
            [
                ("a".into(), None),
                ("TraceParent".into(), Some(b"other key".to_vec())),
                ("b".into(), Some(b"2".to_vec())),
                ("traceparent".into(), Some(b"new".to_vec())),
            ]
        );
        PairsMut::kafka(&mut record).remove_all("traceparent");
        assert_eq!(record.len(), 3);
    }
}

#[cfg(feature = "heapless")]
mod heapless_pairs {
    use tracewire::propagation::{Extractor, Injector, Pairs};

    type Props = heapless::Vec<(heapless::String<16>, heapless::Vec<u8, 64>), 4>;

    fn pair(n: &str, v: &[u8]) -> (heapless::String<16>, heapless::Vec<u8, 64>) {
        (n.try_into().unwrap(), heapless::Vec::from_slice(v).unwrap())
    }

    // CAR-15 on a fixed-capacity MQTT property list: replace in place,
    // append new, refuse (unchanged) when full.
    #[test]
    fn car_15_heapless_properties() {
        let mut props: Props = heapless::Vec::new();
        props.push(pair("a", b"1")).unwrap();
        props.push(pair("traceparent", b"old")).unwrap();
        props.push(pair("traceparent", b"old2")).unwrap();
        props.set("traceparent", "new").unwrap();
        assert_eq!(props.len(), 2);
        assert_eq!(props[1].1.as_slice(), b"new");
        let view: Vec<(&str, &[u8])> = props
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        assert_eq!(
            Pairs::mqtt(&view)
                .values_of("traceparent")
                .collect::<Vec<_>>(),
            [&b"new"[..]]
        );
        props.set("b", "2").unwrap();
        props.set("c", "3").unwrap();
        let before = props.clone();
        assert!(props.set("d", "4").is_err());
        assert_eq!(props, before);
        assert!(props.set("traceparent", &"x".repeat(65)).is_err());
        assert_eq!(props, before);
    }
}

#[cfg(feature = "http")]
mod http_map {
    use super::{TP, TP2, tp};
    use http::HeaderMap;
    use tracewire::ErrorKind;
    use tracewire::propagation::{Extractor, Injector, extract_traceparent};

    // CAR-10: get_all in order on read; insert-style replace on write.
    #[test]
    fn car_10_header_map_reads_all_and_replaces() {
        let mut h = HeaderMap::new();
        h.append("TraceState", "a=1".parse().unwrap());
        h.append("tracestate", "b=2".parse().unwrap());
        assert_eq!(
            h.values_of("tracestate").collect::<Vec<_>>(),
            [&b"a=1"[..], b"b=2"]
        );
        h.append(
            "traceparent",
            std::str::from_utf8(TP).unwrap().parse().unwrap(),
        );
        assert_eq!(extract_traceparent(&h), Ok(Some(tp())));
        h.append(
            "traceparent",
            std::str::from_utf8(TP2).unwrap().parse().unwrap(),
        );
        assert_eq!(
            extract_traceparent(&h).unwrap_err().kind(),
            ErrorKind::DuplicateField
        );
        h.set("traceparent", std::str::from_utf8(TP).unwrap())
            .unwrap();
        assert_eq!(h.get_all("traceparent").iter().count(), 1);
        assert_eq!(extract_traceparent(&h), Ok(Some(tp())));
    }

    // CAR-01, CAR-11: names written lowercase; gRPC metadata is a HeaderMap
    // with the same keys (no -bin suffix).
    #[test]
    fn car_01_car_11_lowercase_names() {
        let mut h = HeaderMap::new();
        h.set("traceparent", std::str::from_utf8(TP).unwrap())
            .unwrap();
        let names: Vec<&str> = h.keys().map(http::HeaderName::as_str).collect();
        assert_eq!(names, ["traceparent"]);
    }
}

#[cfg(feature = "serde")]
mod payload {
    use super::tp;
    use tracewire::adapters::serde::PayloadCarrier;
    use tracewire::propagation::extract_traceparent;

    // CAR-17: only members of the outermost object count.
    #[test]
    fn car_17_outermost_members_only() {
        let json = br#"{"a":1,"cfg":{"traceparent":"x"},"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}"#;
        let c: PayloadCarrier<'_> = serde_json::from_slice(json).unwrap();
        assert_eq!(extract_traceparent(&c), Ok(Some(tp())));
        let nested_only =
            br#"{"cfg":{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}"#;
        let c: PayloadCarrier<'_> = serde_json::from_slice(nested_only).unwrap();
        assert_eq!(extract_traceparent(&c), Ok(None));
    }

    // CAR-17, TS-13, CAR-35: other members never cost the traceparent,
    // whatever their names (escaped ones too) or values; `null` is absent;
    // an escaped member reads as the empty value, an invalid one.
    #[test]
    fn car_17_other_members_and_escapes_never_cost_the_traceparent() {
        const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let cases = [
            format!(r#"{{"caf\u00e9":1,"traceparent":"{TP}"}}"#),
            format!(r#"{{"a\"b":[1,{{"c":null}}],"traceparent":"{TP}"}}"#),
            format!(r#"{{"traceparent":"{TP}","tracestate":null,"baggage":null}}"#),
            format!(r#"{{"traceparent":"{TP}","baggage":"k=a\/b"}}"#),
            format!(r#"{{"tracestate":"a=\"1\"","traceparent":"{TP}"}}"#),
        ];
        for json in &cases {
            let c: PayloadCarrier<'_> = serde_json::from_str(json).unwrap();
            assert_eq!(extract_traceparent(&c), Ok(Some(tp())), "{json}");
            let ctx = tracewire::propagation::extract(&c);
            assert!(ctx.baggage().is_empty(), "{json}");
        }
        let c: PayloadCarrier<'_> = serde_json::from_str(&cases[2]).unwrap();
        assert_eq!((c.tracestate, c.baggage), (None, None));
        let c: PayloadCarrier<'_> = serde_json::from_str(&cases[3]).unwrap();
        assert_eq!(c.baggage, Some(""));
        // An escaped traceparent reads as empty: invalid, so a restart.
        let c: PayloadCarrier<'_> =
            serde_json::from_str(r#"{"traceparent":"\u0030\u0030-4bf9"}"#).unwrap();
        assert_eq!(c.traceparent, Some(""));
        assert!(extract_traceparent(&c).is_err());
        // A member of another type is an error of the payload.
        assert!(serde_json::from_str::<PayloadCarrier<'_>>(r#"{"traceparent":5}"#).is_err());
    }

    // TP-19, CAR-17: the payload object is the carrier; two `traceparent`
    // members in it are two fields, invalid even when equal, so the trace
    // restarts (the last one is not silently taken). `null` is absent and
    // counts for nothing. Borrowed and owned carriers alike.
    #[test]
    fn tp_19_car_17_repeated_traceparent_member_is_invalid() {
        const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        const OTHER: &str = "00-12345678901234567890123456789012-00f067aa0ba902b7-01";
        let twice = [
            format!(r#"{{"traceparent":"{TP}","traceparent":"{TP}"}}"#),
            format!(r#"{{"traceparent":"{OTHER}","a":1,"traceparent":"{TP}"}}"#),
            format!(r#"{{"traceparent":"{TP}","traceparent":"{OTHER}","traceparent":null}}"#),
        ];
        for json in &twice {
            let c: PayloadCarrier<'_> = serde_json::from_str(json).unwrap();
            assert!(extract_traceparent(&c).is_err(), "{json}");
            #[cfg(feature = "std")]
            {
                let o: tracewire::adapters::serde::OwnedPayloadCarrier =
                    serde_json::from_str(json).unwrap();
                let err = extract_traceparent(&o.view()).map_err(|e| e.kind());
                assert_eq!(err, Err(tracewire::ErrorKind::TooShort), "{json}");
            }
        }
        // One value and nulls: one field.
        let once = format!(r#"{{"traceparent":null,"traceparent":"{TP}","tracestate":"a=1"}}"#);
        let c: PayloadCarrier<'_> = serde_json::from_str(&once).unwrap();
        assert_eq!(extract_traceparent(&c), Ok(Some(tp())));
        assert_eq!(c.tracestate, Some("a=1"));
    }

    // CAR-17: the owned carrier undoes escapes.
    #[cfg(feature = "std")]
    #[test]
    fn car_17_owned_carrier_reads_escaped_members() {
        use tracewire::adapters::serde::OwnedPayloadCarrier;
        let json = r#"{"x\u00e9":{},"traceparent":"\u0030\u0030-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","baggage":"k=a\/b","tracestate":null}"#;
        let c: OwnedPayloadCarrier = serde_json::from_str(json).unwrap();
        assert_eq!(extract_traceparent(&c.view()), Ok(Some(tp())));
        assert_eq!(c.baggage.as_deref(), Some("k=a/b"));
        assert_eq!(c.tracestate, None);
    }

    #[test]
    fn traceparent_serialises_as_header_string() {
        let s = serde_json::to_string(&tp()).unwrap();
        assert_eq!(
            s,
            "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\""
        );
        assert_eq!(
            serde_json::from_str::<tracewire::TraceParent>(&s).unwrap(),
            tp()
        );
        assert!(serde_json::from_str::<tracewire::TraceParent>("\"00-x\"").is_err());
    }
}

#[cfg(feature = "std")]
mod raw_pass_through {
    use tracewire::propagation::{Forwarded, PASS_THROUGH_CAP, Pairs, pass_through};

    // TP-16, TP-18: the raw path copies bytes without checking the version or
    // clearing reserved bits, and refuses values over the documented cap.
    #[test]
    fn tp_16_pass_through_copies_bytes_and_caps_size() {
        let tp = b"fe-4BF92F3577B34DA6A3CE929D0E0E4736-not-even-hex-ff";
        let incoming = [("traceparent", &tp[..]), ("tracestate", b"x=1")];
        let mut out: Vec<(String, String)> = Vec::new();
        assert_eq!(
            pass_through(&Pairs::http(&incoming), &mut out),
            Ok((Forwarded::Copied, Forwarded::Copied))
        );
        assert_eq!(
            out,
            [
                (
                    "traceparent".into(),
                    String::from_utf8(tp.to_vec()).unwrap()
                ),
                ("tracestate".into(), "x=1".into())
            ]
        );

        let big = vec![b'a'; PASS_THROUGH_CAP + 1];
        let incoming = [("traceparent", big.as_slice())];
        let mut out: Vec<(String, String)> = Vec::new();
        assert_eq!(
            pass_through(&Pairs::http(&incoming), &mut out),
            Ok((Forwarded::Refused, Forwarded::Refused))
        );
        assert!(out.is_empty());
        let at_cap = vec![b'a'; PASS_THROUGH_CAP];
        let incoming = [("traceparent", at_cap.as_slice())];
        assert_eq!(
            pass_through(&Pairs::http(&incoming), &mut out),
            Ok((Forwarded::Copied, Forwarded::Absent))
        );
    }

    // TP-16 never forwards a byte a header may not hold (CR, LF, NUL).
    #[test]
    fn tp_16_pass_through_refuses_control_bytes() {
        for bad in [&b"00-a\r\nx: y"[..], b"00\0", b"caf\xc3\xa9"] {
            let incoming = [("traceparent", bad)];
            let mut out: Vec<(String, String)> = Vec::new();
            assert_eq!(
                pass_through(&Pairs::http(&incoming), &mut out),
                Ok((Forwarded::Refused, Forwarded::Refused))
            );
            assert!(out.is_empty());
        }
        // A blank traceparent carries nothing: no empty field is written,
        // and tracestate does not travel without it (TP-26).
        for blank in [&b""[..], b" \t "] {
            let incoming = [("traceparent", blank), ("tracestate", b"a=1")];
            let mut out: Vec<(String, String)> = Vec::new();
            assert_eq!(
                pass_through(&Pairs::http(&incoming), &mut out),
                Ok((Forwarded::Refused, Forwarded::Refused))
            );
            assert!(out.is_empty(), "{blank:?}: {out:?}");
        }
        let incoming = [
            ("traceparent", &b"00-x"[..]),
            ("tracestate", b"a=1\r\nevil: 1"),
        ];
        let mut out: Vec<(String, String)> = Vec::new();
        assert_eq!(
            pass_through(&Pairs::http(&incoming), &mut out),
            Ok((Forwarded::Copied, Forwarded::Refused))
        );
        assert_eq!(out.len(), 1);
    }

    // TP-16, TP-26: the raw path refuses only by size and bytes, never by
    // counting fields: 40 tracestate fields well under the cap (a list a
    // later version might allow) are joined and forwarded with the
    // traceparent, as one field would be.
    #[test]
    fn tp_16_tp_26_pass_through_forwards_more_fields_than_32_members() {
        let tp = &b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"[..];
        let mut incoming = vec![("traceparent", tp)];
        incoming.extend(std::iter::repeat_n(("tracestate", &b"a=1"[..]), 40));
        let mut out: Vec<(String, String)> = vec![("tracestate".into(), "stale=1".into())];
        assert_eq!(
            pass_through(&Pairs::http(&incoming), &mut out),
            Ok((Forwarded::Copied, Forwarded::Copied))
        );
        let joined = vec!["a=1"; 40].join(",");
        assert_eq!(out[0], ("tracestate".to_string(), joined));
        assert_eq!(out[1].0, "traceparent");
        assert_eq!(out.len(), 2);
    }

    // TP-26: tracestate goes with an unchanged traceparent; several fields
    // become one joined field; duplicates of traceparent forward nothing.
    #[test]
    fn tp_26_tracestate_travels_with_traceparent() {
        let incoming = [("tracestate", &b"a=1"[..])];
        let mut out: Vec<(String, String)> = Vec::new();
        assert_eq!(
            pass_through(&Pairs::http(&incoming), &mut out),
            Ok((Forwarded::Absent, Forwarded::Absent))
        );
        assert!(out.is_empty());
        let incoming = [
            ("traceparent", &b"00-x"[..]),
            ("traceparent", b"00-y"),
            ("tracestate", b"a=1"),
        ];
        assert_eq!(
            pass_through(&Pairs::http(&incoming), &mut out),
            Ok((Forwarded::Refused, Forwarded::Refused))
        );
        assert!(out.is_empty());
        let incoming = [
            ("traceparent", &b"00-x"[..]),
            ("tracestate", b"a=1"),
            ("tracestate", b" "),
            ("TraceState", b"b=2"),
        ];
        pass_through(&Pairs::http(&incoming), &mut out).unwrap();
        assert_eq!(out[1], ("tracestate".into(), "a=1,b=2".into()));
    }
}

#[cfg(feature = "serde")]
mod serde_lists {
    use tracewire::{Baggage, TraceState};

    // TS-18, BG-23: owned lists serialise as their canonical header string and
    // read back strictly; a value over the capacity is an error, not a cut.
    #[test]
    fn ts_18_bg_23_owned_lists_as_header_strings() {
        let ts: TraceState<64> = serde_json::from_str(r#""rojo=1 , congo=2""#).unwrap();
        assert_eq!(serde_json::to_string(&ts).unwrap(), r#""rojo=1,congo=2""#);
        assert!(serde_json::from_str::<TraceState<64>>(r#""FOO=1""#).is_err());
        assert!(serde_json::from_str::<TraceState<8>>(r#""rojo=1,congo=2""#).is_err());

        let bag: Baggage<128, 4> =
            serde_json::from_str(r#""userId = alice ; p, n=DF%2028""#).unwrap();
        assert_eq!(
            serde_json::to_string(&bag).unwrap(),
            r#""userId=alice;p,n=DF%2028""#
        );
        assert!(serde_json::from_str::<Baggage<128, 4>>(r#""bad member""#).is_err());
        assert!(serde_json::from_str::<Baggage<128, 1>>(r#""a=1,b=2""#).is_err());
    }

    fn json_members(n: usize) -> String {
        let list: Vec<String> = (0..n).map(|i| format!("k{i}=v")).collect();
        format!("\"{}\"", list.join(","))
    }

    // BG-16, BG-18: a strict deserialize sees every member the grammar
    // allows, not just the 64 of BG-14: a raised capacity keeps all 70, the
    // default one refuses them (BG-15 drops only when truncating on purpose).
    #[test]
    fn bg_16_bg_18_serde_baggage_reads_every_member() {
        let json = json_members(70);
        let big: Baggage<16_384, 128> = serde_json::from_str(&json).unwrap();
        assert_eq!(big.len(), 70);
        assert_eq!(big.iter().last().unwrap().key(), "k69");
        let err = serde_json::from_str::<Baggage>(&json).unwrap_err();
        let capacity = tracewire::CapacityError.to_string();
        assert!(err.to_string().starts_with(&capacity), "{err}");
        // 64 still fit the default type.
        let ok: Baggage = serde_json::from_str(&json_members(64)).unwrap();
        assert_eq!(ok.len(), 64);
        // More than 8192 bytes fit a raised capacity.
        let long = format!("\"a=1,b={}\"", "x".repeat(9000));
        let big: Baggage<16_384, 128> = serde_json::from_str(&long).unwrap();
        assert_eq!(big.len(), 2);
        assert!(serde_json::from_str::<Baggage>(&long).is_err());
        // BG-18: members past the 180th are dropped, the first 180 kept.
        let full: Baggage<16_384, 180> = serde_json::from_str(&json_members(200)).unwrap();
        assert_eq!(full.len(), 180);
        assert_eq!(full.iter().last().unwrap().key(), "k179");
        assert!(serde_json::from_str::<Baggage<16_384, 179>>(&json_members(200)).is_err());
    }
}
