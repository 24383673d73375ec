/*
 * test_quantile.c - quantiles bounded in time and accurate at the extremes (issue 11).
 *
 * Each case inverts a distribution at p from 2^-1074 to 1 - 2^-53 and checks that every call
 * returns within MAX_CALL_SECONDS of CPU time (an alarm kills the test if one never returns,
 * as gsl_cdf_beta_Pinv did for a beta {mean 0.5, sd 3e-4}), that the answer is a number in the
 * support, non-decreasing in p, and that CDF(quantile(p)) = p within TOL_ABS + TOL_REL
 * min(p, 1 - p) (just below/above x by x's rounding, for distributions narrower than an
 * ulp). Where a closed form or an asymptotic one exists, the quantile is also checked
 * against it, independently of the library's CDF: a symmetric beta of huge shapes against
 * the normal, a gamma of shape 1e8 against Wilson-Hilferty, a gamma of shape 1e-3 against
 * the series' leading term.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "dist/dist.h"
#include "dist/dist_cdf.h"
#include "dist/dist_quantile.h"
#include "dist/dist_trunc.h"
#include "quantile_check.h"

/* Issue 11's budget for one quantile call. */
#define MAX_CALL_SECONDS 0.05
/* The beta and gamma CDFs are Edgeworth expansions for large shapes, within 5e-9 of the
 * truth (sim/dist/dist_incomplete.c); GSL's elsewhere, to ~1e-10 relative. */
#define TOL_ABS 5e-9
#define TOL_REL 1e-7

static const double P[] = {0x1p-1074, 1e-300, 1e-12,    1e-6,      0.05,
                           0.5,       0.95,   1 - 1e-6, 1 - 1e-12, 1 - 0x1p-53};
#define N_P (sizeof P / sizeof P[0])

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double timed_quantile(const nc_dist *d, double p)
{
    alarm(30); /* a quantile that never returns kills the test rather than hanging ctest */
    double start = cpu_seconds(), x = nc_dist_quantile(d, p), took = cpu_seconds() - start;
    alarm(0);
    if (took > MAX_CALL_SECONDS)
        fail_msg("quantile(%g) of %s took %.3f s", p, nc_dist_kind_name(d->kind), took);
    return x;
}

/* The properties of the header comment, for every p of P; the quantiles go to 'out'. */
static void check_inverts(const nc_dist *d, double out[N_P])
{
    double previous = -HUGE_VAL;
    for (size_t i = 0; i < N_P; i++) {
        double p = P[i], x = timed_quantile(d, p);
        if (!(x >= d->lo && x <= d->hi))
            fail_msg("%s: quantile(%g) = %.17g outside [%g, %g]", nc_dist_kind_name(d->kind), p, x,
                     d->lo, d->hi);
        double tol = TOL_ABS + TOL_REL * fmin(p, 1.0 - p);
        double below = nc_dist_cdf(d, nc_test_perturbed(x, -HUGE_VAL));
        double above = nc_dist_cdf(d, nc_test_perturbed(x, HUGE_VAL));
        if (!(below <= p + tol && above >= p - tol))
            fail_msg("%s: quantile(%g) = %.17g, F just below %.17g, just above %.17g",
                     nc_dist_kind_name(d->kind), p, x, below, above);
        if (x < previous && nc_dist_cdf(d, previous) > p + tol)
            fail_msg("%s: quantile(%g) = %.17g below the previous %.17g",
                     nc_dist_kind_name(d->kind), p, x, previous);
        previous = x;
        out[i] = x;
    }
}

/* |x - expected| within 'tol' times 'scale', with a message. */
static void assert_close(double x, double expected, double scale, double tol, const char *what)
{
    if (!(fabs(x - expected) <= tol * scale))
        fail_msg("%s: %.17g, expected %.17g (off by %.3g of %.3g, allowed %.3g)", what, x, expected,
                 fabs(x - expected) / scale, scale, tol);
}

/* ---------------------------------------------------------------- beta */

/* Issue 11's hang: shapes a = b = 1.39e6, where GSL's continued fraction fails at x = 0.5 and
 * gsl_cdf_beta_Pinv bisects forever. Symmetric, the beta's quantile is then the Cornish-Fisher
 * expansion 0.5 + sd (z + g2/24 (z^3 - 3z)) with its excess kurtosis g2 = -6/(2a + 3) (Kendall
 * & Stuart 1977, 6.54), to O(g2^2) = 1e-11 sd (the kurtosis term alone is 8e-6 sd at
 * z = 4.75). */
