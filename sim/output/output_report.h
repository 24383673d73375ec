/*
 * output_report.h - what the writers of a run take (nc_report): a finished result, its
 * summaries and how to show them. Writers take it and a stream; they compute nothing but unit
 * conversions and ratios to equivalents. Types and inline helpers only.
 */
#ifndef NC_OUTPUT_REPORT_H
#define NC_OUTPUT_REPORT_H

#include <stddef.h>

#include "base/metrics.h"
#include "engine/engine.h"
#include "scenario/scenario_metrics.h"
#include "stats/stats.h"

struct nc_precision;

typedef struct nc_report {
    const nc_result *res;
    const nc_summary *summary; /* n_rows x NC_M__COUNT, row-major, total in row NC_ROW_TOTAL */
    const char *mass_unit;     /* tables: "kg" (default), "lb" or "t" */
    int timing;                /* include elapsed time and thread count (not reproducible) */
    const struct nc_precision *precision; /* NULL, or how a --precision run ended */
} nc_report;

/* The summary of metric 'm' in row 'row'. */
static inline const nc_summary *nc_report_get(const nc_report *rep, size_t row, int m)
{
    return &rep->summary[row * NC_M__COUNT + (size_t)m];
}

/* 1 when metric 'm' has a meaning in row 'row' of the report (nc_metric_defined). */
static inline int nc_output_defined(const nc_report *rep, size_t row, int m)
{
    return nc_metric_defined((nc_metric)m, rep->res->sc, row == NC_ROW_TOTAL);
}

#endif
