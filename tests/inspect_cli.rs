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
    let (code, out) = run_human_stdin(args, stdin);
    let lines = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (code, lines)
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

/// Runs `inspect ARGS` (no stdin) and returns (exit code, stdout text).
fn run_human(args: &[&str]) -> (i32, String) {
    let out = Command::new(inspect_bin()).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// The binary tracestate example of spec/binary.md: `foo=34f067aa0ba902b7,bar=0.25`.
const BIN_TS: &str = "0003666f6f1033346630363761613062613930326237000362617204302e3235";
/// The binary traceparent example of spec/binary.md.
const BIN_TP: &str = "00004bf92f3577b34da6a3ce929d000e47360134f067aa0ba902b70201";

// BIN-11, BIN-16: a binary tracestate reads as the text tracestate kind does
// (issue #6): `entries` of `{key, value}`, `encoded` our binary encoding.
#[test]
fn bin_16_binary_tracestate_has_the_tracestate_shape() {
    let input = format!("{}\n", json!(BIN_TS));
    let (code, out) = run(&["--json", "--kind", "binary-tracestate"], &input);
    assert_eq!(code, 0);
    assert_eq!(
        out[0],
        json!({"valid": true,
               "entries": [{"key": "foo", "value": "34f067aa0ba902b7"},
                           {"key": "bar", "value": "0.25"}],
               "encoded": BIN_TS})
    );
    // Human mode: the same lines as the text kind, under its own name.
    let (code, text) = run_human(&["--kind", "tracestate", "foo=34f067aa0ba902b7,bar=0.25"]);
    assert_eq!(code, 0);
    let (code, bin) = run_human(&["--kind", "binary-tracestate", BIN_TS]);
    assert_eq!(code, 0);
    let text_lines: Vec<&str> = text.lines().collect();
    let bin_lines: Vec<&str> = bin.lines().collect();
    assert_eq!(text_lines[0], "valid tracestate");
    assert_eq!(bin_lines[0], "valid binary-tracestate");
    assert_eq!(bin_lines.len(), 3);
    assert_eq!(bin_lines[1], text_lines[1]);
    assert_eq!(bin_lines[2], format!("  encoded    {BIN_TS}"));
}

// TP-14, ST-11, BIN-07, BIN-08: `flags` is the byte as received in every kind
// that shows traceparent fields; `sampled` and `random` are its bits.
#[test]
fn tp_14_flags_as_received_in_every_kind() {
    let t = "4bf92f3577b34da6a3ce929d0e0e4736";
    let p = "00f067aa0ba902b7";
    let cc = format!("cc-{t}-{p}-ff-x");
    let expected = |version: &str, encoded: &str| {
        json!({"valid": true, "version": version, "trace_id": t, "parent_id": p,
               "flags": "ff", "sampled": true, "random": true, "encoded": encoded})
    };
    let (code, out) = run(
        &["--json", "--kind", "server-timing"],
        &format!(
            "{}\n{}\n{}\n",
            json!(format!("trace;desc={cc}")),
            json!([
                "cache;dur=2",
                format!("db;desc=\"a,b\", TRACE ; DESC = \"{cc}\";dur=1")
            ]),
            // ST-08: escapes are removed before the flags are read.
            json!(format!("trace;desc=\"c\\c-{t}-{p}-f\\f-x\"")),
        ),
    );
    assert_eq!(code, 0);
    let st = format!("trace;desc=00-{t}-{p}-03");
    assert_eq!(out[0], expected("cc", &st));
    assert_eq!(out[1], expected("cc", &st));
    assert_eq!(out[2], expected("cc", &st));

    // Binary: version 05, flags ff (offset 28).
    let mut bytes = hex::decode(format!("0000{t}01{p}02ff")).unwrap();
    bytes[0] = 0x05;
    let bin_out = hex::encode(hex::decode(format!("0000{t}01{p}0203")).unwrap());
    let (code, out) = run(
        &["--json", "--kind", "binary-traceparent"],
        &format!("{}\n", json!(hex::encode(&bytes))),
    );
    assert_eq!(code, 0);
    assert_eq!(out[0], expected("05", &bin_out));
}

// BG-12: `encoded` is the header tracewire writes for the decoded entries
// (issue #4), not the text as received.
#[test]
fn bg_12_baggage_encoded_is_what_tracewire_writes() {
    let (code, out) = run(
        &["--json", "--kind", "baggage"],
        "\"k=50%,l=%zz,m=%c3%a9\"\n\"k=%41\"\n\"k=A\"\n\"k = v ; p=%41 ; q\"\n",
    );
    assert_eq!(code, 0);
    assert_eq!(out[0]["encoded"], json!("k=50%25,l=%25zz,m=%C3%A9"));
    assert_eq!(
        out[0]["entries"],
        json!([{"key": "k", "value": "50%", "properties": []},
               {"key": "l", "value": "%zz", "properties": []},
               {"key": "m", "value": "é", "properties": []}])
    );
    assert_eq!(out[1]["encoded"], json!("k=A"));
    assert_eq!(out[2]["encoded"], json!("k=A"));
    assert_eq!(out[3]["encoded"], json!("k=v;p=A;q"));
    // --carrier reports the same for the lenient view propagation keeps.
    let (code, out) = run(
        &["--json", "--carrier"],
        &format!("{}\n", json!([["baggage", "k=%41,bad member,m=%c3%a9"]])),
    );
    assert_eq!(code, 0);
    assert_eq!(out[0]["baggage"]["encoded"], json!("k=A,m=%C3%A9"));
}

// TP-19, CAR-09: a binary property is one value; several are invalid, as
// several traceparent fields are, never read as the first.
#[test]
fn tp_19_car_09_several_binary_values_are_invalid() {
    for kind in ["binary-traceparent", "binary-tracestate"] {
        let value = if kind == "binary-traceparent" {
            BIN_TP
        } else {
            BIN_TS
        };
        let input = format!("{}\n{}\n", json!([value, value]), json!([value]));
        let (code, out) = run(&["--json", "--kind", kind], &input);
        assert_eq!(code, 1, "{kind}");
        assert_eq!(
            out[0],
            json!({"valid": false, "error": "DuplicateField", "offset": 0, "field": 1}),
            "{kind}"
        );
        assert_eq!(out[1]["valid"], json!(true), "{kind}");
    }
}

// TS-02, BG-20: in the codec kinds no field of a list header is the empty
// list; traceparent, server-timing and the binary kinds report `Absent`.
// `--carrier` reports what `propagation::extract` decides: a list header
// with no non-blank field is `Absent` there.
#[test]
fn ts_02_bg_20_absent_headers() {
    for kind in ["tracestate", "baggage"] {
        let (code, out) = run(&["--json", "--kind", kind], "[]\n\"\"\n\" , \"\n");
        assert_eq!(code, 0, "{kind}");
        for o in &out {
            assert_eq!(
                o,
                &json!({"valid": true, "entries": [], "encoded": ""}),
                "{kind}"
            );
        }
    }
    for kind in [
        "traceparent",
        "server-timing",
        "binary-traceparent",
        "binary-tracestate",
    ] {
        let (code, out) = run(&["--json", "--kind", kind], "[]\n");
        assert_eq!(code, 1, "{kind}");
        assert_eq!(out[0], json!({"valid": false, "error": "Absent"}), "{kind}");
    }
    let (code, out) = run(
        &["--json", "--carrier"],
        &format!(
            "{}\n{}\n",
            json!([["traceparent", TP], ["tracestate", ""], ["baggage", " "]]),
            json!([["traceparent", TP], ["tracestate", " , "], ["baggage", ","]]),
        ),
    );
    assert_eq!(code, 0);
    for o in &out {
        assert_eq!(o["traceparent"]["valid"], json!(true));
        assert_eq!(o["tracestate"], json!({"valid": false, "error": "Absent"}));
        assert_eq!(o["baggage"], json!({"valid": false, "error": "Absent"}));
    }
}

/// Runs `inspect ARGS` with `stdin` and returns (exit code, stdout text).
fn run_human_stdin(args: &[&str], stdin: &str) -> (i32, String) {
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
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

// CAR-09, TS-16: `--carrier` without `--json` reads a header block from
// stdin (`name: value` lines) as one carrier, so
// a tracestate line is read with the traceparent line before it and
// repeated fields are joined; a blank line ends one carrier.
#[test]
fn car_09_human_carrier_reads_a_stdin_header_block_as_one_carrier() {
    let input = format!("TraceParent: {TP}\ntracestate: a=1\nTRACESTATE: b=2\n\ntracestate: c=3\n");
    let (code, text) = run_human_stdin(&["--carrier"], &input);
    // The second block has no traceparent: absent, which is not invalid.
    assert_eq!(code, 0, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "valid traceparent");
    assert!(lines.contains(&"  encoded    a=1,b=2"), "{text}");
    let second = lines.iter().position(|l| *l == "traceparent: absent");
    assert!(second.is_some(), "{text}");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("tracestate: ignored"))
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn help_prints_usage_on_stdout_and_exits_0() {
    for flag in ["--help", "-h"] {
        let (code, text) = run_human(&[flag]);
        assert_eq!(code, 0, "{flag}");
        assert!(text.starts_with("usage: inspect "), "{flag}: {text}");
    }
}
