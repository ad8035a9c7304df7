//! Adversarial inputs (#7): 1 MiB values, 100 000 members, every byte at
//! every position of small lists, long runs of `%` `,` `;` `=` and OWS, and
//! 10 000 repeated carrier fields. Every parser must return a clear error or
//! a bounded result, and (under the internal `__step-counter` feature) its
//! counted steps must grow linearly with the input. No timings.
//!
//! Every byte at every position of a traceparent is in tests/roundtrip.rs
//! (`tp_09_every_byte_at_every_position_*`), not repeated here.

use tracewire::baggage::Limits;
use tracewire::binary;
use tracewire::propagation::{Header, Pairs, extract};
use tracewire::{Baggage, BaggageRef, ErrorKind, ServerTiming, TraceParent, TraceStateRef};

mod common;

const MIB: usize = 1 << 20;
const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// `unit` repeated as many whole times as fit in `n` bytes (so doubling
/// `n` doubles the structure, not only the length).
fn run(unit: &[u8], n: usize) -> Vec<u8> {
    unit.repeat(n / unit.len())
}

/// Hostile shapes of about `n` bytes (a fixed prefix, then whole units): runs of separators, OWS, escapes, quotes,
/// controls and high bytes, and long valid-looking lists.
fn shapes(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&'static str, Vec<u8>)> = [
        ("a", &b"a"[..]),
        ("percent", b"%"),
        ("comma", b","),
        ("semicolon", b";"),
        ("equals", b"="),
        ("sp", b" "),
        ("htab", b"\t"),
        ("ows", b" \t"),
        ("comma-ows", b" ,\t"),
        ("quote", b"\""),
        ("backslash", b"\\"),
        ("nul", b"\0"),
        ("crlf", b"\r\n"),
        ("ff", b"\xff"),
        ("ts-members", b"a=1,"),
        ("ts-empty-members", b"a=1, ,\t,"),
        ("bg-members", b"k=v;p=1,"),
        ("bg-bad-members", b"k v,"),
        ("bg-percent", b"k=%%4%zz,"),
        ("bg-props", b";p"),
        ("st-metrics", b"m;dur=1,"),
        ("st-params", b";a=1"),
        ("st-quoted", b"x;desc=\"a,b;c\\\"\","),
        ("st-trace-no-desc", b"trace;x=1,"),
    ]
    .into_iter()
    .map(|(name, unit)| (name, run(unit, n)))
    .collect();
    let mut s = b"k=".to_vec();
    s.extend(run(b"%", n));
    v.push(("bg-value-of-percent", s));
    let mut s = b"a=".to_vec();
    s.extend(run(b" ", n));
    s.push(b'x');
    v.push(("ts-value-of-spaces", s));
    let mut s = b"trace;desc=\"".to_vec();
    s.extend(run(b"\\\"", n));
    v.push(("st-open-quote", s));
    let mut s = TP.as_bytes().to_vec();
    s.extend(run(b" ", n));
    v.push(("tp-trailing-ows", s));
    let mut s = b"01".to_vec();
    s.extend_from_slice(&TP.as_bytes()[2..]);
    s.extend(run(b"-x", n));
    v.push(("tp-higher-version-tail", s));
    let mut s = Vec::new();
    for _ in 0..n / 5 {
        s.extend_from_slice(&[0, 1, b'a', 1, b'1']);
    }
    v.push(("bin-ts-members", s));
    v
}

