//! The percent codec of baggage values and property values (BG-09..BG-13).

use core::fmt::{self, Write};
use core::iter::FusedIterator;

use super::grammar::{HI, escape_lanes, is_octet, lanes_eq_lowest};
use crate::CapacityError;
use crate::hex::{decode_byte_any_case, digit_upper};

/// A percent-encoded value, read lazily: bytes, `char`s, `Display`, or a
/// copy into a caller's buffer. Nothing is allocated.
///
/// `%` followed by two hex digits of either case is one byte; a `%` without
/// two hex digits after it stays a literal `%`. The decoded bytes are read as
/// UTF-8, and each maximal ill-formed subsequence becomes one U+FFFD, exactly
/// as [`String::from_utf8_lossy`] does.
///
/// Comparison (`==`) with a `str` or another `PercentDecoded` compares the
/// decoded text.
///
/// [`String::from_utf8_lossy`]: https://doc.rust-lang.org/std/string/struct.String.html#method.from_utf8_lossy
///
/// # Examples
///
/// ```
/// use tracewire::baggage::PercentDecoded;
///
/// let v = PercentDecoded::new("Am%C3%A9lie");
/// assert_eq!(v, "Amélie");
/// assert_eq!(v.to_string(), "Amélie");
/// let mut buf = [0u8; 16];
/// assert_eq!(v.decode_into(&mut buf), Ok("Amélie"));
/// assert_eq!(v.decoded_len(), 7);
/// assert_eq!(PercentDecoded::new("%C3%28").chars().collect::<String>(), "\u{FFFD}(");
/// assert_eq!(PercentDecoded::new("50%").to_string(), "50%");
/// ```
///
/// # Spec
///
/// BG-09 (both hex cases, no allocation, "too small" instead of truncation),
/// BG-10 (U+FFFD per maximal ill-formed subsequence), BG-11 (chosen: a `%`
/// without two hex digits is kept literally).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PercentDecoded<'a> {
    raw: &'a str,
}

impl<'a> PercentDecoded<'a> {
    /// Wraps a raw (still encoded) value.
    ///
    /// Any text is accepted: what is not `%XX` passes through as it is.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::PercentDecoded;
    /// assert_eq!(PercentDecoded::new("DF%2028"), "DF 28");
    /// ```
    ///
    /// # Spec
    ///
    /// BG-09.
    #[must_use]
    #[inline]
    pub const fn new(raw: &'a str) -> Self {
        Self { raw }
    }

