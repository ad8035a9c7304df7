//! Fixed-width lowercase hex: branch-free lane arithmetic, no intrinsics.
//!
//! This is the crate's only hex code. Every id of `traceparent`, the Server
//! Timing metric and the binary form goes through it.
//!
//! # How the SWAR path works
//!
//! Eight ASCII digits are read as one little-endian `u64`, one byte per lane
//! (lane `i` = digit `i`). With the high bit of every lane cleared (`y`),
//! `(y + (0x80 - c)) & 0x80` is `0x80` exactly when `y >= c`: the sum is at
//! most `0xFF`, so no lane carries into its neighbour. Two such range checks
//! per class (`0-9`, `a-f`), and the original high bit, give a branch-free
//! validity mask. Every word of a field is checked and packed, and the
//! masks are OR-ed: one branch per field decides, and the caller sends a bad
//! field to its scalar path, which names the first bad byte.
//!
//! # Two layouts of the same arithmetic
//!
//! The `u64` words here suit targets without SIMD registers (32-bit MCUs):
//! eight digits per step. On targets with SIMD (x86-64, `AArch64`,
//! `wasm32` with `simd128`) the same range checks run in 16-bit lanes instead
//! ([`pairs`]), one output byte per lane, which compilers vectorise into
//! plain 16-bit SIMD operations and one narrowing, where the vectorised `u64`
//! words need a shift-and-mask squeeze per word (benches/README.md has the
//! figures: the 16-byte decode went from 4.7 to 3.9 ns). The choice is a `cfg` on the
//! target's features ([`LANES16`]), fixed at compile time: no runtime
//! dispatch, no intrinsics. Both layouts are compiled and tested on every
//! host, against the scalar reference.
//!
//! The scalar reference functions stay callable (`decode_scalar`,
//! `encode_scalar`) so tests and fuzzers can compare the paths.

mod pairs;

/// Whether fixed-width fields are decoded and encoded in 16-bit lanes
/// ([`pairs`]) rather than `u64` words: on targets with SIMD registers.
pub(crate) const LANES16: bool = cfg!(any(
    target_feature = "sse2",
    target_feature = "neon",
    target_feature = "simd128"
));

/// `0x01` in every lane.
const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every lane.
const HI: u64 = 0x8080_8080_8080_8080;

/// `0x0F` in every lane.
const NIB: u64 = 0x0F0F_0F0F_0F0F_0F0F;

/// Lanes of `x` that are not lowercase hex digits: `0x80` in each bad lane,
/// `0` in each good one. Branch-free.
#[inline]
const fn bad_lanes(x: u64) -> u64 {
    // y: each lane in 0x00..=0x7F (the high bit is judged on its own below).
    let y = x & !HI;
    // y + (0x80 - c) has its lane's high bit set exactly when y >= c; the sum
    // is at most 0x7F + 0x80 = 0xFF, so no lane carries into the next.
    let ge_0 = y.wrapping_add(LO * (0x80 - b'0' as u64));
    let ge_colon = y.wrapping_add(LO * (0x80 - (b'9' + 1) as u64));
    let ge_a = y.wrapping_add(LO * (0x80 - b'a' as u64));
    let ge_g = y.wrapping_add(LO * (0x80 - (b'f' + 1) as u64));
    // Good lane: ASCII and in '0'..='9' or 'a'..='f'.
    let good = ((ge_0 & !ge_colon) | (ge_a & !ge_g)) & !x;
    !good & HI
}

