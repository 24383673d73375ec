/*
 * test_engine.c - the engine's contract (DESIGN.md, "Randomness" and "Two levels of
 * uncertainty"), each property a test:
 *   - same seed: bitwise-identical results for 1, 2 and 3 threads;
 *   - two scenarios differing in one input share every other draw;
 *   - adding trials leaves the earlier trials' draws alone (monotone totals);
 *   - a replication replayed by index equals the same replication of a full run;
 *   - analytic cases: one uniform input gives linear quantiles, N iid trials give mean N*m
 *     and sd sqrt(N)*s, and a parameter drawn per replication gives the between-replication
 *     spread that does not average out.
 * Statistical tolerances are 4.5 standard errors (a false alarm about once in 150,000 runs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "output/output_csv.h"
#include "output/output_json.h"
#include "output/output_table.h"
#include "testutil.h"

#define LISA NC_SOURCE_DIR "/scenarios/lisa-rnd.yaml"
#define Z 4.5

static size_t sample_bytes(const nc_result *res)
{
    return (size_t)res->replications * res->n_rows * NC_M__COUNT * sizeof(double);
}

/* The JSON document of a run, without timing, as a string (free it). */
static char *json_of(const nc_result *res)
{
    nc_summary *sum = malloc(res->n_rows * NC_M__COUNT * sizeof *sum);
    nc_error err;
    assert_int_equal(nc_stats_result(sum, res, &err), 0);
    nc_report rep = {res, sum, "kg", 0, NULL};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(nc_output_json(f, &rep, &err), 0);
    fclose(f);
    free(sum);
    return buf;
}

static void test_engine__bitwise_identical_for_1_2_3_threads(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load(LISA, NULL);
    assert_non_null(sc);
    nc_result *one = tu_run(sc, 97, 1, 0);
    char *json1 = json_of(one);
    for (int threads = 2; threads <= 3; threads++) {
        nc_result *many = tu_run(sc, 97, threads, 0);
        assert_int_equal(many->threads, threads);
        assert_memory_equal(one->samples, many->samples, sample_bytes(one));
        char *json = json_of(many);
        assert_string_equal(json1, json);
        free(json);
        nc_result_free(many);
    }
    free(json1);
    nc_result_free(one);
    nc_scenario_free(sc);
}

/* Changing the electricity price changes electricity_usd and nothing else, replication by
 * replication; changing PUE leaves GPU-hours, IT energy and cloud cost untouched. */
static void test_engine__variants_share_draws_of_untouched_inputs(void **state)
{
    (void)state;
    const char *price[] = {"sites.lab.electricity_price=0.31 USD/kWh", NULL};
    const char *pue[] = {"sites.lab.pue={dist: uniform, low: 1.1, high: 1.2}", NULL};
    nc_scenario *a = tu_load(LISA, NULL), *b = tu_load(LISA, price), *c = tu_load(LISA, pue);
    nc_result *ra = tu_run(a, 64, 2, 0), *rb = tu_run(b, 64, 2, 0), *rc = tu_run(c, 64, 2, 0);
    for (int64_t i = 0; i < 64; i++) {
        const double *x = nc_result_at(ra, i, 0), *y = nc_result_at(rb, i, 0),
                     *z = nc_result_at(rc, i, 0);
        for (int m = 0; m < NC_M__COUNT; m++)
            if (m != NC_M_ELECTRICITY_USD)
                assert_true(x[m] == y[m]);
        assert_true(x[NC_M_ELECTRICITY_USD] != y[NC_M_ELECTRICITY_USD]);
        assert_true(x[NC_M_GPU_HOURS] == z[NC_M_GPU_HOURS]);
        assert_true(x[NC_M_IT_KWH] == z[NC_M_IT_KWH]);
        assert_true(x[NC_M_CLOUD_USD] == z[NC_M_CLOUD_USD]);
        assert_true(x[NC_M_FACILITY_KWH] != z[NC_M_FACILITY_KWH]);
    }
    nc_result_free(ra), nc_result_free(rb), nc_result_free(rc);
    nc_scenario_free(a), nc_scenario_free(b), nc_scenario_free(c);
}

