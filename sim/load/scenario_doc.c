/* scenario_doc.c - extends and --set (see scenario_doc.h). */
#include "load/scenario_doc.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "load/node_set.h"
#include "load/node_yaml.h"
#include "load/schema.h"
#include "base/text.h"

/* The files being read, outermost first: their real paths (to find cycles) and the paths as
 * the user sees them (relative to the first file given, for messages). */
typedef struct chain {
    char paths[NC_MAX_EXTENDS_DEPTH + 1][PATH_MAX];
    char shown[NC_MAX_EXTENDS_DEPTH + 1][PATH_MAX];
    int depth;
    size_t values; /* in the files read so far: all of them hold NC_NODE_MAX_NODES at most */
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
static int finish_chain(nc_node **out, nc_node *root, int rc, const char *real, const char *path,
                        chain *ch, const nc_node *from, nc_error *err);

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

static const char *stage_name_text(const void *items, size_t i)
{
    const nc_node *name = stage_name(((const nc_node *)items)->items[i]);
    return name ? name->text : NULL;
}

/*
 * Two stages of an extending file with one name would both merge into the base's stage of that
 * name without a word: refuse them, as the loader does in a file without `extends`. The names
 * are sorted (names.h), not compared pairwise.
 */
static int check_unique_stages(const nc_node *root, nc_error *err)
{
    const nc_node *stages = nc_node_get(root, "stages");
    nc_names ix;
    size_t i, j;
    if (!stages || stages->kind != NC_NODE_SEQ)
        return 0;
    if (nc_names_index(&ix, stages, stages->n, stage_name_text))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int repeated = nc_names_repeat(&ix, &i, &j);
    nc_names_free(&ix);
    if (!repeated)
        return 0;
    const nc_node *name = stage_name(stages->items[i]);
    return nc_node_error(err, name, NC_EINPUT,
                         "a stage named '%s' is already defined (line %d): stage names must be "
                         "unique",
                         nc_quote(name->text).text, stage_name(stages->items[j])->line);
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
        return nc_node_error(err, ext, NC_EINPUT, "path too long: %s", nc_quote(name).text);
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
            return nc_node_error(err, from, NC_EINPUT, "'extends' names '%s': cannot open: %s",
                                 nc_quote(path).text, strerror(errno));
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
    return finish_chain(out, root, rc, real, path, ch, from, err);
}

/* A document 'root' just read from 'path' (its real path 'real'; 'rc' how reading it went):
 * checked, its `extends` chain merged. */
static int finish_chain(nc_node **out, nc_node *root, int rc, const char *real, const char *path,
                        chain *ch, const nc_node *from, nc_error *err)
{
    if (!rc)
        rc = nc_schema_document(root, "a scenario", err);
    /* One file holds NC_NODE_MAX_NODES values at most (node.h), the chain as much: merged,
     * 16 files of that many took minutes and gigabytes to load. */
    if (!rc && from && (ch->values += nc_node_count(root)) > NC_NODE_MAX_NODES)
        rc = nc_node_error(err, from, NC_EINPUT,
                           "'extends' names '%s': with it the scenario and the files it extends "
                           "hold more than %d values",
                           nc_quote(path).text, NC_NODE_MAX_NODES);
    else if (!rc && !from)
        ch->values = nc_node_count(root);
    /* A base that is no file, too large or no scenario at all: the error is at the key that
     * names it (and quotes none of it: `extends: /etc/passwd`). Errors inside a base that is a
     * scenario stay at their place in it. */
    if (rc && rc != NC_ENOMEM && from && (err->line == 0 || (root && root->kind != NC_NODE_MAP)))
        rc = nc_node_error(err, from, NC_EINPUT, "'extends' names '%s': %s", nc_quote(path).text,
                           err->message);
    if (rc) {
        nc_node_free(root);
        return rc;
    }
    snprintf(ch->paths[ch->depth], PATH_MAX, "%s", real);
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

int nc_scenario_doc_load_text(nc_node **out, const char *text, const char *name, nc_error *err)
{
    chain *ch = calloc(1, sizeof *ch);
    nc_node *root = NULL;
    *out = NULL;
    if (!ch)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    /* no real path: text is in no file, so no base can name it again (a cycle) */
    int rc = nc_node_load_string(&root, text, strlen(text), name, err);
    rc = finish_chain(out, root, rc, "", name, ch, NULL, err);
    free(ch);
    return rc;
}

/* A unit of a structured override: a unit symbol, never YAML structure ("{", ":", "#"). */
static int unit_ok(const char *unit)
{
    for (const unsigned char *c = (const unsigned char *)unit; *c; c++)
        if (!isalnum(*c) && !strchr(" /%._-^*()", *c) && *c < 0x80)
            return 0;
    return 1;
}

int nc_scenario_doc_override(nc_node *root, const nc_override *o, nc_error *err)
{
    char value[160];
    if (!o->path)
        return nc_error_set(err, NC_EMISUSE, "an override's path is NULL");
    if (o->kind == NC_VALUE_TEXT) {
        if (!o->text)
            return nc_error_set(err, NC_EMISUSE, "override %s: its text is NULL",
                                nc_quote(o->path).text);
        return nc_node_set_path(root, o->path, o->text, err);
    }
    if (o->kind != NC_VALUE_NUMBER)
        return nc_error_set(err, NC_EMISUSE,
                            "override %s: unknown kind %d (NC_VALUE_NUMBER or NC_VALUE_TEXT)",
                            nc_quote(o->path).text, o->kind);
    if (!isfinite(o->number))
        return nc_error_set(err, NC_EMISUSE, "override %s: the number is not finite",
                            nc_quote(o->path).text);
    const char *unit = o->unit ? o->unit : "";
    if (strlen(unit) > 64 || !unit_ok(unit))
        return nc_error_set(err, NC_EINPUT, "override %s: '%s' is not a unit",
                            nc_quote(o->path).text, nc_quote(unit).text);
    /* 17 significant digits: the double read back is the one given */
    snprintf(value, sizeof value, "%.17g%s%s", o->number, *unit ? " " : "", unit);
    return nc_node_set_path(root, o->path, value, err);
}

int nc_scenario_doc_set(nc_node *root, const char *assignment, nc_error *err)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return nc_error_set(err, NC_EINPUT, "--set expects PATH=VALUE, got '%s'",
                            nc_quote(assignment).text);
    char path[512];
    if ((size_t)(eq - assignment) >= sizeof path)
        return nc_error_set(err, NC_EINPUT, "--set: path too long");
    memcpy(path, assignment, (size_t)(eq - assignment));
    path[eq - assignment] = '\0';
    return nc_node_set_path(root, path, eq + 1, err);
}
