/*
 * node_yaml.h - YAML text and files to nc_node trees (node.h), through libyaml: the only file
 * that includes yaml.h. Limits guard against hostile documents: more than NC_NODE_MAX_NODES
 * values (written, or made by aliases) and nesting deeper than NC_NODE_MAX_DEPTH are errors,
 * found before the document is built, not hangs; keys and values holding control characters
 * (text.h) are refused; libyaml's errors are said in words a newcomer can act on.
 */
#ifndef NC_NODE_YAML_H
#define NC_NODE_YAML_H

#include <stddef.h>

#include "base/error.h"
#include "load/node.h"

/* Parse the YAML file at 'path' into '*out' (one document). Empty documents, malformed YAML,
 * over-limit documents and text with control characters are NC_EINPUT with a position; a path
 * that is not a regular file, or is larger than NC_NODE_MAX_BYTES, NC_EINPUT at the file
 * (file.h); unreadable files NC_EIO. */
int nc_node_load_file(nc_node **out, const char *path, nc_error *err);

/* Parse 'len' bytes of YAML text; 'name' is used as the file name in positions. */
int nc_node_load_string(nc_node **out, const char *text, size_t len, const char *name,
                        nc_error *err);

#endif
