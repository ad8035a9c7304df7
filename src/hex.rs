//! Fixed-width lowercase hex, decoded and encoded eight digits at a time.
//!
//! This is the crate's only hex code. Every id of `traceparent`, the Server
//! Timing metric and the binary form goes through it.
//!
//! # How the SWAR path works
//!
//! Eight ASCII digits are read as one little-endian `u64`, one byte per lane
//! (lane `i` = digit `i`). For a lane byte `x` with its high bit clear,
//! `((x | 0x80) - c) & 0x80` is `0x80` exactly when `x >= c`: the `| 0x80`
//! makes every lane at least `0x80` and `c <= 0x80`, so no lane borrows from
//! its neighbour. Two such range checks per class (`0-9`, `a-f`) give a
//! branch-free validity mask; any bad lane sends the whole field to the
//! scalar path, which names the first bad byte.
//!
//! The scalar reference functions stay callable (`decode_scalar`,
//! `encode_scalar`) so tests and fuzzers can compare both paths.

/// `0x01` in every lane.
const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every lane.
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in each lane whose byte is `>= c` (lane bytes must be < 0x80,
/// and `c <= 0x80`).
#[inline]
const fn lanes_ge(x: u64, c: u8) -> u64 {
    // Lane invariant: (x | 0x80) is in 0x80..=0xFF and c <= 0x80, so the
    // per-lane subtraction never borrows across lanes.
    ((x | HI).wrapping_sub(LO.wrapping_mul(c as u64))) & HI
}

/// Validates eight digits and turns them into eight nibbles (one per lane),
/// or returns `None` when any lane is not `0-9`/`a-f`.
#[inline]
const fn nibbles(x: u64) -> Option<u64> {
    let ascii = !x & HI; // 0x80 where the byte is < 0x80
    let digit = lanes_ge(x, b'0') & !lanes_ge(x, b'9' + 1);
    let alpha = lanes_ge(x, b'a') & !lanes_ge(x, b'f' + 1);
    if (digit | alpha) & ascii != HI {
        return None;
    }
    // Lane value: low nibble of the byte, plus 9 for 'a'..'f' (0x61 & 0xF = 1).
    // Max 6 + 9 = 15, so no lane overflows.
    Some((x & (LO * 0x0F)).wrapping_add((alpha >> 7).wrapping_mul(9)))
}

/// Packs eight nibbles (lane 0 = most significant digit) into four bytes.
#[inline]
const fn pack(n: u64) -> [u8; 4] {
    // Pair lanes 2j (high nibble) and 2j+1 (low nibble) into the low byte of
    // each 16-bit lane, then squeeze the four bytes together.
    let v = ((n << 4) | (n >> 8)) & 0x00FF_00FF_00FF_00FF;
    let v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
    let v = (v | (v >> 16)) & 0x0000_0000_FFFF_FFFF;
    (v as u32).to_le_bytes()
}

/// Spreads four bytes into eight lowercase hex digits.
#[inline]
const fn spread(b: [u8; 4]) -> [u8; 8] {
    let x = u32::from_le_bytes(b) as u64;
    // Byte j moves to lane 2j.
    let x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
    let x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF;
    // Lane 2j = high nibble, lane 2j+1 = low nibble; each lane 0..=15.
    let n = ((x >> 4) & 0x000F_000F_000F_000F) | ((x & 0x000F_000F_000F_000F) << 8);
    // 0x76 + n >= 0x80 exactly when n >= 10: those lanes get 'a' - '0' - 10.
    let letters = (((n.wrapping_add(LO * 0x76)) & HI) >> 7).wrapping_mul((b'a' - b'0' - 10) as u64);
    n.wrapping_add(LO * (b'0' as u64))
        .wrapping_add(letters)
        .to_le_bytes()
}

/// Decodes exactly `2 * N` lowercase hex digits into `N` bytes (`N` a
/// multiple of 4), or `None` if any byte is not `0-9`/`a-f`.
///
/// Branch-free per word; the verdict is the only output, see
/// [`first_invalid`] for the diagnosis.
#[inline]
#[must_use]
pub(crate) const fn decode<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    if digits.len() != 2 * N || !N.is_multiple_of(4) {
        return None;
    }
    let mut i = 0;
    let mut rest = digits;
    let mut bad = false;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        match nibbles(u64::from_le_bytes(*word)) {
            Some(n) => {
                // i + 3 < N: digits has 2N bytes, and each step eats 8 of them
                // and writes 4 bytes.
                if let Some(four) = split_at_mut_4(&mut out, i) {
                    *four = pack(n);
                }
            }
            None => bad = true,
        }
        i += 4;
        rest = tail;
    }
    if bad { None } else { Some(out) }
}

