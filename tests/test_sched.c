/*
 * test_sched.c - the calendar, checked against schedules worked out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "realism/sched.h"

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

/* The textbook rule, one GPU at a time: the g GPUs with the earliest free times (a linear
 * scan each), the start when the last of them and the job are ready. */
static double place_by_scan(double *free_at, size_t k, size_t g, double ready, double hours)
{
    size_t taken[64];
    double start = ready;
    for (size_t j = 0; j < g; j++) {
        size_t best = k;
        for (size_t i = 0; i < k; i++) {
            int used = 0;
            for (size_t u = 0; u < j; u++)
                used |= taken[u] == i;
            if (!used && (best == k || free_at[i] < free_at[best]))
                best = i;
        }
        taken[j] = best;
        start = start > free_at[best] ? start : free_at[best];
    }
    for (size_t j = 0; j < g; j++)
        free_at[taken[j]] = start + hours;
    return start;
}

/* nc_cluster_place agrees with the scan on 20,000 jobs of 1 to 8 GPUs (mostly one, as in a
 * grid search) on clusters of 1 to 61 GPUs, with ready times in order and out of it: same
 * starts, same busy GPU-hours. Job lengths are multiples of 1/4 h, so ties happen. */
static void test_sched__placement_matches_a_linear_scan(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 2, 7, 8, 9, 60, 61};
    uint64_t x = 88172645463325252u; /* xorshift64 (Marsaglia 2003) */
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t k = sizes[s];
        double store[62], naive[61] = {0}, ready = 0.0, busy = 0.0;
        nc_cluster c;
        nc_cluster_init(&c, store, k);
        assert_true(nc_cluster_storage(k) <= 62);
        for (int j = 0; j < 20000; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t g = x % 4 == 0 ? 1 + (size_t)(x >> 8) % (k < 8 ? k : 8) : 1;
            double hours = (double)(1 + (x >> 20) % 400) / 4.0;
            ready = (x >> 40) % 3 == 0 ? ready + (double)((x >> 44) % 16) : ready;
            double at = (x >> 50) % 5 == 0 ? ready / 2.0 : ready;
            double want = place_by_scan(naive, k, g, at, hours);
            busy += hours * (double)g;
            assert_true(nc_cluster_place(&c, (int64_t)g, at, hours) == want);
        }
        assert_true(c.busy_gpu_h == busy);
    }
}

/* nc_submit_offsets, which walks the batches, gives nc_submit_offset's value for every trial:
 * small and large stages, more batches than trials, windows starting anywhere, and sizes
 * where t B passes 2^53 (found by review: n = 994102061, B = 668462681). */
static void test_sched__batched_offsets_equal_single_ones(void **state)
{
    (void)state;
    static const int64_t sizes[][2] = {{4789, 123}, {10, 123}, {1000, 1000}, {7, 3},
                                       {994102061, 668462681}, {1000000000, 999999937}};
    double out[64];
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        nc_submit s = {NC_SUBMIT_BATCHES, 4128.0, sizes[k][1]};
        int64_t n = sizes[k][0];
        int64_t late = 956174498 - 32; /* a window across the review's trial 956174498 */
        int64_t starts[] = {0, n / 3, n - 64 > 0 ? n - 64 : 0, late < n ? late : 0};
        for (size_t j = 0; j < 4; j++) {
            size_t m = (size_t)(n - starts[j] < 64 ? n - starts[j] : 64);
            nc_submit_offsets(&s, starts[j], m, n, NULL, out);
            for (size_t i = 0; i < m; i++)
                assert_true(out[i] == nc_submit_offset(&s, starts[j] + (int64_t)i, n, 0.0));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sched__fcfs_two_gpus_by_hand),
        cmocka_unit_test(test_sched__multi_gpu_jobs_wait_for_enough_gpus),
        cmocka_unit_test(test_sched__ready_time_and_long_queue),
        cmocka_unit_test(test_sched__submit_batches_and_evenly),
        cmocka_unit_test(test_sched__placement_matches_a_linear_scan),
        cmocka_unit_test(test_sched__batched_offsets_equal_single_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
