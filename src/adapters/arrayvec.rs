//! [`crate::Sink`] for `arrayvec::ArrayString<N>` and `arrayvec::ArrayVec<u8, N>`.
//!
//! ```
//! use tracewire::traceparent;
//!
//! let mut out = arrayvec::ArrayString::<55>::new();
//! traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").write_to(&mut out).unwrap();
//! assert!(out.is_full());
//! ```

use crate::{CapacityError, Sink};

impl<const N: usize> Sink for arrayvec::ArrayString<N> {
    fn remaining(&self) -> usize {
        self.remaining_capacity()
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.try_push_str(s).map_err(|_| CapacityError)
    }
}

impl<const N: usize> Sink for arrayvec::ArrayVec<u8, N> {
    fn remaining(&self) -> usize {
        self.remaining_capacity()
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.write_bytes(s.as_bytes())
    }
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        self.try_extend_from_slice(bytes).map_err(|_| CapacityError)
    }
    fn is_byte_sink(&self) -> bool {
        true
    }
}
