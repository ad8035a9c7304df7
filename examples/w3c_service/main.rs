//! `w3c_service`: an HTTP service (hyper 1 on tokio) that speaks the W3C
//! trace-context test-harness protocol, so the official suite can check
//! tracewire's propagation end to end (CAR-36).
//!
//! ```sh
//! cargo run --release --example w3c_service --features http,rand_core -- --listen 127.0.0.1:5000
//! # in the harness directory (w3c/trace-context, test/):
//! SPEC_LEVEL=2 STRICT_LEVEL=2 python test.py http://127.0.0.1:5000/test
//! ```
//!
//! `POST /test` with a JSON array of `{"url": …, "arguments": […]}`: for each
//! element in order, the service POSTs `arguments` as JSON to `url` with the
//! trace context it propagates (continue the incoming trace, or restart it;
//! a new parent-id per call), waits for every call (each at most 4 s), and
//! answers 200 with a JSON report. Only loopback addresses are listened on
//! and called. `--listen 127.0.0.1:0` picks a free port; the bound address
//! is printed on the first line of stdout.

mod service;

use std::net::SocketAddr;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("w3c_service: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let listen = parse_args(std::env::args().skip(1))?;
    if !listen.ip().is_loopback() {
        return Err(format!("{listen}: only loopback addresses are allowed").into());
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        println!("listening on http://{addr}/test");
        service::serve(listener, async {
            // Ctrl-C stops the service; if the signal cannot be watched, run
            // until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
        Ok(())
    })
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<SocketAddr, String> {
    let mut listen = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => {
                let v = args.next().ok_or("--listen needs ADDR:PORT")?;
                listen = Some(v.parse().map_err(|e| format!("--listen {v}: {e}"))?);
            }
            "-h" | "--help" => {
                return Err("usage: w3c_service --listen 127.0.0.1:PORT".into());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    listen.ok_or_else(|| "usage: w3c_service --listen 127.0.0.1:PORT".into())
}
