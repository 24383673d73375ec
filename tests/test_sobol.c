/*
 * test_sobol.c - Sobol' indices by Saltelli sampling (sim/stats/sobol.h).
 *
 * Models with closed-form indices: a linear model (S_i = ST_i = a_i^2 / sum_j a_j^2) and the
 * Ishigami function (Ishigami & Homma 1990; closed forms in Saltelli et al. 2008, "Global
 * Sensitivity Analysis: The Primer", and Sobol' & Levitan 1999). Each truth must lie inside
 * the 99% bootstrap interval of its estimate, and the intervals must be narrow enough to mean
 * something. The seeds are fixed, so these checks are deterministic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>
#include <gsl/gsl_qrng.h>

#include "rng/rng.h"
#include "stats/sobol.h"

#define SEED      UINT64_C(19900615)
#define LEVEL     0.99
#define BOOTSTRAP 1000

/* Linear model y = c + sum a_i x_i, x_i ~ U(0, 1): the offset c = 1000.2385 checks that the
 * first-order estimator is shifted by the mean (unshifted, c multiplies its noise). */
typedef struct linear {
    size_t k;
    double a[32];
} linear;

static double linear_model(void *ctx, const double *u, size_t row)
{
    const linear *m = ctx;
    double y = 1000.2385;
    (void)row;
    for (size_t i = 0; i < m->k; i++)
        y += m->a[i] * u[i];
    return y;
}

/* Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi), a = 7, b = 0.1.
 * Inputs beyond the third (if any) are ignored. */
#define ISH_A 7.0
#define ISH_B 0.1

static double ishigami_x(double u)
{
    return M_PI * (2 * u - 1);
}

static double ishigami_model(void *ctx, const double *u, size_t row)
{
    double x1 = ishigami_x(u[0]), x2 = ishigami_x(u[1]), x3 = ishigami_x(u[2]);
    double s2 = sin(x2);
    (void)ctx;
    (void)row;
    return sin(x1) + ISH_A * s2 * s2 + ISH_B * pow(x3, 4) * sin(x1);
}

/* Ishigami with noise from the row (common random numbers): a uniform from Philox addressed
 * by 'row', as a caller's trial-level variability would be. */
static double noisy_ishigami_model(void *ctx, const double *u, size_t row)
{
    uint32_t ctr[4] = {(uint32_t)row, 0, 0, 0}, key[2] = {2385, 0}, out[4];
    nc_rng_philox_block(ctr, key, out);
    return ishigami_model(ctx, u, row) + 0.5 * (double)out[0] * 0x1p-32;
}

/* The closed forms: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2,
 * V2 = a^2/8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50), other interactions 0;
 * S_i = V_i / V, ST1 = (V1 + V13) / V, ST2 = V2 / V, ST3 = V13 / V. */
static void ishigami_truth(double first[3], double total[3])
{
    double pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v = ISH_A * ISH_A / 8 + ISH_B * pi4 / 5 + ISH_B * ISH_B * pi8 / 18 + 0.5;
    double v1 = 0.5 * (1 + ISH_B * pi4 / 5) * (1 + ISH_B * pi4 / 5);
    double v2 = ISH_A * ISH_A / 8;
    double v13 = ISH_B * ISH_B * pi8 * (1.0 / 18 - 1.0 / 50);
    first[0] = v1 / v, first[1] = v2 / v, first[2] = 0;
    total[0] = (v1 + v13) / v, total[1] = v2 / v, total[2] = v13 / v;
}

static nc_sobol_result *run(size_t k, size_t n, nc_sobol_model f, void *ctx, size_t bootstrap)
{
    nc_sobol_result *res = NULL;
    nc_error err;
    if (nc_sobol_run(&res, k, n, f, ctx, bootstrap, LEVEL, SEED, &err))
        fail_msg("nc_sobol_run failed: %s", err.message);
    return res;
}

/* 'truth' inside [lo, hi], and the interval's half-width at most 'max_half'. */
static void assert_covers(const char *what, size_t i, double est, double lo, double hi,
                          double truth, double max_half)
{
    if (lo != hi)
        print_message("  %s[%zu] = %.4f  [%.4f, %.4f]  truth %.4f\n", what, i, est, lo, hi, truth);
    if (!(lo <= truth && truth <= hi))
        fail_msg("%s[%zu]: truth %.6f outside [%.6f, %.6f] (estimate %.6f)", what, i, truth, lo, hi,
                 est);
    if (!((hi - lo) / 2 <= max_half))
        fail_msg("%s[%zu]: interval [%.6f, %.6f] wider than +-%g", what, i, lo, hi, max_half);
}

