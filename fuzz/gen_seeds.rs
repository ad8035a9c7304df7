//! Writes the committed fuzz seeds from the shared test vectors
//! (`tests/vectors/mod.rs`), or checks that they are up to date.
//!
//! A standalone program with no dependencies. From the repository root:
//!
//! ```sh
//! rustc --edition 2024 fuzz/gen_seeds.rs -o /tmp/gen_seeds
//! /tmp/gen_seeds          # (re)write fuzz/seeds/<target>/
//! /tmp/gen_seeds --check  # exit 1 if the committed seeds differ
//! ```

// The vectors keep their one-line-per-vector layout.
#[rustfmt::skip]
#[path = "../tests/vectors/mod.rs"]
mod vectors;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// Seed file name -> contents, for one target.
type Seeds = BTreeMap<String, Vec<u8>>;

/// Adds a seed unless one with the same bytes is already there.
fn add(seeds: &mut Seeds, prefix: &str, spec: &str, data: &[u8]) {
    if seeds.values().any(|d| d == data) {
        return;
    }
    let name = format!("{prefix}-{:02}-{}", seeds.len(), spec.replace(' ', "_"));
    seeds.insert(name, data.to_vec());
}

fn traceparent_seeds() -> Seeds {
    let mut s = Seeds::new();
    add(&mut s, "canonical", "TP-01", vectors::TP_CANONICAL);
    for v in vectors::TP_VALID {
        add(&mut s, "valid", v.spec, v.input);
    }
    for v in vectors::TP_INVALID {
        add(&mut s, "invalid", v.spec, v.input);
    }
    s
}

/// Value of a lowercase hex digit string (the vectors' ids are valid).
fn unhex(digits: &[u8]) -> Vec<u8> {
    let val = |d: u8| match d {
        b'0'..=b'9' => d - b'0',
        b'a'..=b'f' => d - b'a' + 10,
        _ => panic!("vector id is not lowercase hex: {digits:?}"),
    };
    digits
        .chunks(2)
        .map(|p| (val(p[0]) << 4) | val(p[1]))
        .collect()
}

fn hex_seeds() -> Seeds {
    let mut s = Seeds::new();
    // Whole ids as digits, valid.
    add(&mut s, "digits", "trace_id", vectors::T.as_bytes());
    add(&mut s, "digits", "parent_id", vectors::P.as_bytes());
    // The trace-id and parent-id fields of every invalid vector: uppercase,
    // non-hex, dashes and spaces where the fuzzer should look.
    for v in vectors::TP_INVALID {
        if let Some(f) = v.input.get(3..35) {
            add(&mut s, "field32", v.spec, f);
        }
        if let Some(f) = v.input.get(36..52) {
            add(&mut s, "field16", v.spec, f);
        }
    }
    // The encode layout of the hex target: [pos, replacement, bytes...].
    let t = unhex(vectors::T.as_bytes());
    let p = unhex(vectors::P.as_bytes());
    for (pos, replacement) in [(0u8, b'0'), (5, b'A'), (31, b'g'), (7, b'-'), (15, 0x80)] {
        let mut d = vec![pos, replacement];
        d.extend_from_slice(&t);
        add(&mut s, "encode16", "trace_id", &d);
        let mut d = vec![pos, replacement];
        d.extend_from_slice(&p);
        add(&mut s, "encode8", "parent_id", &d);
    }
    s
}

/// Tracestate seeds: every shared vector, its fields joined by `\n` (the
/// target's field separator) and by `,`.
fn tracestate_seeds() -> Seeds {
    let mut s = Seeds::new();
    let all = vectors::TS_VALID
        .iter()
        .map(|v| ("valid", v.spec, v.fields))
        .chain(
            vectors::TS_INVALID
                .iter()
                .map(|v| ("invalid", v.spec, v.fields)),
        );
    for (prefix, spec, fields) in all {
        add(&mut s, prefix, spec, &fields.join(&b"\n"[..]));
        add(&mut s, prefix, spec, &fields.join(&b","[..]));
    }
    s
}

