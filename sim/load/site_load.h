/*
 * site_load.h - a scenario's `sites:`: each site's PUE, carbon intensity (a figure, a catalog
 * grid, or an hourly profile with a scale), electricity price and cluster.
 */
#ifndef NC_SITE_LOAD_H
#define NC_SITE_LOAD_H

#include "load/node.h"
#include "scenario/scenario.h"

/* Read every site of the document 'root' into sc->sites (sc->n_sites of them; the catalog is
 * loaded), with the sites' names indexed in sc->site_index for the stages. */
int nc_site_load_all(nc_scenario *sc, const nc_node *root, nc_error *err);

#endif
