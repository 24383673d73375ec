/*
 * rng.c - Philox4x32-10 as an addressed gsl_rng (see rng.h and DESIGN.md, "Randomness").
 *
 * Philox4x32-10 is the counter-based generator of Salmon, Moraes, Dror & Shaw (2011),
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11; we use the Random123 reference
 * implementation. Output block i of a stream is philox4x32(counter, key) with
 *     counter = (i, trial, replication, level)      (32 bits each)
 *     key     = two 32-bit halves of splitmix64(seed ^ splitmix64(path key))
 * The path key is hashed before it meets the seed so that nearby seeds and nearby path keys
 * (neither is random) land on unrelated Philox keys; splitmix64 is a bijection of 64-bit
 * words, so for a fixed seed distinct path keys always give distinct Philox keys. A stream
 * holds 2^32 blocks (2^34 words) before its block index wraps.
 */
#include "rng/rng.h"

#include <assert.h>
#include <Random123/philox.h>
#include <string.h>

#include "base/hash.h"

/* The splitmix64 output function (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
 * number generators", OOPSLA; constants as in Vigna's reference code): a bijective mixer. */
static uint64_t splitmix64(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

uint64_t nc_rng_stream_key(uint64_t seed, uint64_t key)
{
    return splitmix64(seed ^ splitmix64(key));
}

static void seek_mixed(nc_philox *s, uint64_t mixed, uint32_t replication, uint32_t trial,
                       uint32_t level)
{
    s->key[0] = (uint32_t)mixed;
    s->key[1] = (uint32_t)(mixed >> 32);
    s->ctr[0] = 0;
    s->ctr[1] = trial;
    s->ctr[2] = replication;
    s->ctr[3] = level;
    s->pos = s->end = 0;
}

void nc_philox_refill(nc_philox *s)
{
    philox4x32_ctr_t c = {{s->ctr[0], s->ctr[1], s->ctr[2], s->ctr[3]}};
    philox4x32_key_t k = {{s->key[0], s->key[1]}};
    philox4x32_ctr_t o = philox4x32(c, k);
    for (int i = 0; i < 4; i++)
        s->block[i] = o.v[i];
    s->ctr[0]++;
    s->pos = 0;
    s->end = 4;
}

static unsigned long philox_get(void *state)
{
    return nc_philox_u32(state);
}

static double philox_get_double(void *state)
{
    return nc_philox_double(state);
}

/* gsl_rng_set(r, seed): the stream (seed, path key 0; replication 0, trial 0, level 0). */
static void philox_set(void *state, unsigned long seed)
{
    seek_mixed(state, nc_rng_stream_key(seed, 0), 0, 0, 0);
}

static const gsl_rng_type philox_type = {
    "philox4x32-10", 0xffffffffUL, 0, sizeof(nc_philox),
    &philox_set, &philox_get, &philox_get_double};

/* The generator type for gsl_rng_alloc: named "philox4x32-10", 32-bit words, 53-bit doubles. */
const gsl_rng_type *nc_rng_philox = &philox_type;

/*
 * FNV-1a, 64-bit (Fowler, Noll & Vo; offset basis 0xcbf29ce484222325, prime 0x100000001b3)
 * of the bytes of 'path' up to its NUL. A NULL path hashes as the empty string.
 */
uint64_t nc_rng_key(const char *path)
{
    return nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, path ? path : "", path ? strlen(path) : 0);
}

/*
 * Point 'r' at the first word of stream (seed, key; replication, trial, level). 'r' must have
 * been allocated with gsl_rng_alloc(nc_rng_philox); only the low 32 bits of 'replication' are
 * used (rng.h requires it to fit). Allocates nothing and discards any buffered words.
 */
void nc_rng_seek(gsl_rng *r, uint64_t seed, uint64_t key, uint64_t replication,
                 uint32_t trial, uint32_t level)
{
    assert(r->type == nc_rng_philox);
    assert(replication <= UINT32_MAX);
    seek_mixed(r->state, nc_rng_stream_key(seed, key), (uint32_t)replication, trial, level);
}

void nc_rng_seek_stream(gsl_rng *r, uint64_t stream_key, uint64_t replication, uint32_t trial,
                        uint32_t level)
{
    assert(r->type == nc_rng_philox);
    assert(replication <= UINT32_MAX);
    seek_mixed(r->state, stream_key, (uint32_t)replication, trial, level);
}

/* Philox4x32-10 of counter 'ctr' under key 'key' into 'out': the raw block, for tests. */
void nc_rng_philox_block(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t o = philox4x32(c, k);
    for (int i = 0; i < 4; i++)
        out[i] = o.v[i];
}
