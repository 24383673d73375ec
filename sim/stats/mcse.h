/*
 * mcse.h - Monte Carlo standard errors (MCSE) of a run's estimates, and how many replications
 * a relative precision target (--precision 1%) needs.
 *
 * Mean: sd / sqrt(n), sd with the n - 1 denominator as in stats.c.
 *
 * Quantiles: distribution-free, from the order statistics around the estimate. The number of
 * the n values below the p-quantile is Binomial(n, p), so the order statistics of ranks
 *     j = floor(h - z s),  k = ceil(h + z s),  s = sqrt(n p (1 - p)),  z = 1
 * (1-based, clamped to 1..n) bracket it with about +/- 1 sigma coverage, and x_(k) - x_(j) is
 * about 2 SE (Hahn & Meeker 1991, "Statistical Intervals", Wiley, sec. 5.2; the normal
 * approximation of the ranks is Conover 1999, "Practical Nonparametric Statistics", 3rd ed.,
 * sec. 3.2). Two changes to the textbook interval, both measured (R = 20,000 samples):
 *  - the window is centred on h = (n - 1) p + 1, the rank of the type-7 quantile stats.c
 *    reports, not on n p: P5 and P95 then use mirrored ranks (r <-> n + 1 - r), and at
 *    n = 100 the normal P5's SE is 4% high instead of 28%;
 *  - the spacing is divided by the ranks it actually spans instead of the nominal 2 z s:
 *        SE = (x_(k) - x_(j)) * s / (k - j),
 *    the Siddiqui (1960, J. Res. NBS 64B, 145-150) / Bloch & Gastwirth (1968, Ann. Math.
 *    Statist. 39, 1083-1085) estimate of 1/f(x_p) times the asymptotic SE sqrt(p (1-p) / n).
 *    This removes the widening floor/ceil add (the plain half-width is 3-4% high at
 *    n = 2,000; this is within 1%) and keeps the estimate sensible when a rank is clamped.
 * Small n: P5/P95 SEs are ~10-18% low at n = 20 and up to 30-70% high at n = 50 (the window
 * reaches the sample extremes), within 10% from n = 100, within 1% from n = 2,000.
 *
 * Why not Maritz & Jarrett (1978, JASA 73, 194-196): it weights all n order statistics with
 * incomplete-beta differences (n beta CDFs per quantile, per metric, per precision check) and
 * forms sqrt(C2 - C1^2) from raw second moments, which cancels catastrophically for values with
 * a large mean and a small spread (a facility's kWh). The order-statistic estimate is O(1) on
 * sorted data, which stats.c already sorts. Its own relative error is about 1 / sqrt(k - j)
 * (the spacing of k - j uniform order statistics), e.g. 13% at n = 20,000, p = 0.05: fine for a
 * stopping rule with a safety factor, too noisy to print with more than 2 digits.
 *
 * Nothing here allocates; every function is pure and thread-safe.
 */
#ifndef NC_MCSE_H
#define NC_MCSE_H

#include <stddef.h>
#include <stdint.h>

/* Fewer replications than this give no quantile SE (NaN): below 20 the P5's +/- 1 sigma
 * window is the sample minimum and its neighbour, and n p < 1. */
#define NC_MCSE_MIN_N 20

/* Safety factor on the replications projected by nc_mcse_next_n: the relative SE is itself
 * estimated (quantile SEs within ~13-25%), so aim 20% past the projection. */
#define NC_MCSE_SAFETY 1.2

typedef struct nc_mcse {
    double mean, p5, p50, p95; /* standard errors, in the metric's unit */
} nc_mcse;

/*
 * The standard error of the sample p-quantile of the 'n' values 'sorted' (ascending), for
 * 0 < p < 1, by the order-statistic estimate above. NaN if n < NC_MCSE_MIN_N or p is outside
 * (0, 1); 0 if the bracketing order statistics are equal (constant data).
 */
double nc_mcse_quantile_sorted(const double *sorted, size_t n, double p);

/*
 * The standard errors of the mean and of the P5, P50 and P95 of the 'n' values at 'x' spaced
 * 'stride' apart, using 'scratch' ('n' doubles, overwritten with the sorted values). Mean SE:
 * NaN if n < 2; quantile SEs: NaN if n < NC_MCSE_MIN_N. Constant data give 0, never NaN.
 */
void nc_mcse_compute(nc_mcse *out, const double *x, size_t n, size_t stride, double *scratch);

/*
 * The relative standard error a precision target is compared with: the largest of
 * se->mean / |mean|, se->p5 / |p5|, se->p95 / |p95|, skipping an estimate that is exactly 0
 * (0 if all are). NaN if a compared SE or estimate is NaN (too few replications to tell).
 * An estimate near but not at 0 gives a huge ratio: such a metric cannot be made precise in
 * relative terms and will run to the cap.
 */
double nc_mcse_relative(const nc_mcse *se, double mean, double p5, double p95);

/*
 * The total number of replications to have after the next round, given 'n' done with relative
 * SE 'rel' and a target relative SE 'target' (> 0). SE ~ 1/sqrt(n), so the projection is
 *     NC_MCSE_SAFETY * n * (rel / target)^2,
 * rounded up to a multiple of 'chunk' (values < 1 count as 1) and at most 'cap'. Returns 'n'
 * itself - run nothing more - when rel <= target or n >= cap. When 'rel' is NaN or infinite
 * (not yet estimable) the run doubles: 2 n (or 'chunk' from n <= 0). A target that is not > 0
 * can never be met and returns 'cap'. There is no 2 n floor otherwise: rel > target already
 * makes the projection at least 1.2 n, so the number of rounds stays logarithmic without
 * overshooting a run that is nearly precise. Deterministic; no overflow for any input.
 */
int64_t nc_mcse_next_n(int64_t n, double rel, double target, int64_t chunk, int64_t cap);

#endif