static void test_quantile__beta_sd_3e_4_is_fast_and_normal(void **state)
{
    (void)state;
    nc_dist d;
    assert_int_equal(nc_dist_beta_mean_sd(&d, 0.5, 3e-4, NULL), 0);
    double q[N_P];
    check_inverts(&d, q);
    double g2 = -6.0 / (2.0 * d.p1 + 3.0), sd = 3e-4;
    for (size_t i = 3; i < N_P - 3; i++) {
        double z = gsl_cdf_ugaussian_Pinv(P[i]);
        assert_close(q[i], 0.5 + sd * (z + g2 / 24.0 * (z * z * z - 3.0 * z)), sd, 1e-7,
                     "beta {0.5, 3e-4} against Cornish-Fisher");
    }
    assert_true(nc_dist_quantile(&d, 0.5) == 0.5 || fabs(q[5] - 0.5) < 1e-15);
}

/* A symmetric beta's CDF at its mean is 1/2 exactly (X and 1 - X have one law). Shapes
 * ~5e5 (sd 4.7e-4, 5e-4): GSL's incomplete beta reports success there but an error estimate
 * above EDGEWORTH_MAX_ERR (3e-8), and is off by 3e-10 (measured, GSL 2.7.1; 1.2e-9 at shapes
 * 5.6e5); the Edgeworth expansion the library takes instead is 1/2 at z = 0 but for rounding
 * (g1 = 0, He3(0) = 0). */
static void test_quantile__symmetric_beta_is_one_half_at_its_mean(void **state)
{
    (void)state;
    static const double sds[] = {4.7e-4, 5e-4};
    for (size_t i = 0; i < 2; i++) {
        nc_dist d;
        assert_int_equal(nc_dist_beta_mean_sd(&d, 0.5, sds[i], NULL), 0);
        assert_true(d.p1 > 4e5 && d.p1 < 6e5 && d.p1 == d.p2);
        assert_close(nc_dist_cdf(&d, 0.5), 0.5, 1.0, 1e-12, "symmetric beta at its mean");
    }
}

/* Truncated within 5 sd of the mean: the inverse-CDF path of the sampler (kept mass < 0.25
 * for the lower cut only). */
static void test_quantile__beta_sd_3e_4_truncated(void **state)
{
    (void)state;
    nc_dist d;
    assert_int_equal(nc_dist_beta_mean_sd(&d, 0.5, 3e-4, NULL), 0);
    assert_int_equal(nc_dist_truncate(&d, 0.5 + 2.385 * 3e-4, 0.5 + 5.0 * 3e-4, NULL), 0);
    double q[N_P];
    check_inverts(&d, q);
}

static void test_quantile__beta_extremes(void **state)
{
    (void)state;
    /* sd 1e-6 (shapes 1.25e11), sd near its bound (shapes 1e-3), shapes 1e8, mean 0.01
     * with shapes 1e8 and 1e6 apart (skewed), mean 1 - 1e-6 */
    const double cases[][2] = {{0.5, 1e-6},  {0.5, 0.4995},    {0.5, 3.5355339e-5},
                               {0.01, 1e-5}, {1 - 1e-6, 1e-7}, {0.3, 0.2}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        nc_dist d;
        assert_int_equal(nc_dist_beta_mean_sd(&d, cases[c][0], cases[c][1], NULL), 0);
        double q[N_P];
        check_inverts(&d, q);
    }
    nc_dist d; /* shapes 1e8 and symmetric: normal to 1e-7 sd */
    assert_int_equal(nc_dist_beta_mean_sd(&d, 0.5, 3.5355339e-5, NULL), 0);
    assert_close(nc_dist_quantile(&d, 0.95), 0.5 + 3.5355339e-5 * gsl_cdf_ugaussian_Pinv(0.95),
                 3.5355339e-5, 1e-6, "beta of shapes 1e8 against the normal");
}

/* ---------------------------------------------------------------- gamma */

static void test_quantile__gamma_extremes(void **state)
{
    (void)state;
    /* shape 1e-3, 1e8, 1e14 (sd 1e-6 of a mean of 10), 1e-6 with a scale of 1000 */
    const double cases[][2] = {
        {1.0, 31.622776601683793}, {1e4, 1.0}, {10.0, 1e-6}, {1e-3, 1.0}, {2.385, 2.385}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        nc_dist d;
        assert_int_equal(nc_dist_gamma_mean_sd(&d, cases[c][0], cases[c][1], NULL), 0);
        double q[N_P];
        check_inverts(&d, q);
    }
}

/* Shape 1e8, scale 1e-4: Wilson-Hilferty, x = k theta (1 - 1/(9k) + z / sqrt(9k))^3
 * (Johnson, Kotz & Balakrishnan 1994, vol. 1, eq. 18.24), whose error in sds is O(1/k)
 * (Kendall & Stuart 1977, 16.7), 1e-8 here: GSL's own gamma CDF was off by 0.07 at z = 1. */
