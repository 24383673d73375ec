/*
 * api_scenario.h - the public scenario functions (include/nascost.h, "Scenarios"): loading
 * from a file or from text with both kinds of override, what a scenario holds, and the walk of
 * its inputs. They check their arguments and call the loader (scenario.h, scenario/input_list.h).
 */
#ifndef NC_API_SCENARIO_H
#define NC_API_SCENARIO_H

#include "scenario/scenario.h"

/* The stage of 'sc' named 'name' as a result row (1 + its index), 0 for NULL (the total), or
 * NC_EINPUT naming the nearest stage (suggest.h). 'function' starts the message. */
int nc_api_stage_row(size_t *row, const nc_scenario *sc, const char *name, const char *function,
                     nc_error *err);

/* The metric named 'name', or NC_EINPUT naming the nearest metric (NC_EMISUSE for NULL). */
int nc_api_metric(int *m, const char *name, const char *function, nc_error *err);

#endif