static void check_linear(const linear *m, size_t n, int quasi_random, double max_half)
{
    nc_sobol_result *res = run(m->k, n, linear_model, (void *)m, BOOTSTRAP);
    assert_int_equal(res->quasi_random, quasi_random);
    double sum_a2 = 0, sum_first = 0, sum_half = 0;
    for (size_t i = 0; i < m->k; i++)
        sum_a2 += m->a[i] * m->a[i];
    for (size_t i = 0; i < m->k; i++) {
        double truth = m->a[i] * m->a[i] / sum_a2; /* S_i = ST_i = a_i^2 / sum_j a_j^2 */
        assert_covers("S", i, res->first[i], res->first_lo[i], res->first_hi[i], truth, max_half);
        assert_covers("ST", i, res->total[i], res->total_lo[i], res->total_hi[i], truth, max_half);
        sum_first += res->first[i];
        sum_half += (res->first_hi[i] - res->first_lo[i]) / 2;
    }
    /* additive model: sum S_i = 1, within the sum of the half-widths (errors add at most) */
    print_message("  sum S = %.5f (tolerance %.5f)\n", sum_first, sum_half);
    assert_true(fabs(sum_first - 1) <= sum_half);
    nc_sobol_result_free(res);
}

static void test_sobol__linear_indices_are_normalised_squared_coefficients(void **state)
{
    (void)state;
    linear m = {4, {2.385, -1.25, 0.5, 3.7}};
    check_linear(&m, 4096, 1, 0.05);
}

static void test_sobol__philox_design_above_20_inputs(void **state)
{
    (void)state;
    linear m = {22, {0}}; /* three inputs matter; the 19 others have S = ST = 0 exactly */
    m.a[0] = 1.5, m.a[10] = -2.385, m.a[21] = 0.75;
    check_linear(&m, 4096, 0, 0.05);
}

static void test_sobol__ishigami_matches_closed_forms(void **state)
{
    (void)state;
    double first[3], total[3];
    ishigami_truth(first, total);
    nc_sobol_result *res = run(3, 8192, ishigami_model, NULL, BOOTSTRAP);
    assert_false(res->zero_variance);
    for (size_t i = 0; i < 3; i++) {
        assert_covers("S", i, res->first[i], res->first_lo[i], res->first_hi[i], first[i], 0.1);
        assert_covers("ST", i, res->total[i], res->total_lo[i], res->total_hi[i], total[i], 0.1);
    }
    nc_sobol_result_free(res);
}

static void test_sobol__unused_input_has_zero_indices(void **state)
{
    (void)state;
    nc_sobol_result *res = run(4, 2048, ishigami_model, NULL, BOOTSTRAP);
    /* f(A_B^3) = f(A) row by row: both estimators' sums are exactly 0 */
    assert_true(res->first[3] == 0 && res->total[3] == 0);
    assert_true(res->first_lo[3] <= 0 && 0 <= res->first_hi[3]);
    assert_true(res->total_lo[3] <= 0 && 0 <= res->total_hi[3]);
    assert_true(res->total[2] > 0.1); /* the others still see their inputs */
    nc_sobol_result_free(res);
}

static void assert_same_result(const nc_sobol_result *a, const nc_sobol_result *b)
{
    size_t bytes = a->k * sizeof(double);
    assert_memory_equal(&a->mean, &b->mean, sizeof a->mean);
    assert_memory_equal(&a->var, &b->var, sizeof a->var);
    assert_memory_equal(a->first, b->first, bytes);
    assert_memory_equal(a->total, b->total, bytes);
    assert_memory_equal(a->first_lo, b->first_lo, bytes);
    assert_memory_equal(a->first_hi, b->first_hi, bytes);
    assert_memory_equal(a->total_lo, b->total_lo, bytes);
    assert_memory_equal(a->total_hi, b->total_hi, bytes);
}