static void test_quantile__gamma_shape_1e8_matches_wilson_hilferty(void **state)
{
    (void)state;
    nc_dist d;
    assert_int_equal(nc_dist_gamma_mean_sd(&d, 1e4, 1.0, NULL), 0);
    assert_true(fabs(d.p1 - 1e8) < 1.0);
    for (size_t i = 3; i < N_P - 3; i++) {
        double z = gsl_cdf_ugaussian_Pinv(P[i]), k = d.p1;
        double c = 1.0 - 1.0 / (9.0 * k) + z / sqrt(9.0 * k);
        assert_close(nc_dist_quantile(&d, P[i]), k * d.p2 * c * c * c, 1.0, 1e-6,
                     "gamma of shape 1e8 against Wilson-Hilferty");
    }
}

/* Shape 3e5, where GSL's incomplete gamma is silently off by 7e-5 near |z| = 1
 * (sim/dist/dist_incomplete.c, measured on GSL 2.7.1) and the CDF is the Edgeworth expansion there:
 * against Wilson-Hilferty (above; its error in sds is O(1/k), 3e-6 here) within 1e-5 sd, where
 * GSL's error would move the quantile by ~2e-4 sd (7e-5 over the density at z = 1, 0.24). */
static void test_quantile__gamma_shape_3e5_near_the_mean(void **state)
{
    (void)state;
    nc_dist d;
    assert_int_equal(nc_dist_gamma_mean_sd(&d, 3e5, sqrt(3e5), NULL), 0);
    assert_true(fabs(d.p1 - 3e5) < 1e-6);
    double k = d.p1, sd = sqrt(k) * d.p2;
    static const double p_near[] = {0.05, 0.1, 0.16, 0.2, 0.3, 0.5, 0.7, 0.8, 0.84, 0.9, 0.95};
    for (size_t i = 0; i < sizeof p_near / sizeof p_near[0]; i++) {
        double z = gsl_cdf_ugaussian_Pinv(p_near[i]);
        double c = 1.0 - 1.0 / (9.0 * k) + z / sqrt(9.0 * k);
        assert_close(nc_dist_quantile(&d, p_near[i]), k * d.p2 * c * c * c, sd, 1e-5,
                     "gamma of shape 3e5 against Wilson-Hilferty");
    }
}

/* The bracketed solver returns min{x : F(x) >= p} (sim/dist/dist_quantile.c, solve()): the x it
 * returns has F(x) >= p by the bracket's invariant (the gap is >= 0 at its upper end), for the
 * lower side (p <= 0.5) where F is what the solver inverts; the bracket's lower end has F < p. (The
 * double below x may have the same computed F: F can be flat over a few ulps.) */
static void test_quantile__bracketed_quantile_is_the_generalised_inverse(void **state)
{
    (void)state;
    nc_dist d[3];
    assert_int_equal(nc_dist_gamma_mean_sd(&d[0], 7.5, 4.743416490252569, NULL), 0); /* 2.5, 3 */
    assert_int_equal(nc_dist_beta_mean_sd(&d[1], 0.3, 0.15, NULL), 0);
    assert_int_equal(nc_dist_gamma_mean_sd(&d[2], 1.0, 10.0, NULL), 0); /* shape 0.01 */
    static const double p_low[] = {1e-12, 1e-6, 0.01, 0.05, 0.1234, 0.3, 0.5};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < sizeof p_low / sizeof p_low[0]; i++) {
            double x = nc_dist_quantile(&d[k], p_low[i]);
            if (x == 0.0) /* below the smallest double (shape 0.01 below p ~ 1e-3): no x */
                continue;
            if (!(nc_dist_cdf(&d[k], x) >= p_low[i]))
                fail_msg("%s quantile(%g) = %.17g: F = %.17g", nc_dist_kind_name(d[k].kind),
                         p_low[i], x, nc_dist_cdf(&d[k], x));
        }
    /* a quantile beyond the largest double is the support's upper end, +inf: shape 0.01,
     * scale 1e308, where S(x) = 1e-12 near x = 25 scales (Q(0.01, 25) ~ 1e-13) */
    nc_dist g;
    assert_int_equal(nc_dist_gamma_mean_sd(&g, 1e306, 1e307, NULL), 0);
    assert_true(nc_dist_quantile(&g, 1.0 - 1e-12) == HUGE_VAL);
}

