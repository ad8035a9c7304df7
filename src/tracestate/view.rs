//! [`TraceStateRef`]: a validated, zero-copy view of one or more tracestate
//! header fields, and its iterator [`Members`].

use super::grammar::{self, Grammar};
use crate::error::{CapacityError, ParseError};
use crate::sink::{Sink, SliceSink};
use crate::steps::Steps;
use core::fmt;
use core::iter::FusedIterator;

/// A validated `tracestate`, borrowed from the header bytes.
///
/// Built by [`parse`](Self::parse) from one header field or by
/// [`parse_fields`](Self::parse_fields) from several, without copying. The
/// whole value is checked once; afterwards [`iter`](Self::iter) and
/// [`get`](Self::get) only re-walk the bytes. Blanks around members and empty
/// members are skipped, members keep their order, and repeated keys are kept.
///
/// Two views are equal when they hold the same members in the same order,
/// however they were spelled on the wire. [`Display`](fmt::Display) and
/// [`write_to`](Self::write_to) give the canonical form: members joined by a
/// bare `,`, no blanks.
///
/// # Examples
///
/// ```
/// use tracewire::TraceStateRef;
///
/// let ts = TraceStateRef::parse(b"rojo=00f067aa0ba902b7 ,\tcongo=t61rcWkgMzE")?;
/// assert_eq!(ts.len(), 2);
/// assert_eq!(ts.get("congo"), Some("t61rcWkgMzE"));
/// let members: Vec<_> = ts.iter().collect();
/// assert_eq!(members, [("rojo", "00f067aa0ba902b7"), ("congo", "t61rcWkgMzE")]);
/// assert_eq!(ts.to_string(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// TS-01..TS-10, TS-15..TS-18. Choices: the draft key grammar unless
/// [`Grammar::Level1`] is asked for (README choice 2); repeated keys are kept
/// and [`get`](Self::get) returns the left-most (TS-10, choice 6); only
/// non-empty members count towards 32 (TS-09, choice 13); one bad member
/// makes the whole value invalid (TS-12, choice 12): dropping the header is
/// then the caller's (or the propagation layer's) job.
#[derive(Clone, Copy)]
pub struct TraceStateRef<'a> {
    first: &'a [u8],
    rest: &'a [&'a [u8]],
    len: usize,
    /// Length of the canonical encoding, known from the parse.
    encoded: usize,
}

