//! [`ServerTiming`]: the `trace` metric of the `server-timing` response
//! header, found among other metrics, parsed and written.

use crate::encoded::Encoded;
use crate::error::{CapacityError, ErrorKind, ParseError};
use crate::ids::byte_at;
use crate::sink::{Sink, write_all};
use crate::steps::Steps;
use crate::traceparent::{TraceParent, parse_trimmed};
use core::fmt;

/// The `trace` metric of a `server-timing` response header: the trace
/// context of the request a server handled, with the server's own span id
/// (the "child-id") in the parent-id position.
///
/// Written as `trace;desc=00-<trace-id>-<child-id>-<flags>`
/// ([`encode`](Self::encode), [`write_to`](Self::write_to), `Display`), and
/// found in a received header by [`parse`](Self::parse) (one field value)
/// or [`find`](Self::find) (all `server-timing` fields of a response).
///
/// 26 bytes, `Copy`: it holds one [`TraceParent`].
///
/// # Examples
///
/// ```
/// use tracewire::{span_id, traceparent, ServerTiming};
///
/// // Server side: the request's context, continued with our span id.
/// let incoming = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
/// let metric = ServerTiming::new(incoming.child(span_id!("b7ad6b7169203331")));
/// assert_eq!(
///     metric.to_string(),
///     "trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-03"
/// );
///
/// // Client side: find it among the other metrics.
/// let header = b"cache;dur=23.2, TRACE ; desc = 00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-03";
/// let found = ServerTiming::parse(header)?.expect("a trace metric");
/// assert_eq!(found.context().parent_id().to_string(), "b7ad6b7169203331");
/// # Ok::<(), tracewire::ParseError>(())
/// ```
///
/// # Spec
///
/// ST-01..ST-16. Choices: with several `trace` metrics only the first
/// counts (ST-13); parameter names match ASCII case-insensitively (ST-14);
/// the desc follows the traceparent rules of every version (ST-11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ServerTiming {
    context: TraceParent,
}

/// `trace;desc=`
const PREFIX: &[u8; 11] = b"trace;desc=";
/// Unescaped bytes of a quoted desc that decide its validity: the 55 of the
/// version-00 layout and the one after it (TP-04, TP-13 look no further).
const DESC_BUF: usize = TraceParent::LEN + 1;

impl ServerTiming {
    /// The header name, lowercase.
    pub const HEADER: &'static str = "server-timing";
    /// The metric name.
    pub const NAME: &'static str = "trace";
    /// Length of the encoded metric: `trace;desc=` and 55 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, ServerTiming};
    ///
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    /// let metric = ServerTiming::new(tp).encode();
    /// assert_eq!(ServerTiming::LEN, 66);
    /// assert_eq!(metric.as_str(), format!("trace;desc={tp}")); // unquoted
    /// ```
    pub const LEN: usize = PREFIX.len() + TraceParent::LEN;

    /// The metric for a server's trace context.
    ///
    /// `context` is the server's own context: the trace-id it works in, its
    /// span id as parent-id, and its flags. Both flag bits come from it and
    /// nowhere else: the random-trace-id bit thus equals that of the source
    /// of the trace-id (the incoming traceparent for
    /// [`TraceParent::child`], TP-30 for
    /// `TraceParent::new_root`, feature `rand_core`), and the sampled bit
    /// is the server's recording decision when the context was made with
    /// [`TraceParent::child_with_sampled`].
    ///
    /// Nothing is sent until the caller writes the metric into a response:
    /// emitting it is always an explicit choice (ST-04), because the value
    /// becomes visible to callers that may not take part in the trace.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{span_id, traceparent, ServerTiming};
    ///
    /// let incoming = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02");
    /// // Unsampled request, but this server records: sampled = 1 (ST-16).
    /// let ours = incoming.child_with_sampled(span_id!("b7ad6b7169203331"), true);
    /// let metric = ServerTiming::new(ours);
    /// assert!(metric.to_string().ends_with("-03")); // random bit kept (ST-15)
    /// ```
    ///
    /// # Spec
    ///
    /// ST-04, ST-15, ST-16.
    #[must_use]
    pub const fn new(context: TraceParent) -> Self {
        Self { context }
    }

