//! The W3C `baggage` header: a zero-copy view, the percent codec, and owned
//! fixed-capacity baggage.
//!
//! - [`BaggageRef`] borrows one or more received fields and iterates their
//!   [`Member`]s (key, raw value, [`Property`]s). Strict parsing reports the
//!   first malformed member; lenient reading, what propagation uses, skips
//!   it. [`Limits`] bound what is kept (64 members, 8192 bytes by default).
//! - [`PercentDecoded`] decodes a value into a caller's buffer, as `char`s
//!   or through `Display`, with ill-formed UTF-8 as U+FFFD.
//! - [`Baggage`] owns members in inline storage, encoded as they will be
//!   written: `insert` (also `insert_with_properties`, and `insert_member`
//!   to copy a member of a view), `remove`, `dedupe`, `get`, `iter`,
//!   `view`, `write_to`; [`InsertError`] says why an insert was refused.
//!
//! # Examples
//!
//! ```
//! use tracewire::{Baggage, BaggageRef};
//!
//! let received = BaggageRef::lenient(b"userId=alice,serverNode=DF%2028,isProduction=false");
//! let mut buf = [0u8; 64];
//! assert_eq!(received.get("serverNode").unwrap().value().decode_into(&mut buf), Ok("DF 28"));
//!
//! let mut out: Baggage = Baggage::try_from(received)?;
//! out.insert("userId", "Amélie")?;
//! assert_eq!(out.as_str(), "userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Spec
//!
//! BG-01..BG-21, BG-23, BG-25..BG-27 (BG-22 and BG-24 belong to
//! propagation). Choices: drop a malformed member (BG-21), skip empty ones
//! and accept an empty header (BG-20), keep a `%` without two hex digits
//! (BG-11), `k=v;` is malformed (BG-07), `get` returns the last duplicate
//! (BG-08), drop whole members from the end over a limit (BG-15), never keep
//! more than 180 members (BG-18).

mod grammar;
mod owned;
mod percent;
mod view;

pub(crate) use grammar::is_tchar;
#[cfg(feature = "opentelemetry")]
pub(crate) use grammar::is_token;
pub use owned::{Baggage, InsertError, PropertyInput};
pub use percent::{DecodedBytes, DecodedChars, PercentDecoded};
#[cfg(feature = "opentelemetry")]
pub(crate) use percent::{encode_into as percent_encode_into, encoded_len as percent_encoded_len};
pub use view::{BaggageRef, GRAMMAR_MAX_MEMBERS, Limits, Member, Members, Properties, Property};
