//! The binary `tracestate`: a list of `0, key-len, key, value-len, value`
//! members, ended by the end of the buffer or by `0, 0`.
//!
//! [`parse`] validates a buffer into a [`BinaryTraceStateRef`], a borrowed
//! view whose members are checked with the text rules, so it converts to text
//! ([`BinaryTraceStateRef::write_text_to`], `Display`) and, through
//! [`TraceStateRef::parse`](crate::TraceStateRef::parse), to an owned
//! [`TraceState`](crate::TraceState). [`write_to`] and [`encode_into`] write
//! a text tracestate ([`TraceStateRef`], or a `TraceState` through
//! [`view`](crate::TraceState::view)) in the binary form.
//!
//! # Examples
//!
//! ```
//! use tracewire::binary::tracestate;
//! use tracewire::TraceStateRef;
//!
//! let bytes = [
//!     0, 3, b'f', b'o', b'o', 16, b'3', b'4', b'f', b'0', b'6', b'7', b'a', b'a', b'0', b'b',
//!     b'a', b'9', b'0', b'2', b'b', b'7', 0, 3, b'b', b'a', b'r', 4, b'0', b'.', b'2', b'5',
//! ];
//! let ts = tracestate::parse(&bytes, Some(0))?;
//! assert_eq!(ts.to_string(), "foo=34f067aa0ba902b7,bar=0.25");
//!
//! let text = TraceStateRef::parse(b"foo=34f067aa0ba902b7,bar=0.25")?;
//! let mut out = [0u8; 40];
//! assert_eq!(tracestate::encode_into(&text, &mut out), Ok(34)); // 32 + the `0, 0` end marker
//! assert_eq!(out[..32], bytes);
//! # Ok::<(), tracewire::ParseError>(())
//! ```
//!
//! # Spec
//!
//! BIN-11..BIN-19. Choices: value-len 0 is an error (BIN-15); a key or value
//! of 256 bytes cannot be encoded (BIN-18).

use crate::error::{CapacityError, ErrorKind, ParseError};
use crate::sink::Sink;
use crate::steps::Steps;
use crate::tracestate::TraceStateRef;
use crate::tracestate::grammar::{check_key, check_value};
use core::fmt;
use core::iter::FusedIterator;

/// At most this many members (BIN-17, as TS-09).
pub const MAX_MEMBERS: usize = 32;
/// The longest key or value a 1-byte length can describe (BIN-18).
///
/// # Examples
///
/// ```
/// use tracewire::binary::tracestate::{self, MAX_FIELD};
/// use tracewire::TraceStateRef;
///
/// // A text value may have 256 bytes (TS-05); a 1-byte length cannot say 256.
/// let header = format!("k={}", "v".repeat(MAX_FIELD + 1));
/// let text = TraceStateRef::parse(header.as_bytes())?;
/// assert_eq!(tracestate::encoded_len(&text), None);
/// assert!(tracestate::encode_into(&text, &mut [0u8; 300]).is_err());
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BIN-18 (chosen: refused, not cut).
pub const MAX_FIELD: usize = 255;
/// The end marker, `0, 0` (field id 0, key-len 0), that ends a list before
/// the end of its buffer (BIN-12, BIN-19).
///
/// [`encode_into`] writes it when the buffer has room; [`write_to`] never
/// does (see there). Append it to a sink yourself when more bytes follow.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::tracestate, Sink, SliceSink, TraceStateRef};
///
/// let ts = TraceStateRef::parse(b"k=v")?;
/// let mut frame = [9u8; 16]; // whatever the buffer held
/// let mut sink = SliceSink::new(&mut frame);
/// tracestate::write_to(&ts, &mut sink)?;
/// sink.write_bytes(&tracestate::END_MARKER)?;
/// assert_eq!(tracestate::parse(&frame, Some(0))?.len(), 1); // the 9s after it are not read
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const END_MARKER: [u8; 2] = [0, 0];

