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
//!   In the SDK's own vectors this shows as `00-…-01-` (a `-` after
//!   version-00 flags), valid for the SDK and invalid for ours (TP-04).
//! - The SDK keeps only the sampled bit; ours keeps the flags as parsed,
//!   including the random-trace-id bit (TP-14, TP-24, CAR-32), and writes
//!   sampled and random back on inject (reserved bits cleared, TP-18).
//! - The SDK writes an empty `tracestate` field when the state is empty;
//!   ours writes none (TS-19, CAR-33). opentelemetry's `TraceState` also
//!   holds members the grammar refuses (e.g. an empty key and value): ours
//!   writes the tracestate only when our strict parser accepts it (TS-05,
//!   TS-18), re-encoded, and drops it whole otherwise (a value's trailing
//!   SP is OWS in the header and is dropped, TS-06: `"v "` is written `v`).
//! - opentelemetry's `TraceState` refuses some keys the current grammar
//!   allows (`foo@@bar`, `foo@bar@baz`, more than 14 bytes after `@`): such
//!   a tracestate cannot be stored in a `SpanContext`, so it is dropped
//!   whole, as an invalid one is (TS-12).
//! - Baggage: the SDK reads only the first `baggage` field, accepts bytes
//!   outside the grammar, percent-decodes keys and properties' names and
//!   fails a whole entry on ill-formed UTF-8; ours joins every field
//!   (BG-19), drops only malformed members (BG-21), never decodes keys
//!   (BG-02), and decodes ill-formed UTF-8 to U+FFFD (BG-10).
//! - Baggage over 8192 bytes: the SDK drops the whole header; ours keeps
//!   the leading members within 64 members and 8192 bytes and drops whole
//!   members from the end (BG-14, BG-15).
//! - Baggage keys and values: the SDK trims SP/HTAB around decoded keys and
//!   values on extract and around keys and values on inject; ours keeps
//!   decoded spaces (`k=%20v` → ` v`) and encodes them on inject (BG-01,
//!   BG-12).
//! - Baggage inject: the SDK escapes `=` in values (`val3=4` →
//!   `val3%3D4`) and leaves `%` and `\` raw; ours writes `=` as it is, `%`
//!   as `%25` and `\` as `%5C` (BG-12). The SDK appends the metadata string
//!   raw; ours writes it as properties, values encoded and properties with a
//!   non-token key dropped (BG-13), and skips entries whose key is not a
//!   token (BG-13).
//!
//! Shared limitations (as the SDK):
//! - Property values are decoded into the metadata string, so a decoded
//!   value holding `;` (`p=a%3Bb` → `p=a;b`) is read back as two
//!   properties on inject.
//! - These propagators see only what the carrier's getter returns, as
//!   `&str`. `opentelemetry_http::HeaderExtractor` skips header values that
//!   are not visible ASCII (`to_str().ok()`), so a second `traceparent`
//!   holding a byte ≥ 0x80 is not seen (the trace is continued, where TP-19
//!   says restart), and such a `tracestate` field is dropped alone instead
//!   of the whole tracestate (TS-12). Reading the `http::HeaderMap` itself
//!   with [`propagation::extract`](crate::propagation::extract) (feature
//!   `http`) sees every byte (CAR-05).
//! - OpenTelemetry's injector can only `set`: when the context has no
//!   tracestate or baggage to write (TS-19, CAR-04), a `tracestate` or
//!   `baggage` field already in a reused carrier stays there, next to the
//!   new traceparent (CAR-03 wants it gone). Inject into a fresh carrier per
//!   call, or use tracewire's own `Injector` (`remove_all`), e.g. through
//!   `propagation::Participant::inject`.

