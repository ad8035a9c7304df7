//! [`TraceId`], [`SpanId`] and [`TraceFlags`]: the fields of a trace context.

use crate::encoded::Encoded;
use crate::error::{ErrorKind, ParseError};
use crate::hex;
use core::fmt;
use core::str::FromStr;

/// Generates the shared parts of the two id types.
macro_rules! id_type {
    (
        $(#[$doc:meta])*
        $name:ident, $len:literal, $hex_len:literal, $int:ty, $zero_kind:ident, $example:literal
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name([u8; $len]);

        impl $name {
            /// Length of the id in bytes.
            pub const LEN: usize = $len;
            /// Length of the id in hex digits.
            pub const HEX_LEN: usize = $hex_len;

            /// The id with these bytes (first byte first), or `None` if all
            /// are zero, which the spec forbids.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use tracewire::", stringify!($name), ";")]
            #[doc = concat!("assert!(", stringify!($name), "::from_bytes([0; ", stringify!($len), "]).is_none());")]
            #[doc = concat!("assert!(", stringify!($name), "::from_bytes([1; ", stringify!($len), "]).is_some());")]
            /// ```
            #[must_use]
            pub const fn from_bytes(bytes: [u8; $len]) -> Option<Self> {
                if <$int>::from_ne_bytes(bytes) == 0 {
                    None
                } else {
                    Some(Self(bytes))
                }
            }

            /// The id with these bytes, for callers that have already ruled
            /// out all-zero (the parsers check the digits before packing).
            #[inline]
            pub(crate) const fn from_checked_bytes(bytes: [u8; $len]) -> Self {
                Self(bytes)
            }

            /// The id's bytes, first byte first (the order of the hex text).
            #[must_use]
            pub const fn to_bytes(self) -> [u8; $len] {
                self.0
            }

            /// A borrow of the id's bytes.
            #[must_use]
            pub const fn as_bytes(&self) -> &[u8; $len] {
                &self.0
            }

            /// The id read as a big-endian integer, or `None` for zero.
            #[must_use]
            pub const fn from_be_int(v: $int) -> Option<Self> {
                Self::from_bytes(v.to_be_bytes())
            }

            /// The id as a big-endian integer (the hex text read as a number).
            #[must_use]
            pub const fn to_be_int(self) -> $int {
                <$int>::from_be_bytes(self.0)
            }

            /// Parses exactly
            #[doc = concat!(stringify!($hex_len), " lowercase hex digits.")]
            ///
            /// # Errors
            ///
            /// [`ErrorKind::FieldTooShort`] / [`ErrorKind::FieldTooLong`] for
            /// a wrong length, [`ErrorKind::UppercaseHex`] or
            /// [`ErrorKind::NotHex`] at the first bad digit, and
            #[doc = concat!("[`ErrorKind::", stringify!($zero_kind), "`] for an all-zero id.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use tracewire::{", stringify!($name), ", ErrorKind};")]
            ///
            #[doc = concat!("let id = ", stringify!($name), "::parse(b\"", $example, "\")?;")]
            #[doc = concat!("assert_eq!(id.to_string(), \"", $example, "\");")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse(b\"00\").unwrap_err().kind(), ErrorKind::FieldTooShort);")]
            /// # Ok::<(), tracewire::ParseError>(())
            /// ```
            ///
            /// # Spec
            ///
            /// TP-02 (lowercase hex only), TP-03 (fixed width), TP-05/TP-06 (not all zero).
            pub const fn parse(digits: &[u8]) -> Result<Self, ParseError> {
                match hex::decode::<$len>(digits) {
                    Some(bytes) => match Self::from_bytes(bytes) {
                        Some(id) => Ok(id),
                        None => Err(ParseError::new(ErrorKind::$zero_kind, 0)),
                    },
                    None => Err(diagnose_fixed(digits, $hex_len)),
                }
            }

            /// The id as
            #[doc = concat!(stringify!($hex_len), " lowercase hex digits on the stack.")]
            #[must_use]
            pub const fn encode(&self) -> Encoded<$hex_len> {
                Encoded(hex::encode::<$len, $hex_len>(&self.0))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.encode().as_str())
            }
        }

        impl fmt::LowerHex for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.encode().as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.encode().as_str())
            }
        }

        #[cfg(feature = "defmt")]
        impl defmt::Format for $name {
            fn format(&self, f: defmt::Formatter<'_>) {
                defmt::write!(f, "{=str}", self.encode().as_str());
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                Self::parse(s.as_bytes())
            }
        }

        impl TryFrom<[u8; $len]> for $name {
            type Error = ParseError;
            /// Fails with the all-zero kind at offset 0.
            fn try_from(bytes: [u8; $len]) -> Result<Self, ParseError> {
                Self::from_bytes(bytes).ok_or(ParseError::new(ErrorKind::$zero_kind, 0))
            }
        }

        impl TryFrom<$int> for $name {
            type Error = ParseError;
            /// The id whose big-endian value is the integer, as
            #[doc = concat!("[`", stringify!($name), "::from_be_int`] reads it; fails with the")]
            /// all-zero kind at offset 0 for zero.
            fn try_from(v: $int) -> Result<Self, ParseError> {
                Self::from_be_int(v).ok_or(ParseError::new(ErrorKind::$zero_kind, 0))
            }
        }

        impl From<$name> for [u8; $len] {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl From<$name> for $int {
            fn from(id: $name) -> Self {
                id.to_be_int()
            }
        }

        impl AsRef<[u8]> for $name {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }
    };
}

