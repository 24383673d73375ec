/*
 * rng_batch.c - Philox4x32-10 blocks of many trials at once (rng_batch.h).
 *
 * The engine reads the first block of each trial's stream for a batch of trials. Their
 * counters differ only in the trial word, so the ten rounds of Philox (Salmon et al. 2011;
 * per round, with multipliers M0 = 0xD2511F53 and M1 = 0xCD9E8D57,
 *     (c0, c1, c2, c3) <- (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0))
 * and the key bumped by the Weyl constants 0x9E3779B9, 0xBB67AE85 between rounds) run on
 * vectors of trials: 8 per instruction with AVX2, 16 with AVX-512 (32x32 -> 64-bit products
 * of the even and the odd lanes, put back together by blends). Without either, Random123's
 * philox4x32 one block at a time.
 * Every implementation gives the words of Random123's reference (tested against it).
 *
 * Measured on the development machine (AMD EPYC, 2.1 GHz): 6.0 ns per block one at a time,
 * 2.6 ns with AVX2, 1.1 ns with AVX-512 (1.5 ns when the compiler vectorised the plain loop).
 */
#include "rng/rng_batch.h"

#include <assert.h>
#include <Random123/philox.h>

#if defined(__x86_64__) || defined(__i386__)
#define NC_X86 1
#include <immintrin.h>
#else
#define NC_X86 0
#endif

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

static void blocks_scalar(uint64_t stream_key, uint32_t t0, uint32_t rep, uint32_t level, size_t n,
                          unsigned nblocks, uint32_t *out)
{
    philox4x32_key_t k = {{(uint32_t)stream_key, (uint32_t)(stream_key >> 32)}};
    for (unsigned b = 0; b < nblocks; b++)
        for (size_t i = 0; i < n; i++) {
            philox4x32_ctr_t c = {{b, t0 + (uint32_t)i, rep, level}};
            philox4x32_ctr_t o = philox4x32(c, k);
            for (unsigned w = 0; w < 4; w++)
                out[(4 * b + w) * n + i] = o.v[w];
        }
}

#if NC_X86
#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))

/* lo and hi halves of the sixteen 32x32-bit products a[j] * m. */
AVX512 static inline void mulhilo16(__m512i a, __m512i m, __m512i *lo, __m512i *hi)
{
    __m512i even = _mm512_mul_epu32(a, m);                       /* lanes 0, 2, ... */
    __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m); /* lanes 1, 3, ... */
    *lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
    *hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
}

/* One Philox round on 16 lanes: c0 <- hi1 ^ c1 ^ k0 (one three-way xor), and so on. */
#define ROUND16(c0, c1, c2, c3)                                                                    \
    do {                                                                                           \
        __m512i lo0, hi0, lo1, hi1;                                                                \
        mulhilo16(c0, m0, &lo0, &hi0);                                                             \
        mulhilo16(c2, m1, &lo1, &hi1);                                                             \
        c0 = _mm512_ternarylogic_epi32(hi1, c1, kk0, 0x96);                                        \
        c1 = lo1;                                                                                  \
        c2 = _mm512_ternarylogic_epi32(hi0, c3, kk1, 0x96);                                        \
        c3 = lo0;                                                                                  \
    } while (0)

/* 32 trials per pass, as two interleaved vectors of 16 (the rounds are a dependency chain;
 * two chains keep the multipliers busy). */
AVX512 static void blocks_avx512(uint64_t stream_key, uint32_t t0, uint32_t rep, uint32_t level,
                                 size_t n, unsigned nblocks, uint32_t *out)
{
    const __m512i m0 = _mm512_set1_epi64(PHILOX_M0), m1 = _mm512_set1_epi64(PHILOX_M1);
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    uint32_t tmp[4][32];
    for (unsigned b = 0; b < nblocks; b++) {
        uint32_t *o = out + 4 * b * n;
        for (size_t i = 0; i < n; i += 32) {
            __m512i a0 = _mm512_set1_epi32((int)b), b0 = a0;
            __m512i a1 = _mm512_add_epi32(_mm512_set1_epi32((int)(t0 + (uint32_t)i)), lane);
            __m512i b1 = _mm512_add_epi32(a1, _mm512_set1_epi32(16));
            __m512i a2 = _mm512_set1_epi32((int)rep), b2 = a2;
            __m512i a3 = _mm512_set1_epi32((int)level), b3 = a3;
            uint32_t k0 = (uint32_t)stream_key, k1 = (uint32_t)(stream_key >> 32);
            for (int r = 0; r < 10; r++) {
                __m512i kk0 = _mm512_set1_epi32((int)k0), kk1 = _mm512_set1_epi32((int)k1);
                ROUND16(a0, a1, a2, a3);
                ROUND16(b0, b1, b2, b3);
                k0 += PHILOX_W0;
                k1 += PHILOX_W1;
            }
            if (n - i >= 32) {
                _mm512_storeu_si512(o + i, a0);
                _mm512_storeu_si512(o + i + 16, b0);
                _mm512_storeu_si512(o + n + i, a1);
                _mm512_storeu_si512(o + n + i + 16, b1);
                _mm512_storeu_si512(o + 2 * n + i, a2);
                _mm512_storeu_si512(o + 2 * n + i + 16, b2);
                _mm512_storeu_si512(o + 3 * n + i, a3);
                _mm512_storeu_si512(o + 3 * n + i + 16, b3);
                continue;
            }
            _mm512_storeu_si512(tmp[0], a0);
            _mm512_storeu_si512(tmp[0] + 16, b0);
            _mm512_storeu_si512(tmp[1], a1);
            _mm512_storeu_si512(tmp[1] + 16, b1);
            _mm512_storeu_si512(tmp[2], a2);
            _mm512_storeu_si512(tmp[2] + 16, b2);
            _mm512_storeu_si512(tmp[3], a3);
            _mm512_storeu_si512(tmp[3] + 16, b3);
            for (unsigned w = 0; w < 4; w++)
                for (size_t j = 0; j < n - i; j++)
                    o[w * n + i + j] = tmp[w][j];
        }
    }
}

