/*
 * dist_incomplete.c - the regularised incomplete gamma and beta functions as CDFs
 * (dist_incomplete.h): GSL's where they are right, an Edgeworth expansion, a gamma limit or a
 * series' leading term where they are not.
 */
#include "dist/dist_incomplete.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

/*
 * GSL's incomplete gamma and beta functions go wrong for large shapes, near the mean
 * (measured on GSL 2.7.1 over z in [-8, 8] in steps of 0.01, z in sds from the mean):
 *  - gamma: for shapes from ~5e4 to 1e6 the value near |z| = 1 is silently wrong (off by
 *    1e-8 at 5e4, 3e-7 at 9.75e4, 7e-5 at 3e5, 0.6 at 1e6, with a success status), and above
 *    1e6 GSL fails (an error status) for |z| below ~3.5, where gsl_cdf_gamma_P returns a
 *    value off by up to 0.16;
 *  - beta: the continued fraction (at most 512 terms) fails (NaN) within about one sd of the
 *    mean once both shapes pass ~1e6 (a = b = 1.39e6, beta {mean 0.5, sd 3e-4}, at x = 0.5),
 *    and the prefactor exp(a ln x + b ln(1 - x) - ln B(a, b)) loses ~1e-16 (a + b) (GSL's
 *    own error estimate passes 1e-9 near min(a, b) = 1e6, 1e-5 near 1e9).
 * From EDGEWORTH_MIN_SHAPE on (EDGEWORTH_GAMMA_MIN_SHAPE for the gamma), there (gamma:
 * |z| < EDGEWORTH_GAMMA_Z or a failed status; beta: a failed status, or GSL's error
 * estimate or its prefactor's rounding error above EDGEWORTH_MAX_ERR) the CDF is the
 * Edgeworth expansion to order 1/nu (Kendall & Stuart 1977, The Advanced Theory of
 * Statistics vol. 1, 4th ed., eq. 6.38; Abramowitz & Stegun 1964, 26.2.49):
 *   F(x) = Phi(z) - phi(z) [g1/6 He2(z) + g2/24 He3(z) + g1^2/72 He5(z)]
 * with the skewness g1 and excess kurtosis g2 (gamma: 2/sqrt(k), 6/k; beta: JKB 1995,
 * Continuous Univariate Distributions vol. 2, ch. 25). Its remainder is O(nu^-3/2) (nu the
 * shape, or a + b). Against GSL where GSL is right, the difference is at most 4.9e-9 for a
 * gamma of shape 5e4 (|z| >= 2.5; 2.0e-9 at |z| = 3, where the two meet), 1.7e-9 at 1e5,
 * and 1.6e-9 for a beta of min(a, b) = 1e5 (means 0.01, 0.1, 0.5; |z| <= 6), and falls with
 * the shapes (gamma 3e-10 at 3e5, 5e-11 at 1e6; beta 3.8e-10 at 5e5, 1.2e-10 at 1e6). The
 * two methods meet within those differences, so the CDF is monotone to within ~5e-9. From
 * EDGEWORTH_ONLY_SHAPE on, the expansion is used everywhere: there GSL's tails go wrong too
 * (a gamma of shape 1e30 at z = -3: 0.00148 for 0.00135), while the expansion's relative
 * error in the tails, O(g1^2 z^6), stays below 1e-5 for
 * |z| <= 10 (g1 <= 2e-6).
 */
#define EDGEWORTH_MIN_SHAPE       1e5
#define EDGEWORTH_GAMMA_MIN_SHAPE 5e4 /* GSL's gamma: off by 3e-7 at 9.75e4, z = -0.99 */
#define EDGEWORTH_ONLY_SHAPE      1e12
#define EDGEWORTH_MAX_ERR         1e-9
#define EDGEWORTH_GAMMA_Z         3.0

/* The Edgeworth expansion above at 'z' (upper: 1 - F), clamped to [0, 1]. Beyond |z| = 40,
 * phi(z) underflows (below 1e-347) and the correction with it (its polynomials would
 * overflow). */
