//! `propagation::extract` and `pass_through` over carriers of repeated
//! fields, for the HTTP, MQTT and Kafka name rules.
//!
//! The input is a list of records `[selector, len, value (len bytes)]`; the
//! selector picks a field name from `NAMES` (the three header names in
//! several cases, and near misses), the value is raw bytes (a short last
//! record takes what is left). For each carrier rule:
//!
//! - `traceparent()` is what `TraceParent::parse` says of the one matching
//!   field, `Ok(None)` without one, `DuplicateField` (field 1, offset 0)
//!   with two or more (TP-19, TP-20; Kafka keeps only the last, CAR-26);
//! - `tracestate()` is `Ignored`/`Absent` without a valid traceparent
//!   (TS-14), else what `TraceStateRef::parse` says of the non-blank fields
//!   joined with `,` (TS-16): same members, or an error of the same kind at
//!   the same place (its field and offset mapped into the joined text); a
//!   valid one encodes to safe bytes that parse back to the same members;
//! - `baggage()` has the members `BaggageRef::lenient` keeps from the first
//!   64 non-blank fields joined (BG-19, BG-21; later fields are dropped
//!   whole, BG-15), and encodes to safe bytes that strictly parse back to
//!   them; `baggage_strict()` fails exactly when one field does, inside it;
//! - `pass_through` forwards the single traceparent and the joined
//!   tracestate byte for byte, only when they are at most 1024 bytes of
//!   VCHAR/SP/HTAB, and writes nothing else (TP-16, TP-26).
//!
//! Every error names the carrier's field (its index among all fields of the
//! name, blank ones included) and its offset is within that field.
//!
//! Run: `cargo +nightly fuzz run carrier fuzz/seeds/carrier -- -dict=fuzz/carrier.dict`.
#![no_main]

mod common;

use common::{
    assert_field_bytes, assert_header_safe, assert_offset_in, field_start, is_blank, join,
};
use libfuzzer_sys::fuzz_target;
use tracewire::propagation::{
    Extractor, Forwarded, Header, Injector, MAX_BAGGAGE_FIELDS, MAX_TRACESTATE_FIELDS, NameRule,
    PASS_THROUGH_CAP, Pairs, extract, pass_through,
};
use tracewire::{BaggageRef, CapacityError, ErrorKind, TraceParent, TraceStateRef};

/// Field names a selector byte picks from (index = selector % 16).
const NAMES: [&str; 16] = [
    "traceparent",
    "TraceParent",
    "TRACEPARENT",
    "tracestate",
    "TraceState",
    "TRACESTATE",
    "baggage",
    "Baggage",
    "BAGGAGE",
    "traceparent",
    "tracestate",
    "baggage",
    "server-timing",
    "trace-parent",
    "tracestate ",
    "x-baggage",
];

/// The `(name, value)` records of the input.
fn records(data: &[u8]) -> Vec<(&'static str, &[u8])> {
    let mut out = Vec::new();
    let mut rest = data;
    while let [sel, len, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (value, next) = tail.split_at(n);
        out.push((NAMES[usize::from(*sel) % NAMES.len()], value));
        rest = next;
    }
    out
}

/// The values of `name` under `rule`, computed without the crate.
fn values<'a>(pairs: &[(&str, &'a [u8])], name: &str, rule: NameRule) -> Vec<&'a [u8]> {
    let all: Vec<&[u8]> = pairs
        .iter()
        .filter(|(n, _)| match rule {
            NameRule::AnyCase => n.eq_ignore_ascii_case(name),
            _ => *n == name,
        })
        .map(|(_, v)| *v)
        .collect();
    match rule {
        NameRule::ExactLast => all.last().copied().into_iter().collect(),
        _ => all,
    }
}

/// An injector that records every call, to check what `pass_through` wrote.
#[derive(Default)]
struct Out(Vec<(String, String)>);

impl Injector for Out {
    fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
        self.0.retain(|(n, _)| n != name);
        self.0.push((name.to_string(), value.to_string()));
        Ok(())
    }
    fn remove_all(&mut self, name: &str) {
        self.0.retain(|(n, _)| n != name);
    }
}

fn check_traceparent(got: Result<Option<TraceParent>, tracewire::ParseError>, tp_values: &[&[u8]]) {
    let want = match tp_values {
        [] => Ok(None),
        [one] => TraceParent::parse(one).map(Some),
        _ => {
            let e = got.expect_err("two traceparent fields are invalid (TP-19)");
            assert_eq!(
                (e.kind(), e.field(), e.offset()),
                (ErrorKind::DuplicateField, 1, 0)
            );
            assert_offset_in(&e, tp_values);
            return;
        }
    };
    assert_eq!(got, want);
    if let Err(e) = got {
        assert_offset_in(&e, tp_values);
    }
}

