/*
 * node.h - a YAML document as a small tree that remembers where each value came from.
 *
 * nc_node trees can be merged (`extends:`), edited (`--set PATH=VALUE`, node_set.h) and walked
 * by the loaders, each node keeping its file, line and column for error messages; libyaml's
 * documents become trees in node_yaml.h. Merging and lookups of many keys take O(n log n)
 * (names.h).
 */
#ifndef NC_NODE_H
#define NC_NODE_H

#include <stddef.h>

#include "base/error.h"
#include "base/file.h"

#define NC_NODE_MAX_NODES 200000
#define NC_NODE_MAX_DEPTH 64
/* Anchors (&name) in one document: a scenario reuses a handful of values; libyaml looks each
 * alias up among all anchors, so their number bounds the time an alias takes. */
#define NC_NODE_MAX_ANCHORS 1000
#define NC_NODE_MAX_BYTES   NC_FILE_MAX_BYTES /* 16 MiB: no scenario or catalog comes close */
#define NC_NODE_MAX_VALUE 65536        /* bytes in one value: titles and sources fit easily */

typedef enum nc_node_kind { NC_NODE_SCALAR, NC_NODE_MAP, NC_NODE_SEQ } nc_node_kind;

typedef struct nc_node nc_node;
struct nc_node {
    nc_node_kind kind;
    char *text;       /* SCALAR: the value as written (never NULL) */
    int plain;        /* SCALAR: written unquoted (so `null`, `~` and `` mean nothing) */
    char **keys;      /* MAP: keys[i] names items[i] */
    int *key_line, *key_col;
    nc_node **items;  /* MAP and SEQ: the children */
    size_t n, cap;
    char *file;       /* where this node was written ("<command line>" for --set) */
    int line, col;    /* 1-based */
};

/* Free a tree. NULL does nothing. */
void nc_node_free(nc_node *node);

/* A deep copy of 'node', or NULL when out of memory. */
nc_node *nc_node_copy(const nc_node *node);

/* A new empty node of 'kind' written at 'file':'line':'col'; NULL on ENOMEM. */
nc_node *nc_node_new(nc_node_kind kind, const char *file, int line, int col);

/* A new scalar node with a copy of 'text', written at 'file':'line':'col'; NULL on ENOMEM. */
nc_node *nc_node_new_scalar(const char *text, const char *file, int line, int col);

/* Append 'child' to a sequence. Returns 0, or NC_ENOMEM with 'child' freed. */
int nc_node_append(nc_node *seq, nc_node *child);

/* Append 'key' (copied, written at 'line':'col') -> 'child' to a mapping. Returns 0, or
 * NC_ENOMEM with 'child' freed. */
int nc_node_append_pair(nc_node *map, const char *key, int line, int col, nc_node *child);

/* The text of the `name` key of a mapping item, or NULL. */
const char *nc_node_item_name(const nc_node *item);

/* The item of sequence 'seq' whose `name` is 'name', or NULL. */
nc_node *nc_node_find_named(const nc_node *seq, const char *name);

/* Swap the contents of two nodes (so 'base' takes 'over's place in its parent), then free
 * 'over' (which now holds what 'base' had): how both a --set value and a merged value that
 * replaces its base's whole land. */
void nc_node_replace(nc_node *base, nc_node *over);

/* 1 when 'node' is YAML's null: a plain `null`, `Null`, `NULL`, `~` or nothing. */
int nc_node_is_null(const nc_node *node);

/* The key of pair 'i' of mapping 'map' (an nc_names_get, to index a mapping's keys). */
const char *nc_node_key_at(const void *map, size_t i);

/* The number of values in the tree 'node' (itself included). */
size_t nc_node_count(const nc_node *node);

/* The child of mapping 'map' under 'key', or NULL (also when 'map' is NULL or no mapping). */
nc_node *nc_node_get(const nc_node *map, const char *key);

/* The index of 'key' in mapping 'map', or -1. */
long nc_node_index(const nc_node *map, const char *key);

/* Detach and return the child under 'key' from 'map' (NULL if absent). */
nc_node *nc_node_take(nc_node *map, const char *key);

/*
 * Merge 'over' into 'base', consuming 'over'. Mappings merge key by key, recursively (a key
 * whose value in 'over' is null removes the key from 'base', as an RFC 7396 merge patch); a
 * sequence of mappings that all have a `name` merges item by item on that name (new names are
 * appended), so a what-if can override one stage of its base; a mapping naming another
 * distribution (`dist:`) than the base's, and anything else in 'over', replaces what 'base'
 * had whole, as --set does. Merged values and their keys take the position of 'over', so
 * errors point at the file that wrote them last. Returns 0 or NC_ENOMEM.
 */
int nc_node_merge(nc_node *base, nc_node *over, nc_error *err);

/* Record an error at 'node' (its file, line and column) and return 'code'. */
int nc_node_error(nc_error *err, const nc_node *node, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* The same at the key 'i' of mapping 'map'. */
int nc_node_key_error(nc_error *err, const nc_node *map, size_t i, int code, const char *fmt,
                      ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* A name for the kind, for messages: "a scalar", "a mapping", "a list". */
const char *nc_node_kind_name(nc_node_kind kind);

#endif
