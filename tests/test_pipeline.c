/*
 * test_pipeline.c - one replication's accounting (pipeline.c, trial.c), each formula of the
 * README's "The model" checked on a case small enough to work out by hand:
 *   - node power = gpus x tdp x power_fraction + gpus x host_w_per_gpu + cpu + dram;
 *   - facility = IT x PUE; electricity = facility x price; CO2e = facility x intensity;
 *   - embodied = GPU-hours x embodied / (lifetime x utilisation);
 *   - idle GPU-hours of a reserved cluster = gpus x makespan - busy GPU-hours, at the
 *     cluster's idle power, with PUE, and with the hourly profile over the makespan;
 *   - an hourly profile integrated over the hours the trials run, from the scenario's start;
 *   - queue waits, makespans, `after`, deadlines (on time when the work ends AT the deadline).
 * All inputs are fixed, so the replication is deterministic and results are compared with
 * the hand computation to 1e-9 relative (rounding only).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "testutil.h"

#define REL 1e-9

static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= REL * fmax(1.0, fabs(want)))) {
        fprintf(stderr, "got %.17g, want %.17g\n", got, want);
        fail();
    }
}

/* Metric 'm' of row 'row' (a stage, or n_stages for the total) of replication 0. */
static double at(const nc_result *res, size_t row, int m)
{
    return (row == res->sc->n_stages ? nc_result_total(res, 0) : nc_result_stage(res, 0, row))[m];
}

/* One replication of 'text' (every input fixed). */
static nc_result *run_one(const char *text, nc_scenario **sc)
{
    *sc = tu_load_text(text, NULL);
    assert_non_null(*sc);
    nc_result *res = tu_run(*sc, 1, 1, 0);
    assert_non_null(res);
    return res;
}

/* 3 trials x 10 h on 4 GPUs of 300 W at a power fraction of 0.6 and 50 W of host per GPU:
 * node 4 x 300 x 0.6 + 4 x 50 = 920 W, IT 27.6 kWh, 120 GPU-hours. PUE 1.5, 0.4 kg/kWh, 0.2
 * USD/kWh. Embodied 400 kg over 5 y x 0.8: 400 / 35,040 kg per GPU-hour. */