fn check_tracestate(got: Header<TraceStateRef<'_>>, tp_valid: bool, ts_all: &[&[u8]]) {
    if !tp_valid {
        // TS-14: not looked at; only its presence (any field, even blank).
        let want = if ts_all.is_empty() {
            Header::Absent
        } else {
            Header::Ignored
        };
        assert_eq!(got, want);
        return;
    }
    let fields: Vec<&[u8]> = ts_all.iter().copied().filter(|v| !is_blank(v)).collect();
    let joined = join(&fields);
    let direct = TraceStateRef::parse(&joined);
    match got {
        Header::Ignored => panic!("tracestate ignored next to a valid traceparent"),
        Header::Absent => {
            let direct = direct.expect("absent: the joined fields parse");
            assert!(direct.is_empty(), "absent but {direct:?}");
        }
        Header::Valid(ts) => {
            let direct = direct.expect("valid: the joined fields parse");
            assert!(!ts.is_empty());
            assert!(ts.iter().eq(direct.iter()), "{ts:?} != {direct:?}");
            assert_eq!(ts.len(), direct.len());
            let mut buf = vec![0u8; ts.encoded_len()];
            assert_eq!(ts.encode_into(&mut buf), Ok(buf.len()));
            assert_header_safe(&buf);
            let again = TraceStateRef::parse(&buf).expect("encoded tracestate parses");
            assert!(again.iter().eq(ts.iter()));
        }
        Header::Invalid(e) => {
            direct.expect_err("invalid: the joined fields do not parse either");
            // The error names the carrier's field, blank ones counted.
            let at = usize::try_from(e.field()).unwrap();
            // With more non-blank fields than slots, only the kept ones are
            // read: an error in them comes first (reading order); if they
            // are valid, the rest are refused as too many members, at the
            // first member of the first field left out (TS-09, TS-17).
            let kept = &fields[..fields.len().min(MAX_TRACESTATE_FIELDS)];
            let d = match TraceStateRef::parse(&join(kept)) {
                Err(d) => d,
                Ok(_) => {
                    assert!(fields.len() > MAX_TRACESTATE_FIELDS, "{e:?}");
                    assert_eq!(e.kind(), ErrorKind::TooManyMembers);
                    assert_eq!(Some(at), non_blank_at(ts_all, MAX_TRACESTATE_FIELDS));
                    let first = fields[MAX_TRACESTATE_FIELDS];
                    let start = first
                        .iter()
                        .position(|b| !matches!(b, b' ' | b'\t' | b','))
                        .unwrap_or(first.len());
                    assert_eq!(e.offset(), start, "{e:?}");
                    return;
                }
            };
            let fields = kept;
            assert_offset_in(&e, ts_all);
            let f = (0..fields.len())
                .find(|&i| non_blank_at(ts_all, i) == Some(at))
                .unwrap_or_else(|| panic!("{e:?} names a blank field"));
            assert_eq!(e.kind(), d.kind(), "{e:?} vs joined {d:?}");
            assert_eq!(
                field_start(fields, f) + e.offset(),
                d.offset(),
                "{e:?} vs joined {d:?}"
            );
        }
    }
}

/// The carrier index of non-blank field number `n`.
fn non_blank_at(all: &[&[u8]], n: usize) -> Option<usize> {
    all.iter()
        .enumerate()
        .filter(|(_, v)| !is_blank(v))
        .nth(n)
        .map(|(i, _)| i)
}

fn check_baggage(got: BaggageRef<'_>, strict: Header<BaggageRef<'_>>, bg_all: &[&[u8]]) {
    let fields: Vec<&[u8]> = bg_all.iter().copied().filter(|v| !is_blank(v)).collect();
    let kept = &fields[..fields.len().min(MAX_BAGGAGE_FIELDS)];
    let joined = join(kept);
    let direct = BaggageRef::lenient(&joined);
    assert!(got.iter().eq(direct.iter()), "{got:?} != {direct:?}");
    // Encoding: safe bytes, strictly valid, the same members.
    let mut buf = vec![0u8; got.encoded_len()];
    let mut sink = tracewire::SliceSink::new(&mut buf);
    assert_eq!(got.write_to(&mut sink), Ok(buf.len()));
    assert_header_safe(&buf);
    assert!(!buf.contains(&b' '), "OWS written: {buf:?}");
    let again = BaggageRef::parse(&buf).expect("encoded baggage parses strictly");
    assert!(again.iter().eq(got.iter()));
    // Strict: fails exactly when a kept field does, at that field.
    let first_bad = kept
        .iter()
        .enumerate()
        .find_map(|(i, f)| BaggageRef::parse(f).err().map(|e| (i, e)));
    match (strict, first_bad) {
        (Header::Absent, None) => assert!(fields.is_empty()),
        (Header::Valid(b), None) => {
            assert!(!fields.is_empty());
            assert!(b.iter().eq(direct.iter()));
        }
        (Header::Invalid(e), Some((i, fe))) => {
            // The carrier's field, blank ones counted (BG-19).
            assert_offset_in(&e, bg_all);
            assert_eq!(
                Some(usize::try_from(e.field()).unwrap()),
                non_blank_at(bg_all, i)
            );
            assert_eq!((e.kind(), e.offset()), (fe.kind(), fe.offset()));
        }
        (s, b) => panic!("strict {s:?} but first bad field {b:?}"),
    }
}

