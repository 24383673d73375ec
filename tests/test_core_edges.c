/*
 * test_core_edges.c - edges of the engine, the budget statistics, the unit table and the
 * sensitivity inputs that the module tests leave open:
 *   - the engine reports the error of the LOWEST failing replication, whatever the threads;
 *     point mode is one replication; trials run are counted;
 *   - P(under the cap) counts a replication exactly at the cap as under, with the binomial
 *     standard error sqrt(p (1 - p) / n);
 *   - published conversion factors (NIST SP 811, 2008 ed., Appendix B.8: 1 kWh = 3.6 MJ;
 *     the cloud convention of a 730-hour month; 1 t/MWh = 1 kg/kWh) and the documented
 *     limits (a duration at most 1,000 years; ranges from low to high);
 *   - every uncertain input of a scenario appears once in a sensitivity analysis, site idle
 *     power included; the Sobol' analysis follows --seed and the pipeline's total.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "analysis/budget.h"
#include "realism/preempt.h"
#include "analysis/sensitivity.h"
#include "testutil.h"
#include "base/units.h"

static nc_scenario *load(const char *text)
{
    nc_scenario *sc = tu_load_text(text, NULL);
    assert_non_null(sc);
    return sc;
}

/* Trials of 40 h pre-empted 0.5 times an hour without checkpoints expect e^20 restarts, far
 * beyond NC_PREEMPT_MAX: every replication fails, and the error is the one of replication 0
 * (the lowest failing index) with 1, 2 or 3 threads, though each thread fails its own. */
static void test_core_edges__engine_reports_the_lowest_failing_replication(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: failing\n"
                           "seed: 2385\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: j, trials: 3, hardware: v100-sxm2, config_w: 1 kW,"
                           " duration: 40 h, preemption: {per_hour: 0.5}}\n");
    char first[sizeof((nc_error *)0)->message] = "";
    for (int threads = 1; threads <= 3; threads++) {
        nc_engine_opts o = NC_ENGINE_OPTS_INIT;
        o.replications = 64;
        o.threads = threads;
        nc_result *res = NULL;
        nc_error err;
        assert_int_equal(nc_engine_run(&res, sc, &o, &err), NC_EINPUT);
        assert_null(res);
        if (threads == 1) {
            snprintf(first, sizeof first, "%s", err.message);
            assert_non_null(strstr(first, "replication 0,"));
        } else
            assert_string_equal(err.message, first);
    }
    nc_scenario_free(sc);
}

static void test_core_edges__point_mode_is_one_replication_and_trials_are_counted(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: counted\n"
                           "replications: 50\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: j, trials: 7, hardware: v100-sxm2, config_w: 1 kW,"
                           " duration: 1 h}\n");
    nc_result *point = tu_run(sc, 0, 1, 1), *rand = tu_run(sc, 0, 2, 0);
    assert_int_equal(point->replications, 1);
    assert_int_equal(rand->replications, 50);
    assert_true(rand->trials_run == 50 * 7);
    nc_result_free(point), nc_result_free(rand);
    nc_scenario_free(sc);
}

/* Four replications whose total CO2e is 1, 2, 3, 4 kg (one stage, fixed inputs replaced by
 * hand): under a cap of 2 kg are 1 and 2, p = 0.5, se = sqrt(0.25 / 4) = 0.25. */
static void test_core_edges__under_the_cap_includes_the_cap(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: cap\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: j, trials: 1, hardware: v100-sxm2, config_w: 1 kW,"
                           " duration: 1 h}\n");
    nc_result *res = tu_run(sc, 4, 1, 0);
    for (int64_t i = 0; i < 4; i++)
        nc_result_total(res, i)[NC_M_CO2E_KG] = (double)(i + 1);
    nc_budget_metric m;
    nc_error err;
    assert_int_equal(nc_budget_metric_lookup(&m, "co2e_kg", &err), 0);
    nc_budget_prob p = nc_budget_under(res, &m, 2.0);
    assert_true(p.p == 0.5 && p.under == 2 && p.n == 4);
    assert_true(fabs(p.se - 0.25) < 1e-15);
    nc_budget_cap cap;
    double value;
    assert_int_equal(nc_budget_cap_parse(&cap, "2 d", &err), 0);
    assert_int_equal(nc_budget_metric_lookup(&m, "makespan_days", &err), 0);
    assert_int_equal(nc_budget_cap_in(&value, &cap, &m, &err), 0);
    assert_true(fabs(value - 2.0) < 1e-15);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* A confidence met exactly is met. Two replications whose PUEs p0 < p1 are drawn (U(1.2,
 * 1.8)); each trial adds 1 kWh x PUE x 1 kg/kWh. Under a cap of 10 kg at confidence 0.5 the
 * most trials are floor(10 / p0): there one replication of two (p = 0.5) is under. */
