//! Reading order of errors: when an input breaks two rules, the one whose
//! first bad byte comes first is reported (TP-09), whatever the parser.
//! Exhaustive over small inputs: a bad byte injected at every position of a
//! valid value, combined with every later way to break it.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use tracewire::binary::{traceparent as btp, tracestate as bts};
use tracewire::{ErrorKind, ParseError};

fn kind_at(r: Result<impl Sized, ParseError>, len: usize) -> (ErrorKind, usize) {
    let Err(e) = r else {
        panic!("expected an error");
    };
    assert!(e.offset() <= len, "{e:?} past {len}");
    (e.kind(), e.offset())
}

/// `0, key-len, key, value-len, value`.
fn member(k: &[u8], v: &[u8]) -> Vec<u8> {
    let mut m = vec![0, u8::try_from(k.len()).unwrap()];
    m.extend_from_slice(k);
    m.push(u8::try_from(v.len()).unwrap());
    m.extend_from_slice(v);
    m
}

/// The kind the text rules give for `bad` at index `i` of a key or value.
fn text_kind(bad: u8, in_key: bool, i: usize) -> ErrorKind {
    match (bad, in_key, i) {
        (0x01 | 0x7f | 0x80, _, _) => ErrorKind::NonPrintableByte,
        (_, true, 0) => ErrorKind::InvalidKeyStart,
        (_, true, _) => ErrorKind::InvalidKeyChar,
        (_, false, _) => ErrorKind::InvalidValueChar,
    }
}

// BIN-16, BIN-14, BIN-15: a bad key or value byte comes before a value-len
// of 0 and before the end of a truncated member, so it is reported there.
#[test]
fn bin_16_bad_byte_is_reported_before_later_length_errors() {
    let good = member(b"abc", b"xyz");
    // Key bytes at 2..5, value-len at 5, value bytes at 6..9.
    for at in (2..5).chain(6..9) {
        let in_key = at < 5;
        let i = if in_key { at - 2 } else { at - 6 };
        for bad in [b'A', b',', b'=', 0x01, 0x7f, 0x80] {
            if in_key && bad == b'=' {
                continue;
            }
            if !in_key && bad == b'A' {
                continue;
            }
            let want = (text_kind(bad, in_key, i), at);
            let mut v = good.clone();
            v[at] = bad;
            // Whole, then cut after the bad byte at every length.
            for n in at + 1..=v.len() {
                assert_eq!(
                    kind_at(bts::parse(&v[..n], None), n),
                    want,
                    "{bad:#04x} at {at}, cut to {n}"
                );
            }
            if in_key {
                // The same bad key, with a value-len of 0 (BIN-15).
                let mut z = v.clone();
                z[5] = 0;
                z.truncate(6);
                assert_eq!(kind_at(bts::parse(&z, None), 6), want, "{bad:#04x} at {at}");
            }
        }
    }
}

// BIN-14: a truncated value that so far ends in a space is too short, not a
// value ending in a space; and a truncated key or value of good bytes is
// reported at the end.
#[test]
fn bin_14_truncated_good_bytes_are_too_short() {
    // Spaces only, cut short: too short, not empty.
    let s = member(b"abc", b"  x");
    assert_eq!(
        kind_at(bts::parse(&s[..8], None), 8),
        (ErrorKind::ValueTooShort, 8)
    );
    let v = member(b"abc", b"x y");
    assert_eq!(
        kind_at(bts::parse(&v[..8], None), 8),
        (ErrorKind::ValueTooShort, 8)
    );
    assert_eq!(
        kind_at(bts::parse(&v[..4], None), 4),
        (ErrorKind::KeyTooShort, 4)
    );
    assert_eq!(
        kind_at(bts::parse(&v[..5], None), 5),
        (ErrorKind::IncompleteMember, 5)
    );
}

