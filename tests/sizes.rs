//! `size_of` of every public type, against the budgets of issue #6 (the
//! table in README.md, "Embedded use", lists the same numbers).

use core::mem::size_of;
use tracewire::{
    CapacityError, Encoded, ErrorKind, FmtSink, ParseError, ServerTiming, SliceSink, SpanId,
    TraceFlags, TraceId, TraceParent,
};

#[test]
fn traceparent_fits_26_bytes() {
    assert!(
        size_of::<TraceParent>() <= 26,
        "{}",
        size_of::<TraceParent>()
    );
    assert_eq!(size_of::<TraceParent>(), 26);
}

#[test]
fn ids_and_flags_are_their_wire_bytes() {
    assert_eq!(size_of::<TraceId>(), 16);
    assert_eq!(size_of::<SpanId>(), 8);
    assert_eq!(size_of::<TraceFlags>(), 1);
}

#[test]
fn server_timing_is_a_traceparent() {
    assert_eq!(size_of::<ServerTiming>(), size_of::<TraceParent>());
}

#[test]
fn errors_are_small() {
    assert_eq!(size_of::<ErrorKind>(), 1);
    assert_eq!(size_of::<CapacityError>(), 0);
    // kind (1) + field (u32) + offset (usize), padded.
    assert!(size_of::<ParseError>() <= 4 + 2 * size_of::<usize>());
    // On a 64-bit host: the 26-byte value or the 16-byte error, plus a tag.
    assert!(size_of::<Result<TraceParent, ParseError>>() <= 32);
}

#[test]
fn encoded_buffers_are_exactly_their_text() {
    assert_eq!(size_of::<Encoded<55>>(), 55);
    assert_eq!(size_of::<Encoded<66>>(), 66);
    assert_eq!(size_of::<[u8; tracewire::binary::traceparent::LEN]>(), 29);
}

#[test]
fn sinks_are_a_slice_and_a_length() {
    assert_eq!(size_of::<SliceSink<'_>>(), 3 * size_of::<usize>());
    assert_eq!(size_of::<FmtSink<&mut String>>(), size_of::<usize>());
}

#[test]
fn tracestate_values_fit_their_budgets() {
    use tracewire::binary::{BinaryMembers, BinaryTraceStateRef};
    use tracewire::{TraceState, TraceStateRef};
    // Issue #6: TraceState<N> <= N + 72 bytes.
    assert!(
        size_of::<TraceState<512>>() <= 512 + 72,
        "{}",
        size_of::<TraceState<512>>()
    );
    assert!(
        size_of::<TraceState<64>>() <= 64 + 72,
        "{}",
        size_of::<TraceState<64>>()
    );
    assert!(
        size_of::<TraceState<1024>>() <= 1024 + 72,
        "{}",
        size_of::<TraceState<1024>>()
    );
    // Views are a few words: two slices, the member count and the
    // canonical length found by the parse (so encoding is one pass).
    assert_eq!(size_of::<TraceStateRef<'_>>(), 6 * size_of::<usize>());
    assert_eq!(size_of::<BinaryTraceStateRef<'_>>(), 3 * size_of::<usize>());
    assert_eq!(size_of::<BinaryMembers<'_>>(), 3 * size_of::<usize>());
}

#[cfg(feature = "embedded-io")]
#[test]
fn io_sink_is_its_writer() {
    use tracewire::adapters::embedded_io::IoSink;
    assert_eq!(size_of::<IoSink<&mut [u8]>>(), size_of::<&mut [u8]>());
}

#[test]
fn baggage_values_fit_their_budgets() {
    use tracewire::{Baggage, BaggageRef};
    // Issue #6 budget: Baggage<B, M> <= B + 4*M + 8.
    assert!(
        size_of::<Baggage>() <= 8192 + 4 * 64 + 8,
        "{}",
        size_of::<Baggage>()
    );
    assert!(
        size_of::<Baggage<256, 8>>() <= 256 + 4 * 8 + 8,
        "{}",
        size_of::<Baggage<256, 8>>()
    );
    assert!(size_of::<Baggage<1024, 16>>() <= 1024 + 4 * 16 + 8);
    // The view: two slices and its limits.
    assert!(
        size_of::<BaggageRef<'_>>() <= 6 * size_of::<usize>(),
        "{}",
        size_of::<BaggageRef<'_>>()
    );
}

/// Prints the table of README.md, "Embedded use" (`cargo test --test sizes -- --nocapture`).
#[test]
fn print_table() {
    let rows: [(&str, usize); 17] = [
        ("TraceState<512>", size_of::<tracewire::TraceState<512>>()),
        (
            "Baggage<8192, 64>",
            size_of::<tracewire::Baggage<8192, 64>>(),
        ),
        ("Baggage<256, 8>", size_of::<tracewire::Baggage<256, 8>>()),
        ("BaggageRef", size_of::<tracewire::BaggageRef<'_>>()),
        ("TraceStateRef", size_of::<tracewire::TraceStateRef<'_>>()),
        (
            "BinaryTraceStateRef",
            size_of::<tracewire::binary::BinaryTraceStateRef<'_>>(),
        ),
        ("TraceParent", size_of::<TraceParent>()),
        ("TraceId", size_of::<TraceId>()),
        ("SpanId", size_of::<SpanId>()),
        ("TraceFlags", size_of::<TraceFlags>()),
        ("ServerTiming", size_of::<ServerTiming>()),
        ("ParseError", size_of::<ParseError>()),
        ("ErrorKind", size_of::<ErrorKind>()),
        ("CapacityError", size_of::<CapacityError>()),
        ("Encoded<55>", size_of::<Encoded<55>>()),
        ("SliceSink", size_of::<SliceSink<'_>>()),
        (
            "Result<TraceParent, ParseError>",
            size_of::<Result<TraceParent, ParseError>>(),
        ),
    ];
    for (name, size) in rows {
        println!("| `{name}` | {size} |");
    }
    assert!(rows.iter().all(|(_, s)| *s <= 8192 + 4 * 64 + 8));
}

#[test]
fn field_lists_are_their_slices_and_indices() {
    use tracewire::propagation::{Extracted, FieldList, MAX_BAGGAGE_FIELDS, MAX_TRACESTATE_FIELDS};
    // Per slot: the value's slice and its carrier index (u32); then the
    // length and four u32 counters (seen, overflowed, first overflowed
    // index and where its first member starts).
    let budget = |n: usize| n * (2 * size_of::<usize>() + 4) + size_of::<usize>() + 4 * 4;
    assert!(size_of::<FieldList<'_, MAX_TRACESTATE_FIELDS>>() <= budget(MAX_TRACESTATE_FIELDS));
    assert!(size_of::<FieldList<'_, MAX_BAGGAGE_FIELDS>>() <= budget(MAX_BAGGAGE_FIELDS));
    // Extract holds only the traceparent verdict and the two lists of
    // repeated fields (CAR-09), with no copy of any value.
    assert!(
        size_of::<Extracted<'_>>()
            <= size_of::<Result<Option<TraceParent>, ParseError>>()
                + size_of::<FieldList<'_, MAX_TRACESTATE_FIELDS>>()
                + size_of::<FieldList<'_, MAX_BAGGAGE_FIELDS>>()
                + size_of::<usize>()
    );
    #[cfg(target_pointer_width = "64")]
    assert_eq!(size_of::<Extracted<'_>>(), 2008);
}
