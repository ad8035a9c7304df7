//! Serde: every value (de)serialises as its header string, and
//! [`PayloadCarrier`] carries context inside a JSON (or other) payload.
//!
//! - [`TraceParent`]: its 55-byte header string.
//! - [`TraceId`], [`SpanId`]: lowercase hex in human-readable formats, raw
//!   bytes (16 / 8) in the others; [`TraceFlags`]: its two hex digits, or a `u8`.
//! - [`PayloadCarrier`]: `{"traceparent": "…", "tracestate": "…",
//!   "baggage": "…"}`, each member optional, borrowed from the input, other
//!   members ignored. For MQTT v3 JSON payloads and job queues (CAR-17): only
//!   the members of the outermost object count.
//!
//! Uses `serde_core` with no default features: no std, no alloc. Users derive
//! with `serde` (which re-exports the same traits).
//!
//! # Examples
//!
//! ```
//! use tracewire::adapters::serde::PayloadCarrier;
//! use tracewire::propagation::extract_traceparent;
//!
//! let payload = br#"{"a":1,"cfg":{"traceparent":"x"},"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}"#;
//! let carrier: PayloadCarrier<'_> = serde_json::from_slice(payload)?;
//! let tp = extract_traceparent(&carrier)?.unwrap();
//! assert_eq!(tp.parent_id().to_string(), "00f067aa0ba902b7");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::baggage::Limits;
use crate::propagation::{BAGGAGE, Extractor, TRACEPARENT, TRACESTATE};
use crate::{
    Baggage, BaggageRef, CapacityError, SpanId, TraceFlags, TraceId, TraceParent, TraceState,
    TraceStateRef,
};
use core::fmt;
use serde_core::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_core::ser::{SerializeStruct, Serializer};
use serde_core::{Deserialize, Serialize};

impl Serialize for TraceParent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.encode().as_str())
    }
}

impl<'de> Deserialize<'de> for TraceParent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ParseVisitor::<Self>::new(
            "a traceparent header value",
            Self::parse,
        ))
    }
}

/// A visitor that accepts a string (or bytes) and runs a parser on it.
struct ParseVisitor<T> {
    expecting: &'static str,
    parse: fn(&[u8]) -> Result<T, crate::ParseError>,
}

impl<T> ParseVisitor<T> {
    fn new(expecting: &'static str, parse: fn(&[u8]) -> Result<T, crate::ParseError>) -> Self {
        Self { expecting, parse }
    }
}

impl<T> Visitor<'_> for ParseVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v.as_bytes()).map_err(E::custom)
    }
}

/// Raw bytes of an id, for formats that are not human-readable.
struct BytesVisitor<T> {
    parse: fn(&[u8]) -> Option<T>,
    hex: fn(&[u8]) -> Result<T, crate::ParseError>,
}

impl<T> Visitor<'_> for BytesVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the bytes or lowercase hex of a non-zero id")
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        (self.parse)(v).ok_or_else(|| E::invalid_value(de::Unexpected::Bytes(v), &self))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.hex)(v.as_bytes()).map_err(E::custom)
    }
}

macro_rules! id_serde {
    ($ty:ident, $len:literal, $what:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    s.serialize_str(self.encode().as_str())
                } else {
                    s.serialize_bytes(self.as_bytes())
                }
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                if d.is_human_readable() {
                    d.deserialize_str(ParseVisitor::<Self>::new($what, Self::parse))
                } else {
                    d.deserialize_bytes(BytesVisitor::<Self> {
                        parse: |b| <[u8; $len]>::try_from(b).ok().and_then(Self::from_bytes),
                        hex: Self::parse,
                    })
                }
            }
        }
    };
}

id_serde!(
    TraceId,
    16,
    "32 lowercase hex digits of a non-zero trace-id"
);
id_serde!(SpanId, 8, "16 lowercase hex digits of a non-zero span id");

impl Serialize for TraceFlags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(self.encode().as_str())
        } else {
            s.serialize_u8(self.bits())
        }
    }
}

