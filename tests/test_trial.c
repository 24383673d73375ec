/*
 * test_trial.c - what happens to one trial (trial.c, sched.c): its power, its submission,
 * early stopping, failures and retries, pre-emption, each against a closed form:
 *   - random-mode statistics against their expectation, tolerance Z = 4.5 standard errors
 *     (a false alarm about once in 150,000 runs), fixed seeds;
 *   - point mode (nominal values, deterministic) against the exact figure;
 *   - common random numbers: an input's draws do not move when another input changes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "realism/sched.h"
#include "testutil.h"

#define Z   4.5
#define REL 1e-9

static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= REL * fmax(1.0, fabs(want)))) {
        fprintf(stderr, "got %.17g, want %.17g\n", got, want);
        fail();
    }
}

static void assert_within(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        fprintf(stderr, "got %.17g, want %.17g +- %.3g\n", got, want, tol);
        fail();
    }
}

static nc_scenario *load(const char *text, const char *const *sets)
{
    nc_scenario *sc = tu_load_text(text, sets);
    assert_non_null(sc);
    return sc;
}

/* Metric 'm' of the total of one replication (point mode with 'point'). */
static double first_total(const nc_scenario *sc, int point, int m)
{
    nc_result *res = tu_run(sc, point ? 0 : 1, 1, point);
    assert_non_null(res);
    double total = tu_total(res, 0, m);
    nc_result_free(res);
    return total;
}

/* gpu_w is per GPU: 2 GPUs at 200 W and 40 W of host per GPU draw 480 W. */
static void test_trial__gpu_w_is_per_gpu(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: gpu-w\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: g, trials: 1, gpus: 2, hardware: v100-sxm2, duration: 1 h,"
                           " gpu_w: 200 W, host_w_per_gpu: 40 W}\n",
                           NULL);
    assert_close(first_total(sc, 0, NC_M_IT_KWH), 0.48);
    nc_scenario_free(sc);
}

/* Point mode spreads a 72/28 mix over 10 trials by the middles of their slots: (t + 0.5)/10
 * < 0.72 for t <= 6, so 7 trials on the first profile (100 W) and 3 on the second (200 W):
 * 1.3 kWh for 1-hour trials. */
static void test_trial__point_mode_spreads_a_mix_by_slot_middles(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: spread\n"
                           "catalog: {hardware: {v100-sxm2: {tdp: 100 W, power_fraction: 1,"
                           " speed: 1}, p100-pcie: {tdp: 200 W, power_fraction: 1, speed: 1}}}\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: m, trials: 10, hardware: {v100-sxm2: 0.72, p100-pcie: 0.28},"
                           " duration: 1 h, duration_on: v100-sxm2}\n",
                           NULL);
    assert_close(first_total(sc, 1, NC_M_IT_KWH), 1.3);
    nc_scenario_free(sc);
}

/* 1,000 one-hour trials submitted evenly over 1,000 h: trial t at (t + U) h, so the last ends
 * at 1000 + U: over R replications the makespan has mean 1000.5 h and sd 1/sqrt(12) h, and
 * lies in [1000, 1001). Point mode: U = 0.5 exactly. */
static void test_trial__even_submission_draws_each_trials_place_in_its_slot(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: evenly\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: e, trials: 1000, hardware: v100-sxm2, duration: 1 h,"
                           " config_w: 1 kW, submit: {over: 1000 h}}\n",
                           NULL);
    const int64_t R = 400;
    nc_result *res = tu_run(sc, R, 2, 0);
    nc_summary s = tu_summary(res, NC_M_MAKESPAN_DAYS);
    double sd = 1 / sqrt(12.0) / 24;
    assert_within(s.mean, 1000.5 / 24, Z * sd / sqrt((double)R));
    /* the sd of a uniform's sample sd: sd sqrt((kurtosis - 1) / (4 R)), kurtosis 1.8 */
    assert_within(s.sd, sd, Z * sd * sqrt(0.8 / (4.0 * (double)R)));
    assert_true(s.min >= 1000.0 / 24 && s.max < 1001.0 / 24);
    nc_result_free(res);
    res = tu_run(sc, 0, 1, 1);
    assert_close(tu_total(res, 0, NC_M_MAKESPAN_DAYS), 1000.5 / 24);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Successive halving, eta 3, budgets 1/9 .. 1, 1 h per evaluation, 9-hour trials: a trial
 * stops at rung 0 (1 h of work, 1 evaluation) with probability 2/3, at rung 1 (3 h, 2) with
 * 2/9 and at the top (9 h, 3) with 1/9 (Li et al. 2017, Hyperband, Algorithm 1 with one
 * bracket): hours 2, 5 or 12, mean 34/9, variance 218/9 - (34/9)^2. Point mode pays exactly
 * the mean. */
