//! The tracestate grammar: byte classes, key and value checks, and the
//! scanner that validates a whole header field.
//!
//! Everything here is `const fn` over bytes. Offsets in errors count from the
//! start of the slice passed in.

use crate::error::{ErrorKind, ParseError};
use crate::steps::Steps;

/// At most this many non-empty members in a tracestate (TS-09).
pub(crate) const MAX_MEMBERS: usize = 32;
/// A key is at most this many bytes (TS-04).
pub(crate) const MAX_KEY: usize = 256;
/// A value is at most this many bytes (TS-05).
pub(crate) const MAX_VALUE: usize = 256;

/// Which tracestate key grammar a parser applies.
///
/// The value grammar, the blanks, the member limit and everything else are
/// the same under both; only the keys differ.
///
/// # Examples
///
/// ```
/// use tracewire::TraceStateRef;
/// use tracewire::tracestate::Grammar;
///
/// // `foo@@bar` is a key of the current draft, not of Level 1.
/// assert!(TraceStateRef::parse(b"foo@@bar=1").is_ok());
/// assert!(TraceStateRef::parse_with(b"foo@@bar=1", Grammar::Level1).is_err());
/// ```
///
/// # Spec
///
/// TS-03, TS-04 and README choice 2: the draft grammar is the default; Level 1
/// is the explicit strict option for peers that only speak Level 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Grammar {
    /// The current W3C draft: a key is 1 to 256 bytes, starts with `a-z` or
    /// `0-9` and goes on with `a-z 0-9 _ - * / @` (`@` any number of times).
    #[default]
    Draft,
    /// Trace Context Level 1: a `simple-key` (starts with `a-z`, no `@`) or
    /// `tenant@system`, with a tenant of 1 to 241 bytes and a system of 1 to
    /// 14 bytes starting with `a-z`. Every Level 1 key is also a draft key;
    /// draft keys outside Level 1 fail with
    /// [`NotLevel1Key`](ErrorKind::NotLevel1Key).
    Level1,
}

// Bits of the byte-class table.
const KEY_FIRST: u8 = 1 << 0; // TS-03: first byte of a draft key
const KEY: u8 = 1 << 1; // TS-03: any byte of a draft key
const VALUE: u8 = 1 << 2; // TS-05: chr = 0x20-0x7E minus "," and "="
const LOWER: u8 = 1 << 3; // lcalpha, for the Level 1 rules
const PRINTABLE: u8 = 1 << 4; // TS-08: 0x20-0x7E

/// One line of the class table: `bit` is set for every byte inside one of
/// `ranges` (inclusive) and not listed in `except`.
struct Rule {
    bit: u8,
    ranges: &'static [(u8, u8)],
    except: &'static [u8],
}

const fn in_ranges(b: u8, mut ranges: &[(u8, u8)]) -> bool {
    while let [(lo, hi), rest @ ..] = ranges {
        if b >= *lo && b <= *hi {
            return true;
        }
        ranges = rest;
    }
    false
}

const fn listed(b: u8, mut list: &[u8]) -> bool {
    while let [x, rest @ ..] = list {
        if *x == b {
            return true;
        }
        list = rest;
    }
    false
}

/// Builds the 256-entry class table from readable rules, at compile time.
const fn byte_map(rules: &[Rule]) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut slots: &mut [u8] = &mut table;
    let mut b: u8 = 0;
    while let [slot, rest @ ..] = slots {
        let mut bits = 0;
        let mut r = rules;
        while let [rule, more @ ..] = r {
            if in_ranges(b, rule.ranges) && !listed(b, rule.except) {
                bits |= rule.bit;
            }
            r = more;
        }
        *slot = bits;
        slots = rest;
        b = b.wrapping_add(1);
    }
    table
}

const LCALPHA: (u8, u8) = (b'a', b'z');
const DIGIT: (u8, u8) = (b'0', b'9');

/// The tracestate byte classes.
const CLASS: [u8; 256] = byte_map(&[
    Rule {
        bit: KEY_FIRST,
        ranges: &[LCALPHA, DIGIT],
        except: b"",
    },
    Rule {
        bit: KEY,
        ranges: &[
            LCALPHA,
            DIGIT,
            (b'_', b'_'),
            (b'-', b'-'),
            (b'*', b'*'),
            (b'/', b'/'),
            (b'@', b'@'),
        ],
        except: b"",
    },
    Rule {
        bit: VALUE,
        ranges: &[(0x20, 0x7e)],
        except: b",=",
    },
    Rule {
        bit: LOWER,
        ranges: &[LCALPHA],
        except: b"",
    },
    Rule {
        bit: PRINTABLE,
        ranges: &[(0x20, 0x7e)],
        except: b"",
    },
]);

/// The class bits of `b`.
#[inline]
#[expect(
    clippy::indexing_slicing,
    reason = "a u8 index into a 256-entry table is always in bounds"
)]
const fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

#[inline]
const fn is(b: u8, bit: u8) -> bool {
    class(b) & bit != 0
}

// SWAR helpers. Each works on the 7-bit lane values `w & 0x7f..` so that no
// addition carries into the next lane (a lane is at most 0x7F and each added
// constant at most 0x80); bytes >= 0x80 are flagged from `w` itself.
const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HI: u64 = 0x8080_8080_8080_8080;

/// `b` in every lane.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Bit 7 set in the lanes of the 7-bit `low` that are `>= c` (`c` in 1..=0x80).
#[inline]
const fn lanes_ge(low: u64, c: u8) -> u64 {
    low.wrapping_add(splat(0x80 - c))
}

/// Bit 7 set in the lanes of the 7-bit `low` that equal `c` (`c` < 0x80).
#[inline]
const fn lanes_eq(low: u64, c: u8) -> u64 {
    !(low ^ splat(c)).wrapping_add(LO7)
}