/// The value of each lane taken as a hex digit: low nibble, plus 9 when bit
/// 6 is set ('a'..='f' are 0x61..=0x66). Exact for good lanes; any lane is
/// at most 15 + 9 = 24, so garbage in bad lanes never spills over.
#[inline]
const fn nibbles(x: u64) -> u64 {
    (x & NIB).wrapping_add(((x >> 6) & LO).wrapping_mul(9))
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

/// [`pack`] with one multiply for the pairing step.
///
/// In each 16-bit lane, hi (lane 2j) + lo (lane 2j+1) * 0x100, times 0x1001,
/// puts hi * 16 + lo in the lane's upper byte: the terms are hi * 0x1000,
/// lo * 0x100 and hi, plus the previous lane's lo * 0x10 spilling into bits
/// 4..8, and for nibbles they sum to at most 0xFFFF, so no lane carries
/// (bad lanes may carry, but their output is thrown away).
///
/// Cheaper than [`pack`] in scalar code; used where the compiler keeps the
/// packing scalar (two words, the 8-byte ids). With four words it vectorises
/// [`pack`], and SSE2 has no 64-bit multiply.
#[inline]
const fn pack_mul(n: u64) -> [u8; 4] {
    let v = (n.wrapping_mul(0x1001) >> 8) & 0x00FF_00FF_00FF_00FF;
    let v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
    let v = (v | (v >> 16)) & 0x0000_0000_FFFF_FFFF;
    (v as u32).to_le_bytes()
}

/// Spreads four bytes into eight lowercase hex digits.
#[inline]
const fn spread(b: [u8; 4]) -> [u8; 8] {
    spread_word(u32::from_le_bytes(b)).to_le_bytes()
}

/// Spreads four bytes, given as a little-endian `u32` (first byte in the low
/// bits), into eight lowercase hex digits as a little-endian word (first
/// digit in the low byte).
#[inline]
const fn spread_word(b: u32) -> u64 {
    let x = b as u64;
    // Byte j moves to lane 2j.
    let x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
    let x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF;
    // Lane 2j = high nibble, lane 2j+1 = low nibble; each lane 0..=15.
    let n = ((x >> 4) & 0x000F_000F_000F_000F) | ((x & 0x000F_000F_000F_000F) << 8);
    // 0x76 + n >= 0x80 exactly when n >= 10 (and n <= 15 keeps it < 0x100).
    let ten_up = n.wrapping_add(LO * 0x76) & HI;
    // 0x80 - 0x01 = 0x7F in those lanes, 0 elsewhere; no lane borrows. Those
    // lanes get 'a' - '0' - 10 = 39 (< 0x7F) added.
    let letters = (ten_up - (ten_up >> 7)) & (LO * (b'a' - b'0' - 10) as u64);
    n.wrapping_add(LO * (b'0' as u64)).wrapping_add(letters)
}

/// Decodes exactly `2 * N` lowercase hex digits into `N` bytes, or `None`
/// if any byte is not `0-9`/`a-f`, in this target's layout ([`LANES16`];
/// the `u64` words take `N` a multiple of 4).
///
/// Branch-free per lane or word; the verdict is the only output, see
/// [`first_invalid`] for the diagnosis.
#[inline]
#[must_use]
pub(crate) const fn decode<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
    let (out, bad) = if LANES16 {
        let (out, bad) = pairs::decode::<N>(digits);
        (out, bad as u64)
    } else {
        decode_words::<N>(digits)
    };
    if bad == 0 { Some(out) } else { None }
}

/// A traceparent's trace-id (32 digits) and parent-id (16 digits) decoded
/// together, with one mask that is zero exactly when all 48 are lowercase
/// hex.
#[inline]
#[must_use]
pub(crate) const fn decode_ids(trace: &[u8; 32], parent: &[u8; 16]) -> ([u8; 16], [u8; 8], u64) {
    if LANES16 {
        let (t, p, bad) = pairs::decode_16_8(trace, parent);
        (t, p, bad as u64)
    } else {
        decode_ids_words(trace, parent)
    }
}

/// [`decode_ids`] in `u64` words: the layout for targets without SIMD.
#[inline]
#[must_use]
const fn decode_ids_words(trace: &[u8; 32], parent: &[u8; 16]) -> ([u8; 16], [u8; 8], u64) {
    let (t, bad_t) = decode_words::<16>(trace);
    let (p, bad_p) = decode_words::<8>(parent);
    (t, p, bad_t | bad_p)
}

/// [`decode`] in `u64` words (`N` a multiple of 4), without the final
/// branch: the bytes and a mask that is zero exactly when every digit was
/// lowercase hex (and the length `2 * N`). The layout for targets without
/// SIMD.
#[inline]
#[must_use]
pub(crate) const fn decode_words<const N: usize>(digits: &[u8]) -> ([u8; N], u64) {
    let mut out = [0u8; N];
    if digits.len() != 2 * N || !N.is_multiple_of(4) {
        return (out, HI);
    }
    // Every word is checked and packed, and the masks are OR-ed, so the loop
    // has no data-dependent branch.
    let mut bad = 0;
    let mut src = digits;
    let mut dst: &mut [u8] = &mut out;
    while let (Some((word, tail)), Some((four, dtail))) = (
        src.split_first_chunk::<8>(),
        dst.split_first_chunk_mut::<4>(),
    ) {
        let x = u64::from_le_bytes(*word);
        bad |= bad_lanes(x);
        // N is a constant, so this choice costs nothing at run time.
        *four = if N <= 8 {
            pack_mul(nibbles(x))
        } else {
            pack(nibbles(x))
        };
        src = tail;
        dst = dtail;
    }
    (out, bad)
}

/// Encodes `N` bytes (`N` a multiple of 4) as `2 * N` lowercase hex digits
/// into `out`, which must be exactly `2 * N` bytes long; otherwise nothing is
/// written.
#[inline]
pub(crate) const fn encode_into<const N: usize>(bytes: &[u8; N], out: &mut [u8]) {
    if LANES16 {
        pairs::encode_into(bytes, out);
    } else {
        encode_words(bytes, out);
    }
}

