/*
 * dist_moments.h - mean and variance of a distribution (dist_moments.c).
 */
#ifndef NC_DIST_MOMENTS_H
#define NC_DIST_MOMENTS_H

#include "dist/dist.h"

/* Mean and variance of the (truncated) distribution. For truncated distributions without a
 * closed form the moments are computed by quadrature. */
double nc_dist_mean(const nc_dist *d);
double nc_dist_variance(const nc_dist *d);

#endif
