//! [`BaggageRef`]: a validated, borrowed view of one or more `baggage`
//! fields, and its member and property iterators.

use core::fmt;
use core::iter::FusedIterator;

use super::grammar::{is_ows, lanes_eq_lowest, octet_run, tchar_run};
use super::percent::PercentDecoded;
use crate::sink::Sink;
use crate::{CapacityError, ErrorKind, ParseError};

/// The grammar's ceiling: a baggage-string holds at most 180 list members
/// (BG-18).
///
/// # Examples
///
/// ```
/// use tracewire::baggage::{GRAMMAR_MAX_MEMBERS, Limits};
/// assert_eq!(Limits::GRAMMAR.max_members(), GRAMMAR_MAX_MEMBERS);
/// ```
///
/// # Spec
///
/// BG-18 (MAY: members past the 180th are dropped; taken).
pub const GRAMMAR_MAX_MEMBERS: usize = 180;

/// How many members and bytes of baggage a reader keeps (BG-14, BG-15).
///
/// Both are measured over all `baggage` fields joined with `,` (BG-17):
/// a member is kept while it is among the first `max_members` well-formed
/// members and it ends within the first `max_bytes` bytes of the joined
/// text (commas and OWS counted). Later members are dropped whole, from the
/// end; a kept member is never cut.
///
/// # Examples
///
/// ```
/// use tracewire::baggage::{BaggageRef, Limits};
///
/// // A small MCU keeps two members of at most 32 bytes in all.
/// let mcu = Limits::new(2, 32);
/// let b = BaggageRef::lenient(b"a=1,b=2,c=3").with_limits(mcu);
/// assert_eq!(b.len(), 2);
/// // A gateway may raise both; members stay capped at the grammar's 180.
/// assert_eq!(Limits::new(1000, 65_535).max_members(), 180);
/// assert_eq!(Limits::DEFAULT, Limits::new(64, 8192));
/// ```
///
/// # Spec
///
/// BG-14 (64 members, 8192 bytes by default), BG-15 (chosen: drop whole
/// members from the end), BG-17 (counted over all fields joined), BG-18
/// (members past the 180th are always dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct Limits {
    members: usize,
    bytes: usize,
}

impl Limits {
    /// 64 members and 8192 bytes: what the spec guarantees to forward (BG-14).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::Limits;
    /// assert_eq!((Limits::DEFAULT.max_members(), Limits::DEFAULT.max_bytes()), (64, 8192));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14.
    pub const DEFAULT: Self = Self::new(64, 8192);

    /// The most the grammar allows: 180 members, no byte limit (BG-18).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::Limits;
    /// assert_eq!(Limits::GRAMMAR.max_bytes(), usize::MAX);
    /// ```
    ///
    /// # Spec
    ///
    /// BG-18.
    pub const GRAMMAR: Self = Self::new(GRAMMAR_MAX_MEMBERS, usize::MAX);

    /// No limit at all, not even the grammar's 180 members: only for
    /// counting what the other limits drop ([`BaggageRef::dropped`]).
    const UNCAPPED: Self = Self {
        members: usize::MAX,
        bytes: usize::MAX,
    };

    /// Limits of `max_members` (capped at 180) and `max_bytes`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::Limits;
    /// let l = Limits::new(8, 512);
    /// assert_eq!((l.max_members(), l.max_bytes()), (8, 512));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14, BG-18.
    #[must_use]
    pub const fn new(max_members: usize, max_bytes: usize) -> Self {
        let members = if max_members > GRAMMAR_MAX_MEMBERS {
            GRAMMAR_MAX_MEMBERS
        } else {
            max_members
        };
        Self {
            members,
            bytes: max_bytes,
        }
    }

    /// The most members kept.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tracewire::baggage::Limits::DEFAULT.max_members(), 64);
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14.
    #[must_use]
    pub const fn max_members(&self) -> usize {
        self.members
    }

    /// The most bytes of joined baggage text a kept member may end within.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tracewire::baggage::Limits::DEFAULT.max_bytes(), 8192);
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14, BG-17.
    #[must_use]
    pub const fn max_bytes(&self) -> usize {
        self.bytes
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Where the parts of one well-formed list member sit inside its slice.
#[derive(Clone, Copy)]
struct Parts {
    key: (usize, usize),
    value: (usize, usize),
    /// Index of the first `;`, if any properties follow.
    props: usize,
    /// One past the last byte that is not OWS.
    end: usize,
    /// No OWS after the key's start: the properties need no trimming.
    plain: bool,
}

/// A broken rule and its offset in the member slice.
type Bad = (ErrorKind, usize);

/// The byte at `i`, with `,` (end of the member) read as the end.
#[inline]
fn peek(m: &[u8], i: usize) -> Option<u8> {
    match m.get(i) {
        Some(b',') | None => None,
        Some(&b) => Some(b),
    }
}

#[inline]
fn skip_ows(m: &[u8], mut i: usize) -> usize {
    // Every byte that may follow OWS here (tchar, octet, `=`, `;`, `,`) is
    // above SP, so one compare settles the usual case of no OWS.
    while let Some(&b) = m.get(i)
        && b <= b' '
        && is_ows(b)
    {
        i += 1;
    }
    i
}

#[inline]
fn skip_tchar(m: &[u8], i: usize) -> usize {
    i + tchar_run(m.get(i..).unwrap_or_default())
}

#[inline]
fn skip_octets(m: &[u8], i: usize) -> usize {
    i + octet_run(m.get(i..).unwrap_or_default())
}

/// Parses the list member at the front of `m` (which may go on past a `,`).
///
/// Returns the member's parts (`None` for an empty or blank member, BG-20)
/// and the index of the `,` that ends it (or `m.len()`).
#[inline]
fn parse_member(m: &[u8]) -> Result<(Option<Parts>, usize), Bad> {
    match parse_member_plain(m, 0) {
        Some(plain) => Ok((Some(plain.parts()), plain.end)),
        None => parse_member_full(m),
    }
}

/// What [`parse_member_plain`] reads and cuts: a field's bytes, or the
/// same field as text when it is all UTF-8, so that the parts come out as
/// `&str`. Each cut is made next to the test of the byte it is made at, on
/// the same slice, which lets the compiler drop most char-boundary checks
/// of the text (measured: about 90 instructions of a 3-member extract).
trait Cut<'a>: Copy {
    /// The bytes.
    fn bytes(self) -> &'a [u8];
    /// The two sides of `at`, if it is a cut point.
    fn split(self, at: usize) -> Option<(Self, Self)>;
    /// What follows a leading `=`, if there is one.
    fn after_equals(self) -> Option<Self>;
}

impl<'a> Cut<'a> for &'a [u8] {
    #[inline]
    fn bytes(self) -> &'a [u8] {
        self
    }
    #[inline]
    fn split(self, at: usize) -> Option<(Self, Self)> {
        self.split_at_checked(at)
    }
    #[inline]
    fn after_equals(self) -> Option<Self> {
        self.strip_prefix(b"=")
    }
}