/// Bit 7 of each lane of the result is set where the lane of `w` is NOT a
/// key byte (`a-z 0-9 _ - * / @`).
#[inline]
const fn key_bad_lanes(w: u64) -> u64 {
    let low = w & LO7;
    let lower = lanes_ge(low, b'a') & !lanes_ge(low, b'z' + 1);
    let digit = lanes_ge(low, b'0') & !lanes_ge(low, b'9' + 1);
    let special = lanes_eq(low, b'_')
        | lanes_eq(low, b'-')
        | lanes_eq(low, b'*')
        | lanes_eq(low, b'/')
        | lanes_eq(low, b'@');
    (w | !(lower | digit | special)) & HI
}

/// The two little-endian words of 16 bytes.
#[inline]
const fn halves(w: &[u8; 16]) -> (u64, u64) {
    match w.split_first_chunk::<8>() {
        Some((lo, hi)) => match hi.first_chunk::<8>() {
            Some(hi) => (u64::from_le_bytes(*lo), u64::from_le_bytes(*hi)),
            None => (0, 0),
        },
        None => (0, 0),
    }
}

/// Index of the first flagged lane of a non-zero `bad` (little-endian lanes).
#[inline]
const fn first_lane(bad: u64) -> usize {
    (bad.trailing_zeros() / 8) as usize
}

/// Index of the first `needle` in `s`, or `s.len()` (also the owned
/// baggage's key-fingerprint search).
#[inline]
pub(crate) const fn find_byte(s: &[u8], needle: u8) -> usize {
    let mut rest = s;
    let mut n = 0;
    while let Some((w, tail)) = rest.split_first_chunk::<8>() {
        let x = u64::from_le_bytes(*w) ^ splat(needle);
        // A lane is zero iff its low 7 bits are zero and its bit 7 is clear.
        let zero = !((x & LO7).wrapping_add(LO7) | x) & HI;
        if zero != 0 {
            return n + first_lane(zero);
        }
        n += 8;
        rest = tail;
    }
    while let [b, tail @ ..] = rest {
        if *b == needle {
            break;
        }
        n += 1;
        rest = tail;
    }
    n
}

/// Bit 7 of each lane of the result is set where the lane of `w` is not
/// `a-z` or `0-9`: the cheap first test for key bytes, which most keys pass
/// whole.
#[inline]
const fn alnum_bad_lanes(w: u64) -> u64 {
    let low = w & LO7;
    let lower = lanes_ge(low, b'a') & !lanes_ge(low, b'z' + 1);
    let digit = lanes_ge(low, b'0') & !lanes_ge(low, b'9' + 1);
    (w | !(lower | digit)) & HI
}

/// Number of leading bytes of `s` that are key bytes.
#[expect(
    clippy::inline_always,
    reason = "measured: inlined into the member loop, its constants are hoisted (callgrind)"
)]
#[inline(always)]
pub(super) const fn key_run(s: &[u8]) -> usize {
    let mut rest = s;
    let mut n = 0;
    while let Some((w, tail)) = rest.split_first_chunk::<8>() {
        let word = u64::from_le_bytes(*w);
        let rough = alnum_bad_lanes(word);
        if rough != 0 {
            let lane = first_lane(rough);
            // The first byte that is not a letter or digit usually ends the
            // key (`=`); only `_ - * / @` send the word to the full test.
            if let Some((_, [b, ..])) = w.split_at_checked(lane)
                && !is(*b, KEY)
            {
                return n + lane;
            }
            let bad = key_bad_lanes(word);
            if bad != 0 {
                return n + first_lane(bad);
            }
        }
        n += 8;
        rest = tail;
    }
    while let [b, tail @ ..] = rest {
        if !is(*b, KEY) {
            break;
        }
        n += 1;
        rest = tail;
    }
    n
}

/// Bit 7 of each lane of the result is set where the lane of `w` is NOT a
/// value byte (outside 0x20..=0x7E, or `,`, or `=`).
#[inline]
const fn value_bad_lanes(w: u64) -> u64 {
    let low = w & LO7;
    // 0x7F is the only 7-bit lane >= 0x7F.
    let good =
        lanes_ge(low, 0x20) & !lanes_ge(low, 0x7f) & !lanes_eq(low, b',') & !lanes_eq(low, b'=');
    (w | !good) & HI
}

/// Number of leading bytes of `s` that are value bytes (SP included).
#[expect(
    clippy::inline_always,
    reason = "measured: inlined into the member loop, its constants are hoisted (callgrind)"
)]
#[inline(always)]
const fn value_len(s: &[u8]) -> usize {
    let mut rest = s;
    let mut n = 0;
    while let Some((w, tail)) = rest.split_first_chunk::<16>() {
        let (lo, hi) = halves(w);
        let (bad_lo, bad_hi) = (value_bad_lanes(lo), value_bad_lanes(hi));
        if bad_lo != 0 {
            return n + first_lane(bad_lo);
        }
        if bad_hi != 0 {
            return n + 8 + first_lane(bad_hi);
        }
        n += 16;
        rest = tail;
    }
    while let Some((w, tail)) = rest.split_first_chunk::<8>() {
        let bad = value_bad_lanes(u64::from_le_bytes(*w));
        if bad != 0 {
            return n + first_lane(bad);
        }
        n += 8;
        rest = tail;
    }
    while let [b, tail @ ..] = rest {
        if !is(*b, VALUE) {
            break;
        }
        n += 1;
        rest = tail;
    }
    n
}

/// Scans the value bytes at the front of `s`: returns `(run, end)` where
/// `run` is how many leading bytes are value bytes (SP included) and `end`
/// is the length of the run without its trailing spaces.
#[expect(
    clippy::inline_always,
    reason = "measured: inlined into the member loop, its constants are hoisted (callgrind)"
)]
#[inline(always)]
pub(super) const fn value_run(s: &[u8]) -> (usize, usize) {
    let n = value_len(s);
    // Drop the trailing spaces (TS-06: they are OWS, not value).
    let Some((mut run, _)) = s.split_at_checked(n) else {
        return (n, n);
    };
    while let [rest @ .., b' '] = run {
        run = rest;
    }
    (n, run.len())
}

