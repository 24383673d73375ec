/*
 * dist.c - concrete probability distributions (see dist.h).
 *
 * Layout: names; parameter checks and constructors; the untruncated ("base") CDF, survival
 * function and quantiles of the continuous kinds; the discrete kinds; truncation; sampling;
 * CDF and quantile of the (truncated) distribution; moments.
 *
 * Conventions:
 *  - lo, hi always hold the support: the natural one (e.g. [0, inf) for a gamma, [low, high]
 *    for a uniform, [min value, max value] for an empirical) intersected with any truncation.
 *  - cdf_lo = P(X < lo) and cdf_hi = P(X <= hi) of the untruncated distribution, so that the
 *    kept mass is cdf_hi - cdf_lo for discrete kinds too (for continuous kinds these are
 *    F(lo) and F(hi)).
 *  - Where [lo, hi] lies in the upper half (cdf_lo > 0.5), truncated CDFs, quantiles and
 *    inverse-CDF draws work with the survival function S = 1 - F, which keeps full relative
 *    precision in the upper tail (F near 1 does not).
 *  - Nothing here allocates; GSL errors are expected to be switched off (main does it), in
 *    which case a failed GSL inverse yields NaN, which propagates rather than being hidden.
 */
#include "dist.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* Truncation to less than this much probability is an error (dist.h). */
#define MIN_KEPT_MASS 1e-12
/* Truncated gamma/beta/PERT draws use rejection from the fast sampler when at least this
 * much mass is kept (expected tries <= 4), else the inverse CDF. */
#define REJECTION_MIN_MASS 0.25
#define REJECTION_MAX_TRIES 1000

static const char *const kind_names[NC_DIST__COUNT] = {
    "fixed", "uniform", "normal", "lognormal", "gamma",
    "beta",  "triangular", "pert", "empirical", "choice"};

/* The scenario name of 'kind' ("lognormal", ...); "unknown" for a value outside the enum. */
const char *nc_dist_kind_name(nc_dist_kind kind)
{
    if ((int)kind < 0 || kind >= NC_DIST__COUNT)
        return "unknown";
    return kind_names[kind];
}

/* The kind written 'name' in a scenario, or -1 if there is none (or 'name' is NULL). */
int nc_dist_kind_lookup(const char *name)
{
    for (int k = 0; name && k < NC_DIST__COUNT; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return k;
    return -1;
}

/* ---------------------------------------------------------------- parameter checks */

static int need_finite(nc_error *err, const char *kind, const char *name, double value)
{
    if (isfinite(value))
        return 0;
    return nc_error_set(err, NC_EINPUT, "%s: %s %g is not finite", kind, name, value);
}

static int need_positive(nc_error *err, const char *kind, const char *name, double value)
{
    if (value > 0.0)
        return 0;
    return nc_error_set(err, NC_EINPUT, "%s: %s %g must be positive", kind, name, value);
}

static int need_two_finite(nc_error *err, const char *kind, const char *name1, double v1,
                           const char *name2, double v2)
{
    int rc = need_finite(err, kind, name1, v1);
    return rc ? rc : need_finite(err, kind, name2, v2);
}

static int need_less(nc_error *err, const char *kind, const char *name1, double v1,
                     const char *name2, double v2)
{
    if (v1 < v2)
        return 0;
    return nc_error_set(err, NC_EINPUT, "%s: %s %g must be less than %s %g", kind, name1, v1,
                        name2, v2);
}

/* Parameters derived from valid user values can still overflow or underflow. */
static int need_representable(nc_error *err, const char *kind, const char *name1, double v1,
                              const char *name2, double v2, double derived1, double derived2)
{
    if (isfinite(derived1) && isfinite(derived2) && derived1 > 0.0 && derived2 > 0.0)
        return 0;
    return nc_error_set(err, NC_EINPUT, "%s: %s %g and %s %g are too extreme to represent",
                        kind, name1, v1, name2, v2);
}

static nc_dist make_dist(nc_dist_kind kind, double lo, double hi)
{
    nc_dist d = {.kind = kind, .lo = lo, .hi = hi, .cdf_lo = 0.0, .cdf_hi = 1.0};
    return d;
}

/* ---------------------------------------------------------------- constructors */

/* A point mass at 'value'. */
int nc_dist_fixed(nc_dist *d, double value, nc_error *err)
{
    int rc = need_finite(err, "fixed", "value", value);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_FIXED, value, value);
    d->p1 = value;
    return 0;
}

