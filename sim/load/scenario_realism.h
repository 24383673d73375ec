/*
 * scenario_realism.h - reading the parts of a scenario that make a pipeline run as it
 * really does (DESIGN.md, "Pipeline realism"): clusters and hourly grids at sites; stage
 * order, submission windows, early stopping, pre-emption, carbon-aware starts and trial
 * counts taken from an earlier stage; start date, deadline and the
 * embodied-carbon switch (owned-hardware pricing is pricing_load.h, hourly grids
 * profile_load.h). The other loaders call these while they read the rest.
 */
#ifndef NC_SCENARIO_REALISM_H
#define NC_SCENARIO_REALISM_H

#include "load/node.h"
#include "scenario/scenario.h"

/* Top level: `start: 2019-06-01` (hour of the profile year at t = 0), `deadline: 180 d`,
 * `embodied: true|false`. */
int nc_realism_load_header(nc_scenario *sc, const nc_node *root, nc_error *err);

/* A site's `cluster: {gpus: K, idle_w: W}` or `cluster: {gpus: K, idle: counted}`. */
int nc_realism_load_cluster(nc_scenario *sc, nc_site *site, const nc_node *cluster,
                            nc_error *err);

/* A stage's `after`, `submit`, `early_stopping`, `preemption`, `carbon_aware`, and a trial
 * count of the form `trials: {of: STAGE, fraction: F}`. 'index' is the stage's position. */
int nc_realism_load_stage(nc_scenario *sc, nc_stage *st, size_t index, const nc_node *map,
                          nc_error *err);

/* Once every stage is read: the idle power of each cluster with `idle: counted`, the catalog's
 * idle power of the one hardware its stages run on (an error, positioned in the document
 * 'root', when they run on several, or none). */
int nc_realism_bind_idle(nc_scenario *sc, const nc_node *root, nc_error *err);

/* 1 if a `trials` node is of the form {of: STAGE, fraction: F}. */
int nc_realism_is_trials_of(const nc_node *trials);

#endif
