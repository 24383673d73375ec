/*
 * test_realism.c - research pipelines as they really run (issue 3): the calendar, clusters,
 * stage order, early stopping, pre-emption, hourly grids, carbon-aware starts, embodied
 * carbon and owned hardware, each checked through the engine against a hand computation or a
 * closed form (tolerances 4.5 standard errors), and the randomness contract with all of
 * them switched on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "realism/preempt.h"
#include "realism/profile.h"
#include "realism/stopping.h"
#include "testutil.h"

#define Z 4.5
#define SITE "sites: {lab: {pue: 1.5, carbon_intensity: 0.4 kg/kWh}}\n"

static nc_scenario *load(const char *text)
{
    nc_scenario *sc = tu_load_text(text, NULL);
    assert_non_null(sc);
    return sc;
}

/* 100 trials of exactly 10 h on a 7-GPU cluster, all submitted at once: 15 waves
 * (ceil(100 / 7)), so the last ends at 150 h = 6.25 days; GPUs are busy 1,000 of 1,050 GPU-
 * hours; the k-th wave waits 10 (k - 1) hours: the mean wait is (7 x 10 x (0+...+13) + 2 x
 * 140) / 100 = 66.5 h. Idle: 50 GPU-hours at 30 W = 1.5 kWh. */
static void test_realism__cluster_makespan_by_hand(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: waves\n"
                           "sites: {lab: {pue: 1.5, carbon_intensity: 0.4 kg/kWh,"
                           " cluster: {gpus: 7, idle_w: 30 W}}}\n"
                           "stages:\n"
                           "  - {name: s, trials: 100, hardware: v100-sxm2, duration: 10 h,"
                           " config_w: 300 W}\n");
    nc_result *res = tu_run(sc, 3, 2, 0);
    for (int64_t i = 0; i < 3; i++) {
        assert_true(tu_total(res, i, NC_M_MAKESPAN_DAYS) == 150.0 / 24.0);
        assert_true(fabs(tu_total(res, i, NC_M_UTILISATION) - 1000.0 / 1050.0) < 1e-12);
        assert_true(fabs(tu_total(res, i, NC_M_QUEUE_WAIT_HOURS) - 66.5) < 1e-9);
        assert_true(fabs(tu_total(res, i, NC_M_IDLE_KWH) - 1.5) < 1e-12);
        /* IT energy: 100 x 10 h x 0.3 kW + 1.5 kWh idle */
        assert_true(fabs(tu_total(res, i, NC_M_IT_KWH) - 301.5) < 1e-9);
    }
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Without a cluster, capacity is unlimited: 100 trials submitted in 4 batches over 30 h
 * (at 0, 7.5, 15, 22.5 h), each 10 h: the last ends at 32.5 h. No waiting. */
static void test_realism__batches_without_cluster(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: batches\n" SITE
                           "stages:\n"
                           "  - {name: s, trials: 100, hardware: v100-sxm2, duration: 10 h,"
                           " config_w: 300 W, submit: {batches: 4, over: 30 h}}\n");
    nc_result *res = tu_run(sc, 2, 1, 0);
    assert_true(tu_total(res, 0, NC_M_MAKESPAN_DAYS) == 32.5 / 24.0);
    assert_true(tu_total(res, 0, NC_M_QUEUE_WAIT_HOURS) == 0.0);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Stage order: `final` starts when `search` ends; its trial count is 10% of search's. */
