/*
 * dist_impl.h - private to sim/dist/: the conventions of an nc_dist's fields and the small
 * inline helpers the distribution files share. Not part of the public contract (that is dist.h
 * and the header of each file).
 *
 * The files: dist.c (names, constructors), dist_trunc.c (truncation), dist_incomplete.c (the
 * incomplete gamma and beta functions), dist_cdf.c (CDFs, with the untruncated closed forms),
 * dist_quantile.c (quantiles, with the root solver), dist_sample.c and dist_batch.c (drawing),
 * dist_moments.c (mean and variance).
 *
 * Conventions:
 *  - lo, hi always hold the support: the natural one (e.g. [0, inf) for a gamma, [low, high]
 *    for a uniform, [min value, max value] for an empirical) intersected with any truncation.
 *  - cdf_lo = P(X < lo) and cdf_hi = P(X <= hi) of the untruncated distribution, so that the
 *    kept mass is cdf_hi - cdf_lo for discrete kinds too (for continuous kinds these are
 *    F(lo) and F(hi)).
 *  - Where [lo, hi] lies in the upper half (cdf_lo > 0.5), truncated CDFs, quantiles and
 *    inverse-CDF draws work with the survival function S = 1 - F, which keeps full relative
 *    precision in the upper tail (F near 1 does not).
 *  - Nothing here allocates (the root finder of the inverse CDFs lives on the stack); GSL
 *    errors are expected to be switched off (main does it), in which case a CDF or inverse
 *    that cannot be computed yields NaN, which propagates rather than being hidden.
 *
 * Small helpers are static inline here; larger ones are defined once, named nc_dist__<what>,
 * and declared in their file's header (dist_incomplete.h, dist_cdf.h, dist_quantile.h,
 * dist_sample.h).
 */
#ifndef NC_DIST_IMPL_H
#define NC_DIST_IMPL_H

#include <math.h>
#include <stddef.h>

#include "dist/dist.h"

/* ---------------------------------------------------------------- continuous kinds */

/* The constants of the Marsaglia-Tsang gamma sampler for 'shape' (dist_sample.c):
 * g[0] = s - 1/3 and g[1] = 1 / sqrt(9 g[0]) for s = shape, or s = shape + 1 when shape < 1,
 * whose draws are then multiplied by U^(1/shape): g[2] = 1/shape, else 0. */
static inline void nc_dist__gamma_constants(double shape, double g[3])
{
    double s = shape < 1.0 ? shape + 1.0 : shape;
    g[0] = s - 1.0 / 3.0;
    g[1] = 1.0 / sqrt(9.0 * g[0]);
    g[2] = shape < 1.0 ? 1.0 / shape : 0.0;
}

/* Where x falls in a PERT's [min, max], as a fraction of the width. */
static inline double pert_unit(const nc_dist *d, double x)
{
    return (x - d->p1) / (d->p3 - d->p1);
}

/* ---------------------------------------------------------------- discrete kinds */

/* The normalised weight of choice value i. */
static inline double choice_weight(const nc_dist *d, size_t i)
{
    return i == 0 ? d->cum[0] : d->cum[i] - d->cum[i - 1];
}

/* How many of the sorted values are < x (strict) or <= x. */
static inline size_t count_below(const double *sorted, size_t n, double x, int or_equal)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < x || (or_equal && sorted[mid] == x))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Indices [first, end) of the empirical values kept by the truncation. */
static inline size_t empirical_first(const nc_dist *d)
{
    return (size_t)(d->cdf_lo * (double)d->n + 0.5);
}

static inline size_t empirical_end(const nc_dist *d)
{
    return (size_t)(d->cdf_hi * (double)d->n + 0.5);
}

/* Total weight of the choice values in [lo, hi]. */
static inline double choice_mass_within(const nc_dist *d, double lo, double hi)
{
    double mass = 0.0;
    for (size_t i = 0; i < d->n; i++)
        if (d->values[i] >= lo && d->values[i] <= hi)
            mass += choice_weight(d, i);
    return mass;
}

#endif
