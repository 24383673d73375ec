/* scenario_doc.c - extends and --set (see scenario_doc.h). */
#include "scenario_doc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

typedef struct chain {
    char paths[NC_MAX_EXTENDS_DEPTH + 1][PATH_MAX];
    int depth;
} chain;

/* 'name' relative to the directory of 'file', unless it is absolute. */
static int sibling_path(char *out, size_t size, const char *file, const char *name)
{
    const char *slash = strrchr(file, '/');
    int n;
    if (name[0] == '/' || !slash)
        n = snprintf(out, size, "%s", name);
    else
        n = snprintf(out, size, "%.*s/%s", (int)(slash - file), file, name);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

static int load_chain(nc_node **out, const char *path, chain *ch, const nc_node *from,
                      nc_error *err);

static int check_cycle(const chain *ch, const char *real, const nc_node *from, nc_error *err)
{
    for (int i = 0; i < ch->depth; i++)
        if (strcmp(ch->paths[i], real) == 0)
            return nc_node_error(err, from, NC_EINPUT,
                                 "'extends' makes a cycle: %s extends itself through this file",
                                 real);
    if (ch->depth >= NC_MAX_EXTENDS_DEPTH)
        return nc_node_error(err, from, NC_EINPUT, "'extends' is nested deeper than %d files",
                             NC_MAX_EXTENDS_DEPTH);
    return 0;
}

static int merge_base(nc_node **root, const nc_node *ext, chain *ch, nc_error *err)
{
    const char *name;
    char base_path[PATH_MAX];
    int rc = nc_schema_text(&name, ext, "the file to extend", err);
    if (rc)
        return rc;
    if (sibling_path(base_path, sizeof base_path, ext->file, name))
        return nc_node_error(err, ext, NC_EINPUT, "path too long: %s", name);
    nc_node *base = NULL;
    rc = load_chain(&base, base_path, ch, ext, err);
    if (rc)
        return rc;
    rc = nc_node_merge(base, *root, err);
    *root = base;
    return rc;
}

static int load_chain(nc_node **out, const char *path, chain *ch, const nc_node *from,
                      nc_error *err)
{
    char real[PATH_MAX];
    *out = NULL;
    if (!realpath(path, real)) {
        if (from)
            return nc_node_error(err, from, NC_EIO, "cannot open '%s' (extended here)", path);
        nc_error_set(err, NC_EIO, "cannot open: no such file");
        nc_error_at(err, path, 0, 0);
        return NC_EIO;
    }
    int rc = from ? check_cycle(ch, real, from, err) : 0;
    nc_node *root = NULL;
    if (!rc)
        rc = nc_node_load_file(&root, path, err);
    if (!rc)
        rc = nc_schema_map(root, "a scenario", err);
    if (rc) {
        nc_node_free(root);
        return rc;
    }
    memcpy(ch->paths[ch->depth++], real, sizeof real);
    nc_node *ext = nc_node_take(root, "extends");
    if (ext)
        rc = merge_base(&root, ext, ch, err);
    nc_node_free(ext);
    ch->depth--;
    if (rc) {
        nc_node_free(root);
        return rc;
    }
    *out = root;
    return 0;
}

int nc_scenario_doc_load(nc_node **out, const char *path, nc_error *err)
{
    chain *ch = calloc(1, sizeof *ch);
    if (!ch)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int rc = load_chain(out, path, ch, NULL, err);
    free(ch);
    return rc;
}

int nc_scenario_doc_set(nc_node *root, const char *assignment, nc_error *err)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return nc_error_set(err, NC_EINPUT, "--set expects PATH=VALUE, got '%s'", assignment);
    char path[512];
    if ((size_t)(eq - assignment) >= sizeof path)
        return nc_error_set(err, NC_EINPUT, "--set: path too long");
    memcpy(path, assignment, (size_t)(eq - assignment));
    path[eq - assignment] = '\0';
    return nc_node_set_path(root, path, eq + 1, err);
}
