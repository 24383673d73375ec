/* node.c - YAML documents as positioned trees (see node.h). */
#include "load/node.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/file.h"
#include "base/names.h"
#include "base/suggest.h"
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

/* What convert() knows of each libyaml node, to tell aliases (a node reached again) apart and
 * to stop alias loops. */
enum { NODE_UNSEEN = 0, NODE_SEEN, NODE_OPEN };

typedef struct convert_ctx {
    yaml_document_t *doc;
    const char *file;
    size_t count;             /* nodes made so far: bounds alias expansion */
    unsigned char *state;     /* per libyaml node: NODE_UNSEEN, NODE_SEEN or NODE_OPEN */
    const yaml_node_t *blame; /* the outermost node on the current path holding an alias */
    nc_error *err;
} convert_ctx;

static int convert(convert_ctx *cx, yaml_node_t *yn, const yaml_node_t *parent, int depth,
                   nc_node **out);

static int error_at_mark(nc_error *err, const char *file, yaml_mark_t mark, const char *fmt,
                         ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int error_at_mark(nc_error *err, const char *file, yaml_mark_t mark, const char *fmt,
                         ...)
{
    char msg[NC_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nc_error_set(err, NC_EINPUT, "%s", msg);
    nc_error_at(err, file, (int)mark.line + 1, (int)mark.column + 1);
    return NC_EINPUT;
}

/*
 * Refuse documents that expand too far. A node met a second time was reached through an
 * alias (*name); when the expansion passes NC_NODE_MAX_NODES the error points at the outermost
 * value whose aliases did it (cx->blame), not somewhere deep inside the anchors.
 */
static int convert_limits(convert_ctx *cx, yaml_node_t *yn, int depth)
{
    if (depth > NC_NODE_MAX_DEPTH)
        return error_at_mark(cx->err, cx->file, yn->start_mark,
                             "values nested deeper than %d levels", NC_NODE_MAX_DEPTH);
    if (++cx->count <= NC_NODE_MAX_NODES)
        return 0;
    if (cx->blame)
        return error_at_mark(cx->err, cx->file, cx->blame->start_mark,
                             "aliases (*name) expand this value to more than %d values; "
                             "write the values out instead of nesting aliases",
                             NC_NODE_MAX_NODES);
    return error_at_mark(cx->err, cx->file, yn->start_mark,
                         "the document holds more than %d values", NC_NODE_MAX_NODES);
}

static int convert_scalar(convert_ctx *cx, yaml_node_t *yn, nc_node *node)
{
    node->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (yn->data.scalar.length > NC_NODE_MAX_VALUE)
        return nc_node_error(cx->err, node, NC_EINPUT,
                             "a value of %zu bytes: values are at most %d bytes (a name, a "
                             "number, a sentence)",
                             yn->data.scalar.length, NC_NODE_MAX_VALUE);
    node->text = malloc(yn->data.scalar.length + 1);
    if (!node->text)
        return NC_ENOMEM;
    memcpy(node->text, yn->data.scalar.value, yn->data.scalar.length);
    node->text[yn->data.scalar.length] = '\0';
    if (strlen(node->text) != yn->data.scalar.length)
        return nc_node_error(cx->err, node, NC_EINPUT,
                             "a value holds a NUL character (\\0), which nascost cannot use");
    if (nc_text_check(node->text, yn->data.scalar.length, NC_TEXT_PROSE, "the value", cx->err))
        return nc_node_error(cx->err, node, NC_EINPUT, "%s", cx->err->message);
    return 0;
}

/* Check key 'k' of a mapping; 'first' is the index of the pair whose key it repeats, or -1. */
static int convert_key(convert_ctx *cx, const yaml_node_t *k, const nc_node *map, long first)
{
    if (k->type != YAML_SCALAR_NODE)
        return error_at_mark(cx->err, cx->file, k->start_mark,
                             "a key must be a plain name, not %s",
                             k->type == YAML_MAPPING_NODE ? "a mapping" : "a list");
    const char *key = (const char *)k->data.scalar.value;
    if (strlen(key) != k->data.scalar.length)
        return error_at_mark(cx->err, cx->file, k->start_mark,
                             "a key holds a NUL character (\\0), which nascost cannot use");
    if (nc_text_check(key, k->data.scalar.length, NC_TEXT_NAME, "the key", cx->err))
        return error_at_mark(cx->err, cx->file, k->start_mark, "%s", cx->err->message);
    if (first >= 0)
        return error_at_mark(cx->err, cx->file, k->start_mark,
                             "duplicate key '%s' (first given on line %d)", nc_quote(key).text,
                             map->key_line[first]);
    return 0;
}

/* The text of the key of pair 'i' of a libyaml mapping (NULL when it is not a scalar). */
static const char *pair_key(const void *items, size_t i)
{
    const convert_ctx *cx = ((const void *const *)items)[0];
    const yaml_node_t *yn = ((const void *const *)items)[1];
    const yaml_node_t *k = yaml_document_get_node(cx->doc, yn->data.mapping.pairs.start[i].key);
    return k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
}

/*
 * The first key of 'yn' that repeats an earlier one: '*repeat' its pair, '*first' the pair it
 * repeats ('*repeat' is -1 when all keys differ). Sorting the keys makes this O(n log n): the
 * comparison of each key with all before it took 45 s for 200,000 keys.
 */
static int find_repeat(convert_ctx *cx, yaml_node_t *yn, long *repeat, size_t *first)
{
    const void *items[2] = {cx, yn};
    size_t n = (size_t)(yn->data.mapping.pairs.top - yn->data.mapping.pairs.start), r;
    nc_names ix;
    *repeat = -1;
    if (nc_names_index(&ix, items, n, pair_key))
        return nc_error_set(cx->err, NC_ENOMEM, "out of memory");
    if (nc_names_repeat(&ix, &r, first))
        *repeat = (long)r;
    nc_names_free(&ix);
    return 0;
}

static int convert_map(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node *node)
{
    long repeat;
    size_t first;
    int rc = find_repeat(cx, yn, &repeat, &first);
    if (rc)
        return rc;
    for (yaml_node_pair_t *p = yn->data.mapping.pairs.start; p < yn->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(cx->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(cx->doc, p->value);
        long i = p - yn->data.mapping.pairs.start;
        rc = convert_key(cx, k, node, i == repeat ? (long)first : -1);
        if (rc)
            return rc;
        nc_node *child;
        if ((rc = convert(cx, v, yn, depth + 1, &child)))
            return rc;
        if (append_pair(node, (const char *)k->data.scalar.value, (int)k->start_mark.line + 1,
                        (int)k->start_mark.column + 1, child))
            return NC_ENOMEM;
    }
    return 0;
}

static int convert_seq(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node *node)
{
    for (yaml_node_item_t *it = yn->data.sequence.items.start; it < yn->data.sequence.items.top;
         it++) {
        nc_node *child;
        int rc = convert(cx, yaml_document_get_node(cx->doc, *it), yn, depth + 1, &child);
        if (rc)
            return rc;
        if (append_item(node, child))
            return NC_ENOMEM;
    }
    return 0;
}

/* Convert 'yn' (a child of 'parent', NULL for the root) and everything under it. */
static int convert(convert_ctx *cx, yaml_node_t *yn, const yaml_node_t *parent, int depth,
                   nc_node **out)
{
    size_t id = (size_t)(yn - cx->doc->nodes.start);
    if (cx->state[id] == NODE_OPEN)
        return error_at_mark(cx->err, cx->file, parent->start_mark,
                             "this value holds an alias (*name) of itself or of a value "
                             "around it, which would never end");
    int rc = convert_limits(cx, yn, depth);
    if (rc)
        return rc;
    int blamed = cx->state[id] == NODE_SEEN && !cx->blame;
    if (blamed)
        cx->blame = parent;
    cx->state[id] = NODE_OPEN;
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
    cx->state[id] = NODE_SEEN;
    if (blamed)
        cx->blame = NULL;
    if (rc) {
        if (rc == NC_ENOMEM && cx->err && cx->err->code == NC_OK)
            nc_error_set(cx->err, NC_ENOMEM, "out of memory");
        nc_node_free(node);
        return rc;
    }
    *out = node;
    return 0;
}

/* ---- libyaml's errors, in words a newcomer can act on --------------------------------------- */

/* The 1-based line and column of byte 'offset' of 'text'. */
static void offset_position(const char *text, size_t len, size_t offset, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n')
            *line += 1, *col = 1;
        else if (((unsigned char)text[i] & 0xC0) != 0x80) /* count characters, not bytes */
            *col += 1;
    }
}

static int reader_error(const yaml_parser_t *parser, const char *text, size_t len,
                        const char *name, nc_error *err)
{
    int line, col;
    offset_position(text, len, parser->problem_offset, &line, &col);
    const char *problem = parser->problem ? parser->problem : "unreadable text";
    if (strstr(problem, "control characters"))
        nc_error_set(err, NC_EINPUT,
                     "the file holds a control character (code %d): a scenario is plain text",
                     parser->problem_value);
    else if (strstr(problem, "UTF-8") || strstr(problem, "UTF-16"))
        nc_error_set(err, NC_EINPUT, "the file is not UTF-8 text (%s, byte 0x%02X): save it as "
                     "UTF-8", problem, parser->problem_offset < len
                     ? (unsigned char)text[parser->problem_offset] : 0u);
    else
        nc_error_set(err, NC_EINPUT, "malformed YAML: %s", problem);
    nc_error_at(err, name, line, col);
    return NC_EINPUT;
}

/* libyaml's (problem, context) pairs that have a plainer explanation. With 'at_context', the
 * explanation names where the context (the mapping, the bracket, the quote) starts, between
 * 'say' and 'then'. */
static const struct {
    const char *problem, *context, *say, *then;
    int at_context;
} PLAINER[] = {
    {"did not find expected key", "block mapping",
     "this line is indented differently from the keys above it (the keys of one mapping "
     "start in the same column)", "", 0},
    {"did not find expected '-'", "block collection",
     "this line is indented differently from the items above it (the '-' of every item of a "
     "list starts in the same column)", "", 0},
    {"expected ',' or '}'", "flow mapping", "the '{' at", " is not closed: expected ',' or '}'",
     1},
    {"expected ',' or ']'", "flow sequence", "the '[' at", " is not closed: expected ',' or ']'",
     1},
    {"end of stream", "quoted scalar", "the quote at", " is not closed", 1},
    {"undefined alias", NULL, "an alias (*name) with no anchor (&name) before it", "", 0},
};

/* Does the line holding byte 'at' have a ': ' before it? (Then the ':' at 'at' sits inside a
 * value; otherwise it ends a key that is indented where no key can be.) */
static int colon_before(const char *text, size_t len, size_t at)
{
    size_t start = at < len ? at : len;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    for (size_t i = start; i + 1 < at && i + 1 < len; i++)
        if (text[i] == ':' && (text[i + 1] == ' ' || text[i + 1] == '\t'))
            return 1;
    return 0;
}

static int parser_error(const yaml_parser_t *parser, const char *text, size_t len,
                        const char *name, nc_error *err)
{
    if (parser->error == YAML_MEMORY_ERROR)
        return nc_error_set(err, NC_ENOMEM, "out of memory while parsing YAML");
    if (parser->error == YAML_READER_ERROR)
        return reader_error(parser, text, len, name, err);
    const yaml_mark_t *m = parser->problem ? &parser->problem_mark : &parser->context_mark;
    const char *problem = parser->problem ? parser->problem : "error";
    const char *context = parser->context ? parser->context : "";
    int cl = (int)parser->context_mark.line + 1, cc = (int)parser->context_mark.column + 1;
    if (m->index < len && text[m->index] == '\t')
        nc_error_set(err, NC_EINPUT,
                     "malformed YAML: a tab character; YAML indents with spaces, never tabs");
    else if (strstr(problem, "mapping values are not allowed"))
        nc_error_set(err, NC_EINPUT, "malformed YAML: %s",
                     colon_before(text, len, m->index)
                         ? "a value holds ': '; put the value in quotes"
                         : "this key is indented under a key whose value is already on its "
                           "line; check the indentation");
    else {
        size_t i = 0, n = sizeof PLAINER / sizeof PLAINER[0];
        while (i < n && !(strstr(problem, PLAINER[i].problem) &&
                          (!PLAINER[i].context || strstr(context, PLAINER[i].context))))
            i++;
        if (i < n && PLAINER[i].at_context)
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s line %d, column %d%s",
                         PLAINER[i].say, cl, cc, PLAINER[i].then);
        else if (i < n)
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s", PLAINER[i].say);
        else if (parser->context)
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s (%s at line %d, column %d)",
                         problem, context, cl, cc);
        else
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s", problem);
    }
    nc_error_at(err, name, (int)m->line + 1, (int)m->column + 1);
    return NC_EINPUT;
}

