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

/* The same for YAML 'text' (NUL-terminated) read as the file 'name': its relative paths resolve
 * against the directory in 'name' (nascost.h, nc_scenario_load_text). */
int nc_scenario_doc_load_text(nc_node **out, const char *text, const char *name, nc_error *err);

/* Apply one structured override (nascost.h, nc_override) to 'root': a number with its unit
 * becomes the value's text to 17 digits, as --set would take it. NC_EMISUSE for a NULL path or
 * text, an unknown kind, a number that is not finite; NC_EINPUT for a unit that holds more than
 * a unit symbol can, and as nc_node_set_path. */
int nc_scenario_doc_override(nc_node *root, const nc_override *o, nc_error *err);

/* Apply one "PATH=VALUE" override to 'root'. */
int nc_scenario_doc_set(nc_node *root, const char *assignment, nc_error *err);

#endif
