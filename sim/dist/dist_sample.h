/*
 * dist_sample.h - one draw from a distribution (dist_sample.c).
 */
#ifndef NC_DIST_SAMPLE_H
#define NC_DIST_SAMPLE_H

#include <gsl/gsl_rng.h>

#include "dist/dist.h"

/* One draw. Uses only 'r', which must be an nc_rng_philox generator (rng.h); allocates
 * nothing. nc_dist_draw is the same draw from the generator's state, for the hot loop. */
double nc_dist_sample(const nc_dist *d, gsl_rng *r);
struct nc_philox;
double nc_dist_draw(const nc_dist *d, struct nc_philox *s);

/* How many Philox blocks of its stream a draw from 'd' usually reads (0 for a fixed value): the
 * engine computes that many ahead for a batch of trials (rng_batch.h, nc_philox_blocks). */
unsigned nc_dist_blocks(const nc_dist *d);

/* ---- private to sim/dist/ (dist_sample.c and dist_batch.c) */

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
 * tries having been rejected already. */
double nc_dist__rejection(const nc_dist *d, struct nc_philox *s, int tries);

#endif
