/*
 * test_dist.c - distributions (sim/dist/dist.h): moments, quantiles, truncation, errors.
 *
 * Every kind and parameterisation is checked three ways: nc_dist_mean/variance against an
 * analytic formula written here (or, for truncated kinds without a textbook formula, against
 * adaptive quadrature of x pdf(x) done here with GSL); the sample mean and variance of
 * N_DRAWS draws against the same values within 4.5 standard errors; and the fraction of draws
 * at or below nc_dist_quantile(p) within 4.5 binomial standard errors of p. Streams are
 * addressed (nc_rng_seek) so every run sees the same draws.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>

#include "dist/dist.h"
#include "dist/dist_batch.h"
#include "dist/dist_cdf.h"
#include "dist/dist_moments.h"
#include "dist/dist_quantile.h"
#include "dist/dist_sample.h"
#include "dist/dist_trunc.h"
#include "rng/rng.h"
#include "rng/rng_batch.h"

#ifndef N_DRAWS
#define N_DRAWS 200000
#endif
#define TEST_SEED 2019
#define Z95 1.6448536269514722 /* Phi^-1(0.95) */
#define MOMENT_REL 1e-8        /* nc_dist_mean/variance vs analytic, relative */

static double draws[N_DRAWS];
static gsl_rng *rng;

/* ---------------------------------------------------------------- helpers */

#define assert_near(got, want, tol) assert_near_at((got), (want), (tol), #got, __FILE__, __LINE__)

static void assert_near_at(double got, double want, double tol, const char *what,
                           const char *file, int line)
{
    if (fabs(got - want) <= tol)
        return;
    print_error("%s = %.17g, want %.17g within %.3g\n", what, got, want, tol);
    _fail(file, line);
}

static void assert_rel(double got, double want, double rel, const char *what, const char *file,
                       int line)
{
    assert_near_at(got, want, rel * fabs(want), what, file, line);
}

static void fill_draws(const nc_dist *d, const char *stream)
{
    nc_rng_seek(rng, TEST_SEED, nc_rng_key(stream), 0, 0, NC_RNG_TRIAL);
    for (size_t i = 0; i < N_DRAWS; i++)
        draws[i] = nc_dist_sample(d, rng);
}

typedef struct sample_stats {
    double mean, var, m4, min, max;
} sample_stats;

static sample_stats stats_of_draws(void)
{
    sample_stats s = {0.0, 0.0, 0.0, HUGE_VAL, -HUGE_VAL};
    for (size_t i = 0; i < N_DRAWS; i++) {
        s.mean += draws[i];
        s.min = fmin(s.min, draws[i]);
        s.max = fmax(s.max, draws[i]);
    }
    s.mean /= N_DRAWS;
    for (size_t i = 0; i < N_DRAWS; i++) {
        double dx = draws[i] - s.mean;
        s.var += dx * dx;
        s.m4 += dx * dx * dx * dx;
    }
    s.var /= N_DRAWS;
    s.m4 /= N_DRAWS;
    return s;
}

/* Fraction of draws <= x (or < x when 'strict'). */
static double fraction_below(double x, int strict)
{
    size_t count = 0;
    for (size_t i = 0; i < N_DRAWS; i++)
        count += strict ? draws[i] < x : draws[i] <= x;
    return (double)count / N_DRAWS;
}

/* P(X < q) <= p <= P(X <= q) for q = Q(p), within 4.5 binomial standard errors. */
static void check_quantiles_against_draws(const nc_dist *d)
{
    static const double probs[] = {0.05, 0.5, 0.95};
    for (size_t i = 0; i < sizeof probs / sizeof probs[0]; i++) {
        double p = probs[i], q = nc_dist_quantile(d, p), se = sqrt(p * (1.0 - p) / N_DRAWS);
        double below = fraction_below(q, 1), upto = fraction_below(q, 0);
        if (!(below - 4.5 * se <= p && p <= upto + 4.5 * se)) {
            print_error("quantile %g = %.17g: %.6f of draws below, %.6f at or below\n", p, q,
                        below, upto);
            fail();
        }
    }
}

/*
 * The full check of one distribution against its analytic mean and variance: the library's
 * moments to MOMENT_REL, N_DRAWS draws (stream 'stream') inside [lo, hi] with sample mean
 * and variance within 4.5 standard errors, and quantiles consistent with the draws.
 */
static void check_distribution(const nc_dist *d, double mean, double var, const char *stream)
{
    assert_rel(nc_dist_mean(d), mean, MOMENT_REL, "nc_dist_mean", __FILE__, __LINE__);
    assert_rel(nc_dist_variance(d), var, MOMENT_REL, "nc_dist_variance", __FILE__, __LINE__);
    fill_draws(d, stream);
    sample_stats s = stats_of_draws();
    assert_true(s.min >= d->lo && s.max <= d->hi);
    assert_near(s.mean, mean, 4.5 * sqrt(var / N_DRAWS));
    assert_near(s.var, var, 4.5 * sqrt((s.m4 - s.var * s.var) / N_DRAWS));
    check_quantiles_against_draws(d);
}

static void assert_ok(int rc, const nc_error *err)
{
    if (rc != 0)
        print_error("unexpected error: %s\n", err->message);
    assert_int_equal(rc, 0);
}

/* A constructor's failure: NC_EINPUT, with 'needle' in the message. */
static void assert_input_error(int rc, const nc_error *err, const char *needle)
{
    assert_int_equal(rc, NC_EINPUT);
    assert_int_equal(err->code, NC_EINPUT);
    if (!strstr(err->message, needle)) {
        print_error("message \"%s\" lacks \"%s\"\n", err->message, needle);
        fail();
    }
}

/* ---------------------------------------------------------------- quadrature (independent) */

typedef double (*pdf_fn)(double x, const double *par);

typedef struct integrand_arg {
    pdf_fn pdf;
    const double *par;
    double center;
    int power;
} integrand_arg;

static double moment_integrand(double x, void *p)
{
    const integrand_arg *a = p;
    double dx = x - a->center;
    return a->pdf(x, a->par) * (a->power == 0 ? 1.0 : a->power == 1 ? dx : dx * dx);
}

static double integrate(gsl_integration_workspace *w, integrand_arg *arg, double lo, double hi)
{
    gsl_function f = {&moment_integrand, arg};
    double result, abserr;
    int rc = isinf(hi) ? gsl_integration_qagiu(&f, lo, 0.0, 1e-12, 1000, w, &result, &abserr)
                       : gsl_integration_qags(&f, lo, hi, 0.0, 1e-12, 1000, w, &result, &abserr);
    assert_true(rc == GSL_SUCCESS || rc == GSL_EROUND);
    return result;
}

/* Mean and variance of the density 'pdf' restricted to [lo, hi], by adaptive quadrature. */
static void quadrature_moments(pdf_fn pdf, const double *par, double lo, double hi,
                               double *mean, double *var)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    assert_non_null(w);
    integrand_arg arg = {pdf, par, 0.0, 0};
    double mass = integrate(w, &arg, lo, hi);
    arg.power = 1;
    *mean = integrate(w, &arg, lo, hi) / mass;
    arg.center = *mean;
    arg.power = 2;
    *var = integrate(w, &arg, lo, hi) / mass;
    gsl_integration_workspace_free(w);
}

static double gamma_pdf(double x, const double *par)
{
    return gsl_ran_gamma_pdf(x, par[0], par[1]);
}

static double beta_pdf(double x, const double *par)
{
    return gsl_ran_beta_pdf(x, par[0], par[1]);
}

/* par = {min, mode, max} */
static double triangular_pdf(double x, const double *par)
{
    double a = par[0], c = par[1], b = par[2];
    if (x < a || x > b)
        return 0.0;
    return x < c ? 2.0 * (x - a) / ((b - a) * (c - a)) : 2.0 * (b - x) / ((b - a) * (b - c));
}

/* par = {min, max, alpha, beta} */
static double pert_pdf(double x, const double *par)
{
    double w = par[1] - par[0];
    return gsl_ran_beta_pdf((x - par[0]) / w, par[2], par[3]) / w;
}

/* ---------------------------------------------------------------- untruncated kinds */