/* Uniform on [low, high]; needs low < high. */
int nc_dist_uniform(nc_dist *d, double low, double high, nc_error *err)
{
    int rc = need_two_finite(err, "uniform", "low", low, "high", high);
    if (!rc)
        rc = need_less(err, "uniform", "low", low, "high", high);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_UNIFORM, low, high);
    d->p1 = low;
    d->p2 = high;
    return 0;
}

/* Normal with the given mean and sd > 0. */
int nc_dist_normal(nc_dist *d, double mean, double sd, nc_error *err)
{
    int rc = need_two_finite(err, "normal", "mean", mean, "sd", sd);
    if (!rc)
        rc = need_positive(err, "normal", "sd", sd);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_NORMAL, -HUGE_VAL, HUGE_VAL);
    d->p1 = mean;
    d->p2 = sd;
    return 0;
}

static void set_lognormal(nc_dist *d, double mu, double sigma)
{
    *d = make_dist(NC_DIST_LOGNORMAL, 0.0, HUGE_VAL);
    d->p1 = mu;
    d->p2 = sigma;
}

/* Lognormal from its median (> 0) and geometric sd (> 1): mu = ln median, sigma = ln gsd. */
int nc_dist_lognormal_median_gsd(nc_dist *d, double median, double gsd, nc_error *err)
{
    int rc = need_two_finite(err, "lognormal", "median", median, "gsd", gsd);
    if (!rc)
        rc = need_positive(err, "lognormal", "median", median);
    if (!rc && !(gsd > 1.0))
        rc = nc_error_set(err, NC_EINPUT, "lognormal: gsd %g must be greater than 1", gsd);
    if (rc)
        return rc;
    set_lognormal(d, log(median), log(gsd));
    return 0;
}

/*
 * Lognormal from its arithmetic mean and sd (both > 0), by moment matching (Johnson, Kotz &
 * Balakrishnan 1994, Continuous Univariate Distributions vol. 1, ch. 14):
 * sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
 */
int nc_dist_lognormal_mean_sd(nc_dist *d, double mean, double sd, nc_error *err)
{
    int rc = need_two_finite(err, "lognormal", "mean", mean, "sd", sd);
    if (!rc)
        rc = need_positive(err, "lognormal", "mean", mean);
    if (!rc)
        rc = need_positive(err, "lognormal", "sd", sd);
    if (rc)
        return rc;
    double cv = sd / mean, sigma2 = log1p(cv * cv);
    double mu = log(mean) - 0.5 * sigma2, sigma = sqrt(sigma2);
    rc = need_representable(err, "lognormal", "mean", mean, "sd", sd, sigma, fabs(mu) + 1.0);
    if (rc)
        return rc;
    set_lognormal(d, mu, sigma);
    return 0;
}

/*
 * Lognormal whose 5th and 95th percentiles are 'p5' and 'p95' (0 < p5 < p95), the
 * Squiggle/Guesstimate "A to B" range: mu = (ln p5 + ln p95)/2,
 * sigma = (ln p95 - ln p5) / (2 z95) with z95 = Phi^-1(0.95).
 */
int nc_dist_lognormal_p5_p95(nc_dist *d, double p5, double p95, nc_error *err)
{
    int rc = need_two_finite(err, "lognormal", "p5", p5, "p95", p95);
    if (!rc)
        rc = need_positive(err, "lognormal", "p5", p5);
    if (!rc)
        rc = need_less(err, "lognormal", "p5", p5, "p95", p95);
    if (rc)
        return rc;
    double z95 = gsl_cdf_ugaussian_Pinv(0.95);
    double mu = 0.5 * (log(p5) + log(p95)), sigma = (log(p95) - log(p5)) / (2.0 * z95);
    rc = need_representable(err, "lognormal", "p5", p5, "p95", p95, sigma, fabs(mu) + 1.0);
    if (rc)
        return rc;
    set_lognormal(d, mu, sigma);
    return 0;
}

/* Gamma from its mean and sd (both > 0): shape = (mean/sd)^2, scale = sd^2/mean. */
int nc_dist_gamma_mean_sd(nc_dist *d, double mean, double sd, nc_error *err)
{
    int rc = need_two_finite(err, "gamma", "mean", mean, "sd", sd);
    if (!rc)
        rc = need_positive(err, "gamma", "mean", mean);
    if (!rc)
        rc = need_positive(err, "gamma", "sd", sd);
    if (rc)
        return rc;
    double ratio = mean / sd, shape = ratio * ratio, scale = sd / ratio;
    rc = need_representable(err, "gamma", "mean", mean, "sd", sd, shape, scale);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_GAMMA, 0.0, HUGE_VAL);
    d->p1 = shape;
    d->p2 = scale;
    return 0;
}

