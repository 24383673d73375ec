/*
 * dist_cdf.c - CDF and quantiles of an nc_dist (dist.h): the untruncated ("base") CDF,
 * survival function and quantiles of the continuous kinds, and from them, or by counting for
 * the discrete kinds, those of the (truncated) distribution.
 */
#include "dist/dist.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "dist/dist_impl.h"

/* ---------------------------------------------------------------- gamma and beta CDFs */

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

/* P(X <= x) and P(X > x) for X ~ Gamma(shape, scale), any x (dist_impl.h). */
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

/* P(X <= x) and P(X > x) for X ~ Beta(a, b), any x (dist_impl.h). */
double nc_dist__beta_P(double x, double a, double b)
{
    return x <= 0.0 ? 0.0 : x >= 1.0 ? 1.0 : beta_inc(x, a, b, 0);
}

double nc_dist__beta_Q(double x, double a, double b)
{
    return x <= 0.0 ? 1.0 : x >= 1.0 ? 0.0 : beta_inc(x, a, b, 1);
}

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

/* sqrt(p w1 w2), also where the product under- or overflows. */
static double root_product(double p, double w1, double w2)
{
    double v = p * w1 * w2;
    if (isnormal(v) || p == 0.0 || w1 == 0.0 || w2 == 0.0)
        return sqrt(v);
    return sqrt(p) * sqrt(w1) * sqrt(w2);
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

/* Inverse of triangular_cdf at 'p', and inverse of triangular_sf at 'q'. */
double nc_dist__triangular_quantile(const nc_dist *d, double p)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (p <= (c - a) / (b - a))
        return a + root_product(p, b - a, c - a);
    return b - root_product(1.0 - p, b - a, b - c);
}

static double triangular_quantile_upper(const nc_dist *d, double q)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (q <= (b - c) / (b - a))
        return b - root_product(q, b - a, b - c);
    return a + root_product(1.0 - q, b - a, c - a);
}

/* (x - mu) / sigma of a normal, also where x - mu overflows (x = -1.8e308, mu = 1e300); GSL's
 * gaussian CDFs compute the same quotient. */
static double normal_z(const nc_dist *d, double x)
{
    double dx = x - d->p1;
    return isfinite(dx) || !isfinite(x) ? dx / d->p2 : x / d->p2 - d->p1 / d->p2;
}

