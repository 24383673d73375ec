/*
 * test_preempt.c - pre-emption of spot capacity (sim/realism/preempt.h).
 *
 * The simulation is checked against the closed forms by Monte Carlo with fixed Philox
 * addresses (one stream per trial), means within 4.5 standard errors; the closed forms
 * against values written out here; the guards and the loader check against their messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>

#include "realism/preempt.h"
#include "rng/rng.h"
#include "testutil.h"

enum { N_TRIALS = 200000 };

#define SEED  UINT64_C(2006)
#define Z_MAX 4.5

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.17g, want %.17g (relative tolerance %g)", got, want, rel);
}

static void assert_within_se(double sum, double sum2, double want, const char *what)
{
    double n = N_TRIALS, mean = sum / n;
    double se = sqrt((sum2 - sum * sum / n) / (n - 1) / n);
    if (!(fabs(mean - want) <= Z_MAX * se))
        fail_msg("%s: sample mean %.8g, closed form %.8g, %.2f standard errors apart", what, mean,
                 want, fabs(mean - want) / se);
}

/* A trial's parameters: work, hazard, checkpoint interval, restart overhead. */
typedef struct trial_params {
    double work_h, lambda_per_h, checkpoint_h, restart_h;
} trial_params;

static const trial_params cases[] = {
    {100, 0.05, 10, 0.25},    /* w a multiple of c */
    {100, 0.05, 7.5, 0.25},   /* 13 intervals and a last one of 2.5 h */
    {3.85, 0.3, 1, 0.1},      /* 3 intervals and 0.85 h */
    {50, 0.02, 0.5, 0},       /* many short intervals, free restarts */
    {24, 0.1, 0, 0.5},        /* no checkpoints */
    {24, 0.1, HUGE_VAL, 0.5}, /* no checkpoints, written as infinity */
    {6, 0.2, 40, 2.385},      /* an interval longer than the trial */
};

#define N_CASES (sizeof cases / sizeof cases[0])

static void test_preempt__no_hazard_pays_the_work_exactly(void **state)
{
    gsl_rng *r = *state;
    nc_rng_seek(r, SEED, 1, 0, 0, NC_RNG_TRIAL);
    double paid = -1;
    int count = -1;
    assert_int_equal(nc_preempt_run(38.5, 0, 2, 0.25, r, &paid, &count), NC_OK);
    assert_true(paid == 38.5);
    assert_int_equal(count, 0);
    /* No draw was made: the stream is still at its first word. */
    unsigned long next = gsl_rng_get(r);
    nc_rng_seek(r, SEED, 1, 0, 0, NC_RNG_TRIAL);
    assert_int_equal(next, gsl_rng_get(r));
    assert_true(nc_preempt_expected_hours(38.5, 0, 2, 0.25) == 38.5);
    assert_true(nc_preempt_expected_count(38.5, 0, 2) == 0);
}

static void test_preempt__closed_form_matches_hand_values(void **state)
{
    (void)state;
    double e = exp(1);
    /* Two intervals of 10 h at 0.1/h: 2 (e - 1)(10 + 0.5). */
    assert_close(nc_preempt_expected_hours(20, 0.1, 10, 0.5), 2 * (e - 1) * 10.5, 1e-14);
    assert_close(nc_preempt_expected_count(20, 0.1, 10), 2 * (e - 1), 1e-14);
    /* 2.5 intervals of 4 h at 0.25/h: 2 (e - 1)(4 + 1) + (e^0.5 - 1)(4 + 1). */
    assert_close(nc_preempt_expected_hours(10, 0.25, 4, 1), 2 * (e - 1) * 5 + (exp(0.5) - 1) * 5,
                 1e-14);
    assert_close(nc_preempt_expected_count(10, 0.25, 4), 2 * (e - 1) + exp(0.5) - 1, 1e-14);
    /* A vanishing hazard: E = w + lambda w c / 2 to first order (expm1 keeps it). */
    double lambda = 1e-9, w = 12, c = 3;
    assert_close(nc_preempt_expected_hours(w, lambda, c, 0), w + lambda * w * c / 2, 1e-15);
}