impl<'de> Deserialize<'de> for TraceFlags {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            d.deserialize_str(ParseVisitor::<Self>::new("two lowercase hex digits", |b| {
                core::str::from_utf8(b)
                    .map_err(|_| crate::ParseError::new(crate::ErrorKind::NotHex, 0))
                    .and_then(str::parse)
            }))
        } else {
            u8::deserialize(d).map(Self::from_bits)
        }
    }
}

impl<const N: usize> Serialize for TraceState<N> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The canonical header string (TS-18), as `Display` writes it: a parsed
/// view serialises like the owned [`TraceState`] holding the same members.
///
/// ```
/// use tracewire::TraceStateRef;
///
/// let view = TraceStateRef::parse(b"rojo=1 ,\t congo=2")?;
/// assert_eq!(serde_json::to_string(&view)?, r#""rojo=1,congo=2""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for TraceStateRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_canonical() {
            Some(text) => s.serialize_str(text),
            None => s.collect_str(self),
        }
    }
}

impl<'de, const N: usize> Deserialize<'de> for TraceState<N> {
    /// Parses the header string with the TS rules; fails when it does not
    /// fit in `N` bytes.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ListVisitor::<Self>(core::marker::PhantomData))
    }
}

impl<const B: usize, const M: usize> Serialize for Baggage<B, M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The header string tracewire writes for the view's members (BG-23), as
/// `Display` writes it: a parsed view serialises like the owned
/// [`Baggage`] holding the same members.
///
/// ```
/// use tracewire::BaggageRef;
///
/// let view = BaggageRef::lenient(b"userId = alice ; p, bad member");
/// assert_eq!(serde_json::to_string(&view)?, r#""userId=alice;p""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for BaggageRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de, const B: usize, const M: usize> Deserialize<'de> for Baggage<B, M> {
    /// Parses the header string strictly with the BG rules and copies
    /// every member in: not only the 64 members and 8192 bytes of BG-14, but
    /// all the grammar allows (180 members, no byte limit). Fails, with the
    /// [`CapacityError`] as the error's message, when they do not all fit in
    /// `B` bytes and `M` members: nothing is dropped to make them fit. The
    /// one exception is the grammar's ceiling: members past the 180th are
    /// dropped (BG-18), so a `Baggage<B, 180>` (or larger) given more than
    /// 180 members holds the first 180 without an error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ListVisitor::<Self>(core::marker::PhantomData))
    }
}

/// Reads a list header (tracestate or baggage) into its owned type.
struct ListVisitor<T>(core::marker::PhantomData<T>);

/// The owned list types: parse a header string and copy it in.
trait OwnedList: Sized {
    const EXPECTING: &'static str;
    fn from_header<E: de::Error>(v: &str) -> Result<Self, E>;
}

impl<const N: usize> OwnedList for TraceState<N> {
    const EXPECTING: &'static str = "a tracestate header value";
    fn from_header<E: de::Error>(v: &str) -> Result<Self, E> {
        let view = TraceStateRef::parse(v.as_bytes()).map_err(E::custom)?;
        Self::try_from(&view).map_err(E::custom)
    }
}

impl<const B: usize, const M: usize> OwnedList for Baggage<B, M> {
    const EXPECTING: &'static str = "a baggage header value";
    fn from_header<E: de::Error>(v: &str) -> Result<Self, E> {
        // BG-18: every member the grammar allows, so that what does not fit
        // is an error rather than dropped by the view's default limits.
        let view = BaggageRef::parse(v.as_bytes())
            .map_err(E::custom)?
            .with_limits(Limits::GRAMMAR);
        Self::try_from(&view).map_err(E::custom)
    }
}

impl<T: OwnedList> Visitor<'_> for ListVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_header(v)
    }
}

