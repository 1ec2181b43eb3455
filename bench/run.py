#!/usr/bin/env python3
"""Whole-program JS benchmarks: Tagus vs `node --jitless` vs QuickJS (bench/qjs-runner).

Builds the engines (release), runs every bench/js/*.js (or those named) N times per
engine, checks each engine's stdout against node's, and prints a Markdown table of
median wall time and peak RSS.  Stdlib only (Python 3.11).

    python3 bench/run.py [BENCH ...] [--engines node,qjs,tagus] [--runs 5]
                         [--tagus PATH] [--qjs PATH] [--node PATH] [--json out.json]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench" / "js"
QJS_MANIFEST = ROOT / "bench" / "qjs-runner" / "Cargo.toml"
ENGINES = ("node", "qjs", "tagus")
LABELS = {"node": "node --jitless", "qjs": "QuickJS", "tagus": "Tagus"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def cargo_build(args, binary):
    """Runs `cargo build --release ARGS`; returns the path of executable `binary`, or None."""
    cmd = ["cargo", "build", "--release", "--message-format=json-render-diagnostics", *args]
    log(f"$ {' '.join(cmd)}")
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    except FileNotFoundError:
        log("  cargo not found")
        return None
    log(f"  ({time.perf_counter() - start:.1f} s, exit {proc.returncode})")
    if proc.returncode != 0:
        return None
    for line in proc.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        exe = msg.get("executable") if msg.get("reason") == "compiler-artifact" else None
        if exe and Path(exe).name == binary:
            return exe
    log(f"  build produced no `{binary}` executable")
    return None


def run_once(cmd, timeout):
    """Runs cmd; returns dict(time, rss_mb, code, stdout, stderr). Uses os.wait4 for ru_maxrss."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT)
        except OSError as e:
            return {"time": None, "rss_mb": None, "code": None, "stdout": "", "stderr": str(e)}
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        timed_out = not timer.is_alive()
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        if timed_out:
            stderr += f"\n[killed after {timeout} s timeout]"
        return {
            "time": elapsed,
            "rss_mb": usage.ru_maxrss / 1024.0,  # Linux reports KiB
            "code": proc.returncode,
            "stdout": out.read().decode(errors="replace"),
            "stderr": stderr,
        }


def bench_engine(cmd, runs, timeout):
    """Runs one engine on one benchmark `runs` times; stops at the first failure."""
    res = {"cmd": cmd, "times": [], "rss_mb": [], "status": "ok", "stdout": None, "stderr": ""}
    for _ in range(runs):
        r = run_once(cmd, timeout)
        if r["code"] != 0:
            res["status"] = "FAIL"
            res["stderr"] = r["stderr"][-2000:]
            res["stdout"] = r["stdout"]
            break
        if res["stdout"] is not None and r["stdout"] != res["stdout"]:
            res["status"] = "UNSTABLE"  # output differs between runs of the same engine
        res["stdout"] = r["stdout"]
        res["times"].append(r["time"])
        res["rss_mb"].append(r["rss_mb"])
    if res["times"]:
        res["median"] = statistics.median(res["times"])
        res["peak_rss_mb"] = max(res["rss_mb"])
    return res


def fmt_time(res):
    if res is None:
        return "n/a"
    if res["status"] == "FAIL":
        return "FAIL"
    cell = f"{res['median']:.3f}"
    return cell if res["status"] == "ok" else f"{cell} {res['status']}"


def fmt_ratio(a, b):
    ok = lambda r: r is not None and r["status"] == "ok"
    return f"{a['median'] / b['median']:.2f}" if ok(a) and ok(b) else "n/a"


def fmt_rss(res):
    if res is None or "peak_rss_mb" not in res:
        return "n/a" if res is None else "FAIL"
    return f"{res['peak_rss_mb']:.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("benchmarks", nargs="*", help="benchmark names (default: all of bench/js)")
    ap.add_argument("--engines", default="node,qjs,tagus", help="comma list of node,qjs,tagus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per single run")
    ap.add_argument("--tagus", help="tagus binary to use (skips building it)")
    ap.add_argument("--qjs", help="qjs-runner binary to use (skips building it)")
    ap.add_argument("--node", default="node", help="node executable (default: node on PATH)")
    ap.add_argument("--json", help="also write the full results to this file")
    args = ap.parse_args()

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    bad = [e for e in engines if e not in ENGINES]
    if bad:
        ap.error(f"unknown engine(s): {', '.join(bad)}")

    all_benches = sorted(p.stem for p in BENCH_DIR.glob("*.js"))
    names = [Path(b).stem for b in args.benchmarks] or all_benches
    missing = [n for n in names if n not in all_benches]
    if missing:
        ap.error(f"unknown benchmark(s): {', '.join(missing)}; have: {', '.join(all_benches)}")

    # Resolve engine commands; None means the engine is unavailable (shown as n/a).
    cmds = {}
    if "node" in engines:
        node = shutil.which(args.node)
        cmds["node"] = [node, "--jitless"] if node else None
        if not node:
            log(f"node not found ({args.node}): n/a")
    if "qjs" in engines:
        qjs = args.qjs or cargo_build(["--manifest-path", str(QJS_MANIFEST)], "qjs-runner")
        cmds["qjs"] = [qjs] if qjs and os.access(qjs, os.X_OK) else None
    if "tagus" in engines:
        tagus = args.tagus or cargo_build(["-p", "tagus"], "tagus")
        cmds["tagus"] = [tagus] if tagus and os.access(tagus, os.X_OK) else None
        if not cmds["tagus"]:
            log("tagus binary not available: n/a")

    results = {}
    for name in names:
        path = str(BENCH_DIR / f"{name}.js")
        results[name] = {}
        for eng in ENGINES:
            if eng not in engines or cmds.get(eng) is None:
                results[name][eng] = None
                continue
            log(f"{name}: {eng} x{args.runs}")
            results[name][eng] = bench_engine(cmds[eng] + [path], args.runs, args.timeout)
        # Every engine must print what node printed (or the first engine that ran, without node).
        ran = [r for r in results[name].values() if r is not None and r["status"] != "FAIL"]
        ref = results[name].get("node")
        ref = ref if ref is not None and ref["status"] != "FAIL" else (ran[0] if ran else None)
        for r in ran:
            if r is not ref and r["stdout"] != ref["stdout"]:
                r["status"] = "MISMATCH"

    cols = [f"{LABELS[e]} median s" for e in ENGINES]
    cols += ["Tagus/node", "Tagus/QuickJS"] + [f"{LABELS[e]} peak RSS MB" for e in ENGINES]
    lines = ["| benchmark | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name in names:
        r = results[name]
        row = [fmt_time(r[e]) for e in ENGINES]
        row += [fmt_ratio(r["tagus"], r["node"]), fmt_ratio(r["tagus"], r["qjs"])]
        row += [fmt_rss(r[e]) for e in ENGINES]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    print(f"\n{args.runs} run(s) per engine; wall time median, peak RSS max over runs.\n")
    print("\n".join(lines))

    problems = []
    for name in names:
        for eng, r in results[name].items():
            if r is None or r["status"] == "ok":
                continue
            ref = results[name].get("node")
            detail = r["stderr"].strip() if r["status"] == "FAIL" else (
                f"got {r['stdout'].strip()!r}, node printed {(ref or {}).get('stdout', '').strip()!r}")
            problems.append(f"- {name} / {LABELS[eng]}: {r['status']}: {detail[-600:]}")
    if problems:
        print("\nProblems:\n" + "\n".join(problems))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": args.runs, "engines": {e: cmds.get(e) for e in engines},
                       "results": results}, f, indent=2)
        log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
