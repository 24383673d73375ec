/* scenario_doc.c - extends and --set (see scenario_doc.h). */
#include "scenario_doc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

/* The files being read, outermost first: their real paths (to find cycles) and the paths as
 * the user sees them (relative to the first file given, for messages). */
typedef struct chain {
    char paths[NC_MAX_EXTENDS_DEPTH + 1][PATH_MAX];
    char shown[NC_MAX_EXTENDS_DEPTH + 1][PATH_MAX];
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

/* "a.yaml -> b.yaml -> a.yaml": the files from 'first' in the chain to 'path'. */
static void cycle_text(const chain *ch, int first, const char *path, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = first; i < ch->depth && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s -> ", ch->shown[i]);
    if (at < size)
        snprintf(buf + at, size - at, "%s", path);
}

static int check_cycle(const chain *ch, const char *real, const char *path, const nc_node *from,
                       nc_error *err)
{
    char files[NC_ERROR_MSG_MAX / 2];
    for (int i = 0; i < ch->depth; i++)
        if (strcmp(ch->paths[i], real) == 0) {
            cycle_text(ch, i, path, files, sizeof files);
            return nc_node_error(err, from, NC_EINPUT, "'extends' makes a cycle: %s", files);
        }
    if (ch->depth >= NC_MAX_EXTENDS_DEPTH)
        return nc_node_error(err, from, NC_EINPUT, "'extends' is nested deeper than %d files",
                             NC_MAX_EXTENDS_DEPTH);
    return 0;
}

/* The text of the `name` of stage 'item', or NULL. */
static const nc_node *stage_name(const nc_node *item)
{
    const nc_node *name = nc_node_get(item, "name");
    return name && name->kind == NC_NODE_SCALAR ? name : NULL;
}

/*
 * Two stages of an extending file with one name would both merge into the base's stage of that
 * name without a word: refuse them, as the loader does in a file without `extends`.
 */
static int check_unique_stages(const nc_node *root, nc_error *err)
{
    const nc_node *stages = nc_node_get(root, "stages");
    for (size_t i = 0; stages && stages->kind == NC_NODE_SEQ && i < stages->n; i++) {
        const nc_node *name = stage_name(stages->items[i]);
        for (size_t j = 0; name && j < i; j++) {
            const nc_node *other = stage_name(stages->items[j]);
            if (other && strcmp(other->text, name->text) == 0)
                return nc_node_error(err, name, NC_EINPUT,
                                     "a stage named '%s' is already defined (line %d): stage "
                                     "names must be unique",
                                     name->text, other->line);
        }
    }
    return 0;
}

static int merge_base(nc_node **root, const nc_node *ext, chain *ch, nc_error *err)
{
    const char *name;
    char base_path[PATH_MAX];
    if (ext->kind != NC_NODE_SCALAR)
        return nc_node_error(err, ext, NC_EINPUT,
                             "'extends' takes one file name (e.g. 'extends: base.yaml'), got %s",
                             nc_node_kind_name(ext->kind));
    int rc = nc_schema_text(&name, ext, "the file to extend", err);
    if (!rc)
        rc = check_unique_stages(*root, err);
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
        if (from) /* the scenario names a file that is not there: bad input */
            return nc_node_error(err, from, NC_EINPUT, "cannot read '%s', named by 'extends': %s",
                                 path, strerror(errno));
        /* a scenario named on the command line that does not exist is a usage error (exit
         * status 2); a file that exists but cannot be read is an I/O error */
        int code = errno == ENOENT || errno == ENOTDIR ? NC_EINPUT : NC_EIO;
        nc_error_set(err, code, "cannot open: %s", strerror(errno));
        nc_error_at(err, path, 0, 0);
        return code;
    }
    int rc = from ? check_cycle(ch, real, path, from, err) : 0;
    nc_node *root = NULL;
    if (!rc)
        rc = nc_node_load_file(&root, path, err);
    if (!rc)
        rc = nc_schema_map(root, "a scenario", err);
    if (rc) {
        nc_node_free(root);
        return rc;
    }
    memcpy(ch->paths[ch->depth], real, sizeof real);
    snprintf(ch->shown[ch->depth++], PATH_MAX, "%s", path);
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