    /// The raw, still encoded bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::PercentDecoded;
    /// assert_eq!(PercentDecoded::new("a%20b").raw(), "a%20b");
    /// ```
    ///
    /// # Spec
    ///
    /// BG-09.
    #[must_use]
    pub const fn raw(&self) -> &'a str {
        self.raw
    }

    /// The decoded bytes, before the UTF-8 step.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::PercentDecoded;
    /// assert!(PercentDecoded::new("%ff%4a%zz").bytes().eq([0xFF, b'J', b'%', b'z', b'z']));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-09, BG-11.
    #[must_use]
    pub const fn bytes(&self) -> DecodedBytes<'a> {
        DecodedBytes {
            raw: self.raw.as_bytes(),
        }
    }

    /// The decoded text as `char`s (ill-formed UTF-8 as U+FFFD).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::PercentDecoded;
    /// assert!(PercentDecoded::new("a%E2%82%ACb").chars().eq("a€b".chars()));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-09, BG-10.
    #[must_use]
    pub const fn chars(&self) -> DecodedChars<'a> {
        DecodedChars {
            bytes: self.bytes(),
        }
    }

    /// Length in bytes of the decoded UTF-8 text.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::baggage::PercentDecoded;
    /// assert_eq!(PercentDecoded::new("%FF").decoded_len(), 3); // U+FFFD
    /// ```
    ///
    /// # Spec
    ///
    /// BG-09, BG-10.
    #[must_use]
    pub fn decoded_len(&self) -> usize {
        if !has_percent(self.raw.as_bytes()) {
            return self.raw.len();
        }
        self.chars().map(char::len_utf8).sum()
    }

    /// Returns the decoded text, written to the front of `buf` when there is
    /// something to decode.
    ///
    /// A value without `%` decodes to itself: the raw text is returned as it
    /// is and `buf` is not written (no copy). Otherwise the decoded text is
    /// written to the front of `buf` and that part of `buf` is returned.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when the decoded text is longer than `buf`, in both
    /// cases (so a buffer that suits one value suits every value of that
    /// length); nothing is ever cut short (the bytes of `buf` are then
    /// unspecified).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{CapacityError, baggage::PercentDecoded};
    ///
    /// let v = PercentDecoded::new("DF%2028");
    /// let mut buf = [0u8; 5];
    /// assert_eq!(v.decode_into(&mut buf), Ok("DF 28"));
    /// assert_eq!(v.decode_into(&mut buf[..4]), Err(CapacityError));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-09 ("too small" instead of truncation), BG-10.
    #[inline]
    pub fn decode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, CapacityError>
    where
        'a: 'b,
    {
        let raw = self.raw.as_bytes();
        if !has_percent(raw) {
            return if raw.len() <= buf.len() {
                Ok(self.raw)
            } else {
                Err(CapacityError)
            };
        }
        self.decode_escaped_into(buf)
    }

    /// [`decode_into`](Self::decode_into) of a value with a `%`: out of
    /// line, so the check above stays small enough to inline.
    #[inline(never)]
    fn decode_escaped_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, CapacityError> {
        let raw = self.raw.as_bytes();
        // A value of fewer than eight bytes (`DF%2028`) into a buffer of
        // eight or more: one word, in registers.
        let decoded = if let Some(w) = short_word(raw)
            && let Some(dst) = buf.first_chunk_mut::<8>()
        {
            // The decoded bytes are in the low lanes of `dst` and the lanes
            // above are zero: no high bit means ASCII, so no span is tracked.
            let n = decode_last(w, raw.len(), dst, 0, &mut HighSpan::new());
            let valid = u64::from_le_bytes(*dst) & HI == 0
                || dst
                    .get(..n)
                    .is_some_and(|d| core::str::from_utf8(d).is_ok());
            Some((n, valid))
        } else {
            // Decode the bytes, copying the runs between escapes whole;
            // most values are valid UTF-8 and are then done. The decoder
            // notes where the escaped high bytes went, so one conversion
            // suffices.
            decode_bytes_into(raw, buf)
        };
        match decoded {
            Some((n, true)) => match buf.get(..n).map(core::str::from_utf8) {
                Some(Ok(s)) => Ok(s),
                _ => Err(CapacityError),
            },
            // The bytes do not fit: the lossy text is never shorter (each
            // U+FFFD replaces at least one byte with three, or three with
            // three), so it does not fit either.
            None => Err(CapacityError),
            Some((_, false)) => self.decode_lossy_into(buf),
        }
    }

    /// Slow path of [`decode_into`](Self::decode_into): `char` by `char`.
    #[cold]
    fn decode_lossy_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, CapacityError> {
        let total = self.decoded_len();
        if total > buf.len() {
            return Err(CapacityError);
        }
        let mut n = 0;
        for c in self.chars() {
            let end = n + c.len_utf8();
            let Some(slot) = buf.get_mut(n..end) else {
                return Err(CapacityError);
            };
            c.encode_utf8(slot);
            n = end;
        }
        match buf.get(..n).map(core::str::from_utf8) {
            Some(Ok(s)) => Ok(s),
            _ => Err(CapacityError),
        }
    }
}

impl fmt::Display for PercentDecoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.raw.contains('%') {
            return f.write_str(self.raw);
        }
        for c in self.chars() {
            f.write_char(c)?;
        }
        Ok(())
    }
}

impl PartialEq for PercentDecoded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.chars().eq(other.chars())
    }
}

impl Eq for PercentDecoded<'_> {}

impl core::hash::Hash for PercentDecoded<'_> {
    /// Hashes the decoded text, which is what [`PartialEq`] compares: `a%20b`
    /// and `a b` hash alike. A final `0xFF` byte (never in UTF-8) ends the
    /// text, as `str`'s hash does, so `("ab", "c")` and `("a", "bc")` in a
    /// tuple hash apart.
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        for c in self.chars() {
            c.hash(state);
        }
        state.write_u8(0xFF);
    }
}

impl PartialEq<str> for PercentDecoded<'_> {
    fn eq(&self, other: &str) -> bool {
        self.chars().eq(other.chars())
    }
}

impl PartialEq<&str> for PercentDecoded<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.chars().eq(other.chars())
    }
}

/// The bytes of a [`PercentDecoded`] value, `%XX` turned into one byte.
///
/// # Examples
///
/// ```
/// use tracewire::baggage::PercentDecoded;
/// assert!(PercentDecoded::new("%41%").bytes().eq(*b"A%"));
/// ```
///
/// # Spec
///
/// BG-09, BG-11.
#[derive(Clone, Debug)]
pub struct DecodedBytes<'a> {
    raw: &'a [u8],
}

