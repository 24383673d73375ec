/* node_set.c - `--set PATH=VALUE`: one value of a tree replaced, by a dotted path (see
 * node_set.h). */
#include "load/node_set.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/suggest.h"
#include "base/text.h"
#include "base/text_check.h"
#include "load/node_yaml.h"

/* ---- --set PATH=VALUE ------------------------------------------------------------------ */

/* The item of list 'seq' named 'segment' (its `name` key), else the one at index 'segment'. */
static nc_node *seq_select(const nc_node *seq, const char *segment)
{
    nc_node *named = nc_node_find_named(seq, segment);
    if (named)
        return named;
    char *end;
    errno = 0;
    unsigned long i = strtoul(segment, &end, 10);
    if (isdigit((unsigned char)*segment) && !*end && !errno && i < seq->n)
        return seq->items[i];
    return NULL;
}

/* "no item named 'trian' (did you mean 'train'?)" for a --set path into list 'seq' called
 * 'list'. */
static int no_such_item(const nc_node *seq, const char *list, const char *segment, const char *path,
                        nc_error *err)
{
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < seq->n && n < 64; i++)
        if (nc_node_item_name(seq->items[i]))
            names[n++] = nc_node_item_name(seq->items[i]);
    const char *near = nc_suggest(segment, names, n);
    if (seq->n == 0)
        return nc_node_error(err, seq, NC_EINPUT, "--set %s: %s is an empty list", path, list);
    if (isdigit((unsigned char)segment[0]))
        return nc_node_error(err, seq, NC_EINPUT,
                             "--set %s: %s has no item at index %s (it has %zu item%s, from "
                             "index 0)",
                             path, list, segment, seq->n, seq->n == 1 ? "" : "s");
    if (near)
        return nc_node_error(err, seq, NC_EINPUT,
                             "--set %s: %s has no item named '%s' (did you mean '%s'?)", path, list,
                             segment, near);
    return nc_node_error(err, seq, NC_EINPUT,
                         "--set %s: %s has no item named '%s' (give the `name` of an item, or "
                         "an index from 0 to %zu)",
                         path, list, segment, seq->n - 1);
}

/* Walk one segment of a --set path, creating a mapping when the key is absent; 'where' names
 * the nodes it creates ("--set PATH"), 'parent' is the previous segment (for messages). */
static int set_step(nc_node **at, const char *segment, const char *parent, const char *path,
                    const char *where, nc_error *err)
{
    nc_node *node = *at;
    if (node->kind == NC_NODE_SEQ) {
        *at = seq_select(node, segment);
        return *at ? 0 : no_such_item(node, parent, segment, path, err);
    }
    if (node->kind != NC_NODE_MAP)
        return nc_node_error(err, node, NC_EINPUT,
                             "--set %s: %s is a plain value ('%s'), so it has no '%s'", path,
                             parent, nc_quote(node->text).text, segment);
    nc_node *next = nc_node_get(node, segment);
    if (!next) {
        next = nc_node_new(NC_NODE_MAP, where, 0, 0);
        if (!next || nc_node_append_pair(node, segment, 0, 0, next))
            return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    *at = next;
    return 0;
}

/* A value given on the command line has no line: forget the positions inside its text. */
static void forget_positions(nc_node *node)
{
    node->line = node->col = 0;
    for (size_t i = 0; i < node->n; i++) {
        if (node->kind == NC_NODE_MAP)
            node->key_line[i] = node->key_col[i] = 0;
        forget_positions(node->items[i]);
    }
}

/* Check that 'path' is a dotted path without empty segments. */
static int check_path(const char *path, nc_error *err)
{
    size_t len = strlen(path);
    if (len == 0)
        return nc_error_set(err, NC_EINPUT, "--set: the path before '=' is empty");
    if (len >= 1024)
        return nc_error_set(err, NC_EINPUT, "--set: the path is longer than 1023 characters");
    if (nc_text_check(path, len, NC_TEXT_NAME, "--set: the path", err))
        return NC_EINPUT;
    if (path[0] == '.' || path[len - 1] == '.' || strstr(path, ".."))
        return nc_error_set(err, NC_EINPUT,
                            "--set %s: the path has an empty part (write NAME.NAME, e.g. "
                            "stages.search.trials)",
                            path);
    return 0;
}

/* Parse the YAML text 'value' of a --set into '*out', its nodes named 'where'. */
static int parse_value(nc_node **out, const char *value, const char *where, const char *path,
                       nc_error *err)
{
    size_t i = 0;
    while (value[i] == ' ' || value[i] == '\t')
        i++;
    if (!value[i])
        return nc_error_set(err, NC_EINPUT, "--set %s: no value after '='", path);
    int rc = nc_node_load_string(out, value, strlen(value), where, err);
    if (rc == NC_EINPUT)
        nc_error_at(err, where, 0, 0);
    if (!rc)
        forget_positions(*out);
    return rc;
}

int nc_node_set_path(nc_node *root, const char *path, const char *value, nc_error *err)
{
    char buf[1024], where[1100], parent[1024] = "the document";
    int rc = check_path(path, err);
    if (rc)
        return rc;
    snprintf(buf, sizeof buf, "%s", path);
    snprintf(where, sizeof where, "--set %s", path);
    nc_node *parsed = NULL;
    if ((rc = parse_value(&parsed, value, where, path, err)))
        return rc;
    nc_node *at = root;
    for (char *seg = buf, *dot; seg && !rc; seg = dot ? dot + 1 : NULL) {
        dot = strchr(seg, '.');
        if (dot)
            *dot = '\0';
        rc = set_step(&at, seg, parent, path, where, err);
        snprintf(parent, sizeof parent, "%s", path);
        parent[dot ? (size_t)(dot - buf) : strlen(path)] = '\0';
    }
    if (rc) {
        nc_node_free(parsed);
        return rc;
    }
    nc_node_replace(at, parsed);
    return 0;
}
