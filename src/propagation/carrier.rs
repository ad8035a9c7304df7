//! The carrier traits: how propagation reads and writes named fields, and
//! [`InjectError`].

use crate::CapacityError;
use crate::error::{ErrorKind, ParseError};
use core::fmt;

/// The read side of a carrier: every value of a field, in carrier order.
///
/// Name matching is the carrier's property: HTTP and gRPC match ASCII
/// case-insensitively (CAR-07), MQTT and Kafka exactly (CAR-14, CAR-26).
/// Which occurrences are returned is the carrier's rule too: HTTP and MQTT
/// return all of them so duplicates can be detected and lists joined
/// (CAR-09); Kafka returns only the last (CAR-26).
///
/// Names passed in are always lowercase (`traceparent`, `tracestate`,
/// `baggage`, `server-timing`).
///
/// # Examples
///
/// ```
/// use tracewire::propagation::{Extractor, Pairs};
///
/// let headers = [("TraceParent", &b"a"[..]), ("x", b"b"), ("traceparent", b"c")];
/// let carrier = Pairs::http(&headers);
/// assert_eq!(carrier.values_of("traceparent").collect::<Vec<_>>(), [&b"a"[..], b"c"]);
/// ```
pub trait Extractor {
    /// The iterator [`values_of`](Self::values_of) returns.
    type Values<'a>: Iterator<Item = &'a [u8]>
    where
        Self: 'a;

    /// Every value of the field `name` (lowercase), in carrier order.
    fn values_of<'a>(&'a self, name: &'a str) -> Self::Values<'a>;
}

/// The write side of a carrier: replaces a field.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use tracewire::propagation::Injector;
///
/// // With feature `std`, vectors of pairs are injectors.
/// let mut headers: Vec<(String, Vec<u8>)> = vec![("traceparent".into(), b"old".to_vec())];
/// headers.set("traceparent", "new").unwrap();
/// assert_eq!(headers, [("traceparent".to_string(), b"new".to_vec())]);
/// # }
/// ```
pub trait Injector {
    /// Replaces every field `name` with one field holding `value`.
    ///
    /// `name` is lowercase (CAR-01); `value` is ASCII and holds no byte a
    /// header field may not hold. The crate only ever passes such names and
    /// values; for a caller's own, [`try_set`](Self::try_set) checks them
    /// first and tells a bad one apart from a full carrier.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when a bounded carrier has no room; the carrier is
    /// then unchanged. A carrier that checks names and values itself (as
    /// `http::HeaderMap` does) refuses a bad one with the same error, having
    /// no other; [`try_set`](Self::try_set) reports it as what it is.
    fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError>;

    /// Removes every field `name`.
    fn remove_all(&mut self, name: &str);

    /// [`set`](Self::set), after checking that `name` is a lowercase token
    /// and `value` holds only bytes a header field may hold.
    ///
    /// Nothing is written when a check fails: no CR, LF, NUL or other
    /// control byte, DEL or non-ASCII byte ever reaches the carrier, and a
    /// bad value is never reported as a lack of room.
    ///
    /// # Errors
    ///
    /// - [`InjectError::Name`]: `name` is empty or has a byte other than
    ///   `a-z`, `0-9` and ``!#$%&'*+-.^_`|~``
    ///   ([`InvalidFieldName`](ErrorKind::InvalidFieldName), at that byte);
    /// - [`InjectError::Value`]: `value` has a byte other than HTAB, SP and
    ///   0x21-0x7E ([`InvalidFieldValue`](ErrorKind::InvalidFieldValue), at
    ///   that byte);
    /// - [`InjectError::Capacity`]: what [`set`](Self::set) returned.
    ///
    /// The carrier is unchanged in every case.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use tracewire::ErrorKind;
    /// use tracewire::propagation::{InjectError, Injector};
    ///
    /// let mut headers: Vec<(String, String)> = Vec::new();
    /// let err = headers.try_set("tracestate", "a=1\r\nx-injected: 1").unwrap_err();
    /// let InjectError::Value(e) = err else { panic!() };
    /// assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidFieldValue, 3));
    /// assert!(headers.is_empty());
    /// headers.try_set("tracestate", "a=1").unwrap();
    /// assert_eq!(headers, [("tracestate".to_string(), "a=1".to_string())]);
    /// # }
    /// ```
    ///
    /// # Spec
    ///
    /// CAR-01 (lowercase names), CAR-05 (header bytes only).
    fn try_set(&mut self, name: &str, value: &str) -> Result<(), InjectError> {
        check_name(name.as_bytes()).map_err(InjectError::Name)?;
        check_value(value.as_bytes()).map_err(InjectError::Value)?;
        self.set(name, value).map_err(InjectError::Capacity)
    }
}