static void test_trial__early_stopping_pays_work_and_evaluations(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: halving\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: sh, trials: 3000, hardware: v100-sxm2, duration: 9 h,"
                           " config_w: 1 kW, early_stopping: {policy: successive_halving, eta: 3,"
                           " min_budget: 0.1111111111111111, max_budget: 1, eval_overhead: 1 h}}\n",
                           NULL);
    const int64_t R = 200;
    const double N = 3000;
    double mean = 34.0 / 9, var = 218.0 / 9 - mean * mean, sd = sqrt(N * var);
    nc_result *res = tu_run(sc, R, 2, 0);
    nc_summary s = tu_summary(res, NC_M_GPU_HOURS);
    assert_within(s.mean, N * mean, Z * sd / sqrt((double)R));
    /* every trial draws its own rungs: the total's sd is sqrt(N) times a trial's (the total
     * is near normal: the sd's standard error is sd / sqrt(2 (R - 1))) */
    assert_within(s.sd, sd, Z * sd / sqrt(2.0 * (double)(R - 1)));
    nc_result_free(res);
    res = tu_run(sc, 0, 1, 1);
    assert_within(tu_total(res, 0, NC_M_GPU_HOURS), N * mean, 1e-6 * N * mean);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Common random numbers (DESIGN.md, "Randomness"): each per-trial input reads its own
 * stream, keyed by its path. Giving the trials' power fraction a distribution of its own
 * leaves their durations, hence GPU-hours, the same replication by replication, so a paired
 * comparison of the two sees the power's effect alone. */
static void test_trial__durations_keep_their_stream_when_power_varies(void **state)
{
    (void)state;
    const char *text = "scenario: crn\n"
                       "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                       "stages:\n"
                       "  - {name: j, trials: 50, hardware: v100-sxm2,"
                       " duration: {dist: lognormal, median: 5 h, gsd: 1.5}}\n";
    const char *vary[] = {"stages.j.power_fraction={dist: uniform, low: 0.5, high: 0.7}", NULL};
    nc_scenario *a = load(text, NULL), *b = load(text, vary);
    nc_result *ra = tu_run(a, 30, 2, 0), *rb = tu_run(b, 30, 2, 0);
    for (int64_t i = 0; i < 30; i++) {
        assert_true(tu_total(ra, i, NC_M_GPU_HOURS) == tu_total(rb, i, NC_M_GPU_HOURS));
        assert_true(tu_total(ra, i, NC_M_IT_KWH) != tu_total(rb, i, NC_M_IT_KWH));
    }
    nc_result_free(ra), nc_result_free(rb);
    nc_scenario_free(a), nc_scenario_free(b);
}

/* Point mode: attempt a of trial t fails when frac(t phi + a/2) < p. With p = 0.1 the retry
 * of a failed attempt (frac in [0.5, 0.6)) succeeds, so about N p = 100 of 1,000 trials fail
 * once (the golden-ratio sequence is equidistributed: within a few of N p) and none twice.
 * Each failure at the fixed `at: 0.2` costs 2 of the trial's 10 hours. */
static void test_trial__point_mode_retries_draw_anew(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: retries\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: r, trials: 1000, hardware: v100-sxm2, duration: 10 h,"
                           " config_w: 1 kW, failures: {probability: 0.1, retries: 2, at: 0.2}}\n",
                           NULL);
    nc_result *res = tu_run(sc, 0, 1, 1);
    double failed = tu_total(res, 0, NC_M_FAILED_TRIALS);
    assert_within(failed, 100, 5);
    assert_close(tu_total(res, 0, NC_M_TRIALS), 1000 + failed);
    assert_close(tu_total(res, 0, NC_M_GPU_HOURS), 1000 * 10 + failed * 2);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Random mode, p = 0.3 and two retries: the failures of a trial are 0, 1, 2, 3 with
 * probabilities 0.7, 0.21, 0.063, 0.027 (each retry draws anew): mean 0.417, variance
 * 0.705 - 0.417^2. */
