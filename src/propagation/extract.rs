//! [`extract`]: the receiving rules of trace context and baggage over one
//! carrier, without copying.

use super::{BAGGAGE, Extractor, FieldList, TRACESTATE, extract_traceparent};
use crate::baggage::BaggageRef;
use crate::error::{ErrorKind, ParseError};
use crate::steps::Steps;
use crate::tracestate::Grammar;
use crate::{TraceParent, TraceStateRef};

/// Most `tracestate` fields kept: more non-blank fields than members allowed
/// cannot be valid (TS-09, TS-17).
///
/// # Examples
///
/// ```
/// use tracewire::ErrorKind;
/// use tracewire::propagation::{extract, Header, Pairs, MAX_TRACESTATE_FIELDS};
///
/// let tp = &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..];
/// let mut headers = vec![("traceparent", tp)];
/// headers.extend((0..=MAX_TRACESTATE_FIELDS).map(|_| ("tracestate", &b"a=1"[..])));
/// let carrier = Pairs::http(&headers);
/// let Header::Invalid(e) = extract(&carrier).tracestate() else { panic!("33 members") };
/// assert_eq!((e.kind(), e.field()), (ErrorKind::TooManyMembers, 32));
/// ```
///
/// # Spec
///
/// TS-09, TS-12, TS-17.
pub const MAX_TRACESTATE_FIELDS: usize = 32;
/// Most `baggage` fields kept: each non-blank field holds at least one
/// member (well-formed or not), so fields past the 64th are dropped whole
/// (BG-15).
///
/// # Examples
///
/// ```
/// use tracewire::propagation::{extract, Pairs, MAX_BAGGAGE_FIELDS};
///
/// let values: Vec<String> = (0..=MAX_BAGGAGE_FIELDS).map(|i| format!("k{i}=v")).collect();
/// let headers: Vec<(&str, &[u8])> = values.iter().map(|v| ("baggage", v.as_bytes())).collect();
/// let carrier = Pairs::http(&headers);
/// let ctx = extract(&carrier);
/// let bag = ctx.baggage();
/// assert_eq!(bag.len(), 64);
/// assert!(bag.get("k64").is_none()); // the 65th field is dropped whole, from the end
/// ```
///
/// # Spec
///
/// BG-14, BG-15, BG-19.
pub const MAX_BAGGAGE_FIELDS: usize = 64;

/// What a carrier held for one header, after the propagation rules.
///
/// # Examples
///
/// ```
/// use tracewire::propagation::{extract, Header, Pairs};
///
/// // No traceparent: a tracestate is not even looked at (TS-14).
/// let headers = [("tracestate", &b"not a valid list"[..])];
/// assert!(matches!(extract(&Pairs::http(&headers)).tracestate(), Header::Ignored));
/// let none: [(&str, &[u8]); 0] = [];
/// assert!(matches!(extract(&Pairs::http(&none)).tracestate(), Header::Absent));
/// ```
///
/// # Spec
///
/// TS-02, TS-12, TS-14.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Header<T> {
    /// No non-blank field of that name (TS-02). For `tracestate` without a
    /// valid `traceparent`: no field at all.
    Absent,
    /// Present but not looked at, by rule: `tracestate` without a valid
    /// `traceparent` (TS-14). Any field counts then, even a blank one,
    /// since none is read.
    Ignored,
    /// Present and valid.
    Valid(T),
    /// Present and invalid, with the codec's error.
    Invalid(ParseError),
}

impl<T> Header<T> {
    /// The valid value, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{extract, Pairs};
    ///
    /// let headers = [("baggage", &b"userId=alice,bad member"[..])];
    /// let carrier = Pairs::http(&headers);
    /// let ctx = extract(&carrier);
    /// assert!(ctx.baggage_strict().valid().is_none()); // strict: one bad member fails all
    /// // Lenient: the bad member is dropped, the rest kept (BG-21).
    /// assert_eq!(ctx.baggage().get("userId").map(|m| m.raw_value()), Some("alice"));
    /// ```
    #[must_use]
    pub fn valid(self) -> Option<T> {
        match self {
            Self::Valid(v) => Some(v),
            _ => None,
        }
    }
}