/// The 29-byte binary traceparent (BIN-01) of ids given as hex.
fn binary_tp(version: u8, trace_id: &str, parent_id: &str, flags: u8) -> Vec<u8> {
    let mut b = vec![version, 0];
    b.extend_from_slice(&unhex(trace_id.as_bytes()));
    b.push(1);
    b.extend_from_slice(&unhex(parent_id.as_bytes()));
    b.extend_from_slice(&[2, flags]);
    b
}

fn binary_traceparent_seeds() -> Seeds {
    let mut s = Seeds::new();
    // BIN-01/BIN-09: the binary form of every valid text vector.
    for v in vectors::TP_VALID {
        add(
            &mut s,
            "valid",
            v.spec,
            &binary_tp(0, v.trace_id, v.parent_id, v.flags),
        );
    }
    let canonical = binary_tp(0, vectors::T, vectors::P, 1);
    // BIN-03: every truncation point.
    for len in [0, 1, 2, 17, 18, 20, 27, 28] {
        add(&mut s, "truncated", "BIN-03", &canonical[..len]);
    }
    // BIN-04, BIN-06, BIN-07: wrong field ids, padding, other versions.
    for (at, byte, spec) in [
        (1, 9, "BIN-04"),
        (18, 0, "BIN-04"),
        (27, 1, "BIN-04"),
        (0, 1, "BIN-07"),
        (0, 255, "BIN-07"),
    ] {
        let mut b = canonical.clone();
        b[at] = byte;
        add(&mut s, "mutated", spec, &b);
    }
    let mut padded = canonical.clone();
    padded.extend_from_slice(&[171, 205]);
    add(&mut s, "padded", "BIN-06", &padded);
    s
}

/// One binary tracestate member (BIN-11).
fn member(key: &[u8], value: &[u8]) -> Vec<u8> {
    let mut m = vec![0, key.len() as u8];
    m.extend_from_slice(key);
    m.push(value.len() as u8);
    m.extend_from_slice(value);
    m
}

fn binary_tracestate_seeds() -> Seeds {
    // The target's first byte is the traceparent version (0xff = unknown).
    let with = |version: u8, body: &[u8]| {
        let mut d = vec![version];
        d.extend_from_slice(body);
        d
    };
    let mut s = Seeds::new();
    let mut example = member(b"foo", b"34f067aa0ba902b7");
    example.extend_from_slice(&member(b"bar", b"0.25"));
    add(&mut s, "example", "BIN-11", &with(0, &example));
    let mut ended = example.clone();
    ended.extend_from_slice(&[0, 0, 9, 9]);
    add(&mut s, "ended", "BIN-12", &with(0, &ended));
    add(
        &mut s,
        "field_id",
        "BIN-13",
        &with(1, &[1, 1, b'a', 1, b'1']),
    );
    add(&mut s, "truncated", "BIN-14", &with(0xff, &example[..21]));
    add(
        &mut s,
        "empty_value",
        "BIN-15",
        &with(0, &member(b"foo", b"")),
    );
    add(&mut s, "bad_key", "BIN-16", &with(0, &member(b"Foo", b"1")));
    add(
        &mut s,
        "draft_key",
        "BIN-16",
        &with(0, &member(b"t@v", b" 1")),
    );
    let mut many = Vec::new();
    for i in 0..33u8 {
        many.extend_from_slice(&member(&[b'k', b'a' + i % 26, b'0' + i / 26], b"v"));
    }
    add(&mut s, "many", "BIN-17", &with(0, &many));
    s
}

