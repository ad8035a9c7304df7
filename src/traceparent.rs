//! [`TraceParent`]: the `traceparent` header, parsed and written.

use crate::encoded::Encoded;
use crate::error::{CapacityError, ErrorKind, ParseError};
use crate::hex;
use crate::ids::{SpanId, TraceFlags, TraceId, byte_at};
use crate::sink::{Sink, write_all};
use crate::steps::Steps;
use core::fmt;
use core::str::FromStr;

/// A validated `traceparent`: version, trace-id, parent-id and flags.
///
/// 26 bytes, `Copy`. Built by [`parse`](Self::parse) from the wire, by
/// [`new`](Self::new) from parts, or by [`child`](Self::child) and
/// `new_root` (feature `rand_core`) when a service continues or restarts a
/// trace. The ids are never all zero (their types cannot hold zero).
///
/// # Examples
///
/// ```
/// use tracewire::{SpanId, TraceParent};
///
/// let tp = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")?;
/// assert!(tp.is_sampled() && tp.is_random());
///
/// let child = tp.child(SpanId::from_u64(0x53ce929d0e0e4736).unwrap());
/// assert_eq!(
///     child.encode().as_str(),
///     "00-4bf92f3577b34da6a3ce929d0e0e4736-53ce929d0e0e4736-03"
/// );
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// TP-01..TP-15, TP-17, TP-18, TP-21, TP-23..TP-25, TP-28.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
// The field order is chosen, not the wire order: in a `Result` or `Option`
// the value sits at offset 1, so with the 8-byte span id first the 16-byte
// trace id takes bytes 9..25, and the 8-byte chunk a move of the result
// reads at 16..24 lies inside it (the parser writes it with one 16-byte
// store). In wire order that chunk straddled the trace id's end and the span
// id's start, two stores: a store-forwarding stall that took `parse` + move
// from 8.4 to 10.6 ns (benches/README.md).
#[repr(C)]
pub struct TraceParent {
    parent_id: SpanId,
    trace_id: TraceId,
    flags: TraceFlags,
    version: u8,
}

impl fmt::Debug for TraceParent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TraceParent")
            .field("trace_id", &self.trace_id)
            .field("parent_id", &self.parent_id)
            .field("flags", &self.flags)
            .field("version", &self.version)
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for TraceParent {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "TraceParent {{ trace_id: {}, parent_id: {}, flags: {}, version: {=u8} }}",
            self.trace_id,
            self.parent_id,
            self.flags,
            self.version
        );
    }
}

/// Offsets of the version-00 layout.
const TRACE_AT: usize = 3;
const PARENT_AT: usize = 36;
const FLAGS_AT: usize = 53;

impl TraceParent {
    /// Length of an encoded traceparent (version 00) in bytes.
    pub const LEN: usize = 55;

    /// A version-00 traceparent from its parts, with the reserved flag bits
    /// cleared (TP-18).
    ///
    /// The random-trace-id bit is taken from `flags` as given: set it only
    /// when the trace-id's last 7 bytes are random (TP-30).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{trace_id, span_id, TraceFlags, TraceParent};
    ///
    /// let tp = TraceParent::new(
    ///     trace_id!("4bf92f3577b34da6a3ce929d0e0e4736"),
    ///     span_id!("00f067aa0ba902b7"),
    ///     TraceFlags::from_bits(0xff),
    /// );
    /// assert_eq!(tp.flags(), TraceFlags::SAMPLED | TraceFlags::RANDOM);
    /// ```
    #[must_use]
    pub const fn new(trace_id: TraceId, parent_id: SpanId, flags: TraceFlags) -> Self {
        Self {
            trace_id,
            parent_id,
            flags: flags.known(),
            version: 0,
        }
    }

