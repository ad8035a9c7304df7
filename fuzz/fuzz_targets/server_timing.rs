//! `ServerTiming::parse` and `find` over raw bytes (ST-05..ST-14).
//!
//! - never panics; an error's offset is within the input (within its field
//!   for `find`, whose fields are the input split at LF);
//! - a found `trace` metric encodes to `trace;desc=<55 bytes>` of safe
//!   bytes, which parses back to the canonical context and re-encodes byte
//!   for byte (ST-01, ST-02);
//! - `find` over one field is `parse`; over several, the first field with a
//!   `trace` metric decides.
//!
//! Run: `cargo +nightly fuzz run server_timing fuzz/seeds/server_timing`.
#![no_main]

mod common;

use common::{assert_header_safe, assert_offset_in, assert_offset_within};
use libfuzzer_sys::fuzz_target;
use tracewire::ServerTiming;

fn check(value: &[u8]) -> Result<Option<ServerTiming>, tracewire::ParseError> {
    let parsed = ServerTiming::parse(value);
    match parsed {
        Ok(Some(st)) => {
            let enc = st.encode();
            assert_eq!(enc.len(), ServerTiming::LEN);
            assert_eq!(st.encoded_len(), enc.len());
            assert!(enc.as_bytes().starts_with(b"trace;desc=00-"));
            assert_header_safe(enc.as_bytes());
            let again = ServerTiming::parse(enc.as_bytes())
                .expect("encoded metric parses")
                .expect("with its trace metric");
            assert_eq!(again.context(), st.context().canonical());
            assert_eq!(again.encode(), enc, "encode is stable");
        }
        Ok(None) => {}
        Err(e) => assert_offset_within(&e, value),
    }
    parsed
}

fuzz_target!(|data: &[u8]| {
    let whole = check(data);
    assert_eq!(ServerTiming::find([data]), whole);
    if data.contains(&b'\n') {
        let fields: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
        let mut want = Ok(None);
        for (i, f) in fields.iter().enumerate() {
            match check(f) {
                Ok(None) => continue,
                Ok(found) => want = Ok(found),
                Err(e) => {
                    assert_eq!(e.field(), 0);
                    want = Err((i, e.kind(), e.offset()));
                }
            }
            break;
        }
        let got = ServerTiming::find(fields.iter().copied());
        if let Err(e) = &got {
            assert_offset_in(e, &fields);
        }
        let got = got.map_err(|e| (e.field() as usize, e.kind(), e.offset()));
        assert_eq!(got, want);
    }
});
