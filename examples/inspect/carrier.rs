//! `--carrier`: a whole header map through the propagation rules.

use crate::output::{Failure, Outcome};
use crate::{baggage, traceparent, tracestate};
use serde_json::{Map, Value};
use tracewire::propagation::{BAGGAGE, Header, Pairs, TRACEPARENT, TRACESTATE, extract};

/// The three outcomes of one carrier, by header name.
pub struct CarrierOutcome {
    /// `(header name, outcome, whether its input had several fields)`.
    pub headers: Vec<(&'static str, Outcome, bool)>,
}

impl CarrierOutcome {
    /// Whether every header present is valid (absent and ignored ones do
    /// not count against it).
    pub fn valid(&self) -> bool {
        self.headers
            .iter()
            .all(|(_, o, _)| o.valid || matches!(o.error, Some(Failure::Absent | Failure::Ignored)))
    }

    /// `{"traceparent": <outcome>, "tracestate": <outcome>, "baggage": <outcome>}`.
    pub fn json(&self) -> Value {
        let mut m = Map::new();
        for (name, o, several) in &self.headers {
            m.insert((*name).to_owned(), o.json(*several));
        }
        Value::Object(m)
    }

    /// One report per header, for people.
    pub fn human(&self) -> String {
        self.headers
            .iter()
            .map(|(name, o, _)| o.human(name))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The fields of `name` (HTTP rule: any case) in arrival order.
fn fields_of(pairs: &[(String, Vec<u8>)], name: &str) -> Vec<Vec<u8>> {
    pairs
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
        .collect()
}

/// Runs a header map through `tracewire::propagation::extract` (HTTP name
/// rules) and reports each header as the propagation layer decides it:
/// traceparent as `extract` reads it (TP-19, CAR-09); tracestate from
/// `Extracted::tracestate` (`Ignored` without a valid traceparent, TS-14;
/// `Absent` when no field holds a member, TS-02); baggage read leniently,
/// malformed members dropped (BG-21), `Absent` when no field holds a member
/// (BG-20, `Extracted::baggage_strict`).
pub fn inspect(pairs: &[(String, Vec<u8>)]) -> CarrierOutcome {
    let view: Vec<(&str, &[u8])> = pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    let carrier = Pairs::http(&view);
    let ctx = extract(&carrier);

    // The same fields and the same `TraceParent::parse_fields` as
    // `extract_traceparent`; the codec kind also shows the flags as received.
    let tp_fields = fields_of(pairs, TRACEPARENT);
    let tp = traceparent::inspect(&tp_fields);

    // Error fields count among all tracestate fields, blank ones included
    // (`FieldList::locate`), which is the index in `ts_fields`.
    let ts_fields = fields_of(pairs, TRACESTATE);
    let ts = match ctx.tracestate() {
        Header::Absent => Outcome::invalid(Failure::Absent),
        Header::Ignored => Outcome::invalid(Failure::Ignored),
        Header::Valid(list) => tracestate::valid(list.iter(), Some(list.to_string())),
        Header::Invalid(error) => Outcome::parse_error(error, &ts_fields),
    };

    let bg = match ctx.baggage_strict() {
        Header::Absent => Outcome::invalid(Failure::Absent),
        _ => baggage::valid(&ctx.baggage()),
    };

    CarrierOutcome {
        headers: vec![
            (TRACEPARENT, tp, tp_fields.len() != 1),
            (TRACESTATE, ts, ts_fields.len() != 1),
            (BAGGAGE, bg, false),
        ],
    }
}

/// Reads one `--carrier --json` line: an array of `[name, value]` pairs.
pub fn json_pairs(line: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("bad JSON input: {e}"))?;
    let Value::Array(items) = v else {
        return Err("a carrier is a JSON array of [name, value] pairs".to_owned());
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::Array(pair) => match pair.as_slice() {
                [Value::String(n), Value::String(v)] => Ok((n.clone(), v.clone().into_bytes())),
                _ => Err(format!(
                    "a pair is [name, value] with two strings, got {pair:?}"
                )),
            },
            other => Err(format!("a pair is [name, value], got {other}")),
        })
        .collect()
}

/// Reads one human-mode carrier argument `name: value`.
pub fn text_pair(arg: &str) -> Result<(String, Vec<u8>), String> {
    let (n, v) = arg
        .split_once(':')
        .ok_or_else(|| format!("expected `name: value`, got {arg:?}"))?;
    Ok((
        n.trim().to_owned(),
        v.strip_prefix(' ').unwrap_or(v).as_bytes().to_vec(),
    ))
}