impl<'a> Cut<'a> for &'a str {
    #[inline]
    fn bytes(self) -> &'a [u8] {
        self.as_bytes()
    }
    #[inline]
    fn split(self, at: usize) -> Option<(Self, Self)> {
        self.split_at_checked(at)
    }
    #[inline]
    fn after_equals(self) -> Option<Self> {
        self.strip_prefix('=')
    }
}

/// One pass over the usual member: no OWS except before the key, no empty
/// or malformed part. `None` for anything else, which
/// [`parse_member_full`] then reads from the start (so every error, and
/// every member with OWS inside, gets the one careful reading).
///
/// The member starts at `start` in `m`; the parts are cut from `m`, and
/// the end is an index in `m`. On the members it accepts, the result is the
/// one `parse_member_full` gives (shifted by `start`): without OWS, every
/// part ends where the next delimiter starts.
#[inline]
fn parse_member_plain<'a, T: Cut<'a>>(m: T, start: usize) -> Option<Plain<T>> {
    // The rest of the member shrinks as a slice, cut at each delimiter.
    let (_, mut t) = m.split(start)?;
    let mut k = tchar_run(t.bytes());
    // OWS before the key (BG-01): skipped, then the key read again.
    if k == 0 {
        (_, t) = t.split(skip_ows(t.bytes(), 0))?;
        k = tchar_run(t.bytes());
    }
    // An empty key (blank member, `=v`) or a key not followed by `=`.
    if k == 0 {
        return None;
    }
    let (key, rest) = t.split(k)?;
    let rest = rest.after_equals()?;
    let (value, after) = rest.split(octet_run(rest.bytes()))?;
    let mut tail = after.bytes();
    let mut marks = MarksBuilder::new();
    loop {
        match tail {
            [] | [b',', ..] => {
                let (props, rest) = after.split(after.bytes().len() - tail.len())?;
                return Some(Plain {
                    key,
                    value,
                    props,
                    end: m.bytes().len() - rest.bytes().len(),
                    marks: marks.finish(),
                });
            }
            [b';', prop @ ..] => {
                let pk = tchar_run(prop);
                if pk == 0 {
                    return None;
                }
                let len = match prop.get(pk..) {
                    Some([b'=', pv @ ..]) => pk + 1 + octet_run(pv),
                    _ => pk,
                };
                marks.push(1 + len, pk);
                tail = prop.get(len..)?;
            }
            _ => return None,
        }
    }
}

/// Parses the list member at the front of `m` byte by byte, with OWS and
/// the exact rule and offset of a malformed member.
#[cold]
#[inline(never)]
fn parse_member_full(m: &[u8]) -> Result<(Option<Parts>, usize), Bad> {
    // BG-01: OWS around the member is not part of it.
    let ks = skip_ows(m, 0);
    if peek(m, ks).is_none() {
        return Ok((None, ks));
    }
    // BG-02: the key is a token.
    let ke = skip_tchar(m, ks);
    if ke == ks {
        // BG-07: `=v` has an empty key.
        let kind = if m.get(ks) == Some(&b'=') {
            ErrorKind::MissingKey
        } else {
            ErrorKind::InvalidKey
        };
        return Err((kind, ks));
    }
    let eq = skip_ows(m, ke);
    match peek(m, eq) {
        Some(b'=') => {}
        // A byte glued to the key that no key may hold (`user"x=1`).
        Some(b) if eq == ke && b != b';' => return Err((ErrorKind::InvalidKey, eq)),
        // BG-07: no `=` (`key1`, `user id=1`, `k;p`).
        _ => return Err((ErrorKind::MissingEquals, eq)),
    }
    // BG-04: the first `=` ends the key; later ones are value octets.
    let vs = skip_ows(m, eq + 1);
    let ve = skip_octets(m, vs);
    let mut end = if ve > vs { ve } else { eq + 1 };
    let mut j = skip_ows(m, ve);
    let props = j;
    loop {
        match peek(m, j) {
            None => {
                let parts = Parts {
                    key: (ks, ke),
                    value: (vs, ve),
                    props,
                    end,
                    plain: false,
                };
                return Ok((Some(parts), j));
            }
            Some(b';') => {}
            // BG-03: SP inside, DQUOTE, `\`, controls, DEL, bytes >= 0x80.
            Some(_) => return Err((ErrorKind::InvalidValue, j)),
        }
        // BG-05: a property is `key` or `key=value`.
        let ps = skip_ows(m, j + 1);
        let pe = skip_tchar(m, ps);
        if pe == ps {
            let kind = match peek(m, ps) {
                // BG-07 (chosen): `k=v;` and `k=v;;p` are malformed.
                None | Some(b';') => ErrorKind::EmptyProperty,
                Some(b'=') => ErrorKind::MissingKey,
                Some(_) => ErrorKind::InvalidKey,
            };
            return Err((kind, ps));
        }
        end = pe;
        let k = skip_ows(m, pe);
        match peek(m, k) {
            None | Some(b';') => j = k,
            Some(b'=') => {
                let pvs = skip_ows(m, k + 1);
                let pve = skip_octets(m, pvs);
                end = if pve > pvs { pve } else { k + 1 };
                j = skip_ows(m, pve);
            }
            Some(_) if k == pe => return Err((ErrorKind::InvalidKey, k)),
            Some(_) => return Err((ErrorKind::InvalidProperty, k)),
        }
    }
}

/// A member read by [`parse_member_plain`]: the key, `=`, the value, the
/// properties (from the first `;`) up to `end`, which is also the index of
/// the `,` that ends the member (or the length). The parts follow each
/// other in that order.
#[derive(Clone, Copy)]
struct Plain<T> {
    key: T,
    value: T,
    props: T,
    end: usize,
    marks: Marks,
}

/// How many properties of a member [`Marks`] can hold: 16 bits each.
const MARKS: u32 = 4;

/// Where the first properties of a member read in one pass split, so that
/// [`Properties`] need not search them again: up to [`MARKS`] properties in
/// order, while each is shorter than 256 bytes. Marking stops at the first
/// property that is not, and [`Properties`] searches from there on.
///
/// One word, 16 bits per property from the low end: its length from its
/// `;` up to the next `;` or the end, and its key's length (a `=` follows
/// the key when the property is longer than `;` and the key). A property
/// is at least two bytes long (`;` and a key byte), so a zero mark means
/// no more marks.
#[derive(Clone, Copy, Debug)]
struct Marks(u64);

impl Marks {
    /// Not marked: [`Properties`] searches.
    const NONE: Self = Self(0);