static void test_dist__fixed_is_a_point_mass(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_fixed(&d, 2.385, &err), &err);
    assert_true(nc_dist_mean(&d) == 2.385 && nc_dist_variance(&d) == 0.0);
    assert_true(nc_dist_sample(&d, rng) == 2.385);
    assert_true(nc_dist_quantile(&d, 0.0) == 2.385 && nc_dist_quantile(&d, 1.0) == 2.385);
    assert_true(nc_dist_cdf(&d, 2.384) == 0.0 && nc_dist_cdf(&d, 2.385) == 1.0);
}

static void test_dist__uniform_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double low = 0.43, high = 1.46;
    assert_ok(nc_dist_uniform(&d, low, high, &err), &err);
    check_distribution(&d, (low + high) / 2.0, (high - low) * (high - low) / 12.0, "uniform");
    assert_near(nc_dist_quantile(&d, 0.3), low + 0.3 * (high - low), 1e-15);
}

static void test_dist__normal_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_normal(&d, 2.385, 0.75, &err), &err);
    check_distribution(&d, 2.385, 0.75 * 0.75, "normal");
    assert_near(nc_dist_quantile(&d, 0.95), 2.385 + 0.75 * Z95, 1e-12);
}

/* Analytic lognormal moments: mean exp(mu + s^2/2), var (exp(s^2) - 1) exp(2 mu + s^2). */
static void check_lognormal(const nc_dist *d, double mu, double sigma, const char *stream)
{
    double s2 = sigma * sigma;
    assert_near(d->p1, mu, 1e-12 * fmax(1.0, fabs(mu)));
    assert_near(d->p2, sigma, 1e-12 * sigma);
    check_distribution(d, exp(mu + s2 / 2.0), (exp(s2) - 1.0) * exp(2.0 * mu + s2), stream);
    assert_rel(nc_dist_quantile(d, 0.5), exp(mu), 1e-12, "median", __FILE__, __LINE__);
}

static void test_dist__lognormal_median_gsd_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_lognormal_median_gsd(&d, 50.0, 1.7, &err), &err);
    check_lognormal(&d, log(50.0), log(1.7), "lognormal-median-gsd");
}

/* Given mean and sd, the distribution's mean and sd are exactly those. */
static void test_dist__lognormal_mean_sd_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_lognormal_mean_sd(&d, 50.0, 23.85, &err), &err);
    double s2 = log(1.0 + 23.85 * 23.85 / (50.0 * 50.0));
    check_lognormal(&d, log(50.0) - s2 / 2.0, sqrt(s2), "lognormal-mean-sd");
    assert_rel(nc_dist_mean(&d), 50.0, 1e-12, "mean", __FILE__, __LINE__);
    assert_rel(nc_dist_variance(&d), 23.85 * 23.85, 1e-12, "variance", __FILE__, __LINE__);
}

static void test_dist__lognormal_p5_p95_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_lognormal_p5_p95(&d, 380.0, 480.0, &err), &err);
    double mu = (log(380.0) + log(480.0)) / 2.0, sigma = (log(480.0) - log(380.0)) / (2 * Z95);
    check_lognormal(&d, mu, sigma, "lognormal-p5-p95");
}

static void test_dist__lognormal_p5_p95_matches_quantiles(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_lognormal_p5_p95(&d, 0.43, 1.46, &err), &err);
    assert_rel(nc_dist_quantile(&d, 0.05), 0.43, 1e-9, "p5", __FILE__, __LINE__);
    assert_rel(nc_dist_quantile(&d, 0.95), 1.46, 1e-9, "p95", __FILE__, __LINE__);
    assert_near(nc_dist_cdf(&d, 0.43), 0.05, 1e-12);
    assert_near(nc_dist_cdf(&d, 1.46), 0.95, 1e-12);
}

static void test_dist__gamma_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_gamma_mean_sd(&d, 3.25, 1.7, &err), &err);
    check_distribution(&d, 3.25, 1.7 * 1.7, "gamma");
    assert_ok(nc_dist_gamma_mean_sd(&d, 2.385, 4.0, &err), &err); /* shape 0.36 < 1 */
    check_distribution(&d, 2.385, 16.0, "gamma-small-shape");
}

static void test_dist__beta_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_beta_mean_sd(&d, 0.72, 0.05, &err), &err);
    check_distribution(&d, 0.72, 0.0025, "beta");
    assert_ok(nc_dist_beta_mean_sd(&d, 0.3, 0.35, &err), &err); /* U-shaped: alpha, beta < 1 */
    assert_true(d.p1 < 1.0 && d.p2 < 1.0);
    check_distribution(&d, 0.3, 0.35 * 0.35, "beta-u-shaped");
}

static void test_dist__triangular_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double a = 1.3, c = 1.58, b = 2.0;
    assert_ok(nc_dist_triangular(&d, a, c, b, &err), &err);
    check_distribution(&d, (a + b + c) / 3.0,
                       (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0, "triangular");
    assert_ok(nc_dist_triangular(&d, a, a, b, &err), &err); /* mode at min */
    check_distribution(&d, (a + a + b) / 3.0, (a * a + b * b + a * a - a * b - a * a - a * b) / 18.0,
                       "triangular-mode-at-min");
}

/* At its mode a triangular's CDF is (c - a) / (b - a) (Johnson & Kotz 1999), from the branch
 * of the side below the mode: with the mode 1e-300 above the min, the upper side's
 * 1 - (b - c)^2 / ((b - a)(b - c)) cancels to 0, and with 1e-10 it keeps only ~1e-6 of it. */
static void test_dist__triangular_cdf_at_a_mode_near_the_min(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    static const double modes[] = {1e-300, 1e-10, 0.25};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        assert_ok(nc_dist_triangular(&d, 0.0, modes[i], 1.0, &err), &err);
        double f = nc_dist_cdf(&d, modes[i]);
        if (!(fabs(f - modes[i]) <= 1e-13 * modes[i]))
            fail_msg("triangular(0, %g, 1): F(mode) = %.17g, expected %.17g", modes[i], f,
                     modes[i]);
    }
}

/* PERT's classic moments (Malcolm et al. 1959): mean (min + 4 mode + max)/6, and with
 * lambda = 4, var = (mean - min)(max - mean)/7. */
static void test_dist__pert_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double min = 1.3, mode = 1.58, max = 2.385, mean = (min + 4.0 * mode + max) / 6.0;
    assert_ok(nc_dist_pert(&d, min, mode, max, &err), &err);
    check_distribution(&d, mean, (mean - min) * (max - mean) / 7.0, "pert");
    mean = (min + 4.0 * max + max) / 6.0;
    assert_ok(nc_dist_pert(&d, min, max, max, &err), &err); /* mode at max */
    check_distribution(&d, mean, (mean - min) * (max - mean) / 7.0, "pert-mode-at-max");
}

static const double sample_values[] = {0.5, 1.25, 1.25, 2.385, 3.0, 4.75, 9.5, 12.0};
enum { N_SAMPLE_VALUES = sizeof sample_values / sizeof sample_values[0] };

static void values_moments(const double *v, size_t n, double *mean, double *var)
{
    double sum = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    *mean = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - *mean) * (v[i] - *mean);
    *var = ss / (double)n;
}

static void test_dist__empirical_matches_its_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    assert_ok(nc_dist_empirical(&d, sample_values, N_SAMPLE_VALUES, &err), &err);
    values_moments(sample_values, N_SAMPLE_VALUES, &mean, &var);
    check_distribution(&d, mean, var, "empirical");
}

static void test_dist__choice_matches_its_moments(void **state)
{
    (void)state;
    const double values[] = {250.0, 300.0, 400.0}, weights[] = {0.72, 0.28, 0.0};
    double cum[3], mean = 0.72 * 250.0 + 0.28 * 300.0;
    double var = 0.72 * (250.0 - mean) * (250.0 - mean) + 0.28 * (300.0 - mean) * (300.0 - mean);
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_choice_cum(weights, 3, cum, &err), &err);
    assert_ok(nc_dist_choice(&d, values, cum, 3, &err), &err);
    check_distribution(&d, mean, var, "choice");
}

/* ---------------------------------------------------------------- truncated kinds */

