//! `baggage`: tracewire against opentelemetry_sdk 0.33 `BaggagePropagator`.
//!
//! - extract: the SDK's `extract` from a `HashMap` carrier against
//!   tracewire's lenient parse of the same carrier's field, decoding every
//!   value and property value into a stack buffer;
//! - inject: the SDK's `inject_context` into a `HashMap` against tracewire's
//!   `Baggage::encode_into` (the owned type stores the encoded form), and,
//!   for completeness, building the owned value with `insert` from decoded
//!   entries and then encoding it.
//!
//! The `baggage/floor` group times what any parse-and-decode must at least
//! do, checking no rule at all: cut the same field at `,`, `;` and the first
//! `=` of each part (with `str::split` as the SDK does, or one
//! `memchr::memchr3_iter` pass) and decode every value and property value
//! with tracewire's own `decode_into`; and that decoding alone, on values
//! split beforehand, with tracewire's decoder and with the
//! `percent-encoding` crate's (the one the SDK uses). A parser that
//! validates does this and more, so these rows show how fast the extract
//! row could at best get with this decoder.
//!
//! A counting global allocator reports the allocations per operation of
//! each side (printed once, outside the timed loops).
//!
//! `cargo bench --bench baggage -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used, unsafe_code, missing_docs)]

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry_sdk::propagation::BaggagePropagator;
use tracewire::baggage::PercentDecoded;
use tracewire::{Baggage, BaggageRef};

#[path = "common/alloc_count.rs"]
mod alloc_count;
use alloc_count::allocs_per_op;
#[path = "common/inputs.rs"]
mod inputs;
use inputs::{SMALL, large, our_entries, ours_extract, sdk_entries};

/// Key, decoded value, decoded properties.
type DecodedMember = (String, String, Vec<(String, Option<String>)>);

/// Decoded length of one raw value (0 when it does not fit, as above).
#[inline]
fn decode_len(raw: &str, buf: &mut [u8]) -> usize {
    PercentDecoded::new(raw)
        .decode_into(buf)
        .map_or(0, str::len)
}

/// Floor: the SDK's cut (`str::split` on `,` and `;`, the first `=`) with
/// tracewire's decoding and no rule checked (no OWS, no key or value
/// grammar, no limits).
#[inline(never)]
fn floor_str_split(carrier: &HashMap<String, String>, buf: &mut [u8]) -> usize {
    let Some(field) = carrier.get("baggage") else {
        return 0;
    };
    let mut total = 0;
    for member in field.split(',') {
        let mut parts = member.split(';');
        let kv = parts.next().unwrap_or("");
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        total += k.len() + decode_len(v, buf);
        for p in parts {
            total += match p.split_once('=') {
                Some((k, v)) => k.len() + decode_len(v, buf),
                None => p.len(),
            };
        }
    }
    total
}

/// Floor: one `memchr3_iter` pass (SIMD) over `,` `;` `=`, each part cut
/// at its first `=`, tracewire's decoding, no rule checked.
#[inline(never)]
fn floor_memchr3(carrier: &HashMap<String, String>, buf: &mut [u8]) -> usize {
    let Some(field) = carrier.get("baggage") else {
        return 0;
    };
    let bytes = field.as_bytes();
    // A part runs from `start` to a `,` or `;`; `eq` is its first `=`.
    let part = |start: usize, end: usize, eq: Option<usize>, buf: &mut [u8]| match eq {
        Some(q) => (q - start) + decode_len(&field[q + 1..end], buf),
        None => end - start,
    };
    let mut total = 0;
    let (mut start, mut eq) = (0, None);
    for i in memchr::memchr3_iter(b',', b';', b'=', bytes) {
        if bytes[i] == b'=' {
            eq = eq.or(Some(i));
        } else {
            total += part(start, i, eq, buf);
            (start, eq) = (i + 1, None);
        }
    }
    total + part(start, bytes.len(), eq, buf)
}

/// The decoding alone with the `percent-encoding` crate (what the SDK
/// decodes with) into the same buffer, and the same `from_utf8`: how
/// tracewire's decoder compares with the usual one.
#[inline(never)]
fn decode_only_percent_encoding(values: &[&str], buf: &mut [u8]) -> usize {
    values
        .iter()
        .map(|v| {
            let mut n = 0;
            for (slot, b) in buf
                .iter_mut()
                .zip(percent_encoding::percent_decode(v.as_bytes()))
            {
                *slot = b;
                n += 1;
            }
            std::str::from_utf8(&buf[..n]).map_or(0, str::len)
        })
        .sum()
}

/// Floor: only the decoding, of values split beforehand.
#[inline(never)]
fn floor_decode_only(values: &[&str], buf: &mut [u8]) -> usize {
    values.iter().map(|v| decode_len(v, buf)).sum()
}