impl Iterator for DecodedBytes<'_> {
    type Item = u8;

    #[inline]
    fn next(&mut self) -> Option<u8> {
        // BG-09: `%` and two hex digits of either case are one byte.
        if let [b'%', hi, lo, rest @ ..] = self.raw
            && let Some(v) = decode_byte_any_case(*hi, *lo)
        {
            self.raw = rest;
            return Some(v);
        }
        // BG-11: anything else, a lone `%` included, is itself.
        let (b, rest) = self.raw.split_first()?;
        self.raw = rest;
        Some(*b)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.raw.len().div_ceil(3), Some(self.raw.len()))
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for DecodedBytes<'_> {
    /// The still-encoded rest: `DecodedBytes(b"a%20b")`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "DecodedBytes({=[u8]:a})", self.raw);
    }
}

impl FusedIterator for DecodedBytes<'_> {}

/// The `char`s of a [`PercentDecoded`] value; ill-formed UTF-8 is U+FFFD, one
/// per maximal ill-formed subsequence.
///
/// # Examples
///
/// ```
/// use tracewire::baggage::PercentDecoded;
/// assert_eq!(PercentDecoded::new("%E2%82").chars().collect::<String>(), "\u{FFFD}");
/// ```
///
/// # Spec
///
/// BG-10.
#[derive(Clone, Debug)]
pub struct DecodedChars<'a> {
    bytes: DecodedBytes<'a>,
}

impl DecodedChars<'_> {
    /// Takes the next byte if it lies in `lo..=hi`.
    #[inline]
    fn take_cont(&mut self, lo: u8, hi: u8) -> Option<u8> {
        let mut peek = self.bytes.clone();
        match peek.next() {
            Some(b) if (lo..=hi).contains(&b) => {
                self.bytes = peek;
                Some(b)
            }
            _ => None,
        }
    }
}

/// For a UTF-8 lead byte: how many continuation bytes follow, and the range
/// the first of them must fall in (BG-10: the well-formed table of Unicode
/// ch. 3, table 3-7); `None` for a byte that cannot start a sequence.
#[inline]
const fn utf8_lead(b: u8) -> Option<(u8, u8, u8)> {
    Some(match b {
        0xC2..=0xDF => (1, 0x80, 0xBF),
        0xE0 => (2, 0xA0, 0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
        0xED => (2, 0x80, 0x9F),
        0xF0 => (3, 0x90, 0xBF),
        0xF1..=0xF3 => (3, 0x80, 0xBF),
        0xF4 => (3, 0x80, 0x8F),
        _ => return None,
    })
}

impl Iterator for DecodedChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let b0 = self.bytes.next()?;
        if b0 < 0x80 {
            return Some(char::from(b0));
        }
        // BG-10: the well-formed table of Unicode ch. 3 (table 3-7). The
        // first continuation byte has a range that depends on the lead; a
        // byte outside it ends the ill-formed subsequence and is not taken.
        let Some((need, lo, hi)) = utf8_lead(b0) else {
            return Some(char::REPLACEMENT_CHARACTER);
        };
        let mask: u8 = match need {
            1 => 0x1F,
            2 => 0x0F,
            _ => 0x07,
        };
        let mut cp = u32::from(b0 & mask);
        let Some(b1) = self.take_cont(lo, hi) else {
            return Some(char::REPLACEMENT_CHARACTER);
        };
        cp = (cp << 6) | u32::from(b1 & 0x3F);
        let mut left = need - 1;
        while left > 0 {
            let Some(b) = self.take_cont(0x80, 0xBF) else {
                return Some(char::REPLACEMENT_CHARACTER);
            };
            cp = (cp << 6) | u32::from(b & 0x3F);
            left -= 1;
        }
        Some(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (lo, hi) = self.bytes.size_hint();
        (lo.div_ceil(4), hi)
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for DecodedChars<'_> {
    /// The still-encoded rest: `DecodedChars(b"a%20b")`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "DecodedChars({=[u8]:a})", self.bytes.raw);
    }
}

impl FusedIterator for DecodedChars<'_> {}

/// Where the escaped bytes of `0x80` and up went in the output: the only
/// bytes that can make the decoded text ill-formed UTF-8.
///
/// The raw text is a `str` cut only before a `%` and after its two digits
/// (ASCII), so every run of raw bytes copied is whole UTF-8 sequences: it
/// can neither complete an escaped sequence nor be completed by one. The
/// bytes before the first high escaped byte and after the last one are
/// therefore whole characters, and the output is valid UTF-8 exactly when
/// the span between them is.
#[derive(Clone, Copy)]
struct HighSpan {
    start: usize,
    end: usize,
}

impl HighSpan {
    const fn new() -> Self {
        Self {
            start: usize::MAX,
            end: 0,
        }
    }

    /// The escaped byte `b` went to `out[at]`.
    #[inline]
    fn escaped(&mut self, b: u8, at: usize) {
        if b >= 0x80 {
            self.start = self.start.min(at);
            self.end = at + 1;
        }
    }