/// CAR-01: a lowercase `token` (RFC 9110 `tchar`s, no upper-case letter).
fn check_name(name: &[u8]) -> Result<(), ParseError> {
    if name.is_empty() {
        return Err(ParseError::new(ErrorKind::InvalidFieldName, 0));
    }
    // A header name is an RFC 9110 token, as a baggage key is.
    match name
        .iter()
        .position(|&b| !crate::baggage::is_tchar(b) || b.is_ascii_uppercase())
    {
        Some(at) => Err(ParseError::new(ErrorKind::InvalidFieldName, at)),
        None => Ok(()),
    }
}

/// CAR-05: whether `b` may stand in a header field value here: HTAB, SP
/// and visible ASCII (RFC 9110 `field-value` bytes, no obs-text).
pub(crate) const fn is_field_value_byte(b: u8) -> bool {
    b == b'\t' || matches!(b, 0x20..=0x7e)
}

/// CAR-05: HTAB, SP and visible ASCII only (RFC 9110 `field-value` bytes).
fn check_value(value: &[u8]) -> Result<(), ParseError> {
    match value.iter().position(|&b| !is_field_value_byte(b)) {
        Some(at) => Err(ParseError::new(ErrorKind::InvalidFieldValue, at)),
        None => Ok(()),
    }
}

/// Why [`Injector::try_set`] refused a field; the carrier is then unchanged.
///
/// A bad name or value is told apart from a full carrier, so a caller is
/// never sent to enlarge a buffer for a value no carrier may hold.
///
/// # Examples
///
/// ```
/// use tracewire::{CapacityError, ErrorKind};
/// use tracewire::propagation::{InjectError, Injector, Pairs};
///
/// # #[cfg(feature = "std")] {
/// let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
/// let err = headers.try_set("baggage", "k=v\n").unwrap_err();
/// assert_eq!(err.to_string(), "invalid value: byte a header field may not hold at byte 3 (CAR-05)");
/// assert_eq!(err.parse_error().map(|e| e.kind()), Some(ErrorKind::InvalidFieldValue));
/// # }
/// assert_eq!(InjectError::Capacity(CapacityError).parse_error(), None);
/// ```
///
/// # Spec
///
/// CAR-01, CAR-05.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum InjectError {
    /// The name is not a lowercase token (CAR-01); the offset counts in the
    /// name.
    Name(ParseError),
    /// The value holds a byte no header field may hold (CAR-05); the offset
    /// counts in the value.
    Value(ParseError),
    /// The carrier has no room for the field.
    Capacity(CapacityError),
}

impl InjectError {
    /// The rule error, for [`Name`](Self::Name) and [`Value`](Self::Value).
    #[must_use]
    pub const fn parse_error(&self) -> Option<ParseError> {
        match self {
            Self::Name(e) | Self::Value(e) => Some(*e),
            Self::Capacity(_) => None,
        }
    }
}

impl fmt::Display for InjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Name(e) => write!(f, "invalid name: {e}"),
            Self::Value(e) => write!(f, "invalid value: {e}"),
            Self::Capacity(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for InjectError {}

impl From<CapacityError> for InjectError {
    fn from(e: CapacityError) -> Self {
        Self::Capacity(e)
    }
}

impl<E: Extractor + ?Sized> Extractor for &E {
    type Values<'a>
        = E::Values<'a>
    where
        Self: 'a;
    fn values_of<'a>(&'a self, name: &'a str) -> Self::Values<'a> {
        (**self).values_of(name)
    }
}

impl<I: Injector + ?Sized> Injector for &mut I {
    fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
        (**self).set(name, value)
    }
    fn remove_all(&mut self, name: &str) {
        (**self).remove_all(name);
    }
    fn try_set(&mut self, name: &str, value: &str) -> Result<(), InjectError> {
        (**self).try_set(name, value)
    }
}