/// Every parser on `input`: never a panic, errors inside the input, results
/// within the limits. Returns how many parsers accepted it.
fn check_all(name: &str, input: &[u8]) -> usize {
    let len = input.len();
    let mut ok = 0;
    let in_range = |e: tracewire::ParseError, what: &str| {
        assert!(
            e.offset() <= len,
            "{name}/{what}: offset {} > {len}",
            e.offset()
        );
        assert!(
            !e.kind().spec_id().is_empty(),
            "{name}/{what}: error without a rule"
        );
    };
    match TraceParent::parse(input) {
        Ok(_) => ok += 1,
        Err(e) => in_range(e, "traceparent"),
    }
    match TraceStateRef::parse(input) {
        Ok(ts) => {
            ok += 1;
            assert!(ts.len() <= 32, "{name}: TS-09");
            assert_eq!(ts.iter().count(), ts.len());
        }
        Err(e) => in_range(e, "tracestate"),
    }
    match BaggageRef::parse(input) {
        Ok(b) => {
            ok += 1;
            assert!(b.iter().count() <= 64, "{name}: BG-14");
        }
        Err(e) => in_range(e, "baggage"),
    }
    // Lenient: bounded by the limits, never an error.
    let lenient = BaggageRef::lenient(input);
    assert!(lenient.iter().count() <= 64, "{name}: BG-15");
    assert!(lenient.encoded_len() <= 8192, "{name}: BG-14");
    let (owned, _) = Baggage::<8192, 64>::from_view_truncating(&lenient);
    assert!(owned.len() <= 64 && owned.encoded_len() <= 8192);
    match ServerTiming::parse(input) {
        Ok(_) => ok += 1,
        Err(e) => in_range(e, "server-timing"),
    }
    match binary::traceparent::parse(input) {
        Ok(_) => ok += 1,
        Err(e) => in_range(e, "binary traceparent"),
    }
    match binary::tracestate::parse(input, None) {
        Ok(ts) => {
            ok += 1;
            assert!(ts.len() <= 32, "{name}: BIN-17");
        }
        Err(e) => in_range(e, "binary tracestate"),
    }
    // The same bytes as every field of a carrier.
    let pairs = [
        ("traceparent", TP.as_bytes()),
        ("tracestate", input),
        ("baggage", input),
        ("server-timing", input),
    ];
    let carrier = Pairs::http(&pairs);
    let ctx = extract(&carrier);
    assert!(ctx.traceparent().is_ok_and(|t| t.is_some()));
    match ctx.tracestate() {
        Header::Valid(ts) => assert!(ts.len() <= 32),
        Header::Invalid(e) => in_range(e, "extract tracestate"),
        Header::Absent => {}
        Header::Ignored => panic!("{name}: tracestate ignored beside a valid traceparent"),
    }
    assert!(ctx.baggage().iter().count() <= 64);
    ok
}

#[test]
fn one_mib_values_in_every_parser_give_an_error_or_a_bounded_value() {
    for (name, input) in shapes(MIB) {
        check_all(name, &input);
    }
}

#[test]
fn one_mib_values_give_the_documented_verdicts() {
    // TS-04: a key longer than 256 bytes, reported at byte 256.
    let e = TraceStateRef::parse(&run(b"a", MIB)).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::KeyTooLong, 256));
    // TS-05: a value longer than 256 bytes.
    let mut v = b"a=".to_vec();
    v.extend(run(b"b", MIB));
    let e = TraceStateRef::parse(&v).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::ValueTooLong, 2 + 256));
    // TS-02: only commas and blanks is an empty list, however long.
    assert!(TraceStateRef::parse(&run(b" ,\t", MIB)).unwrap().is_empty());
    // TS-09: the 33rd member of `a=1,a=1,...` starts at byte 128.
    let e = TraceStateRef::parse(&run(b"a=1,", MIB)).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::TooManyMembers, 128));
    // BG-20: commas and blanks only is no baggage.
    assert!(BaggageRef::parse(&run(b" ,\t", MIB)).unwrap().is_empty());
    // BG-14/BG-15: one member of 1 MiB is over 8192 bytes: dropped whole.
    let mut v = b"k=".to_vec();
    v.extend(run(b"%", MIB));
    assert!(BaggageRef::parse(&v).is_ok());
    assert_eq!(BaggageRef::lenient(&v).iter().count(), 0);
    // BG-03: a run of `;` after a key is an empty property at byte 4.
    let mut v = b"k=v".to_vec();
    v.extend(run(b";", MIB));
    let e = BaggageRef::parse(&v).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::EmptyProperty, 4));
    // ST-05: no trace metric among a megabyte of others.
    assert_eq!(ServerTiming::parse(&run(b"m;dur=1,", MIB)), Ok(None));
    // An unclosed quoted desc is reported at the end.
    let mut v = b"trace;desc=\"".to_vec();
    v.extend(run(b"\\\"", MIB));
    let e = ServerTiming::parse(&v).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidQuotedString, v.len())
    );
    // TP-03 OWS: trailing blanks are not part of the value.
    let mut v = TP.as_bytes().to_vec();
    v.extend(run(b" \t", MIB));
    assert_eq!(TraceParent::parse(&v).unwrap().to_string(), TP);
    // TP-13: a higher version is read by prefix whatever follows a `-`.
    let mut v = b"01".to_vec();
    v.extend_from_slice(&TP.as_bytes()[2..]);
    v.extend(run(b"-x", MIB));
    assert_eq!(TraceParent::parse(&v).unwrap().version(), 1);
    // Version 00 must be exactly 55 bytes (TP-04).
    let mut v = TP.as_bytes().to_vec();
    v.extend(run(b"-x", MIB));
    assert!(TraceParent::parse(&v).is_err());
    // BIN-17: a 33rd binary member.
    let mut v = Vec::new();
    for _ in 0..(MIB / 5) {
        v.extend_from_slice(&[0, 1, b'a', 1, b'1']);
    }
    let e = binary::tracestate::parse(&v, None).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::TooManyBinaryMembers, 32 * 5)
    );
}

