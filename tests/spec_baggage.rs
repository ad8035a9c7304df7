//! W3C Baggage requirements BG-01..BG-27 (shared/spec/baggage.md), one test
//! per ID, with the spec's own examples.
//!
//! BG-22 (baggage is independent of traceparent/tracestate) and BG-24 (send
//! received baggage on, header name `baggage`) are propagation rules: they
//! are tested with issue 5.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use tracewire::baggage::{Limits, PercentDecoded};
use tracewire::{Baggage, BaggageRef, ErrorKind, ParseError};

mod common;
use common::raw_entries as entries;

fn kv(b: &BaggageRef<'_>) -> Vec<(String, String)> {
    b.iter()
        .map(|m| (m.key().to_owned(), m.value().to_string()))
        .collect()
}

fn strict(s: &str) -> BaggageRef<'_> {
    BaggageRef::parse(s.as_bytes()).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn err(s: &[u8]) -> (ErrorKind, usize) {
    let e: ParseError = BaggageRef::parse(s).unwrap_err();
    (e.kind(), e.offset())
}

fn dec(raw: &str) -> String {
    PercentDecoded::new(raw).to_string()
}

const REFERENCE: &str =
    "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue";

#[test]
fn bg_01_members_split_at_commas_ows_is_not_part_of_anything() {
    let b = strict("SomeKey \t = \t SomeValue \t ; \t SomeProp");
    assert_eq!(
        entries(&b),
        [(
            "SomeKey".into(),
            "SomeValue".into(),
            vec![("SomeProp".into(), None)]
        )]
    );
    // The spec's reference example: 86 bytes, 3 members.
    assert_eq!(REFERENCE.len(), 86);
    let b = strict(REFERENCE);
    let e = entries(&b);
    assert_eq!(e.len(), 3);
    assert_eq!(
        e[0],
        (
            "key1".into(),
            "value1".into(),
            vec![("property1".into(), None), ("property2".into(), None)]
        )
    );
    assert_eq!(e[1], ("key2".into(), "value2".into(), vec![]));
    assert_eq!(
        e[2],
        (
            "key3".into(),
            "value3".into(),
            vec![("propertyKey".into(), Some("propertyValue".into()))]
        )
    );
    // OWS at both ends of the header and around `=` of a property.
    let b = strict(" \tk=v ; p \t= \t1 \t");
    assert_eq!(
        entries(&b),
        [("k".into(), "v".into(), vec![("p".into(), Some("1".into()))])]
    );
}

#[test]
fn bg_02_keys_are_case_sensitive_tokens_never_decoded() {
    let b = strict("userId=1,userid=2");
    assert_eq!(b.get("userId").unwrap().raw_value(), "1");
    assert_eq!(b.get("userid").unwrap().raw_value(), "2");
    assert!(b.get("USERID").is_none());
    let b = strict("k%41=1");
    assert_eq!(b.iter().next().unwrap().key(), "k%41");
    assert!(b.get("kA").is_none());
    assert_eq!(err(b"user id=1"), (ErrorKind::MissingEquals, 5));
    assert!(BaggageRef::lenient(b"user id=1").is_empty());
    // Every tchar is accepted in a key.
    let all = "!#$%&'*+-.^_`|~09azAZ";
    let text = format!("{all}=1");
    assert_eq!(strict(&text).iter().next().unwrap().key(), all);
}

#[test]
fn bg_03_values_are_baggage_octets_possibly_empty() {
    assert_eq!(
        entries(&strict("k=")),
        [("k".into(), String::new(), vec![])]
    );
    assert_eq!(err(b"k=a b"), (ErrorKind::InvalidValue, 4));
    assert_eq!(err(b"k=a\"b"), (ErrorKind::InvalidValue, 3));
    assert_eq!(err(b"k=caf\xC3\xA9"), (ErrorKind::InvalidValue, 5));
    assert_eq!(err(b"k=a\\b"), (ErrorKind::InvalidValue, 3));
    for bad in (0u8..0x20).chain([0x7F, 0x80, 0xFF]) {
        let input = [b'k', b'=', b'a', bad, b'b'];
        let (kind, at) = err(&input);
        assert_eq!(kind, ErrorKind::InvalidValue, "{bad:#x}");
        // HTAB is OWS: the byte that breaks the rule is the `b` after it.
        assert_eq!(at, if bad == b'\t' { 4 } else { 3 }, "{bad:#x}");
    }
    // Every baggage-octet is accepted raw.
    let octets: String = (0x21u8..=0x7E)
        .filter(|b| !b"\",;\\".contains(b))
        .map(char::from)
        .collect();
    let text = format!("k={octets}");
    assert_eq!(strict(&text).iter().next().unwrap().raw_value(), octets);
}

