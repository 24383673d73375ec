/*
 * catalog_names.h - the names catalog entries answer to while the catalog is loaded: each
 * entry's id and its `aliases`, indexed, checked for names two entries take, and a scenario's
 * overrides named by an alias renamed to the id they change.
 */
#ifndef NC_CATALOG_NAMES_H
#define NC_CATALOG_NAMES_H

#include "load/node.h"
#include "scenario/catalog.h"

/* Every id and alias of the entries of the part mapping 'map', sorted by name, into '*out'
 * ('*n_out' of them; the caller frees '*out'). The names point into 'map'. */
int nc_catalog_names_index(nc_catalog_name **out, size_t *n_out, const nc_node *map, nc_error *err);

/* Refuse a name two entries of part 'part' answer to (it would make one unreachable), where it
 * was written last: in the scenario rather than in the catalog, else the later entry. */
int nc_catalog_names_unique(const nc_catalog *cat, nc_catalog_part part, nc_error *err);

/*
 * An override named by an alias changes the entry of that alias: rename the keys of 'over'
 * (a scenario's overrides of part 'part', a copy) to the ids they stand for in 'base' (the
 * part as the catalog's file has it). Two keys for one entry (`v100` and `v100-sxm2`) are an
 * error: one would silently undo the other.
 */
int nc_catalog_names_resolve(nc_node *over, const nc_node *base, nc_catalog_part part,
                             nc_error *err);

#endif
