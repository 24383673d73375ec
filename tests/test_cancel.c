/*
 * test_cancel.c - the cancel flag stops a run within a batch of trials, whatever the size of
 * a replication, in the engine and in the analyses; the pilot that estimates a run's time is
 * cheap and changes nothing (issue 11, "Hangs, memory, signals").
 *
 * The runs here have 10^9 trials a replication (about 80 s each on one core): a run that polled
 * the flag only between replications would take minutes to notice it. The bounds on how soon
 * a run returns once the flag is up (1 s) leave room for a loaded machine; polling per batch
 * of 64 trials makes it microseconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "analysis/sensitivity.h"
#include "testutil.h"

#define LISA NC_SOURCE_DIR "/scenarios/lisa-rnd.yaml"

static const char *const HUGE_STAGE[] = {"stages.grid-searches.trials=1000000000", NULL};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A thread that raises 'flag' after 'delay_s' and notes when. */
typedef struct raiser {
    volatile sig_atomic_t flag;
    double delay_s, raised_at_s;
    pthread_t thread;
} raiser;

static void *raise_later(void *arg)
{
    raiser *r = arg;
    struct timespec ts = {0, (long)(r->delay_s * 1e9)};
    nanosleep(&ts, NULL);
    r->raised_at_s = now_s();
    r->flag = SIGINT;
    return NULL;
}

static void start_raiser(raiser *r, double delay_s)
{
    r->flag = 0, r->delay_s = delay_s, r->raised_at_s = 0.0;
    assert_int_equal(pthread_create(&r->thread, NULL, raise_later, r), 0);
}

/* Replications of 10^9 trials, the flag raised 0.2 s in: NC_EINTR within a second of it. */
static void test_cancel__a_long_replication_stops_within_a_batch(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load(LISA, HUGE_STAGE);
    assert_non_null(sc);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    raiser r;
    o.replications = 4, o.threads = 2, o.cancel = &r.flag;
    nc_result *res = (nc_result *)&o; /* must be reset to NULL */
    nc_error err;
    start_raiser(&r, 0.2);
    int rc = nc_engine_run(&res, sc, &o, &err);
    double returned_s = now_s();
    pthread_join(r.thread, NULL);
    assert_int_equal(rc, NC_EINTR);
    assert_null(res);
    assert_true(r.raised_at_s > 0.0);
    assert_true(returned_s - r.raised_at_s < 1.0);
    nc_scenario_free(sc);
}

/* A flag already up: nothing runs. */
static void test_cancel__a_raised_flag_runs_nothing(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load(LISA, HUGE_STAGE);
    assert_non_null(sc);
    volatile sig_atomic_t flag = SIGTERM;
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = 3, o.cancel = &flag;
    nc_result *res = NULL;
    nc_error err;
    double t0 = now_s();
    assert_int_equal(nc_engine_run(&res, sc, &o, &err), NC_EINTR);
    assert_true(now_s() - t0 < 1.0);
    assert_null(res);
    nc_scenario_free(sc);
}

/* Sensitivity: the tornado's runs and the Sobol' evaluations take the flag; NC_EINTR (not a
 * "model returned NaN" error) within a second of it. */
static void test_cancel__sensitivity_stops_and_says_interrupted(void **state)
{
    (void)state;
    static const char *const big[] = {"stages.grid-searches.trials=200000", NULL};
    nc_scenario *sc = tu_load(LISA, big);
    assert_non_null(sc);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    raiser r;
    o.cancel = &r.flag;
    nc_sensitivity_opts so = {NC_M_CO2E_KG, 2, 64, 0, 0.95};
    nc_sensitivity *s = (nc_sensitivity *)&o;
    nc_error err;
    start_raiser(&r, 0.5);
    int rc = nc_sensitivity_run(&s, sc, &o, &so, &err);
    double returned_s = now_s();
    pthread_join(r.thread, NULL);
    assert_int_equal(rc, NC_EINTR);
    assert_string_equal(err.message, "interrupted");
    assert_null(s);
    assert_true(returned_s - r.raised_at_s < 1.0);
    nc_scenario_free(sc);
}

/* The pilot of a 10^9-trial stage takes milliseconds, counts the trials a replication draws,
 * and changes no result of the run after it. */
static void test_estimate__pilot_is_cheap_and_changes_nothing(void **state)
{
    (void)state;
    nc_scenario *huge = tu_load(LISA, HUGE_STAGE), *sc = tu_load(LISA, NULL);
    assert_non_null(huge);
    assert_non_null(sc);
    nc_estimate e;
    nc_error err;
    double t0 = now_s();
    assert_int_equal(nc_engine_estimate(&e, huge, NULL, &err), 0);
    assert_true(now_s() - t0 < 1.0); /* 3 x 2 x 8,192 trials, not 6 x 10^9 */
    assert_true(e.trials_per_rep == 1e9);
    assert_true(e.seconds_per_rep > 1.0); /* 10^9 trials at well under 10^9 a second */
    nc_result *before = tu_run(sc, 40, 2, 0);
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = 40, o.threads = 2;
    assert_int_equal(nc_engine_estimate(&e, sc, &o, &err), 0);
    assert_true(e.trials_per_rep == 4789.0); /* the scenario's fixed trial count */
    assert_int_equal(e.threads, 2);
    nc_result *after = tu_run(sc, 40, 2, 0);
    assert_non_null(before);
    assert_non_null(after);
    size_t bytes = (size_t)40 * before->n_rows * NC_M__COUNT * sizeof(double);
    assert_memory_equal(before->samples, after->samples, bytes);
    nc_result_free(before);
    nc_result_free(after);
    nc_scenario_free(sc);
    nc_scenario_free(huge);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cancel__a_long_replication_stops_within_a_batch),
        cmocka_unit_test(test_cancel__a_raised_flag_runs_nothing),
        cmocka_unit_test(test_cancel__sensitivity_stops_and_says_interrupted),
        cmocka_unit_test(test_estimate__pilot_is_cheap_and_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