#[test]
fn hundred_thousand_members() {
    const N: usize = 100_000;
    // tracestate: the 33rd makes the whole value invalid (TS-09, TS-12).
    let ts: Vec<String> = (0..N).map(|i| format!("k{i}=v")).collect();
    let ts = ts.join(",");
    let e = TraceStateRef::parse(ts.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooManyMembers);
    let at = ts.match_indices(',').nth(31).unwrap().0 + 1;
    assert_eq!(e.offset(), at);

    // baggage: strictly valid, but only the first 64 members are kept
    // (BG-14, BG-15); the owned copy holds the same 64.
    let bg: Vec<String> = (0..N).map(|i| format!("k{i}=v;p")).collect();
    let bg = bg.join(",");
    let view = BaggageRef::parse(bg.as_bytes()).unwrap();
    let keys: Vec<&str> = view.iter().map(|m| m.key()).collect();
    assert_eq!(keys.len(), 64);
    assert_eq!(keys[63], "k63");
    let (owned, _) = Baggage::<8192, 64>::from_view_truncating(&view);
    assert_eq!(owned.len(), 64);
    // BG-18: the grammar's ceiling of 180 under raised limits.
    let wide = BaggageRef::lenient(bg.as_bytes()).with_limits(Limits::GRAMMAR);
    assert_eq!(wide.iter().count(), 180);

    // server-timing: the trace metric after 100 000 others is still found
    // (ST-05), and a trace metric first ends the scan (ST-13).
    let mut st: Vec<String> = (0..N)
        .map(|i| format!("m{i};dur={i};desc=\"a,b\""))
        .collect();
    st.push(format!("trace;desc={TP}"));
    let st = st.join(", ");
    let found = ServerTiming::parse(st.as_bytes()).unwrap().unwrap();
    assert_eq!(found.context().to_string(), TP);
}

// ---------------------------------------------------------------- every byte

/// The tracestate grammar written plainly from spec/tracestate.md: the
/// reference the parser is compared with.
fn ts_reference(input: &[u8]) -> bool {
    let ows = |b: &u8| *b == b' ' || *b == b'\t';
    let mut members = 0;
    for m in input.split(|&b| b == b',') {
        let start = m.iter().position(|b| !ows(b)).unwrap_or(m.len());
        let end = m.iter().rposition(|b| !ows(b)).map_or(start, |p| p + 1);
        let m = &m[start..end.max(start)];
        if m.is_empty() {
            continue;
        }
        members += 1;
        let Some(eq) = m.iter().position(|&b| b == b'=') else {
            return false;
        };
        let (k, v) = (&m[..eq], &m[eq + 1..]);
        let key_ok = matches!(k.first(), Some(b'a'..=b'z' | b'0'..=b'9'))
            && k.len() <= 256
            && k.iter()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'*' | b'/' | b'@'));
        let value_ok = !v.is_empty()
            && v.len() <= 256
            && v.last() != Some(&b' ')
            && v.iter()
                .all(|&b| (0x20..=0x7e).contains(&b) && b != b',' && b != b'=');
        if !key_ok || !value_ok {
            return false;
        }
    }
    members <= 32
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2b | 0x2d..=0x3a | 0x3c..=0x5b | 0x5d..=0x7e)
}

