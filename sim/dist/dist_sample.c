/*
 * dist_sample.c - one draw from an nc_dist (dist_sample.h). The samplers read the Philox state's
 * words inline (rng.h), as the engine's hot loop needs:
 *   - standard normals by the 256-layer ziggurat of Marsaglia & Tsang (2000) on 64-bit words,
 *     as NumPy's random_standard_normal (tables from scripts/ziggurat_tables.py);
 *   - gammas by Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 *     ACM TOMS 26(3), with shape < 1 boosted as Gamma(a + 1) U^(1/a) (as GSL's gsl_ran_gamma),
 *     their constants computed once per distribution (dist_impl.h);
 *   - betas as X / (X + Y) of two gammas, or Johnk's method when both parameters are <= 1
 *     (as GSL's gsl_ran_beta).
 * GSL's samplers do the same arithmetic but fetch every word through the gsl_rng function
 * pointers and recompute the gamma constants per draw: inline, a lisa-rnd trial's three
 * normals and two gammas cost a third of what they did (README, "Performance").
 * For truncated distributions: the inverse CDF on [F(lo), F(hi)] or, where the kept mass is
 * large and the quantile slow, rejection. Never clamps.
 */
#include "dist/dist_sample.h"

#include <math.h>

#include "dist/dist_impl.h"
#include "dist/dist_quantile.h"
#include "dist/dist_ziggurat.h"
#include "rng/rng.h"

#define REJECTION_MAX_TRIES 1000

/* The first index i with u < cum[i]: linear for short lists, binary search otherwise. */
static size_t choice_index(const nc_dist *d, double u)
{
    size_t lo = 0, hi = d->n - 1;
    if (d->n <= 8) {
        while (lo < hi && !(u < d->cum[lo]))
            lo++;
        return lo;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < d->cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static double sample_empirical(const nc_dist *d, nc_philox *s)
{
    size_t first = empirical_first(d), count = empirical_end(d) - first;
    size_t i = (size_t)(nc_philox_double(s) * (double)count);
    return d->values[first + (i < count ? i : count - 1)];
}

/* A standard normal: the ziggurat (see the top of the file). 99.3% of draws take the first
 * return; the rest test the wedge of their layer or draw from the tail beyond r. */
static double std_normal(nc_philox *s)
{
    for (;;) {
        uint64_t w = nc_philox_u64(s);
        unsigned layer = (unsigned)(w & 0xff);
        int negative = (int)((w >> 8) & 1);
        uint64_t a = (w >> 9) & UINT64_C(0x000fffffffffffff);
        double x = (double)a * nc_zig_w[layer];
        if (a < nc_zig_k[layer])
            return negative ? -x : x;
        if (layer == 0) { /* the tail beyond r (Marsaglia 1964) */
            for (;;) {
                double t = -log1p(-nc_philox_double(s)) / NC_ZIG_R;
                double y = -log1p(-nc_philox_double(s));
                if (y + y > t * t)
                    return negative ? -(NC_ZIG_R + t) : NC_ZIG_R + t;
            }
        }
        double f_lo = nc_zig_f[layer], f_hi = nc_zig_f[layer - 1];
        if (f_lo + (f_hi - f_lo) * nc_philox_double(s) < exp(-0.5 * x * x))
            return negative ? -x : x;
    }
}

/* A uniform in (0, 1). */
static double uniform_pos(nc_philox *s)
{
    double u;
    do
        u = nc_philox_double(s);
    while (u == 0.0);
    return u;
}

/* Gamma(shape, 1) from the constants 'g' of nc_dist__gamma_constants(shape). */
static double std_gamma(nc_philox *s, const double g[3])
{
    double b = g[0], c = g[1], x, v;
    for (;;) {
        do {
            x = std_normal(s);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = nc_philox_double(s), x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + b * (1.0 - v + log(v)))
            break;
    }
    return g[2] > 0.0 ? b * v * pow(uniform_pos(s), g[2]) : b * v;
}

/* Beta(a, b) on [0, 1], 'g' holding both parameters' gamma constants. */
static double std_beta(nc_philox *s, double a, double b, const double g[6])
{
    if (a > 1.0 || b > 1.0) {
        double x = std_gamma(s, g), y = std_gamma(s, g + 3);
        return x / (x + y);
    }
    for (;;) { /* Johnk (1964), with logarithms where the powers underflow, as GSL does */
        double u = uniform_pos(s), v = uniform_pos(s);
        double x = pow(u, 1.0 / a), y = pow(v, 1.0 / b);
        if (x + y > 1.0)
            continue;
        if (x + y > 0.0)
            return x / (x + y);
        double lx = log(u) / a, ly = log(v) / b, lm = fmax(lx, ly);
        lx -= lm;
        ly -= lm;
        return exp(lx - log(exp(lx) + exp(ly)));
    }
}

static double sample_untruncated(const nc_dist *d, nc_philox *s)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
        return d->p1;
    case NC_DIST_UNIFORM:
        return d->p1 + (d->p2 - d->p1) * nc_philox_double(s);
    case NC_DIST_NORMAL:
        return d->p1 + d->p2 * std_normal(s);
    case NC_DIST_LOGNORMAL:
        return exp(d->p1 + d->p2 * std_normal(s));
    case NC_DIST_GAMMA:
        return d->p2 * std_gamma(s, d->g);
    case NC_DIST_BETA:
        return std_beta(s, d->p1, d->p2, d->g);
    case NC_DIST_TRIANGULAR:
        return nc_dist__triangular_quantile(d, nc_philox_double(s));
    case NC_DIST_PERT:
        return d->p1 + (d->p3 - d->p1) * std_beta(s, d->p4, d->p5, d->g);
    case NC_DIST_EMPIRICAL:
        return sample_empirical(d, s);
    case NC_DIST_CHOICE:
        return d->values[choice_index(d, nc_philox_double(s))];
    default:
        return NAN;
    }
}

