/* catalog_entry.c - a catalog entry as written, captured at load (see catalog_entry.h). */
#include "load/catalog_entry.h"

#include <stdio.h>
#include <stdlib.h>

/* Write 'node''s keys and values as YAML-like lines, 'indent' spaces deep. */
static void write_listing(FILE *f, const nc_node *node, int indent)
{
    for (size_t i = 0; i < node->n; i++) {
        const nc_node *item = node->items[i];
        if (node->kind == NC_NODE_MAP)
            fprintf(f, "%*s%s:", indent, "", node->keys[i]);
        else
            fprintf(f, "%*s-", indent, "");
        if (item->kind == NC_NODE_SCALAR)
            fprintf(f, " %s\n", item->text);
        else {
            fputc('\n', f);
            write_listing(f, item, indent + 2);
        }
    }
}

/* The listing of 'node' (two spaces deep) copied into 'pool'. */
static int capture_listing(const char **out, nc_text_pool *pool, const nc_node *node, nc_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    write_listing(f, node, 2);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    int rc = bad || !text ? nc_error_set(err, NC_ENOMEM, "out of memory")
                          : nc_text_pool_copy(pool, out, text, err);
    free(text);
    return rc;
}

/* The text of the scalar under 'key' of 'map' copied into 'pool', or NULL. */
static int capture_scalar(const char **out, nc_text_pool *pool, const nc_node *map, const char *key,
                          nc_error *err)
{
    const nc_node *node = nc_node_get(map, key);
    *out = NULL;
    return node && node->kind == NC_NODE_SCALAR ? nc_text_pool_copy(pool, out, node->text, err) : 0;
}

static int capture_aliases(nc_catalog_entry *e, nc_text_pool *pool, const nc_node *aliases,
                           nc_error *err)
{
    if (!aliases || aliases->kind != NC_NODE_SEQ || !aliases->n)
        return 0;
    if (!(e->aliases = calloc(aliases->n, sizeof *e->aliases)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < aliases->n; i++) {
        const nc_node *alias = aliases->items[i];
        if (alias->kind != NC_NODE_SCALAR)
            continue;
        int rc = nc_text_pool_copy(pool, &e->aliases[e->n_aliases++], alias->text, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int capture_sources(nc_catalog_entry *e, nc_text_pool *pool, const nc_node *sources,
                           nc_error *err)
{
    if (!sources || sources->kind != NC_NODE_MAP || !sources->n)
        return 0;
    if (!(e->sources = calloc(sources->n, sizeof *e->sources)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < sources->n; i++) {
        const nc_node *text = sources->items[i];
        if (text->kind != NC_NODE_SCALAR)
            continue;
        nc_source *s = &e->sources[e->n_sources++];
        int rc = nc_text_pool_copy(pool, &s->key, sources->keys[i], err);
        if (!rc)
            rc = nc_text_pool_written(pool, &s->text, text->text, text->file, text->line, text->col,
                                      err);
        if (rc)
            return rc;
    }
    return 0;
}

int nc_catalog_entry_capture(nc_catalog_entry *e, nc_text_pool *pool, const char *id,
                             const nc_node *node, nc_error *err)
{
    e->line = node->line;
    int rc = nc_text_pool_copy(pool, &e->id, id, err);
    if (!rc)
        rc = nc_text_pool_copy(pool, &e->file, node->file, err);
    if (!rc)
        rc = capture_scalar(&e->name, pool, node, "name", err);
    if (!rc)
        rc = capture_scalar(&e->year, pool, node, "year", err);
    if (!rc)
        rc = capture_listing(&e->listing, pool, node, err);
    if (!rc)
        rc = capture_aliases(e, pool, nc_node_get(node, "aliases"), err);
    if (!rc)
        rc = capture_sources(e, pool, nc_node_get(node, "sources"), err);
    return rc;
}