/* Truncated normal moments (Johnson, Kotz & Balakrishnan 1994, vol. 1, ch. 13, sec. 10.1). */
static void jkb_truncated_normal(double mu, double sigma, double lo, double hi, double *mean,
                                 double *var)
{
    double a = (lo - mu) / sigma, b = (hi - mu) / sigma;
    double pa = gsl_ran_ugaussian_pdf(a), pb = gsl_ran_ugaussian_pdf(b);
    double z = gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
    double apa = isinf(a) ? 0.0 : a * pa, bpb = isinf(b) ? 0.0 : b * pb;
    *mean = mu + sigma * (pa - pb) / z;
    *var = sigma * sigma * (1.0 + (apa - bpb) / z - (pa - pb) / z * (pa - pb) / z);
}

static void check_truncated_edges(const nc_dist *d)
{
    assert_true(d->truncated);
    assert_near(nc_dist_cdf(d, d->lo), 0.0, 1e-15);
    assert_near(nc_dist_cdf(d, d->hi), 1.0, 1e-15);
    assert_true(nc_dist_quantile(d, 0.0) == d->lo && nc_dist_quantile(d, 1.0) == d->hi);
}

static void test_dist__truncated_normal_matches_jkb_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    assert_ok(nc_dist_normal(&d, 10.0, 3.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 8.0, 15.0, &err), &err);
    check_truncated_edges(&d);
    jkb_truncated_normal(10.0, 3.0, 8.0, 15.0, &mean, &var);
    check_distribution(&d, mean, var, "normal-truncated");
    assert_ok(nc_dist_normal(&d, 2.385, 1.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 1.5, HUGE_VAL, &err), &err);
    jkb_truncated_normal(2.385, 1.0, 1.5, HUGE_VAL, &mean, &var);
    check_distribution(&d, mean, var, "normal-truncated-below");
}

/* Far in the upper tail F(lo) rounds to 1; the survival function keeps the precision. With
 * mass Q(7) = 1.28e-12 just above the 1e-12 floor, the median is Q^-1(Q(7)/2) and the mean
 * is the inverse Mills ratio phi(7)/Q(7). */
static void test_dist__truncated_normal_upper_tail_keeps_precision(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_normal(&d, 0.0, 1.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 7.0, HUGE_VAL, &err), &err);
    double tail = gsl_cdf_ugaussian_Q(7.0);
    assert_rel(nc_dist_quantile(&d, 0.5), gsl_cdf_ugaussian_Qinv(tail / 2.0), 1e-10, "median",
               __FILE__, __LINE__);
    assert_rel(nc_dist_mean(&d), gsl_ran_ugaussian_pdf(7.0) / tail, 1e-10, "mean", __FILE__,
               __LINE__);
    assert_near(nc_dist_cdf(&d, gsl_cdf_ugaussian_Qinv(tail / 4.0)), 0.75, 1e-9);
    double mean, var;
    jkb_truncated_normal(0.0, 1.0, 7.0, HUGE_VAL, &mean, &var);
    fill_draws(&d, "normal-upper-tail");
    sample_stats s = stats_of_draws();
    assert_true(s.min >= 7.0);
    assert_near(s.mean, nc_dist_mean(&d), 4.5 * sqrt(nc_dist_variance(&d) / N_DRAWS));
}

/* Partial moments of the lognormal: E[X^j | lo <= X <= hi] =
 * exp(j mu + j^2 s^2/2) [Phi(b - j s) - Phi(a - j s)] / [Phi(b) - Phi(a)]. */
static double lognormal_partial(double mu, double s, double lo, double hi, int j)
{
    double a = (log(lo) - mu) / s, b = (log(hi) - mu) / s;
    double num = gsl_cdf_ugaussian_P(b - j * s) - gsl_cdf_ugaussian_P(a - j * s);
    return exp(j * mu + j * j * s * s / 2.0) * num /
           (gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a));
}

/* The headline scenario's duration: lognormal mean 50 h, sd 60 h, bounded to 3 min .. 9 d. */
static void test_dist__truncated_lognormal_matches_partial_moments(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double lo = 0.05, hi = 216.0;
    assert_ok(nc_dist_lognormal_mean_sd(&d, 50.0, 60.0, &err), &err);
    double mu = d.p1, s = d.p2;
    assert_ok(nc_dist_truncate(&d, lo, hi, &err), &err);
    check_truncated_edges(&d);
    double m1 = lognormal_partial(mu, s, lo, hi, 1), m2 = lognormal_partial(mu, s, lo, hi, 2);
    check_distribution(&d, m1, m2 - m1 * m1, "lognormal-truncated");
}

static void test_dist__truncated_gamma_matches_quadrature(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    assert_ok(nc_dist_gamma_mean_sd(&d, 3.25, 1.7, &err), &err);
    const double par[2] = {d.p1, d.p2};
    assert_ok(nc_dist_truncate(&d, 1.0, 5.0, &err), &err); /* mass ~0.8: rejection */
    check_truncated_edges(&d);
    quadrature_moments(gamma_pdf, par, 1.0, 5.0, &mean, &var);
    check_distribution(&d, mean, var, "gamma-truncated-rejection");
    assert_ok(nc_dist_gamma_mean_sd(&d, 3.25, 1.7, &err), &err);
    assert_ok(nc_dist_truncate(&d, 7.5, HUGE_VAL, &err), &err); /* mass ~0.02: inverse CDF */
    quadrature_moments(gamma_pdf, par, 7.5, HUGE_VAL, &mean, &var);
    check_distribution(&d, mean, var, "gamma-truncated-inverse");
}

static void test_dist__truncated_beta_matches_quadrature(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    assert_ok(nc_dist_beta_mean_sd(&d, 0.72, 0.05, &err), &err);
    const double par[2] = {d.p1, d.p2};
    assert_ok(nc_dist_truncate(&d, 0.6, 0.75, &err), &err);
    check_truncated_edges(&d);
    quadrature_moments(beta_pdf, par, 0.6, 0.75, &mean, &var);
    check_distribution(&d, mean, var, "beta-truncated-rejection");
    assert_ok(nc_dist_beta_mean_sd(&d, 0.72, 0.05, &err), &err);
    assert_ok(nc_dist_truncate(&d, 0.8, 0.9, &err), &err); /* mass ~0.05: inverse CDF */
    quadrature_moments(beta_pdf, par, 0.8, 0.9, &mean, &var);
    check_distribution(&d, mean, var, "beta-truncated-inverse");
}

static void test_dist__truncated_pert_matches_quadrature(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    assert_ok(nc_dist_pert(&d, 1.3, 1.58, 2.385, &err), &err);
    const double par[4] = {1.3, 2.385, d.p4, d.p5};
    assert_ok(nc_dist_truncate(&d, 1.0, 1.7, &err), &err);
    check_truncated_edges(&d);
    quadrature_moments(pert_pdf, par, 1.3, 1.7, &mean, &var);
    check_distribution(&d, mean, var, "pert-truncated-rejection");
    assert_ok(nc_dist_pert(&d, 1.3, 1.58, 2.385, &err), &err);
    assert_ok(nc_dist_truncate(&d, 2.0, 3.0, &err), &err);
    quadrature_moments(pert_pdf, par, 2.0, 2.385, &mean, &var);
    check_distribution(&d, mean, var, "pert-truncated-inverse");
}

static void test_dist__truncated_triangular_matches_quadrature(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    const double par[3] = {1.3, 1.58, 2.0};
    assert_ok(nc_dist_triangular(&d, 1.3, 1.58, 2.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 1.4, 1.9, &err), &err);
    check_truncated_edges(&d);
    quadrature_moments(triangular_pdf, par, 1.4, 1.9, &mean, &var);
    check_distribution(&d, mean, var, "triangular-truncated");
    assert_ok(nc_dist_triangular(&d, 1.3, 1.58, 2.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 1.8, 2.385, &err), &err); /* right piece only */
    quadrature_moments(triangular_pdf, par, 1.8, 2.0, &mean, &var);
    check_distribution(&d, mean, var, "triangular-truncated-right");
}

