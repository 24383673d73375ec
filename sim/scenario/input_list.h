/*
 * input_list.h - the inputs of a loaded scenario as the public walk gives them (nascost.h,
 * nc_input_info): built once at the end of loading from nc_scenario_each_input, so that
 * `check`, the JSON's "inputs", the report and the library's callers list the same inputs
 * with the same descriptions; and where a catalog value's source is written (the catalog's
 * entries as captured at load, no YAML).
 */
#ifndef NC_INPUT_LIST_H
#define NC_INPUT_LIST_H

#include "scenario/scenario.h"

/* The inputs of 'sc' (nc_scenario_each_input, in its order) into sc->inputs, each with its
 * description, nominal value, unit, source and position, the texts owned by the list.
 * NC_ENOMEM. */
int nc_input_list_build(nc_scenario *sc, nc_error *err);

/* The list's 'n' records (NULL and 0 before it is built). */
const nc_input_info *nc_input_list_get(const nc_scenario *sc, size_t *n);

/* Free sc->inputs; nothing when it is NULL. */
void nc_input_list_free(nc_scenario *sc);

/* The catalog entry a catalog input comes from ('in->file' one of the catalog's own files,
 * not a scenario's `catalog:` override; its path "hardware.v100.tdp", "pue.strubell-2018"),
 * as written, and in '*key' the key of the entry's `sources:` that speaks for it; NULL when
 * none. */
const nc_catalog_entry *nc_input_list_entry(const nc_catalog *cat, const nc_input *in,
                                            const char **key);

#endif
