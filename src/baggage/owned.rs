//! [`Baggage`]: owned baggage in fixed-capacity inline storage.

use core::fmt;

use super::grammar::first_non_tchar;
use super::percent::{encode_into as percent_encode_into, encoded_len as percent_encoded_len};
use super::view::{BaggageRef, Limits, Member, Members};
use crate::sink::Sink;
use crate::tracestate::grammar::find_byte;
use crate::{CapacityError, ErrorKind, ParseError};

/// Why [`Baggage::insert`] refused a member.
///
/// # Examples
///
/// ```
/// use tracewire::{Baggage, ErrorKind, baggage::InsertError};
///
/// let mut b: Baggage<16, 2> = Baggage::new();
/// let Err(InsertError::Key(e)) = b.insert("user id", "x") else { panic!() };
/// assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidKey, 4));
/// assert!(matches!(b.insert("k", &"v".repeat(20)), Err(InsertError::Capacity(_))));
/// ```
///
/// # Spec
///
/// BG-13 (non-token keys are refused), BG-16 (capacity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum InsertError {
    /// A member key that is not a token: the error's offset is the first bad
    /// byte of the key ([`ErrorKind::InvalidKey`], or
    /// [`ErrorKind::MissingKey`] at 0).
    Key(ParseError),
    /// The key of property number `.0` (from 0, in the slice given to
    /// [`Baggage::insert_with_properties`]) is not a token; the error's
    /// offset counts in that key.
    PropertyKey(usize, ParseError),
    /// The member does not fit in the remaining bytes or member slots.
    Capacity(CapacityError),
}

impl fmt::Display for InsertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(e) => write!(f, "invalid key: {e}"),
            Self::PropertyKey(i, e) => write!(f, "invalid key of property {i}: {e}"),
            Self::Capacity(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for InsertError {}

impl From<CapacityError> for InsertError {
    fn from(e: CapacityError) -> Self {
        Self::Capacity(e)
    }
}

/// A property to insert: a key and, unless key-only, a decoded value.
///
/// # Examples
///
/// ```
/// use tracewire::{Baggage, baggage::PropertyInput};
///
/// let props: [PropertyInput<'_>; 2] = [("ttl", Some("60 s")), ("internal", None)];
/// let mut b = Baggage::<64, 2>::new();
/// b.insert_with_properties("k", "v", &props)?;
/// assert_eq!(b.as_str(), "k=v;ttl=60%20s;internal");
/// # Ok::<(), tracewire::baggage::InsertError>(())
/// ```
///
/// # Spec
///
/// BG-05, BG-13 (keys must be tokens; values are percent-encoded).
pub type PropertyInput<'p> = (&'p str, Option<&'p str>);

/// BG-13: keys are written unchanged, so they must be tokens.
fn check_key(key: &str) -> Result<(), ParseError> {
    if key.is_empty() {
        return Err(ParseError::new(ErrorKind::MissingKey, 0));
    }
    match first_non_tchar(key.as_bytes()) {
        Some(at) => Err(ParseError::new(ErrorKind::InvalidKey, at)),
        None => Ok(()),
    }
}

/// One-byte fingerprint of a key, kept per member so that a search reads
/// one byte per member and compares key bytes only where it matches.
///
/// A multiply-fold over the key in little-endian eight-byte words (the last
/// one zero-padded; keys are tokens, so never hold a zero byte), a final
/// fold and multiply, then the top byte.
#[inline]
#[must_use]
fn fingerprint(key: &[u8]) -> u8 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let (words, tail) = key.as_chunks::<8>();
    let mut h = 0u64;
    for w in words {
        h = (h ^ u64::from_le_bytes(*w)).wrapping_mul(K);
    }
    if !tail.is_empty() {
        let mut last = [0u8; 8];
        for (d, &b) in last.iter_mut().zip(tail) {
            *d = b;
        }
        h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    }
    // A product's top byte depends on the top bytes of the word only
    // through the low bytes of `K`: fold the high half down and multiply
    // again, so that keys differing in their last bytes (`k0000001`,
    // `k0000002`) spread too.
    let [top, ..] = ((h ^ (h >> 32)).wrapping_mul(K)).to_be_bytes();
    top
}

/// Whether a member that starts with `key=` has key `key`: true unless
/// `key` holds a `=` (`a=1` is not the key of `a=1=x`, whose key is `a`).
#[inline]
fn is_whole_key(key: &[u8]) -> bool {
    !key.contains(&b'=')
}

