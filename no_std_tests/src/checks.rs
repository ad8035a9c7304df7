//! The checks both binaries run: the shared vectors of
//! `tests/vectors/mod.rs`, plus child, encode and the const paths. Only
//! `core` and libc's `write` are used, and nothing here can panic (no
//! indexing, no unwrap), so the `no_panic` binary can prove it at link time.

use tracewire::baggage::Limits;
use tracewire::{
    Baggage, BaggageRef, ErrorKind, SliceSink, SpanId, TraceFlags, TraceId, TraceParent,
    TraceState, TraceStateRef,
};

// The vectors keep their one-line-per-vector layout.
#[rustfmt::skip]
#[path = "../../tests/vectors/mod.rs"]
mod vectors;

/// Binary trace context and Server-Timing (issue #6). Included rather than
/// declared, so the path is the same when `no_panic` loads this file.
mod embedded {
    include!("checks/embedded.rs");
}

#[link(name = "c")]
unsafe extern "C" {
    fn write(fd: i32, buf: *const u8, count: usize) -> isize;
}

/// Writes `bytes` to stdout (best effort; a short write is ignored).
pub fn print(bytes: &[u8]) {
    // SAFETY: the pointer and length come from a live slice.
    unsafe {
        write(1, bytes.as_ptr(), bytes.len());
    }
}