/* mu + sigma z, also where sigma z overflows but the sum does not (mu = sigma = 1.8e308). */
static double normal_quantile(const nc_dist *d, double z)
{
    double x = d->p1 + d->p2 * z;
    return isfinite(x) || !isfinite(z) ? x : 2.0 * (0.5 * d->p1 + 0.5 * d->p2 * z);
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

/* ---------------------------------------------------------------- bracketed inversion */

/*
 * The inverse CDFs of the gamma, the beta and the PERT are found by Brent's method (GSL's
 * gsl_root_fsolver_brent; Brent 1973, Algorithms for Minimization without Derivatives, ch. 4) on
 * the whole representable range of a variable t: the logit of the unit interval for beta and PERT,
 * ln x for the gamma. Those maps keep full relative precision from the smallest positive double to
 * the largest, so the bracket never needs guessing, and the solver only needs the CDF's sign of
 * F(x) - p: it cannot loop, as GSL's gsl_cdf_beta_Pinv does (forever) when the CDF returns NaN
 * during its bisection. Brent's method is capped, then bisection finishes (solve()): at most ~12 +
 * 100 + 200 CDF evaluations, each bounded (tests/fuzz/fuzz_quantile.c times every call). On failure
 * (a NaN CDF) the quantile is NaN, which callers treat as an error (dist.h). GSL's own inverses are
 * not used: gsl_cdf_beta_Pinv never returns once its CDF is NaN (a beta {mean 0.5, sd 3e-4}), and
 * gsl_cdf_gamma_Pinv gives up (NaN) for shapes below ~1 or above ~1e3 with p in the tails, and
 * stops at |F(x) - p| <= 1.5e-8 p, too coarse where a truncation keeps little mass (p is then F(lo)
 * plus a small fraction of it).
 */
#define BRENT_MAX_ITER  100
#define BISECT_MAX_ITER 200
#define T_MIN           (-744.44) /* ln(2^-1074), the smallest positive double */
#define T_MAX_GAMMA     709.78    /* ln(DBL_MAX) */
#define T_MAX_UNIT      744.44    /* the logit of 1 - 2^-1074, which rounds to 1 */

typedef struct inversion {
    const nc_dist *d;
    double target; /* p, or q for the upper side */
    int upper;     /* solve S(x) = q rather than F(x) = p */
} inversion;

/* The point of the unit interval whose logit is 't', accurate near 0 and near 1. */
static double unit_of_logit(double t)
{
    return t < 0.0 ? exp(t) / (1.0 + exp(t)) : 1.0 / (1.0 + exp(-t));
}

/* x of the untruncated distribution at the solver's variable 't'. */
static double inversion_x(const nc_dist *d, double t)
{
    switch (d->kind) {
    case NC_DIST_GAMMA:
        return exp(t);
    case NC_DIST_BETA:
        return unit_of_logit(t);
    default: /* PERT */
        return d->p1 + (d->p3 - d->p1) * unit_of_logit(t);
    }
}

/* F(x(t)) - p, or q - S(x(t)): increasing in t either way. */
static double inversion_gap(double t, void *params)
{
    const inversion *inv = params;
    const nc_dist *d = inv->d;
    double f, u = unit_of_logit(t);
    switch (d->kind) {
    case NC_DIST_GAMMA:
        f = inv->upper ? nc_dist__gamma_Q(exp(t), d->p1, d->p2)
                       : nc_dist__gamma_P(exp(t), d->p1, d->p2);
        break;
    case NC_DIST_BETA:
        f = inv->upper ? nc_dist__beta_Q(u, d->p1, d->p2) : nc_dist__beta_P(u, d->p1, d->p2);
        break;
    default: /* PERT */
        f = inv->upper ? nc_dist__beta_Q(u, d->p4, d->p5) : nc_dist__beta_P(u, d->p4, d->p5);
        break;
    }
    return inv->upper ? inv->target - f : f - inv->target;
}

/*
 * Brent's method on [*t_lo, *t_hi], where 'fn' changes sign, narrowed to a few ulps of t
 * (or 2.8e-17 near t = 0), or as far as it got in BRENT_MAX_ITER steps (a CDF that is a
 * staircase at double resolution, a beta whose x is within 1e-12 of 1, can stall it); the
 * bracket stays valid either way. Returns -1 if GSL fails (a NaN gap), else 0.
 * The solver lives on the stack, so that an inverse-CDF draw in the replication loop
 * allocates nothing (dist.h): gsl_roots.h declares the solver's fields and its type's state
 * size, which is what gsl_root_fsolver_alloc allocates; a state larger than the buffer (a
 * future GSL) is allocated instead.
 */
static int brent_narrow(gsl_function *fn, double *t_lo, double *t_hi)
{
    const gsl_root_fsolver_type *type = gsl_root_fsolver_brent;
    double state[16]; /* GSL 2.7's Brent state is 8 doubles */
    gsl_root_fsolver local = {.type = type, .state = state};
    gsl_root_fsolver *s = type->size <= sizeof state ? &local : gsl_root_fsolver_alloc(type);
    int rc = -1;
    if (s && gsl_root_fsolver_set(s, fn, *t_lo, *t_hi) == GSL_SUCCESS) {
        rc = 0;
        for (int i = 0; i < BRENT_MAX_ITER; i++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) {
                rc = -1;
                break;
            }
            *t_lo = gsl_root_fsolver_x_lower(s);
            *t_hi = gsl_root_fsolver_x_upper(s);
            if (gsl_root_test_interval(*t_lo, *t_hi, DBL_EPSILON / 8.0, 4.0 * DBL_EPSILON) ==
                GSL_SUCCESS)
                break;
        }
    }
    if (s != &local)
        gsl_root_fsolver_free(s);
    return rc;
}

/*
 * The root of 'inv' in [t_lo, t_hi] (gap < 0 below it), as the smallest x on the double grid
 * where the gap is >= 0: Brent's method, then bisection until x(t_lo) and x(t_hi) are adjacent
 * doubles (a few steps after Brent converged; at most ~60 after it stalled: the bracket is
 * then at most 1,490 wide, and adjacency comes by a width of ~1e-16). Taking that side makes the
 * quantile the generalised inverse min{x : F(x) >= p}, so it never decreases in p, even where F
 * steps between adjacent doubles (a distribution narrower than an ulp). NaN on failure.
 */
static double solve(inversion *inv, double t_lo, double t_hi)
{
    gsl_function fn = {inversion_gap, inv};
    if (brent_narrow(&fn, &t_lo, &t_hi))
        return NAN;
    for (int i = 0; i < BISECT_MAX_ITER; i++) {
        double x_lo = inversion_x(inv->d, t_lo), x_hi = inversion_x(inv->d, t_hi);
        double mid = t_lo + 0.5 * (t_hi - t_lo);
        if (!(nextafter(x_lo, HUGE_VAL) < x_hi) || mid <= t_lo || mid >= t_hi)
            return x_hi;
        double gap = inversion_gap(mid, inv);
        if (isnan(gap))
            return NAN;
        *(gap < 0.0 ? &t_lo : &t_hi) = mid;
    }
    return NAN;
}

/* The solver's variable at the distribution's mean: where the bracket starts. */
static double inversion_centre(const nc_dist *d)
{
    switch (d->kind) {
    case NC_DIST_GAMMA:
        return log(d->p1) + log(d->p2);
    case NC_DIST_BETA:
        return log(d->p1) - log(d->p2);
    default: /* PERT */
        return log(d->p4) - log(d->p5);
    }
}

