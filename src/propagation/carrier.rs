//! The carrier traits: how propagation reads and writes named fields.

use crate::CapacityError;

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
    /// header field may not hold.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when a bounded carrier has no room; the carrier is
    /// then unchanged.
    fn set(&mut self, name: &str, value: &str) -> Result<(), CapacityError>;

    /// Removes every field `name`.
    fn remove_all(&mut self, name: &str);
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
}