#[test]
fn bg_04_first_equals_ends_the_key() {
    let b = strict("SomeKey=SomeValue=equals");
    let m = b.iter().next().unwrap();
    assert_eq!((m.key(), m.raw_value()), ("SomeKey", "SomeValue=equals"));
    let b = strict("k=v;p==x=");
    let p = b.iter().next().unwrap().properties().next().unwrap();
    assert_eq!((p.key(), p.raw_value()), ("p", Some("=x=")));
}

#[test]
fn bg_05_properties_keep_order_and_duplicates() {
    let b = strict("k=v;p;p=1;p=2");
    assert_eq!(
        entries(&b)[0].2,
        [
            ("p".into(), None),
            ("p".into(), Some("1".into())),
            ("p".into(), Some("2".into()))
        ]
    );
}

#[test]
fn bg_06_key_only_property_is_not_decoded() {
    let b = strict("SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal");
    let props: Vec<_> = b.iter().next().unwrap().properties().collect();
    assert_eq!(props.len(), 1);
    assert_eq!(props[0].key(), "ValueProp%20%09%20%3D%20%09%20PropVal");
    assert_eq!(props[0].raw_value(), None);
    assert!(props[0].value().is_none());
}

#[test]
fn bg_07_malformed_members() {
    assert_eq!(err(b"key1"), (ErrorKind::MissingEquals, 4));
    assert_eq!(err(b"=v"), (ErrorKind::MissingKey, 0));
    assert_eq!(err(b"k=v;"), (ErrorKind::EmptyProperty, 4));
    assert_eq!(err(b"k=v;;p"), (ErrorKind::EmptyProperty, 4));
    assert_eq!(err(b"k=v; \t"), (ErrorKind::EmptyProperty, 6));
    assert_eq!(err(b"k=v;=1"), (ErrorKind::MissingKey, 4));
    assert_eq!(err(b"k=a b"), (ErrorKind::InvalidValue, 4));
    for bad in ["key1", "=v", "k=v;", "k=v;;p", "k=a b"] {
        assert!(BaggageRef::lenient(bad.as_bytes()).is_empty(), "{bad}");
    }
}

#[test]
fn bg_08_duplicates_kept_get_returns_last() {
    let b = strict("a=1,a=2");
    assert_eq!(kv(&b), [("a".into(), "1".into()), ("a".into(), "2".into())]);
    assert_eq!(b.get("a").unwrap().value(), "2");
    let owned = Baggage::<64, 4>::try_from(b).unwrap();
    assert_eq!(owned.get("a").unwrap().value(), "2");
}

#[test]
fn bg_09_values_percent_decode_without_allocating() {
    let b = strict("userId=Am%C3%A9lie,serverNode=DF%2028");
    assert_eq!(b.get("userId").unwrap().value(), "Amélie");
    assert_eq!(b.get("serverNode").unwrap().value(), "DF 28");
    // Both hex cases.
    assert_eq!(dec("%c3%a9%C3%A9%c3%A9"), "ééé");
    // Into a caller's buffer, "too small" instead of truncating.
    let v = b.get("userId").unwrap().value();
    let mut buf = [0u8; 7];
    assert_eq!(v.decode_into(&mut buf), Ok("Amélie"));
    assert_eq!(v.decode_into(&mut buf[..6]), Err(tracewire::CapacityError));
    assert_eq!(v.decoded_len(), 7);
    assert!(v.chars().eq("Amélie".chars()));
}

