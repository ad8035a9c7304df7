//! The W3C test service (`examples/w3c_service`) driven the way the official
//! harness drives it: raw HTTP/1.1 requests with the trace headers under test
//! (exact name case, repeats, OWS on the wire), a local callback server that
//! records every callback's header fields as they arrived, and the harness's
//! assertions on them (README "The W3C test harness").
//!
//! Everything listens on 127.0.0.1 port 0, and every server is stopped and
//! joined before a case returns.

#![cfg(all(feature = "http", feature = "rand_core"))]

#[path = "../examples/w3c_service/service.rs"]
mod service;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

const T: &str = "12345678901234567890123456789012";
const P: &str = "1234567890123456";
const TP_01: &str = "00-12345678901234567890123456789012-1234567890123456-01";
const TP_00: &str = "00-12345678901234567890123456789012-1234567890123456-00";

/// Bound on one whole case, so a broken service fails the test instead of
/// hanging it.
const CASE_TIMEOUT: Duration = Duration::from_secs(20);

/// One callback as the callback server received it.
#[derive(Debug, Clone)]
struct Callback {
    /// The path index (`/callback/N`).
    index: usize,
    /// Header fields in arrival order, names exactly as on the wire.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// What one request to the service produced.
#[derive(Debug)]
struct Outcome {
    status: u16,
    body: Value,
    callbacks: Vec<Callback>,
}

/// A parsed outgoing traceparent: `(version, trace-id, parent-id, flags)`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tp {
    version: String,
    trace_id: String,
    parent_id: String,
    flags: u8,
}

/// Sends `POST /test` with `headers` (exact bytes) asking for `calls`
/// callbacks; returns the service's answer and the callbacks received.
fn run(headers: &[(&str, &str)], calls: usize) -> Outcome {
    run_with_body(headers, |callback| {
        let items: Vec<Value> = (0..calls)
            .map(
                |i| serde_json::json!({"url": format!("{callback}/callback/{i}"), "arguments": []}),
            )
            .collect();
        Value::Array(items).to_string()
    })
}

fn run_with_body(headers: &[(&str, &str)], body: impl FnOnce(&str) -> String) -> Outcome {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        tokio::time::timeout(CASE_TIMEOUT, run_async(headers, body))
            .await
            .expect("case timed out")
    })
}

async fn run_async(headers: &[(&str, &str)], body: impl FnOnce(&str) -> String) -> Outcome {
    let records = Arc::new(Mutex::new(Vec::new()));

    let cb_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let cb_addr = cb_listener.local_addr().expect("addr");
    let (cb_stop, cb_stopped) = oneshot::channel::<()>();
    let cb_task = tokio::spawn(callback_server(cb_listener, records.clone(), cb_stopped));

    let svc_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let svc_addr = svc_listener.local_addr().expect("addr");
    let (svc_stop, svc_stopped) = oneshot::channel::<()>();
    let svc_task = tokio::spawn(service::serve(svc_listener, async move {
        let _ = svc_stopped.await;
    }));

    let body = body(&format!("http://{cb_addr}"));
    let (status, answer) = raw_post(svc_addr, "/test", headers, body.as_bytes()).await;

    let _ = svc_stop.send(());
    svc_task.await.expect("join").expect("serve");
    let _ = cb_stop.send(());
    cb_task.await.expect("join");

    let callbacks = records.lock().expect("lock").clone();
    Outcome {
        status,
        body: serde_json::from_slice(&answer).unwrap_or(Value::Null),
        callbacks,
    }
}

/// A raw HTTP/1.1 POST: header names and values go on the wire exactly as
/// given (the harness tests name case and OWS, which a client library would
/// normalise). Returns the status and the body.
async fn raw_post(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\naccept: application/json\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    )
    .into_bytes();
    for (n, v) in headers {
        req.extend_from_slice(n.as_bytes());
        req.extend_from_slice(b": ");
        req.extend_from_slice(v.as_bytes());
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"\r\n");
    req.extend_from_slice(body);
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(&req).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let (head, rest) = split_head(&raw).expect("response head");
    let status_line = head.lines().next().expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let headers = parse_headers(head);
    let body = match header_value(&headers, "content-length") {
        Some(n) => rest[..n.parse::<usize>().expect("length")].to_vec(),
        None if header_value(&headers, "transfer-encoding").is_some() => dechunk(rest),
        None => rest.to_vec(),
    };
    (status, body)
}

