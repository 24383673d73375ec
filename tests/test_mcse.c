/*
 * test_mcse.c - Monte Carlo standard errors (sim/stats/mcse.h).
 *
 * The estimated SEs are checked against what they estimate:
 *  - the spread of an estimate over R = 400 independent samples of n = 2,000 (mt19937, fixed
 *    seeds): sd of the 400 sample means / P5 / P50 / P95 against the average estimated SE;
 *  - the asymptotic SE sqrt(p (1-p) / n) / f(x_p) (and sigma / sqrt(n) for the mean) where f is
 *    known: normal, and lognormal with f(x_p) = phi(z_p) / (sigma x_p);
 *  - one sample of n = 20,000 against the same formula.
 * Tolerances are Z_MAX standard errors of the comparison, computed from the data (see
 * ratio_tolerance), plus BIAS_ALLOW for the estimator's known systematic error at n = 2,000:
 * the secant over +/- 1 rank sigma against the derivative of the quantile function, relative
 * error ~ Q'''(p) / Q'(p) * p (1-p) / (6 n), 0.3% for the normal P5; the type-7 interpolation
 * that makes the reported quantile slightly less variable than one order statistic, < 1%; and
 * the non-normality of 400 sample quantiles. With R = 400 the sd of the sample estimates alone
 * is uncertain by 1 / sqrt(2 (R - 1)) = 3.5%, so the tolerances come out at 15-17%.
 *
 * Reference quantiles use gsl_stats_quantile_from_sorted_data, as stats.c does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats/mcse.h"

enum { N_REP = 2000, R_REP = 400, N_ONE = 20000, N_QTY = 4 };

#define Z_MAX      4.0
#define BIAS_ALLOW 0.02

static const double probs[3] = {0.05, 0.50, 0.95};
static const char *const qty_names[N_QTY] = {"mean", "P5", "P50", "P95"};

#define assert_near(got, want, tol) assert_near_at((got), (want), (tol), #got, __FILE__, __LINE__)

static void assert_near_at(double got, double want, double tol, const char *what,
                           const char *file, int line)
{
    if (fabs(got - want) <= tol)
        return;
    print_error("%s = %.17g, want %.17g within %.3g\n", what, got, want, tol);
    _fail(file, line);
}

/* A normal (lognormal = 0) or lognormal (lognormal = 1) law with log-parameters mu, sigma. */
typedef struct law {
    int lognormal;
    double mu, sigma;
    unsigned long seed;
} law;

static const law normal_law = {0, 41.7, 2.385, 20240611UL};
static const law lognormal_law = {1, 1.3, 0.8, 19780301UL};

static double draw(gsl_rng *r, const law *d)
{
    double g = d->mu + gsl_ran_gaussian(r, d->sigma);
    return d->lognormal ? exp(g) : g;
}

/* The law's mean, sd and p-quantile and density there. */
static double law_mean(const law *d)
{
    return d->lognormal ? exp(d->mu + d->sigma * d->sigma / 2) : d->mu;
}

static double law_sd(const law *d)
{
    double s2 = d->sigma * d->sigma;
    return d->lognormal ? sqrt(expm1(s2)) * law_mean(d) : d->sigma;
}

/* Kurtosis (not excess): 3 for the normal; Johnson, Kotz & Balakrishnan 1994, ch. 14. */
static double law_kurtosis(const law *d)
{
    double s2 = d->sigma * d->sigma;
    return d->lognormal ? exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 3 : 3.0;
}

static double law_quantile(const law *d, double p)
{
    double g = d->mu + d->sigma * gsl_cdf_ugaussian_Pinv(p);
    return d->lognormal ? exp(g) : g;
}

static double law_density_at_quantile(const law *d, double p)
{
    double phi = gsl_ran_ugaussian_pdf(gsl_cdf_ugaussian_Pinv(p)) / d->sigma;
    return d->lognormal ? phi / law_quantile(d, p) : phi;
}

/* The asymptotic SE of quantity q (0 mean, 1..3 quantiles) from n values. */
static double asymptotic_se(const law *d, int q, size_t n)
{
    if (q == 0)
        return law_sd(d) / sqrt((double)n);
    double p = probs[q - 1];
    return sqrt(p * (1 - p) / (double)n) / law_density_at_quantile(d, p);
}

