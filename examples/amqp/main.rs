//! `amqp`: trace context through an AMQP 1.0 broker in the binary form.
//!
//! A publisher writes the 29-byte binary traceparent into the message's
//! application-properties (and tracestate as text); an intermediary
//! continues the trace and writes message-annotations, leaving the
//! properties untouched; a consumer prefers the annotations (CAR-19..CAR-24).
//! The message is a small in-memory model, not an AMQP client.
//!
//! ```sh
//! cargo run --example amqp --features rand_core
//! ```

mod carrier;

use carrier::{AmqpValue, extract, extract_grpc, forward, publish};
use core::convert::Infallible;
use tracewire::{TraceParent, TraceStateRef};

/// A stand-in RNG (`SplitMix64`); use the platform's RNG in real code.
struct SplitMix(u64);

impl rand_core::TryRng for SplitMix {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let w = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&w[..chunk.len()]);
        }
        Ok(())
    }
}

fn show(label: &str, section: &[(String, AmqpValue)]) {
    for (k, v) in section {
        match v {
            AmqpValue::Binary(b) => {
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                println!("  {label}.{k} = binary {hex}");
            }
            AmqpValue::String(s) => println!("  {label}.{k} = string {s:?}"),
        }
    }
}

fn main() -> Result<(), tracewire::ParseError> {
    let mut rng = SplitMix(7);
    let tp = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
    let ts = TraceStateRef::parse(b"congo=t61rcWkgMzE")?;

    let mut msg = publish(b"hello", &tp, &ts);
    println!("published:");
    show("application-properties", &msg.application_properties);

    let hop = forward(&mut msg, &mut rng);
    println!("after the intermediary ({hop}):");
    show("application-properties", &msg.application_properties);
    show("message-annotations", &msg.message_annotations);

    if let Some(ctx) = extract(&msg)? {
        println!(
            "consumer reads {:?}: {} tracestate {:?}",
            ctx.section, ctx.traceparent, ctx.tracestate
        );
    }

    // gRPC: the same 29 bytes as `grpc-trace-bin` metadata (CAR-12).
    let bin = tracewire::binary::traceparent::encode(&hop);
    let grpc = extract_grpc(&[("grpc-trace-bin", &bin[..])])?;
    println!("grpc-trace-bin reads {grpc:?}");
    Ok(())
}
