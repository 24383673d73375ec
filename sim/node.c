/* node.c - YAML documents as positioned trees (see node.h). */
#include "node.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static nc_node *node_new(nc_node_kind kind, const char *file, int line, int col)
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
    nc_node *node = node_new(NC_NODE_SCALAR, file, line, col);
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

/* Append 'child' to a sequence. On failure 'child' is freed. */
static int append_item(nc_node *seq, nc_node *child)
{
    if (reserve(seq)) {
        nc_node_free(child);
        return NC_ENOMEM;
    }
    seq->items[seq->n++] = child;
    return 0;
}

/* Append 'key' -> 'child' to a mapping. On failure 'child' is freed. */
static int append_pair(nc_node *map, const char *key, int line, int col, nc_node *child)
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
    nc_node *c = node_new(node->kind, node->file, node->line, node->col);
    if (!c)
        return NULL;
    c->plain = node->plain;
    if (node->text && !(c->text = dup_str(node->text)))
        goto fail;
    for (size_t i = 0; i < node->n; i++) {
        nc_node *item = nc_node_copy(node->items[i]);
        int rc = !item ? NC_ENOMEM
                 : node->kind == NC_NODE_MAP
                     ? append_pair(c, node->keys[i], node->key_line[i], node->key_col[i], item)
                     : append_item(c, item);
        if (rc)
            goto fail;
    }
    return c;
fail:
    nc_node_free(c);
    return NULL;
}

/* ---- from libyaml's document to nc_node ------------------------------------------------ */

typedef struct convert_ctx {
    yaml_document_t *doc;
    const char *file;
    size_t count; /* nodes made so far: bounds alias expansion */
    nc_error *err;
} convert_ctx;

static int convert(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node **out);

static int convert_limits(convert_ctx *cx, yaml_node_t *yn, int depth)
{
    int line = (int)yn->start_mark.line + 1, col = (int)yn->start_mark.column + 1;
    if (depth > NC_NODE_MAX_DEPTH) {
        nc_error_set(cx->err, NC_EINPUT, "nesting deeper than %d levels", NC_NODE_MAX_DEPTH);
        nc_error_at(cx->err, cx->file, line, col);
        return NC_EINPUT;
    }
    if (++cx->count > NC_NODE_MAX_NODES) {
        nc_error_set(cx->err, NC_EINPUT,
                     "document expands to more than %d values (aliases nested too deep?)",
                     NC_NODE_MAX_NODES);
        nc_error_at(cx->err, cx->file, line, col);
        return NC_EINPUT;
    }
    return 0;
}

static int convert_scalar(convert_ctx *cx, yaml_node_t *yn, nc_node *node)
{
    (void)cx;
    node->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    node->text = malloc(yn->data.scalar.length + 1);
    if (!node->text)
        return NC_ENOMEM;
    memcpy(node->text, yn->data.scalar.value, yn->data.scalar.length);
    node->text[yn->data.scalar.length] = '\0';
    if (strlen(node->text) != yn->data.scalar.length)
        return nc_node_error(cx->err, node, NC_EINPUT, "a value holds a NUL character");
    return 0;
}

