/*
 * catalog_entry.h - a catalog entry as written, captured while the catalog is loaded (its
 * name, year, aliases, `sources:` and a listing of its keys and values), so that `nascost
 * catalog` and the report need no YAML.
 */
#ifndef NC_CATALOG_ENTRY_H
#define NC_CATALOG_ENTRY_H

#include "load/node.h"
#include "scenario/catalog.h"

/* Capture the entry 'node', written under the key 'id' of its part, into '*e', its text
 * copied into 'pool' (the aliases and sources arrays are the entry's, freed with the
 * catalog). Returns 0 or NC_ENOMEM. */
int nc_catalog_entry_capture(nc_catalog_entry *e, nc_text_pool *pool, const char *id,
                             const nc_node *node, nc_error *err);

#endif
