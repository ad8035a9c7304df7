//! Character classes of the baggage grammar, as 256-entry tables built at
//! compile time from the spec's own lists (BG-02, BG-03).

/// Class bit: the byte is a `tchar` (may appear in a key).
pub(crate) const TCHAR: u8 = 1;
/// Class bit: the byte is a `baggage-octet` (may appear raw in a value).
pub(crate) const OCTET: u8 = 2;

/// `tchar` of RFC 9110, as the baggage grammar uses it for keys (BG-02).
#[must_use]
pub(crate) const fn is_tchar_scalar(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'#'
            | b'$'
            | b'%'
            | b'&'
            | b'\''
            | b'*'
            | b'+'
            | b'-'
            | b'.'
            | b'^'
            | b'_'
            | b'`'
            | b'|'
            | b'~'
    ) || b.is_ascii_alphanumeric()
}

/// `baggage-octet`: printable ASCII except SP, DQUOTE, `,`, `;` and `\`
/// (BG-03).
#[must_use]
pub(crate) const fn is_octet_scalar(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// One class byte per input byte, built from the two predicates above.
const fn build() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut rest: &mut [u8] = &mut table;
    let mut b: u8 = 0;
    while let [slot, tail @ ..] = rest {
        let mut class = 0;
        if is_tchar_scalar(b) {
            class |= TCHAR;
        }
        if is_octet_scalar(b) {
            class |= OCTET;
        }
        *slot = class;
        b = b.wrapping_add(1);
        rest = tail;
    }
    table
}

static CLASSES: [u8; 256] = build();

/// Class bits of `b`.
#[inline]
#[must_use]
pub(crate) fn class(b: u8) -> u8 {
    // A u8 index is always in bounds of a 256-entry table; `get` keeps the
    // lint quiet and compiles to a plain load.
    CLASSES.get(usize::from(b)).copied().unwrap_or(0)
}

/// Whether `b` may appear in a key.
#[inline]
#[must_use]
pub(crate) fn is_tchar(b: u8) -> bool {
    class(b) & TCHAR != 0
}

/// Whether `b` may appear raw in a value.
#[inline]
#[must_use]
pub(crate) fn is_octet(b: u8) -> bool {
    class(b) & OCTET != 0
}

/// `0x01` in every lane.
const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every lane.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in each lane whose byte is `c`, and possibly in lanes above
/// such a lane (a borrow runs upward only from a zero lane), so the lowest
/// flagged lane is always exact.
#[inline]
pub(crate) const fn lanes_eq_lowest(x: u64, c: u8) -> u64 {
    let y = x ^ LO.wrapping_mul(c as u64);
    y.wrapping_sub(LO) & !y & HI
}

/// `0x7F` in every lane.
const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// For a word whose lanes are all below `0x80` (`y`): high bit set in each
/// lane that is `>= c` (`1 <= c <= 0x80`). Exact in every lane: a lane sum
/// is at most `0x7F + 0x7F`, so no carry crosses lanes.
#[inline]
const fn ge7(y: u64, c: u8) -> u64 {
    y.wrapping_add(LO.wrapping_mul(0x80 - c as u64))
}

/// For a word whose lanes are all below `0x80` (`y`): high bit set in each
/// lane that is not `c` (`c < 0x80`). Exact in every lane, as [`ge7`].
#[inline]
const fn ne7(y: u64, c: u8) -> u64 {
    (y ^ LO.wrapping_mul(c as u64)).wrapping_add(LO7)
}

/// High bit set in each lane that is not a baggage-octet: a lane outside
/// `0x21..=0x7E` (a high bit included), or `"` (0x22), `,` (0x2C), `;`
/// (0x3B), `\` (0x5C) (BG-03). Exact in every lane, without branches.
#[inline]
const fn non_octet_lanes(x: u64) -> u64 {
    let y = x & LO7;
    let good = ge7(y, 0x21) & ne7(y, b'"') & ne7(y, b',') & ne7(y, b';') & ne7(y, b'\\');
    (x | ge7(y, 0x7F) | !good) & HI
}

