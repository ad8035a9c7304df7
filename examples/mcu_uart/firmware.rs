//! The firmware part of the `mcu_uart` example: generic over embedded-hal
//! 1.0 and embedded-io, `no_std`-shaped (no heap, no std, no panics), so it
//! runs unchanged on a microcontroller and, with in-memory UARTs, on a host.

use embedded_hal::digital::OutputPin;
use embedded_io::{Read, Write};
use rand_core::Rng;
use tracewire::{ParseError, TraceParent, binary};

/// How the child context goes out on the second UART.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wire {
    /// The 55-byte text header value and `\n`.
    Text,
    /// The 29-byte W3C binary traceparent (BIN-01).
    Binary,
}

/// What happened to the incoming context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The incoming traceparent was valid and has been continued.
    Continued(TraceParent),
    /// The incoming line was not a valid traceparent: a new trace was
    /// started (TP-20), and this is why.
    Restarted(TraceParent, ParseError),
}

impl Outcome {
    /// The context that was sent on.
    pub fn sent(&self) -> TraceParent {
        match self {
            Self::Continued(tp) | Self::Restarted(tp, _) => *tp,
        }
    }
}

/// A hardware failure while relaying.
#[derive(Debug)]
pub enum Error<R, W, P> {
    /// The receiving UART failed.
    Rx(R),
    /// The sending UART failed.
    Tx(W),
    /// The status pin failed.
    Pin(P),
    /// The line ended before a newline, or did not fit the line buffer
    /// (then it is skipped to its newline).
    Line,
}

/// The [`Error`] of [`relay`] for these UARTs and pin.
pub type RelayError<RX, TX, P> = Error<
    <RX as embedded_io::ErrorType>::Error,
    <TX as embedded_io::ErrorType>::Error,
    <P as embedded_hal::digital::ErrorType>::Error,
>;

/// Longest line accepted: a traceparent with some room for a higher version.
pub const LINE_MAX: usize = 96;

/// Reads one traceparent line from `rx`, continues it with a span id from
/// `rng` (or restarts the trace when the line is invalid), writes the child
/// on `tx` in the `wire` format, and holds `busy` high meanwhile.
///
/// # Errors
///
/// [`Error`] when a UART or the pin fails, or no complete line arrived.
pub fn relay<RX, TX, P, R>(
    rx: &mut RX,
    tx: &mut TX,
    busy: &mut P,
    rng: &mut R,
    wire: Wire,
) -> Result<Outcome, RelayError<RX, TX, P>>
where
    RX: Read,
    TX: Write,
    P: OutputPin,
    R: Rng,
{
    busy.set_high().map_err(Error::Pin)?;
    let result = relay_inner(rx, tx, rng, wire);
    // The pin goes low again whatever happened.
    busy.set_low().map_err(Error::Pin)?;
    result
}

fn relay_inner<RX, TX, R, PE>(
    rx: &mut RX,
    tx: &mut TX,
    rng: &mut R,
    wire: Wire,
) -> Result<Outcome, Error<RX::Error, TX::Error, PE>>
where
    RX: Read,
    TX: Write,
    R: Rng,
{
    let mut line = [0u8; LINE_MAX];
    let len = read_line(rx, &mut line)?;
    let received = line.get(..len).unwrap_or_default();
    // TraceParent::parse trims SP/HTAB itself; a CR before the LF is the
    // line ending of a serial terminal, not part of the value.
    let received = received.strip_suffix(b"\r").unwrap_or(received);
    let outcome = match TraceParent::parse(received) {
        Ok(incoming) => Outcome::Continued(incoming.child_random(rng)),
        Err(why) => Outcome::Restarted(TraceParent::new_root(rng, false), why),
    };
    // Both forms are encoded on the stack, then written whole, so a UART
    // error comes back as it is. (`write_to(&mut IoSink::new(tx))` writes the
    // same bytes, but reports a writer failure only as `CapacityError`.)
    let sent = outcome.sent();
    let text;
    let bytes: &[u8] = match wire {
        Wire::Text => {
            text = sent.encode();
            text.as_bytes()
        }
        Wire::Binary => &binary::traceparent::encode(&sent),
    };
    tx.write_all(bytes).map_err(Error::Tx)?;
    if wire == Wire::Text {
        tx.write_all(b"\n").map_err(Error::Tx)?;
    }
    tx.flush().map_err(Error::Tx)?;
    Ok(outcome)
}

/// Reads bytes up to and without `\n` into `buf`; returns the length.
///
/// A line longer than `buf` is read to its end and dropped whole
/// ([`Error::Line`]), so the next call starts at the next line, not in the
/// middle of this one.
fn read_line<RX: Read, WE, PE>(
    rx: &mut RX,
    buf: &mut [u8],
) -> Result<usize, Error<RX::Error, WE, PE>> {
    let mut len = 0;
    let mut too_long = false;
    loop {
        let mut byte = [0u8; 1];
        if rx.read(&mut byte).map_err(Error::Rx)? == 0 {
            return Err(Error::Line);
        }
        if byte == [b'\n'] {
            return if too_long { Err(Error::Line) } else { Ok(len) };
        }
        match buf.get_mut(len) {
            Some(slot) => {
                *slot = byte[0];
                len += 1;
            }
            None => too_long = true,
        }
    }
}
