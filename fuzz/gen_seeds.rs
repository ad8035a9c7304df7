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
        add(&mut s, "valid", v.spec, &binary_tp(0, v.trace_id, v.parent_id, v.flags));
    }
    let canonical = binary_tp(0, vectors::T, vectors::P, 1);
    // BIN-03: every truncation point.
    for len in [0, 1, 2, 17, 18, 20, 27, 28] {
        add(&mut s, "truncated", "BIN-03", &canonical[..len]);
    }
    // BIN-04, BIN-06, BIN-07: wrong field ids, padding, other versions.
    for (at, byte, spec) in [(1, 9, "BIN-04"), (18, 0, "BIN-04"), (27, 1, "BIN-04"), (0, 1, "BIN-07"), (0, 255, "BIN-07")] {
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
    add(&mut s, "field_id", "BIN-13", &with(1, &[1, 1, b'a', 1, b'1']));
    add(&mut s, "truncated", "BIN-14", &with(0xff, &example[..21]));
    add(&mut s, "empty_value", "BIN-15", &with(0, &member(b"foo", b"")));
    add(&mut s, "bad_key", "BIN-16", &with(0, &member(b"Foo", b"1")));
    add(&mut s, "draft_key", "BIN-16", &with(0, &member(b"t@v", b" 1")));
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

fn baggage_seeds() -> Seeds {
    let mut s = Seeds::new();
    for v in vectors::BG_VALID {
        add(&mut s, "valid", v.spec, v.input);
    }
    for v in vectors::BG_INVALID {
        add(&mut s, "invalid", v.spec, v.input);
    }
    // Two fields' worth, OWS everywhere, and a long value near a limit.
    add(&mut s, "joined", "BG-19", b"userId=alice , serverNode=DF%2028;p ; q = 1,isProduction=false");
    let mut long = b"a=".to_vec();
    long.extend(std::iter::repeat_n(b'7', 8190));
    add(&mut s, "long", "BG-14", &long);
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
