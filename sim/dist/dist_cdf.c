/*
 * dist_cdf.c - the CDF of an nc_dist (dist_cdf.h): the untruncated ("base") CDF and survival
 * function of the continuous kinds in closed form or through the incomplete gamma and beta
 * functions (dist_incomplete.c), and from them, or by counting for the discrete kinds, the CDF
 * of the (truncated) distribution.
 */
#include "dist/dist_cdf.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "dist/dist_impl.h"
#include "dist/dist_incomplete.h"

/* ---------------------------------------------------------------- continuous kinds, untruncated */

/*
 * Triangular(a = min, c = mode, b = max) CDF and survival function in closed form
 * (Johnson & Kotz 1999, "Non-smooth sailing or triangular distributions revisited after some
 * 50 years", The Statistician 48(2)).
 */
/* num^2 / (d1 d2), also where the square or the product under- or overflows (a triangular
 * 1e-300 wide). */
static double square_over(double num, double d1, double d2)
{
    double sq = num * num, den = d1 * d2;
    if (isnormal(den) && (num == 0.0 || isnormal(sq))) /* not sq == 0: it may have underflowed */
        return sq / den;
    return (num / d1) * (num / d2);
}

static double triangular_cdf(const nc_dist *d, double x)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (x <= a)
        return 0.0;
    if (x >= b)
        return 1.0;
    if (x <= c)
        return square_over(x - a, b - a, c - a);
    return 1.0 - square_over(b - x, b - a, b - c);
}

static double triangular_sf(const nc_dist *d, double x)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (x >= b)
        return 0.0;
    if (x <= a)
        return 1.0;
    if (x >= c)
        return square_over(b - x, b - a, b - c);
    return 1.0 - square_over(x - a, b - a, c - a);
}

/* (x - mu) / sigma of a normal, also where x - mu overflows (x = -1.8e308, mu = 1e300); GSL's
 * gaussian CDFs compute the same quotient. */
static double normal_z(const nc_dist *d, double x)
{
    double dx = x - d->p1;
    return isfinite(dx) || !isfinite(x) ? dx / d->p2 : x / d->p2 - d->p1 / d->p2;
}

/* F(x) of the untruncated continuous distribution. */
double nc_dist__base_cdf(const nc_dist *d, double x)
{
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return x <= d->p1 ? 0.0 : x >= d->p2 ? 1.0 : (x - d->p1) / (d->p2 - d->p1);
    case NC_DIST_NORMAL:
        return gsl_cdf_ugaussian_P(normal_z(d, x));
    case NC_DIST_LOGNORMAL:
        return x <= 0.0 ? 0.0 : gsl_cdf_ugaussian_P((log(x) - d->p1) / d->p2);
    case NC_DIST_GAMMA:
        return nc_dist__gamma_P(x, d->p1, d->p2);
    case NC_DIST_BETA:
        return nc_dist__beta_P(x, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return triangular_cdf(d, x);
    case NC_DIST_PERT:
        return nc_dist__beta_P(pert_unit(d, x), d->p4, d->p5);
    default:
        return NAN;
    }
}

/* S(x) = 1 - F(x) of the untruncated continuous distribution, accurate in the upper tail. */
double nc_dist__base_sf(const nc_dist *d, double x)
{
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return x <= d->p1 ? 1.0 : x >= d->p2 ? 0.0 : (d->p2 - x) / (d->p2 - d->p1);
    case NC_DIST_NORMAL:
        return gsl_cdf_ugaussian_Q(normal_z(d, x));
    case NC_DIST_LOGNORMAL:
        return x <= 0.0 ? 1.0 : gsl_cdf_ugaussian_Q((log(x) - d->p1) / d->p2);
    case NC_DIST_GAMMA:
        return nc_dist__gamma_Q(x, d->p1, d->p2);
    case NC_DIST_BETA:
        return nc_dist__beta_Q(x, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return triangular_sf(d, x);
    case NC_DIST_PERT:
        return nc_dist__beta_Q(pert_unit(d, x), d->p4, d->p5);
    default:
        return NAN;
    }
}

/*
 * P(X < the smallest positive double) of the untruncated distribution: the share of draws
 * that come out as exact zeros because the value underflows. Gamma: P(a, m / theta)
 * (m = 2^-1074; nc_dist__gamma_P takes the series' leading term where m / theta itself
 * underflows); lognormal: Phi((ln m - mu) / sigma). 0 for the other kinds.
 */
double nc_dist_underflow_mass(const nc_dist *d)
{
    const double m = 0x1p-1074, ln_m = -1074.0 * M_LN2;
    switch (d->kind) {
    case NC_DIST_GAMMA:
        return nc_dist__gamma_P(m, d->p1, d->p2);
    case NC_DIST_LOGNORMAL:
        return gsl_cdf_ugaussian_P((ln_m - d->p1) / d->p2);
    default:
        return 0.0;
    }
}

/* ---------------------------------------------------------------- truncated */

/* The kept mass summed directly, not as cdf_hi - cdf_lo: that difference loses the kept
 * weights' relative precision when a large weight lies below lo (1e-11 of a kept mass of
 * 1e-5), and the largest kept value would then not reach F = 1. */
static double choice_cdf(const nc_dist *d, double x)
{
    return fmin(1.0, choice_mass_within(d, d->lo, x) / choice_mass_within(d, d->lo, d->hi));
}

static double empirical_cdf(const nc_dist *d, double x)
{
    size_t first = empirical_first(d), end = empirical_end(d);
    size_t upto = count_below(d->values, d->n, x, 1);
    return (double)(upto - first) / (double)(end - first);
}

/* Kept in [0, 1] against rounding (GSL's incomplete gamma can return 1 + 4e-16). */
static double continuous_cdf(const nc_dist *d, double x)
{
    double f;
    if (d->cdf_lo <= 0.5) {
        f = (nc_dist__base_cdf(d, x) - d->cdf_lo) / (d->cdf_hi - d->cdf_lo);
    } else {
        double s_lo = nc_dist__base_sf(d, d->lo);
        f = (s_lo - nc_dist__base_sf(d, x)) / (s_lo - nc_dist__base_sf(d, d->hi));
    }
    return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}

/* P(X <= x) for the (truncated) distribution; NaN for a NaN 'x'. */
double nc_dist_cdf(const nc_dist *d, double x)
{
    if (isnan(x))
        return NAN;
    if (x < d->lo)
        return 0.0;
    if (x >= d->hi)
        return 1.0;
    switch (d->kind) {
    case NC_DIST_FIXED:
        return x < d->p1 ? 0.0 : 1.0;
    case NC_DIST_EMPIRICAL:
        return empirical_cdf(d, x);
    case NC_DIST_CHOICE:
        return choice_cdf(d, x);
    default:
        return continuous_cdf(d, x);
    }
}