/* With no useful checkpoint (c = 0, infinite, or >= w) the trial is one interval of w. */
static void test_preempt__checkpoint_beyond_work_is_no_checkpoint(void **state)
{
    (void)state;
    double w = 13.85, lambda = 0.07, restart = 0.4;
    double want = (exp(lambda * w) - 1) / lambda + (exp(lambda * w) - 1) * restart;
    static const double intervals[] = {0, HUGE_VAL, 13.85, 13.86, 100};
    for (size_t i = 0; i < sizeof intervals / sizeof intervals[0]; i++) {
        assert_close(nc_preempt_expected_hours(w, lambda, intervals[i], restart), want, 1e-14);
        assert_close(nc_preempt_expected_count(w, lambda, intervals[i]), exp(lambda * w) - 1,
                     1e-14);
    }
    /* Without restarts, the mean time to w failure-free hours. */
    assert_close(nc_preempt_expected_hours(w, lambda, 0, 0), (exp(lambda * w) - 1) / lambda, 1e-14);
}

/* Checkpointing never costs more than not checkpointing (checkpoints are free here). */
static void test_preempt__more_checkpoints_cost_less(void **state)
{
    (void)state;
    double previous = HUGE_VAL;
    static const double intervals[] = {0, 50, 20, 10, 5, 1, 0.1};
    for (size_t i = 0; i < sizeof intervals / sizeof intervals[0]; i++) {
        double h = nc_preempt_expected_hours(100, 0.03, intervals[i], 0.25);
        assert_true(h < previous);
        assert_true(h > 100);
        previous = h;
    }
}

static void test_preempt__monte_carlo_matches_closed_form(void **state)
{
    gsl_rng *r = *state;
    char what[160];
    for (size_t k = 0; k < N_CASES; k++) {
        const trial_params *p = &cases[k];
        double sum = 0, sum2 = 0, csum = 0, csum2 = 0;
        for (uint32_t i = 0; i < N_TRIALS; i++) {
            nc_rng_seek(r, SEED, nc_rng_key("stages.search.preemption") + k, 0, i, NC_RNG_TRIAL);
            double paid;
            int count;
            assert_int_equal(nc_preempt_run(p->work_h, p->lambda_per_h, p->checkpoint_h,
                                            p->restart_h, r, &paid, &count),
                             NC_OK);
            if (!(paid >= p->work_h) || (count == 0 && paid != p->work_h))
                fail_msg("trial %u: paid %.17g h for %.17g h of work, %d pre-emptions", i, paid,
                         p->work_h, count);
            sum += paid;
            sum2 += paid * paid;
            csum += count;
            csum2 += (double)count * count;
        }
        snprintf(what, sizeof what, "w %g h, lambda %g/h, c %g h, restart %g h", p->work_h,
                 p->lambda_per_h, p->checkpoint_h, p->restart_h);
        assert_within_se(
            sum, sum2,
            nc_preempt_expected_hours(p->work_h, p->lambda_per_h, p->checkpoint_h, p->restart_h),
            what);
        assert_within_se(csum, csum2,
                         nc_preempt_expected_count(p->work_h, p->lambda_per_h, p->checkpoint_h),
                         what);
    }
}

/* The same address gives the same trial: a replication can be replayed. */
static void test_preempt__same_address_same_trial(void **state)
{
    gsl_rng *r = *state;
    double a, b;
    int na, nb;
    nc_rng_seek(r, SEED, 7, 3, 41, NC_RNG_TRIAL);
    assert_int_equal(nc_preempt_run(40, 0.2, 2, 0.1, r, &a, &na), NC_OK);
    nc_rng_seek(r, SEED, 7, 3, 41, NC_RNG_TRIAL);
    assert_int_equal(nc_preempt_run(40, 0.2, 2, 0.1, r, &b, &nb), NC_OK);
    assert_true(a == b);
    assert_int_equal(na, nb);
    assert_true(na > 0);
}

/* lambda 10/h, c = 10 h: e^100 expected pre-emptions per interval; the guard stops it. */
static void test_preempt__never_finishing_trial_is_refused(void **state)
{
    gsl_rng *r = *state;
    nc_rng_seek(r, SEED, 2, 0, 0, NC_RNG_TRIAL);
    double paid;
    int count;
    assert_int_equal(nc_preempt_run(100, 10, 10, 0.25, r, &paid, &count), NC_EINPUT);
    assert_int_equal(count, NC_PREEMPT_MAX);
    assert_true(isfinite(paid) && paid >= NC_PREEMPT_MAX * 0.25);
}

