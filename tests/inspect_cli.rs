//! The `inspect` example's command-line contract (`--json`, `--kind`,
//! `--carrier`), run as a program. Cargo builds examples before it runs
//! integration tests, next to them in `target/<profile>/examples/`.

use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn inspect_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let bin = profile_dir
        .join("examples")
        .join(format!("inspect{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "the inspect example was not built at {}",
        bin.display()
    );
    bin
}

/// Runs `inspect ARGS` with `stdin` and returns (exit code, stdout lines as JSON).
fn run(args: &[&str], stdin: &str) -> (i32, Vec<Value>) {
    let mut child = Command::new(inspect_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap(), lines)
}

const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

#[test]
fn traceparent_json_contract() {
    let input = format!(
        "{}\n{}\n{}\n[]\n{}\n",
        json!("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-x"),
        json!([TP, TP]),
        json!(" 00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"),
        json!({"hex": hex::encode(TP)}),
    );
    let (code, out) = run(&["--json", "--kind", "traceparent"], &input);
    assert_eq!(code, 1);
    assert_eq!(
        out[0],
        json!({"valid": true, "version": "cc", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
               "parent_id": "00f067aa0ba902b7", "flags": "ff", "sampled": true, "random": true,
               "encoded": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"})
    );
    // TP-19: two fields are invalid.
    assert_eq!(
        out[1],
        json!({"valid": false, "error": "DuplicateField", "offset": 0, "field": 1})
    );
    // TP-02, TP-09: offsets count in the value as received (with its OWS).
    assert_eq!(
        out[2],
        json!({"valid": false, "error": "UppercaseHex", "offset": 5})
    );
    assert_eq!(out[3], json!({"valid": false, "error": "Absent"}));
    assert_eq!(out[4]["valid"], json!(true));
}

#[test]
fn tracestate_and_baggage_kinds() {
    let (code, out) = run(
        &["--json", "--kind", "tracestate"],
        "[\"foo=1 , bar=2\", \"baz=3\"]\n\"foo=\"\n",
    );
    assert_eq!(code, 1);
    assert_eq!(out[0]["encoded"], json!("foo=1,bar=2,baz=3"));
    assert_eq!(out[1]["valid"], json!(false));
    let (code, out) = run(
        &["--json", "--kind", "baggage"],
        "\"serverNode=DF%2028;p=%41\"\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out[0]["entries"],
        json!([{"key": "serverNode", "value": "DF 28", "properties": [{"key": "p", "value": "A"}]}])
    );
}

// TS-14, BG-21, TP-19 through the whole-carrier mode.
#[test]
fn carrier_mode_applies_propagation_rules() {
    let line = |pairs: Value| format!("{pairs}\n");
    let input = [
        line(json!([
            ["TraceParent", TP],
            ["tracestate", "foo=1"],
            ["TRACESTATE", "bar=2"],
            ["baggage", "a=1,bad member"]
        ])),
        line(json!([["tracestate", "foo=1"]])),
        line(json!([
            ["traceparent", TP],
            ["traceparent", TP],
            ["tracestate", "foo=1"]
        ])),
    ]
    .concat();
    let (code, out) = run(&["--json", "--carrier"], &input);
    assert_eq!(code, 1);
    assert_eq!(out[0]["traceparent"]["valid"], json!(true));
    assert_eq!(out[0]["tracestate"]["encoded"], json!("foo=1,bar=2"));
    assert_eq!(out[0]["baggage"]["encoded"], json!("a=1"));
    assert_eq!(
        out[1]["traceparent"],
        json!({"valid": false, "error": "Absent"})
    );
    assert_eq!(
        out[1]["tracestate"],
        json!({"valid": false, "error": "Ignored"})
    );
    assert_eq!(
        out[1]["baggage"],
        json!({"valid": false, "error": "Absent"})
    );
    assert_eq!(out[2]["traceparent"]["error"], json!("DuplicateField"));
    assert_eq!(out[2]["tracestate"]["error"], json!("Ignored"));
}

#[test]
fn human_mode_points_at_the_bad_byte() {
    let out = Command::new(inspect_bin())
        .arg("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0bA902b7-01")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "invalid traceparent: uppercase hex digit at byte 46 (TP-02)"
    );
    assert_eq!(lines[2].find('^'), Some(2 + 46));
    let bad_usage = Command::new(inspect_bin()).arg("--nope").output().unwrap();
    assert_eq!(bad_usage.status.code(), Some(2));
}