static void test_trial__random_retries_fail_independently(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: retries\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: r, trials: 2000, hardware: v100-sxm2, duration: 10 h,"
                           " config_w: 1 kW, failures: {probability: 0.3, retries: 2}}\n",
                           NULL);
    const int64_t R = 100;
    const double N = 2000;
    nc_result *res = tu_run(sc, R, 2, 0);
    nc_summary s = tu_summary(res, NC_M_FAILED_TRIALS);
    double sd = sqrt(N * (0.705 - 0.417 * 0.417));
    assert_within(s.mean, N * 0.417, Z * sd / sqrt((double)R));
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Pre-emption at 0.1 per hour of 10-hour trials checkpointed every 2 h, 0.5 h per restart
 * (preempt.c, after Young 1974 and Daly 2006): 5 intervals, each E = (e^{0.2} - 1)(1/0.1 +
 * 0.5) hours and e^{0.2} - 1 pre-emptions. Point mode pays E exactly; random mode counts the
 * pre-emptions: per interval a geometric count, variance (1 - q)/q^2 with q = e^{-0.2}. */
static void test_trial__preemption_hours_and_counts(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: spot\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: p, trials: 500, hardware: v100-sxm2, duration: 10 h,"
                           " config_w: 1 kW, preemption: {per_hour: 0.1, checkpoint: 2 h,"
                           " restart: 30 min}}\n",
                           NULL);
    const int64_t R = 40;
    const double N = 500;
    nc_result *point = tu_run(sc, 0, 1, 1);
    assert_close(tu_total(point, 0, NC_M_GPU_HOURS), N * 5 * expm1(0.2) * (10 + 0.5));
    nc_result_free(point);
    nc_result *res = tu_run(sc, R, 2, 0);
    double q = exp(-0.2), sd = sqrt(N * 5 * (1 - q) / (q * q));
    assert_within(tu_summary(res, NC_M_PREEMPTIONS).mean, N * 5 * expm1(0.2),
                  Z * sd / sqrt((double)R));
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Durations uniform on [1, 3] h truncated at 2 h, drawn a batch of trials at a time: every
 * trial lasts 1 to 2 h, 1.5 h on average (variance 1/12 per trial). */
static void test_trial__batched_draws_keep_the_truncation(void **state)
{
    (void)state;
    nc_scenario *sc = load("scenario: bounded\n"
                           "sites: {s: {pue: 1, carbon_intensity: 1}}\n"
                           "stages:\n"
                           "  - {name: b, trials: 100, hardware: v100-sxm2, config_w: 1 kW,"
                           " duration: {dist: uniform, low: 1 h, high: 3 h, max: 2 h}}\n",
                           NULL);
    const int64_t R = 50;
    nc_result *res = tu_run(sc, R, 2, 0);
    nc_summary s = tu_summary(res, NC_M_GPU_HOURS);
    assert_within(s.mean, 150, Z * sqrt(100 / 12.0) / sqrt((double)R));
    assert_true(s.min >= 100 && s.max <= 200);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* Batched submission: trial t of n goes with batch floor(t B / n), exactly (integer
 * arithmetic here), submitted at batch x over / B, for every n, B up to 60. */
static void test_trial__batches_are_the_exact_floor_of_t_b_over_n(void **state)
{
    (void)state;
    for (int64_t n = 1; n <= 60; n++)
        for (int64_t batches = 1; batches <= 60; batches++) {
            nc_submit s = {NC_SUBMIT_BATCHES, 240.0, batches};
            for (int64_t t = 0; t < n; t++) {
                double want = (double)(t * batches / n) * 240.0 / (double)batches;
                if (nc_submit_offset(&s, t, n, 0.0) != want)
                    fail_msg("n %lld, B %lld, t %lld: %g, want %g", (long long)n,
                             (long long)batches, (long long)t, nc_submit_offset(&s, t, n, 0.0),
                             want);
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trial__gpu_w_is_per_gpu),
        cmocka_unit_test(test_trial__point_mode_spreads_a_mix_by_slot_middles),
        cmocka_unit_test(test_trial__even_submission_draws_each_trials_place_in_its_slot),
        cmocka_unit_test(test_trial__early_stopping_pays_work_and_evaluations),
        cmocka_unit_test(test_trial__durations_keep_their_stream_when_power_varies),
        cmocka_unit_test(test_trial__point_mode_retries_draw_anew),
        cmocka_unit_test(test_trial__random_retries_fail_independently),
        cmocka_unit_test(test_trial__preemption_hours_and_counts),
        cmocka_unit_test(test_trial__batches_are_the_exact_floor_of_t_b_over_n),
        cmocka_unit_test(test_trial__batched_draws_keep_the_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