static double edgeworth(double z, double g1, double g2, int upper)
{
    if (fabs(z) > 40.0)
        return (z > 0.0) == (upper != 0) ? 0.0 : 1.0;
    double z2 = z * z;
    double he2 = z2 - 1.0, he3 = z * (z2 - 3.0), he5 = z * (z2 * z2 - 10.0 * z2 + 15.0);
    double term =
        gsl_ran_ugaussian_pdf(z) * (g1 / 6.0 * he2 + g2 / 24.0 * he3 + g1 * g1 / 72.0 * he5);
    double f = upper ? gsl_cdf_ugaussian_Q(z) + term : gsl_cdf_ugaussian_P(z) - term;
    return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}

/* Below this y = x / scale, P(k, y) is the series' leading term y^k / Gamma(k + 1) (relative
 * error below y; Abramowitz & Stegun 1964, 6.5.29), taken in logarithms because y may
 * underflow, where GSL would give P = 0. */
#define GAMMA_SERIES_Y 1e-300

/* P(k, y) (upper: Q(k, y)) for 0 < y = x / scale < inf. */
static double gamma_inc(double x, double shape, double scale, int upper)
{
    double y = x / scale, z = (y - shape) / sqrt(shape);
    if (shape >= EDGEWORTH_ONLY_SHAPE)
        return edgeworth(z, 2.0 / sqrt(shape), 6.0 / shape, upper);
    if (y < GAMMA_SERIES_Y) {
        double log_p = shape * (log(x) - log(scale)) - gsl_sf_lngamma(shape + 1.0);
        return upper ? -expm1(log_p) : exp(log_p);
    }
    gsl_sf_result r;
    int status = upper ? gsl_sf_gamma_inc_Q_e(shape, y, &r) : gsl_sf_gamma_inc_P_e(shape, y, &r);
    int exact = (status == GSL_SUCCESS || status == GSL_EUNDRFLW) && isfinite(r.val);
    if (shape < EDGEWORTH_GAMMA_MIN_SHAPE)
        return exact ? fmin(r.val, 1.0) : (double)NAN; /* GSL can give 1 + 2e-16 */
    if (exact && fabs(z) >= EDGEWORTH_GAMMA_Z)
        return fmin(r.val, 1.0);
    return edgeworth(z, 2.0 / sqrt(shape), 6.0 / shape, upper);
}

/* P(X <= x) and P(X > x) for X ~ Gamma(shape, scale), any x (dist_incomplete.h). */
double nc_dist__gamma_P(double x, double shape, double scale)
{
    return x <= 0.0 ? 0.0 : x / scale == HUGE_VAL ? 1.0 : gamma_inc(x, shape, scale, 0);
}

double nc_dist__gamma_Q(double x, double shape, double scale)
{
    return x <= 0.0 ? 1.0 : x / scale == HUGE_VAL ? 0.0 : gamma_inc(x, shape, scale, 1);
}

/* I_x(a, b) by the Edgeworth expansion (upper: 1 - I_x). */
static double beta_edgeworth(double x, double a, double b, int upper)
{
    double nu = a + b, ma = a / nu, mb = b / nu;
    double sd = sqrt(ma) * sqrt(mb) / sqrt(nu + 1.0);
    double g1 = 2.0 * (mb - ma) * sqrt(nu + 1.0) / ((nu + 2.0) * sqrt(ma * mb));
    /* in this order, so that no product overflows (a = 8e6, b = 3e160) */
    double g2 = 6.0 * ((ma - mb) * (ma - mb) / (ma * mb) * ((nu + 1.0) / (nu + 2.0)) / (nu + 3.0) -
                       1.0 / (nu + 3.0));
    return edgeworth((x - ma) / sd, g1, g2, upper);
}

