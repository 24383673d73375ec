#!/usr/bin/env python3
"""The lisa-rnd model in NumPy: what a careful analyst would write in a notebook (issue 6).

    python3 tests/bench/lisa_numpy.py REPLICATIONS [--chunk C] [--seed S] [--samples FILE]

The same model as nascost on scenarios/lisa-rnd.yaml (the inputs and their distributions are
printed by `nascost run scenarios/lisa-rnd.yaml -f json`, "inputs"), vectorised over blocks of
C replications x 4,789 trials: per replication the site (PUE, grid intensity, electricity
price), the GPU-hour price, the job-length spread, the mean power fraction, the host power
and each GPU's speed and embodied carbon; per trial the GPU (72% Titan X, 28% M40), the job
length (a lognormal cut to [3 min, 9 d], by rejection), the power fraction (a beta), a 3%
crash part-way (uniform); then first-come first-served list scheduling of the 123 batches
onto 60 GPUs, one trial at a time for all replications of the block at once.

It uses NumPy's own generator (PCG64), so its draws are not nascost's: the two agree in
distribution, within Monte Carlo error (the bench checks it). Prints one line of JSON: the
seconds spent (imports and start-up excluded) and, per metric, mean, sd, P5, P50, P95.
"""
import argparse
import json
import sys
import time

import numpy as np

TRIALS = 4789
GPUS = 60
BATCHES = 123
OVER_H = 172 * 24.0
DEADLINE_H = 180 * 24.0
Z95 = 1.6448536269514722
MIX = 0.72              # Titan X (Pascal) share; the rest run on M40s
TDP_W = (250.0, 250.0)  # Titan X, M40 (models/hardware.yaml)
FAIL_P = 0.03
DUR_MIN_H, DUR_MAX_H = 0.05, 216.0


def lognormal_p5_p95(rng, p5, p95, size):
    mu = 0.5 * (np.log(p5) + np.log(p95))
    sigma = (np.log(p95) - np.log(p5)) / (2.0 * Z95)
    return rng.lognormal(mu, sigma, size)


def pert(rng, lo, mode, hi, size):
    a = 1.0 + 4.0 * (mode - lo) / (hi - lo)
    b = 1.0 + 4.0 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * rng.beta(a, b, size)


def truncated_lognormal(rng, mu, sigma, lo, hi, shape):
    """Lognormal(mu, sigma) per row, cut to [lo, hi] by redrawing what falls outside."""
    x = np.exp(mu[:, None] + sigma[:, None] * rng.standard_normal(shape))
    bad = (x < lo) | (x > hi)
    while bad.any():
        rows = np.nonzero(bad)[0]
        x[bad] = np.exp(mu[rows] + sigma[rows] * rng.standard_normal(rows.size))
        bad = (x < lo) | (x > hi)
    return x


def block(rng, m):
    """Metrics of m replications: a dict of arrays of length m."""
    # per replication: the systematic inputs
    pue = rng.triangular(1.3, 1.58, 2.0, m)
    ci = lognormal_p5_p95(rng, 0.38, 0.48, m)               # kg/kWh
    usd_kwh = pert(rng, 0.08, 0.12, 0.15, m)
    usd_gpu_h = rng.uniform(0.43, 1.46, m)
    sd = rng.uniform(40.0, 80.0, m)                          # job length: mean 57 h
    sigma2 = np.log1p((sd / 57.0) ** 2)
    mu, sigma = np.log(57.0) - 0.5 * sigma2, np.sqrt(sigma2)
    pf_mean = rng.uniform(0.6, 0.9, m)                       # power fraction: beta, sd 0.05
    nu = pf_mean * (1.0 - pf_mean) / 0.05 ** 2 - 1.0
    host_w = lognormal_p5_p95(rng, 40.0, 90.0, m)
    speed = np.stack([rng.uniform(0.3, 0.65, m), rng.uniform(0.18, 0.45, m)], 1)
    emb = np.stack([rng.uniform(150.0, 500.0, m) / (rng.uniform(35040.0, 52560.0, m) *
                                                    rng.uniform(0.5, 0.9, m))
                    for _ in range(2)], 1)                   # kg CO2e per GPU-hour
    # the mix's average job length is the stage's: scale by speed against the mix's mean
    scale = 1.0 / (speed * (MIX / speed[:, :1] + (1.0 - MIX) / speed[:, 1:]))

    # per trial
    shape = (m, TRIALS)
    m40 = rng.random(shape) >= MIX
    work = truncated_lognormal(rng, mu, sigma, DUR_MIN_H, DUR_MAX_H, shape)
    work *= np.where(m40, scale[:, 1:], scale[:, :1])
    pf = rng.beta((pf_mean * nu)[:, None], ((1.0 - pf_mean) * nu)[:, None], shape)
    failed = rng.random(shape) < FAIL_P
    at = rng.random(shape)
    wall = np.where(failed, work * at, work)
    node_w = np.where(m40, TDP_W[1], TDP_W[0]) * pf + host_w[:, None]

    gpu_h_m40 = (wall * m40).sum(1)
    gpu_hours = wall.sum(1)
    it_kwh = (wall * node_w).sum(1) / 1000.0
    facility = it_kwh * pue
    op = facility * ci
    embodied = (gpu_hours - gpu_h_m40) * emb[:, 0] + gpu_h_m40 * emb[:, 1]

    # the calendar: batch b submitted at b * 172 d / 123, first come first served on 60 GPUs
    t = np.arange(TRIALS)
    ready = np.floor(t * BATCHES / TRIALS) * OVER_H / BATCHES
    free = np.zeros((m, GPUS))
    end = np.zeros(m)
    rows = np.arange(m)
    for j in range(TRIALS):
        g = free.argmin(1)
        start = np.maximum(free[rows, g], ready[j])
        free[rows, g] = start + wall[:, j]
        np.maximum(end, free[rows, g], out=end)

    return {
        "gpu_hours": gpu_hours,
        "it_kwh": it_kwh,
        "facility_kwh": facility,
        "co2e_operational_kg": op,
        "co2e_embodied_kg": embodied,
        "co2e_kg": op + embodied,
        "cloud_usd": gpu_hours * usd_gpu_h,
        "electricity_usd": facility * usd_kwh,
        "failed_trials": failed.sum(1).astype(float),
        "makespan_days": end / 24.0,
        "on_time": (end <= DEADLINE_H).astype(float),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("replications", type=int)
    ap.add_argument("--chunk", type=int, default=1000, help="replications per block")
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--samples", help="also write the per-replication metrics here (.npz)")
    args = ap.parse_args()
    if args.replications < 1 or args.chunk < 1:
        ap.error("replications and --chunk must be positive")

    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    parts = []
    left = args.replications
    while left > 0:
        m = min(args.chunk, left)
        parts.append(block(rng, m))
        left -= m
    metrics = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    seconds = time.perf_counter() - t0

    out = {"replications": args.replications, "trials": args.replications * TRIALS,
           "seconds": seconds, "trials_per_s": args.replications * TRIALS / seconds,
           "numpy": np.__version__, "metrics": {}}
    for k, v in metrics.items():
        p5, p50, p95 = np.quantile(v, [0.05, 0.5, 0.95])
        out["metrics"][k] = {"mean": float(v.mean()), "sd": float(v.std(ddof=1)),
                             "p5": float(p5), "p50": float(p50), "p95": float(p95)}
    if args.samples:
        np.savez(args.samples, **metrics)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
