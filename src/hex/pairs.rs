//! Fixed-width lowercase hex in 16-bit lanes: one byte per lane.
//!
//! Two digits are read as one little-endian `u16` (low byte = first digit,
//! the high nibble of the output byte). Each lane is checked and decoded on
//! its own with the same per-byte range arithmetic as the `u64` words of
//! the parent module, only two bytes wide; a block of 16 lanes is a plain
//! loop over `u16`s with no lane depending on another, which compilers turn
//! into SIMD (on x86-64 with SSE2: 16-bit shifts and adds on two registers,
//! and one `packuswb` for the narrowing). There are no intrinsics and no
//! unchecked code: it is the same on every target, and the parent module
//! picks it only where the target has SIMD registers (see `super`).
//!
//! A field shorter than a block (the 8-byte span id) is decoded as the
//! front of a 16-lane block padded with `'0'`, so it takes the same vector
//! path; the padding lanes are valid digits and their bytes are dropped.

/// `0x01` in both bytes of a lane.
const LO: u16 = 0x0101;
/// `0x80` in both bytes of a lane.
const HI: u16 = 0x8080;
/// `0x0F` in both bytes of a lane.
const NIB: u16 = 0x0F0F;
/// Lanes per block: 16 lanes are two 128-bit registers.
const BLOCK: usize = 16;

/// Checks and decodes one lane: the byte, and `0x80` in each byte position
/// of `w` that is not a lowercase hex digit (`0` when both are digits).
#[expect(
    clippy::inline_always,
    reason = "measured: the lane loops only vectorise once inlined into their caller (callgrind)"
)]
#[inline(always)]
const fn lane(w: u16) -> (u8, u16) {
    // y: each byte in 0x00..=0x7F, so y + (0x80 - c) has the byte's high
    // bit set exactly when y >= c and never carries into the other byte.
    let y = w & !HI;
    let ge_0 = y.wrapping_add(LO * (0x80 - b'0' as u16));
    let ge_colon = y.wrapping_add(LO * (0x80 - (b'9' + 1) as u16));
    let ge_a = y.wrapping_add(LO * (0x80 - b'a' as u16));
    let ge_g = y.wrapping_add(LO * (0x80 - (b'f' + 1) as u16));
    let good = ((ge_0 & !ge_colon) | (ge_a & !ge_g)) & !w;
    // Digit values: low nibble, plus 9 for 'a'..='f' (bit 6 set); each at
    // most 15 + 9 = 24, so the bytes never spill into each other.
    let n = (w & NIB).wrapping_add(((w >> 6) & LO).wrapping_mul(9));
    // The first digit (low byte) is the high nibble; exact for good lanes,
    // thrown away for bad ones.
    let [byte, _] = ((n << 4) | (n >> 8)).to_le_bytes();
    (byte, !good & HI)
}

/// Decodes exactly `2 * N` lowercase hex digits into `N` bytes, and a mask
/// that is zero exactly when every digit was lowercase hex and the length
/// was `2 * N`. Branch-free per lane; the bytes mean nothing when the mask
/// is not zero.
///
/// `N` a multiple of 16 decodes in place; a smaller `N` goes through one
/// padded block.
#[expect(
    clippy::inline_always,
    reason = "measured: the lane loops only vectorise once inlined into their caller (callgrind)"
)]
#[inline(always)]
#[must_use]
pub(crate) const fn decode<const N: usize>(digits: &[u8]) -> ([u8; N], u16) {
    let mut out = [0u8; N];
    if digits.len() != 2 * N {
        return (out, HI);
    }
    if N >= BLOCK {
        // In place; laid out for SIMD when N is a multiple of 16 (the
        // crate's only wide field is the 16-byte trace-id).
        let bad = decode_into(digits, &mut out);
        return (out, bad);
    }
    let mut block = [b'0'; 2 * BLOCK];
    let mut bytes = [0u8; BLOCK];
    if let Some((front, _)) = block.split_at_mut_checked(2 * N) {
        front.copy_from_slice(digits);
    }
    let bad = decode_into(&block, &mut bytes);
    if let Some((front, _)) = bytes.split_at_checked(N) {
        out.copy_from_slice(front);
    }
    (out, bad)
}