/// The four bytes of `out` starting at `i`, if they exist.
#[inline]
const fn split_at_mut_4<const N: usize>(out: &mut [u8; N], i: usize) -> Option<&mut [u8; 4]> {
    match out.split_at_mut_checked(i) {
        Some((_, tail)) => tail.first_chunk_mut::<4>(),
        None => None,
    }
}

/// Encodes `N` bytes (`N` a multiple of 4) as `2 * N` lowercase hex digits
/// into `out`, which must be exactly `2 * N` bytes long; otherwise nothing is
/// written.
#[inline]
pub(crate) const fn encode_into<const N: usize>(bytes: &[u8; N], out: &mut [u8]) {
    if out.len() != 2 * N || !N.is_multiple_of(4) {
        return;
    }
    let mut src: &[u8] = bytes;
    let mut dst = out;
    while let Some((four, tail)) = src.split_first_chunk::<4>() {
        let Some((eight, dtail)) = dst.split_first_chunk_mut::<8>() else {
            return;
        };
        *eight = spread(*four);
        src = tail;
        dst = dtail;
    }
}

/// Encodes `N` bytes as `2 * N` lowercase hex digits into a new array.
///
/// `M` must be `2 * N`; a mismatch leaves the output zeroed, which the
/// callers' tests rule out.
#[inline]
#[must_use]
pub(crate) const fn encode<const N: usize, const M: usize>(bytes: &[u8; N]) -> [u8; M] {
    let mut out = [0u8; M];
    encode_into(bytes, &mut out);
    out
}

/// How a byte fails to be a lowercase hex digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// `0-9` or `a-f`.
    Hex,
    /// `A-F`.
    Upper,
    /// Anything else.
    Other,
}

/// Classifies one byte (the scalar predicate the SWAR path must agree with).
#[inline]
#[must_use]
pub(crate) const fn class(b: u8) -> Class {
    match b {
        b'0'..=b'9' | b'a'..=b'f' => Class::Hex,
        b'A'..=b'F' => Class::Upper,
        _ => Class::Other,
    }
}

/// Index and class of the first byte of `digits` that is not lowercase hex.
#[cold]
#[must_use]
pub(crate) const fn first_invalid(digits: &[u8]) -> Option<(usize, Class)> {
    let mut i = 0;
    let mut rest = digits;
    while let [b, tail @ ..] = rest {
        match class(*b) {
            Class::Hex => {}
            c => return Some((i, c)),
        }
        i += 1;
        rest = tail;
    }
    None
}

/// Value of one lowercase hex digit.
#[inline]
#[must_use]
pub(crate) const fn digit_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Lowercase hex digit for a nibble (`n & 0xF`).
#[inline]
#[must_use]
pub(crate) const fn digit(n: u8) -> u8 {
    let n = n & 0x0F;
    if n < 10 { b'0' + n } else { b'a' + n - 10 }
}

/// Upper-case hex digit for a nibble (`n & 0xF`), as percent-encoding writes
/// it (BG-12).
#[inline]
#[must_use]
pub(crate) const fn digit_upper(n: u8) -> u8 {
    let n = n & 0x0F;
    if n < 10 { b'0' + n } else { b'A' + n - 10 }
}

/// Value of each byte as a hex digit of either case, `0xFF` for a byte that
/// is not one (built at compile time from the match below).
static ANY_CASE: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut rest: &mut [u8] = &mut t;
    let mut b: u8 = 0;
    while let [slot, tail @ ..] = rest {
        *slot = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => 0xFF,
        };
        b = b.wrapping_add(1);
        rest = tail;
    }
    t
};

/// Value of one hex digit of either case (`0-9`, `a-f`, `A-F`), as
/// percent-decoding reads it (BG-09); the tests' reference for the table.
#[cfg(test)]
#[must_use]
pub(crate) fn digit_value_any_case(b: u8) -> Option<u8> {
    match ANY_CASE.get(usize::from(b)) {
        Some(&v) if v < 16 => Some(v),
        _ => None,
    }
}

/// Decodes `%`-escape digits `hi`, `lo` of either case into a byte.
#[inline]
#[must_use]
pub(crate) fn decode_byte_any_case(hi: u8, lo: u8) -> Option<u8> {
    let h = ANY_CASE.get(usize::from(hi)).copied().unwrap_or(0xFF);
    let l = ANY_CASE.get(usize::from(lo)).copied().unwrap_or(0xFF);
    // Both below 16 exactly when neither has a bit of 0xF0 set.
    if (h | l) & 0xF0 == 0 {
        Some((h << 4) | l)
    } else {
        None
    }
}

/// Decodes two lowercase hex digits into a byte.
#[inline]
#[must_use]
pub(crate) const fn decode_byte(hi: u8, lo: u8) -> Option<u8> {
    match (digit_value(hi), digit_value(lo)) {
        (Some(h), Some(l)) => Some((h << 4) | l),
        _ => None,
    }
}

