/* paired.c - paired statistics between runs with common random numbers (see paired.h). */
#include "analysis/paired.h"

#include <stdlib.h>

int nc_paired_compute(nc_paired *out, const nc_result *a, const nc_result *b, int m,
                      nc_error *err)
{
    if (a->replications != b->replications || a->first != b->first || a->seed != b->seed)
        return nc_error_set(err, NC_EINPUT, "paired runs must share seed and replications");
    size_t n = (size_t)a->replications, n_ratio = 0;
    if (n == 0)
        return nc_error_set(err, NC_EINPUT, "no replications to compare");
    double *diff = malloc(n * sizeof *diff), *ratio = malloc(n * sizeof *ratio);
    double *scratch = malloc(n * sizeof *scratch);
    if (!diff || !ratio || !scratch) {
        free(diff), free(ratio), free(scratch);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    size_t lower = 0, equal = 0;
    for (size_t i = 0; i < n; i++) {
        double x = nc_result_total(a, (int64_t)i)[m];
        double y = nc_result_total(b, (int64_t)i)[m];
        diff[i] = y - x;
        lower += y < x;
        equal += y == x;
        if (x != 0.0)
            ratio[n_ratio++] = y / x;
    }
    nc_stats_summarise(&out->diff, diff, n, 1, scratch);
    out->has_ratio = n_ratio > 0;
    if (n_ratio)
        nc_stats_summarise(&out->ratio, ratio, n_ratio, 1, scratch);
    out->p_lower = (double)lower / (double)n;
    out->p_equal = (double)equal / (double)n;
    free(diff), free(ratio), free(scratch);
    return 0;
}

int nc_versus_alloc(nc_versus **out, size_t n, nc_error *err)
{
    nc_versus *v = calloc(1, sizeof *v);
    *out = NULL;
    if (!v || !(v->labels = calloc(n, sizeof *v->labels)) ||
        !(v->runs = calloc(n, sizeof *v->runs)) || !(v->sums = calloc(n, sizeof *v->sums)) ||
        !(v->pairs = calloc(n * NC_M__COUNT, sizeof *v->pairs))) {
        nc_versus_free(v);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    v->n = n;
    *out = v;
    return 0;
}

int nc_versus_compute(nc_versus *v, nc_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < v->n && !rc; i++) {
        const nc_result *r = v->runs[i];
        if (!(v->sums[i] = malloc(r->n_rows * NC_M__COUNT * sizeof *v->sums[i])))
            return nc_error_set(err, NC_ENOMEM, "out of memory");
        rc = nc_stats_result(v->sums[i], r, err);
    }
    for (size_t i = 1; i < v->n && !rc; i++)
        for (int m = 0; m < NC_M__COUNT && !rc; m++)
            rc = nc_paired_compute(&v->pairs[(i - 1) * NC_M__COUNT + m], v->runs[0], v->runs[i],
                                   m, err);
    return rc;
}

void nc_versus_free(nc_versus *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        if (v->runs)
            nc_result_free(v->runs[i]);
        if (v->sums)
            free(v->sums[i]);
    }
    free(v->labels);
    free(v->runs);
    free(v->sums);
    free(v->pairs);
    free(v);
}
