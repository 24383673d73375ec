/*
 * profile_load.h - a site's hourly grid: `carbon_intensity: {profile: gb-2021, scale: "0.9 to
 * 1.1"}`, the profile models/grids/NAME.csv or a .csv path relative to the scenario.
 */
#ifndef NC_PROFILE_LOAD_H
#define NC_PROFILE_LOAD_H

#include "load/node.h"
#include "scenario/scenario.h"

/* Read 'ci' into site->profile and site->ci_scale when it is of that form. Returns
 * 1 if it was (and read it), 0 if not, < 0 on error. */
int nc_profile_load_site(nc_scenario *sc, nc_site *site, const nc_node *ci, nc_error *err);

#endif
