/*
 * dist_trunc.h - truncation of a distribution (dist_trunc.c).
 *
 * Any distribution may be bounded to [lo, hi]. A truncated distribution is sampled exactly
 * (inverse CDF on [F(lo), F(hi)] where the quantile is cheap, rejection where it is not and the
 * kept mass is large: dist_sample.c), never by clamping.
 */
#ifndef NC_DIST_TRUNC_H
#define NC_DIST_TRUNC_H

#include "base/error.h"
#include "dist/dist.h"

/*
 * Bound 'd' to [lo, hi] (either may be -HUGE_VAL/HUGE_VAL). Intersects with any earlier
 * bounds. Returns NC_EINPUT if lo > hi or if the interval holds no probability mass (a fixed
 * value outside it, or a continuous distribution with F(hi) - F(lo) < 1e-12).
 */
int nc_dist_truncate(nc_dist *d, double lo, double hi, nc_error *err);

#endif