/// The trace context and baggage of one carrier, borrowed from it.
///
/// Holds the traceparent verdict and the borrowed field slices of
/// `tracestate` (only when the traceparent is valid, TS-14) and `baggage`
/// (always, BG-22); the list headers are validated when asked for, without
/// copying. About 2 KB on the stack (the slices of up to 32 + 64 fields,
/// and where each sat in the carrier).
///
/// # Examples
///
/// ```
/// use tracewire::propagation::{extract, Header, Pairs};
///
/// let headers = [
///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
///     ("tracestate", b"rojo=00f067aa0ba902b7"),
///     ("TraceState", b"congo=t61rcWkgMzE"),
///     ("baggage", b"userId=alice, bad member ,serverNode=DF%2028"),
/// ];
/// let carrier = Pairs::http(&headers);
/// let ctx = extract(&carrier);
/// assert!(ctx.traceparent().unwrap().is_some());
/// let Header::Valid(ts) = ctx.tracestate() else { panic!() };
/// assert_eq!(ts.get("congo"), Some("t61rcWkgMzE"));
/// let bag = ctx.baggage();
/// assert_eq!(bag.iter().count(), 2); // the malformed member is dropped (BG-21)
/// ```
///
/// # Spec
///
/// TP-19, TP-20, TS-12..TS-17, BG-17, BG-19..BG-22, CAR-02, CAR-09, CAR-35.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Extracted<'a> {
    traceparent: Result<Option<TraceParent>, ParseError>,
    tracestate: FieldList<'a, MAX_TRACESTATE_FIELDS>,
    tracestate_present: bool,
    baggage: FieldList<'a, MAX_BAGGAGE_FIELDS>,
}

/// Reads trace context and baggage from `carrier` by the receiving rules.
///
/// Never fails and never panics: every outcome, including "invalid", is a
/// value (CAR-02). Trace context and baggage are independent (CAR-35,
/// BG-22).
///
/// # Examples
///
/// An invalid traceparent means restart: the tracestate is ignored with it,
/// the baggage is still read.
///
/// ```
/// use tracewire::ErrorKind;
/// use tracewire::propagation::{extract, Header, Pairs};
///
/// let headers = [
///     ("traceparent", &b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"[..]),
///     ("tracestate", b"rojo=00f067aa0ba902b7"),
///     ("baggage", b"userId=alice"),
/// ];
/// let carrier = Pairs::http(&headers);
/// let ctx = extract(&carrier);
/// assert_eq!(ctx.traceparent().map_err(|e| e.kind()), Err(ErrorKind::UppercaseHex));
/// assert!(matches!(ctx.tracestate(), Header::Ignored)); // TS-14
/// assert_eq!(ctx.baggage().get("userId").map(|m| m.raw_value()), Some("alice")); // BG-22
/// ```
///
/// # Spec
///
/// TP-19, TP-20, TS-14, BG-22, CAR-02, CAR-35.
#[must_use]
pub fn extract<E: Extractor + ?Sized>(carrier: &E) -> Extracted<'_> {
    let traceparent = extract_traceparent(carrier);
    let (tracestate, tracestate_present) = if matches!(traceparent, Ok(Some(_))) {
        (FieldList::collect(carrier, TRACESTATE), false)
    } else {
        // TS-14: not parsed; only remember whether it was there.
        (
            FieldList::new(),
            carrier.values_of(TRACESTATE).next().is_some(),
        )
    };
    Extracted {
        traceparent,
        tracestate,
        tracestate_present,
        baggage: FieldList::collect(carrier, BAGGAGE),
    }
}