    /// Parses one `traceparent` header value.
    ///
    /// Leading and trailing SP/HTAB are ignored (TP-10); offsets in errors
    /// still count from the first byte of `input`. Version `00` must be
    /// exactly 55 bytes; a higher version (not `ff`) is read by the prefix
    /// rule and only its ids and the known flag bits are kept (TP-13, TP-14).
    /// For version 00 the flags byte is kept as received, reserved bits
    /// included (TP-08, TP-18).
    ///
    /// This is a `const fn`, so it also runs at compile time (see
    /// [`traceparent!`](crate::traceparent)).
    ///
    /// # Errors
    ///
    /// The first rule broken, at the offset of the first bad byte:
    /// [`TooShort`](ErrorKind::TooShort), [`InvalidVersion`](ErrorKind::InvalidVersion),
    /// [`ForbiddenVersion`](ErrorKind::ForbiddenVersion),
    /// [`UppercaseHex`](ErrorKind::UppercaseHex), [`NotHex`](ErrorKind::NotHex),
    /// [`FieldTooShort`](ErrorKind::FieldTooShort), [`FieldTooLong`](ErrorKind::FieldTooLong),
    /// [`ExpectedDash`](ErrorKind::ExpectedDash), [`InnerWhitespace`](ErrorKind::InnerWhitespace),
    /// [`AllZeroTraceId`](ErrorKind::AllZeroTraceId),
    /// [`AllZeroParentId`](ErrorKind::AllZeroParentId),
    /// [`TrailingData`](ErrorKind::TrailingData), [`InvalidSuffix`](ErrorKind::InvalidSuffix).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceParent};
    ///
    /// let tp = TraceParent::parse(b" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t")?;
    /// assert_eq!(tp.trace_id().to_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
    ///
    /// let future = TraceParent::parse(b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-x")?;
    /// assert_eq!(future.version(), 0xcc);
    /// assert_eq!(future.flags().bits(), 0x03);
    ///
    /// let err = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-123456789012345.-01")
    ///     .unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::NotHex, 51));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-01..TP-14. Choices: higher versions must use lowercase hex (TP-13);
    /// from a higher version the flags 0x01 and 0x02 are kept (TP-14).
    #[inline]
    pub const fn parse(input: &[u8]) -> Result<Self, ParseError> {
        // The common case, exactly 55 bytes with nothing around them, in one
        // straight line; everything else (OWS, higher versions, errors) takes
        // the general path, which gives the same answer for what this takes.
        match fast_v00(input) {
            Some(tp) => Ok(tp),
            None => Self::parse_counted(input, &mut Steps::new()),
        }
    }

    /// [`parse`](Self::parse) without its fast path, counting the OWS bytes
    /// trimmed and one step for the fixed-width fields (test-only counter,
    /// see `crate::steps`).
    #[inline(never)]
    pub(crate) const fn parse_counted(input: &[u8], steps: &mut Steps) -> Result<Self, ParseError> {
        steps.tick();
        let (start, value) = trim_ows_counted(input, steps);
        match parse_trimmed(value) {
            Ok(tp) => Ok(tp),
            Err(e) => Err(e.shifted(start)),
        }
    }

    /// Parses the `traceparent` fields of one carrier, in arrival order.
    ///
    /// No field gives `Ok(None)` (missing: the receiver restarts, TP-20).
    /// One field is parsed with [`parse`](Self::parse). Two or more make the
    /// traceparent invalid even when they are equal (TP-19, chosen), reported
    /// as [`DuplicateField`](ErrorKind::DuplicateField) at offset 0 of field 1;
    /// errors inside the single field carry field index 0.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::DuplicateField`], or any error of [`parse`](Self::parse).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceParent};
    ///
    /// let v: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    /// assert!(TraceParent::parse_fields([v])?.is_some());
    /// assert_eq!(TraceParent::parse_fields([])?, None);
    /// let err = TraceParent::parse_fields([v, v]).unwrap_err();
    /// assert_eq!((err.kind(), err.field(), err.offset()), (ErrorKind::DuplicateField, 1, 0));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-19 (duplicates invalid, chosen also for equal values), TP-20.
    pub fn parse_fields<'a, I>(fields: I) -> Result<Option<Self>, ParseError>
    where
        I: IntoIterator<Item = &'a [u8]>,
    {
        let mut it = fields.into_iter();
        let Some(first) = it.next() else {
            return Ok(None);
        };
        if it.next().is_some() {
            return Err(ParseError::in_field(ErrorKind::DuplicateField, 1, 0));
        }
        let mut steps = Steps::new();
        let parsed = Self::parse_counted(first, &mut steps);
        crate::steps::flush(steps);
        parsed.map(Some)
    }

