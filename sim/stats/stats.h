/*
 * stats.h - summaries of per-replication samples: mean, sd, standard error of the mean,
 * min, max and the P5, P50, P95 quantiles (GSL's interpolated quantile of sorted data,
 * Hyndman & Fan 1996 type 7), and the Monte Carlo standard errors of those quantiles.
 */
#ifndef NC_STATS_H
#define NC_STATS_H

#include <stddef.h>

#include "engine/engine.h"

/* nc_summary (mean, sd, se, min, max, P5, P50, P95 and the quantiles' Monte Carlo standard
 * errors, NaN below NC_MCSE_MIN_N replications: mcse.h) is the public one (nascost.h). */

/* Summarise 'n' values at 'x' spaced 'stride' apart. 'scratch' holds 'n' doubles. With n == 1,
 * sd and se are 0. */
void nc_stats_summarise(nc_summary *out, const double *x, size_t n, size_t stride,
                        double *scratch);

/*
 * Summaries of every row (stages, then the total) and metric of 'res' into 'out', which holds
 * res->n_rows * NC_M__COUNT entries (row-major). Returns 0 or NC_ENOMEM.
 */
int nc_stats_result(nc_summary *out, const nc_result *res, nc_error *err);

/* Run, then summarise: the summaries of every row and metric of 'res' into res->summary
 * (nc_stats_result), replacing any it had. NC_ENOMEM. */
int nc_stats_attach(nc_result *res, nc_error *err);

/* The summary of the ratio of a metric to a constant (an equivalent): each field divided. */
nc_summary nc_stats_scale(const nc_summary *s, double divisor);

#endif
