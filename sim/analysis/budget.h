/*
 * budget.h - how much to ask for, and how much fits under a cap (DESIGN.md, "Who uses it":
 * planning a grant's compute budget; "Command line": `nascost budget`).
 *
 * Four questions, all answered from replications of the scenario:
 *
 *   1. How much should we ask for to be c sure it is enough? The c-quantile over replications
 *      of the pipeline's total GPU-hours, facility energy, CO2e, costs and makespan.
 *   2. Is a cap enough? P(total <= cap): the fraction of replications at or under it, with its
 *      binomial standard error sqrt(p (1 - p) / n).
 *   3. How many trials of a stage fit under a cap with confidence c? The largest N with
 *      P(total <= cap) >= c. Adding trials leaves the earlier trials' draws as they were
 *      (README, "Reproducibility"), so a summed metric (GPU-hours, energy, CO2e, costs) grows
 *      with N replication by replication and P falls: the boundary is found by bracketing and
 *      bisection over N, each probe a fresh load with `--set stages.NAME.trials=N` and a run.
 *      Metrics that depend on when trials run (makespan, idle energy, CO2e on an hourly grid)
 *      are not strictly monotone in N; the answer is checked at N and N + 1 either way.
 *   4. How many GPUs does a site's cluster need to finish by the deadline with confidence c?
 *      The fewest K with P(on time) >= c, by the same search over `sites.SITE.cluster.gpus`.
 *      List scheduling is not monotone in the number of machines (Graham 1969, "Bounds on
 *      multiprocessing timing anomalies", SIAM J. Appl. Math. 17(2), 416-429: more machines
 *      can make a schedule longer), so the answer is checked at K and K - 1 and both are
 *      reported.
 *
 * The searches choose each probe by ITP (Oliveira & Takahashi 2020, "An enhancement of the
 * bisection method average performance preserving minmax optimality", ACM TOMS 47(1), 5),
 * interpolating the c-quantile of the searched metric between the bracket's ends: on these
 * nearly linear problems it needs about half the runs of plain bisection, and never more
 * than one run more than bisection would.
 *
 * Nothing here prints; the command line (cli_budget.c) writes what nc_budget_run returns.
 */
#ifndef NC_BUDGET_H
#define NC_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "base/error.h"
#include "scenario/scenario.h"
#include "base/units.h"

#define NC_BUDGET_CONFIDENCE    0.9 /* default: "90% sure it is enough" (DESIGN.md, use 1) */
#define NC_BUDGET_MAX_PROBES    128 /* runs one search may make: brackets + ITP steps */
#define NC_BUDGET_MAX_QUANTILES 8

/* ---- caps ------------------------------------------------------------------------------------ */

typedef enum nc_cap_kind {
    NC_CAP_MASS = 0,  /* kg CO2e */
    NC_CAP_ENERGY,    /* kWh */
    NC_CAP_MONEY,     /* USD */
    NC_CAP_GPU_HOURS, /* GPU-hours: "30000gpu_h", "30000 GPU-h" */
    NC_CAP_TIME       /* hours of calendar or wait: needs an explicit metric */
} nc_cap_kind;

typedef struct nc_budget_cap {
    nc_cap_kind kind;
    double value;  /* canonical: kg, kWh, USD, GPU-hours or hours */
    char text[64]; /* as written, trimmed (for messages and tables) */
} nc_budget_cap;

/*
 * Parse a cap: a number and a unit, touching or not ("50000USD", "$50000", "20t", "80 MWh",
 * "1.5 GWh", "30000gpu_h"). Units are those of units.h for a mass, an energy, money or a time,
 * plus "gpu_h", "GPU-h", "gpu_hours", "GPU-hours" (any case) for GPU-hours. A bare number, an
 * unknown unit, another dimension and a cap that is not > 0 are NC_EINPUT with a message that
 * starts "--cap expects an amount with a unit: 50000USD, 20t, 80MWh or 30000gpu_h".
 */
int nc_budget_cap_parse(nc_budget_cap *out, const char *text, nc_error *err);

/* ---- what a cap bounds ----------------------------------------------------------------------- */