/* ---- loading ------------------------------------------------------------------------------ */

/* An empty document: say whether the file is blank or only comments. */
static int empty_error(const char *text, size_t len, const char *name, nc_error *err)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    nc_error_set(err, NC_EINPUT, "%s: expected a YAML mapping ('key: value' lines)",
                 i == len ? "the file is empty" : "the file holds no value, only comments");
    nc_error_at(err, name, 1, 1);
    return NC_EINPUT;
}

/* A NUL byte means binary data, which libyaml would report as a puzzling control character. */
static int binary_error(const char *text, size_t len, const char *name, nc_error *err)
{
    const char *nul = memchr(text, '\0', len);
    if (!nul)
        return 0;
    int line, col;
    offset_position(text, len, (size_t)(nul - text), &line, &col);
    nc_error_set(err, NC_EINPUT, "the file holds binary data (a NUL byte), not YAML text");
    nc_error_at(err, name, line, col);
    return NC_EINPUT;
}

/* A document that is only '---': an empty plain scalar. */
static int is_empty_document(yaml_document_t *doc)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    return root && root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0 &&
           root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* After the first document: anything but the end of the stream is an error (a scenario is one
 * document; a second one would otherwise be ignored without a word). */
static int no_second_document(yaml_parser_t *parser, const char *text, size_t len,
                              const char *name, nc_error *err)
{
    for (;;) { /* empty documents (a '---' with nothing after it) say nothing: skip them */
        yaml_document_t next;
        if (!yaml_parser_load(parser, &next))
            return parser_error(parser, text, len, name, err);
        int end = !yaml_document_get_root_node(&next), empty = !end && is_empty_document(&next);
        int rc = end || empty ? 0
                              : error_at_mark(err, name, next.start_mark,
                                              "a second YAML document ('---'): a file holds one "
                                              "document");
        yaml_document_delete(&next);
        if (rc || end)
            return rc;
    }
}

