//! The binary traceparent of `shared/spec/binary.md`, by requirement ID.

use proptest::prelude::*;
use tracewire::binary::traceparent as bin;
use tracewire::{CapacityError, ErrorKind, SliceSink, SpanId, TraceFlags, TraceId, TraceParent};

/// The draft's example (binary.md).
const EXAMPLE: [u8; 29] = [
    0, 0, 75, 249, 47, 53, 119, 179, 77, 166, 163, 206, 146, 157, 0, 14, 71, 54, 1, 52, 240, 103,
    170, 11, 169, 2, 183, 2, 1,
];
const EXAMPLE_TEXT: &str = "00-4bf92f3577b34da6a3ce929d000e4736-34f067aa0ba902b7-01";

fn example() -> TraceParent {
    TraceParent::parse(EXAMPLE_TEXT.as_bytes()).unwrap()
}

fn err(input: &[u8]) -> (ErrorKind, usize) {
    let e = bin::parse(input).unwrap_err();
    assert!(e.offset() <= input.len());
    (e.kind(), e.offset())
}

#[test]
fn bin_01_encodes_the_example() {
    assert_eq!(bin::encode(&example()), EXAMPLE);
    assert_eq!(bin::LEN, 29);
    let bytes = bin::encode(&example());
    assert_eq!((bytes[0], bytes[1], bytes[18], bytes[27]), (0, 0, 1, 2));
}

#[test]
fn bin_02_ids_are_byte_arrays_first_byte_first() {
    let tp = bin::parse(&EXAMPLE).unwrap();
    assert_eq!(tp.trace_id().to_bytes(), EXAMPLE[2..18]);
    assert_eq!(
        tp.trace_id().to_string(),
        "4bf92f3577b34da6a3ce929d000e4736"
    );
    assert_eq!(tp.parent_id().to_bytes(), EXAMPLE[19..27]);
    assert_eq!(tp.parent_id().to_string(), "34f067aa0ba902b7");
}

#[test]
fn bin_03_empty_buffer() {
    assert_eq!(err(&[]), (ErrorKind::EmptyBinary, 0));
}

#[test]
fn bin_03_ends_after_version() {
    assert_eq!(err(&[0]), (ErrorKind::MissingFieldId, 1));
}

#[test]
fn bin_03_field_id_0_wrong() {
    let mut b = EXAMPLE;
    b[1] = 5;
    assert_eq!(err(&b), (ErrorKind::InvalidFieldId, 1));
}

#[test]
fn bin_03_trace_id_too_short() {
    for len in 2..18 {
        assert_eq!(
            err(&EXAMPLE[..len]),
            (ErrorKind::TraceIdTooShort, len),
            "len {len}"
        );
    }
}

#[test]
fn bin_03_field_id_1_missing_or_wrong() {
    assert_eq!(err(&EXAMPLE[..18]), (ErrorKind::MissingFieldId, 18));
    let mut b = EXAMPLE;
    b[18] = 2;
    assert_eq!(err(&b), (ErrorKind::InvalidFieldId, 18));
}

#[test]
fn bin_03_parent_id_too_short() {
    // The spec's example: the first 20 bytes.
    assert_eq!(err(&EXAMPLE[..20]), (ErrorKind::ParentIdTooShort, 20));
    for len in 19..27 {
        assert_eq!(
            err(&EXAMPLE[..len]),
            (ErrorKind::ParentIdTooShort, len),
            "len {len}"
        );
    }
}

#[test]
fn bin_03_field_id_2_missing_or_wrong() {
    assert_eq!(err(&EXAMPLE[..27]), (ErrorKind::MissingFieldId, 27));
    let mut b = EXAMPLE;
    b[27] = 0;
    assert_eq!(err(&b), (ErrorKind::InvalidFieldId, 27));
}

#[test]
fn bin_03_no_flags_byte() {
    assert_eq!(err(&EXAMPLE[..28]), (ErrorKind::MissingFlags, 28));
}

