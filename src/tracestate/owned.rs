//! [`TraceState`]: an owned tracestate in fixed inline storage, with the
//! mutation and truncation rules; [`Dropped`] and [`InsertError`].

use super::grammar::{MAX_MEMBERS, check_key, check_value, find_byte};
use super::view::{Members, TraceStateRef};
use crate::error::{CapacityError, ParseError};
use crate::sink::{Sink, write_all};
use core::fmt;

/// Members whose `key=value` is longer than this are dropped first (TS-28).
const LARGE_MEMBER: usize = 128;

/// An owned `tracestate` of at most `N` encoded bytes and 32 members, stored
/// inline (no heap).
///
/// It keeps its canonical encoding (members joined by a bare `,`) plus the
/// offset of each member as a `u16`, so [`as_str`](Self::as_str) costs only
/// the ASCII check and `size_of::<TraceState<N>>()` is `N + 68` for even
/// `N`. `N` must be below 65,536 (checked at compile time); the default 512
/// holds every tracestate the W3C text asks to carry. Small capacities such
/// as `TraceState<128>` work: whatever does not fit is truncated by the
/// spec's rule.
///
/// Build one from a parsed [`TraceStateRef`] (`TryFrom`, or
/// [`from_view_truncating`](Self::from_view_truncating)) or by hand with
/// [`new`](Self::new) and [`insert`](Self::insert). Every operation checks
/// its input, so the encoding is always a valid header value: no key or
/// value can inject a `,`, a CR/LF or a non-ASCII byte.
///
/// # Examples
///
/// ```
/// use tracewire::{TraceState, TraceStateRef};
///
/// let incoming = TraceStateRef::parse(b"congo=t61rcWkgMzE")?;
/// let mut ts = TraceState::<512>::try_from(&incoming)?;
/// ts.insert("rojo", "00f067aa0ba902b7")?;
/// assert_eq!(ts.as_str(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Spec
///
/// TS-11, TS-18, TS-21..TS-29. TS-27: the default capacity is 512 bytes and
/// 32 members. Choices: the key grammar is the draft's (README choice 2);
/// changed and new keys go first (MUST, choice 4); on parse repeated keys are
/// kept and [`get`](Self::get) returns the left-most (choice 6); among
/// members over 128 bytes the right-most goes first (choice 14).
#[derive(Clone)]
pub struct TraceState<const N: usize = 512> {
    /// `buf[..len]` is the canonical encoding.
    buf: [u8; N],
    /// `starts[i]` is where member `i` begins, for `i < count`.
    starts: [u16; MAX_MEMBERS],
    len: u16,
    count: u8,
}

/// What an operation removed to respect the limits, so the caller knows.
///
/// Returned by [`TraceState::insert`] and
/// [`TraceState::from_view_truncating`]. Members removed because they had
/// the inserted key are an update, not a drop, and are not counted.
///
/// # Examples
///
/// ```
/// use tracewire::{TraceState, TraceStateRef};
///
/// let big = "x".repeat(128);
/// let header = format!("a=1,b={big},c=3");
/// let view = TraceStateRef::parse(header.as_bytes())?;
/// let (ts, dropped) = TraceState::<8>::from_view_truncating(&view);
/// assert_eq!(ts.as_str(), "a=1,c=3");
/// assert_eq!((dropped.total(), dropped.for_byte_limit()), (1, 1));
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// TS-24, TS-28, TS-29.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Dropped {
    member_limit: u8,
    byte_limit: u8,
}

impl Dropped {
    /// All members dropped.
    #[must_use]
    pub const fn total(self) -> usize {
        self.member_limit as usize + self.byte_limit as usize
    }