/*
 * A bracket [*t_lo, *t_hi] of the gap's sign change: from the centre, the side where the root
 * lies is searched at reaches 1, 2, 4, ... (at most 12 steps) up to the end of the
 * representable range. Returns 1 with the bracket set; -1 when the root is below the range (a
 * quantile that underflows), 2 when above, 0 on a NaN gap.
 */
static int bracket_root(inversion *inv, double t_max, double *t_lo, double *t_hi)
{
    double c = fmin(fmax(inversion_centre(inv->d), T_MIN), t_max);
    double gap = inversion_gap(c, inv), inside = c, outside = c;
    if (isnan(gap))
        return 0;
    int up = gap < 0.0; /* the gap increases with t: the root is above c */
    double end = up ? t_max : T_MIN;
    for (double reach = 1.0; up ? gap < 0.0 : gap >= 0.0; reach *= 2.0) {
        if (outside == end)
            return up ? 2 : -1;
        inside = outside;
        outside = up ? fmin(c + reach, t_max) : fmax(c - reach, T_MIN);
        if (isnan(gap = inversion_gap(outside, inv)))
            return 0;
    }
    *t_lo = up ? inside : outside;
    *t_hi = up ? outside : inside;
    return 1;
}

/* The support's ends of an untruncated continuous distribution. */
static double natural_lo(const nc_dist *d)
{
    switch (d->kind) {
    case NC_DIST_UNIFORM:
    case NC_DIST_TRIANGULAR:
    case NC_DIST_PERT:
        return d->p1;
    case NC_DIST_NORMAL:
        return -HUGE_VAL;
    default: /* lognormal, gamma, beta */
        return 0.0;
    }
}

static double natural_hi(const nc_dist *d)
{
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return d->p2;
    case NC_DIST_TRIANGULAR:
    case NC_DIST_PERT:
        return d->p3;
    case NC_DIST_BETA:
        return 1.0;
    default: /* normal, lognormal, gamma */
        return HUGE_VAL;
    }
}

/*
 * F^-1(target) (upper: S^-1(target)) of an untruncated beta, PERT or gamma, target in (0, 1).
 * A quantile beyond the representable range is the support's end there (0, or the PERT's
 * min; the gamma's +inf).
 */
static double bracketed_quantile(const nc_dist *d, double target, int upper)
{
    inversion inv = {d, target, upper};
    double t_max = d->kind == NC_DIST_GAMMA ? T_MAX_GAMMA : T_MAX_UNIT, t_lo, t_hi;
    switch (bracket_root(&inv, t_max, &t_lo, &t_hi)) {
    case -1:
        return natural_lo(d);
    case 2:
        return natural_hi(d);
    case 1:
        return solve(&inv, t_lo, t_hi);
    default:
        return NAN;
    }
}

/* F^-1(p) of the untruncated continuous distribution, p in [0, 1]. */
static double base_quantile(const nc_dist *d, double p)
{
    if (!(p > 0.0 && p < 1.0))
        return p <= 0.0 ? natural_lo(d) : p >= 1.0 ? natural_hi(d) : (double)NAN;
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return d->p1 + p * (d->p2 - d->p1);
    case NC_DIST_NORMAL:
        return normal_quantile(d, gsl_cdf_ugaussian_Pinv(p));
    case NC_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(p, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return nc_dist__triangular_quantile(d, p);
    case NC_DIST_GAMMA:
    case NC_DIST_BETA:
    case NC_DIST_PERT:
        return bracketed_quantile(d, p, 0);
    default:
        return NAN;
    }
}

/* S^-1(q) = F^-1(1 - q) of the untruncated continuous distribution, q in [0, 1]. */
static double base_quantile_upper(const nc_dist *d, double q)
{
    if (!(q > 0.0 && q < 1.0))
        return q <= 0.0 ? natural_hi(d) : q >= 1.0 ? natural_lo(d) : (double)NAN;
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return d->p2 - q * (d->p2 - d->p1);
    case NC_DIST_NORMAL:
        return normal_quantile(d, gsl_cdf_ugaussian_Qinv(q));
    case NC_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Qinv(q, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return triangular_quantile_upper(d, q);
    case NC_DIST_GAMMA:
    case NC_DIST_BETA:
    case NC_DIST_PERT:
        return bracketed_quantile(d, q, 1);
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

/* The smallest kept value v with P(lo <= X <= v | kept) >= p: O(n^2), n is small. The
 * largest kept value when rounding leaves the mass summed up to every value short of p times
 * the kept mass (summed in another order), as it can at p = 1. */
static double choice_quantile(const nc_dist *d, double p)
{
    double mass = choice_mass_within(d, d->lo, d->hi), best = HUGE_VAL, largest = -HUGE_VAL;
    for (size_t i = 0; i < d->n; i++) {
        double v = d->values[i];
        if (!(choice_weight(d, i) > 0.0 && v >= d->lo && v <= d->hi))
            continue;
        largest = fmax(largest, v);
        if (v < best && choice_mass_within(d, d->lo, v) >= p * mass)
            best = v;
    }
    return best == HUGE_VAL ? largest : best;
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
