#!/usr/bin/env python3
"""Count instructions per operation, tracewire against its opentelemetry peer.

Builds instructions/ (one release binary; see its src/main.rs) and runs each
case under `valgrind --tool=callgrind` twice, with N = 1 and N = 201
operations. Instructions per operation = (I(201) - I(1)) / 200: process
start, input building, the checks the binary makes before its loop and
first-call effects are in both runs and cancel out. Callgrind counts do not
depend on the machine's load, so they move only when the code or the
compiler does.

Cases (the operations and inputs of benches/tracestate.rs and
benches/baggage.rs):
- tracestate parse + iterate every member, 3 members (63 B) and 32 (511 B):
  `TraceStateRef::parse` + `iter()` against opentelemetry 0.33
  `TraceState::from_str` + iteration;
- baggage extract from a `HashMap` carrier, 3 members (50 B) and 64 (8 KB):
  `BaggageRef::lenient` decoding every value and property value against
  opentelemetry_sdk 0.33 `BaggagePropagator::extract`.

Usage: scripts/instructions.py [--markdown]
Needs valgrind (callgrind); exits with status 1 when it is missing.
CARGO_TARGET_DIR is honoured.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRATE = os.path.join(ROOT, "instructions")
SMALL_N, LARGE_N = 1, 201
CASES = [
    ("tracestate-3", "tracestate parse + iterate, 3 members (63 B)"),
    ("tracestate-32", "tracestate parse + iterate, 32 members (511 B)"),
    ("baggage-3", "baggage extract, 3 members (50 B)"),
    ("baggage-8k", "baggage extract, 64 members (8127 B)"),
]
PEERS = {
    "tracestate": "opentelemetry `TraceState::from_str` + iterate",
    "baggage": "opentelemetry_sdk `BaggagePropagator::extract`",
}


def build():
    """Builds the binary in release and returns its path."""
    r = subprocess.run(
        ["cargo", "build", "--release", "--locked", "--message-format=json-render-diagnostics"],
        cwd=CRATE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if r.returncode != 0:
        sys.exit("error: building instructions/ failed")
    for line in r.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
            if msg["target"]["name"] == "instructions":
                return msg["executable"]
    sys.exit("error: cargo did not report the instructions binary")


def collected(binary, case, side, n, tmp):
    """Instructions callgrind counts for one run of `binary case side n`."""
    out = os.path.join(tmp, f"callgrind.{case}.{side}.{n}")
    r = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, case, side, str(n)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        sys.exit(f"error: {case} {side} {n} failed:\n{r.stderr}")
    m = re.search(r"Collected\s*:\s*(\d+)", r.stderr)
    if not m:
        sys.exit(f"error: no 'Collected' line from callgrind:\n{r.stderr}")
    return int(m.group(1))


def per_op(binary, case, side, tmp):
    small = collected(binary, case, side, SMALL_N, tmp)
    large = collected(binary, case, side, LARGE_N, tmp)
    return (large - small) / (LARGE_N - SMALL_N)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print(
            "error: valgrind is not installed (callgrind counts the instructions); "
            "install it, e.g. `apt-get install valgrind`",
            file=sys.stderr,
        )
        return 1
    binary = build()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, label in CASES:
            ours = per_op(binary, case, "tracewire", tmp)
            peer = per_op(binary, case, "peer", tmp)
            rows.append((label, PEERS[case.split("-")[0]], ours, peer, peer / ours))
    if args.markdown:
        print("| case | tracewire | opentelemetry | opentelemetry ÷ tracewire |")
        print("|---|---:|---:|---:|")
        for label, _, ours, peer, ratio in rows:
            print(f"| {label} | {ours:,.0f} | {peer:,.0f} | {ratio:.1f}× |")
        print()
        print("Peers: " + "; ".join(f"{k}: {v}" for k, v in PEERS.items()) + ".")
    else:
        print(f"{'case':<48} {'tracewire':>10} {'peer':>10} {'ratio':>7}")
        for label, _, ours, peer, ratio in rows:
            print(f"{label:<48} {ours:>10,.0f} {peer:>10,.0f} {ratio:>6.1f}x")
        print("Peers: " + "; ".join(f"{k}: {v}" for k, v in PEERS.items()) + ".")
    print()
    print(f"Instructions per operation: (I({LARGE_N}) - I({SMALL_N})) / {LARGE_N - SMALL_N}, callgrind.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