    /// Whether `out` (the whole output) is valid UTF-8.
    #[inline]
    fn valid(self, out: &[u8]) -> bool {
        self.start >= self.end
            || out
                .get(self.start..self.end)
                .is_some_and(|span| core::str::from_utf8(span).is_ok())
    }
}

/// Whether `raw` holds a `%`, eight bytes at a time (SWAR), without a
/// loop over the last fewer than eight.
#[inline]
fn has_percent(raw: &[u8]) -> bool {
    let pct = |w: u64| lanes_eq_lowest(w, b'%') != 0;
    let mut rest = raw;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        if pct(u64::from_le_bytes(*word)) {
            return true;
        }
        rest = tail;
    }
    // The last fewer than eight: the last eight bytes of `raw`, which
    // repeats bytes already tested (harmless); or, in a shorter `raw`, its
    // first four and last four (which may overlap), or its first, middle
    // and last byte.
    let word = if let Some(last) = raw.last_chunk::<8>() {
        if rest.is_empty() {
            return false;
        }
        u64::from_le_bytes(*last)
    } else if let (Some(lo), Some(hi)) = (raw.first_chunk::<4>(), raw.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*lo)) | u64::from(u32::from_le_bytes(*hi)) << 32
    } else {
        let [a, ..] = *raw else {
            return false;
        };
        let mid = raw.get(raw.len() / 2).copied().unwrap_or(a);
        let last = raw.last().copied().unwrap_or(a);
        u64::from(a) | u64::from(mid) << 8 | u64::from(last) << 16
    };
    pct(word)
}

/// The front of [`decode_bytes_into`]: while sixteen bytes of `raw` and
/// eight of `out` are left, stores a word of `raw` whole and moves on to its
/// first `%` (past all eight without one), where the escape, whose digits
/// are then among the sixteen, is decoded over the stored `%`, and a second
/// escape right after it too. Returns how much of `out` is written and the
/// rest of `raw`.
///
/// Both sides shrink as slices and the digits are read from the fixed
/// sixteen bytes, so the loop holds few values and few bounds checks. The
/// second escape saves a trip round the loop, whose next word waits on
/// where this one ended (measured: a few percent of the 8 KB extract).
#[inline]
fn decode_front<'r>(raw: &'r [u8], out: &mut [u8], high: &mut HighSpan) -> (usize, &'r [u8]) {
    let len = out.len();
    let mut rest = raw;
    let mut dst = out;
    while let Some(chunk) = rest.first_chunk::<16>()
        && let done = len - dst.len()
        && let Some(word) = dst.first_chunk_mut::<8>()
    {
        let Some(&w) = chunk.first_chunk::<8>() else {
            break;
        };
        *word = w;
        let pct = lanes_eq_lowest(u64::from_le_bytes(w), b'%');
        // Little-endian: lane i is byte i; the lowest `%` lane is exact.
        // Without one, the whole word; at a `%`, what comes before it and
        // the `%` itself (overwritten by its byte when it is an escape).
        let (took, gave) = if pct == 0 {
            (8, 8)
        } else {
            let at = (pct.trailing_zeros() / 8) as usize & 7;
            // BG-09: `%` + two hex digits of either case; BG-11: else the
            // `%` stays a literal.
            match (chunk.get(at + 1), chunk.get(at + 2), word.get_mut(at)) {
                (Some(&hi), Some(&lo), Some(slot))
                    if let Some(v) = decode_byte_any_case(hi, lo) =>
                {
                    *slot = v;
                    if v >= 0x80 {
                        high.escaped(v, done + at);
                    }
                    // A second escape right after it (`%C3%A9`), from the
                    // same chunk into the same word.
                    match (chunk.get(at + 3..at + 6), word.get_mut(at + 1)) {
                        (Some(&[b'%', hi, lo]), Some(slot))
                            if let Some(v) = decode_byte_any_case(hi, lo) =>
                        {
                            *slot = v;
                            if v >= 0x80 {
                                high.escaped(v, done + at + 1);
                            }
                            (at + 6, at + 2)
                        }
                        _ => (at + 3, at + 1),
                    }
                }
                _ => (at + 1, at + 1),
            }
        };
        rest = rest.get(took..).unwrap_or_default();
        dst = core::mem::take(&mut dst)
            .get_mut(gave..)
            .unwrap_or_default();
    }
    (len - dst.len(), rest)
}

