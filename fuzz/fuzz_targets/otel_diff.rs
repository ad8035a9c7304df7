//! Differential: `tracewire::adapters::otel`'s `TraceContextPropagator` and
//! `BaggagePropagator` against `opentelemetry_sdk` 0.33's, on inputs where
//! the SDK follows the spec.
//!
//! The input is a list of records `[selector, len, value]` (as for the
//! `carrier` target); `selector % 4` names the field `traceparent`,
//! `tracestate`, `baggage` or `other`. Values are read as UTF-8 with
//! replacement characters, because OpenTelemetry carriers hold strings (D7
//! of tests/differential.rs); both propagators see the same strings.
//!
//! Both extract from the same carrier. Where the results differ, the
//! input must fall under one of the SDK's known deviations from
//! `shared/spec` (module docs of src/adapters/otel.rs and
//! tests/differential.rs); each is excluded explicitly below, with a
//! comment, and anything else fails. Then the context we extracted is
//! injected by both: our output must be header-safe, parse strictly, and
//! agree with the SDK's except where the SDK's writer deviates.
//!
//! Run: `cargo +nightly fuzz run otel_diff fuzz/seeds/otel_diff -- -dict=fuzz/otel_diff.dict`.
#![no_main]

mod common;

use std::collections::{BTreeMap, HashMap};

use common::assert_header_safe;
use libfuzzer_sys::fuzz_target;
use opentelemetry::Context;
use opentelemetry::baggage::BaggageExt;
use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::{SpanContext, TraceContextExt};
use opentelemetry_sdk::propagation as sdk;
use tracewire::adapters::otel as ours;
use tracewire::{BaggageRef, TraceParent, TraceStateRef};

const NAMES: [&str; 4] = ["traceparent", "tracestate", "baggage", "other"];

/// A string carrier with repeated names, in arrival order.
struct Carrier(Vec<(&'static str, String)>);

impl Extractor for Carrier {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == key)
            .map(|(_, v)| v.as_str())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(n, _)| *n).collect()
    }
    fn get_all(&self, key: &str) -> Option<Vec<&str>> {
        let all: Vec<&str> = self
            .0
            .iter()
            .filter(|(n, _)| *n == key)
            .map(|(_, v)| v.as_str())
            .collect();
        (!all.is_empty()).then_some(all)
    }
}

impl Carrier {
    fn parse(data: &[u8]) -> Self {
        let mut out = Vec::new();
        let mut rest = data;
        while let [sel, len, tail @ ..] = rest {
            let n = usize::from(*len).min(tail.len());
            let (value, next) = tail.split_at(n);
            let name = NAMES[usize::from(*sel) % NAMES.len()];
            out.push((name, String::from_utf8_lossy(value).into_owned()));
            rest = next;
        }
        Self(out)
    }
    fn all(&self, name: &str) -> Vec<&str> {
        self.get_all(name).unwrap_or_default()
    }
}

// ------------------------------------------------------------ traceparent

/// Why the SDK may accept a traceparent the spec refuses, if it may.
fn tp_deviation(v: &str) -> Option<&'static str> {
    // D1 (TP-10): the SDK trims all Unicode white space, not only SP/HTAB.
    if v.trim() != v.trim_matches([' ', '\t']) {
        return Some("D1");
    }
    let w = v.trim();
    let parts: Vec<&str> = w.split_terminator('-').collect();
    if parts.len() < 4 {
        return None;
    }
    // D4 (TP-02): `from_str_radix` takes a leading `+` in every field.
    if parts[..4].iter().any(|p| p.starts_with('+')) {
        return Some("D4");
    }
    // D5 (TP-02, TP-12): upper-case version digits are not refused.
    if parts[0].bytes().any(|b| b.is_ascii_uppercase()) {
        return Some("D5");
    }
    // D3 (TP-01, TP-03, TP-12) and D6b (TP-13): no field width is checked,
    // so fields of other widths, or a `-` inside an id, are accepted.
    if parts[0].len() != 2 || parts[1].len() != 32 || parts[2].len() != 16 || parts[3].len() != 2 {
        return Some("D3/D6b");
    }
    // D2 (TP-04): `split_terminator` drops one trailing `-` after
    // version-00 flags.
    if parts.len() == 4 && w.ends_with('-') {
        return Some("D2");
    }
    None
}

fn span_context(cx: &Context) -> SpanContext {
    cx.span().span_context().clone()
}