/// The baggage grammar written plainly from spec/baggage.md (BG-01..BG-07,
/// empty members skipped by BG-20).
fn bg_reference(input: &[u8]) -> bool {
    let trim = |s: &[u8]| -> Vec<u8> {
        let ows = |b: &u8| *b == b' ' || *b == b'\t';
        let start = s.iter().position(|b| !ows(b)).unwrap_or(s.len());
        let end = s.iter().rposition(|b| !ows(b)).map_or(start, |p| p + 1);
        s[start..end.max(start)].to_vec()
    };
    let kv = |p: &[u8], need_eq: bool| -> bool {
        match p.iter().position(|&b| b == b'=') {
            Some(eq) => {
                let k = trim(&p[..eq]);
                let v = trim(&p[eq + 1..]);
                !k.is_empty() && k.iter().all(|&b| is_tchar(b)) && v.iter().all(|&b| is_octet(b))
            }
            None => {
                let k = trim(p);
                !need_eq && !k.is_empty() && k.iter().all(|&b| is_tchar(b))
            }
        }
    };
    for m in input.split(|&b| b == b',') {
        if trim(m).is_empty() {
            continue;
        }
        let mut parts = m.split(|&b| b == b';');
        if !kv(parts.next().unwrap_or_default(), true) {
            return false;
        }
        if !parts.all(|p| kv(p, false)) {
            return false;
        }
    }
    true
}

/// Every one-byte change of `base`: each byte value written over each
/// position, and inserted at each position (the end included).
fn one_byte_mutations(base: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![];
    for pos in 0..=base.len() {
        for b in 0..=255u8 {
            if pos < base.len() {
                let mut s = base.to_vec();
                s[pos] = b;
                out.push(s);
            }
            let mut s = base.to_vec();
            s.insert(pos, b);
            out.push(s);
        }
    }
    out
}

#[test]
fn ts_every_byte_at_every_position_of_a_small_list_matches_the_grammar() {
    // TS-01..TS-08 against the plain reference, 256 bytes x every position,
    // by substitution and by insertion.
    let base = b"ab=1, c@d= x,e=2\t";
    assert!(ts_reference(base) && TraceStateRef::parse(base).is_ok());
    let mut checked = 0;
    for s in one_byte_mutations(base) {
        let got = TraceStateRef::parse(&s);
        assert_eq!(
            got.is_ok(),
            ts_reference(&s),
            "{:?}: {got:?}",
            String::from_utf8_lossy(&s)
        );
        if let Err(e) = got {
            assert!(e.offset() <= s.len());
        }
        checked += 1;
    }
    assert_eq!(checked, 256 * (2 * base.len() + 1));
}

#[test]
fn bg_every_byte_at_every_position_of_a_small_list_matches_the_grammar() {
    // BG-01..BG-07, BG-20 against the plain reference, strict and lenient.
    let base = b"k1 = v%41 ;p;q= 2, k2=";
    assert!(bg_reference(base) && BaggageRef::parse(base).is_ok());
    for s in one_byte_mutations(base) {
        let got = BaggageRef::parse(&s);
        assert_eq!(
            got.is_ok(),
            bg_reference(&s),
            "{:?}: {got:?}",
            String::from_utf8_lossy(&s)
        );
        if let Err(e) = got {
            assert!(e.offset() <= s.len());
        }
        // BG-21: lenient keeps exactly the members valid on their own.
        let kept = BaggageRef::lenient(&s).iter().count();
        let alone = s
            .split(|&c| c == b',')
            .filter(|m| bg_reference(m) && !BaggageRef::parse(m).unwrap().is_empty())
            .count();
        assert_eq!(kept, alone, "{:?}", String::from_utf8_lossy(&s));
    }
}

// ---------------------------------------------------------------- carriers

