/*
 * dist_sample.c - one draw from an nc_dist (dist.h): GSL's fast samplers for untruncated
 * distributions; for truncated ones the inverse CDF on [F(lo), F(hi)] or, where the kept mass
 * is large and the quantile slow, rejection. Never clamps.
 */
#include "dist.h"

#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "dist_impl.h"

/* Truncated gamma/beta/PERT draws use rejection from the fast sampler when at least this
 * much mass is kept (expected tries <= 4), else the inverse CDF. */
#define REJECTION_MIN_MASS 0.25
#define REJECTION_MAX_TRIES 1000
/* Normals and lognormals have a cheap quantile (Wichura 1988, AS241), but a ziggurat draw is
 * cheaper still (Marsaglia & Tsang 2000): rejection wins while the expected number of tries,
 * 1 / kept mass, stays near 1. lisa-rnd's job lengths keep ~98% of their mass. */
#define REJECTION_FAST_MASS 0.9

/* The first index i with u < cum[i]: linear for short lists, binary search otherwise. */
static size_t choice_index(const nc_dist *d, double u)
{
    size_t lo = 0, hi = d->n - 1;
    if (d->n <= 8) {
        while (lo < hi && !(u < d->cum[lo]))
            lo++;
        return lo;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < d->cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static double sample_empirical(const nc_dist *d, gsl_rng *r)
{
    size_t first = empirical_first(d), count = empirical_end(d) - first;
    size_t i = (size_t)(gsl_rng_uniform(r) * (double)count);
    return d->values[first + (i < count ? i : count - 1)];
}

static double sample_untruncated(const nc_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
        return d->p1;
    case NC_DIST_UNIFORM:
        return d->p1 + (d->p2 - d->p1) * gsl_rng_uniform(r);
    case NC_DIST_NORMAL:
        return d->p1 + gsl_ran_gaussian_ziggurat(r, d->p2);
    case NC_DIST_LOGNORMAL:
        return exp(d->p1 + d->p2 * gsl_ran_gaussian_ziggurat(r, 1.0));
    case NC_DIST_GAMMA:
        return gsl_ran_gamma(r, d->p1, d->p2);
    case NC_DIST_BETA:
        return gsl_ran_beta(r, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return nc_dist__triangular_quantile(d, gsl_rng_uniform(r));
    case NC_DIST_PERT:
        return d->p1 + (d->p3 - d->p1) * gsl_ran_beta(r, d->p4, d->p5);
    case NC_DIST_EMPIRICAL:
        return sample_empirical(d, r);
    case NC_DIST_CHOICE:
        return d->values[choice_index(d, gsl_rng_uniform(r))];
    default:
        return NAN;
    }
}

/* A draw among the choice values inside [lo, hi], in proportion to their weights. */
static double sample_choice_truncated(const nc_dist *d, gsl_rng *r)
{
    double u = gsl_rng_uniform(r) * (d->cdf_hi - d->cdf_lo), acc = 0.0, last = NAN;
    for (size_t i = 0; i < d->n; i++) {
        double w = choice_weight(d, i), v = d->values[i];
        if (w > 0.0 && v >= d->lo && v <= d->hi) {
            acc += w;
            last = v;
            if (u < acc)
                return v;
        }
    }
    return last; /* u rounded up to the kept total */
}

/* Rejection from the untruncated sampler, exact and cheap when much mass is kept. */
static double sample_rejection(const nc_dist *d, gsl_rng *r)
{
    for (int i = 0; i < REJECTION_MAX_TRIES; i++) {
        double x = sample_untruncated(d, r);
        if (x >= d->lo && x <= d->hi)
            return x;
    }
    return nc_dist__continuous_quantile(d, gsl_rng_uniform(r));
}

static double sample_truncated(const nc_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
    case NC_DIST_EMPIRICAL:
        return sample_untruncated(d, r);
    case NC_DIST_CHOICE:
        return sample_choice_truncated(d, r);
    case NC_DIST_UNIFORM:
        return d->lo + (d->hi - d->lo) * gsl_rng_uniform(r);
    case NC_DIST_GAMMA:
    case NC_DIST_BETA:
    case NC_DIST_PERT:
        if (d->cdf_hi - d->cdf_lo >= REJECTION_MIN_MASS)
            return sample_rejection(d, r);
        return nc_dist__continuous_quantile(d, gsl_rng_uniform(r));
    case NC_DIST_NORMAL:
    case NC_DIST_LOGNORMAL:
        if (d->cdf_hi - d->cdf_lo >= REJECTION_FAST_MASS)
            return sample_rejection(d, r);
        return nc_dist__continuous_quantile(d, gsl_rng_uniform(r));
    default:
        return nc_dist__continuous_quantile(d, gsl_rng_uniform(r));
    }
}

/*
 * One draw from 'd' using only 'r'. Untruncated continuous kinds use GSL's fast samplers
 * (ziggurat normals, Marsaglia-Tsang gammas); truncated ones use the inverse CDF on
 * [F(lo), F(hi)] or, for gamma/beta/PERT keeping >= 25% of the mass and normal/lognormal
 * keeping >= 90%, rejection. Never clamps.
 */
double nc_dist_sample(const nc_dist *d, gsl_rng *r)
{
    return d->truncated ? sample_truncated(d, r) : sample_untruncated(d, r);
}
