//! Differential tests.
//!
//! 1. The SWAR hex codec against its scalar reference (and the `hex` crate)
//!    through `tracewire::_benchable`.
//! 2. `TraceParent` against `opentelemetry_sdk` 0.33's
//!    `TraceContextPropagator` (HashMap carrier) on inputs where the SDK
//!    follows the spec.
//!
//! Known deviations of the SDK from `shared/spec/traceparent.md`, read in
//! opentelemetry_sdk-0.33.1/src/propagation/trace_context.rs
//! (`extract_span_context`, `inject_context`) and opentelemetry-0.33.1
//! (`TraceId::from_hex` / `SpanId::from_hex` = `u128`/`u64::from_str_radix`):
//!
//! - D1 (TP-10): it trims with `str::trim`, i.e. all Unicode white space
//!   (`\n`, `\r`, VT, FF, U+0085, U+00A0, ...), not only SP/HTAB.
//! - D2 (TP-04): it splits with `split_terminator('-')`, so one `-` right
//!   after version-00 flags is dropped and `00-{T}-{P}-01-` is accepted.
//! - D3 (TP-01, TP-03, TP-12): no field width is checked; `from_str_radix`
//!   takes any number of digits (`0-…`, `000-…`, 31-digit trace-id, 15-digit
//!   span-id, flags `1` or `001`).
//! - D4 (TP-02): `from_str_radix` accepts a leading `+` in every field.
//! - D5 (TP-02, TP-12): upper-case version digits are not refused (`A0-…`
//!   is read as version 0xa0).
//! - D6 (TP-17, TP-24): only the sampled bit is kept; the random-trace-id
//!   bit is dropped on extract and never written on inject.
//! - D6b (TP-13): for a version other than 00 it checks no offsets, only
//!   `-`-separated parts, so a `-` put inside an id moves the fields
//!   (`cc-{T}-00f067aa0ba90-b7-01` is read as span id `00f067aa0ba90`).
//! - D7: the carrier is `HashMap<String, String>`, so non-UTF-8 input cannot
//!   be compared at all.
//!
//! Inputs touched by D1-D5, D6b and D7 are excluded below (each exclusion names
//! its deviation); D6 is handled by comparing the sampled bit only.
//! `sdk_known_deviations_are_real` pins each one with an example, so an SDK
//! upgrade that fixes one shows up here.

use std::collections::HashMap;

use opentelemetry::Context;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{
    SpanContext, SpanId as OtelSpanId, TraceContextExt, TraceFlags as OtelFlags,
    TraceId as OtelTraceId, TraceState,
};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use proptest::prelude::*;
use tracewire::_benchable::{
    hex_decode, hex_decode_scalar, hex_decode_words, hex_encode, hex_encode_scalar,
    hex_encode_words,
};
use tracewire::{TraceFlags, TraceParent};

mod common;

use common::generators::{span_id, trace_id};

// ------------------------------------------------------------ 1. hex

/// The lowercase-only oracle: the `hex` crate accepts upper case, we do not.
fn oracle_decode(digits: &[u8]) -> Option<Vec<u8>> {
    if digits.iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    hex::decode(digits).ok()
}

fn check_hex16(bytes: [u8; 16]) -> Result<(), TestCaseError> {
    let swar: [u8; 32] = hex_encode::<16, 32>(&bytes);
    let scalar: [u8; 32] = hex_encode_scalar::<16, 32>(&bytes);
    prop_assert_eq!(swar, scalar);
    prop_assert_eq!(hex_encode_words::<16, 32>(&bytes), scalar);
    prop_assert_eq!(swar.to_vec(), hex::encode(bytes).into_bytes());
    prop_assert_eq!(hex_decode::<16>(&swar), Some(bytes));
    prop_assert_eq!(hex_decode_words::<16>(&swar), Some(bytes));
    prop_assert_eq!(hex_decode_scalar::<16>(&swar), Some(bytes));
    Ok(())
}

