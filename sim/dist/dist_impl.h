/*
 * dist_impl.h - private to sim/dist*.c: the conventions of an nc_dist's fields and the helpers
 * the distribution files share. Not part of the public contract (that is dist.h).
 *
 * The files: dist.c (names, constructors, truncation), dist_cdf.c (CDF and quantiles, with the
 * untruncated closed forms), dist_sample.c (drawing), dist_moments.c (mean and variance).
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
 * Small helpers are static inline here; larger ones are defined once (in dist_cdf.c) and named
 * nc_dist__<what>.
 */
#ifndef NC_DIST_IMPL_H
#define NC_DIST_IMPL_H

#include <math.h>
#include <stddef.h>

#include <gsl/gsl_cdf.h>

#include "dist/dist.h"

/* ---------------------------------------------------------------- continuous kinds */

/*
 * The regularised incomplete gamma and beta functions as CDFs: P(X <= x) and P(X > x) for
 * X ~ Gamma(shape, scale) and X ~ Beta(a, b), for any x and any shapes the constructors accept
 * (GSL's functions where they are right, an Edgeworth expansion or a series' leading term
 * where they are not: dist_cdf.c).
 */
double nc_dist__gamma_P(double x, double shape, double scale);
double nc_dist__gamma_Q(double x, double shape, double scale);
double nc_dist__beta_P(double x, double a, double b);
double nc_dist__beta_Q(double x, double a, double b);

/* ---------------------------------------------------------------- sampling */

/* Truncated gamma/beta/PERT draws use rejection from the fast sampler when at least this
 * much mass is kept (expected tries <= 4), else the inverse CDF. */
#define REJECTION_MIN_MASS 0.25
/* Normals and lognormals have a cheap quantile (Wichura 1988, AS241), but a ziggurat draw is
 * cheaper still (Marsaglia & Tsang 2000): rejection wins while the expected number of tries,
 * 1 / kept mass, stays near 1. lisa-rnd's job lengths keep ~98% of their mass. */
#define REJECTION_FAST_MASS 0.9

/* Whether a truncated draw from 'd' is by rejection (the untruncated sampler until a value
 * falls inside [lo, hi]) rather than the inverse CDF. */
static inline int nc_dist__by_rejection(const nc_dist *d)
{
    double kept = d->cdf_hi - d->cdf_lo;
    switch (d->kind) {
    case NC_DIST_GAMMA:
    case NC_DIST_BETA:
    case NC_DIST_PERT:
        return kept >= REJECTION_MIN_MASS;
    case NC_DIST_NORMAL:
    case NC_DIST_LOGNORMAL:
        return kept >= REJECTION_FAST_MASS;
    default:
        return 0;
    }
}

/* Rejection sampling of a truncated 'd' (nc_dist__by_rejection) from the state 's', 'tries'
 * tries having been rejected already (dist_sample.c). */
struct nc_philox;
double nc_dist__rejection(const nc_dist *d, struct nc_philox *s, int tries);

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

/* F(x) of the untruncated continuous distribution (dist_cdf.c). */
double nc_dist__base_cdf(const nc_dist *d, double x);

/* S(x) = 1 - F(x) of the untruncated continuous distribution, accurate in the upper tail
 * (dist_cdf.c). */
double nc_dist__base_sf(const nc_dist *d, double x);

/* Triangular(min, mode, max) inverse CDF at 'p' in [0, 1], closed form (dist_cdf.c); also the
 * triangular sampler. */
double nc_dist__triangular_quantile(const nc_dist *d, double p);

/* The p-quantile (p in [0, 1]) of a truncated continuous distribution, computed from the
 * accurate side and kept inside [lo, hi] (dist_cdf.c); also the inverse-CDF sampler. */
double nc_dist__continuous_quantile(const nc_dist *d, double p);

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