/* More trials never lower a replication's totals: the first trials' draws are the same. */
static void test_engine__adding_trials_keeps_earlier_draws(void **state)
{
    (void)state;
    const char *small[] = {"stages.grid-searches.trials=700", NULL};
    const char *large[] = {"stages.grid-searches.trials=701", NULL};
    nc_scenario *a = tu_load(LISA, small), *b = tu_load(LISA, large);
    nc_result *ra = tu_run(a, 200, 2, 0), *rb = tu_run(b, 200, 2, 0);
    for (int64_t i = 0; i < 200; i++) {
        const double *x = nc_result_at(ra, i, 0), *y = nc_result_at(rb, i, 0);
        assert_true(y[NC_M_GPU_HOURS] > x[NC_M_GPU_HOURS]);
        assert_true(y[NC_M_IT_KWH] > x[NC_M_IT_KWH]);
        assert_true(y[NC_M_CO2E_KG] > x[NC_M_CO2E_KG]);
        /* one trial more adds at most one job: 9 days, times the mix's speed scale (an M40
         * job takes at most ~2.1x the mix average with the catalog's speed ranges) */
        assert_true(y[NC_M_GPU_HOURS] - x[NC_M_GPU_HOURS] <= 9 * 24 * 2.2);
        assert_true(y[NC_M_FAILED_TRIALS] >= x[NC_M_FAILED_TRIALS]);
    }
    nc_result_free(ra), nc_result_free(rb);
    nc_scenario_free(a), nc_scenario_free(b);
}

static void test_engine__replay_one_replication_by_index(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load(LISA, NULL);
    nc_result *full = tu_run(sc, 50, 2, 0);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.first = 37;
    o.replications = 1;
    nc_result *one = NULL;
    nc_error err;
    assert_int_equal(nc_engine_run(&one, sc, &o, &err), 0);
    assert_memory_equal(nc_result_at(full, 37, 0), nc_result_at(one, 0, 0),
                        full->n_rows * NC_M__COUNT * sizeof(double));
    nc_result_free(full), nc_result_free(one);
    nc_scenario_free(sc);
}

static void test_engine__other_seed_other_draws(void **state)
{
    (void)state;
    const char *seed[] = {"seed=2020", NULL};
    nc_scenario *a = tu_load(LISA, NULL), *b = tu_load(LISA, seed);
    nc_result *ra = tu_run(a, 8, 1, 0), *rb = tu_run(b, 8, 1, 0);
    for (int64_t i = 0; i < 8; i++)
        assert_true(tu_total(ra, i, NC_M_CO2E_KG) != tu_total(rb, i, NC_M_CO2E_KG));
    nc_result_free(ra), nc_result_free(rb);
    nc_scenario_free(a), nc_scenario_free(b);
}

/* One trial of 10 h at 1 kW: facility energy = 10 * PUE with PUE ~ U(1.2, 1.8), so its
 * p-quantile is 10 * (1.2 + 0.6 p). The sample quantile's standard error is
 * sqrt(p (1 - p) / n) / f with density f = 1 / 6 kWh. */