/// Percent-decodes `raw` (the bytes of a `str`) to the front of `out`;
/// returns the length and whether the result is valid UTF-8, or `None` when
/// it does not fit. [`decode_front`] takes all but the last bytes.
#[inline]
fn decode_bytes_into(raw: &[u8], out: &mut [u8]) -> Option<(usize, bool)> {
    let mut high = HighSpan::new();
    let (mut n, mut rest) = decode_front(raw, out, &mut high);
    loop {
        // The last fewer than sixteen bytes, eight at a time while both
        // sides have room: store the whole word, keep the bytes before the
        // first `%` (all eight without one), and decode that `%` from the
        // word when its two digits are in it too.
        while let Some((word, tail)) = rest.split_first_chunk::<8>()
            && let Some(dst) = out.get_mut(n..).and_then(<[u8]>::first_chunk_mut::<8>)
        {
            *dst = *word;
            let w = u64::from_le_bytes(*word);
            let pct = lanes_eq_lowest(w, b'%');
            if pct == 0 {
                n += 8;
                rest = tail;
                continue;
            }
            // Little-endian: lane i is byte i; the lowest `%` lane is exact.
            let at = (pct.trailing_zeros() / 8) as usize;
            if at > 5 {
                // The digits run into the next word: one step below.
                n += at;
                rest = rest.get(at..).unwrap_or_default();
                break;
            }
            // BG-09: `%` + two hex digits of either case; BG-11: else the
            // `%` stays a literal. Escapes in a row (`%C3%A9`) are decoded
            // from the same word while their digits are in it: `src` is the
            // lane of the `%`, `to` the lane its byte goes to.
            let (mut src, mut to) = (at, at);
            loop {
                let escape = match (word.get(src + 1), word.get(src + 2)) {
                    (Some(&hi), Some(&lo)) => decode_byte_any_case(hi, lo),
                    _ => None,
                };
                let Some(slot) = dst.get_mut(to) else {
                    break;
                };
                let Some(v) = escape else {
                    *slot = b'%';
                    (src, to) = (src + 1, to + 1);
                    break;
                };
                *slot = v;
                high.escaped(v, n + to);
                (src, to) = (src + 3, to + 1);
                if src > 5 || word.get(src) != Some(&b'%') {
                    break;
                }
            }
            n += to;
            rest = rest.get(src..).unwrap_or_default();
        }
        let [b, tail @ ..] = rest else {
            return Some((n, high.valid(out.get(..n)?)));
        };
        // The last fewer than eight bytes, with room for a word: decoded
        // in one register.
        if let Some(w) = short_word(rest)
            && let Some(dst) = out.get_mut(n..).and_then(<[u8]>::first_chunk_mut::<8>)
        {
            n += decode_last(w, rest.len(), dst, n, &mut high);
            return Some((n, high.valid(out.get(..n)?)));
        }
        // Near the end of `out`, or digits in the next word: one byte, or
        // one escape, at a time.
        let slot = out.get_mut(n)?;
        if *b == b'%'
            && let [hi, lo, more @ ..] = tail
            && let Some(v) = decode_byte_any_case(*hi, *lo)
        {
            *slot = v;
            high.escaped(v, n);
            rest = more;
        } else {
            *slot = *b;
            rest = tail;
        }
        n += 1;
    }
}

/// `s` as a little-endian word when it holds one to seven bytes: lane `i`
/// is `s[i]` and the lanes above are zero. Read as two overlapping halves
/// (the bytes they share are the same in both), or byte by byte below
/// four, without a copy. `None` for an empty `s` or eight bytes or more.
#[inline]
fn short_word(s: &[u8]) -> Option<u64> {
    let len = s.len();
    if len >= 8 {
        return None;
    }
    if let (Some(lo), Some(hi)) = (s.first_chunk::<4>(), s.last_chunk::<4>()) {
        // `len - 4` is 0..=3, so the shift is at most 24.
        let hi = u64::from(u32::from_le_bytes(*hi)) << (8 * (len - 4));
        return Some(u64::from(u32::from_le_bytes(*lo)) | hi);
    }
    match *s {
        [a] => Some(u64::from(a)),
        [a, b] => Some(u64::from(a) | u64::from(b) << 8),
        [a, b, c] => Some(u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16),
        _ => None,
    }
}