/* The estimates (as stats.c reports them) and estimated SEs of one sample of n. */
static void sample_once(gsl_rng *r, const law *d, size_t n, double *values, double *scratch,
                        double est[N_QTY], double se[N_QTY])
{
    for (size_t i = 0; i < n; i++)
        values[i] = draw(r, d);
    nc_mcse m;
    nc_mcse_compute(&m, values, n, 1, scratch);
    est[0] = gsl_stats_mean(values, 1, n);
    for (int q = 1; q < N_QTY; q++)
        est[q] = gsl_stats_quantile_from_sorted_data(scratch, 1, n, probs[q - 1]);
    se[0] = m.mean;
    se[1] = m.p5;
    se[2] = m.p50;
    se[3] = m.p95;
}

/* R_REP samples of N_REP: est[q][i], se[q][i]. */
typedef struct spread {
    double est[N_QTY][R_REP], se[N_QTY][R_REP];
} spread;

static double values_buf[N_ONE], scratch_buf[N_ONE];
static spread spread_buf;

static void replicate(const law *d, spread *out)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, d->seed);
    for (size_t i = 0; i < R_REP; i++) {
        double est[N_QTY], se[N_QTY];
        sample_once(r, d, N_REP, values_buf, scratch_buf, est, se);
        for (int q = 0; q < N_QTY; q++) {
            out->est[q][i] = est[q];
            out->se[q][i] = se[q];
        }
    }
    gsl_rng_free(r);
}

/* The relative SE of the sample sd of 'x' (R values): var(s^2) ~ (m4 - s^4) / R, so
 * se(s) / s ~ sqrt((kurtosis - 1) / (4 R)); 1 / sqrt(2 R) for normal values. */
static double sd_relative_se(const double *x, size_t n)
{
    double kurt = gsl_stats_kurtosis(x, 1, n) + 3; /* GSL returns the excess */
    return sqrt((kurt - 1) / (4.0 * (double)n));
}

/* Z_MAX standard errors of a ratio of two independent estimates with relative SEs a and b,
 * plus BIAS_ALLOW. */
static double ratio_tolerance(double a, double b)
{
    return Z_MAX * sqrt(a * a + b * b) + BIAS_ALLOW;
}

static void check_se_matches_spread(const law *d, const char *name)
{
    replicate(d, &spread_buf);
    for (int q = 0; q < N_QTY; q++) {
        const double *est = spread_buf.est[q], *se = spread_buf.se[q];
        double spread_sd = gsl_stats_sd(est, 1, R_REP);
        double se_mean = gsl_stats_mean(se, 1, R_REP);
        double se_noise = gsl_stats_sd_m(se, 1, R_REP, se_mean) / sqrt(R_REP) / se_mean;
        double tol = ratio_tolerance(sd_relative_se(est, R_REP), se_noise);
        double ratio = se_mean / spread_sd;
        printf("  %-9s %-4s: sd of %d estimates %.5g, mean SE %.5g, ratio %.4f (tol %.3f)\n",
               name, qty_names[q], R_REP, spread_sd, se_mean, ratio, tol);
        assert_true(fabs(ratio - 1) < tol);
    }
}

static void test_mcse__se_matches_spread_over_repeated_normal_samples(void **state)
{
    (void)state;
    check_se_matches_spread(&normal_law, "normal");
}

static void test_mcse__se_matches_spread_over_repeated_lognormal_samples(void **state)
{
    (void)state;
    check_se_matches_spread(&lognormal_law, "lognormal");
}

/* The average of R_REP estimated SEs (n = 2,000) against the asymptotic formula. */
static void check_mean_se_matches_formula(const law *d, const char *name)
{
    replicate(d, &spread_buf);
    for (int q = 0; q < N_QTY; q++) {
        const double *se = spread_buf.se[q];
        double se_mean = gsl_stats_mean(se, 1, R_REP);
        double se_noise = gsl_stats_sd_m(se, 1, R_REP, se_mean) / sqrt(R_REP) / se_mean;
        double tol = ratio_tolerance(se_noise, 0);
        double ratio = se_mean / asymptotic_se(d, q, N_REP);
        printf("  %-9s %-4s: mean SE / asymptotic SE %.4f (tol %.3f)\n", name, qty_names[q],
               ratio, tol);
        assert_true(fabs(ratio - 1) < tol);
    }
}