static void test_dist__truncated_uniform_is_uniform_on_the_intersection(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_uniform(&d, 0.43, 1.46, &err), &err);
    assert_ok(nc_dist_truncate(&d, 0.5, 2.385, &err), &err);
    assert_true(d.lo == 0.5 && d.hi == 1.46);
    check_truncated_edges(&d);
    check_distribution(&d, (0.5 + 1.46) / 2.0, (1.46 - 0.5) * (1.46 - 0.5) / 12.0,
                       "uniform-truncated");
}

static void test_dist__truncated_empirical_keeps_values_in_bounds(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    assert_ok(nc_dist_empirical(&d, sample_values, N_SAMPLE_VALUES, &err), &err);
    assert_ok(nc_dist_truncate(&d, 1.25, 4.75, &err), &err); /* values[1..5], bounds included */
    assert_true(d.truncated);
    values_moments(sample_values + 1, 5, &mean, &var);
    check_distribution(&d, mean, var, "empirical-truncated");
    assert_true(nc_dist_quantile(&d, 0.0) == 1.25 && nc_dist_quantile(&d, 1.0) == 4.75);
    assert_near(nc_dist_cdf(&d, 1.25), 0.4, 1e-15);
    assert_near(nc_dist_cdf(&d, 3.1), 0.8, 1e-15);
}

/* Truncation bounds are inclusive: an empirical truncated exactly at two of its values
 * keeps both (DESIGN.md: `min`/`max` bound the support, [min, max]); choices: see
 * test_dist__truncated_choice_renormalises_weights. */
static void test_dist__truncation_at_a_value_keeps_it(void **state)
{
    (void)state;
    const double sorted[] = {1.0, 2.0, 2.385, 3.0, 4.0};
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_empirical(&d, sorted, 5, &err), &err);
    assert_ok(nc_dist_truncate(&d, 2.0, 3.0, &err), &err); /* 2, 2.385, 3 */
    double mean = (2.0 + 2.385 + 3.0) / 3.0;
    double var = ((2.0 - mean) * (2.0 - mean) + (2.385 - mean) * (2.385 - mean) +
                  (3.0 - mean) * (3.0 - mean)) / 3.0;
    check_distribution(&d, mean, var, "empirical-at-bounds");
    assert_true(nc_dist_quantile(&d, 1.0) == 3.0);
}

/* Truncating beyond the natural support changes nothing: uniform(1, 3) with max 5 still
 * ends at 3, a beta with max 2 at 1. */
static void test_dist__truncation_beyond_the_support_keeps_it(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_uniform(&d, 1.0, 3.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 0.0, 5.0, &err), &err);
    assert_true(nc_dist_quantile(&d, 0.0) == 1.0 && nc_dist_quantile(&d, 1.0) == 3.0);
    check_distribution(&d, 2.0, 4.0 / 12.0, "uniform-wide-bounds");
    assert_ok(nc_dist_beta_mean_sd(&d, 0.3, 0.1, &err), &err);
    assert_ok(nc_dist_truncate(&d, -1.0, 2.0, &err), &err);
    assert_true(nc_dist_quantile(&d, 0.0) == 0.0 && nc_dist_quantile(&d, 1.0) == 1.0);
}

/* The discrete quantiles are the generalised inverse min{x : F(x) >= p} (Hyndman & Fan 1996,
 * type 1): the median of a fair coin on {1, 2} is 1; the 0.3-quantile of {1, 2, 3, 4} is 2. */
static void test_dist__discrete_quantiles_are_the_generalised_inverse(void **state)
{
    (void)state;
    const double coin[] = {1.0, 2.0}, even[] = {1.0, 1.0}, four[] = {1.0, 2.0, 3.0, 4.0};
    double cum[2];
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_choice_cum(even, 2, cum, &err), &err);
    assert_ok(nc_dist_choice(&d, coin, cum, 2, &err), &err);
    assert_true(nc_dist_quantile(&d, 0.5) == 1.0);
    assert_true(nc_dist_quantile(&d, 0.5000001) == 2.0);
    assert_ok(nc_dist_empirical(&d, four, 4, &err), &err);
    assert_true(nc_dist_quantile(&d, 0.3) == 2.0);
    assert_true(nc_dist_quantile(&d, 0.25) == 1.0);
}

static void test_dist__truncated_choice_renormalises_weights(void **state)
{
    (void)state;
    const double values[] = {4.0, 1.0, 2.385, 3.0}, weights[] = {1.0, 2.0, 3.0, 4.0};
    double cum[4];
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_choice_cum(weights, 4, cum, &err), &err);
    assert_ok(nc_dist_choice(&d, values, cum, 4, &err), &err);
    assert_ok(nc_dist_truncate(&d, 2.0, 3.5, &err), &err); /* keeps 2.385 (3/7), 3 (4/7) */
    double mean = (3.0 * 2.385 + 4.0 * 3.0) / 7.0;
    double var = (3.0 * (2.385 - mean) * (2.385 - mean) + 4.0 * (3.0 - mean) * (3.0 - mean)) / 7.0;
    check_distribution(&d, mean, var, "choice-truncated");
    assert_near(nc_dist_cdf(&d, 2.385), 3.0 / 7.0, 1e-15);
    assert_true(nc_dist_quantile(&d, 0.0) == 2.385 && nc_dist_quantile(&d, 0.5) == 3.0);
    assert_true(nc_dist_quantile(&d, 1.0) == 3.0);
    /* bounds are inclusive: truncated at exactly 2.385 and 3 it keeps both */
    assert_ok(nc_dist_choice(&d, values, cum, 4, &err), &err);
    assert_ok(nc_dist_truncate(&d, 2.385, 3.0, &err), &err);
    check_distribution(&d, mean, var, "choice-at-bounds");
    assert_true(nc_dist_quantile(&d, 1.0) == 3.0);
}

/* Bounds at or beyond the natural support cut nothing, so the fast samplers stay in use. */
static void test_dist__truncation_to_natural_support_is_not_truncation(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_normal(&d, 2.385, 1.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, -HUGE_VAL, HUGE_VAL, &err), &err);
    assert_false(d.truncated);
    assert_ok(nc_dist_gamma_mean_sd(&d, 2.385, 1.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, -5.0, HUGE_VAL, &err), &err);
    assert_false(d.truncated);
    assert_ok(nc_dist_beta_mean_sd(&d, 0.3, 0.1, &err), &err);
    assert_ok(nc_dist_truncate(&d, 0.0, 1.0, &err), &err);
    assert_false(d.truncated);
    assert_ok(nc_dist_triangular(&d, 1.3, 1.58, 2.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 1.3, 2.385, &err), &err);
    assert_false(d.truncated);
    assert_true(d.lo == 1.3 && d.hi == 2.0);
    assert_ok(nc_dist_fixed(&d, 2.385, &err), &err);
    assert_ok(nc_dist_truncate(&d, 0.0, 5.0, &err), &err);
    assert_false(d.truncated);
    assert_ok(nc_dist_normal(&d, 0.0, 1.0, &err), &err); /* cuts 1.5e-23: still truncated */
    assert_ok(nc_dist_truncate(&d, -10.0, HUGE_VAL, &err), &err);
    assert_true(d.truncated);
}

static void test_dist__truncation_intersects_earlier_bounds(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double mean, var;
    assert_ok(nc_dist_normal(&d, 10.0, 3.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 8.0, HUGE_VAL, &err), &err);
    assert_ok(nc_dist_truncate(&d, -HUGE_VAL, 15.0, &err), &err);
    assert_ok(nc_dist_truncate(&d, 2.385, 23.85, &err), &err);
    assert_true(d.lo == 8.0 && d.hi == 15.0);
    jkb_truncated_normal(10.0, 3.0, 8.0, 15.0, &mean, &var);
    assert_rel(nc_dist_mean(&d), mean, MOMENT_REL, "mean", __FILE__, __LINE__);
    assert_rel(nc_dist_variance(&d), var, MOMENT_REL, "variance", __FILE__, __LINE__);
}

