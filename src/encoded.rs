//! [`Encoded`]: a fixed-size ASCII buffer returned by `encode`.

use core::fmt;
use core::ops::Deref;

/// A fixed-width encoded value on the stack: `N` bytes of ASCII text.
///
/// Returned by the `encode` methods of fixed-width values
/// ([`TraceParent::encode`](crate::TraceParent::encode) gives `Encoded<55>`,
/// [`TraceId::encode`](crate::TraceId::encode) gives `Encoded<32>`). It derefs
/// to `&str` and prints as that text.
///
/// # Examples
///
/// ```
/// use tracewire::SpanId;
///
/// let id = SpanId::from_u64(0x00f0_67aa_0ba9_02b7).unwrap();
/// let text = id.encode();
/// assert_eq!(text.as_str(), "00f067aa0ba902b7");
/// assert_eq!(text.len(), 16);
/// assert_eq!(text.as_bytes()[0], b'0');
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encoded<const N: usize>(pub(crate) [u8; N]);

impl<const N: usize> Encoded<N> {
    /// The encoded bytes (always ASCII).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, TraceParent};
    ///
    /// let encoded = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").encode();
    /// let bytes: &[u8; TraceParent::LEN] = encoded.as_bytes(); // the length is in the type
    /// assert_eq!(&bytes[53..], b"01");
    /// ```
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; N] {
        &self.0
    }

    /// The encoded text.
    ///
    /// The bytes are ASCII by construction; the UTF-8 check is a cheap scan
    /// and its failure branch is never taken (it would yield `""`).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, Encoded};
    ///
    /// // `encode` and `as_str` are `const fn`: a header value fixed at compile time.
    /// const HEADER: Encoded<55> =
    ///     traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff").encode();
    /// assert_eq!(HEADER.as_str(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"); // TP-18
    /// ```
    ///
    /// # Spec
    ///
    /// TP-18, TP-28.
    #[must_use]
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(&self.0) {
            Ok(s) => s,
            Err(_) => "",
        }
    }

    /// Consumes the buffer and returns its bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::span_id;
    ///
    /// // Store the text in a fixed-size field, without a borrow.
    /// struct Record { parent: [u8; 16] }
    /// let r = Record { parent: span_id!("00f067aa0ba902b7").encode().into_bytes() };
    /// assert_eq!(&r.parent, b"00f067aa0ba902b7");
    /// ```
    #[must_use]
    pub const fn into_bytes(self) -> [u8; N] {
        self.0
    }
}

impl<const N: usize> Deref for Encoded<N> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> AsRef<str> for Encoded<N> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> AsRef<[u8]> for Encoded<N> {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Compares the encoded text with a string, so `assert_eq!(tp.encode(), "00-…")`
/// needs no `as_str()`.
///
/// ```
/// use tracewire::traceparent;
///
/// let encoded = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").encode();
/// assert_eq!(encoded, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
/// assert_eq!(*"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", encoded);
/// ```
impl<const N: usize> PartialEq<str> for Encoded<N> {
    fn eq(&self, other: &str) -> bool {
        self.0 == *other.as_bytes()
    }
}

impl<const N: usize> PartialEq<&str> for Encoded<N> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other.as_bytes()
    }
}

impl<const N: usize> PartialEq<Encoded<N>> for str {
    fn eq(&self, other: &Encoded<N>) -> bool {
        *self.as_bytes() == other.0
    }
}

impl<const N: usize> PartialEq<Encoded<N>> for &str {
    fn eq(&self, other: &Encoded<N>) -> bool {
        *self.as_bytes() == other.0
    }
}

impl<const N: usize> fmt::Display for Encoded<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const N: usize> fmt::Debug for Encoded<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(feature = "defmt")]
impl<const N: usize> defmt::Format for Encoded<N> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.as_str());
    }
}
