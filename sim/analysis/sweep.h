/*
 * sweep.h - the values a `sweep` runs through: `--vary PATH=V1,V2,...` (any YAML values,
 * commas inside {...} or [...] do not split) or `--vary PATH=LO:HI:STEPS` (STEPS evenly
 * spaced values from LO to HI, which may carry the same unit: 1000:5000:5, 1h:10h:4).
 */
#ifndef NC_SWEEP_H
#define NC_SWEEP_H

#include <stddef.h>

#include "base/error.h"

#define NC_VARY_MAX_VALUES 1000

typedef struct nc_vary {
    char *path;     /* "stages.search.trials" */
    char **values;  /* YAML text of each value */
    size_t n;
} nc_vary;

/* Parse one --vary specification into 'out' (free with nc_vary_free). */
int nc_vary_parse(nc_vary *out, const char *spec, nc_error *err);

void nc_vary_free(nc_vary *v);

#endif