    /// Length and key length of the first marked property, and the marks
    /// of the ones after it.
    #[inline]
    const fn pop(self) -> Option<((usize, usize), Self)> {
        let mark = self.0 & 0xFFFF;
        if mark == 0 {
            return None;
        }
        Some((
            ((mark & 0xFF) as usize, (mark >> 8) as usize),
            Self(self.0 >> 16),
        ))
    }
}

/// [`Marks`] being written by [`parse_member_plain`].
#[derive(Clone, Copy)]
struct MarksBuilder {
    marks: u64,
    /// Where the next mark goes; [`MARKS`] × 16 once marking has stopped.
    shift: u32,
}

impl MarksBuilder {
    /// No property yet.
    const fn new() -> Self {
        Self { marks: 0, shift: 0 }
    }

    /// One more property, `len` bytes long with a key of `key` bytes.
    #[inline]
    fn push(&mut self, len: usize, key: usize) {
        match (u8::try_from(len), u8::try_from(key)) {
            (Ok(len), Ok(key)) if self.shift < 16 * MARKS => {
                self.marks |= (u64::from(len) | u64::from(key) << 8) << self.shift;
                self.shift += 16;
            }
            // Too long, or too many: the rest are searched.
            _ => self.shift = 16 * MARKS,
        }
    }

    /// The marks written.
    const fn finish(self) -> Marks {
        Marks(self.marks)
    }
}

impl<'a, T: Cut<'a>> Plain<T> {
    /// The same member as [`Parts`]: the parts run back to back (key, `=`,
    /// value, properties) up to `end`.
    fn parts(self) -> Parts {
        let props = self.end - self.props.bytes().len();
        let value = props - self.value.bytes().len();
        let key = value - 1 - self.key.bytes().len();
        Parts {
            key: (key, value - 1),
            value: (value, props),
            props,
            end: self.end,
            plain: true,
        }
    }
}

/// What [`Members`] does with the member it read.
enum Step<'a> {
    Yield(Member<'a>),
    Skip,
    Stop,
}

/// [`parse_member_full`] of the member at `off` in `field`, with the parts
/// and the end as indexes in `field`; a malformed member is `None` and ends
/// at its comma (BG-21).
#[cold]
#[inline(never)]
fn parse_member_at(field: &[u8], off: usize) -> (Option<Parts>, usize) {
    let cur = field.get(off..).unwrap_or_default();
    match parse_member_full(cur) {
        Ok((parts, end)) => (parts.map(|p| p.shifted(off)), off + end),
        Err((_, bad)) => (None, off + next_comma(cur, bad)),
    }
}

impl Parts {
    /// The same parts, `by` bytes further on.
    const fn shifted(self, by: usize) -> Self {
        Self {
            key: (self.key.0 + by, self.key.1 + by),
            value: (self.value.0 + by, self.value.1 + by),
            props: self.props + by,
            end: self.end + by,
            plain: self.plain,
        }
    }

    /// The member's text (a validated member is ASCII), from the field's
    /// text when it is all UTF-8.
    #[inline]
    fn member<'a>(self, field: &'a [u8], text: Option<&'a str>) -> Member<'a> {
        match text {
            Some(t) => Member {
                key: t.get(self.key.0..self.key.1).unwrap_or_default(),
                value: t.get(self.value.0..self.value.1).unwrap_or_default(),
                props: t.get(self.props..self.end).unwrap_or_default(),
                plain: self.plain,
                marks: Marks::NONE,
            },
            None => self.member_of_bytes(field),
        }
    }

    /// [`member`](Self::member) of a field that is not all UTF-8: each
    /// part is checked on its own.
    #[cold]
    #[inline(never)]
    fn member_of_bytes(self, field: &[u8]) -> Member<'_> {
        let part = |from: usize, to: usize| as_str(field.get(from..to).unwrap_or_default());
        Member {
            key: part(self.key.0, self.key.1),
            value: part(self.value.0, self.value.1),
            props: part(self.props, self.end),
            plain: self.plain,
            marks: Marks::NONE,
        }
    }
}

/// Index of the first `,` of `m` at or after `from`, or `m.len()`.
#[cold]
fn next_comma(m: &[u8], from: usize) -> usize {
    let rest = m.get(from..).unwrap_or_default();
    from + rest.iter().position(|&b| b == b',').unwrap_or(rest.len())
}

/// Checks every member of one field; the error is at an offset in `field`.
fn validate_field(field: &[u8]) -> Result<(), ParseError> {
    let mut off = 0;
    let mut rest = field;
    loop {
        crate::steps::tick();
        match parse_member(rest) {
            Ok((_, end)) => {
                // parse_member only moves forward: the bytes up to the comma
                // bound its work (test-only linearity counter, `crate::steps`).
                crate::steps::add(end + 1);
                match rest.get(end + 1..) {
                    Some(tail) => {
                        off += end + 1;
                        rest = tail;
                    }
                    None => return Ok(()),
                }
            }
            // Field 0 of the caller's slice; `parse_fields` moves it.
            Err((kind, at)) => return Err(ParseError::in_field(kind, 0, off + at)),
        }
    }
}

/// `b` as text, if it is UTF-8 (`const`, for [`BaggageRef::iter`]).
const fn utf8(b: &[u8]) -> Option<&str> {
    match core::str::from_utf8(b) {
        Ok(s) => Some(s),
        Err(_) => None,
    }
}

fn as_str(b: &[u8]) -> &str {
    // Validated keys and values are ASCII; the check is a cheap scan.
    core::str::from_utf8(b).unwrap_or_default()
}

/// A validated, borrowed view of baggage: one `baggage` field, or several
/// joined with `,` in arrival order, without copying.
///
/// Two ways to build one:
/// - strict ([`parse`](Self::parse), [`parse_fields`](Self::parse_fields)):
///   the first malformed member is an error with its rule, field and offset;
/// - lenient ([`lenient`](Self::lenient),
///   [`lenient_fields`](Self::lenient_fields)), what propagation uses: each
///   malformed member is skipped and the others are kept.
///
/// Either way, empty members are skipped, an empty or blank header is no
/// baggage, and iteration stops at the [`Limits`] (64 members, 8192 bytes by
/// default, counted over all fields joined).
///
/// # Examples
///
/// ```
/// use tracewire::BaggageRef;
///
/// let b = BaggageRef::parse(b"key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue")?;
/// let keys: Vec<&str> = b.iter().map(|m| m.key()).collect();
/// assert_eq!(keys, ["key1", "key2", "key3"]);
/// let m = b.get("key3").unwrap();
/// assert_eq!(m.raw_value(), "value3");
/// let p = m.properties().next().unwrap();
/// assert_eq!((p.key(), p.raw_value()), ("propertyKey", Some("propertyValue")));
/// // Written back without OWS (BG-23).
/// assert_eq!(b.to_string(), "key1=value1;property1;property2,key2=value2,key3=value3;propertyKey=propertyValue");
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BG-01..BG-08, BG-14, BG-15, BG-17..BG-21, BG-23. Chosen: `get` returns
/// the last member of a key (BG-08); malformed members are dropped by the
/// lenient reader (BG-21); empty members are skipped (BG-20); over a limit,
/// whole members are dropped from the end (BG-15).
#[derive(Clone, Copy)]
pub struct BaggageRef<'a> {
    first: &'a [u8],
    rest: &'a [&'a [u8]],
    limits: Limits,
}