/*
 * Beta on [0, 1] from its mean m (0 < m < 1) and sd (0 < sd^2 < m(1 - m)), by moment
 * matching: nu = m(1 - m)/sd^2 - 1, alpha = m nu, beta = (1 - m) nu.
 */
int nc_dist_beta_mean_sd(nc_dist *d, double mean, double sd, nc_error *err)
{
    int rc = need_two_finite(err, "beta", "mean", mean, "sd", sd);
    if (!rc && !(mean > 0.0 && mean < 1.0))
        rc = nc_error_set(err, NC_EINPUT, "beta: mean %g must be between 0 and 1 (exclusive)",
                          mean);
    if (!rc)
        rc = need_positive(err, "beta", "sd", sd);
    if (rc)
        return rc;
    double spread = mean * (1.0 - mean), nu = spread / (sd * sd) - 1.0;
    if (!(nu > 0.0))
        return nc_error_set(err, NC_EINPUT, "beta: sd %g is too large for mean %g (needs sd < %.3g)",
                            sd, mean, sqrt(spread));
    rc = need_representable(err, "beta", "mean", mean, "sd", sd, mean * nu, (1.0 - mean) * nu);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_BETA, 0.0, 1.0);
    d->p1 = mean * nu;
    d->p2 = (1.0 - mean) * nu;
    return 0;
}

static int check_min_mode_max(nc_error *err, const char *kind, double min, double mode,
                              double max)
{
    int rc = need_two_finite(err, kind, "min", min, "mode", mode);
    if (!rc)
        rc = need_finite(err, kind, "max", max);
    if (!rc)
        rc = need_less(err, kind, "min", min, "max", max);
    if (!rc && !(min <= mode && mode <= max))
        rc = nc_error_set(err, NC_EINPUT, "%s: mode %g must be between min %g and max %g", kind,
                          mode, min, max);
    return rc;
}

/* Triangular on [min, max] with its peak at 'mode' (min <= mode <= max, min < max). */
int nc_dist_triangular(nc_dist *d, double min, double mode, double max, nc_error *err)
{
    int rc = check_min_mode_max(err, "triangular", min, mode, max);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_TRIANGULAR, min, max);
    d->p1 = min;
    d->p2 = mode;
    d->p3 = max;
    return 0;
}

/*
 * PERT(min, mode, max): min + (max - min) Beta(alpha, beta) with lambda = 4,
 * alpha = 1 + 4 (mode - min)/(max - min), beta = 1 + 4 (max - mode)/(max - min)
 * (Malcolm, Roseboom, Clark & Fazar 1959, Operations Research 7(5); the beta form as in
 * Vose 2008, Risk Analysis, 3rd ed., sec. 9.1.4).
 */
int nc_dist_pert(nc_dist *d, double min, double mode, double max, nc_error *err)
{
    int rc = check_min_mode_max(err, "pert", min, mode, max);
    if (rc)
        return rc;
    double width = max - min;
    *d = make_dist(NC_DIST_PERT, min, max);
    d->p1 = min;
    d->p2 = mode;
    d->p3 = max;
    d->p4 = 1.0 + 4.0 * (mode - min) / width;
    d->p5 = 1.0 + 4.0 * (max - mode) / width;
    return 0;
}

/*
 * Uniform over the n values 'sorted' (ascending, finite, n >= 1), which are borrowed and must
 * outlive 'd'. Repeated values count with their multiplicity.
 */
int nc_dist_empirical(nc_dist *d, const double *sorted, size_t n, nc_error *err)
{
    if (!sorted || n == 0)
        return nc_error_set(err, NC_EINPUT, "empirical: values is empty");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(sorted[i]))
            return nc_error_set(err, NC_EINPUT, "empirical: values[%zu] = %g is not finite", i,
                                sorted[i]);
        if (i > 0 && sorted[i] < sorted[i - 1])
            return nc_error_set(err, NC_EINPUT,
                                "empirical: values must be sorted ascending (values[%zu] = %g "
                                "follows %g)", i, sorted[i], sorted[i - 1]);
    }
    *d = make_dist(NC_DIST_EMPIRICAL, sorted[0], sorted[n - 1]);
    d->values = sorted;
    d->n = n;
    return 0;
}