/* Same seed, 1, 2 and 3 threads: bitwise-equal results, on both designs. */
static void test_sobol__same_seed_same_result_for_any_thread_count(void **state)
{
    (void)state;
    linear m = {21, {0}};
    for (size_t i = 0; i < m.k; i++)
        m.a[i] = 1.0 / (1.0 + (double)i);
    int saved = omp_get_max_threads();
    nc_sobol_result *ref_ish = NULL, *ref_lin = NULL;
    for (int threads = 1; threads <= 3; threads++) {
        omp_set_num_threads(threads);
        nc_sobol_result *ish = run(3, 1024, noisy_ishigami_model, NULL, 200);
        nc_sobol_result *lin = run(m.k, 512, linear_model, &m, 200);
        if (!ref_ish) {
            ref_ish = ish, ref_lin = lin;
            continue;
        }
        assert_same_result(ref_ish, ish);
        assert_same_result(ref_lin, lin);
        nc_sobol_result_free(ish);
        nc_sobol_result_free(lin);
    }
    omp_set_num_threads(saved);
    nc_sobol_result_free(ref_ish);
    nc_sobol_result_free(ref_lin);
}

/* A model that returns 'value' at one point of the design: row 'row' of matrix A (input -2),
 * B (-1) or A_B^i (i). The test recomputes the design's rows A_row and B_row from the same
 * Sobol' sequence (sobol.h: A is dimensions 0..k-1, B the next k). */
typedef struct poison {
    size_t row;
    int matrix;
    double value;
    double a[3], b[3];
} poison;

static poison make_poison(size_t row, int matrix, double value)
{
    poison p = {row, matrix, value, {0}, {0}};
    double v[6];
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 6);
    for (size_t j = 0; j <= row; j++)
        gsl_qrng_get(q, v);
    gsl_qrng_free(q);
    memcpy(p.a, v, sizeof p.a);
    memcpy(p.b, v + 3, sizeof p.b);
    return p;
}

static int poison_hits(const poison *p, const double *u, size_t row)
{
    if (row != p->row)
        return 0;
    for (int i = 0; i < 3; i++) {
        int from_b = p->matrix == -1 || p->matrix == i;
        if (u[i] != (from_b ? p->b[i] : p->a[i]))
            return 0;
    }
    return 1;
}

/* Ishigami, except at the points of the two poisons in 'ctx'. */
static double poisoned_model(void *ctx, const double *u, size_t row)
{
    const poison *p = ctx;
    for (int m = 0; m < 2; m++)
        if (poison_hits(&p[m], u, row))
            return p[m].value;
    return ishigami_model(NULL, u, row);
}

static void assert_run_fails(size_t k, size_t n, nc_sobol_model f, void *ctx, size_t bootstrap,
                             double level, int code, const char *message)
{
    nc_sobol_result *res = (nc_sobol_result *)&res; /* not NULL: must be reset */
    nc_error err;
    assert_int_equal(nc_sobol_run(&res, k, n, f, ctx, bootstrap, level, SEED, &err), code);
    assert_null(res);
    assert_int_equal(err.code, code);
    assert_string_equal(err.message, message);
}

static void test_sobol__rejects_bad_arguments(void **state)
{
    (void)state;
    nc_sobol_model f = ishigami_model;
    assert_run_fails(0, 64, f, NULL, 100, LEVEL, NC_EINPUT,
                     "Sobol' analysis needs at least one input, got 0");
    assert_run_fails(3, 1, f, NULL, 100, LEVEL, NC_EINPUT,
                     "Sobol' analysis needs 2 to 1073741824 rows, got 1");
    assert_run_fails(3, ((size_t)1 << 30) + 1, f, NULL, 100, LEVEL, NC_EINPUT,
                     "Sobol' analysis needs 2 to 1073741824 rows, got 1073741825");
    assert_run_fails(3, 64, NULL, NULL, 100, LEVEL, NC_EINPUT,
                     "Sobol' analysis needs a model function");
    assert_run_fails(3, 64, f, NULL, 1, LEVEL, NC_EINPUT,
                     "bootstrap resamples must be 0 (none) or 2 to 1000000, got 1");
    assert_run_fails(3, 64, f, NULL, 1000001, LEVEL, NC_EINPUT,
                     "bootstrap resamples must be 0 (none) or 2 to 1000000, got 1000001");
    assert_run_fails(3, 64, f, NULL, 100, 1.0, NC_EINPUT,
                     "the confidence level must be in (0, 1), got 1");
    assert_run_fails(3, 64, f, NULL, 100, -0.95, NC_EINPUT,
                     "the confidence level must be in (0, 1), got -0.95");
    assert_run_fails(3, 64, f, NULL, 100, (double)NAN, NC_EINPUT,
                     "the confidence level must be in (0, 1), got nan");
    /* 8 bytes x 2^30 x (2 x 20 + 22) = 533 GB, refused before allocating */
    assert_run_fails(20, (size_t)1 << 30, f, NULL, 0, LEVEL, NC_EINPUT,
                     "a Sobol' design of 20 inputs x 1073741824 rows (0 resamples) needs "
                     "533 GB, above the limit of 4.29 GB");
    nc_error err;
    assert_int_equal(nc_sobol_run(NULL, 3, 64, f, NULL, 100, LEVEL, SEED, &err), NC_EINPUT);
    assert_string_equal(err.message, "Sobol' analysis needs somewhere to put the result");
    assert_int_equal(nc_sobol_run(NULL, 3, 64, f, NULL, 100, LEVEL, SEED, NULL), NC_EINPUT);
}

