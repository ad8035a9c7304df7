//! The gateway's forwarding logic, shared by `examples/gateway/main.rs` and
//! `tests/gateway.rs` (which includes this file with `#[path]`).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::TokioIo;
use rand::SeedableRng;
use rand::rngs::{StdRng, SysRng};
use tokio::net::TcpStream;
use tracewire::propagation::{BAGGAGE, Participant, TRACEPARENT, TRACESTATE};

/// Bound on one upstream exchange (connect, send, response head).
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);

/// The body type of the gateway's answers.
pub type Body = BoxBody<Bytes, hyper::Error>;

/// Forwards one request; upstream failures become 502/504.
pub async fn forward(
    req: Request<Incoming>,
    upstream: SocketAddr,
) -> Result<Response<Body>, Infallible> {
    let (parts, body) = req.into_parts();
    let mut rng = match StdRng::try_from_rng(&mut SysRng) {
        Ok(rng) => rng,
        Err(e) => {
            return Ok(error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("no OS randomness: {e}"),
            ));
        }
    };
    let participant = Participant::from_carrier(&parts.headers, &mut rng);

    let mut headers = forwarded_headers(&parts.headers);
    if let Ok(host) = HeaderValue::try_from(upstream.to_string()) {
        headers.insert(header::HOST, host);
    }
    if let Err(e) = participant.inject(&mut headers, &mut rng) {
        return Ok(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("inject: {e}"),
        ));
    }

    let path = parts
        .uri
        .path_and_query()
        .map_or("/", http::uri::PathAndQuery::as_str);
    let mut out = Request::new(body);
    *out.method_mut() = parts.method;
    *out.headers_mut() = headers;
    match path.parse() {
        Ok(uri) => *out.uri_mut() = uri,
        Err(e) => return Ok(error(StatusCode::BAD_REQUEST, &format!("path: {e}"))),
    }

    match tokio::time::timeout(UPSTREAM_TIMEOUT, send(out, upstream)).await {
        Ok(Ok(res)) => {
            let (mut parts, body) = res.into_parts();
            strip_hop_by_hop(&mut parts.headers);
            Ok(Response::from_parts(parts, body.boxed()))
        }
        Ok(Err(e)) => Ok(error(StatusCode::BAD_GATEWAY, &e)),
        Err(_) => Ok(error(StatusCode::GATEWAY_TIMEOUT, "upstream timed out")),
    }
}

/// The incoming fields minus hop-by-hop ones, `host`, and the trace context
/// (which the participant writes); baggage and everything else stay, in
/// order.
fn forwarded_headers(incoming: &HeaderMap) -> HeaderMap {
    let mut out = incoming.clone();
    strip_hop_by_hop(&mut out);
    out.remove(header::HOST);
    out.remove(TRACEPARENT);
    out.remove(TRACESTATE);
    debug_assert_eq!(
        out.get_all(BAGGAGE).iter().count(),
        incoming.get_all(BAGGAGE).iter().count()
    );
    out
}

fn strip_hop_by_hop(headers: &mut HeaderMap) {
    // Fields named in `connection` are hop-by-hop too.
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in [
        header::CONNECTION,
        header::PROXY_AUTHENTICATE,
        header::PROXY_AUTHORIZATION,
        header::TE,
        header::TRAILER,
        header::TRANSFER_ENCODING,
        header::UPGRADE,
    ] {
        headers.remove(name);
    }
    headers.remove("keep-alive");
    headers.remove("proxy-connection");
}

async fn send(req: Request<Incoming>, upstream: SocketAddr) -> Result<Response<Incoming>, String> {
    let stream = TcpStream::connect(upstream)
        .await
        .map_err(|e| format!("connect {upstream}: {e}"))?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    // The connection task lives until the response body has been streamed.
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            eprintln!("gateway: upstream connection error: {e}");
        }
    });
    sender
        .send_request(req)
        .await
        .map_err(|e| format!("upstream: {e}"))
}

fn error(status: StatusCode, msg: &str) -> Response<Body> {
    let body = Full::new(Bytes::from(format!("{msg}\n")))
        .map_err(|never| match never {})
        .boxed();
    let mut res = Response::new(body);
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}
