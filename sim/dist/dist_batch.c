/*
 * dist_batch.c - one draw per trial for a batch of trials (dist_batch.h).
 *
 * Each trial draws from its own stream, so a batch's draws are independent lanes. Nearly all
 * of them take the samplers' first path: the ziggurat's first rectangle (99.3%), the
 * Marsaglia-Tsang squeeze (92%, and the logarithmic test for most of the rest), a truncated
 * draw's first try (lisa-rnd's durations: ~97%). Those first paths are straight-line
 * arithmetic on the lanes' first words, which the compiler vectorises (8 doubles per
 * instruction with AVX-512, 4 with AVX2; the variant is chosen when the program starts). The
 * lanes that leave them are finished one by one with the scalar sampler's code
 * (dist_sample.c): a gamma's logarithmic test in place, a truncated draw's rejection from the
 * next words, anything else from the start of the lane's stream. The arithmetic and its order
 * are the scalar sampler's, so every value is bitwise the one nc_dist_draw gives, whatever
 * the CPU (-ffp-contract=off: no fused multiply-adds).
 *
 * exp() and log() stay libm's: a vector exp would give other last bits than the scalar
 * sampler's.
 */
#include "dist/dist_batch.h"

#include <math.h>

#include "dist/dist_impl.h"
#include "dist/dist_sample.h"
#include "dist/dist_ziggurat.h"
#include "rng/rng.h"
#include "rng/rng_batch.h"
#include "base/simd.h"

#define M52 UINT64_C(0x000fffffffffffff)

/* The ziggurat's first try from words (hi, lo) (dist_sample.c, std_normal): x, and whether
 * the first rectangle accepts it. (64-bit integers throughout: the compiler vectorises the
 * table look-ups as gathers only with 64-bit indices.) */
static inline double zig_first(uint32_t hi, uint32_t lo, int64_t *ok)
{
    uint64_t w = (uint64_t)hi << 32 | lo;
    uint64_t layer = w & 0xff;
    uint64_t a = (w >> 9) & M52;
    double x = (double)(int64_t)a * nc_zig_w[layer];
    *ok = a < nc_zig_k[layer];
    return (w >> 8) & 1 ? -x : x;
}

/* mu + sigma Z for every lane, Z from words 0 and 1. */
NC_VECTOR_CLONES static void normal_lanes(const uint32_t *restrict w, size_t n, double mu,
                                          double sigma, double *restrict out, int64_t *restrict ok)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        out[i] = mu + sigma * zig_first(w[i], w[n + i], &ok[i]);
}

/* Lane states after a first try: drawn again from the stream's start, accepted, waiting for
 * the gamma's logarithmic test, or rejected by truncation (the rejection goes on). */
enum { REDO = 0, ACCEPTED = 1, LOG_TEST = 2, CONTINUE = 2 };

/* Gamma(shape, 1) for every lane from words 0 to 3 (a normal, then a uniform), with the
 * constants 'g' (dist_impl.h; shape >= 1). The squeeze accepts ~92% of the lanes; most of the
 * others pass the logarithmic test (overall ~99.9%), done per lane afterwards. */
NC_VECTOR_CLONES static void gamma_squeeze(const uint32_t *restrict w, size_t n, const double g[3],
                                           double *restrict out, int64_t *restrict ok)
{
    double b = g[0], c = g[1];
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        int64_t zok;
        double x = zig_first(w[i], w[n + i], &zok);
        double v = 1.0 + c * x;
        double u = nc_philox_u01(w[2 * n + i], w[3 * n + i]), x2 = x * x;
        int64_t squeezed = u < 1.0 - 0.0331 * x2 * x2, valid = zok & (v > 0.0);
        ok[i] = valid * (LOG_TEST - squeezed); /* branch-free: the loop stays vectorised */
        out[i] = b * (v * v * v);
    }
}

static void gamma_lanes(const uint32_t *restrict w, size_t n, const double g[3],
                        double *restrict out, int64_t *restrict ok)
{
    gamma_squeeze(w, n, g, out, ok);
    double b = g[0], c = g[1];
    for (size_t i = 0; i < n; i++)
        if (ok[i] == LOG_TEST) {
            int64_t zok;
            double x = zig_first(w[i], w[n + i], &zok);
            double v = 1.0 + c * x;
            double u = nc_philox_u01(w[2 * n + i], w[3 * n + i]), x2 = x * x;
            v = v * v * v;
            ok[i] = log(u) < 0.5 * x2 + b * (1.0 - v + log(v)) ? ACCEPTED : REDO;
        }
}

NC_VECTOR_CLONES static void ratio(const double *restrict x, const double *restrict y, size_t n,
                                   double *restrict out, int64_t *restrict ok,
                                   const int64_t *restrict ok_y)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        out[i] = x[i] / (x[i] + y[i]);
        ok[i] &= ok_y[i];
    }
}

