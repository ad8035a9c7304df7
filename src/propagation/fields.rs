//! [`FieldList`]: the values of one header name, borrowed from a carrier.

use super::Extractor;

/// The values of one field name that can hold a member (not only SP, HTAB
/// and commas: "non-blank"), in carrier order, borrowed.
///
/// List-valued headers (`tracestate`, `baggage`) may arrive as several
/// fields that are joined with `,` in arrival order (TS-16, BG-19). The codecs
/// validate such a list without copying it from a slice of fields; this type
/// collects those slices from a carrier into inline storage of `N` entries.
///
/// Fields that hold no member are skipped, so they never use a slot: empty
/// ones, and ones made only of SP, HTAB and commas (TS-02, BG-20; joined,
/// they would add only empty members). A field that finds no free slot is
/// counted in [`overflowed`](Self::overflowed): for `tracestate` (at most 32 members)
/// more than 32 non-blank fields cannot be valid; for `baggage` the fields
/// beyond the limit are dropped whole, from the end (BG-15).
///
/// # Examples
///
/// ```
/// use tracewire::propagation::{FieldList, Pairs};
///
/// let headers = [("tracestate", &b"foo=1"[..]), ("TraceState", b" , "), ("tracestate", b"bar=2")];
/// let carrier = Pairs::http(&headers);
/// let list = FieldList::<'_, 32>::collect(&carrier, "tracestate");
/// assert_eq!(list.as_slice(), [&b"foo=1"[..], b"bar=2"]);
/// assert_eq!(list.overflowed(), 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct FieldList<'a, const N: usize> {
    fields: [&'a [u8]; N],
    len: usize,
    overflowed: usize,
}

impl<'a, const N: usize> FieldList<'a, N> {
    /// An empty list.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            fields: [&[]; N],
            len: 0,
            overflowed: 0,
        }
    }

    /// The non-blank values of `name` in `carrier`, in order.
    #[must_use]
    pub fn collect<E: Extractor + ?Sized>(carrier: &'a E, name: &'a str) -> Self {
        let mut list = Self::new();
        for v in carrier.values_of(name) {
            list.push(v);
        }
        list
    }

    /// Appends a value (skipped when it holds no member: only SP, HTAB and
    /// commas, or nothing).
    pub fn push(&mut self, value: &'a [u8]) {
        crate::steps::add(value.len().saturating_add(1));
        if value.iter().all(|b| matches!(b, b' ' | b'\t' | b',')) {
            return;
        }
        match self.fields.get_mut(self.len) {
            Some(slot) => {
                *slot = value;
                self.len += 1;
            }
            None => self.overflowed = self.overflowed.saturating_add(1),
        }
    }

    /// The collected values.
    #[must_use]
    pub fn as_slice(&self) -> &[&'a [u8]] {
        self.fields.get(..self.len).unwrap_or_default()
    }

    /// Whether no non-blank value was found.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0 && self.overflowed == 0
    }

    /// How many non-blank values found no slot.
    #[must_use]
    pub const fn overflowed(&self) -> usize {
        self.overflowed
    }
}

impl<const N: usize> Default for FieldList<'_, N> {
    fn default() -> Self {
        Self::new()
    }
}
