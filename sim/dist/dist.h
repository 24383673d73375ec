/*
 * dist.h - concrete probability distributions: sampling, CDF, quantiles, moments.
 *
 * An nc_dist is a distribution whose parameters are numbers, in canonical units, converted
 * at construction from the way a user writes them (mean and sd, median and gsd, P5 and P95,
 * ...). The scenario layer (input.h) builds one per input and replication, drawing any
 * parameter that is itself uncertain; the engine then samples trials from it. Constructing
 * allocates nothing, so it can run inside the replication loop.
 *
 * Truncation: any distribution may be bounded to [lo, hi]. A truncated distribution is
 * sampled exactly (inverse CDF on [F(lo), F(hi)] where the quantile is cheap, rejection
 * where it is not and the kept mass is large), never by clamping.
 *
 *   kind                 p1, p2, p3 after construction
 *   NC_DIST_FIXED        value
 *   NC_DIST_UNIFORM      low, high
 *   NC_DIST_NORMAL       mu, sigma
 *   NC_DIST_LOGNORMAL    mu, sigma of log(X)
 *   NC_DIST_GAMMA        shape k, scale theta
 *   NC_DIST_BETA         alpha, beta (on [0, 1])
 *   NC_DIST_TRIANGULAR   min, mode, max
 *   NC_DIST_PERT         min, mode, max (a beta on [min, max], lambda = 4; alpha/beta kept
 *                        in p4, p5)
 *   NC_DIST_EMPIRICAL    values (sorted ascending) and their count, drawn uniformly
 *   NC_DIST_CHOICE       values with weights (normalised cumulative weights)
 */
#ifndef NC_DIST_H
#define NC_DIST_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "base/error.h"

typedef enum nc_dist_kind {
    NC_DIST_FIXED = 0,
    NC_DIST_UNIFORM,
    NC_DIST_NORMAL,
    NC_DIST_LOGNORMAL,
    NC_DIST_GAMMA,
    NC_DIST_BETA,
    NC_DIST_TRIANGULAR,
    NC_DIST_PERT,
    NC_DIST_EMPIRICAL,
    NC_DIST_CHOICE,
    NC_DIST__COUNT
} nc_dist_kind;

typedef struct nc_dist {
    nc_dist_kind kind;
    double p1, p2, p3, p4, p5; /* canonical parameters: see the table above */
    double lo, hi;             /* support after truncation (-HUGE_VAL/HUGE_VAL when open) */
    double cdf_lo, cdf_hi;     /* F(lo), F(hi) of the untruncated distribution */
    int truncated;             /* 1 when [lo, hi] cuts off any mass */
    const double *values;      /* EMPIRICAL: sorted values; CHOICE: values (borrowed) */
    const double *cum;         /* CHOICE: cumulative normalised weights, cum[n-1] == 1 */
    size_t n;
    double g[6];               /* GAMMA, BETA, PERT: the samplers' constants (dist_sample.c) */
} nc_dist;

/* The kind's name as written in a scenario ("lognormal", ...), and back; -1 if unknown. */
const char *nc_dist_kind_name(nc_dist_kind kind);
int nc_dist_kind_lookup(const char *name);

/*
 * Constructors. Each fills '*d' (untruncated) from the user's parameterisation and returns 0,
 * or NC_EINPUT with a message naming the bad parameter and the rule it breaks (sd > 0,
 * low < high, min <= mode <= max with min < max, 0 < mean < 1 for beta, sd^2 < mean(1-mean)
 * for beta, median > 0, gsd > 1, 0 < p5 < p95, values non-empty, weights >= 0 with a positive
 * sum, every parameter finite).
 */
int nc_dist_fixed(nc_dist *d, double value, nc_error *err);
int nc_dist_uniform(nc_dist *d, double low, double high, nc_error *err);
int nc_dist_normal(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_lognormal_median_gsd(nc_dist *d, double median, double gsd, nc_error *err);
int nc_dist_lognormal_mean_sd(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_lognormal_p5_p95(nc_dist *d, double p5, double p95, nc_error *err);
int nc_dist_gamma_mean_sd(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_beta_mean_sd(nc_dist *d, double mean, double sd, nc_error *err);
int nc_dist_triangular(nc_dist *d, double min, double mode, double max, nc_error *err);
int nc_dist_pert(nc_dist *d, double min, double mode, double max, nc_error *err);
/* 'sorted' must stay alive as long as 'd'; it must be sorted ascending (checked). */
int nc_dist_empirical(nc_dist *d, const double *sorted, size_t n, nc_error *err);
/* 'cum' are cumulative weights normalised so that cum[n-1] == 1 (see nc_dist_choice_cum). */
int nc_dist_choice(nc_dist *d, const double *values, const double *cum, size_t n,
                   nc_error *err);
/* Turn raw weights into normalised cumulative weights in 'cum_out' (n entries). */
int nc_dist_choice_cum(const double *weights, size_t n, double *cum_out, nc_error *err);

/*
 * Bound 'd' to [lo, hi] (either may be -HUGE_VAL/HUGE_VAL). Intersects with any earlier
 * bounds. Returns NC_EINPUT if lo > hi or if the interval holds no probability mass (a fixed
 * value outside it, or a continuous distribution with F(hi) - F(lo) < 1e-12).
 */
int nc_dist_truncate(nc_dist *d, double lo, double hi, nc_error *err);

/* The probability that a draw underflows to exactly 0 (gamma, lognormal; 0 for other kinds). */
double nc_dist_underflow_mass(const nc_dist *d);

/* One draw. Uses only 'r', which must be an nc_rng_philox generator (rng.h); allocates
 * nothing. nc_dist_draw is the same draw from the generator's state, for the hot loop. */
double nc_dist_sample(const nc_dist *d, gsl_rng *r);
struct nc_philox;
double nc_dist_draw(const nc_dist *d, struct nc_philox *s);
/* One draw per trial for a batch of trials: out[i] is nc_dist_draw(d, s) with 's' at the start
 * of lane i's stream (rng.h, nc_philox_batch), computed for most lanes at once (dist_batch.c).
 * 'b' must hold nc_dist_blocks(d) blocks. */
struct nc_philox_batch;
void nc_dist_draw_batch(const nc_dist *d, const struct nc_philox_batch *b, double *out);
/* How many Philox blocks of its stream a draw from 'd' usually reads (0 for a fixed value): the
 * engine computes that many ahead for a batch of trials (rng.h, nc_philox_blocks). */
unsigned nc_dist_blocks(const nc_dist *d);

/* CDF, quantile (p in [0, 1]), mean and variance of the (truncated) distribution. For
 * truncated distributions without a closed form the moments are computed by quadrature.
 * Every CDF and quantile is bounded in time for any parameters the constructors accept (at
 * most a few hundred CDF evaluations: dist_cdf.c); NaN means it could not be computed. */
double nc_dist_cdf(const nc_dist *d, double x);
double nc_dist_quantile(const nc_dist *d, double p);
double nc_dist_mean(const nc_dist *d);
double nc_dist_variance(const nc_dist *d);

#endif
