/*
 * engine.h - the Monte Carlo engine: replications of a scenario, in parallel, reproducibly.
 *
 * Each replication draws the systematic inputs once, resolves the per-trial distributions,
 * then simulates every trial of every stage from its own addressed random streams (rng.h),
 * and stores its metrics at its index in a preallocated array. Nothing depends on which
 * thread ran which replication, so results are bitwise identical for any thread count.
 * The engine never prints and never exits.
 */
#ifndef NC_ENGINE_H
#define NC_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/metrics.h"
#include "scenario/scenario.h"

#define NC_MAX_SAMPLE_BYTES (8ull << 30) /* refuse runs whose samples exceed 8 GiB */

typedef struct nc_engine_opts {
    int64_t replications;       /* 0: the scenario's own count (1 in point mode) */
    int64_t first;              /* index of the first replication (replay one by index) */
    int has_seed;
    uint64_t seed;              /* with has_seed: replaces the scenario's seed */
    int threads;                /* 0: OpenMP's default */
    int point;                  /* every input at its nominal value */
    /* Called now and then from one thread with the replications done so far. */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
    /* When it becomes non-zero the run stops (NC_EINTR): polled before each replication and
     * each batch of 64 trials, so a stop takes microseconds whatever the stages' sizes. */
    volatile sig_atomic_t *cancel;
    /* Sensitivity analyses: for each replication, fill 'n_u' uniforms that set the inputs
     * marked with nc_input.sens (see nc_draw). NULL: every input drawn as usual. */
    void (*u_of)(void *ctx, int64_t rep, double *u);
    void *u_ctx;
    size_t n_u;
    /* > 0: also keep each replication's CO2e per calendar day for this many days (figures). */
    int timeline_days;
} nc_engine_opts;

#define NC_ENGINE_OPTS_INIT                                                                        \
    {                                                                                              \
        0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0                                       \
    }
#define NC_MAX_TIMELINE_DAYS 36500

typedef struct nc_result {
    const nc_scenario *sc;
    int64_t replications;
    int64_t first;
    uint64_t seed;
    int threads;
    int point;
    size_t n_rows;       /* stages + 1: row 0 is the pipeline's total (NC_ROW_TOTAL), stage s
                            row s + 1 (nc_row_of_stage) */
    double *samples;     /* [replication][row][metric], in replication order */
    double elapsed_s;
    double trials_run;   /* trials simulated over all replications (for throughput) */
    int timeline_days;   /* 0, or the days kept per replication in 'timeline' */
    double *timeline;    /* [replication][day]: CO2e (kg) emitted that day; trials spread
                            evenly over the hours they ran; idle energy not included */
    nc_summary *summary; /* NULL, or n_rows x NC_M__COUNT summaries, row-major (nc_stats_attach);
                            owned, freed with the result */
} nc_result;

/* Run 'sc' with 'opts' (NULL for defaults) into '*out'. Errors: NC_EINPUT when drawn
 * parameters make an impossible distribution (message names the input and replication),
 * NC_ENOMEM, NC_EINTR when cancelled. */
int nc_engine_run(nc_result **out, const nc_scenario *sc, const nc_engine_opts *opts,
                  nc_error *err);

/* nc_result_free (nascost.h) frees a result, its samples, timeline and summaries. */

/* What a pilot found a replication of a scenario costs (nc_engine_estimate). */
typedef struct nc_estimate {
    double trials_per_rep;  /* trials a replication draws, on average over the pilot */
    double seconds_per_rep; /* time a replication takes on one thread */
    int threads;            /* the threads the run would use: replications run in parallel */
} nc_estimate;

/* The pilot: NC_ESTIMATE_ROUNDS rounds of NC_ESTIMATE_REPS replications on one thread, the
 * stages cut to NC_ESTIMATE_TRIALS trials between them (at least a batch of 64 each): at tens
 * of nanoseconds a trial, about a millisecond a round. The fastest round counts: on a shared
 * machine a round that lost the processor part-way measures the neighbours, not nascost. */
#define NC_ESTIMATE_ROUNDS 3
#define NC_ESTIMATE_REPS   2
#define NC_ESTIMATE_TRIALS 8192

/*
 * Time a pilot of 'sc' with 'opts' (its seed, first replication, threads, point mode, cancel
 * flag; NULL for defaults), the results thrown away. The time of a replication is scaled from
 * the trials simulated to the trials drawn, so that per-replication work counts in short
 * stages and per-trial work in long ones. It changes nothing a run then computes: a
 * replication's draws depend only on its index. Errors as nc_engine_run.
 */
int nc_engine_estimate(nc_estimate *out, const nc_scenario *sc, const nc_engine_opts *opts,
                       nc_error *err);

/* The 'timeline_days' daily CO2e values of replication 'rep' (NULL without a timeline). */
static inline double *nc_result_timeline(const nc_result *res, int64_t rep)
{
    return res->timeline ? res->timeline + (size_t)rep * (size_t)res->timeline_days : NULL;
}

/* The NC_M__COUNT metrics of replication 'rep' (0-based within the run) and row 'row'. */
static inline double *nc_result_at(const nc_result *res, int64_t rep, size_t row)
{
    return res->samples + ((size_t)rep * res->n_rows + row) * NC_M__COUNT;
}

/* The pipeline's total of replication 'rep'. */
static inline double *nc_result_total(const nc_result *res, int64_t rep)
{
    return nc_result_at(res, rep, NC_ROW_TOTAL);
}

/* Stage 's' (0-based, in the scenario's order) of replication 'rep'. */
static inline double *nc_result_stage(const nc_result *res, int64_t rep, size_t s)
{
    return nc_result_at(res, rep, nc_row_of_stage(s));
}

#endif