static void test_realism__stages_after_and_trials_of(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: order\n" SITE
                           "deadline: 60 h\n"
                           "stages:\n"
                           "  - {name: search, trials: 50, hardware: v100-sxm2, duration: 20 h,"
                           " config_w: 300 W}\n"
                           "  - {name: final, after: [search], trials: {of: search, fraction: 0.1},"
                           " hardware: v100-sxm2, duration: 30 h, config_w: 300 W}\n");
    nc_result *res = tu_run(sc, 1, 1, 0);
    const double *final = nc_result_stage(res, 0, 1);
    assert_true(final[NC_M_TRIALS] == 5.0);
    assert_true(final[NC_M_MAKESPAN_DAYS] == 30.0 / 24.0);
    assert_true(tu_total(res, 0, NC_M_MAKESPAN_DAYS) == 50.0 / 24.0);
    assert_true(tu_total(res, 0, NC_M_ON_TIME) == 1.0);
    /* shares of CO2e: 50 x 20 h against 5 x 30 h */
    assert_true(fabs(nc_result_stage(res, 0, 0)[NC_M_CO2E_SHARE] - 1000.0 / 1150.0) < 1e-12);
    nc_result_free(res);
    nc_scenario_free(sc);
    const char *late[] = {"deadline=49 h", NULL};
    sc = tu_load_text("scenario: order\n" SITE
                      "stages:\n"
                      "  - {name: search, trials: 50, hardware: v100-sxm2, duration: 20 h,"
                      " config_w: 300 W}\n"
                      "  - {name: final, after: search, trials: 5, hardware: v100-sxm2,"
                      " duration: 30 h, config_w: 300 W}\n",
                      late);
    res = tu_run(sc, 1, 1, 0);
    assert_true(tu_total(res, 0, NC_M_ON_TIME) == 0.0);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Early stopping: GPU-hours per trial are the full duration times the policy's expected
 * fraction (closed form from stopping.c, itself tested against Li et al.'s Algorithm 1). */
static void test_realism__early_stopping_budget_matches_closed_form(void **state)
{
    (void)state;
    static const char *const policies[] = {"successive_halving", "hyperband", "asha"};
    for (int p = 0; p < 3; p++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "scenario: es\n" SITE
                 "stages:\n"
                 "  - {name: s, trials: 3000, hardware: v100-sxm2, duration: 27 h,"
                 " config_w: 300 W, early_stopping: {policy: %s, eta: 3, min_budget: 0.037037}}\n",
                 policies[p]);
        nc_scenario *sc = load(text);
        const nc_stopping *stop = &sc->stages[0].stopping;
        double mean = nc_stopping_expected_fraction(stop) * 27.0, sd = 0.0;
        for (int k = 0; k <= stop->s_max; k++)
            sd += nc_stopping_stop_probability(stop, k) * pow(27.0 * stop->budget[k] - mean, 2);
        sd = sqrt(sd * 3000.0);
        nc_result *res = tu_run(sc, 200, 2, 0);
        nc_summary s = tu_summary(res, NC_M_GPU_HOURS);
        assert_true(fabs(s.mean - 3000.0 * mean) < Z * sd / sqrt(200.0));
        nc_result_free(res);
        nc_result *point = tu_run(sc, 0, 1, 1);
        assert_true(fabs(tu_total(point, 0, NC_M_GPU_HOURS) - 3000.0 * mean) < 1e-6);
        nc_result_free(point);
        nc_scenario_free(sc);
    }
}

/* Pre-emption: paid hours per trial have the renewal closed form (preempt.c). */
static void test_realism__preemption_pays_lost_work(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: spot\n" SITE
                           "stages:\n"
                           "  - {name: s, trials: 2000, hardware: v100-sxm2, duration: 10 h,"
                           " config_w: 300 W, preemption: {per_hour: 0.05, checkpoint: 1 h,"
                           " restart: 0.1 h}}\n");
    double expect = nc_preempt_expected_hours(10, 0.05, 1, 0.1);
    nc_result *res = tu_run(sc, 100, 2, 0);
    nc_summary h = tu_summary(res, NC_M_GPU_HOURS), n = tu_summary(res, NC_M_PREEMPTIONS);
    assert_true(h.mean > 2000 * 10.0);
    /* the sd of the sum over replications, estimated from the replications themselves */
    assert_true(fabs(h.mean - 2000 * expect) < Z * h.sd / sqrt(100.0));
    assert_true(fabs(n.mean - 2000 * nc_preempt_expected_count(10, 0.05, 1)) <
                Z * n.sd / sqrt(100.0));
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* An hourly grid: a trial's CO2e integrates its energy over the hours it ran, so the same
 * pipeline at a flat profile of the annual mean gives the annual-mean figure, and a trial
 * placed by hand in [t0, t1] gives node_kW x PUE x integral. */
