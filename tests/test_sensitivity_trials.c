/*
 * test_sensitivity_trials.c - a per-trial input's own draws as a factor of the sensitivity
 * analysis (issue 11; sensitivity.h, trial.h nc_trial_sensitivity).
 *
 * One 10-hour trial on one GPU with no host power, facility energy
 * E = 10 h x W x P / 1000 with W = gpu_w ~ U(270, 330) W drawn per trial and P = PUE ~
 * U(1.2, 1.8) per replication. For a product of independent factors (Sobol 1993):
 * E[W] = 300, Var W = 60^2 / 12 = 300; E[P] = 1.5, Var P = 0.6^2 / 12 = 0.03;
 * V_W = E[P]^2 Var W = 675, V_P = E[W]^2 Var P = 2700, V_WP = Var W Var P = 9, V = 3384
 * (in units of (10/1000)^2 kWh^2): S_W = 675/3384 = 0.1995, S_P = 0.7979,
 * ST_W = 684/3384, ST_P = 2709/3384. Before, gpu_w was no factor at all and its share went
 * to "interactions and the trials' own randomness".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "base/metrics.h"
#include "analysis/sensitivity.h"
#include "testutil.h"

static const char *const ONE_TRIAL =
    "scenario: one-trial\n"
    "embodied: false\n"
    "sites: {lab: {pue: {dist: uniform, low: 1.2, high: 1.8}, carbon_intensity: 0.4 kg/kWh,"
    " electricity_price: 0.1 USD/kWh}}\n"
    "stages:\n"
    "  - {name: s, trials: TRIALS, hardware: v100-sxm2, duration: 10 h, host_w_per_gpu: 0 W,\n"
    "     gpu_w: {dist: uniform, low: 270 W, high: 330 W}}\n";

/* The scenario with 'trials' trials, and '--set' assignments 'sets' (NULL: none). */
static nc_scenario *load(const char *trials, const char *const *sets)
{
    char text[1024];
    const char *at = strstr(ONE_TRIAL, "TRIALS");
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - ONE_TRIAL), ONE_TRIAL, trials,
             at + strlen("TRIALS"));
    return tu_load_text(text, sets);
}

/* The analysis of facility energy over 'reps' tornado replications and 'sobol_n' rows. */
static nc_sensitivity *analyse(nc_scenario *sc, int64_t reps, size_t sobol_n)
{
    nc_engine_opts run = NC_ENGINE_OPTS_INIT;
    nc_sensitivity_opts o = {NC_M_FACILITY_KWH, reps, sobol_n, sobol_n ? 400 : 0, 0.95};
    nc_sensitivity *s = NULL;
    nc_error err;
    if (nc_sensitivity_run(&s, sc, &run, &o, &err))
        fail_msg("sensitivity: %s", err.message);
    return s;
}

/* The mean facility energy of 'reps' replications of 'sc' run as usual. */
static double engine_mean(const nc_scenario *sc, int64_t reps)
{
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = reps;
    nc_result *res = NULL;
    nc_error err;
    assert_int_equal(nc_engine_run(&res, sc, &o, &err), 0);
    double sum = 0.0;
    for (int64_t i = 0; i < res->replications; i++)
        sum += nc_result_total(res, i)[NC_M_FACILITY_KWH];
    double mean = sum / (double)res->replications;
    nc_result_free(res);
    return mean;
}

static size_t index_of(const nc_sensitivity *s, const char *path)
{
    for (size_t i = 0; i < s->k; i++)
        if (!strcmp(s->paths[i], path))
            return i;
    fail_msg("no factor %s", path);
    return 0;
}

/* |estimate - expected| within 4 standard errors, the error from the bootstrap interval at
 * 'level' (its half-width / z). */
static void assert_within_se(double estimate, double lo, double hi, double level, double expected,
                             const char *what)
{
    double se = (hi - lo) / (2.0 * gsl_cdf_ugaussian_Pinv(0.5 + level / 2.0));
    if (!(fabs(estimate - expected) <= 4.0 * se))
        fail_msg("%s: %.4f, expected %.4f (standard error %.4f)", what, estimate, expected, se);
}