    /// The trace context the metric carries (as received, when parsed): its
    /// parent-id is the server's span id (the "child-id").
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, ServerTiming};
    ///
    /// let tp = traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01");
    /// assert_eq!(ServerTiming::new(tp).context(), tp);
    /// ```
    #[must_use]
    pub const fn context(&self) -> TraceParent {
        self.context
    }

    /// Finds the `trace` metric in one `server-timing` field value.
    ///
    /// Metrics are comma-separated, parameters `;`-separated, both with OWS
    /// around the separators and around `=`; commas and semicolons inside a
    /// quoted-string split nothing. The metric name and parameter names
    /// match ASCII case-insensitively. Within the first `trace` metric, the
    /// first `desc` parameter is the value: quoted ones are unescaped (into
    /// a 56-byte stack buffer), then it is checked with the traceparent
    /// rules (without TP-10's OWS trimming inside quotes). `dur` and unknown
    /// or malformed parameters are skipped, and so are other metrics.
    ///
    /// The result separates "no trace metric" (`Ok(None)`) from "a trace
    /// metric whose desc is missing or invalid" (`Err`): both mean the
    /// response carries no trace context, and neither makes the response
    /// itself invalid. `ServerTiming::parse(v).ok().flatten()` is the
    /// context or nothing.
    ///
    /// # Errors
    ///
    /// [`MissingDesc`](ErrorKind::MissingDesc) (at the end of the metric),
    /// [`InvalidQuotedString`](ErrorKind::InvalidQuotedString), or the
    /// traceparent error of the desc, with its offset in `value` (an offset
    /// inside a quoted desc points at the raw byte, escapes counted). Of a
    /// quoted desc followed by junk, a traceparent rule broken at or before
    /// the closing quote is reported first; an unterminated one is reported
    /// at the end.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{ErrorKind, ServerTiming};
    ///
    /// let v = br#"x;desc="a,b;c", trace;dur=0;DESC="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01""#;
    /// assert!(ServerTiming::parse(v)?.is_some());
    ///
    /// assert_eq!(ServerTiming::parse(b"cache;dur=1")?, None);
    /// let err = ServerTiming::parse(b"trace;desc=x;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    ///     .unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidVersion, 11));
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// ST-05..ST-14.
    pub const fn parse(value: &[u8]) -> Result<Option<Self>, ParseError> {
        match find_in_field(value, &mut Steps::new()) {
            Ok(Some(context)) => Ok(Some(Self { context })),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Finds the `trace` metric in all `server-timing` fields of a response,
    /// in arrival order: the first field holding a `trace` metric decides.
    ///
    /// Any carrier's fields fit: with an
    /// [`Extractor`](crate::propagation::Extractor), pass
    /// `carrier.values_of(ServerTiming::HEADER)` (HTTP carriers match the
    /// field name in any case).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), with [`field`](ParseError::field) set to
    /// the index of the field holding the bad byte.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::ServerTiming;
    ///
    /// let fields: [&[u8]; 2] = [
    ///     b"db;dur=53",
    ///     b"trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    /// ];
    /// let metric = ServerTiming::find(fields)?.expect("found in field 1");
    /// assert!(metric.context().is_sampled());
    ///
    /// let err = ServerTiming::find([&b"a"[..], b"trace"]).unwrap_err();
    /// assert_eq!(err.field(), 1);
    /// # Ok::<(), tracewire::ParseError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// ST-05 (all fields, in order), ST-13.
    pub fn find<'a, I>(fields: I) -> Result<Option<Self>, ParseError>
    where
        I: IntoIterator<Item = &'a [u8]>,
    {
        for (index, value) in fields.into_iter().enumerate() {
            let mut steps = Steps::new();
            steps.tick();
            let parsed = find_in_field(value, &mut steps);
            crate::steps::flush(steps);
            match parsed {
                Ok(None) => {}
                Ok(Some(context)) => return Ok(Some(Self { context })),
                Err(e) => return Err(e.with_field(u32::try_from(index).unwrap_or(u32::MAX))),
            }
        }
        Ok(None)
    }

    /// Writes `trace;desc=` and the 55-byte version-00 context on the stack.
    ///
    /// Lowercase name, unquoted desc, no `dur`; the context is written as
    /// [`TraceParent::encode`] writes it (version 00, reserved flag bits
    /// cleared).
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, ServerTiming};
    ///
    /// let m = ServerTiming::new(traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-ff"));
    /// assert_eq!(&*m.encode(), "trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-03");
    /// ```
    ///
    /// # Spec
    ///
    /// ST-01, ST-02.
    #[must_use]
    pub const fn encode(&self) -> Encoded<{ Self::LEN }> {
        let mut out = [0u8; Self::LEN];
        if let Some((head, tail)) = out.split_first_chunk_mut::<11>()
            && let Some(tail) = tail.first_chunk_mut::<55>()
        {
            *head = *PREFIX;
            *tail = self.context.encode().into_bytes();
        }
        Encoded(out)
    }

    /// The length [`write_to`](Self::write_to) writes: always 66.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, ServerTiming};
    ///
    /// let m = ServerTiming::new(traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01"));
    /// assert_eq!(m.encoded_len(), m.to_string().len());
    /// ```
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        Self::LEN
    }

    /// Writes the metric into the front of `buf` and returns 66.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if `buf` is shorter than 66 bytes; nothing is written.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, ServerTiming};
    ///
    /// let m = ServerTiming::new(traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01"));
    /// let mut buf = [0u8; 80];
    /// assert_eq!(m.encode_into(&mut buf), Ok(66));
    /// assert!(m.encode_into(&mut [0u8; 65]).is_err());
    /// ```
    ///
    /// # Spec
    ///
    /// ST-01.
    pub fn encode_into(&self, buf: &mut [u8]) -> Result<usize, CapacityError> {
        let dst = buf
            .first_chunk_mut::<{ Self::LEN }>()
            .ok_or(CapacityError)?;
        *dst = self.encode().into_bytes();
        Ok(Self::LEN)
    }

    /// Appends the metric to `sink` and returns 66.
    ///
    /// To add it to a header that already lists metrics, write `", "` first,
    /// or send it as a `server-timing` field of its own: the other metrics
    /// stay as they are (ST-03).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if fewer than 66 bytes are left; the sink is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use tracewire::{traceparent, ServerTiming, Sink, SliceSink};
    ///
    /// let m = ServerTiming::new(traceparent!("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01"));
    /// let mut buf = [0u8; 96];
    /// let mut sink = SliceSink::new(&mut buf);
    /// sink.write_str("db;dur=53, ")?;
    /// m.write_to(&mut sink)?;
    /// assert!(sink.as_str().starts_with("db;dur=53, trace;desc=00-"));
    /// # Ok::<(), tracewire::CapacityError>(())
    /// ```
    ///
    /// # Spec
    ///
    /// ST-01, ST-03.
    pub fn write_to<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<usize, CapacityError> {
        write_all(sink, Self::LEN, &[self.encode().as_str()])
    }
}