    /// Members dropped to stay within 32 members (the right-most, TS-24).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// for i in 0..32 {
    ///     ts.insert(&format!("k{i}"), "v")?;
    /// }
    /// let dropped = ts.insert("new", "v")?; // the 33rd member
    /// assert_eq!((dropped.for_member_limit(), dropped.for_byte_limit()), (1, 0));
    /// assert!(ts.as_str().starts_with("new=v,k31=v")); // the new key goes first (TS-21)
    /// assert!(!ts.as_str().contains("k0=")); // the right-most member went (TS-24)
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-09, TS-21, TS-24.
    #[must_use]
    pub const fn for_member_limit(self) -> usize {
        self.member_limit as usize
    }

    /// Members dropped to stay within the byte capacity (TS-28).
    #[must_use]
    pub const fn for_byte_limit(self) -> usize {
        self.byte_limit as usize
    }

    /// Whether nothing was dropped.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.member_limit == 0 && self.byte_limit == 0
    }
}

/// Why [`TraceState::insert`] refused a member; the state is then unchanged.
///
/// # Examples
///
/// ```
/// use tracewire::{ErrorKind, TraceState};
/// use tracewire::tracestate::InsertError;
///
/// let mut ts = TraceState::<512>::new();
/// let err = ts.insert("vendor", "1\r\nx-injected: 1").unwrap_err();
/// let InsertError::Value(e) = err else { panic!() };
/// assert_eq!((e.kind(), e.offset()), (ErrorKind::NonPrintableByte, 1));
/// assert_eq!(err.to_string(), "invalid value: byte outside printable ascii at byte 1 (TS-08)");
/// assert!(ts.is_empty());
/// ```
///
/// # Spec
///
/// TS-26 (bad key or value), TS-29 (member larger than the capacity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum InsertError {
    /// The key breaks TS-03 or TS-04 (draft grammar); the error's offset
    /// counts in the key.
    Key(ParseError),
    /// The value breaks TS-05 or TS-08 (1 to 256 bytes of 0x20-0x7E other
    /// than `,` and `=`, not ending in a space); the offset counts in the
    /// value.
    Value(ParseError),
    /// `key=value` alone is longer than the capacity `N`.
    TooLarge,
}

impl InsertError {
    /// The grammar error, for [`Key`](Self::Key) and [`Value`](Self::Value).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceState};
    ///
    /// let err = TraceState::<512>::new().insert("Foo", "1").unwrap_err();
    /// assert_eq!(err.parse_error().map(|e| e.kind()), Some(ErrorKind::InvalidKeyStart));
    /// ```
    #[must_use]
    pub const fn parse_error(&self) -> Option<ParseError> {
        match self {
            Self::Key(e) | Self::Value(e) => Some(*e),
            Self::TooLarge => None,
        }
    }
}

impl fmt::Display for InsertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(e) => write!(f, "invalid key: {e}"),
            Self::Value(e) => write!(f, "invalid value: {e}"),
            Self::TooLarge => f.write_str("member longer than the capacity (TS-29)"),
        }
    }
}

impl core::error::Error for InsertError {}

/// The bit of member `i` in a keep mask.
#[inline]
fn bit(i: usize) -> u32 {
    u32::try_from(i)
        .ok()
        .and_then(|s| 1u32.checked_shl(s))
        .unwrap_or(0)
}

/// The key of a canonical `key=value` member.
#[inline]
fn key_of(member: &[u8]) -> &[u8] {
    match member.iter().position(|&b| b == b'=') {
        Some(p) => member.get(..p).unwrap_or(member),
        None => member,
    }
}

/// TS-28: which members of `keep` stay so that the sum of `len + 1` over the
/// kept members is at most `budget`. Members longer than 128 bytes go first,
/// right-most first, only as many as needed; then members from the right.
/// Returns the new mask and how many were dropped.
fn fit(lens: &[u16], mut keep: u32, budget: usize) -> (u32, u8) {
    let cost = |i: usize| lens.get(i).map_or(0, |&l| usize::from(l) + 1);
    let mut total: usize = (0..lens.len())
        .filter(|&i| keep & bit(i) != 0)
        .map(cost)
        .sum();
    let mut dropped = 0u8;
    for large_only in [true, false] {
        for i in (0..lens.len()).rev() {
            if total <= budget {
                return (keep, dropped);
            }
            if keep & bit(i) != 0 && (!large_only || cost(i) > LARGE_MEMBER + 1) {
                keep &= !bit(i);
                total -= cost(i);
                dropped += 1;
            }
        }
    }
    (keep, dropped)
}

