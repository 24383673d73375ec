/* node.c - YAML trees that remember positions: building, copying, lookup, merging and errors
 * at nodes (see node.h). libyaml's side is node_yaml.c, --set's node_set.c. */
#include "load/node.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "base/text.h"
#include "base/text_check.h"

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

nc_node *nc_node_new(nc_node_kind kind, const char *file, int line, int col)
{
    nc_node *node = calloc(1, sizeof *node);
    if (!node)
        return NULL;
    node->kind = kind;
    node->file = dup_str(file);
    node->line = line;
    node->col = col;
    if (!node->file) {
        free(node);
        return NULL;
    }
    return node;
}

nc_node *nc_node_new_scalar(const char *text, const char *file, int line, int col)
{
    nc_node *node = nc_node_new(NC_NODE_SCALAR, file, line, col);
    if (!node)
        return NULL;
    node->plain = 1;
    node->text = dup_str(text);
    if (!node->text) {
        nc_node_free(node);
        return NULL;
    }
    return node;
}

void nc_node_free(nc_node *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->n; i++) {
        nc_node_free(node->items[i]);
        if (node->keys)
            free(node->keys[i]);
    }
    free(node->items);
    free(node->keys);
    free(node->key_line);
    free(node->key_col);
    free(node->text);
    free(node->file);
    free(node);
}

/* Make room for one more child; mappings also grow their key arrays. */
static int reserve(nc_node *node)
{
    if (node->n < node->cap)
        return 0;
    size_t cap = node->cap ? node->cap * 2 : 4;
    nc_node **items = realloc(node->items, cap * sizeof *items);
    if (!items)
        return NC_ENOMEM;
    node->items = items;
    if (node->kind == NC_NODE_MAP) {
        char **keys = realloc(node->keys, cap * sizeof *keys);
        if (!keys)
            return NC_ENOMEM;
        node->keys = keys;
        int *kl = realloc(node->key_line, cap * sizeof *kl);
        if (!kl)
            return NC_ENOMEM;
        node->key_line = kl;
        int *kc = realloc(node->key_col, cap * sizeof *kc);
        if (!kc)
            return NC_ENOMEM;
        node->key_col = kc;
    }
    node->cap = cap;
    return 0;
}

int nc_node_append(nc_node *seq, nc_node *child)
{
    if (reserve(seq)) {
        nc_node_free(child);
        return NC_ENOMEM;
    }
    seq->items[seq->n++] = child;
    return 0;
}

int nc_node_append_pair(nc_node *map, const char *key, int line, int col, nc_node *child)
{
    char *k = dup_str(key);
    if (!k || reserve(map)) {
        free(k);
        nc_node_free(child);
        return NC_ENOMEM;
    }
    map->keys[map->n] = k;
    map->key_line[map->n] = line;
    map->key_col[map->n] = col;
    map->items[map->n++] = child;
    return 0;
}

nc_node *nc_node_copy(const nc_node *node)
{
    nc_node *c = nc_node_new(node->kind, node->file, node->line, node->col);
    if (!c)
        return NULL;
    c->plain = node->plain;
    if (node->text && !(c->text = dup_str(node->text)))
        goto fail;
    for (size_t i = 0; i < node->n; i++) {
        nc_node *item = nc_node_copy(node->items[i]);
        int rc =
            !item ? NC_ENOMEM
            : node->kind == NC_NODE_MAP
                ? nc_node_append_pair(c, node->keys[i], node->key_line[i], node->key_col[i], item)
                : nc_node_append(c, item);
        if (rc)
            goto fail;
    }
    return c;
fail:
    nc_node_free(c);
    return NULL;
}

/* ---- lookup, merge, set ------------------------------------------------------------------ */

long nc_node_index(const nc_node *map, const char *key)
{
    if (!map || map->kind != NC_NODE_MAP)
        return -1;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0)
            return (long)i;
    return -1;
}

size_t nc_node_count(const nc_node *node)
{
    size_t n = 1;
    for (size_t i = 0; i < node->n; i++)
        n += nc_node_count(node->items[i]);
    return n;
}

nc_node *nc_node_get(const nc_node *map, const char *key)
{
    long i = nc_node_index(map, key);
    return i < 0 ? NULL : map->items[i];
}