static void test_engine__one_uniform_input_gives_linear_quantiles(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text("scenario: uniform-pue\n"
                                   "sites: {s: {pue: {dist: uniform, low: 1.2, high: 1.8},"
                                   " carbon_intensity: 0.5 kg/kWh}}\n"
                                   "stages:\n"
                                   "  - {name: one, trials: 1, hardware: v100-sxm2,"
                                   " duration: 10 h, config_w: 1 kW}\n",
                                   NULL);
    assert_non_null(sc);
    const int64_t n = 20000;
    nc_result *res = tu_run(sc, n, 2, 0);
    nc_summary s = tu_summary(res, NC_M_FACILITY_KWH);
    const double p[] = {0.05, 0.5, 0.95}, got[] = {s.p5, s.p50, s.p95};
    for (int i = 0; i < 3; i++) {
        double se = sqrt(p[i] * (1 - p[i]) / (double)n) * 6.0;
        assert_true(fabs(got[i] - 10 * (1.2 + 0.6 * p[i])) < Z * se);
    }
    assert_true(s.min >= 12.0 && s.max <= 18.0);
    /* operational co2e = facility x 0.5 exactly, replication by replication */
    for (int64_t i = 0; i < n; i += 997)
        assert_true(tu_total(res, i, NC_M_CO2E_OPERATIONAL_KG) ==
                    0.5 * tu_total(res, i, NC_M_FACILITY_KWH));
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* N = 400 iid gamma(mean 10 h, sd 3 h) trials at 1 kW: the total IT energy has mean
 * N m = 4000 kWh and sd sqrt(N) s = 60 kWh. Over R replications the mean's standard error is
 * 60 / sqrt(R), the sd's about 60 / sqrt(2 (R - 1)) (the total is nearly normal). */
static void test_engine__iid_trials_sum_to_n_times_mean(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text("scenario: iid\n"
                                   "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                                   "stages:\n"
                                   "  - {name: many, trials: 400, hardware: v100-sxm2,"
                                   " duration: {dist: gamma, mean: 10 h, sd: 3 h},"
                                   " config_w: 1000 W}\n",
                                   NULL);
    assert_non_null(sc);
    const int64_t R = 4000;
    nc_result *res = tu_run(sc, R, 2, 0);
    nc_summary s = tu_summary(res, NC_M_IT_KWH);
    assert_true(fabs(s.mean - 4000) < Z * 60 / sqrt((double)R));
    assert_true(fabs(s.sd - 60) < Z * 60 / sqrt(2.0 * (double)(R - 1)));
    nc_summary gh = tu_summary(res, NC_M_GPU_HOURS);
    /* 1 GPU at 1 kW: kWh and GPU-hours coincide (summed in different orders of rounding) */
    assert_true(fabs(gh.mean - s.mean) < 1e-12 * s.mean);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Two levels: 1,000 one-hour trials on a 250 W GPU, each drawing its power fraction from a
 * beta whose mean is itself U(0.5, 0.7) per replication. Between replications the total
 * varies with the mean: sd = 0.25 kW x 1000 x 0.2/sqrt(12) = 14.43 kWh (plus 0.395 kWh of
 * trial noise, sqrt(1000) x 0.25 x 0.05). If the mean were drawn per trial instead, the sd
 * would collapse to ~2.4 kWh: the band would be falsely narrow. */
static void test_engine__parameter_drawn_per_replication_keeps_band_wide(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(
        "scenario: two-levels\n"
        "catalog: {hardware: {v100-sxm2: {tdp: 250 W}}}\n"
        "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
        "stages:\n"
        "  - name: many\n"
        "    trials: 1000\n"
        "    hardware: v100-sxm2\n"
        "    duration: 1 h\n"
        "    power_fraction: {dist: beta, mean: {dist: uniform, low: 0.5, high: 0.7}, sd: 0.05}\n",
        NULL);
    assert_non_null(sc);
    const int64_t R = 4000;
    nc_result *res = tu_run(sc, R, 2, 0);
    nc_summary s = tu_summary(res, NC_M_IT_KWH);
    double between = 250.0 * 0.2 / sqrt(12.0), within = sqrt(1000.0) * 0.25 * 0.05;
    double sd = sqrt(between * between + within * within);
    assert_true(fabs(s.mean - 150.0) < Z * sd / sqrt((double)R));
    /* the total is uniform-like, not normal: se of the sd from its kurtosis (1.8) */
    assert_true(fabs(s.sd - sd) < Z * sd * sqrt((1.8 - 1) / (4.0 * (double)R)));
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* A hardware mix: trials land on each profile in proportion to its share. With durations
 * "as measured on" the first profile, the slower one's trials take speed-ratio longer. */
static void test_engine__hardware_mix_shares_and_speeds(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(
        "scenario: mix\n"
        "catalog: {hardware: {v100-sxm2: {speed: 1.0}, p100-pcie: {speed: 0.5}}}\n"
        "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
        "stages:\n"
        "  - {name: mixed, trials: 10000, hardware: {v100-sxm2: 0.7, p100-pcie: 0.3},"
        " duration: 1 h, duration_on: v100-sxm2, config_w: 1 kW}\n",
        NULL);
    assert_non_null(sc);
    nc_result *res = tu_run(sc, 20, 2, 0);
    /* GPU-hours = 10000 x (0.7 x 1 + 0.3 x 2) = 13,000; the share of p100 trials is
     * binomial: sd of the count 45.8, of the GPU-hours 45.8 (each p100 trial adds 1 h). */
    nc_summary s = tu_summary(res, NC_M_GPU_HOURS);
    assert_true(fabs(s.mean - 13000) < Z * 45.8 / sqrt(20.0));
    nc_result_free(res);
    nc_result *point = tu_run(sc, 0, 1, 1);
    assert_true(fabs(tu_total(point, 0, NC_M_GPU_HOURS) - 13000) <= 1.0);
    nc_result_free(point);
    nc_scenario_free(sc);
}

/* Failures: each of N trials fails with probability p at a uniform point of its run and is
 * not retried; expected hours N d (1 - p/2). With one retry a failed trial runs again. */
static void test_engine__failures_pay_for_partial_runs(void **state)
{
    (void)state;
    const char *text = "scenario: crashes\n"
                       "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                       "stages:\n"
                       "  - {name: jobs, trials: 2000, hardware: v100-sxm2, duration: 10 h,"
                       " config_w: 1 kW, failures: {probability: 0.2, retry: false}}\n";
    nc_scenario *sc = tu_load_text(text, NULL);
    assert_non_null(sc);
    const int64_t R = 400;
    nc_result *res = tu_run(sc, R, 2, 0);
    nc_summary f = tu_summary(res, NC_M_FAILED_TRIALS), h = tu_summary(res, NC_M_GPU_HOURS);
    double sd_f = sqrt(2000 * 0.2 * 0.8);
    assert_true(fabs(f.mean - 400) < Z * sd_f / sqrt((double)R));
    /* per trial: hours = 10 (p 0.8) or 10 U (p 0.2): mean 9, var 0.8*100 + 0.2*100/3 - 81 */
    double sd_h = sqrt(2000 * (80 + 20.0 / 3 - 81));
    assert_true(fabs(h.mean - 18000) < Z * sd_h / sqrt((double)R));
    assert_true(tu_summary(res, NC_M_TRIALS).max == 2000);
    nc_result_free(res);
    nc_scenario_free(sc);
    const char *retry[] = {"stages.jobs.failures.retry=true", NULL};
    sc = tu_load_text(text, retry);
    res = tu_run(sc, R, 2, 0);
    /* expected attempts 2000 (1 + 0.2) = 2400 */
    assert_true(fabs(tu_summary(res, NC_M_TRIALS).mean - 2400) < Z * sd_f / sqrt((double)R));
    nc_result_free(res);
    nc_scenario_free(sc);
}

static void test_engine__refuses_results_too_large_to_keep(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load(LISA, NULL);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = NC_MAX_REPLICATIONS;
    nc_result *res = NULL;
    nc_error err;
    assert_int_equal(nc_engine_run(&res, sc, &o, &err), NC_EINPUT);
    assert_null(res);
    assert_non_null(strstr(err.message, "GiB"));
    nc_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engine__bitwise_identical_for_1_2_3_threads),
        cmocka_unit_test(test_engine__variants_share_draws_of_untouched_inputs),
        cmocka_unit_test(test_engine__adding_trials_keeps_earlier_draws),
        cmocka_unit_test(test_engine__replay_one_replication_by_index),
        cmocka_unit_test(test_engine__other_seed_other_draws),
        cmocka_unit_test(test_engine__one_uniform_input_gives_linear_quantiles),
        cmocka_unit_test(test_engine__iid_trials_sum_to_n_times_mean),
        cmocka_unit_test(test_engine__parameter_drawn_per_replication_keeps_band_wide),
        cmocka_unit_test(test_engine__hardware_mix_shares_and_speeds),
        cmocka_unit_test(test_engine__failures_pay_for_partial_runs),
        cmocka_unit_test(test_engine__refuses_results_too_large_to_keep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