static double choice_weight(const nc_dist *d, size_t i)
{
    return i == 0 ? d->cum[0] : d->cum[i] - d->cum[i - 1];
}

static int check_choice_cum(const double *cum, size_t n, nc_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(cum[i]) || cum[i] < (i ? cum[i - 1] : 0.0))
            return nc_error_set(err, NC_EINPUT,
                                "choice: weights must be non-negative (cumulative weight %zu is "
                                "%g)", i, cum[i]);
    if (fabs(cum[n - 1] - 1.0) > 1e-9)
        return nc_error_set(err, NC_EINPUT,
                            "choice: weights must be normalised (cumulative total %g, not 1)",
                            cum[n - 1]);
    return 0;
}

/*
 * A discrete distribution over 'values' (finite, any order) with normalised cumulative
 * weights 'cum' (from nc_dist_choice_cum). Both arrays are borrowed and must outlive 'd'.
 */
int nc_dist_choice(nc_dist *d, const double *values, const double *cum, size_t n,
                   nc_error *err)
{
    if (!values || !cum || n == 0)
        return nc_error_set(err, NC_EINPUT, "choice: values is empty");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return nc_error_set(err, NC_EINPUT, "choice: values[%zu] = %g is not finite", i,
                                values[i]);
    int rc = check_choice_cum(cum, n, err);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_CHOICE, HUGE_VAL, -HUGE_VAL);
    d->values = values;
    d->cum = cum;
    d->n = n;
    for (size_t i = 0; i < n; i++) {
        if (choice_weight(d, i) > 0.0) {
            d->lo = fmin(d->lo, values[i]);
            d->hi = fmax(d->hi, values[i]);
        }
    }
    return 0;
}

/*
 * Fill 'cum_out' (n entries) with the running sums of 'weights' divided by their total.
 * Weights must be finite and >= 0 with a positive total. From the last positive weight on,
 * the entries are exactly 1, so a uniform u < 1 never selects a trailing zero weight.
 */
int nc_dist_choice_cum(const double *weights, size_t n, double *cum_out, nc_error *err)
{
    if (!weights || n == 0)
        return nc_error_set(err, NC_EINPUT, "choice: weights is empty");
    double total = 0.0;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(weights[i]) || weights[i] < 0.0)
            return nc_error_set(err, NC_EINPUT, "choice: weights[%zu] = %g must be finite and "
                                "non-negative", i, weights[i]);
        total += weights[i];
        last = weights[i] > 0.0 ? i : last;
    }
    if (!(total > 0.0) || !isfinite(total))
        return nc_error_set(err, NC_EINPUT, "choice: weights sum to %g (needs a positive, "
                            "finite sum)", total);
    double running = 0.0;
    for (size_t i = 0; i < n; i++) {
        running += weights[i];
        cum_out[i] = i >= last ? 1.0 : running / total;
    }
    return 0;
}

/* ---------------------------------------------------------------- continuous kinds, untruncated */

/* Regularised incomplete gamma and beta functions as CDFs, with the edges made explicit. */
static double gamma_P(double x, double shape, double scale)
{
    return x <= 0.0 ? 0.0 : x == HUGE_VAL ? 1.0 : gsl_cdf_gamma_P(x, shape, scale);
}

static double gamma_Q(double x, double shape, double scale)
{
    return x <= 0.0 ? 1.0 : x == HUGE_VAL ? 0.0 : gsl_cdf_gamma_Q(x, shape, scale);
}

static double pert_unit(const nc_dist *d, double x)
{
    return (x - d->p1) / (d->p3 - d->p1);
}

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
static double triangular_quantile(const nc_dist *d, double p)
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
static double base_cdf(const nc_dist *d, double x)
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
static double base_sf(const nc_dist *d, double x)
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
        return triangular_quantile(d, p);
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

/* ---------------------------------------------------------------- discrete kinds */

/* How many of the sorted values are < x (strict) or <= x. */
static size_t count_below(const double *sorted, size_t n, double x, int or_equal)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < x || (or_equal && sorted[mid] == x))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Indices [first, end) of the empirical values kept by the truncation. */
static size_t empirical_first(const nc_dist *d)
{
    return (size_t)(d->cdf_lo * (double)d->n + 0.5);
}

static size_t empirical_end(const nc_dist *d)
{
    return (size_t)(d->cdf_hi * (double)d->n + 0.5);
}