// BIN-17: the 33rd member breaks the limit at its first byte, before
// anything wrong later inside it.
#[test]
fn bin_17_too_many_members_is_reported_at_the_33rd_member() {
    let mut base = Vec::new();
    for _ in 0..32 {
        base.extend_from_slice(&member(b"a", b"1"));
    }
    let at = base.len();
    let extra: [Vec<u8>; 5] = [
        member(b"A", b"1"),        // bad key
        member(b"a", b""),         // value-len 0
        vec![0, 3, b'a'],          // key cut short
        vec![0, 1, b'a'],          // no value-len
        vec![0, 1, b'a', 5, b'1'], // value cut short
    ];
    for e in extra {
        let mut v = base.clone();
        v.extend_from_slice(&e);
        assert_eq!(
            kind_at(bts::parse(&v, None), v.len()),
            (ErrorKind::TooManyBinaryMembers, at),
            "{e:?}"
        );
    }
    // A 33rd `0, 0` is the end marker, not a member.
    let mut v = base.clone();
    v.extend_from_slice(&[0, 0, 9]);
    assert_eq!(bts::parse(&v, None).unwrap().len(), 32);
}
/// The draft's example: version 0, trace-id at 2..18, parent-id at 19..27,
/// flags at 28.
fn binary_traceparent(zero_trace: bool, zero_parent: bool) -> [u8; 29] {
    let mut b = [0u8; 29];
    if !zero_trace {
        b[2] = 0x4b;
    }
    b[18] = 1;
    if !zero_parent {
        b[20] = 0xf0;
    }
    b[27] = 2;
    b[28] = 1;
    b
}

// BIN-05, BIN-03, BIN-04: an all-zero id is complete at its last byte, so
// it is reported before a wrong field id or a truncation after it, as the
// text parser reports TP-05/TP-06 before anything after the id.
#[test]
fn bin_05_all_zero_id_is_reported_before_what_follows_it() {
    let zt = binary_traceparent(true, false);
    let zp = binary_traceparent(false, true);
    for n in 18..zt.len() {
        assert_eq!(
            kind_at(btp::parse(&zt[..n]), n),
            (ErrorKind::AllZeroTraceId, 2),
            "cut to {n}"
        );
    }
    for n in 27..zp.len() {
        assert_eq!(
            kind_at(btp::parse(&zp[..n]), n),
            (ErrorKind::AllZeroParentId, 19),
            "cut to {n}"
        );
    }
    for version in [0u8, 7] {
        let mut v = zt;
        v[0] = version;
        v[18] = 9;
        assert_eq!(kind_at(btp::parse(&v), 29), (ErrorKind::AllZeroTraceId, 2));
        let mut v = zp;
        v[0] = version;
        v[27] = 9;
        assert_eq!(
            kind_at(btp::parse(&v), 29),
            (ErrorKind::AllZeroParentId, 19)
        );
    }
    // Both whole and valid: still parse.
    assert!(btp::parse(&binary_traceparent(false, false)).is_ok());
}

// TS-03 (Level 1 option), TS-07: a draft key that breaks the Level 1 rules
// is reported at its bad byte whatever follows it, even when the `=` after
// it is missing further on.
#[test]
fn ts_03_level1_key_error_comes_before_a_missing_equals() {
    use tracewire::TraceStateRef;
    use tracewire::tracestate::Grammar;
    let t242 = format!("{}@v", "t".repeat(242));
    let sys15 = format!("t@{}", "v".repeat(15));
    let keys: [&str; 6] = [
        "1special",
        "foo@@bar",
        "foo@bar@baz",
        &sys15,
        &t242,
        "foo@1bar",
    ];
    for key in keys {
        let with_eq = format!("a=1,{key}=1");
        let e = TraceStateRef::parse_with(with_eq.as_bytes(), Grammar::Level1).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotLevel1Key, "{key}");
        let want = (ErrorKind::NotLevel1Key, e.offset());
        assert!(e.offset() < 4 + key.len(), "{key}: {e:?}");
        for after in [
            "", ",b=2", " =1", "\t=1", " ", ",", ";=1", "A=1", "\u{1}=1", "\"=1",
        ] {
            let input = format!("a=1,{key}{after}");
            let got = TraceStateRef::parse_with(input.as_bytes(), Grammar::Level1);
            assert_eq!(kind_at(got, input.len()), want, "{input:?}");
            let fields: &[&[u8]] = &[b"a=1", &input.as_bytes()[4..]];
            let e = TraceStateRef::parse_fields_with(fields, Grammar::Level1).unwrap_err();
            assert_eq!(
                (e.kind(), e.field(), e.offset()),
                (want.0, 1, want.1 - 4),
                "{input:?}"
            );
        }
        // The draft grammar still reports the missing `=`.
        let input = format!("{key},b=2");
        let e = TraceStateRef::parse(input.as_bytes()).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::ExpectedEquals, key.len())
        );
    }
}

