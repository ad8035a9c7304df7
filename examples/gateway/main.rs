//! `gateway`: a small reverse proxy (hyper 1 on tokio) that forwards every
//! request to one upstream with the trace context continued — a new span id
//! per forwarded request, or a new trace when the incoming traceparent is
//! missing or invalid — and the baggage passed on.
//!
//! ```sh
//! cargo run --release --example gateway --features http,rand_core -- \
//!     --listen 127.0.0.1:8080 --upstream 127.0.0.1:9090
//! curl -H 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' \
//!      -H 'baggage: userId=alice' http://127.0.0.1:8080/
//! ```
//!
//! What it does to the headers (the rest is copied, bodies are streamed):
//! - trace context: [`Participant::from_carrier`] reads the request, and
//!   [`Participant::inject`] writes the upstream's traceparent (and whatever
//!   else the participant forwards), replacing the incoming fields (CAR-03).
//!   The incoming traceparent/tracestate are never copied by hand, so a
//!   restart drops the old tracestate (TS-14).
//! - baggage: copied field by field, in order (BG-22: independent of the
//!   trace context).
//! - hop-by-hop fields (RFC 9110 §7.6.1) are not forwarded; `host` is the
//!   upstream's.
//!
//! Loopback only: both addresses must be loopback. The bound address is
//! printed on startup (`--listen 127.0.0.1:0` picks a free port).

mod proxy;

use std::net::SocketAddr;
use std::process::ExitCode;

use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gateway: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (listen, upstream) = parse_args(std::env::args().skip(1))?;
    for addr in [listen, upstream] {
        if !addr.ip().is_loopback() {
            return Err(format!("{addr}: only loopback addresses are allowed").into());
        }
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = TcpListener::bind(listen).await?;
        println!(
            "listening on http://{}/ -> http://{upstream}/",
            listener.local_addr()?
        );
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => return Ok(()),
                accepted = listener.accept() => {
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) => {
                            eprintln!("gateway: accept failed: {e}");
                            continue;
                        }
                    };
                    tokio::spawn(async move {
                        let service = service_fn(move |req| proxy::forward(req, upstream));
                        let conn = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service);
                        if let Err(e) = conn.await {
                            eprintln!("gateway: connection error: {e}");
                        }
                    });
                }
            }
        }
    })
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(SocketAddr, SocketAddr), String> {
    const USAGE: &str = "usage: gateway --listen 127.0.0.1:PORT --upstream 127.0.0.1:PORT";
    let (mut listen, mut upstream) = (None, None);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--listen" => &mut listen,
            "--upstream" => &mut upstream,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}; {USAGE}")),
        };
        let v = args.next().ok_or(USAGE)?;
        *slot = Some(v.parse().map_err(|e| format!("{arg} {v}: {e}"))?);
    }
    Ok((listen.ok_or(USAGE)?, upstream.ok_or(USAGE)?))
}
