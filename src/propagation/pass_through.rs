//! [`pass_through`]: forward trace context without taking part in the trace.

use super::carrier::is_field_value_byte;
use super::fields::is_blank;
use super::{Extractor, Injector, TRACEPARENT, TRACESTATE};
use crate::CapacityError;

/// The largest `traceparent` or joined `tracestate` value [`pass_through`]
/// forwards, in bytes.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use tracewire::propagation::{pass_through, Forwarded, Pairs, PASS_THROUGH_CAP};
///
/// let at_cap = format!("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-{}", "x".repeat(968));
/// assert_eq!(at_cap.len(), PASS_THROUGH_CAP);
/// let over = format!("{at_cap}x");
/// let mut out: Vec<(String, String)> = Vec::new();
/// let got = pass_through(&Pairs::http(&[("traceparent", at_cap.as_str())]), &mut out)?;
/// assert_eq!(got.0, Forwarded::Copied);
/// let got = pass_through(&Pairs::http(&[("traceparent", over.as_str())]), &mut out)?;
/// assert_eq!(got.0, Forwarded::Refused);
/// # }
/// # Ok::<(), tracewire::CapacityError>(())
/// ```
///
/// # Spec
///
/// TP-16 (chosen cap: 1024 bytes per header).
pub const PASS_THROUGH_CAP: usize = 1024;

/// What [`pass_through`] did with each header.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use tracewire::propagation::{pass_through, Forwarded, Pairs};
///
/// let incoming = [
///     ("traceparent", &b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nx: 1"[..]),
///     ("tracestate", b"a=1"),
/// ];
/// let mut out: Vec<(String, String)> = Vec::new();
/// let got = pass_through(&Pairs::http(&incoming), &mut out)?;
/// assert_eq!(got, (Forwarded::Refused, Forwarded::Refused)); // no CR LF, and TP-26
/// assert!(out.is_empty());
/// # }
/// # Ok::<(), tracewire::CapacityError>(())
/// ```
///
/// # Spec
///
/// TP-16, TP-26, CAR-05.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Forwarded {
    /// The value was copied.
    Copied,
    /// The incoming carrier had no such field (nothing written).
    Absent,
    /// The value was over [`PASS_THROUGH_CAP`], or held a byte no header
    /// field may hold (a control byte, DEL or a non-ASCII byte), or there
    /// were two or more traceparent fields, or the traceparent was empty or
    /// only SP/HTAB: nothing written.
    Refused,
}

/// Copies `traceparent` and `tracestate` from `incoming` to `outgoing`
/// byte for byte, without parsing them or checking the version: for
/// proxies and brokers that forward context without participating.
///
/// The outgoing carrier gets exactly one field of each name that was present
/// (replacing what it held, CAR-03). Several incoming `tracestate` fields are
/// joined with `,` in arrival order (TS-16), which means the same list; blank
/// ones are skipped, and only the cap limits them, not their number. Reserved
/// flag bits and unknown versions are forwarded as received (TP-16, TP-18):
/// this is the only path that does so. If the traceparent is not forwarded,
/// tracestate is not either (TP-26).
///
/// Only values up to [`PASS_THROUGH_CAP`] bytes made of visible ASCII, SP
/// and HTAB are copied, so a forwarded field can never smuggle a CR, LF or
/// NUL into the outgoing carrier; SP and HTAB around a value are not part of
/// it and are not copied (a field value never starts or ends with them).
///
/// Returns what happened to (traceparent, tracestate).
///
/// # Errors
///
/// [`CapacityError`] when the outgoing carrier refuses a value. Nothing is
/// rolled back: when the tracestate is the value refused, the traceparent
/// set before it stays in the carrier.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use tracewire::propagation::{pass_through, Forwarded, Pairs};
///
/// let incoming = [("traceparent", &b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-future"[..]),
///                 ("tracestate", b"a=1"), ("tracestate", b"b=2")];
/// let mut out: Vec<(String, String)> = Vec::new();
/// let got = pass_through(&Pairs::http(&incoming), &mut out)?;
/// assert_eq!(got, (Forwarded::Copied, Forwarded::Copied));
/// assert_eq!(out[0].1, "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-future");
/// assert_eq!(out[1].1, "a=1,b=2");
/// # }
/// # Ok::<(), tracewire::CapacityError>(())
/// ```
///
/// # Spec
///
/// TP-16 (raw pass-through, size cap 1024 bytes per header), TP-26.
pub fn pass_through<E, I>(
    incoming: &E,
    outgoing: &mut I,
) -> Result<(Forwarded, Forwarded), CapacityError>
where
    E: Extractor + ?Sized,
    I: Injector + ?Sized,
{
    let mut values = incoming.values_of(TRACEPARENT);
    let tp = match (values.next(), values.next()) {
        (None, _) => return Ok((Forwarded::Absent, Forwarded::Absent)),
        (Some(v), None) => v,
        (Some(_), Some(_)) => return Ok((Forwarded::Refused, Forwarded::Refused)),
    };
    // A blank value carries no context: forwarding it would only write an
    // empty field.
    let Some(tp) = safe_str(tp).filter(|tp| !tp.is_empty()) else {
        return Ok((Forwarded::Refused, Forwarded::Refused));
    };
    outgoing.set(TRACEPARENT, tp)?;

    // Joined straight from the carrier: only the cap limits the fields, as
    // a later version's list may hold more members than 32 (TP-16).
    let mut buf = [0u8; PASS_THROUGH_CAP];
    let joined = join(incoming.values_of(TRACESTATE), &mut buf);
    if joined.is_some_and(<[u8]>::is_empty) {
        outgoing.remove_all(TRACESTATE);
        return Ok((Forwarded::Copied, Forwarded::Absent));
    }
    if let Some(ts) = joined.and_then(safe_str) {
        outgoing.set(TRACESTATE, ts)?;
        Ok((Forwarded::Copied, Forwarded::Copied))
    } else {
        outgoing.remove_all(TRACESTATE);
        Ok((Forwarded::Copied, Forwarded::Refused))
    }
}

/// Joins the fields that hold a member (not blank, TS-02) with `,` into
/// `buf`, or `None` if they do not fit; empty when there is none.
fn join<'f, 'b>(fields: impl Iterator<Item = &'f [u8]>, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut len = 0usize;
    for f in fields {
        crate::steps::add(f.len().saturating_add(1));
        if is_blank(f) {
            continue;
        }
        if len > 0 {
            *buf.get_mut(len)? = b',';
            len += 1;
        }
        let end = len.checked_add(f.len())?;
        buf.get_mut(len..end)?.copy_from_slice(f);
        len = end;
    }
    buf.get(..len)
}

/// The value as text if it is within the cap and every byte is VCHAR, SP
/// or HTAB, without the OWS around it: OWS around a field value is not part
/// of it (RFC 9110), and a field-value may not start or end with it.
fn safe_str(v: &[u8]) -> Option<&str> {
    if v.len() > PASS_THROUGH_CAP || !v.iter().all(|&b| is_field_value_byte(b)) {
        return None;
    }
    core::str::from_utf8(v)
        .ok()
        .map(|s| s.trim_matches([' ', '\t']))
}
