/* schema.c - shape checks of YAML trees with positioned errors (see schema.h). */
#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suggest.h"

int nc_schema_map(const nc_node *node, const char *what, nc_error *err)
{
    if (node->kind == NC_NODE_MAP)
        return 0;
    return nc_node_error(err, node, NC_EINPUT, "expected %s (a mapping of keys), got %s", what,
                         nc_node_kind_name(node->kind));
}

int nc_schema_seq(const nc_node *node, const char *what, nc_error *err)
{
    if (node->kind == NC_NODE_SEQ)
        return 0;
    return nc_node_error(err, node, NC_EINPUT, "expected %s (a list), got %s", what,
                         nc_node_kind_name(node->kind));
}

static void list_keys(const char *const *allowed, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; allowed[i] && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "", allowed[i]);
}

int nc_schema_keys(const nc_node *map, const char *const *allowed, const char *what,
                   nc_error *err)
{
    size_t n_allowed = 0;
    while (allowed[n_allowed])
        n_allowed++;
    for (size_t i = 0; i < map->n; i++) {
        size_t j = 0;
        while (j < n_allowed && strcmp(map->keys[i], allowed[j]) != 0)
            j++;
        if (j < n_allowed)
            continue;
        const char *near = nc_suggest(map->keys[i], allowed, n_allowed);
        char keys[600];
        list_keys(allowed, keys, sizeof keys);
        if (near)
            return nc_node_key_error(err, map, i, NC_EINPUT,
                                     "unknown key '%s' in %s (did you mean '%s'?)",
                                     map->keys[i], what, near);
        return nc_node_key_error(err, map, i, NC_EINPUT,
                                 "unknown key '%s' in %s (expected one of: %s)", map->keys[i],
                                 what, keys);
    }
    return 0;
}

int nc_schema_require(const nc_node **out, const nc_node *map, const char *key,
                      const char *what, nc_error *err)
{
    *out = nc_node_get(map, key);
    if (*out)
        return 0;
    return nc_node_error(err, map, NC_EINPUT, "missing required key '%s' in %s", key, what);
}

int nc_schema_text(const char **out, const nc_node *node, const char *what, nc_error *err)
{
    if (node->kind != NC_NODE_SCALAR)
        return nc_node_error(err, node, NC_EINPUT, "expected %s (a plain value), got %s", what,
                             nc_node_kind_name(node->kind));
    if (!node->text[0])
        return nc_node_error(err, node, NC_EINPUT, "expected %s, got an empty value", what);
    *out = node->text;
    return 0;
}

int nc_schema_int(int64_t *out, const nc_node *node, int64_t lo, int64_t hi, const char *what,
                  nc_error *err)
{
    const char *text = "";
    int rc = nc_schema_text(&text, node, what, err);
    if (rc)
        return rc;
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    while (*end == ' ')
        end++;
    if (end == text || *end || errno)
        return nc_node_error(err, node, NC_EINPUT, "expected %s (a whole number), got '%s'",
                             what, text);
    if (v < lo || v > hi)
        return nc_node_error(err, node, NC_EINPUT,
                             "%s must be between %lld and %lld, got %lld", what, (long long)lo,
                             (long long)hi, v);
    *out = v;
    return 0;
}

int nc_schema_bool(int *out, const nc_node *node, const char *what, nc_error *err)
{
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    const char *text = "";
    int rc = nc_schema_text(&text, node, what, err);
    if (rc)
        return rc;
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(text, yes[i]) == 0)
            return *out = 1, 0;
        if (strcasecmp(text, no[i]) == 0)
            return *out = 0, 0;
    }
    return nc_node_error(err, node, NC_EINPUT, "expected %s (true or false), got '%s'", what,
                         text);
}
