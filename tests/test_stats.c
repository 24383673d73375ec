/*
 * test_stats.c - the summaries every table, JSON and figure prints (stats.c, mcse.c,
 * paired.c), on data small enough to check by hand:
 *   - {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, population sd exactly 2 (the classic example, e.g.
 *     Wikipedia "Standard deviation", "Basic examples"), so the sample sd (n - 1) is
 *     sqrt(32/7) and the standard error of the mean sqrt(32/7)/sqrt(8);
 *   - order-statistic standard errors of quantiles from the ranks h -+ sqrt(n p (1-p)),
 *     h the type-7 rank (n - 1) p + 1 that gsl_stats_quantile_from_sorted_data uses;
 *   - paired comparisons: only runs with the same seed and replications pair up.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "stats/mcse.h"
#include "analysis/paired.h"
#include "testutil.h"

#define REL 1e-12

static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= REL * fmax(1.0, fabs(want)))) {
        fprintf(stderr, "got %.17g, want %.17g\n", got, want);
        fail();
    }
}

static const double CLASSIC[8] = {2, 4, 4, 4, 5, 5, 7, 9};

static void test_stats__sd_and_se_of_the_classic_example(void **state)
{
    (void)state;
    double scratch[8];
    nc_summary s;
    nc_stats_summarise(&s, CLASSIC, 8, 1, scratch);
    assert_close(s.mean, 5);
    assert_close(s.sd, sqrt(32.0 / 7));
    assert_close(s.se, sqrt(32.0 / 7) / sqrt(8.0));
    assert_close(s.min, 2);
    assert_close(s.max, 9);
    assert_close(s.p50, 4.5);
    /* rescaling (a unit change) divides every figure, the standard error included */
    nc_summary t = nc_stats_scale(&s, 1000);
    assert_close(t.mean, 5e-3);
    assert_close(t.sd, sqrt(32.0 / 7) / 1000);
    assert_close(t.se, sqrt(32.0 / 7) / sqrt(8.0) / 1000);
    nc_mcse m;
    nc_mcse_compute(&m, CLASSIC, 8, 1, scratch);
    assert_close(m.mean, sqrt(32.0 / 7) / sqrt(8.0));
}

/* x_i = i^2, i = 0..99 (sorted): at p = 0.5, s = sqrt(100 x 0.25) = 5 and h = 50.5, so the
 * ranks are floor(45.5) = 45 and ceil(55.5) = 56: (x_55 - x_44) x 5 / 11 = 1089 x 5 / 11. At
 * p = 0.95 (s = sqrt(4.75), h = 95.05) and p = 0.05 the summaries carry the same figures
 * as nc_mcse_quantile_sorted, each at its own p (the data are skewed: they differ). */
static void test_stats__quantile_se_from_type_7_ranks(void **state)
{
    (void)state;
    double x[100], scratch[100];
    for (int i = 0; i < 100; i++)
        x[i] = (double)(i * i);
    assert_close(nc_mcse_quantile_sorted(x, 100, 0.5), 1089.0 * 5 / 11);
    double s = sqrt(4.75), h = 99 * 0.95 + 1;
    size_t j = (size_t)floor(h - s), k = (size_t)ceil(h + s);
    assert_int_equal(j, 92);
    assert_int_equal(k, 98);
    assert_close(nc_mcse_quantile_sorted(x, 100, 0.95),
                 (x[k - 1] - x[j - 1]) * s / (double)(k - j));
    nc_summary sum;
    nc_stats_summarise(&sum, x, 100, 1, scratch);
    assert_close(sum.se_p50, 1089.0 * 5 / 11);
    assert_close(sum.se_p95, nc_mcse_quantile_sorted(x, 100, 0.95));
    assert_close(sum.se_p5, nc_mcse_quantile_sorted(x, 100, 0.05));
    assert_true(sum.se_p95 > 2 * sum.se_p5);
}

/* The worst relative error is taken in absolute value (a negative estimate, a saving, counts)
 * and over the mean, P5 and P95; meeting the target exactly asks for no more runs; otherwise
 * the runs grow as (rel / target)^2 with the safety factor (mcse.h). */
static void test_stats__relative_error_and_next_n(void **state)
{
    (void)state;
    nc_mcse se = {1.0, 0.1, 0.2, 0.3};
    assert_close(nc_mcse_relative(&se, -10.0, 50.0, 60.0), 0.1);
    nc_mcse tail = {0.1, 0.1, 0.2, 3.0};
    assert_close(nc_mcse_relative(&tail, 10.0, 50.0, 60.0), 0.05);
    assert_int_equal(nc_mcse_next_n(1000, 0.01, 0.01, 1, 1000000), 1000);
    assert_int_equal(nc_mcse_next_n(1000, 0.02, 0.01, 1, 1000000), 4800);
}