impl<'a> BaggageRef<'a> {
    /// Strictly parses one `baggage` field.
    ///
    /// Strict is about the grammar only: the view then keeps members within
    /// [`Limits::DEFAULT`] (64 members, 8192 bytes, BG-14) as every view
    /// does, and drops the well-formed members past them, whole and from the
    /// end (BG-15), without an error. [`dropped`](Self::dropped) counts
    /// them; [`with_limits`](Self::with_limits) raises the limits.
    ///
    /// # Errors
    ///
    /// The first malformed member, with its rule and byte offset in `input`:
    /// [`ErrorKind::InvalidKey`], [`ErrorKind::MissingEquals`],
    /// [`ErrorKind::MissingKey`], [`ErrorKind::EmptyProperty`],
    /// [`ErrorKind::InvalidValue`], [`ErrorKind::InvalidProperty`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{BaggageRef, ErrorKind};
    ///
    /// let b = BaggageRef::parse(b"userId=alice,serverNode=DF%2028")?;
    /// assert_eq!(b.get("serverNode").unwrap().value(), "DF 28");
    /// assert!(BaggageRef::parse(b"").unwrap().is_empty());
    ///
    /// let err = BaggageRef::parse(b"a=1,user id=1").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::MissingEquals, 9));
    ///
    /// // Well-formed members past the limits are no error; they are dropped.
    /// let header: Vec<String> = (0..70).map(|i| format!("k{i}=v")).collect();
    /// let header = header.join(",");
    /// let b = BaggageRef::parse(header.as_bytes())?;
    /// assert_eq!((b.len(), b.dropped()), (64, 6));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-01..BG-07, BG-14, BG-15 (limits), BG-20 (empty input is no
    /// baggage), BG-21 (strict call reports the first malformed member).
    pub fn parse(input: &'a [u8]) -> Result<Self, ParseError> {
        validate_field(input)?;
        Ok(Self::lenient(input))
    }

    /// Strictly parses several `baggage` fields, joined in order with `,`.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse); the error's [`field`](ParseError::field)
    /// is the index in `fields` and its offset counts in that field. The
    /// limits apply to the fields joined (BG-17), as in `parse`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::BaggageRef;
    ///
    /// let fields: &[&[u8]] = &[b"userId=alice", b"serverNode=DF%2028,isProduction=false"];
    /// let b = BaggageRef::parse_fields(fields)?;
    /// assert_eq!(b.len(), 3);
    ///
    /// let bad: &[&[u8]] = &[b"a=1", b"b=2,c"];
    /// let err = BaggageRef::parse_fields(bad).unwrap_err();
    /// assert_eq!((err.field(), err.offset()), (1, 5));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-17, BG-19 (fields joined in arrival order), BG-21.
    pub fn parse_fields(fields: &'a [&'a [u8]]) -> Result<Self, ParseError> {
        for (i, f) in fields.iter().enumerate() {
            if let Err(e) = validate_field(f) {
                return Err(e.with_field(u32::try_from(i).unwrap_or(u32::MAX)));
            }
        }
        Ok(Self::lenient_fields(fields))
    }

    /// Leniently reads one `baggage` field: malformed members are skipped.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::BaggageRef;
    ///
    /// let b = BaggageRef::lenient(b"a=1,bad member,b=2");
    /// assert_eq!(b.to_string(), "a=1,b=2");
    /// ```
    ///
    /// # Spec
    ///
    /// BG-20, BG-21 (chosen: drop the malformed member, keep the others).
    #[must_use]
    #[inline]
    pub const fn lenient(input: &'a [u8]) -> Self {
        Self {
            first: input,
            rest: &[],
            limits: Limits::DEFAULT,
        }
    }

    /// Leniently reads several `baggage` fields joined in order with `,`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::BaggageRef;
    ///
    /// let fields: &[&[u8]] = &[b"a=1", b"", b"bad,b=2"];
    /// assert_eq!(BaggageRef::lenient_fields(fields).to_string(), "a=1,b=2");
    /// ```
    ///
    /// # Spec
    ///
    /// BG-17, BG-19, BG-20, BG-21.
    #[must_use]
    pub const fn lenient_fields(fields: &'a [&'a [u8]]) -> Self {
        match fields {
            [first, rest @ ..] => Self {
                first,
                rest,
                limits: Limits::DEFAULT,
            },
            [] => Self::lenient(b""),
        }
    }

    /// The same view with other limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::{BaggageRef, Limits};
    ///
    /// let b = BaggageRef::lenient(b"a=1,b=2,c=3").with_limits(Limits::new(64, 7));
    /// assert_eq!(b.to_string(), "a=1,b=2"); // `c=3` would end at byte 11
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14, BG-15, BG-16.
    #[must_use]
    pub const fn with_limits(self, limits: Limits) -> Self {
        Self { limits, ..self }
    }

    /// The limits this view applies.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{BaggageRef, baggage::Limits};
    /// assert_eq!(BaggageRef::lenient(b"").limits(), Limits::DEFAULT);
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14.
    #[must_use]
    pub const fn limits(&self) -> Limits {
        self.limits
    }

    /// How many well-formed members this view's [`Limits`] drop: those past
    /// its member or byte limit, and those past the grammar's 180th (BG-18),
    /// which every view drops.
    ///
    /// Malformed members, which a lenient read skips (BG-21), and empty
    /// members (BG-20) are not counted: they are not members at all.
    /// Computed on each call: nothing more than [`len`](Self::len) when the
    /// joined text is within the byte limit and fewer members than the
    /// limit are kept, else one more pass over the text.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{BaggageRef, baggage::Limits};
    ///
    /// let header: Vec<String> = (0..70).map(|i| format!("k{i}=v")).collect();
    /// let header = header.join(",");
    /// let b = BaggageRef::lenient(header.as_bytes());
    /// assert_eq!((b.len(), b.dropped()), (64, 6));
    /// let all = b.with_limits(Limits::GRAMMAR);
    /// assert_eq!((all.len(), all.dropped()), (70, 0));
    ///
    /// // A byte limit drops whole members; a malformed member is not counted.
    /// let b = BaggageRef::lenient(b"a=1,bad member,b=2,c=3").with_limits(Limits::new(64, 18));
    /// assert_eq!((b.to_string().as_str(), b.dropped()), ("a=1,b=2", 1));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14, BG-15 (whole members dropped from the end), BG-17 (over all
    /// fields joined), BG-18, BG-21.
    #[must_use]
    pub fn dropped(&self) -> usize {
        self.dropped_after(self.len())
    }

    /// [`dropped`](Self::dropped), given that the view keeps `kept`
    /// members (its [`len`](Self::len), already counted by the caller).
    pub(crate) fn dropped_after(&self, kept: usize) -> usize {
        // A member ends within the joined text, so when all of it is within
        // the byte limit and the member limit was not reached, nothing was
        // dropped.
        let joined = self
            .rest
            .iter()
            .fold(self.first.len(), |n, f| n.saturating_add(f.len() + 1));
        if kept < self.limits.members && joined <= self.limits.bytes {
            return 0;
        }
        self.with_limits(Limits::UNCAPPED)
            .len()
            .saturating_sub(kept)
    }

    /// The kept members in order, duplicates included.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::BaggageRef;
    ///
    /// let b = BaggageRef::lenient(b"a=1,a=2");
    /// let values: Vec<&str> = b.iter().map(|m| m.raw_value()).collect();
    /// assert_eq!(values, ["1", "2"]);
    /// ```
    ///
    /// # Spec
    ///
    /// BG-08 (duplicates kept in order), BG-15, BG-18.
    #[must_use]
    #[inline]
    pub const fn iter(&self) -> Members<'a> {
        Members {
            field: self.first,
            text: utf8(self.first),
            off: 0,
            rest: self.rest,
            base: 0,
            kept: 0,
            limits: self.limits,
            done: false,
        }
    }

    /// The last member with key `key` (keys compare case-sensitively).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::BaggageRef;
    ///
    /// let b = BaggageRef::lenient(b"a=1,a=2,userId=x");
    /// assert_eq!(b.get("a").unwrap().raw_value(), "2");
    /// assert!(b.get("userid").is_none());
    /// ```
    ///
    /// # Spec
    ///
    /// BG-02 (case-sensitive), BG-08 (chosen: the last duplicate, as
    /// OpenTelemetry).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Member<'a>> {
        self.iter().filter(|m| m.key == key).last()
    }

    /// Number of kept members.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tracewire::BaggageRef::lenient(b"a=1,,b=2").len(), 2);
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14, BG-20.
    #[must_use]
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether no member is kept.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tracewire::BaggageRef::lenient(b" \t ").is_empty());
    /// ```
    ///
    /// # Spec
    ///
    /// BG-20.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Length of the header tracewire writes for the kept members.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tracewire::BaggageRef::lenient(b"a = 1 , b=2").encoded_len(), 7);
    /// ```
    ///
    /// # Spec
    ///
    /// BG-23.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        let (n, total) = self
            .iter()
            .fold((0usize, 0usize), |(n, t), m| (n + 1, t + m.encoded_len()));
        total + n.saturating_sub(1)
    }

    /// Writes the kept members as tracewire encodes baggage: bare `,` and
    /// `;`, no OWS, raw values copied.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when the text does not fit; the sink is untouched.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{BaggageRef, SliceSink};
    ///
    /// let b = BaggageRef::lenient(b"key2 = value2 ; p");
    /// let mut buf = [0u8; 32];
    /// let mut sink = SliceSink::new(&mut buf);
    /// assert_eq!(b.write_to(&mut sink), Ok(13));
    /// assert_eq!(sink.as_str(), "key2=value2;p");
    /// ```
    ///
    /// # Spec
    ///
    /// BG-23.
    pub fn write_to<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<usize, CapacityError> {
        let total = self.encoded_len();
        if total > sink.remaining() {
            return Err(CapacityError);
        }
        for (i, m) in self.iter().enumerate() {
            if i > 0 {
                sink.write_str(",")?;
            }
            m.write_parts(&mut |s| sink.write_str(s))?;
        }
        Ok(total)
    }
}