fn server_timing_seeds() -> Seeds {
    let mut s = Seeds::new();
    for v in vectors::TP_VALID {
        let mut d = b"trace;desc=".to_vec();
        d.extend_from_slice(v.input);
        add(&mut s, "valid", v.spec, &d);
    }
    let tp = std::str::from_utf8(vectors::TP_CANONICAL).unwrap_or_default();
    for (spec, text) in [
        ("ST-05", format!("cache;dur=23.2, TRACE;desc={tp}")),
        ("ST-06", format!("x;desc=\"a,b;c\", trace;desc={tp}")),
        ("ST-07", format!("trace ; desc = {tp}")),
        ("ST-08", format!("trace;desc=\"{tp}\"")),
        ("ST-08", format!("trace;desc=\"\\0{}\"", &tp[1..])),
        ("ST-09", format!("trace;desc=x;desc={tp}")),
        ("ST-10", format!("trace;dur=0;foo=bar;desc={tp}")),
        ("ST-12", "trace;dur=1".to_owned()),
        ("ST-13", format!("trace;desc=bad, trace;desc={tp}")),
        ("ST-14", format!("trace;DESC={tp}")),
    ] {
        add(&mut s, "metric", spec, text.as_bytes());
    }
    for v in vectors::TP_INVALID {
        let mut d = b"trace;desc=\"".to_vec();
        d.extend_from_slice(v.input);
        d.push(b'"');
        add(&mut s, "invalid", v.spec, &d);
    }
    s
}

// ------------------------------------------------------------------
// Spec examples of the list headers (shared/spec/tracestate.md,
// baggage.md), each with the requirement it comes from; the targets below
// also take the tracestate vectors of tests/vectors/mod.rs (baggage has
// none there yet).

const TS_EXAMPLES: &[(&str, &[u8])] = &[
    ("TS-01", b"foo=1 \t , \t bar=2, \t baz=3"),
    ("TS-01", b"foo=1\t \t,\t \tbar=2,\t \tbaz=3"),
    ("TS-02", b""),
    ("TS-02", b" , ,\t"),
    (
        "TS-03",
        b"foo=1,1special=2,fw529a3039@dt=3,foo@=4,foo@@bar=5,foo@bar@baz=6",
    ),
    ("TS-03", b"@foo=1"),
    ("TS-03", b"FOO=1"),
    ("TS-03", b"foo.bar=1"),
    ("TS-03", b"_foo=1"),
    ("TS-05", b"foo="),
    ("TS-05", b"foo=bar=baz"),
    ("TS-05", b"foo=bar "),
    ("TS-06", b"foo= 1 \t"),
    ("TS-07", b"foo =1"),
    ("TS-08", b"foo=caf\xC3\xA9"),
    ("TS-08", b"foo=a\tb"),
    ("TS-08", b"foo=1\r\n"),
    ("TS-10", b"foo=1,foo=2"),
    ("TS-12", b"@foo=1,bar=2"),
    ("TS-12", b"foo=,bar=3"),
    ("TS-21", b"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
    ("TS-22", b"congo=ucfJifl5GOE,rojo=00f067aa0ba902b7"),
];

const BG_EXAMPLES: &[(&str, &[u8])] = &[
    ("BG-01", b"SomeKey \t = \t SomeValue \t ; \t SomeProp"),
    (
        "BG-01",
        b"key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue",
    ),
    ("BG-02", b"k%41=1"),
    ("BG-02", b"user id=1"),
    ("BG-03", b"k="),
    ("BG-03", b"k=a b"),
    ("BG-03", b"k=a\"b"),
    ("BG-03", b"k=caf\xC3\xA9"),
    ("BG-04", b"SomeKey=SomeValue=equals"),
    ("BG-05", b"k=v;p;p=1;p=2"),
    (
        "BG-06",
        b"SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal",
    ),
    ("BG-07", b"key1"),
    ("BG-07", b"=v"),
    ("BG-07", b"k=v;"),
    ("BG-07", b"k=v;;p"),
    ("BG-08", b"a=1,a=2"),
    (
        "BG-09",
        b"userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false",
    ),
    ("BG-10", b"a=%FF,b=%C3%28,c=%E2%82,d=a%E2%82%ACb"),
    ("BG-11", b"k=50%,j=%zz"),
    ("BG-20", b"a=1,,b=2"),
    ("BG-20", b" \t "),
    ("BG-21", b"a=1,bad member,b=2"),
    ("BG-23", b"key2 = value2 ; p"),
];

/// A tracestate of `n` members `k{i}=v{i}` (TS-09, TS-17).
fn ts_members(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| format!("k{i}=v{i}"))
        .collect::<Vec<_>>()
        .join(",")
        .into_bytes()
}