#[test]
fn bin_03_every_truncation_is_a_distinct_error() {
    // empty, missing id 0, trace-id short, missing id 1, parent-id short,
    // missing id 2, missing flags: told apart by kind and offset.
    let mut all: Vec<_> = [0, 1, 2, 18, 19, 27, 28]
        .iter()
        .map(|&l| err(&EXAMPLE[..l]))
        .collect();
    all.sort_by_key(|(k, o)| (k.name(), *o));
    all.dedup();
    assert_eq!(all.len(), 7);
}

#[test]
fn bin_04_wrong_field_id_by_version() {
    for at in [1, 18, 27] {
        let mut b = EXAMPLE;
        b[at] = 9;
        assert_eq!(err(&b), (ErrorKind::InvalidFieldId, at));
        b[0] = 1;
        assert_eq!(err(&b), (ErrorKind::IncompatibleVersion, at));
    }
    assert_eq!(ErrorKind::InvalidFieldId.message(), "invalid field id");
    assert_eq!(
        ErrorKind::IncompatibleVersion.message(),
        "incompatible version"
    );
}

#[test]
fn bin_05_all_zero_ids_are_invalid() {
    let mut b = EXAMPLE;
    b[2..18].fill(0);
    assert_eq!(err(&b), (ErrorKind::AllZeroTraceId, 2));
    let mut b = EXAMPLE;
    b[19..27].fill(0);
    assert_eq!(err(&b), (ErrorKind::AllZeroParentId, 19));
}

#[test]
fn bin_06_padding_is_ignored() {
    let mut padded = EXAMPLE.to_vec();
    padded.extend_from_slice(&[171, 205]);
    assert_eq!(bin::parse(&padded).unwrap(), bin::parse(&EXAMPLE).unwrap());
    assert_eq!(bin::parse(&padded).unwrap(), example());
}

#[test]
fn bin_07_other_versions_parse_and_report_the_downgrade() {
    for v in [1u8, 7, 0xfe] {
        let mut b = EXAMPLE;
        b[0] = v;
        b[28] = 0xff;
        let tp = bin::parse(&b).unwrap();
        assert_eq!(tp.version(), v, "the downgrade is visible");
        assert_eq!(
            tp.flags().bits(),
            0x03,
            "only known bits of a later version"
        );
        let re = bin::encode(&tp);
        assert_eq!(re[0], 0);
        assert_eq!(bin::parse(&re).unwrap().version(), 0);
        assert_eq!(re[1..28], b[1..28]);
    }
}

#[test]
fn bin_07_version_255_is_invalid() {
    let mut b = EXAMPLE;
    b[0] = 255;
    assert_eq!(err(&b), (ErrorKind::ForbiddenVersion, 0));
    assert_eq!(err(&[255]), (ErrorKind::ForbiddenVersion, 0));
}

#[test]
fn bin_08_flags_read_by_masking_written_without_reserved_bits() {
    for flags in 0..=255u8 {
        let mut b = EXAMPLE;
        b[28] = flags;
        let tp = bin::parse(&b).unwrap();
        assert_eq!(tp.is_sampled(), flags & 1 != 0);
        assert_eq!(tp.is_random(), flags & 2 != 0);
        assert_eq!(
            bin::encode(&tp)[28],
            flags & 0x03,
            "TP-18: reserved bits written 0"
        );
    }
}

#[test]
fn bin_09_fixed_pair_converts_both_ways() {
    assert_eq!(
        bin::parse(&EXAMPLE).unwrap().encode().as_str(),
        EXAMPLE_TEXT
    );
    assert_eq!(
        bin::encode(&TraceParent::parse(EXAMPLE_TEXT.as_bytes()).unwrap()),
        EXAMPLE
    );
}

prop_compose! {
    fn any_traceparent()(t in any::<u128>(), p in any::<u64>(), f in any::<u8>()) -> TraceParent {
        TraceParent::new(
            TraceId::from_u128(t.max(1)).unwrap(),
            SpanId::from_u64(p.max(1)).unwrap(),
            TraceFlags::from_bits(f),
        )
    }
}