/* Field by field: the struct has padding, which memcmp would read. */
static void assert_same_dist(const nc_dist *a, const nc_dist *b)
{
    assert_int_equal(a->kind, b->kind);
    assert_true(a->p1 == b->p1 && a->p2 == b->p2 && a->p3 == b->p3 && a->p4 == b->p4 &&
                a->p5 == b->p5);
    assert_true(a->lo == b->lo && a->hi == b->hi);
    assert_true(a->cdf_lo == b->cdf_lo && a->cdf_hi == b->cdf_hi);
    assert_int_equal(a->truncated, b->truncated);
    assert_true(a->values == b->values && a->cum == b->cum && a->n == b->n);
}

static void assert_truncation_fails(nc_dist *d, double lo, double hi, const char *needle)
{
    nc_error err;
    nc_dist before = *d;
    assert_input_error(nc_dist_truncate(d, lo, hi, &err), &err, needle);
    assert_same_dist(d, &before); /* left unchanged */
}

static void test_dist__truncation_without_mass_is_an_error(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_fixed(&d, 5.0, &err), &err);
    assert_truncation_fails(&d, 0.0, 1.0, "fixed truncated to [0, 1] holds no probability");
    assert_ok(nc_dist_normal(&d, 0.0, 1.0, &err), &err);
    assert_truncation_fails(&d, 50.0, 60.0, "normal truncated to [50, 60] holds no probability");
    assert_truncation_fails(&d, 2.385, 2.385, "holds no probability");
    assert_ok(nc_dist_gamma_mean_sd(&d, 2.385, 1.0, &err), &err);
    assert_truncation_fails(&d, -3.0, -1.0, "holds no probability");
    assert_ok(nc_dist_empirical(&d, sample_values, N_SAMPLE_VALUES, &err), &err);
    assert_truncation_fails(&d, 5.0, 9.0, "empirical truncated to [5, 9] holds no probability");
    const double values[] = {1.0, 2.0}, weights[] = {1.0, 0.0};
    double cum[2];
    assert_ok(nc_dist_choice_cum(weights, 2, cum, &err), &err);
    assert_ok(nc_dist_choice(&d, values, cum, 2, &err), &err);
    assert_truncation_fails(&d, 1.5, 2.385, "choice truncated to [1.5, 2.385] holds no");
}

static void test_dist__truncation_with_bad_bounds_is_an_error(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_normal(&d, 0.0, 1.0, &err), &err);
    assert_truncation_fails(&d, 2.385, 1.5, "normal: min 2.385 must not be greater than max 1.5");
    assert_truncation_fails(&d, NAN, 1.5, "must be numbers");
    assert_truncation_fails(&d, 0.0, NAN, "must be numbers");
}

/* ---------------------------------------------------------------- CDF and quantile */

static void check_round_trip(const nc_dist *d)
{
    static const double probs[] = {1e-6, 0.001, 0.05, 0.3, 0.5, 0.77, 0.95, 0.999, 1 - 1e-6};
    for (size_t i = 0; i < sizeof probs / sizeof probs[0]; i++) {
        double x = nc_dist_quantile(d, probs[i]);
        assert_true(x >= d->lo && x <= d->hi);
        assert_near(nc_dist_cdf(d, x), probs[i], 1e-9);
        assert_near(nc_dist_quantile(d, nc_dist_cdf(d, x)), x, 1e-7 * fmax(1.0, fabs(x)));
    }
}

static void test_dist__cdf_and_quantile_round_trip(void **state)
{
    (void)state;
    nc_dist d[40];
    nc_error err;
    int n = 0;
    assert_ok(nc_dist_uniform(&d[n++], 0.43, 1.46, &err), &err);
    assert_ok(nc_dist_normal(&d[n++], 2.385, 0.75, &err), &err);
    assert_ok(nc_dist_lognormal_p5_p95(&d[n++], 380.0, 480.0, &err), &err);
    assert_ok(nc_dist_gamma_mean_sd(&d[n++], 3.25, 1.7, &err), &err);
    assert_ok(nc_dist_gamma_mean_sd(&d[n++], 2.385, 4.0, &err), &err);
    assert_ok(nc_dist_beta_mean_sd(&d[n++], 0.72, 0.05, &err), &err);
    assert_ok(nc_dist_beta_mean_sd(&d[n++], 0.3, 0.35, &err), &err);
    assert_ok(nc_dist_triangular(&d[n++], 1.3, 1.58, 2.0, &err), &err);
    assert_ok(nc_dist_pert(&d[n++], 1.3, 1.58, 2.385, &err), &err);
    int untruncated = n;
    for (int i = 0; i < untruncated; i++) { /* a middle range, and one in the upper tail */
        d[n] = d[i];
        assert_ok(nc_dist_truncate(&d[n++], nc_dist_quantile(&d[i], 0.1),
                                   nc_dist_quantile(&d[i], 0.8), &err), &err);
        d[n] = d[i];
        assert_ok(nc_dist_truncate(&d[n++], nc_dist_quantile(&d[i], 0.9),
                                   nc_dist_quantile(&d[i], 0.999), &err), &err);
        assert_true(d[n - 1].cdf_lo > 0.5);
    }
    assert_ok(nc_dist_normal(&d[n], 0.0, 1.0, &err), &err);
    assert_ok(nc_dist_truncate(&d[n++], 4.0, 6.0, &err), &err); /* upper tail */
    assert_true(n <= (int)(sizeof d / sizeof d[0]));
    for (int i = 0; i < n; i++)
        check_round_trip(&d[i]);
}

static void test_dist__quantile_outside_unit_interval_is_nan(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_normal(&d, 0.0, 1.0, &err), &err);
    assert_true(isnan(nc_dist_quantile(&d, -0.1)) && isnan(nc_dist_quantile(&d, 1.5)));
    assert_true(isnan(nc_dist_quantile(&d, NAN)) && isnan(nc_dist_cdf(&d, NAN)));
    assert_true(nc_dist_quantile(&d, 0.0) == -HUGE_VAL && nc_dist_quantile(&d, 1.0) == HUGE_VAL);
}

/* ---------------------------------------------------------------- discrete kinds */

static void check_choice_frequencies(const double *weights, size_t n, const char *stream)
{
    double values[16], cum[16], count[16] = {0}, total = 0.0, chi2 = 0.0;
    nc_dist d;
    nc_error err;
    for (size_t i = 0; i < n; i++) {
        values[i] = (double)i;
        total += weights[i];
    }
    assert_ok(nc_dist_choice_cum(weights, n, cum, &err), &err);
    assert_ok(nc_dist_choice(&d, values, cum, n, &err), &err);
    fill_draws(&d, stream);
    for (size_t i = 0; i < N_DRAWS; i++)
        count[(size_t)draws[i]] += 1.0;
    int categories = 0;
    for (size_t i = 0; i < n; i++) {
        double expected = N_DRAWS * weights[i] / total;
        if (weights[i] == 0.0) {
            assert_true(count[i] == 0.0);
            continue;
        }
        chi2 += (count[i] - expected) * (count[i] - expected) / expected;
        categories++;
    }
    assert_true(chi2 < gsl_cdf_chisq_Qinv(1e-6, categories - 1));
}

static void test_dist__choice_frequencies_match_weights(void **state)
{
    (void)state;
    const double few[] = {0.72, 0.28, 0.0}; /* linear scan */
    const double many[] = {1.0, 2.385, 0.0, 4.0, 0.5, 3.0, 7.25, 1.5, 0.0, 2.0, 6.0, 0.125};
    check_choice_frequencies(few, 3, "choice-few");
    check_choice_frequencies(many, 12, "choice-many"); /* binary search */
}

static void test_dist__empirical_draws_only_given_values(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double count[N_SAMPLE_VALUES] = {0}, chi2 = 0.0;
    assert_ok(nc_dist_empirical(&d, sample_values, N_SAMPLE_VALUES, &err), &err);
    fill_draws(&d, "empirical-values");
    for (size_t i = 0; i < N_DRAWS; i++) {
        size_t k = 0;
        while (k < N_SAMPLE_VALUES && sample_values[k] != draws[i])
            k++;
        assert_true(k < N_SAMPLE_VALUES);
        count[k] += 1.0;
    }
    /* 1.25 appears twice: its index 1 collects both; each distinct value 1/8 or 2/8 */
    for (size_t k = 0; k < N_SAMPLE_VALUES; k++) {
        double expected = k == 1 ? N_DRAWS / 4.0 : k == 2 ? 0.0 : N_DRAWS / 8.0;
        if (expected > 0.0)
            chi2 += (count[k] - expected) * (count[k] - expected) / expected;
    }
    assert_true(chi2 < gsl_cdf_chisq_Qinv(1e-6, 6));
}