fn tracestate_view_owned_seeds() -> Seeds {
    let mut s = Seeds::new();
    for (spec, v) in TS_EXAMPLES {
        add(&mut s, "example", spec, v);
    }
    for (prefix, spec, fields) in vectors::TS_VALID
        .iter()
        .map(|v| ("valid", v.spec, v.fields))
        .chain(
            vectors::TS_INVALID
                .iter()
                .map(|v| ("invalid", v.spec, v.fields)),
        )
    {
        // The target reads LF as a field boundary.
        add(&mut s, prefix, spec, &fields.join(&b"\n"[..]));
    }
    add(&mut s, "limit", "TS-09", &ts_members(32));
    add(&mut s, "limit", "TS-09", &ts_members(33));
    // TS-28: the spec's truncation example, and members over 128 bytes.
    let x128 = "x".repeat(128);
    add(
        &mut s,
        "truncate",
        "TS-28",
        format!("a=1,b={x128},c=3").as_bytes(),
    );
    let big = format!("a=1,b={x128}yy,c=3,d={x128}zz,e=5");
    add(&mut s, "truncate", "TS-28", big.as_bytes());
    let over512: Vec<String> = (0..20)
        .map(|i| format!("vendor{i:02}={}", "v".repeat(20)))
        .collect();
    add(&mut s, "truncate", "TS-27", over512.join(",").as_bytes());
    let long = format!("{}={}", "z".repeat(256), "v".repeat(256));
    add(&mut s, "limit", "TS-04_TS-05", long.as_bytes());
    // TS-16: fields (split at LF by the target).
    add(
        &mut s,
        "fields",
        "TS-16",
        b"foo=1,bar=2\nrojo=1,congo=2\nbaz=3",
    );
    add(&mut s, "fields", "TS-16", b"foo=1\n\n \t\nbar=2");
    add(
        &mut s,
        "fields",
        "TS-17",
        &[&ts_members(16)[..], b"\n", &ts_members(17)[..]].concat(),
    );
    s
}

/// A baggage of `n` members `key{i}=value` (BG-14).
fn bg_members(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| format!("key{i}=value"))
        .collect::<Vec<_>>()
        .join(",")
        .into_bytes()
}

fn baggage_strict_lenient_seeds() -> Seeds {
    let mut s = Seeds::new();
    for (spec, v) in BG_EXAMPLES {
        add(&mut s, "example", spec, v);
    }
    add(&mut s, "limit", "BG-14", &bg_members(64));
    add(&mut s, "limit", "BG-15", &bg_members(65));
    add(&mut s, "limit", "BG-18", &bg_members(181));
    add(
        &mut s,
        "limit",
        "BG-14",
        format!("a={}", "1".repeat(8190)).as_bytes(),
    );
    add(
        &mut s,
        "limit",
        "BG-15",
        format!("a={},b=2", "1".repeat(8190)).as_bytes(),
    );
    add(
        &mut s,
        "mixed",
        "BG-21",
        b"a=1,bad member,b=2;p=1;q, c = 3 ;r ,=x,d=4;;e",
    );
    add(
        &mut s,
        "fields",
        "BG-19",
        b"userId=alice\nserverNode=DF%2028,isProduction=false",
    );
    add(&mut s, "fields", "BG-19", b"a=1\n\nbad,b=2");
    s
}