/* Total weight of the choice values in [lo, hi]. */
static double choice_mass_within(const nc_dist *d, double lo, double hi)
{
    double mass = 0.0;
    for (size_t i = 0; i < d->n; i++)
        if (d->values[i] >= lo && d->values[i] <= hi)
            mass += choice_weight(d, i);
    return mass;
}

/* The first index i with u < cum[i]: linear for short lists, binary search otherwise. */
static size_t choice_index(const nc_dist *d, double u)
{
    size_t lo = 0, hi = d->n - 1;
    if (d->n <= 8) {
        while (lo < hi && !(u < d->cum[lo]))
            lo++;
        return lo;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < d->cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ---------------------------------------------------------------- truncation */

/* Kept mass of a continuous distribution on [lo, hi], from the accurate side. */
static double continuous_mass(const nc_dist *d)
{
    if (d->cdf_lo > 0.5)
        return base_sf(d, d->lo) - base_sf(d, d->hi);
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
        d->truncated = choice_mass_within(d, -HUGE_VAL, HUGE_VAL) >
                       choice_mass_within(d, d->lo, d->hi);
        return choice_mass_within(d, d->lo, d->hi);
    default:
        d->cdf_lo = base_cdf(d, d->lo);
        d->cdf_hi = base_cdf(d, d->hi);
        d->truncated = d->cdf_lo > 0.0 || base_sf(d, d->hi) > 0.0;
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
        return nc_error_set(err, NC_EINPUT, "%s: bounds min %g and max %g must be numbers",
                            kind, lo, hi);
    if (lo > hi)
        return nc_error_set(err, NC_EINPUT, "%s: min %g must not be greater than max %g", kind,
                            lo, hi);
    nc_dist t = *d;
    t.lo = fmax(d->lo, lo);
    t.hi = fmin(d->hi, hi);
    double mass = t.lo <= t.hi ? apply_bounds(&t) : 0.0;
    if (!(mass >= MIN_KEPT_MASS))
        return nc_error_set(err, NC_EINPUT, "%s truncated to [%g, %g] holds no probability "
                            "(kept mass %.3g, needs at least %g)", kind, lo, hi, mass,
                            MIN_KEPT_MASS);
    *d = t;
    return 0;
}

/* ---------------------------------------------------------------- sampling */

/* Quantile of the truncated continuous distribution, from the accurate side; the result is
 * kept inside [lo, hi] against rounding in the inverse (NaN passes through). */
static double continuous_quantile(const nc_dist *d, double p)
{
    double x;
    if (d->cdf_lo <= 0.5) {
        x = base_quantile(d, d->cdf_lo + p * (d->cdf_hi - d->cdf_lo));
    } else {
        double s_lo = base_sf(d, d->lo), s_hi = base_sf(d, d->hi);
        x = base_quantile_upper(d, s_lo - p * (s_lo - s_hi));
    }
    return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

static double sample_empirical(const nc_dist *d, gsl_rng *r)
{
    size_t first = empirical_first(d), count = empirical_end(d) - first;
    size_t i = (size_t)(gsl_rng_uniform(r) * (double)count);
    return d->values[first + (i < count ? i : count - 1)];
}

static double sample_untruncated(const nc_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
        return d->p1;
    case NC_DIST_UNIFORM:
        return d->p1 + (d->p2 - d->p1) * gsl_rng_uniform(r);
    case NC_DIST_NORMAL:
        return d->p1 + gsl_ran_gaussian_ziggurat(r, d->p2);
    case NC_DIST_LOGNORMAL:
        return exp(d->p1 + d->p2 * gsl_ran_gaussian_ziggurat(r, 1.0));
    case NC_DIST_GAMMA:
        return gsl_ran_gamma(r, d->p1, d->p2);
    case NC_DIST_BETA:
        return gsl_ran_beta(r, d->p1, d->p2);
    case NC_DIST_TRIANGULAR:
        return triangular_quantile(d, gsl_rng_uniform(r));
    case NC_DIST_PERT:
        return d->p1 + (d->p3 - d->p1) * gsl_ran_beta(r, d->p4, d->p5);
    case NC_DIST_EMPIRICAL:
        return sample_empirical(d, r);
    case NC_DIST_CHOICE:
        return d->values[choice_index(d, gsl_rng_uniform(r))];
    default:
        return NAN;
    }
}

/* A draw among the choice values inside [lo, hi], in proportion to their weights. */
static double sample_choice_truncated(const nc_dist *d, gsl_rng *r)
{
    double u = gsl_rng_uniform(r) * (d->cdf_hi - d->cdf_lo), acc = 0.0, last = NAN;
    for (size_t i = 0; i < d->n; i++) {
        double w = choice_weight(d, i), v = d->values[i];
        if (w > 0.0 && v >= d->lo && v <= d->hi) {
            acc += w;
            last = v;
            if (u < acc)
                return v;
        }
    }
    return last; /* u rounded up to the kept total */
}

/* Rejection from the untruncated sampler, exact and cheap when much mass is kept. */
static double sample_rejection(const nc_dist *d, gsl_rng *r)
{
    for (int i = 0; i < REJECTION_MAX_TRIES; i++) {
        double x = sample_untruncated(d, r);
        if (x >= d->lo && x <= d->hi)
            return x;
    }
    return continuous_quantile(d, gsl_rng_uniform(r));
}

static double sample_truncated(const nc_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
    case NC_DIST_EMPIRICAL:
        return sample_untruncated(d, r);
    case NC_DIST_CHOICE:
        return sample_choice_truncated(d, r);
    case NC_DIST_UNIFORM:
        return d->lo + (d->hi - d->lo) * gsl_rng_uniform(r);
    case NC_DIST_GAMMA:
    case NC_DIST_BETA:
    case NC_DIST_PERT:
        if (d->cdf_hi - d->cdf_lo >= REJECTION_MIN_MASS)
            return sample_rejection(d, r);
        return continuous_quantile(d, gsl_rng_uniform(r));
    default:
        return continuous_quantile(d, gsl_rng_uniform(r));
    }
}

/*
 * One draw from 'd' using only 'r'. Untruncated continuous kinds use GSL's fast samplers
 * (ziggurat normals, Marsaglia-Tsang gammas); truncated ones use the inverse CDF on
 * [F(lo), F(hi)] or, for gamma/beta/PERT keeping >= 25% of the mass, rejection. Never clamps.
 */
double nc_dist_sample(const nc_dist *d, gsl_rng *r)
{
    return d->truncated ? sample_truncated(d, r) : sample_untruncated(d, r);
}

/* ---------------------------------------------------------------- CDF and quantile */

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
        return (base_cdf(d, x) - d->cdf_lo) / (d->cdf_hi - d->cdf_lo);
    double s_lo = base_sf(d, d->lo);
    return (s_lo - base_sf(d, x)) / (s_lo - base_sf(d, d->hi));
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
        return p == 0.0 ? d->lo : p == 1.0 ? d->hi : continuous_quantile(d, p);
    }
}