impl<const N: usize> TraceState<N> {
    /// The capacity in bytes of the encoded value.
    pub const CAPACITY: usize = N;

    /// An empty state.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// const EMPTY: TraceState<128> = TraceState::new();
    /// assert!(EMPTY.is_empty());
    /// assert_eq!(EMPTY.as_str(), "");
    /// ```
    ///
    /// # Spec
    ///
    /// TS-27: `N` bytes (default 512) and 32 members.
    ///
    /// A capacity of 64 KiB or more does not compile (offsets are `u16`):
    ///
    /// ```compile_fail
    /// let too_big = tracewire::TraceState::<65_536>::new();
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        const { assert!(N < 65_536, "TraceState capacity must be below 64 KiB") };
        Self {
            buf: [0; N],
            starts: [0; MAX_MEMBERS],
            len: 0,
            count: 0,
        }
    }

    /// Copies a parsed tracestate, dropping members by the truncation rule
    /// until it fits in `N` bytes; reports what was dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{TraceState, TraceStateRef};
    ///
    /// let view = TraceStateRef::parse(b"a=1,b=2,c=3")?;
    /// let (ts, dropped) = TraceState::<5>::from_view_truncating(&view);
    /// assert_eq!(ts.as_str(), "a=1");
    /// assert_eq!(dropped.for_byte_limit(), 2);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-28 (choice 14: members over 128 bytes, right-most first, then from
    /// the right end).
    #[must_use]
    pub fn from_view_truncating(view: &TraceStateRef<'_>) -> (Self, Dropped) {
        let mut lens = [0u16; MAX_MEMBERS];
        let mut n = 0;
        for ((k, v), slot) in view.iter().zip(lens.iter_mut()) {
            *slot = u16::try_from(k.len() + 1 + v.len()).unwrap_or(u16::MAX);
            n += 1;
        }
        let all = if n >= MAX_MEMBERS {
            u32::MAX
        } else {
            bit(n) - 1
        };
        // The last member has no comma after it: room for N + 1 "member,".
        let (keep, dropped) = fit(lens.get(..n).unwrap_or_default(), all, N + 1);
        let mut ts = Self::new();
        for (i, (k, v)) in view.iter().enumerate() {
            if keep & bit(i) != 0 {
                ts.push_back(k.as_bytes(), v.as_bytes());
            }
        }
        (
            ts,
            Dropped {
                member_limit: 0,
                byte_limit: dropped,
            },
        )
    }

    /// The number of members.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("a", "1")?;
    /// assert_eq!(ts.len(), 1);
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count as usize
    }

    /// Whether there are no members.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// assert!(TraceState::<512>::new().is_empty());
    /// ```
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The canonical encoding as bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("a", "1")?;
    /// assert_eq!(ts.as_bytes(), b"a=1");
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The canonical encoding: members joined by a bare `,`, no blanks.
    ///
    /// Stored as is, so this costs only the UTF-8 check of ASCII bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{TraceState, TraceStateRef};
    ///
    /// let ts = TraceState::<512>::try_from(&TraceStateRef::parse(b" a=1 \t, ,b=2")?)?;
    /// assert_eq!(ts.as_str(), "a=1,b=2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-18.
    #[must_use]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The length of the encoding in bytes (at most `N`).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("a", "1")?;
    /// ts.insert("b", "22")?;
    /// assert_eq!(ts.encoded_len(), 8);
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        self.len as usize
    }

    /// Copies the encoding into the front of `buf`; returns its length.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if `buf` is shorter than
    /// [`encoded_len`](Self::encoded_len); nothing is written then.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("a", "1")?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(ts.encode_into(&mut buf), Ok(3));
    /// assert_eq!(&buf[..3], b"a=1");
    /// assert!(ts.encode_into(&mut buf[..2]).is_err());
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-18.
    pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, CapacityError> {
        let src = self.as_bytes();
        let dst = buf.get_mut(..src.len()).ok_or(CapacityError)?;
        dst.copy_from_slice(src);
        Ok(src.len())
    }

    /// Appends the encoding to `sink`; returns its length.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if the sink has less room than
    /// [`encoded_len`](Self::encoded_len); the sink is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{FmtSink, TraceState};
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("a", "1")?;
    /// let mut out = String::new();
    /// assert_eq!(ts.write_to(&mut FmtSink(&mut out)), Ok(3));
    /// assert_eq!(out, "a=1");
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-18.
    pub fn write_to<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<usize, CapacityError> {
        let s = self.as_str();
        write_all(sink, s.len(), &[s])
    }

    /// A borrowed view of the members, without copying or re-parsing.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("a", "1")?;
    /// assert_eq!(ts.view().get("a"), Some("1"));
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    #[must_use]
    pub fn view(&self) -> TraceStateRef<'_> {
        TraceStateRef::from_canonical(self.as_bytes(), self.len())
    }

    /// The members in order, as `(key, value)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("b", "2")?;
    /// ts.insert("a", "1")?;
    /// assert_eq!(ts.iter().collect::<Vec<_>>(), [("a", "1"), ("b", "2")]);
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    #[must_use]
    pub fn iter(&self) -> Members<'_> {
        Members::new(self.as_bytes(), &[], self.len(), true)
    }

    /// The value of the left-most member with this key.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{TraceState, TraceStateRef};
    ///
    /// let ts = TraceState::<512>::try_from(&TraceStateRef::parse(b"foo=1,foo=2")?)?;
    /// assert_eq!(ts.get("foo"), Some("1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-10 (choice 6: left-most).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Removes every member; the capacity stays.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceState;
    ///
    /// let mut ts = TraceState::<512>::new();
    /// ts.insert("a", "1")?;
    /// ts.clear();
    /// assert!(ts.is_empty());
    /// # Ok::<(), tracewire::tracestate::InsertError>(())
    /// ```
    pub fn clear(&mut self) {
        self.len = 0;
        self.count = 0;
    }

    /// Puts `key=value` first, removing every other member with that key.
    ///
    /// The rules of the W3C mutation model, in this order:
    /// - the key and value are checked (draft grammar); a bad one is refused
    ///   and nothing changes (TS-26);
    /// - if `key=value` alone is longer than `N`, the insert is refused and
    ///   nothing changes (TS-29);
    /// - every member with the same key is removed (TS-22, TS-23);
    /// - if 32 members remain, the right-most is dropped (TS-24);
    /// - if the result would exceed `N` bytes, older members are dropped by
    ///   the truncation rule: those over 128 bytes, right-most first, then
    ///   from the right end (TS-28, TS-29);
    /// - the new member goes first (TS-21, TS-22).
    ///
    /// Other keys that were repeated on the wire stay as they are; use
    /// [`dedupe`](Self::dedupe) for those.
    ///
    /// # Errors
    ///
    /// [`InsertError::Key`], [`InsertError::Value`], [`InsertError::TooLarge`];
    /// the state is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{TraceState, TraceStateRef};
    ///
    /// let view = TraceStateRef::parse(b"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")?;
    /// let mut ts = TraceState::<512>::try_from(&view)?;
    /// let dropped = ts.insert("congo", "ucfJifl5GOE")?;
    /// assert!(dropped.is_empty());
    /// assert_eq!(ts.as_str(), "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7");
    ///
    /// assert!(ts.insert("bad key", "1").is_err());
    /// assert!(ts.insert("k", "a,b=c").is_err());
    /// assert_eq!(ts.as_str(), "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-21..TS-24, TS-26, TS-28, TS-29. Choice 4: new and changed keys go
    /// first (MUST). TS-24 is applied before TS-28.
    pub fn insert(&mut self, key: &str, value: &str) -> Result<Dropped, InsertError> {
        let (k, v) = (key.as_bytes(), value.as_bytes());
        // TS-26: nothing invalid gets in.
        check_key(k).map_err(InsertError::Key)?;
        check_value(v).map_err(InsertError::Value)?;
        let new_len = k.len() + 1 + v.len();
        // TS-29: the new member alone must fit.
        let Some(budget) = N.checked_sub(new_len) else {
            return Err(InsertError::TooLarge);
        };
        let count = self.len();
        let mut lens = [0u16; MAX_MEMBERS];
        let mut keep = 0u32;
        for (i, slot) in lens.iter_mut().enumerate().take(count) {
            let m = self.member(i);
            *slot = u16::try_from(m.len()).unwrap_or(u16::MAX);
            // TS-22, TS-23: the same key goes away wherever it is.
            if key_of(m) != k {
                keep |= bit(i);
            }
        }
        let mut dropped = Dropped::default();
        // TS-24: a 33rd member pushes out the right-most.
        if keep.count_ones() as usize >= MAX_MEMBERS
            && let Some(last) = keep.checked_ilog2()
        {
            keep &= !bit(last as usize);
            dropped.member_limit = 1;
        }
        // TS-28, TS-29: make room among the older members.
        let (keep, by_size) = fit(lens.get(..count).unwrap_or_default(), keep, budget);
        dropped.byte_limit = by_size;
        self.retain(keep);
        self.push_front(k, v);
        Ok(dropped)
    }

    /// Removes every member with this key; returns how many there were.
    ///
    /// The other members keep their order. Remove only keys your own system
    /// wrote: the others belong to other vendors.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{TraceState, TraceStateRef};
    ///
    /// let view = TraceStateRef::parse(b"a=1,b=2,a=3,c=4")?;
    /// let mut ts = TraceState::<512>::try_from(&view)?;
    /// assert_eq!(ts.remove("a"), 2);
    /// assert_eq!(ts.as_str(), "b=2,c=4");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-25.
    pub fn remove(&mut self, key: &str) -> usize {
        let k = key.as_bytes();
        let count = self.len();
        let mut keep = 0u32;
        for i in 0..count {
            if key_of(self.member(i)) != k {
                keep |= bit(i);
            }
        }
        let removed = count - keep.count_ones() as usize;
        if removed > 0 {
            self.retain(keep);
        }
        removed
    }

    /// Removes the later members of every repeated key, keeping the left-most
    /// one; returns how many were removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{TraceState, TraceStateRef};
    ///
    /// let view = TraceStateRef::parse(b"a=1,b=2,a=3,b=4,c=5")?;
    /// let mut ts = TraceState::<512>::try_from(&view)?;
    /// assert_eq!(ts.dedupe(), 2);
    /// assert_eq!(ts.as_str(), "a=1,b=2,c=5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-11 (MAY), choice 6: the left-most stays.
    pub fn dedupe(&mut self) -> usize {
        let count = self.len();
        let mut keep = 0u32;
        for i in 0..count {
            let ki = key_of(self.member(i));
            let seen = (0..i).any(|j| keep & bit(j) != 0 && key_of(self.member(j)) == ki);
            if !seen {
                keep |= bit(i);
            }
        }
        let removed = count - keep.count_ones() as usize;
        if removed > 0 {
            self.retain(keep);
        }
        removed
    }

    /// Byte range of member `i` in `buf`.
    fn range(&self, i: usize) -> (usize, usize) {
        let start = self.starts.get(i).map_or(0, |&s| usize::from(s));
        let end = if i + 1 < self.len() {
            self.starts
                .get(i + 1)
                .map_or(0, |&s| usize::from(s).saturating_sub(1))
        } else {
            usize::from(self.len)
        };
        (start, end)
    }

    /// The bytes `key=value` of member `i`.
    fn member(&self, i: usize) -> &[u8] {
        let (s, e) = self.range(i);
        self.buf.get(s..e).unwrap_or_default()
    }

    /// Keeps the members whose bit is set in `keep`, in order, compacted to
    /// the front.
    fn retain(&mut self, keep: u32) {
        let count = self.len();
        let mut write = 0usize;
        let mut kept = 0usize;
        for i in 0..count {
            if keep & bit(i) == 0 {
                continue;
            }
            let (s, e) = self.range(i);
            if kept > 0 {
                if let Some(b) = self.buf.get_mut(write) {
                    *b = b',';
                }
                write += 1;
            }
            // Moves only to the left (write <= s), never past `e`.
            if e <= self.buf.len() && s <= e && write <= s {
                self.buf.copy_within(s..e, write);
            }
            if let Some(slot) = self.starts.get_mut(kept) {
                *slot = u16::try_from(write).unwrap_or(u16::MAX);
            }
            write += e.saturating_sub(s);
            kept += 1;
        }
        self.len = u16::try_from(write).unwrap_or(0);
        self.count = u8::try_from(kept).unwrap_or(0);
    }

    /// Puts a checked member first; the caller made room for it.
    fn push_front(&mut self, k: &[u8], v: &[u8]) {
        let old = usize::from(self.len);
        let member = k.len() + 1 + v.len();
        let shift = if self.count > 0 { member + 1 } else { member };
        let Some(region) = self.buf.get_mut(..shift + old) else {
            return;
        };
        if old <= region.len() - shift {
            region.copy_within(..old, shift);
        }
        if self.count > 0
            && let Some(b) = region.get_mut(member)
        {
            *b = b',';
        }
        write_member(region, 0, k, v);
        let count = self.len();
        for i in (0..count).rev() {
            let moved = self.starts.get(i).map_or(0, |&s| usize::from(s) + shift);
            if let Some(slot) = self.starts.get_mut(i + 1) {
                *slot = u16::try_from(moved).unwrap_or(u16::MAX);
            }
        }
        if let Some(slot) = self.starts.first_mut() {
            *slot = 0;
        }
        self.count = self.count.saturating_add(1);
        self.len = u16::try_from(shift + old).unwrap_or(0);
    }

    /// Takes a whole canonical list of `count` members that fits in `N`
    /// (into an empty state), finding the member starts at its commas.
    fn copy_canonical(&mut self, bytes: &[u8], count: usize) {
        let Some(dst) = self.buf.get_mut(..bytes.len()) else {
            return;
        };
        dst.copy_from_slice(bytes);
        let mut at = 0;
        for slot in self.starts.iter_mut().take(count) {
            *slot = u16::try_from(at).unwrap_or(u16::MAX);
            at += find_byte(bytes.get(at..).unwrap_or_default(), b',') + 1;
        }
        self.len = u16::try_from(bytes.len()).unwrap_or(0);
        self.count = u8::try_from(count).unwrap_or(0);
    }

    /// Appends a checked member; the caller made sure it fits.
    fn push_back(&mut self, k: &[u8], v: &[u8]) {
        let mut at = usize::from(self.len);
        if self.count > 0 {
            if let Some(b) = self.buf.get_mut(at) {
                *b = b',';
            }
            at += 1;
        }
        let end = at + k.len() + 1 + v.len();
        if end > N || self.len() >= MAX_MEMBERS {
            return;
        }
        write_member(&mut self.buf, at, k, v);
        let index = self.len();
        if let Some(slot) = self.starts.get_mut(index) {
            *slot = u16::try_from(at).unwrap_or(u16::MAX);
        }
        self.count = self.count.saturating_add(1);
        self.len = u16::try_from(end).unwrap_or(0);
    }
}