/// Compares the trace context; returns our context when it is valid.
fn check_trace_context(carrier: &Carrier) -> Option<Context> {
    let mine = ours::TraceContextPropagator::new().extract(carrier);
    let theirs = sdk::TraceContextPropagator::new().extract(carrier);
    let (m, t) = (span_context(&mine), span_context(&theirs));
    let tps = carrier.all("traceparent");
    let tp = match tps.as_slice() {
        [] => {
            assert!(
                !m.is_valid() && !t.is_valid(),
                "a context without traceparent"
            );
            return None;
        }
        [one] => *one,
        _ => {
            // The SDK reads only the first traceparent field (`get`); two or
            // more are invalid (TP-19, CAR-29).
            assert!(!m.is_valid(), "two traceparent fields accepted");
            return None;
        }
    };
    let parsed = TraceParent::parse(tp.as_bytes());
    assert_eq!(m.is_valid(), parsed.is_ok(), "{tp:?}");
    if m.is_valid() {
        let p = parsed.unwrap();
        assert!(m.is_remote());
        assert_eq!(m.trace_id().to_bytes(), p.trace_id().to_bytes());
        assert_eq!(m.span_id().to_bytes(), p.parent_id().to_bytes());
        // Flags as parsed (TP-14, CAR-32).
        assert_eq!(m.trace_flags().to_u8(), p.flags().bits());
        assert!(t.is_valid(), "the SDK refuses the valid {tp:?}");
        assert_eq!(t.trace_id(), m.trace_id());
        assert_eq!(t.span_id(), m.span_id());
        // D6 (TP-17, TP-24): the SDK keeps only the sampled bit.
        assert_eq!(t.is_sampled(), m.is_sampled());
    } else if t.is_valid() {
        let why = tp_deviation(tp);
        assert!(
            why.is_some(),
            "the SDK accepts {tp:?}, we refuse it: {parsed:?}"
        );
        return None;
    } else {
        return None;
    }
    check_tracestate(carrier, &m, &t);
    Some(mine)
}

// ------------------------------------------------------------ tracestate

/// Why the SDK's tracestate may differ from ours for this one field.
fn ts_deviation(v: &str) -> Option<&'static str> {
    let pieces: Vec<&str> = v.split_terminator(',').collect();
    // TS-09 (choice 13): the SDK takes the first 32 raw pieces, empty ones
    // included, and ignores the rest (even invalid ones) instead of
    // refusing a 33rd member.
    if pieces.len() > 32 {
        return Some("more than 32 pieces");
    }
    for p in pieces {
        let p = p.trim_matches([' ', '\t']);
        let Some((key, value)) = p.split_once('=') else {
            continue;
        };
        // TS-03, TS-04: the SDK's key check passes the empty key (`=v`).
        if key.is_empty() {
            return Some("empty key");
        }
        // TS-05, TS-08: the SDK's value check refuses only `,` and `=` and
        // lengths over 256: empty values and bytes outside 0x20-0x7E pass.
        if value.is_empty() || value.bytes().any(|b| !(0x20..0x7f).contains(&b)) {
            return Some("value outside the grammar");
        }
        // TS-05: `trim_start_matches('=')` drops every `=` after the first
        // (`k==v` is read as `k=v`).
        if value.starts_with('=') {
            return Some("`=` stripped from the value");
        }
    }
    None
}

fn check_tracestate(carrier: &Carrier, m: &SpanContext, t: &SpanContext) {
    let mine = m.trace_state().header();
    let theirs = t.trace_state().header();
    let fields = carrier.all("tracestate");
    match fields.as_slice() {
        [] => assert!(mine.is_empty() && theirs.is_empty()),
        [one] => {
            // What the spec says, through opentelemetry's TraceState (which
            // refuses some keys of the current grammar: then both drop it).
            let want = TraceStateRef::parse(one.as_bytes())
                .ok()
                .and_then(|v| opentelemetry::trace::TraceState::from_key_value(v.iter()).ok())
                .map(|ts| ts.header())
                .unwrap_or_default();
            assert_eq!(mine, want, "{one:?}");
            if mine != theirs {
                let why = ts_deviation(one);
                assert!(
                    why.is_some(),
                    "tracestate {one:?}: ours {mine:?}, SDK {theirs:?}"
                );
            }
        }
        // The SDK reads only the first tracestate field; ours joins them
        // (TS-16, CAR-29): nothing to compare.
        _ => {}
    }
    if !mine.is_empty() {
        assert_header_safe(mine.as_bytes());
        assert!(TraceStateRef::parse(mine.as_bytes()).is_ok());
    }
}

