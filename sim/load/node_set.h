/*
 * node_set.h - `--set PATH=VALUE`: one value of a document replaced by a dotted path, the value
 * parsed as YAML.
 */
#ifndef NC_NODE_SET_H
#define NC_NODE_SET_H

#include "base/error.h"
#include "load/node.h"

/*
 * Set the value at dotted 'path' (e.g. "stages.grid-searches.trials", "sites.lab.pue") in
 * 'root' to the YAML text 'value' (parsed, so "{dist: uniform, low: 1, high: 2}" works).
 * A path segment that names a sequence selects the item whose `name` is that segment, or the
 * item at that index. Missing mapping keys are created. Errors: NC_EINPUT when the path goes
 * through a scalar or names no item of a sequence.
 */
int nc_node_set_path(nc_node *root, const char *path, const char *value, nc_error *err);

#endif