/* Beta for every lane: X / (X + Y), X from words 0-3, Y from words 4-7. */
static void beta_lanes(const uint32_t *restrict w, size_t n, const double g[6],
                       double *restrict out, int64_t *restrict ok)
{
    double x[NC_PHILOX_BATCH], y[NC_PHILOX_BATCH];
    int64_t ok_y[NC_PHILOX_BATCH];
    gamma_lanes(w, n, g, x, ok);
    gamma_lanes(w + 4 * n, n, g + 3, y, ok_y);
    ratio(x, y, n, out, ok, ok_y);
}

/* A rejection sampler's first try: accepted lanes outside [lo, hi] go on from their next
 * word (ok 2, CONTINUE); lanes already to redo stay so. */
NC_VECTOR_CLONES static void keep_inside(const double *restrict x, size_t n, double lo, double hi,
                                         int64_t *restrict ok)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        ok[i] *= 2 - ((x[i] >= lo) & (x[i] <= hi));
}

NC_VECTOR_CLONES static void affine(double *x, size_t n, double a, double b)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        x[i] = a + b * x[i];
}

static void uniform_lanes(const nc_philox_batch *b, double lo, double hi, double *out)
{
    const uint32_t *w = b->words;
    size_t n = b->n;
    for (size_t i = 0; i < n; i++)
        out[i] = lo + (hi - lo) * nc_philox_u01(w[i], w[n + i]);
}

/* The kinds with a vectorised first path, when 'b' holds the words it reads. Returns how
 * many words of its lanes' streams the first try reads, or 0 when every lane must be drawn by
 * the scalar sampler. */
static unsigned first_path(const nc_dist *d, const nc_philox_batch *b, double *out, int64_t *ok)
{
    unsigned words;
    const uint32_t *w = b->words;
    size_t n = b->n;
    if (d->truncated && !nc_dist__by_rejection(d))
        return 0;
    switch (d->kind) {
    case NC_DIST_NORMAL:
        normal_lanes(w, n, d->p1, d->p2, out, ok);
        words = 2;
        break;
    case NC_DIST_LOGNORMAL:
        normal_lanes(w, n, d->p1, d->p2, out, ok);
        for (size_t i = 0; i < n; i++)
            out[i] = exp(out[i]);
        words = 2;
        break;
    case NC_DIST_GAMMA:
        if (d->g[2] > 0.0)
            return 0;
        gamma_lanes(w, n, d->g, out, ok);
        for (size_t i = 0; i < n; i++)
            out[i] = d->p2 * out[i];
        words = 4;
        break;
    case NC_DIST_BETA:
    case NC_DIST_PERT: {
        double a = d->kind == NC_DIST_BETA ? d->p1 : d->p4;
        double c = d->kind == NC_DIST_BETA ? d->p2 : d->p5;
        if (b->nblocks < 2 || !(a > 1.0 || c > 1.0) || d->g[2] > 0.0 || d->g[5] > 0.0)
            return 0;
        beta_lanes(w, n, d->g, out, ok);
        if (d->kind == NC_DIST_PERT)
            affine(out, n, d->p1, d->p3 - d->p1);
        words = 8;
        break;
    }
    default:
        return 0;
    }
    if (d->truncated)
        keep_inside(out, n, d->lo, d->hi, ok);
    return words;
}

/*
 * b->n draws from 'd', lane i from trial b->t0 + i's stream: out[i] is what nc_dist_draw gives
 * on that stream. 'b' must hold at least nc_dist_blocks(d) blocks.
 */
void nc_dist_draw_batch(const nc_dist *d, const nc_philox_batch *b, double *out)
{
    int64_t ok[NC_PHILOX_BATCH];
    size_t n = b->n;
    if (d->kind == NC_DIST_FIXED) {
        for (size_t i = 0; i < n; i++)
            out[i] = d->p1;
        return;
    }
    if (d->kind == NC_DIST_UNIFORM) {
        if (d->truncated)
            uniform_lanes(b, d->lo, d->hi, out);
        else
            uniform_lanes(b, d->p1, d->p2, out);
        return;
    }
    unsigned words = first_path(d, b, out, ok);
    if (!words)
        for (size_t i = 0; i < n; i++)
            ok[i] = REDO;
    for (size_t i = 0; i < n; i++)
        if (ok[i] != ACCEPTED) {
            nc_philox s;
            nc_philox_batch_start(&s, b, i);
            if (ok[i] == REDO)
                out[i] = nc_dist_draw(d, &s);
            else { /* CONTINUE: the rejection's second try reads the words after the first */
                s.pos = words;
                out[i] = nc_dist__rejection(d, &s, 1);
            }
        }
}
