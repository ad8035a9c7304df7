//! [`Sink`]: where `write_to` puts encoded text, and the sinks the crate ships.

use crate::CapacityError;
use core::fmt;

/// A destination for encoded header text.
///
/// Every encodable value has `write_to(&self, &mut impl Sink) -> Result<usize,
/// CapacityError>`. Writers first compare the encoded length with
/// [`remaining`](Self::remaining), so a failed write leaves the sink
/// untouched; then they call [`write_str`](Self::write_str) one or more times.
///
/// Implemented here for [`SliceSink`] (a cursor over `&mut [u8]`) and
/// [`FmtSink`] (any [`core::fmt::Write`]); behind features for
/// `heapless::{String, Vec<u8, N>}`, `arrayvec::{ArrayString, ArrayVec<u8, N>}`,
/// any `embedded_io::Write`, and `std`'s `String` and `Vec<u8>`.
///
/// Text sinks (`String`, [`FmtSink`], `heapless::String`, `ArrayString`)
/// hold only UTF-8; byte sinks (`SliceSink`, `Vec<u8>`, `heapless::Vec<u8,
/// N>`, `ArrayVec<u8, N>`, `IoSink`) hold any bytes and say so through
/// [`is_byte_sink`](Self::is_byte_sink). The binary encodings
/// ([`binary`](crate::binary)) go to byte sinks only: a text sink refuses
/// them whole, whatever the bytes.
///
/// # Examples
///
/// ```
/// use tracewire::{SliceSink, TraceParent};
///
/// let tp: TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".parse()?;
/// let mut buf = [0u8; 64];
/// let mut sink = SliceSink::new(&mut buf);
/// assert_eq!(tp.write_to(&mut sink), Ok(55));
/// assert_eq!(sink.as_bytes(), tp.encode().as_bytes());
/// # Ok::<(), tracewire::ParseError>(())
/// ```
pub trait Sink {
    /// How many more bytes fit; `usize::MAX` for a sink without a bound.
    fn remaining(&self) -> usize;

    /// Appends `s`, all of it or nothing.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `s` does not fit (or the underlying writer
    /// fails); the sink is then unchanged, except for unbounded writers such
    /// as [`FmtSink`], which cannot promise it.
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError>;

    /// Appends raw bytes (a binary encoding), all of them or nothing.
    ///
    /// Byte sinks (`SliceSink`, `heapless::Vec<u8, N>`, `ArrayVec<u8, N>`,
    /// `IoSink`, `Vec<u8>`) take any bytes. The default, which text sinks
    /// keep, passes bytes that are UTF-8 to [`write_str`](Self::write_str)
    /// and refuses the rest: a text sink has no room for them.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `bytes` do not fit, or when this is a text sink
    /// and `bytes` are not UTF-8; the sink is then unchanged (as for
    /// [`write_str`](Self::write_str)).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{FmtSink, Sink, SliceSink};
    ///
    /// let mut buf = [0u8; 4];
    /// let mut bytes = SliceSink::new(&mut buf);
    /// bytes.write_bytes(&[0, 0xff]).unwrap();
    /// assert_eq!(bytes.as_bytes(), &[0, 0xff]);
    ///
    /// let mut text = String::new();
    /// assert!(FmtSink(&mut text).write_bytes(&[0xff]).is_err());
    /// assert!(FmtSink(&mut text).write_bytes(b"ok").is_ok());
    /// assert_eq!(text, "ok");
    /// ```
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        match core::str::from_utf8(bytes) {
            Ok(s) => self.write_str(s),
            Err(_) => Err(CapacityError),
        }
    }

    /// Whether [`write_bytes`](Self::write_bytes) takes any bytes (a byte
    /// sink) rather than only UTF-8 (a text sink).
    ///
    /// The binary writers ([`binary::traceparent::write_to`](crate::binary::traceparent::write_to),
    /// [`binary::tracestate::write_to`](crate::binary::tracestate::write_to))
    /// check it before writing anything, so a text sink is refused whole,
    /// whatever the bytes, and never left holding part of a value. The
    /// default, `false`, goes with the default `write_bytes`; a sink that
    /// overrides `write_bytes` to take any bytes returns `true`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{FmtSink, Sink, SliceSink};
    ///
    /// let mut buf = [0u8; 4];
    /// assert!(SliceSink::new(&mut buf).is_byte_sink());
    /// assert!(!FmtSink(String::new()).is_byte_sink());
    /// ```
    fn is_byte_sink(&self) -> bool {
        false
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn remaining(&self) -> usize {
        (**self).remaining()
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        (**self).write_str(s)
    }
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        (**self).write_bytes(bytes)
    }
    fn is_byte_sink(&self) -> bool {
        (**self).is_byte_sink()
    }
}

