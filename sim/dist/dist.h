/*
 * dist.h - concrete probability distributions: the nc_dist type, its kinds and constructors.
 *
 * An nc_dist is a distribution whose parameters are numbers, in canonical units, converted
 * at construction from the way a user writes them (mean and sd, median and gsd, P5 and P95,
 * ...). The scenario layer (input.h) builds one per input and replication, drawing any
 * parameter that is itself uncertain; the engine then samples trials from it. Constructing
 * allocates nothing, so it can run inside the replication loop.
 *
 * What works on an nc_dist has a header each: truncation (dist_trunc.h), CDF (dist_cdf.h),
 * quantiles (dist_quantile.h), mean and variance (dist_moments.h), one draw (dist_sample.h),
 * one draw per trial for a batch of trials (dist_batch.h).
 *
 *   kind                 p1, p2, p3 after construction
 *   NC_DIST_FIXED        value
 *   NC_DIST_UNIFORM      low, high
 *   NC_DIST_NORMAL       mu, sigma
 *   NC_DIST_LOGNORMAL    mu, sigma of log(X)
 *   NC_DIST_GAMMA        shape k, scale theta
 *   NC_DIST_BETA         alpha, beta (on [0, 1])
 *   NC_DIST_TRIANGULAR   min, mode, max
 *   NC_DIST_PERT         min, mode, max (a beta on [min, max], lambda = 4; alpha/beta kept
 *                        in p4, p5)
 *   NC_DIST_EMPIRICAL    values (sorted ascending) and their count, drawn uniformly
 *   NC_DIST_CHOICE       values with weights (normalised cumulative weights)
 */
#ifndef NC_DIST_H
#define NC_DIST_H

#include <stddef.h>

#include "base/error.h"

typedef enum nc_dist_kind {
    NC_DIST_FIXED = 0,
    NC_DIST_UNIFORM,
    NC_DIST_NORMAL,
    NC_DIST_LOGNORMAL,
    NC_DIST_GAMMA,
    NC_DIST_BETA,
    NC_DIST_TRIANGULAR,
    NC_DIST_PERT,
    NC_DIST_EMPIRICAL,
    NC_DIST_CHOICE,
    NC_DIST__COUNT
} nc_dist_kind;

typedef struct nc_dist {
    nc_dist_kind kind;
    double p1, p2, p3, p4, p5; /* canonical parameters: see the table above */
    double lo, hi;             /* support after truncation (-HUGE_VAL/HUGE_VAL when open) */
    double cdf_lo, cdf_hi;     /* F(lo), F(hi) of the untruncated distribution */
    int truncated;             /* 1 when [lo, hi] cuts off any mass */
    const double *values;      /* EMPIRICAL: sorted values; CHOICE: values (borrowed) */
    const double *cum;         /* CHOICE: cumulative normalised weights, cum[n-1] == 1 */
    size_t n;
    double g[6];               /* GAMMA, BETA, PERT: the samplers' constants (dist_sample.c) */
} nc_dist;

/* The kind's name as written in a scenario ("lognormal", ...), and back; -1 if unknown. */
const char *nc_dist_kind_name(nc_dist_kind kind);
int nc_dist_kind_lookup(const char *name);

/*
 * Constructors. Each fills '*d' (untruncated) from the user's parameterisation and returns 0,
 * or NC_EINPUT with a message naming the bad parameter and the rule it breaks (sd > 0,
 * low < high, min <= mode <= max with min < max, 0 < mean < 1 for beta, sd^2 < mean(1-mean)
 * for beta, median > 0, gsd > 1, 0 < p5 < p95, values non-empty, weights >= 0 with a positive
 * sum, every parameter finite).
 */
int nc_dist_fixed(nc_dist *d, double value, nc_error *err);
int nc_dist_uniform(nc_dist *d, double low, double high, nc_error *err);
int nc_dist_normal(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_lognormal_median_gsd(nc_dist *d, double median, double gsd, nc_error *err);
int nc_dist_lognormal_mean_sd(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_lognormal_p5_p95(nc_dist *d, double p5, double p95, nc_error *err);
int nc_dist_gamma_mean_sd(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_beta_mean_sd(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_triangular(nc_dist *d, double min, double mode, double max, nc_error *err);
int nc_dist_pert(nc_dist *d, double min, double mode, double max, nc_error *err);
/* 'sorted' must stay alive as long as 'd'; it must be sorted ascending (checked). */
int nc_dist_empirical(nc_dist *d, const double *sorted, size_t n, nc_error *err);
/* 'cum' are cumulative weights normalised so that cum[n-1] == 1 (see nc_dist_choice_cum). */
int nc_dist_choice(nc_dist *d, const double *values, const double *cum, size_t n,
                   nc_error *err);
/* Turn raw weights into normalised cumulative weights in 'cum_out' (n entries). */
int nc_dist_choice_cum(const double *weights, size_t n, double *cum_out, nc_error *err);

#endif