impl<'a> TraceStateRef<'a> {
    /// The empty tracestate (no members).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// assert!(TraceStateRef::EMPTY.is_empty());
    /// assert_eq!(TraceStateRef::EMPTY, TraceStateRef::parse(b" , ,\t")?);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-02.
    pub const EMPTY: TraceStateRef<'static> = TraceStateRef {
        first: b"",
        rest: &[],
        len: 0,
        encoded: 0,
    };

    /// Parses one `tracestate` header field with the draft key grammar.
    ///
    /// Accepts the empty string and values made only of blanks and commas
    /// (zero members). SP/HTAB around members are ignored; spaces after `=`
    /// belong to the value, blanks at the end of a member do not.
    ///
    /// # Errors
    ///
    /// The first rule broken, with the offset of the first bad byte in
    /// `value`: [`EmptyKey`](crate::ErrorKind::EmptyKey),
    /// [`InvalidKeyStart`](crate::ErrorKind::InvalidKeyStart),
    /// [`InvalidKeyChar`](crate::ErrorKind::InvalidKeyChar),
    /// [`KeyTooLong`](crate::ErrorKind::KeyTooLong),
    /// [`ExpectedEquals`](crate::ErrorKind::ExpectedEquals),
    /// [`EmptyValue`](crate::ErrorKind::EmptyValue),
    /// [`InvalidValueChar`](crate::ErrorKind::InvalidValueChar),
    /// [`ValueTooLong`](crate::ErrorKind::ValueTooLong),
    /// [`NonPrintableByte`](crate::ErrorKind::NonPrintableByte),
    /// [`TooManyMembers`](crate::ErrorKind::TooManyMembers).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceStateRef};
    ///
    /// let ts = TraceStateRef::parse(b"foo= 1 \t")?;
    /// assert_eq!(ts.get("foo"), Some(" 1"));
    ///
    /// let err = TraceStateRef::parse(b"foo=1,bar=2=3").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidValueChar, 11));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-01..TS-10. The whole value is refused when one member is bad
    /// (TS-12, choice 12); only non-empty members count (TS-09, choice 13).
    pub const fn parse(value: &'a [u8]) -> Result<Self, ParseError> {
        Self::parse_with(value, Grammar::Draft)
    }

    /// Parses one `tracestate` header field with the given key grammar.
    ///
    /// Same as [`parse`](Self::parse), except that [`Grammar::Level1`] also
    /// refuses draft keys outside Level 1.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), plus
    /// [`NotLevel1Key`](crate::ErrorKind::NotLevel1Key) under [`Grammar::Level1`]
    /// for a draft key, at its first byte outside Level 1, also when the `=`
    /// after the key is missing or a byte no key may hold follows it.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceStateRef};
    /// use tracewire::tracestate::Grammar;
    ///
    /// let err = TraceStateRef::parse_with(b"ok=1,1special=2", Grammar::Level1).unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::NotLevel1Key, 5));
    /// assert!(TraceStateRef::parse_with(b"ok=1,tenant@sys=2", Grammar::Level1).is_ok());
    /// ```
    ///
    /// # Spec
    ///
    /// TS-01..TS-10; README choice 2 (Level 1 keys on request).
    pub const fn parse_with(value: &'a [u8], grammar: Grammar) -> Result<Self, ParseError> {
        let start = grammar::Scan { count: 0, bytes: 0 };
        match grammar::scan_field(value, 0, start, grammar, &mut Steps::new()) {
            Ok(scan) => Ok(Self {
                first: value,
                rest: &[],
                len: scan.count,
                encoded: scan.encoded_len(),
            }),
            Err(e) => Err(e),
        }
    }

    /// Parses several `tracestate` header fields as if joined by `,` in the
    /// given order, without copying them.
    ///
    /// An empty field adds nothing; the limits apply to the joined value.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse); [`field`](ParseError::field) is the index
    /// of the field holding the bad byte and [`offset`](ParseError::offset)
    /// counts inside that field.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, TraceStateRef};
    ///
    /// let fields: &[&[u8]] = &[b"foo=1,bar=2", b"", b"rojo=1"];
    /// let ts = TraceStateRef::parse_fields(fields)?;
    /// assert_eq!(ts.to_string(), "foo=1,bar=2,rojo=1");
    ///
    /// let fields: &[&[u8]] = &[b"foo=1", b"bar=2", b"x y=3"];
    /// let err = TraceStateRef::parse_fields(fields).unwrap_err();
    /// assert_eq!((err.kind(), err.field(), err.offset()), (ErrorKind::ExpectedEquals, 2, 1));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-16, TS-17, and TS-01..TS-10 on the joined value.
    pub const fn parse_fields(fields: &'a [&'a [u8]]) -> Result<Self, ParseError> {
        Self::parse_fields_with(fields, Grammar::Draft)
    }

    /// Parses several fields like [`parse_fields`](Self::parse_fields) with
    /// the given key grammar.
    ///
    /// # Errors
    ///
    /// As [`parse_fields`](Self::parse_fields), plus
    /// [`NotLevel1Key`](crate::ErrorKind::NotLevel1Key) under [`Grammar::Level1`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    /// use tracewire::tracestate::Grammar;
    ///
    /// let fields: &[&[u8]] = &[b"a=1", b"b@c=2"];
    /// assert_eq!(TraceStateRef::parse_fields_with(fields, Grammar::Level1)?.len(), 2);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-16, TS-17; README choice 2.
    pub const fn parse_fields_with(
        fields: &'a [&'a [u8]],
        grammar: Grammar,
    ) -> Result<Self, ParseError> {
        Self::parse_fields_counted(fields, grammar, &mut Steps::new())
    }

    /// [`parse_fields_with`](Self::parse_fields_with), counting the steps of
    /// the scan (test-only counter, see `crate::steps`).
    pub(crate) const fn parse_fields_counted(
        fields: &'a [&'a [u8]],
        grammar: Grammar,
        steps: &mut Steps,
    ) -> Result<Self, ParseError> {
        match grammar::scan_fields(fields, grammar, steps) {
            Ok(scan) => Ok(match fields {
                [first, rest @ ..] => Self {
                    first,
                    rest,
                    len: scan.count,
                    encoded: scan.encoded_len(),
                },
                [] => Self {
                    first: b"",
                    rest: &[],
                    len: 0,
                    encoded: 0,
                },
            }),
            Err(e) => Err(e),
        }
    }

    /// A view over bytes known to be a canonical, valid list of `len` members.
    pub(crate) const fn from_canonical(bytes: &'a [u8], len: usize) -> Self {
        Self {
            first: bytes,
            rest: &[],
            len,
            encoded: bytes.len(),
        }
    }

    /// The canonical encoding, when the input was already spelled that way
    /// (one field, no blanks, no empty members): then it is the input itself.
    pub(crate) fn as_canonical(&self) -> Option<&'a str> {
        if self.rest.is_empty() && self.first.len() == self.encoded {
            core::str::from_utf8(self.first).ok()
        } else {
            None
        }
    }

    /// The number of members (empty members are not counted).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// assert_eq!(TraceStateRef::parse(b"a=1,,b=2, ")?.len(), 2);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-09 (choice 13: non-empty members only).
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no members.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// assert!(TraceStateRef::parse(b" ,\t,")?.is_empty());
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-02.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The members in order, as `(key, value)`.
    ///
    /// Values are returned exactly, leading spaces included, trailing blanks
    /// excluded. Repeated keys come out as often as they were sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// let ts = TraceStateRef::parse(b"foo=1,foo=2")?;
    /// let mut it = ts.iter();
    /// assert_eq!(it.next(), Some(("foo", "1")));
    /// assert_eq!(it.next(), Some(("foo", "2")));
    /// assert_eq!(it.next(), None);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-01, TS-06, TS-10, TS-16.
    #[must_use]
    #[inline]
    pub fn iter(&self) -> Members<'a> {
        let canonical = self.rest.is_empty() && self.first.len() == self.encoded;
        Members::new(self.first, self.rest, self.len, canonical)
    }

    /// The value of the left-most member with this key.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// let ts = TraceStateRef::parse(b"foo=1,bar=2,foo=3")?;
    /// assert_eq!(ts.get("foo"), Some("1"));
    /// assert_eq!(ts.get("baz"), None);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-10 (choice 6: left-most wins).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The length of the canonical form ([`write_to`](Self::write_to)).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// assert_eq!(TraceStateRef::parse(b"foo=1 , bar=2")?.encoded_len(), 11);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-18.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        self.encoded
    }

    /// Writes the canonical form (members joined by a bare `,`, no blanks)
    /// to `sink`; returns the number of bytes written.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if the sink has less room than
    /// [`encoded_len`](Self::encoded_len); nothing is written then.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{SliceSink, TraceStateRef};
    ///
    /// let ts = TraceStateRef::parse(b"foo=1 \t , \t bar=2")?;
    /// let mut buf = [0u8; 32];
    /// let mut sink = SliceSink::new(&mut buf);
    /// assert_eq!(ts.write_to(&mut sink), Ok(11));
    /// assert_eq!(sink.as_str(), "foo=1,bar=2");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-18.
    pub fn write_to<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<usize, CapacityError> {
        let total = self.encoded_len();
        if total > sink.remaining() {
            return Err(CapacityError);
        }
        if let Some(canonical) = self.as_canonical() {
            sink.write_str(canonical)?;
            return Ok(total);
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

    /// Writes the canonical form into the front of `buf`; returns its length.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if `buf` is shorter than
    /// [`encoded_len`](Self::encoded_len); nothing is written then.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::TraceStateRef;
    ///
    /// let ts = TraceStateRef::parse(b" a=1 ,, b=2 ")?;
    /// let mut buf = [0u8; 16];
    /// let n = ts.encode_into(&mut buf).unwrap();
    /// assert_eq!(&buf[..n], b"a=1,b=2");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// TS-18.
    pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, CapacityError> {
        self.write_to(&mut SliceSink::new(buf))
    }
}

impl Default for TraceStateRef<'_> {
    fn default() -> Self {
        TraceStateRef::EMPTY
    }
}