/// Records each callback request (`POST /callback/N`) exactly as received
/// and answers 200 `null`, like the harness.
async fn callback_server(
    listener: TcpListener,
    records: Arc<Mutex<Vec<Callback>>>,
    mut stop: oneshot::Receiver<()>,
) {
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let records = records.clone();
                tokio::spawn(serve_callback(stream, records));
            }
        }
    }
}

async fn serve_callback(mut stream: TcpStream, records: Arc<Mutex<Vec<Callback>>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    // Read the head, then exactly content-length bytes of body.
    let (head, mut body) = loop {
        let n = stream.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some((head, rest)) = split_head(&buf) {
            break (head.to_owned(), rest.to_vec());
        }
    };
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers = parse_headers(&head);
    let len: usize = header_value(&headers, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while body.len() < len {
        let n = stream.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let index = request_line
        .split(' ')
        .nth(1)
        .and_then(|p| p.strip_prefix("/callback/"))
        .and_then(|i| i.parse().ok())
        .unwrap_or(usize::MAX);
    records.lock().expect("lock").push(Callback {
        index,
        headers,
        body,
    });
    let _ = stream
        .write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4\r\nconnection: close\r\n\r\nnull",
        )
        .await;
    let _ = stream.shutdown().await;
}

fn split_head(raw: &[u8]) -> Option<(&str, &[u8])> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    Some((head, &raw[end + 4..]))
}

/// Header lines after the first line, names as sent, values with the OWS
/// an HTTP parser strips (RFC 9110 §5.5) removed, as aiohttp does.
fn parse_headers(head: &str) -> Vec<(String, String)> {
    head.split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.to_owned(), v.trim_matches([' ', '\t']).to_owned()))
        .collect()
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&rest[..eol]).expect("chunk size");
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("0").trim(), 16)
            .expect("chunk size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
        rest = &rest[eol + 4 + size..];
    }
}

// ----- the harness's assertions -----

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Exactly one traceparent field (any name case), matching
/// `^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$`, version 00, written
/// in lowercase (CAR-01) and with non-zero ids.
fn traceparent(cb: &Callback) -> Tp {
    let fields: Vec<&(String, String)> = cb
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("traceparent"))
        .collect();
    assert_eq!(
        fields.len(),
        1,
        "expected exactly one traceparent field, got {:?}",
        cb.headers
    );
    let (name, value) = fields[0];
    assert_eq!(name, "traceparent", "CAR-01: injected names are lowercase");
    let parts: Vec<&str> = value.split('-').collect();
    assert!(
        parts.len() == 4
            && is_lower_hex(parts[0], 2)
            && is_lower_hex(parts[1], 32)
            && is_lower_hex(parts[2], 16)
            && is_lower_hex(parts[3], 2),
        "traceparent {value:?} does not match the harness format"
    );
    assert_eq!(parts[0], "00", "outgoing version must be 00");
    assert_ne!(parts[1], "0".repeat(32), "all-zero trace-id");
    assert_ne!(parts[2], "0".repeat(16), "all-zero parent-id");
    Tp {
        version: parts[0].to_owned(),
        trace_id: parts[1].to_owned(),
        parent_id: parts[2].to_owned(),
        flags: u8::from_str_radix(parts[3], 16).expect("hex"),
    }
}

/// The members of every tracestate field (any name case), joined with `,`
/// in arrival order; empty list members (OWS only) left out.
fn tracestate_members(cb: &Callback) -> Vec<String> {
    cb.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("tracestate"))
        .flat_map(|(_, v)| v.split(','))
        .map(|m| m.trim_matches([' ', '\t']).to_owned())
        .filter(|m| !m.is_empty())
        .collect()
}

