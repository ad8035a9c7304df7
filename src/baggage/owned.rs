//! [`Baggage`]: owned baggage in fixed-capacity inline storage.

use core::fmt;

use super::grammar::first_non_tchar;
use super::percent::{encode_into as percent_encode_into, encoded_len as percent_encoded_len};
use super::view::{BaggageRef, Limits, Member, Members};
use crate::sink::Sink;
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
    /// A key or key-only property that is not a token: the error's offset is
    /// the first bad byte of that key ([`ErrorKind::InvalidKey`], or
    /// [`ErrorKind::MissingKey`] at 0).
    Key(ParseError),
    /// The member does not fit in the remaining bytes or member slots.
    Capacity(CapacityError),
}

impl fmt::Display for InsertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(e) => fmt::Display::fmt(e, f),
            Self::Capacity(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for InsertError {}

impl From<ParseError> for InsertError {
    fn from(e: ParseError) -> Self {
        Self::Key(e)
    }
}

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
fn put(out: &mut [u8], n: &mut usize, s: &[u8]) -> Option<()> {
    out.get_mut(*n..*n + s.len())?.copy_from_slice(s);
    *n += s.len();
    Some(())
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
/// time. `size_of::<Baggage<B, M>>()` is `B + 2 * M + 4` (rounded up to 2).
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
            len: 0,
            count: 0,
        }
    }

    /// Copies the members of `view` that fit, dropping whole members from
    /// the end, and returns how many were dropped.
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
        let dst = buf.get_mut(..text.len()).ok_or(CapacityError)?;
        dst.copy_from_slice(text);
        Ok(text.len())
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
    /// assert_eq!(b.as_view(), tracewire::BaggageRef::parse(b"k=v").unwrap());
    /// # Ok::<(), tracewire::baggage::InsertError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-27.
    #[must_use]
    pub fn as_view(&self) -> BaggageRef<'_> {
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
        self.as_view().iter()
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
        self.as_view().get(key)
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
    /// [`InsertError::Key`] when `key` or a property key is not a token
    /// (offset = first bad byte of that key); [`InsertError::Capacity`] when
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
        check_key(key)?;
        for (k, _) in properties {
            check_key(k)?;
        }
        let new_len = member_len(key, value, properties);
        let first = (0..self.len()).find(|&i| self.has_key(i, key.as_bytes()));
        let total = usize::from(self.len);
        let Some(first) = first else {
            // BG-26: a new key goes at the end.
            let sep = usize::from(self.count > 0);
            let end = total + sep + new_len;
            if end > BYTES || self.len() >= MEMBERS {
                return Err(CapacityError.into());
            }
            let (Ok(end16), Some(out)) = (u16::try_from(end), self.buf.get_mut(total..end)) else {
                return Err(CapacityError.into());
            };
            let out = if sep == 1 {
                let [comma, rest @ ..] = out else {
                    return Err(CapacityError.into());
                };
                *comma = b',';
                rest
            } else {
                out
            };
            if write_member(out, key, value, properties) != Some(new_len) {
                return Err(CapacityError.into());
            }
            let idx = self.len();
            if let Some(slot) = self.ends.get_mut(idx) {
                *slot = end16;
            }
            self.count += 1;
            self.len = end16;
            return Ok(());
        };
        // Room check before any change: the others go, the first is resized.
        let others: usize = (first + 1..self.len())
            .filter(|&i| self.has_key(i, key.as_bytes()))
            .map(|i| self.span(i).1 - self.span(i).0 + 1)
            .sum();
        let (s, e) = self.span(first);
        if total - others - (e - s) + new_len > BYTES {
            return Err(CapacityError.into());
        }
        // BG-26: remove the other members with this key, from the back.
        let mut i = self.len();
        while i > first + 1 {
            i -= 1;
            if self.has_key(i, key.as_bytes()) {
                self.remove_at(i);
            }
        }
        if !self.resize_member(first, new_len) {
            return Err(CapacityError.into());
        }
        let s = self.span(first).0;
        let written = self
            .buf
            .get_mut(s..s + new_len)
            .and_then(|out| write_member(out, key, value, properties));
        if written == Some(new_len) {
            Ok(())
        } else {
            Err(CapacityError.into())
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
        let mut removed = 0;
        let mut i = self.len();
        while i > 0 {
            i -= 1;
            if self.has_key(i, key.as_bytes()) {
                self.remove_at(i);
                removed += 1;
            }
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
        let mut removed = 0;
        let mut i = 0;
        while i < self.len() {
            let dup = (i + 1..self.len()).any(|j| self.key_at(j) == self.key_at(i));
            if dup {
                self.remove_at(i);
                removed += 1;
            } else {
                i += 1;
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
        let total = usize::from(self.len);
        let sep = usize::from(self.count > 0);
        let end = total + sep + m.encoded_len();
        if end > BYTES || self.len() >= MEMBERS {
            return Err(CapacityError);
        }
        let end16 = u16::try_from(end).map_err(|_| CapacityError)?;
        let mut n = total;
        if sep == 1 {
            put(&mut self.buf, &mut n, b",").ok_or(CapacityError)?;
        }
        let buf = &mut self.buf;
        m.write_parts(&mut |s: &str| put(buf, &mut n, s.as_bytes()).ok_or(CapacityError))?;
        let idx = self.len();
        *self.ends.get_mut(idx).ok_or(CapacityError)? = end16;
        self.count += 1;
        self.len = end16;
        Ok(())
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

    /// Key bytes of member `i` (everything before its first `=`).
    /// Whether member `i` has key `key` (its text starts with `key=`),
    /// without scanning for the `=`.
    #[inline]
    fn has_key(&self, i: usize, key: &[u8]) -> bool {
        let (start, end) = self.span(i);
        self.buf
            .get(start..end)
            .is_some_and(|m| m.get(key.len()) == Some(&b'=') && m.starts_with(key))
    }

    fn key_at(&self, i: usize) -> &[u8] {
        let (start, end) = self.span(i);
        let member = self.buf.get(start..end).unwrap_or_default();
        let eq = member
            .iter()
            .position(|&b| b == b'=')
            .unwrap_or(member.len());
        member.get(..eq).unwrap_or_default()
    }

    /// Removes member `i` and its separating comma.
    fn remove_at(&mut self, i: usize) {
        let count = self.len();
        let total = usize::from(self.len);
        if i >= count {
            return;
        }
        let (s, e) = self.span(i);
        let (del_s, del_e) = if count == 1 {
            (0, total)
        } else if i + 1 < count {
            (s, e + 1) // the member and the comma after it
        } else {
            (s - 1, e) // the comma before the last member, and it
        };
        if del_e > total || del_s > del_e || total > BYTES {
            return;
        }
        self.buf.copy_within(del_e..total, del_s);
        let d = del_e - del_s;
        for j in i + 1..count {
            if let (Some(&next), Some(_)) = (self.ends.get(j), self.ends.get(j - 1)) {
                let moved = u16::try_from(usize::from(next) - d).unwrap_or(0);
                if let Some(slot) = self.ends.get_mut(j - 1) {
                    *slot = moved;
                }
            }
        }
        self.count -= 1;
        self.len = u16::try_from(total - d).unwrap_or(0);
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
        self.buf.copy_within(e..total, new_e);
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