static void test_pipeline__node_power_pue_price_and_embodied(void **state)
{
    (void)state;
    nc_scenario *sc;
    nc_result *res = run_one(
        "scenario: accounting\n"
        "catalog: {hardware: {v100-sxm2: {tdp: 300 W, power_fraction: 0.6, embodied: 400 kg,"
        " lifetime: 5 y, utilisation: 0.8}}}\n"
        "sites: {s: {pue: 1.5, carbon_intensity: 0.4 kg/kWh, electricity_price: 0.2 USD/kWh}}\n"
        "stages:\n"
        "  - {name: jobs, trials: 3, gpus: 4, hardware: v100-sxm2, duration: 10 h,"
        " host_w_per_gpu: 50 W}\n",
        &sc);
    double it = 3 * 10 * 920 / 1000.0, emb = 120 * 400.0 / (5 * 8760 * 0.8);
    for (size_t row = 0; row < 2; row++) {
        assert_close(at(res, row, NC_M_GPU_HOURS), 120);
        assert_close(at(res, row, NC_M_IT_KWH), it);
        assert_close(at(res, row, NC_M_FACILITY_KWH), 1.5 * it);
        assert_close(at(res, row, NC_M_ELECTRICITY_USD), 0.2 * 1.5 * it);
        assert_close(at(res, row, NC_M_CO2E_OPERATIONAL_KG), 0.4 * 1.5 * it);
        assert_close(at(res, row, NC_M_CO2E_EMBODIED_KG), emb);
        assert_close(at(res, row, NC_M_CO2E_KG), 0.4 * 1.5 * it + emb);
    }
    /* the only stage carries all of the CO2e, embodied included */
    assert_close(at(res, 0, NC_M_CO2E_SHARE), 1.0);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* A 4-GPU cluster idling at 40 W per GPU runs one 1-GPU trial of 10 h at 1 kW: the makespan
 * is 10 h, so 4 x 10 - 10 = 30 GPU-hours idle, 1.2 kWh; with PUE 1.5, 1.8 kWh at the
 * facility, 0.9 kg at 0.5 kg/kWh, 0.18 USD at 0.1 USD/kWh. */
static void test_pipeline__idle_gpus_of_a_cluster_with_pue(void **state)
{
    (void)state;
    nc_scenario *sc;
    nc_result *res = run_one(
        "scenario: idle\n"
        "sites: {s: {pue: 1.5, carbon_intensity: 0.5 kg/kWh, electricity_price: 0.1 USD/kWh,"
        " cluster: {gpus: 4, idle_w: 40 W}}}\n"
        "stages:\n"
        "  - {name: one, trials: 1, hardware: v100-sxm2, duration: 10 h, config_w: 1 kW}\n",
        &sc);
    size_t total = sc->n_stages;
    assert_close(at(res, total, NC_M_IDLE_KWH), 1.2);
    assert_close(at(res, total, NC_M_IT_KWH), 10 + 1.2);
    assert_close(at(res, total, NC_M_FACILITY_KWH), 1.5 * (10 + 1.2));
    assert_close(at(res, total, NC_M_CO2E_OPERATIONAL_KG), 0.5 * 1.5 * (10 + 1.2));
    assert_close(at(res, total, NC_M_ELECTRICITY_USD), 0.1 * 1.5 * (10 + 1.2));
    assert_close(at(res, total, NC_M_UTILISATION), 10.0 / 40.0);
    /* the stage's own row has no idle energy */
    assert_close(at(res, 0, NC_M_FACILITY_KWH), 15);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* A profile file of 8,760 hours, hour h holding ci(h), named *.csv; returns its path (free
 * it). */
static char *write_profile(double (*ci)(int))
{
    char tmp[] = "/tmp/nascost-profile-XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("kg_co2e_per_kwh\n", f);
    for (int h = 0; h < 8760; h++)
        fprintf(f, "%.17g\n", ci(h));
    fclose(f);
    char *named = malloc(sizeof tmp + 4);
    snprintf(named, sizeof tmp + 4, "%s.csv", tmp);
    assert_int_equal(rename(tmp, named), 0);
    return named;
}

static double by_hour_of_day(int h)
{
    return (double)(h % 24 + 1) / 100.0;
}

static double clean_at_five(int h)
{
    return h == 5 ? 0.1 : 1.0;
}

static double flat(int h)
{
    (void)h;
    return 0.3;
}

/* One replication (every input fixed) of the scenario: 'start' (a `start:` line or ""), a
 * site 's' with PUE 'pue', the hourly profile ci(h) at scale 1 and the cluster 'cluster' (""
 * or ", cluster: {...}"), and the stage 'stage'; keeping a timeline of 'days'. */
static nc_result *run_with_profile(double (*ci)(int), const char *start, double pue,
                                   const char *cluster, const char *stage, int days, int point,
                                   nc_scenario **sc)
{
    char *csv = write_profile(ci), text[2048];
    snprintf(text, sizeof text,
             "scenario: hourly\n%sembodied: false\n"
             "sites: {s: {pue: %g, carbon_intensity: {profile: %s, scale: 1}%s}}\n"
             "stages:\n  - %s\n",
             start, pue, csv, cluster, stage);
    *sc = tu_load_text(text, NULL);
    unlink(csv); /* read at load */
    free(csv);
    assert_non_null(*sc);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = 1;
    o.threads = 1;
    o.point = point;
    o.timeline_days = days;
    nc_result *res = NULL;
    nc_error err;
    assert_int_equal(nc_engine_run(&res, *sc, &o, &err), 0);
    return res;
}

/* An hourly profile whose hour h of the year has intensity (h mod 24 + 1) / 100 kg/kWh, the
 * scenario starting at 06:00 on 1 January (hour 6). One trial on 2 of a 3-GPU cluster's
 * GPUs, 3 h at 1 kW, runs in hours 6, 7, 8: 0.07 + 0.08 + 0.09 = 0.24 kg/kWh x h, so
 * 1.2 (PUE) x 1 kW x 0.24 = 0.288 kg. The cluster idles 3 x 3 - 2 x 3 = 3 GPU-hours at
 * 100 W: 0.3 kWh, 0.36 kWh at the facility, at the mean intensity of hours 6-8 (0.08):
 * 0.0288 kg. The day's timeline holds the trial's 0.288 kg (idle is not spread). */
static void test_pipeline__hourly_profile_from_the_start_hour(void **state)
{
    (void)state;
    nc_scenario *sc;
    nc_result *res = run_with_profile(
        by_hour_of_day, "start: '2021-01-01 06:00'\n", 1.2, ", cluster: {gpus: 3, idle_w: 100 W}",
        "{name: one, trials: 1, gpus: 2, hardware: v100-sxm2, duration: 3 h, config_w: 1 kW}", 2, 0,
        &sc);
    assert_close(at(res, 0, NC_M_IT_KWH), 3);
    assert_close(at(res, 0, NC_M_CO2E_OPERATIONAL_KG), 1.2 * 0.24);
    assert_close(at(res, 1, NC_M_IDLE_KWH), 0.3);
    assert_close(at(res, 1, NC_M_CO2E_OPERATIONAL_KG), 1.2 * 0.24 + 0.36 * 0.08);
    const double *day = nc_result_timeline(res, 0);
    assert_close(day[0], 1.2 * 0.24);
    assert_close(day[1], 0);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* The point-mode makespan (h) and CO2e (kg) of one 1-hour trial at 1 kW under 'ci'. */
static void check_carbon_aware(double (*ci)(int), const char *start, const char *submit,
                               double makespan_h, double co2e_kg)
{
    char stage[256];
    snprintf(stage, sizeof stage,
             "{name: one, trials: 1, hardware: v100-sxm2, duration: 1 h, config_w: 1 kW,"
             " carbon_aware: {max_delay: 4 h}%s}",
             submit);
    nc_scenario *sc;
    nc_result *res = run_with_profile(ci, start, 1, "", stage, 0, 1, &sc);
    assert_close(at(res, 1, NC_M_MAKESPAN_DAYS), makespan_h / 24);
    assert_close(at(res, 1, NC_M_CO2E_OPERATIONAL_KG), co2e_kg);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Carbon-aware starts are at the top of the cleanest hour. The scenario starts at 01:00; the
 * one point-mode trial is submitted half-way through a 6.8-hour window, at 3.4 h (hour 4.4 of
 * the year), and may wait 4 h: the cleanest of hours 4..8 is hour 5 (0.1 kg/kWh, all others
 * 1), so it starts at 5:00, 4.0 h into the scenario, runs 1 h and emits 0.1 kg. On a flat
 * profile every hour is as clean as the next: ties go to the earliest, the trial starts at
 * once. */
static void test_pipeline__carbon_aware_start_is_the_top_of_the_cleanest_hour(void **state)
{
    (void)state;
    check_carbon_aware(clean_at_five, "start: '2021-01-01 01:00'\n", ", submit: {over: 6.8 h}", 5,
                       0.1);
    check_carbon_aware(flat, "", "", 1, 0.3);
}

/* Three 2-hour trials submitted at once onto one GPU wait 0, 2 and 4 h: 2 h on average; the
 * stage ends after 6 h (a quarter of a day), the GPU busy all along. */
static void test_pipeline__queue_wait_is_per_trial_and_makespan_counts_it(void **state)
{
    (void)state;
    nc_scenario *sc;
    nc_result *res =
        run_one("scenario: queue\n"
                "sites: {s: {pue: 1, carbon_intensity: 1, cluster: {gpus: 1}}}\n"
                "stages:\n"
                "  - {name: q, trials: 3, hardware: v100-sxm2, duration: 2 h, config_w: 1 kW}\n",
                &sc);
    for (size_t row = 0; row < 2; row++) {
        assert_close(at(res, row, NC_M_QUEUE_WAIT_HOURS), 2);
        assert_close(at(res, row, NC_M_MAKESPAN_DAYS), 0.25);
    }
    assert_close(at(res, 1, NC_M_UTILISATION), 1);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* a (5 h) and b (7 h) start at once; c (2 h) comes after both, so it starts at 7 h and the
 * pipeline ends at 9 h; c's own makespan is its 2 h. */
static void test_pipeline__after_waits_for_the_last_and_makespan_is_per_stage(void **state)
{
    (void)state;
    nc_scenario *sc;
    nc_result *res =
        run_one("scenario: after\n"
                "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                "stages:\n"
                "  - {name: a, trials: 1, hardware: v100-sxm2, duration: 5 h, config_w: 1 kW}\n"
                "  - {name: b, trials: 1, hardware: v100-sxm2, duration: 7 h, config_w: 1 kW}\n"
                "  - {name: c, trials: 1, hardware: v100-sxm2, duration: 2 h, config_w: 1 kW,"
                " after: [a, b]}\n",
                &sc);
    assert_close(at(res, 2, NC_M_MAKESPAN_DAYS), 2.0 / 24);
    assert_close(at(res, 3, NC_M_MAKESPAN_DAYS), 9.0 / 24);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* A deadline of 10 days is met by work that ends at exactly 10 days (240 h), stage and
 * pipeline alike, and missed by work that ends 6 minutes later. */
static void test_pipeline__work_ending_at_the_deadline_is_on_time(void **state)
{
    (void)state;
    const char *text = "scenario: deadline\n"
                       "deadline: 10 d\n"
                       "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                       "stages:\n"
                       "  - {name: d, trials: 1, hardware: v100-sxm2, duration: 10 d,"
                       " config_w: 1 kW}\n";
    const char *later[] = {"stages.d.duration=240.1 h", NULL};
    for (int k = 0; k < 2; k++) {
        nc_scenario *sc = tu_load_text(text, k ? later : NULL);
        assert_non_null(sc);
        nc_result *res = tu_run(sc, 1, 1, 0);
        assert_true(at(res, 0, NC_M_ON_TIME) == (k ? 0.0 : 1.0));
        assert_true(at(res, 1, NC_M_ON_TIME) == (k ? 0.0 : 1.0));
        nc_result_free(res);
        nc_scenario_free(sc);
    }
}

/* Point mode spreads a 50/50 mix evenly: of 2 trials one runs on each profile, each billed
 * at its own catalog price (3 and 1 USD/h, 10 h each): 40 USD. */
static void test_pipeline__a_mix_is_billed_at_each_profiles_price(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(
        "scenario: prices\n"
        "catalog: {hardware: {v100-sxm2: {price_on_demand: 3 USD/h, speed: 1},"
        " p100-pcie: {price_on_demand: 1 USD/h, speed: 1}}}\n"
        "pricing: {gpu_hour: on-demand}\n"
        "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
        "stages:\n"
        "  - {name: m, trials: 2, hardware: {v100-sxm2: 0.5, p100-pcie: 0.5}, duration: 10 h,"
        " config_w: 1 kW}\n",
        NULL);
    assert_non_null(sc);
    nc_result *res = tu_run(sc, 0, 1, 1);
    assert_close(at(res, 1, NC_M_GPU_HOURS), 20);
    assert_close(at(res, 1, NC_M_CLOUD_USD), 10 * 3 + 10 * 1);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* A stage of 25% of another's 10 trials runs 2.5 -> 3 trials (llround: rounded half away
 * from zero, not truncated). */
static void test_pipeline__trial_share_of_another_stage_is_rounded(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(
        "scenario: share\n"
        "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
        "stages:\n"
        "  - {name: a, trials: 10, hardware: v100-sxm2, duration: 1 h, config_w: 1 kW}\n"
        "  - {name: b, trials: {of: a, fraction: 0.25}, hardware: v100-sxm2, duration: 1 h,"
        " config_w: 1 kW}\n",
        NULL);
    assert_non_null(sc);
    nc_result *res = tu_run(sc, 1, 1, 0);
    assert_close(at(res, 1, NC_M_TRIALS), 3);
    assert_close(at(res, 1, NC_M_GPU_HOURS), 3);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Without duration_on, a mix's durations are scaled so that their average is the stage's
 * `duration`: speeds 1 and 0.5 with shares 0.5 each give scales 1 / (s x (0.5/1 + 0.5/0.5))
 * = 2/3 and 4/3, so the two point-mode trials of 6 h take 4 h and 8 h: 12 GPU-hours. */
static void test_pipeline__a_mix_keeps_the_stage_duration_on_average(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(
        "scenario: speeds\n"
        "catalog: {hardware: {v100-sxm2: {speed: 1}, p100-pcie: {speed: 0.5}}}\n"
        "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
        "stages:\n"
        "  - {name: m, trials: 2, hardware: {v100-sxm2: 0.5, p100-pcie: 0.5}, duration: 6 h,"
        " config_w: 1 kW}\n",
        NULL);
    assert_non_null(sc);
    nc_result *res = tu_run(sc, 0, 1, 1);
    assert_close(at(res, 1, NC_M_GPU_HOURS), 12);
    assert_close(at(res, 1, NC_M_MAKESPAN_DAYS), 8.0 / 24);
    nc_result_free(res);
    nc_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipeline__node_power_pue_price_and_embodied),
        cmocka_unit_test(test_pipeline__idle_gpus_of_a_cluster_with_pue),
        cmocka_unit_test(test_pipeline__hourly_profile_from_the_start_hour),
        cmocka_unit_test(test_pipeline__carbon_aware_start_is_the_top_of_the_cleanest_hour),
        cmocka_unit_test(test_pipeline__queue_wait_is_per_trial_and_makespan_counts_it),
        cmocka_unit_test(test_pipeline__after_waits_for_the_last_and_makespan_is_per_stage),
        cmocka_unit_test(test_pipeline__work_ending_at_the_deadline_is_on_time),
        cmocka_unit_test(test_pipeline__a_mix_is_billed_at_each_profiles_price),
        cmocka_unit_test(test_pipeline__trial_share_of_another_stage_is_rounded),
        cmocka_unit_test(test_pipeline__a_mix_keeps_the_stage_duration_on_average),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
