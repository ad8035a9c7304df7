//! `TraceParent::parse` over raw bytes (header values need not be UTF-8).
//!
//! - never panics;
//! - an accepted value encodes to 55 bytes that parse back to its canonical
//!   form (version 00, reserved flag bits cleared), and that re-encode
//!   byte for byte;
//! - an error's offset is within the input (TP-09), and the `&str` entry
//!   points agree with the byte one.
//!
//! Run: `cargo +nightly fuzz run traceparent fuzz/seeds/traceparent`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracewire::TraceParent;

fuzz_target!(|data: &[u8]| {
    let parsed = TraceParent::parse(data);
    match parsed {
        Ok(tp) => {
            let encoded = tp.encode();
            assert_eq!(encoded.len(), TraceParent::LEN);
            assert!(
                encoded
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f' | b'-'))
            );
            let again = TraceParent::parse(encoded.as_bytes()).expect("an encoded value parses");
            assert_eq!(again, tp.canonical());
            assert_eq!(again.version(), 0);
            assert_eq!(again.flags().bits() & !0x03, 0, "reserved bits cleared");
            assert_eq!(again.encode(), encoded, "encode is stable");
        }
        Err(e) => {
            assert!(
                e.offset() <= data.len(),
                "offset {} > len {}",
                e.offset(),
                data.len()
            );
            assert!(!e.kind().spec_id().is_empty());
        }
    }
    if let Ok(s) = core::str::from_utf8(data) {
        assert_eq!(s.parse::<TraceParent>(), parsed);
        assert_eq!(TraceParent::try_from(s), parsed);
    }
});
