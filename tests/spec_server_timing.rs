//! The Server-Timing `trace` metric of `shared/spec/server-timing.md`, by
//! requirement ID.

use proptest::prelude::*;
use tracewire::{
    CapacityError, ErrorKind, ServerTiming, Sink, SliceSink, SpanId, TraceFlags, TraceId,
    TraceParent, span_id, traceparent,
};

const T: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const P: &str = "00f067aa0ba902b7";

fn tp(flags: &str) -> String {
    format!("00-{T}-{P}-{flags}")
}

/// The context found in one field value, if valid.
fn found(value: &str) -> Option<TraceParent> {
    ServerTiming::parse(value.as_bytes())
        .ok()
        .flatten()
        .map(|m| m.context())
}

fn expected() -> TraceParent {
    TraceParent::parse(tp("01").as_bytes()).unwrap()
}

#[test]
fn st_01_encodes_trace_desc_unquoted_without_dur() {
    let ctx = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .child(span_id!("b7ad6b7169203331"));
    let m = ServerTiming::new(ctx);
    let want = format!("trace;desc=00-{T}-b7ad6b7169203331-01");
    assert_eq!(m.encode().as_str(), want);
    assert_eq!(m.to_string(), want);
    assert_eq!(m.encoded_len(), 66);
    assert_eq!(ServerTiming::LEN, 66);
    let mut buf = [0u8; 66];
    assert_eq!(m.encode_into(&mut buf), Ok(66));
    assert_eq!(&buf[..], want.as_bytes());
    let mut sink_buf = [0u8; 70];
    let mut sink = SliceSink::new(&mut sink_buf);
    assert_eq!(m.write_to(&mut sink), Ok(66));
    assert_eq!(sink.as_str(), want);
}

#[test]
fn st_01_higher_version_context_is_written_as_00() {
    let ctx = TraceParent::parse(format!("cc-{T}-{P}-01-extra").as_bytes()).unwrap();
    assert_eq!(
        ServerTiming::new(ctx).to_string(),
        format!("trace;desc=00-{T}-{P}-01")
    );
}

#[test]
fn st_01_short_buffer_is_a_capacity_error() {
    let m = ServerTiming::new(expected());
    let mut buf = [9u8; 65];
    assert_eq!(m.encode_into(&mut buf), Err(CapacityError));
    assert_eq!(buf, [9u8; 65]);
    let mut sink = SliceSink::new(&mut buf);
    assert_eq!(m.write_to(&mut sink), Err(CapacityError));
    assert!(sink.is_empty());
}

#[test]
fn st_02_reserved_bits_written_zero_known_bits_by_masking() {
    for (inp, out) in [
        ("ff", "03"),
        ("fd", "01"),
        ("fe", "02"),
        ("fc", "00"),
        ("03", "03"),
    ] {
        let m = ServerTiming::new(TraceParent::parse(tp(inp).as_bytes()).unwrap());
        assert_eq!(m.to_string(), format!("trace;desc={}", tp(out)));
    }
    let m = found(&format!("trace;desc={}", tp("ff"))).unwrap();
    assert!(m.is_sampled() && m.is_random());
}

#[test]
fn st_03_appending_keeps_other_metrics() {
    let existing = r#"cache;desc="Cache Read";dur=23.2, db;dur=53"#;
    let mut buf = [0u8; 160];
    let mut sink = SliceSink::new(&mut buf);
    sink.write_str(existing).unwrap();
    sink.write_str(", ").unwrap();
    ServerTiming::new(expected()).write_to(&mut sink).unwrap();
    let out = sink.as_str();
    assert!(out.starts_with(existing));
    assert_eq!(found(out), Some(expected()));
    // Or as its own field: the other field is untouched.
    let own = ServerTiming::new(expected()).to_string();
    let fields = [existing.as_bytes(), own.as_bytes()];
    assert_eq!(
        ServerTiming::find(fields).unwrap().map(|m| m.context()),
        Some(expected())
    );
}

#[test]
fn st_04_nothing_is_emitted_without_an_explicit_call() {
    // The only ways to produce the metric take the value explicitly; parsing a
    // request's traceparent never yields a Server-Timing value by itself.
    let incoming = expected();
    let ours = incoming.child(span_id!("b7ad6b7169203331"));
    let m: ServerTiming = ours.into();
    assert_eq!(m.context(), ours);
}

