//! BIN-20: the binary traceparent parser on raw bytes. On Ok, the value
//! encodes, parses back to its canonical form and agrees with the text form;
//! on Err, the offset is within the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracewire::TraceParent;
use tracewire::binary::traceparent as bin;

fuzz_target!(|data: &[u8]| {
    match bin::parse(data) {
        Ok(tp) => {
            let bytes = bin::encode(&tp);
            let again = bin::parse(&bytes).expect("our encoding parses");
            assert_eq!(again, tp.canonical());
            let text = TraceParent::parse(tp.encode().as_bytes()).expect("text form parses");
            assert_eq!(bin::encode(&text), bytes);
        }
        Err(e) => assert!(e.offset() <= data.len()),
    }
});
