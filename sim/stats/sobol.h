/*
 * sobol.h - variance-based sensitivity: Sobol' first-order and total-effect indices.
 *
 * Generic and engine-independent: the model is any function of k uniforms. Method of
 * Saltelli, Annoni, Azzini, Campolongo, Ratto & Tarantola (2010), "Variance based sensitivity
 * analysis of model output. Design and estimator for the total sensitivity index",
 * Comput. Phys. Commun. 181(2): 259-270:
 *
 *  - two n x k sample matrices A and B; A_B^i is A with its column i taken from B;
 *  - f is evaluated on A, B and the k matrices A_B^i: n (k + 2) evaluations;
 *  - first order (Saltelli 2010, Table 2, estimator (b)), with f0 the mean of f(A) and f(B):
 *        S_i  = V^-1 (1/n) sum_j (f(B)_j - f0) (f(A_B^i)_j - f(A)_j)
 *    Subtracting f0 does not change the expectation (E[f(A_B^i) - f(A)] = 0) but removes a
 *    term proportional to the mean of the output that otherwise swamps the estimate when the
 *    output is far from zero (the shift by a constant c ~ f0 of Sobol' 2001, "Global
 *    sensitivity indices for nonlinear mathematical models and their Monte Carlo estimates",
 *    Math. Comput. Simul. 55: 271-280);
 *  - total effect (Jansen 1999, "Analysis of variance designs for model output",
 *    Comput. Phys. Commun. 117: 35-43; Saltelli 2010, Table 2, estimator (f)):
 *        ST_i = V^-1 (1/2n) sum_j (f(A)_j - f(A_B^i)_j)^2
 *  - V is the unbiased sample variance of the 2n outputs f(A) and f(B).
 *
 * A and B are the first k and the next k coordinates of GSL's Sobol' low-discrepancy
 * sequence (gsl_qrng_sobol, Antonov & Saleev 1979; up to 40 dimensions, so k <= 20), as
 * Saltelli 2010 (sec. 3) recommends; GSL's sequence already omits the all-zero first point,
 * so every coordinate is in (0, 1). For k > 20 they are Philox uniforms in (0, 1) addressed
 * by 'seed' (rng.h). Powers of two for n keep the Sobol' design balanced.
 *
 * Confidence intervals are percentile bootstrap intervals (Efron & Tibshirani 1993, "An
 * Introduction to the Bootstrap", ch. 13): the n rows (each row j carries f(A)_j, f(B)_j and
 * every f(A_B^i)_j) are resampled with replacement 'bootstrap' times, every index is
 * re-estimated (with the same f0), and the (1 - level)/2 and (1 + level)/2 quantiles of the
 * replicates are taken (GSL's interpolated quantile, Hyndman & Fan type 7). Resample b draws
 * from its own Philox stream (seed, "sobol/bootstrap"; replication b).
 *
 * Estimates are not clipped: with small n they can be slightly negative or exceed 1.
 *
 * Determinism: f is evaluated in parallel over rows (OpenMP), each output is stored at its
 * row's index, and every sum is taken afterwards in index order, so results are bitwise equal
 * for any number of threads.
 */
#ifndef NC_SOBOL_H
#define NC_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define NC_SOBOL_QRNG_MAX_K    20                     /* gsl_qrng_sobol: 40 dimensions = 2k */
#define NC_SOBOL_MAX_N         ((size_t)1 << 30)      /* gsl_qrng_sobol: 30-bit integers */
#define NC_SOBOL_MAX_BOOTSTRAP 1000000                /* a Philox replication is 32 bits */
#define NC_SOBOL_MAX_BYTES     ((double)(1ULL << 32)) /* refuse designs needing more: 4 GiB */

/*
 * The model. 'u' holds k uniforms in (0, 1), one per input (the caller maps each to its
 * input by its quantile function). 'row' is the design row, 0..n-1: the k + 2 points of one
 * row (from A, B and each A_B^i) share it, so a caller whose model has variability of its
 * own beyond the k inputs can draw it from random numbers addressed by 'row' (common random
 * numbers); f must be a deterministic function of ('u', 'row'). Returns the output, or NaN on
 * error. f is called concurrently from several threads: 'ctx' must be safe to share.
 */
typedef double (*nc_sobol_model)(void *ctx, const double *u, size_t row);

typedef struct nc_sobol_result {
    size_t k, n;                 /* inputs; rows of the design (n (k + 2) evaluations) */
    size_t bootstrap;            /* bootstrap resamples; 0 when no intervals were computed */
    double level;                /* confidence level of the intervals */
    int quasi_random;            /* 1: A, B from the Sobol' sequence; 0: from Philox */
    int zero_variance;           /* 1: the output does not vary; every index (and interval) is 0 */
    double mean, var;            /* mean and unbiased variance of the 2n outputs f(A), f(B) */
    double *first, *total;       /* k first-order and k total-effect indices */
    double *first_lo, *first_hi; /* k bootstrap interval bounds each; NULL when bootstrap = 0 */
    double *total_lo, *total_hi;
} nc_sobol_result;

/*
 * Estimate the first-order and total-effect indices of the 'k' inputs of model 'f' (called
 * with 'ctx') from 'n' design rows, with percentile intervals at 'level' from 'bootstrap'
 * resamples (0 for none; otherwise at least 2) drawn with 'seed'. On success stores a new
 * result in '*out' (free it with nc_sobol_result_free) and returns 0.
 *
 * 'seed' addresses the bootstrap draws and, for k > NC_SOBOL_QRNG_MAX_K, the matrices; the
 * Sobol' design itself is the same for every seed.
 *
 * Errors (and '*out' set to NULL): NC_EINPUT when 'out' is NULL, k = 0, n < 2,
 * n > NC_SOBOL_MAX_N, f is NULL, level is not in (0, 1), bootstrap is 1 or above
 * NC_SOBOL_MAX_BOOTSTRAP, the design would need more than NC_SOBOL_MAX_BYTES (checked before
 * allocating), or f returns NaN, an infinity or a value beyond +-1e100 (which would overflow
 * the sums of squares; the message names the first such row, in row order, and its matrix);
 * NC_ENOMEM when an allocation fails. A constant output is not an error: when the standard
 * deviation is below 16 ulps of the mean (rounding noise) the result has zero_variance set and
 * every index and interval bound is 0.
 */
int nc_sobol_run(nc_sobol_result **out, size_t k, size_t n, nc_sobol_model f, void *ctx,
                 size_t bootstrap, double level, uint64_t seed, nc_error *err);

/* Free a result of nc_sobol_run. 'r' may be NULL. */
void nc_sobol_result_free(nc_sobol_result *r);

#endif