impl Extracted<'_> {
    /// The traceparent: `Ok(None)` missing, `Err` invalid (TP-19, TP-20).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::DuplicateField`] or any error of [`TraceParent::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::ErrorKind;
    /// use tracewire::propagation::{extract, Pairs};
    ///
    /// let tp = &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..];
    /// let one = [("traceparent", tp)];
    /// let got = extract(&Pairs::http(&one)).traceparent()?;
    /// assert_eq!(got.map(|t| t.is_sampled()), Some(true));
    /// // Two fields are invalid even when equal (TP-19).
    /// let two = [("traceparent", tp), ("Traceparent", tp)];
    /// let got = extract(&Pairs::http(&two)).traceparent();
    /// assert_eq!(got.map_err(|e| e.kind()), Err(ErrorKind::DuplicateField));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    pub const fn traceparent(&self) -> Result<Option<TraceParent>, ParseError> {
        self.traceparent
    }

    /// The tracestate, all its fields joined in order (TS-16, TS-17).
    ///
    /// [`Header::Ignored`] when the traceparent is missing or invalid
    /// (TS-14); [`Header::Invalid`] when any member is invalid or there are
    /// more than 32: the whole tracestate is dropped, never only the bad
    /// member (TS-12), and this never affects the traceparent (TS-13). Blank
    /// fields and empty members count as nothing (TS-02).
    ///
    /// The error's [`field`](ParseError::field) is the index of the bad
    /// field among all `tracestate` fields of the carrier, blank ones
    /// included (TS-16); "too many members" from more than 32 non-blank
    /// fields names the first field past them, at its first member, once
    /// the fields before it are found valid (an error in them comes first).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{extract, Header, Pairs};
    ///
    /// let headers = [
    ///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"[..]),
    ///     ("tracestate", b"rojo=1"),
    ///     ("tracestate", b""),
    ///     ("tracestate", b"congo=2,Bad=3"),
    /// ];
    /// let carrier = Pairs::http(&headers);
    /// let ctx = extract(&carrier);
    /// let Header::Invalid(e) = ctx.tracestate() else { panic!("uppercase key") };
    /// assert_eq!(e.field(), 2); // the blank field counts (TS-16)
    /// assert!(ctx.traceparent().is_ok()); // TS-13
    /// ```
    ///
    /// # Spec
    ///
    /// TS-02, TS-12..TS-17.
    #[must_use]
    pub fn tracestate(&self) -> Header<TraceStateRef<'_>> {
        if !matches!(self.traceparent, Ok(Some(_))) {
            return if self.tracestate_present {
                Header::Ignored
            } else {
                Header::Absent
            };
        }
        if self.tracestate.is_empty() {
            return Header::Absent;
        }
        let mut steps = Steps::new();
        let parsed = TraceStateRef::parse_fields_counted(
            self.tracestate.as_slice(),
            Grammar::Draft,
            &mut steps,
        );
        crate::steps::flush(steps);
        match parsed {
            // More than 32 non-blank fields hold more than 32 members (TS-09),
            // reported at the first member of the first field that found no
            // slot (after its blanks and commas, TS-02), when nothing in the
            // fields before it is wrong (an error there comes first).
            Ok(_) if self.tracestate.overflowed() > 0 => {
                let field = u32::try_from(MAX_TRACESTATE_FIELDS).unwrap_or(u32::MAX);
                let at = self.tracestate.first_overflowed_start();
                let err = ParseError::in_field(ErrorKind::TooManyMembers, field, at);
                Header::Invalid(self.tracestate.locate(err))
            }
            Ok(ts) if ts.is_empty() => Header::Absent,
            Ok(ts) => Header::Valid(ts),
            // The field the carrier had, blank fields counted.
            Err(e) => Header::Invalid(self.tracestate.locate(e)),
        }
    }

    /// The baggage, lenient as propagation must be: all fields joined in
    /// order (BG-17, BG-19), malformed members dropped and the rest kept
    /// (BG-21), at most 64 members and 8192 bytes (BG-14, BG-15).
    ///
    /// Empty when the carrier has none (BG-20).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{extract, Pairs};
    ///
    /// let headers = [("baggage", &b"a=1,=nokey"[..]), ("Baggage", b"b=x%20y")];
    /// let carrier = Pairs::http(&headers);
    /// let ctx = extract(&carrier);
    /// let bag = ctx.baggage();
    /// assert_eq!(bag.iter().map(|m| m.key()).collect::<Vec<_>>(), ["a", "b"]);
    /// assert_eq!(bag.get("b").map(|m| m.raw_value()), Some("x%20y")); // as sent, still encoded
    /// ```
    ///
    /// # Spec
    ///
    /// BG-14, BG-15, BG-17, BG-19..BG-21.
    #[must_use]
    pub fn baggage(&self) -> BaggageRef<'_> {
        BaggageRef::lenient_fields(self.baggage.as_slice())
    }

    /// How many non-blank `baggage` fields found no slot (past the first
    /// [`MAX_BAGGAGE_FIELDS`]); their members are not in [`baggage`](Self::baggage).
    #[cfg(feature = "rand_core")]
    pub(crate) const fn baggage_fields_overflowed(&self) -> usize {
        self.baggage.overflowed()
    }

    /// The baggage, strictly: the first malformed member is an error.
    ///
    /// Only the fields [`baggage`](Self::baggage) reads are checked: the
    /// first [`MAX_BAGGAGE_FIELDS`] non-blank ones. Later fields are dropped
    /// whole without being read (BG-15), so a malformed member there is not
    /// reported.
    ///
    /// The error's [`field`](ParseError::field) is the index of the bad
    /// field among all `baggage` fields of the carrier, blank ones included
    /// (BG-19).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::propagation::{extract, Header, Pairs};
    ///
    /// let headers = [("baggage", &b"a=1"[..]), ("baggage", b" "), ("baggage", b"b=2;p,c")];
    /// let carrier = Pairs::http(&headers);
    /// let ctx = extract(&carrier);
    /// let Header::Invalid(e) = ctx.baggage_strict() else { panic!("`c` has no value") };
    /// assert_eq!(e.field(), 2);
    ///
    /// // A 65th non-blank field is not read, so not checked either.
    /// let mut fields = vec![&b"k=v"[..]; 64];
    /// fields.push(b"bad member");
    /// let headers: Vec<(&str, &[u8])> = fields.into_iter().map(|f| ("baggage", f)).collect();
    /// let carrier = Pairs::http(&headers);
    /// assert!(matches!(extract(&carrier).baggage_strict(), Header::Valid(_)));
    /// ```
    ///
    /// # Spec
    ///
    /// BG-15, BG-19, BG-21.
    #[must_use]
    pub fn baggage_strict(&self) -> Header<BaggageRef<'_>> {
        if self.baggage.is_empty() {
            return Header::Absent;
        }
        match BaggageRef::parse_fields(self.baggage.as_slice()) {
            Ok(b) => Header::Valid(b),
            // The field the carrier had, blank fields counted.
            Err(e) => Header::Invalid(self.baggage.locate(e)),
        }
    }
}