/* Type-1 quantile: the ceil(p n)-th smallest value; CDF is the step function. */
static void test_dist__empirical_quantile_is_type_1(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_empirical(&d, sample_values, N_SAMPLE_VALUES, &err), &err);
    assert_true(nc_dist_quantile(&d, 0.0) == 0.5);
    assert_true(nc_dist_quantile(&d, 0.125) == 0.5);
    assert_true(nc_dist_quantile(&d, 0.126) == 1.25);
    assert_true(nc_dist_quantile(&d, 0.5) == 2.385);
    assert_true(nc_dist_quantile(&d, 0.51) == 3.0);
    assert_true(nc_dist_quantile(&d, 1.0) == 12.0);
    assert_true(nc_dist_cdf(&d, 0.4) == 0.0);
    assert_true(nc_dist_cdf(&d, 1.25) == 0.375);
    assert_true(nc_dist_cdf(&d, 2.384) == 0.375);
    assert_true(nc_dist_cdf(&d, 12.0) == 1.0);
}

static void test_dist__choice_cum_normalises_and_pins_the_end(void **state)
{
    (void)state;
    const double weights[] = {0.1, 0.2, 0.3, 0.0, 0.0};
    double cum[5];
    nc_error err;
    assert_ok(nc_dist_choice_cum(weights, 5, cum, &err), &err);
    assert_near(cum[0], 1.0 / 6.0, 1e-15);
    assert_near(cum[1], 0.5, 1e-15);
    assert_true(cum[2] == 1.0 && cum[3] == 1.0 && cum[4] == 1.0);
}

/* ---------------------------------------------------------------- names, errors */

static void test_dist__kind_names_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < NC_DIST__COUNT; k++)
        assert_int_equal(nc_dist_kind_lookup(nc_dist_kind_name((nc_dist_kind)k)), k);
    assert_string_equal(nc_dist_kind_name(NC_DIST_PERT), "pert");
    assert_int_equal(nc_dist_kind_lookup("lognormal"), NC_DIST_LOGNORMAL);
    assert_int_equal(nc_dist_kind_lookup("Lognormal"), -1);
    assert_int_equal(nc_dist_kind_lookup(NULL), -1);
    assert_string_equal(nc_dist_kind_name(NC_DIST__COUNT), "unknown");
}

static void test_dist__fixed_and_uniform_errors_name_the_parameter(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_input_error(nc_dist_fixed(&d, NAN, &err), &err, "fixed: value nan is not finite");
    assert_input_error(nc_dist_fixed(&d, HUGE_VAL, &err), &err, "fixed: value inf");
    assert_input_error(nc_dist_uniform(&d, NAN, 1.46, &err), &err, "uniform: low nan");
    assert_input_error(nc_dist_uniform(&d, 0.43, -HUGE_VAL, &err), &err, "uniform: high -inf");
    assert_input_error(nc_dist_uniform(&d, 2.385, 2.385, &err), &err,
                       "uniform: low 2.385 must be less than high 2.385");
    assert_input_error(nc_dist_uniform(&d, 2.385, 1.46, &err), &err,
                       "uniform: low 2.385 must be less than high 1.46");
}

static void test_dist__normal_errors_name_the_parameter(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_input_error(nc_dist_normal(&d, HUGE_VAL, 1.5, &err), &err, "normal: mean inf");
    assert_input_error(nc_dist_normal(&d, 2.385, NAN, &err), &err, "normal: sd nan");
    assert_input_error(nc_dist_normal(&d, 2.385, 0.0, &err), &err,
                       "normal: sd 0 must be positive");
    assert_input_error(nc_dist_normal(&d, 2.385, -1.5, &err), &err,
                       "normal: sd -1.5 must be positive");
}

static void test_dist__lognormal_errors_name_the_parameter(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_input_error(nc_dist_lognormal_median_gsd(&d, NAN, 1.7, &err), &err,
                       "lognormal: median nan");
    assert_input_error(nc_dist_lognormal_median_gsd(&d, 2.385, HUGE_VAL, &err), &err,
                       "lognormal: gsd inf");
    assert_input_error(nc_dist_lognormal_median_gsd(&d, -2.385, 1.7, &err), &err,
                       "lognormal: median -2.385 must be positive");
    assert_input_error(nc_dist_lognormal_median_gsd(&d, 2.385, 1.0, &err), &err,
                       "lognormal: gsd 1 must be greater than 1");
    assert_input_error(nc_dist_lognormal_median_gsd(&d, 2.385, 0.75, &err), &err,
                       "lognormal: gsd 0.75");
    assert_input_error(nc_dist_lognormal_mean_sd(&d, 0.0, 1.7, &err), &err,
                       "lognormal: mean 0 must be positive");
    assert_input_error(nc_dist_lognormal_mean_sd(&d, 2.385, -1.7, &err), &err,
                       "lognormal: sd -1.7 must be positive");
    assert_input_error(nc_dist_lognormal_mean_sd(&d, 2.385, NAN, &err), &err,
                       "lognormal: sd nan");
    assert_input_error(nc_dist_lognormal_mean_sd(&d, 1e-300, 1e300, &err), &err,
                       "too extreme");
    assert_input_error(nc_dist_lognormal_p5_p95(&d, 0.0, 4.8, &err), &err,
                       "lognormal: p5 0 must be positive");
    assert_input_error(nc_dist_lognormal_p5_p95(&d, 4.8, 2.385, &err), &err,
                       "lognormal: p5 4.8 must be less than p95 2.385");
    assert_input_error(nc_dist_lognormal_p5_p95(&d, 2.385, 2.385, &err), &err,
                       "must be less than p95");
    assert_input_error(nc_dist_lognormal_p5_p95(&d, 2.385, HUGE_VAL, &err), &err,
                       "lognormal: p95 inf");
    assert_input_error(nc_dist_lognormal_p5_p95(&d, 1e300, nextafter(1e300, HUGE_VAL), &err),
                       &err, "too extreme"); /* equal logarithms: sigma 0 */
}

static void test_dist__gamma_errors_name_the_parameter(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_input_error(nc_dist_gamma_mean_sd(&d, NAN, 1.7, &err), &err, "gamma: mean nan");
    assert_input_error(nc_dist_gamma_mean_sd(&d, 2.385, -HUGE_VAL, &err), &err, "gamma: sd -inf");
    assert_input_error(nc_dist_gamma_mean_sd(&d, -2.385, 1.7, &err), &err,
                       "gamma: mean -2.385 must be positive");
    assert_input_error(nc_dist_gamma_mean_sd(&d, 2.385, 0.0, &err), &err,
                       "gamma: sd 0 must be positive");
    assert_input_error(nc_dist_gamma_mean_sd(&d, 1e300, 1e-300, &err), &err, "too extreme");
}

static void test_dist__beta_errors_name_the_parameter(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_input_error(nc_dist_beta_mean_sd(&d, NAN, 0.05, &err), &err, "beta: mean nan");
    assert_input_error(nc_dist_beta_mean_sd(&d, 0.72, HUGE_VAL, &err), &err, "beta: sd inf");
    assert_input_error(nc_dist_beta_mean_sd(&d, 0.0, 0.05, &err), &err,
                       "beta: mean 0 must be between 0 and 1 (exclusive)");
    assert_input_error(nc_dist_beta_mean_sd(&d, 1.0, 0.05, &err), &err, "beta: mean 1 must");
    assert_input_error(nc_dist_beta_mean_sd(&d, 2.385, 0.05, &err), &err, "beta: mean 2.385");
    assert_input_error(nc_dist_beta_mean_sd(&d, 0.72, -0.05, &err), &err,
                       "beta: sd -0.05 must be positive");
    assert_input_error(nc_dist_beta_mean_sd(&d, 0.3, 0.6, &err), &err,
                       "beta: sd 0.6 is too large for mean 0.3 (needs sd < 0.458)");
    assert_string_equal(err.message, "beta: sd 0.6 is too large for mean 0.3 (needs sd < 0.458)");
    assert_input_error(nc_dist_beta_mean_sd(&d, 0.5, 0.5, &err), &err, "needs sd < 0.5");
    assert_input_error(nc_dist_beta_mean_sd(&d, 0.5, 1e-200, &err), &err, "too extreme");
}

