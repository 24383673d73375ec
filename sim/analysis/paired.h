/*
 * paired.h - runs of scenario variants with common random numbers, compared replication by
 * replication against the first (DESIGN.md, "Randomness": paired). Used by `compare` (one
 * run per variant file) and `sweep` (one run per value of the varied inputs).
 *
 * Because the variants share every draw of every input they share, the difference B - A in
 * each replication holds only what the change caused: its band is far tighter than the
 * difference of two independent bands.
 */
#ifndef NC_PAIRED_H
#define NC_PAIRED_H

#include <stddef.h>

#include "engine/engine.h"
#include "stats/stats.h"

typedef struct nc_paired {
    nc_summary diff;  /* B - A, per replication */
    nc_summary ratio; /* B / A over the replications where A != 0 */
    double p_lower;   /* fraction of replications where B < A */
    double p_equal;   /* ... where B == A exactly */
    int has_ratio;    /* 0 when A was 0 in every replication */
} nc_paired;

typedef struct nc_versus {
    size_t n;                /* runs; runs[0] is the baseline */
    const char **labels;     /* a name per run ("asha", "trials=1000") */
    nc_result **runs;
    nc_summary **sums;       /* per run: n_rows x NC_M__COUNT summaries (row-major) */
    nc_paired *pairs;        /* per run i >= 1 and metric: pairs[(i-1) * NC_M__COUNT + m] */
} nc_versus;

/* Paired statistics of metric 'm' of the totals of 'b' against 'a', which must have been run
 * over the same replications. NC_EINPUT if they were not. */
int nc_paired_compute(nc_paired *out, const nc_result *a, const nc_result *b, int m,
                      nc_error *err);

/* An empty comparison of 'n' runs (labels, runs and sums are filled by the caller). */
int nc_versus_alloc(nc_versus **out, size_t n, nc_error *err);

/* Compute every run's summaries and the pairs against run 0. */
int nc_versus_compute(nc_versus *v, nc_error *err);

/* Free the runs, summaries and pairs (not the labels' strings, nor the scenarios). */
void nc_versus_free(nc_versus *v);

#endif