/// Percent-decodes the `len` (below eight) bytes in the low lanes of `w`,
/// the last ones of the raw value, into the word `dst`, which stands at
/// `at` in the output; returns how many bytes of `dst` are the text. The
/// rest of `dst` is written too, with zeros: callers rely on that to test
/// the whole word for high bytes at once.
///
/// The lanes of `w` above `len` are zero, which is not a hex digit, so a
/// `%` in one of the last two lanes stays a literal (BG-11), as it must at
/// the end of the value.
#[inline]
fn decode_last(
    mut w: u64,
    mut len: usize,
    dst: &mut [u8; 8],
    at: usize,
    high: &mut HighSpan,
) -> usize {
    let mut out = 0u64;
    let mut n = 0;
    loop {
        // The zero lanes are not `%` (and borrow nothing), so the lowest
        // flagged lane is a `%` below `len`, if any.
        let pct = lanes_eq_lowest(w, b'%');
        if pct == 0 {
            // `n + len` is at most the `len` this call began with, below 8.
            out |= w << (8 * (n & 7));
            n += len;
            break;
        }
        // Little-endian: lane i is byte i; `p < len <= 7`.
        let p = (pct.trailing_zeros() / 8) as usize & 7;
        // The bytes before the `%`, as they are.
        out |= (w & ((1u64 << (8 * p)) - 1)) << (8 * (n & 7));
        n += p;
        let [_, hi, lo, ..] = (w >> (8 * p)).to_le_bytes();
        // BG-09: `%` + two hex digits of either case; BG-11: else the `%`
        // stays a literal.
        let (v, took) = match decode_byte_any_case(hi, lo) {
            Some(v) => {
                high.escaped(v, at + n);
                (v, p + 3)
            }
            None => (b'%', p + 1),
        };
        out |= u64::from(v) << (8 * (n & 7));
        n += 1;
        // `took <= len <= 7`: digits were found only below `len`.
        w >>= 8 * (took & 7);
        len -= took;
    }
    *dst = out.to_le_bytes();
    n
}

/// Whether `b` is written as `%XX` (BG-12: not a baggage-octet, or `%`).
#[inline]
#[must_use]
fn needs_escape(b: u8) -> bool {
    b == b'%' || !is_octet(b)
}

/// Length of `value` once percent-encoded (BG-12): two more bytes per
/// escaped byte, counted a word at a time (the escape mask is exact in
/// every lane).
#[inline]
#[must_use]
pub(crate) fn encoded_len(value: &[u8]) -> usize {
    let (words, tail) = value.as_chunks::<8>();
    let escaped: usize = words
        .iter()
        .map(|w| escape_lanes(u64::from_le_bytes(*w)).count_ones() as usize)
        .sum::<usize>()
        + tail.iter().filter(|&&b| needs_escape(b)).count();
    value.len() + 2 * escaped
}

/// `byte` written as `%XX` (BG-12: upper-case hex).
#[inline]
const fn escaped(byte: u8) -> [u8; 3] {
    [b'%', digit_upper(byte >> 4), digit_upper(byte)]
}

