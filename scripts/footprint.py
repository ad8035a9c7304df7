#!/usr/bin/env python3
"""Measure what each tracewire codec costs in code size and stack.

Builds footprint/ (a `#![no_std]` staticlib: opt-level "z", fat LTO,
panic=abort, one codegen unit) once per codec feature with nightly rustc and
`-Z emit-stack-sizes`, then reads the LTO object of the archive:

- code: the sum of its `.text*` sections (`size -A`), i.e. the codec plus the
  parts of `core` it pulls in; compiler-builtins (memcpy & co.) not counted;
- stack: for each exported entry point, the frame sizes (`.stack_sizes`,
  via `llvm-readobj --stack-sizes`) summed along the deepest static call chain
  (calls read from `objdump -dr` relocations), plus one return address per
  call level on x86-64. No recursion exists in the codecs; an indirect call
  would be reported as "?".

Usage: scripts/footprint.py [--target TRIPLE] [--markdown]
A codec whose module is missing from the crate (the build fails) is "n/a".
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOOTPRINT = os.path.join(ROOT, "footprint")
# LLVM tools read every target; GNU binutils only the host's.
OBJDUMP = shutil.which("llvm-objdump") or "objdump"
SIZE = shutil.which("llvm-size") or "size"
CODECS = [
    ("traceparent", "text traceparent parse + encode"),
    ("binary", "binary traceparent parse + encode"),
    ("binary-tracestate", "binary tracestate parse (+ text write) + encode"),
    ("server-timing", "Server-Timing `trace` metric parse + encode"),
    ("tracestate", "tracestate parse + write"),
    ("baggage", "baggage parse + write"),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def build(feature, target, target_dir):
    env = dict(os.environ, RUSTFLAGS="-Zemit-stack-sizes", CARGO_TARGET_DIR=target_dir)
    cmd = ["cargo", "+nightly", "build", "--release", "--quiet", "--features", feature]
    if target:
        cmd += ["--target", target]
    r = subprocess.run(cmd, cwd=FOOTPRINT, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        return None
    sub = os.path.join(target_dir, target, "release") if target else os.path.join(target_dir, "release")
    return os.path.join(sub, "libtracewire_footprint.a")


def lto_object(archive, tmp):
    members = run(["ar", "t", archive]).split()
    obj = [m for m in members if m.startswith("tracewire_footprint")]
    if len(obj) != 1:
        raise SystemExit(f"expected one LTO object in {archive}, found {obj}")
    run(["ar", "x", archive, obj[0]], cwd=tmp)
    return os.path.join(tmp, obj[0])


def text_size(obj):
    total = 0
    for line in run([SIZE, "-A", obj]).splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".text") and parts[1].isdigit():
            total += int(parts[1])
    return total


def stack_sizes(obj):
    frames = {}
    names = []
    for line in run(["llvm-readobj", "--stack-sizes", obj]).splitlines():
        m = re.search(r"Functions: \[(.*)\]", line)
        if m:
            names = [n.strip() for n in m.group(1).split(",")]
            continue
        m = re.search(r"Size: (0x[0-9a-fA-F]+)", line)
        if m:
            for n in names:
                frames[n] = int(m.group(1), 16)
    return frames


def call_graph(obj):
    graph = {}
    current = None
    for line in run([OBJDUMP, "-dr", "--no-show-raw-insn", obj]).splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            current = m.group(1)
            graph.setdefault(current, set())
            continue
        m = re.search(r"R_\w+(?:CALL|PLT32|PC32|JUMP\w*)\s+([^\s+-]+)", line)
        if m and current:
            sym = m.group(1)
            # Relocations often name the section (`.text.<function>`).
            if sym.startswith(".text."):
                sym = sym[len(".text."):]
            graph[current].add(sym)
    return graph


def deepest(fn, frames, graph, ret, seen=()):
    if fn not in frames:
        return None
    if fn in seen:
        return None  # recursion: unbounded
    best = 0
    for callee in graph.get(fn, ()):
        if callee == fn:
            continue
        if callee in frames:
            d = deepest(callee, frames, graph, ret, seen + (fn,))
            if d is None:
                return None
            best = max(best, d + ret)
    return frames[fn] + best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default=None, help="e.g. thumbv7em-none-eabihf (default: host)")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args()
    target_dir = os.environ.get("FOOTPRINT_TARGET_DIR", os.path.join(FOOTPRINT, "target"))
    ret = 0 if args.target and args.target.startswith("thumb") else 8
    rows = []
    for feature, what in CODECS:
        archive = build(feature, args.target, target_dir)
        if archive is None:
            rows.append((what, "n/a", "n/a", "n/a"))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            obj = lto_object(archive, tmp)
            text = text_size(obj)
            frames = stack_sizes(obj)
            graph = call_graph(obj)
            stacks = {}
            for entry in sorted(n for n in frames if n.startswith("tw_")):
                d = deepest(entry, frames, graph, ret)
                stacks[entry.split("_")[-1]] = "?" if d is None else str(d)
            rows.append((what, str(text), stacks.get("parse", "-"), stacks.get("encode", "-")))
    target = args.target or run(["rustc", "+nightly", "-vV"]).split("host: ")[1].split()[0]
    if args.markdown:
        print(f"Target `{target}`, opt-level \"z\", fat LTO, panic=abort (`scripts/footprint.py`).\n")
        print("| codec | `.text` bytes | stack, parse (bytes) | stack, encode (bytes) |")
        print("|---|---:|---:|---:|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |")
    else:
        print(f"target {target}")
        for r in rows:
            print(f"{r[0]:<48} text {r[1]:>6}  stack parse {r[2]:>5}  encode {r[3]:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
