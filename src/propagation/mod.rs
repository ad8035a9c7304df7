//! Reading and writing trace context through carriers: HTTP headers, gRPC
//! metadata, MQTT user properties, Kafka record headers.
//!
//! - [`Extractor`] / [`Injector`]: the carrier traits (`no_std`), with
//!   [`Injector::try_set`] and its [`InjectError`] for a caller's own fields.
//! - [`extract`]: the receiving rules of one carrier for all three headers
//!   ([`Extracted`]: the traceparent verdict, the tracestate and baggage as
//!   [`Header`]s, their fields in a [`FieldList`]);
//!   [`extract_traceparent`] for the traceparent alone (TP-19, TP-20).
//! - `Participant`: what a service does with an incoming carrier for each
//!   outgoing call — continue or restart (behind `rand_core`).
//! - [`pass_through`]: forward traceparent and tracestate without
//!   participating (TP-16), reporting each as [`Forwarded`].
//! - [`Pairs`] (name rule [`NameRule`]), [`KafkaHeaders`]: ready carriers
//!   over `(name, value)` slices; `PairsMut` (behind `std`) writes a `Vec`
//!   of pairs by the HTTP, MQTT or Kafka rule.
//!
//! # Examples
//!
//! ```
//! use tracewire::propagation::{extract_traceparent, Pairs};
//!
//! let headers = [("TraceParent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..])];
//! let tp = extract_traceparent(&Pairs::http(&headers)).unwrap().unwrap();
//! assert!(tp.is_sampled());
//! ```

mod carrier;
mod extract;
mod fields;
mod pairs;
#[cfg(feature = "rand_core")]
mod participant;
mod pass_through;

pub use carrier::{Extractor, InjectError, Injector};
pub use extract::{Extracted, Header, MAX_BAGGAGE_FIELDS, MAX_TRACESTATE_FIELDS, extract};
pub use fields::FieldList;
pub use pairs::{KafkaHeaders, NameRule, PairValues, Pairs};
#[cfg(feature = "std")]
pub use pairs::{PairValue, PairsMut};
#[cfg(feature = "rand_core")]
pub use participant::{Decision, Participant};
pub use pass_through::{Forwarded, PASS_THROUGH_CAP, pass_through};

use crate::{ParseError, TraceParent};

/// Field name of the trace parent (CAR-01: always lowercase).
pub const TRACEPARENT: &str = "traceparent";
/// Field name of the trace state.
pub const TRACESTATE: &str = "tracestate";
/// Field name of the baggage.
pub const BAGGAGE: &str = "baggage";
/// Field name of the Server-Timing response header.
pub const SERVER_TIMING: &str = "server-timing";

/// Reads the traceparent of a carrier by the receiving rules.
///
/// `Ok(None)`: missing. `Err`: invalid — two or more fields (TP-19, even
/// when equal) or a value the codec refuses. Both mean restart (TP-20).
///
/// # Errors
///
/// [`ErrorKind::DuplicateField`](crate::ErrorKind::DuplicateField) or any
/// error of [`TraceParent::parse`].
///
/// # Examples
///
/// ```
/// use tracewire::ErrorKind;
/// use tracewire::propagation::{extract_traceparent, Pairs};
///
/// let tp = &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..];
/// let none: [(&str, &[u8]); 0] = [];
/// assert_eq!(extract_traceparent(&Pairs::http(&none)), Ok(None)); // missing: restart
/// let headers = [("traceparent", tp), ("TRACEPARENT", tp)];
/// let err = extract_traceparent(&Pairs::http(&headers)).map_err(|e| e.kind());
/// assert_eq!(err, Err(ErrorKind::DuplicateField)); // TP-19, even when equal
/// // Kafka keeps only the last header of a key (CAR-26): no duplicate there.
/// let record = [("traceparent", tp), ("traceparent", tp)];
/// assert!(extract_traceparent(&Pairs::kafka(&record))?.is_some());
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// TP-10, TP-19, TP-20, CAR-02, CAR-07..CAR-09.
pub fn extract_traceparent<E: Extractor + ?Sized>(
    carrier: &E,
) -> Result<Option<TraceParent>, ParseError> {
    TraceParent::parse_fields(carrier.values_of(TRACEPARENT))
}