#[test]
fn st_05_found_by_name_any_case_among_other_metrics() {
    for name in ["trace", "Trace", "TRACE", "tRaCe"] {
        assert_eq!(
            found(&format!("cache;dur=23.2, {name};desc={}", tp("01"))),
            Some(expected()),
            "{name}"
        );
    }
    assert_eq!(found(&format!("traced;desc={}", tp("01"))), None);
    assert_eq!(found(&format!("xtrace;desc={}", tp("01"))), None);
    assert_eq!(found("cache;dur=23.2, db;dur=53"), None);
    assert_eq!(found(""), None);
}

#[test]
fn st_05_all_fields_in_order() {
    let good = format!("trace;desc={}", tp("01"));
    let fields: [&[u8]; 3] = [b"cache;dur=1", b"", good.as_bytes()];
    assert_eq!(
        ServerTiming::find(fields).unwrap().map(|m| m.context()),
        Some(expected())
    );
    let no: [&[u8]; 0] = [];
    assert_eq!(ServerTiming::find(no), Ok(None));
    // The first field with a trace metric decides (ST-13 across fields).
    let bad = b"trace;desc=zz";
    let err = ServerTiming::find([&bad[..], good.as_bytes()]).unwrap_err();
    assert_eq!((err.field(), err.offset()), (0, 11));
    let err = ServerTiming::find([&b"a"[..], &bad[..]]).unwrap_err();
    assert_eq!((err.field(), err.offset()), (1, 11));
}