/* Detach pair 'i' of 'map': return its child and hand its key (now the caller's) to '*key'. */
static nc_node *take_at(nc_node *map, size_t i, char **key)
{
    nc_node *child = map->items[i];
    *key = map->keys[i];
    size_t rest = map->n - i - 1;
    memmove(map->items + i, map->items + i + 1, rest * sizeof *map->items);
    memmove(map->keys + i, map->keys + i + 1, rest * sizeof *map->keys);
    memmove(map->key_line + i, map->key_line + i + 1, rest * sizeof *map->key_line);
    memmove(map->key_col + i, map->key_col + i + 1, rest * sizeof *map->key_col);
    map->n--;
    return child;
}

nc_node *nc_node_take(nc_node *map, const char *key)
{
    long i = nc_node_index(map, key);
    if (i < 0)
        return NULL;
    char *owned;
    nc_node *child = take_at(map, (size_t)i, &owned);
    free(owned);
    return child;
}

const char *nc_node_item_name(const nc_node *item)
{
    const nc_node *name = nc_node_get(item, "name");
    return name && name->kind == NC_NODE_SCALAR ? name->text : NULL;
}

static int all_named(const nc_node *seq)
{
    for (size_t i = 0; i < seq->n; i++)
        if (!nc_node_item_name(seq->items[i]))
            return 0;
    return 1;
}

nc_node *nc_node_find_named(const nc_node *seq, const char *name)
{
    for (size_t i = 0; i < seq->n; i++) {
        const char *n = nc_node_item_name(seq->items[i]);
        if (n && strcmp(n, name) == 0)
            return seq->items[i];
    }
    return NULL;
}

void nc_node_replace(nc_node *base, nc_node *over)
{
    nc_node tmp = *base;
    *base = *over;
    *over = tmp;
    nc_node_free(over);
}

/* The text of the `dist` key of a mapping, or NULL. */
static const char *dist_name(const nc_node *map)
{
    const nc_node *dist = nc_node_get(map, "dist");
    return dist && dist->kind == NC_NODE_SCALAR ? dist->text : NULL;
}

/*
 * Does 'over' replace 'base' whole instead of merging into it? Anything but two mappings or
 * two lists of named items does; so does a mapping naming a distribution (`dist:`) other than
 * the base's: a triangular's min, mode and max merged into a uniform's low and high would be
 * neither distribution. A mapping without `dist` (`{sd: 3 h}`) still adjusts the base's
 * parameters key by key.
 */
static int replaces(const nc_node *base, const nc_node *over)
{
    if (base->kind == NC_NODE_SEQ && over->kind == NC_NODE_SEQ)
        return !all_named(base) || !all_named(over);
    if (base->kind != NC_NODE_MAP || over->kind != NC_NODE_MAP)
        return 1;
    const char *was = dist_name(base), *now = dist_name(over);
    return now && (!was || strcmp(was, now) != 0);
}

/* 'base' takes the position of 'over', which is merged into it: the last file to write a
 * value is where its errors point (an override in a scenario, not the catalog it changes). */
static void take_position(nc_node *base, nc_node *over)
{
    char *file = base->file;
    base->file = over->file;
    over->file = file;
    base->line = over->line;
    base->col = over->col;
}

static const char *copied_name(const void *items, size_t i)
{
    return ((char *const *)items)[i];
}

const char *nc_node_key_at(const void *map, size_t i)
{
    return ((const nc_node *)map)->keys[i];
}

/*
 * Merge list 'over' into list 'base' (both of named mappings) item by item on their names,
 * consuming 'over'. The base's names are looked up in a sorted index (a scan of the base for
 * each item made a chain of 117,000 stages take 203 s); the index holds copies, since a merge
 * replaces the `name` node of the item it merges into.
 */
static int merge_seq(nc_node *base, nc_node *over, nc_error *err)
{
    size_t n_base = base->n;
    char **names = calloc(n_base ? n_base : 1, sizeof *names);
    nc_names ix = {NULL, 0};
    int rc = names ? 0 : NC_ENOMEM;
    for (size_t i = 0; i < n_base && !rc; i++)
        if (!(names[i] = dup_str(nc_node_item_name(base->items[i]))))
            rc = NC_ENOMEM;
    if (!rc)
        rc = nc_names_index(&ix, names, n_base, copied_name);
    for (size_t i = 0; i < over->n && !rc; i++) {
        nc_node *item = over->items[i];
        over->items[i] = NULL;
        long t = nc_names_find(&ix, nc_node_item_name(item));
        rc = t >= 0 ? nc_node_merge(base->items[t], item, err) : nc_node_append(base, item);
    }
    nc_names_free(&ix);
    for (size_t i = 0; names && i < n_base; i++)
        free(names[i]);
    free(names);
    nc_node_free(over); /* what is left of it: NULL items, or those after an error */
    return rc ? nc_error_set(err, NC_ENOMEM, "out of memory") : 0;
}

