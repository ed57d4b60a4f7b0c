#!/usr/bin/env python3
"""neg's `simulate` against NegMAS's SAO mechanism on the same scenario,
side by side, in one run.

    benches/negmas_sao.sh                       # venv + negmas + release build + this
    python3 benches/negmas_sao.py [--neg target/release/neg]
                                  [--negmas-runs 200] [--neg-runs 100000]

The scenario is benches/scenarios/four_by_ten.neg: two parties (BATNA 0),
four integer issues i1..i4 of ten options (0..9), 10^4 packages, opposed
weights. In neg a party's utility of a package is Σ weight · value, with
weights 4, 3, 2, 1 (a) and 1, 2, 3, 4 (b) and per-issue values running
linearly from 0 to 10 (a: i1, i2 up, i3, i4 down; b the reverse), so
utilities lie in 0..100.

NegMAS gets the same domain (`make_issue(10)` per issue, values 0..9) and,
per side, a `LinearAdditiveUtilityFunction` normalised to [0, 1]: weights
divided by their sum (10) and values divided by 10 (`AffineFun` with slope
±1/9), so every package's NegMAS utility is exactly its neg utility / 100
and the two tools rank the 10^4 packages identically. Reserved values are
0, as the BATNAs.

NegMAS: K (--negmas-runs) negotiations, each a fresh `SAOMechanism` with
n_steps=100 and two `BoulwareTBNegotiator`s, timed one by one with
time.perf_counter (mechanism, negotiators and `run()`; the utility
functions are built once, outside the loop, as neg ranks its sheets once
per simulation), and the whole loop timed as well.

neg: the whole process `neg run FILE --format json` on a copy of the
scenario with `simulate a: boulware, b: boulware rounds 100 repeat N`
appended (--neg-runs, default 100000), timed with perf_counter around
subprocess.run, 5 times, median taken; per negotiation = median / N.

Not identical protocols, which the table's footnotes repeat:
  * a NegMAS step with the default one_offer_per_step=False lets each
    negotiator offer once (up to 200 offers in 100 steps); a neg round is one
    offer (up to 100 offers in 100 rounds). --one-offer-per-step makes NegMAS
    count offers as neg does.
  * NegMAS's boulware is PolyAspiration "boulware" (exponent 4:
    1 − t^4); neg's is Faratin's e = 0.2 (1 − t^5).
Both agents in both tools are deterministic, so every run gives the same
agreement.
"""

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "scenarios", "four_by_ten.neg")

# (weights, increasing?) per party, as in four_by_ten.neg.
SHEETS = {
    "a": ([4, 3, 2, 1], [True, True, False, False]),
    "b": ([1, 2, 3, 4], [False, False, True, True]),
}
OPTIONS = 10
ROUNDS = 100


def negmas_domain():
    from negmas import make_issue
    from negmas.preferences import AffineFun, LinearAdditiveUtilityFunction

    issues = [make_issue(OPTIONS, name=f"i{i + 1}") for i in range(4)]
    top = OPTIONS - 1
    ufuns = {}
    for party, (weights, up) in SHEETS.items():
        total = sum(weights)
        values = [AffineFun(slope=1 / top, bias=0.0) if u else AffineFun(slope=-1 / top, bias=1.0) for u in up]
        ufuns[party] = LinearAdditiveUtilityFunction(
            values=values,
            weights=[w / total for w in weights],
            issues=issues,
            reserved_value=0.0,
            name=party,
        )
    return issues, ufuns


def neg_utility(party, outcome):
    """neg's utility (0..100) of a package, for checking the normalisation."""
    weights, up = SHEETS[party]
    top = OPTIONS - 1
    return sum(w * (10 * v / top if u else 10 - 10 * v / top) for w, u, v in zip(weights, up, outcome))


def run_negmas(runs, one_offer_per_step):
    from negmas.sao import SAOMechanism
    from negmas.sao.negotiators import BoulwareTBNegotiator

    issues, ufuns = negmas_domain()
    # The normalisation: NegMAS utility × 100 is neg's utility, package by package.
    for outcome in [(0, 0, 0, 0), (9, 9, 9, 9), (3, 7, 1, 5), (9, 0, 4, 2)]:
        for party in SHEETS:
            assert abs(ufuns[party](outcome) * 100 - neg_utility(party, outcome)) < 1e-9, (party, outcome)

    times, agreements, utilities, steps, offers = [], [], [], [], []
    loop_start = time.perf_counter()
    for _ in range(runs):
        start = time.perf_counter()
        mechanism = SAOMechanism(issues=issues, n_steps=ROUNDS, one_offer_per_step=one_offer_per_step)
        mechanism.add(BoulwareTBNegotiator(name="a"), preferences=ufuns["a"])
        mechanism.add(BoulwareTBNegotiator(name="b"), preferences=ufuns["b"])
        state = mechanism.run()
        times.append(time.perf_counter() - start)
        agreements.append(state.agreement)
        steps.append(state.step)
        offers.append(len(mechanism.extended_trace))
    loop = time.perf_counter() - loop_start
    for agreement in agreements:
        if agreement is not None:
            utilities.append({p: 100 * ufuns[p](agreement) for p in SHEETS})
    rate = len(utilities) / runs
    # The share of the largest joint gain over the BATNAs (0), as neg's welfare_share.
    best_joint = max(neg_utility("a", o) + neg_utility("b", o) for o in itertools.product(range(OPTIONS), repeat=4))
    welfare = sum(u["a"] + u["b"] for u in utilities) / runs / best_joint
    # Without agreement a party gets its BATNA (0), as in neg's mean utilities.
    mean_u = {p: sum(u[p] for u in utilities) / runs for p in SHEETS}
    return {
        "runs": runs,
        "loop_s": loop,
        "median_s": statistics.median(times),
        "mean_s": statistics.fmean(times),
        "agreement_rate": rate,
        "welfare_share": welfare,
        "mean_utilities": mean_u,
        "agreements": sorted({tuple(a) for a in agreements if a is not None}),
        "mean_steps": statistics.fmean(steps),
        "mean_offers": statistics.fmean(offers),
    }