#[test]
fn ten_thousand_repeated_fields_in_a_carrier() {
    const N: usize = 10_000;
    // tracestate: more non-blank fields than members allowed → invalid,
    // traceparent untouched (TS-13, TS-17).
    let mut pairs: Vec<(&str, &[u8])> = vec![("traceparent", TP.as_bytes())];
    pairs.extend((0..N).map(|_| ("TraceState", &b"a=1"[..])));
    let carrier = Pairs::http(&pairs);
    let ctx = extract(&carrier);
    assert!(ctx.traceparent().unwrap().is_some());
    let Header::Invalid(e) = ctx.tracestate() else {
        panic!("10 000 tracestate fields accepted")
    };
    assert_eq!(e.kind(), ErrorKind::TooManyMembers);

    // Blank tracestate fields add nothing (TS-16).
    let mut pairs: Vec<(&str, &[u8])> = vec![("traceparent", TP.as_bytes())];
    pairs.extend((0..N).map(|_| ("tracestate", &b" \t"[..])));
    pairs.push(("tracestate", b"z=9"));
    let carrier = Pairs::http(&pairs);
    let ctx = extract(&carrier);
    assert_eq!(ctx.tracestate().valid().unwrap().get("z"), Some("9"));

    // baggage: joined, first 64 members kept (BG-14, BG-17).
    let vals: Vec<String> = (0..N).map(|i| format!("k{i}=v")).collect();
    let mut pairs: Vec<(&str, &[u8])> = vec![("traceparent", TP.as_bytes())];
    pairs.extend(vals.iter().map(|v| ("baggage", v.as_bytes())));
    let carrier = Pairs::http(&pairs);
    let ctx = extract(&carrier);
    let keys: Vec<&str> = ctx.baggage().iter().map(|m| m.key()).collect();
    assert_eq!(keys.len(), 64);
    assert_eq!(keys[0], "k0");
    assert_eq!(keys[63], "k63");

    // traceparent: any repetition is invalid (TP-19).
    let pairs: Vec<(&str, &[u8])> = (0..N).map(|_| ("traceparent", TP.as_bytes())).collect();
    let e = extract(&Pairs::http(&pairs)).traceparent().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DuplicateField);
}

#[cfg(all(feature = "rand_core", feature = "std"))]
#[test]
fn ten_thousand_repeated_fields_through_a_participant() {
    use tracewire::propagation::{Decision, Participant};
    const N: usize = 10_000;
    let mut rng = common::SplitMix(7);
    let vals: Vec<String> = (0..N).map(|i| format!("k{i}=v")).collect();
    let mut pairs: Vec<(&str, &[u8])> = vec![("traceparent", TP.as_bytes())];
    pairs.extend((0..N).map(|_| ("tracestate", &b"a=1"[..])));
    pairs.extend(vals.iter().map(|v| ("baggage", v.as_bytes())));
    let p = Participant::from_carrier(&Pairs::http(&pairs), &mut rng);
    assert!(matches!(p.decision(), Decision::Continued(_)));
    assert!(p.tracestate().is_empty());
    assert_eq!(
        p.tracestate_error().map(|e| e.kind()),
        Some(ErrorKind::TooManyMembers)
    );
    assert_eq!(p.baggage().len(), 64);
    let mut out: Vec<(String, String)> = Vec::new();
    p.inject(&mut out, &mut rng).unwrap();
    assert_eq!(out.iter().filter(|(n, _)| n == "traceparent").count(), 1);
    assert!(out.iter().all(|(n, _)| n != "tracestate"));
    let bag = &out.iter().find(|(n, _)| n == "baggage").unwrap().1;
    assert_eq!(
        BaggageRef::parse(bag.as_bytes()).unwrap().iter().count(),
        64
    );

    // 10 000 traceparent fields: restart (TP-19, TP-20), nothing else lost.
    let pairs: Vec<(&str, &[u8])> = (0..N).map(|_| ("traceparent", TP.as_bytes())).collect();
    let p = Participant::from_carrier(&Pairs::http(&pairs), &mut rng);
    assert!(matches!(p.decision(), Decision::RestartedInvalid(_)));
}

// ---------------------------------------------------------------- linear work

/// Steps counted by the internal `__step-counter` feature.
#[cfg(feature = "__step-counter")]
mod steps {
    use super::*;
    use tracewire::_steps;

