/*
 * precision.h - run until the estimates are precise enough (`run --precision 1%`).
 *
 * Replications are addressed by index, so more can be added to a run: the first round runs
 * replications [0, n), the next [n, n'), and the result is the same as one run of n'
 * replications. After each round the relative Monte Carlo standard error of the mean, P5 and
 * P95 of the pipeline's headline totals (GPU-hours, facility energy, CO2e, costs) is
 * compared with the target, and nc_mcse_next_n plans the next round. Deterministic: the
 * same scenario and seed always stop at the same count.
 */
#ifndef NC_PRECISION_H
#define NC_PRECISION_H

#include "engine/engine.h"

#define NC_PRECISION_FIRST 1000 /* replications in the first round (unless -n says more) */
#define NC_PRECISION_CHUNK 1000

typedef struct nc_precision {
    double target;   /* relative standard error asked for, e.g. 0.01 */
    double achieved; /* the largest relative standard error at the end */
    int metric;      /* the metric and statistic that set it */
    const char *statistic; /* "mean", "p5" or "p95" */
    int rounds;
    int met;         /* 1 when achieved <= target; 0 when the cap stopped it */
} nc_precision;

/*
 * Run 'sc' with 'opts' in rounds until the relative standard error of every headline total is
 * at most 'target', or 'cap' replications have run. '*out' is the whole run; '*p' says how it
 * ended. Errors as nc_engine_run.
 */
int nc_run_to_precision(nc_result **out, nc_precision *p, const nc_scenario *sc,
                        const nc_engine_opts *opts, double target, int64_t cap, nc_error *err);

#endif
