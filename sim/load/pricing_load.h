/*
 * pricing_load.h - `pricing:` of a scenario or a stage: a price per GPU-hour (`gpu_hour:` a
 * figure, or on-demand, spot or committed: the catalog's), or owned hardware (`owned:
 * {price_per_gpu, amortise_over, utilisation}`).
 */
#ifndef NC_PRICING_LOAD_H
#define NC_PRICING_LOAD_H

#include "load/node.h"
#include "scenario/scenario.h"

/* Read the pricing mapping 'map' into '*pr'; 'prefix' ("stages.NAME.", or "" for the
 * scenario's) starts the paths of its inputs. */
int nc_pricing_load(nc_pricing *pr, const nc_node *map, const char *prefix, nc_error *err);

/* A deep copy of 'src' into '*dst' (the same paths: the copy shares the original's draws).
 * Returns 0 or NC_ENOMEM. */
int nc_pricing_copy(nc_pricing *dst, const nc_pricing *src, nc_error *err);

#endif