fn tracestate_fields(cb: &Callback) -> usize {
    cb.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("tracestate"))
        .count()
}

/// The service answered 200 and made exactly `n` callbacks, in order, each
/// with the JSON body `[]` it was asked to send.
fn callbacks(outcome: &Outcome, n: usize) -> &[Callback] {
    assert_eq!(outcome.status, 200, "service answer: {:?}", outcome.body);
    assert_eq!(
        outcome.callbacks.len(),
        n,
        "callbacks: {:?}",
        outcome.callbacks
    );
    for (i, cb) in outcome.callbacks.iter().enumerate() {
        assert_eq!(cb.index, i, "callbacks out of order");
        assert_eq!(cb.body, b"[]", "arguments are forwarded as JSON");
    }
    &outcome.callbacks
}

/// One request, one callback: the harness's `make_single_request_and_get_tracecontext`.
fn single(headers: &[(&str, &str)]) -> (Tp, Callback) {
    let outcome = run(headers, 1);
    let cb = callbacks(&outcome, 1)[0].clone();
    (traceparent(&cb), cb)
}

/// TP-21: the trace is continued — trace-id kept, a new parent-id.
fn assert_continued(tp: &Tp) {
    assert_eq!(tp.trace_id, T, "trace-id must be kept: {tp:?}");
    assert_ne!(tp.parent_id, P, "parent-id must be new: {tp:?}");
}

/// TP-20, TP-22, TP-29: the trace is restarted — a fresh trace-id, random
/// bit set, not sampled.
fn assert_restarted(tp: &Tp, incoming_trace_ids: &[&str]) {
    for id in incoming_trace_ids {
        assert_ne!(&tp.trace_id, id, "trace-id must be fresh: {tp:?}");
    }
    assert_ne!(tp.parent_id, P, "parent-id must be new: {tp:?}");
    assert_eq!(tp.flags, 0x02, "restart: random set, sampled clear: {tp:?}");
}

fn restarts(value: &str) {
    let (tp, _) = single(&[("traceparent", value)]);
    assert_restarted(&tp, &[T, value.get(3..35).unwrap_or_default()]);
}

// ----- traceparent -----

#[test]
fn tp_22_both_missing_gets_a_new_traceparent() {
    let (tp, cb) = single(&[]);
    assert_eq!(tp.version, "00");
    assert_eq!(tp.flags, 0x02, "TP-22: not sampled; TP-29: random bit");
    assert_eq!(tracestate_fields(&cb), 0, "CAR-04: no empty tracestate");
}

#[test]
fn tp_21_valid_traceparent_is_continued_with_a_new_parent_id() {
    let (tp, _) = single(&[("traceparent", TP_01)]);
    assert_continued(&tp);
    assert_eq!(
        tp.flags, 0x01,
        "sampled kept, random bit stays clear (TP-24)"
    );
}

#[test]
fn tp_19_duplicated_traceparent_different_values_restarts() {
    let (tp, _) = single(&[
        (
            "traceparent",
            "00-12345678901234567890123456789011-1234567890123456-01",
        ),
        ("traceparent", TP_01),
    ]);
    assert_restarted(&tp, &[T, "12345678901234567890123456789011"]);
}

#[test]
fn tp_19_duplicated_traceparent_equal_values_restarts() {
    let (tp, _) = single(&[("traceparent", TP_01), ("traceparent", TP_01)]);
    assert_restarted(&tp, &[T]);
}

#[test]
fn tp_19_duplicated_traceparent_in_different_name_case_restarts() {
    let (tp, _) = single(&[("traceparent", TP_01), ("TraceParent", TP_01)]);
    assert_restarted(&tp, &[T]);
}

#[test]
fn car_07_traceparent_name_case_is_ignored() {
    for name in ["TraceParent", "TrAcEpArEnT", "TRACEPARENT"] {
        let (tp, _) = single(&[(name, TP_01)]);
        assert_continued(&tp);
    }
}

