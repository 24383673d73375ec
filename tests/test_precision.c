/*
 * test_precision.c - `run --precision`: rounds of replications appended until the Monte
 * Carlo standard error is below the target (issue 4, "Convergence").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "stats/mcse.h"
#include "analysis/precision.h"
#include "testutil.h"

#define LISA NC_SOURCE_DIR "/scenarios/lisa-rnd.yaml"

/* It stops, says the target is met, and the standard errors recomputed from its samples are
 * indeed below the target for the headline totals; the rounds' samples are exactly those of
 * one plain run of the same size (replications are addressed by index). */
static void test_precision__stops_below_target_and_equals_one_run(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load(LISA, NULL);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = 400;
    nc_result *res = NULL;
    nc_precision p;
    nc_error err;
    assert_int_equal(nc_run_to_precision(&res, &p, sc, &o, 0.02, 100000, &err), 0);
    assert_true(p.met);
    assert_true(p.rounds >= 2); /* 400 replications are not enough for 2% on P5 */
    assert_true(p.achieved <= 0.02);
    size_t n = (size_t)res->replications, stride = res->n_rows * NC_M__COUNT;
    double *scratch = malloc(n * sizeof *scratch);
    const int metrics[] = {NC_M_GPU_HOURS, NC_M_FACILITY_KWH, NC_M_CO2E_KG, NC_M_CLOUD_USD};
    for (int i = 0; i < 4; i++) {
        const double *x = nc_result_total(res, 0) + metrics[i];
        nc_summary s;
        nc_mcse se;
        nc_stats_summarise(&s, x, n, stride, scratch);
        nc_mcse_compute(&se, x, n, stride, scratch);
        assert_true(se.mean / s.mean <= 0.02 && se.p5 / s.p5 <= 0.02 && se.p95 / s.p95 <= 0.02);
    }
    free(scratch);
    nc_result *plain = tu_run(sc, res->replications, 2, 0);
    assert_memory_equal(plain->samples, res->samples, n * stride * sizeof(double));
    nc_result_free(plain);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* A cap below what the target needs stops at the cap and says the target was not met. */
static void test_precision__cap_stops_and_reports_not_met(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load(LISA, NULL);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    nc_result *res = NULL;
    nc_precision p;
    nc_error err;
    assert_int_equal(nc_run_to_precision(&res, &p, sc, &o, 0.001, 1500, &err), 0);
    assert_int_equal(res->replications, 1500);
    assert_false(p.met);
    assert_true(p.achieved > 0.001);
    nc_result_free(res);
    nc_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precision__stops_below_target_and_equals_one_run),
        cmocka_unit_test(test_precision__cap_stops_and_reports_not_met),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
