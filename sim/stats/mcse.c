/* mcse.c - Monte Carlo standard errors of the mean and of quantiles (see mcse.h). */
#include "stats/mcse.h"

#include <math.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* A rank in 1..n from a real position already rounded by floor or ceil. */
static size_t clamp_rank(double r, size_t n)
{
    if (r < 1)
        return 1;
    if (r > (double)n)
        return n;
    return (size_t)r;
}

double nc_mcse_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (n < NC_MCSE_MIN_N || !(p > 0 && p < 1))
        return NAN;
    double s = sqrt((double)n * p * (1 - p)); /* sd of the rank of the p-quantile */
    double h = (double)(n - 1) * p + 1;       /* the type-7 estimate's rank, as in stats.c */
    size_t j = clamp_rank(floor(h - s), n);
    size_t k = clamp_rank(ceil(h + s), n);
    if (k <= j) /* not reachable for n >= NC_MCSE_MIN_N: s > 0.97 there */
        return NAN;
    return (sorted[k - 1] - sorted[j - 1]) * s / (double)(k - j);
}

void nc_mcse_compute(nc_mcse *out, const double *x, size_t n, size_t stride, double *scratch)
{
    for (size_t i = 0; i < n; i++)
        scratch[i] = x[i * stride];
    if (n >= 2) {
        double mean = gsl_stats_mean(scratch, 1, n);
        out->mean = gsl_stats_sd_m(scratch, 1, n, mean) / sqrt((double)n);
    } else {
        out->mean = NAN;
    }
    gsl_sort(scratch, 1, n);
    out->p5 = nc_mcse_quantile_sorted(scratch, n, 0.05);
    out->p50 = nc_mcse_quantile_sorted(scratch, n, 0.50);
    out->p95 = nc_mcse_quantile_sorted(scratch, n, 0.95);
}

/* se / |estimate| folded into '*worst'; false if either is NaN. */
static int fold_ratio(double *worst, double se, double estimate)
{
    if (isnan(se) || isnan(estimate))
        return 0;
    if (estimate != 0 && se / fabs(estimate) > *worst)
        *worst = se / fabs(estimate);
    return 1;
}

double nc_mcse_relative(const nc_mcse *se, double mean, double p5, double p95)
{
    double worst = 0;
    if (!fold_ratio(&worst, se->mean, mean) || !fold_ratio(&worst, se->p5, p5) ||
        !fold_ratio(&worst, se->p95, p95))
        return NAN;
    return worst;
}

/* 'want' replications rounded up to a multiple of 'chunk' (>= 1), at most 'cap'. Works in
 * double until the value is known to fit below 'cap'. */
static int64_t round_to_chunk(double want, int64_t chunk, int64_t cap)
{
    double rounded = ceil(want / (double)chunk) * (double)chunk;
    if (!(rounded < (double)cap)) /* also catches +inf */
        return cap;
    return (int64_t)rounded;
}

int64_t nc_mcse_next_n(int64_t n, double rel, double target, int64_t chunk, int64_t cap)
{
    if (chunk < 1)
        chunk = 1;
    if (n >= cap)
        return n;
    if (n <= 0)
        return chunk < cap ? chunk : cap;
    if (!(target > 0))
        return cap;
    if (!isfinite(rel))
        return round_to_chunk(2.0 * (double)n, chunk, cap);
    if (rel <= target)
        return n;
    double ratio = rel / target;
    return round_to_chunk(NC_MCSE_SAFETY * (double)n * ratio * ratio, chunk, cap);
}
