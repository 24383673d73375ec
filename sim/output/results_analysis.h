/*
 * results_analysis.h - the JSON of `compare -o`, `sweep -o` and `sensitivity -o` read back
 * into the objects their figures take (nc_plot_versus, nc_plot_tornado: figure_analysis.h),
 * every field checked before it is used (results_file.h says how).
 */
#ifndef NC_RESULTS_ANALYSIS_H
#define NC_RESULTS_ANALYSIS_H

#include <jansson.h>

#include "base/error.h"
#include "output/figure_analysis.h"

/*
 * A `compare` or `sweep` document ('doc', read from 'path') as its figures of metric 'metric'
 * see it, into a new '*out'. Checked first: "replications" a whole number >= 1,
 * "nascost"."seed" a whole number, "runs" at least one object with a "label" and "scenario"
 * text and a "total" whose metric 'metric' has numbers (or null) p5, p50, p95; "paired" one
 * entry per run after the first, each with "metrics" where 'metric' has such a "difference"
 * and a number "p_lower" (null allowed for a metric a run may leave undefined). NC_EINPUT
 * naming the file and what is wrong; NC_ENOMEM.
 */
int nc_results_read_versus(nc_plot_versus **out, json_t *doc, const char *path, int metric,
                           nc_error *err);

/*
 * A `sensitivity` document as its tornado sees it, into a new '*out'. Checked first: a known
 * "metric", "scenario" text, "baseline" a number, "tornado_replications" a whole number >= 1,
 * "inputs" objects with "path" and "unit" text and numbers value_p5, value_p95, metric_at_p5,
 * metric_at_p95 (kept in the document's order: by swing). NC_EINPUT; NC_ENOMEM.
 */
int nc_results_read_tornado(nc_plot_tornado **out, json_t *doc, const char *path, nc_error *err);

#endif
