//! The hex codec (the host's layout and the `u64`-word layout of targets
//! without SIMD) against its scalar reference and a one-line oracle.
//!
//! - decode: on the raw input, on its first 16 and 32 bytes, and on a valid
//!   encoding with one digit replaced by a fuzzer-chosen byte, SWAR and
//!   scalar agree, and both accept exactly when every digit is `0-9`/`a-f`;
//! - encode: SWAR and scalar agree, and decoding the text gives the bytes back.
//!
//! Run: `cargo +nightly fuzz run hex fuzz/seeds/hex`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracewire::_benchable::{
    hex_decode, hex_decode_scalar, hex_decode_words, hex_encode, hex_encode_scalar,
    hex_encode_words,
};

/// Decodes `digits` both ways and checks them against each other and the oracle.
fn check_decode<const N: usize>(digits: &[u8]) {
    let swar = hex_decode::<N>(digits);
    let scalar = hex_decode_scalar::<N>(digits);
    assert_eq!(swar, scalar, "SWAR and scalar disagree on {digits:?}");
    let words = hex_decode_words::<N>(digits);
    assert_eq!(words, scalar, "u64 words and scalar disagree on {digits:?}");
    let lower_hex = digits.len() == 2 * N
        && digits
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    assert_eq!(swar.is_some(), lower_hex, "verdict wrong on {digits:?}");
}

/// Encodes `bytes` both ways, decodes the text, then corrupts one digit.
fn check_encode<const N: usize, const M: usize>(bytes: &[u8; N], pos: u8, replacement: u8) {
    let swar = hex_encode::<N, M>(bytes);
    let scalar = hex_encode_scalar::<N, M>(bytes);
    assert_eq!(swar, scalar, "SWAR and scalar encode disagree on {bytes:?}");
    let words = hex_encode_words::<N, M>(bytes);
    assert_eq!(
        words, scalar,
        "u64 words and scalar encode disagree on {bytes:?}"
    );
    assert_eq!(hex_decode::<N>(&swar), Some(*bytes));
    let mut digits = swar;
    if let Some(d) = digits.get_mut(usize::from(pos) % M) {
        *d = replacement;
    }
    check_decode::<N>(&digits);
}

fuzz_target!(|data: &[u8]| {
    check_decode::<16>(data);
    check_decode::<8>(data);
    if let Some(d) = data.first_chunk::<32>() {
        check_decode::<16>(d);
    }
    if let Some(d) = data.first_chunk::<16>() {
        check_decode::<8>(d);
    }
    // Layout for the encode path: [pos, replacement, bytes...].
    if let [pos, replacement, rest @ ..] = data {
        if let Some(b) = rest.first_chunk::<16>() {
            check_encode::<16, 32>(b, *pos, *replacement);
        }
        if let Some(b) = rest.first_chunk::<8>() {
            check_encode::<8, 16>(b, *pos, *replacement);
        }
    }
});