    /// A value exactly as a parser read it (used by the binary codec).
    pub(crate) const fn from_parts(
        trace_id: TraceId,
        parent_id: SpanId,
        flags: TraceFlags,
        version: u8,
    ) -> Self {
        Self {
            parent_id,
            trace_id,
            flags,
            version,
        }
    }

    /// The version as received (`0` for everything the crate builds).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceParent;
    ///
    /// // A later version is read by the prefix rule, extra fields ignored (TP-13).
    /// let tp = TraceParent::parse(b"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")?;
    /// assert_eq!(tp.version(), 1);
    /// assert_eq!(tp.canonical().version(), 0);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-07, TP-13, TP-15.
    #[must_use]
    pub const fn version(&self) -> u8 {
        self.version
    }

    /// The trace-id.
    #[must_use]
    pub const fn trace_id(&self) -> TraceId {
        self.trace_id
    }

    /// The parent-id: the span id of the caller that sent this value.
    #[must_use]
    pub const fn parent_id(&self) -> SpanId {
        self.parent_id
    }

    /// The flags: as received for version 00, the known bits for higher
    /// versions, the known bits for values the crate built.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceParent;
    ///
    /// let v00 = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff")?;
    /// assert_eq!(v00.flags().bits(), 0xff); // version 00: as received (TP-08)
    /// let v01 = TraceParent::parse(b"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff")?;
    /// assert_eq!(v01.flags().bits(), 0x03); // later versions: the known bits (TP-14)
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-08, TP-14, TP-17, TP-18.
    #[must_use]
    pub const fn flags(&self) -> TraceFlags {
        self.flags
    }

    /// Whether the sampled bit is set (TP-17).
    #[must_use]
    pub const fn is_sampled(&self) -> bool {
        self.flags.is_sampled()
    }

    /// Whether the random-trace-id bit is set (TP-17).
    #[must_use]
    pub const fn is_random(&self) -> bool {
        self.flags.is_random()
    }

    /// The value as the crate writes it: version 00, reserved bits cleared.
    ///
    /// `TraceParent::parse(x.encode().as_bytes()) == Ok(x.canonical())` for
    /// every `x`; values built with [`new`](Self::new) or
    /// [`child`](Self::child) are already canonical.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceParent;
    ///
    /// let got = TraceParent::parse(b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-more")?;
    /// let out = got.canonical();
    /// assert_eq!((out.version(), out.flags().bits()), (0, 0x01));
    /// assert_eq!(TraceParent::parse(got.encode().as_bytes()), Ok(out));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-15 (downgrade to 00), TP-18 (reserved bits cleared on output).
    #[must_use]
    pub const fn canonical(self) -> Self {
        Self::new(self.trace_id, self.parent_id, self.flags)
    }

    /// Continues the trace: same trace-id, `span_id` as the new parent-id,
    /// sampled and random-trace-id bits kept, reserved bits cleared, version 00.
    ///
    /// `span_id` must be the caller's own new span id (draw it with
    /// `SpanId::random` or take it from your tracer): passing the received
    /// parent-id back would forward the caller's id as ours, which TP-21
    /// forbids and the types cannot detect.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{span_id, traceparent};
    ///
    /// let incoming = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff");
    /// let out = incoming.child(span_id!("53ce929d0e0e4736"));
    /// assert_eq!(out.to_string(), "00-4bf92f3577b34da6a3ce929d0e0e4736-53ce929d0e0e4736-03");
    /// ```
    ///
    /// # Spec
    ///
    /// TP-18, TP-21, TP-23, TP-24, TP-25.
    #[must_use]
    pub const fn child(self, span_id: SpanId) -> Self {
        Self::new(self.trace_id, span_id, self.flags)
    }

