//! `inspect`: decode trace-context header values and show what tracewire
//! makes of them, for people (with a caret under the bad byte) or for
//! scripts and conformance tools (`--json`, one object per input line).
//!
//! ```sh
//! cargo run --example inspect -- '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
//! printf '%s\n' '"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"' \
//!     | cargo run --example inspect -- --json --kind traceparent
//! ```
//!
//! Usage: `inspect [--kind KIND] [--carrier] [--json] [VALUE...]`
//!
//! - With VALUEs, each is one header field value (several VALUEs are several
//!   fields of the same header, in arrival order). Without, stdin is read one
//!   value per line (human mode) or one JSON value per line (`--json`).
//! - JSON input lines: a string (one field value exactly as received, nothing
//!   trimmed), an array of strings (several fields in arrival order; `[]` =
//!   absent), or `{"hex": "<lowercase hex>"}` for raw bytes.
//! - JSON output: `{"valid": true, ...fields}` or
//!   `{"valid": false, "error": "<ErrorKind>", "offset": N}` (plus `"field": K`
//!   when the input was an array). Fields of the kinds that show a
//!   traceparent (`traceparent`, `server-timing`, `binary-traceparent`):
//!   `version` and `flags` as the 2 hex digits of the bytes received (TP-14
//!   keeps only the known flag bits in the parsed value; `flags` here keeps
//!   them all), `trace_id`, `parent_id`, `sampled`, `random` (the flag bits)
//!   and `encoded`. Fields of the list kinds (`tracestate`,
//!   `binary-tracestate`, `baggage`): `entries` and `encoded`.
//! - No field at all (`[]`), by kind, as the codec reads it: `traceparent`,
//!   `server-timing` (no `trace` metric) and the binary kinds answer
//!   `{"valid": false, "error": "Absent"}`; `tracestate` and `baggage`
//!   answer the empty list, `{"valid": true, "entries": [], "encoded": ""}`,
//!   because an absent list header is the same as an empty one (TS-02,
//!   BG-20), as `""` is.
//! - Binary kinds take one value: several (`["<hex>", "<hex>"]`) are
//!   invalid, reported as several traceparent fields are (TP-19):
//!   `{"valid": false, "error": "DuplicateField", "offset": 0, "field": 1}`.
//! - `--carrier`: each input is a whole header map, run through
//!   `tracewire::propagation::extract` (names any case, repeats allowed): a
//!   JSON array of `[name, value]` pairs per line with `--json`, or
//!   `name: value` VALUEs, or without either, `name: value` lines on stdin
//!   read as one header block (one `name: value` per line), a blank line
//!   ending each block. Output: `{"traceparent": <outcome>, "tracestate":
//!   <outcome>, "baggage": <outcome>}`, each shaped as in its kind, but
//!   decided by the propagation layer (issue #5): `{"valid": false, "error":
//!   "Absent"}` for a header with no field holding a member (so a blank
//!   `tracestate` or `baggage` is `Absent` here, where the codec kinds give
//!   the empty list), `{"valid": false, "error": "Ignored"}` for a
//!   tracestate without a valid traceparent (TS-14); tracestate errors name
//!   the field among all tracestate fields, blank ones included; baggage is
//!   read leniently (malformed members dropped, BG-21).
//! - Exit status: 0 when every input was valid (and for `--help`, which
//!   prints the usage on stdout), 1 when one was not, 2 on a usage or
//!   input-format error.
//!
//! Kinds:
//!
//! - `traceparent` (default): the one field; several are invalid (TP-19).
//! - `tracestate`: fields joined in order; `entries` `[{"key", "value"}]`
//!   and `encoded`, the canonical form (TS-18).
//! - `baggage`: fields joined in order; `entries` `[{"key", "value",
//!   "properties": [{"key", "value"}]}]`, values decoded (BG-09..BG-11);
//!   `encoded` is the header tracewire writes for these entries: each is
//!   inserted into a `tracewire::Baggage`, so values are re-encoded by BG-12
//!   (`k=%41` and `k=A` both give `k=A`, `50%` gives `50%25`, `%c3%a9` gives
//!   `%C3%A9`), a repeated key keeps one member (the last value, at the
//!   first one's place, BG-26), and bytes that are not UTF-8 after decoding
//!   are U+FFFD in both (BG-10).
//! - `binary-traceparent`: the traceparent fields, `version` and `flags`
//!   the bytes at offsets 0 and 28.
//! - `binary-tracestate`: the tracestate fields, `entries` and `encoded`.
//! - Binary input is the bytes as lowercase hex, in a VALUE, a JSON string
//!   or `{"hex": ...}`; `encoded` is the lowercase hex of tracewire's
//!   encoding.
//! - `server-timing`: the `trace` metric; `parent_id` is the server's
//!   child-id, `flags` the byte of its desc as received, `encoded` the
//!   metric as tracewire writes it.
//!
//! ```sh
//! cargo run --example inspect -- --kind binary-traceparent \
//!     00004bf92f3577b34da6a3ce929d000e47360134f067aa0ba902b70201
//! cargo run --example inspect -- --kind server-timing \
//!     'cache;dur=2, trace;desc="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"'
//! ```

