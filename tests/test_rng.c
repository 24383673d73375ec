/*
 * test_rng.c - the addressed Philox4x32-10 generator (sim/rng/rng.h).
 *
 * Known answers come from Random123's tests/kat_vectors (philox4x32 10 lines). Statistical
 * checks use fixed addresses and tolerances derived from standard errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "rng/rng.h"
#include "rng/rng_batch.h"
#include "testutil.h"

enum { SEQ_LEN = 64 };

static void read_words(gsl_rng *r, unsigned long *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = gsl_rng_get(r);
}

static int same_words(const unsigned long *a, const unsigned long *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static void assert_block(const uint32_t ctr[4], const uint32_t key[2], const uint32_t want[4])
{
    uint32_t got[4];
    nc_rng_philox_block(ctr, key, got);
    for (int i = 0; i < 4; i++)
        assert_int_equal(got[i], want[i]);
}

/* Random123 kat_vectors: philox4x32 10, counter 0, key 0. */
static void test_rng__philox_known_answer_zero_key(void **state)
{
    (void)state;
    const uint32_t ctr[4] = {0, 0, 0, 0}, key[2] = {0, 0};
    const uint32_t want[4] = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
    assert_block(ctr, key, want);
}

/* Random123 kat_vectors: philox4x32 10, every counter and key word 0xffffffff. */
static void test_rng__philox_known_answer_all_ones(void **state)
{
    (void)state;
    const uint32_t ctr[4] = {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};
    const uint32_t key[2] = {0xffffffff, 0xffffffff};
    const uint32_t want[4] = {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
    assert_block(ctr, key, want);
}

/* Random123 kat_vectors: philox4x32 10, counter and key from the hex digits of pi. */
static void test_rng__philox_known_answer_pi_digits(void **state)
{
    (void)state;
    const uint32_t ctr[4] = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
    const uint32_t key[2] = {0xa4093822, 0x299f31d0};
    const uint32_t want[4] = {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
    assert_block(ctr, key, want);
}

static void test_rng__type_is_32_bit_philox4x32_10(void **state)
{
    gsl_rng *r = *state;
    assert_string_equal(gsl_rng_name(r), "philox4x32-10");
    assert_int_equal(gsl_rng_max(r), 0xffffffffUL);
    assert_int_equal(gsl_rng_min(r), 0);
}

/* FNV-1a 64 reference values (Fowler/Noll/Vo test suite). */
static void test_rng__key_is_fnv1a_64_of_path(void **state)
{
    (void)state;
    assert_true(nc_rng_key("") == UINT64_C(0xcbf29ce484222325));
    assert_true(nc_rng_key("a") == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(nc_rng_key("foobar") == UINT64_C(0x85944171f73967e8));
    assert_true(nc_rng_key("stages.grid-searches.duration") ==
                nc_rng_key("stages.grid-searches.duration"));
    assert_true(nc_rng_key("stages.a.duration") != nc_rng_key("stages.b.duration"));
}

static uint64_t splitmix64(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

/*
 * The stream is exactly philox4x32(counter = (block, trial, replication, level), key =
 * splitmix64(seed ^ splitmix64(path key))), and get() hands out all four words of a block,
 * in order, before moving to the next block.
 */
static void test_rng__get_returns_every_word_of_each_addressed_block(void **state)
{
    gsl_rng *r = *state;
    const uint64_t seed = 2019, path = nc_rng_key("sites.lab.pue");
    const uint32_t trial = 4788, replication = 19999, level = NC_RNG_TRIAL;
    uint64_t mixed = splitmix64(seed ^ splitmix64(path));
    const uint32_t key[2] = {(uint32_t)mixed, (uint32_t)(mixed >> 32)};
    nc_rng_seek(r, seed, path, replication, trial, level);
    for (uint32_t block = 0; block < 5; block++) {
        const uint32_t ctr[4] = {block, trial, replication, level};
        uint32_t want[4];
        nc_rng_philox_block(ctr, key, want);
        for (int i = 0; i < 4; i++)
            assert_int_equal(gsl_rng_get(r), want[i]);
    }
}

static void test_rng__same_address_gives_identical_sequence(void **state)
{
    gsl_rng *r = *state, *other = gsl_rng_alloc(nc_rng_philox);
    unsigned long a[SEQ_LEN], b[SEQ_LEN];
    assert_non_null(other);
    nc_rng_seek(r, 2385, nc_rng_key("x"), 7, 11, NC_RNG_TRIAL);
    nc_rng_seek(other, 2385, nc_rng_key("x"), 7, 11, NC_RNG_TRIAL);
    read_words(r, a, SEQ_LEN);
    read_words(other, b, SEQ_LEN);
    assert_true(same_words(a, b, SEQ_LEN));
    gsl_rng_free(other);
}

/* Seeking elsewhere mid-block and back rewinds to the first word (the buffer is reset). */
static void test_rng__seeking_back_reproduces_the_stream(void **state)
{
    gsl_rng *r = *state;
    unsigned long first[SEQ_LEN], again[SEQ_LEN];
    nc_rng_seek(r, 31, 77, 3, 5, NC_RNG_REPLICATION);
    read_words(r, first, SEQ_LEN);
    nc_rng_seek(r, 31, 78, 3, 5, NC_RNG_REPLICATION);
    (void)gsl_rng_get(r); /* leave three buffered words behind */
    nc_rng_seek(r, 31, 77, 3, 5, NC_RNG_REPLICATION);
    read_words(r, again, SEQ_LEN);
    assert_true(same_words(first, again, SEQ_LEN));
}

static void assert_streams_differ(gsl_rng *r, uint64_t seed, uint64_t key, uint64_t rep,
                                  uint32_t trial, uint32_t level)
{
    unsigned long base[SEQ_LEN], other[SEQ_LEN];
    nc_rng_seek(r, 2019, 4242, 10, 20, NC_RNG_TRIAL);
    read_words(r, base, SEQ_LEN);
    nc_rng_seek(r, seed, key, rep, trial, level);
    read_words(r, other, SEQ_LEN);
    size_t equal = 0;
    for (size_t i = 0; i < SEQ_LEN; i++)
        equal += base[i] == other[i];
    assert_true(equal <= 1); /* 64 independent 32-bit words: P(any match) ~ 1.5e-8 */
}

static void test_rng__each_address_component_selects_a_different_stream(void **state)
{
    gsl_rng *r = *state;
    assert_streams_differ(r, 2020, 4242, 10, 20, NC_RNG_TRIAL);
    assert_streams_differ(r, 2019, 4243, 10, 20, NC_RNG_TRIAL);
    assert_streams_differ(r, 2019, 4242, 11, 20, NC_RNG_TRIAL);
    assert_streams_differ(r, 2019, 4242, 10, 21, NC_RNG_TRIAL);
    assert_streams_differ(r, 2019, 4242, 10, 20, NC_RNG_REPLICATION);
    /* swapping trial and replication must not alias */
    assert_streams_differ(r, 2019, 4242, 20, 10, NC_RNG_TRIAL);
}

/* gsl_rng_set(r, s) is the stream (s, key 0; replication 0, trial 0, level 0). */
static void test_rng__gsl_rng_set_seeks_to_the_seed_stream(void **state)
{
    gsl_rng *r = *state;
    unsigned long a[SEQ_LEN], b[SEQ_LEN];
    gsl_rng_set(r, 2385);
    read_words(r, a, SEQ_LEN);
    nc_rng_seek(r, 2385, 0, 0, 0, NC_RNG_TRIAL);
    read_words(r, b, SEQ_LEN);
    assert_true(same_words(a, b, SEQ_LEN));
}

/* get_double = ((a >> 5) * 2^26 + (b >> 6)) / 2^53 from two successive words. */
static void test_rng__uniform_is_53_bits_from_two_words(void **state)
{
    gsl_rng *r = *state;
    size_t finer_than_32_bits = 0;
    for (int i = 0; i < 1000; i++) {
        nc_rng_seek(r, 5, 6, 0, (uint32_t)i, NC_RNG_TRIAL);
        unsigned long a = gsl_rng_get(r), b = gsl_rng_get(r);
        nc_rng_seek(r, 5, 6, 0, (uint32_t)i, NC_RNG_TRIAL);
        double u = gsl_rng_uniform(r);
        double want = ((double)(a >> 5) * 67108864.0 + (double)(b >> 6)) / 9007199254740992.0;
        assert_true(u == want);
        assert_true(u >= 0.0 && u < 1.0);
        double scaled = ldexp(u, 32);
        finer_than_32_bits += scaled != floor(scaled);
    }
    assert_true(finer_than_32_bits > 990); /* P(all 21 low bits zero) = 2^-21 per draw */
}

static void test_rng__uniform_mean_within_four_standard_errors(void **state)
{
    gsl_rng *r = *state;
    const int n = 1000000;
    double sum = 0.0;
    nc_rng_seek(r, 2019, nc_rng_key("uniformity"), 0, 0, NC_RNG_TRIAL);
    for (int i = 0; i < n; i++)
        sum += gsl_rng_uniform(r);
    double se = sqrt(1.0 / 12.0 / n);
    assert_true(fabs(sum / n - 0.5) < 4.0 * se);
}

static void test_rng__uniform_passes_chi_square_over_64_bins(void **state)
{
    gsl_rng *r = *state;
    enum { BINS = 64 };
    const int n = 1000000;
    double count[BINS] = {0};
    nc_rng_seek(r, 2019, nc_rng_key("chi-square"), 1, 2, NC_RNG_TRIAL);
    for (int i = 0; i < n; i++)
        count[(int)(gsl_rng_uniform(r) * BINS)] += 1.0;
    double expected = (double)n / BINS, chi2 = 0.0;
    for (int b = 0; b < BINS; b++)
        chi2 += (count[b] - expected) * (count[b] - expected) / expected;
    assert_true(chi2 < gsl_cdf_chisq_Qinv(1e-6, BINS - 1));
}

/* gsl_ran_* samplers run on the generator: moments of a gaussian and a gamma, and the
 * range of gsl_rng_uniform_int. */
static void test_rng__drives_gsl_ran_samplers(void **state)
{
    gsl_rng *r = *state;
    const int n = 200000;
    double s1 = 0.0, s2 = 0.0, g1 = 0.0;
    nc_rng_seek(r, 7, nc_rng_key("gsl_ran"), 0, 0, NC_RNG_TRIAL);
    for (int i = 0; i < n; i++) {
        double z = gsl_ran_gaussian(r, 2.385);
        s1 += z;
        s2 += z * z;
        g1 += gsl_ran_gamma(r, 3.25, 1.5);
        unsigned long k = gsl_rng_uniform_int(r, 7);
        assert_true(k < 7);
    }
    double sd = 2.385, var = sd * sd;
    assert_true(fabs(s1 / n) < 4.5 * sd / sqrt(n));
    /* se of the sample variance of a normal: sqrt(2 sigma^4 / n) */
    assert_true(fabs(s2 / n - var) < 4.5 * sqrt(2.0 * var * var / n));
    double gamma_mean = 3.25 * 1.5, gamma_sd = sqrt(3.25) * 1.5;
    assert_true(fabs(g1 / n - gamma_mean) < 4.5 * gamma_sd / sqrt(n));
}

/* Every implementation of nc_philox_blocks this CPU has gives Random123's blocks, for full and
 * partial batches, one or two blocks, and keys and counters with every bit pattern. */
static void test_rng__batched_blocks_equal_random123(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 7, 8, 9, 16, 31, 32, 33, 63, NC_PHILOX_BATCH};
    static const uint64_t keys[] = {0, 1, UINT64_C(0xffffffffffffffff),
                                    UINT64_C(0x9e3779b97f4a7c15)};
    static const uint32_t t0s[] = {0, 12345, 0xffffffe0u}, reps[] = {0, 7, 0xffffffffu};
    uint32_t out[4 * NC_PHILOX_PRELOAD * NC_PHILOX_BATCH];
    int impls = 0;
    for (int impl = 0; impl < NC_PHILOX__COUNT; impl++) {
        if (nc_philox_blocks_with((nc_philox_impl)impl, 1, 0, 0, 0, 1, 1, out) != 0)
            continue; /* this CPU lacks it */
        impls++;
        for (size_t a = 0; a < sizeof sizes / sizeof sizes[0]; a++)
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
                for (size_t c = 0; c < 3; c++)
                    for (unsigned nb = 1; nb <= NC_PHILOX_PRELOAD; nb++) {
                        size_t n = sizes[a];
                        uint32_t level = (uint32_t)(2 * c);
                        assert_int_equal(nc_philox_blocks_with((nc_philox_impl)impl, keys[k],
                                                               t0s[c], reps[c], level, n, nb, out),
                                         0);
                        for (unsigned b = 0; b < nb; b++)
                            for (size_t i = 0; i < n; i++) {
                                uint32_t ctr[4] = {b, t0s[c] + (uint32_t)i, reps[c], level};
                                uint32_t key[2] = {(uint32_t)keys[k], (uint32_t)(keys[k] >> 32)};
                                uint32_t want[4];
                                nc_rng_philox_block(ctr, key, want);
                                for (unsigned w = 0; w < 4; w++)
                                    assert_int_equal(out[(4 * b + w) * n + i], want[w]);
                            }
                    }
    }
    assert_true(impls >= 1);
    print_message("  (%d implementations checked; nascost uses %s here)\n", impls,
                  nc_philox_impl_name());
}

/* A state started from a batch reads the same words as a seek, past the computed blocks. */
static void test_rng__batch_start_continues_the_stream(void **state)
{
    gsl_rng *r = *state;
    static nc_philox_batch b;
    uint64_t key = nc_rng_stream_key(42, nc_rng_key("stages.x.power"));
    for (unsigned nb = 0; nb <= NC_PHILOX_PRELOAD; nb++) {
        nc_philox_batch_fill(&b, key, 100, 3, NC_RNG_TRIAL, 20, nb);
        for (size_t i = 0; i < 20; i += 7) {
            nc_philox s;
            nc_philox_batch_start(&s, &b, i);
            nc_rng_seek_stream(r, key, 3, 100 + (uint32_t)i, NC_RNG_TRIAL);
            for (int w = 0; w < 23; w++)
                assert_int_equal(nc_philox_u32(&s), gsl_rng_get(r));
        }
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng__philox_known_answer_zero_key),
        cmocka_unit_test(test_rng__philox_known_answer_all_ones),
        cmocka_unit_test(test_rng__philox_known_answer_pi_digits),
        cmocka_unit_test_setup_teardown(test_rng__type_is_32_bit_philox4x32_10, tu_setup_rng,
                                        tu_teardown_rng),
        cmocka_unit_test(test_rng__key_is_fnv1a_64_of_path),
        cmocka_unit_test_setup_teardown(test_rng__get_returns_every_word_of_each_addressed_block,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__same_address_gives_identical_sequence,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__seeking_back_reproduces_the_stream, tu_setup_rng,
                                        tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__each_address_component_selects_a_different_stream,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__gsl_rng_set_seeks_to_the_seed_stream,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__uniform_is_53_bits_from_two_words, tu_setup_rng,
                                        tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__uniform_mean_within_four_standard_errors,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__uniform_passes_chi_square_over_64_bins,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_rng__drives_gsl_ran_samplers, tu_setup_rng,
                                        tu_teardown_rng),
        cmocka_unit_test(test_rng__batched_blocks_equal_random123),
        cmocka_unit_test_setup_teardown(test_rng__batch_start_continues_the_stream, tu_setup_rng,
                                        tu_teardown_rng),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