fn check_inject_trace(cx: &Context) {
    let mut mine: HashMap<String, String> = HashMap::new();
    let mut theirs: HashMap<String, String> = HashMap::new();
    ours::TraceContextPropagator::new().inject_context(cx, &mut mine);
    sdk::TraceContextPropagator::new().inject_context(cx, &mut theirs);
    let (a, b) = (&mine["traceparent"], &theirs["traceparent"]);
    assert_header_safe(a.as_bytes());
    let tp = TraceParent::parse(a.as_bytes()).expect("we write a valid traceparent");
    assert_eq!((tp.version(), a.len()), (0, 55));
    assert_eq!(a[..53], b[..53]);
    // D6: the SDK writes only the sampled bit; ours sampled and random.
    let flags = |s: &str| u8::from_str_radix(&s[53..], 16).unwrap();
    assert_eq!(flags(b), flags(a) & 0x01);
    match mine.get("tracestate") {
        Some(ts) => {
            assert_header_safe(ts.as_bytes());
            assert!(!ts.is_empty());
            assert_eq!(Some(ts), theirs.get("tracestate"));
        }
        // TS-19, CAR-33: the SDK writes an empty field; ours none.
        None => assert_eq!(theirs.get("tracestate").map(String::as_str), Some("")),
    }
}

// ------------------------------------------------------------ baggage

/// The percent-decoded bytes of a raw value as UTF-8, if they are.
fn decoded(raw: &str) -> Option<String> {
    let d = tracewire::baggage::PercentDecoded::new(raw);
    String::from_utf8(d.bytes().collect()).ok()
}

/// Whether the SDK reads this one list member as the spec does.
fn bg_member_clean(piece: &str) -> bool {
    let Ok(b) = BaggageRef::parse(piece.as_bytes()) else {
        // BG-03, BG-07, BG-21: the SDK accepts bytes outside the grammar
        // and some malformed members (`k=a b`, `k=v;`), or drops them:
        // either way not the spec's reading.
        return false;
    };
    let Some(m) = b.iter().next() else {
        return true; // blank: both skip it (BG-20)
    };
    // BG-02: the SDK percent-decodes keys; ours never does.
    if m.key().contains('%') {
        return false;
    }
    // BG-04: the SDK splits at every `=`, so `k=a=b` is read as `k=a`.
    if m.raw_value().contains('=') {
        return false;
    }
    // BG-10: the SDK drops an entry whose value decodes to ill-formed
    // UTF-8; ours decodes it to U+FFFD. And it trims the decoded value
    // (`%20` at either end), where ours keeps it.
    match decoded(m.raw_value()) {
        Some(v) if v.trim() == v => {}
        _ => return false,
    }
    // CAR-34: the SDK decodes each property whole (keys included) and
    // trims it, keeping OWS inside (`p = 1`) and dropping ill-formed
    // UTF-8; ours writes `k` or `k=<decoded value>`.
    let props = piece.split_once(';').map_or("", |(_, p)| p);
    if props.contains([' ', '\t']) {
        return false;
    }
    m.properties().all(|p| {
        !p.key().contains('%')
            && p.raw_value()
                .is_none_or(|v| decoded(v).is_some_and(|d| d.trim() == d))
    })
}

fn baggage_map(cx: &Context) -> BTreeMap<String, (String, String)> {
    cx.baggage()
        .iter()
        .map(|(k, (v, meta))| (k.to_string(), (v.to_string(), meta.as_str().to_string())))
        .collect()
}

fn check_baggage(carrier: &Carrier) -> Context {
    let mine = ours::BaggagePropagator::new().extract(carrier);
    let theirs = sdk::BaggagePropagator::new().extract(carrier);
    let fields = carrier.all("baggage");
    // What the spec keeps, read leniently over all fields (BG-19, BG-21).
    let bytes: Vec<&[u8]> = fields.iter().map(|f| f.as_bytes()).collect();
    let view = BaggageRef::lenient_fields(&bytes);
    assert!(baggage_map(&mine).len() <= view.len());
    for (k, _) in baggage_map(&mine) {
        assert!(view.get(&k).is_some(), "{k:?} not in {view:?}");
    }
    let compare = match fields.as_slice() {
        [] => true,
        // BG-14, BG-15: the SDK drops a header over 8192 bytes whole and
        // reads only the first 64 raw pieces (empty and malformed ones
        // count); ours drops whole members from the end.
        [one] => {
            one.len() <= 8192 && one.split(',').count() <= 64 && one.split(',').all(bg_member_clean)
        }
        // BG-19: the SDK reads only the first baggage field.
        _ => false,
    };
    if compare {
        assert_eq!(baggage_map(&mine), baggage_map(&theirs), "{fields:?}");
    }
    mine
}

