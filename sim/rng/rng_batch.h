/*
 * rng_batch.h - Philox4x32-10 blocks of many trials at once (rng_batch.c): the first blocks
 * of one stream for a batch of trials, computed with AVX2 or AVX-512 where the CPU has them.
 * The streams themselves, and the state a sampler reads words from, are in rng.h.
 */
#ifndef NC_RNG_BATCH_H
#define NC_RNG_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "rng/rng.h"

/*
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