/// Scalar reference decoder: one digit at a time. Same contract as
/// [`decode`]; kept for tests, fuzzers and benches.
#[must_use]
pub(crate) const fn decode_scalar<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    if digits.len() != 2 * N {
        return None;
    }
    let mut rest = digits;
    let mut o: &mut [u8] = &mut out;
    while let ([hi, lo, tail @ ..], [slot, otail @ ..]) = (rest, o) {
        match decode_byte(*hi, *lo) {
            Some(v) => *slot = v,
            None => return None,
        }
        rest = tail;
        o = otail;
    }
    Some(out)
}

/// Scalar reference encoder: one nibble at a time.
#[must_use]
pub(crate) const fn encode_scalar<const N: usize, const M: usize>(bytes: &[u8; N]) -> [u8; M] {
    let mut out = [0u8; M];
    let mut src: &[u8] = bytes;
    let mut dst: &mut [u8] = &mut out;
    while let ([b, tail @ ..], [hi, lo, dtail @ ..]) = (src, dst) {
        *hi = digit(*b >> 4);
        *lo = digit(*b);
        src = tail;
        dst = dtail;
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::unwrap_used)]
    use super::*;

    /// Every byte value in every lane position: the SWAR verdict and value
    /// agree with the scalar predicate and the `hex` crate.
    #[test]
    fn every_byte_in_every_lane_matches_scalar_and_hex_crate() {
        for lane in 0..16 {
            for b in 0..=255u8 {
                let mut digits = *b"0123456789abcdef";
                digits[lane] = b;
                let swar = decode::<8>(&digits);
                let scalar = decode_scalar::<8>(&digits);
                assert_eq!(swar, scalar, "byte {b:#04x} in lane {lane}");
                let oracle = hex::decode(digits).ok();
                let oracle_lower = oracle.filter(|_| !digits.iter().any(u8::is_ascii_uppercase));
                assert_eq!(
                    swar.map(|a| a.to_vec()),
                    oracle_lower,
                    "byte {b:#04x} lane {lane}"
                );
                let first = first_invalid(&digits);
                match class(b) {
                    Class::Hex => assert_eq!(first, None),
                    c => assert_eq!(first, Some((lane, c))),
                }
            }
        }
    }

    /// All 65,536 two-digit pairs against the scalar decoder.
    #[test]
    fn all_digit_pairs_match_scalar() {
        for hi in 0..=255u8 {
            for lo in 0..=255u8 {
                let mut digits = *b"0000000000000000";
                digits[6] = hi;
                digits[7] = lo;
                assert_eq!(decode::<8>(&digits), decode_scalar::<8>(&digits));
                assert_eq!(
                    decode_byte(hi, lo),
                    decode_scalar::<1>(&[hi, lo]).map(|a| a[0])
                );
            }
        }
    }

    #[test]
    fn encode_every_byte_in_every_position_matches_hex_crate() {
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = [0x5au8; 8];
                bytes[pos] = b;
                let swar: [u8; 16] = encode(&bytes);
                let scalar: [u8; 16] = encode_scalar(&bytes);
                assert_eq!(swar, scalar);
                assert_eq!(&swar[..], hex::encode(bytes).as_bytes());
                assert_eq!(decode::<8>(&swar), Some(bytes));
            }
        }
    }

    #[test]
    fn sixteen_byte_round_trip() {
        let bytes: [u8; 16] =
            core::array::from_fn(|i| u8::try_from(i).unwrap().wrapping_mul(37) ^ 0xa5);
        let text: [u8; 32] = encode(&bytes);
        assert_eq!(&text[..], hex::encode(bytes).as_bytes());
        assert_eq!(decode::<16>(&text), Some(bytes));
    }

    #[test]
    fn wrong_lengths_are_refused() {
        assert_eq!(decode::<8>(b"0123456789abcde"), None);
        assert_eq!(decode::<8>(b"0123456789abcdef0"), None);
        assert_eq!(decode_scalar::<8>(b""), None);
    }

    #[test]
    fn upper_and_any_case_digits_match_hex_crate() {
        for b in 0..=255u8 {
            let upper = ::hex::encode_upper([b]).into_bytes();
            assert_eq!([digit_upper(b >> 4), digit_upper(b)], [upper[0], upper[1]]);
        }
        for b in 0..=255u8 {
            let expect = match b {
                b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' => {
                    u8::from_str_radix(core::str::from_utf8(&[b]).unwrap(), 16).ok()
                }
                _ => None,
            };
            assert_eq!(digit_value_any_case(b), expect, "{b:#x}");
            for lo in 0..=255u8 {
                let want = match (expect, digit_value_any_case(lo)) {
                    (Some(h), Some(l)) => Some((h << 4) | l),
                    _ => None,
                };
                assert_eq!(decode_byte_any_case(b, lo), want, "{b:#x} {lo:#x}");
            }
        }
    }
}