impl fmt::Display for ServerTiming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encode().as_str())
    }
}

impl From<TraceParent> for ServerTiming {
    fn from(context: TraceParent) -> Self {
        Self::new(context)
    }
}

/// The steps [`ServerTiming::parse`] takes on `value` (test-only counter).
#[cfg(feature = "__step-counter")]
pub(crate) fn parse_steps(value: &[u8]) -> usize {
    let mut st = Steps::new();
    let _ = find_in_field(value, &mut st);
    st.get()
}

/// `v[start..end]`, or empty when out of range.
const fn sub(v: &[u8], start: usize, end: usize) -> &[u8] {
    match v.split_at_checked(end) {
        Some((head, _)) => match head.split_at_checked(start) {
            Some((_, s)) => s,
            None => &[],
        },
        None => &[],
    }
}

/// The first index at or after `i` that is not SP/HTAB.
const fn skip_ows(v: &[u8], mut i: usize, st: &mut Steps) -> usize {
    let mut s = tail(v, i);
    while let [b' ' | b'\t', rest @ ..] = s {
        st.tick();
        s = rest;
        i += 1;
    }
    i
}

/// `v[i..]`, or empty when `i` is past the end.
#[inline]
const fn tail(v: &[u8], i: usize) -> &[u8] {
    match v.split_at_checked(i) {
        Some((_, t)) => t,
        None => &[],
    }
}