fn check_pass_through<E: Extractor>(carrier: &E, tp_values: &[&[u8]], ts_all: &[&[u8]]) {
    let mut out = Out::default();
    let (tp, ts) = pass_through(carrier, &mut out).expect("an unbounded carrier has room");
    for (name, value) in &out.0 {
        assert!(
            name == "traceparent" || name == "tracestate",
            "wrote {name}"
        );
        assert!(value.len() <= PASS_THROUGH_CAP);
        assert_field_bytes(value.as_bytes());
    }
    assert!(out.0.len() <= 2);
    let safe = |v: &[u8]| {
        v.len() <= PASS_THROUGH_CAP && v.iter().all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
    };
    let written = |n: &str| {
        out.0
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_bytes())
    };
    match tp_values {
        [] => assert_eq!((tp, ts), (Forwarded::Absent, Forwarded::Absent)),
        // A blank traceparent is refused: it carries no context.
        [one] if safe(one) && !trim_ows(one).is_empty() => {
            assert_eq!(tp, Forwarded::Copied);
            // TP-16: copied byte for byte, less the OWS around the value.
            assert_eq!(written("traceparent"), Some(trim_ows(one)));
        }
        _ => assert_eq!((tp, ts), (Forwarded::Refused, Forwarded::Refused)),
    }
    if tp != Forwarded::Copied {
        // TP-26: nothing forwarded without the traceparent.
        assert!(out.0.is_empty());
        return;
    }
    let fields: Vec<&[u8]> = ts_all.iter().copied().filter(|v| !is_blank(v)).collect();
    let joined = join(&fields);
    match ts {
        Forwarded::Absent => assert!(fields.is_empty() && written("tracestate").is_none()),
        Forwarded::Copied => assert_eq!(written("tracestate"), Some(trim_ows(&joined))),
        Forwarded::Refused => {
            // Only size and bytes refuse, never the number of fields (TP-16).
            assert!(!safe(&joined), "refused {joined:?}");
            assert!(written("tracestate").is_none());
        }
    }
}

/// `v` without SP/HTAB at either end.
fn trim_ows(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    &v[start..end]
}

fn check(pairs: &[(&str, &[u8])], rule: NameRule) {
    let carrier = Pairs::new(pairs, rule);
    let tp_values = values(pairs, "traceparent", rule);
    let ts_all = values(pairs, "tracestate", rule);
    let bg_all = values(pairs, "baggage", rule);
    // The carrier returns what the rule says.
    assert_eq!(
        carrier.values_of("traceparent").collect::<Vec<_>>(),
        tp_values
    );

    let ctx = extract(&carrier);
    check_traceparent(ctx.traceparent(), &tp_values);
    check_tracestate(
        ctx.tracestate(),
        matches!(ctx.traceparent(), Ok(Some(_))),
        &ts_all,
    );
    check_baggage(ctx.baggage(), ctx.baggage_strict(), &bg_all);
    check_pass_through(&carrier, &tp_values, &ts_all);
}

fuzz_target!(|data: &[u8]| {
    let pairs = records(data);
    check(&pairs, NameRule::AnyCase);
    check(&pairs, NameRule::Exact);
    check(&pairs, NameRule::ExactLast);
    // The named constructors are these rules.
    assert_eq!(
        extract(&Pairs::http(&pairs)).traceparent(),
        extract(&Pairs::new(&pairs[..], NameRule::AnyCase)).traceparent()
    );
    assert_eq!(
        extract(&Pairs::mqtt(&pairs)).traceparent(),
        extract(&Pairs::new(&pairs[..], NameRule::Exact)).traceparent()
    );
    assert_eq!(
        extract(&Pairs::kafka(&pairs)).traceparent(),
        extract(&Pairs::new(&pairs[..], NameRule::ExactLast)).traceparent()
    );
});