static void test_core_edges__max_trials_at_a_confidence_met_exactly(void **state)
{
    (void)state;
    char *path = tu_write_temp("scenario: half\n"
                               "seed: 2385\n"
                               "sites: {s: {pue: {dist: uniform, low: 1.2, high: 1.8},"
                               " carbon_intensity: 1 kg/kWh}}\n"
                               "stages:\n"
                               "  - {name: j, trials: 4, hardware: v100-sxm2, config_w: 1 kW,"
                               " duration: 1 h}\n");
    nc_scenario *sc = tu_load(path, NULL);
    nc_result *res = tu_run(sc, 2, 1, 0);
    double p0 = tu_total(res, 0, NC_M_FACILITY_KWH) / 4,
           p1 = tu_total(res, 1, NC_M_FACILITY_KWH) / 4;
    double lo = fmin(p0, p1), hi = fmax(p0, p1);
    assert_true(floor(10 / lo) != floor(10 / hi));
    nc_result_free(res);
    nc_scenario_free(sc);
    nc_budget_opts o = {path, NULL, 0, NC_TEST_MODELS, NC_ENGINE_OPTS_INIT, 0.5, NULL};
    o.run.replications = 2;
    o.run.threads = 1;
    nc_budget_metric m;
    nc_error err;
    assert_int_equal(nc_budget_metric_lookup(&m, "co2e_kg", &err), 0);
    nc_budget_search *s = malloc(sizeof *s);
    if (nc_budget_max_trials(s, &o, "j", &m, 10.0, &err))
        fail_msg("%s", err.message);
    assert_true(s->met);
    assert_int_equal(s->x, (int64_t)floor(10 / lo));
    assert_true(s->at.prob.p == 0.5);
    free(s);
    tu_remove_temp(path);
}

/* The ITP search never probes an end of its bracket again. Each trial costs exactly 1 kg;
 * under a cap of 3.01 kg the search probes 3 (met), doubles to 6 (missed), and regula falsi
 * on the surrogates -0.01 and 2.99 points at 3.01, moved by kappa1 w^2 = 0.15 towards the
 * middle (budget.c, ITP_KAPPA1 0.05 / w): 3.16, which rounds to the end 3; the next probe must
 * be 4, the last between the ends. Three runs in all, answer 3. */
static void test_core_edges__itp_search_probes_strictly_inside_its_bracket(void **state)
{
    (void)state;
    char *path = tu_write_temp("scenario: itp\n"
                               "embodied: false\n"
                               "sites: {s: {pue: 1, carbon_intensity: 1 kg/kWh}}\n"
                               "stages:\n"
                               "  - {name: j, trials: 3, hardware: v100-sxm2, config_w: 1 kW,"
                               " duration: 1 h}\n");
    nc_budget_opts o = {path, NULL, 0, NC_TEST_MODELS, NC_ENGINE_OPTS_INIT, 0.9, NULL};
    o.run.replications = 4;
    o.run.threads = 1;
    nc_budget_metric m;
    nc_error err;
    assert_int_equal(nc_budget_metric_lookup(&m, "co2e_kg", &err), 0);
    nc_budget_search *s = malloc(sizeof *s);
    if (nc_budget_max_trials(s, &o, "j", &m, 3.01, &err))
        fail_msg("%s", err.message);
    assert_true(s->met);
    assert_int_equal(s->x, 3);
    assert_int_equal(s->n_probes, 3);
    assert_int_equal(s->probes[2].x, 4);
    free(s);
    tu_remove_temp(path);
}

