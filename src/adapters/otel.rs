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
//!   ours writes none (TS-19, CAR-33). opentelemetry's `TraceState` also
//!   holds members the grammar refuses (e.g. an empty key and value): ours
//!   writes the tracestate only when our strict parser accepts it (TS-05,
//!   TS-18), re-encoded, and drops it whole otherwise.
//! - opentelemetry's `TraceState` refuses some keys the current grammar
//!   allows (`foo@@bar`, `foo@bar@baz`, more than 14 bytes after `@`): such
//!   a tracestate cannot be stored in a `SpanContext`, so it is dropped
//!   whole, as an invalid one is (TS-12).
//! - Baggage: the SDK reads only the first `baggage` field, accepts bytes
//!   outside the grammar, percent-decodes keys and properties' names and
//!   fails a whole entry on ill-formed UTF-8; ours joins every field
//!   (BG-19), drops only malformed members (BG-21), never decodes keys
//!   (BG-02), and decodes ill-formed UTF-8 to U+FFFD (BG-10). On inject the
//!   SDK leaves `%` unescaped in values; ours writes `%25` (BG-12), and skips
//!   entries whose key is not a token (BG-13).

use crate::baggage::{BaggageRef, PropertyInput};
use crate::propagation::{
    BAGGAGE, Extractor, FieldList, MAX_BAGGAGE_FIELDS, TRACEPARENT, TRACESTATE, extract,
};
use crate::{Baggage, SpanId, TraceFlags, TraceId, TraceParent, TraceState, TraceStateRef};
use opentelemetry::Context;
use opentelemetry::baggage::{BaggageExt, KeyValueMetadata};
use opentelemetry::propagation::text_map_propagator::FieldIter;
use opentelemetry::propagation::{
    Extractor as OtelExtractor, Injector as OtelInjector, TextMapPropagator,
};
use opentelemetry::trace::{self as ot, TraceContextExt};
use std::string::{String, ToString};
use std::sync::OnceLock;
use std::vec::Vec;

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
        let ctx = extract(&source);
        let tp = ctx.traceparent().ok()??;
        // TS-12, TS-13: an invalid tracestate is dropped whole and never
        // touches the traceparent.
        let trace_state = ctx
            .tracestate()
            .valid()
            .and_then(|ts| to_otel_trace_state(&ts))
            .unwrap_or(ot::TraceState::NONE);
        Some(ot::SpanContext::new(
            tp.trace_id().into(),
            tp.parent_id().into(),
            tp.flags().into(),
            true,
            trace_state,
        ))
    }
}

/// The members of a view as an opentelemetry `TraceState`, or `None` if
/// opentelemetry refuses one of them.
fn to_otel_trace_state(view: &TraceStateRef<'_>) -> Option<ot::TraceState> {
    ot::TraceState::from_key_value(view.iter()).ok()
}

/// opentelemetry's `TraceState` refused a member that the spec allows (its
/// key check predates the current key grammar; see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefusedByOpenTelemetry;

impl core::fmt::Display for RefusedByOpenTelemetry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(
            "opentelemetry's TraceState refuses a key the current tracestate grammar allows",
        )
    }
}

impl core::error::Error for RefusedByOpenTelemetry {}

impl<const N: usize> TryFrom<&TraceState<N>> for ot::TraceState {
    type Error = RefusedByOpenTelemetry;
    /// The same members in the same order.
    ///
    /// # Errors
    ///
    /// [`RefusedByOpenTelemetry`] when opentelemetry's key check refuses a
    /// key the current grammar allows.
    fn try_from(ts: &TraceState<N>) -> Result<Self, Self::Error> {
        Self::from_key_value(ts.iter()).map_err(|_| RefusedByOpenTelemetry)
    }
}

