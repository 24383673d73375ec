/* output_sensitivity.h - a sensitivity analysis as a table, JSON and CSV
 * (output_sensitivity.c). */
#ifndef NC_OUTPUT_SENSITIVITY_H
#define NC_OUTPUT_SENSITIVITY_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

struct nc_sensitivity;

/* A sensitivity analysis: the tornado ranked by swing, then the Sobol indices. */
int nc_output_sensitivity_table(FILE *f, const struct nc_sensitivity *s, nc_error *err);
int nc_output_sensitivity_json(FILE *f, const struct nc_sensitivity *s, const char *scenario,
                               nc_error *err);
int nc_output_sensitivity_csv(FILE *f, const struct nc_sensitivity *s, nc_error *err);

/* The inputs of 's' in the order a tornado draws them, largest swing first: a new array of
 * s->k indices (free it), NULL when out of memory. */
size_t *nc_output_sensitivity_ranking(const struct nc_sensitivity *s);

#endif