/* The anchor (&name) an event defines, or NULL. */
static const unsigned char *event_anchor(const yaml_event_t *ev)
{
    return ev->type == YAML_SCALAR_EVENT           ? ev->data.scalar.anchor
           : ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
           : ev->type == YAML_MAPPING_START_EVENT  ? ev->data.mapping_start.anchor
                                                   : NULL;
}

/*
 * Refuse, from libyaml's events and before its loader builds the document, a first document
 * of more than NC_NODE_MAX_NODES values (an alias counts as one) or NC_NODE_MAX_ANCHORS
 * anchors, or nested deeper than NC_NODE_MAX_DEPTH (the errors convert_limits would give
 * later, at the same place). The loader keeps some 180 bytes a value: a 16 MiB flow sequence
 * of 8 million values took 1.4 GB before it was refused; and it looks each alias up among all
 * the anchors before it: 50,000 anchors took minutes. Malformed YAML is left to the loader,
 * which explains it.
 */
static int check_size(const char *text, size_t len, const char *name, nc_error *err)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    size_t count = 0, anchors = 0;
    int depth = 0, rc = 0, done = 0;
    /* per open collection: 1 for a mapping whose next value is a key (keys are no values,
     * as in convert), 2 for a mapping whose next is a value, 0 for a list */
    unsigned char open[NC_NODE_MAX_DEPTH + 2] = {0};
    if (!yaml_parser_initialize(&parser))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    while (!done && !rc && yaml_parser_parse(&parser, &ev)) {
        int opens = ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
        int value = opens || ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT;
        int key = value && depth > 0 && open[depth - 1] == 1;
        if (value && depth > 0 && open[depth - 1])
            open[depth - 1] = key ? 2 : 1;
        if (value && depth > NC_NODE_MAX_DEPTH)
            rc = error_at_mark(err, name, ev.start_mark, "values nested deeper than %d levels",
                               NC_NODE_MAX_DEPTH);
        else if (value && !key && ++count > NC_NODE_MAX_NODES)
            rc = error_at_mark(err, name, ev.start_mark, "the document holds more than %d values",
                               NC_NODE_MAX_NODES);
        else if (event_anchor(&ev) && ++anchors > NC_NODE_MAX_ANCHORS)
            rc = error_at_mark(err, name, ev.start_mark,
                               "the document defines more than %d anchors (&name)",
                               NC_NODE_MAX_ANCHORS);
        if (opens && !rc) /* depth <= NC_NODE_MAX_DEPTH here */
            open[depth++] = ev.type == YAML_MAPPING_START_EVENT;
        depth -= ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT;
        done = ev.type == YAML_DOCUMENT_END_EVENT || ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc;
}