static nc_scenario *pue_scenario(const char *pue)
{
    char text[512];
    snprintf(text, sizeof text,
             "scenario: pair\n"
             "sites: {s: {pue: %s, carbon_intensity: 1}}\n"
             "stages:\n"
             "  - {name: j, trials: 20, hardware: v100-sxm2,"
             " duration: {dist: gamma, mean: 10 h, sd: 3 h}, config_w: 1 kW}\n",
             pue);
    nc_scenario *sc = tu_load_text(text, NULL);
    assert_non_null(sc);
    return sc;
}

static nc_result *run_seeded(const nc_scenario *sc, uint64_t seed, int64_t first)
{
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = 40;
    o.threads = 2;
    o.has_seed = 1;
    o.seed = seed;
    o.first = first;
    nc_result *res = NULL;
    nc_error err;
    assert_int_equal(nc_engine_run(&res, sc, &o, &err), 0);
    assert_true(res->seed == seed);
    return res;
}

/* Runs pair only with the same seed and the same replications (common random numbers). */
static void test_stats__paired_runs_must_share_seed_and_replications(void **state)
{
    (void)state;
    nc_scenario *sc = pue_scenario("1.2");
    nc_result *a = run_seeded(sc, 7, 0), *b = run_seeded(sc, 8, 0), *c = run_seeded(sc, 7, 5);
    nc_paired p;
    nc_error err;
    assert_int_equal(nc_paired_compute(&p, a, a, NC_M_IT_KWH, &err), 0);
    assert_int_equal(nc_paired_compute(&p, a, b, NC_M_IT_KWH, &err), NC_EINPUT);
    assert_int_equal(nc_paired_compute(&p, a, c, NC_M_IT_KWH, &err), NC_EINPUT);
    /* another seed gives other draws: the seed is really used */
    assert_true(tu_total(a, 0, NC_M_IT_KWH) != tu_total(b, 0, NC_M_IT_KWH));
    nc_result_free(a), nc_result_free(b), nc_result_free(c);
    nc_scenario_free(sc);
}

/* Baseline PUE 1.2 against 1.5 and 1.2: the same IT energy replication by replication, so the
 * facility energy's difference is 0.3 IT (B - A), its ratio 1.25 exactly in every replication,
 * never lower; against itself every replication is a tie (not lower). */
static void test_stats__paired_difference_ratio_and_ties(void **state)
{
    (void)state;
    nc_scenario *a = pue_scenario("1.2"), *b = pue_scenario("1.5"), *c = pue_scenario("1.2");
    nc_versus *v;
    nc_error err;
    assert_int_equal(nc_versus_alloc(&v, 3, &err), 0);
    v->runs[0] = run_seeded(a, 11, 0);
    v->runs[1] = run_seeded(b, 11, 0);
    v->runs[2] = run_seeded(c, 11, 0);
    assert_int_equal(nc_versus_compute(v, &err), 0);
    const nc_paired *ab = &v->pairs[NC_M_FACILITY_KWH],
                    *ac = &v->pairs[NC_M__COUNT + NC_M_FACILITY_KWH];
    nc_summary it;
    double scratch[40];
    nc_stats_summarise(&it, nc_result_total(v->runs[0], 0) + NC_M_IT_KWH, 40, 2 * NC_M__COUNT,
                       scratch);
    assert_true(fabs(ab->diff.mean - 0.3 * it.mean) <= 1e-9 * it.mean);
    assert_true(ab->has_ratio);
    assert_true(fabs(ab->ratio.mean - 1.25) <= 1e-12 && ab->ratio.sd <= 1e-12);
    assert_close(ab->p_lower, 0);
    /* run 2 is compared with the baseline (run 0), not with run 1 */
    assert_close(ac->diff.mean, 0);
    assert_close(ac->p_lower, 0);
    assert_close(ac->p_equal, 1);
    nc_versus_free(v);
    nc_scenario_free(a), nc_scenario_free(b), nc_scenario_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats__sd_and_se_of_the_classic_example),
        cmocka_unit_test(test_stats__quantile_se_from_type_7_ranks),
        cmocka_unit_test(test_stats__relative_error_and_next_n),
        cmocka_unit_test(test_stats__paired_runs_must_share_seed_and_replications),
        cmocka_unit_test(test_stats__paired_difference_ratio_and_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
