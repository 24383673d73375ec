/* results_analysis.c - compare, sweep and sensitivity documents read back for their figures
 * (see results_analysis.h). */
#include "output/results_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics.h"
#include "engine/engine.h"
#include "output/results_file.h"

/* ---- checks -------------------------------------------------------------------------------- */

/* A summary with numbers (or null: undefined) p5, p50, p95. */
static int is_band(json_t *summary)
{
    static const char *const keys[] = {"p5", "p50", "p95"};
    if (!json_is_object(summary))
        return 0;
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(summary, keys[i]);
        if (!json_is_number(v) && !json_is_null(v))
            return 0;
    }
    return 1;
}

static int bad_entry(nc_error *err, const char *path, const char *list, size_t i, const char *what)
{
    nc_error_set(err, NC_EINPUT, "%s[%zu]: %s", list, i, what);
    nc_error_at(err, path, 0, 0);
    return NC_EINPUT;
}

static int check_versus(json_t *doc, const char *path, int metric, nc_error *err)
{
    json_t *runs = json_object_get(doc, "runs"), *paired = json_object_get(doc, "paired");
    const char *name = nc_metric_name((nc_metric)metric);
    json_int_t n;
    if (nc_results_get_count(doc, "replications", 1, NC_MAX_REPLICATIONS, &n) ||
        nc_results_get_count(json_object_get(doc, "nascost"), "seed", INT64_MIN, INT64_MAX, &n))
        return nc_results_bad_file(err, path, 0, "%s",
                                   "replications (from 1) or nascost.seed is not a whole number");
    if (!json_is_array(runs) || !json_array_size(runs) || !json_is_array(paired) ||
        json_array_size(paired) != json_array_size(runs) - 1)
        return nc_results_bad_file(
            err, path, 0, "%s",
            "expected \"runs\" (at least one) and \"paired\" (one per run after "
            "the first)");
    for (size_t i = 0; i < json_array_size(runs); i++) {
        json_t *run = json_array_get(runs, i);
        if (!json_is_string(json_object_get(run, "label")) ||
            !json_is_string(json_object_get(run, "scenario")))
            return bad_entry(err, path, "runs", i, "no label or scenario text");
        json_t *band = json_object_get(json_object_get(run, "total"), name);
        if (!is_band(band) && !(json_is_null(band) && nc_metric_undefinable(metric)))
            return bad_entry(err, path, "runs", i, "total has no P5, P50, P95 of the metric");
    }
    for (size_t i = 0; i < json_array_size(paired); i++) {
        json_t *m = json_object_get(json_object_get(json_array_get(paired, i), "metrics"), name);
        json_t *p_lower = json_object_get(m, "p_lower");
        if (json_is_null(m) && nc_metric_undefinable(metric))
            continue;
        if (!is_band(json_object_get(m, "difference")) || !json_is_number(p_lower))
            return bad_entry(err, path, "paired", i,
                             "no difference (P5, P50, P95) and p_lower of the metric");
    }
    return 0;
}

static int check_sensitivity(json_t *doc, const char *path, nc_error *err)
{
    static const char *const numbers[] = {"value_p5", "value_p95", "metric_at_p5", "metric_at_p95"};
    json_t *inputs = json_object_get(doc, "inputs");
    const char *metric = json_string_value(json_object_get(doc, "metric"));
    json_int_t reps;
    double x;
    if (!metric || nc_metric_lookup(metric) < 0)
        return nc_results_bad_file(err, path, 0, "%s", "\"metric\" names no known metric");
    if (!json_is_string(json_object_get(doc, "scenario")) ||
        nc_results_get_number(doc, "baseline", &x) ||
        nc_results_get_count(doc, "tornado_replications", 1, NC_MAX_REPLICATIONS, &reps) ||
        !json_is_array(inputs))
        return nc_results_bad_file(
            err, path, 0, "%s",
            "expected scenario text, a baseline number, tornado_replications from "
            "1 and a list of inputs");
    for (size_t i = 0; i < json_array_size(inputs); i++) {
        json_t *in = json_array_get(inputs, i);
        if (!json_is_string(json_object_get(in, "path")) ||
            !json_is_string(json_object_get(in, "unit")))
            return bad_entry(err, path, "inputs", i, "no path or unit text");
        for (size_t k = 0; k < sizeof numbers / sizeof *numbers; k++)
            if (nc_results_get_number(in, numbers[k], &x))
                return bad_entry(err, path, "inputs", i, "a value is not a number");
    }
    return 0;
}

