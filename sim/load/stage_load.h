/*
 * stage_load.h - a scenario's `stages:`: each stage's site, trials, hardware (one profile or a
 * mix), durations, power, host power, failures and pricing, then its realism
 * (scenario_realism.h).
 */
#ifndef NC_STAGE_LOAD_H
#define NC_STAGE_LOAD_H

#include "load/node.h"
#include "scenario/scenario.h"

/* Read every stage of the document 'root' into sc->stages (sites and catalog loaded); a stage
 * without `pricing:` takes a copy of 'global', the scenario's. Stage names must be unique. */
int nc_stage_load_all(nc_scenario *sc, const nc_node *root, const nc_pricing *global,
                      nc_error *err);

#endif
