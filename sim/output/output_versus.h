/* output_versus.h - comparisons and sweeps as a table, JSON and CSV (output_versus.c). */
#ifndef NC_OUTPUT_VERSUS_H
#define NC_OUTPUT_VERSUS_H

#include <stdio.h>

#include "base/error.h"

struct nc_versus;

/* Runs compared against the first (paired.h): per metric, each run's band and, for the
 * others, the paired difference, ratio and P(lower). 'kind' names the analysis in JSON
 * ("compare", "sweep"). Labels are quoted in CSV. */
int nc_output_versus_table(FILE *f, const struct nc_versus *v, const char *mass_unit,
                           nc_error *err);
int nc_output_versus_json(FILE *f, const struct nc_versus *v, const char *kind, nc_error *err);
int nc_output_versus_csv(FILE *f, const struct nc_versus *v, nc_error *err);

#endif