/// Characters both writers leave as they are: the SDK does not escape `%`
/// or `\` and escapes `=` (BG-12); it writes metadata raw.
fn plain(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~!#$&'*+^`|".contains(&b))
}

/// Whether a metadata string survives inject and extract unchanged.
///
/// CAR-34 keeps properties as one opaque string, `p1;p2=v` with values
/// decoded (as the SDK does). Inject splits it at `;` and trims OWS around
/// each key and value, and drops properties whose key is not a token: so
/// a decoded value with OWS at either end (`%20`), or with a `;` followed by
/// text that is not a property (`%3B`), cannot come back unchanged.
fn meta_roundtrips(meta: &str) -> bool {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    let no_ows = |s: &str| s.trim_matches([' ', '\t']) == s;
    meta.is_empty()
        || meta.split(';').all(|p| {
            let (k, v) = p.split_once('=').map_or((p, None), |(k, v)| (k, Some(v)));
            !k.is_empty() && k.bytes().all(tchar) && v.is_none_or(no_ows)
        })
}

fn check_inject_baggage(cx: &Context) {
    let mut mine: HashMap<String, String> = HashMap::new();
    let mut theirs: HashMap<String, String> = HashMap::new();
    ours::BaggagePropagator::new().inject_context(cx, &mut mine);
    sdk::BaggagePropagator::new().inject_context(cx, &mut theirs);
    let Some(h) = mine.get("baggage") else {
        assert!(
            cx.baggage().is_empty(),
            "baggage not written: {:?}",
            baggage_map(cx)
        );
        return;
    };
    assert_header_safe(h.as_bytes());
    let parsed = BaggageRef::parse(h.as_bytes()).expect("we write valid baggage");
    // Entries that do not fit the default `Baggage` (8192 bytes once
    // re-encoded, e.g. U+FFFD written as %EF%BF%BD) are skipped.
    assert!(parsed.len() <= cx.baggage().len());
    // Read back by our propagator: the same values, and the same metadata
    // wherever the opaque metadata string is unambiguous.
    let mut again = HashMap::new();
    again.insert("baggage".to_string(), h.clone());
    let back = baggage_map(&ours::BaggagePropagator::new().extract(&again));
    let before = baggage_map(cx);
    assert_eq!(back.len(), parsed.len());
    for (k, (v, meta)) in &back {
        let (v0, meta0) = &before[k];
        assert_eq!(v, v0, "value of {k:?}");
        if meta_roundtrips(meta0) {
            assert_eq!(meta, meta0, "metadata of {k:?}");
        }
    }
    // Metadata is compared only when it is a list of properties. An empty
    // part (`q=;`, from a decoded `%3B`; `p;;q`; `;p`) or a part with an
    // empty key (`=v`) is no property: the SDK writes it raw (`ke=1;q=;`,
    // `k=v;=v`), which is not valid baggage (BG-07), and ours leaves it out
    // (`ke=1;q=`, `k=v`).
    let all_plain = cx.baggage().iter().all(|(k, (v, m))| {
        plain(k.as_str())
            && plain(v.as_str())
            && (m.as_str().is_empty()
                || m.as_str().split(';').all(|p| {
                    !p.is_empty()
                        && p.split_once('=')
                            .map_or(plain(p), |(a, b)| !a.is_empty() && plain(a) && plain(b))
                }))
    });
    // Same text when nothing needs escaping and the SDK's header fits ours.
    if all_plain && theirs.get("baggage").is_some_and(|t| t.len() <= 8192) {
        assert_eq!(Some(h), theirs.get("baggage"));
    }
}

fuzz_target!(|data: &[u8]| {
    let carrier = Carrier::parse(data);
    if let Some(cx) = check_trace_context(&carrier) {
        check_inject_trace(&cx);
    }
    let cx = check_baggage(&carrier);
    check_inject_baggage(&cx);
});