/// Encoded length of `key=value;p;p=v` (BG-12, BG-23).
fn member_len(key: &str, value: &str, props: &[PropertyInput<'_>]) -> usize {
    key.len()
        + 1
        + percent_encoded_len(value.as_bytes())
        + props
            .iter()
            .map(|(k, v)| 1 + k.len() + v.map_or(0, |v| 1 + percent_encoded_len(v.as_bytes())))
            .sum::<usize>()
}

/// Copies `s` to `out[*n..]`.
/// Writes the text of a view's member (as received, no OWS) at the front
/// of `out`; its length, or `None` when it does not fit.
fn copy_member(out: &mut [u8], m: &Member<'_>) -> Option<usize> {
    let mut n = 0;
    m.write_parts(&mut |s: &str| put(out, &mut n, s.as_bytes()).ok_or(()))
        .ok()?;
    Some(n)
}

fn put(out: &mut [u8], n: &mut usize, s: &[u8]) -> Option<()> {
    let dst = out.get_mut(*n..*n + s.len())?;
    // `zip` rather than `copy_from_slice`: no length-mismatch panic path
    // (no_std_tests/src/bin/no_panic.rs links only without one).
    for (d, &b) in dst.iter_mut().zip(s) {
        *d = b;
    }
    *n += s.len();
    Some(())
}

/// Moves `buf[from..end]` so that it starts at `to`, rotating the bytes in
/// between out of the way (no panic path, unlike `copy_within`). `false`
/// when a range is out of bounds (nothing moves then).
fn move_bytes(buf: &mut [u8], from: usize, end: usize, to: usize) -> bool {
    if from > end {
        return false;
    }
    let (region, shift_left, k) = if to <= from {
        (buf.get_mut(to..end), true, from - to)
    } else {
        (buf.get_mut(from..end + (to - from)), false, to - from)
    };
    match region {
        Some(r) if k <= r.len() => {
            if shift_left {
                r.rotate_left(k);
            } else {
                r.rotate_right(k);
            }
            true
        }
        _ => false,
    }
}

/// Writes the encoded member into `out`; `None` if it does not fit.
fn write_member(
    out: &mut [u8],
    key: &str,
    value: &str,
    props: &[PropertyInput<'_>],
) -> Option<usize> {
    let mut n = 0;
    put(out, &mut n, key.as_bytes())?;
    put(out, &mut n, b"=")?;
    n += percent_encode_into(value.as_bytes(), out.get_mut(n..)?)?;
    for (k, v) in props {
        put(out, &mut n, b";")?;
        put(out, &mut n, k.as_bytes())?;
        if let Some(v) = v {
            put(out, &mut n, b"=")?;
            n += percent_encode_into(v.as_bytes(), out.get_mut(n..)?)?;
        }
    }
    Some(n)
}

/// Owned baggage in inline storage: at most `BYTES` bytes of encoded text
/// and `MEMBERS` members, no heap.
///
/// The members are stored already encoded, exactly as the header is written
/// (`key=value;prop=value,...`: bare `,` and `;`, no OWS, values
/// percent-encoded), so [`encode_into`](Self::encode_into),
/// [`write_to`](Self::write_to) and [`as_str`](Self::as_str) are copies. Member
/// ends are kept as `u16` offsets, so `BYTES` must be below 65,536 and
/// `MEMBERS` at most 180 (the grammar's ceiling); both are checked at compile
/// time. Each member also keeps a one-byte fingerprint of its key, so
/// [`insert`](Self::insert), [`get`](Self::get), [`remove`](Self::remove)
/// and [`dedupe`](Self::dedupe) read one byte per member and compare key
/// bytes only where the fingerprints match. `size_of::<Baggage<B, M>>()` is
/// `B + 3 * M + 4` (rounded up to 2).
///
/// [`new`](Self::new) writes zeros over all `BYTES` (safe code cannot leave
/// the buffer uninitialised): for the default 8 KiB that is most of the
/// cost of building a few members. Where baggage is built over and over, as
/// per request in a gateway, keep one value and [`clear`](Self::clear) it,
/// which costs nothing.
///
/// Values given to [`insert`](Self::insert) are any UTF-8 text: every byte
/// that is not a baggage-octet, and every `%`, is written `%XX` in upper-case
/// hex, so the text never holds CR, LF, controls or non-ASCII. Keys must be
/// tokens. Members copied from a [`BaggageRef`] keep their raw value bytes
/// (already valid baggage-octets) and lose their OWS.
///
/// # Examples
///
/// ```
/// use tracewire::{Baggage, BaggageRef};
///
/// let mut b: Baggage = Baggage::new(); // 8192 bytes, 64 members
/// b.insert("userId", "Amélie")?;
/// b.insert_with_properties("serverNode", "DF 28", &[("ttl", Some("60")), ("internal", None)])?;
/// b.insert("userId", "alice")?; // replaces in place
/// assert_eq!(b.as_str(), "userId=alice,serverNode=DF%2028;ttl=60;internal");
/// assert_eq!(b.get("serverNode").unwrap().value(), "DF 28");
///
/// // Received baggage, kept as is and forwarded.
/// let received = BaggageRef::lenient(b"a = 1 ; p, bad member, b=2");
/// let owned = Baggage::<256, 8>::try_from(received)?;
/// assert_eq!(owned.to_string(), "a=1;p,b=2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Spec
///
/// BG-12, BG-13 (encoding; non-token keys refused), BG-15 (chosen: drop whole
/// members from the end when building from a larger view), BG-16 (64 members
/// and 8192 bytes by default, both const generics), BG-23 (no OWS), BG-25,
/// BG-26 (replace the first, remove the others, append new keys), BG-27.
#[derive(Clone)]
pub struct Baggage<const BYTES: usize = 8192, const MEMBERS: usize = 64> {
    buf: [u8; BYTES],
    /// `ends[i]`: one past the last byte of member `i`.
    ends: [u16; MEMBERS],
    /// `fps[i]`: [`fingerprint`] of member `i`'s key, in step with `ends`.
    fps: [u8; MEMBERS],
    len: u16,
    count: u16,
}

impl<const BYTES: usize, const MEMBERS: usize> Baggage<BYTES, MEMBERS> {
    /// Empty baggage.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::Baggage::<64, 4>::new();
    /// assert!(b.is_empty());
    /// assert_eq!(b.as_str(), "");
    /// ```
    ///
    /// A capacity that `u16` offsets cannot address does not compile:
    ///
    /// ```compile_fail
    /// let b = tracewire::Baggage::<65536, 4>::new();
    /// ```
    ///
    /// # Spec
    ///
    /// BG-16.
    #[must_use]
    pub const fn new() -> Self {
        const {
            assert!(
                BYTES < 65_536,
                "Baggage: BYTES must be below 65536 (u16 offsets)"
            );
            assert!(
                MEMBERS <= super::view::GRAMMAR_MAX_MEMBERS,
                "Baggage: MEMBERS must be at most 180 (BG-18)"
            );
        }
        Self {
            buf: [0; BYTES],
            ends: [0; MEMBERS],
            fps: [0; MEMBERS],
            len: 0,
            count: 0,
        }
    }

    /// The [`Limits`] to read incoming baggage with before copying it into
    /// this type: the spec's 64 members and 8192 bytes (BG-14), each raised
    /// to `MEMBERS` or `BYTES` where the capacity is larger.
    ///
    /// A view with these limits keeps every member BG-14 requires and, when
    /// the capacity is larger, as many members and bytes of incoming text as
    /// the capacity holds, so a raised capacity is not wasted on the default
    /// limits of [`BaggageRef::lenient`]. A smaller capacity then drops whole
    /// members from the end in
    /// [`from_view_truncating`](Self::from_view_truncating) (BG-15).
    /// `propagation::Participant` reads its incoming baggage with them.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{Baggage, BaggageRef, baggage::Limits};
    ///
    /// assert_eq!(Baggage::<8192, 64>::READ_LIMITS, Limits::DEFAULT);
    /// assert_eq!(Baggage::<256, 8>::READ_LIMITS, Limits::DEFAULT);
    /// assert_eq!(Baggage::<16384, 128>::READ_LIMITS, Limits::new(128, 16384));
    ///
    /// let header: Vec<String> = (0..70).map(|i| format!("k{i}=v")).collect();
    /// let header = header.join(",");
    /// let view = BaggageRef::lenient(header.as_bytes())
    ///     .with_limits(Baggage::<16384, 128>::READ_LIMITS);
    /// let (b, dropped) = Baggage::<16384, 128>::from_view_truncating(&view);
    /// assert_eq!((b.len(), dropped, view.dropped()), (70, 0, 0));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14 (never below 64 members and 8192 bytes), BG-15, BG-16 (a raised
    /// capacity is used), BG-18 (still at most 180 members).
    pub const READ_LIMITS: Limits = {
        let spec = Limits::DEFAULT;
        Limits::new(
            if MEMBERS > spec.max_members() {
                MEMBERS
            } else {
                spec.max_members()
            },
            if BYTES > spec.max_bytes() {
                BYTES
            } else {
                spec.max_bytes()
            },
        )
    };

    /// Copies the members of `view` that fit, dropping whole members from
    /// the end, and returns how many were dropped.
    ///
    /// The count is of members the view yields; those its own [`Limits`]
    /// already dropped are [`BaggageRef::dropped`]. Read incoming baggage
    /// with [`READ_LIMITS`](Self::READ_LIMITS) so that the view keeps all
    /// this capacity can hold.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{Baggage, BaggageRef};
    ///
    /// let view = BaggageRef::lenient(b"a=1,b=2,c=3");
    /// let (b, dropped) = Baggage::<8, 4>::from_view_truncating(&view);
    /// assert_eq!((b.as_str(), dropped), ("a=1,b=2", 1));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-15 (chosen: whole members, from the end; a member is never cut).
    #[must_use]
    pub fn from_view_truncating(view: &BaggageRef<'_>) -> (Self, usize) {
        let mut out = Self::new();
        let mut dropped = 0;
        for m in view {
            if dropped > 0 || out.push_member(&m).is_err() {
                dropped += 1;
            }
        }
        (out, dropped)
    }

    /// Number of members.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("a", "1")?;
    /// assert_eq!(b.len(), 1);
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-16.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count as usize
    }

    /// Whether there is no member.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tracewire::Baggage::<64, 4>::new().is_empty());
    /// ```
    ///
    /// # Spec
    ///
    /// BG-20.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The encoded header text.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("k", "50%")?;
    /// assert_eq!(b.as_str(), "k=50%25");
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-12, BG-23.
    #[must_use]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The encoded header bytes (ASCII).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("k", "v")?;
    /// assert_eq!(b.as_bytes(), b"k=v");
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-23.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// Length of the encoded header.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("k", "a b")?;
    /// assert_eq!(b.encoded_len(), "k=a%20b".len());
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-23.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        self.len as usize
    }

    /// Copies the encoded header to the front of `buf`; returns its length.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `buf` is shorter; `buf` is then untouched.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("k", "v")?;
    /// let mut out = [0u8; 8];
    /// assert_eq!(b.encode_into(&mut out), Ok(3));
    /// assert_eq!(&out[..3], b"k=v");
    /// assert!(b.encode_into(&mut out[..2]).is_err());
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-23.
    pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, CapacityError> {
        let text = self.as_bytes();
        let mut n = 0;
        put(buf, &mut n, text).ok_or(CapacityError)?;
        Ok(n)
    }

    /// Writes the encoded header into `sink`; returns its length.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when it does not fit; the sink is then untouched.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{Baggage, SliceSink};
    ///
    /// let mut b = Baggage::<64, 4>::new();
    /// b.insert("k", "v")?;
    /// let mut buf = [0u8; 8];
    /// let mut sink = SliceSink::new(&mut buf);
    /// assert_eq!(b.write_to(&mut sink), Ok(3));
    /// assert_eq!(sink.as_str(), "k=v");
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-23.
    pub fn write_to<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<usize, CapacityError> {
        crate::sink::write_all(sink, self.encoded_len(), &[self.as_str()])
    }

    /// A borrowed view of the members (limits = this type's capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("k", "v")?;
    /// assert_eq!(b.view(), tracewire::BaggageRef::parse(b"k=v").unwrap());
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-27.
    #[must_use]
    pub fn view(&self) -> BaggageRef<'_> {
        BaggageRef::lenient(self.as_bytes()).with_limits(Limits::new(MEMBERS, BYTES))
    }

    /// The members in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("a", "1")?;
    /// b.insert("b", "2")?;
    /// let keys: Vec<&str> = b.iter().map(|m| m.key()).collect();
    /// assert_eq!(keys, ["a", "b"]);
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-25 (order kept).
    #[must_use]
    pub fn iter(&self) -> Members<'_> {
        self.view().iter()
    }

    /// The last member with key `key`; its [`value`](Member::value) decodes
    /// into a buffer, as `char`s or through `Display`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("userId", "Amélie")?;
    /// let v = b.get("userId").unwrap().value();
    /// let mut buf = [0u8; 16];
    /// assert_eq!(v.decode_into(&mut buf), Ok("Amélie"));
    /// assert_eq!(v.to_string(), "Amélie");
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-08 (chosen: the last duplicate), BG-09, BG-10.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Member<'_>> {
        let key = key.as_bytes();
        if !is_whole_key(key) {
            return None;
        }
        let i = self.rfind_key(self.len(), key, fingerprint(key))?;
        // A stored member is well-formed and has no OWS: read alone, it is
        // the member the whole view would give.
        let (s, e) = self.span(i);
        BaggageRef::lenient(self.buf.get(s..e)?).iter().next()
    }

    /// Sets `key` to `value` (no properties).
    ///
    /// See [`insert_with_properties`](Self::insert_with_properties).
    ///
    /// # Errors
    ///
    /// [`InsertError::Key`] for a key that is not a token,
    /// [`InsertError::Capacity`] when the result would not fit; the baggage
    /// is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("a", "1")?;
    /// b.insert("b", "2")?;
    /// b.insert("a", "3")?;
    /// assert_eq!(b.as_str(), "a=3,b=2");
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-12, BG-13, BG-25, BG-26.
    pub fn insert(&mut self, key: &str, value: &str) -> Result<(), InsertError> {
        self.insert_with_properties(key, value, &[])
    }

    /// Sets `key` to `value` with `properties` (key, optional decoded
    /// value), in order.
    ///
    /// If `key` is present, the first member with it gets the new value and
    /// properties in place and every other member with it is removed (the
    /// newest value wins); otherwise the member is appended at the end.
    /// Values and property values are percent-encoded (BG-12).
    ///
    /// # Errors
    ///
    /// [`InsertError::Key`] when `key` is not a token,
    /// [`InsertError::PropertyKey`] when a property key is not (with the
    /// property's index; offset = first bad byte of that key);
    /// [`InsertError::Capacity`] when
    /// the result would exceed `BYTES` or `MEMBERS`. On error nothing changes.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert_with_properties("k", "v 1", &[("p", None), ("q", Some("é"))])?;
    /// assert_eq!(b.as_str(), "k=v%201;p;q=%C3%A9");
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-12, BG-13, BG-25, BG-26 (replace the first, remove the others, new
    /// keys at the end).
    pub fn insert_with_properties(
        &mut self,
        key: &str,
        value: &str,
        properties: &[PropertyInput<'_>],
    ) -> Result<(), InsertError> {
        check_key(key).map_err(InsertError::Key)?;
        for (i, (k, _)) in properties.iter().enumerate() {
            check_key(k).map_err(|e| InsertError::PropertyKey(i, e))?;
        }
        self.put_member(key, member_len(key, value, properties), |out| {
            write_member(out, key, value, properties)
        })
        .map_err(InsertError::from)
    }

    /// Inserts a copy of a member read from a view, properties included, by
    /// the same rules as [`insert_with_properties`](Self::insert_with_properties)
    /// (BG-26: it replaces the first member with its key and removes the
    /// others; a new key goes at the end).
    ///
    /// The member's text is copied as it is, without decoding and encoding
    /// it again, so no buffer is needed: the way to forward some incoming
    /// members and not others.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when the result would exceed `BYTES` or `MEMBERS`;
    /// nothing changes then. (A member of a view is valid: its key is a
    /// token.)
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{Baggage, BaggageRef};
    ///
    /// let incoming = BaggageRef::lenient(b"userId=alice;p=1,secret=x,region=eu%2Dwest");
    /// let mut out = Baggage::<128, 4>::new();
    /// out.insert("region", "us")?;
    /// for m in incoming.iter().filter(|m| m.key() != "secret") {
    ///     out.insert_member(&m)?;
    /// }
    /// assert_eq!(out.as_str(), "region=eu%2Dwest,userId=alice;p=1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-15, BG-25, BG-26.
    pub fn insert_member(&mut self, m: &Member<'_>) -> Result<(), CapacityError> {
        self.put_member(m.key(), m.encoded_len(), |out| copy_member(out, m))
    }

    /// BG-26 for a member with key `key` whose text, `new_len` bytes long,
    /// `write` writes: in place of the first member with the key (the others
    /// removed), or at the end. Nothing changes unless it fits.
    fn put_member(
        &mut self,
        key: &str,
        new_len: usize,
        write: impl FnOnce(&mut [u8]) -> Option<usize>,
    ) -> Result<(), CapacityError> {
        let fp = fingerprint(key.as_bytes());
        let Some(first) = self.find_key(0, key.as_bytes(), fp) else {
            // BG-26: a new key goes at the end.
            return self.append(fp, write);
        };
        let total = usize::from(self.len);
        // Room check before any change: the others go, the first is resized.
        let mut others = 0;
        let mut from = first + 1;
        while let Some(i) = self.find_key(from, key.as_bytes(), fp) {
            let (s, e) = self.span(i);
            others += e - s + 1;
            from = i + 1;
        }
        let (s, e) = self.span(first);
        if total - others - (e - s) + new_len > BYTES {
            return Err(CapacityError);
        }
        // BG-26: remove the other members with this key, from the back.
        let mut end = self.len();
        while others > 0
            && let Some(i) = self.rfind_key(end, key.as_bytes(), fp)
        {
            if i <= first || !self.remove_at(i) {
                break;
            }
            end = i;
        }
        if !self.resize_member(first, new_len) {
            return Err(CapacityError);
        }
        let s = self.span(first).0;
        let written = self.buf.get_mut(s..s + new_len).and_then(write);
        if written == Some(new_len) {
            Ok(())
        } else {
            Err(CapacityError)
        }
    }

    /// Removes every member with key `key`; returns how many were removed.
    ///
    /// # Examples
    ///
    /// ```
    /// let view = tracewire::BaggageRef::lenient(b"a=1,b=2,a=3,c=4");
    /// let mut b = tracewire::Baggage::<64, 4>::try_from(view)?;
    /// assert_eq!(b.remove("a"), 2);
    /// assert_eq!(b.as_str(), "b=2,c=4");
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-25 (others keep their order).
    pub fn remove(&mut self, key: &str) -> usize {
        let key = key.as_bytes();
        if !is_whole_key(key) {
            return 0;
        }
        let fp = fingerprint(key);
        let mut removed = 0;
        let mut end = self.len();
        // From the back, so the members still to search do not move.
        while let Some(i) = self.rfind_key(end, key, fp) {
            if !self.remove_at(i) {
                break;
            }
            removed += 1;
            end = i;
        }
        removed
    }

    /// Keeps only the last member of each key (the one [`get`](Self::get)
    /// returns), where it stands; returns how many were removed.
    ///
    /// # Examples
    ///
    /// ```
    /// let view = tracewire::BaggageRef::lenient(b"a=1,b=2,a=3,b=4,c=5");
    /// let mut b = tracewire::Baggage::<64, 8>::try_from(view)?;
    /// assert_eq!(b.dedupe(), 2);
    /// assert_eq!(b.as_str(), "a=3,b=4,c=5");
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-08, BG-25.
    pub fn dedupe(&mut self) -> usize {
        // From the back: a member goes when a later one has its key. The
        // fingerprints of the later members are a 256-bit set, so keys are
        // compared only when a fingerprint was seen before.
        let mut seen = [0u64; 4];
        let mut removed = 0;
        let mut i = self.len();
        while i > 0 {
            i -= 1;
            let fp = self.fps.get(i).copied().unwrap_or_default();
            let bit = 1u64 << (fp & 63);
            let Some(word) = seen.get_mut(usize::from(fp >> 6)) else {
                continue;
            };
            let maybe = *word & bit != 0;
            *word |= bit;
            if maybe && self.find_key(i + 1, self.key_at(i), fp).is_some() && self.remove_at(i) {
                removed += 1;
            }
        }
        removed
    }

    /// Removes every member.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = tracewire::Baggage::<64, 4>::new();
    /// b.insert("a", "1")?;
    /// b.clear();
    /// assert!(b.is_empty());
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-25.
    pub const fn clear(&mut self) {
        self.len = 0;
        self.count = 0;
    }

    /// Appends a parsed member as it is (raw value copied, OWS dropped).
    fn push_member(&mut self, m: &Member<'_>) -> Result<(), CapacityError> {
        self.append(fingerprint(m.key().as_bytes()), |out| copy_member(out, m))
    }

    /// Appends a member with key fingerprint `fp`, written by `write` into
    /// the free tail (it returns the length written, or `None` when it does
    /// not fit). The text, ends, fingerprints and count change only once it
    /// fits: on error the bytes past the end may be written, nothing else.
    fn append(
        &mut self,
        fp: u8,
        write: impl FnOnce(&mut [u8]) -> Option<usize>,
    ) -> Result<(), CapacityError> {
        let idx = self.len();
        if idx >= MEMBERS {
            return Err(CapacityError);
        }
        let total = usize::from(self.len);
        let start = if idx > 0 {
            *self.buf.get_mut(total).ok_or(CapacityError)? = b',';
            total + 1
        } else {
            total
        };
        let n = write(self.buf.get_mut(start..).ok_or(CapacityError)?).ok_or(CapacityError)?;
        let end = u16::try_from(start + n).map_err(|_| CapacityError)?;
        let (Some(slot), Some(f)) = (self.ends.get_mut(idx), self.fps.get_mut(idx)) else {
            return Err(CapacityError);
        };
        *slot = end;
        *f = fp;
        self.count += 1;
        self.len = end;
        Ok(())
    }

    /// The first member from `from` on with key `key` (fingerprint `fp`).
    #[inline]
    fn find_key(&self, mut from: usize, key: &[u8], fp: u8) -> Option<usize> {
        let fps = self.fps.get(..self.len())?;
        loop {
            // The SWAR byte search the tracestate list uses for its commas.
            let rest = fps.get(from..)?;
            let off = find_byte(rest, fp);
            if off == rest.len() {
                return None;
            }
            let i = from + off;
            if self.has_key(i, key) {
                return Some(i);
            }
            from = i + 1;
        }
    }

    /// The last member before `end` with key `key` (fingerprint `fp`).
    #[inline]
    fn rfind_key(&self, mut end: usize, key: &[u8], fp: u8) -> Option<usize> {
        while let Some(i) = self.fps.get(..end)?.iter().rposition(|&f| f == fp) {
            if self.has_key(i, key) {
                return Some(i);
            }
            end = i;
        }
        None
    }

    /// Start and end of member `i`.
    fn span(&self, i: usize) -> (usize, usize) {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).map_or(0, |&e| usize::from(e) + 1),
            None => 0,
        };
        let end = self.ends.get(i).map_or(start, |&e| usize::from(e));
        (start, end)
    }

    /// Whether member `i` has key `key` (its text starts with `key=`),
    /// without scanning for the `=`.
    #[inline]
    fn has_key(&self, i: usize, key: &[u8]) -> bool {
        // One key comparison: a step under the internal `__step-counter`
        // feature (tests/adversarial.rs), a no-op otherwise.
        crate::steps::tick();
        let (start, end) = self.span(i);
        self.buf
            .get(start..end)
            .is_some_and(|m| m.get(key.len()) == Some(&b'=') && m.starts_with(key))
    }

    /// Key bytes of member `i` (everything before its first `=`).
    fn key_at(&self, i: usize) -> &[u8] {
        let (start, end) = self.span(i);
        let member = self.buf.get(start..end).unwrap_or_default();
        let eq = member
            .iter()
            .position(|&b| b == b'=')
            .unwrap_or(member.len());
        member.get(..eq).unwrap_or_default()
    }

    /// Removes member `i` and its separating comma; `false` (nothing
    /// changed) when `i` is out of range.
    fn remove_at(&mut self, i: usize) -> bool {
        let count = self.len();
        let total = usize::from(self.len);
        if i >= count {
            return false;
        }
        let (s, e) = self.span(i);
        let (del_s, del_e) = if count == 1 {
            (0, total)
        } else if i + 1 < count {
            (s, e + 1) // the member and the comma after it
        } else {
            (s - 1, e) // the comma before the last member, and it
        };
        if del_e > total || del_s > del_e || !move_bytes(&mut self.buf, del_e, total, del_s) {
            return false;
        }
        let d = del_e - del_s;
        for j in i + 1..count {
            if let (Some(&next), Some(_)) = (self.ends.get(j), self.ends.get(j - 1)) {
                let moved = u16::try_from(usize::from(next) - d).unwrap_or(0);
                if let Some(slot) = self.ends.get_mut(j - 1) {
                    *slot = moved;
                }
            }
            if let Some(&next) = self.fps.get(j)
                && let Some(slot) = self.fps.get_mut(j - 1)
            {
                *slot = next;
            }
        }
        self.count -= 1;
        self.len = u16::try_from(total - d).unwrap_or(0);
        true
    }

    /// Gives member `i` a length of `new_len` bytes, moving what follows.
    fn resize_member(&mut self, i: usize, new_len: usize) -> bool {
        let total = usize::from(self.len);
        let (s, e) = self.span(i);
        let new_total = total - (e - s) + new_len;
        if new_total > BYTES || e > total {
            return false;
        }
        let new_e = s + new_len;
        if !move_bytes(&mut self.buf, e, total, new_e) {
            return false;
        }
        for j in i..self.len() {
            if let Some(slot) = self.ends.get_mut(j) {
                let v = usize::from(*slot) + new_e - e;
                *slot = u16::try_from(v).unwrap_or(0);
            }
        }
        self.len = u16::try_from(new_total).unwrap_or(0);
        true
    }
}

