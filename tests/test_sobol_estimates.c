/*
 * test_sobol_estimates.c - the parts of a Sobol' analysis (sobol.c) that its headline
 * indices do not pin down:
 *   - the bootstrap interval is the central percentile interval (Efron & Tibshirani 1993,
 *     An Introduction to the Bootstrap, ch. 13): at level L its ends are the (1 -+ L)/2
 *     quantiles of the resampled indices, so at L = 0.5 the estimate sits near the middle
 *     of the interquartile range, and the 95% interval is about z_0.975 / z_0.75 = 2.91 times
 *     as wide (the resampled indices of a linear model are near normal);
 *   - the mean and the unbiased variance of the 2n outputs f(A), f(B);
 *   - a variance far below the mean's scale but far above rounding is real variation;
 *   - up to NC_SOBOL_QRNG_MAX_K inputs, A and B are the Sobol' sequence itself;
 *   - outputs beyond +-1e100 are refused whatever their sign.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_statistics_double.h>

#include "stats/sobol.h"

#define SEED UINT64_C(20241201)

static double linear2(void *ctx, const double *u, size_t row)
{
    (void)ctx, (void)row;
    return 1.0 + 1.0 * u[0] + 2.0 * u[1];
}

static nc_sobol_result *run(size_t k, size_t n, nc_sobol_model f, void *ctx, size_t bootstrap,
                            double level)
{
    nc_sobol_result *res = NULL;
    nc_error err;
    if (nc_sobol_run(&res, k, n, f, ctx, bootstrap, level, SEED, &err))
        fail_msg("nc_sobol_run failed: %s", err.message);
    return res;
}

/* f = 1 + u0 + 2 u1: S = ST = (1/5, 4/5). With 256 rows and 2,000 resamples, at level 0.5
 * each estimate lies inside its interval, with between 0.6 and 1/0.6 times as much of the
 * interval below it as above it; the 95% interval is 2.91 times as wide within 25% (the
 * spread of percentiles of 2,000 resamples is a few per cent). */
static void test_sobol_estimates__bootstrap_interval_is_central(void **state)
{
    (void)state;
    nc_sobol_result *half = run(2, 256, linear2, NULL, 2000, 0.5);
    nc_sobol_result *wide = run(2, 256, linear2, NULL, 2000, 0.95);
    for (size_t i = 0; i < 2; i++) {
        const double est[2] = {half->first[i], half->total[i]};
        const double lo[2] = {half->first_lo[i], half->total_lo[i]};
        const double hi[2] = {half->first_hi[i], half->total_hi[i]};
        const double wlo[2] = {wide->first_lo[i], wide->total_lo[i]};
        const double whi[2] = {wide->first_hi[i], wide->total_hi[i]};
        for (int j = 0; j < 2; j++) {
            assert_true(lo[j] < est[j] && est[j] < hi[j]);
            double balance = (est[j] - lo[j]) / (hi[j] - est[j]);
            if (!(balance > 0.6 && balance < 1 / 0.6))
                fail_msg("index %zu/%d: [%g, %g] around %g is lopsided (%g)", i, j, lo[j], hi[j],
                         est[j], balance);
            double ratio = (whi[j] - wlo[j]) / (hi[j] - lo[j]);
            if (!(fabs(ratio / 2.906 - 1) < 0.25))
                fail_msg("index %zu/%d: the 95%% interval is %g times the 50%% one", i, j, ratio);
        }
    }
    nc_sobol_result_free(half);
    nc_sobol_result_free(wide);
}

static double first_input(void *ctx, const double *u, size_t row)
{
    (void)ctx, (void)row;
    return u[0];
}

/* f = u0 with one input: the 2n outputs are the Sobol' sequence's dimensions 0 (A) and 1 (B)
 * of its first n points (GSL skips the all-zero point): the result's mean and variance are
 * theirs, the variance with 2n - 1 in the denominator (unbiased). */