/* The first bad output in row order is reported, whichever thread met it first. */
static void test_sobol__reports_first_bad_output_row(void **state)
{
    (void)state;
    poison nan_late[2] = {make_poison(50, -2, (double)NAN), make_poison(37, 1, (double)NAN)};
    assert_run_fails(3, 64, poisoned_model, nan_late, 100, LEVEL, NC_EINPUT,
                     "the model returned NaN at row 37 (matrix A_B^1)");
    poison inf_b[2] = {make_poison(5, -1, -(double)INFINITY), make_poison(6, -2, (double)NAN)};
    assert_run_fails(3, 64, poisoned_model, inf_b, 100, LEVEL, NC_EINPUT,
                     "the model returned an infinity at row 5 (matrix B)");
    poison huge_a[2] = {make_poison(9, -2, -2.385e101), make_poison(63, 2, (double)NAN)};
    assert_run_fails(3, 64, poisoned_model, huge_a, 100, LEVEL, NC_EINPUT,
                     "the model returned a value beyond +-1e100 at row 9 (matrix A)");
}

static double constant_model(void *ctx, const double *u, size_t row)
{
    (void)ctx, (void)u, (void)row;
    return 0.2385;
}

/* 2.385 in exact arithmetic; in doubles some outputs are an ulp off (x = u[0] / 3 has
 * digits all the way down, so the product is rounded). */
static double rounding_noise_model(void *ctx, const double *u, size_t row)
{
    double x = u[0] / 3;
    (void)ctx, (void)row;
    return (2.385 * x) / x;
}

/* 'noisy': the variance is rounding noise (> 0) rather than exactly 0. */
static void check_zero_indices(nc_sobol_model f, double mean, int noisy)
{
    nc_sobol_result *res = run(3, 1000, f, NULL, 100);
    print_message("  mean %.17g, var %g\n", res->mean, res->var);
    assert_int_equal(res->zero_variance, 1);
    assert_true(noisy ? res->var > 0 && res->var < 1e-30 * mean * mean : res->var == 0);
    /* recursive summation of m = 2n outputs: relative error below m eps (Higham 2002, 4.2) */
    assert_true(fabs(res->mean - mean) <= 2000 * DBL_EPSILON * mean);
    for (size_t i = 0; i < 3; i++) {
        assert_true(res->first[i] == 0 && res->total[i] == 0);
        assert_true(res->first_lo[i] == 0 && res->first_hi[i] == 0);
        assert_true(res->total_lo[i] == 0 && res->total_hi[i] == 0);
    }
    nc_sobol_result_free(res);
}

static void test_sobol__constant_output_has_zero_indices_not_nan(void **state)
{
    (void)state;
    check_zero_indices(constant_model, 0.2385, 0);
    check_zero_indices(rounding_noise_model, 2.385, 1);
}

static void test_sobol__no_bootstrap_leaves_intervals_null(void **state)
{
    (void)state;
    nc_sobol_result *res = run(3, 256, ishigami_model, NULL, 0);
    assert_int_equal(res->bootstrap, 0);
    assert_null(res->first_lo);
    assert_null(res->total_hi);
    assert_true(res->total[1] > 0.3 && res->total[1] < 0.6);
    nc_sobol_result_free(res);
    nc_sobol_result_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sobol__linear_indices_are_normalised_squared_coefficients),
        cmocka_unit_test(test_sobol__philox_design_above_20_inputs),
        cmocka_unit_test(test_sobol__ishigami_matches_closed_forms),
        cmocka_unit_test(test_sobol__unused_input_has_zero_indices),
        cmocka_unit_test(test_sobol__same_seed_same_result_for_any_thread_count),
        cmocka_unit_test(test_sobol__rejects_bad_arguments),
        cmocka_unit_test(test_sobol__reports_first_bad_output_row),
        cmocka_unit_test(test_sobol__constant_output_has_zero_indices_not_nan),
        cmocka_unit_test(test_sobol__no_bootstrap_leaves_intervals_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
