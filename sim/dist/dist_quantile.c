/*
 * dist_quantile.c - quantiles of an nc_dist (dist_quantile.h): the untruncated ("base")
 * quantiles of the continuous kinds, in closed form or by a bracketed root search on the CDF
 * (dist_cdf.c, dist_incomplete.c), and from them, or by counting for the discrete kinds, the
 * quantiles of the (truncated) distribution.
 */
#include "dist/dist_quantile.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "dist/dist_cdf.h"
#include "dist/dist_impl.h"
#include "dist/dist_incomplete.h"

/* ---------------------------------------------------------------- continuous kinds, untruncated */

/* The triangular quantiles invert the closed-form CDF and survival function of dist_cdf.c
 * (Johnson & Kotz 1999, The Statistician 48(2)). */
/* sqrt(p w1 w2), also where the product under- or overflows. */
static double root_product(double p, double w1, double w2)
{
    double v = p * w1 * w2;
    if (isnormal(v) || p == 0.0 || w1 == 0.0 || w2 == 0.0)
        return sqrt(v);
    return sqrt(p) * sqrt(w1) * sqrt(w2);
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

/* mu + sigma z, also where sigma z overflows but the sum does not (mu = sigma = 1.8e308). */
static double normal_quantile(const nc_dist *d, double z)
{
    double x = d->p1 + d->p2 * z;
    return isfinite(x) || !isfinite(z) ? x : 2.0 * (0.5 * d->p1 + 0.5 * d->p2 * z);
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
 * (a NaN CDF) the quantile is NaN, which callers treat as an error (dist_quantile.h). GSL's own
 * inverses are not used: gsl_cdf_beta_Pinv never returns once its CDF is NaN (a beta {mean 0.5, sd
 * 3e-4}), and gsl_cdf_gamma_Pinv gives up (NaN) for shapes below ~1 or above ~1e3 with p in the
 * tails, and stops at |F(x) - p| <= 1.5e-8 p, too coarse where a truncation keeps little mass (p is
 * then F(lo) plus a small fraction of it).
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
