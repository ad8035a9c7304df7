//! [`FieldList`]: the values of one header name, borrowed from a carrier.

use super::Extractor;
use crate::ParseError;
use core::fmt;

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
/// Each kept field remembers its index among all the values pushed, blank
/// ones included ([`carrier_index`](Self::carrier_index)), so an error of a
/// parser run on [`as_slice`](Self::as_slice) can name the carrier's field
/// ([`locate`](Self::locate)), as [`ParseError::field`] promises.
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
/// assert_eq!(list.carrier_index(1), Some(2)); // field 1 of the carrier was blank
/// assert_eq!(list.overflowed(), 0);
/// ```
///
/// # Spec
///
/// TS-02, TS-16, BG-15, BG-19, BG-20, CAR-09.
#[derive(Clone, Copy)]
pub struct FieldList<'a, const N: usize> {
    fields: [&'a [u8]; N],
    /// The carrier index of each kept field (`fields[i]` was value number
    /// `at[i]` pushed).
    at: [u32; N],
    len: usize,
    /// Values pushed so far, blank ones included.
    seen: u32,
    /// Non-blank values that found no slot (at most `seen`).
    overflowed: u32,
    /// The carrier index of the first value that found no slot.
    first_overflowed: u32,
    /// The offset in that value of its first byte other than SP, HTAB and
    /// `,`: where its first member starts (TS-02, BG-20). Kept as an offset,
    /// not the value, so the list stays as small as it was.
    first_overflowed_start: u32,
}

impl<'a, const N: usize> FieldList<'a, N> {
    /// An empty list.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            fields: [&[]; N],
            at: [0; N],
            len: 0,
            seen: 0,
            overflowed: 0,
            first_overflowed: 0,
            first_overflowed_start: 0,
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
    ///
    /// Values are counted in the order pushed, blank ones included: that
    /// count is the carrier index [`carrier_index`](Self::carrier_index) and
    /// [`locate`](Self::locate) report.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::FieldList;
    ///
    /// let mut list = FieldList::<'_, 2>::new();
    /// for v in [&b"a=1"[..], b" ,\t", b"b=2", b"c=3"] {
    ///     list.push(v);
    /// }
    /// assert_eq!(list.as_slice(), [&b"a=1"[..], b"b=2"]); // the blank one took no slot
    /// assert_eq!(list.overflowed(), 1); // `c=3` found none
    /// assert_eq!(list.carrier_index(1), Some(2));
    /// ```
    ///
    /// # Spec
    ///
    /// TS-02, TS-16, BG-19, BG-20.
    pub fn push(&mut self, value: &'a [u8]) {
        crate::steps::add(value.len().saturating_add(1));
        let index = self.seen;
        self.seen = self.seen.saturating_add(1);
        if is_blank(value) {
            return;
        }
        if let (Some(slot), Some(at)) = (self.fields.get_mut(self.len), self.at.get_mut(self.len)) {
            *slot = value;
            *at = index;
            self.len += 1;
        } else {
            if self.overflowed == 0 {
                self.first_overflowed = index;
                let start = value
                    .iter()
                    .position(|b| !matches!(b, b' ' | b'\t' | b','))
                    .unwrap_or(value.len());
                self.first_overflowed_start = u32::try_from(start).unwrap_or(u32::MAX);
            }
            self.overflowed = self.overflowed.saturating_add(1);
        }
    }

    /// The collected values.
    #[must_use]
    pub fn as_slice(&self) -> &[&'a [u8]] {
        self.fields.get(..self.len).unwrap_or_default()
    }