    /// Continues the trace like [`child`](Self::child), with the caller's
    /// sampling decision written into the sampled bit.
    ///
    /// The only way to change flags: a new parent-id comes with it (TP-23).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{span_id, traceparent};
    ///
    /// let incoming = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02");
    /// let out = incoming.child_with_sampled(span_id!("53ce929d0e0e4736"), true);
    /// assert!(out.is_sampled() && out.is_random());
    /// ```
    ///
    /// # Spec
    ///
    /// TP-23, TP-25.
    #[must_use]
    pub const fn child_with_sampled(self, span_id: SpanId, sampled: bool) -> Self {
        Self::new(self.trace_id, span_id, self.flags.with_sampled(sampled))
    }

    /// Writes the 55-byte version-00 form on the stack.
    ///
    /// Always version `00`, lowercase hex, reserved flag bits cleared.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceParent;
    ///
    /// let tp = TraceParent::parse(b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-x")?;
    /// assert_eq!(&*tp.encode(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-15, TP-18, TP-28.
    #[must_use]
    pub const fn encode(&self) -> Encoded<55> {
        let mut out = [b'-'; 55];
        if let Some((head, rest)) = out.split_first_chunk_mut::<3>() {
            *head = *b"00-";
            if let Some((tid, rest)) = rest.split_first_chunk_mut::<32>() {
                *tid = hex::encode::<16, 32>(self.trace_id.as_bytes());
                // rest = "-" parent-id "-" flags
                if let Some((_, rest)) = rest.split_first_chunk_mut::<1>()
                    && let Some((pid, rest)) = rest.split_first_chunk_mut::<16>()
                {
                    *pid = hex::encode::<8, 16>(self.parent_id.as_bytes());
                    if let Some(flags) = rest.last_chunk_mut::<2>() {
                        *flags = *self.flags.known().encode().as_bytes();
                    }
                }
            }
        }
        Encoded(out)
    }

    /// The length [`write_to`](Self::write_to) writes: always 55.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        Self::LEN
    }

    /// Writes the 55-byte form into the front of `buf` and returns 55.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if `buf` is shorter than 55 bytes; nothing is written.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, CapacityError};
    ///
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// let mut buf = [b'x'; 56];
    /// assert_eq!(tp.encode_into(&mut buf), Ok(55));
    /// assert_eq!(&buf[..], b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x");
    /// assert_eq!(tp.encode_into(&mut [0u8; 54]), Err(CapacityError));
    /// ```
    ///
    /// # Spec
    ///
    /// TP-28.
    pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, CapacityError> {
        let dst = buf.first_chunk_mut::<55>().ok_or(CapacityError)?;
        *dst = self.encode().into_bytes();
        Ok(Self::LEN)
    }

    /// Appends the 55-byte form to `sink` and returns 55.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if fewer than 55 bytes are left; the sink is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, SliceSink};
    ///
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// let mut buf = [0u8; 60];
    /// let mut sink = SliceSink::new(&mut buf);
    /// assert_eq!(tp.write_to(&mut sink), Ok(55));
    /// assert!(tp.write_to(&mut sink).is_err());
    /// assert_eq!(sink.as_str(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// ```
    ///
    /// # Spec
    ///
    /// TP-28.
    pub fn write_to<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<usize, CapacityError> {
        write_all(sink, Self::LEN, &[self.encode().as_str()])
    }
}

#[cfg(feature = "rand_core")]
impl TraceParent {
    /// Starts a new trace: a random trace-id and span id from `rng`, the
    /// random-trace-id bit set, and the sampled bit as the caller decides.
    ///
    /// Used for a restart (missing or invalid incoming traceparent) and by
    /// services that begin a trace. Nothing but `rng` goes into the ids.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceParent;
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let root = TraceParent::new_root(&mut rng, true);
    /// assert!(root.is_random() && root.is_sampled()); // TP-29: all 16 bytes random
    /// assert_eq!(root.version(), 0);
    /// assert_ne!(TraceParent::new_root(&mut rng, true).trace_id(), root.trace_id());
    /// ```
    ///
    /// # Spec
    ///
    /// TP-20, TP-22, TP-29..TP-32, TP-34.
    #[must_use]
    pub fn new_root<R: rand_core::Rng + ?Sized>(rng: &mut R, sampled: bool) -> Self {
        let trace_id = TraceId::random(rng);
        let span_id = SpanId::random(rng);
        Self::new(trace_id, span_id, TraceFlags::RANDOM.with_sampled(sampled))
    }