#[test]
fn car_08_traceparent_lookalike_names_are_other_fields() {
    for name in ["trace-parent", "trace.parent", "trace_parent"] {
        let (tp, cb) = single(&[(name, TP_01)]);
        assert_restarted(&tp, &[T]);
        // The look-alike is not a traceparent and is not forwarded either.
        assert!(
            !cb.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)),
            "{name} must not be forwarded"
        );
    }
}

#[test]
fn tp_20_version_00_with_trailing_data_restarts() {
    restarts("00-12345678901234567890123456789012-1234567890123456-01.");
    restarts(
        "00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
    );
}

#[test]
fn tp_13_future_version_cc_is_continued() {
    // TP-13: a higher version is read by the 00 layout and written back as 00.
    let (tp, _) = single(&[(
        "traceparent",
        "cc-12345678901234567890123456789012-1234567890123456-01",
    )]);
    assert_continued(&tp);
    let (tp, _) = single(&[(
        "traceparent",
        "cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
    )]);
    assert_continued(&tp);
    assert_eq!(tp.version, "00");
}

#[test]
fn tp_13_future_version_cc_with_bad_separator_restarts() {
    restarts(
        "cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like",
    );
}

#[test]
fn tp_07_version_ff_restarts() {
    restarts("ff-12345678901234567890123456789012-1234567890123456-01");
}

#[test]
fn tp_20_version_illegal_characters_restart() {
    restarts(".0-12345678901234567890123456789012-1234567890123456-01");
    restarts("0.-12345678901234567890123456789012-1234567890123456-01");
}

#[test]
fn tp_20_version_too_long_or_too_short_restarts() {
    restarts("000-12345678901234567890123456789012-1234567890123456-01");
    restarts("0000-12345678901234567890123456789012-1234567890123456-01");
    restarts("0-12345678901234567890123456789012-1234567890123456-01");
}

#[test]
fn tp_20_uppercase_hex_restarts() {
    restarts("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01");
    restarts("00-12345678901234567890123456789012-1234567890123456-0A");
}

#[test]
fn tp_20_all_zero_trace_id_restarts() {
    let (tp, _) = single(&[(
        "traceparent",
        "00-00000000000000000000000000000000-1234567890123456-01",
    )]);
    assert_restarted(&tp, &["00000000000000000000000000000000"]);
}

#[test]
fn tp_20_trace_id_illegal_characters_restart() {
    restarts("00-.2345678901234567890123456789012-1234567890123456-01");
    restarts("00-1234567890123456789012345678901.-1234567890123456-01");
}

#[test]
fn tp_20_trace_id_too_long_or_too_short_restarts() {
    let (tp, _) = single(&[(
        "traceparent",
        "00-123456789012345678901234567890123-1234567890123456-01",
    )]);
    assert_restarted(&tp, &[T, "23456789012345678901234567890123"]);
    restarts("00-1234567890123456789012345678901-1234567890123456-01");
}

#[test]
fn tp_20_all_zero_parent_id_restarts() {
    restarts("00-12345678901234567890123456789012-0000000000000000-01");
}

#[test]
fn tp_20_parent_id_illegal_characters_restart() {
    restarts("00-12345678901234567890123456789012-.234567890123456-01");
    restarts("00-12345678901234567890123456789012-123456789012345.-01");
}

#[test]
fn tp_20_parent_id_too_long_or_too_short_restarts() {
    restarts("00-12345678901234567890123456789012-12345678901234567-01");
    restarts("00-12345678901234567890123456789012-123456789012345-01");
}

#[test]
fn tp_20_flags_illegal_characters_restart() {
    restarts("00-12345678901234567890123456789012-1234567890123456-.0");
    restarts("00-12345678901234567890123456789012-1234567890123456-0.");
}

#[test]
fn tp_20_flags_too_long_or_too_short_restarts() {
    restarts("00-12345678901234567890123456789012-1234567890123456-001");
    restarts("00-12345678901234567890123456789012-1234567890123456-1");
}

