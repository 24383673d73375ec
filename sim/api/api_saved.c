/* api_saved.c - a run's folder read back (see api_saved.h). */
#include "api/api_saved.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api_init.h"
#include "api/api_scenario.h"
#include "base/metrics.h"
#include "base/suggest.h"
#include "base/text.h"
#include "output/results_file.h"
#include "output/results_run.h"
#include "stats/stats.h"

/* result.json's path and its folder for 'path', a folder or the file itself. */
static int locate(char *json, char *dir, const char *path, nc_error *err)
{
    struct stat st;
    int n;
    if (stat(path, &st)) {
        nc_error_set(err, NC_EINPUT, "no such file or directory");
        nc_error_at(err, path, 0, 0);
        return NC_EINPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(dir, PATH_MAX, "%s", path);
        n = snprintf(json, PATH_MAX, "%s/result.json", path);
    } else {
        const char *slash = strrchr(path, '/');
        snprintf(dir, PATH_MAX, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
        n = snprintf(json, PATH_MAX, "%s", path);
    }
    if (n < 0 || n >= PATH_MAX)
        return nc_error_set(err, NC_EINPUT, "nc_saved_read: path too long");
    return 0;
}

int nc_saved_read(nc_saved **out, const char *path, nc_error *err)
{
    char json[PATH_MAX], dir[PATH_MAX];
    json_t *doc = NULL;
    nc_error scratch;
    err = nc_api_enter(err, &scratch);
    int rc = nc_api_need(out, "nc_saved_read", "out", err);
    if (!rc)
        *out = NULL;
    if (!rc)
        rc = nc_api_need(path, "nc_saved_read", "path", err);
    if (!rc)
        rc = locate(json, dir, path, err);
    if (!rc)
        rc = nc_results_load_json(&doc, json, err);
    if (!rc && nc_results_kind_of(doc) != NC_RESULTS_RUN) {
        nc_error_set(err, NC_EINPUT,
                     "this is the JSON of a compare, sweep or sensitivity analysis, not of a "
                     "run (`nascost run -o DIR` writes DIR/result.json)");
        nc_error_at(err, json, 0, 0);
        rc = NC_EINPUT;
    }
    nc_saved *saved = rc ? NULL : calloc(1, sizeof *saved);
    if (!rc && !saved)
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc)
        rc = nc_results_read_run(&saved->src, doc, json, dir, err);
    json_decref(doc);
    if (rc) {
        nc_saved_free(saved);
        return rc;
    }
    *out = saved;
    return 0;
}

void nc_saved_free(nc_saved *saved)
{
    if (!saved)
        return;
    nc_plot_source_free(saved->src);
    free(saved);
}

const char *nc_saved_scenario(const nc_saved *saved)
{
    return saved ? saved->src->scenario : NULL;
}

int64_t nc_saved_replications(const nc_saved *saved)
{
    return saved ? saved->src->replications : 0;
}

uint64_t nc_saved_seed(const nc_saved *saved)
{
    return saved ? saved->src->seed : 0;
}

size_t nc_saved_rows(const nc_saved *saved)
{
    return saved ? saved->src->n_rows : 0;
}

const char *nc_saved_row_name(const nc_saved *saved, size_t row)
{
    return saved && row < saved->src->n_rows ? saved->src->row_names[row] : NULL;
}

const double *nc_saved_samples(const nc_saved *saved)
{
    return saved ? saved->src->samples : NULL;
}

/* The row of stage 'stage' (NULL: the total) among the rows read. */
static int saved_row(size_t *row, const nc_plot_source *src, const char *stage, nc_error *err)
{
    if (!stage)
        return *row = NC_ROW_TOTAL, 0;
    for (size_t r = 1; r < src->n_rows; r++)
        if (!strcmp(src->row_names[r], stage))
            return *row = r, 0;
    const char *near = nc_suggest(stage, (const char *const *)src->row_names + 1, src->n_rows - 1);
    if (near)
        return nc_error_set(err, NC_EINPUT,
                            "nc_saved_summary: no stage named %s (did you mean "
                            "'%s'?)",
                            nc_quote(stage).text, near);
    return nc_error_set(err, NC_EINPUT, "nc_saved_summary: no stage named %s",
                        nc_quote(stage).text);
}

int nc_saved_summary(nc_summary *out, const nc_saved *saved, const char *stage, const char *metric,
                     nc_error *err)
{
    size_t row;
    int m;
    int rc = nc_api_need(out, "nc_saved_summary", "out", err);
    if (!rc)
        rc = nc_api_need(saved, "nc_saved_summary", "the saved run", err);
    if (!rc)
        rc = nc_api_metric(&m, metric, "nc_saved_summary", err);
    if (!rc)
        rc = saved_row(&row, saved->src, stage, err);
    if (rc)
        return rc;
    const nc_plot_source *src = saved->src;
    size_t n = (size_t)src->replications, stride = src->n_rows * NC_M__COUNT;
    const double *x = src->samples + row * NC_M__COUNT + (size_t)m;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i * stride])) { /* an undefined metric (an empty CSV field): as a result's */
            double nan = NAN;
            *out = (nc_summary){nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
            return 0;
        }
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!scratch)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    nc_stats_summarise(out, x, n, stride, scratch);
    free(scratch);
    return 0;
}