impl<const BYTES: usize, const MEMBERS: usize> Default for Baggage<BYTES, MEMBERS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const BYTES: usize, const MEMBERS: usize> fmt::Debug for Baggage<BYTES, MEMBERS> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Baggage").field(&self.as_str()).finish()
    }
}

#[cfg(feature = "defmt")]
impl<const BYTES: usize, const MEMBERS: usize> defmt::Format for Baggage<BYTES, MEMBERS> {
    /// The encoded header text: `Baggage(k=v,k2=v2)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Baggage({=str})", self.as_str());
    }
}

/// The encoded header text, as [`as_str`](Baggage::as_str) gives it.
///
/// ```
/// use tracewire::Baggage;
///
/// fn header_len(v: impl AsRef<str>) -> usize { v.as_ref().len() }
/// let mut b = Baggage::<64, 4>::new();
/// b.insert("userId", "alice")?;
/// assert_eq!(header_len(&b), "userId=alice".len());
/// # Ok::<(), tracewire::baggage::InsertError>(())
/// ```
impl<const BYTES: usize, const MEMBERS: usize> AsRef<str> for Baggage<BYTES, MEMBERS> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The encoded header as bytes, as [`as_bytes`](Baggage::as_bytes) gives it.
impl<const BYTES: usize, const MEMBERS: usize> AsRef<[u8]> for Baggage<BYTES, MEMBERS> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl<const BYTES: usize, const MEMBERS: usize> fmt::Display for Baggage<BYTES, MEMBERS> {
    /// The encoded header text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const BYTES: usize, const MEMBERS: usize> PartialEq for Baggage<BYTES, MEMBERS> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl<const BYTES: usize, const MEMBERS: usize> Eq for Baggage<BYTES, MEMBERS> {}

impl<const BYTES: usize, const MEMBERS: usize> core::hash::Hash for Baggage<BYTES, MEMBERS> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl<'a, const BYTES: usize, const MEMBERS: usize> IntoIterator for &'a Baggage<BYTES, MEMBERS> {
    type Item = Member<'a>;
    type IntoIter = Members<'a>;
    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

impl<const BYTES: usize, const MEMBERS: usize> TryFrom<&BaggageRef<'_>>
    for Baggage<BYTES, MEMBERS>
{
    type Error = CapacityError;

    /// Copies every member of `view`.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when they do not all fit (see
    /// [`Baggage::from_view_truncating`] to keep those that do).
    fn try_from(view: &BaggageRef<'_>) -> Result<Self, CapacityError> {
        let mut out = Self::new();
        for m in view {
            out.push_member(&m)?;
        }
        Ok(out)
    }
}

impl<const BYTES: usize, const MEMBERS: usize> TryFrom<BaggageRef<'_>> for Baggage<BYTES, MEMBERS> {
    type Error = CapacityError;

