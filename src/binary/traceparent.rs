//! The 29-byte binary `traceparent`: version, then the trace-id, parent-id
//! and flags, each after its field id.
//!
//! | offset | size | content |
//! |---|---|---|
//! | 0 | 1 | version, 0 |
//! | 1 | 1 | field id 0 |
//! | 2 | 16 | trace-id, first byte first |
//! | 18 | 1 | field id 1 |
//! | 19 | 8 | parent-id, first byte first |
//! | 27 | 1 | field id 2 |
//! | 28 | 1 | trace-flags |
//! | 29.. | | padding, ignored |
//!
//! # Examples
//!
//! ```
//! use tracewire::binary::traceparent;
//!
//! let bytes = [
//!     0, 0, 75, 249, 47, 53, 119, 179, 77, 166, 163, 206, 146, 157, 0, 14, 71, 54,
//!     1, 52, 240, 103, 170, 11, 169, 2, 183, 2, 1,
//! ];
//! let tp = traceparent::parse(&bytes)?;
//! assert_eq!(tp.to_string(), "00-4bf92f3577b34da6a3ce929d000e4736-34f067aa0ba902b7-01");
//! assert_eq!(traceparent::encode(&tp), bytes);
//! # Ok::<(), tracewire::ParseError>(())
//! ```
//!
//! # Spec
//!
//! BIN-01..BIN-10. Choices: version 255 is invalid; the random-trace-id bit
//! (0x02) is kept like the sampled bit (Level 2 flags).

use crate::error::{CapacityError, ErrorKind, ParseError};
use crate::ids::{SpanId, TraceFlags, TraceId};
use crate::sink::Sink;
use crate::traceparent::TraceParent;

/// Length of the binary traceparent in bytes.
pub const LEN: usize = 29;

/// Offsets of the layout.
const TRACE_ID_AT: usize = 2;
const FIELD1_AT: usize = 18;
const PARENT_ID_AT: usize = 19;
const FIELD2_AT: usize = 27;