    /// Continues the trace with a new span id drawn from `rng` (TP-32).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::traceparent;
    /// # use rand::SeedableRng as _;
    /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    /// let incoming = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff");
    /// let out = incoming.child_random(&mut rng);
    /// assert_eq!(out.trace_id(), incoming.trace_id());
    /// assert_ne!(out.parent_id(), incoming.parent_id());
    /// assert_eq!(out.flags().bits(), 0x03); // reserved bits cleared (TP-18)
    /// ```
    ///
    /// # Spec
    ///
    /// TP-18, TP-21, TP-24, TP-32.
    #[must_use]
    pub fn child_random<R: rand_core::Rng + ?Sized>(self, rng: &mut R) -> Self {
        self.child(SpanId::random(rng))
    }
}

impl fmt::Display for TraceParent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encode().as_str())
    }
}

impl FromStr for TraceParent {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::parse(s.as_bytes())
    }
}

impl TryFrom<&[u8]> for TraceParent {
    type Error = ParseError;
    fn try_from(b: &[u8]) -> Result<Self, ParseError> {
        Self::parse(b)
    }
}

impl TryFrom<&str> for TraceParent {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        Self::parse(s.as_bytes())
    }
}

/// Strips SP/HTAB from both ends; returns the number stripped at the front.
/// Counts one step per byte trimmed.
const fn trim_ows_counted<'a>(input: &'a [u8], steps: &mut Steps) -> (usize, &'a [u8]) {
    let mut s = input;
    let mut start = 0;
    while let [b' ' | b'\t', rest @ ..] = s {
        steps.tick();
        s = rest;
        start += 1;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        steps.tick();
        s = rest;
    }
    (start, s)
}

/// `N` bytes of `s` at `at`, if they are there.
#[inline]
const fn chunk<const N: usize>(s: &[u8], at: usize) -> Option<&[u8; N]> {
    match s.split_at_checked(at) {
        Some((_, t)) => t.first_chunk::<N>(),
        None => None,
    }
}

/// The common case of [`TraceParent::parse`], in one straight line: exactly
/// 55 bytes of version `00` with non-zero ids, or `None` for the general
/// path ([`parse_trimmed`]) to answer.
///
/// Every check (the `00-` prefix, the 48 id digits, the two flags digits,
/// the dashes, the zero ids) is computed without a data-dependent branch
/// and OR-ed, and one branch decides.
#[expect(
    clippy::inline_always,
    reason = "measured: returned through a temporary otherwise, which costs a store-forwarding stall"
)]
#[inline(always)]
const fn fast_v00(v: &[u8]) -> Option<TraceParent> {
    let (Some([v0, v1, d0]), Some(tid), Some([d1]), Some(pid), Some([d2, f0, f1]), true) = (
        chunk::<3>(v, 0),
        chunk::<32>(v, TRACE_AT),
        chunk::<1>(v, TRACE_AT + 32),
        chunk::<16>(v, PARENT_AT),
        chunk::<3>(v, PARENT_AT + 16),
        v.len() == TraceParent::LEN,
    ) else {
        return None;
    };
    // Zero exactly when the value starts `00-` and both ids end in a dash.
    let frame = (*v0 ^ b'0') | (*v1 ^ b'0') | (*d0 ^ b'-') | (*d1 ^ b'-') | (*d2 ^ b'-');
    let (flags, bad_f) = hex::decode_byte_lanes(*f0, *f1);
    let (trace_id, parent_id, bad_ids) = hex::decode_ids(tid, pid);
    // TP-05, TP-06: all-zero ids go to the general path, which names them.
    let zero = (u128::from_le_bytes(trace_id) == 0) | (u64::from_le_bytes(parent_id) == 0);
    if (bad_ids | (frame | bad_f) as u64) == 0 && !zero {
        Some(TraceParent {
            trace_id: TraceId::from_checked_bytes(trace_id),
            parent_id: SpanId::from_checked_bytes(parent_id),
            flags: TraceFlags::from_bits(flags),
            version: 0,
        })
    } else {
        None
    }
}

