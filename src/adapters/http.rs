//! The `http` crate: [`Extractor`] and [`Injector`] for `http::HeaderMap`, the
//! map under hyper, axum, tonic (gRPC metadata), reqwest and Pingora;
//! `TryFrom<&HeaderValue>` for [`TraceParent`], [`TraceStateRef`] and
//! [`BaggageRef`], and `From` the encodable values for `HeaderValue`.
//!
//! Reading uses `HeaderMap::get_all` (every value of a name, in order, names
//! case-insensitive); writing uses `insert`, which replaces every value of the
//! name (CAR-10, CAR-03).
//!
//! # Examples
//!
//! ```
//! use http::HeaderMap;
//! use tracewire::propagation::{extract_traceparent, Injector};
//!
//! let mut headers = HeaderMap::new();
//! headers.append("TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".parse()?);
//! let tp = extract_traceparent(&headers)?.expect("present");
//! assert!(tp.is_sampled());
//!
//! headers.set("traceparent", tp.encode().as_str())?;
//! assert_eq!(headers.get_all("traceparent").iter().count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::propagation::{Extractor, Injector};
use crate::{
    Baggage, BaggageRef, CapacityError, ParseError, ServerTiming, TraceParent, TraceState,
    TraceStateRef,
};
use http::{HeaderMap, HeaderName, HeaderValue};

/// The values of one name in a `HeaderMap`, as bytes.
///
/// # Examples
///
/// ```
/// use http::HeaderMap;
/// use tracewire::propagation::{extract, Extractor, Header};
///
/// let mut headers = HeaderMap::new();
/// headers.append("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".parse()?);
/// headers.append("tracestate", "rojo=1".parse()?);
/// headers.append("TraceState", "congo=2".parse()?);
/// let values: Vec<&[u8]> = headers.values_of("tracestate").collect();
/// assert_eq!(values, [&b"rojo=1"[..], b"congo=2"]); // every value, in order (CAR-10)
/// let ctx = extract(&headers);
/// let Header::Valid(ts) = ctx.tracestate() else { panic!("valid list") };
/// assert_eq!(ts.to_string(), "rojo=1,congo=2"); // joined (TS-16)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Spec
///
/// CAR-07, CAR-09, CAR-10, TS-16.
pub type HeaderValues<'a> =
    core::iter::Map<http::header::ValueIter<'a, HeaderValue>, fn(&HeaderValue) -> &[u8]>;

impl Extractor for HeaderMap {
    type Values<'a> = HeaderValues<'a>;
    fn values_of<'a>(&'a self, name: &'a str) -> HeaderValues<'a> {
        self.get_all(name)
            .iter()
            .map(HeaderValue::as_bytes as fn(&HeaderValue) -> &[u8])
    }
}

impl Injector for HeaderMap {
    /// Replaces every value of `name` (`HeaderMap::insert`).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if the map is full (http's `try_insert` limit).
    /// A name or value http refuses (CR, LF, NUL… never in the crate's
    /// output) is not inserted and is refused with the same error, the only
    /// one this method has: call [`Injector::try_set`] instead with a
    /// caller's value, which reports it as
    /// [`InjectError::Value`](crate::propagation::InjectError::Value) (or
    /// `Name`) at the bad byte.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use tracewire::propagation::{InjectError, Injector};
    ///
    /// let mut headers = HeaderMap::new();
    /// let err = headers.try_set("tracestate", "a=1\r\nx: y").unwrap_err();
    /// assert!(matches!(err, InjectError::Value(e) if e.offset() == 3));
    /// assert!(headers.is_empty());
    /// ```
    fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError> {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| CapacityError)?;
        let value = HeaderValue::from_str(value).map_err(|_| CapacityError)?;
        self.try_insert(name, value).map_err(|_| CapacityError)?;
        Ok(())
    }
    fn remove_all(&mut self, name: &str) {
        HeaderMap::remove(self, name);
    }
}

impl TryFrom<&HeaderValue> for TraceParent {
    type Error = ParseError;
    /// Parses one header value (TP-10: surrounding SP/HTAB ignored).
    fn try_from(v: &HeaderValue) -> Result<Self, ParseError> {
        Self::parse(v.as_bytes())
    }
}