impl PartialEq for TraceStateRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.encoded == other.encoded && self.iter().eq(other.iter())
    }
}

impl Eq for TraceStateRef<'_> {}

impl core::hash::Hash for TraceStateRef<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        for (k, v) in self {
            k.hash(state);
            v.hash(state);
        }
    }
}

impl fmt::Display for TraceStateRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(k)?;
            f.write_str("=")?;
            f.write_str(v)?;
        }
        Ok(())
    }
}

impl fmt::Debug for TraceStateRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `TraceStateRef {"k": "v"}`, spaced as `BaggageRef [..]` is.
        f.write_str("TraceStateRef ")?;
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for TraceStateRef<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "TraceStateRef(");
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                defmt::write!(f, ",");
            }
            defmt::write!(f, "{=str}={=str}", k, v);
        }
        defmt::write!(f, ")");
    }
}

impl<'a> TryFrom<&'a [u8]> for TraceStateRef<'a> {
    type Error = ParseError;
    fn try_from(value: &'a [u8]) -> Result<Self, ParseError> {
        Self::parse(value)
    }
}

impl<'a> TryFrom<&'a str> for TraceStateRef<'a> {
    type Error = ParseError;
    fn try_from(value: &'a str) -> Result<Self, ParseError> {
        Self::parse(value.as_bytes())
    }
}