/// Parses the binary traceparent at the front of `input`.
///
/// Bytes after the first 29 are padding and ignored (BIN-06). A version
/// other than 0 and 255 is read with the version-0 layout (BIN-07): the
/// result's [`version`](TraceParent::version) is the version received, only
/// the known flag bits are kept, and every encoder writes it back as
/// version 0 — so `tp.version() != 0` tells that the value was downgraded.
/// For version 0 the flags byte is kept whole (read by masking, BIN-08),
/// exactly like the text parser keeps it.
///
/// # Errors
///
/// One distinct error per case of BIN-03, at the offset where the rule
/// breaks (a "too short" error at `input.len()`):
///
/// | input | kind | offset |
/// |---|---|---|
/// | empty | [`EmptyBinary`](ErrorKind::EmptyBinary) | 0 |
/// | version 255 | [`ForbiddenVersion`](ErrorKind::ForbiddenVersion) | 0 |
/// | ends after the version / trace-id / parent-id | [`MissingFieldId`](ErrorKind::MissingFieldId) | 1 / 18 / 27 |
/// | wrong field id, version 0 | [`InvalidFieldId`](ErrorKind::InvalidFieldId) | 1 / 18 / 27 |
/// | wrong field id, other version | [`IncompatibleVersion`](ErrorKind::IncompatibleVersion) | 1 / 18 / 27 |
/// | fewer than 16 bytes for the trace-id | [`TraceIdTooShort`](ErrorKind::TraceIdTooShort) | `input.len()` |
/// | fewer than 8 bytes for the parent-id | [`ParentIdTooShort`](ErrorKind::ParentIdTooShort) | `input.len()` |
/// | no flags byte | [`MissingFlags`](ErrorKind::MissingFlags) | 28 |
/// | all-zero trace-id / parent-id | [`AllZeroTraceId`](ErrorKind::AllZeroTraceId) / [`AllZeroParentId`](ErrorKind::AllZeroParentId) | 2 / 19 |
///
/// An all-zero id is reported as soon as the id is read, before a wrong
/// field id or a truncation after it.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::traceparent, ErrorKind};
///
/// let mut bytes = [0u8; 29];
/// bytes[2] = 1; // trace-id 0100…00
/// bytes[18] = 1;
/// bytes[19] = 2; // parent-id 0200…00
/// bytes[27] = 2;
/// bytes[28] = 0x03;
/// let tp = traceparent::parse(&bytes)?;
/// assert!(tp.is_sampled() && tp.is_random());
///
/// let err = traceparent::parse(&bytes[..20]).unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (ErrorKind::ParentIdTooShort, 20));
///
/// bytes[0] = 7; // a later version: parsed, reported through `version()`
/// assert_eq!(traceparent::parse(&bytes)?.version(), 7);
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BIN-02..BIN-08. Choice: version 255 is invalid, as in text (BIN-07).
pub const fn parse(input: &[u8]) -> Result<TraceParent, ParseError> {
    let [version, rest @ ..] = input else {
        return Err(ParseError::new(ErrorKind::EmptyBinary, 0));
    };
    let version = *version;
    // BIN-07: 255 is invalid, as in text (TP-07).
    if version == 0xff {
        return Err(ParseError::new(ErrorKind::ForbiddenVersion, 0));
    }
    let [id0, rest @ ..] = rest else {
        return Err(ParseError::new(ErrorKind::MissingFieldId, 1));
    };
    if *id0 != 0 {
        return Err(wrong_field_id(version, 1));
    }
    let Some((trace_id, rest)) = rest.split_first_chunk::<16>() else {
        return Err(ParseError::new(ErrorKind::TraceIdTooShort, input.len()));
    };
    // BIN-05: all-zero ids are invalid; reported in reading order, before
    // anything after the id (as TP-05, TP-06 in text).
    let Some(trace_id) = TraceId::from_bytes(*trace_id) else {
        return Err(ParseError::new(ErrorKind::AllZeroTraceId, TRACE_ID_AT));
    };
    let [id1, rest @ ..] = rest else {
        return Err(ParseError::new(ErrorKind::MissingFieldId, FIELD1_AT));
    };
    if *id1 != 1 {
        return Err(wrong_field_id(version, FIELD1_AT));
    }
    let Some((parent_id, rest)) = rest.split_first_chunk::<8>() else {
        return Err(ParseError::new(ErrorKind::ParentIdTooShort, input.len()));
    };
    let Some(parent_id) = SpanId::from_bytes(*parent_id) else {
        return Err(ParseError::new(ErrorKind::AllZeroParentId, PARENT_ID_AT));
    };
    let [id2, rest @ ..] = rest else {
        return Err(ParseError::new(ErrorKind::MissingFieldId, FIELD2_AT));
    };
    if *id2 != 2 {
        return Err(wrong_field_id(version, FIELD2_AT));
    }
    // BIN-06: whatever follows the flags is padding.
    let [flags, ..] = rest else {
        return Err(ParseError::new(ErrorKind::MissingFlags, input.len()));
    };
    // BIN-08: read whole, interpreted by masking; a downgraded value keeps
    // only the bits its version-0 reading knows (as TP-14 for text).
    let flags = if version == 0 {
        TraceFlags::from_bits(*flags)
    } else {
        TraceFlags::from_bits(*flags).known()
    };
    Ok(TraceParent::from_parts(trace_id, parent_id, flags, version))
}

/// BIN-04: a wrong field id means a bad value for version 0, and a layout
/// this crate does not know for any other version.
#[cold]
const fn wrong_field_id(version: u8, at: usize) -> ParseError {
    let kind = if version == 0 {
        ErrorKind::InvalidFieldId
    } else {
        ErrorKind::IncompatibleVersion
    };
    ParseError::new(kind, at)
}

