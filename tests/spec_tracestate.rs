//! The tracestate requirements of `shared/spec/tracestate.md`, one test (or
//! more) per ID. TS-12..TS-14 and TS-19 are propagation rules: what the codec
//! can show is tested here; the extraction and injection tests come with
//! issue 5 (propagation).

use tracewire::tracestate::{Grammar, InsertError};
use tracewire::{ErrorKind, TraceParent, TraceState, TraceStateRef};

fn members(ts: &TraceStateRef<'_>) -> Vec<(String, String)> {
    ts.iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn kind_at(input: &[u8]) -> (ErrorKind, usize) {
    let e = TraceStateRef::parse(input).expect_err("must be invalid");
    assert!(e.offset() <= input.len());
    (e.kind(), e.offset())
}

/// `n` members `k0=v0,k1=v1,...`.
fn list(n: usize) -> String {
    (0..n)
        .map(|i| format!("k{i}=v{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

// ----- Parsing -----

#[test]
fn ts_01_ows_around_members_is_dropped() {
    for input in [
        &b"foo=1 \t , \t bar=2, \t baz=3"[..],
        b"foo=1\t \t,\t \tbar=2,\t \tbaz=3",
    ] {
        let ts = TraceStateRef::parse(input).unwrap();
        assert_eq!(
            members(&ts),
            pairs(&[("foo", "1"), ("bar", "2"), ("baz", "3")])
        );
    }
}

#[test]
fn ts_01_empty_members_are_skipped() {
    let ts = TraceStateRef::parse(b",foo=1,,, bar=2 ,").unwrap();
    assert_eq!(members(&ts), pairs(&[("foo", "1"), ("bar", "2")]));
    assert_eq!(ts.len(), 2);
}

#[test]
fn ts_02_empty_and_blank_values_have_zero_members() {
    for input in [&b""[..], b" ", b",", b" , ,\t", b"\t\t", b",,,,"] {
        let ts = TraceStateRef::parse(input).unwrap();
        assert!(ts.is_empty(), "{input:?}");
        assert_eq!(ts.len(), 0);
        assert_eq!(ts.iter().next(), None);
        assert_eq!(ts.to_string(), "");
    }
}

#[test]
fn ts_03_valid_keys() {
    for key in [
        "foo",
        "1special",
        "fw529a3039@dt",
        "foo@",
        "foo@@bar",
        "foo@bar@baz",
        "a_b-c*d/e",
        "0",
    ] {
        let input = format!("{key}=1");
        let ts = TraceStateRef::parse(input.as_bytes()).unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(ts.get(key), Some("1"));
    }
}

#[test]
fn ts_03_invalid_keys() {
    assert_eq!(kind_at(b"@foo=1"), (ErrorKind::InvalidKeyStart, 0));
    assert_eq!(kind_at(b"FOO=1"), (ErrorKind::InvalidKeyStart, 0));
    assert_eq!(kind_at(b"foo.bar=1"), (ErrorKind::InvalidKeyChar, 3));
    assert_eq!(kind_at(b"_foo=1"), (ErrorKind::InvalidKeyStart, 0));
    assert_eq!(kind_at(b"fOo=1"), (ErrorKind::InvalidKeyChar, 1));
    assert_eq!(kind_at(b"a=1,=2"), (ErrorKind::EmptyKey, 4));
}

#[test]
fn ts_03_level1_grammar_is_an_explicit_option() {
    // README choice 2: valid only under the draft.
    let t242 = format!("{}@v", "t".repeat(242));
    let t_v15 = format!("t@{}", "v".repeat(15));
    let draft_only: [(&str, usize); 7] = [
        ("1special", 0),
        ("foo@", 4),
        ("foo@@bar", 4),
        ("foo@bar@baz", 7),
        (&t_v15, 16),
        (&t242, 241),
        ("foo@1bar", 4),
    ];
    for (key, at) in draft_only {
        let input = format!("{key}=1");
        assert!(TraceStateRef::parse(input.as_bytes()).is_ok(), "{key}");
        let e = TraceStateRef::parse_with(input.as_bytes(), Grammar::Level1).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::NotLevel1Key, at),
            "{key}"
        );
    }
    // All Level 1 keys stay valid.
    let t241 = format!("{}@{}", "t".repeat(241), "v".repeat(14));
    for key in [
        "foo",
        "fw529a3039@dt",
        "1tenant@sys",
        "a_b-c*d/e",
        &t241,
        &"z".repeat(256),
    ] {
        let input = format!("{key}=1");
        let ts = TraceStateRef::parse_with(input.as_bytes(), Grammar::Level1)
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(ts.get(key), Some("1"));
    }
    assert_eq!(Grammar::default(), Grammar::Draft);
}

#[test]
fn ts_04_key_length_limit() {
    let ok = [
        "z".repeat(256),
        format!("{}@{}", "t".repeat(241), "v".repeat(14)),
        format!("{}@v", "t".repeat(242)),
        format!("t@{}", "v".repeat(15)),
    ];
    for key in &ok {
        let input = format!("{key}=1");
        let ts = TraceStateRef::parse(input.as_bytes()).unwrap();
        assert_eq!(ts.get(key), Some("1"));
    }
    let long = format!("a=1,{}=1", "z".repeat(257));
    assert_eq!(kind_at(long.as_bytes()), (ErrorKind::KeyTooLong, 4 + 256));
}

#[test]
fn ts_05_value_rules() {
    assert_eq!(kind_at(b"foo="), (ErrorKind::EmptyValue, 4));
    assert_eq!(kind_at(b"foo=bar=baz"), (ErrorKind::InvalidValueChar, 7));
    assert_eq!(kind_at(b"foo=   "), (ErrorKind::EmptyValue, 4));
    // Every allowed byte, in order, starting with SP: returned exactly.
    let all: Vec<u8> = (0x20u8..=0x7e)
        .filter(|b| *b != b',' && *b != b'=')
        .collect();
    assert_eq!(all.len(), 93);
    let mut input = b"foo=".to_vec();
    input.extend_from_slice(&all);
    let ts = TraceStateRef::parse(&input).unwrap();
    assert_eq!(ts.get("foo").unwrap().as_bytes(), &all[..]);
}

#[test]
fn ts_05_value_length_limit() {
    let ok = format!("foo={}", "v".repeat(256));
    assert_eq!(
        TraceStateRef::parse(ok.as_bytes())
            .unwrap()
            .get("foo")
            .unwrap()
            .len(),
        256
    );
    // Trailing blanks are not part of the value, so they do not count.
    let ok = format!("foo={}   \t", "v".repeat(256));
    assert_eq!(
        TraceStateRef::parse(ok.as_bytes())
            .unwrap()
            .get("foo")
            .unwrap()
            .len(),
        256
    );
    let long = format!("foo={}", "v".repeat(257));
    assert_eq!(kind_at(long.as_bytes()), (ErrorKind::ValueTooLong, 4 + 256));
}

#[test]
fn ts_06_leading_spaces_belong_to_the_value() {
    let ts = TraceStateRef::parse(b"foo= 1 \t").unwrap();
    assert_eq!(members(&ts), pairs(&[("foo", " 1")]));
    let ts = TraceStateRef::parse(b"foo=  a b  ,bar=2").unwrap();
    assert_eq!(ts.get("foo"), Some("  a b"));
}

#[test]
fn ts_07_nothing_between_key_and_equals() {
    assert_eq!(kind_at(b"foo =1"), (ErrorKind::ExpectedEquals, 3));
    assert_eq!(kind_at(b"foo\t=1"), (ErrorKind::ExpectedEquals, 3));
    assert_eq!(kind_at(b"foo"), (ErrorKind::ExpectedEquals, 3));
    assert_eq!(kind_at(b"foo,bar=1"), (ErrorKind::ExpectedEquals, 3));
}

#[test]
fn ts_08_bytes_outside_printable_ascii() {
    assert_eq!(
        kind_at(b"foo=caf\xC3\xA9"),
        (ErrorKind::NonPrintableByte, 7)
    );
    assert_eq!(kind_at(b"foo=a\tb"), (ErrorKind::NonPrintableByte, 5));
    assert_eq!(kind_at(b"foo=1\r\n"), (ErrorKind::NonPrintableByte, 5));
    assert_eq!(kind_at(b"fo\x00=1"), (ErrorKind::NonPrintableByte, 2));
    assert_eq!(kind_at(b"\x7f=1"), (ErrorKind::NonPrintableByte, 0));
    // HTAB as OWS around members is fine.
    assert_eq!(
        TraceStateRef::parse(b"\tfoo=1\t,\tbar=2\t").unwrap().len(),
        2
    );
}

#[test]
fn ts_09_at_most_32_non_empty_members() {
    assert_eq!(TraceStateRef::parse(list(32).as_bytes()).unwrap().len(), 32);
    let input = list(33);
    let at = list(32).len() + 1;
    assert_eq!(kind_at(input.as_bytes()), (ErrorKind::TooManyMembers, at));
    // Chosen (README 13): skipped empty members do not count.
    let with_empties = format!(",, ,{},,\t,", list(32).replace(',', ", ,"));
    assert_eq!(
        TraceStateRef::parse(with_empties.as_bytes()).unwrap().len(),
        32
    );
}

#[test]
fn ts_10_repeated_keys_are_kept_get_is_left_most() {
    let ts = TraceStateRef::parse(b"foo=1,foo=2").unwrap();
    assert_eq!(members(&ts), pairs(&[("foo", "1"), ("foo", "2")]));
    assert_eq!(ts.get("foo"), Some("1"));
    let owned = TraceState::<512>::try_from(&ts).unwrap();
    assert_eq!(owned.get("foo"), Some("1"));
    assert_eq!(owned.as_str(), "foo=1,foo=2");
}

#[test]
fn ts_11_dedupe_keeps_the_left_most() {
    let ts = TraceStateRef::parse(b"a=1,b=2,a=3,c=4,b=5,a=6").unwrap();
    let mut owned = TraceState::<512>::try_from(&ts).unwrap();
    assert_eq!(owned.dedupe(), 3);
    assert_eq!(owned.as_str(), "a=1,b=2,c=4");
    assert_eq!(owned.dedupe(), 0);
}

// ----- Invalid input -----

// TS-12: the codec refuses the whole value when one member is bad, so the
// propagation layer has nothing partial to keep. Extraction tests: issue 5.
#[test]
fn ts_12_one_bad_member_refuses_the_whole_value() {
    assert_eq!(kind_at(b"@foo=1,bar=2"), (ErrorKind::InvalidKeyStart, 0));
    assert_eq!(kind_at(b"foo=,bar=3"), (ErrorKind::EmptyValue, 4));
    assert_eq!(kind_at(b"bar=3,foo="), (ErrorKind::EmptyValue, 10));
}

// TS-13: a tracestate error never touches the traceparent. On the codec side
// the two parsers share nothing; the extraction test comes with issue 5.
#[test]
fn ts_13_tracestate_errors_leave_traceparent_alone() {
    let tp =
        TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").unwrap();
    assert!(TraceStateRef::parse(b"@bad=1").is_err());
    assert_eq!(
        tp.trace_id().to_string(),
        "4bf92f3577b34da6a3ce929d0e0e4736"
    );
}

// TS-14 (no traceparent → tracestate dropped) is decided by extraction, before
// this codec runs: its tests come with issue 5.

#[test]
fn ts_15_higher_version_traceparent_same_tracestate_rules() {
    let tp = TraceParent::parse(b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")
        .unwrap();
    assert_eq!(tp.version(), 0xcc);
    let ts = TraceStateRef::parse(b"foo=1 , bar=2").unwrap();
    assert_eq!(ts.len(), 2);
    assert!(TraceStateRef::parse(b"foo=1,BAR=2").is_err());
}

// ----- Several fields -----

#[test]
fn ts_16_fields_are_joined_in_order() {
    let fields: &[&[u8]] = &[b"foo=1,bar=2", b"rojo=1,congo=2", b"baz=3"];
    let ts = TraceStateRef::parse_fields(fields).unwrap();
    let keys: Vec<_> = ts.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["foo", "bar", "rojo", "congo", "baz"]);
    for fields in [
        &[&b"foo=1"[..], b""][..],
        &[b"", b"foo=1"],
        &[b" ", b"foo=1", b","],
    ] {
        let ts = TraceStateRef::parse_fields(fields).unwrap();
        assert_eq!(members(&ts), pairs(&[("foo", "1")]));
    }
    assert!(TraceStateRef::parse_fields(&[]).unwrap().is_empty());
}

#[test]
fn ts_17_limits_apply_to_the_joined_value() {
    let parts: Vec<String> = (0..4)
        .map(|f| {
            (0..8)
                .map(|i| format!("k{f}x{i}=v"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let fields: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
    assert_eq!(TraceStateRef::parse_fields(&fields).unwrap().len(), 32);
    let mut more = fields.clone();
    more.push(b"  extra=1");
    let e = TraceStateRef::parse_fields(&more).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::TooManyMembers, 4, 2)
    );
    // The key and value limits hold in any field too.
    let long = format!("{}=1", "k".repeat(257));
    let e = TraceStateRef::parse_fields(&[b"a=1", long.as_bytes()]).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.offset()),
        (ErrorKind::KeyTooLong, 1, 256)
    );
}

// ----- Writing -----

#[test]
fn ts_18_encoding_uses_a_bare_comma() {
    let ts = TraceStateRef::parse(b"foo=1 \t , \t bar=2").unwrap();
    assert_eq!(ts.to_string(), "foo=1,bar=2");
    assert_eq!(ts.encoded_len(), 11);
    let owned = TraceState::<512>::try_from(&ts).unwrap();
    assert_eq!(owned.as_str(), "foo=1,bar=2");
    let mut buf = [0u8; 11];
    assert_eq!(owned.encode_into(&mut buf), Ok(11));
    assert_eq!(&buf, b"foo=1,bar=2");
    assert_eq!(ts.encode_into(&mut buf), Ok(11));
    assert_eq!(&buf, b"foo=1,bar=2");
}

// TS-19 (one outgoing field, none when empty) is the injector's rule (issue 5);
// the codec gives it an empty encoding to test against.
#[test]
fn ts_19_an_empty_state_encodes_to_nothing() {
    let ts = TraceState::<512>::new();
    assert_eq!(ts.encoded_len(), 0);
    assert_eq!(ts.as_str(), "");
    let mut removed = TraceState::<512>::try_from(&TraceStateRef::parse(b"a=1").unwrap()).unwrap();
    removed.remove("a");
    assert_eq!(removed.encoded_len(), 0);
}

// TS-20 (MAY: splitting a value over several fields) is not built.

// ----- Mutation -----

#[test]
fn ts_21_new_key_goes_first() {
    let mut ts =
        TraceState::<512>::try_from(&TraceStateRef::parse(b"congo=t61rcWkgMzE").unwrap()).unwrap();
    assert_eq!(
        ts.insert("rojo", "00f067aa0ba902b7"),
        Ok(Default::default())
    );
    assert_eq!(ts.as_str(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
}

#[test]
fn ts_22_update_moves_the_key_first() {
    let view = TraceStateRef::parse(b"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE").unwrap();
    let mut ts = TraceState::<512>::try_from(&view).unwrap();
    ts.insert("congo", "ucfJifl5GOE").unwrap();
    assert_eq!(ts.as_str(), "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7");
}

#[test]
fn ts_23_no_insert_leaves_a_key_twice() {
    let view = TraceStateRef::parse(b"foo=1,bar=2,foo=3,baz=4,foo=5").unwrap();
    let mut ts = TraceState::<512>::try_from(&view).unwrap();
    ts.insert("foo", "9").unwrap();
    assert_eq!(ts.as_str(), "foo=9,bar=2,baz=4");
    assert_eq!(ts.iter().filter(|(k, _)| *k == "foo").count(), 1);
}

#[test]
fn ts_24_a_33rd_member_drops_the_right_most() {
    let view_text = list(32);
    let mut ts =
        TraceState::<512>::try_from(&TraceStateRef::parse(view_text.as_bytes()).unwrap()).unwrap();
    let dropped = ts.insert("new", "1").unwrap();
    assert_eq!(
        (dropped.for_member_limit(), dropped.for_byte_limit()),
        (1, 0)
    );
    assert_eq!(ts.len(), 32);
    assert_eq!(ts.iter().next(), Some(("new", "1")));
    assert_eq!(ts.get("k31"), None);
    assert_eq!(ts.iter().last(), Some(("k30", "v30")));
    // Updating a key of a full state drops nothing.
    assert!(ts.insert("k5", "x").unwrap().is_empty());
    assert_eq!(ts.len(), 32);
}

#[test]
fn ts_25_remove_takes_every_member_with_the_key() {
    let view = TraceStateRef::parse(b"a=1,b=2,a=3,c=4,a=5").unwrap();
    let mut ts = TraceState::<512>::try_from(&view).unwrap();
    assert_eq!(ts.remove("a"), 3);
    assert_eq!(ts.as_str(), "b=2,c=4");
    assert_eq!(ts.remove("zz"), 0);
    assert_eq!(ts.as_str(), "b=2,c=4");
}

#[test]
fn ts_26_insert_checks_key_and_value() {
    let view = TraceStateRef::parse(b"a=1,b=2").unwrap();
    let mut ts = TraceState::<512>::try_from(&view).unwrap();
    let before = ts.clone();
    let bad_keys: [(&str, ErrorKind, usize); 6] = [
        ("", ErrorKind::EmptyKey, 0),
        ("Foo", ErrorKind::InvalidKeyStart, 0),
        ("a,b", ErrorKind::InvalidKeyChar, 1),
        ("a=b", ErrorKind::InvalidKeyChar, 1),
        ("a\r\n", ErrorKind::NonPrintableByte, 1),
        ("ké", ErrorKind::NonPrintableByte, 1),
    ];
    for (key, kind, at) in bad_keys {
        let e = ts.insert(key, "1").unwrap_err();
        let InsertError::Key(e) = e else {
            panic!("{key:?}: {e:?}")
        };
        assert_eq!((e.kind(), e.offset()), (kind, at), "{key:?}");
        assert_eq!(ts, before);
    }
    let long_key = "k".repeat(257);
    assert_eq!(
        ts.insert(&long_key, "1")
            .unwrap_err()
            .parse_error()
            .map(|e| (e.kind(), e.offset())),
        Some((ErrorKind::KeyTooLong, 256))
    );
    let long_value = "v".repeat(257);
    let bad_values: [(&str, ErrorKind, usize); 9] = [
        ("", ErrorKind::EmptyValue, 0),
        ("1,x=2", ErrorKind::InvalidValueChar, 1),
        ("a=b", ErrorKind::InvalidValueChar, 1),
        ("1\r\nx-evil: 1", ErrorKind::NonPrintableByte, 1),
        ("1\n", ErrorKind::NonPrintableByte, 1),
        ("a\tb", ErrorKind::NonPrintableByte, 1),
        ("café", ErrorKind::NonPrintableByte, 3),
        ("1 ", ErrorKind::ValueEndsWithSpace, 1),
        (&long_value, ErrorKind::ValueTooLong, 256),
    ];
    for (value, kind, at) in bad_values {
        let e = ts.insert("k", value).unwrap_err();
        let InsertError::Value(e) = e else {
            panic!("{value:?}: {e:?}")
        };
        assert_eq!((e.kind(), e.offset()), (kind, at), "{value:?}");
        assert_eq!(ts, before);
    }
    // Leading spaces are part of a value (TS-06) and allowed.
    ts.insert("k", " 1").unwrap();
    assert_eq!(ts.as_str(), "k= 1,a=1,b=2");
}

// ----- Size and truncation -----

#[test]
fn ts_27_default_capacity_is_512_bytes_and_32_members() {
    assert_eq!(<TraceState>::CAPACITY, 512);
    // 32 members of 15 bytes plus 31 commas: 511 bytes, plus one to 512.
    let mut text = (0..32)
        .map(|i| format!("vendor{i:02}=val{i:03}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('x');
    assert_eq!(text.len(), 512);
    let ts: TraceState =
        TraceState::try_from(&TraceStateRef::parse(text.as_bytes()).unwrap()).unwrap();
    assert_eq!(ts.len(), 32);
    assert_eq!(ts.as_str(), text);
    assert!(core::mem::size_of::<TraceState>() <= 512 + 72);
}

#[test]
fn ts_28_truncation_spec_example() {
    let text = format!("a=1,b={},c=3", "x".repeat(128));
    let view = TraceStateRef::parse(text.as_bytes()).unwrap();
    let (ts, dropped) = TraceState::<7>::from_view_truncating(&view);
    assert_eq!(ts.as_str(), "a=1,c=3");
    assert_eq!(dropped.for_byte_limit(), 1);
    assert_eq!(
        TraceState::<7>::try_from(&view),
        Err(tracewire::CapacityError)
    );
}

#[test]
fn ts_28_large_members_right_most_first_only_as_many_as_needed() {
    let big1 = format!("big1={}", "x".repeat(130));
    let big2 = format!("big2={}", "y".repeat(130));
    let text = format!("a=1,{big1},b=2,{big2},c=3");
    let view = TraceStateRef::parse(text.as_bytes()).unwrap();
    assert_eq!(view.encoded_len(), 283);
    // Room for all but one large member: the right-most large one goes.
    let (ts, d) = TraceState::<200>::from_view_truncating(&view);
    assert_eq!(ts.as_str(), format!("a=1,{big1},b=2,c=3"));
    assert_eq!(d.total(), 1);
    // Room for the small ones only: both large ones go, the small ones stay.
    let (ts, d) = TraceState::<11>::from_view_truncating(&view);
    assert_eq!(ts.as_str(), "a=1,b=2,c=3");
    assert_eq!(d.total(), 2);
    // Then from the right end.
    let (ts, d) = TraceState::<7>::from_view_truncating(&view);
    assert_eq!(ts.as_str(), "a=1,b=2");
    assert_eq!(d.total(), 3);
    // A member of exactly 128 bytes is not "large": plain right-end order.
    let m128 = format!("m={}", "z".repeat(126));
    let text = format!("{m128},a=1");
    let view = TraceStateRef::parse(text.as_bytes()).unwrap();
    let (ts, _) = TraceState::<128>::from_view_truncating(&view);
    assert_eq!(ts.as_str(), m128);
    // Nothing dropped when it fits.
    let (ts, d) = TraceState::<512>::from_view_truncating(&view);
    assert!(d.is_empty());
    assert_eq!(ts.len(), 2);
}

#[test]
fn ts_29_insert_into_a_full_state() {
    // TraceState<128>: an MCU-sized state.
    let m100 = format!("m={}", "z".repeat(98));
    let text = format!("a=1,{m100},b=2");
    let mut ts =
        TraceState::<128>::try_from(&TraceStateRef::parse(text.as_bytes()).unwrap()).unwrap();
    assert_eq!(ts.encoded_len(), 108);
    // 23 more bytes plus a comma do not fit: the right-most goes (no member
    // is over 128 bytes), which is enough.
    let d = ts.insert("new", &"n".repeat(19)).unwrap();
    assert_eq!(d.for_byte_limit(), 1);
    assert_eq!(ts.as_str(), format!("new={},a=1,{m100}", "n".repeat(19)));
    assert_eq!(ts.encoded_len(), 128);
    // One byte more than that needs the next one from the right too.
    let mut again =
        TraceState::<128>::try_from(&TraceStateRef::parse(text.as_bytes()).unwrap()).unwrap();
    let d = again.insert("new", &"n".repeat(20)).unwrap();
    assert_eq!(d.for_byte_limit(), 2);
    assert_eq!(again.as_str(), format!("new={},a=1", "n".repeat(20)));
    // The new member alone does not fit: refused, nothing changes.
    let before = ts.clone();
    assert_eq!(
        ts.insert("huge", &"h".repeat(124)),
        Err(InsertError::TooLarge)
    );
    assert_eq!(ts, before);
    // Exactly the capacity: everything else goes.
    let d = ts.insert("x", &"h".repeat(126)).unwrap();
    assert_eq!(d.total(), 3);
    assert_eq!(ts.len(), 1);
    assert_eq!(ts.encoded_len(), 128);
}

#[test]
fn ts_29_large_older_members_go_before_small_ones() {
    let big = format!("big={}", "x".repeat(200));
    let text = format!("a=1,{big},b=2");
    let mut ts =
        TraceState::<300>::try_from(&TraceStateRef::parse(text.as_bytes()).unwrap()).unwrap();
    let d = ts.insert("new", &"n".repeat(256)).unwrap();
    assert_eq!(d.for_byte_limit(), 1);
    assert_eq!(ts.as_str(), format!("new={},a=1,b=2", "n".repeat(256)));
}

#[test]
fn offsets_never_exceed_the_input() {
    for input in [
        &b"foo"[..],
        b"foo=",
        b"a=1,",
        b"a=1,b",
        b"a=1\t",
        b"a=1 \tx",
        b"\x80",
    ] {
        if let Err(e) = TraceStateRef::parse(input) {
            assert!(e.offset() <= input.len(), "{input:?}");
        }
    }
}