static void test_mcse__average_se_matches_asymptotic_formula(void **state)
{
    (void)state;
    check_mean_se_matches_formula(&normal_law, "normal");
    check_mean_se_matches_formula(&lognormal_law, "lognormal");
}

/* The spacing of m = k - j uniform order statistics is Beta(m, n - m + 1): relative sd
 * sqrt((n - m + 1) / (m (n + 2))), about 1 / sqrt(m). */
static double spacing_cv(size_t n, double p)
{
    double h = (double)(n - 1) * p + 1, s = sqrt((double)n * p * (1 - p));
    double m = ceil(h + s) - floor(h - s); /* k - j, unclamped at these n */
    return sqrt(((double)n - m + 1) / (m * ((double)n + 2)));
}

static void test_mcse__se_noise_matches_order_statistic_spacing(void **state)
{
    (void)state;
    replicate(&normal_law, &spread_buf);
    for (int q = 1; q < N_QTY; q++) {
        const double *se = spread_buf.se[q];
        double se_mean = gsl_stats_mean(se, 1, R_REP);
        double cv = gsl_stats_sd_m(se, 1, R_REP, se_mean) / se_mean;
        double tol = ratio_tolerance(sd_relative_se(se, R_REP), 0);
        double ratio = cv / spacing_cv(N_REP, probs[q - 1]);
        printf("  normal    %-4s: relative sd of the SE %.4f, Beta spacing %.4f (tol %.3f)\n",
               qty_names[q], cv, spacing_cv(N_REP, probs[q - 1]), tol);
        assert_true(fabs(ratio - 1) < tol);
    }
}

/* One sample of N_ONE: each SE against the formula, within Z_MAX of its own noise (the Beta
 * spacing for quantiles; sqrt((kurtosis - 1) / (4 n)) for the sd behind the mean's SE). */
static void check_one_sample(const law *d, const char *name)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, d->seed + 1);
    double est[N_QTY], se[N_QTY];
    sample_once(r, d, N_ONE, values_buf, scratch_buf, est, se);
    gsl_rng_free(r);
    for (int q = 0; q < N_QTY; q++) {
        double noise = q == 0 ? sqrt((law_kurtosis(d) - 1) / (4.0 * N_ONE))
                              : spacing_cv(N_ONE, probs[q - 1]);
        double tol = ratio_tolerance(noise, 0);
        double ratio = se[q] / asymptotic_se(d, q, N_ONE);
        printf("  %-9s %-4s: n = %d, SE / asymptotic SE %.4f (tol %.3f)\n", name, qty_names[q],
               N_ONE, ratio, tol);
        assert_true(fabs(ratio - 1) < tol);
    }
}

static void test_mcse__one_sample_se_matches_asymptotic_formula(void **state)
{
    (void)state;
    check_one_sample(&normal_law, "normal");
    check_one_sample(&lognormal_law, "lognormal");
}

/* x_(r) = r^2 pins the ranks: SE = (k^2 - j^2) s / (k - j) = (j + k) s. n = 2000, p = 0.05:
 * s = sqrt(95), h = 1999 * 0.05 + 1 = 100.95, j = floor(h - s) = 91, k = ceil(h + s) = 111;
 * p = 0.5: s = sqrt(500), h = 1000.5, j = 978, k = 1023. */
static void test_mcse__quantile_se_uses_ranks_h_plus_minus_one_sigma(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_REP; i++)
        values_buf[i] = (double)((i + 1) * (i + 1));
    assert_near(nc_mcse_quantile_sorted(values_buf, N_REP, 0.05), 202 * sqrt(95.0), 1e-9);
    assert_near(nc_mcse_quantile_sorted(values_buf, N_REP, 0.5), 2001 * sqrt(500.0), 1e-9);
}

/* n = 20, s = sqrt(0.95): p = 0.05: h = 1.95, j = floor(0.98) = 0 -> 1, k = ceil(2.92) = 3;
 * p = 0.95: h = 19.05, j = floor(18.08) = 18, k = ceil(20.02) = 21 -> 20: mirrored ranks. */
