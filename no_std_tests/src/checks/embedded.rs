// Checks of the embedded codecs (issue #6): the binary traceparent and
// tracestate, and the Server-Timing `trace` metric. Same rules as the
// parent module: only `core`, no indexing, no unwrap.

use super::Tally;
use tracewire::binary::{traceparent as bin, tracestate as bts};
use tracewire::{ErrorKind, ServerTiming, SliceSink, TraceParent, TraceStateRef};

/// The draft's binary traceparent example (binary.md).
const BIN_EXAMPLE: [u8; 29] = [
    0, 0, 75, 249, 47, 53, 119, 179, 77, 166, 163, 206, 146, 157, 0, 14, 71, 54, 1, 52, 240, 103,
    170, 11, 169, 2, 183, 2, 1,
];
const BIN_EXAMPLE_TEXT: &[u8] = b"00-4bf92f3577b34da6a3ce929d000e4736-34f067aa0ba902b7-01";

/// The draft's binary tracestate example (binary.md).
const TS_EXAMPLE: [u8; 32] = [
    0, 3, 102, 111, 111, 16, 51, 52, 102, 48, 54, 55, 97, 97, 48, 98, 97, 57, 48, 50, 98, 55, 0, 3,
    98, 97, 114, 4, 48, 46, 50, 53,
];
const TS_EXAMPLE_TEXT: &[u8] = b"foo=34f067aa0ba902b7,bar=0.25";

/// Runs the embedded-codec checks.
pub fn run(t: &mut Tally) {
    binary_traceparent(t);
    binary_tracestate(t);
    server_timing(t);
}

// BIN-01..BIN-10.
fn binary_traceparent(t: &mut Tally) {
    match (
        bin::parse(&BIN_EXAMPLE),
        TraceParent::parse(BIN_EXAMPLE_TEXT),
    ) {
        (Ok(b), Ok(text)) => {
            t.check(b == text, "BIN-09", "binary = text", BIN_EXAMPLE_TEXT);
            t.check(
                bin::encode(&text) == BIN_EXAMPLE,
                "BIN-01",
                "encode",
                BIN_EXAMPLE_TEXT,
            );
            let mut short = [0u8; 28];
            t.check(
                bin::encode_into(&text, &mut short).is_err(),
                "BIN-10",
                "short buffer",
                BIN_EXAMPLE_TEXT,
            );
            let mut long = [0u8; 32];
            let mut sink = SliceSink::new(&mut long);
            t.check(
                bin::write_to(&text, &mut sink) == Ok(29) && sink.as_bytes() == BIN_EXAMPLE,
                "BIN-10",
                "write_to",
                BIN_EXAMPLE_TEXT,
            );
        }
        _ => t.check(false, "BIN-01", "example parses", BIN_EXAMPLE_TEXT),
    }
    let cases: [(usize, ErrorKind, usize); 5] = [
        (0, ErrorKind::EmptyBinary, 0),
        (1, ErrorKind::MissingFieldId, 1),
        (10, ErrorKind::TraceIdTooShort, 10),
        (20, ErrorKind::ParentIdTooShort, 20),
        (28, ErrorKind::MissingFlags, 28),
    ];
    for (len, kind, offset) in cases {
        let input = BIN_EXAMPLE.get(..len).unwrap_or_default();
        let ok = matches!(bin::parse(input), Err(e) if e.kind() == kind && e.offset() == offset);
        t.check(ok, "BIN-03", "truncated", b"binary example prefix");
    }
    let mut later = BIN_EXAMPLE;
    if let Some(v) = later.first_mut() {
        *v = 7;
    }
    t.check(
        matches!(bin::parse(&later), Ok(tp) if tp.version() == 7),
        "BIN-07",
        "later version",
        b"07 00 ...",
    );
}

// BIN-11..BIN-18.
fn binary_tracestate(t: &mut Tally) {
    match (
        bts::parse(&TS_EXAMPLE, Some(0)),
        TraceStateRef::parse(TS_EXAMPLE_TEXT),
    ) {
        (Ok(b), Ok(text)) => {
            t.check(b.len() == 2, "BIN-11", "members", TS_EXAMPLE_TEXT);
            t.check(
                b.iter().eq(text.iter()),
                "BIN-16",
                "same members as text",
                TS_EXAMPLE_TEXT,
            );
            let mut buf = [0u8; 40];
            t.check(
                bts::encode_into(&text, &mut buf) == Ok(34)
                    && buf.get(..32) == Some(TS_EXAMPLE.as_slice()),
                "BIN-11",
                "encode",
                TS_EXAMPLE_TEXT,
            );
            let mut out = [0u8; 40];
            let mut sink = SliceSink::new(&mut out);
            t.check(
                b.write_text_to(&mut sink).is_ok() && sink.as_bytes() == TS_EXAMPLE_TEXT,
                "BIN-16",
                "to text",
                TS_EXAMPLE_TEXT,
            );
        }
        _ => t.check(false, "BIN-11", "example parses", TS_EXAMPLE_TEXT),
    }
    let bad: [(&[u8], ErrorKind); 4] = [
        (&[1, 1, b'a', 1, b'1'], ErrorKind::InvalidFieldId),
        (&[0, 3, b'a'], ErrorKind::KeyTooShort),
        (&[0, 1, b'a', 0], ErrorKind::EmptyBinaryValue),
        (&[0, 1, b'A', 1, b'1'], ErrorKind::InvalidKeyStart),
    ];
    for (input, kind) in bad {
        let ok = matches!(bts::parse(input, None), Err(e) if e.kind() == kind && e.offset() <= input.len());
        t.check(ok, kind.spec_id(), "invalid binary tracestate", input);
    }
}

// ST-01, ST-05..ST-12.
fn server_timing(t: &mut Tally) {
    let header: &[u8] = b"cache;dur=2, x;desc=\"a,b\", TRACE ; DESC = \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"";
    match (
        ServerTiming::parse(header),
        TraceParent::parse(super::vectors::TP_CANONICAL),
    ) {
        (Ok(Some(m)), Ok(tp)) => {
            t.check(m.context() == tp, "ST-05", "found", header);
            let want: &[u8] = b"trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            t.check(
                m.encode().as_bytes().as_slice() == want,
                "ST-01",
                "encode",
                header,
            );
        }
        _ => t.check(false, "ST-05", "found", header),
    }
    t.check(
        matches!(ServerTiming::parse(b"db;dur=1"), Ok(None)),
        "ST-05",
        "absent",
        b"db;dur=1",
    );
    t.check(
        matches!(ServerTiming::parse(b"trace;dur=1"), Err(e) if e.kind() == ErrorKind::MissingDesc),
        "ST-12",
        "no desc",
        b"trace;dur=1",
    );
    let bad: &[u8] = b"trace;desc=00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01";
    t.check(
        matches!(ServerTiming::parse(bad), Err(e) if e.kind() == ErrorKind::UppercaseHex && e.offset() == 15),
        "ST-11",
        "invalid desc",
        bad,
    );
}