static double parse(const char *text, nc_dim dim)
{
    double v = NAN;
    nc_error err;
    if (nc_quantity_parse(text, dim, &v, &err))
        fail_msg("'%s': %s", text, err.message);
    return v;
}

static void test_core_edges__published_unit_factors(void **state)
{
    (void)state;
    assert_true(fabs(parse("3.6 MJ", NC_DIM_ENERGY) - 1.0) < 1e-15);
    assert_true(fabs(parse("1 J", NC_DIM_ENERGY) - 1 / 3.6e6) < 1e-22);
    assert_true(parse("1 month", NC_DIM_TIME) == 730);
    assert_true(parse("12 months", NC_DIM_TIME) == 8760);
    assert_true(parse("431 kg/MWh", NC_DIM_CI) == 0.431);
    assert_true(parse("0.431 t/MWh", NC_DIM_CI) == 0.431);
    assert_true(parse("2385 mW", NC_DIM_POWER) == 2.385);
    assert_true(fabs(parse("10 lb", NC_DIM_MASS) - 4.5359237) < 1e-15);
    double out;
    nc_error err;
    assert_int_equal(nc_unit_convert(1.0, NC_DIM_MASS, "lb", &out, &err), 0);
    assert_true(fabs(out - 1 / 0.45359237) < 1e-12);
    assert_int_equal(nc_unit_convert(48.0, NC_DIM_TIME, "d", &out, &err), 0);
    assert_true(out == 2.0);
}

static void test_core_edges__documented_unit_limits(void **state)
{
    (void)state;
    double v, lo, hi;
    nc_error err;
    assert_true(parse("1000 y", NC_DIM_TIME) == 8760000);
    assert_int_equal(nc_quantity_parse("1001 y", NC_DIM_TIME, &v, &err), NC_EINPUT);
    assert_int_equal(nc_range_parse("5 to 5 h", NC_DIM_TIME, &lo, &hi, &err), NC_EINPUT);
    assert_int_equal(nc_range_parse("3 to 9 d", NC_DIM_TIME, &lo, &hi, &err), 1);
    assert_true(lo == 72 && hi == 216);
    /* money is a price per hour only where a price per hour is expected */
    assert_int_equal(nc_quantity_parse("5 USD", NC_DIM_TIME, &v, &err), NC_EINPUT);
    assert_true(parse("0.43 USD", NC_DIM_USD_PER_H) == 0.43);
    /* no suggestion three edits away */
    assert_int_equal(nc_quantity_parse("5 Wxyz", NC_DIM_POWER, &v, &err), NC_EINPUT);
    assert_null(strstr(err.message, "did you mean"));
}

/* Two stages on the same catalog hardware with an uncertain TDP, sharing the scenario's
 * uncertain price per GPU-hour (copied into each stage), a site whose cluster's idle power is
 * uncertain: the TDP appears once (one path), the price once, the idle power too, with its
 * P5 and P95 (uniform 30..50 W: 31 and 49 W). */
static void test_core_edges__sensitivity_lists_every_input_once(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: inputs\n"
                           "catalog: {hardware: {v100-sxm2: {tdp: {dist: uniform, low: 250 W,"
                           " high: 350 W}}}}\n"
                           "pricing: {gpu_hour: {dist: uniform, low: 0.43 USD, high: 1.46 USD}}\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1,"
                           " cluster: {gpus: 4, idle_w: {dist: uniform, low: 30 W, high: 50 W}}}}\n"
                           "stages:\n"
                           "  - {name: a, trials: 2, hardware: v100-sxm2, duration: 1 h}\n"
                           "  - {name: b, trials: 2, hardware: v100-sxm2, duration: 1 h}\n");
    nc_engine_opts run = NC_ENGINE_OPTS_INIT;
    run.threads = 1;
    nc_sensitivity_opts o = {NC_M_CO2E_KG, 20, 0, 0, 0};
    nc_sensitivity *s = NULL;
    nc_error err;
    assert_int_equal(nc_sensitivity_run(&s, sc, &run, &o, &err), 0);
    int tdp = 0, idle = 0, price = 0;
    for (size_t i = 0; i < s->k; i++) {
        if (strstr(s->paths[i], "tdp"))
            tdp++;
        if (strstr(s->paths[i], "gpu_hour"))
            price++;
        if (strstr(s->paths[i], "idle_w")) {
            idle++;
            assert_true(fabs(s->value_lo[i] - 31) < 1e-9 && fabs(s->value_hi[i] - 49) < 1e-9);
        }
    }
    assert_int_equal(tdp, 1);
    assert_int_equal(idle, 1);
    assert_int_equal(price, 1);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