#[test]
fn bg_10_ill_formed_utf8_becomes_replacement_per_maximal_subsequence() {
    assert_eq!(dec("%FF"), "\u{FFFD}");
    assert_eq!(dec("%C3%28"), "\u{FFFD}(");
    assert_eq!(dec("%E2%82"), "\u{FFFD}");
    assert_eq!(dec("a%E2%82%ACb"), "a€b");
    for raw in [
        "%FF",
        "%C3%28",
        "%E2%82",
        "a%E2%82%ACb",
        "%ED%A0%80",
        "%F0%9F%98",
        "%F4%90%80%80",
        "%C0%AF",
    ] {
        let bytes: Vec<u8> = PercentDecoded::new(raw).bytes().collect();
        assert_eq!(dec(raw), String::from_utf8_lossy(&bytes), "{raw}");
        let mut buf = [0u8; 32];
        assert_eq!(
            PercentDecoded::new(raw).decode_into(&mut buf).unwrap(),
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn bg_11_percent_without_two_hex_digits_stays_literal() {
    assert_eq!(strict("k=50%").get("k").unwrap().value(), "50%");
    assert_eq!(strict("k=%zz").get("k").unwrap().value(), "%zz");
    assert_eq!(dec("%4"), "%4");
    assert_eq!(dec("%%41"), "%A");
    assert_eq!(dec("%G1%1G"), "%G1%1G");
}

#[test]
fn bg_12_encoding_escapes_non_octets_and_percent_in_upper_hex() {
    let cases = [
        ("DF 28", "DF%2028"),
        ("Amélie", "Am%C3%A9lie"),
        ("50%", "50%25"),
        ("a=b", "a=b"),
        ("\t \"';=asdf!@#$%^&*()", "%09%20%22'%3B=asdf!@#$%25^&*()"),
        ("a,b;c\\d\r\n", "a%2Cb%3Bc%5Cd%0D%0A"),
    ];
    for (value, encoded) in cases {
        let mut b = Baggage::<128, 4>::new();
        b.insert("k", value).unwrap();
        assert_eq!(b.as_str(), format!("k={encoded}"));
        assert_eq!(b.get("k").unwrap().value(), value);
    }
}

#[test]
fn bg_13_property_values_share_the_codec_keys_must_be_tokens() {
    let mut b = Baggage::<128, 4>::new();
    b.insert_with_properties("k", "v", &[("p", Some("DF 28")), ("q", None)])
        .unwrap();
    assert_eq!(b.as_str(), "k=v;p=DF%2028;q");
    let m = b.get("k").unwrap();
    let p = m.properties().next().unwrap();
    assert_eq!(p.value().unwrap(), "DF 28");
    for bad in ["user id", "k=", "é", "a,b", ""] {
        let before = b.clone();
        let e = b.insert(bad, "v").unwrap_err();
        assert!(
            matches!(e, tracewire::baggage::InsertError::Key(_)),
            "{bad}"
        );
        let e2 = b
            .insert_with_properties("ok", "v", &[(bad, None)])
            .unwrap_err();
        assert!(
            matches!(e2, tracewire::baggage::InsertError::PropertyKey(0, _)),
            "{bad}"
        );
        assert_eq!(b, before);
    }
}

#[test]
fn bg_14_limits_64_members_8192_bytes_are_kept() {
    let one = format!("a={}", "7".repeat(8190));
    assert_eq!(one.len(), 8192);
    let b = BaggageRef::lenient(one.as_bytes());
    assert_eq!(b.len(), 1);
    let owned: Baggage = Baggage::try_from(b).unwrap();
    assert_eq!(owned.as_str(), one);

    let many: Vec<String> = (0..64).map(|i| format!("key{i}=value")).collect();
    let header = many.join(",");
    let b = BaggageRef::parse(header.as_bytes()).unwrap();
    assert_eq!(b.len(), 64);
    let owned: Baggage = Baggage::try_from(b).unwrap();
    assert_eq!(owned.as_str(), header);
    // OWS and commas count: 8192 bytes with OWS still fits.
    let padded = format!(" a={} ", "7".repeat(8188));
    assert_eq!(padded.len(), 8192);
    assert_eq!(BaggageRef::lenient(padded.as_bytes()).len(), 1);
}

#[test]
fn bg_15_over_a_limit_whole_members_drop_from_the_end() {
    let header: String = (0..70)
        .map(|i| format!("key{i}=value;p"))
        .collect::<Vec<_>>()
        .join(",");
    let b = BaggageRef::lenient(header.as_bytes());
    let kept: Vec<_> = b.iter().collect();
    assert_eq!(kept.len(), 64);
    assert_eq!(kept[63].key(), "key63");
    assert!(kept.iter().all(|m| m.properties().count() == 1));
    // Bytes: one member past 8192 is dropped whole; the earlier one is intact.
    let header = format!("a=1,b={}", "x".repeat(8190));
    assert_eq!(BaggageRef::lenient(header.as_bytes()).to_string(), "a=1");
    // Owned capacity: drop whole members from the end.
    let view = BaggageRef::lenient(b"a=1;p=2,bb=22,c=3");
    let (small, dropped) = Baggage::<12, 8>::from_view_truncating(&view);
    assert_eq!((small.as_str(), dropped), ("a=1;p=2", 2));
    assert!(Baggage::<12, 8>::try_from(view).is_err());
    let (two, dropped) = Baggage::<64, 2>::from_view_truncating(&view);
    assert_eq!((two.as_str(), dropped), ("a=1;p=2,bb=22", 1));
}

#[test]
fn bg_16_owned_capacity_defaults_and_can_be_raised() {
    let b: Baggage = Baggage::new();
    assert_eq!(size_of_val(&b), 8192 + 3 * 64 + 4);
    assert!(size_of::<Baggage>() <= 8192 + 4 * 64 + 8);
    assert!(size_of::<Baggage<256, 8>>() <= 256 + 4 * 8 + 8);
    // Raised: 100 members, 16 KiB.
    let header: String = (0..100)
        .map(|i| format!("key{i}=value"))
        .collect::<Vec<_>>()
        .join(",");
    let view = BaggageRef::lenient(header.as_bytes()).with_limits(Limits::new(100, 16_384));
    let big = Baggage::<16_384, 100>::try_from(view).unwrap();
    assert_eq!(big.len(), 100);
    assert_eq!(big.as_str(), header);
    // The default keeps 64.
    assert_eq!(BaggageRef::lenient(header.as_bytes()).len(), 64);
}

#[test]
fn bg_17_limits_count_all_fields_joined() {
    let f1 = format!("a={}", "1".repeat(5000));
    let f2 = format!("b={}", "2".repeat(3000));
    // Each field alone is under 8192; joined (5002 + 1 + 3002 = 8005) too.
    let fields: Vec<&[u8]> = vec![f1.as_bytes(), f2.as_bytes()];
    assert_eq!(BaggageRef::lenient_fields(&fields).len(), 2);
    let f3 = format!("c={}", "3".repeat(500));
    let fields: Vec<&[u8]> = vec![f1.as_bytes(), f2.as_bytes(), f3.as_bytes()];
    // Joined: 8005 + 1 + 502 > 8192 although every field is small.
    let b = BaggageRef::lenient_fields(&fields);
    assert_eq!(b.iter().map(|m| m.key()).collect::<Vec<_>>(), ["a", "b"]);
    // Members across fields count together too.
    let a: String = (0..40)
        .map(|i| format!("a{i}=1"))
        .collect::<Vec<_>>()
        .join(",");
    let c: String = (0..40)
        .map(|i| format!("c{i}=1"))
        .collect::<Vec<_>>()
        .join(",");
    let fields: Vec<&[u8]> = vec![a.as_bytes(), c.as_bytes()];
    let b = BaggageRef::lenient_fields(&fields);
    assert_eq!(b.len(), 64);
    assert_eq!(b.iter().last().unwrap().key(), "c23");
}

#[test]
fn bg_18_members_past_the_180th_are_dropped() {
    let header: String = (0..200)
        .map(|i| format!("k{i}="))
        .collect::<Vec<_>>()
        .join(",");
    let b = BaggageRef::lenient(header.as_bytes()).with_limits(Limits::new(1000, usize::MAX));
    assert_eq!(b.len(), 180);
    assert_eq!(
        BaggageRef::lenient(header.as_bytes())
            .with_limits(Limits::GRAMMAR)
            .len(),
        180
    );
    assert_eq!(b.iter().last().unwrap().key(), "k179");
}

// BG-14, BG-15, BG-18, BG-21: a view says how many well-formed members its
// limits dropped, past the 180th included, malformed ones not.
#[test]
fn bg_14_bg_15_bg_18_view_counts_members_its_limits_drop() {
    let header: String = (0..70)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",");
    let b = BaggageRef::lenient(header.as_bytes());
    assert_eq!((b.len(), b.dropped()), (64, 6));
    let strict = BaggageRef::parse(header.as_bytes()).unwrap();
    assert_eq!(strict.dropped(), 6);
    assert_eq!(b.with_limits(Limits::GRAMMAR).dropped(), 0);
    assert_eq!(b.with_limits(Limits::new(0, 8192)).dropped(), 70);
    // Bytes: `c=3` ends at byte 11 > 10; the malformed member is not counted.
    let b = BaggageRef::lenient(b"a=1,b=2,c=3,bad").with_limits(Limits::new(64, 10));
    assert_eq!((b.to_string().as_str(), b.dropped()), ("a=1,b=2", 1));
    // Over the byte limit only by a malformed member and OWS: nothing dropped.
    let b = BaggageRef::lenient(b"a=1 , bad member  ").with_limits(Limits::new(64, 4));
    assert_eq!((b.len(), b.dropped()), (1, 0));
    // BG-17: counted over all fields joined.
    let fields: [&[u8]; 3] = [b"a=1", b"b=2,c=3", b"d=4"];
    let b = BaggageRef::lenient_fields(&fields).with_limits(Limits::new(2, 8192));
    assert_eq!((b.len(), b.dropped()), (2, 2));
    // BG-18: members past the 180th are dropped by every view, and counted.
    let header: String = (0..200)
        .map(|i| format!("k{i}="))
        .collect::<Vec<_>>()
        .join(",");
    let b = BaggageRef::lenient(header.as_bytes()).with_limits(Limits::GRAMMAR);
    assert_eq!((b.len(), b.dropped()), (180, 20));
    assert_eq!(BaggageRef::lenient(header.as_bytes()).dropped(), 136);
}

// BG-14, BG-16, BG-18: the limits to read into an owned type are the spec's,
// raised to its capacity, never above the grammar's 180 members.
#[test]
fn bg_16_read_limits_follow_a_raised_capacity() {
    assert_eq!(Baggage::<8192, 64>::READ_LIMITS, Limits::DEFAULT);
    assert_eq!(Baggage::<128, 4>::READ_LIMITS, Limits::DEFAULT);
    assert_eq!(Baggage::<16_384, 8>::READ_LIMITS, Limits::new(64, 16_384));
    assert_eq!(Baggage::<1024, 100>::READ_LIMITS, Limits::new(100, 8192));
    assert_eq!(
        Baggage::<65_535, 180>::READ_LIMITS,
        Limits::new(180, 65_535)
    );
    let header: String = (0..100)
        .map(|i| format!("key{i}=value"))
        .collect::<Vec<_>>()
        .join(",");
    let view =
        BaggageRef::lenient(header.as_bytes()).with_limits(Baggage::<1200, 100>::READ_LIMITS);
    // 100 members of ~10 bytes: 1189 bytes, past 8192 never reached.
    let (b, cut) = Baggage::<1200, 100>::from_view_truncating(&view);
    assert_eq!((b.len(), cut, view.dropped()), (100, 0, 0));
    assert_eq!(b.as_str(), header);
}

proptest::proptest! {
    // BG-14, BG-15, BG-17, BG-21: kept + dropped is every well-formed member,
    // whatever the limits, fields and malformed members in between.
    #[test]
    fn bg_15_kept_plus_dropped_is_every_member(
        members in proptest::collection::vec((0usize..6, proptest::bool::ANY), 0..40),
        cuts in proptest::collection::vec(0usize..40, 0..3),
        max_members in 0usize..50,
        max_bytes in 0usize..300,
    ) {
        let text: Vec<String> = members
            .iter()
            .enumerate()
            .map(|(i, &(len, good))| {
                if good { format!("k{i} = {}", "v".repeat(len)) } else { format!("bad {i}") }
            })
            .collect();
        let mut cuts = cuts;
        cuts.sort_unstable();
        let mut fields: Vec<String> = Vec::new();
        let mut from = 0;
        for c in cuts.into_iter().chain([text.len()]) {
            let c = c.clamp(from, text.len());
            fields.push(text[from..c].join(","));
            from = c;
        }
        let fields: Vec<&[u8]> = fields.iter().map(|f| f.as_bytes()).collect();
        let good = members.iter().filter(|m| m.1).count();
        let b = BaggageRef::lenient_fields(&fields).with_limits(Limits::new(max_members, max_bytes));
        proptest::prop_assert_eq!(b.len() + b.dropped(), good);
        proptest::prop_assert_eq!(b.with_limits(Limits::GRAMMAR).dropped(), 0);
    }
}

#[test]
fn bg_19_several_fields_join_in_arrival_order() {
    let fields: &[&[u8]] = &[b"userId=alice", b"serverNode=DF%2028,isProduction=false"];
    let b = BaggageRef::parse_fields(fields).unwrap();
    assert_eq!(
        kv(&b),
        [
            ("userId".into(), "alice".into()),
            ("serverNode".into(), "DF 28".into()),
            ("isProduction".into(), "false".into())
        ]
    );
    assert_eq!(
        b.to_string(),
        "userId=alice,serverNode=DF%2028,isProduction=false"
    );
    assert_eq!(BaggageRef::lenient_fields(fields), b);
}

#[test]
fn bg_20_empty_header_is_no_baggage_empty_members_skipped() {
    for empty in ["", " ", "\t \t", ",", " , ,"] {
        let b = BaggageRef::parse(empty.as_bytes()).unwrap();
        assert!(b.is_empty(), "{empty:?}");
        assert_eq!(b.to_string(), "");
    }
    assert!(BaggageRef::parse_fields(&[]).unwrap().is_empty());
    let b = strict("a=1,,b=2");
    assert_eq!(kv(&b), [("a".into(), "1".into()), ("b".into(), "2".into())]);
}

#[test]
fn bg_21_lenient_drops_malformed_members_strict_reports_first() {
    let b = BaggageRef::lenient(b"a=1,bad member,b=2");
    assert_eq!(kv(&b), [("a".into(), "1".into()), ("b".into(), "2".into())]);
    let e = BaggageRef::parse(b"a=1,bad member,b=2").unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::MissingEquals, 0, 8)
    );
    let fields: &[&[u8]] = &[b"a=1", b"x=1,b=2;", b"c"];
    let e = BaggageRef::parse_fields(fields).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::EmptyProperty, 1, 8)
    );
    assert_eq!(BaggageRef::lenient_fields(fields).to_string(), "a=1,x=1");
}