#[test]
fn st_06_quoted_commas_and_semicolons_do_not_split() {
    assert_eq!(
        found(&format!(r#"x;desc="a,b;c", trace;desc={}"#, tp("01"))),
        Some(expected())
    );
    // A quoted "trace" inside another metric's desc is not a metric.
    assert_eq!(
        found(&format!(r#"x;desc="a, trace;desc={}""#, tp("01"))),
        None
    );
    // Escaped quotes inside the quoted-string.
    assert_eq!(
        found(&format!(r#"x;desc="a\",trace;b", trace;desc={}"#, tp("01"))),
        Some(expected())
    );
}

#[test]
fn st_07_ows_around_separators() {
    assert_eq!(
        found(&format!("trace ; desc = {}", tp("01"))),
        Some(expected())
    );
    assert_eq!(
        found(&format!("\t trace\t;\tdesc\t=\t{} \t, db;dur=1", tp("01"))),
        Some(expected())
    );
    assert_eq!(
        found(&format!("db ;dur = 2 ,  trace;desc={}  ", tp("01"))),
        Some(expected())
    );
}

#[test]
fn st_08_quoted_desc_is_unescaped() {
    assert_eq!(
        found(&format!(r#"trace;desc="{}""#, tp("01"))),
        Some(expected())
    );
    let escaped: String = tp("01").chars().flat_map(|c| ['\\', c]).collect();
    assert_eq!(
        found(&format!(r#"trace;desc="{escaped}""#)),
        Some(expected())
    );
    assert_eq!(
        found(&format!(r#"trace;desc="{}" ;dur=1"#, tp("01"))),
        Some(expected())
    );
}

#[test]
fn st_08_malformed_quoted_string() {
    let v = format!(r#"trace;desc="{}"#, tp("01"));
    let e = ServerTiming::parse(v.as_bytes()).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidQuotedString, v.len())
    );
    let v = format!(r#"trace;desc="{}"x"#, tp("01"));
    let e = ServerTiming::parse(v.as_bytes()).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::InvalidQuotedString, v.len() - 1)
    );
    assert_eq!(
        e.to_string(),
        format!(
            "unterminated or malformed quoted-string at byte {} (ST-08)",
            v.len() - 1
        )
    );
    let e = ServerTiming::parse(br#"trace;desc="\"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidQuotedString);
}

#[test]
fn st_08_offsets_inside_quotes_point_at_the_raw_byte() {
    // Uppercase digit at unescaped index 4, after one escaped byte.
    let v = format!(
        r#"trace;desc="\0{}""#,
        &tp("01")[1..].replace("4bf9", "4BF9")
    );
    let e = ServerTiming::parse(v.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UppercaseHex);
    assert_eq!(&v.as_bytes()[e.offset()..e.offset() + 1], b"B");
}

#[test]
fn st_09_only_the_first_desc_counts() {
    assert_eq!(
        found(&format!("trace;desc={};desc=x", tp("01"))),
        Some(expected())
    );
    assert_eq!(found(&format!("trace;desc=x;desc={}", tp("01"))), None);
    let e = ServerTiming::parse(format!("trace;desc=x;desc={}", tp("01")).as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidVersion, 11));
}

#[test]
fn st_10_dur_and_unknown_parameters_are_ignored() {
    assert_eq!(
        found(&format!("trace;dur=0;foo=bar;desc={}", tp("01"))),
        Some(expected())
    );
    assert_eq!(
        found(&format!(
            r#"trace;foo="x;desc=y";dur=1.5;desc={}"#,
            tp("01")
        )),
        Some(expected())
    );
    // A parameter without a value is skipped too.
    assert_eq!(
        found(&format!("trace;flag;desc={}", tp("01"))),
        Some(expected())
    );
}

#[test]
fn st_11_desc_follows_the_traceparent_rules() {
    let cases: [(String, ErrorKind, usize); 6] = [
        (
            format!("00-{}-{P}-01", T.to_uppercase()),
            ErrorKind::UppercaseHex,
            4,
        ),
        (format!("00-{T}-{P}-01x"), ErrorKind::TrailingData, 55),
        (format!("ff-{T}-{P}-01"), ErrorKind::ForbiddenVersion, 0),
        (
            format!("00-{}-{P}-01", "0".repeat(32)),
            ErrorKind::AllZeroTraceId,
            3,
        ),
        (
            format!("00-{T}-{}-01", "0".repeat(16)),
            ErrorKind::AllZeroParentId,
            36,
        ),
        (format!("00-{T}-{P}-1"), ErrorKind::FieldTooShort, 54),
    ];
    for (desc, kind, at) in cases {
        for (prefix, quote) in [("trace;desc=", ""), ("trace;desc=\"", "\"")] {
            let v = format!("{prefix}{desc}{quote}");
            let e = ServerTiming::parse(v.as_bytes()).unwrap_err();
            assert_eq!((e.kind(), e.offset()), (kind, prefix.len() + at), "{v}");
            assert_eq!(found(&v), None);
        }
    }
    // TP-13: a higher version is read by prefix, quoted or not, long or not.
    let later = format!("cc-{T}-{P}-01-{}", "x".repeat(100));
    let m = found(&format!("trace;desc={later}")).unwrap();
    assert_eq!(
        (m.version(), m.trace_id().to_string()),
        (0xcc, T.to_owned())
    );
    assert_eq!(
        found(&format!(r#"trace;desc="{later}""#))
            .unwrap()
            .version(),
        0xcc
    );
    // Version 00 quoted with more than 56 bytes: still TP-04.
    let v = format!(r#"trace;desc="{}{}""#, tp("01"), "0".repeat(40));
    let e = ServerTiming::parse(v.as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::FieldTooLong, 12 + 55));
}

#[test]
fn st_11_an_invalid_desc_is_no_context_never_a_response_error() {
    // `parse` never fails on the response as a whole: other metrics, however
    // odd, only make it return no trace context.
    for v in [
        "trace;desc=",
        "trace;desc=\"\"",
        ",,,",
        "\"",
        "x;desc=\"unterminated",
        "trace;desc=00-zz",
    ] {
        assert_eq!(found(v), None, "{v}");
    }
}

#[test]
fn st_12_trace_without_desc_is_no_context() {
    for v in [
        "trace",
        "trace;dur=1",
        "trace;Description=x",
        "trace, cache;desc=1",
    ] {
        let e = ServerTiming::parse(v.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingDesc, "{v}");
        assert_eq!(found(v), None);
    }
    let e = ServerTiming::parse(b"trace;dur=1, x").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingDesc, 11));
    assert_eq!(
        e.to_string(),
        "trace metric without desc at byte 11 (ST-12)"
    );
}

#[test]
fn st_13_first_trace_metric_wins() {
    let other = format!("00-{T}-b7ad6b7169203331-01");
    assert_eq!(
        found(&format!("trace;desc={}, trace;desc={other}", tp("01"))),
        Some(expected())
    );
    assert_eq!(found(&format!("trace;desc=bad, trace;desc={other}")), None);
    assert_eq!(found(&format!("trace, trace;desc={other}")), None);
}

#[test]
fn st_14_parameter_names_any_case() {
    for name in ["DESC", "Desc", "dEsC"] {
        assert_eq!(
            found(&format!("trace;{name}={}", tp("01"))),
            Some(expected()),
            "{name}"
        );
    }
}

#[test]
fn st_15_random_bit_comes_from_the_context() {
    // Continued: the incoming value's bit.
    for (incoming, bit) in [("02", true), ("00", false), ("03", true)] {
        let ctx = TraceParent::parse(tp(incoming).as_bytes())
            .unwrap()
            .child(span_id!("b7ad6b7169203331"));
        let written = ServerTiming::new(ctx).to_string();
        assert_eq!(found(&written).unwrap().is_random(), bit);
    }
    // From a downstream metric: the bit it carried.
    let downstream = found(&format!("trace;desc={}", tp("02"))).unwrap();
    let written = ServerTiming::new(downstream.child(span_id!("b7ad6b7169203331"))).to_string();
    assert!(written.ends_with("-02"));
}

#[test]
fn st_16_sampled_reflects_the_servers_decision() {
    let incoming = TraceParent::parse(tp("00").as_bytes()).unwrap();
    let recorded = incoming.child_with_sampled(span_id!("b7ad6b7169203331"), true);
    assert!(ServerTiming::new(recorded).to_string().ends_with("-01"));
}

prop_compose! {
    fn any_context()(t in any::<u128>(), p in any::<u64>(), f in any::<u8>()) -> TraceParent {
        TraceParent::new(
            TraceId::from_u128(t.max(1)).unwrap(),
            SpanId::from_u64(p.max(1)).unwrap(),
            TraceFlags::from_bits(f),
        )
    }
}

fn other_metric() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("cache;dur=23.2".to_owned()),
        Just(r#"x;desc="a,b;c""#.to_owned()),
        Just(r#"db;desc="q\"trace,\"";dur=1"#.to_owned()),
        "[a-z]{1,8}(;dur=[0-9]{1,3})?"
            .prop_filter("not trace", |s| !s.eq_ignore_ascii_case("trace")
                && !s.to_ascii_lowercase().starts_with("trace;")),
    ]
}

proptest! {
    // ST-01/ST-05 round trip: what we write is found again among any others.
    #[test]
    fn st_roundtrip_among_other_metrics(
        ctx in any_context(),
        before in proptest::collection::vec(other_metric(), 0..4),
        after in proptest::collection::vec(other_metric(), 0..4),
        ows in "[ \t]{0,2}",
    ) {
        let metric = ServerTiming::new(ctx).to_string();
        let mut all = before.clone();
        all.push(metric);
        all.extend(after);
        let header = all.join(&format!("{ows},{ows}"));
        let m = ServerTiming::parse(header.as_bytes()).unwrap().unwrap();
        prop_assert_eq!(m.context(), ctx);
        prop_assert_eq!(ServerTiming::new(m.context()).encode(), ServerTiming::new(ctx).encode());
    }

    // ST-08: any escaping of the desc gives the same context.
    #[test]
    fn st_08_any_escaping(ctx in any_context(), mask in any::<u64>()) {
        let text = ctx.encode();
        let quoted: String = text.chars().enumerate().map(|(i, c)| {
            if mask >> (i % 64) & 1 == 1 { format!("\\{c}") } else { c.to_string() }
        }).collect();
        let v = format!("trace;desc=\"{quoted}\"");
        prop_assert_eq!(ServerTiming::parse(v.as_bytes()).unwrap().unwrap().context(), ctx);
    }

    #[test]
    fn st_noise_never_panics(b in proptest::collection::vec(any::<u8>(), 0..120)) {
        if let Err(e) = ServerTiming::parse(&b) {
            prop_assert!(e.offset() <= b.len());
        }
    }

    #[test]
    fn st_structured_noise_never_panics(s in r#"(trace|TRACE|x|;|,| |=|"|\\|desc|dur|00-|4bf9)*"#) {
        if let Err(e) = ServerTiming::parse(s.as_bytes()) {
            prop_assert!(e.offset() <= s.len());
        }
    }
}

#[test]
fn st_error_kinds_have_ids_names_and_messages() {
    for (kind, id, name, msg) in [
        (
            ErrorKind::MissingDesc,
            "ST-12",
            "MissingDesc",
            "trace metric without desc",
        ),
        (
            ErrorKind::InvalidQuotedString,
            "ST-08",
            "InvalidQuotedString",
            "unterminated or malformed quoted-string",
        ),
    ] {
        assert_eq!(
            (kind.spec_id(), kind.name(), kind.message()),
            (id, name, msg)
        );
        assert_eq!(kind.to_string(), msg);
    }
}

#[test]
fn st_05_field_names_any_case_through_a_carrier() {
    use tracewire::propagation::{Extractor, Pairs};
    let desc = format!("trace;desc={}", tp("01"));
    let headers = [
        ("Server-Timing", &b"cache;dur=1"[..]),
        ("content-type", b"trace;desc=nope"),
        ("SERVER-TIMING", desc.as_bytes()),
    ];
    let carrier = Pairs::http(&headers);
    let m = ServerTiming::find(carrier.values_of(ServerTiming::HEADER))
        .unwrap()
        .unwrap();
    assert_eq!(m.context(), expected());
}