static void assert_run_refused(double w, double lambda, double c, double restart, gsl_rng *r)
{
    double paid = 0;
    int count = -1;
    assert_int_equal(nc_preempt_run(w, lambda, c, restart, r, &paid, &count), NC_EINTERNAL);
    assert_true(isnan(paid));
    assert_int_equal(count, 0);
}

static void test_preempt__invalid_arguments_are_internal_errors(void **state)
{
    gsl_rng *r = *state;
    assert_run_refused(-1, 0.1, 1, 0, r);
    assert_run_refused((double)NAN, 0.1, 1, 0, r);
    assert_run_refused(HUGE_VAL, 0.1, 1, 0, r);
    assert_run_refused(10, -0.1, 1, 0, r);
    assert_run_refused(10, HUGE_VAL, 1, 0, r);
    assert_run_refused(10, 0.1, -2.385, 0, r);
    assert_run_refused(10, 0.1, (double)NAN, 0, r);
    assert_run_refused(10, 0.1, 1, -0.5, r);
    assert_run_refused(10, 0.1, 1, (double)NAN, r);
}

static void assert_check_error(double lambda, double c, double restart, const char *message)
{
    nc_error err;
    assert_int_equal(nc_preempt_check(lambda, c, restart, &err), NC_EINPUT);
    assert_int_equal(err.code, NC_EINPUT);
    assert_string_equal(err.message, message);
}

static void test_preempt__check_refuses_bad_parameters(void **state)
{
    (void)state;
    assert_check_error(10, 10, 0.25,
                       "10 pre-emptions per hour with a checkpoint every 10 h means about "
                       "2.69e+43 pre-emptions per checkpoint interval: the trial never "
                       "finishes; checkpoint more often");
    assert_check_error(-0.5, 1, 0,
                       "pre-emption rate must be a non-negative number per hour, got -0.5");
    assert_check_error(HUGE_VAL, 1, 0,
                       "pre-emption rate must be a non-negative number per hour, got inf");
    assert_check_error(0.1, -2.385, 0,
                       "checkpoint interval must be a non-negative number of hours, got -2.385");
    assert_check_error(0.1, (double)NAN, 0,
                       "checkpoint interval must be a non-negative number of hours, got nan");
    assert_check_error(0.1, 1, -0.25,
                       "restart overhead must be a non-negative number of hours, got -0.25");
    /* The limit: 1000 expected pre-emptions per interval, lambda c = log(1001). */
    nc_error err;
    assert_int_equal(nc_preempt_check(1, log(1001) - 0.01, 0, &err), NC_OK);
    assert_int_equal(nc_preempt_check(1, log(1001) + 0.01, 0, &err), NC_EINPUT);
}

static void test_preempt__check_accepts_sane_parameters(void **state)
{
    (void)state;
    nc_error err;
    assert_int_equal(nc_preempt_check(0, 0, 0, &err), NC_OK);
    assert_int_equal(nc_preempt_check(0.05, 10, 0.25, &err), NC_OK);
    assert_int_equal(nc_preempt_check(10, 0, 0.25, &err), NC_OK);        /* no checkpoints */
    assert_int_equal(nc_preempt_check(10, HUGE_VAL, 0.25, &err), NC_OK); /* the run guards */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_preempt__no_hazard_pays_the_work_exactly, tu_setup_rng,
                                        tu_teardown_rng),
        cmocka_unit_test(test_preempt__closed_form_matches_hand_values),
        cmocka_unit_test(test_preempt__checkpoint_beyond_work_is_no_checkpoint),
        cmocka_unit_test(test_preempt__more_checkpoints_cost_less),
        cmocka_unit_test_setup_teardown(test_preempt__monte_carlo_matches_closed_form, tu_setup_rng,
                                        tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_preempt__same_address_same_trial, tu_setup_rng,
                                        tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_preempt__never_finishing_trial_is_refused,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_preempt__invalid_arguments_are_internal_errors,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test(test_preempt__check_refuses_bad_parameters),
        cmocka_unit_test(test_preempt__check_accepts_sane_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