static void test_realism__hourly_grid_integrates_over_the_run(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: hourly\n"
                           "start: 2021-01-01\n"
                           "sites: {gb: {pue: 1.2, carbon_intensity: {profile: gb-2021}}}\n"
                           "stages:\n"
                           "  - {name: s, trials: 1, hardware: v100-sxm2, duration: 500 h,"
                           " config_w: 2 kW, submit: {batches: 1, over: 1 h}}\n");
    const nc_profile *p = sc->sites[0].profile;
    /* a profiled site has a scale (1 when not given), dimensionless, and no kg/kWh figure */
    assert_null(sc->sites[0].ci_kg_per_kwh);
    assert_non_null(sc->sites[0].ci_scale);
    assert_int_equal(sc->sites[0].ci_scale->dim, NC_DIM_NONE);
    assert_true(nc_input_nominal(sc->sites[0].ci_scale) == 1.0);
    nc_result *res = tu_run(sc, 1, 1, 0);
    double want = 2.0 * 1.2 * nc_profile_integral(p, 0.0, 0.0, 500.0);
    assert_true(fabs(tu_total(res, 0, NC_M_CO2E_OPERATIONAL_KG) - want) < 1e-9 * want);
    /* brute force: the hourly values of January 1-21, summed */
    double brute = 0;
    for (int h = 0; h < 500; h++)
        brute += p->ci[h];
    assert_true(fabs(want - 2.4 * brute) < 1e-9 * want);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Carbon-aware starts: trials free to wait 12 h start in cleaner hours, so the same work
 * emits less; nothing else changes (same draws, same energy). */
static void test_realism__carbon_aware_starts_cut_emissions(void **state)
{
    (void)state;
    const char *base = "scenario: flexible\n"
                       "sites: {gb: {pue: 1.2, carbon_intensity: {profile: gb-2021}}}\n"
                       "stages:\n"
                       "  - name: s\n"
                       "    trials: 400\n"
                       "    hardware: v100-sxm2\n"
                       "    duration: {dist: lognormal, mean: 3 h, sd: 1 h}\n"
                       "    config_w: 300 W\n"
                       "    submit: {over: 365 d}\n";
    const char *aware[] = {"stages.s.carbon_aware={max_delay: 12 h}", NULL};
    nc_scenario *a = load(base), *b = tu_load_text(base, aware);
    assert_non_null(b);
    nc_result *ra = tu_run(a, 20, 2, 0), *rb = tu_run(b, 20, 2, 0);
    for (int64_t i = 0; i < 20; i++) {
        assert_true(tu_total(rb, i, NC_M_IT_KWH) == tu_total(ra, i, NC_M_IT_KWH));
        assert_true(tu_total(rb, i, NC_M_CO2E_KG) < 0.97 * tu_total(ra, i, NC_M_CO2E_KG));
    }
    nc_result_free(ra), nc_result_free(rb);
    nc_scenario_free(a), nc_scenario_free(b);
}

/* Embodied CO2e: GPU-hours x embodied / (lifetime x utilisation); `embodied: false` drops it.
 * Owned hardware: GPU-hours x price / (amortisation x utilisation). */