static void test_sensitivity_trials__one_trial_gpu_w_is_a_driver(void **state)
{
    (void)state;
    nc_scenario *sc = load("1", NULL);
    nc_sensitivity *s = analyse(sc, 50, 8192);
    assert_int_equal(s->k, 2);
    size_t pue = index_of(s, "sites.lab.pue"), w = index_of(s, "stages.s.gpu_w");
    assert_true(pue < s->k_rep && w >= s->k_rep); /* gpu_w: its per-trial draws */
    const nc_sobol_result *r = s->sobol;
    assert_within_se(r->first[w], r->first_lo[w], r->first_hi[w], 0.95, 675.0 / 3384, "S_W");
    assert_within_se(r->first[pue], r->first_lo[pue], r->first_hi[pue], 0.95, 2700.0 / 3384, "S_P");
    assert_within_se(r->total[w], r->total_lo[w], r->total_hi[w], 0.95, 684.0 / 3384, "ST_W");
    assert_within_se(r->total[pue], r->total_lo[pue], r->total_hi[pue], 0.95, 2709.0 / 3384,
                     "ST_P");
    /* the tornado: the trial at gpu_w's P5 (273 W) and P95 (327 W), PUE at its median */
    assert_true(fabs(s->value_lo[w] - 273.0) < 1e-9 && fabs(s->value_hi[w] - 327.0) < 1e-9);
    assert_true(fabs(s->low[w] - 10 * 273.0 * 1.5 / 1000) < 1e-9);
    assert_true(fabs(s->high[w] - 10 * 327.0 * 1.5 / 1000) < 1e-9);
    assert_int_equal(sc->stages[0].power->sens_trials, 0); /* unmarked after the run */
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

/* 100 trials: the tornado puts every trial at the P5 / P95 of their average,
 * 300 -+ 1.645 sqrt(300 / 100) W, not at gpu_w's own P5 / P95. */
static void test_sensitivity_trials__tornado_swing_shrinks_with_trials(void **state)
{
    (void)state;
    nc_scenario *sc = load("100", NULL);
    nc_sensitivity *s = analyse(sc, 20, 0);
    size_t w = index_of(s, "stages.s.gpu_w");
    double half = gsl_cdf_ugaussian_Pinv(0.95) * sqrt(300.0 / 100);
    assert_true(fabs(s->low[w] - 100 * 10 * (300.0 - half) * 1.5 / 1000) < 1e-9);
    assert_true(fabs(s->high[w] - 100 * 10 * (300.0 + half) * 1.5 / 1000) < 1e-9);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

/* The per-replication rows of the tornado keep the per-trial draws as the engine makes them:
 * PUE at its P5 is the mean of the same replications run with PUE fixed at 1.23. */
static void test_sensitivity_trials__replication_rows_unchanged(void **state)
{
    (void)state;
    nc_scenario *sc = load("3", NULL);
    nc_sensitivity *s = analyse(sc, 40, 0);
    size_t pue = index_of(s, "sites.lab.pue");
    const char *const sets[] = {"sites.lab.pue=1.23", NULL};
    nc_scenario *fixed = load("3", sets);
    double mean = engine_mean(fixed, 40);
    assert_true(fabs(s->low[pue] - mean) <= 1e-12 * mean);
    nc_scenario_free(fixed);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

/* Two trials of a skewed gpu_w, Gamma(mean 100 W, sd 150 W) truncated at 50 W: the normal
 * approximation of their average's P5, mean - 1.645 sd / sqrt(2), falls below 50 W (the
 * truncated gamma's sd is about its mean), so the tornado's low end is every trial at the
 * support's end, 50 W (trial.h: "kept in X's support"), PUE at its median 1.5. */
static void test_sensitivity_trials__tornado_low_end_stays_in_the_support(void **state)
{
    (void)state;
    const char *const sets[] = {"stages.s.gpu_w={dist: gamma, mean: 100 W, sd: 150 W, min: 50 W}",
                                NULL};
    nc_scenario *sc = load("2", sets);
    nc_sensitivity *s = analyse(sc, 20, 0);
    size_t w = index_of(s, "stages.s.gpu_w");
    if (!(fabs(s->low[w] - 2 * 10 * 50.0 * 1.5 / 1000) < 1e-9))
        fail_msg("low end %.17g kWh, expected %.17g", s->low[w], 2 * 10 * 50.0 * 1.5 / 1000);
    assert_true(s->high[w] > s->low[w]);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

/* With PUE fixed, the only factor is gpu_w's per-trial draws (factor 0, no per-replication
 * factor): the tornado's base moves no factor, so its mean is that of the same replications
 * run as usual, each trial drawing its own gpu_w (not every trial at the median, 300 W). */
static void test_sensitivity_trials__base_draws_per_trial_inputs_as_usual(void **state)
{
    (void)state;
    const char *const sets[] = {"sites.lab.pue=1.5", NULL};
    nc_scenario *sc = load("3", sets);
    nc_sensitivity *s = analyse(sc, 40, 0);
    assert_int_equal(s->k, 1);
    assert_int_equal(s->k_rep, 0);
    double mean = engine_mean(sc, 40);
    assert_true(fabs(s->base - mean) <= 1e-12 * mean);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sensitivity_trials__one_trial_gpu_w_is_a_driver),
        cmocka_unit_test(test_sensitivity_trials__tornado_swing_shrinks_with_trials),
        cmocka_unit_test(test_sensitivity_trials__replication_rows_unchanged),
        cmocka_unit_test(test_sensitivity_trials__base_draws_per_trial_inputs_as_usual),
        cmocka_unit_test(test_sensitivity_trials__tornado_low_end_stays_in_the_support),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