#[test]
fn tp_10_ows_around_traceparent_is_ignored() {
    for v in [
        " 00-12345678901234567890123456789012-1234567890123456-01",
        "\t00-12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456-01 ",
        "00-12345678901234567890123456789012-1234567890123456-01\t",
        "\t 00-12345678901234567890123456789012-1234567890123456-01 \t",
    ] {
        let (tp, _) = single(&[("traceparent", v)]);
        assert_continued(&tp);
    }
}

#[test]
fn tp_24_random_flag_is_kept_when_continuing() {
    let (tp, _) = single(&[(
        "traceparent",
        "00-12345678901234567890123456789012-1234567890123456-02",
    )]);
    assert_continued(&tp);
    assert_eq!(tp.flags, 0x02);
    let (tp, _) = single(&[(
        "traceparent",
        "00-12345678901234567890123456789012-1234567890123456-03",
    )]);
    assert_continued(&tp);
    assert_eq!(tp.flags, 0x03);
    let (tp, _) = single(&[("traceparent", TP_00)]);
    assert_continued(&tp);
    assert_eq!(tp.flags, 0x00, "0x02 stays clear when it came clear");
}

#[test]
fn tp_32_three_calls_valid_traceparent_one_trace_three_parent_ids() {
    let outcome = run(&[("traceparent", TP_01)], 3);
    let tps: Vec<Tp> = callbacks(&outcome, 3).iter().map(traceparent).collect();
    for tp in &tps {
        assert_continued(tp);
    }
    let parents: std::collections::HashSet<&str> =
        tps.iter().map(|t| t.parent_id.as_str()).collect();
    assert_eq!(parents.len(), 3, "{tps:?}");
}

#[test]
fn tp_32_three_calls_without_traceparent_one_new_trace_three_parent_ids() {
    let outcome = run(&[], 3);
    let tps: Vec<Tp> = callbacks(&outcome, 3).iter().map(traceparent).collect();
    let traces: std::collections::HashSet<&str> = tps.iter().map(|t| t.trace_id.as_str()).collect();
    let parents: std::collections::HashSet<&str> =
        tps.iter().map(|t| t.parent_id.as_str()).collect();
    assert_eq!(traces.len(), 1, "one restarted trace per request: {tps:?}");
    assert_eq!(parents.len(), 3, "{tps:?}");
}

#[test]
fn tp_32_three_calls_illegal_traceparent_new_trace_three_parent_ids() {
    let outcome = run(
        &[(
            "traceparent",
            "00-00000000000000000000000000000000-1234567890123456-01",
        )],
        3,
    );
    let tps: Vec<Tp> = callbacks(&outcome, 3).iter().map(traceparent).collect();
    let parents: std::collections::HashSet<&str> =
        tps.iter().map(|t| t.parent_id.as_str()).collect();
    assert_eq!(parents.len(), 3, "{tps:?}");
    for tp in &tps {
        assert_restarted(tp, &["00000000000000000000000000000000"]);
    }
}

#[test]
fn tp_20_restart_trace_ids_differ_between_requests() {
    let (a, _) = single(&[]);
    let (b, _) = single(&[]);
    assert_ne!(a.trace_id, b.trace_id);
}

// ----- tracestate -----

#[test]
fn ts_14_tracestate_without_traceparent_is_dropped() {
    let (tp, cb) = single(&[("tracestate", "foo=1")]);
    assert_eq!(tp.flags, 0x02);
    assert_eq!(tracestate_fields(&cb), 0);
    let (_, cb) = single(&[("tracestate", "foo=1,bar=2")]);
    assert_eq!(tracestate_fields(&cb), 0);
}

#[test]
fn ts_14_tracestate_with_invalid_traceparent_is_dropped() {
    let (tp, cb) = single(&[
        (
            "traceparent",
            "00-00000000000000000000000000000000-1234567890123456-01",
        ),
        ("tracestate", "foo=1"),
    ]);
    assert_restarted(&tp, &["00000000000000000000000000000000"]);
    assert_eq!(tracestate_fields(&cb), 0);
}

