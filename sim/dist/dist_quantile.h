/*
 * dist_quantile.h - quantiles of a distribution (dist_quantile.c).
 */
#ifndef NC_DIST_QUANTILE_H
#define NC_DIST_QUANTILE_H

#include "dist/dist.h"

/* The p-quantile (p in [0, 1]) of the (truncated) distribution: the inverse CDF for continuous
 * kinds, the generalised inverse min{x : F(x) >= p} for discrete ones. Bounded in time for any
 * parameters the constructors accept (at most a few hundred CDF evaluations: dist_quantile.c);
 * NaN when p is NaN or outside [0, 1], or when it could not be computed. */
double nc_dist_quantile(const nc_dist *d, double p);

/* ---- private to sim/dist/ */

/* Triangular(min, mode, max) inverse CDF at 'p' in [0, 1], closed form; also the triangular
 * sampler. */
double nc_dist__triangular_quantile(const nc_dist *d, double p);

/* The p-quantile (p in [0, 1]) of a truncated continuous distribution, computed from the
 * accurate side and kept inside [lo, hi]; also the inverse-CDF sampler. */
double nc_dist__continuous_quantile(const nc_dist *d, double p);

#endif
