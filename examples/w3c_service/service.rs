//! The W3C trace-context test-harness protocol on hyper 1 + tokio.
//!
//! Shared by `examples/w3c_service/main.rs` and `tests/w3c_service.rs`
//! (which includes this file with `#[path]`), so the test drives exactly the
//! code the example runs.
//!
//! `POST /test` takes a JSON array of `{"url": …, "arguments": […]}`. For
//! each element, in order, the service POSTs `arguments` as JSON to `url`
//! with the trace context it propagates: one [`Participant`] per incoming
//! request (continue or restart, TP-20..TP-22), one `inject` per outgoing
//! call (a new parent-id each, TP-32, CAR-06). It waits for every call (each
//! bounded by [`CALL_TIMEOUT`]) and answers 200 with a JSON report. Only
//! loopback `http://` URLs are called; anything else is a 400.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use http::header::{ACCEPT, CONTENT_TYPE, HOST};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rand::SeedableRng;
use rand::rngs::{StdRng, SysRng};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tracewire::propagation::{Decision, Participant};

/// Upper bound for one outgoing call: connect, send, read the whole answer.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(4);

/// Largest request body accepted on `POST /test`.
const MAX_BODY: usize = 1 << 20;

/// Most calls one request may ask for.
const MAX_CALLS: usize = 64;

/// One outgoing call of a test request.
struct Call {
    uri: Uri,
    addr: SocketAddr,
    arguments: Value,
}

/// Accepts connections on `listener` and serves them until `shutdown`
/// completes. Connections still open then are dropped with the runtime.
///
/// # Errors
///
/// Never: a failed `accept` is reported on stderr and the loop goes on.
pub async fn serve<F: Future<Output = ()>>(listener: TcpListener, shutdown: F) -> io::Result<()> {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        eprintln!("w3c_service: accept failed: {e}");
                        continue;
                    }
                };
                tokio::spawn(async move {
                    let conn = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service_fn(handle));
                    if let Err(e) = conn.await {
                        eprintln!("w3c_service: connection error: {e}");
                    }
                });
            }
        }
    }
}

/// Routes one request: `POST /test` runs the calls, anything else is 404/405.
///
/// # Errors
///
/// Never: every failure becomes a 4xx/5xx response.
pub async fn handle(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.uri().path() != "/test" {
        return Ok(answer(
            StatusCode::NOT_FOUND,
            &json!({"error": "not found"}),
        ));
    }
    if req.method() != Method::POST {
        return Ok(answer(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({"error": "use POST"}),
        ));
    }
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return Ok(answer(
                StatusCode::BAD_REQUEST,
                &json!({"error": format!("body: {e}")}),
            ));
        }
    };
    let calls = match parse_calls(&body) {
        Ok(calls) => calls,
        Err(e) => return Ok(answer(StatusCode::BAD_REQUEST, &json!({"error": e}))),
    };
    let mut rng = match StdRng::try_from_rng(&mut SysRng) {
        Ok(rng) => rng,
        Err(e) => {
            return Ok(answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                &json!({"error": format!("no OS randomness: {e}")}),
            ));
        }
    };

    // One decision per incoming request: continue its trace or restart.
    let participant = Participant::from_carrier(&parts.headers, &mut rng);
    let mut results = Vec::with_capacity(calls.len());
    for call in &calls {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        // A new parent-id per call (TP-32, CAR-06); traceparent (and whatever
        // else the participant forwards) replaces any field already there.
        let traceparent = match participant.inject(&mut headers, &mut rng) {
            Ok(tp) => tp,
            Err(e) => {
                return Ok(answer(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &json!({"error": format!("inject: {e}")}),
                ));
            }
        };
        let outcome = match tokio::time::timeout(CALL_TIMEOUT, post(call, headers)).await {
            Ok(Ok(status)) => json!({"status": status.as_u16()}),
            Ok(Err(e)) => json!({"error": e}),
            Err(_) => json!({"error": "timed out"}),
        };
        results.push(json!({
            "url": call.uri.to_string(),
            "traceparent": traceparent.encode().as_str(),
            "outcome": outcome,
        }));
    }
    Ok(answer(
        StatusCode::OK,
        &json!({"decision": describe(&participant.decision()), "calls": results}),
    ))
}

/// Validates the whole body before any call is made.
fn parse_calls(body: &[u8]) -> Result<Vec<Call>, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("json: {e}"))?;
    let Value::Array(items) = value else {
        return Err("body must be a JSON array".into());
    };
    if items.len() > MAX_CALLS {
        return Err(format!("at most {MAX_CALLS} calls per request"));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(mut obj) = item else {
                return Err(format!("element {i} must be an object"));
            };
            let Some(Value::String(url)) = obj.remove("url") else {
                return Err(format!("element {i}: \"url\" must be a string"));
            };
            let uri: Uri = url.parse().map_err(|e| format!("element {i}: url: {e}"))?;
            let addr = loopback_addr(&uri).map_err(|e| format!("element {i}: {e}"))?;
            let arguments = match obj.remove("arguments") {
                None | Some(Value::Null) => Value::Array(Vec::new()),
                Some(v) => v,
            };
            Ok(Call {
                uri,
                addr,
                arguments,
            })
        })
        .collect()
}

/// The socket address of an `http://` URL whose host is a loopback address
/// (or `localhost`); every other URL is refused.
fn loopback_addr(uri: &Uri) -> Result<SocketAddr, String> {
    if uri.scheme_str() != Some("http") {
        return Err("only http:// URLs are called".into());
    }
    let host = uri.host().ok_or("url has no host")?;
    let ip = if host.eq_ignore_ascii_case("localhost") {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .map_err(|_| format!("host {host:?} is not an IP address or localhost"))?
    };
    if !ip.is_loopback() {
        return Err(format!("{ip} is not a loopback address"));
    }
    Ok(SocketAddr::new(ip, uri.port_u16().unwrap_or(80)))
}

/// POSTs `call.arguments` as JSON with `headers`; returns the answer status
/// once the whole answer body has been read.
async fn post(call: &Call, mut headers: HeaderMap) -> Result<StatusCode, String> {
    let stream = TcpStream::connect(call.addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    let conn = tokio::spawn(conn);

    let authority = call
        .uri
        .authority()
        .map_or_else(String::new, ToString::to_string);
    let host = HeaderValue::try_from(authority).map_err(|e| format!("host: {e}"))?;
    headers.insert(HOST, host);
    let path = call
        .uri
        .path_and_query()
        .map_or("/", http::uri::PathAndQuery::as_str);
    let body = serde_json::to_vec(&call.arguments).map_err(|e| format!("json: {e}"))?;
    let mut req = Request::post(path)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("request: {e}"))?;
    *req.headers_mut() = headers;

    let res = sender
        .send_request(req)
        .await
        .map_err(|e| format!("send: {e}"))?;
    let status = res.status();
    res.into_body()
        .collect()
        .await
        .map_err(|e| format!("answer body: {e}"))?;
    drop(sender);
    // The connection task ends once the sender is gone; its result adds
    // nothing to the status already read.
    let _ = conn.await;
    Ok(status)
}

/// The decision as JSON, for the report and for debugging.
fn describe(decision: &Decision) -> Value {
    match decision {
        Decision::Continued(tp) => json!({"continued": tp.encode().as_str()}),
        Decision::RestartedMissing => json!({"restarted": "missing"}),
        Decision::RestartedInvalid(e) => json!({"restarted": e.to_string()}),
        _ => json!({"restarted": "by the service"}),
    }
}

fn answer(status: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from(body.to_string())));
    *res.status_mut() = status;
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}