/* Drop the pairs of 'map' whose value is NULL (removed by a merge), keeping the order. */
static void compact(nc_node *map)
{
    size_t kept = 0;
    for (size_t i = 0; i < map->n; i++) {
        if (!map->items[i]) {
            free(map->keys[i]);
            continue;
        }
        map->keys[kept] = map->keys[i];
        map->items[kept] = map->items[i];
        map->key_line[kept] = map->key_line[i];
        map->key_col[kept++] = map->key_col[i];
    }
    map->n = kept;
}

int nc_node_is_null(const nc_node *node)
{
    return node->kind == NC_NODE_SCALAR && node->plain &&
           (!node->text[0] || !strcmp(node->text, "null") || !strcmp(node->text, "~") ||
            !strcmp(node->text, "Null") || !strcmp(node->text, "NULL"));
}

int nc_node_merge(nc_node *base, nc_node *over, nc_error *err)
{
    if (replaces(base, over)) {
        nc_node_replace(base, over);
        return 0;
    }
    take_position(base, over);
    if (base->kind == NC_NODE_SEQ)
        return merge_seq(base, over, err);
    /* The base's keys in a sorted index: a scan of the base for each key was quadratic. The
     * keys stay in place until compact() (removed pairs only have their value freed). */
    nc_names ix;
    int rc = nc_names_index(&ix, base, base->n, nc_node_key_at);
    for (size_t i = 0; i < over->n && !rc; i++) {
        nc_node *child = over->items[i];
        long t = nc_names_find(&ix, over->keys[i]);
        over->items[i] = NULL;
        if (nc_node_is_null(
                child)) { /* `key: null` removes the base's key (as RFC 7396 merge patch) */
            nc_node_free(child);
            if (t >= 0)
                nc_node_free(base->items[t]), base->items[t] = NULL;
        } else if (t >= 0 && base->items[t]) {
            /* the key, too, is now where 'over' wrote it */
            base->key_line[t] = over->key_line[i], base->key_col[t] = over->key_col[i];
            rc = nc_node_merge(base->items[t], child, err);
        } else if (t >= 0) /* over's keys are unique: this is not reached, but would be right */
            base->items[t] = child;
        else
            rc = nc_node_append_pair(base, over->keys[i], over->key_line[i], over->key_col[i],
                                     child);
    }
    nc_names_free(&ix);
    compact(base);
    nc_node_free(over);
    return rc ? nc_error_set(err, NC_ENOMEM, "out of memory") : 0;
}

/* ---- errors at nodes ----------------------------------------------------------------------- */

static int verror_at(nc_error *err, const char *file, int line, int col, int code, const char *fmt,
                     va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

static int verror_at(nc_error *err, const char *file, int line, int col, int code, const char *fmt,
                     va_list ap)
{
    char msg[NC_ERROR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    nc_error_set(err, code, "%s", msg);
    nc_error_at(err, file, line, col);
    return code;
}

int nc_node_error(nc_error *err, const nc_node *node, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror_at(err, node->file, node->line, node->col, code, fmt, ap);
    va_end(ap);
    return code;
}

int nc_node_key_error(nc_error *err, const nc_node *map, size_t i, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* A key is in the file of its value (nc_node_merge keeps them together, an override's key
     * in the override's file); a key made by --set, or one whose value --set replaced, is
     * where that value came from. */
    const nc_node *value = map->items[i];
    if (map->key_line[i] > 0 && value->line > 0)
        verror_at(err, value->file, map->key_line[i], map->key_col[i], code, fmt, ap);
    else
        verror_at(err, value->file, value->line, value->col, code, fmt, ap);
    va_end(ap);
    return code;
}

const char *nc_node_kind_name(nc_node_kind kind)
{
    return kind == NC_NODE_MAP ? "a mapping" : kind == NC_NODE_SEQ ? "a list" : "a plain value";
}