/// Writes `n` in decimal, without allocating.
pub fn print_num(mut n: usize) {
    let mut buf = [0u8; 20];
    let mut start = buf.len();
    loop {
        start -= 1;
        if let Some(d) = buf.get_mut(start) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    print(buf.get(start..).unwrap_or_default());
}

/// Counts checks and failures; prints one line per failure.
pub struct Tally {
    /// Checks run.
    pub checks: usize,
    /// Checks that failed.
    pub failures: usize,
}

impl Tally {
    fn check(&mut self, ok: bool, spec: &str, what: &str, input: &[u8]) {
        self.checks += 1;
        if !ok {
            self.failures += 1;
            print(b"FAIL ");
            print(spec.as_bytes());
            print(b" ");
            print(what.as_bytes());
            print(b": ");
            print(input);
            print(b"\n");
        }
    }
}

/// Runs every check and returns the tally.
pub fn run() -> Tally {
    let mut t = Tally {
        checks: 0,
        failures: 0,
    };
    vectors_valid(&mut t);
    vectors_invalid(&mut t);
    child_and_encode(&mut t);
    const_paths(&mut t);
    tracestate_vectors(&mut t);
    tracestate_owned(&mut t);
    embedded::run(&mut t);
    baggage_vectors(&mut t);
    baggage_owned(&mut t);
    t
}

// TP-01, TP-08, TP-10, TP-13, TP-14, TP-17: every valid vector parses to the
// recorded fields and encodes to the recorded bytes.
fn vectors_valid(t: &mut Tally) {
    for v in vectors::TP_VALID {
        match TraceParent::parse(v.input) {
            Ok(tp) => {
                t.check(tp.version() == v.version, v.spec, "version", v.input);
                t.check(
                    tp.trace_id().encode().as_str() == v.trace_id,
                    v.spec,
                    "trace-id",
                    v.input,
                );
                t.check(
                    tp.parent_id().encode().as_str() == v.parent_id,
                    v.spec,
                    "parent-id",
                    v.input,
                );
                t.check(tp.flags().bits() == v.flags, v.spec, "flags", v.input);
                t.check(
                    tp.encode().as_bytes().as_slice() == v.encoded,
                    v.spec,
                    "encoded",
                    v.input,
                );
            }
            Err(_) => t.check(false, v.spec, "refused a valid value", v.input),
        }
    }
}

// TP-02..TP-07, TP-09, TP-11..TP-13: every invalid vector fails with the
// recorded kind at the recorded offset.
fn vectors_invalid(t: &mut Tally) {
    for v in vectors::TP_INVALID {
        match TraceParent::parse(v.input) {
            Ok(_) => t.check(false, v.spec, "accepted an invalid value", v.input),
            Err(e) => {
                t.check(e.kind().name() == v.kind, v.spec, "kind", v.input);
                t.check(e.offset() == v.offset, v.spec, "offset", v.input);
                t.check(
                    e.offset() <= v.input.len(),
                    v.spec,
                    "offset in input",
                    v.input,
                );
            }
        }
    }
}

// TP-15, TP-18, TP-21, TP-23..TP-25, TP-28: continuing a trace.
fn child_and_encode(t: &mut Tally) {
    let input: &[u8] = b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-later";
    let Ok(incoming) = TraceParent::parse(input) else {
        t.check(false, "TP-13", "parse", input);
        return;
    };
    let Some(span) = SpanId::from_u64(0x53ce_929d_0e0e_4736) else {
        t.check(false, "TP-06", "span id", b"53ce929d0e0e4736");
        return;
    };
    let child = incoming.child(span);
    let want: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-53ce929d0e0e4736-03";
    t.check(
        child.encode().as_bytes().as_slice() == want,
        "TP-15",
        "child encode",
        input,
    );
    t.check(
        child.trace_id() == incoming.trace_id(),
        "TP-21",
        "trace-id kept",
        input,
    );
    t.check(child.is_random(), "TP-24", "random bit kept", input);
    let unsampled = incoming.child_with_sampled(span, false);
    t.check(
        !unsampled.is_sampled() && unsampled.is_random(),
        "TP-25",
        "sampled",
        input,
    );
    t.check(
        unsampled.flags() == TraceFlags::RANDOM,
        "TP-25",
        "flags",
        input,
    );

    // write_to: a short sink is refused and left untouched; a long one gets 55 bytes.
    let mut short = [b'x'; 54];
    let mut sink = SliceSink::new(&mut short);
    t.check(
        child.write_to(&mut sink).is_err(),
        "TP-28",
        "short sink refused",
        input,
    );
    t.check(sink.is_empty(), "TP-28", "short sink untouched", input);
    let mut long = [0u8; 64];
    let mut sink = SliceSink::new(&mut long);
    t.check(
        child.write_to(&mut sink) == Ok(55),
        "TP-28",
        "write_to",
        input,
    );
    t.check(sink.as_bytes() == want, "TP-28", "write_to bytes", input);
    let mut buf = [0u8; 55];
    t.check(
        child.encode_into(&mut buf) == Ok(55),
        "TP-28",
        "encode_into",
        input,
    );
    t.check(buf.as_slice() == want, "TP-28", "encode_into bytes", input);

    // Round trip of the canonical form (TP-01).
    t.check(
        TraceParent::parse(want) == Ok(child),
        "TP-01",
        "round trip",
        want,
    );
}

// The const fn parser and the macros, evaluated at compile time.
fn const_paths(t: &mut Tally) {
    const TP: TraceParent =
        tracewire::traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    const TID: TraceId = tracewire::trace_id!("4bf92f3577b34da6a3ce929d0e0e4736");
    const SID: SpanId = tracewire::span_id!("00f067aa0ba902b7");
    const FF: ErrorKind =
        match TraceParent::parse(b"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") {
            Ok(_) => ErrorKind::TooShort,
            Err(e) => e.kind(),
        };
    t.check(
        TP.trace_id() == TID && TP.parent_id() == SID,
        "TP-01",
        "macros",
        vectors::TP_CANONICAL,
    );
    t.check(TP.is_sampled(), "TP-17", "sampled", vectors::TP_CANONICAL);
    t.check(
        FF == ErrorKind::ForbiddenVersion,
        "TP-07",
        "const parse",
        b"ff-...",
    );
    t.check(
        TID.to_u128() == 0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736,
        "TP-01",
        "u128",
        b"",
    );
}

// TS-01..TS-18: every shared tracestate vector parses to the recorded member
// count and encodes to the recorded bytes, through the view and the owned
// state; every invalid one fails with the recorded kind, field and offset.
fn tracestate_vectors(t: &mut Tally) {
    for v in vectors::TS_VALID {
        let first = v.fields.first().copied().unwrap_or_default();
        match TraceStateRef::parse_fields(v.fields) {
            Ok(ts) => {
                t.check(ts.len() == v.members, v.spec, "members", first);
                let mut buf = [0u8; 512];
                let n = ts.encode_into(&mut buf).unwrap_or(usize::MAX);
                t.check(
                    buf.get(..n) == Some(v.encoded),
                    v.spec,
                    "view encoding",
                    first,
                );
                match TraceState::<512>::try_from(&ts) {
                    Ok(owned) => {
                        t.check(
                            owned.as_bytes() == v.encoded,
                            v.spec,
                            "owned encoding",
                            first,
                        );
                        t.check(owned.view() == ts, v.spec, "owned view", first);
                    }
                    Err(_) => t.check(false, v.spec, "owned copy", first),
                }
            }
            Err(_) => t.check(false, v.spec, "refused a valid value", first),
        }
    }
    for v in vectors::TS_INVALID {
        let first = v.fields.first().copied().unwrap_or_default();
        match TraceStateRef::parse_fields(v.fields) {
            Ok(_) => t.check(false, v.spec, "accepted an invalid value", first),
            Err(e) => {
                t.check(e.kind().name() == v.kind, v.spec, "kind", first);
                t.check(e.field() == v.field, v.spec, "field", first);
                t.check(e.offset() == v.offset, v.spec, "offset", first);
            }
        }
    }
}

// TS-21..TS-26, TS-28, TS-29: the owned state's mutations, at the default
// capacity and at MCU sizes.
fn tracestate_owned(t: &mut Tally) {
    let Ok(view) = TraceStateRef::parse(b"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE") else {
        t.check(false, "TS-22", "parse", b"");
        return;
    };
    let mut ts = TraceState::<512>::try_from(&view).unwrap_or_default();
    let updated = ts.insert("congo", "ucfJifl5GOE").is_ok();
    t.check(
        updated && ts.as_bytes() == b"congo=ucfJifl5GOE,rojo=00f067aa0ba902b7",
        "TS-22",
        "update moves first",
        ts.as_bytes(),
    );
    let refused = ts.insert("k", "1\r\nx: 1").is_err() && ts.insert("K", "1").is_err();
    t.check(
        refused && ts.len() == 2,
        "TS-26",
        "bad member refused",
        ts.as_bytes(),
    );
    t.check(ts.remove("rojo") == 1, "TS-25", "remove", ts.as_bytes());
    t.check(
        ts.get("congo") == Some("ucfJifl5GOE"),
        "TS-10",
        "get",
        ts.as_bytes(),
    );

    // TS-28: the spec's example, with a 7-byte capacity.
    let big = b"a=1,b=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,c=3";
    match TraceStateRef::parse(big) {
        Ok(v) => {
            let (small, dropped) = TraceState::<7>::from_view_truncating(&v);
            t.check(
                small.as_bytes() == b"a=1,c=3" && dropped.total() == 1,
                "TS-28",
                "truncation",
                small.as_bytes(),
            );
        }
        Err(_) => t.check(false, "TS-28", "parse", big),
    }

    // TS-24: 40 inserts into a TraceState<128> keep at most 32 members and
    // the newest first.
    let mut full = TraceState::<512>::new();
    let mut full_ok = true;
    for i in 0..40u8 {
        let key = [b'k', b'0' + i / 10, b'0' + i % 10];
        full_ok &= core::str::from_utf8(&key).is_ok_and(|k| full.insert(k, "v").is_ok());
    }
    t.check(
        full_ok && full.len() == 32 && full.iter().last() == Some(("k08", "v")),
        "TS-24",
        "33rd member drops the right-most",
        full.as_bytes(),
    );
    let mut mcu = TraceState::<128>::new();
    let mut ok = true;
    for i in 0..40u8 {
        let key = [b'k', b'0' + i / 10, b'0' + i % 10];
        ok &= core::str::from_utf8(&key).is_ok_and(|k| mcu.insert(k, "v").is_ok());
    }
    t.check(
        ok && mcu.len() <= 32
            && mcu.encoded_len() <= 128
            && mcu.iter().next() == Some(("k39", "v")),
        "TS-24",
        "mcu inserts",
        mcu.as_bytes(),
    );
}

// BG-01..BG-11, BG-20, BG-21, BG-23: the shared baggage vectors, strict and
// lenient, with values decoded into a stack buffer.
fn baggage_vectors(t: &mut Tally) {
    let mut buf = [0u8; 64];
    for v in vectors::BG_VALID {
        match BaggageRef::parse(v.input) {
            Ok(b) => {
                t.check(b.len() == v.members, v.spec, "members", v.input);
                let mut out = [0u8; 128];
                let mut sink = SliceSink::new(&mut out);
                let written = b.write_to(&mut sink).is_ok();
                t.check(
                    written && sink.as_bytes() == v.encoded,
                    v.spec,
                    "encoded",
                    v.input,
                );
                let value = b.get(v.key).map(|m| m.value());
                let decoded = value.map(|d| d.decode_into(&mut buf));
                let ok = match (decoded, v.value) {
                    (Some(Ok(got)), Some(want)) => got == want,
                    (None, None) => true,
                    _ => false,
                };
                t.check(ok, v.spec, "get and decode", v.input);
                t.check(
                    BaggageRef::lenient(v.input) == b,
                    v.spec,
                    "lenient",
                    v.input,
                );
            }
            Err(_) => t.check(false, v.spec, "refused valid baggage", v.input),
        }
    }
    for v in vectors::BG_INVALID {
        match BaggageRef::parse(v.input) {
            Ok(_) => t.check(false, v.spec, "accepted invalid baggage", v.input),
            Err(e) => {
                t.check(e.kind().name() == v.kind, v.spec, "kind", v.input);
                t.check(e.offset() == v.offset, v.spec, "offset", v.input);
            }
        }
        let mut out = [0u8; 128];
        let mut sink = SliceSink::new(&mut out);
        let written = BaggageRef::lenient(v.input).write_to(&mut sink).is_ok();
        t.check(
            written && sink.as_bytes() == v.lenient,
            v.spec,
            "lenient",
            v.input,
        );
    }
}

// BG-12, BG-13, BG-15, BG-25..BG-27: the owned baggage in inline storage.
fn baggage_owned(t: &mut Tally) {
    let input: &[u8] = b"userId=alice,serverNode=DF%2028,isProduction=false";
    let Ok(view) = BaggageRef::parse(input) else {
        t.check(false, "BG-27", "parse", input);
        return;
    };
    let Ok(mut b) = Baggage::<128, 8>::try_from(&view) else {
        t.check(false, "BG-15", "copy from a view", input);
        return;
    };
    t.check(
        b.insert("userId", "Am\u{e9}lie 50%").is_ok(),
        "BG-26",
        "insert",
        input,
    );
    t.check(
        b.insert_with_properties("k", "a;b", &[("p", None), ("q", Some("\r\n"))])
            .is_ok(),
        "BG-13",
        "insert with properties",
        input,
    );
    t.check(
        b.insert("bad key", "v").is_err(),
        "BG-13",
        "non-token key",
        input,
    );
    t.check(b.remove("isProduction") == 1, "BG-25", "remove", input);
    t.check(
        b.get("k").is_some_and(|m| m.raw_value() == "a%3Bb") && b.get("k=a").is_none(),
        "BG-08",
        "get",
        input,
    );
    let want: &[u8] = b"userId=Am%C3%A9lie%2050%25,serverNode=DF%2028,k=a%3Bb;p;q=%0D%0A";
    let mut out = [0u8; 128];
    let n = b.encode_into(&mut out).unwrap_or(0);
    t.check(out.get(..n) == Some(want), "BG-12", "encode", input);
    let again = BaggageRef::parse(b.as_bytes())
        .ok()
        .and_then(|v| Baggage::<128, 8>::try_from(&v).ok());
    t.check(
        again.as_ref() == Some(&b),
        "BG-27",
        "parse(encode(b)) == b",
        input,
    );
    let dup: &[u8] = b"a=1,b=2,a=3";
    let deduped = Baggage::<32, 4>::try_from(BaggageRef::lenient(dup)).map(|mut d| (d.dedupe(), d));
    t.check(
        matches!(&deduped, Ok((1, d)) if d.as_bytes() == b"b=2,a=3"),
        "BG-08",
        "dedupe",
        dup,
    );
    let (small, dropped) = Baggage::<16, 8>::from_view_truncating(&view);
    t.check(
        small.as_bytes() == b"userId=alice" && dropped == 2,
        "BG-15",
        "truncate",
        input,
    );
    // The view's own limits drop whole members from the end, and say how
    // many; a raised capacity reads with raised limits.
    let limited = BaggageRef::lenient(input).with_limits(Limits::new(2, 64));
    t.check(
        limited.len() == 2 && limited.dropped() == 1,
        "BG-15",
        "view counts what its limits drop",
        input,
    );
    t.check(
        Baggage::<16384, 128>::READ_LIMITS == Limits::new(128, 16384)
            && Baggage::<128, 8>::READ_LIMITS == Limits::DEFAULT,
        "BG-16",
        "read limits follow a raised capacity",
        input,
    );
}
