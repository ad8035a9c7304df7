//! `BaggageRef::parse` (strict) and `lenient` over raw bytes, the percent
//! codec, and the owned `Baggage`.
//!
//! - never panics; an error's offset is within the input (BG-01..BG-07,
//!   BG-21);
//! - an accepted value, and whatever the lenient reader keeps, encodes with
//!   no OWS and only baggage bytes (no CR, LF, NUL, SP) and parses strictly
//!   back to the same members (BG-23, BG-27);
//! - every value and property value decodes without panicking: into a
//!   buffer of `decoded_len()` bytes, as chars and through `Display`, all
//!   the same UTF-8 text (BG-09..BG-11);
//! - a value inserted into an owned `Baggage` reads back as the same
//!   decoded text and its encoding parses strictly (BG-12, BG-13);
//! - the input split at LF is read as several fields, joined with `,`
//!   (BG-19).
//!
//! Run: `cargo +nightly fuzz run baggage fuzz/seeds/baggage`.
#![no_main]

mod common;

use common::{assert_header_safe, assert_offset_in, assert_offset_within, join};
use libfuzzer_sys::fuzz_target;
use tracewire::baggage::PercentDecoded;
use tracewire::{Baggage, BaggageRef, SliceSink};

fn check_decoded(d: PercentDecoded<'_>) -> String {
    let mut buf = vec![0u8; d.decoded_len()];
    let s = d
        .decode_into(&mut buf)
        .expect("decoded_len bytes are enough")
        .to_string();
    assert_eq!(d.chars().collect::<String>(), s);
    assert_eq!(d.to_string(), s);
    s
}

fn check_encoding(view: &BaggageRef<'_>) {
    let mut buf = vec![0u8; view.encoded_len()];
    let mut sink = SliceSink::new(&mut buf);
    assert_eq!(view.write_to(&mut sink), Ok(buf.len()));
    assert_header_safe(&buf);
    assert!(!buf.contains(&b' ') && !buf.contains(&b'\t'), "OWS written");
    let again = BaggageRef::parse(&buf).expect("encoded baggage parses strictly");
    assert!(again.iter().eq(view.iter()));
    for m in view {
        let value = check_decoded(m.value());
        for p in m.properties() {
            assert!(!p.key().is_empty());
            if let Some(v) = p.value() {
                check_decoded(v);
            }
        }
        // Re-inserted decoded: the same text comes back.
        let mut owned = Baggage::<8192, 64>::new();
        if owned.insert(m.key(), &value).is_ok() {
            let got = owned.get(m.key()).expect("inserted key is there");
            assert_eq!(check_decoded(got.value()), value);
            assert_header_safe(owned.as_bytes());
            assert!(BaggageRef::parse(owned.as_bytes()).is_ok());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    match BaggageRef::parse(data) {
        Ok(b) => {
            assert_eq!(b, BaggageRef::lenient(data));
            check_encoding(&b);
        }
        Err(e) => assert_offset_within(&e, data),
    }
    check_encoding(&BaggageRef::lenient(data));
    if data.contains(&b'\n') {
        let fields: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
        let joined = join(&fields);
        assert_eq!(
            BaggageRef::lenient_fields(&fields),
            BaggageRef::lenient(&joined)
        );
        match BaggageRef::parse_fields(&fields) {
            Ok(b) => assert_eq!(Ok(b), BaggageRef::parse(&joined)),
            Err(e) => {
                assert_offset_in(&e, &fields);
                assert!(BaggageRef::parse(&joined).is_err());
            }
        }
    }
});