/// Trace context carried as members of a payload object.
///
/// `{"traceparent": "…", "tracestate": "…", "baggage": "…"}`: every member is
/// optional, and `null` counts as absent; other members are ignored,
/// whatever their names and values, and so are members of nested objects
/// (CAR-17). Strings are borrowed from the input, with no buffer to undo
/// escapes: a member whose string holds an escape (`\"`, `\\`, `\/`,
/// `\u…`) reads as the empty value, which is an invalid traceparent (the
/// trace restarts, TP-20) and no tracestate or baggage, and never affects
/// the other members (TS-13, CAR-35). Valid traceparents and baggage need
/// no escapes. A member of another type than string or `null` is an error.
/// A member given twice: the last one counts, except that two or more
/// `traceparent` members that are not `null` are two fields, invalid even
/// when equal (TP-19): the traceparent then reads as the empty value.
///
/// Only a deserializer that lends its strings from the input can fill this
/// type: `serde_json::from_str`/`from_slice`, or a `&serde_json::Value`.
/// One that hands out strings it owns (an owned `serde_json::Value`, a
/// reader) gives every trace member as the empty value. With feature
/// `std`, `OwnedPayloadCarrier` reads from any deserializer, escapes
/// included.
/// Implements [`Extractor`]. To build one for sending, set members that live
/// as long as the carrier ([`PayloadCarrier::new`],
/// [`set_member`](PayloadCarrier::set_member)); with feature `std`,
/// `OwnedPayloadCarrier` is an `Injector` that owns its strings.
///
/// # Examples
///
/// ```
/// use tracewire::adapters::serde::PayloadCarrier;
/// use tracewire::traceparent;
///
/// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").encode();
/// let carrier = PayloadCarrier::new(Some(tp.as_str()), None, Some("userId=alice"));
/// assert_eq!(
///     serde_json::to_string(&carrier)?,
///     r#"{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","baggage":"userId=alice"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Spec
///
/// CAR-17 (outermost members only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PayloadCarrier<'a> {
    /// The `traceparent` member.
    pub traceparent: Option<&'a str>,
    /// The `tracestate` member.
    pub tracestate: Option<&'a str>,
    /// The `baggage` member.
    pub baggage: Option<&'a str>,
}

impl<'a> PayloadCarrier<'a> {
    /// A carrier with these members.
    #[must_use]
    pub const fn new(
        traceparent: Option<&'a str>,
        tracestate: Option<&'a str>,
        baggage: Option<&'a str>,
    ) -> Self {
        Self {
            traceparent,
            tracestate,
            baggage,
        }
    }

    fn field(&self, name: &str) -> Option<&'a str> {
        match name {
            TRACEPARENT => self.traceparent,
            TRACESTATE => self.tracestate,
            BAGGAGE => self.baggage,
            _ => None,
        }
    }
}

impl Extractor for PayloadCarrier<'_> {
    type Values<'b>
        = core::option::IntoIter<&'b [u8]>
    where
        Self: 'b;
    fn values_of<'b>(&'b self, name: &'b str) -> Self::Values<'b> {
        self.field(name).map(str::as_bytes).into_iter()
    }
}

impl Serialize for PayloadCarrier<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = [self.traceparent, self.tracestate, self.baggage]
            .iter()
            .filter(|v| v.is_some())
            .count();
        let mut st = s.serialize_struct("PayloadCarrier", n)?;
        for (name, v) in [
            (TRACEPARENT, self.traceparent),
            (TRACESTATE, self.tracestate),
            (BAGGAGE, self.baggage),
        ] {
            match v {
                Some(v) => st.serialize_field(name, v)?,
                None => st.skip_field(name)?,
            }
        }
        st.end()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for PayloadCarrier<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(CarrierVisitor(core::marker::PhantomData))
    }
}