mod baggage;
mod binary;
mod carrier;
mod output;
mod server_timing;
mod traceparent;
mod tracestate;

use output::Outcome;
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// One input: the fields of one header, in arrival order.
type Fields = Vec<Vec<u8>>;

/// What the command line asked for.
struct Args {
    kind: String,
    json: bool,
    carrier: bool,
    help: bool,
    values: Vec<String>,
}

fn usage() -> &'static str {
    "usage: inspect [--kind traceparent|tracestate|baggage|binary-traceparent|binary-tracestate|server-timing] [--carrier] [--json] [VALUE...]\n\
     Decodes trace-context header values. Without VALUE, reads stdin one value per line\n\
     (with --json: one JSON string, array of strings, or {\"hex\": ...} per line)."
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        kind: "traceparent".to_owned(),
        json: false,
        carrier: false,
        help: false,
        values: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => args.json = true,
            "--carrier" => args.carrier = true,
            "--kind" => args.kind = it.next().ok_or("--kind needs a value")?,
            "-h" | "--help" => args.help = true,
            "--" => args.values.extend(it.by_ref()),
            s if s.starts_with("--kind=") => args.kind = s["--kind=".len()..].to_owned(),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => args.values.push(a),
        }
    }
    Ok(args)
}

/// Runs one input through the codec of `kind`.
fn inspect(kind: &str, fields: &[Vec<u8>]) -> Result<Outcome, String> {
    match kind {
        "traceparent" => Ok(traceparent::inspect(fields)),
        "baggage" => Ok(baggage::inspect(fields)),
        "binary-traceparent" => Ok(binary::inspect_traceparent(fields)),
        "binary-tracestate" => Ok(binary::inspect_tracestate(fields)),
        "server-timing" => Ok(server_timing::inspect(fields)),
        "tracestate" => Ok(tracestate::inspect(fields)),
        other => Err(format!("unknown kind {other:?}")),
    }
}

/// Whether inputs of `kind` are raw bytes written as hex.
fn is_binary(kind: &str) -> bool {
    kind.starts_with("binary-")
}

/// The input of a binary kind: each field's lowercase hex text decoded.
fn from_hex(fields: Fields) -> Result<Fields, String> {
    fields.iter().map(|f| decode_lower_hex(f)).collect()
}

/// Lowercase hex only, as the `--json` contract says.
fn decode_lower_hex(text: &[u8]) -> Result<Vec<u8>, String> {
    if text.iter().any(u8::is_ascii_uppercase) {
        return Err("binary input must be lowercase hex".to_owned());
    }
    hex::decode(text).map_err(|e| format!("bad hex input: {e}"))
}