// TS-17, TS-09, TS-16: with more than 32 non-blank tracestate fields, a bad
// member in one of the first fields comes before the 33rd member, so it is
// the error extract reports (as TraceStateRef::parse_fields does).
#[test]
fn ts_17_bad_member_before_the_overflow_is_reported_first() {
    use tracewire::TraceStateRef;
    use tracewire::propagation::{Header, Pairs, extract};
    const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let good: Vec<String> = (0..40).map(|i| format!("k{i}=v")).collect();
    for bad_at in 0..33 {
        let mut values: Vec<&[u8]> = good.iter().map(String::as_bytes).collect();
        values[bad_at] = b"x=1,B=2";
        // What the parser says of the same fields joined.
        let want = TraceStateRef::parse_fields(&values).unwrap_err();
        let mut h = vec![("traceparent", TP), ("tracestate", &b" "[..])];
        h.extend(values.iter().map(|v| ("tracestate", *v)));
        let c = Pairs::http(&h);
        let Header::Invalid(e) = extract(&c).tracestate() else {
            panic!("bad field at {bad_at}")
        };
        // Carrier field index = index in `values` + 1 (the blank field).
        assert_eq!(
            (e.kind(), e.field(), e.offset()),
            (want.kind(), want.field() + 1, want.offset()),
            "bad field at {bad_at}"
        );
    }
}

// TS-17, TS-02, TS-09: the 33rd member of a field past the 32nd is reported
// at its first byte, after the blanks and commas before it, as
// TraceStateRef::parse_fields reports it.
#[test]
fn ts_17_overflow_offset_is_the_33rd_members_first_byte() {
    use tracewire::TraceStateRef;
    use tracewire::propagation::{Header, Pairs, extract};
    const TP: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let good: Vec<String> = (0..32).map(|i| format!("k{i}=v")).collect();
    for extra in [&b"k32=v"[..], b" k32=v", b"\t, ,k32=v", b",,B"] {
        let mut values: Vec<&[u8]> = good.iter().map(String::as_bytes).collect();
        values.push(extra);
        let want = TraceStateRef::parse_fields(&values).unwrap_err();
        let mut h = vec![("traceparent", TP)];
        h.extend(values.iter().map(|v| ("tracestate", *v)));
        let c = Pairs::http(&h);
        let Header::Invalid(e) = extract(&c).tracestate() else {
            panic!("{extra:?}")
        };
        assert_eq!(e.kind(), ErrorKind::TooManyMembers);
        assert_eq!(
            (e.kind(), e.field(), e.offset()),
            (want.kind(), want.field(), want.offset()),
            "{extra:?}"
        );
    }
}

// TS-05, TS-26, BIN-16: a value of spaces only is an empty value (as the
// header parser and `ErrorKind::EmptyValue` say), not one ending in a space,
// whether inserted or read from binary.
#[test]
fn ts_05_spaces_only_value_is_empty_in_insert_and_binary() {
    use tracewire::tracestate::InsertError;
    use tracewire::{TraceState, TraceStateRef};
    for n in [1, 2, 5, 200, 256, 300] {
        let value = " ".repeat(n);
        // The header parser, for reference.
        let text = format!("k={value},a=1");
        let e = TraceStateRef::parse(text.as_bytes()).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::EmptyValue, 2), "{n}");
        let err = TraceState::<1024>::new().insert("k", &value).unwrap_err();
        let InsertError::Value(e) = err else {
            panic!("{n}: {err:?}")
        };
        assert_eq!((e.kind(), e.offset()), (ErrorKind::EmptyValue, 0), "{n}");
        if n <= 255 {
            let b = member(b"k", value.as_bytes());
            assert_eq!(
                kind_at(bts::parse(&b, None), b.len()),
                (ErrorKind::EmptyValue, 4),
                "{n}"
            );
        }
    }
}