impl fmt::Display for BaggageRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, m) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            fmt::Display::fmt(&m, f)?;
        }
        Ok(())
    }
}

impl fmt::Debug for BaggageRef<'_> {
    /// The members this view yields, as text: `BaggageRef [Member { .. }, ..]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BaggageRef ")?;
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for BaggageRef<'_> {
    /// The members this view yields, as text: `BaggageRef(k=v;p,k2=v2)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "BaggageRef(");
        format_members(f, self.iter());
        defmt::write!(f, ")");
    }
}

/// Writes `members` as text, comma-separated.
#[cfg(feature = "defmt")]
fn format_members(f: defmt::Formatter<'_>, members: Members<'_>) {
    for (i, m) in members.enumerate() {
        if i > 0 {
            defmt::write!(f, ",");
        }
        defmt::Format::format(&m, f);
    }
}

impl PartialEq for BaggageRef<'_> {
    /// Same members (keys, raw values, properties) in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for BaggageRef<'_> {}

impl core::hash::Hash for BaggageRef<'_> {
    /// Hashes the members in order, as [`PartialEq`] compares them.
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        for m in self {
            m.hash(state);
        }
    }
}

impl<'a> TryFrom<&'a [u8]> for BaggageRef<'a> {
    type Error = ParseError;
    /// As [`BaggageRef::parse`] (strict).
    fn try_from(value: &'a [u8]) -> Result<Self, ParseError> {
        Self::parse(value)
    }
}

impl<'a> TryFrom<&'a str> for BaggageRef<'a> {
    type Error = ParseError;
    /// As [`BaggageRef::parse`] (strict).
    fn try_from(value: &'a str) -> Result<Self, ParseError> {
        Self::parse(value.as_bytes())
    }
}

impl<'a> IntoIterator for BaggageRef<'a> {
    type Item = Member<'a>;
    type IntoIter = Members<'a>;
    #[inline]
    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &BaggageRef<'a> {
    type Item = Member<'a>;
    type IntoIter = Members<'a>;
    #[inline]
    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

/// The members of a [`BaggageRef`] (or of an owned
/// [`Baggage`](crate::Baggage)), in order.
///
/// Skips empty and malformed members; stops for good at the first member
/// past the [`Limits`].
///
/// # Examples
///
/// ```
/// use tracewire::BaggageRef;
///
/// let mut it = BaggageRef::lenient(b"a=1, ,b=2").iter();
/// assert_eq!(it.next().unwrap().key(), "a");
/// assert_eq!(it.next().unwrap().key(), "b");
/// assert!(it.next().is_none());
/// ```
///
/// # Spec
///
/// BG-14, BG-15, BG-17, BG-18, BG-20, BG-21.
#[derive(Clone, Debug)]
pub struct Members<'a> {
    /// The field being read.
    field: &'a [u8],
    /// The same field as text, when it is all UTF-8 (one check per field).
    text: Option<&'a str>,
    /// Where the next member starts in `field`.
    off: usize,
    rest: &'a [&'a [u8]],
    /// Offset of `field` in the joined text.
    base: usize,
    kept: usize,
    limits: Limits,
    done: bool,
}