proptest! {
    // BIN-09: text and binary convert losslessly for every version-00 value.
    #[test]
    fn bin_09_text_binary_roundtrip(tp in any_traceparent()) {
        let bytes = bin::encode(&tp);
        prop_assert_eq!(bin::parse(&bytes).unwrap(), tp);
        let text = tp.encode();
        let from_text = TraceParent::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(bin::encode(&from_text), bytes);
        prop_assert_eq!(bin::parse(&bytes).unwrap().encode(), text);
    }

    // BIN-06 with random padding; BIN-20 (no panic, offset in range) on noise.
    #[test]
    fn bin_06_random_padding(tp in any_traceparent(), pad in proptest::collection::vec(any::<u8>(), 0..16)) {
        let mut b = bin::encode(&tp).to_vec();
        b.extend_from_slice(&pad);
        prop_assert_eq!(bin::parse(&b).unwrap(), tp);
    }

    #[test]
    fn bin_20_noise_never_panics(b in proptest::collection::vec(any::<u8>(), 0..40)) {
        if let Err(e) = bin::parse(&b) {
            prop_assert!(e.offset() <= b.len());
        }
    }
}

#[test]
fn bin_10_encode_into_short_and_long_buffers() {
    let tp = example();
    let mut short = [7u8; 28];
    assert_eq!(bin::encode_into(&tp, &mut short), Err(CapacityError));
    assert_eq!(short, [7u8; 28], "nothing written");
    let mut long = [7u8; 31];
    assert_eq!(bin::encode_into(&tp, &mut long), Ok(29));
    assert_eq!(long[..29], EXAMPLE);
    assert_eq!(long[29..], [7, 7], "padding is the caller's");
    let mut exact = [0u8; 29];
    assert_eq!(bin::encode_into(&tp, &mut exact), Ok(29));
    assert_eq!(exact, EXAMPLE);
}

#[test]
fn bin_10_write_to_byte_and_text_sinks() {
    let tp = example();
    let mut buf = [0u8; 29];
    let mut sink = SliceSink::new(&mut buf);
    assert_eq!(bin::write_to(&tp, &mut sink), Ok(29));
    assert_eq!(sink.as_bytes(), EXAMPLE);
    let mut small = [0u8; 28];
    let mut sink = SliceSink::new(&mut small);
    assert_eq!(bin::write_to(&tp, &mut sink), Err(CapacityError));
    assert!(sink.is_empty());
    // A text sink cannot hold these bytes (not UTF-8): refused, untouched.
    let mut text = String::new();
    assert_eq!(
        bin::write_to(&tp, &mut tracewire::FmtSink(&mut text)),
        Err(CapacityError)
    );
    assert_eq!(text, "");
    assert_eq!(bin::encoded_len(&tp), 29);
}

#[test]
fn bin_errors_display_rule_offset_and_id() {
    let cases: [(&[u8], &str); 8] = [
        (&[], "empty binary value at byte 0 (BIN-03)"),
        (
            &[0],
            "binary value ends where a field id is due at byte 1 (BIN-03)",
        ),
        (&[0, 0, 1], "binary trace-id too short at byte 3 (BIN-03)"),
        (
            &EXAMPLE[..20],
            "binary parent-id too short at byte 20 (BIN-03)",
        ),
        (
            &EXAMPLE[..28],
            "binary value ends before the flags at byte 28 (BIN-03)",
        ),
        (&[0, 3], "invalid field id at byte 1 (BIN-04)"),
        (&[1, 3], "incompatible version at byte 1 (BIN-04)"),
        (&[255, 0], "version ff is invalid at byte 0 (TP-07)"),
    ];
    for (input, text) in cases {
        assert_eq!(bin::parse(input).unwrap_err().to_string(), text);
    }
    assert_eq!(ErrorKind::EmptyBinary.name(), "EmptyBinary");
}

// ----- binary tracestate (BIN-11..BIN-19) -----

mod tracestate_bin {
    use proptest::prelude::*;
    use tracewire::binary::tracestate as bts;
    use tracewire::{CapacityError, ErrorKind, SliceSink, TraceState, TraceStateRef};

    /// The draft's example (binary.md).
    const EXAMPLE: [u8; 32] = [
        0, 3, 102, 111, 111, 16, 51, 52, 102, 48, 54, 55, 97, 97, 48, 98, 97, 57, 48, 50, 98, 55,
        0, 3, 98, 97, 114, 4, 48, 46, 50, 53,
    ];
    const EXAMPLE_TEXT: &str = "foo=34f067aa0ba902b7,bar=0.25";

