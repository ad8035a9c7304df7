//! Entry points for the footprint measurement: each feature exports a parse
//! and an encode function of one codec with `#[no_mangle]`, so LTO keeps
//! exactly the code a user of that codec pays for.
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

#[cfg(feature = "traceparent")]
mod traceparent {
    use tracewire::TraceParent;

    /// Parse a traceparent.
    #[unsafe(no_mangle)]
    pub fn tw_traceparent_parse(input: &[u8], out: &mut Option<TraceParent>) -> bool {
        *out = TraceParent::parse(input).ok();
        out.is_some()
    }

    /// Encode a traceparent.
    #[unsafe(no_mangle)]
    pub fn tw_traceparent_encode(tp: &TraceParent, out: &mut [u8; 55]) {
        *out = tp.encode().into_bytes();
    }
}

#[cfg(feature = "binary")]
mod binary {
    use tracewire::TraceParent;
    use tracewire::binary::traceparent;

    #[unsafe(no_mangle)]
    pub fn tw_binary_parse(input: &[u8], out: &mut Option<TraceParent>) -> bool {
        *out = traceparent::parse(input).ok();
        out.is_some()
    }

    #[unsafe(no_mangle)]
    pub fn tw_binary_encode(tp: &TraceParent, out: &mut [u8; 29]) {
        *out = traceparent::encode(tp);
    }
}

#[cfg(feature = "binary-tracestate")]
mod binary_tracestate {
    use tracewire::binary::tracestate;
    use tracewire::{SliceSink, TraceStateRef};

    /// Parse a binary tracestate and write it as text.
    #[unsafe(no_mangle)]
    pub fn tw_binary_tracestate_parse(input: &[u8], out: &mut [u8; 512]) -> usize {
        match tracestate::parse(input, Some(0)) {
            Ok(ts) => ts.write_text_to(&mut SliceSink::new(out)).unwrap_or(0),
            Err(_) => 0,
        }
    }

    /// Encode a (validated) text tracestate in the binary form.
    #[unsafe(no_mangle)]
    pub fn tw_binary_tracestate_encode(ts: &TraceStateRef<'_>, out: &mut [u8; 512]) -> usize {
        tracestate::encode_into(ts, out).unwrap_or(0)
    }
}

#[cfg(feature = "server-timing")]
mod server_timing {
    use tracewire::ServerTiming;

    #[unsafe(no_mangle)]
    pub fn tw_server_timing_parse(input: &[u8], out: &mut Option<ServerTiming>) -> bool {
        *out = ServerTiming::parse(input).ok().flatten();
        out.is_some()
    }

    #[unsafe(no_mangle)]
    pub fn tw_server_timing_encode(m: &ServerTiming, out: &mut [u8; 66]) {
        *out = m.encode().into_bytes();
    }
}

#[cfg(feature = "tracestate")]
mod tracestate {
    use tracewire::SliceSink;
    use tracewire::tracestate::TraceStateRef;

    #[unsafe(no_mangle)]
    pub fn tw_tracestate_parse(input: &[u8], out: &mut [u8; 512]) -> usize {
        match TraceStateRef::parse(input) {
            Ok(ts) => {
                let mut sink = SliceSink::new(out);
                ts.write_to(&mut sink).unwrap_or(0)
            }
            Err(_) => 0,
        }
    }
}

#[cfg(feature = "baggage")]
mod baggage {
    use tracewire::SliceSink;
    use tracewire::baggage::BaggageRef;

    #[unsafe(no_mangle)]
    pub fn tw_baggage_parse(input: &[u8], out: &mut [u8; 8192]) -> usize {
        match BaggageRef::parse(input) {
            Ok(b) => {
                let mut sink = SliceSink::new(out);
                b.write_to(&mut sink).unwrap_or(0)
            }
            Err(_) => 0,
        }
    }
}
