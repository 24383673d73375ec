/*
 * rng.h - Philox4x32-10 (Random123) as a gsl_rng, addressed, never streamed.
 *
 * DESIGN.md, "Randomness": a random number is addressed by
 *     key     = (master seed, hash of the input's path)
 *     counter = (replication, trial, level, draw)
 * so nothing depends on which thread ran what, two scenarios that share an input path share
 * its draws, and adding trials does not change the draws of earlier trials.
 *
 * The generator is a gsl_rng_type, so every gsl_ran_* sampler works on it. Its get() returns
 * successive 32-bit words of the addressed stream (all four words of each Philox block are
 * used); get_double() returns a 53-bit double in [0, 1) made from two words.
 *
 * One gsl_rng per thread is allocated once (gsl_rng_alloc(nc_rng_philox)) and re-addressed
 * with nc_rng_seek() before each stream is used: seeking allocates nothing.
 *
 * The first blocks of one stream for a batch of trials at once are in rng_batch.h.
 */
#ifndef NC_RNG_H
#define NC_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* Levels of the counter: which kind of draw a stream serves. */
enum {
    NC_RNG_TRIAL = 0,       /* per-trial variability: counter trial = the trial's index */
    NC_RNG_REPLICATION = 1  /* per-replication (systematic) draws: trial = 0 */
};

extern const gsl_rng_type *nc_rng_philox;

/* A 64-bit hash of an input path (FNV-1a 64). The same path always gives the same key. */
uint64_t nc_rng_key(const char *path);

/*
 * Address generator 'r' (which must be of type nc_rng_philox) to the stream
 * (seed, key; replication, trial, level) and rewind it to its first draw.
 * 'replication' must fit in 32 bits.
 */
void nc_rng_seek(gsl_rng *r, uint64_t seed, uint64_t key, uint64_t replication,
                 uint32_t trial, uint32_t level);

/* The Philox key of stream (seed, key): nc_rng_seek(r, seed, key, ...) is
 * nc_rng_seek_stream(r, nc_rng_stream_key(seed, key), ...). The engine computes it once per
 * stream and replication instead of at every trial's seek. */
uint64_t nc_rng_stream_key(uint64_t seed, uint64_t key);
void nc_rng_seek_stream(gsl_rng *r, uint64_t stream_key, uint64_t replication, uint32_t trial,
                        uint32_t level);

/* The four raw 32-bit words of Philox4x32-10 for (counter, key): for known-answer tests. */
void nc_rng_philox_block(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* ---- the generator's state, for samplers that read words inline ------------------------------
 *
 * The state behind every nc_rng_philox gsl_rng: nc_philox_state(r). Samplers in the hot loop
 * (dist_sample.c, trial.c) read it with the inline functions below instead of through GSL's
 * function pointers; both read the same words in the same order. 'block' holds up to
 * NC_PHILOX_PRELOAD blocks computed ahead (by nc_philox_blocks, rng_batch.h) and 'end' says
 * how many words of it are valid; past them, the next block of the stream is computed on
 * demand. */
enum { NC_PHILOX_PRELOAD = 2 };

typedef struct nc_philox {
    uint32_t key[2];
    uint32_t ctr[4]; /* next block to compute, trial, replication, level */
    uint32_t block[4 * NC_PHILOX_PRELOAD];
    unsigned pos, end; /* next unused word of 'block'; words valid before 'end' */
} nc_philox;

static inline nc_philox *nc_philox_state(gsl_rng *r)
{
    return (nc_philox *)r->state;
}

/* Compute the stream's next block into s->block (out of line: once per four words). */
void nc_philox_refill(nc_philox *s);

static inline uint32_t nc_philox_u32(nc_philox *s)
{
    if (__builtin_expect(s->pos == s->end, 0))
        nc_philox_refill(s);
    return s->block[s->pos++];
}

/* Two words as a 64-bit word, the first in the high half. */
static inline uint64_t nc_philox_u64(nc_philox *s)
{
    uint64_t hi = nc_philox_u32(s);
    return hi << 32 | nc_philox_u32(s);
}

/* 53 bits from two words, as in Random123's u01 conversions and numpy's random_double:
 * ((a >> 5) * 2^26 + (b >> 6)) / 2^53, in [0, 1) (exact: the scale is a power of two). */
static inline double nc_philox_u01(uint32_t a, uint32_t b)
{
    return ((double)(a >> 5) * 67108864.0 + (double)(b >> 6)) * 0x1p-53;
}

/* The next two words as a double in [0, 1): gsl_rng_uniform(r) is this. */
static inline double nc_philox_double(nc_philox *s)
{
    uint32_t a = nc_philox_u32(s);
    return nc_philox_u01(a, nc_philox_u32(s));
}

#endif
