//! [`crate::Sink`] for `heapless::String<N>` and `heapless::Vec<u8, N>`.
//!
//! ```
//! use tracewire::traceparent;
//!
//! let mut out: heapless::String<64> = heapless::String::new();
//! traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").write_to(&mut out).unwrap();
//! assert_eq!(out.len(), 55);
//! ```

use crate::{CapacityError, Sink};

impl<const N: usize> Sink for heapless::String<N> {
    fn remaining(&self) -> usize {
        N.saturating_sub(self.len())
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.push_str(s).map_err(|_| CapacityError)
    }
}

impl<const N: usize> Sink for heapless::Vec<u8, N> {
    fn remaining(&self) -> usize {
        N.saturating_sub(self.len())
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.write_bytes(s.as_bytes())
    }
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        self.extend_from_slice(bytes).map_err(|_| CapacityError)
    }
    fn is_byte_sink(&self) -> bool {
        true
    }
}
