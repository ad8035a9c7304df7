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
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; N] {
        &self.0
    }

    /// The encoded text.
    ///
    /// The bytes are ASCII by construction; the UTF-8 check is a cheap scan
    /// and its failure branch is never taken (it would yield `""`).
    #[must_use]
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(&self.0) {
            Ok(s) => s,
            Err(_) => "",
        }
    }

    /// Consumes the buffer and returns its bytes.
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