#[test]
fn bg_23_encoding_uses_bare_separators_without_ows() {
    let b = strict("key2 = value2 ; p");
    assert_eq!(b.to_string(), "key2=value2;p");
    let owned = Baggage::<128, 4>::try_from(strict(REFERENCE)).unwrap();
    assert_eq!(
        owned.as_str(),
        "key1=value1;property1;property2,key2=value2,key3=value3;propertyKey=propertyValue"
    );
    assert_eq!(strict(REFERENCE).encoded_len(), owned.encoded_len());
}

#[test]
fn bg_25_add_update_delete_dedupe_keep_relative_order() {
    let view = BaggageRef::lenient(b"a=1,b=2,a=3,c=4,b=5");
    let mut b = Baggage::<128, 8>::try_from(view).unwrap();
    assert_eq!(b.remove("c"), 1);
    assert_eq!(b.as_str(), "a=1,b=2,a=3,b=5");
    assert_eq!(b.remove("zz"), 0);
    b.insert("d", "6").unwrap();
    assert_eq!(b.as_str(), "a=1,b=2,a=3,b=5,d=6");
    assert_eq!(b.dedupe(), 2);
    assert_eq!(b.as_str(), "a=3,b=5,d=6");
    assert_eq!(b.remove("d"), 1);
    assert_eq!(b.remove("a"), 1);
    assert_eq!(b.as_str(), "b=5");
    assert_eq!(b.remove("b"), 1);
    assert!(b.is_empty());
    assert_eq!(b.as_str(), "");
    b.insert("e", "7").unwrap();
    assert_eq!(b.as_str(), "e=7");
}