impl<'a> IntoIterator for TraceStateRef<'a> {
    type Item = (&'a str, &'a str);
    type IntoIter = Members<'a>;
    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &TraceStateRef<'a> {
    type Item = (&'a str, &'a str);
    type IntoIter = Members<'a>;
    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

/// The members of a tracestate in order, as `(key, value)`.
///
/// Returned by [`TraceStateRef::iter`] and
/// [`TraceState::iter`](crate::TraceState::iter). Knows its exact length and
/// keeps returning `None` once done.
///
/// # Examples
///
/// ```
/// use tracewire::TraceStateRef;
///
/// let ts = TraceStateRef::parse(b"a=1, b=2")?;
/// let it = ts.iter();
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.map(|(k, _)| k).collect::<Vec<_>>(), ["a", "b"]);
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// TS-01, TS-06, TS-10, TS-16.
#[derive(Clone, Debug)]
pub struct Members<'a> {
    /// The rest of the current field.
    cur: &'a str,
    /// The fields after the current one, not yet converted to `str`.
    rest: &'a [&'a [u8]],
    /// Members still to yield.
    left: usize,
    /// The text is canonical (one field, no blanks, no empty members), so
    /// members need no blanks skipped or trimmed.
    canonical: bool,
}

impl<'a> Members<'a> {
    /// Iterates the members of validated fields (`first`, then `rest`).
    #[inline]
    pub(crate) fn new(first: &'a [u8], rest: &'a [&'a [u8]], left: usize, canonical: bool) -> Self {
        Self {
            cur: ascii(first),
            rest,
            left,
            canonical,
        }
    }
}

/// The field as text; validated fields are ASCII, so this never fails
/// (were it to, the field would read as empty).
#[inline]
fn ascii(field: &[u8]) -> &str {
    core::str::from_utf8(field).unwrap_or_default()
}

/// Bytes that may stand between members: OWS and the commas of empty members.
#[inline]
const fn is_gap(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b',')
}