fn bench(c: &mut Criterion) {
    let propagator = BaggagePropagator::new();
    let large = large();
    for (name, header) in [("3_members", SMALL.to_owned()), ("64_members", large)] {
        let carrier: HashMap<String, String> = [("baggage".to_owned(), header.clone())]
            .into_iter()
            .collect();

        // Same entries on both sides, checked once outside the loops.
        let cx = propagator.extract(&carrier);
        let view = BaggageRef::parse(header.as_bytes()).expect("valid header");
        let sdk = sdk_entries(&cx);
        assert_eq!(sdk, our_entries(&view), "{name}");
        assert_eq!(sdk.len(), if name == "3_members" { 3 } else { 64 });
        assert!(header.len() <= 8192, "{}", header.len());
        let owned: Baggage = Baggage::try_from(view).unwrap();
        let mut out = HashMap::new();
        propagator.inject_context(&cx, &mut out);
        let reparsed = propagator.extract(&out);
        let ours_text = owned.as_str().to_owned();
        let ours_back: HashMap<String, String> =
            [("baggage".to_owned(), ours_text)].into_iter().collect();
        assert_eq!(
            sdk_entries(&reparsed),
            sdk_entries(&propagator.extract(&ours_back)),
            "{name} inject"
        );
        let decoded: Vec<DecodedMember> = view
            .iter()
            .map(|m| {
                (
                    m.key().to_owned(),
                    m.value().to_string(),
                    m.properties()
                        .map(|p| (p.key().to_owned(), p.value().map(|v| v.to_string())))
                        .collect(),
                )
            })
            .collect();
        let mut buf = [0u8; 256];

        let insert_encode = |out: &mut [u8]| {
            let mut b: Baggage = Baggage::new();
            for (k, v, props) in &decoded {
                let props: [(&str, Option<&str>); 4] = core::array::from_fn(|i| {
                    props
                        .get(i)
                        .map_or(("", None), |(k, v)| (k.as_str(), v.as_deref()))
                });
                let n = decoded_props_len(&props);
                b.insert_with_properties(k, v, &props[..n]).unwrap();
            }
            b.encode_into(out).unwrap()
        };
        let mut out_buf = vec![0u8; 8192];
        assert_eq!(insert_encode(&mut out_buf), owned.encoded_len());

        println!(
            "allocations/op {name}: sdk extract {:.1}, sdk inject {:.1}, tracewire extract {:.1}, encode {:.1}, insert+encode {:.1}",
            allocs_per_op(|| {
                black_box(propagator.extract(black_box(&carrier)));
            }),
            allocs_per_op(|| {
                let mut out = HashMap::new();
                propagator.inject_context(black_box(&cx), &mut out);
                black_box(out);
            }),
            allocs_per_op(|| {
                black_box(ours_extract(black_box(&carrier), &mut buf));
            }),
            allocs_per_op(|| {
                let mut out = [0u8; 8192];
                black_box(owned.encode_into(black_box(&mut out)).unwrap());
            }),
            allocs_per_op(|| {
                black_box(insert_encode(&mut out_buf));
            }),
        );

        let mut g = c.benchmark_group(format!("baggage/{name}"));
        g.throughput(Throughput::Bytes(header.len() as u64));
        g.bench_function("extract/opentelemetry_sdk", |b| {
            b.iter(|| propagator.extract(black_box(&carrier)))
        });
        g.bench_function("extract/tracewire", |b| {
            b.iter(|| ours_extract(black_box(&carrier), &mut buf))
        });
        g.bench_function("inject/opentelemetry_sdk", |b| {
            b.iter(|| {
                let mut out = HashMap::new();
                propagator.inject_context(black_box(&cx), &mut out);
                out
            });
        });
        g.bench_function("inject/tracewire_encode", |b| {
            b.iter(|| black_box(&owned).encode_into(black_box(&mut out_buf)));
        });
        g.bench_function("inject/tracewire_insert_encode", |b| {
            b.iter(|| insert_encode(black_box(&mut out_buf)))
        });
        g.finish();
    }
}

fn decoded_props_len(props: &[(&str, Option<&str>)]) -> usize {
    props.iter().take_while(|(k, _)| !k.is_empty()).count()
}

fn floor(c: &mut Criterion) {
    let mut g = c.benchmark_group("baggage/floor");
    for (name, header) in [("3_members", SMALL.to_owned()), ("64_members", large())] {
        let carrier: HashMap<String, String> = [("baggage".to_owned(), header.clone())]
            .into_iter()
            .collect();
        let mut buf = [0u8; 256];
        // Every value and property value, split beforehand.
        let values: Vec<&str> = header
            .split([',', ';'])
            .filter_map(|p| p.split_once('=').map(|(_, v)| v))
            .collect();
        // Same work as the extract row: same keys, same decoded text.
        let expected = ours_extract(&carrier, &mut buf);
        assert_eq!(floor_str_split(&carrier, &mut buf), expected, "{name}");
        assert_eq!(floor_memchr3(&carrier, &mut buf), expected, "{name}");
        let keys: usize = header
            .split([',', ';'])
            .map(|p| p.split_once('=').map_or(p, |(k, _)| k).len())
            .sum();
        assert_eq!(
            floor_decode_only(&values, &mut buf) + keys,
            expected,
            "{name}"
        );
        g.throughput(Throughput::Bytes(header.len() as u64));
        g.bench_function(BenchmarkId::new("str_split", name), |b| {
            b.iter(|| floor_str_split(black_box(&carrier), &mut buf));
        });
        g.bench_function(BenchmarkId::new("memchr3", name), |b| {
            b.iter(|| floor_memchr3(black_box(&carrier), &mut buf));
        });
        g.bench_function(BenchmarkId::new("decode_only", name), |b| {
            b.iter(|| floor_decode_only(black_box(&values), &mut buf));
        });
        g.bench_function(
            BenchmarkId::new("decode_only_percent_encoding", name),
            |b| {
                b.iter(|| decode_only_percent_encoding(black_box(&values), &mut buf));
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench, floor);
criterion_main!(benches);