// ST-08, ST-11, TP-09: a bad byte in a quoted desc comes before junk after
// its closing quote, so the traceparent rule it breaks is reported there, as
// for the same desc followed by nothing. (An unterminated desc stays
// InvalidQuotedString at the end: tests/adversarial.rs pins that.)
#[test]
fn st_11_bad_desc_byte_comes_before_a_broken_quoted_string() {
    use tracewire::ServerTiming;
    const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let head = "trace;dur=1;desc=\"";
    for at in 0..=TP.len() {
        for bad in ["G", ".", "x", "\u{1}", "\\G"] {
            let mut desc = TP.to_owned();
            if at < TP.len() {
                desc.replace_range(at..=at, bad);
            } else {
                desc.push_str(bad);
            }
            let quoted = format!("{head}{desc}\"");
            let want = ServerTiming::parse(quoted.as_bytes()).unwrap_err();
            assert!(want.offset() < quoted.len() - 1, "{quoted:?}: {want:?}");
            let want = (want.kind(), want.offset());
            for broken in [format!("{head}{desc}\" x"), format!("{head}{desc}\"x;a=1")] {
                let got = ServerTiming::parse(broken.as_bytes());
                assert_eq!(kind_at(got, broken.len()), want, "{broken:?}");
            }
        }
    }
    // Nothing wrong inside: the quoted-string error.
    let e = ServerTiming::parse(format!("{head}{TP}").as_bytes()).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidQuotedString, head.len() + 55)
    );
    let e = ServerTiming::parse(format!("{head}{TP}\" x").as_bytes()).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidQuotedString, head.len() + 57)
    );
}

// TP-09, TP-01..TP-03, TP-11, TP-12: one bad byte at every position of a
// valid traceparent is reported at that position, with the kind of the rule
// the position's field has (the fast path declines, the general path names it).
#[test]
fn tp_09_one_bad_byte_anywhere_kind_and_offset() {
    use tracewire::TraceParent;
    let good = *b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let bads = [
        b'g', b'G', b'.', 0x80, 0xff, b'/', b':', b'`', b' ', b'\t', b'-', b'A', b'0', b'=',
    ];
    for at in 0..good.len() {
        for bad in bads {
            if bad == good[at] || (bad == b'0' && good[at] != b'-') {
                continue;
            }
            let blank = matches!(bad, b' ' | b'\t');
            let dash = matches!(at, 2 | 35 | 52);
            let want = match at {
                // Leading or trailing blanks are OWS (TP-10), not part of the value.
                0 if blank => continue,
                54 if blank => (ErrorKind::FieldTooShort, 54),
                0 | 1 if bad == b'A' => (ErrorKind::UppercaseHex, at),
                0..=2 => (ErrorKind::InvalidVersion, at),
                _ if dash && blank => (ErrorKind::InnerWhitespace, at),
                _ if dash && matches!(bad, b'0' | b'A') => (ErrorKind::FieldTooLong, at),
                _ if dash => (ErrorKind::ExpectedDash, at),
                _ if bad == b'A' => (ErrorKind::UppercaseHex, at),
                _ if bad == b'-' => (ErrorKind::FieldTooShort, at),
                _ if blank => (ErrorKind::InnerWhitespace, at),
                _ => (ErrorKind::NotHex, at),
            };
            let mut v = good;
            v[at] = bad;
            assert_eq!(
                kind_at(TraceParent::parse(&v), v.len()),
                want,
                "{bad:#04x} at {at}"
            );
            // The same behind leading OWS, shifted.
            let mut p = b" \t".to_vec();
            p.extend_from_slice(&v);
            assert_eq!(
                kind_at(TraceParent::parse(&p), p.len()),
                (want.0, want.1 + 2),
                "{bad:#04x} at {at}, with OWS"
            );
        }
    }
}

// BG-02, BG-03, BG-05, BG-21, BG-19: a byte that is neither a token byte,
// a baggage-octet nor OWS, put at any position of a valid header, is
// reported at that position: InvalidKey where a key (or its `=`) is due,
// InvalidValue where a value (or what ends it) is; in field 1 as in field 0.
#[test]
fn bg_03_one_bad_byte_anywhere_is_reported_at_its_offset() {
    use tracewire::BaggageRef;
    let good = b"ab=cd;ef=gh;ij,kl=mn";
    // K: key, its `=`, or the byte glued to a property key; V: value or `;`/`,` after it.
    let part = b"KKKVVVKKKVVVKKKKKKVV";
    assert!(BaggageRef::parse(good).is_ok());
    for at in 0..good.len() {
        for bad in [b'"', b'\\', 0x01, 0x7f, 0x80, 0xff] {
            let mut v = good.to_vec();
            v[at] = bad;
            let kind = if part[at] == b'K' {
                ErrorKind::InvalidKey
            } else {
                ErrorKind::InvalidValue
            };
            assert_eq!(
                kind_at(BaggageRef::parse(&v), v.len()),
                (kind, at),
                "{bad:#04x} at {at}"
            );
            let fields: &[&[u8]] = &[b"x=1", &v];
            let e = BaggageRef::parse_fields(fields).unwrap_err();
            assert_eq!(
                (e.kind(), e.field(), e.offset()),
                (kind, 1, at),
                "{bad:#04x} at {at}"
            );
        }
    }
}

