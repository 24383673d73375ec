/*
 * figure_analysis.h - comparisons, sweeps and sensitivity analyses as their figures see them
 * (the forest plot, the sweep line and the tornado): the few numbers each figure draws, owned
 * copies, built from the analysis in memory (nc_plot_versus_alloc, nc_plot_tornado_alloc) or
 * from the JSON that `compare -o`, `sweep -o` and `sensitivity -o` wrote (results_analysis.h),
 * so that the figures never read a document by its keys.
 */
#ifndef NC_FIGURE_ANALYSIS_H
#define NC_FIGURE_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "output/figure_run.h"

struct nc_versus;
struct nc_sensitivity;

/* One run of a comparison or sweep, for one metric of its total. Bands are NaN where the
 * metric is undefined (nc_metric_defined) or, for the paired difference, in the first run. */
typedef struct nc_plot_versus_run {
    char *label;       /* "asha", "sites.lab.pue=1.1" */
    char *scenario;    /* its scenario's name */
    nc_plot_band band; /* P5, P50, P95 of the metric */
    nc_plot_band diff; /* ... of its paired difference from the first run */
    double p_lower;    /* P(lower than the first run); NaN for the first run */
} nc_plot_versus_run;

typedef struct nc_plot_versus {
    char *analysis; /* "compare" or "sweep" */
    int metric;
    int64_t seed, replications;
    size_t n_runs; /* at least 1 */
    nc_plot_versus_run *runs;
} nc_plot_versus;

/* A comparison or sweep 'v' (of kind 'analysis') as its figures of metric 'metric' see it,
 * into a new '*out'. NC_ENOMEM. */
int nc_plot_versus_alloc(nc_plot_versus **out, const struct nc_versus *v, const char *analysis,
                         int metric, nc_error *err);

/* An empty one of 'n_runs' runs (for the readers). NULL when out of memory. */
nc_plot_versus *nc_plot_versus_new(size_t n_runs);

/* Free it and everything it owns; NULL does nothing. */
void nc_plot_versus_free(nc_plot_versus *v);

/* One input of a tornado, in canonical units. */
typedef struct nc_plot_tornado_input {
    char *path, *unit;
    double value_p5, value_p95; /* the input's P5 and P95 */
    double at_p5, at_p95;       /* the metric's mean with the input there */
} nc_plot_tornado_input;

/* A sensitivity analysis as its tornado sees it: inputs by swing, largest first. */
typedef struct nc_plot_tornado {
    int metric;
    char *scenario;
    int64_t replications; /* per tornado setting */
    double baseline;      /* the metric's mean with every input at its median */
    size_t n_inputs;
    nc_plot_tornado_input *inputs;
} nc_plot_tornado;

/* Sensitivity analysis 's' of scenario 'scenario' as its tornado sees it, into a new '*out'
 * (inputs in the order of nc_output_sensitivity_ranking). NC_ENOMEM. */
int nc_plot_tornado_alloc(nc_plot_tornado **out, const struct nc_sensitivity *s,
                          const char *scenario, nc_error *err);

/* An empty one of 'n_inputs' inputs (for the readers). NULL when out of memory. */
nc_plot_tornado *nc_plot_tornado_new(size_t n_inputs);

/* Free it and everything it owns; NULL does nothing. */
void nc_plot_tornado_free(nc_plot_tornado *t);

#endif
