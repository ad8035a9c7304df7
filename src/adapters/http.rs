//! The `http` crate: [`Extractor`] and [`Injector`] for `http::HeaderMap`, the
//! map under hyper, axum, tonic (gRPC metadata), reqwest and Pingora, and
//! `TryFrom<&HeaderValue>` for [`TraceParent`].
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
use crate::{CapacityError, ParseError, TraceParent};
use http::{HeaderMap, HeaderName, HeaderValue};

/// The values of one name in a `HeaderMap`, as bytes.
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
        // The encoding is 55 bytes of `0-9 a-f -`, always a valid value.
        Self::from_bytes(tp.encode().as_bytes()).unwrap_or_else(|_| Self::from_static(""))
    }
}