/* lo and hi halves of the eight 32x32-bit products a[j] * m. */
__attribute__((target("avx2"))) static inline void mulhilo8(__m256i a, __m256i m, __m256i *lo,
                                                            __m256i *hi)
{
    __m256i even = _mm256_mul_epu32(a, m);                       /* lanes 0, 2, 4, 6 */
    __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m); /* lanes 1, 3, 5, 7 */
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

__attribute__((target("avx2"))) static void blocks_avx2(uint64_t stream_key, uint32_t t0,
                                                        uint32_t rep, uint32_t level, size_t n,
                                                        unsigned nblocks, uint32_t *out)
{
    const __m256i m0 = _mm256_set1_epi64x(PHILOX_M0), m1 = _mm256_set1_epi64x(PHILOX_M1);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    uint32_t tmp[4][8];
    for (unsigned b = 0; b < nblocks; b++) {
        uint32_t *o = out + 4 * b * n;
        for (size_t i = 0; i < n; i += 8) {
            __m256i c0 = _mm256_set1_epi32((int)b);
            __m256i c1 = _mm256_add_epi32(_mm256_set1_epi32((int)(t0 + (uint32_t)i)), lane);
            __m256i c2 = _mm256_set1_epi32((int)rep), c3 = _mm256_set1_epi32((int)level);
            uint32_t k0 = (uint32_t)stream_key, k1 = (uint32_t)(stream_key >> 32);
            for (int r = 0; r < 10; r++) {
                __m256i lo0, hi0, lo1, hi1;
                mulhilo8(c0, m0, &lo0, &hi0);
                mulhilo8(c2, m1, &lo1, &hi1);
                c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32((int)k0));
                c1 = lo1;
                c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32((int)k1));
                c3 = lo0;
                k0 += PHILOX_W0;
                k1 += PHILOX_W1;
            }
            if (n - i >= 8) {
                _mm256_storeu_si256((__m256i *)(o + i), c0);
                _mm256_storeu_si256((__m256i *)(o + n + i), c1);
                _mm256_storeu_si256((__m256i *)(o + 2 * n + i), c2);
                _mm256_storeu_si256((__m256i *)(o + 3 * n + i), c3);
                continue;
            }
            _mm256_storeu_si256((__m256i *)tmp[0], c0);
            _mm256_storeu_si256((__m256i *)tmp[1], c1);
            _mm256_storeu_si256((__m256i *)tmp[2], c2);
            _mm256_storeu_si256((__m256i *)tmp[3], c3);
            for (unsigned w = 0; w < 4; w++)
                for (size_t j = 0; j < n - i; j++)
                    o[w * n + i + j] = tmp[w][j];
        }
    }
}
#endif

static int have(nc_philox_impl impl)
{
#if NC_X86
    __builtin_cpu_init();
    switch (impl) {
    case NC_PHILOX_SCALAR:
        return 1;
    case NC_PHILOX_AVX2:
        return __builtin_cpu_supports("avx2");
    case NC_PHILOX_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
    default:
        return 0;
    }
#else
    return impl == NC_PHILOX_SCALAR;
#endif
}

static void dispatch(nc_philox_impl impl, uint64_t stream_key, uint32_t t0, uint32_t rep,
                     uint32_t level, size_t n, unsigned nblocks, uint32_t *out)
{
    assert(n <= NC_PHILOX_BATCH && nblocks <= NC_PHILOX_PRELOAD);
    switch (impl) {
#if NC_X86
    case NC_PHILOX_AVX512:
        blocks_avx512(stream_key, t0, rep, level, n, nblocks, out);
        break;
    case NC_PHILOX_AVX2:
        blocks_avx2(stream_key, t0, rep, level, n, nblocks, out);
        break;
#endif
    default:
        blocks_scalar(stream_key, t0, rep, level, n, nblocks, out);
        break;
    }
}

int nc_philox_blocks_with(nc_philox_impl impl, uint64_t stream_key, uint32_t t0,
                          uint32_t replication, uint32_t level, size_t n, unsigned nblocks,
                          uint32_t *out)
{
    if (!have(impl))
        return -1;
    dispatch(impl, stream_key, t0, replication, level, n, nblocks, out);
    return 0;
}

/* The best implementation this CPU has, decided once at load time (before any thread runs). */
static nc_philox_impl chosen = NC_PHILOX_SCALAR;

__attribute__((constructor)) static void choose(void)
{
    chosen = have(NC_PHILOX_AVX512) ? NC_PHILOX_AVX512
             : have(NC_PHILOX_AVX2) ? NC_PHILOX_AVX2
                                    : NC_PHILOX_SCALAR;
}

void nc_philox_blocks(uint64_t stream_key, uint32_t t0, uint32_t replication, uint32_t level,
                      size_t n, unsigned nblocks, uint32_t *out)
{
    dispatch(chosen, stream_key, t0, replication, level, n, nblocks, out);
}

const char *nc_philox_impl_name(void)
{
    static const char *const names[NC_PHILOX__COUNT] = {"scalar", "avx2", "avx512"};
    return names[chosen];
}
