#!/usr/bin/env python3
"""Core scaling of the frontier merge: whole-process and in-process timings
at several thread counts, and a check that every thread count gives
byte-identical JSON.

    cargo build --release && cargo bench --bench frontier -- --write target/scaling
    python3 benches/scaling.py                   # 1, 2, 4, 8, 16 threads
    python3 benches/scaling.py --threads 1 16 --runs 5

Whole process: `neg run` (text, and JSON to compare) on the scenarios
written by the frontier bench (frontier, nash and welfare commands), the
median of --runs runs per thread count. In process: the frontier bench
binary (check + frontier + Nash + welfare, and without the check),
run once per thread count; it prints its own medians of 5.
"""

import argparse
import glob
import hashlib
import os
import statistics
import subprocess
import time


def timed(cmd, env):
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, out.stdout, out.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--neg", default="target/release/neg")
    ap.add_argument("--bench", help="the frontier bench binary (target/release/deps/frontier-*)")
    ap.add_argument("--dir", default="target/scaling")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    plans = sorted(glob.glob(os.path.join(args.dir, "*.neg")))
    if not plans:
        raise SystemExit(f"no plans in {args.dir}: run `cargo bench --bench frontier -- --write {args.dir}`")
    print(f"cores: {os.cpu_count()}; whole process, median of {args.runs} (text)")
    print(f"{'plan':<16}" + "".join(f"{t:>9}t" for t in args.threads) + "   1t/max   json")
    for plan in plans:
        medians, digests = [], set()
        for t in args.threads:
            env = dict(os.environ, RAYON_NUM_THREADS=str(t))
            runs = []
            for _ in range(args.runs):
                secs, _, rc = timed([args.neg, "run", plan], env)
                if rc != 0:
                    raise SystemExit(f"{plan}: exit {rc}")
                runs.append(secs)
            medians.append(statistics.median(runs))
            _, json, _ = timed([args.neg, "run", "--format", "json", plan], env)
            digests.add(hashlib.sha256(json).hexdigest())
        name = os.path.basename(plan)
        ratio = medians[0] / medians[-1]
        same = "same" if len(digests) == 1 else "DIFFERENT"
        print(f"{name:<16}" + "".join(f"{m:>9.3f}s" for m in medians) + f"   {ratio:>5.2f}x   {same}")
    if args.bench:
        for t in args.threads:
            env = dict(os.environ, RAYON_NUM_THREADS=str(t))
            print(f"\nin process, {t} thread(s):", flush=True)
            subprocess.run([args.bench], env=env, check=True)


if __name__ == "__main__":
    main()