    /// Whether no non-blank value was found.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{FieldList, Pairs};
    ///
    /// let headers = [("baggage", &b""[..]), ("baggage", b" , ")];
    /// let carrier = Pairs::http(&headers);
    /// let list = FieldList::<'_, 64>::collect(&carrier, "baggage");
    /// assert!(list.is_empty()); // only blank fields: as if absent (BG-20)
    /// ```
    ///
    /// # Spec
    ///
    /// TS-02, BG-20.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0 && self.overflowed == 0
    }

    /// How many non-blank values found no slot.
    #[must_use]
    pub const fn overflowed(&self) -> usize {
        self.overflowed as usize
    }

    /// Where the first member of the first value that found no slot
    /// starts, after its blanks and commas (0 when none found a slot).
    pub(crate) fn first_overflowed_start(&self) -> usize {
        usize::try_from(self.first_overflowed_start).unwrap_or(usize::MAX)
    }

    /// The carrier index of kept field `i` (of [`as_slice`](Self::as_slice)):
    /// its position among all the values of the name, blank ones included;
    /// `None` past the kept fields.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::FieldList;
    ///
    /// let mut list = FieldList::<'_, 2>::new();
    /// for v in [&b""[..], b"a=1", b" ,", b"b=2", b"c=3"] {
    ///     list.push(v);
    /// }
    /// assert_eq!(list.as_slice(), [&b"a=1"[..], b"b=2"]);
    /// assert_eq!((list.carrier_index(0), list.carrier_index(1)), (Some(1), Some(3)));
    /// assert_eq!(list.carrier_index(2), None);
    /// assert_eq!(list.overflowed(), 1); // `c=3`, carrier index 4
    /// ```
    #[must_use]
    pub fn carrier_index(&self, i: usize) -> Option<u32> {
        self.at.get(..self.len)?.get(i).copied()
    }

    /// `err`, from a parser given [`as_slice`](Self::as_slice), with its
    /// [`field`](ParseError::field) turned into the carrier index of that
    /// field (blank fields counted, as [`ParseError::field`] promises).
    ///
    /// A field index equal to the number of kept fields names the first
    /// value that found no slot, if any (the field a "too many members"
    /// error points at); any other index is returned unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{FieldList, Pairs};
    /// use tracewire::{ErrorKind, TraceStateRef};
    ///
    /// let headers = [("tracestate", &b""[..]), ("tracestate", b"a=1"), ("tracestate", b"B=2")];
    /// let carrier = Pairs::http(&headers);
    /// let list = FieldList::<'_, 32>::collect(&carrier, "tracestate");
    /// let err = TraceStateRef::parse_fields(list.as_slice()).unwrap_err();
    /// assert_eq!(err.field(), 1); // index in `as_slice()`
    /// let err = list.locate(err);
    /// assert_eq!((err.kind(), err.field(), err.offset()), (ErrorKind::InvalidKeyStart, 2, 0));
    /// ```
    ///
    /// # Spec
    ///
    /// TS-16, BG-19, CAR-09 (the error names the field of the carrier).
    #[must_use]
    pub fn locate(&self, err: ParseError) -> ParseError {
        let i = usize::try_from(err.field()).unwrap_or(usize::MAX);
        match self.carrier_index(i) {
            Some(at) => err.with_field(at),
            None if i == self.len && self.overflowed > 0 => err.with_field(self.first_overflowed),
            None => err,
        }
    }
}

impl<const N: usize> fmt::Debug for FieldList<'_, N> {
    /// The kept fields as escaped text with their carrier indexes, and the
    /// overflow count: `FieldList { fields: [(0, "a=1"), ..], overflowed: 0 }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// One kept field: carrier index and escaped bytes.
        struct Field<'a>(u32, &'a [u8]);
        impl fmt::Debug for Field<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "({}, \"{}\")", self.0, self.1.escape_ascii())
            }
        }
        /// The kept fields as a list.
        struct Fields<'l, 'a, const N: usize>(&'l FieldList<'a, N>);
        impl<const N: usize> fmt::Debug for Fields<'_, '_, N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let list = self.0;
                f.debug_list()
                    .entries(
                        list.as_slice()
                            .iter()
                            .enumerate()
                            .map(|(i, v)| Field(list.carrier_index(i).unwrap_or(0), v)),
                    )
                    .finish()
            }
        }
        f.debug_struct("FieldList")
            .field("fields", &Fields(self))
            .field("overflowed", &self.overflowed)
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl<const N: usize> defmt::Format for FieldList<'_, N> {
    /// The kept fields as text with their carrier indexes, and the
    /// overflow count: `FieldList(0:b"a=1", 2:b"b=2"; overflowed 0)`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "FieldList(");
        for (i, v) in self.as_slice().iter().enumerate() {
            if i > 0 {
                defmt::write!(f, ", ");
            }
            let at = self.carrier_index(i).unwrap_or(0);
            defmt::write!(f, "{=u32}:{=[u8]:a}", at, v);
        }
        defmt::write!(f, "; overflowed {=u32})", self.overflowed);
    }
}

/// Whether a field value holds no member: only SP, HTAB and commas, or
/// nothing (TS-02, BG-20).
pub(crate) fn is_blank(value: &[u8]) -> bool {
    value.iter().all(|b| matches!(b, b' ' | b'\t' | b','))
}

impl<const N: usize> Default for FieldList<'_, N> {
    fn default() -> Self {
        Self::new()
    }
}
