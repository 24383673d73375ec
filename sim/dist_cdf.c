/*
 * dist_cdf.c - CDF and quantiles of an nc_dist (dist.h): the untruncated ("base") CDF,
 * survival function and quantiles of the continuous kinds, and from them, or by counting for
 * the discrete kinds, those of the (truncated) distribution.
 */
#include "dist.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "dist_impl.h"

/* ---------------------------------------------------------------- the beta CDF */

/*
 * GSL's incomplete beta function (a continued fraction of at most 512 terms) fails to
 * converge within about one sd of the mean once both shapes pass ~1e6 (it returns NaN: for
 * a = b = 1.39e6, beta {mean 0.5, sd 3e-4}, at x = 0.5), and its prefactor
 * exp(a ln x + b ln(1 - x) - ln B(a, b)) loses ~1e-16 (a + b) in relative accuracy (its own
 * error estimate passes 1e-9 near min(a, b) = 1e6 and 1e-5 near 1e9). From
 * min(a, b) >= EDGEWORTH_MIN_SHAPE on, where GSL's error estimate exceeds EDGEWORTH_MAX_ERR
 * or it fails, the CDF is the Edgeworth expansion to order 1/nu instead (Kendall & Stuart
 * 1977, The Advanced Theory of Statistics vol. 1, 4th ed., eq. 6.38; Abramowitz & Stegun
 * 1964, 26.2.49):
 *   F(x) = Phi(z) - phi(z) [g1/6 He2(z) + g2/24 He3(z) + g1^2/72 He5(z)],  z = (x - mean)/sd,
 * with the beta's skewness g1 and excess kurtosis g2 (JKB 1995 vol. 2, ch. 25, eq. 25.18).
 * Its remainder is O(nu^-3/2), nu = a + b; measured against GSL where GSL is exact (error
 * estimate < 4e-10), the difference is at most 1.6e-9 at min(a, b) = 1e5 (means 0.01, 0.1,
 * 0.5; z in [-6, 6]) and falls with the shapes (3.8e-10 at 5e5, 1.2e-10 at 1e6).
 */
#define EDGEWORTH_MIN_SHAPE 1e5
#define EDGEWORTH_MAX_ERR 1e-9

/* I_x(a, b) by the Edgeworth expansion above, clamped to [0, 1]; 'upper' gives 1 - I_x. */
static double beta_edgeworth(double x, double a, double b, int upper)
{
    double nu = a + b, ma = a / nu, mb = b / nu;
    double sd = sqrt(ma) * sqrt(mb) / sqrt(nu + 1.0);
    double g1 = 2.0 * (mb - ma) * sqrt(nu + 1.0) / ((nu + 2.0) * sqrt(ma * mb));
    double g2 = 6.0 * ((ma - mb) * (ma - mb) / (ma * mb) * (nu + 1.0) / ((nu + 2.0) * (nu + 3.0)) -
                       1.0 / (nu + 3.0));
    double z = (x - ma) / sd, z2 = z * z;
    double he2 = z2 - 1.0, he3 = z * (z2 - 3.0), he5 = z * (z2 * z2 - 10.0 * z2 + 15.0);
    double term = gsl_ran_ugaussian_pdf(z) * (g1 / 6.0 * he2 + g2 / 24.0 * he3 +
                                              g1 * g1 / 72.0 * he5);
    double f = upper ? gsl_cdf_ugaussian_Q(z) + term : gsl_cdf_ugaussian_P(z) - term;
    return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}

/* I_x(a, b) (upper: 1 - I_x(a, b) = I_{1-x}(b, a)) for x strictly inside (0, 1). */
static double beta_inc(double x, double a, double b, int upper)
{
    gsl_sf_result r;
    int status = upper ? gsl_sf_beta_inc_e(b, a, 1.0 - x, &r) : gsl_sf_beta_inc_e(a, b, x, &r);
    int exact = (status == GSL_SUCCESS || status == GSL_EUNDRFLW) && isfinite(r.val);
    if (fmin(a, b) < EDGEWORTH_MIN_SHAPE)
        return exact ? r.val : (double)NAN;
    if (exact && r.err <= EDGEWORTH_MAX_ERR)
        return r.val;
    return beta_edgeworth(x, a, b, upper);
}

