/* names.c - a sorted index of names (see names.h). */
#include "base/names.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_heapsort.h>

#include "base/error.h"

static int compare(const void *a, const void *b)
{
    const nc_names_entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

int nc_names_index(nc_names *out, const void *items, size_t n, nc_names_get get)
{
    out->n = 0;
    out->entries = malloc((n ? n : 1) * sizeof *out->entries);
    if (!out->entries)
        return NC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *name = get(items, i);
        if (name)
            out->entries[out->n++] = (nc_names_entry){name, i};
    }
    if (out->n > 1)
        gsl_heapsort(out->entries, out->n, sizeof *out->entries, compare);
    return 0;
}

long nc_names_find(const nc_names *ix, const char *name)
{
    size_t lo = 0, hi = ix->n; /* the first entry not below 'name' is in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->entries[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && strcmp(ix->entries[lo].name, name) == 0 ? (long)ix->entries[lo].index : -1;
}

int nc_names_repeat(const nc_names *ix, size_t *repeat, size_t *first)
{
    int found = 0;
    for (size_t i = 1; i < ix->n; i++) {
        const nc_names_entry *e = &ix->entries[i], *prev = &ix->entries[i - 1];
        /* the second entry of a run of equal names: its index is that name's first repeat */
        if (strcmp(e->name, prev->name) == 0 &&
            (i < 2 || strcmp(ix->entries[i - 2].name, e->name) != 0) &&
            (!found || e->index < *repeat)) {
            *repeat = e->index;
            *first = prev->index;
            found = 1;
        }
    }
    return found;
}

void nc_names_free(nc_names *ix)
{
    free(ix->entries);
    ix->entries = NULL;
    ix->n = 0;
}