impl From<&TraceParent> for HeaderValue {
    fn from(tp: &TraceParent) -> Self {
        // The encoding is 55 bytes of `0-9 a-f -`.
        always_valid(tp.encode().as_bytes())
    }
}

impl From<TraceParent> for HeaderValue {
    /// As `From<&TraceParent>` (the value is `Copy`).
    fn from(tp: TraceParent) -> Self {
        Self::from(&tp)
    }
}

impl From<&ServerTiming> for HeaderValue {
    /// The `trace` metric, `trace;desc=00-…`, for a `server-timing` field of
    /// its own (ST-01, ST-03): append it, so the other metrics stay.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use tracewire::{traceparent, ServerTiming};
    ///
    /// let metric = ServerTiming::new(traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01"));
    /// let mut response = HeaderMap::new();
    /// response.append(ServerTiming::HEADER, HeaderValue::from_static("db;dur=53"));
    /// response.append(ServerTiming::HEADER, HeaderValue::from(&metric));
    /// assert_eq!(response.get_all("server-timing").iter().count(), 2);
    /// ```
    fn from(st: &ServerTiming) -> Self {
        // `trace;desc=` and 55 bytes of `0-9 a-f -`.
        always_valid(st.encode().as_bytes())
    }
}

impl From<ServerTiming> for HeaderValue {
    /// As `From<&ServerTiming>` (the value is `Copy`).
    fn from(st: ServerTiming) -> Self {
        Self::from(&st)
    }
}

impl<'a> TryFrom<&'a HeaderValue> for TraceStateRef<'a> {
    type Error = ParseError;
    /// Parses one header value as [`TraceStateRef::parse`] does.
    fn try_from(v: &'a HeaderValue) -> Result<Self, ParseError> {
        Self::parse(v.as_bytes())
    }
}

impl<'a> TryFrom<&'a HeaderValue> for BaggageRef<'a> {
    type Error = ParseError;
    /// Parses one header value strictly, as [`BaggageRef::parse`] does.
    fn try_from(v: &'a HeaderValue) -> Result<Self, ParseError> {
        Self::parse(v.as_bytes())
    }
}

impl<const N: usize> From<&TraceState<N>> for HeaderValue {
    /// The canonical encoding, which is always a valid header value (the
    /// owned state refuses every byte a header may not hold).
    fn from(ts: &TraceState<N>) -> Self {
        always_valid(ts.as_bytes())
    }
}

impl<const B: usize, const M: usize> From<&Baggage<B, M>> for HeaderValue {
    /// The encoded header, which is always a valid header value (values
    /// are percent-encoded, keys are tokens).
    fn from(b: &Baggage<B, M>) -> Self {
        always_valid(b.as_bytes())
    }
}

/// A header value from text tracewire encoded, which holds only bytes a
/// header value may (every encoder refuses or escapes the others), so
/// `from_bytes` never fails here; the empty value stands in for the
/// impossible case instead of a panic.
fn always_valid(text: &[u8]) -> HeaderValue {
    HeaderValue::from_bytes(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // TS-21, BG-23: what the owned types encode goes into a HeaderValue as
    // is, and the views read one back.
    #[test]
    fn ts_21_bg_23_owned_values_convert_to_header_values_and_back() {
        let mut ts = TraceState::<512>::new();
        ts.insert("rojo", "00f067aa0ba902b7").unwrap();
        ts.insert("congo", "t61rcWkgMzE").unwrap();
        let hv = HeaderValue::from(&ts);
        assert_eq!(hv.as_bytes(), b"congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assert_eq!(TraceStateRef::try_from(&hv).unwrap(), ts.view());

        let mut bag = Baggage::<256, 8>::new();
        bag.insert("user", "Amélie DF").unwrap();
        let hv = HeaderValue::from(&bag);
        assert_eq!(hv.as_bytes(), b"user=Am%C3%A9lie%20DF");
        assert_eq!(BaggageRef::try_from(&hv).unwrap(), bag.view());

        let bad = HeaderValue::from_static("a=1,=2");
        assert!(BaggageRef::try_from(&bad).is_err());
        assert!(TraceStateRef::try_from(&bad).is_err());
        assert_eq!(HeaderValue::from(&TraceState::<64>::new()).as_bytes(), b"");
    }
}