static int convert_map(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node *node)
{
    for (yaml_node_pair_t *p = yn->data.mapping.pairs.start; p < yn->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(cx->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(cx->doc, p->value);
        int line = (int)k->start_mark.line + 1, col = (int)k->start_mark.column + 1;
        if (k->type != YAML_SCALAR_NODE) {
            nc_error_set(cx->err, NC_EINPUT, "a key must be a plain name, not %s",
                         k->type == YAML_MAPPING_NODE ? "a mapping" : "a list");
            nc_error_at(cx->err, cx->file, line, col);
            return NC_EINPUT;
        }
        const char *key = (const char *)k->data.scalar.value;
        if (nc_node_index(node, key) >= 0) {
            nc_error_set(cx->err, NC_EINPUT, "duplicate key '%s'", key);
            nc_error_at(cx->err, cx->file, line, col);
            return NC_EINPUT;
        }
        nc_node *child;
        int rc = convert(cx, v, depth + 1, &child);
        if (rc)
            return rc;
        if (append_pair(node, key, line, col, child))
            return NC_ENOMEM;
    }
    return 0;
}

static int convert_seq(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node *node)
{
    for (yaml_node_item_t *it = yn->data.sequence.items.start; it < yn->data.sequence.items.top;
         it++) {
        nc_node *child;
        int rc = convert(cx, yaml_document_get_node(cx->doc, *it), depth + 1, &child);
        if (rc)
            return rc;
        if (append_item(node, child))
            return NC_ENOMEM;
    }
    return 0;
}

static int convert(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node **out)
{
    int rc = convert_limits(cx, yn, depth);
    if (rc)
        return rc;
    nc_node_kind kind = yn->type == YAML_MAPPING_NODE    ? NC_NODE_MAP
                        : yn->type == YAML_SEQUENCE_NODE ? NC_NODE_SEQ
                                                         : NC_NODE_SCALAR;
    nc_node *node = node_new(kind, cx->file, (int)yn->start_mark.line + 1,
                             (int)yn->start_mark.column + 1);
    if (!node)
        return nc_error_set(cx->err, NC_ENOMEM, "out of memory");
    rc = kind == NC_NODE_SCALAR ? convert_scalar(cx, yn, node)
         : kind == NC_NODE_MAP  ? convert_map(cx, yn, depth, node)
                                : convert_seq(cx, yn, depth, node);
    if (rc) {
        if (rc == NC_ENOMEM && cx->err && cx->err->code == NC_OK)
            nc_error_set(cx->err, NC_ENOMEM, "out of memory");
        nc_node_free(node);
        return rc;
    }
    *out = node;
    return 0;
}

static int parser_error(const yaml_parser_t *parser, const char *name, nc_error *err)
{
    if (parser->error == YAML_MEMORY_ERROR)
        return nc_error_set(err, NC_ENOMEM, "out of memory while parsing YAML");
    const yaml_mark_t *m = parser->problem ? &parser->problem_mark : &parser->context_mark;
    if (parser->context)
        nc_error_set(err, NC_EINPUT, "malformed YAML: %s (%s)",
                     parser->problem ? parser->problem : "error", parser->context);
    else
        nc_error_set(err, NC_EINPUT, "malformed YAML: %s",
                     parser->problem ? parser->problem : "error");
    nc_error_at(err, name, (int)m->line + 1, (int)m->column + 1);
    return NC_EINPUT;
}

int nc_node_load_string(nc_node **out, const char *text, size_t len, const char *name,
                        nc_error *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = 0;
    *out = NULL;
    if (len > NC_NODE_MAX_BYTES) {
        nc_error_set(err, NC_EINPUT, "file is larger than %u MiB", NC_NODE_MAX_BYTES >> 20);
        nc_error_at(err, name, 0, 0);
        return NC_EINPUT;
    }
    if (!yaml_parser_initialize(&parser))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = parser_error(&parser, name, err);
        yaml_parser_delete(&parser);
        return rc;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        nc_error_set(err, NC_EINPUT, "the file is empty: expected a YAML mapping");
        nc_error_at(err, name, 1, 1);
        rc = NC_EINPUT;
        goto done;
    }
    convert_ctx cx = {&doc, name, 0, err};
    rc = convert(&cx, root, 0, out);
done:
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int nc_node_load_file(nc_node **out, const char *path, nc_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        nc_error_set(err, NC_EIO, "cannot open: %s", strerror(errno));
        nc_error_at(err, path, 0, 0);
        return NC_EIO;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap || len > NC_NODE_MAX_BYTES)
            break;
        char *grown = realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    if (!buf)
        rc = nc_error_set(err, NC_ENOMEM, "out of memory reading %s", path);
    else if (ferror(f)) {
        rc = nc_error_set(err, NC_EIO, "cannot read: %s", strerror(errno));
        nc_error_at(err, path, 0, 0);
    } else
        rc = nc_node_load_string(out, buf, len, path, err);
    free(buf);
    fclose(f);
    return rc;
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

nc_node *nc_node_get(const nc_node *map, const char *key)
{
    long i = nc_node_index(map, key);
    return i < 0 ? NULL : map->items[i];
}

nc_node *nc_node_take(nc_node *map, const char *key)
{
    long i = nc_node_index(map, key);
    if (i < 0)
        return NULL;
    nc_node *child = map->items[i];
    free(map->keys[i]);
    size_t rest = map->n - (size_t)i - 1;
    memmove(map->items + i, map->items + i + 1, rest * sizeof *map->items);
    memmove(map->keys + i, map->keys + i + 1, rest * sizeof *map->keys);
    memmove(map->key_line + i, map->key_line + i + 1, rest * sizeof *map->key_line);
    memmove(map->key_col + i, map->key_col + i + 1, rest * sizeof *map->key_col);
    map->n--;
    return child;
}

/* The text of the `name` key of a mapping item, or NULL. */
static const char *item_name(const nc_node *item)
{
    const nc_node *name = nc_node_get(item, "name");
    return name && name->kind == NC_NODE_SCALAR ? name->text : NULL;
}

static int all_named(const nc_node *seq)
{
    for (size_t i = 0; i < seq->n; i++)
        if (!item_name(seq->items[i]))
            return 0;
    return 1;
}

static nc_node *find_named(const nc_node *seq, const char *name)
{
    for (size_t i = 0; i < seq->n; i++) {
        const char *n = item_name(seq->items[i]);
        if (n && strcmp(n, name) == 0)
            return seq->items[i];
    }
    return NULL;
}

/* Swap the contents of two nodes (so 'base' can take 'over's place in its parent). */
static void replace_contents(nc_node *base, nc_node *over)
{
    nc_node tmp = *base;
    *base = *over;
    *over = tmp;
    nc_node_free(over);
}

static int merge_seq(nc_node *base, nc_node *over, nc_error *err)
{
    for (size_t i = 0; i < over->n; i++) {
        nc_node *item = over->items[i];
        over->items[i] = NULL;
        nc_node *target = find_named(base, item_name(item));
        int rc = target ? nc_node_merge(target, item, err) : append_item(base, item);
        if (rc) {
            for (size_t j = i + 1; j < over->n; j++)
                nc_node_free(over->items[j]);
            over->n = 0;
            nc_node_free(over);
            return rc;
        }
    }
    over->n = 0;
    nc_node_free(over);
    return 0;
}

int nc_node_merge(nc_node *base, nc_node *over, nc_error *err)
{
    if (base->kind == NC_NODE_SEQ && over->kind == NC_NODE_SEQ && all_named(base) &&
        all_named(over))
        return merge_seq(base, over, err);
    if (base->kind != NC_NODE_MAP || over->kind != NC_NODE_MAP) {
        replace_contents(base, over);
        return 0;
    }
    while (over->n > 0) {
        char key[256];
        snprintf(key, sizeof key, "%s", over->keys[0]);
        int line = over->key_line[0], col = over->key_col[0];
        nc_node *child = nc_node_take(over, key);
        nc_node *target = nc_node_get(base, key);
        int rc = target ? nc_node_merge(target, child, err)
                        : append_pair(base, key, line, col, child);
        if (rc) {
            nc_node_free(over);
            return nc_error_set(err, NC_ENOMEM, "out of memory");
        }
    }
    nc_node_free(over);
    return 0;
}

static nc_node *seq_select(const nc_node *seq, const char *segment)
{
    nc_node *named = find_named(seq, segment);
    if (named)
        return named;
    char *end;
    errno = 0;
    unsigned long i = strtoul(segment, &end, 10);
    if (*segment && !*end && !errno && i < seq->n)
        return seq->items[i];
    return NULL;
}

static const char *const SET_FILE = "<command line>";

/* Walk one segment of a --set path, creating a mapping when the key is absent. */
static int set_step(nc_node **at, const char *segment, const char *path, nc_error *err)
{
    nc_node *node = *at;
    if (node->kind == NC_NODE_SEQ) {
        *at = seq_select(node, segment);
        if (!*at)
            return nc_error_set(err, NC_EINPUT, "--set %s: no item named '%s' in the list",
                                path, segment);
        return 0;
    }
    if (node->kind != NC_NODE_MAP)
        return nc_error_set(err, NC_EINPUT, "--set %s: '%s' is inside a plain value", path,
                            segment);
    nc_node *next = nc_node_get(node, segment);
    if (!next) {
        next = node_new(NC_NODE_MAP, SET_FILE, 0, 0);
        if (!next || append_pair(node, segment, 0, 0, next))
            return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    *at = next;
    return 0;
}

int nc_node_set_path(nc_node *root, const char *path, const char *value, nc_error *err)
{
    char buf[1024];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf || !*path)
        return nc_error_set(err, NC_EINPUT, "--set: the path is empty or too long");
    nc_node *parsed = NULL;
    int rc = nc_node_load_string(&parsed, value, strlen(value), SET_FILE, err);
    if (rc == NC_EINPUT && err && strstr(err->message, "empty"))
        rc = nc_error_set(err, NC_EINPUT, "--set %s: no value given", path);
    if (rc)
        return rc;
    nc_node *at = root;
    for (char *seg = strtok(buf, "."); seg; seg = strtok(NULL, ".")) {
        if ((rc = set_step(&at, seg, path, err))) {
            nc_node_free(parsed);
            return rc;
        }
    }
    replace_contents(at, parsed);
    return 0;
}

/* ---- errors at nodes ----------------------------------------------------------------------- */

static int verror_at(nc_error *err, const char *file, int line, int col, int code,
                     const char *fmt, va_list ap)
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

int nc_node_key_error(nc_error *err, const nc_node *map, size_t i, int code, const char *fmt,
                      ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror_at(err, map->file, map->key_line[i], map->key_col[i], code, fmt, ap);
    va_end(ap);
    return code;
}

const char *nc_node_kind_name(nc_node_kind kind)
{
    return kind == NC_NODE_MAP ? "a mapping" : kind == NC_NODE_SEQ ? "a list" : "a plain value";
}