/// A validated binary tracestate: the member bytes of a buffer, without the
/// end marker or what follows it.
///
/// Every key and value passed the text rules (TS-03..TS-05), so every member
/// can be written as text. Repeated keys are kept; [`get`](Self::get) returns
/// the left-most, as for text.
///
/// # Examples
///
/// ```
/// use tracewire::binary::tracestate;
///
/// let ts = tracestate::parse(&[0, 1, b'a', 1, b'1', 0, 0, 9, 9], None)?;
/// assert_eq!(ts.len(), 1);
/// assert_eq!(ts.get("a"), Some("1"));
/// assert_eq!(ts.as_bytes(), &[0, 1, b'a', 1, b'1']);
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BIN-12, BIN-16.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct BinaryTraceStateRef<'a> {
    bytes: &'a [u8],
    len: usize,
}

/// Parses a binary tracestate.
///
/// `traceparent_version` is the version of the traceparent it came with
/// (`None` when unknown); it decides how a wrong field id is reported
/// (BIN-13). The list ends at the end of `input` or at a member whose
/// key-len is 0; bytes after that `0, 0` are ignored (BIN-12).
///
/// # Errors
///
/// At the offset in `input` where the rule breaks:
/// - [`InvalidFieldId`](ErrorKind::InvalidFieldId) (version 0 or unknown) or
///   [`IncompatibleVersion`](ErrorKind::IncompatibleVersion) (any other
///   version) for a member that does not start with 0 (BIN-13);
/// - [`KeyTooShort`](ErrorKind::KeyTooShort),
///   [`IncompleteMember`](ErrorKind::IncompleteMember),
///   [`ValueTooShort`](ErrorKind::ValueTooShort) for truncated members, at
///   `input.len()` (BIN-14);
/// - [`EmptyBinaryValue`](ErrorKind::EmptyBinaryValue) at a value-len of 0 (BIN-15);
/// - the text rule's kind ([`InvalidKeyStart`](ErrorKind::InvalidKeyStart),
///   [`InvalidValueChar`](ErrorKind::InvalidValueChar), …) at the bad byte (BIN-16);
/// - [`TooManyBinaryMembers`](ErrorKind::TooManyBinaryMembers) at the 33rd member (BIN-17).
///
/// Rules are checked in reading order: a bad key byte is reported before a
/// value-len of 0 after it, and a bad byte inside a truncated member before
/// the truncation; the 33rd member is refused at its first byte.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::tracestate, ErrorKind};
///
/// let err = tracestate::parse(&[0, 1, b'A', 1, b'1'], Some(0)).unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidKeyStart, 2));
///
/// let err = tracestate::parse(&[1, 1, b'a', 1, b'1'], Some(3)).unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (ErrorKind::IncompatibleVersion, 0));
/// ```
///
/// # Spec
///
/// BIN-12..BIN-17. Choice: value-len 0 is an error, not an empty value that
/// ends the list (BIN-15).
pub const fn parse(
    input: &[u8],
    traceparent_version: Option<u8>,
) -> Result<BinaryTraceStateRef<'_>, ParseError> {
    parse_counted(input, traceparent_version, &mut Steps::new())
}