/// The index of the next `;` or `,` at or after `i` outside a
/// quoted-string, or `v.len()` (ST-06).
const fn next_separator(v: &[u8], mut i: usize, st: &mut Steps) -> usize {
    let mut s = tail(v, i);
    let mut quoted = false;
    while let [b, rest @ ..] = s {
        st.tick();
        match (quoted, *b, rest) {
            (false, b';' | b',', _) => return i,
            (_, b'"', _) => quoted = !quoted,
            // An escape inside quotes hides the next byte.
            (true, b'\\', [_, after @ ..]) => {
                s = after;
                i += 2;
                continue;
            }
            _ => {}
        }
        s = rest;
        i += 1;
    }
    v.len()
}

/// Whether `v[start..end]` equals `lower` ASCII case-insensitively.
const fn eq_ignore_case(v: &[u8], start: usize, end: usize, lower: &[u8], st: &mut Steps) -> bool {
    let mut s = sub(v, start, end);
    let mut l = lower;
    if s.len() != l.len() {
        return false;
    }
    while let ([a, s_rest @ ..], [b, l_rest @ ..]) = (s, l) {
        st.tick();
        if a.to_ascii_lowercase() != *b {
            return false;
        }
        s = s_rest;
        l = l_rest;
    }
    true
}

/// The end of the token starting at `i` (stops at separators, OWS, `=`, `"`).
const fn token_end(v: &[u8], mut i: usize, st: &mut Steps) -> usize {
    let mut s = tail(v, i);
    while let [b, rest @ ..] = s {
        st.tick();
        if matches!(*b, b';' | b',' | b' ' | b'\t' | b'=' | b'"') {
            break;
        }
        s = rest;
        i += 1;
    }
    i
}

/// The context of the first `trace` metric of one field value.
const fn find_in_field(v: &[u8], st: &mut Steps) -> Result<Option<TraceParent>, ParseError> {
    let mut i = 0;
    loop {
        st.tick();
        let name_start = skip_ows(v, i, st);
        let name_end = token_end(v, name_start, st);
        let after = skip_ows(v, name_end, st);
        // ST-05: the name is the whole token, any case.
        if eq_ignore_case(v, name_start, name_end, b"trace", st)
            && matches!(byte_at(v, after), None | Some(b';' | b','))
        {
            // ST-13: the first trace metric decides, valid or not.
            return match trace_desc(v, after, st) {
                Ok(tp) => Ok(Some(tp)),
                Err(e) => Err(e),
            };
        }
        // Another metric: skip to the comma that ends it.
        let mut j = next_separator(v, name_end, st);
        while let Some(b';') = byte_at(v, j) {
            st.tick();
            j = next_separator(v, j + 1, st);
        }
        if j >= v.len() {
            return Ok(None);
        }
        i = j + 1;
    }
}

