//! The W3C binary form of trace context: what a CAN-FD frame, a `LoRa`
//! payload, an AMQP binary property or `grpc-trace-bin` carries.
//!
//! The binary form is told apart from the text form by this module, not by
//! a different verb or value type: [`traceparent::parse`] reads the 29-byte
//! layout into the same [`TraceParent`](crate::TraceParent) that
//! [`TraceParent::parse`](crate::TraceParent::parse) reads from text, and
//! [`traceparent::encode`] writes it back, so a context converts between the
//! two forms without loss (BIN-09).
//!
//! Binary output goes to a byte buffer ([`traceparent::encode_into`],
//! [`tracestate::encode_into`]) or a byte sink ([`SliceSink`](crate::SliceSink),
//! `Vec<u8>`, `heapless::Vec<u8, N>`, `ArrayVec<u8, N>`, `IoSink`); text sinks
//! hold only UTF-8 and the `write_to` functions refuse them whole (see
//! [`Sink::is_byte_sink`](crate::Sink::is_byte_sink)).
//!
//! ```
//! use tracewire::{binary, TraceParent};
//!
//! let text = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
//! let bytes: [u8; 29] = binary::traceparent::encode(&text);
//! assert_eq!(binary::traceparent::parse(&bytes)?, text);
//! # Ok::<(), tracewire::ParseError>(())
//! ```
//!
//! # Spec
//!
//! BIN-01..BIN-20 (BIN-20: both parsers are fuzz targets), CAR-12, CAR-18,
//! CAR-19. The W3C draft is discontinued;
//! `shared/spec/binary.md` freezes its rules and the choices listed there.

pub mod traceparent;
pub mod tracestate;

pub use tracestate::{BinaryMembers, BinaryTraceStateRef};