impl<'a> Iterator for Members<'a> {
    type Item = Member<'a>;

    #[inline]
    fn next(&mut self) -> Option<Member<'a>> {
        loop {
            // BG-15 / BG-18: past a limit, every later member is dropped.
            if self.done || self.kept >= self.limits.members {
                self.done = true;
                return None;
            }
            let (off, base) = (self.off, self.base);
            crate::steps::tick();
            // The usual member: one pass, its parts cut from the field's
            // text (indexes in the field).
            if let Some(text) = self.text
                && let Some(p) = parse_member_plain(text, off)
            {
                self.advance(off, p.end);
                // BG-14 / BG-17: measured in the joined text.
                if base + p.end > self.limits.bytes {
                    self.done = true;
                    return None;
                }
                self.kept += 1;
                return Some(Member {
                    key: p.key,
                    value: p.value,
                    props: p.props,
                    plain: true,
                    marks: p.marks,
                });
            }
            match self.next_careful(off, base) {
                Step::Yield(m) => return Some(m),
                Step::Skip => {}
                Step::Stop => return None,
            }
        }
    }
}

impl<'a> Members<'a> {
    /// Moves past the member at `off` that ends at `end` (its `,` or the
    /// end of the field).
    #[inline]
    fn advance(&mut self, off: usize, end: usize) {
        // The member's bytes bound the work of parsing and skipping it.
        crate::steps::add(end - off + 1);
        if end < self.field.len() {
            self.off = end + 1;
        } else if let Some((f, r)) = self.rest.split_first() {
            // BG-19: the next field follows after an implied `,`.
            self.base += self.field.len() + 1;
            self.field = f;
            crate::steps::add(f.len());
            self.text = utf8(f);
            self.off = 0;
            self.rest = r;
        } else {
            self.done = true;
        }
    }

    /// The member at `off`, read with OWS and malformed members in mind
    /// (or from a field that is not all UTF-8).
    #[cold]
    #[inline(never)]
    fn next_careful(&mut self, off: usize, base: usize) -> Step<'a> {
        let (field, field_text) = (self.field, self.text);
        // Parts and end are indexes in `field`; BG-21: a malformed member
        // is skipped up to its comma.
        let (parsed, end) = match parse_member_plain(field, off) {
            Some(plain) => (Some(plain.parts()), plain.end),
            None => parse_member_at(field, off),
        };
        self.advance(off, end);
        // BG-20 skips empty members.
        let Some(p) = parsed else {
            return Step::Skip;
        };
        // BG-14 / BG-17: measured in the joined text, OWS included.
        if base + p.end > self.limits.bytes {
            self.done = true;
            return Step::Stop;
        }
        self.kept += 1;
        Step::Yield(p.member(field, field_text))
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Members<'_> {
    /// The members still to come, as text: `Members(k=v;p,k2=v2)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Members(");
        format_members(f, self.clone());
        defmt::write!(f, ")");
    }
}

impl FusedIterator for Members<'_> {}

/// One list member: key, raw value and properties, all borrowed.
///
/// # Examples
///
/// ```
/// use tracewire::BaggageRef;
///
/// let b = BaggageRef::parse(b"userId=Am%C3%A9lie;p1;p2=x%20y")?;
/// let m = b.iter().next().unwrap();
/// assert_eq!(m.key(), "userId");
/// assert_eq!(m.raw_value(), "Am%C3%A9lie");
/// assert_eq!(m.value(), "Amélie");
/// assert_eq!(m.properties().count(), 2);
/// assert_eq!(m.to_string(), "userId=Am%C3%A9lie;p1;p2=x%20y");
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BG-01..BG-06, BG-09.
#[derive(Clone, Copy)]
pub struct Member<'a> {
    key: &'a str,
    value: &'a str,
    /// From the first `;` to the last non-OWS byte; empty without properties.
    props: &'a str,
    /// No OWS among the properties (they need no trimming).
    plain: bool,
    /// Where the properties split, when the member was read in one pass.
    marks: Marks,
}

impl<'a> Member<'a> {
    /// The key, as received (never decoded).
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k%41=1")?;
    /// assert_eq!(b.iter().next().unwrap().key(), "k%41");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-02.
    #[must_use]
    #[inline]
    pub const fn key(&self) -> &'a str {
        self.key
    }

    /// The value as received, still percent-encoded, without OWS.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"SomeKey=SomeValue=equals")?;
    /// assert_eq!(b.iter().next().unwrap().raw_value(), "SomeValue=equals");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-03, BG-04.
    #[must_use]
    #[inline]
    pub const fn raw_value(&self) -> &'a str {
        self.value
    }

    /// The value, percent-decoded lazily.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k=DF%2028")?;
    /// assert_eq!(b.iter().next().unwrap().value().to_string(), "DF 28");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-09..BG-11.
    #[must_use]
    #[inline]
    pub const fn value(&self) -> PercentDecoded<'a> {
        PercentDecoded::new(self.value)
    }

    /// The properties in order, duplicates included.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k=v;p;p=1;p=2")?;
    /// let props: Vec<_> = b.iter().next().unwrap().properties().map(|p| (p.key(), p.raw_value())).collect();
    /// assert_eq!(props, [("p", None), ("p", Some("1")), ("p", Some("2"))]);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-05, BG-06.
    #[must_use]
    #[inline]
    pub const fn properties(&self) -> Properties<'a> {
        Properties {
            raw: self.props,
            plain: self.plain,
            marks: self.marks,
        }
    }

    /// Length of this member as tracewire writes it (no OWS).
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k = v ; p = 1")?;
    /// assert_eq!(b.iter().next().unwrap().encoded_len(), "k=v;p=1".len());
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-23.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        self.key.len()
            + 1
            + self.value.len()
            + self
                .properties()
                .map(|p| 1 + p.key.len() + p.value.map_or(0, |v| 1 + v.len()))
                .sum::<usize>()
    }

    /// Calls `out` with the pieces of the encoded member, in order.
    pub(crate) fn write_parts<E>(
        &self,
        out: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E> {
        out(self.key)?;
        out("=")?;
        out(self.value)?;
        for p in self.properties() {
            out(";")?;
            out(p.key)?;
            if let Some(v) = p.value {
                out("=")?;
                out(v)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Member<'_> {
    /// The member as tracewire writes it: `key=value;p;p=v`, no OWS (BG-23).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_parts(&mut |s| f.write_str(s))
    }
}

impl fmt::Debug for Member<'_> {
    /// Key, raw value and properties as text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// The properties as a list.
        struct List<'a>(Properties<'a>);
        impl fmt::Debug for List<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.clone()).finish()
            }
        }
        f.debug_struct("Member")
            .field("key", &self.key)
            .field("value", &self.value)
            .field("properties", &List(self.properties()))
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Member<'_> {
    /// The member as tracewire writes it: `key=value;p;p=v`.
    fn format(&self, f: defmt::Formatter<'_>) {
        let Ok(()) = self.write_parts(&mut |s| -> Result<(), core::convert::Infallible> {
            defmt::write!(f, "{=str}", s);
            Ok(())
        });
    }
}

