//! Every public type implements `defmt::Format` (issue #6).
//!
//! A compile-time check: each type is named in a bound, and nothing is
//! ever logged, so no defmt global logger is needed at link time. A
//! public type added without `Format` fails to build here once it is
//! named below; `cargo clippy --all-targets --all-features` and
//! `cargo nextest run --all-features` both build this file.
#![cfg(feature = "defmt")]

/// Compiles only when `T: defmt::Format`.
const fn is_format<T: defmt::Format + ?Sized>() {}

// Evaluated by the compiler, never run: naming the types is the check.
const _: () = {
    use tracewire::baggage;
    use tracewire::binary;
    use tracewire::propagation;
    use tracewire::tracestate;

    // Crate root.
    is_format::<tracewire::TraceId>();
    is_format::<tracewire::SpanId>();
    is_format::<tracewire::TraceFlags>();
    is_format::<tracewire::TraceParent>();
    is_format::<tracewire::Encoded<55>>();
    is_format::<tracewire::ParseError>();
    is_format::<tracewire::ErrorKind>();
    is_format::<tracewire::CapacityError>();
    is_format::<tracewire::ServerTiming>();
    is_format::<tracewire::SliceSink<'static>>();
    is_format::<tracewire::FmtSink<core::fmt::Formatter<'static>>>();

    // tracestate
    is_format::<tracestate::TraceStateRef<'static>>();
    is_format::<tracestate::Members<'static>>();
    is_format::<tracestate::TraceState>();
    is_format::<tracestate::TraceState<64>>();
    is_format::<tracestate::Dropped>();
    is_format::<tracestate::InsertError>();
    is_format::<tracestate::Grammar>();

    // baggage
    is_format::<baggage::BaggageRef<'static>>();
    is_format::<baggage::Members<'static>>();
    is_format::<baggage::Member<'static>>();
    is_format::<baggage::Properties<'static>>();
    is_format::<baggage::Property<'static>>();
    is_format::<baggage::Limits>();
    is_format::<baggage::Baggage>();
    is_format::<baggage::Baggage<256, 8>>();
    is_format::<baggage::InsertError>();
    is_format::<baggage::PercentDecoded<'static>>();
    is_format::<baggage::DecodedBytes<'static>>();
    is_format::<baggage::DecodedChars<'static>>();
    is_format::<baggage::PropertyInput<'static>>();

    // binary
    is_format::<binary::BinaryTraceStateRef<'static>>();
    is_format::<binary::BinaryMembers<'static>>();

    // propagation
    is_format::<propagation::InjectError>();
    is_format::<propagation::Extracted<'static>>();
    is_format::<propagation::Header<tracewire::TraceParent>>();
    is_format::<propagation::Header<tracewire::TraceStateRef<'static>>>();
    is_format::<propagation::FieldList<'static, 4>>();
    is_format::<propagation::NameRule>();
    is_format::<propagation::Pairs<'static, &'static str, &'static [u8]>>();
    is_format::<propagation::PairValues<'static, 'static, &'static str, &'static str>>();
    is_format::<propagation::KafkaHeaders<'static>>();
    #[cfg(feature = "rand_core")]
    is_format::<propagation::Decision>();
    #[cfg(feature = "rand_core")]
    is_format::<propagation::Participant>();
    #[cfg(feature = "rand_core")]
    is_format::<propagation::Participant<64, 256, 8>>();
    is_format::<propagation::Forwarded>();
    #[cfg(feature = "std")]
    is_format::<propagation::PairsMut<'static, std::string::String>>();
    #[cfg(feature = "std")]
    is_format::<propagation::PairsMut<'static, Option<std::vec::Vec<u8>>>>();

    // adapters
    #[cfg(feature = "embedded-io")]
    is_format::<tracewire::adapters::embedded_io::IoSink<&'static mut [u8]>>();
    #[cfg(feature = "serde")]
    is_format::<tracewire::adapters::serde::PayloadCarrier<'static>>();
    #[cfg(all(feature = "serde", feature = "std"))]
    is_format::<tracewire::adapters::serde::OwnedPayloadCarrier>();
    #[cfg(feature = "opentelemetry")]
    is_format::<tracewire::adapters::otel::TraceContextPropagator>();
    #[cfg(feature = "opentelemetry")]
    is_format::<tracewire::adapters::otel::BaggagePropagator>();
    #[cfg(feature = "opentelemetry")]
    is_format::<tracewire::adapters::otel::RefusedByOpenTelemetry>();
};

/// Every `pub struct` / `pub enum` declared in `src/` is named in the
/// const block above, so a new public type cannot skip the check.
/// (`TraceId` and `SpanId` come from a macro and are named by hand.)
#[test]
fn every_public_type_is_named_above() {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                for line in std::fs::read_to_string(&path).unwrap().lines() {
                    let line = line.trim_start();
                    let Some(rest) = line
                        .strip_prefix("pub struct ")
                        .or_else(|| line.strip_prefix("pub enum "))
                    else {
                        continue;
                    };
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push(name);
                    }
                }
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names = Vec::new();
    walk(&src, &mut names);
    assert!(names.len() > 40, "found only {names:?}");
    let this = include_str!("defmt_format.rs");
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !this.contains(&format!("::{n}<")) && !this.contains(&format!("::{n}>")))
        .collect();
    assert!(
        missing.is_empty(),
        "public types not checked for defmt::Format: {missing:?}"
    );
    for id in ["::TraceId>", "::SpanId>"] {
        assert!(this.contains(id));
    }
}