/// Writes `k=v` into `buf` at `at`, if it fits.
fn write_member(buf: &mut [u8], at: usize, k: &[u8], v: &[u8]) {
    let eq = at + k.len();
    if let Some(dst) = buf.get_mut(at..eq) {
        dst.copy_from_slice(k);
    }
    if let Some(b) = buf.get_mut(eq) {
        *b = b'=';
    }
    if let Some(dst) = buf.get_mut(eq + 1..eq + 1 + v.len()) {
        dst.copy_from_slice(v);
    }
}

impl<const N: usize> Default for TraceState<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> PartialEq for TraceState<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl<const N: usize> Eq for TraceState<N> {}

impl<const N: usize> core::hash::Hash for TraceState<N> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

/// The canonical encoding, as [`as_str`](TraceState::as_str) gives it.
///
/// ```
/// use tracewire::TraceState;
///
/// fn header_len(v: impl AsRef<str>) -> usize { v.as_ref().len() }
/// let mut ts = TraceState::<64>::new();
/// ts.insert("rojo", "00f067aa0ba902b7")?;
/// assert_eq!(header_len(&ts), "rojo=00f067aa0ba902b7".len());
/// # Ok::<(), tracewire::tracestate::InsertError>(())
/// ```
impl<const N: usize> AsRef<str> for TraceState<N> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The canonical encoding as bytes, as [`as_bytes`](TraceState::as_bytes)
/// gives it.
impl<const N: usize> AsRef<[u8]> for TraceState<N> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl<const N: usize> fmt::Display for TraceState<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const N: usize> fmt::Debug for TraceState<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TraceState")
            .field("capacity", &N)
            .field("value", &self.as_str())
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl<const N: usize> defmt::Format for TraceState<N> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "TraceState({=str})", self.as_str());
    }
}