    fn err(input: &[u8], version: Option<u8>) -> (ErrorKind, usize) {
        let e = bts::parse(input, version).unwrap_err();
        assert!(e.offset() <= input.len());
        (e.kind(), e.offset())
    }

    fn member(k: &[u8], v: &[u8]) -> Vec<u8> {
        let mut m = vec![0, k.len() as u8];
        m.extend_from_slice(k);
        m.push(v.len() as u8);
        m.extend_from_slice(v);
        m
    }

    #[test]
    fn bin_11_encodes_the_example() {
        let ts = TraceStateRef::parse(EXAMPLE_TEXT.as_bytes()).unwrap();
        let mut buf = [0u8; 32];
        assert_eq!(bts::encode_into(&ts, &mut buf), Ok(32));
        assert_eq!(buf, EXAMPLE);
        assert_eq!(bts::encoded_len(&ts), Some(32));
        let mut other = [0u8; 40];
        let mut sink = SliceSink::new(&mut other);
        assert_eq!(bts::write_to(&ts, &mut sink), Ok(32));
        assert_eq!(sink.as_bytes(), EXAMPLE, "no end marker through a sink");
    }

    #[test]
    fn bin_11_parses_the_example_in_order() {
        let ts = bts::parse(&EXAMPLE, Some(0)).unwrap();
        assert_eq!(
            ts.iter().collect::<Vec<_>>(),
            [("foo", "34f067aa0ba902b7"), ("bar", "0.25")]
        );
        assert_eq!(ts.to_string(), EXAMPLE_TEXT);
        assert_eq!(ts.text_len(), EXAMPLE_TEXT.len());
        assert_eq!(ts.as_bytes(), EXAMPLE);
    }

    #[test]
    fn bin_12_stops_at_end_or_key_len_zero() {
        let mut b = EXAMPLE.to_vec();
        b.extend_from_slice(&[0, 0, 9, 9]);
        let ts = bts::parse(&b, Some(0)).unwrap();
        assert_eq!(ts.len(), 2);
        assert_eq!(ts.as_bytes(), EXAMPLE);
        assert!(bts::parse(&[], Some(0)).unwrap().is_empty());
        assert!(bts::parse(&[0, 0], None).unwrap().is_empty());
    }

    #[test]
    fn bin_13_wrong_field_id_by_traceparent_version() {
        let mut b = EXAMPLE.to_vec();
        b[22] = 1; // second member's field id
        assert_eq!(err(&b, Some(0)), (ErrorKind::InvalidFieldId, 22));
        assert_eq!(err(&b, None), (ErrorKind::InvalidFieldId, 22));
        assert_eq!(err(&b, Some(1)), (ErrorKind::IncompatibleVersion, 22));
        assert_eq!(err(&[7], Some(0xcc)), (ErrorKind::IncompatibleVersion, 0));
    }

    #[test]
    fn bin_14_truncated_members() {
        // key-len larger than the bytes left
        assert_eq!(err(&EXAMPLE[..4], None), (ErrorKind::KeyTooShort, 4));
        // ends right after the key
        assert_eq!(err(&EXAMPLE[..5], None), (ErrorKind::IncompleteMember, 5));
        // value-len larger than the bytes left
        assert_eq!(err(&EXAMPLE[..21], None), (ErrorKind::ValueTooShort, 21));
        // ends right after a field id
        assert_eq!(err(&EXAMPLE[..23], None), (ErrorKind::IncompleteMember, 23));
        for len in 1..32 {
            if len != 22 {
                assert!(bts::parse(&EXAMPLE[..len], None).is_err(), "{len}");
            }
        }
        assert_eq!(bts::parse(&EXAMPLE[..22], None).unwrap().len(), 1);
    }

    #[test]
    fn bin_15_empty_value_is_an_error() {
        let mut b = member(b"foo", b"");
        assert_eq!(err(&b, None), (ErrorKind::EmptyBinaryValue, 5));
        b.extend_from_slice(&member(b"bar", b"1"));
        assert_eq!(err(&b, None), (ErrorKind::EmptyBinaryValue, 5));
    }