/* ---------------------------------------------------------------- moments */

typedef struct moments {
    double mean, variance;
} moments;

static moments from_raw(double m1, double m2)
{
    moments m = {m1, fmax(0.0, m2 - m1 * m1)};
    return m;
}

/* P(a < Z <= b) for a standard normal Z, from the accurate side. */
static double gauss_mass(double a, double b)
{
    if (a > 0.0)
        return gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b);
    return gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
}

/* P(lo < X <= hi) for X ~ Gamma(shape, scale) and X ~ Beta(a, b), from the accurate side. */
static double gamma_mass(double shape, double scale, double lo, double hi)
{
    double p_lo = gamma_P(lo, shape, scale);
    if (p_lo > 0.5)
        return gamma_Q(lo, shape, scale) - gamma_Q(hi, shape, scale);
    return gamma_P(hi, shape, scale) - p_lo;
}

static double beta_mass(double a, double b, double lo, double hi)
{
    double p_lo = gsl_cdf_beta_P(lo, a, b);
    if (p_lo > 0.5)
        return gsl_cdf_beta_Q(lo, a, b) - gsl_cdf_beta_Q(hi, a, b);
    return gsl_cdf_beta_P(hi, a, b) - p_lo;
}

/* z * phi(z), zero at infinite z. */
static double z_phi(double z)
{
    return isinf(z) ? 0.0 : z * gsl_ran_ugaussian_pdf(z);
}

/*
 * Normal(mu, sigma) truncated to [lo, hi] (Johnson, Kotz & Balakrishnan 1994, Continuous
 * Univariate Distributions vol. 1, 2nd ed., ch. 13 sec. 10.1): with a, b the standardised
 * bounds and Z = Phi(b) - Phi(a),
 *   mean = mu + sigma (phi(a) - phi(b)) / Z,
 *   var  = sigma^2 [1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2].
 */