    /// A parser's name and its steps on an input.
    type Parser = (&'static str, fn(&[u8]) -> usize);

    /// Steps of each parser (outer) on each shape (inner) at one size.
    type Steps3 = Vec<Vec<usize>>;

    /// The parsers, each as "steps taken on this input".
    fn parsers() -> Vec<Parser> {
        vec![
            ("traceparent", _steps::traceparent),
            ("tracestate", |x| _steps::tracestate(&[x])),
            ("server-timing", _steps::server_timing),
            ("binary tracestate", _steps::binary_tracestate),
            ("baggage strict", |x| {
                _steps::measure(|| BaggageRef::parse(x).map(|b| b.iter().count())).1
            }),
            ("baggage lenient", |x| {
                _steps::measure(|| {
                    BaggageRef::lenient(x)
                        .with_limits(Limits::GRAMMAR)
                        .iter()
                        .count()
                })
                .1
            }),
            ("extract", |x| {
                let pairs = [
                    ("traceparent", TP.as_bytes()),
                    ("tracestate", x),
                    ("baggage", x),
                ];
                _steps::measure(|| {
                    let carrier = Pairs::http(&pairs);
                    let ctx = extract(&carrier);
                    (
                        ctx.tracestate().valid().map(|t| t.len()),
                        ctx.baggage().iter().count(),
                    )
                })
                .1
            }),
            ("server-timing find", |x| {
                _steps::measure(|| ServerTiming::find([x, x])).1
            }),
        ]
    }

    /// Doubling the input at most doubles the steps (plus a constant), and
    /// the steps stay within a fixed number per input byte.
    fn assert_linear(what: &str, mut steps: impl FnMut(usize) -> usize) {
        let mut prev: Option<(usize, usize)> = None;
        let mut n = 1 << 10;
        while n <= 1 << 18 {
            let s = steps(n);
            assert!(s <= 16 * n + 64, "{what}: {s} steps for {n} bytes");
            if let Some((pn, ps)) = prev {
                assert!(
                    s <= 2 * ps + 64,
                    "{what}: {ps} steps at {pn} but {s} at {n}: not linear"
                );
            }
            prev = Some((n, s));
            n *= 2;
        }
    }

    #[test]
    fn the_counter_counts() {
        // A megabyte of blanks is scanned to the end: at least one step per
        // byte; a version-00 traceparent of 55 bytes is constant work.
        let blanks = run(b" ", MIB);
        assert!(_steps::tracestate(&[&blanks]) >= MIB);
        assert!(_steps::measure(|| BaggageRef::parse(&blanks).is_ok()).1 >= MIB);
        assert!(_steps::server_timing(&run(b"m,", MIB)) >= MIB);
        assert_eq!(_steps::traceparent(TP.as_bytes()), 1);
        assert!(_steps::binary_tracestate(&[0, 1, b'a', 1, b'1']) >= 1);
        // Nothing is left on the counter between measurements.
        assert_eq!(_steps::measure(|| ()).1, 0);
    }

    #[test]
    fn every_parser_is_linear_on_every_hostile_shape() {
        // steps[size][parser][shape], for sizes 1 KiB .. 256 KiB.
        let sizes: Vec<usize> = (10..=18).map(|p| 1 << p).collect();
        let table: Vec<Steps3> = sizes
            .iter()
            .map(|&n| {
                let inputs = shapes(n);
                parsers()
                    .iter()
                    .map(|(_, parse)| inputs.iter().map(|(_, x)| parse(x)).collect())
                    .collect()
            })
            .collect();
        let names = shapes(8);
        for (p, (pname, _)) in parsers().iter().enumerate() {
            for (sh, (sname, _)) in names.iter().enumerate() {
                let mut at = sizes.iter().zip(&table);
                assert_linear(&format!("{pname} on {sname}"), |n| {
                    let (&size, row) = at.next().unwrap();
                    assert_eq!(size, n);
                    row[p][sh]
                });
            }
        }
    }

    #[test]
    fn members_and_metrics_are_linear() {
        fn list(n: usize, f: impl Fn(usize) -> String, sep: &str) -> Vec<u8> {
            let mut s = String::new();
            let mut i = 0;
            while s.len() < n {
                if i > 0 {
                    s.push_str(sep);
                }
                s.push_str(&f(i));
                i += 1;
            }
            s.into_bytes()
        }
        assert_linear("baggage members", |n| {
            let v = list(n, |i| format!("k{i:07}=v;p"), ",");
            _steps::measure(|| BaggageRef::parse(&v).map(|b| b.iter().count())).1
        });
        assert_linear("server-timing metrics", |n| {
            let mut v = list(n, |i| format!("m{i:07};dur={i:07};desc=\"a,b\""), ", ");
            v.extend_from_slice(b", trace;desc=");
            v.extend_from_slice(TP.as_bytes());
            _steps::server_timing(&v)
        });
        assert_linear("tracestate members", |n| {
            let v = list(n, |i| format!("k{i:07}=v"), ",");
            _steps::tracestate(&[&v])
        });
    }

    // BG-25, BG-26, BG-08: the owned baggage compares keys only where two
    // keys share a fingerprint, so building n members, replacing each,
    // removing each and deduping take a linear number of key comparisons
    // (a plain search takes n²/2), up to the 180-member ceiling.
    #[test]
    fn owned_baggage_key_comparisons_are_linear() {
        for n in [16usize, 32, 64, 128, 180] {
            let keys: Vec<String> = (0..n).map(|i| format!("k{i:07}")).collect();
            let mut b = Baggage::<16384, 180>::new();
            let ((), build) = _steps::measure(|| {
                for k in &keys {
                    b.insert(k, "v").unwrap();
                }
            });
            assert!(build <= n, "building {n} members: {build} key comparisons");
            // A replace compares at least its own key: the counter counts.
            let ((), replace) = _steps::measure(|| {
                for k in &keys {
                    b.insert(k, "w").unwrap();
                }
            });
            assert!(
                (n..=3 * n).contains(&replace),
                "replacing {n} members: {replace} key comparisons"
            );
            let (removed, dedupe) = _steps::measure(|| b.dedupe());
            assert_eq!((removed, b.len()), (0, n));
            assert!(
                dedupe <= n,
                "deduping {n} members: {dedupe} key comparisons"
            );
            // Every key twice, read from a view: dedupe keeps the second half.
            let half = n / 2;
            let text: Vec<String> = (0..2 * half)
                .map(|i| format!("{}={i}", keys[i % half]))
                .collect();
            let text = text.join(",");
            let view = BaggageRef::lenient(text.as_bytes()).with_limits(Limits::GRAMMAR);
            let mut twice = Baggage::<16384, 180>::try_from(&view).unwrap();
            let (removed, dedupe) = _steps::measure(|| twice.dedupe());
            assert_eq!(removed, half);
            assert_eq!(twice.get(&keys[0]).unwrap().raw_value(), half.to_string());
            assert!(
                dedupe <= 3 * half,
                "deduping {n} members: {dedupe} key comparisons"
            );
            let (removed, remove) =
                _steps::measure(|| keys.iter().map(|k| b.remove(k)).sum::<usize>());
            assert_eq!((removed, b.len()), (n, 0));
            assert!(
                (n..=2 * n).contains(&remove),
                "removing {n} keys: {remove} key comparisons"
            );
        }
    }

    #[cfg(feature = "rand_core")]
    #[test]
    fn participant_is_linear_in_repeated_fields() {
        use tracewire::propagation::Participant;
        for name in ["tracestate", "baggage", "traceparent"] {
            assert_linear(&format!("Participant with repeated {name}"), |n| {
                let fields = n / 16;
                let mut pairs: Vec<(&str, &[u8])> = vec![("traceparent", TP.as_bytes())];
                pairs.extend((0..fields).map(|_| (name, &b"a=1"[..])));
                let carrier = Pairs::http(&pairs);
                let (p, steps) = _steps::measure(|| {
                    Participant::from_carrier(&carrier, &mut common::SplitMix(1))
                });
                assert!(p.baggage().len() <= 64 && p.tracestate().len() <= 32);
                steps
            });
        }
    }

    #[test]
    fn extract_is_linear_in_repeated_fields() {
        for name in ["traceparent", "tracestate", "baggage", "TraceState"] {
            assert_linear(&format!("extract with repeated {name}"), |n| {
                let fields = n / 16;
                let mut pairs: Vec<(&str, &[u8])> = vec![("traceparent", TP.as_bytes())];
                pairs.extend((0..fields).map(|_| (name, &b"a=1"[..])));
                _steps::measure(|| {
                    let carrier = Pairs::http(&pairs);
                    let ctx = extract(&carrier);
                    let ts = ctx.tracestate();
                    (ts.valid().map(|t| t.len()), ctx.baggage().iter().count())
                })
                .1
            });
        }
    }
}

// ---------------------------------------------------------------- generated

mod generated {
    use super::*;
    use common::generators::{
        baggage_canonical, baggage_text, binary_traceparent, binary_tracestate, near_valid,
        server_timing_text, traceparent_text, tracestate_canonical, tracestate_text,
    };
    use proptest::prelude::*;