/// Writes the 29-byte binary form of `tp`.
///
/// Always version 0, field ids 0, 1, 2 before their fields, ids copied as
/// byte arrays (no integer conversion), reserved flag bits cleared.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::traceparent, traceparent};
///
/// let tp = traceparent!("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff");
/// let bytes = traceparent::encode(&tp);
/// assert_eq!(&bytes[..3], &[0, 0, 0x4b]);
/// assert_eq!(bytes[28], 0x03);
/// ```
///
/// # Spec
///
/// BIN-01, BIN-02, BIN-07 (re-encoded as version 0), BIN-08 (TP-18).
#[must_use]
pub const fn encode(tp: &TraceParent) -> [u8; LEN] {
    let mut out = [0u8; LEN];
    if let Some((_, rest)) = out.split_first_chunk_mut::<TRACE_ID_AT>()
        && let Some((trace_id, rest)) = rest.split_first_chunk_mut::<16>()
    {
        *trace_id = tp.trace_id().to_bytes();
        if let Some(([id1], rest)) = rest.split_first_chunk_mut::<1>()
            && let Some((parent_id, rest)) = rest.split_first_chunk_mut::<8>()
        {
            *id1 = 1;
            *parent_id = tp.parent_id().to_bytes();
            if let [id2, flags] = rest {
                *id2 = 2;
                *flags = tp.flags().known().bits();
            }
        }
    }
    out
}

/// The length [`write_to`] and [`encode_into`] write: always 29.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::traceparent, traceparent};
///
/// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// assert_eq!(traceparent::encoded_len(&tp), traceparent::LEN);
/// ```
#[must_use]
pub const fn encoded_len(_tp: &TraceParent) -> usize {
    LEN
}

/// Writes the 29-byte form into the front of `buf` and returns 29.
///
/// Bytes of `buf` after the first 29 are left as they are: padding is the
/// caller's choice.
///
/// # Errors
///
/// [`CapacityError`] if `buf` is shorter than 29 bytes; nothing is written.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::traceparent, traceparent, CapacityError};
///
/// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// let mut frame = [0xaa_u8; 32];
/// assert_eq!(traceparent::encode_into(&tp, &mut frame), Ok(29));
/// assert_eq!(&frame[29..], &[0xaa; 3]);
/// assert_eq!(traceparent::encode_into(&tp, &mut [0u8; 28]), Err(CapacityError));
/// ```
///
/// # Spec
///
/// BIN-10.
pub fn encode_into(tp: &TraceParent, buf: &mut [u8]) -> Result<usize, CapacityError> {
    let dst = buf.first_chunk_mut::<LEN>().ok_or(CapacityError)?;
    *dst = encode(tp);
    Ok(LEN)
}

/// Appends the 29 bytes to a byte sink and returns 29.
///
/// Use a byte sink (`SliceSink`, `Vec<u8>`, `heapless::Vec<u8, N>`,
/// `arrayvec::ArrayVec<u8, N>`, an `embedded_io::Write` through `IoSink`).
/// Text sinks (`String`, [`FmtSink`](crate::FmtSink), `heapless::String`,
/// `ArrayString`) hold only UTF-8 and are refused whole, whatever the id
/// bytes (see [`Sink::is_byte_sink`]).
///
/// # Errors
///
/// [`CapacityError`] if fewer than 29 bytes are left, or the sink is a text
/// sink; nothing is written.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::traceparent, traceparent, CapacityError, FmtSink, SliceSink};
///
/// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// let mut buf = [0u8; 40];
/// let mut sink = SliceSink::new(&mut buf);
/// assert_eq!(traceparent::write_to(&tp, &mut sink), Ok(29));
/// assert_eq!(sink.as_bytes(), &traceparent::encode(&tp));
///
/// let mut text = String::new();
/// assert_eq!(traceparent::write_to(&tp, &mut FmtSink(&mut text)), Err(CapacityError));
/// assert!(text.is_empty());
/// ```
///
/// # Spec
///
/// BIN-01, BIN-10.
pub fn write_to<S: Sink + ?Sized>(tp: &TraceParent, sink: &mut S) -> Result<usize, CapacityError> {
    // One write of the whole value, into a sink that takes any bytes: all
    // or nothing, whatever the ids are.
    if !sink.is_byte_sink() || sink.remaining() < LEN {
        return Err(CapacityError);
    }
    sink.write_bytes(&encode(tp))?;
    Ok(LEN)
}
