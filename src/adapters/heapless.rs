//! [`crate::Sink`] for heapless strings and byte vectors of any capacity,
//! length type and storage: `heapless::String<N, LenT>`,
//! `heapless::Vec<u8, N, LenT>` and their `StringView` / `VecView` forms.
//!
//! ```
//! use tracewire::traceparent;
//!
//! let mut out: heapless::String<64> = heapless::String::new();
//! traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").write_to(&mut out).unwrap();
//! assert_eq!(out.len(), 55);
//!
//! // A `u8` length saves RAM on an MCU; the sink works the same.
//! let mut small: heapless::Vec<u8, 64, u8> = heapless::Vec::new();
//! traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").write_to(&mut small).unwrap();
//! assert_eq!(small.len(), 55);
//! ```

use heapless::LenType;
use heapless::string::{StringInner, StringStorage};
use heapless::vec::{VecInner, VecStorage};

use crate::{CapacityError, Sink};

/// Writes nothing when `s` does not fit.
impl<LenT: LenType, S: StringStorage + ?Sized> Sink for StringInner<LenT, S> {
    fn remaining(&self) -> usize {
        self.capacity().saturating_sub(self.len())
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.push_str(s).map_err(|_| CapacityError)
    }
}

/// A byte sink; writes nothing when the bytes do not fit.
impl<LenT: LenType, S: VecStorage<u8> + ?Sized> Sink for VecInner<u8, LenT, S> {
    fn remaining(&self) -> usize {
        self.capacity().saturating_sub(self.len())
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
