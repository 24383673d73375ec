/*
 * scenario_load.h - a scenario file to a validated nc_scenario (scenario/scenario.h): the
 * document merged (`extends`) and overridden (--set), then read part by part (sites, pricing,
 * stages, their realism), units resolved and catalog references bound. The YAML is freed when
 * loading ends: what the model keeps of the text (names, descriptions) it copies.
 */
#ifndef NC_SCENARIO_LOAD_H
#define NC_SCENARIO_LOAD_H

#include <stddef.h>

#include "base/error.h"
#include "scenario/scenario.h"

typedef struct nc_load_opts {
    const char *const *sets; /* "PATH=VALUE" overrides, applied after `extends` */
    size_t n_sets;
    const char *models_dir; /* NULL: nc_catalog_data_dir()/models */
} nc_load_opts;

/*
 * Read, merge (`extends`), override (--set) and validate the scenario at 'path' into '*out'
 * (the caller frees it with nc_scenario_free). Every error is NC_EINPUT (or NC_EIO for
 * unreadable files) with file:line:col.
 */
int nc_scenario_load(nc_scenario **out, const char *path, const nc_load_opts *opts, nc_error *err);

#endif