/* P(X <= x) and P(X > x) for X ~ Beta(a, b), any x. */
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
        return gsl_cdf_gaussian_Q(x - d->p1, d->p2);
    case NC_DIST_LOGNORMAL:
        return x <= 0.0 ? 1.0 : gsl_cdf_ugaussian_Q((log(x) - d->p1) / d->p2);
    case NC_DIST_GAMMA:
        return gamma_Q(x, d->p1, d->p2);
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
 * The inverse CDFs of the beta, the PERT and (where GSL's Newton iteration gives up) the
 * gamma are found by Brent's method (GSL's gsl_root_fsolver_brent; Brent 1973, Algorithms for
 * Minimization without Derivatives, ch. 4) on the whole representable range of a variable t:
 * the logit of the unit interval for beta and PERT, ln x for the gamma. Those maps keep full
 * relative precision from the smallest positive double to the largest, so the bracket never
 * needs guessing, and the solver only needs the CDF's sign of F(x) - p: it cannot loop, as
 * GSL's gsl_cdf_beta_Pinv does (forever) when the CDF returns NaN during its bisection.
 * Brent's method never takes more than about the square of the bisection count, and bisection
 * halves the ~1,490-wide bracket to the tolerance in about 64 steps; the cap is well above
 * what it takes (tests/fuzz/fuzz_quantile.c times every call). On failure (a NaN CDF, the cap)
 * the quantile is NaN, which callers treat as an error (dist.h).
 */
#define INVERSE_MAX_ITER 500
#define T_MIN (-744.44) /* ln(2^-1074), the smallest positive double */
#define T_MAX_GAMMA 709.78 /* ln(DBL_MAX) */
#define T_MAX_UNIT 744.44  /* the logit of 1 - 2^-1074, which rounds to 1 */

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
        f = inv->upper ? gamma_Q(exp(t), d->p1, d->p2) : gamma_P(exp(t), d->p1, d->p2);
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
 * Brent's method on [t_lo, t_hi], where 'fn' changes sign; NaN if it fails or hits the cap.
 * The solver lives on the stack, so that an inverse-CDF draw in the replication loop
 * allocates nothing (dist.h): gsl_roots.h declares the solver's fields and its type's state
 * size, which is what gsl_root_fsolver_alloc allocates; a state larger than the buffer (a
 * future GSL) is allocated instead.
 */
static double brent_root(gsl_function *fn, double t_lo, double t_hi)
{
    const gsl_root_fsolver_type *type = gsl_root_fsolver_brent;
    double state[16]; /* GSL 2.7's Brent state is 8 doubles */
    gsl_root_fsolver local = {.type = type, .state = state};
    gsl_root_fsolver *s = type->size <= sizeof state ? &local : gsl_root_fsolver_alloc(type);
    double t = NAN;
    if (s && gsl_root_fsolver_set(s, fn, t_lo, t_hi) == GSL_SUCCESS) {
        for (int i = 0; i < INVERSE_MAX_ITER; i++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
                break;
            /* t to 2 ulp, or 2.2e-16 absolute near t = 0: x to ~4e-16 relative */
            if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                       DBL_EPSILON, 2.0 * DBL_EPSILON) == GSL_SUCCESS) {
                t = gsl_root_fsolver_root(s);
                break;
            }
        }
    }
    if (s != &local)
        gsl_root_fsolver_free(s);
    return t;
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
    gsl_function fn = {inversion_gap, &inv};
    double t_max = d->kind == NC_DIST_GAMMA ? T_MAX_GAMMA : T_MAX_UNIT, t_lo, t_hi, t;
    switch (bracket_root(&inv, t_max, &t_lo, &t_hi)) {
    case -1:
        return natural_lo(d);
    case 2:
        return natural_hi(d);
    case 1:
        t = brent_root(&fn, t_lo, t_hi);
        return isnan(t) ? (double)NAN : inversion_x(d, t);
    default:
        return NAN;
    }
}

/* GSL's inverse gamma CDF (a Newton iteration capped at 32 steps), or where it gives up
 * (NaN: shapes below ~1 or above ~1e3 with p in the tails) the bracketed solver. */
static double gamma_quantile(const nc_dist *d, double target, int upper)
{
    double x = upper ? gsl_cdf_gamma_Qinv(target, d->p1, d->p2)
                     : gsl_cdf_gamma_Pinv(target, d->p1, d->p2);
    return isnan(x) ? bracketed_quantile(d, target, upper) : x;
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
        return d->p1 + gsl_cdf_gaussian_Pinv(p, d->p2);
    case NC_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(p, d->p1, d->p2);
    case NC_DIST_GAMMA:
        return gamma_quantile(d, p, 0);
    case NC_DIST_TRIANGULAR:
        return nc_dist__triangular_quantile(d, p);
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
        return d->p1 + gsl_cdf_gaussian_Qinv(q, d->p2);
    case NC_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Qinv(q, d->p1, d->p2);
    case NC_DIST_GAMMA:
        return gamma_quantile(d, q, 1);
    case NC_DIST_TRIANGULAR:
        return triangular_quantile_upper(d, q);
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

/* The smallest kept value v with P(lo <= X <= v | kept) >= p: O(n^2), n is small. */
static double choice_quantile(const nc_dist *d, double p)
{
    double mass = d->cdf_hi - d->cdf_lo, best = HUGE_VAL;
    for (size_t i = 0; i < d->n; i++) {
        double v = d->values[i];
        if (choice_weight(d, i) > 0.0 && v >= d->lo && v <= d->hi && v < best &&
            choice_mass_within(d, d->lo, v) >= p * mass)
            best = v;
    }
    return best;
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