impl<const N: usize> TryFrom<&TraceStateRef<'_>> for TraceState<N> {
    type Error = CapacityError;

    /// Copies every member of the view.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if the canonical encoding is longer than `N`; use
    /// [`TraceState::from_view_truncating`] to drop members instead.
    fn try_from(view: &TraceStateRef<'_>) -> Result<Self, CapacityError> {
        if view.encoded_len() > N {
            return Err(CapacityError);
        }
        let mut ts = Self::new();
        if let Some(canonical) = view.as_canonical() {
            ts.copy_canonical(canonical.as_bytes(), view.len());
            return Ok(ts);
        }
        for (k, v) in view {
            ts.push_back(k.as_bytes(), v.as_bytes());
        }
        Ok(ts)
    }
}

impl<const N: usize> TryFrom<TraceStateRef<'_>> for TraceState<N> {
    type Error = CapacityError;

    /// Same as `TryFrom<&TraceStateRef>`.
    fn try_from(view: TraceStateRef<'_>) -> Result<Self, CapacityError> {
        Self::try_from(&view)
    }
}

impl<'a, const N: usize> IntoIterator for &'a TraceState<N> {
    type Item = (&'a str, &'a str);
    type IntoIter = Members<'a>;
    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_is_capacity_plus_offsets() {
        assert_eq!(core::mem::size_of::<TraceState<512>>(), 512 + 68);
        assert_eq!(core::mem::size_of::<TraceState<128>>(), 128 + 68);
        assert!(core::mem::size_of::<TraceState<511>>() <= 511 + 72);
    }

    #[test]
    fn fit_drops_large_right_most_first_then_from_the_right() {
        // lens 3, 130, 3, 200, 3
        let lens = [3u16, 130, 3, 200, 3];
        let all = 0b11111;
        // Needs to drop one large member: the right-most (index 3).
        let total: usize = lens.iter().map(|&l| usize::from(l) + 1).sum();
        assert_eq!(fit(&lens, all, total - 1), (0b10111, 1));
        // Needs both large ones.
        assert_eq!(fit(&lens, all, 12), (0b10101, 2));
        // Then from the right end.
        assert_eq!(fit(&lens, all, 8), (0b00101, 3));
        assert_eq!(fit(&lens, all, 4), (0b00001, 4));
        assert_eq!(fit(&lens, all, 3), (0, 5));
        // A member of exactly 128 bytes is not "large".
        assert_eq!(fit(&[128, 3], 0b11, 129), (0b01, 1));
    }
}