/* A draw among the choice values inside [lo, hi], in proportion to their weights. */
static double sample_choice_truncated(const nc_dist *d, nc_philox *s)
{
    double u = nc_philox_double(s) * (d->cdf_hi - d->cdf_lo), acc = 0.0, last = NAN;
    for (size_t i = 0; i < d->n; i++) {
        double w = choice_weight(d, i), v = d->values[i];
        if (w > 0.0 && v >= d->lo && v <= d->hi) {
            acc += w;
            last = v;
            if (u < acc)
                return v;
        }
    }
    return last; /* u rounded up to the kept total */
}

/* Rejection from the untruncated sampler, exact and cheap when much mass is kept. After
 * 'tries' tries already rejected (the batch sampler's first try, dist_batch.c). */
double nc_dist__rejection(const nc_dist *d, nc_philox *s, int tries)
{
    for (int i = tries; i < REJECTION_MAX_TRIES; i++) {
        double x = sample_untruncated(d, s);
        if (x >= d->lo && x <= d->hi)
            return x;
    }
    return nc_dist__continuous_quantile(d, nc_philox_double(s));
}

static double sample_truncated(const nc_dist *d, nc_philox *s)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
    case NC_DIST_EMPIRICAL:
        return sample_untruncated(d, s);
    case NC_DIST_CHOICE:
        return sample_choice_truncated(d, s);
    case NC_DIST_UNIFORM:
        return d->lo + (d->hi - d->lo) * nc_philox_double(s);
    case NC_DIST_GAMMA:
    case NC_DIST_BETA:
    case NC_DIST_PERT:
    case NC_DIST_NORMAL:
    case NC_DIST_LOGNORMAL:
        if (nc_dist__by_rejection(d))
            return nc_dist__rejection(d, s, 0);
        return nc_dist__continuous_quantile(d, nc_philox_double(s));
    default:
        return nc_dist__continuous_quantile(d, nc_philox_double(s));
    }
}

/*
 * One draw from 'd'. Untruncated continuous kinds use the samplers above; truncated ones the
 * inverse CDF on [F(lo), F(hi)] or, for gamma/beta/PERT keeping >= 25% of the mass and
 * normal/lognormal keeping >= 90%, rejection. Never clamps.
 */
double nc_dist_draw(const nc_dist *d, nc_philox *s)
{
    return d->truncated ? sample_truncated(d, s) : sample_untruncated(d, s);
}

double nc_dist_sample(const nc_dist *d, gsl_rng *r)
{
    return nc_dist_draw(d, nc_philox_state(r));
}

/* A normal or lognormal draw reads two words when the ziggurat's first rectangle takes it
 * (99.3% of draws), a gamma four, a beta or PERT eight; uniform-based kinds two. The rest
 * read on and have their further blocks computed on demand. */
unsigned nc_dist_blocks(const nc_dist *d)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
        return 0;
    case NC_DIST_GAMMA:
    case NC_DIST_BETA:
    case NC_DIST_PERT:
        return NC_PHILOX_PRELOAD;
    default:
        return 1;
    }
}