    /// What every parser must do with any input: an error inside the input,
    /// or a value that re-encodes to text the same parser reads back equal.
    fn check_any(input: &[u8]) -> Result<(), TestCaseError> {
        let len = input.len();
        match TraceParent::parse(input) {
            Ok(tp) => {
                let again = TraceParent::parse(tp.encode().as_bytes()).unwrap();
                prop_assert_eq!(again, tp.canonical());
            }
            Err(e) => prop_assert!(e.offset() <= len),
        }
        match TraceStateRef::parse(input) {
            Ok(ts) => {
                let text = ts.to_string();
                prop_assert_eq!(TraceStateRef::parse(text.as_bytes()).unwrap(), ts);
            }
            Err(e) => prop_assert!(e.offset() <= len),
        }
        match BaggageRef::parse(input) {
            Ok(b) => {
                let text = b.to_string();
                let again = BaggageRef::parse(text.as_bytes()).unwrap();
                prop_assert_eq!(again.to_string(), text);
            }
            Err(e) => prop_assert!(e.offset() <= len),
        }
        // Lenient keeps exactly the members strict accepts one by one (BG-21).
        let kept = BaggageRef::lenient(input).iter().count();
        let alone = input
            .split(|&b| b == b',')
            .filter(|m| BaggageRef::parse(m).is_ok_and(|b| !b.is_empty()))
            .count();
        prop_assert_eq!(kept, alone.min(64));
        match ServerTiming::parse(input) {
            Ok(Some(m)) => {
                let again = ServerTiming::parse(m.encode().as_bytes()).unwrap();
                prop_assert_eq!(again, Some(ServerTiming::new(m.context().canonical())));
            }
            Ok(None) => {}
            Err(e) => prop_assert!(e.offset() <= len),
        }
        match binary::traceparent::parse(input) {
            Ok(tp) => {
                let again = binary::traceparent::parse(&binary::traceparent::encode(&tp)).unwrap();
                prop_assert_eq!(again, tp.canonical());
            }
            Err(e) => prop_assert!(e.offset() <= len),
        }
        match binary::tracestate::parse(input, None) {
            Ok(ts) => prop_assert!(ts.len() <= 32),
            Err(e) => prop_assert!(e.offset() <= len),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // Valid values are read as generated (the generators and parsers agree).
        #[test]
        fn valid_traceparent((text, t, p, f, v) in traceparent_text()) {
            let tp = TraceParent::parse(text.as_bytes()).unwrap();
            prop_assert_eq!((tp.trace_id(), tp.parent_id(), tp.version()), (t, p, v));
            prop_assert_eq!(tp.flags().bits() & 0x03, f & 0x03);
        }

        #[test]
        fn valid_tracestate((text, members) in tracestate_text()) {
            let ts = TraceStateRef::parse(text.as_bytes()).unwrap();
            let got: Vec<(String, String)> =
                ts.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            prop_assert_eq!(&got, &members);
            prop_assert_eq!(ts.to_string(), tracestate_canonical(&members));
        }

        #[test]
        fn valid_baggage((text, members) in baggage_text()) {
            let b = BaggageRef::parse(text.as_bytes()).unwrap();
            prop_assert_eq!(b.to_string(), baggage_canonical(&members));
            let lenient = BaggageRef::lenient(text.as_bytes());
            prop_assert_eq!(lenient.iter().count(), members.len());
        }

        #[test]
        fn valid_server_timing((text, ctx) in server_timing_text()) {
            let got = ServerTiming::parse(text.as_bytes()).unwrap().map(|m| m.context());
            prop_assert_eq!(got, ctx, "{}", text);
        }

        #[test]
        fn valid_binary((tp_bytes, tp) in binary_traceparent(), (ts_bytes, members) in binary_tracestate()) {
            prop_assert_eq!(binary::traceparent::parse(&tp_bytes).unwrap(), tp.canonical());
            let ts = binary::tracestate::parse(&ts_bytes, Some(0)).unwrap();
            let got: Vec<(String, String)> =
                ts.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            prop_assert_eq!(got, members);
        }

        // Near-valid values (one byte changed, inserted or deleted) of every
        // header, through every parser.
        #[test]
        fn near_valid_inputs(
            tp in near_valid(traceparent_text().prop_map(|t| t.0)),
            ts in near_valid(tracestate_text().prop_map(|t| t.0)),
            bg in near_valid(baggage_text().prop_map(|t| t.0)),
            st in near_valid(server_timing_text().prop_map(|t| t.0)),
            bin in near_valid(binary_tracestate().prop_map(|t| String::from_utf8_lossy(&t.0).into_owned())),
        ) {
            for input in [&tp, &ts, &bg, &st, &bin] {
                check_any(input)?;
            }
        }
    }
}