static void test_sobol_estimates__mean_and_unbiased_variance_of_the_outputs(void **state)
{
    (void)state;
    const size_t n = 64;
    double y[2 * 64], point[2];
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2);
    for (size_t j = 0; j < n; j++) {
        gsl_qrng_get(q, point);
        y[2 * j] = point[0], y[2 * j + 1] = point[1];
    }
    gsl_qrng_free(q);
    nc_sobol_result *res = run(1, n, first_input, NULL, 0, 0.9);
    double mean = gsl_stats_mean(y, 1, 2 * n), var = gsl_stats_variance(y, 1, 2 * n);
    assert_true(fabs(res->mean - mean) <= 1e-12);
    assert_true(fabs(res->var - var) <= 1e-12 * var);
    nc_sobol_result_free(res);
}

static double tiny_linear(void *ctx, const double *u, size_t row)
{
    (void)ctx, (void)row;
    return 1000.0 + 1e-6 * u[0] + 2e-6 * u[1];
}

/* Variance 5e-12 / 12 ~ 4e-13 on a mean of 1000: far below the mean's scale but 10^10 times
 * rounding's (16 ulps of 1000, squared, ~1e-23): real, and the indices are 1/5 and 4/5. */
static void test_sobol_estimates__small_real_variance_is_not_noise(void **state)
{
    (void)state;
    nc_sobol_result *res = run(2, 512, tiny_linear, NULL, 0, 0.9);
    assert_int_equal(res->zero_variance, 0);
    assert_true(fabs(res->first[0] - 0.2) < 0.1 && fabs(res->first[1] - 0.8) < 0.1);
    nc_sobol_result_free(res);
}

typedef struct capture {
    int seen;
    double u[NC_SOBOL_QRNG_MAX_K];
} capture;

/* Records the first point row 0 is evaluated at: A's (one thread runs a row, A first). */
static double capture_row0(void *ctx, const double *u, size_t row)
{
    capture *c = ctx;
    if (row == 0 && !c->seen) {
        memcpy(c->u, u, sizeof c->u);
        c->seen = 1;
    }
    return u[0] + u[NC_SOBOL_QRNG_MAX_K - 1];
}

/* With exactly NC_SOBOL_QRNG_MAX_K inputs the design is still the Sobol' sequence: row 0 of
 * A is the first point of the 2k-dimensional sequence, its first k coordinates. */
static void test_sobol_estimates__the_sequence_up_to_its_limit(void **state)
{
    (void)state;
    const size_t k = NC_SOBOL_QRNG_MAX_K;
    capture c = {0, {0}};
    nc_sobol_result *res = run(k, 8, capture_row0, &c, 0, 0.9);
    assert_int_equal(res->quasi_random, 1);
    double point[2 * NC_SOBOL_QRNG_MAX_K];
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    gsl_qrng_get(q, point);
    gsl_qrng_free(q);
    assert_int_equal(c.seen, 1);
    for (size_t i = 0; i < k; i++)
        assert_true(c.u[i] == point[i]);
    nc_sobol_result_free(res);
}

static double huge_negative(void *ctx, const double *u, size_t row)
{
    (void)ctx, (void)u;
    return row == 3 ? -1e101 : 1.0 + u[0];
}

static void test_sobol_estimates__huge_negative_outputs_are_refused(void **state)
{
    (void)state;
    nc_sobol_result *res = NULL;
    nc_error err;
    assert_int_equal(nc_sobol_run(&res, 1, 8, huge_negative, NULL, 0, 0.9, SEED, &err), NC_EINPUT);
    assert_null(res);
    assert_non_null(strstr(err.message, "row 3"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sobol_estimates__bootstrap_interval_is_central),
        cmocka_unit_test(test_sobol_estimates__mean_and_unbiased_variance_of_the_outputs),
        cmocka_unit_test(test_sobol_estimates__small_real_variance_is_not_noise),
        cmocka_unit_test(test_sobol_estimates__the_sequence_up_to_its_limit),
        cmocka_unit_test(test_sobol_estimates__huge_negative_outputs_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