impl<const N: usize> TryFrom<&ot::TraceState> for TraceState<N> {
    type Error = crate::ParseError;
    /// Parses opentelemetry's header form with the TS rules, truncating by
    /// TS-28 to the capacity `N`.
    ///
    /// # Errors
    ///
    /// Any error of [`TraceStateRef::parse`] (opentelemetry accepts values
    /// the spec does not, e.g. with a trailing space).
    fn try_from(ts: &ot::TraceState) -> Result<Self, Self::Error> {
        let header = ts.header();
        let view = TraceStateRef::parse(header.as_bytes())?;
        Ok(Self::from_view_truncating(&view).0)
    }
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
        // TS-05, TS-18: opentelemetry's TraceState accepts members the
        // grammar refuses (an empty key or value, bytes outside 0x20-0x7E);
        // only a list our strict parser accepts is written, re-encoded.
        let header = sc.trace_state().header();
        if let Ok(view) = TraceStateRef::parse(header.as_bytes())
            && !view.is_empty()
        {
            injector.set(TRACESTATE, view.to_string());
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

/// W3C baggage propagator for OpenTelemetry, spec-exact and a drop-in for
/// `opentelemetry_sdk::propagation::BaggagePropagator`.
///
/// Extract joins every `baggage` field, drops malformed members, keeps at
/// most 64 members and 8192 bytes, decodes values, and stores each
/// member's properties as one opaque metadata string (`p1;p2=v`, values
/// decoded, CAR-34). Inject writes every entry whose key is a token, with
/// the metadata appended after `;`, percent-encoding values and property
/// values (BG-12, BG-13). See the [module docs](self) for the differences
/// from the SDK.
///
/// # Examples
///
/// ```
/// use opentelemetry::baggage::BaggageExt;
/// use opentelemetry::propagation::TextMapPropagator;
/// use std::collections::HashMap;
/// use tracewire::adapters::otel::BaggagePropagator;
///
/// let mut carrier = HashMap::new();
/// carrier.insert("baggage".to_string(), "userId=Am%C3%A9lie;p,bad member".to_string());
/// let cx = BaggagePropagator::new().extract(&carrier);
/// let (value, meta) = cx.baggage().get_with_metadata("userId").unwrap();
/// assert_eq!((value.as_str(), meta.as_str()), ("Amélie", "p"));
///
/// let mut out = HashMap::new();
/// BaggagePropagator::new().inject_context(&cx, &mut out);
/// assert_eq!(out["baggage"], "userId=Am%C3%A9lie;p");
/// ```
///
/// # Spec
///
/// CAR-28, CAR-29, CAR-31, CAR-34, CAR-35; BG-01..BG-24.
#[derive(Clone, Debug, Default)]
pub struct BaggagePropagator {
    _private: (),
}

impl BaggagePropagator {
    /// The propagator.
    #[must_use]
    pub const fn new() -> Self {
        Self { _private: () }
    }
}

fn baggage_fields() -> &'static [String; 1] {
    static FIELDS: OnceLock<[String; 1]> = OnceLock::new();
    FIELDS.get_or_init(|| [BAGGAGE.to_string()])
}

/// The members of a baggage view as opentelemetry entries.
fn to_otel_entries(view: &BaggageRef<'_>) -> Vec<KeyValueMetadata> {
    view.iter()
        .map(|m| {
            let mut metadata = String::new();
            for (i, p) in m.properties().enumerate() {
                if i > 0 {
                    metadata.push(';');
                }
                metadata.push_str(p.key());
                if let Some(v) = p.value() {
                    metadata.push('=');
                    metadata.push_str(&v.to_string());
                }
            }
            KeyValueMetadata::new(m.key().to_string(), m.value().to_string(), metadata)
        })
        .collect()
}

/// Our owned baggage from opentelemetry's: entries with a non-token key, or
/// that do not fit, are skipped; metadata is split at `;` into properties
/// (`k` or `k=v`), and properties with a non-token key are dropped.
fn from_otel_baggage<const B: usize, const M: usize>(
    baggage: &opentelemetry::baggage::Baggage,
) -> Baggage<B, M> {
    let mut out = Baggage::new();
    for (key, (value, metadata)) in baggage {
        let mut props: Vec<PropertyInput<'_>> = Vec::new();
        for p in metadata.as_str().split(';') {
            let p = p.trim_matches([' ', '\t']);
            if p.is_empty() {
                continue;
            }
            let (k, v) = match p.split_once('=') {
                Some((k, v)) => (
                    k.trim_matches([' ', '\t']),
                    Some(v.trim_matches([' ', '\t'])),
                ),
                None => (p, None),
            };
            if crate::baggage::is_token(k) {
                props.push((k, v));
            }
        }
        // Entries that cannot be written (bad key, no room) are skipped.
        let _ = out.insert_with_properties(key.as_str(), value.as_str().as_ref(), &props);
    }
    out
}

impl<const B: usize, const M: usize> From<&opentelemetry::baggage::Baggage> for Baggage<B, M> {
    /// Every entry that can be written: see [`BaggagePropagator`] for what
    /// is skipped.
    fn from(b: &opentelemetry::baggage::Baggage) -> Self {
        from_otel_baggage(b)
    }
}

impl<const B: usize, const M: usize> From<&Baggage<B, M>> for opentelemetry::baggage::Baggage {
    /// Every member, values decoded, properties as one metadata string.
    fn from(b: &Baggage<B, M>) -> Self {
        to_otel_entries(&b.as_view()).into_iter().collect()
    }
}

impl TextMapPropagator for BaggagePropagator {
    fn inject_context(&self, cx: &Context, injector: &mut dyn OtelInjector) {
        let baggage = cx.baggage();
        if baggage.is_empty() {
            return;
        }
        let ours: Baggage = from_otel_baggage(baggage);
        if !ours.is_empty() {
            injector.set(BAGGAGE, ours.as_str().to_string());
        }
    }

    fn extract_with_context(&self, cx: &Context, extractor: &dyn OtelExtractor) -> Context {
        let source = OtelSource(extractor);
        let fields = FieldList::<'_, MAX_BAGGAGE_FIELDS>::collect(&source, BAGGAGE);
        let view = BaggageRef::lenient_fields(fields.as_slice());
        let entries = to_otel_entries(&view);
        // CAR-31: nothing valid leaves the context as it was.
        if entries.is_empty() {
            return cx.clone();
        }
        cx.with_baggage(entries)
    }

    fn fields(&self) -> FieldIter<'_> {
        FieldIter::new(baggage_fields())
    }
}
