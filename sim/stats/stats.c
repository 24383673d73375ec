/* stats.c - summaries of samples with GSL (see stats.h). */
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats/mcse.h"

void nc_stats_summarise(nc_summary *out, const double *x, size_t n, size_t stride,
                        double *scratch)
{
    for (size_t i = 0; i < n; i++)
        scratch[i] = x[i * stride];
    out->mean = gsl_stats_mean(scratch, 1, n);
    out->sd = n > 1 ? gsl_stats_sd_m(scratch, 1, n, out->mean) : 0.0;
    out->se = out->sd / sqrt((double)n);
    gsl_sort(scratch, 1, n);
    out->min = scratch[0];
    out->max = scratch[n - 1];
    out->p5 = gsl_stats_quantile_from_sorted_data(scratch, 1, n, 0.05);
    out->p50 = gsl_stats_quantile_from_sorted_data(scratch, 1, n, 0.50);
    out->p95 = gsl_stats_quantile_from_sorted_data(scratch, 1, n, 0.95);
    out->se_p5 = nc_mcse_quantile_sorted(scratch, n, 0.05);
    out->se_p50 = nc_mcse_quantile_sorted(scratch, n, 0.50);
    out->se_p95 = nc_mcse_quantile_sorted(scratch, n, 0.95);
}

int nc_stats_result(nc_summary *out, const nc_result *res, nc_error *err)
{
    size_t n = (size_t)res->replications;
    double *scratch = malloc(n * sizeof *scratch);
    if (!scratch)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    size_t stride = res->n_rows * NC_M__COUNT;
    for (size_t row = 0; row < res->n_rows; row++)
        for (size_t m = 0; m < NC_M__COUNT; m++)
            nc_stats_summarise(&out[row * NC_M__COUNT + m],
                               res->samples + row * NC_M__COUNT + m, n, stride, scratch);
    free(scratch);
    return 0;
}

int nc_stats_attach(nc_result *res, nc_error *err)
{
    free(res->summary);
    res->summary = malloc(res->n_rows * NC_M__COUNT * sizeof *res->summary);
    if (!res->summary)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    return nc_stats_result(res->summary, res, err);
}

nc_summary nc_stats_scale(const nc_summary *s, double divisor)
{
    nc_summary r = {s->mean / divisor,   s->sd / divisor,     s->se / divisor,
                    s->min / divisor,    s->max / divisor,    s->p5 / divisor,
                    s->p50 / divisor,    s->p95 / divisor,    s->se_p5 / divisor,
                    s->se_p50 / divisor, s->se_p95 / divisor};
    return r;
}
