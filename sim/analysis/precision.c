/* precision.c - rounds of replications until the Monte Carlo error is small (see
 * precision.h). */
#include "analysis/precision.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/mcse.h"
#include "base/metrics.h"
#include "stats/stats.h"

static const int WATCHED[] = {NC_M_GPU_HOURS, NC_M_FACILITY_KWH, NC_M_CO2E_KG, NC_M_CLOUD_USD,
                              NC_M_ELECTRICITY_USD, NC_M_HARDWARE_USD};

/* Append 'more' (the next replications of the same run) to 'res'. Frees 'more'. */
static int append(nc_result *res, nc_result *more, nc_error *err)
{
    size_t row = res->n_rows * NC_M__COUNT, days = (size_t)res->timeline_days;
    size_t n = (size_t)res->replications, m = (size_t)more->replications;
    double *s = realloc(res->samples, (n + m) * row * sizeof *s);
    if (s)
        res->samples = s;
    double *t = days && s ? realloc(res->timeline, (n + m) * days * sizeof *t) : NULL;
    if (t)
        res->timeline = t;
    if (!s || (days && !t)) {
        nc_result_free(more);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    memcpy(res->samples + n * row, more->samples, m * row * sizeof *s);
    if (days)
        memcpy(res->timeline + n * days, more->timeline, m * days * sizeof *t);
    res->replications += more->replications;
    res->elapsed_s += more->elapsed_s;
    res->trials_run += more->trials_run;
    nc_result_free(more);
    return 0;
}

/* The largest relative standard error over the watched totals that are not all zero. */
static double worst(const nc_result *res, nc_precision *p, double *scratch)
{
    double rel = 0.0;
    size_t n = (size_t)res->replications, stride = res->n_rows * NC_M__COUNT;
    for (size_t i = 0; i < sizeof WATCHED / sizeof *WATCHED; i++) {
        const double *x = res->samples + NC_ROW_TOTAL * NC_M__COUNT + WATCHED[i];
        nc_summary s;
        nc_mcse se;
        nc_stats_summarise(&s, x, n, stride, scratch);
        if (s.max == 0.0 && s.min == 0.0)
            continue;
        nc_mcse_compute(&se, x, n, stride, scratch);
        const double r[3] = {se.mean / fabs(s.mean), se.p5 / fabs(s.p5), se.p95 / fabs(s.p95)};
        static const char *const names[3] = {"mean", "p5", "p95"};
        for (int k = 0; k < 3; k++)
            if (!(r[k] <= rel)) { /* NaN (too few replications) counts as worst */
                rel = r[k], p->metric = WATCHED[i], p->statistic = names[k];
                if (isnan(rel))
                    return rel;
            }
    }
    return rel;
}

int nc_run_to_precision(nc_result **out, nc_precision *p, const nc_scenario *sc,
                        const nc_engine_opts *opts, double target, int64_t cap, nc_error *err)
{
    nc_engine_opts o = *opts;
    nc_result *res = NULL, *more = NULL;
    int64_t n = o.replications > 0 ? o.replications : NC_PRECISION_FIRST;
    p->target = target, p->rounds = 1, p->met = 0, p->metric = NC_M_CO2E_KG, p->statistic = "";
    o.replications = n < cap ? n : cap;
    int rc = nc_engine_run(&res, sc, &o, err);
    double *scratch = NULL;
    while (!rc) {
        free(scratch);
        if (!(scratch = malloc((size_t)res->replications * sizeof *scratch))) {
            rc = nc_error_set(err, NC_ENOMEM, "out of memory");
            break;
        }
        p->achieved = worst(res, p, scratch);
        int64_t next = nc_mcse_next_n(res->replications, p->achieved, target, NC_PRECISION_CHUNK,
                                      cap);
        if (next <= res->replications)
            break;
        o.first = opts->first + res->replications;
        o.replications = next - res->replications;
        rc = nc_engine_run(&more, sc, &o, err);
        if (!rc)
            rc = append(res, more, err);
        p->rounds++;
    }
    free(scratch);
    if (rc) {
        nc_result_free(res);
        return rc;
    }
    p->met = p->achieved <= target;
    *out = res;
    return 0;
}
