//! The W3C `tracestate` header: a validated zero-copy view
//! ([`TraceStateRef`]) and an owned fixed-capacity state ([`TraceState`]).
//!
//! Data flows one way: header bytes → [`TraceStateRef::parse`] (or
//! [`parse_fields`](TraceStateRef::parse_fields) for several fields) → an
//! optional copy into [`TraceState`] to change it → [`TraceState::write_to`].
//! Nothing allocates.
//!
//! # Examples
//!
//! ```
//! use tracewire::{TraceState, TraceStateRef};
//!
//! // Two incoming fields, read as one list.
//! let fields: &[&[u8]] = &[b"congo=t61rcWkgMzE", b" rojo=00f067aa0ba902b7 "];
//! let incoming = TraceStateRef::parse_fields(fields)?;
//! assert_eq!(incoming.get("rojo"), Some("00f067aa0ba902b7"));
//!
//! // Our vendor key goes first on the way out.
//! let mut outgoing: TraceState = TraceState::try_from(&incoming)?;
//! outgoing.insert("rojo", "53ce929d0e0e4736")?;
//! assert_eq!(outgoing.as_str(), "rojo=53ce929d0e0e4736,congo=t61rcWkgMzE");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Spec
//!
//! TS-01..TS-11, TS-15..TS-18, TS-21..TS-29 of `shared/spec/tracestate.md`.
//! Choices (README): the draft key grammar, Level 1 on request (2); leading
//! spaces belong to the value (3); new and changed keys go first (4); over 32
//! members the right-most goes, and truncation drops whole members only (5);
//! repeated keys are kept, `get` returns the left-most (6); a bad member
//! makes the whole value invalid (12); empty members do not count (13);
//! "larger than 128" means `key=value` over 128 bytes, right-most first (14).
//! TS-12..TS-14 and TS-19 (dropping the header, traceparent coupling, one
//! outgoing field) are the propagation layer's rules.

pub(crate) mod grammar;
mod owned;
mod view;

pub use grammar::Grammar;
pub use owned::{Dropped, InsertError, TraceState};
pub use view::{Members, TraceStateRef};

/// At most this many members in a tracestate (TS-09).
///
/// # Examples
///
/// ```
/// assert_eq!(tracewire::tracestate::MAX_MEMBERS, 32);
/// ```
pub const MAX_MEMBERS: usize = grammar::MAX_MEMBERS;
