/*
 * dist_cdf.c - CDF and quantiles of an nc_dist (dist.h): the untruncated ("base") CDF,
 * survival function and quantiles of the continuous kinds, and from them, or by counting for
 * the discrete kinds, those of the (truncated) distribution.
 */
#include "dist.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "dist_impl.h"

/* ---------------------------------------------------------------- continuous kinds, untruncated */

/*
 * Triangular(a = min, c = mode, b = max) CDF and survival function in closed form
 * (Johnson & Kotz 1999, "Non-smooth sailing or triangular distributions revisited after some
 * 50 years", The Statistician 48(2)).
 */
static double triangular_cdf(const nc_dist *d, double x)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (x <= a)
        return 0.0;
    if (x >= b)
        return 1.0;
    if (x <= c)
        return (x - a) * (x - a) / ((b - a) * (c - a));
    return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
}

static double triangular_sf(const nc_dist *d, double x)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (x >= b)
        return 0.0;
    if (x <= a)
        return 1.0;
    if (x >= c)
        return (b - x) * (b - x) / ((b - a) * (b - c));
    return 1.0 - (x - a) * (x - a) / ((b - a) * (c - a));
}

/* Inverse of triangular_cdf at 'p', and inverse of triangular_sf at 'q'. */
double nc_dist__triangular_quantile(const nc_dist *d, double p)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (p <= (c - a) / (b - a))
        return a + sqrt(p * (b - a) * (c - a));
    return b - sqrt((1.0 - p) * (b - a) * (b - c));
}

static double triangular_quantile_upper(const nc_dist *d, double q)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (q <= (b - c) / (b - a))
        return b - sqrt(q * (b - a) * (b - c));
    return a + sqrt((1.0 - q) * (b - a) * (c - a));
}