fn check_hex8(bytes: [u8; 8]) -> Result<(), TestCaseError> {
    let swar: [u8; 16] = hex_encode::<8, 16>(&bytes);
    let scalar: [u8; 16] = hex_encode_scalar::<8, 16>(&bytes);
    prop_assert_eq!(swar, scalar);
    prop_assert_eq!(hex_encode_words::<8, 16>(&bytes), scalar);
    prop_assert_eq!(swar.to_vec(), hex::encode(bytes).into_bytes());
    prop_assert_eq!(hex_decode::<8>(&swar), Some(bytes));
    prop_assert_eq!(hex_decode_words::<8>(&swar), Some(bytes));
    prop_assert_eq!(hex_decode_scalar::<8>(&swar), Some(bytes));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn hex_swar_matches_scalar_on_random_ids(t in any::<[u8; 16]>(), s in any::<[u8; 8]>()) {
        check_hex16(t)?;
        check_hex8(s)?;
    }

    /// One byte of the id flipped: both encoders still agree.
    #[test]
    fn hex_swar_matches_scalar_on_ids_with_a_flipped_byte(
        t in any::<[u8; 16]>(), i in 0usize..16, mask in 1u8..=255,
    ) {
        check_hex16(t)?;
        let mut flipped = t;
        flipped[i] ^= mask;
        check_hex16(flipped)?;
        let mut s = [0u8; 8];
        s.copy_from_slice(&flipped[..8]);
        s[i % 8] ^= mask;
        check_hex8(s)?;
    }

    /// One digit of the text replaced by any byte: both decoders give the
    /// same verdict and value, and that of the lowercase-only oracle.
    #[test]
    fn hex_swar_matches_scalar_on_text_with_a_flipped_byte(
        t in any::<[u8; 16]>(), i in 0usize..32, b in any::<u8>(),
    ) {
        let mut text: [u8; 32] = hex_encode::<16, 32>(&t);
        text[i] = b;
        let swar = hex_decode::<16>(&text);
        prop_assert_eq!(swar, hex_decode_scalar::<16>(&text));
        prop_assert_eq!(hex_decode_words::<16>(&text), swar);
        prop_assert_eq!(swar.map(|a| a.to_vec()), oracle_decode(&text));
        // The 16-digit half that holds the replaced byte.
        let short = if i < 16 { &text[..16] } else { &text[16..] };
        let swar8 = hex_decode::<8>(short);
        prop_assert_eq!(swar8, hex_decode_scalar::<8>(short));
        prop_assert_eq!(hex_decode_words::<8>(short), swar8);
        prop_assert_eq!(swar8.map(|a| a.to_vec()), oracle_decode(short));
    }

    /// Arbitrary bytes of the right and wrong lengths.
    #[test]
    fn hex_swar_matches_scalar_on_arbitrary_bytes(text in proptest::collection::vec(any::<u8>(), 0..40)) {
        prop_assert_eq!(hex_decode::<16>(&text), hex_decode_scalar::<16>(&text));
        prop_assert_eq!(hex_decode::<8>(&text), hex_decode_scalar::<8>(&text));
        prop_assert_eq!(hex_decode::<4>(&text), hex_decode_scalar::<4>(&text));
        prop_assert_eq!(hex_decode_words::<16>(&text), hex_decode_scalar::<16>(&text));
        prop_assert_eq!(hex_decode_words::<8>(&text), hex_decode_scalar::<8>(&text));
        if text.len() == 32 {
            prop_assert_eq!(hex_decode::<16>(&text).map(|a| a.to_vec()), oracle_decode(&text));
        }
    }

    /// Random lowercase-hex text (mostly valid): same value from both.
    #[test]
    fn hex_swar_matches_scalar_on_random_digits(text in "[0-9a-f]{32}") {
        let d = hex_decode::<16>(text.as_bytes());
        prop_assert!(d.is_some());
        prop_assert_eq!(d, hex_decode_scalar::<16>(text.as_bytes()));
        prop_assert_eq!(d.map(|a| a.to_vec()), oracle_decode(text.as_bytes()));
    }
}

// ------------------------------------------------------------ 2. SDK

/// What both sides are compared on: trace-id, span id, sampled.
type Seen = ([u8; 16], [u8; 8], bool);

fn sdk_extract(value: &str) -> Option<Seen> {
    let mut carrier = HashMap::new();
    carrier.insert("traceparent".to_string(), value.to_string());
    let cx = TraceContextPropagator::new().extract(&carrier);
    let span = cx.span();
    let sc = span.span_context();
    sc.is_valid().then(|| {
        (
            sc.trace_id().to_bytes(),
            sc.span_id().to_bytes(),
            sc.is_sampled(),
        )
    })
}