typedef struct nc_budget_metric {
    unsigned mask;     /* bit m set: metric m of the pipeline's total is part of the sum */
    const char *name;  /* "co2e_kg", "cost_usd", "electricity_usd+hardware_usd" */
    const char *label; /* for tables: "CO2e", "cost (all)" */
    const char *unit;  /* the metric's unit: "kg", "kWh", "USD", "h", "d", "" */
} nc_budget_metric;

/* A metric of metrics.h by name, or "cost_usd" (cloud + electricity + hardware). NC_EINPUT
 * with a "did you mean" for anything else. */
int nc_budget_metric_lookup(nc_budget_metric *out, const char *name, nc_error *err);

/*
 * The metric a cap bounds by default: a mass bounds co2e_kg, an energy facility_kwh,
 * GPU-hours gpu_hours; money bounds cloud_usd when any stage of 'sc' has a cloud price (per
 * GPU-hour or from the catalog), else electricity_usd + hardware_usd (electricity and owned
 * hardware, amortised). A time has no default (NC_EINPUT: use --metric).
 */
int nc_budget_metric_for_cap(nc_budget_metric *out, const nc_budget_cap *cap, const nc_scenario *sc,
                             nc_error *err);

/* The cap in the unit of 'metric' into '*out' ("180 d" for makespan_days is 180; 20 t for
 * co2e_kg is 20000). NC_EINPUT when their dimensions differ. */
int nc_budget_cap_in(double *out, const nc_budget_cap *cap, const nc_budget_metric *metric,
                     nc_error *err);

/* The value of 'metric' in replication 'rep' of 'res': the sum of the total's metrics. */
double nc_budget_value(const nc_result *res, int64_t rep, const nc_budget_metric *metric);

/* ---- statistics of one run ------------------------------------------------------------------- */

typedef struct nc_budget_amount {
    nc_budget_metric metric;
    double value; /* the c-quantile: enough in a fraction c of the replications */
    double se;    /* its Monte Carlo standard error (mcse.h); NaN below NC_MCSE_MIN_N */
    double median;
    /* The k-th smallest value, k the fewest replications with k / n >= c: a cap is enough
     * with confidence c (nc_budget_under(...).p >= c) exactly when it is >= this. */
    double decisive;
} nc_budget_amount;

/*
 * The 'confidence'-quantile of 'metric' over the replications of 'res' (GSL's interpolated
 * quantile of sorted data, Hyndman & Fan type 7, as stats.h), with its standard error and the
 * median. Returns 0 or NC_ENOMEM.
 */
int nc_budget_quantile(nc_budget_amount *out, const nc_result *res, const nc_budget_metric *metric,
                       double confidence, nc_error *err);

typedef struct nc_budget_prob {
    double p;  /* fraction of replications where the metric is <= the cap */
    double se; /* sqrt(p (1 - p) / n) */
    int64_t under, n;
} nc_budget_prob;

/* P(metric <= cap) over the replications of 'res' ('cap' in the metric's unit). */
nc_budget_prob nc_budget_under(const nc_result *res, const nc_budget_metric *metric, double cap);

/* P(on time): the fraction of replications whose pipeline ended by the deadline. */
nc_budget_prob nc_budget_on_time(const nc_result *res);

/* ---- searches -------------------------------------------------------------------------------- */

typedef struct nc_budget_opts {
    const char *path;        /* the scenario file */
    const char *const *sets; /* the user's --set PATH=VALUE, applied before the search's */
    size_t n_sets;
    const char *models_dir; /* NULL: the catalog's default */
    nc_engine_opts run;     /* replications, seed, threads, cancel */
    double confidence;      /* in (0, 1) */
    /* NULL, or a run of the scenario as given (o->sets, o->run): reused as the probe at the
     * nominal value when setting that value changes nothing, which saves one run. */
    const nc_result *base;
} nc_budget_opts;

typedef struct nc_budget_probe {
    int64_t x; /* the trial count or the cluster's GPUs this run had */
    nc_budget_prob prob;
    double q;        /* c-quantile of the capped metric, or of the makespan (d) */
    double decisive; /* its nc_budget_amount.decisive: the search interpolates this */
    int no_wait;     /* 1 when no trial waited for GPUs in any replication */
} nc_budget_probe;