#[test]
fn bg_26_insert_replaces_first_removes_others_appends_new() {
    let view = BaggageRef::lenient(b"a=1;p,b=2,a=3,c=4,a=5");
    let mut b = Baggage::<128, 8>::try_from(view).unwrap();
    b.insert_with_properties("a", "new value", &[("q", Some("1"))])
        .unwrap();
    assert_eq!(b.as_str(), "a=new%20value;q=1,b=2,c=4");
    b.insert("a", "").unwrap();
    assert_eq!(b.as_str(), "a=,b=2,c=4");
    b.insert("z", "9").unwrap();
    assert_eq!(b.as_str(), "a=,b=2,c=4,z=9");
    // Capacity: the replacement must fit, else nothing changes.
    let mut small = Baggage::<10, 2>::new();
    small.insert("a", "1").unwrap();
    small.insert("b", "2").unwrap();
    assert!(small.insert("c", "3").is_err()); // 2 member slots
    assert!(small.insert("a", "12345").is_err()); // 11 bytes
    assert_eq!(small.as_str(), "a=1,b=2");
    small.insert("a", "1234").unwrap(); // exactly 10
    assert_eq!(small.as_str(), "a=1234,b=2");
}

// BG-26, BG-25, BG-08 with 180 keys in one baggage: the owned type keeps a
// one-byte fingerprint per key, so many of these keys share one (about 60
// pairs); insert, get, remove and dedupe must still tell every key apart.
#[test]
fn bg_26_bg_08_hundred_and_eighty_keys_stay_apart() {
    let keys: Vec<String> = (0..180).map(|i| format!("key{i}")).collect();
    let mut b = Baggage::<16384, 180>::new();
    let mut model: Vec<(String, String)> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        b.insert(k, &i.to_string()).unwrap();
        model.push((k.clone(), i.to_string()));
    }
    let text = |m: &[(String, String)]| {
        m.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(b.as_str(), text(&model));
    // Every third replaced in place, every fifth removed.
    for (i, k) in keys.iter().enumerate() {
        if i % 3 == 0 {
            b.insert(k, "r").unwrap();
            let at = model.iter().position(|(mk, _)| mk == k).unwrap();
            model[at].1 = "r".into();
        }
        if i % 5 == 0 {
            assert_eq!(b.remove(k), 1, "{k}");
            model.retain(|(mk, _)| mk != k);
        }
    }
    assert_eq!(b.as_str(), text(&model));
    for k in &keys {
        let want = model
            .iter()
            .find(|(mk, _)| mk == k)
            .map(|(_, v)| v.as_str());
        assert_eq!(b.get(k).map(|m| m.raw_value()), want, "{k}");
        assert_eq!(
            b.get(&format!("{k}0")).is_some(),
            model.iter().any(|(mk, _)| *mk == format!("{k}0"))
        );
    }
    // From a view with every key twice: get sees the last, insert replaces
    // the first and drops the second, dedupe keeps the last of each.
    let doubled: Vec<String> = (0..180).map(|i| format!("{}={i}", keys[i % 90])).collect();
    let doubled = doubled.join(",");
    let view = BaggageRef::lenient(doubled.as_bytes()).with_limits(Limits::GRAMMAR);
    let fresh = Baggage::<16384, 180>::try_from(&view).unwrap();
    for (i, k) in keys[..90].iter().enumerate() {
        assert_eq!(
            fresh.get(k).unwrap().raw_value(),
            (i + 90).to_string(),
            "{k}"
        );
    }
    let mut deduped = fresh.clone();
    assert_eq!(deduped.dedupe(), 90);
    let last: Vec<String> = (90..180).map(|i| format!("{}={i}", keys[i % 90])).collect();
    assert_eq!(deduped.as_str(), last.join(","));
    let mut replaced = fresh;
    for k in &keys[..90] {
        replaced.insert(k, "n").unwrap();
    }
    let first: Vec<String> = keys[..90].iter().map(|k| format!("{k}=n")).collect();
    assert_eq!(replaced.as_str(), first.join(","));
}

