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
