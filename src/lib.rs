//! W3C trace context on the wire: `traceparent`, `tracestate`, `baggage`, the
//! Server-Timing `trace` metric and the binary form, for `no_std` targets,
//! without allocating and without panicking.
//!
//! # Quick start
//!
//! ```
//! use tracewire::{span_id, TraceParent, TraceState, TraceStateRef};
//!
//! // An incoming request's headers...
//! let incoming = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
//! let state = TraceStateRef::parse(b"congo=t61rcWkgMzE")?;
//! assert!(incoming.is_sampled());
//!
//! // ...continued with our own span id, and our member first in tracestate.
//! let outgoing = incoming.child(span_id!("53ce929d0e0e4736"));
//! let mut state = TraceState::<512>::try_from(&state)?;
//! state.insert("rojo", "00f067aa0ba902b7")?;
//!
//! assert_eq!(&*outgoing.encode(), "00-4bf92f3577b34da6a3ce929d0e0e4736-53ce929d0e0e4736-01");
//! assert_eq!(state.as_str(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! Over a whole carrier (HTTP headers, MQTT properties, Kafka headers), the
//! [`propagation`] module applies the receiving and forwarding rules.
//!
//! # Zero allocation
//!
//! The crate is `#![no_std]` and has no `alloc` dependency: parsers return
//! views that borrow the input, owned values live in fixed-size inline
//! storage, and encoders write into stack buffers or a caller's [`Sink`].
//! Every operation takes bounded memory and, given input, bounded time (the
//! id generators of feature `rand_core` draw again until the caller's RNG
//! yields a non-zero id, TP-31), and none can fail for lack of heap: what
//! matters on a microcontroller and on a gateway's hot path
//! alike. A test with a counting global allocator checks it, and
//! `no_std_tests/` runs the codecs in a binary that has no allocator at all.
//!
//! # Errors
//!
//! Every parser returns [`ParseError`]: the rule that failed
//! ([`ErrorKind`], with the spec ID from [`ErrorKind::spec_id`]) and the byte
//! offset of the first bad byte. Writers into bounded space return
//! [`CapacityError`] and leave the destination untouched (except
//! [`PercentDecoded::decode_into`](baggage::PercentDecoded::decode_into),
//! whose buffer is scratch space: its bytes are then unspecified, and the
//! carrier writers that set several fields one by one, such as
//! `propagation::Participant::inject` and [`propagation::pass_through`],
//! which keep the fields set before the one refused). Nothing
//! panics on any input (`clippy::panic`, `unwrap_used`, `indexing_slicing`
//! are denied, and the crate sets `#![forbid(unsafe_code)]`).
//!
//! ```
//! use tracewire::{ErrorKind, TraceParent};
//!
//! let err = TraceParent::parse(b"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::ForbiddenVersion);
//! assert_eq!(err.to_string(), "version ff is invalid at byte 0 (TP-07)");
//! ```
//!
//! # Crate features
//!
//! None is on by default; features only add, never change the core.
//!
//! | feature | adds |
//! |---|---|
//! | `std` | [`Sink`] for `String` and `Vec<u8>`; `Injector` for `Vec<(String, String)>` and `Vec<(String, Vec<u8>)>` (names exact, MQTT's rule) and `propagation::PairsMut` (HTTP, MQTT or Kafka name rules) |
//! | `heapless` | [`Sink`] for `heapless::String<N>` and `heapless::Vec<u8, N>`; `Injector` for a `heapless::Vec` of pairs |
//! | `arrayvec` | [`Sink`] for `arrayvec::ArrayString<N>` and `ArrayVec<u8, N>` |
//! | `embedded-io` | [`Sink`] for any `embedded_io::Write` (through `adapters::embedded_io::IoSink`) |
//! | `defmt` | `defmt::Format` on every public type |
//! | `rand_core` | `TraceId::random`, `SpanId::random`, `TraceParent::new_root`, `propagation::Participant` from a caller's `rand_core::Rng` |
//! | `http` | `Extractor`/`Injector` for `http::HeaderMap` (hyper, axum, tonic, reqwest, Pingora); conversions between `http::HeaderValue` and `TraceParent`, `TraceStateRef`/`TraceState`, `BaggageRef`/`Baggage`; implies `std` |
//! | `serde` | (de)serialisation as header strings; `adapters::serde::PayloadCarrier` for context inside payloads |
//! | `opentelemetry` | `adapters::otel::{TraceContextPropagator, BaggagePropagator}` for opentelemetry 0.33 and `SpanContext` conversions; implies `std` |
//!
//! # Spec coverage
//!
//! The rules are the numbered requirements of `shared/spec` (TP-, TS-, BG-,
//! ST-, BIN-, CAR-); each item's rustdoc names the IDs it implements and the
//! choices it makes where the W3C text leaves one, and `tests/` has a test
//! named after every MUST:
//!
//! | header | module | IDs |
//! |---|---|---|
//! | `traceparent` | [`TraceParent`], [`TraceId`], [`SpanId`], [`TraceFlags`] | TP-01..TP-34 |
//! | `tracestate` | [`tracestate`] | TS-01..TS-29 |
//! | `baggage` | [`baggage`] | BG-01..BG-27 |
//! | `server-timing` `trace` metric | [`ServerTiming`] | ST-01..ST-16 |
//! | binary trace context | [`binary`] | BIN-01..BIN-20 |
//! | carriers and propagation | [`propagation`], [`adapters`] | CAR-01..CAR-36 |
//!
//! # MSRV
//!
//! Rust 1.95, the toolchain CI builds with.