impl PartialEq for Member<'_> {
    /// Same key, same raw value, same properties in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
            && self.value == other.value
            && self.properties().eq(other.properties())
    }
}

impl Eq for Member<'_> {}

impl core::hash::Hash for Member<'_> {
    /// Hashes what [`PartialEq`] compares: key, raw value, properties.
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
        self.value.hash(state);
        for p in self.properties() {
            p.hash(state);
        }
    }
}

/// The properties of a [`Member`], in order.
///
/// # Examples
///
/// ```
/// let b = tracewire::BaggageRef::parse(b"SomeKey \t = \t SomeValue \t ; \t SomeProp")?;
/// let m = b.iter().next().unwrap();
/// let mut props = m.properties();
/// let p = props.next().unwrap();
/// assert_eq!((p.key(), p.raw_value()), ("SomeProp", None));
/// assert!(props.next().is_none());
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BG-01, BG-05, BG-06.
#[derive(Clone, Debug)]
pub struct Properties<'a> {
    raw: &'a str,
    /// No OWS in `raw`.
    plain: bool,
    /// Where the next properties split, if known.
    marks: Marks,
}

impl<'a> Iterator for Properties<'a> {
    type Item = Property<'a>;

    #[inline]
    fn next(&mut self) -> Option<Property<'a>> {
        // `raw` is validated: (`;` OWS key OWS [`=` OWS value OWS])*, and
        // neither a key nor a value holds `;`, `=` (keys) or OWS. So this
        // property runs to the next `;`, its first `=` splits key from
        // value, and OWS sits only at the ends of those two parts.
        let b = self.raw.as_bytes();
        if b.first() != Some(&b';') {
            self.raw = "";
            return None;
        }
        let raw = self.raw;
        // Marked by the one-pass reader: no search, no OWS.
        if let Some(((len, key_len), later)) = self.marks.pop() {
            self.marks = later;
            // Consecutive cuts: one char-boundary check per cut point.
            let (this, rest) = raw.split_at_checked(len).unwrap_or_default();
            let (key, value) = this.split_at_checked(1 + key_len).unwrap_or_default();
            self.raw = rest;
            return Some(Property {
                key: key.get(1..).unwrap_or_default(),
                value: value.get(1..),
            });
        }
        let (eq, end) = split_property(b);
        let (key, value) = if self.plain {
            match eq {
                Some(eq) => (raw.get(1..eq).unwrap_or_default(), raw.get(eq + 1..end)),
                None => (raw.get(1..end).unwrap_or_default(), None),
            }
        } else {
            Self::trimmed(raw, eq, end)
        };
        self.raw = raw.get(end..).unwrap_or_default();
        Some(Property { key, value })
    }
}

impl<'a> Properties<'a> {
    /// Key and value of the property `raw[..end]` (`=` at `eq`) without
    /// the OWS around them.
    #[inline(never)]
    fn trimmed(raw: &'a str, eq: Option<usize>, end: usize) -> (&'a str, Option<&'a str>) {
        match eq {
            Some(eq) => (trim_ows(raw, 1, eq), Some(trim_ows(raw, eq + 1, end))),
            // BG-06: a key-only property is not decoded.
            None => (trim_ows(raw, 1, end), None),
        }
    }
}

/// For validated properties `b` starting with `;`: the index of the first
/// `=` of the first property, if any, and the index of the `;` that starts
/// the next one (or `b.len()`). Eight bytes at a time (SWAR).
#[inline]
fn split_property(b: &[u8]) -> (Option<usize>, usize) {
    let mut i = 1;
    let mut eq = None;
    while let Some(w) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*w);
        let semi = lanes_eq_lowest(x, b';');
        // Little-endian: lane k is byte i + k; both lowest lanes are exact.
        let semi_at = if semi == 0 {
            8
        } else {
            (semi.trailing_zeros() / 8) as usize
        };
        if eq.is_none() {
            let e = lanes_eq_lowest(x, b'=');
            let at = (e.trailing_zeros() / 8) as usize;
            if e != 0 && at < semi_at {
                eq = Some(i + at);
            }
        }
        if semi != 0 {
            return (eq, i + semi_at);
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b';' {
            break;
        }
        if c == b'=' && eq.is_none() {
            eq = Some(i);
        }
        i += 1;
    }
    (eq, i)
}

/// `s[start..end]` without OWS at either end.
#[inline]
fn trim_ows(s: &str, mut start: usize, mut end: usize) -> &str {
    let b = s.as_bytes();
    while start < end
        && let Some(&c) = b.get(start)
        && is_ows(c)
    {
        start += 1;
    }
    while end > start
        && let Some(&c) = b.get(end - 1)
        && is_ows(c)
    {
        end -= 1;
    }
    s.get(start..end).unwrap_or_default()
}

#[cfg(feature = "defmt")]
impl defmt::Format for Properties<'_> {
    /// The properties still to come, as text: `Properties(p;q=v)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Properties(");
        for (i, p) in self.clone().enumerate() {
            if i > 0 {
                defmt::write!(f, ";");
            }
            p.format(f);
        }
        defmt::write!(f, ")");
    }
}

impl FusedIterator for Properties<'_> {}

/// One property of a member: a key and an optional raw value.
///
/// # Examples
///
/// ```
/// let b = tracewire::BaggageRef::parse(b"k=v;p=a%20b")?;
/// let p = b.iter().next().unwrap().properties().next().unwrap();
/// assert_eq!(p.key(), "p");
/// assert_eq!(p.raw_value(), Some("a%20b"));
/// assert_eq!(p.value().unwrap(), "a b");
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// BG-05, BG-06, BG-13 (property values decode like values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Property<'a> {
    key: &'a str,
    value: Option<&'a str>,
}

#[cfg(feature = "defmt")]
impl defmt::Format for Property<'_> {
    /// The property as text: `key` or `key=value` (raw value).
    fn format(&self, f: defmt::Formatter<'_>) {
        if let Some(v) = self.value {
            defmt::write!(f, "{=str}={=str}", self.key, v);
        } else {
            defmt::write!(f, "{=str}", self.key);
        }
    }
}