static int convert_document(nc_node **out, yaml_document_t *doc, const char *name,
                            nc_error *err)
{
    size_t n = (size_t)(doc->nodes.top - doc->nodes.start);
    convert_ctx cx = {doc, name, 0, calloc(n ? n : 1, 1), NULL, err};
    if (!cx.state)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int rc = convert(&cx, yaml_document_get_root_node(doc), NULL, 0, out);
    free(cx.state);
    return rc;
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
    if ((rc = binary_error(text, len, name, err)) || (rc = check_size(text, len, name, err)))
        return rc;
    if (!yaml_parser_initialize(&parser))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = parser_error(&parser, text, len, name, err);
        yaml_parser_delete(&parser);
        return rc;
    }
    if (!yaml_document_get_root_node(&doc))
        rc = empty_error(text, len, name, err);
    else if (!(rc = no_second_document(&parser, text, len, name, err)))
        rc = convert_document(out, &doc, name, err);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int nc_node_load_file(nc_node **out, const char *path, nc_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = nc_file_read(&text, &len, path, NC_NODE_MAX_BYTES, err);
    if (!rc)
        rc = nc_node_load_string(out, text, len, path, err);
    free(text);
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

/* Swap the contents of two nodes (so 'base' can take 'over's place in its parent): how both
 * a --set value and a merged value that replaces its base's whole (see replaces()) land. */
static void replace_contents(nc_node *base, nc_node *over)
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
        if (!(names[i] = dup_str(item_name(base->items[i]))))
            rc = NC_ENOMEM;
    if (!rc)
        rc = nc_names_index(&ix, names, n_base, copied_name);
    for (size_t i = 0; i < over->n && !rc; i++) {
        nc_node *item = over->items[i];
        over->items[i] = NULL;
        long t = nc_names_find(&ix, item_name(item));
        rc = t >= 0 ? nc_node_merge(base->items[t], item, err) : append_item(base, item);
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

/* A plain `null`, `~` or nothing: YAML's null. */
static int is_null(const nc_node *node)
{
    return node->kind == NC_NODE_SCALAR && node->plain &&
           (!node->text[0] || !strcmp(node->text, "null") || !strcmp(node->text, "~") ||
            !strcmp(node->text, "Null") || !strcmp(node->text, "NULL"));
}

int nc_node_merge(nc_node *base, nc_node *over, nc_error *err)
{
    if (replaces(base, over)) {
        replace_contents(base, over);
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
        if (is_null(child)) { /* `key: null` removes the base's key (as RFC 7396 merge patch) */
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
            rc = append_pair(base, over->keys[i], over->key_line[i], over->key_col[i], child);
    }
    nc_names_free(&ix);
    compact(base);
    nc_node_free(over);
    return rc ? nc_error_set(err, NC_ENOMEM, "out of memory") : 0;
}

/* ---- --set PATH=VALUE ------------------------------------------------------------------ */

/* The item of list 'seq' named 'segment' (its `name` key), else the one at index 'segment'. */
static nc_node *seq_select(const nc_node *seq, const char *segment)
{
    nc_node *named = find_named(seq, segment);
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
static int no_such_item(const nc_node *seq, const char *list, const char *segment,
                        const char *path, nc_error *err)
{
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < seq->n && n < 64; i++)
        if (item_name(seq->items[i]))
            names[n++] = item_name(seq->items[i]);
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
                             "--set %s: %s has no item named '%s' (did you mean '%s'?)", path,
                             list, segment, near);
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
        next = node_new(NC_NODE_MAP, where, 0, 0);
        if (!next || append_pair(node, segment, 0, 0, next))
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
    replace_contents(at, parsed);
    return 0;
}

/* ---- errors at nodes ----------------------------------------------------------------------- */

static int verror_at(nc_error *err, const char *file, int line, int col, int code,
                     const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

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
