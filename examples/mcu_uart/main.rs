//! `mcu_uart`: firmware-shaped trace propagation over serial links.
//!
//! A node reads a `traceparent` line from one UART, continues the trace with
//! a span id from its RNG (or restarts it if the line is invalid), sends the
//! child context on another UART — as text, or as the 29-byte W3C binary
//! form for a tight link — and holds a status pin high while busy.
//!
//! The logic (`firmware.rs`) is generic over embedded-hal 1.0 `OutputPin`,
//! embedded-io `Read`/`Write` and a `rand_core` RNG; this host `main` runs
//! it against in-memory UARTs (byte slices), a logging pin and a xorshift
//! RNG. `tests/mcu_uart.rs` runs it against embedded-hal-mock.
//!
//! ```sh
//! cargo run --example mcu_uart --features rand_core,embedded-io
//! cargo run --example mcu_uart --features rand_core,embedded-io -- --binary
//! ```

mod firmware;

use core::convert::Infallible;
use firmware::{Outcome, Wire, relay};

/// A status LED that prints its level.
struct LoggingPin;

impl embedded_hal::digital::ErrorType for LoggingPin {
    type Error = Infallible;
}

impl embedded_hal::digital::OutputPin for LoggingPin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        println!("status pin: low (idle)");
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Infallible> {
        println!("status pin: high (busy)");
        Ok(())
    }
}

/// xorshift64*: a stand-in for the MCU's hardware RNG. Not for production.
struct XorShift(u64);

impl rand_core::TryRng for XorShift {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        Ok(self.0.wrapping_mul(0x2545_f491_4f6c_dd1d))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let word = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

fn main() -> Result<(), String> {
    let wire = if std::env::args().any(|a| a == "--binary") {
        Wire::Binary
    } else {
        Wire::Text
    };
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);

    for input in [
        &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n"[..],
        &b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01\n"[..],
    ] {
        let mut rx = input; // `&[u8]` is an embedded_io::Read
        let mut out = [0u8; 64];
        let mut tx = &mut out[..]; // `&mut [u8]` is an embedded_io::Write
        let outcome = relay(&mut rx, &mut tx, &mut LoggingPin, &mut rng, wire)
            .map_err(|e| format!("{e:?}"))?;
        let written = 64 - tx.len();
        match outcome {
            Outcome::Continued(tp) => println!("continued: {tp}"),
            Outcome::Restarted(tp, why) => println!("restarted ({why}): {tp}"),
        }
        match wire {
            Wire::Text => println!(
                "tx: {}",
                String::from_utf8_lossy(&out[..written]).trim_end()
            ),
            Wire::Binary => {
                let hex: String = out[..written].iter().map(|b| format!("{b:02x}")).collect();
                println!("tx ({written} bytes): {hex}");
            }
        }
    }
    Ok(())
}