#[test]
fn car_08_tracestate_lookalike_names_are_ignored() {
    for name in ["trace-state", "trace.state"] {
        let (tp, cb) = single(&[("traceparent", TP_00), (name, "foo=1")]);
        assert_continued(&tp);
        assert_eq!(tracestate_fields(&cb), 0, "{name}");
        assert!(!cb.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
    }
}

#[test]
fn ts_12_invalid_tracestate_does_not_affect_traceparent() {
    for ts in ["foo=bar=baz", "FOO=1", "foo=,bar=3", "@foo=1,bar=2"] {
        let (tp, cb) = single(&[("traceparent", TP_01), ("tracestate", ts)]);
        assert_continued(&tp);
        assert_eq!(tp.flags, 0x01);
        // TS-12 (chosen): the whole tracestate is dropped.
        assert_eq!(tracestate_fields(&cb), 0, "{ts}");
    }
}

#[test]
fn tp_26_tracestate_is_forwarded_when_continuing() {
    let (tp, cb) = single(&[("traceparent", TP_00), ("tracestate", "foo=1,bar=2")]);
    assert_continued(&tp);
    assert_eq!(tracestate_members(&cb), ["foo=1", "bar=2"]);
    assert_eq!(tracestate_fields(&cb), 1, "CAR-03: one tracestate field");
}

#[test]
fn car_07_tracestate_name_case_is_ignored() {
    for name in ["TraceState", "TrAcEsTaTe", "TRACESTATE"] {
        let (tp, cb) = single(&[("traceparent", TP_00), (name, "foo=1")]);
        assert_continued(&tp);
        assert_eq!(tracestate_members(&cb), ["foo=1"], "{name}");
        assert!(
            cb.headers.iter().any(|(n, _)| n == "tracestate"),
            "CAR-01: written lowercase"
        );
    }
}

#[test]
fn ts_16_several_tracestate_fields_are_joined_in_order() {
    let (tp, cb) = single(&[
        ("traceparent", TP_00),
        ("tracestate", "foo=1,bar=2"),
        ("tracestate", "rojo=1,congo=2"),
        ("TraceState", "baz=3"),
    ]);
    assert_continued(&tp);
    assert_eq!(
        tracestate_members(&cb),
        ["foo=1", "bar=2", "rojo=1", "congo=2", "baz=3"]
    );
    assert_eq!(tracestate_fields(&cb), 1, "CAR-03: one tracestate field");
}

#[test]
fn ts_16_empty_tracestate_field_adds_nothing() {
    let (_, cb) = single(&[("traceparent", TP_00), ("tracestate", "")]);
    assert_eq!(tracestate_fields(&cb), 0, "CAR-04: nothing to forward");
    for fields in [["foo=1", ""], ["", "foo=1"]] {
        let (tp, cb) = single(&[
            ("traceparent", TP_00),
            ("tracestate", fields[0]),
            ("tracestate", fields[1]),
        ]);
        assert_continued(&tp);
        assert_eq!(tracestate_members(&cb), ["foo=1"], "{fields:?}");
    }
}

#[test]
fn ts_06_ows_in_tracestate_is_not_part_of_members() {
    let (_, cb) = single(&[
        ("traceparent", TP_00),
        ("tracestate", "foo=1 \t , \t bar=2, \t baz=3"),
    ]);
    assert_eq!(tracestate_members(&cb), ["foo=1", "bar=2", "baz=3"]);
}

fn members(from: usize, to: usize) -> String {
    (from..=to)
        .map(|i| format!("bar{i:02}={i:02}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn ts_17_32_members_over_4_fields_are_forwarded() {
    let (f1, f2, f3, f4) = (
        members(1, 10),
        members(11, 20),
        members(21, 30),
        members(31, 32),
    );
    let (tp, cb) = single(&[
        ("traceparent", TP_00),
        ("tracestate", &f1),
        ("tracestate", &f2),
        ("tracestate", &f3),
        ("tracestate", &f4),
    ]);
    assert_continued(&tp);
    let expected: Vec<String> = (1..=32).map(|i| format!("bar{i:02}={i:02}")).collect();
    assert_eq!(tracestate_members(&cb), expected);
}

#[test]
fn ts_17_33_members_over_4_fields_are_dropped() {
    let (f1, f2, f3, f4) = (
        members(1, 10),
        members(11, 20),
        members(21, 30),
        members(31, 33),
    );
    let (tp, cb) = single(&[
        ("traceparent", TP_00),
        ("tracestate", &f1),
        ("tracestate", &f2),
        ("tracestate", &f3),
        ("tracestate", &f4),
    ]);
    assert_continued(&tp);
    assert_eq!(tracestate_fields(&cb), 0, "TS-17: 33 members is invalid");
}

#[test]
fn ts_15_tracestate_with_future_version_does_not_affect_traceparent() {
    let (tp, cb) = single(&[
        (
            "traceparent",
            "cc-12345678901234567890123456789012-1234567890123456-01-future",
        ),
        ("tracestate", "foo=bar=baz"),
    ]);
    assert_continued(&tp);
    assert_eq!(tracestate_fields(&cb), 0);
}

// ----- the service itself -----

#[test]
fn car_36_bad_requests_get_400_and_make_no_call() {
    for body in [
        "not json".to_owned(),
        "{}".to_owned(),
        "[1]".to_owned(),
        r#"[{"arguments": []}]"#.to_owned(),
        r#"[{"url": "ftp://127.0.0.1/x"}]"#.to_owned(),
        // Loopback only: the service never calls another address.
        r#"[{"url": "http://192.0.2.1/x"}]"#.to_owned(),
        r#"[{"url": "http://example.invalid/x"}]"#.to_owned(),
    ] {
        let outcome = run_with_body(&[("traceparent", TP_01)], |_| body.clone());
        assert_eq!(outcome.status, 400, "{body}: {:?}", outcome.body);
        assert!(outcome.callbacks.is_empty());
        assert!(outcome.body["error"].is_string(), "{:?}", outcome.body);
    }
}

#[test]
fn car_36_arguments_are_posted_as_json_and_empty_list_makes_no_call() {
    let outcome = run_with_body(&[], |cb| {
        format!(
            r#"[{{"url": "{cb}/callback/0", "arguments": [{{"url": "x", "arguments": null}}]}}]"#
        )
    });
    assert_eq!(outcome.status, 200);
    assert_eq!(outcome.callbacks.len(), 1);
    let posted: Value = serde_json::from_slice(&outcome.callbacks[0].body).expect("json");
    assert_eq!(posted, serde_json::json!([{"url": "x", "arguments": null}]));
    let ct = header_value(&outcome.callbacks[0].headers, "content-type");
    assert_eq!(ct, Some("application/json"));

    let outcome = run(&[("traceparent", TP_01)], 0);
    assert_eq!(outcome.status, 200);
    assert!(outcome.callbacks.is_empty());
    assert_eq!(outcome.body["calls"], serde_json::json!([]));
}

#[test]
fn car_36_answer_reports_decision_and_each_call() {
    let outcome = run(&[("traceparent", TP_01)], 2);
    let cbs = callbacks(&outcome, 2);
    assert_eq!(outcome.body["decision"]["continued"], TP_01);
    let calls = outcome.body["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 2);
    for (call, cb) in calls.iter().zip(cbs) {
        assert_eq!(call["outcome"]["status"], 200);
        let sent = header_value(&cb.headers, "traceparent").expect("traceparent");
        assert_eq!(call["traceparent"], sent);
    }
}

#[test]
fn car_36_unreachable_callback_is_reported_not_fatal() {
    // A port nobody listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind")
        .port();
    let outcome = run_with_body(&[], |cb| {
        format!(r#"[{{"url": "http://127.0.0.1:{port}/nobody"}}, {{"url": "{cb}/callback/1"}}]"#)
    });
    assert_eq!(outcome.status, 200);
    assert!(outcome.body["calls"][0]["outcome"]["error"].is_string());
    assert_eq!(outcome.callbacks.len(), 1, "later calls still run");
    assert_eq!(outcome.callbacks[0].index, 1);
}

#[test]
fn car_36_other_paths_and_methods_are_refused() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(service::serve(listener, async move {
            let _ = stopped.await;
        }));
        let (status, _) = raw_post(addr, "/other", &[], b"[]").await;
        assert_eq!(status, 404);
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(b"GET /test HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .await
            .expect("write");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read");
        assert!(
            raw.starts_with(b"HTTP/1.1 405"),
            "{}",
            String::from_utf8_lossy(&raw)
        );
        let _ = stop.send(());
        task.await.expect("join").expect("serve");
    });
}

#[test]
fn ts_05_every_allowed_value_byte_is_forwarded_exactly() {
    let key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
    let value: String = (0x20u8..=0x7e)
        .filter(|b| *b != b',' && *b != b'=')
        .map(char::from)
        .collect();
    for key in [key.to_owned(), format!("{key}@a-z0-9_-*/")] {
        let member = format!("{key}={value}");
        let (tp, cb) = single(&[("traceparent", TP_00), ("tracestate", &member)]);
        assert_continued(&tp);
        let fields: Vec<&str> = cb
            .headers
            .iter()
            .filter(|(n, _)| n == "tracestate")
            .map(|(_, v)| v.as_str())
            .collect();
        // The value starts with SP (TS-06: part of the value), so compare
        // the field as sent, not a trimmed member.
        assert_eq!(fields, [member.as_str()]);
    }
}

#[test]
fn ts_04_key_lengths_at_the_limit_are_forwarded() {
    // TS-03/TS-04 (current grammar, chosen): all of these keys are valid.
    for key in [
        "z".repeat(256),
        format!("{}@{}", "t".repeat(241), "v".repeat(14)),
        format!("{}@v", "t".repeat(242)),
        format!("t@{}", "v".repeat(15)),
    ] {
        let second = format!("{key}=1");
        let (_, cb) = single(&[
            ("traceparent", TP_00),
            ("tracestate", "foo=1"),
            ("tracestate", &second),
        ]);
        assert_eq!(tracestate_members(&cb), ["foo=1".to_owned(), second]);
    }
}

#[test]
fn ts_04_key_of_257_bytes_drops_the_whole_tracestate() {
    let second = format!("{}=1", "z".repeat(257));
    let (tp, cb) = single(&[
        ("traceparent", TP_00),
        ("tracestate", "foo=1"),
        ("tracestate", &second),
    ]);
    assert_continued(&tp);
    assert_eq!(tracestate_fields(&cb), 0);
}

#[test]
fn ts_03_invalid_keys_drop_the_whole_tracestate() {
    for ts in [
        "foo =1",
        "FOO=1",
        "foo.bar=1",
        "_foo=1,bar=2",
        "foo=1,@foo=1",
    ] {
        let (tp, cb) = single(&[("traceparent", TP_00), ("tracestate", ts)]);
        assert_continued(&tp);
        assert_eq!(tracestate_fields(&cb), 0, "{ts}");
    }
}

#[test]
fn ts_03_current_grammar_keys_are_forwarded() {
    for ts in [
        "foo@=1,bar=2",
        "foo@@bar=1,bar=2",
        "foo@bar@baz=1,bar=2",
        "1special=1",
    ] {
        let (_, cb) = single(&[("traceparent", TP_00), ("tracestate", ts)]);
        assert_eq!(tracestate_members(&cb).join(","), ts);
    }
}

#[test]
fn ts_10_repeated_keys_are_forwarded() {
    // TS-10 (chosen): repeated keys keep the value valid; forwarded as is.
    let (_, cb) = single(&[("traceparent", TP_00), ("tracestate", "foo=1,foo=2")]);
    assert_eq!(tracestate_members(&cb), ["foo=1", "foo=2"]);
    let (_, cb) = single(&[
        ("traceparent", TP_00),
        ("tracestate", "foo=1"),
        ("tracestate", "foo=1"),
    ]);
    assert_eq!(tracestate_members(&cb), ["foo=1", "foo=1"]);
}
