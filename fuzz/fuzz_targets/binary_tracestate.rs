//! BIN-20: the binary tracestate parser on raw bytes (the first byte picks
//! the traceparent version: 0xff = unknown). On Ok, the list is valid text
//! (BIN-16) and re-encodes to the same member bytes; on Err, the offset is
//! within the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracewire::binary::tracestate as bts;
use tracewire::{SliceSink, TraceStateRef};

fuzz_target!(|data: &[u8]| {
    let Some((&v, input)) = data.split_first() else {
        return;
    };
    let version = if v == 0xff { None } else { Some(v) };
    match bts::parse(input, version) {
        Ok(ts) => {
            assert_eq!(ts.iter().count(), ts.len());
            let mut text = [0u8; 32 * 512 + 31];
            let mut sink = SliceSink::new(&mut text);
            let n = ts
                .write_text_to(&mut sink)
                .expect("room for any valid list");
            assert_eq!(n, ts.text_len());
            // The text form is a safe header value: printable ASCII, no
            // CR, LF or NUL.
            assert!(sink.as_bytes().iter().all(|b| (0x20..0x7f).contains(b)));
            let view = TraceStateRef::parse(sink.as_bytes()).expect("BIN-16: valid text");
            assert!(view.iter().eq(ts.iter()));
            let mut again = [0u8; 32 * 513];
            let mut out = SliceSink::new(&mut again);
            bts::write_to(&view, &mut out).expect("re-encodes");
            assert_eq!(out.as_bytes(), ts.as_bytes());
        }
        Err(e) => assert!(e.offset() <= input.len()),
    }
});