fn ours(value: &str) -> Option<Seen> {
    TraceParent::parse(value.as_bytes()).ok().map(|tp| {
        (
            tp.trace_id().to_bytes(),
            tp.parent_id().to_bytes(),
            tp.is_sampled(),
        )
    })
}

/// The SDK's inject of our parsed context: (traceparent it writes).
fn sdk_inject(tp: &TraceParent) -> String {
    let sc = SpanContext::new(
        OtelTraceId::from_bytes(tp.trace_id().to_bytes()),
        OtelSpanId::from_bytes(tp.parent_id().to_bytes()),
        OtelFlags::new(tp.flags().bits()),
        true,
        TraceState::default(),
    );
    let cx = Context::new().with_remote_span_context(sc);
    let mut carrier: HashMap<String, String> = HashMap::new();
    TraceContextPropagator::new().inject_context(&cx, &mut carrier);
    carrier
        .remove("traceparent")
        .expect("the SDK writes a traceparent for a valid context")
}

fn check_inject(tp: &TraceParent) -> Result<(), TestCaseError> {
    let sdk = sdk_inject(tp);
    let mine = tp.encode();
    prop_assert_eq!(sdk.len(), 55);
    // Version, ids and dashes: byte for byte.
    prop_assert_eq!(&sdk[..53], &mine.as_str()[..53]);
    // D6: the SDK writes only the sampled bit.
    let sdk_flags = u8::from_str_radix(&sdk[53..], 16).unwrap();
    let my_flags = u8::from_str_radix(&mine.as_str()[53..], 16).unwrap();
    prop_assert_eq!(sdk_flags, my_flags & 0x01);
    if !tp.is_random() {
        prop_assert_eq!(sdk.as_str(), mine.as_str());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Valid version-00 values (with spec OWS around them): both accept and
    /// agree on trace-id, span id and sampled; inject agrees with encode.
    #[test]
    fn sdk_agrees_on_valid_version_00(
        t in trace_id(), p in span_id(), f in any::<u8>(), lead in "[ \t]{0,2}", trail in "[ \t]{0,2}",
    ) {
        let s = format!("{lead}00-{}-{}-{f:02x}{trail}", hex::encode(t.to_bytes()), hex::encode(p.to_bytes()));
        let want = (t.to_bytes(), p.to_bytes(), f & 1 == 1);
        prop_assert_eq!(ours(&s), Some(want));
        prop_assert_eq!(sdk_extract(&s), Some(want));
        let tp = TraceParent::parse(s.as_bytes()).unwrap();
        check_inject(&tp)?;
        check_inject(&tp.child(p))?;
        check_inject(&TraceParent::new(t, p, TraceFlags::from_bits(f)))?;
    }

    /// Higher versions by the prefix rule, with and without a suffix.
    #[test]
    fn sdk_agrees_on_valid_higher_versions(
        v in 1u8..0xff, t in trace_id(), p in span_id(), f in any::<u8>(), suffix in "(-[a-z0-9.]{0,12})?",
    ) {
        let s = format!("{v:02x}-{}-{}-{f:02x}{suffix}", hex::encode(t.to_bytes()), hex::encode(p.to_bytes()));
        let want = (t.to_bytes(), p.to_bytes(), f & 1 == 1);
        prop_assert_eq!(ours(&s), Some(want));
        prop_assert_eq!(sdk_extract(&s), Some(want));
        check_inject(&TraceParent::parse(s.as_bytes()).unwrap())?;
    }
}

const CANON: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// Whether replacing byte `pos` of a valid 55-byte value by the ASCII byte
/// `b` falls under a known SDK deviation.
fn known_deviation(higher_version: bool, pos: usize, b: u8) -> Option<&'static str> {
    if higher_version && b == b'-' && (3..52).contains(&pos) {
        return Some("D6b: higher version split on dashes, offsets not checked");
    }
    let field_start = matches!(pos, 0 | 3 | 36 | 53);
    if b == b'+' && field_start {
        return Some("D4: leading + accepted by from_str_radix");
    }
    if pos < 2 && (b'A'..=b'F').contains(&b) {
        return Some("D5: upper-case version accepted");
    }
    if (pos == 0 || pos == 54) && (b as char).is_whitespace() {
        return Some("D1/D3: trimmed, then a 1-digit version or flags accepted");
    }
    if pos == 54 && b == b'-' {
        return Some("D2/D3: trailing dash dropped, then 1-digit flags accepted");
    }
    None
}