/// [`parse`], counting one step per member plus the key and value bytes
/// checked (test-only counter, see `crate::steps`).
pub(crate) const fn parse_counted<'a>(
    input: &'a [u8],
    traceparent_version: Option<u8>,
    steps: &mut Steps,
) -> Result<BinaryTraceStateRef<'a>, ParseError> {
    let mut rest = input;
    let mut at = 0;
    let mut len = 0;
    while let [id, tail @ ..] = rest {
        steps.tick();
        // BIN-13: every member starts with field id 0.
        if *id != 0 {
            let kind = match traceparent_version {
                None | Some(0) => ErrorKind::InvalidFieldId,
                Some(_) => ErrorKind::IncompatibleVersion,
            };
            return Err(ParseError::new(kind, at));
        }
        let [key_len, tail @ ..] = tail else {
            return Err(ParseError::new(ErrorKind::IncompleteMember, input.len()));
        };
        // BIN-12: key-len 0 ends the list.
        if *key_len == 0 {
            break;
        }
        // BIN-17: at most 32 members; a 33rd breaks the limit at its start.
        if len == MAX_MEMBERS {
            return Err(ParseError::new(ErrorKind::TooManyBinaryMembers, at));
        }
        // Each rule is checked in reading order: a bad key byte (BIN-16)
        // comes before a truncation or a value-len after it (BIN-14, BIN-15).
        let Some((key, tail)) = tail.split_at_checked(*key_len as usize) else {
            // BIN-14: the key bytes there are checked first.
            return Err(truncated(tail, at + 2, true, input.len()));
        };
        steps.add(key.len());
        if let Err(e) = check_key(key) {
            return Err(e.shifted(at + 2));
        }
        let [value_len, tail @ ..] = tail else {
            return Err(ParseError::new(ErrorKind::IncompleteMember, input.len()));
        };
        let value_len_at = at + 2 + *key_len as usize;
        // BIN-15 (chosen): an empty value is an error.
        if *value_len == 0 {
            return Err(ParseError::new(ErrorKind::EmptyBinaryValue, value_len_at));
        }
        let Some((value, tail)) = tail.split_at_checked(*value_len as usize) else {
            return Err(truncated(tail, value_len_at + 1, false, input.len()));
        };
        steps.add(value.len());
        if let Err(e) = check_value(value) {
            return Err(e.shifted(value_len_at + 1));
        }
        len += 1;
        at = value_len_at + 1 + *value_len as usize;
        rest = tail;
    }
    let bytes = match input.split_at_checked(at) {
        Some((members, _)) => members,
        None => input,
    };
    Ok(BinaryTraceStateRef { bytes, len })
}

/// The error of a key or value cut short by the end of the input (`end`):
/// the first byte of what is there (`part`, at `at` in the input) that the
/// text rules refuse (BIN-16), else [`KeyTooShort`](ErrorKind::KeyTooShort)
/// or [`ValueTooShort`](ErrorKind::ValueTooShort) at the end (BIN-14). Only
/// the bytes are judged, not the length or the last byte, which the missing
/// bytes would change.
#[cold]
const fn truncated(part: &[u8], at: usize, is_key: bool, end: usize) -> ParseError {
    let (short, checked) = if is_key {
        (ErrorKind::KeyTooShort, check_key(part))
    } else {
        (ErrorKind::ValueTooShort, check_value(part))
    };
    match checked {
        // What the missing bytes could still make right is no error yet:
        // an empty part, a value that ends in or is only spaces so far.
        Err(e)
            if !part.is_empty()
                && !matches!(
                    e.kind(),
                    ErrorKind::ValueEndsWithSpace | ErrorKind::EmptyValue
                ) =>
        {
            e.shifted(at)
        }
        _ => ParseError::new(short, end),
    }
}

impl<'a> BinaryTraceStateRef<'a> {
    /// The empty list.
    pub const EMPTY: Self = Self { bytes: &[], len: 0 };