/// High bit set in each lane that percent-encoding writes as `%XX`: a lane
/// that is not a baggage-octet, or `%` (BG-12). Exact in every lane.
#[inline]
#[must_use]
pub(crate) const fn escape_lanes(x: u64) -> u64 {
    non_octet_lanes(x) | (!ne7(x & LO7, b'%') & HI)
}

/// Length of the run of baggage-octets at the front of `s`, eight bytes at
/// a time (SWAR), the tail byte by byte.
#[expect(
    clippy::inline_always,
    reason = "measured: called out of line, its word constants are reloaded on every call"
)]
#[inline(always)]
#[must_use]
pub(crate) fn octet_run(s: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = s;
    // The first eight bytes through the class table, one test each: most
    // values are short, and a short run ends sooner this way than after
    // the word operations below (measured).
    if let Some((w, tail)) = rest.split_first_chunk::<8>() {
        for (i, &b) in w.iter().enumerate() {
            if !is_octet(b) {
                return i;
            }
        }
        n = 8;
        rest = tail;
    }
    // Two words per step: the same operations on both, which LLVM may do
    // as one 128-bit operation where the target has them.
    while let Some((pair, tail)) = rest.split_first_chunk::<16>() {
        let (a, b) = pair.split_at(8);
        let (Ok(a), Ok(b)) = (<[u8; 8]>::try_from(a), <[u8; 8]>::try_from(b)) else {
            break;
        };
        let bad_a = non_octet_lanes(u64::from_le_bytes(a));
        let bad_b = non_octet_lanes(u64::from_le_bytes(b));
        if bad_a | bad_b != 0 {
            // Little-endian: lane i is byte i; the lowest bad lane is first.
            let first = if bad_a != 0 {
                bad_a.trailing_zeros() / 8
            } else {
                8 + bad_b.trailing_zeros() / 8
            };
            return n + first as usize;
        }
        n += 16;
        rest = tail;
    }
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let bad = non_octet_lanes(u64::from_le_bytes(*word));
        if bad != 0 {
            return n + (bad.trailing_zeros() / 8) as usize;
        }
        n += 8;
        rest = tail;
    }
    n + rest
        .iter()
        .position(|&b| !is_octet(b))
        .unwrap_or(rest.len())
}

/// Length of the run of key bytes (`tchar`) at the front of `s`, through
/// the class table, eight bytes per step while eight are left (one test
/// per byte, one length check per step), the tail byte by byte.
#[inline]
#[must_use]
pub(crate) fn tchar_run(s: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = s;
    while let Some((w, tail)) = rest.split_first_chunk::<8>() {
        for (i, &b) in w.iter().enumerate() {
            if !is_tchar(b) {
                return n + i;
            }
        }
        n += 8;
        rest = tail;
    }
    n + rest
        .iter()
        .position(|&b| !is_tchar(b))
        .unwrap_or(rest.len())
}

/// Whether `b` is optional whitespace (SP or HTAB).
#[inline]
#[must_use]
pub(crate) const fn is_ows(b: u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// Index of the first byte of `s` that is not a key byte, or `s.len()`;
/// `None` for an empty key. Used to refuse non-token keys on insert (BG-13).
#[must_use]
pub(crate) fn first_non_tchar(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| !is_tchar(b))
}

