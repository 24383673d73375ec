/*
 * dist_trunc.c - truncation of an nc_dist to [lo, hi] (dist_trunc.h): the kept support, its
 * F(lo) and F(hi) (through the untruncated CDFs of dist_cdf.c), and the check that it keeps
 * some probability.
 */
#include "dist/dist_trunc.h"

#include <math.h>

#include "dist/dist_cdf.h"
#include "dist/dist_impl.h"

/* Truncation to less than this much probability is an error (dist_trunc.h). */
#define MIN_KEPT_MASS 1e-12

/* Kept mass of a continuous distribution on [lo, hi], from the accurate side. */
static double continuous_mass(const nc_dist *d)
{
    if (d->cdf_lo > 0.5)
        return nc_dist__base_sf(d, d->lo) - nc_dist__base_sf(d, d->hi);
    return d->cdf_hi - d->cdf_lo;
}

/* Set cdf_lo, cdf_hi and truncated for the support [d->lo, d->hi]; return the kept mass. */
static double apply_bounds(nc_dist *d)
{
    size_t below, upto;
    switch (d->kind) {
    case NC_DIST_FIXED:
        d->cdf_lo = 0.0;
        d->cdf_hi = 1.0;
        d->truncated = 0;
        return 1.0;
    case NC_DIST_EMPIRICAL:
        below = count_below(d->values, d->n, d->lo, 0);
        upto = count_below(d->values, d->n, d->hi, 1);
        d->cdf_lo = (double)below / (double)d->n;
        d->cdf_hi = (double)upto / (double)d->n;
        d->truncated = below > 0 || upto < d->n;
        return (double)(upto - below) / (double)d->n;
    case NC_DIST_CHOICE:
        d->cdf_lo = choice_mass_within(d, -HUGE_VAL, nextafter(d->lo, -HUGE_VAL));
        d->cdf_hi = choice_mass_within(d, -HUGE_VAL, d->hi);
        d->truncated =
            choice_mass_within(d, -HUGE_VAL, HUGE_VAL) > choice_mass_within(d, d->lo, d->hi);
        return choice_mass_within(d, d->lo, d->hi);
    default:
        d->cdf_lo = nc_dist__base_cdf(d, d->lo);
        d->cdf_hi = nc_dist__base_cdf(d, d->hi);
        d->truncated = d->cdf_lo > 0.0 || nc_dist__base_sf(d, d->hi) > 0.0;
        return continuous_mass(d);
    }
}

/*
 * Bound 'd' to [lo, hi] intersected with its current support. 'd' is left unchanged on
 * error: NaN bounds, lo > hi, or a kept mass below 1e-12.
 */
int nc_dist_truncate(nc_dist *d, double lo, double hi, nc_error *err)
{
    const char *kind = nc_dist_kind_name(d->kind);
    if (isnan(lo) || isnan(hi))
        return nc_error_set(err, NC_EINPUT, "%s: bounds min %g and max %g must be numbers", kind,
                            lo, hi);
    if (lo > hi)
        return nc_error_set(err, NC_EINPUT, "%s: min %g must not be greater than max %g", kind, lo,
                            hi);
    nc_dist t = *d;
    t.lo = fmax(d->lo, lo);
    t.hi = fmin(d->hi, hi);
    double mass = t.lo <= t.hi ? apply_bounds(&t) : 0.0;
    if (!(t.cdf_hi >= t.cdf_lo)) /* a CDF that could not be computed consistently */
        mass = NAN;
    if (!(mass >= MIN_KEPT_MASS))
        return nc_error_set(err, NC_EINPUT,
                            "%s truncated to [%g, %g] holds no probability "
                            "(kept mass %.3g, needs at least %g)",
                            kind, lo, hi, mass, MIN_KEPT_MASS);
    *d = t;
    return 0;
}