use crate::baggage::{BaggageRef, PropertyInput};
use crate::propagation::{
    BAGGAGE, Extractor, FieldList, MAX_BAGGAGE_FIELDS, MAX_TRACESTATE_FIELDS, TRACEPARENT,
    TRACESTATE, extract_traceparent,
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
/// # Examples
///
/// ```
/// use opentelemetry::propagation::TextMapPropagator;
/// use opentelemetry::trace::TraceContextExt;
/// use std::collections::HashMap;
/// use tracewire::adapters::otel::TraceContextPropagator;
///
/// let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
/// let mut carrier = HashMap::from([("traceparent".to_string(), tp.to_string())]);
/// carrier.insert("tracestate".to_string(), " , ".to_string()); // blank: no members
/// let cx = TraceContextPropagator::new().extract(&carrier);
/// let mut out = HashMap::new();
/// TraceContextPropagator::new().inject_context(&cx, &mut out);
/// assert_eq!(out.len(), 1); // no empty `tracestate` field is written (TS-19)
///
/// // Uppercase hex is invalid (TP-02): the context is left as it was (CAR-31).
/// carrier.insert("traceparent".to_string(), tp.to_uppercase());
/// assert!(!TraceContextPropagator::new().extract(&carrier).span().span_context().is_valid());
/// ```
///
/// # Spec
///
/// CAR-28..CAR-33, CAR-35; TP-01..TP-19, TS-01..TS-17.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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
        // The trace-context part of `propagation::extract`, without reading
        // the baggage field (the other propagator's job): TP-19, TP-20.
        let tp = extract_traceparent(&source).ok()??;
        // TS-14: tracestate only after a valid traceparent; TS-16 joined;
        // TS-12, TS-13: an invalid one is dropped whole and never touches the
        // traceparent; more non-blank fields than members cannot be valid.
        let fields = FieldList::<'_, MAX_TRACESTATE_FIELDS>::collect(&source, TRACESTATE);
        let trace_state = if fields.overflowed() > 0 {
            None
        } else {
            TraceStateRef::parse_fields(fields.as_slice())
                .ok()
                .and_then(|ts| to_otel_trace_state(&ts))
        }
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
///
/// # Examples
///
/// ```
/// use tracewire::adapters::otel::RefusedByOpenTelemetry;
/// use tracewire::TraceState;
///
/// let mut ts = TraceState::<64>::new();
/// ts.insert("foo@@bar", "1")?; // a key the current grammar allows
/// let converted = opentelemetry::trace::TraceState::try_from(&ts);
/// assert_eq!(converted.err(), Some(RefusedByOpenTelemetry));
/// # Ok::<(), tracewire::tracestate::InsertError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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
    /// TS-28 to the capacity `N` without saying what was dropped (unlike
    /// `TryFrom<&TraceStateRef>`, which refuses what does not fit). To learn
    /// it, parse `ts.header()` with [`TraceStateRef::parse`] and use
    /// [`TraceState::from_view_truncating`], which returns the
    /// [`Dropped`](crate::tracestate::Dropped) report.
    ///
    /// # Errors
    ///
    /// Any error of [`TraceStateRef::parse`] (opentelemetry accepts values
    /// the spec does not, e.g. an empty one or one holding HTAB or a byte
    /// outside 0x20-0x7E). A value's trailing SP is not an error: in the
    /// header it is OWS after the member and is dropped (TS-06), so
    /// `k` = `"v "` comes back as `v`.
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
        // Re-encoding only drops blanks and empty members, so a list that
        // keeps its length is already canonical and is written as it is,
        // without a second `String`.
        let value = match TraceStateRef::parse(header.as_bytes()) {
            Ok(view) if view.is_empty() => return,
            Ok(view) if view.encoded_len() != header.len() => view.to_string(),
            Ok(_) => header,
            Err(_) => return,
        };
        injector.set(TRACESTATE, value);
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
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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

/// Appends the decoded text (BG-09, BG-10): a copy when there is nothing to
/// decode, which is the common case and avoids the formatting machinery.
fn push_decoded(out: &mut String, v: crate::baggage::PercentDecoded<'_>) {
    let raw = v.raw();
    if raw.contains('%') {
        out.extend(v.chars());
    } else {
        out.push_str(raw);
    }
}

/// One baggage member as an opentelemetry entry.
fn to_otel_entry(m: crate::baggage::Member<'_>) -> KeyValueMetadata {
    let mut metadata = String::new();
    for (i, p) in m.properties().enumerate() {
        if i > 0 {
            metadata.push(';');
        }
        metadata.push_str(p.key());
        if let Some(v) = p.value() {
            metadata.push('=');
            push_decoded(&mut metadata, v);
        }
    }
    let mut value = String::new();
    push_decoded(&mut value, m.value());
    KeyValueMetadata::new(m.key().to_string(), value, metadata)
}

/// Our owned baggage from opentelemetry's: entries with a non-token key, or
/// that do not fit, are skipped; metadata is split at `;` into properties
/// (`k` or `k=v`), and properties with a non-token key are dropped.
fn from_otel_baggage<const B: usize, const M: usize>(
    baggage: &opentelemetry::baggage::Baggage,
) -> Baggage<B, M> {
    let mut out = Baggage::new();
    for (key, (value, metadata)) in baggage {
        let props: Vec<PropertyInput<'_>> = metadata_properties(metadata.as_str()).collect();
        // Entries that cannot be written (bad key, no room) are skipped.
        let _ = out.insert_with_properties(key.as_str(), value.as_str().as_ref(), &props);
    }
    out
}

/// The properties of an opentelemetry metadata string: split at `;`, OWS
/// trimmed, `k` or `k=v`; empty ones and those with a non-token key dropped.
fn metadata_properties(metadata: &str) -> impl Iterator<Item = PropertyInput<'_>> {
    metadata.split(';').filter_map(|p| {
        let p = p.trim_matches([' ', '\t']);
        let (k, v) = match p.split_once('=') {
            Some((k, v)) => (
                k.trim_matches([' ', '\t']),
                Some(v.trim_matches([' ', '\t'])),
            ),
            None => (p, None),
        };
        crate::baggage::is_token(k).then_some((k, v))
    })
}

