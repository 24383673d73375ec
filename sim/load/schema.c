/* schema.c - shape checks of YAML trees with positioned errors (see schema.h). */
#include "load/schema.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/suggest.h"
#include "base/text.h"
#include "base/text_check.h"

/* A plain scalar that YAML reads as null: nothing, `~` or `null`. */

/* What 'node' is, for "got ..." in messages: "a list", "no value", "'5 h'". */
static const char *describe(const nc_node *node, char *buf, size_t size)
{
    if (node->kind != NC_NODE_SCALAR)
        return nc_node_kind_name(node->kind);
    if (nc_node_is_null(node))
        return "no value";
    snprintf(buf, size, "'%s'", nc_quote(node->text).text);
    return buf;
}

int nc_schema_document(const nc_node *root, const char *what, nc_error *err)
{
    if (root->kind == NC_NODE_MAP)
        return 0;
    return nc_node_error(err, root, NC_EINPUT,
                         "not %s: the file holds %s, where %s is a YAML mapping ('key: value' "
                         "lines)",
                         what,
                         nc_node_is_null(root) ? "no value" : nc_node_kind_name(root->kind),
                         what);
}

int nc_schema_map(const nc_node *node, const char *what, nc_error *err)
{
    char buf[NC_TEXT_QUOTE_MAX + 2];
    if (node->kind == NC_NODE_MAP)
        return 0;
    return nc_node_error(err, node, NC_EINPUT, "expected %s (a mapping of keys), got %s", what,
                         describe(node, buf, sizeof buf));
}

int nc_schema_seq(const nc_node *node, const char *what, nc_error *err)
{
    char buf[NC_TEXT_QUOTE_MAX + 2];
    if (node->kind == NC_NODE_SEQ)
        return 0;
    return nc_node_error(err, node, NC_EINPUT, "expected %s (a list), got %s", what,
                         describe(node, buf, sizeof buf));
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
                                     nc_quote(map->keys[i]).text, what, near);
        return nc_node_key_error(err, map, i, NC_EINPUT,
                                 "unknown key '%s' in %s (expected one of: %s)",
                                 nc_quote(map->keys[i]).text, what, keys);
    }
    return 0;
}

int nc_schema_require(const nc_node **out, const nc_node *map, const char *key,
                      const char *what, nc_error *err)
{
    return nc_schema_require_hint(out, map, key, what, NULL, err);
}

int nc_schema_require_hint(const nc_node **out, const nc_node *map, const char *key,
                           const char *what, const char *hint, nc_error *err)
{
    *out = nc_node_get(map, key);
    if (*out)
        return 0;
    if (!hint)
        return nc_node_error(err, map, NC_EINPUT, "missing required key '%s' in %s", key, what);
    return nc_node_error(err, map, NC_EINPUT, "missing required key '%s' in %s (%s)", key, what,
                         hint);
}

int nc_schema_key_error(nc_error *err, const nc_node *map, const char *key, const char *fmt, ...)
{
    char msg[NC_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long i = nc_node_index(map, key);
    if (i < 0)
        return nc_node_error(err, map, NC_EINPUT, "%s", msg);
    return nc_node_key_error(err, map, (size_t)i, NC_EINPUT, "%s", msg);
}

int nc_schema_is_name(const nc_node *node)
{
    const char *s = node->text;
    if (node->kind != NC_NODE_SCALAR || !isalpha((unsigned char)s[0]))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return 0;
    return 1;
}

int nc_schema_is_quantity(const nc_node *node)
{
    return node->kind == NC_NODE_SCALAR &&
           (isdigit((unsigned char)node->text[0]) || node->text[0] == '.' ||
            node->text[0] == '-' || node->text[0] == '+' || node->text[0] == '$');
}

int nc_schema_text(const char **out, const nc_node *node, const char *what, nc_error *err)
{
    if (node->kind != NC_NODE_SCALAR)
        return nc_node_error(err, node, NC_EINPUT, "expected %s (a plain value), got %s", what,
                             nc_node_kind_name(node->kind));
    if (!node->text[0] || nc_node_is_null(node))
        return nc_node_error(err, node, NC_EINPUT, "expected %s, got no value", what);
    if (nc_text_check(node->text, strlen(node->text), NC_TEXT_NAME, what, err))
        return nc_node_error(err, node, NC_EINPUT, "%s", err->message);
    *out = node->text;
    return 0;
}

int nc_schema_text_copy(const char **out, nc_text_pool *pool, const nc_node *node,
                        const char *what, nc_error *err)
{
    int rc = nc_schema_text(out, node, what, err);
    return rc ? rc : nc_text_pool_copy(pool, out, *out, err);
}

int nc_schema_written(nc_written *out, nc_text_pool *pool, const nc_node *map, const char *key,
                      nc_error *err)
{
    const nc_node *node = nc_node_get(map, key);
    memset(out, 0, sizeof *out);
    if (!node || node->kind != NC_NODE_SCALAR)
        return 0;
    return nc_text_pool_written(pool, out, node->text, node->file, node->line, node->col, err);
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
    if (end == text || *end || errno == EINVAL)
        return nc_node_error(err, node, NC_EINPUT, "%s must be a whole number, got '%s'", what,
                             nc_quote(text).text);
    if (v < lo || (errno == ERANGE && v < 0))
        return nc_node_error(err, node, NC_EINPUT, "%s must be at least %lld, got %s", what,
                             (long long)lo, nc_quote(text).text);
    if (v > hi || errno == ERANGE)
        return nc_node_error(err, node, NC_EINPUT, "%s must be at most %lld, got %s", what,
                             (long long)hi, nc_quote(text).text);
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
    return nc_node_error(err, node, NC_EINPUT, "%s must be true or false, got '%s'", what,
                         nc_quote(text).text);
}