id_type! {
    /// A 16-byte trace-id, never all zero.
    ///
    /// The all-zero id is invalid (TP-05), so this type cannot hold it: every
    /// constructor refuses it. Shown and parsed as 32 lowercase hex digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceId;
    ///
    /// let id: TraceId = "4bf92f3577b34da6a3ce929d0e0e4736".parse()?;
    /// assert_eq!(id.to_u128(), 0x4bf92f3577b34da6a3ce929d0e0e4736);
    /// assert_eq!(id.to_bytes()[0], 0x4b);
    /// assert_eq!(format!("{id:?}"), "TraceId(4bf92f3577b34da6a3ce929d0e0e4736)");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-01 (16 bytes), TP-02, TP-05, TP-33 (legacy 8-byte ids).
    TraceId, 16, 32, u128, AllZeroTraceId, "4bf92f3577b34da6a3ce929d0e0e4736"
}

id_type! {
    /// An 8-byte span id (the parent-id of traceparent), never all zero.
    ///
    /// The all-zero id is invalid (TP-06), so this type cannot hold it.
    /// Shown and parsed as 16 lowercase hex digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::SpanId;
    ///
    /// let id = SpanId::from_u64(0x00f067aa0ba902b7).unwrap();
    /// assert_eq!(id.to_string(), "00f067aa0ba902b7");
    /// assert_eq!(SpanId::from_u64(0), None);
    /// ```
    ///
    /// # Spec
    ///
    /// TP-01 (8 bytes), TP-02, TP-06.
    SpanId, 8, 16, u64, AllZeroParentId, "00f067aa0ba902b7"
}

impl TraceId {
    /// The id whose big-endian value is `v`, or `None` for zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceId;
    ///
    /// // Big-endian: the number reads like the hex text.
    /// let id = TraceId::from_u128(0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736);
    /// assert_eq!(id.map(|i| i.to_string()).as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
    /// assert_eq!(TraceId::from_u128(0), None); // all zero is invalid (TP-05)
    /// ```
    #[must_use]
    pub const fn from_u128(v: u128) -> Option<Self> {
        Self::from_be_int(v)
    }

    /// The id as a big-endian `u128`.
    #[must_use]
    pub const fn to_u128(self) -> u128 {
        self.to_be_int()
    }

    /// Widens an 8-byte legacy id by left-padding it with eight zero bytes.
    ///
    /// Whether the result may carry the random-trace-id flag is the caller's
    /// call: set [`TraceFlags::RANDOM`] only if the last 7 bytes are random.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{SpanId, TraceId};
    ///
    /// let legacy = SpanId::parse(b"53ce929d0e0e4736")?;
    /// let id = TraceId::from_legacy(legacy);
    /// assert_eq!(id.to_string(), "000000000000000053ce929d0e0e4736");
    /// assert_eq!(id.to_legacy(), Some(legacy));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TP-33.
    #[must_use]
    pub const fn from_legacy(id: SpanId) -> Self {
        let mut out = [0u8; 16];
        if let Some((_, low)) = out.split_last_chunk_mut::<8>() {
            *low = id.0;
        }
        Self(out)
    }

    /// The right-most 8 bytes as a legacy id, or `None` if they are zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{trace_id, span_id};
    ///
    /// let id = trace_id!("4bf92f3577b34da6a3ce929d0e0e4736");
    /// assert_eq!(id.to_legacy(), Some(span_id!("a3ce929d0e0e4736"))); // the right-most 8 bytes
    /// assert_eq!(trace_id!("4bf92f3577b34da60000000000000000").to_legacy(), None);
    /// ```
    ///
    /// # Spec
    ///
    /// TP-33 (the reverse conversion takes the right-most 8 bytes).
    #[must_use]
    pub const fn to_legacy(self) -> Option<SpanId> {
        match self.0.last_chunk::<8>() {
            Some(low) => SpanId::from_bytes(*low),
            None => None,
        }
    }
}

impl SpanId {
    /// The id whose big-endian value is `v`, or `None` for zero.
    #[must_use]
    pub const fn from_u64(v: u64) -> Option<Self> {
        Self::from_be_int(v)
    }