/*
 * With one shape small (below EDGEWORTH_MIN_SHAPE) and the other BETA_GAMMA_RATIO times
 * larger, GSL's incomplete beta is silently wrong (a = 1, b = 1e15: off by 1e-3; b >= 1e20:
 * values near 1e286), and the beta is its gamma limit instead: (a + b) X -> Gamma(a, 1) as
 * b -> inf (JKB 1995 vol. 2, ch. 25, sec. 4; matching the mean, the variance is off by a
 * factor 1 - O(a / b), below 1e-10 here), and symmetrically (a + b)(1 - X) -> Gamma(b, 1).
 */
#define BETA_GAMMA_RATIO 1e10
/* Likewise with one shape below BETA_TINY_SHAPE and the other at least 1, where GSL returns
 * P and Q that do not add up (a = 2e-304, b = 1.4e5: both ~1): the mass above x is then
 * a J(x) (1 + O(a)) with J(x) = int_x^1 t^-1 (1 - t)^(b-1) dt, which the gamma limit's
 * a E1((a + b) x) matches to O(1/b) relative, below 1e-10 absolute. */
#define BETA_TINY_SHAPE 1e-10

static double beta_gamma_limit(double x, double a, double b, int upper)
{
    double nu = a + b;
    if (b >= a)
        return upper ? nc_dist__gamma_Q(nu * x, a, 1.0) : nc_dist__gamma_P(nu * x, a, 1.0);
    return upper ? nc_dist__gamma_P(nu * (1.0 - x), b, 1.0)
                 : nc_dist__gamma_Q(nu * (1.0 - x), b, 1.0);
}

/* I_x(a, b) (upper: 1 - I_x(a, b) = I_{1-x}(b, a)) for x strictly inside (0, 1). */
static double beta_inc(double x, double a, double b, int upper)
{
    double small = fmin(a, b);
    if (small >= EDGEWORTH_ONLY_SHAPE)
        return beta_edgeworth(x, a, b, upper);
    if (small < EDGEWORTH_MIN_SHAPE && (fmax(a, b) >= BETA_GAMMA_RATIO * fmax(small, 1.0) ||
                                        (small < BETA_TINY_SHAPE && fmax(a, b) >= 1.0)))
        return beta_gamma_limit(x, a, b, upper);
    gsl_sf_result r;
    int status = upper ? gsl_sf_beta_inc_e(b, a, 1.0 - x, &r) : gsl_sf_beta_inc_e(a, b, x, &r);
    int exact = (status == GSL_SUCCESS || status == GSL_EUNDRFLW) && r.val >= 0.0 &&
                r.val <= 1.0 + 4.0 * DBL_EPSILON;
    if (small < EDGEWORTH_MIN_SHAPE && !exact && fmax(a, b) >= BETA_GAMMA_RATIO * small)
        return beta_gamma_limit(x, a, b, upper); /* GSL failed: a = 1.7e-36, b = 9.4e5 */
    if (small < EDGEWORTH_MIN_SHAPE)
        return exact ? fmin(r.val, 1.0) : (double)NAN;
    /* GSL's error estimate misses its prefactor's rounding, eps (a |ln x| + b |ln(1 - x)|)
     * relative (4e-3 for a = 7e11, b = 4e23 near the mean, where it claims 1e-9) */
    double prefactor_err = DBL_EPSILON * (a * fabs(log(x)) + b * fabs(log1p(-x)));
    if (exact && r.err <= EDGEWORTH_MAX_ERR && prefactor_err <= EDGEWORTH_MAX_ERR)
        return fmin(r.val, 1.0);
    return beta_edgeworth(x, a, b, upper);
}

/* P(X <= x) and P(X > x) for X ~ Beta(a, b), any x (dist_incomplete.h). */
double nc_dist__beta_P(double x, double a, double b)
{
    return x <= 0.0 ? 0.0 : x >= 1.0 ? 1.0 : beta_inc(x, a, b, 0);
}

double nc_dist__beta_Q(double x, double a, double b)
{
    return x <= 0.0 ? 1.0 : x >= 1.0 ? 0.0 : beta_inc(x, a, b, 1);
}
