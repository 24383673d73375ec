/*
 * output_check.h - a loaded scenario as resolved, for people: what `nascost check` prints
 * (nascost.h, nc_scenario_write_check). Computes nothing: it writes what the loader resolved.
 */
#ifndef NC_OUTPUT_CHECK_H
#define NC_OUTPUT_CHECK_H

#include <stdio.h>

#include "scenario/scenario.h"

/* The file, name, seed, replications and catalog of 'sc'; each stage's site, GPUs, power,
 * pricing, attempts and hardware mix; the catalog entries its `catalog:` overrides; then every
 * input the model reads (nc_scenario_input), its distribution and nominal value, in canonical
 * units. NC_EIO when writing fails. */
int nc_output_check(FILE *f, const nc_scenario *sc, nc_error *err);

#endif
