//! `--kind baggage`.

use crate::output::Outcome;
use serde_json::{Value, json};
use tracewire::baggage::PropertyInput;
use tracewire::{Baggage, BaggageRef};

/// Room for `encoded`: a view holds at most 8192 bytes (BG-14, the read
/// limits of both the strict and the lenient parse) and re-encoding at most
/// triples it (a `%` not followed by two hex digits decodes to itself and is
/// written `%25`, BG-12), so 3 × 8192 always fits under the u16 ceiling of
/// `Baggage`; 180 members is the grammar's ceiling (BG-18).
type Encoder = Baggage<{ 3 * 8192 }, 180>;

/// Inspects the baggage fields of one carrier, joined in arrival order
/// (BG-19). Strict: the first malformed member is reported with its field
/// and offset (BG-21). No field, or only blank ones, is no baggage: valid
/// and empty (BG-20).
pub fn inspect(fields: &[Vec<u8>]) -> Outcome {
    let slices: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    match BaggageRef::parse_fields(&slices) {
        Ok(view) => valid(&view),
        Err(error) => Outcome::parse_error(error, fields),
    }
}

/// The outcome for a baggage view: its entries decoded, and `encoded`, the
/// header tracewire writes for them (BG-12). Used for strict parses and, by
/// `--carrier`, for the lenient view propagation uses.
///
/// `encoded` is built as a user would build it: each entry's key (as
/// received: keys are never decoded, BG-02), decoded value and properties
/// (keys as received, values decoded) go through
/// `Baggage::insert_with_properties`, in order, and the result's text is
/// printed. So `k=%41` and `k=A` give `k=A`, `50%` gives `50%25`, `%c3%a9`
/// gives `%C3%A9`. One difference from the `entries` list: a key given
/// twice keeps one member, the last value at the first one's place, as
/// `insert` does (BG-26). Keys and property keys come from a parse, so they
/// are tokens and `insert` cannot refuse them; `encoded` is `null` only if
/// an insert fails anyway.
pub fn valid(view: &BaggageRef<'_>) -> Outcome {
    let mut owned = Box::new(Encoder::new());
    let mut inserted = true;
    let entries: Vec<Value> = view
        .iter()
        .map(|m| {
            let value = m.value().to_string();
            let props: Vec<(&str, Option<String>)> = m
                .properties()
                .map(|p| (p.key(), p.value().map(|v| v.to_string())))
                .collect();
            let input: Vec<PropertyInput<'_>> =
                props.iter().map(|(k, v)| (*k, v.as_deref())).collect();
            inserted &= owned
                .insert_with_properties(m.key(), &value, &input)
                .is_ok();
            let props: Vec<Value> = props
                .iter()
                .map(|(k, v)| json!({"key": k, "value": v}))
                .collect();
            json!({"key": m.key(), "value": value, "properties": props})
        })
        .collect();
    let encoded = inserted.then(|| owned.as_str().to_owned());
    Outcome::valid(vec![
        ("entries", Value::Array(entries)),
        ("encoded", json!(encoded)),
    ])
}