/* ---- the figures' objects ------------------------------------------------------------------- */

/* The P5, P50, P95 of a checked summary; NaN unless all three are numbers (null: undefined). */
static nc_plot_band band_of(json_t *summary)
{
    nc_plot_band b = {NAN, NAN, NAN};
    json_t *p5 = json_object_get(summary, "p5"), *p50 = json_object_get(summary, "p50"),
           *p95 = json_object_get(summary, "p95");
    if (json_is_number(p5) && json_is_number(p50) && json_is_number(p95))
        b.p5 = json_number_value(p5), b.p50 = json_number_value(p50),
        b.p95 = json_number_value(p95);
    return b;
}

static char *copy_text(json_t *v)
{
    return strdup(json_is_string(v) ? json_string_value(v) : "");
}

int nc_results_read_versus(nc_plot_versus **out, json_t *doc, const char *path, int metric,
                           nc_error *err)
{
    json_t *runs = json_object_get(doc, "runs"), *paired = json_object_get(doc, "paired");
    const char *name = nc_metric_name((nc_metric)metric);
    int rc = check_versus(doc, path, metric, err);
    if (rc)
        return rc;
    nc_plot_versus *v = nc_plot_versus_new(json_array_size(runs));
    int oom = !v || !(v->analysis = copy_text(json_object_get(doc, "analysis")));
    for (size_t i = 0; !oom && i < v->n_runs; i++) {
        json_t *run = json_array_get(runs, i);
        nc_plot_versus_run *r = &v->runs[i];
        json_t *pm =
            i ? json_object_get(json_object_get(json_array_get(paired, i - 1), "metrics"), name)
              : NULL;
        json_t *pl = json_object_get(pm, "p_lower");
        oom = !(r->label = copy_text(json_object_get(run, "label"))) ||
              !(r->scenario = copy_text(json_object_get(run, "scenario")));
        r->band = band_of(json_object_get(json_object_get(run, "total"), name));
        r->diff = band_of(json_object_get(pm, "difference"));
        r->p_lower = json_is_number(pl) ? json_number_value(pl) : (double)NAN;
    }
    if (oom) {
        nc_plot_versus_free(v);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    v->metric = metric;
    v->seed = (int64_t)json_integer_value(json_object_get(json_object_get(doc, "nascost"), "seed"));
    v->replications = (int64_t)json_integer_value(json_object_get(doc, "replications"));
    *out = v;
    return 0;
}

int nc_results_read_tornado(nc_plot_tornado **out, json_t *doc, const char *path, nc_error *err)
{
    json_t *inputs = json_object_get(doc, "inputs");
    int rc = check_sensitivity(doc, path, err);
    if (rc)
        return rc;
    nc_plot_tornado *t = nc_plot_tornado_new(json_array_size(inputs));
    int oom = !t || !(t->scenario = copy_text(json_object_get(doc, "scenario")));
    for (size_t i = 0; !oom && i < t->n_inputs; i++) {
        json_t *in = json_array_get(inputs, i);
        nc_plot_tornado_input *p = &t->inputs[i];
        oom = !(p->path = copy_text(json_object_get(in, "path"))) ||
              !(p->unit = copy_text(json_object_get(in, "unit")));
        p->value_p5 = json_number_value(json_object_get(in, "value_p5"));
        p->value_p95 = json_number_value(json_object_get(in, "value_p95"));
        p->at_p5 = json_number_value(json_object_get(in, "metric_at_p5"));
        p->at_p95 = json_number_value(json_object_get(in, "metric_at_p95"));
    }
    if (oom) {
        nc_plot_tornado_free(t);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    t->metric = nc_metric_lookup(json_string_value(json_object_get(doc, "metric")));
    t->replications = (int64_t)json_integer_value(json_object_get(doc, "tornado_replications"));
    t->baseline = json_number_value(json_object_get(doc, "baseline"));
    *out = t;
    return 0;
}