static void test_dist__triangular_and_pert_errors_name_the_parameter(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    assert_input_error(nc_dist_triangular(&d, NAN, 1.58, 2.0, &err), &err, "triangular: min nan");
    assert_input_error(nc_dist_triangular(&d, 1.3, HUGE_VAL, 2.0, &err), &err,
                       "triangular: mode inf");
    assert_input_error(nc_dist_triangular(&d, 1.3, 1.58, NAN, &err), &err, "triangular: max nan");
    assert_input_error(nc_dist_triangular(&d, 2.385, 2.385, 2.385, &err), &err,
                       "triangular: min 2.385 must be less than max 2.385");
    assert_input_error(nc_dist_triangular(&d, 1.3, 2.385, 2.0, &err), &err,
                       "triangular: mode 2.385 must be between min 1.3 and max 2");
    assert_input_error(nc_dist_triangular(&d, 1.3, 1.2, 2.0, &err), &err, "mode 1.2 must be");
    assert_input_error(nc_dist_pert(&d, 2.385, 1.58, 1.3, &err), &err,
                       "pert: min 2.385 must be less than max 1.3");
    assert_input_error(nc_dist_pert(&d, 1.3, 0.43, 2.385, &err), &err,
                       "pert: mode 0.43 must be between min 1.3 and max 2.385");
    assert_input_error(nc_dist_pert(&d, 1.3, 1.58, -HUGE_VAL, &err), &err, "pert: max -inf");
}

static void test_dist__empirical_and_choice_errors_name_the_parameter(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    const double unsorted[] = {0.5, 2.385, 1.25}, with_nan[] = {0.5, NAN};
    assert_input_error(nc_dist_empirical(&d, sample_values, 0, &err), &err,
                       "empirical: values is empty");
    assert_input_error(nc_dist_empirical(&d, NULL, 3, &err), &err, "values is empty");
    assert_input_error(nc_dist_empirical(&d, with_nan, 2, &err), &err,
                       "empirical: values[1] = nan is not finite");
    assert_input_error(nc_dist_empirical(&d, unsorted, 3, &err), &err,
                       "empirical: values must be sorted ascending (values[2] = 1.25 follows "
                       "2.385)");
    double cum[3];
    const double negative[] = {0.5, -2.385, 1.0}, zeros[] = {0.0, 0.0, 0.0};
    const double huge[] = {1e308, 1e308, 1e308}, nan_w[] = {0.5, 1.0, NAN};
    assert_input_error(nc_dist_choice_cum(negative, 0, cum, &err), &err,
                       "choice: weights is empty");
    assert_input_error(nc_dist_choice_cum(negative, 3, cum, &err), &err,
                       "choice: weights[1] = -2.385 must be finite and non-negative");
    assert_input_error(nc_dist_choice_cum(nan_w, 3, cum, &err), &err, "weights[2] = nan");
    assert_input_error(nc_dist_choice_cum(zeros, 3, cum, &err), &err,
                       "choice: weights sum to 0 (needs a positive, finite sum)");
    assert_input_error(nc_dist_choice_cum(huge, 3, cum, &err), &err, "weights sum to inf");
    const double values[] = {1.0, 2.0, 3.0}, bad_total[] = {0.25, 0.5, 0.75};
    const double decreasing[] = {0.5, 0.25, 1.0}, good[] = {0.25, 0.5, 1.0};
    assert_input_error(nc_dist_choice(&d, values, good, 0, &err), &err, "choice: values is empty");
    assert_input_error(nc_dist_choice(&d, with_nan, good, 2, &err), &err,
                       "choice: values[1] = nan is not finite");
    assert_input_error(nc_dist_choice(&d, values, bad_total, 3, &err), &err,
                       "choice: weights must be normalised (cumulative total 0.75, not 1)");
    assert_input_error(nc_dist_choice(&d, values, decreasing, 3, &err), &err,
                       "choice: weights must be non-negative (cumulative weight 1 is 0.25)");
}

/* A failing constructor leaves '*d' as it was. */
static void test_dist__failed_constructor_leaves_dist_unchanged(void **state)
{
    (void)state;
    nc_dist d, before;
    nc_error err;
    assert_ok(nc_dist_normal(&d, 2.385, 0.75, &err), &err);
    before = d;
    assert_int_equal(nc_dist_gamma_mean_sd(&d, 2.385, -1.0, &err), NC_EINPUT);
    assert_int_equal(nc_dist_pert(&d, 3.0, 2.0, 1.0, &err), NC_EINPUT);
    assert_same_dist(&d, &before);
}

/* The same address gives the same draws; a different trial gives different ones. */
static void test_dist__sampling_is_reproducible_per_address(void **state)
{
    (void)state;
    nc_dist d;
    nc_error err;
    double first[32], again[32], other[32];
    assert_ok(nc_dist_gamma_mean_sd(&d, 3.25, 1.7, &err), &err);
    uint64_t key = nc_rng_key("stages.grid-searches.duration");
    nc_rng_seek(rng, TEST_SEED, key, 3, 17, NC_RNG_TRIAL);
    for (int i = 0; i < 32; i++)
        first[i] = nc_dist_sample(&d, rng);
    nc_rng_seek(rng, TEST_SEED, key, 3, 18, NC_RNG_TRIAL);
    for (int i = 0; i < 32; i++)
        other[i] = nc_dist_sample(&d, rng);
    nc_rng_seek(rng, TEST_SEED, key, 3, 17, NC_RNG_TRIAL);
    for (int i = 0; i < 32; i++)
        again[i] = nc_dist_sample(&d, rng);
    assert_memory_equal(first, again, sizeof first);
    assert_memory_not_equal(first, other, sizeof first);
}

/* The ziggurat's tail (beyond r = 3.654, its own sampler) and wedges (the layers' curved
 * edges): the frequencies of |Z| > z for z in and beyond them match 2 (1 - Phi(z)) within 5
 * binomial standard errors over 4 million draws. */
static void test_dist__normal_tail_and_wedge_frequencies(void **state)
{
    (void)state;
    enum { N = 4000000 };
    static const double z[] = {0.5, 1.0, 2.0, 3.0, 3.5, 3.7, 4.0, 4.5};
    size_t count[sizeof z / sizeof z[0]] = {0};
    nc_dist d;
    nc_error err;
    assert_ok(nc_dist_normal(&d, 0.0, 1.0, &err), &err);
    nc_rng_seek(rng, TEST_SEED, nc_rng_key("normal-tails"), 0, 0, NC_RNG_TRIAL);
    for (size_t i = 0; i < N; i++) {
        double x = fabs(nc_dist_sample(&d, rng));
        for (size_t k = 0; k < sizeof z / sizeof z[0]; k++)
            count[k] += x > z[k];
    }
    for (size_t k = 0; k < sizeof z / sizeof z[0]; k++) {
        double p = 2.0 * gsl_cdf_ugaussian_Q(z[k]), se = sqrt(p * (1.0 - p) / N);
        assert_near((double)count[k] / N, p, 5.0 * se);
    }
}

/* nc_dist_draw_batch gives, lane by lane, what nc_dist_draw gives on the lane's stream:
 * for every kind, truncated or not, by rejection or by quantile, for full and partial
 * batches, whichever lanes leave the vectorised first path. */
