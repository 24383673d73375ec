/*
 * test_sensitivity.c - tornado and Sobol indices through the engine, on a pipeline whose
 * answer is known in closed form.
 *
 * Ten 10-hour trials at 1 kW (100 kWh of IT energy), no embodied carbon: CO2e = 100 X1 X2
 * with X1 = PUE ~ U(1.2, 1.8) and X2 = ci ~ U(0.2, 0.6) kg/kWh, independent. For a product
 * of independent inputs (Sobol 1993): V1 = 100^2 E[X2]^2 Var X1 = 48, V2 = 100^2 E[X1]^2
 * Var X2 = 300, V12 = 100^2 Var X1 Var X2 = 4, V = 352: S1 = 48/352, S2 = 300/352,
 * ST1 = 52/352, ST2 = 304/352.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "base/metrics.h"
#include "analysis/sensitivity.h"
#include "testutil.h"

static const char *const PRODUCT =
    "scenario: product\n"
    "embodied: false\n"
    "sites: {lab: {pue: {dist: uniform, low: 1.2, high: 1.8},"
    " carbon_intensity: {dist: uniform, low: 0.2 kg/kWh, high: 0.6 kg/kWh},"
    " electricity_price: 0.1 USD/kWh}}\n"
    "stages:\n"
    "  - {name: s, trials: 10, hardware: v100-sxm2, duration: 10 h, config_w: 1 kW}\n";

static size_t index_of(const nc_sensitivity *s, const char *path)
{
    for (size_t i = 0; i < s->k; i++)
        if (!strcmp(s->paths[i], path))
            return i;
    fail_msg("no input %s", path);
    return 0;
}

static void test_sensitivity__tornado_moves_one_input_at_a_time(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(PRODUCT, NULL);
    assert_non_null(sc);
    nc_engine_opts run = NC_ENGINE_OPTS_INIT;
    nc_sensitivity_opts o = {NC_M_CO2E_KG, 20, 0, 0, 0};
    nc_sensitivity *s = NULL;
    nc_error err;
    assert_int_equal(nc_sensitivity_run(&s, sc, &run, &o, &err), 0);
    assert_int_equal(s->k, 2); /* PUE and ci: the price is fixed, nothing else is uncertain */
    size_t pue = index_of(s, "sites.lab.pue"), ci = index_of(s, "sites.lab.carbon_intensity");
    assert_true(fabs(s->base - 100 * 1.5 * 0.4) < 1e-9);
    assert_true(fabs(s->low[pue] - 100 * 1.23 * 0.4) < 1e-9);
    assert_true(fabs(s->high[pue] - 100 * 1.77 * 0.4) < 1e-9);
    assert_true(fabs(s->low[ci] - 100 * 1.5 * 0.22) < 1e-9);
    assert_true(fabs(s->high[ci] - 100 * 1.5 * 0.58) < 1e-9);
    assert_true(fabs(s->value_lo[pue] - 1.23) < 1e-12 && fabs(s->value_hi[ci] - 0.58) < 1e-12);
    /* the analysis leaves the scenario as it found it */
    assert_int_equal(sc->sites[0].pue->sens, 0);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

static void test_sensitivity__sobol_indices_of_a_product(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(PRODUCT, NULL);
    nc_engine_opts run = NC_ENGINE_OPTS_INIT;
    nc_sensitivity_opts o = {NC_M_CO2E_KG, 10, 4096, 400, 0.99};
    nc_sensitivity *s = NULL;
    nc_error err;
    assert_int_equal(nc_sensitivity_run(&s, sc, &run, &o, &err), 0);
    const nc_sobol_result *r = s->sobol;
    size_t pue = index_of(s, "sites.lab.pue"), ci = index_of(s, "sites.lab.carbon_intensity");
    const double first[2] = {48.0 / 352, 300.0 / 352}, total[2] = {52.0 / 352, 304.0 / 352};
    const size_t idx[2] = {pue, ci};
    for (int j = 0; j < 2; j++) {
        size_t i = idx[j];
        assert_true(r->first_lo[i] <= first[j] && first[j] <= r->first_hi[i]);
        assert_true(r->total_lo[i] <= total[j] && total[j] <= r->total_hi[i]);
        assert_true(r->first_hi[i] - r->first_lo[i] < 0.1);
    }
    /* S1 + S2 = 1 - V12 / V = 348 / 352 */
    assert_true(fabs(r->first[pue] + r->first[ci] - 348.0 / 352) < 0.05);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

static void test_sensitivity__no_uncertain_input_is_an_error(void **state)
{
    (void)state;
    const char *fixed[] = {"sites.lab.pue=1.5", "sites.lab.carbon_intensity=0.4", NULL};
    nc_scenario *sc = tu_load_text(PRODUCT, fixed);
    nc_engine_opts run = NC_ENGINE_OPTS_INIT;
    nc_sensitivity_opts o = {NC_M_CO2E_KG, 10, 0, 0, 0};
    nc_sensitivity *s = NULL;
    nc_error err;
    assert_int_equal(nc_sensitivity_run(&s, sc, &run, &o, &err), NC_EINPUT);
    assert_null(s);
    assert_non_null(strstr(err.message, "no uncertain input"));
    nc_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sensitivity__tornado_moves_one_input_at_a_time),
        cmocka_unit_test(test_sensitivity__sobol_indices_of_a_product),
        cmocka_unit_test(test_sensitivity__no_uncertain_input_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