impl fmt::Display for Property<'_> {
    /// The property as tracewire writes it: `key` or `key=value`, the value
    /// as received (still percent-encoded), no OWS (BG-23).
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k=v; ttl = 60%20s ; internal")?;
    /// let props: Vec<String> = b.iter().next().unwrap().properties().map(|p| p.to_string()).collect();
    /// assert_eq!(props, ["ttl=60%20s", "internal"]);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)?;
        if let Some(v) = self.value {
            f.write_str("=")?;
            f.write_str(v)?;
        }
        Ok(())
    }
}

impl<'a> Property<'a> {
    /// The key, as received.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k=v;ValueProp%20%09%20%3D%20%09%20PropVal")?;
    /// let p = b.iter().next().unwrap().properties().next().unwrap();
    /// assert_eq!(p.key(), "ValueProp%20%09%20%3D%20%09%20PropVal");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-06.
    #[must_use]
    #[inline]
    pub const fn key(&self) -> &'a str {
        self.key
    }

    /// The raw value; `None` for a key-only property.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k=v;a;b=")?;
    /// let vals: Vec<_> = b.iter().next().unwrap().properties().map(|p| p.raw_value()).collect();
    /// assert_eq!(vals, [None, Some("")]);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-05.
    #[must_use]
    #[inline]
    pub const fn raw_value(&self) -> Option<&'a str> {
        self.value
    }

    /// The value, percent-decoded lazily; `None` for a key-only property.
    ///
    /// # Examples
    ///
    /// ```
    /// let b = tracewire::BaggageRef::parse(b"k=v;p=%C3%A9")?;
    /// let p = b.iter().next().unwrap().properties().next().unwrap();
    /// assert_eq!(p.value().unwrap(), "é");
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// BG-13.
    #[must_use]
    #[inline]
    pub fn value(&self) -> Option<PercentDecoded<'a>> {
        self.value.map(PercentDecoded::new)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::unwrap_used)]
    extern crate std;
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    /// Properties as (key, raw value) pairs.
    fn props(m: &Member<'_>) -> Vec<(String, Option<String>)> {
        m.properties()
            .map(|p| (p.key().into(), p.raw_value().map(Into::into)))
            .collect()
    }

    /// The one-pass reader on a field's text and on its bytes: every string
    /// of up to five pieces (delimiters, OWS, key and value bytes, `%`, a
    /// two-byte character, a byte no member may hold) at every start
    /// offset gives the same verdict, the same parts and marks, and where
    /// it accepts, the careful reader's parts (BG-01..BG-06).
    #[test]
    fn plain_reader_agrees_on_text_and_bytes() {
        let pieces = ["k", "=", ";", ",", " ", "\t", "%", "\u{e9}", "\"", "v1"];
        let mut texts = std::vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &last {
                for p in pieces {
                    next.push(std::format!("{t}{p}"));
                }
            }
            texts.extend(next.iter().cloned());
            last = next;
        }
        let parts = |p: Parts| (p.key, p.value, p.props, p.end, p.plain);
        for text in &texts {
            for start in 0..=text.len() {
                let on_text = parse_member_plain(text.as_str(), start);
                let on_bytes = parse_member_plain(text.as_bytes(), start);
                assert_eq!(on_text.is_some(), on_bytes.is_some(), "{text:?} at {start}");
                if let (Some(on_text), Some(on_bytes)) = (on_text, on_bytes) {
                    let at = std::format!("{text:?} at {start}");
                    assert_eq!(on_text.key.as_bytes(), on_bytes.key, "{at}");
                    assert_eq!(on_text.value.as_bytes(), on_bytes.value, "{at}");
                    assert_eq!(on_text.props.as_bytes(), on_bytes.props, "{at}");
                    assert_eq!(on_text.marks.0, on_bytes.marks.0, "{at}");
                    let want = parts(on_bytes.parts());
                    assert_eq!(parts(on_text.parts()), want, "{at}");
                    // The careful reader, from the same start, agrees (its
                    // indexes count from `start`, and it marks nothing
                    // plain).
                    let (full, end) = parse_member_full(&text.as_bytes()[start..]).unwrap();
                    let full = full.unwrap().shifted(start);
                    assert_eq!(
                        (full.key, full.value, full.props, full.end, start + end),
                        (want.0, want.1, want.2, want.3, want.3),
                        "{at}"
                    );
                }
            }
        }
    }

    /// The one-pass reader marks the first properties of a member, up to
    /// [`MARKS`] and up to the first one of 256 bytes or more; the rest,
    /// and members with OWS, are searched instead. All give the same
    /// properties as the careful reader (the same member with OWS around
    /// its last `;`).
    #[test]
    fn marked_and_searched_properties_agree() {
        let long = "v".repeat(300);
        // `;k=` and 252 bytes is the longest property a mark holds (255).
        let (fits, over) = ("w".repeat(252), "w".repeat(253));
        let shapes: [&[(&str, Option<&str>)]; 11] = [
            &[
                ("a", None),
                ("k", Some(&long)),
                ("b", Some("2")),
                ("c", None),
            ],
            &[("k", Some(&fits)), ("b", Some("2"))],
            &[("k", Some(&over)), ("b", Some("2"))],
            &[
                ("a", Some("1")),
                ("b", None),
                ("c", Some("3")),
                ("d", None),
                ("e", Some("5")),
                ("f", None),
            ],
            &[],
            &[("p", None)],
            &[
                ("ttl", Some("00")),
                ("region", Some("eu-west-1")),
                ("internal", None),
            ],
            &[
                ("a", Some("")),
                ("b", Some("x=y")),
                ("c", None),
                ("d", Some("1")),
            ],
            &[("k", Some(&long)), ("q", None)],
            &[("q", None), ("k", Some(&long))],
            &[
                ("a", None),
                ("b", None),
                ("c", None),
                ("d", None),
                ("e", Some("%20")),
            ],
        ];
        for shape in shapes {
            let mut plain = String::from("key=v%20al");
            for (k, v) in shape {
                plain.push(';');
                plain.push_str(k);
                if let Some(v) = v {
                    plain.push('=');
                    plain.push_str(v);
                }
            }
            let want: Vec<(String, Option<String>)> = shape
                .iter()
                .map(|(k, v)| ((*k).into(), v.map(Into::into)))
                .collect();
            let spaced = plain.replacen(';', " ; ", 1);
            for text in [plain.clone(), spaced, std::format!("a=1,{plain},b=2")] {
                let b = BaggageRef::parse(text.as_bytes()).unwrap();
                let m = b.get("key").unwrap();
                assert_eq!(m.raw_value(), "v%20al", "{text}");
                assert_eq!(props(&m), want, "{text}");
                // A clone part-way through goes on from the same property.
                let mut it = m.properties();
                if it.next().is_some() {
                    let rest: Vec<_> = it.clone().collect();
                    assert_eq!(rest, it.collect::<Vec<_>>(), "{text}");
                }
            }
        }
    }
}