#[test]
fn bg_27_parse_of_encode_equals_owned() {
    let mut b = Baggage::<256, 8>::new();
    b.insert_with_properties("k", "v ;,\"\\%", &[("p", None), ("q", Some("é"))])
        .unwrap();
    b.insert("userId", "Amélie").unwrap();
    let text = b.to_string();
    let parsed = Baggage::<256, 8>::try_from(BaggageRef::parse(text.as_bytes()).unwrap()).unwrap();
    assert_eq!(parsed, b);
    assert_eq!(b.view(), BaggageRef::parse(text.as_bytes()).unwrap());
}

mod vectors;

// BG-01..BG-11, BG-20, BG-21, BG-23: the shared vectors (also run by
// no_std_tests and seeded into the `baggage` fuzz target).
#[test]
fn bg_shared_vectors() {
    for v in vectors::BG_VALID {
        let shown = String::from_utf8_lossy(v.input);
        let b = BaggageRef::parse(v.input).unwrap_or_else(|e| panic!("{} {shown:?}: {e}", v.spec));
        assert_eq!(b.len(), v.members, "{} {shown:?}", v.spec);
        assert_eq!(b.to_string().as_bytes(), v.encoded, "{} {shown:?}", v.spec);
        assert_eq!(
            b.get(v.key).map(|m| m.value().to_string()).as_deref(),
            v.value,
            "{} {shown:?}",
            v.spec
        );
        assert_eq!(BaggageRef::lenient(v.input), b, "{} {shown:?}", v.spec);
    }
    for v in vectors::BG_INVALID {
        let shown = String::from_utf8_lossy(v.input);
        let e = BaggageRef::parse(v.input).expect_err(v.spec);
        assert_eq!(
            (e.kind().name(), e.offset()),
            (v.kind, v.offset),
            "{} {shown:?}",
            v.spec
        );
        assert_eq!(
            BaggageRef::lenient(v.input).to_string().as_bytes(),
            v.lenient,
            "{} {shown:?}",
            v.spec
        );
    }
}