static moments normal_truncated(double mu, double sigma, double lo, double hi)
{
    double a = (lo - mu) / sigma, b = (hi - mu) / sigma, z = gauss_mass(a, b);
    double shift = (gsl_ran_ugaussian_pdf(a) - gsl_ran_ugaussian_pdf(b)) / z;
    moments m = {mu + sigma * shift,
                 sigma * sigma * fmax(0.0, 1.0 + (z_phi(a) - z_phi(b)) / z - shift * shift)};
    return m;
}

/*
 * Lognormal(mu, sigma) truncated to [lo, hi], from x^j f(x; mu, sigma) =
 * exp(j mu + j^2 sigma^2 / 2) f(x; mu + j sigma^2, sigma) (JKB 1994 vol. 1, ch. 14):
 * E[X^j | lo <= X <= hi] = exp(j mu + j^2 sigma^2/2) Z(a - j sigma, b - j sigma) / Z(a, b).
 */
static moments lognormal_truncated(double mu, double sigma, double lo, double hi)
{
    double a = (log(lo) - mu) / sigma, b = (log(hi) - mu) / sigma, z = gauss_mass(a, b);
    double m1 = exp(mu + 0.5 * sigma * sigma) * gauss_mass(a - sigma, b - sigma) / z;
    double m2 = exp(2.0 * mu + 2.0 * sigma * sigma) *
                gauss_mass(a - 2.0 * sigma, b - 2.0 * sigma) / z;
    return from_raw(m1, m2);
}

/*
 * Gamma(k, theta) truncated to [lo, hi], from x f(x; k, theta) = k theta f(x; k + 1, theta)
 * (JKB 1994 vol. 1, ch. 17): E[X^j | kept] = theta^j Gamma(k + j)/Gamma(k) * mass(k + j)/mass(k).
 */
static moments gamma_truncated(double k, double theta, double lo, double hi)
{
    double z = gamma_mass(k, theta, lo, hi);
    double m1 = k * theta * gamma_mass(k + 1.0, theta, lo, hi) / z;
    double m2 = k * (k + 1.0) * theta * theta * gamma_mass(k + 2.0, theta, lo, hi) / z;
    return from_raw(m1, m2);
}

/*
 * Beta(a, b) truncated to [lo, hi] within [0, 1], from x f(x; a, b) = a/(a + b) f(x; a + 1, b)
 * (JKB 1995, Continuous Univariate Distributions vol. 2, 2nd ed., ch. 25).
 */
static moments beta_truncated(double a, double b, double lo, double hi)
{
    double z = beta_mass(a, b, lo, hi);
    double m1 = a / (a + b) * beta_mass(a + 1.0, b, lo, hi) / z;
    double m2 = a * (a + 1.0) / ((a + b) * (a + b + 1.0)) * beta_mass(a + 2.0, b, lo, hi) / z;
    return from_raw(m1, m2);
}

static double triangular_pdf(const nc_dist *d, double x)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (x < c)
        return 2.0 * (x - a) / ((b - a) * (c - a));
    return 2.0 * (b - x) / ((b - a) * (b - c));
}

/*
 * Integral over [x1, x2] of (x - center)^power times the triangular pdf, where the pdf is
 * linear: 3-point Gauss-Legendre, exact for these polynomials of degree <= 3 (Abramowitz &
 * Stegun 1964, 25.4.29).
 */
