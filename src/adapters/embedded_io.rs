//! [`IoSink`]: a [`crate::Sink`] over any `embedded_io::Write` (a UART,
//! a socket, a flash log).
//!
//! ```
//! use tracewire::{adapters::embedded_io::IoSink, traceparent};
//!
//! let mut buf = [0u8; 64];
//! let mut sink = IoSink::new(&mut buf[..]); // `&mut [u8]` implements embedded_io::Write
//! traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").write_to(&mut sink).unwrap();
//! assert_eq!(&buf[..3], b"00-");
//! ```

use crate::{CapacityError, Sink};

/// A [`Sink`] that passes everything to an `embedded_io::Write`.
///
/// The writer's room is unknown, so [`remaining`](Sink::remaining) is
/// `usize::MAX`; an I/O error is reported as [`CapacityError`], and the
/// writer may have taken part of the value by then.
///
/// # Examples
///
/// ```
/// use tracewire::{adapters::embedded_io::IoSink, traceparent, CapacityError};
///
/// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// let mut buf = [b'.'; 40];
/// let mut sink = IoSink::new(&mut buf[..]);
/// // `remaining` is unknown, so the writer's own error tells: no room.
/// assert_eq!(tp.write_to(&mut sink), Err(CapacityError));
/// // A slice checks its room first and takes nothing; a UART may take a part.
/// assert_eq!(buf, [b'.'; 40]);
/// ```
#[derive(Debug)]
pub struct IoSink<W>(W);

impl<W: embedded_io::Write> IoSink<W> {
    /// Wraps a writer.
    pub const fn new(writer: W) -> Self {
        Self(writer)
    }

    /// Returns the writer.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{adapters::embedded_io::IoSink, traceparent};
    ///
    /// let mut buf = [0u8; 64];
    /// let mut sink = IoSink::new(&mut buf[..]);
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// tp.write_to(&mut sink)?;
    /// let rest: &mut [u8] = sink.into_inner(); // a slice writer advances past what it wrote
    /// assert_eq!(rest.len(), 64 - 55);
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    pub fn into_inner(self) -> W {
        self.0
    }
}

#[cfg(feature = "defmt")]
impl<W> defmt::Format for IoSink<W> {
    /// Just the name: writers rarely implement `Format`, so requiring
    /// `W: Format` would leave most sinks without it.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "IoSink");
    }
}

impl<W: embedded_io::Write> Sink for IoSink<W> {
    fn remaining(&self) -> usize {
        usize::MAX
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.write_bytes(s.as_bytes())
    }
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        self.0.write_all(bytes).map_err(|_| CapacityError)
    }
    fn is_byte_sink(&self) -> bool {
        true
    }
}