/// Reads one `--json` input line into fields.
/// For binary kinds, strings hold lowercase hex; `{"hex": ...}` is raw bytes
/// for every kind.
fn json_fields(line: &str, binary: bool) -> Result<Fields, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("bad JSON input: {e}"))?;
    let text_fields = |fields: Fields| if binary { from_hex(fields) } else { Ok(fields) };
    match v {
        serde_json::Value::String(s) => text_fields(vec![s.into_bytes()]),
        serde_json::Value::Array(items) => text_fields(
            items
                .into_iter()
                .map(|i| match i {
                    serde_json::Value::String(s) => Ok(s.into_bytes()),
                    other => Err(format!("array items must be strings, got {other}")),
                })
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(map) => match map.get("hex") {
            Some(serde_json::Value::String(h)) => decode_lower_hex(h.as_bytes()).map(|b| vec![b]),
            _ => Err("an object input must be {\"hex\": \"...\"}".to_owned()),
        },
        other => Err(format!(
            "expected a string, an array or {{\"hex\": ...}}, got {other}"
        )),
    }
}

fn run() -> Result<bool, String> {
    let args = parse_args().map_err(|e| format!("{e}\n{}", usage()))?;
    if args.help {
        println!("{}", usage());
        return Ok(true);
    }
    if args.carrier {
        return run_carrier(&args);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut all_valid = true;
    let binary = is_binary(&args.kind);
    let mut emit = |fields: &[Vec<u8>], out: &mut std::io::StdoutLock<'_>| -> Result<(), String> {
        let outcome = inspect(&args.kind, fields)?;
        all_valid &= outcome.valid;
        let text = if args.json {
            outcome.json(fields.len() != 1).to_string()
        } else {
            outcome.human(&args.kind)
        };
        writeln!(out, "{text}").map_err(|e| e.to_string())
    };
    if args.values.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| e.to_string())?;
            let fields = if args.json {
                json_fields(&line, binary)?
            } else if binary {
                from_hex(vec![line.into_bytes()])?
            } else {
                vec![line.into_bytes()]
            };
            emit(&fields, &mut out)?;
        }
    } else if args.json {
        for v in &args.values {
            emit(&json_fields(v, binary)?, &mut out)?;
        }
    } else {
        let mut fields: Fields = args.values.iter().map(|v| v.as_bytes().to_vec()).collect();
        if binary {
            fields = from_hex(fields)?;
        }
        emit(&fields, &mut out)?;
    }
    Ok(all_valid)
}

/// `--carrier`: each input is a whole header map.
fn run_carrier(args: &Args) -> Result<bool, String> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut all_valid = true;
    let mut emit = |pairs: &[(String, Vec<u8>)]| -> Result<(), String> {
        let outcome = carrier::inspect(pairs);
        all_valid &= outcome.valid();
        let text = if args.json {
            outcome.json().to_string()
        } else {
            outcome.human()
        };
        writeln!(out, "{text}").map_err(|e| e.to_string())
    };
    if args.values.is_empty() {
        // Without --json, `name: value` lines form one header block (one
        // field per line); a blank line ends it (CAR-09: the fields of
        // one carrier are read together).
        let mut block: Vec<(String, Vec<u8>)> = Vec::new();
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| e.to_string())?;
            if args.json {
                emit(&carrier::json_pairs(&line)?)?;
            } else if line.trim().is_empty() {
                if !block.is_empty() {
                    emit(&block)?;
                    block.clear();
                }
            } else {
                block.push(carrier::text_pair(&line)?);
            }
        }
        if !block.is_empty() {
            emit(&block)?;
        }
    } else if args.json {
        for v in &args.values {
            emit(&carrier::json_pairs(v)?)?;
        }
    } else {
        let pairs = args
            .values
            .iter()
            .map(|v| carrier::text_pair(v))
            .collect::<Result<Vec<_>, _>>()?;
        emit(&pairs)?;
    }
    Ok(all_valid)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
