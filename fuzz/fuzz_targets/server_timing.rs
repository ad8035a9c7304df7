//! The Server-Timing `trace` metric finder on raw bytes. On a found metric,
//! our encoding is found again with the same (canonical) context; on Err,
//! the offset is within the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracewire::ServerTiming;

fuzz_target!(|data: &[u8]| {
    match ServerTiming::parse(data) {
        Ok(Some(m)) => {
            let text = m.encode();
            let again = ServerTiming::parse(text.as_bytes())
                .expect("our encoding parses")
                .expect("and holds the metric");
            assert_eq!(again.context(), m.context().canonical());
        }
        Ok(None) => {}
        Err(e) => assert!(e.offset() <= data.len()),
    }
});