#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations, unreachable_pub)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    clippy::todo,
    clippy::dbg_macro,
    clippy::std_instead_of_core
)]
#![warn(clippy::pedantic)]

#[cfg(feature = "std")]
extern crate std;

mod encoded;
mod error;
mod hex;
mod ids;
mod macros;
mod server_timing;
mod sink;
mod steps;
mod traceparent;

pub mod binary;

pub mod adapters;
pub mod baggage;
pub mod propagation;
pub mod tracestate;

pub use baggage::{Baggage, BaggageRef};
pub use encoded::Encoded;
pub use error::{CapacityError, ErrorKind, ParseError};
pub use ids::{SpanId, TraceFlags, TraceId};
pub use server_timing::ServerTiming;
pub use sink::{FmtSink, Sink, SliceSink};
pub use traceparent::TraceParent;
pub use tracestate::{TraceState, TraceStateRef};

/// Internals for benches and fuzzers: the hex codec in both layouts and its
/// scalar reference. Not part of the API; may change in any release.
///
/// The `u64`-word functions take `N` a multiple of 4 (the id widths 8 and
/// 16); for other `N` they return `None` (decode) or zeros (encode). The
/// 16-bit-lane layout (the host's, where it has SIMD) and the scalar
/// references work for any `N`.
#[doc(hidden)]
pub mod _benchable {
    /// Decode of `2 * N` lowercase hex digits in the layout of this target
    /// (16-bit lanes where it has SIMD, `u64` words otherwise).
    #[must_use]
    pub fn hex_decode<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
        crate::hex::decode::<N>(digits)
    }
    /// Decode of `2 * N` lowercase hex digits in `u64` words (`N` a
    /// multiple of 4): the layout of targets without SIMD, which `hex_decode`
    /// uses there.
    #[must_use]
    pub fn hex_decode_words<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
        match crate::hex::decode_words::<N>(digits) {
            (out, 0) => Some(out),
            _ => None,
        }
    }
    /// Encode of `N` bytes (`N` a multiple of 4) in `u64` words, the layout
    /// of targets without SIMD.
    #[must_use]
    pub fn hex_encode_words<const N: usize, const M: usize>(bytes: &[u8; N]) -> [u8; M] {
        let mut out = [0u8; M];
        crate::hex::encode_words(bytes, &mut out);
        out
    }
    /// Scalar reference decode of `2 * N` lowercase hex digits.
    #[must_use]
    pub fn hex_decode_scalar<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
        crate::hex::decode_scalar::<N>(digits)
    }
    /// Encode of `N` bytes into `M = 2 * N` lowercase hex digits in the
    /// layout of this target.
    #[must_use]
    pub fn hex_encode<const N: usize, const M: usize>(bytes: &[u8; N]) -> [u8; M] {
        crate::hex::encode::<N, M>(bytes)
    }
    /// Scalar reference encode.
    #[must_use]
    pub fn hex_encode_scalar<const N: usize, const M: usize>(bytes: &[u8; N]) -> [u8; M] {
        crate::hex::encode_scalar::<N, M>(bytes)
    }
}

/// Test-only step counts of the parsers, so tests can assert that work is
/// linear in the input by counting instead of timing. Exists only under the
/// internal `__step-counter` feature; not part of the API.
///
/// A step is one iteration of a parser's inner loop (one byte, one SWAR
/// word, one member or one carrier field looked at), or one key compared
/// by the owned `Baggage`.
#[cfg(feature = "__step-counter")]
#[doc(hidden)]
pub mod _steps {
    use crate::steps::Steps;

    /// Runs `f` and returns its result with the steps the non-`const`
    /// parsers and carrier code took on this thread meanwhile (baggage,
    /// [`extract`](crate::propagation::extract) and its accessors,
    /// `FieldList`, `Pairs`, `TraceParent::parse_fields`,
    /// `ServerTiming::find`, and the key comparisons of `Baggage`).
    pub fn measure<R>(f: impl FnOnce() -> R) -> (R, usize) {
        let _ = crate::steps::take();
        let r = f();
        (r, crate::steps::take())
    }

    /// Steps of `TraceParent::parse` on `input`.
    #[must_use]
    pub fn traceparent(input: &[u8]) -> usize {
        let mut st = Steps::new();
        let _ = crate::TraceParent::parse_counted(input, &mut st);
        st.get()
    }

    /// Steps of `TraceStateRef::parse_fields` on `fields`.
    #[must_use]
    pub fn tracestate(fields: &[&[u8]]) -> usize {
        let mut st = Steps::new();
        let _ = crate::TraceStateRef::parse_fields_counted(
            fields,
            crate::tracestate::Grammar::Draft,
            &mut st,
        );
        st.get()
    }

    /// Steps of `ServerTiming::parse` on `value`.
    #[must_use]
    pub fn server_timing(value: &[u8]) -> usize {
        crate::server_timing::parse_steps(value)
    }

    /// Steps of `binary::tracestate::parse` on `input`.
    #[must_use]
    pub fn binary_tracestate(input: &[u8]) -> usize {
        let mut st = Steps::new();
        let _ = crate::binary::tracestate::parse_counted(input, None, &mut st);
        st.get()
    }
}

/// README.md's examples, run as doctests (they use the adapters, so only
/// when every feature they need is on, as in CI's `--all-features` run).
#[cfg(all(
    doctest,
    feature = "http",
    feature = "rand_core",
    feature = "serde",
    feature = "opentelemetry"
))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