/// The word at the front of `s` and what follows it; `whole` is a slice
/// that ends where `s` ends, for the short last word of a field. Lanes
/// past the end are zero (a byte of no class, which ends any run).
#[expect(
    clippy::inline_always,
    reason = "measured: inlined into the member loops (callgrind)"
)]
#[inline(always)]
const fn next_word<'a>(s: &'a [u8], whole: &[u8]) -> (u64, &'a [u8]) {
    match s.split_first_chunk::<8>() {
        Some((w, rest)) => (u64::from_le_bytes(*w), rest),
        None => (short_word(whole, s.len()), &[]),
    }
}

/// The last 8 bytes of `s` as a little-endian word (the last byte in lane
/// 7); zero lanes in front of a shorter `s`.
#[inline]
const fn last_word(s: &[u8]) -> u64 {
    if let Some(w) = s.last_chunk::<8>() {
        return u64::from_le_bytes(*w);
    }
    let mut w = 0;
    let mut rest = s;
    while let [b, tail @ ..] = rest {
        w = (w >> 8) | ((*b as u64) << 56);
        rest = tail;
    }
    w
}

/// The byte in lane `lane` (0..8) of `w`.
#[inline]
const fn lane_byte(w: u64, lane: usize) -> u8 {
    let [b, ..] = (w >> (lane * 8)).to_le_bytes();
    b
}

/// What [`simple_run`] read: members, their `key=value` bytes, and where it
/// stopped.
#[derive(Clone, Copy)]
pub(super) struct Run {
    pub(super) count: usize,
    pub(super) bytes: usize,
    pub(super) pos: usize,
}

/// The fast path: reads plain members of `field` from `pos` on, at most
/// `max` of them, and stops before the first one that is not plain.
///
/// A plain member is a draft key, `=`, a value of 1 to 256 bytes whose last
/// byte is not SP, then `,` or the end of the field; the `,` is consumed,
/// and SP/HTAB before a member are skipped as the full rules skip them.
/// Anything else (blanks after a value, an empty member, a bad byte, a
/// limit broken) ends the run there, and the caller reads on with the full
/// rules, which also name any error. So this accepts only what the full
/// rules accept, with the same lengths. A member it gives up on costs at
/// most one more pass over that member.
///
/// Each word is classified once, as letters and digits; only a word whose
/// first other byte is not the expected `=` or `,` gets the exact key or
/// value test. One step per word.
#[inline(never)]
pub(super) const fn simple_run(field: &[u8], pos: usize, max: usize, steps: &mut Steps) -> Run {
    let Some((_, start)) = field.split_at_checked(pos) else {
        return Run {
            count: 0,
            bytes: 0,
            pos,
        };
    };
    let mut member = start;
    let mut count = 0;
    // Blanks skipped before members.
    let mut skipped = 0;
    'members: while count < max {
        // The key: key bytes up to `=`, the first one `a-z 0-9`. `off` is
        // the offset of `w` in the member, `rest` what follows `w`.
        let mut off = 0;
        let (mut w, mut rest) = next_word(member, start);
        steps.tick();
        let mut other = alnum_bad_lanes(w);
        if other & 0x80 != 0 {
            // Not `a-z 0-9`: OWS before the member (`a=1, b=2`) is skipped
            // as the full rules skip it; a comma, a bad byte or the end
            // ends the run.
            if let [b' ' | b'\t', ..] = member {
                let before = member.len();
                member = skip_blanks(member);
                skipped += before - member.len();
                continue;
            }
            break;
        }
        let eq_lane = loop {
            if other != 0 {
                let lane = first_lane(other);
                if lane_byte(w, lane) == b'=' {
                    break lane;
                }
                // `_ - * / @` (or a bad byte): the exact key test.
                let bad = key_bad_lanes(w);
                if bad != 0 {
                    let lane = first_lane(bad);
                    if lane_byte(w, lane) == b'=' {
                        break lane;
                    }
                    break 'members;
                }
            }
            // A word past the end is all zero bytes: not key bytes.
            off += 8;
            (w, rest) = next_word(rest, start);
            steps.tick();
            other = alnum_bad_lanes(w);
        };
        let klen = off + eq_lane;
        // The value, from the lane after `=` in the same word on. `plain`:
        // `end` is a `,` and the byte before it a letter or digit.
        let after = !(HI >> (56 - eq_lane * 8));
        let (end, plain) = 'value: {
            let others = other & after;
            if others != 0 {
                let lane = first_lane(others);
                if lane_byte(w, lane) == b',' {
                    // The value byte before it is in this word (unless the
                    // `,` is its first lane): not SP.
                    break 'value (off + lane, lane != 0);
                }
                // Not a letter or digit: the exact value test.
                let bad = value_bad_lanes(w) & after;
                if bad != 0 {
                    break 'value (off + first_lane(bad), false);
                }
            }
            // The rest of a long value: the exact value test on each word.
            // A word past the end is all zero bytes: not value bytes.
            loop {
                off += 8;
                (w, rest) = next_word(rest, start);
                steps.tick();
                let bad = value_bad_lanes(w);
                if bad != 0 {
                    break 'value (off + first_lane(bad), false);
                }
            }
        };
        if klen > MAX_KEY || (end - klen - 1).wrapping_sub(1) >= MAX_VALUE {
            // A key over 256 bytes, or a value empty or over 256 bytes.
            break;
        }
        // The value ends at `,` or at the end of the field, and not in SP.
        let used = if plain {
            end + 1
        } else {
            match member.split_at_checked(end) {
                Some(([.., last], [b',', ..])) if *last != b' ' => end + 1,
                Some(([.., last], [])) if *last != b' ' => end,
                _ => break,
            }
        };
        member = match member.split_at_checked(used) {
            Some((_, next)) => next,
            None => break,
        };
        count += 1;
    }
    // Each member read is `key=value` plus one `,`, except one that ends
    // the field without a `,`; the blanks skipped are not members' bytes.
    let used = start.len() - member.len();
    let at_end = match (member, skip_blanks_back(start)) {
        ([], [.., b]) if count > 0 && *b != b',' => 1,
        _ => 0,
    };
    Run {
        count,
        bytes: used + at_end - count - skipped,
        pos: pos + used,
    }
}