/// Most members and bytes written on inject: the defaults of [`Baggage`]
/// (BG-14, BG-16).
const INJECT_MAX_MEMBERS: usize = 64;
const INJECT_MAX_BYTES: usize = 8192;

/// Appends `v` percent-encoded (BG-12) to `out`.
fn push_encoded(out: &mut Vec<u8>, v: &[u8]) {
    let start = out.len();
    out.resize(start + crate::baggage::percent_encoded_len(v), 0);
    if let Some(dst) = out.get_mut(start..) {
        // The room was just made, so this always writes everything.
        let _ = crate::baggage::percent_encode_into(v, dst);
    }
}

/// The `baggage` header of opentelemetry's baggage, written straight into one
/// buffer: the same result as inserting every entry into a default
/// [`Baggage`] and taking [`as_str`](Baggage::as_str) (non-token keys
/// skipped, properties from [`metadata_properties`], an entry that would pass
/// 64 members or 8192 bytes skipped whole: BG-13, BG-15, BG-23), without the
/// 8 KB inline buffer.
fn baggage_header(baggage: &opentelemetry::baggage::Baggage) -> String {
    // Room for the unencoded text: one allocation unless encoding expands it.
    let estimate: usize = baggage
        .iter()
        .map(|(k, (v, m))| k.as_str().len() + v.as_str().len() + m.as_str().len() + 3)
        .sum();
    let mut out: Vec<u8> = Vec::with_capacity(estimate.min(INJECT_MAX_BYTES));
    let mut members = 0usize;
    for (key, (value, metadata)) in baggage {
        let key = key.as_str();
        if members >= INJECT_MAX_MEMBERS || !crate::baggage::is_token(key) {
            continue;
        }
        let start = out.len();
        if members > 0 {
            out.push(b',');
        }
        out.extend_from_slice(key.as_bytes());
        out.push(b'=');
        push_encoded(&mut out, value.as_str().as_bytes());
        for (k, v) in metadata_properties(metadata.as_str()) {
            out.push(b';');
            out.extend_from_slice(k.as_bytes());
            if let Some(v) = v {
                out.push(b'=');
                push_encoded(&mut out, v.as_bytes());
            }
        }
        if out.len() > INJECT_MAX_BYTES {
            // BG-15: a member is never cut; it is left out whole.
            out.truncate(start);
            continue;
        }
        members += 1;
    }
    // Only ASCII was written (tokens and percent-encoded text).
    String::from_utf8(out).unwrap_or_default()
}

impl<const B: usize, const M: usize> From<&opentelemetry::baggage::Baggage> for Baggage<B, M> {
    /// Every entry that can be written: see [`BaggagePropagator`] for what
    /// is skipped. opentelemetry keeps its entries in a hash map, so they
    /// come in no fixed order: when they do not all fit `B` and `M`, which
    /// ones are kept, and the order of all, may differ from run to run.
    fn from(b: &opentelemetry::baggage::Baggage) -> Self {
        from_otel_baggage(b)
    }
}

impl<const B: usize, const M: usize> From<&Baggage<B, M>> for opentelemetry::baggage::Baggage {
    /// Every member opentelemetry's `Baggage` takes, values decoded,
    /// properties as one metadata string. It holds at most 64 entries and
    /// 8192 bytes of keys and values, one per key, so from a larger
    /// `Baggage` the members past those limits are dropped, silently (by
    /// opentelemetry).
    fn from(b: &Baggage<B, M>) -> Self {
        b.iter().map(to_otel_entry).collect()
    }
}

impl TextMapPropagator for BaggagePropagator {
    fn inject_context(&self, cx: &Context, injector: &mut dyn OtelInjector) {
        let baggage = cx.baggage();
        if baggage.is_empty() {
            return;
        }
        let header = baggage_header(baggage);
        if !header.is_empty() {
            injector.set(BAGGAGE, header);
        }
    }

    fn extract_with_context(&self, cx: &Context, extractor: &dyn OtelExtractor) -> Context {
        let source = OtelSource(extractor);
        let fields = FieldList::<'_, MAX_BAGGAGE_FIELDS>::collect(&source, BAGGAGE);
        let view = BaggageRef::lenient_fields(fields.as_slice());
        // CAR-31: nothing valid leaves the context as it was.
        if view.is_empty() {
            return cx.clone();
        }
        // Straight into opentelemetry's map, without an intermediate Vec.
        cx.with_baggage(view.iter().map(to_otel_entry))
    }

    fn fields(&self) -> FieldIter<'_> {
        FieldIter::new(baggage_fields())
    }
}
