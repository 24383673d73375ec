/*
 * scenario_doc.h - a scenario's document before it is read: `extends:` resolved (relative to
 * the file that names it, cycles and depth checked) and `--set PATH=VALUE` applied.
 */
#ifndef NC_SCENARIO_DOC_H
#define NC_SCENARIO_DOC_H

#include "base/error.h"
#include "load/node.h"

#define NC_MAX_EXTENDS_DEPTH 16

/* Load 'path' with its `extends` chain merged (the file's own keys win) into '*out'. */
int nc_scenario_doc_load(nc_node **out, const char *path, nc_error *err);

/* Apply one "PATH=VALUE" override to 'root'. */
int nc_scenario_doc_set(nc_node *root, const char *assignment, nc_error *err);

#endif