/* F(x) of the untruncated continuous distribution. */
double nc_dist__base_cdf(const nc_dist *d, double x)
{
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return x <= d->p1 ? 0.0 : x >= d->p2 ? 1.0 : (x - d->p1) / (d->p2 - d->p1);
    case NC_DIST_NORMAL:
        return gsl_cdf_gaussian_P(x - d->p1, d->p2);
    case NC_DIST_LOGNORMAL:
        return x <= 0.0 ? 0.0 : gsl_cdf_ugaussian_P((log(x) - d->p1) / d->p2);
    case NC_DIST_GAMMA:
        return gamma_P(x, d->p1, d->p2);
    case NC_DIST_BETA:
        return gsl_cdf_beta_P(x, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return triangular_cdf(d, x);
    case NC_DIST_PERT:
        return gsl_cdf_beta_P(pert_unit(d, x), d->p4, d->p5);
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
        return gsl_cdf_gaussian_Q(x - d->p1, d->p2);
    case NC_DIST_LOGNORMAL:
        return x <= 0.0 ? 1.0 : gsl_cdf_ugaussian_Q((log(x) - d->p1) / d->p2);
    case NC_DIST_GAMMA:
        return gamma_Q(x, d->p1, d->p2);
    case NC_DIST_BETA:
        return gsl_cdf_beta_Q(x, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return triangular_sf(d, x);
    case NC_DIST_PERT:
        return gsl_cdf_beta_Q(pert_unit(d, x), d->p4, d->p5);
    default:
        return NAN;
    }
}

/* F^-1(p) of the untruncated continuous distribution, p in [0, 1]. */
static double base_quantile(const nc_dist *d, double p)
{
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return d->p1 + p * (d->p2 - d->p1);
    case NC_DIST_NORMAL:
        return d->p1 + gsl_cdf_gaussian_Pinv(p, d->p2);
    case NC_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(p, d->p1, d->p2);
    case NC_DIST_GAMMA:
        return gsl_cdf_gamma_Pinv(p, d->p1, d->p2);
    case NC_DIST_BETA:
        return gsl_cdf_beta_Pinv(p, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return nc_dist__triangular_quantile(d, p);
    case NC_DIST_PERT:
        return d->p1 + (d->p3 - d->p1) * gsl_cdf_beta_Pinv(p, d->p4, d->p5);
    default:
        return NAN;
    }
}

/* S^-1(q) = F^-1(1 - q) of the untruncated continuous distribution, q in [0, 1]. */
static double base_quantile_upper(const nc_dist *d, double q)
{
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return d->p2 - q * (d->p2 - d->p1);
    case NC_DIST_NORMAL:
        return d->p1 + gsl_cdf_gaussian_Qinv(q, d->p2);
    case NC_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Qinv(q, d->p1, d->p2);
    case NC_DIST_GAMMA:
        return gsl_cdf_gamma_Qinv(q, d->p1, d->p2);
    case NC_DIST_BETA:
        return gsl_cdf_beta_Qinv(q, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return triangular_quantile_upper(d, q);
    case NC_DIST_PERT:
        return d->p1 + (d->p3 - d->p1) * gsl_cdf_beta_Qinv(q, d->p4, d->p5);
    default:
        return NAN;
    }
}

/* ---------------------------------------------------------------- truncated */

/* Quantile of the truncated continuous distribution, from the accurate side; the result is
 * kept inside [lo, hi] against rounding in the inverse (NaN passes through). */
double nc_dist__continuous_quantile(const nc_dist *d, double p)
{
    double x;
    if (d->cdf_lo <= 0.5) {
        x = base_quantile(d, d->cdf_lo + p * (d->cdf_hi - d->cdf_lo));
    } else {
        double s_lo = nc_dist__base_sf(d, d->lo), s_hi = nc_dist__base_sf(d, d->hi);
        x = base_quantile_upper(d, s_lo - p * (s_lo - s_hi));
    }
    return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

static double choice_cdf(const nc_dist *d, double x)
{
    return choice_mass_within(d, d->lo, x) / (d->cdf_hi - d->cdf_lo);
}

static double empirical_cdf(const nc_dist *d, double x)
{
    size_t first = empirical_first(d), end = empirical_end(d);
    size_t upto = count_below(d->values, d->n, x, 1);
    return (double)(upto - first) / (double)(end - first);
}

static double continuous_cdf(const nc_dist *d, double x)
{
    if (d->cdf_lo <= 0.5)
        return (nc_dist__base_cdf(d, x) - d->cdf_lo) / (d->cdf_hi - d->cdf_lo);
    double s_lo = nc_dist__base_sf(d, d->lo);
    return (s_lo - nc_dist__base_sf(d, x)) / (s_lo - nc_dist__base_sf(d, d->hi));
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

/*
 * Type-1 (inverse empirical CDF) quantile of the kept values (Hyndman & Fan 1996, "Sample
 * quantiles in statistical packages", Am. Stat. 50(4)): the k-th kept value, k = ceil(p m).
 */
static double empirical_quantile(const nc_dist *d, double p)
{
    size_t first = empirical_first(d), m = empirical_end(d) - first;
    size_t k = (size_t)ceil(p * (double)m);
    if (k > 1 && (double)(k - 1) / (double)m >= p)
        k--; /* p m rounded up past an integer */
    k = k < 1 ? 1 : k > m ? m : k;
    return d->values[first + k - 1];
}

/* The smallest kept value v with P(lo <= X <= v | kept) >= p: O(n^2), n is small. The kept
 * mass is a difference of sums, so at p near 1 it can exceed every partial sum by an ulp:
 * then the largest kept value. */
static double choice_quantile(const nc_dist *d, double p)
{
    double mass = d->cdf_hi - d->cdf_lo, best = HUGE_VAL, top = -HUGE_VAL;
    for (size_t i = 0; i < d->n; i++) {
        double v = d->values[i];
        if (!(choice_weight(d, i) > 0.0 && v >= d->lo && v <= d->hi))
            continue;
        top = fmax(top, v);
        if (v < best && choice_mass_within(d, d->lo, v) >= p * mass)
            best = v;
    }
    return best < HUGE_VAL ? best : top;
}

/*
 * The p-quantile (p in [0, 1]) of the (truncated) distribution: the inverse CDF for continuous
 * kinds (lo at p = 0, hi at p = 1), the generalised inverse min{x : F(x) >= p} for discrete
 * ones. NaN when p is NaN or outside [0, 1].
 */
double nc_dist_quantile(const nc_dist *d, double p)
{
    if (!(p >= 0.0 && p <= 1.0))
        return NAN;
    switch (d->kind) {
    case NC_DIST_FIXED:
        return d->p1;
    case NC_DIST_EMPIRICAL:
        return empirical_quantile(d, p);
    case NC_DIST_CHOICE:
        return choice_quantile(d, p);
    default:
        return p == 0.0 ? d->lo : p == 1.0 ? d->hi : nc_dist__continuous_quantile(d, p);
    }
}