struct CarrierVisitor<'a>(core::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for CarrierVisitor<'a> {
    type Value = PayloadCarrier<'a>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut out = PayloadCarrier::default();
        let mut traceparents = Repeats::default();
        while let Some(key) = map.next_key::<MemberName>()? {
            match key.0.and_then(|name| Some(name).zip(out.slot(name))) {
                Some((name, slot)) => {
                    *slot = map.next_value::<MemberValue<'de>>()?.0;
                    traceparents.count(name, slot.is_some());
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if traceparents.repeated() {
            // TP-19: two fields; the empty value is the invalid one.
            out.traceparent = Some("");
        }
        Ok(out)
    }
}

/// Counts the `traceparent` members that are not `null` (TP-19: two or
/// more fields in one carrier are invalid, even when equal).
#[derive(Default)]
struct Repeats(u8);

impl Repeats {
    fn count(&mut self, name: &str, present: bool) {
        if name == TRACEPARENT && present {
            self.0 = self.0.saturating_add(1);
        }
    }
    fn repeated(&self) -> bool {
        self.0 > 1
    }
}

/// A payload member's name: one of the three, or `None` for any other,
/// however it is spelled (escaped names included).
struct MemberName(Option<&'static str>);

impl<'de> Deserialize<'de> for MemberName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(MemberNameVisitor)
    }
}

struct MemberNameVisitor;

impl Visitor<'_> for MemberNameVisitor {
    type Value = MemberName;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<MemberName, E> {
        Ok(MemberName(
            [TRACEPARENT, TRACESTATE, BAGGAGE]
                .into_iter()
                .find(|name| *name == v),
        ))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<MemberName, E> {
        self.visit_str(core::str::from_utf8(v).unwrap_or_default())
    }
}

/// The value of one of the three members: `None` for `null`; the borrowed
/// text; or, for a string that cannot be borrowed (it held escapes, which
/// need a buffer to undo), the empty text, which no header accepts.
struct MemberValue<'a>(Option<&'a str>);

impl<'de: 'a, 'a> Deserialize<'de> for MemberValue<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(MemberValueVisitor(core::marker::PhantomData))
    }
}

struct MemberValueVisitor<'a>(core::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for MemberValueVisitor<'a> {
    type Value = MemberValue<'a>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a header string or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(MemberValue(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(MemberValue(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(MemberValue(Some(v)))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(MemberValue(Some("")))
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        Ok(MemberValue(Some(
            core::str::from_utf8(v).unwrap_or_default(),
        )))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
        Ok(MemberValue(Some("")))
    }
}

impl<'a> PayloadCarrier<'a> {
    /// Sets a member to a value that lives as long as the carrier.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] for a name other than the three members.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::adapters::serde::PayloadCarrier;
    /// use tracewire::CapacityError;
    ///
    /// let mut carrier = PayloadCarrier::default();
    /// carrier.set_member("baggage", "userId=alice")?;
    /// assert_eq!(carrier.baggage, Some("userId=alice"));
    /// // Only the three members exist; no payload field can be made up.
    /// assert_eq!(carrier.set_member("x-other", "1"), Err(CapacityError));
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    pub fn set_member(&mut self, name: &str, value: &'a str) -> Result<(), CapacityError> {
        *self.slot(name).ok_or(CapacityError)? = Some(value);
        Ok(())
    }

    /// The member called `name`, if it is one of the three.
    fn slot(&mut self, name: &str) -> Option<&mut Option<&'a str>> {
        match name {
            TRACEPARENT => Some(&mut self.traceparent),
            TRACESTATE => Some(&mut self.tracestate),
            BAGGAGE => Some(&mut self.baggage),
            _ => None,
        }
    }
}

#[cfg(feature = "std")]
mod owned {
    use super::{
        BAGGAGE, CapacityError, Deserialize, Deserializer, IgnoredAny, MapAccess, MemberName,
        Repeats, TRACEPARENT, TRACESTATE, Visitor, de, fmt,
    };
    use crate::propagation::Injector;
    use std::string::String;

    /// The owned counterpart of [`PayloadCarrier`](super::PayloadCarrier),
    /// an [`Injector`] for building payloads (feature `std`).
    ///
    /// Serialises to the same object, and deserialises from it as
    /// `PayloadCarrier` does, but into owned strings, so strings with escapes
    /// are read as well.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::adapters::serde::OwnedPayloadCarrier;
    /// use tracewire::propagation::Injector;
    ///
    /// let mut c = OwnedPayloadCarrier::default();
    /// c.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").unwrap();
    /// assert!(serde_json::to_string(&c).unwrap().starts_with(r#"{"traceparent":"00-"#));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
    pub struct OwnedPayloadCarrier {
        /// The `traceparent` member.
        pub traceparent: Option<String>,
        /// The `tracestate` member.
        pub tracestate: Option<String>,
        /// The `baggage` member.
        pub baggage: Option<String>,
    }

