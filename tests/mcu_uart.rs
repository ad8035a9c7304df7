//! Runs the firmware logic of `examples/mcu_uart` on the host: in-memory
//! UARTs (embedded-io on byte slices) and an embedded-hal-mock status pin.
#![cfg(all(feature = "rand_core", feature = "embedded-io"))]

#[path = "../examples/mcu_uart/firmware.rs"]
mod firmware;

use core::convert::Infallible;
use embedded_hal_mock::eh1::digital::{Mock as PinMock, State, Transaction};
use firmware::{Error, Outcome, Wire, relay};
use tracewire::{ErrorKind, SpanId, TraceParent, binary};

/// A counter RNG: the span ids it yields are predictable.
struct Counter(u8);

impl rand_core::TryRng for Counter {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(u32::from(self.next_byte()))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(u64::from(self.next_byte()))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for b in dst {
            *b = self.next_byte();
        }
        Ok(())
    }
}

impl Counter {
    fn next_byte(&mut self) -> u8 {
        self.0 = self.0.wrapping_add(1);
        self.0
    }
}

const INCOMING: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n";

/// A pin that expects exactly one busy period.
fn busy_pin() -> PinMock {
    PinMock::new(&[Transaction::set(State::High), Transaction::set(State::Low)])
}

#[test]
fn text_child_goes_out_with_the_rng_span_id() {
    let mut rx = INCOMING;
    let mut out = [0u8; 64];
    let mut tx = &mut out[..];
    let mut pin = busy_pin();
    let outcome = relay(&mut rx, &mut tx, &mut pin, &mut Counter(0), Wire::Text).unwrap();
    let left = tx.len();
    pin.done();
    let want = "00-4bf92f3577b34da6a3ce929d0e0e4736-0102030405060708-01\n";
    assert_eq!(&out[..64 - left], want.as_bytes());
    let expected = TraceParent::parse(&want.as_bytes()[..55]).unwrap();
    assert_eq!(outcome, Outcome::Continued(expected));
    assert_eq!(
        outcome.sent().parent_id(),
        SpanId::from_u64(0x0102_0304_0506_0708).unwrap()
    );
}

#[test]
fn binary_child_is_the_29_byte_form() {
    // CAR-18: a binary payload carries the binary form (BIN-01).
    let mut rx = INCOMING;
    let mut out = [0u8; 64];
    let mut tx = &mut out[..];
    let mut pin = busy_pin();
    let outcome = relay(&mut rx, &mut tx, &mut pin, &mut Counter(0), Wire::Binary).unwrap();
    assert_eq!(tx.len(), 64 - 29);
    pin.done();
    assert_eq!(
        binary::traceparent::parse(&out[..29]).unwrap(),
        outcome.sent()
    );
    assert_eq!(out[..3], [0, 0, 0x4b]);
    assert_eq!(out[19..27], [1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn invalid_line_restarts_the_trace_and_says_why() {
    let mut rx = &b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01\n"[..];
    let mut out = [0u8; 64];
    let mut tx = &mut out[..];
    let mut pin = busy_pin();
    let outcome = relay(&mut rx, &mut tx, &mut pin, &mut Counter(0), Wire::Text).unwrap();
    pin.done();
    let Outcome::Restarted(tp, why) = outcome else {
        panic!("expected a restart, got {outcome:?}");
    };
    assert_eq!((why.kind(), why.offset()), (ErrorKind::UppercaseHex, 4));
    assert!(tp.is_random() && !tp.is_sampled());
    assert_eq!(
        tp.trace_id().to_string(),
        "0102030405060708090a0b0c0d0e0f10"
    );
    assert_eq!(&out[..55], tp.encode().as_bytes());
}

#[test]
fn pin_goes_low_even_when_the_line_is_incomplete() {
    let mut rx = &b"00-4bf92f35"[..]; // no newline: the UART ran dry
    let mut out = [0u8; 64];
    let mut tx = &mut out[..];
    let mut pin = busy_pin();
    let res = relay(&mut rx, &mut tx, &mut pin, &mut Counter(0), Wire::Text);
    pin.done();
    assert!(matches!(res, Err(Error::Line)));
    assert_eq!(tx.len(), 64, "nothing sent");
}

// The firmware: an over-long line is an error, read to its end and dropped whole:
// its tail never reads as the next line (which would restart the trace).
#[test]
fn an_over_long_line_is_skipped_whole() {
    let mut input = vec![b'x'; 100];
    input.push(b'\n');
    input.extend_from_slice(INCOMING);
    let mut rx = &input[..];
    let mut out = [0u8; 64];
    let mut tx = &mut out[..];
    let mut pin = busy_pin();
    let res = relay(&mut rx, &mut tx, &mut pin, &mut Counter(0), Wire::Text);
    pin.done();
    assert!(matches!(res, Err(Error::Line)));
    assert_eq!(rx, INCOMING, "the next read starts at the next line");
    let mut tx = &mut out[..];
    let mut pin = busy_pin();
    let outcome = relay(&mut rx, &mut tx, &mut pin, &mut Counter(0), Wire::Text).unwrap();
    pin.done();
    assert!(matches!(outcome, Outcome::Continued(_)), "{outcome:?}");
}

#[test]
fn a_full_uart_is_a_tx_error() {
    let mut rx = INCOMING;
    let mut out = [0u8; 20];
    let mut tx = &mut out[..];
    let mut pin = busy_pin();
    let res = relay(&mut rx, &mut tx, &mut pin, &mut Counter(0), Wire::Binary);
    pin.done();
    assert!(matches!(res, Err(Error::Tx(_))));
}