/// Writes `parts` into `sink` after checking that their total length fits.
pub(crate) fn write_all<S: Sink + ?Sized>(
    sink: &mut S,
    total: usize,
    parts: &[&str],
) -> Result<usize, CapacityError> {
    if total > sink.remaining() {
        return Err(CapacityError);
    }
    for p in parts {
        sink.write_str(p)?;
    }
    Ok(total)
}

/// A [`Sink`] that fills a caller's byte slice from the front.
///
/// # Examples
///
/// ```
/// use tracewire::{Sink, SliceSink};
///
/// let mut buf = [0u8; 4];
/// let mut sink = SliceSink::new(&mut buf);
/// sink.write_str("ab").unwrap();
/// assert!(sink.write_str("cde").is_err()); // does not fit: nothing written
/// assert_eq!(sink.as_str(), "ab");
/// assert_eq!(sink.len(), 2);
/// ```
#[derive(Debug)]
pub struct SliceSink<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> SliceSink<'a> {
    /// A sink that writes into `buf`, starting at its first byte.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, SliceSink, TraceStateRef};
    ///
    /// // Several values, one after another, in one stack buffer.
    /// let mut buf = [0u8; 64];
    /// let mut sink = SliceSink::new(&mut buf);
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// tp.write_to(&mut sink)?;
    /// TraceStateRef::parse(b" rojo=1 ")?.write_to(&mut sink)?;
    /// assert_eq!(sink.as_str(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01rojo=1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, len: 0 }
    }

    /// Number of bytes written so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, CapacityError, SliceSink};
    ///
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// let mut buf = [0u8; 100];
    /// let mut sink = SliceSink::new(&mut buf);
    /// assert!(sink.is_empty());
    /// assert_eq!(tp.write_to(&mut sink), Ok(55));
    /// assert_eq!(tp.write_to(&mut sink), Err(CapacityError)); // 45 left: nothing written
    /// assert_eq!(sink.len(), 55);
    /// ```
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes written so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{binary, traceparent, SliceSink};
    ///
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// let mut buf = [0u8; 64];
    /// let mut sink = SliceSink::new(&mut buf);
    /// binary::traceparent::write_to(&tp, &mut sink)?;
    /// assert_eq!(sink.as_bytes().len(), binary::traceparent::LEN);
    /// assert_eq!(sink.as_bytes()[..2], [0, 0]); // version 0, field id 0 (trace-id)
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// The text written so far (every writer of the crate writes ASCII).
    #[must_use]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for SliceSink<'_> {
    /// The bytes written so far and the room left:
    /// `SliceSink(b"00-4bf9…", 9 left)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "SliceSink({=[u8]:a}, {=usize} left)",
            self.as_bytes(),
            self.remaining()
        );
    }
}

impl Sink for SliceSink<'_> {
    fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.len)
    }

    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.write_bytes(s.as_bytes())
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        let end = self.len.checked_add(bytes.len()).ok_or(CapacityError)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(CapacityError)?;
        dst.copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    fn is_byte_sink(&self) -> bool {
        true
    }
}

/// A [`Sink`] over any [`core::fmt::Write`] (a `String`, a `Formatter`, a
/// `heapless::String` used as text…).
///
/// It has no known bound, so [`remaining`](Sink::remaining) is `usize::MAX`,
/// and a writer that fails half-way may keep what it took. It is a text
/// sink: it takes only UTF-8, so the binary encodings refuse it (see
/// [`Sink::is_byte_sink`]).
///
/// # Examples
///
/// ```
/// use tracewire::{FmtSink, TraceParent};
///
/// let tp: TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".parse()?;
/// let mut out = String::new();
/// tp.write_to(&mut FmtSink(&mut out)).unwrap();
/// assert_eq!(out, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// # Ok::<(), tracewire::ParseError>(())
/// ```
#[derive(Debug)]
pub struct FmtSink<W>(pub W);

#[cfg(feature = "defmt")]
impl<W> defmt::Format for FmtSink<W> {
    /// Just the name: a `fmt::Write` target has nothing defmt can print,
    /// and requiring `W: Format` would leave most sinks without it.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "FmtSink");
    }
}

impl<W: fmt::Write> Sink for FmtSink<W> {
    fn remaining(&self) -> usize {
        usize::MAX
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.0.write_str(s).map_err(|_| CapacityError)
    }
}

#[cfg(feature = "std")]
impl Sink for std::string::String {
    fn remaining(&self) -> usize {
        usize::MAX
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.push_str(s);
        Ok(())
    }
}

#[cfg(feature = "std")]
impl Sink for std::vec::Vec<u8> {
    fn remaining(&self) -> usize {
        usize::MAX
    }
    fn write_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.extend_from_slice(s.as_bytes());
        Ok(())
    }
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        self.extend_from_slice(bytes);
        Ok(())
    }
    fn is_byte_sink(&self) -> bool {
        true
    }
}