    /// Number of members.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::binary::{tracestate, BinaryTraceStateRef};
    ///
    /// assert_eq!(tracestate::parse(&[0, 1, b'a', 1, b'1'], None)?.len(), 1);
    /// assert!(BinaryTraceStateRef::EMPTY.is_empty());
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no member.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The validated member bytes: the binary encoding of this list, without
    /// an end marker.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::binary::tracestate;
    ///
    /// let frame = [0, 1, b'a', 1, b'1', 0, 0, 0xde, 0xad]; // a member, the end marker, other data
    /// let ts = tracestate::parse(&frame, Some(0))?;
    /// assert_eq!(ts.as_bytes(), [0, 1, b'a', 1, b'1']);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BIN-12, BIN-19.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The members in list order, as `(key, value)` text.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::binary::tracestate;
    ///
    /// let ts = tracestate::parse(&[0, 1, b'a', 1, b'1', 0, 1, b'b', 1, b'2'], None)?;
    /// assert_eq!(ts.iter().collect::<Vec<_>>(), [("a", "1"), ("b", "2")]);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    #[must_use]
    pub const fn iter(&self) -> BinaryMembers<'a> {
        BinaryMembers {
            rest: self.bytes,
            left: self.len,
        }
    }

    /// The value of the left-most member with this key.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::binary::tracestate;
    ///
    /// let ts = tracestate::parse(&[0, 1, b'a', 1, b'1', 0, 1, b'a', 1, b'2'], None)?;
    /// assert_eq!(ts.get("a"), Some("1"));
    /// assert_eq!(ts.get("b"), None);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-10 (repeated keys kept, left-most wins), as for text.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The length of the text form (`k=v,k=v`).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::binary::tracestate;
    ///
    /// let ts = tracestate::parse(&[0, 1, b'a', 1, b'1', 0, 1, b'b', 1, b'2'], None)?;
    /// assert_eq!(ts.text_len(), "a=1,b=2".len());
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    #[must_use]
    pub fn text_len(&self) -> usize {
        // A binary member is `3 + key + value` bytes, a text one
        // `key + 1 + value`, and text puts a comma between members.
        match self.len {
            0 => 0,
            n => self.bytes.len().saturating_sub(n).saturating_sub(1),
        }
    }

    /// Writes the text form (`k=v,k=v`, TS-18) into `sink`.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if it does not fit; the sink is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{binary::tracestate, TraceState, TraceStateRef};
    ///
    /// let ts = tracestate::parse(&[0, 1, b'a', 1, b'1', 0, 1, b'b', 1, b'2'], None)?;
    /// let mut text = [0u8; 512];
    /// let mut sink = tracewire::SliceSink::new(&mut text);
    /// ts.write_text_to(&mut sink).unwrap();
    /// let owned: TraceState = TraceState::try_from(TraceStateRef::parse(sink.as_bytes())?)?;
    /// assert_eq!(owned.as_str(), "a=1,b=2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BIN-16 (every valid binary tracestate converts to valid text).
    pub fn write_text_to<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<usize, CapacityError> {
        let total = self.text_len();
        if total > sink.remaining() {
            return Err(CapacityError);
        }
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                sink.write_str(",")?;
            }
            sink.write_str(k)?;
            sink.write_str("=")?;
            sink.write_str(v)?;
        }
        Ok(total)
    }
}

impl fmt::Display for BinaryTraceStateRef<'_> {
    /// The text form, `k=v,k=v`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{k}={v}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for BinaryTraceStateRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for BinaryTraceStateRef<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                defmt::write!(f, ",");
            }
            defmt::write!(f, "{=str}={=str}", k, v);
        }
    }
}

impl<'a> IntoIterator for BinaryTraceStateRef<'a> {
    type Item = (&'a str, &'a str);
    type IntoIter = BinaryMembers<'a>;
    fn into_iter(self) -> BinaryMembers<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &BinaryTraceStateRef<'a> {
    type Item = (&'a str, &'a str);
    type IntoIter = BinaryMembers<'a>;
    fn into_iter(self) -> BinaryMembers<'a> {
        self.iter()
    }
}

/// The members of a [`BinaryTraceStateRef`], as `(key, value)` text, in
/// list order.
///
/// # Examples
///
/// ```
/// use tracewire::binary::tracestate;
///
/// let ts = tracestate::parse(&[0, 1, b'k', 2, b'v', b'1'], None)?;
/// let mut it = ts.iter();
/// assert_eq!(it.len(), 1);
/// assert_eq!(it.next(), Some(("k", "v1")));
/// assert_eq!(it.next(), None);
/// # Ok::<(), tracewire::ParseError>(())
/// ```
#[derive(Clone, Debug)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct BinaryMembers<'a> {
    rest: &'a [u8],
    left: usize,
}

