/*
 * dist.c - concrete probability distributions (see dist.h): kind names and the constructors
 * that turn a user's parameterisation into canonical parameters.
 *
 * Truncation is in dist_trunc.c, the CDF in dist_cdf.c, quantiles in dist_quantile.c, the
 * incomplete gamma and beta functions in dist_incomplete.c, sampling in dist_sample.c and
 * dist_batch.c, moments in dist_moments.c; the conventions they share (what lo, hi, cdf_lo and
 * cdf_hi hold) are in dist_impl.h.
 */
#include "dist/dist.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "dist/dist_impl.h"

static const char *const kind_names[NC_DIST__COUNT] = {
    "fixed", "uniform",    "normal", "lognormal", "gamma",
    "beta",  "triangular", "pert",   "empirical", "choice"};

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
    return nc_error_set(err, NC_EINPUT, "%s: %s %g must be less than %s %g", kind, name1, v1, name2,
                        v2);
}

/* Parameters derived from valid user values can still overflow or underflow. */
static int need_representable(nc_error *err, const char *kind, const char *name1, double v1,
                              const char *name2, double v2, double derived1, double derived2)
{
    if (isfinite(derived1) && isfinite(derived2) && derived1 > 0.0 && derived2 > 0.0)
        return 0;
    return nc_error_set(err, NC_EINPUT, "%s: %s %g and %s %g are too extreme to represent", kind,
                        name1, v1, name2, v2);
}

/* A support [low, high] whose width overflows cannot be worked with (its CDF and quantile
 * divide and multiply by the width). */
static int need_finite_width(nc_error *err, const char *kind, double low, double high)
{
    if (isfinite(high - low))
        return 0;
    return nc_error_set(err, NC_EINPUT, "%s: %g and %g are too far apart to represent", kind, low,
                        high);
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
    if (!rc)
        rc = need_finite_width(err, "uniform", low, high);
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
    nc_dist__gamma_constants(shape, d->g);
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
        rc =
            nc_error_set(err, NC_EINPUT, "beta: mean %g must be between 0 and 1 (exclusive)", mean);
    if (!rc)
        rc = need_positive(err, "beta", "sd", sd);
    if (rc)
        return rc;
    double spread = mean * (1.0 - mean), nu = spread / (sd * sd) - 1.0;
    if (!(nu > 0.0))
        return nc_error_set(err, NC_EINPUT,
                            "beta: sd %g is too large for mean %g (needs sd < %.3g)", sd, mean,
                            sqrt(spread));
    rc = need_representable(err, "beta", "mean", mean, "sd", sd, mean * nu, (1.0 - mean) * nu);
    if (rc)
        return rc;
    *d = make_dist(NC_DIST_BETA, 0.0, 1.0);
    d->p1 = mean * nu;
    d->p2 = (1.0 - mean) * nu;
    nc_dist__gamma_constants(d->p1, d->g);
    nc_dist__gamma_constants(d->p2, d->g + 3);
    return 0;
}

static int check_min_mode_max(nc_error *err, const char *kind, double min, double mode, double max)
{
    int rc = need_two_finite(err, kind, "min", min, "mode", mode);
    if (!rc)
        rc = need_finite(err, kind, "max", max);
    if (!rc)
        rc = need_less(err, kind, "min", min, "max", max);
    if (!rc && !(min <= mode && mode <= max))
        rc = nc_error_set(err, NC_EINPUT, "%s: mode %g must be between min %g and max %g", kind,
                          mode, min, max);
    if (!rc)
        rc = need_finite_width(err, kind, min, max);
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

/* 4 part / width, also where 4 part overflows (a PERT up to 9e307). */
static double pert_shape_part(double part, double width)
{
    double scaled = 4.0 * part;
    return isfinite(scaled) ? scaled / width : 4.0 * (part / width);
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
    d->p4 = 1.0 + pert_shape_part(mode - min, width);
    d->p5 = 1.0 + pert_shape_part(max - mode, width);
    nc_dist__gamma_constants(d->p4, d->g);
    nc_dist__gamma_constants(d->p5, d->g + 3);
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
                                "follows %g)",
                                i, sorted[i], sorted[i - 1]);
    }
    *d = make_dist(NC_DIST_EMPIRICAL, sorted[0], sorted[n - 1]);
    d->values = sorted;
    d->n = n;
    return 0;
}

static int check_choice_cum(const double *cum, size_t n, nc_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(cum[i]) || cum[i] < (i ? cum[i - 1] : 0.0))
            return nc_error_set(err, NC_EINPUT,
                                "choice: weights must be non-negative (cumulative weight %zu is "
                                "%g)",
                                i, cum[i]);
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
int nc_dist_choice(nc_dist *d, const double *values, const double *cum, size_t n, nc_error *err)
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
            return nc_error_set(err, NC_EINPUT,
                                "choice: weights[%zu] = %g must be finite and "
                                "non-negative",
                                i, weights[i]);
        total += weights[i];
        last = weights[i] > 0.0 ? i : last;
    }
    if (!(total > 0.0) || !isfinite(total))
        return nc_error_set(err, NC_EINPUT,
                            "choice: weights sum to %g (needs a positive, "
                            "finite sum)",
                            total);
    double running = 0.0;
    for (size_t i = 0; i < n; i++) {
        running += weights[i];
        cum_out[i] = i >= last ? 1.0 : running / total;
    }
    return 0;
}
