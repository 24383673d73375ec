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
 * NC_PHILOX_PRELOAD blocks computed ahead (by nc_philox_blocks) and 'end' says how many words
 * of it are valid; past them, the next block of the stream is computed on demand. */
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

/* ---- blocks of many trials at once ----------------------------------------------------------
 *
 * nc_philox_blocks computes the first 'nblocks' (<= NC_PHILOX_PRELOAD) blocks of the 'n'
 * streams (stream_key; trial t0 + i, replication, level), i < n <= NC_PHILOX_BATCH, into
 * 'out' as structure of arrays: word w of block b of trial i is out[(4 b + w) n + i]. They are
 * exactly the blocks nc_rng_seek_stream + gsl_rng_get would produce, computed 8 or 16 trials
 * per instruction where the CPU has AVX2 or AVX-512 (chosen at run time; the words do not
 * depend on the choice). */
enum { NC_PHILOX_BATCH = 64 };

void nc_philox_blocks(uint64_t stream_key, uint32_t t0, uint32_t replication, uint32_t level,
                      size_t n, unsigned nblocks, uint32_t *out);

/* One stream's first blocks for a batch of trials: trial t0 + i reads lane i. */
typedef struct nc_philox_batch {
    uint64_t key;
    uint32_t t0, replication, level;
    unsigned nblocks; /* 0: not computed (the stream is not read) */
    size_t n;
    uint32_t words[4 * NC_PHILOX_PRELOAD * NC_PHILOX_BATCH];
} nc_philox_batch;

static inline void nc_philox_batch_fill(nc_philox_batch *b, uint64_t stream_key, uint32_t t0,
                                        uint32_t replication, uint32_t level, size_t n,
                                        unsigned nblocks)
{
    b->key = stream_key;
    b->t0 = t0;
    b->replication = replication;
    b->level = level;
    b->n = n;
    b->nblocks = nblocks;
    if (nblocks)
        nc_philox_blocks(stream_key, t0, replication, level, n, nblocks, b->words);
}

/* Word w (< 4 nblocks) of lane i. */
static inline uint32_t nc_philox_batch_word(const nc_philox_batch *b, unsigned w, size_t i)
{
    return b->words[w * b->n + i];
}

/* Point 's' at lane i's stream, its computed blocks already in it, at its first word. */
static inline void nc_philox_batch_start(nc_philox *s, const nc_philox_batch *b, size_t i)
{
    s->key[0] = (uint32_t)b->key;
    s->key[1] = (uint32_t)(b->key >> 32);
    s->ctr[0] = b->nblocks;
    s->ctr[1] = b->t0 + (uint32_t)i;
    s->ctr[2] = b->replication;
    s->ctr[3] = b->level;
    for (unsigned w = 0; w < 4 * b->nblocks; w++)
        s->block[w] = b->words[w * b->n + i];
    s->pos = 0;
    s->end = 4 * b->nblocks;
}

/* The implementations nc_philox_blocks can use, for tests: each must give the same words.
 * nc_philox_blocks_with returns -1 (and computes nothing) when the CPU lacks 'impl'. */
typedef enum nc_philox_impl {
    NC_PHILOX_SCALAR,
    NC_PHILOX_AVX2,
    NC_PHILOX_AVX512,
    NC_PHILOX__COUNT
} nc_philox_impl;

int nc_philox_blocks_with(nc_philox_impl impl, uint64_t stream_key, uint32_t t0,
                          uint32_t replication, uint32_t level, size_t n, unsigned nblocks,
                          uint32_t *out);

/* The implementation nc_philox_blocks uses on this CPU, by name ("avx512", "avx2", "scalar"). */
const char *nc_philox_impl_name(void);

#endif