/// The baggage target: the spec examples and the limits (BG-14, BG-19).
fn baggage_seeds() -> Seeds {
    let mut s = Seeds::new();
    for (spec, v) in BG_EXAMPLES {
        add(&mut s, "example", spec, v);
    }
    add(&mut s, "limit", "BG-14", &bg_members(64));
    add(
        &mut s,
        "limit",
        "BG-14",
        format!("a={}", "1".repeat(8190)).as_bytes(),
    );
    add(
        &mut s,
        "encode",
        "BG-12",
        b"k=DF%2028%25%3D%22%5C%0D%0A%00;p=%20x%20",
    );
    add(
        &mut s,
        "fields",
        "BG-19",
        b"userId=alice\nserverNode=DF%2028,isProduction=false",
    );
    s
}

/// Carrier records `[selector, len, value]`; the selectors index the
/// `NAMES` table of fuzz_targets/carrier.rs (0 `traceparent`,
/// 1 `TraceParent`, 2 `TRACEPARENT`, 3 `tracestate`, 4 `TraceState`,
/// 6 `baggage`, 7 `Baggage`, 12 `server-timing`, 13 `trace-parent`).
fn records(fields: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (sel, v) in fields {
        let v = &v[..v.len().min(255)];
        out.push(*sel);
        out.push(v.len() as u8);
        out.extend_from_slice(v);
    }
    out
}

fn carrier_seeds() -> Seeds {
    let mut s = Seeds::new();
    let tp = vectors::TP_CANONICAL;
    let ts1: &[u8] = b"rojo=00f067aa0ba902b7";
    let ts2: &[u8] = b"congo=t61rcWkgMzE";
    let bg: &[u8] = b"userId=alice, bad member ,serverNode=DF%2028";
    add(
        &mut s,
        "http",
        "CAR-09",
        &records(&[(0, tp), (3, ts1), (4, ts2), (6, bg)]),
    );
    add(
        &mut s,
        "http",
        "CAR-07",
        &records(&[(1, tp), (5, ts1), (8, bg)]),
    );
    add(
        &mut s,
        "dup",
        "TP-19",
        &records(&[(0, tp), (2, tp), (3, ts1)]),
    );
    add(
        &mut s,
        "other",
        "CAR-08",
        &records(&[(13, tp), (14, ts1), (15, bg)]),
    );
    add(&mut s, "missing", "TS-14", &records(&[(3, ts1), (6, bg)]));
    add(
        &mut s,
        "blank",
        "TS-16",
        &records(&[(0, tp), (3, ts1), (3, b" \t"), (3, b""), (3, ts2)]),
    );
    add(
        &mut s,
        "many",
        "TS-17",
        &records(&[(0, tp), (3, &ts_members(16)), (3, &ts_members(17))]),
    );
    add(
        &mut s,
        "bag",
        "BG-19",
        &records(&[
            (6, b"userId=alice"),
            (7, b"serverNode=DF%2028,isProduction=false"),
        ]),
    );
    add(
        &mut s,
        "bag",
        "BG-22",
        &records(&[(0, b"00-xyz"), (6, b"a=1;p,b=2")]),
    );
    add(
        &mut s,
        "timing",
        "CAR-09",
        &records(&[(12, b"db;dur=53"), (0, tp)]),
    );
    add(
        &mut s,
        "unsafe",
        "TP-16",
        &records(&[
            (
                0,
                b"cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x\r\ny",
            ),
            (3, b"a=1\0"),
        ]),
    );
    for v in vectors::TP_VALID {
        add(&mut s, "tp", v.spec, &records(&[(0, v.input), (3, ts1)]));
    }
    for v in vectors::TP_INVALID {
        add(
            &mut s,
            "tp-invalid",
            v.spec,
            &records(&[(0, v.input), (3, ts1), (6, bg)]),
        );
    }
    for (spec, v) in TS_EXAMPLES {
        add(&mut s, "ts", spec, &records(&[(0, tp), (3, v)]));
    }
    for v in vectors::TS_VALID {
        let mut r = vec![(0u8, tp)];
        r.extend(v.fields.iter().map(|f| (3u8, *f)));
        add(&mut s, "ts-fields", v.spec, &records(&r));
    }
    for (spec, v) in BG_EXAMPLES {
        add(&mut s, "bg", spec, &records(&[(6, v)]));
    }
    s
}