/// Whether `s` is a token (1*tchar): a valid baggage key (BG-02, BG-13).
#[cfg(feature = "opentelemetry")]
#[must_use]
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && first_non_tchar(s.as_bytes()).is_none()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    /// Every byte value in every lane position (both words of every
    /// sixteen-byte step, the tail word and the scalar tail): the run
    /// length agrees with the scalar predicate.
    #[test]
    fn octet_run_matches_scalar_for_every_byte_in_every_lane() {
        for len in [0usize, 3, 8, 11, 16, 23, 24, 31, 32, 40, 45, 56] {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut s = [b'a'; 56];
                    s[pos] = b;
                    let want = if is_octet_scalar(b) { len } else { pos };
                    assert_eq!(
                        octet_run(&s[..len]),
                        want,
                        "len {len} pos {pos} byte {b:#x}"
                    );
                }
            }
        }
        // Two bad lanes: the first one counts.
        let mut s = *b"abcdefgh";
        s[3] = b' ';
        s[6] = b'"';
        assert_eq!(octet_run(&s), 3);
        assert_eq!(octet_run(b""), 0);
        // Two bad lanes in one sixteen-byte step, and one in its second word.
        let mut s = [b'a'; 40];
        s[20] = b';';
        s[27] = b',';
        assert_eq!(octet_run(&s), 20);
        s[20] = b'b';
        assert_eq!(octet_run(&s), 27);
    }

    /// Every byte value at every position of runs around the step size,
    /// after key bytes and before key bytes or a non-key byte: the run
    /// length agrees with the scalar predicate.
    #[test]
    fn tchar_run_matches_scalar_for_every_byte_at_every_position() {
        for fill in [b'a', b'~', b'='] {
            for len in 0usize..=13 {
                for pos in 0..len {
                    for b in 0..=255u8 {
                        let mut s = [b'k'; 13];
                        s[pos] = b;
                        for after in s.iter_mut().take(len).skip(pos + 1) {
                            *after = fill;
                        }
                        let s = &s[..len];
                        let want = s.iter().position(|&c| !is_tchar_scalar(c)).unwrap_or(len);
                        assert_eq!(
                            tchar_run(s),
                            want,
                            "len {len} pos {pos} byte {b:#x} fill {fill:#x}"
                        );
                    }
                }
            }
        }
        assert_eq!(tchar_run(b""), 0);
        assert_eq!(tchar_run(b"userId=alice"), 6);
        assert_eq!(tchar_run(b"isProduction=false"), 12);
    }

    /// Every byte value in every lane, beside every other lane: the escape
    /// mask flags exactly the lanes percent-encoding escapes.
    #[test]
    fn escape_lanes_is_exact_in_every_lane() {
        for fill in [b'a', b'%', b'=', b' ', b',', 0x80, 0xA5, 0x7F, b'~'] {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut lanes = [fill; 8];
                    lanes[pos] = b;
                    let want = lanes.iter().enumerate().fold(0u64, |m, (i, &l)| {
                        if is_octet_scalar(l) && l != b'%' {
                            m
                        } else {
                            m | 0x80 << (8 * i)
                        }
                    });
                    assert_eq!(
                        escape_lanes(u64::from_le_bytes(lanes)),
                        want,
                        "fill {fill:#x} pos {pos} byte {b:#x}"
                    );
                }
            }
        }
    }

    /// Every byte value in every lane, beside every other lane holding an
    /// octet or a non-octet: the SWAR mask flags exactly the lanes the
    /// scalar predicate refuses.
    #[test]
    fn non_octet_lanes_is_exact_in_every_lane() {
        for fill in [b'a', b'%', b'=', b' ', b',', 0x80, 0x7F, b'~'] {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut lanes = [fill; 8];
                    lanes[pos] = b;
                    let want = lanes.iter().enumerate().fold(0u64, |m, (i, &l)| {
                        if is_octet_scalar(l) {
                            m
                        } else {
                            m | 0x80 << (8 * i)
                        }
                    });
                    assert_eq!(
                        non_octet_lanes(u64::from_le_bytes(lanes)),
                        want,
                        "fill {fill:#x} pos {pos} byte {b:#x}"
                    );
                }
            }
        }
    }

    /// Every byte value: the tables agree with the spec's lists, written out
    /// again here as ranges.
    #[test]
    fn tables_match_the_grammar_for_every_byte() {
        for b in 0..=255u8 {
            let tchar =
                b"!#$%&'*+-.^_`|~".contains(&b) || b.is_ascii_digit() || b.is_ascii_alphabetic();
            let octet = (0x21..=0x7E).contains(&b) && !b" \",;\\".contains(&b);
            assert_eq!(is_tchar(b), tchar, "{b:#x}");
            assert_eq!(is_octet(b), octet, "{b:#x}");
            assert_eq!(is_tchar_scalar(b), tchar, "{b:#x}");
            assert_eq!(is_octet_scalar(b), octet, "{b:#x}");
        }
        // `=` and `%` are octets, not key bytes except `%`.
        assert!(is_octet(b'=') && !is_tchar(b'='));
        assert!(is_octet(b'%') && is_tchar(b'%'));
    }
}