/// Decodes `digits` (exactly `2 * out.len()` bytes, as the callers size
/// them) into `out` and returns a mask that is zero exactly when every digit
/// is lowercase hex.
#[expect(
    clippy::inline_always,
    reason = "measured: the lane loops only vectorise once inlined into their caller (callgrind)"
)]
#[inline(always)]
const fn decode_into(digits: &[u8], out: &mut [u8]) -> u16 {
    let (pairs, _) = digits.as_chunks::<2>();
    // An AND of per-lane verdicts rather than an OR of masks: compilers
    // reduce it with one compare and one move-mask instead of a shuffle tree.
    let mut ok = true;
    let mut src = pairs;
    let mut dst = out;
    while let ([pair, stail @ ..], [slot, dtail @ ..]) = (src, dst) {
        let (byte, bad) = lane(u16::from_le_bytes(*pair));
        *slot = byte;
        ok &= bad == 0;
        src = stail;
        dst = dtail;
    }
    if ok { 0 } else { HI }
}

/// Decodes a 16-byte and an 8-byte field together (a traceparent's two
/// ids): one 16-lane pass over the first and the padded second, so both
/// share one verdict. Returns the bytes and a mask that is zero exactly when
/// every digit of both was lowercase hex.
#[expect(
    clippy::inline_always,
    reason = "measured: the lane loops only vectorise once inlined into their caller (callgrind)"
)]
#[inline(always)]
#[must_use]
pub(crate) const fn decode_16_8(wide: &[u8; 32], narrow: &[u8; 16]) -> ([u8; 16], [u8; 8], u16) {
    let mut block = [b'0'; 2 * BLOCK];
    if let Some((front, _)) = block.split_first_chunk_mut::<16>() {
        *front = *narrow;
    }
    let mut a = [0u8; BLOCK];
    let mut b = [0u8; BLOCK];
    let mut ok = true;
    let (mut wsrc, _) = wide.as_chunks::<2>();
    let (mut nsrc, _) = block.as_chunks::<2>();
    let mut adst: &mut [u8] = &mut a;
    let mut bdst: &mut [u8] = &mut b;
    while let ([wp, wt @ ..], [np, nt @ ..], [aslot, at @ ..], [bslot, bt @ ..]) =
        (wsrc, nsrc, adst, bdst)
    {
        let (x, xbad) = lane(u16::from_le_bytes(*wp));
        let (y, ybad) = lane(u16::from_le_bytes(*np));
        *aslot = x;
        *bslot = y;
        ok &= (xbad | ybad) == 0;
        wsrc = wt;
        nsrc = nt;
        adst = at;
        bdst = bt;
    }
    let narrow_out = match b.first_chunk::<8>() {
        Some(front) => *front,
        None => [0; 8],
    };
    (a, narrow_out, if ok { 0 } else { HI })
}

/// Encodes `N` bytes as `2 * N` lowercase hex digits into `out`, which must
/// be exactly `2 * N` bytes long; otherwise nothing is written.
#[expect(
    clippy::inline_always,
    reason = "measured: the lane loops only vectorise once inlined into their caller (callgrind)"
)]
#[inline(always)]
pub(crate) const fn encode_into<const N: usize>(bytes: &[u8; N], out: &mut [u8]) {
    if out.len() != 2 * N {
        return;
    }
    let (pairs, _) = out.as_chunks_mut::<2>();
    let mut src: &[u8] = bytes;
    let mut dst = pairs;
    while let ([b, stail @ ..], [pair, dtail @ ..]) = (src, dst) {
        *pair = digits(*b).to_le_bytes();
        src = stail;
        dst = dtail;
    }
}