// ------------------------------------------------- conversions and hashing

/// `TryFrom` is the strict parse (BG-01, BG-07), and equal views (same
/// members, however spelled on the wire) hash alike, as for `TraceStateRef`.
#[test]
fn bg_01_view_try_from_and_hash_follow_equality() {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    fn hash_of(b: &BaggageRef<'_>) -> u64 {
        let mut h = DefaultHasher::new();
        b.hash(&mut h);
        h.finish()
    }
    let a = BaggageRef::try_from("k = v ; p = 1 , x=2").unwrap();
    let b = BaggageRef::try_from(&b"k=v;p=1,x=2"[..]).unwrap();
    assert_eq!(a, b);
    assert_eq!(hash_of(&a), hash_of(&b));
    let c = BaggageRef::try_from("k=v;p=2,x=2").unwrap();
    assert_ne!(a, c);
    assert_ne!(hash_of(&a), hash_of(&c));
    let err = BaggageRef::try_from("k=v,=1").unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::MissingKey, 4));
}

/// BG-26 for `insert_member`: a member copied from a view replaces the
/// first member with its key and removes the others, or goes at the end,
/// exactly as `insert_with_properties` of the same decoded text would; a
/// member that does not fit changes nothing (BG-15).
#[test]
fn bg_26_insert_member_copies_a_member_by_the_insert_rules() {
    let incoming = strict("a=%41;p=DF%2028;q,b=2,c=3");
    let members: Vec<_> = incoming.iter().collect();
    let start = "b=0,a=x,b=1,d=4";
    let mut by_member = Baggage::<128, 8>::try_from(strict(start)).unwrap();
    let mut by_insert = by_member.clone();
    for m in &members {
        by_member.insert_member(m).unwrap();
        let value = m.value().to_string();
        let props: Vec<(String, Option<String>)> = m
            .properties()
            .map(|p| (p.key().to_owned(), p.value().map(|v| v.to_string())))
            .collect();
        let props: Vec<(&str, Option<&str>)> = props
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_deref()))
            .collect();
        by_insert
            .insert_with_properties(m.key(), &value, &props)
            .unwrap();
    }
    // The raw text is copied (`%41` stays), the places are the same.
    assert_eq!(by_member.as_str(), "b=2,a=%41;p=DF%2028;q,d=4,c=3");
    assert_eq!(by_insert.as_str(), "b=2,a=A;p=DF%2028;q,d=4,c=3");
    assert_eq!(kv(&by_member.view()), kv(&by_insert.view()));

    // BG-15: no room, nothing changes (bytes, then members).
    let mut small = Baggage::<12, 8>::try_from(strict("b=0,x=1")).unwrap();
    let before = small.clone();
    assert!(small.insert_member(&members[0]).is_err());
    assert_eq!(small, before);
    let mut two = Baggage::<64, 2>::try_from(strict("x=1,y=2")).unwrap();
    let before = two.clone();
    assert!(two.insert_member(&members[2]).is_err());
    assert_eq!(two, before);
    // Replacing in place needs no new slot.
    two.insert_member(&strict("y=3").iter().next().unwrap())
        .unwrap();
    assert_eq!(two.as_str(), "x=1,y=3");
}