    #[test]
    fn bin_16_keys_and_values_follow_the_text_rules() {
        assert_eq!(
            err(&member(b"Foo", b"1"), None),
            (ErrorKind::InvalidKeyStart, 2)
        );
        assert_eq!(
            err(&member(b"f o", b"1"), None).0,
            ErrorKind::InvalidKeyChar
        );
        assert_eq!(
            err(&member(b"foo", b"a=b"), None),
            (ErrorKind::InvalidValueChar, 7)
        );
        assert_eq!(
            err(&member(b"foo", b"a,b"), None),
            (ErrorKind::InvalidValueChar, 7)
        );
        assert_eq!(
            err(&member(b"foo", b"ab "), None).0,
            ErrorKind::ValueEndsWithSpace
        );
        assert_eq!(
            err(&member(b"foo", b"\x01"), None).0,
            ErrorKind::NonPrintableByte
        );
        // Draft keys are fine (choice 2).
        assert!(bts::parse(&member(b"t@v", b"1"), None).is_ok());
        assert!(bts::parse(&member(b"1special", b"1"), None).is_ok());
        // Every valid binary tracestate is valid text.
        let ts = bts::parse(&EXAMPLE, None).unwrap();
        let text = ts.to_string();
        let back = TraceStateRef::parse(text.as_bytes()).unwrap();
        assert_eq!(
            back.iter().collect::<Vec<_>>(),
            ts.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn bin_17_more_than_32_members_is_an_error() {
        let mut b = Vec::new();
        for i in 0..32 {
            b.extend_from_slice(&member(format!("k{i}").as_bytes(), b"v"));
        }
        assert_eq!(bts::parse(&b, None).unwrap().len(), 32);
        let at = b.len();
        b.extend_from_slice(&member(b"k32", b"v"));
        assert_eq!(err(&b, None), (ErrorKind::TooManyBinaryMembers, at));
    }

    #[test]
    fn bin_18_over_255_bytes_cannot_be_encoded() {
        let key = "k".repeat(256);
        let text = format!("{key}=v");
        let ts = TraceStateRef::parse(text.as_bytes()).unwrap();
        assert_eq!(bts::encoded_len(&ts), None);
        let mut buf = [7u8; 600];
        assert_eq!(bts::encode_into(&ts, &mut buf), Err(CapacityError));
        assert!(buf.iter().all(|&b| b == 7), "nothing written");
        let value = "v".repeat(256);
        let text = format!("a=1,k={value}");
        let ts = TraceStateRef::parse(text.as_bytes()).unwrap();
        assert_eq!(bts::encoded_len(&ts), None);
        let mut sink = SliceSink::new(&mut buf);
        assert_eq!(bts::write_to(&ts, &mut sink), Err(CapacityError));
        assert!(sink.is_empty());
        // 255 is the limit, and encodes.
        let text = format!("{}={}", "k".repeat(255), "v".repeat(255));
        let ts = TraceStateRef::parse(text.as_bytes()).unwrap();
        assert_eq!(bts::encoded_len(&ts), Some(3 + 255 + 255));
        let n = bts::encode_into(&ts, &mut buf).unwrap();
        assert_eq!(&buf[..3], &[0, 255, b'k']);
        assert_eq!(
            bts::parse(&buf[..n], None).unwrap().get(&"k".repeat(255)),
            Some(&*"v".repeat(255))
        );
    }

    #[test]
    fn bin_tracestate_errors_display_rule_offset_and_id() {
        let mut many = Vec::new();
        for i in 0..32 {
            many.extend_from_slice(&member(format!("k{i}").as_bytes(), b"v"));
        }
        // k0..k9 take 6 bytes each, k10..k31 take 7: the 33rd starts at 214.
        assert_eq!(many.len(), 214);
        many.extend_from_slice(&member(b"k32", b"v"));
        let cases: [(&[u8], &str); 6] = [
            (&[0, 3, b'a'], "binary key too short at byte 3 (BIN-14)"),
            (
                &[0, 1, b'a'],
                "binary member ends before a length byte at byte 3 (BIN-14)",
            ),
            (
                &[0, 1, b'a', 2, b'1'],
                "binary value too short at byte 5 (BIN-14)",
            ),
            (
                &[0, 1, b'a', 0],
                "binary member with an empty value at byte 3 (BIN-15)",
            ),
            (&[5], "invalid field id at byte 0 (BIN-04)"),
            (&many, "more than 32 binary members at byte 214 (BIN-17)"),
        ];
        for (input, text) in cases {
            assert_eq!(bts::parse(input, None).unwrap_err().to_string(), text);
        }
        for kind in [
            ErrorKind::KeyTooShort,
            ErrorKind::IncompleteMember,
            ErrorKind::ValueTooShort,
            ErrorKind::EmptyBinaryValue,
            ErrorKind::TooManyBinaryMembers,
        ] {
            assert!(kind.spec_id().starts_with("BIN-"));
            assert_eq!(format!("{kind:?}"), kind.name());
        }
    }

    #[test]
    fn bin_19_end_marker_in_a_larger_buffer() {
        let ts = TraceStateRef::parse(EXAMPLE_TEXT.as_bytes()).unwrap();
        let mut buf = [9u8; 40];
        assert_eq!(bts::encode_into(&ts, &mut buf), Ok(34));
        assert_eq!(buf[32..34], [0, 0]);
        assert_eq!(buf[34..], [9; 6]);
        let mut one_more = [9u8; 33];
        assert_eq!(bts::encode_into(&ts, &mut one_more), Ok(32));
        assert_eq!(one_more[32], 9);
        let mut short = [9u8; 31];
        assert_eq!(bts::encode_into(&ts, &mut short), Err(CapacityError));
    }

    #[test]
    fn bin_16_owned_tracestate_via_text() {
        let ts = bts::parse(&EXAMPLE, Some(0)).unwrap();
        let mut text = [0u8; 512];
        let mut sink = SliceSink::new(&mut text);
        ts.write_text_to(&mut sink).unwrap();
        let owned: TraceState =
            TraceState::try_from(TraceStateRef::parse(sink.as_bytes()).unwrap()).unwrap();
        assert_eq!(owned.as_str(), EXAMPLE_TEXT);
        let mut back = [0u8; 32];
        assert_eq!(bts::encode_into(&owned.view(), &mut back), Ok(32));
        assert_eq!(back, EXAMPLE);
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9_*/-]{0,20}",
            "[a-z0-9][a-z0-9_*/-]{0,10}@[a-z][a-z0-9_*/-]{0,5}",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        "[ -+\\--<>-~]{0,30}[!-+\\--<>-~]"
    }

    proptest! {
        // BIN-16 / round trip: text -> binary -> text keeps every member in order.
        #[test]
        fn bin_tracestate_roundtrip(members in proptest::collection::vec((key(), value()), 0..=32)) {
            let text = members.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
            let ts = TraceStateRef::parse(text.as_bytes()).unwrap();
            let mut buf = vec![0u8; 32 * 60];
            let n = bts::encode_into(&ts, &mut buf).unwrap();
            let back = bts::parse(&buf[..n], Some(0)).unwrap();
            prop_assert_eq!(back.len(), members.len());
            prop_assert_eq!(back.iter().collect::<Vec<_>>(), ts.iter().collect::<Vec<_>>());
            prop_assert_eq!(back.to_string(), text.clone());
            prop_assert_eq!(back.text_len(), text.len());
        }

        #[test]
        fn bin_20_tracestate_noise_never_panics(b in proptest::collection::vec(any::<u8>(), 0..64), v in any::<Option<u8>>()) {
            match bts::parse(&b, v) {
                Err(e) => prop_assert!(e.offset() <= b.len()),
                Ok(ts) => prop_assert_eq!(ts.iter().count(), ts.len()),
            }
        }

        #[test]
        fn bin_20_tracestate_structured_noise(parts in proptest::collection::vec(prop_oneof![Just(0u8), Just(1u8), Just(3u8), Just(b'a'), Just(b'='), Just(255u8)], 0..64)) {
            if let Err(e) = bts::parse(&parts, Some(0)) {
                prop_assert!(e.offset() <= parts.len());
            }
        }
    }
}