    /// As `TryFrom<&BaggageRef>`.
    fn try_from(view: BaggageRef<'_>) -> Result<Self, CapacityError> {
        Self::try_from(&view)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::unwrap_used)]
    extern crate std;
    use super::*;
    use proptest::prelude::*;
    use std::format;
    use std::string::{String, ToString};
    use std::vec::Vec;

    /// Every member's fingerprint is that of its key: what every search
    /// relies on.
    fn assert_in_step<const B: usize, const M: usize>(b: &Baggage<B, M>) {
        for i in 0..b.len() {
            assert_eq!(b.fps[i], fingerprint(b.key_at(i)), "member {i} of {b:?}");
        }
    }

    /// `n` keys of each shape (one word with a tail, two words with a
    /// tail) whose fingerprint is that of `"a"`, found by brute force.
    fn colliding_keys(n: usize) -> Vec<String> {
        let want = fingerprint(b"a");
        let short = (0..).map(|i| format!("k{i}"));
        let long = (0..).map(|i| format!("key-of-16-bytes-{i}"));
        let mut keys: Vec<String> = short
            .filter(|k| fingerprint(k.as_bytes()) == want)
            .take(n)
            .collect();
        keys.extend(long.filter(|k| fingerprint(k.as_bytes()) == want).take(n));
        keys.push("a".to_string());
        keys
    }