/// Validated key or value bytes as text (they are printable ASCII; were
/// they not, they would read as empty).
fn text(b: &[u8]) -> &str {
    core::str::from_utf8(b).unwrap_or_default()
}

impl<'a> Iterator for BinaryMembers<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        if self.left == 0 {
            return None;
        }
        // The bytes were validated by `parse`: `0, key-len, key, value-len, value`.
        let [_, key_len, tail @ ..] = self.rest else {
            self.left = 0;
            return None;
        };
        let (key, tail) = tail.split_at_checked(usize::from(*key_len))?;
        let [value_len, tail @ ..] = tail else {
            self.left = 0;
            return None;
        };
        let (value, tail) = tail.split_at_checked(usize::from(*value_len))?;
        self.rest = tail;
        self.left -= 1;
        Some((text(key), text(value)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for BinaryMembers<'_> {}
impl FusedIterator for BinaryMembers<'_> {}

/// The length of the binary form of `ts`, what [`write_to`] writes (no end
/// marker), or `None` when a key or value is longer than 255 bytes: valid
/// text (up to 256), but a 1-byte length cannot describe it, so `ts` has no
/// binary form at all and every writer refuses it, whatever the room
/// (BIN-18).
///
/// # Examples
///
/// ```
/// use tracewire::{binary::tracestate, TraceStateRef};
///
/// let ts = TraceStateRef::parse(b"foo=34f067aa0ba902b7,bar=0.25")?;
/// assert_eq!(tracestate::encoded_len(&ts), Some(32));
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BIN-11, BIN-18.
#[must_use]
pub fn encoded_len(ts: &TraceStateRef<'_>) -> Option<usize> {
    let mut total = 0usize;
    for (k, v) in ts {
        // BIN-18: a 1-byte length describes at most 255 bytes.
        if k.len() > MAX_FIELD || v.len() > MAX_FIELD {
            return None;
        }
        total = total.checked_add(3 + k.len() + v.len())?;
    }
    Some(total)
}

/// Appends the binary form of `ts` (members in list order, no end marker) to
/// a byte sink and returns its length, [`encoded_len`].
///
/// Use a byte sink (`SliceSink`, `Vec<u8>`, `heapless::Vec<u8, N>`,
/// `arrayvec::ArrayVec<u8, N>`, `IoSink`). Text sinks (`String`,
/// [`FmtSink`](crate::FmtSink), `heapless::String`, `ArrayString`) hold only
/// UTF-8 and are refused whole, whatever the bytes (see
/// [`Sink::is_byte_sink`]).
///
/// No [`END_MARKER`]: a sink grows by exactly the bytes written and the
/// returned length says where the list ends, so the caller decides what
/// follows (append `END_MARKER` when other bytes will). [`encode_into`]
/// adds the marker because the bytes after the members in its buffer were
/// not written by it, and a reader would take them for members (BIN-12,
/// BIN-19).
///
/// # Errors
///
/// [`CapacityError`], with nothing written, when:
/// - a key or value is longer than 255 bytes (BIN-18): the binary form
///   cannot hold it at all, so no sink is large enough; [`encoded_len`]
///   returns `None` exactly then, check it to tell this case apart;
/// - the sink is a text sink;
/// - the sink has too little room.
///
/// # Examples
///
/// ```
/// use tracewire::{binary::tracestate, CapacityError, SliceSink, TraceState, TraceStateRef};
///
/// let mut ts: TraceState = TraceState::new();
/// ts.insert("k", "v").unwrap();
/// let mut buf = [0u8; 8];
/// let mut sink = SliceSink::new(&mut buf);
/// assert_eq!(tracestate::write_to(&ts.view(), &mut sink), Ok(5));
/// assert_eq!(sink.as_bytes(), &[0, 1, b'k', 1, b'v']);
///
/// let long = format!("k={}", "v".repeat(256)); // valid text
/// let long = TraceStateRef::parse(long.as_bytes())?;
/// assert_eq!(tracestate::encoded_len(&long), None); // no binary form
/// let mut buf = [0u8; 1024];
/// assert_eq!(tracestate::write_to(&long, &mut SliceSink::new(&mut buf)), Err(CapacityError));
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BIN-11, BIN-18, BIN-19 (no end marker in a sink).
pub fn write_to<S: Sink + ?Sized>(
    ts: &TraceStateRef<'_>,
    sink: &mut S,
) -> Result<usize, CapacityError> {
    let total = encoded_len(ts).ok_or(CapacityError)?;
    // The members are written in pieces, so everything that could refuse a
    // piece is checked first: a text sink would take the ASCII pieces and
    // refuse a length byte of 128 or more half-way.
    if !sink.is_byte_sink() || total > sink.remaining() {
        return Err(CapacityError);
    }
    for (k, v) in ts {
        // Lengths were checked by `encoded_len`.
        let key_len = u8::try_from(k.len()).map_err(|_| CapacityError)?;
        let value_len = u8::try_from(v.len()).map_err(|_| CapacityError)?;
        sink.write_bytes(&[0, key_len])?;
        sink.write_bytes(k.as_bytes())?;
        sink.write_bytes(&[value_len])?;
        sink.write_bytes(v.as_bytes())?;
    }
    Ok(total)
}

/// Writes the binary form of `ts` into the front of `buf`, followed by the
/// `0, 0` [`END_MARKER`] when at least two bytes are left, and returns the
/// number of bytes written (marker included).
///
/// The members are the bytes [`write_to`] writes ([`encoded_len`] of them);
/// the marker is added here, and not by `write_to`, because the rest of
/// `buf` holds bytes this call did not write, which a reader would
/// otherwise take for members (BIN-12, BIN-19).
///
/// Send `&buf[..n]` with the returned `n`. A whole buffer can be sent as it
/// is only when the marker was written or nothing is left after the
/// members: with exactly one byte left there is no room for the two-byte
/// marker, that byte keeps what it held, and a reader of the whole buffer
/// would take it for the start of another member.
///
/// # Errors
///
/// [`CapacityError`], with nothing written, when the members do not fit, or
/// when a key or value is longer than 255 bytes (BIN-18: no binary form at
/// all, whatever the buffer; [`encoded_len`] returns `None` then).
///
/// # Examples
///
/// ```
/// use tracewire::{binary::tracestate, TraceStateRef};
///
/// let ts = TraceStateRef::parse(b"k=v")?;
/// let mut exact = [0u8; 5];
/// assert_eq!(tracestate::encode_into(&ts, &mut exact), Ok(5)); // no room for a marker
/// let mut frame = [0xaa_u8; 8];
/// assert_eq!(tracestate::encode_into(&ts, &mut frame), Ok(7));
/// assert_eq!(frame, [0, 1, b'k', 1, b'v', 0, 0, 0xaa]);
/// let mut one_over = [0xaa_u8; 6];
/// let n = tracestate::encode_into(&ts, &mut one_over)?;
/// assert_eq!(n, 5); // no marker: send `&one_over[..n]`
/// assert!(tracestate::parse(&one_over, None).is_err());
/// assert_eq!(tracestate::parse(&one_over[..n], None)?.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Spec
///
/// BIN-11, BIN-18, BIN-19 (end marker in a larger buffer).
pub fn encode_into(ts: &TraceStateRef<'_>, buf: &mut [u8]) -> Result<usize, CapacityError> {
    let mut sink = crate::sink::SliceSink::new(buf);
    let n = write_to(ts, &mut sink)?;
    // BIN-19: the end marker, when the buffer has room for it.
    if sink.write_bytes(&END_MARKER).is_ok() {
        return Ok(n + 2);
    }
    Ok(n)
}