    #[cfg(feature = "defmt")]
    impl defmt::Format for OwnedPayloadCarrier {
        /// The members as text: `OwnedPayloadCarrier(traceparent: Some("00-…"), …)`.
        fn format(&self, f: defmt::Formatter<'_>) {
            defmt::write!(
                f,
                "OwnedPayloadCarrier(traceparent: {}, tracestate: {}, baggage: {})",
                self.traceparent.as_deref(),
                self.tracestate.as_deref(),
                self.baggage.as_deref()
            );
        }
    }

    impl OwnedPayloadCarrier {
        /// The member called `name`, if it is one of the three.
        fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
            match name {
                TRACEPARENT => Some(&mut self.traceparent),
                TRACESTATE => Some(&mut self.tracestate),
                BAGGAGE => Some(&mut self.baggage),
                _ => None,
            }
        }

        /// A borrowed view of the same members.
        ///
        /// # Examples
        ///
        /// ```
        /// use tracewire::adapters::serde::{OwnedPayloadCarrier, PayloadCarrier};
        /// use tracewire::propagation::extract_traceparent;
        ///
        /// // `\u0031` is an escaped `1`: a borrowed carrier cannot undo it, an owned one can.
        /// let payload = r#"{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\u0031"}"#;
        /// let borrowed: PayloadCarrier<'_> = serde_json::from_str(payload)?;
        /// assert!(extract_traceparent(&borrowed).is_err()); // read as "", which no header accepts
        /// let owned: OwnedPayloadCarrier = serde_json::from_str(payload)?;
        /// assert!(extract_traceparent(&owned.view())?.is_some_and(|tp| tp.is_sampled()));
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        ///
        /// # Spec
        ///
        /// CAR-17.
        #[must_use]
        pub fn view(&self) -> super::PayloadCarrier<'_> {
            super::PayloadCarrier::new(
                self.traceparent.as_deref(),
                self.tracestate.as_deref(),
                self.baggage.as_deref(),
            )
        }
    }

    impl Injector for OwnedPayloadCarrier {
        fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
            *self.slot(name).ok_or(CapacityError)? = Some(String::from(value));
            Ok(())
        }
        fn remove_all(&mut self, name: &str) {
            if let Some(slot) = self.slot(name) {
                *slot = None;
            }
        }
    }

    impl super::Serialize for OwnedPayloadCarrier {
        fn serialize<S: super::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.view().serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for OwnedPayloadCarrier {
        /// Reads the members as [`PayloadCarrier`](super::PayloadCarrier)
        /// does, into owned strings, so escaped strings are read too.
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(OwnedVisitor)
        }
    }

    struct OwnedVisitor;

    impl<'de> Visitor<'de> for OwnedVisitor {
        type Value = OwnedPayloadCarrier;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let mut out = OwnedPayloadCarrier::default();
            let mut traceparents = Repeats::default();
            while let Some(key) = map.next_key::<MemberName>()? {
                match key.0.and_then(|name| Some(name).zip(out.slot(name))) {
                    Some((name, slot)) => {
                        *slot = map.next_value::<OwnedValue>()?.0;
                        traceparents.count(name, slot.is_some());
                    }
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            if traceparents.repeated() {
                // TP-19: two fields; the empty value is the invalid one.
                out.traceparent = Some(String::new());
            }
            Ok(out)
        }
    }

    /// A member's value as an owned string, `None` for `null`.
    struct OwnedValue(Option<String>);

    impl<'de> Deserialize<'de> for OwnedValue {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_option(OwnedValueVisitor)
        }
    }

    struct OwnedValueVisitor;

    impl<'de> Visitor<'de> for OwnedValueVisitor {
        type Value = OwnedValue;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a header string or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(OwnedValue(None))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(OwnedValue(None))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(OwnedValue(Some(String::from(v))))
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            Ok(OwnedValue(Some(String::from_utf8_lossy(v).into_owned())))
        }
    }
}

#[cfg(feature = "std")]
pub use owned::OwnedPayloadCarrier;