static void test_mcse__quantile_ranks_are_clamped_at_small_n(void **state)
{
    (void)state;
    for (size_t i = 0; i < NC_MCSE_MIN_N; i++)
        values_buf[i] = (double)((i + 1) * (i + 1));
    double s = sqrt(0.95);
    assert_near(nc_mcse_quantile_sorted(values_buf, NC_MCSE_MIN_N, 0.05), (9.0 - 1.0) * s / 2,
                1e-12);
    assert_near(nc_mcse_quantile_sorted(values_buf, NC_MCSE_MIN_N, 0.95),
                (400.0 - 324.0) * s / 2, 1e-12);
    assert_true(isnan(nc_mcse_quantile_sorted(values_buf, NC_MCSE_MIN_N, 0)));
    assert_true(isnan(nc_mcse_quantile_sorted(values_buf, NC_MCSE_MIN_N, 1)));
    assert_true(isnan(nc_mcse_quantile_sorted(values_buf, NC_MCSE_MIN_N - 1, 0.5)));
}

static void test_mcse__tiny_n_gives_nan_quantile_se(void **state)
{
    (void)state;
    const double x[NC_MCSE_MIN_N] = {2.385, 7.1, 0.31, 4.4, 9.9, 1.7, 3.3, 5.05, 8.2, 6.6,
                                     2.2,   0.9, 7.7,  3.9, 4.8, 6.1, 1.1, 9.4,  5.5, 8.8};
    double scratch[NC_MCSE_MIN_N];
    nc_mcse m;
    nc_mcse_compute(&m, x, NC_MCSE_MIN_N - 1, 1, scratch);
    assert_true(isfinite(m.mean) && m.mean > 0);
    assert_true(isnan(m.p5) && isnan(m.p50) && isnan(m.p95));
    assert_true(isnan(nc_mcse_relative(&m, 5.0, 1.0, 9.0)));
    nc_mcse_compute(&m, x, NC_MCSE_MIN_N, 1, scratch);
    assert_true(isfinite(m.p5) && isfinite(m.p50) && isfinite(m.p95));
    nc_mcse_compute(&m, x, 1, 1, scratch);
    assert_true(isnan(m.mean) && isnan(m.p50));
    nc_mcse_compute(&m, x, 0, 1, scratch);
    assert_true(isnan(m.mean) && isnan(m.p95));
}

static void test_mcse__constant_data_give_zero_not_nan(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ONE; i++)
        values_buf[i] = 2.385e6;
    nc_mcse m;
    nc_mcse_compute(&m, values_buf, N_ONE, 1, scratch_buf);
    assert_true(m.mean == 0 && m.p5 == 0 && m.p50 == 0 && m.p95 == 0);
    assert_true(nc_mcse_relative(&m, 2.385e6, 2.385e6, 2.385e6) == 0);
    assert_int_equal(nc_mcse_next_n(N_ONE, 0, 0.01, 1000, 1000000), N_ONE);
    nc_mcse zero = {0, 0, 0, 0};
    assert_true(nc_mcse_relative(&zero, 0, 0, 0) == 0);
}

static void test_mcse__compute_reads_with_stride(void **state)
{
    (void)state;
    /* Column 1 of a 3-column table holds the data; the other columns are noise. */
    static double table[3 * 500], column[500], scratch[500];
    for (size_t i = 0; i < 500; i++) {
        table[3 * i] = -1e9;
        table[3 * i + 1] = column[i] = sin(2.385 * (double)i) * 17.0 + 40.0;
        table[3 * i + 2] = 1e9;
    }
    nc_mcse a, b;
    nc_mcse_compute(&a, table + 1, 500, 3, scratch);
    nc_mcse_compute(&b, column, 500, 1, scratch);
    assert_true(a.mean == b.mean && a.p5 == b.p5 && a.p50 == b.p50 && a.p95 == b.p95);
}

static void test_mcse__relative_takes_the_worst_of_mean_p5_p95(void **state)
{
    (void)state;
    nc_mcse se = {0.5, 2.0, 1e9, 3.0};
    /* 0.5/100, 2/|-40| = 0.05; P95 = 0 skipped; P50 never compared. */
    assert_near(nc_mcse_relative(&se, 100, -40, 0), 0.05, 1e-15);
    assert_near(nc_mcse_relative(&se, 100, 80, 37.5), 0.08, 1e-15);
    se.p95 = NAN;
    assert_true(isnan(nc_mcse_relative(&se, 100, 80, 37.5)));
}