/// Skips blanks and empty members from `cur` on, moving on through the
/// fields of `rest` when it is used up; returns the text from the next
/// member (empty if there is none) and the fields after it.
#[cold]
fn skip_gaps<'a>(mut cur: &'a str, mut rest: &'a [&'a [u8]]) -> (&'a str, &'a [&'a [u8]]) {
    loop {
        if let Some(start) = cur.as_bytes().iter().position(|&b| !is_gap(b)) {
            return (cur.get(start..).unwrap_or_default(), rest);
        }
        let Some((field, more)) = rest.split_first() else {
            return ("", rest);
        };
        cur = ascii(field);
        rest = more;
    }
}

/// `s` split at `at` (`at` is on a boundary in validated ASCII fields; were
/// it not, the whole of `s` comes first).
#[inline]
fn split_str(s: &str, at: usize) -> (&str, &str) {
    s.split_at_checked(at).unwrap_or((s, ""))
}

/// `s` before and after the ASCII `delim` at `at`, or `None` if `at` does
/// not hold `delim`. Testing the byte first proves `at` a char boundary.
#[inline]
fn cut_at(s: &str, at: usize, delim: char) -> Option<(&str, &str)> {
    match s.as_bytes().get(at) {
        Some(&b) if char::from(b) == delim => match (s.get(..at), s.get(at + 1..)) {
            (Some(head), Some(tail)) => Some((head, tail)),
            _ => None,
        },
        _ => None,
    }
}

/// `value` without its trailing SP/HTAB (OWS before the next comma).
#[cold]
fn trim_blanks(value: &str) -> &str {
    value.trim_end_matches([' ', '\t'])
}

/// Header fields not yet converted to `str`.
type Fields<'a> = &'a [&'a [u8]];
/// A member as `(key, value)`.
type Pair<'a> = (&'a str, &'a str);

/// The next member of text that is not canonical, from `cur` and then the
/// fields of `rest`: blanks and empty members are skipped, trailing blanks
/// trimmed. Returns the member (`None` if there is none left) and the new
/// `cur` and `rest`. Takes and returns the state by value so that the
/// iterator, which calls it, can stay in registers.
#[inline(never)]
fn next_general<'a>(cur: &'a str, rest: Fields<'a>) -> (Option<Pair<'a>>, &'a str, Fields<'a>) {
    // Blanks and empty members before the member; usually none, as the
    // comma after the previous member is already consumed.
    let (member, rest) = match cur.as_bytes() {
        [b, ..] if !is_gap(*b) => (cur, rest),
        _ => {
            let (next, rest) = skip_gaps(cur, rest);
            if next.is_empty() {
                return (None, cur, rest);
            }
            (next, rest)
        }
    };
    // The field is valid: the key ends at its `=`, the value at the
    // next `,` (or the end), less its trailing blanks (TS-06).
    let (eq, end) = grammar::member_split(member.as_bytes());
    let (key, after) = split_str(member, eq);
    let after = after.strip_prefix('=').unwrap_or(after);
    let (mut value, after) = split_str(after, end.wrapping_sub(eq + 1));
    if let [.., b' ' | b'\t'] = value.as_bytes() {
        value = trim_blanks(value);
    }
    // Past the comma, if there is one.
    let cur = after.strip_prefix(',').unwrap_or(after);
    (Some((key, value)), cur, rest)
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, &'a str);

    #[expect(
        clippy::inline_always,
        reason = "measured: inlined into the caller's loop, the iterator state stays in registers (callgrind)"
    )]
    #[inline(always)]
    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        if self.left == 0 {
            return None;
        }
        if !self.canonical {
            let (member, cur, rest) = next_general(self.cur, self.rest);
            self.cur = cur;
            self.rest = rest;
            match member {
                Some(_) => self.left -= 1,
                None => self.left = 0,
            }
            return member;
        }
        // Canonical text: the member starts here, its key ends at the first
        // `=` or `,` and its value at the next one (or the end).
        let member = self.cur;
        let (eq, end) = grammar::canonical_split(member.as_bytes());
        self.left -= 1;
        // Each cut is made where its delimiter is seen, which also proves
        // it a char boundary.
        let (key, rest) = match cut_at(member, eq, '=') {
            Some(parts) => parts,
            None => (member, ""),
        };
        let (value, rest) = match cut_at(rest, end.wrapping_sub(eq + 1), ',') {
            Some(parts) => parts,
            None => (rest, ""),
        };
        self.cur = rest;
        Some((key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.left;
        (n, Some(n))
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Members<'_> {
    /// The members still to come, as text: `Members(a=1,b=2)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Members(");
        for (i, (k, v)) in self.clone().enumerate() {
            if i > 0 {
                defmt::write!(f, ",");
            }
            defmt::write!(f, "{=str}={=str}", k, v);
        }
        defmt::write!(f, ")");
    }
}