/// Parses a value with no surrounding OWS; offsets relative to `v`.
///
/// The general path, one byte at a time: OWS-trimmed values, higher
/// versions, every error (and the Server-Timing `desc`). The common case
/// never comes here, so it is written for size rather than speed.
pub(crate) const fn parse_trimmed(v: &[u8]) -> Result<TraceParent, ParseError> {
    let (version, trace_id, parent_id, flags) = match walk(v) {
        Ok(fields) => fields,
        Err(e) => return Err(e),
    };
    if let Some(e) = suffix_error(v, version) {
        return Err(e);
    }
    // TP-14: from a higher version keep only the known flag bits.
    let flags = if version == 0 {
        TraceFlags::from_bits(flags)
    } else {
        TraceFlags::from_bits(flags).known()
    };
    Ok(TraceParent {
        trace_id: TraceId::from_checked_bytes(trace_id),
        parent_id: SpanId::from_checked_bytes(parent_id),
        flags,
        version,
    })
}

/// The error for what follows the flags, if any (TP-04, TP-13).
const fn suffix_error(v: &[u8], version: u8) -> Option<ParseError> {
    let Some(next) = byte_at(v, TraceParent::LEN) else {
        return None;
    };
    if version == 0 {
        // TP-03: a 3rd flags digit (upper case too, as after the ids) is a
        // too-long field; TP-04: anything else.
        return Some(
            if matches!(hex::class(next), hex::Class::Hex | hex::Class::Upper) {
                ParseError::new(ErrorKind::FieldTooLong, TraceParent::LEN)
            } else {
                ParseError::new(ErrorKind::TrailingData, TraceParent::LEN)
            },
        );
    }
    // TP-13: a higher version continues only with a dash.
    if next == b'-' {
        None
    } else {
        Some(ParseError::new(ErrorKind::InvalidSuffix, TraceParent::LEN))
    }
}

/// Start and width of field `f` of the layout (version, trace-id,
/// parent-id, flags).
const fn field_span(f: usize) -> (usize, usize) {
    match f {
        0 => (0, 2),
        1 => (TRACE_AT, 32),
        2 => (PARENT_AT, 16),
        _ => (FLAGS_AT, 2),
    }
}

/// Walks the 55-byte layout byte by byte: the version, the ids and the
/// flags, decoded, or the first broken rule (in layout order, the order the
/// tests pin down).
#[inline(never)]
const fn walk(v: &[u8]) -> Result<(u8, [u8; 16], [u8; 8], u8), ParseError> {
    let mut version = 0;
    let mut trace_id = [0; 16];
    let mut parent_id = [0; 8];
    let mut flags = 0;
    let mut f = 0;
    while f < 4 {
        let (start, width) = field_span(f);
        let value = match field_value(v, start, width, f == 0) {
            Ok(value) => value,
            Err(e) => return Err(e),
        };
        let bytes = value.to_be_bytes();
        let [.., low] = bytes;
        match f {
            0 => {
                // TP-07: version ff is invalid whatever follows.
                if low == 0xff {
                    return Err(ParseError::new(ErrorKind::ForbiddenVersion, 0));
                }
                version = low;
            }
            // TP-05: an all-zero trace-id is invalid.
            1 if value == 0 => return Err(ParseError::new(ErrorKind::AllZeroTraceId, start)),
            1 => trace_id = bytes,
            // TP-06: an all-zero parent-id is invalid.
            2 if value == 0 => return Err(ParseError::new(ErrorKind::AllZeroParentId, start)),
            2 => {
                if let Some(last) = bytes.last_chunk::<8>() {
                    parent_id = *last;
                }
            }
            _ => flags = low,
        }
        // The dash after the field (none after the flags).
        if f < 3 {
            let at = start + width;
            match byte_at(v, at) {
                None => return Err(ParseError::new(ErrorKind::TooShort, v.len())),
                Some(b'-') => {}
                Some(b) => {
                    let kind = match (f, hex::class(b), b) {
                        (0, _, _) => ErrorKind::InvalidVersion,
                        (_, _, b' ' | b'\t') => ErrorKind::InnerWhitespace,
                        (_, hex::Class::Hex | hex::Class::Upper, _) => ErrorKind::FieldTooLong,
                        _ => ErrorKind::ExpectedDash,
                    };
                    return Err(ParseError::new(kind, at));
                }
            }
        }
        f += 1;
    }
    Ok((version, trace_id, parent_id, flags))
}