/// Reads the parameters of a `trace` metric from `i` (just after its name
/// and OWS) and parses its first `desc`.
const fn trace_desc(v: &[u8], mut i: usize, st: &mut Steps) -> Result<TraceParent, ParseError> {
    loop {
        st.tick();
        i = skip_ows(v, i, st);
        match byte_at(v, i) {
            // ST-12: the metric ended without a desc.
            None | Some(b',') => return Err(ParseError::new(ErrorKind::MissingDesc, i)),
            Some(b';') => i += 1,
            // Junk after a parameter: skipped with it.
            Some(_) => {
                i = next_separator(v, i, st);
                continue;
            }
        }
        // ST-07: OWS after `;`, around `=`.
        let name_start = skip_ows(v, i, st);
        let name_end = token_end(v, name_start, st);
        let eq = skip_ows(v, name_end, st);
        let Some(b'=') = byte_at(v, eq) else {
            // A parameter without a value: malformed, skipped.
            i = eq;
            continue;
        };
        let value_start = skip_ows(v, eq + 1, st);
        // ST-09, ST-14: the first `desc`, any case.
        if eq_ignore_case(v, name_start, name_end, b"desc", st) {
            return parse_desc(v, value_start, st);
        }
        // ST-10: `dur` and unknown parameters are ignored.
        i = next_separator(v, value_start, st);
    }
}

/// Parses the desc value starting at `start` (ST-08, ST-11).
const fn parse_desc(v: &[u8], start: usize, st: &mut Steps) -> Result<TraceParent, ParseError> {
    if let Some(b'"') = byte_at(v, start) {
        return parse_quoted_desc(v, start + 1, st);
    }
    // Unquoted: a token, parsed in place; trailing OWS belongs to the grammar.
    let mut end = next_separator(v, start, st);
    while end > start && matches!(byte_at(v, end - 1), Some(b' ' | b'\t')) {
        st.tick();
        end -= 1;
    }
    match parse_trimmed(sub(v, start, end)) {
        Ok(tp) => Ok(tp),
        Err(e) => Err(e.shifted(start)),
    }
}

/// Unescapes the quoted-string whose content starts at `content` into a
/// stack buffer and parses it; offsets are mapped back to `v`.
const fn parse_quoted_desc(
    v: &[u8],
    content: usize,
    st: &mut Steps,
) -> Result<TraceParent, ParseError> {
    let mut buf = [0u8; DESC_BUF];
    let mut len = 0;
    let mut i = content;
    let close = loop {
        st.tick();
        let b = match byte_at(v, i) {
            None => return Err(ParseError::new(ErrorKind::InvalidQuotedString, v.len())),
            Some(b'"') => break i,
            Some(b'\\') => {
                i += 1;
                match byte_at(v, i) {
                    Some(b) => b,
                    None => return Err(ParseError::new(ErrorKind::InvalidQuotedString, v.len())),
                }
            }
            Some(b) => b,
        };
        // Bytes past DESC_BUF cannot change the verdict: TP-04 / TP-13 look
        // at byte 55 and no further.
        if let Some((_, [dst, ..])) = buf.split_at_mut_checked(len) {
            *dst = b;
            len += 1;
        }
        i += 1;
    };
    // Only OWS may follow the closing quote before the next separator.
    let after = skip_ows(v, close + 1, st);
    let quote_error = if matches!(byte_at(v, after), None | Some(b';' | b',')) {
        None
    } else {
        Some(after)
    };
    let (unescaped, _) = match buf.split_at_checked(len) {
        Some(parts) => parts,
        None => (&buf as &[u8], &[] as &[u8]),
    };
    let desc_error = match parse_trimmed(unescaped) {
        Ok(tp) => match quote_error {
            None => return Ok(tp),
            Some(at) => return Err(ParseError::new(ErrorKind::InvalidQuotedString, at)),
        },
        Err(e) => e,
    };
    // A desc broken inside the quotes comes before junk after them: its
    // offset maps to a byte of the content or to the closing quote at the
    // latest (the unescaped text ends there), so always before the junk.
    Err(ParseError::new(
        desc_error.kind(),
        raw_offset(v, content, desc_error.offset()),
    ))
}

/// The offset in `v` of unescaped byte `k` of the quoted content starting
/// at `content` (an escaped byte maps to its backslash).
#[cold]
const fn raw_offset(v: &[u8], content: usize, k: usize) -> usize {
    let mut p = content;
    let mut c = 0;
    while c < k {
        match byte_at(v, p) {
            Some(b'\\') => p += 2,
            Some(_) => p += 1,
            None => break,
        }
        c += 1;
    }
    if p > v.len() { v.len() } else { p }
}