/// Percent-encodes `value` to the front of `out`; returns the bytes written,
/// or `None` (with `out` partly written) when it does not fit.
pub(crate) fn encode_into(value: &[u8], out: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    let mut rest = value;
    // A word at a time while eight bytes of input and 24 of room (three per
    // byte) are left; the escape mask says which lanes become `%XX`.
    while let (Some((word, after)), Some(dst)) = (
        rest.split_first_chunk::<8>(),
        out.get_mut(n..).and_then(<[u8]>::first_chunk_mut::<24>),
    ) {
        let escape = escape_lanes(u64::from_le_bytes(*word));
        if escape == 0 {
            if let Some(plain) = dst.first_chunk_mut::<8>() {
                *plain = *word;
            }
            n += 8;
        } else {
            let mut m = 0;
            for (i, &byte) in word.iter().enumerate() {
                if escape >> (8 * i + 7) & 1 != 0 {
                    if let Some([pct, hi, lo]) = dst.get_mut(m..m + 3) {
                        [*pct, *hi, *lo] = escaped(byte);
                    }
                    m += 3;
                } else {
                    if let Some(slot) = dst.get_mut(m) {
                        *slot = byte;
                    }
                    m += 1;
                }
            }
            n += m;
        }
        rest = after;
    }
    for &byte in rest {
        if needs_escape(byte) {
            let [pct, hi, lo] = out.get_mut(n..n + 3)? else {
                return None;
            };
            [*pct, *hi, *lo] = escaped(byte);
            n += 3;
        } else {
            *out.get_mut(n)? = byte;
            n += 1;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::unwrap_used)]
    extern crate std;
    use super::*;
    use std::format;

    /// `decode_into` gives what `String::from_utf8_lossy` makes of the
    /// decoded bytes.
    fn assert_decodes_as_lossy(raw: &str, buf: &mut [u8]) {
        let bytes: std::vec::Vec<u8> = PercentDecoded::new(raw).bytes().collect();
        let want = std::string::String::from_utf8_lossy(&bytes);
        assert_eq!(
            PercentDecoded::new(raw).decode_into(buf).unwrap(),
            want,
            "{raw}"
        );
    }

    /// All 65,536 escaped byte pairs, alone and between raw text (short, and
    /// long enough for the word loop), decode as `String::from_utf8_lossy`
    /// reads the same bytes (BG-10).
    #[test]
    fn every_escaped_pair_matches_from_utf8_lossy() {
        let mut buf = [0u8; 64];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for (pre, post) in [
                    ("", ""),
                    ("x", "yz"),
                    ("\u{e9}", "%e9"),
                    // Long enough for the word loop: both escapes in one
                    // step from lane 0, and from lane 5 (digits across).
                    ("0123456789abcdef", "0123456789abcdef"),
                    ("0123456789abcdefghijk", "%41ijklmnopqrstuv"),
                ] {
                    let raw = format!("{pre}%{a:02X}%{b:02x}{post}");
                    assert_decodes_as_lossy(&raw, &mut buf);
                }
            }
        }
    }

    /// The eight-byte word path: an escape of every byte value starting in
    /// every lane (and across two words), after raw text, before raw text,
    /// another escape or a lone `%`, decodes as `String::from_utf8_lossy`
    /// reads the same bytes (BG-09..BG-11).
    #[test]
    fn escapes_in_every_lane_match_from_utf8_lossy() {
        let mut buf = [0u8; 64];
        let posts = [
            "",
            "tail of text",
            "%80%BFxyz and more",
            "%A9",
            "%zz, then more text",
            "\u{e9}\u{20ac} text after",
            "%4",
            "%",
        ];
        for pre in 0..=24 {
            for b in 0..=255u8 {
                for post in posts {
                    let pre: std::string::String = "abcdefghij\u{e9}klmnopqrstuvwxyz"
                        .chars()
                        .take(pre)
                        .collect();
                    let raw = format!("{pre}%{b:02X}{post}");
                    assert_decodes_as_lossy(&raw, &mut buf);
                }
            }
        }
    }

    /// `decode_into` of values built from escapes, lone `%`s, ill-formed
    /// and multi-byte sequences and plain text, at every length up to 64
    /// bytes (so the word loop over sixteen raw bytes, the tail loop and
    /// the switch between them all run) and into every buffer size from
    /// empty to roomy: the text the `char` path gives, or `CapacityError`
    /// exactly when that text does not fit (BG-09..BG-11).
    #[test]
    fn decode_into_matches_chars_at_every_buffer_size() {
        let pieces = [
            "a",
            "bc",
            "%",
            "%4",
            "%41",
            "%C3%A9",
            "%e2%82%ac",
            "%ff",
            "%zz",
            "\u{e9}",
            "%%",
            "x%2",
            "%20%20",
            "\u{20ac}",
            "%F0%9F%98%80",
            "%ED%A0%80",
            "0123456789",
            "%C3",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap()
        };
        for _ in 0..4000 {
            let mut raw = std::string::String::new();
            let target = next(64);
            while raw.len() < target {
                raw.push_str(pieces[next(pieces.len())]);
            }
            let v = PercentDecoded::new(&raw);
            let want: std::string::String = v.chars().collect();
            assert_eq!(v.decoded_len(), want.len(), "{raw}");
            for size in 0..=want.len() + 9 {
                let mut buf = std::vec![0xA5u8; size];
                match v.decode_into(&mut buf) {
                    Ok(got) => assert_eq!(got, want, "{raw} into {size}"),
                    Err(CapacityError) => assert!(want.len() > size, "{raw} into {size}"),
                }
            }
        }
    }

    /// Every byte value at every position of values of every length up to
    /// twenty (so the word loop, the last word read from the end and the
    /// two overlapping halves all run), beside `%` or plain bytes: the `%`
    /// test agrees with a byte search.
    #[test]
    fn has_percent_matches_a_byte_search_for_every_byte_at_every_position() {
        for fill in [b'a', b'%', 0x00, 0xA5] {
            for len in 0usize..=20 {
                for pos in 0..len {
                    for b in 0..=255u8 {
                        let mut v = [b'x'; 20];
                        v[pos] = b;
                        // A second byte somewhere else, when there is room.
                        if len > 1 {
                            v[(pos + len / 2) % len] = fill;
                            v[pos] = b;
                        }
                        let v = &v[..len];
                        assert_eq!(has_percent(v), v.contains(&b'%'), "{v:?}");
                    }
                }
            }
        }
        assert!(!has_percent(b""));
    }

    /// Values of one to seven bytes (read as one word) and a few longer ones
    /// whose last bytes are: every ASCII byte at every position after plain
    /// text, an escape or a lone `%`, and every escaped byte value at every
    /// position, decode as the `char` path reads them, into a roomy buffer
    /// and into every smaller one (BG-09..BG-11).
    #[test]
    fn short_values_and_last_bytes_decode_as_the_char_path() {
        let check = |raw: &str| {
            let v = PercentDecoded::new(raw);
            let want: std::string::String = v.chars().collect();
            for size in 0..=want.len() + 9 {
                let mut buf = std::vec![0xA5u8; size];
                match v.decode_into(&mut buf) {
                    Ok(got) => assert_eq!(got, want, "{raw:?} into {size}"),
                    Err(CapacityError) => assert!(want.len() > size, "{raw:?} into {size}"),
                }
            }
        };
        let heads = ["", "0123456789abcdef", "0123456789abcdefghij", "%41bcdefgh"];
        for head in heads {
            for len in 1usize..=7 {
                for pos in 0..len {
                    for fill in ["a", "%", "%4", "%41", "%e9", "%C3%A9"] {
                        for b in 0..=127u8 {
                            let mut t: std::vec::Vec<u8> = std::vec![b'x'; len];
                            t[pos] = b;
                            let mut raw = std::string::String::from(head);
                            raw.push_str(core::str::from_utf8(&t).unwrap());
                            // The tail cut to its first `len` bytes after
                            // `fill` goes in front of it (a lone or cut escape
                            // at every position).
                            let mut with_fill = std::string::String::from(head);
                            with_fill.push_str(fill);
                            with_fill.push_str(core::str::from_utf8(&t).unwrap());
                            with_fill.truncate(head.len() + len);
                            check(&raw);
                            check(&with_fill);
                        }
                    }
                }
                // Every escaped byte at every position that holds it.
                for pos in 0..len.saturating_sub(2) {
                    for b in 0..=255u8 {
                        let raw = format!(
                            "{head}{}%{b:02X}{}",
                            &"xyzwvut"[..pos],
                            &"%4Fqrst"[..len - pos - 3]
                        );
                        check(&raw);
                    }
                }
            }
        }
        // Multi-byte text among the last bytes.
        for raw in [
            "\u{e9}%20",
            "a\u{20ac}%",
            "%20\u{e9}",
            "\u{1F600}%C3",
            "%C3\u{e9}",
        ] {
            check(raw);
        }
        // A two-, three- or four-byte character at every position of short
        // values and of the last bytes of longer ones, among escapes (which
        // may complete or break it) and lone `%`s.
        for head in ["", "0123456789abcdef"] {
            for c in ['\u{e9}', '\u{20ac}', '\u{1F600}'] {
                for pre in ["", "a", "%", "%4", "%41", "%C3", "ab%E2"] {
                    for post in ["", "x", "%", "%4", "%41", "%A9", "%82%AC"] {
                        let raw = format!("{head}{pre}{c}{post}");
                        check(&raw);
                    }
                }
            }
        }
    }

    /// One byte at a time, as BG-12 says: the reference for the word loop.
    fn encode_reference(value: &[u8]) -> std::string::String {
        value
            .iter()
            .map(|&b| {
                if b != b'%' && is_octet(b) {
                    std::string::String::from(char::from(b))
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    /// Every byte value at every position of values around the word size,
    /// beside plain bytes or escapes: `encode_into` (the word loop, and the
    /// byte loop near the end of the room) and `encoded_len` agree with the
    /// byte-at-a-time reference, and a buffer one byte short is refused
    /// (BG-12).
    #[test]
    fn every_byte_in_every_lane_encodes_as_the_reference() {
        let mut out = [0u8; 3 * 24];
        for fill in [b'a', b' ', b'%'] {
            for len in [1usize, 7, 8, 9, 16, 17, 24] {
                for pos in 0..len {
                    for b in 0..=255u8 {
                        let mut v = [fill; 24];
                        v[pos] = b;
                        let v = &v[..len];
                        let want = encode_reference(v);
                        let n = encode_into(v, &mut out).unwrap();
                        assert_eq!(&out[..n], want.as_bytes(), "{v:?}");
                        assert_eq!(encoded_len(v), n, "{v:?}");
                        assert_eq!(encode_into(v, &mut out[..n - 1]), None, "{v:?}");
                        // Room for exactly the text: the byte loop takes over.
                        let mut exact = [0u8; 3 * 24];
                        assert_eq!(encode_into(v, &mut exact[..n]), Some(n), "{v:?}");
                        assert_eq!(&exact[..n], want.as_bytes(), "{v:?}");
                    }
                }
            }
        }
        assert_eq!(encode_into(b"", &mut []), Some(0));
        assert_eq!(encoded_len(b""), 0);
    }

    #[test]
    fn every_byte_encodes_to_an_octet_or_upper_escape() {
        for b in 0..=255u8 {
            let mut out = [0u8; 3];
            let n = encode_into(&[b], &mut out).unwrap_or(0);
            if b != b'%' && is_octet(b) {
                assert_eq!(&out[..n], &[b]);
            } else {
                assert_eq!(&out[..n], format!("%{b:02X}").as_bytes());
            }
            assert_eq!(encoded_len(&[b]), n);
            assert!(
                PercentDecoded::new(core::str::from_utf8(&out[..n]).unwrap())
                    .bytes()
                    .eq([b])
            );
        }
    }
}
