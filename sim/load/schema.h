/*
 * schema.h - checking the shape of a YAML tree: expected kinds, allowed and required keys,
 * and plain values (names, integers, booleans), each error at its file:line:col.
 */
#ifndef NC_SCHEMA_H
#define NC_SCHEMA_H

#include <stdint.h>

#include "base/error.h"
#include "load/node.h"
#include "scenario/text_pool.h"

/* The root of a file must be a mapping: "not a scenario: the file holds a plain value, ...".
 * 'what' names what the file should be ("a scenario"). Unlike nc_schema_map, the message never
 * quotes the value: a file that is not a scenario (`extends: /etc/passwd`) is not shown. */
int nc_schema_document(const nc_node *root, const char *what, nc_error *err);

/* 'node' must be a mapping; 'what' names it in the message ("a site"). */
int nc_schema_map(const nc_node *node, const char *what, nc_error *err);

/* 'node' must be a list. */
int nc_schema_seq(const nc_node *node, const char *what, nc_error *err);

/*
 * Every key of mapping 'map' must be in the NULL-terminated list 'allowed'. An unknown key is
 * reported at the key with the nearest allowed one ("did you mean 'trials'?") and the list.
 */
int nc_schema_keys(const nc_node *map, const char *const *allowed, const char *what,
                   nc_error *err);

/* The child 'key' of 'map', which must be there ("missing required key 'trials' in stage
 * 'search'" at the mapping). */
int nc_schema_require(const nc_node **out, const nc_node *map, const char *key,
                      const char *what, nc_error *err);

/* nc_schema_require, with 'hint' (NULL: none) saying what the key is for, with an example:
 * "missing required key 'trials' in stage 'search' (how many runs, e.g. 'trials: 10')". */
int nc_schema_require_hint(const nc_node **out, const nc_node *map, const char *key,
                           const char *what, const char *hint, nc_error *err);

/* Record an error at the key 'key' of mapping 'map' (at the mapping when it lacks it), not at
 * its value: for keys that do not go together, the key is what the user has to remove. */
int nc_schema_key_error(nc_error *err, const nc_node *map, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* 1 for a name-like scalar: letters, digits, '-', '_', '.', starting with a letter. */
int nc_schema_is_name(const nc_node *node);

/* 1 for a scalar that is a number with an optional unit or a range ("1.58", "0.12 USD/kWh"). */
int nc_schema_is_quantity(const nc_node *node);

/* A non-empty plain value (a name or text) of one line, without control characters
 * (nc_text_check, NC_TEXT_NAME). '*out' points into the node. */
int nc_schema_text(const char **out, const nc_node *node, const char *what, nc_error *err);

/* nc_schema_text, with '*out' a copy in 'pool' (the model's: it outlives the tree). */
int nc_schema_text_copy(const char **out, nc_text_pool *pool, const nc_node *node,
                        const char *what, nc_error *err);

/* The description under 'key' of 'map' as written, copied into 'pool': its text when it is one
 * value (else none: '*out' zeroed) and where. */
int nc_schema_written(nc_written *out, nc_text_pool *pool, const nc_node *map, const char *key,
                      nc_error *err);

/* A whole number in [lo, hi] (no units, no fraction: "4789", not "4789.5" or "5k"). */
int nc_schema_int(int64_t *out, const nc_node *node, int64_t lo, int64_t hi, const char *what,
                  nc_error *err);

/* A YAML boolean: true/false/yes/no/on/off (any case). */
int nc_schema_bool(int *out, const nc_node *node, const char *what, nc_error *err);

#endif
