/*
 * dist_cdf.h - the CDF of a distribution (dist_cdf.c).
 */
#ifndef NC_DIST_CDF_H
#define NC_DIST_CDF_H

#include "dist/dist.h"

/* P(X <= x) of the (truncated) distribution; NaN for a NaN 'x'. Bounded in time for any
 * parameters the constructors accept; NaN means it could not be computed. */
double nc_dist_cdf(const nc_dist *d, double x);

/* The probability that a draw underflows to exactly 0 (gamma, lognormal; 0 for other kinds). */
double nc_dist_underflow_mass(const nc_dist *d);

/* ---- private to sim/dist/ */

/* F(x) of the untruncated continuous distribution. */
double nc_dist__base_cdf(const nc_dist *d, double x);

/* S(x) = 1 - F(x) of the untruncated continuous distribution, accurate in the upper tail. */
double nc_dist__base_sf(const nc_dist *d, double x);

#endif