static double triangular_piece(const nc_dist *d, double x1, double x2, double center,
                               int power)
{
    static const double node[3] = {-0.7745966692414834, 0.0, 0.7745966692414834};
    static const double weight[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
    double half = 0.5 * (x2 - x1), mid = 0.5 * (x1 + x2), sum = 0.0;
    if (!(x2 > x1))
        return 0.0;
    for (int i = 0; i < 3; i++) {
        double x = mid + half * node[i], dx = x - center;
        sum += weight[i] * triangular_pdf(d, x) * (power == 0 ? 1.0 : power == 1 ? dx : dx * dx);
    }
    return half * sum;
}

static double triangular_integral(const nc_dist *d, double center, int power)
{
    double c = d->p2;
    return triangular_piece(d, d->lo, fmin(d->hi, c), center, power) +
           triangular_piece(d, fmax(d->lo, c), d->hi, center, power);
}

/* Triangular truncated to [lo, hi]: central moments integrated piece by piece. */
static moments triangular_truncated(const nc_dist *d)
{
    double mass = triangular_integral(d, 0.0, 0);
    double mean = d->lo + triangular_integral(d, d->lo, 1) / mass;
    moments m = {mean, triangular_integral(d, mean, 2) / mass};
    return m;
}

static moments empirical_moments(const nc_dist *d)
{
    size_t first = empirical_first(d), end = empirical_end(d);
    double count = (double)(end - first), sum = 0.0, ss = 0.0;
    for (size_t i = first; i < end; i++)
        sum += d->values[i];
    double mean = sum / count;
    for (size_t i = first; i < end; i++)
        ss += (d->values[i] - mean) * (d->values[i] - mean);
    moments m = {mean, ss / count};
    return m;
}

static moments choice_moments(const nc_dist *d)
{
    double mass = 0.0, sum = 0.0, ss = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        double v = d->values[i], w = choice_weight(d, i);
        if (v >= d->lo && v <= d->hi) {
            mass += w;
            sum += w * v;
        }
    }
    double mean = sum / mass;
    for (size_t i = 0; i < d->n; i++) {
        double v = d->values[i];
        if (v >= d->lo && v <= d->hi)
            ss += choice_weight(d, i) * (v - mean) * (v - mean);
    }
    moments m = {mean, ss / mass};
    return m;
}

static moments scaled(moments m, double offset, double width)
{
    moments s = {offset + width * m.mean, width * width * m.variance};
    return s;
}

/* Closed forms of the untruncated continuous kinds (JKB 1994/1995, the kinds' chapters). */
static moments untruncated_moments(const nc_dist *d)
{
    double p1 = d->p1, p2 = d->p2, p3 = d->p3, ab = d->p4 + d->p5;
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return (moments){0.5 * (p1 + p2), (p2 - p1) * (p2 - p1) / 12.0};
    case NC_DIST_NORMAL:
        return (moments){p1, p2 * p2};
    case NC_DIST_LOGNORMAL:
        return (moments){exp(p1 + 0.5 * p2 * p2), expm1(p2 * p2) * exp(2.0 * p1 + p2 * p2)};
    case NC_DIST_GAMMA:
        return (moments){p1 * p2, p1 * p2 * p2};
    case NC_DIST_BETA:
        return (moments){p1 / (p1 + p2), p1 * p2 / ((p1 + p2) * (p1 + p2) * (p1 + p2 + 1.0))};
    case NC_DIST_TRIANGULAR:
        return (moments){(p1 + p2 + p3) / 3.0,
                         (p1 * p1 + p2 * p2 + p3 * p3 - p1 * p2 - p1 * p3 - p2 * p3) / 18.0};
    case NC_DIST_PERT:
        return scaled((moments){d->p4 / ab, d->p4 * d->p5 / (ab * ab * (ab + 1.0))}, p1,
                      p3 - p1);
    default:
        return (moments){NAN, NAN};
    }
}

static moments truncated_moments(const nc_dist *d)
{
    double w;
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return (moments){0.5 * (d->lo + d->hi), (d->hi - d->lo) * (d->hi - d->lo) / 12.0};
    case NC_DIST_NORMAL:
        return normal_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_LOGNORMAL:
        return lognormal_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_GAMMA:
        return gamma_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_BETA:
        return beta_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_TRIANGULAR:
        return triangular_truncated(d);
    case NC_DIST_PERT:
        w = d->p3 - d->p1;
        return scaled(beta_truncated(d->p4, d->p5, pert_unit(d, d->lo), pert_unit(d, d->hi)),
                      d->p1, w);
    default:
        return (moments){NAN, NAN};
    }
}

static moments dist_moments(const nc_dist *d)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
        return (moments){d->p1, 0.0};
    case NC_DIST_EMPIRICAL:
        return empirical_moments(d);
    case NC_DIST_CHOICE:
        return choice_moments(d);
    default:
        return d->truncated ? truncated_moments(d) : untruncated_moments(d);
    }
}

/*
 * Mean and variance of the (truncated) distribution: closed forms, including the truncated
 * ones (partial moments through incomplete gamma/beta/normal integrals, exact Gauss-Legendre
 * for the triangular). Truncated variances are E[X^2] - E[X]^2 for lognormal, gamma, beta and
 * PERT: relative accuracy degrades as E[X]^2/Var grows (~1e-16 times that ratio).
 */
double nc_dist_mean(const nc_dist *d)
{
    return dist_moments(d).mean;
}

/* See nc_dist_mean. */
double nc_dist_variance(const nc_dist *d)
{
    return dist_moments(d).variance;
}