/// `s` without its leading SP/HTAB.
#[cold]
const fn skip_blanks(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    s
}

/// `s` without its trailing SP/HTAB.
const fn skip_blanks_back(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// Bit 7 set in the first lane of `w` equal to `c`, and maybe in lanes
/// above it (a borrow from a matching lane can flag the next ones); no lane
/// below the first match is flagged.
#[inline]
const fn first_eq_lanes(w: u64, c: u8) -> u64 {
    let x = w ^ splat(c);
    x.wrapping_sub(splat(1)) & !x & HI
}

/// Splits the member at the front of `s`, which must come from a validated
/// field and start with its key: returns the offset of the `=` that ends
/// the key and of the `,` that ends the member (`s.len()` at the end).
///
/// Keys hold no `=` and values no `,`, so the first `=` and the first `,`
/// after it are the ones; both are found in one pass of words, the word
/// holding the `=` is also searched for the `,`. Blanks around the value
/// are the caller's.
#[inline]
pub(super) const fn member_split(s: &[u8]) -> (usize, usize) {
    let len = s.len();
    let mut off = 0;
    let mut rest = s;
    let eq = loop {
        let last = rest.len() < 8;
        let (w, tail) = next_word(rest, s);
        rest = tail;
        let m = first_eq_lanes(w, b'=');
        if m != 0 {
            let eq = off + first_lane(m);
            // No `,` before the `=` (keys hold none), so the first flagged
            // lane is the real first `,`, after the `=`.
            let m = first_eq_lanes(w, b',');
            if m != 0 {
                return (eq, off + first_lane(m));
            }
            if last {
                return (eq, len);
            }
            break eq;
        }
        if last {
            return (len, len);
        }
        off += 8;
    };
    loop {
        off += 8;
        let last = rest.len() < 8;
        let (w, tail) = next_word(rest, s);
        rest = tail;
        let m = first_eq_lanes(w, b',');
        if m != 0 {
            return (eq, off + first_lane(m));
        }
        if last {
            return (eq, len);
        }
    }
}

/// Bit 7 set in the lanes of `w` that hold `=` or `,`, the bytes that end
/// a key and a member.
///
/// Unlike the helpers above this works on `w` itself, not its 7-bit lanes
/// (two operations less a word), so it is exact only for ASCII lanes: a
/// lane >= 0x80 may be flagged or carry into the lanes above it. Lanes below
/// the first non-ASCII one are always exact. Its callers read validated
/// text, which is ASCII.
#[inline]
pub(super) const fn delim_lanes(w: u64) -> u64 {
    let eq = (w ^ splat(b'=')).wrapping_add(LO7);
    let comma = (w ^ splat(b',')).wrapping_add(LO7);
    !(eq & comma) & HI
}

/// Splits the member at the front of canonical `s` (validated, no blanks,
/// no empty members): the offsets of the `=` that ends its key and of the
/// `,` that ends it (`s.len()` at the end).
///
/// The first delimiter is the `=` (keys hold neither), the next the `,`
/// (values hold neither); one test per word finds both.
#[inline]
pub(super) const fn canonical_split(s: &[u8]) -> (usize, usize) {
    let len = s.len();
    let mut rest = s;
    let mut off = 0;
    let mut m = loop {
        if rest.is_empty() {
            return (len, len);
        }
        let (w, tail) = next_word(rest, s);
        rest = tail;
        let m = delim_lanes(w);
        if m != 0 {
            break m;
        }
        off += 8;
    };
    let eq = off + first_lane(m);
    m &= m - 1;
    while m == 0 {
        if rest.is_empty() {
            return (eq, len);
        }
        off += 8;
        let (w, tail) = next_word(rest, s);
        rest = tail;
        m = delim_lanes(w);
    }
    (eq, off + first_lane(m))
}

/// The last `n` (< 8) bytes of `s` as a word, zero lanes above them.
#[cold]
const fn short_word(s: &[u8], n: usize) -> u64 {
    if n == 0 {
        return 0;
    }
    last_word(s) >> ((8 - n) * 8)
}

/// The error for a first key byte that is not `a-z 0-9`.
#[cold]
const fn key_start_error(b: u8, at: usize) -> ParseError {
    if b == b'=' {
        ParseError::new(ErrorKind::EmptyKey, at)
    } else if is(b, PRINTABLE) {
        ParseError::new(ErrorKind::InvalidKeyStart, at)
    } else {
        ParseError::new(ErrorKind::NonPrintableByte, at)
    }
}

/// The error for a byte that cannot be in a key.
#[cold]
const fn key_byte_error(b: u8, at: usize) -> ParseError {
    if is(b, PRINTABLE) {
        ParseError::new(ErrorKind::InvalidKeyChar, at)
    } else {
        ParseError::new(ErrorKind::NonPrintableByte, at)
    }
}

/// The error for a byte that cannot be in a value.
#[cold]
const fn value_byte_error(b: u8, at: usize) -> ParseError {
    if is(b, PRINTABLE) {
        ParseError::new(ErrorKind::InvalidValueChar, at)
    } else {
        ParseError::new(ErrorKind::NonPrintableByte, at)
    }
}

/// Checks one key against the draft grammar (TS-03, TS-04).
///
/// Used by `TraceState::insert` and the binary codec.
///
/// # Errors
///
/// [`EmptyKey`](ErrorKind::EmptyKey), [`InvalidKeyStart`](ErrorKind::InvalidKeyStart),
/// [`InvalidKeyChar`](ErrorKind::InvalidKeyChar), [`KeyTooLong`](ErrorKind::KeyTooLong),
/// [`NonPrintableByte`](ErrorKind::NonPrintableByte); offsets relative to `key`.
pub(crate) const fn check_key(key: &[u8]) -> Result<(), ParseError> {
    let [first, ..] = key else {
        return Err(ParseError::new(ErrorKind::EmptyKey, 0));
    };
    if !is(*first, KEY_FIRST) {
        return Err(key_start_error(*first, 0));
    }
    let n = key_run(key);
    if n > MAX_KEY {
        return Err(ParseError::new(ErrorKind::KeyTooLong, MAX_KEY));
    }
    match key.split_at_checked(n) {
        Some((_, [b, ..])) => Err(key_byte_error(*b, n)),
        _ => Ok(()),
    }
}

/// Checks one value as it is stored and sent: 1 to 256 value bytes, the last
/// not a space (TS-05, TS-08). No blanks are trimmed; a value of spaces only
/// is empty.
///
/// Used by `TraceState::insert` and the binary codec.
///
/// # Errors
///
/// [`EmptyValue`](ErrorKind::EmptyValue), [`InvalidValueChar`](ErrorKind::InvalidValueChar),
/// [`NonPrintableByte`](ErrorKind::NonPrintableByte), [`ValueTooLong`](ErrorKind::ValueTooLong),
/// [`ValueEndsWithSpace`](ErrorKind::ValueEndsWithSpace); offsets relative to `value`.
pub(crate) const fn check_value(value: &[u8]) -> Result<(), ParseError> {
    if value.is_empty() {
        return Err(ParseError::new(ErrorKind::EmptyValue, 0));
    }
    let (run, end) = value_run(value);
    if run < MAX_VALUE
        && let Some((_, [b, ..])) = value.split_at_checked(run)
    {
        return Err(value_byte_error(*b, run));
    }
    // TS-05: only spaces is an empty value, as in a header.
    if end == 0 && run == value.len() {
        return Err(ParseError::new(ErrorKind::EmptyValue, 0));
    }
    if value.len() > MAX_VALUE {
        return Err(ParseError::new(ErrorKind::ValueTooLong, MAX_VALUE));
    }
    if end < value.len() {
        // TS-05: a value ends in a non-blank byte.
        return Err(ParseError::new(ErrorKind::ValueEndsWithSpace, end));
    }
    Ok(())
}

/// Where a draft-valid `key` first breaks the Level 1 key grammar, if it does.
const fn level1_error(key: &[u8]) -> Option<usize> {
    // Positions of the first two '@'.
    let mut first_at = None;
    let mut second_at = None;
    let mut pos = 0;
    let mut bytes = key;
    while let [b, rest @ ..] = bytes {
        if *b == b'@' {
            if first_at.is_none() {
                first_at = Some(pos);
            } else {
                second_at = Some(pos);
                break;
            }
        }
        pos += 1;
        bytes = rest;
    }
    let Some(at) = first_at else {
        // simple-key: starts with lcalpha.
        return match key {
            [b, ..] if is(*b, LOWER) => None,
            _ => Some(0),
        };
    };
    // multi-tenant-key: tenant-id of 1..=241 bytes (its first byte is a-z 0-9
    // already), system-id of 1..=14 bytes starting with lcalpha, one '@'.
    if at > 241 {
        return Some(241);
    }
    match key.split_at_checked(at + 1) {
        Some((_, [b, ..])) if is(*b, LOWER) => {}
        _ => return Some(at + 1),
    }
    let system_too_long = if key.len() - at - 1 > 14 {
        Some(at + 15)
    } else {
        None
    };
    match (second_at, system_too_long) {
        (Some(second), Some(long)) => Some(if second < long { second } else { long }),
        (Some(second), None) => Some(second),
        (None, long) => long,
    }
}

/// The error for what follows a key that is not `=` (TS-07, TS-03, TS-08).
#[cold]
const fn after_key_error(b: u8, at: usize) -> ParseError {
    match b {
        b' ' | b'\t' | b',' => ParseError::new(ErrorKind::ExpectedEquals, at),
        _ => key_byte_error(b, at),
    }
}

/// What a scan found: the number of members and the sum of their `key=value`
/// lengths (so the canonical encoding is `bytes + count - 1` long).
#[derive(Clone, Copy)]
pub(crate) struct Scan {
    pub(crate) count: usize,
    pub(crate) bytes: usize,
}

impl Scan {
    /// The length of the canonical encoding.
    pub(crate) const fn encoded_len(self) -> usize {
        self.bytes + self.count.saturating_sub(1)
    }
}

/// Validates header field number `index` as part of a list that already has
/// the members counted in `seen`; returns the new totals. Offsets are
/// relative to `field`.
///
/// `steps` counts the bytes consumed and one step per member (the
/// test-only linearity counter of `crate::steps`; a no-op normally). Every
/// inner loop only moves forward through `s`, or back over the value it just
/// read, so consumed bytes bound the work.
pub(crate) const fn scan_field(
    field: &[u8],
    index: u32,
    seen: Scan,
    grammar: Grammar,
    steps: &mut Steps,
) -> Result<Scan, ParseError> {
    scan_field_with::<true>(field, index, seen, grammar, steps)
}

/// [`scan_field`], with (`FAST`) or without the fast path for plain
/// members; the tests check that both give the same answer.
const fn scan_field_with<const FAST: bool>(
    field: &[u8],
    index: u32,
    seen: Scan,
    grammar: Grammar,
    steps: &mut Steps,
) -> Result<Scan, ParseError> {
    // A field of plain members only is read by the fast path alone.
    if FAST
        && let Grammar::Draft = grammar
        && seen.count < MAX_MEMBERS
    {
        steps.tick();
        let run = simple_run(field, 0, MAX_MEMBERS - seen.count, steps);
        let seen = Scan {
            count: seen.count + run.count,
            bytes: seen.bytes + run.bytes,
        };
        if run.pos == field.len() {
            steps.add(run.pos);
            return Ok(seen);
        }
        return scan_members::<FAST>(field, run.pos, index, seen, grammar, steps);
    }
    scan_members::<FAST>(field, 0, index, seen, grammar, steps)
}

/// The member loop of [`scan_field_with`], from offset `pos` of `field` on,
/// where the fast path has just stopped (if `FAST`): the member there is
/// read with the full rules straight away.
#[inline(never)]
const fn scan_members<const FAST: bool>(
    field: &[u8],
    pos: usize,
    index: u32,
    seen: Scan,
    grammar: Grammar,
    steps: &mut Steps,
) -> Result<Scan, ParseError> {
    let mut count = seen.count;
    let mut bytes = seen.bytes;
    let total = field.len();
    let mut s = match field.split_at_checked(pos) {
        Some((_, s)) => s,
        None => field,
    };
    loop {
        steps.tick();
        let before = s.len();
        // TS-01, TS-02: blanks around members and empty members are skipped.
        while let [b' ' | b'\t' | b',', rest @ ..] = s {
            s = rest;
        }
        let at = total - s.len();
        let [first, ..] = s else {
            steps.add(before - s.len());
            return Ok(Scan { count, bytes });
        };
        // TS-09, TS-17: a 33rd non-empty member, in whichever field, makes
        // the value invalid.
        if count >= MAX_MEMBERS {
            return Err(ParseError::in_field(ErrorKind::TooManyMembers, index, at));
        }
        // TS-03: the key.
        if !is(*first, KEY_FIRST) {
            return Err(key_start_error(*first, at));
        }
        // Most members are plain `key=value` followed by `,` or the end:
        // read a run of those at once.
        if FAST
            && at != pos
            && let Grammar::Draft = grammar
        {
            let run = simple_run(field, at, MAX_MEMBERS - count, steps);
            if run.count > 0 {
                if let Some((_, r)) = field.split_at_checked(run.pos) {
                    s = r;
                }
                count += run.count;
                bytes += run.bytes;
                steps.add(before - s.len());
                continue;
            }
        }
        let klen = key_run(s);
        // TS-04
        if klen > MAX_KEY {
            return Err(ParseError::new(ErrorKind::KeyTooLong, at + MAX_KEY));
        }
        let Some((key, rest)) = s.split_at_checked(klen) else {
            return Err(ParseError::new(ErrorKind::KeyTooLong, at + MAX_KEY));
        };
        // TS-07: `=` right after the key.
        s = if let [b'=', r @ ..] = rest {
            r
        } else {
            // The bytes before are a whole draft key; under Level 1 one of
            // them may break the rules before the byte after them does.
            if let Grammar::Level1 = grammar
                && let Some(off) = level1_error(key)
                && off < klen
            {
                return Err(ParseError::new(ErrorKind::NotLevel1Key, at + off));
            }
            return Err(match rest {
                [b, ..] => after_key_error(*b, at + klen),
                [] => ParseError::new(ErrorKind::ExpectedEquals, total),
            });
        };
        if let Grammar::Level1 = grammar
            && let Some(off) = level1_error(key)
        {
            return Err(ParseError::new(ErrorKind::NotLevel1Key, at + off));
        }
        // TS-05, TS-06: the value; leading spaces belong to it, trailing do not.
        let v_at = at + klen + 1;
        let (run, vlen) = value_run(s);
        if vlen > MAX_VALUE {
            return Err(ParseError::new(ErrorKind::ValueTooLong, v_at + MAX_VALUE));
        }
        s = match s.split_at_checked(run) {
            Some((_, r)) => r,
            None => return Err(ParseError::new(ErrorKind::ValueTooLong, v_at + MAX_VALUE)),
        };
        // The member ends at `,` or the end, after optional OWS.
        match s {
            [] => {}
            // The comma that ends the member; the loop skips any more gaps.
            [b',', r @ ..] => s = r,
            [b'\t', ..] => {
                // TS-08: HTAB only as OWS, so only `,` or the end may follow.
                let tab_at = total - s.len();
                while let [b' ' | b'\t', r @ ..] = s {
                    s = r;
                }
                if let [b, ..] = s
                    && *b != b','
                {
                    return Err(ParseError::new(ErrorKind::NonPrintableByte, tab_at));
                }
            }
            [b, ..] => return Err(value_byte_error(*b, total - s.len())),
        }
        if vlen == 0 {
            return Err(ParseError::new(ErrorKind::EmptyValue, v_at));
        }
        count += 1;
        bytes += klen + 1 + vlen;
        steps.add(before - s.len());
    }
}

/// Validates fields joined by `,` in order (TS-16, TS-17); returns the member
/// count. Errors carry the index of the field they sit in.
pub(crate) const fn scan_fields(
    fields: &[&[u8]],
    grammar: Grammar,
    steps: &mut Steps,
) -> Result<Scan, ParseError> {
    let mut seen = Scan { count: 0, bytes: 0 };
    let mut index: u32 = 0;
    let mut fs = fields;
    while let [f, rest @ ..] = fs {
        steps.tick();
        match scan_field(f, index, seen, grammar, steps) {
            Ok(scan) => seen = scan,
            Err(e) => return Err(e.with_field(index)),
        }
        index = index.saturating_add(1);
        fs = rest;
    }
    Ok(seen)
}

#[cfg(test)]
#[expect(clippy::indexing_slicing, reason = "tests index fixed arrays")]
mod tests {
    extern crate std;
    use super::*;
    use std::format;
    use std::string::String;
    use std::vec;
    use std::vec::Vec;

    fn value_byte(b: u8) -> bool {
        (0x20..=0x7e).contains(&b) && b != b',' && b != b'='
    }

    #[test]
    fn table_matches_the_abnf() {
        for b in 0..=255u8 {
            let lc = b.is_ascii_lowercase();
            let digit = b.is_ascii_digit();
            assert_eq!(is(b, KEY_FIRST), lc || digit, "{b:#x}");
            assert_eq!(is(b, KEY), lc || digit || b"_-*/@".contains(&b), "{b:#x}");
            assert_eq!(is(b, VALUE), value_byte(b), "{b:#x}");
            assert_eq!(is(b, LOWER), lc, "{b:#x}");
            assert_eq!(is(b, PRINTABLE), (0x20..=0x7e).contains(&b), "{b:#x}");
        }
    }

    // The SWAR lane test against the scalar predicate: every byte value in
    // every lane position, the other lanes holding a good byte.
    #[test]
    fn swar_every_byte_in_every_lane() {
        for lane in 0..8 {
            for b in 0..=255u8 {
                for filler in [b'a', b' ', b'~', b'!'] {
                    let mut w = [filler; 8];
                    w[lane] = b;
                    let bad = value_bad_lanes(u64::from_le_bytes(w));
                    let expect = if value_byte(b) {
                        0
                    } else {
                        0x80u64 << (8 * lane)
                    };
                    assert_eq!(bad, expect, "lane {lane} byte {b:#x} filler {filler:#x}");
                }
            }
        }
    }

    #[test]
    fn swar_key_every_byte_in_every_lane() {
        for lane in 0..8 {
            for b in 0..=255u8 {
                for filler in [b'a', b'z', b'0', b'@'] {
                    let mut w = [filler; 8];
                    w[lane] = b;
                    let bad = key_bad_lanes(u64::from_le_bytes(w));
                    let expect = if is(b, KEY) { 0 } else { 0x80u64 << (8 * lane) };
                    assert_eq!(bad, expect, "lane {lane} byte {b:#x} filler {filler:#x}");
                }
            }
        }
    }

    fn delim_expect(w: [u8; 8]) -> u64 {
        w.iter()
            .enumerate()
            .filter(|(_, b)| matches!(b, b'=' | b','))
            .fold(0, |m, (i, _)| m | 0x80 << (8 * i))
    }

    // Every byte value in every lane: exact when the byte is ASCII; below a
    // byte >= 0x80 the lanes stay exact (the only promise for such bytes).
    #[test]
    fn swar_delim_every_byte_in_every_lane() {
        for lane in 0..8 {
            for b in 0..=255u8 {
                for filler in [b'a', b' ', b'~', b'=', b',', b'\0', 0x7f] {
                    let mut w = [filler; 8];
                    w[lane] = b;
                    let got = delim_lanes(u64::from_le_bytes(w));
                    let expect = delim_expect(w);
                    if b < 0x80 {
                        assert_eq!(got, expect, "lane {lane} byte {b:#x} filler {filler:#x}");
                    } else {
                        let below = (1u64 << (8 * lane)) - 1;
                        assert_eq!(got & below, expect & below, "lane {lane} byte {b:#x}");
                    }
                }
            }
        }
    }

    #[test]
    fn swar_delim_pairs_of_ascii_bytes() {
        for a in 0..0x80u8 {
            for b in 0..0x80u8 {
                let w = [a, b, b'x', b'=', b',', b'x', a, b];
                assert_eq!(
                    delim_lanes(u64::from_le_bytes(w)),
                    delim_expect(w),
                    "{a:#x} {b:#x}"
                );
            }
        }
    }

    // `canonical_split` against the plain byte search, on canonical lists
    // of every short length (members at every lane, the short last word).
    #[test]
    fn canonical_split_matches_scalar() {
        for klen in 1..20 {
            for vlen in 1..20 {
                for more in ["", ",b=2", ",kkkkkkkkk=vvvvvvvvv"] {
                    let m = format!("{}={}{more}", "k".repeat(klen), "v".repeat(vlen));
                    let end = klen + 1 + vlen;
                    assert_eq!(canonical_split(m.as_bytes()), (klen, end), "{m}");
                    assert_eq!(member_split(m.as_bytes()), (klen, end), "{m}");
                }
            }
        }
        assert_eq!(canonical_split(b""), (0, 0));
        assert_eq!(canonical_split(b"abc"), (3, 3));
        assert_eq!(canonical_split(b"abcdefghijk"), (11, 11));
    }

    #[test]
    fn swar_pairs_of_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let w = [a, b, b'x', b'x', b'x', b'x', a, b];
                let word = u64::from_le_bytes(w);
                let (mut value_expect, mut key_expect) = (0u64, 0u64);
                for (i, x) in w.iter().enumerate() {
                    if !value_byte(*x) {
                        value_expect |= 0x80 << (8 * i);
                    }
                    if !is(*x, KEY) {
                        key_expect |= 0x80 << (8 * i);
                    }
                }
                assert_eq!(value_bad_lanes(word), value_expect, "{a:#x} {b:#x}");
                assert_eq!(key_bad_lanes(word), key_expect, "{a:#x} {b:#x}");
            }
        }
    }

    #[test]
    fn value_run_matches_scalar() {
        for pos in 0..40 {
            for bad in [b',', b'=', 0x7f, 0x80, 0x1f, b'\t'] {
                let mut v = [b'v'; 40];
                v[pos] = bad;
                assert_eq!(value_run(&v).0, pos);
            }
        }
        let mut v = [b' '; 40];
        v[3] = b'x';
        assert_eq!(value_run(&v), (40, 4));
        for len in 0..40 {
            for pos in 0..=len {
                let mut c = [b'x'; 40];
                if pos < len {
                    c[pos] = b',';
                }
                c[len..].fill(b',');
                assert_eq!(find_byte(&c[..len], b','), pos, "len {len} pos {pos}");
                let mut k = [b'k'; 40];
                if pos < len {
                    k[pos] = b'=';
                }
                assert_eq!(key_run(&k[..len]), pos, "len {len} pos {pos}");
            }
        }
    }

    #[test]
    fn level1_rules() {
        assert_eq!(level1_error(b"foo"), None);
        assert_eq!(level1_error(b"1foo"), Some(0));
        assert_eq!(level1_error(b"1t@v"), None);
        assert_eq!(level1_error(b"t@1v"), Some(2));
        assert_eq!(level1_error(b"t@"), Some(2));
        assert_eq!(level1_error(b"t@v@x"), Some(3));
        assert_eq!(level1_error(b"t@vvvvvvvvvvvvvv"), None);
        assert_eq!(level1_error(b"t@vvvvvvvvvvvvvvv"), Some(16));
        let mut k = [b't'; 243];
        k[241] = b'@';
        k[242] = b'v';
        assert_eq!(level1_error(&k[..243]), None);
        let mut k = [b't'; 244];
        k[242] = b'@';
        k[243] = b'v';
        assert_eq!(level1_error(&k), Some(241));
    }

    /// Both scans of `field`: the result must not depend on the fast path.
    fn same_with_and_without_fast_path(field: &[u8]) {
        let seen = Scan {
            count: 3,
            bytes: 20,
        };
        let run = |fast: bool| {
            let r = if fast {
                scan_field_with::<true>(field, 2, seen, Grammar::Draft, &mut Steps::new())
            } else {
                scan_field_with::<false>(field, 2, seen, Grammar::Draft, &mut Steps::new())
            };
            r.map(|s| (s.count, s.bytes))
        };
        assert_eq!(
            run(true),
            run(false),
            "{:?}",
            String::from_utf8_lossy(field)
        );
    }

    // Every short string over the bytes that matter, behind prefixes that
    // put it at every lane of a word, and before suffixes.
    #[test]
    fn fast_path_agrees_on_short_strings() {
        let alphabet: &[u8] = b"a0=, \t@A~\x80\x7f";
        let prefixes: &[&[u8]] = &[
            b"",
            b"k=v,",
            b"kkkk=vvv,",
            b"kkkkkkk=vvvvvvv,",
            b"k=vvvvvvvvvvv,",
            b"kk=vvvv  ,",
        ];
        let suffixes: &[&[u8]] = &[b"", b",z=1", b"=1", b"zzzzzzzz=12345678"];
        let mut word = [0usize; 5];
        for len in 0..=5 {
            let n = (0..len).fold(1, |n, _| n * alphabet.len());
            for mut code in 0..n {
                for slot in word.iter_mut().take(len) {
                    *slot = code % alphabet.len();
                    code /= alphabet.len();
                }
                let middle: Vec<u8> = word[..len].iter().map(|&i| alphabet[i]).collect();
                for p in prefixes {
                    for q in suffixes {
                        same_with_and_without_fast_path(&[*p, &middle, *q].concat());
                    }
                }
            }
        }
    }

    // Keys and values around the limits and the word size, plain and not.
    #[test]
    fn fast_path_agrees_at_the_limits() {
        for klen in [1, 7, 8, 9, 255, 256, 257, 300] {
            for vlen in [0, 1, 7, 8, 9, 255, 256, 257, 300] {
                for (vbyte, end) in [
                    (b'v', &b""[..]),
                    (b'V', b""),
                    (b'v', b" "),
                    (b'v', b"\t"),
                    (b' ', b"x"),
                    (b'v', b","),
                    (b'v', b" ,"),
                    (b'v', b"=,"),
                ] {
                    let mut f = vec![b'k'; klen];
                    f.push(b'=');
                    f.extend(core::iter::repeat_n(vbyte, vlen));
                    f.extend_from_slice(end);
                    same_with_and_without_fast_path(&f);
                    let mut two = f.clone();
                    two.extend_from_slice(b",a=1");
                    same_with_and_without_fast_path(&two);
                }
            }
        }
        // Member counts around the limit, with 3 seen before.
        for n in 27..32 {
            let f: Vec<String> = (0..n).map(|i| format!("k{i}=v")).collect();
            same_with_and_without_fast_path(f.join(",").as_bytes());
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_agrees_on_random_lists(
            members in proptest::collection::vec(
                (
                    proptest::collection::vec(proptest::sample::select(b"ab09_-*/@A.=, \t".to_vec()), 0..12),
                    proptest::collection::vec(proptest::sample::select(b"ab09 ~!A=,\t\x7f".to_vec()), 0..20),
                    proptest::sample::select(vec!["", ",", " ,", ",,", ", ", "\t,"]),
                ),
                0..10,
            )
        ) {
            let mut f = Vec::new();
            for (k, v, sep) in &members {
                f.extend_from_slice(k);
                f.push(b'=');
                f.extend_from_slice(v);
                f.extend_from_slice(sep.as_bytes());
            }
            same_with_and_without_fast_path(&f);
        }

        #[test]
        fn member_split_finds_the_separators(
            key in "[a-z0-9][a-z0-9_*/@-]{0,20}",
            value in "[ -+--<>-~]{0,30}[!-+--<>-~]",
            more in "(,[a-z]=1)?",
        ) {
            let m = format!("{key}={value}{more}");
            let eq = key.len();
            let end = eq + 1 + value.len();
            proptest::prop_assert_eq!(member_split(m.as_bytes()), (eq, end));
            // Leading spaces belong to the value, also in canonical text.
            proptest::prop_assert_eq!(canonical_split(m.as_bytes()), (eq, end));
        }
    }
}