typedef struct nc_budget_search {
    int met;            /* 1 when some x meets the confidence */
    int64_t x;          /* N (most trials) or K (fewest GPUs); see 'met' */
    nc_budget_probe at; /* the run at x */
    int has_beside;     /* 1 when 'beside' holds the run at x + 1 (trials) or x - 1 (GPUs) */
    nc_budget_probe beside;
    int limit;       /* 1 when the search stopped at a bound: NC_MAX_TRIALS, the GPUs one
                      * trial needs, or a cluster so large that no trial waits */
    size_t n_probes; /* every run, in the order made */
    nc_budget_probe probes[NC_BUDGET_MAX_PROBES];
    double elapsed_s;
} nc_budget_search;

/*
 * The largest trial count N of stage 'stage' such that P(metric <= cap) >= o->confidence, with
 * 'cap' in the metric's unit. Each probe loads o->path with o->sets and then
 * `stages.STAGE.trials=N`, and runs it with o->run. The search starts at the stage's nominal
 * trial count (for `trials: {of: ...}`, that fraction of the other stage's), doubles while the
 * confidence holds (up to NC_MAX_TRIALS), else brackets with N = 0, then narrows by ITP to
 * N, N + 1. When even N = 0 breaks the cap, out->met is 0 and out->x is 0.
 * Errors: NC_EINPUT for an unknown stage (with a "did you mean") or a bad scenario, the
 * engine's errors (NC_EINTR when o->run.cancel fires), NC_ENOMEM.
 */
int nc_budget_max_trials(nc_budget_search *out, const nc_budget_opts *o, const char *stage,
                         const nc_budget_metric *metric, double cap, nc_error *err);

/*
 * The fewest GPUs K of site 'site's cluster such that P(on time) >= o->confidence. The
 * scenario must have a deadline and the site a cluster (NC_EINPUT otherwise). The search
 * starts at the cluster's size, halves while the confidence holds (down to the most GPUs one
 * trial at the site needs), else doubles until it holds; when a probe has no trial waiting in
 * any replication, more GPUs cannot help and out->met is 0 (out->x is that K). Then ITP
 * narrows to K - 1, K. Errors as nc_budget_max_trials.
 */
int nc_budget_min_gpus(nc_budget_search *out, const nc_budget_opts *o, const char *site,
                       nc_error *err);

/* ---- the whole command ----------------------------------------------------------------------- */

typedef struct nc_budget_request {
    nc_budget_opts opts;
    const char *cap;    /* NULL: no cap */
    const char *metric; /* NULL: the cap's default */
    const char *stage;  /* NULL: no trial search (needs 'cap') */
    const char *site;   /* NULL: no GPU search */
} nc_budget_request;

typedef struct nc_budget {
    nc_scenario *sc; /* the scenario as given (with the user's --set) */
    nc_result *res;  /* its run */
    double confidence;
    size_t n_quantiles;
    nc_budget_amount quantiles[NC_BUDGET_MAX_QUANTILES];
    int has_cap;
    nc_budget_cap cap;
    nc_budget_metric cap_metric;
    double cap_value; /* the cap in cap_metric's unit */
    nc_budget_prob under;
    nc_budget_search *trials; /* NULL without --stage */
    const char *stage;
    nc_budget_search *gpus; /* NULL without --gpus */
    const char *site;
    double deadline_days;
    double elapsed_s; /* everything, searches included */
} nc_budget;

/*
 * Answer 'req': run the scenario as given for the quantiles (of gpu_hours, facility_kwh,
 * co2e_kg and the costs that are not zero everywhere; cost_usd when two or more are; and
 * makespan_days) and the cap's probability, then the searches asked for. '*out' is freed with
 * nc_budget_free. Errors: NC_EINPUT for a bad cap, metric, stage, site or scenario, and the
 * engine's.
 */
int nc_budget_run(nc_budget **out, const nc_budget_request *req, nc_error *err);

void nc_budget_free(nc_budget *b);

#endif
