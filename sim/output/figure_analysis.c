/* figure_analysis.c - comparisons, sweeps and sensitivity analyses as their figures see them
 * (see figure_analysis.h). */
#include "output/figure_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/paired.h"
#include "analysis/sensitivity.h"
#include "base/metrics.h"
#include "output/output_sensitivity.h"
#include "scenario/scenario_metrics.h"

static const nc_plot_band NO_BAND = {NAN, NAN, NAN};

/* ---- comparisons and sweeps ---------------------------------------------------------------- */

nc_plot_versus *nc_plot_versus_new(size_t n_runs)
{
    nc_plot_versus *v = calloc(1, sizeof *v);
    if (v && !(v->runs = calloc(n_runs ? n_runs : 1, sizeof *v->runs))) {
        free(v);
        return NULL;
    }
    if (v)
        v->n_runs = n_runs;
    for (size_t i = 0; v && i < n_runs; i++)
        v->runs[i].band = v->runs[i].diff = NO_BAND, v->runs[i].p_lower = NAN;
    return v;
}

void nc_plot_versus_free(nc_plot_versus *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n_runs; i++)
        free(v->runs[i].label), free(v->runs[i].scenario);
    free(v->runs);
    free(v->analysis);
    free(v);
}

/* A summary's band; NaN when any of its quantiles is (as null in the JSON written of it). */
static nc_plot_band band_of(const nc_summary *s)
{
    nc_plot_band b = {s->p5, s->p50, s->p95};
    return isnan(b.p5) || isnan(b.p50) || isnan(b.p95) ? NO_BAND : b;
}

int nc_plot_versus_alloc(nc_plot_versus **out, const nc_versus *v, const char *analysis, int metric,
                         nc_error *err)
{
    nc_plot_versus *p = nc_plot_versus_new(v->n);
    int oom = !p || !(p->analysis = strdup(analysis));
    for (size_t i = 0; !oom && i < v->n; i++) {
        const nc_scenario *sc = v->runs[i]->sc, *base = v->runs[0]->sc;
        nc_plot_versus_run *r = &p->runs[i];
        oom = !(r->label = strdup(v->labels[i])) || !(r->scenario = strdup(sc->name));
        if (!nc_metric_defined((nc_metric)metric, sc, 1))
            continue; /* undefined: written as null, drawn as nothing */
        r->band = band_of(&v->sums[i][NC_ROW_TOTAL * NC_M__COUNT + metric]);
        if (i && nc_metric_defined((nc_metric)metric, base, 1)) {
            const nc_paired *pair = &v->pairs[(i - 1) * NC_M__COUNT + metric];
            r->diff = band_of(&pair->diff);
            r->p_lower = pair->p_lower;
        }
    }
    if (oom) {
        nc_plot_versus_free(p);
        return nc_error_set(err, NC_ENOMEM, "out of memory for the figures");
    }
    p->metric = metric;
    p->seed = (int64_t)v->runs[0]->seed;
    p->replications = v->runs[0]->replications;
    *out = p;
    return 0;
}

/* ---- sensitivity ---------------------------------------------------------------------------- */

nc_plot_tornado *nc_plot_tornado_new(size_t n_inputs)
{
    nc_plot_tornado *t = calloc(1, sizeof *t);
    if (t && !(t->inputs = calloc(n_inputs ? n_inputs : 1, sizeof *t->inputs))) {
        free(t);
        return NULL;
    }
    if (t)
        t->n_inputs = n_inputs;
    return t;
}

void nc_plot_tornado_free(nc_plot_tornado *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_inputs; i++)
        free(t->inputs[i].path), free(t->inputs[i].unit);
    free(t->inputs);
    free(t->scenario);
    free(t);
}

int nc_plot_tornado_alloc(nc_plot_tornado **out, const nc_sensitivity *s, const char *scenario,
                          nc_error *err)
{
    size_t *order = nc_output_sensitivity_ranking(s);
    nc_plot_tornado *t = order ? nc_plot_tornado_new(s->k) : NULL;
    int oom = !t || !(t->scenario = strdup(scenario));
    for (size_t j = 0; !oom && j < s->k; j++) {
        size_t i = order[j];
        nc_plot_tornado_input *in = &t->inputs[j];
        oom = !(in->path = strdup(s->paths[i])) || !(in->unit = strdup(s->units[i]));
        in->value_p5 = s->value_lo[i], in->value_p95 = s->value_hi[i];
        in->at_p5 = s->low[i], in->at_p95 = s->high[i];
    }
    free(order);
    if (oom) {
        nc_plot_tornado_free(t);
        return nc_error_set(err, NC_ENOMEM, "out of memory for the figures");
    }
    t->metric = s->metric;
    t->replications = s->tornado_reps;
    t->baseline = s->base;
    *out = t;
    return 0;
}
