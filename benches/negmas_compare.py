#!/usr/bin/env python3
"""neg against NegMAS on the same scenario, side by side, in one run.

Usage (from the repository root, after `cargo build --release` and
`pip install negmas`):

    python3 benches/negmas_compare.py [ISSUES] [OPTIONS]

Builds one random two-party scenario with additive score sheets (integer
points 0..100, weights 1..10; ISSUES x OPTIONS packages, default 6 x 10 =
10^6), writes it as a .neg file, and times
  * neg: the whole process `neg run` with `frontier` and `nash`, and
  * NegMAS: `pareto_frontier` + `nash_points` on the same utility functions,
reporting medians of several runs and the ratio. It also checks that both find
the same Nash product and the same number of distinct frontier vectors.
"""

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time


def scenario(issues, options, seed=42):
    rng = random.Random(seed)
    points = [[[rng.randint(0, 100) for _ in range(options)] for _ in range(issues)] for _ in range(2)]
    weights = [[rng.randint(1, 10) for _ in range(issues)] for _ in range(2)]
    return points, weights


def neg_text(points, weights, issues, options):
    lines = ["party p0 { batna 0 }", "party p1 { batna 0 }"]
    for i in range(issues):
        lines.append(f"issue i{i} : " + " | ".join(f"o{o}" for o in range(options)))
    for p in range(2):
        lines.append(f"prefs p{p} {{")
        for i in range(issues):
            lines.append(f"    weight i{i} {weights[p][i]}")
            table = ", ".join(f"o{o}: {points[p][i][o]}" for o in range(options))
            lines.append(f"    i{i} = {{ {table} }}")
        lines.append("}")
    lines += ["frontier", "nash"]
    return "\n".join(lines) + "\n"


def time_neg(path, runs):
    binary = os.path.join("target", "release", "neg")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([binary, "run", path, "--format", "json"], capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
    import json

    reports = [json.loads(line) for line in out.stdout.splitlines()]
    frontier = next(r for r in reports if r["command"] == "frontier")
    nash = next(r for r in reports if r["command"] == "nash")
    product = nash["cared"]["p0"] * nash["cared"]["p1"]
    return statistics.median(times), len(frontier["points"]), product


def time_negmas(points, weights, issues, options, runs):
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction as U
    from negmas.preferences import TableFun
    from negmas.preferences.ops import nash_points, pareto_frontier

    space = [make_issue([f"o{o}" for o in range(options)], name=f"i{i}") for i in range(issues)]
    ufuns = [
        U(
            values=[TableFun({f"o{o}": points[p][i][o] for o in range(options)}) for i in range(issues)],
            weights=weights[p],
            issues=space,
            reserved_value=0.0,
        )
        for p in range(2)
    ]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        frontier, _ = pareto_frontier(ufuns, issues=space)
        nash = nash_points(ufuns, frontier, issues=space)
        times.append(time.perf_counter() - start)
    distinct = len({tuple(round(v, 6) for v in f) for f in frontier})
    (point, _), *_ = nash
    return statistics.median(times), distinct, point[0] * point[1]


def main():
    issues = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    options = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    points, weights = scenario(issues, options)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "compare.neg")
        with open(path, "w") as f:
            f.write(neg_text(points, weights, issues, options))
        neg_t, neg_size, neg_product = time_neg(path, runs=11)
    try:
        negmas_t, negmas_size, negmas_product = time_negmas(points, weights, issues, options, runs=3)
    except ImportError:
        print(f"neg: {neg_t * 1e3:.1f} ms median whole process, {neg_size} frontier points")
        print("NegMAS is not installed: pip install negmas")
        return
    print(f"scenario: 2 parties, {issues} issues x {options} options = {options ** issues:,} packages")
    print(f"neg    (whole process, median of 11): {neg_t * 1e3:9.1f} ms, {neg_size} frontier points, Nash product {neg_product:.6g}")
    print(f"NegMAS (in process,    median of 3):  {negmas_t * 1e3:9.1f} ms, {negmas_size} distinct frontier points, Nash product {negmas_product:.6g}")
    print(f"ratio: neg is {negmas_t / neg_t:,.0f}x faster")
    same = abs(neg_product - negmas_product) <= 1e-6 * max(1.0, abs(neg_product)) and neg_size == negmas_size
    print("results agree" if same else "RESULTS DIFFER")


if __name__ == "__main__":
    main()
