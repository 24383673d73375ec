/* catalog_names.c - ids and aliases of catalog entries while loading (see catalog_names.h). */
#include "load/catalog_names.h"

#include <stdlib.h>
#include <string.h>

#include "load/schema.h"

/* By name; one name of two entries in entry order, then by position (deterministic). */
static int compare_names(const void *a, const void *b)
{
    const nc_catalog_name *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    return x->line != y->line ? (x->line < y->line ? -1 : 1)
                              : (x->col > y->col) - (x->col < y->col);
}

static void set_name(nc_catalog_name *out, const char *name, size_t entry, const nc_node *at)
{
    out->name = name;
    out->entry = entry;
    out->file = at->file;
    out->line = at->line;
    out->col = at->col;
}

/* The number of names entry 'item' answers to: its id and its `aliases`, a list of names. */
static int count_names(size_t *n, const nc_node *item, nc_error *err)
{
    const nc_node *aliases = nc_node_get(item, "aliases");
    *n = 1;
    if (!aliases)
        return 0;
    if (aliases->kind != NC_NODE_SEQ)
        return nc_node_error(err, aliases, NC_EINPUT,
                             "'aliases' is a list of other names, e.g. [v100, tesla-v100], got "
                             "%s",
                             nc_node_kind_name(aliases->kind));
    *n += aliases->n;
    return 0;
}

int nc_catalog_names_index(nc_catalog_name **out, size_t *n_out, const nc_node *map, nc_error *err)
{
    size_t n = 0, k;
    int rc = 0;
    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < map->n && !rc; i++)
        if (map->items[i]->kind == NC_NODE_MAP && !(rc = count_names(&k, map->items[i], err)))
            n += k;
    nc_catalog_name *names = rc ? NULL : calloc(n ? n : 1, sizeof *names);
    if (!rc && !names)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0, at = 0; i < map->n && !rc; i++) {
        const nc_node *item = map->items[i], *aliases = nc_node_get(item, "aliases");
        if (item->kind != NC_NODE_MAP)
            continue;
        set_name(&names[at], map->keys[i], i, item);
        if (map->key_line[i] > 0) /* the key, in its value's file (see nc_node_key_error) */
            names[at].line = map->key_line[i], names[at].col = map->key_col[i];
        at++;
        for (size_t j = 0; aliases && j < aliases->n && !rc; j++)
            if (!(rc = nc_schema_text(&names[at].name, aliases->items[j], "an alias", err)))
                set_name(&names[at], names[at].name, i, aliases->items[j]), at++;
    }
    if (rc) {
        free(names);
        return rc;
    }
    qsort(names, n, sizeof *names, compare_names);
    *out = names;
    *n_out = n;
    return 0;
}

static const char *entry_id(const nc_catalog *cat, nc_catalog_part part, size_t entry)
{
    return part == NC_CAT_HARDWARE      ? cat->hardware[entry].id
           : part == NC_CAT_EQUIVALENTS ? cat->equivalents[entry].id
                                        : cat->presets[part][entry].id;
}

int nc_catalog_names_unique(const nc_catalog *cat, nc_catalog_part part, nc_error *err)
{
    const nc_catalog_name *names = cat->names[part];
    for (size_t k = 1; k < cat->n_names[part]; k++) {
        const nc_catalog_name *a = &names[k - 1], *b = &names[k];
        if (strcmp(a->name, b->name) != 0 || a->entry == b->entry)
            continue;
        if (!nc_catalog_has_file(cat, a->file) && nc_catalog_has_file(cat, b->file)) {
            const nc_catalog_name *t = a;
            a = b, b = t;
        }
        const char *id = entry_id(cat, part, b->entry), *other = entry_id(cat, part, a->entry);
        nc_error_set(err, NC_EINPUT,
                     "%s '%s' %s '%s', which already names %s '%s' (%s:%d:%d): each id and alias "
                     "names one entry; to change '%s', override it by that name",
                     nc_catalog_part_what(part), id,
                     strcmp(id, b->name) ? "takes the alias" : "is named", b->name,
                     nc_catalog_part_what(part), other, a->file, a->line, a->col, other);
        nc_error_at(err, b->file, b->line, b->col);
        return NC_EINPUT;
    }
    return 0;
}

/* Give key 'j' of 'over' the text 'id'. */
static int rename_key(nc_node *over, size_t j, const char *id, nc_error *err)
{
    char *copy = strdup(id);
    if (!copy)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    free(over->keys[j]);
    over->keys[j] = copy;
    return 0;
}

int nc_catalog_names_resolve(nc_node *over, const nc_node *base, nc_catalog_part part,
                             nc_error *err)
{
    nc_catalog_name *names;
    size_t n;
    if (over->kind != NC_NODE_MAP || base->kind != NC_NODE_MAP)
        return 0;
    int rc = nc_catalog_names_index(&names, &n, base, err);
    long *claimed = rc ? NULL : malloc((base->n ? base->n : 1) * sizeof *claimed);
    if (!rc && !claimed)
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < base->n; i++)
        claimed[i] = -1;
    for (size_t j = 0; j < over->n && !rc; j++) {
        const nc_catalog_name *hit = nc_catalog_find_name(names, n, over->keys[j]);
        if (!hit)
            continue; /* a new entry */
        const char *id = base->keys[hit->entry];
        size_t first = (size_t)claimed[hit->entry];
        if (claimed[hit->entry] >= 0 && !strcmp(id, over->keys[j]))
            rc = nc_node_key_error(err, over, j, NC_EINPUT,
                                   "%s '%s' is overridden twice: also as '%s' (line %d), one of "
                                   "its aliases; override each entry once",
                                   nc_catalog_part_what(part), id, over->keys[first],
                                   over->key_line[first]);
        else if (claimed[hit->entry] >= 0)
            rc = nc_node_key_error(err, over, j, NC_EINPUT,
                                   "'%s' is an alias of %s '%s', which this scenario already "
                                   "overrides as '%s' (line %d): override each entry once",
                                   over->keys[j], nc_catalog_part_what(part), id, over->keys[first],
                                   over->key_line[first]);
        claimed[hit->entry] = (long)j;
    }
    for (size_t i = 0; !rc && i < base->n; i++) /* after the messages, which quote the keys */
        if (claimed[i] >= 0 && strcmp(base->keys[i], over->keys[claimed[i]]) != 0)
            rc = rename_key(over, (size_t)claimed[i], base->keys[i], err);
    free(names);
    free(claimed);
    return rc;
}