def run_neg(binary, runs, repetitions=5):
    with open(SCENARIO) as f:
        text = f.read()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "four_by_ten_simulate.neg")
        with open(path, "w") as f:
            f.write(text.rstrip("\n") + f"\n\nsimulate a: boulware, b: boulware rounds {ROUNDS} repeat {runs}\n")
        times = []
        for _ in range(repetitions):
            start = time.perf_counter()
            out = subprocess.run([binary, "run", path, "--format", "json"], capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if out.returncode != 0:
                sys.exit(f"{binary} failed (exit {out.returncode}):\n{out.stderr}")
    report = next(r for r in map(json.loads, out.stdout.splitlines()) if r.get("command") == "simulate")
    assert report["runs"] == runs, report
    return {"runs": runs, "times_s": times, "median_s": statistics.median(times), "report": report}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--neg", default=os.path.join("target", "release", "neg"), help="the neg binary (default target/release/neg)")
    ap.add_argument("--negmas-runs", type=int, default=200, help="NegMAS negotiations (default 200)")
    ap.add_argument("--neg-runs", type=int, default=100_000, help="neg's `repeat` (default 100000)")
    ap.add_argument("--repetitions", type=int, default=5, help="neg processes timed, median taken (default 5)")
    ap.add_argument("--one-offer-per-step", action="store_true", help="NegMAS: one offer per step, as a neg round")
    args = ap.parse_args()

    try:
        import negmas
    except ImportError:
        print(
            "NegMAS is not importable from this Python.\n"
            "Install it with `python3 -m pip install negmas` (or run benches/negmas_sao.sh, which\n"
            "makes a virtual environment in target/negmas-venv and installs it there).",
            file=sys.stderr,
        )
        sys.exit(2)
    if not os.path.exists(args.neg):
        sys.exit(f"no neg binary at {args.neg}: build it with `cargo build --release` or pass --neg PATH")

    print(f"scenario: {os.path.relpath(SCENARIO, os.path.dirname(HERE))} (2 parties, 4 issues x 10 options = 10,000 packages)")
    print(f"NegMAS {negmas.__version__}, Python {sys.version.split()[0]}; cores: {os.cpu_count()}")
    step_kind = "one offer per step" if args.one_offer_per_step else "each negotiator offers once per step"
    print(f"NegMAS: {args.negmas_runs} x SAOMechanism(n_steps={ROUNDS}, {step_kind}), BoulwareTBNegotiator vs BoulwareTBNegotiator ...", flush=True)
    m = run_negmas(args.negmas_runs, args.one_offer_per_step)
    print(f"neg:    {args.repetitions} x `neg run` with simulate a: boulware, b: boulware rounds {ROUNDS} repeat {args.neg_runs} ...", flush=True)
    n = run_neg(args.neg, args.neg_runs, args.repetitions)
    r = n["report"]

    negmas_per = m["median_s"]
    neg_per = n["median_s"] / n["runs"]
    print()
    print(f"{'':<34}{'NegMAS (SAO)':>16}{'neg (simulate)':>18}")
    print(f"{'negotiations timed':<34}{m['runs']:>16,}{n['runs']:>18,}")
    print(f"{'time per negotiation, median':<34}{negmas_per * 1e3:>13.2f} ms{neg_per * 1e6:>15.2f} µs")
    print(f"{'time per negotiation, mean':<34}{m['mean_s'] * 1e3:>13.2f} ms{'':>18}")
    print(f"{'whole loop / whole process':<34}{m['loop_s']:>14.2f} s{n['median_s']:>16.3f} s")
    print(f"{'negotiations per second':<34}{1 / negmas_per:>16,.1f}{1 / neg_per:>18,.0f}")
    print(f"{'agreement rate':<34}{m['agreement_rate']:>16.2%}{r['agreement_rate']:>18.2%}")
    mu, nu = m["mean_utilities"], r["mean_utilities"]
    print(f"{'mean utilities a, b (0..100)':<34}{mu['a']:>8.2f},{mu['b']:>7.2f}{nu['a']:>10.2f},{nu['b']:>7.2f}")
    print(f"{'share of the largest joint gain':<34}{m['welfare_share']:>16.2%}{r['welfare_share']:>18.2%}")
    print(f"{'mean steps / rounds':<34}{m['mean_steps']:>16.2f}{r['mean_rounds']:>18.2f}")
    print(f"{'ratio (NegMAS time / neg time)':<34}{negmas_per / neg_per:>16,.0f}x")
    print()
    print(f"neg whole-process times (s): {', '.join(f'{t:.3f}' for t in n['times_s'])}")
    print(f"NegMAS agreements (outcomes): {m['agreements'][:5]}{' ...' if len(m['agreements']) > 5 else ''}")
    print(f"NegMAS mean trace length (offers): {m['mean_offers']:.1f}")
    print(
        "notes: NegMAS time is in process (median per negotiation); neg time is the whole process\n"
        "(start, parse, check, rank, N runs, JSON) divided by N. A NegMAS step "
        + ("is one offer, as a neg round." if args.one_offer_per_step else "lets each negotiator offer once;\na neg round is one offer.")
        + " NegMAS boulware: 1 - t^4; neg boulware (e = 0.2): 1 - t^5."
    )


if __name__ == "__main__":
    main()