/// otel_diff records: the selector is `% 4` of `traceparent`,
/// `tracestate`, `baggage`, `other` (fuzz_targets/otel_diff.rs).
fn otel_diff_seeds() -> Seeds {
    let mut s = Seeds::new();
    let tp = vectors::TP_CANONICAL;
    let ts: &[u8] = b"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
    let bg: &[u8] = b"userId=Am%C3%A9lie;p,serverNode=DF%2028";
    add(
        &mut s,
        "all",
        "CAR-32",
        &records(&[(0, tp), (1, ts), (2, bg)]),
    );
    add(
        &mut s,
        "dup",
        "CAR-29",
        &records(&[(0, tp), (0, tp), (1, ts), (1, b"a=1"), (2, bg), (2, b"b=2")]),
    );
    add(
        &mut s,
        "random",
        "CAR-32",
        &records(&[(
            0,
            b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03",
        )]),
    );
    add(
        &mut s,
        "keys",
        "TS-03",
        &records(&[
            (0, tp),
            (1, b"foo@@bar=1,foo@bar@baz=2,t@vvvvvvvvvvvvvvv=3"),
        ]),
    );
    add(
        &mut s,
        "sdk",
        "TS-05",
        &records(&[(0, tp), (1, b"k==v,e=,c=caf\xC3\xA9")]),
    );
    add(
        &mut s,
        "sdk",
        "BG-04",
        &records(&[(2, b"k=a=b,k%41=1, p = 1 ;q = 2,v=%FF")]),
    );
    for v in vectors::TP_VALID {
        add(&mut s, "tp", v.spec, &records(&[(0, v.input), (1, ts)]));
    }
    for v in vectors::TP_INVALID {
        add(
            &mut s,
            "tp-invalid",
            v.spec,
            &records(&[(0, v.input), (2, bg)]),
        );
    }
    for (spec, v) in TS_EXAMPLES {
        add(&mut s, "ts", spec, &records(&[(0, tp), (1, v)]));
    }
    for (spec, v) in BG_EXAMPLES {
        add(&mut s, "bg", spec, &records(&[(2, v)]));
    }
    s
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new("fuzz");
    if !root.join("Cargo.toml").is_file() {
        eprintln!("run from the repository root (fuzz/Cargo.toml not found)");
        return ExitCode::from(2);
    }
    let mut stale = 0;
    for (target, seeds) in [
        ("traceparent", traceparent_seeds()),
        ("hex", hex_seeds()),
        ("tracestate", tracestate_seeds()),
        ("binary_traceparent", binary_traceparent_seeds()),
        ("binary_tracestate", binary_tracestate_seeds()),
        ("server_timing", server_timing_seeds()),
        ("carrier", carrier_seeds()),
        ("tracestate_view_owned", tracestate_view_owned_seeds()),
        ("baggage_strict_lenient", baggage_strict_lenient_seeds()),
        ("otel_diff", otel_diff_seeds()),
        ("baggage", baggage_seeds()),
    ] {
        let dir = root.join("seeds").join(target);
        let on_disk: BTreeMap<String, Vec<u8>> = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap_or_default(),
                )
            })
            .collect();
        if check {
            if on_disk != seeds {
                eprintln!(
                    "{}: seeds differ from tests/vectors/mod.rs; rerun gen_seeds",
                    dir.display()
                );
                stale += 1;
            }
            continue;
        }
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create seed directory");
        for (name, data) in &seeds {
            fs::write(dir.join(name), data).expect("write seed");
        }
        println!("{}: {} seeds", dir.display(), seeds.len());
    }
    if stale == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