/// Reading order, checked by construction: with bad bytes at `i < j`, an
/// error the byte at `i` alone causes at an offset in `i..j` is the error
/// reported (bytes after it cannot move it; the byte at `keep` is never
/// changed), unless everything from that
/// offset on is blanks (trailing OWS). A blank at `i` is not tried: whether
/// it is OWS or a bad byte depends on what follows it. Returns how many pairs it checked.
fn first_bad_byte_wins(
    good: &[u8],
    keep: Option<usize>,
    bads: &[u8],
    parse: impl Fn(&[u8]) -> Option<ParseError>,
) -> usize {
    let mut checked = 0;
    for i in 0..good.len() {
        for &a in bads {
            if Some(i) == keep {
                continue;
            }
            let mut one = good.to_vec();
            one[i] = a;
            let Some(e1) = parse(&one) else { continue };
            // Whether a blank is OWS or a bad byte depends on what follows;
            // so does where a key breaks Level 1 (`1a` at 0, `1a@b` nowhere).
            if matches!(a, b' ' | b'\t') || e1.kind() == ErrorKind::NotLevel1Key {
                continue;
            }
            assert!(e1.offset() <= one.len(), "{one:?}: {e1:?}");
            for j in i + 1..good.len() {
                if e1.offset() < i || e1.offset() >= j || Some(j) == keep {
                    continue;
                }
                for &b in bads {
                    let mut two = one.clone();
                    two[j] = b;
                    // Blanks up to the end are trailing OWS, not bad bytes.
                    if two[e1.offset()..].iter().all(|c| matches!(c, b' ' | b'\t')) {
                        continue;
                    }
                    let e2 = parse(&two).expect("still invalid");
                    assert_eq!(e2, e1, "{:?}", String::from_utf8_lossy(&two));
                    checked += 1;
                }
            }
        }
    }
    checked
}

// TP-09, TS-03..TS-08, BG-02..BG-07, ST-08: every pair of bad bytes in a
// small valid value of each text parser; the Draft grammar (SWAR fast path
// for plain members) and the Level 1 grammar (careful path only) also agree
// on every key that is valid under both.
#[test]
fn tp_09_ts_bg_st_first_bad_byte_wins_in_every_parser() {
    use tracewire::tracestate::Grammar;
    use tracewire::{BaggageRef, ServerTiming, TraceParent, TraceStateRef};
    let bads = [b' ', b'\t', b',', b'=', b';', b'"', b'A', 0x01, 0x80, b'@'];
    let tp = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let n = first_bad_byte_wins(tp, None, &bads, |v| TraceParent::parse(v).err());
    assert!(n > 10_000, "{n}");
    let ts = b"abcdefghij=0123456789 abc,k_-*/x=v v,zz=1";
    let n = first_bad_byte_wins(ts, None, &bads, |v| TraceStateRef::parse(v).err());
    assert!(n > 1_000, "{n}");
    let n = first_bad_byte_wins(ts, None, &bads, |v| {
        TraceStateRef::parse_with(v, Grammar::Level1).err()
    });
    assert!(n > 1_000, "{n}");
    let bg = b"ab=cd;ef=gh;ij,kl=m%20n";
    let n = first_bad_byte_wins(bg, None, &bads, |v| BaggageRef::parse(v).err());
    assert!(n > 1_000, "{n}");
    let st = b"trace;desc=\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"";
    // The closing quote is kept: an unterminated desc is reported at the
    // end whatever it holds (tests/adversarial.rs pins that).
    let n = first_bad_byte_wins(st, Some(st.len() - 1), &bads, |v| {
        ServerTiming::parse(v).err()
    });
    assert!(n > 1_000, "{n}");
    // Draft and Level 1 agree where the key is plain under both.
    for i in 0..ts.len() {
        for &a in &bads {
            let mut v = ts.to_vec();
            v[i] = a;
            let draft = TraceStateRef::parse(&v).err();
            let l1 = TraceStateRef::parse_with(&v, Grammar::Level1).err();
            if l1.is_some_and(|e| e.kind() == ErrorKind::NotLevel1Key) {
                continue;
            }
            assert_eq!(draft, l1, "{:?}", String::from_utf8_lossy(&v));
        }
    }
}
