/*
 * api_run.h - the public run and result functions (include/nascost.h, "Running", "Results"):
 * nc_run is the engine's run and then the summaries (nc_stats_attach), with the public
 * options checked and turned into the engine's; the accessors read the result in place.
 */
#ifndef NC_API_RUN_H
#define NC_API_RUN_H

#include "engine/engine.h"

/* The engine's options for the public 'opts' (NULL: the defaults), checked: NC_EMISUSE for an
 * unknown version, NC_EINPUT for values out of range. 'function' starts the messages. */
int nc_api_engine_opts(nc_engine_opts *out, const nc_run_opts *opts, const char *function,
                       nc_error *err);

#endif
