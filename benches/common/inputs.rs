//! The inputs and operations of the tracestate (#3) and baggage (#4)
//! comparisons, shared by `benches/tracestate.rs`, `benches/baggage.rs`
//! and the callgrind harness `instructions/` (through `#[path]`), so the
//! timed and the counted runs measure the same thing.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;

use opentelemetry::Context;
use opentelemetry::baggage::BaggageExt;
use tracewire::BaggageRef;

/// A 3-member tracestate, 63 bytes.
pub fn three() -> String {
    "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,vendor@tenant=opaque-42".to_owned()
}

/// A 32-member tracestate, 511 bytes.
pub fn thirty_two() -> String {
    (0..32)
        .map(|i| format!("vendor{i:02}=val{i:03}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Sum of key and value lengths: consumes every member.
pub fn touch<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> usize {
    it.map(|(k, v)| black_box(k).len() + black_box(v).len())
        .sum()
}

/// The 3-member baggage of issue #4, 50 bytes.
pub const SMALL: &str = "userId=alice,serverNode=DF%2028,isProduction=false";

/// 64 members with properties and percent-encoding, 8127 bytes (just under
/// 8192).
pub fn large() -> String {
    let members: Vec<String> = (0..64)
        .map(|i| {
            format!(
                "member{i:02}=Am%C3%A9lie%20{i:02}%2C%22quoted%22%20DF%2028%20{pad};ttl={i:02};region=eu-west-1;internal",
                pad = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"
            )
        })
        .collect();
    members.join(",")
}

/// Baggage entries as the SDK sees them: key → (value, metadata `p=v;p`).
pub fn sdk_entries(cx: &Context) -> BTreeMap<String, (String, String)> {
    cx.baggage()
        .iter()
        .map(|(k, (v, m))| {
            (
                k.as_str().to_owned(),
                (v.as_str().to_owned(), m.as_str().to_owned()),
            )
        })
        .collect()
}

/// The same shape from tracewire.
pub fn our_entries(b: &BaggageRef<'_>) -> BTreeMap<String, (String, String)> {
    b.iter()
        .map(|m| {
            let meta: Vec<String> = m
                .properties()
                .map(|p| match p.value() {
                    Some(v) => format!("{}={v}", p.key()),
                    None => p.key().to_owned(),
                })
                .collect();
            (m.key().to_owned(), (m.value().to_string(), meta.join(";")))
        })
        .collect()
}

/// tracewire's baggage extract: read the field, parse leniently, decode
/// every value and property value into `buf`.
#[inline(never)]
pub fn ours_extract(carrier: &HashMap<String, String>, buf: &mut [u8]) -> usize {
    let Some(field) = carrier.get("baggage") else {
        return 0;
    };
    let mut total = 0;
    for m in &BaggageRef::lenient(field.as_bytes()) {
        total += m.key().len();
        total += m.value().decode_into(buf).map_or(0, str::len);
        for p in m.properties() {
            total += p.key().len();
            if let Some(v) = p.value() {
                total += v.decode_into(buf).map_or(0, str::len);
            }
        }
    }
    total
}