/// The two lowercase digits of one byte as a lane (first digit in the low
/// byte).
#[expect(
    clippy::inline_always,
    reason = "measured: the lane loops only vectorise once inlined into their caller (callgrind)"
)]
#[inline(always)]
const fn digits(b: u8) -> u16 {
    let b = b as u16;
    // Low byte: the high nibble; high byte: the low nibble. Each 0..=15.
    let n = (b >> 4) | ((b & 0x0F) << 8);
    // 0x76 + n >= 0x80 exactly when n >= 10 (and n <= 15 keeps it below
    // 0x100, so the bytes do not carry into each other).
    let ten_up = n.wrapping_add(LO * 0x76) & HI;
    // 0x7F in those bytes (0x80 - 0x01, no borrow), masked to
    // 'a' - '0' - 10 = 39: the gap between '9' and 'a'.
    let letters = (ten_up - (ten_up >> 7)) & (LO * (b'a' - b'0' - 10) as u16);
    n.wrapping_add(LO * b'0' as u16).wrapping_add(letters)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::unwrap_used)]
    use super::*;

    /// Every byte value in every lane position, for the block width and the
    /// padded width: the lane verdict and value agree with the scalar
    /// reference of the parent module.
    #[test]
    fn every_byte_in_every_lane_matches_scalar() {
        for pos in 0..32 {
            for b in 0..=255u8 {
                let mut digits = *b"0123456789abcdef0123456789abcdef";
                digits[pos] = b;
                let (bytes, bad) = decode::<16>(&digits);
                let scalar = super::super::decode_scalar::<16>(&digits);
                assert_eq!(bad == 0, scalar.is_some(), "byte {b:#04x} at {pos}");
                if let Some(s) = scalar {
                    assert_eq!(bytes, s, "byte {b:#04x} at {pos}");
                }
                // The `hex` crate as oracle (it also takes upper case).
                let oracle = hex::decode(digits)
                    .ok()
                    .filter(|_| !digits.iter().any(u8::is_ascii_uppercase));
                assert_eq!(
                    (bad == 0).then(|| bytes.to_vec()),
                    oracle,
                    "byte {b:#04x} at {pos}"
                );
                if pos < 16 {
                    let (bytes, bad) = decode::<8>(&digits[..16]);
                    let scalar = super::super::decode_scalar::<8>(&digits[..16]);
                    assert_eq!(bad == 0, scalar.is_some(), "8: byte {b:#04x} at {pos}");
                    if let Some(s) = scalar {
                        assert_eq!(bytes, s);
                    }
                }
            }
        }
    }

    /// All 65,536 two-digit pairs in one lane.
    #[test]
    fn all_digit_pairs_match_scalar() {
        for hi in 0..=255u8 {
            for lo in 0..=255u8 {
                let (byte, bad) = lane(u16::from_le_bytes([hi, lo]));
                match super::super::decode_byte(hi, lo) {
                    Some(v) => assert_eq!((byte, bad), (v, 0)),
                    None => assert_ne!(bad, 0, "{hi:#04x} {lo:#04x}"),
                }
            }
        }
    }

    /// The two-id pass: every byte value at every one of the 48 digit
    /// positions, against the scalar reference of both fields.
    #[test]
    fn ids_every_byte_in_every_position_matches_scalar() {
        let base = *b"4bf92f3577b34da6a3ce929d0e0e473600f067aa0ba902b7";
        for pos in 0..48 {
            for b in 0..=255u8 {
                let mut digits = base;
                digits[pos] = b;
                let (wide, narrow) = digits.split_at(32);
                let wide: &[u8; 32] = wide.try_into().unwrap();
                let narrow: &[u8; 16] = narrow.try_into().unwrap();
                let (t, p, bad) = decode_16_8(wide, narrow);
                let want = super::super::decode_scalar::<16>(wide)
                    .zip(super::super::decode_scalar::<8>(narrow));
                assert_eq!(bad == 0, want.is_some(), "byte {b:#04x} at {pos}");
                if let Some((wt, wp)) = want {
                    assert_eq!((t, p), (wt, wp));
                }
            }
        }
    }

    #[test]
    fn wrong_length_is_refused_and_writes_nothing() {
        assert_ne!(decode::<8>(b"0123456789abcde").1, 0);
        assert_ne!(decode::<16>(b"0123456789abcdef").1, 0);
        let mut out = [b'x'; 15];
        encode_into(&[0xAB; 8], &mut out);
        assert_eq!(out, [b'x'; 15]);
    }

    #[test]
    fn encode_every_byte_in_every_position_matches_scalar() {
        for pos in 0..16 {
            for b in 0..=255u8 {
                let mut bytes = [0x5au8; 16];
                bytes[pos] = b;
                let mut out = [0u8; 32];
                encode_into(&bytes, &mut out);
                assert_eq!(out, super::super::encode_scalar::<16, 32>(&bytes));
                assert_eq!(&out[..], hex::encode(bytes).as_bytes());
            }
        }
    }
}
