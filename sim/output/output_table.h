/* output_table.h - a run as the aligned table people read (output_table.c). */
#ifndef NC_OUTPUT_TABLE_H
#define NC_OUTPUT_TABLE_H

#include <stdio.h>

#include "base/error.h"
#include "output/output_report.h"

/* Whether a table shows metric 'm' in row 'row' (stages, then the total): optional metrics
 * (failures, pre-emptions, costs, idle energy ...) only when not zero everywhere, idle energy
 * and utilisation only in the total, shares only for the stages of a pipeline, the deadline
 * never (it is reported once, under the table). */
int nc_output_metric_shown(const nc_report *rep, size_t row, int m);

/* Table per stage and total, `median [P5 - P95] unit`, then equivalents. */
int nc_output_table(FILE *f, const nc_report *rep, nc_error *err);

#endif