impl ExactSizeIterator for Members<'_> {}

impl FusedIterator for Members<'_> {}

#[cfg(test)]
#[expect(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    reason = "tests index fixed arrays and unwrap valid lists"
)]
mod tests {
    extern crate std;
    use super::*;
    use proptest::prelude::*;
    use std::format;
    use std::string::String;
    use std::vec;
    use std::vec::Vec;

    /// The members as the path for any text reads them (the path every
    /// view took before canonical text got its own).
    fn general<'a>(ts: &TraceStateRef<'a>) -> Vec<(&'a str, &'a str)> {
        Members::new(ts.first, ts.rest, ts.len, false).collect()
    }

    proptest! {
        // TS-01, TS-06, TS-16: the canonical path yields exactly what the
        // general one does, and both the members that were written; the
        // lists are canonical or not, in one field or several.
        #[test]
        fn canonical_path_yields_what_the_general_path_yields(
            members in proptest::collection::vec(
                ("[a-z0-9][a-z0-9_*/@-]{0,20}", "[ -+--<>-~]{0,40}[!-+--<>-~]"),
                0..=32,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![",", " ,", ", ", ",,", "\t,", ", \t,"]),
                32,
            ),
            cuts in proptest::collection::vec(any::<bool>(), 32),
            canonical in any::<bool>(),
            lead in proptest::sample::select(vec!["", " ", ",", "\t ,"]),
        ) {
            let mut fields: Vec<String> = vec![String::new()];
            if !canonical {
                fields[0].push_str(lead);
            }
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    if !canonical && cuts[i] {
                        fields.push(String::new());
                    } else if let Some(f) = fields.last_mut() {
                        f.push_str(if canonical { "," } else { seps[i] });
                    }
                }
                if let Some(f) = fields.last_mut() {
                    f.push_str(k);
                    f.push('=');
                    f.push_str(v);
                }
            }
            let bytes: Vec<&[u8]> = fields.iter().map(String::as_bytes).collect();
            let ts = TraceStateRef::parse_fields(&bytes).map_err(|e| TestCaseError::fail(format!("{e}")))?;
            let want: Vec<(&str, &str)> = members.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let got: Vec<(&str, &str)> = ts.iter().collect();
            prop_assert_eq!(&got, &want);
            prop_assert_eq!(&general(&ts), &want);
            if canonical {
                // The fast path was taken.
                prop_assert!(ts.as_canonical().is_some());
            }
            // Step by step too: the length is exact throughout.
            let mut it = ts.iter();
            for n in (0..want.len()).rev() {
                prop_assert!(it.next().is_some());
                prop_assert_eq!(it.len(), n);
            }
            prop_assert_eq!(it.next(), None);
            prop_assert_eq!(it.next(), None);
        }
    }

    // The 32-member list of the benchmark, and lists whose members end at
    // every lane of a word.
    #[test]
    fn canonical_path_on_fixed_lists() {
        let big: Vec<String> = (0..32)
            .map(|i| std::format!("vendor{i:02}=val{i:03}"))
            .collect();
        let big = big.join(",");
        let ts = TraceStateRef::parse(big.as_bytes()).unwrap();
        assert!(ts.as_canonical().is_some());
        let got: Vec<_> = ts.iter().collect();
        assert_eq!(got, general(&ts));
        assert_eq!(got.len(), 32);
        assert_eq!(got[31], ("vendor31", "val031"));
        for klen in 1..18 {
            for vlen in 1..18 {
                let list = std::format!(
                    "{}={},b=2,{}={}",
                    "k".repeat(klen),
                    "v".repeat(vlen),
                    "c".repeat(vlen),
                    "w".repeat(klen)
                );
                let ts = TraceStateRef::parse(list.as_bytes()).unwrap();
                assert!(ts.as_canonical().is_some());
                assert_eq!(ts.iter().collect::<Vec<_>>(), general(&ts), "{list}");
            }
        }
    }
}
