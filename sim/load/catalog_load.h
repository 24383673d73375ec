/*
 * catalog_load.h - reading the catalog (models/: hardware.yaml, grids.yaml, sites.yaml,
 * equivalents.yaml) into an nc_catalog (scenario/catalog.h), with a scenario's `catalog:`
 * overrides merged over it. The catalog keeps no YAML: the entries as written (names,
 * sources, listings) are captured as text with their file:line.
 */
#ifndef NC_CATALOG_LOAD_H
#define NC_CATALOG_LOAD_H

#include "load/node.h"
#include "scenario/catalog.h"

#define NC_CATALOG_FILES 4 /* hardware, grids, sites (PUE and prices), equivalents */

/*
 * Load the catalog from directory 'dir' (hardware.yaml, grids.yaml, sites.yaml,
 * equivalents.yaml). 'overrides' (may be NULL) is a scenario's `catalog:` mapping, merged over
 * the files before they are read: an override named by an alias of an entry (`v100:`) changes
 * that entry (`v100-sxm2`), as `hardware: v100` in a stage names it. Within a part, ids and
 * aliases must be unique: a new entry, or an alias, that takes a name another entry already
 * answers to is an error (it would silently shadow it). Errors are positioned where the value
 * at fault was written: in the scenario for what it overrides, else in the catalog's file.
 * The caller frees '*out' with nc_catalog_free.
 */
int nc_catalog_load(nc_catalog **out, const char *dir, const nc_node *overrides, nc_error *err);

/* Record "unknown hardware 'a1000' (did you mean 'a100-pcie-40gb'?)" at 'node'. */
int nc_catalog_unknown(const nc_catalog *cat, nc_catalog_part part, const nc_node *node,
                       const char *name, nc_error *err);

#endif