static void test_mcse__next_n_projects_with_safety_and_chunks(void **state)
{
    (void)state;
    /* 1.2 * 1000 * 2.3^2 = 6348 -> 25 chunks of 256. */
    assert_int_equal(nc_mcse_next_n(1000, 0.023, 0.01, 256, 1000000), 6400);
    /* 1.2 * 1000 * 1.23^2 = 1815.48; chunk < 1 counts as 1. */
    assert_int_equal(nc_mcse_next_n(1000, 0.0123, 0.01, 0, 1000000), 1816);
    assert_int_equal(nc_mcse_next_n(1000, 0.0123, 0.01, -7, 1000000), 1816);
    /* Just above target: 1.2 n, no 2 n floor. */
    assert_int_equal(nc_mcse_next_n(5000, 0.01001, 0.01, 1, 1000000), 6013);
    /* Met or beaten: run nothing more. */
    assert_int_equal(nc_mcse_next_n(1000, 0.01, 0.01, 256, 1000000), 1000);
    assert_int_equal(nc_mcse_next_n(1000, 0.0023, 0.01, 256, 1000000), 1000);
}

static void test_mcse__next_n_respects_the_cap(void **state)
{
    (void)state;
    assert_int_equal(nc_mcse_next_n(1000, 0.5, 0.01, 256, 100000), 100000);
    /* Rounding up to a chunk would pass a cap that is not a multiple of it. */
    assert_int_equal(nc_mcse_next_n(1000, 0.023, 0.01, 256, 6350), 6350);
    assert_int_equal(nc_mcse_next_n(100000, 0.5, 0.01, 256, 100000), 100000);
    assert_int_equal(nc_mcse_next_n(200000, 0.5, 0.01, 256, 100000), 200000);
    /* Huge ratios do not overflow. */
    assert_int_equal(nc_mcse_next_n(1000000, 1e300, 1e-300, 256, INT64_MAX), INT64_MAX);
    assert_int_equal(nc_mcse_next_n(1000000, INFINITY, 0.01, 256, INT64_MAX), 2000128);
}

static void test_mcse__next_n_handles_unknown_rel_and_bad_target(void **state)
{
    (void)state;
    /* Not yet estimable: double, in chunks. */
    assert_int_equal(nc_mcse_next_n(1000, NAN, 0.01, 256, 1000000), 2048);
    assert_int_equal(nc_mcse_next_n(0, NAN, 0.01, 256, 1000000), 256);
    assert_int_equal(nc_mcse_next_n(0, NAN, 0.01, 256, 100), 100);
    /* A target that cannot be met runs to the cap. */
    assert_int_equal(nc_mcse_next_n(1000, 0.023, 0, 256, 50000), 50000);
    assert_int_equal(nc_mcse_next_n(1000, 0.023, NAN, 256, 50000), 50000);
    /* Deterministic. */
    assert_int_equal(nc_mcse_next_n(3333, 0.0417, 0.01, 100, 1000000),
                     nc_mcse_next_n(3333, 0.0417, 0.01, 100, 1000000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mcse__se_matches_spread_over_repeated_normal_samples),
        cmocka_unit_test(test_mcse__se_matches_spread_over_repeated_lognormal_samples),
        cmocka_unit_test(test_mcse__average_se_matches_asymptotic_formula),
        cmocka_unit_test(test_mcse__se_noise_matches_order_statistic_spacing),
        cmocka_unit_test(test_mcse__one_sample_se_matches_asymptotic_formula),
        cmocka_unit_test(test_mcse__quantile_se_uses_ranks_h_plus_minus_one_sigma),
        cmocka_unit_test(test_mcse__quantile_ranks_are_clamped_at_small_n),
        cmocka_unit_test(test_mcse__tiny_n_gives_nan_quantile_se),
        cmocka_unit_test(test_mcse__constant_data_give_zero_not_nan),
        cmocka_unit_test(test_mcse__compute_reads_with_stride),
        cmocka_unit_test(test_mcse__relative_takes_the_worst_of_mean_p5_p95),
        cmocka_unit_test(test_mcse__next_n_projects_with_safety_and_chunks),
        cmocka_unit_test(test_mcse__next_n_respects_the_cap),
        cmocka_unit_test(test_mcse__next_n_handles_unknown_rel_and_bad_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
