//! `--kind server-timing`: the `trace` metric among the metrics of all
//! `server-timing` fields of a response (ST-05..ST-14).

use crate::output::{Failure, Outcome};
use crate::traceparent::{flags_at_53, trim_ows, valid};
use tracewire::{ServerTiming, TraceParent};

/// Inspects the `server-timing` fields of one response. No `trace` metric is
/// "absent"; a metric without a valid desc is invalid, with the reason.
/// `flags` is the byte of the desc as received, reserved bits included
/// (TP-14 keeps only the known bits in the parsed context).
pub fn inspect(fields: &[Vec<u8>]) -> Outcome {
    match ServerTiming::find(fields.iter().map(Vec::as_slice)) {
        Ok(None) => Outcome::invalid(Failure::Absent),
        Ok(Some(metric)) => {
            let tp = metric.context();
            let flags = received_flags(fields, &tp).unwrap_or(tp.flags().bits());
            valid(
                &tp,
                format!("{:02x}", tp.version()),
                flags,
                metric.encode().to_string(),
            )
        }
        Err(error) => Outcome::parse_error(error, fields),
    }
}

/// The flags byte of the desc `ServerTiming::find` read: the desc of the
/// first `trace` metric of the first field that holds one (ST-05, ST-13),
/// checked to carry the same ids as `tp`.
fn received_flags(fields: &[Vec<u8>], tp: &TraceParent) -> Option<u8> {
    let field = fields
        .iter()
        .find(|f| matches!(ServerTiming::parse(f), Ok(Some(_))))?;
    let desc = desc_in(field)?;
    let again = TraceParent::parse(&desc).ok()?;
    let same = again.trace_id() == tp.trace_id() && again.parent_id() == tp.parent_id();
    if same { flags_at_53(&desc) } else { None }
}

/// The first `desc` of the first `trace` metric in one field, unquoted:
/// metrics split at commas and parameters at semicolons outside
/// quoted-strings (ST-06), OWS around them and `=` dropped (ST-07), names
/// in any case (ST-05, ST-14), backslash escapes removed (ST-08).
fn desc_in(field: &[u8]) -> Option<Vec<u8>> {
    let metric = split_outside_quotes(field, b',')
        .into_iter()
        .find(|m| name_is(split_outside_quotes(m, b';').first(), b"trace"))?;
    let params = split_outside_quotes(metric, b';');
    let value = params.iter().skip(1).find_map(|p| {
        let eq = p.iter().position(|b| *b == b'=')?;
        let (name, value) = p.split_at(eq);
        name_is(Some(&name), b"desc").then(|| trim_ows(value.get(1..).unwrap_or_default()))
    })?;
    Some(unquote(value))
}

/// Whether `part`, OWS trimmed, is `name` in any ASCII case.
fn name_is(part: Option<&&[u8]>, name: &[u8]) -> bool {
    part.is_some_and(|p| trim_ows(p).eq_ignore_ascii_case(name))
}

/// `s` split at each `sep` that is not inside a quoted-string.
fn split_outside_quotes(s: &[u8], sep: u8) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, &b) in s.iter().enumerate() {
        if escaped {
            escaped = false;
        } else if quoted && b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            quoted = !quoted;
        } else if !quoted && b == sep {
            parts.push(&s[start..i]);
            start = i + 1;
        }
    }
    parts.push(&s[start..]);
    parts
}

/// A quoted-string's content with its escapes removed; other values as
/// they are.
fn unquote(v: &[u8]) -> Vec<u8> {
    let Some(inner) = v.strip_prefix(b"\"") else {
        return v.to_vec();
    };
    let mut out = Vec::new();
    let mut it = inner.iter();
    while let Some(&b) = it.next() {
        match b {
            b'"' => break,
            b'\\' => out.extend(it.next()),
            _ => out.push(b),
        }
    }
    out
}
