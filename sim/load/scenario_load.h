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

/*
 * Read, merge (`extends`), override (opts->sets, then opts->overrides: nascost.h's
 * nc_load_opts, whose version the public nc_scenario_load checks; NULL: none) and validate the
 * scenario at 'path' into '*out' (the caller frees it with nc_scenario_free). Every error is
 * NC_EINPUT (or NC_EIO for unreadable files) with file:line:col. nc_scenario_load (nascost.h)
 * is this with its arguments checked.
 */
int nc_scenario_read(nc_scenario **out, const char *path, const nc_load_opts *opts, nc_error *err);

/* The same for YAML text read as the file 'name' (nascost.h, nc_scenario_load_text). */
int nc_scenario_read_text(nc_scenario **out, const char *text, const char *name,
                          const nc_load_opts *opts, nc_error *err);

#endif