    /// The id as a big-endian `u64`.
    #[must_use]
    pub const fn to_u64(self) -> u64 {
        self.to_be_int()
    }
}

/// Diagnoses a fixed-width hex field that failed the fast check. Offsets are
/// relative to `digits`.
#[cold]
const fn diagnose_fixed(digits: &[u8], width: usize) -> ParseError {
    let head = match digits.split_at_checked(width) {
        Some((head, _)) => head,
        None => digits,
    };
    match hex::first_invalid(head) {
        Some((i, hex::Class::Upper)) => ParseError::new(ErrorKind::UppercaseHex, i),
        Some((i, _)) => ParseError::new(ErrorKind::NotHex, i),
        None if digits.len() < width => ParseError::new(ErrorKind::FieldTooShort, digits.len()),
        None => ParseError::new(ErrorKind::FieldTooLong, width),
    }
}

/// `s[i]` without a panic path.
#[inline]
pub(crate) const fn byte_at(s: &[u8], i: usize) -> Option<u8> {
    match s.split_at_checked(i) {
        Some((_, [b, ..])) => Some(*b),
        _ => None,
    }
}

/// The trace-flags byte: sampled (`0x01`), random-trace-id (`0x02`) and six
/// reserved bits.
///
/// Kept exactly as received when parsed (TP-08, TP-18); read bit by bit
/// (TP-17). Whatever the crate writes has the reserved bits cleared.
///
/// # Examples
///
/// ```
/// use tracewire::TraceFlags;
///
/// let f = TraceFlags::from_bits(0x03);
/// assert!(f.is_sampled() && f.is_random());
/// assert!(!TraceFlags::from_bits(0x02).is_sampled());
/// assert_eq!(TraceFlags::from_bits(0xff).known(), TraceFlags::from_bits(0x03));
/// assert_eq!(TraceFlags::default().with_sampled(true), TraceFlags::SAMPLED);
/// assert_eq!(TraceFlags::SAMPLED.to_string(), "01");
/// ```
///
/// # Spec
///
/// TP-08, TP-14, TP-17, TP-18.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TraceFlags(u8);

impl TraceFlags {
    /// No flag set.
    pub const NONE: Self = Self(0);
    /// The sampled bit, `0x01`.
    pub const SAMPLED: Self = Self(0x01);
    /// The random-trace-id bit of Level 2, `0x02`.
    pub const RANDOM: Self = Self(0x02);
    /// The bits this crate knows; the rest (`0xFC`) are reserved.
    pub const KNOWN_MASK: u8 = 0x03;

    /// Flags from a raw byte, reserved bits included.
    #[must_use]
    pub const fn from_bits(bits: u8) -> Self {
        Self(bits)
    }

    /// The raw byte, reserved bits included.
    #[must_use]
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The same flags with the reserved bits cleared (TP-18).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceFlags;
    ///
    /// let received = TraceFlags::from_bits(0xff);
    /// assert_eq!(received.known(), TraceFlags::SAMPLED | TraceFlags::RANDOM);
    /// assert_eq!(received.known().bits(), TraceFlags::KNOWN_MASK);
    /// ```
    ///
    /// # Spec
    ///
    /// TP-18.
    #[must_use]
    pub const fn known(self) -> Self {
        Self(self.0 & Self::KNOWN_MASK)
    }

    /// Whether the sampled bit (`0x01`) is set, whatever the other bits.
    #[must_use]
    pub const fn is_sampled(self) -> bool {
        self.0 & Self::SAMPLED.0 != 0
    }

    /// Whether the random-trace-id bit (`0x02`) is set, whatever the others.
    #[must_use]
    pub const fn is_random(self) -> bool {
        self.0 & Self::RANDOM.0 != 0
    }

    /// These flags with the sampled bit set to `sampled`.
    #[must_use]
    pub const fn with_sampled(self, sampled: bool) -> Self {
        if sampled {
            Self(self.0 | 0x01)
        } else {
            Self(self.0 & !0x01)
        }
    }

    /// These flags with the random-trace-id bit set to `random`.
    ///
    /// Set it only when at least the last 7 bytes of the trace-id come
    /// uniformly from an RNG (TP-30).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceFlags;
    ///
    /// let flags = TraceFlags::SAMPLED.with_random(true);
    /// assert_eq!(flags.encode().as_str(), "03");
    /// assert_eq!(flags.with_random(false), TraceFlags::SAMPLED);
    /// ```
    ///
    /// # Spec
    ///
    /// TP-17, TP-30.
    #[must_use]
    pub const fn with_random(self, random: bool) -> Self {
        if random {
            Self(self.0 | 0x02)
        } else {
            Self(self.0 & !0x02)
        }
    }

