/*
 * output.h - writers: an aligned table for people, JSON and CSV for machines.
 * Writers take a finished result and its summaries and a stream; they compute nothing but
 * unit conversions and ratios to equivalents.
 */
#ifndef NC_OUTPUT_H
#define NC_OUTPUT_H

#include <stdio.h>

#include "error.h"
#include "stats.h"

typedef struct nc_report {
    const nc_result *res;
    const nc_summary *summary; /* res->n_rows x NC_M__COUNT, row-major, total last */
    const char *mass_unit;     /* tables: "kg" (default), "lb" or "t" */
    int timing;                /* include elapsed time and thread count (not reproducible) */
} nc_report;

/* The summary of metric 'm' in row 'row'. */
const nc_summary *nc_report_get(const nc_report *rep, size_t row, int m);

/* Table per stage and total, `median [P5 - P95] unit`, then equivalents. */
int nc_output_table(FILE *f, const nc_report *rep, nc_error *err);

/* One JSON document (see README, "Output"). */
int nc_output_json(FILE *f, const nc_report *rep, nc_error *err);

/* One row per stage x metric: stage,metric,unit,mean,sd,se,min,max,p5,p50,p95. */
int nc_output_csv_summary(FILE *f, const nc_report *rep, nc_error *err);

/* One row per replication x stage: replication,stage,<metrics...>, values to 17 digits. */
int nc_output_csv_samples(FILE *f, const nc_report *rep, nc_error *err);

/* Format 'v' for people: thousands separators, about 3 significant digits. */
void nc_output_number(char *buf, size_t size, double v);

#endif