/// Every ASCII byte at every position of a valid value (version 00 and a
/// higher one): the SDK and tracewire agree on accept/refuse and, when both
/// accept, on the fields, except where a known deviation applies.
#[test]
fn sdk_agrees_on_every_ascii_byte_at_every_position() {
    let mut compared = 0;
    let mut excluded = 0;
    for base in [
        CANON.to_string(),
        CANON.replacen("00", "cc", 1),
        CANON.replacen("-01", "-02", 1),
    ] {
        for pos in 0..55 {
            for b in 0..0x80u8 {
                let mut v = base.clone().into_bytes();
                v[pos] = b;
                let s = String::from_utf8(v).unwrap();
                let (mine, sdk) = (ours(&s), sdk_extract(&s));
                if let Some(why) = known_deviation(!base.starts_with("00"), pos, b) {
                    // Excluded, but the deviation only ever goes one way:
                    // the SDK accepts what tracewire refuses (D6b: it may
                    // also refuse, when the moved fields do not parse).
                    if mine.is_some() {
                        assert_eq!(mine, sdk, "{s:?}");
                    } else if !why.starts_with("D6b") {
                        assert!(
                            sdk.is_some(),
                            "{s:?} listed as {why} but the SDK refuses it"
                        );
                    }
                    excluded += 1;
                    continue;
                }
                assert_eq!(mine, sdk, "byte {b:#04x} at {pos}: {s:?}");
                compared += 1;
            }
        }
    }
    // Exclusions stay a small, known set (under 1% of the inputs).
    assert!(
        compared > 20_000 && excluded * 100 < compared,
        "{compared} compared, {excluded} excluded"
    );
}

/// Truncations and one-byte extensions of a valid value.
#[test]
fn sdk_agrees_on_truncations_and_extensions() {
    for len in 0..CANON.len() {
        let s = &CANON[..len];
        if len == 54 {
            // D3: `00-{T}-{P}-0` has 1-digit flags, which the SDK accepts.
            assert!(ours(s).is_none() && sdk_extract(s).is_some());
            continue;
        }
        assert_eq!(ours(s), sdk_extract(s), "{s:?}");
    }
    for b in 0..0x80u8 {
        let s = format!("{CANON}{}", b as char);
        let deviation = b == b'-' // D2
            || b.is_ascii_hexdigit() // D3: 3-digit flags
            || (b as char).is_whitespace(); // D1 (SP/HTAB agree anyway)
        if deviation {
            continue;
        }
        assert_eq!(ours(&s), sdk_extract(&s), "{s:?}");
    }
}

/// Pins each listed deviation: tracewire refuses, the SDK accepts.
#[test]
fn sdk_known_deviations_are_real() {
    let t = "4bf92f3577b34da6a3ce929d0e0e4736";
    let p = "00f067aa0ba902b7";
    let cases = [
        ("D1", format!("\n00-{t}-{p}-01\r")),
        ("D1", format!("\u{a0}00-{t}-{p}-01")),
        ("D2", format!("00-{t}-{p}-01-")),
        ("D3", format!("0-{t}-{p}-01")),
        ("D3", format!("000-{t}-{p}-01")),
        ("D3", format!("00-{}-{p}-01", &t[1..])),
        ("D3", format!("00-{t}-{}-01", &p[1..])),
        ("D3", format!("00-{t}-{p}-1")),
        ("D3", format!("00-{t}-{p}-001")),
        ("D4", format!("00-+{}-{p}-01", &t[1..])),
        ("D4", format!("00-{t}-{p}-+1")),
        ("D5", format!("A0-{t}-{p}-01")),
        ("D6b", format!("cc-{t}-{}-{}-01", &p[..13], &p[14..])),
    ];
    for (d, s) in cases {
        assert!(ours(&s).is_none(), "{d}: tracewire must refuse {s:?}");
        assert!(
            sdk_extract(&s).is_some(),
            "{d}: the SDK no longer accepts {s:?}"
        );
    }
    // D6: random-trace-id bit dropped.
    let tp = TraceParent::parse(format!("00-{t}-{p}-02").as_bytes()).unwrap();
    assert!(tp.is_random());
    assert_eq!(sdk_inject(&tp), format!("00-{t}-{p}-00"));
}
