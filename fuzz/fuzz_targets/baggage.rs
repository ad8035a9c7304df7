//! `BaggageRef` (strict and lenient), the percent decoder and the owned
//! `Baggage` over raw bytes (header values need not be UTF-8).
//!
//! - never panics;
//! - a strict error's offset is within the input (BG-21);
//! - an accepted value copies into `Baggage`, encodes (bare `,` `;`, no OWS,
//!   only baggage-octets) and parses back to the same entries (BG-23, BG-27);
//! - what the lenient reader keeps re-encodes to a value the strict parser
//!   accepts with the same entries; a strictly valid input reads the same
//!   both ways (BG-20, BG-21);
//! - every value decodes into a buffer exactly as `char`s and `Display` do,
//!   and `decoded_len` is the decoded length (BG-09, BG-10);
//! - the same bytes split into two fields read as the one field (BG-19)
//!   when the split falls on a comma.
//!
//! Run: `cargo +nightly fuzz run baggage fuzz/seeds/baggage`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracewire::{Baggage, BaggageRef};

fn check_values(b: &BaggageRef<'_>) {
    let mut buf = [0u8; 8192];
    for m in b {
        let mut values = vec![m.value()];
        values.extend(m.properties().filter_map(|p| p.value()));
        for v in values {
            let text = v.to_string();
            assert_eq!(
                v.decode_into(&mut buf).expect("fits: decoded ≤ 3 × raw"),
                text
            );
            assert_eq!(v.chars().collect::<String>(), text);
            assert_eq!(v.decoded_len(), text.len());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let strict = BaggageRef::parse(data);
    match strict {
        Ok(view) => {
            let (owned, dropped) = Baggage::<8192, 64>::from_view_truncating(&view);
            assert_eq!(dropped, 0, "the default limits fit the default capacity");
            let text = owned.as_bytes();
            assert!(
                text.iter()
                    .all(|&b| (0x21..=0x7E).contains(&b) && b != b'"' && b != b'\\')
            );
            let again = BaggageRef::parse(text).expect("encoded baggage parses");
            assert!(again == view, "parse(encode(b)) has the same entries");
            let back = Baggage::<8192, 64>::try_from(&again).expect("fits");
            assert!(back == owned, "BG-27");
            assert!(BaggageRef::lenient(data) == view);
            check_values(&view);
        }
        Err(e) => assert!(
            e.offset() <= data.len(),
            "offset {} > len {}",
            e.offset(),
            data.len()
        ),
    }
    let lenient = BaggageRef::lenient(data);
    let text = lenient.to_string();
    assert_eq!(text.len(), lenient.encoded_len());
    let again = BaggageRef::parse(text.as_bytes()).expect("what the lenient reader keeps is valid");
    assert!(again == lenient);
    check_values(&lenient);
    // BG-19: splitting at a comma gives two fields that read as one.
    if let Some(p) = data.iter().position(|&b| b == b',') {
        let fields: [&[u8]; 2] = [&data[..p], &data[p + 1..]];
        assert!(BaggageRef::lenient_fields(&fields) == lenient);
        assert_eq!(BaggageRef::parse_fields(&fields).is_ok(), strict.is_ok());
    }
});