/// [`encode_into`] in `u64` words (`N` a multiple of 4): the layout for
/// targets without SIMD.
#[inline]
pub(crate) const fn encode_words<const N: usize>(bytes: &[u8; N], out: &mut [u8]) {
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

/// Value of each byte as a lowercase hex digit, `0xF0` for a byte that is
/// not one (built at compile time from [`digit_value`]).
const LOWER: [u8; 256] = {
    let mut t = [0xF0u8; 256];
    let mut rest: &mut [u8] = &mut t;
    let mut b: u8 = 0;
    while let [slot, tail @ ..] = rest {
        if let Some(v) = digit_value(b) {
            *slot = v;
        }
        b = b.wrapping_add(1);
        rest = tail;
    }
    t
};

/// Two lowercase hex digits as one byte, by table, and a mask that is zero
/// exactly when both are digits; branch-free (the byte means nothing when
/// the mask is not zero).
#[inline]
#[must_use]
pub(crate) const fn decode_byte_lanes(hi: u8, lo: u8) -> (u8, u8) {
    let h = lower_value(hi);
    let l = lower_value(lo);
    ((h << 4) | l, (h | l) & 0xF0)
}

/// Value of one lowercase hex digit by table: `0..=15`, or `0xF0` for a
/// byte that is not one.
#[inline]
pub(crate) const fn lower_value(b: u8) -> u8 {
    match crate::ids::byte_at(&LOWER, b as usize) {
        Some(v) => v,
        None => 0xF0,
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

    /// The `u64`-word layout as an `Option`, like [`decode`]: these tests
    /// check it on every host, whichever layout the host itself uses.
    fn words<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
        match decode_words::<N>(digits) {
            (out, 0) => Some(out),
            _ => None,
        }
    }

    fn words_encode<const N: usize, const M: usize>(bytes: &[u8; N]) -> [u8; M] {
        let mut out = [0u8; M];
        encode_words(bytes, &mut out);
        out
    }

    /// Every byte value in every lane position: the SWAR verdict and value
    /// agree with the scalar predicate and the `hex` crate.
    #[test]
    fn every_byte_in_every_lane_matches_scalar_and_hex_crate() {
        for lane in 0..16 {
            for b in 0..=255u8 {
                let mut digits = *b"0123456789abcdef";
                digits[lane] = b;
                let swar = words::<8>(&digits);
                let scalar = decode_scalar::<8>(&digits);
                assert_eq!(swar, scalar, "byte {b:#04x} in lane {lane}");
                assert_eq!(decode::<8>(&digits), scalar, "host layout, byte {b:#04x}");
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

    /// The table-driven pair decode against the `match`-based reference,
    /// for all 65,536 pairs.
    #[test]
    fn byte_lanes_match_decode_byte_for_every_pair() {
        for hi in 0..=255u8 {
            for lo in 0..=255u8 {
                let (byte, bad) = decode_byte_lanes(hi, lo);
                match decode_byte(hi, lo) {
                    Some(v) => assert_eq!((byte, bad), (v, 0), "{hi:#04x} {lo:#04x}"),
                    None => assert_ne!(bad, 0, "{hi:#04x} {lo:#04x}"),
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
                assert_eq!(words::<8>(&digits), decode_scalar::<8>(&digits));
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
                let swar: [u8; 16] = words_encode(&bytes);
                let scalar: [u8; 16] = encode_scalar(&bytes);
                assert_eq!(swar, scalar);
                assert_eq!(encode::<8, 16>(&bytes), scalar, "host layout");
                assert_eq!(&swar[..], hex::encode(bytes).as_bytes());
                assert_eq!(words::<8>(&swar), Some(bytes));
            }
        }
    }

    /// Both layouts of the two-id decode, every byte value at every one of
    /// the 48 digit positions, against the scalar reference.
    #[test]
    fn ids_both_layouts_match_scalar() {
        let base = *b"4bf92f3577b34da6a3ce929d0e0e473600f067aa0ba902b7";
        for pos in 0..48 {
            for b in 0..=255u8 {
                let mut digits = base;
                digits[pos] = b;
                let (t, p) = digits.split_at(32);
                let t: &[u8; 32] = t.try_into().unwrap();
                let p: &[u8; 16] = p.try_into().unwrap();
                let want = decode_scalar::<16>(t).zip(decode_scalar::<8>(p));
                for (tid, pid, bad) in [decode_ids(t, p), decode_ids_words(t, p)] {
                    assert_eq!(bad == 0, want.is_some(), "byte {b:#04x} at {pos}");
                    if let Some(w) = want {
                        assert_eq!((tid, pid), w);
                    }
                }
            }
        }
    }

    #[test]
    fn sixteen_byte_round_trip() {
        let bytes: [u8; 16] =
            core::array::from_fn(|i| u8::try_from(i).unwrap().wrapping_mul(37) ^ 0xa5);
        let text: [u8; 32] = encode(&bytes);
        assert_eq!(&text[..], hex::encode(bytes).as_bytes());
        assert_eq!(words_encode::<16, 32>(&bytes), text);
        assert_eq!(decode::<16>(&text), Some(bytes));
        assert_eq!(words::<16>(&text), Some(bytes));
    }

    #[test]
    fn wrong_lengths_are_refused() {
        assert_eq!(decode::<8>(b"0123456789abcde"), None);
        assert_eq!(decode::<8>(b"0123456789abcdef0"), None);
        assert_eq!(words::<8>(b"0123456789abcde"), None);
        assert_eq!(words::<8>(b"0123456789abcdef0"), None);
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
