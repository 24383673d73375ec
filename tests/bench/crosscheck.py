#!/usr/bin/env python3
"""Do nascost and the NumPy reference agree on lisa-rnd within Monte Carlo error?

    python3 tests/bench/crosscheck.py NUMPY.json NASCOST.json [--z Z]

NUMPY.json is the output of tests/bench/lisa_numpy.py, NASCOST.json that of
`nascost run scenarios/lisa-rnd.yaml -f json`, both over their own replications (different
generators, so independent samples). For each metric the two means differ by less than Z
standard errors of the difference, sqrt(sd_a^2/n_a + se_b^2); for the continuous metrics the
P5, P50 and P95 as well, with the difference's standard error taken as sqrt(1 + n_b/n_a)
times nascost's own (its se_p5, se_p50, se_p95: both samples have the same distribution, so the
same standard error per replication). Z defaults to 4.5: with ~40 comparisons a false alarm
has probability ~3e-4. Prints a table; exits 1 when any comparison fails, 2 on bad input.
"""
import argparse
import json
import math
import sys

# metric, whether its quantiles are compared (not for counts and 0/1 outcomes)
METRICS = [
    ("gpu_hours", True), ("it_kwh", True), ("facility_kwh", True),
    ("co2e_operational_kg", True), ("co2e_embodied_kg", True), ("co2e_kg", True),
    ("cloud_usd", True), ("electricity_usd", True), ("makespan_days", True),
    ("failed_trials", False), ("on_time", False),
]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.exit("crosscheck: cannot read %s: %s" % (path, e))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("numpy_json")
    ap.add_argument("nascost_json")
    ap.add_argument("--z", type=float, default=4.5)
    args = ap.parse_args()
    a, b = load(args.numpy_json), load(args.nascost_json)
    try:
        n_a = a["replications"]
        n_b = b["scenario"]["replications"]
    except (KeyError, TypeError):
        print("crosscheck: not a lisa_numpy.py and a nascost JSON output", file=sys.stderr)
        return 2
    worst, failed, rows = 0.0, 0, 0
    print("  %-20s %-4s %14s %14s %8s" % ("metric", "stat", "numpy", "nascost", "z"))
    for name, quantiles in METRICS:
        ma, mb = a["metrics"][name], b["total"][name]
        checks = [("mean", ma["mean"], mb["mean"],
                   math.sqrt(ma["sd"] ** 2 / n_a + mb["se"] ** 2))]
        if quantiles:
            f = math.sqrt(1.0 + n_b / n_a)
            checks += [(q, ma[q], mb[q], f * mb["se_" + q]) for q in ("p5", "p50", "p95")]
        for stat, va, vb, se in checks:
            z = (va - vb) / se if se > 0 else (0.0 if va == vb else math.inf)
            bad = not abs(z) <= args.z
            failed += bad
            rows += 1
            worst = max(worst, abs(z))
            print("  %-20s %-4s %14.6g %14.6g %8.2f%s" % (name, stat, va, vb, z,
                                                          "  <-- differs" if bad else ""))
    print("%d comparisons, largest |z| %.2f, %d beyond %.1f" % (rows, worst, failed, args.z))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