/* The Sobol' analysis evaluates the pipeline's total (idle energy included: more than the
 * first stage's) with the run's seed: another --seed, other draws. */
static void test_core_edges__sobol_follows_the_seed_and_the_total(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: sobol\n"
                           "sites: {s: {pue: {dist: uniform, low: 1.1, high: 1.5},"
                           " carbon_intensity: 1, cluster: {gpus: 4, idle_w: 40 W}}}\n"
                           "stages:\n"
                           "  - {name: a, trials: 5, hardware: v100-sxm2, config_w: 1 kW,"
                           " duration: {dist: gamma, mean: 2 h, sd: 1 h}}\n"
                           "  - {name: b, trials: 5, hardware: v100-sxm2, config_w: 1 kW,"
                           " duration: {dist: gamma, mean: 2 h, sd: 1 h}}\n");
    double mean[2];
    double first_stage = 0;
    for (int k = 0; k < 2; k++) {
        nc_engine_opts run = NC_ENGINE_OPTS_INIT;
        run.threads = 1;
        run.has_seed = 1;
        run.seed = 11 + (uint64_t)k;
        nc_sensitivity_opts o = {NC_M_CO2E_KG, 10, 32, 0, 0};
        nc_sensitivity *s = NULL;
        nc_error err;
        assert_int_equal(nc_sensitivity_run(&s, sc, &run, &o, &err), 0);
        mean[k] = s->sobol->mean;
        nc_sensitivity_free(s);
        nc_result *res = tu_run(sc, 200, 1, 0);
        nc_summary st = tu_summary(res, NC_M_CO2E_KG);
        double a = 0;
        for (int64_t i = 0; i < 200; i++)
            a += nc_result_stage(res, i, 0)[NC_M_CO2E_KG];
        first_stage = a / 200;
        /* the total is two stages and the idle GPUs: about twice the first stage or more */
        assert_true(mean[k] > 1.5 * first_stage && st.mean > 1.5 * first_stage);
        nc_result_free(res);
    }
    assert_true(mean[0] != mean[1]);
    nc_scenario_free(sc);
}

/* A pre-emption rate that makes a checkpoint interval a near-certain loss is refused: 0.8
 * per hour with checkpoints every 10 h expects e^8 - 1 = 2,980 pre-emptions per interval,
 * above NC_PREEMPT_MAX_PER_SEGMENT (1,000); 0.5 per hour (e^5 - 1 = 147) is accepted. */
static void test_core_edges__preemption_rate_beyond_the_checkpoints_is_refused(void **state)
{
    (void)state;
    nc_error err;
    assert_int_equal(nc_preempt_check(0.8, 10.0, 0.0, &err), NC_EINPUT);
    assert_int_equal(nc_preempt_check(0.5, 10.0, 0.0, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core_edges__engine_reports_the_lowest_failing_replication),
        cmocka_unit_test(test_core_edges__point_mode_is_one_replication_and_trials_are_counted),
        cmocka_unit_test(test_core_edges__under_the_cap_includes_the_cap),
        cmocka_unit_test(test_core_edges__max_trials_at_a_confidence_met_exactly),
        cmocka_unit_test(test_core_edges__itp_search_probes_strictly_inside_its_bracket),
        cmocka_unit_test(test_core_edges__published_unit_factors),
        cmocka_unit_test(test_core_edges__documented_unit_limits),
        cmocka_unit_test(test_core_edges__sensitivity_lists_every_input_once),
        cmocka_unit_test(test_core_edges__sobol_follows_the_seed_and_the_total),
        cmocka_unit_test(test_core_edges__preemption_rate_beyond_the_checkpoints_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