    #[test]
    fn fingerprints_differ_for_the_bench_keys() {
        // Not required for correctness, but the point: the 64 keys of the
        // bench (`member00`..`member63`, one word each) mostly differ.
        let mut seen = [0u32; 256];
        for i in 0..64 {
            seen[usize::from(fingerprint(format!("member{i:02}").as_bytes()))] += 1;
        }
        assert!(seen.iter().filter(|&&c| c > 0).count() >= 48, "{seen:?}");
        // Zero padding never meets a key byte (keys are tokens), and a
        // tail changes the fingerprint of a whole word.
        assert_ne!(fingerprint(b"abcdefgh"), fingerprint(b"abcdefghi"));
    }

    // BG-26, BG-08: keys that share a fingerprint are still told apart by
    // insert (replace the right member), get, remove and dedupe.
    #[test]
    fn bg_26_bg_08_keys_sharing_a_fingerprint_are_told_apart() {
        let keys = colliding_keys(3);
        assert_eq!(keys.len(), 7);
        assert!(
            keys.iter()
                .all(|k| fingerprint(k.as_bytes()) == fingerprint(b"a"))
        );
        let mut b = Baggage::<512, 8>::new();
        for (i, k) in keys.iter().enumerate() {
            b.insert(k, &i.to_string()).unwrap();
        }
        assert_in_step(&b);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(b.get(k).unwrap().to_string(), format!("{k}={i}"));
        }
        assert!(b.get("b").is_none() && b.get(&format!("{}x", keys[0])).is_none());
        // Replace the third in place.
        b.insert(&keys[2], "new").unwrap();
        let want: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                if i == 2 {
                    format!("{k}=new")
                } else {
                    format!("{k}={i}")
                }
            })
            .collect();
        assert_eq!(b.as_str(), want.join(","));
        assert_in_step(&b);
        // Remove the second only.
        assert_eq!(b.remove(&keys[1]), 1);
        assert_eq!(b.remove(&keys[1]), 0);
        assert_in_step(&b);
        assert_eq!(
            b.get(&keys[2]).unwrap().to_string(),
            format!("{}=new", keys[2])
        );
        // Duplicates read from a view: dedupe keeps the last of each.
        let (k0, k1, k4) = (&keys[0], &keys[1], &keys[4]);
        let text = format!("{k0}=1,{k1}=2,{k0}=3,{k4}=4,{k1}=5");
        let mut b = Baggage::<512, 8>::try_from(BaggageRef::lenient(text.as_bytes())).unwrap();
        assert_in_step(&b);
        assert_eq!(b.get(k0).unwrap().to_string(), format!("{k0}=3"));
        assert_eq!(b.dedupe(), 2);
        assert_eq!(b.as_str(), format!("{k0}=3,{k4}=4,{k1}=5"));
        assert_in_step(&b);
        // BG-26 on duplicates: the first is replaced, the others go.
        let mut b = Baggage::<512, 8>::try_from(BaggageRef::lenient(text.as_bytes())).unwrap();
        b.insert(k1, "x").unwrap();
        assert_eq!(b.as_str(), format!("{k0}=1,{k1}=x,{k0}=3,{k4}=4"));
        assert_in_step(&b);
    }

    // BG-08, BG-25: a key holding `=` is nobody's key, even where a member
    // starts with it (`a=1` in `a=1=x`, whose key is `a`).
    #[test]
    fn bg_08_get_and_remove_match_whole_keys_only() {
        let view = BaggageRef::lenient(b"a=1=x,b==");
        let mut b = Baggage::<64, 4>::try_from(view).unwrap();
        assert!(b.get("a=1").is_none() && b.get("b=").is_none() && b.get("").is_none());
        assert_eq!(b.get("a").unwrap().raw_value(), "1=x");
        assert_eq!(b.get("b").unwrap().raw_value(), "=");
        assert_eq!((b.remove("a=1"), b.remove("b="), b.remove("")), (0, 0, 0));
        assert_eq!(b.as_str(), "a=1=x,b==");
        assert_in_step(&b);
    }

    /// Percent-encoding written independently of the library (BG-12).
    fn pct(v: &str) -> String {
        v.bytes()
            .map(|b| {
                let raw = (0x21..=0x7E).contains(&b) && !b"\",;\\%".contains(&b);
                if raw {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    #[derive(Clone, Debug)]
    enum Op {
        /// Key, value, with properties, through `insert_member` of the
        /// same text read from a view (else `insert_with_properties`).
        Insert(usize, usize, bool, bool),
        Remove(usize),
        Dedupe,
        Clear,
        /// Replace with a copy read from a view of these members.
        Load(Vec<(usize, usize)>),
        /// Copy through a view of itself (`from_view_truncating`).
        Reload,
        Clone,
    }

    const VALUES: [&str; 5] = [
        "",
        "1",
        "a b",
        "50% é,;",
        "long value long value long value long value long value long value long value long value",
    ];

    fn op(keys: usize) -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => (0..keys, 0..VALUES.len(), any::<bool>(), any::<bool>())
                .prop_map(|(k, v, p, m)| Op::Insert(k, v, p, m)),
            2 => (0..keys).prop_map(Op::Remove),
            1 => Just(Op::Dedupe),
            1 => Just(Op::Clear),
            1 => proptest::collection::vec((0..keys, 0..VALUES.len()), 0..10).prop_map(Op::Load),
            1 => Just(Op::Reload),
            1 => Just(Op::Clone),
        ]
    }

    /// Members as (key, encoded text); what the text and every `get` must be.
    type Model = Vec<(String, String)>;

    fn joined(m: &Model) -> String {
        m.iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    fn check(b: &Baggage<512, 8>, model: &Model, keys: &[String]) {
        assert_eq!(b.as_str(), joined(model));
        assert_eq!(b.len(), model.len());
        assert_in_step(b);
        for k in keys {
            let want = model
                .iter()
                .rev()
                .find(|(mk, _)| mk == k)
                .map(|(_, t)| t.clone());
            assert_eq!(b.get(k).map(|m| m.to_string()), want, "get({k}) of {b:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        // BG-25, BG-26, BG-08: random insert/remove/dedupe/clear/copy
        // sequences over keys that share a fingerprint, against a Vec
        // model; the fingerprints stay in step after every operation.
        #[test]
        fn bg_25_bg_26_mutations_match_a_vec_model(ops in proptest::collection::vec(op(10), 1..40)) {
            let mut keys = colliding_keys(3);
            keys.extend(["b", "userId", "serverNode"].map(String::from));
            let mut b = Baggage::<512, 8>::new();
            let mut model = Model::new();
            for op in ops {
                match op {
                    Op::Insert(k, v, with_props, via_member) => {
                        let (k, v) = (&keys[k], VALUES[v]);
                        let props: &[PropertyInput<'_>] =
                            if with_props { &[("p", None), ("q", Some("é r"))] } else { &[] };
                        let mut text = format!("{k}={}", pct(v));
                        if with_props {
                            text.push_str(";p;q=%C3%A9%20r");
                        }
                        let mut next = model.clone();
                        if let Some(first) = next.iter().position(|(mk, _)| mk == k) {
                            next[first].1 = text;
                            let mut i = 0;
                            next.retain(|(mk, _)| { i += 1; i - 1 <= first || mk != k });
                        } else {
                            next.push((k.clone(), text));
                        }
                        let fits = next.len() <= 8 && joined(&next).len() <= 512;
                        let got = if via_member {
                            let text = next.iter().find(|(mk, _)| mk == k).map(|(_, t)| t.clone());
                            let text = text.unwrap_or_default();
                            let view = BaggageRef::parse(text.as_bytes()).unwrap();
                            let m = view.iter().next().unwrap();
                            b.insert_member(&m).map_err(InsertError::Capacity)
                        } else {
                            b.insert_with_properties(k, v, props)
                        };
                        prop_assert_eq!(got.is_ok(), fits, "{:?} {:?}", got, next);
                        if fits {
                            model = next;
                        } else {
                            prop_assert!(matches!(got, Err(InsertError::Capacity(_))));
                        }
                    }
                    Op::Remove(k) => {
                        let before = model.len();
                        model.retain(|(mk, _)| mk != &keys[k]);
                        prop_assert_eq!(b.remove(&keys[k]), before - model.len());
                    }
                    Op::Dedupe => {
                        let kept: Model = model
                            .iter()
                            .enumerate()
                            .filter(|(i, (k, _))| !model[i + 1..].iter().any(|(l, _)| l == k))
                            .map(|(_, m)| m.clone())
                            .collect();
                        prop_assert_eq!(b.dedupe(), model.len() - kept.len());
                        model = kept;
                    }
                    Op::Clear => {
                        b.clear();
                        model.clear();
                    }
                    Op::Load(members) => {
                        let text: Vec<String> = members
                            .iter()
                            .map(|&(k, v)| format!("{}={}", keys[k], pct(VALUES[v])))
                            .collect();
                        let text = text.join(",");
                        let (loaded, dropped) =
                            Baggage::<512, 8>::from_view_truncating(&BaggageRef::lenient(text.as_bytes()));
                        model = members
                            .iter()
                            .map(|&(k, v)| (keys[k].clone(), format!("{}={}", keys[k], pct(VALUES[v]))))
                            .collect();
                        model.truncate(loaded.len());
                        prop_assert_eq!(dropped, members.len() - loaded.len());
                        b = loaded;
                    }
                    Op::Reload => {
                        b = Baggage::try_from(b.view()).unwrap();
                    }
                    Op::Clone => {
                        let c = b.clone();
                        prop_assert_eq!(&c, &b);
                        b = c;
                    }
                }
                check(&b, &model, &keys);
            }
        }
    }
}
