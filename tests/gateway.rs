//! The gateway example (`examples/gateway/proxy.rs`) in front of a recording
//! upstream: what reaches the upstream for each incoming request.
//!
//! Everything listens on 127.0.0.1 port 0; every server is stopped and
//! joined before a case returns.

#![cfg(all(feature = "http", feature = "rand_core"))]

#[path = "../examples/gateway/proxy.rs"]
mod proxy;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

const TP: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// One request as the upstream received it.
#[derive(Debug, Clone)]
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Outcome {
    /// The gateway's answer: status line and header block.
    head: String,
    body: Vec<u8>,
    seen: Vec<Seen>,
}

/// Sends `request` (raw bytes) to a gateway whose upstream records what it
/// gets. With `upstream_up == false` the upstream port is closed.
fn through_gateway(request: &[u8], upstream_up: bool) -> Outcome {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(20), run(request, upstream_up))
            .await
            .expect("case timed out")
    })
}

async fn run(request: &[u8], upstream_up: bool) -> Outcome {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let up_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let upstream = up_listener.local_addr().expect("addr");
    let (up_stop, up_stopped) = oneshot::channel::<()>();
    let up_task = if upstream_up {
        Some(tokio::spawn(upstream_server(
            up_listener,
            seen.clone(),
            up_stopped,
        )))
    } else {
        drop(up_listener);
        None
    };

    let gw_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let gw_addr = gw_listener.local_addr().expect("addr");
    let (gw_stop, mut gw_stopped) = oneshot::channel::<()>();
    let gw_task = tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = &mut gw_stopped => return,
                accepted = gw_listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    tokio::spawn(async move {
                        let service = service_fn(move |req| proxy::forward(req, upstream));
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        }
    });

    let (head, body) = raw_exchange(gw_addr, request).await;

    let _ = gw_stop.send(());
    gw_task.await.expect("join");
    let _ = up_stop.send(());
    if let Some(t) = up_task {
        t.await.expect("join");
    }
    let seen = seen.lock().expect("lock").clone();
    Outcome { head, body, seen }
}

async fn raw_exchange(addr: SocketAddr, request: &[u8]) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head");
    (
        String::from_utf8_lossy(&raw[..end]).into_owned(),
        raw[end + 4..].to_vec(),
    )
}

async fn upstream_server(
    listener: TcpListener,
    seen: Arc<Mutex<Vec<Seen>>>,
    mut stop: oneshot::Receiver<()>,
) {
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                tokio::spawn(record(stream, seen.clone()));
            }
        }
    }
}

async fn record(mut stream: TcpStream, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        let n = stream.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_owned(), v.trim_matches([' ', '\t']).to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[end + 4..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    seen.lock().expect("lock").push(Seen {
        request_line,
        headers,
        body,
    });
    let _ = stream
        .write_all(
            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nkeep-alive: timeout=5\r\nx-upstream: yes\r\nconnection: close\r\n\r\nok",
        )
        .await;
    let _ = stream.shutdown().await;
}

fn values<'a>(seen: &'a Seen, name: &str) -> Vec<&'a str> {
    seen.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

fn request(extra: &str) -> Vec<u8> {
    format!("GET /a/b?c=1 HTTP/1.1\r\nhost: gw\r\nconnection: close\r\n{extra}\r\n").into_bytes()
}

#[test]
fn tp_21_gateway_continues_the_trace_with_a_new_span_id() {
    let out = through_gateway(
        &request(&format!("TraceParent: {TP}\r\nx-keep: 1\r\n")),
        true,
    );
    assert!(out.head.starts_with("HTTP/1.1 200"), "{}", out.head);
    assert_eq!(out.body, b"ok");
    let [seen] = out.seen.as_slice() else {
        panic!("one upstream request: {:?}", out.seen)
    };
    assert_eq!(seen.request_line, "GET /a/b?c=1 HTTP/1.1");
    let tp = values(seen, "traceparent");
    assert_eq!(tp.len(), 1, "CAR-03: one traceparent");
    let tp = tp[0];
    assert_eq!(&tp[..36], &TP[..36], "same version and trace-id");
    assert_ne!(&tp[36..52], &TP[36..52], "new span id");
    assert_eq!(&tp[52..], "-01", "sampled kept");
    assert_eq!(values(seen, "x-keep"), ["1"]);
    assert!(
        seen.headers.iter().any(|(n, _)| n == "traceparent"),
        "CAR-01"
    );
}

#[test]
fn tp_20_gateway_restarts_on_invalid_traceparent_and_drops_tracestate() {
    let out = through_gateway(
        &request(
            "traceparent: 00-00000000000000000000000000000000-00f067aa0ba902b7-01\r\ntracestate: foo=1\r\n",
        ),
        true,
    );
    let [seen] = out.seen.as_slice() else {
        panic!("one upstream request: {:?}", out.seen)
    };
    let tp = values(seen, "traceparent");
    assert_eq!(tp.len(), 1);
    assert_ne!(&tp[0][3..35], "00000000000000000000000000000000");
    assert!(tp[0].ends_with("-02"), "restart: random bit, not sampled");
    assert!(values(seen, "tracestate").is_empty(), "TS-14");
}

#[test]
fn tp_22_gateway_starts_a_trace_when_none_came_in() {
    let out = through_gateway(&request(""), true);
    let [seen] = out.seen.as_slice() else {
        panic!("one upstream request: {:?}", out.seen)
    };
    assert_eq!(values(seen, "traceparent").len(), 1);
}

#[test]
fn bg_22_gateway_passes_baggage_on_in_order() {
    let out = through_gateway(
        &request(&format!(
            "traceparent: {TP}\r\nbaggage: userId=alice\r\nBaggage: k=v;p=1\r\n"
        )),
        true,
    );
    let [seen] = out.seen.as_slice() else {
        panic!("one upstream request: {:?}", out.seen)
    };
    assert_eq!(values(seen, "baggage").join(","), "userId=alice,k=v;p=1");
    // Baggage is independent of the trace context: also kept on a restart.
    let out = through_gateway(
        &request("traceparent: garbage\r\nbaggage: userId=alice\r\n"),
        true,
    );
    assert_eq!(values(&out.seen[0], "baggage"), ["userId=alice"]);
}

#[test]
fn gateway_strips_hop_by_hop_fields_and_streams_bodies() {
    let body = b"{\"x\": [1, 2, 3]}";
    let req = format!(
        "POST /p HTTP/1.1\r\nhost: gw\r\nconnection: close, x-hop\r\nx-hop: 1\r\nte: trailers\r\nkeep-alive: timeout=5\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let mut raw = req.into_bytes();
    raw.extend_from_slice(body);
    let out = through_gateway(&raw, true);
    let [seen] = out.seen.as_slice() else {
        panic!("one upstream request: {:?}", out.seen)
    };
    assert_eq!(seen.body, body);
    for name in ["x-hop", "te", "keep-alive"] {
        assert!(values(seen, name).is_empty(), "{name} forwarded");
    }
    assert_eq!(values(seen, "host").len(), 1);
    assert_ne!(values(seen, "host"), ["gw"], "host is the upstream's");
    // The answer's hop-by-hop fields are not passed back either.
    let head = out.head.to_ascii_lowercase();
    assert!(head.contains("x-upstream: yes"), "{head}");
    assert!(!head.contains("keep-alive"), "{head}");
}

#[test]
fn gateway_answers_502_when_upstream_is_down() {
    let out = through_gateway(&request(&format!("traceparent: {TP}\r\n")), false);
    assert!(out.head.starts_with("HTTP/1.1 502"), "{}", out.head);
    assert!(out.seen.is_empty());
}
