/*
 * test_sched.c - the calendar, checked against schedules worked out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sched.h"

/* Two GPUs, four one-GPU jobs of 3, 2, 4 and 1 hours, all ready at 0, first come first
 * served:  GPU A: job 1 [0, 3], job 4 [3, 4];  GPU B: job 2 [0, 2], job 3 [2, 6].
 * Starts 0, 0, 2, 3; makespan 6; busy 10 GPU-hours (utilisation 10 / 12). */
static void test_sched__fcfs_two_gpus_by_hand(void **state)
{
    (void)state;
    double store[3];
    nc_cluster c;
    nc_cluster_init(&c, store, 2);
    const double hours[] = {3, 2, 4, 1}, want[] = {0, 0, 2, 3};
    double end = 0;
    for (int i = 0; i < 4; i++) {
        double start = nc_cluster_place(&c, 1, 0.0, hours[i]);
        assert_true(start == want[i]);
        end = start + hours[i] > end ? start + hours[i] : end;
    }
    assert_true(end == 6.0);
    assert_true(c.busy_gpu_h == 10.0);
}

/* Four GPUs. Job 1 (2 GPUs, 4 h) runs [0, 4]. Job 2 (3 GPUs, 1 h) takes the three that free
 * first (0, 0, 4) and runs [4, 5]; the GPUs are then free at {4, 5, 5, 5}. Job 3 (1 GPU,
 * ready at 1) takes the one free at 4 and runs [4, 6]. Job 4 (all 4 GPUs) waits for 6. */
static void test_sched__multi_gpu_jobs_wait_for_enough_gpus(void **state)
{
    (void)state;
    double store[5];
    nc_cluster c;
    nc_cluster_init(&c, store, 4);
    assert_true(nc_cluster_place(&c, 2, 0.0, 4.0) == 0.0);
    assert_true(nc_cluster_place(&c, 3, 0.0, 1.0) == 4.0);
    assert_true(nc_cluster_place(&c, 1, 1.0, 2.0) == 4.0);
    assert_true(nc_cluster_place(&c, 4, 0.0, 1.0) == 6.0);
    assert_true(c.busy_gpu_h == 8.0 + 3.0 + 2.0 + 4.0);
}

/* A job ready later than any GPU frees starts when ready; the heap keeps order across many
 * jobs: 1,000 one-hour jobs on 7 GPUs, all ready at 0, end at ceil(1000 / 7) = 143 h. */
static void test_sched__ready_time_and_long_queue(void **state)
{
    (void)state;
    double store[8];
    nc_cluster c;
    nc_cluster_init(&c, store, 7);
    assert_true(nc_cluster_place(&c, 1, 2.5, 1.0) == 2.5);
    nc_cluster_reset(&c);
    double last = 0;
    for (int i = 0; i < 1000; i++)
        last = nc_cluster_place(&c, 1, 0.0, 1.0) + 1.0;
    assert_true(last == 143.0);
}

static void test_sched__submit_batches_and_evenly(void **state)
{
    (void)state;
    nc_submit batches = {NC_SUBMIT_BATCHES, 100.0, 4};
    /* 10 trials in 4 batches at 0, 25, 50, 75 h: trials 0-2 batch 0, 3-4 batch 1, 5-7
     * batch 2, 8-9 batch 3 (floor(t * 4 / 10)) */
    const double want[] = {0, 0, 0, 25, 25, 50, 50, 50, 75, 75};
    for (int t = 0; t < 10; t++)
        assert_true(nc_submit_offset(&batches, t, 10, 0.99) == want[t]);
    nc_submit evenly = {NC_SUBMIT_EVENLY, 172 * 24.0, 0};
    double prev = -1;
    for (int t = 0; t < 50; t++) {
        double u = (t * 7 % 10) / 10.0, at = nc_submit_offset(&evenly, t, 50, u);
        assert_true(at >= prev && at >= t * 172 * 24.0 / 50 && at < (t + 1) * 172 * 24.0 / 50);
        prev = at;
    }
    nc_submit none = {NC_SUBMIT_AT_ONCE, 0, 0};
    assert_true(nc_submit_offset(&none, 7, 10, 0.3) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sched__fcfs_two_gpus_by_hand),
        cmocka_unit_test(test_sched__multi_gpu_jobs_wait_for_enough_gpus),
        cmocka_unit_test(test_sched__ready_time_and_long_queue),
        cmocka_unit_test(test_sched__submit_batches_and_evenly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
