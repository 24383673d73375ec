/*
 * names.h - a sorted index of names, so that looking a name up, or finding the first name
 * given twice, takes O(n log n) for n names rather than comparing every pair.
 *
 * The loader meets lists a hostile file can make long (the keys of one mapping, the stages of
 * an `extends` chain); each check that compared every pair made loading quadratic. The index
 * is sorted with GSL's heapsort (O(n log n) in the worst case, whatever the names: unlike a
 * hash table, no input can make it slow).
 */
#ifndef NC_NAMES_H
#define NC_NAMES_H

#include <stddef.h>

typedef struct nc_names_entry {
    const char *name;
    size_t index;
} nc_names_entry;

typedef struct nc_names {
    nc_names_entry *entries; /* sorted by name, then index */
    size_t n;
} nc_names;

/* The name of item 'i' of 'items', or NULL for an item without one (left out). */
typedef const char *(*nc_names_get)(const void *items, size_t i);

/* Index the names of the 'n' items of 'items'. Returns 0 or NC_ENOMEM. The names are not
 * copied: they must outlive the index. */
int nc_names_index(nc_names *out, const void *items, size_t n, nc_names_get get);

/* The lowest index of an item called 'name', or -1. */
long nc_names_find(const nc_names *ix, const char *name);

/* Is a name given twice? Returns 1 with '*repeat' the index of the earliest second
 * occurrence and '*first' the index of the item it repeats; 0 when all names differ. */
int nc_names_repeat(const nc_names *ix, size_t *repeat, size_t *first);

/* Free the index (not the names). */
void nc_names_free(nc_names *ix);

#endif
