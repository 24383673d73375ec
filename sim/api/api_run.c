/* api_run.c - running a scenario and reading its result (see api_run.h). */
#include "api/api_run.h"

#include <math.h>

#include "api/api_init.h"
#include "api/api_scenario.h"
#include "base/metrics.h"
#include "scenario/scenario_metrics.h"
#include "stats/stats.h"

/* nc_run_opts.threads: more than any machine nascost runs on has cores (the CLI's -t). */
#define MAX_THREADS 1024

int nc_api_engine_opts(nc_engine_opts *out, const nc_run_opts *opts, const char *function,
                       nc_error *err)
{
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    *out = o;
    if (!opts)
        return 0;
    int rc = nc_api_version(opts->version, NC_RUN_OPTS_VERSION, function, "nc_run_opts", err);
    if (rc)
        return rc;
    if (opts->replications < 0 || opts->replications > NC_MAX_REPLICATIONS)
        return nc_error_set(err, NC_EINPUT, "%s: %lld replications (from 0 to %lld)", function,
                            (long long)opts->replications, (long long)NC_MAX_REPLICATIONS);
    if (opts->first < 0 || opts->first > NC_MAX_REPLICATIONS - 1)
        return nc_error_set(err, NC_EINPUT, "%s: first replication %lld (from 0 to %lld)", function,
                            (long long)opts->first, (long long)NC_MAX_REPLICATIONS - 1);
    if (opts->threads < 0 || opts->threads > MAX_THREADS)
        return nc_error_set(err, NC_EINPUT, "%s: %d threads (from 0, the default, to %d)", function,
                            opts->threads, MAX_THREADS);
    if (opts->timeline_days < 0 || opts->timeline_days > NC_MAX_TIMELINE_DAYS)
        return nc_error_set(err, NC_EINPUT, "%s: a timeline of %d days (from 0 to %d)", function,
                            opts->timeline_days, NC_MAX_TIMELINE_DAYS);
    out->replications = opts->replications;
    out->first = opts->first;
    out->has_seed = opts->seed_set != 0;
    out->seed = opts->seed;
    out->threads = opts->threads;
    out->point = opts->point != 0;
    out->timeline_days = opts->timeline_days;
    out->progress = opts->progress;
    out->progress_ctx = opts->progress_ctx;
    out->cancel = opts->cancel;
    return 0;
}

int nc_run(nc_result **out, const nc_scenario *sc, const nc_run_opts *opts, nc_error *err)
{
    nc_engine_opts o;
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_need(out, "nc_run", "out", err);
    if (!rc)
        *out = NULL;
    if (!rc)
        rc = nc_api_need(sc, "nc_run", "the scenario", err);
    if (!rc)
        rc = nc_api_engine_opts(&o, opts, "nc_run", err);
    if (!rc)
        rc = nc_engine_run(out, sc, &o, err);
    if (!rc && (rc = nc_stats_attach(*out, err))) {
        nc_result_free(*out);
        *out = NULL;
    }
    return rc;
}

const nc_scenario *nc_result_scenario(const nc_result *res)
{
    return res ? res->sc : NULL;
}

int64_t nc_result_replications(const nc_result *res)
{
    return res ? res->replications : 0;
}

int64_t nc_result_first(const nc_result *res)
{
    return res ? res->first : 0;
}

uint64_t nc_result_seed(const nc_result *res)
{
    return res ? res->seed : 0;
}

size_t nc_result_rows(const nc_result *res)
{
    return res ? res->n_rows : 0;
}

const char *nc_result_row_name(const nc_result *res, size_t row)
{
    if (!res || row >= res->n_rows)
        return NULL;
    return row == NC_ROW_TOTAL ? "total" : res->sc->stages[row - 1].name;
}

const double *nc_result_samples(const nc_result *res)
{
    return res ? res->samples : NULL;
}

int nc_result_defined(const nc_result *res, size_t row, int m)
{
    if (!res || row >= res->n_rows || m < 0 || m >= NC_M__COUNT)
        return 0;
    return nc_metric_defined((nc_metric)m, res->sc, row == NC_ROW_TOTAL);
}

/* The summary in the result, or NaNs where the row leaves the metric undefined. */
static void summary_of(nc_summary *out, const nc_result *res, size_t row, int m)
{
    if (nc_result_defined(res, row, m)) {
        *out = res->summary[row * NC_M__COUNT + (size_t)m];
        return;
    }
    double x = NAN;
    *out = (nc_summary){x, x, x, x, x, x, x, x, x, x, x};
}

int nc_result_summary_at(nc_summary *out, const nc_result *res, size_t row, int m, nc_error *err)
{
    int rc = nc_api_need(out, "nc_result_summary_at", "out", err);
    if (!rc)
        rc = nc_api_need(res, "nc_result_summary_at", "the result", err);
    if (!rc && !res->summary)
        rc = nc_error_set(err, NC_EINTERNAL, "nc_result_summary_at: a result without summaries");
    if (rc)
        return rc;
    if (row >= res->n_rows || m < 0 || m >= NC_M__COUNT)
        return nc_error_set(err, NC_EMISUSE,
                            "nc_result_summary_at: row %zu, metric %d out of range (%zu rows, "
                            "%d metrics)",
                            row, m, res->n_rows, NC_M__COUNT);
    summary_of(out, res, row, m);
    return 0;
}

int nc_result_summary(nc_summary *out, const nc_result *res, const char *stage, const char *metric,
                      nc_error *err)
{
    size_t row;
    int m;
    int rc = nc_api_need(out, "nc_result_summary", "out", err);
    if (!rc)
        rc = nc_api_need(res, "nc_result_summary", "the result", err);
    if (!rc && !res->summary)
        rc = nc_error_set(err, NC_EINTERNAL, "nc_result_summary: a result without summaries");
    if (!rc)
        rc = nc_api_metric(&m, metric, "nc_result_summary", err);
    if (!rc)
        rc = nc_api_stage_row(&row, res->sc, stage, "nc_result_summary", err);
    if (!rc)
        summary_of(out, res, row, m);
    return rc;
}