static void test_dist__batch_draws_equal_single_draws(void **state)
{
    (void)state;
    nc_dist d[20];
    nc_error err;
    size_t k = 0;
    static const double values[] = {1.0, 2.0, 5.0}, cum[] = {0.2, 0.7, 1.0};
    assert_ok(nc_dist_fixed(&d[k++], 4.5, &err), &err);
    assert_ok(nc_dist_uniform(&d[k++], 0.43, 1.46, &err), &err);
    assert_ok(nc_dist_uniform(&d[k], 0.0, 10.0, &err), &err);
    assert_ok(nc_dist_truncate(&d[k++], 2.0, 3.0, &err), &err);
    assert_ok(nc_dist_normal(&d[k++], 5.0, 2.0, &err), &err);
    assert_ok(nc_dist_normal(&d[k], 5.0, 2.0, &err), &err);
    assert_ok(nc_dist_truncate(&d[k++], 2.0, 9.0, &err), &err); /* rejection */
    assert_ok(nc_dist_normal(&d[k], 5.0, 2.0, &err), &err);
    assert_ok(nc_dist_truncate(&d[k++], 8.0, 9.0, &err), &err); /* quantile */
    assert_ok(nc_dist_lognormal_mean_sd(&d[k++], 57.0, 60.0, &err), &err);
    assert_ok(nc_dist_lognormal_mean_sd(&d[k], 57.0, 60.0, &err), &err);
    assert_ok(nc_dist_truncate(&d[k++], 0.05, 216.0, &err), &err); /* lisa-rnd's durations */
    assert_ok(nc_dist_gamma_mean_sd(&d[k++], 3.25, 1.7, &err), &err);
    assert_ok(nc_dist_gamma_mean_sd(&d[k++], 2.385, 4.0, &err), &err); /* shape < 1 */
    assert_ok(nc_dist_gamma_mean_sd(&d[k], 3.25, 1.7, &err), &err);
    assert_ok(nc_dist_truncate(&d[k++], 1.0, 6.0, &err), &err);
    assert_ok(nc_dist_beta_mean_sd(&d[k++], 0.75, 0.05, &err), &err); /* lisa-rnd's power */
    assert_ok(nc_dist_beta_mean_sd(&d[k++], 0.3, 0.35, &err), &err);  /* Johnk */
    assert_ok(nc_dist_beta_mean_sd(&d[k], 0.75, 0.05, &err), &err);
    assert_ok(nc_dist_truncate(&d[k++], 0.7, 0.9, &err), &err);
    assert_ok(nc_dist_pert(&d[k++], 1.3, 1.58, 2.0, &err), &err);
    assert_ok(nc_dist_triangular(&d[k++], 1.3, 1.58, 2.0, &err), &err);
    assert_ok(nc_dist_empirical(&d[k++], values, 3, &err), &err);
    assert_ok(nc_dist_choice(&d[k++], values, cum, 3, &err), &err);
    static nc_philox_batch b;
    double out[NC_PHILOX_BATCH];
    static const size_t sizes[] = {NC_PHILOX_BATCH, 13, 1};
    size_t lanes = 0, disagree = 0;
    for (size_t j = 0; j < k; j++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (uint32_t t0 = 0; t0 < 64 * NC_PHILOX_BATCH; t0 += NC_PHILOX_BATCH) {
                nc_philox_batch_fill(&b, nc_rng_stream_key(TEST_SEED, j), t0, 7, NC_RNG_TRIAL,
                                     sizes[s], nc_dist_blocks(&d[j]));
                nc_dist_draw_batch(&d[j], &b, out);
                for (size_t i = 0; i < sizes[s]; i++, lanes++) {
                    nc_rng_seek_stream(rng, nc_rng_stream_key(TEST_SEED, j), 7, t0 + (uint32_t)i,
                                       NC_RNG_TRIAL);
                    double want = nc_dist_sample(&d[j], rng);
                    if (memcmp(&out[i], &want, sizeof want) != 0 && disagree++ < 5)
                        print_error("kind %s (#%zu), lane %zu of %zu: batch %.17g, single "
                                    "%.17g\n", nc_dist_kind_name(d[j].kind), j, i, sizes[s],
                                    out[i], want);
                }
            }
    assert_int_equal(lanes, k * (NC_PHILOX_BATCH + 13 + 1) * 64);
    assert_int_equal(disagree, 0);
}

static int setup_suite(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    rng = gsl_rng_alloc(nc_rng_philox);
    return rng ? 0 : -1;
}

static int teardown_suite(void **state)
{
    (void)state;
    gsl_rng_free(rng);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dist__fixed_is_a_point_mass),
        cmocka_unit_test(test_dist__uniform_matches_its_moments),
        cmocka_unit_test(test_dist__normal_matches_its_moments),
        cmocka_unit_test(test_dist__lognormal_median_gsd_matches_its_moments),
        cmocka_unit_test(test_dist__lognormal_mean_sd_matches_its_moments),
        cmocka_unit_test(test_dist__lognormal_p5_p95_matches_its_moments),
        cmocka_unit_test(test_dist__lognormal_p5_p95_matches_quantiles),
        cmocka_unit_test(test_dist__gamma_matches_its_moments),
        cmocka_unit_test(test_dist__beta_matches_its_moments),
        cmocka_unit_test(test_dist__triangular_matches_its_moments),
        cmocka_unit_test(test_dist__triangular_cdf_at_a_mode_near_the_min),
        cmocka_unit_test(test_dist__pert_matches_its_moments),
        cmocka_unit_test(test_dist__empirical_matches_its_moments),
        cmocka_unit_test(test_dist__choice_matches_its_moments),
        cmocka_unit_test(test_dist__truncated_normal_matches_jkb_moments),
        cmocka_unit_test(test_dist__truncated_normal_upper_tail_keeps_precision),
        cmocka_unit_test(test_dist__truncated_lognormal_matches_partial_moments),
        cmocka_unit_test(test_dist__truncated_gamma_matches_quadrature),
        cmocka_unit_test(test_dist__truncated_beta_matches_quadrature),
        cmocka_unit_test(test_dist__truncated_pert_matches_quadrature),
        cmocka_unit_test(test_dist__truncated_triangular_matches_quadrature),
        cmocka_unit_test(test_dist__truncated_uniform_is_uniform_on_the_intersection),
        cmocka_unit_test(test_dist__truncated_empirical_keeps_values_in_bounds),
        cmocka_unit_test(test_dist__truncated_choice_renormalises_weights),
        cmocka_unit_test(test_dist__truncation_at_a_value_keeps_it),
        cmocka_unit_test(test_dist__discrete_quantiles_are_the_generalised_inverse),
        cmocka_unit_test(test_dist__truncation_beyond_the_support_keeps_it),
        cmocka_unit_test(test_dist__truncation_to_natural_support_is_not_truncation),
        cmocka_unit_test(test_dist__truncation_intersects_earlier_bounds),
        cmocka_unit_test(test_dist__truncation_without_mass_is_an_error),
        cmocka_unit_test(test_dist__truncation_with_bad_bounds_is_an_error),
        cmocka_unit_test(test_dist__cdf_and_quantile_round_trip),
        cmocka_unit_test(test_dist__quantile_outside_unit_interval_is_nan),
        cmocka_unit_test(test_dist__choice_frequencies_match_weights),
        cmocka_unit_test(test_dist__empirical_draws_only_given_values),
        cmocka_unit_test(test_dist__empirical_quantile_is_type_1),
        cmocka_unit_test(test_dist__choice_cum_normalises_and_pins_the_end),
        cmocka_unit_test(test_dist__kind_names_round_trip),
        cmocka_unit_test(test_dist__fixed_and_uniform_errors_name_the_parameter),
        cmocka_unit_test(test_dist__normal_errors_name_the_parameter),
        cmocka_unit_test(test_dist__lognormal_errors_name_the_parameter),
        cmocka_unit_test(test_dist__gamma_errors_name_the_parameter),
        cmocka_unit_test(test_dist__beta_errors_name_the_parameter),
        cmocka_unit_test(test_dist__triangular_and_pert_errors_name_the_parameter),
        cmocka_unit_test(test_dist__empirical_and_choice_errors_name_the_parameter),
        cmocka_unit_test(test_dist__failed_constructor_leaves_dist_unchanged),
        cmocka_unit_test(test_dist__sampling_is_reproducible_per_address),
        cmocka_unit_test(test_dist__normal_tail_and_wedge_frequencies),
        cmocka_unit_test(test_dist__batch_draws_equal_single_draws),
    };
    return cmocka_run_group_tests(tests, setup_suite, teardown_suite);
}