static void test_realism__embodied_and_owned_hardware(void **state)
{
    (void)state;
    const char *text =
        "scenario: embodied\n"
        "catalog: {hardware: {v100-sxm2: {embodied: 300 kg, lifetime: 5 y, utilisation: 0.6}}}\n"
        SITE
        "pricing: {owned: {price_per_gpu: 10000 USD, amortise_over: 4 y, utilisation: 0.5}}\n"
        "stages:\n"
        "  - {name: s, trials: 10, gpus: 8, hardware: v100-sxm2, duration: 100 h,"
        " config_w: 3 kW}\n";
    nc_scenario *sc = load(text);
    nc_result *res = tu_run(sc, 1, 1, 0);
    double gpu_h = 10 * 8 * 100.0;
    assert_true(fabs(tu_total(res, 0, NC_M_CO2E_EMBODIED_KG) - gpu_h * 300 / (5 * 8760 * 0.6)) <
                1e-9);
    assert_true(fabs(tu_total(res, 0, NC_M_HARDWARE_USD) - gpu_h * 10000 / (4 * 8760 * 0.5)) <
                1e-9);
    assert_true(tu_total(res, 0, NC_M_CLOUD_USD) == 0.0);
    assert_true(tu_total(res, 0, NC_M_CO2E_KG) ==
                tu_total(res, 0, NC_M_CO2E_OPERATIONAL_KG) +
                    tu_total(res, 0, NC_M_CO2E_EMBODIED_KG));
    nc_result_free(res);
    nc_scenario_free(sc);
    const char *off[] = {"embodied=false", NULL};
    sc = tu_load_text(text, off);
    res = tu_run(sc, 1, 1, 0);
    assert_true(tu_total(res, 0, NC_M_CO2E_EMBODIED_KG) == 0.0);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* The randomness contract with every feature on: bitwise-equal for 1, 2 and 3 threads, and
 * a variant that changes only the electricity price shares every other draw. */
static const char *const EVERYTHING =
    "scenario: everything\n"
    "start: 2021-06-01\n"
    "deadline: 40 d\n"
    "sites:\n"
    "  gb: {pue: {dist: triangular, min: 1.1, mode: 1.3, max: 1.6},"
    " carbon_intensity: {profile: gb-2021, scale: \"0.9 to 1.1\"},"
    " electricity_price: 0.2 USD/kWh, cluster: {gpus: 24, idle_w: 40 W}}\n"
    "pricing: {gpu_hour: spot}\n"
    "stages:\n"
    "  - name: search\n"
    "    trials: 600\n"
    "    hardware: {a100-sxm4-40gb: 0.5, v100-sxm2: 0.5}\n"
    "    duration: {dist: gamma, mean: 20 h, sd: {dist: uniform, low: 5 h, high: 15 h}}\n"
    "    submit: {batches: 20, over: 20 d}\n"
    "    early_stopping: {policy: hyperband, eta: 3, min_budget: 0.04}\n"
    "    failures: {probability: 0.05, retry: true}\n"
    "    preemption: {per_hour: 0.02, checkpoint: 2 h, restart: 10 min}\n"
    "    carbon_aware: {max_delay: 6 h}\n"
    "  - {name: final, after: [search], trials: {of: search, fraction: 0.01}, gpus: 4,"
    " hardware: a100-sxm4-40gb, duration: 48 h}\n";

static void test_realism__reproducible_with_everything_on(void **state)
{
    (void)state;
    nc_scenario *sc = load(EVERYTHING);
    nc_result *one = tu_run(sc, 40, 1, 0);
    size_t bytes = (size_t)one->replications * one->n_rows * NC_M__COUNT * sizeof(double);
    for (int threads = 2; threads <= 3; threads++) {
        nc_result *many = tu_run(sc, 40, threads, 0);
        assert_memory_equal(one->samples, many->samples, bytes);
        nc_result_free(many);
    }
    const char *price[] = {"sites.gb.electricity_price=0.3 USD/kWh", NULL};
    nc_scenario *variant = tu_load_text(EVERYTHING, price);
    nc_result *v = tu_run(variant, 40, 2, 0);
    for (int64_t i = 0; i < 40; i++)
        for (size_t row = 0; row < one->n_rows; row++)
            for (int m = 0; m < NC_M__COUNT; m++)
                if (m != NC_M_ELECTRICITY_USD)
                    assert_true(nc_result_at(one, i, row)[m] == nc_result_at(v, i, row)[m]);
    nc_result_free(v);
    nc_scenario_free(variant);
    nc_result_free(one);
    nc_scenario_free(sc);
}

/* The daily timeline (for the calendar figure) spreads each trial's CO2e over the days it
 * ran: its days sum to the replication's CO2e (no idle energy here). */
static void test_realism__timeline_sums_to_the_total(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: days\n"
                           "sites: {gb: {pue: 1.2, carbon_intensity: {profile: gb-2021},"
                           " cluster: {gpus: 16}}}\n"
                           "stages:\n"
                           "  - {name: s, trials: 300, hardware: v100-sxm2,"
                           " duration: {dist: lognormal, mean: 30 h, sd: 20 h},"
                           " submit: {batches: 10, over: 40 d}}\n");
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = 12;
    o.timeline_days = 400;
    nc_result *res = NULL;
    nc_error err;
    assert_int_equal(nc_engine_run(&res, sc, &o, &err), 0);
    for (int64_t i = 0; i < 12; i++) {
        const double *day = nc_result_timeline(res, i);
        double sum = 0;
        for (int d = 0; d < 400; d++)
            sum += day[d];
        double total = tu_total(res, i, NC_M_CO2E_KG);
        assert_true(fabs(sum - total) < 1e-9 * total);
        assert_true(tu_total(res, i, NC_M_MAKESPAN_DAYS) < 400);
    }
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* `idle: counted` takes the catalog's idle power of the cluster's GPUs (v100-sxm2: see
 * models/hardware.yaml): the same idle energy as writing that figure as idle_w. */
static void test_realism__idle_counted_uses_the_catalog(void **state)
{
    (void)state;
    const char *text = "scenario: idle\n"
                       "sites: {lab: {pue: 1.5, carbon_intensity: 0.4 kg/kWh,"
                       " cluster: {gpus: 7, idle: counted}}}\n"
                       "stages:\n"
                       "  - {name: s, trials: 100, hardware: v100-sxm2, duration: 10 h,"
                       " config_w: 300 W}\n";
    nc_scenario *sc = load(text);
    assert_non_null(sc->sites[0].idle_w);
    double idle_w = nc_input_nominal(sc->sites[0].idle_w);
    nc_result *res = tu_run(sc, 1, 1, 1);
    assert_true(fabs(tu_total(res, 0, NC_M_IDLE_KWH) - 50 * idle_w / 1000) < 1e-12);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Numerical safety (issue 7): a normal duration with most of its mass below zero, a normal
 * failure probability far outside [0, 1] and a normal power fraction are truncated to their
 * domains: no negative hours or energy, never more failures than attempts. */
static void test_realism__sampled_values_stay_in_their_domains(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: wild\n" SITE
                           "stages:\n"
                           "  - name: s\n"
                           "    trials: 500\n"
                           "    hardware: v100-sxm2\n"
                           "    duration: {dist: normal, mean: 1 h, sd: 5 h}\n"
                           "    power_fraction: {dist: normal, mean: 0.9, sd: 0.5}\n"
                           "    failures: {probability: {dist: normal, mean: 0.5, sd: 2},"
                           " retries: 1}\n");
    nc_result *res = tu_run(sc, 200, 2, 0);
    for (int64_t i = 0; i < 200; i++) {
        const double *m = nc_result_stage(res, i, 0);
        assert_true(m[NC_M_GPU_HOURS] > 0 && m[NC_M_IT_KWH] > 0 && m[NC_M_CO2E_KG] > 0);
        assert_true(m[NC_M_FAILED_TRIALS] <= m[NC_M_TRIALS]);
        assert_true(m[NC_M_TRIALS] >= 500 && m[NC_M_TRIALS] <= 1000);
        /* power fraction <= 1: at most 300 W x hours (+ no host) */
        assert_true(m[NC_M_IT_KWH] <= 0.3 * m[NC_M_GPU_HOURS] + 1e-9);
    }
    nc_result_free(res);
    nc_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_realism__cluster_makespan_by_hand),
        cmocka_unit_test(test_realism__batches_without_cluster),
        cmocka_unit_test(test_realism__stages_after_and_trials_of),
        cmocka_unit_test(test_realism__early_stopping_budget_matches_closed_form),
        cmocka_unit_test(test_realism__preemption_pays_lost_work),
        cmocka_unit_test(test_realism__hourly_grid_integrates_over_the_run),
        cmocka_unit_test(test_realism__carbon_aware_starts_cut_emissions),
        cmocka_unit_test(test_realism__embodied_and_owned_hardware),
        cmocka_unit_test(test_realism__reproducible_with_everything_on),
        cmocka_unit_test(test_realism__timeline_sums_to_the_total),
        cmocka_unit_test(test_realism__idle_counted_uses_the_catalog),
        cmocka_unit_test(test_realism__sampled_values_stay_in_their_domains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