/* Shape 1e-3: P(k, y) = y^k / Gamma(k + 1) (1 + O(y)), so the p-quantile is
 * theta (p Gamma(k + 1))^(1/k) where that is tiny: 0.5^1000 ~ 1e-301 at p = 0.5. */
static void test_quantile__gamma_shape_1e_3_matches_the_series(void **state)
{
    (void)state;
    nc_dist d;
    assert_int_equal(nc_dist_gamma_mean_sd(&d, 1.0, 31.622776601683793, NULL), 0);
    double k = d.p1, theta = d.p2;
    static const double p_series[] = {0.5, 0.6, 0.7}; /* quantiles 1e-298, 2e-219, 1e-152 */
    for (size_t i = 0; i < 3; i++) {
        double expected = theta * exp(log(p_series[i] * gsl_sf_gamma(k + 1.0)) / k);
        double x = timed_quantile(&d, p_series[i]);
        assert_close(x, expected, expected, 1e-9, "gamma of shape 1e-3 against the series");
    }
}

/* ---------------------------------------------------------------- the other kinds */

static void test_quantile__normal_and_lognormal_extremes(void **state)
{
    (void)state;
    nc_dist d;
    double q[N_P];
    assert_int_equal(nc_dist_normal(&d, 2.385, 1e-6, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_normal(&d, -1e300, 1e290, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_lognormal_mean_sd(&d, 2.385, 1e-6, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_lognormal_mean_sd(&d, 1.0, 1e8, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_lognormal_p5_p95(&d, 1e-300, 1e300, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_lognormal_median_gsd(&d, 1e-6, 1.0 + 1e-9, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_uniform(&d, 1.0, 1.0 + 1e-9, NULL), 0);
    check_inverts(&d, q);
}

/* A triangular 1e-300 wide: its CDF's (b - a)(c - a) underflowed to 0 (NaN) before. One
 * wider than the largest double is refused (its CDF was 0 at its centre). */
static void test_quantile__triangular_and_pert_extremes(void **state)
{
    (void)state;
    nc_dist d;
    double q[N_P];
    nc_error err;
    assert_int_equal(nc_dist_uniform(&d, -1e308, 1e308, &err), NC_EINPUT);
    assert_int_equal(nc_dist_triangular(&d, -1e308, 0.0, 1e308, &err), NC_EINPUT);
    assert_int_equal(nc_dist_pert(&d, -1e308, 0.0, 1e308, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "too far apart"));
    assert_int_equal(nc_dist_triangular(&d, 0.0, 1e-300, 1e-300, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_triangular(&d, -1e300, 0.0, 1e300, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_pert(&d, 1.0, 1.0, 1.0 + 1e-9, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_pert(&d, 0.0, 2.385, 1e6, NULL), 0);
    check_inverts(&d, q);
    assert_int_equal(nc_dist_truncate(&d, 1e5, 2e5, NULL), 0);
    check_inverts(&d, q);
}

static void test_quantile__discrete_extremes(void **state)
{
    (void)state;
    static const double values[] = {1e-300, 2.385, 2.385, 1e300};
    static const double weights[] = {1e-12, 1.0, 0.0, 1e-12};
    double cum[4];
    nc_dist d;
    double q[N_P];
    assert_int_equal(nc_dist_empirical(&d, values, 4, NULL), 0);
    check_inverts(&d, q);
    assert_true(q[0] == 1e-300 && q[N_P - 1] == 1e300);
    assert_int_equal(nc_dist_choice_cum(weights, 4, cum, NULL), 0);
    assert_int_equal(nc_dist_choice(&d, values, cum, 4, NULL), 0);
    check_inverts(&d, q);
    assert_true(q[0] == 1e-300 && q[5] == 2.385 && q[N_P - 1] == 1e300);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main() does */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantile__beta_sd_3e_4_is_fast_and_normal),
        cmocka_unit_test(test_quantile__beta_sd_3e_4_truncated),
        cmocka_unit_test(test_quantile__symmetric_beta_is_one_half_at_its_mean),
        cmocka_unit_test(test_quantile__beta_extremes),
        cmocka_unit_test(test_quantile__gamma_extremes),
        cmocka_unit_test(test_quantile__gamma_shape_1e8_matches_wilson_hilferty),
        cmocka_unit_test(test_quantile__gamma_shape_3e5_near_the_mean),
        cmocka_unit_test(test_quantile__bracketed_quantile_is_the_generalised_inverse),
        cmocka_unit_test(test_quantile__gamma_shape_1e_3_matches_the_series),
        cmocka_unit_test(test_quantile__normal_and_lognormal_extremes),
        cmocka_unit_test(test_quantile__triangular_and_pert_extremes),
        cmocka_unit_test(test_quantile__discrete_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