/// The value of one hex field (at most 32 digits), or its first error.
const fn field_value(
    v: &[u8],
    start: usize,
    width: usize,
    is_version: bool,
) -> Result<u128, ParseError> {
    let mut value = 0;
    let mut i = 0;
    while i < width {
        let at = start + i;
        let Some(b) = byte_at(v, at) else {
            let kind = if i == 0 && start == 0 {
                ErrorKind::TooShort
            } else if is_version {
                ErrorKind::InvalidVersion
            } else {
                ErrorKind::FieldTooShort
            };
            return Err(ParseError::new(kind, v.len()));
        };
        let d = hex::lower_value(b);
        if d < 16 {
            value = (value << 4) | d as u128;
            i += 1;
            continue;
        }
        let kind = match (hex::class(b), b) {
            (hex::Class::Upper, _) => ErrorKind::UppercaseHex,
            _ if is_version => ErrorKind::InvalidVersion,
            (_, b'-') => ErrorKind::FieldTooShort,
            (_, b' ' | b'\t') => ErrorKind::InnerWhitespace,
            _ => ErrorKind::NotHex,
        };
        return Err(ParseError::new(kind, at));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// `Debug` lists the fields in wire order whatever the memory layout.
    #[cfg(feature = "std")]
    #[test]
    fn debug_lists_fields_in_wire_order() {
        let tp =
            TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").unwrap();
        let text = std::format!("{tp:?}");
        let at = |name: &str| text.find(name).unwrap();
        assert!(text.starts_with("TraceParent { trace_id: "), "{text}");
        assert!(at("trace_id") < at("parent_id") && at("parent_id") < at("flags"));
        assert!(at("flags") < at("version"), "{text}");
    }

    // TP-05, TP-06: the fast path tells all-zero ids from the digits; a
    // single non-zero digit anywhere in either id makes it valid.
    #[test]
    fn tp_05_tp_06_one_nonzero_digit_anywhere_is_valid() {
        let base = *b"00-00000000000000000000000000000000-0000000000000000-01";
        for at in (TRACE_AT..TRACE_AT + 32).chain(PARENT_AT..PARENT_AT + 16) {
            let mut v = base;
            v[at] = b'1';
            let err = TraceParent::parse(&v).unwrap_err();
            let want = if at < PARENT_AT {
                ErrorKind::AllZeroParentId
            } else {
                ErrorKind::AllZeroTraceId
            };
            assert_eq!(err.kind(), want, "digit at {at}");
            // Make the other id non-zero too: now it parses, with the digit kept.
            let other = if at < PARENT_AT {
                PARENT_AT + 15
            } else {
                TRACE_AT + 31
            };
            v[other] = b'1';
            let tp = TraceParent::parse(&v).unwrap();
            assert_eq!(&tp.encode().as_bytes()[..53], &v[..53]);
        }
    }

    // The fast path's single verdict: any one bad byte anywhere in the
    // 55-byte layout is refused, at its own offset.
    #[test]
    fn tp_09_any_single_bad_byte_is_refused_at_its_offset() {
        let good = *b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        for at in 0..good.len() {
            for bad in [b'g', b'G', b'.', 0x80, 0xff, b'/', b':', b'`'] {
                let mut v = good;
                v[at] = bad;
                let err = TraceParent::parse(&v).unwrap_err();
                assert_eq!(err.offset(), at, "byte {bad:#04x} at {at}");
            }
        }
    }
}