    /// The two lowercase hex digits of the raw byte.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceFlags;
    ///
    /// let flags = TraceFlags::from_bits(0xA5);
    /// assert_eq!(flags.encode().as_str(), "a5"); // lowercase, reserved bits included
    /// assert_eq!(flags.known().encode().as_str(), "01"); // what `TraceParent::encode` writes
    /// ```
    ///
    /// # Spec
    ///
    /// TP-02, TP-18.
    #[must_use]
    pub const fn encode(self) -> Encoded<2> {
        Encoded([hex::digit(self.0 >> 4), hex::digit(self.0)])
    }
}

impl fmt::Display for TraceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encode().as_str())
    }
}

impl fmt::LowerHex for TraceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encode().as_str())
    }
}

impl fmt::Debug for TraceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TraceFlags({})", self.encode().as_str())
    }
}

impl From<u8> for TraceFlags {
    fn from(bits: u8) -> Self {
        Self(bits)
    }
}

impl From<TraceFlags> for u8 {
    fn from(f: TraceFlags) -> Self {
        f.0
    }
}

impl core::ops::BitOr for TraceFlags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl core::ops::BitAnd for TraceFlags {
    type Output = Self;
    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

/// `flags |= TraceFlags::SAMPLED`, as `|` does.
///
/// ```
/// use tracewire::TraceFlags;
///
/// let mut flags = TraceFlags::RANDOM;
/// flags |= TraceFlags::SAMPLED;
/// assert!(flags.is_sampled() && flags.is_random());
/// flags &= TraceFlags::SAMPLED;
/// assert_eq!(flags, TraceFlags::SAMPLED);
/// ```
impl core::ops::BitOrAssign for TraceFlags {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

/// `flags &= mask`, as `&` does.
impl core::ops::BitAndAssign for TraceFlags {
    fn bitand_assign(&mut self, rhs: Self) {
        self.0 &= rhs.0;
    }
}

impl FromStr for TraceFlags {
    type Err = ParseError;
    /// Parses exactly two lowercase hex digits.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        match s.as_bytes() {
            [hi, lo] => match hex::decode_byte(*hi, *lo) {
                Some(b) => Ok(Self(b)),
                None => Err(diagnose_fixed(s.as_bytes(), 2)),
            },
            other => Err(diagnose_fixed(other, 2)),
        }
    }
}

#[cfg(feature = "rand_core")]
mod random {
    use super::{SpanId, TraceId};
    use rand_core::Rng;

    impl TraceId {
        /// A trace-id of 16 bytes from `rng`, drawn again if all zero (so it
        /// never returns with an RNG that only ever yields zero bytes).
        ///
        /// All 16 bytes are random, so a trace context built on it may carry
        /// [`TraceFlags::RANDOM`](crate::TraceFlags::RANDOM) (TP-29, TP-30).
        /// Nothing but the RNG goes in: no clock, address or counter (TP-34).
        ///
        /// # Examples
        ///
        /// ```
        /// use tracewire::{SpanId, TraceFlags, TraceId, TraceParent};
        /// # use rand::SeedableRng as _;
        /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
        /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        /// let trace_id = TraceId::random(&mut rng);
        /// assert_ne!(trace_id, TraceId::random(&mut rng));
        /// // All 16 bytes came from the RNG, so the random-trace-id flag may be set (TP-30).
        /// let tp = TraceParent::new(trace_id, SpanId::random(&mut rng), TraceFlags::RANDOM);
        /// assert!(tp.is_random());
        /// ```
        ///
        /// # Spec
        ///
        /// TP-29, TP-30, TP-31, TP-34.
        #[must_use]
        pub fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
            loop {
                let mut b = [0u8; 16];
                rng.fill_bytes(&mut b);
                if let Some(id) = Self::from_bytes(b) {
                    return id;
                }
            }
        }
    }

    impl SpanId {
        /// A span id of 8 bytes from `rng`, drawn again if all zero (so it
        /// never returns with an RNG that only ever yields zero bytes).
        ///
        /// # Examples
        ///
        /// ```
        /// use tracewire::{traceparent, SpanId};
        /// # use rand::SeedableRng as _;
        /// // Any `rand_core` 0.10 RNG: a seeded one here, the chip's on an MCU.
        /// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        /// let incoming = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        /// let mine = SpanId::random(&mut rng);
        /// assert_ne!(mine, incoming.parent_id());
        /// assert_eq!(incoming.child(mine).parent_id(), mine); // TP-21: our span id goes out
        /// ```
        ///
        /// # Spec
        ///
        /// TP-31, TP-32, TP-34.
        #[must_use]
        pub fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
            loop {
                let mut b = [0u8; 8];
                rng.fill_bytes(&mut b);
                if let Some(id) = Self::from_bytes(b) {
                    return id;
                }
            }
        }
    }
}
